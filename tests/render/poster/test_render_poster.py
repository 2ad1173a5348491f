"""The lederplakat: page size, fonts, escaping, references, fitting, metadata, determinism."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from lxml import etree

from pipeline.errors import ContentError, TemplateError
from pipeline.model.types import Branding, Lederplattform, Program
from pipeline.render.poster.context import SIZES
from pipeline.render.poster.render import render_poster

REPO = Path(__file__).resolve().parents[3]
POSTERS = REPO / "templates" / "poster"
TEMPLATES = [POSTERS / "diamond.svg.j2", POSTERS / "columns.svg.j2"]
ROOTS = [REPO / "content", REPO / "templates"]
SVG = "{http://www.w3.org/2000/svg}"
MM = 72 / 25.4
PNG_4X2 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000004000000020802000000f0caea34000000124944415478"
    "9c6394f78b6780012606240000132e00d0ce04f2c40000000049454e44ae426082"
)

VALUES = [
    ("Tillit", ["Vi gir kvarandre tillit og handlingsrom.", "Vi held det vi lovar."]),
    ("Openheit", ["Vi deler informasjon og kompetanse på tvers av tenestene."]),
    ("Heilskap", ["Vi tenkjer heilskapleg og spelar kvarandre gode."]),
    ("Tydelegheit", ["Vi kommuniserer tydeleg, både innad og utad."]),
    ("Fellesskap", ["Vi står saman og tek felles ansvar for resultatet."]),
    ("Anerkjenning", ["Vi ser og anerkjenner kvarandre sin kompetanse og innsats."]),
    ("Tryggleik", ["Vi gjer det trygt å seie ifrå, spørje og prøve og feile."]),
    ("Raushet", ["Vi møter kvarandre med forståing og trur det beste om kvarandre."]),
    ("Mot", ["Vi tek opp vanskelege saker og gir korrigerande tilbakemeldingar."]),
]


def plattform(
    vision: str = "Saman for Seljord",
    values: list[tuple[str, list[str]]] | None = None,
    example: bool = False,
) -> Lederplattform:
    return Lederplattform(
        title="Leiarplattform for Seljord kommune",
        vision={"text": vision, "example_decision": example},
        values=[{"name": n, "kjennetegn": k} for n, k in (values or VALUES)],
    )


def program(**branding: Any) -> Program:
    return Program(
        kommune="Seljord kommune",
        title="Leiarutviklingsprogram",
        malform="nn",
        participants=24,
        branding=Branding(**branding),
        samlinger=[{"number": 3, "date": "20.09.23", "place": "Seljord", "theme": "Plattform"}],
    )


def render(
    template: Path = TEMPLATES[0], plat: Lederplattform | None = None, **options: Any
) -> tuple[dict[str, bytes], list[Any]]:
    roots = options.pop("allowed_roots", ROOTS)
    prog = options.pop("program", None) or program()
    return render_poster(plat or plattform(), prog, template, allowed_roots=roots, **options)


def svg_text(svg: bytes) -> str:
    """All the text of the SVG's text elements, lines joined by spaces."""
    root = etree.fromstring(svg)
    texts = []
    for text in root.iter(f"{SVG}text"):
        texts.append(" ".join("".join(t.itertext()) for t in text.iter(f"{SVG}tspan")))
    return "\n".join(texts)


@pytest.fixture(scope="module")
def diamond() -> dict[str, bytes]:
    return render(TEMPLATES[0], plattform(example=True))[0]


# --------------------------------------------------------------------------- the page


@pytest.mark.parametrize("size", list(SIZES))
def test_pdf_page_is_exactly_the_size_in_mm(size: str) -> None:
    outputs, _ = render(size=size)
    width, height = SIZES[size]
    with pikepdf.open(io.BytesIO(outputs["pdf"])) as pdf:
        assert len(pdf.pages) == 1
        box = [float(v) for v in pdf.pages[0].mediabox]
    assert box[0] == pytest.approx(0) and box[1] == pytest.approx(0)
    assert box[2] == pytest.approx(width * MM, abs=0.01)
    assert box[3] == pytest.approx(height * MM, abs=0.01)
    root = etree.fromstring(outputs["svg"])
    assert root.get("width") == f"{width:g}mm" and root.get("height") == f"{height:g}mm"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.name)
def test_both_templates_render_a2_with_a_1200_px_preview(template: Path) -> None:
    outputs, _ = render(template)
    png = outputs["png"]
    assert png.startswith(b"\x89PNG")
    assert int.from_bytes(png[16:20], "big") == 1200
    assert int.from_bytes(png[20:24], "big") == round(1200 * 594 / 420)
    text = svg_text(outputs["svg"])
    assert "Saman for Seljord" in text
    for name, kjennetegn in VALUES:
        assert name in text
        for item in kjennetegn:
            assert item in text


def test_bleed_adds_3_mm_crop_marks_and_print_boxes() -> None:
    outputs, _ = render(size="A2", bleed=True)
    with pikepdf.open(io.BytesIO(outputs["pdf"])) as pdf:
        page = pdf.pages[0]
        media = [float(v) for v in page.mediabox]
        trim = [float(v) for v in page.obj.TrimBox]
        bleed = [float(v) for v in page.obj.BleedBox]
    assert trim[2] - trim[0] == pytest.approx(420 * MM, abs=0.01)
    assert trim[3] - trim[1] == pytest.approx(594 * MM, abs=0.01)
    assert trim[0] - bleed[0] == pytest.approx(3 * MM, abs=0.01)
    assert bleed[0] > media[0] and bleed[2] < media[2]
    root = etree.fromstring(outputs["svg"])
    marks = root.find(f"{SVG}g[@id='crop-marks']")
    assert marks is not None and len(marks) == 8
    for line in marks:
        x1, y1, x2, y2 = (float(line.get(a)) for a in ("x1", "y1", "x2", "y2"))
        # Each mark continues a trim edge, and lies outside the bleed (3 mm beyond the trim).
        if x1 == x2:
            assert x1 in (0, 420)
            assert all(y <= -3 for y in (y1, y2)) or all(y >= 594 + 3 for y in (y1, y2))
        else:
            assert y1 == y2 and y1 in (0, 594)
            assert all(x <= -3 for x in (x1, x2)) or all(x >= 420 + 3 for x in (x1, x2))
    # The preview is the trimmed page.
    assert int.from_bytes(outputs["png"][16:20], "big") == 1200


def test_text_stays_10_mm_inside_the_trim() -> None:
    outputs, _ = render(size="A4", bleed=True)
    root = etree.fromstring(outputs["svg"])
    for tspan in root.iter(f"{SVG}tspan"):
        y = float(tspan.get("y"))
        assert 10 <= y <= 297 - 10
        if tspan.getparent().get("text-anchor") is None:
            assert 10 <= float(tspan.get("x")) <= 210 - 10


def test_a_text_box_near_the_edge_is_a_template_error(tmp_path: Path) -> None:
    path = tmp_path / "edge.svg.j2"
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" font-family="Carlito">'
        "{{ text_box(platform.vision, 4, 4, 100, 20, size=20) }}</svg>",
        encoding="utf-8",
    )
    with pytest.raises(TemplateError, match="closer than 10 mm to the edge"):
        render(path, allowed_roots=[tmp_path])


def test_unknown_size_is_refused() -> None:
    with pytest.raises(ContentError, match="unknown poster size 'A0'"):
        render(size="A0")


# --------------------------------------------------------------------------- fonts


def test_fonts_are_embedded_in_the_pdf(diamond: dict[str, bytes]) -> None:
    with pikepdf.open(io.BytesIO(diamond["pdf"])) as pdf:
        fonts = pdf.pages[0].Resources.Font
        names = []
        for _, font in fonts.items():
            descriptor = font.FontDescriptor
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor
            names.append(str(font.BaseFont))
    assert any(name.endswith("+Carlito") for name in names)
    assert any(name.endswith("+Carlito-Bold") for name in names)


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils is not installed")
def test_pdffonts_says_emb_yes(diamond: dict[str, bytes], tmp_path: Path) -> None:
    path = tmp_path / "poster.pdf"
    path.write_bytes(diamond["pdf"])
    report = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = report.stdout.splitlines()[2:]
    assert rows, report.stdout
    for row in rows:
        assert "Carlito" in row
        assert row.split()[-5] == "yes", row  # the emb column


def test_a_font_that_is_not_installed_is_an_error() -> None:
    with pytest.raises(TemplateError, match="not installed"):
        render(program=program(font="Komika Nonexistent Sans"))


def test_a_generic_font_family_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "generic.svg.j2"
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">'
        '<text x="20" y="20">{{ platform.vision }}</text></svg>',
        encoding="utf-8",
    )
    with pytest.raises(TemplateError, match="generic font family 'sans-serif'"):
        render(path, allowed_roots=[tmp_path])


def test_text_without_a_font_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nofont.svg.j2"
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><text x="20" y="20">Hei</text></svg>',
        encoding="utf-8",
    )
    with pytest.raises(TemplateError, match="names no font-family"):
        render(path, allowed_roots=[tmp_path])


# --------------------------------------------------------------------------- hostile content


HOSTILE = [
    ("Trygg & modig <3", ['"sitat" og <b>fet</b> & ]]> </svg>', "Vi seier «hei» & ' ok"]),
    *VALUES[1:],
]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.name)
def test_hostile_content_renders_literally_as_valid_xml(template: Path, tmp_path: Path) -> None:
    outputs, _ = render(template, plattform(vision='Vi <3 Seljord & "alle"', values=HOSTILE))
    text = svg_text(outputs["svg"])  # parses: the SVG is well-formed
    assert "Trygg & modig <3" in text
    assert '"sitat" og <b>fet</b> & ]]> </svg>' in text
    assert 'Vi <3 Seljord & "alle"' in text
    assert b"<b>" not in outputs["svg"]
    assert "Trygg & modig <3" in outputs["txt"].decode()
    if shutil.which("pdftotext"):
        path = tmp_path / "p.pdf"
        path.write_bytes(outputs["pdf"])
        pdf_text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Trygg & modig <3" in pdf_text


def test_control_characters_are_removed_with_a_warning() -> None:
    values = [("Til\x0blit\u200b", ["Vi gir\x07 tillit."]), *VALUES[1:]]
    outputs, diagnostics = render(plat=plattform(values=values))
    text = svg_text(outputs["svg"])
    assert "Til lit" in text and "Vi gir tillit." in text
    messages = [d.message for d in diagnostics if d.severity == "warning"]
    assert any("U+000B" in m and "U+200B" in m for m in messages)
    assert any("U+0007" in m for m in messages)


def test_a_character_the_font_lacks_is_a_content_error() -> None:
    values = [("Tillit \U0001f600", ["Vi gir tillit."]), *VALUES[1:]]
    with pytest.raises(ContentError, match="no glyph for «\U0001f600» \\(U\\+1F600\\)"):
        render(plat=plattform(values=values))


# --------------------------------------------------------------------------- references


@pytest.mark.parametrize(
    "reference",
    [
        '<image href="file:///etc/passwd" x="0" y="0" width="10" height="10"/>',
        '<image href="http://example.com/logo.png" x="0" y="0" width="10" height="10"/>',
        '<rect fill="url(https://example.com/p.svg#g)" width="10" height="10"/>',
    ],
)
def test_template_pointing_outside_is_refused(tmp_path: Path, reference: str) -> None:
    path = tmp_path / "outside.svg.j2"
    path.write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" font-family="Carlito">{reference}</svg>',
        encoding="utf-8",
    )
    with pytest.raises(TemplateError, match="outside|not allowed"):
        render(path, allowed_roots=[tmp_path])


def test_a_logo_inside_content_is_embedded(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    logo = content / "logo.png"
    logo.write_bytes(PNG_4X2)
    prog = program()
    prog = prog.model_copy(
        update={"branding": prog.branding.model_copy(update={"logo_path": logo})}
    )
    outputs, _ = render(program=prog, allowed_roots=[content, REPO / "templates"])
    root = etree.fromstring(outputs["svg"])
    images = list(root.iter(f"{SVG}image"))
    assert len(images) == 1
    assert images[0].get("href").startswith("data:image/png;base64,")
    assert str(tmp_path).encode() not in outputs["svg"]


def test_a_logo_outside_the_allowed_folders_is_refused(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG_4X2)
    prog = program()
    prog = prog.model_copy(
        update={"branding": prog.branding.model_copy(update={"logo_path": logo})}
    )
    with pytest.raises(TemplateError, match="outside content/ and templates/"):
        render(program=prog)


def test_a_template_outside_the_allowed_folders_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.svg.j2"
    path.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    with pytest.raises(TemplateError, match="outside the allowed folders"):
        render(path)


def test_the_time_limit_stops_a_nested_use_template(tmp_path: Path) -> None:
    lines = " ".join(f"M{i % 97} {i % 89} L{i * 7 % 100} {i * 13 % 100}" for i in range(200))
    groups = "".join(
        f'<g id="l{level}">' + f'<use href="#l{level - 1}"/>' * 10 + "</g>" for level in (1, 2, 3)
    )
    path = tmp_path / "bomb.svg.j2"
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" font-family="Carlito">'
        f'<defs><path id="l0" d="{lines}" stroke="black"/>{groups}</defs>'
        '<use href="#l3"/></svg>',
        encoding="utf-8",
    )
    with pytest.raises(TemplateError, match="stopped after 1 s"):
        render(path, allowed_roots=[tmp_path], time_limit=1)


# --------------------------------------------------------------------------- fitting text


LONGEST_NAME = "Samhandling og samarbeid"  # 24 characters, the model's limit
LONGEST_VISION = "Saman i stormen, klar for framtida – trygge og modige leiarar"[:60]
LONGEST_KJENNETEGN = (
    "Vi lyttar aktivt og gir kvarandre konkrete, ærlege tilbakemeldingar i kvardagen, "
    "også når det er krevjande – slik at alle kan lære og vekse."
)


def longest() -> Lederplattform:
    assert len(LONGEST_NAME) == 24 and len(LONGEST_VISION) == 60
    assert len(LONGEST_KJENNETEGN) == 140
    return plattform(vision=LONGEST_VISION, values=[(LONGEST_NAME, [LONGEST_KJENNETEGN] * 4)] * 9)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.name)
def test_the_longest_allowed_text_fits_on_a2(template: Path) -> None:
    outputs, _ = render(template, longest())
    text = svg_text(outputs["svg"])
    assert text.count(LONGEST_KJENNETEGN) == 36
    assert text.count(LONGEST_NAME) == 9
    assert LONGEST_VISION in text
    # Every line was broken inside its box: no tspan of kjennetegn is wider than the card.
    root = etree.fromstring(outputs["svg"])
    sizes = {float(t.get("font-size")) for t in root.iter(f"{SVG}text")}
    assert min(sizes) >= 8 * 25.4 / 72 * 0.999  # nothing below the 8 pt minimum on A2


def test_longer_kjennetegn_give_an_error_naming_the_value_and_the_box() -> None:
    too_long = " ".join([LONGEST_KJENNETEGN] * 3)
    values = [*VALUES[:4], ("Fellesskap", [too_long] * 4), *VALUES[5:]]
    plat = Lederplattform.model_construct(
        title="Leiarplattform",
        vision=plattform().vision,
        values=[
            type(plattform().values[0]).model_construct(name=n, kjennetegn=k) for n, k in values
        ],
        example_decision=False,
        note="",
    )
    with pytest.raises(ContentError) as caught:
        render(plat=plat)
    diagnostic = caught.value.diagnostics[0]
    assert "the kjennetegn of «Fellesskap» does not fit its box 'kjennetegn'" in diagnostic.message
    assert "diamond.svg.j2 on A2" in diagnostic.message
    assert diagnostic.key == "values[4].kjennetegn"
    assert "lederplattform.yaml" in diagnostic.hint


def test_a_word_wider_than_its_box_gives_an_error() -> None:
    values = [*VALUES[:8], ("Mot", ["Vi " + "tilbakemeldingskulturutviklingsarbeid" * 3])]
    with pytest.raises(ContentError, match="«Mot».*the word «tilbakemeldings.*is wider than"):
        render(plat=plattform(values=values))


def test_the_longest_allowed_text_on_a4_names_a_larger_size() -> None:
    with pytest.raises(ContentError) as caught:
        render(plat=longest(), size="A4")
    assert "print on a larger --size" in caught.value.diagnostics[0].hint


# --------------------------------------------------------------------------- accessibility


def test_svg_has_language_title_and_description(diamond: dict[str, bytes]) -> None:
    root = etree.fromstring(diamond["svg"])
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "nn-NO"
    assert root[0].tag == f"{SVG}title" and root[0].text == "Leiarplattform for Seljord kommune"
    assert root[1].tag == f"{SVG}desc"
    assert "Visjon: Saman for Seljord" in root[1].text
    assert "1. Tillit" in root[1].text and "9. Mot" in root[1].text


def test_pdf_has_title_language_and_shows_the_title(diamond: dict[str, bytes]) -> None:
    with pikepdf.open(io.BytesIO(diamond["pdf"])) as pdf:
        assert str(pdf.Root.Lang) == "nn-NO"
        assert str(pdf.docinfo.Title) == "Leiarplattform for Seljord kommune"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True


def test_bokmal_programme_gives_nb_no() -> None:
    prog = program().model_copy(update={"malform": "nb"})
    outputs, _ = render(program=prog)
    with pikepdf.open(io.BytesIO(outputs["pdf"])) as pdf:
        assert str(pdf.Root.Lang) == "nb-NO"
    assert b'xml:lang="nb-NO"' in outputs["svg"]
    assert "VERDIER OG KJENNETEGN PÅ GOD PRAKSIS" in svg_text(outputs["svg"])
    assert "De ni verdiene, i prioritert rekkefølge" in outputs["txt"].decode()


def test_text_alternative_reads_the_poster_in_order(diamond: dict[str, bytes]) -> None:
    text = diamond["txt"].decode("utf-8")
    assert text.startswith("Leiarplakat: Leiarplattform for Seljord kommune\n")
    assert "Visjon: Saman for Seljord" in text
    positions = [text.index(f"{i}. {name}") for i, (name, _) in enumerate(VALUES, start=1)]
    assert positions == sorted(positions)
    assert "   - Vi gir kvarandre tillit og handlingsrom." in text
    assert "Utkast: visjonen og verdiane er eit eksempel" in text


def test_an_example_decision_is_marked_on_the_poster(diamond: dict[str, bytes]) -> None:
    assert "UTKAST – EKSEMPEL, IKKJE VEDTEKE" in svg_text(diamond["svg"])
    outputs, diagnostics = render()
    assert "UTKAST" not in svg_text(outputs["svg"])
    assert not [d for d in diagnostics if "example_decision" in d.message]


def test_low_contrast_branding_is_reported() -> None:
    _, diagnostics = render(program=program(primary="#8FB3C7"))
    warnings = [d.message for d in diagnostics if "contrast" in d.message]
    assert any("in #8FB3C7 on" in m and "WCAG AA needs 3:1" in m for m in warnings), warnings


# --------------------------------------------------------------------------- reproducible


def test_output_is_byte_identical_across_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first, _ = render(size="A3")
    second, _ = render(size="A3")
    for kind in ("svg", "pdf", "png", "txt"):
        assert first[kind] == second[kind], kind
    assert b"CreationDate" not in first["pdf"]


def test_source_date_epoch_sets_the_pdf_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1695196800")  # 2023-09-20
    outputs, _ = render(size="A4")
    with pikepdf.open(io.BytesIO(outputs["pdf"])) as pdf:
        assert str(pdf.docinfo.CreationDate) == "D:20230920080000Z"


# --------------------------------------------------------------------------- template errors


def test_a_template_using_an_unknown_variable_names_it_and_the_line(tmp_path: Path) -> None:
    path = tmp_path / "typo.svg.j2"
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg">\n{{ plattform.vision }}\n</svg>',
        encoding="utf-8",
    )
    with pytest.raises(TemplateError) as caught:
        render(path, allowed_roots=[tmp_path])
    diagnostic = caught.value.diagnostics[0]
    assert "'plattform' is undefined" in diagnostic.message
    assert diagnostic.line == 2


def test_a_template_that_is_not_xml_is_a_template_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.svg.j2"
    path.write_text('<svg xmlns="http://www.w3.org/2000/svg"><g></svg>', encoding="utf-8")
    with pytest.raises(TemplateError, match="not well-formed XML"):
        render(path, allowed_roots=[tmp_path])


def test_the_minimal_template_in_the_readme_renders(tmp_path: Path) -> None:
    readme = (POSTERS / "README.md").read_text(encoding="utf-8")
    example = readme.split("```jinja\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "minimal.svg.j2"
    path.write_text(example, encoding="utf-8")
    outputs, _ = render(path, allowed_roots=[tmp_path], size="A3")
    text = svg_text(outputs["svg"])
    assert "Saman for Seljord" in text
    assert all(name in text for name, _ in VALUES)
    assert outputs["pdf"].startswith(b"%PDF-")


def test_a_template_can_place_a_qr_code(tmp_path: Path) -> None:
    path = tmp_path / "qr.svg.j2"
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" font-family="Carlito">'
        '{{ qr("https://www.mentimeter.com/app/presentation/abc", 20, 30, 40) }}</svg>',
        encoding="utf-8",
    )
    outputs, _ = render(path, allowed_roots=[tmp_path], size="A4")
    root = etree.fromstring(outputs["svg"])
    inner = [e for e in root.iter(f"{SVG}svg") if e is not root]
    assert len(inner) == 1
    assert [inner[0].get(a) for a in ("x", "y", "width", "height")] == ["20", "30", "40", "40"]
    assert inner[0].get("viewBox")


# --------------------------------------------------------------------------- hostile templates


def test_a_symlink_leak_in_the_template_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "leak.txt").symlink_to("/etc/passwd")
    path = tmp_path / "leak.svg.j2"
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" font-family="Carlito">\n'
        "<desc>{% include 'leak.txt' %}</desc></svg>",
        encoding="utf-8",
    )
    with pytest.raises(TemplateError) as caught:
        render(path, allowed_roots=[tmp_path])
    assert "root:" not in str(caught.value)
    assert "'leak.txt' is a symbolic link" in str(caught.value)
    assert caught.value.diagnostics[0].file == path


def test_a_runaway_range_is_a_template_error(tmp_path: Path) -> None:
    path = tmp_path / "loop.svg.j2"
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" font-family="Carlito">'
        "{% for i in range(10**9) %}<g/>{% endfor %}</svg>",
        encoding="utf-8",
    )
    with pytest.raises(TemplateError, match="MAX_RANGE"):
        render(path, allowed_roots=[tmp_path])


def test_helper_warnings_come_back_from_the_rendering_child(tmp_path: Path) -> None:
    path = tmp_path / "pale.svg.j2"
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" font-family="Carlito">'
        "{{ text_box(platform.vision, 20, 20, 200, 40, size=20, fill='#DDDDDD', "
        "on='#FFFFFF') }}</svg>",
        encoding="utf-8",
    )
    _, diagnostics = render(path, allowed_roots=[tmp_path])
    assert any("contrast" in d.message for d in diagnostics)
