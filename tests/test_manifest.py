"""The manifest: fingerprints change with exactly what an output is built from."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

import pipeline.manifest as manifest_module
from pipeline.errors import ContentError
from pipeline.manifest import (
    MANIFEST,
    MAX_INPUT_BYTES,
    PENDING,
    STAGING_PREFIX,
    Commit,
    Manifest,
    _regular_file_bytes,
    commit,
    content_inputs,
    edited_files,
    files_below,
    fingerprint,
    hash_files,
    new_staging,
    office_lock_files,
    poster_inputs,
    read_manifest,
    recover,
    samling_inputs,
    up_to_date,
    write_manifest,
)
from pipeline.project import Project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A tiny content folder with two samlinger, one with results."""
    content = tmp_path / "content"
    for name, text in {
        "program.yaml": "kommune: X\n",
        "lederplattform.yaml": "title: T\n",
        "samling-01/slides.md": "## A\n",
        "samling-01/results.yaml": "lists: {}\n",
        "samling-02/slides.md": "## B\n",
        "samling-02/images/photo.png": "png",
        "samling-02/.hidden": "editor swap file",
        "images/logo.png": "logo",
    }.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return Project.at(tmp_path)


def test_files_below_skips_hidden_files_and_a_missing_folder(project: Project) -> None:
    folder = project.content / "samling-02"
    assert sorted(p.name for p in files_below(folder)) == ["photo.png", "slides.md"]
    assert files_below(project.content / "samling-09") == []


def test_content_inputs_cover_the_programme_the_samling_and_every_results_file(
    project: Project,
) -> None:
    names = {str(p.relative_to(project.content)) for p in content_inputs(project, 2)}
    assert names == {
        "program.yaml",
        "lederplattform.yaml",
        "images/logo.png",  # the programme's logo, shown by the deck and the guide
        "samling-02/slides.md",
        "samling-02/samling.yaml",  # not there: the worksheets name it, writing it rebuilds
        "samling-02/exercises.yaml",
        "samling-02/images/photo.png",
        "samling-01/results.yaml",
        "samling-02/results.yaml",  # not there yet: writing it must rebuild
    }


def test_each_output_has_only_the_inputs_it_reads(project: Project) -> None:
    inputs = {
        output: sorted(str(p.relative_to(project.content)) for p in paths)
        for output, paths in samling_inputs(project, 2).items()
    }
    assert (
        inputs["deck"]
        == inputs["guide"]
        == [
            "images/logo.png",
            "lederplattform.yaml",
            "program.yaml",
            "samling-01/results.yaml",
            "samling-02/images/photo.png",
            "samling-02/results.yaml",
            "samling-02/slides.md",
        ]
    )
    assert inputs["worksheets"] == [
        "program.yaml",
        "samling-02/exercises.yaml",
        "samling-02/samling.yaml",
        "samling-02/slides.md",
    ]


def test_poster_inputs_are_the_programme_the_platform_and_the_shared_images(
    project: Project,
) -> None:
    names = sorted(str(p.relative_to(project.content)) for p in poster_inputs(project))
    assert names == ["images/logo.png", "lederplattform.yaml", "program.yaml"]


def test_hash_files_sees_bytes_names_and_missing_files(tmp_path: Path) -> None:
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text("a")
    two.write_text("a")
    first = hash_files([one], tmp_path)
    assert hash_files([one], tmp_path) == first
    assert hash_files([two], tmp_path) != first  # same bytes, other name
    one.write_text("b")
    assert hash_files([one], tmp_path) != first
    missing = tmp_path / "gone.txt"
    absent = hash_files([missing], tmp_path)
    assert absent != hash_files([], tmp_path)
    missing.write_text("")
    assert hash_files([missing], tmp_path) != absent  # an empty file is not a missing one


def test_hash_files_ignores_the_order_it_is_given(tmp_path: Path) -> None:
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text("1")
    two.write_text("2")
    assert hash_files([one, two], tmp_path) == hash_files([two, one], tmp_path)


def test_fingerprint_changes_with_inputs_options_and_source_date(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    inputs = content_inputs(project, 2)
    stamp = fingerprint(project, inputs, "deck")
    assert fingerprint(project, inputs, "deck") == stamp
    assert fingerprint(project, inputs, "guide") != stamp
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000001")
    assert fingerprint(project, inputs, "deck") != stamp
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    (project.content / "samling-02/slides.md").write_text("## C\n", encoding="utf-8")
    assert fingerprint(project, inputs, "deck") != stamp


def test_a_written_manifest_reads_back(tmp_path: Path) -> None:
    manifest = {"deck": {"fingerprint": "abc", "files": ["deck.pptx"]}}
    write_manifest(tmp_path, manifest)
    assert read_manifest(tmp_path) == manifest


@pytest.mark.parametrize("text", [None, "{not json", "[1, 2]"])
def test_a_missing_or_broken_manifest_is_empty(tmp_path: Path, text: str | None) -> None:
    if text is not None:
        (tmp_path / MANIFEST).write_text(text, encoding="utf-8")
    assert read_manifest(tmp_path) == {}


def test_up_to_date_needs_the_same_fingerprint_and_every_file_with_its_hash(
    tmp_path: Path,
) -> None:
    (tmp_path / "deck.pptx").write_bytes(b"zip")
    hashes = {"deck.pptx": sha(b"zip"), "deck.pdf": sha(b"%PDF-")}
    manifest: Manifest = {
        "deck": {"fingerprint": "abc", "files": ["deck.pptx", "deck.pdf"], "hashes": hashes}
    }
    assert not up_to_date(manifest, "deck", "abc", tmp_path)  # the PDF is gone
    (tmp_path / "deck.pdf").write_bytes(b"%PDF-")
    assert up_to_date(manifest, "deck", "abc", tmp_path)
    assert up_to_date(manifest, "deck", "abc", tmp_path, needs=["deck.pdf"])
    assert not up_to_date(manifest, "deck", "abc", tmp_path, needs=["deck.docx"])
    assert not up_to_date(manifest, "deck", "abd", tmp_path)
    assert not up_to_date(manifest, "guide", "abc", tmp_path)
    (tmp_path / "deck.pptx").write_bytes(b"zip, saved again by PowerPoint")
    assert not up_to_date(manifest, "deck", "abc", tmp_path)  # a changed file rebuilds
    (tmp_path / "deck.pptx").write_bytes(b"zip")
    assert up_to_date(manifest, "deck", "abc", tmp_path)  # and so does the reverted one
    # A manifest of an older samling, without hashes, rebuilds once.
    old = {"deck": {"fingerprint": "abc", "files": ["deck.pptx", "deck.pdf"]}}
    assert not up_to_date(old, "deck", "abc", tmp_path)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_edited_files_are_those_whose_bytes_differ_from_the_recorded_hash(
    tmp_path: Path,
) -> None:
    for name in ("deck.pptx", "guide.docx", "unknown.docx"):
        (tmp_path / name).write_bytes(b"as built")
    manifest: Manifest = {
        "deck": {"fingerprint": "a", "hashes": {"deck.pptx": sha(b"as built")}},
        "guide": {"fingerprint": "b", "hashes": {"guide.docx": sha(b"as built")}},
    }
    names = ["deck.pptx", "guide.docx", "unknown.docx", "missing.pdf"]
    assert edited_files(manifest, tmp_path, names) == []
    (tmp_path / "guide.docx").write_bytes(b"saved by Word")
    (tmp_path / "unknown.docx").write_bytes(b"not samling's: not judged")
    assert edited_files(manifest, tmp_path, names) == ["guide.docx"]


def test_office_lock_files_say_which_file_is_open(tmp_path: Path) -> None:
    (tmp_path / ".~lock.samling-02-presentasjon.pptx#").write_text("user,host")
    (tmp_path / "~$mling-02-arbeidsark.docx").write_text("Word")
    names = ["samling-02-presentasjon.pptx", "samling-02-arbeidsark.docx", "x.docx"]
    assert {name: lock.name for name, lock in office_lock_files(tmp_path, names).items()} == {
        "samling-02-presentasjon.pptx": ".~lock.samling-02-presentasjon.pptx#",
        "samling-02-arbeidsark.docx": "~$mling-02-arbeidsark.docx",
    }


# --------------------------------------------------------------------------- commits


def staged_change(folder: Path, files: dict[str, bytes]) -> Commit:
    staging = new_staging(folder)
    for name, data in files.items():
        (staging / name).write_bytes(data)
    entry = {
        "fingerprint": "new",
        "files": sorted(files),
        "hashes": {n: sha(d) for n, d in files.items()},
    }
    return Commit(folder, staging, {"deck": entry})


def test_a_commit_puts_the_set_in_place_with_the_manifest_and_no_staging(tmp_path: Path) -> None:
    (tmp_path / "deck.pptx").write_bytes(b"old")
    (tmp_path / "deck.pdf").write_bytes(b"old pdf")
    change = staged_change(tmp_path, {"deck.pptx": b"new"})
    change.remove = ["deck.pdf"]
    written: list[Path] = []
    commit(change, written)
    assert written == [tmp_path / "deck.pptx"]
    assert (tmp_path / "deck.pptx").read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == [MANIFEST, "deck.pptx"]
    manifest = read_manifest(tmp_path)
    assert PENDING not in manifest
    assert up_to_date(manifest, "deck", "new", tmp_path)


def test_a_commit_cut_off_by_kill_9_is_finished_by_recover(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "deck.pptx").write_bytes(b"old deck")
    (tmp_path / "deck.pdf").write_bytes(b"old pdf")
    change = staged_change(tmp_path, {"deck.pptx": b"new deck", "deck.pdf": b"new pdf"})
    change.keep = {"deck.pptx": "deck.redigert-2026-12-02T1503.pptx"}
    real_replace = os.replace
    calls: list[str] = []

    def dies_after_the_first_rename(source, target) -> None:
        if calls and str(target).endswith(("deck.pptx", "deck.pdf")):
            raise SystemExit("killed")  # as if kill -9 came between the two renames
        calls.append(str(target))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", dies_after_the_first_rename)
    with pytest.raises(SystemExit):
        commit(change, [])
    monkeypatch.setattr(os, "replace", real_replace)
    assert PENDING in read_manifest(tmp_path)  # the manifest says which set is on its way
    assert recover(tmp_path)
    assert (tmp_path / "deck.pptx").read_bytes() == b"new deck"
    assert (tmp_path / "deck.pdf").read_bytes() == b"new pdf"
    assert (tmp_path / "deck.redigert-2026-12-02T1503.pptx").read_bytes() == b"old deck"
    manifest = read_manifest(tmp_path)
    assert PENDING not in manifest and up_to_date(manifest, "deck", "new", tmp_path)
    assert not list(tmp_path.glob(STAGING_PREFIX + "*"))
    assert not recover(tmp_path)  # nothing left to mend


def test_recover_removes_stale_staging_folders_and_temporary_files(tmp_path: Path) -> None:
    (new_staging(tmp_path) / "deck.pptx").write_bytes(b"half")
    (tmp_path / ".deck.pptx.abc123.tmp").write_bytes(b"half")
    (tmp_path / "deck.pptx").write_bytes(b"kept")
    assert not recover(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.pptx"]


# --------------------------------------------------------------------------- hostile inputs


def test_a_symlink_is_hashed_as_its_target_name_not_followed(
    project: Project, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("secret")
    link = project.content / "samling-02" / "notes.md"
    link.symlink_to(outside)
    assert link in files_below(project.content / "samling-02")
    inputs = content_inputs(project, 2)
    stamp = fingerprint(project, inputs)
    outside.write_text("changed")  # the target is never read
    assert fingerprint(project, inputs) == stamp
    link.unlink()
    link.symlink_to(tmp_path / "elsewhere.txt")  # a new target counts
    assert fingerprint(project, inputs) != stamp


def test_a_symlink_to_a_fifo_or_a_fifo_itself_does_not_block(
    project: Project, tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (project.content / "samling-02" / "via-link.md").symlink_to(fifo)
    os.mkfifo(project.content / "samling-02" / "pipe.md")
    (project.content / "program.yaml").unlink()
    (project.content / "program.yaml").symlink_to(fifo)
    started = time.monotonic()
    first = fingerprint(project, content_inputs(project, 2))
    assert fingerprint(project, content_inputs(project, 2)) == first
    assert time.monotonic() - started < 5


def test_a_fifo_swapped_in_after_the_look_is_not_waited_for(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    started = time.monotonic()
    pieces = list(_regular_file_bytes(fifo))  # as if lstat had seen a regular file
    assert pieces == [b"<fifo>"]
    assert time.monotonic() - started < 5


def test_a_symlink_to_a_huge_file_is_not_read(project: Project, tmp_path: Path) -> None:
    huge = tmp_path / "huge.bin"
    with open(huge, "wb") as handle:
        handle.truncate(64 * 2**30)  # sparse: 64 GB that would take minutes to read
    (project.content / "samling-02" / "video.mp4").symlink_to(huge)
    started = time.monotonic()
    fingerprint(project, content_inputs(project, 2))
    assert time.monotonic() - started < 5


def test_a_file_over_the_limit_is_refused_by_name(project: Project) -> None:
    huge = project.content / "samling-02" / "video.mp4"
    with open(huge, "wb") as handle:
        handle.truncate(MAX_INPUT_BYTES + 1)
    with pytest.raises(ContentError) as caught:
        fingerprint(project, content_inputs(project, 2))
    diagnostic = caught.value.diagnostics[0]
    assert diagnostic.file == huge
    assert f"no input over {MAX_INPUT_BYTES // 2**20} MB" in diagnostic.message
    assert "move it out of content/" in diagnostic.hint


def test_a_file_larger_than_a_chunk_is_hashed_to_its_last_byte(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(manifest_module, "_CHUNK", 4)
    path = tmp_path / "data.bin"
    path.write_bytes(b"0123456789")
    assert b"".join(_regular_file_bytes(path)) == b"0123456789"
    first = hash_files([path], tmp_path)
    path.write_bytes(b"012345678X")
    assert hash_files([path], tmp_path) != first


def test_a_file_that_grows_past_the_limit_while_read_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "growing.log"
    path.write_bytes(b"x" * 10)
    monkeypatch.setattr(manifest_module, "_CHUNK", 4)
    monkeypatch.setattr(manifest_module, "MAX_INPUT_BYTES", 10)
    reader = _regular_file_bytes(path)
    next(reader)
    with open(path, "ab") as handle:
        handle.write(b"more")
    with pytest.raises(ContentError):
        list(reader)


def test_a_linked_folder_is_one_entry_and_not_walked(project: Project, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "big.md").write_text("x")
    (project.content / "samling-02" / "shared").symlink_to(elsewhere)
    found = files_below(project.content / "samling-02")
    assert project.content / "samling-02" / "shared" in found
    assert not any("big.md" in str(p) for p in found)
    linked = project.content / "samling-03"
    linked.symlink_to(elsewhere)
    assert files_below(linked) == [linked]


def test_adopt_file_counts_an_edited_file_as_samlings_own_and_clears_its_fingerprint(
    tmp_path: Path,
) -> None:
    from pipeline.manifest import adopt_file

    (tmp_path / "deck.pptx").write_bytes(b"saved by PowerPoint")
    (tmp_path / "guide.docx").write_bytes(b"as built")
    write_manifest(
        tmp_path,
        {
            "deck": {"fingerprint": "a", "hashes": {"deck.pptx": sha(b"as built")}},
            "guide": {"fingerprint": "b", "hashes": {"guide.docx": sha(b"as built")}},
        },
    )
    assert edited_files(read_manifest(tmp_path), tmp_path, ["deck.pptx"]) == ["deck.pptx"]
    assert adopt_file(tmp_path, "deck.pptx") is True
    manifest = read_manifest(tmp_path)
    assert edited_files(manifest, tmp_path, ["deck.pptx", "guide.docx"]) == []
    assert manifest["deck"]["fingerprint"] == ""  # the next build replaces it
    assert not up_to_date(manifest, "deck", "a", tmp_path)
    assert manifest["guide"] == {"fingerprint": "b", "hashes": {"guide.docx": sha(b"as built")}}
    # an unedited or unknown file: nothing to adopt, nothing written
    assert adopt_file(tmp_path, "guide.docx") is False
    assert adopt_file(tmp_path, "other.pdf") is False
