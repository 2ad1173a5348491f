"""Diagrams as native, editable PowerPoint shapes, and the agenda table.

Each diagram is one group: a person can ungroup it in PowerPoint and edit every box. The group
carries alt text naming what it shows. Colours are the template's theme colours, and text on a
filled shape is white or dark, whichever contrasts more with that fill in this template.
Labels in one diagram share one font size, fitted to the tightest box.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.shapes.group import GroupShape
from pptx.util import Emu

from pipeline.model.inline import plain_text
from pipeline.model.types import (
    AgendaBlock,
    BodyBlock,
    BulletList,
    Image,
    ListItem,
    Malform,
    NumberedList,
    Paragraph,
    Run,
    Slide,
)
from pipeline.model.words import word
from pipeline.render.deck.canvas import INCH, NSDECL, SlideCanvas, round_inset
from pipeline.render.deck.layouts import Box
from pipeline.render.deck.text import (
    Para,
    explicit_chain,
    fit,
    measure,
    scaled_size,
    set_paragraphs,
)

GAP = int(0.3 * INCH)
SMALL_GAP = int(0.12 * INCH)
PALETTE = ("accent1", "accent2", "accent5", "accent3", "tx2", "accent6")
LABEL_INSETS = (int(0.12 * INCH), int(0.08 * INCH), int(0.12 * INCH), int(0.08 * INCH))


# --------------------------------------------------------------------------- helpers


def list_and_rest(
    blocks: Sequence[BodyBlock],
) -> tuple[list[tuple[str, list[str]]], list[BodyBlock], list[BodyBlock]]:
    """The first list's items (with their sub-items), and the blocks before and after it."""
    before: list[BodyBlock] = []
    for i, block in enumerate(blocks):
        if isinstance(block, BulletList | NumberedList):
            items: list[tuple[str, list[str]]] = []
            for item in block.items:
                if item.level == 0 or not items:
                    items.append((item.text, []))
                else:
                    items[-1][1].append(item.text)
            return items, before, list(blocks[i + 1 :])
        before.append(block)
    return [], before, []


def text_paras(blocks: Sequence[BodyBlock], size: float, colour: str = "tx1") -> list[Para]:
    paras: list[Para] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            paras.append(Para.of(block.text, bullet="none", size=size, colour=colour, before=6))
        elif isinstance(block, BulletList | NumberedList):
            for item in block.items:
                paras.append(
                    Para.of(
                        ("• " if item.level == 0 else "– ") + item.text,
                        bullet="none",
                        size=size if item.level == 0 else size * 0.85,
                        colour=colour,
                        before=4,
                        mar_l=int(0.3 * INCH) * (item.level + 1),
                        indent=-int(0.3 * INCH),
                    )
                )
        elif isinstance(block, Image):
            continue
        else:
            text = getattr(block, "text", "")
            if text:
                paras.append(Para.of(text, bullet="none", size=size, colour=colour, before=6))
    return paras


def uniform_scale(
    canvas: SlideCanvas,
    boxes: Sequence[tuple[Box, Sequence[Para]]],
    ins: tuple[int, int, int, int],
    min_size: float,
    max_scale: float = 1.0,
    rounded: float = 0.0,
) -> tuple[float, bool]:
    """One scale for all labels of a diagram: the smallest any of them needs.

    `rounded` is the corner adjustment of rounded rectangles, whose text area is smaller.
    """
    scale, fits = max_scale, True
    left, top, right, bottom = ins
    for box, paras in boxes:
        if not paras:
            continue
        extra = 2 * round_inset(box, rounded) if rounded else 0
        result = fit(
            paras,
            box.width - left - right - extra,
            box.height - top - bottom - extra,
            explicit_chain(18),
            canvas.deck.fonts,
            min_size=min_size,
            max_scale=scale,
        )
        scale = min(scale, result.scale)
        fits = fits and result.fits
    return scale, fits


def warn_unfit(canvas: SlideCanvas, fits: bool, what: str, min_size: float) -> None:
    if not fits:
        canvas.deck.warn(
            canvas.number,
            canvas.model,
            canvas.title_text,
            f"{what} does not fit even at the smallest allowed size ({min_size:g} pt); "
            "shorten the text",
        )


def label_paras(text: str, size: float, colour: str, bold: bool = True) -> list[Para]:
    return [
        Para.of(text, bullet="none", size=size, bold=bold, colour=colour, align="ctr", line=0.95)
    ]


def caption(
    canvas: SlideCanvas,
    blocks: Sequence[BodyBlock],
    box: Box,
    size: float = 18,
    align: str = "l",
    group: GroupShape | None = None,
    anchor: str = "t",
) -> int:
    """Text blocks as a caption in `box`; returns the height used (EMU)."""
    paras = text_paras(blocks, size)
    if not paras:
        return 0
    for para in paras:
        if para.align is None:
            para.align = align  # type: ignore[assignment]
    placed = canvas.textbox(
        box,
        paras,
        chain=explicit_chain(size),
        ins=(0, 0, 0, 0),
        min_size=12,
        anchor=anchor,
        group=group,
        name="Tekst",
    )
    return int(placed.fit.height)


def caption_height(
    canvas: SlideCanvas, blocks: Sequence[BodyBlock], width: int, size: float = 18
) -> int:
    paras = text_paras(blocks, size)
    if not paras:
        return 0
    measured = measure(paras, width, explicit_chain(size), canvas.deck.fonts)
    return int(measured.height) + int(0.1 * INCH)


def caption_above(
    canvas: SlideCanvas,
    before: Sequence[BodyBlock],
    after: Sequence[BodyBlock],
    box: Box,
    after_size: float = 18,
) -> tuple[Box, int]:
    """Caption `before` at the top of `box` (in at most a fifth of it) and measure `after`.

    Returns the area left between them for the drawing, and the height kept at the bottom
    for `caption_below`.
    """
    top = box.top + caption(
        canvas, before, Box(box.left, box.top, box.width, int(box.height * 0.2))
    )
    after_h = caption_height(canvas, after, box.width, size=after_size)
    return Box(box.left, top, box.width, box.bottom - top - after_h), after_h


def caption_below(
    canvas: SlideCanvas,
    after: Sequence[BodyBlock],
    box: Box,
    after_h: int,
    size: float = 18,
    align: str = "l",
) -> None:
    """Caption `after` in the `after_h` kept at the bottom of `box` (see `caption_above`)."""
    if after_h:
        caption(
            canvas,
            after,
            Box(
                box.left,
                box.bottom - after_h + int(0.1 * INCH),
                box.width,
                after_h - int(0.1 * INCH),
            ),
            size=size,
            align=align,
        )


def label_shape(
    canvas: SlideCanvas,
    box: Box,
    text: str,
    size: float,
    colour: str,
    scale: float,
    rounded: float,
    group: GroupShape,
    name: str,
) -> None:
    """A rounded box filled with `colour`, holding `text` as a bold label at `scale`."""
    canvas.shape(
        MSO_SHAPE.ROUNDED_RECTANGLE,
        box,
        fill=colour,
        paras=label_paras(text, size, canvas.deck.text_on(colour)),
        chain=explicit_chain(size),
        scale=scale,
        ins=LABEL_INSETS,
        group=group,
        adjustments=[rounded],
        name=name,
    )


def scaled_textbox(
    canvas: SlideCanvas,
    box: Box,
    paras: list[Para],
    size: float,
    scale: float,
    group: GroupShape,
    name: str,
    anchor: str = "ctr",
    ins: tuple[int, int, int, int] = (0, 0, 0, 0),
    background: str | None = None,
) -> None:
    """A text box set at exactly `scale` (from `uniform_scale`, which warned already)."""
    canvas.textbox(
        box,
        paras,
        chain=explicit_chain(size),
        background=background,
        ins=ins,
        anchor=anchor,
        group=group,
        name=name,
        max_scale=scale,
        min_size=scale * size * 0.99,
        warn=False,
    )


def summary(name: str, items: Sequence[str], joiner: str = " – ") -> str:
    return f"{name}: " + joiner.join(plain_text(i) for i in items)


# --------------------------------------------------------------------------- agenda


def agenda_table(
    canvas: SlideCanvas, blocks: Sequence[AgendaBlock], box: Box, malform: Malform
) -> None:
    """The day's programme: a two-column table, clock time and topic, fitted to `box`.

    `blocks` is the whole agenda. Blocks left off the slide (on_agenda_slide: false) are part of
    the shown block before them: its time runs on to the next shown block, as participants see
    the afternoon as one block while the run sheet splits it.
    """
    fonts = canvas.deck.fonts
    rows: list[tuple[str, list[Para], bool]] = []
    shown = [b for b in blocks if b.on_agenda_slide]
    for index, block in enumerate(shown):
        is_break = block.kind in ("pause", "lunsj")
        title = block.title or word(block.kind, malform)
        runs = [Run(text=plain_text(title), bold=not is_break)]
        if block.topics:
            runs.append(Run(text=" – " + " · ".join(plain_text(t) for t in block.topics)))
        cell = [Para(runs=runs, bullet="none", size=20)]
        start = block.start.strftime("%H:%M")
        later = [b for b in blocks if b.start >= block.end]
        following = shown[index + 1] if index + 1 < len(shown) else None
        if following is not None:
            end_time = following.start
        else:
            end_time = max([block.end, *(b.end for b in later)])
        end = end_time.strftime("%H:%M")
        rows.append((f"{start} – {end}", cell, is_break))
    margin_x, margin_y = int(0.12 * INCH), int(0.045 * INCH)
    header_paras = [
        [Para.of(word("time", malform), bullet="none", bold=True, size=20, colour="bg1")],
        [Para.of(word("topic", malform), bullet="none", bold=True, size=20, colour="bg1")],
    ]
    chain = explicit_chain(20)
    chosen = None
    scale = 1.0
    while scale >= 0.6:
        time_w = (
            int(fonts.metrics("+mn-lt").text_width("00:00 – 00:00", scaled_size(20, scale)) * 12700)
            + 2 * margin_x
            + int(0.15 * INCH)
        )
        topic_w = box.width - time_w
        heights = []
        for paras in ([*header_paras[1]],) + tuple(cell for _, cell, _ in rows):
            measured = measure(paras, topic_w - 2 * margin_x, chain, fonts, scale)
            heights.append(int(measured.height) + 2 * margin_y + int(0.01 * INCH))
        if sum(heights) <= box.height:
            chosen = (time_w, heights, scale)
            break
        scale = round(scale - 0.05, 3)
    fits = chosen is not None
    if chosen is None:
        scale = 0.6
        time_w = (
            int(fonts.metrics("+mn-lt").text_width("00:00 – 00:00", scaled_size(20, scale)) * 12700)
            + 2 * margin_x
            + int(0.15 * INCH)
        )
        heights = [
            int(measure(p, box.width - time_w - 2 * margin_x, chain, fonts, scale).height)
            + 2 * margin_y
            for p in ([*header_paras[1]], *(cell for _, cell, _ in rows))
        ]
        chosen = (time_w, heights, scale)
    warn_unfit(canvas, fits, "the agenda", 12)
    time_w, heights, scale = chosen
    # Spread spare room over the rows, up to a comfortable height.
    spare = box.height - sum(heights)
    if spare > 0:
        extra = min(spare // len(heights), int(0.25 * INCH))
        heights = [h + extra for h in heights]
    total = sum(heights)
    frame = canvas.slide.shapes.add_table(
        len(rows) + 1, 2, Emu(box.left), Emu(box.top), Emu(box.width), Emu(total)
    )
    frame.name = "Program"
    c_nv_pr = frame._element.find(f"./{qn('p:nvGraphicFramePr')}/{qn('p:cNvPr')}")
    c_nv_pr.set(
        "descr",
        "; ".join(f"{t} {plain_text(c[0].text)}" for t, c, _ in rows),
    )
    table = frame.table
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    assert tbl_pr is not None
    for child in list(tbl_pr):
        tbl_pr.remove(child)
    tbl_pr.set("firstRow", "1")
    tbl_pr.set("bandRow", "0")
    table.columns[0].width = Emu(time_w)
    table.columns[1].width = Emu(box.width - time_w)
    lang = canvas.deck.lang
    for r, height in enumerate(heights):
        table.rows[r].height = Emu(height)
    for r in range(len(rows) + 1):
        if r == 0:
            cells = header_paras
            fill, text_colour = "tx2", "bg1"
        else:
            time_text, cell, is_break = rows[r - 1]
            cells = [[Para.of(time_text, bullet="none", size=20, bold=not is_break)], cell]
            fill, text_colour = ("bg2" if is_break else "bg1"), "tx1"
        for c in range(2):
            tc = table.cell(r, c)._tc
            paras = cells[c]
            for para in paras:
                if para.colour is None or r == 0:
                    para.colour = text_colour
            set_paragraphs(tc.get_or_add_txBody(), paras, lang, scale, chain)
            tc_pr = tc.get_or_add_tcPr()
            for child in list(tc_pr):
                tc_pr.remove(child)
            for name, value in (
                ("marL", margin_x),
                ("marR", margin_x),
                ("marT", margin_y),
                ("marB", margin_y),
            ):
                tc_pr.set(name, str(value))
            tc_pr.set("anchor", "ctr")
            line = '<a:solidFill><a:srgbClr val="C9D3DC"/></a:solidFill>'
            for edge in ("lnL", "lnR", "lnT", "lnB"):
                if edge == "lnB" and r > 0:
                    tc_pr.append(parse_xml(f'<a:{edge} {NSDECL} w="9525">{line}</a:{edge}>'))
                else:
                    tc_pr.append(parse_xml(f'<a:{edge} {NSDECL} w="0"><a:noFill/></a:{edge}>'))
            tc_pr.append(
                parse_xml(f'<a:solidFill {NSDECL}><a:schemeClr val="{fill}"/></a:solidFill>')
            )


# --------------------------------------------------------------------------- panel


def panel(canvas: SlideCanvas, paras: Sequence[Para], box: Box, name: str = "Panel") -> None:
    """A light box with text: the exercise's method, steps, roles and deliverable."""
    ins = (int(0.3 * INCH), int(0.25 * INCH), int(0.3 * INCH), int(0.25 * INCH))
    chain = explicit_chain(20)
    sized = [
        Para(
            runs=p.runs,
            bullet=p.bullet,
            size=p.size or 20,
            bold=p.bold,
            colour=p.colour or "tx1",
            before=p.before,
            align=p.align,
            level=p.level,
            line=p.line,
        )
        for p in paras
    ]
    corner = 2 * round_inset(box, 0.05)
    result = fit(
        sized,
        box.width - ins[0] - ins[2] - corner,
        box.height - ins[1] - ins[3] - corner,
        chain,
        canvas.deck.fonts,
        min_size=13,
    )
    height = min(
        box.height,
        max(int(result.height) + ins[1] + ins[3] + int(0.1 * INCH), int(box.height * 0.45)),
    )
    canvas.shape(
        MSO_SHAPE.ROUNDED_RECTANGLE,
        Box(box.left, box.top, box.width, height),
        fill="bg2",
        adjustments=[0.05],
        paras=sized,
        chain=chain,
        scale=result.scale,
        anchor="t",
        ins=ins,
        name=name,
    )
    warn_unfit(canvas, result.fits, "the exercise details", 13)


# --------------------------------------------------------------------------- diagrams


def _fallback_text(canvas: SlideCanvas, slide: Slide, box: Box) -> None:
    paras = text_paras(slide.blocks, 24)
    if paras:
        canvas.text_area(paras, box, use_placeholder=False)


def pyramid(canvas: SlideCanvas, slide: Slide, box: Box, malform: Malform) -> None:
    items, before, after = list_and_rest(slide.blocks)
    if not items:
        _fallback_text(canvas, slide, box)
        return
    deck = canvas.deck
    n = len(items)
    described = any(sub for _, sub in items)
    other = [*before, *after]
    side = described or bool(text_paras(other, 20))
    height = box.height
    width = int(min(box.width * (0.52 if side else 0.75), height * 1.5))
    left = box.left if side else box.left + (box.width - width) // 2
    cx = left + width / 2
    gap = int(0.07 * INCH)
    level_h = (height - gap * (n - 1)) / n
    group = canvas.group(summary(word("pyramid", malform), [t for t, _ in items]), "Pyramide")
    colours = ["accent1", "accent5", "accent2", "accent3", "tx2"]
    shapes = []
    label_boxes = []
    for i, (text, _) in enumerate(items):
        top = box.top + i * (level_h + gap)
        w_top = width * (i / n) if i else 0.0
        w_bottom = width * ((i + 1) / n)
        # Widths along the sloping sides, so the gaps keep the sides straight.
        w_top = width * (top - box.top) / height
        w_bottom = width * (top + level_h - box.top) / height
        points = [
            (cx - w_bottom / 2, top + level_h),
            (cx - w_top / 2, top),
            (cx + w_top / 2, top),
            (cx + w_bottom / 2, top + level_h),
        ]
        if i == 0:
            points = [points[0], (cx, top), points[3]]
        label_w = (w_top + w_bottom) / 2 if i else w_bottom * 0.55
        label_top = top + (level_h * 0.45 if i == 0 else 0)
        label_h = level_h * (0.55 if i == 0 else 1.0)
        label_boxes.append(Box(int(cx - label_w / 2), int(label_top), int(label_w), int(label_h)))
        shapes.append((points, colours[i % len(colours)], text))
    sizes = [
        (b, label_paras(t, 26, "bg1")) for b, (_, _, t) in zip(label_boxes, shapes, strict=True)
    ]
    scale, fits = uniform_scale(canvas, sizes, LABEL_INSETS, 14)
    warn_unfit(canvas, fits, "a pyramid level", 14)
    for (points, colour, text), label_box in zip(shapes, label_boxes, strict=True):
        canvas.polygon(
            points,
            fill=colour,
            group=group,
            name=f"Nivå {plain_text(text)}",
            alt=plain_text(text),
        )
        scaled_textbox(
            canvas,
            label_box,
            label_paras(text, 26, deck.text_on(colour)),
            26,
            scale,
            group,
            "Tekst",
            ins=LABEL_INSETS,
            background=colour,
        )
    right = left + width + GAP
    side_w = box.right - right
    if described:
        desc_boxes = []
        for i, (_, subs) in enumerate(items):
            top = box.top + i * (level_h + gap)
            desc_boxes.append(
                (
                    Box(right, int(top), side_w, int(level_h)),
                    [Para.of(s, bullet="none", size=20, colour="tx1") for s in subs],
                )
            )
        dscale, dfits = uniform_scale(canvas, desc_boxes, (0, 0, 0, 0), 13)
        warn_unfit(canvas, dfits, "a pyramid description", 13)
        for desc_box, paras in desc_boxes:
            canvas.textbox(
                desc_box,
                paras,
                chain=explicit_chain(20),
                ins=(0, 0, 0, 0),
                anchor="ctr",
                group=group,
                max_scale=dscale,
                min_size=13 * 0.99,
                warn=False,
            )
    if text_paras(other, 20):
        if described:
            caption(
                canvas,
                other,
                Box(box.left, box.bottom - int(0.5 * INCH), box.width, int(0.5 * INCH)),
                size=16,
                anchor="b",
            )
        else:
            caption(canvas, other, Box(right, box.top, side_w, box.height), size=24, anchor="ctr")


def steps(canvas: SlideCanvas, slide: Slide, box: Box, malform: Malform) -> None:
    items, before, after = list_and_rest(slide.blocks)
    if not items:
        _fallback_text(canvas, slide, box)
        return
    deck = canvas.deck
    area, after_h = caption_above(canvas, before, after, box)
    n = len(items)
    gap = int(0.14 * INCH)
    col_w = (area.width - gap * (n - 1)) // n
    lowest = 0.5 if n > 2 else 0.8
    group = canvas.group(summary(word("steps", malform), [t for t, _ in items]), "Trinn")
    specs = []
    for i, (text, subs) in enumerate(items):
        fraction = lowest + (1 - lowest) * (i / max(1, n - 1))
        h = int(area.height * fraction)
        step_box = Box(area.left + i * (col_w + gap), area.bottom - h, col_w, h)
        colour = "accent1" if i % 2 == 0 else "accent5"
        paras = [
            Para.of(
                str(i + 1),
                bullet="none",
                size=40,
                bold=True,
                colour=deck.text_on(colour),
                align="l",
            ),
            Para.of(
                text,
                bullet="none",
                size=22,
                bold=True,
                colour=deck.text_on(colour),
                align="l",
                before=4,
                line=0.95,
            ),
        ]
        paras += [
            Para.of(s, bullet="none", size=16, colour=deck.text_on(colour), align="l", before=4)
            for s in subs
        ]
        specs.append((step_box, paras, colour, text))
    ins = (int(0.12 * INCH), int(0.12 * INCH), int(0.1 * INCH), int(0.1 * INCH))
    # The shortest step sets the size: measure each in its own box.
    scale, fits = uniform_scale(canvas, [(b, p) for b, p, _, _ in specs], ins, 13)
    warn_unfit(canvas, fits, "a step", 13)
    for step_box, paras, colour, text in specs:
        canvas.shape(
            MSO_SHAPE.RECTANGLE,
            step_box,
            fill=colour,
            paras=paras,
            chain=explicit_chain(22),
            scale=scale,
            anchor="t",
            ins=ins,
            group=group,
            name=f"Trinn {plain_text(text)}",
        )
    caption_below(canvas, after, box, after_h)


def triangle(canvas: SlideCanvas, slide: Slide, box: Box, malform: Malform) -> None:
    items, before, after = list_and_rest(slide.blocks)
    if not items:
        _fallback_text(canvas, slide, box)
        return
    corners = [t for t, _ in items[:3]]
    while len(corners) < 3:
        corners.append("")
    other = [*before, *after, *(BulletList(items=[ListItem(text=t)]) for t, _ in items[3:])]
    other_paras = text_paras(other, 24)
    middle = (
        bool(other_paras)
        and sum(len(p.text) for p in other_paras) <= 90
        and all(isinstance(b, Paragraph) for b in other)
    )
    side = bool(other_paras) and not middle
    width = int(min(box.width * (0.52 if side else 0.7), box.height * 1.45))
    # The two base labels must not meet: each is at most 42 % of the drawing's width.
    label_w, label_h = int(min(2.5 * INCH, width * 0.42)), int(0.75 * INCH)
    left = box.left if side else box.left + (box.width - width) // 2
    tri = Box(
        left + label_w // 3,
        box.top + label_h // 2,
        width - 2 * (label_w // 3),
        box.height - label_h,
    )
    group = canvas.group(summary(word("triangle", malform), corners, ", "), "Trekant")
    canvas.shape(
        MSO_SHAPE.ISOSCELES_TRIANGLE,
        tri,
        fill="bg2",
        line="accent1",
        line_width=3,
        group=group,
        name="Trekant",
        alt=summary(word("triangle", malform), corners, ", "),
    )
    positions = [
        (tri.left + tri.width // 2 - label_w // 2, tri.top - label_h // 2),
        (tri.left - label_w // 3, tri.bottom - label_h // 2),
        (tri.right - label_w + label_w // 3, tri.bottom - label_h // 2),
    ]
    # The third point is the apex; screen readers meet the corners in the order written.
    positions = [positions[1], positions[2], positions[0]]
    order = [0, 1, 2]
    colours = ["accent1", "accent2", "accent3"]
    boxes = [Box(x, y, label_w, label_h) for x, y in positions]
    scale, fits = uniform_scale(
        canvas,
        [(boxes[i], label_paras(corners[i], 22, "bg1")) for i in range(3)],
        LABEL_INSETS,
        14,
        rounded=0.5,
    )
    warn_unfit(canvas, fits, "a corner of the triangle", 14)
    for i in order:
        if not corners[i]:
            continue
        label_shape(
            canvas,
            boxes[i],
            corners[i],
            22,
            colours[i],
            scale,
            0.5,
            group,
            f"Hjørne {plain_text(corners[i])}",
        )
    if middle:
        inner = Box(
            tri.left + tri.width // 4,
            tri.top + int(tri.height * 0.42),
            tri.width // 2,
            int(tri.height * 0.4),
        )
        paras = [
            Para(
                runs=p.runs, bullet="none", size=22, bold=True, colour="tx2", align="ctr", before=4
            )
            for p in other_paras
        ]
        canvas.textbox(
            inner,
            paras,
            background="bg2",
            chain=explicit_chain(22),
            ins=(0, 0, 0, 0),
            anchor="ctr",
            group=group,
            min_size=13,
            name="Midten",
            what="the text in the triangle",
        )
    elif side:
        right = left + width + GAP
        canvas.text_area(
            text_paras_for_body(other),
            Box(right, box.top, box.right - right, box.height),
            use_placeholder=False,
            anchor="ctr",
        )


def text_paras_for_body(blocks: Sequence[BodyBlock]) -> list[Para]:
    """Blocks as body paragraphs that take the template's bullet styles."""
    from pipeline.render.deck.kinds import blocks_to_paras

    return blocks_to_paras(blocks)


def flow(canvas: SlideCanvas, slide: Slide, box: Box, malform: Malform) -> None:
    items, before, after = list_and_rest(slide.blocks)
    if not items:
        _fallback_text(canvas, slide, box)
        return
    area, after_h = caption_above(canvas, before, after, box)
    n = len(items)
    arrow_w = int(min(0.75 * INCH, area.width * 0.3 / (n - 1))) if n > 1 else 0
    col_w = (area.width - arrow_w * (n - 1)) // n
    described = any(subs for _, subs in items)
    box_h = int(min(area.height * (0.45 if described else 0.6), 2.4 * INCH))
    y = (
        area.top + (area.height - box_h) // 2
        if not described
        else area.top + int(area.height * 0.1)
    )
    group = canvas.group(summary(word("flow", malform), [t for t, _ in items], " → "), "Flyt")
    colours = ["accent5", "accent1", "accent2", "accent3", "tx2"]
    boxes = [Box(area.left + i * (col_w + arrow_w), y, col_w, box_h) for i in range(n)]
    label_sets = [label_paras(t, 28, "bg1") for t, _ in items]
    scale, fits = uniform_scale(
        canvas, list(zip(boxes, label_sets, strict=True)), LABEL_INSETS, 14, rounded=0.12
    )
    warn_unfit(canvas, fits, "a box in the flow", 14)
    for i, ((text, subs), b) in enumerate(zip(items, boxes, strict=True)):
        colour = colours[i % len(colours)]
        label_shape(canvas, b, text, 28, colour, scale, 0.12, group, f"Steg {plain_text(text)}")
        if i < n - 1:
            size = int(min(arrow_w * 0.7, box_h * 0.4))
            canvas.shape(
                MSO_SHAPE.RIGHT_ARROW,
                Box(b.right + (arrow_w - size) // 2, y + (box_h - size) // 2, size, size),
                fill="accent6",
                group=group,
                name="Pil",
                alt=f"{plain_text(text)} → {plain_text(items[i + 1][0])}",
            )
        if subs:
            canvas.textbox(
                Box(b.left, b.bottom + SMALL_GAP, b.width, area.bottom - b.bottom - SMALL_GAP),
                [
                    Para.of(s, bullet="none", size=18, colour="tx1", align="ctr", before=4)
                    for s in subs
                ],
                chain=explicit_chain(18),
                ins=(0, 0, 0, 0),
                group=group,
                min_size=12,
                name="Forklaring",
            )
    caption_below(canvas, after, box, after_h)


_NUMBER = re.compile(r"^\s*([-+]?\d[\d\s.,]*\s*%?)\s*[:–-]?\s*(.*)$")


def _statistic_parts(text: str) -> tuple[str, str]:
    plain = plain_text(text)
    if ":" in plain:
        value, rest = plain.split(":", 1)
        return value.strip(), rest.strip()
    match = _NUMBER.match(plain)
    if match:
        return match.group(1).strip(), match.group(2).strip()
    return plain, ""


def _percent(value: str) -> float | None:
    match = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*%\s*", value)
    if not match:
        return None
    return max(0.0, min(100.0, float(match.group(1).replace(",", "."))))


def ring_shape(
    canvas: SlideCanvas,
    box: Box,
    fill: str,
    thickness: float,
    group: GroupShape,
    name: str,
    alt: str,
) -> None:
    """A whole ring (a donut `thickness` of its size wide), as the statistic draws them."""
    canvas.shape(
        MSO_SHAPE.DONUT,
        box,
        fill=fill,
        group=group,
        adjustments=[thickness],
        name=name,
        alt=alt,
    )


def statistic(canvas: SlideCanvas, slide: Slide, box: Box, malform: Malform) -> None:
    items, before, after = list_and_rest(slide.blocks)
    if not items:
        _fallback_text(canvas, slide, box)
        return
    area, after_h = caption_above(canvas, before, after, box, after_size=16)
    n = len(items)
    gap = GAP
    col_w = (area.width - gap * (n - 1)) // n
    label_h = int(area.height * 0.32)
    ring = int(min(col_w * 0.78, area.height - label_h - SMALL_GAP))
    parts = [_statistic_parts(text) for text, _ in items]
    group = canvas.group(
        summary(word("statistic", malform), [f"{v} {lab}".strip() for v, lab in parts], "; "),
        "Tal",
    )
    colours = ["accent5", "accent2", "accent1", "accent3"]
    value_boxes = []
    label_boxes = []
    for i in range(n):
        x = area.left + i * (col_w + gap)
        ring_box = Box(x + (col_w - ring) // 2, area.top, ring, ring)
        value_boxes.append(
            Box(ring_box.left + ring // 6, ring_box.top + ring // 4, ring * 2 // 3, ring // 2)
        )
        label_boxes.append(
            Box(x, ring_box.bottom + SMALL_GAP, col_w, area.bottom - ring_box.bottom - SMALL_GAP)
        )
    vscale, vfits = uniform_scale(
        canvas,
        [(b, label_paras(v, 54, "tx2")) for b, (v, _) in zip(value_boxes, parts, strict=True)],
        (0, 0, 0, 0),
        20,
    )
    lscale, lfits = uniform_scale(
        canvas,
        [
            (b, label_paras(lab, 24, "tx1", bold=False))
            for b, (_, lab) in zip(label_boxes, parts, strict=True)
        ],
        (0, 0, 0, 0),
        14,
    )
    warn_unfit(canvas, vfits and lfits, "a number or its label", 14)
    thickness = 0.16
    for i, ((value, lab), vbox, lbox) in enumerate(
        zip(parts, value_boxes, label_boxes, strict=True)
    ):
        colour = colours[i % len(colours)]
        x = area.left + i * (col_w + gap)
        ring_box = Box(x + (col_w - ring) // 2, area.top, ring, ring)
        pct = _percent(value)
        alt = f"{value} {lab}".strip()
        ring_shape(canvas, ring_box, "bg2", thickness, group, "Ring", alt)
        if pct is not None and pct > 0:
            if pct >= 99.5:
                ring_shape(canvas, ring_box, colour, thickness, group, f"Del {value}", alt)
            else:
                # Angles in DrawingML are 60000ths of a degree; python-pptx scales by 100000.
                start = 270.0
                end = (start + pct * 3.6) % 360
                canvas.shape(
                    MSO_SHAPE.BLOCK_ARC,
                    ring_box,
                    fill=colour,
                    group=group,
                    adjustments=[start * 0.6, end * 0.6, thickness],
                    name=f"Del {value}",
                    alt=alt,
                )
        elif pct is None:
            ring_shape(canvas, ring_box, colour, thickness, group, "Ring", alt)
        scaled_textbox(canvas, vbox, label_paras(value, 54, "tx2"), 54, vscale, group, "Tal")
        if lab:
            scaled_textbox(
                canvas,
                lbox,
                label_paras(lab, 24, "tx1", bold=False),
                24,
                lscale,
                group,
                "Forklaring",
                anchor="t",
            )
    caption_below(canvas, after, box, after_h, size=16, align="r")


def diamond(canvas: SlideCanvas, slide: Slide, box: Box, malform: Malform) -> None:
    items, before, after = list_and_rest(slide.blocks)
    values = [plain_text(t) for t, _ in items][:9]
    other = [*before, *after]
    other_paras = text_paras(other, 22)
    rows = [1, 2, 3, 2, 1]
    gap = int(0.12 * INCH)
    diag_w = int(box.width * 0.58) if other_paras else box.width
    row_h = (box.height - gap * 4) // 5
    cell_w = int(min(row_h * 3.0, (diag_w - 2 * gap) / 3))
    total_w = 3 * cell_w + 2 * gap
    left = box.right - total_w if other_paras else box.left + (box.width - total_w) // 2
    if other_paras:
        canvas.text_area(
            text_paras_for_body(other),
            Box(box.left, box.top, box.width - total_w - GAP, box.height),
            use_placeholder=False,
            anchor="ctr",
        )
    description = (
        summary(word("diamond", malform), values, ", ")
        if values
        else word("diamond_empty", malform)
    )
    group = canvas.group(description, "Diamant")
    colours = ["accent3", "accent1", "accent1", "accent5", "accent5"]
    boxes = []
    index = 0
    for r, count in enumerate(rows):
        row_w = count * cell_w + (count - 1) * gap
        x0 = left + (total_w - row_w) // 2
        y = box.top + r * (row_h + gap)
        for c in range(count):
            boxes.append((Box(x0 + c * (cell_w + gap), y, cell_w, row_h), colours[r], index))
            index += 1
    texts = [(b, label_paras(values[i], 24, "bg1")) for b, _, i in boxes if i < len(values)]
    scale, fits = uniform_scale(canvas, texts, LABEL_INSETS, 14, rounded=0.15)
    warn_unfit(canvas, fits, "a value in the diamond", 14)
    for b, colour, i in boxes:
        if i < len(values):
            label_shape(canvas, b, values[i], 24, colour, scale, 0.15, group, f"Verdi {i + 1}")
        else:
            canvas.shape(
                MSO_SHAPE.ROUNDED_RECTANGLE,
                b,
                fill="bg1",
                line="accent1",
                line_width=1.5,
                dash=True,
                group=group,
                adjustments=[0.15],
                paras=[Para.of(str(i + 1), bullet="none", size=20, colour="accent6", align="ctr")],
                chain=explicit_chain(20),
                scale=1.0,
                ins=LABEL_INSETS,
                name=f"Tomt felt {i + 1}",
            )


def cards(canvas: SlideCanvas, slide: Slide, box: Box, malform: Malform) -> None:
    items, before, after = list_and_rest(slide.blocks)
    if not items:
        _fallback_text(canvas, slide, box)
        return
    before_h = caption_height(canvas, before, box.width, size=20)
    if before_h:
        caption(canvas, before, Box(box.left, box.top, box.width, before_h), size=20)
    after_h = caption_height(canvas, after, box.width, size=16)
    area = Box(box.left, box.top + before_h, box.width, box.height - before_h - after_h)
    n = len(items)
    per_row = n if n <= 5 else math.ceil(n / (2 if n <= 10 else 3))
    row_count = math.ceil(n / per_row)
    gap = int(0.2 * INCH)
    card_w = (area.width - gap * (per_row - 1)) // per_row
    described = any(subs for _, subs in items)
    card_h = (area.height - gap * (row_count - 1)) // row_count
    if not described:
        card_h = min(card_h, int(2.6 * INCH))
    y0 = area.top + (area.height - (card_h * row_count + gap * (row_count - 1))) // 2
    group = canvas.group(summary(word("cards", malform), [t for t, _ in items], "; "), "Kort")
    bar = int(0.12 * INCH)
    specs = []
    for i, (text, subs) in enumerate(items):
        r, c = divmod(i, per_row)
        in_row = min(per_row, n - r * per_row)
        row_left = area.left + (area.width - (in_row * card_w + (in_row - 1) * gap)) // 2
        card = Box(row_left + c * (card_w + gap), y0 + r * (card_h + gap), card_w, card_h)
        paras = [
            Para.of(
                text,
                bullet="none",
                size=26,
                bold=True,
                colour="tx2",
                align="l" if described else "ctr",
                line=0.95,
            )
        ]
        paras += [Para.of(s, bullet="none", size=18, colour="tx1", before=6) for s in subs]
        specs.append((card, paras, PALETTE[i % 4], text))
    ins = (int(0.18 * INCH), int(0.18 * INCH) + bar, int(0.18 * INCH), int(0.15 * INCH))
    scale, fits = uniform_scale(canvas, [(b, p) for b, p, _, _ in specs], ins, 14)
    warn_unfit(canvas, fits, "a card", 14)
    for card, paras, colour, text in specs:
        canvas.shape(
            MSO_SHAPE.RECTANGLE,
            card,
            fill="bg2",
            paras=paras,
            chain=explicit_chain(26),
            scale=scale,
            anchor="t" if described else "ctr",
            ins=ins,
            group=group,
            name=f"Kort {plain_text(text)}",
        )
        canvas.shape(
            MSO_SHAPE.RECTANGLE,
            Box(card.left, card.top, card.width, bar),
            fill=colour,
            group=group,
            name="Kortstrek",
            alt=plain_text(text),
        )
    caption_below(canvas, after, box, after_h, size=16)


def levels(canvas: SlideCanvas, slide: Slide, box: Box, malform: Malform) -> None:
    items, before, after = list_and_rest(slide.blocks)
    if not items:
        _fallback_text(canvas, slide, box)
        return
    deck = canvas.deck
    fonts = deck.fonts
    area, after_h = caption_above(canvas, before, after, box, after_size=16)
    n = len(items)
    gap = int(0.12 * INCH)
    label_w = int(area.width * 0.24)
    desc_w = area.width - label_w - int(0.08 * INCH)
    ins = (int(0.2 * INCH), int(0.1 * INCH), int(0.2 * INCH), int(0.1 * INCH))
    labels = [label_paras(t, 24, "bg1") for t, _ in items]
    descs = [
        [Para.of(s, bullet="none", size=20, colour="tx1", before=4) for s in subs]
        for _, subs in items
    ]
    chain = explicit_chain(20)
    available = area.height - gap * (n - 1)
    scale = 1.0
    heights: list[int] = []
    fits = False
    while scale >= 0.5:
        heights = []
        for label, desc in zip(labels, descs, strict=True):
            lh = measure(label, label_w - ins[0] - ins[2], chain, fonts, scale)
            dh = measure(desc, desc_w - ins[0] - ins[2], chain, fonts, scale) if desc else lh
            wide = lh.widest_word_overflow
            heights.append(
                int(max(lh.height, dh.height)) + ins[1] + ins[3] + (10**9 if wide else 0)
            )
        if sum(heights) <= available and scale * 20 >= 13:
            fits = True
            break
        if scale * 20 < 13:
            break
        scale = round(scale - 0.04, 3)
    warn_unfit(canvas, fits, "the levels", 13)
    heights = [min(h, available) for h in heights]
    if sum(heights) > available:
        # Too much to say (and warned about): the rows share the room, staying on the slide.
        heights = [max(1, h * available // sum(heights)) for h in heights]
    spare = max(0, available - sum(heights))
    heights = [h + spare // n for h in heights]
    group = canvas.group(summary(word("levels", malform), [t for t, _ in items], "; "), "Nivå")
    y = area.top
    colours = ["accent5", "accent1", "accent2", "accent3", "tx2"]
    for i, ((text, _), label, desc, h) in enumerate(
        zip(items, labels, descs, heights, strict=True)
    ):
        colour = colours[i % len(colours)]
        for para in label:
            para.colour = deck.text_on(colour)
        canvas.shape(
            MSO_SHAPE.RECTANGLE,
            Box(area.left, y, label_w, h),
            fill=colour,
            paras=label,
            chain=chain,
            scale=scale,
            ins=ins,
            group=group,
            name=f"Nivå {plain_text(text)}",
        )
        if desc:
            canvas.shape(
                MSO_SHAPE.RECTANGLE,
                Box(area.right - desc_w, y, desc_w, h),
                fill="bg2",
                paras=desc,
                chain=chain,
                scale=scale,
                ins=ins,
                group=group,
                anchor="ctr",
                name="Forklaring",
            )
        y += h + gap
    caption_below(canvas, after, box, after_h, size=16, align="r")


DIAGRAMS: dict[str, Callable[[SlideCanvas, Slide, Box, Malform], None]] = {
    "pyramid": pyramid,
    "steps": steps,
    "triangle": triangle,
    "flow": flow,
    "statistic": statistic,
    "diamond": diamond,
    "cards": cards,
    "levels": levels,
}
