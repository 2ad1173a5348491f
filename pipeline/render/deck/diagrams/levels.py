"""The levels: one row per level, a coloured label and its description side by side."""

from __future__ import annotations

from collections.abc import Sequence

from pptx.enum.shapes import MSO_SHAPE

from pipeline.model.inline import plain_text
from pipeline.model.types import Malform, Slide
from pipeline.model.words import word
from pipeline.render.deck.blocks import list_and_rest
from pipeline.render.deck.canvas import INCH, SlideCanvas
from pipeline.render.deck.diagrams.common import (
    Fits,
    caption_above,
    caption_below,
    fallback_text,
    label_paras,
    summary,
    warn_unfit,
)
from pipeline.render.deck.layouts import Box
from pipeline.render.deck.text import Para, explicit_chain, measure

INSETS = (int(0.2 * INCH), int(0.1 * INCH), int(0.2 * INCH), int(0.1 * INCH))


def levels(canvas: SlideCanvas, slide: Slide, box: Box, malform: Malform) -> None:
    items, before, after = list_and_rest(slide.blocks)
    if not items:
        fallback_text(canvas, slide, box)
        return
    deck = canvas.deck
    area, after_h = caption_above(canvas, before, after, box, after_size=16)
    n = len(items)
    gap = int(0.12 * INCH)
    label_w = int(area.width * 0.24)
    desc_w = area.width - label_w - int(0.08 * INCH)
    labels = [label_paras(t, 24, "bg1") for t, _ in items]
    descs = [
        [Para.of(s, bullet="none", size=20, colour="tx1", before=4) for s in subs]
        for _, subs in items
    ]
    chain = explicit_chain(20)
    available = area.height - gap * (n - 1)
    scale, heights = fit_levels(canvas, labels, descs, (label_w, desc_w), available)
    group = canvas.group(
        summary(word("levels", malform), [t for t, _ in items], "; "), word("level", malform)
    )
    y = area.top
    colours = ["accent5", "accent1", "accent2", "accent3", "tx2"]
    for i, ((text, _), label, desc, h) in enumerate(
        zip(items, labels, descs, heights, strict=True)
    ):
        colour = colours[i % len(colours)]
        for para in label:
            para.colour = deck.text_on(colour)
        canvas.shape(
            MSO_SHAPE.RECTANGLE,
            Box(area.left, y, label_w, h),
            fill=colour,
            paras=label,
            chain=chain,
            scale=scale,
            ins=INSETS,
            group=group,
            name=f"{word('level', canvas.deck.malform)} {plain_text(text)}",
        )
        if desc:
            canvas.shape(
                MSO_SHAPE.RECTANGLE,
                Box(area.right - desc_w, y, desc_w, h),
                fill="bg2",
                paras=desc,
                chain=chain,
                scale=scale,
                ins=INSETS,
                group=group,
                anchor="ctr",
                name="Forklaring",
            )
        y += h + gap
    caption_below(canvas, after, box, after_h, size=16, align="r")


def fit_levels(
    canvas: SlideCanvas,
    labels: Sequence[list[Para]],
    descs: Sequence[list[Para]],
    widths: tuple[int, int],
    available: int,
) -> tuple[float, list[int]]:
    """One scale for all rows and each row's height, the rows filling `available` EMU.

    The scale is the largest, in steps down to 13 pt text, at which every row fits (a label
    with a word wider than its box never fits); if none does, a warning, and the rows
    share the room so they stay on the slide.
    """
    fonts = canvas.deck.fonts
    chain = explicit_chain(20)
    label_w, desc_w = widths
    ins = INSETS
    scale = 1.0
    heights: list[int] = []
    fits = False
    wide_word: str | None = None
    while scale >= 0.5:
        heights, wide_word = [], None
        for label, desc in zip(labels, descs, strict=True):
            lh = measure(label, label_w - ins[0] - ins[2], chain, fonts, scale)
            dh = measure(desc, desc_w - ins[0] - ins[2], chain, fonts, scale) if desc else lh
            wide = lh.widest_word_overflow
            wide_word = lh.wide_word if wide else wide_word
            heights.append(
                int(max(lh.height, dh.height)) + ins[1] + ins[3] + (10**9 if wide else 0)
            )
        if sum(heights) <= available and scale * 20 >= 13:
            fits = True
            break
        if scale * 20 < 13:
            break
        scale = round(scale - 0.04, 3)
    warn_unfit(canvas, Fits(fits, None if fits else wide_word), "the levels", 13)
    heights = [min(h, available) for h in heights]
    if sum(heights) > available:
        # Too much to say (and warned about): the rows share the room, staying on the slide.
        heights = [max(1, h * available // sum(heights)) for h in heights]
    spare = max(0, available - sum(heights))
    return scale, [h + spare // len(heights) for h in heights]
