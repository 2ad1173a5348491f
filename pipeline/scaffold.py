"""`samling new N`: start the next samling from the programme outline and the last results.

The scaffold is a working day that passes `samling check`: an agenda in clock time from
program.yaml, the frame slides, the previous samling's results on the opening slides, a
follow-up exercise from its questions, and a closing slide. The facilitator fills in the rest.
"""

from __future__ import annotations

import json
from datetime import time
from pathlib import Path

from pipeline.content.load import load_program, read_results, samling_dir
from pipeline.errors import ContentError, Diagnostic, Report
from pipeline.outputs import write_atomic


def _q(text: str) -> str:
    """A YAML 1.2 double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _at(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _plan(start: time, end: time) -> list[tuple[str, str, str, int]]:
    """(id, kind, title, minutes) blocks filling the day from start to end."""
    total = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    if total < 240:
        return [
            ("velkommen", "velkommen", "Velkommen!", 30),
            ("tema-1", "innslag", "Tema", total - 30),
        ]
    fixed = [
        ("velkommen", "velkommen", "Velkommen!", 30),
        ("tema-1", "innslag", "Tema 1", 60),
        ("pause-1", "pause", "", 15),
        ("gruppearbeid-1", "gruppearbeid", "Gruppearbeid", 60),
        ("lunsj", "lunsj", "", 45),
    ]
    used = sum(block[3] for block in fixed) + 30
    return [
        *fixed,
        ("plenum", "plenum", "Vi jobber videre i plenum", total - used),
        ("avslutning", "avslutning", "Oppsummering og evaluering", 30),
    ]


def scaffold_samling(content_root: Path, number: int) -> list[Path]:
    folder = samling_dir(content_root, number)
    if (folder / "slides.md").exists() or (folder / "samling.yaml").exists():
        raise ContentError(
            [
                Diagnostic(
                    "error",
                    f"{folder.name} already has content; 'samling new' never overwrites it",
                    file=folder,
                    hint="edit the files there, or remove the folder to start again",
                )
            ]
        )
    program = load_program(content_root)
    info = program.samling_info(number)
    if info is None:
        raise ContentError(
            [
                Diagnostic(
                    "error",
                    f"samling {number} is not listed under samlinger: in program.yaml",
                    file=content_root / "program.yaml",
                    hint="add its number, date, place and theme first",
                )
            ]
        )
    report = Report()
    previous = read_results(content_root, number - 1, report)
    report.raise_if_errors()

    start = info.start or time(8, 30)
    end = info.end or time(15, 0)
    clock = start.hour * 60 + start.minute
    agenda_lines = [
        f"number: {number}",
        "goals:",
        f"  - {_q('Mål for dagen: skriv dei her')}",
        "agenda:",
    ]
    blocks = _plan(start, end)
    for block_id, kind, title, minutes in blocks:
        agenda_lines += [
            f"  - id: {block_id}",
            f"    start: {_at(clock)}",
            f"    end: {_at(clock + minutes)}",
            f"    kind: {kind}",
        ]
        if title:
            agenda_lines.append(f"    title: {_q(title)}")
        clock += minutes
    agenda_lines += ["mellomarbeid:", f"  - {_q('Eget utviklingsprosjekt')}", "references: []", ""]

    exercise_lines: list[str] = []
    questions = previous.follow_up_questions if previous else []
    if questions:
        exercise_lines += [
            "oppfolging:",
            f"  title: {_q('Oppfølging av aksjonslæringsprosjektet')}",
            "  block: velkommen",
            "  method: duo",
            "  steps:",
            f"    - {{text: {_q('Del erfaringer i duo')}, mode: duo, minutes: 10}}",
            "  worksheet:",
            f"    title: {_q('Oppfølging av aksjonslæringsprosjektet')}",
            "    prompts:",
            *[f"      - {{text: {_q(q)}, lines: 4}}" for q in questions],
            "",
        ]

    slide_lines = ["## {.title}", "", "## {.frame}", "", "## Program {.agenda}", ""]
    if previous:
        for name, found in previous.lists.items():
            slide_lines += [f"## {found.title} {{.results list={name}}}", ""]
        if previous.vision_proposals:
            slide_lines += ["## Forslag til visjon {.results list=vision_proposals}", ""]
    if questions:
        slide_lines += ["## Oppfølging av aksjonslæringsprosjektet {.exercise ref=oppfolging}", ""]
    for block_id, kind, title, _ in blocks[1:]:
        if kind in ("pause", "lunsj"):
            slide_lines += [f"## {{.{kind} block={block_id}}}", ""]
        else:
            slide_lines += [
                f"# {title} {{block={block_id}}}",
                "",
                "::: notes",
                "Skriv kva du vil seie her.",
                ":::",
                "",
            ]
    slide_lines += ["## {.frame}", "", "## {.closing}", "", "Vi sees!", ""]

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, lines in (
        ("samling.yaml", agenda_lines),
        ("exercises.yaml", exercise_lines or ["{}", ""]),
        ("slides.md", slide_lines),
    ):
        path = folder / name
        write_atomic(path, "\n".join(lines).encode("utf-8"))
        written.append(path)
    return written
