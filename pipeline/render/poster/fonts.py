"""Fonts and type for the SVG renderers (the lederplakat and the word cloud).

Three jobs:

- Find which fonts a rendered SVG names, and refuse one that is not installed. CairoSVG only
  reads the first family of a `font-family` list and then takes whatever fontconfig offers,
  so a missing font would otherwise be a silent fallback.
- Write the fontconfig file (`FONTCONFIG_FILE`) through which CairoSVG sees exactly those
  fonts, and nothing else, so the poster comes out the same on every machine.
- Fit text into a box: break lines with the font's real advance widths (CairoSVG sets text
  glyph by glyph with the same advances fontTools reads, so the measure is exact), and shrink
  down to a minimum size before giving up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from pipeline.checks import contrast
from pipeline.errors import TemplateError
from pipeline.render.fonts import METRIC_COMPATIBLE, FontMetrics, find_font, metrics

PT = 25.4 / 72  # one point in millimetres

# Families CSS lets a designer name in place of a font. CairoSVG hands them to fontconfig,
# which picks a machine-dependent font: the poster would differ from machine to machine.
GENERIC_FAMILIES = frozenset(
    {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "ui-sans-serif"}
)

_SVG_NS = "http://www.w3.org/2000/svg"
_TEXT_TAGS = {f"{{{_SVG_NS}}}{tag}" for tag in ("text", "tspan", "textPath")}
_FAMILY_IN_CSS = re.compile(r"font-family\s*:\s*([^;}]+)", re.IGNORECASE)


# --------------------------------------------------------------------------- which fonts


def first_family(value: str) -> str:
    """The family CairoSVG will actually use: the first one, without quotes."""
    return value.split(",")[0].strip().strip("'\"").strip()


def _own_family(element: object) -> str | None:
    get = element.get  # type: ignore[attr-defined]
    family = get("font-family")
    style = get("style") or ""
    match = _FAMILY_IN_CSS.search(style)
    if match:
        family = match.group(1)
    return first_family(family) if family else None


def _own_weight_style(element: object, inherited: tuple[bool, bool]) -> tuple[bool, bool]:
    get = element.get  # type: ignore[attr-defined]
    bold, italic = inherited
    style = get("style") or ""
    weight = get("font-weight")
    slant = get("font-style")
    for name, value in re.findall(r"(font-weight|font-style)\s*:\s*([^;]+)", style):
        if name == "font-weight":
            weight = value.strip()
        else:
            slant = value.strip()
    if weight:
        bold = weight == "bold" or (weight.isdigit() and int(weight) >= 550)
    if slant:
        italic = slant in ("italic", "oblique")
    return bold, italic


def svg_fonts(root: object) -> set[tuple[str, bool, bool]]:
    """Every (family, bold, italic) a text element of `root` (an lxml element) is drawn with.

    Raises TemplateError for text without a font, or with a generic family such as sans-serif.
    """
    sheet_families = [
        first_family(m.group(1))
        for style in root.iter(f"{{{_SVG_NS}}}style")  # type: ignore[attr-defined]
        for m in _FAMILY_IN_CSS.finditer(style.text or "")
    ]
    used: set[tuple[str, bool, bool]] = {(f, False, False) for f in sheet_families}

    def walk(element: object, family: str | None, style: tuple[bool, bool]) -> None:
        family = _own_family(element) or family
        style = _own_weight_style(element, style)
        tag = element.tag  # type: ignore[attr-defined]
        has_text = bool((element.text or "").strip())  # type: ignore[attr-defined]
        if tag in _TEXT_TAGS and has_text:
            if family is None and not sheet_families:
                line = element.sourceline  # type: ignore[attr-defined]
                raise TemplateError(
                    f"the text on line {line} of the rendered SVG names no font-family; "
                    "CairoSVG would fall back to fontconfig's default font. Set font-family "
                    "on the <svg> root or on the text"
                )
            if family is not None:
                used.add((family, *style))
        for child in element:  # type: ignore[attr-defined]
            if isinstance(child.tag, str):
                walk(child, family, style)

    walk(root, None, (False, False))
    for family, _, _ in used:
        if family.lower() in GENERIC_FAMILIES:
            raise TemplateError(
                f"the template names the generic font family {family!r} first; CairoSVG would "
                "use whatever font fontconfig picks on that machine. Name a real font first, "
                "such as Carlito (Debian package fonts-crosextra-carlito)"
            )
    return used


def font_files(fonts: Iterable[tuple[str, bool, bool]]) -> list[Path]:
    """The files of the given fonts; TemplateError for a family that is not installed."""
    return sorted({find_font(family, bold, italic) for family, bold, italic in fonts})


def fontconfig_conf(files: Sequence[Path], cache_dir: Path) -> str:
    """A fonts.conf that shows fontconfig only the folders of `files`.

    Metric-compatible names (Calibri, Arial, ...) are mapped to their stand-ins, as
    `pipeline.render.fonts.find_font` does when it measures them.
    """
    dirs = sorted({str(path.parent) for path in files})
    parts = ['<?xml version="1.0"?>', "<fontconfig>"]
    parts += [f"  <dir>{xml_escape(d)}</dir>" for d in dirs]
    parts.append(f"  <cachedir>{xml_escape(str(cache_dir))}</cachedir>")
    for name, stand_in in sorted(METRIC_COMPATIBLE.items()):
        parts.append(
            '  <match target="pattern"><test name="family" ignore-blanks="true">'
            f"<string>{xml_escape(name)}</string></test>"
            '<edit name="family" mode="assign" binding="strong">'
            f"<string>{xml_escape(stand_in)}</string></edit></match>"
        )
    # Unhinted outlines, whatever this machine's /etc/fonts prefers: glyphs then keep the
    # widths fontTools measures, in the PNG as in the PDF, and every machine draws the same.
    parts.append(
        '  <match target="font">'
        '<edit name="hinting" mode="assign"><bool>false</bool></edit>'
        '<edit name="hintstyle" mode="assign"><const>hintnone</const></edit>'
        '<edit name="antialias" mode="assign"><bool>true</bool></edit>'
        '<edit name="embeddedbitmap" mode="assign"><bool>false</bool></edit>'
        "</match>"
    )
    parts.append("</fontconfig>")
    return "\n".join(parts) + "\n"


# --------------------------------------------------------------------------- glyph coverage


def missing_glyphs(font: FontMetrics, text: str) -> list[str]:
    """Characters of `text` the font has no glyph for (cairo would print an empty box)."""
    # The measured font's own character map: reading the file's again cost 15 ms a font.
    seen: list[str] = []
    for char in text:
        if char.isspace() or font.has_glyph(char) or char in seen:
            continue
        seen.append(char)
    return seen


# --------------------------------------------------------------------------- ink


@dataclass(frozen=True)
class Ink:
    """Where a line of text puts ink, in ems from its origin (y up, as in the font).

    `left` and `right` also take in the advance box, so that neighbours keep their spacing.
    """

    left: float
    right: float
    top: float  # above the baseline
    bottom: float  # below the baseline: negative for descenders


_Bounds = tuple[float, float, float, float, float]


class _Outlines:
    """Glyph bounds of one font file, measured on demand from the outlines."""

    def __init__(self, path: Path) -> None:
        from fontTools.ttLib import TTFont

        self._font = TTFont(str(path), lazy=True)
        self._em = self._font["head"].unitsPerEm
        self._cmap = self._font.getBestCmap() or {}
        self._glyphs = self._font.getGlyphSet()
        self._hmtx = self._font["hmtx"].metrics
        self._memo: dict[int, _Bounds | None] = {}

    def bounds(self, code: int) -> _Bounds | None:
        """(xMin, yMin, xMax, yMax, advance) in ems; zeros for a space; None if missing."""
        if code not in self._memo:
            from fontTools.pens.boundsPen import BoundsPen

            name = self._cmap.get(code)
            if name is None:
                self._memo[code] = None
            else:
                pen = BoundsPen(self._glyphs)
                self._glyphs[name].draw(pen)
                em = self._em
                advance = self._hmtx[name][0] / em
                if pen.bounds is None:
                    self._memo[code] = (0.0, 0.0, 0.0, 0.0, advance)
                else:
                    x0, y0, x1, y1 = pen.bounds
                    self._memo[code] = (x0 / em, y0 / em, x1 / em, y1 / em, advance)
        return self._memo[code]


_OUTLINES: dict[Path, _Outlines] = {}


def ink(font: FontMetrics, text: str) -> Ink:
    """The ink of `text` set in one line, from the glyph outlines (accents included)."""
    if font.path not in _OUTLINES:
        _OUTLINES[font.path] = _Outlines(font.path)
    outlines = _OUTLINES[font.path]
    pen = 0.0
    left, right, top, bottom = 0.0, 0.0, 0.0, 0.0
    for char in text:
        glyph = outlines.bounds(ord(char))
        if glyph is None:  # not in the font: cairo draws a .notdef box of this width
            pen += font.text_width(char, 1.0)
            top = max(top, font.ascent)
            continue
        x0, y0, x1, y1, advance = glyph
        if (x0, y0, x1, y1) != (0.0, 0.0, 0.0, 0.0):
            left = min(left, pen + x0)
            right = max(right, pen + x1)
            top = max(top, y1)
            bottom = min(bottom, y0)
        pen += advance
    return Ink(left=left, right=max(right, pen), top=top, bottom=bottom)


# --------------------------------------------------------------------------- fitting text


@dataclass(frozen=True)
class Line:
    text: str
    baseline: float  # distance from the top of the box to the line's baseline
    width: float
    first: bool  # the first line of its paragraph (where a bullet goes)


@dataclass(frozen=True)
class Fitted:
    size_pt: float
    size: float  # the same size in the box's unit
    lines: tuple[Line, ...]
    height: float
    width: float


@dataclass(frozen=True)
class Font:
    family: str
    bold: bool = False
    italic: bool = False

    @property
    def metrics(self) -> FontMetrics:
        return metrics(self.family, self.bold, self.italic)


def text_width(font: FontMetrics, text: str, size: float, letter_spacing: float = 0.0) -> float:
    width = font.text_width(text, size)
    if letter_spacing and len(text) > 1:
        width += letter_spacing * (len(text) - 1)
    return width


_DASHES = {"–", "—", "-"}


def _units(text: str) -> list[str]:
    """The words of `text`, with a free-standing dash kept on the line of the word before it."""
    units: list[str] = []
    for word in (w for w in text.split(" ") if w):
        if word in _DASHES and units:
            units[-1] = f"{units[-1]} {word}"
        else:
            units.append(word)
    return units


def _wrap(
    font: FontMetrics, text: str, size: float, width: float, letter_spacing: float
) -> list[str] | None:
    """Greedy line breaking; None when a single word is wider than the box."""
    lines: list[str] = []
    for part in text.split("\n"):
        start = len(lines)
        current = ""
        for word in _units(part):
            if text_width(font, word, size, letter_spacing) > width:
                return None
            candidate = f"{current} {word}" if current else word
            if current and text_width(font, candidate, size, letter_spacing) > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        if current:
            lines.append(current)
        if len(lines) - start >= 2:
            _mend_widow(font, lines, size, width, letter_spacing)
    return lines


def _mend_widow(
    font: FontMetrics, lines: list[str], size: float, width: float, letter_spacing: float
) -> None:
    """A paragraph should not end with one word alone: take a word down from the line above."""
    if len(lines) < 2:
        return
    above, last = _units(lines[-2]), _units(lines[-1])
    if len(last) != 1 or len(above) < 3:
        return
    moved = f"{above[-1]} {last[0]}"
    if text_width(font, moved, size, letter_spacing) <= width:
        lines[-2] = " ".join(above[:-1])
        lines[-1] = moved


def _balanced(
    font: FontMetrics, text: str, size: float, width: float, letter_spacing: float
) -> list[str] | None:
    """The same number of lines as greedy breaking, but as even in length as they can be."""
    greedy = _wrap(font, text, size, width, letter_spacing)
    if greedy is None or len(greedy) < 2:
        return greedy
    low, high = 0.0, width
    best = greedy
    for _ in range(24):
        middle = (low + high) / 2
        trial = _wrap(font, text, size, middle, letter_spacing)
        if trial is not None and len(trial) == len(greedy):
            best, high = trial, middle
        else:
            low = middle
    return best


def fit(
    paragraphs: Sequence[str],
    width: float,
    height: float,
    font: Font,
    *,
    size_pt: float,
    min_size_pt: float,
    unit: float = PT,
    line_height: float = 1.2,
    paragraph_gap: float = 0.45,
    indent_em: float = 0.0,
    letter_spacing: float = 0.0,
    balance: bool = False,
    max_lines: int | None = None,
) -> Fitted | None:
    """Set `paragraphs` as large as possible, from `size_pt` down to `min_size_pt`.

    `width` and `height` are in the box's unit; `unit` is one point in that unit (millimetres
    by default). `indent_em` ems are kept free left of every line (room for a bullet), and
    `paragraph_gap` is the space between paragraphs, in line heights. Returns None when the
    text does not fit even at the minimum size.
    """
    face = font.metrics
    paragraphs = [p for p in paragraphs if p.strip()]
    step = 0.25
    size_now = size_pt
    while size_now >= min_size_pt - 1e-9:
        size = size_now * unit
        spacing = letter_spacing * size
        leading = size * line_height
        indent = indent_em * size
        lines: list[Line] = []
        y = 0.0
        ok = True
        for index, paragraph in enumerate(paragraphs):
            wrap = _balanced if balance else _wrap
            broken = wrap(face, paragraph, size, width - indent, spacing)
            if broken is None:
                ok = False
                break
            if index:
                y += leading * paragraph_gap
            for number, text in enumerate(broken):
                baseline = y + face.ascent * size + (leading - size * _em(face)) / 2
                lines.append(
                    Line(text, baseline, text_width(face, text, size, spacing), number == 0)
                )
                y += leading
        if ok and (max_lines is None or len(lines) <= max_lines) and y <= height + 1e-9:
            widest = max((line.width for line in lines), default=0.0)
            return Fitted(size_now, size, tuple(lines), y, widest + indent)
        size_now = round(size_now - step, 4)
    return None


def _em(face: FontMetrics) -> float:
    """The font's ascent plus descent, as a fraction of its size."""
    return face.ascent + face.descent


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two "#RRGGBB" colours (1 to 21), by pipeline.checks.contrast."""
    return contrast.contrast_ratio(contrast.parse_hex(first), contrast.parse_hex(second))


def mix(first: str, second: str, amount: float) -> str:
    """`first` moved `amount` (0 to 1) of the way towards `second`, as "#RRGGBB"."""
    return contrast.to_hex(
        contrast.blend(contrast.parse_hex(second), contrast.parse_hex(first), amount)
    )
