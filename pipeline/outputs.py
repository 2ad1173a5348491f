"""Writing outputs: deterministic bytes, written atomically.

Office files are zip archives, and python-pptx and python-docx stamp the current time on every
entry, so two builds of the same content differ. `normalise_zip` rewrites the archive with fixed
entry times in the original order, so the same inputs give byte-identical files.
"""

from __future__ import annotations

import io
import os
import tempfile
import time
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

# The earliest time a zip entry can carry; used when no SOURCE_DATE_EPOCH is set.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def source_date(fallback: date) -> datetime:
    """The document date: SOURCE_DATE_EPOCH when set, else the given date at noon UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).replace(tzinfo=None)
    return datetime(fallback.year, fallback.month, fallback.day, 12, 0, 0)


def zip_time() -> tuple[int, int, int, int, int, int]:
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


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry times and attributes, keeping the entry order.

    [Content_Types].xml stays first, as Office expects.
    """
    stamp = zip_time()
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
