"""PDF export with LibreOffice headless: one process for all files of a build.

- One `soffice` start converts every file (a start costs about two seconds).
- A private, throw-away profile (-env:UserInstallation=file:///tmp/...): parallel runs on a
  shared profile silently lose files. The profile is seeded with the PDF export settings, so
  every document gets the export filter of its own kind (writer_pdf_Export for .docx,
  impress_pdf_Export for .pptx) and all of them are tagged PDFs (UseTaggedPDF: structure tree,
  /Lang from the document's language, alt text) with bookmarks from the headings.
- The conversion writes into a scratch folder; each expected PDF must exist and be a PDF
  before it is moved into `outdir`, so a stale PDF from an earlier build never passes.
- A timeout ends the whole process group.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

from pipeline.errors import Diagnostic, ToolError

INSTALL_HINT = "Debian: apt-get install libreoffice-writer libreoffice-impress"

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
    timeout: float = 180,
    lang: str | None = None,
    when: datetime | None = None,
) -> list[Path]:
    """Convert `files` (.docx, .pptx, ...) to tagged PDFs in `outdir` with one soffice run.

    With `lang` and `when`, each PDF gets that /Lang and a fixed date, so that the same
    document gives the same PDF bytes.

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
    sources = _sources(files)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="samling-lo-") as scratch_name:
        scratch = Path(scratch_name)
        converted = scratch / "out"
        converted.mkdir()
        returncode, output = _run_soffice(binary, sources, scratch, converted, timeout)
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


def _run_soffice(
    binary: str, sources: list[Path], scratch: Path, converted: Path, timeout: float
) -> tuple[int, str]:
    """One headless soffice run with a fresh profile in `scratch`, writing into `converted`.

    Returns its exit code and everything it printed. Its whole process group is ended when it
    runs past `timeout` or this process is interrupted.
    """
    profile = scratch / "profile"
    _seed_profile(profile)
    command = [
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
    env = dict(os.environ)
    env.setdefault("HOME", str(scratch))
    env["SAL_USE_VCLPLUGIN"] = "svp"  # headless rendering, no display needed
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise _fail(
            f"LibreOffice did not finish converting {len(sources)} file(s) to PDF "
            f"within {timeout:g} s and was stopped",
            hint="try again; a very large deck may need a longer timeout",
        ) from None
    finally:
        if process.poll() is None:
            _kill_group(process)
    output = (stdout or b"").decode(errors="replace") + (stderr or b"").decode(errors="replace")
    return process.returncode, output


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
