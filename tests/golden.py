"""Text dumps of built outputs, for the golden tests: what a reviewer needs to see change.

A dump lists, in document order, what a reader of the output would notice: for a deck, each
slide's layout, every shape with its place and size, its text with size and weight, tables,
pictures' alt text and the speaker notes; for a Word document, the page set-up, headers and
footers, and every paragraph with its style and every table cell. Lengths are in points with
one decimal, so a shape that moves by a hair shows in the diff.
"""

from __future__ import annotations

import io

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph
from pptx import Presentation
from pptx.util import Emu

EMU_PER_PT = 12_700


def _pt(value: int | None) -> str:
    return "-" if value is None else f"{Emu(value) / EMU_PER_PT:.1f}"


def _row_text(cells: object) -> str:
    return " | ".join(c.text.replace("\n", " / ") for c in cells)  # type: ignore[attr-defined]


def _run_marks(bold: bool | None, italic: bool | None, size: int | None) -> str:
    marks = []
    if bold:
        marks.append("b")
    if italic:
        marks.append("i")
    if size is not None:
        marks.append(_pt(size))
    return f"[{','.join(marks)}]" if marks else ""


def _text_frame_lines(frame: object, indent: str) -> list[str]:
    lines = []
    for para in frame.paragraphs:  # type: ignore[attr-defined]
        runs = "".join(
            f"{_run_marks(r.font.bold, r.font.italic, r.font.size)}{r.text}" for r in para.runs
        )
        if runs or para.level:
            lines.append(f"{indent}p{para.level}: {runs}")
    return lines


def dump_pptx(data: bytes) -> str:
    prs = Presentation(io.BytesIO(data))
    out = [f"deck {_pt(prs.slide_width)} x {_pt(prs.slide_height)} pt, {len(prs.slides)} slides"]
    for number, slide in enumerate(prs.slides, start=1):
        out.append("")
        out.append(f"slide {number}: layout {slide.slide_layout.name!r}")
        for shape in slide.shapes:
            place = f"{_pt(shape.left)},{_pt(shape.top)} {_pt(shape.width)}x{_pt(shape.height)}"
            kind = shape.shape_type
            descr = shape._element.xpath("./*[1]/p:cNvPr/@descr")
            alt = f" alt={descr[0]!r}" if descr else ""
            out.append(f"  {shape.name} ({kind}) @ {place}{alt}")
            if shape.has_text_frame:
                out.extend(_text_frame_lines(shape.text_frame, "    "))
            if getattr(shape, "has_table", False) and shape.has_table:
                out.extend(f"    | {_row_text(row.cells)}" for row in shape.table.rows)
        if slide.has_notes_slide:
            notes = slide.notes_slide.notes_text_frame
            if notes is not None and notes.text.strip():
                out.append("  notes:")
                out.extend(f"    {line}" for line in notes.text.splitlines() if line.strip())
    return "\n".join(out) + "\n"


def _paragraph_line(para: Paragraph) -> str:
    runs = "".join(f"{_run_marks(r.bold, r.italic, r.font.size)}{r.text}" for r in para.runs)
    style = para.style.name if para.style is not None else "-"
    return f"[{style}] {runs}"


def dump_docx(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    out = []
    for index, section in enumerate(doc.sections, start=1):
        out.append(
            f"section {index}: page {_pt(section.page_width)} x {_pt(section.page_height)} pt, "
            f"margins {_pt(section.top_margin)} {_pt(section.right_margin)} "
            f"{_pt(section.bottom_margin)} {_pt(section.left_margin)}"
        )
        for label, part in (("header", section.header), ("footer", section.footer)):
            text = " / ".join(p.text for p in part.paragraphs if p.text.strip())
            if text:
                out.append(f"  {label}: {text}")
    out.append("")
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            breaks = block._p.xpath(".//w:br[@w:type='page']")
            if breaks:
                out.append("--- page break")
            if block.text.strip() or block.runs:
                out.append(_paragraph_line(block))
        elif isinstance(block, Table):
            out.append(f"table {len(block.rows)}x{len(block.columns)}")
            out.extend(f"  | {_row_text(row.cells)}" for row in block.rows)
    return "\n".join(out) + "\n"
