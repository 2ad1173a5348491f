"""The pyramid: levels stacked from a narrow top to a wide base, each labelled."""

from __future__ import annotations

from pipeline.model.inline import plain_text
from pipeline.model.types import Malform, Slide
from pipeline.model.words import word
from pipeline.render.deck.blocks import list_and_rest, text_paras
from pipeline.render.deck.canvas import INCH, SlideCanvas
from pipeline.render.deck.diagrams.common import (
    GAP,
    LABEL_INSETS,
    caption,
    fallback_text,
    label_paras,
    scaled_textbox,
    summary,
    uniform_scale,
    warn_unfit,
)
from pipeline.render.deck.layouts import Box
from pipeline.render.deck.text import Para, explicit_chain


def pyramid(canvas: SlideCanvas, slide: Slide, box: Box, malform: Malform) -> None:
    items, before, after = list_and_rest(slide.blocks)
    if not items:
        fallback_text(canvas, slide, box)
        return
    deck = canvas.deck
    n = len(items)
    described = any(sub for _, sub in items)
    other = [*before, *after]
    side = described or bool(text_paras(other, 20))
    height = box.height
    width = int(min(box.width * (0.52 if side else 0.75), height * 1.5))
    left = box.left if side else box.left + (box.width - width) // 2
    cx = left + width / 2
    gap = int(0.07 * INCH)
    level_h = (height - gap * (n - 1)) / n
    group = canvas.group(summary(word("pyramid", malform), [t for t, _ in items]), "Pyramide")
    colours = ["accent1", "accent5", "accent2", "accent3", "tx2"]
    shapes = []
    label_boxes = []
    for i, (text, _) in enumerate(items):
        top = box.top + i * (level_h + gap)
        w_top = width * (i / n) if i else 0.0
        w_bottom = width * ((i + 1) / n)
        # Widths along the sloping sides, so the gaps keep the sides straight.
        w_top = width * (top - box.top) / height
        w_bottom = width * (top + level_h - box.top) / height
        points = [
            (cx - w_bottom / 2, top + level_h),
            (cx - w_top / 2, top),
            (cx + w_top / 2, top),
            (cx + w_bottom / 2, top + level_h),
        ]
        if i == 0:
            points = [points[0], (cx, top), points[3]]
        label_w = (w_top + w_bottom) / 2 if i else w_bottom * 0.55
        label_top = top + (level_h * 0.45 if i == 0 else 0)
        label_h = level_h * (0.55 if i == 0 else 1.0)
        label_boxes.append(Box(int(cx - label_w / 2), int(label_top), int(label_w), int(label_h)))
        shapes.append((points, colours[i % len(colours)], text))
    sizes = [
        (b, label_paras(t, 26, "bg1")) for b, (_, _, t) in zip(label_boxes, shapes, strict=True)
    ]
    scale, fits = uniform_scale(canvas, sizes, LABEL_INSETS, 14)
    warn_unfit(canvas, fits, "a pyramid level", 14)
    for (points, colour, text), label_box in zip(shapes, label_boxes, strict=True):
        canvas.polygon(
            points,
            fill=colour,
            group=group,
            name=f"Nivå {plain_text(text)}",
            alt=plain_text(text),
        )
        scaled_textbox(
            canvas,
            label_box,
            label_paras(text, 26, deck.text_on(colour)),
            26,
            scale,
            group,
            "Tekst",
            ins=LABEL_INSETS,
            background=colour,
        )
    right = left + width + GAP
    side_w = box.right - right
    if described:
        desc_boxes = []
        for i, (_, subs) in enumerate(items):
            top = box.top + i * (level_h + gap)
            desc_boxes.append(
                (
                    Box(right, int(top), side_w, int(level_h)),
                    [Para.of(s, bullet="none", size=20, colour="tx1") for s in subs],
                )
            )
        dscale, dfits = uniform_scale(canvas, desc_boxes, (0, 0, 0, 0), 13)
        warn_unfit(canvas, dfits, "a pyramid description", 13)
        for desc_box, paras in desc_boxes:
            canvas.textbox(
                desc_box,
                paras,
                chain=explicit_chain(20),
                ins=(0, 0, 0, 0),
                anchor="ctr",
                group=group,
                max_scale=dscale,
                min_size=13 * 0.99,
                warn=False,
            )
    if text_paras(other, 20):
        if described:
            caption(
                canvas,
                other,
                Box(box.left, box.bottom - int(0.5 * INCH), box.width, int(0.5 * INCH)),
                size=16,
                anchor="b",
            )
        else:
            caption(canvas, other, Box(right, box.top, side_w, box.height), size=24, anchor="ctr")
