"""The functions a poster template calls: fitting, measuring, colours, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import ContentError, TemplateError
from pipeline.render.poster.context import Brand, make_page
from pipeline.render.poster.helpers import TemplateHelpers

BRAND = Brand("#1F4E79", "#2E7D6B", "#C8553D", "#FFFFFF", "#1E2A33", "Carlito")


@pytest.fixture
def helpers() -> TemplateHelpers:
    return TemplateHelpers(
        page=make_page("A2", bleed=False), brand=BRAND, template=Path("t.svg.j2")
    )


def test_text_box_sets_text_inside_the_box(helpers: TemplateHelpers) -> None:
    svg = str(helpers.text_box("Saman for Seljord", 20, 20, 200, 40, size=40))
    assert svg.startswith('<text font-family="Carlito" font-size=')
    assert ">Saman for Seljord</tspan>" in svg


def test_text_box_outside_the_safe_area_is_a_template_error(helpers: TemplateHelpers) -> None:
    with pytest.raises(TemplateError, match="closer than 10 mm"):
        helpers.text_box("Tekst", 5, 20, 100, 40, size=20, box="title")


def test_text_that_does_not_fit_names_its_box_and_file(helpers: TemplateHelpers) -> None:
    with pytest.raises(ContentError) as caught:
        helpers.text_box(
            "eit " * 200, 20, 20, 60, 10, size=20, min_size=12, box="vision", key="vision.text"
        )
    diagnostic = caught.value.diagnostics[0]
    assert "does not fit its box 'vision'" in diagnostic.message
    assert "lederplattform.yaml" in diagnostic.hint


def test_shared_size_is_the_size_at_which_all_fit(helpers: TemplateHelpers) -> None:
    short, long = "Mot", "Anerkjenning og tillit"
    alone = helpers.shared_size([short], 80, 20, size=60, min_size=10)
    both = helpers.shared_size([short, long], 80, 20, size=60, min_size=10)
    assert both < alone
    assert helpers.shared_size(["ord " * 500], 20, 5, size=60, min_size=10) == 10


def test_measure_grows_with_the_size(helpers: TemplateHelpers) -> None:
    assert helpers.measure("Tillit", 20) == pytest.approx(2 * helpers.measure("Tillit", 10))
    assert helpers.measure("tillit", 10, upper=True) == helpers.measure("TILLIT", 10)


def test_readable_picks_the_colour_with_most_contrast(helpers: TemplateHelpers) -> None:
    assert helpers.readable("#000000") == "#FFFFFF"
    assert helpers.readable("#FFFFFF") == BRAND.text
    assert helpers.readable("#FFFFFF", "#EEEEEE", "#333333") == "#333333"


def test_low_contrast_is_a_warning(helpers: TemplateHelpers) -> None:
    helpers.text_box("Tekst", 20, 20, 100, 40, size=20, fill="#BBBBBB", on="#FFFFFF")
    assert [d.severity for d in helpers.diagnostics] == ["warning"]
