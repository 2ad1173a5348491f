"""The agenda slide: which blocks are shown, the clock times each runs, and the table fitted
to the slide (over continuation slides when needed), the mellomarbeid line under it."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation

from pipeline.model import types as m
from pipeline.pdf import convert_to_pdf
from pipeline.render.deck.kinds.agenda import agenda_rows
from pipeline.render.deck.render import render_deck

from builders import DEFAULT_PPTX as DEFAULT
from builders import _slide, four_by_three, long_day, sample_bundle


def block(
    block_id: str, start: str, end: str, kind: str = "plenum", **extra: object
) -> m.AgendaBlock:
    return m.AgendaBlock(id=block_id, start=start, end=end, kind=kind, title=block_id, **extra)  # type: ignore[arg-type]


def test_a_block_left_off_the_slide_is_part_of_the_shown_block_before_it() -> None:
    rows = agenda_rows(
        [
            block("Velkommen", "08:30", "09:00"),
            block("Gruppearbeid", "09:00", "10:00"),
            block("Oppsummering", "10:00", "10:30", on_agenda_slide=False),
            block("Pause", "10:30", "10:45", kind="pause"),
        ],
        "nn",
    )
    assert [(r.times, r.topic[0].text, r.is_break) for r in rows] == [
        ("08:30 – 09:00", "Velkommen", False),
        ("09:00 – 10:30", "Gruppearbeid", False),
        ("10:30 – 10:45", "Pause", True),
    ]


def test_the_last_shown_block_runs_to_the_end_of_the_day() -> None:
    rows = agenda_rows(
        [
            block("Plenum", "12:00", "13:00"),
            block("Avslutning", "13:00", "13:30", on_agenda_slide=False),
        ],
        "nb",
    )
    assert [r.times for r in rows] == ["12:00 – 13:30"]


def test_topics_follow_the_title_and_breaks_are_not_bold() -> None:
    rows = agenda_rows(
        [
            block("Plenum", "12:00", "13:00", topics=["Tillit", "Mot"]),
            m.AgendaBlock(id="p", start="13:00", end="13:15", kind="pause"),
        ],  # type: ignore[arg-type]
        "nn",
    )
    assert rows[0].topic[0].text == "Plenum – Tillit · Mot"
    assert rows[0].topic[0].runs[0].bold is True
    assert rows[1].topic[0].runs[0].bold is False
    assert rows[1].topic[0].text


# --------------------------------------------------------------------------- fitting on the slide


def agenda_slides(data: bytes) -> tuple[Presentation, list[tuple[object, object | None]]]:
    """The deck, and each slide's table frame and mellomarbeid box."""
    prs = Presentation(io.BytesIO(data))
    found = []
    for slide in prs.slides:
        tables = [s for s in slide.shapes if s.has_table]
        notes = [s for s in slide.shapes if s.name == "Mellomarbeid"]
        found.append((tables[0], notes[0] if notes else None))
    return prs, found


@pytest.mark.parametrize("template", ["16x9", "4x3"])
def test_a_long_day_goes_on_over_a_continuation_slide_and_fits(
    tmp_path: Path, template: str
) -> None:
    path = DEFAULT if template == "16x9" else four_by_three(tmp_path)
    bundle = long_day()
    data, warnings = render_deck(bundle, path)
    prs, slides = agenda_slides(data)
    assert len(slides) >= 2
    titles = [s.shapes.title.text for s in prs.slides]
    assert titles[0] == "Program for samling 2"
    assert all(t == "Program for samling 2 (forts.)" for t in titles[1:])
    shown = [row.cells[0].text for frame, _ in slides for row in list(frame.table.rows)[1:]]
    assert shown == [r.times for r in agenda_rows(bundle.samling.agenda, "nn")]
    assert not [w for w in warnings if "does not fit its area" in w.message]
    assert [w.message for w in warnings if "goes on over" in w.message] == [
        f"slide 1 «Program for samling 2»: the programme does not fit one slide at 14 pt and "
        f"goes on over {len(slides)} slides; to keep it on one, shorten the blocks' titles "
        "and topics, or leave some blocks off the slide (on_agenda_slide: false)"
    ]
    width, height = prs.slide_width, prs.slide_height
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.width:
                assert shape.left >= 0 and shape.left + shape.width <= width, shape.name
                assert shape.top >= 0 and shape.top + shape.height <= height, shape.name
    # Only the last slide has the mellomarbeid line, below the table's measured rows.
    assert [note is not None for _, note in slides] == [False] * (len(slides) - 1) + [True]
    frame, note = slides[-1]
    rows_bottom = frame.top + sum(row.height for row in frame.table.rows)
    assert rows_bottom <= note.top
    for frame, _ in slides:
        sizes = {
            r.font.size.pt
            for row in frame.table.rows
            for c in row.cells
            for p in c.text_frame.paragraphs
            for r in p.runs
        }
        assert min(sizes) >= 14  # a readable size: 20 pt at the scale 0.7 at least


def test_a_short_day_stays_on_one_slide_at_full_size() -> None:
    data, _ = render_deck(
        sample_bundle("nn").model_copy(update={"slides": [_slide("", kind="agenda")]}), DEFAULT
    )
    _, slides = agenda_slides(data)
    assert len(slides) == 1
    frame, note = slides[0]
    assert frame.top + sum(row.height for row in frame.table.rows) <= note.top


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="needs LibreOffice and poppler-utils",
)
def test_in_the_pdf_the_mellomarbeid_line_is_below_the_last_row(tmp_path: Path) -> None:
    data, _ = render_deck(long_day(), four_by_three(tmp_path))
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(data)
    (pdf,) = convert_to_pdf([deck], tmp_path / "pdf", scratch_root=tmp_path)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pages = html.split("<page ")[1:]
    last = pages[-1]
    words = [
        (float(y_min), float(y_max), text)
        for y_min, y_max, text in re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
            last,
        )
    ]
    label = next(w for w in words if w[2].startswith("Mellomarbeid"))
    last_time = max(w for w in words if re.fullmatch(r"\d\d:\d\d", w[2]))
    assert last_time[1] <= label[0]
    # Every clock time of the day is in the PDF, on the agenda's pages.
    times = re.findall(r">(\d\d:\d\d)<", html)
    assert len(times) == 2 * len(agenda_rows(long_day().samling.agenda, "nn"))
