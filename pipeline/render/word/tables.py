"""Tables in the .docx outputs: fixed column widths, rows that never split, borders, shading.

Table widths: Word honours `w:tcW` on each cell under a fixed layout, LibreOffice honours
`w:tblGrid/w:gridCol`; `set_col_widths` sets both, plus `w:tblW` and `w:tblLayout`.
Widths and heights come in as EMU; cell margins as twips, the unit Word stores them in.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from typing import Any

from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.oxml.ns import qn
from docx.shared import Emu, Pt, RGBColor
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

from pipeline.ooxml import wordml
from pipeline.ooxml.wordml import Border, twips_from_emu
from pipeline.render.word.paragraphs import add_rich_text, plain, set_style, text_on
from pipeline.render.word.styles import normal_font


def new_table(container: Any, rows: int, widths: list[int], style: str | None = None) -> Table:
    """A table with fixed column widths (EMU) that Word and LibreOffice both honour."""
    table = container.add_table(rows=rows, cols=len(widths))
    if style:
        table.style = style
    set_col_widths(table, widths)
    return table


def set_col_widths(table: Table, widths: list[int]) -> None:
    """Set tblW, tblLayout fixed, every gridCol and every cell's tcW (EMU in, twips out)."""
    wordml.set_table_layout(
        table._tbl, twips_from_emu(sum(widths)), [twips_from_emu(w) for w in widths]
    )
    for row in table.rows:
        for index, tc in enumerate(row._tr.findall(qn("w:tc"))):
            span = wordml.grid_span(tc)
            width = (
                sum(widths[index : index + span])
                if span > 1
                else widths[min(index, len(widths) - 1)]
            )
            wordml.set_cell_width(tc.get_or_add_tcPr(), twips_from_emu(width))


def set_row_height(row: _Row, height: int, exact: bool = True, cant_split: bool = True) -> None:
    """A row of exactly (or at least) `height` EMU that never splits across pages."""
    row.height = Emu(height)
    row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY if exact else WD_ROW_HEIGHT_RULE.AT_LEAST
    if cant_split:
        set_cant_split(row)


def set_cant_split(row: _Row) -> None:
    wordml.set_row_flag(row._tr.get_or_add_trPr(), "cantSplit")


def keep_table_together(table: Table) -> None:
    """Keep a short table on one page: every row but the last keeps with the next (Word and
    LibreOffice both honour keep-with-next on the paragraphs of a table's rows)."""
    rows = table.rows
    for row in rows[:-1]:
        for tc in row._tr.findall(qn("w:tc")):
            for p in tc.findall(qn("w:p")):
                wordml.set_keep_next(p.get_or_add_pPr())
    for row in rows:
        set_cant_split(row)


def set_header_row(row: _Row) -> None:
    """Mark a row as the table's header: repeated on each page, read as headers."""
    trpr = row._tr.get_or_add_trPr()
    wordml.set_row_flag(trpr, "tblHeader")
    wordml.set_row_flag(trpr, "cantSplit")


def set_table_borders(
    table: Table,
    colour: str = "A6B4C0",
    size: int = 4,
    inside: bool = True,
    outer: bool = True,
    vertical: bool = True,
) -> None:
    """Table borders; vertical=False leaves only horizontal rules (no column lines)."""
    sides: dict[str, Border] = {}
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        on = inside if side.startswith("inside") else outer
        if side in ("left", "right", "insideV") and not vertical:
            on = False
        sides[side] = ("single", size, colour) if on else None
    wordml.set_table_borders(table._tbl.tblPr, sides)


def set_table_cell_margins(
    table: Table, top: int = 40, left: int = 85, bottom: int = 40, right: int = 85
) -> None:
    """Cell margins in twips for the whole table."""
    wordml.set_table_cell_margins(table._tbl.tblPr, top, left, bottom, right)


def set_table_description(table: Table, caption: str, description: str = "") -> None:
    """Table title and summary for screen readers (Word's table alt text)."""
    wordml.set_table_caption(table._tbl.tblPr, caption, description)


def set_cell_shading(cell: _Cell, fill: str) -> None:
    wordml.set_cell_shading(cell._tc.get_or_add_tcPr(), fill.lstrip("#"))


def set_cell_borders(cell: _Cell, **sides: Border) -> None:
    """Per-cell borders: side=(val, size in eighths of a point, colour) or None for none."""
    set_tc_borders(cell._tc, **sides)


def set_tc_borders(tc: Any, **sides: Border) -> None:
    """Borders on one w:tc element (also a vertically merged continuation cell)."""
    wordml.set_cell_borders(tc.get_or_add_tcPr(), sides)


def set_cell_valign(cell: _Cell, where: str = "center") -> None:
    wordml.set_cell_valign(cell._tc.get_or_add_tcPr(), where)


def cell_text(
    cell: _Cell,
    value: str,
    style: Any,
    bold: bool = False,
    colour: str | None = None,
    fit: bool = True,
) -> Paragraph:
    """Write `value` into a cell's first paragraph with a style. When `fit`, a value whose
    longest word is wider than the cell (a narrow page, a template's large table font) is set
    smaller, down to HEADER_MIN_PT, so that no word breaks inside ("Aksjonslæringsprosj|ekt")."""
    paragraph = cell.paragraphs[0]
    set_style(paragraph, style)
    add_rich_text(paragraph, value, bold=bold or None)
    if colour:
        for run in paragraph.runs:
            run.font.color.rgb = RGBColor.from_string(colour.lstrip("#"))
    if fit:
        fit_to_cell(cell, paragraph, style)
    return paragraph


def fit_to_cell(cell: _Cell, paragraph: Paragraph, style: Any, indent: float = 0.0) -> None:
    """Set `paragraph` smaller (down to HEADER_MIN_PT) where its longest word is wider than
    the cell less `indent` (pt). Call it after the paragraph's bold and indent are set."""
    value = _words_of(paragraph._p)
    if not value.strip():
        return
    tbl = cell._tc.getparent().getparent()  # w:tc -> w:tr -> w:tbl
    part: Any = cell.part
    # Measured in bold where any of it is bold, by the run or by its style: wider, and safe.
    bold = any(run.bold for run in paragraph.runs) or _style_bold(style)
    measure = _HeaderMeasure(part.document, style, _margins_of(tbl), bold=bold)
    size = measure.fitting_size(cell, value, indent)
    if size is not None:
        for run in paragraph.runs:
            run.font.size = Pt(size)


_TEXT_TAGS = tuple(qn(f"w:{name}") for name in ("t", "tab", "br", "cr"))


def _words_of(p: Any) -> str:
    """The paragraph's text with tabs and breaks as spaces: what its words are. For the
    paragraphs `add_rich_text` writes (runs of text, tabs and line breaks) these are the words
    of python-docx's `Paragraph.text`, without its XPath query per call; not for any paragraph
    (a non-breaking hyphen, a field or a text box would differ)."""
    return "".join(el.text or "" if el.tag == _TEXT_TAGS[0] else " " for el in p.iter(*_TEXT_TAGS))


def header_cells(table: Table, labels: list[str], fill: str, style: Any) -> None:
    """The table's first row as its repeating header: `labels` in bold on `fill`.

    A label whose longest word is wider than its column is set smaller (down to
    HEADER_MIN_PT), so a header never breaks inside a word ("Lysbil|ete").
    """
    row = table.rows[0]
    set_header_row(row)
    fg = text_on(fill)
    part: Any = table.part  # the document's part, which knows its document
    measure = _HeaderMeasure(part.document, style, _margins_of(table._tbl))
    for cell, value in zip(row.cells, labels, strict=True):
        set_cell_shading(cell, fill)
        paragraph = cell_text(cell, value, style, bold=True, colour=fg, fit=False)
        size = measure.fitting_size(cell, plain(value))
        if size is not None:
            for run in paragraph.runs:
                run.font.size = Pt(size)


def widths_for_words(
    document: Any,
    style: Any,
    widths: list[int],
    labels: list[str],
    margins: int,
    body: tuple[Any, list[list[str]]] | None = None,
) -> list[int]:
    """`widths` (EMU) moved so that the longest word of each column fits it: of its header
    label in bold in `style`, and of its values in `body` (a style and the rows), measured in
    the font that will render them (`pipeline.render.fonts.choose_font`), with `margins`
    (twips, left plus right) and a point to spare. The room comes from the columns with room
    to spare, in proportion to it; the total stays the same. Where there is not room enough,
    the header is set smaller (`header_cells`) and a body word may still break."""
    header = _HeaderMeasure(document, style, margins)
    heads = _needs(header, [labels], len(widths), margins)
    if body is None:
        return _grow(widths, heads, heads)
    text_style, rows = body
    text = _HeaderMeasure(document, text_style, margins, bold=_style_bold(text_style))
    values = _needs(text, rows, len(widths), margins)
    # A header may be set smaller, a value may not: first every header at its smallest size,
    # then every value's longest word as far as the room goes, then the headers at their size.
    smallest = _needs(header, [labels], len(widths), margins, HEADER_MIN_PT)
    floor = [max(h, v) for h, v in zip(smallest, values, strict=True)]
    both = [max(h, v) for h, v in zip(heads, values, strict=True)]
    widths = _grow(widths, smallest, smallest)
    return _grow(_grow(widths, floor, smallest), both, floor)


# What is known of a style, per style element: every cell of a table asks for its style's
# boldness and measuring font, and finding them walks the style chain and scans the
# document's styles (a third of the guide's time, uncached). The styles a renderer measures
# with are not changed after they are resolved.
_STYLE_FACTS: weakref.WeakKeyDictionary[Any, dict[Any, Any]] = weakref.WeakKeyDictionary()


def _of_style(style: Any, fact: Any, find: Callable[[], Any]) -> Any:
    """`find()`, once per style and `fact`."""
    if style is None:
        return find()
    known = _STYLE_FACTS.setdefault(style.element, {})
    if fact not in known:
        known[fact] = find()
    return known[fact]


def _style_bold(style: Any) -> bool:
    """Whether a paragraph style (or the first of its bases that says) sets text in bold."""
    return bool(_of_style(style, "bold", lambda: _chain_bold(style)))


def _chain_bold(style: Any) -> bool:
    chain, seen = style, 0
    while chain is not None and seen < 10:
        if chain.font.bold is not None:
            return bool(chain.font.bold)
        chain, seen = chain.base_style, seen + 1
    return False


_BREAKS = re.compile(r"(?<=[–—/-])|\s+")  # a line may break after a dash or a slash


def _needs(
    measure: _HeaderMeasure,
    rows: list[list[str]],
    columns: int,
    margins: int,
    size: float | None = None,
) -> list[int]:
    """Per column, the width (EMU) of its longest unbreakable piece of text, plus margins."""
    need = [0] * columns
    for row in rows:
        for index, value in enumerate(row[:columns]):
            pieces = [p for p in _BREAKS.split(plain(value)) if p]
            if pieces:
                widest = max(measure.width(p, size or measure.size) for p in pieces)
                need[index] = max(need[index], int((widest + SPARE_PT) * 12700) + margins * 635)
    return need


def _grow(widths: list[int], need: list[int], keep: list[int]) -> list[int]:
    """Columns narrower than `need` widened with room from the columns wider than `keep`, in
    proportion to that room, as far as it goes; the total stays the same."""
    short = sum(max(0, n - w) for n, w in zip(need, widths, strict=True))
    spare = [max(0, w - k) for k, w in zip(keep, widths, strict=True)]
    if not short or not sum(spare):
        return widths
    given = min(short, sum(spare))
    taken = [given * room // sum(spare) for room in spare]
    taken[max(range(len(spare)), key=lambda i: spare[i])] += given - sum(taken)
    result = [w - t for w, t in zip(widths, taken, strict=True)]
    for index, (n, w) in enumerate(zip(need, widths, strict=True)):
        if n > w and given > 0:
            step = min(n - w, given)
            result[index] += step
            given -= step
    return result


HEADER_MIN_PT = 7.0
# Points of a cell's width that a word may not use: LibreOffice takes the cell's borders (and
# rounds the column grid) out of the text's room; with one point to spare, words measured to
# fit by half a point still broke in LibreOffice's PDF.
SPARE_PT = 3.0
_WORD_DEFAULT_CELL_MARGIN = 108  # twips: Word's and LibreOffice's 0.19 cm


class _HeaderMeasure:
    """Measures header words in the font the header style will render in: the style's (or
    the document's body) font when installed, else its metric-compatible stand-in, else the
    widest plausible fallback (`choose_font`)."""

    def __init__(self, document: Any, style: Any, margins: int, bold: bool = True) -> None:
        self.family, self.size, self._width = _style_font(document, style, bold)
        self.margins = margins

    def width(self, text: str, size: float) -> float:
        if self._width is None:
            return len(text) * size * 0.62
        return float(self._width(text, size))

    def fitting_size(self, cell: _Cell, value: str, indent: float = 0.0) -> float | None:
        """A smaller size (pt) at which the longest word fits the cell; None if it fits."""
        tcw = cell._tc.tcPr.find(qn("w:tcW")) if cell._tc.tcPr is not None else None
        words = value.split()
        if tcw is None or not words or tcw.get(qn("w:type")) not in (None, "dxa"):
            return None
        room = (int(tcw.get(qn("w:w"))) - self.margins) / 20 - SPARE_PT - indent
        widest = max(self.width(word, self.size) for word in words)
        if widest <= room or room <= 0:
            return None
        size = self.size * room / widest
        return max(HEADER_MIN_PT, int(size * 2) / 2)  # half points, as Word stores them


def _style_font(document: Any, style: Any, bold: bool) -> tuple[str, float, Any]:
    """The family and size (pt) `style` renders in, and the text-width function of the font
    that is measured for it (None when no font can be found: then widths are estimated)."""
    found: tuple[str, float, Any] = _of_style(
        style, ("font", bold), lambda: _find_style_font(document, style, bold)
    )
    return found


def _find_style_font(document: Any, style: Any, bold: bool) -> tuple[str, float, Any]:
    family, size = normal_font(document)
    chain, seen = style, 0
    found_family = found_size = None
    while chain is not None and seen < 10:
        found_family = found_family or chain.font.name
        if found_size is None and chain.font.size is not None:
            found_size = chain.font.size.pt
        chain, seen = chain.base_style, seen + 1
    family = found_family or family
    width: Any = None
    try:
        from pipeline.render.fonts import choose_font, metrics

        width = metrics(choose_font(family).measured, bold=bold).text_width
    except Exception:  # no fontconfig, or no font at all: estimate
        width = None
    return family, float(found_size or size), width


def _margins_of(tbl: Any) -> int:
    """The table's (w:tbl's) left plus right cell margin, in twips."""
    tbl_pr = tbl.find(qn("w:tblPr"))
    margins = tbl_pr.find(qn("w:tblCellMar")) if tbl_pr is not None else None
    total = 0
    for side in ("left", "right"):
        found = margins.find(qn(f"w:{side}")) if margins is not None else None
        total += int(found.get(qn("w:w"))) if found is not None else _WORD_DEFAULT_CELL_MARGIN
    return total
