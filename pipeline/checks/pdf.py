"""The PDFs: /Lang, title, and for the tagged ones the structure tree with /Alt on figures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.checks.findings import Findings, check_declared_language, list_places
from pipeline.errors import Diagnostic


def check_pdf_file(path: Path, tag: str, findings: Findings, tagged: bool) -> None:
    """/Lang, title and (when `tagged`) the structure tree, with /Alt on every figure."""
    try:
        import pikepdf
    except ImportError:
        findings.add(
            "warning",
            f"{path.name} was not checked: pikepdf is not installed",
            file=path,
            hint="pip install -e '.[dev]'",
        )
        return
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PdfError as exc:
        findings.add("error", f"{path.name} cannot be read as a PDF: {exc}", file=path)
        return
    with pdf:
        root = pdf.Root
        check_declared_language(
            findings,
            str(root.get("/Lang", "")).strip(),
            tag,
            path,
            "the PDF",
            "(/Lang)",
            hint="export with the language set, so screen readers read Norwegian",
        )
        title = str(pdf.docinfo.get("/Title", "")).strip() if pdf.docinfo is not None else ""
        if not title:
            try:
                with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
                    title = str(meta.get("dc:title", "") or "").strip()
            except Exception:  # noqa: BLE001 - broken XMP is no title
                title = ""
        if not title:
            findings.add(
                "error",
                "the PDF has no document title (/Title): viewers show the file name instead",
                file=path,
                key="title",
            )
        prefs = root.get("/ViewerPreferences")
        if title and (prefs is None or not bool(prefs.get("/DisplayDocTitle", False))):
            findings.add(
                "warning",
                "the PDF does not ask viewers to show its title (/DisplayDocTitle) instead of "
                "the file name",
                file=path,
                key="title",
                hint="PDF/UA asks for it; LibreOffice sets it with its PDF/UA export option",
            )
        if not tagged:
            return
        mark = root.get("/MarkInfo")
        marked = mark is not None and bool(mark.get("/Marked", False))
        if "/StructTreeRoot" not in root or not marked:
            findings.add(
                "error",
                "the PDF is not tagged (no /StructTreeRoot or /MarkInfo /Marked): screen "
                "readers get no headings, lists, reading order or alt text",
                file=path,
                hint="export with LibreOffice's tagged-PDF option (UseTaggedPDF)",
            )
            return
        figures, without_alt = _pdf_figures(pdf, root.StructTreeRoot)
        if without_alt:
            pages = sorted({page for page in without_alt if page})
            findings.add(
                "error",
                f"{len(without_alt)} of {figures} figures in the PDF have no alt text (/Alt)"
                + (f" ({list_places('page', [str(p) for p in pages], most=12)})" if pages else ""),
                file=path,
                hint="LibreOffice tags every picture and every shape without text as a figure: "
                "give each alt text (descr) in the .pptx or .docx",
            )


def _pdf_figures(pdf: Any, tree: Any, most: int = 50000) -> tuple[int, list[int]]:
    """(figures, pages of the figures without /Alt) in a structure tree, walked without
    recursion and without visiting a node twice."""
    import pikepdf

    pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    figures = 0
    without: list[int] = []
    stack: list[tuple[Any, int]] = [(tree, 0)]
    seen: set[tuple[int, int]] = set()
    count = 0
    while stack and count < most:
        node, page = stack.pop()
        count += 1
        if isinstance(node, pikepdf.Array):
            stack.extend((kid, page) for kid in node)
            continue
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        own_page = node.get("/Pg")
        if isinstance(own_page, pikepdf.Dictionary) and own_page.is_indirect:
            page = pages.get(own_page.objgen, page)
        if node.get("/S") == pikepdf.Name.Figure:
            figures += 1
            alt = node.get("/Alt")
            if alt is None or not str(alt).strip():
                without.append(page)
        kids = node.get("/K")
        if kids is not None:
            stack.append((kids, page))
    return figures, without


def check_pdf(path: Path, tag: str, tagged: bool = True) -> list[Diagnostic]:
    """Check one PDF: /Lang, title, and for `tagged` the structure tree and figures' /Alt."""
    findings = Findings()
    check_pdf_file(path, tag, findings, tagged)
    return findings.diagnostics()
