"""The JSON Schemas accept what the loader accepts: every content file in the repository, and
the clock times, dates and ids facilitators write; and both refuse the same broken files."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from pipeline.content.read_yaml import read_yaml, validate
from pipeline.content.schema import schemas
from pipeline.model import types as model

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_OF = {
    "program.yaml": "program.schema.json",
    "samling.yaml": "samling.schema.json",
    "exercises.yaml": "exercises.schema.json",
    "results.yaml": "results.schema.json",
    "lederplattform.yaml": "lederplattform.schema.json",
}


def as_editor_sees(value: Any) -> Any:
    """The YAML as the loader reads it (ruamel, YAML 1.2), in JSON's types: ruamel makes
    2023-09-20 a date, which YAML 1.2's core schema and an editor keep as text."""
    if isinstance(value, dict):
        return {key: as_editor_sees(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_editor_sees(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return float(value)
    return value


def schema_errors(path: Path, schema_name: str | None = None) -> list[str]:
    doc, problems = read_yaml(path)
    assert doc is not None, problems
    schema = schemas()[schema_name or SCHEMA_OF[path.name]]
    # Editors check "format" too; jsonschema only does with a format checker.
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [error.message for error in validator.iter_errors(as_editor_sees(doc.data))]


def content_files() -> list[Path]:
    found = []
    for folder in (ROOT / "content", *sorted((ROOT / "tests/fixtures").iterdir())):
        found += [p for p in sorted(folder.rglob("*.yaml")) if p.name in SCHEMA_OF]
    return found


def test_the_schemas_are_valid_json_schemas() -> None:
    for schema in schemas().values():
        Draft202012Validator.check_schema(schema)


def test_the_repository_has_content_of_every_kind_to_validate() -> None:
    names = {path.name for path in content_files()}
    assert names == set(SCHEMA_OF)
    assert any("fixtures" in str(path) for path in content_files())


@pytest.mark.parametrize("path", content_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_content_file_in_the_repository_is_valid_by_its_schema(path: Path) -> None:
    assert schema_errors(path) == []


SAMLING = """number: 2
agenda:
  - id: velkommen
    start: {start}
    end: 10:00
    kind: velkommen
    title: Velkommen
"""


def loader_problems(path: Path, cls: type[model.Model]) -> list[str]:
    doc, problems = read_yaml(path)
    assert doc is not None, problems
    _, problems = validate(doc, cls)
    return [p.message for p in problems]


@pytest.mark.parametrize("start", ["09:00", "9:00", "8.30", "08.30", '"8.30"', "23:59"])
def test_clock_times_facilitators_write_are_valid_for_both(tmp_path: Path, start: str) -> None:
    """The editor underlined 09:00 (format: time wants seconds); the agenda's id was required
    but not allowed."""
    path = tmp_path / "samling.yaml"
    path.write_text(SAMLING.format(start=start), encoding="utf-8")
    assert loader_problems(path, model.Samling) == []
    assert schema_errors(path) == []


PROGRAM = """kommune: Vinje kommune
title: Leiarutvikling
malform: nn
participants: 12
samlinger:
  - {{number: 1, date: {date}, place: Rådhuset, theme: Leiarskap}}
"""


@pytest.mark.parametrize("day", ["07.02.24", "7.2.24", "07.02.2024", "2024-02-07"])
def test_dates_in_the_forms_the_loader_reads_are_valid_for_both(tmp_path: Path, day: str) -> None:
    path = tmp_path / "program.yaml"
    path.write_text(PROGRAM.format(date=day), encoding="utf-8")
    assert loader_problems(path, model.Program) == []
    assert schema_errors(path) == []


BROKEN = [
    # (file name, the model, its text): each is refused by the loader and by the schema
    ("samling.yaml", model.Samling, SAMLING.format(start="9")),
    ("samling.yaml", model.Samling, SAMLING.format(start="25:00")),
    ("samling.yaml", model.Samling, SAMLING.format(start="8.75")),
    ("samling.yaml", model.Samling, SAMLING.format(start="kvart over ni")),
    (
        "samling.yaml",
        model.Samling,
        SAMLING.format(start="08:30").replace("id: velkommen\n    ", ""),
    ),
    (
        "samling.yaml",
        model.Samling,
        SAMLING.format(start="08:30").replace("kind: velkommen", "kind: kaffe"),
    ),
    ("program.yaml", model.Program, PROGRAM.format(date="7. februar")),
    ("program.yaml", model.Program, PROGRAM.format(date="07.02.24").replace("nn", "nynorsk")),
    (
        "program.yaml",
        model.Program,
        PROGRAM.format(date="07.02.24") + "branding: {primary: blue}\n",
    ),
    ("program.yaml", model.Program, PROGRAM.format(date="07.02.24") + "logo_path: x.png\n"),
    (
        "lederplattform.yaml",
        model.Lederplattform,
        "title: T\nvision: {text: V}\nvalues:\n"
        + "".join(f"  - {{name: V{n}, kjennetegn: [Vi gjer {n}.]}}\n" for n in range(8)),
    ),
]


@pytest.mark.parametrize(("name", "cls", "text"), BROKEN, ids=[str(n) for n in range(len(BROKEN))])
def test_broken_files_are_refused_by_both(
    tmp_path: Path, name: str, cls: type[model.Model], text: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert loader_problems(path, cls) != []
    assert schema_errors(path) != []


def test_an_exercise_may_not_name_its_own_id(tmp_path: Path) -> None:
    """The loader fills in the id from the exercise's name; writing one is refused by both."""
    path = tmp_path / "exercises.yaml"
    exercise = (
        "  title: Duo\n  block: b\n  method: duo\n  steps: [{text: Snakk, mode: duo, minutes: 7}]\n"
    )
    path.write_text("duo:\n" + exercise, encoding="utf-8")
    assert schema_errors(path) == []
    path.write_text("duo:\n  id: duo\n" + exercise, encoding="utf-8")
    assert schema_errors(path) != []
    path.write_text("to ord:\n" + exercise, encoding="utf-8")
    assert schema_errors(path) != []
