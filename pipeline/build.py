"""Build orchestration: read and check everything, render in memory, then write atomically.

Order matters: content is loaded and validated first; every output is rendered to bytes next;
only when all of them succeeded is anything written. The files of one folder (documents and
their PDFs) are written into a staging folder inside it and then put in place together with
the manifest (`pipeline.manifest.commit`), so a failed, interrupted or killed build leaves
either the last complete set or the new one, and every domain error comes before any commit.

An output edited by hand since the build wrote it (its hash differs from the manifest's) is
never overwritten silently: the build stops (`edits="refuse"`), keeps it as a dated copy first
(`"keep"`) or overwrites it (`"discard"`). SIGINT and SIGTERM end the workers and LibreOffice
and remove the staging folder; the workers and LibreOffice also end when the build is killed.

Each output records the fingerprint of its inputs (content, template, fonts, the pipeline's
code) in a manifest and is rebuilt only when it changes. Fingerprints come from file bytes
alone, so a build with nothing to do imports no renderer: keep this module's imports light.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.edits import check_edits, settle
from pipeline.errors import ContentError, Diagnostic, Report, SamlingError, TemplateError
from pipeline.manifest import (
    PENDING,
    Commit,
    Manifest,
    file_hash,
    files_below,
    fingerprint,
    needs_recovery,
    new_staging,
    poster_inputs,
    read_manifest,
    recover,
    samling_inputs,
    up_to_date,
    write_manifest,
)
from pipeline.ooxml.guard import check_office_template
from pipeline.outputs import build_lock, source_date, write_atomic
from pipeline.pdf import convert_to_pdf, libreoffice_available
from pipeline.project import (
    ALL_OUTPUTS,
    POSTER_DIR,
    POSTER_TEMPLATES,
    SAMLING_OUTPUTS,
    Project,
    has_slides,
    layout_mapping_for,
    list_samlinger,
    output_names,
)
from pipeline.workers import interrupts, process_pool, submit

CACHE_DIR = ".samling-cache"  # in build/: what a build may reuse, whatever --force says

if TYPE_CHECKING:
    from pipeline.model.types import Lederplattform, Program, SamlingBundle
    from pipeline.render.poster.render import PreparedPoster

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
    edits: str = "refuse"  # an output edited by hand: "refuse", "keep" (dated copy), "discard"


@dataclass
class BuildResult:
    written: list[Path] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    deck: Path | None = None  # the deck this build wrote, when it wrote one
    # The deck's slide number of each warning about a slide (by its file and line), when known.
    slide_of: dict[Diagnostic, int] = field(default_factory=dict)


# --------------------------------------------------------------------------- messages

_ALL_OUTCOME = (
    "Each samling and the poster keeps a complete set of outputs: the new one where this "
    "build had finished it, else the last build's."
)


def _outcome(result: BuildResult) -> str:
    if not result.written:
        return (
            "Nothing was written: the outputs are those of the last build, and this build's "
            "unfinished files were removed."
        )
    names = ", ".join(path.name for path in result.written)
    return f"Written, complete, before it: {names}. Everything else is as the last build left it."


# --------------------------------------------------------------------------- hand edits


def _settled_manifest(folder: Path, label: str, progress: Progress) -> Manifest:
    """The folder's manifest, after finishing a commit that a killed build left half done
    and removing its staging folder."""
    if needs_recovery(folder):
        with build_lock(folder, label, progress):
            if recover(folder):
                progress(f"Finished putting the last build's files of {label} in place.")
    return read_manifest(folder)


def _drop_staging(folder: Path, staging: Path) -> None:
    """Remove a staging folder unless a commit from it is pending (then `recover` needs it)."""
    if PENDING not in read_manifest(folder):
        shutil.rmtree(staging, ignore_errors=True)


# --------------------------------------------------------------------------- rendering


def _render_samling_output(
    output: str, bundle: SamlingBundle, template: Path, deck_template: Path | None = None
) -> tuple[bytes, list[Diagnostic]]:
    """Import each renderer only when its output is built: the imports are slow. The guide
    numbers its slides as the deck made from `deck_template` has them."""
    check_office_template(template)
    if output == "deck":
        from pipeline.render.deck import slide_store

        return slide_store.render(bundle, template)
    if output == "guide":
        from pipeline.render.deck.slide_store import with_deck_spans
        from pipeline.render.guide.render import render_guide

        if deck_template is not None:
            bundle = with_deck_spans(bundle, deck_template)
        return render_guide(bundle, template)
    from pipeline.render.worksheets import render_worksheets

    return render_worksheets(bundle, template)


PDFS_SKIPPED = (
    "PDFs skipped: LibreOffice is not installed "
    "(Debian: apt-get install libreoffice-impress libreoffice-writer)."
)


def _pdfs(
    files: list[Path],
    staging: Path,
    progress: Progress,
    lang: str | None = None,
    when: datetime | None = None,
) -> None:
    """The PDFs of the staged `files`, made next to them; LibreOffice's scratch is in there."""
    progress(f"Converting {len(files)} file(s) to PDF with LibreOffice …")
    convert_to_pdf(files, staging, lang=lang, when=when, progress=progress, scratch_root=staging)


def build_samling(
    project: Project, number: int, options: BuildOptions, progress: Progress = _quiet
) -> BuildResult:
    """Build the outputs of one samling (and the poster, when asked) into build/."""
    result = BuildResult()
    with interrupts(lambda: _outcome(result)), ExitStack() as stack, svg_cache(project):
        return _build_samling(project, number, options, progress, result, stack)


@contextmanager
def svg_cache(project: Project) -> Iterator[None]:
    """During a build, rendered SVGs, the decks' slides and the Word documents' tables are
    kept in build/.samling-cache/ (svg/, deck/, docx/), by the hash of what makes them."""
    from pipeline.manifest import code_fingerprint
    from pipeline.render.deck import slide_store
    from pipeline.render.poster import svgcache
    from pipeline.render.word import fragments

    svg = svgcache.use(project.build / CACHE_DIR / "svg")
    deck = slide_store.use(project.build / CACHE_DIR / "deck", code_fingerprint())
    docx = fragments.use(project.build / CACHE_DIR / "docx", code_fingerprint())
    try:
        yield
    finally:
        svgcache.use(svg)
        slide_store.use(*deck)
        fragments.use(*docx)


def _build_samling(
    project: Project,
    number: int,
    options: BuildOptions,
    progress: Progress,
    result: BuildResult,
    stack: ExitStack,
) -> BuildResult:
    """The poster starts rendering first in a worker when it is stale; the samling's own
    outputs render meanwhile. The samling's files are committed, then the poster's."""
    want_poster = _want_poster(project, options, result)
    pool: ProcessPoolExecutor | None = None
    poster_future: Future[_PosterWork] | None = None
    if want_poster and _poster_stale(project, options, progress):
        blockers = _poster_blockers(project, options)
        result.warnings.extend(blockers)
        want_poster = not blockers
        pool = _worker_pool(options, stack) if want_poster else None
        if pool is not None:
            poster_future = submit(pool, _render_poster, project, options)

    plan = _samling_plan(project, number, options, progress)
    result.notes.extend(plan.notes)
    result.unchanged.extend(o for o in plan.wanted if o not in plan.stale)
    poster: _PosterWork | None = None
    if want_poster and options.strict:
        # Under --strict the poster's warnings stop the samling's outputs too: collect first.
        poster = _poster_result(project, options, progress, poster_future)
    bundle = _load_bundle(project, number, options, result) if plan.stale else None
    if bundle is not None:
        _skip_unchanged_views(plan, bundle, options, result)
    if plan.stale and bundle is not None:
        if len(plan.stale) > 1 and pool is None:
            pool = _worker_pool(options, stack)
        rendered = _render_outputs(plan, bundle, pool, progress, result)
        if want_poster and poster is None:  # every error comes before the first commit
            poster = _poster_result(project, options, progress, poster_future)
        refuse_warnings(options, [*result.warnings, *(poster.warnings if poster else [])])
        _write_outputs(plan, rendered, bundle, progress, result, options)
    elif poster is not None:
        refuse_warnings(options, poster.warnings)
    _restamp(plan, progress)
    if want_poster:
        if poster is None:
            poster = _poster_result(project, options, progress, poster_future)
        _commit_poster(project, poster, options, progress, result)
    return result


def _poster_result(
    project: Project,
    options: BuildOptions,
    progress: Progress,
    future: Future[_PosterWork] | None,
) -> _PosterWork:
    return future.result() if future is not None else _render_poster(project, options, progress)


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
    notes: list[str] = field(default_factory=list)
    number: int | None = None
    deck_template: Path | None = None  # the guide numbers its slides as this deck has them
    views: dict[str, str] = field(default_factory=dict)  # output -> key of what it reads
    restamp: list[str] = field(default_factory=list)  # unchanged though an input changed

    def pdf_name(self, output: str) -> str:
        return Path(self.names[output]).with_suffix(".pdf").name

    def files(self, output: str, with_pdf: bool) -> list[str]:
        """The files an output leaves in the folder, as the manifest lists them."""
        return [self.names[output], self.pdf_name(output)] if with_pdf else [self.names[output]]

    def stamp(self, output: str) -> str:
        """The manifest's fingerprint of the output's inputs."""
        return self.stamps[output]

    def touched(self, output: str) -> list[str]:
        """The files a rebuild of `output` writes, or removes (a PDF that would be stale)."""
        pdf = self.pdf_name(output)
        files = self.files(output, self.want_pdf)
        if not self.want_pdf and os.path.lexists(self.folder / pdf):
            files.append(pdf)
        return files


def _samling_plan(
    project: Project,
    number: int,
    options: BuildOptions,
    progress: Progress = _quiet,
    writes: bool = True,
) -> _SamlingPlan:
    wanted = [o for o in SAMLING_OUTPUTS if o in options.only]
    installed = libreoffice_available()
    plan = _SamlingPlan(
        folder=project.samling_build_dir(number),
        names=output_names(number),
        label=f"samling {number}",
        templates={o: options.templates.get(o, project.template_for(o)) for o in wanted},
        want_pdf=options.pdf is not False and installed,
        wanted=wanted,
        number=number,
        deck_template=options.templates.get("deck", project.template_for("deck")),
    )
    if not wanted:
        return plan
    if options.pdf is not False and not installed:
        plan.notes.append(PDFS_SKIPPED)  # every time, not only when something is rebuilt
    inputs = samling_inputs(project, number)
    manifest = _settled_manifest(plan.folder, plan.label, progress)
    for o in wanted:
        template_files = [plan.templates[o]]
        if o == "deck":  # the designer's mapping file, next to the template, counts too
            template_files.append(layout_mapping_for(plan.templates[o]))
        if o == "guide" and plan.deck_template:  # its slide numbers are the deck's
            template_files += [plan.deck_template, layout_mapping_for(plan.deck_template)]
        plan.stamps[o] = fingerprint(
            project, [*inputs[o], *template_files], f"{o}:strict={options.strict}"
        )
    plan.stale = [
        o
        for o in wanted
        if options.force
        or not up_to_date(manifest, o, plan.stamp(o), plan.folder, plan.files(o, plan.want_pdf))
    ]
    if writes:  # stop before the slow rendering when an output to rewrite was edited by hand
        touched = [name for o in plan.stale for name in plan.touched(o)]
        check_edits(manifest, plan.folder, touched, options.edits, number)
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


def _skip_unchanged_views(
    plan: _SamlingPlan, bundle: SamlingBundle, options: BuildOptions, result: BuildResult
) -> None:
    """The worksheets read only part of slides.md (`pipeline.model.views`). When what they
    read is what their files were made from, and the files are there as written, they are
    not rendered again: they count as unchanged, and `_restamp` gives them the new
    fingerprint once the build has passed every check."""
    if "worksheets" not in plan.stale:
        return
    from pipeline.model.views import view_key, worksheet_view

    plan.views["worksheets"] = key = view_key(worksheet_view(bundle))
    if options.force:
        return
    manifest = read_manifest(plan.folder)
    entry = manifest.get("worksheets")
    if not isinstance(entry, dict) or entry.get("view") != key:
        return
    files = plan.files("worksheets", plan.want_pdf)
    if not up_to_date(manifest, "worksheets", str(entry.get("fingerprint")), plan.folder, files):
        return
    plan.stale.remove("worksheets")
    plan.restamp.append("worksheets")
    result.unchanged.append("worksheets")


def _restamp(plan: _SamlingPlan, progress: Progress) -> None:
    """Record the new fingerprint of the outputs whose files stay as they are."""
    if not plan.restamp:
        return
    with build_lock(plan.folder, plan.label, progress):
        manifest = read_manifest(plan.folder)
        for output in plan.restamp:
            entry = manifest.get(output)
            if isinstance(entry, dict) and entry.get("view") == plan.views[output]:
                entry["fingerprint"] = plan.stamp(output)
        write_manifest(plan.folder, manifest)


def _longest_first(plan: _SamlingPlan) -> list[str]:
    """The stale outputs, the longest to render first (so the others fit beside it): the
    deck when it has no stored slides to reuse, else the guide."""
    from pipeline.render.deck import slide_store

    first = "guide" if plan.number is None or slide_store.stored(plan.number) else "deck"
    return sorted(plan.stale, key=lambda output: output != first)


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
        for output in _longest_first(plan):
            futures[output] = submit(
                pool,
                _render_samling_output,
                output,
                bundle,
                plan.templates[output],
                plan.deck_template,
            )
    rendered: dict[str, bytes] = {}
    for output in plan.stale:
        progress(f"Rendering {output} …")
        if output in futures:
            data, warnings = futures[output].result()
        else:
            data, warnings = _render_samling_output(
                output, bundle, plan.templates[output], plan.deck_template
            )
        result.warnings.extend(warnings)
        rendered[output] = data
    return rendered


def _write_outputs(
    plan: _SamlingPlan,
    rendered: dict[str, bytes],
    bundle: SamlingBundle,
    progress: Progress,
    result: BuildResult,
    options: BuildOptions | None = None,
) -> None:
    """Everything rendered: only now, holding the folder's lock, are the files staged, the
    PDFs made from the staged files, and the whole set committed with the manifest."""
    folder = plan.folder
    with build_lock(folder, plan.label, progress):
        recover(folder)
        staging = new_staging(folder)
        try:
            for output, data in rendered.items():
                write_atomic(staging / plan.names[output], data)
            if plan.want_pdf:
                _pdfs(
                    [staging / plan.names[o] for o in rendered],
                    staging,
                    progress,
                    lang=f"{bundle.malform}-NO",
                    when=source_date(bundle.info.date),
                )
            change = Commit(folder, staging)
            for output in rendered:
                files = plan.files(output, plan.want_pdf)
                change.entries[output] = {
                    "fingerprint": plan.stamp(output),
                    "files": files,
                    "hashes": {name: file_hash(staging / name) for name in files},
                }
                if output in plan.views:
                    change.entries[output]["view"] = plan.views[output]
                change.remove += [n for n in plan.touched(output) if n not in files]
            result.notes.extend(
                settle(change, (options or BuildOptions()).edits, plan.number, result.written)
            )
        finally:
            _drop_staging(folder, staging)
    reason = (
        "this build makes no PDFs (--no-pdf)"
        if libreoffice_available()
        else "LibreOffice is not installed to make a new one"
    )
    for name in change.remove:
        result.notes.append(f"Removed {name}: it showed the previous version, and {reason}.")


def _worker_pool(options: BuildOptions, stack: ExitStack) -> ProcessPoolExecutor | None:
    """A pool of forked workers, so renderers run on both cores and their slow imports
    happen only in the processes that render."""
    cores = os.cpu_count() or 1
    if not options.parallel or cores < 2:
        return None
    return stack.enter_context(process_pool(min(cores, 4)))


def _poster_plan(
    project: Project,
    options: BuildOptions,
    template_names: tuple[str, ...] = POSTER_TEMPLATES,
    progress: Progress = _quiet,
) -> dict[str, tuple[Path, str, bool]]:
    """For each poster file stem: its template, its input fingerprint, and whether it is
    up to date."""
    folder = project.build / POSTER_DIR
    inputs = poster_inputs(project)
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
    manifest = _settled_manifest(folder, "the poster", progress)
    plan = {}
    for stem, template in chosen.items():
        stamp = fingerprint(project, [*inputs, *files_below(template.parent)], key)
        fresh = not options.force and up_to_date(manifest, stem, stamp, folder)
        plan[stem] = (template, stamp, fresh)
    return plan


def _poster_blockers(project: Project, options: BuildOptions) -> list[Diagnostic]:
    """A lederplattform still being written (8 of 9 values) skips the poster, with a warning,
    when the samling's own outputs are built too; `--only poster` reports it as an error."""
    if options.only == ("poster",):
        return []
    from pipeline.content.load import poster_blockers

    return poster_blockers(project.content)


def _poster_stale(project: Project, options: BuildOptions, progress: Progress = _quiet) -> bool:
    plan = _poster_plan(project, options, progress=progress)
    return not all(fresh for _, _, fresh in plan.values())


def refuse_warnings(options: BuildOptions, warnings: list[Diagnostic]) -> None:
    """Under --strict every warning (content, rendering, poster) stops the build after the
    rendering in memory and before anything is written: the last good outputs and the
    manifest stay as they were."""
    if options.strict and warnings:
        raise SamlingError(list(dict.fromkeys(warnings)))


@dataclass
class _PosterWork:
    """The poster's stale files, rendered (in a worker or not) and not yet written."""

    rendered: dict[str, dict[str, bytes]] = field(default_factory=dict)  # stem -> name -> bytes
    stamps: dict[str, str] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def build_poster(
    project: Project,
    options: BuildOptions,
    progress: Progress = _quiet,
    template_names: tuple[str, ...] = POSTER_TEMPLATES,
) -> BuildResult:
    """Build the lederplakat into build/lederplakat/, one set of files per template."""
    result = BuildResult()
    with interrupts(lambda: _outcome(result)), svg_cache(project):
        work = _render_poster(project, options, progress, template_names)
        refuse_warnings(options, work.warnings)
        _commit_poster(project, work, options, progress, result)
    return result


def _render_poster(
    project: Project,
    options: BuildOptions,
    progress: Progress = _quiet,
    template_names: tuple[str, ...] = POSTER_TEMPLATES,
) -> _PosterWork:
    work = _PosterWork()
    prepared: dict[str, PreparedPoster] = {}
    roots = [project.content, project.templates]
    sources: tuple[Lederplattform, Program] | None = None
    for stem, (template, stamp, fresh) in _poster_plan(
        project, options, template_names, progress
    ).items():
        work.stamps[stem] = stamp
        if fresh:
            work.unchanged.append(stem)
            continue
        from pipeline.content.load import load_lederplattform, load_program
        from pipeline.render.poster.render import prepare_poster

        if sources is None:  # read once, for every template
            program = load_program(project.content)
            sources = load_lederplattform(project.content), program
        if not template.is_file():
            raise TemplateError(
                [Diagnostic("error", f"the poster template {template} does not exist")]
            )
        progress(f"Rendering {stem} …")
        prepared[stem] = prepare_poster(
            *sources,
            template,
            size=options.poster_size,
            bleed=options.poster_bleed,
            allowed_roots=roots,
        )
    if prepared:  # one CairoSVG child for all templates
        from pipeline.render.poster.render import render_prepared

        done = render_prepared(list(prepared.values()), allowed_roots=roots)
        for stem, (poster_files, warnings) in zip(prepared, done, strict=True):
            work.warnings.extend(warnings)
            files = [f"{stem}.{ext}" for ext in ("svg", "pdf", "png", "txt")]
            work.rendered[stem] = {name: poster_files[name.rsplit(".", 1)[1]] for name in files}
    return work


def _commit_poster(
    project: Project,
    work: _PosterWork,
    options: BuildOptions,
    progress: Progress,
    result: BuildResult,
) -> None:
    """Write the poster's rendered files as one set, like a samling's."""
    result.unchanged.extend(work.unchanged)
    result.warnings.extend(work.warnings)
    if not work.rendered:
        return
    folder = project.build / POSTER_DIR
    with build_lock(folder, "the poster", progress):
        recover(folder)
        staging = new_staging(folder)
        try:
            change = Commit(folder, staging)
            for stem, files_data in work.rendered.items():
                for name, payload in files_data.items():
                    write_atomic(staging / name, payload)
                change.entries[stem] = {
                    "fingerprint": work.stamps[stem],
                    "files": sorted(files_data),
                    "hashes": {name: file_hash(staging / name) for name in sorted(files_data)},
                }
            result.notes.extend(settle(change, options.edits, None, result.written))
        finally:
            _drop_staging(folder, staging)


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
    # With options.force: every output. A check writes nothing, so hand edits do not stop it.
    plan = _samling_plan(project, number, options, writes=False)
    result = BuildResult()
    try:
        with ExitStack() as stack:
            pool = _worker_pool(options, stack) if len(plan.stale) > 1 else None
            _render_outputs(plan, bundle, pool, progress, result)
        if "poster" in options.only and (project.content / "lederplattform.yaml").is_file():
            result.warnings.extend(_render_poster(project, options).warnings)
    except SamlingError as exc:
        report.extend(exc.diagnostics)
    report.extend(result.warnings)
    return Report(list(dict.fromkeys(report.diagnostics)))


def safe_build_all(
    project: Project, options: BuildOptions, progress: Progress = _quiet
) -> tuple[BuildResult, list[SamlingError]]:
    """Build every samling and the poster; samlinger in parallel, one process per core."""
    with svg_cache(project):
        return _safe_build_all(project, options, progress)


def _safe_build_all(
    project: Project, options: BuildOptions, progress: Progress
) -> tuple[BuildResult, list[SamlingError]]:
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
        edits=options.edits,
    )
    workers = max(1, min(len(numbers), os.cpu_count() or 1))
    with interrupts(lambda: _ALL_OUTCOME), process_pool(workers) as pool:
        futures = {n: submit(pool, build_samling, project, n, samling_options) for n in numbers}
        if "poster" in options.only:
            try:
                poster = build_poster(project, options, progress)
                total.written += poster.written
                total.unchanged += poster.unchanged
                total.warnings += poster.warnings
                total.notes += poster.notes
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
            total.notes += [note for note in part.notes if note not in total.notes]
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
                poster = _render_poster(project, options).warnings
            except SamlingError as exc:
                poster = exc.diagnostics
        found = [future.result().diagnostics for future in futures]
    poster = list(dict.fromkeys(poster))  # the same finding from both poster templates
    return [SamlingError(diagnostics) for diagnostics in [*found, poster] if diagnostics]
