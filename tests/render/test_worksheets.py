"""Participant worksheets: one sheet per exercise with a worksheet, room to write by hand."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document

from pipeline.errors import TemplateError
from pipeline.model import types as m
from pipeline.model.inline import plain_text
from pipeline.model.words import word
from pipeline.render.worksheets import exercises_with_sheets, listening_levels, render_worksheets

from builders import designer_docx, long_sheet_bundle, minimal_docx, sample_bundle

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "templates" / "docx" / "worksheet.docx"
NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def xml_of(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode()


def sheet_titles(data: bytes) -> list[str]:
    doc = Document(io.BytesIO(data))
    return [p.text for p in doc.paragraphs if p.style.name.lower() == "heading 1"]


def all_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    texts = [t.text or "" for t in doc.element.body.iter(f"{NS}t")]
    return "\n".join(texts)


def test_one_sheet_per_exercise_with_a_worksheet() -> None:
    bundle = sample_bundle()
    data, diagnostics = render_worksheets(bundle, TEMPLATE)
    assert diagnostics == []
    expected = [e.worksheet.title for e in exercises_with_sheets(bundle) if e.worksheet]
    assert sheet_titles(data) == expected
    assert expected == [
        "Refleksjon: en god leder",
        "Observatørskjema",
        "Verdidiamanten",
        "Lytting i min hverdag",
    ]
    xml = xml_of(data)
    # Every sheet after the first starts on a new page.
    assert xml.count("<w:pageBreakBefore/>") == len(expected) - 1
    # Each sheet has the programme line and a name field in the målform (nb: Navn).
    content = all_text(data)
    assert content.count("Lederutviklingsprogram · Seljord kommune · Samling 2 · 23.05.23") == 4
    assert content.count("Navn:") == 4
    assert "Namn:" not in content


def test_nynorsk_name_field_and_language() -> None:
    data, _ = render_worksheets(sample_bundle("nn"), TEMPLATE)
    content = all_text(data)
    assert content.count("Namn:") == 4
    doc = Document(io.BytesIO(data))
    assert doc.core_properties.language == "nn-NO"
    assert doc.core_properties.title.startswith("Arbeidsark – Samling 2: Relasjonsorientert")
    xml = xml_of(data)
    assert 'w:lang w:val="nn-NO"' in xml and "nb-NO" not in xml


def test_write_in_rows_are_exact_and_never_split() -> None:
    data, _ = render_worksheets(sample_bundle(), TEMPLATE)
    doc = Document(io.BytesIO(data))
    exact_rows = [
        tr
        for tbl in doc.element.body.iter(f"{NS}tbl")
        for tr in tbl.iter(f"{NS}tr")
        if tr.trPr is not None
        and tr.trPr.find(f"{NS}trHeight") is not None
        and tr.trPr.find(f"{NS}trHeight").get(f"{NS}hRule") == "exact"
    ]
    # prompts 5 + 4 lines, observer 4 + 4, listening 3, diamond 5 rows, 4 name fields.
    assert len(exact_rows) == 9 + 8 + 3 + 5 + 4
    for tr in exact_rows:
        assert tr.trPr.find(f"{NS}cantSplit") is not None
    heights = {int(tr.trPr.find(f"{NS}trHeight").get(f"{NS}val")) for tr in exact_rows}
    # Ruled lines between 7.5 and 10 mm (425-567 twips), diamond boxes taller.
    assert any(425 <= h <= 567 for h in heights)
    # A question is kept with its lines: all but the last line keep with the next.
    prompt_table = doc.tables[1]
    keeps = [
        row.cells[0].paragraphs[0].paragraph_format.keep_with_next for row in prompt_table.rows
    ]
    assert keeps == [True, True, True, True, None]


def test_diamond_has_nine_boxes_in_rows_of_1_2_3_2_1() -> None:
    data, _ = render_worksheets(sample_bundle(), TEMPLATE)
    doc = Document(io.BytesIO(data))
    boxes_per_row = []
    numbers = []
    for table in doc.tables:
        row = table.rows[0]
        borders = [
            c
            for c in row.cells
            if c._tc.tcPr.find(f"{NS}tcBorders") is not None
            and c._tc.tcPr.find(f"{NS}tcBorders").find(f"{NS}left") is not None
        ]
        if borders and all(b.text.strip().isdigit() for b in borders):
            boxes_per_row.append(len(borders))
            numbers += [int(b.text) for b in borders]
    assert boxes_per_row == [1, 2, 3, 2, 1]
    assert numbers == list(range(1, 10))
    content = all_text(data)
    assert "Viktigst" in content and "Minst viktig" in content


def test_observer_sheet_has_roles_timings_and_notes() -> None:
    data, _ = render_worksheets(sample_bundle(), TEMPLATE)
    content = all_text(data)
    for role in ("Tilbakemelder", "Mottaker", "Observatør", "gir tilbakemelding"):
        assert role in content
    assert (
        "Individuelt – finn situasjon: 2 min · Tren: 5 min · Gi tilbakemelding og drøft: "
        "5 min = 12 min per runde." in content
    )
    assert "3 runder, 36 min." in content
    assert "Hva var bra, og hvorfor?" in content and "Hva kan trenes mer på?" in content


def test_listening_levels_come_from_the_levels_slide() -> None:
    bundle = sample_bundle()
    exercise = bundle.exercise("lytting")
    assert exercise is not None
    # No .levels slide in the sample: the built-in three levels.
    assert [name for name, _ in listening_levels(bundle, exercise)] == [
        "Nivå 1 – indre lytting",
        "Nivå 2 – fokusert lytting",
        "Nivå 3 – global lytting",
    ]
    levels = m.Slide(
        title="Aktiv lytting",
        kind="levels",
        block_id="plattform",
        source=m.SourcePos(file=Path("slides.md"), line=5),
        blocks=[
            m.BulletList(
                items=[
                    m.ListItem(text="Nivå 1 – indre lytting"),
                    m.ListItem(text="Vi hører våre egne tanker.", level=1),
                    m.ListItem(text="Nivå 2 – fokusert lytting"),
                    m.ListItem(text="Den andre er hovedperson.", level=1),
                    m.ListItem(text="Nivå 3 – ikke-verbal lytting"),
                    m.ListItem(text="Lytter til det som ikke blir sagt.", level=1),
                ]
            )
        ],
    )
    bundle = bundle.model_copy(update={"slides": [*bundle.slides, levels]})
    assert listening_levels(bundle, exercise)[2] == (
        "Nivå 3 – ikke-verbal lytting",
        "Lytter til det som ikke blir sagt.",
    )
    content = all_text(render_worksheets(bundle, TEMPLATE)[0])
    assert "Lytter til det som ikke blir sagt." in content
    for choice in ("Sjelden", "Av og til", "Ofte"):
        assert content.count(choice) == 3


def test_too_many_lines_is_a_warning_not_a_failure() -> None:
    data, diagnostics = render_worksheets(long_sheet_bundle(), TEMPLATE)
    assert [d.severity for d in diagnostics] == ["warning"]
    assert "«Altfor lang» has more write-in lines than fit on one A4 page" in diagnostics[0].message
    assert diagnostics[0].key == "god-leder.worksheet"
    # It still has its 48 lines, at the smallest line height.
    assert xml_of(data).count('w:val="425" w:hRule="exact"') == 48


def test_worksheets_are_reproducible() -> None:
    assert (
        render_worksheets(sample_bundle(), TEMPLATE)[0]
        == render_worksheets(sample_bundle(), TEMPLATE)[0]
    )


def test_corrupt_template(tmp_path: Path) -> None:
    broken = tmp_path / "worksheet.docx"
    broken.write_text("this is text, not a .docx")
    with pytest.raises(TemplateError):
        render_worksheets(sample_bundle(), broken)


@pytest.mark.parametrize("number", [2, 3])
def test_real_content_one_sheet_per_declared_worksheet(number: int) -> None:
    from pipeline.content.load import load_samling

    if not (ROOT / "content" / f"samling-{number:02d}" / "slides.md").is_file():
        pytest.skip(f"content/samling-{number:02d} has no slides yet")
    bundle = load_samling(ROOT / "content", number)
    data, diagnostics = render_worksheets(bundle, TEMPLATE)
    assert diagnostics == []  # every sheet fits on one page
    declared = [e for e in bundle.exercises if e.worksheet is not None]
    titles = sheet_titles(data)
    assert len(titles) == len(declared) > 0
    assert sorted(titles) == sorted(plain_text(e.worksheet.title) for e in declared if e.worksheet)
    content = all_text(data)
    name = word("name", bundle.malform)
    assert content.count(f"{name}:") == len(declared)
    for exercise in declared:
        assert exercise.worksheet is not None
        for prompt in exercise.worksheet.prompts:
            assert plain_text(prompt.text) in content


def test_minimal_template_builds_the_worksheets(tmp_path: Path) -> None:

    template = minimal_docx(tmp_path / "minimal.docx")
    data, diagnostics = render_worksheets(sample_bundle("nn"), template)
    assert [d.severity for d in diagnostics] == ["warning"]
    assert "Heading 1" in diagnostics[0].message and "Write-in" in diagnostics[0].message
    assert sheet_titles(data) == [
        "Refleksjon: en god leder",
        "Observatørskjema",
        "Verdidiamanten",
        "Lytting i min hverdag",
    ]
    assert all_text(data).count("Namn:") == 4


def test_a_samling_without_worksheets_says_so() -> None:
    bundle = sample_bundle("nn")
    bundle = bundle.model_copy(
        update={"exercises": [e.model_copy(update={"worksheet": None}) for e in bundle.exercises]}
    )
    data, diagnostics = render_worksheets(bundle, TEMPLATE)
    assert diagnostics == []
    assert sheet_titles(data) == ["Arbeidsark – Samling 2"]
    assert "Ingen av øvingane på denne samlinga har arbeidsark." in all_text(data)


def test_letter_paper_is_named_and_fitted(tmp_path: Path) -> None:
    letter = designer_docx(tmp_path / "letter.docx", letter=True)
    data, diagnostics = render_worksheets(long_sheet_bundle(), letter)
    overflow = [d.message for d in diagnostics if "write-in lines" in d.message]
    assert overflow == [
        "the worksheet «Altfor lang» has more write-in lines than fit on one Letter page; it "
        "runs onto a second page"
    ]
    section = Document(io.BytesIO(data)).sections[-1]
    assert (section.page_width.cm, section.page_height.cm) == pytest.approx((21.59, 27.94))
    # The lines are fitted to the shorter Letter page: a sheet that fits A4 gets lower lines.
    a4 = designer_docx(tmp_path / "a4.docx")
    rows_letter = _row_heights(render_worksheets(sample_bundle(), letter)[0])
    rows_a4 = _row_heights(render_worksheets(sample_bundle(), a4)[0])
    assert len(rows_letter) == len(rows_a4)
    assert sum(rows_letter) < sum(rows_a4)


def _row_heights(data: bytes) -> list[int]:
    doc = Document(io.BytesIO(data))
    return [
        int(height.get(f"{NS}val"))
        for height in doc.element.body.iter(f"{NS}trHeight")
        if height.get(f"{NS}hRule") == "exact"
    ]


def _heading_breaks(data: bytes) -> list[str | None]:
    doc = Document(io.BytesIO(data))
    found = []
    for paragraph in doc.paragraphs:
        if paragraph.style.name == "Heading 1":
            ppr = paragraph._p.pPr
            brk = ppr.find(f"{NS}pageBreakBefore") if ppr is not None else None
            found.append(None if brk is None else brk.get(f"{NS}val"))
    return found


def test_heading_that_starts_a_page_gives_no_second_break(tmp_path: Path) -> None:
    breaking = designer_docx(tmp_path / "breaking.docx", heading_break=True)
    data, _ = render_worksheets(sample_bundle(), breaking)
    # The sheet's own break stays on its programme line; each title turns the style's off.
    assert _heading_breaks(data) == ["0", "0", "0", "0"]
    plain_data, _ = render_worksheets(sample_bundle(), designer_docx(tmp_path / "plain.docx"))
    assert _heading_breaks(plain_data) == [None, None, None, None]


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="needs LibreOffice and poppler-utils",
)
def test_heading_page_break_template_has_no_blank_pages(tmp_path: Path) -> None:
    """In the PDF, every page of a Heading-1-page-break template's worksheets has a title:
    none holds the programme line alone (the blank page before every sheet)."""
    from pipeline.pdf import convert_to_pdf

    docx = tmp_path / "ark.docx"
    docx.write_bytes(
        render_worksheets(sample_bundle(), designer_docx(tmp_path / "t.docx", heading_break=True))[
            0
        ]
    )
    (pdf,) = convert_to_pdf([docx], tmp_path / "out")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [page for page in text.split("\f") if page.strip()]
    assert len(pages) == 4
    titles = ["Refleksjon: en god leder", "Observatørskjema", "Verdidiamanten"]
    for page, title in zip(pages, [*titles, "Lytting i min hverdag"], strict=True):
        assert title in page


def test_added_styles_are_left_aligned_and_single_spaced(tmp_path: Path) -> None:
    justified = designer_docx(tmp_path / "justified.docx", justified=True)
    data, diagnostics = render_worksheets(sample_bundle(), justified)
    assert "Table Heading" in diagnostics[0].message  # it was added
    doc = Document(io.BytesIO(data))
    assert doc.styles["Normal"].paragraph_format.alignment == 3  # the designer's: justified
    for name in ("Table Text", "Table Heading", "Meta", "Prompt", "Write-in"):
        fmt = doc.styles[name].paragraph_format
        assert fmt.alignment == 0, name  # left
        assert fmt.line_spacing == 1.0, name
