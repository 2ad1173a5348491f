"""Property-based robustness: any mutation of real content either loads or is reported as a
content error. It never ends in a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import ContentError
from pipeline.load import load_samling

REPO = Path(__file__).resolve().parent.parent
FILES = [
    "samling-02/samling.yaml",
    "samling-02/exercises.yaml",
    "samling-02/slides.md",
    "samling-01/results.yaml",
    "program.yaml",
]
ALPHABET = list(":-{}[]#>|*&!%@\"' \n\t.=æøå0123456789abc") + ["::: notes", "## ", "  - ", "\\"]


@st.composite
def mutations(draw):
    name = draw(st.sampled_from(FILES))
    kind = draw(st.sampled_from(["insert", "delete", "replace", "drop_line", "dup_line"]))
    where = draw(st.floats(min_value=0, max_value=1))
    text = "".join(draw(st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=4)))
    length = draw(st.integers(min_value=1, max_value=12))
    return name, kind, where, text, length


def mutate(source: str, kind: str, where: float, text: str, length: int) -> str:
    at = int(where * len(source))
    if kind == "insert":
        return source[:at] + text + source[at:]
    if kind == "delete":
        return source[:at] + source[at + length :]
    if kind == "replace":
        return source[:at] + text + source[at + len(text) :]
    lines = source.splitlines(keepends=True)
    index = min(int(where * len(lines)), len(lines) - 1)
    if kind == "drop_line":
        return "".join(lines[:index] + lines[index + 1 :])
    return "".join(lines[: index + 1] + lines[index:])


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("robust")
    shutil.copytree(REPO / "tests/fixtures/mini", root / "content")
    return root


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=True,
)
@given(mutations())
def test_any_mutation_loads_or_reports_a_content_error(pristine: Path, change) -> None:
    name, kind, where, text, length = change
    path = pristine / "content" / name
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(mutate(original, kind, where, text, length), encoding="utf-8")
        try:
            load_samling(pristine / "content", 2)
        except ContentError as exc:
            assert exc.diagnostics, "a content error must say what is wrong"
            for diagnostic in exc.diagnostics:
                assert diagnostic.message
                assert diagnostic.file is not None
    finally:
        path.write_text(original, encoding="utf-8")
