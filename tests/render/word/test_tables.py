"""Table helpers of the .docx outputs: header words that never break inside a word."""

from __future__ import annotations

import pytest
from docx import Document
from docx.shared import Cm, Pt

from pipeline.render.word.tables import HEADER_MIN_PT, header_cells, new_table
from pipeline.render.word.tables import set_table_cell_margins as margins

LABELS = ["Tid", "Ansvarleg", "Aktivitet"]


def _header_sizes(font: str, widths_cm: list[float]) -> list[float | None]:
    doc = Document()
    doc.styles["Normal"].font.name = font
    doc.styles["Normal"].font.size = Pt(10)
    table = new_table(doc, 2, [int(Cm(w)) for w in widths_cm])
    margins(table, left=70, right=70)
    header_cells(table, LABELS, "1F4E79", doc.styles["Normal"])
    sizes = []
    for cell in table.rows[0].cells:
        run = cell.paragraphs[0].runs[0]
        sizes.append(run.font.size.pt if run.font.size is not None else None)
    return sizes


def test_header_words_that_fit_keep_the_style_size() -> None:
    assert _header_sizes("Carlito", [3.0, 3.0, 3.0]) == [None, None, None]


def test_a_header_word_wider_than_its_column_is_set_smaller() -> None:
    from pipeline.render.fonts import metrics

    try:
        wide = metrics("Liberation Sans", bold=True)
    except Exception:
        pytest.skip("needs fonts-liberation2")
    sizes = _header_sizes("Liberation Sans", [3.0, 1.8, 3.0])
    assert sizes[0] is None and sizes[2] is None
    shrunk = sizes[1]
    assert shrunk is not None and HEADER_MIN_PT <= shrunk < 10
    room = 1.8 * 72 / 2.54 - 7  # pt: the column less its margins (2 × 70 twips)
    assert wide.text_width("Ansvarleg", shrunk) <= room
    assert wide.text_width("Ansvarleg", 10) > room  # it did not fit at the style's size


def test_a_column_too_narrow_for_any_size_stops_at_the_minimum() -> None:
    assert _header_sizes("Carlito", [3.0, 0.6, 3.0])[1] == HEADER_MIN_PT
