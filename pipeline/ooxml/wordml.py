"""WordprocessingML elements that python-docx has no API for, built by hand.

Small builders with no knowledge of the guide or the worksheets: the renderers decide what a
table, a cell or a paragraph gets, these write it. Word refuses a file whose property
elements are out of the schema's order, so every child goes in through `insert_ordered` with
its parent's order from the schema (ECMA-376 part 1, the CT_*Pr sequences).

Lengths here are twips (twentieths of a point), the unit of w:tblW, w:tcW and w:gridCol.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from pipeline.ooxml.units import EMU_PER_PT

EMU_PER_TWIP = EMU_PER_PT // 20
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# (val, size in eighths of a point, colour) of one border line, or None for no line.
Border = tuple[str, int, str] | None

PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]
RPR_ORDER = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]
TCPR_ORDER = [
    "cnfStyle",
    "tcW",
    "gridSpan",
    "hMerge",
    "vMerge",
    "tcBorders",
    "shd",
    "noWrap",
    "tcMar",
    "textDirection",
    "tcFitText",
    "vAlign",
    "hideMark",
]
TBLPR_ORDER = [
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
]
TRPR_ORDER = [
    "cnfStyle",
    "divId",
    "gridBefore",
    "gridAfter",
    "wBefore",
    "wAfter",
    "cantSplit",
    "trHeight",
    "tblHeader",
    "tblCellSpacing",
    "jc",
    "hidden",
]


BORDER_ORDER = ["top", "left", "start", "bottom", "right", "end", "insideH", "insideV"]


def twips_from_emu(emu: int) -> int:
    return int(round(emu / EMU_PER_TWIP))


def w_element(tag: str, **attrs: str) -> Any:
    """A new `tag` element (w:...) with w: attributes."""
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


_P_PR, _P_STYLE, _VAL = qn("w:pPr"), qn("w:pStyle"), qn("w:val")
# Characters python-docx writes as elements of their own (w:tab, w:br): such text goes the
# slow way, through python-docx, and comes out the same.
_SPECIAL = frozenset("\t\r\n")


def set_paragraph_style(p: Any, style_id: str) -> None:
    """`w:pPr/w:pStyle` of the paragraph `p` set to `style_id`: the XML python-docx writes,
    without its generic child lookup (a guide sets thousands). Both are the first child of
    their parent in the schema."""
    ppr = p.find(_P_PR)
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        p.insert(0, ppr)
    style = ppr.find(_P_STYLE)
    if style is None:
        style = OxmlElement("w:pStyle")
        ppr.insert(0, style)
    style.set(_VAL, style_id)


def append_text_run(p: Any, text: str, bold: bool = False, italic: bool = False) -> Any | None:
    """Append `<w:r>` with `text` (and w:b, w:i) to the paragraph `p`, as python-docx's
    `add_run(text)` then `.bold = True` write it; None, and nothing added, for text that
    python-docx would split into tabs and breaks (the caller then uses python-docx)."""
    if not text or not _SPECIAL.isdisjoint(text):
        return None
    run = OxmlElement("w:r")
    if bold or italic:
        properties = OxmlElement("w:rPr")
        if bold:
            properties.append(OxmlElement("w:b"))
        if italic:
            properties.append(OxmlElement("w:i"))
        run.append(properties)
    t = OxmlElement("w:t")
    t.text = text
    if len(text.strip()) < len(text):
        t.set(XML_SPACE, "preserve")
    run.append(t)
    p.append(run)
    return run


def insert_ordered(parent: Any, child: Any, order: list[str]) -> Any:
    """Insert `child` into `parent` at the schema position, replacing a same-named child."""
    local = child.tag.split("}")[1]
    for existing in parent.findall(child.tag):
        parent.remove(existing)
    position = order.index(local) if local in order else len(order)
    for index, sibling in enumerate(list(parent)):
        sibling_local = sibling.tag.split("}")[1] if "}" in str(sibling.tag) else ""
        if sibling_local in order and order.index(sibling_local) > position:
            parent.insert(index, child)
            return child
    parent.append(child)
    return child


def _border_line(side: str, border: Border) -> Any:
    if border is None:
        return w_element(f"w:{side}", val="nil")
    val, size, colour = border
    return w_element(f"w:{side}", val=val, sz=str(size), space="0", color=colour)


# --------------------------------------------------------------------------- paragraphs


def set_outline_level(ppr: Any, level: int) -> None:
    """The paragraph (style) is a heading of outline level `level` (0 is level 1)."""
    insert_ordered(ppr, w_element("w:outlineLvl", val=str(level)), PPR_ORDER)


def set_keep_next(ppr: Any) -> None:
    insert_ordered(ppr, w_element("w:keepNext"), PPR_ORDER)


def set_numbering(ppr: Any, num_id: int, level: int = 0) -> None:
    """The paragraph is an item of list `num_id` at `level`."""
    numpr = w_element("w:numPr")
    numpr.append(w_element("w:ilvl", val=str(level)))
    numpr.append(w_element("w:numId", val=str(num_id)))
    insert_ordered(ppr, numpr, PPR_ORDER)


def hyperlink(r_id: str, text: str, colour: str) -> Any:
    """A w:hyperlink to relationship `r_id`: one underlined run of `text` in `colour`."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    insert_ordered(rpr, w_element("w:color", val=colour), RPR_ORDER)
    insert_ordered(rpr, w_element("w:u", val="single"), RPR_ORDER)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.text = text
    t.set(XML_SPACE, "preserve")
    run.append(t)
    link.append(run)
    return link


# --------------------------------------------------------------------------- run properties


def set_lang(rpr: Any, tag: str) -> None:
    """Declare `tag` for the Latin, East Asian and complex scripts of a w:rPr."""
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = insert_ordered(rpr, w_element("w:lang"), RPR_ORDER)
    lang.set(qn("w:val"), tag)
    lang.set(qn("w:eastAsia"), tag)
    lang.set(qn("w:bidi"), tag)


def default_run_properties(styles: Any) -> Any:
    """The w:docDefaults/w:rPrDefault/w:rPr of a styles part, created when missing."""
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = w_element("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = w_element("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = w_element("w:rPr")
        rpr_default.append(rpr)
    return rpr


def run_properties(run: Any) -> Any:
    """A w:r's w:rPr, created as its first child when missing."""
    rpr = run.find(qn("w:rPr"))
    if rpr is None:
        rpr = w_element("w:rPr")
        run.insert(0, rpr)
    return rpr


# --------------------------------------------------------------------------- tables


def set_table_layout(tbl: Any, total: int, columns: list[int]) -> None:
    """A fixed layout `total` twips wide with grid columns `columns` (twips)."""
    tblpr = tbl.tblPr
    insert_ordered(tblpr, w_element("w:tblW", w=str(total), type="dxa"), TBLPR_ORDER)
    insert_ordered(tblpr, w_element("w:tblLayout", type="fixed"), TBLPR_ORDER)
    grid = tbl.tblGrid
    for col in list(grid):
        grid.remove(col)
    for width in columns:
        grid.append(w_element("w:gridCol", w=str(width)))


def set_table_borders(tblpr: Any, sides: dict[str, Border]) -> None:
    """w:tblBorders with a line (or none) for each of top, left, ..., insideV."""
    borders = w_element("w:tblBorders")
    for side, border in sides.items():
        borders.append(_border_line(side, border))
    insert_ordered(tblpr, borders, TBLPR_ORDER)


def set_table_cell_margins(tblpr: Any, top: int, left: int, bottom: int, right: int) -> None:
    """The default cell margins of a table, in twips."""
    margins = w_element("w:tblCellMar")
    for side, value in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        margins.append(w_element(f"w:{side}", w=str(value), type="dxa"))
    insert_ordered(tblpr, margins, TBLPR_ORDER)


def set_table_caption(tblpr: Any, caption: str, description: str = "") -> None:
    """The table's title and summary (Word's alt text for tables)."""
    insert_ordered(tblpr, w_element("w:tblCaption", val=caption), TBLPR_ORDER)
    if description:
        insert_ordered(tblpr, w_element("w:tblDescription", val=description), TBLPR_ORDER)


def set_row_flag(trpr: Any, flag: str) -> None:
    """An on/off row property: "cantSplit" or "tblHeader"."""
    insert_ordered(trpr, w_element(f"w:{flag}"), TRPR_ORDER)


def grid_span(tc: Any) -> int:
    """How many grid columns a w:tc spans."""
    tcpr = tc.find(qn("w:tcPr"))
    if tcpr is not None:
        span = tcpr.find(qn("w:gridSpan"))
        if span is not None:
            return int(span.get(qn("w:val")))
    return 1


def set_cell_width(tcpr: Any, width: int) -> None:
    insert_ordered(tcpr, w_element("w:tcW", w=str(width), type="dxa"), TCPR_ORDER)


def set_cell_shading(tcpr: Any, fill: str) -> None:
    insert_ordered(tcpr, w_element("w:shd", val="clear", color="auto", fill=fill), TCPR_ORDER)


def set_cell_valign(tcpr: Any, where: str) -> None:
    insert_ordered(tcpr, w_element("w:vAlign", val=where), TCPR_ORDER)


def set_cell_borders(tcpr: Any, sides: dict[str, Border]) -> None:
    """Lines on some of a cell's sides; the sides not named keep what they had."""
    existing = tcpr.find(qn("w:tcBorders"))
    borders = existing if existing is not None else w_element("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        if side in sides:
            insert_ordered(borders, _border_line(side, sides[side]), BORDER_ORDER)
    if existing is None:
        insert_ordered(tcpr, borders, TCPR_ORDER)
