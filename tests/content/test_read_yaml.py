from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from pipeline.content.read_text import MAX_YAML_BYTES
from pipeline.content.read_yaml import MAX_NESTING, read_yaml, validate
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


def test_an_ambiguous_clock_time_is_an_error_that_offers_its_readings(tmp_path: Path) -> None:
    """9.5 was read as 09:50 without a word: it may as well mean 09:05 or half past nine."""
    path = write(tmp_path, AGENDA.replace("start: 8:30", "start: 9.5"))
    doc, _ = read_yaml(path)
    assert doc is not None
    _, problems = validate(doc, model.Samling)
    assert [p.format() for p in problems] == [
        f"{path}:4:12: error: agenda[1].start: 9.5 is not a clear clock time: it could mean "
        "09:05, 09:30 (half past, as in 9.5 hours) or 09:50; write the minutes with two digits, "
        "like 09:30"
    ]


@pytest.mark.parametrize(
    ("written", "expected"),
    [("9.50", time(9, 50)), ("09.05", time(9, 5)), ("8:05", time(8, 5)), ('"9.45"', time(9, 45))],
)
def test_clock_times_with_two_digit_minutes_stay_accepted(
    tmp_path: Path, written: str, expected: time
) -> None:
    """9.50 and 9.5 are the same number to YAML; the loader keeps how it was written."""
    doc, _ = read_yaml(write(tmp_path, AGENDA.replace("start: 8:30", f"start: {written}")))
    assert doc is not None
    samling, problems = validate(doc, model.Samling)
    assert problems == [] and samling.agenda[0].start == expected


@pytest.mark.parametrize("written", ["8.3", "9:5", '"9.5"', "9.0"])
def test_one_digit_minutes_are_refused_in_every_form(tmp_path: Path, written: str) -> None:
    doc, _ = read_yaml(write(tmp_path, AGENDA.replace("start: 8:30", f"start: {written}")))
    assert doc is not None
    _, problems = validate(doc, model.Samling)
    assert len(problems) == 1 and "two digits" in problems[0].message


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


def test_aliases_are_refused_at_the_anchor_before_anything_expands(tmp_path: Path) -> None:
    # Billion laughs, scaled down: nine levels of nine would be 387 million strings.
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = write(tmp_path, "\n".join(lines) + "\n")
    doc, problems = read_yaml(path)
    assert doc is None
    assert [p.format() for p in problems] == [
        f"{path}:1:5: error: YAML anchors and aliases (&name / *name) are not used in samling "
        "content (write the value out in full at each place)"
    ]


def test_an_alias_is_named_at_its_place(tmp_path: Path) -> None:
    doc, problems = read_yaml(write(tmp_path, "title: Dag\nrepeat:\n  - *title\n"))
    assert doc is None
    assert [(p.line, p.column) for p in problems] == [(3, 5)]
    assert "aliases" in problems[0].message


def test_yaml_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "samling.yaml"
    path.write_bytes(b"# " + b"x" * MAX_YAML_BYTES + b"\n")
    doc, problems = read_yaml(path)
    assert doc is None
    assert [p.format() for p in problems] == [
        f"{path}: error: the file is 524,291 bytes; samling reads YAML files of at most "
        "524,288 bytes (512 KiB) (content files are short text; check that this is the right "
        "file, or split it)"
    ]


def test_deep_block_nesting_names_the_line(tmp_path: Path) -> None:
    text = "top:\n" + "".join("  " * depth + f"k{depth}:\n" for depth in range(1, 300))
    path = write(tmp_path, text)
    doc, problems = read_yaml(path)
    assert doc is None
    assert [p.format() for p in problems] == [
        f"{path}:{MAX_NESTING}:{2 * MAX_NESTING - 1}: error: the YAML nests deeper than "
        f"{MAX_NESTING} levels (content needs only a few levels; check the indentation and the "
        "[ ] and { })"
    ]


def test_deep_flow_nesting_is_refused_quickly(tmp_path: Path) -> None:
    path = write(tmp_path, "x: " + "[" * 5000 + "]" * 5000 + "\n")
    doc, problems = read_yaml(path)
    assert doc is None
    assert [(p.line, p.column) for p in problems] == [(1, 3 + MAX_NESTING)]
    assert "nests deeper" in problems[0].message


def test_nesting_at_the_limit_is_read(tmp_path: Path) -> None:
    levels = MAX_NESTING - 2  # the mapping at the top and the number count as levels too
    doc, problems = read_yaml(write(tmp_path, "x: " + "[" * levels + "1" + "]" * levels + "\n"))
    assert problems == [] and doc is not None


def test_invalid_utf8_names_line_and_column_of_the_first_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "samling.yaml"
    path.write_bytes(
        "number: 2\ntitle: Møte på Rådhuset\n".encode().replace(b"R\xc3\xa5d", b"R\xe5d")
    )
    doc, problems = read_yaml(path)
    assert doc is None
    assert [p.format() for p in problems] == [
        f"{path}:2:17: error: the file is not UTF-8 text: the byte 0xE5 here cannot be read "
        "(save the file as UTF-8 in your editor)"
    ]


def test_utf16_file_is_named_as_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "samling.yaml"
    path.write_bytes("number: 2\n".encode("utf-16"))
    _, problems = read_yaml(path)
    assert [(p.line, p.column, p.hint) for p in problems] == [
        (1, 1, "save the file as UTF-8 in your editor")
    ]


def test_nul_byte_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "number: 2\ntitle: Vel\x00kommen\n")
    doc, problems = read_yaml(path)
    assert doc is None
    assert [p.format() for p in problems] == [
        f"{path}:2:11: error: a NUL character (U+0000) is in the text (save the file as UTF-8, "
        "not UTF-16; or delete the character at that place)"
    ]


def test_invisible_characters_are_removed_from_keys_and_values(tmp_path: Path) -> None:
    path = write(tmp_path, "title: Vel\u202ekommen\nnum\u200bber: 2\nlist: [a\u2066b]\n")
    doc, problems = read_yaml(path)
    assert doc is not None
    assert doc.data == {"title": "Velkommen", "number": 2, "list": ["ab"]}
    assert [p.format() for p in problems] == [
        f"{path}:1:11: warning: removed the invisible formatting character U+202E here and 2 "
        "more: such characters can hide or reorder text (they usually come from pasting; "
        "nothing to do unless the text looks wrong)"
    ]


def test_invisible_characters_written_as_escapes_are_removed_too(tmp_path: Path) -> None:
    doc, problems = read_yaml(write(tmp_path, 'number: 2\ntitle: "Vel\\u202Ekommen"\n'))
    assert doc is not None and doc.data["title"] == "Velkommen"
    assert [(p.severity, p.line, p.column, p.key) for p in problems] == [("warning", 2, 8, "title")]


def test_byte_order_mark_at_the_start_is_no_finding(tmp_path: Path) -> None:
    path = tmp_path / "samling.yaml"
    path.write_bytes("\ufeffnumber: 2\n".encode())
    doc, problems = read_yaml(path)
    assert problems == [] and doc is not None and doc.data == {"number": 2}


CURLY = (
    "the text is in typographic (curly) quotes {} from Word, which YAML does not read as "
    'quotes, so the text in them is not read as one piece of text (replace them with straight " '
    "quotes, or remove them)"
)


@pytest.mark.parametrize(
    ("text", "where", "quote"),
    [
        ("number: 2\ntheme: “Tillit: grunnmuren”\n", "2:8", "“"),
        ("number: 2\ngoals: [‘Lytte: aktivt’]\n", "2:9", "‘"),
        ("number: 2\ngoals:\n  - «Tid: 5 min»\n", "3:5", "«"),
    ],
)
def test_word_curly_quotes_are_named_as_the_cause(
    tmp_path: Path, text: str, where: str, quote: str
) -> None:
    """It said "use double quotes" to someone who had: Word's curly ones."""
    path = write(tmp_path, text)
    doc, problems = read_yaml(path)
    if doc is not None:  # "- «Tid: 5 min»" reads, as a mapping: validation finds it
        _, problems = validate(doc, model.Samling)
        problems = [p for p in problems if p.key.startswith("goals")]
    assert [p.format() for p in problems] == [
        f"{path}:{where}: error: {'goals[1]: ' if doc else ''}{CURLY.format(quote)}"
    ]


def test_curly_quotes_inside_text_are_kept(tmp_path: Path) -> None:
    doc, problems = read_yaml(write(tmp_path, "theme: Vi sier «takk» og “hei”\n"))
    assert problems == [] and doc is not None
    assert doc.data["theme"] == "Vi sier «takk» og “hei”"
