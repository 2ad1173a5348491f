"""QR codes: they carry the link, have a quiet zone and a light background, and stay crisp."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import segno
from lxml import etree
from PIL import Image

from pipeline.render.qr import QUIET_ZONE, modules, qr_png, qr_svg

URL = "https://www.mentimeter.com/app/presentation/al9x6569qzids32ghrw7mmjj2tqzw4bu/wt4vedr6rwf5"


def decode_png(data: bytes, border: int = QUIET_ZONE) -> list[list[bool]]:
    """Read the module grid back from the picture: sample the centre of every module."""
    image = Image.open(io.BytesIO(data)).convert("L")
    width, height = image.size
    assert width == height
    count = modules(URL, border=border)
    size = width / count
    grid = []
    for row in range(count):
        grid.append(
            [
                image.getpixel((int((col + 0.5) * size), int((row + 0.5) * size))) < 128
                for col in range(count)
            ]
        )
    return grid


def expected_grid(url: str, border: int = QUIET_ZONE) -> list[list[bool]]:
    code = segno.make(url, error="m", micro=False, boost_error=False)
    matrix = [[bool(v) for v in row] for row in code.matrix]
    side = len(matrix) + 2 * border
    blank = [[False] * side for _ in range(border)]
    body = [[False] * border + row + [False] * border for row in matrix]
    return blank + body + blank


def test_png_carries_the_link_module_for_module() -> None:
    data = qr_png(URL)
    assert data.startswith(b"\x89PNG")
    assert decode_png(data) == expected_grid(URL)


def test_png_has_quiet_zone_and_light_background() -> None:
    image = Image.open(io.BytesIO(qr_png(URL))).convert("RGB")
    width, _ = image.size
    module = width // modules(URL)
    band = QUIET_ZONE * module
    # Every pixel of the four-module border is white.
    for x in range(0, width, max(1, module // 2)):
        for y in (0, band // 2, band - 1, width - band, width - 1):
            assert image.getpixel((x, y)) == (255, 255, 255)
            assert image.getpixel((y, x)) == (255, 255, 255)


def test_png_modules_are_whole_pixels_and_large() -> None:
    image = Image.open(io.BytesIO(qr_png(URL, min_pixels=1000)))
    width, _ = image.size
    assert width >= 1000
    assert width % modules(URL) == 0


def test_svg_is_standalone_with_light_background_and_title() -> None:
    svg = qr_svg(URL, title="Vi lager en ordsky!")
    assert not svg.startswith("<?xml")
    root = etree.fromstring(svg.encode())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    count = modules(URL)
    assert root.get("viewBox") == f"0 0 {count} {count}"
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert root.find("s:title", ns).text == "Vi lager en ordsky!"
    background = root.find("s:path", ns)
    assert background.get("fill") in ("#fff", "#ffffff", "#FFFFFF")
    assert background.get("d") == f"M0 0h{count}v{count}h-{count}z"


def test_svg_with_size_in_millimetres() -> None:
    root = etree.fromstring(qr_svg(URL, size_mm=60).encode())
    assert root.get("width") == "60mm"
    assert root.get("height") == "60mm"
    assert root.get("viewBox")


def test_empty_link_is_refused() -> None:
    with pytest.raises(ValueError):
        qr_png("  ")


def test_a_code_is_drawn_once_while_a_build_keeps_pictures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.render import qr
    from pipeline.render.poster import svgcache

    before = svgcache.folder()
    svgcache.use(tmp_path)
    try:
        first = qr.qr_png("https://www.menti.com/abc")
        assert len(list(tmp_path.glob("*.bin"))) == 1

        def not_again(*args: object, **kwargs: object) -> None:
            raise AssertionError("drawn again")

        monkeypatch.setattr(qr.segno, "make", not_again)
        assert qr.qr_png("https://www.menti.com/abc") == first
        with pytest.raises(AssertionError):  # another link is another picture
            qr.qr_png("https://www.menti.com/xyz")
    finally:
        svgcache.use(before)
