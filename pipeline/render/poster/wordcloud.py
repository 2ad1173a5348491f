"""The ordsky: a word cloud from the value votes in results.yaml (word -> number of votes).

Deterministic and without overlaps: every word is measured with the font's real advance
widths and glyph outlines (accents too), set horizontally (easy to read from the back of the
room), and placed on a spiral out from the middle, most votes first, where its box touches no box
already placed. When the words do not all fit, every size shrinks a little and the layout
starts over. The same votes always give the same picture.

    wordcloud_svg(votes, branding, width, height) -> str     (for documents)
    wordcloud_png(votes, branding, width_px, height_px) -> bytes   (for the deck)
    wordcloud_alt(votes) -> str                               (the text alternative)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from pipeline.errors import ContentError
from pipeline.model.types import Branding
from pipeline.render.fonts import FontMetrics, metrics
from pipeline.render.poster import svgsafe
from pipeline.render.poster.fonts import contrast_ratio, font_files, ink, missing_glyphs, svg_fonts

MAX_WORDS = 80
LARGEST = 0.2  # the most-voted word's size, as a share of the picture's height
SMALLEST = 0.3  # the fewest-voted word's size, as a share of the largest size
MARGIN = 0.03  # free border, as a share of the width
SHRINK = 0.9
ATTEMPTS = 40


@dataclass(frozen=True)
class WordBox:
    """One placed word. x, y is the top left of its box; the box holds all of its ink."""

    word: str
    count: int
    size: float  # font size, in the picture's units
    x: float
    y: float
    width: float
    height: float
    origin: float  # x where the text starts (the box reaches left of it for an overhang)
    baseline: float  # y of the baseline
    colour: str

    def overlaps(self, other: WordBox, gap: float = 0.0) -> bool:
        return not (
            self.x + self.width + gap <= other.x
            or other.x + other.width + gap <= self.x
            or self.y + self.height + gap <= other.y
            or other.y + other.height + gap <= self.y
        )


def tally(votes: dict[str, int]) -> list[tuple[str, int]]:
    """The words to show, cleaned and merged, most votes first (ties alphabetically)."""
    merged: dict[str, int] = {}
    for raw, count in votes.items():
        word, _ = svgsafe.clean_text(str(raw))
        if word and count > 0:
            merged[word] = merged.get(word, 0) + int(count)
    return sorted(merged.items(), key=lambda item: (-item[1], item[0].casefold(), item[0]))


def _palette(branding: Branding) -> list[str]:
    """The brand colours that read well on the background (WCAG AA for normal text)."""
    candidates = [branding.primary, branding.secondary, branding.accent, branding.text]
    good = [c for c in candidates if contrast_ratio(c, branding.background) >= 4.5]
    if good:
        return list(dict.fromkeys(good))
    return [max(("#000000", "#FFFFFF"), key=lambda c: contrast_ratio(c, branding.background))]


def wordcloud_layout(
    votes: dict[str, int], branding: Branding, width: float, height: float
) -> list[WordBox]:
    """Place the words in a width x height picture; no two boxes overlap, all inside."""
    words = tally(votes)[:MAX_WORDS]
    if not words:
        raise ContentError("the word cloud has no words: value_votes has no word with votes")
    if width <= 0 or height <= 0:
        raise ContentError(f"a word cloud needs a positive size, received {width} x {height}")
    face = metrics(branding.font, True)
    missing = missing_glyphs(face, "".join(word for word, _ in words))
    if missing:
        shown = ", ".join(f"«{c}»" for c in missing)
        raise ContentError(
            f"value_votes: the font {branding.font} has no glyph for {shown}; "
            "those words would print as empty boxes"
        )
    palette = _palette(branding)
    largest = height * LARGEST
    for _ in range(ATTEMPTS):
        placed = _place(words, face, palette, largest, width, height)
        if placed is not None:
            return _fill(placed, width, height)
        largest *= SHRINK
    raise ContentError(
        f"the {len(words)} words of the word cloud do not fit in {width:g} x {height:g}"
    )


def _fill(placed: list[WordBox], width: float, height: float) -> list[WordBox]:
    """Scale the cloud up to fill the picture and centre it.

    Scaling every box by the same factor about one point keeps boxes that did not overlap
    apart: the widths are advance widths times the size, so they scale exactly.
    """
    margin = width * MARGIN
    x0 = min(b.x for b in placed)
    y0 = min(b.y for b in placed)
    x1 = max(b.x + b.width for b in placed)
    y1 = max(b.y + b.height for b in placed)
    factor = min((width - 2 * margin) / (x1 - x0), (height - 2 * margin) / (y1 - y0))
    factor = max(1.0, factor)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2

    def move_x(value: float) -> float:
        return width / 2 + (value - cx) * factor

    def move_y(value: float) -> float:
        return height / 2 + (value - cy) * factor

    return [
        WordBox(
            word=box.word,
            count=box.count,
            size=box.size * factor,
            x=move_x(box.x),
            y=move_y(box.y),
            width=box.width * factor,
            height=box.height * factor,
            origin=move_x(box.origin),
            baseline=move_y(box.baseline),
            colour=box.colour,
        )
        for box in placed
    ]


def _place(
    words: list[tuple[str, int]],
    face: FontMetrics,
    palette: list[str],
    largest: float,
    width: float,
    height: float,
) -> list[WordBox] | None:
    most = words[0][1]
    fewest = words[-1][1]
    margin = width * MARGIN
    left, top, right, bottom = margin, margin, width - margin, height - margin
    cx, cy = width / 2, height / 2
    aspect = (right - left) / max(bottom - top, 1e-9)
    placed: list[WordBox] = []
    for index, (word, count) in enumerate(words):
        share = (count - fewest) / (most - fewest) if most > fewest else 1.0
        size = largest * (SMALLEST + (1 - SMALLEST) * share**0.8)
        shape = ink(face, word)
        box_w = (shape.right - shape.left) * size
        box_h = (shape.top - shape.bottom) * size
        gap = size * 0.1
        if box_w > right - left or box_h > bottom - top:
            return None
        spot = _spiral_spot(placed, box_w, box_h, gap, cx, cy, aspect, left, top, right, bottom)
        if spot is None:
            return None
        x, y = spot
        placed.append(
            WordBox(
                word=word,
                count=count,
                size=size,
                x=x,
                y=y,
                width=box_w,
                height=box_h,
                origin=x - shape.left * size,
                baseline=y + shape.top * size,
                colour=palette[index % len(palette)],
            )
        )
    return placed


def _spiral_spot(
    placed: list[WordBox],
    box_w: float,
    box_h: float,
    gap: float,
    cx: float,
    cy: float,
    aspect: float,
    left: float,
    top: float,
    right: float,
    bottom: float,
) -> tuple[float, float] | None:
    """The first free spot on an elliptic spiral out from the middle, or None."""
    ring = max(box_h * 0.25, 1e-3)  # how far the spiral moves out per radian
    # The spiral has covered the whole area once its radius reaches the corners.
    reach = math.sqrt(2 * (right - left) / 2 * (bottom - top) / 2) * 1.01
    theta = 0.0
    while True:
        radius = ring * theta
        if radius > reach:
            return None
        x = cx + radius * math.cos(theta) * math.sqrt(aspect) - box_w / 2
        y = cy + radius * math.sin(theta) / math.sqrt(aspect) - box_h / 2
        if left <= x and x + box_w <= right and top <= y and y + box_h <= bottom:
            candidate = WordBox("", 0, 0, x, y, box_w, box_h, 0, 0, "")
            if not any(candidate.overlaps(other, gap) for other in placed):
                return x, y
        # Move along the spiral by about a third of the box height.
        theta += max(0.05, (box_h * 0.35) / max(radius, box_h))


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def wordcloud_alt(votes: dict[str, int]) -> str:
    """The text alternative: the words by number of votes (the same in nynorsk and bokmål)."""
    words = tally(votes)
    parts = [f"{word} ({count} {'stemme' if count == 1 else 'stemmer'})" for word, count in words]
    return f"Ordsky med {len(words)} ord, flest stemmer først: " + ", ".join(parts) + "."


def wordcloud_svg(
    votes: dict[str, int],
    branding: Branding,
    width: int,
    height: int,
    *,
    lang: str | None = None,
) -> str:
    """The word cloud as a standalone SVG of width x height px, with <title> and <desc>."""
    boxes = wordcloud_layout(votes, branding, width, height)
    lang_attr = f" xml:lang={quoteattr(lang)}" if lang else ""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"{lang_attr} font-family={quoteattr(branding.font)} '
        'font-weight="bold">',
        "<title>Ordsky</title>",
        f"<desc>{escape(wordcloud_alt(votes))}</desc>",
        f'<rect width="{width}" height="{height}" fill="{branding.background}"/>',
    ]
    for box in boxes:
        parts.append(
            f'<text x="{_num(box.origin)}" y="{_num(box.baseline)}" font-size="{_num(box.size)}" '
            f'fill="{box.colour}">{escape(box.word)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def wordcloud_png(
    votes: dict[str, int],
    branding: Branding,
    width_px: int,
    height_px: int,
    *,
    time_limit: float = svgsafe.DEFAULT_TIME_LIMIT,
) -> bytes:
    """The word cloud as a PNG of width_px x height_px, for the deck."""
    svg = wordcloud_svg(votes, branding, width_px, height_px).encode("utf-8")
    root = svgsafe.parse_svg(svg, "the word cloud")
    fonts = font_files(svg_fonts(root))
    (png,) = svgsafe.render(
        [(svg, svgsafe.Job("png", output_width=width_px, output_height=height_px))],
        allowed_roots=[],
        fonts=fonts,
        time_limit=time_limit,
        where="the word cloud",
    )
    return png
