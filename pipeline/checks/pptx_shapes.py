"""A slide's shape tree flattened into slide space, and which point each shape's preset
geometry covers, to find what is painted behind a text."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from lxml import etree

from pipeline.checks.office import NS, Element, local_name, q


@dataclass
class Shape:
    el: Element
    kind: str  # sp, pic, graphicFrame, cxnSp
    box: tuple[float, float, float, float] | None  # x, y, width, height in EMU, slide space
    hidden: bool
    ph: tuple[str, int] | None
    part: str  # slide, layout or master

    @property
    def name(self) -> str:
        c_nv_pr = self.el.find(".//p:cNvPr", NS)
        return c_nv_pr.get("name", "") if c_nv_pr is not None else ""

    def contains(self, x: float, y: float) -> bool:
        """Whether the shape's painted area covers (x, y), by its preset geometry."""
        if self.box is None:
            return False
        return _geometry_contains(self.el, self.box, x, y)


_NO_AREA = {
    "line",
    "straightConnector1",
    "arc",
    "bentConnector2",
    "bentConnector3",
    "curvedConnector3",
    "leftBracket",
    "rightBracket",
    "leftBrace",
    "rightBrace",
    "bracketPair",
    "bracePair",
}


def _adj(geom: Element, name: str, default: int) -> float:
    for gd in geom.iterfind("a:avLst/a:gd", NS):
        if gd.get("name") == name:
            match = re.search(r"-?\d+", gd.get("fmla", ""))
            if match:
                return int(match.group()) / 100000
    return default / 100000


def _geometry_contains(
    el: Element, box: tuple[float, float, float, float], x: float, y: float
) -> bool:
    left, top, width, height = box
    if width <= 0 or height <= 0:
        return False
    xfrm = el.find("p:spPr/a:xfrm", NS)
    cx, cy = left + width / 2, top + height / 2
    rotation = int(xfrm.get("rot", "0")) / 60000 if xfrm is not None else 0.0
    if rotation:
        angle = math.radians(-rotation)
        dx, dy = x - cx, y - cy
        x = cx + dx * math.cos(angle) - dy * math.sin(angle)
        y = cy + dx * math.sin(angle) + dy * math.cos(angle)
    if not (left <= x <= left + width and top <= y <= top + height):
        return False
    geom = el.find("p:spPr/a:prstGeom", NS)
    if geom is None:
        return True  # a picture, a custom geometry: its box
    preset = geom.get("prst", "rect")
    u, v = (x - cx) / (width / 2), (y - cy) / (height / 2)  # -1..1 across the box
    if preset in _NO_AREA:
        return False
    if preset in ("ellipse", "flowChartConnector"):
        return u * u + v * v <= 1
    if preset in ("donut", "blockArc"):
        if u * u + v * v > 1:
            return False
        thickness = _adj(geom, "adj" if preset == "donut" else "adj3", 25000)
        band = thickness * min(width, height)
        inner_w, inner_h = width / 2 - band, height / 2 - band
        if inner_w <= 0 or inner_h <= 0:
            return True
        return ((x - cx) / inner_w) ** 2 + ((y - cy) / inner_h) ** 2 > 1
    if preset == "frame":
        band = _adj(geom, "adj1", 12500) * min(width, height)
        return not (left + band < x < left + width - band and top + band < y < top + height - band)
    if preset in ("diamond", "flowChartDecision"):
        return abs(u) + abs(v) <= 1
    if preset in ("triangle", "flowChartExtract"):
        apex = _adj(geom, "adj", 50000) if preset == "triangle" else 0.5
        flip = xfrm is not None and xfrm.get("flipV") in ("1", "true")
        depth = (y - top) / height if not flip else (top + height - y) / height
        apex_x = left + apex * width
        return left + (apex_x - left) * (1 - depth) <= x <= apex_x + (left + width - apex_x) * depth
    return True


# Compiled once: every shape of every slide, layout and master is asked (python-pptx-free,
# as the checks also read files that no renderer opened).
_PH = etree.XPath("./*/p:nvPr/p:ph", namespaces=NS)


def placeholder_of(el: Element) -> tuple[str, int] | None:
    found = _PH(el)
    if not found:
        return None
    ph = found[0]
    return ph.get("type", "obj"), int(ph.get("idx", "0"))


def xfrm_box(el: Element) -> tuple[float, float, float, float] | None:
    xfrm = el.find("p:spPr/a:xfrm", NS)
    if xfrm is None:
        xfrm = el.find("p:xfrm", NS)
    if xfrm is None:
        return None
    off, ext = xfrm.find("a:off", NS), xfrm.find("a:ext", NS)
    if off is None or ext is None:
        return None
    return (
        float(off.get("x", "0")),
        float(off.get("y", "0")),
        float(ext.get("cx", "0")),
        float(ext.get("cy", "0")),
    )


Transform = tuple[float, float, float, float]  # sx, sy, tx, ty: x' = sx * x + tx
_IDENTITY: Transform = (1.0, 1.0, 0.0, 0.0)


def flatten(tree: Element | None, part: str) -> list[Shape]:
    """The shapes of an spTree in drawing order, groups opened, boxes in slide space."""
    shapes: list[Shape] = []
    if tree is None:
        return shapes

    def walk(parent: Element, transform: Transform, hidden: bool) -> None:
        for child in parent:
            kind = local_name(child)
            if kind == "AlternateContent":
                choice = child.find("mc:Choice", NS)
                if choice is not None:
                    walk(choice, transform, hidden)
                continue
            c_nv_pr = child.find("./*/p:cNvPr", NS)
            is_hidden = hidden or (c_nv_pr is not None and c_nv_pr.get("hidden") in ("1", "true"))
            if kind == "grpSp":
                xfrm = child.find("p:grpSpPr/a:xfrm", NS)
                inner = transform
                if xfrm is not None:
                    off, ext = xfrm.find("a:off", NS), xfrm.find("a:ext", NS)
                    ch_off, ch_ext = xfrm.find("a:chOff", NS), xfrm.find("a:chExt", NS)
                    if None not in (off, ext, ch_off, ch_ext):
                        sx = float(ext.get("cx")) / (float(ch_ext.get("cx")) or 1.0)
                        sy = float(ext.get("cy")) / (float(ch_ext.get("cy")) or 1.0)
                        tx = float(off.get("x")) - float(ch_off.get("x")) * sx
                        ty = float(off.get("y")) - float(ch_off.get("y")) * sy
                        outer_sx, outer_sy, outer_tx, outer_ty = transform
                        inner = (
                            outer_sx * sx,
                            outer_sy * sy,
                            outer_sx * tx + outer_tx,
                            outer_sy * ty + outer_ty,
                        )
                walk(child, inner, is_hidden)
            elif kind in ("sp", "pic", "graphicFrame", "cxnSp"):
                box = xfrm_box(child)
                sx, sy, tx, ty = transform
                if box is not None:
                    box = (box[0] * sx + tx, box[1] * sy + ty, box[2] * sx, box[3] * sy)
                shapes.append(Shape(child, kind, box, is_hidden, placeholder_of(child), part))

    walk(tree, _IDENTITY, False)
    return shapes


def text_of(el: Element) -> str:
    return "".join(t.text or "" for t in el.iter(q("a", "t"))).strip()
