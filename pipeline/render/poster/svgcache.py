"""Rendered SVGs by content hash, so a build renders only the SVGs that changed.

A CairoSVG run costs a fresh child process (about 0.3 s to start, 0.4 s to import CairoSVG)
and the rendering itself. Its result depends only on what goes in: the SVG's bytes, the job
(format, size, background), the allowed folders, the bytes of the font files fontconfig is
shown, the code that renders (this package's SVG modules, the CairoSVG and cairocffi
versions, the cairo, FreeType and fontconfig libraries on disk) and SOURCE_DATE_EPOCH. The key
is the hash of all of these, so an entry is valid under `--force` too: `--force` means
"rebuild", and a hit gives the very bytes a rendering would.

The build turns the cache on (`use`) with a folder in build/.samling-cache/; without that,
nothing is cached. Entries are written atomically and the folder is kept under MAX_BYTES,
dropping the least recently used first.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from pipeline.render import blobs

MAX_BYTES = 64 * 1024 * 1024  # the shipped posters and a word cloud take about 1 MB
_LIBRARIES = ("libcairo.so.2", "libfreetype.so.6", "libfontconfig.so.1", "libcairo.2.dylib")
_LIBRARY_DIRS = ("/usr/lib", "/usr/lib/*", "/usr/lib64", "/usr/local/lib", "/opt/homebrew/lib")

_folder: Path | None = None


def use(folder: Path | None) -> Path | None:
    """Cache rendered SVGs in `folder` from now on (None: not at all); return the previous
    folder, to restore it. Forked workers inherit the choice."""
    global _folder
    previous, _folder = _folder, folder
    return previous


def folder() -> Path | None:
    return _folder


@cache
def _code_key() -> str:
    """What renders: the modules that drive CairoSVG, its libraries' versions and files."""
    from importlib import metadata

    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in ("svgsafe.py", "fonts.py", "svgcache.py"):
        digest.update((here / name).read_bytes())
    for package in ("cairosvg", "cairocffi"):
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=none".encode())
    for path in library_files():
        with contextlib.suppress(OSError):
            info = os.stat(path)
            digest.update(f"{path}:{info.st_size}:{info.st_mtime_ns}".encode())
    return digest.hexdigest()


@cache
def library_files() -> tuple[str, ...]:
    """The files of the libraries CairoSVG draws with, found once per process: the search
    costs 30 ms, and `samling server` does it for every build it forks. A library upgraded
    since then still changes the key: its unversioned name (libcairo.so.2) is one of these
    files, and it then points to a file with another size and time. A library installed in
    another of these folders after the process started (a /usr/local/lib/libcairo.so.2 that
    shadows the system's) is not seen until it restarts."""
    return tuple(
        path
        for library in _LIBRARIES
        for pattern in _LIBRARY_DIRS
        for path in sorted(glob.glob(f"{pattern}/{library}*"))
    )


@cache
def _file_hash(path: str, size: int, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _font_key(fonts: Sequence[Path]) -> list[str]:
    keys = []
    for font in sorted(str(f) for f in fonts):
        try:
            info = os.stat(font)
        except OSError:
            keys.append(f"{font}:missing")
            continue
        keys.append(f"{font}:{_file_hash(font, info.st_size, info.st_mtime_ns)}")
    return keys


def key(svg: bytes, job: dict[str, object], fonts: Sequence[Path], roots: Sequence[Path]) -> str:
    """The cache key of rendering `svg` as `job` with `fonts`, inside `roots`."""
    digest = hashlib.sha256(_code_key().encode())
    described = {
        "job": job,
        "fonts": _font_key(fonts),
        "roots": [str(r) for r in roots],
        "epoch": os.environ.get("SOURCE_DATE_EPOCH", ""),
    }
    digest.update(json.dumps(described, sort_keys=True).encode())
    digest.update(hashlib.sha256(svg).digest())
    return digest.hexdigest()


def get(entry: str) -> bytes | None:
    """The cached bytes of `entry`, or None."""
    return blobs.get(_folder, entry)


def put(entry: str, data: bytes) -> None:
    """Store `data` as `entry`, atomically; a cache that cannot be written is no error."""
    blobs.put(_folder, entry, data, MAX_BYTES)
