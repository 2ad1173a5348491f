"""Text over a picture stays readable: a designer's photo background, a picture on the layout or
the master, a picture on the slide under a text.

For every text on a finished slide that lies over a picture, the picture under the text box is
sampled (pipeline.checks.picture) and judged by WCAG (4.5:1, 3:1 for large text). When the
text's colour fails, its runs take the theme's light or dark text colour (lt1 or dk1), the one
that passes with the higher contrast. When neither passes, a semi-transparent rectangle in the
other of the two (a scrim) goes behind the text, as light as will do. Only when even that
fails is it reported. The same slide gives the same answer: nothing here is random.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxml import etree

from pipeline.checks.contrast import (
    BLACK,
    RGB,
    WHITE,
    format_ratio,
    format_threshold,
    required_ratio,
)
from pipeline.checks.drawing import DrawingColours
from pipeline.checks.paint import NO_PAINT, over
from pipeline.checks.picture import low_contrast, veiled
from pipeline.checks.pptx_shapes import Shape, flatten, text_of
from pipeline.checks.pptx_slide import Slide, lookup
from pipeline.ooxml.drawingml import NS, NSDECL
from pipeline.ooxml.slides import next_shape_id
from pipeline.ooxml.theme import slide_colour_map

SCRIM_ALPHAS = (0.35, 0.5, 0.65, 0.8, 0.9)
_FILLS = ("noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill")
_DECORATIVE = "http://schemas.microsoft.com/office/drawing/2017/decorative"


@dataclass
class _Run:
    rpr: etree._Element
    colour: RGB
    required: float


def theme_of(master_part: Any) -> etree._Element | None:
    """The theme XML of a python-pptx slide master part, or None."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        theme = master_part.part_related_by(RT.THEME)
        return etree.fromstring(theme.blob, etree.XMLParser(resolve_entities=False))
    except (KeyError, etree.XMLSyntaxError):
        return None


def keep_readable(
    slide: Any, layout: Any, master: Any, theme: etree._Element | None, prs: Any, scrim: str
) -> list[str]:
    """Recolour, or put a scrim behind, every text of the python-pptx `slide` that does not
    read on the picture under it; the problems left, in words, for texts nothing helps."""
    parts = {"slide": slide.part, "layout": layout.part, "master": master.part}

    def blob(part: str, rid: str) -> bytes | None:
        try:
            return bytes(parts[part].related_part(rid).blob)
        except (KeyError, AttributeError):
            return None

    slide_el, layout_el, master_el = slide._element, layout._element, master._element
    ctx = Slide(
        number=0,
        slide=slide_el,
        layout=layout_el,
        master=master_el,
        colours=DrawingColours(theme, slide_colour_map(master_el, layout_el, slide_el)),
        layout_name=layout.name,
        default_style=prs.part._element.find("p:defaultTextStyle", NS),
        size=(float(prs.slide_width or 12192000), float(prs.slide_height or 6858000)),
        blob=blob,
    )
    shapes = flatten(slide_el.find("p:cSld/p:spTree", NS), "slide")
    for shape in shapes:
        if shape.box is None and shape.ph is not None:
            shape.box = ctx.inherited_box(shape.ph)
    below = _template_shapes(slide_el, layout_el, master_el)
    problems = []
    for position, shape in enumerate(shapes):
        problem = _one_shape(ctx, shape, below + shapes[:position], scrim)
        if problem:
            problems.append(problem)
    return problems


def _template_shapes(
    slide: etree._Element, layout: etree._Element, master: etree._Element
) -> list[Shape]:
    """The layout's and master's own drawn shapes under the slide's, bottom first."""
    show_layout = slide.get("showMasterSp", "1") in ("1", "true")
    show_master = show_layout and layout.get("showMasterSp", "1") in ("1", "true")
    found: list[Shape] = []
    for part, root, shown in (("master", master, show_master), ("layout", layout, show_layout)):
        if shown:
            tree = root.find("p:cSld/p:spTree", NS)
            found += [s for s in flatten(tree, part) if s.ph is None]
    return found


def _one_shape(ctx: Slide, shape: Shape, below: list[Shape], scrim: str) -> str:
    if shape.kind != "sp" or shape.hidden or shape.box is None:
        return ""
    body = shape.el.find("p:txBody", NS)
    if body is None or not text_of(body):
        return ""
    x, y = shape.box[0] + shape.box[2] / 2, shape.box[1] + shape.box[3] / 2
    own = ctx.shape_fill(shape)
    background = ctx.behind(x, y, below)
    if own is not None and own is not NO_PAINT:
        background = over(own, background) if own.alpha < 0.999 else own
    if background.picture is None:
        return ""
    found = ctx.sample(background, shape.box)
    if not found:
        return ""
    runs = _runs(ctx, shape, body)
    if all(low_contrast(run.colour, found)[0] >= run.required for run in runs):
        return ""
    needed = max(run.required for run in runs)
    theme = ctx.colours.theme
    options = sorted(
        ((low_contrast(theme.get(slot, rgb), found)[0], slot) for slot, rgb in _SLOTS),
        reverse=True,
    )
    best_ratio, best = options[0]
    for run in runs:
        _set_colour(run.rpr, best)
    if best_ratio >= needed:
        return ""
    other = "dk1" if best == "lt1" else "lt1"
    text_rgb = theme.get(best, WHITE if best == "lt1" else BLACK)
    scrim_rgb = theme.get(other, BLACK if other == "dk1" else WHITE)
    for alpha in SCRIM_ALPHAS:
        if low_contrast(text_rgb, veiled(found, [(scrim_rgb, alpha)]))[0] >= needed:
            _add_scrim(shape, other, alpha, scrim)
            return ""
    _add_scrim(shape, other, SCRIM_ALPHAS[-1], scrim)
    ratio = low_contrast(text_rgb, veiled(found, [(scrim_rgb, SCRIM_ALPHAS[-1])]))[0]
    return (
        f"the text {text_of(body)[:40]!r} on the picture behind it has contrast "
        f"{format_ratio(ratio)} even with the theme's text colours and a scrim, "
        f"needs {format_threshold(needed)}"
    )


_SLOTS: tuple[tuple[str, RGB], ...] = (("lt1", WHITE), ("dk1", BLACK))


def _runs(ctx: Slide, shape: Shape, body: etree._Element) -> list[_Run]:
    sources = ctx.text_sources(shape)
    runs = []
    for paragraph in body.iterfind("a:p", NS):
        ppr = paragraph.find("a:pPr", NS)
        level = int(ppr.get("lvl", "0")) + 1 if ppr is not None else 1
        for run in paragraph:
            if etree.QName(run).localname not in ("r", "fld"):
                continue
            if not "".join(t.text or "" for t in run.iter(f"{{{NS['a']}}}t")).strip():
                continue
            rpr = run.find("a:rPr", NS)
            if rpr is None:
                rpr = etree.Element(f"{{{NS['a']}}}rPr")
                run.insert(0, rpr)
            paint = ctx.run_paint(rpr, ppr, sources, level)
            if paint is None or not paint.colours:
                continue
            size, _, _ = lookup(rpr, ppr, sources, level, lambda e: e.get("sz"))
            bold, _, _ = lookup(rpr, ppr, sources, level, lambda e: e.get("b"))
            size_pt = (int(size) / 100 if size else 18.0) * _font_scale(body)
            required = required_ratio(size_pt, bold in ("1", "true"))
            runs.append(_Run(rpr, paint.first, required))
    return runs


def _font_scale(body: etree._Element) -> float:
    autofit = body.find("a:bodyPr/a:normAutofit", NS)
    if autofit is not None and autofit.get("fontScale"):
        return int(autofit.get("fontScale")) / 100000
    return 1.0


def _set_colour(rpr: etree._Element, slot: str) -> None:
    """The run's fill: the theme colour `slot`, in the place the schema gives it (after a:ln)."""
    for child in list(rpr):
        if etree.QName(child).localname in _FILLS:
            rpr.remove(child)
    fill = etree.fromstring(f'<a:solidFill {NSDECL}><a:schemeClr val="{slot}"/></a:solidFill>')
    line = rpr.find("a:ln", NS)
    rpr.insert(list(rpr).index(line) + 1 if line is not None else 0, fill)


def _add_scrim(shape: Shape, slot: str, alpha: float, name: str) -> None:
    """A rectangle in theme colour `slot` at opacity `alpha` just behind the text `shape`."""
    own = shape.el.find("p:spPr/a:xfrm", NS)
    if own is not None and own.find("a:off", NS) is not None and own.find("a:ext", NS) is not None:
        off, ext = own.find("a:off", NS), own.find("a:ext", NS)
        box = (off.get("x"), off.get("y"), ext.get("cx"), ext.get("cy"))
    else:
        assert shape.box is not None
        box = tuple(str(round(v)) for v in shape.box)  # type: ignore[assignment]
    tree = shape.el.getparent()
    while tree.getparent() is not None and etree.QName(tree).localname != "spTree":
        tree = tree.getparent()
    shape_id = next_shape_id(tree)
    element = etree.fromstring(
        f'<p:sp {NSDECL}><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name} {shape_id}">'
        f'<a:extLst><a:ext uri="{{C183D7F6-B498-43B3-948B-1728B52AA6E4}}">'
        f'<adec:decorative xmlns:adec="{_DECORATIVE}" val="1"/></a:ext></a:extLst>'
        f"</p:cNvPr><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>"
        f'<a:xfrm><a:off x="{box[0]}" y="{box[1]}"/><a:ext cx="{box[2]}" cy="{box[3]}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:schemeClr val="{slot}">'
        f'<a:alpha val="{round(alpha * 100000)}"/></a:schemeClr></a:solidFill>'
        f"<a:ln><a:noFill/></a:ln></p:spPr></p:sp>"
    )
    shape.el.addprevious(element)
