"""Loading and validating content: content files in, a checked SamlingBundle out.

Everything is read and checked before anything is written (Pelican's order: content, readers,
model, writers). All problems of a run are collected and reported together.
"""

from __future__ import annotations

import dataclasses
import difflib
import errno
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pipeline.content.bullets import check_bullet_lengths
from pipeline.content.read_slides import RawBlock, RawSlide, read_slides
from pipeline.content.read_yaml import YamlDocument, read_yaml, validate
from pipeline.content.validate import check_agenda, check_exercises, check_slide_coverage
from pipeline.errors import ContentError, Diagnostic, Report
from pipeline.model import types as model
from pipeline.project import has_slides, list_samlinger, safe_path, samling_dir

M = TypeVar("M", bound=model.Model)

# What PowerPoint, Word and CairoSVG all show without conversion.
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif"}
# Result lists that are not under `lists:` in results.yaml.
SPECIAL_LISTS = ("vision_proposals", "follow_up_questions", "value_votes")


def picture_problem(path: Path) -> str | None:
    """Why `path` is not a picture that PowerPoint, Word and CairoSVG can all show, or None."""
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        return (
            f"is a {path.suffix or 'extensionless'} file, which PowerPoint and Word cannot show "
            "as it is"
        )
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # Pillow only warns between its two limits; every output would still decode it all.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as picture:
                found = (picture.format or "").lower()
                picture.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        limit = Image.MAX_IMAGE_PIXELS or 0
        return (
            f"has more than {limit // 1_000_000} million pixels, far more than a slide or a "
            "poster shows, and would take gigabytes of memory to open"
        )
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return "is damaged or not a picture"
    expected = {"jpg": "jpeg"}.get(path.suffix.lower()[1:], path.suffix.lower()[1:])
    if found != expected:
        return f"is really a {found.upper()} picture with a {path.suffix} name"
    return None


def _picture_hint(problem: str) -> str:
    if "million pixels" in problem:
        return "scale it down; 4000 pixels on the long side is plenty"
    return "save it as PNG or JPEG"


# A symbolic link that leads back to itself: Python 3.11 raises RuntimeError resolving it,
# newer versions OSError (ELOOP) when it is opened.
_LINK_LOOP = "is a symbolic link that leads round in a circle"
_LINK_LOOP_HINT = "replace the link with the picture file itself"


def _inside(root: Path, relative: str) -> Path | None:
    """safe_path, but a link loop is reported as a picture problem rather than a crash."""
    try:
        return safe_path(root, relative)
    except (RuntimeError, OSError):
        return root / relative


def _link_loop(path: Path) -> bool:
    try:
        path.stat()
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def _suggest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.5)
    if close:
        return f"did you mean {close[0]!r}?"
    if options:
        return "known: " + ", ".join(sorted(options)[:12])
    return ""


# --------------------------------------------------------------------------- program


def read_program(content_root: Path, report: Report) -> model.Program | None:
    path = content_root / "program.yaml"
    if not path.is_file():
        report.add(
            Diagnostic(
                "error",
                "program.yaml is missing",
                file=path,
                hint="every content folder needs program.yaml; see content/README.md",
            )
        )
        return None
    doc, problems = read_yaml(path)
    report.extend(problems)
    if doc is None:
        return None
    program, problems = validate(doc, model.Program)
    report.extend(problems)
    if program is None:
        return None
    branding = program.branding
    if branding.logo:
        logo = _inside(content_root, branding.logo)
        if logo is None:
            report.add(
                doc.diagnostic(
                    ("branding", "logo"),
                    f"the logo path {branding.logo!r} leaves the content folder",
                    hint="put the logo inside content/ and give its path from there",
                )
            )
        elif _link_loop(logo):
            report.add(
                doc.diagnostic(
                    ("branding", "logo"),
                    f"the logo {branding.logo!r} {_LINK_LOOP}",
                    hint=_LINK_LOOP_HINT,
                )
            )
        elif not logo.is_file():
            report.add(
                doc.diagnostic(("branding", "logo"), f"the logo file {branding.logo!r} is missing")
            )
        elif problem := picture_problem(logo):
            report.add(
                doc.diagnostic(
                    ("branding", "logo"),
                    f"the logo {branding.logo!r} {problem}",
                    hint=_picture_hint(problem),
                )
            )
        else:
            program = program.model_copy(
                update={"branding": branding.model_copy(update={"logo_path": logo})}
            )
    numbers = [s.number for s in program.samlinger]
    for index, number in enumerate(numbers):
        if numbers.index(number) != index:
            report.add(
                doc.diagnostic(("samlinger", index, "number"), f"samling {number} is listed twice")
            )
    return program


def load_program(content_root: Path) -> model.Program:
    report = Report()
    program = read_program(content_root, report)
    report.raise_if_errors()
    assert program is not None
    return program


# --------------------------------------------------------------------------- results, platform


def _read_optional(
    path: Path,
    cls: type[M],
    report: Report,
    explain: Callable[[YamlDocument, list[Diagnostic]], list[Diagnostic]] | None = None,
) -> M | None:
    """Read and validate a YAML file that may not exist yet; None if absent or wrong.
    `explain` may put a validation problem in the file's own words."""
    if not path.is_file():
        return None
    doc, problems = read_yaml(path)
    report.extend(problems)
    if doc is None:
        return None
    found, problems = validate(doc, cls)
    report.extend(explain(doc, problems) if explain else problems)
    return found


def read_results(content_root: Path, number: int, report: Report) -> model.Results | None:
    return _read_optional(samling_dir(content_root, number) / "results.yaml", model.Results, report)


DIAMOND_VALUES = 9


def read_lederplattform(content_root: Path, report: Report) -> model.Lederplattform | None:
    """The decided platform, or None when lederplattform.yaml is absent or has errors; a
    platform that is still being written (8 of 9 values) is told in plain words."""
    path = content_root / "lederplattform.yaml"
    return _read_optional(path, model.Lederplattform, report, _explain_value_count)


def _explain_value_count(doc: YamlDocument, problems: list[Diagnostic]) -> list[Diagnostic]:
    """A wrong number of values in plain words, instead of the schema's message about it."""
    values = doc.data.get("values") if isinstance(doc.data, dict) else None
    if isinstance(values, list) and len(values) != DIAMOND_VALUES:
        return [_platform_count(doc, values), *(p for p in problems if p.key != "values")]
    return problems


def _platform_count(doc: YamlDocument, values: list[Any]) -> Diagnostic:
    names = [str(v.get("name")) for v in values if isinstance(v, dict) and v.get("name")]
    listed = f" ({', '.join(names)})" if names else ""
    return doc.diagnostic(
        ("values",),
        f"lederplattform.yaml has {len(values)} of the {DIAMOND_VALUES} values{listed}; the "
        f"value diamond and the poster need exactly {DIAMOND_VALUES}",
        hint=(
            "add the missing values in diamond order (1 on top, then 2, 3, 2 and 1), each with "
            "its kjennetegn; until then the poster and the slides with source=lederplattform "
            "are not built, and everything else is"
            if len(values) < DIAMOND_VALUES
            else f"keep the {DIAMOND_VALUES} the leader group decided, in diamond order"
        ),
    )


def poster_blockers(content_root: Path) -> list[Diagnostic]:
    """What keeps the poster from being built, as warnings for a build or check of a samling
    that does not need the platform itself: empty when lederplattform.yaml is complete or
    absent."""
    report = Report()
    read_lederplattform(content_root, report)
    return [
        dataclasses.replace(d, severity="warning", message=f"the poster is not built: {d.message}")
        for d in report.errors
    ]


def load_lederplattform(content_root: Path) -> model.Lederplattform:
    report = Report()
    plattform = read_lederplattform(content_root, report)
    if plattform is None and not report.errors:
        report.add(
            Diagnostic(
                "error",
                "lederplattform.yaml is missing",
                file=content_root / "lederplattform.yaml",
                hint="see content/README.md for what it holds",
            )
        )
    report.raise_if_errors()
    assert plattform is not None
    return plattform


# --------------------------------------------------------------------------- samling


@dataclass
class _Context:
    content_root: Path
    number: int
    slides_path: Path
    samling: model.Samling
    exercises: dict[str, model.Exercise]
    report: Report
    plattform: model.Lederplattform | None = None
    samling_doc: YamlDocument | None = None
    # Why lederplattform.yaml cannot be used; reported only when a slide shows the platform.
    plattform_problems: list[Diagnostic] = field(default_factory=list)
    # Whether the slides are rendered (deck, guide); the worksheets do not show them.
    slides_needed: bool = True

    def listed_at(self, image: str) -> str:
        """Where samling.yaml names the file of `image`, for messages about the file itself."""
        if self.samling_doc is None:
            return ""
        line, _ = self.samling_doc.position(("images", image, "file"))
        return f" (samling.yaml line {line})"

    def at(self, line: int, message: str, hint: str = "", severity: str = "error") -> None:
        self.report.add(
            Diagnostic(
                severity,  # type: ignore[arg-type]
                message,
                file=self.slides_path,
                line=line,
                column=1,
                hint=hint,
            )
        )


def _read_exercises(
    path: Path, report: Report
) -> tuple[dict[str, model.Exercise], YamlDocument | None]:
    if not path.is_file():
        return {}, None
    doc, problems = read_yaml(path)
    report.extend(problems)
    if doc is None or doc.data is None:
        return {}, doc
    if not isinstance(doc.data, dict):
        report.add(doc.diagnostic((), "expected a mapping of exercise names to exercises"))
        return {}, doc
    exercises: dict[str, model.Exercise] = {}
    for key, value in doc.data.items():
        if not re.fullmatch(r"[\w-]+", key):
            report.add(
                doc.diagnostic(
                    (key,),
                    f"the exercise name {key!r} may only have letters, digits, - and _",
                )
            )
            continue
        if isinstance(value, dict) and "id" in value:
            report.add(
                doc.diagnostic((key, "id"), "unknown key 'id'", hint="the name above is the id")
            )
            continue
        exercise, problems = validate(doc, model.Exercise, loc=(key,), data=value, id=key)
        report.extend(problems)
        if exercise is not None:
            exercises[key] = exercise
    return exercises, doc


def _image(ctx: _Context, raw: RawBlock) -> model.Image | None:
    samling = ctx.samling
    by_file = {ref.file: (key, ref) for key, ref in samling.images.items()}
    found = by_file.get(raw.target) or (
        (raw.target, samling.images[raw.target]) if raw.target in samling.images else None
    )
    if found is None:
        ctx.at(
            raw.line,
            f"the image {raw.target!r} is not listed under images: in samling.yaml",
            hint="add it there with its alt text and credit",
        )
        return None
    key, ref = found
    folder = samling_dir(ctx.content_root, ctx.number)
    path = _inside(folder, ref.file)
    if path is None:
        ctx.at(raw.line, f"the image path {ref.file!r} leaves the content folder")
        return None
    listed = ctx.listed_at(key)
    if _link_loop(path):
        ctx.at(raw.line, f"the image {ref.file!r}{listed} {_LINK_LOOP}", hint=_LINK_LOOP_HINT)
        return None
    if not path.is_file():
        ctx.at(
            raw.line,
            f"the image file {ref.file!r} is missing",
            hint=f"put it in {folder.name}/{ref.file}",
        )
        return None
    problem = picture_problem(path)
    if problem:
        ctx.at(raw.line, f"the image {ref.file!r}{listed} {problem}", hint=_picture_hint(problem))
        return None
    alt = raw.alt.strip() or ref.alt
    return model.Image(ref=key, image=ref.model_copy(update={"path": path, "alt": alt}))


def _body(ctx: _Context, raw_blocks: list[RawBlock], slide: RawSlide) -> list[model.BodyBlock]:
    blocks: list[model.BodyBlock] = []
    for raw in raw_blocks:
        if raw.kind == "paragraph":
            blocks.append(model.Paragraph(text=raw.text))
        elif raw.kind == "bullets":
            items = [model.ListItem(text=t, level=lvl) for t, lvl in raw.items]
            blocks.append(model.BulletList(items=items))
        elif raw.kind == "numbered":
            items = [model.ListItem(text=t, level=lvl) for t, lvl in raw.items]
            blocks.append(model.NumberedList(items=items))
        elif raw.kind == "quote":
            blocks.append(model.Quote(text=raw.text, source=slide.attrs.get("source", "")))
        elif raw.kind == "image":
            image = _image(ctx, raw)
            if image is not None:
                blocks.append(image)
    return blocks


def _result_items(
    ctx: _Context, slide: RawSlide, results_cache: dict[int, model.Results | None]
) -> tuple[list[str], str]:
    name = slide.attrs.get("list")
    if not name:
        ctx.at(slide.line, "a .results slide needs list=NAME", hint="e.g. list=vision_proposals")
        return [], ""
    source = slide.attrs.get("samling", str(ctx.number - 1))
    if not source.isdigit():
        ctx.at(slide.line, f"samling= expects a number, received {source!r}")
        return [], ""
    number = int(source)
    if number not in results_cache:
        results_cache[number] = read_results(ctx.content_root, number, ctx.report)
    results = results_cache[number]
    results_file = f"samling-{number:02d}/results.yaml"
    if results is None and (samling_dir(ctx.content_root, number) / "results.yaml").is_file():
        return [], ""  # the file exists but has errors, which are reported already
    if results is None:
        ctx.at(
            slide.line,
            f"the slide shows results from samling {number}, but {results_file} is missing",
            hint="write what came out of that day into results.yaml",
        )
        return [], ""
    if name == "vision_proposals":
        return list(results.vision_proposals), ""
    if name == "follow_up_questions":
        return list(results.follow_up_questions), ""
    if name == "value_votes":
        ranked = sorted(results.value_votes.items(), key=lambda kv: (-kv[1], kv[0]))
        return [f"{word} ({count})" for word, count in ranked], ""
    if name in results.lists:
        found = results.lists[name]
        return list(found.items), found.intro
    ctx.at(
        slide.line,
        f"{results_file} has no list {name!r}",
        hint=_suggest(name, [*results.lists, *SPECIAL_LISTS]),
    )
    return [], ""


def _lookup(
    ctx: _Context, raw: RawSlide, key: str, table: dict[str, Any], where: str, what: str
) -> Any | None:
    """The entry that the slide's `key=` attribute names, or None after reporting it."""
    name = raw.attrs.get(key, "")
    if name in table:
        return table[name]
    ctx.at(
        raw.line,
        f"the {what} {key}={name or '(none)'} is not {where}",
        hint=_suggest(name, list(table)),
    )
    return None


def _platform_values(ctx: _Context, raw: RawSlide) -> model.BulletList | None:
    """The decided values, in diamond order, for a slide with source=lederplattform."""
    if ctx.plattform is None and not ctx.slides_needed:
        return model.BulletList(items=[])  # only the worksheets are built: no slide is shown
    if ctx.plattform is None and ctx.plattform_problems:
        ctx.report.extend(d for d in ctx.plattform_problems if d not in ctx.report.diagnostics)
        ctx.at(
            raw.line,
            "this slide shows the values of lederplattform.yaml, which is not complete yet "
            "(see above); the deck and the guide wait for it",
            hint="complete lederplattform.yaml; '--only worksheets' builds the worksheets now",
        )
        return None
    if ctx.plattform is None:
        ctx.at(
            raw.line,
            "source=lederplattform, but content/lederplattform.yaml is missing",
            hint="write the values there, or list them on the slide as bullets",
        )
        return None
    if raw.blocks:
        ctx.at(
            raw.line,
            "a slide with source=lederplattform takes its values from lederplattform.yaml; "
            "its own text would be shown twice",
            hint="remove the slide's text, or remove source=lederplattform",
            severity="warning",
        )
    return model.BulletList(items=[model.ListItem(text=v.name) for v in ctx.plattform.values])


def _made_from(ctx: _Context, kind: str, block_id: str) -> model.SourcePos | None:
    """Where the content of a slide the build generates is written: the agenda (and a break's
    block) in samling.yaml, the title and frame slides in program.yaml."""
    if kind in ("agenda", "pause", "lunsj") and ctx.samling_doc is not None:
        ids = [block.id for block in ctx.samling.agenda]
        loc: tuple[str | int, ...] = ("agenda",)
        if kind != "agenda" and block_id in ids:
            loc = ("agenda", ids.index(block_id))
        line, _ = ctx.samling_doc.position(loc, of_key=kind == "agenda")
        return model.SourcePos(file=ctx.samling_doc.path, line=line)
    if kind in ("title", "frame"):
        program = ctx.content_root / "program.yaml"
        key = "title:" if kind == "title" else "frame_slides:"
        lines = program.read_text(encoding="utf-8").splitlines()
        line = next((n for n, text in enumerate(lines, start=1) if text.startswith(key)), 1)
        return model.SourcePos(file=program, line=line)
    return None


def _slides(
    ctx: _Context, raw_slides: list[RawSlide], results_cache: dict[int, model.Results | None]
) -> list[model.Slide]:
    samling = ctx.samling
    block_ids = [block.id for block in samling.agenda]
    current_block = block_ids[0] if block_ids else ""
    slides: list[model.Slide] = []
    for raw in raw_slides:
        kind = raw.kind or ("columns" if raw.columns else "bullets")
        if kind not in model.SLIDE_KINDS:
            ctx.at(
                raw.line,
                f"unknown slide kind '.{kind}'",
                hint=_suggest(kind, list(model.SLIDE_KINDS)),
            )
            continue
        if "block" in raw.attrs:
            wanted = raw.attrs["block"]
            if wanted not in block_ids:
                ctx.at(
                    raw.line,
                    f"block={wanted} is not an agenda block in samling.yaml",
                    hint=_suggest(wanted, block_ids),
                )
                continue
            current_block = wanted
        update: dict[str, Any] = {"made_from": _made_from(ctx, kind, current_block)}
        if kind == "exercise" or "exercise" in raw.attrs:
            # .exercise slides name theirs with ref=; other slides may link one with exercise=
            key = "ref" if kind == "exercise" else "exercise"
            found = _lookup(ctx, raw, key, ctx.exercises, "in exercises.yaml", "exercise")
            if found is None:
                continue
            update["exercise"] = found
        if kind in ("poll", "wordcloud"):
            found = _lookup(ctx, raw, "ref", samling.polls, "under polls: in samling.yaml", "poll")
            if found is None:
                continue
            update["poll"] = found
        if kind in ("pause", "lunsj"):
            block = next(b for b in samling.agenda if b.id == current_block)
            if block.kind != kind:
                ctx.at(
                    raw.line,
                    f"this .{kind} slide belongs to the block {block.id!r}, which is a "
                    f"{block.kind} block",
                    hint=f"add block=ID naming the {kind} block in the agenda",
                )
            update["agenda_block"] = block
        if kind == "results":
            items, intro = _result_items(ctx, raw, results_cache)
            update["result_items"] = items
            update["result_intro"] = intro
        needs_title = kind not in ("title", "agenda", "pause", "lunsj", "frame", "closing")
        if needs_title and not raw.title:
            ctx.at(raw.line, "the slide has no title", hint="write it after '## '")
        blocks = _body(ctx, raw.blocks, raw)
        if raw.attrs.get("source") == "lederplattform" and kind in ("diamond", "cards", "bullets"):
            platform_list = _platform_values(ctx, raw)
            if platform_list is None:
                continue
            blocks = [platform_list, *blocks]
        columns = [model.Column(blocks=_body(ctx, col, raw)) for col in raw.columns]
        raw_everything = [*raw.blocks, *(b for column in raw.columns for b in column)]
        if kind == "image" and not any(b.kind == "image" for b in raw_everything):
            ctx.at(raw.line, "an .image slide needs a picture: ![alt text](images/file.png)")
        slides.append(
            model.Slide(
                title=raw.title,
                kind=kind,
                attrs=raw.attrs,
                blocks=blocks,
                columns=columns,
                notes=raw.notes,
                block_id=current_block,
                source=model.SourcePos(file=ctx.slides_path, line=raw.line),
                **update,
            )
        )
    return slides


@dataclass
class _Sources:
    """One samling's files as read and validated, before they are checked against each other."""

    samling_doc: YamlDocument | None
    samling: model.Samling | None
    exercises: dict[str, model.Exercise]
    exercises_doc: YamlDocument | None
    raw_slides: list[RawSlide]
    slides_readable: bool  # no errors while reading slides.md
    results: model.Results | None
    plattform: model.Lederplattform | None
    plattform_problems: list[Diagnostic]


def _has_samling_files(folder: Path, report: Report) -> bool:
    """Whether the samling's folder, samling.yaml and slides.md exist; each missing one is
    reported."""
    if not folder.is_dir():
        report.add(
            Diagnostic(
                "error",
                f"there is no folder {folder.name} in content/",
                file=folder,
                hint="run 'samling new N' to start one",
            )
        )
        return False
    found = True
    for needed in (folder / "samling.yaml", folder / "slides.md"):
        if not needed.is_file():
            found = False
            report.add(
                Diagnostic(
                    "error",
                    f"{folder.name}/{needed.name} is missing",
                    file=needed,
                    hint="a samling that is built needs samling.yaml and slides.md",
                )
            )
    return found


def _read_sources(content_root: Path, number: int, report: Report) -> _Sources:
    """Read every file of the samling, so that one run reports the problems of all of them."""
    folder = samling_dir(content_root, number)
    doc, problems = read_yaml(folder / "samling.yaml")
    report.extend(problems)
    samling = None
    if doc is not None:
        samling, problems = validate(doc, model.Samling)
        report.extend(problems)
    exercises, exercises_doc = _read_exercises(folder / "exercises.yaml", report)
    raw_slides, problems = read_slides(folder / "slides.md")
    report.extend(problems)
    # The platform's own problems matter to a samling only where a slide shows the platform.
    plattform_report = Report()
    plattform = read_lederplattform(content_root, plattform_report)
    return _Sources(
        samling_doc=doc,
        samling=samling,
        exercises=exercises,
        exercises_doc=exercises_doc,
        raw_slides=raw_slides,
        slides_readable=not any(p.severity == "error" for p in problems),
        results=read_results(content_root, number, report),
        plattform=plattform,
        plattform_problems=plattform_report.diagnostics,
    )


def _samling_info(
    content_root: Path,
    number: int,
    program: model.Program,
    samling: model.Samling,
    doc: YamlDocument,
    report: Report,
) -> model.SamlingInfo | None:
    """The samling's entry in program.yaml, after checking samling.yaml's number against
    its folder."""
    if samling.number != number:
        report.add(
            doc.diagnostic(
                ("number",),
                f"expected {number} (the folder is {samling_dir(content_root, number).name}), "
                f"received {samling.number}",
            )
        )
    info = program.samling_info(number)
    if info is None:
        report.add(
            Diagnostic(
                "error",
                f"samling {number} is not listed under samlinger: in program.yaml",
                file=content_root / "program.yaml",
                hint="add its number, date, place and theme",
            )
        )
    return info


def read_samling(
    content_root: Path, number: int, slides_needed: bool = True
) -> tuple[model.SamlingBundle | None, Report]:
    """Read and check one samling. Returns the bundle (None on errors) and every finding.

    Without `slides_needed` (only the worksheets are built), slides that show the
    lederplattform do not wait for it."""
    report = Report()
    program = read_program(content_root, report)
    if not _has_samling_files(samling_dir(content_root, number), report) or report.errors:
        # An error in program.yaml stops here too, before the samling's own files are read.
        return None, report
    sources = _read_sources(content_root, number, report)
    samling, doc = sources.samling, sources.samling_doc
    if samling is None or program is None or doc is None:
        return None, report
    info = _samling_info(content_root, number, program, samling, doc, report)
    if info is None:
        return None, report

    exercises = sources.exercises
    report.extend(check_agenda(samling, info, doc))
    report.extend(check_exercises(samling, exercises, sources.exercises_doc))
    slides_path = samling_dir(content_root, number) / "slides.md"
    ctx = _Context(
        content_root,
        number,
        slides_path,
        samling,
        exercises,
        report,
        sources.plattform,
        doc,
        sources.plattform_problems,
        slides_needed,
    )
    results_cache: dict[int, model.Results | None] = {number: sources.results}
    errors_before = len(report.errors)
    report.extend(check_bullet_lengths(sources.raw_slides, slides_path))
    slides = _slides(ctx, sources.raw_slides, results_cache)
    if sources.slides_readable and len(report.errors) == errors_before:
        # A slide that failed to read would make its block look empty: report only the cause.
        report.extend(check_slide_coverage(samling, slides, doc))
    if report.errors:
        return None, report
    previous = results_cache.get(number - 1) or read_results(content_root, number - 1, report)
    bundle = model.SamlingBundle(
        program=program,
        info=info,
        samling=samling,
        exercises=list(exercises.values()),
        slides=slides,
        results=sources.results,
        previous_results=previous,
        next_samling=program.next_samling(number),
    )
    return bundle, report


def load_samling(content_root: Path, number: int, strict: bool = False) -> model.SamlingBundle:
    """Read one samling, raising ContentError with every error (and warning, when strict)."""
    bundle, report = read_samling(content_root, number)
    report.raise_if_errors(strict=strict)
    if bundle is None:
        raise ContentError(report.diagnostics)
    return bundle


__all__ = [
    "has_slides",
    "list_samlinger",
    "load_lederplattform",
    "load_program",
    "load_samling",
    "read_samling",
    "safe_path",
    "samling_dir",
]
