"""The day plan: slide numbers, exercises placed among their talks, clock times, copies."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.model.clock import minutes_of
from pipeline.model.plan import (
    deck_slide_numbers,
    exercise_of,
    exercises_in_day_order,
    per_slide_numbers,
    plan_day,
    share_minutes,
    worksheet_copies,
)

from builders import sample_bundle

CONTENT = Path(__file__).resolve().parents[2] / "content"


def test_slide_numbers_expand_frame_slides() -> None:
    bundle = sample_bundle()
    numbers = deck_slide_numbers(bundle)
    # title 1, frame 2-4, agenda 5, exercise 6
    assert numbers["velkommen"] == [1, 2, 3, 4, 5, 6]
    assert numbers["relasjoner"] == [7, 8, 9]
    assert numbers["pause-1"] == [10]
    assert per_slide_numbers(bundle)[1] == [2, 3, 4]


def test_plan_places_exercises_after_their_talks() -> None:
    plans = {p.block.id: p for p in plan_day(sample_bundle())}
    relasjoner = plans["relasjoner"]
    kinds = [(s.kind, s.start, s.end) for s in relasjoner.segments]
    # 30 minutes: 21 for the reflection, 9 for the two slides before it.
    assert kinds == [("talk", 540, 549), ("exercise", 549, 570)]
    steps = [(s.start, s.end) for s in relasjoner.segments[1].steps]
    assert steps == [(549, 552), (552, 567), (567, 570)]
    trening = plans["trening"].segments
    exercise = next(s for s in trening if s.kind == "exercise")
    assert exercise.start == 594  # 09:45 + 9 minutes of talk
    assert exercise.rounds == [(1, 594, 606), (2, 606, 618), (3, 618, 630)]


def test_breaks_have_no_segments() -> None:
    plans = {p.block.id: p for p in plan_day(sample_bundle())}
    assert plans["pause-1"].segments == []
    assert plans["pause-1"].slides == [10]


def test_a_poll_whose_ref_names_an_exercise_presents_it() -> None:
    bundle = sample_bundle()
    exercise = bundle.exercises[0]
    slide = next(s for s in bundle.slides if s.kind == "exercise")
    poll = slide.model_copy(
        update={"kind": "poll", "exercise": None, "attrs": {"ref": exercise.id}}
    )
    assert exercise_of(poll, bundle.exercises) is exercise
    other = poll.model_copy(update={"attrs": {"ref": "no-such-exercise"}})
    assert exercise_of(other, bundle.exercises) is None


def test_exercises_in_day_order_lists_each_once() -> None:
    bundle = sample_bundle()
    ordered = exercises_in_day_order(bundle)
    assert sorted(e.id for e in ordered) == sorted(e.id for e in bundle.exercises)


def test_share_minutes_gives_the_remainder_to_the_largest_fractions() -> None:
    assert share_minutes(10, [1, 1, 1]) == [4, 3, 3]
    assert share_minutes(9, [2, 1]) == [6, 3]
    assert share_minutes(0, [1, 2]) == [0, 0]
    assert share_minutes(5, []) == []


def test_worksheet_copies() -> None:
    bundle = sample_bundle()
    diamond = worksheet_copies(bundle, bundle.exercises[3])
    assert (diamond.count, diamond.spare, diamond.per_group, diamond.total) == (4, 1, True, 5)
    sheet = next(
        e for e in bundle.exercises if e.worksheet is not None and e.worksheet.layout != "diamond"
    )
    copies = worksheet_copies(bundle, sheet)
    assert (copies.count, copies.spare, copies.per_group) == (24, 3, False)


@pytest.mark.parametrize("number", [2, 3])
def test_real_day_plan_times_add_up(number: int) -> None:
    from pipeline.content.load import load_samling

    if not (CONTENT / f"samling-{number:02d}" / "slides.md").is_file():
        pytest.skip(f"content/samling-{number:02d} has no slides yet")
    for plan in plan_day(load_samling(CONTENT, number)):
        if not plan.segments:
            continue
        assert plan.segments[0].start == minutes_of(plan.block.start)
        for before, after in zip(plan.segments, plan.segments[1:], strict=False):
            assert before.end == after.start
        busy = sum(s.minutes for s in plan.segments)
        exercises = sum(s.exercise.total_minutes for s in plan.segments if s.exercise)
        assert busy == max(plan.block.minutes, exercises)
