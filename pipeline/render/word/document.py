"""A .docx output as a whole: the designer's template opened and cleared, the headers' and
footers' placeholders filled in, the language and properties declared, the bytes saved.

A designer's template supplies page size, margins, headers, footers and styles. The pipeline
opens it, clears its body (keeping the section properties, and so the headers and footers),
and writes into it with the template's styles.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import nsmap, qn
from docx.shared import Emu
from lxml import etree

from pipeline.errors import Diagnostic, TemplateError
from pipeline.model.types import SamlingBundle, norwegian_date
from pipeline.model.words import language_tag
from pipeline.ooxml.guard import guard_office_template
from pipeline.ooxml.package import normalise_zip
from pipeline.ooxml.units import emu_from_cm
from pipeline.ooxml.wordml import XML_SPACE, default_run_properties, run_properties, set_lang
from pipeline.outputs import source_date

DocxDocument = Any  # python-docx's Document object (docx.document.Document)


# Templates opened ahead by a long-lived process (`samling server`, while idle), by path:
# the sha256 of the bytes opened, the document and the guard's warnings.
_OPENED: dict[str, tuple[str, DocxDocument, list[Diagnostic]]] = {}


def preopen(path: Path) -> None:
    """Open the template at `path` now, for a later `load_template` of the same bytes.

    Meant for `samling server`: each build it forks has its own copy of the opened document
    and takes it once (`load_template` removes it from its copy), so no two builds ever
    share one. A template that fails to open is left to the build to report.
    """
    key = str(path.absolute())
    _OPENED.pop(key, None)
    warnings: list[Diagnostic] = []
    try:
        doc, digest = _open_template(path, warnings)
    except TemplateError:
        return
    _OPENED[key] = (digest, doc, warnings)


def load_template(path: Path, warnings: list[Diagnostic] | None = None) -> DocxDocument:
    """Open a designer's Word template (.docx, .dotx or .dotm), or raise TemplateError.

    A .dotx/.dotm is read as the document it makes: the guard retypes its main part and
    removes a .dotm's macros.

    The document is read from the guard's cleaned bytes, so links, fields that fetch and macros
    never reach the output; what the guard removed is added to `warnings`. A document opened
    ahead from the same bytes (`preopen`) is used once instead of opening the file again.
    """
    kept = _OPENED.pop(str(path.absolute()), None)
    if kept is not None:
        # The guard reads the file (once, safely) and knows its bytes from before.
        guarded = guard_office_template(path)
        if guarded.source_sha256 == kept[0]:
            if warnings is not None:
                warnings.extend(kept[2])
            return kept[1]
    return _open_template(path, warnings)[0]


def _open_template(path: Path, warnings: list[Diagnostic] | None) -> tuple[DocxDocument, str]:
    """The document and the sha256 of the bytes it was opened from."""
    if not path.is_file():
        raise TemplateError([Diagnostic("error", "the Word template does not exist", file=path)])
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise TemplateError(
            [
                Diagnostic(
                    "error",
                    f"the template is not a Word file ({exc})",
                    file=path,
                    hint="save it from Word or LibreOffice as .docx or .dotx",
                )
            ]
        ) from None
    if "word/document.xml" not in names and "[Content_Types].xml" not in names:
        raise TemplateError(
            [
                Diagnostic(
                    "error",
                    "the template is a zip file but not a Word document",
                    file=path,
                    hint="save it from Word or LibreOffice as .docx or .dotx",
                )
            ]
        )
    guarded = guard_office_template(path)
    if warnings is not None:
        warnings.extend(guarded.warnings)
    try:
        doc = Document(io.BytesIO(guarded.data))
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise TemplateError(
            [
                Diagnostic(
                    "error",
                    f"the template cannot be read as a Word document ({exc})",
                    file=path,
                    hint="open it in Word or LibreOffice and save it again",
                )
            ]
        ) from None
    if not doc.sections:
        raise TemplateError([Diagnostic("error", "the template has no page setup", file=path)])
    return doc, guarded.source_sha256


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


def _text_spans(texts: list[Any]) -> list[tuple[int, int, Any]]:
    """(start, end, w:t) of each text node in the text joined from all of them."""
    spans: list[tuple[int, int, Any]] = []
    position = 0
    for t in texts:
        length = len(t.text or "")
        spans.append((position, position + length, t))
        position += length
    return spans


def _replace_span(texts: list[Any], start: int, end: int, replacement: str) -> None:
    """Replace characters start..end of the joined text; the first node touched gets it."""
    first = True
    for span_start, span_end, t in _text_spans(texts):
        if span_end <= start or span_start >= end:
            continue
        content = t.text or ""
        local_start = max(start, span_start) - span_start
        local_end = min(end, span_end) - span_start
        insert = replacement if first else ""
        first = False
        t.text = content[:local_start] + insert + content[local_end:]
        t.set(XML_SPACE, "preserve")


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
            # From the last match back, so the earlier matches' positions stay valid.
            for match in reversed(list(pattern.finditer(joined))):
                found.append(match.group(1))
                start, end = match.span()
                _replace_span(texts, start, end, values.get(match.group(1), ""))
    return sorted(set(found))


def placeholder_values(bundle: SamlingBundle, title: str) -> dict[str, str]:
    return {
        "programme": bundle.program.title,
        "kommune": bundle.program.kommune,
        "samling": str(bundle.info.number),
        "date": norwegian_date(bundle.info.date),
        "place": bundle.info.place,
        "theme": bundle.info.theme,
        "title": title,
    }


PAGE_SIZES = (  # name, short and long side in cm
    ("A4", 21.0, 29.7),
    ("A3", 29.7, 42.0),
    ("A5", 14.8, 21.0),
    ("Letter", 21.59, 27.94),
    ("Legal", 21.59, 35.56),
)


def page_size_cm(doc: DocxDocument) -> tuple[float, float]:
    """Width and height of the last section's page, in cm (A4 when the template says none)."""
    section = doc.sections[-1]
    width = section.page_width or Emu(emu_from_cm(21.0))
    height = section.page_height or Emu(emu_from_cm(29.7))
    return int(width) / emu_from_cm(1.0), int(height) / emu_from_cm(1.0)


def page_name(doc: DocxDocument) -> str:
    """The template's paper, as a printer names it: A4, Letter, ..., or "custom size"."""
    short, long_ = sorted(page_size_cm(doc))
    for name, w, h in PAGE_SIZES:
        if abs(short - w) < 0.2 and abs(long_ - h) < 0.2:
            return name
    return "custom size"


def content_width(doc: DocxDocument) -> int:
    """Width between the margins of the last section, in EMU."""
    section = doc.sections[-1]
    page = section.page_width or Emu(emu_from_cm(21.0))
    left = section.left_margin if section.left_margin is not None else Emu(emu_from_cm(2.5))
    right = section.right_margin if section.right_margin is not None else Emu(emu_from_cm(2.5))
    return int(page) - int(left) - int(right)


def content_height(doc: DocxDocument) -> int:
    section = doc.sections[-1]
    page = section.page_height or Emu(emu_from_cm(29.7))
    top = section.top_margin if section.top_margin is not None else Emu(emu_from_cm(2.5))
    bottom = section.bottom_margin if section.bottom_margin is not None else Emu(emu_from_cm(2.0))
    return int(page) - abs(int(top)) - abs(int(bottom))


def set_language(doc: DocxDocument, tag: str) -> None:
    """Declare `tag` (nn-NO, nb-NO) in the defaults, every style and every run."""
    styles = doc.styles.element
    set_lang(default_run_properties(styles), tag)
    for style in styles.findall(qn("w:style")):
        style_rpr = style.find(qn("w:rPr"))
        if style_rpr is not None and style_rpr.find(qn("w:lang")) is not None:
            set_lang(style_rpr, tag)
    set_text_language([doc.element.body, *header_footer_parts(doc)], tag)
    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), tag)


# A w:rPr whose first w:lang declares $tag for all three scripts: `set_lang` leaves it as is.
_DECLARED = "w:lang[1][@w:val=$tag and @w:eastAsia=$tag and @w:bidi=$tag]"
# The runs and the paragraph marks `set_lang` would change, in document order; the first
# w:rPr and w:lang as `run_properties` and `set_lang` find them.
_RUNS_WITHOUT = etree.XPath(
    f"descendant-or-self::w:r[not(w:rPr[1][{_DECLARED}])]", namespaces={"w": nsmap["w"]}
)
_MARKS_WITHOUT = etree.XPath(
    f"descendant-or-self::w:pPr/w:rPr[1][not({_DECLARED})]", namespaces={"w": nsmap["w"]}
)


def set_text_language(roots: list[Any], tag: str) -> None:
    """Declare `tag` in every run and paragraph mark inside `roots`. Declaring it twice
    gives the XML of declaring it once, so a piece written with its language
    (`fragments`) comes out of `set_language` as it went in."""
    for root in roots:
        # Only what lacks the tag: a kept piece has it already, and walking every run with
        # python-docx's element lookups took a fifth of a guide's time.
        for run in _RUNS_WITHOUT(root, tag=tag):
            set_lang(run_properties(run), tag)
        for mark in _MARKS_WITHOUT(root, tag=tag):
            set_lang(mark, tag)


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
        when=source_date(bundle.info.date),
    )
    return save_docx(doc)
