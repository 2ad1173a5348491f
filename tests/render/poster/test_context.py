"""What a poster template gets: the page in mm, the diamond's places, cleaned texts."""

from __future__ import annotations

import pytest

from pipeline.errors import ContentError, Diagnostic
from pipeline.model.types import Lederplattform
from pipeline.render.poster.context import SAFE, clean, make_page, num, platform_context


def plattform(first_name: str = "Tillit") -> Lederplattform:
    names = [first_name, "Openheit", "Heilskap", "Tydelegheit", "Fellesskap", "Anerkjenning"]
    names += ["Tryggleik", "Raushet", "Mot"]
    return Lederplattform(
        title="Leiarplattform",
        vision={"text": "Saman for Seljord"},
        values=[{"name": name, "kjennetegn": ["Vi held det vi lovar."]} for name in names],
    )


def test_a_page_scales_the_a2_design_and_keeps_a_safe_margin() -> None:
    a4 = make_page("A4", bleed=False)
    assert (a4.width, a4.height, a4.scale, a4.bleed) == (210.0, 297.0, 0.5, 0.0)
    assert (a4.safe.x, a4.safe.right, a4.safe.bottom) == (SAFE, 210.0 - SAFE, 297.0 - SAFE)
    bled = make_page("A2", bleed=True)
    assert (bled.bleed_box.x, bled.bleed_box.width) == (-3.0, 426.0)


def test_an_unknown_size_is_a_content_error() -> None:
    with pytest.raises(ContentError, match="unknown poster size 'B5'"):
        make_page("B5", bleed=False)


def test_the_nine_values_sit_in_a_1_2_3_2_1_diamond() -> None:
    platform = platform_context(plattform(), [])
    assert [len(row) for row in platform.rows] == [1, 2, 3, 2, 1]
    middle = platform.rows[2]
    assert [(v.rank, v.row, v.column, v.row_length) for v in middle] == [
        (4, 3, 1, 3),
        (5, 3, 2, 3),
        (6, 3, 3, 3),
    ]
    assert platform.values[0].key == "values[0]"


def test_pasted_control_characters_are_removed_with_a_warning() -> None:
    found: list[Diagnostic] = []
    platform = platform_context(plattform("Til\u200blit"), found)
    assert platform.values[0].name == "Tillit"
    assert [d.key for d in found] == ["values[0].name"]
    assert found[0].severity == "warning"


def test_a_text_that_is_empty_once_cleaned_is_an_error() -> None:
    with pytest.raises(ContentError, match="the title is empty"):
        clean("\x07", "the title", "title", [])


@pytest.mark.parametrize(
    ("value", "text"), [(1.0, "1"), (0.12345, "0.123"), (-0.0001, "0"), (12.5, "12.5")]
)
def test_num_is_short_and_stable(value: float, text: str) -> None:
    assert num(value) == text
