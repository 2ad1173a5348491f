"""Universal design: the checker on hand-made files, and on the real samling 2 as built.

The hand-made files pin down what the checker sees (a grey run, a picture without alt text, a
white text on a yellow card). The real build shows that the shipped content, templates and
renderers pass: every run in nynorsk, alt text on every picture, a title on every slide,
every text colour at WCAG AA, tagged PDFs with /Lang. A held-back template with low-contrast
colours is reported, naming the colour pair and the template.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor as PptxRGB
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Emu
from pptx.util import Pt as PptxPt

from pipeline.build import BuildOptions, build_samling
from pipeline.checks.a11y import (
    check_accessibility,
    check_docx,
    check_pdf,
    check_poster,
    check_pptx,
)
from pipeline.errors import Diagnostic
from pipeline.project import Project, output_names

from conftest import REPO, edit

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS = {"a": A, "p": P}
TEMPLATE = REPO / "templates" / "pptx" / "default.pptx"
HAS_SOFFICE = shutil.which("soffice") is not None or shutil.which("libreoffice") is not None
needs_libreoffice = pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice is not installed")


def errors(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == "error"]


def messages(diagnostics: list[Diagnostic]) -> str:
    return "\n".join(d.format() for d in diagnostics)


def png() -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (20, 20), "#2E7D6B").save(data, "PNG")
    data.seek(0)
    return data


# --------------------------------------------------------------------------- hand-made decks


def tag_runs(slide: object, lang: str = "nn-NO") -> None:
    for run in slide._element.iter(f"{{{A}}}r"):  # type: ignore[attr-defined]
        rpr = run.find(f"{{{A}}}rPr")
        if rpr is None:
            rpr = etree.SubElement(run, f"{{{A}}}rPr")
            run.insert(0, rpr)
        rpr.set("lang", lang)


def text_box(slide: object, text: str, colour: str, size: int, x: int = 914400) -> None:
    box = slide.shapes.add_textbox(Emu(x), Emu(2000000), Emu(3000000), Emu(800000))  # type: ignore[attr-defined]
    run = box.text_frame.paragraphs[0].add_run()
    run.text = text
    run.font.color.rgb = PptxRGB.from_string(colour)
    run.font.size = PptxPt(size)


def layout(prs: object, name: str) -> object:
    return next(lay for lay in prs.slide_layouts if lay.name == name)  # type: ignore[attr-defined]


def save(prs: object, path: Path) -> Path:
    prs.core_properties.title = "Test"  # type: ignore[attr-defined]
    prs.core_properties.language = "nn-NO"  # type: ignore[attr-defined]
    prs.save(str(path))  # type: ignore[attr-defined]
    return path


def test_a_clean_deck_passes(tmp_path: Path) -> None:
    prs = Presentation(str(TEMPLATE))
    slide = prs.slides.add_slide(layout(prs, "Title Slide"))
    slide.shapes.title.text = "Velkomen"
    slide.placeholders[1].text = "Samling 2"
    slide = prs.slides.add_slide(layout(prs, "Title and Content"))
    slide.shapes.title.text = "Innhald"
    slide.placeholders[1].text = "Eit punkt"
    picture = slide.shapes.add_picture(png(), Emu(9000000), Emu(5000000))
    picture._element.nvPicPr.cNvPr.set("descr", "Eit grønt kvadrat")
    tag_runs(prs.slides[0])
    tag_runs(slide)
    assert check_pptx(save(prs, tmp_path / "deck.pptx"), "nn-NO", TEMPLATE) == []


def test_grey_text_fails_at_12_pt_and_passes_at_18_pt(tmp_path: Path) -> None:
    prs = Presentation(str(TEMPLATE))
    for size in (12, 18, 12):
        slide = prs.slides.add_slide(layout(prs, "Title Only"))
        slide.shapes.title.text = f"{size} pt"
        text_box(slide, "grå tekst", "777777", size)
        tag_runs(slide)
    path = save(prs, tmp_path / "deck.pptx")
    found = check_pptx(path, "nn-NO", TEMPLATE)
    assert [d.message for d in found] == [
        "text #777777 on #FFFFFF has contrast 4.47:1, needs 4.5:1 (normal text; text colour "
        "from the text run; background: theme colour lt1) (slide layout 'Title Only'; "
        "shape text box; slides 1, 3)"
    ]
    # The renderer chose the grey, so the built deck is the file to fix, not the template.
    assert found[0].file == path


def test_white_text_on_a_card_is_judged_against_the_card(tmp_path: Path) -> None:
    prs = Presentation(str(TEMPLATE))
    slide = prs.slides.add_slide(layout(prs, "Title Only"))
    slide.shapes.title.text = "Kort"
    for x, fill in ((914400, "1F4E5F"), (6000000, "D9A441")):
        card = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, Emu(x), Emu(1800000), Emu(4000000), Emu(1500000)
        )
        card.fill.solid()
        card.fill.fore_color.rgb = PptxRGB.from_string(fill)
        text_box(slide, "kvit tekst", "FFFFFF", 16, x=x)
    tag_runs(slide)
    found = check_pptx(save(prs, tmp_path / "deck.pptx"), "nn-NO", TEMPLATE)
    assert len(found) == 1
    assert "text #FFFFFF on #D9A441 has contrast 2.24:1, needs 4.5:1" in found[0].message


def test_a_shape_style_gives_white_text_on_the_accent_fill(tmp_path: Path) -> None:
    # python-pptx's autoshapes carry PowerPoint's shape style: accent1 fill, lt1 text.
    prs = Presentation(str(TEMPLATE))
    slide = prs.slides.add_slide(layout(prs, "Title Only"))
    slide.shapes.title.text = "Stil"
    shape = slide.shapes.add_shape(
        MSO_SHAPE.ROUNDED_RECTANGLE, Emu(914400), Emu(1800000), Emu(4000000), Emu(1500000)
    )
    shape.text = "Tekst i figuren"
    tag_runs(slide)
    assert check_pptx(save(prs, tmp_path / "deck.pptx"), "nn-NO", TEMPLATE) == []


def test_text_in_the_hole_of_a_ring_is_on_the_slide_background(tmp_path: Path) -> None:
    prs = Presentation(str(TEMPLATE))
    slide = prs.slides.add_slide(layout(prs, "Title Only"))
    slide.shapes.title.text = "Ring"
    ring = slide.shapes.add_shape(
        MSO_SHAPE.DONUT, Emu(914400), Emu(1500000), Emu(3000000), Emu(3000000)
    )
    ring.fill.solid()
    ring.fill.fore_color.rgb = PptxRGB.from_string("1F4E79")
    box = slide.shapes.add_textbox(Emu(1914400), Emu(2700000), Emu(1000000), Emu(600000))
    run = box.text_frame.paragraphs[0].add_run()
    run.text = "38%"
    run.font.color.rgb = PptxRGB.from_string("1F4E79")
    tag_runs(slide)
    assert check_pptx(save(prs, tmp_path / "deck.pptx"), "nn-NO", TEMPLATE) == []


def test_language_alt_text_and_titles_are_reported(tmp_path: Path) -> None:
    prs = Presentation(str(TEMPLATE))
    slide = prs.slides.add_slide(layout(prs, "Title Only"))
    slide.shapes.title.text = "Bokmål"
    tag_runs(slide, "nb-NO")
    slide = prs.slides.add_slide(layout(prs, "Title Only"))
    slide.shapes.title._element.getparent().remove(slide.shapes.title._element)
    slide.shapes.add_picture(png(), Emu(914400), Emu(1800000))  # descr: 'image.png'
    box = slide.shapes.add_textbox(Emu(914400), Emu(4000000), Emu(3000000), Emu(600000))
    box.text_frame.text = "Utan tittel og utan språk"
    slide = prs.slides.add_slide(layout(prs, "Title Only"))
    slide.shapes.title.text = "Skjult tittel"
    slide.shapes.title._element.nvSpPr.cNvPr.set("hidden", "1")
    tag_runs(slide)
    found = check_pptx(save(prs, tmp_path / "deck.pptx"), "nn-NO", TEMPLATE)
    text = messages(found)
    assert "text runs are tagged nb-NO; the programme's målform needs nn-NO (slide 1)" in text
    assert "text runs without a language (a:rPr lang); expected nn-NO (slide 2)" in text
    assert "a picture has only a file name as alt text ('image.png') (descr) (slide 2)" in text
    assert "a slide has no title placeholder with text (it begins 'Utan tittel" in text
    assert "slide 3" not in text  # a hidden title counts


def test_core_properties_are_checked(tmp_path: Path) -> None:
    prs = Presentation(str(TEMPLATE))
    prs.core_properties.title = ""
    prs.core_properties.language = "en-US"
    prs.save(str(tmp_path / "deck.pptx"))
    text = messages(check_pptx(tmp_path / "deck.pptx", "nn-NO", TEMPLATE))
    assert "the deck has no document title (core property title)" in text
    assert "the deck declares the language en-US in its core properties" in text


# --------------------------------------------------------------------------- hand-made documents


def tagged_document(lang: str = "nn-NO") -> docx.document.Document:
    document = docx.Document()
    lang_el = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    lang_el.set(qn("w:val"), lang)
    document.core_properties.title = "Rettleiar"
    document.core_properties.language = lang
    return document


def test_grey_run_and_dark_cell_are_reported_in_a_document(tmp_path: Path) -> None:
    document = tagged_document()
    document.add_heading("Velkomen", level=1)
    run = document.add_paragraph().add_run("grå tekst")
    run.font.color.rgb = RGBColor(0x77, 0x77, 0x77)
    big = document.add_paragraph().add_run("stor grå tekst")
    big.font.color.rgb = RGBColor(0x77, 0x77, 0x77)
    big.font.size = Pt(18)
    table = document.add_table(rows=1, cols=2)
    for cell, colour in zip(table.rows[0].cells, ("FFFFFF", "333333"), strict=True):
        shading = etree.SubElement(cell._tc.get_or_add_tcPr(), qn("w:shd"))
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:fill"), "1F4E5F")
        cell_run = cell.paragraphs[0].add_run("celle")
        cell_run.font.color.rgb = RGBColor.from_string(colour)
    marked = document.add_paragraph().add_run("gult merke")
    marked.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    marked.font.highlight_color = WD_COLOR_INDEX.YELLOW
    document.save(str(tmp_path / "guide.docx"))
    found = check_docx(tmp_path / "guide.docx", "nn-NO", "guide")
    contrast = sorted(d.message.split(" (")[0] for d in found)
    assert contrast == [
        "facilitator guide: text #333333 on #1F4E5F has contrast 1.39:1, needs 4.5:1",
        "facilitator guide: text #777777 on #FFFFFF has contrast 4.47:1, needs 4.5:1",
        "facilitator guide: text #FFFFFF on #FFFF00 has contrast 1.07:1, needs 4.5:1",
    ]


def test_document_language_may_be_set_once_in_the_defaults(tmp_path: Path) -> None:
    document = tagged_document()
    document.add_heading("Velkomen", level=1)
    document.add_paragraph("Tekst utan eigen språkmerking.")
    document.save(str(tmp_path / "guide.docx"))
    assert check_docx(tmp_path / "guide.docx", "nn-NO", "guide") == []


def test_document_language_title_pictures_and_headings_are_reported(tmp_path: Path) -> None:
    document = docx.Document()  # python-docx's own template: en-US, no title
    document.add_paragraph("Ingen overskrifter her.")
    document.add_picture(png())
    document.save(str(tmp_path / "guide.docx"))
    text = messages(check_docx(tmp_path / "guide.docx", "nn-NO", "guide"))
    assert "text in the facilitator guide is tagged en-US (in the document defaults)" in text
    assert "the facilitator guide has no document title" in text
    assert "the facilitator guide declares no language in its core properties" in text
    assert "a picture in the document has no alt text (wp:docPr descr)" in text
    assert "error: the facilitator guide has no headings in heading styles" in text
    worksheets = check_docx(tmp_path / "guide.docx", "nn-NO", "worksheets")
    assert "warning: the worksheets has no headings" in messages(worksheets)


# --------------------------------------------------------------------------- hand-made poster

POSTER = """<svg xmlns="http://www.w3.org/2000/svg" xml:lang="{lang}" width="420mm" height="594mm"
  viewBox="0 0 420 594">
  {title}
  <style>.pale {{ fill: #BBBBBB }}</style>
  <rect width="420" height="594" fill="#FAF8F4"/>
  <g fill="#FFFFFF" transform="translate(10 10)">
    <rect width="200" height="50" fill="#1F4E5F"/>
    <text x="10" y="30" font-size="10">Visjon</text>
  </g>
  <polygon points="300,100 400,200 300,300 200,200" fill="#3F6E4E"/>
  <text x="300" y="205" font-size="6" fill="#FFFFFF">Inne i ruta</text>
  <text x="215" y="120" font-size="6" fill="#FFFFFF">Utanfor ruta</text>
  <text x="20" y="400" font-size="4" class="pale">Blek tekst</text>
</svg>"""


def write_poster(folder: Path, lang: str = "nn-NO", title: bool = True) -> Path:
    svg = folder / "lederplakat.svg"
    svg.write_text(
        POSTER.format(
            lang=lang, title="<title>Plakat</title><desc>Verdiar</desc>" if title else ""
        ),
        encoding="utf-8",
    )
    (folder / "lederplakat.png").write_bytes(png().getvalue())
    return svg


def test_poster_text_is_judged_against_the_shape_under_it(tmp_path: Path) -> None:
    svg = write_poster(tmp_path)
    (tmp_path / "lederplakat.txt").write_text("Plakat\n", encoding="utf-8")
    found = [d for d in check_poster(svg, "nn-NO") if "contrast" in d.message]
    assert sorted(d.message for d in found) == [
        "poster: text #BBBBBB on #FAF8F4 has contrast 1.8:1, needs 4.5:1 (normal text at "
        "print size; text colour: the text's fill; background: the rect's fill) "
        "(text 'Blek tekst')",
        "poster: text #FFFFFF on #FAF8F4 has contrast 1.06:1, needs 4.5:1 (normal text at "
        "print size; text colour: the text's fill; background: the rect's fill) "
        "(text 'Utanfor ruta')",
    ]


def test_poster_language_title_and_text_alternative_are_reported(tmp_path: Path) -> None:
    svg = write_poster(tmp_path, lang="nb-NO", title=False)
    text = messages(check_poster(svg, "nn-NO"))
    assert "the poster SVG declares xml:lang=nb-NO; the programme's målform needs nn-NO" in text
    assert "the poster SVG has no <title>" in text
    assert "the poster SVG has no <desc>" in text
    assert "lederplakat.png has no text alternative lederplakat.txt beside it" in text


# --------------------------------------------------------------------------- PDFs


def test_an_untagged_pdf_without_language_is_reported(tmp_path: Path) -> None:
    pikepdf = pytest.importorskip("pikepdf")
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(tmp_path / "plain.pdf")
    text = messages(check_pdf(tmp_path / "plain.pdf", "nn-NO"))
    assert "the PDF declares no language (/Lang); expected nn-NO" in text
    assert "the PDF has no document title (/Title)" in text
    assert "the PDF is not tagged (no /StructTreeRoot or /MarkInfo /Marked)" in text

    pdf.Root.Lang = pikepdf.String("nb-NO")
    pdf.docinfo["/Title"] = "Plakat"
    pdf.save(tmp_path / "bokmal.pdf")
    text = messages(check_pdf(tmp_path / "bokmal.pdf", "nn-NO", tagged=False))
    assert "the PDF declares the language nb-NO (/Lang); the programme's målform needs nn-NO" in (
        text
    )


# --------------------------------------------------------------------------- the real samling 2


def copy_project(root: Path) -> Project:
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    return Project.at(root)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The real samling 2 and the poster, built once for the tests below."""
    project = copy_project(tmp_path_factory.mktemp("real"))
    build_samling(project, 2, BuildOptions(pdf=HAS_SOFFICE))
    return project


def outputs(project: Project) -> dict[str, Path]:
    folder = project.samling_build_dir(2)
    return {name: folder / file for name, file in output_names(2).items()}


def test_real_deck_runs_are_nynorsk_every_picture_has_alt_text_every_slide_a_title(
    built: Project,
) -> None:
    prs = Presentation(str(outputs(built)["deck"]))
    runs = pictures = 0
    assert prs.core_properties.language == "nn-NO"
    assert prs.core_properties.title
    for number, slide in enumerate(prs.slides, start=1):
        parts = [slide._element]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide._element)
        for part in parts:
            for run in part.iter(f"{{{A}}}r"):
                if "".join(run.itertext()).strip():
                    runs += 1
                    rpr = run.find(f"{{{A}}}rPr")
                    assert rpr is not None and rpr.get("lang") == "nn-NO", (number, run)
        for pic in slide._element.iter(f"{{{P}}}pic"):
            pictures += 1
            descr = pic.find("p:nvPicPr/p:cNvPr", NS).get("descr", "")
            assert descr.strip() and not descr.endswith(".png"), (number, descr)
        titles = [
            shape.text_frame.text
            for shape in slide.placeholders
            if shape.placeholder_format.type is not None
            and shape.placeholder_format.type in (1, 3)  # TITLE, CENTER_TITLE
        ]
        assert any(t.strip() for t in titles), f"slide {number} has no title"
    assert runs > 100
    assert pictures >= 3  # the two images, the QR code, the word cloud


def test_real_documents_are_nynorsk_with_titles_alt_text_and_headings(built: Project) -> None:
    for name in ("guide", "worksheets"):
        document = docx.Document(str(outputs(built)[name]))
        assert document.core_properties.language == "nn-NO"
        assert document.core_properties.title
        default = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
        assert default is not None and default.get(qn("w:val")) == "nn-NO"
        for root in (document.element, document.styles.element):
            for lang in root.iter(qn("w:lang")):
                assert lang.get(qn("w:val")) == "nn-NO"
        for doc_pr in document.element.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
        ):
            assert (doc_pr.get("descr") or "").strip(), (name, doc_pr.get("name"))
    guide = docx.Document(str(outputs(built)["guide"]))
    headings = [p for p in guide.paragraphs if p.style.name.lower().startswith("heading")]
    assert len(headings) >= 5


def test_real_poster_has_language_title_description_and_text_alternative(
    built: Project,
) -> None:
    folder = built.build / "lederplakat"
    for stem in ("lederplakat", "lederplakat-columns"):
        root = etree.parse(str(folder / f"{stem}.svg")).getroot()
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "nn-NO"
        svg = "{http://www.w3.org/2000/svg}"
        assert (root.findtext(f"{svg}title") or "").strip()
        assert (root.findtext(f"{svg}desc") or "").strip()
        assert (folder / f"{stem}.txt").read_text(encoding="utf-8").strip()


def test_real_outputs_pass_the_checker_with_every_text_colour_at_aa(built: Project) -> None:
    found = check_accessibility(built, 2)
    office_and_poster = [d for d in errors(found) if d.file is None or d.file.suffix != ".pdf"]
    assert office_and_poster == [], messages(office_and_poster)


@needs_libreoffice
@pytest.mark.parametrize(
    "name",
    ["deck", "guide", "worksheets"],
)
def test_real_pdfs_are_tagged_with_language(built: Project, name: str) -> None:
    pikepdf = pytest.importorskip("pikepdf")
    pdf_path = outputs(built)[name].with_suffix(".pdf")
    with pikepdf.open(pdf_path) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.Root.Lang) == "nn-NO"
    assert errors(check_pdf(pdf_path, "nn-NO")) == []


@needs_libreoffice
def test_real_poster_pdf_has_title_and_language(built: Project) -> None:
    pikepdf = pytest.importorskip("pikepdf")
    with pikepdf.open(built.build / "lederplakat" / "lederplakat.pdf") as pdf:
        assert str(pdf.Root.Lang) == "nn-NO"
        assert str(pdf.docinfo["/Title"]).strip()


# --------------------------------------------------------------------------- held back


def held_back_template(path: Path, change: str) -> None:
    """The default template with one low-contrast colour, as a careless designer might ship."""
    prs = Presentation(str(path))
    master = prs.slide_masters[0]
    if change == "theme":
        theme_part = master.part.part_related_by(
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
        )
        theme = etree.fromstring(theme_part.blob)
        theme.find(".//a:clrScheme/a:dk1/a:srgbClr", NS).set("val", "BBBBBB")
        theme_part._blob = etree.tostring(theme, xml_declaration=True, standalone=True)
    else:
        body = master._element.find("p:txStyles/p:bodyStyle/a:lvl1pPr/a:defRPr", NS)
        fill = body.find("a:solidFill", NS)
        fill.clear()
        etree.SubElement(fill, f"{{{A}}}srgbClr").set("val", "9AA5B1")
    prs.save(str(path))


@pytest.mark.parametrize(
    ("change", "pair", "origin"),
    [
        ("theme", "text #BBBBBB on #FFFFFF", "theme colour dk1"),
        ("master", "text #9AA5B1 on #FFFFFF", "text colour from the master's body text style"),
    ],
)
def test_a_held_back_low_contrast_template_is_reported(
    tmp_path: Path, change: str, pair: str, origin: str
) -> None:
    project = copy_project(tmp_path)
    template = project.template_for("deck")
    held_back_template(template, change)
    build_samling(project, 2, BuildOptions(only=("deck",), pdf=False))
    found = [
        d
        for d in errors(check_accessibility(project, 2))
        if pair in d.message and "needs 4.5:1" in d.message
    ]
    assert found, messages(check_accessibility(project, 2))
    assert all(d.file == template for d in found), messages(found)
    assert any(origin in d.message for d in found)
    assert any("'Title and Content'" in d.message for d in found)
    # One line per colour pair and cause, however many slides and layouts it touches.
    assert len(found) == len({d.message.split(") (")[0] for d in found})
    assert len(found) <= 2


def test_branding_pairs_and_missing_outputs(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    program = project.content / "program.yaml"
    edit(program, 'secondary: "#3F6E4E"', 'secondary: "#9AA5B1"')
    found = check_accessibility(project, 2)
    branding = [d for d in found if d.key == "branding.secondary"]
    assert branding and branding[0].file == program
    assert branding[0].line is not None
    assert program.read_text(encoding="utf-8").splitlines()[branding[0].line - 1].strip() == (
        'secondary: "#9AA5B1"'
    )
    assert branding[0].message.startswith(
        "white #FFFFFF on secondary #9AA5B1 (text on title bars) has contrast 2.5:1, needs 4.5:1"
    )
    missing = [d for d in found if d.severity == "warning" and "is not built" in d.message]
    assert {d.file.name for d in missing if d.file} >= {
        "samling-02-presentasjon.pptx",
        "samling-02-fasilitatorguide.docx",
        "samling-02-arbeidsark.docx",
        "lederplakat.svg",
    }
    assert all("samling build 2" in d.hint for d in missing)
