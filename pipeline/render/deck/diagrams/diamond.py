"""The diamond: up to nine values in rows of 1, 2, 3, 2, 1, for ranking."""

from __future__ import annotations

from pptx.enum.shapes import MSO_SHAPE

from pipeline.model.inline import plain_text
from pipeline.model.types import Malform, Slide
from pipeline.model.words import word
from pipeline.render.deck.blocks import blocks_to_paras, list_and_rest, text_paras
from pipeline.render.deck.canvas import INCH, SlideCanvas
from pipeline.render.deck.diagrams.common import (
    GAP,
    LABEL_INSETS,
    label_paras,
    label_shape,
    summary,
    uniform_scale,
    warn_unfit,
)
from pipeline.render.deck.layouts import Box
from pipeline.render.deck.text import Para, explicit_chain


def diamond(canvas: SlideCanvas, slide: Slide, box: Box, malform: Malform) -> None:
    items, before, after = list_and_rest(slide.blocks)
    values = [plain_text(t) for t, _ in items][:9]
    other = [*before, *after]
    other_paras = text_paras(other, 22)
    rows = [1, 2, 3, 2, 1]
    gap = int(0.12 * INCH)
    diag_w = int(box.width * 0.58) if other_paras else box.width
    row_h = (box.height - gap * 4) // 5
    cell_w = int(min(row_h * 3.0, (diag_w - 2 * gap) / 3))
    total_w = 3 * cell_w + 2 * gap
    left = box.right - total_w if other_paras else box.left + (box.width - total_w) // 2
    if other_paras:
        canvas.text_area(
            blocks_to_paras(other),
            Box(box.left, box.top, box.width - total_w - GAP, box.height),
            use_placeholder=False,
            anchor="ctr",
        )
    description = (
        summary(word("diamond", malform), values, ", ")
        if values
        else word("diamond_empty", malform)
    )
    group = canvas.group(description, "Diamant")
    colours = ["accent3", "accent1", "accent1", "accent5", "accent5"]
    boxes = []
    index = 0
    for r, count in enumerate(rows):
        row_w = count * cell_w + (count - 1) * gap
        x0 = left + (total_w - row_w) // 2
        y = box.top + r * (row_h + gap)
        for c in range(count):
            boxes.append((Box(x0 + c * (cell_w + gap), y, cell_w, row_h), colours[r], index))
            index += 1
    texts = [(b, label_paras(values[i], 24, "bg1")) for b, _, i in boxes if i < len(values)]
    scale, fits = uniform_scale(canvas, texts, LABEL_INSETS, 14, rounded=0.15)
    warn_unfit(canvas, fits, "a value in the diamond", 14)
    for b, colour, i in boxes:
        if i < len(values):
            name = f"{word('shape_value', malform)} {i + 1}"
            label_shape(canvas, b, values[i], 24, colour, scale, 0.15, group, name)
        else:
            canvas.shape(
                MSO_SHAPE.ROUNDED_RECTANGLE,
                b,
                fill="bg1",
                line="accent1",
                line_width=1.5,
                dash=True,
                group=group,
                adjustments=[0.15],
                paras=[Para.of(str(i + 1), bullet="none", size=20, colour="accent6", align="ctr")],
                chain=explicit_chain(20),
                scale=1.0,
                ins=LABEL_INSETS,
                name=f"{word('shape_empty', malform)} {i + 1}",
            )
