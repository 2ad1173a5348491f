"""WCAG 2.1 contrast math, against values published by W3C and WebAIM."""

from __future__ import annotations

import pytest

from pipeline.checks.contrast import (
    BLACK,
    WHITE,
    Contrast,
    blend,
    contrast_ratio,
    drawingml_shade,
    drawingml_tint,
    format_ratio,
    from_hls,
    from_linear,
    is_large_text,
    lum_mod_off,
    parse_hex,
    relative_luminance,
    required_ratio,
    to_hex,
    word_theme_shade,
    word_theme_tint,
)


def test_luminance_of_black_and_white() -> None:
    assert relative_luminance(WHITE) == pytest.approx(1.0)
    assert relative_luminance(BLACK) == pytest.approx(0.0)


def test_black_on_white_is_21_to_1_either_way() -> None:
    assert contrast_ratio(BLACK, WHITE) == pytest.approx(21.0)
    assert contrast_ratio(WHITE, BLACK) == pytest.approx(21.0)
    assert contrast_ratio(WHITE, WHITE) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("colour", "expected"),
    [
        ("#777777", 4.48),  # the classic grey that just fails AA
        ("#767676", 4.54),  # the lightest grey that passes on white
        ("#595959", 7.0),  # AAA
        ("#0000FF", 8.59),
        ("#FF0000", 4.0),
    ],
)
def test_known_ratios_on_white(colour: str, expected: float) -> None:
    assert contrast_ratio(parse_hex(colour), WHITE) == pytest.approx(expected, abs=0.01)


def test_777777_fails_normal_text_but_passes_large_text() -> None:
    grey = parse_hex("#777777")
    normal = Contrast(grey, WHITE, required_ratio(12))
    large = Contrast(grey, WHITE, required_ratio(18))
    assert not normal.passes
    assert normal.required == 4.5
    assert large.passes
    assert large.required == 3.0
    assert normal.describe() == "text #777777 on #FFFFFF has contrast 4.47:1, needs 4.5:1"


def test_large_text_is_18_pt_or_14_pt_bold() -> None:
    assert is_large_text(18)
    assert not is_large_text(17.9)
    assert is_large_text(14, bold=True)
    assert not is_large_text(13.9, bold=True)
    assert not is_large_text(14)
    assert required_ratio(24) == 3.0
    assert required_ratio(11) == 4.5


def test_a_ratio_is_never_rounded_up() -> None:
    assert format_ratio(4.4999) == "4.49:1"
    assert format_ratio(2.6) == "2.6:1"
    assert format_ratio(21.0) == "21:1"
    assert format_ratio(4.5) == "4.5:1"


def test_hex_colours() -> None:
    assert parse_hex("#1F4E79") == (0x1F, 0x4E, 0x79)
    assert parse_hex("1f4e79") == (0x1F, 0x4E, 0x79)
    assert parse_hex("#abc") == (0xAA, 0xBB, 0xCC)
    assert to_hex((0x1F, 0x4E, 0x79)) == "#1F4E79"
    with pytest.raises(ValueError, match="expected a colour"):
        parse_hex("blue")


def test_blending_half_white_over_black_is_mid_grey() -> None:
    assert blend(WHITE, BLACK, 0.5) == (128, 128, 128)
    assert blend(WHITE, BLACK, 1.0) == WHITE
    assert blend(WHITE, BLACK, 0.0) == BLACK


def test_office_colour_transforms_match_office() -> None:
    # PowerPoint's "White, Background 1, Darker 25%" is lumMod 75000: #BFBFBF.
    assert lum_mod_off(WHITE, 0.75) == (191, 191, 191)
    # "Black, Text 1, Lighter 50%" is lumMod 50000 lumOff 50000: #808080 (127.5 rounds up).
    assert lum_mod_off(BLACK, 0.5, 0.5) == (128, 128, 128)
    # Word's themeShade BF on white is the same 75 % grey.
    assert word_theme_shade(WHITE, 0xBF) == (191, 191, 191)
    assert word_theme_tint(BLACK, 0x80) == (127, 127, 127)
    assert drawingml_tint((0x1F, 0x4E, 0x79), 1.0) == (0x1F, 0x4E, 0x79)
    assert drawingml_shade(WHITE, 0.0) == BLACK
    assert drawingml_tint(BLACK, 0.0) == WHITE


def test_linear_light_and_hsl_go_back_to_srgb_channels() -> None:
    assert from_linear(0.0) == 0
    assert from_linear(1.0) == 255
    assert from_linear(0.2159) == 128  # the linear light of sRGB 128
    assert all(drawingml_tint((c, c, c), 1.0) == (c, c, c) for c in range(256))  # a round trip
    assert from_linear(1.5) == 255  # clamped
    assert from_hls(0.0, 0.5, 1.0) == (255, 0, 0)
    assert from_hls(0.0, 1.0, 0.0) == WHITE
    assert from_hls(0.5, 1.4, 0.0) == WHITE  # lightness clamped
