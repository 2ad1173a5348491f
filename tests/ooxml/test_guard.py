from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from pipeline.errors import TemplateError
from pipeline.ooxml.guard import check_office_template

REPO = Path(__file__).resolve().parents[2]


def office_zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def message(path: Path) -> str:
    with pytest.raises(TemplateError) as caught:
        check_office_template(path)
    return caught.value.diagnostics[0].format()


def test_shipped_templates_pass() -> None:
    for template in ("pptx/default.pptx", "docx/guide.docx", "docx/worksheet.docx"):
        path = REPO / "templates" / template
        if path.exists():
            check_office_template(path)


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "mal.pptx"
    path.write_text("hei", encoding="utf-8")
    assert message(path) == (
        f"{path}: error: this is not a PowerPoint file, or it is damaged (truncated or not a "
        ".pptx) (open it in PowerPoint and save it again as .pptx)"
    )


def test_truncated_template(tmp_path: Path) -> None:
    source = REPO / "templates/pptx/default.pptx"
    if not source.exists():
        pytest.skip("the default deck template is not made yet")
    path = tmp_path / "cut.pptx"
    path.write_bytes(source.read_bytes()[: source.stat().st_size // 2])
    assert "damaged" in message(path)


def test_zip_that_is_not_office(tmp_path: Path) -> None:
    path = tmp_path / "mal.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", b"hei")
    assert "it has no [Content_Types].xml" in message(path)


def test_xml_entity_is_refused(tmp_path: Path) -> None:
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<w:document>&x;</w:document>"
    )
    path = office_zip(tmp_path / "mal.docx", {"word/document.xml": xxe})
    assert message(path) == (
        f"{path}: error: the part word/document.xml declares a DOCTYPE or XML entities, which "
        "samling refuses because they can read files from this computer (save the template "
        "again from Word; it never writes these)"
    )
