"""The warm session of watch and preview: its files are those of a cold `build --force`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.build import BuildOptions, build_samling
from pipeline.errors import Diagnostic
from pipeline.project import Project
from pipeline.warm import WarmSession

from builders import retheme_pptx
from conftest import REPO, edit

OUTPUTS = (
    "samling-02-presentasjon.pptx",
    "samling-02-fasilitatorguide.docx",
    "samling-02-arbeidsark.docx",
)


def project_copy(tmp_path: Path) -> Project:
    shutil.copytree(REPO / "tests/fixtures/mini", tmp_path / "content")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    return Project.at(tmp_path)


def outputs(project: Project) -> dict[str, bytes]:
    folder = project.build / "samling-02"
    return {name: (folder / name).read_bytes() for name in OUTPUTS}


def cold(project: Project, tmp_path: Path) -> dict[str, bytes]:
    """The same content and templates, built cold with --force in a folder of its own."""
    other = tmp_path / "cold"
    shutil.rmtree(other, ignore_errors=True)
    shutil.copytree(project.content, other / "content")
    shutil.copytree(project.templates, other / "templates")
    build_samling(Project.at(other), 2, BuildOptions(pdf=False, force=True, parallel=False))
    return outputs(Project.at(other))


@pytest.fixture
def session(tmp_path: Path) -> WarmSession:
    warm = WarmSession(project_copy(tmp_path))
    result = warm.rebuild(2)
    assert result.deck == warm.project.build / "samling-02" / OUTPUTS[0]
    return warm


def test_one_slide_edit_renders_one_slide_and_matches_a_cold_build(
    session: WarmSession, tmp_path: Path
) -> None:
    project = session.project
    slides = project.content / "samling-02/slides.md"
    deck_cache = session.decks[2]
    rendered = deck_cache.slides_rendered
    edit(slides, "- nåtid, relasjonen her og nå", "- notid, relasjonen no")
    result = session.rebuild(2, {slides})
    assert result.deck == project.build / "samling-02" / OUTPUTS[0]
    assert result.written[0] == result.deck  # the deck is written first
    assert deck_cache.full_renders == 1
    assert deck_cache.slides_rendered == rendered + 1
    assert outputs(project) == cold(project, tmp_path)
    # A changed title changes the slide's key too; still only that slide is rendered.
    edit(slides, "## Om relasjoner", "## Om relasjonar")
    session.rebuild(2, {slides})
    assert deck_cache.full_renders == 1
    assert deck_cache.slides_rendered == rendered + 2
    assert outputs(project) == cold(project, tmp_path)


def test_an_agenda_time_renders_the_whole_deck_again(session: WarmSession, tmp_path: Path) -> None:
    project = session.project
    deck_cache = session.decks[2]
    edit(project.content / "samling-02/samling.yaml", "end: 10:45", "end: 10:40")
    edit(project.content / "samling-02/samling.yaml", "start: 10:45", "start: 10:40")
    session.rebuild(2, {project.content / "samling-02/samling.yaml"})
    assert deck_cache.full_renders == 2
    assert outputs(project) == cold(project, tmp_path)


def test_results_rerender_the_slide_that_shows_them(session: WarmSession, tmp_path: Path) -> None:
    project = session.project
    deck_cache = session.decks[2]
    rendered = deck_cache.slides_rendered
    results = project.content / "samling-01/results.yaml"
    edit(results, "Gi trygghet og tillit", "Gi tryggleik og tillit")
    session.rebuild(2, {results})
    assert deck_cache.full_renders == 1
    assert deck_cache.slides_rendered == rendered + 1  # the results slide, nothing else
    assert outputs(project) == cold(project, tmp_path)


def test_a_changed_template_renders_the_whole_deck_again(
    session: WarmSession, tmp_path: Path
) -> None:
    project = session.project
    deck_cache = session.decks[2]
    template = project.templates / "pptx/default.pptx"
    template.write_bytes(template.read_bytes())  # saved again, the same bytes: nothing to do
    result = session.rebuild(2, {template})
    assert result.deck is None and "deck" in result.unchanged
    shutil.copy(retheme_pptx(template, tmp_path, "DejaVu Serif"), template)
    session.rebuild(2, {template})
    assert deck_cache.full_renders == 2
    assert outputs(project)[OUTPUTS[0]] == cold(project, tmp_path)[OUTPUTS[0]]


def test_a_warning_names_its_slide_number(session: WarmSession) -> None:
    deck_cache = session.decks[2]
    slides = session.project.content / "samling-02/slides.md"
    line = next(
        number
        for number, text in enumerate(slides.read_text(encoding="utf-8").splitlines(), 1)
        if text.startswith("## Om relasjoner")
    )
    about = Diagnostic("warning", "too long", file=slides, line=line + 3)
    numbers = [number for file, start, number in deck_cache.starts if start == line]
    assert deck_cache.slide_number(about) == numbers[0]
    assert deck_cache.slide_number(Diagnostic("warning", "no place")) is None
