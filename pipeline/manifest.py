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
from pathlib import Path

from pipeline import __version__
from pipeline.outputs import write_atomic
from pipeline.project import Project, list_samlinger

MANIFEST = ".samling-manifest.json"

# output key -> {"fingerprint": str, "files": [names in the folder]}
Manifest = dict[str, dict[str, object]]


def hash_files(paths: list[Path], root: Path) -> str:
    """One digest of the files' names (relative to `root`) and bytes; a missing file counts."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        try:
            relative = path.relative_to(root)
        except ValueError:
            relative = path
        digest.update(str(relative).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
        digest.update(b"\0")
    return digest.hexdigest()


def files_below(folder: Path) -> list[Path]:
    """Every file under `folder`, hidden files left out; none when it does not exist."""
    if not folder.is_dir():
        return []
    return [p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")]


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
