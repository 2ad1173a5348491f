"""The slide kinds: for each kind of slide, the function that makes it.

Every kind gets the deck, the bundle and the slide, makes its slide(s) through `SlideCanvas`, and
finishes them. Content errors (a missing or unusable picture) are raised as ContentError with
the slide's file and line; the caller collects them.

A new kind of slide is one module here (or one diagram in `pipeline.render.deck.diagrams`) and
one line in `RENDERERS`; the model's `SlideKind` names it, and `layouts.ROLE_KINDS` gives it
its layout.
"""

from __future__ import annotations

from pipeline.render.deck.diagrams.cards import cards
from pipeline.render.deck.diagrams.diamond import diamond
from pipeline.render.deck.diagrams.flow import flow
from pipeline.render.deck.diagrams.levels import levels
from pipeline.render.deck.diagrams.pyramid import pyramid
from pipeline.render.deck.diagrams.statistic import statistic
from pipeline.render.deck.diagrams.steps import steps
from pipeline.render.deck.diagrams.triangle import triangle
from pipeline.render.deck.kinds.agenda import render_agenda
from pipeline.render.deck.kinds.bullets import (
    render_bullets,
    render_columns,
    render_image,
    render_questions,
    render_quote,
    render_results,
)
from pipeline.render.deck.kinds.common import Renderer, diagram_kind
from pipeline.render.deck.kinds.exercise import render_exercise
from pipeline.render.deck.kinds.framing import (
    render_closing,
    render_frame,
    render_pause,
    render_section,
    render_title,
)
from pipeline.render.deck.kinds.polls import render_poll, render_wordcloud

RENDERERS: dict[str, Renderer] = {
    "title": render_title,
    "section": render_section,
    "bullets": render_bullets,
    "columns": render_columns,
    "quote": render_quote,
    "agenda": render_agenda,
    "exercise": render_exercise,
    "questions": render_questions,
    "image": render_image,
    "poll": render_poll,
    "wordcloud": render_wordcloud,
    "results": render_results,
    "pyramid": diagram_kind(pyramid),
    "steps": diagram_kind(steps),
    "triangle": diagram_kind(triangle),
    "flow": diagram_kind(flow),
    "statistic": diagram_kind(statistic),
    "diamond": diagram_kind(diamond),
    "cards": diagram_kind(cards),
    "levels": diagram_kind(levels),
    "pause": render_pause,
    "lunsj": render_pause,
    "frame": render_frame,
    "closing": render_closing,
}
