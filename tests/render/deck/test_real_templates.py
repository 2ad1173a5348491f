"""Issue 11's "done when", for the deck: samling 2 and 3 built with real designers' templates.

Each template (the shipped one, and every real public one listed in
tests/fixtures/real-templates/sources.toml that is present under $SAMLING_REAL_TEMPLATES) is
used for one build of samling 2 and 3's decks and one LibreOffice conversion of both. The
tests then read the PDFs and the built .pptx files:

- no word is broken across lines in the PDF text;
- no text box (text, table) lies outside the slide, over another text box or picture, or over a
  logo of the layout or master (a picture of the template's own that covers most of the slide
  is its background, not a logo);
- no footer line sits in a box narrower than the line;
- the title and section slides use the layouts the designer made for them.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pipeline.ooxml.slides import Inheritance, body_properties, ph_type
from pipeline.render.deck.footers import artwork_boxes, footer_size, is_vertical
from pipeline.render.deck.layouts import Box

from builders import broken_words, expect_known_failure, real_sources, real_templates

REPO = Path(__file__).resolve().parents[3]
CONTENT = REPO / "content"
SAMLINGER = (2, 3)
SLACK = 12700  # 1 pt: what LibreOffice and PowerPoint round boxes to
OVERLAP = 25400  # 2 pt both ways: boxes that only touch do not overlap
BACKGROUND = 0.5  # a template picture covering this share of the slide is its background

# The layouts each designer made for the title and the section slides, by name.
DESIGNED: dict[str, dict[str, str]] = {
    "default.pptx": {"title": "Title Slide", "section": "Section Header"},
    "finos-deck-2021.pptx": {"title": "TITLE", "section": "SECTION_HEADER"},
    "m3dev-three-masters.pptx": {"title": "表紙", "section": "セクション見出し"},
    "m3dev-yugothic.pptx": {"title": "タイトル スライド", "section": "セクション見出し"},
    "coreoz-4x3-fr.pptx": {"title": "Diapositive de titre", "section": "Titre de section"},
    "onlyoffice-sample-4x3.pptx": {"title": "Title Slide", "section": "Section Header"},
    "syncfusion-facet-16-layouts.pptx": {"title": "Title Slide", "section": "Section Header"},
    "syncfusion-aptos.pptx": {"title": "Title Slide", "section": "Section Header"},
}
# Known failures, as strict xfails: each must fail until it is fixed, then its entry goes.
XFAIL: dict[tuple[str, str], str] = {}

TEMPLATES = [pytest.param(REPO / "templates" / "pptx" / "default.pptx", id="default.pptx")]
TEMPLATES += real_templates("pptx")

needs_tools = [
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is missing"),
    pytest.mark.skipif(not (CONTENT / "samling-03" / "slides.md").is_file(), reason="no content"),
]
pytestmark = needs_tools


@dataclass
class Built:
    template: Path
    decks: list[Path]
    pdfs: list[Path]
    bundles: list[Any]
    warnings: list[str]


@pytest.fixture(scope="module", params=TEMPLATES)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    from pipeline.content.load import load_samling
    from pipeline.pdf import convert_to_pdf
    from pipeline.render.deck.render import render_deck

    template: Path = request.param
    folder = tmp_path_factory.mktemp(template.stem)
    decks, bundles, warnings = [], [], []
    for number in SAMLINGER:
        bundle = load_samling(CONTENT, number)
        data, found = render_deck(bundle, template)
        deck = folder / f"samling-{number}.pptx"
        deck.write_bytes(data)
        decks.append(deck)
        bundles.append(bundle)
        warnings += [w.message for w in found]
    pdfs = convert_to_pdf(decks, folder / "pdf", scratch_root=folder)
    return Built(template, decks, pdfs, bundles, warnings)


def expect(request: pytest.FixtureRequest, built: Built, check: str) -> None:
    expect_known_failure(request, XFAIL, (built.template.name, check))


# --------------------------------------------------------------------------- words


def test_no_word_is_broken_across_lines(request: pytest.FixtureRequest, built: Built) -> None:
    expect(request, built, "words")
    found = [
        f"{deck.name} {where}"
        for deck, pdf in zip(built.decks, built.pdfs, strict=True)
        for where in broken_words(deck, pdf)
    ]
    assert found == []


# --------------------------------------------------------------------------- geometry


def box_of(shape: Any) -> Box | None:
    if None in (shape.left, shape.top, shape.width, shape.height):
        return None
    return Box(int(shape.left), int(shape.top), int(shape.width), int(shape.height))


def shows_text(shape: Any) -> bool:
    if shape.has_text_frame:
        return bool(shape.text_frame.text.strip())
    if getattr(shape, "has_table", False) and shape.has_table:
        return True
    if shape.shape_type is not None and shape.shape_type == 6:  # a group
        return any(shows_text(child) for child in shape.shapes)
    return False


def is_picture(shape: Any) -> bool:
    return shape.shape_type == 13 or shape.element.tag.endswith("}pic")


def crossing(a: Box, b: Box) -> bool:
    across = min(a.left + a.width, b.left + b.width) - max(a.left, b.left)
    down = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)
    return across > OVERLAP and down > OVERLAP


def is_footer(shape: Any) -> bool:
    return shape.is_placeholder and ph_type(shape.element) in {"ftr", "sldNum", "dt"}


def geometry_problems(deck: Path) -> list[str]:
    from pptx import Presentation

    prs = Presentation(str(deck))
    width, height = int(prs.slide_width), int(prs.slide_height)
    problems: list[str] = []
    for number, slide in enumerate(prs.slides, 1):
        where = f"{deck.name} slide {number} ({slide.slide_layout.name})"
        texts: list[tuple[str, Box]] = []
        pictures: list[tuple[str, Box]] = []
        for shape in slide.shapes:
            box = box_of(shape)
            if box is None:
                continue
            if shows_text(shape):
                texts.append((shape.name, box))
            elif is_picture(shape):
                pictures.append((shape.name, box))
        for name, box in texts + pictures:
            if (
                box.left < -SLACK
                or box.top < -SLACK
                or box.left + box.width > width + SLACK
                or box.top + box.height > height + SLACK
            ):
                problems.append(f"{where}: “{name}” lies outside the slide")
        for i, (name, box) in enumerate(texts):
            for other, other_box in texts[i + 1 :] + pictures:
                if crossing(box, other_box):
                    problems.append(f"{where}: “{name}” overlaps “{other}”")
        layout = slide.slide_layout
        logos = [
            (name, art)
            for name, art in artwork_boxes(layout._element, layout.slide_master._element)
            if art.width * art.height < BACKGROUND * width * height
            # "Hide background graphics" on the slide: the template's pictures are not shown
            and slide._element.get("showMasterSp") != "0"
        ]
        for name, box in texts:
            shape_is_footer = any(s.name == name and is_footer(s) for s in slide.shapes)
            for logo, art in logos:
                if not shape_is_footer and crossing(box, art):
                    problems.append(f"{where}: “{name}” lies over the template's “{logo}”")
    return problems


def test_no_text_box_is_off_the_slide_or_over_another_box_or_a_logo(
    request: pytest.FixtureRequest, built: Built
) -> None:
    expect(request, built, "geometry")
    assert [p for deck in built.decks for p in geometry_problems(deck)] == []


# --------------------------------------------------------------------------- footers


def footer_problems(deck: Path) -> list[str]:
    from pptx import Presentation

    from pipeline.render.deck.layouts import theme_fonts
    from pipeline.render.deck.text import Fonts, StyleChain

    prs = Presentation(str(deck))
    found = theme_fonts(prs)
    fonts = Fonts(found.major, found.minor)
    problems = []
    for number, slide in enumerate(prs.slides, 1):
        layout = slide.slide_layout._element
        inherit = Inheritance(slide.slide_layout.slide_master._element, prs.part._element)
        for shape in slide.placeholders:
            sp = shape.element
            text = shape.text_frame.text.strip() if shape.has_text_frame else ""
            if ph_type(sp) != "ftr" or not text:
                continue
            xfrm = inherit.xfrm(layout, sp)
            box = Box(*xfrm) if xfrm is not None else None
            style = StyleChain(inherit.list_styles(layout, sp)).level(0)
            vertical = is_vertical(body_properties(e) for e in (sp, *inherit.sources(layout, sp)))
            fits_at = footer_size(text, box, inherit.insets(layout, sp), vertical, style, fonts)
            sizes = [
                r.font.size.pt for p in shape.text_frame.paragraphs for r in p.runs if r.font.size
            ]
            shown = max(sizes, default=style.size)
            if fits_at is None or shown > fits_at + 0.01:
                problems.append(
                    f"{deck.name} slide {number}: the footer “{text}” is wider than its box"
                )
    return problems


def test_no_footer_line_is_wider_than_its_box(request: pytest.FixtureRequest, built: Built) -> None:
    expect(request, built, "footers")
    assert [p for deck in built.decks for p in footer_problems(deck)] == []


# --------------------------------------------------------------------------- layouts


def kind_layouts(deck: Path, bundle: Any) -> dict[str, set[str]]:
    """The layout names the deck's title and section slides use. The title slide is the
    first; a section slide is the first slide, after the one before, that shows its title."""
    from pptx import Presentation

    slides = list(Presentation(str(deck)).slides)
    used: dict[str, set[str]] = {"title": {slides[0].slide_layout.name}, "section": set()}
    at = 1
    for slide in bundle.slides[1:]:
        if slide.kind != "section":
            continue
        words = " ".join(slide.title.split())
        for index in range(at, len(slides)):
            shown = " ".join(
                " ".join(s.text_frame.text.split())
                for s in slides[index].shapes
                if s.has_text_frame
            )
            if words and words in shown:
                used["section"].add(slides[index].slide_layout.name)
                at = index + 1
                break
    return used


@pytest.mark.parametrize("kind", ["title", "section"])
def test_the_designers_title_and_section_layouts_are_used(
    request: pytest.FixtureRequest, built: Built, kind: str
) -> None:
    expect(request, built, f"layout-{kind}")
    meant = DESIGNED[built.template.name][kind]
    used = set().union(
        *(kind_layouts(d, b)[kind] for d, b in zip(built.decks, built.bundles, strict=True))
    )
    assert used == {meant}


def test_every_listed_template_names_its_designed_layouts() -> None:
    names = {Path(e["file"]).name for e in real_sources() if e["file"].startswith("pptx/")}
    assert names and names <= set(DESIGNED)
