"""Participant worksheets (.docx): sheets to write on by hand, one per exercise that has one.

Every sheet starts on a new page with the programme, samling and date, a title, and a name
field. The layouts:
- prompts: each question with its ruled write-in lines;
- diamond: nine boxes in rows of 1-2-3-2-1, the most important on top;
- observer: the roles, the timings, and an observer's notes table;
- listening: a self-check for the three listening levels, then the questions.

Write-in rows have exact heights and never split across pages; a question is kept on the page
with its lines. The line height is fitted to the template's page (A4, Letter, ...): 10 mm
when there is room, down to 7.5 mm; a sheet that still does not fit runs onto a second page
and gets a warning. A template whose Heading 1 starts a new page gets no second break.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Emu, Pt, RGBColor

from pipeline.errors import Diagnostic, warning
from pipeline.model.plan import exercises_in_day_order
from pipeline.model.types import (
    BulletList,
    Exercise,
    Malform,
    SamlingBundle,
    Slide,
    Worksheet,
    norwegian_date,
)
from pipeline.model.views import view_key, worksheet_view
from pipeline.model.words import language_tag, word
from pipeline.ooxml.units import emu_from_pt, pt_from_emu
from pipeline.render.colours import document_primary
from pipeline.render.glyphs import family_warnings, worksheet_texts
from pipeline.render.word.document import (
    DocxDocument,
    clear_body,
    content_height,
    content_width,
    finish_docx,
    load_template,
    page_name,
    page_size_cm,
)
from pipeline.render.word.fragments import Fragments
from pipeline.render.word.paragraphs import (
    add_rich_text,
    cm,
    plain,
    set_keep_with_next,
    set_page_break_before,
    set_style,
    tint,
)
from pipeline.render.word.styles import Styles, breaks_page, find_style, normal_font
from pipeline.render.word.tables import (
    cell_text,
    header_cells,
    new_table,
    set_cant_split,
    set_cell_borders,
    set_cell_shading,
    set_cell_valign,
    set_row_height,
    set_table_borders,
    set_table_cell_margins,
    set_table_description,
    set_tc_borders,
)

LINE_MAX = cm(1.0)
LINE_MIN = cm(0.75)
RULE = "8C9BA8"
BOX_RULE_SIZE = 12  # eighths of a point: 1.5 pt
LISTENING_LEVELS = ("listening_1", "listening_2", "listening_3")


# --------------------------------------------------------------------------- measuring


class Measure:
    """Estimates heights of text (EMU) with the template's body font, for fitting a page."""

    def __init__(self, doc: DocxDocument) -> None:
        family, self.normal_size = normal_font(doc)
        self.sizes = {
            name: _style_size(doc, name, default)
            for name, default in (
                ("Heading 1", 20.0),
                ("Heading 2", 14.0),
                ("Prompt", 12.0),
                ("Meta", 9.5),
                ("Table Text", 10.5),
            )
        }
        self._metrics: Any = None
        try:
            from pipeline.render.fonts import metrics

            self._metrics = metrics(family)
        except Exception:  # no fontconfig, or the family is missing: estimate instead
            self._metrics = None

    def size(self, style: str) -> float:
        return self.sizes.get(style, self.normal_size)

    def lines(self, value: str, size: float, width: int) -> int:
        width_pt = pt_from_emu(width)
        if not value:
            return 1
        if self._metrics is None:
            per_line = max(1, int(width_pt / (size * 0.5)))
            return sum(max(1, -(-len(part) // per_line)) for part in value.split("\n"))
        return len(self._metrics.wrap(plain(value), size, width_pt))

    def text(self, value: str, size: float, width: int, before: float = 0, after: float = 0) -> int:
        """Height in EMU of a paragraph of `value` at `size` pt in `width` EMU."""
        line = size * 1.22
        points = self.lines(value, size, width) * line + before + after
        return emu_from_pt(points)


def _style_size(doc: DocxDocument, name: str, default: float) -> float:
    style = find_style(doc, name)
    seen = 0
    while style is not None and seen < 8:
        if style.font.size is not None:
            return float(style.font.size.pt)
        style = style.base_style
        seen += 1
    return default


# --------------------------------------------------------------------------- content


def exercises_with_sheets(bundle: SamlingBundle) -> list[Exercise]:
    """The exercises that declare a worksheet, in the order of the day."""
    return [e for e in exercises_in_day_order(bundle) if e.worksheet is not None]


def listening_levels(bundle: SamlingBundle, exercise: Exercise) -> list[tuple[str, str]]:
    """The three listening levels: from a .levels slide (the exercise's block first)."""

    def from_slide(slide: Slide) -> list[tuple[str, str]]:
        levels: list[tuple[str, str]] = []
        blocks = [*slide.blocks, *(b for c in slide.columns for b in c.blocks)]
        for body in blocks:
            if not isinstance(body, BulletList):
                continue
            for item in body.items:
                if item.level == 0:
                    levels.append((item.text, ""))
                elif levels:
                    name, desc = levels[-1]
                    levels[-1] = (name, f"{desc} {item.text}".strip())
        return levels

    candidates = [s for s in bundle.slides if s.kind == "levels"]
    candidates.sort(key=lambda s: s.block_id != exercise.block)
    for slide in candidates:
        levels = from_slide(slide)
        if levels:
            return levels
    malform = bundle.malform
    return [(word(key, malform), word(f"{key}_text", malform)) for key in LISTENING_LEVELS]


# --------------------------------------------------------------------------- the writer


class SheetWriter:
    def __init__(self, bundle: SamlingBundle, doc: DocxDocument, styles: Styles) -> None:
        self.bundle = bundle
        self.doc = doc
        self.styles = styles
        self.malform: Malform = bundle.malform
        self.width = content_width(doc)
        self.height = content_height(doc)
        paper = page_name(doc)
        self.paper = (
            paper if paper != "custom size" else "{:.1f} × {:.1f} cm".format(*page_size_cm(doc))
        )
        self.measure = Measure(doc)
        self.primary = document_primary(doc, bundle.program.branding)  # render/colours.py
        self.diagnostics: list[Diagnostic] = []
        self.first = True
        # Each sheet kept by the view it is made from (`fragments`); the rest it reads is this.
        context = {
            "document": "worksheets",
            "width": self.width,
            "height": self.height,
            "paper": self.paper,
            "primary": self.primary,
            "malform": self.malform,
        }
        state = lambda: len(self.diagnostics)  # noqa: E731
        self.fragments = Fragments(doc, context, state, language_tag(self.malform))
        self.view = view_key(bundle)  # what each sheet is made from, for its key

    def t(self, key: str) -> str:
        return word(key, self.malform)

    def para(self, value: str = "", style: str = "Normal") -> Any:
        paragraph = set_style(self.doc.add_paragraph(), self.styles[style])
        if value:
            add_rich_text(paragraph, value)
        return paragraph

    # -- one sheet

    def kept_sheet(self, exercise: Exercise) -> None:
        """The exercise's sheet, kept by the worksheets' view of the samling, the exercise
        and whether it is the first (the others start on a new page)."""
        inputs = [self.view, exercise.id, self.first]
        self.fragments.write("sheet", inputs, lambda: self.sheet(exercise))
        self.first = False

    def sheet(self, exercise: Exercise) -> None:
        sheet = exercise.worksheet
        assert sheet is not None
        used = self.header(sheet)
        if sheet.intro:
            intro = self.para(sheet.intro)
            intro.paragraph_format.space_after = Pt(6)
            used += self.measure.text(sheet.intro, self.measure.normal_size, self.width, after=6)
        available = int(self.height * 0.96) - used
        if sheet.layout == "diamond":
            overflow = self.diamond(sheet, available)
        elif sheet.layout == "observer":
            overflow = self.observer(exercise, available)
        elif sheet.layout == "listening":
            overflow = self.listening(exercise, available)
        else:
            overflow = self.prompts(sheet, available)
        if overflow:
            self.diagnostics.append(
                warning(
                    f"the worksheet «{plain(sheet.title)}» has more write-in lines than fit on "
                    f"one {self.paper} page; it runs onto a second page",
                    key=f"{exercise.id}.worksheet",
                    hint="use fewer lines in its prompts",
                )
            )

    def header(self, sheet: Worksheet) -> int:
        """Programme line, title and name field; returns the height used (EMU)."""
        bundle = self.bundle
        line = (
            f"{bundle.program.title} · {bundle.program.kommune} · "
            f"{self.t('samling')} {bundle.info.number} · {norwegian_date(bundle.info.date)}"
        )
        meta = self.para(line, "Meta")
        meta.paragraph_format.space_after = Pt(2)
        if not self.first:
            set_page_break_before(meta)
        self.first = False
        heading = set_style(self.doc.add_paragraph(), self.styles["Heading 1"])
        if breaks_page(self.styles["Heading 1"]):
            # The sheet's page break is on the programme line above; a second one from the
            # template's Heading 1 would leave that line alone on a page before every sheet.
            heading.paragraph_format.page_break_before = False
        heading.add_run(plain(sheet.title))
        heading.paragraph_format.space_before = Pt(2)

        name = new_table(self.doc, 1, [cm(1.7), self.width - cm(1.7)])
        set_table_borders(name, inside=False, outer=False)
        set_table_cell_margins(name, top=0, bottom=40, left=0, right=0)
        set_table_description(name, word("name", self.malform))
        row = name.rows[0]
        set_row_height(row, cm(1.0))
        label_cell, field = row.cells
        name_label = cell_text(
            label_cell, f"{word('name', self.malform)}:", self.styles["Normal"], bold=True
        )
        # Space above instead of relying on vertical alignment, which LibreOffice ignores in
        # a row of exact height: the label then sits on the line in both Word and LibreOffice.
        name_label.paragraph_format.space_before = Pt(12)
        name_label.paragraph_format.space_after = Pt(0)
        set_cell_valign(label_cell, "bottom")
        set_cell_valign(field, "bottom")
        set_style(field.paragraphs[0], self.styles["Write-in"])
        set_cell_borders(field, bottom=("single", 6, RULE))
        gap = self.para()
        _exact_line(gap, 8)
        title_size = self.measure.size("Heading 1")
        used = (
            self.measure.text(line, self.measure.size("Meta"), self.width, after=2)
            + self.measure.text(sheet.title, title_size, self.width, before=2, after=6)
            + cm(1.0)
            + Pt(8)
        )
        return int(used)

    # -- ruled lines

    def prompt_heights(self, prompts: list[Any], width: int | None = None) -> int:
        size = self.measure.size("Prompt")
        return sum(
            self.measure.text(p.text, size, width or self.width, before=10, after=2)
            for p in prompts
        )

    def line_height(self, available: int, lines: int) -> tuple[int, bool]:
        if lines <= 0:
            return LINE_MAX, available < 0
        height = min(LINE_MAX, available // lines)
        if height < LINE_MIN:
            return LINE_MIN, True
        return height, False

    def ruled(self, lines: int, height: int, width: int | None = None) -> None:
        """`lines` write-in rows of exact `height`, kept together, ruled at the bottom."""
        if lines <= 0:
            return
        table = new_table(self.doc, lines, [width or self.width])
        set_table_borders(table, inside=False, outer=False)
        set_table_cell_margins(table, top=0, bottom=0, left=0, right=0)
        set_table_description(table, self.t("notes"))
        for index, row in enumerate(table.rows):
            set_row_height(row, height)
            cell = row.cells[0]
            set_style(cell.paragraphs[0], self.styles["Write-in"])
            set_cell_borders(cell, bottom=("single", 4, RULE))
            if index < lines - 1:
                set_keep_with_next(cell.paragraphs[0])

    def prompt(self, value: str) -> Any:
        paragraph = self.para(style="Prompt")
        add_rich_text(paragraph, value)
        set_keep_with_next(paragraph)
        return paragraph

    def prompts(self, sheet: Worksheet, available: int) -> bool:
        total = sum(p.lines for p in sheet.prompts)
        height, overflow = self.line_height(available - self.prompt_heights(sheet.prompts), total)
        for item in sheet.prompts:
            self.prompt(item.text)
            self.ruled(item.lines, height)
        return overflow

    # -- diamond

    def diamond(self, sheet: Worksheet, available: int) -> bool:
        lines = sum(p.lines for p in sheet.prompts)
        text_height = self.prompt_heights(sheet.prompts)
        marker = self.measure.text("x", self.measure.size("Meta"), self.width, after=2) * 2
        gap = cm(0.3)
        # Boxes first: up to 3.4 cm high, leaving at least 7.5 mm per write-in line.
        box_room = available - text_height - lines * LINE_MIN - marker - 5 * gap
        box_height = max(cm(2.2), min(cm(3.9), box_room // 5))
        box_width = min(cm(5.2), (self.width - 2 * cm(0.5)) // 3)
        self.marker(self.t("most_important"))
        number = 1
        for row_index, count in enumerate((1, 2, 3, 2, 1)):
            widths: list[int] = []
            for i in range(count):
                if i:
                    widths.append(cm(0.5))
                widths.append(box_width)
            table = new_table(self.doc, 1, widths)
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            set_table_borders(table, inside=False, outer=False)
            set_table_cell_margins(table, top=40, bottom=0, left=80, right=40)
            set_table_description(
                table,
                f"{self.t('level')} {row_index + 1}",
                f"{count} {self.t('box' if count == 1 else 'boxes')}",
            )
            row = table.rows[0]
            set_row_height(row, box_height)
            for index, cell in enumerate(row.cells):
                paragraph = cell.paragraphs[0]
                set_style(paragraph, self.styles["Meta"])
                if index % 2:
                    continue
                edge = ("single", BOX_RULE_SIZE, self.primary)
                set_cell_borders(cell, top=edge, bottom=edge, left=edge, right=edge)
                run = paragraph.add_run(str(number))
                run.font.color.rgb = RGBColor.from_string("56626C")
                number += 1
            spacer = self.para()
            _exact_line(spacer, pt_from_emu(gap))
            if row_index < 4:
                set_keep_with_next(spacer)
        self.marker(self.t("least_important"))
        used = 5 * box_height + 5 * gap + marker
        rest = available - used - text_height
        height, overflow = self.line_height(rest, lines)
        for item in sheet.prompts:
            self.prompt(item.text)
            self.ruled(item.lines, height)
        return overflow or (lines == 0 and rest < 0)

    def marker(self, value: str) -> None:
        paragraph = self.para(value, "Meta")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(2)
        set_keep_with_next(paragraph)

    # -- observer

    def observer(self, exercise: Exercise, available: int) -> bool:
        """Roles, timings, a round to tick, and the notes table filling the rest of the page."""
        sheet = exercise.worksheet
        assert sheet is not None
        used = self.observer_roles(exercise) if exercise.roles else 0
        used += self.observer_timings(exercise)
        used += self.observer_rounds(exercise)
        prompts = sheet.prompts or []
        lines = sum(max(1, p.lines) for p in prompts)
        height, overflow = self.line_height(available - used, lines)
        if not prompts:
            self.ruled(8, height)
        else:
            self.observer_notes(prompts, lines, height)
        return overflow

    def subheading_height(self) -> int:
        return self.measure.text("x", self.measure.size("Heading 2"), self.width, 10, 4)

    def observer_roles(self, exercise: Exercise) -> int:
        """The roles table (with their tasks when any has one); returns its height."""
        malform = self.malform
        table_size = self.measure.size("Table Text")
        self.subheading(word("roles", malform))
        has_desc = any(r.description for r in exercise.roles)
        widths = [cm(4.0), self.width - cm(4.0)] if has_desc else [self.width]
        roles = new_table(self.doc, len(exercise.roles) + 1, widths)
        self.grid(roles)
        set_table_description(roles, word("roles", malform))
        headers = [self.t("role"), self.t("task")] if has_desc else [self.t("role")]
        self.header_row(roles, headers)
        used = self.subheading_height()
        used += self.measure.text("x", table_size, self.width, 3, 3)
        for row, role in zip(roles.rows[1:], exercise.roles, strict=True):
            set_cant_split(row)
            cell_text(row.cells[0], role.name, self.styles["Table Text"], bold=True)
            if has_desc:
                cell_text(row.cells[1], role.description, self.styles["Table Text"])
                used += self.measure.text(role.description, table_size, widths[1] - cm(0.3), 3, 3)
            else:
                used += self.measure.text(role.name, table_size, self.width, 3, 3)
        return used

    def observer_timings(self, exercise: Exercise) -> int:
        """The steps' minutes, per round and in all; returns the height used."""
        malform = self.malform
        self.subheading(self.t("timings"))
        unit = word("minutes", malform)
        steps = " · ".join(f"{plain(s.text)}: {s.minutes} {unit}" for s in exercise.steps)
        timing = f"{steps} = {exercise.minutes_per_round} {unit} {self.t('per_round')}."
        if exercise.effective_rounds > 1:
            timing += (
                f" {exercise.effective_rounds} {word('rounds', malform).lower()}, "
                f"{exercise.total_minutes} {unit}."
            )
            if exercise.rotate_roles:
                timing += " " + self.t("rotate_note")
        self.para(timing)
        return self.subheading_height() + self.measure.text(
            timing, self.measure.normal_size, self.width, 0, 6
        )

    def observer_rounds(self, exercise: Exercise) -> int:
        """A box to tick for the round observed; returns the height used."""
        self.subheading(self.t("notes"))
        choose = self.para()
        choose.add_run(f"{self.t('round')}: ")
        for number in range(1, exercise.effective_rounds + 1):
            box = choose.add_run("□")
            box.font.size = Pt(14)
            choose.add_run(f" {number}    ")
        set_keep_with_next(choose)
        return self.subheading_height() + self.measure.text("x", 14, self.width, 0, 6)

    def observer_notes(self, prompts: list[Any], lines: int, height: int) -> None:
        """Each prompt in a shaded cell beside its `lines` ruled rows (dotted between)."""
        first_width = cm(5.0)
        notes = new_table(self.doc, lines, [first_width, self.width - first_width])
        set_table_borders(notes, colour=RULE, inside=False, outer=True)
        set_table_cell_margins(notes, top=40, bottom=0, left=85, right=85)
        set_table_description(notes, self.t("notes"), "; ".join(plain(p.text) for p in prompts))
        row_index = 0
        for item in prompts:
            count = max(1, item.lines)
            rows = notes.rows[row_index : row_index + count]
            first_cell = rows[0].cells[0]
            last_cell = rows[-1].cells[0]
            merged = first_cell.merge(last_cell) if count > 1 else first_cell
            cell_text(merged, item.text, self.styles["Table Heading"])
            set_cell_shading(merged, tint(self.primary, 0.9))
            for position, row in enumerate(rows):
                set_row_height(row, height)
                write = row.cells[1]
                set_style(write.paragraphs[0], self.styles["Write-in"])
                last = position == count - 1
                edge = ("single", 6, RULE) if last else ("dotted", 4, RULE)
                set_cell_borders(write, bottom=edge, left=("single", 6, RULE))
                set_tc_borders(row._tr.tc_lst[0], bottom=("single", 6, RULE))
                if not last:
                    for paragraph in (write.paragraphs[0], row.cells[0].paragraphs[0]):
                        set_keep_with_next(paragraph)
            row_index += count

    def subheading(self, value: str) -> None:
        paragraph = set_style(self.doc.add_paragraph(), self.styles["Heading 2"])
        paragraph.add_run(value)
        paragraph.paragraph_format.space_before = Pt(10)
        paragraph.paragraph_format.space_after = Pt(4)

    def grid(self, table: Any) -> None:
        set_table_borders(table, colour=RULE)
        set_table_cell_margins(table, top=50, bottom=50, left=85, right=85)

    def header_row(self, table: Any, labels: list[str]) -> None:
        header_cells(table, labels, self.primary, self.styles["Table Heading"])

    # -- listening

    def listening(self, exercise: Exercise, available: int) -> bool:
        sheet = exercise.worksheet
        assert sheet is not None
        levels = listening_levels(self.bundle, exercise)
        widths = [cm(4.2), self.width - cm(4.2) - cm(3.6), cm(3.6)]
        table = new_table(self.doc, len(levels) + 1, widths)
        self.grid(table)
        columns = [self.t("level"), self.t("characteristics"), self.t("how_often")]
        set_table_description(table, self.t("how_often"), ", ".join(columns))
        self.header_row(table, columns)
        table_size = self.measure.size("Table Text")
        used = self.measure.text("x", table_size, self.width, 4, 4)
        for row, (name, description) in zip(table.rows[1:], levels, strict=True):
            set_cant_split(row)
            cell_text(row.cells[0], name, self.styles["Table Heading"])
            cell_text(row.cells[1], description, self.styles["Table Text"])
            choices = row.cells[2]
            for index, key in enumerate(("rarely", "sometimes", "often")):
                paragraph = choices.paragraphs[0] if index == 0 else choices.add_paragraph()
                set_style(paragraph, self.styles["Table Text"])
                box = paragraph.add_run("□ ")
                box.font.size = Pt(14)
                paragraph.add_run(self.t(key))
            body = max(
                self.measure.text(description, table_size, widths[1] - cm(0.3)),
                self.measure.text(name, table_size, widths[0] - cm(0.3)),
                emu_from_pt(3 * 14 * 1.22),
            )
            used += body + Pt(8)
        spacer = self.para()
        _exact_line(spacer, 6)
        used += int(Pt(6))
        total = sum(p.lines for p in sheet.prompts)
        height, overflow = self.line_height(
            available - used - self.prompt_heights(sheet.prompts), total
        )
        for item in sheet.prompts:
            self.prompt(item.text)
            self.ruled(item.lines, height)
        return overflow or available - used < 0


def _exact_line(paragraph: Any, points: float) -> None:
    """A spacer paragraph of exactly `points` height."""
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Emu(emu_from_pt(points))
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    run = paragraph.add_run("")
    run.font.size = Pt(max(1, min(points, 12)))


def render_worksheets(bundle: SamlingBundle, template: Path) -> tuple[bytes, list[Diagnostic]]:
    """The participants' worksheets as .docx bytes, and warnings (template, overflow). They
    are made from the worksheets' view of the bundle alone (`model/views.py`)."""
    bundle = worksheet_view(bundle)
    template_warnings: list[Diagnostic] = []
    doc = load_template(template, template_warnings)
    clear_body(doc)
    styles = Styles(doc, "worksheet", template)
    writer = SheetWriter(bundle, doc, styles)
    exercises = exercises_with_sheets(bundle)
    for exercise in exercises:
        writer.kept_sheet(exercise)
    if not exercises:
        writer.para(
            f"{word('worksheets_title', bundle.malform)} – {word('samling', bundle.malform)} "
            f"{bundle.info.number}",
            "Heading 1",
        )
        writer.para(word("no_sheets", bundle.malform))
    malform = bundle.malform
    short_title = (
        f"{word('worksheets_title', malform)} – {word('samling', malform)} {bundle.info.number}"
    )
    title = f"{short_title}: {bundle.info.theme} ({bundle.program.title}, {bundle.program.kommune})"
    data = finish_docx(doc, bundle, short_title, title, word("worksheets_title", malform).lower())
    glyphs = family_warnings(worksheet_texts(bundle, exercises), normal_font(doc)[0])
    return data, [*template_warnings, *styles.diagnostics(), *writer.diagnostics, *glyphs]
