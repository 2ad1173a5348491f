"""The manifest: fingerprints change with exactly what an output is built from."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import pipeline.manifest as manifest_module
from pipeline.errors import ContentError
from pipeline.manifest import (
    MANIFEST,
    MAX_INPUT_BYTES,
    _regular_file_bytes,
    content_inputs,
    files_below,
    fingerprint,
    hash_files,
    poster_inputs,
    read_manifest,
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
        "samling-02/slides.md",
        "samling-02/images/photo.png",
        "samling-01/results.yaml",
        "samling-02/results.yaml",  # not there yet: writing it must rebuild
    }


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


def test_up_to_date_needs_the_same_fingerprint_and_every_file(tmp_path: Path) -> None:
    (tmp_path / "deck.pptx").write_bytes(b"zip")
    manifest: dict[str, dict[str, object]] = {
        "deck": {"fingerprint": "abc", "files": ["deck.pptx", "deck.pdf"]}
    }
    assert not up_to_date(manifest, "deck", "abc", tmp_path)  # the PDF is gone
    (tmp_path / "deck.pdf").write_bytes(b"%PDF-")
    assert up_to_date(manifest, "deck", "abc", tmp_path)
    assert not up_to_date(manifest, "deck", "abd", tmp_path)
    assert not up_to_date(manifest, "guide", "abc", tmp_path)
    assert not up_to_date(
        {"deck": {"fingerprint": "abc", "files": "deck.pptx"}}, "deck", "abc", tmp_path
    )


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
