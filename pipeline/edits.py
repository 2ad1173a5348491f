"""Hand edits: an output changed after samling wrote it is never overwritten silently.

The manifest records the hash of every file a build wrote (`pipeline.manifest`). Before a
build replaces a file, it looks for a different hash there (edited in PowerPoint or Word) and
for an office program's lock file (the file is open); either stops the build, unless the user
chose `--keep-edits` (a dated copy is kept) or `--discard-edits`.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from pipeline.errors import Diagnostic, SamlingError
from pipeline.manifest import (
    Commit,
    Manifest,
    commit,
    edited_files,
    office_lock_files,
    read_manifest,
)
from pipeline.outputs import edited_copy_name
from pipeline.project import output_names


def refuse_open_files(folder: Path, names: list[str]) -> None:
    locks = office_lock_files(folder, names)
    if locks:
        raise SamlingError(
            [
                Diagnostic(
                    "error",
                    f"this file is open in an office program (its lock file {lock.name} is "
                    "there), so the build does not replace it",
                    file=folder / name,
                    hint="close it first, then build again; if no program has it open, "
                    "delete the lock file",
                )
                for name, lock in locks.items()
            ]
        )


def edited_error(folder: Path, edited: list[str], number: int | None) -> SamlingError:
    diagnostics = []
    for name in edited:
        pull = ""
        names = output_names(number) if number is not None else {}
        if name in (names.get("deck"), names.get("guide")):
            pull = f"bring the edits back into content/ with 'samling pull {number}', then "
        diagnostics.append(
            Diagnostic(
                "error",
                "this file was changed after samling built it (edited in PowerPoint, Word or "
                "LibreOffice?), so the build stops rather than overwrite it",
                file=folder / name,
                hint=f"{pull}build again with --keep-edits to keep your file as a dated copy "
                "next to the new one, or with --discard-edits to overwrite it",
            )
        )
    return SamlingError(diagnostics)


def check_edits(
    manifest: Manifest, folder: Path, names: list[str], edits: str, number: int | None
) -> list[str]:
    """The edited files among `names`; raises when one is open, or edited and refused."""
    refuse_open_files(folder, names)
    edited = edited_files(manifest, folder, names)
    if edited and edits not in ("keep", "discard"):
        raise edited_error(folder, edited, number)
    return edited


def settle(change: Commit, edits: str, number: int | None, written: list[Path]) -> list[str]:
    """Holding the folder's lock: the last look for hand edits and open files (one may have
    been saved while the build rendered), then the commit. Returns what to tell about the
    edited files: kept as a dated copy (`edits` "keep") or overwritten ("discard")."""
    folder = change.folder
    edited = check_edits(
        read_manifest(folder), folder, change.staged() + change.remove, edits, number
    )
    if edits == "keep":
        for name in edited:
            saved = datetime.fromtimestamp((folder / name).stat().st_mtime)
            change.keep[name] = edited_copy_name(
                name, saved, lambda candidate: os.path.lexists(folder / candidate)
            )
    commit(change, written)
    return [
        f"Kept your edited {name} as {change.keep[name]}."
        if name in change.keep
        else f"Overwrote your edits to {name} (--discard-edits)."
        for name in edited
    ]
