"""Pieces of a Word document kept on disk by the hash of what makes them, so a build writes
again only the tables whose values changed.

Most of a guide's time goes into its tables: python-docx builds every cell, paragraph and run
as objects, and each cell's words are measured to fit. A table is a function of its values
and of its document (the styles, the page width, the colours, the fonts measured with, the
code). `Fragments.write` renders a piece once and keeps the XML it appended to the body; a
later build with the same key appends that XML instead, which is byte for byte what rendering
appends. So the store is valid under `--force`, as the deck's slide store is.

Only a piece that appended to the body and changed nothing else is kept: one that added a
relationship (a link, a picture), a numbering instance, a style or a warning is rendered on
every build. An entry records the font files measured when it was made and is used only while
they are unchanged; an entry that cannot be read is rendered again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.render import blobs

# The build turns the store on before it knows whether a document is stale, and a build with
# nothing to do must not import python-docx: it comes in only when a document is written.
_SECT_PR = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sectPr"

FORMAT = 1
MAX_BYTES = 32 * 1024 * 1024  # a samling's guide and worksheets keep about 1 MB

_folder: Path | None = None
_code_key = ""


def use(folder: Path | None, code_key: str = "") -> tuple[Path | None, str]:
    """Keep documents' pieces in `folder` from now on (None: not at all), for code that
    `code_key` names; return the previous choice, to restore it. Forked workers inherit
    the choice."""
    global _folder, _code_key
    previous = _folder, _code_key
    _folder, _code_key = folder, code_key
    return previous


class Fragments:
    """The pieces of one document being written: `write` renders or reuses each."""

    def __init__(
        self, doc: Any, context: object, state: Callable[[], object], language: str
    ) -> None:
        """`context`: what the document's pieces depend on besides their own inputs and the
        document's styles (JSON-able: the page width, colours, målform). `state`: what a
        piece must leave as it was to be kept (the writer's warnings, say). `language`: the
        tag finishing the document declares in every run (`set_language`); a new piece gets
        it before it is kept, so a kept one has it already (declaring twice changes nothing)."""
        self.doc = doc
        self.state = state
        self.language = language
        self.base = ""
        if _folder is not None:
            import docx
            from lxml import etree

            from pipeline.render import fonts

            digest = hashlib.sha256()
            described = [
                FORMAT,
                _code_key,
                docx.__version__,
                list(etree.LXML_VERSION),
                context,
                repr(fonts.lookup_state()),
            ]
            digest.update(json.dumps(described, sort_keys=True).encode())
            # The styles as this document has them (the template's, and the plain ones added
            # where it lacked some): what every table's text is set and measured in.
            digest.update(etree.tostring(doc.styles.element))
            self.base = digest.hexdigest()

    def write(self, name: str, inputs: object, render: Callable[[], object]) -> None:
        """Append the piece `name` made from `inputs` (JSON-able) to the document's body:
        the kept XML when there is an entry for them, else what `render` appends."""
        if not self.base:
            render()
            return
        entry = hashlib.sha256(
            json.dumps([self.base, name, inputs], sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest()
        kept = _elements(blobs.get(_folder, entry))
        body = self.doc.element.body
        if kept is not None:
            for element in kept:
                _append(body, element)
            return
        before = self._fingerprint()
        count, last = len(body), _last(body)
        render()
        added = _after(body, last)
        if self._fingerprint() != before or len(body) - count != len(added) or not added:
            return
        from pipeline.render.word.document import set_text_language

        set_text_language(added, self.language)
        blobs.put(_folder, entry, _dump(added), MAX_BYTES)

    def _fingerprint(self) -> object:
        """What a kept piece must not have changed: relationships, numbering, styles, state."""
        from pipeline.render.word.styles import numbering_element

        numbering = numbering_element(self.doc)
        lists = None if numbering is None else len(numbering)
        return (len(self.doc.part.rels), lists, len(self.doc.styles.element), self.state())


def _last(body: Any) -> Any:
    """The body's last child before its final section properties (None for none)."""
    children = list(body)
    if children and children[-1].tag == _SECT_PR:
        children.pop()
    return children[-1] if children else None


def _after(body: Any, last: Any) -> list[Any]:
    """The children between `last` (None: the start) and the final section properties:
    what was appended since `last` was the last child."""
    children = [child for child in body if child.tag != _SECT_PR]
    if last is None:
        return children
    for index in range(len(children) - 1, -1, -1):
        if children[index] is last:
            return children[index + 1 :]
    return []


def _append(body: Any, element: Any) -> None:
    """Where python-docx appends: before the body's final section properties."""
    last = body[-1] if len(body) else None
    if last is not None and last.tag == _SECT_PR:
        last.addprevious(element)
    else:
        body.append(element)


def _dump(elements: list[Any]) -> bytes:
    from lxml import etree

    from pipeline.render import fonts

    measured = {}
    for path in sorted(fonts.measured_files()):
        try:
            info = path.stat()
        except OSError:
            continue
        measured[str(path)] = [info.st_size, info.st_mtime_ns]
    xml = [etree.tostring(element, encoding="unicode") for element in elements]
    return json.dumps({"format": FORMAT, "fonts": measured, "xml": xml}).encode()


def _elements(data: bytes | None) -> list[Any] | None:
    """The kept piece's elements, or None: no entry, a damaged one, or other font files."""
    if data is None:
        return None
    from docx.oxml.parser import parse_xml
    from lxml import etree

    try:
        entry = json.loads(data)
        if entry["format"] != FORMAT:
            return None
        for name, (size, mtime) in entry["fonts"].items():
            info = Path(name).stat()
            if (info.st_size, info.st_mtime_ns) != (size, mtime):
                return None
        return [parse_xml(xml.encode()) for xml in entry["xml"]]
    except (ValueError, KeyError, TypeError, OSError, etree.XMLSyntaxError):
        return None
