"""program.yaml's branding colours: read with their line numbers, and their own pairs checked.

A colour in a built file that is a branding colour is program.yaml's to fix, so the checkers
use `Branding` to tell a branding colour from a template's colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.checks.contrast import (
    RGB,
    WHITE,
    contrast_ratio,
    format_ratio,
    format_threshold,
    parse_hex,
    to_hex,
)
from pipeline.checks.findings import Findings
from pipeline.content.read_yaml import read_yaml
from pipeline.project import Project


@dataclass
class Branding:
    """program.yaml's branding colours, to tell a branding colour from a template colour."""

    path: Path
    colours: dict[str, RGB]
    positions: dict[str, tuple[int, int]]

    def name_of(self, rgb: RGB) -> str | None:
        for name, value in self.colours.items():
            if value == rgb:
                return name
        return None

    def where(self, name: str) -> dict[str, Any]:
        line, column = self.positions.get(name, (None, None))
        return {"file": self.path, "line": line, "column": column, "key": f"branding.{name}"}


# --------------------------------------------------------------------------- branding


def read_branding(project: Project, program: Any) -> Branding:
    path = project.content / "program.yaml"
    colours: dict[str, RGB] = {}
    for name in ("primary", "secondary", "accent", "background", "text"):
        colours[name] = parse_hex(getattr(program.branding, name))
    positions: dict[str, tuple[int, int]] = {}
    doc, _ = read_yaml(path)
    if doc is not None:
        for name in colours:
            if ("branding", name) in doc.values:
                positions[name] = doc.values[("branding", name)]
    return Branding(path, colours, positions)


def check_branding(branding: Branding, findings: Findings) -> None:
    """The pairs program.yaml's colours are used in: text on the background, and white or the
    background colour on the primary and secondary colours (title bars, cards)."""
    c = branding.colours
    pairs: list[tuple[str, RGB, str, RGB, float, str]] = [
        ("text", c["text"], "background", c["background"], 4.5, "body text"),
        ("white", WHITE, "primary", c["primary"], 4.5, "text on title bars"),
        ("white", WHITE, "secondary", c["secondary"], 4.5, "text on title bars"),
        ("primary", c["primary"], "background", c["background"], 3.0, "headings and shapes"),
        ("secondary", c["secondary"], "background", c["background"], 3.0, "headings and shapes"),
        ("accent", c["accent"], "background", c["background"], 3.0, "accents and shapes"),
    ]
    if c["background"] != WHITE:
        pairs[3:3] = [
            ("background", c["background"], "primary", c["primary"], 4.5, "text on title bars"),
            ("background", c["background"], "secondary", c["secondary"], 4.5, "text on title bars"),
        ]
    for fg_name, fg, bg_name, bg, needed, use in pairs:
        ratio = contrast_ratio(fg, bg)
        if ratio >= needed:
            continue
        blamed = bg_name if fg_name in ("white", "text", "background") else fg_name
        findings.add(
            "error",
            f"{fg_name} {to_hex(fg)} on {bg_name} {to_hex(bg)} ({use}) has contrast "
            f"{format_ratio(ratio)}, needs {format_threshold(needed)}",
            hint="choose a darker or lighter colour; WCAG 2.1 AA asks 4.5:1 for text",
            **branding.where(blamed),
        )


def no_branding() -> Branding:
    return Branding(Path("program.yaml"), {}, {})
