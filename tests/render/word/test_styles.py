"""Styles of the .docx outputs: the template's body font, and styles that start a page."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from pipeline.render.word.styles import breaks_page, normal_font

from builders import designer_docx

ROOT = Path(__file__).resolve().parents[3]


def test_body_font_from_the_theme(tmp_path: Path) -> None:
    # python-docx's own template names no font, only the theme's body font (Cambria).
    doc = Document(str(designer_docx(tmp_path / "t.docx")))
    assert normal_font(doc)[0] == "Cambria"
    shipped = Document(str(ROOT / "templates/docx/guide.docx"))
    assert normal_font(shipped)[0] == "Carlito"


def test_breaks_page_follows_the_style_chain(tmp_path: Path) -> None:
    doc = Document(str(designer_docx(tmp_path / "t.docx", heading_break=True)))
    assert breaks_page(doc.styles["Heading 1"])
    assert not breaks_page(doc.styles["Heading 2"])
    child = doc.styles.add_style("Sheet Title", 1)
    child.base_style = doc.styles["Heading 1"]
    assert breaks_page(child)
    child.paragraph_format.page_break_before = False
    assert not breaks_page(child)
