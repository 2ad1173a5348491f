"""What every part of the guide's writer shares: the document, its styles, the day plan,
and small helpers for paragraphs, headings and tables.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from pipeline.errors import Diagnostic
from pipeline.model.plan import per_slide_numbers, plan_day
from pipeline.model.types import Malform, SamlingBundle, Slide
from pipeline.model.words import language_tag, word
from pipeline.render.colours import document_primary
from pipeline.render.guide.text import block_title, format_numbers
from pipeline.render.word.document import DocxDocument, content_width
from pipeline.render.word.fragments import Fragments
from pipeline.render.word.paragraphs import (
    ListWriter,
    add_rich_text,
    contrast,
    plain,
    set_page_break_before,
    set_style,
)
from pipeline.render.word.styles import Styles
from pipeline.render.word.tables import (
    cell_text,
    header_cells,
    new_table,
    set_cant_split,
    set_table_borders,
    set_table_cell_margins,
    set_table_description,
    widths_for_words,
)


class TalkItem(NamedTuple):
    """One slide of a talk as the guide shows it (`heading`: its number and title, then
    its notes) or, without `heading`, notes alone."""

    heading: bool
    number: int
    title: str
    notes: str
    key: str  # the slide's key, that its notes' bookmarks are named from
    poll_title: str | None = None
    poll_url: str | None = None


class NotesBookmarks:
    """The bookmark counts of the slide keys a piece writes notes for: what a kept talk
    changes in the writer (`fragments.Carry`)."""

    def __init__(self, counts: dict[str, int], keys: list[str]) -> None:
        self.counts = counts
        self.keys = sorted({key for key in keys if key})

    def read(self) -> dict[str, int]:
        return {key: self.counts.get(key, 0) for key in self.keys}

    def restore(self, value: Any) -> None:
        if not isinstance(value, dict) or sorted(value) != self.keys:
            raise ValueError(f"bookmark counts for {self.keys}, received {value!r}")
        if not all(type(count) is int and count >= 0 for count in value.values()):
            raise ValueError(f"bookmark counts, received {value!r}")
        for key, count in value.items():
            if count:
                self.counts[key] = count
            else:
                self.counts.pop(key, None)


class GuideBase:
    def __init__(
        self,
        bundle: SamlingBundle,
        doc: DocxDocument,
        styles: Styles,
    ) -> None:
        self.bundle = bundle
        self.doc = doc
        self.styles = styles
        self.malform: Malform = bundle.malform
        self.lists = ListWriter(doc, styles)
        self.numbers = per_slide_numbers(bundle)
        self.plans = plan_day(bundle)
        self.width = content_width(doc)
        self.primary = document_primary(doc, bundle.program.branding)  # render/colours.py
        # Links in the programme's colour when it reads well on white (AA), else dark blue.
        self.link_colour = self.primary if contrast(self.primary, "FFFFFF") >= 4.5 else "1F4E79"
        self.diagnostics: list[Diagnostic] = []
        self.keys: dict[tuple[int, int | None], str] = {}  # (id of slide, frame) -> slide key
        self.bookmarks: dict[str, int] = {}  # slide key -> notes paragraphs bookmarked
        # The tables, kept by their values (`fragments`): what else they read is this.
        context = {
            "document": "guide",
            "width": self.width,
            "primary": self.primary,
            "link": self.link_colour,
            "malform": self.malform,
            # Not in the styles part's bytes, yet read by pieces: a list style's numbering
            # lives in the numbering part, and a checklist indents itself when its style
            # was added as a fallback.
            "numbered": styles.numbered,
            "missing": styles.missing,
        }
        self.fragments = Fragments(doc, context, self.piece_state, language_tag(self.malform))

    def piece_state(self) -> object:
        """What a kept table must leave as it was: the warnings and the bookmarks."""
        return len(self.diagnostics), dict(self.bookmarks)

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

    def grid_table(
        self,
        rows: int,
        fractions: list[float],
        caption: str,
        columns: list[str],
        summary: str = "",
        values: list[list[str]] | None = None,
        fill: bool = True,
    ) -> Any:
        """A ruled table with `columns` as its repeating header row and `rows` rows below;
        its columns wide enough for the longest words of `columns` and `values`, and filled
        with `values` when `fill`."""
        heading = self.styles["Table Heading"]
        body = (self.styles["Table Text"], values) if values is not None else None
        widths = widths_for_words(self.doc, heading, self.widths(fractions), columns, 140, body)
        table = new_table(self.doc, rows + 1, widths)
        set_table_borders(table, colour="A6B4C0")
        set_table_cell_margins(table, top=35, bottom=35, left=70, right=70)
        set_table_description(table, caption, summary or ", ".join(columns))
        self.header_cells(table, columns)
        if values is not None and fill:
            self.text_rows(table, values)
        return table

    def text_rows(self, table: Any, rows: list[list[str]]) -> None:
        """`rows` of values in Table Text below the header row; no row splits over pages."""
        for row, values in zip(table.rows[1:], rows, strict=True):
            set_cant_split(row)
            for cell, value in zip(row.cells, values, strict=True):
                cell_text(cell, value, self.styles["Table Text"])

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
