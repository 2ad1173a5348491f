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
from pipeline.model.types import Malform
from pipeline.model.words import word
from pipeline.outputs import write_atomic


def _q(text: str) -> str:
    """A YAML 1.2 double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


Block = tuple[str, str, str, int]  # (id, kind, title, minutes)


def _plan(start: time, end: time, malform: Malform) -> list[Block]:
    """(id, kind, title, minutes) blocks filling the day from start to end, titled with
    neutral placeholders in the programme's målform."""
    total = span_minutes(start, end)
    welcome = ("velkommen", "velkommen", word("new_welcome", malform), 30)
    topic = word("topic", malform)
    if total < 240:
        return [welcome, ("tema-1", "innslag", topic, total - 30)]
    fixed = [
        welcome,
        ("tema-1", "innslag", f"{topic} 1", 60),
        ("pause-1", "pause", "", 15),
        ("gruppearbeid-1", "gruppearbeid", word("gruppearbeid", malform), 60),
        ("lunsj", "lunsj", "", 45),
    ]
    used = sum(block[3] for block in fixed) + 30
    return [
        *fixed,
        ("plenum", "plenum", word("new_plenum", malform), total - used),
        ("avslutning", "avslutning", word("new_closing", malform), 30),
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

    malform = program.malform
    start = info.start or time(8, 30)
    blocks = _plan(start, info.end or time(15, 0), malform)
    questions = previous.follow_up_questions if previous else []
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, lines in (
        ("samling.yaml", _samling_yaml(number, start, blocks, malform)),
        ("exercises.yaml", _exercises_yaml(questions, malform) or ["{}", ""]),
        ("slides.md", _slides_md(previous, questions, blocks, malform)),
    ):
        path = folder / name
        write_atomic(path, "\n".join(lines).encode("utf-8"))
        written.append(path)
    return written


def _samling_yaml(number: int, start: time, blocks: list[Block], malform: Malform) -> list[str]:
    """The goals placeholder and the agenda, block after block in clock time from `start`."""
    clock = minutes_of(start)
    lines = [
        f"number: {number}",
        "goals:",
        f"  - {_q(word('new_goal', malform))}",
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
    lines += ["mellomarbeid:", f"  - {_q(word('new_mellomarbeid', malform))}"]
    lines += ["references: []", ""]
    return lines


def _exercises_yaml(questions: list[str], malform: Malform) -> list[str]:
    """A follow-up exercise with a worksheet of the last samling's questions, if it had any."""
    if not questions:
        return []
    title = _q(word("new_follow_up", malform))
    return [
        "oppfolging:",
        f"  title: {title}",
        "  block: velkommen",
        "  method: duo",
        "  steps:",
        f"    - {{text: {_q(word('new_follow_up_step', malform))}, mode: duo, minutes: 10}}",
        "  worksheet:",
        f"    title: {title}",
        "    prompts:",
        *[f"      - {{text: {_q(q)}, lines: 4}}" for q in questions],
        "",
    ]


def _slides_md(
    previous: model.Results | None, questions: list[str], blocks: list[Block], malform: Malform
) -> list[str]:
    """Opening slides, the last results, the follow-up, one section per block, the close."""
    agenda = word("new_agenda", malform)
    lines = ["## {.title}", "", "## {.frame}", "", f"## {agenda} {{.agenda}}", ""]
    if previous:
        for name, found in previous.lists.items():
            lines += [f"## {found.title} {{.results list={name}}}", ""]
        if previous.vision_proposals:
            proposals = word("new_vision_proposals", malform)
            lines += [f"## {proposals} {{.results list=vision_proposals}}", ""]
    if questions:
        lines += [f"## {word('new_follow_up', malform)} {{.exercise ref=oppfolging}}", ""]
    for block_id, kind, title, _ in blocks[1:]:
        if kind in ("pause", "lunsj"):
            lines += [f"## {{.{kind} block={block_id}}}", ""]
        else:
            lines += [
                f"# {title} {{block={block_id}}}",
                "",
                "::: notes",
                word("new_notes", malform),
                ":::",
                "",
            ]
    lines += ["## {.frame}", "", "## {.closing}", "", word("new_closing_text", malform), ""]
    return lines
