"""Text over a picture: sampling the picture under a text box, through crop and stretch, and
judging the text colour by a low percentile of the pixels, not their mean."""

from __future__ import annotations

import io
from pathlib import Path

from lxml import etree
from PIL import Image
from pptx import Presentation

from pipeline.checks.a11y import check_pptx
from pipeline.checks.picture import PictureRef, judge_pixels, low_contrast, pixels, veiled

from builders import photo_section_pptx

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def halves() -> bytes:
    """A 100 x 10 picture: the left half black, the right half white."""
    image = Image.new("RGB", (100, 10), (255, 255, 255))
    image.paste((0, 0, 0), (0, 0, 50, 10))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def blip(inner: str = "") -> etree._Element:
    return etree.fromstring(
        f'<a:blipFill xmlns:a="{A}" xmlns:r="{R}"><a:blip r:embed="rId9"/>{inner}'
        "<a:stretch><a:fillRect/></a:stretch></a:blipFill>"
        if "stretch" not in inner
        else f'<a:blipFill xmlns:a="{A}" xmlns:r="{R}"><a:blip r:embed="rId9"/>{inner}</a:blipFill>'
    )


def test_a_box_is_mapped_to_the_pixels_under_it() -> None:
    ref = PictureRef(blip(), "slide", (0.0, 0.0, 1000.0, 100.0))
    assert ref.embed == "rId9"
    assert set(pixels(halves(), ref, (0, 0, 400, 100)) or []) == {(0, 0, 0)}
    assert set(pixels(halves(), ref, (600, 0, 400, 100)) or []) == {(255, 255, 255)}
    assert pixels(halves(), ref, (2000, 0, 100, 100)) == []  # beside the picture


def test_a_crop_and_a_stretch_inset_move_what_lies_under_a_box() -> None:
    # The left 60 % cut away: only white is left, stretched over the whole box.
    cropped = PictureRef(blip('<a:srcRect l="60000"/>'), "slide", (0.0, 0.0, 1000.0, 100.0))
    assert set(pixels(halves(), cropped, (0, 0, 100, 100)) or []) == {(255, 255, 255)}
    # The picture drawn into the right half of its box only: the left half of the box is
    # not the picture, the box's third quarter is its black half.
    inset = blip('<a:stretch><a:fillRect l="50000"/></a:stretch>')
    ref = PictureRef(inset, "slide", (0.0, 0.0, 1000.0, 100.0))
    assert pixels(halves(), ref, (0, 0, 400, 100)) == []
    assert set(pixels(halves(), ref, (500, 0, 200, 100)) or []) == {(0, 0, 0)}


def test_a_tiled_picture_or_unreadable_bytes_cannot_be_sampled() -> None:
    tiled = PictureRef(blip("<a:tile/>"), "slide", (0.0, 0.0, 10.0, 10.0))
    assert pixels(halves(), tiled, (0, 0, 10, 10)) is None
    plain = PictureRef(blip(), "slide", (0.0, 0.0, 10.0, 10.0))
    assert pixels(b"not a picture", plain, (0, 0, 10, 10)) is None


def test_a_low_percentile_fails_where_the_mean_would_pass() -> None:
    # Nine pixels in ten light grey, one in ten black: the mean is light enough for black
    # text, but the percentile sees the text cross the dark part.
    found = [(200, 200, 200)] * 85 + [(0, 0, 0)] * 15
    ratio, pixel = low_contrast((0, 0, 0), found)
    assert pixel == (0, 0, 0) and ratio == 1.0
    assert judge_pixels((0, 0, 0), found, 12, False) is not None
    assert judge_pixels((0, 0, 0), [(200, 200, 200)] * 100, 12, False) is None
    # A dark veil (a scrim) at 80 % over white gives white text enough contrast.
    assert (
        judge_pixels((255, 255, 255), veiled([(255, 255, 255)], [((0, 0, 0), 0.8)]), 12, False)
        is None
    )


def test_dark_text_on_a_dark_photo_is_reported_with_its_slide(tmp_path: Path) -> None:
    template = photo_section_pptx(tmp_path, "dark")
    prs = Presentation(str(template))
    content = next(lay for lay in prs.slide_layouts if lay.name == "Title and Content")
    section = next(lay for lay in prs.slide_layouts if lay.name == "Section Header")
    for chosen, title in ((content, "Innhald"), (section, "Pause")):
        slide = prs.slides.add_slide(chosen)
        slide.shapes.title.text = title
        for paragraph in slide.shapes.title.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font._rPr.set("lang", "nn-NO")
    path = tmp_path / "deck.pptx"
    prs.save(str(path))
    found = [d.message for d in check_pptx(path, "nn-NO", template) if "contrast" in d.message]
    assert len(found) == 1, found
    assert found[0].startswith("text #1F5F66 on #")
    assert "needs 3:1" in found[0]  # the title is large text
    assert "background: the background of slide layout 'Section Header'" in found[0]
    assert found[0].endswith("slide 2)")
    assert "cannot be checked" not in " ".join(found)
