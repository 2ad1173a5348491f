"""SVG geometry: transform matrices, lengths, and whether a point lies inside a polygon or a
path's outline."""

from __future__ import annotations

import math
import re

Matrix = tuple[float, float, float, float, float, float]  # a b c d e f
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def multiply(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + c * b2,
        b * a2 + d * b2,
        a * c2 + c * d2,
        b * c2 + d * d2,
        a * e2 + c * f2 + e,
        b * e2 + d * f2 + f,
    )


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def invert(m: Matrix) -> Matrix | None:
    a, b, c, d, e, f = m
    det = a * d - b * c
    if abs(det) < 1e-12:
        return None
    return (d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det)


def parse_transform(text: str | None) -> Matrix:
    matrix = IDENTITY
    if not text:
        return matrix
    for name, args in re.findall(r"(\w+)\s*\(([^)]*)\)", text):
        values = [float(v) for v in NUMBER.findall(args)]
        step: Matrix = IDENTITY
        if name == "matrix" and len(values) == 6:
            step = tuple(values)  # type: ignore[assignment]
        elif name == "translate" and values:
            step = (1, 0, 0, 1, values[0], values[1] if len(values) > 1 else 0)
        elif name == "scale" and values:
            step = (values[0], 0, 0, values[1] if len(values) > 1 else values[0], 0, 0)
        elif name == "rotate" and values:
            angle = math.radians(values[0])
            cos, sin = math.cos(angle), math.sin(angle)
            step = (cos, sin, -sin, cos, 0, 0)
            if len(values) == 3:
                cx, cy = values[1], values[2]
                step = multiply(multiply((1, 0, 0, 1, cx, cy), step), (1, 0, 0, 1, -cx, -cy))
        elif name == "skewX" and values:
            step = (1, 0, math.tan(math.radians(values[0])), 1, 0, 0)
        elif name == "skewY" and values:
            step = (1, math.tan(math.radians(values[0])), 0, 1, 0, 0)
        matrix = multiply(matrix, step)
    return matrix


def length(text: str | None, default: float = 0.0) -> float:
    if not text:
        return default
    match = NUMBER.match(text.strip())
    return float(match.group()) if match else default


def first_number(text: str | None) -> float | None:
    if not text:
        return None
    match = NUMBER.search(text)
    return float(match.group()) if match else None


def path_points(d: str) -> list[tuple[float, float]]:
    """The end and control points of an SVG path, absolute; enough for a bounding box."""
    points: list[tuple[float, float]] = []
    tokens = re.findall(r"[MmLlHhVvCcSsQqTtAaZz]|" + NUMBER.pattern, d)
    x = y = start_x = start_y = 0.0
    command = ""
    index = 0
    sizes = {"m": 2, "l": 2, "h": 1, "v": 1, "c": 6, "s": 4, "q": 4, "t": 2, "a": 7, "z": 0}
    while index < len(tokens):
        token = tokens[index]
        if token.isalpha():
            command = token
            index += 1
            if command in "Zz":
                x, y = start_x, start_y
                points.append((x, y))
                continue
        if not command:
            break
        size = sizes[command.lower()]
        args = tokens[index : index + size]
        if len(args) < size or any(a.isalpha() for a in args):
            break
        index += size
        values = [float(a) for a in args]
        relative = command.islower()
        ox, oy = (x, y) if relative else (0.0, 0.0)
        kind = command.lower()
        if kind == "h":
            x = values[0] + (x if relative else 0.0)
        elif kind == "v":
            y = values[0] + (y if relative else 0.0)
        elif kind == "a":
            x, y = values[5] + ox, values[6] + oy
            rx, ry = abs(values[0]), abs(values[1])
            points.extend([(x - rx, y - ry), (x + rx, y + ry)])
        else:
            for i in range(0, size - 2, 2):
                points.append((values[i] + ox, values[i + 1] + oy))
            x, y = values[size - 2] + ox, values[size - 1] + oy
        points.append((x, y))
        if kind == "m":
            start_x, start_y = x, y
            command = "l" if relative else "L"
    return points


def inside_polygon(x: float, y: float, points: list[tuple[float, float]]) -> bool:
    inside = False
    count = len(points)
    for i in range(count):
        x1, y1 = points[i]
        x2, y2 = points[(i + 1) % count]
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / ((y2 - y1) or 1e-12) + x1:
            inside = not inside
    return inside
