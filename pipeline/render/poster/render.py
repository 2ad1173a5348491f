"""The lederplakat: the lederplattform as a print-ready poster (SVG, PDF, PNG and a text file).

A designer's Jinja2 SVG template (templates/poster/*.svg.j2, documented in
templates/poster/README.md) is filled in the sandbox of `pipeline.render.poster.svgsafe`, with the
platform's text already cleaned and helpers that set text into boxes with the font's real
metrics. The result is checked (well-formed, no outside references, installed fonts),
given its size, language, title and description, and rendered by CairoSVG to PDF and PNG.
The PDF gets its title, /Lang, print boxes and fixed metadata, so that the same content
always gives the same bytes.
"""

from __future__ import annotations

import copy
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from markupsafe import Markup, escape

from pipeline.checks import contrast
from pipeline.errors import ContentError, Diagnostic, TemplateError, ToolError, warning
from pipeline.model.types import Lederplattform, Malform, Program
from pipeline.model.words import POSTER_LABELS, language_tag, word
from pipeline.render.poster import svgsafe
from pipeline.render.poster.fonts import (
    PT,
    Fitted,
    Font,
    contrast_ratio,
    fit,
    font_files,
    missing_glyphs,
    mix,
    svg_fonts,
    text_width,
)

SIZES: dict[str, tuple[float, float]] = {
    "A4": (210.0, 297.0),
    "A3": (297.0, 420.0),
    "A2": (420.0, 594.0),
    "A1": (594.0, 841.0),
}
BLEED = 3.0  # mm of background beyond the trim
SLUG = 10.0  # mm of paper beyond the trim, where the crop marks go
MARK_LENGTH = 6.0  # mm; a mark runs from the bleed edge (3 mm) out to 9 mm
SAFE = 10.0  # mm: text keeps at least this far inside the trim
PREVIEW_WIDTH = 1200  # px
BULLET_INDENT = 0.95  # em kept left of bulleted lines for the bullet
DESIGN_WIDTH = 420.0  # the default templates are drawn for A2 and scale to other sizes


# --------------------------------------------------------------------------- what a template gets


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


@dataclass
class _Helpers:
    """The functions a template may call. They collect diagnostics as they go."""

    page: Page
    brand: Brand
    template: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def text_box(
        self,
        content: str | Sequence[str],
        x: float,
        y: float,
        width: float,
        height: float,
        *,
        size: float,
        min_size: float | None = None,
        bold: bool = False,
        italic: bool = False,
        align: str = "start",
        valign: str = "top",
        fill: str | None = None,
        on: str | None = None,
        line_height: float = 1.2,
        gap: float = 0.45,
        bullet: bool = False,
        bullet_fill: str | None = None,
        balance: bool = False,
        max_lines: int | None = None,
        letter_spacing: float = 0.0,
        upper: bool = False,
        font: str | None = None,
        box: str = "text",
        what: str = "",
        key: str = "",
    ) -> Markup:
        """Set `content` (a text, or a list of paragraphs) inside the box; see the README."""
        if align not in ("start", "middle", "end") or valign not in ("top", "middle", "bottom"):
            raise TemplateError(
                f"{self.template.name}: text_box {box!r}: align must be start, middle or end "
                "and valign top, middle or bottom"
            )
        paragraphs = [content] if isinstance(content, str) else list(content)
        if upper:
            paragraphs = [p.upper() for p in paragraphs]
        self._check_inside_safe(box, x, y, width, height)
        face = Font(font or self.brand.font, bold, italic)
        self._check_glyphs(face, paragraphs, what or box, key)
        min_size = size if min_size is None else min(min_size, size)
        if bullet and align != "start":
            raise TemplateError(
                f'{self.template.name}: text_box {box!r}: bullets need align="start"'
            )
        options = _fit_options(line_height, gap, bullet, letter_spacing, balance, max_lines)
        fitted = fit(paragraphs, width, height, face, size_pt=size, min_size_pt=min_size, **options)
        if fitted is None:
            raise ContentError(
                [self._overflow(paragraphs, face, width, height, min_size, box, what, key, options)]
            )
        colour = fill or self.brand.text
        if on is not None:
            self._check_contrast(colour, on, fitted.size_pt, bold, box)
        return self._svg_text(
            fitted,
            face,
            x,
            y,
            width,
            height,
            align,
            valign,
            colour,
            bullet,
            bullet_fill or self.brand.accent,
            letter_spacing,
        )

    def shared_size(
        self,
        contents: Sequence[str | Sequence[str]],
        width: float,
        height: float,
        *,
        size: float,
        min_size: float | None = None,
        bold: bool = False,
        italic: bool = False,
        line_height: float = 1.2,
        gap: float = 0.45,
        bullet: bool = False,
        balance: bool = False,
        max_lines: int | None = None,
        letter_spacing: float = 0.0,
        upper: bool = False,
        font: str | None = None,
    ) -> float:
        """The largest size (pt) at which every one of `contents` fits a box of this size.

        Give it to text_box as `size`, so that all the boxes of a kind share one type size.
        When something does not fit even at `min_size`, that is returned, and text_box then
        reports the text that does not fit.
        """
        min_size = size if min_size is None else min(min_size, size)
        face = Font(font or self.brand.font, bold, italic)
        options = _fit_options(line_height, gap, bullet, letter_spacing, balance, max_lines)
        best = size
        for content in contents:
            paragraphs = [content] if isinstance(content, str) else list(content)
            if upper:
                paragraphs = [p.upper() for p in paragraphs]
            fitted = fit(
                paragraphs, width, height, face, size_pt=size, min_size_pt=min_size, **options
            )
            if fitted is None:
                return min_size
            best = min(best, fitted.size_pt)
        return best

    def measure(
        self,
        text: str,
        size: float,
        bold: bool = False,
        italic: bool = False,
        letter_spacing: float = 0.0,
        upper: bool = False,
        font: str | None = None,
    ) -> float:
        """The width in mm of `text` set in one line at `size` points."""
        face = Font(font or self.brand.font, bold, italic).metrics
        text = text.upper() if upper else text
        return text_width(face, text, size * PT, letter_spacing * size * PT)

    def readable(self, background: str, *candidates: str) -> str:
        """Of the candidate colours (default: the brand's text colour and white), the one with
        the highest contrast against `background`."""
        options = candidates or (self.brand.text, "#FFFFFF")
        return max(options, key=lambda colour: contrast_ratio(colour, background))

    def qr(self, url: str, x: float, y: float, size: float) -> Markup:
        """A QR code for `url`, size × size mm, from render.qr (the deck's QR codes too)."""
        try:
            from pipeline.render.qr import qr_svg
        except ImportError:
            raise TemplateError(
                f"{self.template.name}: qr() needs pipeline.render.qr, which is not installed"
            ) from None
        root = svgsafe.parse_svg(qr_svg(url).encode("utf-8"), "the QR code")
        for name, value in (("x", x), ("y", y), ("width", size), ("height", size)):
            root.set(name, _num(value))
        from lxml import etree

        return Markup(etree.tostring(root, encoding="unicode"))

    # ----------------------------------------------------------------- internals

    def _check_inside_safe(self, box: str, x: float, y: float, width: float, height: float) -> None:
        safe = self.page.safe
        tolerance = 0.01
        if (
            x < safe.x - tolerance
            or y < safe.y - tolerance
            or x + width > safe.right + tolerance
            or y + height > safe.bottom + tolerance
        ):
            raise TemplateError(
                f"{self.template.name}: the text box {box!r} ({_num(x)}, {_num(y)}, "
                f"{_num(width)} × {_num(height)} mm) comes closer than {SAFE:g} mm to the "
                f"edge of the {self.page.size} page; keep text inside page.safe"
            )

    def _check_glyphs(self, face: Font, paragraphs: Sequence[str], what: str, key: str) -> None:
        missing = missing_glyphs(face.metrics, "".join(paragraphs))
        if missing:
            shown = ", ".join(f"«{c}» (U+{ord(c):04X})" for c in missing)
            raise ContentError(
                [
                    Diagnostic(
                        "error",
                        f"{what}: the font {face.family} has no glyph for "
                        f"{shown}; it would print as an empty box. Use another character",
                        key=key,
                    )
                ]
            )

    def _check_contrast(
        self, colour: str, background: str, size_pt: float, bold: bool, box: str
    ) -> None:
        large = contrast.is_large_text(size_pt, bold)
        needed = contrast.required_ratio(size_pt, bold)
        ratio = contrast_ratio(colour, background)
        if ratio < needed:
            self.diagnostics.append(
                warning(
                    f"{self.template.name}: the text {box!r} in {colour} on {background} has "
                    f"contrast {contrast.format_ratio(ratio)}; WCAG AA needs "
                    f"{contrast.format_threshold(needed)} for {'large' if large else 'normal'} "
                    "text",
                    hint="choose darker text or a lighter background in program.yaml "
                    "branding or in the template",
                )
            )

    def _overflow(
        self,
        paragraphs: Sequence[str],
        face: Font,
        width: float,
        height: float,
        min_size: float,
        box: str,
        what: str,
        key: str,
        options: dict[str, Any],
    ) -> Diagnostic:
        """Why the text does not fit, measured as `fit` measures it, at the minimum size."""
        size = min_size * PT
        unbounded = fit(
            paragraphs,
            width,
            float("inf"),
            face,
            size_pt=min_size,
            min_size_pt=min_size,
            **{**options, "max_lines": None},
        )
        if unbounded is None:
            indent = BULLET_INDENT * size if options.get("indent_em") else 0.0
            words = [w for p in paragraphs for w in p.split()]
            widest = max(words, key=lambda w: face.metrics.text_width(w, size), default="")
            reason = (
                f"the word «{widest}» is wider than the box at {min_size:g} pt "
                f"({face.metrics.text_width(widest, size) + indent:.0f} mm)"
            )
        else:
            lines = len(unbounded.lines)
            reason = f"at {min_size:g} pt it takes {lines} lines, {unbounded.height:.0f} mm high"
            if options.get("max_lines") is not None:
                reason += f", and the box takes at most {options['max_lines']} lines"
        subject = what or "the text"
        return Diagnostic(
            "error",
            f"{subject} does not fit its box {box!r} ({width:.0f} × {height:.0f} mm) in "
            f"{self.template.name} on {self.page.size}: {reason}",
            key=key,
            hint=f"shorten the text in {_source_file(key)}, or print on a larger --size",
        )

    def _svg_text(
        self,
        fitted: Fitted,
        face: Font,
        x: float,
        y: float,
        width: float,
        height: float,
        align: str,
        valign: str,
        fill: str,
        bullet: bool,
        bullet_fill: str,
        letter_spacing: float,
    ) -> Markup:
        top = y
        if valign == "middle":
            top = y + (height - fitted.height) / 2
        elif valign == "bottom":
            top = y + height - fitted.height
        indent = BULLET_INDENT * fitted.size if bullet else 0.0
        if align == "start":
            line_x = x + indent
        elif align == "middle":
            line_x = x + width / 2
        else:
            line_x = x + width
        size = fitted.size
        parts = []
        if bullet:
            radius = size * 0.16
            for line in fitted.lines:
                if line.first:
                    cy = top + line.baseline - size * 0.3
                    parts.append(
                        f'<circle cx="{_num(x + size * 0.3)}" cy="{_num(cy)}" '
                        f'r="{_num(radius)}" fill="{escape(bullet_fill)}"/>'
                    )
        attrs = [
            f'font-family="{escape(face.family)}"',
            f'font-size="{_num(size)}"',
            f'fill="{escape(fill)}"',
        ]
        if face.bold:
            attrs.append('font-weight="bold"')
        if face.italic:
            attrs.append('font-style="italic"')
        if align != "start":
            attrs.append(f'text-anchor="{align}"')
        if letter_spacing:
            attrs.append(f'letter-spacing="{_num(letter_spacing * size)}"')
        tspans = "".join(
            f'<tspan x="{_num(line_x)}" y="{_num(top + line.baseline)}">{escape(line.text)}</tspan>'
            for line in fitted.lines
        )
        parts.append(f"<text {' '.join(attrs)}>{tspans}</text>")
        return Markup("".join(parts))


def _fit_options(
    line_height: float,
    gap: float,
    bullet: bool,
    letter_spacing: float,
    balance: bool,
    max_lines: int | None,
) -> dict[str, Any]:
    """text_box's settings in the words of poster_fonts.fit."""
    return {
        "line_height": line_height,
        "paragraph_gap": gap,
        "indent_em": BULLET_INDENT if bullet else 0.0,
        "letter_spacing": letter_spacing,
        "balance": balance,
        "max_lines": max_lines,
    }


def _source_file(key: str) -> str:
    """The content file a text box's key points into."""
    return "program.yaml" if key.startswith(("kommune", "program")) else "lederplattform.yaml"


def _num(value: float) -> str:
    """A coordinate as short, stable text: at most 3 decimals, no trailing zeros."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# --------------------------------------------------------------------------- building the context


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


def _clean(text: str, where: str, key: str, diagnostics: list[Diagnostic]) -> str:
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
            name = _clean(source.name, f"value {rank + 1}", f"{key}.name", diagnostics)
            kjennetegn = tuple(
                _clean(
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
        title=_clean(plattform.title, "the title", "title", diagnostics),
        vision=_clean(plattform.vision.text, "the vision", "vision.text", diagnostics),
        values=tuple(values),
        rows=tuple(rows),
        example=plattform.example_decision or plattform.vision.example_decision,
    )


def _logo(program: Program) -> Logo | None:
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


# --------------------------------------------------------------------------- the SVG


def _finish_svg(
    root: Any, page: Page, lang: str, title: str, description: str, bleed: bool
) -> None:
    """Give the template's SVG its page size, language, title, description and crop marks."""
    from lxml import etree

    ns = svgsafe.SVG_NS
    margin = SLUG if bleed else 0.0
    root.set("width", f"{_num(page.width + 2 * margin)}mm")
    root.set("height", f"{_num(page.height + 2 * margin)}mm")
    root.set(
        "viewBox",
        " ".join(
            _num(v) for v in (-margin, -margin, page.width + 2 * margin, page.height + 2 * margin)
        ),
    )
    root.set(f"{{{svgsafe.XML_NS}}}lang", lang)
    for child in list(root):
        if isinstance(child.tag, str) and etree.QName(child).localname in ("title", "desc"):
            root.remove(child)
    title_el = etree.Element(f"{{{ns}}}title")
    title_el.text = title
    desc_el = etree.Element(f"{{{ns}}}desc")
    desc_el.text = description
    root.insert(0, desc_el)
    root.insert(0, title_el)
    if bleed:
        marks = etree.SubElement(
            root,
            f"{{{ns}}}g",
            {
                "id": "crop-marks",
                "stroke": "#000000",
                "stroke-width": _num(0.25 * PT),
                "fill": "none",
            },
        )
        near, far = BLEED, BLEED + MARK_LENGTH
        for x in (0.0, page.width):
            for y, sign in ((0.0, -1), (page.height, 1)):
                marks.append(
                    etree.Element(
                        f"{{{ns}}}line",
                        {
                            "x1": _num(x),
                            "y1": _num(y + sign * near),
                            "x2": _num(x),
                            "y2": _num(y + sign * far),
                        },
                    )
                )
        for y in (0.0, page.height):
            for x, sign in ((0.0, -1), (page.width, 1)):
                marks.append(
                    etree.Element(
                        f"{{{ns}}}line",
                        {
                            "x1": _num(x + sign * near),
                            "y1": _num(y),
                            "x2": _num(x + sign * far),
                            "y2": _num(y),
                        },
                    )
                )


def _preview(root: Any, page: Page) -> Any:
    """The trimmed page, without bleed and crop marks: what the poster looks like cut."""
    preview = copy.deepcopy(root)
    for child in list(preview):
        if child.get("id") == "crop-marks":
            preview.remove(child)
    preview.set("width", f"{_num(page.width)}mm")
    preview.set("height", f"{_num(page.height)}mm")
    preview.set("viewBox", f"0 0 {_num(page.width)} {_num(page.height)}")
    return preview


def text_alternative(platform: Platform, program: ProgramInfo, malform: Malform) -> str:
    """What the poster says, in reading order: the PNG's .txt and the SVG's <desc>."""
    lines = [f"{word('poster', malform)}: {platform.title}", ""]
    lines.append(f"{word('vision', malform)}: {platform.vision}")
    lines.append("")
    lines.append(word("nine_values", malform))
    for value in platform.values:
        lines.append("")
        lines.append(f"{value.rank}. {value.name}")
        lines.extend(f"   - {item}" for item in value.kjennetegn)
    lines.append("")
    if platform.example:
        lines.append(word("draft_note", malform))
    lines.append(f"{program.kommune} – {program.title}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- the PDF


def _pdf_date() -> str | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    try:
        moment = datetime.fromtimestamp(int(epoch), tz=UTC)
    except (ValueError, OverflowError):
        return None
    return moment.strftime("D:%Y%m%d%H%M%SZ")


def finish_pdf(
    pdf: bytes, *, title: str, lang: str, subject: str, page: Page, bleed: bool
) -> bytes:
    """Title, language, print boxes and reproducible metadata for cairo's PDF."""
    try:
        import pikepdf
    except ImportError:
        raise ToolError(
            "pikepdf is needed to give the poster PDF its title and language; install the "
            "project again (pip install -e .)"
        ) from None
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        doc.Root.Lang = pikepdf.String(lang)
        doc.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        info = pikepdf.Dictionary(
            Title=pikepdf.String(title),
            Subject=pikepdf.String(subject),
            Creator=pikepdf.String("samling"),
            Producer=pikepdf.String("samling with CairoSVG and cairo"),
        )
        date = _pdf_date()
        if date:
            info.CreationDate = pikepdf.String(date)
            info.ModDate = pikepdf.String(date)
        doc.trailer.Info = doc.make_indirect(info)
        if bleed:
            mm = 72 / 25.4
            trim = [SLUG * mm, SLUG * mm, (SLUG + page.width) * mm, (SLUG + page.height) * mm]
            bleed_box = [
                trim[0] - BLEED * mm,
                trim[1] - BLEED * mm,
                trim[2] + BLEED * mm,
                trim[3] + BLEED * mm,
            ]
            first = doc.pages[0]
            first.obj.TrimBox = pikepdf.Array([round(v, 3) for v in trim])
            first.obj.BleedBox = pikepdf.Array([round(v, 3) for v in bleed_box])
        out = io.BytesIO()
        doc.save(out, deterministic_id=True, compress_streams=True)
        return out.getvalue()


# --------------------------------------------------------------------------- the whole


def render_poster(
    plattform: Lederplattform,
    program: Program,
    template: Path,
    *,
    size: str = "A2",
    bleed: bool = False,
    allowed_roots: list[Path],
    time_limit: float = svgsafe.DEFAULT_TIME_LIMIT,
) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Fill `template` with the platform and render it.

    Returns {"svg", "pdf", "png", "txt"} as bytes (nothing is written) and the warnings.
    Raises ContentError when the content does not fit or cannot be printed, TemplateError when
    the template is at fault, ToolError when a tool is missing.
    """
    template = Path(template)
    if not template.name.endswith(".svg.j2"):
        raise TemplateError(f"a poster template is an .svg.j2 file, not {template.name}")
    if not svgsafe.inside(template, allowed_roots):
        raise TemplateError(
            f"the poster template {template} is outside the allowed folders "
            f"({', '.join(str(r) for r in allowed_roots)})"
        )
    diagnostics: list[Diagnostic] = []
    page = make_page(size, bleed)
    malform = program.malform
    lang = language_tag(malform)
    platform = platform_context(plattform, diagnostics)
    branding = program.branding
    brand = Brand(
        branding.primary,
        branding.secondary,
        branding.accent,
        branding.background,
        branding.text,
        branding.font,
    )
    info = ProgramInfo(
        kommune=_clean(program.kommune, "the kommune", "kommune", diagnostics),
        title=_clean(program.title, "the programme title", "program.title", diagnostics),
        malform=malform,
    )
    if platform.example:
        diagnostics.append(
            warning(
                "the lederplattform is marked example_decision: the poster says "
                f"«{word('draft', malform)}» until the leader group has decided",
                key="example_decision",
            )
        )
    helpers = _Helpers(page=page, brand=brand, template=template)
    context: dict[str, Any] = {
        "platform": platform,
        "program": info,
        "brand": brand,
        "page": page,
        "lang": lang,
        "malform": malform,
        # A namespace, not a dict: in Jinja2 labels.values would be dict.values.
        "labels": SimpleNamespace(**{key: word(key, malform) for key in POSTER_LABELS}),
        "logo": _logo(program),
        "pt": PT,
        "text_box": helpers.text_box,
        "shared_size": helpers.shared_size,
        "measure": helpers.measure,
        "readable": helpers.readable,
        "contrast": contrast_ratio,
        "mix": mix,
        "num": _num,
        "qr": helpers.qr,
    }
    filled = svgsafe.render_template(template, context)
    diagnostics.extend(helpers.diagnostics)

    where = template.name
    root = svgsafe.parse_svg(filled.encode("utf-8"), where)
    svgsafe.inline_references(root, template.parent, allowed_roots, where)
    fonts = font_files(svg_fonts(root))
    alternative = text_alternative(platform, info, malform)
    description = alternative.split("\n", 2)[2].strip()
    _finish_svg(root, page, lang, platform.title, description, bleed)

    from lxml import etree

    svg = etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"
    preview = etree.tostring(_preview(root, page), xml_declaration=True, encoding="UTF-8")
    pdf, png = svgsafe.render(
        [
            (svg, svgsafe.Job("pdf")),
            (preview, svgsafe.Job("png", output_width=PREVIEW_WIDTH, background="white")),
        ],
        allowed_roots=allowed_roots,
        fonts=fonts,
        time_limit=time_limit,
        where=where,
    )
    pdf = finish_pdf(
        pdf, title=platform.title, lang=lang, subject=platform.vision, page=page, bleed=bleed
    )
    outputs = {"svg": svg, "pdf": pdf, "png": png, "txt": alternative.encode("utf-8")}
    return outputs, diagnostics
