"""The steps: a staircase of numbered boxes rising left to right."""

from __future__ import annotations

from pptx.enum.shapes import MSO_SHAPE

from pipeline.model.inline import plain_text
from pipeline.model.types import Malform, Slide
from pipeline.model.words import word
from pipeline.render.deck.blocks import list_and_rest
from pipeline.render.deck.canvas import INCH, SlideCanvas
from pipeline.render.deck.diagrams.common import (
    caption_above,
    caption_below,
    fallback_text,
    summary,
    uniform_scale,
    warn_unfit,
)
from pipeline.render.deck.layouts import Box
from pipeline.render.deck.text import Para, explicit_chain


def steps(canvas: SlideCanvas, slide: Slide, box: Box, malform: Malform) -> None:
    items, before, after = list_and_rest(slide.blocks)
    if not items:
        fallback_text(canvas, slide, box)
        return
    deck = canvas.deck
    area, after_h = caption_above(canvas, before, after, box)
    n = len(items)
    gap = int(0.14 * INCH)
    col_w = (area.width - gap * (n - 1)) // n
    lowest = 0.5 if n > 2 else 0.8
    group = canvas.group(
        summary(word("steps", malform), [t for t, _ in items]), word("steps", malform)
    )
    specs = []
    for i, (text, subs) in enumerate(items):
        fraction = lowest + (1 - lowest) * (i / max(1, n - 1))
        h = int(area.height * fraction)
        step_box = Box(area.left + i * (col_w + gap), area.bottom - h, col_w, h)
        colour = "accent1" if i % 2 == 0 else "accent5"
        paras = [
            Para.of(
                str(i + 1),
                bullet="none",
                size=40,
                bold=True,
                colour=deck.text_on(colour),
                align="l",
            ),
            Para.of(
                text,
                bullet="none",
                size=22,
                bold=True,
                colour=deck.text_on(colour),
                align="l",
                before=4,
                line=0.95,
            ),
        ]
        paras += [
            Para.of(s, bullet="none", size=16, colour=deck.text_on(colour), align="l", before=4)
            for s in subs
        ]
        specs.append((step_box, paras, colour, text))
    ins = (int(0.12 * INCH), int(0.12 * INCH), int(0.1 * INCH), int(0.1 * INCH))
    # The shortest step sets the size: measure each in its own box.
    scale, fits = uniform_scale(canvas, [(b, p) for b, p, _, _ in specs], ins, 13)
    warn_unfit(canvas, fits, "a step", 13)
    for step_box, paras, colour, text in specs:
        canvas.shape(
            MSO_SHAPE.RECTANGLE,
            step_box,
            fill=colour,
            paras=paras,
            chain=explicit_chain(22),
            scale=scale,
            anchor="t",
            ins=ins,
            group=group,
            name=f"{word('steps', canvas.deck.malform)} {plain_text(text)}",
        )
    caption_below(canvas, after, box, after_h)
