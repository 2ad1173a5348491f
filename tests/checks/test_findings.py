"""Findings: repeats merged into one line that lists its places."""

from __future__ import annotations

from pathlib import Path

from pipeline.checks.findings import Findings, list_places, snippet


def test_findings_repeated_on_many_slides_are_one_line() -> None:
    findings = Findings()
    for slide in ("3", "5", "3", "7"):
        findings.add("error", "a problem", file=Path("deck.pptx"), place=("slide", slide))
    findings.add("error", "another problem", file=Path("deck.pptx"))
    assert [d.message for d in findings.diagnostics()] == [
        "a problem (slides 3, 5, 7)",
        "another problem",
    ]


def test_many_places_are_cut_short_and_nouns_take_a_plural() -> None:
    assert list_places("slide", ["1"]) == "slide 1"
    assert list_places("page", [str(n) for n in range(1, 11)]) == (
        "pages 1, 2, 3, 4, 5, 6, 7, 8 and 2 more"
    )
    assert list_places("speaker notes", ["2", "3"]) == "speaker notes 2, 3"
    assert snippet("  a  long\ntext ") == "a long text"
    assert snippet("x" * 50, most=10) == "x" * 9 + "…"
