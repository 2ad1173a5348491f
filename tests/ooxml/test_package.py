"""The read-only package reader: parts, relationships with relative targets, core properties,
and no entity expansion."""

from __future__ import annotations

import zipfile
from pathlib import Path

from pipeline.ooxml.package import RT_SLIDE_LAYOUT, RT_THEME, Package

from conftest import REPO

RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def write_package(path: Path, parts: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def test_relationship_targets_are_resolved_against_the_part_folder(tmp_path: Path) -> None:
    path = write_package(
        tmp_path / "deck.pptx",
        {
            "ppt/slides/slide1.xml": "<sld/>",
            "ppt/slides/_rels/slide1.xml.rels": f"""<Relationships xmlns="{RELS}">
<Relationship Id="rId1" Type="{RT_SLIDE_LAYOUT}" Target="../slideLayouts/./slideLayout2.xml"/>
<Relationship Id="rId2" Type="{RT_THEME}" Target="/ppt/theme/theme1.xml"/>
<Relationship Id="rId3" Type="x/hyperlink" Target="https://example.org" TargetMode="External"/>
</Relationships>""",
        },
    )
    package = Package(path)
    assert package.rels("ppt/slides/slide1.xml") == [
        ("rId1", RT_SLIDE_LAYOUT, "ppt/slideLayouts/slideLayout2.xml"),
        ("rId2", RT_THEME, "ppt/theme/theme1.xml"),
    ]
    assert package.related("/ppt/slides/slide1.xml", RT_THEME) == "ppt/theme/theme1.xml"
    assert package.related("ppt/slides/slide1.xml", "x/none") is None
    assert package.rels("ppt/slides/slide2.xml") == []
    assert package.xml("ppt/missing.xml") is None
    assert package.xml("/ppt/slides/slide1.xml") is package.xml("ppt/slides/slide1.xml")


def test_core_properties_and_entities_are_not_expanded(tmp_path: Path) -> None:
    core = """<?xml version="1.0"?>
<!DOCTYPE cp [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
 xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title> Samling 2 </dc:title>
<dc:language>nn-NO</dc:language><dc:creator>&secret;</dc:creator></cp:coreProperties>"""
    package = Package(write_package(tmp_path / "doc.docx", {"docProps/core.xml": core}))
    found = package.core()
    assert found["title"] == "Samling 2"
    assert found["language"] == "nn-NO"
    assert found["creator"] == ""


def test_the_real_template_reads() -> None:
    package = Package(REPO / "templates" / "pptx" / "default.pptx")
    assert "ppt/presentation.xml" in package.names
    assert package.core()["language"] == "nb-NO"
