"""Footers, slide numbers and the template's artwork: what fits, and what text would cover.

A footer line goes into the template's footer box only when the box is wide enough for it at a
readable size (MIN_FOOTER_PT or more, on one line); a narrow or vertical box that would pour
the line out a syllable a line is left empty instead, with one warning. Pictures on a layout
or its master (logos, artwork) are found so that text the deck fills in over them is reported.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from lxml import etree

from pipeline.errors import Diagnostic
from pipeline.ooxml import drawingml as dml
from pipeline.ooxml.drawingml import NS, Insets
from pipeline.ooxml.slides import (
    Inheritance,
    body_properties,
    next_shape_id,
    ph_of,
    ph_type,
    placeholder_shape,
)
from pipeline.ooxml.units import EMU_PER_INCH, emu_from_pt
from pipeline.render.deck.layouts import Box
from pipeline.render.deck.text import Fonts, LevelStyle

MIN_FOOTER_PT = 9.0
PLACEHOLDER_WORDS = {
    "title": "title",
    "ctrTitle": "title",
    "subTitle": "subtitle",
    "body": "text placeholder",
    "obj": "text placeholder",
    "ftr": "footer",
    "sldNum": "slide number",
}
# A line set in LibreOffice or PowerPoint runs a hair wider than the font's advance widths.
SPARE = 0.97


def is_vertical(bodies: Iterable[etree._Element | None]) -> bool:
    """Whether the nearest a:bodyPr that says so sets its text vertically."""
    for body in bodies:
        if body is not None and body.get("vert"):
            return body.get("vert") != "horz"
    return False


def footer_size(
    text: str,
    box: Box | None,
    insets: Insets,
    vertical: bool,
    style: LevelStyle,
    fonts: Fonts,
) -> float | None:
    """The size (pt) to set `text` at in `box`: the template's `style` size when the line fits
    on one line, else the largest half point down to MIN_FOOTER_PT that does, else None."""
    if box is None:
        return None
    room = (box.height if vertical else box.width) - insets[0] - insets[2]
    face = fonts.metrics(style.typeface, style.bold)
    shown = text.upper() if style.caps else text
    needed = emu_from_pt(face.text_width(shown, style.size))
    if needed <= room * SPARE:
        return style.size
    size = math.floor(style.size * room * SPARE / max(needed, 1) * 2) / 2
    return size if size >= MIN_FOOTER_PT else None


def with_size(attrs: Sequence[tuple[str, str]], size: float, template_size: float) -> list:
    """Run attributes with `sz` set to `size`, when it is smaller than the template's."""
    if size >= template_size:
        return list(attrs)
    return [(k, v) for k, v in attrs if k != "sz"] + [("sz", str(int(size * 100)))]


def left_out(layout: str, kind: str, box: Box | None, vertical: bool) -> Diagnostic:
    """The one warning for a footer or slide number that a layout's box cannot hold."""
    what = "footer line" if kind == "ftr" else "slide number"
    if box is None:
        shape = "has no size"
    else:
        across = (box.height if vertical else box.width) / EMU_PER_INCH
        shape = f"is {across:.2f} in {'long (vertical text)' if vertical else 'wide'}"
    return Diagnostic(
        "warning",
        f"the {what} is left out on the slides of the layout “{layout}”: its box {shape}, "
        f"too narrow for it at {MIN_FOOTER_PT:g} pt or more",
        hint="widen the footer box in the template (View > Slide Master), or make it horizontal",
    )


def footer_placeholder(
    tree: etree._Element, kind: str, layout_ph: etree._Element
) -> etree._Element:
    """An empty placeholder at the end of a slide's `tree` for the layout's footer or slide
    number placeholder `layout_ph`."""
    ph = ph_of(layout_ph)
    assert ph is not None
    attrs = [("type", kind)]
    if ph.get("sz"):
        attrs.append(("sz", ph.get("sz")))
    attrs.append(("idx", ph.get("idx", "0")))
    shape_id = next_shape_id(tree)
    name = "Bunntekst" if kind == "ftr" else "Lysbildenummer"
    element = placeholder_shape(shape_id, f"{name} {shape_id}", attrs, paragraph=False)
    tree.append(element)
    return element


def bottom_edge(kind: str, margin: int, width: int, height: int) -> Box:
    """Where a drawn footer (left) or slide number (right) goes when the master has none."""
    top, tall = height - int(0.5 * EMU_PER_INCH), int(0.34 * EMU_PER_INCH)
    if kind == "ftr":
        return Box(margin, top, int(width * 0.6), tall)
    wide = int(1.2 * EMU_PER_INCH)
    return Box(width - margin - wide, top, wide, tall)


def drawn_box(
    master_ph: etree._Element | None, kind: str, left: int, width: int, height: int
) -> Box:
    """Where a drawn footer or slide number goes: where the master has it, else at the bottom
    edge of the slide."""
    xfrm = dml.read_xfrm(master_ph) if master_ph is not None else None
    return Box(*xfrm) if xfrm is not None else bottom_edge(kind, left, width, height)


def footer_zone(
    layout: etree._Element, master_ph: Callable[[str], etree._Element | None]
) -> list[Box]:
    """The boxes of the layout's footer, date and slide-number placeholders (their own, else
    the master's): what the deck may fill there must not be covered by drawn text."""
    boxes = []
    for sp in layout.iterfind(".//p:sp", NS):
        ph = ph_of(sp)
        kind = ph.get("type") if ph is not None else None
        if kind not in ("ftr", "sldNum", "dt"):
            continue
        master = master_ph(kind)
        xfrm = dml.read_xfrm(sp) or (dml.read_xfrm(master) if master is not None else None)
        if xfrm is not None:
            boxes.append(Box(*xfrm))
    return boxes


# --------------------------------------------------------------------------- artwork


def artwork_boxes(layout: etree._Element, master: etree._Element) -> list[tuple[str, Box]]:
    """The pictures (p:pic) drawn on a layout and, unless it hides them, its master: each
    one's name and box."""
    owners = [layout]
    if layout.get("showMasterSp") != "0":
        owners.append(master)
    found: list[tuple[str, Box]] = []
    for owner in owners:
        tree = owner.find("./p:cSld/p:spTree", NS)
        if tree is None:
            continue
        for pic in tree.findall("./p:pic", NS):
            xfrm = dml.read_xfrm(pic)
            if xfrm is None or pic.find(".//p:nvPr/p:ph", NS) is not None:
                continue
            c_nv_pr = pic.find("./p:nvPicPr/p:cNvPr", NS)
            name = c_nv_pr.get("name", "") if c_nv_pr is not None else ""
            found.append((name or "a picture", Box(*xfrm)))
    return found


def text_boxes(
    tree: etree._Element, box_of: Callable[[etree._Element], Box | None]
) -> list[tuple[str, Box]]:
    """The shapes of a slide's tree that show text: what each is, and its box."""
    found: list[tuple[str, Box]] = []
    for sp in tree.findall("./p:sp", NS):
        text = "".join(sp.itertext()).strip()
        box = box_of(sp)
        if not text or box is None:
            continue
        ph = sp.find("./p:nvSpPr/p:nvPr/p:ph", NS)
        kind = ph.get("type", "body") if ph is not None else ""
        found.append(
            (
                PLACEHOLDER_WORDS.get(
                    kind, f"{kind} placeholder" if ph is not None else "drawn text"
                ),
                box,
            )
        )
    # Tables and drawn diagrams show text too; they always have positions of their own.
    for what, path, frame in (
        ("table", "./p:graphicFrame", "./p:xfrm"),
        ("diagram", "./p:grpSp", "./p:grpSpPr/a:xfrm"),
    ):
        for element in tree.findall(path, NS):
            off, ext = element.find(f"{frame}/a:off", NS), element.find(f"{frame}/a:ext", NS)
            if off is None or ext is None or not "".join(element.itertext()).strip():
                continue
            box = Box(
                int(off.get("x", 0)),
                int(off.get("y", 0)),
                int(ext.get("cx", 0)),
                int(ext.get("cy", 0)),
            )
            found.append((what, box))
    return found


def overlap(a: Box, b: Box) -> bool:
    """Whether two boxes share some area (touching edges do not count)."""
    return a.left < b.right and b.left < a.right and a.top < b.bottom and b.top < a.bottom


def covered(
    layout_name: str, texts: Sequence[tuple[str, Box]], artwork: Sequence[tuple[str, Box]]
) -> list[Diagnostic]:
    """One warning for each text box of a slide that lies over a picture of its template."""
    return [
        Diagnostic(
            "warning",
            f"the layout “{layout_name}”: the text box “{text_name}” the deck fills lies over "
            f"the template's picture “{pic_name}”",
            hint="move the placeholder off the logo or artwork in the template's layout",
        )
        for text_name, text_box in texts
        for pic_name, pic_box in artwork
        if overlap(text_box, pic_box)
    ]


# --------------------------------------------------------------------------- templates check

SAMPLE_FOOTER = "Lederutviklingsprogram · Samling 12"


def footer_report(path: Path) -> list[str]:
    """Lines for `samling templates check`: which layouts' footer boxes are too narrow for a
    footer line (those slides go without one), and which filled boxes lie over pictures."""
    from pipeline.render.deck.layouts import (
        analyse_layouts,
        choose_layouts,
        open_template,
        theme_fonts,
    )
    from pipeline.render.deck.text import StyleChain

    prs = open_template(path)
    master = prs.slide_master._element
    inherit = Inheritance(master, prs.part._element)
    found_fonts = theme_fonts(prs)
    fonts = Fonts(found_fonts.major, found_fonts.minor)
    narrow: list[str] = []
    covering: list[str] = []
    for role, choice in choose_layouts(analyse_layouts(prs)).items():
        layout = choice.layout.layout._element
        art = artwork_boxes(layout, master)
        for sp in inherit.layout_placeholders(layout):
            kind = ph_type(sp)
            xfrm = inherit.xfrm(layout, sp)
            box = Box(*xfrm) if xfrm is not None else None
            if kind == "ftr" and role != "title":
                style = StyleChain(inherit.list_styles(layout, sp)).level(0)
                sources = inherit.sources(layout, sp)
                vertical = is_vertical(body_properties(e) for e in (sp, *sources))
                insets = inherit.insets(layout, sp)
                if footer_size(SAMPLE_FOOTER, box, insets, vertical, style, fonts) is None:
                    narrow.append(left_out(choice.layout.name, kind, box, vertical).message)
            if box is not None and kind in PLACEHOLDER_WORDS:
                named = [(PLACEHOLDER_WORDS[kind], box)]
                covering += [m.message for m in covered(choice.layout.name, named, art)]
    lines = ["", "Footer boxes and pictures:"]
    found = list(dict.fromkeys(narrow + covering))
    lines += [f"  {m[0].upper()}{m[1:]}." for m in found] or [
        "  Every footer box is wide enough for a footer line, and no text box the deck fills "
        "lies over a picture of the template."
    ]
    return lines
