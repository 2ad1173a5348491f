"""Bullets too long to read on a slide: each gets a warning at its line in slides.md.

A bullet is read at a glance while the facilitator speaks. The default deck's body area is
about 11.5 × 4.8 inches; at the 20 pt a second-level bullet is set in, a line holds about 13
words, so 40 words fill three lines and more: past that a bullet is a paragraph, and belongs
in the speaker notes (where the guide prints it too) or split into several bullets.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.content.read_slides import RawBlock, RawSlide
from pipeline.errors import Diagnostic
from pipeline.model.inline import plain_text

MAX_BULLET_WORDS = 40


def check_bullet_lengths(slides: list[RawSlide], path: Path) -> list[Diagnostic]:
    """A warning for every bullet or numbered point of more than MAX_BULLET_WORDS words."""
    found: list[Diagnostic] = []
    for slide in slides:
        blocks: list[RawBlock] = [*slide.blocks, *(b for column in slide.columns for b in column)]
        for block in blocks:
            for index, (text, _level) in enumerate(block.items):
                words = len(plain_text(text).split())
                if words <= MAX_BULLET_WORDS:
                    continue
                line = block.item_lines[index] if index < len(block.item_lines) else block.line
                found.append(
                    Diagnostic(
                        "warning",
                        f"a bullet of {words} words on the slide «{slide.title or slide.kind}» is "
                        f"too long to read on a slide (at most {MAX_BULLET_WORDS})",
                        file=path,
                        line=line,
                        column=1,
                        hint="split it into shorter bullets, or move the detail to the slide's "
                        "'::: notes', where the facilitator guide prints it too",
                    )
                )
    return found
