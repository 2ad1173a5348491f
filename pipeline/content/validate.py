"""Checks across the content: the agenda's clock, exercises against their blocks, slides
against the agenda. Each check returns diagnostics; none of them reads files."""

from __future__ import annotations

from pipeline.content.read_yaml import YamlDocument
from pipeline.errors import Diagnostic
from pipeline.model import types as model
from pipeline.model.clock import minutes_of


def check_agenda(
    samling: model.Samling, info: model.SamlingInfo, doc: YamlDocument
) -> list[Diagnostic]:
    """The agenda's blocks one by one, then their order in the day, then the day's ends."""
    agenda = samling.agenda
    return [
        *_check_blocks(agenda, doc),
        *_check_sequence(agenda, doc),
        *_check_day_bounds(agenda, info, doc),
    ]


def _check_blocks(agenda: list[model.AgendaBlock], doc: YamlDocument) -> list[Diagnostic]:
    """Each block on its own: a unique id, a positive length, a title where one is needed."""
    found: list[Diagnostic] = []
    seen: dict[str, int] = {}
    for index, block in enumerate(agenda):
        if block.id in seen:
            found.append(
                doc.diagnostic(
                    ("agenda", index, "id"),
                    f"the block id {block.id!r} is used twice "
                    f"(first in block {seen[block.id] + 1})",
                    hint="give each block its own id",
                )
            )
        seen.setdefault(block.id, index)
        if block.minutes <= 0:
            found.append(
                doc.diagnostic(
                    ("agenda", index, "end"),
                    f"the block {block.id!r} ends at {model.clock(block.end)}, "
                    f"which is not after its start {model.clock(block.start)}",
                )
            )
        if block.kind not in ("pause", "lunsj") and not block.title:
            found.append(
                doc.diagnostic(
                    ("agenda", index),
                    f"the block {block.id!r} has no title",
                    hint="only pause and lunsj blocks may leave it out",
                )
            )
    return found


def _check_sequence(agenda: list[model.AgendaBlock], doc: YamlDocument) -> list[Diagnostic]:
    """Each block against the one above it: in time order, no overlap, no unexplained gap."""
    found: list[Diagnostic] = []
    for index in range(1, len(agenda)):
        problem = _sequence_problem(agenda[index - 1], agenda[index])
        if problem is not None:
            message, hint = problem
            found.append(doc.diagnostic(("agenda", index, "start"), message, hint=hint))
    return found


def _sequence_problem(
    before: model.AgendaBlock, block: model.AgendaBlock
) -> tuple[str, str] | None:
    """What is wrong with `block` starting where it does after `before`, with a hint."""
    starts, before_starts = minutes_of(block.start), minutes_of(before.start)
    before_ends = minutes_of(before.end)
    if starts < before_starts:
        return (
            f"the block {block.id!r} starts at {model.clock(block.start)}, before the "
            f"block above it ({before.id!r} at {model.clock(before.start)})",
            "list the blocks in time order",
        )
    if starts < before_ends:
        return (
            f"the block {block.id!r} starts at {model.clock(block.start)}, but "
            f"{before.id!r} runs until {model.clock(before.end)}: they overlap",
            f"start it at {model.clock(before.end)} or end {before.id!r} earlier",
        )
    if starts > before_ends:
        return (
            f"there are {starts - before_ends} unexplained minutes between {before.id!r} (ends "
            f"{model.clock(before.end)}) and {block.id!r} (starts "
            f"{model.clock(block.start)})",
            "close the gap, or add a block (for example a pause) for it",
        )
    return None


def _check_day_bounds(
    agenda: list[model.AgendaBlock], info: model.SamlingInfo, doc: YamlDocument
) -> list[Diagnostic]:
    """The agenda against the day's start and end in program.yaml (warnings only)."""
    found: list[Diagnostic] = []
    if agenda and info.start is not None and agenda[0].start != info.start:
        found.append(
            doc.diagnostic(
                ("agenda", 0, "start"),
                f"the agenda starts at {model.clock(agenda[0].start)}, but program.yaml says "
                f"samling {info.number} starts at {model.clock(info.start)}",
                severity="warning",
            )
        )
    if agenda and info.end is not None and agenda[-1].end != info.end:
        found.append(
            doc.diagnostic(
                ("agenda", len(agenda) - 1, "end"),
                f"the agenda ends at {model.clock(agenda[-1].end)}, but program.yaml says "
                f"samling {info.number} ends at {model.clock(info.end)}",
                severity="warning",
            )
        )
    return found


def describe_minutes(exercise: model.Exercise) -> str:
    steps = "+".join(str(step.minutes) for step in exercise.steps)
    if exercise.effective_rounds == 1:
        return f"{steps} = {exercise.total_minutes} minutes"
    why = " (one per rotating role)" if exercise.rotate_roles and exercise.rounds is None else ""
    return f"{exercise.effective_rounds} rounds{why} × ({steps}) = {exercise.total_minutes} minutes"


def check_exercises(
    samling: model.Samling, exercises: dict[str, model.Exercise], doc: YamlDocument | None
) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    blocks = {block.id: block for block in samling.agenda}
    for exercise_id, exercise in exercises.items():
        block = blocks.get(exercise.block)
        if block is None:
            message = f"block {exercise.block!r} is not an agenda block in samling.yaml"
            if doc is not None:
                found.append(doc.diagnostic((exercise_id, "block"), message))
            continue
        if exercise.rotate_roles and not exercise.roles and doc is not None:
            found.append(
                doc.diagnostic(
                    (exercise_id, "rotate_roles"),
                    "rotate_roles is true, but the exercise has no roles",
                    hint="list the roles, or set rotate_roles: false",
                )
            )
        if (
            exercise.rotate_roles
            and exercise.rounds is not None
            and exercise.roles
            and exercise.rounds % len(exercise.roles)
        ) and doc is not None:
            found.append(
                doc.diagnostic(
                    (exercise_id, "rounds"),
                    f"{exercise.rounds} rounds do not give each of the {len(exercise.roles)} "
                    "rotating roles the same number of turns",
                    severity="warning",
                )
            )
        if exercise.total_minutes > block.minutes and doc is not None:
            found.append(
                doc.diagnostic(
                    (exercise_id, "steps"),
                    f"the exercise {exercise_id!r} needs {describe_minutes(exercise)}, but its "
                    f"block {block.id!r} ({model.clock(block.start)}–{model.clock(block.end)}) "
                    f"has {block.minutes}: the day will run "
                    f"{exercise.total_minutes - block.minutes} minutes late",
                    severity="warning",
                    hint="shorten the steps, use fewer rounds, or lengthen the block",
                )
            )
    return found


def check_slide_coverage(
    samling: model.Samling, slides: list[model.Slide], doc: YamlDocument
) -> list[Diagnostic]:
    """Every block on the agenda slide has slides (the slide-to-block direction is checked
    while reading the slides, where the line is known)."""
    found: list[Diagnostic] = []
    with_slides = {slide.block_id for slide in slides}
    for index, block in enumerate(samling.agenda):
        if block.on_agenda_slide and block.id not in with_slides:
            found.append(
                doc.diagnostic(
                    ("agenda", index, "id"),
                    f"the block {block.id!r} is on the agenda, but no slide belongs to it",
                    severity="warning",
                    hint=f"add block={block.id} to the first slide of that part of the day",
                )
            )
    return found
