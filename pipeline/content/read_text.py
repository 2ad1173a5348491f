"""Reading a content file's text before it is parsed: a size limit, UTF-8, no control
characters, and no invisible formatting characters in what reaches the outputs.

Content is typed by people who paste from Word, web pages and chat programs, and a content
folder may come from someone else. Every YAML file and slides.md passes through here first, so
a broken or hostile file ends as a diagnostic with its place in the file, never as a crash, a
hang or text that reads differently on the slide than in the editor.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.errors import Diagnostic

# The largest content files samling reads. The biggest shipped ones are 12 KB (YAML) and
# 30 KB (slides.md); ruamel's round-trip loader needs seconds per hundred kilobytes, so a
# YAML file far beyond what any programme needs would make `samling check` hang.
MAX_YAML_BYTES = 512 * 1024
MAX_SLIDES_BYTES = 2 * 1024 * 1024

# Characters no content needs and the outputs cannot hold: C0 controls except tab, newline and
# carriage return (XML refuses them), DEL and the C1 controls (left by text decoded with the
# wrong code page), and the Unicode noncharacters U+FDD0-U+FDEF and U+xFFFE/U+xFFFF.
_NONCHARACTERS = "".join(
    f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000)
)
_FORBIDDEN = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef{_NONCHARACTERS}]")
# More lines with forbidden characters than this are summed up in one more diagnostic.
MAX_CHARACTER_REPORTS = 10

# Invisible formatting characters that make text show differently from how it reads in the
# editor: the bidirectional controls (embeddings, overrides, isolates and the marks; the
# "Trojan Source" characters), zero width space, word joiner and a byte order mark inside the
# text. They are removed from all content. Zero width non-joiner and joiner (U+200C, U+200D)
# are kept: real scripts and emoji sequences (👩‍💻) need them.
INVISIBLE = frozenset(
    {
        "\u061c",  # Arabic letter mark
        "\u200b",  # zero width space
        "\u200e",  # left-to-right mark
        "\u200f",  # right-to-left mark
        "\u2060",  # word joiner
        "\ufeff",  # byte order mark / zero width no-break space
        *(chr(code) for code in range(0x202A, 0x202F)),  # embeddings and overrides
        *(chr(code) for code in range(0x2066, 0x206A)),  # isolates
    }
)
_INVISIBLE = re.compile("[" + "".join(sorted(INVISIBLE)) + "]")
_REMOVE_INVISIBLE = {ord(char): None for char in INVISIBLE}


def position(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of `text[index]`."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def read_content_text(path: Path, limit: int) -> tuple[str | None, list[Diagnostic]]:
    """The text of the content file `path`, or None and the diagnostics that say why not.

    Refuses a file over `limit` bytes before reading it, and a file that is not UTF-8. A
    leading byte order mark is dropped. The caller checks forbidden_characters, after turning
    what its format treats as line breaks into newlines.
    """
    try:
        size = path.stat().st_size
        if size <= limit:
            with path.open("rb") as stream:
                # Read one byte more than allowed: the file may grow, or not be a plain file.
                data = stream.read(limit + 1)
            size = len(data)
    except OSError as exc:
        return None, [Diagnostic("error", f"cannot read the file: {exc.strerror}", file=path)]
    if size > limit:
        return None, [_too_large(path, size, limit)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [_not_utf8(path, data, exc.start)]
    return text, []


def _too_large(path: Path, size: int, limit: int) -> Diagnostic:
    kind = "Markdown files" if path.suffix == ".md" else "YAML files"
    return Diagnostic(
        "error",
        f"the file is {size:,} bytes; samling reads {kind} of at most {limit:,} bytes "
        f"({limit // 1024:,} KiB)",
        file=path,
        hint="content files are short text; check that this is the right file, or split it",
    )


def _not_utf8(path: Path, data: bytes, start: int) -> Diagnostic:
    """Where the first byte that is not UTF-8 is, counted in characters like an editor does."""
    line_start = data.rfind(b"\n", 0, start) + 1
    column = len(data[line_start:start].decode("utf-8", errors="replace")) + 1
    return Diagnostic(
        "error",
        f"the file is not UTF-8 text: the byte 0x{data[start]:02X} here cannot be read",
        file=path,
        line=data.count(b"\n", 0, start) + 1,
        column=column,
        hint="save the file as UTF-8 in your editor",
    )


def forbidden_characters(text: str, path: Path) -> list[Diagnostic]:
    """One error for each line with a control character or noncharacter, at its first one."""
    problems: list[Diagnostic] = []
    lines_with_problems = 0
    last_line = 0
    for found in _FORBIDDEN.finditer(text):
        line, column = position(text, found.start())
        if line == last_line:
            continue
        last_line = line
        lines_with_problems += 1
        if lines_with_problems <= MAX_CHARACTER_REPORTS:
            problems.append(_forbidden(path, found.group(), line, column))
    if lines_with_problems > MAX_CHARACTER_REPORTS:
        problems.append(
            Diagnostic(
                "error",
                f"{lines_with_problems - MAX_CHARACTER_REPORTS} more lines have such characters",
                file=path,
                hint="if the file is not text, or was saved as UTF-16, save it as UTF-8 text",
            )
        )
    return problems


def _forbidden(path: Path, char: str, line: int, column: int) -> Diagnostic:
    code = ord(char)
    if code == 0:
        message = "a NUL character (U+0000) is in the text"
        hint = "save the file as UTF-8, not UTF-16; or delete the character at that place"
    elif code < 0xA0:
        message = (
            f"an invisible control character (U+{code:04X}) is in the text, probably pasted "
            "from another program"
        )
        hint = "delete it and type the text again at that place"
    else:
        message = f"the Unicode noncharacter U+{code:04X} is in the text; no script uses it"
        hint = "a broken conversion left it there; delete it and type the text again"
    return Diagnostic("error", message, file=path, line=line, column=column, hint=hint)


def remove_invisible(text: str) -> str:
    """`text` without the invisible formatting characters in INVISIBLE."""
    return text.translate(_REMOVE_INVISIBLE)


def invisible_warning(text: str, path: Path) -> Diagnostic | None:
    """One warning for a file whose text has invisible formatting characters, at the first."""
    found = list(_INVISIBLE.finditer(text))
    if not found:
        return None
    line, column = position(text, found[0].start())
    first = ord(found[0].group())
    more = f" and {len(found) - 1} more" if len(found) > 1 else ""
    return Diagnostic(
        "warning",
        f"removed the invisible formatting character U+{first:04X} here{more}: such characters "
        "can hide or reorder text",
        file=path,
        line=line,
        column=column,
        hint="they usually come from pasting; nothing to do unless the text looks wrong",
    )
