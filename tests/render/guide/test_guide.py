"""The facilitator guide: run sheet in clock time, exercises, checklists, sources, language."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document

from pipeline.errors import TemplateError
from pipeline.model import types as m
from pipeline.model.inline import plain_text
from pipeline.model.plan import deck_slide_numbers
from pipeline.ooxml.wordml import EMU_PER_TWIP
from pipeline.render.guide.render import render_guide

from builders import minimal_docx, sample_bundle

ROOT = Path(__file__).resolve().parents[3]
GUIDE_TEMPLATE = ROOT / "templates" / "docx" / "guide.docx"


def doc_text(data: bytes) -> str:
    """All the text of a .docx: body paragraphs and every table cell, in order."""
    doc = Document(io.BytesIO(data))
    parts: list[str] = []
    body = doc.element.body
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for paragraph in body.iter(f"{w}p"):
        nodes = paragraph.iter(f"{w}t", f"{w}tab")
        parts.append("".join((n.text or "") if n.tag == f"{w}t" else "\t" for n in nodes))
    return "\n".join(parts)


def headings(data: bytes) -> list[tuple[str, str]]:
    doc = Document(io.BytesIO(data))
    return [
        (p.style.name, p.text)
        for p in doc.paragraphs
        if p.style.name.startswith(("Heading", "heading"))
    ]


# --------------------------------------------------------------------------- the tests


def test_guide_has_every_time_exercise_and_source() -> None:
    bundle = sample_bundle()
    data, diagnostics = render_guide(bundle, GUIDE_TEMPLATE)
    assert diagnostics == []
    content = doc_text(data)
    for block in bundle.samling.agenda:
        assert f"{m.clock(block.start)}–{m.clock(block.end)}" in content
    for exercise in bundle.exercises:
        assert exercise.title in content
        assert f"{exercise.total_minutes} min" in content
    for reference in bundle.samling.references:
        assert reference in content
    assert "Spurkeland (2005: 17) – lysbilde 8" in content
    assert "Bildet er tatt av tdfugere fra Pixabay. Pixabay-lisens." in content
    # Step times computed from the agenda: the reflection starts 09:09.
    assert "09:09–09:12" in content and "09:12–09:27" in content
    # Rounds of the rotating role play.
    assert "Runde 3 av 3 – bytt roller" in content
    # Roles and how they are picked.
    assert "den som er nærmest 40 år" in content
    # Speaker notes as key messages.
    assert "Relasjoner er det viktigste innsatsområdet for ledelse." in content
    # Frame slides' notes, with their deck numbers.
    assert "Vis hvor langt vi er kommet." in content


def test_references_sorted_norwegian() -> None:
    content = doc_text(render_guide(sample_bundle(), GUIDE_TEMPLATE)[0])
    erlien = content.index("Erlien, M.")
    spurkeland = content.index("Spurkeland, J.")
    ovrebo = content.index("Øvrebø, A.")
    assert erlien < spurkeland < ovrebo


def test_checklists_count_copies_and_show_qr_codes() -> None:
    bundle = sample_bundle()
    data, _ = render_guide(bundle, GUIDE_TEMPLATE)
    content = doc_text(data)
    # 24 participants + 10 % spare; the diamond is one per group (4) + 1.
    assert "27 eksemplarer (24, én per deltaker, + 3 i reserve)" in content
    assert "5 eksemplarer (4, ett per gruppe, + 1 i reserve)" in content
    assert "Post-it-lapper" in content
    assert "Flipover og tusjer" in content
    assert "Eget utviklingsprosjekt" in content  # mellomarbeid
    assert "20.09.23" in content  # next samling
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode()
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert len(media) == 1
    assert (
        'descr="QR-kode som åpner avstemningen «Vi lager en ordsky!»: '
        'https://www.mentimeter.com/app/presentation/abc"' in xml
    )


def test_language_title_and_headings() -> None:
    data, _ = render_guide(sample_bundle("nn"), GUIDE_TEMPLATE)
    doc = Document(io.BytesIO(data))
    props = doc.core_properties
    assert props.language == "nn-NO"
    assert props.title.startswith("Rettleiar for fasilitatorar – Lederutviklingsprogram")
    assert props.created.date().isoformat() == "2023-05-23"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode()
        header = "".join(
            archive.read(n).decode() for n in archive.namelist() if n.startswith("word/header")
        )
    runs = xml.count("<w:r>") + xml.count("<w:r ")
    assert runs > 50
    assert xml.count('w:lang w:val="nn-NO"') >= runs
    assert "nb-NO" not in xml
    # Headers are filled in from the content.
    assert "Lederutviklingsprogram · Seljord kommune" in header
    assert "{programme}" not in header
    names = [name for name, _ in headings(data)]
    assert "Heading 1" in names and "Heading 2" in names and "Heading 3" in names
    texts = [t for _, t in headings(data)]
    assert "Køyreplan" in texts and "Kjelder" in texts and "Mellomarbeid" in texts
    content = doc_text(data)
    assert "Rundar" in content and "Gruppestorleik" in content


def test_guide_is_reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    first, _ = render_guide(sample_bundle(), GUIDE_TEMPLATE)
    second, _ = render_guide(sample_bundle(), GUIDE_TEMPLATE)
    assert first == second
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    third, _ = render_guide(sample_bundle(), GUIDE_TEMPLATE)
    assert Document(io.BytesIO(third)).core_properties.modified.year == 2023
    assert Document(io.BytesIO(third)).core_properties.modified.month == 11


def test_run_sheet_table_widths_are_fixed() -> None:
    data, _ = render_guide(sample_bundle(), GUIDE_TEMPLATE)
    doc = Document(io.BytesIO(data))
    run_sheet = next(
        t for t in doc.tables if t.rows[0].cells[0].text == "Tid" and len(t.columns) == 7
    )
    tbl = run_sheet._tbl
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    layout = tbl.tblPr.find(f"{ns}tblLayout")
    assert layout is not None and layout.get(f"{ns}type") == "fixed"
    grid = [int(c.get(f"{ns}w")) for c in tbl.tblGrid.findall(f"{ns}gridCol")]
    assert len(grid) == 7 and abs(sum(grid) - 9638) < 10  # 17 cm in twips
    first_row_widths = [int(tc.tcPr.find(f"{ns}tcW").get(f"{ns}w")) for tc in tbl.tr_lst[1].tc_lst]
    assert first_row_widths == grid
    # The header row repeats on every page.
    assert tbl.tr_lst[0].trPr.find(f"{ns}tblHeader") is not None


def test_corrupt_template_is_a_template_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip at all")
    with pytest.raises(TemplateError) as caught:
        render_guide(sample_bundle(), broken)
    assert "not a Word file" in str(caught.value)
    missing = tmp_path / "missing.docx"
    with pytest.raises(TemplateError):
        render_guide(sample_bundle(), missing)
    other_zip = tmp_path / "other.docx"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(TemplateError):
        render_guide(sample_bundle(), other_zip)


# --------------------------------------------------------------------------- the real content

CONTENT = ROOT / "content"


def real_bundle(number: int) -> m.SamlingBundle:
    from pipeline.content.load import load_samling

    if not (CONTENT / f"samling-{number:02d}" / "slides.md").is_file():
        pytest.skip(f"content/samling-{number:02d} has no slides yet")
    return load_samling(CONTENT, number)


@pytest.mark.parametrize("number", [2, 3])
def test_real_guide_has_every_time_exercise_and_source(number: int) -> None:
    bundle = real_bundle(number)
    data, diagnostics = render_guide(bundle, GUIDE_TEMPLATE)
    assert diagnostics == []
    content = doc_text(data)
    for block in bundle.samling.agenda:
        assert f"{m.clock(block.start)}–{m.clock(block.end)}" in content, block.id
    for exercise in bundle.exercises:
        heading = next(t for _, t in headings(data) if exercise.title in t)
        assert "Øving:" in heading or "Øvelse:" in heading
        assert f"{exercise.total_minutes} min" in content, exercise.id
        for step in exercise.steps:
            assert step.text in content
    for reference in bundle.samling.references:
        assert plain_text(reference) in content
    cited = {s.attrs["source"] for s in bundle.slides if s.attrs.get("source")}
    for source in cited:
        assert plain_text(source).strip().lstrip("-–— ") in content
    for image in bundle.samling.images.values():
        if image.credit:
            assert image.credit.rstrip(".") in content
    for poll in bundle.samling.polls.values():
        assert poll.url in data.decode("latin-1") or poll.url in _document_xml(data)
    for item in bundle.samling.mellomarbeid:
        assert plain_text(item) in content
    # The run sheet's slide numbers agree with the deck's numbering.
    numbers = deck_slide_numbers(bundle)
    assert sum(len(v) for v in numbers.values()) == sum(
        len(bundle.program.frame_slides) if s.kind == "frame" else 1 for s in bundle.slides
    )


def _document_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode() + "".join(
            archive.read(n).decode() for n in archive.namelist() if n.startswith("word/_rels/")
        )


def test_minimal_template_builds_the_guide(tmp_path: Path) -> None:

    template = minimal_docx(tmp_path / "minimal.docx")
    bundle = sample_bundle()
    data, diagnostics = render_guide(bundle, template)
    assert len(diagnostics) == 1 and diagnostics[0].severity == "warning"
    assert "lacks the styles Title, Subtitle, Heading 1" in diagnostics[0].message
    content = doc_text(data)
    assert "Example text from the designer" not in content
    for block in bundle.samling.agenda:
        assert f"{m.clock(block.start)}–{m.clock(block.end)}" in content
    assert "•\tForstå relasjonsorientert ledelse" in content  # bullets written as text
    assert "1.\tFinn en du ikke satt med sist." in content
    # Real headings with outline levels, so navigation and PDF bookmarks work.
    doc = Document(io.BytesIO(data))
    heading = find_heading_style(doc)
    assert heading is not None
    assert 'w:outlineLvl w:val="0"' in heading.element.xml
    assert doc.sections[0].page_width == 11906 * EMU_PER_TWIP


def find_heading_style(doc: object) -> object:
    from pipeline.render.word.styles import find_style

    return find_style(doc, "Heading 1")


def test_properties_are_in_schema_order() -> None:
    """Word refuses a file whose property elements are out of the schema's order."""
    from pipeline.ooxml import wordml as dc
    from pipeline.render.worksheets import render_worksheets

    orders = {
        "pPr": dc.PPR_ORDER,
        "rPr": dc.RPR_ORDER,
        "tcPr": dc.TCPR_ORDER,
        "tblPr": dc.TBLPR_ORDER,
        "trPr": dc.TRPR_ORDER,
    }
    documents = [
        render_guide(sample_bundle(), GUIDE_TEMPLATE)[0],
        render_worksheets(sample_bundle(), ROOT / "templates" / "docx" / "worksheet.docx")[0],
    ]
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    checked = 0
    for data in documents:
        body = Document(io.BytesIO(data)).element.body
        for name, order in orders.items():
            for element in body.iter(f"{w}{name}"):
                names = [
                    child.tag.replace(w, "")
                    for child in element
                    if isinstance(child.tag, str) and child.tag.startswith(w)
                ]
                positions = [order.index(n) for n in names if n in order]
                assert positions == sorted(positions), (name, names)
                assert len(set(names)) == len(names), (name, names)
                checked += 1
    assert checked > 500


def test_each_notes_paragraph_carries_a_bookmark_named_from_its_slide_key() -> None:
    from pipeline.ooxml.docx_text import read_docx
    from pipeline.render.deck.keys import notes_bookmark, slide_keys

    bundle = sample_bundle()
    data, _ = render_guide(bundle, GUIDE_TEMPLATE)
    marked = {name: p.text for p in read_docx(data) for name in p.bookmarks}
    keys = {(slide.title, index): key for key, slide, index in slide_keys(bundle)}
    definition = next(s for s in bundle.slides if s.notes.startswith("Les definisjonen"))
    key = keys[(definition.title, None)]
    assert marked[notes_bookmark(key, 0)] == "Les definisjonen høyt."
    assert marked[notes_bookmark(key, 1)] == "Spør: hva betyr reparerer?"
    frame = next(s for s in bundle.slides if s.kind == "frame")
    assert marked[notes_bookmark(keys[(frame.title, 1)], 0)] == "Vis hvor langt vi er kommet."
    notes = [p for s in bundle.slides for p in s.notes.split("\n") if p.strip()]
    assert len(marked) >= len(notes)  # every notes paragraph is marked, once
    ids = re.findall(rb'<w:bookmarkStart w:id="(\d+)"', _document_bytes(data))
    assert len(ids) == len(set(ids)) == len(marked)


def _document_bytes(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read("word/document.xml")


def test_guide_slide_numbers_count_the_agenda_continuation_slides(tmp_path: Path) -> None:
    """At 4:3 the long programme goes on over continuation slides; the guide numbers the
    slides after it as the deck has them, from the deck renderer's own count."""
    from pptx import Presentation

    from pipeline.render.deck.render import render_deck, with_deck_spans

    from builders import _slide, four_by_three, long_day

    template = four_by_three(tmp_path)
    bundle = long_day("nn")
    slides = [*bundle.slides, _slide("Relasjonar i leiing", kind="section", block="b1")]
    bundle = bundle.model_copy(update={"slides": slides})
    deck = Presentation(io.BytesIO(render_deck(bundle, template)[0]))
    titles = [slide.shapes.title.text for slide in deck.slides]
    number = titles.index("Relasjonar i leiing") + 1
    assert number >= 3  # the agenda took two slides or more
    planned = with_deck_spans(bundle, template)
    assert planned.deck_spans == [number - 1, 1]
    text = doc_text(render_guide(planned, minimal_docx(tmp_path / "guide.docx"))[0])
    assert f"Lysbilete {number} · Relasjonar i leiing" in text
    # Without the deck's count, the model's rule gives one agenda slide.
    plain_guide = doc_text(render_guide(bundle, minimal_docx(tmp_path / "guide2.docx"))[0])
    assert "Lysbilete 2 · Relasjonar i leiing" in plain_guide


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_no_header_word_breaks_with_a_template_font_that_is_not_installed(tmp_path: Path) -> None:
    """A designer's Word template set in Cambria: the guide's tables are laid out with the
    font that will render (choose_font), so in the PDF no header word is split over lines."""
    from pipeline.pdf import convert_to_pdf

    from builders import breaks, designer_docx, normal, pdf_lines

    template = designer_docx(tmp_path / "cambria.docx", font="Cambria")
    data, _ = render_guide(sample_bundle("nn"), template)
    guide = tmp_path / "guide.docx"
    guide.write_bytes(data)
    doc = Document(io.BytesIO(data))
    header_words = {
        normal(w) for table in doc.tables for cell in table.rows[0].cells for w in cell.text.split()
    }
    assert {"lysbilete", "ansvarleg"} & header_words or header_words
    (pdf,) = convert_to_pdf([guide], tmp_path / "pdf", scratch_root=tmp_path)
    assert breaks(pdf_lines(pdf), header_words, []) == []
