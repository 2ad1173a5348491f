"""The styles the .docx outputs use, found in the designer's template or added as fallbacks.

Style fallback (documented for `samling templates check`): every style the pipeline needs is
listed in STYLE_SPECS. When a template lacks one, the pipeline adds that style to the output
with the plain look described in the spec, based on the template's own Normal style (or on
LibreOffice's "Heading" style for headings) but always left-aligned and single-spaced, so it
never inherits a justified, double-spaced body (narrow table headers broke mid-word), and the
renderer reports one warning naming the missing styles. A list style without numbering gets
its bullet or number written as text. No missing style is ever a KeyError.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Emu, Pt, RGBColor
from lxml import etree

from pipeline.errors import Diagnostic, warning
from pipeline.ooxml.theme import latin_fonts
from pipeline.ooxml.units import emu_from_cm
from pipeline.ooxml.wordml import set_outline_level
from pipeline.render.word.document import DocxDocument


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
    """The template's style called `name` (by name or id, case and spaces ignored), or None.

    The first style (in the template's order) that is called so; of those with its id, the
    first. Looked up in an index of the document's styles, made again when one is added.
    """
    from docx.styles.style import StyleFactory

    by_name, by_id = _style_index(doc)
    style_id = by_name.get((kind, _norm(name)), _NOT_FOUND)
    if style_id is _NOT_FOUND:
        return None
    return StyleFactory(by_id[style_id])  # (a style without an id has the id None here)


_NOT_FOUND = object()


# Per styles part: (how many w:style it had, {(type, normalised name or id): styleId},
# {styleId: the first w:style with it}). A renderer asks for dozens of styles; each scan of
# every style cost about 1 ms.
_STYLE_INDEXES: weakref.WeakKeyDictionary[Any, tuple[int, dict[Any, Any], dict[Any, Any]]] = (
    weakref.WeakKeyDictionary()
)


def _style_index(doc: DocxDocument) -> tuple[dict[Any, Any], dict[Any, Any]]:
    root = doc.styles.element
    styles = root.findall(qn("w:style"))
    known = _STYLE_INDEXES.get(root)
    if known is not None and known[0] == len(styles):
        return known[1], known[2]
    by_name: dict[Any, Any] = {}
    by_id: dict[Any, Any] = {}
    for style in styles:
        style_id = style.get(qn("w:styleId"))
        by_id.setdefault(style_id, style)
        kind = style.get(qn("w:type"))
        by_name.setdefault((kind, _norm(style_id or "")), style_id)
        name_el = style.find(qn("w:name"))
        if name_el is not None:
            by_name.setdefault((kind, _norm(name_el.get(qn("w:val"), ""))), style_id)
    _STYLE_INDEXES[root] = (len(styles), by_name, by_id)
    return by_name, by_id


def style_numbered(doc: DocxDocument, style: Any) -> bool:
    """Whether a paragraph style (or one it is based on) carries working list numbering."""
    seen = 0
    while style is not None and seen < 10:
        ppr = style.element.pPr
        if ppr is not None and ppr.find(qn("w:numPr")) is not None:
            num_id = ppr.find(qn("w:numPr")).find(qn("w:numId"))
            if num_id is None:
                return False
            numbering = numbering_element(doc)
            if numbering is None:
                return False
            value = num_id.get(qn("w:val"))
            return any(num.get(qn("w:numId")) == value for num in numbering.findall(qn("w:num")))
        style = style.base_style
        seen += 1
    return False


def breaks_page(style: Any) -> bool:
    """Whether paragraphs of a style (or one it is based on) start a new page."""
    seen = 0
    while style is not None and seen < 10:
        ppr = style.element.pPr
        found = ppr.find(qn("w:pageBreakBefore")) if ppr is not None else None
        if found is not None:
            return found.get(qn("w:val"), "true").lower() not in ("0", "false", "off")
        style = style.base_style
        seen += 1
    return False


def numbering_element(doc: DocxDocument) -> Any | None:
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
        self.numbered[spec.name] = style_numbered(self.doc, found)
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
        # Explicit, so an added style never inherits the template's justification or double
        # spacing (which broke narrow table headers mid-word).
        fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        fmt.space_before = Pt(spec.space_before)
        fmt.space_after = Pt(spec.space_after)
        fmt.keep_with_next = spec.keep_next
        if spec.indent_cm:
            fmt.left_indent = Emu(emu_from_cm(spec.indent_cm))
        if spec.hanging_cm:
            fmt.first_line_indent = Emu(emu_from_cm(-spec.hanging_cm))
        if spec.outline is not None:
            set_outline_level(style.element.get_or_add_pPr(), spec.outline)
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
            if family is None and fonts is not None:
                family = _theme_font(doc, fonts.get(qn("w:asciiTheme")))
    return family or "Carlito", size or 11.0


def _theme_font(doc: DocxDocument, which: str | None) -> str | None:
    """The typeface a theme font reference (minorHAnsi, majorHAnsi, ...) names, or None."""
    if not which:
        return None
    try:
        blob = doc.part.part_related_by(RT.THEME).blob
        theme = etree.fromstring(blob, etree.XMLParser(resolve_entities=False, no_network=True))
    except (KeyError, etree.XMLSyntaxError):
        return None
    major, minor = latin_fonts(theme, fallback="")
    return (major if which.startswith("major") else minor) or None
