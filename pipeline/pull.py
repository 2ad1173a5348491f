"""`samling pull N`: carry text edits made in the built deck (and guide) back into content/.

The deck of build/samling-0N/ is compared with the deck the build renders from content/ now,
in memory. Slides are matched by the key the build stored in each one
(`pipeline.render.deck.keys`), shapes by their placeholder type or name, paragraphs by their
order. Each changed paragraph is traced to the one line of slides.md (or the one scalar of a
YAML file such as results.yaml) that shows that text, and only the changed characters are
rewritten there, so emphasis marks, comments and layout of the files stay as they were.

Whatever cannot be traced (a new slide or shape, a moved picture, a changed diagram, text
that the build composes from several places) is listed with its slide number: nothing is
dropped silently. `pull_samling` changes no file; `apply_pull` writes the result atomically.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from pipeline.content.load import load_samling
from pipeline.content.rewrite import emphasis, replace_yaml_scalar, splice, split_line
from pipeline.errors import Diagnostic, SamlingError
from pipeline.model.inline import markdown_of, plain_text
from pipeline.model.types import SamlingBundle, Slide
from pipeline.ooxml.pptx_text import ShapeText, SlideText, TextRun, paragraph_text, read_deck
from pipeline.outputs import write_atomic
from pipeline.project import Project, output_names, samling_dir
from pipeline.render.deck.keys import is_key, unique_key

_SKIPPED_PLACEHOLDERS = ("ftr", "sldNum", "dt")
_DRAWN_FOOTERS = ("Bunntekst", "Lysbildenummer")
_ROUNDING_EMU = 1000
# Which YAML files, besides slides.md, a slide kind's text comes from.
_YAML_SOURCES = {
    "agenda": ("samling.yaml",),
    "exercise": ("exercises.yaml",),
    "frame": ("../program.yaml",),
    "title": ("../program.yaml", "samling.yaml"),
    "closing": ("../program.yaml", "samling.yaml"),
    "poll": ("samling.yaml",),
    "image": ("samling.yaml",),
}


@dataclass
class PullResult:
    """What a pull found: the new text of each content file, and what it could not map."""

    root: Path
    originals: dict[Path, str] = field(default_factory=dict)
    texts: dict[Path, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    edits: int = 0

    def changed(self) -> list[Path]:
        return [p for p, text in self.texts.items() if text != self.originals[p]]

    def diff(self) -> str:
        """A unified diff of every content file the pull changes."""
        out: list[str] = []
        for path in self.changed():
            name = path.relative_to(self.root).as_posix()
            out.extend(
                difflib.unified_diff(
                    self.originals[path].splitlines(keepends=True),
                    self.texts[path].splitlines(keepends=True),
                    fromfile=f"a/{name}",
                    tofile=f"b/{name}",
                )
            )
        return "".join(out)


@dataclass
class _Context:
    """The content of one samling and the files being rewritten."""

    result: PullResult
    bundle: SamlingBundle
    slides_md: Path
    regions: dict[int, tuple[int, int]]  # source line of a slide -> its lines [start, end)
    claimed: set[tuple[Path, int]] = field(default_factory=set)

    def text(self, path: Path) -> str | None:
        if path not in self.result.texts:
            if not path.is_file():
                return None
            original = path.read_text(encoding="utf-8")
            self.result.originals[path] = self.result.texts[path] = original
        return self.result.texts[path]


def _key_of(slide: SlideText) -> str | None:
    marker = next((s.name for s in slide.shapes if s.hidden and is_key(s.name)), None)
    return marker or (slide.name if is_key(slide.name) else None)


def _model_keys(bundle: SamlingBundle) -> dict[str, Slide]:
    """Each slide key the deck renderer gives, and the source slide it stands for."""
    seen: dict[str, int] = {}
    keys: dict[str, Slide] = {}
    for slide in bundle.slides:
        if slide.kind == "frame":
            for frame in bundle.program.frame_slides:
                sub = slide.model_copy(update={"title": frame.title})
                keys[unique_key(sub, seen)] = slide
        else:
            keys[unique_key(slide, seen)] = slide
    return keys


def _regions(bundle: SamlingBundle, total_lines: int) -> dict[int, tuple[int, int]]:
    starts = sorted({s.source.line for s in bundle.slides})
    ends = [*starts[1:], total_lines + 1]
    return dict(zip(starts, zip(starts, ends, strict=True), strict=True))


def _title_of(slide: SlideText) -> str:
    for shape in slide.shapes:
        if shape.placeholder in ("title", "ctrTitle") and shape.paragraphs:
            return " ".join(t for t in shape.texts() if t)
    return ""


def _mapped_shapes(slide: SlideText) -> list[ShapeText]:
    return [
        s
        for s in slide.shapes
        if not (s.hidden and is_key(s.name))
        and s.placeholder not in _SKIPPED_PLACEHOLDERS
        and not s.name.startswith(_DRAWN_FOOTERS)
    ]


def _signature(shape: ShapeText) -> str:
    if shape.placeholder is not None:  # LibreOffice saves a centred title as a title
        return "ph:title" if shape.placeholder == "ctrTitle" else f"ph:{shape.placeholder}"
    return f"{shape.kind}:{shape.name}"


def pull_samling(project: Project, number: int, deck: Path | None = None) -> PullResult:
    """Compare the built (edited) deck of samling `number` with what content/ renders now."""
    from pipeline.render.deck.render import render_deck

    bundle = load_samling(project.content, number)
    deck = deck or project.samling_build_dir(number) / output_names(number)["deck"]
    if not deck.is_file():
        raise SamlingError(
            [
                Diagnostic(
                    "error",
                    f"there is no deck to pull from: {deck} does not exist",
                    hint=f"build it with `samling build {number}` or give the file with --deck",
                )
            ]
        )
    expected_bytes, _ = render_deck(bundle, project.template_for("deck"))
    expected = read_deck(expected_bytes, "the deck rendered from content")
    actual = read_deck(deck.read_bytes(), str(deck))
    slides_md = samling_dir(project.content, number) / "slides.md"
    result = PullResult(root=project.content.parent)
    ctx = _Context(result, bundle, slides_md, {})
    md_text = ctx.text(slides_md) or ""
    ctx.regions = _regions(bundle, len(md_text.split("\n")))
    _pull_deck(ctx, expected, actual)
    return result


def _pull_deck(ctx: _Context, expected: list[SlideText], actual: list[SlideText]) -> None:
    models = _model_keys(ctx.bundle)
    wanted = {key: s for s in expected if (key := _key_of(s)) is not None}
    met: set[str] = set()
    for slide in actual:
        key = _key_of(slide)
        if key is None:
            ctx.result.problems.append(
                f"slide {slide.number} «{_title_of(slide)}» is not from the build (added by "
                "hand): not carried back; write it into slides.md if it should stay"
            )
            continue
        if key in met or key not in wanted or key not in models:
            why = "a copy of another slide" if key in met else "no longer in content/"
            ctx.result.problems.append(
                f"slide {slide.number} «{_title_of(slide)}» is {why}: not carried back"
            )
            continue
        met.add(key)
        _pull_slide(ctx, models[key], wanted[key], slide)
    for key, slide in wanted.items():
        if key not in met:
            source = models[key].source.line if key in models else 0
            ctx.result.problems.append(
                f"the slide «{_title_of(slide)}» (slides.md line {source}) was deleted from "
                "the deck: slides.md still has it; delete it there if that was meant"
            )


def _pull_slide(ctx: _Context, model: Slide, expected: SlideText, actual: SlideText) -> None:
    number = actual.number
    old, new = _mapped_shapes(expected), _mapped_shapes(actual)
    matcher = SequenceMatcher(None, [_signature(s) for s in old], [_signature(s) for s in new])
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for a, b in zip(old[i1:i2], new[j1:j2], strict=True):
                _pull_shape(ctx, model, number, a, b)
            continue
        for shape in new[j1:j2]:
            text = " / ".join(t for t in shape.texts() if t.strip())
            ctx.result.problems.append(
                f"slide {number}: a new {_what(shape)} «{shape.name}»"
                + (f" with the text «{text}»" if text else "")
                + " cannot be carried back; add it to slides.md if it should stay"
            )
        for shape in old[i1:i2]:
            ctx.result.problems.append(
                f"slide {number}: the {_what(shape)} «{shape.name}» was deleted from the deck:"
                " not carried back; change slides.md if that was meant"
            )
    _pull_paragraphs(ctx, model, number, expected.notes, actual.notes, "notes")


def _moved(old: tuple[int, ...] | None, new: tuple[int, ...] | None) -> bool:
    """More than rounding: LibreOffice keeps positions in 1/100 mm (360 EMU)."""
    if old is None or new is None:
        return old != new
    return any(abs(a - b) > _ROUNDING_EMU for a, b in zip(old, new, strict=True))


def _what(shape: ShapeText) -> str:
    return {"pic": "picture", "grpSp": "diagram", "graphicFrame": "table", "cxnSp": "line"}.get(
        shape.kind, "shape"
    )


def _pull_shape(ctx: _Context, model: Slide, number: int, old: ShapeText, new: ShapeText) -> None:
    if old.kind in ("pic", "grpSp", "cxnSp") and _moved(old.box, new.box):
        ctx.result.problems.append(
            f"slide {number}: the {_what(old)} «{old.name}» was moved or resized: not carried"
            " back (the layout comes from the template and the slide kind)"
        )
    if old.kind == "pic" and old.description != new.description:
        ctx.result.problems.append(
            f"slide {number}: the picture's alt text was changed to «{new.description}»: "
            "not carried back; change `alt:` under images: in samling.yaml"
        )
    _pull_paragraphs(ctx, model, number, old.paragraphs, new.paragraphs, _what(old))


def _pull_paragraphs(
    ctx: _Context,
    model: Slide,
    number: int,
    old: list[list[TextRun]],
    new: list[list[TextRun]],
    where: str,
) -> None:
    old_texts = [paragraph_text(p) for p in old]
    new_texts = [paragraph_text(p) for p in new]
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old_texts, new_texts, False).get_opcodes():
        pairs = list(zip(old[i1:i2], new[j1:j2], strict=False))
        if op == "equal":
            pairs = [(a, b) for a, b in pairs if _marks(a) != _marks(b)]
        for a, b in pairs:
            _map_edit(ctx, model, number, a, b)
        for extra in new[j1 + len(pairs) : j2] if op != "equal" else []:
            if paragraph_text(extra).strip():
                ctx.result.problems.append(
                    f"slide {number}: a new paragraph «{paragraph_text(extra)}» in the {where}"
                    " cannot be carried back; add it to slides.md"
                )
        for gone in old[i1 + len(pairs) : i2] if op != "equal" else []:
            if paragraph_text(gone).strip():
                ctx.result.problems.append(
                    f"slide {number}: the paragraph «{paragraph_text(gone)}» was deleted from "
                    f"the {where}: not carried back; delete it in the content if that was meant"
                )


def _marks(runs: list[TextRun]) -> str:
    """The paragraph's inline emphasis as Markdown.

    Bold or italic over the whole paragraph is the style's, not emphasis in the text:
    LibreOffice writes a title's inherited bold onto its runs when it saves.
    """
    shown = [r for r in runs if r.text.strip()]
    all_bold = bool(shown) and all(r.bold for r in shown)
    all_italic = bool(shown) and all(r.italic for r in shown)
    return markdown_of(
        [(r.text, r.bold and not all_bold, r.italic and not all_italic) for r in runs]
    )


def _map_edit(
    ctx: _Context, model: Slide, number: int, old: list[TextRun], new: list[TextRun]
) -> None:
    """Write one changed paragraph back to the line or scalar that shows its old text."""
    old_plain, new_plain = paragraph_text(old), paragraph_text(new)
    if _map_to_slides_md(ctx, model, old, new) or _map_to_yaml(ctx, model, old_plain, new_plain):
        ctx.result.edits += 1
        return
    change = f"«{old_plain}» → «{new_plain}»" if old_plain != new_plain else f"«{new_plain}»"
    what = "the text" if old_plain != new_plain else "the bold/italic of"
    ctx.result.problems.append(
        f"slide {number}: {what} {change} cannot be traced to one place in content/ "
        "(the build composes it): not carried back; change it there by hand"
    )


def _new_markdown(source: str, old: list[TextRun], new: list[TextRun]) -> str | None:
    """The new Markdown for a source text, keeping its emphasis marks where the words stay."""
    old_plain, new_plain = paragraph_text(old), paragraph_text(new)
    faithful = emphasis(_marks(old)) == emphasis(source)  # runs show the source's emphasis
    user_marks = emphasis(_marks(new)) != emphasis(_marks(old)) or old_plain == new_plain
    spliced = splice(source, old_plain, new_plain)
    differs = spliced is not None and user_marks and emphasis(spliced) != emphasis(_marks(new))
    if faithful and (spliced is None or differs):
        written = _marks(new)
        return written if plain_text(written) == new_plain else None
    if differs:
        return None  # the deck's own formatting differs: the emphasis change is not clear
    return spliced


def _map_to_slides_md(ctx: _Context, model: Slide, old: list[TextRun], new: list[TextRun]) -> bool:
    text = ctx.text(ctx.slides_md)
    region = ctx.regions.get(model.source.line)
    if text is None or region is None or model.source.file != ctx.slides_md:
        return False
    lines = text.split("\n")
    old_plain = paragraph_text(old)
    for number in range(region[0], min(region[1], len(lines) + 1)):
        if (ctx.slides_md, number) in ctx.claimed:
            continue
        parts = split_line(lines[number - 1])
        if parts is None or plain_text(parts[1]) != old_plain:
            continue
        written = _new_markdown(parts[1], old, new)
        if written is None:
            return False
        lines[number - 1] = parts[0] + written + parts[2]
        ctx.claimed.add((ctx.slides_md, number))
        ctx.result.texts[ctx.slides_md] = "\n".join(lines)
        return True
    return False


def _yaml_files(ctx: _Context, model: Slide) -> list[Path]:
    folder = model.source.file.parent
    files = [(folder / name).resolve() for name in _YAML_SOURCES.get(model.kind, ())]
    if model.kind in ("results", "wordcloud"):
        source = model.attrs.get("samling", str(ctx.bundle.info.number - 1))
        if source.isdigit():
            files.append(samling_dir(folder.parent, int(source)) / "results.yaml")
    return files


def _map_to_yaml(ctx: _Context, model: Slide, old_plain: str, new_plain: str) -> bool:
    for path in _yaml_files(ctx, model):
        text = ctx.text(path)
        if text is None:
            continue
        replaced = replace_yaml_scalar(text, old_plain, new_plain)
        if replaced is not None:
            ctx.result.texts[path] = replaced[0]
            return True
    return False


def apply_pull(result: PullResult) -> list[Path]:
    """Write every changed content file (each atomically); return them."""
    changed = result.changed()
    for path in changed:
        write_atomic(path, result.texts[path].encode("utf-8"))
    return changed
