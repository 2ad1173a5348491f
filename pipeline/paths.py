"""Where content lives, with no heavy imports: a build with nothing to do needs only this."""

from __future__ import annotations

import re
from pathlib import Path

SAMLING_DIR = re.compile(r"^samling-(\d{2})$")


def samling_dir(content_root: Path, number: int) -> Path:
    return content_root / f"samling-{number:02d}"


def list_samlinger(content_root: Path) -> list[int]:
    """Numbers of the samlinger that have a folder in content/."""
    numbers = []
    if content_root.is_dir():
        for child in content_root.iterdir():
            match = SAMLING_DIR.match(child.name)
            if match and child.is_dir():
                numbers.append(int(match.group(1)))
    return sorted(numbers)


def has_slides(content_root: Path, number: int) -> bool:
    return (samling_dir(content_root, number) / "slides.md").is_file()


def safe_path(root: Path, relative: str) -> Path | None:
    """Resolve `relative` inside `root`; None when it would leave it (.., absolute, symlink)."""
    if not relative or relative.startswith(("/", "\\")) or re.match(r"^[a-zA-Z]+:", relative):
        return None
    candidate = (root / relative).resolve()
    try:
        candidate.relative_to(root.resolve())
    except ValueError:
        return None
    return candidate
