"""Where things are: content, templates, outputs and their names.

No heavy imports: a build with nothing to do needs only this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SAMLING_DIR = re.compile(r"^samling-(\d{2})$")
SAMLING_OUTPUTS = ("deck", "guide", "worksheets")
ALL_OUTPUTS = (*SAMLING_OUTPUTS, "poster")
POSTER_DIR = "lederplakat"
POSTER_TEMPLATES = ("diamond", "columns")
# The template files samling builds from: a document or its template twin. A .dotm is a
# macro-enabled Word template, whose macros the template guard removes. (A .pptm is not a
# deck template: it is saved again as .pptx or .potx.)
DECK_SUFFIXES = (".pptx", ".potx")
WORD_SUFFIXES = (".docx", ".dotx", ".dotm")
_TEMPLATE_FILES = {
    "deck": ("pptx", "default", DECK_SUFFIXES),
    "guide": ("docx", "guide", WORD_SUFFIXES),
    "worksheets": ("docx", "worksheet", WORD_SUFFIXES),
}


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


@dataclass(frozen=True)
class Project:
    """Where things are. Every path is given, never guessed."""

    content: Path
    templates: Path
    build: Path

    @classmethod
    def at(cls, root: Path) -> Project:
        return cls(root / "content", root / "templates", root / "build")

    def template_for(self, output: str) -> Path:
        """The output's template: templates/pptx/default.pptx, templates/docx/guide.docx or
        worksheet.docx, or, when only that exists, its template twin (default.potx,
        guide.dotx, guide.dotm, ...). With none of them, the .pptx/.docx path, so the
        message names the usual file."""
        folder, stem, suffixes = _TEMPLATE_FILES[output]
        candidates = [self.templates / folder / f"{stem}{suffix}" for suffix in suffixes]
        return next((path for path in candidates if path.is_file()), candidates[0])

    def poster_template(self, name: str) -> Path:
        return self.templates / "poster" / f"{name}.svg.j2"

    def samling_build_dir(self, number: int) -> Path:
        return self.build / f"samling-{number:02d}"


def output_names(number: int) -> dict[str, str]:
    stem = f"samling-{number:02d}"
    return {
        "deck": f"{stem}-presentasjon.pptx",
        "guide": f"{stem}-fasilitatorguide.docx",
        "worksheets": f"{stem}-arbeidsark.docx",
    }


def layout_mapping_for(template: Path) -> Path:
    """The designer's mapping file next to a deck template: default.pptx ->
    default.layouts.yaml (slide kind or role -> layout name). Derived, never searched for."""
    return template.with_name(f"{template.stem}.layouts.yaml")
