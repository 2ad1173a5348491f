"""`samling preview`: the state and the web app without a browser (a stand-in for LibreOffice
draws each slide's title), then the real thing in headless Chromium: the page follows saves,
shows an error panel over the last good pictures, and puts warnings beside their slide."""

from __future__ import annotations

import asyncio
import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from pipeline.errors import ToolError
from pipeline.preview import Picture, Preview, PreviewState, deck_titles, updated
from pipeline.preview_server import bind, create_app, event_stream
from pipeline.project import Project

from conftest import REPO, edit

SLIDES = "samling-02/slides.md"
# A slide whose text cannot fit: the deck warns about it, at its line in slides.md.
HEAVY = "\n## Alt på ein gong\n\n" + ("- " + "Eit langt punkt " * 12 + "\n") * 14


def project_copy(root: Path) -> Project:
    shutil.copytree(REPO / "tests/fixtures/mini", root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    return Project.at(root)


class TitlePictures:
    """Stands in for LibreOffice: one PDF page per slide with its title written on it, and a
    one-page PDF for a Word document, so a change of title changes that slide's picture."""

    note = "stand-in"

    def __init__(self) -> None:
        self.drawn: list[int] = []  # how many pages each conversion drew

    def to_pdf(self, path: Path, folder: Path) -> Path:
        from PIL import Image, ImageDraw
        from pptx import Presentation

        texts = [path.name]
        if path.suffix == ".pptx":  # hidden slides are left out, as LibreOffice's PDF does
            shown = [s._element.get("show") != "0" for s in Presentation(str(path)).slides]
            texts = [t for t, show in zip(deck_titles(path), shown, strict=True) if show]
        self.drawn.append(len(texts))
        pages = []
        for text in texts:
            page = Image.new("RGB", (200, 120), "white")
            ImageDraw.Draw(page).text((10, 50), text, fill="black")
            pages.append(page)
        out = folder / f"{path.stem}.pdf"
        pages[0].save(out, "PDF", save_all=True, append_images=pages[1:])
        return out

    def close(self) -> None:
        return None


needs_pdftoppm = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils missing")


# --------------------------------------------------------------------------- without a browser


def test_an_unchanged_picture_keeps_its_version() -> None:
    old = [Picture(b"a", 1), Picture(b"b", 4)]
    new, changed = updated(old, [b"a", b"c", b"d"])
    assert [(p.png, p.version) for p in new] == [(b"a", 1), (b"c", 5), (b"d", 1)]
    assert changed == [1, 2]


@needs_pdftoppm
def test_a_save_changes_only_the_edited_slides_picture(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    pictures = TitlePictures()
    preview = Preview(project, 2, pictures, tmp_path)
    preview.refresh()
    first = preview.state.snapshot()
    assert first["status"] == "ready" and first["error"] is None
    assert [s["title"] for s in first["slides"]][6] == "Om relasjoner"
    assert [len(d["pages"]) for d in first["documents"]] == [1, 1]
    edit(project.content / SLIDES, "## Om relasjoner", "## Om relasjonar")
    preview.refresh({project.content / SLIDES})
    second = preview.state.snapshot()
    changed = [
        new["number"]
        for old, new in zip(first["slides"], second["slides"], strict=True)
        if old["src"] != new["src"]
    ]
    assert changed == [7]
    assert second["slides"][6]["title"] == "Om relasjonar"
    assert second["slides"][6]["src"].endswith("?v=2")
    # Only the edited slide went through the converter: a deck of it alone, the slides
    # before it hidden so that its slide number stays 7.
    assert pictures.drawn[-1] == 1


@needs_pdftoppm
def test_a_deck_of_the_changed_slides_alone_keeps_their_numbers(tmp_path: Path) -> None:
    from pptx import Presentation

    from pipeline.preview import changed_slides, shown_positions, subset_deck

    project = project_copy(tmp_path)
    preview = Preview(project, 2, TitlePictures(), tmp_path)
    preview.refresh()
    deck = preview._path("deck")
    before = deck.read_bytes()
    assert changed_slides(before, before) == []
    edit(project.content / SLIDES, "## Om relasjoner", "## Om relasjonar")
    preview.refresh({project.content / SLIDES})
    after = deck.read_bytes()
    numbers = changed_slides(before, after)
    assert numbers is not None and shown_positions(after, numbers) == [7]
    part = tmp_path / "part.pptx"
    part.write_bytes(subset_deck(after, 7, 7))
    slides = list(Presentation(str(part)).slides)
    assert len(slides) == 7
    assert [s._element.get("show") for s in slides] == ["0"] * 6 + [None]
    assert slides[6].shapes.title.text == "Om relasjonar"
    # A slide added: every picture is drawn again.
    edit(project.content / SLIDES, "## Om relasjonar", "## Ny\n\nTekst.\n\n## Om relasjonar")
    preview.refresh({project.content / SLIDES})
    assert changed_slides(after, deck.read_bytes()) is None


@needs_pdftoppm
def test_broken_content_shows_the_error_and_keeps_the_pictures(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    preview = Preview(project, 2, TitlePictures(), tmp_path)
    preview.refresh()
    good = preview.state.snapshot()
    edit(project.content / "samling-02/samling.yaml", "start: 09:00", "start: 08:45")
    preview.refresh()
    broken = preview.state.snapshot()
    assert broken["status"] == "error"
    assert any("samling.yaml:" in line and "overlap" in line for line in broken["error"])
    assert broken["slides"] == good["slides"]
    edit(project.content / "samling-02/samling.yaml", "start: 08:45", "start: 09:00")
    preview.refresh()
    assert preview.state.snapshot()["error"] is None


@needs_pdftoppm
def test_a_slides_warning_sits_beside_it_with_file_and_line(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    slides = project.content / SLIDES
    slides.write_text(slides.read_text(encoding="utf-8") + HEAVY, encoding="utf-8")
    line = slides.read_text(encoding="utf-8").splitlines().index("## Alt på ein gong") + 1
    preview = Preview(project, 2, TitlePictures(), tmp_path)
    preview.refresh()
    state = preview.state.snapshot()
    heavy = state["slides"][-1]
    assert heavy["title"] == "Alt på ein gong"
    [warning] = heavy["warnings"]
    assert warning["where"] == f"content/{SLIDES}:{line}"
    assert "does not fit" in warning["text"]
    assert all(not s["warnings"] for s in state["slides"][:-1])


def _state_with_a_slide() -> PreviewState:
    state = PreviewState(2)
    state.publish(pictures={"deck": [Picture(b"\x89PNG one", 3)], "guide": [], "worksheets": []})
    state.publish(titles=["Velkommen"], status="ready")
    return state


def test_the_app_serves_the_page_the_state_and_the_pictures() -> None:
    client = TestClient(create_app(_state_with_a_slide()))
    page = client.get("/")
    assert page.status_code == 200 and 'id="slides"' in page.text
    assert client.get("/static/preview.js").status_code == 200
    state = client.get("/state").json()
    assert state["slides"] == [
        {"number": 1, "title": "Velkommen", "src": "/picture/deck/1.png?v=3", "warnings": []}
    ]
    picture = client.get("/picture/deck/1.png?v=3")
    assert picture.content == b"\x89PNG one" and picture.headers["content-type"] == "image/png"
    assert client.get("/picture/deck/2.png").status_code == 404
    assert client.get("/picture/secrets/1.png").status_code == 404


def test_the_event_stream_tells_of_every_change_and_ends_with_the_state() -> None:
    state = _state_with_a_slide()

    async def read() -> list[str]:
        stream = event_stream(state)
        seen = [await anext(stream)]
        state.publish(status="building")
        seen.append(await anext(stream))
        state.close()
        seen.extend([event async for event in stream])
        return seen

    events = asyncio.run(read())
    assert events == ["event: update\ndata: 2\n\n", "event: update\ndata: 3\n\n"]


def test_a_taken_port_is_a_clear_error() -> None:
    taken = bind(0)
    try:
        with pytest.raises(ToolError) as caught:
            bind(taken.getsockname()[1])
        assert "--port" in caught.value.diagnostics[0].hint
    finally:
        taken.close()


# --------------------------------------------------------------------------- in a browser

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
in_browser = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists() and shutil.which("soffice")),
    reason="needs Debian's chromium and chromium-driver, and LibreOffice "
    "(scripts/system-packages.sh installs them)",
)
WAIT = 40.0


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Project, str]]:
    """`samling preview 2 --port 0` on a copy of the mini content, and its address."""
    root = tmp_path_factory.mktemp("preview")
    project = project_copy(root)
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "preview", "2", "--port", "0"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    said = []
    for line in process.stdout:
        said.append(line)
        found = re.search(r"http://127\.0\.0\.1:\d+/", line)
        if found:
            break
    else:
        pytest.fail("the preview did not start:\n" + "".join(said))
    try:
        yield project, found.group(0)
    finally:
        process.terminate()
        rest, _ = process.communicate(timeout=30)
        assert process.returncode in (0, 143), "".join(said) + rest


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1400,1000",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
    ):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _until(driver: Any, check: Any, what: str) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT, poll_frequency=0.1).until(lambda d: check(d), what)


def _slides(driver: Any) -> list[tuple[str, str]]:
    """(picture URL, caption) of each slide shown, once its picture has loaded."""
    script = """return [...document.querySelectorAll('#slides figure')].map(f => {
        const img = f.querySelector('img');
        return [img.complete && img.naturalWidth > 0 ? img.getAttribute('src') : '',
                f.querySelector('figcaption').textContent];});"""
    return [tuple(pair) for pair in driver.execute_script(script)]


def _ready(driver: Any) -> list[tuple[str, str]]:
    slides = _slides(driver)
    status = driver.find_element("id", "status").get_attribute("class")
    return slides if slides and all(src for src, _ in slides) and status == "ready" else []


@in_browser
def test_the_page_follows_a_save(running: tuple[Project, str], browser: Any) -> None:
    project, address = running
    browser.get(address)
    before = _until(browser, _ready, "the slide grid")
    assert len(before) == 9 and before[6][1] == "7Om relasjoner"
    assert browser.find_elements("css selector", "#document-guide img")
    edit(project.content / SLIDES, "## Om relasjoner", "## Om relasjonar")
    after = _until(browser, lambda d: (s := _ready(d)) and s[6][1].endswith("ar") and s, "edit")
    assert after[6][1] == "7Om relasjonar"
    assert after[6][0] != before[6][0], "the edited slide's picture was not fetched again"
    assert [a for a, b in zip(before, after, strict=True) if a != b] == [before[6]]
    browser.save_screenshot("/tmp/samling-preview.png")


@in_browser
def test_broken_content_shows_the_panel_over_the_old_pictures(
    running: tuple[Project, str], browser: Any
) -> None:
    project, address = running
    browser.get(address)
    before = _until(browser, _ready, "the slide grid")
    yaml = project.content / "samling-02/samling.yaml"
    edit(yaml, "start: 09:00", "start: 08:45")
    try:
        panel = browser.find_element("id", "error")
        _until(browser, lambda d: panel.is_displayed(), "the error panel")
        assert "samling.yaml:" in panel.text and "overlap" in panel.text
        assert _slides(browser) == before, "the last good pictures are kept"
    finally:
        edit(yaml, "start: 08:45", "start: 09:00")
    _until(browser, lambda d: not panel.is_displayed() and _ready(d), "the panel to go")


@in_browser
def test_a_warning_sits_under_its_slide(running: tuple[Project, str], browser: Any) -> None:
    project, address = running
    browser.get(address)
    _until(browser, _ready, "the slide grid")
    slides = project.content / SLIDES
    slides.write_text(slides.read_text(encoding="utf-8") + HEAVY, encoding="utf-8")
    line = slides.read_text(encoding="utf-8").splitlines().index("## Alt på ein gong") + 1
    _until(browser, lambda d: len(_ready(d)) == 10, "the new slide")
    figure = browser.find_element("id", "slide-10")
    warning = figure.find_element("css selector", ".warnings li")
    assert warning.find_element("css selector", "code").text == f"content/{SLIDES}:{line}"
    assert "does not fit" in warning.text
    assert "warned" in (figure.get_attribute("class") or "")
    assert not browser.find_elements("css selector", "#slide-9 .warnings li")
    browser.save_screenshot("/tmp/samling-preview-warning.png")
    png = browser.get_screenshot_as_png()
    assert png[:4] == b"\x89PNG" and len(io.BytesIO(png).getvalue()) > 1000
