"""Which samling's results a word-cloud slide reads (`samling=`)."""

from __future__ import annotations

import pytest

from pipeline.model import types as m
from pipeline.model.results import wordcloud_results, wordcloud_votes

from builders import SRC, sample_bundle

OWN = m.Results(value_votes={"tillit": 3})
PREVIOUS = m.Results(value_votes={"mot": 5})


def bundle(own: m.Results | None = OWN, previous: m.Results | None = PREVIOUS) -> m.SamlingBundle:
    # sample_bundle is samling 2, so samling=1 is the previous one.
    return sample_bundle().model_copy(update={"results": own, "previous_results": previous})


def cloud(**attrs: str) -> m.Slide:
    return m.Slide(title="Ordsky", kind="wordcloud", attrs=attrs, source=SRC)


def test_naming_the_previous_samling_reads_its_results() -> None:
    assert wordcloud_results(bundle(), cloud(samling="1")) is PREVIOUS
    assert wordcloud_votes(bundle(), cloud(samling="1")) == {"mot": 5}


@pytest.mark.parametrize("attrs", [{}, {"samling": "2"}, {"samling": "0"}, {"samling": "en"}])
def test_otherwise_the_slide_reads_this_samlings_own_results(attrs: dict[str, str]) -> None:
    assert wordcloud_results(bundle(), cloud(**attrs)) is OWN


def test_no_results_give_no_votes() -> None:
    assert wordcloud_votes(bundle(own=None), cloud()) == {}
    assert wordcloud_votes(bundle(previous=None), cloud(samling="1")) == {}


def test_the_votes_are_a_copy() -> None:
    votes = wordcloud_votes(bundle(), cloud())
    votes["tillit"] = 0
    assert OWN.value_votes == {"tillit": 3}
