"""`samling preview N`: what the live preview page shows, and how it follows the saves.

    pictures = start_pictures(scratch, say)          # one LibreOffice kept up (unoserver)
    preview = Preview(project, number, pictures)
    preview.refresh(changed)                         # warm rebuild, then the changed pictures
    preview.state.snapshot()                         # what the page shows, as JSON data

The pictures are made from the real built files, so the page shows what the facilitator will
project: the deck and the Word documents go to PDF through LibreOffice, and `pdftoppm` turns
each page into a PNG. A picture keeps its version until its PNG bytes change, so the page
fetches only the pictures that did (their URLs carry the version).

LibreOffice starts once, as an `unoserver`: its server needs the `uno` module, which Debian's
python3-uno gives Debian's /usr/bin/python3 only, so the server runs under that Python with
just the unoserver package on its path; this process talks to it over XML-RPC (no uno
needed). When it cannot start, each save starts a one-shot soffice instead (`pipeline.pdf`),
slower by the start of LibreOffice, and the page says so.

A save that breaks the content leaves the last good pictures in place and shows the
diagnostics in an error panel until the next good build.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from lxml import etree

from pipeline.build import BuildOptions, BuildResult
from pipeline.errors import Diagnostic, SamlingError, ToolError
from pipeline.project import Project, output_names
from pipeline.warm import WarmSession

Say = Callable[[str], None]

P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# pdftoppm's resolution: 50 dpi gives a 10-inch-wide slide 500 px, sharp enough for a grid
# of thumbnails, and renders a page in a few milliseconds.
DPI = 50
DOCUMENTS = ("deck", "guide", "worksheets")
LABELS = {"deck": "Lysbilete", "guide": "Fasilitatorguide", "worksheets": "Arbeidsark"}
# Debian's Python, the one python3-uno is for; $SAMLING_UNO_PYTHON overrides it.
UNO_PYTHON = "/usr/bin/python3"
UNO_PYTHON_ENV = "SAMLING_UNO_PYTHON"
UNO_START_TIMEOUT = 60.0


# --------------------------------------------------------------------------- PDF pictures


class Pictures(Protocol):
    """Turns a built .pptx or .docx into a PDF, written into `folder`."""

    note: str

    def to_pdf(self, path: Path, folder: Path) -> Path: ...

    def close(self) -> None: ...


class SofficePictures:
    """One soffice start per conversion (pipeline.pdf): slow, but needs nothing else."""

    def __init__(self, note: str = "") -> None:
        self.note = note

    def to_pdf(self, path: Path, folder: Path) -> Path:
        from pipeline.pdf import convert_to_pdf

        (pdf,) = convert_to_pdf([path], folder, scratch_root=folder)
        return pdf

    def close(self) -> None:
        return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _unoserver_path(scratch: Path) -> Path:
    """A folder with only the unoserver package (and its metadata: the server reads its own
    version) in it, for Debian's Python's sys.path: the whole of this venv's site-packages
    there would shadow Debian's own modules with ones built for another Python."""
    from importlib import metadata

    import unoserver

    folder = scratch / "unoserver-path"
    folder.mkdir(parents=True, exist_ok=True)
    package = Path(unoserver.__file__).parent
    (folder / "unoserver").symlink_to(package, target_is_directory=True)
    info = metadata.distribution("unoserver")
    for found in package.parent.glob(f"unoserver-{info.version}.dist-info"):
        (folder / found.name).symlink_to(found, target_is_directory=True)
    return folder


class UnoPictures:
    """One LibreOffice for every conversion, run by unoserver under Debian's Python.

    The server runs under pipeline.pdf's guard in its own process group, so LibreOffice ends
    with this process however it ends, kill -9 included."""

    note = ""

    def __init__(self, scratch: Path, python: str, soffice: str) -> None:
        from pipeline.pdf import _GUARD

        self.port = _free_port()
        env = {
            **os.environ,
            "PYTHONPATH": str(_unoserver_path(scratch)),
            "HOME": str(scratch),
            "SAL_USE_VCLPLUGIN": "svp",  # headless rendering, no display needed
        }
        command = [
            python, "-m", "unoserver.server", "--port", str(self.port),
            "--uno-port", str(_free_port()), "--executable", soffice,
            "--user-installation", str(scratch / "profile"), "--quiet",
        ]  # fmt: skip
        watched, self._keep_open = os.pipe()
        try:
            self.process = subprocess.Popen(
                [python, "-I", "-c", _GUARD, str(watched), *command],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env=env,
                start_new_session=True,
                pass_fds=(watched,),
            )
        finally:
            os.close(watched)
        from unoserver.client import UnoClient

        self.client = UnoClient("127.0.0.1", str(self.port))
        self._wait_ready()

    def _wait_ready(self) -> None:
        from xmlrpc.client import ServerProxy

        deadline = time.monotonic() + UNO_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                stderr = self.process.stderr.read() if self.process.stderr else b""
                self.close()
                last = stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
                raise OSError(f"unoserver stopped: {last[0]}")
            try:
                with ServerProxy(f"http://127.0.0.1:{self.port}") as proxy:
                    proxy.info()
                return
            except OSError:
                time.sleep(0.1)
        self.close()
        raise OSError(f"unoserver did not answer within {UNO_START_TIMEOUT:.0f} s")

    def to_pdf(self, path: Path, folder: Path) -> Path:
        out = folder / f"{path.stem}.pdf"
        self.client.convert(inpath=str(path), outpath=str(out), convert_to="pdf")
        return out

    def close(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):  # it ended on its own just now
                os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        if self.process.stderr:
            self.process.stderr.close()
        if self._keep_open >= 0:
            os.close(self._keep_open)
            self._keep_open = -1


def start_pictures(scratch: Path, say: Say) -> Pictures:
    """unoserver when it can start, else one soffice per save; says which and why."""
    from pipeline.pdf import INSTALL_HINT, soffice_binary

    soffice = soffice_binary()
    if soffice is None:
        raise ToolError(
            [Diagnostic("error", "LibreOffice is not installed: no pictures", hint=INSTALL_HINT)]
        )
    python = os.environ.get(UNO_PYTHON_ENV, "").strip() or UNO_PYTHON
    try:
        return UnoPictures(scratch, python, soffice)
    except (OSError, ImportError) as exc:
        note = (
            f"unoserver could not start ({exc}); each save starts LibreOffice instead, which "
            "takes a few seconds longer (Debian: apt-get install python3-uno)"
        )
    say(note)
    return SofficePictures(note)


def pdf_pages(pdf: Path, folder: Path) -> list[bytes]:
    """Every page of `pdf` as PNG bytes, at DPI."""
    binary = shutil.which("pdftoppm")
    if binary is None:
        raise ToolError(
            [
                Diagnostic(
                    "error", "pdftoppm is missing", hint="Debian: apt-get install poppler-utils"
                )
            ]
        )
    with tempfile.TemporaryDirectory(dir=folder) as name:
        subprocess.run(
            [binary, "-png", "-r", str(DPI), str(pdf), str(Path(name) / "page")],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        # pdftoppm pads the page numbers to the width of the last one: sorted by name is order
        return [page.read_bytes() for page in sorted(Path(name).glob("page-*.png"))]


def deck_titles(deck: Path) -> list[str]:
    """Each slide's title text, for the captions ("" for a slide with none)."""
    from pptx import Presentation

    titles = []
    for slide in Presentation(str(deck)).slides:
        title = slide.shapes.title
        titles.append(" ".join(title.text.split()) if title is not None else "")
    return titles


# --------------------------------------------------------------------------- changed slides

# Parts that do not show on a slide's picture: the document's properties (its list of slide
# titles among them) and the speaker notes.
UNSEEN = ("docProps/", "ppt/notesSlides/")
_SLIDE = re.compile(r"ppt/slides/(?:_rels/)?slide(\d+)\.xml(?:\.rels)?$")


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def changed_slides(old: bytes, new: bytes) -> list[int] | None:
    """The numbers of the slides whose own parts differ between two builds of a deck, in
    order; None when anything else differs too (a slide added or moved, a layout, the theme,
    a picture), so that every slide must be drawn again."""
    before, after = _parts(old), _parts(new)
    if before.keys() != after.keys():
        return None
    changed: set[int] = set()
    for name, data in after.items():
        if before[name] == data or name.startswith(UNSEEN):
            continue
        match = _SLIDE.match(name)
        if match is None:
            return None
        changed.add(int(match.group(1)))
    return sorted(changed)


def _slide_order(parts: dict[str, bytes]) -> list[str]:
    """The deck's slide part names in the order they are shown."""
    pres = etree.fromstring(parts["ppt/presentation.xml"])
    rels = etree.fromstring(parts["ppt/_rels/presentation.xml.rels"])
    target = {r.get("Id"): r.get("Target") for r in rels}
    ids = pres.findall(f"{{{P_NS}}}sldIdLst/{{{P_NS}}}sldId")
    return [
        "ppt/" + str(target[i.get(f"{{{R_NS}}}id")]).lstrip("/").removeprefix("ppt/") for i in ids
    ]


def subset_deck(data: bytes, first: int, last: int) -> bytes:
    """The deck with only its slides `first`..`last` (shown positions, 1-based) shown: those
    before are hidden (so the slide-number fields still count them, and LibreOffice's PDF
    leaves them out), those after are dropped. LibreOffice draws just those slides."""
    parts = _parts(data)
    order = _slide_order(parts)
    pres = etree.fromstring(parts["ppt/presentation.xml"])
    id_list = pres.find(f"{{{P_NS}}}sldIdLst")
    assert id_list is not None
    for position, entry in enumerate(list(id_list), 1):
        if position > last:
            id_list.remove(entry)
    for name in order[: first - 1]:
        slide = etree.fromstring(parts[name])
        slide.set("show", "0")
        parts[name] = etree.tostring(slide, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["ppt/presentation.xml"] = etree.tostring(
        pres, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, part in parts.items():
            archive.writestr(name, part)
    return out.getvalue()


def shown_positions(data: bytes, numbers: list[int]) -> list[int]:
    """The shown positions (1-based) of the slide parts slideN.xml for N in `numbers`."""
    order = _slide_order(_parts(data))
    wanted = {f"ppt/slides/slide{n}.xml" for n in numbers}
    return [position for position, name in enumerate(order, 1) if name in wanted]


# --------------------------------------------------------------------------- the state


@dataclass
class Picture:
    png: bytes
    version: int


def updated(old: list[Picture], pngs: list[bytes]) -> tuple[list[Picture], list[int]]:
    """The new pictures and the indexes of those that changed; an unchanged page keeps its
    version, so the browser keeps its copy."""
    new, changed = [], []
    for index, png in enumerate(pngs):
        before = old[index] if index < len(old) else None
        if before is not None and before.png == png:
            new.append(before)
        else:
            new.append(Picture(png, before.version + 1 if before else 1))
            changed.append(index)
    return new, changed


def _shown(diagnostic: Diagnostic, root: Path) -> dict[str, str]:
    text = diagnostic.message + (f" ({diagnostic.hint})" if diagnostic.hint else "")
    return {"severity": diagnostic.severity, "where": diagnostic.location(root), "text": text}


@dataclass
class PreviewState:
    """What the page shows; every change bumps `generation` and wakes the waiting streams."""

    number: int
    pictures: dict[str, list[Picture]] = field(default_factory=lambda: {d: [] for d in DOCUMENTS})
    titles: list[str] = field(default_factory=list)
    slide_warnings: dict[int, list[dict[str, str]]] = field(default_factory=dict)
    warnings: list[dict[str, str]] = field(default_factory=list)  # about no one slide
    error: list[str] | None = None
    status: str = "building"
    note: str = ""
    generation: int = 0
    closed: bool = False
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, **values: Any) -> None:
        with self.changed:
            for name, value in values.items():
                setattr(self, name, value)
            self.generation += 1
            self.changed.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        """The generation, once it is past `seen` (or the timeout passed, or it closed)."""
        with self.changed:
            self.changed.wait_for(lambda: self.generation != seen or self.closed, timeout)
            return self.generation

    def close(self) -> None:
        self.publish(closed=True)

    def picture(self, document: str, number: int) -> bytes | None:
        with self.changed:
            pages = self.pictures.get(document, [])
            return pages[number - 1].png if 0 < number <= len(pages) else None

    def snapshot(self) -> dict[str, Any]:
        with self.changed:
            deck = self.pictures["deck"]
            slides = [
                {
                    "number": n,
                    "title": self.titles[n - 1] if n <= len(self.titles) else "",
                    "src": f"/picture/deck/{n}.png?v={picture.version}",
                    "warnings": self.slide_warnings.get(n, []),
                }
                for n, picture in enumerate(deck, start=1)
            ]
            documents = [
                {
                    "name": name,
                    "label": LABELS[name],
                    "pages": [
                        {"number": n, "src": f"/picture/{name}/{n}.png?v={picture.version}"}
                        for n, picture in enumerate(self.pictures[name], start=1)
                    ],
                }
                for name in DOCUMENTS[1:]
            ]
            return {
                "generation": self.generation,
                "number": self.number,
                "status": self.status,
                "error": self.error,
                "note": self.note,
                "slides": slides,
                "documents": documents,
                "warnings": self.warnings,
            }


# --------------------------------------------------------------------------- the preview


class Preview:
    """One samling's preview: a warm build session, the pictures, and the page's state."""

    def __init__(self, project: Project, number: int, pictures: Pictures, scratch: Path) -> None:
        self.project, self.number = project, number
        self.root = project.content.parent
        self.pictures, self.scratch = pictures, scratch
        # No poster (the page does not show it) and no PDFs (the pictures make their own).
        options = BuildOptions(pdf=False, only=DOCUMENTS, force=True)
        self.session = WarmSession(project, options)
        self.first = True
        self.state = PreviewState(number, note=pictures.note)
        self._lock = threading.Lock()  # one refresh at a time
        self._last_deck: bytes | None = None  # the deck the pictures were drawn from

    def refresh(self, changed: set[Path] | None = None) -> None:
        """Rebuild, then re-render the pictures of what was written. The deck comes first,
        in a rebuild of its own, so its pictures do not wait for the Word documents."""
        with self._lock:
            self.state.publish(status="building")
            try:
                deck = self._rebuild(("deck",), changed)
                self._show_deck(deck)
                others = self._rebuild(DOCUMENTS[1:], changed)
                self._show_documents(others)
            except SamlingError as exc:
                error = [d.format(self.root) for d in exc.diagnostics] or [str(exc)]
                self.state.publish(status="error", error=error)
                return
            except Exception as exc:  # a bug in samling: say so, and keep the preview up
                error = [f"samling: internal error ({type(exc).__name__}: {exc}); please report it"]
                self.state.publish(status="error", error=error)
                return
            self.first = False  # a first build that failed is forced again next time
            self.state.publish(status="ready", error=None)

    def _rebuild(self, outputs: tuple[str, ...], changed: set[Path] | None) -> BuildResult:
        # The first build is forced, so the page gets the warnings of outputs that were
        # already up to date; later ones rebuild only what the saves made stale.
        self.session.options = replace(self.session.options, only=outputs, force=self.first)
        return self.session.rebuild(self.number, changed or set())

    def _path(self, document: str) -> Path:
        return self.project.samling_build_dir(self.number) / output_names(self.number)[document]

    def _pages(self, document: str) -> list[Picture] | None:
        """The new pictures of a built document, or None when it is not there."""
        path = self._path(document)
        if not path.is_file():
            return None
        new, _ = updated(self.state.pictures[document], self._pngs(path))
        return new

    def _deck_pages(self, data: bytes) -> list[Picture] | None:
        """The deck's new pictures. When only some slides' own parts changed (a one-slide
        edit), only those slides go through LibreOffice: a deck of just them, numbered as in
        the whole, converts in a fraction of the time of the whole."""
        old, last = self.state.pictures["deck"], self._last_deck
        numbers = changed_slides(last, data) if last is not None and old else None
        if numbers is None:
            return self._pages("deck")
        positions = shown_positions(data, numbers)
        if not positions:
            return old
        first, end = positions[0], positions[-1]
        with tempfile.TemporaryDirectory(prefix="part-", dir=self.scratch) as name:
            part = Path(name) / "deck.pptx"
            part.write_bytes(subset_deck(data, first, end))
            pngs = self._pngs(part)
        if len(pngs) != end - first + 1 or end > len(old):
            return self._pages("deck")  # not what was asked for: draw the whole deck
        merged = [picture.png for picture in old]
        merged[first - 1 : end] = pngs
        new, _ = updated(old, merged)
        return new

    def _pngs(self, path: Path) -> list[bytes]:
        """Each page of a .pptx or .docx as PNG bytes, through the kept LibreOffice."""
        with tempfile.TemporaryDirectory(prefix="pdf-", dir=self.scratch) as name:
            try:
                pdf = self.pictures.to_pdf(path, Path(name))
            except (OSError, ToolError) as exc:
                if isinstance(self.pictures, SofficePictures):
                    raise
                # A LibreOffice that died is not worth a broken preview: go on without it.
                self.pictures.close()
                note = f"the kept LibreOffice failed ({exc}); each save now starts one"
                self.pictures = SofficePictures(note)
                self.state.publish(note=note)
                pdf = self.pictures.to_pdf(path, Path(name))
            return pdf_pages(pdf, Path(name))

    def _show_deck(self, result: BuildResult) -> None:
        slide_warnings: dict[int, list[dict[str, str]]] = {}
        general = []
        for diagnostic in result.warnings:
            slide = result.slide_of.get(diagnostic)
            if slide is None:
                general.append(_shown(diagnostic, self.root))
            else:
                slide_warnings.setdefault(slide, []).append(_shown(diagnostic, self.root))
        if result.deck is None and not self.first:
            return  # the deck was up to date: its pictures and warnings stand
        path = self._path("deck")
        data = path.read_bytes() if path.is_file() else None
        pages = self._deck_pages(data) if data is not None else None
        self._last_deck = data
        pictures = {**self.state.pictures, "deck": pages or []}
        titles = deck_titles(self._path("deck")) if pages is not None else []
        self.state.publish(
            pictures=pictures, titles=titles, slide_warnings=slide_warnings, warnings=general
        )

    def _show_documents(self, result: BuildResult) -> None:
        written = {path.name for path in result.written}
        pictures = dict(self.state.pictures)
        for document in DOCUMENTS[1:]:
            if self.first or output_names(self.number)[document] in written:
                pictures[document] = self._pages(document) or []
        # The content's own warnings come with both rebuilds: show each once.
        seen = {(w["where"], w["text"]) for w in self.state.warnings}
        for ws in self.state.slide_warnings.values():
            seen.update((w["where"], w["text"]) for w in ws)
        extra = [
            shown
            for shown in (_shown(d, self.root) for d in result.warnings)
            if (shown["where"], shown["text"]) not in seen
        ]
        self.state.publish(pictures=pictures, warnings=[*self.state.warnings, *extra])


def watch_and_refresh(preview: Preview, stop: threading.Event) -> None:
    """Refresh once the watcher is up, then after every save, until `stop` is set."""
    from pipeline.watch import saves

    for changed in saves(preview.project, stop):
        preview.refresh(changed)
