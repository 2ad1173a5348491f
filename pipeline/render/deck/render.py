"""The slide deck: every slide of a samling, in the designer's template, as .pptx bytes.

    render_deck(bundle, template) -> (pptx bytes, warnings)

The template's own example slides are removed; its layouts are chosen by placeholder types and looks
(see `pipeline.render.deck.layouts`), or by the designer's mapping file next to the template
(`pipeline.render.deck.mapping`). Nothing is written to disk here: the build writes atomically.
The same bundle and template give the same bytes: document dates come from SOURCE_DATE_EPOCH
or the samling's date, zip entries carry one fixed time, and no random ids are made.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from pipeline.errors import ContentError, Diagnostic, SamlingError, TemplateError
from pipeline.model.inline import plain_text
from pipeline.model.plan import slide_span
from pipeline.model.types import SamlingBundle, Slide
from pipeline.model.words import language_tag, word
from pipeline.ooxml.package import normalise_zip
from pipeline.outputs import source_date
from pipeline.render.deck.canvas import Deck
from pipeline.render.deck.kinds import RENDERERS
from pipeline.render.deck.layouts import analyse_layouts, choose_layouts, open_template, theme_fonts
from pipeline.render.deck.mapping import apply_mapping
from pipeline.render.deck.package import (
    drop_thumbnail,
    list_notes_master,
    remove_all_slides,
    set_app_properties,
)
from pipeline.render.deck.text import Fonts
from pipeline.render.glyphs import bundle_texts, family_warnings


def render_deck(bundle: SamlingBundle, template: Path) -> tuple[bytes, list[Diagnostic]]:
    """Render the samling's deck from `template`; return the .pptx bytes and warnings.

    Raises TemplateError for a template that is not a usable .pptx, and ContentError (with the
    slide's file and line) for a picture that is missing or in a format PowerPoint cannot show.
    """
    return _render(bundle, template)


# The kinds whose slide count depends on the template: an agenda that does not fit one slide
# goes on over continuation slides. Every other kind makes the slides the model says.
SPLITTING_KINDS = ("agenda",)


def with_deck_spans(
    bundle: SamlingBundle, template: Path, stored: list[int | None] | None = None
) -> SamlingBundle:
    """`bundle` with `deck_spans`: how many slides each of its slides becomes in the deck
    made from `template`, counted by this renderer, so that the guide's slide numbers are the
    deck's. Only the slides of SPLITTING_KINDS are rendered to count them, unless `stored`
    has their counts from a stored deck of these same inputs (`slide_store.stored_counts`)."""
    splitting = [s for s in bundle.slides if s.kind in SPLITTING_KINDS]
    if not splitting:
        return bundle.model_copy(
            update={"deck_spans": [slide_span(bundle, s) for s in bundle.slides]}
        )
    if stored is not None:
        counted = [count for count in stored if count is not None]
    else:
        try:
            counted = _count_slides(bundle.model_copy(update={"slides": splitting}), template)
        except SamlingError:
            return bundle  # the deck's own build reports it; the guide counts by the model
    found = iter(counted)
    spans = [
        next(found) if s.kind in SPLITTING_KINDS else slide_span(bundle, s) for s in bundle.slides
    ]
    return bundle.model_copy(update={"deck_spans": spans})


def _count_slides(bundle: SamlingBundle, template: Path) -> list[int]:
    """How many slides each content slide becomes: rendered, but not saved (saving is most of
    the cost, and only the count is wanted)."""
    deck, _ = start_deck(bundle, template)
    return _render_slides(deck, bundle)


def _render(bundle: SamlingBundle, template: Path) -> tuple[bytes, list[Diagnostic]]:
    """The deck's bytes and warnings."""
    deck, template_warnings = start_deck(bundle, template)
    _render_slides(deck, bundle)
    return finish_deck(deck, bundle, template, template_warnings)


def _render_slides(deck: Deck, bundle: SamlingBundle) -> list[int]:
    """Every content slide into `deck`: how many slides each became. A ContentError names
    every slide that could not be made."""
    errors: list[Diagnostic] = []
    spans: list[int] = []
    for slide in bundle.slides:
        before = deck.count
        errors.extend(render_slide(deck, bundle, slide))
        spans.append(deck.count - before)
    if errors:
        raise ContentError(errors)
    return spans


def start_deck(
    bundle: SamlingBundle, template: Path, fonts: Fonts | None = None
) -> tuple[Deck, list[Diagnostic]]:
    """The template opened and emptied of its own slides, ready for `render_slide`; with
    the template's warnings. `fonts` may be one kept from an earlier deck of this template."""
    template_warnings: list[Diagnostic] = []
    prs = open_template(template, template_warnings)
    remove_all_slides(prs)
    drop_thumbnail(prs)  # it pictures the template's first slide, not this deck
    try:
        infos = analyse_layouts(prs)
        layouts, kind_layouts = apply_mapping(template, infos, choose_layouts(infos))
    except SamlingError:
        raise
    except (KeyError, ValueError, AttributeError) as exc:
        raise TemplateError(
            [Diagnostic("error", f"the template's layouts cannot be read ({exc})", file=template)]
        ) from None
    lang = language_tag(bundle.malform)
    if fonts is None:
        fonts_found = theme_fonts(prs)
        fonts = Fonts(fonts_found.major, fonts_found.minor)
    samling = word("samling", bundle.malform)
    footer = f"{plain_text(bundle.program.title)} · {samling} {bundle.info.number}"
    deck = Deck(prs, layouts, fonts, lang, footer, bundle.malform)
    deck.kind_layouts = kind_layouts
    _set_default_language(prs, lang)
    return deck, template_warnings


def render_slide(deck: Deck, bundle: SamlingBundle, slide: Slide) -> list[Diagnostic]:
    """Add the pptx slide(s) of one source slide; returns its errors (none when it worked)."""
    renderer = RENDERERS.get(slide.kind)
    if renderer is None:
        return [
            Diagnostic(
                "error",
                f"unknown slide kind '.{slide.kind}'",
                file=slide.source.file,
                line=slide.source.line,
            )
        ]
    try:
        renderer(deck, bundle, slide)
    except ContentError as exc:
        return list(exc.diagnostics)
    return []


def deck_warnings(fonts: Fonts, bundle: SamlingBundle, template: Path) -> list[Diagnostic]:
    """The warnings about the whole deck, after its slides: fonts and missing glyphs."""
    found = [
        Diagnostic("warning", problem, file=template) for problem in sorted(set(fonts.problems))
    ]
    texts = bundle_texts(bundle)
    for family in dict.fromkeys((fonts.minor, fonts.major)):
        found.extend(family_warnings(texts, family))
    return found


def finish_deck(
    deck: Deck, bundle: SamlingBundle, template: Path, template_warnings: list[Diagnostic]
) -> tuple[bytes, list[Diagnostic]]:
    """The document properties, then the .pptx bytes (a normalised zip) and every warning."""
    prs = deck.prs
    deck.diagnostics.extend(deck_warnings(deck.fonts, bundle, template))
    moment = source_date(bundle.info.date)
    _core_properties(prs, bundle, language_tag(bundle.malform), moment)
    notes = sum(1 for s in prs.slides if s.has_notes_slide)
    set_app_properties(prs, len(prs.slides), notes, deck.titles)
    list_notes_master(prs)
    buffer = io.BytesIO()
    prs.save(buffer)
    unique = list(dict.fromkeys([*template_warnings, *deck.diagnostics]))
    return normalise_zip(buffer.getvalue()), unique


def _set_default_language(prs: object, lang: str) -> None:
    from pptx.oxml.ns import qn

    root = prs.part._element  # type: ignore[attr-defined]
    for def_rpr in root.iter(qn("a:defRPr")):
        if def_rpr.get("lang") is not None:
            def_rpr.set("lang", lang)


def _core_properties(prs: object, bundle: SamlingBundle, lang: str, moment: datetime) -> None:
    core = prs.core_properties  # type: ignore[attr-defined]
    program, info = bundle.program, bundle.info
    samling = word("samling", bundle.malform)
    core.title = f"{plain_text(program.title)} – {samling} {info.number}: {info.theme}"
    core.subject = info.theme
    core.author = program.kommune
    core.last_modified_by = program.kommune
    core.keywords = f"{samling} {info.number}; {program.kommune}"
    core.comments = ""
    core.category = ""
    core.language = lang
    core.revision = 1
    core.created = moment
    core.modified = moment
