"""The exercise slide: its own text beside a panel of method, steps, roles and deliverable."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pptx.enum.shapes import MSO_SHAPE

from pipeline.errors import ContentError, Diagnostic
from pipeline.model.inline import inline_runs, plain_text
from pipeline.model.types import Exercise, Malform, Run, SamlingBundle, Slide
from pipeline.model.words import method_name, word
from pipeline.render.deck.blocks import blocks_to_paras
from pipeline.render.deck.canvas import INCH, Deck, SlideCanvas, round_inset
from pipeline.render.deck.diagrams.common import GAP, Fits, warn_unfit
from pipeline.render.deck.kinds.common import new_canvas, normalised, title_or
from pipeline.render.deck.layouts import Box
from pipeline.render.deck.text import Para, explicit_chain, fit


def render_exercise(deck: Deck, bundle: SamlingBundle, slide: Slide) -> None:
    exercise = slide.exercise
    if exercise is None:
        raise ContentError(
            [
                Diagnostic(
                    "error",
                    f"the exercise ref={slide.attrs.get('ref', '(none)')} is not in exercises.yaml",
                    file=slide.source.file,
                    line=slide.source.line,
                )
            ]
        )
    malform = bundle.malform
    own = blocks_to_paras(slide.blocks)
    canvas = new_canvas(
        deck, "content" if own else "title_only", slide, title_or(slide, exercise.title)
    )
    box = canvas.content_box
    details = exercise_details(exercise, malform, said_on(slide, own), with_descriptions=not own)
    if own:
        # The slide's own text and the details share the width by how much each has to say.
        own_chars = sum(len(p.text) for p in own)
        details_chars = sum(len(p.text) for p in details)
        share = own_chars / max(1, own_chars + details_chars)
        text_w = int(box.width * min(0.58, max(0.4, share)))
        canvas.text_area(own, Box(box.left, box.top, text_w, box.height))
        panel_box = Box(box.left + text_w + GAP, box.top, box.width - text_w - GAP, box.height)
    else:
        panel_box = box
        for para in details:
            para.size = 24
    panel(canvas, details, panel_box, name=word("exercise", malform))
    canvas.add_notes(exercise_notes(exercise, malform))
    canvas.finish()


def said_on(slide: Slide, own: Sequence[Para]) -> Callable[[str], bool]:
    """Whether a text is said already by the slide's title or its own text (so not repeated)."""
    said = " ".join(normalised(p.text) for p in own) + " " + normalised(slide.title)

    def already_said(text: str) -> bool:
        wanted = normalised(text)
        return bool(wanted) and wanted in said

    return already_said


def exercise_details(
    exercise: Exercise,
    malform: Malform,
    already_said: Callable[[str], bool],
    with_descriptions: bool,
) -> list[Para]:
    """The panel's paragraphs: method, steps, time, roles and deliverable, less what is said."""
    head = [
        Run(text=f"{word('method', malform)}: ", bold=True),
        Run(text=method_name(exercise.method, malform)),
    ]
    if exercise.group_size:
        head += [
            Run(text=f"  ·  {word('group_size', malform)}: ", bold=True),
            Run(text=str(exercise.group_size)),
        ]
    details = [Para(runs=head, bullet="none", colour="tx2")]
    minutes = word("minutes", malform)
    for step in exercise.steps:
        runs = [Run(text=word(step.mode, malform), bold=True)]
        if not already_said(step.text):
            runs.append(Run(text=f": {step.text}"))
        runs.append(Run(text=f" – {step.minutes} {minutes}", bold=True))
        details.append(Para(runs=runs, bullet="none", before=8))
    details += _time_paras(exercise, malform)
    roles = [r for r in exercise.roles if not already_said(f"{r.name} {r.picked_by}")]
    if roles:
        details.append(
            Para.of(word("roles", malform), bullet="none", bold=True, before=12, colour="tx2")
        )
        for role in roles:
            runs = [Run(text=role.name, bold=True)]
            if role.picked_by:
                runs.append(Run(text=f": {role.picked_by}"))
            if role.description and with_descriptions:
                # Who is picked and what the role does: a role with both keeps both.
                runs.append(Run(text=f" – {role.description}"))
            details.append(Para(runs=runs, bullet="none", before=4))
    if exercise.deliverable and not already_said(exercise.deliverable):
        runs = [
            Run(text=f"{word('deliverable', malform)}: ", bold=True),
            *inline_runs(exercise.deliverable),
        ]
        details.append(Para(runs=runs, bullet="none", before=12))
    return details


def _time_paras(exercise: Exercise, malform: Malform) -> list[Para]:
    """The exercise's whole time: rounds × minutes, or the steps' total; none for one step."""
    minutes = word("minutes", malform)
    rounds = exercise.effective_rounds
    if rounds > 1:
        label = Run(text=f"{word('rounds', malform)}: ", bold=True)
        value = (
            f"{rounds} × {exercise.minutes_per_round} {minutes} = "
            f"{exercise.total_minutes} {minutes}"
        )
    elif len(exercise.steps) > 1:
        label = Run(text=f"{word('total', malform)}: ", bold=True)
        value = f"{exercise.total_minutes} {minutes}"
    else:
        return []
    return [Para(runs=[label, Run(text=value)], bullet="none", before=8)]


def exercise_notes(exercise: Exercise, malform: Malform) -> str:
    """The facilitator's notes: instructions, what each role does, the materials."""
    notes = []
    if exercise.instructions:
        notes += [f"- {plain_text(line)}" for line in exercise.instructions]
    for role in exercise.roles:
        if role.description:
            notes.append(f"{role.name}: {role.description}")
    if exercise.materials:
        notes.append(f"{word('materials', malform)}: {', '.join(exercise.materials)}")
    return "\n".join(notes)


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
    warn_unfit(canvas, Fits(result.fits, result.word), "the exercise details", 13)
