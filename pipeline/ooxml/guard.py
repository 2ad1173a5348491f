"""First look at a designer's Office template, before any library parses it.

A template is untrusted input, often from an outside agency. Before python-pptx or python-docx
sees it, this module:

- refuses a file that is not an Office package, with a message a designer can act on;
- refuses a zip bomb: a part or a whole package that unpacks beyond a limit, or a part that
  unpacks to far more than it takes in the zip;
- refuses an XML part that declares a DOCTYPE or entities, in whatever encoding the part is
  written (UTF-8, UTF-16, with or without a byte-order mark) and whatever its name, so no
  entity can pull a local file into an output;
- removes what would reach the network or run code, each with one warning: relationships to
  outside targets (an image linked from a web server, a `file://server/share` link that leaks
  Windows credentials, an attached template), Word fields that fetch (INCLUDETEXT,
  INCLUDEPICTURE, LINK, DDE), and macro parts (vbaProject.bin). Hyperlinks stay: they only
  open when a reader clicks them.

The build renders from the cleaned bytes, so nothing removed here reaches LibreOffice or the
delivered files. `samling templates check` shows the same warnings.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from pipeline.errors import Diagnostic, TemplateError

_KINDS = {
    ".pptx": "PowerPoint",
    ".potx": "PowerPoint",
    ".pptm": "PowerPoint",
    ".docx": "Word",
    ".dotx": "Word",
    ".dotm": "Word",
}

# Limits. A designer's template with photos is a few MB to some tens of MB; these leave room
# for that and stop a package that would fill memory. A part smaller than RATIO_FLOOR may be
# any ratio: long runs of XML whitespace compress well and are harmless at that size.
MAX_PART_BYTES = 128 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_PARTS = 5000
# The file itself, read whole before it is opened: the parts plus the zip's own headers.
MAX_FILE_BYTES = MAX_TOTAL_BYTES + 16 * 1024 * 1024
MAX_RATIO = 200
RATIO_FLOOR = 1024 * 1024

_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{" + _W_NS + "}"
_HYPERLINK = _R_NS + "/hyperlink"
_ATTACHED_TEMPLATE = _R_NS + "/attachedTemplate"
_MACRO_PART = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml)$", re.IGNORECASE)
_MACRO_TYPES = ("vbaProject", "vbaData", "keyMapCustomizations", "wordVbaData")
_FETCHING_FIELD = re.compile(r"^\s*(INCLUDETEXT|INCLUDEPICTURE|LINK|DDEAUTO|DDE|IMPORT)\b", re.I)
# Word 2010's copy of styles.xml. Word rebuilds it, and a stale copy next to the styles the
# build adds makes Word report unreadable content, so it is dropped on the way in.
_STYLES_WITH_EFFECTS = "word/stylesWithEffects.xml"
_DOCTYPE = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_DECL = re.compile(rb"^<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)[\"']")
# Macro-enabled main parts become their plain twins, so the cleaned package opens as a template.
_PLAIN_MAIN_TYPES = {
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
    ),
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
    ),
    "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
    ),
    "application/vnd.ms-word.document.macroEnabled.main+xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    ),
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    ),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    ),
}


@dataclass
class GuardedTemplate:
    """A template that passed the guard: its cleaned bytes and what was removed."""

    path: Path
    data: bytes
    warnings: list[Diagnostic] = field(default_factory=list)
    source_sha256: str = ""  # of the file's own bytes, before anything was removed


def _fail(path: Path, message: str, hint: str) -> TemplateError:
    return TemplateError([Diagnostic("error", message, file=path, hint=hint)])


def _kind(path: Path) -> str:
    return _KINDS.get(path.suffix.lower(), "Office")


def _read(path: Path) -> bytes:
    """The file's bytes, read once. A template may be a link, but no FIFO, device or file
    larger than its parts could be: O_NONBLOCK and fstat on the opened file, so one swapped in
    after a look at the path neither blocks the build nor fills its memory."""
    kind = _kind(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise _fail(path, f"the {kind} template does not exist", "check the path") from None
    except OSError:
        raise _damaged(path) from None
    with os.fdopen(fd, "rb") as handle:  # buffered: read(n) reads on until n bytes or the end
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _fail(path, f"the {kind} template does not exist", "check the path")
        try:
            data = handle.read(MAX_FILE_BYTES + 1)
        except (BlockingIOError, OSError):
            raise _damaged(path) from None
    size = max(info.st_size, len(data or b""))
    if size > MAX_FILE_BYTES:
        raise _fail(
            path,
            f"the template is {math.ceil(size / (1024 * 1024))} MiB "
            f"(at most {MAX_FILE_BYTES // (1024 * 1024)} MiB)",
            f"open it in {kind}, remove what makes it so large, and save it again",
        )
    return data or b""


def _damaged(path: Path) -> TemplateError:
    kind = _kind(path)
    return _fail(
        path,
        f"this is not a {kind} file, or it is damaged (truncated or not a .{path.suffix[1:]})",
        f"open it in {kind} and save it again as {path.suffix}",
    )


def _open(path: Path, data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _damaged(path) from None


def _check_sizes(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse a zip bomb from the sizes the archive declares, before unpacking anything.

    zipfile never unpacks more than a part's declared size, so checking the declared sizes
    bounds what reading the parts can cost.
    """
    kind = _kind(path)
    infos = archive.infolist()
    hint = f"open it in {kind}, remove what makes it so large, and save it again"
    if len(infos) > MAX_PARTS:
        raise _fail(path, f"the template has {len(infos)} parts (at most {MAX_PARTS})", hint)
    total = 0
    for info in infos:
        mib = info.file_size / (1024 * 1024)
        if info.file_size > MAX_PART_BYTES:
            raise _fail(
                path,
                f"the part {info.filename} unpacks to {mib:.0f} MiB "
                f"(at most {MAX_PART_BYTES // (1024 * 1024)} MiB)",
                hint,
            )
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _fail(
                path,
                f"the part {info.filename} unpacks to {mib:.0f} MiB from "
                f"{info.compress_size / 1024:.0f} KiB, which only a zip bomb does",
                "use the template from its original source; do not build with this file",
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise _fail(
            path,
            f"the template unpacks to {total / (1024 * 1024):.0f} MiB "
            f"(at most {MAX_TOTAL_BYTES // (1024 * 1024)} MiB)",
            hint,
        )


def decode_xml(data: bytes) -> str | None:
    """The text of an XML part by its byte-order mark or declared encoding; None if not XML."""
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    if data[:4] in (b"<\x00?\x00", b"<\x00!\x00"):
        return data.decode("utf-16-le", errors="replace")
    if data[:4] in (b"\x00<\x00?", b"\x00<\x00!"):
        return data.decode("utf-16-be", errors="replace")
    stripped = data.lstrip()
    if not stripped.startswith(b"<"):
        return None
    declared = _XML_DECL.match(stripped)
    encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def _read_parts(path: Path, archive: zipfile.ZipFile) -> dict[str, bytes]:
    kind = _kind(path)
    parts: dict[str, bytes] = {}
    for info in archive.infolist():
        if info.filename in parts:
            continue
        try:
            parts[info.filename] = archive.read(info.filename)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
            raise _fail(
                path,
                f"the part {info.filename} of the template is damaged",
                f"open it in {kind} and save it again",
            ) from None
    return parts


def _refuse_doctypes(path: Path, parts: dict[str, bytes]) -> None:
    for name, data in parts.items():
        text = decode_xml(data)
        if text is not None and _DOCTYPE.search(text):
            raise _fail(
                path,
                f"the part {name} declares a DOCTYPE or XML entities, which samling refuses "
                "because they can read files from this computer",
                f"save the template again from {_kind(path)}; it never writes these",
            )


def _parse(data: bytes) -> etree._Element | None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _source_of(rels_name: str) -> str:
    """The part a .rels file belongs to: word/_rels/document.xml.rels → word/document.xml."""
    folder, _, file = rels_name.rpartition("_rels/")
    return folder + file.removesuffix(".rels")


def _part_of(source: str, target: str) -> str:
    """The part a relationship's internal target names: (word/document.xml, vbaProject.bin)
    → word/vbaProject.bin."""
    if target.startswith("/"):
        return target.lstrip("/")
    folder = source.rpartition("/")[0]
    parts = [p for p in folder.split("/") if p]
    for piece in target.split("/"):
        if piece == "..":
            parts = parts[:-1]
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


class _Cleaner:
    def __init__(self, path: Path, parts: dict[str, bytes]) -> None:
        self.path = path
        self.parts = parts
        self.removed: dict[str, list[str]] = {}  # what → the targets or parts

    def note(self, what: str, detail: str) -> None:
        self.removed.setdefault(what, []).append(detail)

    def run(self) -> None:
        for name in [n for n in self.parts if _MACRO_PART.search(n)]:
            del self.parts[name]
            self.note("macros", name)
        if self.parts.pop(_STYLES_WITH_EFFECTS, None) is not None:
            self._drop_relationships_to(_STYLES_WITH_EFFECTS)
        for name in [n for n in self.parts if n.endswith(".rels")]:
            self._clean_relationships(name)
        for name in [n for n in self.parts if n.startswith("word/") and n.endswith(".xml")]:
            self._clean_fields(name)
        self._clean_content_types()

    def _clean_relationships(self, name: str) -> None:
        root = _parse(self.parts[name])
        if root is None:
            return
        dropped: set[str] = set()
        for rel in list(root):
            target, kind = rel.get("Target", ""), rel.get("Type", "")
            external = rel.get("TargetMode", "").lower() == "external"
            macro = any(kind.endswith("/" + t) for t in _MACRO_TYPES)
            if external and kind == _HYPERLINK:
                continue
            if external or macro or kind == _ATTACHED_TEMPLATE:
                root.remove(rel)
                dropped.add(rel.get("Id", ""))
                if macro:  # named by its part, as the part itself is, so it is said once
                    self.note("macros", _part_of(_source_of(name), target))
                else:
                    self.note("links", target)
        if dropped:
            self.parts[name] = _serialise(root)
            self._unlink(_source_of(name), dropped)

    def _drop_relationships_to(self, part: str) -> None:
        """Drop the document's relationship to a removed part (no warning: nothing is lost)."""
        name = "word/_rels/document.xml.rels"
        root = _parse(self.parts.get(name, b""))
        if root is None:
            return
        target = part.removeprefix("word/")
        for rel in list(root):
            if rel.get("Target", "").lstrip("/").removeprefix("word/") == target:
                root.remove(rel)
        self.parts[name] = _serialise(root)

    def _unlink(self, source: str, ids: set[str]) -> None:
        """Remove the attributes and elements that pointed at the dropped relationships."""
        root = _parse(self.parts.get(source, b""))
        if root is None:
            return
        for element in root.iter():
            for attribute in list(element.attrib):
                if attribute.startswith("{" + _R_NS + "}") and element.get(attribute) in ids:
                    del element.attrib[attribute]
        for attached in root.iter(_W + "attachedTemplate"):
            attached.getparent().remove(attached)
        self.parts[source] = _serialise(root)

    def _clean_fields(self, name: str) -> None:
        root = _parse(self.parts[name])
        if root is None:
            return
        changed = False
        for instr in root.iter(_W + "instrText"):
            if _FETCHING_FIELD.match(instr.text or ""):
                self.note("fields", (instr.text or "").strip().split()[0].upper())
                instr.text = ""
                changed = True
        for simple in list(root.iter(_W + "fldSimple")):
            instruction = simple.get(_W + "instr", "")
            if _FETCHING_FIELD.match(instruction):
                self.note("fields", instruction.strip().split()[0].upper())
                parent = simple.getparent()
                index = parent.index(simple)
                for child in list(simple):  # keep the text the field last showed
                    parent.insert(index, child)
                    index += 1
                parent.remove(simple)
                changed = True
        if changed:
            self.parts[name] = _serialise(root)

    def _clean_content_types(self) -> None:
        root = _parse(self.parts["[Content_Types].xml"])
        if root is None:
            return
        changed = False
        for entry in list(root):
            part = entry.get("PartName", "").lstrip("/")
            content_type = entry.get("ContentType", "")
            if entry.tag.endswith("Override") and part and part not in self.parts:
                root.remove(entry)
            elif content_type in _PLAIN_MAIN_TYPES:
                entry.set("ContentType", _PLAIN_MAIN_TYPES[content_type])
            elif "vbaProject" in content_type:
                root.remove(entry)
            else:
                continue
            changed = True
        if changed:
            self.parts["[Content_Types].xml"] = _serialise(root)

    def warnings(self) -> list[Diagnostic]:
        texts = {
            "links": (
                "the template links to {n} outside file(s) ({examples}); samling removed the "
                "links, so nothing is fetched from the network or another computer",
                "embed the pictures in the template instead of linking them",
            ),
            "macros": (
                "the template contains macros ({examples}); samling removed them, and no output "
                "carries them",
                "save the template without macros (.pptx/.potx, .docx/.dotx)",
            ),
            "fields": (
                "the template has Word fields that fetch other files ({examples}); samling "
                "removed them and kept the text they showed",
                "replace the fields with the text or picture itself",
            ),
        }
        found = []
        for what, (message, hint) in texts.items():
            items = self.removed.get(what, [])
            if items:
                unique = sorted(set(items))
                text = message.format(n=len(unique), examples=", ".join(unique[:3]))
                found.append(Diagnostic("warning", text, file=self.path, hint=hint))
        return found


def _repack(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


# The last template that passed at each path (absolute), with the sha256 of its bytes: a
# build checks each template before rendering and again when it opens it, and `samling
# server` checks them while idle for the builds it forks. Only the same bytes give the same
# answer; one entry per path, so a long-lived process keeps no old versions.
_PASSED: dict[str, GuardedTemplate] = {}
MAX_PASSED = 8


def guard_office_template(path: Path) -> GuardedTemplate:
    """Check `path` and return its cleaned bytes, or raise TemplateError.

    A template with nothing to remove comes back with its own bytes unchanged.
    """
    data = _read(path)
    digest = hashlib.sha256(data).hexdigest()
    key = str(path.absolute())
    passed = _PASSED.get(key)
    if passed is None or passed.source_sha256 != digest:
        passed = _guard(path, data)
        passed.source_sha256 = digest
        _PASSED.pop(key, None)
        while len(_PASSED) >= MAX_PASSED:
            del _PASSED[next(iter(_PASSED))]
        _PASSED[key] = passed
    return GuardedTemplate(path, passed.data, list(passed.warnings), digest)


def _guard(path: Path, data: bytes) -> GuardedTemplate:
    archive = _open(path, data)
    with archive:
        if "[Content_Types].xml" not in archive.namelist():
            kind = _kind(path)
            raise _fail(
                path,
                f"this zip file is not a {kind} document (it has no [Content_Types].xml)",
                f"save the template from {kind} as {path.suffix}",
            )
        _check_sizes(path, archive)
        parts = _read_parts(path, archive)
    _refuse_doctypes(path, parts)
    cleaner = _Cleaner(path, dict(parts))
    cleaner.run()
    if cleaner.parts == parts:
        return GuardedTemplate(path, data)
    return GuardedTemplate(path, _repack(cleaner.parts), cleaner.warnings())


def check_office_template(path: Path) -> list[Diagnostic]:
    """Raise TemplateError unless `path` is a safe Office file; return what would be removed."""
    return guard_office_template(path).warnings
