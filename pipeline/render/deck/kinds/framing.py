"""The slides that frame the day: title, sections, statements, breaks, frame slides, closing."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import Diagnostic
from pipeline.model.inline import plain_text
from pipeline.model.types import Paragraph, Run, SamlingBundle, Slide, norwegian_date
from pipeline.model.words import word
from pipeline.render.deck.blocks import caption_paras
from pipeline.render.deck.canvas import INCH, Deck
from pipeline.render.deck.kinds.body import body_paras
from pipeline.render.deck.kinds.common import new_canvas, time_range, title_or, under_title
from pipeline.render.deck.layouts import Box
from pipeline.render.deck.text import Para


def render_title(deck: Deck, bundle: SamlingBundle, slide: Slide) -> None:
    program, info = bundle.program, bundle.info
    canvas = new_canvas(deck, "title", slide, title_or(slide, program.title), min_size=32)
    samling = word("samling", bundle.malform)
    paras = [
        Para.of(program.kommune, bullet="none", bold=True),
        Para.of(f"{samling} {info.number} – {info.theme}", bullet="none"),
        Para.of(f"{norwegian_date(info.date)} · {info.place}", bullet="none", size=20),
    ]
    paras += caption_paras(slide.blocks, size=20)
    under_title(canvas, paras, 1.8)
    logo = program.branding.logo_path
    if logo and Path(logo).is_file():
        size = int(1.1 * INCH)
        canvas.picture(
            Path(logo).read_bytes(),
            Box(deck.width - size - int(0.5 * INCH), int(0.4 * INCH), size, size),
            f"{word('logo', bundle.malform)}: {program.kommune}",
        )
    canvas.finish()


def render_section(deck: Deck, bundle: SamlingBundle, slide: Slide) -> None:
    canvas = new_canvas(deck, "section", slide, title_or(slide, ""), min_size=28)
    paras = caption_paras(slide.blocks, size=24)
    under_title(canvas, paras, 1.6)
    canvas.finish()


def render_statement(deck: Deck, bundle: SamlingBundle, slide: Slide) -> None:
    """A slide with a title and nothing else: a question or a statement, shown large."""
    render_section(deck, bundle, slide)


def render_pause(deck: Deck, bundle: SamlingBundle, slide: Slide) -> None:
    malform = bundle.malform
    kind = slide.kind
    title = title_or(slide, word(kind, malform))
    canvas = new_canvas(deck, "section", slide, title, min_size=28)
    paras: list[Para] = []
    block = slide.agenda_block or (bundle.block(slide.block_id) if slide.block_id else None)
    if block is not None:
        paras.append(
            Para.of(
                time_range(block.start, block.end), bullet="none", size=40, bold=True, colour="tx2"
            )
        )
    else:
        deck.warn(canvas.number, slide, title, "no agenda block gives this slide its clock times")
    paras += caption_paras(slide.blocks, size=24)
    under_title(canvas, paras, 1.6)
    canvas.finish()


def render_frame(deck: Deck, bundle: SamlingBundle, slide: Slide) -> None:
    frames = bundle.program.frame_slides
    if not frames:
        deck.diagnostics.append(
            Diagnostic(
                "warning",
                "a .frame slide, but program.yaml has no frame_slides: nothing shown",
                file=slide.source.file,
                line=slide.source.line,
            )
        )
        return
    for frame in frames:
        sub = slide.model_copy(update={"title": frame.title})
        if frame.points:
            canvas = new_canvas(deck, "content", sub, plain_text(frame.title))
            body_paras(canvas, [Para.of(point) for point in frame.points], canvas.content_box)
        else:
            canvas = new_canvas(deck, "section", sub, plain_text(frame.title), min_size=28)
        canvas.notes_parts = []
        canvas.add_notes(frame.notes)
        canvas.add_notes(slide.notes)
        canvas.finish()


def render_closing(deck: Deck, bundle: SamlingBundle, slide: Slide) -> None:
    malform = bundle.malform
    blocks = list(slide.blocks)
    title = slide.title.strip()
    if not title:
        # A closing slide written as text only: its last short line becomes the title.
        last = blocks[-1] if blocks else None
        if isinstance(last, Paragraph) and len(last.text) <= 40:
            title = plain_text(last.text)
            blocks = blocks[:-1]
    nxt = bundle.next_samling
    if not title:
        title = word("next_samling", malform)
    canvas = new_canvas(deck, "title", slide, title, min_size=32)
    paras = caption_paras(blocks, size=26)
    for para in paras:
        para.colour = None
    if nxt is not None:
        paras.append(
            Para(
                runs=[
                    Run(text=f"{word('next_samling', malform)}: ", bold=True),
                    Run(text=f"{norwegian_date(nxt.date)} · {nxt.place}"),
                ],
                bullet="none",
                size=22,
                before=14,
            )
        )
    under_title(canvas, paras, 1.8)
    canvas.finish()
