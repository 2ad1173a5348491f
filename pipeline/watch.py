"""Watch mode: rebuild a samling whenever its content or a template is saved."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline.build import BuildOptions, build_samling
from pipeline.errors import SamlingError
from pipeline.project import Project


def rebuild_once(project: Project, number: int, say: Callable[[str], None]) -> bool:
    """One rebuild; reports instead of raising, so the watcher keeps running. Its progress
    lines are said too: a rebuild waiting for another build's lock tells so."""
    try:
        result = build_samling(project, number, BuildOptions(pdf=False), say)
    except SamlingError as exc:
        for diagnostic in exc.diagnostics:
            say(diagnostic.format(project.content.parent))
        say("Build failed; the previous outputs are kept. Waiting for the next save …")
        return False
    for diagnostic in result.warnings:
        say(diagnostic.format(project.content.parent))
    for path in result.written:
        say(f"rebuilt {path.relative_to(project.content.parent)}")
    if not result.written:
        say("up to date")
    return True


def watch_samling(project: Project, number: int, say: Callable[[str], None]) -> None:
    from watchfiles import watch

    say(f"Building samling {number}, then watching content/ and templates/ (Ctrl-C stops) …")
    rebuild_once(project, number, say)
    roots: list[Path] = [project.content, project.templates]
    for _changes in watch(*roots, debounce=300, raise_interrupt=False):
        rebuild_once(project, number, say)
