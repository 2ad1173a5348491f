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

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.shared import Pt, RGBColor

from pipeline.errors import Diagnostic
from pipeline.model.types import (
    AgendaBlock,
    Exercise,
    Malform,
    Quote,
    SamlingBundle,
    Slide,
    clock,
    norwegian_date,
)
from pipeline.model.words import word
from pipeline.render.docx_common import (
    DocxDocument,
    ListWriter,
    Styles,
    add_hyperlink,
    add_picture,
    add_rich_text,
    cell_text,
    clear_body,
    cm,
    content_width,
    contrast,
    finish_docx,
    format_numbers,
    header_cells,
    hhmm,
    keep_table_together,
    load_template,
    minutes_of,
    new_table,
    norwegian_sort_key,
    per_slide_numbers,
    plain,
    set_cant_split,
    set_cell_shading,
    set_keep_with_next,
    set_page_break_before,
    set_style,
    set_table_borders,
    set_table_cell_margins,
    set_table_description,
    tint,
)

BREAK_KINDS = ("pause", "lunsj")
GROUP_METHODS = ("igp", "rollespel", "diamant", "gallerivandring", "plenum")
POSTIT_METHODS = ("igp", "diamant", "gallerivandring")


# --------------------------------------------------------------------------- the schedule


@dataclass
class StepTime:
    text: str
    mode: str
    minutes: int
    start: int
    end: int


@dataclass
class Segment:
    """A stretch of a block: a talk (slides shown) or an exercise."""

    kind: str  # "talk", "exercise" or "buffer"
    start: int
    end: int
    slides: list[int] = field(default_factory=list)
    slide_objects: list[tuple[Slide, list[int]]] = field(default_factory=list)
    exercise: Exercise | None = None
    steps: list[StepTime] = field(default_factory=list)
    rounds: list[tuple[int, int, int]] = field(default_factory=list)  # (n, start, end)

    @property
    def minutes(self) -> int:
        return self.end - self.start


@dataclass
class BlockPlan:
    block: AgendaBlock
    slides: list[int]
    segments: list[Segment]


def _exercise_of(slide: Slide, exercises: list[Exercise]) -> Exercise | None:
    """The exercise a slide presents: an .exercise slide, a slide with exercise=ID, or a
    poll/word-cloud slide whose ref= names an exercise of the same id."""
    if slide.kind == "exercise":
        wanted = slide.exercise.id if slide.exercise is not None else slide.attrs.get("ref", "")
    elif "exercise" in slide.attrs:
        wanted = slide.attrs["exercise"]
    elif slide.kind in ("poll", "wordcloud"):
        wanted = slide.attrs.get("ref", "")
    else:
        return None
    return next((e for e in exercises if e.id == wanted), None)


def _share(total: int, weights: list[int]) -> list[int]:
    """Split `total` minutes by weight, in whole minutes, largest remainder first."""
    if total <= 0 or not weights or sum(weights) == 0:
        return [0] * len(weights)
    exact = [total * w / sum(weights) for w in weights]
    shares = [math.floor(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


def plan_day(
    bundle: SamlingBundle, slide_numbers: dict[str, list[int]] | None = None
) -> list[BlockPlan]:
    """Every agenda block split into talks and exercises with clock times."""
    numbers = per_slide_numbers(bundle, slide_numbers)
    plans: list[BlockPlan] = []
    for block in bundle.samling.agenda:
        block_exercises = [e for e in bundle.exercises if e.block == block.id]
        items: list[tuple[str, Any, list[tuple[Slide, list[int]]]]] = []
        placed: set[str] = set()
        block_numbers: list[int] = []
        for slide, nums in zip(bundle.slides, numbers, strict=True):
            if slide.block_id != block.id:
                continue
            block_numbers.extend(nums)
            exercise = _exercise_of(slide, block_exercises)
            if exercise is not None and exercise.id not in placed:
                placed.add(exercise.id)
                items.append(("exercise", exercise, [(slide, nums)]))
            elif items and items[-1][0] == "talk":
                items[-1][2].append((slide, nums))
            else:
                items.append(("talk", None, [(slide, nums)]))
        for exercise in block_exercises:
            if exercise.id not in placed:
                items.append(("exercise", exercise, []))
        start = minutes_of(block.start)
        if block.kind in BREAK_KINDS or not block_exercises:
            plans.append(BlockPlan(block, block_numbers, []))
            continue
        busy = sum(e.total_minutes for e in block_exercises)
        free = max(0, block.minutes - busy)
        talks = [i for i, item in enumerate(items) if item[0] == "talk"]
        weights = [sum(len(n) or 1 for _, n in items[i][2]) for i in talks]
        shares = dict(zip(talks, _share(free, weights), strict=True))
        segments: list[Segment] = []
        now = start
        for index, (kind, exercise, slides) in enumerate(items):
            slide_nums = [n for _, nums in slides for n in nums]
            if kind == "talk":
                minutes = shares.get(index, 0)
                segments.append(Segment("talk", now, now + minutes, slide_nums, slides))
                now += minutes
                continue
            assert exercise is not None
            segment = Segment(
                "exercise", now, now + exercise.total_minutes, slide_nums, slides, exercise
            )
            step_start = now
            for step in exercise.steps:
                segment.steps.append(
                    StepTime(
                        step.text, step.mode, step.minutes, step_start, step_start + step.minutes
                    )
                )
                step_start += step.minutes
            for round_number in range(1, exercise.effective_rounds + 1):
                round_start = now + (round_number - 1) * exercise.minutes_per_round
                segment.rounds.append(
                    (round_number, round_start, round_start + exercise.minutes_per_round)
                )
            segments.append(segment)
            now += exercise.total_minutes
        if not talks and free > 0:
            segments.append(Segment("buffer", now, now + free))
        plans.append(BlockPlan(block, block_numbers, segments))
    return plans


def exercises_in_day_order(bundle: SamlingBundle) -> list[Exercise]:
    """Every exercise in the order it is run: by block, then by its slide in the block."""
    ordered: list[Exercise] = []
    for plan in plan_day(bundle):
        for segment in plan.segments:
            if segment.exercise is not None and segment.exercise not in ordered:
                ordered.append(segment.exercise)
    ordered += [e for e in bundle.exercises if e not in ordered]
    return ordered


# --------------------------------------------------------------------------- wording


def block_title(block: AgendaBlock, malform: Malform) -> str:
    return block.title or word(block.kind, malform)


def method_name(exercise: Exercise, malform: Malform) -> str:
    name = word(f"m_{exercise.method}", malform)
    if exercise.method == "igp":
        name += f" ({word('method_igp', malform)})"
    return name


def mode_name(mode: str, malform: Malform) -> str:
    return word(mode, malform)


def group_count(bundle: SamlingBundle, exercise: Exercise | None = None) -> int:
    groups = len(bundle.program.network_groups)
    if groups:
        return groups
    size = (exercise.group_size if exercise and exercise.group_size else None) or 6
    return max(1, math.ceil(bundle.program.participants / size))


@dataclass
class Copies:
    count: int
    spare: int
    per_group: bool

    @property
    def total(self) -> int:
        return self.count + self.spare


def worksheet_copies(bundle: SamlingBundle, exercise: Exercise) -> Copies:
    """Copies to print: one per group for the diamond, else one per participant; 10 % spare."""
    if exercise.worksheet is not None and exercise.worksheet.layout == "diamond":
        count = group_count(bundle, exercise)
        return Copies(count, 1, True)
    count = bundle.program.participants
    return Copies(count, max(1, math.ceil(count * 0.1)), False)


def copies_text(bundle: SamlingBundle, copies: Copies) -> str:
    malform = bundle.malform
    basis = word("per_group" if copies.per_group else "per_participant", malform)
    return (
        f"{copies.total} {word('copies', malform)} ({copies.count}, {basis}, "
        f"+ {copies.spare} {word('reserve', malform)})"
    )


def exercise_minutes_text(exercise: Exercise, malform: Malform) -> str:
    unit = word("minutes", malform)
    parts = " + ".join(str(s.minutes) for s in exercise.steps)
    if exercise.effective_rounds > 1:
        return (
            f"{exercise.total_minutes} {unit}: {exercise.effective_rounds} × "
            f"{exercise.minutes_per_round} {unit} ({parts})"
        )
    if len(exercise.steps) > 1:
        return f"{exercise.total_minutes} {unit} ({parts})"
    return f"{exercise.total_minutes} {unit}"


def slide_quotes(bundle: SamlingBundle, numbers: list[list[int]]) -> list[tuple[str, list[int]]]:
    """Sources cited on slides (quote sources, source= settings), with their slide numbers."""
    found: dict[str, list[int]] = {}
    for slide, nums in zip(bundle.slides, numbers, strict=True):
        sources = []
        if slide.attrs.get("source"):
            sources.append(slide.attrs["source"])
        blocks = [*slide.blocks, *(b for c in slide.columns for b in c.blocks)]
        for body in blocks:
            if isinstance(body, Quote) and body.source:
                sources.append(body.source)
        for source in sources:
            found.setdefault(plain(source).strip().lstrip("-–— ").strip(), []).extend(nums)
    return sorted(found.items(), key=lambda item: norwegian_sort_key(item[0]))


def image_credits(bundle: SamlingBundle, numbers: list[list[int]]) -> list[tuple[str, list[int]]]:
    used: dict[str, list[int]] = {}
    for slide, nums in zip(bundle.slides, numbers, strict=True):
        blocks = [*slide.blocks, *(b for c in slide.columns for b in c.blocks)]
        for body in blocks:
            if body.kind == "image":
                used.setdefault(body.ref, []).extend(nums)
    lines: list[tuple[str, list[int]]] = []
    for key, image in bundle.samling.images.items():
        parts = [image.credit or image.file]
        if image.license:
            parts.append(image.license)
        if image.source_url:
            parts.append(image.source_url)
        line = ". ".join(p.rstrip(".") for p in parts) + "."
        lines.append((line, used.get(key, [])))
    return sorted(lines, key=lambda item: norwegian_sort_key(item[0]))


def _qr_png(url: str) -> bytes:
    try:
        from pipeline.render.qr import qr_png  # the deck's QR helper, when it exists
    except ImportError:
        import io

        import segno

        buffer = io.BytesIO()
        segno.make(url, error="m").save(buffer, kind="png", scale=8, border=2)
        return buffer.getvalue()
    return qr_png(url)


# --------------------------------------------------------------------------- the document


class GuideWriter:
    def __init__(
        self,
        bundle: SamlingBundle,
        doc: DocxDocument,
        styles: Styles,
        slide_numbers: dict[str, list[int]] | None,
    ) -> None:
        self.bundle = bundle
        self.doc = doc
        self.styles = styles
        self.malform: Malform = bundle.malform
        self.lists = ListWriter(doc, styles)
        self.numbers = per_slide_numbers(bundle, slide_numbers)
        self.plans = plan_day(bundle, slide_numbers)
        self.width = content_width(doc)
        self.primary = bundle.program.branding.primary.lstrip("#")
        # Links in the programme's colour when it reads well on white (AA), else dark blue.
        self.link_colour = self.primary if contrast(self.primary, "FFFFFF") >= 4.5 else "1F4E79"
        self.diagnostics: list[Diagnostic] = []

    # -- small helpers

    def t(self, key: str) -> str:
        return word(key, self.malform)

    def para(self, value: str = "", style: str = "Normal", bold: bool = False) -> Any:
        paragraph = set_style(self.doc.add_paragraph(), self.styles[style])
        if value:
            add_rich_text(paragraph, value, bold=bold or None)
        return paragraph

    def heading(self, value: str, level: int, new_page: bool = False) -> Any:
        paragraph = set_style(self.doc.add_paragraph(), self.styles[f"Heading {level}"])
        paragraph.add_run(plain(value))
        if new_page:
            set_page_break_before(paragraph)
        return paragraph

    def slides_text(self, numbers: list[int]) -> str:
        return format_numbers(numbers)

    def header_cells(self, table: Any, labels: list[str]) -> None:
        header_cells(table, labels, self.primary, self.styles["Table Heading"])

    def widths(self, fractions: list[float]) -> list[int]:
        total = sum(fractions)
        widths = [int(self.width * f / total) for f in fractions]
        widths[-1] += self.width - sum(widths)
        return widths

    # -- sections

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
        table = new_table(self.doc, len(facts), self.widths([1, 3.4]))
        set_table_borders(table, colour="C8D3DC", vertical=False)
        set_table_cell_margins(table, top=70, bottom=70, left=0, right=85)
        set_table_description(table, self.t("guide_title"), ", ".join(k for k, _ in facts))
        for row, (key, value) in zip(table.rows, facts, strict=True):
            for cell, content, bold in ((row.cells[0], key, True), (row.cells[1], value, False)):
                paragraph = cell_text(cell, content, self.styles["Normal"], bold=bold)
                paragraph.paragraph_format.space_after = Pt(0)
        self.goals()

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
                rows.extend(self.segment_rows(segment, block))
        table = new_table(
            self.doc, len(rows) + 1, self.widths([2.05, 0.85, 5.2, 2.5, 1.7, 3.1, 1.6])
        )
        set_table_borders(table, colour="A6B4C0")
        set_table_cell_margins(table, top=35, bottom=35, left=70, right=70)
        set_table_description(
            table,
            self.t("run_sheet"),
            f"{self.t('run_sheet')}: " + ", ".join(columns),
        )
        self.header_cells(table, columns)
        block_fill = tint(self.primary, 0.85)
        break_fill = "EEF0F2"
        for row, (kind, values) in zip(table.rows[1:], rows, strict=True):
            set_cant_split(row)
            for index, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
                strong = kind == "block" and index in (0, 1, 2)
                style = self.styles["Table Heading" if strong else "Table Text"]
                lines = value.split("\n")
                paragraph = cell_text(cell, lines[0], style)
                for extra in lines[1:]:
                    more = set_style(cell.add_paragraph(), self.styles["Table Text"])
                    add_rich_text(more, extra)
                if kind in ("step", "round") and index == 2:
                    paragraph.paragraph_format.left_indent = Pt(10)
                if kind == "exercise" and index == 2:
                    for run in paragraph.runs:
                        run.bold = True
                if kind == "block":
                    set_cell_shading(cell, block_fill)
                elif kind == "break":
                    set_cell_shading(cell, break_fill)
                    for run in paragraph.runs:
                        run.italic = True

    def segment_rows(self, segment: Segment, block: AgendaBlock) -> list[tuple[str, list[str]]]:
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
        self.heading(
            f"{clock(block.start)}–{clock(block.end)} · {block_title(block, malform)}",
            1,
            new_page=True,
        )
        meta = [f"{block.minutes} {word('minutes', malform)}"]
        if block.lead:
            meta.append(f"{self.t('lead')}: {block.lead}")
        if plan.slides:
            meta.append(f"{self.t('slides')} {self.slides_text(plan.slides)}")
        self.para(" · ".join(meta), "Meta")
        if block.topics:
            self.lists.bullets(self.doc, block.topics)
        if block.materials:
            self.para(f"**{word('materials', malform)}:** {', '.join(block.materials)}")
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
                self.heading(f"{span} · {self.t('purpose')}", 2)
                self.talk(segment)
            elif segment.kind == "exercise" and segment.exercise is not None:
                self.exercise(segment, span)

    def talk(self, segment: Segment) -> None:
        for slide, nums in segment.slide_objects:
            if slide.kind == "frame" and self.bundle.program.frame_slides:
                frames = self.bundle.program.frame_slides
                for frame, number in zip(frames, nums or [0] * len(frames), strict=False):
                    self.slide_note(number, frame.title, frame.notes)
                if slide.notes.strip():
                    self.notes(slide.notes)
                continue
            title = slide.title or self.slide_kind_title(slide)
            self.slide_note(nums[0] if nums else 0, title, slide.notes, slide)

    def slide_kind_title(self, slide: Slide) -> str:
        if slide.kind == "title":
            return self.bundle.program.title
        if slide.kind == "agenda":
            return f"{word('program', self.malform)} {self.bundle.info.number}"
        if slide.kind == "closing":
            return word("avslutning", self.malform)
        if slide.agenda_block is not None:
            return block_title(slide.agenda_block, self.malform)
        return slide.kind

    def slide_note(self, number: int, title: str, notes: str, slide: Slide | None = None) -> None:
        head = self.para(style="Normal")
        prefix = f"{self.t('slide_cap')} {number}" if number else ""
        if prefix:
            run = head.add_run(prefix + " · ")
            run.font.color.rgb = RGBColor.from_string("56626C")
        add_rich_text(head, plain(title), bold=True)
        head.paragraph_format.space_after = Pt(2)
        head.paragraph_format.space_before = Pt(6)
        set_keep_with_next(head)
        if slide is not None and slide.poll is not None:
            poll_line = self.para(style="Speaker Notes")
            poll_line.add_run(f"{slide.poll.title}: ")
            add_hyperlink(poll_line, slide.poll.url, colour=self.link_colour)
        self.notes(notes)

    def notes(self, notes: str) -> None:
        """Speaker notes, one paragraph per line; '- ' lines become bullets."""
        paragraphs = [p.strip() for p in notes.replace("\r", "").split("\n") if p.strip()]
        for index, value in enumerate(paragraphs):
            paragraph = self.para(style="Speaker Notes")
            if value.startswith(("- ", "* ", "• ")):
                paragraph.add_run("• ")
                value = value[2:]
            add_rich_text(paragraph, value)
            if index < len(paragraphs) - 1:
                paragraph.paragraph_format.space_after = Pt(3)

    def exercise(self, segment: Segment, span: str) -> None:
        exercise = segment.exercise
        assert exercise is not None
        malform = self.malform
        self.heading(f"{span} · {self.t('exercise')}: {exercise.title}", 2)
        facts: list[tuple[str, str]] = [
            (self.t("method"), method_name(exercise, malform)),
            (self.t("total_time"), exercise_minutes_text(exercise, malform)),
        ]
        if exercise.effective_rounds > 1:
            rounds = str(exercise.effective_rounds)
            if exercise.rotate_roles:
                rounds += f" – {self.t('rotate_note')}"
            facts.append((word("rounds", malform), rounds))
        if exercise.group_size:
            facts.append((word("group_size", malform), str(exercise.group_size)))
        if exercise.deliverable:
            facts.append((word("deliverable", malform), exercise.deliverable))
        if exercise.materials:
            facts.append((word("materials", malform), ", ".join(exercise.materials)))
        if exercise.worksheet is not None:
            copies = worksheet_copies(self.bundle, exercise)
            facts.append(
                (
                    self.t("worksheet"),
                    f"«{exercise.worksheet.title}» – {copies_text(self.bundle, copies)}",
                )
            )
        if segment.slides:
            facts.append((self.t("slides"), self.slides_text(segment.slides)))
        table = new_table(self.doc, len(facts), self.widths([1.2, 4.8]))
        set_table_borders(table, colour="C8D3DC", outer=False, vertical=False)
        set_table_cell_margins(table, top=45, bottom=45, left=0, right=85)
        set_table_description(table, exercise.title, ", ".join(k for k, _ in facts))
        for row, (key, value) in zip(table.rows, facts, strict=True):
            set_cant_split(row)
            cell_text(row.cells[0], key, self.styles["Table Heading"])
            cell_text(row.cells[1], value, self.styles["Table Text"])
        keep_table_together(table)

        self.heading(self.t("step_by_step"), 3)
        columns = [
            self.t("step"),
            word("time", malform),
            word("minutes", malform).capitalize(),
            self.t("form"),
            self.t("what"),
        ]
        steps = new_table(self.doc, len(segment.steps) + 1, self.widths([0.7, 1.7, 0.8, 1.6, 7.2]))
        set_table_borders(steps, colour="A6B4C0")
        set_table_cell_margins(steps, top=35, bottom=35, left=70, right=70)
        set_table_description(
            steps, f"{self.t('step_by_step')}: {exercise.title}", ", ".join(columns)
        )
        self.header_cells(steps, columns)
        for index, (row, step) in enumerate(
            zip(steps.rows[1:], segment.steps, strict=True), start=1
        ):
            set_cant_split(row)
            values = [
                str(index),
                f"{hhmm(step.start)}–{hhmm(step.end)}",
                str(step.minutes),
                mode_name(step.mode, malform),
                step.text,
            ]
            for cell, value in zip(row.cells, values, strict=True):
                cell_text(cell, value, self.styles["Table Text"])
        keep_table_together(steps)
        if len(segment.rounds) > 1:
            rounds = " · ".join(
                f"{self.t('round')} {n}: {hhmm(s)}–{hhmm(e)}" for n, s, e in segment.rounds
            )
            note = self.para(rounds, "Meta")
            note.paragraph_format.space_before = Pt(4)

        if exercise.roles:
            self.heading(word("roles", malform), 3)
            has_desc = any(r.description for r in exercise.roles)
            has_pick = any(r.picked_by for r in exercise.roles)
            columns = [self.t("role")]
            fractions = [2.5]
            if has_desc:
                columns.append(self.t("task"))
                fractions.append(5.0)
            if has_pick:
                columns.append(self.t("who"))
                fractions.append(4.0)
            roles = new_table(self.doc, len(exercise.roles) + 1, self.widths(fractions))
            set_table_borders(roles, colour="A6B4C0")
            set_table_cell_margins(roles, top=35, bottom=35, left=70, right=70)
            set_table_description(roles, word("roles", malform), ", ".join(columns))
            self.header_cells(roles, columns)
            for row, role in zip(roles.rows[1:], exercise.roles, strict=True):
                set_cant_split(row)
                values = [role.name]
                if has_desc:
                    values.append(role.description)
                if has_pick:
                    values.append(role.picked_by)
                for cell, value in zip(row.cells, values, strict=True):
                    cell_text(cell, value, self.styles["Table Text"])
            keep_table_together(roles)

        if exercise.instructions:
            self.heading(self.t("instructions"), 3)
            self.lists.numbered(self.doc, exercise.instructions)

    def checklists(self) -> None:
        malform = self.malform
        self.heading(self.t("checklists"), 1, new_page=True)
        self.heading(self.t("preparation"), 2)
        items = self.material_items()
        for item, where in items:
            self.check(item, where)

        worksheets = [e for e in self.ordered_exercises() if e.worksheet is not None]
        if worksheets:
            self.heading(self.t("print"), 2)
            columns = [self.t("worksheet"), self.t("exercise"), self.t("copies").capitalize()]
            table = new_table(self.doc, len(worksheets) + 1, self.widths([4.5, 4.5, 4.0]))
            set_table_borders(table, colour="A6B4C0")
            set_table_cell_margins(table, top=35, bottom=35, left=70, right=70)
            set_table_description(table, self.t("print"), ", ".join(columns))
            self.header_cells(table, columns)
            for row, exercise in zip(table.rows[1:], worksheets, strict=True):
                assert exercise.worksheet is not None
                set_cant_split(row)
                copies = worksheet_copies(self.bundle, exercise)
                values = [
                    exercise.worksheet.title,
                    exercise.title,
                    copies_text(self.bundle, copies),
                ]
                for cell, value in zip(row.cells, values, strict=True):
                    cell_text(cell, value, self.styles["Table Text"])

        polls = self.bundle.samling.polls
        if polls:
            self.heading(self.t("polls"), 2)
            self.check(self.t("test_links"), "")
            table = new_table(self.doc, len(polls), self.widths([3.3, 13.7]))
            set_table_borders(table, colour="C8D3DC", outer=False, vertical=False)
            set_table_cell_margins(table, top=60, bottom=60, left=0, right=85)
            set_table_description(table, self.t("polls"), self.t("link"))
            for row, poll in zip(table.rows, polls.values(), strict=True):
                set_cant_split(row)
                alt = self.t("qr_alt").format(title=plain(poll.title), url=poll.url)
                add_picture(
                    row.cells[0].paragraphs[0],
                    _qr_png(poll.url),
                    cm(2.8),
                    alt=alt,
                    title=f"QR: {plain(poll.title)}",
                )
                cell = row.cells[1]
                cell_text(cell, poll.title, self.styles["Table Heading"])
                link = set_style(cell.add_paragraph(), self.styles["Table Text"])
                add_hyperlink(link, poll.url, colour=self.link_colour)
                used = [
                    n
                    for s, nums in zip(self.bundle.slides, self.numbers, strict=True)
                    if s.poll is not None and s.poll.url == poll.url
                    for n in nums
                ]
                if used:
                    where_paragraph = set_style(cell.add_paragraph(), self.styles["Table Text"])
                    where_paragraph.add_run(f"{self.t('slides')} {format_numbers(used)}")

        groups = self.bundle.program.network_groups
        if groups:
            self.heading(self.t("network_groups"), 2)
            columns = [self.t("network_groups"), self.t("participants")]
            table = new_table(self.doc, len(groups) + 1, self.widths([1.3, 4.7]))
            set_table_borders(table, colour="A6B4C0")
            set_table_cell_margins(table, top=35, bottom=35, left=70, right=70)
            set_table_description(table, self.t("network_groups"), ", ".join(columns))
            self.header_cells(table, columns)
            for row, group in zip(table.rows[1:], groups, strict=True):
                set_cant_split(row)
                cell_text(row.cells[0], group.name, self.styles["Table Heading"])
                cell_text(row.cells[1], ", ".join(group.members), self.styles["Table Text"])

        self.heading(word("mellomarbeid", malform), 1)
        if self.bundle.samling.mellomarbeid:
            self.lists.bullets(self.doc, self.bundle.samling.mellomarbeid)
        if self.bundle.next_samling is not None:
            nxt = self.bundle.next_samling
            self.para(
                f"**{word('next_samling', malform)}:** {norwegian_date(nxt.date)}, "
                f"{nxt.place}. {word('main_theme', malform)}: {nxt.theme}."
            )

    def check(self, item: str, where: str) -> None:
        paragraph = self.para(style="Checklist")
        box = paragraph.add_run("□\t")
        box.font.size = Pt(13)
        if not self.styles.has_numbering("Checklist"):
            fmt = paragraph.paragraph_format
            if fmt.left_indent is None and "Checklist" in self.styles.missing:
                fmt.left_indent = Pt(22)
                fmt.first_line_indent = Pt(-22)
            fmt.tab_stops.add_tab_stop(fmt.left_indent or Pt(22))
        add_rich_text(paragraph, item)
        if where:
            run = paragraph.add_run(f" – {where}")
            run.font.color.rgb = RGBColor.from_string("56626C")

    def ordered_exercises(self) -> list[Exercise]:
        return exercises_in_day_order(self.bundle)

    def material_items(self) -> list[tuple[str, str]]:
        """Everything to bring, once each, with where it is used."""
        malform = self.malform
        found: dict[str, tuple[str, list[str]]] = {}

        def add(item: str, where: str) -> None:
            key = plain(item).casefold().strip()
            entry = found.setdefault(key, (item, []))
            if where and where not in entry[1]:
                entry[1].append(where)

        for item in self.bundle.samling.materials:
            add(item, self.t("whole_day"))
        for block in self.bundle.samling.agenda:
            for item in block.materials:
                add(item, f"{clock(block.start)} {block_title(block, malform)}")
        exercises = self.ordered_exercises()
        for exercise in exercises:
            home = self.bundle.block(exercise.block)
            at = f"{clock(home.start)} " if home is not None else ""
            for item in exercise.materials:
                add(item, f"{at}{exercise.title}")
        methods = {e.method for e in exercises}
        groups = group_count(self.bundle)
        have = " ".join(found)
        if methods & set(GROUP_METHODS) and "flip" not in have:
            add(f"{self.t('flipover')}: {groups} {self.t('groups')} + plenum", "")
        if methods & set(POSTIT_METHODS) and "post-it" not in have and "postit" not in have:
            add(f"{self.t('postits')}: {groups} {self.t('groups')}", "")
        if any(e.worksheet is not None for e in exercises):
            add(self.t("print_check"), "")
        return [(item, "; ".join(where)) for item, where in found.values()]

    def references(self) -> None:
        malform = self.malform
        self.heading(word("sources", malform), 1)
        for reference in sorted(self.bundle.samling.references, key=norwegian_sort_key):
            paragraph = self.para(style="Normal")
            fmt = paragraph.paragraph_format
            fmt.left_indent = Pt(18)
            fmt.first_line_indent = Pt(-18)
            fmt.space_after = Pt(4)
            add_rich_text(paragraph, reference)
        self.on_slides(self.t("quoted"), slide_quotes(self.bundle, self.numbers))
        self.on_slides(word("image_credits", malform), image_credits(self.bundle, self.numbers))

    def on_slides(self, heading: str, entries: list[tuple[str, list[int]]]) -> None:
        """Entries (quote sources, image credits) under `heading`, each with its slides."""
        if not entries:
            return
        self.heading(heading, 2)
        for entry, nums in entries:
            paragraph = self.para(style="Normal")
            paragraph.paragraph_format.space_after = Pt(2)
            add_rich_text(paragraph, entry)
            if nums:
                run = paragraph.add_run(f" – {self.t('slide')} {format_numbers(nums)}")
                run.font.color.rgb = RGBColor.from_string("56626C")


def set_spacing_after(paragraph: Any, points: float) -> None:
    paragraph.paragraph_format.space_after = Pt(points)


def render_guide(
    bundle: SamlingBundle, template: Path, slide_numbers: dict[str, list[int]] | None = None
) -> tuple[bytes, list[Diagnostic]]:
    """The facilitator guide as .docx bytes, and any warnings about the template."""
    doc = load_template(template)
    clear_body(doc)
    styles = Styles(doc, "guide", template)
    writer = GuideWriter(bundle, doc, styles, slide_numbers)
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
    data = finish_docx(doc, bundle, short_title, title, keyword)
    return data, [*styles.diagnostics(), *writer.diagnostics]
