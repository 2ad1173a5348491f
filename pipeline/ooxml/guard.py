"""First look at a designer's Office template, before any library parses it.

A template is untrusted input. A truncated or non-Office file gets a message a designer can
act on instead of a zip or XML traceback, and an XML part that declares a DOCTYPE or entities
is refused outright, so no entity can pull a local file into an output.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from pipeline.errors import Diagnostic, TemplateError

_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_KINDS = {".pptx": "PowerPoint", ".docx": "Word"}
# Parts larger than this are media, not XML worth scanning.
_MAX_XML = 64 * 1024 * 1024


def _fail(path: Path, message: str, hint: str) -> TemplateError:
    return TemplateError([Diagnostic("error", message, file=path, hint=hint)])


def check_office_template(path: Path) -> None:
    """Raise TemplateError unless `path` is a readable Office file with no DOCTYPE in it."""
    kind = _KINDS.get(path.suffix.lower(), "Office")
    if not path.is_file():
        raise _fail(path, f"the {kind} template does not exist", "check the path")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise _fail(
            path,
            f"this is not a {kind} file, or it is damaged (truncated or not a .{path.suffix[1:]})",
            f"open it in {kind} and save it again as {path.suffix}",
        ) from None
    with archive:
        names = archive.namelist()
        if "[Content_Types].xml" not in names:
            raise _fail(
                path,
                f"this zip file is not a {kind} document (it has no [Content_Types].xml)",
                f"save the template from {kind} as {path.suffix}",
            )
        for info in archive.infolist():
            if not info.filename.endswith((".xml", ".rels")) or info.file_size > _MAX_XML:
                continue
            try:
                head = archive.read(info.filename)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError):
                raise _fail(
                    path,
                    f"the part {info.filename} of the template is damaged",
                    f"open it in {kind} and save it again",
                ) from None
            if _DOCTYPE.search(head):
                raise _fail(
                    path,
                    f"the part {info.filename} declares a DOCTYPE or XML entities, which "
                    "samling refuses because they can read files from this computer",
                    f"save the template again from {kind}; it never writes these",
                )
