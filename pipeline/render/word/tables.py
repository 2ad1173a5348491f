"""Tables in the .docx outputs: fixed column widths, rows that never split, borders, shading.

Table widths: Word honours `w:tcW` on each cell under a fixed layout, LibreOffice honours
`w:tblGrid/w:gridCol`; `set_col_widths` sets both, plus `w:tblW` and `w:tblLayout`.
Widths and heights come in as EMU; cell margins as twips, the unit Word stores them in.
"""

from __future__ import annotations

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
    cell: _Cell, value: str, style: Any, bold: bool = False, colour: str | None = None
) -> Paragraph:
    """Write `value` into a cell's first paragraph with a style."""
    paragraph = cell.paragraphs[0]
    set_style(paragraph, style)
    add_rich_text(paragraph, value, bold=bold or None)
    if colour:
        for run in paragraph.runs:
            run.font.color.rgb = RGBColor.from_string(colour.lstrip("#"))
    return paragraph


def header_cells(table: Table, labels: list[str], fill: str, style: Any) -> None:
    """The table's first row as its repeating header: `labels` in bold on `fill`.

    A label whose longest word is wider than its column is set smaller (down to
    HEADER_MIN_PT), so a header never breaks inside a word ("Lysbil|ete").
    """
    row = table.rows[0]
    set_header_row(row)
    fg = text_on(fill)
    measure = _HeaderMeasure(table, style)
    for cell, value in zip(row.cells, labels, strict=True):
        set_cell_shading(cell, fill)
        paragraph = cell_text(cell, value, style, bold=True, colour=fg)
        size = measure.fitting_size(cell, plain(value))
        if size is not None:
            for run in paragraph.runs:
                run.font.size = Pt(size)


HEADER_MIN_PT = 7.0
_WORD_DEFAULT_CELL_MARGIN = 108  # twips: Word's and LibreOffice's 0.19 cm


class _HeaderMeasure:
    """Measures header words in the font the header style will render in."""

    def __init__(self, table: Table, style: Any) -> None:
        part: Any = table.part  # the document's part, which knows its document
        family, self.size = normal_font(part.document)
        chain, seen = style, 0
        found_family = found_size = None
        while chain is not None and seen < 10:
            found_family = found_family or chain.font.name
            if found_size is None and chain.font.size is not None:
                found_size = chain.font.size.pt
            chain, seen = chain.base_style, seen + 1
        self.family = found_family or family
        self.size = float(found_size or self.size)
        self.margins = _cell_margins(table)
        self._width: Any = None
        for candidate in (self.family, "DejaVu Sans"):  # else the widest plausible fallback
            try:
                from pipeline.render.fonts import metrics

                self._width = metrics(candidate, bold=True).text_width
                break
            except Exception:  # not installed, or no fontconfig: try the next, else estimate
                continue

    def width(self, text: str, size: float) -> float:
        if self._width is None:
            return len(text) * size * 0.62
        return float(self._width(text, size))

    def fitting_size(self, cell: _Cell, value: str) -> float | None:
        """A smaller size (pt) at which the longest word fits the cell; None if it fits."""
        tcw = cell._tc.tcPr.find(qn("w:tcW")) if cell._tc.tcPr is not None else None
        words = value.split()
        if tcw is None or not words or tcw.get(qn("w:type")) not in (None, "dxa"):
            return None
        room = (int(tcw.get(qn("w:w"))) - self.margins) / 20 - 1.0  # pt, a point to spare
        widest = max(self.width(word, self.size) for word in words)
        if widest <= room or room <= 0:
            return None
        size = self.size * room / widest
        return max(HEADER_MIN_PT, int(size * 2) / 2)  # half points, as Word stores them


def _cell_margins(table: Table) -> int:
    """The table's left plus right cell margin, in twips."""
    margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
    total = 0
    for side in ("left", "right"):
        found = margins.find(qn(f"w:{side}")) if margins is not None else None
        total += int(found.get(qn("w:w"))) if found is not None else _WORD_DEFAULT_CELL_MARGIN
    return total
