"""DrawingML colours and fills resolved through a theme and a colour map, as Paints."""

from __future__ import annotations

from lxml import etree

from pipeline.checks.contrast import (
    BLACK,
    RGB,
    drawingml_shade,
    drawingml_tint,
    from_hls,
    from_linear,
    lum_mod_off,
    parse_hex,
)
from pipeline.checks.office import NS, Element, local_name
from pipeline.checks.paint import NO_PAINT, Paint
from pipeline.ooxml.theme import fill_styles, fixed_colour_hex, scheme_colours

_PRESET = {
    "black": (0, 0, 0),
    "white": (255, 255, 255),
    "red": (255, 0, 0),
    "green": (0, 128, 0),
    "blue": (0, 0, 255),
    "yellow": (255, 255, 0),
    "gray": (128, 128, 128),
    "grey": (128, 128, 128),
    "dkgray": (169, 169, 169),
    "ltgray": (211, 211, 211),
}


class DrawingColours:
    """Resolves DrawingML colour elements through a theme and a colour map."""

    def __init__(self, theme: Element | None, clr_map: dict[str, str]) -> None:
        self.theme: dict[str, RGB] = {
            slot: parse_hex(value) for slot, value in scheme_colours(theme).items()
        }
        self.fill_styles, self.bg_fill_styles = fill_styles(theme)
        self.clr_map = clr_map

    def slot_of(self, name: str) -> str:
        return self.clr_map.get(name, name)

    def colour(
        self, el: Element, placeholder: tuple[RGB, str] | None = None
    ) -> tuple[RGB, float, str]:
        """(rgb, alpha, theme slot or '') of a colour element with its transforms."""
        name = local_name(el)
        slot = ""
        rgb: RGB = BLACK
        if name == "srgbClr":
            rgb = parse_hex(el.get("val", "000000"))
        elif name == "schemeClr":
            val = el.get("val", "tx1")
            if val == "phClr" and placeholder is not None:
                rgb, slot = placeholder
            else:
                slot = self.slot_of(val)
                rgb = self.theme.get(slot, BLACK)
        elif name == "sysClr":
            rgb = parse_hex(fixed_colour_hex(el) or "000000")
        elif name == "prstClr":
            rgb = _PRESET.get(el.get("val", "black").lower(), BLACK)
        elif name == "scrgbClr":
            rgb = tuple(  # type: ignore[assignment]
                from_linear(int(el.get(c, "0")) / 100000) for c in ("r", "g", "b")
            )
        elif name == "hslClr":
            rgb = from_hls(
                int(el.get("hue", "0")) / 21600000,
                int(el.get("lum", "0")) / 100000,
                int(el.get("sat", "0")) / 100000,
            )
        alpha = 1.0
        lum_mod, lum_off = 1.0, 0.0
        for transform in el:
            kind = local_name(transform)
            value = int(transform.get("val", "100000")) / 100000
            if kind == "lumMod":
                lum_mod = value
            elif kind == "lumOff":
                lum_off = value
            elif kind == "tint":
                rgb = drawingml_tint(rgb, value)
            elif kind == "shade":
                rgb = drawingml_shade(rgb, value)
            elif kind == "alpha":
                alpha = value
            elif kind == "alphaMod":
                alpha *= value
        if lum_mod != 1.0 or lum_off != 0.0:
            rgb = lum_mod_off(rgb, lum_mod, lum_off)
        return rgb, alpha, slot

    def paint_of_colour(
        self, el: Element, origin: str, part: str, placeholder: tuple[RGB, str] | None = None
    ) -> Paint:
        rgb, alpha, slot = self.colour(el, placeholder)
        if slot:
            origin = f"{origin}, theme colour {slot}"
        return Paint((rgb,), alpha, origin, part, slot)

    def fill(
        self,
        parent: Element | None,
        origin: str,
        part: str,
        placeholder: tuple[RGB, str] | None = None,
    ) -> Paint | None:
        """The fill given in `parent` (spPr, bgPr, rPr…): a Paint, NO_PAINT for noFill, or None
        when it gives none (and so inherits)."""
        if parent is None:
            return None
        for child in parent:
            kind = local_name(child)
            if kind == "noFill":
                return NO_PAINT
            if kind == "solidFill":
                colour = next(iter(child), None)
                if colour is None:
                    return NO_PAINT
                return self.paint_of_colour(colour, origin, part, placeholder)
            if kind == "gradFill":
                stops = [
                    self.colour(next(iter(gs)), placeholder)
                    for gs in child.iterfind("a:gsLst/a:gs", NS)
                    if len(gs)
                ]
                if not stops:
                    return NO_PAINT
                slot = next((s for _, _, s in stops if s), "")
                return Paint(
                    tuple(rgb for rgb, _, _ in stops),
                    min(a for _, a, _ in stops),
                    f"{origin} (a gradient)",
                    part,
                    slot,
                )
            if kind == "pattFill":
                colours = [
                    self.colour(next(iter(c)), placeholder)
                    for c in (child.find("a:fgClr", NS), child.find("a:bgClr", NS))
                    if c is not None and len(c)
                ]
                return Paint(
                    tuple(rgb for rgb, _, _ in colours), 1.0, f"{origin} (a pattern)", part
                )
            if kind == "blipFill":
                return Paint((), 1.0, origin, part, unknown="a picture", picture=child)
        return None

    def style_fill(self, ref: Element, origin: str, part: str) -> Paint | None:
        """A theme fill style by index (p:style/a:fillRef, p:bgRef), with its colour as phClr."""
        idx = int(ref.get("idx", "0"))
        colour_el = next(iter(ref), None)
        placeholder = None
        if colour_el is not None:
            rgb, _, slot = self.colour(colour_el)
            placeholder = (rgb, slot)
        if idx == 0:
            return NO_PAINT
        styles = self.bg_fill_styles if idx >= 1001 else self.fill_styles
        position = idx - 1001 if idx >= 1001 else idx - 1
        if 0 <= position < len(styles):
            holder = etree.Element("holder")
            holder.append(_copy(styles[position]))
            paint = self.fill(holder, origin, part, placeholder)
            if paint is not None:
                return paint
        if colour_el is not None:
            return self.paint_of_colour(colour_el, origin, part)
        return None


def _copy(el: Element) -> Element:
    return etree.fromstring(etree.tostring(el))
