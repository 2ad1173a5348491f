"""A warm build session: what `samling watch` (and `samling preview`) keep between saves.

    session = WarmSession(project)
    result = session.rebuild(number, changed)   # -> BuildResult, like build_samling's

The session lives as long as the watcher. It keeps the imports, the parsed YAML files (by
their bytes), the parsed templates and, for the deck, each slide's rendered parts by the hash
of that slide's inputs, so a save that changes one slide re-renders that slide only. It
renders in this process (no workers are started per save), writes the deck first and then
the other stale outputs, each through the build's own staging, manifest and hand-edit
protection (`pipeline.build`), so its files are byte-identical to a cold `build --force`.

`BuildResult.deck` is the deck it wrote (None when the deck was up to date), and
`BuildResult.slide_of` gives the deck's slide number of each warning about a slide.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.build import (
    BuildOptions,
    BuildResult,
    _commit_poster,
    _load_bundle,
    _outcome,
    _poster_blockers,
    _poster_stale,
    _render_poster,
    _samling_plan,
    _SamlingPlan,
    _want_poster,
    _write_outputs,
    refuse_warnings,
)
from pipeline.project import Project
from pipeline.workers import interrupts

if TYPE_CHECKING:
    from pipeline.model.types import SamlingBundle

Progress = Callable[[str], None]

# The order a warm rebuild renders and writes in: the deck first, it is what one looks at.
ORDER = ("deck", "guide", "worksheets")


def _quiet(_: str) -> None:
    return None


class WarmSession:
    """One project's warm build state; `rebuild` is safe to call after every save."""

    def __init__(self, project: Project, options: BuildOptions | None = None) -> None:
        self.project = project
        # In this process: a warm session starts no workers and makes no PDFs.
        self.options = replace(options or BuildOptions(pdf=False), parallel=False)
        self.yaml_memo: dict[Any, Any] = {}  # read_yaml's results by path and bytes hash
        self.decks: dict[int, Any] = {}  # samling number -> its deck's slide cache

    def rebuild(
        self, number: int, changed: set[Path] | None = None, progress: Progress = _quiet
    ) -> BuildResult:
        """Rebuild what the saves in `changed` made stale (every output's fingerprint decides;
        `changed` is a hint that may be empty). Raises SamlingError like build_samling."""
        result = BuildResult()
        with interrupts(lambda: _outcome(result)):
            self._rebuild(number, progress, result)
        return result

    def _rebuild(self, number: int, progress: Progress, result: BuildResult) -> None:
        project, options = self.project, self.options
        plan = _samling_plan(project, number, options, progress)
        result.notes.extend(plan.notes)
        result.unchanged.extend(o for o in plan.wanted if o not in plan.stale)
        if plan.stale:
            bundle = self._bundle(number, result)
            for output in sorted(plan.stale, key=ORDER.index):
                self._render_and_write(plan, output, bundle, progress, result)
        if _want_poster(project, options, result) and _poster_stale(project, options, progress):
            blockers = _poster_blockers(project, options)
            result.warnings.extend(blockers)
            if not blockers:
                work = _render_poster(project, options, progress)
                refuse_warnings(options, work.warnings)
                _commit_poster(project, work, options, progress, result)

    def _bundle(self, number: int, result: BuildResult) -> SamlingBundle:
        from pipeline.content.read_yaml import yaml_memo

        with yaml_memo(self.yaml_memo):
            return _load_bundle(self.project, number, self.options, result)

    def _render_and_write(
        self,
        plan: _SamlingPlan,
        output: str,
        bundle: SamlingBundle,
        progress: Progress,
        result: BuildResult,
    ) -> None:
        progress(f"Rendering {output} …")
        template = plan.templates[output]
        if output == "deck":
            from pipeline.render.deck.slide_cache import DeckCache

            cache = self.decks.setdefault(bundle.info.number, DeckCache())
            data, warnings = cache.render(bundle, template)
            for diagnostic in [*result.warnings, *warnings]:  # the content's and the deck's
                slide = cache.slide_number(diagnostic)
                if slide is not None:
                    result.slide_of[diagnostic] = slide
        else:
            from pipeline.build import _render_samling_output

            data, warnings = _render_samling_output(output, bundle, template)
        result.warnings.extend(warnings)
        refuse_warnings(self.options, result.warnings)
        before = len(result.written)
        _write_outputs(plan, {output: data}, bundle, progress, result, self.options)
        if output == "deck":
            result.deck = next(
                (p for p in result.written[before:] if p.name == plan.names["deck"]), None
            )
