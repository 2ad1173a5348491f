"""The manifest: fingerprints change with exactly what an output is built from."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.manifest import (
    MANIFEST,
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
