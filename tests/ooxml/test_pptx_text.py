from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pptx.util import Inches

from pipeline.errors import SamlingError
from pipeline.ooxml.pptx_text import read_deck


def test_read_deck_gives_shapes_paragraphs_emphasis_and_notes() -> None:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "Tittel"
    box = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(3), Inches(1))
    paragraph = box.text_frame.paragraphs[0]
    paragraph.add_run().text = "vanleg "
    bold = paragraph.add_run()
    bold.text, bold.font.bold = "feit", True
    slide.notes_slide.notes_text_frame.text = "Notat"
    buffer = io.BytesIO()
    prs.save(buffer)
    (read,) = read_deck(buffer.getvalue())
    assert read.shapes[0].placeholder == "title" and read.shapes[0].texts() == ["Tittel"]
    runs = read.shapes[1].paragraphs[0]
    assert [(r.text, r.bold) for r in runs] == [("vanleg ", False), ("feit", True)]
    assert [r.text for p in read.notes for r in p] == ["Notat"]


def test_a_file_that_is_no_deck_is_a_clear_error() -> None:
    with pytest.raises(SamlingError, match="cannot be read as a PowerPoint file"):
        read_deck(b"not a zip", "edited.pptx")
