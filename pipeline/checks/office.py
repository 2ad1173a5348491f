"""What the deck and document checkers share: OOXML names, alt text, core properties, and
which file to blame for a colour.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from pipeline.checks.branding import Branding
from pipeline.checks.contrast import RGB, parse_hex
from pipeline.checks.findings import Findings, check_declared_language
from pipeline.checks.paint import Paint
from pipeline.ooxml.package import Package
from pipeline.ooxml.theme import scheme_colours

Element = Any  # lxml elements: the stubs are not installed everywhere

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC = "http://purl.org/dc/elements/1.1/"
DECORATIVE = "http://schemas.microsoft.com/office/drawing/2017/decorative"
NS = {"a": A, "p": P, "r": R, "w": W, "wp": WP, "wps": WPS, "mc": MC, "cp": CP, "dc": DC}


def q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


def local_name(el: Element) -> str:
    tag = el.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def is_decorative(c_nv_pr: Element | None) -> bool:
    if c_nv_pr is None:
        return False
    for ext in c_nv_pr.iter(f"{{{DECORATIVE}}}decorative"):
        if ext.get("val") in ("1", "true"):
            return True
    return False


_FILE_NAME = re.compile(
    r"[\w\-. ]+\.(png|jpe?g|gif|svg|bmp|tiff?|emf|wmf|webp|heic)", re.IGNORECASE
)


def alt_problem(descr: str | None) -> str:
    """Why an alt text does not serve, or '' when it does."""
    text = (descr or "").strip()
    if not text:
        return "has no alt text"
    if _FILE_NAME.fullmatch(text):
        return f"has only a file name as alt text ({text!r})"
    return ""


def check_core(package: Package, tag: str, output: Path, findings: Findings, what: str) -> None:
    core = package.core()
    if not core.get("title"):
        findings.add(
            "error",
            f"the {what} has no document title (core property title): screen readers and PDF "
            "viewers show the file name instead",
            file=output,
            key="title",
        )
    check_declared_language(
        findings, core.get("language", ""), tag, output, f"the {what}", "in its core properties"
    )


def blame_paints(
    paints: list[tuple[Paint, RGB]],
    branding: Branding,
    template: Path,
    output: Path,
    template_theme: dict[str, RGB],
    palette: set[RGB] | frozenset[RGB] = frozenset(),
) -> dict[str, Any]:
    """The file to fix. A colour the renderer set (on the slide or run, or written into the
    theme) is program.yaml's when it is a branding colour, the template's when the template
    has it (the renderer copied it from there), else the renderer's, so the built file's. A
    colour that only the template chose (its styles, layouts, theme) is the template's."""
    chosen = [(p, rgb) for p, rgb in paints if p.part == "output" and not p.slot]
    rewritten = [
        (p, rgb)
        for p, rgb in paints
        if p.slot and template_theme and template_theme.get(p.slot) != rgb
    ]
    for _, rgb in chosen + rewritten:
        name = branding.name_of(rgb)
        if name is not None:
            return branding.where(name)
    if any(rgb not in palette for _, rgb in chosen + rewritten):
        return {"file": output}
    if chosen or rewritten or any(p.part == "template" or p.slot for p, _ in paints):
        return {"file": template}
    return {"file": output}


_PALETTE_ATTRIBUTES = (
    (f"{{{A}}}srgbClr", "val"),
    (f"{{{W}}}color", f"{{{W}}}val"),
    (f"{{{W}}}shd", f"{{{W}}}fill"),
    (f"{{{W}}}shd", f"{{{W}}}color"),
)


def template_palette(template: Path) -> set[RGB]:
    """Every colour written in a template: its theme, masters, layouts and styles."""
    palette: set[RGB] = set()
    if not template.is_file():
        return palette
    try:
        package = Package(template)
    except (zipfile.BadZipFile, OSError):
        return palette
    for name in sorted(package.names):
        if not name.endswith(".xml") or "/slides/" in name or name.endswith("document.xml"):
            continue
        try:
            root = package.xml(name)
        except etree.XMLSyntaxError:
            continue
        if root is None:
            continue
        for tag, attribute in _PALETTE_ATTRIBUTES:
            for el in root.iter(tag):
                value = el.get(attribute) or ""
                if re.fullmatch(r"[0-9A-Fa-f]{6}", value):
                    palette.add(parse_hex(value))
        for el in root.iter(f"{{{A}}}sysClr"):
            if el.get("lastClr"):
                palette.add(parse_hex(el.get("lastClr")))
    return palette


def template_theme(template: Path, main_part: str, *rel_types: str) -> dict[str, RGB]:
    """The theme colours of `template`, whose theme is found from `main_part` by following one
    relationship of each type in `rel_types`. They tell a theme colour the renderer rewrote
    from the template's own; {} when there is no template or it cannot be read."""
    if not template.is_file():
        return {}
    try:
        package = Package(template)
        part: str | None = main_part
        for rel_type in rel_types:
            part = package.related(part, rel_type) if part else None
        theme = package.xml(part) if part else None
        return {slot: parse_hex(value) for slot, value in scheme_colours(theme).items()}
    except (zipfile.BadZipFile, etree.XMLSyntaxError, ValueError):
        return {}
