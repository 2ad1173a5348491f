"""The pipeline's own code as one fingerprint: its version and the bytes of its modules.

New code rebuilds everything (`manifest`), keeps nothing made by older code (the caches) and
is not served by a server that runs older code (`client`). The standard library only: the
command line computes it before it imports anything else.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from pipeline import __version__


@functools.cache
def code_fingerprint() -> str:
    """Once per process: a long-lived one (watch, the server) builds with the code it
    started with."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError as exc:  # a module that cannot be read is code that changed
            digest.update(f"<unreadable:{exc.errno}>".encode())
        digest.update(b"\0")
    return f"{__version__}:{digest.hexdigest()}"
