"""What every slide kind shares: a new slide with its title and notes, and text under the title."""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.model.inline import plain_text
from pipeline.model.types import Malform, SamlingBundle, Slide, clock
from pipeline.render.deck.blocks import blocks_to_paras, images_of
from pipeline.render.deck.canvas import INCH, Deck, SlideCanvas
from pipeline.render.deck.diagrams.common import GAP
from pipeline.render.deck.layouts import Box, Role
from pipeline.render.deck.text import Para

Renderer = Callable[[Deck, SamlingBundle, Slide], None]
"""A slide kind: makes the slide (or slides) for one slide of the content, and finishes them."""
Draw = Callable[[SlideCanvas, Slide, Box, Malform], None]
"""A diagram: draws the slide's content in the box."""


def time_range(start: object, end: object) -> str:
    return f"{clock(start)} – {clock(end)}"  # type: ignore[arg-type]


def title_or(slide: Slide, default: str) -> str:
    return plain_text(slide.title) if slide.title.strip() else default


def new_canvas(
    deck: Deck, role: Role, slide: Slide, title: str, min_size: float = 24
) -> SlideCanvas:
    canvas = SlideCanvas(deck, role, slide)
    if title.strip():
        canvas.set_title(title, min_size=min_size)
    else:
        # Every slide has a title for screen readers and the outline; one without a visible
        # title gets a hidden one, named after its first words.
        canvas.set_title(fallback_title(slide, deck), hidden=True, min_size=min_size)
    canvas.add_notes(slide.notes)
    return canvas


def fallback_title(slide: Slide, deck: Deck) -> str:
    for para in blocks_to_paras(slide.blocks):
        text = para.text.strip()
        if text:
            return text if len(text) <= 80 else text[:77].rstrip() + "…"
    for image in images_of(slide.blocks):
        return image.image.alt
    return deck.footer


def normalised(text: str) -> str:
    return re.sub(r"[\W_]+", " ", plain_text(text).lower()).strip()


def under_title(canvas: SlideCanvas, paras: list[Para], height: float) -> None:
    """Short text just under the title (a subtitle, clock times), `height` inches at the most."""
    if not paras:
        return
    title_box = canvas.title_box() or canvas.deck.body_box
    top, tall = title_box.bottom + GAP, int(height * INCH)
    room = canvas.deck.height - int(0.3 * INCH) - top
    if room < tall:  # a title low on the slide (a cover's big text box): the text goes above
        top = title_box.top - GAP - tall if room < int(0.8 * INCH) else top
        tall = tall if room < int(0.8 * INCH) else room
    canvas.small_text(paras, Box(title_box.left, max(0, top), title_box.width, tall))


def diagram_kind(draw: Draw) -> Renderer:
    """The slide kind that shows `draw`'s diagram under the slide's title."""

    def render(deck: Deck, bundle: SamlingBundle, slide: Slide) -> None:
        canvas = new_canvas(deck, "title_only", slide, title_or(slide, ""))
        draw(canvas, slide, canvas.content_box, bundle.malform)
        canvas.finish()

    return render
