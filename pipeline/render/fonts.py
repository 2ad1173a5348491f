"""Finding fonts through fontconfig and measuring text with their real metrics.

python-pptx's own fit_text only looks in Windows and macOS font folders; on Linux we ask
fontconfig, and refuse a silent fallback to another family.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

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

# The Debian packages that hold those stand-ins, for the message when one is missing.
STAND_IN_PACKAGES = {
    "Carlito": "fonts-crosextra-carlito",
    "Caladea": "fonts-crosextra-caladea",
    "Liberation Sans": "fonts-liberation2",
    "Liberation Serif": "fonts-liberation2",
    "Liberation Mono": "fonts-liberation2",
}

# For a font with no known stand-in, text is measured with the widest of these (and of what
# fontconfig offers in its place, which LibreOffice will draw): too wide a measure leaves text
# a little small, too narrow a one breaks words (Carlito is far narrower than Montserrat,
# Verdana or Century Gothic; DejaVu Sans is about as wide).
WIDE_FALLBACKS = ("DejaVu Sans", "Liberation Sans", "Carlito")
# What the widths are compared on: long Norwegian words, capitals and the letters æøå.
WIDTH_SAMPLE = "Nettverksgruppene Interaksjonar RELASJON leiarskap ÆØÅ æøå 0123456789"


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


@functools.lru_cache(maxsize=64)
def fc_match(pattern: str) -> tuple[str, list[str]] | None:
    """fontconfig's (file, families) for `pattern`, or None when it gives no answer."""
    if shutil.which("fc-match") is None:
        return None
    result = subprocess.run(
        ["fc-match", "-f", "%{file}\n%{family}\n", pattern],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = result.stdout.splitlines()
    if result.returncode != 0 or len(lines) < 2:
        return None
    return lines[0], [f.strip() for f in lines[1].split(",")]


def installed(family: str) -> bool:
    """Whether fontconfig has `family` itself (not a stand-in it would offer instead)."""
    found = fc_match(family.strip())
    return found is not None and family.strip().lower() in [f.lower() for f in found[1]]


@dataclass(frozen=True)
class FontChoice:
    """Which font measures text set in `family`, and how good a match it is."""

    family: str  # as the template names it
    measured: str  # the installed family whose metrics are used
    how: Literal["installed", "metric-compatible", "fallback"]
    stand_in: str | None = None  # the metric-compatible font, installed or not

    @property
    def problem(self) -> str | None:
        """One sentence for the build's warnings, or None when the match is exact."""
        if self.how != "fallback":
            return None
        if self.stand_in:
            package = STAND_IN_PACKAGES.get(self.stand_in, self.stand_in)
            fix = (
                f"install its metric-compatible stand-in {self.stand_in} "
                f"(Debian package {package}) or {self.family} itself"
            )
        else:
            fix = f"install {self.family} on this machine (the designer's font files)"
        return (
            f"the template's font {self.family!r} is not installed, so the PDFs show another "
            f"font; text is fitted with the wider {self.measured} so that no word breaks, and "
            f"may come out a little smaller than the design. To get the designer's look, {fix}"
        )


@functools.lru_cache(maxsize=64)
def choose_font(family: str) -> FontChoice:
    """The font to measure `family` with: itself when installed, else its metric-compatible
    stand-in (Carlito for Calibri, ...), else the widest plausible installed fallback."""
    name = family.strip()
    if shutil.which("fc-match") is None:
        raise ToolError("fontconfig's fc-match is not installed (Debian package: fontconfig).")
    if installed(name):
        return FontChoice(name, name, "installed")
    stand_in = METRIC_COMPATIBLE.get(name.lower())
    if stand_in and installed(stand_in):
        return FontChoice(name, stand_in, "metric-compatible", stand_in)
    offered = fc_match(name)
    candidates = [offered[1][0]] if offered else []
    candidates += [f for f in WIDE_FALLBACKS if f not in candidates]
    usable = [f for f in candidates if installed(f)]
    if not usable:
        raise TemplateError(
            f"no font to measure {name!r} with is installed; install {name}, or Carlito "
            "(Debian package fonts-crosextra-carlito)"
        )
    widest = max(usable, key=lambda f: metrics(f).text_width(WIDTH_SAMPLE, 1.0))
    return FontChoice(name, widest, "fallback", stand_in)


_MEASURED: set[Path] = set()  # every font file measured in this process


class FontMetrics:
    """Advance widths of one font file, in units of the font size."""

    def __init__(self, path: Path) -> None:
        from fontTools.ttLib import TTFont

        # fontTools logs harmless remarks about old font dates; they are noise to a user.
        logging.getLogger("fontTools").setLevel(logging.ERROR)
        font = TTFont(str(path), lazy=True)
        self.path = path
        _MEASURED.add(path)
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


def metrics(family: str, bold: bool = False, italic: bool = False) -> FontMetrics:
    """The metrics of `family` in that style, read once per process."""
    # One cache key per font whichever way the call is written: lru_cache keys f(x, True)
    # and f(x, bold=True) apart, so a warmed font was read again.
    return _metrics(family, bool(bold), bool(italic))


@functools.lru_cache(maxsize=64)
def _metrics(family: str, bold: bool, italic: bool) -> FontMetrics:
    return FontMetrics(find_font(family, bold, italic))


# --------------------------------------------------------------------------- a warm process

# What a long-lived process (`samling server`) measures with before any build asks: the
# stand-ins and fallbacks every template ends up measured in, in each style the renderers use.
WARM_FAMILIES = (*dict.fromkeys([*METRIC_COMPATIBLE.values(), *WIDE_FALLBACKS]),)
WARM_NAMES = tuple(name.title() for name in METRIC_COMPATIBLE)  # "Calibri", "Arial", ...
# The environment that decides what fontconfig finds: a process whose values differ from the
# ones the fonts were looked up under must look them up again.
# (The language too: fontconfig's fallback for a missing family depends on it.)
FONTCONFIG_ENV = (
    "FONTCONFIG_FILE",
    "FONTCONFIG_PATH",
    "HOME",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "FC_LANG",
)
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts")
CONFIG_FOLDER = "/etc/fonts"


def forget() -> None:
    """Drop every font looked up or measured so far: the next lookups ask fontconfig again."""
    for cached in (find_font, fc_match, choose_font, _metrics):
        cached.cache_clear()
    _MEASURED.clear()


def warm(families: tuple[str, ...] = WARM_FAMILIES, names: tuple[str, ...] = WARM_NAMES) -> None:
    """Look up and measure `families` (those installed) in every style, and choose the fonts
    for the template font `names`: what the renderers would otherwise do in each build."""
    for family in families:
        if not installed(family):
            continue
        for bold in (False, True):
            for italic in (False, True):
                # A font fontTools cannot read is the build's to report, not the warming's.
                with contextlib.suppress(Exception):
                    metrics(family, bold, italic)
    for name in names:
        with contextlib.suppress(Exception):
            choose_font(name)


def state(environ: dict[str, str]) -> tuple[object, ...]:
    """What the fonts found depend on: the fontconfig environment, the font folders (their
    modification times: a font added or removed changes them), fontconfig's configuration
    files and every measured file."""
    return (*lookup_state(environ), _file_states(sorted(_MEASURED)))


def lookup_state(environ: dict[str, str] | None = None) -> tuple[object, ...]:
    """What fontconfig's choice of a font depends on (`state` without the measured files):
    its environment, the font folders' times and its configuration files. `environ` is
    this process's environment when not given."""
    environ = dict(os.environ) if environ is None else environ
    home = Path(environ.get("HOME", "~")).expanduser()
    data = Path(environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    config = Path(environ.get("XDG_CONFIG_HOME") or home / ".config")
    roots = [Path(p) for p in FONT_FOLDERS] + [home / ".fonts", data / "fonts"]
    seen: list[tuple[str, int]] = []
    for root in roots:
        for folder, _, _ in os.walk(root):
            with contextlib.suppress(OSError):
                seen.append((folder, os.stat(folder).st_mtime_ns))
    configs = [home / ".fonts.conf"]
    for root in (Path(CONFIG_FOLDER), config / "fontconfig"):
        for folder, _, names in os.walk(root):
            configs += [Path(folder), *(Path(folder) / name for name in sorted(names))]
    return tuple(environ.get(key) for key in FONTCONFIG_ENV), tuple(seen), _file_states(configs)


def measured_files() -> list[Path]:
    """Every font file measured in this process so far."""
    return sorted(_MEASURED)


# What a kept result (a Word piece, a filled-in poster) records of the fonts it was measured
# with, and checks before it is used: each file's size and modification time.
Seen = dict[str, tuple[int, int] | None]


def measured_states(seen: Seen | None = None) -> dict[str, list[int]]:
    """Every font file measured so far with its [size, mtime in ns], as JSON keeps it.
    `seen` keeps each file's state once looked at (a document checks many entries)."""
    found = {}
    for path in measured_files():
        state = _state_of(str(path), {} if seen is None else seen)
        if state is not None:
            found[str(path)] = list(state)
    return found


def same_fonts(recorded: Any, seen: Seen | None = None) -> bool:
    """Whether every font file in `recorded` (from `measured_states`) is as it was then;
    False for anything that is not such a record."""
    if not isinstance(recorded, dict):
        return False
    seen = {} if seen is None else seen
    for name, state in recorded.items():
        if not isinstance(state, list) or _state_of(name, seen) != tuple(state):
            return False
    return True


def _state_of(name: str, seen: Seen) -> tuple[int, int] | None:
    if name not in seen:
        try:
            info = os.stat(name)
            seen[name] = (info.st_size, info.st_mtime_ns)
        except OSError:
            seen[name] = None
    return seen[name]


def _file_states(paths: list[Path]) -> tuple[tuple[str, int, int], ...]:
    files = []
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            files.append((str(path), -1, -1))
            continue
        files.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(files)
