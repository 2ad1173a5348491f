"""Slides of text and pictures: bullets, questions, images, columns, quotes and results."""

from __future__ import annotations

from lxml import etree
from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml.ns import qn

from pipeline.model.types import Quote, SamlingBundle, Slide
from pipeline.model.words import word
from pipeline.render.deck.blocks import blocks_to_paras, images_of
from pipeline.render.deck.canvas import INCH, Deck
from pipeline.render.deck.diagrams.common import GAP
from pipeline.render.deck.kinds.body import body, body_paras
from pipeline.render.deck.kinds.common import new_canvas, title_or
from pipeline.render.deck.kinds.framing import render_statement
from pipeline.render.deck.kinds.pictures import check_image, place_pictures
from pipeline.render.deck.layouts import Box, Role
from pipeline.render.deck.text import NS, Para, StyleChain, measure


def render_bullets(deck: Deck, bundle: SamlingBundle, slide: Slide) -> None:
    if not slide.blocks and not slide.columns:
        render_statement(deck, bundle, slide)
        return
    role: Role = "content"
    if images_of(slide.blocks) and not blocks_to_paras(slide.blocks):
        role = "title_only"
    canvas = new_canvas(deck, role, slide, title_or(slide, ""))
    body(canvas, slide.blocks, canvas.content_box, bundle.malform)
    canvas.finish()


def render_questions(deck: Deck, bundle: SamlingBundle, slide: Slide) -> None:
    render_bullets(deck, bundle, slide)


def render_image(deck: Deck, bundle: SamlingBundle, slide: Slide) -> None:
    render_bullets(deck, bundle, slide)


def render_columns(deck: Deck, bundle: SamlingBundle, slide: Slide) -> None:
    if not slide.columns:
        render_bullets(deck, bundle, slide)
        return
    canvas = new_canvas(deck, "two_content", slide, title_or(slide, ""))
    box = canvas.content_box
    top_paras = blocks_to_paras(slide.blocks)
    if top_paras:
        placed = canvas.textbox(
            Box(box.left, box.top, box.width, int(box.height * 0.25)),
            top_paras,
            chain=StyleChain(deck.body_chain_sources),
            ins=canvas._body_insets(),
        )
        used = int(placed.fit.height) + int(0.25 * INCH)
        box = Box(box.left, box.top + used, box.width, box.height - used)
    count = len(slide.columns)
    col_w = (box.width - GAP * (count - 1)) // count
    for i, column in enumerate(slide.columns):
        col_box = Box(box.left + i * (col_w + GAP), box.top, col_w, box.height)
        images = [(image, check_image(image, slide)) for image in images_of(column.blocks)]
        paras = blocks_to_paras(column.blocks)
        if images and paras:
            text_h = int(col_box.height * 0.5)
            canvas.text_area(paras, Box(col_box.left, col_box.top, col_w, text_h))
            place_pictures(
                canvas,
                images,
                Box(col_box.left, col_box.top + text_h + GAP, col_w, col_box.height - text_h - GAP),
                bundle.malform,
            )
        elif images:
            place_pictures(canvas, images, col_box, bundle.malform)
        elif paras:
            emphasised = all(p.bullet == "none" for p in paras) and all(
                all(r.bold for r in p.runs if r.text.strip()) for p in paras
            )
            if emphasised:
                # A column that is one bold statement is shown as a highlighted box.
                for para in paras:
                    para.colour = "tx2"
                    para.size = 28
                    para.align = "ctr"
                canvas.shape(
                    MSO_SHAPE.ROUNDED_RECTANGLE,
                    Box(col_box.left, col_box.top, col_w, int(col_box.height * 0.6)),
                    fill="bg2",
                    adjustments=[0.06],
                    paras=paras,
                    chain=StyleChain(deck.body_chain_sources),
                    ins=(int(0.3 * INCH), int(0.2 * INCH), int(0.3 * INCH), int(0.2 * INCH)),
                    min_size=16,
                    name="Utheving",
                )
            else:
                canvas.text_area(paras, col_box)
    canvas.finish()


def render_quote(deck: Deck, bundle: SamlingBundle, slide: Slide) -> None:
    canvas = new_canvas(deck, "content", slide, title_or(slide, ""))
    box = canvas.content_box
    quotes = [b for b in slide.blocks if isinstance(b, Quote)]
    long_quote = sum(len(q.text) for q in quotes) > 320
    paras = blocks_to_paras(slide.blocks, quote_size=24 if long_quote else 32)
    first_is_quote = bool(slide.blocks) and isinstance(slide.blocks[0], Quote)
    indent = int(0.4 * INCH) if first_is_quote else 0
    placed = canvas.text_area(
        paras, Box(box.left + indent, box.top, box.width - indent, box.height), min_size=14
    )
    if first_is_quote:
        # A quote opens with an accent bar along its lines, as a pull quote does.
        quote = slide.blocks[0]
        assert isinstance(quote, Quote)
        lines = len(quote.text.split("\n"))
        element = placed.shape_element
        chain = (
            canvas.chain_for(element)
            if element.find("./p:nvSpPr/p:nvPr/p:ph", NS) is not None
            else StyleChain(deck.body_chain_sources)
        )
        left, top, right, _ = canvas.insets_for(element)
        height = measure(
            paras[:lines], box.width - indent - left - right, chain, deck.fonts, placed.fit.scale
        ).height
        bar = canvas.shape(
            MSO_SHAPE.RECTANGLE,
            Box(
                box.left + int(0.1 * INCH),
                box.top + top + int(0.06 * INCH),
                int(0.07 * INCH),
                int(height),
            ),
            fill="accent2",
            name="Sitatstrek",
            alt=word("quote", bundle.malform),
        )
        decorative(bar._element)
    canvas.finish()


def render_results(deck: Deck, bundle: SamlingBundle, slide: Slide) -> None:
    canvas = new_canvas(deck, "content", slide, title_or(slide, ""))
    paras: list[Para] = []
    if slide.result_intro:
        paras.append(Para.of(slide.result_intro, bullet="none"))
    paras += [Para.of(item) for item in slide.result_items]
    paras += blocks_to_paras(slide.blocks)
    if not slide.result_items:
        deck.warn(canvas.number, slide, canvas.title_text, "the results list is empty")
    if paras:
        body_paras(canvas, paras, canvas.content_box)
    canvas.finish()


def decorative(element: object) -> None:
    """Mark a shape as decorative, so screen readers skip it."""
    c_nv_pr = element.find(f"./*/{qn('p:cNvPr')}")  # type: ignore[attr-defined]
    if c_nv_pr is None:
        return
    ext_lst = etree.SubElement(c_nv_pr, qn("a:extLst"))
    ext = etree.SubElement(ext_lst, qn("a:ext"), uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}")
    adec = "http://schemas.microsoft.com/office/drawing/2017/decorative"
    etree.SubElement(ext, f"{{{adec}}}decorative", nsmap={"adec": adec}, val="1")
