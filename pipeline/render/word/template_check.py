"""`samling templates check FILE.docx`: how the guide and worksheet renderers will use a template.

Plain-language lines for a designer: page size and margins, the body font and whether it is
installed, every style the pipeline uses (found, or missing with its fallback), headers and
footers with their placeholders, and what happens to the template's own body text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn

from pipeline.ooxml.units import EMU_PER_CM
from pipeline.render.word.document import (
    PLACEHOLDERS,
    DocxDocument,
    header_footer_parts,
    load_template,
    page_name,
    page_size_cm,
)
from pipeline.render.word.styles import (
    STYLE_SPECS,
    breaks_page,
    find_style,
    normal_font,
    numbering_element,
    style_numbered,
)

DOCUMENTS = {"guide": "guide", "worksheet": "worksheets"}


def _cm(value: Any) -> float:
    return int(value or 0) / EMU_PER_CM


def _has_outline_level(style: Any) -> bool:
    seen = 0
    while style is not None and seen < 10:
        ppr = style.element.pPr
        if ppr is not None and ppr.find(qn("w:outlineLvl")) is not None:
            return True
        name = (style.name or "").lower()
        if re.fullmatch(r"heading [1-9]", name):
            return True  # Word's built-in headings carry their level by name
        style = style.base_style
        seen += 1
    return False


def _font_line(doc: DocxDocument) -> str:
    family, size = normal_font(doc)
    try:
        from pipeline.render.fonts import find_font

        find_font(family)
    except Exception as exc:  # TemplateError (not installed) or ToolError (no fontconfig)
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return (
            f"  Body font: {family} {size:g} pt. Problem: {reason}. "
            "The PDF will use a substitute font and may not look like the .docx."
        )
    return f"  Body font: {family} {size:g} pt, installed."


def _part_text(element: Any) -> str:
    texts = [
        (node.text or "") if node.tag == qn("w:t") else "   "
        for node in element.iter(qn("w:t"), qn("w:tab"))
    ]
    fields = [f.get(qn("w:instr"), "").strip() for f in element.iter(qn("w:fldSimple"))]
    fields += [(i.text or "").strip() for i in element.iter(qn("w:instrText"))]
    joined = " ".join("".join(texts).split())
    if fields:
        joined += "  [fields: " + ", ".join(f for f in fields if f) + "]"
    return joined


def template_purpose(path: Path) -> tuple[str, ...]:
    """Which documents a template is for, from its name: guide, worksheet, or both."""
    name = path.stem.lower()
    if any(word in name for word in ("worksheet", "arbeidsark", "ark")):
        return ("worksheet",)
    if any(word in name for word in ("guide", "veileder", "rettleiar", "fasilitator")):
        return ("guide",)
    return ("guide", "worksheet")


def inspect_docx_template(path: Path, purpose: tuple[str, ...] | None = None) -> list[str]:
    """Plain-language lines for `samling templates check FILE.docx`.

    `purpose` is ("guide",), ("worksheet",) or both; by default it follows the file name.
    """
    doc = load_template(path)
    purpose = purpose or template_purpose(path)
    lines = [
        f"Template {path.name}, used for the "
        + " and the ".join(DOCUMENTS[d] for d in purpose)
        + "."
    ]
    lines += _page_lines(doc)
    lines.append("")
    lines.append("Styles the pipeline uses:")
    style_lines, missing = _style_lines(doc, purpose)
    lines += style_lines
    lines.append("")
    lines.append("Headers and footers:")
    lines += _header_footer_lines(doc)
    lines.append("")
    lines += _result_lines(missing, numbering_element(doc) is not None)
    return lines


def _page_lines(doc: DocxDocument) -> list[str]:
    """Page size, margins, the body font, and what becomes of the template's own text."""
    section = doc.sections[-1]
    width, height = page_size_cm(doc)
    page = page_name(doc)
    orientation = "portrait" if height >= width else "landscape"
    lines = [f"  Page: {page} {orientation}, {width:.1f} × {height:.1f} cm."]
    if page != "A4":
        lines.append(
            f"    Note: the guide and worksheets keep this {page} page, and the worksheets' "
            f"write-in lines are fitted to it: print them on {page} paper. For A4 paper, set "
            "the page size to A4 (21.0 × 29.7 cm)."
        )
    top, bottom = abs(_cm(section.top_margin)), abs(_cm(section.bottom_margin))
    left, right = _cm(section.left_margin), _cm(section.right_margin)
    lines.append(
        f"  Margins: top {top:.1f}, bottom {bottom:.1f}, left {left:.1f}, right {right:.1f} cm;"
        f" text width {width - left - right:.1f} cm."
    )
    lines.append(_font_line(doc))
    lines += layout_lines(doc.element.body.find(qn("w:sectPr")))
    body = [child for child in doc.element.body if child.tag != qn("w:sectPr")]
    if any("".join(t.text or "" for t in child.iter(qn("w:t"))).strip() for child in body):
        lines.append(
            f"  Example content: {len(body)} paragraph(s)/table(s). They are "
            "removed when a guide or worksheets are built; styles, headers and "
            "footers stay."
        )
    return lines


def layout_lines(sectpr: Any) -> list[str]:
    """Lines on the page setup that changes the documents: line numbers and text columns."""
    lines: list[str] = []
    numbering = sectpr.find(qn("w:lnNumType")) if sectpr is not None else None
    if numbering is not None:
        every = numbering.get(qn("w:countBy"), "1")
        shown = "on every line" if every == "1" else f"every {every} lines"
        lines.append(
            f"  Line numbering is on ({shown}): the guide and every worksheet get numbers in "
            "the margin, next to the write-in lines too. Turn it off in Layout > Line Numbers "
            "unless the numbers are wanted."
        )
    columns = sectpr.find(qn("w:cols")) if sectpr is not None else None
    count = int(columns.get(qn("w:num"), "1") or 1) if columns is not None else 1
    if count > 1:
        lines.append(
            f"  Columns: the text runs in {count} columns. The guide's tables and the "
            "worksheets' write-in lines and boxes are made for the full text width, so they "
            "are squeezed into one column and a worksheet runs over more pages. Set Layout > "
            "Columns to one."
        )
    return lines


def _style_lines(doc: DocxDocument, purpose: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """A line per style the documents use (found, or missing with its fallback), and the
    names of the missing ones."""
    lines: list[str] = []
    missing: list[str] = []
    for spec in STYLE_SPECS:
        if not set(spec.documents) & set(purpose):
            continue
        used = " and ".join(DOCUMENTS[d] for d in spec.documents)
        found = find_style(doc, spec.name, spec.kind)
        if found is None:
            missing.append(spec.name)
            if spec.name == "Normal":
                lines.append("  missing: Normal – the document defaults are used instead.")
            else:
                lines.append(
                    f"  missing: {spec.name} ({spec.used_for}; {used}) → fallback: {spec.fallback}."
                )
            continue
        note = ""
        shown = found.name if found.name == spec.name else f"{spec.name} (as “{found.name}”)"
        if spec.name.startswith("List ") and not style_numbered(doc, found):
            note = " It has no list numbering: bullets and numbers are written as text."
        if spec.outline is not None and not _has_outline_level(found):
            note = (
                " It has no outline level: PDF bookmarks and navigation may skip it. "
                "Set Outline level in the paragraph settings."
            )
        if spec.name == "Heading 1" and breaks_page(found):
            note += (
                " It starts a new page: every guide section and worksheet starts on its own "
                "page, with no blank page before it."
            )
        lines.append(f"  found: {shown} – {spec.used_for} ({used}).{note}")
    extra = _extra_styles(doc)
    if extra:
        lines.append(f"  Other paragraph styles in the template (not used): {', '.join(extra)}.")
    return lines, missing


def _header_footer_lines(doc: DocxDocument) -> list[str]:
    """Each header's and footer's text, and which of its placeholders the pipeline fills."""
    lines: list[str] = []
    known: set[str] = set()
    unknown: set[str] = set()
    for element in header_footer_parts(doc):
        content = _part_text(element)
        if not content:
            continue
        kind = "header" if element.tag == qn("w:hdr") else "footer"
        lines.append(f"  {kind}: “{content}”")
        for name in re.findall(r"\{([A-Za-z_]+)\}", content):
            (known if name in PLACEHOLDERS else unknown).add(name)
    if not lines:
        lines.append("  none (the pages will have no running header or footer).")
    if known:
        lines.append(
            "  Filled in by the pipeline: " + ", ".join(f"{{{n}}}" for n in sorted(known)) + "."
        )
    if unknown:
        lines.append(
            "  Not known, left as written: "
            + ", ".join(f"{{{n}}}" for n in sorted(unknown))
            + ". Known placeholders: "
            + ", ".join(f"{{{n}}}" for n in PLACEHOLDERS)
            + "."
        )
    return lines


def _result_lines(missing: list[str], numbering: bool) -> list[str]:
    if missing:
        lines = [
            f"Result: {len(missing)} style(s) missing: {', '.join(missing)}. The build still "
            "works: it adds plain versions of them (left-aligned, single-spaced) and warns once "
            "per document. Add the styles to the template to control their look."
        ]
    else:
        lines = ["Result: every style the pipeline uses is in the template."]
    if not numbering:
        lines.append(
            "  The template has no list numbering definitions; lists get their "
            "bullets and numbers as text."
        )
    return lines


def _extra_styles(doc: DocxDocument) -> list[str]:
    wanted = {spec.name.lower() for spec in STYLE_SPECS}
    names: list[str] = []
    for style in doc.styles.element.findall(qn("w:style")):
        if style.get(qn("w:type")) != "paragraph":
            continue
        if style.find(qn("w:semiHidden")) is not None:
            continue
        name_el = style.find(qn("w:name"))
        name = name_el.get(qn("w:val")) if name_el is not None else style.get(qn("w:styleId"))
        if name and name.lower() not in wanted and style.find(qn("w:qFormat")) is not None:
            names.append(name)
    return names[:20]
