"""Markdown inline emphasis, parsed once for every output: **bold**, *italic* and their nesting.

The deck, the guide and the worksheets all set text through `inline_runs`, so the same source
gives the same words with the same emphasis everywhere: `**a *b* c**` is "a " bold, "b" bold
and italic, " c" bold, in each of them.

The rules follow CommonMark's in the cases facilitators write: a delimiter opens when a
non-space follows it and closes when a non-space precedes it; `**` is bold and `*` italic; a
delimiter with no partner stays in the text as it was typed, so no character is ever lost.
A backslash before ASCII punctuation or a list bullet (as in `\\*`, `\\#`, `\\•`) writes that
character as it is, as in CommonMark; `samling import` escapes text this way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.model.types import Run

# A run of stars, or an escape: a backslash before ASCII punctuation or a list bullet.
_ESCAPABLE = re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\u2013•▪❖")
_TOKENS = re.compile(rf"\\[{_ESCAPABLE}]|\*+")
_ESCAPE = re.compile(rf"\\([{_ESCAPABLE}])")


@dataclass
class _Delimiter:
    position: int  # index in the text
    kind: str  # "**" or "*"
    partner: int | None = None  # index of the matching delimiter in the list


def _delimiters(text: str) -> list[_Delimiter]:
    """Pair the emphasis delimiters of `text`; unpaired ones keep partner None."""
    found: list[_Delimiter] = []
    open_stack: list[int] = []
    for match in _TOKENS.finditer(text):
        if match.group().startswith("\\"):
            continue  # an escaped character is text, never a delimiter
        before = text[match.start() - 1] if match.start() > 0 else " "
        after = text[match.end()] if match.end() < len(text) else " "
        can_open, can_close = not after.isspace(), not before.isspace()
        pieces = _split_run(len(match.group()), [found[i].kind for i in open_stack], can_close)
        position = match.start()
        for kind in pieces:
            index = len(found)
            found.append(_Delimiter(position, kind))
            position += len(kind)
            opener = _find_opener(found, open_stack, kind) if can_close else None
            if opener is not None:
                del open_stack[open_stack.index(opener) :]
                found[opener].partner, found[index].partner = index, opener
            elif can_open:
                open_stack.append(index)
    return found


def _split_run(length: int, open_kinds: list[str], closing: bool) -> list[str]:
    """Cut a run of stars into delimiters: `***` closes the innermost open one first."""
    pieces: list[str] = []
    while length > 0:
        if length == 1 or length == 3 and closing and open_kinds and open_kinds[-1] == "*":
            kind = "*"
        else:
            kind = "**"
        pieces.append(kind)
        length -= len(kind)
        if closing and open_kinds and open_kinds[-1] == kind:
            open_kinds = open_kinds[:-1]
    return pieces


def _find_opener(found: list[_Delimiter], open_stack: list[int], kind: str) -> int | None:
    for index in reversed(open_stack):
        if found[index].kind == kind:
            return index
    return None


def inline_runs(text: str) -> list[Run]:
    """Split Markdown inline emphasis into runs of plain, bold and italic text."""
    runs: list[Run] = []
    bold = italic = False
    position = 0

    def emit(upto: int) -> None:
        if upto <= position:
            return
        piece = _ESCAPE.sub(r"\1", text[position:upto])
        if runs and runs[-1].bold == bold and runs[-1].italic == italic:
            runs[-1] = Run(text=runs[-1].text + piece, bold=bold, italic=italic)
        else:
            runs.append(Run(text=piece, bold=bold, italic=italic))

    for delimiter in _delimiters(text):
        if delimiter.partner is None:
            continue  # an unpaired star is text, emitted with what follows
        emit(delimiter.position)
        if delimiter.kind == "**":
            bold = not bold
        else:
            italic = not italic
        position = delimiter.position + len(delimiter.kind)
    emit(len(text))
    return runs


def plain_text(text: str) -> str:
    """The text without Markdown emphasis marks."""
    return "".join(run.text for run in inline_runs(text))


def plain_positions(text: str) -> list[int]:
    """For each character of `plain_text(text)`, its index in `text` (the Markdown)."""
    removed: set[int] = set()
    for delimiter in _delimiters(text):
        if delimiter.partner is not None:
            removed.update(range(delimiter.position, delimiter.position + len(delimiter.kind)))
    return [index for index in range(len(text)) if index not in removed]


def markdown_of(runs: list[tuple[str, bool, bool]]) -> str:
    """Runs of (text, bold, italic) written back as Markdown; spaces stay outside the marks."""
    out = []
    for text, bold, italic in runs:
        marks = ("**" if bold else "") + ("*" if italic else "")
        core = text.strip()
        if not marks or not core:
            out.append(text)
            continue
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        out.append(f"{lead}{marks}{core}{marks[::-1]}{trail}")
    return "".join(out)
