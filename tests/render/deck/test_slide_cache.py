"""The warm deck's slide cache: the bytes of a cold render, whatever changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.content.load import read_samling
from pipeline.errors import ContentError
from pipeline.model.types import SamlingBundle
from pipeline.render.deck.render import render_deck
from pipeline.render.deck.slide_cache import DeckCache

from conftest import REPO, edit

TEMPLATE = REPO / "templates/pptx/default.pptx"


def bundle(content: Path) -> SamlingBundle:
    read, report = read_samling(content, 2)
    assert read is not None, report.errors
    return read


@pytest.fixture
def content(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "tests/fixtures/mini", tmp_path / "content")
    return tmp_path / "content"


def test_nothing_changed_gives_the_same_bytes_without_rendering(content: Path) -> None:
    cache = DeckCache()
    first, warnings = cache.render(bundle(content), TEMPLATE)
    rendered = cache.slides_rendered
    assert cache.render(bundle(content), TEMPLATE) == (first, warnings)
    assert cache.slides_rendered == rendered and cache.full_renders == 1


def test_another_picture_renders_the_whole_deck(content: Path) -> None:
    from PIL import Image

    cache = DeckCache()
    cache.render(bundle(content), TEMPLATE)
    picture = content / "samling-02/images/fugl.png"
    with Image.open(picture) as original:
        size = original.size
    Image.new("RGB", size, (200, 30, 30)).save(picture)  # the same name, another picture
    changed = bundle(content)
    assert cache.render(changed, TEMPLATE)[0] == render_deck(changed, TEMPLATE)[0]
    assert cache.full_renders == 2


def test_a_broken_slide_is_reported_and_the_next_render_is_right(content: Path) -> None:
    cache = DeckCache()
    cache.render(bundle(content), TEMPLATE)
    slides = content / "samling-02/slides.md"
    edit(slides, "## Om relasjoner\n", "## Om relasjoner\n\n![](images/fugl.png)\n")
    broken = bundle(content)
    picture = content / "samling-02/images/fugl.png"
    kept = picture.read_bytes()
    picture.unlink()  # gone between reading and rendering
    with pytest.raises(ContentError):
        cache.render(broken, TEMPLATE)
    picture.write_bytes(kept)
    edit(slides, "## Om relasjoner\n\n![](images/fugl.png)\n", "## Om relasjonar\n")
    fixed = bundle(content)
    assert cache.render(fixed, TEMPLATE) == render_deck(fixed, TEMPLATE)
