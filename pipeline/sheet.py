"""The contact sheet of a deck template: one sample slide of every slide kind, in one PNG.

`samling templates check T.pptx` builds a real sample deck in the template, from the
project's samling that shows the most slide kinds, with one slide of each kind; LibreOffice
renders it, and the pages are tiled with Pillow, each labelled with its kind and the layout
it used. The designer sees at a glance which of their layouts each kind landed on.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import SamlingError
from pipeline.outputs import write_atomic
from pipeline.project import Project, list_samlinger

COLUMNS = 4
TILE_WIDTH = 480
LABEL_HEIGHT = 28


@dataclass
class Sheet:
    path: Path | None  # None when it was skipped
    kinds: list[str]  # the kind of each tile, in order
    notes: list[str]  # plain words for the user (why it was skipped, what was left out)


def _sample_bundle(project: Project):
    """The project's samling with the most slide kinds, keeping the first slide of each kind."""
    from pipeline.content.load import load_samling

    best = None
    for number in list_samlinger(project.content):
        try:
            bundle = load_samling(project.content, number)
        except SamlingError:
            continue
        kinds = {slide.kind for slide in bundle.slides}
        if best is None or len(kinds) > len(best[0]):
            best = (kinds, bundle)
    if best is None:
        return None
    bundle = best[1]
    firsts, seen = [], set()
    for slide in bundle.slides:
        if slide.kind not in seen:
            seen.add(slide.kind)
            firsts.append(slide)
    return bundle.model_copy(update={"slides": firsts})


def _pages(pdf: Path, folder: Path) -> list[Path]:
    binary = shutil.which("pdftoppm")
    if binary is None:
        return []
    subprocess.run(
        [binary, "-png", "-scale-to-x", str(TILE_WIDTH), "-scale-to-y", "-1", str(pdf),
         str(folder / "page")],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return sorted(folder.glob("page-*.png"))


def _tile(pages: list[Path], labels: list[str]) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    images = [Image.open(page).convert("RGB") for page in pages]
    height = max(image.height for image in images)
    rows = (len(images) + COLUMNS - 1) // COLUMNS
    cell_w, cell_h = TILE_WIDTH + 8, height + LABEL_HEIGHT + 8
    sheet = Image.new("RGB", (COLUMNS * cell_w + 8, rows * cell_h + 8), "white")
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=16)
    for index, (image, label) in enumerate(zip(images, labels, strict=True)):
        x = 8 + (index % COLUMNS) * cell_w
        y = 8 + (index // COLUMNS) * cell_h
        draw.text((x, y + 4), label, fill="black", font=font)
        sheet.paste(image, (x, y + LABEL_HEIGHT))
        draw.rectangle(
            (x - 1, y + LABEL_HEIGHT - 1, x + image.width, y + LABEL_HEIGHT + image.height),
            outline="#888888",
        )
    out = io.BytesIO()
    sheet.save(out, "PNG")
    return out.getvalue()


def contact_sheet(template: Path, project: Project, out: Path) -> Sheet:
    """Write the contact sheet of `template` to `out`; say why when it cannot be made."""
    from pipeline.pdf import convert_to_pdf, libreoffice_available

    if not libreoffice_available():
        return Sheet(None, [], ["LibreOffice is not installed, so no contact sheet was made."])
    if shutil.which("pdftoppm") is None:
        return Sheet(None, [], ["pdftoppm (poppler-utils) is missing: no contact sheet."])
    bundle = _sample_bundle(project)
    if bundle is None:
        return Sheet(
            None, [], ["No samling in content/ can be read, so there is no sample deck to show."]
        )
    from pptx import Presentation

    from pipeline.render.deck.keys import slide_keys
    from pipeline.render.deck.render import render_deck

    data, _ = render_deck(bundle, template)
    kind_of = {key: slide.kind for key, slide, _ in slide_keys(bundle)}
    prs = Presentation(io.BytesIO(data))
    picked: dict[str, tuple[int, str]] = {}  # kind -> (page index, layout name)
    for index, slide in enumerate(prs.slides):
        kind = kind_of.get(slide._element.cSld.get("name", ""))
        if kind is not None and kind not in picked:
            picked[kind] = (index, slide.slide_layout.name or "")
    with tempfile.TemporaryDirectory(prefix="samling-sheet-") as scratch_name:
        scratch = Path(scratch_name)
        deck = scratch / f"{template.stem}-sample.pptx"
        deck.write_bytes(data)
        (pdf,) = convert_to_pdf([deck], scratch)
        pages = _pages(pdf, scratch)
        chosen = [(kind, *picked[kind]) for kind in picked if picked[kind][0] < len(pages)]
        png = _tile([pages[i] for _, i, _ in chosen], [f"{k}: “{name}”" for k, _, name in chosen])
    write_atomic(out, png)
    notes = []
    from pipeline.model.types import SLIDE_KINDS

    missing = [kind for kind in SLIDE_KINDS if kind not in picked]
    if missing:
        notes.append("Kinds with no sample slide in your content: " + ", ".join(missing) + ".")
    return Sheet(out, [kind for kind, _, _ in chosen], notes)
