"""Property-based robustness: any mutation of real content either loads or is reported as a
content error. It never ends in a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pipeline.content.load import load_samling
from pipeline.errors import ContentError

REPO = Path(__file__).resolve().parent.parent
FILES = [
    "samling-02/samling.yaml",
    "samling-02/exercises.yaml",
    "samling-02/slides.md",
    "samling-01/results.yaml",
    "program.yaml",
    "lederplattform.yaml",
]
ALPHABET = list(":-{}[]#>|*&!%@\"' \n\t.=æøå0123456789abc") + ["::: notes", "## ", "  - ", "\\"]
# What editors and Word paste: a BOM, vertical tab, NUL, form feed, line separator.
ALPHABET += ["\ufeff", "\x0b", "\x00", "\x0c", "\u2028", "8.30", "no"]


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


@pytest.fixture(scope="module", params=["mini", "real"])
def pristine(request, tmp_path_factory) -> Path:
    """The small fixture tree, and the real samling 1 and 2 content."""
    root = tmp_path_factory.mktemp("robust")
    source = REPO / "tests/fixtures/mini" if request.param == "mini" else REPO / "content"
    shutil.copytree(source, root / "content")
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
    assume(path.is_file())  # the small fixture has no lederplattform.yaml
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


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=True,
)
@given(mutations())
def test_a_mutated_build_either_writes_every_output_or_nothing(tmp_path_factory, change) -> None:
    """Through the real renderers: a mutation gives a complete build or a clean error."""
    import hashlib

    from pipeline.build import BuildOptions, build_samling
    from pipeline.errors import SamlingError
    from pipeline.project import Project

    root = tmp_path_factory.mktemp("robust-build")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    project = Project.at(root)
    options = BuildOptions(only=("deck", "guide", "worksheets"), pdf=False, parallel=False)
    build_samling(project, 2, options)
    folder = project.build / "samling-02"
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    name, kind, where, text, length = change
    path = root / "content" / name
    path.write_text(mutate(path.read_text(encoding="utf-8"), kind, where, text, length))
    try:
        result = build_samling(project, 2, options)
    except SamlingError as exc:
        assert exc.diagnostics
        after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
        assert after == before  # a failed build leaves the last good files
    else:
        for written in result.written:
            assert written.stat().st_size > 0
    assert not [p for p in folder.iterdir() if ".tmp" in p.name]
