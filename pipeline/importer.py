"""`samling import deck.pptx`: an existing deck becomes a new samling's slides.md and images/.

The deck is untrusted: it passes the same guard as a designer's template (zip bombs, DOCTYPEs,
outside links and macros), and nothing in it is fetched or run. Titles, bullets with their
levels, paragraphs, bold and italic, speaker notes, tables and pictures with their alt text
are imported; everything else is listed with its slide number, never dropped silently.

A deck that samling built itself comes back as content that builds to the same text: image
credits return to samling.yaml from the notes, and the agenda table becomes the agenda.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.content.load import read_program
from pipeline.content.read_text import MAX_SLIDES_BYTES
from pipeline.errors import ContentError, Diagnostic, Report, TemplateError
from pipeline.import_markdown import (
    Written,
    escape_inline,
    inline_text,
    notes_lines,
    paragraph_lines,
    title_line,
)
from pipeline.model import types as model
from pipeline.model.words import word
from pipeline.ooxml.deck_read import (
    DeckReadError,
    PictureShape,
    SlideRead,
    TableShape,
    TextPara,
    TextRun,
    TextShape,
    read_deck,
)
from pipeline.ooxml.guard import guard_office_template
from pipeline.outputs import write_atomic
from pipeline.project import samling_dir
from pipeline.render.deck.kinds.pictures import credit_text

# Pictures PowerPoint, Word and CairoSVG all show, by content type; BMP and TIFF are turned
# into PNG, other kinds (EMF, WMF, SVG without a fallback) are reported.
_KEEP = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif"}
_CONVERT = {"image/bmp", "image/x-ms-bmp", "image/tiff"}
MAX_PICTURES = 500
_CLOCK_SPAN = re.compile(r"^\s*(\d{1,2}[:.]\d{2})\s*[–-]\s*(\d{1,2}[:.]\d{2})\s*$")
DEFAULT_DAY = ("08:30", "15:00")


@dataclass
class ImportResult:
    number: int
    folder: Path
    written: list[Path] = field(default_factory=list)
    not_imported: list[str] = field(default_factory=list)  # "slide 4: a chart «Diagram 3»"
    next_steps: list[str] = field(default_factory=list)


@dataclass
class _Picture:
    file: str  # images/bilde-….png
    data: bytes
    alt: str
    credit: str = ""
    license: str = ""
    source_url: str = ""


@dataclass
class _Agenda:
    blocks: list[dict[str, object]]
    theme: str = ""
    mellomarbeid: list[str] = field(default_factory=list)


@dataclass
class _State:
    malform: model.Malform
    pictures: dict[str, _Picture] = field(default_factory=dict)  # by file
    agenda: _Agenda | None = None
    lost: list[str] = field(default_factory=list)
    # Credits taken back from a samling-built slide, by the picture shape's id().
    credits: dict[int, tuple[str, str, str]] = field(default_factory=dict)

    def lose(self, slide: SlideRead, what: str) -> None:
        self.lost.append(f"slide {slide.number}: {what}")


# --------------------------------------------------------------------------- entry


def import_deck(
    deck: Path, content_root: Path, number: int | None = None, out: Path | None = None
) -> ImportResult:
    """Import `deck` into a new samling folder; raise ContentError if it cannot be done."""
    report = Report()
    program = (
        read_program(content_root, report) if (content_root / "program.yaml").is_file() else None
    )
    number, folder = _target(content_root, number, out, program)
    slides_md = folder / "slides.md"
    if slides_md.exists():
        raise ContentError(
            [
                Diagnostic(
                    "error",
                    f"{slides_md.name} exists already in {folder.name}; samling import never "
                    "overwrites content",
                    file=slides_md,
                    hint="import into a new samling with --samling N, or move the folder away "
                    "first",
                )
            ]
        )
    guarded_warnings, slides = _read(deck)
    state = _State(program.malform if program is not None else "nb")
    chunks = [f"<!-- Imported by samling import from {_comment_safe(deck.name)} -->"]
    for slide in slides:
        chunk = _slide(slide, state)
        if chunk:
            chunks.append(chunk)
    text = "\n\n".join(chunks) + "\n"
    if len(text.encode("utf-8")) > MAX_SLIDES_BYTES:
        raise ContentError(
            [Diagnostic("error", "the deck has more text than slides.md may hold", file=deck)]
        )
    result = ImportResult(number, folder)
    result.not_imported = [d.message for d in guarded_warnings] + state.lost
    info = program.samling_info(number) if program is not None else None
    _write(result, state, text, info)
    _next_steps(result, program, info, state)
    return result


def _comment_safe(name: str) -> str:
    return name.replace("--", "- -")


def _target(
    content_root: Path, number: int | None, out: Path | None, program: model.Program | None
) -> tuple[int, Path]:
    """The samling's number and folder: --samling, else the number in --out's name, else the
    first number after every samling there is."""
    if number is None and out is not None:
        found = re.fullmatch(r"samling-0*(\d{1,2})", out.name)
        if found is None:
            raise ContentError(
                [
                    Diagnostic(
                        "error",
                        f"the folder name {out.name!r} does not say which samling it is",
                        file=out,
                        hint="name it samling-NN (like samling-04), or give --samling N",
                    )
                ]
            )
        number = int(found.group(1))
    if number is None:
        listed = [s.number for s in program.samlinger] if program is not None else []
        present = [int(p.name[8:]) for p in content_root.glob("samling-[0-9][0-9]")]
        number = max([*listed, *present, 0]) + 1
    return number, out if out is not None else samling_dir(content_root, number)


def _read(deck: Path) -> tuple[list[Diagnostic], list[SlideRead]]:
    if deck.suffix.lower() not in (".pptx", ".pptm", ".potx"):
        raise ContentError(
            [
                Diagnostic(
                    "error",
                    "samling imports PowerPoint decks saved as .pptx",
                    file=deck,
                    hint="open it in PowerPoint or LibreOffice and save it as .pptx "
                    "(or: soffice --headless --convert-to pptx FILE)",
                )
            ]
        )
    try:
        guarded = guard_office_template(deck)
    except TemplateError as exc:
        raise ContentError([_as_deck(d) for d in exc.diagnostics]) from None
    try:
        return [_as_deck(d) for d in guarded.warnings], read_deck(guarded.data)
    except DeckReadError as exc:
        raise ContentError(
            [
                Diagnostic(
                    "error",
                    f"the deck cannot be read as a presentation ({exc})",
                    file=deck,
                    hint="open it in PowerPoint and save it again as .pptx",
                )
            ]
        ) from None


def _as_deck(diagnostic: Diagnostic) -> Diagnostic:
    """The guard speaks of templates; here the file is a deck."""

    def deck_words(text: str) -> str:
        return re.sub(r"\btemplate\b", "deck", text)

    return Diagnostic(
        diagnostic.severity,
        deck_words(diagnostic.message),
        file=diagnostic.file,
        hint=deck_words(diagnostic.hint),
    )


# --------------------------------------------------------------------------- one slide


def _slide(slide: SlideRead, state: _State) -> str:
    """The slide as slides.md text: heading, body and notes; "" for an empty slide."""
    for what in slide.skipped:
        state.lose(slide, what)
    if slide.hidden:
        state.lose(slide, "it is hidden in the deck; it was imported as a slide that is shown")
    notes = list(slide.notes)
    shapes = _recover_credits(slide, notes, state)
    title = _written(inline_text(slide.title), slide, state)
    notes_text = _written(notes_lines(notes), slide, state)
    _report_links(slide, state)
    if not title and not shapes and not notes_text:
        state.lose(slide, "it is empty")
        return ""
    if not title:
        title = f"{word('slide_cap', state.malform)} {slide.number}"
        state.lose(slide, f"it has no title; it is called «{title}» now (every slide needs one)")
    agenda = _agenda_slide(slide, shapes, state)
    if agenda is not None:
        lines = [title_line(2, title, ".agenda")]
    elif not shapes:
        lines = [title_line(1, title)]
    else:
        lines = [title_line(2, title), "", *_body(slide, shapes, state)]
    if notes_text:
        lines += ["", "::: notes", notes_text, ":::"]
    return "\n".join(lines)


def _written(written: Written, slide: SlideRead, state: _State) -> str:
    for what in written.lost:
        state.lose(slide, what)
    return written.text


def _report_links(slide: SlideRead, state: _State) -> None:
    paras = [*slide.title, *slide.notes]
    for shape in slide.shapes:
        if isinstance(shape, TextShape):
            paras += shape.paras
        elif isinstance(shape, TableShape):
            paras += [p for row in shape.rows for cell in row for p in cell]
    for para in paras:
        for run in para.runs:
            if run.link and run.link.strip() != run.text.strip():
                state.lose(slide, f"the link on «{run.text.strip()}» to {run.link}")


def _body(
    slide: SlideRead, shapes: list[TextShape | TableShape | PictureShape], state: _State
) -> list[str]:
    lines: list[str] = []
    last = ""
    number = 0
    deep = False

    def block(kind: str) -> None:
        nonlocal last
        if lines and (kind != last or kind == "para"):
            lines.append("")
        last = kind

    for shape in shapes:
        if isinstance(shape, PictureShape):
            file = _picture(slide, shape, state)
            if file:
                block("picture")
                lines.append(f"![]({file})")
            continue
        if isinstance(shape, TableShape):
            block("bullets")
            for row in shape.rows:
                cells = [_written(inline_text(cell), slide, state) for cell in row]
                if any(cells):
                    lines.append("- " + " · ".join(c for c in cells if c))
            state.lose(
                slide,
                f"the table «{shape.name}» became a list, a line per row (slides.md has no tables)",
            )
            last = "table"
            continue
        for para in shape.paras:
            if not para.text.strip():
                continue
            deep = deep or para.level > 1
            if para.bullet == "none":
                block("para")
                lines.append(_written(paragraph_lines(para), slide, state))
                continue
            kind = "bullets" if para.bullet == "bullet" else "numbered"
            if kind == "numbered" and last != "numbered":
                number = 0
            block(kind)
            item = _written(inline_text([para]), slide, state)
            if para.level > 0:
                lines.append(f"  - {item}")
            elif kind == "numbered":
                number += 1
                lines.append(f"{number}. {item}")
            else:
                lines.append(f"- {item}")
        last = "shape-end" if last == "para" else last
    if deep:
        state.lose(slide, "list levels below the second (they are on the second level now)")
    return lines


# --------------------------------------------------------------------------- pictures


def _picture(slide: SlideRead, shape: PictureShape, state: _State) -> str:
    """The picture's file under images/, stored once per content; "" if it cannot be used."""
    data, suffix = _usable_picture(shape)
    if suffix is None:
        state.lose(slide, f"the picture «{shape.name}» ({shape.content_type}): {data.decode()}")
        return ""
    digest = hashlib.sha256(data).hexdigest()[:12]
    file = f"images/bilde-{digest}{suffix}"
    if file not in state.pictures:
        if len(state.pictures) >= MAX_PICTURES:
            state.lose(slide, f"the picture «{shape.name}»: more than {MAX_PICTURES} pictures")
            return ""
        state.pictures[file] = _Picture(file, data, shape.alt)
    picture = state.pictures[file]
    picture.alt = picture.alt or shape.alt
    if id(shape) in state.credits and not picture.credit:
        picture.credit, picture.license, picture.source_url = state.credits[id(shape)]
    if not shape.alt:
        state.lose(
            slide,
            f"the alt text of the picture «{shape.name}»: it has none; write it "
            f"in samling.yaml under images: bilde-{digest}: alt:",
        )
    if shape.cropped:
        state.lose(slide, f"the crop of the picture «{shape.name}»: the whole picture is used")
    return file


def _usable_picture(shape: PictureShape) -> tuple[bytes, str | None]:
    """The picture as PNG, JPEG or GIF bytes and its suffix, or why not (and None)."""
    from PIL import Image, UnidentifiedImageError

    kind = shape.content_type.lower()
    if kind not in _KEEP and kind not in _CONVERT:
        return b"samling uses PNG, JPEG and GIF pictures; save it as PNG and add it", None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(shape.data)) as picture:
                picture.verify()
            if kind in _KEEP:
                return shape.data, _KEEP[kind]
            with Image.open(io.BytesIO(shape.data)) as picture:
                buffer = io.BytesIO()
                picture.save(buffer, format="PNG")
                return buffer.getvalue(), ".png"
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return b"it has far more pixels than a slide can show", None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return b"it is damaged", None


def _recover_credits(
    slide: SlideRead, notes: list[TextPara], state: _State
) -> list[TextShape | TableShape | PictureShape]:
    """A deck built by samling keeps each picture's credit in the notes and under the picture:
    take them back into the picture's entry, so the rebuilt slide shows them once."""
    pictures = [s for s in slide.shapes if isinstance(s, PictureShape)]
    if not pictures:
        return list(slide.shapes)
    groups = _credit_groups([p.text for p in notes])[-len(pictures) :]
    shapes = list(slide.shapes)
    drop: set[int] = set()
    for shape, (indices, credit, license, source) in zip(pictures, groups, strict=False):
        shown = credit_text(model.ImageRef(file="-", alt="-", credit=credit, license=license))
        caption = next(
            (
                s
                for s in shapes
                if isinstance(s, TextShape) and not s.role and shown and s_text(s) == shown
            ),
            None,
        )
        if shown and caption is None:
            continue
        if caption is not None:
            shapes.remove(caption)
        drop.update(indices)
        state.credits[id(shape)] = (credit, license, source)
    notes[:] = [p for i, p in enumerate(notes) if i not in drop]
    return shapes


def s_text(shape: TextShape) -> str:
    return " ".join(p.text.strip() for p in shape.paras if p.text.strip())


def _credit_groups(lines: list[str]) -> list[tuple[list[int], str, str, str]]:
    """The credit lines samling writes in the notes: "Bildekreditering: …", then optionally
    "Lisens: …" and "Kilde: …" (or "Kjelde: …")."""
    heads = tuple(f"{word('image_credits', m)}: " for m in ("nn", "nb"))
    groups = []
    index = 0
    while index < len(lines):
        line = lines[index]
        head = next((h for h in heads if line.startswith(h)), None)
        if head is None:
            index += 1
            continue
        indices = [index]
        credit = line[len(head) :].strip()
        license = source = ""
        if index + 1 < len(lines) and lines[index + 1].startswith("Lisens: "):
            index += 1
            indices.append(index)
            license = lines[index][len("Lisens: ") :].strip()
        if index + 1 < len(lines) and lines[index + 1].startswith(("Kilde: ", "Kjelde: ")):
            index += 1
            indices.append(index)
            source = lines[index].split(": ", 1)[1].strip()
        groups.append((indices, "" if credit == "–" else credit, license, source))
        index += 1
    return groups


# --------------------------------------------------------------------------- the agenda


def _agenda_slide(
    slide: SlideRead, shapes: list[TextShape | TableShape | PictureShape], state: _State
) -> _Agenda | None:
    """The first table of the deck whose rows start with clock times ("08:30 – 09:00") is
    the day's agenda. When the slide has nothing else than the main theme and the
    mellomarbeid, it becomes an .agenda slide, which samling draws from samling.yaml."""
    if state.agenda is not None:
        return None
    table = next((s for s in shapes if isinstance(s, TableShape)), None)
    if table is None:
        return None
    blocks = _agenda_blocks(table, state.malform)
    if not blocks:
        return None
    agenda = _Agenda(blocks)
    state.agenda = agenda
    others = [s for s in shapes if s is not table]
    theme_heads = tuple(f"{word('main_theme', m)}: " for m in ("nn", "nb"))
    work_head = f"{word('mellomarbeid', state.malform)}: "
    for shape in others:
        text = s_text(shape) if isinstance(shape, TextShape) else ""
        if text.startswith(theme_heads):
            agenda.theme = text.split(": ", 1)[1].strip()
        elif text.startswith(work_head):
            agenda.mellomarbeid = [
                t.strip() for t in text[len(work_head) :].split("; ") if t.strip()
            ]
        else:
            return None  # other text too: the slide stays as it is, the table as a list
    return agenda


def _agenda_blocks(table: TableShape, malform: model.Malform) -> list[dict[str, object]]:
    """The agenda's blocks from a table of clock times and topics; [] if it is not one."""
    rows = [row for row in table.rows if len(row) >= 2]
    timed = [(row, _CLOCK_SPAN.match(" ".join(p.text for p in row[0]))) for row in rows]
    timed_rows = [(row, match) for row, match in timed if match]
    if len(timed_rows) < 2 or len(timed_rows) < len(rows) - 1:
        return []
    breaks = {word(kind, m).lower(): kind for kind in ("pause", "lunsj") for m in ("nn", "nb")}
    blocks: list[dict[str, object]] = []
    for index, (row, match) in enumerate(timed_rows, start=1):
        runs = [run for para in row[1] for run in para.runs]
        title_runs: list[TextRun] = []
        for run in runs:
            if not run.bold and title_runs:
                break
            title_runs.append(run)
        text = " ".join(" ".join(p.text for p in row[1]).split())
        title = " ".join("".join(r.text for r in title_runs).split()) if title_runs else text
        rest = text[len(title) :].strip()
        topics = [t.strip() for t in rest.removeprefix("–").split(" · ") if t.strip()]
        if not rest.startswith("–"):
            title, topics = text, []
        kind = breaks.get(title.lower(), "plenum")
        block: dict[str, object] = {
            "id": f"{kind}-{index}" if kind != "plenum" else f"blokk-{index}",
            "start": match.group(1).replace(".", ":"),
            "end": match.group(2).replace(".", ":"),
            "kind": kind,
        }
        if kind == "plenum":
            block["title"] = escape_inline(title)
        if topics:
            block["topics"] = [escape_inline(topic) for topic in topics]
        blocks.append(block)
    return blocks


# --------------------------------------------------------------------------- writing


def _yaml(value: str) -> str:
    """A YAML 1.2 double-quoted scalar (JSON strings are one)."""
    return json.dumps(value, ensure_ascii=False)


def _samling_yaml(number: int, state: _State, info: model.SamlingInfo | None) -> str:
    lines = [
        "# Written by samling import. Check the agenda: its clock times, block kinds and",
        "# titles; see content/README.md.",
        f"number: {number}",
        "agenda:",
    ]
    if state.agenda is not None:
        blocks = state.agenda.blocks
    else:
        start = model.clock(info.start) if info is not None and info.start else DEFAULT_DAY[0]
        end = model.clock(info.end) if info is not None and info.end else DEFAULT_DAY[1]
        title = info.theme if info is not None else "Dagen"
        blocks = [{"id": "dagen", "start": start, "end": end, "kind": "plenum", "title": title}]
    for block in blocks:
        first = True
        for key, value in block.items():
            lead = "  - " if first else "    "
            first = False
            if isinstance(value, list):
                lines.append(f"{lead}{key}: [{', '.join(_yaml(v) for v in value)}]")
            else:
                lines.append(f"{lead}{key}: {_yaml(str(value))}")
    if state.agenda is not None and state.agenda.mellomarbeid:
        lines.append("mellomarbeid:")
        lines += [f"  - {_yaml(item)}" for item in state.agenda.mellomarbeid]
    lines += _images_yaml(state)
    return "\n".join(lines) + "\n"


def _images_yaml(state: _State) -> list[str]:
    if not state.pictures:
        return []
    lines = ["images:"]
    for file, picture in sorted(state.pictures.items()):
        lines += [
            f"  {Path(file).stem}:",
            f"    file: {_yaml(file)}",
            f"    alt: {_yaml(picture.alt)}",
        ]
        for key in ("credit", "license", "source_url"):
            value = getattr(picture, key)
            if value:
                lines.append(f"    {key}: {_yaml(value)}")
    return lines


def _write(
    result: ImportResult, state: _State, slides_text: str, info: model.SamlingInfo | None
) -> None:
    """Pictures first, then samling.yaml (unless there is one), then slides.md last: a folder
    with slides.md holds a whole import."""
    folder = result.folder
    for file, picture in sorted(state.pictures.items()):
        path = folder / file
        if not (path.is_file() and path.read_bytes() == picture.data):
            write_atomic(path, picture.data)
            result.written.append(path)
    samling_yaml = folder / "samling.yaml"
    if samling_yaml.exists():
        images = _images_yaml(state)
        if images:
            result.next_steps.append(
                f"{folder.name}/samling.yaml exists, so it was left alone; add the pictures "
                "to it:\n" + "\n".join(images)
            )
    else:
        write_atomic(samling_yaml, _samling_yaml(result.number, state, info).encode("utf-8"))
        result.written.append(samling_yaml)
    write_atomic(folder / "slides.md", slides_text.encode("utf-8"))
    result.written.append(folder / "slides.md")


def _next_steps(
    result: ImportResult,
    program: model.Program | None,
    info: model.SamlingInfo | None,
    state: _State,
) -> None:
    number = result.number
    theme = state.agenda.theme if state.agenda is not None and state.agenda.theme else "TEMA"
    if program is None:
        result.next_steps.append(
            "content/program.yaml is missing or has errors, so the imported text is in bokmål "
            "fixed words; run 'samling check' for what to fix there"
        )
    elif info is None:
        result.next_steps.append(
            f"add samling {number} to program.yaml under samlinger:\n"
            f"  - number: {number}\n    date: DD.MM.YY\n    place: STAD\n"
            f"    theme: {_yaml(theme)}\n    start: 08:30\n    end: 15:00"
        )
    elif state.agenda is not None and state.agenda.theme and state.agenda.theme != info.theme:
        result.next_steps.append(
            f"the deck's main theme is «{state.agenda.theme}», program.yaml says «{info.theme}»; "
            "the agenda slide shows the one in program.yaml"
        )
    if state.agenda is not None and len(state.agenda.blocks) > 1:
        result.next_steps.append(
            "every slide belongs to the agenda's first block until you add block=ID to the "
            "first slide of each block (the ids are in samling.yaml)"
        )
    result.next_steps.append(f"then run 'samling check {number}' and 'samling build {number}'")
