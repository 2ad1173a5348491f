"""The facilitator guide (.docx): the day in clock time, what to say, how to run each exercise.

Everything is computed from the content, so it always matches the deck:
- the run sheet has a row per agenda block, per talk between exercises, per exercise and per
  exercise step, with clock times from the agenda and the steps' minutes;
- inside a block, the exercises sit where their slides sit; the minutes the exercises leave
  free go to the talks before, between and after them, in proportion to their slide counts;
- speaker notes become "purpose and key messages", slide by slide;
- worksheet copies are counted from the participants and the network groups in program.yaml.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx.shared import Pt, RGBColor

from pipeline.errors import Diagnostic
from pipeline.model.clock import hhmm, minutes_of
from pipeline.model.plan import BREAK_KINDS, BlockPlan, Segment
from pipeline.model.types import SamlingBundle, Slide, clock, norwegian_date
from pipeline.model.words import word
from pipeline.render.deck.keys import notes_bookmark, slide_keys
from pipeline.render.glyphs import bundle_texts, family_warnings
from pipeline.render.guide.base import NotesBookmarks, TalkItem
from pipeline.render.guide.checklists import ChecklistWriter
from pipeline.render.guide.exercise import ExerciseWriter
from pipeline.render.guide.text import block_title, mode_name
from pipeline.render.word.document import clear_body, finish_docx, load_template
from pipeline.render.word.paragraphs import (
    add_bookmark,
    add_hyperlink,
    add_picture,
    add_rich_text,
    cm,
    number_bookmarks,
    plain,
    set_keep_with_next,
    set_style,
    tint,
)
from pipeline.render.word.styles import Styles, normal_font
from pipeline.render.word.tables import (
    cell_text,
    fit_to_cell,
    new_table,
    set_cant_split,
    set_cell_shading,
    set_table_borders,
    set_table_cell_margins,
    set_table_description,
)


class GuideWriter(ExerciseWriter, ChecklistWriter):
    """The whole guide: cover, run sheet, a section per block, checklists and sources."""

    def cover(self) -> None:
        bundle, info, malform = self.bundle, self.bundle.info, self.malform
        logo = bundle.program.branding.logo_path
        if logo is not None and logo.is_file() and logo.suffix.lower() in (".png", ".jpg", ".jpeg"):
            paragraph = self.para()
            add_picture(
                paragraph, logo.read_bytes(), cm(4.0), alt=f"Logo: {bundle.program.kommune}"
            )
        kicker = self.para(f"{bundle.program.kommune} · {self.t('guide_title')}".upper(), "Meta")
        for run in kicker.runs:
            run.font.color.rgb = RGBColor.from_string(self.primary)
            run.font.size = Pt(11)
            run.bold = True
            run.italic = False
        set_spacing_after(kicker, 18)
        self.para(bundle.program.title, "Title")
        self.para(f"{self.t('samling')} {info.number}: {info.theme}", "Subtitle")
        facts = [
            (word("date", malform), norwegian_date(info.date)),
            (word("time", malform), self.day_span()),
            (word("place", malform), info.place),
        ]
        if bundle.program.facilitators:
            facts.append((self.t("facilitators"), ", ".join(bundle.program.facilitators)))
        groups = len(bundle.program.network_groups)
        participants = str(bundle.program.participants)
        if groups:
            participants += f" · {groups} {self.t('network_groups').lower()}"
        facts.append((self.t("participants"), participants))
        if bundle.next_samling is not None:
            nxt = bundle.next_samling
            facts.append(
                (word("next_samling", malform), f"{norwegian_date(nxt.date)} · {nxt.theme}")
            )
        self.fragments.write("cover", facts, lambda: self.cover_table(facts))
        self.goals()

    def cover_table(self, facts: list[tuple[str, str]]) -> None:
        table = new_table(self.doc, len(facts), self.widths([1, 3.4]))
        set_table_borders(table, colour="C8D3DC", vertical=False)
        set_table_cell_margins(table, top=70, bottom=70, left=0, right=85)
        set_table_description(table, self.t("guide_title"), ", ".join(k for k, _ in facts))
        for row, (key, value) in zip(table.rows, facts, strict=True):
            for cell, content, bold in ((row.cells[0], key, True), (row.cells[1], value, False)):
                paragraph = cell_text(cell, content, self.styles["Normal"], bold=bold)
                paragraph.paragraph_format.space_after = Pt(0)

    def day_span(self) -> str:
        info = self.bundle.info
        agenda = self.bundle.samling.agenda
        start = info.start or (agenda[0].start if agenda else None)
        end = info.end or (agenda[-1].end if agenda else None)
        if start is None or end is None:
            return ""
        return f"{clock(start)}–{clock(end)}"

    def goals(self) -> None:
        self.heading(word("goals", self.malform), 1).paragraph_format.space_before = Pt(30)
        if self.bundle.samling.goals:
            self.lists.bullets(self.doc, self.bundle.samling.goals)

    def run_sheet(self) -> None:
        malform = self.malform
        self.heading(self.t("run_sheet"), 1, new_page=True)
        columns = [
            word("time", malform),
            word("minutes", malform).capitalize(),
            self.t("activity"),
            self.t("method"),
            self.t("lead"),
            word("materials", malform),
            self.t("slides"),
        ]
        rows = self.run_sheet_rows()
        self.fragments.write(
            "run_sheet", [columns, rows], lambda: self.run_sheet_table(columns, rows)
        )

    def run_sheet_table(self, columns: list[str], rows: list[tuple[str, list[str]]]) -> None:
        table = self.grid_table(
            len(rows),
            [2.05, 0.85, 5.2, 2.5, 1.7, 3.1, 1.6],
            self.t("run_sheet"),
            columns,
            f"{self.t('run_sheet')}: " + ", ".join(columns),
            values=[values for _, values in rows],
            fill=False,
        )
        fills = {"block": tint(self.primary, 0.85), "break": "EEF0F2"}
        for row, (kind, values) in zip(table.rows[1:], rows, strict=True):
            set_cant_split(row)
            for index, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
                self.run_sheet_cell(cell, kind, index, value)
                if kind in fills:
                    set_cell_shading(cell, fills[kind])

    def run_sheet_rows(self) -> list[tuple[str, list[str]]]:
        """(kind, values) per row: a block or break, then its talks, exercises and steps."""
        malform = self.malform
        rows: list[tuple[str, list[str]]] = []
        for plan in self.plans:
            block = plan.block
            kind = "break" if block.kind in BREAK_KINDS else "block"
            activity = block_title(block, malform)
            if block.topics:
                activity += "\n" + "\n".join(f"– {t}" for t in block.topics)
            rows.append(
                (
                    kind,
                    [
                        f"{clock(block.start)}–{clock(block.end)}",
                        str(block.minutes),
                        activity,
                        word(block.kind, malform) if block.kind not in BREAK_KINDS else "",
                        block.lead,
                        ", ".join(block.materials),
                        self.slides_text(plan.slides),
                    ],
                )
            )
            for segment in plan.segments:
                rows.extend(self.segment_rows(segment))
        return rows

    def run_sheet_cell(self, cell: Any, kind: str, index: int, value: str) -> None:
        """One cell: a block's time and title in bold, steps indented, breaks in italics."""
        strong = kind == "block" and index in (0, 1, 2)
        style = self.styles["Table Heading" if strong else "Table Text"]
        lines = value.split("\n")
        paragraph = cell_text(cell, lines[0], style, fit=False)
        paragraphs = [paragraph]
        for extra in lines[1:]:
            more = set_style(cell.add_paragraph(), self.styles["Table Text"])
            add_rich_text(more, extra)
            paragraphs.append(more)
        indent = 0.0
        if kind in ("step", "round") and index == 2:
            indent = 10.0
            paragraph.paragraph_format.left_indent = Pt(indent)
        if kind == "exercise" and index == 2:
            for run in paragraph.runs:
                run.bold = True
        if kind == "break":
            for run in paragraph.runs:
                run.italic = True
        # Fitted as they finally look (bold, indented), so no word breaks inside.
        fit_to_cell(cell, paragraph, style, indent)
        for more in paragraphs[1:]:
            fit_to_cell(cell, more, self.styles["Table Text"])

    def segment_rows(self, segment: Segment) -> list[tuple[str, list[str]]]:
        malform = self.malform
        span = f"{hhmm(segment.start)}–{hhmm(segment.end)}"
        slides = self.slides_text(segment.slides)
        if segment.kind == "talk":
            if segment.minutes <= 0:
                return []
            return [
                (
                    "talk",
                    [
                        span,
                        str(segment.minutes),
                        f"{self.t('talk')}: {self.talk_title(segment)}",
                        "",
                        "",
                        "",
                        slides,
                    ],
                )
            ]
        if segment.kind == "buffer":
            return [("talk", [span, str(segment.minutes), self.t("buffer"), "", "", "", ""])]
        exercise = segment.exercise
        assert exercise is not None
        method = word(f"m_{exercise.method}", malform)
        if exercise.group_size:
            method += f", {exercise.group_size}"
        rows = [
            (
                "exercise",
                [
                    span,
                    str(exercise.total_minutes),
                    f"{self.t('exercise')}: {exercise.title}",
                    method,
                    "",
                    ", ".join(exercise.materials),
                    slides,
                ],
            )
        ]
        for step in segment.steps:
            rows.append(
                (
                    "step",
                    [
                        f"{hhmm(step.start)}–{hhmm(step.end)}",
                        str(step.minutes),
                        step.text,
                        mode_name(step.mode, malform),
                        "",
                        "",
                        "",
                    ],
                )
            )
        total_rounds = len(segment.rounds)
        for number, start, end in segment.rounds[1:]:
            activity = f"{self.t('round')} {number} {self.t('of')} {total_rounds}"
            if exercise.rotate_roles:
                activity += f" – {self.t('switch_roles')}"
            steps = " + ".join(f"{s.minutes}" for s in exercise.steps)
            activity += f" ({steps} {word('minutes', malform)})"
            rows.append(
                (
                    "round",
                    [
                        f"{hhmm(start)}–{hhmm(end)}",
                        str(exercise.minutes_per_round),
                        activity,
                        "",
                        "",
                        "",
                        "",
                    ],
                )
            )
        return rows

    def talk_title(self, segment: Segment) -> str:
        slides = [s for s, _ in segment.slide_objects]
        sections = [s.title for s in slides if s.kind == "section" and s.title]
        titles = sections or [
            s.title for s in slides if s.title and s.kind not in ("title", "agenda", "frame")
        ]
        if not titles:
            titles = [s.title or self.slide_kind_title(s) for s in slides[:1]]
        shown = [plain(t) for t in titles[:2]]
        more = "…" if len(titles) > 2 else ""
        return " · ".join(shown) + more

    def blocks(self) -> None:
        for plan in self.plans:
            if plan.block.kind in BREAK_KINDS:
                continue
            self.block_section(plan)

    def block_section(self, plan: BlockPlan) -> None:
        block, malform = plan.block, self.malform
        title = f"{clock(block.start)}–{clock(block.end)} · {block_title(block, malform)}"
        meta = [f"{block.minutes} {word('minutes', malform)}"]
        if block.lead:
            meta.append(f"{self.t('lead')}: {block.lead}")
        if plan.slides:
            meta.append(f"{self.t('slides')} {self.slides_text(plan.slides)}")
        topics = list(block.topics)
        materials = (
            f"**{word('materials', malform)}:** {', '.join(block.materials)}"
            if block.materials
            else ""
        )
        self.fragments.write(
            "block",
            [title, meta, topics, materials],
            lambda: self.block_head(title, " · ".join(meta), topics, materials),
        )
        segments = plan.segments
        if not segments:
            block_slides = [
                (s, n)
                for s, n in zip(self.bundle.slides, self.numbers, strict=True)
                if s.block_id == block.id
            ]
            segments = [
                Segment(
                    "talk",
                    minutes_of(block.start),
                    minutes_of(block.end),
                    plan.slides,
                    block_slides,
                )
            ]
        for segment in segments:
            span = (
                f"{hhmm(segment.start)}–{hhmm(segment.end)}"
                if segment.minutes
                else hhmm(segment.start)
            )
            if segment.kind == "talk" and segment.slide_objects:
                self.talk(f"{span} · {self.t('purpose')}", segment)
            elif segment.kind == "exercise" and segment.exercise is not None:
                self.exercise(segment, span)

    def block_head(self, title: str, meta: str, topics: list[str], materials: str) -> None:
        """The block's heading on a new page, its minutes, lead and slides, its topics and
        its materials."""
        self.heading(title, 1, new_page=True)
        self.para(meta, "Meta")
        if topics:
            self.lists.bullets(self.doc, topics)
        if materials:
            self.para(materials)

    def talk(self, heading: str, segment: Segment) -> None:
        """The talk's heading, then each of its slides with its notes: one piece, kept by
        its values (`fragments`) with the bookmark counts of its slides carried, unless a
        poll's link makes it write a relationship."""
        items = self.talk_items(segment)
        carry = NotesBookmarks(self.bookmarks, [item.key for item in items])

        def write() -> None:
            self.heading(heading, 2)
            self.write_talk(items)

        self.fragments.write("talk", [heading, items], write, carry)

    def talk_items(self, segment: Segment) -> list[TalkItem]:
        """What the talk shows of each slide, in order: everything its writing reads."""
        items = []
        for slide, nums in segment.slide_objects:
            if slide.kind == "frame" and self.bundle.program.frame_slides:
                frames = self.bundle.program.frame_slides
                keys = [self.key_of(slide, index) for index in range(len(frames))]
                for frame, number, key in zip(
                    frames, nums or [0] * len(frames), keys, strict=False
                ):
                    items.append(TalkItem(True, number, frame.title, frame.notes, key))
                if slide.notes.strip():  # every frame slide shows them: the first one's key
                    items.append(TalkItem(False, 0, "", slide.notes, keys[0]))
                continue
            title = slide.title or self.slide_kind_title(slide)
            poll = slide.poll
            items.append(
                TalkItem(
                    True,
                    nums[0] if nums else 0,
                    title,
                    slide.notes,
                    self.key_of(slide),
                    poll.title if poll is not None else None,
                    poll.url if poll is not None else None,
                )
            )
        return items

    def write_talk(self, items: list[TalkItem]) -> None:
        for item in items:
            if item.heading:
                self.slide_note(item)
            else:
                self.notes(item.notes, item.key)

    def key_of(self, slide: Slide, frame: int | None = None) -> str:
        """The slide's stable key, as the deck stores it (`pipeline.render.deck.keys`)."""
        if not self.keys:
            self.keys = {(id(s), index): key for key, s, index in slide_keys(self.bundle)}
        return self.keys.get((id(slide), frame), "")

    def slide_note(self, item: TalkItem) -> None:
        head = self.para(style="Normal")
        prefix = f"{self.t('slide_cap')} {item.number}" if item.number else ""
        if prefix:
            run = head.add_run(prefix + " · ")
            run.font.color.rgb = RGBColor.from_string("56626C")
        add_rich_text(head, plain(item.title), bold=True)
        head.paragraph_format.space_after = Pt(2)
        head.paragraph_format.space_before = Pt(6)
        set_keep_with_next(head)
        if item.poll_url is not None:
            poll_line = self.para(style="Speaker Notes")
            poll_line.add_run(f"{item.poll_title}: ")
            add_hyperlink(poll_line, item.poll_url, colour=self.link_colour)
        self.notes(item.notes, item.key)

    def notes(self, notes: str, key: str = "") -> None:
        """Speaker notes, one paragraph per line; '- ' lines become bullets. Each paragraph
        is bookmarked with the slide's key, so `samling pull` carries edits back."""
        paragraphs = [p.strip() for p in notes.replace("\r", "").split("\n") if p.strip()]
        for index, value in enumerate(paragraphs):
            paragraph = self.para(style="Speaker Notes")
            if value.startswith(("- ", "* ", "• ")):
                paragraph.add_run("• ")
                value = value[2:]
            add_rich_text(paragraph, value)
            if key:
                self.bookmarks[key] = self.bookmarks.get(key, 0) + 1
                # Numbered when the guide is finished (`number_bookmarks`), so a piece's
                # XML does not depend on how many notes came before it.
                add_bookmark(paragraph, notes_bookmark(key, self.bookmarks[key] - 1), 0)
            if index < len(paragraphs) - 1:
                paragraph.paragraph_format.space_after = Pt(3)


def set_spacing_after(paragraph: Any, points: float) -> None:
    paragraph.paragraph_format.space_after = Pt(points)


def render_guide(bundle: SamlingBundle, template: Path) -> tuple[bytes, list[Diagnostic]]:
    """The facilitator guide as .docx bytes, and any warnings about the template."""
    template_warnings: list[Diagnostic] = []
    doc = load_template(template, template_warnings)
    clear_body(doc)
    styles = Styles(doc, "guide", template)
    writer = GuideWriter(bundle, doc, styles)
    writer.cover()
    writer.run_sheet()
    writer.blocks()
    writer.checklists()
    writer.references()

    malform = bundle.malform
    short_title = word("guide_title", malform)
    title = (
        f"{short_title} – {bundle.program.title}, {word('samling', malform).lower()} "
        f"{bundle.info.number}: {bundle.info.theme}"
    )
    keyword = f"{word('samling', malform).lower()} {bundle.info.number}"
    number_bookmarks(doc.element.body)
    data = finish_docx(doc, bundle, short_title, title, keyword)
    glyphs = family_warnings(bundle_texts(bundle), normal_font(doc)[0])
    return data, [*template_warnings, *styles.diagnostics(), *writer.diagnostics, *glyphs]
