"""Text written by `samling import` reads back the same through slides.md's reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.content.read_slides import read_slides
from pipeline.import_markdown import (
    inline_text,
    notes_lines,
    paragraph_lines,
    runs_markdown,
    title_line,
)
from pipeline.model.inline import inline_runs, plain_text
from pipeline.model.types import Run
from pipeline.ooxml.deck_read import TextPara, TextRun

TRICKY = [
    "- not a bullet",
    "* neither",
    "+ nor this",
    "• nor a pasted bullet",
    "– Audun Farbrot, a source line that starts with an en dash",
    "1. not numbered",
    "2) nor this",
    "# not a heading",
    "> not a quote",
    "![not](a picture)",
    ":::",
    "::: notes",
    "```",
    "5 * 3 = 15 and *not italic* and **not bold**",
    r"a back\slash and a trailing one \\",
    "Agenda {draft}",
]


def para(text: str, bullet: str = "none", level: int = 0) -> TextPara:
    return TextPara([TextRun(text)], level, bullet)


def read_back(tmp_path: Path, markdown: str):  # noqa: ANN201
    path = tmp_path / "slides.md"
    path.write_text(markdown, encoding="utf-8")
    slides, problems = read_slides(path)
    assert [p for p in problems if p.severity == "error"] == []
    return slides


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_text_reads_back_the_same_everywhere(tmp_path: Path, text: str) -> None:
    body = paragraph_lines(para(text)).text
    item = inline_text([para(text)]).text
    notes = notes_lines([para(text)]).text
    title = inline_text([para(text)]).text
    markdown = "\n".join(
        [title_line(2, title), "", body, "", f"- {item}", "", "::: notes", notes, ":::", ""]
    )
    slides = read_back(tmp_path, markdown)
    assert len(slides) == 1
    slide = slides[0]
    assert plain_text(slide.title) == text.strip()
    kinds = [block.kind for block in slide.blocks]
    assert kinds == ["paragraph", "bullets"], markdown
    assert plain_text(slide.blocks[0].text) == text.strip()
    assert plain_text(slide.blocks[1].items[0][0]) == text.strip()
    assert plain_text(slide.notes) == text.strip()


def test_bold_and_italic_runs_become_stars_that_read_back() -> None:
    runs = [
        TextRun("Vi "),
        TextRun("gir ", bold=True),
        TextRun("tillit", bold=True, italic=True),
        TextRun(" og ", bold=True),
        TextRun("handlingsrom", italic=True),
        TextRun("."),
    ]
    written = runs_markdown(runs)
    assert written.lost == []
    assert written.text == "Vi **gir** ***tillit*** **og** *handlingsrom*."
    assert plain_text(written.text) == "Vi gir tillit og handlingsrom."
    assert Run(text="tillit", bold=True, italic=True) in inline_runs(written.text)


def test_emphasis_inside_a_word_and_on_spaces() -> None:
    written = runs_markdown([TextRun("lede"), TextRun("r", bold=True), TextRun("  ", italic=True)])
    assert [(r.text, r.bold) for r in inline_runs(written.text)][:2] == [
        ("lede", False),
        ("r", True),
    ]


def test_line_breaks_in_a_paragraph_are_hard_breaks(tmp_path: Path) -> None:
    body = paragraph_lines(para("Roller:\n- Tilbakemelder\nMottaker")).text
    slides = read_back(tmp_path, f"## T\n\n{body}\n")
    assert [b.kind for b in slides[0].blocks] == ["paragraph"]
    assert plain_text(slides[0].blocks[0].text) == "Roller:\n- Tilbakemelder\nMottaker"


def test_a_title_ending_in_braces_keeps_them() -> None:
    assert title_line(2, "Agenda {draft}") == "## Agenda {draft} {}"
    assert title_line(2, "Program", ".agenda") == "## Program {.agenda}"
