"""The triangle: three corners, labelled, with an optional text in the middle."""

from __future__ import annotations

from collections.abc import Sequence

from pptx.enum.shapes import MSO_SHAPE
from pptx.shapes.group import GroupShape

from pipeline.model.inline import plain_text
from pipeline.model.types import BulletList, ListItem, Malform, Paragraph, Slide
from pipeline.model.words import word
from pipeline.render.deck.blocks import blocks_to_paras, list_and_rest, text_paras
from pipeline.render.deck.canvas import INCH, SlideCanvas
from pipeline.render.deck.diagrams.common import (
    GAP,
    LABEL_INSETS,
    fallback_text,
    label_paras,
    label_shape,
    summary,
    uniform_scale,
    warn_unfit,
)
from pipeline.render.deck.layouts import Box
from pipeline.render.deck.text import Para, explicit_chain

COLOURS = ("accent1", "accent2", "accent3")


def triangle(canvas: SlideCanvas, slide: Slide, box: Box, malform: Malform) -> None:
    """The first three items at the corners; other text in the middle if short, else beside."""
    items, before, after = list_and_rest(slide.blocks)
    if not items:
        fallback_text(canvas, slide, box)
        return
    corners = [t for t, _ in items[:3]]
    while len(corners) < 3:
        corners.append("")
    other = [*before, *after, *(BulletList(items=[ListItem(text=t)]) for t, _ in items[3:])]
    other_paras = text_paras(other, 24)
    middle = (
        bool(other_paras)
        and sum(len(p.text) for p in other_paras) <= 90
        and all(isinstance(b, Paragraph) for b in other)
    )
    side = bool(other_paras) and not middle
    width = int(min(box.width * (0.52 if side else 0.7), box.height * 1.45))
    # The two base labels must not meet: each is at most 42 % of the drawing's width.
    label_w, label_h = int(min(2.5 * INCH, width * 0.42)), int(0.75 * INCH)
    left = box.left if side else box.left + (box.width - width) // 2
    tri = Box(
        left + label_w // 3,
        box.top + label_h // 2,
        width - 2 * (label_w // 3),
        box.height - label_h,
    )
    description = summary(word("triangle", malform), corners, ", ")
    group = canvas.group(description, "Trekant")
    canvas.shape(
        MSO_SHAPE.ISOSCELES_TRIANGLE,
        tri,
        fill="bg2",
        line="accent1",
        line_width=3,
        group=group,
        name="Trekant",
        alt=description,
    )
    draw_corners(canvas, group, corners, corner_boxes(tri, label_w, label_h))
    if middle:
        middle_text(canvas, group, tri, other_paras)
    elif side:
        right = left + width + GAP
        canvas.text_area(
            blocks_to_paras(other),
            Box(right, box.top, box.right - right, box.height),
            use_placeholder=False,
            anchor="ctr",
        )


def corner_boxes(tri: Box, label_w: int, label_h: int) -> list[Box]:
    """The corner labels' boxes, centred on the corners: base left, base right, apex.

    The apex comes third, so that screen readers meet the corners in the order written.
    """
    return [
        Box(tri.left - label_w // 3, tri.bottom - label_h // 2, label_w, label_h),
        Box(tri.right - label_w + label_w // 3, tri.bottom - label_h // 2, label_w, label_h),
        Box(tri.left + tri.width // 2 - label_w // 2, tri.top - label_h // 2, label_w, label_h),
    ]


def draw_corners(
    canvas: SlideCanvas, group: GroupShape, corners: Sequence[str], boxes: Sequence[Box]
) -> None:
    """The corners' labels, all at one size; an empty corner has none."""
    scale, fits = uniform_scale(
        canvas,
        [(boxes[i], label_paras(corners[i], 22, "bg1")) for i in range(3)],
        LABEL_INSETS,
        14,
        rounded=0.5,
    )
    warn_unfit(canvas, fits, "a corner of the triangle", 14)
    for text, corner_box, colour in zip(corners, boxes, COLOURS, strict=True):
        if not text:
            continue
        name = f"{word('shape_corner', canvas.deck.malform)} {plain_text(text)}"
        label_shape(canvas, corner_box, text, 22, colour, scale, 0.5, group, name)


def middle_text(canvas: SlideCanvas, group: GroupShape, tri: Box, paras: Sequence[Para]) -> None:
    """A short text inside the triangle, bold and centred."""
    inner = Box(
        tri.left + tri.width // 4,
        tri.top + int(tri.height * 0.42),
        tri.width // 2,
        int(tri.height * 0.4),
    )
    canvas.textbox(
        inner,
        [
            Para(
                runs=p.runs, bullet="none", size=22, bold=True, colour="tx2", align="ctr", before=4
            )
            for p in paras
        ],
        background="bg2",
        chain=explicit_chain(22),
        ins=(0, 0, 0, 0),
        anchor="ctr",
        group=group,
        min_size=13,
        name="Midten",
        what="the text in the triangle",
    )
