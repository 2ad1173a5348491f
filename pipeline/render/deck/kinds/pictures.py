"""Pictures on a slide: checked to be pictures PowerPoint can show, placed, and credited."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from pipeline.errors import ContentError, Diagnostic
from pipeline.model.types import Image, ImageRef, Malform, Slide
from pipeline.model.words import word
from pipeline.render.deck.canvas import INCH, SlideCanvas
from pipeline.render.deck.diagrams.common import GAP
from pipeline.render.deck.layouts import Box
from pipeline.render.deck.text import Para, explicit_chain

PICTURE_FORMATS = {"PNG", "JPEG", "GIF", "BMP", "TIFF"}


def credit_text(ref: ImageRef) -> str:
    text = ref.credit.strip()
    if ref.license and ref.license.split(" (")[0] not in text:
        text = f"{text} ({ref.license})" if text else ref.license
    return text


def credit_notes(ref: ImageRef, malform: Malform) -> str:
    lines = [f"{word('image_credits', malform)}: {ref.credit or '–'}"]
    if ref.license:
        lines.append(f"{word('license', malform)}: {ref.license}")
    if ref.source_url:
        lines.append(f"{word('source', malform)}: {ref.source_url}")
    return "\n".join(lines)


def check_image(image: Image, slide: Slide) -> bytes:
    """The picture's bytes, or a ContentError naming the slide's file and line."""
    ref = image.image
    path = ref.path
    where = {"file": slide.source.file, "line": slide.source.line}
    if path is None or not Path(path).is_file():
        raise ContentError(
            [
                Diagnostic(
                    "error",
                    f"the image {ref.file!r} is missing",
                    hint="put the file in the samling's images/ folder",
                    **where,  # type: ignore[arg-type]
                )
            ]
        )
    data = Path(path).read_bytes()
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    try:
        with PILImage.open(io.BytesIO(data)) as img:
            kind = img.format or ""
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        kind = ""
    if kind not in PICTURE_FORMATS:
        shown = kind or Path(path).suffix.lstrip(".").upper() or "unknown"
        raise ContentError(
            [
                Diagnostic(
                    "error",
                    f"the image {ref.file!r} is not a picture PowerPoint can show "
                    f"(format: {shown})",
                    hint="save it as PNG or JPEG",
                    **where,  # type: ignore[arg-type]
                )
            ]
        )
    return data


def place_pictures(
    canvas: SlideCanvas, images: Sequence[tuple[Image, bytes]], box: Box, malform: Malform
) -> None:
    """Pictures stacked in `box`, each with its credit line under it."""
    credit_h = int(0.36 * INCH)
    each = (box.height - GAP * (len(images) - 1)) // max(1, len(images))
    for i, (image, data) in enumerate(images):
        top = box.top + i * (each + GAP)
        credit = credit_text(image.image)
        pic_h = each - (credit_h if credit else 0)
        pic = canvas.picture(data, Box(box.left, top, box.width, pic_h), image.image.alt)
        if credit:
            canvas.textbox(
                Box(
                    int(pic.left),
                    int(pic.top + pic.height) + int(0.04 * INCH),
                    max(int(pic.width), int(3.5 * INCH)),
                    credit_h,
                ),
                [Para.of(credit, bullet="none", size=14, colour="tx1")],
                chain=explicit_chain(14),
                ins=(0, 0, 0, 0),
                min_size=9,
                name="Kreditering",
                what="the image credit",
            )
        canvas.add_notes(credit_notes(image.image, malform))
