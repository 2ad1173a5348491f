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
    agenda_table(canvas, bundle.samling.agenda, table_box, malform)
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


CELL_MARGIN_X = int(0.12 * INCH)
CELL_MARGIN_Y = int(0.045 * INCH)
SMALLEST_SCALE = 0.6
RULE = '<a:solidFill><a:srgbClr val="C9D3DC"/></a:solidFill>'


@dataclass
class AgendaRow:
    """One block shown on the slide: its clock times, its topic cell, and whether it is a break."""

    times: str
    topic: list[Para]
    is_break: bool


def agenda_table(
    canvas: SlideCanvas, blocks: Sequence[AgendaBlock], box: Box, malform: Malform
) -> None:
    """The day's programme: a two-column table, clock time and topic, fitted to `box`.

    `blocks` is the whole agenda. Blocks left off the slide (on_agenda_slide: false) are part of
    the shown block before them: its time runs on to the next shown block, as participants see
    the afternoon as one block while the run sheet splits it.
    """
    rows = agenda_rows(blocks, malform)
    header = [
        [Para.of(word("time", malform), bullet="none", bold=True, size=20, colour="bg1")],
        [Para.of(word("topic", malform), bullet="none", bold=True, size=20, colour="bg1")],
    ]
    time_w, heights, scale = fit_agenda(canvas, [header[1], *(row.topic for row in rows)], box)
    draw_agenda(canvas, header, rows, box, time_w, heights, scale)


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
    canvas: SlideCanvas, cells: Sequence[list[Para]], box: Box
) -> tuple[int, list[int], float]:
    """The time column's width, the rows' heights and the text's scale for the table in `box`.

    `cells` are the topic column's, header first. The scale is the largest, down to 0.6, at
    which every row fits; if none does, 0.6, with a warning. Spare room is spread over the
    rows, up to a comfortable height.
    """
    fonts = canvas.deck.fonts
    scale = 1.0
    fits = False
    while scale >= SMALLEST_SCALE:
        time_w = _time_width(fonts, scale)
        heights = _row_heights(cells, box.width - time_w, fonts, scale, int(0.01 * INCH))
        if sum(heights) <= box.height:
            fits = True
            break
        scale = round(scale - 0.05, 3)
    if not fits:
        scale = SMALLEST_SCALE
        time_w = _time_width(fonts, scale)
        heights = _row_heights(cells, box.width - time_w, fonts, scale, 0)
    warn_unfit(canvas, fits, "the agenda", 12)
    spare = box.height - sum(heights)
    if spare > 0:
        extra = min(spare // len(heights), int(0.25 * INCH))
        heights = [h + extra for h in heights]
    return time_w, heights, scale


def _time_width(fonts: Fonts, scale: float) -> int:
    """The time column: the widest clock range at `scale`, its margins, and a little air."""
    text_w = fonts.metrics("+mn-lt").text_width("00:00 – 00:00", scaled_size(20, scale))
    return emu_from_pt(text_w) + 2 * CELL_MARGIN_X + int(0.15 * INCH)


def _row_heights(
    cells: Sequence[list[Para]], width: int, fonts: Fonts, scale: float, slack: int
) -> list[int]:
    """Each row's height: its topic cell's text in `width` at `scale`, margins, and `slack`."""
    chain = explicit_chain(20)
    return [
        int(measure(paras, width - 2 * CELL_MARGIN_X, chain, fonts, scale).height)
        + 2 * CELL_MARGIN_Y
        + slack
        for paras in cells
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
    # Each table row: its two cells' paragraphs, its fill, and its text's colour.
    table_rows: list[tuple[list[list[Para]], str, str]] = [(header, "tx2", "bg1")]
    for row in rows:
        times = [Para.of(row.times, bullet="none", size=20, bold=not row.is_break)]
        table_rows.append(([times, row.topic], "bg2" if row.is_break else "bg1", "tx1"))
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
