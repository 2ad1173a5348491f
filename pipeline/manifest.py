"""The build manifest: which inputs each output was built from, so an unchanged one is skipped.

Each output folder keeps a `.samling-manifest.json` with, per output, the fingerprint of its
inputs (content, template, fonts, the pipeline's own code, the options, SOURCE_DATE_EPOCH)
and the files it wrote. An output is up to date when its fingerprint is unchanged and its
files are all still there.

A fingerprint is computed from file bytes alone: deciding that nothing needs building reads
no YAML and imports no renderer, so a build with nothing to do is fast.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from pipeline import __version__
from pipeline.errors import ContentError, Diagnostic
from pipeline.outputs import write_atomic
from pipeline.project import Project, list_samlinger

MANIFEST = ".samling-manifest.json"

# output key -> {"fingerprint": str, "files": [names in the folder]}
Manifest = dict[str, dict[str, object]]


# Inputs are hashed in chunks, never read whole. A file over the limit is refused: nothing a
# samling is built from is that big (a video or a disk image is not), and hashing it would
# stall every build, even one with nothing to do.
MAX_INPUT_BYTES = 256 * 1024 * 1024
_CHUNK = 1024 * 1024

_KINDS = {
    stat.S_IFIFO: "fifo",
    stat.S_IFSOCK: "socket",
    stat.S_IFCHR: "character device",
    stat.S_IFBLK: "block device",
    stat.S_IFDIR: "folder",
}


def hash_files(paths: list[Path], root: Path) -> str:
    """One digest of the files' names (relative to `root`) and bytes; a missing file counts.

    A symlink counts as its target's name and is never followed; a FIFO, socket or device
    counts as its kind and is never opened (opening one can block for ever)."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        try:
            relative = path.relative_to(root)
        except ValueError:
            relative = path
        digest.update(str(relative).encode())
        digest.update(b"\0")
        for piece in _entry_bytes(path):
            digest.update(piece)
        digest.update(b"\0")
    return digest.hexdigest()


def _entry_bytes(path: Path) -> Iterator[bytes]:
    """What the fingerprint sees of one path, in pieces."""
    try:
        info = os.lstat(path)
    except OSError:
        yield b"<missing>"
        return
    if stat.S_ISLNK(info.st_mode):
        yield b"<symlink>" + os.fsencode(os.readlink(path))
    elif not stat.S_ISREG(info.st_mode):
        yield f"<{_kind(info.st_mode)}>".encode()
    else:
        yield from _regular_file_bytes(path)


def _kind(mode: int) -> str:
    return _KINDS.get(stat.S_IFMT(mode), "special file")


def _regular_file_bytes(path: Path) -> Iterator[bytes]:
    """The file's bytes in chunks. O_NOFOLLOW and O_NONBLOCK: if the file was swapped for a
    symlink or a FIFO since it was looked at, the open neither follows it nor waits."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        yield f"<unreadable:{exc.errno}>".encode()
        return
    with os.fdopen(fd, "rb", buffering=0) as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            yield f"<{_kind(info.st_mode)}>".encode()
            return
        if info.st_size > MAX_INPUT_BYTES:
            raise _too_big(path, info.st_size)
        total = 0
        try:
            while chunk := handle.read(_CHUNK):
                total += len(chunk)
                if total > MAX_INPUT_BYTES:  # it grew while being read
                    raise _too_big(path, total)
                yield chunk
        except BlockingIOError:  # a kernel file that calls itself regular, like /proc/kmsg
            raise _not_a_file(path) from None


def _too_big(path: Path, size: int) -> ContentError:
    return ContentError(
        [
            Diagnostic(
                "error",
                f"this file is {size / 2**20:.0f} MB; samling reads no input over "
                f"{MAX_INPUT_BYTES // 2**20} MB",
                file=path,
                hint="move it out of content/ and templates/",
            )
        ]
    )


def _not_a_file(path: Path) -> ContentError:
    return ContentError(
        [
            Diagnostic(
                "error",
                "this file cannot be read without waiting, so it is no content",
                file=path,
                hint="move it out of content/ and templates/",
            )
        ]
    )


def files_below(folder: Path) -> list[Path]:
    """Every file under `folder`, hidden files left out; none when it does not exist.

    Symlinks are listed, never followed (a linked folder is one entry, not walked), so the
    fingerprint never leaves the project. A `folder` that is itself a symlink is that entry."""
    if folder.is_symlink():
        return [folder]
    if not folder.is_dir():
        return []
    found: list[Path] = []
    for top, folders, names in os.walk(folder):  # followlinks=False
        base = Path(top)
        found += [base / name for name in names if not name.startswith(".")]
        found += [
            base / name
            for name in folders
            if not name.startswith(".") and (base / name).is_symlink()
        ]
    return found


def code_fingerprint() -> str:
    """The pipeline's version and the bytes of all its modules: new code rebuilds everything."""
    package = Path(__file__).parent
    return __version__ + ":" + hash_files(sorted(package.rglob("*.py")), package)


def content_inputs(project: Project, number: int) -> list[Path]:
    """Every content file a samling's outputs can depend on."""
    inputs = [project.content / "program.yaml", project.content / "lederplattform.yaml"]
    inputs += files_below(project.content / f"samling-{number:02d}")
    for other in list_samlinger(project.content):
        inputs.append(project.content / f"samling-{other:02d}" / "results.yaml")
    return inputs


def poster_inputs(project: Project) -> list[Path]:
    """Every content file the poster can depend on (its template folder comes on top)."""
    inputs = [project.content / "program.yaml", project.content / "lederplattform.yaml"]
    return inputs + files_below(project.content / "images")


def fingerprint(project: Project, inputs: list[Path], options_key: str = "") -> str:
    """The fingerprint of one output: code, input files, options and SOURCE_DATE_EPOCH."""
    digest = hashlib.sha256()
    digest.update(code_fingerprint().encode())
    digest.update(hash_files(inputs, project.content.parent).encode())
    digest.update(options_key.encode())
    digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    return digest.hexdigest()


def read_manifest(folder: Path) -> Manifest:
    """The folder's manifest; empty when it is missing or unreadable (everything rebuilds)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_manifest(folder: Path, manifest: Manifest) -> None:
    write_atomic(folder / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True).encode())


def up_to_date(manifest: Manifest, key: str, stamp: str, folder: Path) -> bool:
    """Whether output `key` was built from inputs with fingerprint `stamp`, and its files
    are all still in `folder`."""
    entry = manifest.get(key)
    if not isinstance(entry, dict) or entry.get("fingerprint") != stamp:
        return False
    files = entry.get("files", [])
    return isinstance(files, list) and all((folder / str(name)).is_file() for name in files)
