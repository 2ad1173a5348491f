"""The slide deck: every slide kind, from any template, with fitted text, notes and no loose ends.

Most tests render a small samling built by hand (`make_bundle`), so each one can say exactly what
it expects. The last ones render the real content of samling 2 and 3 in content/.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path, PurePosixPath

import pytest
import segno
from lxml import etree
from PIL import Image as PILImage
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.shapes.group import GroupShape

from pipeline.errors import ContentError, TemplateError
from pipeline.model import types as m
from pipeline.pdf import convert_to_pdf
from pipeline.render.deck.render import render_deck

from builders import retheme_pptx

REPO = Path(__file__).resolve().parents[3]
DEFAULT = REPO / "templates" / "pptx" / "default.pptx"
CONTENT = REPO / "content"
# A copy of the shared seed (../shared/seed/samling-2-deck.txt), so CI and fresh clones test it.
SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seed" / "samling-2-deck.txt"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
POLL = "https://www.mentimeter.com/app/presentation/al9x6569qzids32ghrw7mmjj2tqzw4bu/wt4vedr6rwf5"

NORWEGIAN = {
    "Title Slide": "Tittellysbilde",
    "Title and Content": "Tittel og innhold",
    "Section Header": "Inndelingsoverskrift",
    "Two Content": "To innholdsdeler",
    "Title Only": "Bare tittel",
    "Blank": "Tomt",
}


# --------------------------------------------------------------------------- building a samling


def png(path: Path, size: tuple[int, int] = (640, 400), colour: str = "#8AA1B1") -> Path:
    PILImage.new("RGB", size, colour).save(path, format="PNG")
    return path


def bullets(*texts: str, level: int = 0) -> m.BulletList:
    return m.BulletList(items=[m.ListItem(text=t, level=level) for t in texts])


def nested(*pairs: tuple[str, str]) -> m.BulletList:
    items = []
    for top, sub in pairs:
        items += [m.ListItem(text=top), m.ListItem(text=sub, level=1)]
    return m.BulletList(items=items)


class Slides:
    """Makes slides with increasing line numbers in a pretend slides.md."""

    def __init__(self, folder: Path) -> None:
        self.file = folder / "slides.md"
        self.line = 1

    def __call__(self, kind: str, title: str = "", **kw: object) -> m.Slide:
        self.line += 5
        return m.Slide(
            title=title, kind=kind, source=m.SourcePos(file=self.file, line=self.line), **kw
        )


def make_bundle(
    tmp_path: Path, slides: list[m.Slide] | None = None, malform: m.Malform = "nn"
) -> m.SamlingBundle:
    """A small samling with one slide of every kind unless `slides` is given."""
    folder = tmp_path / "samling-02"
    (folder / "images").mkdir(parents=True, exist_ok=True)
    photo = png(folder / "images" / "fugl.png")
    program = m.Program(
        kommune="Seljord kommune",
        title="Lederutviklingsprogram",
        malform=malform,
        participants=24,
        samlinger=[
            m.SamlingInfo(number=2, date="23.05.23", place="Samfunnshuset", theme="Relasjonar"),
            m.SamlingInfo(number=3, date="20.09.23", place="Kommunehuset", theme="Verdiar"),
        ],
        frame_slides=[
            m.FrameSlide(title="Slik jobbar vi", points=["Vi lærer av kvarandre"], notes="Ramme"),
            m.FrameSlide(title="Lederplattform", points=["Visjon", "Verdiar"]),
            m.FrameSlide(title="10-FAKTOR", notes="Ti faktorar"),
        ],
    )
    agenda = [
        m.AgendaBlock(
            id="velkommen",
            start="08:30",
            end="09:00",
            kind="velkommen",
            title="Velkommen!",
            topics=["Påkobling siden sist"],
        ),
        m.AgendaBlock(id="pause-1", start="09:00", end="09:15", kind="pause"),
        m.AgendaBlock(
            id="trening",
            start="09:15",
            end="11:30",
            kind="gruppearbeid",
            title="Vi trener på tilbakemeldinger",
        ),
        m.AgendaBlock(id="lunsj", start="11:30", end="12:15", kind="lunsj"),
        m.AgendaBlock(
            id="plattform",
            start="12:15",
            end="13:30",
            kind="gruppearbeid",
            title="Felles lederplattform",
            topics=["Verdiar", "Visjon"],
        ),
        m.AgendaBlock(
            id="diamant",
            start="13:30",
            end="15:00",
            kind="gruppearbeid",
            title="Diamant",
            on_agenda_slide=False,
        ),
    ]
    image = m.ImageRef(
        file="images/fugl.png",
        alt="Ein fugl på ei grein",
        credit="Bildet er tatt av tdfugere fra Pixabay",
        license="Pixabay-lisens",
        source_url="https://pixabay.com/no/users/tdfugere-2016042/",
        path=photo,
    )
    samling = m.Samling(
        number=2,
        agenda=agenda,
        mellomarbeid=["eget utviklingsprosjekt"],
        polls={"ordsky": m.Poll(title="Vi lager en ordsky!", url=POLL)},
        images={"fugl": image},
    )
    exercise = m.Exercise(
        id="tilbakemelding",
        title="Vi øver på tilbakemeldinger",
        block="trening",
        method="rollespel",
        group_size=3,
        rotate_roles=True,
        roles=[
            m.Role(name="Tilbakemelder", picked_by="den som er nærmest 40 år"),
            m.Role(name="Mottaker", picked_by="den som er lengst unna 40 år"),
            m.Role(name="Observatør", description="bruker skjemaet"),
        ],
        steps=[
            m.Step(text="Finn situasjon", mode="individuelt", minutes=2),
            m.Step(text="Tren", mode="gruppe", minutes=5),
            m.Step(text="Gi tilbakemelding og drøft", mode="plenum", minutes=5),
        ],
        deliverable="Éin tilbakemelding kvar",
        instructions=["Del ut observatørskjemaet."],
    )
    pause = next(b for b in agenda if b.id == "pause-1")
    lunch = next(b for b in agenda if b.id == "lunsj")
    s = Slides(folder)
    poll = samling.polls["ordsky"]
    default_slides = [
        s("title", notes="Velkommen til samling 2."),
        s("frame"),
        s("agenda"),
        s("section", "Relasjonar i leiing"),
        s(
            "bullets",
            "Om relasjonar",
            blocks=[
                m.Paragraph(text="Tre tidsspenn:"),
                nested(("nåtid", "her og no"), ("fortid", "det som har vore")),
                m.Paragraph(text="Prof. Theo Wubbels 2015"),
            ],
            notes="Snakk om **tid**.",
        ),
        s(
            "columns",
            "To kolonnar",
            columns=[
                m.Column(blocks=[bullets("Styrkebasert", "Direkte")]),
                m.Column(blocks=[m.Paragraph(text="**Kva er effekten av det?**")]),
            ],
        ),
        s(
            "quote",
            "Relasjonskompetanse",
            blocks=[
                m.Quote(text="«Ferdigheter, evner og holdninger»", source="Spurkeland (2005: 17)"),
            ],
        ),
        s(
            "exercise",
            "Vi øver på tilbakemeldinger",
            exercise=exercise,
            blocks=[bullets("Tenk på ein situasjon", "Bytt roller")],
        ),
        s(
            "questions",
            "Aksjonslæringsprosjekt",
            blocks=[
                m.NumberedList(
                    items=[
                        m.ListItem(text="Kva har du testa ut?"),
                        m.ListItem(text="a) Kva lærte du?", level=1),
                        m.ListItem(text="Problemstilling til kollegaveiledning"),
                    ]
                )
            ],
        ),
        s("image", "Vi plukker opp tråden", blocks=[m.Image(ref="fugl", image=image)]),
        s("poll", "Kva meiner de?", poll=poll),
        s(
            "results",
            "Innspill frå gruppearbeid",
            result_intro="Vi skal:",
            result_items=["Anerkjenne kompetanse", "Gi trygghet og tillit"],
        ),
        s("pyramid", "Lederplattform", blocks=[bullets("Visjon", "Verdier", "Kjennetegn")]),
        s(
            "steps",
            "6 trinn",
            blocks=[
                m.NumberedList(
                    items=[
                        m.ListItem(text=t)
                        for t in ("Formål", "Idemyldring", "Analysere", "Beslutte")
                    ]
                )
            ],
        ),
        s(
            "triangle",
            "Relasjonsorientering",
            blocks=[
                bullets("ENDRING", "OPPGAVE", "RELASJON"),
                m.Paragraph(text="Relasjonar er viktigast"),
            ],
        ),
        s("flow", "Relasjonar", blocks=[bullets("Interaksjonar", "Relasjonar", "Tillit")]),
        s(
            "statistic",
            "Kommunikasjon",
            blocks=[
                bullets("7 %: ordets betydning", "38 %: tonefallet", "55 %: kroppsspråk"),
                m.Paragraph(text="Erlien, 2006"),
            ],
        ),
        s("diamond", "Diamanten"),
        s("cards", "Strategiar", blocks=[bullets("Være genuin", "Lytte aktivt", "Bekrefte")]),
        s(
            "levels",
            "Aktiv lytting",
            blocks=[
                nested(
                    ("Nivå 1 – indre lytting", "Vi høyrer våre eigne tankar."),
                    ("Nivå 2 – fokusert lytting", "Den andre er hovudpersonen."),
                )
            ],
        ),
        s("pause", "", agenda_block=pause, block_id="pause-1"),
        s("lunsj", "", agenda_block=lunch, block_id="lunsj"),
        s("wordcloud", "Vi lager en ordsky!", poll=poll),
        s("closing", "Vi sees!", blocks=[m.Paragraph(text="Takk for i dag")]),
    ]
    return m.SamlingBundle(
        program=program,
        info=program.samlinger[0],
        samling=samling,
        exercises=[exercise],
        slides=default_slides if slides is None else slides,
        next_samling=program.samlinger[1],
        results=m.Results(value_votes={"Tillit": 14, "Åpenhet": 9, "Mot": 3}),
    )


# --------------------------------------------------------------------------- reading a deck


def render(bundle: m.SamlingBundle, template: Path = DEFAULT) -> tuple[Presentation, list]:
    data, warnings = render_deck(bundle, template)
    return Presentation(io.BytesIO(data)), warnings


def walk(shapes):  # noqa: ANN001, ANN201
    for shape in shapes:
        yield shape
        if isinstance(shape, GroupShape):
            yield from walk(shape.shapes)


def texts(slide) -> list[str]:  # noqa: ANN001
    out = []
    for shape in walk(slide.shapes):
        if shape.has_text_frame:
            out += [p.text for p in shape.text_frame.paragraphs if p.text.strip()]
        if getattr(shape, "has_table", False) and shape.has_table:
            out += [" ".join(c.text for c in row.cells) for row in shape.table.rows]
    return out


def slide_text(slide) -> str:  # noqa: ANN001
    return re.sub(r"\s+", " ", " ".join(texts(slide)))


def notes_of(slide) -> str:  # noqa: ANN001
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def title_of(slide) -> str:  # noqa: ANN001
    found = [
        s
        for s in slide.placeholders
        if s.placeholder_format.type in (1, 3)  # title, ctrTitle
    ]
    assert len(found) == 1, "exactly one title placeholder"
    return found[0].text_frame.text


def deck_text(prs) -> str:  # noqa: ANN001
    parts = []
    for slide in prs.slides:
        parts += texts(slide)
        parts.append(notes_of(slide))
    return re.sub(r"\s+", " ", " ".join(parts))


def template_variant(
    tmp_path: Path,
    name: str,
    rename: dict[str, str],
    drop: tuple[str, ...] = (),
    reverse: bool = False,
) -> Path:
    prs = Presentation(str(DEFAULT))
    for layout in list(prs.slide_layouts):
        if layout.name in drop:
            prs.slide_layouts.remove(layout)
    for layout in prs.slide_layouts:
        layout.name = rename.get(layout.name, layout.name)
    if reverse:
        id_list = prs.slide_master._element.sldLayoutIdLst
        entries = list(id_list)
        for entry in entries:
            id_list.remove(entry)
        for entry in reversed(entries):
            id_list.append(entry)
    path = tmp_path / name
    prs.save(str(path))
    return path


# --------------------------------------------------------------------------- every kind


def test_every_slide_kind_renders_with_its_title_in_a_title_placeholder(tmp_path: Path) -> None:
    bundle = make_bundle(tmp_path)
    prs, warnings = render(bundle)
    titles = [title_of(slide) for slide in prs.slides]
    assert titles == [
        "Lederutviklingsprogram",
        "Slik jobbar vi",
        "Lederplattform",
        "10-FAKTOR",
        "Program for samling 2",
        "Relasjonar i leiing",
        "Om relasjonar",
        "To kolonnar",
        "Relasjonskompetanse",
        "Vi øver på tilbakemeldinger",
        "Aksjonslæringsprosjekt",
        "Vi plukker opp tråden",
        "Kva meiner de?",
        "Innspill frå gruppearbeid",
        "Lederplattform",
        "6 trinn",
        "Relasjonsorientering",
        "Relasjonar",
        "Kommunikasjon",
        "Diamanten",
        "Strategiar",
        "Aktiv lytting",
        "Pause",
        "Lunsj",
        "Vi lager en ordsky!",
        "Vi sees!",
    ]
    assert warnings == []
    # The title is the first shape a screen reader meets.
    for slide in prs.slides:
        first = slide.shapes[0]
        assert first.is_placeholder and first.placeholder_format.type in (1, 3)


def test_no_placeholder_is_ever_left_empty(tmp_path: Path) -> None:
    prs, _ = render(make_bundle(tmp_path))
    for number, slide in enumerate(prs.slides, start=1):
        for shape in slide.placeholders:
            assert shape.has_text_frame and shape.text_frame.text.strip(), (
                f"slide {number}: empty placeholder {shape.name}"
            )


def test_title_slide_names_programme_kommune_and_samling(tmp_path: Path) -> None:
    prs, _ = render(make_bundle(tmp_path))
    text = slide_text(prs.slides[0])
    for part in (
        "Lederutviklingsprogram",
        "Seljord kommune",
        "Samling 2 – Relasjonar",
        "23.05.23 · Samfunnshuset",
    ):
        assert part in text
    assert notes_of(prs.slides[0]) == "Velkommen til samling 2."


def test_frame_slides_come_from_the_programme_one_slide_each(tmp_path: Path) -> None:
    prs, _ = render(make_bundle(tmp_path))
    assert "Vi lærer av kvarandre" in slide_text(prs.slides[1])
    assert notes_of(prs.slides[1]) == "Ramme"
    assert "Visjon Verdiar" in slide_text(prs.slides[2])
    assert notes_of(prs.slides[3]) == "Ti faktorar"


def test_agenda_table_is_made_from_the_agenda(tmp_path: Path) -> None:
    prs, _ = render(make_bundle(tmp_path))
    slide = prs.slides[4]
    tables = [s for s in slide.shapes if s.has_table]
    assert len(tables) == 1
    rows = [[c.text for c in row.cells] for row in tables[0].table.rows]
    assert rows == [
        ["Tid", "Tema"],
        ["08:30 – 09:00", "Velkommen! – Påkobling siden sist"],
        ["09:00 – 09:15", "Pause"],
        ["09:15 – 11:30", "Vi trener på tilbakemeldinger"],
        ["11:30 – 12:15", "Lunsj"],
        # The block left off the slide belongs to the one before it: 12:15 – 15:00.
        ["12:15 – 15:00", "Felles lederplattform – Verdiar · Visjon"],
    ]
    text = slide_text(slide)
    assert "Hovudtema: Relasjonar" in text
    assert "Mellomarbeid: eget utviklingsprosjekt" in text


def test_bokmal_programme_writes_bokmal_words(tmp_path: Path) -> None:
    prs, _ = render(make_bundle(tmp_path, malform="nb"))
    assert "Hovedtema: Relasjonar" in slide_text(prs.slides[4])
    exercise = slide_text(prs.slides[9])
    assert "Rollespill" in exercise and "Runder: 3" in exercise


def test_exercise_shows_method_steps_minutes_rounds_roles_group_and_deliverable(
    tmp_path: Path,
) -> None:
    prs, _ = render(make_bundle(tmp_path))
    text = slide_text(prs.slides[9])
    for part in (
        "Tenk på ein situasjon",
        "Metode: Rollespel",
        "Gruppestorleik: 3",
        "Individuelt: Finn situasjon – 2 min",
        "Gruppe: Tren – 5 min",
        "Plenum: Gi tilbakemelding og drøft – 5 min",
        "Rundar: 3 × 12 min = 36 min",
        "Tilbakemelder: den som er nærmest 40 år",
        "Mottaker: den som er lengst unna 40 år",
        "Leveranse: Éin tilbakemelding kvar",
    ):
        assert part in text, part
    assert "Del ut observatørskjemaet." in notes_of(prs.slides[9])
    assert "Observatør: bruker skjemaet" in notes_of(prs.slides[9])


def test_questions_are_numbered_with_sub_points(tmp_path: Path) -> None:
    prs, _ = render(make_bundle(tmp_path))
    body = [s for s in prs.slides[10].placeholders if s.placeholder_format.idx == 1][0]
    paragraphs = body.text_frame.paragraphs
    auto = [p._p.find(f"{A}pPr/{A}buAutoNum") for p in paragraphs]
    assert auto[0].get("type") == "arabicPeriod" and auto[2].get("type") == "arabicPeriod"
    assert auto[1] is None and paragraphs[1].level == 1


def test_image_slide_shows_the_credit_and_keeps_it_in_the_notes(tmp_path: Path) -> None:
    prs, _ = render(make_bundle(tmp_path))
    slide = prs.slides[11]
    pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    assert pictures[0]._element.find(f".//{P}cNvPr").get("descr") == "Ein fugl på ei grein"
    assert "Bildet er tatt av tdfugere fra Pixabay (Pixabay-lisens)" in slide_text(slide)
    notes = notes_of(slide)
    assert "Biletkreditering: Bildet er tatt av tdfugere fra Pixabay" in notes
    assert "https://pixabay.com/no/users/tdfugere-2016042/" in notes


def read_qr(picture) -> list[list[bool]]:  # noqa: ANN001
    image = PILImage.open(io.BytesIO(picture.image.blob)).convert("L")
    size = segno.make(POLL, error="m", micro=False, boost_error=False).symbol_size(border=4)[0]
    step = image.size[0] / size
    return [
        [image.getpixel((int((c + 0.5) * step), int((r + 0.5) * step))) < 128 for c in range(size)]
        for r in range(size)
    ]


def test_poll_has_a_big_qr_code_that_carries_the_link(tmp_path: Path) -> None:
    prs, _ = render(make_bundle(tmp_path))
    slide = prs.slides[12]
    pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    qr = pictures[0]
    # Scannable from the back of a room: at least 55 % of the slide's height.
    assert qr.height >= 0.55 * prs.slide_height
    assert abs(qr.width - qr.height) < 10
    code = segno.make(POLL, error="m", micro=False, boost_error=False)
    matrix = [[bool(v) for v in row] for row in code.matrix]
    grid = read_qr(qr)
    assert [row[4:-4] for row in grid[4:-4]] == matrix
    descr = qr._element.find(f".//{P}cNvPr").get("descr")
    assert descr.startswith("QR-kode til Vi lager en ordsky!") and POLL in descr
    assert POLL in slide_text(slide) and POLL in notes_of(slide)


def test_results_show_intro_and_items(tmp_path: Path) -> None:
    prs, _ = render(make_bundle(tmp_path))
    assert texts(prs.slides[13])[1:4] == [
        "Vi skal:",
        "Anerkjenne kompetanse",
        "Gi trygghet og tillit",
    ]


@pytest.mark.parametrize(
    ("index", "words", "descr"),
    [
        (14, ["Visjon", "Verdier", "Kjennetegn"], "Pyramide: Visjon – Verdier – Kjennetegn"),
        (15, ["1", "Formål", "4", "Beslutte"], "Trinn: Formål – Idemyldring"),
        (
            16,
            ["ENDRING", "OPPGAVE", "RELASJON", "Relasjonar er viktigast"],
            "Trekant: ENDRING, OPPGAVE, RELASJON",
        ),
        (
            17,
            ["Interaksjonar", "Relasjonar", "Tillit"],
            "Flyt: Interaksjonar → Relasjonar → Tillit",
        ),
        (18, ["7 %", "ordets betydning", "55 %", "kroppsspråk"], "Tal: 7 % ordets betydning"),
        (19, [str(n) for n in range(1, 10)], "Verdidiamant med ni tomme felt"),
        (20, ["Være genuin", "Lytte aktivt", "Bekrefte"], "Kort: Være genuin; Lytte aktivt"),
        (
            21,
            ["Nivå 1 – indre lytting", "Den andre er hovudpersonen."],
            "Nivå: Nivå 1 – indre lytting",
        ),
    ],
)
def test_diagrams_are_native_editable_shapes_with_alt_text(
    tmp_path: Path, index: int, words: list[str], descr: str
) -> None:
    prs, _ = render(make_bundle(tmp_path))
    slide = prs.slides[index]
    groups = [s for s in slide.shapes if isinstance(s, GroupShape)]
    assert len(groups) == 1
    group = groups[0]
    assert group._element.find(f"{P}nvGrpSpPr/{P}cNvPr").get("descr").startswith(descr)
    kinds = {s.shape_type for s in walk(group.shapes)}
    assert MSO_SHAPE_TYPE.PICTURE not in kinds
    assert kinds & {MSO_SHAPE_TYPE.AUTO_SHAPE, MSO_SHAPE_TYPE.FREEFORM}
    shown = [
        p.text
        for shape in walk(group.shapes)
        if shape.has_text_frame
        for p in shape.text_frame.paragraphs
        if p.text.strip()
    ]
    for word in words:
        assert word in shown, word
    # In reading order: the items in the order they were written.
    positions = [next(i for i, t in enumerate(shown) if t == w) for w in words]
    assert positions == sorted(positions)


def test_pause_and_lunch_show_their_clock_times(tmp_path: Path) -> None:
    prs, _ = render(make_bundle(tmp_path))
    assert slide_text(prs.slides[22]) == "Pause 09:00 – 09:15 Lederutviklingsprogram · Samling 2 23"
    assert texts(prs.slides[23])[:2] == ["Lunsj", "11:30 – 12:15"]


def test_wordcloud_shows_the_votes_and_falls_back_to_the_poll(tmp_path: Path) -> None:
    prs, _ = render(make_bundle(tmp_path))
    pictures = [s for s in prs.slides[24].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    descr = pictures[0]._element.find(f".//{P}cNvPr").get("descr")
    assert descr.startswith("Ordsky: Tillit (14 røyster), Åpenhet (9 røyster), Mot (3")
    without = make_bundle(tmp_path).model_copy(update={"results": None})
    prs, _ = render(without)
    pictures = [s for s in prs.slides[24].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert pictures[0]._element.find(f".//{P}cNvPr").get("descr").startswith("QR-kode til")


def test_closing_slide_gives_the_next_samlings_date(tmp_path: Path) -> None:
    prs, _ = render(make_bundle(tmp_path))
    text = slide_text(prs.slides[-1])
    assert "Takk for i dag" in text
    assert "Neste samling: 20.09.23 · Kommunehuset" in text


# --------------------------------------------------------------------------- the whole deck


def test_footer_and_slide_numbers_on_every_slide_but_the_title(tmp_path: Path) -> None:
    prs, _ = render(make_bundle(tmp_path))
    for number, slide in enumerate(prs.slides, start=1):
        footers = [s for s in slide.placeholders if s.placeholder_format.type == 15]
        fields = slide._element.findall(f".//{A}fld[@type='slidenum']")
        if number in (1, len(prs.slides)):  # the title and closing slides go without
            assert not footers and not fields
            continue
        assert [f.text_frame.text for f in footers] == ["Lederutviklingsprogram · Samling 2"]
        assert [f.find(f"{A}t").text for f in fields] == [str(number)]


def test_every_run_declares_the_malform_language(tmp_path: Path) -> None:
    for malform, lang in (("nn", "nn-NO"), ("nb", "nb-NO")):
        data, _ = render_deck(make_bundle(tmp_path, malform=malform), DEFAULT)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                if not re.match(r"ppt/(slides|notesSlides)/\w+\.xml$", name):
                    continue
                root = etree.fromstring(archive.read(name))
                runs = root.findall(f".//{A}r")
                assert runs, name
                for run in runs:
                    assert run.find(f"{A}rPr").get("lang") == lang, name
                for end in root.iter(f"{A}endParaRPr"):
                    assert end.get("lang") == lang
        prs = Presentation(io.BytesIO(data))
        assert prs.core_properties.language == lang


def test_every_picture_has_alt_text(tmp_path: Path) -> None:
    prs, _ = render(make_bundle(tmp_path))
    seen = 0
    for slide in prs.slides:
        for shape in walk(slide.shapes):
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                descr = shape._element.find(f".//{P}cNvPr").get("descr") or ""
                assert len(descr) > 10 and not descr.endswith((".png", ".jpg"))
                seen += 1
    assert seen == 3  # the photo, the QR code, the word cloud


def test_speaker_notes_come_from_the_slides(tmp_path: Path) -> None:
    prs, _ = render(make_bundle(tmp_path))
    slide = prs.slides[6]
    assert notes_of(slide) == "Snakk om tid."
    runs = slide.notes_slide.notes_text_frame.paragraphs[0].runs
    assert [(r.text, bool(r.font.bold)) for r in runs] == [
        ("Snakk om ", False),
        ("tid", True),
        (".", False),
    ]


def test_core_properties_and_reproducible_bytes(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    bundle = make_bundle(tmp_path)
    first, _ = render_deck(bundle, DEFAULT)
    second, _ = render_deck(bundle, DEFAULT)
    assert first == second
    core = Presentation(io.BytesIO(first)).core_properties
    assert core.author == "Seljord kommune"
    assert core.title == "Lederutviklingsprogram – Samling 2: Relasjonar"
    assert core.created == datetime(2023, 5, 23, 12, 0) == core.modified
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    third, _ = render_deck(bundle, DEFAULT)
    assert Presentation(io.BytesIO(third)).core_properties.created == datetime(
        2023, 11, 14, 22, 13, 20
    )
    with zipfile.ZipFile(io.BytesIO(third)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}


# --------------------------------------------------------------------------- text fitting


def test_long_text_shrinks_within_limits(tmp_path: Path) -> None:
    s = Slides(tmp_path)
    sentence = "Verdiar påverkar handlingar, haldningar og vurderingar i kvardagen"
    slide = s("bullets", "Mykje tekst", blocks=[bullets(*[sentence + " og i møte"] * 11)])
    prs, warnings = render(make_bundle(tmp_path, slides=[slide]))
    assert warnings == []
    body = [p for p in prs.slides[0].placeholders if p.placeholder_format.idx == 1][0]
    sizes = {r.font.size.pt for p in body.text_frame.paragraphs for r in p.runs}
    assert len(sizes) == 1
    assert 14 <= sizes.pop() < 24


def test_text_that_cannot_fit_is_reported_with_slide_number_and_title(tmp_path: Path) -> None:
    s = Slides(tmp_path)
    intro = s("section", "Innleiing")
    heavy = s("bullets", "Alt på ein gong", blocks=[bullets(*["Eit langt punkt " * 12] * 14)])
    prs, warnings = render(make_bundle(tmp_path, slides=[intro, heavy]))
    assert len(warnings) == 1
    warning = warnings[0]
    assert warning.severity == "warning"
    assert warning.message.startswith("slide 2 «Alt på ein gong»: the text does not fit")
    assert warning.file == heavy.source.file and warning.line == heavy.source.line
    # Still kept inside its area: shrunk below the limit rather than spilling over the slide.
    body = [p for p in prs.slides[1].placeholders if p.placeholder_format.idx == 1][0]
    assert all(r.font.size.pt < 14 for p in body.text_frame.paragraphs for r in p.runs)


def test_long_lists_of_short_items_go_in_two_columns(tmp_path: Path) -> None:
    s = Slides(tmp_path)
    items = [f"Verdi nummer {n}" for n in range(1, 13)]
    prs, _ = render(
        make_bundle(tmp_path, slides=[s("bullets", "Eksempel", blocks=[bullets(*items)])])
    )
    columns = [
        sh for sh in prs.slides[0].shapes if sh.has_text_frame and "Verdi" in sh.text_frame.text
    ]
    assert len(columns) == 2 and columns[0].left < columns[1].left
    assert [p.text for p in columns[0].text_frame.paragraphs] == items[:6]
    assert [p.text for p in columns[1].text_frame.paragraphs] == items[6:]


# --------------------------------------------------------------------------- bad input


def test_missing_image_is_a_content_error_naming_file_and_line(tmp_path: Path) -> None:
    bundle = make_bundle(tmp_path)
    (tmp_path / "samling-02" / "images" / "fugl.png").unlink()
    with pytest.raises(ContentError) as caught:
        render_deck(bundle, DEFAULT)
    (diagnostic,) = caught.value.diagnostics
    image_slide = next(slide for slide in bundle.slides if slide.kind == "image")
    assert diagnostic.file == image_slide.source.file
    assert diagnostic.line == image_slide.source.line
    assert "the image 'images/fugl.png' is missing" in diagnostic.message


@pytest.mark.parametrize("kind", ["WEBP", "svg"])
def test_image_powerpoint_cannot_show_is_a_content_error(tmp_path: Path, kind: str) -> None:
    bundle = make_bundle(tmp_path)
    path = tmp_path / "samling-02" / "images" / "fugl.png"
    if kind == "svg":
        path.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    else:
        PILImage.new("RGB", (20, 20)).save(path, format=kind)
    with pytest.raises(ContentError) as caught:
        render_deck(bundle, DEFAULT)
    (diagnostic,) = caught.value.diagnostics
    assert "not a picture PowerPoint can show" in diagnostic.message
    assert diagnostic.hint == "save it as PNG or JPEG"
    assert diagnostic.line == next(s for s in bundle.slides if s.kind == "image").source.line


def test_corrupt_template_is_a_template_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pptx"
    broken.write_bytes(DEFAULT.read_bytes()[: len(DEFAULT.read_bytes()) // 2])
    with pytest.raises(TemplateError) as caught:
        render_deck(make_bundle(tmp_path), broken)
    assert "broken.pptx is not a PowerPoint template" in str(caught.value)


# --------------------------------------------------------------------------- templates


def check_package(data: bytes) -> set[str]:
    """Every relationship points at a part that exists, and every part is reachable."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = set(archive.namelist())
    reached = {"[Content_Types].xml", "_rels/.rels"}
    queue = ["_rels/.rels"]
    while queue:
        rels_name = queue.pop()
        base = PurePosixPath(rels_name).parent.parent
        root = etree.fromstring(archive.read(rels_name))
        for rel in root:
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target")
            path = (
                target.lstrip("/")
                if target.startswith("/")
                else os.path.normpath(str(base / target)).lstrip("./")
            )
            assert path in names, f"{rels_name} points at missing {path}"
            if path in reached:
                continue
            reached.add(path)
            part = PurePosixPath(path)
            rels = str(part.parent / "_rels" / (part.name + ".rels"))
            if rels in names:
                reached.add(rels)
                queue.append(rels)
    assert names == reached, f"unreachable parts: {sorted(names - reached)}"
    types = etree.fromstring(archive.read("[Content_Types].xml"))
    for override in types:
        if override.get("PartName"):
            assert override.get("PartName").lstrip("/") in names
    return names


def test_template_example_slides_are_removed_without_dangling_parts(tmp_path: Path) -> None:
    prs = Presentation(str(DEFAULT))
    for i in range(3):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = f"Eksempel {i}"
        slide.notes_slide.notes_text_frame.text = "eksempelnotat"
        slide.shapes.add_picture(
            io.BytesIO(png(tmp_path / f"e{i}.png", colour="#FF0000").read_bytes()), 0, 0
        )
    # A section list naming the example slides, as PowerPoint writes it.
    ids = [s.slide_id for s in prs.slides]
    ext = etree.fromstring(
        '<p:extLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">'
        '<p:ext uri="{521415D9-36F7-43E2-AB2F-B90AF26B5E84}">'
        '<p14:sectionLst xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main">'
        '<p14:section name="Eksempel" id="{7A3C7E59-9A4E-4F4B-9B8E-1C1A2B3C4D5E}"><p14:sldIdLst>'
        + "".join(f'<p14:sldId id="{i}"/>' for i in ids)
        + "</p14:sldIdLst></p14:section></p14:sectionLst></p:ext></p:extLst>"
    )
    prs.part._element.append(ext)
    template = tmp_path / "med-eksempel.pptx"
    prs.save(str(template))

    data, _ = render_deck(make_bundle(tmp_path), template)
    names = check_package(data)
    out = Presentation(io.BytesIO(data))
    assert len(out.slides) == 26
    assert "Eksempel 0" not in deck_text(out)
    assert "eksempelnotat" not in deck_text(out)
    assert b"sectionLst" not in zipfile.ZipFile(io.BytesIO(data)).read("ppt/presentation.xml")
    red = [n for n in names if n.startswith("ppt/media/")]
    for name in red:
        image = PILImage.open(io.BytesIO(zipfile.ZipFile(io.BytesIO(data)).read(name)))
        assert image.convert("RGB").getpixel((0, 0)) != (255, 0, 0)


def test_deck_from_a_template_with_norwegian_reordered_and_missing_layouts(
    tmp_path: Path,
) -> None:
    template = template_variant(
        tmp_path, "norsk.pptx", NORWEGIAN, drop=("Section Header", "Two Content"), reverse=True
    )
    bundle = make_bundle(tmp_path)
    prs, warnings = render(bundle, template)
    assert [layout.name for layout in prs.slide_layouts] == [
        "Tomt",
        "Bare tittel",
        "Tittel og innhold",
        "Tittellysbilde",
    ]
    titles = [title_of(slide) for slide in prs.slides]
    assert titles[4:7] == ["Program for samling 2", "Relasjonar i leiing", "Om relasjonar"]
    assert all(titles)
    assert warnings == []
    # The columns slide still shows both columns, the second drawn as a text box.
    text = slide_text(prs.slides[7])
    assert "Styrkebasert" in text and "Kva er effekten av det?" in text
    check_package(render_deck(bundle, template)[0])


def test_template_with_only_a_blank_layout_gets_title_placeholders(tmp_path: Path) -> None:
    template = template_variant(
        tmp_path,
        "tomt.pptx",
        NORWEGIAN,
        drop=("Title Slide", "Title and Content", "Section Header", "Two Content", "Title Only"),
    )
    prs, _ = render(make_bundle(tmp_path), template)
    assert [title_of(slide) for slide in prs.slides][:3] == [
        "Lederutviklingsprogram",
        "Slik jobbar vi",
        "Lederplattform",
    ]
    assert "Vi lærer av kvarandre" in slide_text(prs.slides[1])


# --------------------------------------------------------------------------- the real content


def seed_lines(text: str) -> list[str]:
    """The seed's lines, as the test compares them.

    - whitespace is normalised;
    - lines with a web address are left out (the issue says non-URL lines);
    - list markers are formatting, not text: bullets (•, ▪, ❖, o, -, –), numbering (1., a)),
      and a stray leading colon.
    """
    marker = re.compile(r"^(?:[•▪❖o\-–:]\s*|\d+\.\s+|[a-z]\)\s+)+")
    lines = []
    for raw in text.splitlines():
        line = re.sub(r"\s+", " ", raw).strip()
        if not line or "http" in line or "www." in line:
            continue
        line = marker.sub("", line).strip()
        if line:
            lines.append(line)
    return lines


needs_content = pytest.mark.skipif(
    not (CONTENT / "samling-02" / "slides.md").is_file(), reason="content/ not written yet"
)


@pytest.fixture(scope="module")
def samling2() -> tuple[bytes, list]:
    from pipeline.content.load import load_samling

    return render_deck(load_samling(CONTENT, 2), DEFAULT)


@needs_content
def test_samling2_deck_has_98_percent_of_the_seed_lines(samling2: tuple[bytes, list]) -> None:
    text = deck_text(Presentation(io.BytesIO(samling2[0])))
    lines = seed_lines(SEED.read_text(encoding="utf-8"))
    assert len(lines) > 450
    missing = [line for line in lines if line not in text]
    found = 1 - len(missing) / len(lines)
    assert found >= 0.98, f"{found:.1%} found; missing: {missing}"
    # Credits and poll links count too.
    assert "Bildet er tatt av tdfugere fra Pixabay" in text
    assert "Dette bildet av Ukjent forfatter er lisensiert under CC BY" in text
    assert POLL in text


@needs_content
def test_samling2_deck_is_clean(samling2: tuple[bytes, list]) -> None:
    data, warnings = samling2
    check_package(data)
    prs = Presentation(io.BytesIO(data))
    assert len(prs.slides) > 70
    for slide in prs.slides:
        assert title_of(slide)
        for shape in slide.placeholders:
            assert shape.text_frame.text.strip()
    # At most the seed's densest slides (the 20-item list) are too full, and say which.
    assert len(warnings) <= 3
    for warning in warnings:
        assert re.match(r"slide \d+ «.+»: .*does not fit", warning.message), warning.message


@needs_content
def test_samling2_deck_builds_from_a_norwegian_template(tmp_path: Path) -> None:
    from pipeline.content.load import load_samling

    template = template_variant(
        tmp_path, "norsk.pptx", NORWEGIAN, drop=("Two Content",), reverse=True
    )
    bundle = load_samling(CONTENT, 2)
    prs, _ = render(bundle, template)
    titles = [title_of(slide) for slide in prs.slides]
    assert all(titles)
    assert "Relasjoner i ledelse" in titles and "Kjennetegn ved god tilbakemelding" in titles


@needs_content
@pytest.mark.skipif(
    not (CONTENT / "samling-03" / "slides.md").is_file(), reason="samling 3 not written yet"
)
def test_samling3_opens_with_the_results_of_samling2() -> None:
    from pipeline.content.load import load_samling

    bundle = load_samling(CONTENT, 3)
    prs, _ = render(bundle)
    results = m.Results.model_validate(
        __import__("ruamel.yaml", fromlist=["YAML"])
        .YAML(typ="safe")
        .load((CONTENT / "samling-02" / "results.yaml").read_text(encoding="utf-8"))
    )
    opening = " ".join(slide_text(slide) for slide in list(prs.slides)[:15])
    assert sum(proposal in opening for proposal in results.vision_proposals) >= 10
    assert date(2023, 9, 20) == bundle.info.date


@needs_content
@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice or poppler not installed",
)
def test_rendered_through_libreoffice_no_text_leaves_its_slide(
    tmp_path: Path, samling2: tuple[bytes, list]
) -> None:
    deck = tmp_path / "samling-02.pptx"
    deck.write_bytes(samling2[0])
    (pdf,) = convert_to_pdf([deck], tmp_path / "pdf", scratch_root=tmp_path)
    bbox = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    root = etree.fromstring(bbox.encode(), etree.XMLParser(recover=True))
    pages = root.findall(".//{*}page")
    assert len(pages) == len(Presentation(io.BytesIO(samling2[0])).slides)
    footer_words = {"Lederutviklingsprogram", "·", "Samling", "2"}
    for number, page in enumerate(pages, start=1):
        width, height = float(page.get("width")), float(page.get("height"))
        for word in page.findall("{*}word"):
            x0, y0 = float(word.get("xMin")), float(word.get("yMin"))
            x1, y1 = float(word.get("xMax")), float(word.get("yMax"))
            assert x0 >= 0 and x1 <= width and y0 >= 0 and y1 <= height, (
                f"page {number}: {word.text!r} runs outside the slide"
            )
            # Nothing but the footer below the footer line (6.89 in of 7.5 in): text that
            # overflows its area downwards would show up here.
            if y1 > height * 6.89 / 7.5:
                assert word.text in footer_words | {str(number)}, (
                    f"page {number}: {word.text!r} runs into the footer"
                )


def test_a_theme_font_that_is_not_installed_is_reported(tmp_path: Path) -> None:
    template = retheme_pptx(DEFAULT, tmp_path, "Segoe UI")
    s = Slides(tmp_path)
    _, warnings = render(
        make_bundle(tmp_path, slides=[s("bullets", "Tekst", blocks=[bullets("Eitt punkt")])]),
        template,
    )
    assert len(warnings) == 1  # once per build, not once per text
    assert "the template's font 'Segoe UI' is not installed" in warnings[0].message
    # Measured with a font at least as wide as the ones that may draw it, never Carlito.
    assert "fitted with the wider DejaVu Sans" in warnings[0].message
    assert "install Segoe UI" in warnings[0].message
    assert warnings[0].file == template


@pytest.mark.parametrize(("kind", "what"), [("flow", "a box in the flow"), ("cards", "a card")])
def test_a_word_too_wide_for_its_box_at_any_size_is_named(
    tmp_path: Path, kind: str, what: str
) -> None:
    monster = "Kommunestyrerepresentantopplæringsprogramevalueringsrapportane"
    s = Slides(tmp_path)
    items = bullets(monster, "Tillit", "Relasjonar", "Samspel")
    _, warnings = render(make_bundle(tmp_path, slides=[s(kind, "Flyt", blocks=[items])]))
    named = [w for w in warnings if f"the word «{monster}» in {what}" in w.message]
    assert len(named) == 1
    assert "use a shorter word, or split it with a hyphen" in named[0].message


def test_text_on_a_dark_fallback_layout_stays_readable(tmp_path: Path) -> None:
    # Without a section layout, pause slides use the dark title-slide layout.
    template = template_variant(
        tmp_path, "mørk.pptx", NORWEGIAN, drop=("Section Header", "Title Only")
    )
    s = Slides(tmp_path)
    bundle = make_bundle(tmp_path)
    pause = bundle.block("pause-1")
    prs, _ = render(
        bundle.model_copy(
            update={"slides": [s("pause", "", agenda_block=pause, block_id="pause-1")]}
        ),
        template,
    )
    slide = prs.slides[0]
    assert slide.slide_layout.name == "Tittellysbilde"
    time_run = next(
        r
        for p in slide.shapes
        if p.has_text_frame
        for par in p.text_frame.paragraphs
        for r in par.runs
        if r.text == "09:00 – 09:15"
    )
    assert time_run._r.find(f"{A}rPr/{A}solidFill/{A}schemeClr").get("val") == "bg1"
    number = slide._element.find(f".//{A}fld[@type='slidenum']")
    assert number.find(f"{A}rPr/{A}solidFill/{A}schemeClr").get("val") == "bg1"


def test_fast_slide_adding_gives_the_same_bytes_as_python_pptx(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipeline.render.deck.speed as speed

    bundle = make_bundle(tmp_path)
    fast, _ = render_deck(bundle, DEFAULT)
    monkeypatch.setattr(speed, "SUPPORTED", "not this version")
    slow, _ = render_deck(bundle, DEFAULT)
    assert fast == slow
    prs = Presentation(io.BytesIO(fast))
    names = [slide.part.partname for slide in prs.slides]
    assert names == [f"/ppt/slides/slide{n}.xml" for n in range(1, len(names) + 1)]
    assert len({slide.slide_id for slide in prs.slides}) == len(names)


# --------------------------------------------------------------------------- any input

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=60)
items = st.lists(
    st.builds(m.ListItem, text=words, level=st.integers(0, 1)), min_size=0, max_size=12
)
blocks = st.lists(
    st.one_of(
        st.builds(m.Paragraph, text=words),
        st.builds(m.BulletList, items=items),
        st.builds(m.NumberedList, items=items),
        st.builds(m.Quote, text=words, source=words),
    ),
    max_size=4,
)
kinds = st.sampled_from(
    [k for k in m.SLIDE_KINDS if k not in ("exercise", "poll", "wordcloud", "image")]
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(kind=kinds, title=words, body=blocks, result_items=st.lists(words, max_size=25))
def test_any_slide_content_renders_or_warns_never_crashes(
    tmp_path: Path, kind: str, title: str, body: list, result_items: list[str]
) -> None:
    s = Slides(tmp_path)
    slide = s(kind, title, blocks=body, result_items=result_items)
    prs, warnings = render(make_bundle(tmp_path, slides=[slide]))
    assert all(w.severity == "warning" for w in warnings)
    for deck_slide in prs.slides:
        assert title_of(deck_slide).strip()
        for shape in deck_slide.placeholders:
            assert shape.text_frame.text.strip()
        for ext in deck_slide._element.iter(f"{A}ext"):
            if ext.get("cx") is not None:
                assert int(ext.get("cx")) >= 0 and int(ext.get("cy")) >= 0


def test_cards_squeezed_under_a_caption_render(tmp_path: Path) -> None:
    """Found by the test above: eighteen cards below two paragraphs left each card a
    negative height, which PowerPoint's schema refuses (python-pptx raised)."""
    s = Slides(tmp_path)
    bullets = [m.BulletList(items=[m.ListItem(text="") for _ in range(n)]) for n in (6, 12)]
    body = [m.Paragraph(text=""), m.Paragraph(text=""), *bullets]
    prs, warnings = render(make_bundle(tmp_path, slides=[s("cards", "", blocks=body)]))
    assert all(w.severity == "warning" for w in warnings)
    for ext in prs.slides[0]._element.iter(f"{A}ext"):
        if ext.get("cx") is not None:
            assert int(ext.get("cx")) >= 0 and int(ext.get("cy")) >= 0


def test_a_slide_without_a_visible_title_gets_a_hidden_one(tmp_path: Path) -> None:
    s = Slides(tmp_path)
    slide = s("bullets", "  ", blocks=[m.Paragraph(text="Har du nokon gong …")])
    prs, _ = render(make_bundle(tmp_path, slides=[slide]))
    title = next(p for p in prs.slides[0].placeholders if p.placeholder_format.type == 1)
    assert title.text_frame.text == "Har du nokon gong …"
    assert title._element.find(f".//{P}cNvPr").get("hidden") == "1"


@pytest.mark.parametrize("kind", ["flow", "steps", "cards", "statistic", "levels", "pyramid"])
def test_diagrams_with_many_items_stay_on_the_slide(tmp_path: Path, kind: str) -> None:
    s = Slides(tmp_path)
    many = nested(*[(f"Punkt {n}", "forklaring") for n in range(25)])
    prs, _ = render(make_bundle(tmp_path, slides=[s(kind, "Mange", blocks=[many])]))
    width, height = prs.slide_width, prs.slide_height
    for shape in walk(prs.slides[0].shapes):
        assert shape.width >= 0 and shape.height >= 0
        assert shape.left >= 0 and shape.left + shape.width <= width + 1
        assert shape.top >= 0 and shape.top + shape.height <= height + 1


def test_a_different_designers_template_4_3_office_theme(tmp_path: Path) -> None:
    """python-pptx's stock template: 4:3, the Office theme, eleven English layouts."""
    template = tmp_path / "office.pptx"
    Presentation().save(str(template))
    bundle = make_bundle(tmp_path)
    data, warnings = render_deck(bundle, template)
    check_package(data)
    prs = Presentation(io.BytesIO(data))
    assert prs.slide_width == 9144000
    for slide in prs.slides:
        assert title_of(slide)
        for shape in slide.placeholders:
            assert shape.text_frame.text.strip()
        for shape in walk(slide.shapes):
            assert shape.left + shape.width <= prs.slide_width + 1
            assert shape.top + shape.height <= prs.slide_height + 1
    assert {s.slide_layout.name for s in prs.slides} >= {
        "Title Slide",
        "Title and Content",
        "Section Header",
        "Two Content",
        "Title Only",
    }
    assert all("does not fit" in w.message for w in warnings)


def test_every_shape_without_text_has_alt_text(tmp_path: Path) -> None:
    """A tagged PDF makes each of them a figure, which needs alt text."""
    data, _ = render_deck(make_bundle(tmp_path), DEFAULT)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not re.match(r"ppt/slides/slide\d+\.xml$", name):
                continue
            root = etree.fromstring(archive.read(name))
            for shape in root.iter(f"{P}sp", f"{P}cxnSp", f"{P}pic"):
                if shape.find(f"{P}nvSpPr/{P}nvPr/{P}ph") is not None:
                    continue
                text = "".join(t.text or "" for t in shape.iter(f"{A}t"))
                descr = shape.find(f"./*/{P}cNvPr").get("descr", "")
                assert text.strip() or descr.strip(), (
                    f"{name}: {shape.find(f'./*/{P}cNvPr').get('name')}"
                )
    arrows = [s for s in walk(Presentation(io.BytesIO(data)).slides[17].shapes) if s.name == "Pil"]
    assert [a._element.find(f".//{P}cNvPr").get("descr") for a in arrows] == [
        "Interaksjonar → Relasjonar",
        "Relasjonar → Tillit",
    ]


@pytest.mark.parametrize("kind", ["steps", "flow", "pyramid", "triangle", "levels"])
def test_a_caption_taller_than_the_slide_leaves_the_diagram_room(tmp_path: Path, kind: str) -> None:
    """Found by hypothesis: a long list under a diagram made its drawing area negative."""
    s = Slides(tmp_path)
    empties = [m.ListItem(text="", level=0) for _ in range(12)]
    body = [
        m.BulletList(items=[m.ListItem(text="", level=0)]),
        m.BulletList(items=empties),
        m.NumberedList(items=empties),
    ]
    prs, warnings = render(make_bundle(tmp_path, slides=[s(kind, "Steg", blocks=body)]))
    assert all(w.severity == "warning" for w in warnings)
    for ext in prs.slides[0]._element.iter(f"{A}ext"):
        if ext.get("cx") is not None:
            assert int(ext.get("cx")) >= 0 and int(ext.get("cy")) >= 0
