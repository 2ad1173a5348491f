"""PDF export with LibreOffice: one process, tagged A4 PDFs, every output checked, timeouts."""

from __future__ import annotations

import os
import shutil
import stat
import time
from pathlib import Path

import pytest

import pipeline.pdf as pdf_module
from pipeline.errors import ToolError
from pipeline.pdf import (
    PDF_EXPORT_SETTINGS,
    convert_to_pdf,
    libreoffice_available,
    pdf_timeout,
)
from pipeline.render.guide.render import render_guide
from pipeline.render.worksheets import exercises_with_sheets, render_worksheets

from builders import minimal_docx, sample_bundle

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates" / "docx"
needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice is not installed",
)
A4 = (595.3, 841.9)


def fake_soffice(folder: Path, body: str) -> Path:
    """A stand-in for soffice: a shell script with `body`."""
    script = folder / "fake-soffice"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    import pikepdf

    with pikepdf.open(pdf) as document:
        return [
            (
                round(float(p.mediabox[2]) - float(p.mediabox[0]), 1),
                round(float(p.mediabox[3]) - float(p.mediabox[1]), 1),
            )
            for p in document.pages
        ]


# --------------------------------------------------------------------------- without LibreOffice


def test_missing_libreoffice_is_a_tool_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAMLING_SOFFICE", str(tmp_path / "no-such-soffice"))
    assert libreoffice_available() is False
    source = tmp_path / "a.docx"
    source.write_bytes(b"x")
    with pytest.raises(ToolError) as caught:
        convert_to_pdf([source], tmp_path / "out")
    assert "LibreOffice (soffice) is not installed" in str(caught.value)
    assert "apt-get install libreoffice-writer" in caught.value.diagnostics[0].hint


def test_nothing_to_convert_starts_nothing(tmp_path: Path) -> None:
    assert convert_to_pdf([], tmp_path) == []


def test_a_missing_output_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The fake converts only the first file, as a profile clash would do, and exits 0.
    script = fake_soffice(
        tmp_path,
        r"""
out=""; files=""
while [ $# -gt 0 ]; do
  case "$1" in
    --outdir) out="$2"; shift;; --convert-to) shift;; -*) ;; *) files="$files $1";;
  esac; shift
done
set -- $files
name=$(basename "$1"); stem="${name%.*}"
printf '%%PDF-1.7\n' > "$out/$stem.pdf"; head -c 400 /dev/zero >> "$out/$stem.pdf"
""",
    )
    monkeypatch.setenv("SAMLING_SOFFICE", str(script))
    first, second = tmp_path / "guide.docx", tmp_path / "ark.docx"
    first.write_bytes(b"x")
    second.write_bytes(b"x")
    stale = tmp_path / "out" / "ark.pdf"
    stale.parent.mkdir()
    stale.write_bytes(b"%PDF-1.7 stale from an earlier build" + b"\0" * 400)
    with pytest.raises(ToolError) as caught:
        convert_to_pdf([first, second], tmp_path / "out")
    assert "could not convert ark.docx to PDF" in str(caught.value)
    # Nothing half-done was moved into the output folder.
    assert not (tmp_path / "out" / "guide.pdf").exists()


def test_timeout_stops_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "still-running"
    script = fake_soffice(tmp_path, f"sleep 30; touch {marker}")
    monkeypatch.setenv("SAMLING_SOFFICE", str(script))
    source = tmp_path / "guide.docx"
    source.write_bytes(b"x")
    started = time.monotonic()
    with pytest.raises(ToolError) as caught:
        convert_to_pdf([source], tmp_path / "out", timeout=1)
    assert time.monotonic() - started < 15
    assert "did not finish converting guide.docx to PDF within 1 s" in str(caught.value)
    time.sleep(0.5)
    assert not marker.exists()


def test_a_slow_conversion_says_it_is_still_at_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAMLING_SOFFICE", str(fake_soffice(tmp_path, "sleep 30")))
    monkeypatch.setattr(pdf_module, "PROGRESS_INTERVAL", 0.3)
    source = tmp_path / "guide.docx"
    source.write_bytes(b"x")
    said: list[str] = []
    with pytest.raises(ToolError):
        convert_to_pdf([source], tmp_path / "out", timeout=1.2, progress=said.append)
    assert 2 <= len(said) <= 4
    assert all(line.startswith("Still converting to PDF … (") for line in said)
    assert said[0].endswith("(0 s)") and said[-1].endswith("(1 s)")


def test_a_timeout_names_the_file_it_was_stuck_on_and_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fake converts the first file, then hangs on the second, as a damaged file would.
    script = fake_soffice(
        tmp_path,
        r"""
out=""
while [ $# -gt 0 ]; do case "$1" in --outdir) out="$2"; shift;; esac; shift; done
printf '%%PDF-1.7 %0200d' 0 > "$out/deck.pdf"
sleep 30
""",
    )
    monkeypatch.setenv("SAMLING_SOFFICE", str(script))
    files = [tmp_path / "deck.pptx", tmp_path / "guide.docx"]
    for path in files:
        path.write_bytes(b"x")
    with pytest.raises(ToolError) as caught:
        convert_to_pdf(files, tmp_path / "out", timeout=1)
    diagnostic = caught.value.diagnostics[0]
    assert diagnostic.file == files[1].resolve()
    assert "converting guide.docx to PDF within 1 s" in diagnostic.message
    assert "1 of 2 file(s) were done" in diagnostic.message
    assert "--no-pdf" in diagnostic.hint and "SAMLING_PDF_TIMEOUT=600" in diagnostic.hint
    assert not (tmp_path / "out" / "deck.pdf").exists()  # nothing half-done is kept


def test_the_time_limit_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SAMLING_PDF_TIMEOUT", raising=False)
    assert pdf_timeout() == 180
    monkeypatch.setenv("SAMLING_PDF_TIMEOUT", "600")
    assert pdf_timeout() == 600
    for bad in ("soon", "0", "-5", "inf", "nan"):
        monkeypatch.setenv("SAMLING_PDF_TIMEOUT", bad)
        with pytest.raises(ToolError) as caught:
            pdf_timeout()
        assert "is not a number of seconds" in str(caught.value)


def test_one_process_with_a_private_tagged_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "calls.log"
    script = fake_soffice(
        tmp_path,
        rf"""
echo "$@" >> {log}
for a in "$@"; do case "$a" in -env:UserInstallation=file://*)
  cp "${{a#-env:UserInstallation=file://}}/user/registrymodifications.xcu" {tmp_path}/seen.xcu;;
esac; done
out=""
while [ $# -gt 0 ]; do
  case "$1" in --outdir) out="$2"; shift;; --convert-to) shift;; -*) ;; *)
    name=$(basename "$1"); stem="${{name%.*}}"
    printf '%%PDF-1.7\n' > "$out/$stem.pdf"; head -c 400 /dev/zero >> "$out/$stem.pdf";;
  esac; shift
done
""",
    )
    monkeypatch.setenv("SAMLING_SOFFICE", str(script))
    files = [tmp_path / name for name in ("deck.pptx", "guide.docx", "ark.docx")]
    for file in files:
        file.write_bytes(b"x")
    made = convert_to_pdf(files, tmp_path / "out")
    assert [p.name for p in made] == ["deck.pdf", "guide.pdf", "ark.pdf"]
    calls = log.read_text().splitlines()
    assert len(calls) == 1  # one soffice start for every file
    assert "-env:UserInstallation=file:///" in calls[0]
    assert "--headless" in calls[0] and "--convert-to pdf" in calls[0]
    seen = (tmp_path / "seen.xcu").read_text()
    assert '<prop oor:name="UseTaggedPDF" oor:op="fuse"><value>true</value></prop>' in seen
    assert PDF_EXPORT_SETTINGS["UseTaggedPDF"] == "true"


def test_same_stem_twice_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one, two = tmp_path / "a" / "guide.docx", tmp_path / "b" / "guide.pptx"
    one.write_bytes(b"x")
    two.write_bytes(b"x")
    if not libreoffice_available():
        pytest.skip("checked only after finding LibreOffice")
    with pytest.raises(ToolError) as caught:
        convert_to_pdf([one, two], tmp_path / "out")
    assert "both become guide.pdf" in str(caught.value)


# --------------------------------------------------------------------------- with LibreOffice


@needs_libreoffice
def test_guide_and_worksheets_become_tagged_a4_pdfs(tmp_path: Path) -> None:
    import pikepdf

    if os.environ.get("SAMLING_SOFFICE"):
        pytest.skip("SAMLING_SOFFICE points elsewhere")
    bundle = sample_bundle("nn")
    guide, _ = render_guide(bundle, TEMPLATES / "guide.docx")
    sheets, _ = render_worksheets(bundle, TEMPLATES / "worksheet.docx")
    (tmp_path / "samling-02-guide.docx").write_bytes(guide)
    (tmp_path / "samling-02-ark.docx").write_bytes(sheets)
    made = convert_to_pdf(
        [tmp_path / "samling-02-guide.docx", tmp_path / "samling-02-ark.docx"],
        tmp_path / "pdf",
    )
    assert [p.name for p in made] == ["samling-02-guide.pdf", "samling-02-ark.pdf"]
    guide_pdf, sheets_pdf = made
    for pdf in made:
        sizes = page_sizes(pdf)
        assert sizes and all(size == A4 for size in sizes), sizes
        with pikepdf.open(pdf) as document:
            assert "/StructTreeRoot" in document.Root  # tagged
            assert str(document.Root.Lang) == "nn-NO"
            assert str(document.docinfo["/Title"]).startswith(("Rettleiar", "Arbeidsark"))
    # One page per worksheet: every sheet fits on its page.
    assert len(page_sizes(sheets_pdf)) == len(exercises_with_sheets(bundle)) == 4
    assert len(page_sizes(guide_pdf)) >= 6


@needs_libreoffice
@pytest.mark.parametrize("number", [2, 3])
def test_real_worksheets_pdf_has_one_page_per_sheet(number: int, tmp_path: Path) -> None:
    from pipeline.content.load import load_samling

    if os.environ.get("SAMLING_SOFFICE"):
        pytest.skip("SAMLING_SOFFICE points elsewhere")
    if not (ROOT / "content" / f"samling-{number:02d}" / "slides.md").is_file():
        pytest.skip("no content yet")
    bundle = load_samling(ROOT / "content", number)
    sheets, warnings = render_worksheets(bundle, TEMPLATES / "worksheet.docx")
    guide, _ = render_guide(bundle, TEMPLATES / "guide.docx")
    (tmp_path / "ark.docx").write_bytes(sheets)
    (tmp_path / "guide.docx").write_bytes(guide)
    ark_pdf, guide_pdf = convert_to_pdf([tmp_path / "ark.docx", tmp_path / "guide.docx"], tmp_path)
    expected = len([e for e in bundle.exercises if e.worksheet is not None])
    assert warnings == []
    assert page_sizes(ark_pdf) == [A4] * expected
    assert all(size == A4 for size in page_sizes(guide_pdf))


@needs_libreoffice
def test_minimal_template_pdf(tmp_path: Path) -> None:
    if os.environ.get("SAMLING_SOFFICE"):
        pytest.skip("SAMLING_SOFFICE points elsewhere")
    template = minimal_docx(tmp_path / "minimal.docx")
    bundle = sample_bundle()
    sheets, _ = render_worksheets(bundle, template)
    guide, _ = render_guide(bundle, template)
    (tmp_path / "ark.docx").write_bytes(sheets)
    (tmp_path / "guide.docx").write_bytes(guide)
    ark_pdf, guide_pdf = convert_to_pdf(
        [tmp_path / "ark.docx", tmp_path / "guide.docx"], tmp_path / "pdf"
    )
    assert page_sizes(ark_pdf) == [A4] * 4
    assert all(size == A4 for size in page_sizes(guide_pdf))


def test_ctrl_c_in_pikepdfs_first_import_comes_once_it_is_done(tmp_path: Path) -> None:
    """A Ctrl-C while pikepdf's extension module sets itself up (the first PDF of a build,
    just after soffice ends) aborted the whole process ("Critical nanobind error", -6)."""
    import subprocess
    import sys

    probe = (
        "import enum, os, signal, sys\n"
        # As in a terminal: a shell's background job (`make test &`) starts with it ignored.
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "from pathlib import Path\n"
        "from pipeline.pdf import pin_pdf\n"
        "assert 'pikepdf' not in sys.modules\n"
        "create = enum.EnumType._create_\n"
        "def interrupted(*args, **kwargs):  # the extension makes its enums with it\n"
        "    os.kill(os.getpid(), signal.SIGINT)\n"
        "    return create(*args, **kwargs)\n"
        "enum.EnumType._create_ = interrupted\n"
        "try:\n"
        "    pin_pdf(Path('never-opened.pdf'), 'nb-NO', None)\n"
        "except KeyboardInterrupt:\n"
        "    print('interrupted; pikepdf imported:', 'pikepdf._core' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "interrupted; pikepdf imported: True\n"
