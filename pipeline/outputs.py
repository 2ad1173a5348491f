"""Writing outputs: the document date, atomic writes, and the name of a kept hand edit.

Deterministic zips are `pipeline.ooxml.package.normalise_zip`'s job; this module decides when a
document says it was made and how its bytes reach the disk.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

from pipeline.errors import Diagnostic, SamlingError


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


LOCK_FILE = ".samling.lock"


@contextlib.contextmanager
def build_lock(
    folder: Path, what: str, progress: Callable[[str], None] = lambda _: None
) -> Iterator[None]:
    """One build of a folder at a time; a second one waits instead of interleaving writes,
    and says once that it waits, so a build that seems to hang tells why."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = _open_lock_file(folder / LOCK_FILE)
    with os.fdopen(fd, "r+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            progress(f"Waiting for another build of {what} to finish …")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _open_lock_file(path: Path) -> int:
    """The lock file, opened without following a symlink or truncating anything: a link
    planted there must not let a build empty the file it points to."""
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise  # a folder in its place, a full or read-only disk: the CLI explains those
        raise SamlingError(
            [
                Diagnostic(
                    "error",
                    "the build's lock file is a symlink, so samling does not touch it",
                    file=path,
                    hint="delete the symlink and build again",
                )
            ]
        ) from None
