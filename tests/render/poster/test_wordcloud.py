"""The ordsky: no overlaps, deterministic, sized by votes, measured like cairo sets it."""

from __future__ import annotations

import itertools
import random

import pytest
from lxml import etree

from pipeline.errors import ContentError
from pipeline.model.types import Branding
from pipeline.render.fonts import find_font, metrics
from pipeline.render.poster import svgsafe
from pipeline.render.poster.fonts import ink
from pipeline.render.poster.wordcloud import (
    WordBox,
    tally,
    wordcloud_alt,
    wordcloud_layout,
    wordcloud_png,
    wordcloud_svg,
)

BRAND = Branding(primary="#1F4E5F", secondary="#3F6E4E", accent="#A4532B", background="#FAF8F4")
SVG = "{http://www.w3.org/2000/svg}"

SELJORD = {
    "Tillit": 17,
    "Åpenhet": 14,
    "Helhetstenking": 12,
    "Trygghet": 11,
    "Fellesskap": 10,
    "Tydelighet": 9,
    "Anerkjennelse": 9,
    "Raushet": 7,
    "Mot": 6,
    "Lojalitet": 6,
    "Ansvarlig": 5,
    "Løsningsorientert": 5,
    "Synlig": 4,
    "Omtanke": 4,
    "Brukerorientert": 3,
    "Delingskultur": 3,
}
MANY = {f"{word}{n}": (n * 7) % 23 + 1 for n, word in enumerate(list(SELJORD) * 5)}


def assert_apart_and_inside(boxes: list[WordBox], width: float, height: float) -> None:
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), f"{a.word!r} overlaps {b.word!r}"
    for box in boxes:
        assert box.x >= 0 and box.x + box.width <= width, box
        assert box.y >= 0 and box.y + box.height <= height, box


@pytest.mark.parametrize(
    ("votes", "width", "height"),
    [(SELJORD, 1600, 900), (SELJORD, 600, 600), (MANY, 1600, 900), ({"Tillit": 1}, 400, 300)],
)
def test_no_two_word_boxes_overlap(votes: dict[str, int], width: int, height: int) -> None:
    boxes = wordcloud_layout(votes, BRAND, width, height)
    assert [b.word for b in boxes] == [w for w, _ in tally(votes)][:80]
    assert_apart_and_inside(boxes, width, height)


def test_boxes_hold_the_ink_and_the_advance_of_each_word() -> None:
    face = metrics(BRAND.font, True)
    for box in wordcloud_layout(SELJORD, BRAND, 1600, 900):
        shape = ink(face, box.word)
        assert box.x <= box.origin
        assert box.x + box.width >= box.origin + face.text_width(box.word, box.size) - 1e-6
        assert box.y == pytest.approx(box.baseline - shape.top * box.size)
        assert box.y + box.height == pytest.approx(box.baseline - shape.bottom * box.size)
    aa = wordcloud_layout({"Åpenhet": 1}, BRAND, 800, 450)[0]
    # The ring of the Å reaches above the font's ascent; the box takes it in.
    assert aa.baseline - aa.y > face.ascent * aa.size


def test_font_tools_widths_match_what_cairo_sets() -> None:
    import cairocffi as cairo

    face = metrics(BRAND.font, True)
    assert find_font(BRAND.font, True).name.startswith("Carlito-Bold")
    surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, 10, 10)
    context = cairo.Context(surface)
    svgsafe.exact_font_options(context)  # as the renderer's child process does
    context.select_font_face(BRAND.font, cairo.FONT_SLANT_NORMAL, cairo.FONT_WEIGHT_BOLD)
    context.set_font_size(100)
    for word in SELJORD:
        # CairoSVG sets text letter by letter, advancing by each letter's x_advance.
        cairo_width = sum(context.text_extents(letter)[4] for letter in word)
        assert face.text_width(word, 100) == pytest.approx(cairo_width, abs=1e-6), word


def test_more_votes_never_means_a_smaller_word() -> None:
    boxes = wordcloud_layout(SELJORD, BRAND, 1600, 900)
    by_count = sorted(boxes, key=lambda b: -b.count)
    sizes = [b.size for b in by_count]
    assert sizes == sorted(sizes, reverse=True)
    assert by_count[0].word == "Tillit"
    assert by_count[0].size > 2 * by_count[-1].size


def test_the_layout_is_deterministic_whatever_the_order_of_the_votes() -> None:
    shuffled = list(SELJORD.items())
    random.Random(4).shuffle(shuffled)
    first = wordcloud_svg(SELJORD, BRAND, 1600, 900)
    again = wordcloud_svg(dict(shuffled), BRAND, 1600, 900)
    assert first == again


def test_svg_is_valid_with_escaped_words_a_title_and_the_words_by_count() -> None:
    votes = {"Trygg & modig <3": 5, '"sitat"': 2, "Tillit": 9}
    svg = wordcloud_svg(votes, BRAND, 800, 450, lang="nn-NO")
    root = etree.fromstring(svg.encode())
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "nn-NO"
    assert root.find(f"{SVG}title").text == "Ordsky"
    desc = root.find(f"{SVG}desc").text
    assert desc == (
        "Ordsky med 3 ord, flest stemmer først: Tillit (9 stemmer), Trygg & modig <3 (5 stemmer), "
        '"sitat" (2 stemmer).'
    )
    words = [t.text for t in root.iter(f"{SVG}text")]
    assert words == ["Tillit", "Trygg & modig <3", '"sitat"']


def test_alt_text_lists_words_by_count_then_alphabetically() -> None:
    alt = wordcloud_alt({"Mot": 1, "Tillit": 3, "Anerkjennelse": 3})
    assert alt == (
        "Ordsky med 3 ord, flest stemmer først: Anerkjennelse (3 stemmer), "
        "Tillit (3 stemmer), Mot (1 stemme)."
    )


def test_words_are_cleaned_and_merged() -> None:
    assert tally({"Tillit\u200b": 2, "Tillit": 3, " ": 4, "Mot": 0}) == [("Tillit", 5)]


def test_no_votes_is_a_content_error() -> None:
    with pytest.raises(ContentError, match="no word with votes"):
        wordcloud_layout({}, BRAND, 800, 450)
    with pytest.raises(ContentError, match="no word with votes"):
        wordcloud_layout({"Tillit": 0}, BRAND, 800, 450)


def test_png_has_the_asked_size() -> None:
    png = wordcloud_png(SELJORD, BRAND, 1280, 720)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert int.from_bytes(png[16:20], "big") == 1280
    assert int.from_bytes(png[20:24], "big") == 720
    assert wordcloud_png(SELJORD, BRAND, 1280, 720) == png


def test_only_readable_brand_colours_are_used() -> None:
    pale = Branding(primary="#F0F0F0", secondary="#3F6E4E", accent="#EEEEEE", text="#1E2A30")
    colours = {box.colour for box in wordcloud_layout(SELJORD, pale, 1600, 900)}
    assert colours == {"#3F6E4E", "#1E2A30"}


def test_every_inked_pixel_of_the_png_lies_inside_a_word_box() -> None:
    """Rendered, not just laid out: cairo sets each word inside the box measured for it."""
    import io

    from PIL import Image

    width, height = 800, 450
    boxes = wordcloud_layout(SELJORD, BRAND, width, height)
    image = Image.open(io.BytesIO(wordcloud_png(SELJORD, BRAND, width, height))).convert("RGB")
    background = tuple(int(BRAND.background[i : i + 2], 16) for i in (1, 3, 5))
    pixels = image.load()
    stray = []
    for y in range(height):
        for x in range(width):
            pixel = pixels[x, y]
            if max(abs(a - b) for a, b in zip(pixel, background, strict=True)) < 40:
                continue
            if not any(
                b.x - 1 <= x <= b.x + b.width + 1 and b.y - 1 <= y <= b.y + b.height + 1
                for b in boxes
            ):
                stray.append((x, y))
    assert not stray, stray[:10]
