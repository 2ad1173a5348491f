"""What every diagram shares: the labels' sizes, captions above and below, and alt text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pptx.enum.shapes import MSO_SHAPE
from pptx.shapes.group import GroupShape

from pipeline.model.inline import plain_text
from pipeline.model.types import BodyBlock, Slide
from pipeline.model.words import word
from pipeline.render.deck.blocks import text_paras
from pipeline.render.deck.canvas import INCH, SlideCanvas, round_inset
from pipeline.render.deck.layouts import Box
from pipeline.render.deck.text import Para, explicit_chain, fit, measure
from pipeline.render.deck.unfit import too_wide

GAP = int(0.3 * INCH)


SMALL_GAP = int(0.12 * INCH)


PALETTE = ("accent1", "accent2", "accent5", "accent3", "tx2", "accent6")


LABEL_INSETS = (int(0.12 * INCH), int(0.08 * INCH), int(0.12 * INCH), int(0.08 * INCH))


@dataclass(frozen=True)
class Fits:
    """Whether a diagram's labels fit; true or false like a bool, and it names a word that
    is wider than its box even at the smallest size."""

    ok: bool
    word: str | None = None

    def __bool__(self) -> bool:
        return self.ok


def uniform_scale(
    canvas: SlideCanvas,
    boxes: Sequence[tuple[Box, Sequence[Para]]],
    ins: tuple[int, int, int, int],
    min_size: float,
    max_scale: float = 1.0,
    rounded: float = 0.0,
) -> tuple[float, Fits]:
    """One scale for all labels of a diagram: the smallest any of them needs (every word of a
    label fits its box's width at it, so no word breaks).

    `rounded` is the corner adjustment of rounded rectangles, whose text area is smaller.
    """
    scale, fits, wide = max_scale, True, None
    left, top, right, bottom = ins
    for box, paras in boxes:
        if not paras:
            continue
        extra = 2 * round_inset(box, rounded) if rounded else 0
        result = fit(
            paras,
            box.width - left - right - extra,
            box.height - top - bottom - extra,
            explicit_chain(18),
            canvas.deck.fonts,
            min_size=min_size,
            max_scale=scale,
        )
        scale = min(scale, result.scale)
        fits = fits and result.fits
        wide = wide or result.word
    return scale, Fits(fits, wide)


def warn_unfit(canvas: SlideCanvas, fits: bool | Fits, what: str, min_size: float) -> None:
    if fits:
        return
    if isinstance(fits, Fits) and fits.word:
        canvas.warn_unfit(*too_wide(fits.word, what, min_size))
        return
    canvas.warn_unfit(
        f"{what} does not fit even at the smallest allowed size ({min_size:g} pt)",
        "shorten the text",
    )


def label_paras(text: str, size: float, colour: str, bold: bool = True) -> list[Para]:
    return [
        Para.of(text, bullet="none", size=size, bold=bold, colour=colour, align="ctr", line=0.95)
    ]


def caption(
    canvas: SlideCanvas,
    blocks: Sequence[BodyBlock],
    box: Box,
    size: float = 18,
    align: str = "l",
    group: GroupShape | None = None,
    anchor: str = "t",
) -> int:
    """Text blocks as a caption in `box`; returns the height used (EMU)."""
    paras = text_paras(blocks, size)
    if not paras:
        return 0
    for para in paras:
        if para.align is None:
            para.align = align  # type: ignore[assignment]
    placed = canvas.textbox(
        box,
        paras,
        chain=explicit_chain(size),
        ins=(0, 0, 0, 0),
        min_size=12,
        anchor=anchor,
        group=group,
        name=word("shape_text", canvas.deck.malform),
    )
    return int(placed.fit.height)


def caption_height(
    canvas: SlideCanvas, blocks: Sequence[BodyBlock], width: int, size: float = 18
) -> int:
    paras = text_paras(blocks, size)
    if not paras:
        return 0
    measured = measure(paras, width, explicit_chain(size), canvas.deck.fonts)
    return int(measured.height) + int(0.1 * INCH)


def caption_above(
    canvas: SlideCanvas,
    before: Sequence[BodyBlock],
    after: Sequence[BodyBlock],
    box: Box,
    after_size: float = 18,
) -> tuple[Box, int]:
    """Caption `before` at the top of `box` (in at most a fifth of it) and measure `after`.

    Returns the area left between them for the drawing, and the height kept at the bottom
    for `caption_below`. The bottom caption gets at most a third of the box, so the drawing
    always keeps room; a longer caption is fitted (or reported) there like any other text.
    """
    top = box.top + caption(
        canvas, before, Box(box.left, box.top, box.width, int(box.height * 0.2))
    )
    after_h = min(caption_height(canvas, after, box.width, size=after_size), int(box.height / 3))
    return Box(box.left, top, box.width, box.bottom - top - after_h), after_h


def caption_below(
    canvas: SlideCanvas,
    after: Sequence[BodyBlock],
    box: Box,
    after_h: int,
    size: float = 18,
    align: str = "l",
) -> None:
    """Caption `after` in the `after_h` kept at the bottom of `box` (see `caption_above`)."""
    if after_h:
        caption(
            canvas,
            after,
            Box(
                box.left,
                box.bottom - after_h + int(0.1 * INCH),
                box.width,
                after_h - int(0.1 * INCH),
            ),
            size=size,
            align=align,
        )


def label_shape(
    canvas: SlideCanvas,
    box: Box,
    text: str,
    size: float,
    colour: str,
    scale: float,
    rounded: float,
    group: GroupShape,
    name: str,
) -> None:
    """A rounded box filled with `colour`, holding `text` as a bold label at `scale`."""
    canvas.shape(
        MSO_SHAPE.ROUNDED_RECTANGLE,
        box,
        fill=colour,
        paras=label_paras(text, size, canvas.deck.text_on(colour)),
        chain=explicit_chain(size),
        scale=scale,
        ins=LABEL_INSETS,
        group=group,
        adjustments=[rounded],
        name=name,
    )


def scaled_textbox(
    canvas: SlideCanvas,
    box: Box,
    paras: list[Para],
    size: float,
    scale: float,
    group: GroupShape,
    name: str,
    anchor: str = "ctr",
    ins: tuple[int, int, int, int] = (0, 0, 0, 0),
    background: str | None = None,
) -> None:
    """A text box set at exactly `scale` (from `uniform_scale`, which warned already)."""
    canvas.textbox(
        box,
        paras,
        chain=explicit_chain(size),
        background=background,
        ins=ins,
        anchor=anchor,
        group=group,
        name=name,
        max_scale=scale,
        min_size=scale * size * 0.99,
        warn=False,
    )


def summary(name: str, items: Sequence[str], joiner: str = " – ") -> str:
    return f"{name}: " + joiner.join(plain_text(i) for i in items)


def fallback_text(canvas: SlideCanvas, slide: Slide, box: Box) -> None:
    paras = text_paras(slide.blocks, 24)
    if paras:
        canvas.text_area(paras, box, use_placeholder=False)
