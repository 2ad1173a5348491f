"""`samling import`: a deck in, a samling's content out, and that content builds."""

from __future__ import annotations

import importlib.util
import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image as PILImage
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches

from pipeline.cli import main
from pipeline.content.load import load_samling
from pipeline.errors import ContentError
from pipeline.importer import import_deck
from pipeline.render.deck.render import render_deck

from builders import libreoffice_resave
from conftest import REPO

DEFAULT = REPO / "templates" / "pptx" / "default.pptx"
CONTENT = REPO / "content"


def _deck_measure():  # noqa: ANN202
    """The seed-coverage measure of the deck renderer's tests, used here unchanged."""
    path = REPO / "tests" / "render" / "deck" / "test_render_deck.py"
    spec = importlib.util.spec_from_file_location("_render_deck_measure", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


measure = _deck_measure()


def empty_samling(root: Path, source: Path, number: int) -> Path:
    """A project with `source` as content/, where samling `number` has no slides yet."""
    shutil.copytree(source, root / "content")
    folder = root / "content" / f"samling-{number:02d}"
    for name in ("slides.md", "samling.yaml", "exercises.yaml"):
        (folder / name).unlink(missing_ok=True)
    shutil.rmtree(folder / "images", ignore_errors=True)
    return root / "content"


def build_deck(content: Path, number: int, out: Path) -> Path:
    data, _ = render_deck(load_samling(content, number), DEFAULT)
    out.write_bytes(data)
    return out


def paragraphs(prs: Presentation) -> set[str]:
    found = set()
    for slide in prs.slides:
        found.update(" ".join(t.split()) for t in measure.texts(slide))
        found.update(" ".join(t.split()) for t in measure.notes_of(slide).split("\n"))
    return found


# --------------------------------------------------------------------------- samling 2


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Samling 2 built, imported, rebuilt, imported again and rebuilt again."""
    base = tmp_path_factory.mktemp("round")
    first = build_deck(CONTENT, 2, base / "first.pptx")
    content = empty_samling(base / "one", CONTENT, 2)
    import_deck(first, content, 2)
    second = build_deck(content, 2, base / "second.pptx")
    content_again = empty_samling(base / "two", CONTENT, 2)
    import_deck(second, content_again, 2)
    third = build_deck(content_again, 2, base / "third.pptx")
    return {"first": first, "second": second, "third": third, "content": content}


def test_imported_samling2_rebuilds_with_98_percent_of_the_seed_lines(
    round_trip: dict[str, Path],
) -> None:
    text = measure.deck_text(Presentation(str(round_trip["second"])))
    lines = measure.seed_lines(measure.SEED.read_text(encoding="utf-8"))
    missing = [line for line in lines if line not in text]
    found = 1 - len(missing) / len(lines)
    assert found >= 0.98, f"{found:.1%} found; missing: {missing}"
    assert measure.POLL in text
    assert "Bildet er tatt av tdfugere fra Pixabay" in text


def test_import_of_a_build_rebuilds_to_the_same_text(round_trip: dict[str, Path]) -> None:
    first = Presentation(str(round_trip["first"]))
    second = Presentation(str(round_trip["second"]))
    third = Presentation(str(round_trip["third"]))
    assert len(second.slides) == len(first.slides)
    # Every line of text and notes of the built deck comes back after import and build ...
    assert paragraphs(first) - paragraphs(second) == set()
    # ... and importing that again changes nothing: the text is a fixed point.
    assert measure.deck_text(third) == measure.deck_text(second)


def test_imported_samling2_has_its_agenda_and_credits_in_samling_yaml(
    round_trip: dict[str, Path],
) -> None:
    bundle = load_samling(round_trip["content"], 2)
    assert [b.kind for b in bundle.samling.agenda].count("pause") == 2
    assert bundle.samling.agenda[0].title == "Velkommen!"
    assert bundle.samling.mellomarbeid
    credits = {ref.credit for ref in bundle.samling.images.values()}
    assert "Bildet er tatt av tdfugere fra Pixabay" in credits
    assert all(ref.alt for ref in bundle.samling.images.values())
    assert [s.kind for s in bundle.slides].count("agenda") == 1


# --------------------------------------------------------------------------- hand-made decks


def picture(path: Path, colour: str) -> Path:
    PILImage.new("RGB", (320, 200), colour).save(path)
    return path


def scratch_deck(tmp_path: Path) -> Path:
    """A deck made by python-pptx from its default template, as a person would."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    slide.shapes.title.text = "Leiarsamling i Vest"
    slide.placeholders[1].text = "Dag 1"
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "Kva vi gjer i dag"
    frame = slide.placeholders[1].text_frame
    frame.text = "Tillit"
    point = frame.add_paragraph()
    point.text = "Vi gir kvarandre handlingsrom"
    point.level = 1
    point = frame.add_paragraph()
    run = point.add_run()
    run.text = "Viktig"
    run.font.bold = True
    point.add_run().text = " og 5 * 3 er *ikkje* kursiv"
    slide.notes_slide.notes_text_frame.text = "Sei dette høgt.\n:::"
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "Tabell"
    table = slide.shapes.add_table(3, 2, Inches(1), Inches(2), Inches(6), Inches(2)).table
    for r, row in enumerate([("Namn", "Rolle"), ("Kari", "Ordstyrar"), ("Ola", "Tidtakar")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "Bilete"
    one = picture(tmp_path / "one.png", "#2E7D6B")
    shape = slide.shapes.add_picture(str(one), Inches(1), Inches(2))
    shape._element.nvPicPr.cNvPr.set("descr", "Ein grøn flate")
    twice = slide.shapes.add_picture(str(one), Inches(5), Inches(2))  # the same picture again
    twice._element.nvPicPr.cNvPr.set("descr", "")  # with no alt text
    chart = CategoryChartData()
    chart.categories = ["A", "B"]
    chart.add_series("S", (1, 2))
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "Diagram"
    slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(1), Inches(2), Inches(4), Inches(3), chart
    )
    path = tmp_path / "scratch.pptx"
    prs.save(str(path))
    return path


def check_scratch_import(content: Path, number: int, deck: Path) -> list[str]:
    result = import_deck(deck, content, number)
    folder = content / f"samling-{number:02d}"
    images = sorted((folder / "images").glob("bilde-*"))
    assert len(images) == 1, "the same picture twice is stored once"
    yaml = (folder / "samling.yaml").read_text(encoding="utf-8")
    assert "Ein grøn flate" in yaml
    bundle = load_samling(content, number)
    titles = [s.title for s in bundle.slides]
    assert titles == ["Leiarsamling i Vest", "Kva vi gjer i dag", "Tabell", "Bilete", "Diagram"]
    prs = Presentation(io.BytesIO(render_deck(bundle, DEFAULT)[0]))
    text = measure.deck_text(prs)
    for expected in ("Dag 1", "Vi gir kvarandre handlingsrom", "5 * 3 er *ikkje* kursiv"):
        assert expected in text
    assert "Kari · Ordstyrar" in text
    assert "Sei dette høgt. :::" in text
    points = bundle.slides[1].blocks[0]
    assert [(i.text, i.level) for i in points.items][:2] == [  # type: ignore[union-attr]
        ("Tillit", 0),
        ("Vi gir kvarandre handlingsrom", 1),
    ]
    assert points.items[2].text.startswith("**Viktig**")  # type: ignore[union-attr]
    return result.not_imported


def test_import_of_a_python_pptx_deck(mini: Path) -> None:
    content = mini / "content"
    for name in ("slides.md", "samling.yaml", "exercises.yaml"):
        (content / "samling-02" / name).unlink()
    lost = check_scratch_import(content, 2, scratch_deck(mini))
    assert any(line.startswith("slide 5: a chart") for line in lost), lost
    assert any("slide 3: the table" in line for line in lost), lost
    assert any("slide 4: the alt text" in line for line in lost), lost


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_import_of_a_deck_saved_by_libreoffice(mini: Path) -> None:
    source = scratch_deck(mini)
    (mini / "lo").mkdir()
    resaved = libreoffice_resave(source, "pptx", mini / "lo")
    content = mini / "content"
    for name in ("slides.md", "samling.yaml", "exercises.yaml"):
        (content / "samling-02" / name).unlink()
    lost = check_scratch_import(content, 2, resaved)
    assert any(line.startswith("slide 5:") for line in lost), lost


def test_import_never_overwrites_slides_md(mini: Path) -> None:
    slides = mini / "content" / "samling-02" / "slides.md"
    before = slides.read_bytes()
    with pytest.raises(ContentError) as caught:
        import_deck(scratch_deck(mini), mini / "content", 2)
    message = caught.value.diagnostics[0]
    assert "exists already" in message.message and "--samling" in message.hint
    assert slides.read_bytes() == before


def test_a_file_that_is_not_a_deck_is_refused_in_deck_words(mini: Path) -> None:
    fake = mini / "old.pptx"
    fake.write_bytes(b"not a zip at all")
    with pytest.raises(ContentError) as caught:
        import_deck(fake, mini / "content", 9)
    text = caught.value.diagnostics[0].message + caught.value.diagnostics[0].hint
    assert "PowerPoint file" in text and "template" not in text
    ppt = mini / "old.ppt"
    ppt.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ContentError) as caught:
        import_deck(ppt, mini / "content", 9)
    assert "--convert-to pptx" in caught.value.diagnostics[0].hint


def test_cli_import_names_what_was_not_imported_and_what_to_add(
    mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deck = scratch_deck(mini)
    monkeypatch.chdir(mini)
    result = CliRunner().invoke(main, ["import", str(deck), "--samling", "7"])
    assert result.exit_code == 0, result.output
    assert "wrote content/samling-07/slides.md" in result.output
    assert "slide 5: a chart" in result.output
    assert "add samling 7 to program.yaml" in result.output
    again = CliRunner().invoke(main, ["import", str(deck), "--samling", "7"])
    assert again.exit_code == 1
    assert "exists already" in again.output
