"""The warning for text that does not fit a slide, with the fix the facilitator can make.

A slide written in slides.md is fixed there: shorten it or split the slide. A slide the build
makes from other content (the agenda from samling.yaml, the title and the frame slides from
program.yaml) cannot be split in slides.md, so its warning points at that content instead and
says what to change there.
"""

from __future__ import annotations

from pipeline.errors import Diagnostic
from pipeline.model.types import Slide

# What a facilitator can change, per kind of slide the build generates.
GENERATED_FIX = {
    "agenda": (
        "the agenda slide is made from the agenda in samling.yaml: give the blocks shorter "
        "titles and fewer topics, or leave blocks off the slide with on_agenda_slide: false"
    ),
    "pause": "the break slide is made from its block in samling.yaml: shorten the block's title",
    "lunsj": "the break slide is made from its block in samling.yaml: shorten the block's title",
    "title": (
        "the title slide is made from program.yaml: shorten the programme's title, the "
        "kommune's name or the samling's theme and place"
    ),
    "frame": (
        "frame slides are made from frame_slides in program.yaml: shorten this frame slide's "
        "points there, or spread them over two frame slides"
    ),
}


def too_wide(wide: str, what: str, min_size: float) -> tuple[str, str]:
    """(problem, fix) for a word wider than its box even at the smallest size: set there,
    it breaks in the middle ("Nettverksgruppe|ne")."""
    return (
        f"the word «{wide}» in {what} is wider than its box even at the smallest allowed "
        f"size ({min_size:g} pt), so it breaks in two",
        "use a shorter word, or split it with a hyphen",
    )


def unfit_warning(number: int, model: Slide, title: str, problem: str, own_fix: str) -> Diagnostic:
    """`problem` ("the text does not fit …") on slide `number`; `own_fix` is the advice for a
    slide written in slides.md."""
    shown = title or model.title or model.kind
    generated = GENERATED_FIX.get(model.kind)
    if generated is None:
        return Diagnostic(
            "warning",
            f"slide {number} «{shown}»: {problem}; {own_fix}",
            file=model.source.file,
            line=model.source.line,
        )
    where = model.made_from or model.source
    return Diagnostic(
        "warning",
        f"slide {number} «{shown}»: {problem}",
        file=where.file,
        line=where.line,
        hint=generated,
    )
