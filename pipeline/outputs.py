"""Writing outputs: the document date, atomic writes, and the name of a kept hand edit.

Deterministic zips are `pipeline.ooxml.package.normalise_zip`'s job; this module decides when a
document says it was made and how its bytes reach the disk.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path


def source_date(fallback: date) -> datetime:
    """The document date: SOURCE_DATE_EPOCH when set, else the given date at noon UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).replace(tzinfo=None)
    return datetime(fallback.year, fallback.month, fallback.day, 12, 0, 0)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename.

    A reader never sees a half-written file, and a failed write leaves the old file in place.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# The word in the name of a hand-edited output kept by `build --keep-edits`; the same in
# nynorsk and bokmål.
EDITED_WORD = "redigert"


def edited_copy_name(name: str, when: datetime, taken: Callable[[str], bool]) -> str:
    """The name a hand-edited output is kept under: `deck.redigert-2026-12-02T1503.pptx`,
    from the time it was saved; `-2`, `-3` … when that name is `taken`, so an earlier copy is
    never overwritten."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    base = f"{stem}.{EDITED_WORD}-{when:%Y-%m-%dT%H%M}"
    ending = f".{suffix}" if suffix else ""
    candidate, number = base + ending, 1
    while taken(candidate):
        number += 1
        candidate = f"{base}-{number}{ending}"
    return candidate
