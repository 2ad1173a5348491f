"""Make the default designer templates templates/docx/guide.docx and worksheet.docx.

Run it again after changing the look here; a designer may instead edit the .docx files in
Word or LibreOffice (keep the style names: `samling templates check FILE.docx` lists them).

    .venv/bin/python scripts/make_docx_templates.py

Both templates: A4 portrait, Carlito (the metric twin of Calibri, Debian package
fonts-crosextra-carlito), the default programme colours, every style the pipeline uses, and
headers/footers with placeholders ({programme}, {kommune}, {samling}, {date}, {place}, {theme},
{title}) that the pipeline fills in. The guide's cover page has no header or footer.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.ooxml.wordml import PPR_ORDER, RPR_ORDER, insert_ordered  # noqa: E402
from pipeline.render.word.document import (  # noqa: E402
    clear_body,
    save_docx,
    set_core_properties,
    set_language,
)

FONT = "Carlito"
PRIMARY = "1F4E79"
SECONDARY = "2E7D6B"
TEXT = "1E2A33"
MUTED = "56626C"  # 5.9:1 on white
RULE = "A6B4C0"
FIXED_TIME = datetime(2023, 1, 1)


def _el(tag: str, **attrs: str) -> Any:
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def set_fonts(rpr: Any) -> None:
    """Name Carlito explicitly, dropping theme fonts (which would pick Calibri/Cambria)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = insert_ordered(rpr, _el("w:rFonts"), RPR_ORDER)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), FONT)


def base_document() -> Any:
    doc = Document()
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    set_fonts(rpr)
    for style in styles.findall(qn("w:style")):
        style_rpr = style.find(qn("w:rPr"))
        if style_rpr is not None and style_rpr.find(qn("w:rFonts")) is not None:
            set_fonts(style_rpr)
    # The theme's fonts as well, for styles a designer adds later in Word.
    section = doc.sections[0]
    section.page_width = Cm(21.0)
    section.page_height = Cm(29.7)
    return doc


def paragraph_style(
    doc: Any,
    name: str,
    *,
    base: str | None = "Normal",
    size: float = 11,
    bold: bool = False,
    italic: bool = False,
    colour: str = TEXT,
    before: float = 0,
    after: float = 6,
    keep_next: bool = False,
    left: float = 0,
    hanging: float = 0,
    line: float | None = None,
) -> Any:
    try:
        style = doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.quick_style = True
    if base and name != base:
        style.base_style = doc.styles[base]
    font = style.font
    font.name = FONT
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    font.color.rgb = RGBColor.from_string(colour)
    rpr = style.element.get_or_add_rPr()
    set_fonts(rpr)
    color = rpr.find(qn("w:color"))
    if color is not None:
        for attr in ("themeColor", "themeShade", "themeTint"):
            color.attrib.pop(qn(f"w:{attr}"), None)
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.keep_with_next = keep_next
    fmt.left_indent = Cm(left) if left else None
    fmt.first_line_indent = Cm(-hanging) if hanging else None
    if line is not None:
        fmt.line_spacing = line
    ppr = style.element.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))
    if border is not None:
        ppr.remove(border)
    for tag in ("w:contextualSpacing", "w:tabs"):
        found = ppr.find(qn(tag))
        if found is not None:
            ppr.remove(found)
    spacing = rpr.find(qn("w:spacing"))  # letter spacing (the stock Subtitle has some)
    if spacing is not None:
        rpr.remove(spacing)
    return style


def add_bottom_border(style: Any, colour: str, size: int = 6, space: int = 4) -> None:
    ppr = style.element.get_or_add_pPr()
    border = _el("w:pBdr")
    border.append(_el("w:bottom", val="single", sz=str(size), space=str(space), color=colour))
    insert_ordered(ppr, border, PPR_ORDER)


def add_left_border(style: Any, colour: str, size: int = 18, space: int = 8) -> None:
    ppr = style.element.get_or_add_pPr()
    border = _el("w:pBdr")
    border.append(_el("w:left", val="single", sz=str(size), space=str(space), color=colour))
    insert_ordered(ppr, border, PPR_ORDER)


def common_styles(doc: Any, body_size: float) -> None:
    paragraph_style(doc, "Normal", base=None, size=body_size, after=6, line=1.1)
    paragraph_style(
        doc,
        "Heading 1",
        size=18,
        bold=True,
        colour=PRIMARY,
        before=14,
        after=6,
        keep_next=True,
        line=1.0,
    )
    paragraph_style(
        doc,
        "Heading 2",
        size=14,
        bold=True,
        colour=SECONDARY,
        before=12,
        after=4,
        keep_next=True,
        line=1.0,
    )
    paragraph_style(
        doc,
        "Heading 3",
        size=12,
        bold=True,
        colour=TEXT,
        before=8,
        after=3,
        keep_next=True,
        line=1.0,
    )
    for name in ("List Bullet", "List Number"):
        style = paragraph_style(doc, name, size=body_size, after=3, line=1.1)
        style.paragraph_format.left_indent = Cm(0.63)
        style.paragraph_format.first_line_indent = Cm(-0.63)
    paragraph_style(doc, "Table Text", size=9.5, after=0, line=1.0)
    paragraph_style(doc, "Table Heading", size=9.5, bold=True, after=0, line=1.0)
    paragraph_style(doc, "Meta", size=9.5, italic=False, colour=MUTED, after=4, line=1.0)
    for name in ("Header", "Footer"):
        paragraph_style(doc, name, size=9, colour=MUTED, after=0, line=1.0)


def every_style(doc: Any) -> None:
    """The styles of both documents, so either template serves as a starting point."""
    paragraph_style(doc, "Title", size=30, bold=True, colour=PRIMARY, before=0, after=10, line=1.0)
    paragraph_style(doc, "Subtitle", size=16, colour=SECONDARY, before=0, after=18, line=1.0)
    notes = paragraph_style(
        doc, "Speaker Notes", size=10.5, colour=TEXT, after=6, left=0.5, line=1.1
    )
    add_left_border(notes, "C8D3DC")
    paragraph_style(doc, "Checklist", size=11, after=4, left=0.8, hanging=0.8, line=1.1)
    paragraph_style(
        doc,
        "Prompt",
        size=12,
        bold=True,
        colour=TEXT,
        before=10,
        after=2,
        keep_next=True,
        line=1.05,
    )
    paragraph_style(doc, "Write-in", size=11, after=0, line=1.0)


def add_field(paragraph: Any, instruction: str, placeholder: str) -> None:
    field = _el("w:fldSimple", instr=f" {instruction} ")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = placeholder
    run.append(t)
    field.append(run)
    paragraph._p.append(field)


def header_line(section: Any, left: str, right: str) -> None:
    paragraph = section.header.paragraphs[0]
    paragraph.style = "Header"
    paragraph.text = ""
    width = section.page_width - section.left_margin - section.right_margin
    stops = paragraph.paragraph_format.tab_stops
    stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    paragraph.add_run(left)
    paragraph.add_run("\t" + right)
    ppr = paragraph._p.get_or_add_pPr()
    border = _el("w:pBdr")
    border.append(_el("w:bottom", val="single", sz="4", space="4", color=RULE))
    insert_ordered(ppr, border, PPR_ORDER)


def guide_template() -> Any:
    doc = base_document()
    section = doc.sections[0]
    section.top_margin = Cm(2.3)
    section.bottom_margin = Cm(2.0)
    section.left_margin = Cm(2.0)
    section.right_margin = Cm(2.0)
    section.header_distance = Cm(1.0)
    section.footer_distance = Cm(1.0)
    common_styles(doc, 11)
    every_style(doc)
    add_bottom_border(doc.styles["Heading 1"], "C8D3DC", size=6, space=3)

    section.different_first_page_header_footer = True
    header_line(section, "{programme} · {kommune}", "Samling {samling} · {date}")
    footer = section.footer.paragraphs[0]
    footer.style = "Footer"
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("{title} · Side ")
    add_field(footer, "PAGE", "1")
    footer.add_run(" av ")
    add_field(footer, "NUMPAGES", "1")
    return doc


def worksheet_template() -> Any:
    doc = base_document()
    section = doc.sections[0]
    section.top_margin = Cm(1.6)
    section.bottom_margin = Cm(1.6)
    section.left_margin = Cm(1.8)
    section.right_margin = Cm(1.8)
    section.header_distance = Cm(0.8)
    section.footer_distance = Cm(0.8)
    common_styles(doc, 11.5)
    every_style(doc)
    paragraph_style(
        doc,
        "Heading 1",
        size=20,
        bold=True,
        colour=PRIMARY,
        before=2,
        after=4,
        keep_next=True,
        line=1.0,
    )
    paragraph_style(
        doc,
        "Heading 2",
        size=13,
        bold=True,
        colour=SECONDARY,
        before=10,
        after=4,
        keep_next=True,
        line=1.0,
    )
    paragraph_style(doc, "Table Text", size=10.5, after=0, line=1.0)
    paragraph_style(doc, "Table Heading", size=10.5, bold=True, after=0, line=1.0)
    footer = section.footer.paragraphs[0]
    footer.style = "Footer"
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("{kommune} · {programme}")
    return doc


def drop_styles_with_effects(doc: Any) -> None:
    """python-docx's base template carries Word 2010's stylesWithEffects.xml, a second copy of
    the styles that no longer matches once styles are added; Word rebuilds it when needed."""
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rel_id)


def set_zoom(doc: Any) -> None:
    """w:zoom needs w:percent (the schema requires it); python-docx's template lacks it."""
    zoom = doc.settings.element.find(qn("w:zoom"))
    if zoom is not None:
        for name in list(zoom.attrib):
            del zoom.attrib[name]
        zoom.set(qn("w:percent"), "100")


def finish(doc: Any, title: str) -> bytes:
    clear_body(doc)
    drop_styles_with_effects(doc)
    set_zoom(doc)
    set_language(doc, "nb-NO")
    set_core_properties(
        doc,
        title=title,
        subject="samling template",
        author="samling",
        language="nb-NO",
        keywords="samling, template",
        when=FIXED_TIME,
    )
    return save_docx(doc)


def build_templates() -> dict[str, bytes]:
    """File name -> bytes of each default template; the same bytes on every run."""
    return {
        "guide.docx": finish(guide_template(), "Template: facilitator guide"),
        "worksheet.docx": finish(worksheet_template(), "Template: worksheets"),
    }


def main() -> int:
    target = ROOT / "templates" / "docx"
    target.mkdir(parents=True, exist_ok=True)
    for name, data in build_templates().items():
        path = target / name
        path.write_bytes(data)
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
