from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from pipeline.errors import TemplateError
from pipeline.ooxml import guard
from pipeline.ooxml.guard import check_office_template, guard_office_template

from builders import as_template

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


# --------------------------------------------------------------------------- cleaning

RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def rels(*entries: str) -> bytes:
    body = "".join(entries)
    return f'<?xml version="1.0"?><Relationships xmlns="{RELS}">{body}</Relationships>'.encode()


def read(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode("utf-8") if name in archive.namelist() else ""


def test_shipped_templates_come_back_unchanged() -> None:
    for template in ("pptx/default.pptx", "docx/guide.docx", "docx/worksheet.docx"):
        path = REPO / "templates" / template
        guarded = guard_office_template(path)
        assert guarded.data == path.read_bytes()
        assert guarded.warnings == []


def test_linked_picture_in_a_master_is_unlinked(tmp_path: Path) -> None:
    master = (
        f'<p:sldMaster xmlns:p="p" xmlns:a="a" xmlns:r="{R}"><a:blip r:link="rId7"/>'
        f'<a:hlinkClick r:id="rId8"/></p:sldMaster>'
    ).encode()
    path = office_zip(
        tmp_path / "mal.pptx",
        {
            "ppt/slideMasters/slideMaster1.xml": master,
            "ppt/slideMasters/_rels/slideMaster1.xml.rels": rels(
                f'<Relationship Id="rId7" Type="{R}/image" Target="http://127.0.0.1:9/pixel.png"'
                ' TargetMode="External"/>',
                f'<Relationship Id="rId8" Type="{R}/hyperlink" Target="https://seljord.kommune.no"'
                ' TargetMode="External"/>',
            ),
        },
    )
    guarded = guard_office_template(path)
    cleaned_rels = read(guarded.data, "ppt/slideMasters/_rels/slideMaster1.xml.rels")
    assert "127.0.0.1" not in cleaned_rels and "seljord.kommune.no" in cleaned_rels
    cleaned_master = read(guarded.data, "ppt/slideMasters/slideMaster1.xml")
    assert "rId7" not in cleaned_master and "rId8" in cleaned_master
    [warning] = guarded.warnings
    assert "links to 1 outside file(s) (http://127.0.0.1:9/pixel.png)" in warning.message
    assert warning.severity == "warning"


def test_windows_share_link_and_attached_template_are_removed(tmp_path: Path) -> None:
    settings = (
        f'<w:settings xmlns:w="{W_NS}" xmlns:r="{R}"><w:attachedTemplate r:id="rId1"/></w:settings>'
    ).encode()
    path = office_zip(
        tmp_path / "mal.dotm",
        {
            "word/settings.xml": settings,
            "word/_rels/settings.xml.rels": rels(
                f'<Relationship Id="rId1" Type="{R}/attachedTemplate"'
                ' Target="file://server/share/Normal.dotm" TargetMode="External"/>'
            ),
        },
    )
    guarded = guard_office_template(path)
    assert "server/share" not in read(guarded.data, "word/_rels/settings.xml.rels")
    assert "attachedTemplate" not in read(guarded.data, "word/settings.xml")


def test_macros_are_removed_and_the_main_part_retyped(tmp_path: Path) -> None:
    path = tmp_path / "mal.pptm"
    types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Override PartName="/ppt/presentation.xml" ContentType="application/'
        'vnd.ms-powerpoint.presentation.macroEnabled.main+xml"/>'
        '<Override PartName="/ppt/vbaProject.bin" ContentType="application/vnd.ms-office.'
        'vbaProject"/></Types>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("ppt/presentation.xml", b"<p:presentation xmlns:p='p'/>")
        archive.writestr("ppt/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
        archive.writestr(
            "ppt/_rels/presentation.xml.rels",
            rels(
                '<Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2006/'
                'relationships/vbaProject" Target="vbaProject.bin"/>'
            ),
        )
    guarded = guard_office_template(path)
    with zipfile.ZipFile(io.BytesIO(guarded.data)) as archive:
        assert "ppt/vbaProject.bin" not in archive.namelist()
    content_types = read(guarded.data, "[Content_Types].xml")
    assert "vbaProject" not in content_types and "macroEnabled" not in content_types
    assert "presentationml.presentation.main+xml" in content_types
    assert "vbaProject" not in read(guarded.data, "ppt/_rels/presentation.xml.rels")
    assert any("macros" in w.message for w in guarded.warnings)


def test_fields_that_fetch_are_removed_and_their_text_kept(tmp_path: Path) -> None:
    document = (
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText> INCLUDETEXT "\\\\\\\\server\\\\x.docx" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:fldSimple w:instr=" INCLUDEPICTURE http://127.0.0.1:9/a.png "><w:r><w:t>Logo</w:t>'
        '</w:r></w:fldSimple><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        "</w:p></w:body></w:document>"
    ).encode()
    path = office_zip(tmp_path / "mal.docx", {"word/document.xml": document})
    guarded = guard_office_template(path)
    cleaned = read(guarded.data, "word/document.xml")
    assert "INCLUDETEXT" not in cleaned and "INCLUDEPICTURE" not in cleaned
    assert "Logo" in cleaned and " PAGE " in cleaned
    [warning] = guarded.warnings
    assert "INCLUDEPICTURE, INCLUDETEXT" in warning.message


@pytest.mark.parametrize(
    ("name", "encoding"),
    [("word/document.xml", "utf-16"), ("word/notes.bin", "utf-8"), ("customXml/x", "utf-16-be")],
)
def test_doctype_is_found_in_any_encoding_and_any_part(
    tmp_path: Path, name: str, encoding: str
) -> None:
    xxe = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'
    path = office_zip(tmp_path / "mal.docx", {name: xxe.encode(encoding)})
    assert f"the part {name} declares a DOCTYPE" in message(path)


def test_zip_bomb_part_is_refused_before_unpacking(tmp_path: Path) -> None:
    path = tmp_path / "bomb.pptx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("ppt/media/image1.png", b"\0" * (4 * 1024 * 1024))
    assert "unpacks to 4 MiB from 4 KiB, which only a zip bomb does" in message(path)


def test_oversized_package_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "MAX_TOTAL_BYTES", 1000)
    path = office_zip(tmp_path / "stor.docx", {"word/media/a.png": os.urandom(2000)})
    assert "the template unpacks to 0 MiB (at most 0 MiB)" in message(path)


def test_oversized_part_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "MAX_PART_BYTES", 1000)
    path = office_zip(tmp_path / "stor.docx", {"word/media/a.png": os.urandom(2000)})
    assert "the part word/media/a.png unpacks to" in message(path)


def test_word_2010_styles_copy_is_dropped_silently(tmp_path: Path) -> None:
    path = office_zip(
        tmp_path / "mal.docx",
        {
            "word/stylesWithEffects.xml": f'<w:styles xmlns:w="{W_NS}"/>'.encode(),
            "word/_rels/document.xml.rels": rels(
                f'<Relationship Id="rId3" Type="{R}/stylesWithEffects"'
                ' Target="stylesWithEffects.xml"/>'
            ),
        },
    )
    guarded = guard_office_template(path)
    with zipfile.ZipFile(io.BytesIO(guarded.data)) as archive:
        assert "word/stylesWithEffects.xml" not in archive.namelist()
    assert "stylesWithEffects" not in read(guarded.data, "word/_rels/document.xml.rels")
    assert guarded.warnings == []


def test_dotm_macros_are_dropped_and_said_once(tmp_path: Path) -> None:
    dotm = as_template(REPO / "templates/docx/guide.docx", tmp_path / "guide.dotm")
    guarded = guard_office_template(dotm)
    with zipfile.ZipFile(io.BytesIO(guarded.data)) as archive:
        names = archive.namelist()
        types = archive.read("[Content_Types].xml").decode()
        rels = archive.read("word/_rels/document.xml.rels").decode()
    assert "word/vbaProject.bin" not in names
    assert "vbaProject" not in types and "vbaProject" not in rels
    assert "macroEnabled" not in types and "wordprocessingml.document.main+xml" in types
    # The part and the relationship to it are one macro project: one warning, named once.
    macros = [w for w in guarded.warnings if "macros" in w.message]
    assert len(macros) == 1
    assert "(word/vbaProject.bin)" in macros[0].message


@pytest.mark.parametrize(
    ("source", "name", "plain"),
    [
        ("pptx/default.pptx", "default.potx", "presentationml.presentation.main+xml"),
        ("docx/worksheet.docx", "worksheet.dotx", "wordprocessingml.document.main+xml"),
    ],
)
def test_templates_are_retyped_as_documents(
    tmp_path: Path, source: str, name: str, plain: str
) -> None:
    twin = as_template(REPO / "templates" / source, tmp_path / name)
    guarded = guard_office_template(twin)
    with zipfile.ZipFile(io.BytesIO(guarded.data)) as archive:
        types = archive.read("[Content_Types].xml").decode()
    assert plain in types and "template.main" not in types
    assert guarded.warnings == []  # a plain template has nothing to remove


@pytest.fixture
def counted_guards(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The templates the guard really looked at, in order; nothing kept from other tests."""
    looked: list[Path] = []
    real = guard._guard

    def counting(path: Path, data: bytes) -> guard.GuardedTemplate:
        looked.append(path)
        return real(path, data)

    monkeypatch.setattr(guard, "_guard", counting)
    monkeypatch.setattr(guard, "_PASSED", {})
    return looked


def test_a_template_that_passed_is_not_looked_at_again_for_the_same_bytes(
    tmp_path: Path, counted_guards: list[Path]
) -> None:
    dotm = as_template(REPO / "templates/docx/guide.docx", tmp_path / "guide.dotm")
    first = guard_office_template(dotm)
    first.warnings.clear()  # a caller's list is its own
    second = guard_office_template(dotm)
    assert counted_guards == [dotm]
    fresh = guard._guard(dotm, dotm.read_bytes())
    assert second.data == fresh.data
    assert [w.message for w in second.warnings] == [w.message for w in fresh.warnings]
    assert second.warnings


def test_a_changed_template_is_looked_at_again(tmp_path: Path, counted_guards: list[Path]) -> None:
    path = tmp_path / "guide.docx"
    path.write_bytes((REPO / "templates/docx/guide.docx").read_bytes())
    assert guard_office_template(path).warnings == []
    as_template(REPO / "templates/docx/guide.docx", tmp_path / "guide.dotm").replace(path)
    assert any("macros" in w.message for w in guard_office_template(path).warnings)
    assert counted_guards == [path, path]
    assert len(guard._PASSED) == 1  # the older version is not kept


def test_a_refused_template_is_refused_every_time(
    tmp_path: Path, counted_guards: list[Path]
) -> None:
    path = tmp_path / "mal.docx"
    path.write_text("hei", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(TemplateError, match="damaged"):
            guard_office_template(path)
    assert guard._PASSED == {}


def test_the_templates_kept_stay_few(tmp_path: Path, counted_guards: list[Path]) -> None:
    source = (REPO / "templates/docx/worksheet.docx").read_bytes()
    paths = []
    for index in range(guard.MAX_PASSED + 3):
        paths.append(tmp_path / f"t{index}.docx")
        paths[-1].write_bytes(source)
        guard_office_template(paths[-1])
    assert list(guard._PASSED) == [str(p.absolute()) for p in paths[3:]]  # the oldest went


def test_a_template_file_too_large_is_refused_before_it_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(guard, "MAX_FILE_BYTES", 1024 * 1024)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read whole"))
    path = tmp_path / "big.pptx"
    with path.open("wb") as handle:
        handle.write(b"\0" * (1024 * 1024 + 1))
    assert message(path) == (
        f"{path}: error: the template is 2 MiB (at most 1 MiB) (open it in PowerPoint, "
        "remove what makes it so large, and save it again)"
    )


def test_a_pipe_named_like_a_template_does_not_block(tmp_path: Path) -> None:
    path = tmp_path / "guide.docx"
    os.mkfifo(path)
    assert "does not exist" in message(path)
