"""The command line: `samling build|check|import|list|new|poster|preview|pull|schema|server|
templates|watch`.

This is the only module that turns domain errors into messages and exit codes:
0 success, 1 a content, template or tool problem, 2 wrong usage (Click's own).
"""

from __future__ import annotations

import errno
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from pipeline.errors import Diagnostic, Interrupted, SamlingError

F = TypeVar("F", bound=Callable[..., Any])

OUTPUT_CHOICES = ("deck", "guide", "worksheets", "poster")


def _root() -> Path:
    return Path.cwd()


def _print_diagnostics(diagnostics: Iterable[Diagnostic]) -> None:
    root = _root()
    for diagnostic in diagnostics:
        colour = "red" if diagnostic.severity == "error" else "yellow"
        click.secho(diagnostic.format(root), fg=colour, err=True)


def _summary(diagnostics: list[Diagnostic]) -> str:
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    return f"{errors} error(s), {warnings} warning(s)"


# What the machine said, in words a facilitator can act on. Errors not listed are bugs.
_OS_ERRORS = {
    errno.ENOSPC: "the disk is full; free some space and build again",
    errno.EDQUOT: "your disk quota is used up; free some space and build again",
    errno.EROFS: "the disk is read-only; build in a folder you can write to",
    errno.EACCES: "you may not write there; check the folder's permissions or build elsewhere",
    errno.EPERM: "you may not write there; check the folder's permissions or build elsewhere",
    errno.EISDIR: "a folder stands where a file should be; move the folder away",
    errno.ENOTDIR: "a file stands where a folder should be; move the file away",
}


def _os_error_message(exc: OSError) -> str | None:
    what = _OS_ERRORS.get(exc.errno or 0)
    if what is None:
        return None
    where = f" {exc.filename}" if exc.filename else ""
    return f"could not write{where}: {what}. The previous outputs are untouched."


# Whether this process is the command line itself (`samling`, `python -m pipeline`, a build
# that the server forked), so that it ends when the command does; see _sigterm_interrupts.
_process_is_the_command = False


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM, like Ctrl-C, ends a command with a message instead of silently, from its first
    line on (a build installs its own handlers on top, which clean up and say what was left).
    In a process that is the command line, both are ignored from its last line on."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, _frame: object) -> None:
        raise Interrupted(signum)

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        if _process_is_the_command:
            # The command is over; what is printed next says how it ended. A signal from here
            # on could only tell another story: Click's "Aborted!" (exit 1), or a silent death
            # (exit -2 or -15) in the tenth of a second in which the interpreter tears its
            # modules down with the default handlers back, after a complete build.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
        else:
            signal.signal(signal.SIGTERM, previous)


# What an interrupt can no longer undo: set once a build has returned, while its result is
# printed, so that a Ctrl-C then does not claim the previous outputs were kept.
_finished_outcome = ""


def handles_errors(func: F) -> F:
    """Turn domain errors into a clean message and exit 1; never show a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        global _finished_outcome
        _finished_outcome = ""
        try:
            with _sigterm_interrupts():
                return func(*args, **kwargs)
        except SamlingError as exc:
            _print_diagnostics(exc.diagnostics)
            click.secho(
                f"Stopped: {_summary(exc.diagnostics)}. Nothing was written.", fg="red", err=True
            )
            sys.exit(1)
        except KeyboardInterrupt as exc:
            signum = exc.signum if isinstance(exc, Interrupted) else int(signal.SIGINT)
            name = "SIGTERM" if signum == signal.SIGTERM else "Ctrl-C"
            outcome = (
                getattr(exc, "outcome", "")
                or _finished_outcome
                or "The previous outputs are untouched."
            )
            click.echo(f"Interrupted ({name}). {outcome}", err=True)
            sys.exit(128 + signum)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except OSError as exc:
            message = _os_error_message(exc)
            if message is None:
                raise
            click.secho(f"samling: {message}", fg="red", err=True)
            sys.exit(1)
        except Exception as exc:  # a bug in samling itself, not in the content
            click.secho(
                f"samling: internal error ({type(exc).__name__}: {exc}). The previous outputs "
                "are untouched. Please report this with the command you ran.",
                fg="red",
                err=True,
            )
            sys.exit(3)

    return wrapper  # type: ignore[return-value]


def _project() -> Any:
    from pipeline.project import Project

    return Project.at(_root())


def _parse_only(value: str | None) -> tuple[str, ...]:
    if not value:
        return OUTPUT_CHOICES
    chosen = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [part for part in chosen if part not in OUTPUT_CHOICES]
    if unknown:
        raise click.BadParameter(
            f"unknown output {', '.join(unknown)}; choose from {', '.join(OUTPUT_CHOICES)}",
            param_hint="--only",
        )
    return chosen


class _CommandLine(click.Group):
    """Called without arguments (by the `samling` script or `python -m pipeline`), the group
    reads this process's own command line, and the process ends with the command."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        global _process_is_the_command
        _process_is_the_command = _process_is_the_command or not (args or kwargs)
        return super().__call__(*args, **kwargs)


@click.group(cls=_CommandLine, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="samling")
def main() -> None:
    """Build a samling's slide deck, facilitator guide, worksheets and lederplakat from the
    content in content/.

    Run the commands from the project folder (the one with content/ and templates/)."""


@main.command()
@click.argument("number", type=click.IntRange(1, 99), required=False)
@click.option("--all", "build_all", is_flag=True, help="Build every samling and the poster.")
@click.option("--only", metavar="LIST", help="Comma-separated: deck,guide,worksheets,poster.")
@click.option("--pdf/--no-pdf", default=None, help="PDFs via LibreOffice (default: if installed).")
@click.option("--force", is_flag=True, help="Rebuild even when nothing changed.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--keep-edits",
    is_flag=True,
    help="An output edited by hand is kept as a dated copy, then rebuilt.",
)
@click.option("--discard-edits", is_flag=True, help="An output edited by hand is overwritten.")
@handles_errors
def build(
    number: int | None,
    build_all: bool,
    only: str | None,
    pdf: bool | None,
    force: bool,
    strict: bool,
    keep_edits: bool = False,
    discard_edits: bool = False,
) -> None:
    """Build samling NUMBER into build/samling-NN/ (and the poster into build/lederplakat/).

    An output edited by hand since the last build (in PowerPoint, Word or LibreOffice) is
    never overwritten silently: the build stops and says so, unless --keep-edits or
    --discard-edits says what to do with it. --force alone does not overwrite it."""
    code = _through_server(click.get_current_context().params)
    if code is not None:
        sys.exit(code)
    from pipeline.build import BuildOptions, build_samling, safe_build_all

    if number is None and not build_all:
        raise click.UsageError("give a samling number, or --all")
    if number is not None and build_all:
        raise click.UsageError("give a samling number or --all, not both")
    options = BuildOptions(
        only=_parse_only(only),
        pdf=pdf,
        force=force,
        strict=strict,
        edits=_edits_choice(keep_edits, discard_edits),
    )
    project = _project()

    def progress(message: str) -> None:
        click.echo(message, err=True)

    if build_all:
        result, failures = safe_build_all(project, options, progress)
        _report_build(result)
        if failures:
            for failure in failures:
                _print_diagnostics(failure.diagnostics)
            click.secho(f"{len(failures)} build(s) failed.", fg="red", err=True)
            sys.exit(1)
        return
    assert number is not None
    result = build_samling(project, number, options, progress)
    _report_build(result)


def build_argv(params: dict[str, Any]) -> list[str]:
    """The `samling build` arguments that give these parsed options (for the build server)."""
    argv = ["build"]
    if params.get("number") is not None:
        argv.append(str(params["number"]))
    if params.get("only") is not None:
        argv += ["--only", params["only"]]
    if params.get("pdf") is not None:
        argv.append("--pdf" if params["pdf"] else "--no-pdf")
    flags = {"build_all": "--all", "force": "--force", "strict": "--strict"}
    flags |= {"keep_edits": "--keep-edits", "discard_edits": "--discard-edits"}
    argv += [flag for name, flag in flags.items() if params.get(name)]
    return argv


def _through_server(params: dict[str, Any]) -> int | None:
    """The exit code of this build run by `samling server`, or None: build here. Typed at
    the shell, a build has asked the server already (`pipeline.__main__`)."""
    from pipeline import client

    if client.in_child or client.asked or not client.socket_path(_root()).exists():
        return None
    from pipeline.code import code_fingerprint

    def say(line: str) -> None:
        click.echo(line, err=True)

    return client.build_through_server(_root(), build_argv(params), code_fingerprint(), say)


def _edits_choice(keep_edits: bool, discard_edits: bool) -> str:
    if keep_edits and discard_edits:
        raise click.UsageError("give --keep-edits or --discard-edits, not both")
    return "keep" if keep_edits else "discard" if discard_edits else "refuse"


def _report_build(result: Any) -> None:
    global _finished_outcome
    _finished_outcome = "The build had finished: every output it made is written, complete."
    _print_diagnostics(dict.fromkeys(result.warnings))
    root = _root()
    for path in result.written:
        try:
            shown = path.relative_to(root)
        except ValueError:
            shown = path
        click.echo(f"wrote {shown}")
    for note in result.notes:
        click.echo(note)
    if not result.written and result.unchanged:
        click.echo("Nothing changed; outputs are up to date.")


@main.command()
@click.argument("number", type=click.IntRange(1, 99))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--a11y", is_flag=True, help="Also check universal design of the built outputs.")
@click.option(
    "--render",
    is_flag=True,
    help="Also render every output in memory and report what does not fit (writes nothing).",
)
@handles_errors
def check(number: int, strict: bool, a11y: bool, render: bool) -> None:
    """Check samling NUMBER's content without building anything."""
    from pipeline.build import BuildOptions, check_render, check_samling

    project = _project()
    if render:
        report = check_render(project, number, BuildOptions(force=True, strict=strict))
    else:
        report = check_samling(project, number)
    if a11y and not report.errors:
        from pipeline.checks.a11y import check_accessibility

        report.extend(check_accessibility(project, number))
    _print_diagnostics(report.diagnostics)
    failing = report.diagnostics if strict else report.errors
    if failing:
        click.secho(f"Samling {number}: {_summary(report.diagnostics)}.", fg="red", err=True)
        sys.exit(1)
    click.echo(f"Samling {number}: content is valid ({_summary(report.diagnostics)}).")


@main.command("list")
@handles_errors
def list_command() -> None:
    """List the samlinger in program.yaml and what content each has."""
    from pipeline.content.load import has_slides, list_samlinger, load_program, samling_dir
    from pipeline.model.types import norwegian_date

    project = _project()
    program = load_program(project.content)
    present = set(list_samlinger(project.content))
    click.echo(f"{program.title}, {program.kommune}")
    for info in sorted(program.samlinger, key=lambda s: s.number):
        if has_slides(project.content, info.number):
            state = "content"
        elif info.number in present:
            folder = samling_dir(project.content, info.number)
            state = "results only" if (folder / "results.yaml").is_file() else "started"
        else:
            state = "not written"
        click.echo(f"  {info.number:>2}  {norwegian_date(info.date)}  {info.theme}  [{state}]")


@main.command()
@click.argument("number", type=click.IntRange(1, 99))
@handles_errors
def new(number: int) -> None:
    """Start samling NUMBER from the programme outline and the previous samling's results."""
    from pipeline.scaffold import scaffold_samling

    project = _project()
    written = scaffold_samling(project.content, number)
    for path in written:
        click.echo(f"wrote {path.relative_to(_root())}")
    click.echo(f"Next: edit the files, then run 'samling check {number}'.")


@main.command()
@click.option(
    "--size", type=click.Choice(["A4", "A3", "A2", "A1"]), default="A2", show_default=True
)
@click.option("--bleed", is_flag=True, help="Add 3 mm bleed and crop marks for the printer.")
@click.option(
    "--template",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="An SVG template of your own (default: both shipped templates).",
)
@click.option("--force", is_flag=True, help="Rebuild even when nothing changed.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--keep-edits", is_flag=True, help="Keep a hand-edited file as a dated copy.")
@click.option("--discard-edits", is_flag=True, help="Overwrite a hand-edited file.")
@handles_errors
def poster(
    size: str,
    bleed: bool,
    template: Path | None,
    force: bool,
    strict: bool = False,
    keep_edits: bool = False,
    discard_edits: bool = False,
) -> None:
    """Build the lederplakat into build/lederplakat/ (SVG, PDF and PNG)."""
    from pipeline.build import BuildOptions, build_poster

    templates = {"poster": template.resolve()} if template else {}
    options = BuildOptions(
        only=("poster",),
        force=force,
        strict=strict,
        poster_size=size,
        poster_bleed=bleed,
        templates=templates,
        edits=_edits_choice(keep_edits, discard_edits),
    )
    _report_build(build_poster(_project(), options))


@main.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build/schema"),
    show_default=True,
)
@handles_errors
def schema(out: Path) -> None:
    """Write JSON Schemas of the YAML files, for autocompletion in editors."""
    from pipeline.content.schema import write_schemas

    for path in write_schemas(out):
        click.echo(f"wrote {path}")


@main.group()
def templates() -> None:
    """Inspect designers' templates."""


@templates.command("check")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--sheet",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the contact sheet PNG (default: build/templates/STEM-kontaktark.png).",
)
@handles_errors
def templates_check(file: Path, sheet: Path | None) -> None:
    """Say, in plain words, how samling will use a .pptx/.potx or .docx/.dotx/.dotm template."""
    from pipeline.project import DECK_SUFFIXES, WORD_SUFFIXES

    suffix = file.suffix.lower()
    if suffix not in (*DECK_SUFFIXES, *WORD_SUFFIXES):
        raise click.BadParameter(
            "expected a PowerPoint (.pptx, .potx) or Word (.docx, .dotx, .dotm) file",
            param_hint="FILE",
        )
    from pipeline.ooxml.guard import check_office_template

    # The same refusal the build would give, and what the build would remove.
    _print_diagnostics(check_office_template(file))
    if suffix in DECK_SUFFIXES:
        from pipeline.render.deck.footers import footer_report
        from pipeline.render.deck.layouts import inspect_pptx_template

        lines = inspect_pptx_template(file) + footer_report(file)
        for line in lines:
            click.echo(line)
        _deck_mapping_and_sheet(file, sheet)
        return
    else:
        from pipeline.render.word.template_check import inspect_docx_template

        lines = inspect_docx_template(file)
    for line in lines:
        click.echo(line)


def _deck_mapping_and_sheet(file: Path, sheet: Path | None) -> None:
    """The ready-to-edit layout mapping, then the contact sheet (when LibreOffice is there)."""
    from pipeline.project import layout_mapping_for
    from pipeline.render.deck.layouts import analyse_layouts, choose_layouts, open_template
    from pipeline.render.deck.mapping import apply_mapping, mapping_text
    from pipeline.sheet import contact_sheet

    infos = analyse_layouts(open_template(file))
    chosen, kinds = apply_mapping(file, infos, choose_layouts(infos))
    mapping = layout_mapping_for(file)
    state = "in use" if mapping.is_file() else "none yet"
    click.echo("")
    click.echo(f"Layout mapping ({mapping.name}, {state}); copy it there and edit to override:")
    click.echo("")
    click.echo(mapping_text(file, chosen, kinds), nl=False)
    click.echo("")
    project = _project()
    out = sheet or project.build / "templates" / f"{file.stem}-kontaktark.png"
    made = contact_sheet(file.resolve(), project, out)
    for note in made.notes:
        click.echo(note)
    if made.path is not None:
        click.echo(f"Contact sheet ({len(made.kinds)} slide kinds): {made.path}")


@main.command()
@click.argument("number", type=click.IntRange(1, 99))
@handles_errors
def watch(number: int) -> None:
    """Rebuild samling NUMBER whenever a content or template file is saved."""
    from pipeline.watch import watch_samling

    watch_samling(_project(), number, click.echo)


@main.command()
@click.argument("number", type=click.IntRange(1, 99))
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    show_default=True,
    help="The port on 127.0.0.1; 0 picks a free one (printed).",
)
@handles_errors
def preview(number: int, port: int) -> None:
    """Show samling NUMBER's slides, guide and worksheets in the browser, live on every save."""
    from pipeline.preview_server import serve

    serve(_project(), number, port, click.echo)


@main.command("server")
@click.option("--stop", is_flag=True, help="Stop the running server.")
@click.option("--status", is_flag=True, help="Say whether a server runs, and since when.")
@handles_errors
def server_command(stop: bool, status: bool) -> None:
    """Keep samling loaded, so `samling build` in this folder starts at once.

    Runs in the foreground until Ctrl-C or `samling server --stop`. Each build still runs in
    a fresh process, exactly as without the server; changed samling code is not used by an
    old server (the build then runs without it)."""
    from pipeline import client

    root = _root()
    if stop or status:
        answer = client.ask(root, "stop" if stop else "status")
        if answer is None:
            click.echo("No samling server is running here.")
            sys.exit(1 if status else 0)
        if stop:
            click.echo(f"Stopped the samling server (process {answer['pid']}).")
            return
        from pipeline.code import code_fingerprint

        current = "current code" if answer["fingerprint"] == code_fingerprint() else "OLD code"
        click.echo(
            f"A samling server runs here (process {answer['pid']}, {current}, "
            f"{answer['builds']} build(s), {answer['running']} running)."
        )
        return
    _serve(root)


def _serve(root: Path) -> None:
    from pipeline import client, server

    started = time.monotonic()
    server.preload()
    from pipeline.code import code_fingerprint

    path = client.socket_path(root)
    try:
        listener = server.listen(path)
    except server.ServerError as exc:
        click.secho(f"samling: {exc}", fg="red", err=True)
        sys.exit(1)

    def run(argv: list[str]) -> None:
        main(args=argv, prog_name="samling")

    from pipeline.content.read_yaml import yaml_memo

    project = _project()
    running = server.Server(listener, code_fingerprint(), run, refresh=lambda: server.warm(project))
    try:
        with yaml_memo({}):  # the content parsed ahead, by path and bytes, for every build
            server.warm(project)
            loaded = time.monotonic() - started
            click.echo(
                f"samling server ready in {loaded:.1f} s on {path}; Ctrl-C stops it.", err=True
            )
            running.serve()
    except KeyboardInterrupt:
        pass
    finally:
        running.close()
        if path.is_socket():
            path.unlink()
    click.echo("samling server stopped.", err=True)


@main.command("import")
@click.argument("deck", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--samling", "number", type=click.IntRange(1, 99), help="The samling to create.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="The samling's folder (default: content/samling-NN).",
)
@handles_errors
def import_command(deck: Path, number: int | None, out: Path | None) -> None:
    """Turn an existing deck into a new samling's slides.md, samling.yaml and images/."""
    from pipeline.importer import import_deck

    result = import_deck(deck, _project().content, number, out)
    root = _root()
    for path in result.written:
        try:
            shown = path.resolve().relative_to(root.resolve())
        except ValueError:
            shown = path
        click.echo(f"wrote {shown}")
    if result.not_imported:
        click.secho("Not imported:", fg="yellow", err=True)
        for line in result.not_imported:
            click.secho(f"  {line}", fg="yellow", err=True)
    click.echo(f"Imported {deck.name} as samling {result.number}. Next:")
    for step in result.next_steps:
        click.echo(f"- {step}")


@main.command()
@click.argument("number", type=click.IntRange(1, 99))
@click.option(
    "--deck",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The edited .pptx (default: the one in build/samling-0N/).",
)
@click.option(
    "--guide",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The edited facilitator guide .docx (default: the one in build/samling-0N/).",
)
@click.option("--apply", "apply_", is_flag=True, help="Write the changes into content/.")
@handles_errors
def pull(number: int, deck: Path | None, guide: Path | None, apply_: bool) -> None:
    """Bring text edits made in samling NUMBER's built deck and guide back into content/.

    Shows the change to the content files as a diff; writes it only with --apply."""
    from pipeline.pull import adopt_pulled, apply_pull, pull_samling

    project = _project()
    result = pull_samling(project, number, deck, guide)
    diff = result.diff()
    if diff:
        click.echo(diff, nl=False)
    for problem in result.problems:
        click.secho(f"not carried back: {problem}", fg="yellow", err=True)
    if not diff:
        click.echo("No text edits to carry back: content/ already gives this text.")
    elif apply_:
        written = apply_pull(result)
        names = ", ".join(p.relative_to(_root()).as_posix() for p in written)
        click.echo(f"Wrote {result.edits} edit(s) into {names}.")
    else:
        click.echo(
            f"{result.edits} edit(s) shown; nothing written. Run with --apply to write them."
        )
    if apply_:
        for origin, what in adopt_pulled(project, number, result).items():
            click.echo(_handoff_line(result.read[origin], what, number))
        if diff:
            click.echo(f"Rebuild with `samling build {number}`.")


def _handoff_line(path: Path, what: str, number: int) -> str:
    """What the next build does with an edited file after `pull --apply`."""
    if what == "adopted":
        return (
            f"Everything edited in {path.name} was carried back: the next `samling build "
            f"{number}` replaces it with one built from the updated content, without asking."
        )
    if what == "edited":
        return (
            f"Not everything edited in {path.name} was carried back (see above), so it still "
            f"counts as edited: the next `samling build {number}` stops and asks for "
            "--keep-edits (keep it as a dated copy) or --discard-edits."
        )
    return f"{path} is not the file in build/, so the build's own file was left as it is."
