from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from pipeline.project import Project
from pipeline.watch import rebuild_once

from conftest import REPO, edit


def project_copy(tmp_path: Path) -> Project:
    shutil.copytree(REPO / "tests/fixtures/mini", tmp_path / "content")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    return Project.at(tmp_path)


def test_rebuild_reports_errors_and_keeps_going(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    said: list[str] = []
    assert rebuild_once(project, 2, said.append) is True
    assert "rebuilt build/samling-02/samling-02-presentasjon.pptx" in said
    assert "Rendering deck …" in said  # progress lines are said as well
    edit(project.content / "samling-02/samling.yaml", "start: 09:00", "start: 08:45")
    said.clear()
    assert rebuild_once(project, 2, said.append) is False
    assert any("they overlap" in line for line in said)
    assert said[-1] == "Build failed; the previous outputs are kept. Waiting for the next save …"
    assert (project.build / "samling-02/samling-02-presentasjon.pptx").is_file()


def test_watch_rebuilds_on_save(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "watch", "2"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        deck = project.build / "samling-02/samling-02-presentasjon.pptx"
        deadline = time.monotonic() + 60
        while not deck.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert deck.exists(), "the first build did not happen"
        first = deck.stat().st_mtime_ns
        time.sleep(1.0)  # let the watcher settle before the save
        edit(project.content / "samling-02/slides.md", "## Om relasjoner", "## Om relasjonar")
        while deck.stat().st_mtime_ns == first and time.monotonic() < deadline:
            time.sleep(0.2)
        assert deck.stat().st_mtime_ns != first, "the save did not trigger a rebuild"
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=20)
    assert "watching content/ and templates/" in output
    assert "rebuilt build/samling-02/samling-02-presentasjon.pptx" in output
