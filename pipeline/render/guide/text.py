"""The guide's wording: names, counts and times as text, and the sources cited on slides.

Plain strings from the model, no python-docx: the guide's writer puts them into the document.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pipeline.model.inline import plain_text
from pipeline.model.plan import Copies
from pipeline.model.types import AgendaBlock, Exercise, Malform, Quote, SamlingBundle
from pipeline.model.words import word

# Slide kinds that take their values from lederplattform.yaml with source=lederplattform.
PLATFORM_KINDS = ("diamond", "cards", "bullets")


def block_title(block: AgendaBlock, malform: Malform) -> str:
    return block.title or word(block.kind, malform)


def mode_name(mode: str, malform: Malform) -> str:
    return word(mode, malform)


def copies_text(bundle: SamlingBundle, copies: Copies) -> str:
    malform = bundle.malform
    basis = word("per_group" if copies.per_group else "per_participant", malform)
    return (
        f"{copies.total} {word('copies', malform)} ({copies.count}, {basis}, "
        f"+ {copies.spare} {word('reserve', malform)})"
    )


def exercise_minutes_text(exercise: Exercise, malform: Malform) -> str:
    unit = word("minutes", malform)
    parts = " + ".join(str(s.minutes) for s in exercise.steps)
    if exercise.effective_rounds > 1:
        return (
            f"{exercise.total_minutes} {unit}: {exercise.effective_rounds} × "
            f"{exercise.minutes_per_round} {unit} ({parts})"
        )
    if len(exercise.steps) > 1:
        return f"{exercise.total_minutes} {unit} ({parts})"
    return f"{exercise.total_minutes} {unit}"


def slide_quotes(bundle: SamlingBundle, numbers: list[list[int]]) -> list[tuple[str, list[int]]]:
    """Sources cited on slides (quote sources, source= settings), with their slide numbers."""
    found: dict[str, list[int]] = {}
    for slide, nums in zip(bundle.slides, numbers, strict=True):
        sources = []
        if slide.attrs.get("source") == "lederplattform" and slide.kind in PLATFORM_KINDS:
            # The values come from the leaders' own platform: named in words, not by the key.
            sources.append(platform_source(slide.title, bundle.malform))
        elif slide.attrs.get("source"):
            sources.append(slide.attrs["source"])
        blocks = [*slide.blocks, *(b for c in slide.columns for b in c.blocks)]
        for body in blocks:
            if isinstance(body, Quote) and body.source:
                sources.append(body.source)
        for source in sources:
            found.setdefault(plain_text(source).strip().lstrip("-–— ").strip(), []).extend(nums)
    return sorted(found.items(), key=lambda item: norwegian_sort_key(item[0]))


def platform_source(title: str, malform: Malform) -> str:
    """How the guide cites a slide whose values come from lederplattform.yaml."""
    what = word("platform_values", malform)
    return f"{plain_text(title)} ({what})" if title.strip() else what[:1].upper() + what[1:]


def image_credits(bundle: SamlingBundle, numbers: list[list[int]]) -> list[tuple[str, list[int]]]:
    used: dict[str, list[int]] = {}
    for slide, nums in zip(bundle.slides, numbers, strict=True):
        blocks = [*slide.blocks, *(b for c in slide.columns for b in c.blocks)]
        for body in blocks:
            if body.kind == "image":
                used.setdefault(body.ref, []).extend(nums)
    lines: list[tuple[str, list[int]]] = []
    for key, image in bundle.samling.images.items():
        parts = [image.credit or image.file]
        if image.license:
            parts.append(image.license)
        if image.source_url:
            parts.append(image.source_url)
        line = ". ".join(p.rstrip(".") for p in parts) + "."
        lines.append((line, used.get(key, [])))
    return sorted(lines, key=lambda item: norwegian_sort_key(item[0]))


def format_numbers(numbers: Iterable[int]) -> str:
    """[3, 4, 5, 9] -> '3–5, 9'."""
    values = sorted(set(numbers))
    parts: list[str] = []
    index = 0
    while index < len(values):
        start = values[index]
        end = start
        while index + 1 < len(values) and values[index + 1] == end + 1:
            index += 1
            end = values[index]
        parts.append(str(start) if start == end else f"{start}–{end}")
        index += 1
    return ", ".join(parts)


def norwegian_sort_key(value: str) -> tuple[Any, ...]:
    """Sort Norwegian text: æ, ø, å after z; case and emphasis marks ignored."""
    order = "abcdefghijklmnopqrstuvwxyzæøå"
    folded = plain_text(value).casefold()
    key: list[int] = []
    for char in folded:
        if char in order:
            key.append(100 + order.index(char))
        elif char.isdigit():
            key.append(10 + int(char))
        elif char in "éèê":
            key.append(100 + order.index("e"))
        elif char.isalpha():
            key.append(200 + ord(char))
        else:
            continue
    return tuple(key)
