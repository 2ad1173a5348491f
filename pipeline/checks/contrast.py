"""Colour contrast by WCAG 2.1: relative luminance, contrast ratio and the AA thresholds.

WCAG 2.1 success criterion 1.4.3 (level AA) asks for a contrast ratio of at least 4.5:1 between
text and its background, and 3:1 for large text: at least 18 pt, or at least 14 pt and bold.
A ratio is never rounded up: 4.48:1 fails 4.5:1.

The colour transforms that Office files use (DrawingML lumMod/lumOff/tint/shade/alpha, Word's
themeTint/themeShade) are here too, so that a theme colour is compared as it is shown.
"""

from __future__ import annotations

import colorsys
import math
import re
from dataclasses import dataclass

RGB = tuple[int, int, int]

WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)

AA_NORMAL = 4.5
AA_LARGE = 3.0
LARGE_PT = 18.0
LARGE_BOLD_PT = 14.0

_HEX = re.compile(r"#?([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})")


def parse_hex(text: str) -> RGB:
    """'#1F4E79', '1f4e79' or '#abc' as an (r, g, b) of 0..255. ValueError otherwise."""
    match = _HEX.fullmatch(text.strip())
    if not match:
        raise ValueError(f"expected a colour like #1F4E79, received {text!r}")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))


def to_hex(rgb: RGB) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb)


def _clamp(value: float) -> int:
    return max(0, min(255, round(value)))


# --------------------------------------------------------------------------- WCAG


def _linear(channel: int) -> float:
    """sRGB channel (0..255) to linear light. WCAG 2.1 prints 0.03928 as the knee; the sRGB
    standard says 0.04045. No 8-bit value lies between the two, so the results are the same."""
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(rgb: RGB) -> float:
    r, g, b = (_linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: RGB, second: RGB) -> float:
    """(L1 + 0.05) / (L2 + 0.05) with L1 the lighter colour: 1.0 to 21.0."""
    a, b = relative_luminance(first), relative_luminance(second)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def hex_contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two RRGGBB colours (a leading # allowed)."""
    return contrast_ratio(parse_hex(a), parse_hex(b))


def is_large_text(size_pt: float, bold: bool = False) -> bool:
    """WCAG's large text: at least 18 pt, or at least 14 pt and bold."""
    return size_pt >= LARGE_PT or (bold and size_pt >= LARGE_BOLD_PT)


def required_ratio(size_pt: float, bold: bool = False) -> float:
    return AA_LARGE if is_large_text(size_pt, bold) else AA_NORMAL


def format_ratio(ratio: float) -> str:
    """'4.48:1', '2.6:1', '21:1': truncated, never rounded up, so no failure reads as a pass."""
    text = f"{math.floor(ratio * 100 + 1e-9) / 100:.2f}".rstrip("0").rstrip(".")
    return f"{text}:1"


def format_threshold(threshold: float) -> str:
    return f"{threshold:g}:1"


@dataclass(frozen=True)
class Contrast:
    """One text colour on one background, judged for a text size."""

    text: RGB
    background: RGB
    required: float

    @property
    def ratio(self) -> float:
        return contrast_ratio(self.text, self.background)

    @property
    def passes(self) -> bool:
        return self.ratio >= self.required

    def describe(self) -> str:
        return (
            f"text {to_hex(self.text)} on {to_hex(self.background)} has contrast "
            f"{format_ratio(self.ratio)}, needs {format_threshold(self.required)}"
        )


# --------------------------------------------------------------------------- transforms


def blend(top: RGB, bottom: RGB, alpha: float) -> RGB:
    """`top` painted with opacity `alpha` (0..1) over `bottom`."""
    alpha = max(0.0, min(1.0, alpha))
    return (
        _clamp(top[0] * alpha + bottom[0] * (1 - alpha)),
        _clamp(top[1] * alpha + bottom[1] * (1 - alpha)),
        _clamp(top[2] * alpha + bottom[2] * (1 - alpha)),
    )


def _to_hls(rgb: RGB) -> tuple[float, float, float]:
    return colorsys.rgb_to_hls(rgb[0] / 255, rgb[1] / 255, rgb[2] / 255)


def from_hls(h: float, lum: float, s: float) -> RGB:
    """An HSL colour (each 0..1; lightness and saturation clamped) as 0..255 channels."""
    r, g, b = colorsys.hls_to_rgb(h, max(0.0, min(1.0, lum)), max(0.0, min(1.0, s)))
    return (_clamp(r * 255), _clamp(g * 255), _clamp(b * 255))


def lum_mod_off(rgb: RGB, mod: float = 1.0, off: float = 0.0) -> RGB:
    """DrawingML lumMod/lumOff (as fractions): luminance in HSL times mod, plus off."""
    h, lum, s = _to_hls(rgb)
    return from_hls(h, lum * mod + off, s)


def from_linear(v: float) -> int:
    """Linear light (0..1, clamped) to an sRGB channel (0..255): the inverse of `_linear`."""
    v = max(0.0, min(1.0, v))
    c = v * 12.92 if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055
    return _clamp(c * 255)


def drawingml_tint(rgb: RGB, amount: float) -> RGB:
    """DrawingML a:tint (fraction): keep `amount` of the colour, the rest towards white,
    in linear light as Office does."""
    return tuple(  # type: ignore[return-value]
        from_linear(_linear(c) * amount + (1 - amount)) for c in rgb
    )


def drawingml_shade(rgb: RGB, amount: float) -> RGB:
    """DrawingML a:shade (fraction): keep `amount` of the colour, the rest towards black."""
    return tuple(  # type: ignore[return-value]
        from_linear(_linear(c) * amount) for c in rgb
    )


def word_theme_tint(rgb: RGB, tint: int) -> RGB:
    """Word's w:themeTint (0..255): HSL luminance moved towards white."""
    h, lum, s = _to_hls(rgb)
    return from_hls(h, lum * (tint / 255) + (1 - tint / 255), s)


def word_theme_shade(rgb: RGB, shade: int) -> RGB:
    """Word's w:themeShade (0..255): HSL luminance moved towards black."""
    h, lum, s = _to_hls(rgb)
    return from_hls(h, lum * (shade / 255), s)
