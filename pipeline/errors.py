"""Domain errors. Domain code raises these; only the CLI turns them into exit codes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Diagnostic:
    """One finding about the content or a template, phrased for a facilitator."""

    severity: Severity
    message: str
    file: Path | None = None
    line: int | None = None
    column: int | None = None
    key: str = ""
    hint: str = ""

    def location(self, root: Path | None = None) -> str:
        if self.file is None:
            return ""
        shown = self.file
        if root is not None:
            try:
                shown = self.file.resolve().relative_to(root.resolve())
            except ValueError:
                shown = self.file
        text = str(shown)
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text

    def format(self, root: Path | None = None) -> str:
        parts = []
        where = self.location(root)
        if where:
            parts.append(where + ":")
        parts.append(f"{self.severity}:")
        if self.key:
            parts.append(f"{self.key}:")
        parts.append(self.message)
        text = " ".join(parts)
        if self.hint:
            text += f" ({self.hint})"
        return text


def error(message: str, **where: object) -> Diagnostic:
    return Diagnostic("error", message, **where)  # type: ignore[arg-type]


def warning(message: str, **where: object) -> Diagnostic:
    return Diagnostic("warning", message, **where)  # type: ignore[arg-type]


class SamlingError(Exception):
    """Base class for every error the CLI reports as a clean exit 1."""

    def __init__(self, diagnostics: Iterable[Diagnostic] | str) -> None:
        if isinstance(diagnostics, str):
            diagnostics = [Diagnostic("error", diagnostics)]
        self.diagnostics: list[Diagnostic] = list(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class ContentError(SamlingError):
    """The content in content/ is wrong: the facilitator can fix it."""


class TemplateError(SamlingError):
    """A template in templates/ is wrong: the designer can fix it."""


class ToolError(SamlingError):
    """An outside tool (LibreOffice, fontconfig) is missing or failed."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM stopped a build; `outcome` says, truly, what it left behind."""

    def __init__(self, signum: int, outcome: str = "") -> None:
        self.signum = signum
        self.outcome = outcome
        super().__init__(outcome)


@dataclass
class Report:
    """Collects every diagnostic of a run, so all of them are reported together."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        self.diagnostics.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics.extend(diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    def raise_if_errors(
        self, strict: bool = False, kind: type[SamlingError] = ContentError
    ) -> None:
        failing = self.diagnostics if strict else self.errors
        if failing:
            raise kind(failing)
