"""The text of a .docx body, paragraph by paragraph, with the bookmarks that start in each.

    read_docx(data) -> [DocParagraph]

Each paragraph gives its runs (text with bold and italic flags, as `pptx_text.TextRun`) and
the names of the bookmarks whose start lies inside it. Paragraphs in table cells come in
document order too. Headers, footers and text boxes are not read. No domain in here.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from pipeline.errors import Diagnostic, SamlingError
from pipeline.ooxml.pptx_text import TextRun

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W_NS}}}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_OFF = ("0", "false", "off", "none")


@dataclass
class DocParagraph:
    runs: list[TextRun] = field(default_factory=list)
    bookmarks: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def _on(rpr: etree._Element | None, tag: str) -> bool:
    flag = rpr.find(_W + tag) if rpr is not None else None
    return flag is not None and flag.get(_W + "val", "true") not in _OFF


def _run_text(run: etree._Element) -> str:
    parts = []
    for child in run:
        tag = etree.QName(child).localname
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "tab":
            parts.append("\t")
        elif tag == "softHyphen":  # LibreOffice writes a soft hyphen character as this
            parts.append("\u00ad")
        elif tag == "noBreakHyphen":
            parts.append("\u2011")
        elif tag == "cr" or tag == "br" and child.get(_W + "type") not in ("page", "column"):
            parts.append("\n")  # a line break; a page break (LibreOffice writes one for a
            # heading's "page break before") is no text
    return "".join(parts)


def _paragraph(element: etree._Element) -> DocParagraph:
    found = DocParagraph()
    for node in element.iter(_W + "r", _W + "bookmarkStart"):
        if node.tag == _W + "bookmarkStart":
            found.bookmarks.append(node.get(_W + "name", ""))
            continue
        if _inner(node, element):
            continue  # a run of a paragraph nested in this one (a text box): not its text
        text = _run_text(node)
        if not text:
            continue
        rpr = node.find(_W + "rPr")
        run = TextRun(text, _on(rpr, "b"), _on(rpr, "i"))
        last = found.runs[-1] if found.runs else None
        if last is not None and (last.bold, last.italic) == (run.bold, run.italic):
            found.runs[-1] = TextRun(last.text + run.text, run.bold, run.italic)
        else:
            found.runs.append(run)
    return found


def _inner(run: etree._Element, paragraph: etree._Element) -> bool:
    """Whether `run` belongs to a paragraph inside `paragraph` rather than to it."""
    for ancestor in run.iterancestors(_W + "p"):
        return ancestor is not paragraph
    return False


def read_docx(data: bytes, file_label: str = "the document") -> list[DocParagraph]:
    """The body's paragraphs in document order. SamlingError for a file that is no .docx."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            root = etree.fromstring(zf.read("word/document.xml"), _PARSER)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError) as exc:
        raise SamlingError(
            [
                Diagnostic(
                    "error",
                    f"{file_label} cannot be read as a Word file ({exc})",
                    hint="save it from Word or LibreOffice as .docx and try again",
                )
            ]
        ) from None
    body = root.find(_W + "body")
    if body is None:
        return []
    return [_paragraph(p) for p in body.iter(_W + "p") if not _nested(p)]


def _nested(paragraph: etree._Element) -> bool:
    """A paragraph inside another paragraph (a text box's) is read as part of none."""
    return any(a.tag == _W + "p" for a in paragraph.iterancestors())
