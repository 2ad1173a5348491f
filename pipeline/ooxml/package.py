"""Office packages as zip archives: one way to write them reproducibly.

python-pptx and python-docx stamp the current time on every zip entry, so two builds of the same
content differ. `normalise_zip` rewrites the archive with fixed entry times and attributes in the
original order, so the same inputs give byte-identical files.
"""

from __future__ import annotations

import io
import os
import time
import zipfile

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
