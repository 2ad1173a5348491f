"""Small, real inputs that several test modules build on: a hand-made samling, a bare .docx."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tomllib
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from pipeline.model import types as m

SRC = m.SourcePos(file=Path("slides.md"), line=1)
DEFAULT_PPTX = Path(__file__).resolve().parents[1] / "templates" / "pptx" / "default.pptx"

# --------------------------------------------------------------------------- a hand-made day


def _slide(
    title: str, kind: str = "bullets", block: str = "", notes: str = "", **extra: object
) -> m.Slide:
    return m.Slide(title=title, kind=kind, block_id=block, notes=notes, source=SRC, **extra)  # type: ignore[arg-type]


def sample_bundle(malform: m.Malform = "nb", groups: int = 4) -> m.SamlingBundle:
    """A small samling 2, shaped like the seed deck, built without the loader."""
    program = m.Program(
        kommune="Seljord kommune",
        title="Lederutviklingsprogram",
        malform=malform,
        facilitators=["Kari Nordmann"],
        participants=24,
        samlinger=[
            m.SamlingInfo(
                number=2,
                date="23.05.23",
                place="Seljord samfunnshus",
                theme="Relasjonsorientert lederadferd",
                start="08:30",
                end="12:15",
            ),
            m.SamlingInfo(
                number=3, date="20.09.23", place="Seljord samfunnshus", theme="Lederplattform"
            ),
        ],
        network_groups=[m.NetworkGroup(name=f"Gruppe {i}") for i in range(1, groups + 1)],
        frame_slides=[
            m.FrameSlide(title="Slik skal vi jobbe sammen", notes="Minn om rammen."),
            m.FrameSlide(title="Lederplattform", notes="Vis hvor langt vi er kommet."),
            m.FrameSlide(title="10-FAKTOR", notes="Ti faktorer fra KS."),
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
            lead="Kari",
            materials=["Navnelapper"],
        ),
        m.AgendaBlock(
            id="relasjoner",
            start="09:00",
            end="09:30",
            kind="innslag",
            title="Relasjonsorientert ledelse",
            lead="Kari",
        ),
        m.AgendaBlock(id="pause-1", start="09:30", end="09:45", kind="pause"),
        m.AgendaBlock(
            id="trening",
            start="09:45",
            end="10:30",
            kind="gruppearbeid",
            title="Vi trener på tilbakemeldinger",
            lead="Ola",
        ),
        m.AgendaBlock(id="lunsj", start="10:30", end="11:15", kind="lunsj"),
        m.AgendaBlock(
            id="plattform",
            start="11:15",
            end="12:15",
            kind="gruppearbeid",
            title="Felles lederplattform",
            lead="Kari",
        ),
    ]
    samling = m.Samling(
        number=2,
        goals=["Forstå relasjonsorientert ledelse", "Trene på tilbakemeldinger"],
        agenda=agenda,
        mellomarbeid=["Eget utviklingsprosjekt", "Kjennetegn for god ledelse"],
        materials=["Flipover og tusjer"],
        polls={
            "ordsky": m.Poll(
                title="Vi lager en ordsky!", url="https://www.mentimeter.com/app/presentation/abc"
            )
        },
        images={
            "fugl": m.ImageRef(
                file="images/fugl.png",
                alt="En fugl på en gren",
                credit="Bildet er tatt av tdfugere fra Pixabay",
                license="Pixabay-lisens",
                source_url="https://pixabay.com/no/users/tdfugere",
            )
        },
        references=[
            "Spurkeland, J. (2005). Relasjonskompetanse. Universitetsforlaget.",
            "Erlien, M. (2006). Kommunikasjon. Fagbokforlaget.",
            "Øvrebø, A. (2020). Ledelse i kommunen. Cappelen Damm.",
        ],
    )
    duo = m.Exercise(
        id="duo",
        title="Hva har du vært opptatt av siden sist?",
        block="velkommen",
        method="duo",
        group_size=2,
        steps=[m.Step(text="Snakk sammen i duoer", mode="duo", minutes=7)],
        instructions=["Finn en du ikke satt med sist."],
    )
    reflection = m.Exercise(
        id="god-leder",
        title="De gode eksempler fra praksis",
        block="relasjoner",
        method="igp",
        steps=[
            m.Step(text="Individuell refleksjon", mode="individuelt", minutes=3),
            m.Step(text="Rekkeframlegg", mode="gruppe", minutes=15),
            m.Step(text="Blir enige om fellestrekk", mode="plenum", minutes=3),
        ],
        deliverable="Felles kjennetegn fra hver gruppe",
        materials=["Post-it-lapper"],
        worksheet=m.Worksheet(
            title="Refleksjon: en god leder",
            prompts=[
                m.WorksheetPrompt(text="Hva gjorde vedkommende?", lines=5),
                m.WorksheetPrompt(text="Hvordan påvirket det deg?", lines=4),
            ],
        ),
    )
    feedback = m.Exercise(
        id="tilbakemelding",
        title="Vi øver på tilbakemeldinger i grupper",
        block="trening",
        method="rollespel",
        group_size=3,
        rotate_roles=True,
        roles=[
            m.Role(
                name="Tilbakemelder",
                description="gir tilbakemelding",
                picked_by="den som er nærmest 40 år",
            ),
            m.Role(
                name="Mottaker", description="tar imot", picked_by="den som er lengst unna 40 år"
            ),
            m.Role(name="Observatør", description="observerer", picked_by="den med mørkest hår"),
        ],
        steps=[
            m.Step(text="Individuelt – finn situasjon", mode="individuelt", minutes=2),
            m.Step(text="Tren", mode="gruppe", minutes=5),
            m.Step(text="Gi tilbakemelding og drøft", mode="gruppe", minutes=5),
        ],
        deliverable="Alle har gitt én tilbakemelding",
        worksheet=m.Worksheet(
            title="Observatørskjema",
            layout="observer",
            prompts=[
                m.WorksheetPrompt(text="Hva var bra, og hvorfor?", lines=4),
                m.WorksheetPrompt(text="Hva kan trenes mer på?", lines=4),
            ],
        ),
    )
    diamond = m.Exercise(
        id="diamant",
        title="Sorter i diamant",
        block="plattform",
        method="diamant",
        steps=[m.Step(text="Bli enige om 9 verdier og prioriter dem", mode="gruppe", minutes=20)],
        worksheet=m.Worksheet(title="Verdidiamanten", layout="diamond"),
    )
    listening = m.Exercise(
        id="lytting",
        title="Hvilket lyttenivå er jeg mest på?",
        block="plattform",
        method="refleksjon",
        steps=[m.Step(text="Kryss av", mode="individuelt", minutes=4)],
        worksheet=m.Worksheet(
            title="Lytting i min hverdag",
            layout="listening",
            prompts=[m.WorksheetPrompt(text="Når lytter du distrahert?", lines=3)],
        ),
    )
    exercises = [duo, reflection, feedback, diamond, listening]
    slides = [
        _slide("", "title", "velkommen"),
        _slide("", "frame", "velkommen"),
        _slide("", "agenda", "velkommen", notes="Gå gjennom dagen."),
        _slide("Hva har du vært opptatt av?", "exercise", "velkommen", exercise=duo),
        _slide(
            "Relasjoner i ledelse",
            "section",
            "relasjoner",
            notes="Relasjoner er det viktigste innsatsområdet for ledelse.",
        ),
        _slide(
            "Relasjonskompetanse",
            "quote",
            "relasjoner",
            attrs={"source": "Spurkeland (2005: 17)"},
            blocks=[m.Quote(text="Ferdigheter, evner ...", source="Spurkeland (2005: 17)")],
            notes="Les definisjonen høyt.\nSpør: hva betyr *reparerer*?",
        ),
        _slide("Refleksjon", "exercise", "relasjoner", exercise=reflection),
        _slide("", "pause", "pause-1", agenda_block=agenda[2]),
        _slide("Tilbakemeldinger", "section", "trening"),
        _slide(
            "Kommunikasjon",
            "bullets",
            "trening",
            blocks=[m.Image(ref="fugl", image=samling.images["fugl"])],
            notes="**Nøkkel:** 55 % er kroppsspråk.",
        ),
        _slide("Vi øver", "exercise", "trening", exercise=feedback),
        _slide("", "lunsj", "lunsj", agenda_block=agenda[4]),
        _slide("Verdier", "bullets", "plattform", notes="Verdier er veivisere."),
        _slide("Vi lager en ordsky!", "poll", "plattform", poll=samling.polls["ordsky"]),
        _slide("Sorter i diamant", "exercise", "plattform", exercise=diamond),
        _slide("Lytting", "exercise", "plattform", exercise=listening),
        _slide("", "closing", "plattform"),
    ]
    return m.SamlingBundle(
        program=program,
        info=program.samlinger[0],
        samling=samling,
        exercises=exercises,
        slides=slides,
        next_samling=program.samlinger[1],
    )


# --------------------------------------------------------------------------- helpers


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# The seven paragraph styles LibreOffice writes into a .docx it saves from a new document.
LIBREOFFICE_STYLES = (
    "Normal",
    "Heading",
    "Text Body",
    "List",
    "Caption",
    "Index",
    "Preformatted Text",
)


def long_sheet_bundle() -> m.SamlingBundle:
    """The sample with the god-leder exercise's worksheet too long for one page (48 lines)."""
    bundle = sample_bundle()
    long_sheet = m.Worksheet(
        title="Altfor lang",
        prompts=[m.WorksheetPrompt(text=f"Spørsmål {i}", lines=12) for i in range(4)],
    )
    exercises = [
        e.model_copy(update={"worksheet": long_sheet}) if e.id == "god-leder" else e
        for e in bundle.exercises
    ]
    return bundle.model_copy(update={"exercises": exercises})


def minimal_docx(path: Path, header: str = "", page: tuple[int, int] = (11906, 16838)) -> Path:
    """A .docx written by hand the way LibreOffice saves one: no numbering, seven styles."""
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="{name.replace(" ", "")}">'
        f'<w:name w:val="{name}"/>'
        + ('<w:basedOn w:val="Normal"/>' if name != "Normal" else "")
        + ('<w:rPr><w:sz w:val="28"/></w:rPr>' if name == "Heading" else "")
        + "</w:style>"
        for name in LIBREOFFICE_STYLES
    )
    styles_xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W}">'
        '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Liberation Serif" '
        'w:hAnsi="Liberation Serif"/><w:sz w:val="24"/><w:lang w:val="en-US"/></w:rPr>'
        f"</w:rPrDefault></w:docDefaults>{styles}</w:styles>"
    )
    header_ref = '<w:headerReference w:type="default" r:id="rId2"/>' if header else ""
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        "<w:body><w:p><w:r><w:t>Example text from the designer</w:t></w:r></w:p>"
        f'<w:sectPr>{header_ref}<w:pgSz w:w="{page[0]}" w:h="{page[1]}"/>'
        '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="0" '
        'w:footer="0" w:gutter="0"/></w:sectPr></w:body></w:document>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
        '//schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
        'Target="styles.xml"/>'
        + (
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/header" Target="header1.xml"/>'
            if header
            else ""
        )
        + "</Relationships>"
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
        'org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
        'document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
        + (
            '<Override PartName="/word/header1.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.wordprocessingml.header+xml"/>'
            if header
            else ""
        )
        + "</Types>"
    )
    package_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
        '//schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", package_rels)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/styles.xml", styles_xml)
        archive.writestr("word/_rels/document.xml.rels", rels)
        if header:
            archive.writestr(
                "word/header1.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><w:hdr xmlns:w="{W}"><w:p><w:r>'
                f"<w:t>{header}</w:t></w:r></w:p></w:hdr>",
            )
    return path


# ------------------------------------------------------------- template twins (.potx/.dotx/.dotm)

_MAIN_TYPES = {
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ".potx": "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ".dotx": "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    ".dotm": "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}
_VBA_REL = (
    '<Relationship Id="rIdVba1" Type="http://schemas.microsoft.com/office/2006/relationships/'
    'vbaProject" Target="vbaProject.bin"/></Relationships>'
)


def as_template(source: Path, target: Path) -> Path:
    """Save a shipped .pptx/.docx as its template twin, named by `target`'s suffix.

    Only the main part's content type changes, as when PowerPoint or Word saves a template;
    a .dotm also gets a (harmless) vbaProject.bin part, its content type and relationship.
    """
    with zipfile.ZipFile(source) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    types = parts["[Content_Types].xml"].decode()
    assert _MAIN_TYPES[source.suffix] in types
    types = types.replace(_MAIN_TYPES[source.suffix], _MAIN_TYPES[target.suffix])
    if target.suffix == ".dotm":
        types = types.replace(
            "</Types>",
            '<Override PartName="/word/vbaProject.bin" '
            'ContentType="application/vnd.ms-office.vbaProject"/></Types>',
        )
        parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 not a real macro"
        rels = parts["word/_rels/document.xml.rels"].decode()
        parts["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", _VBA_REL).encode()
    parts["[Content_Types].xml"] = types.encode()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return target


def retheme_pptx(source: Path, folder: Path, font: str) -> Path:
    """A copy of the .pptx `source` whose theme uses `font` where it names Calibri: a
    designer's template with a brand font that may not be installed."""
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(folder / f"{font}.pptx", "w") as out:
        for info in archive.infolist():
            body = archive.read(info.filename)
            if info.filename == "ppt/theme/theme1.xml":
                body = body.replace(b'typeface="Calibri"', f'typeface="{font}"'.encode())
            out.writestr(info, body)
    return folder / f"{font}.pptx"


def libreoffice_resave(source: Path, to: str, folder: Path) -> Path:
    """`source` opened and saved as `to` (pptx, docx …) by a real LibreOffice, with a profile
    of its own in `folder`, as a user's office program would leave it. Tests that call it skip
    when soffice is missing."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice is not None, "skip this test when LibreOffice is not installed"
    out = folder / "resaved"
    subprocess.run(
        [soffice, f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}", "--headless",
         "--convert-to", to, "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    return out / f"{source.stem}.{to}"


# ------------------------------------------------------------- a designer's Word template


def designer_docx(
    path: Path,
    *,
    heading_break: bool = False,
    justified: bool = False,
    letter: bool = False,
    line_numbers: bool = False,
    columns: int = 1,
    font: str | None = None,
) -> Path:
    """A real Word template made with python-docx: its default styles (Heading 1, 2, ...,
    without samling's Table Heading, Meta, Prompt, Write-in), plus what designers' templates
    do: Heading 1 starting a page, justified double-spaced body text, Letter paper, line
    numbers, text columns, a body font of their own."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    doc = Document()
    doc.add_paragraph("Example text from the designer")
    if font:  # the body font, as a designer names it: it need not be installed
        doc.styles["Normal"].font.name = font
    if heading_break:
        doc.styles["Heading 1"].paragraph_format.page_break_before = True
    if justified:
        normal = doc.styles["Normal"].paragraph_format
        normal.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        normal.line_spacing = 2.0
    section = doc.sections[-1]
    section.page_width, section.page_height = (
        (Cm(21.59), Cm(27.94)) if letter else (Cm(21.0), Cm(29.7))
    )
    sectpr = section._sectPr
    if line_numbers:
        numbering = OxmlElement("w:lnNumType")
        numbering.set(qn("w:countBy"), "1")
        numbering.set(qn("w:restart"), "newPage")
        sectpr.find(qn("w:pgMar")).addnext(numbering)
    if columns > 1:
        cols = sectpr.find(qn("w:cols"))
        cols.set(qn("w:num"), str(columns))
    doc.save(str(path))
    return path


# ------------------------------------------------------------- a photo behind the text


def photo_image(path: Path, kind: str = "dark", size: tuple[int, int] = (320, 180)) -> Path:
    """A PNG standing in for a designer's photo: `dark` (near-black with a little texture, as
    a night photo) or `stripes` (broad black and white bands, a photo too busy for any one text
    colour)."""
    from PIL import Image

    image = Image.new("RGB", size)
    for y in range(size[1]):
        for x in range(size[0]):
            if kind == "stripes":
                value = 250 if (x // 20) % 2 == 0 else 8
                image.putpixel((x, y), (value, value, value))
            else:
                image.putpixel((x, y), (10 + (x * 7 + y * 3) % 14, 14 + (x + y) % 9, 18))
    image.save(path)
    return path


def photo_section_pptx(folder: Path, kind: str = "dark", text: str = "1F5F66") -> Path:
    """The shipped template whose section layout ("Section Header") has a full-bleed photo
    background (`photo_image`) and dark teal text in its title and text placeholders, as a
    designer's section layout that was drawn for a light slide."""
    from pptx import Presentation

    prs = Presentation(str(DEFAULT_PPTX))
    layout = next(lay for lay in prs.slide_layouts if lay.name == "Section Header")
    photo = photo_image(folder / f"photo-{kind}.png", kind)
    _, rid = layout.part.get_or_add_image_part(str(photo))
    p = "http://schemas.openxmlformats.org/presentationml/2006/main"
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    c_sld = layout._element.find(f"{{{p}}}cSld")
    old = c_sld.find(f"{{{p}}}bg")
    if old is not None:
        c_sld.remove(old)
    c_sld.insert(
        0,
        etree.fromstring(
            f'<p:bg xmlns:p="{p}" xmlns:a="{a}" xmlns:r="{r}"><p:bgPr>'
            f'<a:blipFill dpi="0" rotWithShape="1"><a:blip r:embed="{rid}"/><a:srcRect/>'
            f"<a:stretch><a:fillRect/></a:stretch></a:blipFill><a:effectLst/></p:bgPr></p:bg>"
        ),
    )
    for sp in layout.placeholders:
        body = sp._element.find(f"{{{p}}}txBody")
        if body is None:
            continue
        lst = body.find(f"{{{a}}}lstStyle")
        if lst is None:
            lst = etree.SubElement(body, f"{{{a}}}lstStyle")
            body.remove(lst)
            body.insert(1, lst)
        for child in list(lst):
            lst.remove(child)
        lst.append(
            etree.fromstring(
                f'<a:lvl1pPr xmlns:a="{a}"><a:defRPr><a:solidFill><a:srgbClr val="{text}"/>'
                f"</a:solidFill></a:defRPr></a:lvl1pPr>"
            )
        )
    path = folder / f"photo-section-{kind}.pptx"
    prs.save(str(path))
    return path


# ------------------------------------------------------------- a 4:3 deck, a long programme


def four_by_three(tmp_path: Path) -> Path:
    """The default template at 4:3, its master and layouts narrowed with it (as PowerPoint's
    "Slide Size" does; python-pptx leaves them at 16:9 widths, off the slide)."""
    factor = 9144000 / 12192000
    out = tmp_path / "4x3.pptx"
    with zipfile.ZipFile(DEFAULT_PPTX) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "ppt/presentation.xml":
                data = data.replace(b'<p:sldSz cx="12192000"', b'<p:sldSz cx="9144000"')
            elif re.match(
                r"ppt/slide(Master|Layout)s/slide(Master|Layout)\d+\.xml$", info.filename
            ):
                for attr in (b"x", b"cx"):
                    data = re.sub(
                        rb" " + attr + rb'="(\d+)"',
                        lambda found, a=attr: b' %s="%d"' % (a, int(int(found[1]) * factor)),
                        data,
                    )
            zout.writestr(info, data)
    return out


def long_day(malform: m.Malform = "nn") -> m.SamlingBundle:
    """A samling with fourteen blocks on its agenda slide, some with long topics."""
    bundle = sample_bundle(malform)
    times = [f"{8 + q // 4:02d}:{q % 4 * 15:02d}" for q in range(0, 30, 2)]
    agenda = [
        m.AgendaBlock(
            id=f"b{i}",
            start=start,
            end=end,
            kind="pause" if i % 4 == 3 else "gruppearbeid",
            title=f"Blokk {i}: samtale om relasjonar i leiing",
            topics=["Kjenneteikn på god leiing", "Kva betyr det for oss?"] if i % 3 == 0 else [],
        )
        for i, (start, end) in enumerate(zip(times, times[1:], strict=False))
    ]
    samling = bundle.samling.model_copy(update={"agenda": agenda})
    slides = [_slide("", kind="agenda")]
    return bundle.model_copy(update={"samling": samling, "slides": slides})


# ------------------------------------------------------------------ words broken in a PDF

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_XHTML = "{http://www.w3.org/1999/xhtml}"
PUNCTUATION = ".,:;!?«»\"'()[]…“”’*"


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARTS = {
    ".pptx": (r"ppt/slides/slide\d+\.xml", _A),
    ".docx": (r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml", _W),
}


def source_words(built: Path) -> tuple[set[str], list[str]]:
    """Every word of a built deck's slides or a built Word document's text (lower case,
    without punctuation), and the web addresses among them."""
    words: set[str] = set()
    pattern, ns = _PARTS[built.suffix]
    with zipfile.ZipFile(built) as archive:
        for name in archive.namelist():
            if re.fullmatch(pattern, name):
                root = etree.fromstring(archive.read(name))
                for p in root.iter(f"{ns}p"):
                    text = "".join(t.text or "" for t in p.iter(f"{ns}t"))
                    words.update(normal(w) for w in text.split())
    return words, [w for w in words if "://" in w or w.startswith("www.")]


def normal(word: str) -> str:
    return word.strip(PUNCTUATION).lower()


def pdf_lines(pdf: Path) -> Iterator[tuple[int, list[list[str]]]]:
    """(page number, the words of each line of one text flow), as poppler reads the PDF."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout
    root = etree.fromstring(out)
    for number, page in enumerate(root.iter(f"{_XHTML}page"), 1):
        for flow in page.iter(f"{_XHTML}flow"):
            lines = [
                [w.text or "" for w in line.iter(f"{_XHTML}word")]
                for line in flow.iter(f"{_XHTML}line")
            ]
            yield number, [line for line in lines if line]


def broken_words(built: Path, pdf: Path) -> list[str]:
    words, addresses = source_words(built)
    return breaks(pdf_lines(pdf), words, addresses)


def breaks(
    pages: Iterable[tuple[int, list[list[str]]]], words: set[str], addresses: list[str]
) -> list[str]:
    """Each 'page N: Piece|rest' where a line ends with a piece that is no whole word of the
    deck and the next line starts with the rest. A break at a real hyphen or slash, or at a
    soft hyphen the document set there, is fine,
    and web addresses may break (they are set so on purpose)."""
    found = []
    for page, lines in pages:
        for line, following in zip(lines, lines[1:], strict=False):
            last, first = line[-1], following[0]
            if normal(last) in words:
                continue
            joined = normal(last + first)
            hyphen_added = normal(last.rstrip("-\u00ad") + first)
            at_real_hyphen = last.endswith(("-", "/", "–")) and joined in words
            at_real_hyphen |= last.endswith("-") and normal(f"{last[:-1]}\u00ad{first}") in words
            if any(joined in address for address in addresses):
                continue
            if (joined in words or hyphen_added in words) and not at_real_hyphen:
                found.append(f"page {page}: {last}|{first}")
    return found


# ------------------------------------------------------------- a designer's artwork layouts

_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _layout_placeholder(shape_id: int, kind: str, idx: int, box: tuple[int, int, int, int]) -> str:
    x, y, cx, cy = box
    return (
        f'<p:sp xmlns:p="{_P}" xmlns:a="{_A}"><p:nvSpPr><p:cNvPr id="{shape_id}" '
        f'name="{kind} {idx}"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>'
        f'<p:ph type="{kind}" idx="{idx}"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm>'
        f'<a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm></p:spPr>'
        f"<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr/></a:p></p:txBody></p:sp>"
    )


def artwork_pptx(source: Path, target: Path) -> Path:
    """The default template with a designer's cover and section layouts that have no title
    placeholders: “Forside” is a full-bleed picture placeholder, a big text box and a tiny
    header label; “Skilleark” is a dark fill and a big text box."""
    from lxml import etree
    from pptx import Presentation

    prs = Presentation(str(source))
    width, height = int(prs.slide_width or 0), int(prs.slide_height or 0)
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    cover, section = layouts["Title Slide"], layouts["Section Header"]
    for layout, name in ((cover, "Forside"), (section, "Skilleark")):
        layout.name = name
        tree = layout._element.cSld.spTree
        for shape in list(layout.placeholders):
            if shape.placeholder_format.idx in (0, 1):
                tree.remove(shape._element)
    big = (int(width * 0.08), int(height * 0.55), int(width * 0.6), int(height * 0.2))
    cover_tree = cover._element.cSld.spTree
    cover_tree.append(etree.fromstring(_layout_placeholder(20, "pic", 10, (0, 0, width, height))))
    cover_tree.append(etree.fromstring(_layout_placeholder(21, "body", 13, big)))
    label = (int(width * 0.08), int(height * 0.05), int(width * 0.12), int(height * 0.04))
    cover_tree.append(etree.fromstring(_layout_placeholder(22, "body", 14, label)))
    section_tree = section._element.cSld.spTree
    section_tree.append(etree.fromstring(_layout_placeholder(23, "body", 13, big)))
    background = etree.fromstring(
        f'<p:bg xmlns:p="{_P}" xmlns:a="{_A}"><p:bgPr><a:solidFill><a:srgbClr val="1A1A2E"/>'
        "</a:solidFill><a:effectLst/></p:bgPr></p:bg>"
    )
    for old in section._element.cSld.findall(f"{{{_P}}}bg"):
        section._element.cSld.remove(old)
    section._element.cSld.insert(0, background)
    prs.save(str(target))
    return target


# ------------------------------------------------------------------ real public templates

REAL_SOURCES = Path(__file__).resolve().parent / "fixtures" / "real-templates" / "sources.toml"


def real_template_folder() -> Path:
    """Where the real public templates of sources.toml are: $SAMLING_REAL_TEMPLATES, else the
    steering repository's shared/real-templates/ beside this clone (or at its place on the
    development machines). They are reference data, kept out of this repository's commits."""
    if os.environ.get("SAMLING_REAL_TEMPLATES"):
        return Path(os.environ["SAMLING_REAL_TEMPLATES"])
    beside = Path(__file__).resolve().parents[2] / "shared" / "real-templates"
    for candidate in (beside, Path("/work/shared/real-templates")):
        if candidate.is_dir():
            return candidate
    return beside


def real_sources() -> list[dict[str, Any]]:
    """The entries of tests/fixtures/real-templates/sources.toml."""
    with REAL_SOURCES.open("rb") as handle:
        return list(tomllib.load(handle)["template"])


def real_templates(kind: str) -> list[Any]:
    """pytest params, one per real template of `kind` ("pptx" or "docx"): its path when the
    file is there with the listed sha256, else a skip that says which file and where it
    comes from."""
    import pytest

    folder = real_template_folder()
    params = []
    for entry in real_sources():
        if not entry["file"].startswith(f"{kind}/"):
            continue
        path = folder / entry["file"]
        name = Path(entry["file"]).name
        if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]:
            params.append(pytest.param(path, id=name))
            continue
        why = "is not" if not path.is_file() else "differs from the listed sha256"
        reason = (
            f"{entry['file']} {why} in {folder}: it is {entry['path']} of the GitHub repository "
            f"{entry['repo']} at commit {entry['commit']} (see {REAL_SOURCES.name})"
        )
        params.append(pytest.param(path, id=name, marks=pytest.mark.skip(reason=reason)))
    return params


def expect_known_failure(
    request: Any, known: dict[tuple[str, str], str], key: tuple[str, str]
) -> None:
    """Mark a known failure (a template and a check, in the test module's table) as a strict
    xfail: it must fail until it is fixed, and then its entry goes."""
    import pytest

    reason = known.get(key)
    if reason:
        request.node.add_marker(pytest.mark.xfail(strict=True, reason=reason))
