"""What a layout looks like, for layouts without the standard placeholders for their role.

A designer's cover or section layout often has no title placeholder: a full-bleed picture,
a dark fill, and one big text box where the title goes. `look_of` measures that: the layout's
biggest text placeholder (where the title is drawn), how much of the slide its largest
picture covers, whether its background is dark, and what its name hints at (English and
Norwegian; a weak hint only, never enough on its own).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from lxml import etree

from pipeline.ooxml.drawingml import NS
from pipeline.ooxml.slides import (
    background_colour,
    next_shape_id,
    ph_idx,
    ph_of,
    ph_type,
    placeholder_shape,
    placeholder_shapes,
)

# Placeholders a slide's title can be drawn into when the layout has no title placeholder.
TEXTISH = {"body", "obj", "subTitle"}

NAME_HINTS: dict[str, re.Pattern[str]] = {
    "title": re.compile(
        r"\b(title slide|cover|front ?page|forside|framside|tittellysbilde|tittelside|"
        r"tittel ?lysbilde|opening|intro|表紙|タイトル ?スライド)\b",
        re.IGNORECASE,
    ),
    "section": re.compile(
        r"\b(section|divider|separator|skilleark|skillelysbilde|avsnitt|inndeling|kapittel|"
        r"chapter|mellomside|seksjon|セクション)",
        re.IGNORECASE,
    ),
}


@dataclass(frozen=True)
class Look:
    """What a layout shows, measured from its XML."""

    big_text: tuple[int, tuple[int, int, int, int]] | None  # (placeholder idx, box)
    picture_cover: float  # share of the slide covered by its largest picture, 0..1
    dark: bool  # its own background is dark
    name_hint: str | None  # "title", "section" or None

    def words(self) -> str:
        parts = []
        if self.big_text is not None:
            parts.append("a big text box")
        if self.picture_cover >= 0.8:
            parts.append("a full-bleed picture")
        if self.dark:
            parts.append("a dark fill")
        if self.name_hint:
            parts.append(f"a name that says {self.name_hint}")
        return ", ".join(parts)


def name_hint(name: str) -> str | None:
    for role, pattern in NAME_HINTS.items():
        if pattern.search(name):
            return role
    return None


def luminance(rgb: str) -> float:
    """Relative luminance (WCAG) of RRGGBB."""
    try:
        channels = [int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    except ValueError:
        return 1.0
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _box(element: etree._Element) -> tuple[int, int, int, int] | None:
    xfrm = element.find("./p:spPr/a:xfrm", NS)
    if xfrm is None:
        return None
    off, ext = xfrm.find("./a:off", NS), xfrm.find("./a:ext", NS)
    if off is None or ext is None:
        return None
    try:
        return (
            int(off.get("x", 0)),
            int(off.get("y", 0)),
            int(ext.get("cx", 0)),
            int(ext.get("cy", 0)),
        )
    except ValueError:
        return None


def _picture_cover(layout: etree._Element, width: int, height: int) -> float:
    """The share of the slide the layout's largest picture covers (a picture background = 1)."""
    if layout.find("./p:cSld/p:bg//a:blipFill", NS) is not None:
        return 1.0
    area = max(1, width * height)
    best = 0.0
    tree = layout.find("./p:cSld/p:spTree", NS)
    if tree is None:
        return 0.0
    for element in tree.iter(f"{{{NS['p']}}}pic", f"{{{NS['p']}}}sp"):
        is_picture = etree.QName(element).localname == "pic"
        if not is_picture:
            ph = ph_of(element)
            is_picture = ph is not None and ph.get("type") == "pic"
            if not is_picture and element.find("./p:spPr/a:blipFill", NS) is None:
                continue
        box = _box(element)
        if box is None:
            continue
        left, top, w, h = box
        seen_w = max(0, min(left + w, width) - max(left, 0))
        seen_h = max(0, min(top + h, height) - max(top, 0))
        best = max(best, seen_w * seen_h / area)
    return min(best, 1.0)


def _big_text(
    layout: etree._Element, width: int, height: int
) -> tuple[int, tuple[int, int, int, int]] | None:
    """The layout's largest text placeholder that is big enough for a title, if any."""
    tree = layout.find("./p:cSld/p:spTree", NS)
    if tree is None:
        return None
    found = []
    for element in tree.iterchildren(f"{{{NS['p']}}}sp"):
        ph = ph_of(element)
        if ph is None or ph_type(element) not in TEXTISH or ph.get("orient") == "vert":
            continue
        box = _box(element)
        if box is None or box[2] < 0.3 * width or box[3] < 0.08 * height:
            continue
        found.append((-(box[2] * box[3]), box[1], int(ph.get("idx", "0")), box))
    if not found:
        return None
    _, _, idx, box = min(found)
    return idx, box


def look_of(
    layout: etree._Element, name: str, width: int, height: int, scheme: Mapping[str, str]
) -> Look:
    colour = background_colour(layout, scheme)
    dark = colour is not None and luminance(colour) < 0.18
    return Look(
        _big_text(layout, width, height),
        _picture_cover(layout, width, height),
        dark,
        name_hint(name),
    )


class _Boxed(Protocol):
    @property
    def left(self) -> int: ...
    @property
    def top(self) -> int: ...
    @property
    def width(self) -> int: ...
    @property
    def height(self) -> int: ...


class _Looked(Protocol):
    @property
    def idx(self) -> int: ...
    @property
    def box(self) -> _Boxed | None: ...


def tiny(box: _Boxed | None, width: int, height: int) -> bool:
    """A header label or a tag: too small to carry a subtitle."""
    return box is not None and (box.width < 0.25 * width or box.height < 0.05 * height)


def inject_title(
    tree: etree._Element, looked: _Looked | None, box: _Boxed, name: str
) -> etree._Element:
    """A title placeholder added to a slide whose layout has none: in the layout's big text
    box when it has one (that text placeholder then goes), else at `box`."""
    if looked is not None and looked.box is not None:
        box = looked.box
        for sp in placeholder_shapes(tree):
            if ph_type(sp) in TEXTISH and ph_idx(sp) == looked.idx:
                tree.remove(sp)
    shape_id = next_shape_id(tree)
    element = placeholder_shape(
        shape_id,
        f"{name} {shape_id}",
        [("type", "title")],
        (box.left, box.top, box.width, box.height),
    )
    tree.insert(2, element)
    return element
