"""Text over a picture in the built deck: the designer's dark photo section layout with dark
teal text gets the theme's light text colour; a photo too busy for either colour gets a scrim.
Either way the checker, which samples the same picture, passes the slide."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation

from pipeline.checks.a11y import check_pptx
from pipeline.model import types as m
from pipeline.render.deck.render import render_deck

from builders import _slide, photo_section_pptx, sample_bundle

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def day() -> m.SamlingBundle:
    slides = [
        _slide("Samling 2", kind="title"),
        _slide("Relasjonar i leiing", kind="section", blocks=[m.Paragraph(text="Kvifor")]),
        _slide("Pause", kind="pause", block="pause-1"),
        _slide("Om relasjonar", blocks=[m.Paragraph(text="Tre tidsspenn")]),
    ]
    return sample_bundle("nn").model_copy(update={"slides": slides})


def render(tmp_path: Path, kind: str) -> tuple[Path, Path]:
    template = photo_section_pptx(tmp_path, kind)
    data, _ = render_deck(day(), template)
    path = tmp_path / f"deck-{kind}.pptx"
    path.write_bytes(data)
    return template, path


def fills(slide) -> list[str]:  # noqa: ANN001
    """The scheme colour of every text run and field on the slide, or 'inherited'."""
    found = []
    for run in slide._element.iter(f"{A}r", f"{A}fld"):
        if "".join(t.text or "" for t in run.iter(f"{A}t")).strip():
            colour = run.find(f"{A}rPr/{A}solidFill/{A}schemeClr")
            found.append(colour.get("val") if colour is not None else "inherited")
    return found


def contrast_findings(path: Path, template: Path) -> list[str]:
    return [
        d.message
        for d in check_pptx(path, "nn-NO", template)
        if "contrast" in d.message or "picture" in d.message
    ]


def test_dark_text_on_a_dark_photo_takes_the_theme_light_colour(tmp_path: Path) -> None:
    template, path = render(tmp_path, "dark")
    prs = Presentation(str(path))
    on_photo = [s for s in prs.slides if s.slide_layout.name == "Section Header"]
    assert len(on_photo) == 2  # the section and the pause
    for slide in on_photo:
        assert set(fills(slide)) == {"lt1"}  # title, text, time, footer and slide number
        assert not [s for s in slide.shapes if s.name.startswith("Tekstbakgrunn")]
    # Slides on a plain background keep the colours they had.
    assert "lt1" not in fills(prs.slides[3])
    assert contrast_findings(path, template) == []


def test_a_photo_too_busy_for_either_colour_gets_a_scrim_behind_the_text(tmp_path: Path) -> None:
    template, path = render(tmp_path, "stripes")
    prs = Presentation(str(path))
    slide = prs.slides[1]
    names = [s.name for s in slide.shapes]
    title = next(i for i, n in enumerate(names) if n.startswith("Title"))
    # The scrim lies just under the title, as large as its box, in the other theme colour.
    assert names[title - 1].startswith("Tekstbakgrunn")
    scrim = slide.shapes[title - 1]
    colour = scrim._element.find(f".//{A}solidFill/{A}schemeClr")
    assert colour.get("val") in ("lt1", "dk1")
    assert {colour.get("val"), *fills(slide)} == {"lt1", "dk1"}
    assert 0 < int(colour.find(f"{A}alpha").get("val")) < 100000
    assert (scrim.left, scrim.top, scrim.width, scrim.height) == (
        slide.shapes[title].left,
        slide.shapes[title].top,
        slide.shapes[title].width,
        slide.shapes[title].height,
    )
    assert contrast_findings(path, template) == []


def test_the_fix_is_deterministic(tmp_path: Path) -> None:
    template = photo_section_pptx(tmp_path, "stripes")
    assert render_deck(day(), template)[0] == render_deck(day(), template)[0]
