"""The poster: SVG language, title and description, the PNG's text file, and the contrast of
every text against the shapes drawn under it."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from pipeline.checks.branding import Branding
from pipeline.checks.checker import Checker
from pipeline.checks.contrast import RGB, WHITE, Contrast, to_hex
from pipeline.checks.findings import Findings, snippet
from pipeline.checks.paint import ContrastLog, Paint, judge, over
from pipeline.checks.pdf import check_pdf_file
from pipeline.checks.svg_geometry import (
    IDENTITY,
    NUMBER,
    Matrix,
    apply,
    first_number,
    inside_polygon,
    invert,
    length,
    multiply,
    parse_transform,
    path_points,
)
from pipeline.errors import Diagnostic

SVG = "http://www.w3.org/2000/svg"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

Element = Any  # lxml elements: the stubs are not installed everywhere

_NOT_DRAWN = {
    "defs",
    "clipPath",
    "mask",
    "symbol",
    "marker",
    "pattern",
    "linearGradient",
    "radialGradient",
    "title",
    "desc",
    "metadata",
    "style",
    "filter",
    "font",
}
_SHAPES = {"rect", "circle", "ellipse", "polygon", "polyline", "path", "image", "line"}


@dataclass
class _SvgShape:
    node: Any
    inverse: Matrix
    paint: Paint


class PosterChecker(Checker):
    def __init__(
        self, svg: Path, tag: str, template: Path, branding: Branding, findings: Findings
    ) -> None:
        super().__init__(svg, tag, template, branding, findings)
        self.template_text = (
            template.read_text(encoding="utf-8", errors="replace").lower()
            if template.is_file()
            else ""
        )

    def run(self) -> None:
        data = self.path.read_bytes()
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            self.findings.add(
                "error", f"{self.path.name} is not well-formed SVG: {exc}", file=self.path
            )
            return
        self._language(root)
        self._title(root)
        self._png_alternative()
        self.ids = {el.get("id"): el for el in root.iter() if el.get("id")}
        self.scale_pt = self._points_per_unit(root)
        from cairosvg.parser import Tree

        try:
            tree = Tree(bytestring=data, unsafe=False)
        except Exception as exc:  # noqa: BLE001 - cairosvg raises many kinds
            self.findings.add(
                "warning", f"the poster's colours were not checked: {exc}", file=self.path
            )
            return
        self.painted: list[_SvgShape] = []
        self.contrast = ContrastLog()
        self._walk(tree, IDENTITY, 1.0)
        self.contrast.flush(self.findings, "poster: ", " at print size")
        pdf = self.path.with_suffix(".pdf")
        if pdf.is_file():
            check_pdf_file(pdf, self.tag, self.findings, tagged=False)
        else:
            self.findings.add("warning", f"{pdf.name} is not built", file=pdf)

    def _language(self, root: Element) -> None:
        lang = root.get(XML_LANG) or root.get("lang") or ""
        if not lang:
            self.findings.add(
                "error",
                f"the poster SVG has no xml:lang; expected {self.tag}",
                file=self.path,
                key="language",
            )
        elif lang.lower() != self.tag.lower():
            self.findings.add(
                "error",
                f"the poster SVG declares xml:lang={lang}; the programme's målform needs "
                f"{self.tag}",
                file=self.path,
                key="language",
            )

    def _title(self, root: Element) -> None:
        for name in ("title", "desc"):
            found = root.find(f"{{{SVG}}}{name}")
            if found is None:
                found = root.find(name)
            if found is None or not "".join(found.itertext()).strip():
                self.findings.add(
                    "error",
                    f"the poster SVG has no <{name}> as a child of <svg>: screen readers and "
                    "search have nothing to read",
                    file=self.path,
                )

    def _png_alternative(self) -> None:
        png = self.path.with_suffix(".png")
        text = self.path.with_suffix(".txt")
        if not png.is_file():
            self.findings.add("warning", f"{png.name} is not built", file=png)
            return
        if not text.is_file() or not text.read_text(encoding="utf-8", errors="replace").strip():
            self.findings.add(
                "error",
                f"{png.name} has no text alternative {text.name} beside it",
                file=png,
                hint="publish the poster's text with the picture",
            )

    @staticmethod
    def _points_per_unit(root: Element) -> float:
        """Points of print per SVG user unit: from width and viewBox."""
        width = root.get("width") or ""
        view_box = [float(v) for v in NUMBER.findall(root.get("viewBox") or "")]
        match = re.fullmatch(r"\s*([\d.]+)\s*(mm|cm|in|pt|pc|px)?\s*", width)
        if not match:
            return 0.75
        value = float(match.group(1))
        unit = match.group(2) or "px"
        points = (
            value
            * {"mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "pt": 1.0, "pc": 12.0, "px": 0.75}[
                unit
            ]
        )
        if len(view_box) == 4 and view_box[2] > 0:
            return points / view_box[2]
        return points / value if value else 0.75

    def _paint(self, node: Any, prop: str, opacity: float, words: str) -> Paint | None:
        value = (node.get(prop) or ("black" if prop == "fill" else "none")).strip()
        if value in ("none", "transparent"):
            return None
        alpha = opacity * length(node.get(f"{prop}-opacity"), 1.0)
        url = re.match(r"url\(\s*['\"]?#([^)'\"]+)['\"]?\s*\)", value)
        if url:
            gradient = self.ids.get(url.group(1))
            if gradient is None:
                return None
            stops = []
            for stop in gradient.iter(f"{{{SVG}}}stop", "stop"):
                style = dict(
                    part.split(":", 1)
                    for part in (stop.get("style") or "").split(";")
                    if ":" in part
                )
                colour = (stop.get("stop-color") or style.get("stop-color", "black")).strip()
                rgb = _css_rgb(colour)
                if rgb is not None:
                    stops.append(rgb)
            if not stops:
                return Paint((), 1.0, words, unknown="a pattern")
            return Paint(tuple(stops), alpha, f"{words} (a gradient)")
        rgb = _css_rgb(value)
        if rgb is None:
            return None
        return Paint((rgb,), alpha, words)

    def _walk(self, node: Any, matrix: Matrix, opacity: float) -> None:
        tag = node.tag
        if tag in _NOT_DRAWN or node.get("display") == "none":
            return
        matrix = multiply(matrix, parse_transform(node.get("transform")))
        opacity *= length(node.get("opacity"), 1.0)
        if node.get("visibility") in ("hidden", "collapse"):
            return
        if tag == "text":
            self._text(node, matrix, opacity)
            return
        if tag in _SHAPES:
            inverse = invert(matrix)
            if inverse is not None:
                if tag == "image":
                    paint = Paint((), 1.0, "a picture", unknown="a picture")
                else:
                    paint_or_none = self._paint(node, "fill", opacity, f"the {tag}'s fill")
                    if paint_or_none is None or tag == "line":
                        return
                    paint = paint_or_none
                self.painted.append(_SvgShape(node, inverse, paint))
            return
        for child in node.children:
            self._walk(child, matrix, opacity)

    def _contains(self, shape: _SvgShape, x: float, y: float) -> bool:
        lx, ly = apply(shape.inverse, x, y)
        node = shape.node
        tag = node.tag
        if tag in ("rect", "image"):
            left, top = length(node.get("x")), length(node.get("y"))
            width, height = length(node.get("width")), length(node.get("height"))
            return left <= lx <= left + width and top <= ly <= top + height
        if tag in ("circle", "ellipse"):
            cx, cy = length(node.get("cx")), length(node.get("cy"))
            rx = length(node.get("r") or node.get("rx"))
            ry = length(node.get("r") or node.get("ry"))
            if rx <= 0 or ry <= 0:
                return False
            return ((lx - cx) / rx) ** 2 + ((ly - cy) / ry) ** 2 <= 1
        if tag in ("polygon", "polyline"):
            values = [float(v) for v in NUMBER.findall(node.get("points") or "")]
            points = list(zip(values[0::2], values[1::2], strict=False))
            return len(points) >= 3 and inside_polygon(lx, ly, points)
        if tag == "path":
            d = node.get("d") or ""
            points = path_points(d)
            if len(points) < 3:
                return False
            if not re.search(r"[CcSsQqTtAa]", d):
                return inside_polygon(lx, ly, points)
            xs = [p[0] for p in points]
            ys = [p[1] for p in points]
            return min(xs) <= lx <= max(xs) and min(ys) <= ly <= max(ys)
        return False

    def _behind(self, x: float, y: float, shapes: list[_SvgShape]) -> Paint:
        for position in range(len(shapes) - 1, -1, -1):
            shape = shapes[position]
            if not self._contains(shape, x, y):
                continue
            if shape.paint.alpha < 0.999 and not shape.paint.unknown:
                return over(shape.paint, self._behind(x, y, shapes[:position]))
            return shape.paint
        return Paint((WHITE,), 1.0, "the white page")

    def _text(self, node: Any, matrix: Matrix, opacity: float) -> None:
        pieces = [(node, node.text or "")]
        pieces += [
            (child, child.text or "")
            for child in node.children
            if child.tag in ("tspan", "textPath", "a")
        ]
        base_x = first_number(node.get("x")) or 0.0
        base_y = first_number(node.get("y")) or 0.0
        for piece, text in pieces:
            if not text.strip():
                continue
            if piece is not node and piece.get("display") == "none":
                continue
            piece_matrix = (
                matrix
                if piece is node
                else multiply(matrix, parse_transform(piece.get("transform")))
            )
            size = length(piece.get("font-size"), 16.0)
            x = first_number(piece.get("x"))
            y = first_number(piece.get("y"))
            x = base_x if x is None else x
            y = base_y if y is None else y
            px, py = apply(piece_matrix, x, y - size * 0.35)
            a, b, c, d, _, _ = piece_matrix
            size_pt = size * math.sqrt(abs(a * d - b * c)) * self.scale_pt
            weight = (piece.get("font-weight") or "normal").strip()
            bold = weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 700)
            fill = self._paint(piece, "fill", opacity, "the text's fill")
            if fill is None:
                continue
            background = self._behind(px, py, self.painted)
            if background.unknown or fill.unknown:
                self.findings.add(
                    "warning",
                    f"poster text {snippet(text)!r} on a picture cannot be checked for contrast",
                    file=self.path,
                )
                continue
            judged = judge(fill, background, size_pt, bold)
            if judged is None:
                continue
            self.contrast.add(
                judged, fill, background, self._blame(judged), [("text", repr(snippet(text, 30)))]
            )

    def _blame(self, judged: Contrast) -> dict[str, Any]:
        for rgb in (judged.text, judged.background):
            if (
                to_hex(rgb).lower() in self.template_text
                or to_hex(rgb)[1:].lower() in (self.template_text)
                and self.template_text
            ):
                name = self.branding.name_of(rgb)
                if name is None:
                    return {"file": self.template}
        for rgb in (judged.text, judged.background):
            name = self.branding.name_of(rgb)
            if name is not None:
                return self.branding.where(name)
        if self.template_text:
            return {"file": self.template}
        return {"file": self.path}


def _css_rgb(value: str) -> RGB | None:
    from cairosvg.colors import color

    value = value.strip()
    if value in ("none", "transparent", "currentColor", "currentcolor"):
        return None
    r, g, b, _ = color(value)
    return (round(r * 255), round(g * 255), round(b * 255))


def check_poster(
    svg: Path, tag: str, template: Path | None = None, branding: Branding | None = None
) -> list[Diagnostic]:
    """Check one poster SVG, the PNG's text file and the PDF beside it."""
    return PosterChecker.check_file(svg, tag, template, branding)
