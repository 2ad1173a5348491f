"""One function per slide kind: what each kind of slide shows, and where.

Every function gets the deck, the bundle and the slide, makes its slide(s) through
`SlideCanvas`, and finishes them. Content errors (a missing or unusable picture) are raised as
ContentError with the slide's file and line; the caller collects them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from pptx.enum.shapes import MSO_SHAPE

from pipeline.errors import ContentError, Diagnostic
from pipeline.model.inline import inline_runs, plain_text
from pipeline.model.types import (
    BodyBlock,
    BulletList,
    Image,
    ImageRef,
    Malform,
    NumberedList,
    Paragraph,
    Quote,
    Run,
    SamlingBundle,
    Slide,
    clock,
    norwegian_date,
)
from pipeline.model.words import method_name, word
from pipeline.render.deck import diagrams
from pipeline.render.deck.canvas import INCH, Deck, SlideCanvas
from pipeline.render.deck.layouts import Box, Role
from pipeline.render.deck.text import NS, Para, StyleChain, explicit_chain, fit, measure

GAP = int(0.3 * INCH)
PICTURE_FORMATS = {"PNG", "JPEG", "GIF", "BMP", "TIFF"}


# --------------------------------------------------------------------------- helpers


def time_range(start: object, end: object) -> str:
    return f"{clock(start)} – {clock(end)}"  # type: ignore[arg-type]


def blocks_to_paras(blocks: Sequence[BodyBlock], quote_size: float | None = None) -> list[Para]:
    """Text blocks as paragraphs; pictures are placed separately."""
    paras: list[Para] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            paras.append(Para.of(block.text, bullet="none"))
        elif isinstance(block, BulletList):
            for item in block.items:
                paras.append(Para.of(item.text, level=min(item.level, 1)))
        elif isinstance(block, NumberedList):
            number = 0
            for item in block.items:
                if item.level == 0:
                    number += 1
                    paras.append(Para.of(item.text, bullet="number", start_at=number))
                else:
                    paras.append(Para.of(item.text, level=1))
        elif isinstance(block, Quote):
            for line in block.text.split("\n"):
                paras.append(
                    Para.of(
                        line,
                        bullet="none",
                        italic=True,
                        colour="tx2",
                        size=quote_size,
                        before=2,
                    )
                )
            if block.source:
                paras.append(
                    Para.of(
                        block.source
                        if block.source.startswith(("-", "–", "—"))
                        else f"– {block.source}",
                        bullet="none",
                        align="r",
                        size=quote_size * 0.7 if quote_size else None,
                        before=10,
                    )
                )
    return paras


def images_of(blocks: Sequence[BodyBlock]) -> list[Image]:
    return [b for b in blocks if isinstance(b, Image)]


def credit_text(ref: ImageRef) -> str:
    text = ref.credit.strip()
    if ref.license and ref.license.split(" (")[0] not in text:
        text = f"{text} ({ref.license})" if text else ref.license
    return text


def credit_notes(ref: ImageRef, malform: Malform) -> str:
    lines = [f"{word('image_credits', malform)}: {ref.credit or '–'}"]
    if ref.license:
        lines.append(f"Lisens: {ref.license}")
    if ref.source_url:
        lines.append(f"Kjelde: {ref.source_url}" if malform == "nn" else f"Kilde: {ref.source_url}")
    return "\n".join(lines)


def check_image(image: Image, slide: Slide) -> bytes:
    """The picture's bytes, or a ContentError naming the slide's file and line."""
    ref = image.image
    path = ref.path
    where = {"file": slide.source.file, "line": slide.source.line}
    if path is None or not Path(path).is_file():
        raise ContentError(
            [
                Diagnostic(
                    "error",
                    f"the image {ref.file!r} is missing",
                    hint="put the file in the samling's images/ folder",
                    **where,  # type: ignore[arg-type]
                )
            ]
        )
    data = Path(path).read_bytes()
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    try:
        with PILImage.open(io.BytesIO(data)) as img:
            kind = img.format or ""
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        kind = ""
    if kind not in PICTURE_FORMATS:
        shown = kind or Path(path).suffix.lstrip(".").upper() or "unknown"
        raise ContentError(
            [
                Diagnostic(
                    "error",
                    f"the image {ref.file!r} is not a picture PowerPoint can show "
                    f"(format: {shown})",
                    hint="save it as PNG or JPEG",
                    **where,  # type: ignore[arg-type]
                )
            ]
        )
    return data


def split_first_list(
    blocks: Sequence[BodyBlock],
) -> tuple[list[BodyBlock], BulletList | NumberedList | None, list[BodyBlock]]:
    before: list[BodyBlock] = []
    for i, block in enumerate(blocks):
        if isinstance(block, BulletList | NumberedList):
            return before, block, list(blocks[i + 1 :])
        before.append(block)
    return before, None, []


def caption_paras(blocks: Sequence[BodyBlock], size: float = 18) -> list[Para]:
    paras = []
    for para in blocks_to_paras([b for b in blocks if not isinstance(b, Image)]):
        para.bullet = "none"
        para.level = 0
        para.size = size
        para.colour = para.colour or "tx1"
        paras.append(para)
    return paras


def title_or(slide: Slide, default: str) -> str:
    return plain_text(slide.title) if slide.title.strip() else default


def new_canvas(
    deck: Deck, role: Role, slide: Slide, title: str, min_size: float = 24
) -> SlideCanvas:
    canvas = SlideCanvas(deck, role, slide)
    if title.strip():
        canvas.set_title(title, min_size=min_size)
    else:
        # Every slide has a title for screen readers and the outline; one without a visible
        # title gets a hidden one, named after its first words.
        canvas.set_title(fallback_title(slide, deck), hidden=True, min_size=min_size)
    canvas.add_notes(slide.notes)
    return canvas


def fallback_title(slide: Slide, deck: Deck) -> str:
    for para in blocks_to_paras(slide.blocks):
        text = para.text.strip()
        if text:
            return text if len(text) <= 80 else text[:77].rstrip() + "…"
    for image in images_of(slide.blocks):
        return image.image.alt
    return deck.footer


# --------------------------------------------------------------------------- body text


def place_pictures(
    canvas: SlideCanvas, images: Sequence[tuple[Image, bytes]], box: Box, malform: Malform
) -> None:
    """Pictures stacked in `box`, each with its credit line under it."""
    credit_h = int(0.36 * INCH)
    each = (box.height - GAP * (len(images) - 1)) // max(1, len(images))
    for i, (image, data) in enumerate(images):
        top = box.top + i * (each + GAP)
        credit = credit_text(image.image)
        pic_h = each - (credit_h if credit else 0)
        pic = canvas.picture(data, Box(box.left, top, box.width, pic_h), image.image.alt)
        if credit:
            canvas.textbox(
                Box(
                    int(pic.left),
                    int(pic.top + pic.height) + int(0.04 * INCH),
                    max(int(pic.width), int(3.5 * INCH)),
                    credit_h,
                ),
                [Para.of(credit, bullet="none", size=14, colour="tx1")],
                chain=explicit_chain(14),
                ins=(0, 0, 0, 0),
                min_size=9,
                name="Kreditering",
                what="the image credit",
            )
        canvas.add_notes(credit_notes(image.image, malform))


def two_column_split(paras: list[Para]) -> tuple[list[Para], list[Para], list[Para]] | None:
    """A long list of short bullets reads better in two columns: (intro, left, right)."""
    intro: list[Para] = []
    items: list[Para] = []
    for para in paras:
        if para.bullet == "none" and not items:
            intro.append(para)
        elif para.bullet == "inherit" and para.level == 0:
            items.append(para)
        else:
            return None
    if len(items) < 8 or any(len(p.text) > 80 for p in items):
        return None
    half = (len(items) + 1) // 2
    return intro, items[:half], items[half:]


def body(canvas: SlideCanvas, blocks: Sequence[BodyBlock], box: Box, malform: Malform) -> None:
    """Text and pictures of an ordinary slide, in `box`."""
    images = [(image, check_image(image, canvas.model)) for image in images_of(blocks)]
    paras = blocks_to_paras(blocks)
    if images and paras:
        text_w = int(box.width * 0.55)
        canvas.text_area(paras, Box(box.left, box.top, text_w, box.height))
        place_pictures(
            canvas,
            images,
            Box(box.left + text_w + GAP, box.top, box.width - text_w - GAP, box.height),
            malform,
        )
        return
    if images:
        place_pictures(canvas, images, box, malform)
        return
    if not paras:
        return
    body_paras(canvas, paras, box)


def body_paras(canvas: SlideCanvas, paras: list[Para], box: Box) -> None:
    """Body text in `box`: a long list of short bullets goes in two columns."""
    split = two_column_split(paras)
    if split is not None:
        chain = StyleChain(canvas.deck.body_chain_sources)
        one = fit(paras, box.width, box.height, chain, canvas.deck.fonts)
        if one.scale < 0.9 or not one.fits:
            _two_columns(canvas, paras, box)
            return
    canvas.text_area(paras, box)


def _shrink_to(element: object, box: Box) -> None:
    from pptx.oxml.ns import qn

    ext = element.find(f"./{qn('p:spPr')}/{qn('a:xfrm')}/{qn('a:ext')}")  # type: ignore[attr-defined]
    if ext is not None:
        ext.set("cy", str(box.height))


# --------------------------------------------------------------------------- kinds


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
    title_box = canvas.title_box() or canvas.deck.body_box
    fallback = Box(title_box.left, title_box.bottom + GAP, title_box.width, int(1.8 * INCH))
    canvas.small_text(paras, fallback)
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
    if paras:
        title_box = canvas.title_box() or deck.body_box
        canvas.small_text(
            paras, Box(title_box.left, title_box.bottom + GAP, title_box.width, int(1.6 * INCH))
        )
    canvas.finish()


def render_statement(deck: Deck, bundle: SamlingBundle, slide: Slide) -> None:
    """A slide with a title and nothing else: a question or a statement, shown large."""
    render_section(deck, bundle, slide)


def render_bullets(deck: Deck, bundle: SamlingBundle, slide: Slide) -> None:
    if not slide.blocks and not slide.columns:
        render_statement(deck, bundle, slide)
        return
    role: Role = "content"
    if images_of(slide.blocks) and not blocks_to_paras(slide.blocks):
        role = "title_only"
    canvas = new_canvas(deck, role, slide, title_or(slide, ""))
    body(canvas, slide.blocks, canvas.content_box, bundle.malform)
    canvas.finish()


def render_questions(deck: Deck, bundle: SamlingBundle, slide: Slide) -> None:
    render_bullets(deck, bundle, slide)


def render_columns(deck: Deck, bundle: SamlingBundle, slide: Slide) -> None:
    if not slide.columns:
        render_bullets(deck, bundle, slide)
        return
    canvas = new_canvas(deck, "two_content", slide, title_or(slide, ""))
    box = canvas.content_box
    top_paras = blocks_to_paras(slide.blocks)
    if top_paras:
        placed = canvas.textbox(
            Box(box.left, box.top, box.width, int(box.height * 0.25)),
            top_paras,
            chain=StyleChain(deck.body_chain_sources),
            ins=canvas._body_insets(),
        )
        used = int(placed.fit.height) + int(0.25 * INCH)
        box = Box(box.left, box.top + used, box.width, box.height - used)
    count = len(slide.columns)
    col_w = (box.width - GAP * (count - 1)) // count
    for i, column in enumerate(slide.columns):
        col_box = Box(box.left + i * (col_w + GAP), box.top, col_w, box.height)
        images = [(image, check_image(image, slide)) for image in images_of(column.blocks)]
        paras = blocks_to_paras(column.blocks)
        if images and paras:
            text_h = int(col_box.height * 0.5)
            canvas.text_area(paras, Box(col_box.left, col_box.top, col_w, text_h))
            place_pictures(
                canvas,
                images,
                Box(col_box.left, col_box.top + text_h + GAP, col_w, col_box.height - text_h - GAP),
                bundle.malform,
            )
        elif images:
            place_pictures(canvas, images, col_box, bundle.malform)
        elif paras:
            emphasised = all(p.bullet == "none" for p in paras) and all(
                all(r.bold for r in p.runs if r.text.strip()) for p in paras
            )
            if emphasised:
                # A column that is one bold statement is shown as a highlighted box.
                for para in paras:
                    para.colour = "tx2"
                    para.size = 28
                    para.align = "ctr"
                canvas.shape(
                    MSO_SHAPE.ROUNDED_RECTANGLE,
                    Box(col_box.left, col_box.top, col_w, int(col_box.height * 0.6)),
                    fill="bg2",
                    adjustments=[0.06],
                    paras=paras,
                    chain=StyleChain(deck.body_chain_sources),
                    ins=(int(0.3 * INCH), int(0.2 * INCH), int(0.3 * INCH), int(0.2 * INCH)),
                    min_size=16,
                    name="Utheving",
                )
            else:
                canvas.text_area(paras, col_box)
    canvas.finish()


def render_quote(deck: Deck, bundle: SamlingBundle, slide: Slide) -> None:
    canvas = new_canvas(deck, "content", slide, title_or(slide, ""))
    box = canvas.content_box
    quotes = [b for b in slide.blocks if isinstance(b, Quote)]
    long_quote = sum(len(q.text) for q in quotes) > 320
    paras = blocks_to_paras(slide.blocks, quote_size=24 if long_quote else 32)
    first_is_quote = bool(slide.blocks) and isinstance(slide.blocks[0], Quote)
    indent = int(0.4 * INCH) if first_is_quote else 0
    placed = canvas.text_area(
        paras, Box(box.left + indent, box.top, box.width - indent, box.height), min_size=14
    )
    if first_is_quote:
        # A quote opens with an accent bar along its lines, as a pull quote does.
        quote = slide.blocks[0]
        assert isinstance(quote, Quote)
        lines = len(quote.text.split("\n"))
        element = placed.shape_element
        chain = (
            canvas.chain_for(element)
            if element.find("./p:nvSpPr/p:nvPr/p:ph", NS) is not None
            else StyleChain(deck.body_chain_sources)
        )
        left, top, right, _ = canvas.insets_for(element)
        height = measure(
            paras[:lines], box.width - indent - left - right, chain, deck.fonts, placed.fit.scale
        ).height
        bar = canvas.shape(
            MSO_SHAPE.RECTANGLE,
            Box(
                box.left + int(0.1 * INCH),
                box.top + top + int(0.06 * INCH),
                int(0.07 * INCH),
                int(height),
            ),
            fill="accent2",
            name="Sitatstrek",
            alt=word("quote", bundle.malform),
        )
        decorative(bar._element)
    canvas.finish()


def render_agenda(deck: Deck, bundle: SamlingBundle, slide: Slide) -> None:
    malform = bundle.malform
    title = title_or(slide, f"{word('program', malform)} {bundle.info.number}")
    canvas = new_canvas(deck, "title_only", slide, title)
    box = canvas.content_box
    theme_h = int(0.42 * INCH)
    canvas.textbox(
        Box(box.left, box.top, box.width, theme_h),
        [
            Para(
                runs=[
                    Run(text=f"{word('main_theme', malform)}: ", bold=True),
                    Run(text=bundle.info.theme),
                ],
                bullet="none",
                size=22,
                colour="tx2",
            )
        ],
        chain=explicit_chain(22),
        ins=(0, 0, 0, 0),
        anchor="t",
        min_size=16,
        name="Hovudtema",
    )
    bottom_paras: list[Para] = []
    if bundle.samling.mellomarbeid:
        items = bundle.samling.mellomarbeid
        bottom_paras.append(
            Para(
                runs=[
                    Run(text=f"{word('mellomarbeid', malform)}: ", bold=True),
                    *inline_runs("; ".join(items)),
                ],
                bullet="none",
                size=18,
            )
        )
    bottom_paras += caption_paras(slide.blocks, size=18)
    bottom_h = int(0.4 * INCH) * len(bottom_paras)
    table_box = Box(
        box.left,
        box.top + theme_h + int(0.05 * INCH),
        box.width,
        box.height - theme_h - int(0.05 * INCH) - bottom_h,
    )
    diagrams.agenda_table(canvas, bundle.samling.agenda, table_box, malform)
    if bottom_paras:
        canvas.textbox(
            Box(box.left, box.bottom - bottom_h, box.width, bottom_h),
            bottom_paras,
            chain=explicit_chain(18),
            ins=(0, int(0.05 * INCH), 0, 0),
            anchor="b",
            min_size=12,
            name="Mellomarbeid",
        )
    canvas.finish()


def _normalised(text: str) -> str:
    return re.sub(r"[\W_]+", " ", plain_text(text).lower()).strip()


def render_exercise(deck: Deck, bundle: SamlingBundle, slide: Slide) -> None:
    exercise = slide.exercise
    if exercise is None:
        raise ContentError(
            [
                Diagnostic(
                    "error",
                    f"the exercise ref={slide.attrs.get('ref', '(none)')} is not in exercises.yaml",
                    file=slide.source.file,
                    line=slide.source.line,
                )
            ]
        )
    malform = bundle.malform
    own = blocks_to_paras(slide.blocks)
    canvas = new_canvas(
        deck, "content" if own else "title_only", slide, title_or(slide, exercise.title)
    )
    box = canvas.content_box
    said = " ".join(_normalised(p.text) for p in own) + " " + _normalised(slide.title)

    def already_said(text: str) -> bool:
        wanted = _normalised(text)
        return bool(wanted) and wanted in said

    panel: list[Para] = []
    head = [
        Run(text=f"{word('method', malform)}: ", bold=True),
        Run(text=method_name(exercise.method, malform)),
    ]
    if exercise.group_size:
        head += [
            Run(text=f"  ·  {word('group_size', malform)}: ", bold=True),
            Run(text=str(exercise.group_size)),
        ]
    panel.append(Para(runs=head, bullet="none", colour="tx2"))
    minutes = word("minutes", malform)
    for step in exercise.steps:
        runs = [Run(text=word(step.mode, malform), bold=True)]
        if not already_said(step.text):
            runs.append(Run(text=f": {step.text}"))
        runs.append(Run(text=f" – {step.minutes} {minutes}", bold=True))
        panel.append(Para(runs=runs, bullet="none", before=8))
    rounds = exercise.effective_rounds
    if rounds > 1:
        panel.append(
            Para(
                runs=[
                    Run(text=f"{word('rounds', malform)}: ", bold=True),
                    Run(
                        text=f"{rounds} × {exercise.minutes_per_round} {minutes} = "
                        f"{exercise.total_minutes} {minutes}"
                    ),
                ],
                bullet="none",
                before=8,
            )
        )
    elif len(exercise.steps) > 1:
        panel.append(
            Para(
                runs=[
                    Run(text=f"{word('total', malform)}: ", bold=True),
                    Run(text=f"{exercise.total_minutes} {minutes}"),
                ],
                bullet="none",
                before=8,
            )
        )
    roles = [r for r in exercise.roles if not already_said(f"{r.name} {r.picked_by}")]
    if roles:
        panel.append(
            Para.of(word("roles", malform), bullet="none", bold=True, before=12, colour="tx2")
        )
        for role in roles:
            runs = [Run(text=role.name, bold=True)]
            if role.picked_by:
                runs.append(Run(text=f": {role.picked_by}"))
            elif role.description and not own:
                runs.append(Run(text=f" – {role.description}"))
            panel.append(Para(runs=runs, bullet="none", before=4))
    if exercise.deliverable and not already_said(exercise.deliverable):
        panel.append(
            Para(
                runs=[
                    Run(text=f"{word('deliverable', malform)}: ", bold=True),
                    *inline_runs(exercise.deliverable),
                ],
                bullet="none",
                before=12,
            )
        )
    if own:
        # The slide's own text and the details share the width by how much each has to say.
        own_chars = sum(len(p.text) for p in own)
        panel_chars = sum(len(p.text) for p in panel)
        share = own_chars / max(1, own_chars + panel_chars)
        text_w = int(box.width * min(0.58, max(0.4, share)))
        canvas.text_area(own, Box(box.left, box.top, text_w, box.height))
        panel_box = Box(box.left + text_w + GAP, box.top, box.width - text_w - GAP, box.height)
    else:
        panel_box = box
        for para in panel:
            para.size = 24
    diagrams.panel(canvas, panel, panel_box, name="Øving")
    notes = []
    if exercise.instructions:
        notes += [f"- {plain_text(line)}" for line in exercise.instructions]
    for role in exercise.roles:
        if role.description:
            notes.append(f"{role.name}: {role.description}")
    if exercise.materials:
        notes.append(f"{word('materials', malform)}: {', '.join(exercise.materials)}")
    canvas.add_notes("\n".join(notes))
    canvas.finish()


def render_image(deck: Deck, bundle: SamlingBundle, slide: Slide) -> None:
    render_bullets(deck, bundle, slide)


def _qr_slide(
    deck: Deck, bundle: SamlingBundle, slide: Slide, canvas: SlideCanvas, box: Box
) -> None:
    from pipeline.render.qr import qr_png

    poll = slide.poll
    assert poll is not None
    malform = bundle.malform
    size = min(box.height, int(box.width * 0.5))
    qr_box = Box(box.right - size, box.top + (box.height - size) // 2, size, size)
    paras: list[Para] = []
    if _normalised(poll.title) != _normalised(canvas.title_text):
        paras.append(Para.of(poll.title, bullet="none", size=32, bold=True, colour="tx2"))
    paras += caption_paras(slide.blocks, size=24)
    paras.append(Para.of(word("scan", malform), bullet="none", size=28, before=18))
    paras.append(
        Para.of(
            poll.url,
            bullet="none",
            size=14,
            colour="hlink",
            before=18,
            link=poll.url,
            breakable=True,
        )
    )
    text_box = Box(box.left, box.top, box.width - size - GAP, box.height)
    canvas.text_area(paras, text_box, use_placeholder=False, anchor="ctr", min_size=12)
    canvas.picture(
        qr_png(poll.url),
        qr_box,
        f"{word('qr', malform)} {plain_text(poll.title)}: {poll.url}",
    )
    canvas.add_notes(f"{plain_text(poll.title)}: {poll.url}")


def render_poll(deck: Deck, bundle: SamlingBundle, slide: Slide) -> None:
    if slide.poll is None:
        raise ContentError(
            [
                Diagnostic(
                    "error",
                    f"the poll ref={slide.attrs.get('ref', '(none)')} is not under polls: "
                    "in samling.yaml",
                    file=slide.source.file,
                    line=slide.source.line,
                )
            ]
        )
    canvas = new_canvas(deck, "title_only", slide, title_or(slide, plain_text(slide.poll.title)))
    _qr_slide(deck, bundle, slide, canvas, canvas.content_box)
    canvas.finish()


def _votes(bundle: SamlingBundle, slide: Slide) -> dict[str, int]:
    wanted = slide.attrs.get("samling")
    if wanted and wanted.isdigit() and int(wanted) == bundle.info.number - 1:
        results = bundle.previous_results
    else:
        results = bundle.results
    return dict(results.value_votes) if results else {}


def render_wordcloud(deck: Deck, bundle: SamlingBundle, slide: Slide) -> None:
    votes = _votes(bundle, slide)
    maker: Callable[..., bytes] | None = None
    if votes:
        try:
            from pipeline.render.poster.wordcloud import wordcloud_png

            maker = wordcloud_png
        except ImportError:
            maker = None
    if maker is None or slide.poll is None and not votes:
        render_poll(deck, bundle, slide)
        return
    title = title_or(slide, plain_text(slide.poll.title) if slide.poll else "")
    canvas = new_canvas(deck, "title_only", slide, title)
    box = canvas.content_box
    malform = bundle.malform
    dpi = 160
    png = maker(
        votes, bundle.program.branding, int(box.width / INCH * dpi), int(box.height / INCH * dpi)
    )
    ranked = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
    alt = f"{word('wordcloud', malform)}: " + ", ".join(
        f"{w} ({n} {word('votes', malform)})" for w, n in ranked
    )
    canvas.picture(png, box, alt)
    if slide.poll is not None:
        canvas.add_notes(f"{plain_text(slide.poll.title)}: {slide.poll.url}")
    canvas.add_notes(alt)
    canvas.finish()


def render_results(deck: Deck, bundle: SamlingBundle, slide: Slide) -> None:
    canvas = new_canvas(deck, "content", slide, title_or(slide, ""))
    paras: list[Para] = []
    if slide.result_intro:
        paras.append(Para.of(slide.result_intro, bullet="none"))
    paras += [Para.of(item) for item in slide.result_items]
    paras += blocks_to_paras(slide.blocks)
    if not slide.result_items:
        deck.warn(canvas.number, slide, canvas.title_text, "the results list is empty")
    if paras:
        body_paras(canvas, paras, canvas.content_box)
    canvas.finish()


def _two_columns(canvas: SlideCanvas, paras: list[Para], box: Box) -> None:
    split = two_column_split(paras)
    assert split is not None
    intro, left, right = split
    top = box.top
    chain = StyleChain(canvas.deck.body_chain_sources)
    if intro:
        placed = canvas.textbox(
            Box(box.left, box.top, box.width, int(box.height * 0.3)),
            intro,
            chain=chain,
            ins=canvas._body_insets(),
            min_size=16,
        )
        used = int(placed.fit.height) + int(0.25 * INCH)
        _shrink_to(placed.shape_element, Box(box.left, box.top, box.width, used))
        top = box.top + used
    col_w = (box.width - GAP) // 2
    height = box.bottom - top
    scale = min(
        fit(left, col_w, height, chain, canvas.deck.fonts).scale,
        fit(right, col_w, height, chain, canvas.deck.fonts).scale,
    )
    for para in (*left, *right):
        para.size = (para.size or chain.level(para.level).size) * scale
    canvas.text_area(left, Box(box.left, top, col_w, height))
    canvas.text_area(right, Box(box.left + col_w + GAP, top, col_w, height), use_placeholder=False)


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
    if paras:
        title_box = canvas.title_box() or deck.body_box
        canvas.small_text(
            paras, Box(title_box.left, title_box.bottom + GAP, title_box.width, int(1.6 * INCH))
        )
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
    if paras:
        title_box = canvas.title_box() or deck.body_box
        canvas.small_text(
            paras, Box(title_box.left, title_box.bottom + GAP, title_box.width, int(1.8 * INCH))
        )
    canvas.finish()


def decorative(element: object) -> None:
    """Mark a shape as decorative, so screen readers skip it."""
    from lxml import etree
    from pptx.oxml.ns import qn

    c_nv_pr = element.find(f"./*/{qn('p:cNvPr')}")  # type: ignore[attr-defined]
    if c_nv_pr is None:
        return
    ext_lst = etree.SubElement(c_nv_pr, qn("a:extLst"))
    ext = etree.SubElement(ext_lst, qn("a:ext"), uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}")
    adec = "http://schemas.microsoft.com/office/drawing/2017/decorative"
    etree.SubElement(ext, f"{{{adec}}}decorative", nsmap={"adec": adec}, val="1")


def render_diagram(deck: Deck, bundle: SamlingBundle, slide: Slide) -> None:
    canvas = new_canvas(deck, "title_only", slide, title_or(slide, ""))
    diagrams.DIAGRAMS[slide.kind](canvas, slide, canvas.content_box, bundle.malform)
    canvas.finish()


RENDERERS: dict[str, Callable[[Deck, SamlingBundle, Slide], None]] = {
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
    "pyramid": render_diagram,
    "steps": render_diagram,
    "triangle": render_diagram,
    "flow": render_diagram,
    "statistic": render_diagram,
    "diamond": render_diagram,
    "cards": render_diagram,
    "levels": render_diagram,
    "pause": render_pause,
    "lunsj": render_pause,
    "frame": render_frame,
    "closing": render_closing,
}
