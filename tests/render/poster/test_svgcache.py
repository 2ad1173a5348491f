"""Rendered SVGs by content hash: a second --force build renders no SVG, and the same bytes;
the first renders both posters in one CairoSVG child."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.render.poster import svgcache, svgsafe

from conftest import REPO

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">'
    b'<rect width="20" height="10" fill="#c00"/></svg>'
)


@pytest.fixture
def counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every CairoSVG child run appends a line to the returned file (forked workers too)."""
    log = tmp_path / "children.log"
    log.touch()
    original = svgsafe._run_child

    def run_child(items: Any, *args: Any) -> list[bytes]:
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{len(items)}\n")
        return original(items, *args)

    monkeypatch.setattr(svgsafe, "_run_child", run_child)
    yield log


def children(log: Path) -> int:
    return len(log.read_text(encoding="utf-8").splitlines())


def test_a_second_render_comes_from_the_cache(tmp_path: Path, counted: Path) -> None:
    svgcache.use(tmp_path / "cache")
    try:
        job = svgsafe.Job("png", output_width=40)
        first = svgsafe.render([(SVG, job)], allowed_roots=[], fonts=[])
        second = svgsafe.render([(SVG, job)], allowed_roots=[], fonts=[])
        other = svgsafe.render(
            [(SVG, svgsafe.Job("png", output_width=80))], allowed_roots=[], fonts=[]
        )
    finally:
        svgcache.use(None)
    assert first == second
    assert first != other
    assert first[0].startswith(b"\x89PNG")
    assert children(counted) == 2  # the first and the other size; the second was a hit


def test_without_a_cache_folder_nothing_is_kept(tmp_path: Path, counted: Path) -> None:
    job = svgsafe.Job("png", output_width=40)
    svgsafe.render([(SVG, job)], allowed_roots=[], fonts=[])
    svgsafe.render([(SVG, job)], allowed_roots=[], fonts=[])
    assert children(counted) == 2


def test_the_key_covers_the_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    font = tmp_path / "a.ttf"
    font.write_bytes(b"one")
    job = {"format": "png"}
    base = svgcache.key(SVG, job, [font], [tmp_path])
    assert base == svgcache.key(SVG, job, [font], [tmp_path])
    assert base != svgcache.key(SVG + b" ", job, [font], [tmp_path])
    assert base != svgcache.key(SVG, {"format": "pdf"}, [font], [tmp_path])
    assert base != svgcache.key(SVG, job, [font], [])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")
    assert base != svgcache.key(SVG, job, [font], [tmp_path])
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    font.write_bytes(b"other font")
    os.utime(font, ns=(1, 1))
    assert base != svgcache.key(SVG, job, [font], [tmp_path])


def test_the_cache_stays_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(svgcache, "MAX_BYTES", 2500)
    svgcache.use(tmp_path)
    try:
        for number in range(6):
            svgcache.put(f"entry{number}", bytes(1000))
            os.utime(tmp_path / f"entry{number}.bin", ns=(number, number))
        assert svgcache.get("entry5") == bytes(1000)
    finally:
        svgcache.use(None)
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert kept == ["entry4.bin", "entry5.bin"]


def test_a_second_forced_build_renders_no_svg(
    tmp_path: Path, counted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shipped samling 2: its deck has a word cloud, and the poster two templates."""
    mini = tmp_path / "project"
    for folder in ("content", "templates"):
        shutil.copytree(REPO / folder, mini / folder)
    monkeypatch.chdir(mini)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    built: list[dict[str, bytes]] = []
    for _ in range(2):
        result = CliRunner().invoke(
            main, ["build", "2", "--no-pdf", "--force", "--only", "deck,poster"]
        )
        assert result.exit_code == 0, result.output
        built.append(
            {
                str(p.relative_to(mini)): p.read_bytes()
                for p in sorted((mini / "build").rglob("*"))
                if p.is_file() and ".samling-cache" not in p.parts
            }
        )
        if len(built) == 1:
            first_children = children(counted)
    # One child for the word cloud (deck worker), one for both posters' PDF and PNG.
    assert sorted(counted.read_text(encoding="utf-8").split()) == ["1", "4"]
    assert first_children == 2
    assert children(counted) == first_children  # the second build rendered nothing
    assert built[0] == built[1]
    assert any(name.endswith("lederplakat.png") for name in built[1])


def test_the_key_follows_an_upgraded_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The library files are found once per process (`samling server` finds them for every
    # build it forks); the key still reads each file's size and time, so an upgrade shows.
    library = tmp_path / "libcairo.so.2"
    library.write_bytes(b"cairo 1.16")
    monkeypatch.setattr(svgcache, "library_files", lambda: (str(library),))
    svgcache._code_key.cache_clear()
    try:
        before = svgcache._code_key()
        library.write_bytes(b"cairo 1.18, longer")
        svgcache._code_key.cache_clear()  # a new build, forked from the server
        assert svgcache._code_key() != before
    finally:
        svgcache._code_key.cache_clear()


def test_the_library_files_are_the_ones_cairosvg_draws_with() -> None:
    names = [Path(path).name for path in svgcache.library_files()]
    assert any(name.startswith("libcairo") for name in names)
    assert all(Path(path).exists() for path in svgcache.library_files())
