"""`samling templates check FILE.docx`, and building with a template that has almost no styles."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document

from pipeline.docx_common import STYLE_SPECS, find_style
from pipeline.docx_template import inspect_docx_template
from pipeline.errors import TemplateError

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates" / "docx"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# The seven paragraph styles LibreOffice writes into a .docx it saves from a new document.
LIBREOFFICE_STYLES = ("Normal", "Heading", "Text Body", "List", "Caption", "Index",
                      "Preformatted Text")


def minimal_docx(path: Path, header: str = "", page: tuple[int, int] = (11906, 16838)) -> Path:
    """A .docx written by hand the way LibreOffice saves one: no numbering, seven styles."""
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="{name.replace(" ", "")}">'
        f'<w:name w:val="{name}"/>'
        + ('<w:basedOn w:val="Normal"/>' if name != "Normal" else "")
        + ('<w:rPr><w:sz w:val="28"/></w:rPr>' if name == "Heading" else "")
        + "</w:style>"
        for name in LIBREOFFICE_STYLES
    )
    styles_xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W}">'
        '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Liberation Serif" '
        'w:hAnsi="Liberation Serif"/><w:sz w:val="24"/><w:lang w:val="en-US"/></w:rPr>'
        f"</w:rPrDefault></w:docDefaults>{styles}</w:styles>"
    )
    header_ref = '<w:headerReference w:type="default" r:id="rId2"/>' if header else ""
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        "<w:body><w:p><w:r><w:t>Example text from the designer</w:t></w:r></w:p>"
        f"<w:sectPr>{header_ref}<w:pgSz w:w=\"{page[0]}\" w:h=\"{page[1]}\"/>"
        '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="0" '
        'w:footer="0" w:gutter="0"/></w:sectPr></w:body></w:document>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
        '//schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
        'Target="styles.xml"/>'
        + ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/'
           '2006/relationships/header" Target="header1.xml"/>' if header else "")
        + "</Relationships>"
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
        'org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
        'document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
        + ('<Override PartName="/word/header1.xml" ContentType="application/vnd.'
           'openxmlformats-officedocument.wordprocessingml.header+xml"/>' if header else "")
        + "</Types>"
    )
    package_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
        '//schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", package_rels)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/styles.xml", styles_xml)
        archive.writestr("word/_rels/document.xml.rels", rels)
        if header:
            archive.writestr(
                "word/header1.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><w:hdr xmlns:w="{W}"><w:p><w:r>'
                f"<w:t>{header}</w:t></w:r></w:p></w:hdr>",
            )
    return path


def libreoffice_docx(folder: Path) -> Path | None:
    """A .docx really saved by LibreOffice from a plain text file, or None without soffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    source = folder / "minimal.txt"
    source.write_text("Designer text\n", encoding="utf-8")
    profile = folder / "lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         "docx", "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    result = folder / "minimal.docx"
    return result if result.is_file() else None


# --------------------------------------------------------------------------- tests


def test_shipped_templates_have_every_style() -> None:
    for name, purpose in (("guide.docx", "guide"), ("worksheet.docx", "worksheet")):
        path = TEMPLATES / name
        lines = inspect_docx_template(path)
        assert lines[0] == f"Template {name}, used for the {purpose}{'s' * (purpose != 'guide')}."
        assert "  Page: A4 portrait, 21.0 × 29.7 cm." in lines
        assert "  Body font: Carlito 11 pt, installed." in lines or \
            "  Body font: Carlito 11.5 pt, installed." in lines
        assert lines[-1] == "Result: every style the pipeline uses is in the template."
        assert not any(line.startswith("  missing:") for line in lines)
        doc = Document(str(path))
        for spec in STYLE_SPECS:
            assert find_style(doc, spec.name) is not None, (name, spec.name)


def test_guide_template_placeholders_are_listed() -> None:
    lines = inspect_docx_template(TEMPLATES / "guide.docx")
    assert any(line.startswith("  header: “{programme} · {kommune}") for line in lines)
    assert "  Filled in by the pipeline: {date}, {kommune}, {programme}, {samling}, {title}." \
        in lines
    footer = next(line for line in lines if line.startswith("  footer:"))
    assert "[fields: PAGE, NUMPAGES]" in footer


def test_minimal_template_reports_missing_styles_and_fallbacks(tmp_path: Path) -> None:
    path = minimal_docx(tmp_path / "minimal.docx", header="{programme} – {unknown}")
    lines = inspect_docx_template(path)
    assert "  found: Normal – body text (guide and worksheets)." in lines
    assert ("  missing: Heading 1 (sections; a worksheet's title; guide and worksheets) → "
            "fallback: added: 18 pt bold, outline level 1.") in lines
    assert ("  missing: List Bullet (bulleted lists; guide) → fallback: added "
            "without numbering: a • written as text, hanging indent.") in lines
    assert any(line.startswith("  Example content: 1 paragraph(s)") for line in lines)
    assert any("Not known, left as written: {unknown}" in line for line in lines)
    assert lines[-2].startswith("Result: 14 style(s) missing: Title, Subtitle, Heading 1")
    assert lines[-1] == ("  The template has no list numbering definitions; lists get their "
                         "bullets and numbers as text.")
    # Only the worksheet's styles count for a worksheet template.
    sheet = inspect_docx_template(path, ("worksheet",))
    assert not any("Speaker Notes" in line for line in sheet)
    assert any(line.startswith("Result: 7 style(s) missing") for line in sheet)


def test_letter_page_is_noted(tmp_path: Path) -> None:
    path = minimal_docx(tmp_path / "letter-guide.docx", page=(12240, 15840))
    lines = inspect_docx_template(path)
    assert "  Page: Letter portrait, 21.6 × 27.9 cm." in lines
    assert any("Set the page size to A4" in line for line in lines)


def test_libreoffice_saved_template(tmp_path: Path) -> None:
    path = libreoffice_docx(tmp_path)
    if path is None:
        pytest.skip("LibreOffice is not installed")
    lines = inspect_docx_template(path)
    assert "  found: Normal – body text (guide and worksheets)." in lines
    assert any(line.startswith("  missing: Heading 1") for line in lines)
    assert any("Other paragraph styles in the template (not used): Heading" in line
               for line in lines)


def test_not_a_docx_is_a_template_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 definitely not a zip")
    with pytest.raises(TemplateError) as caught:
        inspect_docx_template(broken)
    assert "not a .docx file" in str(caught.value)
    assert caught.value.diagnostics[0].file == broken
    pptx_like = tmp_path / "deck.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ppt/presentation.xml", "<p/>")
    pptx_like.write_bytes(buffer.getvalue())
    with pytest.raises(TemplateError) as caught:
        inspect_docx_template(pptx_like)
    assert "not a .docx document" in str(caught.value)


def test_shipped_templates_are_what_the_script_makes(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    spec = importlib.util.spec_from_file_location(
        "make_docx_templates", ROOT / "scripts" / "make_docx_templates.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made = module.build_templates()
    for name, data in made.items():
        shipped = (TEMPLATES / name).read_bytes()
        assert shipped == data, f"{name} is stale: run scripts/make_docx_templates.py"
