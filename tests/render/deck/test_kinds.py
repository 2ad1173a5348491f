"""The slide-kind registry: every kind the content may name has a renderer and a layout."""

from __future__ import annotations

from pipeline.model.types import SLIDE_KINDS
from pipeline.render.deck.kinds import RENDERERS
from pipeline.render.deck.layouts import ROLE_KINDS


def test_every_slide_kind_of_the_model_has_a_renderer() -> None:
    assert set(RENDERERS) == set(SLIDE_KINDS)


def test_every_renderer_has_a_layout_role() -> None:
    assert set(RENDERERS) <= {kind for kinds in ROLE_KINDS.values() for kind in kinds}
