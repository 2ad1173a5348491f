"""Reading YAML 1.2 with the position of every value, and validating it against the model.

ruamel.yaml's round-trip loader follows YAML 1.2, so an unquoted 10:45 stays the text "10:45"
(YAML 1.1 would make it the integer 645) and `no` stays the word "no". Every value keeps its
line and column, so a validation error can point at the exact place in the file.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.scalarfloat import ScalarFloat

from pipeline.content.read_text import (
    MAX_YAML_BYTES,
    forbidden_characters,
    invisible_warning,
    position,
    read_content_text,
    remove_invisible,
)
from pipeline.errors import Diagnostic
from pipeline.model import types as model
from pipeline.model.clock import WrittenNumber

Loc = tuple[str | int, ...]

# The deepest nesting of mappings and lists samling reads; content uses five or six levels.
MAX_NESTING = 50


@dataclass
class YamlDocument:
    path: Path
    data: Any
    # Position (1-based line, column) of each value and of each mapping key, by key path.
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    # The first value that had invisible formatting characters removed, if any.
    invisible_at: Loc | None = None

    def position(self, loc: Loc, of_key: bool = False) -> tuple[int, int]:
        """The nearest known position for `loc`, walking up to its parents."""
        table = self.keys if of_key else self.values
        probe = tuple(loc)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return (1, 1)

    def diagnostic(
        self,
        loc: Loc,
        message: str,
        severity: str = "error",
        hint: str = "",
        *,
        at: tuple[int, int] | None = None,
    ) -> Diagnostic:
        """A finding about `loc`, placed at `loc`'s value unless `at` gives another place."""
        line, column = self.position(loc) if at is None else at
        return Diagnostic(
            severity,  # type: ignore[arg-type]
            message,
            file=self.path,
            line=line,
            column=column,
            key=format_loc(loc),
            hint=hint,
        )


def format_loc(loc: Loc) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _plain(node: Any, loc: Loc, doc: YamlDocument) -> Any:
    """Turn ruamel's commented containers into plain ones, recording positions; text loses
    its invisible formatting characters here, also those written as escapes like "\\u202e"."""
    if isinstance(node, CommentedMap):
        result = {}
        for key, value in node.items():
            child = (*loc, _text(key, loc, doc))
            try:
                key_line, key_col = node.lc.key(key)
                value_line, value_col = node.lc.value(key)
            except (KeyError, TypeError):
                key_line = key_col = value_line = value_col = None
            if key_line is not None:
                doc.keys[child] = (key_line + 1, key_col + 1)
                doc.values[child] = (value_line + 1, value_col + 1)
            result[str(child[-1])] = _plain(value, child, doc)
        return result
    if isinstance(node, CommentedSeq):
        items = []
        for index, value in enumerate(node):
            child = (*loc, index)
            try:
                line, col = node.lc.item(index)
                doc.values[child] = (line + 1, col + 1)
            except (KeyError, TypeError, IndexError):
                pass
            items.append(_plain(value, child, doc))
        return items
    if isinstance(node, str):
        return _text(node, loc, doc)
    if isinstance(node, ScalarFloat):
        return WrittenNumber(node, _written_float(node))
    return node


def _written_float(number: ScalarFloat) -> str:
    """How a plain number with a point was written (9.5 or 9.50), from what ruamel keeps of
    it for round-tripping; numbers with an exponent keep Python's form."""
    width, point = getattr(number, "_width", None), getattr(number, "_prec", None)
    if getattr(number, "_exp", None) or not isinstance(width, int) or not isinstance(point, int):
        return repr(float(number))
    decimals = max(0, width - point - 1)
    text = f"{abs(float(number)):.{decimals}f}"
    leading = "0" * (getattr(number, "_m_lead0", 0) or 0)
    return ("-" if number < 0 else "") + leading + text


def _text(value: Any, loc: Loc, doc: YamlDocument) -> str:
    """`value` as plain text without invisible formatting characters; the first place where
    some were removed is kept for the warning."""
    text = str(value)
    cleaned = remove_invisible(text)
    if cleaned != text and doc.invisible_at is None:
        doc.invisible_at = loc
    return cleaned


class _Refused(MarkedYAMLError):
    """YAML that samling does not read, though it is valid: aliases, or deep nesting."""


class _GuardedComposer(Composer):
    """Refuses anchors and aliases, which content has no use for and which let a few lines
    expand into gigabytes ("billion laughs"), and nesting deeper than MAX_NESTING, which
    would exhaust Python's stack. ruamel's own max_depth miscounts (0.19.1), so it is not used."""

    nesting = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(None, None, _ALIAS_MESSAGE, event.start_mark)
        self.nesting += 1
        try:
            if self.nesting > MAX_NESTING:
                raise _Refused(None, None, _DEEP_MESSAGE, event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self.nesting -= 1


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.version = (1, 2)
    yaml.allow_duplicate_keys = False
    yaml.Composer = _GuardedComposer
    return yaml


_memo: dict[Any, Any] | None = None
_Parsed = TypeVar("_Parsed")


@contextlib.contextmanager
def yaml_memo(memo: dict[Any, Any]) -> Iterator[None]:
    """Within it, `read_yaml` keeps each file's result in `memo` by its path and text, so a
    warm session (`pipeline.warm`) parses only the files that changed since its last read."""
    global _memo
    previous, _memo = _memo, memo
    try:
        yield
    finally:
        _memo = previous


def memoised(path: Path, text: str, parse: Callable[[], _Parsed]) -> _Parsed:
    """What `parse` makes of `text`, the content of `path`: inside `yaml_memo`, kept by the
    path and the text, so a file is parsed again only when it changed. The callers (YAML
    here, slides.md in `read_slides`) never change what they get back."""
    if _memo is None:
        return parse()
    key = (path, hashlib.sha256(text.encode()).hexdigest())
    if key not in _memo:
        for old in [k for k in _memo if k[0] == path]:  # keep one version per file
            del _memo[old]
        _memo[key] = parse()
    return cast(_Parsed, _memo[key])


def read_yaml(path: Path) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Read one YAML file. Returns the document, or None and the diagnostics that say why."""
    text, problems = read_content_text(path, MAX_YAML_BYTES)
    if text is None:
        return None, problems
    doc, found = memoised(path, text, lambda: _parse_yaml(path, text))
    return doc, list(found)


def _parse_yaml(path: Path, text: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    problems = forbidden_characters(text, path)
    if problems:
        return None, problems
    problem = _unreadable_text(text, path)
    if problem is not None:
        return None, [problem]
    try:
        raw = _yaml().load(text)
    except _Refused as exc:
        message = exc.problem or ""
        return None, [_at_mark(path, exc, message, _REFUSED_HINTS.get(message, ""))]
    except MarkedYAMLError as exc:
        curly = _curly_quotes(text, path, exc)
        if curly is not None:
            return None, [curly]
        problem_text = exc.problem or exc.context or "the YAML cannot be read"
        return None, [
            _at_mark(
                path,
                exc,
                f"the YAML cannot be read: {problem_text}",
                "check the indentation (two spaces per level) and that text with ': ' "
                "is in double quotes",
            )
        ]
    except YAMLError as exc:
        return None, [Diagnostic("error", f"the YAML cannot be read: {exc}", file=path)]
    doc = YamlDocument(path=path, data=None)
    doc.data = _plain(raw, (), doc)
    warning = invisible_warning(text, path)
    if warning is None and doc.invisible_at is not None:
        warning = doc.diagnostic(doc.invisible_at, _ESCAPED_INVISIBLE, "warning")
    return doc, [warning] if warning is not None else []


_ALIAS_MESSAGE = "YAML anchors and aliases (&name / *name) are not used in samling content"
_DEEP_MESSAGE = f"the YAML nests deeper than {MAX_NESTING} levels"
_REFUSED_HINTS = {
    _ALIAS_MESSAGE: "write the value out in full at each place",
    _DEEP_MESSAGE: "content needs only a few levels; check the indentation and the [ ] and { }",
}
_ESCAPED_INVISIBLE = (
    "removed invisible formatting characters written as escapes (like \\u202e): such "
    "characters can hide or reorder text"
)


def _unreadable_text(text: str, path: Path) -> Diagnostic | None:
    """Text that is UTF-8 but still not YAML samling reads: tabs, or a YAML 1.1 directive."""
    if "\t" in text:
        line, column = position(text, text.index("\t"))
        return Diagnostic(
            "error",
            "a tab character is used for indentation; YAML needs spaces",
            file=path,
            line=line,
            column=column,
            hint="replace the tab with two spaces",
        )
    if text.lstrip().startswith("%YAML 1.1"):
        return Diagnostic(
            "error",
            "the file asks for YAML 1.1, where 'no' means false and 10:45 is a number",
            file=path,
            line=1,
            column=1,
            hint="remove the %YAML 1.1 line",
        )
    return None


# Word's typographic quotes, which YAML reads as letters, not as quotes.
CURLY_QUOTES = "\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u201a"
CURLY_MESSAGE = (
    "the text is in typographic (curly) quotes {quote} from Word, which YAML does not read as "
    "quotes, so the text in them is not read as one piece of text"
)
CURLY_HINT = 'replace them with straight " quotes, or remove them'
_QUOTED_VALUE = re.compile(rf"(?:^\s*-\s+|:\s+|[\[{{,]\s*)([{CURLY_QUOTES}])")


def _curly_quotes(text: str, path: Path, exc: MarkedYAMLError) -> Diagnostic | None:
    """When a line YAML cannot read has Word's curly quotes, they are the cause: the text was
    meant to be quoted, but YAML only knows the straight " and '."""
    lines = text.split("\n")
    for mark in (exc.problem_mark, exc.context_mark):
        if mark is None or mark.line >= len(lines):
            continue
        line = lines[mark.line]
        # Only a value that starts with one was meant to be quoted; “ord” inside text is fine.
        found = _QUOTED_VALUE.search(line)
        if found:
            column = found.start(1)
            return Diagnostic(
                "error",
                CURLY_MESSAGE.format(quote=line[column]),
                file=path,
                line=mark.line + 1,
                column=column + 1,
                hint=CURLY_HINT,
            )
    return None


def _at_mark(path: Path, exc: MarkedYAMLError, message: str, hint: str) -> Diagnostic:
    """A diagnostic at the place ruamel's error marks."""
    mark = exc.problem_mark or exc.context_mark
    return Diagnostic(
        "error",
        message,
        file=path,
        line=mark.line + 1 if mark is not None else None,
        column=mark.column + 1 if mark is not None else None,
        hint=hint,
    )


@functools.cache
def _known_keys() -> list[str]:
    names: set[str] = set()
    for value in vars(model).values():
        if isinstance(value, type) and issubclass(value, BaseModel):
            names.update(value.model_fields)
    return sorted(names)


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "...'"


def _expected(message: str) -> str:
    message = message.removeprefix("Value error, ")
    replacements = {
        "Input should be a valid integer, unable to parse string": "expected a number",
        "Input should be a valid integer": "expected a whole number",
        "Input should be a valid string": "expected text",
        "Input should be a valid list": "expected a list (lines starting with '- ')",
        "Input should be a valid dictionary": "expected a mapping (lines of 'key: value')",
        "Input should be a valid boolean": "expected true or false",
        "Input should be a valid date": "expected a date like 20.09.23",
        "Input should be a valid time": "expected a clock time like 08:30",
    }
    for prefix, replacement in replacements.items():
        if message.startswith(prefix):
            return replacement
    if message.startswith("Input should be"):
        return "expected" + message.removeprefix("Input should be")
    if message.startswith("String should have at least 1 character"):
        return "expected some text, not an empty value"
    if message.startswith("String should have at most"):
        return "expected at most" + message.removeprefix("String should have at most")
    counted = re.fullmatch(
        r"List should have at (least|most) (\d+) items?(?: after validation)?, not (\d+)", message
    )
    if counted:
        return f"expected at {counted[1]} {counted[2]} items, found {counted[3]}"
    return message[0].lower() + message[1:] if message else message


def validate(
    doc: YamlDocument, cls: type[model.BaseModel], loc: Loc = (), data: Any = None, **extra: Any
) -> tuple[Any, list[Diagnostic]]:
    """Validate `data` (default: the whole document) as `cls`; map errors to file positions."""
    payload = doc.data if data is None else data
    if not isinstance(payload, dict):
        return None, [doc.diagnostic(loc, f"expected a mapping, received {_describe(payload)}")]
    try:
        return cls.model_validate({**payload, **extra}), []
    except ValidationError as exc:
        return None, [_diagnose(doc, loc, err) for err in exc.errors()]


def _diagnose(doc: YamlDocument, loc: Loc, err: ErrorDetails) -> Diagnostic:
    """One pydantic error in the words of the content, at its place in the file."""
    err_loc = (*loc, *(p for p in err["loc"] if not isinstance(p, str) or p))
    kind = err["type"]
    if kind == "extra_forbidden":
        key = str(err_loc[-1])
        close = difflib.get_close_matches(key, _known_keys(), n=1, cutoff=0.6)
        return doc.diagnostic(
            err_loc,
            f"unknown key {key!r}",
            hint=f"did you mean {close[0]!r}?" if close else "remove it",
            at=doc.position(err_loc, of_key=True),
        )
    if kind == "missing":
        # A missing key has no place of its own: point at the mapping it belongs in.
        return doc.diagnostic(
            err_loc,
            f"the key {err_loc[-1]!r} is missing",
            hint="add it",
            at=doc.position(err_loc[:-1]),
        )
    found = err.get("input")
    if isinstance(found, dict) and len(found) == 1 and str(next(iter(found)))[:1] in CURLY_QUOTES:
        # - “Tid: 5 min” is a mapping to YAML: the curly quotes did not quote the text.
        return doc.diagnostic(
            err_loc, CURLY_MESSAGE.format(quote=str(next(iter(found)))[0]), hint=CURLY_HINT
        )
    message = _expected(err["msg"])
    if "received" not in message and "found" not in message and kind != "value_error":
        message += f", received {_describe(err.get('input'))}"
    return doc.diagnostic(err_loc, message)
