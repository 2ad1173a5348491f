from __future__ import annotations

from datetime import time
from pathlib import Path

from pipeline.content.read_yaml import read_yaml, validate
from pipeline.model import types as model


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "samling.yaml"
    path.write_text(text, encoding="utf-8")
    return path


AGENDA = """number: 2
agenda:
  - id: a
    start: 8:30
    end: 10:45
    kind: velkommen
    title: no
"""


def test_yaml_12_reads_clock_times_as_text_and_no_as_a_word(tmp_path: Path) -> None:
    doc, problems = read_yaml(write(tmp_path, AGENDA))
    assert problems == [] and doc is not None
    assert doc.data["agenda"][0]["end"] == "10:45"  # YAML 1.1 would give 645
    assert doc.data["agenda"][0]["title"] == "no"  # YAML 1.1 would give False
    samling, problems = validate(doc, model.Samling)
    assert problems == []
    assert samling.agenda[0].start == time(8, 30)
    assert samling.agenda[0].end == time(10, 45)
    assert samling.agenda[0].title == "no"


def test_unknown_key_names_position_and_suggests_the_nearest(tmp_path: Path) -> None:
    path = write(tmp_path, AGENDA.replace("    title: no", "    titel: Velkommen"))
    doc, _ = read_yaml(path)
    assert doc is not None
    _, problems = validate(doc, model.Samling)
    assert [p.format() for p in problems] == [
        f"{path}:7:5: error: agenda[1].titel: unknown key 'titel' (did you mean 'title'?)"
    ]


def test_wrong_type_says_expected_and_received(tmp_path: Path) -> None:
    path = write(tmp_path, AGENDA.replace("start: 8:30", "start: halv ni"))
    doc, _ = read_yaml(path)
    assert doc is not None
    _, problems = validate(doc, model.Samling)
    assert len(problems) == 1
    assert problems[0].format() == (
        f"{path}:4:12: error: agenda[1].start: expected a clock time like 08:30, received 'halv ni'"
    )


def test_every_error_is_reported_not_only_the_first(tmp_path: Path) -> None:
    text = AGENDA.replace("kind: velkommen", "kind: kaffe").replace("number: 2", "number: to")
    doc, _ = read_yaml(write(tmp_path, text))
    assert doc is not None
    _, problems = validate(doc, model.Samling)
    assert sorted((p.line, p.key) for p in problems) == [(1, "number"), (6, "agenda[1].kind")]
    assert "received 'kaffe'" in problems[1].message or "received 'kaffe'" in problems[0].message


def test_bad_indentation_gives_line_and_advice(tmp_path: Path) -> None:
    path = write(tmp_path, "number: 2\nagenda:\n  - id: a\n   start: 08:30\n")
    doc, problems = read_yaml(path)
    assert doc is None
    assert len(problems) == 1
    assert problems[0].line == 4
    assert problems[0].message.startswith("the YAML cannot be read")
    assert "indentation" in problems[0].hint


def test_tab_indentation_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "number: 2\nagenda:\n\t- id: a\n")
    _, problems = read_yaml(path)
    assert problems[0].format() == (
        f"{path}:3:1: error: a tab character is used for indentation; YAML needs spaces "
        "(replace the tab with two spaces)"
    )


def test_duplicate_keys_are_refused(tmp_path: Path) -> None:
    _, problems = read_yaml(write(tmp_path, "number: 2\nnumber: 3\n"))
    assert len(problems) == 1 and problems[0].line == 2
    assert "duplicate" in problems[0].message


def test_missing_key_points_at_its_parent(tmp_path: Path) -> None:
    path = write(tmp_path, AGENDA.replace("    end: 10:45\n", ""))
    doc, _ = read_yaml(path)
    assert doc is not None
    _, problems = validate(doc, model.Samling)
    assert [p.format() for p in problems] == [
        f"{path}:3:5: error: agenda[1].end: the key 'end' is missing (add it)"
    ]


def test_yaml_11_directive_is_refused(tmp_path: Path) -> None:
    _, problems = read_yaml(write(tmp_path, "%YAML 1.1\n---\nnumber: 2\n"))
    assert problems and "YAML 1.1" in problems[0].message


def test_clock_times_written_with_a_dot(tmp_path: Path) -> None:
    """kl. 8.30 is how Norwegians write it; YAML 1.2 reads 8.30 as the number 8.3."""
    text = AGENDA.replace("start: 8:30", "start: 8.30").replace("end: 10:45", "end: 15.00")
    doc, _ = read_yaml(write(tmp_path, text))
    assert doc is not None
    samling, problems = validate(doc, model.Samling)
    assert problems == []
    assert (samling.agenda[0].start, samling.agenda[0].end) == (time(8, 30), time(15, 0))


def test_clock_time_as_a_whole_number_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, AGENDA.replace("start: 8:30", "start: 830"))
    doc, _ = read_yaml(path)
    assert doc is not None
    _, problems = validate(doc, model.Samling)
    assert [p.format() for p in problems] == [
        f"{path}:4:12: error: agenda[1].start: expected a clock time like 08:30, received 830"
    ]


def test_date_as_a_number_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "program.yaml"
    path.write_text(
        "kommune: K\ntitle: T\nmalform: nn\nparticipants: 3\nsamlinger:\n"
        "  - {number: 1, date: 1686700800, place: P, theme: T}\n",
        encoding="utf-8",
    )
    doc, _ = read_yaml(path)
    assert doc is not None
    _, problems = validate(doc, model.Program)
    assert [p.message for p in problems] == ["expected a date like 20.09.23, received 1686700800"]
