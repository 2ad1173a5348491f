"""Rewriting content text at known places, keeping every other byte as it was.

`samling pull` knows which words changed on a slide; these helpers find the line of slides.md
or the scalar of a YAML file that holds them and change only those characters, so comments,
quoting, indentation and emphasis marks elsewhere stay exactly as the author wrote them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from difflib import SequenceMatcher
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from pipeline.model.inline import inline_runs, plain_positions, plain_text

# A slides.md line: the part before the text (heading marks, list marker, quote mark,
# indentation), the text, and what follows it ({...} settings of a heading).
_HEADING = re.compile(r"^(#{1,2}\s+)(.*?)(\s*\{[^{}]*\}\s*)?$")
_ITEM = re.compile(r"^(\s*(?:[-*+•▪❖]|\d+[.)])\s+|>\s?|\s*)(.*?)(\s*)$")
_FENCE = re.compile(r"^\s*:{3,}")


def split_line(line: str) -> tuple[str, str, str] | None:
    """(prefix, text, suffix) of a slides.md line, or None for a line that holds no text."""
    if not line.strip() or _FENCE.match(line) or line.lstrip().startswith(("![", "<!--")):
        return None
    heading = _HEADING.match(line)
    if heading:
        return heading.group(1), heading.group(2), heading.group(3) or ""
    item = _ITEM.match(line)
    assert item is not None  # the pattern matches any line
    return item.group(1), item.group(2), item.group(3)


def emphasis(text: str) -> list[tuple[bool, bool]]:
    """Bold and italic of each visible, non-space character of Markdown `text`."""
    return [(r.bold, r.italic) for r in inline_runs(text) for c in r.text if not c.isspace()]


def splice(markdown: str, old_plain: str, new_plain: str) -> str | None:
    """`markdown` with the characters that changed between the two plain texts changed.

    Emphasis marks around unchanged words stay where they were. None when `markdown` does
    not show `old_plain`, or when an edit would cut through a mark.
    """
    if plain_text(markdown) != old_plain:
        return None
    positions = plain_positions(markdown)
    out, cursor = [], 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old_plain, new_plain, False).get_opcodes():
        if op == "equal":
            continue
        if i1 < i2:
            start, end = positions[i1], positions[i2 - 1] + 1
        else:
            start = end = positions[i1] if i1 < len(positions) else len(markdown.rstrip("*"))
        out.append(markdown[cursor:start] + new_plain[j1:j2])
        cursor = end
    result = "".join(out) + markdown[cursor:]
    return result if plain_text(result) == new_plain else None


def yaml_scalar(text: str, flow: bool) -> str:
    """`text` as a YAML scalar: plain when that reads back the same, else double-quoted."""
    risky = text != text.strip() or not text or text[0] in "*&!{[>|%@`'\"#-?:,]}"
    risky = risky or ": " in text or " #" in text or text.lower() in ("true", "false", "null")
    if flow:
        risky = risky or any(c in text for c in ",[]{}")
    return json.dumps(text, ensure_ascii=False) if risky else text


def _scalar_spans(line: str, value: str) -> Iterator[tuple[int, int, bool]]:
    """Where `value` stands as a whole scalar on a YAML line: (start, end, in a flow list)."""
    for quoted in (json.dumps(value, ensure_ascii=False), "'" + value.replace("'", "''") + "'"):
        for match in re.finditer(re.escape(quoted), line):
            yield match.start(), match.end(), "[" in line[: match.start()]
    pattern = re.compile(
        r"(?:(?<=^- )|(?<=\s- )|(?<=: )|(?<=\[)|(?<=, )|(?<=,))\s*" + re.escape(value)
    )
    for match in pattern.finditer(line):
        end = match.end()
        rest = line[end:]
        flow = "[" in line[: match.start()]
        ends = rest.strip() == "" or rest.lstrip().startswith("#") and rest[:1].isspace()
        if flow:
            ends = rest.lstrip().startswith((",", "]"))
        if ends:
            start = match.start() + len(match.group()) - len(value)
            yield start, end, flow


def replace_yaml_scalar(text: str, old: str, new: str) -> tuple[str, int] | None:
    """`text` with the one scalar `old` replaced by `new`, and its 1-based line; None when
    `old` is not there exactly once."""
    lines = text.split("\n")
    found = [(n, span) for n, line in enumerate(lines) for span in _scalar_spans(line, old)]
    if len(found) != 1:
        return None
    number, (start, end, flow) = found[0]
    line = lines[number]
    lines[number] = line[:start] + yaml_scalar(new, flow) + line[end:]
    result = "\n".join(lines)
    before, after = _parsed_scalars(text), _parsed_scalars(result)
    if before is None or after is None or len(before) != len(after):
        return None
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    return (result, number + 1) if changed == [(old, new)] else None


def _parsed_scalars(text: str) -> list[str] | None:
    try:
        return scalars(YAML(typ="safe", pure=True).load(text))
    except YAMLError:
        return None


def scalars(data: Any) -> list[str]:
    """Every string in parsed YAML, in document order: what a scalar edit must keep."""
    if isinstance(data, dict):
        return [s for key, value in data.items() for s in [str(key), *scalars(value)]]
    if isinstance(data, list):
        return [s for value in data for s in scalars(value)]
    return [str(data)]
