"""`samling pull N`: carry text edits made in the built deck (and guide) back into content/.

The deck of build/samling-0N/ is compared with the deck the build renders from content/ now,
in memory. Slides are matched by the key the build stored in each one
(`pipeline.render.deck.keys`), shapes by their placeholder type or name, paragraphs by their
order. Each changed paragraph is traced to the one line of slides.md (or the one scalar of a
YAML file such as results.yaml) that shows that text, and only the changed characters are
rewritten there, so emphasis marks, comments and layout of the files stay as they were.

The facilitator guide is read too: each notes paragraph there carries a bookmark named from
its slide's key (`keys.notes_bookmark`), and an edited one goes back to the slide's notes like
an edit of the deck's notes, in the same diff. When the deck and the guide change the same
note differently, neither is written: the conflict is reported. An edit elsewhere in the guide
(the run sheet, an exercise, a paragraph without a bookmark) is listed, never dropped.

Whatever cannot be traced (a new slide or shape, a moved picture, a changed diagram, text
that the build composes from several places) is listed with its slide number: nothing is
dropped silently. `pull_samling` changes no file; `apply_pull` writes the result atomically
and `adopt_pulled` tells the build manifest which edited files were carried back whole.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from pipeline.content.load import load_samling
from pipeline.content.rewrite import emphasis, replace_yaml_scalar, splice, split_line
from pipeline.errors import Diagnostic, SamlingError
from pipeline.model.inline import markdown_of, plain_text
from pipeline.model.types import SamlingBundle, Slide
from pipeline.ooxml.docx_text import DocParagraph, read_docx
from pipeline.ooxml.pptx_text import ShapeText, SlideText, TextRun, paragraph_text, read_deck
from pipeline.outputs import write_atomic
from pipeline.project import Project, output_names, samling_dir
from pipeline.render.deck.keys import BOOKMARK_PREFIX, is_key, notes_stem, slide_keys

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
    read: dict[str, Path] = field(default_factory=dict)  # "deck"/"guide" -> the file read
    unresolved: set[str] = field(default_factory=set)  # which of them had a problem

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
class _NoteEdit:
    """One changed notes paragraph, from the deck or the guide, not yet written."""

    model: Slide
    number: int
    old: list[TextRun]
    new: list[TextRun]
    origin: str


@dataclass
class _Context:
    """The content of one samling and the files being rewritten."""

    result: PullResult
    bundle: SamlingBundle
    slides_md: Path
    regions: dict[int, tuple[int, int]]  # source line of a slide -> its lines [start, end)
    claimed: set[tuple[Path, int]] = field(default_factory=set)
    notes: list[_NoteEdit] = field(default_factory=list)  # deferred: deck and guide may clash

    def problem(self, text: str, *origins: str) -> None:
        """A thing not carried back, and the file(s) it was found in."""
        origins = origins or ("deck",)
        self.result.problems.append(f"guide, {text}" if origins == ("guide",) else text)
        self.result.unresolved.update(origins)

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
    return {key: slide for key, slide, _ in slide_keys(bundle)}


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


def pull_samling(
    project: Project, number: int, deck: Path | None = None, guide: Path | None = None
) -> PullResult:
    """Compare the built (edited) deck and guide of samling `number` with what content/
    renders now. An explicit file must exist; a default one may be missing, not both."""
    bundle = load_samling(project.content, number)
    folder, names = project.samling_build_dir(number), output_names(number)
    files = {"deck": deck or folder / names["deck"], "guide": guide or folder / names["guide"]}
    given = {"deck": deck, "guide": guide}
    found = {k: f for k, f in files.items() if f.is_file()}
    missing = [k for k, f in files.items() if k not in found and given[k] is not None]
    if missing or not found:
        shown = files[missing[0]] if missing else files["deck"]
        raise SamlingError(
            [
                Diagnostic(
                    "error",
                    f"there is nothing to pull from: {shown} does not exist",
                    hint=f"build it with `samling build {number}` or give the file with "
                    "--deck or --guide",
                )
            ]
        )
    slides_md = samling_dir(project.content, number) / "slides.md"
    result = PullResult(root=project.content.parent, read=found)
    ctx = _Context(result, bundle, slides_md, {})
    md_text = ctx.text(slides_md) or ""
    ctx.regions = _regions(bundle, len(md_text.split("\n")))
    if "deck" in found:
        _pull_deck_file(ctx, project, found["deck"])
    if "guide" in found:
        _pull_guide(ctx, project, found["guide"])
    _write_notes(ctx)
    return result


def _pull_deck_file(ctx: _Context, project: Project, deck: Path) -> None:
    from pipeline.render.deck.render import render_deck

    expected_bytes, _ = render_deck(ctx.bundle, project.template_for("deck"))
    expected = read_deck(expected_bytes, "the deck rendered from content")
    actual = read_deck(deck.read_bytes(), str(deck))
    _pull_deck(ctx, expected, actual)


def _pull_deck(ctx: _Context, expected: list[SlideText], actual: list[SlideText]) -> None:
    models = _model_keys(ctx.bundle)
    wanted = {key: s for s in expected if (key := _key_of(s)) is not None}
    met: set[str] = set()
    for slide in actual:
        key = _key_of(slide)
        if key is None:
            ctx.problem(
                f"slide {slide.number} «{_title_of(slide)}» is not from the build (added by "
                "hand): not carried back; write it into slides.md if it should stay"
            )
            continue
        if key in met or key not in wanted or key not in models:
            why = "a copy of another slide" if key in met else "no longer in content/"
            ctx.problem(f"slide {slide.number} «{_title_of(slide)}» is {why}: not carried back")
            continue
        met.add(key)
        _pull_slide(ctx, models[key], wanted[key], slide)
    for key, slide in wanted.items():
        if key not in met:
            source = models[key].source.line if key in models else 0
            ctx.problem(
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
            ctx.problem(
                f"slide {number}: a new {_what(shape)} «{shape.name}»"
                + (f" with the text «{text}»" if text else "")
                + " cannot be carried back; add it to slides.md if it should stay"
            )
        for shape in old[i1:i2]:
            ctx.problem(
                f"slide {number}: the {_what(shape)} «{shape.name}» was deleted from the deck:"
                " not carried back; change slides.md if that was meant"
            )
    _pull_paragraphs(ctx, model, number, expected.notes, actual.notes, "notes", "deck")


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
        ctx.problem(
            f"slide {number}: the {_what(old)} «{old.name}» was moved or resized: not carried"
            " back (the layout comes from the template and the slide kind)"
        )
    if old.kind == "pic" and old.description != new.description:
        ctx.problem(
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
    notes_of: str = "",
) -> None:
    """Map each changed paragraph; a notes paragraph (from the deck or the guide, `notes_of`)
    waits in `ctx.notes` until both are read."""
    origin = notes_of or "deck"
    old_texts = [paragraph_text(p) for p in old]
    new_texts = [paragraph_text(p) for p in new]
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old_texts, new_texts, False).get_opcodes():
        pairs = list(zip(old[i1:i2], new[j1:j2], strict=False))
        if op == "equal":
            pairs = [(a, b) for a, b in pairs if _marks(a) != _marks(b)]
        for a, b in pairs:
            if notes_of:
                ctx.notes.append(_NoteEdit(model, number, a, b, notes_of))
            else:
                _map_edit(ctx, model, number, a, b)
        for extra in new[j1 + len(pairs) : j2] if op != "equal" else []:
            if paragraph_text(extra).strip():
                ctx.problem(
                    f"slide {number}: a new paragraph «{paragraph_text(extra)}» in the {where}"
                    " cannot be carried back; add it to slides.md",
                    origin,
                )
        for gone in old[i1 + len(pairs) : i2] if op != "equal" else []:
            if paragraph_text(gone).strip():
                ctx.problem(
                    f"slide {number}: the paragraph «{paragraph_text(gone)}» was deleted from "
                    f"the {where}: not carried back; delete it in the content if that was meant",
                    origin,
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
    ctx: _Context,
    model: Slide,
    number: int,
    old: list[TextRun],
    new: list[TextRun],
    origins: tuple[str, ...] = ("deck",),
) -> None:
    """Write one changed paragraph back to the line or scalar that shows its old text."""
    old_plain, new_plain = paragraph_text(old), paragraph_text(new)
    if _map_to_slides_md(ctx, model, old, new) or _map_to_yaml(ctx, model, old_plain, new_plain):
        ctx.result.edits += 1
        return
    change = f"«{old_plain}» → «{new_plain}»" if old_plain != new_plain else f"«{new_plain}»"
    what = "the text" if old_plain != new_plain else "the bold/italic of"
    ctx.problem(
        f"slide {number}: {what} {change} cannot be traced to one place in content/ "
        "(the build composes it): not carried back; change it there by hand",
        *origins,
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


# --------------------------------------------------------------------------- the guide


def _strip_bullet(runs: list[TextRun]) -> list[TextRun]:
    """A guide notes paragraph without the "• " the guide puts before a '- ' line."""
    if runs and runs[0].text.startswith("• "):
        first = runs[0]
        rest = TextRun(first.text[2:], first.bold, first.italic)
        return [rest, *runs[1:]] if rest.text else runs[1:]
    return runs


def _marked(paragraphs: list[DocParagraph]) -> dict[str, DocParagraph]:
    """Each notes paragraph by its bookmark (the first paragraph that has it)."""
    found: dict[str, DocParagraph] = {}
    for paragraph in paragraphs:
        for name in paragraph.bookmarks:
            if name.startswith(BOOKMARK_PREFIX) and name not in found:
                found[name] = paragraph
    return found


def _pull_guide(ctx: _Context, project: Project, guide: Path) -> None:
    from pipeline.render.guide.render import render_guide

    expected_bytes, _ = render_guide(ctx.bundle, project.template_for("guide"))
    expected = read_docx(expected_bytes, "the guide rendered from content")
    actual = read_docx(guide.read_bytes(), str(guide))
    stems = {
        notes_stem(key): (slide, number)
        for number, (key, slide, _) in enumerate(slide_keys(ctx.bundle), start=1)
    }
    old_notes, new_notes = _marked(expected), _marked(actual)
    for name, paragraph in old_notes.items():
        model, number = stems[name.rsplit("_", 1)[0]]
        old = _strip_bullet(paragraph.runs)
        new = _strip_bullet(new_notes[name].runs) if name in new_notes else []
        if not paragraph_text(new).strip():
            ctx.problem(
                f"slide {number}: the notes paragraph «{paragraph_text(old)}» was deleted: not "
                "carried back; delete it in slides.md if that was meant",
                "guide",
            )
        elif paragraph_text(old) != paragraph_text(new) or _marks(old) != _marks(new):
            ctx.notes.append(_NoteEdit(model, number, old, new, "guide"))
    for name, paragraph in new_notes.items():
        if name not in old_notes and paragraph.text.strip():
            ctx.problem(
                f"the notes paragraph «{paragraph.text}» belongs to a slide or note that is no "
                "longer in content/: not carried back",
                "guide",
            )
    notes = {id(p) for p in (*old_notes.values(), *new_notes.values())}
    _pull_guide_rest(
        ctx,
        [p.text.strip() for p in expected if id(p) not in notes and p.text.strip()],
        [p.text.strip() for p in actual if id(p) not in notes and p.text.strip()],
    )


def _pull_guide_rest(ctx: _Context, old: list[str], new: list[str]) -> None:
    """Report every edit of the guide outside the notes: the build writes it from content/."""
    hint = "change it in content/ (the guide is written from it) if it should stay"
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, False).get_opcodes():
        if op == "equal":
            continue
        pairs = list(zip(old[i1:i2], new[j1:j2], strict=False))
        for a, b in pairs:
            ctx.problem(f"«{a}» was changed to «{b}»: it is no slide's notes; {hint}", "guide")
        for extra in new[j1 + len(pairs) : j2]:
            ctx.problem(f"a new paragraph «{extra}» is no slide's notes; {hint}", "guide")
        for gone in old[i1 + len(pairs) : i2]:
            ctx.problem(f"the paragraph «{gone}» was deleted: not carried back; {hint}", "guide")


def _write_notes(ctx: _Context) -> None:
    """Write the notes edits of deck and guide; the same note changed two ways is a conflict."""
    groups: dict[tuple[Path, int, str], list[_NoteEdit]] = defaultdict(list)
    for edit in ctx.notes:
        groups[(edit.model.source.file, edit.model.source.line, paragraph_text(edit.old))].append(
            edit
        )
    for edits in groups.values():
        origins = tuple(sorted({e.origin for e in edits}))
        variants = {_marks(e.new): e.origin for e in edits}
        first = edits[0]
        if len(variants) == 1:
            _map_edit(ctx, first.model, first.number, first.old, first.new, origins)
            continue
        shown = ", ".join(
            f"«{plain_text(text)}» (in the {where})" for text, where in variants.items()
        )
        ctx.problem(
            f"slide {first.number}: the note «{paragraph_text(first.old)}» was changed in two "
            f"ways, {shown}: neither is carried back; write the one you mean into slides.md",
            *origins,
        )


# --------------------------------------------------------------------------- hand-off


def adopt_pulled(project: Project, number: int, result: PullResult) -> dict[str, str]:
    """After `apply_pull`, each edited file read ("deck", "guide") -> what the next build does
    with it: "adopted" when everything edited in it was carried back (the manifest now counts
    its bytes as samling's own, so the build replaces it without asking), "edited" when
    something was not (the build will ask), "elsewhere" when the file read is not the one in
    the build folder. A file that was not edited is left out."""
    from pipeline.manifest import adopt_file, edited_files, read_manifest
    from pipeline.outputs import build_lock

    folder, names = project.samling_build_dir(number), output_names(number)
    status: dict[str, str] = {}
    for origin, path in result.read.items():
        built = folder / names[origin]
        if not built.is_file() or path.resolve() != built.resolve():
            status[origin] = "elsewhere"
            continue
        with build_lock(folder, f"samling {number}"):
            if not edited_files(read_manifest(folder), folder, [names[origin]]):
                continue
            if origin in result.unresolved:
                status[origin] = "edited"
            elif adopt_file(folder, names[origin]):
                status[origin] = "adopted"
    return status
