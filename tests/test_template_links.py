"""A template that links to outside files fetches nothing, neither while building nor in PDFs.

The test serves an image on 127.0.0.1 and gives the build a deck template whose slide master
shows that image through a link. LibreOffice follows such links during the PDF stage; after
the guard has cleaned the template, no request may arrive, and the delivered deck must not
carry the link.
"""

from __future__ import annotations

import io
import shutil
import threading
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn

from pipeline.build import BuildOptions, build_samling
from pipeline.project import Project, output_names

from conftest import REPO

needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice is not installed",
)


def _pixel() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "#1F4E5F").save(buffer, format="PNG")
    return buffer.getvalue()


PIXEL = _pixel()


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(PIXEL)

        def log_message(self, *_args: object) -> None:
            return None

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    finally:
        httpd.shutdown()
        httpd.server_close()


def linking_deck_template(path: Path, url: str) -> Path:
    """The shipped deck template with a background picture linked from `url` on the master."""
    prs = Presentation(str(REPO / "templates" / "pptx" / "default.pptx"))
    master = prs.slide_masters[0]
    rel_id = master.part.relate_to(url, RT.IMAGE, is_external=True)
    background = parse_xml(
        '<p:bg xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<p:bgPr><a:blipFill><a:blip r:link="{rel_id}"/><a:stretch><a:fillRect/></a:stretch>'
        "</a:blipFill><a:effectLst/></p:bgPr></p:bg>"
    )
    c_sld = master._element.find("{http://schemas.openxmlformats.org/presentationml/2006/main}cSld")
    existing = c_sld.find("{http://schemas.openxmlformats.org/presentationml/2006/main}bg")
    if existing is not None:
        c_sld.remove(existing)
    c_sld.insert(0, background)
    prs.save(str(path))
    return path


def build_with(tmp_path: Path, output: str, template: Path, url: str, requests: list[str]) -> None:
    """Build samling 2's `output` with PDFs from `template`; nothing may be fetched from `url`."""
    project = Project(REPO / "content", REPO / "templates", tmp_path / "build")
    options = BuildOptions(only=(output,), pdf=True, force=True, templates={output: template})
    result = build_samling(project, 2, options)

    assert requests == [], f"the build fetched {requests}"
    built = project.samling_build_dir(2) / output_names(2)[output]
    assert built.with_suffix(".pdf").is_file()
    with zipfile.ZipFile(built) as archive:
        for name in archive.namelist():
            assert url.encode() not in archive.read(name), f"{name} still links to {url}"
    assert any("links to 1 outside file(s)" in w.message for w in result.warnings)


@needs_libreoffice
def test_linked_picture_in_a_deck_template_is_never_fetched(
    tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    url, requests = server
    template = linking_deck_template(tmp_path / "byra.pptx", f"{url}/pixel.png")
    build_with(tmp_path, "deck", template, url, requests)


def linking_word_template(path: Path, url: str) -> Path:
    """The shipped worksheet template with a header logo linked from `url`, not embedded."""
    from docx import Document

    doc = Document(str(REPO / "templates" / "docx" / "worksheet.docx"))
    header = doc.sections[0].header
    pixel = path.with_name("pixel.png")
    pixel.write_bytes(PIXEL)
    header.paragraphs[0].add_run().add_picture(str(pixel))
    rel_id = header.part.relate_to(url, RT.IMAGE, is_external=True)
    blip = header._element.xpath(".//a:blip")[0]
    embedded = blip.get(qn("r:embed"))
    del blip.attrib[qn("r:embed")]
    blip.set(qn("r:link"), rel_id)
    header.part.drop_rel(embedded)
    doc.save(str(path))
    return path


@needs_libreoffice
def test_linked_picture_in_a_word_template_is_never_fetched(
    tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    url, requests = server
    template = linking_word_template(tmp_path / "byra.docx", f"{url}/logo.png")
    build_with(tmp_path, "worksheets", template, url, requests)
