from __future__ import annotations

import io
import os
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from pipeline.ooxml.package import normalise_zip
from pipeline.outputs import source_date, write_atomic


def make_zip(stamp: tuple[int, int, int, int, int, int]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("ppt/slide1.xml", stamp), b"<a/>")
        archive.writestr(zipfile.ZipInfo("[Content_Types].xml", stamp), b"<Types/>")
    return buffer.getvalue()


def test_normalise_zip_removes_times_and_puts_content_types_first(monkeypatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = normalise_zip(make_zip((2024, 1, 2, 3, 4, 6)))
    second = normalise_zip(make_zip((2025, 6, 7, 8, 9, 10)))
    assert first == second
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert archive.namelist() == ["[Content_Types].xml", "ppt/slide1.xml"]
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert archive.read("ppt/slide1.xml") == b"<a/>"


def test_source_date_epoch_sets_document_and_zip_dates(monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1695196800")  # 2023-09-20 08:00 UTC
    assert source_date(date(2000, 1, 1)) == datetime(2023, 9, 20, 8, 0, 0)
    archive = zipfile.ZipFile(io.BytesIO(normalise_zip(make_zip((2024, 1, 2, 3, 4, 6)))))
    assert archive.infolist()[0].date_time == (2023, 9, 20, 8, 0, 0)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert source_date(date(2023, 9, 20)) == datetime(2023, 9, 20, 12, 0, 0)


def test_write_atomic_replaces_whole_file_and_leaves_no_temporaries(tmp_path: Path) -> None:
    target = tmp_path / "out" / "deck.pptx"
    write_atomic(target, b"first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert sorted(p.name for p in target.parent.iterdir()) == ["deck.pptx"]


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "deck.pptx"
    write_atomic(target, b"good")

    def broken_replace(*_args, **_kwargs):
        raise KeyboardInterrupt  # as if Ctrl-C arrived just before the rename

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"half")
    assert target.read_bytes() == b"good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.pptx"]
