"""Shared helpers for writing the .docx outputs: paragraphs, lists, links, pictures, colours.

The template, the styles and the tables have modules of their own in this package: document,
styles and tables. Word XML itself is built in pipeline.ooxml.wordml.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Emu
from docx.text.paragraph import Paragraph

from pipeline.checks.contrast import contrast_ratio, parse_hex
from pipeline.model.inline import inline_runs, plain_text
from pipeline.ooxml.units import EMU_PER_CM, emu_from_cm
from pipeline.ooxml.wordml import (
    append_text_run,
    hyperlink,
    set_numbering,
    set_paragraph_style,
)
from pipeline.render.word.document import DocxDocument
from pipeline.render.word.styles import Styles, numbering_element

# --------------------------------------------------------------------------- paragraphs


def add_rich_text(paragraph: Paragraph, value: str, bold: bool | None = None) -> None:
    """Add text with **bold** and *italic* marks as runs; `bold` makes all of it bold."""
    for span in inline_runs(value):
        strong = bool(span.bold or bold)
        if append_text_run(paragraph._p, span.text, strong, span.italic) is not None:
            continue
        run = paragraph.add_run(span.text)
        if strong:
            run.bold = True
        if span.italic:
            run.italic = True


def add_bookmark(paragraph: Paragraph, name: str, bookmark_id: int) -> None:
    """Mark the whole of `paragraph`'s text with the bookmark `name` (start after the
    paragraph's properties, end after its last run: one paragraph, as Word writes it)."""
    p = paragraph._p
    start = p.makeelement(qn("w:bookmarkStart"), {qn("w:id"): str(bookmark_id), qn("w:name"): name})
    p.insert(1 if p.pPr is not None else 0, start)
    p.append(p.makeelement(qn("w:bookmarkEnd"), {qn("w:id"): str(bookmark_id)}))


_BOOKMARK_START, _BOOKMARK_END, _ID = qn("w:bookmarkStart"), qn("w:bookmarkEnd"), qn("w:id")


def number_bookmarks(root: Any) -> None:
    """Number the bookmarks inside `root` 1, 2, 3 … in document order, each end as its
    start: they may be written with any id (pieces kept on their own use 0), as long as
    each ends before the next one with the same id starts, as `add_bookmark` writes them."""
    open_ids: dict[str, str] = {}
    number = 0
    for element in root.iter(_BOOKMARK_START, _BOOKMARK_END):
        written = element.get(_ID)
        if element.tag == _BOOKMARK_START:
            number += 1
            open_ids[written] = str(number)
            element.set(_ID, str(number))
        elif written in open_ids:
            element.set(_ID, open_ids.pop(written))


def plain(value: str) -> str:
    """Text without the Markdown emphasis marks."""
    return plain_text(value)


def set_keep_with_next(paragraph: Paragraph, keep: bool = True) -> None:
    paragraph.paragraph_format.keep_with_next = keep


def set_page_break_before(paragraph: Paragraph) -> None:
    paragraph.paragraph_format.page_break_before = True


def set_style(paragraph: Paragraph, style: Any) -> Paragraph:
    """Give `paragraph` a paragraph style object, writing its id straight into w:pStyle.

    python-docx's own setter finds the document's default style by scanning every style on
    each call, which made a long guide quadratic; the result here is the same XML.
    """
    if style.style_id is None:  # a template's style without an id: as python-docx does it
        paragraph._p.get_or_add_pPr().style = None
    else:
        set_paragraph_style(paragraph._p, style.style_id)
    return paragraph


class ListWriter:
    """Writes bulleted and numbered lists; numbering restarts at 1 for every list."""

    def __init__(self, doc: DocxDocument, styles: Styles) -> None:
        self.doc = doc
        self.styles = styles

    def bullets(self, container: Any, items: Iterable[str]) -> None:
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
                set_numbering(paragraph._p.get_or_add_pPr(), num_id)
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
        numbering = numbering_element(self.doc)
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
        fmt.left_indent = Emu(emu_from_cm(0.63))
        fmt.first_line_indent = Emu(emu_from_cm(-0.63))
    fmt.tab_stops.add_tab_stop(fmt.left_indent)


def add_hyperlink(
    paragraph: Paragraph, url: str, label: str | None = None, colour: str = "1F4E79"
) -> None:
    """An external link, underlined in `colour`, at the end of `paragraph`."""
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    paragraph._p.append(hyperlink(r_id, label or url, colour))


def add_picture(paragraph: Paragraph, image: bytes, width: int, alt: str, title: str = "") -> None:
    """A picture in its own run, with alt text (descr) and a title for screen readers."""
    run = paragraph.add_run()
    shape = run.add_picture(io.BytesIO(image), width=Emu(width))
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", alt)
    if title:
        doc_pr.set("title", title)


# --------------------------------------------------------------------------- colour


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two hex colours."""
    return contrast_ratio(parse_hex(a), parse_hex(b))


def text_on(fill: str) -> str:
    """White or near-black, whichever reads better on `fill`."""
    return "FFFFFF" if contrast(fill, "FFFFFF") >= contrast(fill, "1E2A33") else "1E2A33"


def tint(colour: str, amount: float) -> str:
    """Mix `colour` with white: amount 0 is the colour, 1 is white."""
    value = colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) for i in (0, 2, 4)]
    mixed = [round(c + (255 - c) * amount) for c in channels]
    return "".join(f"{c:02X}" for c in mixed)


# --------------------------------------------------------------------------- misc


def cm(value: float) -> int:
    """Centimetres in EMU."""
    return round(value * EMU_PER_CM)
