"""The safety layer: sandboxed templates, clean text, safe XML, refused URLs, the time limit."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from pipeline.errors import TemplateError
from pipeline.render.poster import svgsafe

SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" width="10mm" height="10mm">'
PNG_4X2 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000004000000020802000000f0caea34000000124944415478"
    "9c6394f78b6780012606240000132e00d0ce04f2c40000000049454e44ae426082"
)


def template(tmp_path: Path, text: str, name: str = "t.svg.j2") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- clean_text


def test_clean_text_strips_word_control_characters_and_reports_them() -> None:
    text, removed = svgsafe.clean_text("Trygg\x0bog\u200b modig\x07\u00ad ")
    assert text == "Trygg og modig"
    assert removed == ["U+0007", "U+000B", "U+00AD", "U+200B"]


def test_clean_text_keeps_no_break_space_and_norwegian_letters() -> None:
    text, removed = svgsafe.clean_text("Ærlig  og\u00a0åpen – 10\u00a0%")
    assert text == "Ærlig og\u00a0åpen – 10\u00a0%"
    assert removed == []


def test_clean_text_turns_line_breaks_into_spaces_unless_multiline() -> None:
    assert svgsafe.clean_text("a\r\nb")[0] == "a b"
    assert svgsafe.clean_text("a\r\nb", multiline=True)[0] == "a\nb"


def test_clean_text_removes_bidi_overrides() -> None:
    text, removed = svgsafe.clean_text("Tillit\u202e tilbake")
    assert text == "Tillit tilbake"
    assert removed == ["U+202E"]


def test_doctype_in_rendered_svg_is_refused() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><svg xmlns="http://www.w3.org/2000/svg">'
        b"<text>&lol2;</text></svg>"
    )
    with pytest.raises(TemplateError, match="DOCTYPE"):
        svgsafe.parse_svg(laughs, "bomb")


def test_undeclared_entity_is_not_well_formed() -> None:
    with pytest.raises(TemplateError, match="not well-formed"):
        svgsafe.parse_svg(SVG_HEAD.encode() + b"<text>&xxe;</text></svg>", "t")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<script>alert(1)</script>", "<script>"),
        ('<rect onclick="alert(1)" width="1" height="1"/>', "event handler"),
        ("<foreignObject><p>x</p></foreignObject>", "<foreignObject>"),
    ],
)
def test_active_content_is_refused(body: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        svgsafe.parse_svg((SVG_HEAD + body + "</svg>").encode(), "t")


def test_stylesheet_processing_instruction_is_refused() -> None:
    svg = b'<?xml-stylesheet href="http://evil.example/x.css"?>' + SVG_HEAD.encode() + b"</svg>"
    with pytest.raises(TemplateError, match="processing instruction"):
        svgsafe.parse_svg(svg, "t")


# --------------------------------------------------------------------------- references


def check_refs(body: str, base: Path, roots: list[Path]) -> object:
    root = svgsafe.parse_svg(
        (
            SVG_HEAD.replace("<svg ", '<svg xmlns:xlink="http://www.w3.org/1999/xlink" ')
            + body
            + "</svg>"
        ).encode(),
        "t",
    )
    svgsafe.inline_references(root, base, roots, "t")
    return root


@pytest.mark.parametrize(
    "body",
    [
        '<image href="file:///etc/passwd" width="1" height="1"/>',
        '<image xlink:href="file:///etc/passwd" width="1" height="1"/>',
        '<image href="/etc/passwd" width="1" height="1"/>',
        '<image href="../outside.png" width="1" height="1"/>',
        '<image href="http://example.com/logo.png" width="1" height="1"/>',
        '<image href="https://example.com/logo.png" width="1" height="1"/>',
        '<image href="//example.com/logo.png" width="1" height="1"/>',
        '<use href="http://example.com/sprite.svg#a"/>',
        '<rect fill="url(http://example.com/p.svg#g)" width="1" height="1"/>',
        '<rect style="fill: url(file:///etc/passwd)" width="1" height="1"/>',
        "<style>@import url(http://example.com/x.css);</style>",
        '<image href="data:text/html;base64,PGI+" width="1" height="1"/>',
    ],
)
def test_outside_references_are_refused(tmp_path: Path, body: str) -> None:
    allowed = tmp_path / "templates"
    allowed.mkdir()
    (tmp_path / "outside.png").write_bytes(PNG_4X2)
    with pytest.raises(TemplateError, match="not allowed|outside|only PNG"):
        check_refs(body, allowed, [allowed])


def test_image_inside_allowed_folder_is_inlined(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(PNG_4X2)
    root = check_refs('<image href="logo.png" width="1" height="1"/>', tmp_path, [tmp_path])
    href = root[0].get("href")  # type: ignore[index]
    assert href.startswith("data:image/png;base64,")


def test_symlink_out_of_the_allowed_folder_is_refused(tmp_path: Path) -> None:
    allowed = tmp_path / "content"
    allowed.mkdir()
    (allowed / "logo.png").symlink_to("/etc/passwd")
    with pytest.raises(TemplateError, match="outside"):
        check_refs('<image href="logo.png" width="1" height="1"/>', allowed, [allowed])


def test_fragment_references_are_allowed(tmp_path: Path) -> None:
    check_refs(
        '<defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="1" height="1"/>'
        '<use href="#g"/>',
        tmp_path,
        [tmp_path],
    )


# --------------------------------------------------------------------------- url_fetcher


def test_url_fetcher_refuses_files_outside_and_the_web(tmp_path: Path) -> None:
    fetch = svgsafe.url_fetcher([tmp_path])
    for url in ("file:///etc/passwd", "http://example.com/x.png", "https://example.com/"):
        with pytest.raises(svgsafe.RefusedURL, match="outside content/ and templates/"):
            fetch(url, "image/*")


def test_url_fetcher_opens_files_inside_and_data_urls(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(PNG_4X2)
    fetch = svgsafe.url_fetcher([tmp_path])
    assert fetch((tmp_path / "logo.png").as_uri(), "image/*") == PNG_4X2
    assert fetch("data:text/plain;base64,aGVp", "image/*") == b"hei"


# --------------------------------------------------------------------------- rendering


def test_render_makes_a_pdf_and_a_png() -> None:
    svg = (SVG_HEAD + '<rect width="10" height="10" fill="#1F4E5F"/></svg>').encode()
    pdf, png = svgsafe.render(
        [(svg, svgsafe.Job("pdf")), (svg, svgsafe.Job("png", output_width=40))],
        allowed_roots=[],
        fonts=[],
    )
    assert pdf.startswith(b"%PDF-")
    assert png.startswith(b"\x89PNG")
    assert int.from_bytes(png[16:20], "big") == 40


def nested_use_bomb(fan_out: int, levels: int) -> bytes:
    """A 3 KB SVG that keeps CairoSVG busy for seconds (10 x 3: about 5 s)."""
    lines = " ".join(f"M{i % 97} {i % 89} L{i * 7 % 100} {i * 13 % 100}" for i in range(200))
    parts = [SVG_HEAD, f'<defs><path id="l0" d="{lines}" stroke="black"/>']
    for level in range(1, levels + 1):
        uses = f'<use href="#l{level - 1}"/>' * fan_out
        parts.append(f'<g id="l{level}">{uses}</g>')
    parts.append(f'</defs><use href="#l{levels}"/></svg>')
    return "".join(parts).encode()


def test_render_stops_at_the_time_limit() -> None:
    bomb = nested_use_bomb(10, 3)
    assert len(bomb) < 4000
    started = time.monotonic()
    with pytest.raises(TemplateError, match=r"stopped after 1 s"):
        svgsafe.render([(bomb, svgsafe.Job("png"))], allowed_roots=[], fonts=[], time_limit=1)
    assert time.monotonic() - started < 4


def test_render_reports_a_refused_url_from_cairosvg(tmp_path: Path) -> None:
    # inline_references would have refused this first; the child's url_fetcher refuses it too.
    svg = (SVG_HEAD + '<image href="file:///etc/passwd" width="5" height="5"/></svg>').encode()
    with pytest.raises(TemplateError, match="file:///etc/passwd, which is outside"):
        svgsafe.render([(svg, svgsafe.Job("png"))], allowed_roots=[tmp_path], fonts=[])


def test_inside_resolves_dot_dot(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    assert svgsafe.inside(tmp_path / "a" / "x.png", [tmp_path / "a"])
    assert not svgsafe.inside(tmp_path / "a" / ".." / "x.png", [tmp_path / "a"])
    assert not svgsafe.inside(Path(os.sep) / "etc" / "passwd", [tmp_path])


def test_a_runaway_svg_is_refused_before_parsing() -> None:
    huge = SVG_HEAD.encode() + b"<g/>" * (svgsafe.MAX_SVG_BYTES // 4) + b"</svg>"
    with pytest.raises(TemplateError, match="at most 32 MB"):
        svgsafe.parse_svg(huge, "t")
