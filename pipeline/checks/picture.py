"""Text over a picture: the picture's pixels under a text box, and their contrast with the text.

A picture is placed by DrawingML's blipFill: the image, cropped by a:srcRect (fractions of the
image cut from each side; negative values pad), is stretched into the shape's box inset by
a:stretch/a:fillRect. `pixels` maps a box on the slide (EMU) back to the image's pixels under
it and returns them, averaged down to a small grid so that a photo's noise does not count.

A text over a photo is judged by a low percentile of the contrast with those pixels, not by
their mean: dark text on a photo that is half sky and half forest fails where it crosses the
forest, though the mean grey may pass.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pipeline.checks.contrast import RGB, Contrast, blend, contrast_ratio, required_ratio
from pipeline.checks.office import NS, Element, q

Box = tuple[float, float, float, float]  # x, y, width, height in EMU

PERCENTILE = 0.1  # the contrast that nine pixels in ten under the text reach
GRID = 32  # the pixels under a text box are averaged down to at most GRID x GRID


@dataclass(frozen=True)
class PictureRef:
    """A picture painted on a slide: its blipFill, the part whose relationships name the
    image (slide, layout or master), and the box it is stretched into (slide space, EMU)."""

    blip_fill: Element
    part: str
    box: Box

    @property
    def embed(self) -> str:
        blip = self.blip_fill.find("a:blip", NS)
        return blip.get(q("r", "embed"), "") if blip is not None else ""


def _fractions(el: Element | None, names: Sequence[str]) -> list[float]:
    if el is None:
        return [0.0] * len(names)
    return [int(el.get(name, "0") or "0") / 100000 for name in names]


def pixels(data: bytes, ref: PictureRef, box: Box) -> list[RGB] | None:
    """The picture's pixels under `box`, or None when they cannot be known (a tiled picture,
    an image Pillow cannot read). An empty list: the box lies outside the picture."""
    from PIL import Image, UnidentifiedImageError

    if ref.blip_fill.find("a:tile", NS) is not None:
        return None
    try:
        opened = Image.open(io.BytesIO(data))
        opened.load()
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    image: Image.Image = opened
    if image.mode in ("RGBA", "LA", "P", "PA"):
        image = image.convert("RGBA")
        flat = Image.new("RGBA", image.size, (255, 255, 255, 255))
        flat.alpha_composite(image)
        image = flat
    image = image.convert("RGB")
    width, height = image.size
    left, top, right, bottom = _fractions(ref.blip_fill.find("a:srcRect", NS), "ltrb")
    fill_l, fill_t, fill_r, fill_b = _fractions(
        ref.blip_fill.find("a:stretch/a:fillRect", NS), "ltrb"
    )
    bx, by, bw, bh = ref.box
    # Where the cropped image lands on the slide.
    dest_x, dest_y = bx + fill_l * bw, by + fill_t * bh
    dest_w, dest_h = bw * (1 - fill_l - fill_r), bh * (1 - fill_t - fill_b)
    # Which part of the image that is, in image pixels.
    src_x, src_y = left * width, top * height
    src_w, src_h = width * (1 - left - right), height * (1 - top - bottom)
    if dest_w <= 0 or dest_h <= 0 or src_w <= 0 or src_h <= 0:
        return []
    x0, y0 = max(box[0], dest_x), max(box[1], dest_y)
    x1, y1 = min(box[0] + box[2], dest_x + dest_w), min(box[1] + box[3], dest_y + dest_h)
    if x1 <= x0 or y1 <= y0:
        return []
    px0 = src_x + (x0 - dest_x) / dest_w * src_w
    px1 = src_x + (x1 - dest_x) / dest_w * src_w
    py0 = src_y + (y0 - dest_y) / dest_h * src_h
    py1 = src_y + (y1 - dest_y) / dest_h * src_h
    # Padding (a negative crop) shows nothing of the image there: keep to the image itself.
    crop = (
        max(0, math.floor(px0)),
        max(0, math.floor(py0)),
        min(width, max(math.ceil(px1), math.floor(px0) + 1)),
        min(height, max(math.ceil(py1), math.floor(py0) + 1)),
    )
    if crop[2] <= crop[0] or crop[3] <= crop[1]:
        return []
    region = image.crop(crop)
    scale = min(1.0, GRID / max(region.size))
    size = (max(1, round(region.size[0] * scale)), max(1, round(region.size[1] * scale)))
    region = region.resize(size, Image.Resampling.BOX)
    width, height = region.size
    return [region.getpixel((x, y)) for y in range(height) for x in range(width)]  # type: ignore[misc]


def veiled(found: Iterable[RGB], veils: Sequence[tuple[RGB, float]]) -> list[RGB]:
    """Pixels seen through semi-transparent fills (bottom first): a scrim, a tinted box."""
    result = list(found)
    for colour, alpha in veils:
        result = [blend(colour, p, alpha) for p in result]
    return result


def low_contrast(text: RGB, found: Sequence[RGB]) -> tuple[float, RGB]:
    """The contrast that all but the lowest PERCENTILE of `found` reach, and that pixel."""
    ranked = sorted((contrast_ratio(text, p), p) for p in found)
    ratio, pixel = ranked[min(len(ranked) - 1, int(len(ranked) * PERCENTILE))]
    return ratio, pixel


def judge_pixels(text: RGB, found: Sequence[RGB], size_pt: float, bold: bool) -> Contrast | None:
    """The text colour against the picture under it, or None when it passes."""
    if not found:
        return None
    _, pixel = low_contrast(text, found)
    judged = Contrast(text, pixel, required_ratio(size_pt, bold))
    return None if judged.passes else judged
