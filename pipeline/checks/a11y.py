"""Universal design (WCAG 2.1 AA) check of one samling's built outputs.

`check_accessibility` opens what `samling build N` wrote, not the content, and reports:

1. language: every text run of the deck and the documents, their core properties, the poster
   SVG's xml:lang and every PDF's /Lang carry the programme's målform (nn-NO or nb-NO);
2. text alternatives: every picture has alt text (descr), the poster SVG has <title> and <desc>,
   each poster PNG has a .txt beside it, and every figure in a tagged PDF has /Alt;
3. titles and structure: every slide has a title (a hidden one counts), every document has a
   title, the guide uses real heading styles, and the PDFs of the deck and documents are tagged;
4. contrast: every text colour against the background it is drawn on, at 4.5:1 for normal text
   and 3:1 for large text, and the branding pairs of program.yaml.

Each finding names the file that causes it: the template (a layout, a style, a theme colour),
program.yaml (a branding colour), or else the built file, whose renderer then is at fault.
Findings that repeat on many slides or pages are reported once, with the places listed.
"""

from __future__ import annotations

from pipeline.checks.branding import Branding, check_branding, read_branding
from pipeline.checks.checker import Checker
from pipeline.checks.docx import DocxChecker, check_docx
from pipeline.checks.findings import Findings
from pipeline.checks.pdf import check_pdf, check_pdf_file
from pipeline.checks.poster import PosterChecker, check_poster
from pipeline.checks.pptx import PptxChecker, check_pptx
from pipeline.content.load import read_program
from pipeline.errors import Diagnostic, Report
from pipeline.model.words import language_tag
from pipeline.project import POSTER_DIR, POSTER_TEMPLATES, Project, output_names


def check_accessibility(project: Project, number: int) -> list[Diagnostic]:
    """Check the built outputs of samling `number` for universal design; see the module text."""
    report = Report()
    program = read_program(project.content, report)
    if program is None:
        return report.diagnostics
    tag = language_tag(program.malform)
    findings = Findings()
    branding = read_branding(project, program)
    check_branding(branding, findings)
    _check_office_outputs(project, number, tag, branding, findings)
    _check_posters(project, number, tag, branding, findings)
    return findings.diagnostics()


def _check_office_outputs(
    project: Project, number: int, tag: str, branding: Branding, findings: Findings
) -> None:
    """The deck and the two documents, each with the PDF beside it."""
    folder = project.samling_build_dir(number)
    build_hint = f"run `samling build {number}` first"
    for output, name in output_names(number).items():
        path = folder / name
        if not path.is_file():
            findings.add(
                "warning",
                f"{path.name} is not built, so its universal design was not checked",
                file=path,
                hint=build_hint,
            )
            continue
        template = project.template_for(output)
        checker: Checker = (
            PptxChecker(path, tag, template, branding, findings)
            if output == "deck"
            else DocxChecker(path, tag, template, branding, findings, output)
        )
        _run_guarded(checker, build_hint)
        pdf = path.with_suffix(".pdf")
        if pdf.is_file():
            check_pdf_file(pdf, tag, findings, tagged=True)
        else:
            findings.add(
                "warning",
                f"{pdf.name} is not built, so the PDF's tags and language were not checked",
                file=pdf,
                hint=f"install LibreOffice and run `samling build {number}`",
            )


def _check_posters(
    project: Project, number: int, tag: str, branding: Branding, findings: Findings
) -> None:
    poster_folder = project.build / POSTER_DIR
    for name in POSTER_TEMPLATES:
        stem = "lederplakat" if name == "diamond" else f"lederplakat-{name}"
        svg = poster_folder / f"{stem}.svg"
        if not svg.is_file():
            findings.add(
                "warning",
                f"{svg.name} is not built, so the poster's universal design was not checked",
                file=svg,
                hint=f"run `samling build {number}` first, or `samling poster`",
            )
            continue
        _run_guarded(PosterChecker(svg, tag, project.poster_template(name), branding, findings))


def _run_guarded(checker: Checker, hint: str = "") -> None:
    """Run one checker; a file it cannot read is one finding, and the other files are still
    checked."""
    try:
        checker.run()
    except Exception as exc:  # noqa: BLE001 - one odd file must not stop the other checks
        checker.findings.add(
            "error",
            f"{checker.path.name} could not be checked: {type(exc).__name__}: {exc}",
            file=checker.path,
            hint=hint,
        )


__all__ = [
    "check_accessibility",
    "check_docx",
    "check_pdf",
    "check_poster",
    "check_pptx",
]
