"""Table helpers of the .docx outputs: header words that never break inside a word."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.shared import Cm, Pt

from pipeline.render.word.tables import HEADER_MIN_PT, header_cells, new_table, widths_for_words
from pipeline.render.word.tables import set_table_cell_margins as margins

from builders import designer_docx

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


def test_columns_widen_so_the_longest_header_word_fits_in_the_font_that_renders(
    tmp_path: Path,
) -> None:
    """A Word template whose body font (Cambria) may not be installed: its header words are
    measured in what choose_font picks for it (Caladea, else the widest fallback), and the
    narrow column gets room from the wide one, the total kept."""
    from pipeline.render.fonts import choose_font, metrics

    try:
        measured = metrics(choose_font("Cambria").measured, bold=True)
    except Exception:
        pytest.skip("needs fontconfig and a font to measure Cambria with")
    doc = Document(str(designer_docx(tmp_path / "cambria.docx", font="Cambria")))
    labels = ["Kl.", "Lysbilete", "Kva skjer"]
    before = [int(Cm(w)) for w in (1.0, 1.2, 12.0)]
    after = widths_for_words(doc, doc.styles["Normal"], before, labels, 140)
    assert sum(after) == sum(before)
    size = doc.styles["Normal"].font.size
    pt = size.pt if size is not None else 11.0
    for label, width in zip(labels, after, strict=True):
        longest = max(measured.text_width(w, pt) for w in label.split())
        assert longest + 140 / 20 <= width / 12700, label  # the word and the cell margins
    assert after[1] > before[1] and after[2] < before[2]
    # Columns with room to spare stay as they are.
    assert (
        widths_for_words(doc, doc.styles["Normal"], [int(Cm(5))] * 3, labels, 140)
        == [int(Cm(5))] * 3
    )


def test_a_body_cell_is_fitted_as_it_finally_looks_bold_and_indented() -> None:
    """A value set in bold after it was written (an exercise's name in the run sheet) is
    measured in bold: it is set smaller where the regular weight would have fit."""
    from pipeline.render.fonts import metrics
    from pipeline.render.word.tables import SPARE_PT, cell_text, fit_to_cell

    doc = Document()
    doc.styles["Normal"].font.name = "Carlito"
    doc.styles["Normal"].font.size = Pt(10)
    word = "Aksjonslæringsprosjekt"
    regular, bold = metrics("Carlito").text_width(word, 10), metrics("Carlito", bold=True)
    room_pt = (regular + bold.text_width(word, 10)) / 2 + SPARE_PT  # between the two weights
    table = new_table(doc, 1, [int(Pt(room_pt + 7))])
    margins(table, left=70, right=70)
    cell = table.rows[0].cells[0]
    paragraph = cell_text(cell, word, doc.styles["Normal"])
    assert paragraph.runs[0].font.size is None  # regular: it fits
    for run in paragraph.runs:
        run.bold = True
    fit_to_cell(cell, paragraph, doc.styles["Normal"])
    size = paragraph.runs[0].font.size
    assert size is not None and HEADER_MIN_PT <= size.pt < 10
    assert bold.text_width(word, size.pt) <= room_pt
    # Indented by 10 pt, it is set smaller still.
    fit_to_cell(cell, paragraph, doc.styles["Normal"], indent=10.0)
    assert paragraph.runs[0].font.size.pt < size.pt


@pytest.mark.parametrize(
    "text", ["Aksjonslæringsprosjekt", "to ord", "fane\tetter", "linje\nny", " kant ", ""]
)
def test_a_cells_words_are_python_docx_s(text: str) -> None:
    from pipeline.render.word.tables import _words_of

    paragraph = Document().add_paragraph()
    paragraph.add_run(text)
    paragraph.add_run(" og **meir**")
    assert _words_of(paragraph._p).split() == paragraph.text.split()
