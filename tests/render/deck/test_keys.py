from __future__ import annotations

from pathlib import Path

from pipeline.model.types import Slide, SourcePos
from pipeline.render.deck.keys import base_key, unique_key


def _slide(title: str, kind: str = "bullets", **attrs: str) -> Slide:
    source = SourcePos(file=Path("content/samling-02/slides.md"), line=1)
    return Slide(title=title, kind=kind, attrs=attrs, source=source)  # type: ignore[arg-type]


def test_keys_name_the_samling_and_the_slide() -> None:
    assert base_key(_slide("Om **relasjoner**")) == "samling:samling-02/om-relasjoner"
    assert base_key(_slide("", "pause", block="pause-1")) == "samling:samling-02/pause-pause-1"
    assert base_key(_slide("X", id="mitt-id")) == "samling:samling-02/mitt-id"


def test_a_repeated_key_is_numbered_in_deck_order() -> None:
    seen: dict[str, int] = {}
    keys = [unique_key(_slide("Pause"), seen) for _ in range(3)]
    assert keys == [f"samling:samling-02/pause{s}" for s in ("", "-2", "-3")]


def test_slide_keys_give_one_key_per_deck_slide_and_frames_their_own() -> None:
    from pipeline.render.deck.keys import slide_keys

    from builders import sample_bundle

    bundle = sample_bundle()
    keys = slide_keys(bundle)
    frames = [(key, index) for key, slide, index in keys if slide.kind == "frame"]
    assert [index for _, index in frames] == [0, 1, 2]
    assert frames[0][0].endswith("/frame/slik-skal-vi-jobbe-sammen")
    assert len({key for key, _, _ in keys}) == len(keys)
    assert all(slide in bundle.slides for _, slide, _ in keys)


def test_notes_bookmarks_are_short_plain_and_distinct() -> None:
    import re

    from pipeline.render.deck.keys import notes_bookmark, notes_stem

    key = "samling:samling-02/" + "ein-svært-lang-tittel-" * 5
    names = [notes_bookmark(key, i) for i in range(12)] + [notes_bookmark(key + "-2", 0)]
    # LibreOffice cuts bookmark names at 40 characters and escapes ':' and '/'
    assert all(len(n) <= 40 and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", n) for n in names)
    assert len(set(names)) == len(names)
    assert names[3].rsplit("_", 1) == [notes_stem(key), "3"]
