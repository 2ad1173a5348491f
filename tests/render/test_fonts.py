"""Which font measures a template's font: itself, its metric-compatible stand-in, or a wide
fallback that is reported (pipeline.render.fonts)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pipeline.render import fonts
from pipeline.render.fonts import WIDTH_SAMPLE, choose_font, fc_match, installed, metrics

pytestmark = pytest.mark.skipif(shutil.which("fc-match") is None, reason="no fontconfig")
needs_carlito = pytest.mark.skipif(not installed("Carlito"), reason="Carlito is not installed")


def width(family: str) -> float:
    return metrics(family).text_width(WIDTH_SAMPLE, 1.0)


@needs_carlito
def test_an_installed_font_is_measured_as_itself() -> None:
    choice = choose_font("Carlito")
    assert (choice.measured, choice.how, choice.problem) == ("Carlito", "installed", None)


@needs_carlito
@pytest.mark.skipif(installed("Calibri"), reason="Calibri itself is installed")
def test_calibri_is_measured_with_carlito_without_a_warning() -> None:
    choice = choose_font("Calibri")
    assert (choice.measured, choice.how, choice.problem) == ("Carlito", "metric-compatible", None)


@needs_carlito
@pytest.mark.parametrize("family", ["Montserrat", "Verdana", "Century Gothic", "Helvetica Neue"])
def test_a_wide_font_that_is_not_installed_is_measured_wide_and_reported(family: str) -> None:
    if installed(family):
        pytest.skip(f"{family} is installed here")
    choice = choose_font(family)
    assert choice.how == "fallback"
    # Never narrower than Carlito (the old measure, which broke words), nor than the font
    # fontconfig (and so LibreOffice) draws in its place.
    assert width(choice.measured) > width("Carlito") * 1.1
    offered = fc_match(family)
    assert offered is not None
    assert width(choice.measured) >= width(offered[1][0])
    problem = choice.problem or ""
    assert f"the template's font {family!r} is not installed" in problem
    assert f"install {family} on this machine" in problem
    assert choice.measured in problem


@pytest.mark.skipif(
    installed("Caladea") or installed("Cambria"), reason="Cambria or Caladea is installed"
)
def test_a_missing_stand_in_is_named_with_its_debian_package() -> None:
    problem = choose_font("Cambria").problem or ""
    assert "stand-in Caladea (Debian package fonts-crosextra-caladea)" in problem


@needs_carlito
def test_metrics_are_read_once_per_font() -> None:
    assert metrics("Carlito") is metrics("Carlito")
    assert choose_font("Verdana") is choose_font("Verdana")


@needs_carlito
def test_a_font_is_one_cache_entry_however_the_call_is_written() -> None:
    # A warm server measures fonts ahead; a renderer that writes the call another way must
    # find them, not read the file again.
    assert metrics("Carlito", True) is metrics("Carlito", bold=True)
    assert metrics("Carlito", False, False) is metrics("Carlito")


@needs_carlito
def test_forget_makes_the_next_lookup_read_the_font_again() -> None:
    before = metrics("Carlito")
    fonts.forget()
    assert metrics("Carlito") is not before
    assert metrics("Carlito").text_width("Leiarskap", 11) == before.text_width("Leiarskap", 11)


@needs_carlito
def test_warm_measures_the_stand_ins_in_every_style() -> None:
    fonts.forget()
    fonts.warm()
    assert fonts._metrics.cache_info().currsize >= 4  # Carlito in four styles, at least
    hits = fonts._metrics.cache_info().hits
    metrics("Carlito", bold=True, italic=True)
    assert fonts._metrics.cache_info().hits == hits + 1


@needs_carlito
def test_the_font_state_changes_with_a_measured_file(tmp_path: Path) -> None:
    copy = tmp_path / "Carlito-copy.ttf"
    copy.write_bytes(fonts.find_font("Carlito").read_bytes())
    fonts.FontMetrics(copy)
    before = fonts.state({"HOME": str(tmp_path)})
    assert fonts.state({"HOME": str(tmp_path)}) == before
    os.utime(copy, ns=(0, 0))
    assert fonts.state({"HOME": str(tmp_path)}) != before
    assert fonts.state({"HOME": str(tmp_path), "FONTCONFIG_FILE": "/x"}) != before


def test_the_font_state_changes_when_a_font_is_added_to_the_users_folder(tmp_path: Path) -> None:
    (tmp_path / ".fonts").mkdir()
    before = fonts.state({"HOME": str(tmp_path)})
    (tmp_path / ".fonts" / "new").mkdir()  # a new folder: its parent's time changes
    assert fonts.state({"HOME": str(tmp_path)}) != before


def test_the_font_state_changes_with_the_users_fontconfig_file(tmp_path: Path) -> None:
    conf = tmp_path / "config" / "fontconfig" / "fonts.conf"
    conf.parent.mkdir(parents=True)
    conf.write_text("<fontconfig/>", encoding="utf-8")
    environ = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    before = fonts.state(environ)
    os.utime(conf, ns=(0, 0))  # edited in place: the folder's time stays
    assert fonts.state(environ) != before
    assert fonts.state({**environ, "LANG": "nn_NO.UTF-8"}) != fonts.state(environ)
