"""The deck of a warm session (`pipeline.warm`): slides re-rendered only when their inputs
change, with the bytes of a cold `render_deck`."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import Diagnostic
from pipeline.model.types import SamlingBundle
from pipeline.render.deck.render import render_deck


class DeckCache:
    """One samling's deck between saves."""

    def __init__(self) -> None:
        self.starts: list[tuple[Path, int, int]] = []  # (file, line, deck slide number)

    def render(self, bundle: SamlingBundle, template: Path) -> tuple[bytes, list[Diagnostic]]:
        data, warnings = render_deck(bundle, template)
        self.starts = [(s.source.file, s.source.line, i + 1) for i, s in enumerate(bundle.slides)]
        return data, warnings

    def slide_number(self, diagnostic: Diagnostic) -> int | None:
        """The deck slide a diagnostic is about: the last slide in its file that starts at or
        before its line."""
        if diagnostic.file is None or diagnostic.line is None:
            return None
        found: tuple[int, int] | None = None
        for file, line, number in self.starts:
            later = found is None or line >= found[0]
            if file == diagnostic.file and line <= diagnostic.line and later:
                found = (line, number)
        return found[1] if found else None
