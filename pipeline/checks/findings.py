"""Findings of the universal-design check, with repeats merged into one line each.

The same finding on slides 3, 5 and 7 is one diagnostic that lists its places, so that one
template fault is one line however many slides it touches.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.errors import Diagnostic


@dataclass
class _Finding:
    diagnostic: Diagnostic
    places: dict[str, list[str]] = field(default_factory=dict)


class Findings:
    """Diagnostics with repeats merged: the same finding on slides 3, 5 and 7 is one line."""

    def __init__(self) -> None:
        self._items: dict[tuple[object, ...], _Finding] = {}

    def add(
        self,
        severity: str,
        message: str,
        *,
        file: Path | None = None,
        line: int | None = None,
        column: int | None = None,
        key: str = "",
        hint: str = "",
        place: tuple[str, str] | None = None,
        places: Iterable[tuple[str, str]] = (),
    ) -> None:
        ident = (severity, message, str(file), line, key)
        item = self._items.get(ident)
        if item is None:
            diagnostic = Diagnostic(
                severity,  # type: ignore[arg-type]
                message,
                file=file,
                line=line,
                column=column,
                key=key,
                hint=hint,
            )
            item = self._items[ident] = _Finding(diagnostic)
        for noun, value in [*([place] if place is not None else []), *places]:
            values = item.places.setdefault(noun, [])
            if value not in values:
                values.append(value)

    def diagnostics(self) -> list[Diagnostic]:
        result = []
        for item in self._items.values():
            diagnostic = item.diagnostic
            if item.places:
                where = "; ".join(list_places(noun, values) for noun, values in item.places.items())
                diagnostic = replace(diagnostic, message=f"{diagnostic.message} ({where})")
            result.append(diagnostic)
        return result


def list_places(noun: str, values: list[str], most: int = 8) -> str:
    shown = values[:most]
    text = ", ".join(shown)
    if len(values) > most:
        text += f" and {len(values) - most} more"
    plural = noun if len(values) == 1 or noun.endswith("s") else noun + "s"
    return f"{plural} {text}"


def snippet(text: str, most: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1] + "…"


def check_declared_language(
    findings: Findings, declared: str, tag: str, file: Path, who: str, where: str, hint: str = ""
) -> None:
    """One finding when a file declares no language, or another than the målform's."""
    if not declared:
        findings.add(
            "error",
            f"{who} declares no language {where}; expected {tag}",
            file=file,
            key="language",
            hint=hint,
        )
    elif declared.lower() != tag.lower():
        findings.add(
            "error",
            f"{who} declares the language {declared} {where}; the programme's målform needs {tag}",
            file=file,
            key="language",
        )
