"""The colour rule: each template's theme owns its output's colours; program.yaml's branding
fills in only where a template has none (the poster, a .docx without colours)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from pipeline.cli import main
from pipeline.model.types import Branding
from pipeline.render.colours import deck_branding, document_primary

REPO = Path(__file__).resolve().parents[2]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BRANDING = Branding(primary="#AA0000", secondary="#00AA00", accent="#0000AA")


def test_the_decks_word_cloud_takes_the_pptx_themes_colours() -> None:
    colours = {"accent1": "1F4E79", "accent2": "2E7D6B", "accent3": "B4492F", "tx1": "1E2A33"}
    palette = deck_branding(BRANDING, colours, "FFFFFF")
    assert (palette.primary, palette.secondary, palette.accent) == ("#1F4E79", "#2E7D6B", "#B4492F")
    assert (palette.text, palette.background, palette.font) == ("#1E2A33", "#FFFFFF", "Carlito")


def test_the_shipped_word_templates_own_their_accent() -> None:
    for name in ("guide.docx", "worksheet.docx"):
        doc = Document(str(REPO / "templates" / "docx" / name))
        assert document_primary(doc, BRANDING) == "1F4E79"  # their Heading 1 colour


def without_heading_colour(doc):  # noqa: ANN001, ANN201
    for colour in doc.styles.element.iter(f"{W}color"):
        colour.getparent().remove(colour)
    return doc


def test_a_docx_without_colours_of_its_own_takes_program_yamls_primary() -> None:
    # python-docx's own template: Word's stock "Office" theme, which nobody chose.
    doc = without_heading_colour(Document())
    assert document_primary(doc, BRANDING) == "AA0000"


def test_a_docx_with_a_theme_of_its_own_gives_its_accent1() -> None:
    doc = without_heading_colour(Document())
    theme = doc.part.part_related_by(RT.THEME)
    theme._blob = theme.blob.replace(b'<a:clrScheme name="Office"', b'<a:clrScheme name="Kommune"')
    assert document_primary(doc, BRANDING) == "4F81BD"


def digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.suffix in (".pptx", ".docx")
    }


def test_changing_program_yamls_colours_leaves_the_template_outputs_alone(
    mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(mini)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    result = CliRunner().invoke(main, ["build", "2", "--no-pdf", "--force"])
    assert result.exit_code == 0, result.output
    before = digests(mini / "build" / "samling-02")
    program = mini / "content" / "program.yaml"
    text = program.read_text(encoding="utf-8")
    branding = 'branding:\n  primary: "#7A1F5C"\n  secondary: "#5C7A1F"\n  accent: "#1F5C7A"\n'
    program.write_text(text.replace("samlinger:\n", branding + "samlinger:\n", 1), "utf-8")
    result = CliRunner().invoke(main, ["build", "2", "--no-pdf", "--force"])
    assert result.exit_code == 0, result.output
    after = digests(mini / "build" / "samling-02")
    assert len(before) >= 3  # the deck, the guide and the worksheets
    assert after == before
