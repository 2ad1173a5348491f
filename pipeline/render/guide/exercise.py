"""The guide's page for one exercise: its facts, its steps in clock time, roles, instructions."""

from __future__ import annotations

from docx.shared import Pt

from pipeline.model.clock import hhmm
from pipeline.model.plan import Segment, worksheet_copies
from pipeline.model.types import Exercise
from pipeline.model.words import method_title, word
from pipeline.render.guide.base import GuideBase
from pipeline.render.guide.text import copies_text, exercise_minutes_text, mode_name
from pipeline.render.word.tables import (
    cell_text,
    keep_table_together,
    new_table,
    set_cant_split,
    set_table_borders,
    set_table_cell_margins,
    set_table_description,
)


class ExerciseWriter(GuideBase):
    def exercise(self, segment: Segment, span: str) -> None:
        exercise = segment.exercise
        assert exercise is not None
        self.heading(f"{span} · {self.t('exercise')}: {exercise.title}", 2)
        self.facts_table(segment, exercise)
        self.steps_table(segment, exercise)
        if exercise.roles:
            self.roles_table(exercise)
        if exercise.instructions:
            self.heading(self.t("instructions"), 3)
            self.lists.numbered(self.doc, exercise.instructions)

    def facts(self, segment: Segment, exercise: Exercise) -> list[tuple[str, str]]:
        """The exercise's facts as (label, value): method, time, rounds, ..., slides."""
        malform = self.malform
        facts: list[tuple[str, str]] = [
            (self.t("method"), method_title(exercise.method, malform)),
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
            copies = copies_text(self.bundle, worksheet_copies(self.bundle, exercise))
            facts.append((self.t("worksheet"), f"«{exercise.worksheet.title}» – {copies}"))
        if segment.slides:
            facts.append((self.t("slides"), self.slides_text(segment.slides)))
        return facts

    def facts_table(self, segment: Segment, exercise: Exercise) -> None:
        facts = self.facts(segment, exercise)
        self.fragments.write(
            "facts", [exercise.title, facts], lambda: self.write_facts(exercise.title, facts)
        )

    def write_facts(self, title: str, facts: list[tuple[str, str]]) -> None:
        table = new_table(self.doc, len(facts), self.widths([1.2, 4.8]))
        set_table_borders(table, colour="C8D3DC", outer=False, vertical=False)
        set_table_cell_margins(table, top=45, bottom=45, left=0, right=85)
        set_table_description(table, title, ", ".join(k for k, _ in facts))
        for row, (key, value) in zip(table.rows, facts, strict=True):
            set_cant_split(row)
            cell_text(row.cells[0], key, self.styles["Table Heading"])
            cell_text(row.cells[1], value, self.styles["Table Text"])
        keep_table_together(table)

    def steps_table(self, segment: Segment, exercise: Exercise) -> None:
        malform = self.malform
        columns = [
            self.t("step"),
            word("time", malform),
            word("minutes", malform).capitalize(),
            self.t("form"),
            self.t("what"),
        ]
        rows = [
            [
                str(index),
                f"{hhmm(step.start)}–{hhmm(step.end)}",
                str(step.minutes),
                mode_name(step.mode, malform),
                step.text,
            ]
            for index, step in enumerate(segment.steps, start=1)
        ]
        rounds = ""
        if len(segment.rounds) > 1:
            rounds = " · ".join(
                f"{self.t('round')} {n}: {hhmm(s)}–{hhmm(e)}" for n, s, e in segment.rounds
            )
        caption = f"{self.t('step_by_step')}: {exercise.title}"
        self.fragments.write(
            "steps",
            [caption, columns, rows, rounds],
            lambda: self.write_steps(caption, columns, rows, rounds),
        )

    def write_steps(
        self, caption: str, columns: list[str], rows: list[list[str]], rounds: str
    ) -> None:
        """The heading, the steps in clock time and, with more than one round, the rounds'."""
        self.heading(self.t("step_by_step"), 3)
        steps = self.grid_table(len(rows), [0.7, 1.7, 0.8, 1.6, 7.2], caption, columns, values=rows)
        keep_table_together(steps)
        if rounds:
            note = self.para(rounds, "Meta")
            note.paragraph_format.space_before = Pt(4)

    def roles_table(self, exercise: Exercise) -> None:
        """The roles, with a task and a who-picks column when any role has one."""
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
        rows = []
        for role in exercise.roles:
            values = [role.name]
            if has_desc:
                values.append(role.description)
            if has_pick:
                values.append(role.picked_by)
            rows.append(values)
        self.fragments.write(
            "roles", [fractions, columns, rows], lambda: self.write_roles(fractions, columns, rows)
        )

    def write_roles(
        self, fractions: list[float], columns: list[str], rows: list[list[str]]
    ) -> None:
        """The heading and the roles' table."""
        self.heading(word("roles", self.malform), 3)
        roles = self.grid_table(
            len(rows), fractions, word("roles", self.malform), columns, values=rows
        )
        keep_table_together(roles)
