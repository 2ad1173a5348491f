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
