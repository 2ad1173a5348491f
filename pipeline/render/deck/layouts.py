"""Reading a designer's .pptx template: which layout each slide kind uses, and why.

Layouts are chosen by the placeholder types they contain (a centred title, a subtitle, one or two
large text areas, nothing but a title), never by their names or their order. A template with
Norwegian layout names ("Tittellysbilde", "Tittel og innhold", "Bare tittel", "Tomt"), with its
layouts reordered, or with some of them missing, still gives a complete deck: what a layout
lacks, the renderer draws, and placeholders it does not need are removed from the slide.

`inspect_pptx_template` explains the choice in plain words for `samling templates check`.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.presentation import Presentation as PresentationType
from pptx.slide import SlideLayout

from pipeline.errors import Diagnostic, SamlingError, TemplateError
from pipeline.ooxml.guard import guard_office_template
from pipeline.ooxml.theme import latin_fonts, scheme_colours
from pipeline.ooxml.units import EMU_PER_INCH
from pipeline.render.deck.looks import Look, look_of

PPTX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
POTX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"

Role = Literal["title", "section", "content", "two_content", "title_only"]
ROLES: tuple[Role, ...] = ("title", "section", "content", "two_content", "title_only")

# Which slide kinds use which role. The renderer may step down a role for one slide (an
# exercise slide without text of its own needs no text area), never up.
ROLE_KINDS: dict[Role, tuple[str, ...]] = {
    "title": ("title", "closing"),
    "section": ("section", "pause", "lunsj"),
    "content": ("bullets", "quote", "questions", "results", "frame", "exercise"),
    "two_content": ("columns",),
    "title_only": (
        "agenda",
        "image",
        "poll",
        "wordcloud",
        "pyramid",
        "steps",
        "triangle",
        "flow",
        "statistic",
        "diamond",
        "cards",
        "levels",
    ),
}

KIND_ROLE: dict[str, Role] = {kind: role for role, kinds in ROLE_KINDS.items() for kind in kinds}

ROLE_WORDS: dict[Role, str] = {
    "title": "a centred title and a subtitle",
    "section": "a title and a short text line, no large text area",
    "content": "a title and one large text area",
    "two_content": "a title and two large text areas side by side",
    "title_only": "only a title",
}

TEXT_TYPES = {"body", "obj"}
OTHER_CONTENT = {"chart", "tbl", "clipArt", "dgm", "media", "pic", "sldImg"}
FOOTER_TYPES = {"dt", "ftr", "sldNum", "hdr"}
TYPE_WORDS = {
    "title": "title",
    "ctrTitle": "centred title",
    "subTitle": "subtitle",
    "body": "text",
    "obj": "content",
    "pic": "picture",
    "tbl": "table",
    "chart": "chart",
    "clipArt": "clip art",
    "dgm": "SmartArt",
    "media": "media",
    "dt": "date",
    "ftr": "footer",
    "sldNum": "slide number",
    "hdr": "header",
}


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


@dataclass(frozen=True)
class PlaceholderInfo:
    idx: int
    type: str
    box: Box | None
    vertical: bool = False

    @property
    def words(self) -> str:
        word = TYPE_WORDS.get(self.type, self.type)
        return f"vertical {word}" if self.vertical else word


@dataclass
class LayoutInfo:
    position: int
    name: str
    layout: SlideLayout = field(repr=False, compare=False)
    placeholders: list[PlaceholderInfo]
    slide_height: int
    look: Look | None = None
    master: int = 0  # which slide master (0 = the first) the layout belongs to
    declared: str | None = None  # the layout's own type attribute ("title", "secHead", ...)

    @property
    def looked_title(self) -> PlaceholderInfo | None:
        """Where a title goes when the layout has no title placeholder: its big text box."""
        if self.title is not None or self.look is None or self.look.big_text is None:
            return None
        idx, box = self.look.big_text
        return PlaceholderInfo(idx, "body", Box(*box))

    @property
    def title(self) -> PlaceholderInfo | None:
        for ph in self.placeholders:
            if ph.type in ("title", "ctrTitle") and not ph.vertical:
                return ph
        return None

    @property
    def centred_title(self) -> bool:
        return self.title is not None and self.title.type == "ctrTitle"

    @property
    def subtitle(self) -> PlaceholderInfo | None:
        for ph in self.placeholders:
            if ph.type == "subTitle":
                return ph
        return None

    def _texts(self) -> list[PlaceholderInfo]:
        texts = [p for p in self.placeholders if p.type in TEXT_TYPES and not p.vertical]
        return sorted(texts, key=lambda p: (p.box.left, p.box.top) if p.box else (0, 0))

    def _is_large(self, ph: PlaceholderInfo) -> bool:
        return ph.box is not None and ph.box.height >= 0.35 * self.slide_height

    @property
    def large_texts(self) -> list[PlaceholderInfo]:
        return [p for p in self._texts() if self._is_large(p)]

    @property
    def small_texts(self) -> list[PlaceholderInfo]:
        return [p for p in self._texts() if not self._is_large(p)]

    @property
    def others(self) -> list[PlaceholderInfo]:
        return [
            p
            for p in self.placeholders
            if p.type in OTHER_CONTENT
            or (p.vertical and p.type not in FOOTER_TYPES)
            or p.type not in (TEXT_TYPES | OTHER_CONTENT | FOOTER_TYPES | {"title", "ctrTitle"})
            and p.type != "subTitle"
        ]

    def has(self, ph_type: str) -> bool:
        return any(p.type == ph_type for p in self.placeholders)

    def describe(self) -> str:
        shown = [p.words for p in self.placeholders if p.type not in FOOTER_TYPES]
        extras = [p.words for p in self.placeholders if p.type in FOOTER_TYPES]
        text = ", ".join(shown) if shown else "no placeholders"
        if extras:
            text += f" (+ {', '.join(extras)})"
        return text


@dataclass
class LayoutChoice:
    role: Role
    layout: LayoutInfo
    exact: bool
    note: str  # plain words: what the renderer does about what is missing

    @property
    def looked_title(self) -> PlaceholderInfo | None:
        """A cover's or section's big text box, where the title goes (no title placeholder)."""
        return self.layout.looked_title if self.role in ("title", "section") else None


# The layout types (the `type` attribute of p:sldLayout) that declare a cover or a section.
# Other types are not trusted: some apps write "blank" on every layout.
DECLARED: dict[str, str] = {"title": "title", "section": "secHead"}


def _side_by_side(a: PlaceholderInfo, b: PlaceholderInfo) -> bool:
    if a.box is None or b.box is None:
        return False
    return a.box.right <= b.box.left + a.box.width * 0.1 or b.box.right <= a.box.left


def score(role: Role, info: LayoutInfo) -> tuple[int, bool, str]:
    """How well `info` serves `role`: (score, exact, what the renderer does about the gaps)."""
    title = info.title
    large = info.large_texts
    small = info.small_texts
    subtitle = info.subtitle
    leftovers = len(info.others)
    notes: list[str] = []
    points = look_points(role, info)
    looked = info.looked_title if role in ("title", "section") else None
    if looked is not None:
        # No title placeholder, but a big text box: the title is drawn there.
        title = looked
        large = [p for p in large if p.idx != looked.idx]
        small = [p for p in small if p.idx != looked.idx]
        if subtitle is not None and subtitle.idx == looked.idx:
            subtitle = None
        notes.append("the title is drawn where its big text box is")
    if info.declared is not None and info.declared == DECLARED.get(role):
        # The layout says what it is for: PowerPoint's and Google Slides' own title and section
        # layouts do, and that outweighs a closer fit of placeholders elsewhere (a text line
        # more and the exact-fit bonus are worth 9 points).
        points += 10
    if title is None:
        points -= 40
        notes.append("a title placeholder is added to each slide")
    else:
        points += 20
    if role == "title":
        exact = info.centred_title and (subtitle is not None or len(small) == 1) and not large
        points += 8 if info.centred_title else 0
        points += 8 if subtitle is not None else (4 if small else 0)
        points -= 6 * len(large) + 3 * leftovers
        if subtitle is None and not small:
            notes.append("the subtitle is drawn as a text box")
    elif role == "section":
        exact = (
            title is not None
            and not info.centred_title
            and len(small) + (subtitle is not None) == 1
            and not large
        )
        points += 0 if info.centred_title else 6
        points += 6 if (small or subtitle is not None) else 2
        points -= 8 * len(large) + 3 * leftovers
        if not small and subtitle is None:
            notes.append("its text line is drawn as a text box")
    elif role == "content":
        exact = len(large) == 1 and not info.centred_title
        points += 12 if large else 0
        points -= 4 * max(0, len(large) - 1) + 2 * len(small) + 3 * leftovers
        points -= 6 if info.centred_title else 0
        points -= 3 if subtitle is not None else 0
        if not large:
            notes.append("the text is drawn as a text box where a text area would be")
    elif role == "two_content":
        pair = len(large) >= 2 and _side_by_side(large[0], large[1])
        exact = pair and len(large) == 2 and not info.centred_title
        points += 16 if pair else (6 if large else 0)
        points -= 4 * max(0, len(large) - 2) + 2 * len(small) + 3 * leftovers
        points -= 6 if info.centred_title else 0
        if not pair:
            notes.append(
                "the second column is drawn as a text box"
                if large
                else "both columns are drawn as text boxes"
            )
    else:  # title_only
        exact = title is not None and not large and not small and not info.centred_title
        points -= 6 * len(large) + 3 * len(small) + 3 * leftovers
        points -= 3 if subtitle is not None else 0
        points -= 8 if info.centred_title else 0
    if large or small or subtitle is not None or leftovers:
        unused = role in ("title_only",) or (role == "section" and large)
        if unused:
            notes.append("its unused placeholders are removed from each slide")
    return points, exact and title is not None, "; ".join(notes)


def look_points(role: Role, info: LayoutInfo) -> int:
    """Points for what a layout looks like: a full-bleed picture and a dark fill suit a cover
    or a section slide; the layout's name is a weak hint only."""
    look = info.look
    if look is None:
        return 0
    if role not in ("title", "section"):
        # A layout named for covers or sections is not for a slide's content.
        return -4 if look.name_hint else 0
    other = "section" if role == "title" else "title"
    points = 0
    if look.picture_cover >= 0.8:
        points += 6 if role == "title" else 3
    if look.dark:
        points += 3 if role == "title" else 5
    if look.name_hint == role:
        points += 10
    elif look.name_hint == other:
        points -= 4
    return points


def _all_layouts(prs: PresentationType) -> list[tuple[int, SlideLayout]]:
    """(master number, layout) for the layouts of every slide master, the first master first."""
    found = []
    for number, master in enumerate(prs.slide_masters):
        found += [(number, layout) for layout in master.slide_layouts]
    return found


def analyse_layouts(prs: PresentationType) -> list[LayoutInfo]:
    """Every layout of every slide master, with its placeholders, their boxes and its look."""
    height = int(prs.slide_height or 6858000)
    slide_width = int(prs.slide_width or 12192000)
    infos = []
    for position, (master, layout) in enumerate(_all_layouts(prs)):
        placeholders = []
        for shape in list(layout.placeholders):
            ph = shape._element.ph
            if ph is None:
                continue
            ph_type = ph.get("type", "obj")
            idx = int(ph.get("idx", "0"))
            vertical = ph.get("orient") == "vert"
            try:
                left, top, width, height_ = shape.left, shape.top, shape.width, shape.height
            except (AttributeError, KeyError, ValueError):
                left = top = width = height_ = None
            box = None
            if None not in (left, top, width, height_):
                box = Box(int(left), int(top), int(width), int(height_))
            placeholders.append(PlaceholderInfo(idx, ph_type, box, vertical))
        name = layout.name or ""
        scheme = _scheme(layout.slide_master)
        look = look_of(layout._element, name, slide_width, height, scheme)
        declared = layout._element.get("type")
        info = LayoutInfo(position, name, layout, placeholders, height, look, master, declared)
        infos.append(info)
    return infos


def _scheme(master: object) -> dict[str, str]:
    try:
        theme = master.part.part_related_by(RT.THEME)  # type: ignore[attr-defined]
        root = etree.fromstring(theme.blob, etree.XMLParser(resolve_entities=False))
    except (KeyError, etree.XMLSyntaxError):
        root = None
    colours = scheme_colours(root)
    for alias, slot in (("bg1", "lt1"), ("tx1", "dk1"), ("bg2", "lt2"), ("tx2", "dk2")):
        if slot in colours:
            colours.setdefault(alias, colours[slot])
    return colours


def choose_layouts(infos: list[LayoutInfo]) -> dict[Role, LayoutChoice]:
    """The best layout for each role; ties go to the earlier layout."""
    if not infos:
        raise TemplateError(
            [
                Diagnostic(
                    "error", "the template has no slide layouts", hint="add some in PowerPoint"
                )
            ]
        )
    chosen: dict[Role, LayoutChoice] = {}
    for role in ROLES:
        best: tuple[int, int] | None = None
        for info in infos:
            points, exact, note = score(role, info)
            key = (points + (5 if exact else 0), -info.position)
            if best is None or key > best:
                best = key
                chosen[role] = LayoutChoice(role, info, exact, note)
    return chosen


# --------------------------------------------------------------------------- opening


def _not_a_template(path: Path, why: str, hint: str = "") -> TemplateError:
    return TemplateError(
        [
            Diagnostic(
                "error",
                f"{path.name} is not a PowerPoint template that samling can use: {why}",
                file=path,
                hint=hint or "save it from PowerPoint as a .pptx presentation or a .potx template",
            )
        ]
    )


def open_template(path: Path, warnings: list[Diagnostic] | None = None) -> PresentationType:
    """Open a .pptx (or .potx) template, or raise TemplateError in plain words.

    The presentation is read from the guard's cleaned bytes, so a linked picture or a macro in
    the template never reaches the deck or LibreOffice; what was removed goes to `warnings`.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _not_a_template(path, f"it cannot be read ({exc.strerror})") from None
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _not_a_template(path, "it is not a zip archive, so it is damaged or another format")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                raise _not_a_template(path, "it has no [Content_Types].xml")
            types = archive.read("[Content_Types].xml")
            bad = archive.testzip()
            if bad is not None:
                raise _not_a_template(path, f"the part {bad} is damaged")
        guarded = guard_office_template(path)
        if warnings is not None:
            warnings.extend(guarded.warnings)
        data = guarded.data
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            types = archive.read("[Content_Types].xml")
        if POTX_MAIN.encode() in types:
            data = _potx_as_pptx(data)
        elif PPTX_MAIN.encode() not in types:
            if b"wordprocessingml" in types:
                raise _not_a_template(path, "it is a Word document")
            if b"spreadsheetml" in types:
                raise _not_a_template(path, "it is an Excel workbook")
            raise _not_a_template(path, "it has no PowerPoint presentation inside")
        prs = Presentation(io.BytesIO(data))
        # Touch what the renderer needs, so a damaged part fails here, in plain words.
        _ = prs.slide_master.placeholders
        for layout in prs.slide_layouts:
            _ = layout.placeholders
        _ = prs.slide_width
    except TemplateError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        raise _not_a_template(path, f"the zip archive is damaged ({exc})") from None
    except etree.XMLSyntaxError as exc:
        raise _not_a_template(path, f"one of its XML parts is damaged ({exc.msg})") from None
    except (KeyError, ValueError, AttributeError, TypeError, IndexError) as exc:
        raise _not_a_template(path, f"a part is missing or damaged ({exc})") from None
    return prs


def _potx_as_pptx(data: bytes) -> bytes:
    """A .potx differs from a .pptx only in its main part's content type."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                body = body.replace(POTX_MAIN.encode(), PPTX_MAIN.encode())
            target.writestr(info, body)
    return out.getvalue()


# --------------------------------------------------------------------------- theme


@dataclass(frozen=True)
class ThemeFonts:
    major: str
    minor: str


def theme_fonts(prs: PresentationType) -> ThemeFonts:
    """The theme's heading (major) and body (minor) Latin fonts; Calibri if unreadable."""
    try:
        theme = prs.slide_master.part.part_related_by(RT.THEME)
        root = etree.fromstring(theme.blob, etree.XMLParser(resolve_entities=False))
    except (KeyError, etree.XMLSyntaxError):
        root = None
    return ThemeFonts(*latin_fonts(root))


def font_status(family: str) -> tuple[str, str | None]:
    """(family used to measure, problem or None)."""
    from pipeline.render.fonts import choose_font  # fontTools: only when asked

    try:
        choice = choose_font(family)
    except SamlingError as exc:
        reason = exc.diagnostics[0].message if exc.diagnostics else str(exc)
        return "Carlito", f"{reason}; text fitting measures with Carlito instead"
    return choice.measured, choice.problem


# --------------------------------------------------------------------------- inspection


def inspect_pptx_template(path: Path) -> list[str]:
    """Plain-language lines for `samling templates check FILE.pptx`."""
    prs = open_template(path)
    infos = analyse_layouts(prs)
    lines = [f"Template {path.name}"]
    width = int(prs.slide_width or 0) / EMU_PER_INCH
    height = int(prs.slide_height or 0) / EMU_PER_INCH
    ratio = "16:9" if height and abs(width / height - 16 / 9) < 0.02 else "not 16:9"
    lines.append(f"  Slide size: {width:.2f} × {height:.2f} in ({ratio})")
    if ratio != "16:9":
        lines.append("    Note: samling's slides are designed for 16:9; they still fit, scaled.")
    fonts = theme_fonts(prs)
    for label_, family in (("headings", fonts.major), ("body text", fonts.minor)):
        measured, problem = font_status(family)
        if problem:
            lines.append(f"  Font for {label_}: {family}. Problem: {problem}.")
        elif measured != family:
            lines.append(
                f"  Font for {label_}: {family}, measured with the metric-compatible {measured}."
            )
        else:
            lines.append(f"  Font for {label_}: {family}, installed.")
    example = len(prs.slides)
    if example:
        lines.append(
            f"  Example slides: {example}. They are removed when a deck is built; the layouts stay."
        )
    lines.append("")
    lines.append("Layouts (what each one contains):")
    for info in infos:
        where = f" (slide master {info.master + 1})" if info.master else ""
        lines.append(f"  {info.position + 1}. “{info.name}”{where}: {info.describe()}")
    lines.append("")
    lines.append("Which layout each slide kind uses:")
    choices = choose_layouts(infos)
    missing: list[str] = []
    for role in ROLES:
        choice = choices[role]
        kinds = ", ".join(ROLE_KINDS[role])
        lines.append(f"  {kinds}")
        quality = "" if choice.exact else " (closest match)"
        lines.append(f"      → “{choice.layout.name}”{quality}")
        if choice.note:
            lines.append(f"        {choice.note[0].upper()}{choice.note[1:]}.")
        if not choice.exact:
            missing.append(
                f"  No layout with {ROLE_WORDS[role]}: {kinds} use “{choice.layout.name}”"
                + (f"; {choice.note}." if choice.note else ".")
            )
    lines.append("")
    if missing:
        lines.append("Missing:")
        lines.extend(missing)
    else:
        lines.append("Missing: nothing. Every slide kind has a layout made for it.")
    # The title slide goes without footer and slide number, as is customary.
    no_footer = [
        c.layout.name
        for role, c in choices.items()
        if role != "title" and not (c.layout.has("ftr") and c.layout.has("sldNum"))
    ]
    lines.append("")
    if no_footer:
        unique = sorted(set(no_footer))
        names = ", ".join(f"“{n}”" for n in unique)
        verb = "lacks" if len(unique) == 1 else "lack"
        lines.append(
            f"Footer and slide number: {names} {verb} footer or slide-number placeholders; "
            "samling places them where the slide master has them, or at the bottom edge."
        )
    else:
        lines.append("Footer and slide number: every layout used has placeholders for them.")
    return lines
