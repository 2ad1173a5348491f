from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pipeline.model.types import SamlingBundle

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A small, real content tree (samling 1 results, samling 2 content) in a project folder.

    Returns the project root, which has content/ and a copy of the shipped templates/.
    """
    shutil.copytree(FIXTURES / "mini", tmp_path / "content")
    if (REPO / "templates").is_dir():
        shutil.copytree(REPO / "templates", tmp_path / "templates")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact piece of a content file, failing loudly if it is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def findings(project_root: Path, number: int = 2) -> list[str]:
    """Every diagnostic of reading one samling, formatted relative to the project folder."""
    from pipeline.content.load import read_samling

    _, report = read_samling(project_root / "content", number)
    return [d.format(project_root) for d in report.diagnostics]


@pytest.fixture
def mini_content(tmp_path: Path) -> Path:
    """The mini content tree alone, in tmp_path/content."""
    shutil.copytree(FIXTURES / "mini", tmp_path / "content")
    return tmp_path / "content"


def read_mini(content: Path, number: int = 2) -> SamlingBundle:
    """The samling's bundle, read from `content`; a test that needs it valid fails here."""
    from pipeline.content.load import read_samling

    read, report = read_samling(content, number)
    assert read is not None, report.errors
    return read
