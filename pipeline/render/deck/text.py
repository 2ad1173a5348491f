"""Text on slides: paragraphs with emphasis, the template's inherited styles, and fitting.

PowerPoint applies its own autofit only after a person edits the text, so the pipeline measures
every text it places. Heights are estimated with the real advance widths of the theme's font
(found through fontconfig, or a metric-compatible stand-in such as Carlito for Calibri), the
line spacing, paragraph spacing and indents that the template's styles give each level. Text
that is too tall is shrunk, in steps, down to a floor; text that still does not fit is reported.
"""

from __future__ import annotations

import copy
import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from lxml import etree
from pptx.oxml.ns import qn

from pipeline.errors import SamlingError
from pipeline.model.inline import inline_runs
from pipeline.model.types import Run
from pipeline.render.fonts import FontMetrics, metrics

EMU_PER_PT = 12700
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS = {"a": A_NS, "p": "http://schemas.openxmlformats.org/presentationml/2006/main"}

Bullet = Literal["inherit", "none", "char", "number", "alpha"]
Align = Literal["l", "ctr", "r"]
THEME_COLOURS = {
    "tx1",
    "tx2",
    "bg1",
    "bg2",
    "accent1",
    "accent2",
    "accent3",
    "accent4",
    "accent5",
    "accent6",
    "hlink",
}


# --------------------------------------------------------------------------- fonts


class Fonts:
    """The theme's fonts, resolved once per deck, with a fallback that is reported."""

    def __init__(self, major: str, minor: str) -> None:
        # fontTools complains about the creation date in Carlito's header; it is harmless.
        logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)
        self.major = major
        self.minor = minor
        self.problems: list[str] = []
        self._checked: dict[str, str] = {}

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
                metrics(family)
                usable = family
            except SamlingError as exc:
                reason = exc.diagnostics[0].message if exc.diagnostics else str(exc)
                self.problems.append(reason)
                usable = "Carlito"
            self._checked[family] = usable
        try:
            return metrics(usable, bold, italic)
        except SamlingError:
            return metrics(usable)


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
    has_bullet: bool = False
    caps: bool = False  # cap="all": set in capitals, which are wider


class StyleChain:
    """The list-style elements a text body inherits from, nearest first."""

    def __init__(self, sources: Sequence[etree._Element | None]) -> None:
        self.sources = [s for s in sources if s is not None]
        self._levels: dict[int, LevelStyle] = {}

    def _find(self, level: int, path: str) -> etree._Element | None:
        for source in self.sources:
            found = source.find(f"a:lvl{level + 1}pPr{path}", NS)
            if found is not None:
                return found
        return None

    def _attr(self, level: int, path: str, name: str) -> str | None:
        for source in self.sources:
            found = source.find(f"a:lvl{level + 1}pPr{path}", NS)
            if found is not None and found.get(name) is not None:
                return found.get(name)
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
        bullet = None
        for source in self.sources:
            ppr = source.find(f"a:lvl{level + 1}pPr", NS)
            if ppr is None:
                continue
            for child in ppr:
                tag = etree.QName(child).localname
                if tag in ("buNone", "buChar", "buAutoNum", "buBlip"):
                    bullet = tag != "buNone"
                    break
            if bullet is not None:
                break
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
            has_bullet=bool(bullet),
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
    lines_total = 0
    for index, para in enumerate(paras):
        style = chain.level(para.level)
        size = scaled_size(para.size or style.size, scale)
        base_bold = style.bold if para.bold is None else para.bold
        typeface = para.typeface or style.typeface
        mar_l = para.mar_l if para.mar_l is not None else (0 if para.bullet == "none" else None)
        if mar_l is None:
            mar_l = style.mar_l
            if para.bullet in ("number", "alpha") and mar_l < int(0.4 * 914400):
                mar_l = int(0.4 * 914400) * (para.level + 1)
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
    return Measured(total * EMU_PER_PT, overflow, lines_total)


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

    Text that does not fit at `min_size` is reported as not fitting, and shrunk further, to
    `hard_min`, so that it at least stays inside its area on the slide.
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
            return Fit(scale, False, measured.height)
        scale = next_scale


# --------------------------------------------------------------------------- writing


def colour_element(colour: str) -> etree._Element:
    fill = etree.Element(qn("a:solidFill"))
    if colour.startswith("#"):
        etree.SubElement(fill, qn("a:srgbClr"), val=colour[1:].upper())
    else:
        etree.SubElement(fill, qn("a:schemeClr"), val=colour)
    return fill


def _rpr(
    tag: str,
    lang: str,
    size: float | None,
    bold: bool | None,
    italic: bool | None,
    colour: str | None,
    typeface: str | None,
) -> etree._Element:
    rpr = etree.Element(qn(tag), lang=lang)
    if size is not None:
        rpr.set("sz", str(int(round(size * 100))))
    if bold is not None:
        rpr.set("b", "1" if bold else "0")
    if italic is not None:
        rpr.set("i", "1" if italic else "0")
    rpr.set("dirty", "0")
    if colour:
        rpr.append(colour_element(colour))
    if typeface:
        etree.SubElement(rpr, qn("a:latin"), typeface=typeface)
    return rpr


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
    if para.bullet in ("number", "alpha") and mar_l is None and style.mar_l < int(0.4 * 914400):
        mar_l = int(0.4 * 914400) * (para.level + 1)
        indent = -int(0.4 * 914400)
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
                br.append(_rpr("a:rPr", lang, size, None, None, para.colour, para.typeface))
            if not piece and len(pieces) > 1:
                continue
            r = etree.SubElement(p, qn("a:r"))
            bold = True if run.bold else para.bold
            italic = True if run.italic else para.italic
            rpr = _rpr("a:rPr", lang, size, bold, italic, para.colour, para.typeface)
            if link_rid:
                etree.SubElement(
                    rpr,
                    qn("a:hlinkClick"),
                    {qn("r:id"): link_rid},
                )
            r.append(rpr)
            etree.SubElement(r, qn("a:t")).text = piece
    p.append(_rpr("a:endParaRPr", lang, size, None, None, None, None))
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
    for old in txbody.findall(qn("a:p")):
        txbody.remove(old)
    for para in paras:
        rid = link_rid.get(para.link) if (link_rid and para.link) else None
        txbody.append(paragraph_element(para, lang, scale, chain, rid))


def insets(
    body_pr: etree._Element | None, fallback: Sequence[etree._Element | None] = ()
) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) insets in EMU, inherited like the rest."""
    defaults = {"lIns": 91440, "tIns": 45720, "rIns": 91440, "bIns": 45720}
    values = dict(defaults)
    for name in defaults:
        for source in (body_pr, *fallback):
            if source is not None and source.get(name) is not None:
                values[name] = int(source.get(name))
                break
    return values["lIns"], values["tIns"], values["rIns"], values["bIns"]


def copy_level_styles(chain: StyleChain) -> etree._Element:
    """Merge a chain into one a:lstStyle, for a drawn text box that should look like it."""
    merged = etree.Element(qn("a:lstStyle"))
    for level in range(9):
        tag = f"a:lvl{level + 1}pPr"
        found = [s.find(tag, NS) for s in chain.sources]
        found = [f for f in found if f is not None]
        if not found:
            continue
        result = copy.deepcopy(found[-1])
        for nearer in reversed(found[:-1]):
            for name, value in nearer.attrib.items():
                result.set(name, value)
            for child in nearer:
                existing = result.find(child.tag)
                if existing is not None:
                    result.replace(existing, copy.deepcopy(child))
                else:
                    result.append(copy.deepcopy(child))
        _order_ppr(result)
        merged.append(result)
    return merged


_PPR_ORDER = [
    "lnSpc",
    "spcBef",
    "spcAft",
    "buClrTx",
    "buClr",
    "buSzTx",
    "buSzPct",
    "buSzPts",
    "buFontTx",
    "buFont",
    "buNone",
    "buAutoNum",
    "buChar",
    "buBlip",
    "tabLst",
    "defRPr",
    "extLst",
]


def _order_ppr(ppr: etree._Element) -> None:
    children = list(ppr)
    bullet_kinds = {"buNone", "buAutoNum", "buChar", "buBlip"}
    kinds = [etree.QName(c).localname for c in children]
    # Only one bullet kind may remain: the nearest one was appended or replaced last.
    seen_bullet = [c for c, k in zip(children, kinds, strict=True) if k in bullet_kinds]
    for extra in seen_bullet[:-1]:
        ppr.remove(extra)
    children = list(ppr)
    children.sort(
        key=lambda c: (
            _PPR_ORDER.index(etree.QName(c).localname)
            if etree.QName(c).localname in _PPR_ORDER
            else len(_PPR_ORDER)
        )
    )
    for child in children:
        ppr.remove(child)
        ppr.append(child)


@dataclass
class TextSpec:
    """A text area's paragraphs plus the fitting limits used for it."""

    paras: list[Para] = field(default_factory=list)
    min_size: float = 14.0
