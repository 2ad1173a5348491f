"""The deck's slide cache kept on disk between builds, so any build (the CLI's, the build
server's, `--force` too) renders only the slides whose inputs changed since the last one.

`DeckCache` (`slide_cache`) keeps, per source slide, the hash of its inputs and the parts it
made; this module writes that state to one file per samling in the folder the build gives
(`use`), and reads it back. A stored cache is used only when everything a render depends on
besides the content is as it was: the pipeline's code (`code_key`, given by the build),
python-pptx's and lxml's versions, and the fonts text was measured with (fontconfig's choice
for each family, and the font files' size and time). Otherwise, or when the file is damaged,
the deck is rendered in full, as without a cache. `DeckCache`'s own keys (the template's bytes,
the rest of the samling, SOURCE_DATE_EPOCH) decide the rest, so a hit gives the bytes a full
render would: the cache is valid under `--force`, like the SVG cache.

The file is a zip: `index.json` (the records, the warnings, the deck's state) and each part's
bytes once, named by its hash.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import Diagnostic, SamlingError
from pipeline.outputs import write_atomic

# The build turns the cache on before it knows whether a deck is stale, and a build with
# nothing to do must not import python-pptx or pydantic: the renderer comes in only to render.
if TYPE_CHECKING:
    from pipeline.model.types import SamlingBundle
    from pipeline.render.deck.slide_cache import DeckCache, _SlideRecord, _State
    from pipeline.render.deck.text import Fonts

FORMAT = 1
_folder: Path | None = None
_code_key = ""


def use(folder: Path | None, code_key: str = "") -> tuple[Path | None, str]:
    """Keep decks' slide caches in `folder` from now on (None: not at all); return the
    previous choice, to restore it. Forked workers inherit the choice."""
    global _folder, _code_key
    previous = _folder, _code_key
    _folder, _code_key = folder, code_key
    return previous


def folder() -> Path | None:
    return _folder


def code_key() -> str:
    return _code_key


def stored(number: int) -> bool:
    """Whether samling `number` has a stored slide cache (not yet checked for being usable)."""
    return _folder is not None and (_folder / f"samling-{number:02d}.zip").is_file()


def render(bundle: SamlingBundle, template: Path) -> tuple[bytes, list[Diagnostic]]:
    """The deck, through the stored slide cache of its samling when caching is on."""
    from pipeline.render.deck.slide_cache import DeckCache

    if _folder is None:
        return DeckCache().render(bundle, template)
    path = _folder / f"samling-{bundle.info.number:02d}.zip"
    cache = _read(path) or DeckCache()
    result = cache.render(bundle, template)
    # A cache that cannot be written costs the next build time, never this build's result.
    with contextlib.suppress(OSError):
        write_atomic(path, dump(cache))
    return result


def with_deck_spans(bundle: SamlingBundle, template: Path) -> SamlingBundle:
    """`render.with_deck_spans`, with the counts of the stored deck when it still holds: the
    guide then renders no slide to number its slides as the deck has them."""
    from pipeline.render.deck.render import SPLITTING_KINDS, with_deck_spans

    return with_deck_spans(bundle, template, stored_counts(bundle, template, SPLITTING_KINDS))


def stored_counts(
    bundle: SamlingBundle, template: Path, kinds: tuple[str, ...]
) -> list[int | None] | None:
    """For each slide of `bundle`: how many deck slides it became in its samling's stored
    deck, for the slides of `kinds` (None for the others); None when there is no stored deck
    or it is not the one `bundle` and `template` make now (other code, fonts, deck-wide
    inputs, or another input of one of those slides). Reads only the file's index."""
    from pipeline.render.deck.slide_cache import _deck_key, _slide_key, template_key

    if _folder is None:
        return None
    try:
        with zipfile.ZipFile(_folder / f"samling-{bundle.info.number:02d}.zip") as archive:
            index = _usable_index(archive)
        if index is None:
            return None
        records = index["slides"]
        if index["deck_key"] != _deck_key(bundle, template_key(template)):
            return None
        if len(records) != len(bundle.slides):
            return None
        counts: list[int | None] = []
        for slide, record in zip(bundle.slides, records, strict=True):
            if slide.kind not in kinds:
                counts.append(None)
            elif record["key"] != _slide_key(slide):
                return None
            else:
                counts.append(int(record["after"][0]) - int(record["before"][0]))
        return counts
    except (OSError, ValueError, KeyError, TypeError, IndexError, zipfile.BadZipFile):
        return None


def _read(path: Path) -> DeckCache | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return load(data)


# --------------------------------------------------------------------------- the file


def _environment() -> str:
    import lxml.etree
    import pptx

    return json.dumps([FORMAT, _code_key, pptx.__version__, list(lxml.etree.LXML_VERSION)])


def _font_files(fonts: Fonts) -> dict[str, list[int]]:
    found = {}
    for name in sorted(fonts.files):
        try:
            stat = Path(name).stat()
        except OSError:
            continue
        found[name] = [stat.st_size, stat.st_mtime_ns]
    return found


def _usable_index(archive: zipfile.ZipFile) -> dict[str, Any] | None:
    """The stored file's index, or None when other code or other fonts made it."""
    index: dict[str, Any] = json.loads(archive.read("index.json"))
    if index.get("environment") != _environment() or not _fonts_unchanged(index):
        return None
    return index


def _fonts_unchanged(index: dict[str, Any]) -> bool:
    """Whether fontconfig still picks the same fonts, and their files are as they were."""
    from pipeline.render.fonts import choose_font

    for family, usable in index["checked"].items():
        try:
            if choose_font(family).measured != usable:
                return False
        except SamlingError:
            if usable != "Carlito":  # what Fonts measures with when none is found
                return False
    for name, (size, mtime) in index["files"].items():
        try:
            stat = Path(name).stat()
        except OSError:
            return False
        if (stat.st_size, stat.st_mtime_ns) != (size, mtime):
            return False
    return True


def dump(cache: DeckCache) -> bytes:
    """The cache as the bytes of its file (empty when it holds nothing)."""
    cached = cache.cached
    if cached is None:
        return b""
    blobs: dict[str, bytes] = {}

    def ref(data: bytes) -> str:
        name = hashlib.sha256(data).hexdigest()
        blobs[name] = data
        return name

    fonts = cached.fonts
    index = {
        "environment": _environment(),
        "deck_key": cached.deck_key,
        "entries": {name: ref(data) for name, data in cached.entries.items()},
        "slides": [_record_json(record, ref) for record in cached.slides],
        "template_warnings": [_diagnostic_json(d) for d in cached.template_warnings],
        "end": _state_json(cached.end),
        "fonts": [fonts.major, fonts.minor, list(fonts.problems)],
        "checked": dict(fonts._checked),
        "files": _font_files(fonts),
        "wide": [cache.wide[0], [_diagnostic_json(d) for d in cache.wide[1]]],
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        # Not sorted: the entries' order is the zip's, and the deck's bytes depend on it.
        archive.writestr(_entry("index.json"), json.dumps(index))
        for name in sorted(blobs):
            archive.writestr(_entry(f"blobs/{name}"), blobs[name])
    return out.getvalue()


def _entry(name: str) -> zipfile.ZipInfo:
    # A fixed time: the same cache gives the same file, as every file in build/ does.
    return zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))


def load(data: bytes) -> DeckCache | None:
    """The cache stored in `data`, or None when it is damaged or was made by other code or
    with other fonts (then the deck is rendered in full)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            index = _usable_index(archive)
            if index is None:
                return None
            blobs = {
                name[len("blobs/") :]: archive.read(name)
                for name in archive.namelist()
                if name.startswith("blobs/")
            }
        return _cache_of(index, blobs)
    except (OSError, ValueError, KeyError, TypeError, IndexError, zipfile.BadZipFile):
        return None


def _cache_of(index: dict[str, Any], blobs: dict[str, bytes]) -> DeckCache:
    from pipeline.render.deck.slide_cache import DeckCache, _Cached
    from pipeline.render.deck.text import Fonts

    major, minor, problems = index["fonts"]
    fonts = Fonts(str(major), str(minor))
    fonts.problems = [str(p) for p in problems]
    fonts._checked = {str(k): str(v) for k, v in index["checked"].items()}
    fonts.files = set(index["files"])
    cache = DeckCache()
    cache.cached = _Cached(
        deck_key=str(index["deck_key"]),
        entries={str(name): blobs[ref] for name, ref in index["entries"].items()},
        slides=[_record_of(item, blobs) for item in index["slides"]],
        template_warnings=[_diagnostic_of(d) for d in index["template_warnings"]],
        end=_state_of(index["end"]),
        fonts=fonts,
    )
    wide_key, wide = index["wide"]
    cache.wide = (str(wide_key), [_diagnostic_of(d) for d in wide])
    return cache


def _state_json(state: _State) -> list[Any]:
    return [state.count, state.notes, state.next_id, state.keys, state.titles]


def _state_of(item: list[Any]) -> _State:
    from pipeline.render.deck.slide_cache import _State

    count, notes, next_id, keys, titles = item
    return _State(
        int(count), int(notes), int(next_id), {str(k): int(v) for k, v in keys.items()}, int(titles)
    )


def _record_json(record: _SlideRecord, ref: Any) -> dict[str, Any]:
    return {
        "key": record.key,
        "before": _state_json(record.before),
        "after": _state_json(record.after),
        "parts": {name: ref(data) for name, data in record.parts.items()},
        "titles": record.titles,
        "notes": record.notes,
        "warnings": [_diagnostic_json(d) for d in record.warnings],
    }


def _record_of(item: dict[str, Any], blobs: dict[str, bytes]) -> _SlideRecord:
    from pipeline.render.deck.slide_cache import _SlideRecord

    return _SlideRecord(
        key=str(item["key"]),
        before=_state_of(item["before"]),
        after=_state_of(item["after"]),
        parts={str(name): blobs[ref] for name, ref in item["parts"].items()},
        titles=[str(t) for t in item["titles"]],
        notes=int(item["notes"]),
        warnings=[_diagnostic_of(d) for d in item["warnings"]],
    )


def _diagnostic_json(diagnostic: Diagnostic) -> list[Any]:
    d = diagnostic
    file = None if d.file is None else str(d.file)
    return [d.severity, d.message, file, d.line, d.column, d.key, d.hint]


def _diagnostic_of(item: list[Any]) -> Diagnostic:
    severity, message, file, line, column, key, hint = item
    if severity not in ("error", "warning"):
        raise ValueError(f"not a severity: {severity!r}")
    return Diagnostic(
        severity,
        str(message),
        None if file is None else Path(file),
        None if line is None else int(line),
        None if column is None else int(column),
        str(key),
        str(hint),
    )
