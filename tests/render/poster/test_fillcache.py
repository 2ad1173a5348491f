"""Filled-in poster templates kept by what fills them: run again only when that changed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.errors import warning
from pipeline.render.poster import isolate, sandbox, svgcache

SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" width="10mm" height="10mm">'


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "cache"
    previous = svgcache.use(folder)
    yield folder
    svgcache.use(previous)


@pytest.fixture
def fills(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times a sandbox child ran."""
    counted: list[int] = []
    real = isolate.run_limited

    def counting(work, limits):  # type: ignore[no-untyped-def]
        counted.append(1)
        return real(work, limits)

    monkeypatch.setattr(isolate, "run_limited", counting)
    return counted


def _template(folder: Path, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "poster.svg.j2"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_fill_is_run_once_for_the_same_template_and_values(
    tmp_path: Path, cache: Path, fills: list[int]
) -> None:
    path = _template(tmp_path / "poster", SVG_HEAD + "<text>{{ title }}</text></svg>")
    first = sandbox.render_template(path, {"title": "Visjon"}, described={"title": "Visjon"})
    again = sandbox.render_template(path, {"title": "Visjon"}, described={"title": "Visjon"})
    assert first == again and "Visjon" in first
    assert fills == [1]
    other = sandbox.render_template(path, {"title": "Verdiar"}, described={"title": "Verdiar"})
    assert "Verdiar" in other
    assert fills == [1, 1]


def test_a_changed_include_in_the_template_folder_fills_again(
    tmp_path: Path, cache: Path, fills: list[int]
) -> None:
    folder = tmp_path / "poster"
    path = _template(folder, SVG_HEAD + '{% include "part.svg" %}</svg>')
    (folder / "part.svg").write_text("<text>ein</text>", encoding="utf-8")
    assert "ein" in sandbox.render_template(path, {}, described={})
    (folder / "part.svg").write_text("<text>to</text>", encoding="utf-8")
    assert "to" in sandbox.render_template(path, {}, described={})
    assert fills == [1, 1]


def test_a_fill_that_warns_is_run_every_time(tmp_path: Path, cache: Path, fills: list[int]) -> None:
    found: list[object] = []

    def note(text: str) -> str:
        found.append(warning(text))
        return text

    path = _template(tmp_path / "poster", SVG_HEAD + "{{ note('low contrast') }}</svg>")
    for _ in range(2):
        sandbox.render_template(path, {"note": note}, collects=found, described={})  # type: ignore[arg-type]
    assert fills == [1, 1]
    assert len(found) == 2  # the warning on every build


def test_a_damaged_entry_or_no_description_fills_again(
    tmp_path: Path, cache: Path, fills: list[int]
) -> None:
    path = _template(tmp_path / "poster", SVG_HEAD + "</svg>")
    sandbox.render_template(path, {}, described={})
    (entry,) = cache.iterdir()
    entry.write_bytes(b'{"format": 1, "fonts": {}, "text": 7}')
    sandbox.render_template(path, {}, described={})
    sandbox.render_template(path, {})  # without values described: never kept
    assert fills == [1, 1, 1]


def test_without_the_cache_nothing_is_kept(tmp_path: Path, fills: list[int]) -> None:
    previous = svgcache.use(None)
    try:
        path = _template(tmp_path / "poster", SVG_HEAD + "</svg>")
        for _ in range(2):
            sandbox.render_template(path, {}, described={})
    finally:
        svgcache.use(previous)
    assert fills == [1, 1]


def test_a_measured_font_file_that_changed_fills_again(
    tmp_path: Path, cache: Path, fills: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.render import fonts

    font = tmp_path / "Font.ttf"
    font.write_bytes(b"one")
    monkeypatch.setattr(fonts, "measured_files", lambda: [font])
    path = _template(tmp_path / "poster", SVG_HEAD + "</svg>")
    sandbox.render_template(path, {}, described={})
    sandbox.render_template(path, {}, described={})
    font.write_bytes(b"other")
    sandbox.render_template(path, {}, described={})
    assert fills == [1, 1]
