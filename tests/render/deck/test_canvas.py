"""The canvas's own arithmetic: colour contrast and the rounded rectangle's text inset."""

from __future__ import annotations

import itertools

from pipeline.checks.contrast import hex_contrast as contrast
from pipeline.render.deck.canvas import INCH, round_inset
from pipeline.render.deck.layouts import Box


def _old_contrast(a: str, b: str) -> float:
    """The formula canvas.py carried before it used checks/contrast (WCAG 2.1, knee 0.03928)."""

    def luminance(value: str) -> float:
        channels = [int(value.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_is_the_wcag_ratio() -> None:
    assert contrast("FFFFFF", "000000") == 21.0
    assert contrast("#777777", "777777") == 1.0


def test_contrast_gives_the_same_numbers_as_before() -> None:
    samples = ["000000", "0A0A0A", "0B0B0B", "1F4E79", "777777", "D9A441", "EEECE1", "FFFFFF"]
    for a, b in itertools.product(samples, repeat=2):
        assert contrast(a, b) == _old_contrast(a, b), (a, b)


def test_round_inset_follows_the_corner_radius() -> None:
    box = Box(0, 0, 2 * INCH, INCH)
    assert round_inset(box, 0.0) == 0
    assert round_inset(box, 0.5) == int(INCH * 0.5 * 0.29289)
