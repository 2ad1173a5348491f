"""Reading a .docx body as paragraphs of runs, with the bookmarks that start in each."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.oxml import parse_xml

from pipeline.errors import SamlingError
from pipeline.ooxml.docx_text import W_NS, read_docx


def _docx(*paragraph_xml: str) -> bytes:
    doc = Document()
    body = doc.element.body
    for xml in paragraph_xml:
        body.insert(len(body) - 1, parse_xml(f'<w:p xmlns:w="{W_NS}">{xml}</w:p>'))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def test_runs_keep_bold_and_italic_and_bookmarks_are_named() -> None:
    data = _docx(
        '<w:bookmarkStart w:id="1" w:name="samling_ab_0"/><w:r><w:t xml:space="preserve">Les </w:t>'
        '</w:r><w:r><w:rPr><w:b/></w:rPr><w:t>høgt</w:t></w:r><w:r><w:rPr><w:i w:val="true"/>'
        '<w:b w:val="false"/></w:rPr><w:t>.</w:t></w:r><w:bookmarkEnd w:id="1"/>',
        "<w:r><w:t>Utan</w:t></w:r>",
    )
    first, second = read_docx(data)
    assert first.bookmarks == ["samling_ab_0"] and second.bookmarks == []
    assert [(r.text, r.bold, r.italic) for r in first.runs] == [
        ("Les ", False, False),
        ("høgt", True, False),
        (".", False, True),
    ]
    assert second.text == "Utan"


def test_a_page_break_is_no_text_and_a_soft_hyphen_element_is_one() -> None:
    data = _docx(
        '<w:r><w:t>Slutt</w:t></w:r><w:r><w:br w:type="page"/></w:r>',
        "<w:r><w:t>Diamant</w:t><w:softHyphen/><w:t>rangering</w:t><w:br/>"
        "<w:t>ny linje</w:t></w:r>",
    )
    first, second = read_docx(data)
    assert first.text == "Slutt"
    assert second.text == "Diamant\u00adrangering\nny linje"


def test_table_cells_are_read_in_order() -> None:
    doc = Document()
    doc.add_paragraph("før")
    doc.add_table(rows=1, cols=2).rows[0].cells[1].text = "celle"
    doc.add_paragraph("etter")
    buffer = io.BytesIO()
    doc.save(buffer)
    texts = [p.text for p in read_docx(buffer.getvalue()) if p.text]
    assert texts == ["før", "celle", "etter"]


def test_a_file_that_is_no_docx_is_a_clear_error() -> None:
    with pytest.raises(SamlingError) as caught:
        read_docx(b"not a zip", "guide.docx")
    assert "guide.docx cannot be read as a Word file" in str(caught.value.diagnostics[0].message)
