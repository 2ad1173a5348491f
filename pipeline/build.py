"""Build orchestration: read and check everything, render in memory, then write atomically.

Order matters: content is loaded and validated first; every output is rendered to bytes next;
only when all of them succeeded is anything written. A failed build keeps the last good files.

Each output records the fingerprint of its inputs (content, template, fonts, the pipeline's
code) in a manifest (`pipeline.manifest`), and is rebuilt only when that fingerprint changes.
The fingerprint is computed from file bytes alone, so a build with nothing to do imports no
renderer at all: keep this module's own imports to the standard library and light modules.
"""

from __future__ import annotations

import errno
import fcntl
import multiprocessing
import os
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import ContentError, Diagnostic, Report, SamlingError, TemplateError
from pipeline.manifest import (
    content_inputs,
    files_below,
    fingerprint,
    poster_inputs,
    read_manifest,
    up_to_date,
    write_manifest,
)
from pipeline.ooxml.guard import check_office_template
from pipeline.outputs import source_date, write_atomic
from pipeline.pdf import convert_to_pdf, libreoffice_available
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

if TYPE_CHECKING:
    from pipeline.model.types import SamlingBundle

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


# --------------------------------------------------------------------------- writing


LOCK_FILE = ".samling.lock"


@contextmanager
def build_lock(folder: Path, what: str, progress: Progress = _quiet) -> Iterator[None]:
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
        from pipeline.render.guide.render import render_guide

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
    if not libreoffice_available():
        result.notes.append(
            "PDFs skipped: LibreOffice is not installed "
            "(Debian: apt-get install libreoffice-impress libreoffice-writer)."
        )
        return
    progress(f"Converting {len(files)} file(s) to PDF with LibreOffice …")
    with tempfile.TemporaryDirectory(prefix="samling-pdf-") as scratch:
        made = convert_to_pdf(files, Path(scratch), lang=lang, when=when, progress=progress)
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
    """The poster starts first in a worker when it is stale; the samling's own outputs render
    meanwhile and are written together; the poster's files are collected last."""
    want_poster = _want_poster(project, options, result)
    pool: ProcessPoolExecutor | None = None
    poster_future: Future[_PosterRender] | None = None
    if want_poster and _poster_stale(project, options):
        blockers = _poster_blockers(project, options)
        result.warnings.extend(blockers)
        want_poster = not blockers
        pool = _worker_pool(options, stack) if want_poster else None
        if pool is not None:
            poster_future = pool.submit(_render_poster_files, project, options)

    plan = _samling_plan(project, number, options)
    result.unchanged.extend(o for o in plan.wanted if o not in plan.stale)
    staged: _PosterRender | None = None
    if want_poster and options.strict:
        # Under --strict the poster's warnings stop the samling's outputs too: collect first.
        staged = _collect_poster(project, options, progress, poster_future)
    bundle = None
    rendered: dict[str, bytes] = {}
    if plan.stale:
        if len(plan.stale) > 1 and pool is None:
            pool = _worker_pool(options, stack)
        bundle = _load_bundle(project, number, options, result)
        rendered = _render_outputs(plan, bundle, pool, progress, result)
    refuse_warnings(options, [*result.warnings, *(staged.result.warnings if staged else [])])
    if bundle is not None:
        _write_outputs(plan, rendered, bundle, progress, result)
    if want_poster:
        staged = staged or _collect_poster(project, options, progress, poster_future)
        poster = _write_poster(project, staged, progress)
        result.written.extend(poster.written)
        result.unchanged.extend(poster.unchanged)
        result.warnings.extend(poster.warnings)
    return result


def _want_poster(project: Project, options: BuildOptions, result: BuildResult) -> bool:
    """Whether this build makes the poster; a note when it is skipped for want of a platform."""
    if "poster" not in options.only:
        return False
    no_platform = not (project.content / "lederplattform.yaml").is_file()
    if options.only != ("poster",) and no_platform:
        # Early in a programme there is no platform yet: the samling still builds.
        result.notes.append("Poster skipped: content/lederplattform.yaml does not exist yet.")
        return False
    return True


def _poster_blockers(project: Project, options: BuildOptions) -> list[Diagnostic]:
    """A lederplattform still being written (8 of 9 values) skips the poster, with a warning,
    when the samling's own outputs are built too; `--only poster` reports it as an error."""
    if options.only == ("poster",):
        return []
    from pipeline.content.load import poster_blockers

    return poster_blockers(project.content)


@dataclass
class _SamlingPlan:
    """What one samling's build will do, decided from the manifest before anything is read."""

    folder: Path
    names: dict[str, str]  # output -> file name
    label: str  # "samling N", for messages
    templates: dict[str, Path]
    want_pdf: bool
    wanted: list[str] = field(default_factory=list)
    stamps: dict[str, str] = field(default_factory=dict)  # output -> fingerprint
    stale: list[str] = field(default_factory=list)  # the outputs to render, in order

    def pdf_name(self, output: str) -> str:
        return Path(self.names[output]).with_suffix(".pdf").name

    def files(self, output: str, with_pdf: bool) -> list[str]:
        """The files an output leaves in the folder, as the manifest lists them."""
        return [self.names[output], self.pdf_name(output)] if with_pdf else [self.names[output]]

    def stamp(self, output: str, with_pdf: bool) -> str:
        """The manifest's fingerprint: with PDFs it differs, so adding them rebuilds."""
        return self.stamps[output] + (":pdf" if with_pdf else "")


def _samling_plan(project: Project, number: int, options: BuildOptions) -> _SamlingPlan:
    wanted = [o for o in SAMLING_OUTPUTS if o in options.only]
    plan = _SamlingPlan(
        folder=project.samling_build_dir(number),
        names=output_names(number),
        label=f"samling {number}",
        templates={o: options.templates.get(o, project.template_for(o)) for o in wanted},
        want_pdf=bool(options.pdf) if options.pdf is not None else libreoffice_available(),
        wanted=wanted,
    )
    if not wanted:
        return plan
    inputs = content_inputs(project, number)
    manifest = read_manifest(plan.folder)
    for o in wanted:
        plan.stamps[o] = fingerprint(
            project, [*inputs, plan.templates[o]], f"{o}:strict={options.strict}"
        )
    plan.stale = [
        o
        for o in wanted
        if options.force
        or not up_to_date(manifest, o, plan.stamp(o, plan.want_pdf), plan.folder)
        or (plan.want_pdf and not (plan.folder / plan.pdf_name(o)).is_file())
    ]
    return plan


def _load_bundle(
    project: Project, number: int, options: BuildOptions, result: BuildResult
) -> SamlingBundle:
    """Read and check the samling; its warnings go into the result, its errors are raised."""
    # Imported here, not above: the loader brings pydantic and ruamel, which a build with
    # nothing to do never needs.
    from pipeline.content.load import read_samling

    slides_needed = any(output in options.only for output in ("deck", "guide"))
    bundle, report = read_samling(project.content, number, slides_needed)
    report.raise_if_errors(strict=options.strict)
    if bundle is None:
        raise ContentError(report.diagnostics)
    result.warnings.extend(report.warnings)
    return bundle


def _render_outputs(
    plan: _SamlingPlan,
    bundle: SamlingBundle,
    pool: ProcessPoolExecutor | None,
    progress: Progress,
    result: BuildResult,
) -> dict[str, bytes]:
    """Every stale output as bytes (normalised zips), in the workers when there is a pool."""
    futures = {}
    if pool is not None:
        for output in plan.stale:
            futures[output] = pool.submit(
                _render_samling_output, output, bundle, plan.templates[output]
            )
    rendered: dict[str, bytes] = {}
    for output in plan.stale:
        progress(f"Rendering {output} …")
        if output in futures:
            data, warnings = futures[output].result()
        else:
            data, warnings = _render_samling_output(output, bundle, plan.templates[output])
        result.warnings.extend(warnings)
        rendered[output] = data
    return rendered


def _write_outputs(
    plan: _SamlingPlan,
    rendered: dict[str, bytes],
    bundle: SamlingBundle,
    progress: Progress,
    result: BuildResult,
) -> None:
    """Everything rendered: only now is anything written, the PDFs made and the manifest
    updated (read again under the lock, as another build may have changed it)."""
    folder = plan.folder
    with build_lock(folder, plan.label, progress):
        for output, data in rendered.items():
            target = folder / plan.names[output]
            write_atomic(target, data)
            result.written.append(target)
        if plan.want_pdf:
            _pdfs(
                [folder / plan.names[o] for o in rendered],
                folder,
                progress,
                result,
                lang=f"{bundle.malform}-NO",
                when=source_date(bundle.info.date),
            )
        manifest = read_manifest(folder)
        made_pdf = plan.want_pdf and all((folder / plan.pdf_name(o)).is_file() for o in rendered)
        for output in rendered:
            manifest[output] = {
                "fingerprint": plan.stamp(output, made_pdf),
                "files": plan.files(output, made_pdf),
            }
        write_manifest(folder, manifest)


def _worker_pool(options: BuildOptions, stack: ExitStack) -> ProcessPoolExecutor | None:
    """A pool of forked workers, so renderers run on both cores and their slow imports
    happen only in the processes that render."""
    cores = os.cpu_count() or 1
    if not options.parallel or cores < 2:
        return None
    context = multiprocessing.get_context("fork")
    return stack.enter_context(ProcessPoolExecutor(max_workers=min(cores, 4), mp_context=context))


def _poster_plan(
    project: Project, options: BuildOptions, template_names: tuple[str, ...] = POSTER_TEMPLATES
) -> dict[str, tuple[Path, str, bool]]:
    """For each poster file stem: its template, its input fingerprint, and whether it is
    up to date."""
    folder = project.build / POSTER_DIR
    inputs = poster_inputs(project)
    manifest = read_manifest(folder)
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
    if options.strict:  # a poster built with warnings is not up to date for a strict build
        key += ":strict"
    plan = {}
    for stem, template in chosen.items():
        stamp = fingerprint(project, [*inputs, *files_below(template.parent)], key)
        fresh = not options.force and up_to_date(manifest, stem, stamp, folder)
        plan[stem] = (template, stamp, fresh)
    return plan


def _poster_stale(project: Project, options: BuildOptions) -> bool:
    return not all(fresh for _, _, fresh in _poster_plan(project, options).values())


def refuse_warnings(options: BuildOptions, warnings: list[Diagnostic]) -> None:
    """Under --strict every warning (content, rendering, poster) stops the build after the
    rendering in memory and before anything is written: the last good outputs and the
    manifest stay as they were."""
    if options.strict and warnings:
        raise SamlingError(list(dict.fromkeys(warnings)))


@dataclass
class _PosterRender:
    """The poster's files rendered in memory, not yet written."""

    result: BuildResult
    rendered: dict[str, dict[str, bytes]] = field(default_factory=dict)  # stem -> name -> data
    stamps: dict[str, str] = field(default_factory=dict)  # stem -> fingerprint


def build_poster(
    project: Project,
    options: BuildOptions,
    progress: Progress = _quiet,
    template_names: tuple[str, ...] = POSTER_TEMPLATES,
) -> BuildResult:
    """Build the lederplakat into build/lederplakat/, one set of files per template."""
    staged = _render_poster_files(project, options, progress, template_names)
    refuse_warnings(options, staged.result.warnings)
    return _write_poster(project, staged, progress)


def _collect_poster(
    project: Project,
    options: BuildOptions,
    progress: Progress,
    future: Future[_PosterRender] | None,
) -> _PosterRender:
    """The poster rendered in a worker (when one was started), else here."""
    if future is not None:
        return future.result()
    return _render_poster_files(project, options, progress)


def _render_poster_files(
    project: Project,
    options: BuildOptions,
    progress: Progress = _quiet,
    template_names: tuple[str, ...] = POSTER_TEMPLATES,
) -> _PosterRender:
    """Every stale poster rendered to bytes in memory; nothing is written here."""
    staged = _PosterRender(BuildResult())
    result = staged.result
    for stem, (template, stamp, fresh) in _poster_plan(project, options, template_names).items():
        staged.stamps[stem] = stamp
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
        staged.rendered[stem] = {name: poster_files[name.rsplit(".", 1)[1]] for name in files}
    return staged


def _write_poster(project: Project, staged: _PosterRender, progress: Progress) -> BuildResult:
    """Write the rendered poster files and their manifest entries, under the lock."""
    result = staged.result
    if staged.rendered:
        folder = project.build / POSTER_DIR
        with build_lock(folder, "the poster", progress):
            manifest = read_manifest(folder)
            for stem, files_data in staged.rendered.items():
                for name, payload in files_data.items():
                    write_atomic(folder / name, payload)
                    result.written.append(folder / name)
                manifest[stem] = {"fingerprint": staged.stamps[stem], "files": sorted(files_data)}
            write_manifest(folder, manifest)
    return result


def buildable_samlinger(project: Project) -> list[int]:
    return [n for n in list_samlinger(project.content) if has_slides(project.content, n)]


def check_samling(project: Project, number: int) -> Report:
    """Validate one samling without writing anything."""
    from pipeline.content.load import poster_blockers, read_samling

    _, report = read_samling(project.content, number)
    places = {(d.file, d.line, d.column) for d in report.diagnostics}
    report.extend(
        d for d in poster_blockers(project.content) if (d.file, d.line, d.column) not in places
    )
    return report


def check_render(
    project: Project, number: int, options: BuildOptions, progress: Progress = _quiet
) -> Report:
    """`samling check N --render`: the content's findings and every renderer's warnings
    (text fitting, missing glyphs, the poster when there is a lederplattform), from renders
    in memory; nothing is written. With `options.force` every output is rendered, otherwise
    only those a build would render (a fresh output was rendered clean under --strict)."""
    from pipeline.content.load import read_samling

    bundle, report = read_samling(project.content, number)
    if bundle is None or report.errors:
        return report
    plan = _samling_plan(project, number, options)  # with options.force: every output
    result = BuildResult()
    try:
        with ExitStack() as stack:
            pool = _worker_pool(options, stack) if len(plan.stale) > 1 else None
            _render_outputs(plan, bundle, pool, progress, result)
        if "poster" in options.only and (project.content / "lederplattform.yaml").is_file():
            result.warnings.extend(_render_poster_files(project, options).result.warnings)
    except SamlingError as exc:
        report.extend(exc.diagnostics)
    report.extend(result.warnings)
    return Report(list(dict.fromkeys(report.diagnostics)))


def safe_build_all(
    project: Project, options: BuildOptions, progress: Progress = _quiet
) -> tuple[BuildResult, list[SamlingError]]:
    """Build every samling and the poster; samlinger in parallel, one process per core."""
    numbers = buildable_samlinger(project)
    total = BuildResult()
    failures: list[SamlingError] = []
    if options.strict:
        failures = _strict_check_all(project, numbers, options)
        if failures:
            return total, failures
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


def _strict_check_all(
    project: Project, numbers: list[int], options: BuildOptions
) -> list[SamlingError]:
    """`build --all --strict` writes nothing when any samling or the poster has a warning:
    what the build would render is rendered in memory first, one samling per core."""
    samling_options = replace(
        options, only=tuple(o for o in options.only if o != "poster"), parallel=False
    )
    found: list[list[Diagnostic]] = []
    workers = max(1, min(len(numbers), os.cpu_count() or 1))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(check_render, project, n, samling_options) for n in numbers]
        poster: list[Diagnostic] = []
        if "poster" in options.only and (project.content / "lederplattform.yaml").is_file():
            try:
                poster = _render_poster_files(project, options).result.warnings
            except SamlingError as exc:
                poster = exc.diagnostics
        found = [future.result().diagnostics for future in futures]
    poster = list(dict.fromkeys(poster))  # the same finding from both poster templates
    return [SamlingError(diagnostics) for diagnostics in [*found, poster] if diagnostics]
