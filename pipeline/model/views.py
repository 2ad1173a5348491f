"""What each output reads of a samling, as a smaller bundle: the worksheets' view.

The worksheets read little of slides.md: which exercises the slides present, in what order
(their place in the day), and the .levels slides' bullets (the listening levels). Their
renderer is handed `worksheet_view(bundle)` and nothing else, so two bundles with the same
view give the same worksheets, byte for byte. The build uses `view_key` to skip rewriting the
worksheets when slides.md changed only where they do not look.
"""

from __future__ import annotations

import hashlib

from pipeline.model.plan import exercise_of
from pipeline.model.types import BodyBlock, BulletList, Column, SamlingBundle, Slide


def _bullets(blocks: list[BodyBlock]) -> list[BodyBlock]:
    return [block for block in blocks if isinstance(block, BulletList)]


def _stripped(slide: Slide, levels: bool) -> Slide:
    """The slide with only what the worksheets read: kind, attrs, block, exercise, and a
    .levels slide's bullet lists. Its line is dropped: a slide above it may grow."""
    return slide.model_copy(
        update={
            "title": "",
            "notes": "",
            "made_from": None,
            "poll": None,
            "agenda_block": None,
            "result_items": [],
            "result_intro": "",
            "blocks": _bullets(slide.blocks) if levels else [],
            "columns": [Column(blocks=_bullets(c.blocks)) for c in slide.columns] if levels else [],
            "source": slide.source.model_copy(update={"line": 1, "column": 1}),
        }
    )


def worksheet_view(bundle: SamlingBundle) -> SamlingBundle:
    """The bundle as the worksheets see it: the slides that present an exercise or are
    .levels slides (and the first, whose file names the samling's folder), stripped; no
    results."""
    kept = []
    for index, slide in enumerate(bundle.slides):
        levels = slide.kind == "levels"
        if index == 0 or levels or exercise_of(slide, bundle.exercises) is not None:
            kept.append(_stripped(slide, levels))
    return bundle.model_copy(update={"slides": kept, "results": None, "previous_results": None})


def view_key(view: SamlingBundle) -> str:
    """A digest of a view: equal views give equal keys."""
    return hashlib.sha256(view.model_dump_json().encode()).hexdigest()
