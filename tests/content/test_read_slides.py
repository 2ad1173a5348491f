from __future__ import annotations

from pathlib import Path

from pipeline.content.read_slides import parse_attrs, read_slides
from pipeline.content.read_text import MAX_CHARACTER_REPORTS, MAX_SLIDES_BYTES


def read(tmp_path: Path, text: str):
    path = tmp_path / "slides.md"
    path.write_text(text, encoding="utf-8")
    return path, *read_slides(path)


def test_headings_attributes_notes_and_columns(tmp_path: Path) -> None:
    _, slides, problems = read(
        tmp_path,
        """# Relasjoner i ledelse {block=relasjoner}

## Relasjonskompetanse {.quote source="Spurkeland (2005: 17)"}

> Ferdigheter, evner
> og holdninger

::: notes
Les sitatet høgt.
:::

## To sider

:::: columns
::: column
Å kjenne seg selv
:::
::: column
- Å regulere seg selv
:::
::::
""",
    )
    assert problems == []
    assert [(s.title, s.kind, s.line) for s in slides] == [
        ("Relasjoner i ledelse", "section", 1),
        ("Relasjonskompetanse", "quote", 3),
        ("To sider", None, 12),
    ]
    assert slides[0].attrs == {"block": "relasjoner"}
    assert slides[1].attrs == {"source": "Spurkeland (2005: 17)"}
    assert slides[1].blocks[0].text == "Ferdigheter, evner\nog holdninger"
    assert slides[1].notes == "Les sitatet høgt."
    assert [b.kind for b in slides[2].columns[0]] == ["paragraph"]
    assert slides[2].columns[1][0].items == [("Å regulere seg selv", 0)]


def test_nested_bullets_numbered_lists_and_continuations(tmp_path: Path) -> None:
    _, slides, problems = read(
        tmp_path,
        """## Spørsmål {.questions}

1. Med utgangspunkt i målet
   - Hva har du testet ut?
   - Hva har du lært?
2. Hva tar du med
   deg videre?

- topp
  - under
""",
    )
    assert problems == []
    numbered, bullets = slides[0].blocks
    assert numbered.items == [
        ("Med utgangspunkt i målet", 0),
        ("Hva har du testet ut?", 1),
        ("Hva har du lært?", 1),
        ("Hva tar du med deg videre?", 0),
    ]
    assert bullets.items == [("topp", 0), ("under", 1)]


def test_unclosed_notes_and_text_before_first_slide(tmp_path: Path) -> None:
    path, _, problems = read(tmp_path, "Løs tekst\n\n## Tittel\n\n::: notes\nhei\n")
    assert [p.format() for p in problems] == [
        f"{path}:1:1: error: text before the first slide title would be lost "
        "(put a '## Title' line above it)",
        f"{path}:5:1: error: '::: notes' is never closed (add a line with ':::' where it ends)",
    ]


def test_attrs_parsing() -> None:
    assert parse_attrs('.exercise ref=igp title="To ord"') == (
        ["exercise"],
        {"ref": "igp", "title": "To ord"},
        None,
    )
    assert parse_attrs('.quote source="open')[2] == "the {...} settings have an unclosed quote"
    assert parse_attrs(".poll ref")[2] == "the setting 'ref' needs the form key=value or .kind"


def test_byte_order_mark_and_pasted_line_breaks(tmp_path: Path) -> None:
    path = tmp_path / "slides.md"
    path.write_bytes("\ufeff## Tittel\n\nFørste\x0bandre\n".encode())
    slides, problems = read_slides(path)
    assert problems == []
    assert slides[0].title == "Tittel"
    assert slides[0].blocks[0].text == "Første andre"


def test_other_control_characters_are_named_by_line(tmp_path: Path) -> None:
    path, _, problems = read(tmp_path, "## Tittel\n\n- a\x01b\n")
    assert [p.format() for p in problems] == [
        f"{path}:3:4: error: an invisible control character (U+0001) is in the text, probably "
        "pasted from another program (delete it and type the text again at that place)"
    ]


def test_non_utf8_slides_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "slides.md"
    path.write_bytes("## Tittel\n\nSamling p\xe5 R\xe5dhuset\n".encode("latin-1"))
    _, problems = read_slides(path)
    assert [p.format() for p in problems] == [
        f"{path}:3:10: error: the file is not UTF-8 text: the byte 0xE5 here cannot be read "
        "(save the file as UTF-8 in your editor)"
    ]


def test_noncharacter_is_named_by_line_column_and_code_point(tmp_path: Path) -> None:
    path, _, problems = read(tmp_path, "## Tittel\n\nTo\ufffe ord\n")
    assert [p.format() for p in problems] == [
        f"{path}:3:3: error: the Unicode noncharacter U+FFFE is in the text; no script uses it "
        "(a broken conversion left it there; delete it and type the text again)"
    ]


def test_a_binary_file_gives_a_bounded_number_of_findings(tmp_path: Path) -> None:
    path, _, problems = read(tmp_path, "## Tittel\n" + "\x00\n" * 500)
    assert len(problems) == MAX_CHARACTER_REPORTS + 1
    assert problems[0].line == 2 and problems[0].column == 1
    assert "NUL" in problems[0].message and "UTF-16" in problems[0].hint
    assert problems[-1].message == "490 more lines have such characters"


def test_bidi_and_zero_width_characters_are_removed_with_one_warning(tmp_path: Path) -> None:
    text = "## Tit\u202etel\n\n- e\u200bn\u2066\n- 👩\u200d💻 og\u200c\n"
    path, slides, problems = read(tmp_path, text)
    assert [p.format() for p in problems] == [
        f"{path}:1:7: warning: removed the invisible formatting character U+202E here and 2 "
        "more: such characters can hide or reorder text (they usually come from pasting; "
        "nothing to do unless the text looks wrong)"
    ]
    assert slides[0].title == "Tittel"
    # Joiners stay: emoji sequences and real scripts need them.
    assert slides[0].blocks[0].items == [("en", 0), ("👩\u200d💻 og\u200c", 0)]


def test_slides_over_the_size_limit_are_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "slides.md"
    path.write_bytes(b"## T\n" + b"x" * MAX_SLIDES_BYTES)
    _, problems = read_slides(path)
    assert [p.format() for p in problems] == [
        f"{path}: error: the file is 2,097,157 bytes; samling reads Markdown files of at most "
        "2,097,152 bytes (2,048 KiB) (content files are short text; check that this is the "
        "right file, or split it)"
    ]


def test_a_setting_with_spaces_says_to_quote_it_and_shows_the_fixed_line(tmp_path: Path) -> None:
    """It said "the setting 'og' needs the form key=value"; the cause is the unquoted value."""
    path, _, problems = read(tmp_path, "## Sitat {.quote source=Spurkeland og Bjørk}\n\n> Tekst\n")
    assert [p.format() for p in problems] == [
        f"{path}:1:1: error: the value of source= has spaces, so it must be in double quotes "
        '(write the line as: ## Sitat {.quote source="Spurkeland og Bjørk"})'
    ]


def test_a_setting_in_word_quotes_says_they_are_curly(tmp_path: Path) -> None:
    path, _, problems = read(tmp_path, "## Sitat {.quote source=“Spurkeland og Bjørk”}\n")
    assert [p.format() for p in problems] == [
        f"{path}:1:1: error: the value of source= is in typographic (curly) quotes “ from Word, "
        'which do not hold a value with spaces together; use straight " quotes '
        '(write the line as: ## Sitat {.quote source="Spurkeland og Bjørk"})'
    ]


def test_word_dashes_and_bullets_are_bullet_markers(tmp_path: Path) -> None:
    """Word's AutoFormat turns "- " into an en dash; pasted lists start with "• "."""
    _, slides, problems = read(tmp_path, "## Punkt\n\n– første\n– andre\n  – under\n• tredje\n")
    assert problems == []
    [block] = slides[0].blocks
    assert block.kind == "bullets"
    assert block.items == [("første", 0), ("andre", 0), ("under", 1), ("tredje", 0)]


def test_inside_a_memo_an_unchanged_file_is_parsed_once(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The server and watch keep what slides.md parsed to, by path and text; the result is
    the same as without, and a changed file is parsed again."""
    from pipeline.content import read_slides as module
    from pipeline.content.read_yaml import yaml_memo

    path = tmp_path / "slides.md"
    path.write_text("# Del {block=a}\n\n## Ein\n\n- punkt\u200b\n", encoding="utf-8")
    fresh = read_slides(path)
    parsed: list[Path] = []
    real = module._parse
    monkeypatch.setattr(module, "_parse", lambda p, t: (parsed.append(p), real(p, t))[1])
    with yaml_memo({}):
        first, second = read_slides(path), read_slides(path)
        path.write_text("# Del {block=a}\n\n## To\n", encoding="utf-8")
        changed = read_slides(path)
    assert first == second == fresh  # the invisible character's warning every time
    assert any("invisible" in d.message for d in first[1])
    assert len(parsed) == 2
    assert [s.title for s in changed[0]] == ["Del", "To"]
