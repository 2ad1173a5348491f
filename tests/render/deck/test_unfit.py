"""The "does not fit" warning: slides.md's own slides get "split the slide"; generated slides
point at the content they are made from (samling.yaml's agenda, program.yaml) and its fix."""

from __future__ import annotations

from pathlib import Path

from pipeline.content.load import load_samling
from pipeline.model import types as m
from pipeline.render.deck.render import render_deck
from pipeline.render.deck.unfit import unfit_warning

from conftest import REPO, edit

PROBLEM = "the agenda does not fit even at the smallest allowed size (12 pt)"


def _slide(kind: str, made_from: m.SourcePos | None = None) -> m.Slide:
    source = m.SourcePos(file=Path("content/samling-02/slides.md"), line=3)
    return m.Slide(title="", kind=kind, source=source, made_from=made_from)  # type: ignore[arg-type]


def test_a_written_slide_is_told_to_shorten_or_split() -> None:
    found = unfit_warning(4, _slide("bullets"), "Om relasjonar", "the text does not fit", "split")
    assert found.format() == (
        "content/samling-02/slides.md:3: warning: slide 4 «Om relasjonar»: "
        "the text does not fit; split"
    )


def test_a_generated_slide_points_at_its_content_and_its_fix() -> None:
    agenda = m.SourcePos(file=Path("content/samling-02/samling.yaml"), line=3)
    found = unfit_warning(2, _slide("agenda", agenda), "Program 2", PROBLEM, "split the slide")
    assert found.file == agenda.file and found.line == 3
    assert "split the slide" not in found.format()
    assert "shorter titles and fewer topics" in found.hint
    assert "on_agenda_slide: false" in found.hint


def test_an_overfull_agenda_names_samling_yaml_from_the_real_render(mini: Path) -> None:
    samling = mini / "content/samling-02/samling.yaml"
    many = ", ".join(f"Eit langt tema om leiing nummer {n}" for n in range(80))
    edit(samling, "topics: [Påkobling siden sist]", f"topics: [{many}]")
    bundle = load_samling(mini / "content", 2)
    _, warnings = render_deck(bundle, REPO / "templates/pptx/default.pptx")
    [found] = [w for w in warnings if "the agenda does not fit" in w.message]
    assert found.format(mini) == (
        f"content/samling-02/samling.yaml:3: warning: slide 2 «Program»: {PROBLEM} ({found.hint})"
    )
    assert "shorter titles" in found.hint


def test_the_loader_records_where_generated_slides_come_from(mini: Path) -> None:
    bundle = load_samling(mini / "content", 2)
    made = {s.kind: s.made_from for s in bundle.slides if s.made_from is not None}
    assert made["agenda"] is not None and made["agenda"].file.name == "samling.yaml"
    assert made["agenda"].line == 3  # "agenda:"
    assert made["pause"] is not None and made["pause"].line == 15  # "- id: pause-1"
    assert made["title"] is not None and made["title"].file.name == "program.yaml"
    assert not any(s.made_from for s in bundle.slides if s.kind == "bullets")
