"""Reading a deck's slides: reading order, the template's chrome left out, groups opened."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Inches

from pipeline.ooxml.deck_read import TextShape, read_deck


def test_shapes_are_read_top_to_bottom_and_left_to_right_and_groups_in_their_order() -> None:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    for text, left, top in (("under", 1, 4), ("right", 5, 1), ("left", 1, 1.05)):
        box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(2), Inches(1))
        box.text_frame.text = text
    group = slide.shapes.add_group_shape()
    for text, left in (("second", 1), ("first", 4)):
        shape = group.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, Inches(left), Inches(6), Inches(1), Inches(1)
        )
        shape.text_frame.text = text
    slide.shapes.add_shape(MSO_SHAPE.OVAL, Inches(1), Inches(7), Inches(1), Inches(1))
    buffer = io.BytesIO()
    prs.save(buffer)
    [read] = read_deck(buffer.getvalue())
    texts = [s.paras[0].text for s in read.shapes if isinstance(s, TextShape)]
    assert texts == ["left", "right", "under", "second", "first"]
    assert read.skipped == []  # a shape without text is decoration, not lost content
