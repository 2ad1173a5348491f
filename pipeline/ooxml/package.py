"""Office packages as zip archives: one way to write them reproducibly, one way to read them.

python-pptx and python-docx stamp the current time on every zip entry, so two builds of the same
content differ. `normalise_zip` rewrites the archive with fixed entry times and attributes in the
original order, so the same inputs give byte-identical files.

`Package` reads the XML parts and relationships of a package without python-pptx or
python-docx, and without resolving entities or fetching anything, so that a file those
libraries refuse, or a hostile one, can still be inspected.
"""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from lxml import etree

Element = Any  # lxml elements: the stubs are not installed everywhere

ZipTime = tuple[int, int, int, int, int, int]

# The earliest time a zip entry can carry; used when no SOURCE_DATE_EPOCH is set.
ZIP_EPOCH: ZipTime = (1980, 1, 1, 0, 0, 0)


def zip_time() -> ZipTime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        stamp = time.gmtime(max(int(epoch), 315532800))  # zip cannot go before 1980
        return (
            stamp.tm_year,
            stamp.tm_mon,
            stamp.tm_mday,
            stamp.tm_hour,
            stamp.tm_min,
            stamp.tm_sec - stamp.tm_sec % 2,
        )
    return ZIP_EPOCH


def normalise_zip(data: bytes, stamp: ZipTime | None = None) -> bytes:
    """Rewrite a zip with fixed entry times and attributes, keeping the entry order.

    [Content_Types].xml stays first, as Office expects. `stamp` defaults to `zip_time()`.
    """
    stamp = stamp or zip_time()
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    if "[Content_Types].xml" in names:
        names.remove("[Content_Types].xml")
        names.insert(0, "[Content_Types].xml")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        seen = set()
        for name in names:
            if name in seen:
                continue
            seen.add(name)
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            target.writestr(info, source.read(name), compresslevel=6)
    return out.getvalue()


# --------------------------------------------------------------------------- reading

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
RT_SLIDE_LAYOUT = R + "/slideLayout"
RT_SLIDE_MASTER = R + "/slideMaster"
RT_THEME = R + "/theme"
RT_NOTES = R + "/notesSlide"


class Package:
    """A zip of XML parts with relationships, read whole and parsed on demand, read-only."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with zipfile.ZipFile(path) as archive:
            self.names = set(archive.namelist())
            self._data = {name: archive.read(name) for name in self.names}
        self._xml: dict[str, Element] = {}

    def xml(self, name: str) -> Element | None:
        name = name.lstrip("/")
        if name not in self._xml:
            if name not in self._data:
                return None
            parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
            self._xml[name] = etree.fromstring(self._data[name], parser)
        return self._xml[name]

    def blob(self, name: str) -> bytes | None:
        """A part's bytes as stored (an image, say), or None when there is no such part."""
        return self._data.get(name.lstrip("/"))

    def rels(self, name: str) -> list[tuple[str, str, str]]:
        """(id, type, target part) of a part's relationships."""
        pure = PurePosixPath("/" + name.lstrip("/"))
        rels_name = str(pure.parent / "_rels" / (pure.name + ".rels")).lstrip("/")
        root = self.xml(rels_name)
        if root is None:
            return []
        result = []
        for rel in root.iterfind(f"{{{PKG_REL}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            resolved = (
                target.lstrip("/")
                if target.startswith("/")
                else _normpath(str(pure.parent / target)).lstrip("/")
            )
            result.append((rel.get("Id", ""), rel.get("Type", ""), resolved))
        return result

    def related(self, name: str, rel_type: str) -> str | None:
        for _, kind, target in self.rels(name):
            if kind == rel_type:
                return target
        return None

    def core(self) -> dict[str, str]:
        """The core properties (title, language, creator…) by their local names."""
        root = self.xml("docProps/core.xml")
        if root is None:
            return {}
        return {
            etree.QName(child).localname: (child.text or "").strip()
            for child in root
            if isinstance(child.tag, str)
        }


def _normpath(path: str) -> str:
    """A part name with "." and ".." resolved, as relationship targets are relative."""
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    return "/" + "/".join(parts)
