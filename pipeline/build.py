"""Build orchestration: read and check everything, render in memory, then write atomically.

Order matters: content is loaded and validated first; every output is rendered to bytes next;
only when all of them succeeded is anything written. A failed build keeps the last good files.

Each output records the fingerprint of its inputs (content, template, fonts, the pipeline's
code) in a manifest, and is rebuilt only when that fingerprint changes. The fingerprint is
computed from file bytes alone, so a build with nothing to do imports no renderer at all.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import __version__
from pipeline.errors import ContentError, Diagnostic, Report, SamlingError, TemplateError

if TYPE_CHECKING:
    from pipeline.model.types import SamlingBundle
from pipeline.ooxml.guard import check_office_template
from pipeline.outputs import source_date, write_atomic
from pipeline.project import (
    ALL_OUTPUTS,
    POSTER_DIR,
    POSTER_TEMPLATES,
    SAMLING_OUTPUTS,
    Project,
    has_slides,
    list_samlinger,
    output_names,
)

MANIFEST = ".samling-manifest.json"

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


@dataclass
class BuildOptions:
    only: tuple[str, ...] = ALL_OUTPUTS
    pdf: bool | None = None  # None: when LibreOffice is installed
    force: bool = False
    strict: bool = False
    poster_size: str = "A2"
    poster_bleed: bool = False
    templates: dict[str, Path] = field(default_factory=dict)  # overrides per output
    parallel: bool = True  # render outputs in worker processes, one per core


@dataclass
class BuildResult:
    written: list[Path] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- fingerprints


def _hash_files(paths: list[Path], root: Path) -> str:
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


def _files_below(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return [p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")]


def code_fingerprint() -> str:
    package = Path(__file__).parent
    return __version__ + ":" + _hash_files(sorted(package.rglob("*.py")), package)


def content_inputs(project: Project, number: int) -> list[Path]:
    """Every content file a samling's outputs can depend on."""
    inputs = [project.content / "program.yaml", project.content / "lederplattform.yaml"]
    inputs += _files_below(project.content / f"samling-{number:02d}")
    for other in list_samlinger(project.content):
        inputs.append(project.content / f"samling-{other:02d}" / "results.yaml")
    return inputs


def fingerprint(project: Project, inputs: list[Path], options_key: str = "") -> str:
    digest = hashlib.sha256()
    digest.update(code_fingerprint().encode())
    digest.update(_hash_files(inputs, project.content.parent).encode())
    digest.update(options_key.encode())
    digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    return digest.hexdigest()


def _read_manifest(folder: Path) -> dict[str, dict[str, object]]:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _up_to_date(manifest: dict[str, dict[str, object]], key: str, stamp: str, folder: Path) -> bool:
    entry = manifest.get(key)
    if not isinstance(entry, dict) or entry.get("fingerprint") != stamp:
        return False
    files = entry.get("files", [])
    return isinstance(files, list) and all((folder / str(name)).is_file() for name in files)


@contextmanager
def build_lock(folder: Path) -> Iterator[None]:
    """One build of a folder at a time; a second one waits instead of interleaving writes."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".samling.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --------------------------------------------------------------------------- rendering


def _render_samling_output(
    output: str, bundle: SamlingBundle, template: Path
) -> tuple[bytes, list[Diagnostic]]:
    """Import each renderer only when its output is built: the imports are slow."""
    check_office_template(template)
    if output == "deck":
        from pipeline.render.deck.render import render_deck

        return render_deck(bundle, template)
    if output == "guide":
        from pipeline.render.guide import render_guide

        return render_guide(bundle, template)
    from pipeline.render.worksheets import render_worksheets

    return render_worksheets(bundle, template)


def _pdfs(
    files: list[Path],
    folder: Path,
    progress: Progress,
    result: BuildResult,
    lang: str | None = None,
    when: datetime | None = None,
) -> None:
    from pipeline.pdf import convert_to_pdf, libreoffice_available

    if not libreoffice_available():
        result.notes.append(
            "PDFs skipped: LibreOffice is not installed "
            "(Debian: apt-get install libreoffice-impress libreoffice-writer)."
        )
        return
    import tempfile

    progress(f"Converting {len(files)} file(s) to PDF with LibreOffice …")
    with tempfile.TemporaryDirectory(prefix="samling-pdf-") as scratch:
        made = convert_to_pdf(files, Path(scratch), lang=lang, when=when)
        for pdf in made:
            target = folder / pdf.name
            write_atomic(target, pdf.read_bytes())
            result.written.append(target)


def build_samling(
    project: Project, number: int, options: BuildOptions, progress: Progress = _quiet
) -> BuildResult:
    """Build the outputs of one samling (and the poster, when asked) into build/."""
    with ExitStack() as stack:
        return _build_samling(project, number, options, progress, BuildResult(), stack)


def _build_samling(
    project: Project,
    number: int,
    options: BuildOptions,
    progress: Progress,
    result: BuildResult,
    stack: ExitStack,
) -> BuildResult:
    folder = project.samling_build_dir(number)
    wanted = [o for o in SAMLING_OUTPUTS if o in options.only]
    names = output_names(number)
    templates = {o: options.templates.get(o, project.template_for(o)) for o in wanted}
    want_pdf = bool(options.pdf) if options.pdf is not None else _libreoffice_present()
    pool: ProcessPoolExecutor | None = None
    poster_future: Future[BuildResult] | None = None
    want_poster = "poster" in options.only
    no_platform = not (project.content / "lederplattform.yaml").is_file()
    if want_poster and options.only != ("poster",) and no_platform:
        # Early in a programme there is no platform yet: the samling still builds.
        want_poster = False
        result.notes.append("Poster skipped: content/lederplattform.yaml does not exist yet.")
    if want_poster and _poster_stale(project, options):
        pool = _worker_pool(options, stack)
        if pool is not None:
            poster_future = pool.submit(build_poster, project, options)

    if wanted:
        inputs = content_inputs(project, number)
        manifest = _read_manifest(folder)
        stamps = {
            o: fingerprint(project, [*inputs, templates[o]], f"{o}:strict={options.strict}")
            for o in wanted
        }
        pdf_files = {o: [names[o], Path(names[o]).with_suffix(".pdf").name] for o in wanted}
        stale = [
            o
            for o in wanted
            if options.force
            or not _up_to_date(manifest, o, stamps[o] + (":pdf" if want_pdf else ""), folder)
            or (want_pdf and not (folder / pdf_files[o][1]).is_file())
        ]
        result.unchanged.extend(o for o in wanted if o not in stale)
        if len(stale) > 1 and pool is None:
            pool = _worker_pool(options, stack)
        if stale:
            from pipeline.content.load import read_samling

            bundle, report = read_samling(project.content, number)
            report.raise_if_errors(strict=options.strict)
            if bundle is None:
                raise ContentError(report.diagnostics)
            result.warnings.extend(report.warnings)
            rendered: dict[str, bytes] = {}
            futures = {}
            if pool is not None:
                for output in stale:
                    futures[output] = pool.submit(
                        _render_samling_output, output, bundle, templates[output]
                    )
            for output in stale:
                progress(f"Rendering {output} …")
                if output in futures:
                    data, warnings = futures[output].result()
                else:
                    data, warnings = _render_samling_output(output, bundle, templates[output])
                result.warnings.extend(warnings)
                rendered[output] = data  # the renderers return normalised zips
            # Everything rendered: only now is anything written.
            with build_lock(folder):
                for output, data in rendered.items():
                    target = folder / names[output]
                    write_atomic(target, data)
                    result.written.append(target)
                if want_pdf:
                    _pdfs(
                        [folder / names[o] for o in rendered],
                        folder,
                        progress,
                        result,
                        lang=f"{bundle.malform}-NO",
                        when=source_date(bundle.info.date),
                    )
                manifest = _read_manifest(folder)
                made_pdf = want_pdf and all((folder / pdf_files[o][1]).is_file() for o in rendered)
                for output in rendered:
                    manifest[output] = {
                        "fingerprint": stamps[output] + (":pdf" if made_pdf else ""),
                        "files": pdf_files[output] if made_pdf else [names[output]],
                    }
                write_atomic(
                    folder / MANIFEST,
                    json.dumps(manifest, indent=2, sort_keys=True).encode(),
                )
    if want_poster:
        if poster_future is not None:
            poster = poster_future.result()
        else:
            poster = build_poster(project, options, progress)
        result.written.extend(poster.written)
        result.unchanged.extend(poster.unchanged)
        result.warnings.extend(poster.warnings)
    return result


def _worker_pool(options: BuildOptions, stack: ExitStack) -> ProcessPoolExecutor | None:
    """A pool of forked workers, so renderers run on both cores and their slow imports
    happen only in the processes that render."""
    cores = os.cpu_count() or 1
    if not options.parallel or cores < 2:
        return None
    context = multiprocessing.get_context("fork")
    return stack.enter_context(ProcessPoolExecutor(max_workers=min(cores, 4), mp_context=context))


def _libreoffice_present() -> bool:
    import shutil

    return shutil.which("soffice") is not None or shutil.which("libreoffice") is not None


def _poster_plan(
    project: Project, options: BuildOptions, template_names: tuple[str, ...] = POSTER_TEMPLATES
) -> dict[str, tuple[Path, str, bool]]:
    """For each poster file stem: its template, its input fingerprint, and whether it is
    up to date."""
    folder = project.build / POSTER_DIR
    inputs = [project.content / "program.yaml", project.content / "lederplattform.yaml"]
    inputs += _files_below(project.content / "images")
    manifest = _read_manifest(folder)
    override = options.templates.get("poster")
    chosen = (
        {"lederplakat": override}
        if override
        else {
            ("lederplakat" if name == "diamond" else f"lederplakat-{name}"): (
                project.poster_template(name)
            )
            for name in template_names
        }
    )
    key = f"{options.poster_size}:bleed={options.poster_bleed}"
    plan = {}
    for stem, template in chosen.items():
        stamp = fingerprint(project, [*inputs, *_files_below(template.parent)], key)
        fresh = not options.force and _up_to_date(manifest, stem, stamp, folder)
        plan[stem] = (template, stamp, fresh)
    return plan


def _poster_stale(project: Project, options: BuildOptions) -> bool:
    return not all(fresh for _, _, fresh in _poster_plan(project, options).values())


def build_poster(
    project: Project,
    options: BuildOptions,
    progress: Progress = _quiet,
    template_names: tuple[str, ...] = POSTER_TEMPLATES,
) -> BuildResult:
    """Build the lederplakat into build/lederplakat/, one set of files per template."""
    result = BuildResult()
    folder = project.build / POSTER_DIR
    manifest = _read_manifest(folder)
    rendered: dict[str, dict[str, bytes]] = {}
    stamps: dict[str, str] = {}
    for stem, (template, stamp, fresh) in _poster_plan(project, options, template_names).items():
        stamps[stem] = stamp
        files = [f"{stem}.{ext}" for ext in ("svg", "pdf", "png", "txt")]
        if fresh:
            result.unchanged.append(stem)
            continue
        from pipeline.content.load import load_lederplattform, load_program

        program = load_program(project.content)
        plattform = load_lederplattform(project.content)
        if not template.is_file():
            raise TemplateError(
                [Diagnostic("error", f"the poster template {template} does not exist")]
            )
        from pipeline.render.poster.render import render_poster

        progress(f"Rendering {stem} …")
        poster_files, warnings = render_poster(
            plattform,
            program,
            template,
            size=options.poster_size,
            bleed=options.poster_bleed,
            allowed_roots=[project.content, project.templates],
        )
        result.warnings.extend(warnings)
        rendered[stem] = {name: poster_files[name.rsplit(".", 1)[1]] for name in files}
    if rendered:
        with build_lock(folder):
            for stem, files_data in rendered.items():
                for name, payload in files_data.items():
                    write_atomic(folder / name, payload)
                    result.written.append(folder / name)
                manifest[stem] = {"fingerprint": stamps[stem], "files": sorted(files_data)}
            write_atomic(folder / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True).encode())
    return result


def buildable_samlinger(project: Project) -> list[int]:
    return [n for n in list_samlinger(project.content) if has_slides(project.content, n)]


def check_samling(project: Project, number: int) -> Report:
    """Validate one samling without writing anything."""
    from pipeline.content.load import read_samling

    _, report = read_samling(project.content, number)
    return report


def safe_build_all(
    project: Project, options: BuildOptions, progress: Progress = _quiet
) -> tuple[BuildResult, list[SamlingError]]:
    """Build every samling and the poster; samlinger in parallel, one process per core."""
    from concurrent.futures import ProcessPoolExecutor

    numbers = buildable_samlinger(project)
    total = BuildResult()
    failures: list[SamlingError] = []
    samling_options = BuildOptions(
        only=tuple(o for o in options.only if o != "poster"),
        pdf=options.pdf,
        force=options.force,
        strict=options.strict,
        templates=options.templates,
        parallel=False,  # the samlinger themselves already run one per core
    )
    workers = max(1, min(len(numbers), os.cpu_count() or 1))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {n: pool.submit(build_samling, project, n, samling_options) for n in numbers}
        if "poster" in options.only:
            try:
                poster = build_poster(project, options, progress)
                total.written += poster.written
                total.unchanged += poster.unchanged
                total.warnings += poster.warnings
            except SamlingError as exc:
                failures.append(exc)
        for number, future in futures.items():
            try:
                part = future.result()
            except SamlingError as exc:
                failures.append(exc)
                continue
            total.written += part.written
            total.unchanged += [f"samling {number}: {name}" for name in part.unchanged]
            total.warnings += part.warnings
            total.notes += part.notes
    return total, failures
