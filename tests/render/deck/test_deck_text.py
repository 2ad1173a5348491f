"""Paragraphs to set on slides (pipeline/render/deck/text.py)."""

from __future__ import annotations

from pipeline.render.deck.text import Para, readable_on

LIGHT = {"bg1": "FFFFFF", "tx1": "000000", "bg2": "EEF0F2", "tx2": "1F3A5F"}
# A dark template: its colour map puts white text on a dark background, and bg2 stays light.
DARK = {"bg1": "0B1A2E", "tx1": "FFFFFF", "bg2": "E6E6E6", "tx2": "44546A"}


def test_text_on_a_light_fill_of_a_dark_template_takes_the_dark_colour() -> None:
    paras = [Para.of("Lytter med utgangspunkt i oss selv", colour="tx1"), Para.of("Uten farge")]
    fixed = readable_on(paras, "bg2", DARK)
    assert [p.colour for p in fixed] == ["bg1", "bg1"]
    assert fixed[0].text == paras[0].text


def test_text_that_already_reads_keeps_its_colour() -> None:
    paras = [Para.of("Visjon", colour="tx1"), Para.of("Merke", colour="#8B1E0E")]
    assert readable_on(paras, "bg2", LIGHT) == paras
    assert [p.colour for p in readable_on([Para.of("Tid", colour="bg1")], "tx2", LIGHT)] == ["bg1"]
