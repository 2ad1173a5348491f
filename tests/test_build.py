"""The build: deterministic, incremental, atomic and safe to run twice at once."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipeline.build import (
    BuildOptions,
    build_poster,
    build_samling,
    check_render,
    safe_build_all,
)
from pipeline.errors import ContentError, SamlingError
from pipeline.outputs import LOCK_FILE, build_lock
from pipeline.project import Project, output_names

from builders import as_template
from conftest import REPO, edit

OUTPUTS = ("deck", "guide", "worksheets")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A copy of the real content and templates."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    return Project.at(tmp_path)


def digests(folder: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
        if path.suffix in (".pptx", ".docx", ".svg", ".pdf", ".png") and path.is_file()
    }


def test_two_builds_are_byte_identical(project: Project, monkeypatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    options = BuildOptions(only=(*OUTPUTS, "poster"), pdf=False, force=True)
    build_samling(project, 2, options)
    first = {**digests(project.build / "samling-02"), **digests(project.build / "lederplakat")}
    shutil.rmtree(project.build)
    build_samling(project, 2, options)
    second = {**digests(project.build / "samling-02"), **digests(project.build / "lederplakat")}
    assert sorted(first) == [
        "lederplakat-columns.pdf",
        "lederplakat-columns.png",
        "lederplakat-columns.svg",
        "lederplakat.pdf",
        "lederplakat.png",
        "lederplakat.svg",
        "samling-02-arbeidsark.docx",
        "samling-02-fasilitatorguide.docx",
        "samling-02-presentasjon.pptx",
    ]
    assert first == second


def test_unchanged_build_renders_nothing(project: Project) -> None:
    options = BuildOptions(only=OUTPUTS, pdf=False)
    first = build_samling(project, 2, options)
    assert len(first.written) == 3
    again = build_samling(project, 2, options)
    assert again.written == []
    assert sorted(again.unchanged) == sorted(OUTPUTS)
    forced = build_samling(project, 2, BuildOptions(only=OUTPUTS, pdf=False, force=True))
    assert len(forced.written) == 3


def test_changed_slide_rebuilds(project: Project) -> None:
    options = BuildOptions(only=("deck",), pdf=False)
    build_samling(project, 2, options)
    edit(project.content / "samling-02/slides.md", "Relasjoner i ledelse", "Relasjonar i leiing")
    result = build_samling(project, 2, options)
    assert [p.name for p in result.written] == ["samling-02-presentasjon.pptx"]


def test_noop_build_imports_no_renderer(project: Project) -> None:
    build_samling(project, 2, BuildOptions(only=OUTPUTS, pdf=False))
    probe = (
        "import sys; from pipeline.cli import main\n"
        "try:\n    main(['build', '2', '--no-pdf', '--only', 'deck,guide,worksheets'])\n"
        "except SystemExit:\n    pass\n"
        "heavy = [m for m in ('pptx', 'docx', 'cairosvg') if m in sys.modules]\n"
        "print('heavy:', heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=project.content.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Nothing changed" in result.stdout
    assert "heavy: []" in result.stdout


def test_failed_build_keeps_the_last_good_files(project: Project, monkeypatch) -> None:
    options = BuildOptions(only=OUTPUTS, pdf=False)
    build_samling(project, 2, options)
    before = digests(project.build / "samling-02")
    edit(project.content / "samling-02/slides.md", "Relasjoner i ledelse", "Nytt namn")
    import pipeline.render.worksheets as worksheets

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(worksheets, "render_worksheets", broken)
    with pytest.raises(RuntimeError):  # forced: the title edit is not one the worksheets read
        build_samling(project, 2, BuildOptions(only=OUTPUTS, pdf=False, force=True))
    assert digests(project.build / "samling-02") == before
    leftovers = [p.name for p in (project.build / "samling-02").iterdir() if ".tmp" in p.name]
    assert leftovers == []


def test_content_error_writes_nothing(project: Project) -> None:
    edit(project.content / "samling-02/samling.yaml", "start: 09:00", "start: 08:45")
    with pytest.raises(ContentError):
        build_samling(project, 2, BuildOptions(only=OUTPUTS, pdf=False))
    assert not (project.build / "samling-02").exists()


def test_two_builds_at_once_do_not_corrupt_each_other(project: Project) -> None:
    import zipfile

    options = BuildOptions(only=("deck", "guide"), pdf=False, force=True)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            build_samling(project, 2, options)
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for name in ("samling-02-presentasjon.pptx", "samling-02-fasilitatorguide.docx"):
        with zipfile.ZipFile(project.build / "samling-02" / name) as archive:
            assert archive.testzip() is None


def test_poster_is_incremental(project: Project) -> None:
    first = build_poster(project, BuildOptions(only=("poster",)))
    assert sorted(p.name for p in first.written) == [
        "lederplakat-columns.pdf",
        "lederplakat-columns.png",
        "lederplakat-columns.svg",
        "lederplakat-columns.txt",
        "lederplakat.pdf",
        "lederplakat.png",
        "lederplakat.svg",
        "lederplakat.txt",
    ]
    assert build_poster(project, BuildOptions(only=("poster",))).written == []


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_pdfs_are_byte_identical_and_carry_the_language(project: Project) -> None:
    import pikepdf

    options = BuildOptions(only=("deck", "worksheets"), pdf=True, force=True)
    build_samling(project, 3, options)
    folder = project.build / "samling-03"
    first = {name: value for name, value in digests(folder).items() if name.endswith(".pdf")}
    build_samling(project, 3, options)
    second = {name: value for name, value in digests(folder).items() if name.endswith(".pdf")}
    assert sorted(first) == ["samling-03-arbeidsark.pdf", "samling-03-presentasjon.pdf"]
    assert first == second
    for name in first:
        with pikepdf.open(folder / name) as pdf:
            assert str(pdf.Root.Lang) == "nn-NO"
            assert "/StructTreeRoot" in pdf.Root
            assert str(pdf.docinfo["/CreationDate"]) == "D:20230920120000Z"


# --------------------------------------------------------------------------- the lock


def test_a_build_that_waits_for_the_lock_says_so_once(tmp_path: Path) -> None:
    import fcntl

    folder = tmp_path / "samling-02"
    folder.mkdir()
    said: list[str] = []
    entered = threading.Event()

    def waiting_build() -> None:
        with build_lock(folder, "samling 2", said.append):
            entered.set()

    with open(folder / LOCK_FILE, "w") as other:
        fcntl.flock(other, fcntl.LOCK_EX)  # another build holds it
        thread = threading.Thread(target=waiting_build)
        thread.start()
        deadline = time.monotonic() + 5
        while not said and time.monotonic() < deadline:
            time.sleep(0.02)
        assert said == ["Waiting for another build of samling 2 to finish …"]
        assert not entered.is_set()
        fcntl.flock(other, fcntl.LOCK_UN)
    thread.join(timeout=5)
    assert entered.is_set()
    assert said == ["Waiting for another build of samling 2 to finish …"]


def test_a_free_lock_is_taken_without_a_word(tmp_path: Path) -> None:
    said: list[str] = []
    with build_lock(tmp_path / "samling-02", "samling 2", said.append):
        pass
    assert said == []


def test_a_symlinked_lock_file_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "samling-02"
    folder.mkdir()
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    (folder / LOCK_FILE).symlink_to(precious)
    with pytest.raises(SamlingError) as caught, build_lock(folder, "samling 2"):
        pass
    assert "lock file is a symlink" in str(caught.value)
    assert precious.read_text() == "keep me"


# --------------------------------------------------------------------------- hostile content


def test_fifos_and_links_to_huge_or_outside_files_do_not_hang_the_build(
    project: Project, tmp_path: Path
) -> None:
    """Run as a separate process with a time limit, so a regression fails instead of hanging."""
    samling = project.content / "samling-02"
    os.mkfifo(tmp_path / "pipe")
    (samling / "pipe.md").symlink_to(tmp_path / "pipe")
    os.mkfifo(samling / "also-a-pipe")
    (samling / "outside.md").symlink_to("/etc/hostname")
    with open(tmp_path / "huge.bin", "wb") as handle:
        handle.truncate(64 * 2**30)  # sparse: reading it whole would exhaust the memory
    (samling / "video.mp4").symlink_to(tmp_path / "huge.bin")
    build = subprocess.run(
        [sys.executable, "-m", "pipeline", "build", "2", "--only", "deck", "--no-pdf"],
        cwd=project.content.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert build.returncode == 0, build.stderr
    assert (project.build / "samling-02" / "samling-02-presentasjon.pptx").is_file()


# --------------------------------------------------------------------------- --strict


# Twenty-five bullets of fourteen words: each is short, together they overflow the slide.
CROWDED_SLIDE = "\n## Altfor mykje {block=relasjoner}\n\n" + "".join(
    f"- punkt {n} med nok ord til at lista til slutt blir altfor lang for ein side\n"
    for n in range(25)
)


def _files(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != LOCK_FILE}


def test_strict_stops_on_a_render_warning_and_writes_nothing(mini: Path) -> None:
    project = Project.at(mini)
    options = BuildOptions(only=OUTPUTS, pdf=False)
    build_samling(project, 2, options)
    before = _files(project.build / "samling-02")
    assert ".samling-manifest.json" in before
    slides = project.content / "samling-02/slides.md"
    slides.write_text(slides.read_text(encoding="utf-8") + CROWDED_SLIDE, encoding="utf-8")
    with pytest.raises(SamlingError) as stopped:
        build_samling(project, 2, BuildOptions(only=OUTPUTS, pdf=False, strict=True))
    [found] = stopped.value.diagnostics
    assert found.severity == "warning"
    assert "«Altfor mykje»: the text does not fit" in found.message
    assert found.file == slides and found.line == slides.read_text().count("\n") - 26
    assert _files(project.build / "samling-02") == before  # outputs and manifest untouched
    # Without --strict the same build writes, and says what does not fit.
    result = build_samling(project, 2, options)
    assert sorted(p.name for p in result.written) == [  # the worksheets do not read that slide
        "samling-02-fasilitatorguide.docx",
        "samling-02-presentasjon.pptx",
    ]
    assert found in result.warnings


def test_strict_poster_warning_stops_the_samling_and_build_all(project: Project) -> None:
    """Samling 3 itself is clean; the example lederplattform's poster warns."""
    options = BuildOptions(only=("deck", "poster"), pdf=False, strict=True)
    with pytest.raises(SamlingError) as stopped:
        build_samling(project, 3, options)
    assert any("example_decision" in d.message for d in stopped.value.diagnostics)
    _, failures = safe_build_all(project, options)
    messages = [d.message for failure in failures for d in failure.diagnostics]
    assert any("the day will run 6 minutes late" in m for m in messages)  # samling 2
    assert sum("example_decision" in m for m in messages) == 1  # the poster, once
    assert _files(project.build / "samling-03") == {}
    assert _files(project.build / "lederplakat") == {}
    with pytest.raises(SamlingError):
        build_poster(project, BuildOptions(only=("poster",), strict=True))
    assert _files(project.build / "lederplakat") == {}
    assert build_poster(project, BuildOptions(only=("poster",))).warnings  # it builds, warning


def test_check_render_reports_fitting_and_writes_nothing(mini: Path) -> None:
    project = Project.at(mini)
    assert check_render(project, 2, BuildOptions(force=True)).diagnostics == []
    slides = project.content / "samling-02/slides.md"
    slides.write_text(slides.read_text(encoding="utf-8") + CROWDED_SLIDE, encoding="utf-8")
    report = check_render(project, 2, BuildOptions(force=True))
    [found] = report.diagnostics
    assert "«Altfor mykje»: the text does not fit" in found.message
    assert found.file == slides
    assert not project.build.exists()
    # Content errors are reported as they are, without rendering.
    edit(project.content / "samling-02/samling.yaml", "start: 09:00", "start: 08:45")
    assert [d.severity for d in check_render(project, 2, BuildOptions(force=True)).errors]


# --------------------------------------------------------------------------- hand edits


def deck_options(**changes: object) -> BuildOptions:
    return BuildOptions(only=("deck",), pdf=False, **changes)  # type: ignore[arg-type]


def hand_edit(path: Path) -> bytes:
    """What PowerPoint does: the same file, other bytes."""
    edited = path.read_bytes() + b"saved by PowerPoint"
    path.write_bytes(edited)
    return edited


def test_a_hand_edited_deck_is_not_overwritten(project: Project) -> None:
    build_samling(project, 2, deck_options())
    deck = project.build / "samling-02/samling-02-presentasjon.pptx"
    edited = hand_edit(deck)
    edit(project.content / "samling-02/slides.md", "Relasjoner i ledelse", "Relasjonar i leiing")
    for options in (deck_options(), deck_options(force=True)):  # --force alone refuses too
        with pytest.raises(SamlingError) as caught:
            build_samling(project, 2, options)
        [diagnostic] = caught.value.diagnostics
        assert diagnostic.file == deck
        assert "changed after samling built it" in diagnostic.message
        assert "samling pull 2" in diagnostic.hint
        assert "--keep-edits" in diagnostic.hint and "--discard-edits" in diagnostic.hint
        assert deck.read_bytes() == edited
    assert sorted(p.name for p in deck.parent.iterdir() if not p.name.startswith(".")) == [
        deck.name
    ]


def test_keep_edits_keeps_dated_copies_and_never_overwrites_an_earlier_one(
    project: Project,
) -> None:
    build_samling(project, 2, deck_options())
    deck = project.build / "samling-02/samling-02-presentasjon.pptx"
    copies = []
    for _ in range(2):
        edited = hand_edit(deck)
        os.utime(deck, (1764684180, 1764684180))  # saved at the same minute both times
        result = build_samling(project, 2, deck_options(edits="keep"))
        [note] = [n for n in result.notes if n.startswith("Kept")]
        copy = note.removesuffix(".").rsplit(" as ", 1)[1]
        assert (deck.parent / copy).read_bytes() == edited
        assert deck.read_bytes() != edited
        copies.append(copy)
    saved = time.strftime("%Y-%m-%dT%H%M", time.localtime(1764684180))
    assert copies == [
        f"samling-02-presentasjon.redigert-{saved}.pptx",
        f"samling-02-presentasjon.redigert-{saved}-2.pptx",
    ]
    assert build_samling(project, 2, deck_options()).written == []  # the set is whole again


def test_discard_edits_overwrites_and_a_reverted_file_is_rebuilt(project: Project) -> None:
    build_samling(project, 2, deck_options())
    deck = project.build / "samling-02/samling-02-presentasjon.pptx"
    built = deck.read_bytes()
    hand_edit(deck)
    result = build_samling(project, 2, deck_options(edits="discard"))
    assert deck.read_bytes() == built
    assert "Overwrote your edits to samling-02-presentasjon.pptx (--discard-edits)." in (
        result.notes
    )
    deck.unlink()  # a deleted output comes back without --force
    assert [p.name for p in build_samling(project, 2, deck_options()).written] == [deck.name]


def test_a_file_open_in_libreoffice_is_not_replaced(project: Project) -> None:
    build_samling(project, 2, deck_options())
    folder = project.build / "samling-02"
    (folder / ".~lock.samling-02-presentasjon.pptx#").write_text("someone,host,…")
    edit(project.content / "samling-02/slides.md", "Relasjoner i ledelse", "Relasjonar i leiing")
    with pytest.raises(SamlingError) as caught:
        build_samling(project, 2, deck_options(edits="discard"))
    assert "close it first" in caught.value.diagnostics[0].hint


# --------------------------------------------------------------------------- without LibreOffice


def test_without_libreoffice_every_build_says_pdfs_skipped_and_a_stale_pdf_goes(
    project: Project, monkeypatch
) -> None:
    import pipeline.build

    folder = project.build / "samling-02"
    monkeypatch.setattr(pipeline.build, "libreoffice_available", lambda: True)
    monkeypatch.setattr(
        pipeline.build,
        "convert_to_pdf",
        lambda files, outdir, **_: [
            Path(outdir, f.with_suffix(".pdf").name).write_bytes(b"%PDF-fake") for f in files
        ],
    )
    build_samling(project, 2, BuildOptions(only=("deck",)))
    assert (folder / "samling-02-presentasjon.pdf").is_file()
    monkeypatch.setattr(pipeline.build, "libreoffice_available", lambda: False)
    unchanged = build_samling(project, 2, BuildOptions(only=("deck",)))
    assert unchanged.written == []
    assert any(n.startswith("PDFs skipped: LibreOffice is not installed") for n in unchanged.notes)
    assert (folder / "samling-02-presentasjon.pdf").is_file()  # still the deck's, not stale
    edit(project.content / "samling-02/slides.md", "Relasjoner i ledelse", "Relasjonar i leiing")
    rebuilt = build_samling(project, 2, BuildOptions(only=("deck",)))
    assert any(n.startswith("PDFs skipped") for n in rebuilt.notes)
    assert (
        "Removed samling-02-presentasjon.pdf: it showed the previous version, and LibreOffice "
        "is not installed to make a new one."
    ) in rebuilt.notes
    assert not (folder / "samling-02-presentasjon.pdf").exists()


def test_a_failed_pdf_stage_writes_nothing(project: Project, monkeypatch) -> None:
    """The PDFs are made from the staged documents: when LibreOffice fails, the documents
    in the folder are still the last build's, as "Nothing was written" says."""
    import pipeline.build
    from pipeline.errors import ToolError

    build_samling(project, 2, BuildOptions(only=OUTPUTS, pdf=False))
    folder = project.build / "samling-02"
    before = digests(folder)
    edit(project.content / "samling-02/slides.md", "Relasjoner i ledelse", "Nytt namn")

    def fails(*_args, **_kwargs):
        raise ToolError("LibreOffice could not convert the files to PDF")

    monkeypatch.setattr(pipeline.build, "libreoffice_available", lambda: True)
    monkeypatch.setattr(pipeline.build, "convert_to_pdf", fails)
    with pytest.raises(ToolError):
        build_samling(project, 2, BuildOptions(only=OUTPUTS))
    assert digests(folder) == before
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == [
        ".samling-manifest.json",
        ".samling.lock",
    ]


def test_template_files_build_like_their_documents(project: Project) -> None:
    """A .potx, .dotx and .dotm build samling 2: the outputs are documents, with no macros."""
    import zipfile

    folder = project.templates
    templates = {
        "deck": as_template(folder / "pptx/default.pptx", folder / "pptx/mal.potx"),
        "guide": as_template(folder / "docx/guide.docx", folder / "docx/guide.dotm"),
        "worksheets": as_template(folder / "docx/worksheet.docx", folder / "docx/ark.dotx"),
    }
    options = BuildOptions(only=OUTPUTS, pdf=False, force=True, templates=templates)
    result = build_samling(project, 2, options)
    assert len(result.written) == 3
    macros = [w for w in result.warnings if "macros" in w.message]
    assert [w.file for w in macros] == [templates["guide"]]
    for path in result.written:
        with zipfile.ZipFile(path) as archive:
            types = archive.read("[Content_Types].xml").decode()
            names = archive.namelist()
        assert "template.main" not in types and "macroEnabled" not in types, path.name
        assert not [n for n in names if "vba" in n.lower()], path.name
    # The same bytes as from the .pptx/.docx they were made from.
    built = digests(project.build / "samling-02")
    build_samling(project, 2, BuildOptions(only=OUTPUTS, pdf=False, force=True))
    assert digests(project.build / "samling-02") == built


def test_a_template_twin_in_the_templates_folder_is_used(project: Project) -> None:
    folder = project.templates / "docx"
    as_template(folder / "worksheet.docx", folder / "worksheet.dotx")
    (folder / "worksheet.docx").unlink()
    assert project.template_for("worksheets") == folder / "worksheet.dotx"
    assert project.template_for("guide") == folder / "guide.docx"
    result = build_samling(project, 2, BuildOptions(only=("worksheets",), pdf=False))
    assert [p.name for p in result.written] == ["samling-02-arbeidsark.docx"]
    (folder / "worksheet.dotx").unlink()
    assert project.template_for("worksheets") == folder / "worksheet.docx"  # named when absent


def test_the_guide_is_numbered_by_the_deck_template_it_goes_with(tmp_path: Path) -> None:
    """The build hands the guide the deck template, so that an agenda that goes on over a
    continuation slide there moves the guide's slide numbers too."""
    import io

    from docx import Document

    from pipeline.build import _render_samling_output

    from builders import _slide, four_by_three, long_day, minimal_docx

    bundle = long_day("nn")
    slides = [*bundle.slides, _slide("Relasjonar i leiing", kind="section", block="b1")]
    bundle = bundle.model_copy(update={"slides": slides})
    template = minimal_docx(tmp_path / "guide.docx")

    def numbers(deck: Path | None) -> list[str]:
        data, _ = _render_samling_output("guide", bundle, template, deck)
        text = [p.text for p in Document(io.BytesIO(data)).paragraphs]
        return [t for t in text if t.endswith("· Relasjonar i leiing")]

    from pptx import Presentation

    from pipeline.render.deck.render import render_deck

    deck = four_by_three(tmp_path)
    prs = Presentation(io.BytesIO(render_deck(bundle, deck)[0]))
    real = [s.shapes.title.text for s in prs.slides].index("Relasjonar i leiing") + 1
    assert real >= 3  # the agenda goes on over a continuation slide
    assert numbers(deck) == [f"Lysbilete {real} · Relasjonar i leiing"]
    assert numbers(None) == ["Lysbilete 2 · Relasjonar i leiing"]  # the model's own count


# --------------------------------------------------------------------------- per-output inputs

# One meaningful edit of each content file of the mini fixture, and the outputs it rebuilds.
_EDITS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "program.yaml": ("[Kari Nordmann]", "[Kari Nordmann, Ola Nordmann]", OUTPUTS),
    "samling-01/results.yaml": ("Gi trygghet og tillit]", "Gi trygghet, Vise tillit]", OUTPUTS[:2]),
    "samling-02/samling.yaml": ("Forstå relasjonsorientert", "Forstå relasjonell", OUTPUTS),
    "samling-02/exercises.yaml": ("title: Observatørskjema", "title: Observatørark", OUTPUTS),
    "samling-02/slides.md": ("  - her\n", "  - her\n  - og no\n", OUTPUTS[:2]),
    "samling-02/images/fugl.png": ("", "", OUTPUTS[:2]),  # swapped for another picture
}


def _apply(content: Path, name: str) -> None:
    old, new, _ = _EDITS[name]
    if name.endswith(".png"):
        from PIL import Image

        Image.new("RGB", (40, 30), (200, 30, 30)).save(content / name)
    else:
        edit(content / name, old, new)


def test_the_edits_cover_every_content_file_of_the_fixture(mini: Path) -> None:
    content = mini / "content"
    files = {str(p.relative_to(content)) for p in content.rglob("*") if p.is_file()}
    assert files == set(_EDITS)


def test_each_content_file_rebuilds_only_the_outputs_that_read_it(mini: Path) -> None:
    project = Project.at(mini)
    options = BuildOptions(only=OUTPUTS, pdf=False)
    build_samling(project, 2, options)
    names = output_names(2)
    for name, (_, _, rebuilt) in _EDITS.items():
        _apply(project.content, name)
        result = build_samling(project, 2, options)
        assert sorted(p.name for p in result.written) == sorted(names[o] for o in rebuilt), name
        assert sorted(result.unchanged) == sorted(o for o in OUTPUTS if o not in rebuilt), name
    assert build_samling(project, 2, options).written == []  # and the manifest says so


def test_an_edit_left_out_of_an_output_leaves_its_bytes_unchanged(mini: Path) -> None:
    """The safety net of the per-output inputs: each file an output does not rebuild for is
    edited, the output is rendered again from scratch (--force), and its bytes are the same.
    A renderer that starts reading something new fails here instead of shipping stale files."""
    project = Project.at(mini)
    forced = BuildOptions(only=OUTPUTS, pdf=False, force=True)
    folder = project.samling_build_dir(2)
    build_samling(project, 2, forced)
    before = digests(folder)
    checked = []
    for name, (_, _, rebuilt) in _EDITS.items():
        left_out = [o for o in OUTPUTS if o not in rebuilt]
        if not left_out:
            continue
        _apply(project.content, name)
        build_samling(project, 2, forced)
        after = digests(folder)
        for output in left_out:
            file = output_names(2)[output]
            assert after[file] == before[file], (name, output)
            checked.append((name, output))
    assert len(checked) == 3  # results, slides.md and the picture, each for the worksheets


def test_a_levels_slide_is_read_by_the_worksheets(mini: Path) -> None:
    """What the worksheets do read of slides.md still rebuilds them: a .levels slide."""
    project = Project.at(mini)
    options = BuildOptions(only=("worksheets",), pdf=False)
    build_samling(project, 2, options)
    slides = project.content / "samling-02/slides.md"
    levels = "\n## Tre nivå {.levels}\n\n- Nivå 1\n  - meg sjølv\n- Nivå 2\n- Nivå 3\n"
    slides.write_text(slides.read_text(encoding="utf-8") + levels, encoding="utf-8")
    assert [p.name for p in build_samling(project, 2, options).written] == [
        "samling-02-arbeidsark.docx"
    ]


def test_the_output_that_takes_longest_goes_to_the_workers_first(tmp_path: Path) -> None:
    from pipeline import build as build_module
    from pipeline.render.deck import slide_store

    plan = build_module._SamlingPlan(
        folder=tmp_path, names={}, label="samling 2", templates={}, want_pdf=False, number=2
    )
    plan.stale = ["deck", "guide", "worksheets"]
    before = slide_store.folder(), slide_store.code_key()
    try:
        slide_store.use(tmp_path / "deck", "code")
        # No stored slides: the deck is rendered in full, the longest job.
        assert build_module._longest_first(plan) == ["deck", "guide", "worksheets"]
        (tmp_path / "deck").mkdir()
        (tmp_path / "deck" / "samling-02.zip").write_bytes(b"")
        # Stored slides: the deck is mostly reused, and the guide takes longest.
        assert build_module._longest_first(plan) == ["guide", "deck", "worksheets"]
    finally:
        slide_store.use(*before)
