"""Reading slides.md: Markdown in the Pandoc/Quarto slide convention.

`# Title` is a section divider, `## Title {.kind key=value}` starts a slide, `::: notes` holds
speaker notes and `:::: columns` / `::: column` make columns. The reader keeps the line of
everything it reads, so later checks can point at the exact place in the file.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.content.read_text import (
    MAX_SLIDES_BYTES,
    forbidden_characters,
    invisible_warning,
    read_content_text,
    remove_invisible,
)
from pipeline.content.read_yaml import memoised
from pipeline.errors import Diagnostic

HEADING = re.compile(r"^(#{1,2})(?:\s+(.*?))?\s*$")
TRAILING_ATTRS = re.compile(r"^(.*?)\s*\{([^{}]*)\}\s*$")
FENCE = re.compile(r"^(:{3,})\s*(?:\{\s*\.?([\w-]+)\s*\}|\.?([\w-]+))?\s*$")
# "- " and Markdown's other markers, and what Word's AutoFormat leaves: the en dash "– " and
# the bullets "• ", "▪ " and "❖ ".
BULLET = re.compile(r"^(\s*)[-*+\u2013•▪❖]\s+(.*)$")
CURLY_QUOTES = "\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u201a"
NUMBERED = re.compile(r"^(\s*)(\d+)[.)]\s+(.*)$")
IMAGE = re.compile(r"^!\[(.*?)\]\((.*?)\)\s*$")
QUOTE = re.compile(r"^>\s?(.*)$")


@dataclass
class Line:
    number: int
    text: str


@dataclass
class RawBlock:
    kind: str  # paragraph, bullets, numbered, quote, image
    line: int
    text: str = ""
    items: list[tuple[str, int]] = field(default_factory=list)  # (text, level)
    item_lines: list[int] = field(default_factory=list)  # the line each item starts on
    alt: str = ""
    target: str = ""


@dataclass
class RawSlide:
    title: str
    level: int
    line: int
    kind: str | None = None
    attrs: dict[str, str] = field(default_factory=dict)
    blocks: list[RawBlock] = field(default_factory=list)
    columns: list[list[RawBlock]] = field(default_factory=list)
    notes: str = ""


def parse_attrs(text: str) -> tuple[list[str], dict[str, str], str | None]:
    """Parse `.kind key=value key2="two words"`. Returns classes, attributes and an error."""
    try:
        tokens = shlex.split(text, posix=True)
    except ValueError:
        return [], {}, "the {...} settings have an unclosed quote"
    classes: list[str] = []
    attrs: dict[str, str] = {}
    last_key = ""
    for token in tokens:
        if token.startswith("."):
            classes.append(token[1:])
        elif token.startswith("#"):
            attrs["id"] = token[1:]
        elif "=" in token:
            key, _, value = token.partition("=")
            last_key = key.strip()
            attrs[last_key] = value
        elif last_key:
            return classes, attrs, _spaced_value(last_key, attrs[last_key])
        else:
            return classes, attrs, f"the setting {token!r} needs the form key=value or .kind"
    return classes, attrs, None


def _spaced_value(key: str, start: str) -> str:
    if start[:1] in CURLY_QUOTES:
        return (
            f"the value of {key}= is in typographic (curly) quotes {start[0]} from Word, which "
            'do not hold a value with spaces together; use straight " quotes'
        )
    return f"the value of {key}= has spaces, so it must be in double quotes"


def quote_spaced_values(text: str) -> str:
    """The settings `text` with each value that runs over spaces put in straight quotes:
    `.quote source=Spurkeland og Bjørk` gives `.quote source="Spurkeland og Bjørk"`."""
    parts: list[str] = []
    for token in text.split():
        if token.startswith((".", "#")) or "=" in token or not parts:
            parts.append(token)
        else:
            parts[-1] += " " + token
    fixed = []
    for part in parts:
        key, equals, value = part.partition("=")
        value = value.strip(CURLY_QUOTES + '"')
        if equals and (" " in value or part != f"{key}={value}"):
            part = f'{key}="{value}"'
        fixed.append(part)
    return " ".join(fixed)


def _blocks(lines: list[Line]) -> list[RawBlock]:
    """Turn body lines into blocks: paragraphs, lists, quotes and images."""
    blocks: list[RawBlock] = []
    current: RawBlock | None = None

    def close() -> None:
        nonlocal current
        if current is not None:
            if current.kind in ("paragraph", "quote"):
                current.text = current.text.strip()
            blocks.append(current)
        current = None

    for line in lines:
        text = line.text.rstrip()
        if not text.strip():
            # A blank line ends a paragraph or quote; lists may continue after it.
            if current is not None and current.kind in ("paragraph", "quote", "image"):
                close()
            continue
        bullet = BULLET.match(text)
        numbered = NUMBERED.match(text)
        image = IMAGE.match(text.strip())
        quote = QUOTE.match(text)
        if image:
            close()
            blocks.append(
                RawBlock("image", line.number, alt=image.group(1), target=image.group(2).strip())
            )
        elif quote:
            if current is None or current.kind != "quote":
                close()
                current = RawBlock("quote", line.number)
            current.text += ("\n" if current.text else "") + quote.group(1).strip()
        elif numbered and len(numbered.group(1)) < 2:
            if current is None or current.kind != "numbered":
                close()
                current = RawBlock("numbered", line.number)
            current.items.append((numbered.group(3).strip(), 0))
            current.item_lines.append(line.number)
        elif bullet:
            level = 1 if len(bullet.group(1).expandtabs(4)) >= 2 else 0
            if current is not None and current.kind == "numbered" and level == 1:
                current.items.append((bullet.group(2).strip(), 1))
                current.item_lines.append(line.number)
                continue
            if current is None or current.kind != "bullets":
                close()
                current = RawBlock("bullets", line.number)
            current.items.append((bullet.group(2).strip(), level))
            current.item_lines.append(line.number)
        elif (
            current is not None
            and current.kind in ("bullets", "numbered")
            and (text.startswith((" ", "\t")))
        ):
            # An indented line continues the previous list item.
            item_text, level = current.items[-1]
            current.items[-1] = (f"{item_text} {text.strip()}", level)
        else:
            if current is None or current.kind != "paragraph":
                close()
                current = RawBlock("paragraph", line.number)
            hard_break = text.endswith("\\") or line.text.endswith("  ")
            content = text.removesuffix("\\").strip()
            if current.text and not current.text.endswith("\n"):
                current.text += " "
            current.text += content + ("\n" if hard_break else "")
    close()
    return blocks


# Word pastes Shift+Enter as a vertical tab: it means a line break.
_LINE_BREAKS = {"\x0b": "\n", "\x0c": "\n", "\u2028": "\n", "\u2029": "\n\n"}


def _read_text(path: Path) -> tuple[str | None, list[Diagnostic]]:
    """The file's clean text, or None and why it cannot be read.

    Pasted line breaks become real ones before the check for control characters, so only the
    characters that mean nothing are refused; invisible formatting characters are removed,
    with one warning for the file.
    """
    text, problems = read_content_text(path, MAX_SLIDES_BYTES)
    if text is None:
        return None, problems
    for char, replacement in _LINE_BREAKS.items():
        text = text.replace(char, replacement)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    problems = forbidden_characters(text, path)
    if problems:
        return None, problems
    warning = invisible_warning(text, path)
    return remove_invisible(text), [warning] if warning is not None else []


def _fixed_heading(line: str, settings: str) -> str:
    """The heading line with its spaced values quoted, as a hint; empty if that changes
    nothing."""
    fixed = quote_spaced_values(settings)
    if fixed == settings.strip():
        return ""
    start = line.rindex("{" + settings + "}")
    return f"write the line as: {line[:start]}{{{fixed}}}".rstrip()


class _SlideReader:
    """Reads slides.md line by line: headings start slides, fences open and close notes and
    columns, and every other line goes to the part of the current slide it belongs to."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        self.slides: list[RawSlide] = []
        self.body: list[Line] = []
        self.notes: list[str] = []
        self.columns: list[list[Line]] = []
        # What the open fences are: "notes", "columns" or "column", innermost last.
        self.stack: list[tuple[str, int]] = []
        self.in_code = False

    def error(self, number: int, message: str, hint: str = "") -> None:
        self.diagnostics.append(
            Diagnostic("error", message, file=self.path, line=number, column=1, hint=hint)
        )

    def feed(self, number: int, line: str) -> None:
        if line.strip().startswith("```"):
            self.in_code = not self.in_code
        heading = HEADING.match(line) if not self.stack and not self.in_code else None
        if heading:
            self.heading(number, heading)
            return
        fence = FENCE.match(line.strip()) if not self.in_code else None
        if fence:
            self.fence(number, fence.group(2) or fence.group(3))
            return
        self.text(number, line)

    def heading(self, number: int, heading: re.Match[str]) -> None:
        """Finish the slide before and start a new one with its kind and settings."""
        self.finish_slide()
        self.body, self.notes, self.columns = [], [], []
        level = len(heading.group(1))
        title = (heading.group(2) or "").strip()
        classes: list[str] = []
        attrs: dict[str, str] = {}
        attrs_match = TRAILING_ATTRS.match(title)
        if attrs_match:
            title = attrs_match.group(1).strip()
            classes, attrs, problem = parse_attrs(attrs_match.group(2))
            if problem:
                self.error(number, problem, hint=_fixed_heading(heading[0], attrs_match[2]))
        if len(classes) > 1:
            self.error(
                number, f"a slide has one kind, received {', '.join('.' + c for c in classes)}"
            )
        kind = classes[0] if classes else ("section" if level == 1 else None)
        self.slides.append(RawSlide(title, level, number, kind, attrs))

    def fence(self, number: int, name: str | None) -> None:
        """`::: name` opens a block, a bare `:::` closes the innermost one."""
        if name:
            if not self.slides:
                self.error(
                    number,
                    f"'::: {name}' comes before the first slide title",
                    hint="start the file with a '## Title' line",
                )
            if name == "column":
                self.columns.append([])
            elif name not in ("notes", "columns"):
                self.error(
                    number,
                    f"unknown block '::: {name}'",
                    hint="use '::: notes', ':::: columns' or '::: column'",
                )
            self.stack.append((name, number))
        elif self.stack:
            self.stack.pop()
        else:
            self.error(
                number, "a closing ':::' has no opening '::: notes' or ':::: columns' before it"
            )

    def text(self, number: int, line: str) -> None:
        """A line of notes, of a column, or of the slide's body."""
        inside = self.stack[-1][0] if self.stack else None
        if inside == "notes":
            self.notes.append(line)
        elif not self.slides:
            if line.strip() and not line.strip().startswith("<!--"):
                self.error(
                    number,
                    "text before the first slide title would be lost",
                    hint="put a '## Title' line above it",
                )
        elif inside == "column":
            self.columns[-1].append(Line(number, line))
        elif inside == "columns":
            if line.strip():
                self.error(number, "text inside ':::: columns' must be inside a '::: column'")
        else:
            self.body.append(Line(number, line))

    def finish_slide(self) -> None:
        if not self.slides:
            return
        slide = self.slides[-1]
        slide.blocks = _blocks(self.body)
        slide.columns = [_blocks(column) for column in self.columns]
        slide.notes = "\n".join(self.notes).strip()

    def finish(self) -> None:
        """The end of the file: report unclosed fences, finish the last slide."""
        for name, number in self.stack:
            self.error(
                number, f"'::: {name}' is never closed", hint="add a line with ':::' where it ends"
            )
        self.finish_slide()
        if not self.slides and not any(d.severity == "error" for d in self.diagnostics):
            self.diagnostics.append(
                Diagnostic(
                    "error", "the file has no slides", file=self.path, hint="start with '## Title'"
                )
            )


def read_slides(path: Path) -> tuple[list[RawSlide], list[Diagnostic]]:
    """The slides of `path` as read, with every problem found on the way. Inside
    `read_yaml.yaml_memo` an unchanged text is not parsed again."""
    text, problems = _read_text(path)
    if text is None:
        return [], problems
    slides, found = memoised(path, text, lambda: _parse(path, text))
    return list(slides), [*problems, *found]


def _parse(path: Path, text: str) -> tuple[list[RawSlide], list[Diagnostic]]:
    reader = _SlideReader(path)
    for number, line in enumerate(text.splitlines(), start=1):
        reader.feed(number, line)
    reader.finish()
    return reader.slides, reader.diagnostics
