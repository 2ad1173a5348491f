"""What a poster template gets: the page, the brand, the programme and the platform.

Frozen dataclasses, documented for designers in templates/poster/README.md, and the functions
that build them from the content model: every text cleaned of pasted control characters
(each removal a warning), the nine values placed in the 1-2-3-2-1 diamond.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.errors import ContentError, Diagnostic, warning
from pipeline.model.types import Lederplattform, Program
from pipeline.render.poster import svgsafe

SIZES: dict[str, tuple[float, float]] = {
    "A4": (210.0, 297.0),
    "A3": (297.0, 420.0),
    "A2": (420.0, 594.0),
    "A1": (594.0, 841.0),
}
BLEED = 3.0  # mm of background beyond the trim
SAFE = 10.0  # mm: text keeps at least this far inside the trim
DESIGN_WIDTH = 420.0  # the default templates are drawn for A2 and scale to other sizes


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def cx(self) -> float:
        return self.x + self.width / 2

    @property
    def cy(self) -> float:
        return self.y + self.height / 2


@dataclass(frozen=True)
class Page:
    """The page in mm. A template draws in trim coordinates: (0, 0) to (width, height)."""

    size: str
    width: float
    height: float
    scale: float  # width / 420: multiply an A2 design length by this
    bleed: float  # 3 with --bleed, else 0: draw edge-to-edge backgrounds out to bleed_box
    bleed_box: Box
    safe: Box  # text must stay inside this box (10 mm inside the trim)


@dataclass(frozen=True)
class Value:
    rank: int  # 1 to 9, in diamond order
    row: int  # 1 to 5 in the 1-2-3-2-1 diamond
    column: int  # 1-based place in its row
    row_length: int
    name: str
    kjennetegn: tuple[str, ...]
    key: str  # where it sits in lederplattform.yaml, for messages


@dataclass(frozen=True)
class Platform:
    title: str
    vision: str
    values: tuple[Value, ...]
    rows: tuple[tuple[Value, ...], ...]  # 1, 2, 3, 2 and 1 values
    example: bool  # an example decision, not decided yet: the poster must say so


@dataclass(frozen=True)
class Brand:
    primary: str
    secondary: str
    accent: str
    background: str
    text: str
    font: str


@dataclass(frozen=True)
class ProgramInfo:
    kommune: str
    title: str
    malform: str


@dataclass(frozen=True)
class Logo:
    href: str
    aspect: float  # width / height


DIAMOND_ROWS = (1, 2, 3, 2, 1)


def num(value: float) -> str:
    """A coordinate as short, stable text: at most 3 decimals, no trailing zeros."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def make_page(size: str, bleed: bool) -> Page:
    if size not in SIZES:
        raise ContentError(f"unknown poster size {size!r}; choose one of {', '.join(SIZES)}")
    width, height = SIZES[size]
    b = BLEED if bleed else 0.0
    return Page(
        size=size,
        width=width,
        height=height,
        scale=width / DESIGN_WIDTH,
        bleed=b,
        bleed_box=Box(-b, -b, width + 2 * b, height + 2 * b),
        safe=Box(SAFE, SAFE, width - 2 * SAFE, height - 2 * SAFE),
    )


def clean(text: str, where: str, key: str, diagnostics: list[Diagnostic]) -> str:
    cleaned, removed = svgsafe.clean_text(text)
    if removed:
        diagnostics.append(
            warning(
                f"{where}: removed the invisible control characters {', '.join(removed)} "
                "(they usually come from pasting from Word)",
                key=key,
            )
        )
    if not cleaned:
        raise ContentError([Diagnostic("error", f"{where} is empty", key=key)])
    return cleaned


def platform_context(plattform: Lederplattform, diagnostics: list[Diagnostic]) -> Platform:
    if len(plattform.values) != sum(DIAMOND_ROWS):
        raise ContentError(
            f"the lederplattform needs exactly {sum(DIAMOND_ROWS)} values for the diamond, "
            f"found {len(plattform.values)}"
        )
    values: list[Value] = []
    rank = 0
    for row, length in enumerate(DIAMOND_ROWS, start=1):
        for column in range(1, length + 1):
            source = plattform.values[rank]
            key = f"values[{rank}]"
            name = clean(source.name, f"value {rank + 1}", f"{key}.name", diagnostics)
            kjennetegn = tuple(
                clean(
                    item, f"kjennetegn {i + 1} of «{name}»", f"{key}.kjennetegn[{i}]", diagnostics
                )
                for i, item in enumerate(source.kjennetegn)
            )
            rank += 1
            values.append(Value(rank, row, column, length, name, kjennetegn, key))
    rows: list[tuple[Value, ...]] = []
    start = 0
    for length in DIAMOND_ROWS:
        rows.append(tuple(values[start : start + length]))
        start += length
    return Platform(
        title=clean(plattform.title, "the title", "title", diagnostics),
        vision=clean(plattform.vision.text, "the vision", "vision.text", diagnostics),
        values=tuple(values),
        rows=tuple(rows),
        example=plattform.example_decision or plattform.vision.example_decision,
    )


def logo_of(program: Program) -> Logo | None:
    path = program.branding.logo_path
    if path is None:
        return None
    aspect = 1.0
    try:
        from PIL import Image

        with Image.open(path) as image:
            aspect = image.width / image.height
    except Exception:  # noqa: BLE001 - an SVG logo, or unreadable: the SVG check reports it
        aspect = 1.0
    return Logo(href=path.resolve().as_uri(), aspect=aspect)


def brand_of(program: Program) -> Brand:
    branding = program.branding
    return Brand(
        branding.primary,
        branding.secondary,
        branding.accent,
        branding.background,
        branding.text,
        branding.font,
    )


def program_info(program: Program, diagnostics: list[Diagnostic]) -> ProgramInfo:
    return ProgramInfo(
        kommune=clean(program.kommune, "the kommune", "kommune", diagnostics),
        title=clean(program.title, "the programme title", "program.title", diagnostics),
        malform=program.malform,
    )
