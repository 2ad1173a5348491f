"""The cards: one card per item, in up to three rows."""

from __future__ import annotations

import math

from pptx.enum.shapes import MSO_SHAPE

from pipeline.model.inline import plain_text
from pipeline.model.types import Malform, Slide
from pipeline.model.words import word
from pipeline.render.deck.blocks import list_and_rest
from pipeline.render.deck.canvas import INCH, SlideCanvas
from pipeline.render.deck.diagrams.common import (
    PALETTE,
    caption,
    caption_below,
    caption_height,
    fallback_text,
    summary,
    uniform_scale,
    warn_unfit,
)
from pipeline.render.deck.layouts import Box
from pipeline.render.deck.text import Para, explicit_chain


def cards(canvas: SlideCanvas, slide: Slide, box: Box, malform: Malform) -> None:
    items, before, after = list_and_rest(slide.blocks)
    if not items:
        fallback_text(canvas, slide, box)
        return
    before_h = caption_height(canvas, before, box.width, size=20)
    if before_h:
        caption(canvas, before, Box(box.left, box.top, box.width, before_h), size=20)
    after_h = caption_height(canvas, after, box.width, size=16)
    area = Box(box.left, box.top + before_h, box.width, box.height - before_h - after_h)
    n = len(items)
    per_row = n if n <= 5 else math.ceil(n / (2 if n <= 10 else 3))
    row_count = math.ceil(n / per_row)
    gap = int(0.2 * INCH)
    card_w = (area.width - gap * (per_row - 1)) // per_row
    described = any(subs for _, subs in items)
    # Many cards under a long caption leave less than nothing: the cards then overflow (and
    # the fit check says so) rather than get a negative size, which OOXML has not.
    card_w = max(card_w, int(0.5 * INCH))
    card_h = max((area.height - gap * (row_count - 1)) // row_count, int(0.5 * INCH))
    if not described:
        card_h = min(card_h, int(2.6 * INCH))
    y0 = area.top + (area.height - (card_h * row_count + gap * (row_count - 1))) // 2
    group = canvas.group(
        summary(word("cards", malform), [t for t, _ in items], "; "), word("cards", malform)
    )
    bar = int(0.12 * INCH)
    specs = []
    for i, (text, subs) in enumerate(items):
        r, c = divmod(i, per_row)
        in_row = min(per_row, n - r * per_row)
        row_left = area.left + (area.width - (in_row * card_w + (in_row - 1) * gap)) // 2
        card = Box(row_left + c * (card_w + gap), y0 + r * (card_h + gap), card_w, card_h)
        paras = [
            Para.of(
                text,
                bullet="none",
                size=26,
                bold=True,
                colour="tx2",
                align="l" if described else "ctr",
                line=0.95,
            )
        ]
        paras += [Para.of(s, bullet="none", size=18, colour="tx1", before=6) for s in subs]
        specs.append((card, paras, PALETTE[i % 4], text))
    ins = (int(0.18 * INCH), int(0.18 * INCH) + bar, int(0.18 * INCH), int(0.15 * INCH))
    scale, fits = uniform_scale(canvas, [(b, p) for b, p, _, _ in specs], ins, 14)
    warn_unfit(canvas, fits, "a card", 14)
    for card, paras, colour, text in specs:
        canvas.shape(
            MSO_SHAPE.RECTANGLE,
            card,
            fill="bg2",
            paras=paras,
            chain=explicit_chain(26),
            scale=scale,
            anchor="t" if described else "ctr",
            ins=ins,
            group=group,
            name=f"{word('cards', canvas.deck.malform)} {plain_text(text)}",
        )
        canvas.shape(
            MSO_SHAPE.RECTANGLE,
            Box(card.left, card.top, card.width, bar),
            fill=colour,
            group=group,
            name="Kortstrek",
            alt=plain_text(text),
        )
    caption_below(canvas, after, box, after_h, size=16)
