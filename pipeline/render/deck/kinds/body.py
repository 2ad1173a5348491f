"""Body text and pictures in a box: one column, or two for a long list of short bullets."""

from __future__ import annotations

from collections.abc import Sequence

from pptx.oxml.ns import qn

from pipeline.model.types import BodyBlock, Malform
from pipeline.render.deck.blocks import blocks_to_paras, images_of
from pipeline.render.deck.canvas import INCH, SlideCanvas
from pipeline.render.deck.diagrams.common import GAP
from pipeline.render.deck.kinds.pictures import check_image, place_pictures
from pipeline.render.deck.layouts import Box
from pipeline.render.deck.text import Para, StyleChain, fit


def two_column_split(paras: list[Para]) -> tuple[list[Para], list[Para], list[Para]] | None:
    """A long list of short bullets reads better in two columns: (intro, left, right)."""
    intro: list[Para] = []
    items: list[Para] = []
    for para in paras:
        if para.bullet == "none" and not items:
            intro.append(para)
        elif para.bullet == "inherit" and para.level == 0:
            items.append(para)
        else:
            return None
    if len(items) < 8 or any(len(p.text) > 80 for p in items):
        return None
    half = (len(items) + 1) // 2
    return intro, items[:half], items[half:]


def body(canvas: SlideCanvas, blocks: Sequence[BodyBlock], box: Box, malform: Malform) -> None:
    """Text and pictures of an ordinary slide, in `box`."""
    images = [(image, check_image(image, canvas.model)) for image in images_of(blocks)]
    paras = blocks_to_paras(blocks)
    if images and paras:
        text_w = int(box.width * 0.55)
        canvas.text_area(paras, Box(box.left, box.top, text_w, box.height))
        place_pictures(
            canvas,
            images,
            Box(box.left + text_w + GAP, box.top, box.width - text_w - GAP, box.height),
            malform,
        )
        return
    if images:
        place_pictures(canvas, images, box, malform)
        return
    if not paras:
        return
    body_paras(canvas, paras, box)


def body_paras(canvas: SlideCanvas, paras: list[Para], box: Box) -> None:
    """Body text in `box`: a long list of short bullets goes in two columns."""
    split = two_column_split(paras)
    if split is not None:
        chain = StyleChain(canvas.deck.body_chain_sources)
        one = fit(paras, box.width, box.height, chain, canvas.deck.fonts)
        if one.scale < 0.9 or not one.fits:
            _two_columns(canvas, paras, box)
            return
    canvas.text_area(paras, box)


def _two_columns(canvas: SlideCanvas, paras: list[Para], box: Box) -> None:
    split = two_column_split(paras)
    assert split is not None
    intro, left, right = split
    top = box.top
    chain = StyleChain(canvas.deck.body_chain_sources)
    if intro:
        placed = canvas.textbox(
            Box(box.left, box.top, box.width, int(box.height * 0.3)),
            intro,
            chain=chain,
            ins=canvas._body_insets(),
            min_size=16,
        )
        used = int(placed.fit.height) + int(0.25 * INCH)
        _shrink_to(placed.shape_element, Box(box.left, box.top, box.width, used))
        top = box.top + used
    col_w = (box.width - GAP) // 2
    height = box.bottom - top
    scale = min(
        fit(left, col_w, height, chain, canvas.deck.fonts).scale,
        fit(right, col_w, height, chain, canvas.deck.fonts).scale,
    )
    for para in (*left, *right):
        para.size = (para.size or chain.level(para.level).size) * scale
    canvas.text_area(left, Box(box.left, top, col_w, height))
    canvas.text_area(right, Box(box.left + col_w + GAP, top, col_w, height), use_placeholder=False)


def _shrink_to(element: object, box: Box) -> None:

    ext = element.find(f"./{qn('p:spPr')}/{qn('a:xfrm')}/{qn('a:ext')}")  # type: ignore[attr-defined]
    if ext is not None:
        ext.set("cy", str(box.height))
