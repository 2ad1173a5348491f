"""A slide and what it inherits: placeholders from its layout and master, run properties from
list styles and text styles, colours from the theme, and the fills painted behind a point."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from pipeline.checks.contrast import BLACK, RGB, WHITE
from pipeline.checks.drawing import DrawingColours
from pipeline.checks.office import NS, Element, local_name, q
from pipeline.checks.paint import NO_PAINT, Paint, over
from pipeline.checks.picture import Box, PictureRef, pixels, veiled
from pipeline.checks.pptx_shapes import Shape, placeholder_of, xfrm_box

TITLE_TYPES = ("title", "ctrTitle")
FOOTER_TYPES = ("dt", "ftr", "sldNum", "hdr")
_PH_WORDS = {
    "title": "title",
    "ctrTitle": "title",
    "subTitle": "subtitle",
    "body": "text placeholder",
    "obj": "content placeholder",
    "dt": "date",
    "ftr": "footer",
    "sldNum": "slide number",
    "hdr": "header",
}


@dataclass
class TextSource:
    """One step of a run's inheritance: a list style, or a shape style's font colour."""

    el: Element | None
    origin: str
    part: str  # output or template
    fontref: bool = False
    paint: Paint | None = None  # a table style's text colour


@dataclass
class Slide:
    """One slide with the layout, master and theme it inherits from: what its placeholders,
    runs and fills inherit, and what is painted at a point."""

    number: int
    slide: Element
    layout: Element | None
    master: Element | None
    colours: DrawingColours
    layout_name: str
    default_style: Element | None  # the presentation's defaultTextStyle
    size: tuple[float, float] = (12192000.0, 6858000.0)  # the slide's width and height, EMU
    # The bytes of an image by the part that relates it (slide, layout, master) and its r:id.
    blob: Callable[[str, str], bytes | None] | None = None

    def sample(self, paint: Paint, box: Box | None) -> list[RGB] | None:
        """The pixels of the picture `paint` stands for under `box` (the slide when None),
        through the veils over it; None when they cannot be known."""
        ref = paint.picture
        if not isinstance(ref, PictureRef) or self.blob is None or not ref.embed:
            return None
        data = self.blob(ref.part, ref.embed)
        if data is None:
            return None
        found = pixels(data, ref, box or (0.0, 0.0, *self.size))
        return veiled(found, paint.veils) if found is not None else None

    def inherited_box(self, ph: tuple[str, int]) -> tuple[float, float, float, float] | None:
        layout_ph = self.layout_placeholder(ph)
        if layout_ph is not None:
            box = xfrm_box(layout_ph)
            if box is not None:
                return box
        master_ph = self.master_placeholder(ph)
        return xfrm_box(master_ph) if master_ph is not None else None

    def layout_placeholder(self, ph: tuple[str, int]) -> Element | None:
        layout = self.layout
        if layout is None:
            return None
        kind, idx = ph
        candidates = [
            (sp, placeholder_of(sp))
            for sp in layout.iterfind("p:cSld/p:spTree/*", NS)
            if placeholder_of(sp)
        ]
        for sp, other in candidates:
            if (
                other is not None
                and other[1] == idx
                and (
                    idx != 0
                    or other[0] == kind
                    or (kind in TITLE_TYPES and other[0] in TITLE_TYPES)
                )
            ):
                return sp
        for sp, other in candidates:
            if other is not None and (
                other[0] == kind or (kind in TITLE_TYPES and other[0] in TITLE_TYPES)
            ):
                return sp
        return None

    def master_placeholder(self, ph: tuple[str, int]) -> Element | None:
        master = self.master
        if master is None:
            return None
        kind = ph[0]
        wanted = "title" if kind in TITLE_TYPES else kind if kind in FOOTER_TYPES else "body"
        for sp in master.iterfind("p:cSld/p:spTree/*", NS):
            other = placeholder_of(sp)
            if other is not None and other[0] == wanted:
                return sp
        return None

    def text_sources(self, shape: Shape) -> list[TextSource]:
        """Where a run in `shape` inherits from, nearest first."""
        ctx = self
        own_part = "output" if shape.part == "slide" else "template"
        sources = [
            TextSource(shape.el.find("p:txBody/a:lstStyle", NS), "the shape's list style", own_part)
        ]
        master = ctx.master
        tx_styles = master.find("p:txStyles", NS) if master is not None else None
        if shape.ph is not None and shape.part == "slide":
            layout_ph = self.layout_placeholder(shape.ph)
            master_ph = self.master_placeholder(shape.ph)
            if layout_ph is not None:
                sources.append(
                    TextSource(
                        layout_ph.find("p:txBody/a:lstStyle", NS),
                        f"slide layout {ctx.layout_name!r}",
                        "template",
                    )
                )
            if master_ph is not None:
                sources.append(
                    TextSource(
                        master_ph.find("p:txBody/a:lstStyle", NS),
                        "the slide master's placeholder",
                        "template",
                    )
                )
        if shape.ph is not None:
            kind = shape.ph[0]
            bucket, words = (
                ("p:titleStyle", "the master's title style")
                if kind in TITLE_TYPES
                else ("p:otherStyle", "the master's other-text style")
                if kind in FOOTER_TYPES
                else ("p:bodyStyle", "the master's body text style")
            )
            if tx_styles is not None:
                sources.append(TextSource(tx_styles.find(bucket, NS), words, "template"))
        else:
            font_ref = shape.el.find("p:style/a:fontRef", NS)
            if font_ref is not None and len(font_ref):
                sources.append(TextSource(font_ref, "the shape's style", own_part, fontref=True))
            sources.append(
                TextSource(self.default_style, "the presentation's default text style", "template")
            )
            if tx_styles is not None:
                sources.append(
                    TextSource(
                        tx_styles.find("p:otherStyle", NS),
                        "the master's other-text style",
                        "template",
                    )
                )
        return sources

    def shape_fill(self, shape: Shape) -> Paint | None:
        """What a shape paints behind its text, following placeholders to layout and master."""
        colours = self.colours
        part = "output" if shape.part == "slide" else "template"
        own = f"the fill of {shape_words(shape)}"
        if shape.kind == "pic":
            blip = shape.el.find("p:blipFill", NS)
            return _placed(Paint((), 1.0, own, part, unknown="a picture", picture=blip), shape)
        if shape.kind == "graphicFrame":
            return None
        fill = colours.fill(shape.el.find("p:spPr", NS), own, part)
        if fill is not None:
            return _placed(fill, shape)
        if shape.ph is not None and shape.part == "slide":
            for inherited, words in (
                (self.layout_placeholder(shape.ph), f"slide layout {self.layout_name!r}"),
                (self.master_placeholder(shape.ph), "the slide master"),
            ):
                if inherited is not None:
                    fill = colours.fill(
                        inherited.find("p:spPr", NS), f"the placeholder fill in {words}", "template"
                    )
                    if fill is not None:
                        return _placed(fill, shape, "layout" if "layout" in words else "master")
        fill_ref = shape.el.find("p:style/a:fillRef", NS)
        if fill_ref is not None:
            return colours.style_fill(fill_ref, f"the style fill of {shape_words(shape)}", part)
        return None

    def background(self) -> Paint:
        ctx = self
        colours = ctx.colours
        of_layout = f"the background of slide layout {ctx.layout_name!r}"
        for holder, words, part, owner in (
            (ctx.slide, "the slide's background", "output", "slide"),
            (ctx.layout, of_layout, "template", "layout"),
            (ctx.master, "the slide master's background", "template", "master"),
        ):
            if holder is None:
                continue
            bg = holder.find("p:cSld/p:bg", NS)
            if bg is None:
                continue
            bg_pr = bg.find("p:bgPr", NS)
            if bg_pr is not None:
                paint = colours.fill(bg_pr, words, part)
                if paint is not None and paint is not NO_PAINT:
                    if paint.picture is not None:
                        ref = PictureRef(paint.picture, owner, (0.0, 0.0, *self.size))
                        return replace(paint, picture=ref)
                    return paint
            bg_ref = bg.find("p:bgRef", NS)
            if bg_ref is not None:
                paint = colours.style_fill(bg_ref, words, part)
                if paint is not None and paint is not NO_PAINT:
                    return paint
        slot = colours.slot_of("bg1")
        return Paint(
            (colours.theme.get(slot, WHITE),),
            1.0,
            "the default background, theme colour " + slot,
            "template",
            slot,
        )

    def behind(self, x: float, y: float, below: list[Shape]) -> Paint:
        """What is painted at (x, y) under the shapes `below` (bottom first)."""
        for position in range(len(below) - 1, -1, -1):
            shape = below[position]
            if shape.hidden or not shape.contains(x, y):
                continue
            fill = self.shape_fill(shape)
            if fill is None or fill is NO_PAINT:
                continue
            if fill.alpha < 0.999:
                return over(fill, self.behind(x, y, below[:position]))
            return fill
        return self.background()

    def run_paint(
        self,
        rpr: Element | None,
        ppr: Element | None,
        sources: list[TextSource],
        level: int,
    ) -> Paint | None:
        colours = self.colours

        def fill_of(el: Element) -> Element | None:
            for child in el:
                if local_name(child) in ("solidFill", "gradFill", "noFill", "pattFill", "blipFill"):
                    return el
            return None

        if rpr is not None and rpr.find("a:hlinkClick", NS) is not None and fill_of(rpr) is None:
            slot = colours.slot_of("hlink")
            return Paint(
                (colours.theme.get(slot, (0, 0, 255)),),
                1.0,
                "the theme's link colour",
                "template",
                slot,
            )
        found, origin, part = lookup(rpr, ppr, sources, level, fill_of, colour=True)
        if isinstance(found, Paint):
            return found
        if (
            found is not None
            and local_name(found) != ""
            and found.tag
            not in (
                q("a", "rPr"),
                q("a", "defRPr"),
            )
        ):
            return colours.paint_of_colour(found, f"text colour from {origin}", part)
        if found is None:
            slot = colours.slot_of("tx1")
            return Paint(
                (colours.theme.get(slot, BLACK),),
                1.0,
                f"the default text colour, theme colour {slot}",
                "template",
                slot,
            )
        holder = found
        paint = colours.fill(holder, f"text colour from {origin}", part)
        if paint is None or paint is NO_PAINT:
            return None
        return paint

    def table_style_part(
        self, style: Element, name: str
    ) -> tuple[Paint | None, Paint | None, bool | None]:
        colours = self.colours
        part = style.find(f"a:{name}", NS)
        if part is None:
            return None, None, None
        fill = None
        fill_holder = part.find("a:tcStyle/a:fill", NS)
        if fill_holder is not None:
            fill = colours.fill(fill_holder, f"the table style's {name} fill", "template")
        text = None
        bold = None
        tx = part.find("a:tcTxStyle", NS)
        if tx is not None:
            for child in tx:
                if local_name(child) in ("srgbClr", "schemeClr", "sysClr", "prstClr"):
                    text = colours.paint_of_colour(
                        child, f"the table style's {name} text", "template"
                    )
            if tx.get("b"):
                bold = tx.get("b") == "on"
        return fill, text, bold


def _placed(paint: Paint, shape: Shape, part: str = "") -> Paint:
    """A picture fill tied to where it is painted: the shape's box, the part naming the image."""
    if paint.picture is None or isinstance(paint.picture, PictureRef):
        return paint
    if shape.box is None:
        return replace(paint, picture=None)
    return replace(paint, picture=PictureRef(paint.picture, part or shape.part, shape.box))


def lookup(
    run_rpr: Element | None,
    ppr: Element | None,
    sources: list[TextSource],
    level: int,
    get: Callable[[Element], Any],
    colour: bool = False,
) -> tuple[Any, str, str]:
    """The nearest value of a run property: (value, where it is set, part). For the colour,
    a shape style's font colour (an element) or a table style's text colour (a Paint)
    can answer too."""
    if run_rpr is not None:
        value = get(run_rpr)
        if value is not None:
            return value, "the text run", "output"
    if ppr is not None:
        defrpr = ppr.find("a:defRPr", NS)
        if defrpr is not None:
            value = get(defrpr)
            if value is not None:
                return value, "the paragraph", "output"
    for source in sources:
        if source.paint is not None:
            if colour:
                return source.paint, source.origin, source.part
            continue
        if source.el is None:
            continue
        if source.fontref:
            if colour:
                return next(iter(source.el)), source.origin, source.part
            continue
        for path in (f"a:lvl{level}pPr/a:defRPr", "a:defPPr/a:defRPr"):
            defrpr = source.el.find(path, NS)
            if defrpr is not None:
                value = get(defrpr)
                if value is not None:
                    return value, source.origin, source.part
    return None, "", ""


def shape_words(shape: Shape) -> str:
    if shape.ph is not None:
        return f"the {_PH_WORDS.get(shape.ph[0], 'placeholder')}"
    if shape.part != "slide":
        return f"the template shape {shape.name!r}"
    if shape.kind == "pic":
        return "a picture"
    if shape.el.find("p:nvSpPr/p:cNvSpPr", NS) is not None and shape.el.find(
        "p:nvSpPr/p:cNvSpPr", NS
    ).get("txBox") in ("1", "true"):
        return "a text box"
    return "a shape"
