"""An Office theme part read as plain data: its colour scheme, its fill styles, colour maps.

A theme (a:theme) names twelve colour slots (dk1, lt1, dk2, lt2, accent1-6, hlink, folHlink).
Slides do not name slots directly: they name tx1, bg1 and the like, which a colour map
(p:clrMap, or an override on a layout or slide) turns into slots. Word names the slots in its
own words (text1, background1). Colours are given as hex text ("1F4E79"), as the files write
them, so that this module needs no colour maths.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

Element = Any  # lxml elements: the stubs are not installed everywhere

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS = {"a": A, "p": P}

# The colours Windows gives a:sysClr when the file does not write its lastClr.
SYSTEM_COLOURS = {"windowText": "000000", "window": "FFFFFF", "btnText": "000000"}

# Word has no colour map: its text and background colours are the theme's dark 1 and light 1.
WORD_COLOUR_MAP = {"tx1": "dk1", "bg1": "lt1", "tx2": "dk2", "bg2": "lt2"}

# w:color/@w:themeColor and w:shd/@w:themeFill values, as theme slots.
WORD_THEME_SLOTS = {
    "dark1": "dk1",
    "light1": "lt1",
    "dark2": "dk2",
    "light2": "lt2",
    "text1": "dk1",
    "background1": "lt1",
    "text2": "dk2",
    "background2": "lt2",
    "hyperlink": "hlink",
    "followedHyperlink": "folHlink",
}


def _local(el: Element) -> str:
    tag = el.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def fixed_colour_hex(el: Element | None) -> str | None:
    """The hex of an a:srgbClr or a:sysClr (its lastClr, else the system default); None for
    any other element, whose colour depends on a theme or a preset table."""
    if el is None:
        return None
    name = _local(el)
    if name == "srgbClr":
        return str(el.get("val", "000000"))
    if name == "sysClr":
        last = el.get("lastClr")
        return str(last) if last else SYSTEM_COLOURS.get(el.get("val", ""), "000000")
    return None


SCHEME_SLOTS = (
    *("dk1", "lt1", "dk2", "lt2"),
    *(f"accent{n}" for n in range(1, 7)),
    *("hlink", "folHlink"),
)
"""A theme's twelve colour slots, in the order a:clrScheme gives them."""


def scheme_colours(theme: Element | None) -> dict[str, str]:
    """The theme's colour slots as hex, in the order the theme writes them."""
    colours: dict[str, str] = {}
    scheme = theme.find(".//a:clrScheme", NS) if theme is not None else None
    if scheme is None:
        return colours
    for slot in scheme:
        value = fixed_colour_hex(next(iter(slot), None))
        if value is not None:
            colours[_local(slot)] = value
    return colours


def fill_styles(theme: Element | None) -> tuple[list[Element], list[Element]]:
    """The theme's fill styles and background fill styles (a:fmtScheme), which shapes and
    backgrounds name by index."""
    fmt = theme.find(".//a:fmtScheme", NS) if theme is not None else None
    if fmt is None:
        return [], []
    fills = fmt.find("a:fillStyleLst", NS)
    backgrounds = fmt.find("a:bgFillStyleLst", NS)
    return (
        list(fills) if fills is not None else [],
        list(backgrounds) if backgrounds is not None else [],
    )


def colour_map(el: Element | None) -> dict[str, str]:
    """A p:clrMap or a:overrideClrMapping as {name: slot}, for instance {"tx1": "dk1"}."""
    if el is None:
        return {}
    return {key: value for key, value in el.attrib.items()}


def slide_colour_map(master: Element | None, *overriding: Element | None) -> dict[str, str]:
    """The colour map in force on a slide: the master's, unless a layout or the slide itself
    (given in that order) overrides it."""
    found = colour_map(master.find("p:clrMap", NS) if master is not None else None)
    for holder in overriding:
        if holder is not None:
            override = holder.find("p:clrMapOvr/a:overrideClrMapping", NS)
            if override is not None:
                found = colour_map(override)
    return found


def latin_fonts(theme: Element | None, fallback: str = "Calibri") -> tuple[str, str]:
    """The theme's heading (major) and body (minor) Latin typefaces; `fallback` where unset."""
    found = []
    for which in ("majorFont", "minorFont"):
        latin = theme.find(f".//a:fontScheme/a:{which}/a:latin", NS) if theme is not None else None
        found.append((latin.get("typeface") if latin is not None else "") or fallback)
    return found[0], found[1]
