"""One inline-emphasis parser for every output, nesting included."""

from __future__ import annotations

import pytest

from pipeline.model.inline import inline_runs, plain_text
from pipeline.model.types import Run


def spans(text: str) -> list[tuple[str, bool, bool]]:
    return [(r.text, r.bold, r.italic) for r in inline_runs(text)]


def test_bold_with_italic_inside() -> None:
    assert spans("**a *b* c**") == [("a ", True, False), ("b", True, True), (" c", True, False)]


def test_italic_with_bold_inside() -> None:
    assert spans("*a **b** c*") == [("a ", False, True), ("b", True, True), (" c", False, True)]


def test_triple_stars_are_bold_italic() -> None:
    assert spans("før ***begge*** etter") == [
        ("før ", False, False),
        ("begge", True, True),
        (" etter", False, False),
    ]


def test_plain_bold_and_italic() -> None:
    assert spans("Vi **lyttar** og *spør*.") == [
        ("Vi ", False, False),
        ("lyttar", True, False),
        (" og ", False, False),
        ("spør", False, True),
        (".", False, False),
    ]


@pytest.mark.parametrize(
    "text",
    ["5 * 3 = 15", "**ikkje lukka", "a ** b", "*", "**", "2 * 4 * 6", "stjerne* her"],
)
def test_unpaired_stars_stay_in_the_text(text: str) -> None:
    assert plain_text(text) == text
    assert all(not r.bold and not r.italic for r in inline_runs(text))


def test_no_text_is_lost() -> None:
    text = "**Mål:** *tillit* – og **meir *tillit***"
    assert plain_text(text) == "Mål: tillit – og meir tillit"


def test_empty_text_has_no_runs() -> None:
    assert inline_runs("") == []


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        (r"\*ikkje kursiv\*", "*ikkje kursiv*"),
        (r"\\ og \# og 1\. og \•", "\\ og # og 1. og •"),
        (r"C:\mappe", r"C:\mappe"),  # a backslash before a letter stays
    ],
)
def test_a_backslash_escapes_punctuation_as_in_commonmark(text: str, plain: str) -> None:
    assert plain_text(text) == plain
    assert all(not r.bold and not r.italic for r in inline_runs(text))


def test_escaped_stars_inside_emphasis() -> None:
    assert inline_runs(r"**5 \* 3**") == [Run(text="5 * 3", bold=True)]
