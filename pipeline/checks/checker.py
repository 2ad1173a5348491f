"""The base of every output checker: what each is given."""

from __future__ import annotations

from pathlib import Path

from pipeline.checks.branding import Branding
from pipeline.checks.findings import Findings


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
