"""Watch mode: rebuild a samling whenever its content or a template is saved.

One warm session (`pipeline.warm`) lives as long as the watcher: it rebuilds in this process,
rereads only the files that changed, re-renders only the slides whose inputs changed, and
writes the deck first."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from pipeline.build import BuildOptions
from pipeline.errors import SamlingError
from pipeline.project import Project
from pipeline.warm import WarmSession

# Milliseconds: how long the watcher waits for more saves before it rebuilds, and how often it
# looks. An editor's save is one or two writes within a few milliseconds.
DEBOUNCE_MS = 50
STEP_MS = 10
IDLE = "Waiting for the next save …"


def rebuild_once(
    project: Project,
    number: int,
    say: Callable[[str], None],
    session: WarmSession | None = None,
    changed: set[Path] | None = None,
) -> bool:
    """One rebuild; reports instead of raising, so the watcher keeps running. Its progress
    lines are said too: a rebuild waiting for another build's lock tells so."""
    session = session or WarmSession(project, BuildOptions(pdf=False))
    root = project.content.parent
    try:
        result = session.rebuild(number, changed or set(), say)
    except SamlingError as exc:
        for diagnostic in exc.diagnostics:
            say(diagnostic.format(root))
        say("Build failed; the previous outputs are kept. Waiting for the next save …")
        return False
    if result.deck is not None:  # the deck first: it is what the facilitator looks at
        say(f"rebuilt {result.deck.relative_to(root)}")
    for diagnostic in result.warnings:
        say(diagnostic.format(root))
    for path in result.written:
        if path != result.deck:
            say(f"rebuilt {path.relative_to(root)}")
    if not result.written:
        say("up to date")
    say(IDLE)
    return True


def saves(project: Project, stop: threading.Event | None = None) -> Iterator[set[Path] | None]:
    """None once the watcher is up (build then, so a save during that build is not missed),
    then the paths of content/ and templates/ that each save changed, until `stop` is set."""
    from watchfiles import watch

    first = True
    for changes in watch(
        project.content,
        project.templates,
        debounce=DEBOUNCE_MS,
        step=STEP_MS,
        stop_event=stop,
        raise_interrupt=False,
        yield_on_timeout=True,
        rust_timeout=200,
    ):
        if first:
            first = False
            yield None
        if changes:
            yield {Path(path) for _, path in changes}


def watch_samling(project: Project, number: int, say: Callable[[str], None]) -> None:
    say(f"Building samling {number}, then watching content/ and templates/ (Ctrl-C stops) …")
    session = WarmSession(project, BuildOptions(pdf=False))
    for changed in saves(project):
        rebuild_once(project, number, say, session, changed)
