"""Shared helpers for the .docx outputs: the facilitator guide and the worksheets.

A designer's template supplies page size, margins, headers, footers and styles. The pipeline
opens it, clears its body (keeping the section properties, and so the headers and footers),
and writes into it with the template's styles.

Style fallback (documented for `samling templates check`): every style the pipeline needs is
listed in STYLE_SPECS. When a template lacks one, the pipeline adds that style to the output
with the plain look described in the spec, based on the template's own Normal style (or on
LibreOffice's "Heading" style for headings), and the renderer reports one warning naming the
missing styles. A list style without numbering gets its bullet or number written as text. No
missing style is ever a KeyError.

Table widths: Word honours `w:tcW` on each cell under a fixed layout, LibreOffice honours
`w:tblGrid/w:gridCol`; `set_col_widths` sets both, plus `w:tblW` and `w:tblLayout`.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Pt, RGBColor
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

from pipeline.errors import Diagnostic, TemplateError, warning
from pipeline.model.inline import inline_runs, plain_text
from pipeline.model.types import SamlingBundle, Slide
from pipeline.model.words import language_tag
from pipeline.ooxml.package import normalise_zip

DocxDocument = Any  # python-docx's Document object (docx.document.Document)

TWIPS_PER_EMU = 1 / 635  # 1 twip = 635 EMU


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class StyleSpec:
    name: str
    kind: str  # "paragraph" or "character"
    used_for: str
    fallback: str
    size: float = 11.0
    bold: bool = False
    italic: bool = False
    outline: int | None = None  # heading level 0..8
    space_before: float = 0.0
    space_after: float = 6.0
    keep_next: bool = False
    indent_cm: float = 0.0
    hanging_cm: float = 0.0
    colour: str | None = None
    documents: tuple[str, ...] = ("guide", "worksheet")


STYLE_SPECS: tuple[StyleSpec, ...] = (
    StyleSpec("Normal", "paragraph", "body text", "the template's document defaults"),
    StyleSpec(
        "Title",
        "paragraph",
        "the cover title",
        "added: 28 pt bold, based on Normal",
        size=28,
        bold=True,
        space_after=12,
        documents=("guide",),
    ),
    StyleSpec(
        "Subtitle",
        "paragraph",
        "the cover subtitle",
        "added: 16 pt, based on Normal",
        size=16,
        space_after=12,
        documents=("guide",),
    ),
    StyleSpec(
        "Heading 1",
        "paragraph",
        "sections; a worksheet's title",
        "added: 18 pt bold, outline level 1",
        size=18,
        bold=True,
        outline=0,
        space_before=12,
        space_after=6,
        keep_next=True,
    ),
    StyleSpec(
        "Heading 2",
        "paragraph",
        "exercises and sub-sections",
        "added: 14 pt bold, level 2",
        size=14,
        bold=True,
        outline=1,
        space_before=12,
        space_after=4,
        keep_next=True,
    ),
    StyleSpec(
        "Heading 3",
        "paragraph",
        "parts of an exercise",
        "added: 12 pt bold, level 3",
        size=12,
        bold=True,
        outline=2,
        space_before=8,
        space_after=3,
        keep_next=True,
        documents=("guide",),
    ),
    StyleSpec(
        "List Bullet",
        "paragraph",
        "bulleted lists",
        "added without numbering: a • written as text, hanging indent",
        indent_cm=0.63,
        hanging_cm=0.63,
        space_after=3,
        documents=("guide",),
    ),
    StyleSpec(
        "List Number",
        "paragraph",
        "numbered lists",
        "added without numbering: 1., 2. written as text, hanging indent",
        indent_cm=0.63,
        hanging_cm=0.63,
        space_after=3,
        documents=("guide",),
    ),
    StyleSpec(
        "Table Text",
        "paragraph",
        "text in tables",
        "added: 9.5 pt, no spacing",
        size=9.5,
        space_after=0,
    ),
    StyleSpec(
        "Table Heading",
        "paragraph",
        "table header rows",
        "added: 9.5 pt bold, no spacing",
        size=9.5,
        bold=True,
        space_after=0,
    ),
    StyleSpec(
        "Meta",
        "paragraph",
        "small print: cover facts, a sheet's programme line",
        "added: 9.5 pt italic",
        size=9.5,
        italic=True,
        space_after=4,
    ),
    StyleSpec(
        "Speaker Notes",
        "paragraph",
        "what to say, from the slides' notes",
        "added: indented 0.6 cm, based on Normal",
        indent_cm=0.6,
        space_after=6,
        documents=("guide",),
    ),
    StyleSpec(
        "Checklist",
        "paragraph",
        "checklist lines with a box to tick",
        "added: hanging indent 0.8 cm",
        indent_cm=0.8,
        hanging_cm=0.8,
        space_after=3,
        documents=("guide",),
    ),
    StyleSpec(
        "Prompt",
        "paragraph",
        "a worksheet question",
        "added: 12 pt bold",
        size=12,
        bold=True,
        space_before=8,
        space_after=2,
        keep_next=True,
        documents=("worksheet",),
    ),
    StyleSpec(
        "Write-in",
        "paragraph",
        "ruled lines to write on (exact row heights)",
        "added: 11 pt, no spacing",
        space_after=0,
        documents=("worksheet",),
    ),
)

SPEC_BY_NAME = {spec.name: spec for spec in STYLE_SPECS}


def _norm(name: str) -> str:
    return re.sub(r"[\s_-]+", "", name).lower()


def find_style(doc: DocxDocument, name: str, kind: str = "paragraph") -> Any | None:
    """The template's style called `name` (by name or id, case and spaces ignored), or None."""
    wanted = _norm(name)
    for style in doc.styles.element.findall(qn("w:style")):
        if style.get(qn("w:type")) != kind:
            continue
        name_el = style.find(qn("w:name"))
        names = {_norm(style.get(qn("w:styleId"), ""))}
        if name_el is not None:
            names.add(_norm(name_el.get(qn("w:val"), "")))
        if wanted in names:
            style_id = style.get(qn("w:styleId"))
            for candidate in doc.styles:
                if candidate.style_id == style_id:
                    return candidate
    return None


def _style_numbered(doc: DocxDocument, style: Any) -> bool:
    """Whether a paragraph style (or one it is based on) carries working list numbering."""
    seen = 0
    while style is not None and seen < 10:
        ppr = style.element.pPr
        if ppr is not None and ppr.find(qn("w:numPr")) is not None:
            num_id = ppr.find(qn("w:numPr")).find(qn("w:numId"))
            if num_id is None:
                return False
            numbering = _numbering_element(doc)
            if numbering is None:
                return False
            value = num_id.get(qn("w:val"))
            return any(num.get(qn("w:numId")) == value for num in numbering.findall(qn("w:num")))
        style = style.base_style
        seen += 1
    return False


def _numbering_element(doc: DocxDocument) -> Any | None:
    """The numbering part's root element, or None when the package has no numbering part."""
    try:
        part = doc.part.part_related_by(RT.NUMBERING)
    except KeyError:
        return None
    return part.element


class Styles:
    """Resolves the styles a renderer asks for, adding documented fallbacks as needed."""

    def __init__(self, doc: DocxDocument, document: str, template: Path) -> None:
        self.doc = doc
        self.document = document
        self.template = template
        self.missing: list[str] = []
        self._resolved: dict[str, str] = {}
        self._objects: dict[str, Any] = {}
        self.numbered: dict[str, bool] = {}
        for spec in STYLE_SPECS:
            if document in spec.documents:
                self._resolve(spec)

    def _resolve(self, spec: StyleSpec) -> str:
        if spec.name in self._resolved:
            return self._resolved[spec.name]
        found = find_style(self.doc, spec.name, spec.kind)
        if found is None:
            if spec.name == "Normal":
                found = self._add_normal()
            else:
                self.missing.append(spec.name)
                found = self._add(spec)
        self._resolved[spec.name] = found.name
        self.numbered[spec.name] = _style_numbered(self.doc, found)
        return str(found.name)

    def _add_normal(self) -> Any:
        style = self.doc.styles.add_style("Normal", WD_STYLE_TYPE.PARAGRAPH)
        style.element.set(qn("w:default"), "1")
        return style

    def _add(self, spec: StyleSpec) -> Any:
        styles = self.doc.styles
        style = styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        base = None
        if spec.outline is not None or spec.name in ("Title", "Subtitle"):
            base = find_style(self.doc, "Heading")  # LibreOffice's generic heading
        if base is None:
            base = find_style(self.doc, "Normal")
        if base is not None:
            style.base_style = base
        normal = find_style(self.doc, "Normal")
        if normal is not None:
            style.next_paragraph_style = normal
        font = style.font
        font.size = Pt(spec.size)
        font.bold = spec.bold
        font.italic = spec.italic
        if spec.colour:
            font.color.rgb = RGBColor.from_string(spec.colour)
        fmt = style.paragraph_format
        fmt.space_before = Pt(spec.space_before)
        fmt.space_after = Pt(spec.space_after)
        fmt.keep_with_next = spec.keep_next
        if spec.indent_cm:
            fmt.left_indent = Emu(int(spec.indent_cm * 360000))
        if spec.hanging_cm:
            fmt.first_line_indent = Emu(int(-spec.hanging_cm * 360000))
        if spec.outline is not None:
            ppr = style.element.get_or_add_pPr()
            outline = OxmlElement("w:outlineLvl")
            outline.set(qn("w:val"), str(spec.outline))
            _insert_ppr_child(ppr, outline)
        return style

    def __getitem__(self, name: str) -> Any:
        """The style object for `name`.

        An object, not a name: python-docx looks a style name up by scanning every style of
        the document, which made the guide's build quadratic in its paragraph count.
        """
        cached = self._objects.get(name)
        if cached is not None:
            return cached
        spec = SPEC_BY_NAME.get(name)
        if spec is None:
            raise KeyError(name)  # a programming error in the pipeline, not a template's
        resolved = self._resolve(spec)
        style = find_style(self.doc, resolved, spec.kind)
        if style is None:  # pragma: no cover - _resolve has just found or added it
            raise KeyError(resolved)
        self._objects[name] = style
        return style

    def has_numbering(self, name: str) -> bool:
        self[name]
        return self.numbered.get(name, False)

    def diagnostics(self) -> list[Diagnostic]:
        if not self.missing:
            return []
        names = ", ".join(self.missing)
        return [
            warning(
                f"the template lacks the styles {names}; plain versions were added",
                file=self.template,
                hint=f"run `samling templates check {self.template.name}` to see the fallbacks",
            )
        ]


_PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]
_RPR_ORDER = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]
_TCPR_ORDER = [
    "cnfStyle",
    "tcW",
    "gridSpan",
    "hMerge",
    "vMerge",
    "tcBorders",
    "shd",
    "noWrap",
    "tcMar",
    "textDirection",
    "tcFitText",
    "vAlign",
    "hideMark",
]
_TBLPR_ORDER = [
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
]
_TRPR_ORDER = [
    "cnfStyle",
    "divId",
    "gridBefore",
    "gridAfter",
    "wBefore",
    "wAfter",
    "cantSplit",
    "trHeight",
    "tblHeader",
    "tblCellSpacing",
    "jc",
    "hidden",
]


def _insert_ordered(parent: Any, child: Any, order: list[str]) -> Any:
    """Insert `child` into `parent` at the schema position, replacing a same-named child."""
    local = child.tag.split("}")[1]
    for existing in parent.findall(child.tag):
        parent.remove(existing)
    position = order.index(local) if local in order else len(order)
    for index, sibling in enumerate(list(parent)):
        sibling_local = sibling.tag.split("}")[1] if "}" in str(sibling.tag) else ""
        if sibling_local in order and order.index(sibling_local) > position:
            parent.insert(index, child)
            return child
    parent.append(child)
    return child


def _insert_ppr_child(ppr: Any, child: Any) -> Any:
    return _insert_ordered(ppr, child, _PPR_ORDER)


def _el(tag: str, **attrs: str) -> Any:
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


# --------------------------------------------------------------------------- template


def load_template(path: Path) -> DocxDocument:
    """Open a designer's .docx template, or raise TemplateError saying what is wrong."""
    if not path.is_file():
        raise TemplateError([Diagnostic("error", "the .docx template does not exist", file=path)])
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise TemplateError(
            [
                Diagnostic(
                    "error",
                    f"the template is not a .docx file ({exc})",
                    file=path,
                    hint="save it from Word or LibreOffice as .docx",
                )
            ]
        ) from None
    if "word/document.xml" not in names and "[Content_Types].xml" not in names:
        raise TemplateError(
            [
                Diagnostic(
                    "error",
                    "the template is a zip file but not a .docx document",
                    file=path,
                    hint="save it from Word or LibreOffice as .docx",
                )
            ]
        )
    try:
        doc = Document(str(path))
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise TemplateError(
            [
                Diagnostic(
                    "error",
                    f"the template cannot be read as a .docx document ({exc})",
                    file=path,
                    hint="open it in Word or LibreOffice and save it again",
                )
            ]
        ) from None
    if not doc.sections:
        raise TemplateError([Diagnostic("error", "the template has no page setup", file=path)])
    return doc


def clear_body(doc: DocxDocument) -> None:
    """Remove the template's body content, keeping the last section's properties.

    Headers and footers belong to the section properties, so they stay.
    """
    body = doc.element.body
    final_sectpr = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is final_sectpr:
            continue
        if child.tag == qn("w:p"):
            inner = child.find(qn("w:pPr") + "/" + qn("w:sectPr"))
            if inner is not None and final_sectpr is None:
                # A body that ends in a paragraph-level section break: keep its properties.
                final_sectpr = inner
                body.append(inner)
        body.remove(child)


def header_footer_parts(doc: DocxDocument) -> Iterator[Any]:
    """Every header and footer element of every section, without creating new ones."""
    seen: set[int] = set()
    for section in doc.sections:
        for attr in (
            "header",
            "footer",
            "first_page_header",
            "first_page_footer",
            "even_page_header",
            "even_page_footer",
        ):
            part = getattr(section, attr)
            if part.is_linked_to_previous:
                continue
            element = part._element
            if id(element) in seen:
                continue
            seen.add(id(element))
            yield element


PLACEHOLDERS = ("programme", "kommune", "samling", "date", "place", "theme", "title")


def fill_placeholders(doc: DocxDocument, values: dict[str, str]) -> list[str]:
    """Replace {programme}, {samling}, ... in headers and footers; return the names found.

    A placeholder split over several runs (Word does that) is still found: the text of the
    runs is joined, replaced, and written back into the first run it touches.
    """
    found: list[str] = []
    pattern = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")
    for element in header_footer_parts(doc):
        for paragraph in element.iter(qn("w:p")):
            texts = list(paragraph.iter(qn("w:t")))
            joined = "".join(t.text or "" for t in texts)
            matches = list(pattern.finditer(joined))
            if not matches:
                continue
            spans: list[tuple[int, int, Any]] = []
            position = 0
            for t in texts:
                length = len(t.text or "")
                spans.append((position, position + length, t))
                position += length
            for match in reversed(matches):
                found.append(match.group(1))
                replacement = values.get(match.group(1), "")
                start, end = match.span()
                first = True
                for span_start, span_end, t in spans:
                    if span_end <= start or span_start >= end:
                        continue
                    content = t.text or ""
                    local_start = max(start, span_start) - span_start
                    local_end = min(end, span_end) - span_start
                    insert = replacement if first else ""
                    first = False
                    t.text = content[:local_start] + insert + content[local_end:]
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                # Recompute spans after the edit.
                spans = []
                position = 0
                for t in texts:
                    length = len(t.text or "")
                    spans.append((position, position + length, t))
                    position += length
    return sorted(set(found))


def placeholder_values(bundle: SamlingBundle, title: str) -> dict[str, str]:
    from pipeline.model.types import norwegian_date

    return {
        "programme": bundle.program.title,
        "kommune": bundle.program.kommune,
        "samling": str(bundle.info.number),
        "date": norwegian_date(bundle.info.date),
        "place": bundle.info.place,
        "theme": bundle.info.theme,
        "title": title,
    }


def content_width(doc: DocxDocument) -> int:
    """Width between the margins of the last section, in EMU."""
    section = doc.sections[-1]
    page = section.page_width or Emu(int(21.0 * 360000))
    left = section.left_margin if section.left_margin is not None else Emu(int(2.5 * 360000))
    right = section.right_margin if section.right_margin is not None else Emu(int(2.5 * 360000))
    return int(page) - int(left) - int(right)


def content_height(doc: DocxDocument) -> int:
    section = doc.sections[-1]
    page = section.page_height or Emu(int(29.7 * 360000))
    top = section.top_margin if section.top_margin is not None else Emu(int(2.5 * 360000))
    bottom = section.bottom_margin if section.bottom_margin is not None else Emu(720000)
    return int(page) - abs(int(top)) - abs(int(bottom))


def normal_font(doc: DocxDocument) -> tuple[str, float]:
    """The family and size (pt) of the template's body text, for measuring."""
    family = None
    size = None
    normal = find_style(doc, "Normal")
    if normal is not None:
        family = normal.font.name
        size = normal.font.size.pt if normal.font.size is not None else None
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            fonts = rpr.find(qn("w:rFonts"))
            if family is None and fonts is not None:
                family = fonts.get(qn("w:ascii"))
            sz = rpr.find(qn("w:sz"))
            if size is None and sz is not None:
                size = int(sz.get(qn("w:val"))) / 2
    return family or "Carlito", size or 11.0


# --------------------------------------------------------------------------- paragraphs


def add_rich_text(paragraph: Paragraph, value: str, bold: bool | None = None) -> None:
    """Add text with **bold** and *italic* marks as runs; `bold` makes all of it bold."""
    for span in inline_runs(value):
        run = paragraph.add_run(span.text)
        if span.bold or bold:
            run.bold = True
        if span.italic:
            run.italic = True


def plain(value: str) -> str:
    """Text without the Markdown emphasis marks."""
    return plain_text(value)


def set_keep_with_next(paragraph: Paragraph, keep: bool = True) -> None:
    paragraph.paragraph_format.keep_with_next = keep


def set_page_break_before(paragraph: Paragraph) -> None:
    paragraph.paragraph_format.page_break_before = True


def set_spacing(
    paragraph: Paragraph, before: float | None = None, after: float | None = None
) -> None:
    if before is not None:
        paragraph.paragraph_format.space_before = Pt(before)
    if after is not None:
        paragraph.paragraph_format.space_after = Pt(after)


class ListWriter:
    """Writes bulleted and numbered lists; numbering restarts at 1 for every list."""

    def __init__(self, doc: DocxDocument, styles: Styles) -> None:
        self.doc = doc
        self.styles = styles

    def bullets(self, container: Any, items: Iterable[str], level_of: Any = None) -> None:
        style = self.styles["List Bullet"]
        numbered = self.styles.has_numbering("List Bullet")
        for item in items:
            paragraph = set_style(container.add_paragraph(), style)
            if not numbered:
                paragraph.add_run("•\t")
                _hanging(paragraph)
            add_rich_text(paragraph, item)

    def numbered(self, container: Any, items: Iterable[str]) -> None:
        style = self.styles["List Number"]
        num_id = self._restart_numbering() if self.styles.has_numbering("List Number") else None
        for index, item in enumerate(items, start=1):
            paragraph = set_style(container.add_paragraph(), style)
            if num_id is None:
                paragraph.add_run(f"{index}.\t")
                _hanging(paragraph)
            else:
                ppr = paragraph._p.get_or_add_pPr()
                numpr = _el("w:numPr")
                numpr.append(_el("w:ilvl", val="0"))
                numpr.append(_el("w:numId", val=str(num_id)))
                _insert_ppr_child(ppr, numpr)
            add_rich_text(paragraph, item)

    def _restart_numbering(self) -> int | None:
        style = self.styles["List Number"]
        numpr = None
        current = style
        while current is not None and numpr is None:
            ppr = current.element.pPr
            numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
            current = current.base_style
        if numpr is None or numpr.find(qn("w:numId")) is None:
            return None
        style_num = numpr.find(qn("w:numId")).get(qn("w:val"))
        numbering = _numbering_element(self.doc)
        if numbering is None:
            return None
        abstract = None
        for num in numbering.findall(qn("w:num")):
            if num.get(qn("w:numId")) == style_num:
                abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        if abstract is None:
            return None
        new_id = numbering._next_numId
        num = numbering.add_num(int(abstract))
        override = num.add_lvlOverride(0)
        override.add_startOverride(1)
        return int(new_id)


def _hanging(paragraph: Paragraph) -> None:
    fmt = paragraph.paragraph_format
    if fmt.left_indent is None:
        fmt.left_indent = Emu(int(0.63 * 360000))
        fmt.first_line_indent = Emu(int(-0.63 * 360000))
    fmt.tab_stops.add_tab_stop(fmt.left_indent)


def add_hyperlink(
    paragraph: Paragraph, url: str, label: str | None = None, colour: str = "1F4E79"
) -> None:
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    _insert_ordered(rpr, _el("w:color", val=colour), _RPR_ORDER)
    _insert_ordered(rpr, _el("w:u", val="single"), _RPR_ORDER)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.text = label or url
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def add_picture(paragraph: Paragraph, image: bytes, width: int, alt: str, title: str = "") -> None:
    """A picture in its own run, with alt text (descr) and a title for screen readers."""
    run = paragraph.add_run()
    shape = run.add_picture(io.BytesIO(image), width=Emu(width))
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", alt)
    if title:
        doc_pr.set("title", title)


# --------------------------------------------------------------------------- tables


def new_table(container: Any, rows: int, widths: list[int], style: str | None = None) -> Table:
    """A table with fixed column widths (EMU) that Word and LibreOffice both honour."""
    table = container.add_table(rows=rows, cols=len(widths))
    if style:
        table.style = style
    set_col_widths(table, widths)
    return table


def set_col_widths(table: Table, widths: list[int]) -> None:
    """Set tblW, tblLayout fixed, every gridCol and every cell's tcW (EMU in, twips out)."""
    tbl = table._tbl
    tblpr = tbl.tblPr
    total = sum(widths)
    _insert_ordered(tblpr, _el("w:tblW", w=str(_twips(total)), type="dxa"), _TBLPR_ORDER)
    _insert_ordered(tblpr, _el("w:tblLayout", type="fixed"), _TBLPR_ORDER)
    grid = tbl.tblGrid
    for col in list(grid):
        grid.remove(col)
    for width in widths:
        grid.append(_el("w:gridCol", w=str(_twips(width))))
    for row in table.rows:
        for index, cell in enumerate(_cells_of(row)):
            span = _span(cell)
            width = (
                sum(widths[index : index + span])
                if span > 1
                else widths[min(index, len(widths) - 1)]
            )
            set_cell_width(cell, width)


def _cells_of(row: _Row) -> list[Any]:
    return list(row._tr.findall(qn("w:tc")))


def _span(tc: Any) -> int:
    tcpr = tc.find(qn("w:tcPr"))
    if tcpr is not None:
        span = tcpr.find(qn("w:gridSpan"))
        if span is not None:
            return int(span.get(qn("w:val")))
    return 1


def set_cell_width(tc: Any, width: int) -> None:
    tcpr = tc.get_or_add_tcPr()
    _insert_ordered(tcpr, _el("w:tcW", w=str(_twips(width)), type="dxa"), _TCPR_ORDER)


def _twips(emu: int) -> int:
    return int(round(emu * TWIPS_PER_EMU))


def set_row_height(row: _Row, height: int, exact: bool = True, cant_split: bool = True) -> None:
    """A row of exactly (or at least) `height` EMU that never splits across pages."""
    row.height = Emu(height)
    row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY if exact else WD_ROW_HEIGHT_RULE.AT_LEAST
    if cant_split:
        trpr = row._tr.get_or_add_trPr()
        _insert_ordered(trpr, _el("w:cantSplit"), _TRPR_ORDER)


def set_cant_split(row: _Row) -> None:
    trpr = row._tr.get_or_add_trPr()
    _insert_ordered(trpr, _el("w:cantSplit"), _TRPR_ORDER)


def keep_table_together(table: Table) -> None:
    """Keep a short table on one page: every row but the last keeps with the next (Word and
    LibreOffice both honour keep-with-next on the paragraphs of a table's rows)."""
    rows = table.rows
    for row in rows[:-1]:
        for tc in row._tr.findall(qn("w:tc")):
            for p in tc.findall(qn("w:p")):
                ppr = p.get_or_add_pPr()
                _insert_ppr_child(ppr, _el("w:keepNext"))
    for row in rows:
        set_cant_split(row)


def set_header_row(row: _Row) -> None:
    """Mark a row as the table's header: repeated on each page, read as headers."""
    trpr = row._tr.get_or_add_trPr()
    _insert_ordered(trpr, _el("w:tblHeader"), _TRPR_ORDER)
    _insert_ordered(trpr, _el("w:cantSplit"), _TRPR_ORDER)


def set_table_borders(
    table: Table,
    colour: str = "A6B4C0",
    size: int = 4,
    inside: bool = True,
    outer: bool = True,
    vertical: bool = True,
) -> None:
    """Table borders; vertical=False leaves only horizontal rules (no column lines)."""
    borders = _el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        is_inside = side.startswith("inside")
        on = inside if is_inside else outer
        if side in ("left", "right", "insideV") and not vertical:
            on = False
        if on:
            borders.append(_el(f"w:{side}", val="single", sz=str(size), space="0", color=colour))
        else:
            borders.append(_el(f"w:{side}", val="nil"))
    _insert_ordered(table._tbl.tblPr, borders, _TBLPR_ORDER)


def set_table_cell_margins(
    table: Table, top: int = 40, left: int = 85, bottom: int = 40, right: int = 85
) -> None:
    """Cell margins in twips for the whole table."""
    margins = _el("w:tblCellMar")
    for side, value in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        margins.append(_el(f"w:{side}", w=str(value), type="dxa"))
    _insert_ordered(table._tbl.tblPr, margins, _TBLPR_ORDER)


def set_table_align_center(table: Table) -> None:
    _insert_ordered(table._tbl.tblPr, _el("w:jc", val="center"), _TBLPR_ORDER)


def set_table_description(table: Table, caption: str, description: str = "") -> None:
    """Table title and summary for screen readers (Word's table alt text)."""
    _insert_ordered(table._tbl.tblPr, _el("w:tblCaption", val=caption), _TBLPR_ORDER)
    if description:
        _insert_ordered(table._tbl.tblPr, _el("w:tblDescription", val=description), _TBLPR_ORDER)


def set_cell_shading(cell: _Cell | Any, fill: str) -> None:
    tc = cell._tc if isinstance(cell, _Cell) else cell
    tcpr = tc.get_or_add_tcPr()
    _insert_ordered(
        tcpr, _el("w:shd", val="clear", color="auto", fill=fill.lstrip("#")), _TCPR_ORDER
    )


def set_cell_borders(cell: _Cell, **sides: tuple[str, int, str] | None) -> None:
    """Per-cell borders: side=(val, size in eighths of a point, colour) or None for none."""
    set_tc_borders(cell._tc, **sides)


def set_tc_borders(tc: Any, **sides: tuple[str, int, str] | None) -> None:
    """Borders on one w:tc element (also a vertically merged continuation cell)."""
    tcpr = tc.get_or_add_tcPr()
    existing = tcpr.find(qn("w:tcBorders"))
    borders = existing if existing is not None else _el("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        if side not in sides:
            continue
        for old in borders.findall(qn(f"w:{side}")):
            borders.remove(old)
        spec = sides[side]
        if spec is None:
            element = _el(f"w:{side}", val="nil")
        else:
            val, size, colour = spec
            element = _el(f"w:{side}", val=val, sz=str(size), space="0", color=colour)
        order = ["top", "left", "start", "bottom", "right", "end", "insideH", "insideV"]
        _insert_ordered(borders, element, order)
    if existing is None:
        _insert_ordered(tcpr, borders, _TCPR_ORDER)


def set_cell_valign(cell: _Cell, where: str = "center") -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    _insert_ordered(tcpr, _el("w:vAlign", val=where), _TCPR_ORDER)


def merge_row(row: _Row) -> _Cell:
    cells = row.cells
    return cells[0].merge(cells[-1]) if len(cells) > 1 else cells[0]


def set_style(paragraph: Paragraph, style: Any) -> Paragraph:
    """Give `paragraph` a paragraph style object, writing its id straight into w:pStyle.

    python-docx's own setter finds the document's default style by scanning every style on
    each call, which made a long guide quadratic; the result here is the same XML.
    """
    ppr = paragraph._p.get_or_add_pPr()
    ppr.style = style.style_id
    return paragraph


def cell_text(
    cell: _Cell, value: str, style: Any, bold: bool = False, colour: str | None = None
) -> Paragraph:
    """Write `value` into a cell's first paragraph with a style."""
    paragraph = cell.paragraphs[0]
    set_style(paragraph, style)
    add_rich_text(paragraph, value, bold=bold or None)
    if colour:
        for run in paragraph.runs:
            run.font.color.rgb = RGBColor.from_string(colour.lstrip("#"))
    return paragraph


def header_cells(table: Table, labels: list[str], fill: str, style: Any) -> None:
    """The table's first row as its repeating header: `labels` in bold on `fill`."""
    row = table.rows[0]
    set_header_row(row)
    fg = text_on(fill)
    for cell, value in zip(row.cells, labels, strict=True):
        set_cell_shading(cell, fill)
        cell_text(cell, value, style, bold=True, colour=fg)


# --------------------------------------------------------------------------- colour


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    value = colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(fill: str) -> str:
    """White or near-black, whichever reads better on `fill`."""
    return "FFFFFF" if contrast(fill, "FFFFFF") >= contrast(fill, "1E2A33") else "1E2A33"


def tint(colour: str, amount: float) -> str:
    """Mix `colour` with white: amount 0 is the colour, 1 is white."""
    value = colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) for i in (0, 2, 4)]
    mixed = [round(c + (255 - c) * amount) for c in channels]
    return "".join(f"{c:02X}" for c in mixed)


# --------------------------------------------------------------------------- slides


def slide_span(bundle: SamlingBundle, slide: Slide) -> int:
    """How many deck slides one content slide becomes."""
    if slide.kind == "frame":
        return len(bundle.program.frame_slides)
    return 1


def deck_slide_numbers(bundle: SamlingBundle) -> dict[str, list[int]]:
    """Agenda block id -> the deck's slide numbers (1-based) of that block, in order.

    Slide i of `bundle.slides` follows the ones before it; a "frame" slide expands to one
    deck slide per entry in `program.frame_slides`.
    """
    numbers: dict[str, list[int]] = {}
    for slide, nums in zip(bundle.slides, per_slide_numbers(bundle), strict=True):
        numbers.setdefault(slide.block_id, []).extend(nums)
    return numbers


def per_slide_numbers(
    bundle: SamlingBundle, slide_numbers: dict[str, list[int]] | None = None
) -> list[list[int]]:
    """The deck slide numbers of each content slide, in `bundle.slides` order.

    With `slide_numbers` from the build, each block's numbers are handed out to its slides in
    order; a block whose count differs from ours falls back to our own count.
    """
    own: list[list[int]] = []
    counter = 0
    for slide in bundle.slides:
        span = slide_span(bundle, slide)
        own.append(list(range(counter + 1, counter + span + 1)))
        counter += span
    if slide_numbers is None:
        return own
    result: list[list[int]] = []
    cursor: dict[str, int] = {}
    for slide, mine in zip(bundle.slides, own, strict=True):
        given = slide_numbers.get(slide.block_id)
        expected = sum(slide_span(bundle, s) for s in bundle.slides if s.block_id == slide.block_id)
        if given is None or len(given) != expected:
            result.append(mine)
            continue
        start = cursor.get(slide.block_id, 0)
        span = slide_span(bundle, slide)
        result.append(list(given[start : start + span]))
        cursor[slide.block_id] = start + span
    return result


def format_numbers(numbers: Iterable[int]) -> str:
    """[3, 4, 5, 9] -> '3–5, 9'."""
    values = sorted(set(numbers))
    parts: list[str] = []
    index = 0
    while index < len(values):
        start = values[index]
        end = start
        while index + 1 < len(values) and values[index + 1] == end + 1:
            index += 1
            end = values[index]
        parts.append(str(start) if start == end else f"{start}–{end}")
        index += 1
    return ", ".join(parts)


# --------------------------------------------------------------------------- time


def minutes_of(value: time) -> int:
    return value.hour * 60 + value.minute


def hhmm(minutes: int) -> str:
    minutes = max(0, minutes)
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def build_time(day: date) -> datetime:
    """The documents' created/modified time: SOURCE_DATE_EPOCH when set, else the day."""
    from pipeline.outputs import source_date

    return source_date(day)


# --------------------------------------------------------------------------- saving


def set_language(doc: DocxDocument, tag: str) -> None:
    """Declare `tag` (nn-NO, nb-NO) in the defaults, every style and every run."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = _el("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = _el("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = _el("w:rPr")
        rpr_default.append(rpr)
    _set_lang(rpr, tag)
    for style in styles.findall(qn("w:style")):
        style_rpr = style.find(qn("w:rPr"))
        if style_rpr is not None and style_rpr.find(qn("w:lang")) is not None:
            _set_lang(style_rpr, tag)
    roots = [doc.element.body, *header_footer_parts(doc)]
    for root in roots:
        for run in root.iter(qn("w:r")):
            run_rpr = run.find(qn("w:rPr"))
            if run_rpr is None:
                run_rpr = _el("w:rPr")
                run.insert(0, run_rpr)
            _set_lang(run_rpr, tag)
        for paragraph_rpr in root.iter(qn("w:pPr")):
            mark = paragraph_rpr.find(qn("w:rPr"))
            if mark is not None:
                _set_lang(mark, tag)
    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), tag)


def _set_lang(rpr: Any, tag: str) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = _insert_ordered(rpr, _el("w:lang"), _RPR_ORDER)
    lang.set(qn("w:val"), tag)
    lang.set(qn("w:eastAsia"), tag)
    lang.set(qn("w:bidi"), tag)


def set_core_properties(
    doc: DocxDocument,
    *,
    title: str,
    subject: str,
    author: str,
    language: str,
    keywords: str,
    when: datetime,
) -> None:
    props = doc.core_properties
    props.title = title
    props.subject = subject
    props.author = author
    props.last_modified_by = author
    props.language = language
    props.keywords = keywords
    props.category = ""
    props.comments = ""
    props.revision = 1
    props.created = when
    props.modified = when
    props.last_printed = when


def save_docx(doc: DocxDocument) -> bytes:
    """The document as bytes, with fixed zip entry times so equal input gives equal output."""
    raw = io.BytesIO()
    doc.save(raw)
    return normalise_zip(raw.getvalue())


def finish_docx(
    doc: DocxDocument, bundle: SamlingBundle, short_title: str, title: str, keyword: str
) -> bytes:
    """Fill in the template's placeholders, set the language and the document properties.

    `short_title` is the template's {title}, `title` the document's title, `keyword` the last
    of its keywords (after the kommune and the programme). Returns the .docx bytes.
    """
    fill_placeholders(doc, placeholder_values(bundle, short_title))
    tag = language_tag(bundle.malform)
    set_language(doc, tag)
    set_core_properties(
        doc,
        title=title,
        subject=bundle.info.theme,
        author=", ".join(bundle.program.facilitators) or bundle.program.kommune,
        language=tag,
        keywords=f"{bundle.program.kommune}; {bundle.program.title}; {keyword}",
        when=build_time(bundle.info.date),
    )
    return save_docx(doc)


# --------------------------------------------------------------------------- misc


def norwegian_sort_key(value: str) -> tuple[Any, ...]:
    """Sort Norwegian text: æ, ø, å after z; case and emphasis marks ignored."""
    order = "abcdefghijklmnopqrstuvwxyzæøå"
    folded = plain(value).casefold()
    key: list[int] = []
    for char in folded:
        if char in order:
            key.append(100 + order.index(char))
        elif char.isdigit():
            key.append(10 + int(char))
        elif char in "éèê":
            key.append(100 + order.index("e"))
        elif char.isalpha():
            key.append(200 + ord(char))
        else:
            continue
    return tuple(key)


def cm(value: float) -> int:
    """Centimetres in EMU."""
    return int(round(value * 360000))


def ceil_div(a: int, b: int) -> int:
    return math.ceil(a / b) if b else a
