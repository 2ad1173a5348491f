"""The base of every output checker: what each is given, and how one file is checked alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.checks.branding import Branding, no_branding
from pipeline.checks.findings import Findings
from pipeline.errors import Diagnostic


class Checker:
    """What each output's checker is given: the output, the language it must declare, the
    template it was made from, the programme's branding, and where the findings go."""

    def __init__(
        self, path: Path, tag: str, template: Path, branding: Branding, findings: Findings
    ) -> None:
        self.path = path
        self.tag = tag
        self.template = template
        self.branding = branding
        self.findings = findings

    def run(self) -> None:
        raise NotImplementedError

    @classmethod
    def check_file(
        cls,
        path: Path,
        tag: str,
        template: Path | None = None,
        branding: Branding | None = None,
        **options: Any,
    ) -> list[Diagnostic]:
        """Check one file on its own: without a template or branding, no colour is blamed on
        either."""
        findings = Findings()
        checker = cls(
            path, tag, template or Path(""), branding or no_branding(), findings, **options
        )
        checker.run()
        return findings.diagnostics()
