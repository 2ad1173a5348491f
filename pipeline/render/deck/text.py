"""Text on slides: paragraphs with emphasis, the template's inherited styles, and fitting.

PowerPoint applies its own autofit only after a person edits the text, so the pipeline measures
every text it places. Heights are estimated with the real advance widths of the theme's font
(found through fontconfig, or a metric-compatible stand-in such as Carlito for Calibri), the
line spacing, paragraph spacing and indents that the template's styles give each level. Text
that is too tall is shrunk, in steps, down to a floor; text that still does not fit is reported.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from lxml import etree
from pptx.oxml.ns import qn

from pipeline.errors import SamlingError
from pipeline.model.inline import inline_runs
from pipeline.model.types import Run
from pipeline.ooxml.drawingml import A_NS, NS, remove_paragraphs, run_properties, set_language
from pipeline.ooxml.units import EMU_PER_INCH, EMU_PER_PT
from pipeline.render.fonts import FontMetrics, choose_font, metrics

__all__ = ["NS"]  # kinds.py finds shapes' parts with it

Bullet = Literal["inherit", "none", "char", "number", "alpha"]
Align = Literal["l", "ctr", "r"]
# A numbered list's indent when the template's own is too small to hold "10."
NUMBER_INDENT = int(0.4 * EMU_PER_INCH)


# --------------------------------------------------------------------------- fonts


class Fonts:
    """The theme's fonts, resolved once per deck: each measured with the font that will render
    it (itself, a metric-compatible stand-in, or a wide fallback, which is reported)."""

    def __init__(self, major: str, minor: str) -> None:
        # fontTools complains about the creation date in Carlito's header; it is harmless.
        logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)
        self.major = major
        self.minor = minor
        self.problems: list[str] = []
        self._checked: dict[str, str] = {}
        self.files: set[str] = set()  # the font files measured with, for a stored cache's key

    def family(self, typeface: str | None) -> str:
        if not typeface or typeface.startswith("+mn"):
            return self.minor
        if typeface.startswith("+mj"):
            return self.major
        return typeface

    def metrics(
        self, typeface: str | None, bold: bool = False, italic: bool = False
    ) -> FontMetrics:
        family = self.family(typeface)
        usable = self._checked.get(family)
        if usable is None:
            try:
                choice = choose_font(family)
                usable = choice.measured
                if choice.problem:
                    self.problems.append(choice.problem)
            except SamlingError as exc:
                reason = exc.diagnostics[0].message if exc.diagnostics else str(exc)
                self.problems.append(f"{reason}; text fitting measured with Carlito instead")
                usable = "Carlito"
            self._checked[family] = usable
        try:
            found = metrics(usable, bold, italic)
        except SamlingError:
            found = metrics(usable)
        self.files.add(str(found.path))
        return found


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class LevelStyle:
    """What a paragraph at one level looks like, after inheritance."""

    size: float = 18.0  # pt
    bold: bool = False
    italic: bool = False
    typeface: str = "+mn-lt"
    mar_l: int = 0  # EMU
    indent: int = 0  # EMU
    line_pct: float | None = 1.0  # proportional line spacing, or None when line_pts is set
    line_pts: float | None = None
    before_pts: float = 0.0
    before_pct: float | None = None
    caps: bool = False  # cap="all": set in capitals, which are wider


_LEVEL_PATHS: dict[tuple[int, str], etree.XPath] = {}


def _level_path(level: int, path: str) -> etree.XPath:
    """`a:lvlNpPr` + `path` below a list style, compiled once (every text body asks)."""
    key = (level, path)
    if key not in _LEVEL_PATHS:
        _LEVEL_PATHS[key] = etree.XPath(f"a:lvl{level + 1}pPr{path}", namespaces=NS)
    return _LEVEL_PATHS[key]


class StyleChain:
    """The list-style elements a text body inherits from, nearest first."""

    def __init__(self, sources: Sequence[etree._Element | None]) -> None:
        self.sources = [s for s in sources if s is not None]
        self._levels: dict[int, LevelStyle] = {}

    def _attr(self, level: int, path: str, name: str) -> str | None:
        search = _level_path(level, path)
        for source in self.sources:
            found = search(source)
            if found and found[0].get(name) is not None:
                return str(found[0].get(name))
        return None

    def level(self, level: int) -> LevelStyle:
        if level not in self._levels:
            self._levels[level] = self._level(level)
        return self._levels[level]

    def _level(self, level: int) -> LevelStyle:
        style = LevelStyle()
        size = self._attr(level, "/a:defRPr", "sz")
        bold = self._attr(level, "/a:defRPr", "b")
        italic = self._attr(level, "/a:defRPr", "i")
        cap = self._attr(level, "/a:defRPr", "cap")
        latin = self._attr(level, "/a:defRPr/a:latin", "typeface")
        mar_l = self._attr(level, "", "marL")
        indent = self._attr(level, "", "indent")
        line_pct = self._attr(level, "/a:lnSpc/a:spcPct", "val")
        line_pts = self._attr(level, "/a:lnSpc/a:spcPts", "val")
        before_pct = self._attr(level, "/a:spcBef/a:spcPct", "val")
        before_pts = self._attr(level, "/a:spcBef/a:spcPts", "val")
        # Of spacing given both ways, the nearer source wins; _attr looks nearest first.
        return replace(
            style,
            size=int(size) / 100 if size else style.size,
            bold=bold in ("1", "true"),
            italic=italic in ("1", "true"),
            typeface=latin or style.typeface,
            mar_l=int(mar_l) if mar_l else 0,
            indent=int(indent) if indent else 0,
            line_pct=int(line_pct) / 100000 if line_pct else (None if line_pts else 1.0),
            line_pts=int(line_pts) / 100 if line_pts and not line_pct else None,
            before_pts=int(before_pts) / 100 if before_pts else 0.0,
            before_pct=int(before_pct) / 100000 if before_pct and not before_pts else None,
            caps=cap == "all",
        )


def explicit_chain(
    size: float,
    *,
    bold: bool = False,
    typeface: str = "+mn-lt",
    line_pct: float = 1.0,
    before_pts: float = 0.0,
) -> StyleChain:
    """A chain for a text box whose paragraphs set everything themselves."""
    element = etree.fromstring(
        f'<a:lstStyle xmlns:a="{A_NS}"><a:lvl1pPr marL="0" indent="0">'
        f'<a:lnSpc><a:spcPct val="{int(line_pct * 100000)}"/></a:lnSpc>'
        f'<a:spcBef><a:spcPts val="{int(before_pts * 100)}"/></a:spcBef><a:buNone/>'
        f'<a:defRPr sz="{int(size * 100)}" b="{int(bold)}"><a:latin typeface="{typeface}"/>'
        "</a:defRPr></a:lvl1pPr></a:lstStyle>"
    )
    return StyleChain([element])


# --------------------------------------------------------------------------- paragraphs


@dataclass
class Para:
    """One paragraph to set: inline runs plus what it overrides of the inherited style."""

    runs: list[Run]
    level: int = 0
    bullet: Bullet = "inherit"
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    colour: str | None = None  # theme colour name ("tx2", "accent1") or "#RRGGBB"
    align: Align | None = None
    before: float | None = None  # pt
    line: float | None = None  # proportional line spacing
    typeface: str | None = None
    mar_l: int | None = None  # EMU; with bullet "none" it defaults to 0
    indent: int | None = None
    link: str | None = None
    start_at: int | None = None
    breakable: bool = False  # a long word (a web address) may break: no reason to shrink

    @classmethod
    def of(cls, text: str, **kw: object) -> Para:
        return cls(runs=inline_runs(text), **kw)  # type: ignore[arg-type]

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass
class Measured:
    height: float  # EMU, without the insets
    widest_word_overflow: bool
    lines: int
    wide_word: str | None = None  # the word that overflows its line the most, if any


def _tokens(para: Para) -> list[tuple[str, bool, bool, bool]]:
    """Words with (text, bold, italic, space_before); a word can span runs."""
    tokens: list[tuple[str, bool, bool, bool]] = []
    pending_space = False
    for run in para.runs:
        bold = para.bold if para.bold is not None else run.bold
        italic = para.italic if para.italic is not None else run.italic
        text = run.text.replace("\n", " \n ")
        pieces = text.split(" ")
        for i, piece in enumerate(pieces):
            if i > 0:
                pending_space = True
            if not piece:
                continue
            tokens.append((piece, bold, italic, pending_space))
            pending_space = False
    return tokens


def measure(
    paras: Sequence[Para],
    width: int,
    chain: StyleChain,
    fonts: Fonts,
    scale: float = 1.0,
) -> Measured:
    """Estimate the height `paras` fill in a text area `width` EMU wide (insets excluded)."""
    total = 0.0
    overflow = False
    wide_word: str | None = None
    worst = 0.0  # how far (pt) the widest overflowing word passes its line
    lines_total = 0
    for index, para in enumerate(paras):
        style = chain.level(para.level)
        size = scaled_size(para.size or style.size, scale)
        base_bold = style.bold if para.bold is None else para.bold
        typeface = para.typeface or style.typeface
        mar_l = para.mar_l if para.mar_l is not None else (0 if para.bullet == "none" else None)
        if mar_l is None:
            mar_l = style.mar_l
            if para.bullet in ("number", "alpha") and mar_l < NUMBER_INDENT:
                mar_l = NUMBER_INDENT * (para.level + 1)
        # 1.5 % to spare: PowerPoint and LibreOffice lay out a hair differently.
        available = max(width - mar_l, width * 0.2) * 0.985 / EMU_PER_PT  # pt
        available = max(available, 1.0)  # a box with no width still ends the count
        lines = 1
        used = 0.0
        space_w = fonts.metrics(typeface, base_bold).text_width(" ", size)
        for word, bold, italic, space_before in _tokens(para):
            if word == "\n":
                lines += 1
                used = 0.0
                continue
            font = fonts.metrics(typeface, bold or base_bold, italic)
            word_w = font.text_width(word.upper() if style.caps else word, size)
            if word_w > available and not para.breakable:
                overflow = True
                if word_w - available > worst:
                    worst, wide_word = word_w - available, word
            gap = space_w if (space_before and used > 0) else 0.0
            if used > 0 and used + gap + word_w > available:
                lines += 1
                used = word_w
            else:
                used += gap + word_w
            while used > available * 1.0001:
                lines += 1
                used -= available
        line_font = fonts.metrics(typeface, base_bold)
        line_pct = para.line if para.line is not None else style.line_pct
        if line_pct is not None:
            line_h = line_font.line_height(size, line_pct)
        else:
            line_h = (style.line_pts or size * 1.2) * scale
        if para.before is not None:
            before = para.before * spacing_scale(scale)
        elif style.before_pct is not None:
            before = style.before_pct * size * 1.2
        else:
            before = style.before_pts * spacing_scale(scale)
        if index == 0:
            before = 0.0  # neither PowerPoint nor LibreOffice adds it above the first line
        total += before + lines * line_h
        lines_total += lines
    return Measured(total * EMU_PER_PT, overflow, lines_total, wide_word)


def spacing_scale(scale: float) -> float:
    """Space between paragraphs shrinks faster than the text, as PowerPoint's autofit does."""
    return scale if scale >= 0.85 else scale * scale / 0.85


def scaled_size(size: float, scale: float) -> float:
    """Font sizes are set in half points, as PowerPoint's own size box offers them."""
    return max(1.0, math.floor(size * scale * 2 + 1e-6) / 2)


@dataclass
class Fit:
    scale: float
    fits: bool
    height: float  # EMU, insets excluded
    word: str | None = None  # a word wider than the area even at the smallest size


def fit(
    paras: Sequence[Para],
    width: int,
    height: int,
    chain: StyleChain,
    fonts: Fonts,
    min_size: float = 14.0,
    max_scale: float = 1.0,
    hard_min: float = 10.0,
) -> Fit:
    """The largest scale (≤ max_scale) at which `paras` fit the area, down to `min_size`.

    Fitting means: the height fits, and every word fits the width on its own line, so that no
    word is broken in two. Text that does not fit at `min_size` is reported as not fitting,
    and shrunk further, to `hard_min`, so that it at least stays inside its area on the slide;
    a word that is still too wide there is named in `Fit.word`.
    """
    if not paras:
        return Fit(max_scale, True, 0.0)
    biggest = max((p.size or chain.level(p.level).size) for p in paras)
    floor = min(1.0, min_size / biggest) if biggest > 0 else 1.0
    last = min(floor, hard_min / biggest) if biggest > 0 else floor
    scale = max_scale
    fits = True
    while True:
        measured = measure(paras, width, chain, fonts, scale)
        if scale < floor - 1e-6:
            fits = False
        if measured.height <= height and not measured.widest_word_overflow:
            return Fit(scale, fits and scale >= floor - 1e-6, measured.height)
        next_scale = round(scale - 0.04, 4)
        if next_scale < last - 1e-6:
            return Fit(scale, False, measured.height, measured.wide_word)
        scale = next_scale


# --------------------------------------------------------------------------- writing


def paragraph_element(
    para: Para,
    lang: str,
    scale: float,
    chain: StyleChain,
    link_rid: str | None = None,
) -> etree._Element:
    p = etree.Element(qn("a:p"))
    ppr = etree.SubElement(p, qn("a:pPr"))
    if para.level:
        ppr.set("lvl", str(para.level))
    style = chain.level(para.level)
    mar_l = para.mar_l
    indent = para.indent
    if para.bullet == "none":
        mar_l = 0 if mar_l is None else mar_l
        indent = 0 if indent is None else indent
    if para.bullet in ("number", "alpha") and mar_l is None and style.mar_l < NUMBER_INDENT:
        mar_l = NUMBER_INDENT * (para.level + 1)
        indent = -NUMBER_INDENT
    if mar_l is not None:
        ppr.set("marL", str(mar_l))
    if indent is not None:
        ppr.set("indent", str(indent))
    if para.align:
        ppr.set("algn", para.align)
    if para.line is not None:
        ln = etree.SubElement(ppr, qn("a:lnSpc"))
        etree.SubElement(ln, qn("a:spcPct"), val=str(int(para.line * 100000)))
    before = para.before
    if before is None and scale != 1.0 and style.before_pct is None and style.before_pts:
        before = style.before_pts
    if before is not None:
        sb = etree.SubElement(ppr, qn("a:spcBef"))
        etree.SubElement(
            sb, qn("a:spcPts"), val=str(int(round(before * spacing_scale(scale) * 100)))
        )
    if para.bullet == "none":
        etree.SubElement(ppr, qn("a:buNone"))
    elif para.bullet == "char":
        etree.SubElement(ppr, qn("a:buFont"), typeface="Arial")
        etree.SubElement(ppr, qn("a:buChar"), char="•")
    elif para.bullet in ("number", "alpha"):
        kind = "arabicPeriod" if para.bullet == "number" else "alphaLcParenR"
        auto = etree.SubElement(ppr, qn("a:buAutoNum"), type=kind)
        if para.start_at is not None:
            auto.set("startAt", str(para.start_at))
    size = None
    if para.size is not None or scale != 1.0:
        size = scaled_size(para.size or style.size, scale)
    runs = para.runs or [Run(text="")]
    for run in runs:
        pieces = run.text.split("\n")
        for i, piece in enumerate(pieces):
            if i > 0:
                br = etree.SubElement(p, qn("a:br"))
                br.append(
                    run_properties("a:rPr", lang, size, None, None, para.colour, para.typeface)
                )
            if not piece and len(pieces) > 1:
                continue
            r = etree.SubElement(p, qn("a:r"))
            bold = True if run.bold else para.bold
            italic = True if run.italic else para.italic
            rpr = run_properties("a:rPr", lang, size, bold, italic, para.colour, para.typeface)
            if link_rid:
                etree.SubElement(
                    rpr,
                    qn("a:hlinkClick"),
                    {qn("r:id"): link_rid},
                )
            r.append(rpr)
            etree.SubElement(r, qn("a:t")).text = piece
    p.append(run_properties("a:endParaRPr", lang, size, None, None, None, None))
    return p


def set_paragraphs(
    txbody: etree._Element,
    paras: Iterable[Para],
    lang: str,
    scale: float,
    chain: StyleChain,
    link_rid: dict[str, str] | None = None,
) -> None:
    """Replace the paragraphs of a `p:txBody`/`a:txBody` with `paras`."""
    remove_paragraphs(txbody)
    for para in paras:
        rid = link_rid.get(para.link) if (link_rid and para.link) else None
        txbody.append(paragraph_element(para, lang, scale, chain, rid))


def write_notes(notes_slide: Any, parts: Sequence[str], lang: str) -> None:
    """The speaker notes, one plain paragraph per line of `parts`, in the deck's language."""
    frame = notes_slide.notes_text_frame
    if frame is None:
        return
    paras = [Para.of(line.rstrip(), bullet="none") for part in parts for line in part.split("\n")]
    set_paragraphs(frame._txBody, paras, lang, 1.0, explicit_chain(12))
    set_language(notes_slide.shapes._spTree, lang)


# WCAG AA for normal text: what a paragraph in a filled shape must reach against the fill.
READABLE = 4.5


def readable_on(paras: Sequence[Para], fill: str, colours: dict[str, str]) -> list[Para]:
    """`paras` for a shape filled with `fill`: a paragraph whose colour (the template's text
    colour, tx1, unless it says) does not read on the fill takes whichever of the template's
    bg1 and tx1 reads better. A dark template maps tx1 to white and bg2 to a light grey."""
    from pipeline.checks.contrast import hex_contrast

    back = colours.get(fill, fill.lstrip("#"))
    light, dark = colours.get("bg1", "FFFFFF"), colours.get("tx1", "000000")
    better = "bg1" if hex_contrast(back, light) >= hex_contrast(back, dark) else "tx1"
    found = []
    for para in paras:
        colour = para.colour or "tx1"
        own = colours.get(colour, colour.lstrip("#"))
        if colour != better and hex_contrast(own, back) < READABLE:
            para = replace(para, colour=better)
        found.append(para)
    return found
