"""Text boxes kept clear of a template's logos and of each other (render/deck/clearance)."""

from __future__ import annotations

from lxml import etree

from pipeline.render.deck import clearance
from pipeline.render.deck.layouts import Box

INCH = 914400
SLIDE = (12 * INCH, 7 * INCH)
P = "http://schemas.openxmlformats.org/presentationml/2006/main"


def test_a_photo_behind_everything_is_a_background_not_a_logo() -> None:
    background = ("Bilete", Box(0, 0, *SLIDE))
    logo = ("Logo", Box(10 * INCH, 0, 2 * INCH, INCH))
    assert clearance.logos([background, logo], *SLIDE) == [logo]
    assert clearance.may_hide([logo], *SLIDE)
    assert not clearance.may_hide([background, logo], *SLIDE)


def test_a_title_that_reaches_under_a_logo_is_cut_back_to_its_left() -> None:
    title = Box(INCH, INCH // 2, 10 * INCH, INCH)
    logo = Box(9 * INCH, INCH // 2, 2 * INCH, INCH)
    assert clearance.clear(title, [logo]) == Box(INCH, INCH // 2, 8 * INCH, INCH)


def test_a_box_that_would_keep_too_little_stays_as_designed() -> None:
    title = Box(INCH, INCH, 4 * INCH, INCH)
    logo = Box(INCH + INCH // 2, 0, 4 * INCH, 3 * INCH)  # covers all but its first half inch
    assert clearance.clear(title, [logo]) == title


def test_a_box_stacked_on_its_neighbour_by_a_hair_stops_at_its_top() -> None:
    title = Box(INCH, INCH, 8 * INCH, 2 * INCH)
    subtitle = Box(INCH, 2 * INCH + INCH // 2, 8 * INCH, INCH)  # half an inch into the title
    assert clearance.clear(title, [], [subtitle]) == Box(INCH, INCH, 8 * INCH, INCH + INCH // 2)
    # Laid over each other on purpose (a caption over a big number): left as designed.
    inside = Box(2 * INCH, INCH + INCH // 4, 4 * INCH, INCH + INCH // 2)
    assert clearance.clear(title, [], [inside]) == title


def test_boxes_that_only_touch_do_not_cross() -> None:
    a = Box(0, 0, INCH, INCH)
    assert not clearance.crosses(a, Box(INCH, 0, INCH, INCH))
    assert clearance.crosses(a, Box(INCH // 2, INCH // 2, INCH, INCH))


def test_drawn_content_over_a_logo_hides_the_templates_pictures_on_that_slide() -> None:
    logo = Box(10 * INCH, INCH, 2 * INCH, 2 * INCH)
    slide = etree.Element(f"{{{P}}}sld")
    clear_of_it = [("table", Box(INCH, 2 * INCH, 8 * INCH, 3 * INCH))]
    assert not clearance.hide_if_covered(slide, clear_of_it, [logo])
    assert slide.get("showMasterSp") is None
    over_it = [("diagram", Box(INCH, 2 * INCH, 10 * INCH, 3 * INCH))]
    assert clearance.hide_if_covered(slide, over_it, [logo])
    assert slide.get("showMasterSp") == "0"


def test_the_content_area_is_cut_off_a_logo_only_where_pictures_may_not_be_hidden() -> None:
    body = Box(INCH, 2 * INCH, 10 * INCH, 4 * INCH)
    art = Box(9 * INCH, 2 * INCH, 3 * INCH, 4 * INCH)
    assert clearance.content_area(body, [art], may_hide_art=True) == body
    assert clearance.content_area(body, [art], may_hide_art=False) == Box(
        INCH, 2 * INCH, 8 * INCH, 4 * INCH
    )
