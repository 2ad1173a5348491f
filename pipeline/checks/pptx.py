"""The deck: language of every run, alt text, slide titles and the reading order, and the
contrast of every text against what is painted behind it on the slide."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any

from lxml import etree

from pipeline.checks.branding import Branding
from pipeline.checks.checker import Checker
from pipeline.checks.contrast import Contrast
from pipeline.checks.drawing import DrawingColours
from pipeline.checks.findings import Findings, snippet
from pipeline.checks.office import (
    NS,
    A,
    Element,
    alt_problem,
    blame_paints,
    check_core,
    is_decorative,
    q,
    template_palette,
    template_theme,
)
from pipeline.checks.paint import NO_PAINT, ContrastLog, Paint, judge, over
from pipeline.checks.picture import judge_pixels
from pipeline.checks.pptx_shapes import Shape, flatten, text_of
from pipeline.checks.pptx_slide import TITLE_TYPES, Slide, TextSource, lookup, shape_words
from pipeline.errors import Diagnostic
from pipeline.ooxml.package import (
    RT_NOTES,
    RT_SLIDE_LAYOUT,
    RT_SLIDE_MASTER,
    RT_THEME,
    Package,
)
from pipeline.ooxml.theme import slide_colour_map


class PptxChecker(Checker):
    def __init__(
        self, path: Path, tag: str, template: Path, branding: Branding, findings: Findings
    ) -> None:
        super().__init__(path, tag, template, branding, findings)
        self.package = Package(path)
        self.palette = template_palette(template)
        self.template_theme = template_theme(
            template, "ppt/presentation.xml", RT_SLIDE_MASTER, RT_THEME
        )

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

        colours = DrawingColours(theme, slide_colour_map(master, layout, slide))
        layout_title = ""
        if layout is not None:
            c_sld = layout.find("p:cSld", NS)
            layout_title = c_sld.get("name", "") if c_sld is not None else ""
        self.ctx = Slide(
            number=number,
            slide=slide,
            layout=layout,
            master=master,
            colours=colours,
            layout_name=layout_title or PurePosixPath(layout_name).stem,
            default_style=self.default_style,
            size=(self.slide_w, self.slide_h),
            blob=self._blob_reader(
                {"slide": name, "layout": layout_name, "master": master_name or ""}
            ),
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
                shape.box = self.ctx.inherited_box(shape.ph)
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

    def _blob_reader(self, parts: dict[str, str]) -> Callable[[str, str], bytes | None]:
        def blob(part: str, rid: str) -> bytes | None:
            name = parts.get(part, "")
            for found, _, target in self.package.rels(name) if name else []:
                if found == rid:
                    return self.package.blob(target)
            return None

        return blob

    # ------------------------------------------------------------------ titles, alt text

    def _check_title(self, shapes: list[Shape], place: tuple[str, str]) -> None:
        titles = [s for s in shapes if s.ph is not None and s.ph[0] in TITLE_TYPES]
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
        own = self.ctx.shape_fill(shape)
        if own is not None and own is not NO_PAINT:
            background = over(own, self.ctx.behind(x, y, below)) if own.alpha < 0.999 else own
        else:
            background = self.ctx.behind(x, y, below)
        font_scale = 1.0
        autofit = body.find("a:bodyPr/a:normAutofit", NS)
        if autofit is not None and autofit.get("fontScale"):
            font_scale = int(autofit.get("fontScale")) / 100000
        self._paragraphs_contrast(shape, body, self.ctx.text_sources(shape), background, font_scale)

    def _paragraphs_contrast(
        self,
        shape: Shape,
        body: Element,
        sources: list[TextSource],
        background: Paint,
        font_scale: float,
        table_bold: bool = False,
    ) -> None:
        found = self.ctx.sample(background, shape.box) if background.picture else None
        for paragraph in body.iterfind("a:p", NS):
            ppr = paragraph.find("a:pPr", NS)
            level = int(ppr.get("lvl", "0")) + 1 if ppr is not None else 1
            for run in list(paragraph.iterfind("a:r", NS)) + list(paragraph.iterfind("a:fld", NS)):
                text = "".join(t.text or "" for t in run.iter(q("a", "t")))
                if not text.strip():
                    continue
                rpr = run.find("a:rPr", NS)
                text_paint = self.ctx.run_paint(rpr, ppr, sources, level)
                if text_paint is None:
                    continue  # noFill: invisible text
                size, _, _ = lookup(rpr, ppr, sources, level, lambda e: e.get("sz"))
                bold, _, _ = lookup(rpr, ppr, sources, level, lambda e: e.get("b"))
                size_pt = (int(size) / 100 if size else 18.0) * font_scale
                is_bold = (bold in ("1", "true")) if bold is not None else table_bold
                if found is not None and not text_paint.unknown:
                    judged = judge_pixels(text_paint.first, found, size_pt, is_bold)
                    if judged is not None:
                        shown = replace(background, colours=(judged.background,), unknown="")
                        self._report_contrast(shape, judged, text_paint, shown, size_pt, is_bold)
                    continue
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

    def _table_contrast(self, shape: Shape, table: Element, below: list[Shape]) -> None:
        colours = self.ctx.colours
        tbl_pr = table.find("a:tblPr", NS)
        style = self._table_style(tbl_pr)
        first_row = tbl_pr is not None and tbl_pr.get("firstRow") in ("1", "true")
        band_row = tbl_pr is not None and tbl_pr.get("bandRow") in ("1", "true")
        x = shape.box[0] + shape.box[2] / 2 if shape.box else self.slide_w / 2
        y = shape.box[1] + shape.box[3] / 2 if shape.box else self.slide_h / 2
        behind = self.ctx.behind(x, y, below)
        sources = [
            TextSource(self.default_style, "the presentation's default text style", "template"),
        ]
        master = self.ctx.master
        if master is not None and master.find("p:txStyles/p:otherStyle", NS) is not None:
            sources.append(
                TextSource(
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
                    fill, text, bold = self.ctx.table_style_part(style, part_name)
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
                    TextSource(body.find("a:lstStyle", NS), "the cell's list style", "output"),
                ]
                if style_text is not None:
                    cell_sources.append(
                        TextSource(None, style_text.origin, style_text.part, paint=style_text)
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
                ("shape", re.sub(r"^(the|a) ", "", shape_words(shape))),
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
    return PptxChecker.check_file(path, tag, template, branding)
