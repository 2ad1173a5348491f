"""The text of a .pptx, slide by slide and shape by shape, as plain data.

    read_deck(data) -> [SlideText]

Each shape gives its kind, name, placeholder type, position and paragraphs; each paragraph
its runs with their bold and italic flags, so emphasis can be told apart from plain text.
Table cells are paragraphs of their graphic frame, row by row. Groups are read through.
No domain in here: what the names mean is for the caller.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from posixpath import dirname, join, normpath

from lxml import etree

from pipeline.errors import Diagnostic, SamlingError
from pipeline.ooxml.drawingml import A_NS, NS, P_NS
from pipeline.ooxml.slides import ph_of

_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_NOTES_RT = _R_NS + "/notesSlide"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_SHAPES = {f"{{{P_NS}}}{tag}": tag for tag in ("sp", "pic", "graphicFrame", "cxnSp", "grpSp")}


@dataclass(frozen=True)
class TextRun:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class ShapeText:
    kind: str  # sp, pic, graphicFrame, cxnSp, grpSp
    name: str
    placeholder: str | None  # the placeholder type ("title", "body", ...) or None
    hidden: bool
    box: tuple[int, int, int, int] | None
    paragraphs: list[list[TextRun]] = field(default_factory=list)
    description: str = ""

    def texts(self) -> list[str]:
        return [paragraph_text(p) for p in self.paragraphs]


@dataclass
class SlideText:
    number: int  # 1-based position in the deck
    name: str  # p:cSld/@name, "" when absent
    shapes: list[ShapeText]
    notes: list[list[TextRun]]


def paragraph_text(runs: list[TextRun]) -> str:
    return "".join(run.text for run in runs)


def _flag(rpr: etree._Element | None, name: str) -> bool:
    return rpr is not None and rpr.get(name) in ("1", "true")


def _paragraphs(owner: etree._Element) -> list[list[TextRun]]:
    paragraphs = []
    for para in owner.iter(f"{{{A_NS}}}p"):
        runs: list[TextRun] = []
        for child in para:
            tag = etree.QName(child).localname
            if tag in ("r", "fld"):
                rpr = child.find("./a:rPr", NS)
                text = child.findtext("./a:t", default="", namespaces=NS)
                run = TextRun(text, _flag(rpr, "b"), _flag(rpr, "i"))
            elif tag == "br":
                run = TextRun("\n")
            else:
                continue
            if runs and (runs[-1].bold, runs[-1].italic) == (run.bold, run.italic):
                runs[-1] = TextRun(runs[-1].text + run.text, run.bold, run.italic)
            elif run.text:
                runs.append(run)
        paragraphs.append(runs)
    return paragraphs


def _box(element: etree._Element) -> tuple[int, int, int, int] | None:
    xfrm = next(
        (x for x in element.iter(f"{{{A_NS}}}xfrm", f"{{{P_NS}}}xfrm")),
        None,
    )
    if xfrm is None:
        return None
    off, ext = xfrm.find("./a:off", NS), xfrm.find("./a:ext", NS)
    if off is None or ext is None:
        return None
    values = (off.get("x"), off.get("y"), ext.get("cx"), ext.get("cy"))
    return tuple(int(v or 0) for v in values)  # type: ignore[return-value]


def _shape(element: etree._Element, kind: str) -> ShapeText:
    c_nv_pr = element.find("./*/p:cNvPr", NS)
    ph = ph_of(element)
    shape = ShapeText(
        kind=kind,
        name=c_nv_pr.get("name", "") if c_nv_pr is not None else "",
        placeholder=(ph.get("type", "body") if ph is not None else None),
        hidden=c_nv_pr is not None and c_nv_pr.get("hidden") in ("1", "true"),
        box=_box(element),
        description=c_nv_pr.get("descr", "") if c_nv_pr is not None else "",
    )
    if kind in ("sp", "graphicFrame"):
        shape.paragraphs = _paragraphs(element)
    return shape


def shapes_of(tree: etree._Element) -> list[ShapeText]:
    """Every shape of a shape tree in document order; a group, then what is inside it."""
    found: list[ShapeText] = []
    for child in tree:
        kind = _SHAPES.get(child.tag)
        if kind is None:
            continue
        found.append(_shape(child, kind))
        if kind == "grpSp":
            found.extend(shapes_of(child))
    return found


def _related(zf: zipfile.ZipFile, part: str, reltype: str | None = None) -> dict[str, str]:
    """Relationship id (or type) -> target part name, for one part."""
    rels_name = join(dirname(part), "_rels", part.rsplit("/", 1)[-1] + ".rels")
    if rels_name not in zf.namelist():
        return {}
    root = etree.fromstring(zf.read(rels_name), _PARSER)
    found = {}
    for rel in root.findall(f"{{{_PKG_NS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        if reltype is None or rel.get("Type") == reltype:
            target = normpath(join(dirname(part), rel.get("Target", "")))
            found[rel.get("Id", "")] = target
    return found


def read_deck(data: bytes, file_label: str = "the deck") -> list[SlideText]:
    """The slides of a .pptx in presentation order. SamlingError for a file that is no deck."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        presentation = "ppt/presentation.xml"
        root = etree.fromstring(zf.read(presentation), _PARSER)
        targets = _related(zf, presentation)
        slides = []
        for number, sld_id in enumerate(root.iterfind("./p:sldIdLst/p:sldId", NS), start=1):
            part = targets[sld_id.get(f"{{{_R_NS}}}id", "")]
            slides.append(_slide(zf, part, number))
        return slides
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError) as exc:
        raise SamlingError(
            [
                Diagnostic(
                    "error",
                    f"{file_label} cannot be read as a PowerPoint file ({exc})",
                    hint="save it from PowerPoint or LibreOffice as .pptx and try again",
                )
            ]
        ) from None


def _slide(zf: zipfile.ZipFile, part: str, number: int) -> SlideText:
    root = etree.fromstring(zf.read(part), _PARSER)
    c_sld = root.find("./p:cSld", NS)
    tree = c_sld.find("./p:spTree", NS) if c_sld is not None else None
    notes: list[list[TextRun]] = []
    for notes_part in _related(zf, part, _NOTES_RT).values():
        notes_root = etree.fromstring(zf.read(notes_part), _PARSER)
        for shape in shapes_of(notes_root.find("./p:cSld/p:spTree", NS)):
            if shape.placeholder == "body":
                notes = shape.paragraphs
    return SlideText(
        number=number,
        name=c_sld.get("name", "") if c_sld is not None else "",
        shapes=shapes_of(tree) if tree is not None else [],
        notes=notes,
    )
