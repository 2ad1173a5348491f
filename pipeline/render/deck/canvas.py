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
from pptx.presentation import Presentation as PresentationType
from pptx.shapes.autoshape import Shape
from pptx.shapes.group import GroupShape
from pptx.shapes.picture import Picture
from pptx.shapes.shapetree import GroupShapes, SlideShapes
from pptx.slide import Slide as PptxSlide
from pptx.slide import SlideLayout
from pptx.util import Emu

from pipeline.checks.contrast import hex_contrast as contrast
from pipeline.errors import Diagnostic
from pipeline.model.types import Malform
from pipeline.model.types import Slide as SlideModel
from pipeline.model.words import word
from pipeline.ooxml import drawingml as dml
from pipeline.ooxml.drawingml import DEFAULT_INSETS, NS, NSDECL, Insets
from pipeline.ooxml.slides import (
    SLIDENUM_FIELD_ID,
    Inheritance,
    background_colour,
    body_properties,
    list_style,
    ph_idx,
    ph_of,
    ph_type,
    placeholder_shapes,
    undescribed_figures,
)
from pipeline.ooxml.theme import SCHEME_SLOTS, scheme_colours
from pipeline.ooxml.units import EMU_PER_INCH, emu_from_pt
from pipeline.render.deck import clearance, footers, legibility
from pipeline.render.deck.keys import unique_key, write_key
from pipeline.render.deck.layouts import KIND_ROLE, Box, LayoutChoice, Role
from pipeline.render.deck.looks import inject_title, tiny
from pipeline.render.deck.speed import SlideAdder
from pipeline.render.deck.text import (
    Fit,
    Fonts,
    LevelStyle,
    Para,
    StyleChain,
    explicit_chain,
    fit,
    readable_on,
    set_paragraphs,
    write_notes,
)
from pipeline.render.deck.unfit import too_wide, unfit_warning

# kinds.py and diagrams.py measure in inches and write XML with these namespaces.
INCH = EMU_PER_INCH
__all__ = ["INCH", "NSDECL", "Deck", "PlacedText", "SlideCanvas", "round_inset"]


def box_of(element: etree._Element) -> Box | None:
    xfrm = dml.read_xfrm(element)
    return Box(*xfrm) if xfrm is not None else None


def round_inset(box: Box, adjustment: float) -> int:
    """How far a rounded rectangle's text area sits inside its box, per side (DrawingML's
    roundRect: the corner radius times 1 - 1/sqrt 2)."""
    return int(min(box.width, box.height) * adjustment * 0.29289)


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
        malform: Malform,
    ) -> None:
        self.prs = prs
        self.layouts = layouts
        self.fonts = fonts
        self.lang = lang
        self.malform = malform
        self.footer = footer
        self.width = int(prs.slide_width or 12192000)
        self.height = int(prs.slide_height or 6858000)
        self.master = prs.slide_master
        self.inherit = Inheritance(self.master._element, prs.part._element)
        self.diagnostics: list[Diagnostic] = []
        self.count = 0
        self.titles: list[str] = []
        self.body_box = self._body_box()
        self.body_chain_sources = self._body_chain_sources()
        self.colours = self._theme_colours()
        self.adder = SlideAdder(prs)
        self.keys: dict[str, int] = {}  # the slide keys given so far (render/deck/keys.py)
        # A designer's mapping file may give one slide kind its own layout (deck/mapping.py).
        self.kind_layouts: dict[str, LayoutChoice] = {}

    # ---------------------------------------------------------------- colours

    def _theme_colours(self) -> dict[str, str]:
        """Scheme colour name (as slides use them: tx1, bg2, accent1) to RRGGBB."""
        root = self.theme = legibility.theme_of(self.master.part)
        found = {name: value.upper() for name, value in scheme_colours(root).items()}
        mapping = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}
        clr_map = self.master._element.find("./p:clrMap", NS)
        if clr_map is not None:
            mapping.update({key: clr_map.get(key, value) for key, value in mapping.items()})
        defaults = {"dk1": "000000", "lt1": "FFFFFF", "dk2": "1F497D", "lt2": "EEECE1"}
        colours = {name: found.get(name, defaults.get(name, "808080")) for name in SCHEME_SLOTS}
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

    def master_placeholder(self, base: str) -> etree._Element | None:
        return self.inherit.master_placeholder(base)

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
        # Keep clear of the footer zone (a footer box at the bottom; not one up a side edge).
        footer = self.master_placeholder("ftr")
        footer_box = box_of(footer) if footer is not None else None
        if footer_box is not None and footer_box.top > self.height // 2:
            limit = footer_box.top - int(0.08 * INCH)
        else:
            limit = int(self.height * 0.92)
        if box.bottom > limit:
            box = Box(box.left, box.top, box.width, max(limit - box.top, int(self.height * 0.3)))
        return box

    def _body_chain_sources(self) -> list[etree._Element | None]:
        """The list styles a content placeholder inherits: what drawn body text copies."""
        content = self.layouts["content"].layout
        sources: list[etree._Element | None] = []
        for large in content.large_texts[:1]:
            for sp in placeholder_shapes(content.layout._element.cSld.spTree):
                if ph_idx(sp) == large.idx:
                    sources.append(list_style(sp))
        sources.append(list_style(self.master_placeholder("body")))
        sources += [self.inherit.text_style("bodyStyle"), self.inherit.default_text_style()]
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
        if role == KIND_ROLE.get(model.kind) and model.kind in deck.kind_layouts:
            self.choice = deck.kind_layouts[model.kind]
        self.layout: SlideLayout = self.choice.layout.layout
        self.slide: PptxSlide = deck.adder.add_slide(self.layout)
        deck.count += 1
        self.number = deck.count
        # The placeholder elements in use; holding them keeps lxml's proxies (and identity).
        self.used: list[etree._Element] = []
        self.title_text = ""
        self.notes_parts: list[str] = []
        self.show_footer = role != "title"
        # A layout of a second slide master inherits from that master, not the first.
        self.master = self.layout.slide_master._element
        same = self.master is deck.master._element
        self.inherit = deck.inherit if same else Inheritance(self.master, deck.prs.part._element)
        self.background = self._background()
        artwork = footers.artwork_boxes(self.layout._element, self.master)
        self.artwork = clearance.logos(artwork, deck.width, deck.height)  # no background
        self.logos = [box for _, box in self.artwork]
        self.may_hide = clearance.may_hide(artwork, deck.width, deck.height)

    # ---------------------------------------------------------------- colours

    def _background(self) -> str:
        """The slide's background colour (RRGGBB), from its layout or else the master."""
        for owner in (self.layout._element, self.master):
            colour = background_colour(owner, self.deck.colours)
            if colour is not None:
                return colour
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
        return [
            sp
            for sp in placeholder_shapes(self.tree)
            if not self.is_used(sp) and ph_type(sp) in types
        ]

    def chain_for(self, element: etree._Element) -> StyleChain:
        return StyleChain(self.inherit.list_styles(self.layout._element, element))

    def insets_for(self, element: etree._Element) -> Insets:
        return self.inherit.insets(self.layout._element, element)

    def effective_box(self, element: etree._Element) -> Box | None:
        xfrm = self.inherit.xfrm(self.layout._element, element)
        return Box(*xfrm) if xfrm is not None else None

    def _cleared(self, element: etree._Element) -> Box | None:
        """The placeholder's box cut off logos and the boxes filled before it, if it must be."""
        own = self.effective_box(element)
        filled = [self.effective_box(sp) for sp in self.used if sp is not element]
        cleared = own and clearance.clear(own, self.logos, [b for b in filled if b])
        return cleared if cleared != own else None

    def move(self, element: etree._Element, box: Box) -> None:
        dml.set_xfrm(element, box.left, box.top, box.width, box.height)

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
        box = box or self._cleared(element)
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
        txbody = dml.ensure_text_body(element)
        body_pr = txbody.find("./a:bodyPr", NS)
        if anchor and body_pr is not None:
            body_pr.set("anchor", anchor)
        set_paragraphs(txbody, paras, self.deck.lang, result.scale, chain, self._links(paras))
        if not result.fits:
            self._warn_too_long(what, min_size, result.word)
        return PlacedText(element, result)

    def _warn(self, message: str) -> None:
        self.deck.warn(self.number, self.model, self.title_text, message)

    def _warn_too_long(self, what: str, min_size: float, wide: str | None = None) -> None:
        if wide:
            self.warn_unfit(*too_wide(wide, what, min_size))
            return
        problem = f"{what} does not fit its area even at the smallest allowed size"
        problem += f" ({min_size:g} pt)"
        self.warn_unfit(problem, "shorten it or split the slide")

    def warn_unfit(self, problem: str, own_fix: str) -> None:
        """Text that does not fit, with the fix for this slide (see `unfit`)."""
        warning = unfit_warning(self.number, self.model, self.title_text, problem, own_fix)
        self.deck.diagnostics.append(warning)

    def _links(self, paras: Sequence[Para]) -> dict[str, str]:
        links = {}
        for para in paras:
            if para.link and para.link not in links:
                links[para.link] = self.slide.part.relate_to(
                    para.link, dml.HYPERLINK, is_external=True
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
            dml.non_visual_properties(element).set("hidden", "1")
        para = Para.of(text)
        if not found and self.choice.looked_title is not None:
            # The master's title colour was made for its own slides, not this layout's fill.
            para.colour = "tx1"
        self._fill_placeholder(element, [para], min_size, what="the title")

    def _inject_title(self) -> etree._Element:
        master_title = self.inherit.master_placeholder("title")
        box = box_of(master_title) if master_title is not None else None
        deck, looked = self.deck, self.choice.looked_title
        top, tall = int(0.05 * deck.height), int(0.15 * deck.height)
        box = box or Box(deck.body_box.left, top, deck.body_box.width, tall)
        return inject_title(self.tree, looked, box, word("shape_title", deck.malform))

    def title_box(self) -> Box | None:
        for sp in self.tree.iterchildren():
            if ph_type(sp) in ("title", "ctrTitle"):
                return self.effective_box(sp)
        return None

    # ---------------------------------------------------------------- areas

    @property
    def content_box(self) -> Box:
        """Where a slide's content goes: below the title, above the footer."""
        box = clearance.content_area(self.deck.body_box, self.logos, self.may_hide)
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
            lst_style=dml.merge_list_styles(chain.sources),
            ins=body_ins,
            what=what,
            anchor=anchor or "t",
        )

    def _body_insets(self) -> Insets:
        return dml.body_insets(body_properties(self.inherit.master_placeholder("body")))

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
        size = (self.deck.width, self.deck.height)
        candidates = [
            sp for sp in self.placeholders("subTitle") if not tiny(self.effective_box(sp), *size)
        ]
        for sp in self.placeholders("body", "obj"):
            box = self.effective_box(sp)
            if box is not None and box.height < 0.35 * self.deck.height and not tiny(box, *size):
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
        zone = footers.footer_zone(self.layout._element, self.inherit.master_placeholder)
        cleared = clearance.clear(fallback_box, self.logos, zone)
        return self.textbox(cleared, flat, chain=chain, min_size=min_size)

    # ---------------------------------------------------------------- drawing

    def _target(self, group: GroupShape | None) -> SlideShapes | GroupShapes:
        return group.shapes if group is not None else self.slide.shapes

    def group(self, description: str, name: str = "") -> GroupShape:
        group = self.slide.shapes.add_group_shape()
        c_nv_pr = dml.non_visual_properties(group._element)
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
        ins: Insets = DEFAULT_INSETS,
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
            self._warn_too_long(what, min_size, result.word)
        return PlacedText(element, result)

    def _set_text(
        self,
        element: etree._Element,
        box: Box,
        paras: Sequence[Para],
        chain: StyleChain,
        min_size: float,
        lst_style: etree._Element | None,
        ins: Insets,
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
        dml.set_body_properties(txbody, ins, anchor)
        # The text box carries the styles it was measured with, so it renders as measured.
        dml.set_list_style(
            txbody, lst_style if lst_style is not None else dml.merge_list_styles(chain.sources)
        )
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
        ins: Insets = DEFAULT_INSETS,
        group: GroupShape | None = None,
        name: str = "",
        adjustments: Sequence[float] = (),
        dash: bool = False,
        alt: str = "",
    ) -> Shape:
        """An autoshape; `alt` describes it when it has no text (PDF export tags it as a
        figure, which needs alt text)."""
        shapes = self._target(group)
        width, height = Emu(max(box.width, 0)), Emu(max(box.height, 0))  # none below 0 in OOXML
        shape = shapes.add_shape(kind, Emu(box.left), Emu(box.top), width, height)
        if name:
            shape.name = name
        for i, value in enumerate(adjustments):
            shape.adjustments[i] = value
        self._paint(shape._element, fill, line, line_width, dash)
        if paras:
            paras = readable_on(paras, fill, self.deck.colours) if fill else paras
            geometry = 0
            if kind == MSO_SHAPE.ROUNDED_RECTANGLE:
                geometry = round_inset(box, adjustments[0] if adjustments else 0.16667)
            dml.ensure_text_body(shape._element, paragraph=True)
            chain = chain or explicit_chain(18)
            result = self._set_text(
                shape._element, box, paras, chain, min_size, None, ins, anchor, 1.0, scale, geometry
            )
            if scale is None and not result.fits and result.word:
                self._warn_too_long("a shape's text", min_size, result.word)
            elif scale is None and not result.fits:
                problem = f"a shape's text does not fit even at {min_size:g} pt"
                self.warn_unfit(problem, "shorten it")
        if alt:
            dml.set_description(shape._element, alt)
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
        self._paint(shape._element, fill, line, line_width)
        if alt:
            dml.set_description(shape._element, alt)
        return shape

    def _paint(
        self,
        element: etree._Element,
        fill: str | None,
        line: str | None,
        line_width: float,
        dash: bool = False,
    ) -> None:
        """Fill and outline as given, in place of the theme's shape style."""
        dml.drop_style(element)
        sp_pr = element.find("./p:spPr", NS)
        dml.add_fill(sp_pr, fill)
        dml.add_outline(sp_pr, line, emu_from_pt(line_width), dash=dash)

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
        c_nv_pr = dml.non_visual_properties(pic._element)
        c_nv_pr.set("descr", alt)
        name = word("shape_picture", self.deck.malform)
        c_nv_pr.set("name", f"{name} {c_nv_pr.get('id')}")
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
        dml.drop_style(element)
        dml.add_outline(element.find("./p:spPr", NS), colour, emu_from_pt(width), arrow=arrow)

    # ---------------------------------------------------------------- notes and finishing

    def add_notes(self, text: str) -> None:
        if text.strip():
            self.notes_parts.append(text.strip())

    def finish(self) -> None:
        self._remove_unused_placeholders()
        for c_nv_pr in undescribed_figures(self.tree):
            # A shape without text is a figure to a screen reader: it needs alt text.
            c_nv_pr.set("descr", c_nv_pr.get("name", "") or "Figur")
        if self.show_footer:
            self._footer()
        scrim, master = word("shape_scrim", self.deck.malform), self.deck.master
        for problem in legibility.keep_readable(
            self.slide, self.layout, master, self.deck.theme, self.deck.prs, scrim
        ):
            self._warn(problem)
        texts = footers.text_boxes(self.tree, self.effective_box)
        if self.may_hide and clearance.hide_if_covered(self.slide._element, texts, self.logos):
            self.artwork = []
        self.deck.diagnostics += footers.covered(self.choice.layout.name, texts, self.artwork)
        self._notes()
        dml.set_language(self.tree, self.deck.lang)
        write_key(self.slide._element, self.tree, unique_key(self.model, self.deck.keys))

    def _remove_unused_placeholders(self) -> None:
        for sp in placeholder_shapes(self.tree):
            if not self.is_used(sp):
                self.tree.remove(sp)

    def _footer(self) -> None:
        """The footer text and the slide number: in the layout's placeholders for them, else
        drawn where the master has them; left out where the box is too narrow (footers.py)."""
        layout_types = {
            ph_type(sp): sp for sp in self.inherit.layout_placeholders(self.layout._element)
        }
        for kind, text in (("ftr", self.deck.footer), ("sldNum", str(self.number))):
            layout_ph = layout_types.get(kind)
            if layout_ph is not None:
                element = footers.footer_placeholder(self.tree, kind, layout_ph)
                # LibreOffice ignores the master's footer styles: spell them out on the run,
                # as the template defines them, so both programs show the designer's footer.
                chain = self.chain_for(element)
                align, attrs, children = dml.first_level_format(chain.sources)
                size = self._footer_fits(kind, text, element, chain.level(0))
                if size is None:
                    self.tree.remove(element)
                    continue
                attrs = footers.with_size(attrs, size, chain.level(0).size)
            else:
                box = self._footer_box(kind)
                if any(clearance.crosses(box, art) for art in self.logos):
                    continue  # drawn where the master has it, it would cover this layout's art
                if self._footer_fits(kind, text, None, explicit_chain(12).level(0), box) is None:
                    continue
                element, colour = self._drawn_footer(kind, text)
                if kind == "ftr":
                    continue
                align, attrs, children = "r", [("sz", "1200")], dml.scheme_fill_xml(colour)
            txbody = element.find("./p:txBody", NS)
            dml.remove_paragraphs(txbody)
            field = (SLIDENUM_FIELD_ID, "slidenum") if kind == "sldNum" else None
            txbody.append(
                dml.one_run_paragraph(text, self.deck.lang, align, attrs, children, field)
            )

    def _footer_fits(
        self,
        kind: str,
        text: str,
        element: etree._Element | None,
        style: LevelStyle,
        box: Box | None = None,
    ) -> float | None:
        """The size for `text` in the footer placeholder `element` (or drawn in `box`), or
        None, with one warning for this layout, when the box is too narrow (footers.py)."""
        insets, vertical = (0, 0, 0, 0), False
        if element is not None:
            box, insets = self.effective_box(element), self.insets_for(element)
            sources = self.inherit.sources(self.layout._element, element)
            vertical = footers.is_vertical(body_properties(e) for e in (element, *sources))
        size = footers.footer_size(text, box, insets, vertical, style, self.deck.fonts)
        if size is None:
            warning = footers.left_out(self.choice.layout.name, kind, box, vertical)
            self.deck.diagnostics.append(warning)
        return size

    def _drawn_footer(self, kind: str, text: str) -> tuple[etree._Element, str]:
        """A text box for the footer or slide number, and the colour its text got."""
        drawn = Para.of(
            text, bullet="none", size=12, colour="tx1", align="l" if kind == "ftr" else "r"
        )
        placed = self.textbox(
            self._footer_box(kind),
            [drawn],
            chain=explicit_chain(12),
            ins=(0, 0, 0, 0),
            anchor="ctr",
            name=word("shape_footer" if kind == "ftr" else "shape_slide_number", self.deck.malform),
            warn=False,
        )
        return placed.shape_element, str(drawn.colour)

    def _footer_box(self, kind: str) -> Box:
        deck, master_ph = self.deck, self.inherit.master_placeholder(kind)
        return footers.drawn_box(master_ph, kind, deck.body_box.left, deck.width, deck.height)

    def _notes(self) -> None:
        if self.notes_parts:
            write_notes(self.deck.adder.notes_slide(self.slide), self.notes_parts, self.deck.lang)
