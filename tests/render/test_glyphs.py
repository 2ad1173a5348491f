"""Characters the font cannot draw: one warning per character and file, at the slide's line."""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.build import BuildOptions, check_render
from pipeline.project import Project
from pipeline.render.fonts import metrics
from pipeline.render.glyphs import describe, glyph_warnings

from conftest import edit

SLIDES = Path("content/samling-02/slides.md")


def test_describe_names_the_code_point() -> None:
    assert describe("😀") == "«😀» (U+1F600 GRINNING FACE)"


def test_one_warning_per_character_and_file_at_its_first_line() -> None:
    texts = [
        ("Hei 😀", SLIDES, 3),
        ("igjen 😀 og 😀", SLIDES, 9),  # the same character, the same file: no second warning
        ("😀", Path("content/samling-02/exercises.yaml"), None),  # another file: its own
        ("på vei – «sitat» … å", SLIDES, 12),  # Norwegian text and typography: all in Carlito
        ("a\u030a", SLIDES, 14),  # å written as a + combining ring: composed, found
        ("❤\ufe0f", SLIDES, 15),  # the emoji selector is not drawn; the heart is missing
    ]
    found = glyph_warnings(texts, metrics("Carlito"), "Carlito")
    assert [(d.file, d.line, d.message.split(":")[0]) for d in found] == [
        (SLIDES, 3, "the font Carlito has no glyph for «😀» (U+1F600 GRINNING FACE)"),
        (
            Path("content/samling-02/exercises.yaml"),
            None,
            "the font Carlito has no glyph for «😀» (U+1F600 GRINNING FACE)",
        ),
        (SLIDES, 15, "the font Carlito has no glyph for «❤» (U+2764 HEAVY BLACK HEART)"),
    ]
    assert all("empty box" in d.message for d in found)
    assert all(d.hint.startswith("remove the character, or use a font") for d in found)
    assert all(d.severity == "warning" for d in found)


def test_check_render_reports_emoji_in_slides_exercises_and_worksheets_once(mini: Path) -> None:
    edit(mini / SLIDES, "- nåtid, relasjonen her og nå", "- nåtid 🙂, relasjonen her og nå")
    edit(
        mini / "content/samling-02/exercises.yaml",
        "title: Vi øver på tilbakemeldinger",
        "title: Vi øver på tilbakemeldinger 🙂",
    )
    report = check_render(Project.at(mini), 2, BuildOptions(force=True, parallel=False))
    shown = [d.format(mini) for d in report.diagnostics]
    assert [s.split(" warning")[0] for s in shown] == [
        "content/samling-02/slides.md:22:",  # the slide «Om relasjoner», its heading line
        "content/samling-02/exercises.yaml:",
    ]
    assert all("U+1F642 SLIGHTLY SMILING FACE" in s for s in shown)
    assert not (mini / "build").exists()


def test_the_real_content_has_no_unprintable_characters(tmp_path: Path) -> None:
    """Samling 2 writes one å as a + combining ring (from the seed); it is drawn composed."""
    repo = Path(__file__).resolve().parents[2]
    shutil.copytree(repo / "content", tmp_path / "content")
    shutil.copytree(repo / "templates", tmp_path / "templates")
    options = BuildOptions(only=("deck", "guide", "worksheets"), force=True)
    report = check_render(Project.at(tmp_path), 2, options)
    assert not [d for d in report.diagnostics if "glyph" in d.message]
