"""Hand edits: an edited or open output stops the build unless the user chose what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.edits import check_edits
from pipeline.errors import SamlingError
from pipeline.manifest import file_hash

DECK = "samling-02-presentasjon.pptx"


def _built(folder: Path) -> dict:
    (folder / DECK).write_bytes(b"as samling wrote it")
    return {
        "deck": {"fingerprint": "x", "files": [DECK], "hashes": {DECK: file_hash(folder / DECK)}}
    }


def test_an_unchanged_file_is_not_an_edit(tmp_path: Path) -> None:
    assert check_edits(_built(tmp_path), tmp_path, [DECK], "refuse", 2) == []


def test_an_edited_deck_stops_and_points_to_pull(tmp_path: Path) -> None:
    manifest = _built(tmp_path)
    (tmp_path / DECK).write_bytes(b"fixed a typo in PowerPoint")
    with pytest.raises(SamlingError) as stopped:
        check_edits(manifest, tmp_path, [DECK], "refuse", 2)
    [found] = stopped.value.diagnostics
    assert found.file == tmp_path / DECK
    assert "changed after samling built it" in found.message
    assert "samling pull 2" in (found.hint or "")
    assert "--keep-edits" in (found.hint or "") and "--discard-edits" in (found.hint or "")


@pytest.mark.parametrize("choice", ["keep", "discard"])
def test_a_chosen_way_lets_the_build_go_on(tmp_path: Path, choice: str) -> None:
    manifest = _built(tmp_path)
    (tmp_path / DECK).write_bytes(b"edited")
    assert check_edits(manifest, tmp_path, [DECK], choice, 2) == [DECK]


def test_a_file_open_in_libreoffice_stops_even_with_a_choice(tmp_path: Path) -> None:
    manifest = _built(tmp_path)
    (tmp_path / f".~lock.{DECK}#").write_text("user,host", encoding="utf-8")
    with pytest.raises(SamlingError) as stopped:
        check_edits(manifest, tmp_path, [DECK], "discard", 2)
    assert "close it first" in (stopped.value.diagnostics[0].hint or "")


def test_an_edited_guide_points_to_pull_and_the_worksheets_do_not(tmp_path: Path) -> None:
    from pipeline.edits import edited_error

    found = edited_error(
        tmp_path, ["samling-02-fasilitatorguide.docx", "samling-02-arbeidsark.docx"], 2
    ).diagnostics
    assert "samling pull 2" in (found[0].hint or "")
    assert "samling pull" not in (found[1].hint or "")
