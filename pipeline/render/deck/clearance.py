"""Text boxes kept clear of the template's logos and artwork, and of each other.

Designers draw logos and device pictures on a layout or its master, and their own placeholders
sometimes run over them (a title box that reaches under a photo at the right edge), or over
each other by a hair (a title whose bottom sits under the subtitle's top). Filled as they are,
the deck's text would be printed over the picture or collide with the next box. Before a box
is filled, it is cut back to the largest part that clears those pictures and its neighbours,
as long as enough of it is left; otherwise it stays as designed, and the covering is reported.

What the deck draws itself (diagrams, credits) keeps the full content area: where it would lie
over a logo, the slide hides the template's pictures instead, as a designer does with "Hide
background graphics", unless one of them is the slide's background.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from pipeline.render.deck.layouts import Box

# A picture that covers this share of the slide is its background: text is meant to lie on it.
BACKGROUND_SHARE = 0.5
# Cutting a box off a picture must leave at least this share of its width or height.
KEEP_OF_SIDE = 0.4
# Two text boxes that overlap by at most this share of one's height (or width) were meant to
# stack; more than that, and the designer meant them to overlap.
NEIGHBOUR_SHARE = 0.3
# Boxes that only touch, or overlap by less than about 2 pt, do not collide.
TOUCH = 25400


def logos(artwork: Sequence[tuple[str, Box]], width: int, height: int) -> list[tuple[str, Box]]:
    """The template's pictures that are logos or artwork, not the slide's background (text is
    meant to lie on that)."""
    return [
        (name, box)
        for name, box in artwork
        if box.width * box.height < BACKGROUND_SHARE * width * height
    ]


def crosses(a: Box, b: Box) -> bool:
    """Whether two boxes share more than a touching edge."""
    across = min(a.right, b.right) - max(a.left, b.left)
    down = min(a.bottom, b.bottom) - max(a.top, b.top)
    return across > TOUCH and down > TOUCH


def _cuts(box: Box, art: Box) -> list[Box]:
    """The boxes left by cutting `box` on one side so that it no longer covers `art`."""
    found = []
    if art.left > box.left:
        found.append(Box(box.left, box.top, art.left - box.left, box.height))
    if art.right < box.right:
        found.append(Box(art.right, box.top, box.right - art.right, box.height))
    if art.top > box.top:
        found.append(Box(box.left, box.top, box.width, art.top - box.top))
    if art.bottom < box.bottom:
        found.append(Box(box.left, art.bottom, box.width, box.bottom - art.bottom))
    return found


def _off_art(box: Box, art: Box, designed: Box) -> Box:
    kept = [
        cut
        for cut in _cuts(box, art)
        if cut.width >= KEEP_OF_SIDE * designed.width
        and cut.height >= KEEP_OF_SIDE * designed.height
    ]
    return max(kept, key=lambda cut: cut.width * cut.height) if kept else box


def _off_neighbour(box: Box, other: Box) -> Box:
    """`box` cut back where it stacks on a neighbour by a little; else as it was."""
    down = min(box.bottom, other.bottom) - max(box.top, other.top)
    across = min(box.right, other.right) - max(box.left, other.left)
    if down <= NEIGHBOUR_SHARE * box.height:
        if box.top < other.top:
            return Box(box.left, box.top, box.width, other.top - box.top)
        return Box(box.left, other.bottom, box.width, box.bottom - other.bottom)
    if across <= NEIGHBOUR_SHARE * box.width:
        if box.left < other.left:
            return Box(box.left, box.top, other.left - box.left, box.height)
        return Box(other.right, box.top, box.right - other.right, box.height)
    return box


def clear(box: Box, artwork: Sequence[Box], neighbours: Sequence[Box] = ()) -> Box:
    """`box` cut back off every logo it covers and every neighbour it stacks on by a little."""
    designed = box
    for art in sorted(artwork, key=lambda a: (a.top, a.left)):
        if crosses(box, art):
            box = _off_art(box, art, designed)
    for other in neighbours:
        if crosses(box, other):
            box = _off_neighbour(box, other)
    return box


def may_hide(artwork: Sequence[tuple[str, Box]], width: int, height: int) -> bool:
    """Whether a slide may hide its template's pictures where its content needs the room:
    only when they are all logos or artwork, never a picture that is the slide's background."""
    return len(logos(artwork, width, height)) == len(artwork)


def hide_if_covered(
    slide: etree._Element, texts: Sequence[tuple[str, Box]], artwork: Sequence[Box]
) -> bool:
    """Hide the template's pictures on this slide (PowerPoint's "Hide background graphics")
    when the deck's text lies over one of them; whether it did."""
    if not any(crosses(box, art) for _, box in texts for art in artwork):
        return False
    slide.set("showMasterSp", "0")
    return True


def content_area(box: Box, artwork: Sequence[Box], may_hide_art: bool) -> Box:
    """The area the deck draws its own content in: all of it where the slide may hide the
    template's pictures, else cut off them."""
    return box if may_hide_art else clear(box, artwork)
