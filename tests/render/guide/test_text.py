"""The guide's wording: a slide that shows the lederplattform's values is cited in words."""

from __future__ import annotations

from pipeline.model import types as m
from pipeline.render.guide.text import slide_quotes

from builders import SRC, sample_bundle


def test_a_slide_with_the_platforms_values_is_cited_in_words_not_by_its_key() -> None:
    for malform, expected in (
        ("nn", "Verdiane våre (verdiane frå leiarplattforma)"),
        ("nb", "Verdiane våre (verdiene fra lederplattformen)"),
    ):
        bundle = sample_bundle(malform)  # type: ignore[arg-type]
        slide = m.Slide(
            title="Verdiane våre",
            kind="diamond",
            attrs={"source": "lederplattform"},
            block_id="plattform",
            source=SRC,
        )
        bundle = bundle.model_copy(update={"slides": [slide]})
        assert slide_quotes(bundle, [[14]]) == [(expected, [14])]
