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
from pipeline.model import types as model
from pipeline.model.clock import hhmm, minutes_of, span_minutes
from pipeline.outputs import write_atomic


def _q(text: str) -> str:
    """A YAML 1.2 double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


Block = tuple[str, str, str, int]  # (id, kind, title, minutes)


def _plan(start: time, end: time) -> list[Block]:
    """(id, kind, title, minutes) blocks filling the day from start to end."""
    total = span_minutes(start, end)
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
    """Write samling.yaml, exercises.yaml and slides.md for samling `number`; never overwrite."""
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
    blocks = _plan(start, info.end or time(15, 0))
    questions = previous.follow_up_questions if previous else []
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, lines in (
        ("samling.yaml", _samling_yaml(number, start, blocks)),
        ("exercises.yaml", _exercises_yaml(questions) or ["{}", ""]),
        ("slides.md", _slides_md(previous, questions, blocks)),
    ):
        path = folder / name
        write_atomic(path, "\n".join(lines).encode("utf-8"))
        written.append(path)
    return written


def _samling_yaml(number: int, start: time, blocks: list[Block]) -> list[str]:
    """The goals placeholder and the agenda, block after block in clock time from `start`."""
    clock = minutes_of(start)
    lines = [
        f"number: {number}",
        "goals:",
        f"  - {_q('Mål for dagen: skriv dei her')}",
        "agenda:",
    ]
    for block_id, kind, title, minutes in blocks:
        lines += [
            f"  - id: {block_id}",
            f"    start: {hhmm(clock)}",
            f"    end: {hhmm(clock + minutes)}",
            f"    kind: {kind}",
        ]
        if title:
            lines.append(f"    title: {_q(title)}")
        clock += minutes
    lines += ["mellomarbeid:", f"  - {_q('Eget utviklingsprosjekt')}", "references: []", ""]
    return lines


def _exercises_yaml(questions: list[str]) -> list[str]:
    """A follow-up exercise with a worksheet of the last samling's questions, if it had any."""
    if not questions:
        return []
    return [
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


def _slides_md(
    previous: model.Results | None, questions: list[str], blocks: list[Block]
) -> list[str]:
    """Opening slides, the last results, the follow-up, one section per block, the close."""
    lines = ["## {.title}", "", "## {.frame}", "", "## Program {.agenda}", ""]
    if previous:
        for name, found in previous.lists.items():
            lines += [f"## {found.title} {{.results list={name}}}", ""]
        if previous.vision_proposals:
            lines += ["## Forslag til visjon {.results list=vision_proposals}", ""]
    if questions:
        lines += ["## Oppfølging av aksjonslæringsprosjektet {.exercise ref=oppfolging}", ""]
    for block_id, kind, title, _ in blocks[1:]:
        if kind in ("pause", "lunsj"):
            lines += [f"## {{.{kind} block={block_id}}}", ""]
        else:
            lines += [
                f"# {title} {{block={block_id}}}",
                "",
                "::: notes",
                "Skriv kva du vil seie her.",
                ":::",
                "",
            ]
    lines += ["## {.frame}", "", "## {.closing}", "", "Vi sees!", ""]
    return lines
