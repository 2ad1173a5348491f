"""One deck being built, and one slide on it: placeholders, text areas, shapes and pictures.

A slide kind's code asks for "the title", "a text area here", "a shape there"; this module
decides whether that is a placeholder of the designer's layout or something drawn to look like
one, fits the text, and cleans up: unused placeholders are removed, the footer and the slide
number are added, every run carries the deck's language, and the title is the first shape a
screen reader meets.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType
from pptx.shapes.autoshape import Shape
from pptx.shapes.group import GroupShape
from pptx.shapes.picture import Picture
from pptx.shapes.shapetree import GroupShapes, SlideShapes
from pptx.slide import Slide as PptxSlide
from pptx.slide import SlideLayout
from pptx.util import Emu

from pipeline.errors import Diagnostic
from pipeline.model.types import Slide as SlideModel
from pipeline.render.deck.layouts import Box, LayoutChoice, Role
from pipeline.render.deck.speed import SlideAdder
from pipeline.render.deck.text import (
    NS,
    Fit,
    Fonts,
    Para,
    StyleChain,
    colour_element,
    copy_level_styles,
    explicit_chain,
    fit,
    insets,
    set_paragraphs,
)

INCH = 914400
SLIDENUM_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
NSDECL = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
)
BASE_TYPE = {
    "title": "title",
    "ctrTitle": "title",
    "dt": "dt",
    "ftr": "ftr",
    "sldNum": "sldNum",
    "hdr": "hdr",
}


def ph_of(element: etree._Element) -> etree._Element | None:
    return element.find("./*/p:nvPr/p:ph", NS)


def ph_type(element: etree._Element) -> str:
    ph = ph_of(element)
    return "" if ph is None else ph.get("type", "obj")


def ph_idx(element: etree._Element) -> int:
    ph = ph_of(element)
    return 0 if ph is None else int(ph.get("idx", "0"))


def box_of(element: etree._Element) -> Box | None:
    off = element.find("./p:spPr/a:xfrm/a:off", NS)
    ext = element.find("./p:spPr/a:xfrm/a:ext", NS)
    if off is None or ext is None:
        return None
    return Box(
        int(off.get("x", 0)), int(off.get("y", 0)), int(ext.get("cx", 0)), int(ext.get("cy", 0))
    )


def round_inset(box: Box, adjustment: float) -> int:
    """How far a rounded rectangle's text area sits inside its box, per side (DrawingML's
    roundRect: the corner radius times 1 - 1/sqrt 2)."""
    return int(min(box.width, box.height) * adjustment * 0.29289)


def inset_box(box: Box, left: int = 0, top: int = 0, right: int = 0, bottom: int = 0) -> Box:
    return Box(box.left + left, box.top + top, box.width - left - right, box.height - top - bottom)


@dataclass
class PlacedText:
    shape_element: etree._Element
    fit: Fit


class Deck:
    """The presentation being built and what every slide needs to know about it."""

    def __init__(
        self,
        prs: PresentationType,
        layouts: dict[Role, LayoutChoice],
        fonts: Fonts,
        lang: str,
        footer: str,
    ) -> None:
        self.prs = prs
        self._master_phs: dict[str, etree._Element | None] = {}
        self.layouts = layouts
        self.fonts = fonts
        self.lang = lang
        self.footer = footer
        self.width = int(prs.slide_width or 12192000)
        self.height = int(prs.slide_height or 6858000)
        self.master = prs.slide_master
        self.diagnostics: list[Diagnostic] = []
        self.count = 0
        self.titles: list[str] = []
        self.body_box = self._body_box()
        self.body_chain_sources = self._body_chain_sources()
        self.colours = self._theme_colours()
        self.adder = SlideAdder(prs)
        self._layout_phs: dict[str, list[etree._Element]] = {}

    # ---------------------------------------------------------------- colours

    def _theme_colours(self) -> dict[str, str]:
        """Scheme colour name (as slides use them: tx1, bg2, accent1) to RRGGBB."""
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT

        found: dict[str, str] = {}
        try:
            theme = self.master.part.part_related_by(RT.THEME)
            root = etree.fromstring(theme.blob, etree.XMLParser(resolve_entities=False))
        except (KeyError, etree.XMLSyntaxError):
            root = None
        scheme = root.find(".//a:clrScheme", NS) if root is not None else None
        if scheme is not None:
            for child in scheme:
                name = etree.QName(child).localname
                colour = child[0] if len(child) else None
                if colour is None:
                    continue
                value = (
                    colour.get("val")
                    if etree.QName(colour).localname == "srgbClr"
                    else (colour.get("lastClr"))
                )
                if value:
                    found[name] = value.upper()
        mapping = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}
        clr_map = self.master._element.find("./p:clrMap", NS)
        if clr_map is not None:
            mapping.update({key: clr_map.get(key, value) for key, value in mapping.items()})
        defaults = {"dk1": "000000", "lt1": "FFFFFF", "dk2": "1F497D", "lt2": "EEECE1"}
        colours = {
            name: found.get(name, defaults.get(name, "808080"))
            for name in (
                "dk1",
                "lt1",
                "dk2",
                "lt2",
                "accent1",
                "accent2",
                "accent3",
                "accent4",
                "accent5",
                "accent6",
                "hlink",
                "folHlink",
            )
        }
        for alias, target in mapping.items():
            colours[alias] = colours.get(target, defaults.get(target, "808080"))
        return colours

    def text_on(self, fill: str) -> str:
        """bg1 or tx1: whichever reads better on `fill` in this template."""
        back = self.colours.get(fill, fill.lstrip("#"))
        light = self.colours.get("bg1", "FFFFFF")
        dark = self.colours.get("tx1", "000000")
        return "bg1" if contrast(back, light) >= contrast(back, dark) else "tx1"

    # ---------------------------------------------------------------- template lookups

    def master_placeholder(self, base_type: str) -> etree._Element | None:
        if base_type not in self._master_phs:
            self._master_phs[base_type] = self._find_master_placeholder(base_type)
        return self._master_phs[base_type]

    def layout_placeholders(self, layout: SlideLayout) -> list[etree._Element]:
        """The layout's placeholder elements (held, so lxml keeps them the same objects)."""
        key = str(layout.part.partname)
        if key not in self._layout_phs:
            self._layout_phs[key] = [
                sp for sp in layout._element.cSld.spTree.iterchildren() if ph_of(sp) is not None
            ]
        return self._layout_phs[key]

    def _find_master_placeholder(self, base_type: str) -> etree._Element | None:
        for sp in self.master._element.cSld.spTree.iterchildren():
            ph = ph_of(sp)
            if ph is None:
                continue
            found = BASE_TYPE.get(ph.get("type", "obj"), "body")
            if found == base_type:
                return sp
        return None

    def tx_style(self, kind: str) -> etree._Element | None:
        return self.master._element.find(f"./p:txStyles/p:{kind}", NS)

    def default_text_style(self) -> etree._Element | None:
        return self.prs.part._element.find("./p:defaultTextStyle", NS)

    def _body_box(self) -> Box:
        content = self.layouts["content"].layout
        box: Box | None
        if content.large_texts and content.large_texts[0].box:
            box = content.large_texts[0].box
        else:
            master_body = self.master_placeholder("body")
            box = box_of(master_body) if master_body is not None else None
        if box is None or box.height < self.height * 0.3:
            box = Box(
                int(0.05 * self.width),
                int(0.25 * self.height),
                int(0.9 * self.width),
                int(0.64 * self.height),
            )
        # Keep clear of the footer zone.
        footer = self.master_placeholder("ftr")
        footer_box = box_of(footer) if footer is not None else None
        limit = footer_box.top - int(0.08 * INCH) if footer_box else int(self.height * 0.92)
        if box.bottom > limit:
            box = Box(box.left, box.top, box.width, max(limit - box.top, int(self.height * 0.3)))
        return box

    def _body_chain_sources(self) -> list[etree._Element | None]:
        """The list styles a content placeholder inherits: what drawn body text copies."""
        content = self.layouts["content"].layout
        sources: list[etree._Element | None] = []
        for large in content.large_texts:
            for sp in content.layout._element.cSld.spTree.iterchildren():
                if ph_of(sp) is not None and ph_idx(sp) == large.idx:
                    sources.append(sp.find("./p:txBody/a:lstStyle", NS))
            break
        master_body = self.master_placeholder("body")
        if master_body is not None:
            sources.append(master_body.find("./p:txBody/a:lstStyle", NS))
        sources += [self.tx_style("bodyStyle"), self.default_text_style()]
        return sources

    def warn(self, number: int, model: SlideModel, title: str, message: str) -> None:
        shown = title or model.title or model.kind
        self.diagnostics.append(
            Diagnostic(
                "warning",
                f"slide {number} «{shown}»: {message}",
                file=model.source.file,
                line=model.source.line,
            )
        )


class SlideCanvas:
    """One slide: call the helpers, then `finish()`."""

    def __init__(self, deck: Deck, role: Role, model: SlideModel) -> None:
        self.deck = deck
        self.role = role
        self.model = model
        self.choice = deck.layouts[role]
        self.layout: SlideLayout = self.choice.layout.layout
        self.slide: PptxSlide = deck.adder.add_slide(self.layout)
        deck.count += 1
        self.number = deck.count
        # The placeholder elements in use; holding them keeps lxml's proxies (and identity).
        self.used: list[etree._Element] = []
        self.title_text = ""
        self.notes_parts: list[str] = []
        self.show_footer = role != "title"
        self.background = self._background()

    # ---------------------------------------------------------------- colours

    def _background(self) -> str:
        """The slide's background colour (RRGGBB), from its layout or else the master."""
        for owner in (self.layout._element, self.deck.master._element):
            bg = owner.find("./p:cSld/p:bg", NS)
            if bg is None:
                continue
            for colour in bg.iter(qn("a:schemeClr"), qn("a:srgbClr"), qn("a:sysClr")):
                name = etree.QName(colour).localname
                if name == "srgbClr":
                    return str(colour.get("val", "FFFFFF")).upper()
                if name == "sysClr":
                    return str(colour.get("lastClr", "FFFFFF")).upper()
                value = colour.get("val", "bg1")
                if value != "phClr":
                    return self.deck.colours.get(value, "FFFFFF")
        return self.deck.colours.get("bg1", "FFFFFF")

    def readable(self, paras: Sequence[Para], background: str | None = None) -> None:
        """Text colours chosen for a light slide swap to one that reads on this background."""
        back = background or self.background
        for para in paras:
            if not para.colour:
                continue
            colour = self.deck.colours.get(para.colour, para.colour.lstrip("#"))
            if contrast(colour, back) < 4.5:
                para.colour = self.deck.text_on("#" + back)

    # ---------------------------------------------------------------- placeholders

    def is_used(self, element: etree._Element) -> bool:
        return any(element is used for used in self.used)

    @property
    def tree(self) -> etree._Element:
        return self.slide.shapes._spTree

    def placeholders(self, *types: str) -> list[etree._Element]:
        found = []
        for sp in self.tree.iterchildren():
            if ph_of(sp) is None or self.is_used(sp):
                continue
            if ph_type(sp) in types:
                found.append(sp)
        return found

    def layout_placeholder(self, element: etree._Element) -> etree._Element | None:
        idx, kind = ph_idx(element), ph_type(element)
        fallback = None
        for sp in self.deck.layout_placeholders(self.layout):
            if ph_idx(sp) == idx and (ph_type(sp) == kind or BASE_TYPE.get(kind) is None):
                return sp
            if (
                BASE_TYPE.get(ph_type(sp), "body") == BASE_TYPE.get(kind, "body")
                and fallback is None
            ):
                fallback = sp
        return fallback

    def chain_for(self, element: etree._Element) -> StyleChain:
        kind = ph_type(element)
        base = BASE_TYPE.get(kind, "body")
        layout_ph = self.layout_placeholder(element)
        master_ph = self.deck.master_placeholder(base)
        style_name = {"title": "titleStyle", "body": "bodyStyle"}.get(base, "otherStyle")
        return StyleChain(
            [
                element.find("./p:txBody/a:lstStyle", NS),
                layout_ph.find("./p:txBody/a:lstStyle", NS) if layout_ph is not None else None,
                master_ph.find("./p:txBody/a:lstStyle", NS) if master_ph is not None else None,
                self.deck.tx_style(style_name),
                self.deck.default_text_style(),
            ]
        )

    def insets_for(self, element: etree._Element) -> tuple[int, int, int, int]:
        layout_ph = self.layout_placeholder(element)
        master_ph = self.deck.master_placeholder(BASE_TYPE.get(ph_type(element), "body"))
        return insets(
            element.find("./p:txBody/a:bodyPr", NS),
            [
                layout_ph.find("./p:txBody/a:bodyPr", NS) if layout_ph is not None else None,
                master_ph.find("./p:txBody/a:bodyPr", NS) if master_ph is not None else None,
            ],
        )

    def effective_box(self, element: etree._Element) -> Box | None:
        for source in (
            element,
            self.layout_placeholder(element),
            self.deck.master_placeholder(BASE_TYPE.get(ph_type(element), "body")),
        ):
            if source is not None:
                box = box_of(source)
                if box is not None:
                    return box
        return None

    def move(self, element: etree._Element, box: Box) -> None:
        sp_pr = element.find("./p:spPr", NS)
        if sp_pr is None:
            sp_pr = etree.SubElement(element, qn("p:spPr"))
        xfrm = sp_pr.find("./a:xfrm", NS)
        if xfrm is not None:
            sp_pr.remove(xfrm)
        xfrm = parse_xml(
            f'<a:xfrm {NSDECL}><a:off x="{box.left}" y="{box.top}"/>'
            f'<a:ext cx="{box.width}" cy="{box.height}"/></a:xfrm>'
        )
        sp_pr.insert(0, xfrm)

    def _fill_placeholder(
        self,
        element: etree._Element,
        paras: Sequence[Para],
        min_size: float,
        box: Box | None = None,
        what: str = "the text",
        anchor: str | None = None,
    ) -> PlacedText:
        if not any(para.text.strip() for para in paras) and ph_type(element) not in (
            "title",
            "ctrTitle",
        ):
            # Nothing to say: the placeholder goes, rather than stay empty on the slide.
            if element.getparent() is not None:
                element.getparent().remove(element)
            return PlacedText(element, Fit(1.0, True, 0.0))
        if not self.is_used(element):
            self.used.append(element)
        self.readable(paras)
        if box is not None:
            self.move(element, box)
        real = self.effective_box(element) or self.deck.body_box
        chain = self.chain_for(element)
        left, top, right, bottom = self.insets_for(element)
        result = fit(
            paras,
            real.width - left - right,
            real.height - top - bottom,
            chain,
            self.deck.fonts,
            min_size=min_size,
        )
        txbody = element.find("./p:txBody", NS)
        if txbody is None:
            txbody = parse_xml(f"<p:txBody {NSDECL}><a:bodyPr/><a:lstStyle/></p:txBody>")
            element.append(txbody)
        body_pr = txbody.find("./a:bodyPr", NS)
        if anchor and body_pr is not None:
            body_pr.set("anchor", anchor)
        set_paragraphs(txbody, paras, self.deck.lang, result.scale, chain, self._links(paras))
        if not result.fits:
            self.deck.warn(
                self.number,
                self.model,
                self.title_text,
                f"{what} does not fit its area even at the smallest allowed size "
                f"({min_size:g} pt); shorten it or split the slide",
            )
        return PlacedText(element, result)

    def _links(self, paras: Sequence[Para]) -> dict[str, str]:
        links = {}
        for para in paras:
            if para.link and para.link not in links:
                links[para.link] = self.slide.part.relate_to(
                    para.link,
                    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
                    is_external=True,
                )
        return links

    # ---------------------------------------------------------------- title

    def set_title(self, text: str, hidden: bool = False, min_size: float = 24.0) -> None:
        """The title, always in a title placeholder: added when the layout has none."""
        self.title_text = text
        self.deck.titles.append(text)
        found = self.placeholders("title", "ctrTitle")
        element = found[0] if found else self._inject_title()
        # The title is what a screen reader announces first.
        self.tree.remove(element)
        self.tree.insert(2, element)
        if hidden:
            element.find("./p:nvSpPr/p:cNvPr", NS).set("hidden", "1")
        self._fill_placeholder(element, [Para.of(text)], min_size, what="the title")

    def _inject_title(self) -> etree._Element:
        master_title = self.deck.master_placeholder("title")
        box = box_of(master_title) if master_title is not None else None
        if box is None:
            box = Box(
                self.deck.body_box.left,
                int(0.05 * self.deck.height),
                self.deck.body_box.width,
                int(0.15 * self.deck.height),
            )
        shape_id = self._next_id()
        element = parse_xml(
            f'<p:sp {NSDECL}><p:nvSpPr><p:cNvPr id="{shape_id}" name="Tittel {shape_id}"/>'
            '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="title"/></p:nvPr>'
            f'</p:nvSpPr><p:spPr><a:xfrm><a:off x="{box.left}" y="{box.top}"/>'
            f'<a:ext cx="{box.width}" cy="{box.height}"/></a:xfrm></p:spPr>'
            "<p:txBody><a:bodyPr/><a:lstStyle/><a:p/></p:txBody></p:sp>"
        )
        self.tree.insert(2, element)
        return element

    def _next_id(self) -> int:
        ids = [int(el.get("id", "0")) for el in self.tree.iter(qn("p:cNvPr"))]
        return max(ids, default=1) + 1

    def title_box(self) -> Box | None:
        for sp in self.tree.iterchildren():
            if ph_type(sp) in ("title", "ctrTitle"):
                return self.effective_box(sp)
        return None

    # ---------------------------------------------------------------- areas

    @property
    def content_box(self) -> Box:
        """Where a slide's content goes: below the title, above the footer."""
        box = self.deck.body_box
        title = self.title_box()
        if title is not None and title.bottom + int(0.1 * INCH) > box.top:
            top = title.bottom + int(0.15 * INCH)
            box = Box(box.left, top, box.width, max(box.bottom - top, int(self.deck.height * 0.3)))
        return box

    def text_area(
        self,
        paras: Sequence[Para],
        box: Box | None = None,
        min_size: float = 14.0,
        use_placeholder: bool = True,
        what: str = "the text",
        anchor: str | None = None,
    ) -> PlacedText:
        """Body text in the layout's next free large text placeholder, or drawn to match."""
        if use_placeholder:
            candidates = self._large_placeholders()
            if candidates:
                return self._fill_placeholder(
                    candidates[0], paras, min_size, box=box, what=what, anchor=anchor
                )
        box = box or self.content_box
        chain = StyleChain(self.deck.body_chain_sources)
        body_ins = self._body_insets()
        return self.textbox(
            box,
            paras,
            chain=chain,
            min_size=min_size,
            lst_style=copy_level_styles(chain),
            ins=body_ins,
            what=what,
            anchor=anchor or "t",
        )

    def _body_insets(self) -> tuple[int, int, int, int]:
        master_body = self.deck.master_placeholder("body")
        return insets(
            master_body.find("./p:txBody/a:bodyPr", NS) if master_body is not None else None
        )

    def _large_placeholders(self) -> list[etree._Element]:
        found = []
        for sp in self.placeholders("body", "obj"):
            ph = ph_of(sp)
            if ph is not None and ph.get("orient") == "vert":
                continue
            box = self.effective_box(sp)
            if box is not None and box.height >= 0.35 * self.deck.height:
                found.append((box.left, box.top, sp))
        return [sp for _, _, sp in sorted(found, key=lambda t: (t[0], t[1]))]

    def small_text(
        self, paras: Sequence[Para], fallback_box: Box, min_size: float = 16.0
    ) -> PlacedText:
        """A subtitle or a section's text line: the layout's own, else drawn."""
        candidates = self.placeholders("subTitle")
        for sp in self.placeholders("body", "obj"):
            box = self.effective_box(sp)
            if box is not None and box.height < 0.35 * self.deck.height:
                candidates.append(sp)
        if candidates:
            return self._fill_placeholder(candidates[0], paras, min_size, what="the subtitle")
        chain = StyleChain(self.deck.body_chain_sources)
        flat = [
            Para(
                runs=p.runs,
                bullet="none",
                size=p.size or 24,
                bold=p.bold,
                colour=p.colour or "tx1",
                align=p.align,
                before=p.before if p.before is not None else 4,
            )
            for p in paras
        ]
        return self.textbox(fallback_box, flat, chain=chain, min_size=min_size)

    # ---------------------------------------------------------------- drawing

    def _target(self, group: GroupShape | None) -> SlideShapes | GroupShapes:
        return group.shapes if group is not None else self.slide.shapes

    def group(self, description: str, name: str = "") -> GroupShape:
        group = self.slide.shapes.add_group_shape()
        c_nv_pr = group._element.find("./p:nvGrpSpPr/p:cNvPr", NS)
        c_nv_pr.set("descr", description)
        if name:
            c_nv_pr.set("name", name)
        return group

    def textbox(
        self,
        box: Box,
        paras: Sequence[Para],
        chain: StyleChain | None = None,
        min_size: float = 12.0,
        lst_style: etree._Element | None = None,
        ins: tuple[int, int, int, int] = (91440, 45720, 91440, 45720),
        what: str = "the text",
        anchor: str = "t",
        group: GroupShape | None = None,
        name: str = "",
        max_scale: float = 1.0,
        warn: bool = True,
        background: str | None = None,
    ) -> PlacedText:
        """A drawn text box; `background` is the fill it sits on, when not the slide's."""
        shapes = self._target(group)
        tb = shapes.add_textbox(Emu(box.left), Emu(box.top), Emu(box.width), Emu(box.height))
        if name:
            tb.name = name
        element = tb._element
        chain = chain or explicit_chain(18)
        if background:
            self.readable(paras, self.deck.colours.get(background, background.lstrip("#")))
        else:
            self.readable(paras)
        result = self._set_text(
            element, box, paras, chain, min_size, lst_style, ins, anchor, max_scale
        )
        if not result.fits and warn:
            self.deck.warn(
                self.number,
                self.model,
                self.title_text,
                f"{what} does not fit its area even at the smallest allowed size "
                f"({min_size:g} pt); shorten it or split the slide",
            )
        return PlacedText(element, result)

    def _set_text(
        self,
        element: etree._Element,
        box: Box,
        paras: Sequence[Para],
        chain: StyleChain,
        min_size: float,
        lst_style: etree._Element | None,
        ins: tuple[int, int, int, int],
        anchor: str,
        max_scale: float = 1.0,
        scale: float | None = None,
        geometry: int = 0,
    ) -> Fit:
        left, top, right, bottom = ins
        if scale is None:
            result = fit(
                paras,
                box.width - left - right - 2 * geometry,
                box.height - top - bottom - 2 * geometry,
                chain,
                self.deck.fonts,
                min_size=min_size,
                max_scale=max_scale,
            )
        else:
            result = Fit(scale, True, 0)
        txbody = element.find("./p:txBody", NS)
        body_pr = txbody.find("./a:bodyPr", NS)
        for name, value in (
            ("wrap", "square"),
            ("lIns", left),
            ("tIns", top),
            ("rIns", right),
            ("bIns", bottom),
            ("rtlCol", "0"),
            ("anchor", anchor),
        ):
            body_pr.set(name, str(value))
        for child in list(body_pr):
            body_pr.remove(child)
        etree.SubElement(body_pr, qn("a:noAutofit"))
        old = txbody.find("./a:lstStyle", NS)
        # The text box carries the styles it was measured with, so it renders as measured.
        new = lst_style if lst_style is not None else copy_level_styles(chain)
        if old is not None:
            txbody.replace(old, new)
        else:
            body_pr.addnext(new)
        set_paragraphs(txbody, paras, self.deck.lang, result.scale, chain, self._links(paras))
        return result

    def shape(
        self,
        kind: MSO_SHAPE,
        box: Box,
        fill: str | None,
        line: str | None = None,
        line_width: float = 0.0,
        paras: Sequence[Para] = (),
        chain: StyleChain | None = None,
        scale: float | None = None,
        min_size: float = 12.0,
        anchor: str = "ctr",
        ins: tuple[int, int, int, int] = (91440, 45720, 91440, 45720),
        group: GroupShape | None = None,
        name: str = "",
        adjustments: Sequence[float] = (),
        dash: bool = False,
        alt: str = "",
    ) -> Shape:
        """An autoshape; `alt` describes it when it has no text (PDF export tags it as a
        figure, which needs alt text)."""
        shapes = self._target(group)
        shape = shapes.add_shape(kind, Emu(box.left), Emu(box.top), Emu(box.width), Emu(box.height))
        if name:
            shape.name = name
        for i, value in enumerate(adjustments):
            shape.adjustments[i] = value
        geometry = 0
        if kind == MSO_SHAPE.ROUNDED_RECTANGLE:
            geometry = round_inset(box, adjustments[0] if adjustments else 0.16667)
        self._style(
            shape._element,
            box,
            fill,
            line,
            line_width,
            dash,
            paras,
            chain,
            scale,
            min_size,
            anchor,
            ins,
            geometry,
        )
        if alt:
            shape._element.find("./p:nvSpPr/p:cNvPr", NS).set("descr", alt)
        return shape

    def polygon(
        self,
        points: Sequence[tuple[float, float]],
        fill: str | None,
        line: str | None = None,
        line_width: float = 0.0,
        group: GroupShape | None = None,
        name: str = "",
        alt: str = "",
    ) -> Shape:
        """A closed freeform: editable point by point in PowerPoint, drawn alike everywhere."""
        shapes = self._target(group)
        builder = shapes.build_freeform(points[0][0], points[0][1])
        builder.add_line_segments(points[1:], close=True)
        shape = builder.convert_to_shape()
        if name:
            shape.name = name
        box = Box(int(shape.left), int(shape.top), int(shape.width), int(shape.height))
        self._style(
            shape._element,
            box,
            fill,
            line,
            line_width,
            False,
            (),
            None,
            None,
            12.0,
            "ctr",
            (0, 0, 0, 0),
        )
        if alt:
            shape._element.find("./p:nvSpPr/p:cNvPr", NS).set("descr", alt)
        return shape

    def _style(
        self,
        element: etree._Element,
        box: Box,
        fill: str | None,
        line: str | None,
        line_width: float,
        dash: bool,
        paras: Sequence[Para],
        chain: StyleChain | None,
        scale: float | None,
        min_size: float,
        anchor: str,
        ins: tuple[int, int, int, int],
        geometry: int = 0,
    ) -> None:
        style = element.find("./p:style", NS)
        if style is not None:
            element.remove(style)
        sp_pr = element.find("./p:spPr", NS)
        if fill:
            sp_pr.append(colour_element(fill))
        else:
            etree.SubElement(sp_pr, qn("a:noFill"))
        ln = etree.SubElement(sp_pr, qn("a:ln"))
        if line:
            ln.set("w", str(int(line_width * 12700)))
            ln.append(colour_element(line))
            if dash:
                etree.SubElement(ln, qn("a:prstDash"), val="dash")
        else:
            etree.SubElement(ln, qn("a:noFill"))
        if paras:
            if element.find("./p:txBody", NS) is None:
                element.append(
                    parse_xml(f"<p:txBody {NSDECL}><a:bodyPr/><a:lstStyle/><a:p/></p:txBody>")
                )
            result = self._set_text(
                element,
                box,
                paras,
                chain or explicit_chain(18),
                min_size,
                None,
                ins,
                anchor,
                scale=scale,
                geometry=geometry,
            )
            if scale is None and not result.fits:
                self.deck.warn(
                    self.number,
                    self.model,
                    self.title_text,
                    f"a shape's text does not fit even at {min_size:g} pt; shorten it",
                )

    def picture(
        self,
        image: Path | bytes,
        box: Box,
        alt: str,
        group: GroupShape | None = None,
        align: str = "ctr",
        valign: str = "ctr",
    ) -> Picture:
        """A picture scaled to fit inside `box`, keeping its proportions, with alt text."""
        from PIL import Image as PILImage

        data = image if isinstance(image, bytes) else image.read_bytes()
        with PILImage.open(io.BytesIO(data)) as img:
            px_w, px_h = img.size
        ratio = min(box.width / px_w, box.height / px_h)
        width, height = int(px_w * ratio), int(px_h * ratio)
        left = box.left + {"l": 0, "ctr": (box.width - width) // 2, "r": box.width - width}[align]
        top = (
            box.top + {"t": 0, "ctr": (box.height - height) // 2, "b": box.height - height}[valign]
        )
        shapes = self._target(group)
        pic = shapes.add_picture(io.BytesIO(data), Emu(left), Emu(top), Emu(width), Emu(height))
        c_nv_pr = pic._element.find("./p:nvPicPr/p:cNvPr", NS)
        c_nv_pr.set("descr", alt)
        c_nv_pr.set("name", f"Bilete {c_nv_pr.get('id')}")
        return pic

    def line(
        self,
        x1: int,
        y1: int,
        x2: int,
        y2: int,
        colour: str,
        width: float,
        group: GroupShape | None = None,
        arrow: bool = False,
    ) -> None:
        from pptx.enum.shapes import MSO_CONNECTOR

        shapes = self._target(group)
        connector = shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Emu(x1), Emu(y1), Emu(x2), Emu(y2))
        element = connector._element
        style = element.find("./p:style", NS)
        if style is not None:
            element.remove(style)
        sp_pr = element.find("./p:spPr", NS)
        ln = etree.SubElement(sp_pr, qn("a:ln"), w=str(int(width * 12700)))
        ln.append(colour_element(colour))
        if arrow:
            etree.SubElement(ln, qn("a:tailEnd"), type="triangle", w="med", len="med")

    # ---------------------------------------------------------------- notes and finishing

    def add_notes(self, text: str) -> None:
        if text.strip():
            self.notes_parts.append(text.strip())

    def finish(self) -> None:
        self._remove_unused_placeholders()
        self._describe_textless_shapes()
        if self.show_footer:
            self._footer()
        self._notes()
        set_language(self.tree, self.deck.lang)

    def _describe_textless_shapes(self) -> None:
        """A shape without text is a figure to a screen reader: it needs alt text."""
        for sp in self.tree.iter(qn("p:sp"), qn("p:cxnSp")):
            c_nv_pr = sp.find("./*/p:cNvPr", NS)
            if c_nv_pr is None or c_nv_pr.get("descr") or ph_of(sp) is not None:
                continue
            text = "".join(t.text or "" for t in sp.iter(qn("a:t")))
            if not text.strip():
                c_nv_pr.set("descr", c_nv_pr.get("name", "") or "Figur")

    def _remove_unused_placeholders(self) -> None:
        for sp in list(self.tree.iterchildren()):
            if ph_of(sp) is None or self.is_used(sp):
                continue
            self.tree.remove(sp)

    def _footer(self) -> None:
        layout_types = {ph_type(sp): sp for sp in self.deck.layout_placeholders(self.layout)}
        chain_12 = explicit_chain(12)
        for kind, text in (("ftr", self.deck.footer), ("sldNum", str(self.number))):
            layout_ph = layout_types.get(kind)
            if layout_ph is not None:
                ph = ph_of(layout_ph)
                assert ph is not None
                attrs = f'type="{kind}"'
                if ph.get("sz"):
                    attrs += f' sz="{ph.get("sz")}"'
                attrs += f' idx="{ph.get("idx", "0")}"'
                shape_id = self._next_id()
                name = "Bunntekst" if kind == "ftr" else "Lysbildenummer"
                element = parse_xml(
                    f'<p:sp {NSDECL}><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name} {shape_id}"/>'
                    '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
                    f"<p:nvPr><p:ph {attrs}/></p:nvPr></p:nvSpPr><p:spPr/>"
                    "<p:txBody><a:bodyPr/><a:lstStyle/></p:txBody></p:sp>"
                )
                self.tree.append(element)
            else:
                master_ph = self.deck.master_placeholder(kind)
                box = box_of(master_ph) if master_ph is not None else None
                if box is None:
                    margin = self.deck.body_box.left
                    if kind == "ftr":
                        box = Box(
                            margin,
                            self.deck.height - int(0.5 * INCH),
                            int(self.deck.width * 0.6),
                            int(0.34 * INCH),
                        )
                    else:
                        box = Box(
                            self.deck.width - margin - int(1.2 * INCH),
                            self.deck.height - int(0.5 * INCH),
                            int(1.2 * INCH),
                            int(0.34 * INCH),
                        )
                drawn = Para.of(
                    text, bullet="none", size=12, colour="tx1", align="l" if kind == "ftr" else "r"
                )
                placed = self.textbox(
                    box,
                    [drawn],
                    chain=chain_12,
                    ins=(0, 0, 0, 0),
                    anchor="ctr",
                    name="Bunntekst" if kind == "ftr" else "Lysbildenummer",
                    warn=False,
                )
                element = placed.shape_element
                if kind == "ftr":
                    continue
            txbody = element.find("./p:txBody", NS)
            for old in txbody.findall("./a:p", NS):
                txbody.remove(old)
            # LibreOffice ignores the master's footer styles: spell them out on the run, as
            # the template defines them, so both programs show the designer's footer.
            if layout_ph is not None:
                ppr, rpr = self._explicit_format(element)
            else:
                ppr = '<a:pPr algn="r"/>'
                rpr = (
                    f' sz="1200"><a:solidFill><a:schemeClr val="{drawn.colour}"/></a:solidFill>'
                    "</a:rPr>"
                )
            lang = self.deck.lang
            if kind == "ftr":
                txbody.append(
                    parse_xml(
                        f'<a:p {NSDECL}>{ppr}<a:r><a:rPr lang="{lang}" dirty="0"{rpr}'
                        f"<a:t>{_xml_text(text)}</a:t></a:r></a:p>"
                    )
                )
            else:
                txbody.append(
                    parse_xml(
                        f'<a:p {NSDECL}>{ppr}<a:fld id="{SLIDENUM_FIELD_ID}" type="slidenum">'
                        f'<a:rPr lang="{lang}" dirty="0"{rpr}<a:t>{text}</a:t></a:fld></a:p>'
                    )
                )

    def _explicit_format(self, element: etree._Element) -> tuple[str, str]:
        """(pPr, rest of rPr) spelling out a placeholder's inherited first-level style."""
        chain = self.chain_for(element)
        algn = None
        def_rpr = None
        for source in chain.sources:
            lvl = source.find("a:lvl1pPr", NS)
            if lvl is None:
                continue
            if algn is None and lvl.get("algn"):
                algn = lvl.get("algn")
            if def_rpr is None:
                def_rpr = lvl.find("a:defRPr", NS)
        ppr = f'<a:pPr algn="{algn}"/>' if algn else ""
        if def_rpr is None:
            return ppr, "/>"
        attrs = "".join(
            f' {name}="{def_rpr.get(name)}"' for name in ("sz", "b", "i") if def_rpr.get(name)
        )
        children = "".join(
            etree.tostring(child, encoding="unicode")
            for child in def_rpr
            if etree.QName(child).localname in ("solidFill", "latin")
        )
        return ppr, f"{attrs}>{children}</a:rPr>" if children else f"{attrs}/>"

    def _notes(self) -> None:
        if not self.notes_parts:
            return
        frame = self.deck.adder.notes_slide(self.slide).notes_text_frame
        if frame is None:
            return
        txbody = frame._txBody
        paras = []
        for part in self.notes_parts:
            for line in part.split("\n"):
                paras.append(Para.of(line.rstrip(), bullet="none"))
        set_paragraphs(txbody, paras, self.deck.lang, 1.0, explicit_chain(12))
        set_language(self.slide.notes_slide.shapes._spTree, self.deck.lang)


def luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def set_language(tree: etree._Element, lang: str) -> None:
    """Every run, field and paragraph end carries the deck's language."""
    for run in tree.iter(qn("a:r"), qn("a:fld")):
        if run.find(qn("a:rPr")) is None:
            run.insert(0, etree.Element(qn("a:rPr")))
    for rpr in tree.iter(qn("a:rPr"), qn("a:endParaRPr")):
        rpr.set("lang", lang)
