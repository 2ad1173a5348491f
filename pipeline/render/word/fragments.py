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

import functools
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from pipeline.render import blobs

# The build turns the store on before it knows whether a document is stale, and a build with
# nothing to do must not import python-docx: it comes in only when a document is written.
_SECT_PR = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sectPr"

FORMAT = 1
MAX_BYTES = 32 * 1024 * 1024  # a samling's guide and worksheets keep about 1 MB

_folder: Path | None = None
_code_key = ""
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _relationship_attributes(element: Any) -> list[Any]:
    """The r:id, r:embed, r:link … attributes in `element`: what points into the part's
    relationships."""
    return list(_relationship_xpath()(element, ns=_RELATIONSHIPS))


@functools.cache
def _relationship_xpath() -> Any:
    from lxml import etree

    return etree.XPath("descendant-or-self::*/@*[namespace-uri() = $ns]", smart_strings=False)


def use(folder: Path | None, code_key: str = "") -> tuple[Path | None, str]:
    """Keep documents' pieces in `folder` from now on (None: not at all), for code that
    `code_key` names; return the previous choice, to restore it. Forked workers inherit
    the choice."""
    global _folder, _code_key
    previous = _folder, _code_key
    _folder, _code_key = folder, code_key
    return previous


class Carry(Protocol):
    """Writer state a kept piece may change, as JSON-able values."""

    def read(self) -> object:
        """The state now."""
        ...

    def restore(self, value: Any) -> None:
        """Set the state to `value`, one `read` gave; ValueError, changing nothing, for a
        value that `read` could not have given."""
        ...


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
        # Each font file's (size, mtime) as first seen: looked at once per document, not
        # once per piece (a piece lists every font measured, some thirty files).
        self.font_files: dict[str, tuple[int, int] | None] = {}
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

    def write(
        self,
        name: str,
        inputs: object,
        render: Callable[[], object],
        carry: Carry | None = None,
    ) -> None:
        """Append the piece `name` made from `inputs` (JSON-able) to the document's body:
        the kept XML when there is an entry for them, else what `render` appends.

        `carry`: writer state the piece may change (the guide's bookmark counts, say). Its
        value before is part of the key; its value after is kept with the piece and put
        back on a hit, as rendering would have left it."""
        if not self.base:
            render()
            return
        carried = None if carry is None else carry.read()
        entry = hashlib.sha256(
            json.dumps(
                [self.base, name, inputs, carried], sort_keys=True, ensure_ascii=False
            ).encode()
        ).hexdigest()
        kept = _entry(blobs.get(_folder, entry), self.font_files)
        body = self.doc.element.body
        if kept is not None and (carry is None) != ("carried" not in kept):
            kept = None
        if kept is not None and carry is not None:
            try:
                carry.restore(kept["carried"])
            except ValueError:  # a damaged entry: render the piece again
                kept = None
        if kept is not None:
            for element in kept["xml"]:
                _append(body, element)
            return
        before = self._fingerprint()
        count, last = len(body), _last(body)
        render()
        added = _after(body, last)
        after = None
        if carry is not None:
            # Pure but for the carried state: with it put back, nothing else has changed.
            after = carry.read()
            carry.restore(carried)
        pure = self._fingerprint() == before and len(body) - count == len(added) and bool(added)
        # A link to an address the document already links to reuses its relationship, so
        # the count stays the same; but the kept id would name another target once an
        # earlier piece adds or drops a relationship.
        pure = pure and not any(_relationship_attributes(element) for element in added)
        if carry is not None:
            carry.restore(after)
        if not pure:
            return
        from pipeline.render.word.document import set_text_language

        set_text_language(added, self.language)
        data = _dump(added, carry is not None, after, self.font_files)
        blobs.put(_folder, entry, data, MAX_BYTES)

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


def _dump(
    elements: list[Any], carries: bool, carried: object, seen: dict[str, tuple[int, int] | None]
) -> bytes:
    from lxml import etree

    from pipeline.render import fonts

    measured = fonts.measured_states(seen)
    xml = [etree.tostring(element, encoding="unicode") for element in elements]
    entry: dict[str, object] = {"format": FORMAT, "fonts": measured, "xml": xml}
    if carries:
        entry["carried"] = carried
    return json.dumps(entry).encode()


def _entry(data: bytes | None, seen: dict[str, tuple[int, int] | None]) -> dict[str, Any] | None:
    """A kept piece with its XML checked to parse, or None: no entry, a damaged one, or one
    measured with other font files."""
    if data is None:
        return None
    from docx.oxml.parser import parse_xml
    from lxml import etree

    from pipeline.render import fonts

    try:
        entry = json.loads(data)
        if not isinstance(entry, dict) or entry["format"] != FORMAT:
            return None
        if not fonts.same_fonts(entry["fonts"], seen):
            return None
        entry["xml"] = [parse_xml(xml.encode()) for xml in entry["xml"]]
        if not entry["xml"]:  # never written so: the piece would vanish
            return None
        return entry
    except (
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        OSError,
        RecursionError,
        etree.XMLSyntaxError,
    ):
        return None
