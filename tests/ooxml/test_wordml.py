"""WordprocessingML builders: schema order, borders, cell properties, language."""

from __future__ import annotations

import pytest
from docx import Document
from docx.oxml.ns import qn

from pipeline.ooxml import wordml
from pipeline.ooxml.units import EMU_PER_CM


def _names(element: object) -> list[str]:
    return [child.tag.split("}")[1] for child in element]  # type: ignore[attr-defined]


def test_insert_ordered_keeps_schema_order_and_replaces() -> None:
    ppr = wordml.w_element("w:pPr")
    wordml.insert_ordered(ppr, wordml.w_element("w:jc", val="center"), wordml.PPR_ORDER)
    wordml.set_keep_next(ppr)
    wordml.set_outline_level(ppr, 1)
    wordml.set_outline_level(ppr, 2)
    assert _names(ppr) == ["keepNext", "jc", "outlineLvl"]
    assert ppr.find(qn("w:outlineLvl")).get(qn("w:val")) == "2"


def test_twips() -> None:
    assert wordml.twips_from_emu(EMU_PER_CM) == 567
    assert wordml.EMU_PER_TWIP == 635


def test_cell_borders_change_only_the_named_sides() -> None:
    tcpr = wordml.w_element("w:tcPr")
    wordml.set_cell_width(tcpr, 1000)
    wordml.set_cell_borders(tcpr, {"bottom": ("single", 6, "8C9BA8"), "top": None})
    wordml.set_cell_borders(tcpr, {"left": ("dotted", 4, "000000")})
    wordml.set_cell_shading(tcpr, "EEF0F2")
    assert _names(tcpr) == ["tcW", "tcBorders", "shd"]
    borders = tcpr.find(qn("w:tcBorders"))
    assert _names(borders) == ["top", "left", "bottom"]
    assert borders.find(qn("w:top")).get(qn("w:val")) == "nil"
    assert borders.find(qn("w:bottom")).get(qn("w:sz")) == "6"


def test_table_properties() -> None:
    tblpr = wordml.w_element("w:tblPr")
    wordml.set_table_caption(tblpr, "Caption", "Summary")
    wordml.set_table_cell_margins(tblpr, 40, 85, 40, 85)
    wordml.set_table_borders(tblpr, {"top": ("single", 4, "A6B4C0"), "insideV": None})
    assert _names(tblpr) == ["tblBorders", "tblCellMar", "tblCaption", "tblDescription"]
    margins = tblpr.find(qn("w:tblCellMar"))
    assert [m.get(qn("w:w")) for m in margins] == ["40", "85", "40", "85"]


def test_language_on_defaults_and_runs() -> None:
    styles = wordml.w_element("w:styles")
    rpr = wordml.default_run_properties(styles)
    assert wordml.default_run_properties(styles) is rpr
    wordml.set_lang(rpr, "nn-NO")
    lang = rpr.find(qn("w:lang"))
    assert [lang.get(qn(f"w:{a}")) for a in ("val", "eastAsia", "bidi")] == ["nn-NO"] * 3
    run = wordml.w_element("w:r")
    run.append(wordml.w_element("w:t"))
    assert _names(run)[0] == "t"
    wordml.run_properties(run)
    assert _names(run) == ["rPr", "t"]


def test_hyperlink_and_numbering() -> None:
    link = wordml.hyperlink("rId7", "https://example.org", "1F4E79")
    assert link.get(qn("r:id")) == "rId7"
    rpr = link.find(f"{qn('w:r')}/{qn('w:rPr')}")
    assert _names(rpr) == ["color", "u"]
    ppr = wordml.w_element("w:pPr")
    wordml.set_numbering(ppr, 5)
    numpr = ppr.find(qn("w:numPr"))
    assert numpr.find(qn("w:numId")).get(qn("w:val")) == "5"


# python-docx's own way, which the fast builders must match byte for byte.
TEXTS = [
    "Leiarskap",
    " innleiing ",
    "æøå – «sitat»",
    "a  b",
    "\u00a0hard mellomrom\u00a0",
    "smil 😀",
    "x\ty",
    "linje\nny",
    "retur\rvogn",
    "",
]


def _xml(element: object) -> bytes:
    from lxml import etree

    return etree.tostring(element)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize(("bold", "italic"), [(False, False), (True, False), (True, True)])
def test_a_text_run_is_the_xml_python_docx_writes(text: str, bold: bool, italic: bool) -> None:
    ours, theirs = Document().add_paragraph(), Document().add_paragraph()
    if wordml.append_text_run(ours._p, text, bold, italic) is None:
        assert text == "" or any(c in text for c in "\t\r\n")  # left to python-docx
        return
    run = theirs.add_run(text)
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    assert _xml(ours._p) == _xml(theirs._p)


def test_a_paragraph_style_is_the_xml_python_docx_writes() -> None:
    document = Document()
    style = document.styles["Heading 1"]
    ours, theirs = document.add_paragraph(), document.add_paragraph()
    for paragraph in (ours, theirs):
        paragraph.paragraph_format.keep_with_next = True  # a pPr that exists already
    wordml.set_paragraph_style(ours._p, style.style_id)
    theirs._p.get_or_add_pPr().style = style.style_id
    assert _xml(ours._p) == _xml(theirs._p)
    wordml.set_paragraph_style(ours._p, "Title")  # a second style replaces the first
    theirs._p.get_or_add_pPr().style = "Title"
    assert _xml(ours._p) == _xml(theirs._p)
    fresh, plain = document.add_paragraph(), document.add_paragraph()
    wordml.set_paragraph_style(fresh._p, "Title")
    plain._p.get_or_add_pPr().style = "Title"
    assert _xml(fresh._p) == _xml(plain._p)
