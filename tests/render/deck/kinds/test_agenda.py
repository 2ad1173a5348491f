"""The agenda slide's rows: which blocks are shown, and the clock times each runs."""

from __future__ import annotations

from pipeline.model import types as m
from pipeline.render.deck.kinds.agenda import agenda_rows


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
