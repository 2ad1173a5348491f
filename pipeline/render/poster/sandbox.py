"""Filling a poster template: Jinja2 in a sandbox the template can neither leave nor outrun.

A template comes from a designer and is not trusted. It is rendered in Jinja2's
`ImmutableSandboxedEnvironment` (no Python internals, no changing lists), autoescaped (every
template writes XML) with `StrictUndefined` (a misspelt variable is an error), and within
these limits, each of which stops the build with a TemplateError naming the template:

- the loader opens only real files inside the template's folder: a symbolic link, or a name
  that resolves outside the folder, is refused, for the template and for every include;
- `range()` gives at most MAX_RANGE numbers;
- the filled-in SVG may be at most MAX_OUTPUT_BYTES;
- includes may not nest past Python's recursion limit (a template that includes itself);
- the whole rendering runs in a forked child (`pipeline.render.poster.isolate`) with
  TIME_LIMIT seconds of wall-clock and CPU time and MEMORY_LIMIT bytes of new memory.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline.errors import Diagnostic, SamlingError, TemplateError
from pipeline.render.poster import fillcache, isolate
from pipeline.render.poster.svgsafe import DTD_DECLARATION

MAX_RANGE = 10_000  # numbers one range() may give; a poster needs tens
MAX_OUTPUT_BYTES = 20 * 1024 * 1024  # the shipped posters are about 15 kB
TIME_LIMIT = 30.0  # seconds, wall clock and CPU; the shipped templates take well under one
MEMORY_LIMIT = 1024 * 1024 * 1024  # bytes the rendering may add to what the process has

README = "templates/poster/README.md"


class Refused(Exception):
    """A limit or a rule of the sandbox, hit while rendering; the message says which."""


# --------------------------------------------------------------------------- the environment


def _autoescape(template_name: str | None) -> bool:
    """Escape every value: every template here writes SVG (.svg.j2), so XML-escaping is right.

    `select_autoescape(["svg"])` would leave `poster.svg.j2` unescaped: it looks at the last
    suffix only.
    """
    return True


def bounded_range(*args: int) -> range:
    """range() for templates: at most MAX_RANGE numbers."""
    numbers = range(*args)
    try:
        count = len(numbers)
    except OverflowError:  # more than sys.maxsize
        count = MAX_RANGE + 1
    if count > MAX_RANGE:
        raise Refused(
            f"range() would give {count:,} numbers; the limit is MAX_RANGE = {MAX_RANGE:,}. "
            "A poster loops over its values and kjennetegn: loop over those lists instead"
        )
    return numbers


def _refuse_links(folder: Path, name: str) -> None:
    """Refuse the template `name` unless it is a real file inside `folder`, links resolved."""
    from jinja2.loaders import split_template_path

    path = folder
    for piece in split_template_path(name):
        path = path / piece
        if path.is_symlink():
            raise Refused(
                f"the template {name!r} is a symbolic link (to {os.readlink(path)}); a poster "
                f"template may only include real files inside {folder}"
            )
    real = os.path.realpath(path)
    base = os.path.realpath(folder)
    if os.path.commonpath([real, base]) != base:
        raise Refused(
            f"the template {name!r} resolves to {real}, outside {folder}; a poster template "
            "may only include files inside its own folder"
        )


# Compiled templates by Jinja's bucket key (the template's name and file) -> Jinja's bytecode
# (with the checksum of the source it was compiled from: Jinja compiles again when the
# source differs). Filled by `precompile` in a long-lived process (`samling server`), whose
# builds then only fill the templates in.
_COMPILED: dict[str, bytes] = {}


def _kept_code() -> Any:
    from jinja2.bccache import Bucket, BytecodeCache

    class KeptCode(BytecodeCache):
        def load_bytecode(self, bucket: Bucket) -> None:
            if bucket.key in _COMPILED:
                bucket.bytecode_from_string(_COMPILED[bucket.key])

        def dump_bytecode(self, bucket: Bucket) -> None:
            _COMPILED[bucket.key] = bucket.bytecode_to_string()

    return KeptCode()


_FAILED: set[tuple[str, str]] = set()  # (template, hash of its source) that did not compile


def precompile(templates: list[Path]) -> None:
    """Compile `templates` ahead and keep the compiled code for later renders. Each in a
    forked child under the sandbox's limits: a template is untrusted even while it compiles
    (Jinja folds constants then, and `[1] * 100000000` takes seconds and gigabytes). One that
    fails, or hits a limit, is left to its build to report, not tried again until it changes."""
    import hashlib

    limits = isolate.Limits(seconds=TIME_LIMIT, memory=MEMORY_LIMIT)
    for template in templates:
        try:
            tried = (str(template), hashlib.sha256(template.read_bytes()).hexdigest())
        except OSError:
            continue
        if tried in _FAILED:
            continue

        def compile_one(path: Path = template) -> dict[str, bytes]:
            _refuse_declarations(path)
            environment(path.parent).get_template(path.name)
            return dict(_COMPILED)

        try:
            _COMPILED.update(isolate.run_limited(compile_one, limits))
        except Exception:  # noqa: BLE001 - the build renders it and reports what is wrong
            _FAILED.add(tried)


def environment(template_dir: Path) -> Any:
    """The sandboxed Jinja2 environment for templates in `template_dir`."""
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class FolderLoader(FileSystemLoader):
        """Loads only real files inside the folder: no symbolic links, nothing outside."""

        def get_source(self, environment: Any, template: str) -> Any:
            _refuse_links(template_dir, template)
            return super().get_source(environment, template)

    env = ImmutableSandboxedEnvironment(
        loader=FolderLoader(str(template_dir)),
        autoescape=_autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        bytecode_cache=_kept_code(),
    )
    env.globals["range"] = bounded_range
    return env


# --------------------------------------------------------------------------- rendering


def render_template(
    template: Path,
    context: dict[str, Any],
    *,
    collects: list[Diagnostic] | None = None,
    described: object = None,
) -> str:
    """Fill `template` in the sandbox; every failure becomes a TemplateError with its line.

    Errors raised on purpose by helpers the template calls (a ContentError when text does not
    fit) pass through unchanged. `collects` is a list the helpers append their warnings to:
    what they add in the child process is added to it here too. `described`: the context's
    values as JSON-able data (all but its functions, which the code fingerprint covers);
    given, a fill that did not warn is kept by them (`fillcache`) and not run again.
    """
    if not template.is_file():
        raise TemplateError(f"the poster template {template} does not exist")
    _refuse_declarations(template)
    key = fillcache.entry(template, described) if described is not None else None
    if key is not None:
        kept = fillcache.get(key)
        if kept is not None:
            return kept
    found = collects if collects is not None else []
    start = len(found)

    def fill() -> tuple[str, list[Diagnostic], dict[str, list[int]]]:
        from pipeline.render import fonts

        text = _render_here(template, context)
        return text, found[start:], fonts.measured_states()

    limits = isolate.Limits(seconds=TIME_LIMIT, memory=MEMORY_LIMIT)
    try:
        text, added, measured = isolate.run_limited(fill, limits)
    except isolate.ChildFailed as exc:
        raise _stopped(template, exc.reason, exc.detail) from None
    found.extend(added)
    if key is not None and not added:
        fillcache.put(key, text, measured)
    return text


def _refuse_declarations(template: Path) -> None:
    source = template.read_bytes()
    match = DTD_DECLARATION.search(source)
    if match:
        line = source[: match.start()].count(b"\n") + 1
        raise TemplateError(
            [
                Diagnostic(
                    "error",
                    f"the template declares <!{match.group(1).decode().upper()}>: DOCTYPE and "
                    "entity declarations are not allowed (they can read files or blow up in "
                    "size); write characters directly, e.g. «–» rather than &ndash;",
                    file=template,
                    line=line,
                )
            ]
        )


def _render_here(template: Path, context: dict[str, Any]) -> str:
    """In the child: render with every limit that Python code can check itself."""
    env = environment(template.parent)
    try:
        return _collect(env.get_template(template.name).generate(**context))
    except SamlingError:
        raise
    except Exception as exc:  # noqa: BLE001 - every kind becomes a TemplateError
        raise _as_template_error(exc, template) from None


def _collect(chunks: Iterable[str]) -> str:
    """The chunks joined, stopping as soon as they pass MAX_OUTPUT_BYTES."""
    parts: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk.encode("utf-8"))
        if size > MAX_OUTPUT_BYTES:
            raise Refused(
                f"the filled-in SVG passed {MAX_OUTPUT_BYTES:,} bytes (MAX_OUTPUT_BYTES), "
                "and rendering was stopped. Does a loop in the template run away?"
            )
        parts.append(chunk)
    return "".join(parts)


def _stopped(template: Path, reason: str, detail: str) -> TemplateError:
    """The TemplateError for a child that was killed at its time or memory limit."""
    if reason not in ("time", "memory"):  # not the template's doing: our own code failed
        raise RuntimeError(f"rendering {template} failed in the child process: {detail}")
    return TemplateError([Diagnostic("error", _limit_message(reason), file=template)])


def _limit_message(reason: str) -> str:
    if reason == "time":
        return (
            f"rendering the template was stopped after TIME_LIMIT = {TIME_LIMIT:g} s; "
            "a loop that never ends, or one nested too deep, does this. Simplify the template"
        )
    return (
        f"rendering the template needed more than MEMORY_LIMIT = "
        f"{MEMORY_LIMIT // (1024 * 1024):,} MiB of memory; a huge string or list does "
        "this. Simplify the template"
    )


def _as_template_error(exc: Exception, template: Path) -> TemplateError:
    """What went wrong while rendering, said for the designer, at the line it happened."""
    import jinja2
    from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError

    file, line = _where(exc, template)
    if isinstance(exc, TemplateSyntaxError):
        message = f"template syntax: {exc.message}"
        line = exc.lineno
    elif isinstance(exc, Refused):
        message = str(exc)
    elif isinstance(exc, isolate.Overrun):
        message = _limit_message(exc.limit)
    elif isinstance(exc, MemoryError):
        message = _limit_message("memory")
    elif isinstance(exc, RecursionError):
        message = (
            "the template includes itself, or its includes nest without end (they passed "
            f"Python's recursion limit of {sys.getrecursionlimit():,}); remove the loop of "
            "includes"
        )
    elif isinstance(exc, UndefinedError):
        message = f"{exc.message}; the variables a poster template gets are listed in {README}"
    elif isinstance(exc, SecurityError):
        message = f"the template tried something the sandbox forbids: {exc}"
    elif isinstance(exc, jinja2.TemplateError):
        message = f"template: {exc}"
    else:
        message = f"the template failed: {type(exc).__name__}: {exc}"
    return TemplateError([Diagnostic("error", message, file=file, line=line)])


def _where(exc: BaseException, template: Path) -> tuple[Path, int | None]:
    """The template file and line where `exc` happened: the innermost template frame of
    the traceback Jinja2 rewrote, or `template` itself when there is none."""
    folder = os.path.realpath(template.parent)
    top = os.path.realpath(template)
    file, line = template, None
    for frame in traceback.extract_tb(exc.__traceback__):
        if not frame.filename or frame.filename.endswith(".py"):
            continue  # Python code, ours or Jinja2's
        real = os.path.realpath(frame.filename)
        if os.path.commonpath([real, folder]) == folder:
            file = template if real == top else Path(frame.filename)
            line = frame.lineno
    return file, line
