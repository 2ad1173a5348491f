"""The functions a poster template calls: text_box, shared_size, measure, readable and qr.

text_box sets text into a box with the font's real metrics, at the largest size between
`size` and `min_size` that fits, and refuses what cannot be printed: text outside the safe
area, a glyph the font lacks, text that does not fit even at the minimum size. Contrast
below WCAG AA is a warning. Each helper is documented for designers in
templates/poster/README.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from pipeline.checks import contrast
from pipeline.errors import ContentError, Diagnostic, TemplateError, warning
from pipeline.render.poster import svgsafe
from pipeline.render.poster.context import SAFE, Brand, Page, num
from pipeline.render.poster.fonts import (
    PT,
    Fitted,
    Font,
    contrast_ratio,
    fit,
    missing_glyphs,
    text_width,
)
from pipeline.render.qr import qr_svg

BULLET_INDENT = 0.95  # em kept left of bulleted lines for the bullet


@dataclass
class TemplateHelpers:
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
        paragraphs = _paragraphs(content, upper)
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
            paragraphs = _paragraphs(content, upper)
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
        root = svgsafe.parse_svg(qr_svg(url).encode("utf-8"), "the QR code")
        for name, value in (("x", x), ("y", y), ("width", size), ("height", size)):
            root.set(name, num(value))
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
                f"{self.template.name}: the text box {box!r} ({num(x)}, {num(y)}, "
                f"{num(width)} × {num(height)} mm) comes closer than {SAFE:g} mm to the "
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
                        f'<circle cx="{num(x + size * 0.3)}" cy="{num(cy)}" '
                        f'r="{num(radius)}" fill="{escape(bullet_fill)}"/>'
                    )
        attrs = [
            f'font-family="{escape(face.family)}"',
            f'font-size="{num(size)}"',
            f'fill="{escape(fill)}"',
        ]
        if face.bold:
            attrs.append('font-weight="bold"')
        if face.italic:
            attrs.append('font-style="italic"')
        if align != "start":
            attrs.append(f'text-anchor="{align}"')
        if letter_spacing:
            attrs.append(f'letter-spacing="{num(letter_spacing * size)}"')
        tspans = "".join(
            f'<tspan x="{num(line_x)}" y="{num(top + line.baseline)}">{escape(line.text)}</tspan>'
            for line in fitted.lines
        )
        parts.append(f"<text {' '.join(attrs)}>{tspans}</text>")
        return Markup("".join(parts))


def _paragraphs(content: str | Sequence[str], upper: bool) -> list[str]:
    """A text box's content as a list of paragraphs, in capitals when `upper`."""
    paragraphs = [content] if isinstance(content, str) else list(content)
    return [p.upper() for p in paragraphs] if upper else paragraphs


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
