"""The facilitator guide and the worksheets: language, alt text, title, heading structure, and
the contrast of every run against its shading, cell, text box or page."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lxml import etree

from pipeline.checks.branding import Branding
from pipeline.checks.checker import Checker
from pipeline.checks.contrast import (
    BLACK,
    WHITE,
    blend,
    parse_hex,
    word_theme_shade,
    word_theme_tint,
)
from pipeline.checks.drawing import DrawingColours
from pipeline.checks.findings import Findings, snippet
from pipeline.checks.office import (
    NS,
    Element,
    alt_problem,
    blame_paints,
    check_core,
    is_decorative,
    local_name,
    q,
    template_palette,
    template_theme,
)
from pipeline.checks.paint import NO_PAINT, ContrastLog, Paint, judge, over
from pipeline.errors import Diagnostic
from pipeline.ooxml.package import RT_THEME, Package
from pipeline.ooxml.theme import WORD_COLOUR_MAP, WORD_THEME_SLOTS

_HEADING = re.compile(r"^(heading|overskrift)\s*([1-9])$", re.IGNORECASE)
_HIGHLIGHT = {
    "yellow": (255, 255, 0),
    "green": (0, 255, 0),
    "cyan": (0, 255, 255),
    "magenta": (255, 0, 255),
    "blue": (0, 0, 255),
    "red": (255, 0, 0),
    "darkBlue": (0, 0, 139),
    "darkCyan": (0, 139, 139),
    "darkGreen": (0, 100, 0),
    "darkMagenta": (128, 0, 128),
    "darkRed": (139, 0, 0),
    "darkYellow": (128, 128, 0),
    "darkGray": (169, 169, 169),
    "lightGray": (211, 211, 211),
    "black": (0, 0, 0),
    "white": (255, 255, 255),
}


def _w(el: Element | None, name: str) -> Element | None:
    return el.find(f"w:{name}", NS) if el is not None else None


def _wval(el: Element | None, attr: str = "val") -> str | None:
    return el.get(q("w", attr)) if el is not None else None


def _on(el: Element | None) -> bool | None:
    """A Word on/off property: absent None, else its value (no value means on)."""
    if el is None:
        return None
    value = _wval(el)
    return value not in ("0", "false", "off")


@dataclass
class _Style:
    style_id: str
    name: str
    kind: str
    based_on: str | None
    el: Element


class DocxChecker(Checker):
    def __init__(
        self,
        path: Path,
        tag: str,
        template: Path,
        branding: Branding,
        findings: Findings,
        output: str,
    ) -> None:
        super().__init__(path, tag, template, branding, findings)
        self.output = output
        self.what = "facilitator guide" if output == "guide" else "worksheets"
        self.package = Package(path)

    def run(self) -> None:
        package = self.package
        check_core(package, self.tag, self.path, self.findings, self.what)
        document = package.xml("word/document.xml")
        if document is None:
            raise ValueError("it has no word/document.xml")
        self._read_styles(package.xml("word/styles.xml"))
        theme_part = package.related("word/document.xml", RT_THEME)
        theme = package.xml(theme_part) if theme_part else None
        self.drawing = DrawingColours(theme, WORD_COLOUR_MAP)
        self.theme = self.drawing.theme
        self.template_theme = template_theme(self.template, "word/document.xml", RT_THEME)
        self.template_colours = self._template_style_colours()
        self.palette = template_palette(self.template)
        self.page = self._page_background(document)

        parts = ["word/document.xml"]
        parts += sorted(
            target
            for _, kind, target in package.rels("word/document.xml")
            if kind.endswith(("/header", "/footer", "/footnotes", "/endnotes"))
        )
        headings: list[tuple[int, str]] = []
        self.contrast = ContrastLog()
        for part_name in parts:
            root = package.xml(part_name)
            if root is None:
                continue
            where = (
                "the document"
                if part_name == "word/document.xml"
                else (PurePosixPath(part_name).stem)
            )
            self._pictures(root, where)
            self.place = (
                ("section", "before the first heading")
                if part_name == "word/document.xml"
                else (
                    "part",
                    where,
                )
            )
            for paragraph in self._paragraphs(root):
                self._paragraph(paragraph, headings if part_name == "word/document.xml" else None)
        self._check_headings(headings)
        self.contrast.flush(self.findings, f"{self.what}: ")

    def _read_styles(self, styles: Element | None) -> None:
        """The styles by id, the document defaults' run properties and the default paragraph
        style."""
        self.styles: dict[str, _Style] = {}
        self.defaults_rpr: Element | None = None
        self.default_para: str | None = None
        if styles is not None:
            self.defaults_rpr = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
            for style in styles.iterfind("w:style", NS):
                style_id = _wval(style, "styleId") or ""
                name_el = _w(style, "name")
                based = _w(style, "basedOn")
                kind = _wval(style, "type") or "paragraph"
                self.styles[style_id] = _Style(
                    style_id, _wval(name_el) or style_id, kind, _wval(based), style
                )
                if _wval(style, "default") in ("1", "true") and kind == "paragraph":
                    self.default_para = style_id

    def _template_style_colours(self) -> dict[str, str | None]:
        """The template's own style colours, to tell a template style from one the renderer
        added or changed."""
        if not self.template.is_file():
            return {}
        try:
            styles = Package(self.template).xml("word/styles.xml")
        except (zipfile.BadZipFile, etree.XMLSyntaxError, ValueError):
            return {}
        if styles is None:
            return {}
        return {
            _wval(style, "styleId") or "": _wval(_w(_w(style, "rPr"), "color"))
            for style in styles.iterfind("w:style", NS)
        }

    def _style_part(self, style: _Style) -> str:
        own = _wval(_w(_w(style.el, "rPr"), "color"))
        if style.style_id in self.template_colours and self.template_colours[style.style_id] == own:
            return "template"
        return "output"

    # ------------------------------------------------------------------ structure

    @staticmethod
    def _page_background(document: Element) -> Paint:
        background = _w(document, "background")
        colour = _wval(background, "color")
        if colour and colour.lower() != "auto":
            return Paint((parse_hex(colour),), 1.0, "the page colour", "output")
        return Paint((WHITE,), 1.0, "the white page", "default")

    def _paragraphs(self, root: Element) -> Iterator[Element]:
        for paragraph in root.iter(q("w", "p")):
            if not any(local_name(a) == "Fallback" for a in paragraph.iterancestors()):
                yield paragraph

    def _pictures(self, root: Element, where: str) -> None:
        for doc_pr in root.iter(q("wp", "docPr")):
            if any(local_name(a) == "Fallback" for a in doc_pr.iterancestors()):
                continue
            holder = doc_pr.getparent()
            data = holder.find("a:graphic/a:graphicData", NS) if holder is not None else None
            uri = data.get("uri", "") if data is not None else ""
            if uri.endswith("wordprocessingShape") or uri.endswith("wordprocessingGroup"):
                continue
            if is_decorative(doc_pr):
                continue
            problem = alt_problem(doc_pr.get("descr"))
            if problem:
                what = "a chart" if "chart" in uri else "a picture"
                self.findings.add(
                    "error",
                    f"{what} in {where} {problem} (wp:docPr descr)",
                    file=self.path,
                    hint="give every picture a text alternative, or mark it decorative",
                )

    def _style_chain(self, style_id: str | None, default: str | None) -> list[_Style]:
        chain: list[_Style] = []
        current = style_id if style_id in self.styles else default
        seen: set[str] = set()
        while current and current in self.styles and current not in seen:
            seen.add(current)
            style = self.styles[current]
            chain.append(style)
            current = style.based_on
        return chain

    def _heading_level(self, chain: list[_Style]) -> int | None:
        for style in chain:
            match = _HEADING.match(style.name) or _HEADING.match(style.style_id)
            if match:
                return int(match.group(2))
        for style in chain:
            outline = _wval(_w(_w(style.el, "pPr"), "outlineLvl"))
            if outline is not None and outline.isdigit() and int(outline) < 9:
                return int(outline) + 1
        return None

    def _check_headings(self, headings: list[tuple[int, str]]) -> None:
        if not headings:
            self.findings.add(
                "error" if self.output == "guide" else "warning",
                f"the {self.what} has no headings in heading styles (Heading 1, Heading 2 or "
                "Overskrift 1, 2): screen readers cannot move between its sections",
                file=self.path,
                hint="set section titles in the template's heading styles",
            )
            return
        previous = 0
        for level, text in headings:
            if previous and level > previous + 1:
                self.findings.add(
                    "warning",
                    f"the heading {snippet(text)!r} jumps from level {previous} to {level}",
                    file=self.path,
                    hint="heading levels go down one step at a time",
                )
            previous = level

    # ------------------------------------------------------------------ runs

    def _table_context(self, paragraph: Element) -> tuple[Element | None, Element | None, int]:
        cell = row = table = None
        for ancestor in paragraph.iterancestors():
            name = local_name(ancestor)
            if name == "tc" and cell is None:
                cell = ancestor
            elif name == "tr" and row is None:
                row = ancestor
            elif name == "tbl":
                table = ancestor
                break
        rows = list(table.iterfind("w:tr", NS)) if table is not None else []
        index = rows.index(row) if row in rows else 0
        return table, cell, index

    def _table_style_parts(
        self, table: Element | None, row_index: int
    ) -> list[tuple[Element, str]]:
        """Table style property holders that apply to a row, weakest first: (el, words)."""
        if table is None:
            return []
        tbl_pr = _w(table, "tblPr")
        style_id = _wval(_w(tbl_pr, "tblStyle"))
        chain = list(reversed(self._style_chain(style_id, None))) if style_id else []
        look = _w(tbl_pr, "tblLook")
        first_row = False
        band_rows = True
        if look is not None:
            first_row = _wval(look, "firstRow") in ("1", "true")
            band_rows = _wval(look, "noHBand") not in ("1", "true")
            legacy = _wval(look)
            if legacy and _wval(look, "firstRow") is None:
                try:
                    bits = int(legacy, 16)
                    first_row = bool(bits & 0x0020)
                    band_rows = not bits & 0x0200
                except ValueError:
                    pass
        holders: list[tuple[Element, str]] = []
        for style in chain:
            holders.append((style.el, f"table style {style.name!r}"))
            conditions = []
            if band_rows and not (first_row and row_index == 0):
                data_index = row_index - (1 if first_row else 0)
                conditions.append("band1Horz" if data_index % 2 == 0 else "band2Horz")
            if first_row and row_index == 0:
                conditions.append("firstRow")
            for condition in conditions:
                for part in style.el.iterfind("w:tblStylePr", NS):
                    if _wval(part) == condition:
                        holders.append((part, f"table style {style.name!r} ({condition})"))
        return holders

    def _paragraph(self, paragraph: Element, headings: list[tuple[int, str]] | None) -> None:
        ppr = _w(paragraph, "pPr")
        p_style = _wval(_w(ppr, "pStyle"))
        p_chain = self._style_chain(p_style, self.default_para)
        text = "".join(t.text or "" for t in paragraph.iter(q("w", "t")))
        if headings is not None and text.strip():
            level = self._heading_level(p_chain)
            if level is not None:
                headings.append((level, text))
                self.place = ("section", repr(snippet(text, 30)))
        place = self.place
        table, cell, row_index = self._table_context(paragraph)
        table_parts = self._table_style_parts(table, row_index)

        # Run property holders, weakest first; each (rPr element, words, part).
        base: list[tuple[Element | None, str, str]] = [
            (self.defaults_rpr, "the document defaults", "template")
        ]
        for holder, words in table_parts:
            base.append((_w(holder, "rPr"), words, "template"))
        for style in reversed(p_chain):
            base.append(
                (_w(style.el, "rPr"), f"paragraph style {style.name!r}", self._style_part(style))
            )

        background = self._paragraph_background(paragraph, ppr, p_chain, cell, table_parts)
        for run in paragraph.iter(q("w", "r")):
            if any(local_name(a) == "Fallback" for a in run.iterancestors()):
                continue
            run_text = "".join(t.text or "" for t in run.iterfind("w:t", NS))
            if not run_text.strip():
                continue
            rpr = _w(run, "rPr")
            r_style = _wval(_w(rpr, "rStyle"))
            holders = list(base)
            if r_style:
                for style in reversed(self._style_chain(r_style, None)):
                    holders.append(
                        (
                            _w(style.el, "rPr"),
                            f"character style {style.name!r}",
                            self._style_part(style),
                        )
                    )
            holders.append((rpr, "the text run", "output"))
            self._run_language(holders, place)
            self._run_contrast(holders, run_text, background, place)

    def _nearest(
        self, holders: list[tuple[Element | None, str, str]], name: str
    ) -> tuple[Element | None, str, str]:
        for holder, words, part in reversed(holders):
            found = _w(holder, name)
            if found is not None:
                return found, words, part
        return None, "", ""

    def _run_language(
        self, holders: list[tuple[Element | None, str, str]], place: tuple[str, str]
    ) -> None:
        lang_el, words, part = self._nearest(holders, "lang")
        lang = _wval(lang_el)
        if not lang:
            self.findings.add(
                "error",
                f"text without a language (w:lang) in the {self.what}; expected {self.tag}",
                file=self.path,
                key="language",
                hint="set the language in the document defaults, the styles or the runs",
                place=place,
            )
        elif lang.lower() != self.tag.lower():
            self.findings.add(
                "error",
                f"text in the {self.what} is tagged {lang} (in {words}); the programme's "
                f"målform needs {self.tag}",
                file=self.path,
                key="language",
                place=place,
            )

    def _shading(self, holder: Element | None, words: str, part: str) -> Paint | None:
        shd = _w(holder, "shd")
        if shd is None:
            return None
        pattern = _wval(shd) or "clear"
        fill = _wval(shd, "fill") or "auto"
        colour = _wval(shd, "color") or "auto"
        fill_rgb = parse_hex(fill) if fill.lower() != "auto" else None
        colour_rgb = parse_hex(colour) if colour.lower() != "auto" else BLACK
        if pattern in ("nil", "clear"):
            return Paint((fill_rgb,), 1.0, words, part) if fill_rgb else None
        if pattern == "solid":
            return Paint((colour_rgb,), 1.0, words, part)
        match = re.fullmatch(r"pct(\d+)", pattern)
        if match:
            base = fill_rgb or WHITE
            return Paint((blend(colour_rgb, base, int(match.group(1)) / 100),), 1.0, words, part)
        return Paint((fill_rgb or WHITE, colour_rgb), 1.0, f"{words} (a pattern)", part)

    def _paragraph_background(
        self,
        paragraph: Element,
        ppr: Element | None,
        p_chain: list[_Style],
        cell: Element | None,
        table_parts: list[tuple[Element, str]],
    ) -> Paint:
        found = self._shading(ppr, "the paragraph's shading", "output")
        if found is not None:
            return found
        for style in p_chain:
            found = self._shading(
                _w(style.el, "pPr"), f"paragraph style {style.name!r}", "template"
            )
            if found is not None:
                return found
        if cell is not None:
            found = self._shading(_w(cell, "tcPr"), "the table cell's shading", "output")
            if found is not None:
                return found
            for holder, words in reversed(table_parts):
                found = self._shading(_w(holder, "tcPr"), words, "template")
                if found is not None:
                    return found
        for ancestor in paragraph.iterancestors():
            if local_name(ancestor) == "wsp":
                paint = self.drawing.fill(
                    ancestor.find("wps:spPr", NS), "the text box's fill", "output"
                )
                if paint is not None and paint is not NO_PAINT and not paint.unknown:
                    return over(paint, self.page) if paint.alpha < 0.999 else paint
                break
        return self.page

    def _colour(self, colour: Element, words: str, part: str) -> Paint | None:
        theme_colour = _wval(colour, "themeColor")
        value = _wval(colour) or "auto"
        if theme_colour:
            slot = WORD_THEME_SLOTS.get(theme_colour, theme_colour)
            if slot in self.theme:
                rgb = self.theme[slot]
                tint = _wval(colour, "themeTint")
                shade = _wval(colour, "themeShade")
                if tint:
                    rgb = word_theme_tint(rgb, int(tint, 16))
                if shade:
                    rgb = word_theme_shade(rgb, int(shade, 16))
                return Paint((rgb,), 1.0, f"{words}, theme colour {slot}", part, slot)
        if value.lower() == "auto":
            return None  # Word picks black or white against the background
        return Paint((parse_hex(value),), 1.0, words, part)

    def _run_contrast(
        self,
        holders: list[tuple[Element | None, str, str]],
        text: str,
        background: Paint,
        place: tuple[str, str],
    ) -> None:
        colour_el, words, part = self._nearest(holders, "color")
        if colour_el is None:
            return  # automatic colour: black on light, white on dark
        if _on(self._nearest(holders, "vanish")[0]):
            return
        text_paint = self._colour(colour_el, f"text colour from {words}", part)
        if text_paint is None:
            return
        highlight = _wval(self._nearest(holders, "highlight")[0])
        run_shading = None
        rpr = holders[-1][0]
        if rpr is not None:
            run_shading = self._shading(rpr, "the text run's shading", "output")
        if highlight and highlight in _HIGHLIGHT:
            background = Paint((_HIGHLIGHT[highlight],), 1.0, "the highlight", "output")
        elif run_shading is not None:
            background = run_shading
        size_el, _, _ = self._nearest(holders, "sz")
        size_value = _wval(size_el)
        size_pt = int(size_value) / 2 if size_value and size_value.isdigit() else 10.0
        bold = bool(_on(self._nearest(holders, "b")[0]))
        judged = judge(text_paint, background, size_pt, bold)
        if judged is None:
            return
        where = blame_paints(
            [(text_paint, judged.text), (background, judged.background)],
            self.branding,
            self.template,
            self.path,
            self.template_theme,
            self.palette,
        )
        self.contrast.add(judged, text_paint, background, where, [place])


def check_docx(
    path: Path,
    tag: str,
    kind: str = "guide",
    template: Path | None = None,
    branding: Branding | None = None,
) -> list[Diagnostic]:
    """Check one .docx (`kind` guide or worksheets): language, alt text, title, headings and
    contrast."""
    return DocxChecker.check_file(path, tag, template, branding, output=kind)
