"""The flow: boxes in a row joined by arrows, each with an optional explanation."""

from __future__ import annotations

from pptx.enum.shapes import MSO_SHAPE

from pipeline.model.inline import plain_text
from pipeline.model.types import Malform, Slide
from pipeline.model.words import word
from pipeline.render.deck.blocks import list_and_rest
from pipeline.render.deck.canvas import INCH, SlideCanvas
from pipeline.render.deck.diagrams.common import (
    LABEL_INSETS,
    SMALL_GAP,
    caption_above,
    caption_below,
    fallback_text,
    label_paras,
    label_shape,
    summary,
    uniform_scale,
    warn_unfit,
)
from pipeline.render.deck.layouts import Box
from pipeline.render.deck.text import Para, explicit_chain


def flow(canvas: SlideCanvas, slide: Slide, box: Box, malform: Malform) -> None:
    items, before, after = list_and_rest(slide.blocks)
    if not items:
        fallback_text(canvas, slide, box)
        return
    area, after_h = caption_above(canvas, before, after, box)
    n = len(items)
    arrow_w = int(min(0.75 * INCH, area.width * 0.3 / (n - 1))) if n > 1 else 0
    col_w = (area.width - arrow_w * (n - 1)) // n
    described = any(subs for _, subs in items)
    box_h = int(min(area.height * (0.45 if described else 0.6), 2.4 * INCH))
    y = (
        area.top + (area.height - box_h) // 2
        if not described
        else area.top + int(area.height * 0.1)
    )
    group = canvas.group(
        summary(word("flow", malform), [t for t, _ in items], " → "), word("flow", malform)
    )
    colours = ["accent5", "accent1", "accent2", "accent3", "tx2"]
    boxes = [Box(area.left + i * (col_w + arrow_w), y, col_w, box_h) for i in range(n)]
    label_sets = [label_paras(t, 28, "bg1") for t, _ in items]
    scale, fits = uniform_scale(
        canvas, list(zip(boxes, label_sets, strict=True)), LABEL_INSETS, 14, rounded=0.12
    )
    warn_unfit(canvas, fits, "a box in the flow", 14)
    for i, ((text, subs), b) in enumerate(zip(items, boxes, strict=True)):
        colour = colours[i % len(colours)]
        name = f"{word('step', malform)} {plain_text(text)}"
        label_shape(canvas, b, text, 28, colour, scale, 0.12, group, name)
        if i < n - 1:
            size = int(min(arrow_w * 0.7, box_h * 0.4))
            canvas.shape(
                MSO_SHAPE.RIGHT_ARROW,
                Box(b.right + (arrow_w - size) // 2, y + (box_h - size) // 2, size, size),
                fill="accent6",
                group=group,
                name="Pil",
                alt=f"{plain_text(text)} → {plain_text(items[i + 1][0])}",
            )
        if subs:
            canvas.textbox(
                Box(b.left, b.bottom + SMALL_GAP, b.width, area.bottom - b.bottom - SMALL_GAP),
                [
                    Para.of(s, bullet="none", size=18, colour="tx1", align="ctr", before=4)
                    for s in subs
                ],
                chain=explicit_chain(18),
                ins=(0, 0, 0, 0),
                group=group,
                min_size=12,
                name="Forklaring",
            )
    caption_below(canvas, after, box, after_h)
