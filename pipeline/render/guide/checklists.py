"""The guide's checklists (what to bring and print, polls, groups, mellomarbeid) and sources."""

from __future__ import annotations

from docx.shared import Pt, RGBColor

from pipeline.model.plan import exercises_in_day_order, group_count, worksheet_copies
from pipeline.model.types import Exercise, clock, norwegian_date
from pipeline.model.words import word
from pipeline.render.guide.base import GuideBase
from pipeline.render.guide.text import (
    block_title,
    copies_text,
    format_numbers,
    image_credits,
    norwegian_sort_key,
    slide_quotes,
)
from pipeline.render.qr import qr_png
from pipeline.render.word.paragraphs import (
    add_hyperlink,
    add_picture,
    add_rich_text,
    cm,
    plain,
    set_style,
)
from pipeline.render.word.tables import (
    cell_text,
    new_table,
    set_cant_split,
    set_table_borders,
    set_table_cell_margins,
    set_table_description,
)

GROUP_METHODS = ("igp", "rollespel", "diamant", "gallerivandring", "plenum")
POSTIT_METHODS = ("igp", "diamant", "gallerivandring")


class ChecklistWriter(GuideBase):
    def checklists(self) -> None:
        """What to bring, what to print, the polls, the groups and the mellomarbeid; each
        part but the polls (pictures and links) kept by its values (`fragments`)."""
        items = self.material_items()
        self.fragments.write("preparation", items, lambda: self.preparation(items))
        worksheets = [e for e in self.ordered_exercises() if e.worksheet is not None]
        if worksheets:
            self.print_table(worksheets)
        if self.bundle.samling.polls:
            self.polls_table()
        groups = [[g.name, ", ".join(g.members)] for g in self.bundle.program.network_groups]
        if groups:
            self.fragments.write("groups", groups, lambda: self.groups_table(groups))
        self.mellomarbeid()

    def preparation(self, items: list[tuple[str, str]]) -> None:
        self.heading(self.t("checklists"), 1, new_page=True)
        self.heading(self.t("preparation"), 2)
        for item, where in items:
            self.check(item, where)

    def print_table(self, worksheets: list[Exercise]) -> None:
        """Each worksheet to print, its exercise and how many copies."""
        columns = [self.t("worksheet"), self.t("exercise"), self.t("copies").capitalize()]
        rows = []
        for exercise in worksheets:
            assert exercise.worksheet is not None
            copies = worksheet_copies(self.bundle, exercise)
            rows.append(
                [exercise.worksheet.title, exercise.title, copies_text(self.bundle, copies)]
            )

        def write() -> None:
            self.heading(self.t("print"), 2)
            self.grid_table(len(rows), [4.5, 4.5, 4.0], self.t("print"), columns, values=rows)

        self.fragments.write("print", [columns, rows], write)

    def polls_table(self) -> None:
        """Each poll with its QR code, its link and the slides that show it."""
        polls = self.bundle.samling.polls
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
                qr_png(poll.url),
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

    def groups_table(self, groups: list[list[str]]) -> None:
        """Each network group (name, members) and its members."""
        self.heading(self.t("network_groups"), 2)
        columns = [self.t("network_groups"), self.t("participants")]
        table = self.grid_table(len(groups), [1.3, 4.7], self.t("network_groups"), columns)
        for row, (name, members) in zip(table.rows[1:], groups, strict=True):
            set_cant_split(row)
            cell_text(row.cells[0], name, self.styles["Table Heading"])
            cell_text(row.cells[1], members, self.styles["Table Text"])

    def mellomarbeid(self) -> None:
        """The work between samlinger, and when and where the next one is."""
        malform = self.malform
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
            plenum = self.t("plenum").lower()
            add(f"{self.t('flipover')}: {groups} {self.t('groups')} + {plenum}", "")
        if methods & set(POSTIT_METHODS) and "post-it" not in have and "postit" not in have:
            add(f"{self.t('postits')}: {groups} {self.t('groups')}", "")
        if any(e.worksheet is not None for e in exercises):
            add(self.t("print_check"), "")
        return [(item, "; ".join(where)) for item, where in found.values()]

    def references(self) -> None:
        """The sources, the quotes' sources and the image credits, kept by their values."""
        references = sorted(self.bundle.samling.references, key=norwegian_sort_key)
        quotes = slide_quotes(self.bundle, self.numbers)
        credits = image_credits(self.bundle, self.numbers)
        self.fragments.write(
            "references",
            [references, quotes, credits],
            lambda: self.write_references(references, quotes, credits),
        )

    def write_references(
        self,
        references: list[str],
        quotes: list[tuple[str, list[int]]],
        credits: list[tuple[str, list[int]]],
    ) -> None:
        malform = self.malform
        self.heading(word("sources", malform), 1)
        for reference in references:
            paragraph = self.para(style="Normal")
            fmt = paragraph.paragraph_format
            fmt.left_indent = Pt(18)
            fmt.first_line_indent = Pt(-18)
            fmt.space_after = Pt(4)
            add_rich_text(paragraph, reference)
        self.on_slides(self.t("quoted"), quotes)
        self.on_slides(word("image_credits", malform), credits)

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
