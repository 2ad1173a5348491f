"""The lederplakat: the lederplattform as a print-ready poster (SVG, PDF, PNG and a text file).

A designer's Jinja2 SVG template (templates/poster/*.svg.j2, documented in
templates/poster/README.md) is filled in the sandbox of `pipeline.render.poster.sandbox`, with
the platform's text already cleaned (`pipeline.render.poster.context`) and helpers that set
text into boxes with the font's real metrics (`pipeline.render.poster.helpers`). The result is
checked (well-formed, no outside references, installed fonts), given its size, language,
title and description, and rendered by CairoSVG to PDF and PNG. The PDF gets its title,
/Lang, print boxes and fixed metadata, so that the same content always gives the same bytes.
"""

from __future__ import annotations

import copy
import io
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pikepdf

from pipeline.errors import Diagnostic, TemplateError, warning
from pipeline.model.types import Lederplattform, Malform, Program
from pipeline.model.words import POSTER_LABELS, language_tag, word
from pipeline.render.poster import sandbox, svgsafe
from pipeline.render.poster.context import (
    BLEED,
    Page,
    Platform,
    ProgramInfo,
    brand_of,
    logo_of,
    make_page,
    num,
    platform_context,
    program_info,
)
from pipeline.render.poster.fonts import PT, contrast_ratio, font_files, mix, svg_fonts
from pipeline.render.poster.helpers import TemplateHelpers

SLUG = 10.0  # mm of paper beyond the trim, where the crop marks go
MARK_LENGTH = 6.0  # mm; a mark runs from the bleed edge (3 mm) out to 9 mm
PREVIEW_WIDTH = 1200  # px


# --------------------------------------------------------------------------- the SVG


def _finish_svg(
    root: Any, page: Page, lang: str, title: str, description: str, bleed: bool
) -> None:
    """Give the template's SVG its page size, language, title, description and crop marks."""
    from lxml import etree

    ns = svgsafe.SVG_NS
    margin = SLUG if bleed else 0.0
    root.set("width", f"{num(page.width + 2 * margin)}mm")
    root.set("height", f"{num(page.height + 2 * margin)}mm")
    root.set(
        "viewBox",
        " ".join(
            num(v) for v in (-margin, -margin, page.width + 2 * margin, page.height + 2 * margin)
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
                "stroke-width": num(0.25 * PT),
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
                            "x1": num(x),
                            "y1": num(y + sign * near),
                            "x2": num(x),
                            "y2": num(y + sign * far),
                        },
                    )
                )
        for y in (0.0, page.height):
            for x, sign in ((0.0, -1), (page.width, 1)):
                marks.append(
                    etree.Element(
                        f"{{{ns}}}line",
                        {
                            "x1": num(x + sign * near),
                            "y1": num(y),
                            "x2": num(x + sign * far),
                            "y2": num(y),
                        },
                    )
                )


def _preview(root: Any, page: Page) -> Any:
    """The trimmed page, without bleed and crop marks: what the poster looks like cut."""
    preview = copy.deepcopy(root)
    for child in list(preview):
        if child.get("id") == "crop-marks":
            preview.remove(child)
    preview.set("width", f"{num(page.width)}mm")
    preview.set("height", f"{num(page.height)}mm")
    preview.set("viewBox", f"0 0 {num(page.width)} {num(page.height)}")
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


@dataclass
class PreparedPoster:
    """A filled, checked template: the SVGs to render and what finishing them needs."""

    svg: bytes
    preview: bytes
    fonts: list[Path]
    where: str
    title: str
    lang: str
    subject: str
    page: Page
    bleed: bool
    alternative: str
    diagnostics: list[Diagnostic]

    def jobs(self) -> list[tuple[bytes, svgsafe.Job]]:
        return [
            (self.svg, svgsafe.Job("pdf")),
            (self.preview, svgsafe.Job("png", output_width=PREVIEW_WIDTH, background="white")),
        ]


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
    prepared = prepare_poster(
        plattform, program, template, size=size, bleed=bleed, allowed_roots=allowed_roots
    )
    (done,) = render_prepared([prepared], allowed_roots=allowed_roots, time_limit=time_limit)
    return done


def render_prepared(
    posters: list[PreparedPoster],
    *,
    allowed_roots: list[Path],
    time_limit: float = svgsafe.DEFAULT_TIME_LIMIT,
) -> list[tuple[dict[str, bytes], list[Diagnostic]]]:
    """Render prepared posters with CairoSVG in one child process, and finish them. When the
    batch fails, each is rendered alone, so the message names the template at fault."""
    fonts = sorted({font for poster in posters for font in poster.fonts})
    try:
        rendered = svgsafe.render(
            [job for poster in posters for job in poster.jobs()],
            allowed_roots=allowed_roots,
            fonts=fonts,
            time_limit=time_limit,
            where=" and ".join(poster.where for poster in posters),
        )
    except TemplateError:
        if len(posters) == 1:
            raise
        rendered = []
        for poster in posters:
            rendered += svgsafe.render(
                poster.jobs(),
                allowed_roots=allowed_roots,
                fonts=poster.fonts,
                time_limit=time_limit,
                where=poster.where,
            )
    return [
        _finished(poster, rendered[2 * index], rendered[2 * index + 1])
        for index, poster in enumerate(posters)
    ]


def _finished(
    poster: PreparedPoster, pdf: bytes, png: bytes
) -> tuple[dict[str, bytes], list[Diagnostic]]:
    pdf = finish_pdf(
        pdf,
        title=poster.title,
        lang=poster.lang,
        subject=poster.subject,
        page=poster.page,
        bleed=poster.bleed,
    )
    alternative = poster.alternative.encode("utf-8")
    return {"svg": poster.svg, "pdf": pdf, "png": png, "txt": alternative}, poster.diagnostics


def prepare_poster(
    plattform: Lederplattform,
    program: Program,
    template: Path,
    *,
    size: str = "A2",
    bleed: bool = False,
    allowed_roots: list[Path],
) -> PreparedPoster:
    """Fill `template` with the platform, check it and make the SVGs CairoSVG will render."""
    template = Path(template)
    _check_template(template, allowed_roots)
    diagnostics: list[Diagnostic] = []
    page = make_page(size, bleed)
    malform = program.malform
    platform = platform_context(plattform, diagnostics)
    info = program_info(program, diagnostics)
    if platform.example:
        diagnostics.append(
            warning(
                "the lederplattform is marked example_decision: the poster says "
                f"«{word('draft', malform)}» until the leader group has decided",
                key="example_decision",
            )
        )
    helpers = TemplateHelpers(page=page, brand=brand_of(program), template=template)
    context = _template_context(helpers, platform, info, program)
    # The values, not the functions (the code fingerprint covers those): what a kept fill
    # is keyed by. Every value here has a repr made of its fields.
    described = {
        name: repr(value) for name, value in sorted(context.items()) if not callable(value)
    }
    described["helpers"] = repr((helpers.page, helpers.brand, str(helpers.template)))
    filled = sandbox.render_template(
        template, context, collects=helpers.diagnostics, described=described
    )
    diagnostics.extend(helpers.diagnostics)

    where = template.name
    root = svgsafe.parse_svg(filled.encode("utf-8"), where)
    svgsafe.inline_references(root, template.parent, allowed_roots, where)
    fonts = font_files(svg_fonts(root))
    lang = language_tag(malform)
    alternative = text_alternative(platform, info, malform)
    description = alternative.split("\n", 2)[2].strip()
    _finish_svg(root, page, lang, platform.title, description, bleed)

    from lxml import etree

    svg = etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"
    preview = etree.tostring(_preview(root, page), xml_declaration=True, encoding="UTF-8")
    return PreparedPoster(
        svg=svg,
        preview=preview,
        fonts=list(fonts),
        where=where,
        title=platform.title,
        lang=lang,
        subject=platform.vision,
        page=page,
        bleed=bleed,
        alternative=alternative,
        diagnostics=diagnostics,
    )


def _check_template(template: Path, allowed_roots: list[Path]) -> None:
    if not template.name.endswith(".svg.j2"):
        raise TemplateError(f"a poster template is an .svg.j2 file, not {template.name}")
    if not svgsafe.inside(template, allowed_roots):
        raise TemplateError(
            f"the poster template {template} is outside the allowed folders "
            f"({', '.join(str(r) for r in allowed_roots)})"
        )


def _template_context(
    helpers: TemplateHelpers, platform: Platform, info: ProgramInfo, program: Program
) -> dict[str, Any]:
    """Every name a template may use (templates/poster/README.md lists them)."""
    malform = program.malform
    return {
        "platform": platform,
        "program": info,
        "brand": helpers.brand,
        "page": helpers.page,
        "lang": language_tag(malform),
        "malform": malform,
        # A namespace, not a dict: in Jinja2 labels.values would be dict.values.
        "labels": SimpleNamespace(**{key: word(key, malform) for key in POSTER_LABELS}),
        "logo": logo_of(program),
        "pt": PT,
        "text_box": helpers.text_box,
        "shared_size": helpers.shared_size,
        "measure": helpers.measure,
        "readable": helpers.readable,
        "contrast": contrast_ratio,
        "mix": mix,
        "num": num,
        "qr": helpers.qr,
    }
