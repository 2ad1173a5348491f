"""PDF export with LibreOffice headless: one process for all files of a build.

- One `soffice` start converts every file (a start costs about two seconds).
- A private, throw-away profile (-env:UserInstallation=file:///tmp/...): parallel runs on a
  shared profile silently lose files. The profile is seeded with the PDF export settings, so
  every document gets the export filter of its own kind (writer_pdf_Export for .docx,
  impress_pdf_Export for .pptx) and all of them are tagged PDFs (UseTaggedPDF: structure tree,
  /Lang from the document's language, alt text) with bookmarks from the headings.
- The conversion writes into a scratch folder; each expected PDF must exist and be a PDF
  before it is moved into `outdir`, so a stale PDF from an earlier build never passes.
- While soffice runs, a line every PROGRESS_INTERVAL seconds says it still does; past the
  time limit ($SAMLING_PDF_TIMEOUT, else DEFAULT_TIMEOUT seconds) its whole process group is
  ended and the error names the file it was stuck on.
- soffice runs in a process group of its own, under a small guard process that watches a
  pipe from this one: when this process dies in any way, kill -9 included, the pipe closes
  and the guard ends the whole group, so no LibreOffice is ever left running. Its profile and
  temporary files live in a scratch folder (inside the build's staging folder when given), so
  a killed build leaves nothing in /tmp.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipeline.errors import Diagnostic, ToolError
from pipeline.manifest import signals_held

INSTALL_HINT = "Debian: apt-get install libreoffice-writer libreoffice-impress"

# A conversion of a whole samling takes 10-40 s; a hung soffice would otherwise be silent
# until the limit.
DEFAULT_TIMEOUT = 180.0
TIMEOUT_ENV = "SAMLING_PDF_TIMEOUT"
PROGRESS_INTERVAL = 15.0

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


# Settings of the PDF export filter (org.openoffice.Office.Common/Filter/PDF/Export).
PDF_EXPORT_SETTINGS: dict[str, str] = {
    "UseTaggedPDF": "true",  # tagged PDF: structure, /Lang, alt text (WCAG, PDF/UA)
    "ExportBookmarks": "true",  # headings become bookmarks
    "ExportNotes": "false",
    "ExportNotesPages": "false",
    "UseLosslessCompression": "false",
    "Quality": "90",
    "ReduceImageResolution": "false",
    "EmbedStandardFonts": "true",
    "IsSkipEmptyPages": "false",
    "ExportFormFields": "false",
    "DisplayPDFDocumentTitle": "true",
}


def soffice_binary() -> str | None:
    """The LibreOffice command: $SAMLING_SOFFICE, else soffice or libreoffice on PATH."""
    override = os.environ.get("SAMLING_SOFFICE", "").strip()
    if override:
        return shutil.which(override) or (override if Path(override).is_file() else None)
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_available() -> bool:
    return soffice_binary() is not None


def pdf_timeout() -> float:
    """The time limit of one conversion: $SAMLING_PDF_TIMEOUT seconds, else the default."""
    value = os.environ.get(TIMEOUT_ENV, "").strip()
    if not value:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < float("inf"):
        raise _fail(
            f"{TIMEOUT_ENV}={value} is not a number of seconds",
            hint=f"set it to a positive number, e.g. {TIMEOUT_ENV}=600, or unset it",
        )
    return seconds


def _registry(settings: dict[str, str]) -> str:
    items = "\n".join(
        '<item oor:path="/org.openoffice.Office.Common/Filter/PDF/Export">'
        f'<prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>'
        for name, value in settings.items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"{items}\n</oor:items>\n"
    )


def _seed_profile(profile: Path) -> None:
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(
        _registry(PDF_EXPORT_SETTINGS), encoding="utf-8"
    )


def _fail(message: str, hint: str = "", file: Path | None = None) -> ToolError:
    return ToolError([Diagnostic("error", message, file=file, hint=hint)])


def pin_pdf(path: Path, lang: str | None, when: datetime | None) -> None:
    """Make a LibreOffice PDF reproducible and set its language.

    LibreOffice stamps the conversion time and a random /ID; everything else it writes is
    already stable. Impress also never writes /Lang, so a deck PDF gets it here.
    """
    # Ctrl-C or SIGTERM raised while pikepdf's extension module sets itself up (its first
    # import, just after soffice ends) aborts the whole process ("Critical nanobind error",
    # exit -6, no cleanup); held, they are raised as soon as the import is done.
    with signals_held():
        import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        if lang and str(pdf.Root.get("/Lang", "")) != lang:
            pdf.Root.Lang = pikepdf.String(lang)
        if when is not None:
            stamp = when.strftime("D:%Y%m%d%H%M%SZ")
            pdf.docinfo["/CreationDate"] = pikepdf.String(stamp)
            pdf.docinfo["/ModDate"] = pikepdf.String(stamp)
        # LibreOffice's trailer checksum covers the conversion time; it has no other use.
        # Its /ID is random too: drop it, so qpdf derives a new one from the content.
        for key in ("/DocChecksum", "/ID"):
            if key in pdf.trailer:
                del pdf.trailer[key]
        pdf.save(path, deterministic_id=True)


def convert_to_pdf(
    files: list[Path],
    outdir: Path,
    timeout: float | None = None,
    lang: str | None = None,
    when: datetime | None = None,
    progress: Progress = _quiet,
    scratch_root: Path | None = None,
) -> list[Path]:
    """Convert `files` (.docx, .pptx, ...) to tagged PDFs in `outdir` with one soffice run.

    With `lang` and `when`, each PDF gets that /Lang and a fixed date, so that the same
    document gives the same PDF bytes. `timeout` defaults to pdf_timeout(); `progress` hears
    every PROGRESS_INTERVAL seconds that LibreOffice is still at work. LibreOffice's profile
    and temporary files go into a folder inside `scratch_root` (default: the system's).

    Returns the PDFs in the order of `files`. Raises ToolError when LibreOffice is missing,
    fails, times out, or leaves any expected PDF unwritten.
    """
    if not files:
        return []
    binary = soffice_binary()
    if binary is None:
        raise _fail(
            "LibreOffice (soffice) is not installed, so no PDFs can be made", hint=INSTALL_HINT
        )
    limit = pdf_timeout() if timeout is None else timeout
    sources = _sources(files)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="samling-lo-", dir=scratch_root) as scratch_name:
        scratch = Path(scratch_name)
        converted = scratch / "out"
        converted.mkdir()
        returncode, output = _run_soffice(
            binary, sources, scratch, converted, _Limit(limit, progress, PROGRESS_INTERVAL)
        )
        made = _converted_pdfs(sources, converted, returncode, output)
        results: list[Path] = []
        for pdf in made:
            target = outdir / pdf.name
            if lang or when:
                pin_pdf(pdf, lang, when)
            shutil.move(str(pdf), str(target))
            results.append(target)
        return results


def _sources(files: list[Path]) -> list[Path]:
    """The files as absolute paths; each must exist, and no two may give the same PDF name."""
    sources = [Path(f).resolve() for f in files]
    for source in sources:
        if not source.is_file():
            raise _fail("the file to convert to PDF does not exist", file=source)
    stems: dict[str, Path] = {}
    for source in sources:
        if source.stem in stems:
            raise _fail(
                f"two files would both become {source.stem}.pdf: "
                f"{stems[source.stem].name} and {source.name}",
                hint="give the outputs different names",
            )
        stems[source.stem] = source
    return sources


@dataclass(frozen=True)
class _Limit:
    """How long soffice may run, and who hears that it still runs."""

    seconds: float
    progress: Progress
    interval: float


# The guard between samling and soffice (run as `python -I -c`, standard library only): it
# starts soffice in its own process group and ends that group as soon as the pipe from samling
# reaches its end, which happens when samling exits or is killed, kill -9 included.
_GUARD = """
import os, signal, subprocess, sys, threading
watched = int(sys.argv[1])
child = subprocess.Popen(sys.argv[2:], stdin=subprocess.DEVNULL)
def parent_gone():
    while os.read(watched, 64):
        pass
    os.killpg(0, signal.SIGKILL)
threading.Thread(target=parent_gone, daemon=True).start()
sys.exit(child.wait())
"""


def _run_soffice(
    binary: str, sources: list[Path], scratch: Path, converted: Path, limit: _Limit
) -> tuple[int, str]:
    """One headless soffice run with a fresh profile in `scratch`, writing into `converted`.

    Returns its exit code and everything it printed. Its whole process group is ended when it
    runs past the limit, this process is interrupted, or this process dies (the guard).
    """
    profile = scratch / "profile"
    _seed_profile(profile)
    temporary = scratch / "tmp"
    temporary.mkdir(exist_ok=True)
    env = dict(os.environ)
    env.setdefault("HOME", str(scratch))
    env["TMPDIR"] = str(temporary)  # soffice's own temporary files die with the scratch
    env["SAL_USE_VCLPLUGIN"] = "svp"  # headless rendering, no display needed
    watched, keep_open = os.pipe()
    try:
        process = subprocess.Popen(
            [sys.executable, "-I", "-c", _GUARD, str(watched)]
            + _soffice_command(binary, profile, converted, sources),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,
            pass_fds=(watched,),
        )
    except BaseException:
        os.close(keep_open)
        raise
    finally:
        os.close(watched)
    try:
        stdout, stderr = _wait(process, limit)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise _timed_out(sources, converted, limit.seconds) from None
    finally:
        if process.poll() is None:
            _kill_group(process)
        os.close(keep_open)
    output = (stdout or b"").decode(errors="replace") + (stderr or b"").decode(errors="replace")
    return process.returncode, output


def _soffice_command(binary: str, profile: Path, converted: Path, sources: list[Path]) -> list[str]:
    return [
        binary,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--invisible",
        "--norestore",
        "--nolockcheck",
        "--nodefault",
        "--nologo",
        "--convert-to",
        "pdf",
        "--outdir",
        str(converted),
        *[str(s) for s in sources],
    ]


def _wait(process: subprocess.Popen[bytes], limit: _Limit) -> tuple[bytes, bytes]:
    """soffice's output once it ends; a progress line every interval while it runs.
    Raises TimeoutExpired once it has run for the whole limit."""
    started = time.monotonic()
    while True:
        remaining = limit.seconds - (time.monotonic() - started)
        if remaining <= 0:
            raise subprocess.TimeoutExpired(process.args, limit.seconds)
        try:
            # communicate() may be called again after a timeout without losing output.
            return process.communicate(timeout=min(limit.interval, remaining))
        except subprocess.TimeoutExpired:
            elapsed = time.monotonic() - started
            if elapsed < limit.seconds:
                limit.progress(f"Still converting to PDF … ({elapsed:.0f} s)")


def _timed_out(sources: list[Path], converted: Path, seconds: float) -> ToolError:
    """The error for a stopped soffice, naming the file it was at: it converts in order, so
    that is the first one without a PDF yet."""
    done = [s for s in sources if (converted / f"{s.stem}.pdf").is_file()]
    stuck = next((s for s in sources if s not in done), sources[-1])
    already = f"; {len(done)} of {len(sources)} file(s) were done" if done else ""
    return _fail(
        f"LibreOffice did not finish converting {stuck.name} to PDF within {seconds:g} s "
        f"and was stopped{already}",
        hint=(
            f"open {stuck.name} in LibreOffice to see whether it opens; build without PDFs "
            f"with --no-pdf, or give LibreOffice longer with {TIMEOUT_ENV}=600"
        ),
        file=stuck,
    )


def _converted_pdfs(
    sources: list[Path], converted: Path, returncode: int, output: str
) -> list[Path]:
    """The PDF of every source, in order; ToolError when soffice failed or left one out."""
    made: list[Path] = []
    missing: list[str] = []
    for source in sources:
        pdf = converted / f"{source.stem}.pdf"
        if not pdf.is_file() or not _looks_like_pdf(pdf):
            missing.append(source.name)
        else:
            made.append(pdf)
    if returncode != 0 or missing:
        detail = _last_error(output)
        what = ", ".join(missing) if missing else "the files"
        raise _fail(
            f"LibreOffice could not convert {what} to PDF "
            f"(exit code {returncode}{'; ' + detail if detail else ''})",
            hint="open the file in LibreOffice to see whether it is damaged",
        )
    return made


def _looks_like_pdf(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(5)
        return head == b"%PDF-" and path.stat().st_size > 200
    except OSError:
        return False


def _last_error(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower()]
    chosen = errors[-1] if errors else ""
    return chosen[:300]


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """End soffice and everything it started (oosplash, soffice.bin)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)
