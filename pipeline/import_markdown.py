"""Writing read slides as slides.md text that reads back the same (see content/README.md).

The reader in `pipeline.content.read_slides` gives a line its meaning by how it starts (`#`,
`- `, `1. `, `> `, `![`, `:::`, three backticks), and `pipeline.model.inline` pairs stars
into emphasis. So text is escaped with a backslash where it would otherwise change meaning,
and every piece of emphasis written is read back with `inline_runs` before it is kept: what
would not read back the same is written without its emphasis, and said so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.model.inline import inline_runs
from pipeline.ooxml.deck_read import TextPara, TextRun

# Lines that would start a heading, list, quote, picture, fence or code block.
_BLOCK_START = re.compile(r"^(#|[-*+\u2013•▪❖](\s|$)|>|!\[|:::|```)")
_NUMBER_START = re.compile(r"^(\d+)([.)])(\s|$)")
_FENCE_LIKE = re.compile(r"^(:::|```)")


@dataclass
class Written:
    """Markdown text, and what of the original it could not keep."""

    text: str
    lost: list[str] = field(default_factory=list)


def escape_inline(text: str) -> str:
    """Text with its backslashes and stars escaped, so none of them becomes emphasis."""
    return text.replace("\\", "\\\\").replace("*", "\\*")


def escape_line_start(line: str) -> str:
    """A paragraph line that the reader would take for a list, heading, quote or fence."""
    if _BLOCK_START.match(line):
        return "\\" + line
    number = _NUMBER_START.match(line)
    if number:
        return f"{number.group(1)}\\{line[len(number.group(1)) :]}"
    return line


def _merged(runs: Sequence[TextRun]) -> list[TextRun]:
    """Neighbouring runs with the same emphasis as one; emphasis on spaces does not count."""
    merged: list[TextRun] = []
    for run in runs:
        if not run.text:
            continue
        bold, italic = (run.bold, run.italic) if run.text.strip() else (False, False)
        if merged and (merged[-1].bold, merged[-1].italic) == (bold, italic):
            merged[-1] = TextRun(merged[-1].text + run.text, bold, italic)
        else:
            merged.append(TextRun(run.text, bold, italic))
    return merged


def _same_emphasis(expected: Sequence[TextRun], markdown: str) -> bool:
    """Whether `markdown` reads back as the text of `expected` with the same emphasis on
    every character that is not a space."""
    read = inline_runs(markdown)
    want = [(c, r.bold, r.italic) for r in expected for c in r.text]
    got = [(c, r.bold, r.italic) for r in read for c in r.text]
    if len(want) != len(got):
        return False
    return all(w[0] == g[0] and (w[0].isspace() or w == g) for w, g in zip(want, got, strict=True))


def runs_markdown(runs: Sequence[TextRun]) -> Written:
    """One line of text with **bold** and *italic*, escaped."""
    merged = _merged([TextRun(r.text.replace("\n", " "), r.bold, r.italic) for r in runs])
    parts = []
    for run in merged:
        mark = "***" if run.bold and run.italic else "**" if run.bold else "*" if run.italic else ""
        core = run.text.strip()
        if not mark or not core:
            parts.append(escape_inline(run.text))
            continue
        lead = run.text[: len(run.text) - len(run.text.lstrip())]
        trail = run.text[len(run.text.rstrip()) :]
        parts.append(f"{lead}{mark}{escape_inline(core)}{mark}{trail}")
    markdown = "".join(parts)
    if _same_emphasis(merged, markdown):
        return Written(markdown)
    plain = escape_inline("".join(run.text for run in merged))
    return Written(plain, [f"the bold or italic in «{_short(plain)}» (could not be written)"])


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def inline_text(paras: Sequence[TextPara]) -> Written:
    """Paragraphs as one line (a title, a list item, a table cell)."""
    runs: list[TextRun] = []
    for index, para in enumerate(paras):
        if index and runs and para.text.strip():
            runs.append(TextRun(" "))
        runs += para.runs
    written = runs_markdown(runs)
    return Written(" ".join(written.text.split()), written.lost)


def _pieces(para: TextPara) -> list[list[TextRun]]:
    """The paragraph's runs cut at its line breaks."""
    pieces: list[list[TextRun]] = [[]]
    for run in para.runs:
        for index, piece in enumerate(run.text.split("\n")):
            if index:
                pieces.append([])
            pieces[-1].append(TextRun(piece, run.bold, run.italic))
    return pieces


def paragraph_lines(para: TextPara) -> Written:
    """A paragraph as Markdown lines; line breaks inside it become hard breaks (`\\`)."""
    lines, lost = [], []
    for piece in _pieces(para):
        written = runs_markdown(piece)
        lost += written.lost
        text = written.text.strip()
        if text:
            lines.append(escape_line_start(text))
    return Written(" \\\n".join(lines), lost)


def notes_lines(paras: Sequence[TextPara]) -> Written:
    """Speaker notes, a line for each line; only fences and emphasis need escaping there."""
    lines, lost = [], []
    for para in paras:
        for piece in _pieces(para):
            written = runs_markdown(piece)
            lost += written.lost
            text = written.text.strip()
            lines.append("\\" + text if _FENCE_LIKE.match(text) else text)
    return Written("\n".join(lines).strip(), lost)


def title_line(level: int, title: str, attrs: str = "") -> str:
    """`## Title {attrs}`; a title that ends in braces gets `{}` so they stay text."""
    marks = "#" * level
    if attrs:
        return f"{marks} {title} {{{attrs}}}"
    if title.endswith("}"):
        return f"{marks} {title} {{}}"
    return f"{marks} {title}"
