"""The day plan: where each exercise sits in its block, clock times, slide numbers, copies.

Pure functions on the model, shared by the guide and the worksheets:
- the deck numbers its slides in content order; a "frame" slide becomes one deck slide per
  entry in `program.frame_slides`;
- inside a block, the exercises sit where their slides sit; the minutes the exercises leave
  free go to the talks before, between and after them, in proportion to their slide counts;
- worksheet copies are counted from the participants and the network groups.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from pipeline.model.clock import minutes_of
from pipeline.model.types import AgendaBlock, Exercise, SamlingBundle, Slide

BREAK_KINDS = ("pause", "lunsj")


# --------------------------------------------------------------------------- slide numbers


def slide_span(bundle: SamlingBundle, slide: Slide) -> int:
    """How many deck slides one content slide becomes."""
    if slide.kind == "frame":
        return len(bundle.program.frame_slides)
    return 1


def per_slide_numbers(bundle: SamlingBundle) -> list[list[int]]:
    """The deck slide numbers (1-based) of each content slide, in `bundle.slides` order: by
    the deck renderer's own count when the bundle carries it (`deck_spans`)."""
    numbers: list[list[int]] = []
    counter = 0
    spans = bundle.deck_spans
    if spans is None or len(spans) != len(bundle.slides):
        spans = [slide_span(bundle, slide) for slide in bundle.slides]
    for span in spans:
        numbers.append(list(range(counter + 1, counter + span + 1)))
        counter += span
    return numbers


def deck_slide_numbers(bundle: SamlingBundle) -> dict[str, list[int]]:
    """Agenda block id -> the deck's slide numbers of that block, in order."""
    numbers: dict[str, list[int]] = {}
    for slide, nums in zip(bundle.slides, per_slide_numbers(bundle), strict=True):
        numbers.setdefault(slide.block_id, []).extend(nums)
    return numbers


# --------------------------------------------------------------------------- the schedule


@dataclass
class StepTime:
    text: str
    mode: str
    minutes: int
    start: int
    end: int


@dataclass
class Segment:
    """A stretch of a block: a talk (slides shown), an exercise, or spare minutes."""

    kind: str  # "talk", "exercise" or "buffer"
    start: int
    end: int
    slides: list[int] = field(default_factory=list)
    slide_objects: list[tuple[Slide, list[int]]] = field(default_factory=list)
    exercise: Exercise | None = None
    steps: list[StepTime] = field(default_factory=list)
    rounds: list[tuple[int, int, int]] = field(default_factory=list)  # (n, start, end)

    @property
    def minutes(self) -> int:
        return self.end - self.start


@dataclass
class BlockPlan:
    block: AgendaBlock
    slides: list[int]
    segments: list[Segment]


@dataclass
class _Item:
    """A run of a block's slides: a talk, or the slides that present one exercise."""

    exercise: Exercise | None
    slides: list[tuple[Slide, list[int]]]

    @property
    def weight(self) -> int:
        return sum(len(nums) or 1 for _, nums in self.slides)


def exercise_of(slide: Slide, exercises: list[Exercise]) -> Exercise | None:
    """The exercise a slide presents: an .exercise slide, a slide with exercise=ID, or a
    poll/word-cloud slide whose ref= names an exercise of the same id."""
    if slide.kind == "exercise":
        wanted = slide.exercise.id if slide.exercise is not None else slide.attrs.get("ref", "")
    elif "exercise" in slide.attrs:
        wanted = slide.attrs["exercise"]
    elif slide.kind in ("poll", "wordcloud"):
        wanted = slide.attrs.get("ref", "")
    else:
        return None
    return next((e for e in exercises if e.id == wanted), None)


def share_minutes(total: int, weights: list[int]) -> list[int]:
    """Split `total` minutes by weight, in whole minutes, largest remainder first."""
    if total <= 0 or not weights or sum(weights) == 0:
        return [0] * len(weights)
    exact = [total * w / sum(weights) for w in weights]
    shares = [math.floor(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


def _block_items(
    block: AgendaBlock,
    numbered: list[tuple[Slide, list[int]]],
    exercises: list[Exercise],
) -> list[_Item]:
    """The block's slides as talks and exercises in slide order; unshown exercises last."""
    items: list[_Item] = []
    placed: set[str] = set()
    for slide, nums in numbered:
        if slide.block_id != block.id:
            continue
        exercise = exercise_of(slide, exercises)
        if exercise is not None and exercise.id not in placed:
            placed.add(exercise.id)
            items.append(_Item(exercise, [(slide, nums)]))
        elif items and items[-1].exercise is None:
            items[-1].slides.append((slide, nums))
        else:
            items.append(_Item(None, [(slide, nums)]))
    items += [_Item(e, []) for e in exercises if e.id not in placed]
    return items


def _exercise_segment(item: _Item, now: int) -> Segment:
    """An exercise starting at `now`, with the clock times of its steps and rounds."""
    exercise = item.exercise
    assert exercise is not None
    slide_nums = [n for _, nums in item.slides for n in nums]
    segment = Segment(
        "exercise", now, now + exercise.total_minutes, slide_nums, item.slides, exercise
    )
    step_start = now
    for step in exercise.steps:
        end = step_start + step.minutes
        segment.steps.append(StepTime(step.text, step.mode, step.minutes, step_start, end))
        step_start = end
    per_round = exercise.minutes_per_round
    for number in range(1, exercise.effective_rounds + 1):
        round_start = now + (number - 1) * per_round
        segment.rounds.append((number, round_start, round_start + per_round))
    return segment


def _segments(block: AgendaBlock, items: list[_Item], exercises: list[Exercise]) -> list[Segment]:
    """The items laid out from the block's start; the talks share the free minutes."""
    free = max(0, block.minutes - sum(e.total_minutes for e in exercises))
    talks = [i for i, item in enumerate(items) if item.exercise is None]
    shares = dict(zip(talks, share_minutes(free, [items[i].weight for i in talks]), strict=True))
    segments: list[Segment] = []
    now = minutes_of(block.start)
    for index, item in enumerate(items):
        if item.exercise is None:
            minutes = shares.get(index, 0)
            slide_nums = [n for _, nums in item.slides for n in nums]
            segments.append(Segment("talk", now, now + minutes, slide_nums, item.slides))
        else:
            segments.append(_exercise_segment(item, now))
        now = segments[-1].end
    if not talks and free > 0:
        segments.append(Segment("buffer", now, now + free))
    return segments


def plan_day(bundle: SamlingBundle) -> list[BlockPlan]:
    """Every agenda block split into talks and exercises with clock times."""
    numbered = list(zip(bundle.slides, per_slide_numbers(bundle), strict=True))
    plans: list[BlockPlan] = []
    for block in bundle.samling.agenda:
        exercises = [e for e in bundle.exercises if e.block == block.id]
        block_numbers = [n for slide, nums in numbered if slide.block_id == block.id for n in nums]
        if block.kind in BREAK_KINDS or not exercises:
            plans.append(BlockPlan(block, block_numbers, []))
            continue
        items = _block_items(block, numbered, exercises)
        plans.append(BlockPlan(block, block_numbers, _segments(block, items, exercises)))
    return plans


def exercises_in_day_order(bundle: SamlingBundle) -> list[Exercise]:
    """Every exercise in the order it is run: by block, then by its slide in the block."""
    ordered: list[Exercise] = []
    for plan in plan_day(bundle):
        for segment in plan.segments:
            if segment.exercise is not None and segment.exercise not in ordered:
                ordered.append(segment.exercise)
    ordered += [e for e in bundle.exercises if e not in ordered]
    return ordered


# --------------------------------------------------------------------------- copies


def group_count(bundle: SamlingBundle, exercise: Exercise | None = None) -> int:
    """The network groups in program.yaml, else the participants in groups of the
    exercise's size (6 when it names none)."""
    groups = len(bundle.program.network_groups)
    if groups:
        return groups
    size = (exercise.group_size if exercise and exercise.group_size else None) or 6
    return max(1, math.ceil(bundle.program.participants / size))


@dataclass
class Copies:
    count: int
    spare: int
    per_group: bool

    @property
    def total(self) -> int:
        return self.count + self.spare


def worksheet_copies(bundle: SamlingBundle, exercise: Exercise) -> Copies:
    """Copies to print: one per group for the diamond, else one per participant; 10 % spare."""
    if exercise.worksheet is not None and exercise.worksheet.layout == "diamond":
        return Copies(group_count(bundle, exercise), 1, True)
    count = bundle.program.participants
    return Copies(count, max(1, math.ceil(count * 0.1)), False)
