"""Universal design (WCAG 2.1 AA) check of one samling's built outputs.

`check_accessibility` opens what `samling build N` wrote, not the content, and reports:

1. language: every text run of the deck and the documents, their core properties, the poster
   SVG's xml:lang and every PDF's /Lang carry the programme's målform (nn-NO or nb-NO);
2. text alternatives: every picture has alt text (descr), the poster SVG has <title> and <desc>,
   each poster PNG has a .txt beside it, and every figure in a tagged PDF has /Alt;
3. titles and structure: every slide has a title (a hidden one counts), every document has a
   title, the guide uses real heading styles, and the PDFs of the deck and documents are tagged;
4. contrast: every text colour against the background it is drawn on, at 4.5:1 for normal text
   and 3:1 for large text, and the branding pairs of program.yaml.

Each finding names the file that causes it: the template (a layout, a style, a theme colour),
program.yaml (a branding colour), or else the built file, whose renderer then is at fault.
Findings that repeat on many slides or pages are reported once, with the places listed.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from lxml import etree

from pipeline.checks.contrast import (
    AA_NORMAL,
    RGB,
    WHITE,
    Contrast,
    blend,
    contrast_ratio,
    drawingml_shade,
    drawingml_tint,
    format_ratio,
    format_threshold,
    lum_mod_off,
    parse_hex,
    required_ratio,
    to_hex,
    word_theme_shade,
    word_theme_tint,
)
from pipeline.errors import Diagnostic, Report
from pipeline.model.words import language_tag
from pipeline.project import POSTER_DIR, POSTER_TEMPLATES, Project, output_names

Element = Any  # lxml elements: the stubs are not installed everywhere

AA_HINT = "use a darker text colour or a lighter background, or the other way round"

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC = "http://purl.org/dc/elements/1.1/"
SVG = "http://www.w3.org/2000/svg"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DECORATIVE = "http://schemas.microsoft.com/office/drawing/2017/decorative"
NS = {"a": A, "p": P, "r": R, "w": W, "wp": WP, "wps": WPS, "mc": MC, "cp": CP, "dc": DC}

RT_SLIDE_LAYOUT = R + "/slideLayout"
RT_SLIDE_MASTER = R + "/slideMaster"
RT_THEME = R + "/theme"
RT_NOTES = R + "/notesSlide"
RT_SLIDE = R + "/slide"

EMU_PER_PT = 12700


def _q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


def _local(el: Element) -> str:
    tag = el.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


# --------------------------------------------------------------------------- findings


@dataclass
class _Finding:
    diagnostic: Diagnostic
    places: dict[str, list[str]] = field(default_factory=dict)


class Findings:
    """Diagnostics with repeats merged: the same finding on slides 3, 5 and 7 is one line."""

    def __init__(self) -> None:
        self._items: dict[tuple[object, ...], _Finding] = {}

    def add(
        self,
        severity: str,
        message: str,
        *,
        file: Path | None = None,
        line: int | None = None,
        column: int | None = None,
        key: str = "",
        hint: str = "",
        place: tuple[str, str] | None = None,
        places: Iterable[tuple[str, str]] = (),
    ) -> None:
        ident = (severity, message, str(file), line, key)
        item = self._items.get(ident)
        if item is None:
            diagnostic = Diagnostic(
                severity,  # type: ignore[arg-type]
                message,
                file=file,
                line=line,
                column=column,
                key=key,
                hint=hint,
            )
            item = self._items[ident] = _Finding(diagnostic)
        for noun, value in [*([place] if place is not None else []), *places]:
            values = item.places.setdefault(noun, [])
            if value not in values:
                values.append(value)

    def diagnostics(self) -> list[Diagnostic]:
        result = []
        for item in self._items.values():
            diagnostic = item.diagnostic
            if item.places:
                where = "; ".join(_places(noun, values) for noun, values in item.places.items())
                diagnostic = replace(diagnostic, message=f"{diagnostic.message} ({where})")
            result.append(diagnostic)
        return result


def _places(noun: str, values: list[str], most: int = 8) -> str:
    shown = values[:most]
    text = ", ".join(shown)
    if len(values) > most:
        text += f" and {len(values) - most} more"
    plural = noun if len(values) == 1 or noun.endswith("s") else noun + "s"
    return f"{plural} {text}"


# --------------------------------------------------------------------------- entry point


@dataclass
class _Branding:
    """program.yaml's branding colours, to tell a branding colour from a template colour."""

    path: Path
    colours: dict[str, RGB]
    positions: dict[str, tuple[int, int]]

    def name_of(self, rgb: RGB) -> str | None:
        for name, value in self.colours.items():
            if value == rgb:
                return name
        return None

    def where(self, name: str) -> dict[str, Any]:
        line, column = self.positions.get(name, (None, None))
        return {"file": self.path, "line": line, "column": column, "key": f"branding.{name}"}


def check_accessibility(project: Project, number: int) -> list[Diagnostic]:
    """Check the built outputs of samling `number` for universal design; see the module text."""
    from pipeline.content.load import read_program

    report = Report()
    program = read_program(project.content, report)
    if program is None:
        return report.diagnostics
    tag = language_tag(program.malform)
    findings = Findings()
    branding = _read_branding(project, program)
    _check_branding(branding, findings)

    folder = project.samling_build_dir(number)
    names = output_names(number)
    build_hint = f"run `samling build {number}` first"
    for output, name in names.items():
        path = folder / name
        if not path.is_file():
            findings.add(
                "warning",
                f"{path.name} is not built, so its universal design was not checked",
                file=path,
                hint=build_hint,
            )
            continue
        template = project.template_for(output)
        try:
            if output == "deck":
                PptxChecker(path, tag, template, branding, findings).run()
            else:
                DocxChecker(path, tag, template, branding, findings, output).run()
        except Exception as exc:  # noqa: BLE001 - one odd file must not stop the other checks
            findings.add(
                "error",
                f"{path.name} could not be checked: {type(exc).__name__}: {exc}",
                file=path,
                hint=build_hint,
            )
        pdf = path.with_suffix(".pdf")
        if pdf.is_file():
            _check_pdf(pdf, tag, findings, tagged=True)
        else:
            findings.add(
                "warning",
                f"{pdf.name} is not built, so the PDF's tags and language were not checked",
                file=pdf,
                hint=f"install LibreOffice and run `samling build {number}`",
            )

    poster_folder = project.build / POSTER_DIR
    for name in POSTER_TEMPLATES:
        stem = "lederplakat" if name == "diamond" else f"lederplakat-{name}"
        svg = poster_folder / f"{stem}.svg"
        if not svg.is_file():
            findings.add(
                "warning",
                f"{svg.name} is not built, so the poster's universal design was not checked",
                file=svg,
                hint=f"{build_hint}, or `samling poster`",
            )
            continue
        try:
            PosterChecker(svg, tag, project.poster_template(name), branding, findings).run()
        except Exception as exc:  # noqa: BLE001 - one odd file must not stop the other checks
            findings.add(
                "error",
                f"{svg.name} could not be checked: {type(exc).__name__}: {exc}",
                file=svg,
            )
    return findings.diagnostics()


# --------------------------------------------------------------------------- branding


def _read_branding(project: Project, program: Any) -> _Branding:
    from pipeline.content.read_yaml import read_yaml

    path = project.content / "program.yaml"
    colours: dict[str, RGB] = {}
    for name in ("primary", "secondary", "accent", "background", "text"):
        colours[name] = parse_hex(getattr(program.branding, name))
    positions: dict[str, tuple[int, int]] = {}
    doc, _ = read_yaml(path)
    if doc is not None:
        for name in colours:
            if ("branding", name) in doc.values:
                positions[name] = doc.values[("branding", name)]
    return _Branding(path, colours, positions)


def _check_branding(branding: _Branding, findings: Findings) -> None:
    """The pairs program.yaml's colours are used in: text on the background, and white or the
    background colour on the primary and secondary colours (title bars, cards)."""
    c = branding.colours
    pairs: list[tuple[str, RGB, str, RGB, float, str]] = [
        ("text", c["text"], "background", c["background"], 4.5, "body text"),
        ("white", WHITE, "primary", c["primary"], 4.5, "text on title bars"),
        ("white", WHITE, "secondary", c["secondary"], 4.5, "text on title bars"),
        ("primary", c["primary"], "background", c["background"], 3.0, "headings and shapes"),
        ("secondary", c["secondary"], "background", c["background"], 3.0, "headings and shapes"),
        ("accent", c["accent"], "background", c["background"], 3.0, "accents and shapes"),
    ]
    if c["background"] != WHITE:
        pairs[3:3] = [
            ("background", c["background"], "primary", c["primary"], 4.5, "text on title bars"),
            ("background", c["background"], "secondary", c["secondary"], 4.5, "text on title bars"),
        ]
    for fg_name, fg, bg_name, bg, needed, use in pairs:
        ratio = contrast_ratio(fg, bg)
        if ratio >= needed:
            continue
        blamed = bg_name if fg_name in ("white", "text", "background") else fg_name
        findings.add(
            "error",
            f"{fg_name} {to_hex(fg)} on {bg_name} {to_hex(bg)} ({use}) has contrast "
            f"{format_ratio(ratio)}, needs {format_threshold(needed)}",
            hint="choose a darker or lighter colour; WCAG 2.1 AA asks 4.5:1 for text",
            **branding.where(blamed),
        )


# --------------------------------------------------------------------------- paint


@dataclass(frozen=True)
class Paint:
    """What is painted: one colour, or several (gradient stops), with opacity and origin."""

    colours: tuple[RGB, ...]
    alpha: float = 1.0
    origin: str = ""
    part: str = "output"  # output, template or default: where the colour was chosen
    slot: str = ""  # the theme colour it comes from, if any
    unknown: str = ""  # a picture or pattern behind the text: its contrast cannot be computed

    @property
    def first(self) -> RGB:
        return self.colours[0]


NO_PAINT = Paint(())


def _over(top: Paint, below: Paint) -> Paint:
    """`top`, if partly transparent, over `below`."""
    if top.alpha >= 0.999 or below.unknown or not below.colours:
        return top
    colours = tuple(blend(t, b, top.alpha) for t in top.colours for b in below.colours)
    origin = f"{top.origin}, over {below.origin}"
    return replace(top, colours=colours[:16], alpha=1.0, origin=origin)


def _cause(paint: Paint) -> str:
    """What to change to change a colour: the theme colour it names, else where it is set."""
    if paint.slot:
        return f"theme colour {paint.slot}"
    return paint.origin


@dataclass
class _Failure:
    text: RGB
    background: RGB
    where: dict[str, Any]
    required: float = 0.0
    sizes: set[str] = field(default_factory=set)
    places: list[tuple[str, str]] = field(default_factory=list)


class ContrastLog:
    """Contrast failures merged by colour pair and cause, so that one theme colour that is too
    pale is one line, whatever the number of slides, layouts and text sizes it touches."""

    def __init__(self) -> None:
        self._failures: dict[tuple[object, ...], _Failure] = {}
        self._causes: dict[tuple[object, ...], tuple[str, str]] = {}

    def add(
        self,
        judged: Contrast,
        text: Paint,
        background: Paint,
        where: dict[str, Any],
        places: Iterable[tuple[str, str]],
    ) -> None:
        causes = (_cause(text), _cause(background))
        key = (judged.text, judged.background, *causes, str(where.get("file")), where.get("key"))
        failure = self._failures.get(key)
        if failure is None:
            failure = self._failures[key] = _Failure(judged.text, judged.background, where)
            self._causes[key] = causes
        failure.required = max(failure.required, judged.required)
        failure.sizes.add("large text" if judged.required < AA_NORMAL else "normal text")
        for place in places:
            if place not in failure.places:
                failure.places.append(place)

    def flush(self, findings: Findings, prefix: str = "", size_note: str = "") -> None:
        for key, failure in self._failures.items():
            text_cause, background_cause = self._causes[key]
            judged = Contrast(failure.text, failure.background, failure.required)
            sizes = " and ".join(sorted(failure.sizes, reverse=True)).replace(
                "normal text and large text", "normal and large text"
            )
            text_words = (
                text_cause
                if text_cause.startswith("text colour ")
                else f"text colour: {text_cause}"
            )
            findings.add(
                "error",
                f"{prefix}{judged.describe()} ({sizes}{size_note}; {text_words}; "
                f"background: {background_cause})",
                hint=AA_HINT,
                places=failure.places,
                **failure.where,
            )
        self._failures.clear()
        self._causes.clear()


def _judge(text: Paint, background: Paint, size_pt: float, bold: bool) -> Contrast | None:
    """The worst pairing of text and background colours, or None when it passes."""
    needed = required_ratio(size_pt, bold)
    texts = [_over(text, background).colours] if text.alpha < 0.999 else [text.colours]
    worst: Contrast | None = None
    for fg in texts[0]:
        for bg in background.colours:
            judged = Contrast(fg, bg, needed)
            if worst is None or judged.ratio < worst.ratio:
                worst = judged
    if worst is None or worst.passes:
        return None
    return worst


# --------------------------------------------------------------------------- DrawingML colours

_PRESET = {
    "black": (0, 0, 0),
    "white": (255, 255, 255),
    "red": (255, 0, 0),
    "green": (0, 128, 0),
    "blue": (0, 0, 255),
    "yellow": (255, 255, 0),
    "gray": (128, 128, 128),
    "grey": (128, 128, 128),
    "dkgray": (169, 169, 169),
    "ltgray": (211, 211, 211),
}

_SYSTEM = {"windowText": (0, 0, 0), "window": (255, 255, 255), "btnText": (0, 0, 0)}


class DrawingColours:
    """Resolves DrawingML colour elements through a theme and a colour map."""

    def __init__(self, theme: Element | None, clr_map: dict[str, str]) -> None:
        self.theme: dict[str, RGB] = {}
        self.fill_styles: list[Element] = []
        self.bg_fill_styles: list[Element] = []
        self.clr_map = clr_map
        if theme is not None:
            scheme = theme.find(".//a:clrScheme", NS)
            if scheme is not None:
                for slot in scheme:
                    rgb = self._plain(next(iter(slot), None))
                    if rgb is not None:
                        self.theme[_local(slot)] = rgb
            fmt = theme.find(".//a:fmtScheme", NS)
            if fmt is not None:
                fills = fmt.find("a:fillStyleLst", NS)
                bgs = fmt.find("a:bgFillStyleLst", NS)
                self.fill_styles = list(fills) if fills is not None else []
                self.bg_fill_styles = list(bgs) if bgs is not None else []

    @staticmethod
    def _plain(el: Element | None) -> RGB | None:
        if el is None:
            return None
        name = _local(el)
        if name == "srgbClr":
            return parse_hex(el.get("val", "000000"))
        if name == "sysClr":
            last = el.get("lastClr")
            return parse_hex(last) if last else _SYSTEM.get(el.get("val", ""), (0, 0, 0))
        return None

    def slot_of(self, name: str) -> str:
        return self.clr_map.get(name, name)

    def colour(
        self, el: Element, placeholder: tuple[RGB, str] | None = None
    ) -> tuple[RGB, float, str]:
        """(rgb, alpha, theme slot or '') of a colour element with its transforms."""
        name = _local(el)
        slot = ""
        rgb: RGB = (0, 0, 0)
        if name == "srgbClr":
            rgb = parse_hex(el.get("val", "000000"))
        elif name == "schemeClr":
            val = el.get("val", "tx1")
            if val == "phClr" and placeholder is not None:
                rgb, slot = placeholder
            else:
                slot = self.slot_of(val)
                rgb = self.theme.get(slot, (0, 0, 0))
        elif name == "sysClr":
            rgb = self._plain(el) or (0, 0, 0)
        elif name == "prstClr":
            rgb = _PRESET.get(el.get("val", "black").lower(), (0, 0, 0))
        elif name == "scrgbClr":
            rgb = tuple(  # type: ignore[assignment]
                _from_linear_pct(int(el.get(c, "0"))) for c in ("r", "g", "b")
            )
        elif name == "hslClr":
            import colorsys

            r, g, b = colorsys.hls_to_rgb(
                int(el.get("hue", "0")) / 21600000,
                int(el.get("lum", "0")) / 100000,
                int(el.get("sat", "0")) / 100000,
            )
            rgb = (round(r * 255), round(g * 255), round(b * 255))
        alpha = 1.0
        lum_mod, lum_off = 1.0, 0.0
        for transform in el:
            kind = _local(transform)
            value = int(transform.get("val", "100000")) / 100000
            if kind == "lumMod":
                lum_mod = value
            elif kind == "lumOff":
                lum_off = value
            elif kind == "tint":
                rgb = drawingml_tint(rgb, value)
            elif kind == "shade":
                rgb = drawingml_shade(rgb, value)
            elif kind == "alpha":
                alpha = value
            elif kind == "alphaMod":
                alpha *= value
        if lum_mod != 1.0 or lum_off != 0.0:
            rgb = lum_mod_off(rgb, lum_mod, lum_off)
        return rgb, alpha, slot

    def paint_of_colour(
        self, el: Element, origin: str, part: str, placeholder: tuple[RGB, str] | None = None
    ) -> Paint:
        rgb, alpha, slot = self.colour(el, placeholder)
        if slot:
            origin = f"{origin}, theme colour {slot}"
        return Paint((rgb,), alpha, origin, part, slot)

    def fill(
        self,
        parent: Element | None,
        origin: str,
        part: str,
        placeholder: tuple[RGB, str] | None = None,
    ) -> Paint | None:
        """The fill given in `parent` (spPr, bgPr, rPr…): a Paint, NO_PAINT for noFill, or None
        when it gives none (and so inherits)."""
        if parent is None:
            return None
        for child in parent:
            kind = _local(child)
            if kind == "noFill":
                return NO_PAINT
            if kind == "solidFill":
                colour = next(iter(child), None)
                if colour is None:
                    return NO_PAINT
                return self.paint_of_colour(colour, origin, part, placeholder)
            if kind == "gradFill":
                stops = [
                    self.colour(next(iter(gs)), placeholder)
                    for gs in child.iterfind("a:gsLst/a:gs", NS)
                    if len(gs)
                ]
                if not stops:
                    return NO_PAINT
                slot = next((s for _, _, s in stops if s), "")
                return Paint(
                    tuple(rgb for rgb, _, _ in stops),
                    min(a for _, a, _ in stops),
                    f"{origin} (a gradient)",
                    part,
                    slot,
                )
            if kind == "pattFill":
                colours = [
                    self.colour(next(iter(c)), placeholder)
                    for c in (child.find("a:fgClr", NS), child.find("a:bgClr", NS))
                    if c is not None and len(c)
                ]
                return Paint(
                    tuple(rgb for rgb, _, _ in colours), 1.0, f"{origin} (a pattern)", part
                )
            if kind == "blipFill":
                return Paint((), 1.0, origin, part, unknown="a picture")
        return None

    def style_fill(self, ref: Element, origin: str, part: str) -> Paint | None:
        """A theme fill style by index (p:style/a:fillRef, p:bgRef), with its colour as phClr."""
        idx = int(ref.get("idx", "0"))
        colour_el = next(iter(ref), None)
        placeholder = None
        if colour_el is not None:
            rgb, _, slot = self.colour(colour_el)
            placeholder = (rgb, slot)
        if idx == 0:
            return NO_PAINT
        styles = self.bg_fill_styles if idx >= 1001 else self.fill_styles
        position = idx - 1001 if idx >= 1001 else idx - 1
        if 0 <= position < len(styles):
            holder = etree.Element("holder")
            holder.append(_copy(styles[position]))
            paint = self.fill(holder, origin, part, placeholder)
            if paint is not None:
                return paint
        if colour_el is not None:
            return self.paint_of_colour(colour_el, origin, part)
        return None


def _copy(el: Element) -> Element:
    return etree.fromstring(etree.tostring(el))


def _from_linear_pct(value: int) -> int:
    v = max(0.0, min(1.0, value / 100000))
    c = v * 12.92 if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055
    return round(c * 255)


def _clr_map(el: Element | None) -> dict[str, str]:
    if el is None:
        return {}
    return {key: value for key, value in el.attrib.items()}


# --------------------------------------------------------------------------- OOXML packages


class Package:
    """A zip of XML parts with relationships, read without python-pptx or python-docx, so that
    a file those refuse is still checked."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with zipfile.ZipFile(path) as archive:
            self.names = set(archive.namelist())
            self._data = {name: archive.read(name) for name in self.names}
        self._xml: dict[str, Element] = {}

    def xml(self, name: str) -> Element | None:
        name = name.lstrip("/")
        if name not in self._xml:
            if name not in self._data:
                return None
            parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
            self._xml[name] = etree.fromstring(self._data[name], parser)
        return self._xml[name]

    def rels(self, name: str) -> list[tuple[str, str, str]]:
        """(id, type, target part) of a part's relationships."""
        pure = PurePosixPath("/" + name.lstrip("/"))
        rels_name = str(pure.parent / "_rels" / (pure.name + ".rels")).lstrip("/")
        root = self.xml(rels_name)
        if root is None:
            return []
        result = []
        for rel in root.iterfind(f"{{{PKG_REL}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            resolved = (
                target.lstrip("/")
                if target.startswith("/")
                else _normpath(str(pure.parent / target)).lstrip("/")
            )
            result.append((rel.get("Id", ""), rel.get("Type", ""), resolved))
        return result

    def related(self, name: str, rel_type: str) -> str | None:
        for _, kind, target in self.rels(name):
            if kind == rel_type:
                return target
        return None

    def core(self) -> dict[str, str]:
        root = self.xml("docProps/core.xml")
        if root is None:
            return {}
        return {
            _local(child): (child.text or "").strip()
            for child in root
            if isinstance(child.tag, str)
        }


def _normpath(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    return "/" + "/".join(parts)


def _is_decorative(c_nv_pr: Element | None) -> bool:
    if c_nv_pr is None:
        return False
    for ext in c_nv_pr.iter(f"{{{DECORATIVE}}}decorative"):
        if ext.get("val") in ("1", "true"):
            return True
    return False


_FILE_NAME = re.compile(
    r"[\w\-. ]+\.(png|jpe?g|gif|svg|bmp|tiff?|emf|wmf|webp|heic)", re.IGNORECASE
)


def _alt_problem(descr: str | None) -> str:
    """Why an alt text does not serve, or '' when it does."""
    text = (descr or "").strip()
    if not text:
        return "has no alt text"
    if _FILE_NAME.fullmatch(text):
        return f"has only a file name as alt text ({text!r})"
    return ""


def _check_core(package: Package, tag: str, output: Path, findings: Findings, what: str) -> None:
    core = package.core()
    if not core.get("title"):
        findings.add(
            "error",
            f"the {what} has no document title (core property title): screen readers and PDF "
            "viewers show the file name instead",
            file=output,
            key="title",
        )
    _check_declared_language(
        findings, core.get("language", ""), tag, output, f"the {what}", "in its core properties"
    )


def _check_declared_language(
    findings: Findings, declared: str, tag: str, file: Path, who: str, where: str, hint: str = ""
) -> None:
    """One finding when a file declares no language, or another than the målform's."""
    if not declared:
        findings.add(
            "error",
            f"{who} declares no language {where}; expected {tag}",
            file=file,
            key="language",
            hint=hint,
        )
    elif declared.lower() != tag.lower():
        findings.add(
            "error",
            f"{who} declares the language {declared} {where}; the programme's målform needs {tag}",
            file=file,
            key="language",
        )


# --------------------------------------------------------------------------- pptx

_TITLE_TYPES = ("title", "ctrTitle")
_FOOTER_TYPES = ("dt", "ftr", "sldNum", "hdr")
_PH_WORDS = {
    "title": "title",
    "ctrTitle": "title",
    "subTitle": "subtitle",
    "body": "text placeholder",
    "obj": "content placeholder",
    "dt": "date",
    "ftr": "footer",
    "sldNum": "slide number",
    "hdr": "header",
}


@dataclass
class _Shape:
    el: Element
    kind: str  # sp, pic, graphicFrame, cxnSp
    box: tuple[float, float, float, float] | None  # x, y, width, height in EMU, slide space
    hidden: bool
    ph: tuple[str, int] | None
    part: str  # slide, layout or master
    scale: float = 1.0

    @property
    def name(self) -> str:
        c_nv_pr = self.el.find(".//p:cNvPr", NS)
        return c_nv_pr.get("name", "") if c_nv_pr is not None else ""

    def contains(self, x: float, y: float) -> bool:
        """Whether the shape's painted area covers (x, y), by its preset geometry."""
        if self.box is None:
            return False
        return _geometry_contains(self.el, self.box, x, y)


_NO_AREA = {
    "line",
    "straightConnector1",
    "arc",
    "bentConnector2",
    "bentConnector3",
    "curvedConnector3",
    "leftBracket",
    "rightBracket",
    "leftBrace",
    "rightBrace",
    "bracketPair",
    "bracePair",
}


def _adj(geom: Element, name: str, default: int) -> float:
    for gd in geom.iterfind("a:avLst/a:gd", NS):
        if gd.get("name") == name:
            match = re.search(r"-?\d+", gd.get("fmla", ""))
            if match:
                return int(match.group()) / 100000
    return default / 100000


def _geometry_contains(
    el: Element, box: tuple[float, float, float, float], x: float, y: float
) -> bool:
    left, top, width, height = box
    if width <= 0 or height <= 0:
        return False
    xfrm = el.find("p:spPr/a:xfrm", NS)
    cx, cy = left + width / 2, top + height / 2
    rotation = int(xfrm.get("rot", "0")) / 60000 if xfrm is not None else 0.0
    if rotation:
        angle = math.radians(-rotation)
        dx, dy = x - cx, y - cy
        x = cx + dx * math.cos(angle) - dy * math.sin(angle)
        y = cy + dx * math.sin(angle) + dy * math.cos(angle)
    if not (left <= x <= left + width and top <= y <= top + height):
        return False
    geom = el.find("p:spPr/a:prstGeom", NS)
    if geom is None:
        return True  # a picture, a custom geometry: its box
    preset = geom.get("prst", "rect")
    u, v = (x - cx) / (width / 2), (y - cy) / (height / 2)  # -1..1 across the box
    if preset in _NO_AREA:
        return False
    if preset in ("ellipse", "flowChartConnector"):
        return u * u + v * v <= 1
    if preset in ("donut", "blockArc"):
        if u * u + v * v > 1:
            return False
        thickness = _adj(geom, "adj" if preset == "donut" else "adj3", 25000)
        band = thickness * min(width, height)
        inner_w, inner_h = width / 2 - band, height / 2 - band
        if inner_w <= 0 or inner_h <= 0:
            return True
        return ((x - cx) / inner_w) ** 2 + ((y - cy) / inner_h) ** 2 > 1
    if preset == "frame":
        band = _adj(geom, "adj1", 12500) * min(width, height)
        return not (left + band < x < left + width - band and top + band < y < top + height - band)
    if preset in ("diamond", "flowChartDecision"):
        return abs(u) + abs(v) <= 1
    if preset in ("triangle", "flowChartExtract"):
        apex = _adj(geom, "adj", 50000) if preset == "triangle" else 0.5
        flip = xfrm is not None and xfrm.get("flipV") in ("1", "true")
        depth = (y - top) / height if not flip else (top + height - y) / height
        apex_x = left + apex * width
        return left + (apex_x - left) * (1 - depth) <= x <= apex_x + (left + width - apex_x) * depth
    return True


def _ph_of(el: Element) -> tuple[str, int] | None:
    ph = el.find("./*/p:nvPr/p:ph", NS)
    if ph is None:
        return None
    return ph.get("type", "obj"), int(ph.get("idx", "0"))


def _xfrm_box(el: Element) -> tuple[float, float, float, float] | None:
    xfrm = el.find("p:spPr/a:xfrm", NS)
    if xfrm is None:
        xfrm = el.find("p:xfrm", NS)
    if xfrm is None:
        return None
    off, ext = xfrm.find("a:off", NS), xfrm.find("a:ext", NS)
    if off is None or ext is None:
        return None
    return (
        float(off.get("x", "0")),
        float(off.get("y", "0")),
        float(ext.get("cx", "0")),
        float(ext.get("cy", "0")),
    )


Transform = tuple[float, float, float, float]  # sx, sy, tx, ty: x' = sx * x + tx
_IDENTITY: Transform = (1.0, 1.0, 0.0, 0.0)


def _flatten(tree: Element | None, part: str) -> list[_Shape]:
    """The shapes of an spTree in drawing order, groups opened, boxes in slide space."""
    shapes: list[_Shape] = []
    if tree is None:
        return shapes

    def walk(parent: Element, transform: Transform, hidden: bool) -> None:
        for child in parent:
            kind = _local(child)
            if kind == "AlternateContent":
                choice = child.find("mc:Choice", NS)
                if choice is not None:
                    walk(choice, transform, hidden)
                continue
            c_nv_pr = child.find("./*/p:cNvPr", NS)
            is_hidden = hidden or (c_nv_pr is not None and c_nv_pr.get("hidden") in ("1", "true"))
            if kind == "grpSp":
                xfrm = child.find("p:grpSpPr/a:xfrm", NS)
                inner = transform
                if xfrm is not None:
                    off, ext = xfrm.find("a:off", NS), xfrm.find("a:ext", NS)
                    ch_off, ch_ext = xfrm.find("a:chOff", NS), xfrm.find("a:chExt", NS)
                    if None not in (off, ext, ch_off, ch_ext):
                        sx = float(ext.get("cx")) / (float(ch_ext.get("cx")) or 1.0)
                        sy = float(ext.get("cy")) / (float(ch_ext.get("cy")) or 1.0)
                        tx = float(off.get("x")) - float(ch_off.get("x")) * sx
                        ty = float(off.get("y")) - float(ch_off.get("y")) * sy
                        outer_sx, outer_sy, outer_tx, outer_ty = transform
                        inner = (
                            outer_sx * sx,
                            outer_sy * sy,
                            outer_sx * tx + outer_tx,
                            outer_sy * ty + outer_ty,
                        )
                walk(child, inner, is_hidden)
            elif kind in ("sp", "pic", "graphicFrame", "cxnSp"):
                box = _xfrm_box(child)
                sx, sy, tx, ty = transform
                if box is not None:
                    box = (box[0] * sx + tx, box[1] * sy + ty, box[2] * sx, box[3] * sy)
                shapes.append(
                    _Shape(child, kind, box, is_hidden, _ph_of(child), part, math.sqrt(sx * sy))
                )

    walk(tree, _IDENTITY, False)
    return shapes


def _text_of(el: Element) -> str:
    return "".join(t.text or "" for t in el.iter(_q("a", "t"))).strip()


def _snippet(text: str, most: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1] + "…"


@dataclass
class _Source:
    """One step of a run's inheritance: a list style, or a shape style's font colour."""

    el: Element | None
    origin: str
    part: str  # output or template
    fontref: bool = False
    paint: Paint | None = None  # a table style's text colour


class _Checker:
    """What each output's checker is given: the output, the language it must declare, the
    template it was made from, the programme's branding, and where the findings go."""

    def __init__(
        self, path: Path, tag: str, template: Path, branding: _Branding, findings: Findings
    ) -> None:
        self.path = path
        self.tag = tag
        self.template = template
        self.branding = branding
        self.findings = findings


class PptxChecker(_Checker):
    def __init__(
        self, path: Path, tag: str, template: Path, branding: _Branding, findings: Findings
    ) -> None:
        super().__init__(path, tag, template, branding, findings)
        self.package = Package(path)
        self.palette = _template_palette(template)
        self.template_theme: dict[str, RGB] = {}
        if template.is_file():
            try:
                tpl = Package(template)
                pres = tpl.xml("ppt/presentation.xml")
                master = (
                    tpl.related("ppt/presentation.xml", RT_SLIDE_MASTER)
                    if pres is not None
                    else None
                )
                theme = tpl.related(master, RT_THEME) if master else None
                if theme:
                    self.template_theme = DrawingColours(tpl.xml(theme), {}).theme
            except (zipfile.BadZipFile, etree.XMLSyntaxError, ValueError):
                self.template_theme = {}

    # ------------------------------------------------------------------ run

    def run(self) -> None:
        package = self.package
        _check_core(package, self.tag, self.path, self.findings, "deck")
        pres = package.xml("ppt/presentation.xml")
        if pres is None:
            raise ValueError("it has no ppt/presentation.xml")
        size = pres.find("p:sldSz", NS)
        self.slide_w = float(size.get("cx", "12192000")) if size is not None else 12192000.0
        self.slide_h = float(size.get("cy", "6858000")) if size is not None else 6858000.0
        self.default_style = pres.find("p:defaultTextStyle", NS)
        ids = {rid: target for rid, kind, target in package.rels("ppt/presentation.xml")}
        slides = [
            ids[el.get(_q("r", "id"))]
            for el in pres.iterfind("p:sldIdLst/p:sldId", NS)
            if el.get(_q("r", "id")) in ids
        ]
        self.checked_layouts: set[str] = set()
        self.contrast = ContrastLog()
        for number, slide in enumerate(slides, start=1):
            self._slide(number, slide)
        self.contrast.flush(self.findings)

    # ------------------------------------------------------------------ one slide

    def _slide(self, number: int, name: str) -> None:
        package = self.package
        slide = package.xml(name)
        if slide is None:
            return
        layout_name = package.related(name, RT_SLIDE_LAYOUT) or ""
        layout = package.xml(layout_name) if layout_name else None
        master_name = package.related(layout_name, RT_SLIDE_MASTER) if layout_name else None
        master = package.xml(master_name) if master_name else None
        theme_name = package.related(master_name, RT_THEME) if master_name else None
        theme = package.xml(theme_name) if theme_name else None

        clr_map = _clr_map(master.find("p:clrMap", NS) if master is not None else None)
        for holder in (layout, slide):
            if holder is not None:
                override = holder.find("p:clrMapOvr/a:overrideClrMapping", NS)
                if override is not None:
                    clr_map = _clr_map(override)
        colours = DrawingColours(theme, clr_map)
        layout_title = ""
        if layout is not None:
            c_sld = layout.find("p:cSld", NS)
            layout_title = c_sld.get("name", "") if c_sld is not None else ""
        self.ctx = _SlideContext(
            number=number,
            slide=slide,
            layout=layout,
            master=master,
            colours=colours,
            layout_name=layout_title or PurePosixPath(layout_name).stem,
        )
        shapes = _flatten(slide.find("p:cSld/p:spTree", NS), "slide")
        show_layout = slide.get("showMasterSp", "1") in ("1", "true")
        show_master = show_layout and (
            layout is None or layout.get("showMasterSp", "1") in ("1", "true")
        )
        layout_shapes = (
            [s for s in _flatten(layout.find("p:cSld/p:spTree", NS), "layout") if s.ph is None]
            if layout is not None and show_layout
            else []
        )
        master_shapes = (
            [s for s in _flatten(master.find("p:cSld/p:spTree", NS), "master") if s.ph is None]
            if master is not None and show_master
            else []
        )
        for shape in shapes:
            if shape.box is None and shape.ph is not None:
                shape.box = self._inherited_box(shape.ph)
        place = ("slide", str(number))
        self._check_title(shapes, place)
        self._check_alt_text(shapes, place, self.path, "")
        self._check_alt_text(
            layout_shapes + master_shapes,
            place,
            self.template,
            f"slide layout {self.ctx.layout_name!r}: ",
        )
        self._check_language(slide, place, self.path, "")
        notes = package.related(name, RT_NOTES)
        notes_xml = package.xml(notes) if notes else None
        if notes_xml is not None:
            self._check_language(notes_xml, ("speaker notes of slide", str(number)), self.path, "")
        below_template = list(master_shapes) + list(layout_shapes)
        if layout_name not in self.checked_layouts:
            # The template's own visible text (a kommune name, say), once per layout.
            self.checked_layouts.add(layout_name)
            for position, shape in enumerate(below_template):
                self._check_language(
                    shape.el, place, self.template, f"slide layout {self.ctx.layout_name!r}: "
                )
                self._shape_contrast(shape, below_template[:position])
        for position, shape in enumerate(shapes):
            self._shape_contrast(shape, below_template + shapes[:position])

    def _inherited_box(self, ph: tuple[str, int]) -> tuple[float, float, float, float] | None:
        layout_ph = self._layout_placeholder(ph)
        if layout_ph is not None:
            box = _xfrm_box(layout_ph)
            if box is not None:
                return box
        master_ph = self._master_placeholder(ph)
        return _xfrm_box(master_ph) if master_ph is not None else None

    def _layout_placeholder(self, ph: tuple[str, int]) -> Element | None:
        layout = self.ctx.layout
        if layout is None:
            return None
        kind, idx = ph
        candidates = [
            (sp, _ph_of(sp)) for sp in layout.iterfind("p:cSld/p:spTree/*", NS) if _ph_of(sp)
        ]
        for sp, other in candidates:
            if (
                other is not None
                and other[1] == idx
                and (
                    idx != 0
                    or other[0] == kind
                    or (kind in _TITLE_TYPES and other[0] in _TITLE_TYPES)
                )
            ):
                return sp
        for sp, other in candidates:
            if other is not None and (
                other[0] == kind or (kind in _TITLE_TYPES and other[0] in _TITLE_TYPES)
            ):
                return sp
        return None

    def _master_placeholder(self, ph: tuple[str, int]) -> Element | None:
        master = self.ctx.master
        if master is None:
            return None
        kind = ph[0]
        wanted = "title" if kind in _TITLE_TYPES else kind if kind in _FOOTER_TYPES else "body"
        for sp in master.iterfind("p:cSld/p:spTree/*", NS):
            other = _ph_of(sp)
            if other is not None and other[0] == wanted:
                return sp
        return None

    # ------------------------------------------------------------------ titles, alt text

    def _check_title(self, shapes: list[_Shape], place: tuple[str, str]) -> None:
        titles = [s for s in shapes if s.ph is not None and s.ph[0] in _TITLE_TYPES]
        if not any(_text_of(s.el) for s in titles):
            first = next((_text_of(s.el) for s in shapes if _text_of(s.el)), "")
            shown = f" (it begins {_snippet(first)!r})" if first else ""
            findings_message = (
                "a slide has no title placeholder with text"
                if not titles
                else "a slide's title placeholder is empty"
            )
            self.findings.add(
                "error",
                f"{findings_message}{shown}: screen readers and the slide list need one",
                file=self.path,
                hint="a slide without a visible title gets a hidden title placeholder",
                place=place,
            )
            return
        readable = [
            s
            for s in shapes
            if s.kind != "cxnSp"
            and not _is_decorative(s.el.find("./*/p:cNvPr", NS))
            and (s.kind != "sp" or _text_of(s.el))
        ]
        if readable and readable[0] not in titles:
            self.findings.add(
                "warning",
                "the title is not first in the reading order, so screen readers read "
                f"{_snippet(_text_of(readable[0].el) or readable[0].name)!r} before it",
                file=self.path,
                hint="draw the title placeholder first (first in the slide's shape tree)",
                place=place,
            )

    def _check_alt_text(
        self, shapes: list[_Shape], place: tuple[str, str], file: Path, prefix: str
    ) -> None:
        for shape in shapes:
            if shape.kind == "pic":
                what = "a picture"
            elif shape.kind == "graphicFrame":
                data = shape.el.find("a:graphic/a:graphicData", NS)
                uri = data.get("uri", "") if data is not None else ""
                if uri.endswith("/table"):
                    continue
                what = (
                    "a chart"
                    if "chart" in uri
                    else "a diagram"
                    if "diagram" in uri
                    else ("an object")
                )
            else:
                continue
            c_nv_pr = shape.el.find("./*/p:cNvPr", NS)
            if c_nv_pr is None or _is_decorative(c_nv_pr) or shape.hidden:
                continue
            problem = _alt_problem(c_nv_pr.get("descr"))
            if problem:
                self.findings.add(
                    "error",
                    f"{prefix}{what} {problem} (descr)",
                    file=file,
                    hint="give every picture a text alternative, or mark it decorative",
                    place=place,
                )

    def _check_language(
        self, root: Element, place: tuple[str, str], file: Path, prefix: str
    ) -> None:
        missing = 0
        wrong: dict[str, int] = {}
        for run in root.iter(_q("a", "r"), _q("a", "fld")):
            if not "".join(t.text or "" for t in run.iter(_q("a", "t"))).strip():
                continue
            rpr = run.find("a:rPr", NS)
            lang = rpr.get("lang") if rpr is not None else None
            if not lang:
                missing += 1
            elif lang.lower() != self.tag.lower():
                wrong[lang] = wrong.get(lang, 0) + 1
        if missing:
            self.findings.add(
                "error",
                f"{prefix}text runs without a language (a:rPr lang); expected {self.tag}",
                file=file,
                key="language",
                hint="a screen reader reads text without a language in its own default voice",
                place=place,
            )
        for lang in wrong:
            self.findings.add(
                "error",
                f"{prefix}text runs are tagged {lang}; the programme's målform needs {self.tag}",
                file=file,
                key="language",
                place=place,
            )

    # ------------------------------------------------------------------ contrast

    def _sources(self, shape: _Shape) -> list[_Source]:
        """Where a run in `shape` inherits from, nearest first."""
        ctx = self.ctx
        own_part = "output" if shape.part == "slide" else "template"
        sources = [
            _Source(shape.el.find("p:txBody/a:lstStyle", NS), "the shape's list style", own_part)
        ]
        master = ctx.master
        tx_styles = master.find("p:txStyles", NS) if master is not None else None
        if shape.ph is not None and shape.part == "slide":
            layout_ph = self._layout_placeholder(shape.ph)
            master_ph = self._master_placeholder(shape.ph)
            if layout_ph is not None:
                sources.append(
                    _Source(
                        layout_ph.find("p:txBody/a:lstStyle", NS),
                        f"slide layout {ctx.layout_name!r}",
                        "template",
                    )
                )
            if master_ph is not None:
                sources.append(
                    _Source(
                        master_ph.find("p:txBody/a:lstStyle", NS),
                        "the slide master's placeholder",
                        "template",
                    )
                )
        if shape.ph is not None:
            kind = shape.ph[0]
            bucket, words = (
                ("p:titleStyle", "the master's title style")
                if kind in _TITLE_TYPES
                else ("p:otherStyle", "the master's other-text style")
                if kind in _FOOTER_TYPES
                else ("p:bodyStyle", "the master's body text style")
            )
            if tx_styles is not None:
                sources.append(_Source(tx_styles.find(bucket, NS), words, "template"))
        else:
            font_ref = shape.el.find("p:style/a:fontRef", NS)
            if font_ref is not None and len(font_ref):
                sources.append(_Source(font_ref, "the shape's style", own_part, fontref=True))
            sources.append(
                _Source(self.default_style, "the presentation's default text style", "template")
            )
            if tx_styles is not None:
                sources.append(
                    _Source(
                        tx_styles.find("p:otherStyle", NS),
                        "the master's other-text style",
                        "template",
                    )
                )
        return sources

    def _lookup(
        self,
        run_rpr: Element | None,
        ppr: Element | None,
        sources: list[_Source],
        level: int,
        get: Callable[[Element], Any],
        colour: bool = False,
    ) -> tuple[Any, str, str]:
        """The nearest value of a run property: (value, where it is set, part). For the colour,
        a shape style's font colour (an element) or a table style's text colour (a Paint)
        can answer too."""
        if run_rpr is not None:
            value = get(run_rpr)
            if value is not None:
                return value, "the text run", "output"
        if ppr is not None:
            defrpr = ppr.find("a:defRPr", NS)
            if defrpr is not None:
                value = get(defrpr)
                if value is not None:
                    return value, "the paragraph", "output"
        for source in sources:
            if source.paint is not None:
                if colour:
                    return source.paint, source.origin, source.part
                continue
            if source.el is None:
                continue
            if source.fontref:
                if colour:
                    return next(iter(source.el)), source.origin, source.part
                continue
            for path in (f"a:lvl{level}pPr/a:defRPr", "a:defPPr/a:defRPr"):
                defrpr = source.el.find(path, NS)
                if defrpr is not None:
                    value = get(defrpr)
                    if value is not None:
                        return value, source.origin, source.part
        return None, "", ""

    def _shape_fill(self, shape: _Shape) -> Paint | None:
        """What a shape paints behind its text, following placeholders to layout and master."""
        colours = self.ctx.colours
        part = "output" if shape.part == "slide" else "template"
        own = f"the fill of {self._shape_words(shape)}"
        if shape.kind == "pic":
            return Paint((), 1.0, own, part, unknown="a picture")
        if shape.kind == "graphicFrame":
            return None
        fill = colours.fill(shape.el.find("p:spPr", NS), own, part)
        if fill is not None:
            return fill
        if shape.ph is not None and shape.part == "slide":
            for inherited, words in (
                (self._layout_placeholder(shape.ph), f"slide layout {self.ctx.layout_name!r}"),
                (self._master_placeholder(shape.ph), "the slide master"),
            ):
                if inherited is not None:
                    fill = colours.fill(
                        inherited.find("p:spPr", NS), f"the placeholder fill in {words}", "template"
                    )
                    if fill is not None:
                        return fill
        fill_ref = shape.el.find("p:style/a:fillRef", NS)
        if fill_ref is not None:
            return colours.style_fill(
                fill_ref, f"the style fill of {self._shape_words(shape)}", part
            )
        return None

    def _shape_words(self, shape: _Shape) -> str:
        if shape.ph is not None:
            return f"the {_PH_WORDS.get(shape.ph[0], 'placeholder')}"
        if shape.part != "slide":
            return f"the template shape {shape.name!r}"
        if shape.kind == "pic":
            return "a picture"
        if shape.el.find("p:nvSpPr/p:cNvSpPr", NS) is not None and shape.el.find(
            "p:nvSpPr/p:cNvSpPr", NS
        ).get("txBox") in ("1", "true"):
            return "a text box"
        return "a shape"

    def _background(self) -> Paint:
        ctx = self.ctx
        colours = ctx.colours
        for holder, words, part in (
            (ctx.slide, "the slide's background", "output"),
            (ctx.layout, f"the background of slide layout {ctx.layout_name!r}", "template"),
            (ctx.master, "the slide master's background", "template"),
        ):
            if holder is None:
                continue
            bg = holder.find("p:cSld/p:bg", NS)
            if bg is None:
                continue
            bg_pr = bg.find("p:bgPr", NS)
            if bg_pr is not None:
                paint = colours.fill(bg_pr, words, part)
                if paint is not None and paint is not NO_PAINT:
                    return paint
            bg_ref = bg.find("p:bgRef", NS)
            if bg_ref is not None:
                paint = colours.style_fill(bg_ref, words, part)
                if paint is not None and paint is not NO_PAINT:
                    return paint
        slot = colours.slot_of("bg1")
        return Paint(
            (colours.theme.get(slot, WHITE),),
            1.0,
            "the default background, theme colour " + slot,
            "template",
            slot,
        )

    def _behind(self, x: float, y: float, below: list[_Shape]) -> Paint:
        """What is painted at (x, y) under the shapes `below` (bottom first)."""
        for position in range(len(below) - 1, -1, -1):
            shape = below[position]
            if shape.hidden or not shape.contains(x, y):
                continue
            fill = self._shape_fill(shape)
            if fill is None or fill is NO_PAINT:
                continue
            if fill.alpha < 0.999:
                return _over(fill, self._behind(x, y, below[:position]))
            return fill
        return self._background()

    def _visible(self, shape: _Shape) -> bool:
        if shape.hidden or shape.box is None:
            return not shape.hidden
        left, top, width, height = shape.box
        return left < self.slide_w and top < self.slide_h and left + width > 0 and top + height > 0

    def _shape_contrast(self, shape: _Shape, below: list[_Shape]) -> None:
        if not self._visible(shape):
            return
        if shape.kind == "graphicFrame":
            table = shape.el.find("a:graphic/a:graphicData/a:tbl", NS)
            if table is not None:
                self._table_contrast(shape, table, below)
            return
        if shape.kind != "sp":
            return
        body = shape.el.find("p:txBody", NS)
        if body is None or not _text_of(body):
            return
        if shape.box is not None:
            x = shape.box[0] + shape.box[2] / 2
            y = shape.box[1] + shape.box[3] / 2
        else:
            x, y = self.slide_w / 2, self.slide_h / 2
        own = self._shape_fill(shape)
        if own is not None and own is not NO_PAINT:
            background = _over(own, self._behind(x, y, below)) if own.alpha < 0.999 else own
        else:
            background = self._behind(x, y, below)
        font_scale = 1.0
        autofit = body.find("a:bodyPr/a:normAutofit", NS)
        if autofit is not None and autofit.get("fontScale"):
            font_scale = int(autofit.get("fontScale")) / 100000
        self._paragraphs_contrast(shape, body, self._sources(shape), background, font_scale)

    def _paragraphs_contrast(
        self,
        shape: _Shape,
        body: Element,
        sources: list[_Source],
        background: Paint,
        font_scale: float,
        table_bold: bool = False,
    ) -> None:
        for paragraph in body.iterfind("a:p", NS):
            ppr = paragraph.find("a:pPr", NS)
            level = int(ppr.get("lvl", "0")) + 1 if ppr is not None else 1
            for run in list(paragraph.iterfind("a:r", NS)) + list(paragraph.iterfind("a:fld", NS)):
                text = "".join(t.text or "" for t in run.iter(_q("a", "t")))
                if not text.strip():
                    continue
                rpr = run.find("a:rPr", NS)
                text_paint = self._run_paint(rpr, ppr, sources, level)
                if text_paint is None:
                    continue  # noFill: invisible text
                size, _, _ = self._lookup(rpr, ppr, sources, level, lambda e: e.get("sz"))
                bold, _, _ = self._lookup(rpr, ppr, sources, level, lambda e: e.get("b"))
                size_pt = (int(size) / 100 if size else 18.0) * font_scale
                is_bold = (bold in ("1", "true")) if bold is not None else table_bold
                if background.unknown or text_paint.unknown:
                    self.findings.add(
                        "warning",
                        f"slide layout {self.ctx.layout_name!r}: text on "
                        f"{background.unknown or 'a picture'} cannot be checked for contrast",
                        file=self.path if shape.part == "slide" else self.template,
                        hint="put text on a plain colour, or check it by eye",
                        place=("slide", str(self.ctx.number)),
                    )
                    return
                judged = _judge(text_paint, background, size_pt, is_bold)
                if judged is not None:
                    self._report_contrast(shape, judged, text_paint, background, size_pt, is_bold)

    def _run_paint(
        self,
        rpr: Element | None,
        ppr: Element | None,
        sources: list[_Source],
        level: int,
    ) -> Paint | None:
        colours = self.ctx.colours

        def fill_of(el: Element) -> Element | None:
            for child in el:
                if _local(child) in ("solidFill", "gradFill", "noFill", "pattFill", "blipFill"):
                    return el
            return None

        if rpr is not None and rpr.find("a:hlinkClick", NS) is not None and fill_of(rpr) is None:
            slot = colours.slot_of("hlink")
            return Paint(
                (colours.theme.get(slot, (0, 0, 255)),),
                1.0,
                "the theme's link colour",
                "template",
                slot,
            )
        found, origin, part = self._lookup(rpr, ppr, sources, level, fill_of, colour=True)
        if isinstance(found, Paint):
            return found
        if (
            found is not None
            and _local(found) != ""
            and found.tag
            not in (
                _q("a", "rPr"),
                _q("a", "defRPr"),
            )
        ):
            return colours.paint_of_colour(found, f"text colour from {origin}", part)
        if found is None:
            slot = colours.slot_of("tx1")
            return Paint(
                (colours.theme.get(slot, (0, 0, 0)),),
                1.0,
                f"the default text colour, theme colour {slot}",
                "template",
                slot,
            )
        holder = found
        paint = colours.fill(holder, f"text colour from {origin}", part)
        if paint is None or paint is NO_PAINT:
            return None
        return paint

    def _table_contrast(self, shape: _Shape, table: Element, below: list[_Shape]) -> None:
        colours = self.ctx.colours
        tbl_pr = table.find("a:tblPr", NS)
        style = self._table_style(tbl_pr)
        first_row = tbl_pr is not None and tbl_pr.get("firstRow") in ("1", "true")
        band_row = tbl_pr is not None and tbl_pr.get("bandRow") in ("1", "true")
        x = shape.box[0] + shape.box[2] / 2 if shape.box else self.slide_w / 2
        y = shape.box[1] + shape.box[3] / 2 if shape.box else self.slide_h / 2
        behind = self._behind(x, y, below)
        sources = [
            _Source(self.default_style, "the presentation's default text style", "template"),
        ]
        master = self.ctx.master
        if master is not None and master.find("p:txStyles/p:otherStyle", NS) is not None:
            sources.append(
                _Source(
                    master.find("p:txStyles/p:otherStyle", NS),
                    "the master's other-text style",
                    "template",
                )
            )
        for row_index, row in enumerate(table.iterfind("a:tr", NS)):
            parts = ["wholeTbl"]
            if band_row and not (first_row and row_index == 0):
                data_index = row_index - (1 if first_row else 0)
                parts.append("band1H" if data_index % 2 == 0 else "band2H")
            if first_row and row_index == 0:
                parts.append("firstRow")
            style_fill: Paint | None = None
            style_text: Paint | None = None
            style_bold = False
            if style is not None:
                for part_name in parts:
                    fill, text, bold = self._table_style_part(style, part_name)
                    style_fill = fill if fill is not None else style_fill
                    style_text = text if text is not None else style_text
                    style_bold = bold if bold is not None else style_bold
            for cell in row.iterfind("a:tc", NS):
                body = cell.find("a:txBody", NS)
                if body is None or not _text_of(body):
                    continue
                fill = colours.fill(cell.find("a:tcPr", NS), "the table cell's fill", "output")
                if fill is None:
                    fill = style_fill
                background = (
                    behind
                    if fill is None or fill is NO_PAINT
                    else (_over(fill, behind) if fill.alpha < 0.999 else fill)
                )
                cell_sources = [
                    _Source(body.find("a:lstStyle", NS), "the cell's list style", "output"),
                ]
                if style_text is not None:
                    cell_sources.append(
                        _Source(None, style_text.origin, style_text.part, paint=style_text)
                    )
                self._paragraphs_contrast(
                    shape, body, [*cell_sources, *sources], background, 1.0, style_bold
                )

    def _table_style(self, tbl_pr: Element | None) -> Element | None:
        style_id = ""
        if tbl_pr is not None:
            found = tbl_pr.find("a:tableStyleId", NS)
            style_id = (found.text or "").strip() if found is not None else ""
        styles = self.package.xml("ppt/tableStyles.xml")
        if not style_id and styles is not None:
            style_id = styles.get("def", "")
        if styles is not None:
            for style in styles.iterfind("a:tblStyle", NS):
                if style.get("styleId") == style_id:
                    return style
        if style_id == MEDIUM_STYLE_2_ACCENT_1:
            return etree.fromstring(_MEDIUM_STYLE_2)
        return None

    def _table_style_part(
        self, style: Element, name: str
    ) -> tuple[Paint | None, Paint | None, bool | None]:
        colours = self.ctx.colours
        part = style.find(f"a:{name}", NS)
        if part is None:
            return None, None, None
        fill = None
        fill_holder = part.find("a:tcStyle/a:fill", NS)
        if fill_holder is not None:
            fill = colours.fill(fill_holder, f"the table style's {name} fill", "template")
        text = None
        bold = None
        tx = part.find("a:tcTxStyle", NS)
        if tx is not None:
            for child in tx:
                if _local(child) in ("srgbClr", "schemeClr", "sysClr", "prstClr"):
                    text = colours.paint_of_colour(
                        child, f"the table style's {name} text", "template"
                    )
            if tx.get("b"):
                bold = tx.get("b") == "on"
        return fill, text, bold

    def _report_contrast(
        self,
        shape: _Shape,
        judged: Contrast,
        text: Paint,
        background: Paint,
        size_pt: float,
        bold: bool,
    ) -> None:
        self.contrast.add(
            judged,
            text,
            background,
            self._blame(text, background, judged),
            [
                ("slide layout", repr(self.ctx.layout_name)),
                ("shape", re.sub(r"^(the|a) ", "", self._shape_words(shape))),
                ("slide", str(self.ctx.number)),
            ],
        )

    def _blame(self, text: Paint, background: Paint, judged: Contrast) -> dict[str, Any]:
        return _blame_paints(
            [(text, judged.text), (background, judged.background)],
            self.branding,
            self.template,
            self.path,
            self.template_theme,
            self.palette,
        )


def _blame_paints(
    paints: list[tuple[Paint, RGB]],
    branding: _Branding,
    template: Path,
    output: Path,
    template_theme: dict[str, RGB],
    palette: set[RGB] | frozenset[RGB] = frozenset(),
) -> dict[str, Any]:
    """The file to fix. A colour the renderer set (on the slide or run, or written into the
    theme) is program.yaml's when it is a branding colour, the template's when the template
    has it (the renderer copied it from there), else the renderer's, so the built file's. A
    colour that only the template chose (its styles, layouts, theme) is the template's."""
    chosen = [(p, rgb) for p, rgb in paints if p.part == "output" and not p.slot]
    rewritten = [
        (p, rgb)
        for p, rgb in paints
        if p.slot and template_theme and template_theme.get(p.slot) != rgb
    ]
    for _, rgb in chosen + rewritten:
        name = branding.name_of(rgb)
        if name is not None:
            return branding.where(name)
    if any(rgb not in palette for _, rgb in chosen + rewritten):
        return {"file": output}
    if chosen or rewritten or any(p.part == "template" or p.slot for p, _ in paints):
        return {"file": template}
    return {"file": output}


_PALETTE_ATTRIBUTES = (
    (f"{{{A}}}srgbClr", "val"),
    (f"{{{W}}}color", f"{{{W}}}val"),
    (f"{{{W}}}shd", f"{{{W}}}fill"),
    (f"{{{W}}}shd", f"{{{W}}}color"),
)


def _template_palette(template: Path) -> set[RGB]:
    """Every colour written in a template: its theme, masters, layouts and styles."""
    palette: set[RGB] = set()
    if not template.is_file():
        return palette
    try:
        package = Package(template)
    except (zipfile.BadZipFile, OSError):
        return palette
    for name in sorted(package.names):
        if not name.endswith(".xml") or "/slides/" in name or name.endswith("document.xml"):
            continue
        try:
            root = package.xml(name)
        except etree.XMLSyntaxError:
            continue
        if root is None:
            continue
        for tag, attribute in _PALETTE_ATTRIBUTES:
            for el in root.iter(tag):
                value = el.get(attribute) or ""
                if re.fullmatch(r"[0-9A-Fa-f]{6}", value):
                    palette.add(parse_hex(value))
        for el in root.iter(f"{{{A}}}sysClr"):
            if el.get("lastClr"):
                palette.add(parse_hex(el.get("lastClr")))
    return palette


@dataclass
class _SlideContext:
    number: int
    slide: Element
    layout: Element | None
    master: Element | None
    colours: DrawingColours
    layout_name: str


MEDIUM_STYLE_2_ACCENT_1 = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"
# PowerPoint's built-in default table style, which files name without defining it.
_MEDIUM_STYLE_2 = f"""<a:tblStyle xmlns:a="{A}" styleId="{MEDIUM_STYLE_2_ACCENT_1}">
<a:wholeTbl><a:tcTxStyle><a:schemeClr val="dk1"/></a:tcTxStyle><a:tcStyle><a:fill><a:solidFill>
<a:schemeClr val="accent1"><a:tint val="20000"/></a:schemeClr></a:solidFill></a:fill></a:tcStyle>
</a:wholeTbl>
<a:band1H><a:tcStyle><a:fill><a:solidFill><a:schemeClr val="accent1"><a:tint val="40000"/>
</a:schemeClr></a:solidFill></a:fill></a:tcStyle></a:band1H>
<a:firstRow><a:tcTxStyle b="on"><a:schemeClr val="lt1"/></a:tcTxStyle><a:tcStyle><a:fill>
<a:solidFill><a:schemeClr val="accent1"/></a:solidFill></a:fill></a:tcStyle></a:firstRow>
</a:tblStyle>"""


# --------------------------------------------------------------------------- docx

_HEADING = re.compile(r"^(heading|overskrift)\s*([1-9])$", re.IGNORECASE)
_WORD_THEME = {
    "dark1": "dk1",
    "light1": "lt1",
    "dark2": "dk2",
    "light2": "lt2",
    "text1": "dk1",
    "background1": "lt1",
    "text2": "dk2",
    "background2": "lt2",
    "hyperlink": "hlink",
    "followedHyperlink": "folHlink",
}
_HIGHLIGHT = {
    "yellow": (255, 255, 0),
    "green": (0, 255, 0),
    "cyan": (0, 255, 255),
    "magenta": (255, 0, 255),
    "blue": (0, 0, 255),
    "red": (255, 0, 0),
    "darkBlue": (0, 0, 139),
    "darkCyan": (0, 139, 139),
    "darkGreen": (0, 100, 0),
    "darkMagenta": (128, 0, 128),
    "darkRed": (139, 0, 0),
    "darkYellow": (128, 128, 0),
    "darkGray": (169, 169, 169),
    "lightGray": (211, 211, 211),
    "black": (0, 0, 0),
    "white": (255, 255, 255),
}


def _w(el: Element | None, name: str) -> Element | None:
    return el.find(f"w:{name}", NS) if el is not None else None


def _wval(el: Element | None, attr: str = "val") -> str | None:
    return el.get(_q("w", attr)) if el is not None else None


def _on(el: Element | None) -> bool | None:
    """A Word on/off property: absent None, else its value (no value means on)."""
    if el is None:
        return None
    value = _wval(el)
    return value not in ("0", "false", "off")


@dataclass
class _Style:
    style_id: str
    name: str
    kind: str
    based_on: str | None
    el: Element


class DocxChecker(_Checker):
    def __init__(
        self,
        path: Path,
        tag: str,
        template: Path,
        branding: _Branding,
        findings: Findings,
        output: str,
    ) -> None:
        super().__init__(path, tag, template, branding, findings)
        self.output = output
        self.what = "facilitator guide" if output == "guide" else "worksheets"
        self.package = Package(path)

    def run(self) -> None:
        package = self.package
        _check_core(package, self.tag, self.path, self.findings, self.what)
        document = package.xml("word/document.xml")
        if document is None:
            raise ValueError("it has no word/document.xml")
        styles = package.xml("word/styles.xml")
        self.styles: dict[str, _Style] = {}
        self.defaults_rpr: Element | None = None
        self.default_para: str | None = None
        self.default_char: str | None = None
        if styles is not None:
            self.defaults_rpr = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
            for style in styles.iterfind("w:style", NS):
                style_id = _wval(style, "styleId") or ""
                name_el = _w(style, "name")
                based = _w(style, "basedOn")
                kind = _wval(style, "type") or "paragraph"
                self.styles[style_id] = _Style(
                    style_id, _wval(name_el) or style_id, kind, _wval(based), style
                )
                if _wval(style, "default") in ("1", "true"):
                    if kind == "paragraph":
                        self.default_para = style_id
                    elif kind == "character":
                        self.default_char = style_id
        theme_part = package.related("word/document.xml", RT_THEME)
        theme = package.xml(theme_part) if theme_part else None
        self.drawing = DrawingColours(
            theme, {"tx1": "dk1", "bg1": "lt1", "tx2": "dk2", "bg2": "lt2"}
        )
        self.theme = self.drawing.theme
        template_theme: dict[str, RGB] = {}
        if self.template.is_file():
            try:
                tpl = Package(self.template)
                tpl_theme = tpl.related("word/document.xml", RT_THEME)
                template_theme = DrawingColours(tpl.xml(tpl_theme) if tpl_theme else None, {}).theme
            except (zipfile.BadZipFile, etree.XMLSyntaxError, ValueError):
                template_theme = {}
        self.template_theme = template_theme
        self.template_colours = self._template_style_colours()
        self.palette = _template_palette(self.template)
        self.page = self._page_background(document)

        parts = ["word/document.xml"]
        parts += sorted(
            target
            for _, kind, target in package.rels("word/document.xml")
            if kind.endswith(("/header", "/footer", "/footnotes", "/endnotes"))
        )
        headings: list[tuple[int, str]] = []
        self.contrast = ContrastLog()
        for part_name in parts:
            root = package.xml(part_name)
            if root is None:
                continue
            where = (
                "the document"
                if part_name == "word/document.xml"
                else (PurePosixPath(part_name).stem)
            )
            self._pictures(root, where)
            self.place = (
                ("section", "before the first heading")
                if part_name == "word/document.xml"
                else (
                    "part",
                    where,
                )
            )
            for paragraph in self._paragraphs(root):
                self._paragraph(paragraph, headings if part_name == "word/document.xml" else None)
        self._check_headings(headings)
        self.contrast.flush(self.findings, f"{self.what}: ")

    def _template_style_colours(self) -> dict[str, str | None]:
        """The template's own style colours, to tell a template style from one the renderer
        added or changed."""
        if not self.template.is_file():
            return {}
        try:
            styles = Package(self.template).xml("word/styles.xml")
        except (zipfile.BadZipFile, etree.XMLSyntaxError, ValueError):
            return {}
        if styles is None:
            return {}
        return {
            _wval(style, "styleId") or "": _wval(_w(_w(style, "rPr"), "color"))
            for style in styles.iterfind("w:style", NS)
        }

    def _style_part(self, style: _Style) -> str:
        own = _wval(_w(_w(style.el, "rPr"), "color"))
        if style.style_id in self.template_colours and self.template_colours[style.style_id] == own:
            return "template"
        return "output"

    # ------------------------------------------------------------------ structure

    @staticmethod
    def _page_background(document: Element) -> Paint:
        background = _w(document, "background")
        colour = _wval(background, "color")
        if colour and colour.lower() != "auto":
            return Paint((parse_hex(colour),), 1.0, "the page colour", "output")
        return Paint((WHITE,), 1.0, "the white page", "default")

    def _paragraphs(self, root: Element) -> Iterator[Element]:
        for paragraph in root.iter(_q("w", "p")):
            if not any(_local(a) == "Fallback" for a in paragraph.iterancestors()):
                yield paragraph

    def _pictures(self, root: Element, where: str) -> None:
        for doc_pr in root.iter(_q("wp", "docPr")):
            if any(_local(a) == "Fallback" for a in doc_pr.iterancestors()):
                continue
            holder = doc_pr.getparent()
            data = holder.find("a:graphic/a:graphicData", NS) if holder is not None else None
            uri = data.get("uri", "") if data is not None else ""
            if uri.endswith("wordprocessingShape") or uri.endswith("wordprocessingGroup"):
                continue
            if _is_decorative(doc_pr):
                continue
            problem = _alt_problem(doc_pr.get("descr"))
            if problem:
                what = "a chart" if "chart" in uri else "a picture"
                self.findings.add(
                    "error",
                    f"{what} in {where} {problem} (wp:docPr descr)",
                    file=self.path,
                    hint="give every picture a text alternative, or mark it decorative",
                )

    def _style_chain(self, style_id: str | None, default: str | None) -> list[_Style]:
        chain: list[_Style] = []
        current = style_id if style_id in self.styles else default
        seen: set[str] = set()
        while current and current in self.styles and current not in seen:
            seen.add(current)
            style = self.styles[current]
            chain.append(style)
            current = style.based_on
        return chain

    def _heading_level(self, chain: list[_Style]) -> int | None:
        for style in chain:
            match = _HEADING.match(style.name) or _HEADING.match(style.style_id)
            if match:
                return int(match.group(2))
        for style in chain:
            outline = _wval(_w(_w(style.el, "pPr"), "outlineLvl"))
            if outline is not None and outline.isdigit() and int(outline) < 9:
                return int(outline) + 1
        return None

    def _check_headings(self, headings: list[tuple[int, str]]) -> None:
        if not headings:
            self.findings.add(
                "error" if self.output == "guide" else "warning",
                f"the {self.what} has no headings in heading styles (Heading 1, Heading 2 or "
                "Overskrift 1, 2): screen readers cannot move between its sections",
                file=self.path,
                hint="set section titles in the template's heading styles",
            )
            return
        previous = 0
        for level, text in headings:
            if previous and level > previous + 1:
                self.findings.add(
                    "warning",
                    f"the heading {_snippet(text)!r} jumps from level {previous} to {level}",
                    file=self.path,
                    hint="heading levels go down one step at a time",
                )
            previous = level

    # ------------------------------------------------------------------ runs

    def _table_context(self, paragraph: Element) -> tuple[Element | None, Element | None, int]:
        cell = row = table = None
        for ancestor in paragraph.iterancestors():
            name = _local(ancestor)
            if name == "tc" and cell is None:
                cell = ancestor
            elif name == "tr" and row is None:
                row = ancestor
            elif name == "tbl":
                table = ancestor
                break
        rows = list(table.iterfind("w:tr", NS)) if table is not None else []
        index = rows.index(row) if row in rows else 0
        return table, cell, index

    def _table_style_parts(
        self, table: Element | None, row_index: int
    ) -> list[tuple[Element, str]]:
        """Table style property holders that apply to a row, weakest first: (el, words)."""
        if table is None:
            return []
        tbl_pr = _w(table, "tblPr")
        style_id = _wval(_w(tbl_pr, "tblStyle"))
        chain = list(reversed(self._style_chain(style_id, None))) if style_id else []
        look = _w(tbl_pr, "tblLook")
        first_row = False
        band_rows = True
        if look is not None:
            first_row = _wval(look, "firstRow") in ("1", "true")
            band_rows = _wval(look, "noHBand") not in ("1", "true")
            legacy = _wval(look)
            if legacy and _wval(look, "firstRow") is None:
                try:
                    bits = int(legacy, 16)
                    first_row = bool(bits & 0x0020)
                    band_rows = not bits & 0x0200
                except ValueError:
                    pass
        holders: list[tuple[Element, str]] = []
        for style in chain:
            holders.append((style.el, f"table style {style.name!r}"))
            conditions = []
            if band_rows and not (first_row and row_index == 0):
                data_index = row_index - (1 if first_row else 0)
                conditions.append("band1Horz" if data_index % 2 == 0 else "band2Horz")
            if first_row and row_index == 0:
                conditions.append("firstRow")
            for condition in conditions:
                for part in style.el.iterfind("w:tblStylePr", NS):
                    if _wval(part) == condition:
                        holders.append((part, f"table style {style.name!r} ({condition})"))
        return holders

    def _paragraph(self, paragraph: Element, headings: list[tuple[int, str]] | None) -> None:
        ppr = _w(paragraph, "pPr")
        p_style = _wval(_w(ppr, "pStyle"))
        p_chain = self._style_chain(p_style, self.default_para)
        text = "".join(t.text or "" for t in paragraph.iter(_q("w", "t")))
        if headings is not None and text.strip():
            level = self._heading_level(p_chain)
            if level is not None:
                headings.append((level, text))
                self.place = ("section", repr(_snippet(text, 30)))
        place = self.place
        table, cell, row_index = self._table_context(paragraph)
        table_parts = self._table_style_parts(table, row_index)

        # Run property holders, weakest first; each (rPr element, words, part).
        base: list[tuple[Element | None, str, str]] = [
            (self.defaults_rpr, "the document defaults", "template")
        ]
        for holder, words in table_parts:
            base.append((_w(holder, "rPr"), words, "template"))
        for style in reversed(p_chain):
            base.append(
                (_w(style.el, "rPr"), f"paragraph style {style.name!r}", self._style_part(style))
            )

        background = self._paragraph_background(paragraph, ppr, p_chain, cell, table_parts)
        for run in paragraph.iter(_q("w", "r")):
            if any(_local(a) == "Fallback" for a in run.iterancestors()):
                continue
            run_text = "".join(t.text or "" for t in run.iterfind("w:t", NS))
            if not run_text.strip():
                continue
            rpr = _w(run, "rPr")
            r_style = _wval(_w(rpr, "rStyle"))
            holders = list(base)
            if r_style:
                for style in reversed(self._style_chain(r_style, None)):
                    holders.append(
                        (
                            _w(style.el, "rPr"),
                            f"character style {style.name!r}",
                            self._style_part(style),
                        )
                    )
            holders.append((rpr, "the text run", "output"))
            self._run_language(holders, place)
            self._run_contrast(holders, run_text, background, place)

    def _nearest(
        self, holders: list[tuple[Element | None, str, str]], name: str
    ) -> tuple[Element | None, str, str]:
        for holder, words, part in reversed(holders):
            found = _w(holder, name)
            if found is not None:
                return found, words, part
        return None, "", ""

    def _run_language(
        self, holders: list[tuple[Element | None, str, str]], place: tuple[str, str]
    ) -> None:
        lang_el, words, part = self._nearest(holders, "lang")
        lang = _wval(lang_el)
        if not lang:
            self.findings.add(
                "error",
                f"text without a language (w:lang) in the {self.what}; expected {self.tag}",
                file=self.path,
                key="language",
                hint="set the language in the document defaults, the styles or the runs",
                place=place,
            )
        elif lang.lower() != self.tag.lower():
            self.findings.add(
                "error",
                f"text in the {self.what} is tagged {lang} (in {words}); the programme's "
                f"målform needs {self.tag}",
                file=self.path,
                key="language",
                place=place,
            )

    def _shading(self, holder: Element | None, words: str, part: str) -> Paint | None:
        shd = _w(holder, "shd")
        if shd is None:
            return None
        pattern = _wval(shd) or "clear"
        fill = _wval(shd, "fill") or "auto"
        colour = _wval(shd, "color") or "auto"
        fill_rgb = parse_hex(fill) if fill.lower() != "auto" else None
        colour_rgb = parse_hex(colour) if colour.lower() != "auto" else (0, 0, 0)
        if pattern in ("nil", "clear"):
            return Paint((fill_rgb,), 1.0, words, part) if fill_rgb else None
        if pattern == "solid":
            return Paint((colour_rgb,), 1.0, words, part)
        match = re.fullmatch(r"pct(\d+)", pattern)
        if match:
            base = fill_rgb or WHITE
            return Paint((blend(colour_rgb, base, int(match.group(1)) / 100),), 1.0, words, part)
        return Paint((fill_rgb or WHITE, colour_rgb), 1.0, f"{words} (a pattern)", part)

    def _paragraph_background(
        self,
        paragraph: Element,
        ppr: Element | None,
        p_chain: list[_Style],
        cell: Element | None,
        table_parts: list[tuple[Element, str]],
    ) -> Paint:
        found = self._shading(ppr, "the paragraph's shading", "output")
        if found is not None:
            return found
        for style in p_chain:
            found = self._shading(
                _w(style.el, "pPr"), f"paragraph style {style.name!r}", "template"
            )
            if found is not None:
                return found
        if cell is not None:
            found = self._shading(_w(cell, "tcPr"), "the table cell's shading", "output")
            if found is not None:
                return found
            for holder, words in reversed(table_parts):
                found = self._shading(_w(holder, "tcPr"), words, "template")
                if found is not None:
                    return found
        for ancestor in paragraph.iterancestors():
            if _local(ancestor) == "wsp":
                paint = self.drawing.fill(
                    ancestor.find("wps:spPr", NS), "the text box's fill", "output"
                )
                if paint is not None and paint is not NO_PAINT and not paint.unknown:
                    return _over(paint, self.page) if paint.alpha < 0.999 else paint
                break
        return self.page

    def _colour(self, colour: Element, words: str, part: str) -> Paint | None:
        theme_colour = _wval(colour, "themeColor")
        value = _wval(colour) or "auto"
        if theme_colour:
            slot = _WORD_THEME.get(theme_colour, theme_colour)
            if slot in self.theme:
                rgb = self.theme[slot]
                tint = _wval(colour, "themeTint")
                shade = _wval(colour, "themeShade")
                if tint:
                    rgb = word_theme_tint(rgb, int(tint, 16))
                if shade:
                    rgb = word_theme_shade(rgb, int(shade, 16))
                return Paint((rgb,), 1.0, f"{words}, theme colour {slot}", part, slot)
        if value.lower() == "auto":
            return None  # Word picks black or white against the background
        return Paint((parse_hex(value),), 1.0, words, part)

    def _run_contrast(
        self,
        holders: list[tuple[Element | None, str, str]],
        text: str,
        background: Paint,
        place: tuple[str, str],
    ) -> None:
        colour_el, words, part = self._nearest(holders, "color")
        if colour_el is None:
            return  # automatic colour: black on light, white on dark
        if _on(self._nearest(holders, "vanish")[0]):
            return
        text_paint = self._colour(colour_el, f"text colour from {words}", part)
        if text_paint is None:
            return
        highlight = _wval(self._nearest(holders, "highlight")[0])
        run_shading = None
        rpr = holders[-1][0]
        if rpr is not None:
            run_shading = self._shading(rpr, "the text run's shading", "output")
        if highlight and highlight in _HIGHLIGHT:
            background = Paint((_HIGHLIGHT[highlight],), 1.0, "the highlight", "output")
        elif run_shading is not None:
            background = run_shading
        size_el, _, _ = self._nearest(holders, "sz")
        size_value = _wval(size_el)
        size_pt = int(size_value) / 2 if size_value and size_value.isdigit() else 10.0
        bold = bool(_on(self._nearest(holders, "b")[0]))
        judged = _judge(text_paint, background, size_pt, bold)
        if judged is None:
            return
        where = _blame_paints(
            [(text_paint, judged.text), (background, judged.background)],
            self.branding,
            self.template,
            self.path,
            self.template_theme,
            self.palette,
        )
        self.contrast.add(judged, text_paint, background, where, [place])


# --------------------------------------------------------------------------- PDF


def _check_pdf(path: Path, tag: str, findings: Findings, tagged: bool) -> None:
    """/Lang, title and (when `tagged`) the structure tree, with /Alt on every figure."""
    try:
        import pikepdf
    except ImportError:
        findings.add(
            "warning",
            f"{path.name} was not checked: pikepdf is not installed",
            file=path,
            hint="pip install -e '.[dev]'",
        )
        return
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PdfError as exc:
        findings.add("error", f"{path.name} cannot be read as a PDF: {exc}", file=path)
        return
    with pdf:
        root = pdf.Root
        _check_declared_language(
            findings,
            str(root.get("/Lang", "")).strip(),
            tag,
            path,
            "the PDF",
            "(/Lang)",
            hint="export with the language set, so screen readers read Norwegian",
        )
        title = str(pdf.docinfo.get("/Title", "")).strip() if pdf.docinfo is not None else ""
        if not title:
            try:
                with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
                    title = str(meta.get("dc:title", "") or "").strip()
            except Exception:  # noqa: BLE001 - broken XMP is no title
                title = ""
        if not title:
            findings.add(
                "error",
                "the PDF has no document title (/Title): viewers show the file name instead",
                file=path,
                key="title",
            )
        prefs = root.get("/ViewerPreferences")
        if title and (prefs is None or not bool(prefs.get("/DisplayDocTitle", False))):
            findings.add(
                "warning",
                "the PDF does not ask viewers to show its title (/DisplayDocTitle) instead of "
                "the file name",
                file=path,
                key="title",
                hint="PDF/UA asks for it; LibreOffice sets it with its PDF/UA export option",
            )
        if not tagged:
            return
        mark = root.get("/MarkInfo")
        marked = mark is not None and bool(mark.get("/Marked", False))
        if "/StructTreeRoot" not in root or not marked:
            findings.add(
                "error",
                "the PDF is not tagged (no /StructTreeRoot or /MarkInfo /Marked): screen "
                "readers get no headings, lists, reading order or alt text",
                file=path,
                hint="export with LibreOffice's tagged-PDF option (UseTaggedPDF)",
            )
            return
        figures, without_alt = _pdf_figures(pdf, root.StructTreeRoot)
        if without_alt:
            pages = sorted({page for page in without_alt if page})
            findings.add(
                "error",
                f"{len(without_alt)} of {figures} figures in the PDF have no alt text (/Alt)"
                + (f" ({_places('page', [str(p) for p in pages], most=12)})" if pages else ""),
                file=path,
                hint="LibreOffice tags every picture and every shape without text as a figure: "
                "give each alt text (descr) in the .pptx or .docx",
            )


def _pdf_figures(pdf: Any, tree: Any, most: int = 50000) -> tuple[int, list[int]]:
    """(figures, pages of the figures without /Alt) in a structure tree, walked without
    recursion and without visiting a node twice."""
    import pikepdf

    pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    figures = 0
    without: list[int] = []
    stack: list[tuple[Any, int]] = [(tree, 0)]
    seen: set[tuple[int, int]] = set()
    count = 0
    while stack and count < most:
        node, page = stack.pop()
        count += 1
        if isinstance(node, pikepdf.Array):
            stack.extend((kid, page) for kid in node)
            continue
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        own_page = node.get("/Pg")
        if isinstance(own_page, pikepdf.Dictionary) and own_page.is_indirect:
            page = pages.get(own_page.objgen, page)
        if node.get("/S") == pikepdf.Name.Figure:
            figures += 1
            alt = node.get("/Alt")
            if alt is None or not str(alt).strip():
                without.append(page)
        kids = node.get("/K")
        if kids is not None:
            stack.append((kids, page))
    return figures, without


# --------------------------------------------------------------------------- poster

_NOT_DRAWN = {
    "defs",
    "clipPath",
    "mask",
    "symbol",
    "marker",
    "pattern",
    "linearGradient",
    "radialGradient",
    "title",
    "desc",
    "metadata",
    "style",
    "filter",
    "font",
}
_SHAPES = {"rect", "circle", "ellipse", "polygon", "polyline", "path", "image", "line"}
Matrix = tuple[float, float, float, float, float, float]  # a b c d e f
_ID: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _mul(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + c * b2,
        b * a2 + d * b2,
        a * c2 + c * d2,
        b * c2 + d * d2,
        a * e2 + c * f2 + e,
        b * e2 + d * f2 + f,
    )


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _invert(m: Matrix) -> Matrix | None:
    a, b, c, d, e, f = m
    det = a * d - b * c
    if abs(det) < 1e-12:
        return None
    return (d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det)


def _parse_transform(text: str | None) -> Matrix:
    matrix = _ID
    if not text:
        return matrix
    for name, args in re.findall(r"(\w+)\s*\(([^)]*)\)", text):
        values = [float(v) for v in _NUMBER.findall(args)]
        step: Matrix = _ID
        if name == "matrix" and len(values) == 6:
            step = tuple(values)  # type: ignore[assignment]
        elif name == "translate" and values:
            step = (1, 0, 0, 1, values[0], values[1] if len(values) > 1 else 0)
        elif name == "scale" and values:
            step = (values[0], 0, 0, values[1] if len(values) > 1 else values[0], 0, 0)
        elif name == "rotate" and values:
            angle = math.radians(values[0])
            cos, sin = math.cos(angle), math.sin(angle)
            step = (cos, sin, -sin, cos, 0, 0)
            if len(values) == 3:
                cx, cy = values[1], values[2]
                step = _mul(_mul((1, 0, 0, 1, cx, cy), step), (1, 0, 0, 1, -cx, -cy))
        elif name == "skewX" and values:
            step = (1, 0, math.tan(math.radians(values[0])), 1, 0, 0)
        elif name == "skewY" and values:
            step = (1, math.tan(math.radians(values[0])), 0, 1, 0, 0)
        matrix = _mul(matrix, step)
    return matrix


def _length(text: str | None, default: float = 0.0) -> float:
    if not text:
        return default
    match = _NUMBER.match(text.strip())
    return float(match.group()) if match else default


def _first_number(text: str | None) -> float | None:
    if not text:
        return None
    match = _NUMBER.search(text)
    return float(match.group()) if match else None


def _path_points(d: str) -> list[tuple[float, float]]:
    """The end and control points of an SVG path, absolute; enough for a bounding box."""
    points: list[tuple[float, float]] = []
    tokens = re.findall(r"[MmLlHhVvCcSsQqTtAaZz]|" + _NUMBER.pattern, d)
    x = y = start_x = start_y = 0.0
    command = ""
    index = 0
    sizes = {"m": 2, "l": 2, "h": 1, "v": 1, "c": 6, "s": 4, "q": 4, "t": 2, "a": 7, "z": 0}
    while index < len(tokens):
        token = tokens[index]
        if token.isalpha():
            command = token
            index += 1
            if command in "Zz":
                x, y = start_x, start_y
                points.append((x, y))
                continue
        if not command:
            break
        size = sizes[command.lower()]
        args = tokens[index : index + size]
        if len(args) < size or any(a.isalpha() for a in args):
            break
        index += size
        values = [float(a) for a in args]
        relative = command.islower()
        ox, oy = (x, y) if relative else (0.0, 0.0)
        kind = command.lower()
        if kind == "h":
            x = values[0] + (x if relative else 0.0)
        elif kind == "v":
            y = values[0] + (y if relative else 0.0)
        elif kind == "a":
            x, y = values[5] + ox, values[6] + oy
            rx, ry = abs(values[0]), abs(values[1])
            points.extend([(x - rx, y - ry), (x + rx, y + ry)])
        else:
            for i in range(0, size - 2, 2):
                points.append((values[i] + ox, values[i + 1] + oy))
            x, y = values[size - 2] + ox, values[size - 1] + oy
        points.append((x, y))
        if kind == "m":
            start_x, start_y = x, y
            command = "l" if relative else "L"
    return points


def _inside_polygon(x: float, y: float, points: list[tuple[float, float]]) -> bool:
    inside = False
    count = len(points)
    for i in range(count):
        x1, y1 = points[i]
        x2, y2 = points[(i + 1) % count]
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / ((y2 - y1) or 1e-12) + x1:
            inside = not inside
    return inside


@dataclass
class _SvgShape:
    node: Any
    inverse: Matrix
    paint: Paint


class PosterChecker(_Checker):
    def __init__(
        self, svg: Path, tag: str, template: Path, branding: _Branding, findings: Findings
    ) -> None:
        super().__init__(svg, tag, template, branding, findings)
        self.template_text = (
            template.read_text(encoding="utf-8", errors="replace").lower()
            if template.is_file()
            else ""
        )

    def run(self) -> None:
        data = self.path.read_bytes()
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            self.findings.add(
                "error", f"{self.path.name} is not well-formed SVG: {exc}", file=self.path
            )
            return
        self._language(root)
        self._title(root)
        self._png_alternative()
        self.ids = {el.get("id"): el for el in root.iter() if el.get("id")}
        self.scale_pt = self._points_per_unit(root)
        from cairosvg.parser import Tree

        try:
            tree = Tree(bytestring=data, unsafe=False)
        except Exception as exc:  # noqa: BLE001 - cairosvg raises many kinds
            self.findings.add(
                "warning", f"the poster's colours were not checked: {exc}", file=self.path
            )
            return
        self.painted: list[_SvgShape] = []
        self.contrast = ContrastLog()
        self._walk(tree, _ID, 1.0)
        self.contrast.flush(self.findings, "poster: ", " at print size")
        pdf = self.path.with_suffix(".pdf")
        if pdf.is_file():
            _check_pdf(pdf, self.tag, self.findings, tagged=False)
        else:
            self.findings.add("warning", f"{pdf.name} is not built", file=pdf)

    def _language(self, root: Element) -> None:
        lang = root.get(XML_LANG) or root.get("lang") or ""
        if not lang:
            self.findings.add(
                "error",
                f"the poster SVG has no xml:lang; expected {self.tag}",
                file=self.path,
                key="language",
            )
        elif lang.lower() != self.tag.lower():
            self.findings.add(
                "error",
                f"the poster SVG declares xml:lang={lang}; the programme's målform needs "
                f"{self.tag}",
                file=self.path,
                key="language",
            )

    def _title(self, root: Element) -> None:
        for name in ("title", "desc"):
            found = root.find(f"{{{SVG}}}{name}")
            if found is None:
                found = root.find(name)
            if found is None or not "".join(found.itertext()).strip():
                self.findings.add(
                    "error",
                    f"the poster SVG has no <{name}> as a child of <svg>: screen readers and "
                    "search have nothing to read",
                    file=self.path,
                )

    def _png_alternative(self) -> None:
        png = self.path.with_suffix(".png")
        text = self.path.with_suffix(".txt")
        if not png.is_file():
            self.findings.add("warning", f"{png.name} is not built", file=png)
            return
        if not text.is_file() or not text.read_text(encoding="utf-8", errors="replace").strip():
            self.findings.add(
                "error",
                f"{png.name} has no text alternative {text.name} beside it",
                file=png,
                hint="publish the poster's text with the picture",
            )

    @staticmethod
    def _points_per_unit(root: Element) -> float:
        """Points of print per SVG user unit: from width and viewBox."""
        width = root.get("width") or ""
        view_box = [float(v) for v in _NUMBER.findall(root.get("viewBox") or "")]
        match = re.fullmatch(r"\s*([\d.]+)\s*(mm|cm|in|pt|pc|px)?\s*", width)
        if not match:
            return 0.75
        value = float(match.group(1))
        unit = match.group(2) or "px"
        points = (
            value
            * {"mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "pt": 1.0, "pc": 12.0, "px": 0.75}[
                unit
            ]
        )
        if len(view_box) == 4 and view_box[2] > 0:
            return points / view_box[2]
        return points / value if value else 0.75

    def _paint(self, node: Any, prop: str, opacity: float, words: str) -> Paint | None:
        value = (node.get(prop) or ("black" if prop == "fill" else "none")).strip()
        if value in ("none", "transparent"):
            return None
        alpha = opacity * _length(node.get(f"{prop}-opacity"), 1.0)
        url = re.match(r"url\(\s*['\"]?#([^)'\"]+)['\"]?\s*\)", value)
        if url:
            gradient = self.ids.get(url.group(1))
            if gradient is None:
                return None
            stops = []
            for stop in gradient.iter(f"{{{SVG}}}stop", "stop"):
                style = dict(
                    part.split(":", 1)
                    for part in (stop.get("style") or "").split(";")
                    if ":" in part
                )
                colour = (stop.get("stop-color") or style.get("stop-color", "black")).strip()
                rgb = _css_rgb(colour)
                if rgb is not None:
                    stops.append(rgb)
            if not stops:
                return Paint((), 1.0, words, unknown="a pattern")
            return Paint(tuple(stops), alpha, f"{words} (a gradient)")
        rgb = _css_rgb(value)
        if rgb is None:
            return None
        return Paint((rgb,), alpha, words)

    def _walk(self, node: Any, matrix: Matrix, opacity: float) -> None:
        tag = node.tag
        if tag in _NOT_DRAWN or node.get("display") == "none":
            return
        matrix = _mul(matrix, _parse_transform(node.get("transform")))
        opacity *= _length(node.get("opacity"), 1.0)
        if node.get("visibility") in ("hidden", "collapse"):
            return
        if tag == "text":
            self._text(node, matrix, opacity)
            return
        if tag in _SHAPES:
            inverse = _invert(matrix)
            if inverse is not None:
                if tag == "image":
                    paint = Paint((), 1.0, "a picture", unknown="a picture")
                else:
                    paint_or_none = self._paint(node, "fill", opacity, f"the {tag}'s fill")
                    if paint_or_none is None or tag == "line":
                        return
                    paint = paint_or_none
                self.painted.append(_SvgShape(node, inverse, paint))
            return
        for child in node.children:
            self._walk(child, matrix, opacity)

    def _contains(self, shape: _SvgShape, x: float, y: float) -> bool:
        lx, ly = _apply(shape.inverse, x, y)
        node = shape.node
        tag = node.tag
        if tag in ("rect", "image"):
            left, top = _length(node.get("x")), _length(node.get("y"))
            width, height = _length(node.get("width")), _length(node.get("height"))
            return left <= lx <= left + width and top <= ly <= top + height
        if tag in ("circle", "ellipse"):
            cx, cy = _length(node.get("cx")), _length(node.get("cy"))
            rx = _length(node.get("r") or node.get("rx"))
            ry = _length(node.get("r") or node.get("ry"))
            if rx <= 0 or ry <= 0:
                return False
            return ((lx - cx) / rx) ** 2 + ((ly - cy) / ry) ** 2 <= 1
        if tag in ("polygon", "polyline"):
            values = [float(v) for v in _NUMBER.findall(node.get("points") or "")]
            points = list(zip(values[0::2], values[1::2], strict=False))
            return len(points) >= 3 and _inside_polygon(lx, ly, points)
        if tag == "path":
            d = node.get("d") or ""
            points = _path_points(d)
            if len(points) < 3:
                return False
            if not re.search(r"[CcSsQqTtAa]", d):
                return _inside_polygon(lx, ly, points)
            xs = [p[0] for p in points]
            ys = [p[1] for p in points]
            return min(xs) <= lx <= max(xs) and min(ys) <= ly <= max(ys)
        return False

    def _behind(self, x: float, y: float, shapes: list[_SvgShape]) -> Paint:
        for position in range(len(shapes) - 1, -1, -1):
            shape = shapes[position]
            if not self._contains(shape, x, y):
                continue
            if shape.paint.alpha < 0.999 and not shape.paint.unknown:
                return _over(shape.paint, self._behind(x, y, shapes[:position]))
            return shape.paint
        return Paint((WHITE,), 1.0, "the white page")

    def _text(self, node: Any, matrix: Matrix, opacity: float) -> None:
        pieces = [(node, node.text or "")]
        pieces += [
            (child, child.text or "")
            for child in node.children
            if child.tag in ("tspan", "textPath", "a")
        ]
        base_x = _first_number(node.get("x")) or 0.0
        base_y = _first_number(node.get("y")) or 0.0
        for piece, text in pieces:
            if not text.strip():
                continue
            if piece is not node and piece.get("display") == "none":
                continue
            piece_matrix = (
                matrix if piece is node else _mul(matrix, _parse_transform(piece.get("transform")))
            )
            size = _length(piece.get("font-size"), 16.0)
            x = _first_number(piece.get("x"))
            y = _first_number(piece.get("y"))
            x = base_x if x is None else x
            y = base_y if y is None else y
            px, py = _apply(piece_matrix, x, y - size * 0.35)
            a, b, c, d, _, _ = piece_matrix
            size_pt = size * math.sqrt(abs(a * d - b * c)) * self.scale_pt
            weight = (piece.get("font-weight") or "normal").strip()
            bold = weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 700)
            fill = self._paint(piece, "fill", opacity, "the text's fill")
            if fill is None:
                continue
            background = self._behind(px, py, self.painted)
            if background.unknown or fill.unknown:
                self.findings.add(
                    "warning",
                    f"poster text {_snippet(text)!r} on a picture cannot be checked for contrast",
                    file=self.path,
                )
                continue
            judged = _judge(fill, background, size_pt, bold)
            if judged is None:
                continue
            self.contrast.add(
                judged, fill, background, self._blame(judged), [("text", repr(_snippet(text, 30)))]
            )

    def _blame(self, judged: Contrast) -> dict[str, Any]:
        for rgb in (judged.text, judged.background):
            if (
                to_hex(rgb).lower() in self.template_text
                or to_hex(rgb)[1:].lower() in (self.template_text)
                and self.template_text
            ):
                name = self.branding.name_of(rgb)
                if name is None:
                    return {"file": self.template}
        for rgb in (judged.text, judged.background):
            name = self.branding.name_of(rgb)
            if name is not None:
                return self.branding.where(name)
        if self.template_text:
            return {"file": self.template}
        return {"file": self.path}


def _css_rgb(value: str) -> RGB | None:
    from cairosvg.colors import color

    value = value.strip()
    if value in ("none", "transparent", "currentColor", "currentcolor"):
        return None
    r, g, b, _ = color(value)
    return (round(r * 255), round(g * 255), round(b * 255))


# --------------------------------------------------------------------------- one file at a time


def _no_branding() -> _Branding:
    return _Branding(Path("program.yaml"), {}, {})


def check_pptx(
    path: Path, tag: str, template: Path | None = None, branding: _Branding | None = None
) -> list[Diagnostic]:
    """Check one .pptx: language, alt text, titles and contrast."""
    findings = Findings()
    PptxChecker(path, tag, template or Path(""), branding or _no_branding(), findings).run()
    return findings.diagnostics()


def check_docx(
    path: Path,
    tag: str,
    kind: str = "guide",
    template: Path | None = None,
    branding: _Branding | None = None,
) -> list[Diagnostic]:
    """Check one .docx (`kind` guide or worksheets): language, alt text, title, headings and
    contrast."""
    findings = Findings()
    DocxChecker(path, tag, template or Path(""), branding or _no_branding(), findings, kind).run()
    return findings.diagnostics()


def check_pdf(path: Path, tag: str, tagged: bool = True) -> list[Diagnostic]:
    """Check one PDF: /Lang, title, and for `tagged` the structure tree and figures' /Alt."""
    findings = Findings()
    _check_pdf(path, tag, findings, tagged)
    return findings.diagnostics()


def check_poster(
    svg: Path, tag: str, template: Path | None = None, branding: _Branding | None = None
) -> list[Diagnostic]:
    """Check one poster SVG, the PNG's text file and the PDF beside it."""
    findings = Findings()
    PosterChecker(svg, tag, template or Path(""), branding or _no_branding(), findings).run()
    return findings.diagnostics()


__all__ = [
    "check_accessibility",
    "check_docx",
    "check_pdf",
    "check_poster",
    "check_pptx",
]
