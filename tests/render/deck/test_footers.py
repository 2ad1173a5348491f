"""Footers and slide numbers only where they fit; text over the template's pictures reported."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.oxml.shapes.picture import CT_Picture

from pipeline.model import types as m
from pipeline.ooxml.units import EMU_PER_INCH
from pipeline.render.deck.footers import footer_report, footer_size, overlap
from pipeline.render.deck.layouts import Box
from pipeline.render.deck.render import render_deck
from pipeline.render.deck.text import Fonts, LevelStyle

from builders import _slide, sample_bundle

REPO = Path(__file__).resolve().parents[3]
DEFAULT = REPO / "templates" / "pptx" / "default.pptx"
FOOTER = "Lederutviklingsprogram · Samling 2"
INCH = EMU_PER_INCH


def day() -> m.SamlingBundle:
    """A short deck: a title slide, the programme, a section and a content slide."""
    slides = [
        _slide("Samling 2", kind="title"),
        _slide("", kind="agenda"),
        _slide("Relasjonar i leiing", kind="section"),
        _slide("Om relasjonar", blocks=[m.Paragraph(text="Tre tidsspenn")]),
    ]
    return sample_bundle("nn").model_copy(update={"slides": slides})


def ph_kind(shape) -> str | None:  # noqa: ANN001
    ph = shape._element.find(f".//{qn('p:ph')}")
    return ph.get("type", "body") if ph is not None else None


def master_shape(prs: Presentation, kind: str):  # noqa: ANN201
    for shape in prs.slide_master.shapes:
        if ph_kind(shape) == kind:
            return shape
    raise AssertionError(kind)


def test_a_footer_keeps_the_templates_size_where_it_fits_and_shrinks_down_to_9_pt() -> None:
    fonts, style = Fonts("Carlito", "Carlito"), LevelStyle(size=12)
    assert (
        footer_size(FOOTER, Box(0, 0, 4 * INCH, INCH // 3), (0, 0, 0, 0), False, style, fonts) == 12
    )
    smaller = footer_size(
        FOOTER, Box(0, 0, int(2.2 * INCH), INCH // 3), (0, 0, 0, 0), False, style, fonts
    )
    assert smaller is not None and 9 <= smaller < 12
    assert (
        footer_size(FOOTER, Box(0, 0, INCH, INCH // 3), (0, 0, 0, 0), False, style, fonts) is None
    )
    # A vertical box is measured along its height: narrow and tall is not "wide enough".
    tall = Box(0, 0, INCH // 3, 4 * INCH)
    assert footer_size(FOOTER, tall, (0, 0, 0, 0), False, style, fonts) is None
    assert footer_size(FOOTER, tall, (0, 0, 0, 0), True, style, fonts) == 12


def narrow_footer_template(tmp_path: Path) -> Path:
    """The default template with its footer in a narrow vertical box at the right edge."""
    prs = Presentation(str(DEFAULT))
    footer = master_shape(prs, "ftr")
    footer.left, footer.top = prs.slide_width - INCH // 2, INCH
    footer.width, footer.height = INCH // 3, int(1.5 * INCH)
    footer._element.find(f"./{qn('p:txBody')}/{qn('a:bodyPr')}").set("vert", "vert270")
    out = tmp_path / "narrow.pptx"
    prs.save(str(out))
    return out


def test_a_footer_box_too_narrow_for_the_line_is_left_empty_with_one_warning(
    tmp_path: Path,
) -> None:
    data, warnings = render_deck(day(), narrow_footer_template(tmp_path))
    prs = Presentation(io.BytesIO(data))
    texts = [s.text_frame.text for slide in prs.slides for s in slide.shapes if s.has_text_frame]
    assert not any("Lederutviklingsprogram · Samling" in text for text in texts)
    assert not [w for w in warnings if "goes on over" in w.message]  # a side footer takes no room
    footer_warnings = [w.message for w in warnings if "footer line is left out" in w.message]
    assert footer_warnings and len(footer_warnings) == len(set(footer_warnings))
    assert all("1.50 in long (vertical text)" in m for m in footer_warnings)
    # The slide numbers fit their boxes and stay.
    numbers = [s for slide in prs.slides for s in slide.shapes if ph_kind(s) == "sldNum"]
    assert len(numbers) == len(prs.slides) - 1  # not on the title slide


def test_the_shipped_template_gets_its_footers_without_warnings() -> None:
    data, warnings = render_deck(day(), DEFAULT)
    prs = Presentation(io.BytesIO(data))
    footers = [s for slide in prs.slides for s in slide.shapes if ph_kind(s) == "ftr"]
    assert len(footers) == len(prs.slides) - 1
    assert not [w for w in warnings if "left out" in w.message or "lies over" in w.message]


def logo_template(tmp_path: Path) -> Path:
    """The default template with a logo on its master, where the titles are."""
    prs = Presentation(str(DEFAULT))
    logo = tmp_path / "logo.png"
    Image.new("RGB", (40, 20), "#C8553D").save(logo)
    master = prs.slide_master
    _, r_id = master.part.get_or_add_image_part(str(logo))
    title = master_shape(prs, "title")
    pic = CT_Picture.new_pic(
        99, "Kommunelogo", "Logo", r_id, title.left + title.width - INCH, title.top, INCH, INCH // 2
    )
    master.shapes._spTree.append(pic)
    out = tmp_path / "logo.pptx"
    prs.save(str(out))
    return out


def test_titles_make_room_for_a_logo_of_the_master(tmp_path: Path) -> None:
    """The title box reaches under the logo: it is cut back to the left of it, so no title
    is printed over the logo, and nothing needs reporting."""
    template = logo_template(tmp_path)
    data, warnings = render_deck(day(), template)
    logo = next(
        s for s in Presentation(str(template)).slide_master.shapes if s.name == "Kommunelogo"
    )
    prs = Presentation(io.BytesIO(data))
    titles = [
        (slide, s)
        for slide in prs.slides
        for s in slide.shapes
        if ph_kind(s) in ("title", "ctrTitle") and s.text_frame.text
    ]
    assert titles
    for slide, title in titles:
        hidden = slide._element.get("showMasterSp") == "0"
        assert (
            hidden or title.left + title.width <= logo.left or title.top >= logo.top + logo.height
        ), title.text_frame.text
    assert not [w.message for w in warnings if "lies over" in w.message]


def test_boxes_that_only_touch_do_not_overlap() -> None:
    assert overlap(Box(0, 0, 10, 10), Box(5, 5, 10, 10))
    assert not overlap(Box(0, 0, 10, 10), Box(10, 0, 10, 10))


def test_templates_check_names_narrow_footer_boxes_and_covered_logos(tmp_path: Path) -> None:
    assert footer_report(DEFAULT)[-1].startswith("  Every footer box is wide enough")
    narrow = "\n".join(footer_report(narrow_footer_template(tmp_path)))
    assert "The footer line is left out on the slides of the layout “Title Only”" in narrow
    logo = "\n".join(footer_report(logo_template(tmp_path)))
    assert "“title” the deck fills lies over the template's picture “Kommunelogo”" in logo
