"""The agenda slide: the main theme, the day's programme as a table, the work until the next."""

from __future__ import annotations

from collections.abc import Sequence

from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.util import Emu

from pipeline.model.inline import inline_runs, plain_text
from pipeline.model.types import AgendaBlock, Malform, Run, SamlingBundle, Slide
from pipeline.model.words import word
from pipeline.render.deck.blocks import caption_paras
from pipeline.render.deck.canvas import INCH, NSDECL, Deck, SlideCanvas
from pipeline.render.deck.diagrams.common import warn_unfit
from pipeline.render.deck.kinds.common import new_canvas, title_or
from pipeline.render.deck.layouts import Box
from pipeline.render.deck.text import Para, explicit_chain, measure, scaled_size, set_paragraphs


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
