"""The pyramid: levels stacked from a narrow top to a wide base, each labelled."""

from __future__ import annotations

from collections.abc import Sequence

from pptx.shapes.group import GroupShape

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

COLOURS = ("accent1", "accent5", "accent2", "accent3", "tx2")
LEVEL_GAP = int(0.07 * INCH)

Point = tuple[float, float]


def pyramid(canvas: SlideCanvas, slide: Slide, box: Box, malform: Malform) -> None:
    """The first list's items as levels, top first; their sub-items described beside them."""
    items, before, after = list_and_rest(slide.blocks)
    if not items:
        fallback_text(canvas, slide, box)
        return
    described = any(sub for _, sub in items)
    other = [*before, *after]
    side = described or bool(text_paras(other, 20))
    width = int(min(box.width * (0.52 if side else 0.75), box.height * 1.5))
    left = box.left if side else box.left + (box.width - width) // 2
    rows = level_rows(box, len(items))
    outlines = [level_outline(box, left, width, i, top, h) for i, (top, h) in enumerate(rows)]
    texts = [text for text, _ in items]
    group = canvas.group(summary(word("pyramid", malform), texts), word("pyramid", malform))
    draw_levels(canvas, group, texts, outlines)
    right = left + width + GAP
    side_w = box.right - right
    if described:
        draw_descriptions(canvas, group, [subs for _, subs in items], rows, right, side_w)
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


def level_rows(box: Box, count: int) -> list[tuple[float, float]]:
    """Each level's top and height: `count` rows, `LEVEL_GAP` apart, filling the box's height."""
    level_h = (box.height - LEVEL_GAP * (count - 1)) / count
    return [(box.top + i * (level_h + LEVEL_GAP), level_h) for i in range(count)]


def level_outline(
    box: Box, left: int, width: int, index: int, top: float, level_h: float
) -> tuple[list[Point], Box]:
    """A level's corners (the top level is a triangle) and the box for its label."""
    cx = left + width / 2
    # Widths along the sloping sides, so the gaps keep the sides straight.
    w_top = width * (top - box.top) / box.height
    w_bottom = width * (top + level_h - box.top) / box.height
    points = [
        (cx - w_bottom / 2, top + level_h),
        (cx - w_top / 2, top),
        (cx + w_top / 2, top),
        (cx + w_bottom / 2, top + level_h),
    ]
    if index == 0:
        points = [points[0], (cx, top), points[3]]
    label_w = (w_top + w_bottom) / 2 if index else w_bottom * 0.55
    label_top = top + (level_h * 0.45 if index == 0 else 0)
    label_h = level_h * (0.55 if index == 0 else 1.0)
    return points, Box(int(cx - label_w / 2), int(label_top), int(label_w), int(label_h))


def draw_levels(
    canvas: SlideCanvas,
    group: GroupShape,
    texts: Sequence[str],
    outlines: Sequence[tuple[list[Point], Box]],
) -> None:
    """The levels as filled shapes, their labels all at one size."""
    sizes = [(b, label_paras(t, 26, "bg1")) for t, (_, b) in zip(texts, outlines, strict=True)]
    scale, fits = uniform_scale(canvas, sizes, LABEL_INSETS, 14)
    warn_unfit(canvas, fits, "a pyramid level", 14)
    for i, (text, (points, label_box)) in enumerate(zip(texts, outlines, strict=True)):
        colour = COLOURS[i % len(COLOURS)]
        canvas.polygon(
            points,
            fill=colour,
            group=group,
            name=f"{word('level', canvas.deck.malform)} {plain_text(text)}",
            alt=plain_text(text),
        )
        scaled_textbox(
            canvas,
            label_box,
            label_paras(text, 26, canvas.deck.text_on(colour)),
            26,
            scale,
            group,
            word("shape_text", canvas.deck.malform),
            ins=LABEL_INSETS,
            background=colour,
        )


def draw_descriptions(
    canvas: SlideCanvas,
    group: GroupShape,
    descriptions: Sequence[list[str]],
    rows: Sequence[tuple[float, float]],
    left: int,
    width: int,
) -> None:
    """Each level's sub-items beside it, all at one size."""
    desc_boxes = [
        (
            Box(left, int(top), width, int(level_h)),
            [Para.of(s, bullet="none", size=20, colour="tx1") for s in subs],
        )
        for subs, (top, level_h) in zip(descriptions, rows, strict=True)
    ]
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
