"""Over-long bullets: a warning at the bullet's own line in slides.md, with what to do."""

from __future__ import annotations

from pathlib import Path

from pipeline.content.bullets import MAX_BULLET_WORDS, check_bullet_lengths
from pipeline.content.read_slides import read_slides

from conftest import findings


def _words(count: int) -> str:
    return " ".join(f"ord{n}" for n in range(count))


def _check(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "slides.md"
    path.write_text(text, encoding="utf-8")
    slides, problems = read_slides(path)
    assert problems == []
    return [d.format(tmp_path) for d in check_bullet_lengths(slides, path)]


def test_a_300_word_bullet_warns_at_its_line(tmp_path: Path) -> None:
    found = _check(tmp_path, f"## Lang\n\n- kort\n- {_words(300)}\n")
    assert found == [
        "slides.md:4:1: warning: a bullet of 300 words on the slide «Lang» is too long to read "
        f"on a slide (at most {MAX_BULLET_WORDS}) (split it into shorter bullets, or move the "
        "detail to the slide's '::: notes', where the facilitator guide prints it too)"
    ]


def test_the_limit_and_every_kind_of_list_item(tmp_path: Path) -> None:
    text = (
        f"## Grensa\n\n- {_words(MAX_BULLET_WORDS)}\n  - **{_words(MAX_BULLET_WORDS + 1)}**\n\n"
        f"1. {_words(20)}\n   {_words(30)}\n\n"
        f":::: columns\n::: column\n- {_words(50)}\n:::\n::::\n"
    )
    found = _check(tmp_path, text)
    # 40 words pass; 41 (emphasis marks are not words) warn at the sub-bullet's line; a
    # numbered point continued on the next line counts as one point at its first line.
    assert [f.split(": warning")[0] for f in found] == [
        "slides.md:4:1",
        "slides.md:6:1",
        "slides.md:11:1",
    ]
    assert "41 words" in found[0] and "50 words" in found[1] and "50 words" in found[2]


def test_the_loader_reports_them_as_warnings(mini: Path) -> None:
    slides = mini / "content/samling-02/slides.md"
    text = slides.read_text(encoding="utf-8")
    slides.write_text(text.replace("- nåtid, relasjonen her og nå", f"- {_words(300)}"), "utf-8")
    [found] = findings(mini)
    assert found.startswith("content/samling-02/slides.md:26:1: warning: a bullet of 300 words")
