"""Paragraph helpers: bookmarks written with any id come out numbered in document order."""

from __future__ import annotations

from docx import Document
from docx.oxml.ns import qn

from pipeline.render.word.paragraphs import add_bookmark, number_bookmarks


def test_bookmarks_are_numbered_in_document_order_each_end_as_its_start() -> None:
    doc = Document()
    for index in range(3):  # as kept pieces write them: every id 0
        add_bookmark(doc.add_paragraph(f"notes {index}"), f"notes_{index}", 0)
    add_bookmark(doc.add_paragraph("later"), "later", 41)
    number_bookmarks(doc.element.body)
    for number, paragraph in enumerate(doc.element.body.iter(qn("w:p")), start=1):
        start = paragraph.find(qn("w:bookmarkStart"))
        end = paragraph.find(qn("w:bookmarkEnd"))
        assert start.get(qn("w:id")) == end.get(qn("w:id")) == str(number)
    names = [s.get(qn("w:name")) for s in doc.element.body.iter(qn("w:bookmarkStart"))]
    assert names == ["notes_0", "notes_1", "notes_2", "later"]
