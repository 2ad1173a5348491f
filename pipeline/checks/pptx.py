"""The deck: language of every run, alt text, slide titles and the reading order, and the
contrast of every text against what is painted behind it on the slide."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from lxml import etree

from pipeline.checks.branding import Branding, no_branding
from pipeline.checks.checker import Checker
from pipeline.checks.contrast import RGB, WHITE, Contrast
from pipeline.checks.drawing import DrawingColours, colour_map
from pipeline.checks.findings import Findings, snippet
from pipeline.checks.office import (
    NS,
    A,
    Element,
    alt_problem,
    blame_paints,
    check_core,
    is_decorative,
    local_name,
    q,
    template_palette,
)
from pipeline.checks.paint import NO_PAINT, ContrastLog, Paint, judge, over
from pipeline.checks.pptx_shapes import Shape, flatten, placeholder_of, text_of, xfrm_box
from pipeline.errors import Diagnostic
from pipeline.ooxml.package import (
    RT_NOTES,
    RT_SLIDE_LAYOUT,
    RT_SLIDE_MASTER,
    RT_THEME,
    Package,
)

_TITLE_TYPES = ("title", "ctrTitle")
_FOOTER_TYPES = ("dt", "ftr", "sldNum", "hdr")
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
class _Source:
    """One step of a run's inheritance: a list style, or a shape style's font colour."""

    el: Element | None
    origin: str
    part: str  # output or template
    fontref: bool = False
    paint: Paint | None = None  # a table style's text colour


class PptxChecker(Checker):
    def __init__(
        self, path: Path, tag: str, template: Path, branding: Branding, findings: Findings
    ) -> None:
        super().__init__(path, tag, template, branding, findings)
        self.package = Package(path)
        self.palette = template_palette(template)
        self.template_theme: dict[str, RGB] = {}
        if template.is_file():
            try:
                tpl = Package(template)
                pres = tpl.xml("ppt/presentation.xml")
                master = (
                    tpl.related("ppt/presentation.xml", RT_SLIDE_MASTER)
                    if pres is not None
                    else None
                )
                theme = tpl.related(master, RT_THEME) if master else None
                if theme:
                    self.template_theme = DrawingColours(tpl.xml(theme), {}).theme
            except (zipfile.BadZipFile, etree.XMLSyntaxError, ValueError):
                self.template_theme = {}

    # ------------------------------------------------------------------ run

    def run(self) -> None:
        package = self.package
        check_core(package, self.tag, self.path, self.findings, "deck")
        pres = package.xml("ppt/presentation.xml")
        if pres is None:
            raise ValueError("it has no ppt/presentation.xml")
        size = pres.find("p:sldSz", NS)
        self.slide_w = float(size.get("cx", "12192000")) if size is not None else 12192000.0
        self.slide_h = float(size.get("cy", "6858000")) if size is not None else 6858000.0
        self.default_style = pres.find("p:defaultTextStyle", NS)
        ids = {rid: target for rid, kind, target in package.rels("ppt/presentation.xml")}
        slides = [
            ids[el.get(q("r", "id"))]
            for el in pres.iterfind("p:sldIdLst/p:sldId", NS)
            if el.get(q("r", "id")) in ids
        ]
        self.checked_layouts: set[str] = set()
        self.contrast = ContrastLog()
        for number, slide in enumerate(slides, start=1):
            self._slide(number, slide)
        self.contrast.flush(self.findings)

    # ------------------------------------------------------------------ one slide

    def _slide(self, number: int, name: str) -> None:
        package = self.package
        slide = package.xml(name)
        if slide is None:
            return
        layout_name = package.related(name, RT_SLIDE_LAYOUT) or ""
        layout = package.xml(layout_name) if layout_name else None
        master_name = package.related(layout_name, RT_SLIDE_MASTER) if layout_name else None
        master = package.xml(master_name) if master_name else None
        theme_name = package.related(master_name, RT_THEME) if master_name else None
        theme = package.xml(theme_name) if theme_name else None

        clr_map = colour_map(master.find("p:clrMap", NS) if master is not None else None)
        for holder in (layout, slide):
            if holder is not None:
                override = holder.find("p:clrMapOvr/a:overrideClrMapping", NS)
                if override is not None:
                    clr_map = colour_map(override)
        colours = DrawingColours(theme, clr_map)
        layout_title = ""
        if layout is not None:
            c_sld = layout.find("p:cSld", NS)
            layout_title = c_sld.get("name", "") if c_sld is not None else ""
        self.ctx = _SlideContext(
            number=number,
            slide=slide,
            layout=layout,
            master=master,
            colours=colours,
            layout_name=layout_title or PurePosixPath(layout_name).stem,
        )
        shapes = flatten(slide.find("p:cSld/p:spTree", NS), "slide")
        show_layout = slide.get("showMasterSp", "1") in ("1", "true")
        show_master = show_layout and (
            layout is None or layout.get("showMasterSp", "1") in ("1", "true")
        )
        layout_shapes = (
            [s for s in flatten(layout.find("p:cSld/p:spTree", NS), "layout") if s.ph is None]
            if layout is not None and show_layout
            else []
        )
        master_shapes = (
            [s for s in flatten(master.find("p:cSld/p:spTree", NS), "master") if s.ph is None]
            if master is not None and show_master
            else []
        )
        for shape in shapes:
            if shape.box is None and shape.ph is not None:
                shape.box = self._inherited_box(shape.ph)
        place = ("slide", str(number))
        self._check_title(shapes, place)
        self._check_alt_text(shapes, place, self.path, "")
        self._check_alt_text(
            layout_shapes + master_shapes,
            place,
            self.template,
            f"slide layout {self.ctx.layout_name!r}: ",
        )
        self._check_language(slide, place, self.path, "")
        notes = package.related(name, RT_NOTES)
        notes_xml = package.xml(notes) if notes else None
        if notes_xml is not None:
            self._check_language(notes_xml, ("speaker notes of slide", str(number)), self.path, "")
        below_template = list(master_shapes) + list(layout_shapes)
        if layout_name not in self.checked_layouts:
            # The template's own visible text (a kommune name, say), once per layout.
            self.checked_layouts.add(layout_name)
            for position, shape in enumerate(below_template):
                self._check_language(
                    shape.el, place, self.template, f"slide layout {self.ctx.layout_name!r}: "
                )
                self._shape_contrast(shape, below_template[:position])
        for position, shape in enumerate(shapes):
            self._shape_contrast(shape, below_template + shapes[:position])

    def _inherited_box(self, ph: tuple[str, int]) -> tuple[float, float, float, float] | None:
        layout_ph = self._layout_placeholder(ph)
        if layout_ph is not None:
            box = xfrm_box(layout_ph)
            if box is not None:
                return box
        master_ph = self._master_placeholder(ph)
        return xfrm_box(master_ph) if master_ph is not None else None

    def _layout_placeholder(self, ph: tuple[str, int]) -> Element | None:
        layout = self.ctx.layout
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
                    or (kind in _TITLE_TYPES and other[0] in _TITLE_TYPES)
                )
            ):
                return sp
        for sp, other in candidates:
            if other is not None and (
                other[0] == kind or (kind in _TITLE_TYPES and other[0] in _TITLE_TYPES)
            ):
                return sp
        return None

    def _master_placeholder(self, ph: tuple[str, int]) -> Element | None:
        master = self.ctx.master
        if master is None:
            return None
        kind = ph[0]
        wanted = "title" if kind in _TITLE_TYPES else kind if kind in _FOOTER_TYPES else "body"
        for sp in master.iterfind("p:cSld/p:spTree/*", NS):
            other = placeholder_of(sp)
            if other is not None and other[0] == wanted:
                return sp
        return None

    # ------------------------------------------------------------------ titles, alt text

    def _check_title(self, shapes: list[Shape], place: tuple[str, str]) -> None:
        titles = [s for s in shapes if s.ph is not None and s.ph[0] in _TITLE_TYPES]
        if not any(text_of(s.el) for s in titles):
            first = next((text_of(s.el) for s in shapes if text_of(s.el)), "")
            shown = f" (it begins {snippet(first)!r})" if first else ""
            findings_message = (
                "a slide has no title placeholder with text"
                if not titles
                else "a slide's title placeholder is empty"
            )
            self.findings.add(
                "error",
                f"{findings_message}{shown}: screen readers and the slide list need one",
                file=self.path,
                hint="a slide without a visible title gets a hidden title placeholder",
                place=place,
            )
            return
        readable = [
            s
            for s in shapes
            if s.kind != "cxnSp"
            and not is_decorative(s.el.find("./*/p:cNvPr", NS))
            and (s.kind != "sp" or text_of(s.el))
        ]
        if readable and readable[0] not in titles:
            self.findings.add(
                "warning",
                "the title is not first in the reading order, so screen readers read "
                f"{snippet(text_of(readable[0].el) or readable[0].name)!r} before it",
                file=self.path,
                hint="draw the title placeholder first (first in the slide's shape tree)",
                place=place,
            )

    def _check_alt_text(
        self, shapes: list[Shape], place: tuple[str, str], file: Path, prefix: str
    ) -> None:
        for shape in shapes:
            if shape.kind == "pic":
                what = "a picture"
            elif shape.kind == "graphicFrame":
                data = shape.el.find("a:graphic/a:graphicData", NS)
                uri = data.get("uri", "") if data is not None else ""
                if uri.endswith("/table"):
                    continue
                what = (
                    "a chart"
                    if "chart" in uri
                    else "a diagram"
                    if "diagram" in uri
                    else ("an object")
                )
            else:
                continue
            c_nv_pr = shape.el.find("./*/p:cNvPr", NS)
            if c_nv_pr is None or is_decorative(c_nv_pr) or shape.hidden:
                continue
            problem = alt_problem(c_nv_pr.get("descr"))
            if problem:
                self.findings.add(
                    "error",
                    f"{prefix}{what} {problem} (descr)",
                    file=file,
                    hint="give every picture a text alternative, or mark it decorative",
                    place=place,
                )

    def _check_language(
        self, root: Element, place: tuple[str, str], file: Path, prefix: str
    ) -> None:
        missing = 0
        wrong: dict[str, int] = {}
        for run in root.iter(q("a", "r"), q("a", "fld")):
            if not "".join(t.text or "" for t in run.iter(q("a", "t"))).strip():
                continue
            rpr = run.find("a:rPr", NS)
            lang = rpr.get("lang") if rpr is not None else None
            if not lang:
                missing += 1
            elif lang.lower() != self.tag.lower():
                wrong[lang] = wrong.get(lang, 0) + 1
        if missing:
            self.findings.add(
                "error",
                f"{prefix}text runs without a language (a:rPr lang); expected {self.tag}",
                file=file,
                key="language",
                hint="a screen reader reads text without a language in its own default voice",
                place=place,
            )
        for lang in wrong:
            self.findings.add(
                "error",
                f"{prefix}text runs are tagged {lang}; the programme's målform needs {self.tag}",
                file=file,
                key="language",
                place=place,
            )

    # ------------------------------------------------------------------ contrast

    def _sources(self, shape: Shape) -> list[_Source]:
        """Where a run in `shape` inherits from, nearest first."""
        ctx = self.ctx
        own_part = "output" if shape.part == "slide" else "template"
        sources = [
            _Source(shape.el.find("p:txBody/a:lstStyle", NS), "the shape's list style", own_part)
        ]
        master = ctx.master
        tx_styles = master.find("p:txStyles", NS) if master is not None else None
        if shape.ph is not None and shape.part == "slide":
            layout_ph = self._layout_placeholder(shape.ph)
            master_ph = self._master_placeholder(shape.ph)
            if layout_ph is not None:
                sources.append(
                    _Source(
                        layout_ph.find("p:txBody/a:lstStyle", NS),
                        f"slide layout {ctx.layout_name!r}",
                        "template",
                    )
                )
            if master_ph is not None:
                sources.append(
                    _Source(
                        master_ph.find("p:txBody/a:lstStyle", NS),
                        "the slide master's placeholder",
                        "template",
                    )
                )
        if shape.ph is not None:
            kind = shape.ph[0]
            bucket, words = (
                ("p:titleStyle", "the master's title style")
                if kind in _TITLE_TYPES
                else ("p:otherStyle", "the master's other-text style")
                if kind in _FOOTER_TYPES
                else ("p:bodyStyle", "the master's body text style")
            )
            if tx_styles is not None:
                sources.append(_Source(tx_styles.find(bucket, NS), words, "template"))
        else:
            font_ref = shape.el.find("p:style/a:fontRef", NS)
            if font_ref is not None and len(font_ref):
                sources.append(_Source(font_ref, "the shape's style", own_part, fontref=True))
            sources.append(
                _Source(self.default_style, "the presentation's default text style", "template")
            )
            if tx_styles is not None:
                sources.append(
                    _Source(
                        tx_styles.find("p:otherStyle", NS),
                        "the master's other-text style",
                        "template",
                    )
                )
        return sources

    def _lookup(
        self,
        run_rpr: Element | None,
        ppr: Element | None,
        sources: list[_Source],
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

    def _shape_fill(self, shape: Shape) -> Paint | None:
        """What a shape paints behind its text, following placeholders to layout and master."""
        colours = self.ctx.colours
        part = "output" if shape.part == "slide" else "template"
        own = f"the fill of {self._shape_words(shape)}"
        if shape.kind == "pic":
            return Paint((), 1.0, own, part, unknown="a picture")
        if shape.kind == "graphicFrame":
            return None
        fill = colours.fill(shape.el.find("p:spPr", NS), own, part)
        if fill is not None:
            return fill
        if shape.ph is not None and shape.part == "slide":
            for inherited, words in (
                (self._layout_placeholder(shape.ph), f"slide layout {self.ctx.layout_name!r}"),
                (self._master_placeholder(shape.ph), "the slide master"),
            ):
                if inherited is not None:
                    fill = colours.fill(
                        inherited.find("p:spPr", NS), f"the placeholder fill in {words}", "template"
                    )
                    if fill is not None:
                        return fill
        fill_ref = shape.el.find("p:style/a:fillRef", NS)
        if fill_ref is not None:
            return colours.style_fill(
                fill_ref, f"the style fill of {self._shape_words(shape)}", part
            )
        return None

    def _shape_words(self, shape: Shape) -> str:
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

    def _background(self) -> Paint:
        ctx = self.ctx
        colours = ctx.colours
        for holder, words, part in (
            (ctx.slide, "the slide's background", "output"),
            (ctx.layout, f"the background of slide layout {ctx.layout_name!r}", "template"),
            (ctx.master, "the slide master's background", "template"),
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

    def _behind(self, x: float, y: float, below: list[Shape]) -> Paint:
        """What is painted at (x, y) under the shapes `below` (bottom first)."""
        for position in range(len(below) - 1, -1, -1):
            shape = below[position]
            if shape.hidden or not shape.contains(x, y):
                continue
            fill = self._shape_fill(shape)
            if fill is None or fill is NO_PAINT:
                continue
            if fill.alpha < 0.999:
                return over(fill, self._behind(x, y, below[:position]))
            return fill
        return self._background()

    def _visible(self, shape: Shape) -> bool:
        if shape.hidden or shape.box is None:
            return not shape.hidden
        left, top, width, height = shape.box
        return left < self.slide_w and top < self.slide_h and left + width > 0 and top + height > 0

    def _shape_contrast(self, shape: Shape, below: list[Shape]) -> None:
        if not self._visible(shape):
            return
        if shape.kind == "graphicFrame":
            table = shape.el.find("a:graphic/a:graphicData/a:tbl", NS)
            if table is not None:
                self._table_contrast(shape, table, below)
            return
        if shape.kind != "sp":
            return
        body = shape.el.find("p:txBody", NS)
        if body is None or not text_of(body):
            return
        if shape.box is not None:
            x = shape.box[0] + shape.box[2] / 2
            y = shape.box[1] + shape.box[3] / 2
        else:
            x, y = self.slide_w / 2, self.slide_h / 2
        own = self._shape_fill(shape)
        if own is not None and own is not NO_PAINT:
            background = over(own, self._behind(x, y, below)) if own.alpha < 0.999 else own
        else:
            background = self._behind(x, y, below)
        font_scale = 1.0
        autofit = body.find("a:bodyPr/a:normAutofit", NS)
        if autofit is not None and autofit.get("fontScale"):
            font_scale = int(autofit.get("fontScale")) / 100000
        self._paragraphs_contrast(shape, body, self._sources(shape), background, font_scale)

    def _paragraphs_contrast(
        self,
        shape: Shape,
        body: Element,
        sources: list[_Source],
        background: Paint,
        font_scale: float,
        table_bold: bool = False,
    ) -> None:
        for paragraph in body.iterfind("a:p", NS):
            ppr = paragraph.find("a:pPr", NS)
            level = int(ppr.get("lvl", "0")) + 1 if ppr is not None else 1
            for run in list(paragraph.iterfind("a:r", NS)) + list(paragraph.iterfind("a:fld", NS)):
                text = "".join(t.text or "" for t in run.iter(q("a", "t")))
                if not text.strip():
                    continue
                rpr = run.find("a:rPr", NS)
                text_paint = self._run_paint(rpr, ppr, sources, level)
                if text_paint is None:
                    continue  # noFill: invisible text
                size, _, _ = self._lookup(rpr, ppr, sources, level, lambda e: e.get("sz"))
                bold, _, _ = self._lookup(rpr, ppr, sources, level, lambda e: e.get("b"))
                size_pt = (int(size) / 100 if size else 18.0) * font_scale
                is_bold = (bold in ("1", "true")) if bold is not None else table_bold
                if background.unknown or text_paint.unknown:
                    self.findings.add(
                        "warning",
                        f"slide layout {self.ctx.layout_name!r}: text on "
                        f"{background.unknown or 'a picture'} cannot be checked for contrast",
                        file=self.path if shape.part == "slide" else self.template,
                        hint="put text on a plain colour, or check it by eye",
                        place=("slide", str(self.ctx.number)),
                    )
                    return
                judged = judge(text_paint, background, size_pt, is_bold)
                if judged is not None:
                    self._report_contrast(shape, judged, text_paint, background, size_pt, is_bold)

    def _run_paint(
        self,
        rpr: Element | None,
        ppr: Element | None,
        sources: list[_Source],
        level: int,
    ) -> Paint | None:
        colours = self.ctx.colours

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
        found, origin, part = self._lookup(rpr, ppr, sources, level, fill_of, colour=True)
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
                (colours.theme.get(slot, (0, 0, 0)),),
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

    def _table_contrast(self, shape: Shape, table: Element, below: list[Shape]) -> None:
        colours = self.ctx.colours
        tbl_pr = table.find("a:tblPr", NS)
        style = self._table_style(tbl_pr)
        first_row = tbl_pr is not None and tbl_pr.get("firstRow") in ("1", "true")
        band_row = tbl_pr is not None and tbl_pr.get("bandRow") in ("1", "true")
        x = shape.box[0] + shape.box[2] / 2 if shape.box else self.slide_w / 2
        y = shape.box[1] + shape.box[3] / 2 if shape.box else self.slide_h / 2
        behind = self._behind(x, y, below)
        sources = [
            _Source(self.default_style, "the presentation's default text style", "template"),
        ]
        master = self.ctx.master
        if master is not None and master.find("p:txStyles/p:otherStyle", NS) is not None:
            sources.append(
                _Source(
                    master.find("p:txStyles/p:otherStyle", NS),
                    "the master's other-text style",
                    "template",
                )
            )
        for row_index, row in enumerate(table.iterfind("a:tr", NS)):
            parts = ["wholeTbl"]
            if band_row and not (first_row and row_index == 0):
                data_index = row_index - (1 if first_row else 0)
                parts.append("band1H" if data_index % 2 == 0 else "band2H")
            if first_row and row_index == 0:
                parts.append("firstRow")
            style_fill: Paint | None = None
            style_text: Paint | None = None
            style_bold = False
            if style is not None:
                for part_name in parts:
                    fill, text, bold = self._table_style_part(style, part_name)
                    style_fill = fill if fill is not None else style_fill
                    style_text = text if text is not None else style_text
                    style_bold = bold if bold is not None else style_bold
            for cell in row.iterfind("a:tc", NS):
                body = cell.find("a:txBody", NS)
                if body is None or not text_of(body):
                    continue
                fill = colours.fill(cell.find("a:tcPr", NS), "the table cell's fill", "output")
                if fill is None:
                    fill = style_fill
                background = (
                    behind
                    if fill is None or fill is NO_PAINT
                    else (over(fill, behind) if fill.alpha < 0.999 else fill)
                )
                cell_sources = [
                    _Source(body.find("a:lstStyle", NS), "the cell's list style", "output"),
                ]
                if style_text is not None:
                    cell_sources.append(
                        _Source(None, style_text.origin, style_text.part, paint=style_text)
                    )
                self._paragraphs_contrast(
                    shape, body, [*cell_sources, *sources], background, 1.0, style_bold
                )

    def _table_style(self, tbl_pr: Element | None) -> Element | None:
        style_id = ""
        if tbl_pr is not None:
            found = tbl_pr.find("a:tableStyleId", NS)
            style_id = (found.text or "").strip() if found is not None else ""
        styles = self.package.xml("ppt/tableStyles.xml")
        if not style_id and styles is not None:
            style_id = styles.get("def", "")
        if styles is not None:
            for style in styles.iterfind("a:tblStyle", NS):
                if style.get("styleId") == style_id:
                    return style
        if style_id == MEDIUM_STYLE_2_ACCENT_1:
            return etree.fromstring(_MEDIUM_STYLE_2)
        return None

    def _table_style_part(
        self, style: Element, name: str
    ) -> tuple[Paint | None, Paint | None, bool | None]:
        colours = self.ctx.colours
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

    def _report_contrast(
        self,
        shape: Shape,
        judged: Contrast,
        text: Paint,
        background: Paint,
        size_pt: float,
        bold: bool,
    ) -> None:
        self.contrast.add(
            judged,
            text,
            background,
            self._blame(text, background, judged),
            [
                ("slide layout", repr(self.ctx.layout_name)),
                ("shape", re.sub(r"^(the|a) ", "", self._shape_words(shape))),
                ("slide", str(self.ctx.number)),
            ],
        )

    def _blame(self, text: Paint, background: Paint, judged: Contrast) -> dict[str, Any]:
        return blame_paints(
            [(text, judged.text), (background, judged.background)],
            self.branding,
            self.template,
            self.path,
            self.template_theme,
            self.palette,
        )


@dataclass
class _SlideContext:
    number: int
    slide: Element
    layout: Element | None
    master: Element | None
    colours: DrawingColours
    layout_name: str


MEDIUM_STYLE_2_ACCENT_1 = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"
# PowerPoint's built-in default table style, which files name without defining it.
_MEDIUM_STYLE_2 = f"""<a:tblStyle xmlns:a="{A}" styleId="{MEDIUM_STYLE_2_ACCENT_1}">
<a:wholeTbl><a:tcTxStyle><a:schemeClr val="dk1"/></a:tcTxStyle><a:tcStyle><a:fill><a:solidFill>
<a:schemeClr val="accent1"><a:tint val="20000"/></a:schemeClr></a:solidFill></a:fill></a:tcStyle>
</a:wholeTbl>
<a:band1H><a:tcStyle><a:fill><a:solidFill><a:schemeClr val="accent1"><a:tint val="40000"/>
</a:schemeClr></a:solidFill></a:fill></a:tcStyle></a:band1H>
<a:firstRow><a:tcTxStyle b="on"><a:schemeClr val="lt1"/></a:tcTxStyle><a:tcStyle><a:fill>
<a:solidFill><a:schemeClr val="accent1"/></a:solidFill></a:fill></a:tcStyle></a:firstRow>
</a:tblStyle>"""


def check_pptx(
    path: Path, tag: str, template: Path | None = None, branding: Branding | None = None
) -> list[Diagnostic]:
    """Check one .pptx: language, alt text, titles and contrast."""
    findings = Findings()
    PptxChecker(path, tag, template or Path(""), branding or no_branding(), findings).run()
    return findings.diagnostics()
