"""The warm deck's slide cache: the bytes of a cold render, whatever changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import ContentError
from pipeline.render.deck.render import render_deck
from pipeline.render.deck.slide_cache import DeckCache

from conftest import REPO, edit, read_mini

TEMPLATE = REPO / "templates/pptx/default.pptx"


def test_nothing_changed_gives_the_same_bytes_without_rendering(mini_content: Path) -> None:
    cache = DeckCache()
    first, warnings = cache.render(read_mini(mini_content), TEMPLATE)
    rendered = cache.slides_rendered
    assert cache.render(read_mini(mini_content), TEMPLATE) == (first, warnings)
    assert cache.slides_rendered == rendered and cache.full_renders == 1


def test_another_picture_renders_the_whole_deck(mini_content: Path) -> None:
    from PIL import Image

    cache = DeckCache()
    cache.render(read_mini(mini_content), TEMPLATE)
    picture = mini_content / "samling-02/images/fugl.png"
    with Image.open(picture) as original:
        size = original.size
    Image.new("RGB", size, (200, 30, 30)).save(picture)  # the same name, another picture
    changed = read_mini(mini_content)
    assert cache.render(changed, TEMPLATE)[0] == render_deck(changed, TEMPLATE)[0]
    assert cache.full_renders == 2


def test_a_broken_slide_is_reported_and_the_next_render_is_right(mini_content: Path) -> None:
    cache = DeckCache()
    cache.render(read_mini(mini_content), TEMPLATE)
    slides = mini_content / "samling-02/slides.md"
    edit(slides, "## Om relasjoner\n", "## Om relasjoner\n\n![](images/fugl.png)\n")
    broken = read_mini(mini_content)
    picture = mini_content / "samling-02/images/fugl.png"
    kept = picture.read_bytes()
    picture.unlink()  # gone between reading and rendering
    with pytest.raises(ContentError):
        cache.render(broken, TEMPLATE)
    picture.write_bytes(kept)
    edit(slides, "## Om relasjoner\n\n![](images/fugl.png)\n", "## Om relasjonar\n")
    fixed = read_mini(mini_content)
    assert cache.render(fixed, TEMPLATE) == render_deck(fixed, TEMPLATE)
