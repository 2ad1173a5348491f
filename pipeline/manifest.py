"""The build manifest: which inputs each output was built from, so an unchanged one is skipped.

Each output folder keeps a `.samling-manifest.json` with, per output, the fingerprint of its
inputs (content, template, fonts, the pipeline's own code, the options, SOURCE_DATE_EPOCH),
the files it wrote and the sha256 of each file's bytes. An output is up to date when its
fingerprint is unchanged and each of its files is there with the recorded hash: a deleted,
reverted or hand-edited file is rebuilt (and a hand-edited one is never overwritten silently:
`edited_files`).

The files of one build reach the folder together (`commit`): they are written into a staging
folder inside the output folder, the manifest records the new set as pending, the files are
renamed into place, and the manifest is written again without the pending record. A build
killed in the middle leaves the pending record and the staging folder, and the next build
finishes the job (`recover`) before it looks at anything else.

A fingerprint is computed from file bytes alone: deciding that nothing needs building reads
no YAML and imports no renderer, so a build with nothing to do is fast.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.code import code_fingerprint
from pipeline.errors import ContentError, Diagnostic
from pipeline.outputs import write_atomic
from pipeline.project import Project, list_samlinger

MANIFEST = ".samling-manifest.json"

# output key -> {"fingerprint": str, "files": [names in the folder], "hashes": {name: sha256}}
# plus, while a commit is under way, PENDING -> {"staging", "entries", "remove", "keep"}
Manifest = dict[str, dict[str, object]]

PENDING = "_pending"
STAGING_PREFIX = ".samling-staging-"


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


def samling_inputs(project: Project, number: int) -> dict[str, list[Path]]:
    """For each of a samling's outputs, the content files it is made from.

    The deck and the guide show everything: the programme (and its logo, usually in
    content/images/), the platform, every file of the samling's folder, and the results of
    any samling (a .results slide may name one). The worksheets read only the programme,
    samling.yaml, exercises.yaml and slides.md; of slides.md only the order of the
    exercises and the .levels slides matter, and the build skips rewriting them when only
    the rest changed (`pipeline.model.views`). tests/test_build.py proves each set complete:
    an edit of a file left out of a set leaves that output's bytes as they were."""
    content = project.content
    folder = content / f"samling-{number:02d}"
    everything = [content / "program.yaml", content / "lederplattform.yaml"]
    everything += files_below(content / "images")
    everything += files_below(folder)
    for other in list_samlinger(content):
        everything.append(content / f"samling-{other:02d}" / "results.yaml")
    everything = list(dict.fromkeys(everything))
    sheets = [content / "program.yaml"]
    sheets += [folder / name for name in ("samling.yaml", "exercises.yaml", "slides.md")]
    return {"deck": everything, "guide": everything, "worksheets": sheets}


def content_inputs(project: Project, number: int) -> list[Path]:
    """Every content file any of a samling's outputs can depend on."""
    inputs = samling_inputs(project, number)
    return list(dict.fromkeys(path for paths in inputs.values() for path in paths))


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


def file_hash(path: Path) -> str | None:
    """The sha256 of a regular file's bytes; None when it is missing or not a regular file."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
    except OSError:
        return None
    digest = hashlib.sha256()
    for piece in _regular_file_bytes(path):
        digest.update(piece)
    return digest.hexdigest()


def recorded_hashes(manifest: Manifest) -> dict[str, str]:
    """Every file name the manifest knows, with the hash it had when samling wrote it."""
    found: dict[str, str] = {}
    for key, entry in manifest.items():
        hashes = entry.get("hashes") if key != PENDING and isinstance(entry, dict) else None
        if isinstance(hashes, dict):
            found.update({str(k): str(v) for k, v in hashes.items()})
    return found


def up_to_date(
    manifest: Manifest, key: str, stamp: str, folder: Path, needs: Iterable[str] = ()
) -> bool:
    """Whether output `key` was built from inputs with fingerprint `stamp`, each of its files
    is in `folder` with the hash it was written with, and it has every file in `needs`."""
    entry = manifest.get(key)
    if not isinstance(entry, dict) or entry.get("fingerprint") != stamp:
        return False
    hashes = entry.get("hashes")
    if not isinstance(hashes, dict) or not set(needs) <= set(hashes):
        return False
    return all(file_hash(folder / str(name)) == digest for name, digest in hashes.items())


def edited_files(manifest: Manifest, folder: Path, names: Iterable[str]) -> list[str]:
    """The files among `names` that are there with bytes other than samling wrote: edited in
    PowerPoint, Word or LibreOffice since the last build. A file the manifest has no hash for
    (made by an older samling) is not judged."""
    recorded = recorded_hashes(manifest)
    edited = []
    for name in names:
        if name in recorded:
            now = file_hash(folder / name)
            if now is not None and now != recorded[name]:
                edited.append(name)
    return edited


def adopt_file(folder: Path, name: str) -> bool:
    """Count the file's bytes as samling's own: its hand edits were all carried back into
    content/ (`samling pull --apply`), so the next build may replace it without asking. The
    output's fingerprint is cleared too, so that build does replace it. Call it holding the
    folder's build lock. False (nothing written) when the file is not edited or not known."""
    manifest = read_manifest(folder)
    now = file_hash(folder / name)
    for key, entry in manifest.items():
        hashes = entry.get("hashes") if key != PENDING and isinstance(entry, dict) else None
        if isinstance(hashes, dict) and name in hashes and now is not None:
            if hashes[name] == now:
                return False
            hashes[name] = now
            entry["fingerprint"] = ""
            write_manifest(folder, manifest)
            return True
    return False


def office_lock_files(folder: Path, names: Iterable[str]) -> dict[str, Path]:
    """The files among `names` that an office program has open, with the lock file that says
    so: LibreOffice's `.~lock.NAME#`, Microsoft Office's `~$NAME` (the first two letters of a
    long name replaced)."""
    found: dict[str, Path] = {}
    for name in names:
        for lock in (f".~lock.{name}#", f"~${name}", f"~${name[2:]}"):
            if os.path.lexists(folder / lock):
                found[name] = folder / lock
                break
    return found


# --------------------------------------------------------------------------- committing


@dataclass
class Commit:
    """One folder's change of set: the staged files, what the manifest will say of them,
    the files to remove (stale PDFs), and the edited files to keep as dated copies first."""

    folder: Path
    staging: Path
    entries: Manifest = field(default_factory=dict)
    remove: list[str] = field(default_factory=list)
    keep: dict[str, str] = field(default_factory=dict)  # edited name -> copy name

    def staged(self) -> list[str]:
        names: list[str] = []
        for entry in self.entries.values():
            hashes = entry.get("hashes")
            if isinstance(hashes, dict):
                names += [str(name) for name in hashes]
        return sorted(names)


def new_staging(folder: Path) -> Path:
    """A fresh staging folder inside `folder` (same file system, so a rename moves a file)."""
    import tempfile

    folder.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block ends: the few renames of a commit are never
    cut in half by Ctrl-C or a polite kill (only kill -9 can, and `recover` mends that)."""
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def commit(change: Commit, written: list[Path]) -> None:
    """Put the staged files in place as one set, then write the manifest. `written` hears of
    each file before any interrupt held meanwhile is let through."""
    with signals_held():
        manifest = read_manifest(change.folder)
        manifest[PENDING] = {
            "staging": change.staging.name,
            "entries": change.entries,
            "remove": change.remove,
            "keep": change.keep,
        }
        write_manifest(change.folder, manifest)
        _finish(change.folder, manifest)
        written.extend(change.folder / name for name in change.staged())


def needs_recovery(folder: Path) -> bool:
    """Whether a killed build left a half-done commit or a staging folder behind."""
    return PENDING in read_manifest(folder) or any(folder.glob(STAGING_PREFIX + "*"))


def recover(folder: Path) -> bool:
    """Finish a commit that a killed build left half done, and remove stale staging folders
    and temporary files. Call it holding the folder's build lock. True when it mended a set."""
    manifest = read_manifest(folder)
    mended = isinstance(manifest.get(PENDING), dict)
    if mended:
        with signals_held():
            _finish(folder, manifest)
    for stale in folder.glob(STAGING_PREFIX + "*"):
        shutil.rmtree(stale, ignore_errors=True)
    for temporary in folder.glob(".*.tmp"):  # write_atomic's, from a killed build
        with contextlib.suppress(OSError):
            temporary.unlink()
    return mended


def _finish(folder: Path, manifest: Manifest) -> None:
    """Carry out the manifest's pending record; safe to repeat after any interruption."""
    pending = manifest.pop(PENDING)
    staging = folder / str(pending.get("staging", ""))
    entries = pending.get("entries", {})
    keep = pending.get("keep", {})
    staged = Commit(folder, staging, entries if isinstance(entries, dict) else {}).staged()
    for name, copy in (keep if isinstance(keep, dict) else {}).items():
        # The copy is due while the edited file is still there: its replacement is still in
        # staging, or (a stale PDF) it is not removed yet.
        still_there = (staging / name).is_file() if name in staged else (folder / name).is_file()
        if still_there and not os.path.lexists(folder / copy):
            _copy_without_overwriting(folder / name, folder / copy)
    for name in staged:
        if (staging / name).is_file():
            os.replace(staging / name, folder / name)
    remove = pending.get("remove", [])
    for name in remove if isinstance(remove, list) else []:
        with contextlib.suppress(FileNotFoundError):
            (folder / str(name)).unlink()
    _sync_folder(folder)
    manifest.update(entries if isinstance(entries, dict) else {})
    write_manifest(folder, manifest)
    shutil.rmtree(staging, ignore_errors=True)


def _copy_without_overwriting(source: Path, target: Path) -> None:
    """A second name for the file (a hard link), or a byte copy where links are not allowed;
    never over an existing file."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:
        with open(source, "rb") as reading, open(target, "xb") as writing:
            shutil.copyfileobj(reading, writing)
            writing.flush()
            os.fsync(writing.fileno())


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
