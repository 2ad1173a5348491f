"""`samling templates check FILE.docx`, and building with a template that has almost no styles."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document

from pipeline.errors import TemplateError
from pipeline.render.word.styles import STYLE_SPECS, find_style
from pipeline.render.word.template_check import inspect_docx_template

from builders import as_template, designer_docx, libreoffice_resave, minimal_docx

ROOT = Path(__file__).resolve().parents[3]
TEMPLATES = ROOT / "templates" / "docx"


def libreoffice_docx(folder: Path) -> Path | None:
    """A .docx really saved by LibreOffice from a plain text file, or None without soffice."""
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        return None
    source = folder / "minimal.txt"
    source.write_text("Designer text\n", encoding="utf-8")
    result = libreoffice_resave(source, "docx", folder)
    return result if result.is_file() else None


def test_shipped_templates_have_every_style() -> None:
    for name, purpose in (("guide.docx", "guide"), ("worksheet.docx", "worksheet")):
        path = TEMPLATES / name
        lines = inspect_docx_template(path)
        assert lines[0] == f"Template {name}, used for the {purpose}{'s' * (purpose != 'guide')}."
        assert "  Page: A4 portrait, 21.0 × 29.7 cm." in lines
        assert (
            "  Body font: Carlito 11 pt, installed." in lines
            or "  Body font: Carlito 11.5 pt, installed." in lines
        )
        assert lines[-1] == "Result: every style the pipeline uses is in the template."
        assert not any(line.startswith("  missing:") for line in lines)
        doc = Document(str(path))
        for spec in STYLE_SPECS:
            assert find_style(doc, spec.name) is not None, (name, spec.name)


def test_guide_template_placeholders_are_listed() -> None:
    lines = inspect_docx_template(TEMPLATES / "guide.docx")
    assert any(line.startswith("  header: “{programme} · {kommune}") for line in lines)
    assert (
        "  Filled in by the pipeline: {date}, {kommune}, {programme}, {samling}, {title}." in lines
    )
    footer = next(line for line in lines if line.startswith("  footer:"))
    assert "[fields: PAGE, NUMPAGES]" in footer


def test_minimal_template_reports_missing_styles_and_fallbacks(tmp_path: Path) -> None:
    path = minimal_docx(tmp_path / "minimal.docx", header="{programme} – {unknown}")
    lines = inspect_docx_template(path)
    assert "  found: Normal – body text (guide and worksheets)." in lines
    assert (
        "  missing: Heading 1 (sections; a worksheet's title; guide and worksheets) → "
        "fallback: added: 18 pt bold, outline level 1."
    ) in lines
    assert (
        "  missing: List Bullet (bulleted lists; guide) → fallback: added "
        "without numbering: a • written as text, hanging indent."
    ) in lines
    assert any(line.startswith("  Example content: 1 paragraph(s)") for line in lines)
    assert any("Not known, left as written: {unknown}" in line for line in lines)
    assert lines[-2].startswith("Result: 14 style(s) missing: Title, Subtitle, Heading 1")
    assert lines[-1] == (
        "  The template has no list numbering definitions; lists get their "
        "bullets and numbers as text."
    )
    # Only the worksheet's styles count for a worksheet template.
    sheet = inspect_docx_template(path, ("worksheet",))
    assert not any("Speaker Notes" in line for line in sheet)
    assert any(line.startswith("Result: 7 style(s) missing") for line in sheet)


def test_letter_page_is_noted(tmp_path: Path) -> None:
    path = minimal_docx(tmp_path / "letter-guide.docx", page=(12240, 15840))
    lines = inspect_docx_template(path)
    assert "  Page: Letter portrait, 21.6 × 27.9 cm." in lines
    note = next(line for line in lines if line.startswith("    Note:"))
    assert "keep this Letter page" in note and "print them on Letter paper" in note
    assert "A4" not in note.split("For A4 paper")[0]  # A4 only as the alternative


def test_shipped_templates_say_nothing_of_layout() -> None:
    for name in ("guide.docx", "worksheet.docx"):
        lines = inspect_docx_template(TEMPLATES / name)
        assert not any(word in line for line in lines for word in ("Line numbering", "Columns"))
        assert not any("starts a new page" in line for line in lines)


def test_line_numbering_and_columns_are_reported(tmp_path: Path) -> None:
    path = designer_docx(tmp_path / "ark.docx", line_numbers=True, columns=2)
    lines = inspect_docx_template(path)
    numbering = [line for line in lines if "Line numbering is on" in line]
    assert numbering == [
        "  Line numbering is on (on every line): the guide and every worksheet get numbers in "
        "the margin, next to the write-in lines too. Turn it off in Layout > Line Numbers "
        "unless the numbers are wanted."
    ]
    columns = [line for line in lines if line.startswith("  Columns:")]
    assert len(columns) == 1 and "in 2 columns" in columns[0]
    assert "Set Layout > Columns to one" in columns[0]


def test_heading_that_starts_a_page_is_explained(tmp_path: Path) -> None:
    path = designer_docx(tmp_path / "ark.docx", heading_break=True)
    (line,) = [line for line in inspect_docx_template(path) if "found: Heading 1" in line]
    assert "It starts a new page" in line and "no blank page" in line


def test_template_twins_are_checked_like_documents(tmp_path: Path) -> None:
    dotx = as_template(TEMPLATES / "worksheet.docx", tmp_path / "worksheet.dotx")
    assert (
        inspect_docx_template(dotx)[1:] == inspect_docx_template(TEMPLATES / "worksheet.docx")[1:]
    )


def test_libreoffice_saved_template(tmp_path: Path) -> None:
    path = libreoffice_docx(tmp_path)
    if path is None:
        pytest.skip("LibreOffice is not installed")
    lines = inspect_docx_template(path)
    assert "  found: Normal – body text (guide and worksheets)." in lines
    assert any(line.startswith("  missing: Heading 1") for line in lines)
    assert any(
        "Other paragraph styles in the template (not used): Heading" in line for line in lines
    )


def test_not_a_docx_is_a_template_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 definitely not a zip")
    with pytest.raises(TemplateError) as caught:
        inspect_docx_template(broken)
    assert "not a Word file" in str(caught.value)
    assert caught.value.diagnostics[0].file == broken
    pptx_like = tmp_path / "deck.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ppt/presentation.xml", "<p/>")
    pptx_like.write_bytes(buffer.getvalue())
    with pytest.raises(TemplateError) as caught:
        inspect_docx_template(pptx_like)
    assert "not a Word document" in str(caught.value)


def test_shipped_templates_are_what_the_script_makes(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    spec = importlib.util.spec_from_file_location(
        "make_docx_templates", ROOT / "scripts" / "make_docx_templates.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made = module.build_templates()
    for name, data in made.items():
        shipped = (TEMPLATES / name).read_bytes()
        assert shipped == data, f"{name} is stale: run scripts/make_docx_templates.py"
