"""Reading a finished deck's slides in reading order: titles, text with its emphasis and list
levels, tables, pictures with their alt text, and the speaker notes.

This knows PresentationML, not samling's content: `pipeline.importer` decides what the pieces
become. What cannot be read as text, tables or pictures (charts, SmartArt, video, embedded
objects) is named in `SlideRead.skipped`, so the caller can report it rather than drop it.
Nothing here follows a link: a picture that is only linked is reported, never fetched.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"

# Placeholder types (python-pptx's PP_PLACEHOLDER values) by what they hold.
TITLE_TYPES = {1, 3}  # title, centre title
SUBTITLE_TYPE = 4
BODY_TYPES = {2, 7}  # body, object
CHROME_TYPES = {12, 13, 15, 16}  # header, slide number, footer, date: the template's own
# Shapes whose tops differ by less than this are on one line of reading (EMU; 0.1 inch).
ROW_TOLERANCE = 91440
# A deck this long is not a workshop day; refuse it before it fills memory.
MAX_SLIDES = 2000


@dataclass(frozen=True)
class TextRun:
    text: str
    bold: bool = False
    italic: bool = False
    link: str = ""  # the address of a hyperlink on the run


@dataclass
class TextPara:
    runs: list[TextRun]
    level: int = 0
    bullet: str = "none"  # none, bullet or number

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass
class TextShape:
    name: str
    paras: list[TextPara]
    role: str = ""  # title, subtitle, body, or "" for a text box or shape


@dataclass
class TableShape:
    name: str
    rows: list[list[list[TextPara]]]  # rows of cells of paragraphs


@dataclass
class PictureShape:
    name: str
    alt: str
    data: bytes
    content_type: str
    cropped: bool = False


Shape = TextShape | TableShape | PictureShape


@dataclass
class SlideRead:
    number: int
    layout: str
    hidden: bool = False
    title: list[TextPara] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)
    notes: list[TextPara] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "a chart «Diagram 3»"


class DeckReadError(ValueError):
    """The deck cannot be opened as a presentation."""


def read_deck(data: bytes) -> list[SlideRead]:
    """The slides of the .pptx `data` (already through the guard), in order."""
    from pptx import Presentation
    from pptx.exc import PackageNotFoundError

    try:
        prs = Presentation(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise DeckReadError(str(exc)) from None
    if len(prs.slides) > MAX_SLIDES:
        raise DeckReadError(f"the deck has {len(prs.slides)} slides (at most {MAX_SLIDES})")
    return [_read_slide(number, slide) for number, slide in enumerate(prs.slides, start=1)]


def _read_slide(number: int, slide: Any) -> SlideRead:
    found = SlideRead(number, slide.slide_layout.name or "")
    found.hidden = slide._element.get("show") in ("0", "false")
    title_shape = None
    for shape in slide.placeholders:
        if shape.placeholder_format.type in TITLE_TYPES and shape.has_text_frame:
            title_shape = shape
            break
    if title_shape is not None:
        found.title = paragraphs(title_shape.text_frame, title_shape.part, "title")
    for shape in reading_order(
        [s for s in slide.shapes if title_shape is None or s._element is not title_shape._element]
    ):
        _read_shape(shape, found)
    if slide.has_notes_slide:
        frame = slide.notes_slide.notes_text_frame
        if frame is not None:
            found.notes = paragraphs(frame, slide.notes_slide.part, "notes")
    return found


def reading_order(shapes: Iterable[Any]) -> list[Any]:
    """Top to bottom, and left to right within a line of shapes whose tops are close."""

    def position(shape: Any) -> tuple[int, int]:
        return int(shape.top or 0), int(shape.left or 0)

    remaining = sorted(shapes, key=position)
    ordered: list[Any] = []
    while remaining:
        top = position(remaining[0])[0]
        row = [s for s in remaining if position(s)[0] - top < ROW_TOLERANCE]
        ordered += sorted(row, key=lambda s: position(s)[1])
        remaining = [s for s in remaining if s not in row]
    return ordered


def _read_shape(shape: Any, slide: SlideRead) -> None:
    kind = _kind(shape)
    name = shape.name or ""
    if kind == "chrome":
        return
    if kind == "group":
        # Inside a group (a diagram), the order its maker put the pieces in: a column of a
        # chart's number and its label stays together, where the rows of its layout would
        # read all the numbers first.
        for child in shape.shapes:
            _read_shape(child, slide)
    elif kind == "table":
        rows = [
            [paragraphs(cell.text_frame, shape.part, "") for cell in row.cells]
            for row in shape.table.rows
        ]
        slide.shapes.append(TableShape(name, rows))
    elif kind == "picture":
        _read_picture(shape, slide)
    elif kind == "text":
        role = _role(shape)
        paras = paragraphs(shape.text_frame, shape.part, role)
        if any(p.text.strip() for p in paras):
            slide.shapes.append(TextShape(name, paras, role))
    elif kind != "decoration":
        slide.skipped.append(f"{kind} «{name}»")


def _kind(shape: Any) -> str:
    """What a shape is, for reading: text, table, picture, group, chrome, decoration, or the
    words for what cannot be imported."""
    element = shape._element
    if shape.is_placeholder and shape.placeholder_format.type in CHROME_TYPES:
        return "chrome"
    tag = etree.QName(element).localname
    if tag == "grpSp":
        return "group"
    if tag == "graphicFrame":
        uri = next((g.get("uri", "") for g in element.iter(_A + "graphicData")), "")
        if uri.endswith("/table"):
            return "table"
        if uri.endswith("/chart") or "chartex" in uri:
            return "a chart"
        if uri.endswith("/diagram"):
            return "a SmartArt graphic"
        if uri.endswith("/ole"):
            return "an embedded object"
        return "a graphic"
    if tag == "pic":
        if any(
            etree.QName(e).localname in ("videoFile", "audioFile", "media", "quickTimeFile")
            for e in element.iter()
        ):
            return "a video or sound"
        return "picture"
    if tag == "contentPart":
        return "ink (drawn by hand)"
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        return "text" if shape.text_frame.text.strip() else "decoration"
    if tag == "sp" and element.find(f".//{_A}blipFill") is not None:
        return "a picture used as a shape fill"
    return "decoration"


def _role(shape: Any) -> str:
    if not shape.is_placeholder:
        return ""
    kind = shape.placeholder_format.type
    if kind in TITLE_TYPES:
        return "title"
    if kind == SUBTITLE_TYPE:
        return "subtitle"
    return "body" if kind in BODY_TYPES or kind is None else ""


def _read_picture(shape: Any, slide: SlideRead) -> None:
    name = shape.name or ""
    c_nv_pr = shape._element.find(f"{_P}nvPicPr/{_P}cNvPr")
    alt = c_nv_pr.get("descr", "") if c_nv_pr is not None else ""
    try:
        image = shape.image
        data, content_type = image.blob, image.content_type
    except (AttributeError, KeyError, ValueError):
        slide.skipped.append(f"a linked picture «{name}» (not embedded in the deck)")
        return
    crops = (shape.crop_left, shape.crop_right, shape.crop_top, shape.crop_bottom)
    cropped = any(abs(value) > 0.001 for value in crops)
    slide.shapes.append(PictureShape(name, alt.strip(), data, content_type, cropped))


def paragraphs(frame: Any, part: Any, role: str) -> list[TextPara]:
    """The paragraphs of a text frame with explicit bold and italic, levels and list kind.

    In a body placeholder a paragraph is a bullet unless it says it has none; in other shapes
    it has none unless it says so. Emphasis counts only where the run itself sets it: a title
    that is bold by its style is not bold text.
    """
    found = []
    for p in frame._txBody.iter(_A + "p"):
        p_pr = p.find(_A + "pPr")
        level = int(p_pr.get("lvl", "0")) if p_pr is not None else 0
        bullet = "bullet" if role == "body" else "none"
        if p_pr is not None:
            if p_pr.find(_A + "buNone") is not None:
                bullet = "none"
            elif p_pr.find(_A + "buAutoNum") is not None:
                bullet = "number"
            elif p_pr.find(_A + "buChar") is not None or p_pr.find(_A + "buBlip") is not None:
                bullet = "bullet"
        found.append(TextPara(list(_runs(p, part)), level, bullet))
    return found


def _runs(p: Any, part: Any) -> Iterable[TextRun]:
    for child in p:
        tag = etree.QName(child).localname
        if tag == "br":
            yield TextRun("\n")
        elif tag in ("r", "fld"):
            text = "".join(t.text or "" for t in child.iter(_A + "t"))
            r_pr = child.find(_A + "rPr")
            bold = r_pr is not None and r_pr.get("b") in ("1", "true")
            italic = r_pr is not None and r_pr.get("i") in ("1", "true")
            yield TextRun(text, bold, italic, _link(r_pr, part))


def _link(r_pr: Any, part: Any) -> str:
    """The address of the run's hyperlink, read from the relationship; never opened."""
    if r_pr is None:
        return ""
    click = r_pr.find(_A + "hlinkClick")
    rel_id = click.get(_R + "id", "") if click is not None else ""
    if not rel_id:
        return ""
    rel = part.rels.get(rel_id) if hasattr(part.rels, "get") else None
    if rel is None:
        return ""
    return str(rel.target_ref) if rel.is_external else ""
