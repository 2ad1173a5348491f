"""Characters the chosen font cannot draw: emoji and rare symbols print as empty boxes.

Each renderer checks the text it sets against its font's character map (fontTools, through
`pipeline.render.fonts`, cached per font) and warns once per character and source file, at the
slide's line in slides.md where the text comes from a slide. The messages name the font, not
the output, so the same finding from the deck, the guide and the worksheets is one warning.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import BaseModel

from pipeline.errors import Diagnostic, SamlingError
from pipeline.model.types import BodyBlock, Exercise, SamlingBundle, Slide
from pipeline.render.fonts import METRIC_COMPATIBLE, FontMetrics, metrics

SourcedText = tuple[str, Path, int | None]  # the text, its content file, the line if known

# Fields that hold names, keys, paths and addresses rather than text that is set.
_NOT_SET = frozenset(
    {"id", "kind", "mode", "method", "layout", "file", "path", "url", "source_url", "block"}
)
# Not drawn on their own: joiners and the selectors that ask for the emoji or text form.
_UNDRAWN = frozenset({0x200D, *range(0xFE00, 0xFE10)})


def describe(char: str) -> str:
    """«😀» (U+1F600 GRINNING FACE)"""
    return f"«{char}» (U+{ord(char):04X} {unicodedata.name(char, 'UNNAMED CHARACTER')})"


def glyph_warnings(
    texts: Iterable[SourcedText], font: FontMetrics, family: str
) -> list[Diagnostic]:
    """One warning per character the font lacks and file it is written in (its first line)."""
    found: dict[tuple[str, Path], Diagnostic] = {}
    drawn: dict[str, bool] = {}  # per character: whether it needs no warning (asked once)
    for text, file, line in texts:
        for char in unicodedata.normalize("NFC", text):  # å written as a + ring is one glyph
            fine = drawn.get(char)
            if fine is None:
                fine = drawn[char] = (
                    char.isspace()
                    or ord(char) in _UNDRAWN
                    or not char.isprintable()
                    or font.has_glyph(char)
                )
            if fine or (char, file) in found:
                continue
            found[(char, file)] = Diagnostic(
                "warning",
                f"the font {family} has no glyph for {describe(char)}: {_consequence(char)}",
                file=file,
                line=line,
                hint=f"remove the character, or use a font that has it instead of {family}",
            )
    return list(found.values())


@functools.lru_cache(maxsize=256)
def _consequence(char: str) -> str:
    """What the reader sees: an empty box, unless another installed font lends the glyph
    (LibreOffice does that for the PDFs; PowerPoint on another machine may not)."""
    lender = None
    if shutil.which("fc-list") is not None:
        listed = subprocess.run(
            ["fc-list", f":charset={ord(char):x}", "family"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split("\n")
        lender = min((f.split(",")[0] for f in listed if f.strip()), default=None)
    if lender is None:
        return "no installed font has it, so it prints as an empty box"
    return (
        f"another installed font (such as {lender}) may lend it to the PDFs on this machine, "
        "but other machines and PowerPoint can show an empty box"
    )


def family_warnings(texts: Iterable[SourcedText], family: str) -> list[Diagnostic]:
    """glyph_warnings for a family by name; a family that cannot be found is reported
    elsewhere (the fitting falls back and says so), so it gives no glyph warnings."""
    try:
        font = metrics(family)
    except SamlingError:
        return []
    # Named as measured: Calibri in a template is set with its stand-in Carlito here.
    return glyph_warnings(texts, font, METRIC_COMPATIBLE.get(family.strip().lower(), family))


# --------------------------------------------------------------------------- the texts


def _strings(value: object) -> Iterator[str]:
    """Every string in a model, list or mapping, except names, keys and paths."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in _NOT_SET:
                yield from _strings(getattr(value, name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _slide_texts(slide: Slide) -> Iterator[SourcedText]:
    where = (slide.source.file, slide.source.line)
    blocks: list[BodyBlock] = [*slide.blocks, *(b for c in slide.columns for b in c.blocks)]
    own = [slide.title, slide.notes, *slide.attrs.values(), *_strings(blocks)]
    for text in own:
        yield text, *where


def bundle_texts(bundle: SamlingBundle) -> list[SourcedText]:
    """The text of everything the deck and the guide set, with the file it comes from."""
    slides_md = bundle.slides[0].source.file if bundle.slides else None
    if slides_md is None:
        return []
    folder, content = slides_md.parent, slides_md.parent.parent
    texts: list[SourcedText] = [t for slide in bundle.slides for t in _slide_texts(slide)]
    parts: list[tuple[object, Path]] = [
        (bundle.samling, folder / "samling.yaml"),
        (bundle.exercises, folder / "exercises.yaml"),
        (bundle.program, content / "program.yaml"),
        (bundle.results, folder / "results.yaml"),
        (bundle.previous_results, content / f"samling-{bundle.info.number - 1:02d}/results.yaml"),
    ]
    for value, file in parts:
        texts += [(text, file, None) for text in _strings(value)]
    return texts


def worksheet_texts(bundle: SamlingBundle, exercises: list[Exercise]) -> list[SourcedText]:
    """The text of the worksheets: their exercises, and the programme's names in the header."""
    if not bundle.slides:
        return []
    folder = bundle.slides[0].source.file.parent
    program = folder.parent / "program.yaml"
    texts: list[SourcedText] = [(t, folder / "exercises.yaml", None) for t in _strings(exercises)]
    texts += [(t, program, None) for t in (bundle.program.title, bundle.program.kommune)]
    return texts
