"""The agenda slide: the main theme, the day's programme as a table, the work until the next."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.util import Emu

from pipeline.model.inline import inline_runs, plain_text
from pipeline.model.types import AgendaBlock, Malform, Run, SamlingBundle, Slide
from pipeline.model.words import word
from pipeline.ooxml.units import emu_from_pt
from pipeline.render.deck.blocks import caption_paras
from pipeline.render.deck.canvas import INCH, NSDECL, Deck, SlideCanvas
from pipeline.render.deck.diagrams.common import warn_unfit
from pipeline.render.deck.kinds.common import new_canvas, title_or
from pipeline.render.deck.layouts import Box
from pipeline.render.deck.text import (
    Fonts,
    Para,
    explicit_chain,
    measure,
    scaled_size,
    set_paragraphs,
)


def render_agenda(deck: Deck, bundle: SamlingBundle, slide: Slide) -> None:
    """The programme slide; when the table does not fit at a readable size, it goes on over
    continuation slides ("… (forts.)"), and the mellomarbeid line is on the last, under it."""
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
        name=word("main_theme", malform),
    )
    bottom_paras = _bottom_paras(bundle, slide)
    rows = agenda_rows(bundle.samling.agenda, malform)
    top = box.top + theme_h + TABLE_GAP
    first = Box(box.left, top, box.width, box.bottom - top)
    pages, scale, bottom_h = split_agenda(canvas, rows, first, box.height, bottom_paras, malform)
    if len(pages) > 1:
        # The guide counts these slides too (render.with_deck_spans); the text gets small.
        canvas.deck.warn(
            canvas.number,
            slide,
            title,
            f"the programme does not fit one slide at {scaled_size(20, READABLE_SCALE):g} pt and "
            f"goes on over {len(pages)} slides; to keep it on one, shorten the blocks' titles "
            "and topics, or leave some blocks off the slide (on_agenda_slide: false)",
        )
    for index, page in enumerate(pages):
        last = index == len(pages) - 1
        if index:
            canvas.finish()
            more = f"{title} ({word('continued', malform)})"
            canvas = new_canvas(deck, "title_only", slide, more)
            box = canvas.content_box
            top = box.top
        table_box = Box(box.left, top, box.width, box.bottom - top - (bottom_h if last else 0))
        agenda_table(canvas, page, table_box, malform, scale)
    if bottom_paras:
        canvas.textbox(
            Box(box.left, box.bottom - bottom_h, box.width, bottom_h),
            bottom_paras,
            chain=explicit_chain(18),
            ins=(0, BOTTOM_INSET, 0, 0),
            anchor="b",
            min_size=12,
            name="Mellomarbeid",
        )
    canvas.finish()


def _bottom_paras(bundle: SamlingBundle, slide: Slide) -> list[Para]:
    """The line under the table: the work until the next samling, and the slide's own text."""
    paras: list[Para] = []
    if bundle.samling.mellomarbeid:
        items = bundle.samling.mellomarbeid
        paras.append(
            Para(
                runs=[
                    Run(text=f"{word('mellomarbeid', bundle.malform)}: ", bold=True),
                    *inline_runs("; ".join(items)),
                ],
                bullet="none",
                size=18,
            )
        )
    return paras + caption_paras(slide.blocks, size=18)


def bottom_height(canvas: SlideCanvas, paras: Sequence[Para], box: Box, scale: float) -> int:
    """The room under the table: the measured height of `paras` at `scale` (0.4 in a
    paragraph at the least), but no more than a third of `box`, where they are shrunk."""
    if not paras:
        return 0
    needed = measure(paras, box.width, explicit_chain(18), canvas.deck.fonts, scale).height
    wanted = max(int(0.4 * INCH) * len(paras), int(needed) + BOTTOM_INSET + TABLE_GAP)
    return min(wanted, box.height // 3)


def split_agenda(
    canvas: SlideCanvas,
    rows: Sequence[AgendaRow],
    first_box: Box,
    later: int,
    bottom_paras: Sequence[Para],
    malform: Malform,
) -> tuple[list[list[AgendaRow]], float, int]:
    """The rows of each slide's table, the text's scale, and the room under the last table.

    One slide when every row and the mellomarbeid line (`bottom_paras`) fit at
    READABLE_SCALE or larger; otherwise the rows go over as many slides as needed at that
    scale, the header on each, and the last slide keeps room for the mellomarbeid line.
    `first_box` is the room under the main theme on the first slide, `later` the table's
    height on the continuation slides.
    """
    fonts = canvas.deck.fonts
    first, width = first_box.height, first_box.width
    cells = [_header(malform), *([[row.times_para()], row.topic] for row in rows)]
    scale = 1.0
    while scale >= READABLE_SCALE:
        heights = _row_heights(cells, width, fonts, scale, int(0.01 * INCH))
        bottom = bottom_height(canvas, bottom_paras, first_box, scale)
        if sum(heights) <= first - bottom:
            return [list(rows)], scale, bottom
        scale = round(scale - 0.05, 3)
    scale = READABLE_SCALE
    bottom = bottom_height(canvas, bottom_paras, first_box, scale)
    heights = _row_heights(cells, width, fonts, scale, int(0.01 * INCH))
    header_h, row_hs = heights[0], heights[1:]
    pages: list[list[AgendaRow]] = [[]]
    used = header_h
    for row, height in zip(rows, row_hs, strict=True):
        room = first if len(pages) == 1 else later
        if pages[-1] and used + height > room:
            pages.append([])
            used = header_h
        pages[-1].append(row)
        used += height
    # The last slide also holds the mellomarbeid line: move its last rows on when it does not.
    room = first if len(pages) == 1 else later
    moved: list[AgendaRow] = []
    while len(pages[-1]) > 1 and used + bottom > room:
        row = pages[-1].pop()
        used -= row_hs[list(rows).index(row)]
        moved.insert(0, row)
    if moved:
        pages.append(moved)
    return pages, scale, bottom


CELL_MARGIN_X = int(0.12 * INCH)
CELL_MARGIN_Y = int(0.045 * INCH)
SMALLEST_SCALE = 0.6
# Below this scale (14 pt for the table's 20 pt, the deck's smallest body text) the table goes
# on over a continuation slide.
READABLE_SCALE = 0.7
TABLE_GAP = int(0.05 * INCH)
BOTTOM_INSET = int(0.05 * INCH)
RULE = '<a:solidFill><a:srgbClr val="C9D3DC"/></a:solidFill>'


@dataclass
class AgendaRow:
    """One block shown on the slide: its clock times, its topic cell, and whether it is a break."""

    times: str
    topic: list[Para]
    is_break: bool

    def times_para(self) -> Para:
        return Para.of(self.times, bullet="none", size=20, bold=not self.is_break)


def _header(malform: Malform) -> list[list[Para]]:
    return [
        [Para.of(word("time", malform), bullet="none", bold=True, size=20, colour="bg1")],
        [Para.of(word("topic", malform), bullet="none", bold=True, size=20, colour="bg1")],
    ]


def agenda_table(
    canvas: SlideCanvas,
    rows: Sequence[AgendaRow],
    box: Box,
    malform: Malform,
    scale: float = 1.0,
) -> list[int]:
    """The programme's `rows` (see agenda_rows) as a two-column table, clock time and topic,
    fitted to `box` at `scale` or smaller; returns the rows' heights, header first."""
    header = _header(malform)
    cells = [header, *([[row.times_para()], row.topic] for row in rows)]
    time_w, heights, scale = fit_agenda(canvas, cells, box, scale)
    draw_agenda(canvas, header, rows, box, time_w, heights, scale)
    return heights


def agenda_rows(blocks: Sequence[AgendaBlock], malform: Malform) -> list[AgendaRow]:
    """The shown blocks as rows, each running on to the next shown block (see agenda_table)."""
    rows: list[AgendaRow] = []
    shown = [b for b in blocks if b.on_agenda_slide]
    for index, block in enumerate(shown):
        is_break = block.kind in ("pause", "lunsj")
        title = block.title or word(block.kind, malform)
        runs = [Run(text=plain_text(title), bold=not is_break)]
        if block.topics:
            runs.append(Run(text=" – " + " · ".join(plain_text(t) for t in block.topics)))
        start = block.start.strftime("%H:%M")
        later = [b for b in blocks if b.start >= block.end]
        following = shown[index + 1] if index + 1 < len(shown) else None
        if following is not None:
            end_time = following.start
        else:
            end_time = max([block.end, *(b.end for b in later)])
        end = end_time.strftime("%H:%M")
        topic = [Para(runs=runs, bullet="none", size=20)]
        rows.append(AgendaRow(f"{start} – {end}", topic, is_break))
    return rows


def fit_agenda(
    canvas: SlideCanvas, cells: Sequence[list[list[Para]]], box: Box, start: float = 1.0
) -> tuple[int, list[int], float]:
    """The time column's width, the rows' heights and the text's scale for the table in `box`.

    `cells` are the rows' two cells, header first. The scale is the largest, from `start`
    down to 0.6, at which every row fits; if none does, 0.6, with a warning. Spare room is
    spread over the rows, up to a comfortable height.
    """
    fonts = canvas.deck.fonts
    scale = start
    fits = False
    while scale >= SMALLEST_SCALE:
        heights = _row_heights(cells, box.width, fonts, scale, int(0.01 * INCH))
        if sum(heights) <= box.height:
            fits = True
            break
        scale = round(scale - 0.05, 3)
    if not fits:
        scale = SMALLEST_SCALE
        heights = _row_heights(cells, box.width, fonts, scale, 0)
    warn_unfit(canvas, fits, "the agenda", 12)
    spare = box.height - sum(heights)
    if spare > 0:
        extra = min(spare // len(heights), int(0.25 * INCH))
        heights = [h + extra for h in heights]
    return _time_width(fonts, scale), heights, scale


def _time_width(fonts: Fonts, scale: float) -> int:
    """The time column: the widest clock range at `scale`, its margins, and a little air."""
    text_w = fonts.metrics("+mn-lt").text_width("00:00 – 00:00", scaled_size(20, scale))
    return emu_from_pt(text_w) + 2 * CELL_MARGIN_X + int(0.15 * INCH)


def _row_heights(
    cells: Sequence[list[list[Para]]], width: int, fonts: Fonts, scale: float, slack: int
) -> list[int]:
    """Each row's height in a table `width` wide: the taller of its two cells' wrapped text
    at `scale` (the time column's width, the topic column's the rest), margins, and `slack`."""
    chain = explicit_chain(20)
    time_w = _time_width(fonts, scale)
    widths = (time_w, width - time_w)
    return [
        max(
            int(measure(paras, w - 2 * CELL_MARGIN_X, chain, fonts, scale).height)
            for paras, w in zip(row, widths, strict=True)
        )
        + 2 * CELL_MARGIN_Y
        + slack
        for row in cells
    ]


def draw_agenda(
    canvas: SlideCanvas,
    header: list[list[Para]],
    rows: Sequence[AgendaRow],
    box: Box,
    time_w: int,
    heights: Sequence[int],
    scale: float,
) -> None:
    """The table as a native PowerPoint table: a dark header, breaks shaded, rules between."""
    frame = canvas.slide.shapes.add_table(
        len(rows) + 1, 2, Emu(box.left), Emu(box.top), Emu(box.width), Emu(sum(heights))
    )
    frame.name = word("shape_table", canvas.deck.malform)
    c_nv_pr = frame._element.find(f"./{qn('p:nvGraphicFramePr')}/{qn('p:cNvPr')}")
    c_nv_pr.set("descr", "; ".join(f"{row.times} {plain_text(row.topic[0].text)}" for row in rows))
    table = frame.table
    tbl_pr = table._tbl.tblPr
    assert tbl_pr is not None
    for child in list(tbl_pr):
        tbl_pr.remove(child)
    tbl_pr.set("firstRow", "1")
    tbl_pr.set("bandRow", "0")
    table.columns[0].width = Emu(time_w)
    table.columns[1].width = Emu(box.width - time_w)
    for r, height in enumerate(heights):
        table.rows[r].height = Emu(height)
    # Each table row: its two cells' paragraphs, its fill, and its text's colour: whichever
    # of the template's text colours reads better on that fill (a dark template maps bg2 to a
    # light colour and tx1 to white, which is unreadable on it).
    text_on = canvas.deck.text_on
    table_rows: list[tuple[list[list[Para]], str, str]] = [(header, "tx2", text_on("tx2"))]
    for row in rows:
        times = [row.times_para()]
        fill = "bg2" if row.is_break else "bg1"
        table_rows.append(([times, row.topic], fill, text_on(fill)))
    chain = explicit_chain(20)
    for r, (cells, fill, text_colour) in enumerate(table_rows):
        for c, paras in enumerate(cells):
            tc = table.cell(r, c)._tc
            for para in paras:
                if para.colour is None or r == 0:
                    para.colour = text_colour
            set_paragraphs(tc.get_or_add_txBody(), paras, canvas.deck.lang, scale, chain)
            _style_cell(tc.get_or_add_tcPr(), fill, rule_below=r > 0)


def _style_cell(tc_pr: etree._Element, fill: str, rule_below: bool) -> None:
    """A cell's margins, centred text, fill, and a thin rule under it (none for the header)."""
    for child in list(tc_pr):
        tc_pr.remove(child)
    for name, value in (
        ("marL", CELL_MARGIN_X),
        ("marR", CELL_MARGIN_X),
        ("marT", CELL_MARGIN_Y),
        ("marB", CELL_MARGIN_Y),
    ):
        tc_pr.set(name, str(value))
    tc_pr.set("anchor", "ctr")
    for edge in ("lnL", "lnR", "lnT", "lnB"):
        if edge == "lnB" and rule_below:
            width = emu_from_pt(0.75)
            tc_pr.append(parse_xml(f'<a:{edge} {NSDECL} w="{width}">{RULE}</a:{edge}>'))
        else:
            tc_pr.append(parse_xml(f'<a:{edge} {NSDECL} w="0"><a:noFill/></a:{edge}>'))
    tc_pr.append(parse_xml(f'<a:solidFill {NSDECL}><a:schemeClr val="{fill}"/></a:solidFill>'))
