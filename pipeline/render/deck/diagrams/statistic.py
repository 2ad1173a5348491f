"""The statistic: large numbers, each in a ring that shows a percentage."""

from __future__ import annotations

import re

from pptx.enum.shapes import MSO_SHAPE
from pptx.shapes.group import GroupShape

from pipeline.model.inline import plain_text
from pipeline.model.types import Malform, Slide
from pipeline.model.words import word
from pipeline.render.deck.blocks import list_and_rest
from pipeline.render.deck.canvas import SlideCanvas
from pipeline.render.deck.diagrams.common import (
    GAP,
    SMALL_GAP,
    caption_above,
    caption_below,
    fallback_text,
    label_paras,
    scaled_textbox,
    summary,
    uniform_scale,
    warn_unfit,
)
from pipeline.render.deck.layouts import Box

_NUMBER = re.compile(r"^\s*([-+]?\d[\d\s.,]*\s*%?)\s*[:–-]?\s*(.*)$")


def _statistic_parts(text: str) -> tuple[str, str]:
    plain = plain_text(text)
    if ":" in plain:
        value, rest = plain.split(":", 1)
        return value.strip(), rest.strip()
    match = _NUMBER.match(plain)
    if match:
        return match.group(1).strip(), match.group(2).strip()
    return plain, ""


def _percent(value: str) -> float | None:
    match = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*%\s*", value)
    if not match:
        return None
    return max(0.0, min(100.0, float(match.group(1).replace(",", "."))))


def ring_shape(
    canvas: SlideCanvas,
    box: Box,
    fill: str,
    thickness: float,
    group: GroupShape,
    name: str,
    alt: str,
) -> None:
    """A whole ring (a donut `thickness` of its size wide), as the statistic draws them."""
    canvas.shape(
        MSO_SHAPE.DONUT,
        box,
        fill=fill,
        group=group,
        adjustments=[thickness],
        name=name,
        alt=alt,
    )


COLOURS = ("accent5", "accent2", "accent1", "accent3")
RING_THICKNESS = 0.16


def statistic(canvas: SlideCanvas, slide: Slide, box: Box, malform: Malform) -> None:
    """Each item a number (in a ring, filled to its share if it is a percentage) and a label."""
    items, before, after = list_and_rest(slide.blocks)
    if not items:
        fallback_text(canvas, slide, box)
        return
    area, after_h = caption_above(canvas, before, after, box, after_size=16)
    n = len(items)
    col_w = (area.width - GAP * (n - 1)) // n
    label_h = int(area.height * 0.32)
    ring = int(min(col_w * 0.78, area.height - label_h - SMALL_GAP))
    parts = [_statistic_parts(text) for text, _ in items]
    group = canvas.group(
        summary(word("statistic", malform), [f"{v} {lab}".strip() for v, lab in parts], "; "),
        "Tal",
    )
    columns = [area.left + i * (col_w + GAP) for i in range(n)]
    ring_boxes = [Box(x + (col_w - ring) // 2, area.top, ring, ring) for x in columns]
    value_boxes = [
        Box(rb.left + ring // 6, rb.top + ring // 4, ring * 2 // 3, ring // 2) for rb in ring_boxes
    ]
    label_boxes = [
        Box(x, rb.bottom + SMALL_GAP, col_w, area.bottom - rb.bottom - SMALL_GAP)
        for x, rb in zip(columns, ring_boxes, strict=True)
    ]
    vscale, vfits = uniform_scale(
        canvas,
        [(b, label_paras(v, 54, "tx2")) for b, (v, _) in zip(value_boxes, parts, strict=True)],
        (0, 0, 0, 0),
        20,
    )
    lscale, lfits = uniform_scale(
        canvas,
        [
            (b, label_paras(lab, 24, "tx1", bold=False))
            for b, (_, lab) in zip(label_boxes, parts, strict=True)
        ],
        (0, 0, 0, 0),
        14,
    )
    warn_unfit(canvas, vfits and lfits, "a number or its label", 14)
    for i, ((value, lab), ring_box, vbox, lbox) in enumerate(
        zip(parts, ring_boxes, value_boxes, label_boxes, strict=True)
    ):
        colour = COLOURS[i % len(COLOURS)]
        draw_ring(canvas, group, ring_box, value, colour, f"{value} {lab}".strip())
        scaled_textbox(
            canvas,
            vbox,
            label_paras(value, 54, "tx2"),
            54,
            vscale,
            group,
            word("statistic", malform),
        )
        if lab:
            scaled_textbox(
                canvas,
                lbox,
                label_paras(lab, 24, "tx1", bold=False),
                24,
                lscale,
                group,
                "Forklaring",
                anchor="t",
            )
    caption_below(canvas, after, box, after_h, size=16, align="r")


def draw_ring(
    canvas: SlideCanvas, group: GroupShape, box: Box, value: str, colour: str, alt: str
) -> None:
    """A light ring; a percentage fills its share of it, clockwise from the top, in `colour`.

    A value that is not a percentage gets a whole ring in `colour`; 0 % leaves it light.
    """
    pct = _percent(value)
    part = f"{word('shape_part', canvas.deck.malform)} {value}"
    ring_shape(canvas, box, "bg2", RING_THICKNESS, group, "Ring", alt)
    if pct is None:
        ring_shape(canvas, box, colour, RING_THICKNESS, group, "Ring", alt)
    elif pct >= 99.5:
        ring_shape(canvas, box, colour, RING_THICKNESS, group, part, alt)
    elif pct > 0:
        # Angles in DrawingML are 60000ths of a degree; python-pptx scales by 100000.
        start = 270.0
        end = (start + pct * 3.6) % 360
        canvas.shape(
            MSO_SHAPE.BLOCK_ARC,
            box,
            fill=colour,
            group=group,
            adjustments=[start * 0.6, end * 0.6, RING_THICKNESS],
            name=part,
            alt=alt,
        )
