"""Finding fonts through fontconfig and measuring text with their real metrics.

python-pptx's own fit_text only looks in Windows and macOS font folders; on Linux we ask
fontconfig, and refuse a silent fallback to another family.
"""

from __future__ import annotations

import functools
import logging
import shutil
import subprocess
from pathlib import Path

from pipeline.errors import TemplateError, ToolError

# Metric-compatible stand-ins for the fonts designers' templates name most often.
METRIC_COMPATIBLE = {
    "calibri": "Carlito",
    "cambria": "Caladea",
    "arial": "Liberation Sans",
    "helvetica": "Liberation Sans",
    "times new roman": "Liberation Serif",
    "courier new": "Liberation Mono",
}


@functools.lru_cache(maxsize=64)
def find_font(family: str, bold: bool = False, italic: bool = False) -> Path:
    """Return the file of `family` in the given style, or raise TemplateError.

    A family that fontconfig does not have is an error, never a silent substitute.
    """
    if shutil.which("fc-match") is None:
        raise ToolError("fontconfig's fc-match is not installed (Debian package: fontconfig).")
    wanted = METRIC_COMPATIBLE.get(family.strip().lower(), family.strip())
    pattern = wanted
    styles = []
    if bold:
        styles.append("bold")
    if italic:
        styles.append("italic")
    if styles:
        pattern += ":" + ":".join(styles)
    result = subprocess.run(
        ["fc-match", "-f", "%{file}\n%{family}\n", pattern],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = result.stdout.splitlines()
    if result.returncode != 0 or len(lines) < 2:
        raise ToolError(f"fontconfig could not look up the font {family!r}.")
    file, families = lines[0], lines[1]
    if wanted.lower() not in [f.strip().lower() for f in families.split(",")]:
        raise TemplateError(
            f"the font {family!r} is not installed (fontconfig offered {families!r} instead); "
            "install it, or choose an installed font such as Carlito "
            "(Debian package fonts-crosextra-carlito)"
        )
    return Path(file)


class FontMetrics:
    """Advance widths of one font file, in units of the font size."""

    def __init__(self, path: Path) -> None:
        from fontTools.ttLib import TTFont

        # fontTools logs harmless remarks about old font dates; they are noise to a user.
        logging.getLogger("fontTools").setLevel(logging.ERROR)
        font = TTFont(str(path), lazy=True)
        self.path = path
        self.units_per_em: int = font["head"].unitsPerEm
        self._cmap: dict[int, str] = font.getBestCmap() or {}
        self._advance: dict[str, int] = {
            name: adv for name, (adv, _) in font["hmtx"].metrics.items()
        }
        hhea = font["hhea"]
        self.ascent = hhea.ascent / self.units_per_em
        self.descent = -hhea.descent / self.units_per_em
        self.line_gap = hhea.lineGap / self.units_per_em
        notdef = self._advance.get(".notdef", self.units_per_em // 2)
        self._fallback = notdef
        font.close()

    def text_width(self, text: str, size: float) -> float:
        """Width of `text` set at `size` (any unit: the result is in the same unit)."""
        units = 0
        for char in text:
            glyph = self._cmap.get(ord(char))
            units += self._advance.get(glyph, self._fallback) if glyph else self._fallback
        return units * size / self.units_per_em

    def has_glyph(self, char: str) -> bool:
        """Whether the font can draw `char` (one code point) rather than an empty box."""
        return ord(char) in self._cmap

    def line_height(self, size: float, spacing: float = 1.0) -> float:
        return (self.ascent + self.descent + self.line_gap) * size * spacing

    def wrap(self, text: str, size: float, width: float) -> list[str]:
        """Break `text` into lines no wider than `width`; a word wider than that stands alone."""
        lines: list[str] = []
        for paragraph in text.split("\n"):
            current = ""
            for word in paragraph.split():
                candidate = f"{current} {word}" if current else word
                if current and self.text_width(candidate, size) > width:
                    lines.append(current)
                    current = word
                else:
                    current = candidate
            lines.append(current)
        return lines


@functools.lru_cache(maxsize=32)
def metrics(family: str, bold: bool = False, italic: bool = False) -> FontMetrics:
    return FontMetrics(find_font(family, bold, italic))
