"""Filled-in poster templates kept by what fills them, so a build runs a template's sandbox
child only when the template or its values changed.

Filling a template costs a forked child under the sandbox's limits (`sandbox`, `isolate`):
about 35 ms a template, most of it the child's start. The filled-in text is a function of
the template's folder (the template and whatever it may include), the values it is given
(the platform, the programme, the page, the brand), the code that fills it (the pipeline's,
Jinja2's, segno's, fontTools') and the fonts its helpers measure. The key is the hash of all
of these; an entry also records the font files the child measured and is used only while
they are unchanged. A fill that warned is never kept, so its warnings come on every build.
Entries live with the rendered SVGs (`svgcache`), so a build without that cache keeps none.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path

from pipeline.render.poster import svgcache

FORMAT = 1


def entry(template: Path, described: object) -> str | None:
    """The key of filling `template` with the values `described` (JSON-able); None when
    nothing is kept in this build."""
    if svgcache.folder() is None:
        return None
    from pipeline.code import code_fingerprint
    from pipeline.render import fonts

    digest = hashlib.sha256()
    head = [FORMAT, code_fingerprint(), _versions(), repr(fonts.lookup_state()), str(template)]
    digest.update(json.dumps([head, described], sort_keys=True, ensure_ascii=False).encode())
    digest.update(_folder_digest(template.parent))
    return "fill-" + digest.hexdigest()


def get(key: str) -> str | None:
    """The kept text, or None: none kept, a damaged entry, or other font files."""
    from pipeline.render import fonts

    data = svgcache.get(key)
    if data is None:
        return None
    try:
        kept = json.loads(data)
        if not isinstance(kept, dict) or kept["format"] != FORMAT:
            return None
        if not fonts.same_fonts(kept["fonts"]):
            return None
        text = kept["text"]
        return text if isinstance(text, str) else None
    except (ValueError, KeyError, TypeError, RecursionError):
        return None


def put(key: str, text: str, measured: dict[str, list[int]]) -> None:
    """Keep `text`, filled with the fonts `measured` (`fonts.measured_states` in the child)."""
    svgcache.put(key, json.dumps({"format": FORMAT, "fonts": measured, "text": text}).encode())


@functools.cache
def _versions() -> list[str]:
    from importlib import metadata

    found = []
    for package in ("jinja2", "markupsafe", "segno", "fonttools"):
        try:
            found.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            found.append(f"{package}=none")
    return found


def _folder_digest(folder: Path) -> bytes:
    """Every name under `folder` and every regular file's bytes: what an include may load.
    A link counts by where it points (the loader refuses it anyway)."""
    digest = hashlib.sha256()
    for root, folders, files in os.walk(folder):
        folders.sort()
        for name in sorted(files):
            path = Path(root) / name
            digest.update(str(path.relative_to(folder)).encode() + b"\0")
            if path.is_symlink():
                digest.update(b"<link>" + os.fsencode(os.readlink(path)))
            elif path.is_file():
                digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.digest()
