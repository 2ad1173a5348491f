"""A folder of cache entries, one file each, named by a hash of what made them.

Entries are written atomically (a temporary file, then a rename), so a reader sees a whole
entry or none. Reading one marks it recently used; when the folder grows past its limit,
the least recently used entries go first. A cache that cannot be read or written is no
error: the caller renders again.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def get(folder: Path | None, entry: str) -> bytes | None:
    """The bytes of `entry` in `folder`, or None (no folder, no such entry)."""
    if folder is None:
        return None
    path = folder / f"{entry}.bin"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept longest
    return data


def put(folder: Path | None, entry: str, data: bytes, max_bytes: int) -> None:
    """Store `data` as `entry` in `folder`, atomically, and keep the folder under
    `max_bytes` (down to three quarters of it when it has to drop entries)."""
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, folder / f"{entry}.bin")
        _trim(folder, max_bytes)
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(temporary)


def _trim(folder: Path, max_bytes: int) -> None:
    """Drop the least recently used entries while the folder holds more than `max_bytes`."""
    entries = []
    for path in folder.glob("*.bin"):
        with contextlib.suppress(OSError):
            info = path.stat()
            entries.append((info.st_mtime_ns, info.st_size, path))
    total = sum(size for _, size, _ in entries)
    if total <= max_bytes:
        return
    keep = max_bytes * 3 // 4
    for _, size, path in sorted(entries):
        with contextlib.suppress(OSError):
            path.unlink()
        total -= size
        if total <= keep:
            return
