"""Issue 11's "done when", for Word: the guide and the worksheets with real Word templates.

With each template (the shipped guide.docx and worksheet.docx, and every real public .docx,
.dotx and .dotm listed in tests/fixtures/real-templates/sources.toml that is present under
$SAMLING_REAL_TEMPLATES), samling 2 and 3's guide and worksheets are built and converted to
PDF in one LibreOffice run. Then:

- no page of a PDF is blank;
- no word is broken across lines;
- every page has the template's paper size (Letter stays Letter, A4 stays A4).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from builders import broken_words, expect_known_failure, real_templates

REPO = Path(__file__).resolve().parents[3]
CONTENT = REPO / "content"
SHIPPED = REPO / "templates" / "docx"
SAMLINGER = (2, 3)
XHTML = "{http://www.w3.org/1999/xhtml}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PAPER_SLACK = 2.0  # pt

TEMPLATES = [pytest.param(None, id="shipped")] + real_templates("docx")
# Known failures, as strict xfails: each must fail until it is fixed, then its entry goes.
XFAIL: dict[tuple[str, str], str] = {}

pytestmark = [
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is missing"),
    pytest.mark.skipif(not (CONTENT / "samling-03" / "slides.md").is_file(), reason="no content"),
]


@dataclass
class Built:
    name: str
    paper: dict[str, tuple[float, float]]  # output stem -> the template's page (pt)
    documents: list[Path]
    pdfs: list[Path]


def page_size(template: Path) -> tuple[float, float]:
    """The template's last section's page width and height in points."""
    with zipfile.ZipFile(template) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    sizes = list(root.iter(f"{W}pgSz"))
    assert sizes, f"{template.name} names no page size"
    last = sizes[-1]
    return int(last.get(f"{W}w")) / 20, int(last.get(f"{W}h")) / 20


@pytest.fixture(scope="module", params=TEMPLATES)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    from pipeline.content.load import load_samling
    from pipeline.pdf import convert_to_pdf
    from pipeline.render.guide.render import render_guide
    from pipeline.render.worksheets import render_worksheets

    given: Path | None = request.param
    name = given.name if given else "shipped"
    folder = tmp_path_factory.mktemp(name.replace(".", "-"))
    documents, paper = [], {}
    for number in SAMLINGER:
        bundle = load_samling(CONTENT, number)
        for what, render, shipped in (
            ("guide", render_guide, SHIPPED / "guide.docx"),
            ("worksheets", render_worksheets, SHIPPED / "worksheet.docx"),
        ):
            template = given or shipped
            data, _ = render(bundle, template)
            document = folder / f"{what}-{number}.docx"
            document.write_bytes(data)
            documents.append(document)
            paper[document.stem] = page_size(template)
    pdfs = convert_to_pdf(documents, folder / "pdf", scratch_root=folder)
    return Built(name, paper, documents, pdfs)


def expect(request: pytest.FixtureRequest, built: Built, check: str) -> None:
    expect_known_failure(request, XFAIL, (built.name, check))


def pages(pdf: Path) -> list[tuple[float, float, int]]:
    """Each page's width and height (pt) and how many words poppler reads on it."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True
    ).stdout
    root = etree.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", out))
    return [
        (float(p.get("width", 0)), float(p.get("height", 0)), len(list(p.iter(f"{XHTML}word"))))
        for p in root.iter(f"{XHTML}page")
    ]


def test_no_page_is_blank(request: pytest.FixtureRequest, built: Built) -> None:
    expect(request, built, "blank")
    blank = [
        f"{pdf.name} page {number}"
        for pdf in built.pdfs
        for number, (_, _, words) in enumerate(pages(pdf), 1)
        if words == 0
    ]
    assert blank == []


def test_no_word_is_broken_across_lines(request: pytest.FixtureRequest, built: Built) -> None:
    expect(request, built, "words")
    found = [
        f"{document.name} {where}"
        for document, pdf in zip(built.documents, built.pdfs, strict=True)
        for where in broken_words(document, pdf)
    ]
    assert found == []


def test_every_page_has_the_templates_paper_size(
    request: pytest.FixtureRequest, built: Built
) -> None:
    expect(request, built, "paper")
    wrong = []
    for document, pdf in zip(built.documents, built.pdfs, strict=True):
        want = built.paper[document.stem]
        for number, (width, height, _) in enumerate(pages(pdf), 1):
            if abs(width - want[0]) > PAPER_SLACK or abs(height - want[1]) > PAPER_SLACK:
                wrong.append(f"{pdf.name} page {number}: {width:g} × {height:g} pt, not {want}")
    assert wrong == []
