"""Every built .pptx and .docx, and every shipped template, is valid Office Open XML.

openxml-audit checks the files against the ECMA-376 schemas and the semantic rules that make
PowerPoint or Word offer to "repair" a file. A file that passes here opens cleanly.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from openxml_audit import OpenXmlValidator

from pipeline.build import BuildOptions, build_samling
from pipeline.project import Project, output_names

from conftest import REPO

SAMLINGER = (2, 3)
TEMPLATES = ("pptx/default.pptx", "docx/guide.docx", "docx/worksheet.docx")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    project = Project(REPO / "content", REPO / "templates", tmp_path_factory.mktemp("ooxml"))
    files = {}
    for number in SAMLINGER:
        build_samling(project, number, BuildOptions(pdf=False, force=True, parallel=False))
        folder = project.samling_build_dir(number)
        for name in output_names(number).values():
            files[name] = folder / name
    return files


def errors_in(path: Path) -> list[str]:
    result = OpenXmlValidator(max_errors=20).validate(str(path))
    return [str(error) for error in result.errors]


@pytest.mark.parametrize(
    "name", [name for number in SAMLINGER for name in output_names(number).values()]
)
def test_built_file_is_valid(name: str, built: dict[str, Path]) -> None:
    assert errors_in(built[name]) == []


@pytest.mark.parametrize("template", TEMPLATES)
def test_shipped_template_is_valid(template: str) -> None:
    assert errors_in(REPO / "templates" / template) == []


def test_deck_lists_its_notes_master(built: dict[str, Path]) -> None:
    """Keynote and PowerPoint's Notes Page view find the notes master through this list."""
    deck = built[output_names(2)["deck"]]
    with zipfile.ZipFile(deck) as archive:
        root = etree.parse(io.BytesIO(archive.read("ppt/presentation.xml"))).getroot()
    ns = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main"}
    ids = root.findall("p:notesMasterIdLst/p:notesMasterId", ns)
    assert len(ids) == 1
    order = [etree.QName(child).localname for child in root]
    assert order.index("notesMasterIdLst") == order.index("sldMasterIdLst") + 1


def test_shipped_word_templates_have_no_styles_with_effects() -> None:
    for template in TEMPLATES[1:]:
        with zipfile.ZipFile(REPO / "templates" / template) as archive:
            assert "word/stylesWithEffects.xml" not in archive.namelist()
