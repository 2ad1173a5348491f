"""QR codes for poll links: PNG for slides, SVG for the poster.

Every code has the standard quiet zone of four modules and a light background, so it scans on a
dark slide or poster too. Error correction is M (15 %): enough for a projected image with a
smudge of glare, while long Mentimeter links still fit in a code with modules large enough to
scan from the back of a room.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import segno

QUIET_ZONE = 4  # modules, as the QR standard asks
DARK = "#000000"
LIGHT = "#FFFFFF"


def _code(url: str, error: str = "m") -> segno.QRCode:
    if not url or not url.strip():
        raise ValueError("a QR code needs a link")
    return segno.make(url.strip(), error=error, micro=False, boost_error=False)


def qr_png(
    url: str,
    *,
    min_pixels: int = 1200,
    border: int = QUIET_ZONE,
    dark: str = DARK,
    light: str = LIGHT,
    error: str = "m",
) -> bytes:
    """The code as a PNG at least `min_pixels` wide, every module a whole number of pixels.

    Whole-pixel modules stay crisp when PowerPoint scales the picture. While a build runs,
    the PNG is kept in its content-addressed cache of rendered pictures (`svgcache`) by the
    hash of everything that makes it: segno picks the mask and writes the PNG in pure
    Python, about 50 ms a code.
    """
    from pipeline.render.poster import svgcache

    entry = _png_key(url, min_pixels, border, dark, light, error)
    kept = svgcache.get(entry)
    if kept is not None and _whole_png(kept):
        return kept
    code = _code(url, error)
    modules = code.symbol_size(scale=1, border=border)[0]
    scale = max(1, -(-min_pixels // modules))
    out = io.BytesIO()
    code.save(out, kind="png", scale=scale, border=border, dark=dark, light=light)
    svgcache.put(entry, out.getvalue())
    return out.getvalue()


def _whole_png(data: bytes) -> bool:
    """A PNG from start to end: a cache entry cut short (a crash while writing) is drawn
    again rather than put into a deck."""
    return data.startswith(b"\x89PNG\r\n\x1a\n") and data.endswith(b"IEND\xaeB`\x82")


# The module as it was imported: a long-lived process draws with the code it started with.
_MODULE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def _png_key(url: str, *options: object) -> str:
    """What a code's PNG depends on: the link, the options, segno and this module."""
    digest = hashlib.sha256(b"qr-png\0")
    for part in (_MODULE, segno.__version__, url.strip(), *options):
        digest.update(repr(part).encode())
        digest.update(b"\0")
    return digest.hexdigest()


def qr_svg(
    url: str,
    *,
    size_mm: float | None = None,
    border: int = QUIET_ZONE,
    dark: str = DARK,
    light: str = LIGHT,
    error: str = "m",
    title: str | None = None,
) -> str:
    """The code as a standalone `<svg>` element (no XML declaration), for inlining.

    The viewBox is in modules; with `size_mm` the element gets that width and height in mm,
    otherwise it scales to whatever box it is placed in.
    """
    code = _code(url, error)
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        scale=1,
        border=border,
        dark=dark,
        light=light,
        xmldecl=False,
        svgns=True,
        title=title,
        unit="mm" if size_mm else None,
        omitsize=size_mm is None,
        nl=False,
    )
    svg = out.getvalue().decode("utf-8")
    if size_mm:
        modules = code.symbol_size(scale=1, border=border)[0]
        svg = re.sub(r'width="[^"]*"', f'width="{size_mm:g}mm"', svg, count=1)
        svg = re.sub(r'height="[^"]*"', f'height="{size_mm:g}mm"', svg, count=1)
        if "viewBox" not in svg:
            svg = svg.replace("<svg ", f'<svg viewBox="0 0 {modules} {modules}" ', 1)
    return svg


def modules(url: str, border: int = QUIET_ZONE, error: str = "m") -> int:
    """Width of the code in modules, quiet zone included."""
    return int(_code(url, error).symbol_size(scale=1, border=border)[0])
