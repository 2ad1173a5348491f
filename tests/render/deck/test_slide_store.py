"""The deck's slide cache on disk: a later build renders only what changed, with the bytes of
a full render, and a cache made by other code or with other fonts is not used."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.render.deck import slide_store
from pipeline.render.deck.render import render_deck
from pipeline.render.deck.slide_cache import DeckCache

from conftest import REPO, edit, read_mini

TEMPLATE = REPO / "templates/pptx/default.pptx"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Path]:
    before = slide_store.folder(), slide_store.code_key()
    slide_store.use(tmp_path / "cache", "code-1")
    yield tmp_path / "cache"
    slide_store.use(*before)


def stored(cache: DeckCache) -> DeckCache:
    loaded = slide_store.load(slide_store.dump(cache))
    assert loaded is not None
    return loaded


def test_a_stored_cache_gives_the_same_bytes_without_rendering(
    mini_content: Path, store: Path
) -> None:
    first = DeckCache()
    data, warnings = first.render(read_mini(mini_content), TEMPLATE)
    later = stored(first)
    assert later.render(read_mini(mini_content), TEMPLATE) == (data, warnings)
    assert later.slides_rendered == 0 and later.full_renders == 0


def test_a_stored_cache_renders_only_the_edited_slide(mini_content: Path, store: Path) -> None:
    first = DeckCache()
    first.render(read_mini(mini_content), TEMPLATE)
    edit(mini_content / "samling-02/slides.md", "## Om relasjoner\n", "## Om relasjonar\n")
    changed = read_mini(mini_content)
    later = stored(first)
    assert later.render(changed, TEMPLATE) == render_deck(changed, TEMPLATE)
    assert later.slides_rendered == 1 and later.full_renders == 0


def test_the_build_keeps_one_file_per_samling_and_uses_it(mini_content: Path, store: Path) -> None:
    data, _ = slide_store.render(read_mini(mini_content), TEMPLATE)
    assert [p.name for p in store.iterdir()] == ["samling-02.zip"]
    assert (
        slide_store.render(read_mini(mini_content), TEMPLATE)[0]
        == data
        == render_deck(read_mini(mini_content), TEMPLATE)[0]
    )


def test_other_code_does_not_use_the_cache(mini_content: Path, store: Path) -> None:
    first = DeckCache()
    first.render(read_mini(mini_content), TEMPLATE)
    data = slide_store.dump(first)
    slide_store.use(store, "code-2")  # the pipeline's code changed since
    assert slide_store.load(data) is None


def _with_index(data: bytes, change: dict[str, object]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            blob = source.read(name)
            if name == "index.json":
                blob = json.dumps({**json.loads(blob), **change}).encode()
            target.writestr(name, blob)
    return out.getvalue()


def test_other_font_files_or_choices_do_not_use_the_cache(mini_content: Path, store: Path) -> None:
    first = DeckCache()
    first.render(read_mini(mini_content), TEMPLATE)
    data = slide_store.dump(first)
    index = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("index.json"))
    assert index["files"], "the fonts measured with are recorded"
    some_font = next(iter(index["files"]))
    moved = {**index["files"], some_font: [1, 2]}  # another size and time: another file
    assert slide_store.load(_with_index(data, {"files": moved})) is None
    family = next(iter(index["checked"]))
    assert slide_store.load(_with_index(data, {"checked": {family: "Not A Font"}})) is None


def test_a_damaged_file_is_ignored_and_the_deck_rendered_in_full(
    mini_content: Path, store: Path
) -> None:
    (store / "samling-02.zip").parent.mkdir(parents=True)
    (store / "samling-02.zip").write_bytes(b"PK\x03\x04 not really a zip")
    assert slide_store.load(b"PK\x03\x04 not really a zip") is None
    data, _ = slide_store.render(read_mini(mini_content), TEMPLATE)
    assert data == render_deck(read_mini(mini_content), TEMPLATE)[0]
    assert slide_store.load((store / "samling-02.zip").read_bytes()) is not None


def test_the_guide_counts_the_agenda_from_the_stored_deck(
    mini_content: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.render.deck import render

    bundle = read_mini(mini_content)
    counted = render.with_deck_spans(bundle, TEMPLATE).deck_spans  # no stored deck yet
    slide_store.render(bundle, TEMPLATE)
    calls: list[object] = []
    real = render._count_slides
    monkeypatch.setattr(render, "_count_slides", lambda *a: calls.append(a) or real(*a))
    assert slide_store.with_deck_spans(read_mini(mini_content), TEMPLATE).deck_spans == counted
    assert calls == []  # read from the stored deck, not rendered
    edit(mini_content / "samling-02/samling.yaml", "title: Velkommen!", "title: Velkomen!")
    slide_store.with_deck_spans(read_mini(mini_content), TEMPLATE)
    assert len(calls) == 1  # the samling's agenda (deck-wide) changed: counted again


def test_the_layout_mapping_is_part_of_the_decks_key(tmp_path: Path) -> None:
    from pipeline.render.deck.slide_cache import template_key

    template = tmp_path / "default.pptx"
    shutil.copy(TEMPLATE, template)
    without = template_key(template)
    mapping = tmp_path / "default.layouts.yaml"
    mapping.write_text("agenda: Title and Content\n", encoding="utf-8")
    with_mapping = template_key(template)
    mapping.write_text("agenda: Two Content\n", encoding="utf-8")
    assert len({without, with_mapping, template_key(template)}) == 3
