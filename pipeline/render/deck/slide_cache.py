"""The deck of a warm session (`pipeline.warm`): only the slides whose inputs changed are
rendered again, and the result has the bytes of a cold `render_deck`.

After a full render the cache keeps every part of the deck (the normalised zip's entries), and
for each source slide: the hash of its inputs (the slide's model object with what it shows from
elsewhere, such as agenda and results), the deck's state before it (slide and notes counts,
slide ids, the keys given so far, the titles), its parts and its warnings. Everything else the
slides read (the template, the programme, samling.yaml, the målform, SOURCE_DATE_EPOCH) makes
one deck-wide key: when that changes, the deck is rendered in full.

When only some slides changed, each is rendered alone into a scratch copy of the template set
to the state the full deck had before it. Its slide and notes parts replace the old ones only
when they are the same parts with the same relationships (no new picture, no other layout)
and leave the deck in the same state for the next slide; anything else is a full render.
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pipeline.errors import ContentError, Diagnostic
from pipeline.model.types import ImageRef, SamlingBundle, Slide
from pipeline.ooxml.guard import check_office_template
from pipeline.ooxml.package import zip_time
from pipeline.project import layout_mapping_for
from pipeline.render.deck.canvas import Deck
from pipeline.render.deck.package import set_app_properties
from pipeline.render.deck.render import (
    deck_warnings,
    finish_deck,
    render_slide,
    start_deck,
)
from pipeline.render.deck.text import Fonts
from pipeline.render.glyphs import bundle_texts


@dataclass
class _State:
    """The deck's counters before (or after) one source slide."""

    count: int
    notes: int
    next_id: int
    keys: dict[str, int]
    titles: int

    @classmethod
    def of(cls, deck: Deck) -> _State:
        adder = deck.adder
        return cls(deck.count, adder._notes, adder._next_id, dict(deck.keys), len(deck.titles))


@dataclass
class _SlideRecord:
    key: str
    before: _State
    after: _State
    parts: dict[str, bytes]  # the parts this source slide made: slides, notes, their rels
    titles: list[str]
    notes: int  # its pptx slides that have notes
    warnings: list[Diagnostic]


@dataclass
class _Cached:
    deck_key: str
    entries: dict[str, bytes]  # the deck's zip entries, in order
    slides: list[_SlideRecord]
    template_warnings: list[Diagnostic]
    end: _State
    fonts: Fonts
    scratch: Deck | None = None


def _digest(*parts: object) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _slide_key(slide: Slide) -> str:
    """The slide's model object and the bytes of every picture it shows."""
    pictures = []
    for path in sorted(set(_picture_paths(slide)), key=str):
        try:
            pictures.append((str(path), hashlib.sha256(path.read_bytes()).hexdigest()))
        except OSError:
            pictures.append((str(path), "unreadable"))
    return _digest(slide.model_dump_json(), pictures)


def _picture_paths(value: object) -> Iterator[Path]:
    if isinstance(value, ImageRef):
        if value.path is not None:
            yield value.path
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _picture_paths(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _picture_paths(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _picture_paths(item)


def template_key(template: Path) -> str:
    """The template's bytes and its designer's layout mapping (which layout each kind of slide
    uses, and so where text goes and how an agenda splits), or that it has none."""
    digest = hashlib.sha256(template.read_bytes())
    mapping = layout_mapping_for(template)
    try:
        digest.update(b"\0mapping\0" + mapping.read_bytes())
    except OSError:
        digest.update(b"\0no mapping\0")
    return digest.hexdigest()


def _deck_key(bundle: SamlingBundle, template_hash: str) -> str:
    # A slide shows results and exercises through its own model object (the loader puts them
    # there), so those are in its key; the deck itself reads them only for glyph warnings.
    rest = bundle.model_dump_json(exclude={"slides", "results", "previous_results", "exercises"})
    return _digest(rest, template_hash, zip_time(), os.environ.get("SOURCE_DATE_EPOCH", ""))


def _wide_key(fonts: Fonts, bundle: SamlingBundle, template: Path) -> str:
    """What the deck-wide font and glyph warnings depend on."""
    problems = sorted(set(fonts.problems))
    return _digest(bundle_texts(bundle), fonts.minor, fonts.major, problems, template)


def _slide_parts(
    deck: Deck, first: int, last: int
) -> tuple[dict[str, bytes], dict[str, bytes], int]:
    """The slide and notes parts (with their relationships) of pptx slides first..last, the
    other parts they relate to (layouts, the notes master, pictures), and how many have notes."""
    own: dict[str, bytes] = {}
    related: dict[str, bytes] = {}
    notes = 0
    slides = list(deck.prs.slides)
    for slide in slides[first:last]:
        mine = [slide.part, *([slide.notes_slide.part] if slide.has_notes_slide else [])]
        for part in mine:
            name = str(part.partname).lstrip("/")
            own[name] = part.blob
            folder, base = name.rsplit("/", 1)
            own[f"{folder}/_rels/{base}.rels"] = part.rels.xml
            for rel in part.rels.values():
                if not rel.is_external and all(rel.target_part is not p for p in mine):
                    target = str(rel.target_part.partname).lstrip("/")
                    related.setdefault(target, rel.target_part.blob)
        notes += int(slide.has_notes_slide)
    return own, related, notes


class DeckCache:
    """One samling's deck between saves."""

    def __init__(self) -> None:
        self.cached: _Cached | None = None
        self.starts: list[tuple[Path, int, int]] = []  # (file, line, deck slide number)
        self.full_renders = 0  # for tests: how often the whole deck was rendered
        self.slides_rendered = 0  # for tests: how many source slides were rendered
        self.deflated: dict[bytes, bytes] = {}  # zip entries' compressed bytes, by their hash
        self.wide: tuple[str, list[Diagnostic]] = ("", [])  # the deck-wide warnings, by input

    def _deck_wide(self, fonts: Fonts, bundle: SamlingBundle, template: Path) -> list[Diagnostic]:
        """The deck's font and glyph warnings, found again only when its texts changed."""
        key = _wide_key(fonts, bundle, template)
        if key != self.wide[0]:
            self.wide = (key, deck_warnings(fonts, bundle, template))
        return self.wide[1]

    def render(self, bundle: SamlingBundle, template: Path) -> tuple[bytes, list[Diagnostic]]:
        deck_key = _deck_key(bundle, template_key(template))
        cached = self.cached
        result = None
        if cached is not None and cached.deck_key == deck_key:
            try:
                result = self._splice(cached, bundle, template)
            except ContentError:
                self.cached = None  # half spliced: the next render is a full one
                raise
        if result is None:
            check_office_template(template)
            result = self._full(bundle, template, deck_key)
        assert self.cached is not None
        self.starts = [
            (s.source.file, s.source.line, record.before.count + 1)
            for s, record in zip(bundle.slides, self.cached.slides, strict=True)
        ]
        return result

    def _full(
        self, bundle: SamlingBundle, template: Path, deck_key: str
    ) -> tuple[bytes, list[Diagnostic]]:
        self.full_renders += 1
        self.slides_rendered += len(bundle.slides)
        self.cached = None
        deck, template_warnings = start_deck(bundle, template)
        errors: list[Diagnostic] = []
        records = []
        for slide in bundle.slides:
            before, warned = _State.of(deck), len(deck.diagnostics)
            errors.extend(render_slide(deck, bundle, slide))
            after = _State.of(deck)
            parts, _, notes = _slide_parts(deck, before.count, after.count)
            records.append(
                _SlideRecord(
                    _slide_key(slide),
                    before,
                    after,
                    parts,
                    deck.titles[before.titles : after.titles],
                    notes,
                    deck.diagnostics[warned:],
                )
            )
        if errors:
            raise ContentError(errors)
        end = _State.of(deck)
        found = len(deck.diagnostics)
        data, warnings = finish_deck(deck, bundle, template, template_warnings)
        # The deck-wide warnings finish_deck added: kept as a splice keeps them, so that what
        # the cache holds does not depend on whether the last render was a full one.
        self.wide = (_wide_key(deck.fonts, bundle, template), deck.diagnostics[found:])
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = {name: archive.read(name) for name in archive.namelist()}
        self.cached = _Cached(deck_key, entries, records, template_warnings, end, deck.fonts)
        return data, warnings

    def _splice(
        self, cached: _Cached, bundle: SamlingBundle, template: Path
    ) -> tuple[bytes, list[Diagnostic]] | None:
        """The deck with only the changed slides rendered again, or None when that cannot
        give the bytes of a full render."""
        if len(bundle.slides) != len(cached.slides):
            return None
        changed = [
            index
            for index, slide in enumerate(bundle.slides)
            if _slide_key(slide) != cached.slides[index].key
        ]
        if len(changed) > max(3, len(bundle.slides) // 4):
            return None  # lines added or removed move every later slide: render them all
        records = list(cached.slides)
        for index in changed:
            record = self._one(cached, bundle, template, index)
            if record is None:
                return None
            records[index] = record
        entries = dict(cached.entries)
        for index in changed:
            entries.update(records[index].parts)
        titles = [title for record in records for title in record.titles]
        entries["docProps/app.xml"] = self._app_xml(
            cached, cached.end.count, sum(r.notes for r in records), titles
        )
        cached.slides = records
        cached.entries = entries
        deck_wide = self._deck_wide(cached.fonts, bundle, template)
        warnings = [*cached.template_warnings, *(w for r in records for w in r.warnings)]
        return _zip(entries, self.deflated), list(dict.fromkeys([*warnings, *deck_wide]))

    def _one(
        self, cached: _Cached, bundle: SamlingBundle, template: Path, index: int
    ) -> _SlideRecord | None:
        """One source slide rendered alone in the state the deck had before it."""
        self.slides_rendered += 1
        old = cached.slides[index]
        deck = self._scratch(cached, bundle, template)
        before = old.before
        deck.count = before.count
        deck.adder._count = before.count
        deck.adder._notes = before.notes
        deck.adder._next_id = before.next_id
        deck.keys = dict(before.keys)
        deck.titles = [title for record in cached.slides[:index] for title in record.titles]
        deck.diagnostics = []
        slide = bundle.slides[index]
        errors = render_slide(deck, bundle, slide)
        if errors:
            _drop_slides(deck)
            raise ContentError(errors)
        after = _State.of(deck)
        parts, related, notes = _slide_parts(deck, 0, after.count - before.count)
        _drop_slides(deck)
        same_parts = set(parts) == set(old.parts) and all(
            parts[name] == old.parts[name] for name in parts if name.endswith(".rels")
        )
        same_related = all(cached.entries.get(name) == blob for name, blob in related.items())
        if not same_parts or not same_related or not _moved_keys(cached, index, after):
            return None
        return _SlideRecord(
            _slide_key(slide),
            before,
            after,
            parts,
            deck.titles[before.titles :],
            notes,
            deck.diagnostics,
        )

    def _scratch(self, cached: _Cached, bundle: SamlingBundle, template: Path) -> Deck:
        if cached.scratch is None:
            cached.scratch, _ = start_deck(bundle, template, cached.fonts)
        return cached.scratch

    def _app_xml(self, cached: _Cached, slides: int, notes: int, titles: list[str]) -> bytes:
        assert cached.scratch is not None or cached.entries
        deck = cached.scratch
        if deck is None:
            return cached.entries["docProps/app.xml"]
        set_app_properties(deck.prs, slides, notes, titles)
        for rel in deck.prs.part.package._rels.values():
            if rel.reltype.endswith("/extended-properties"):
                blob: bytes = rel.target_part.blob
                return blob
        return cached.entries["docProps/app.xml"]

    def slide_number(self, diagnostic: Diagnostic) -> int | None:
        """The deck slide a diagnostic is about: the last slide in its file that starts at or
        before its line."""
        if diagnostic.file is None or diagnostic.line is None:
            return None
        found: tuple[int, int] | None = None
        for file, line, number in self.starts:
            later = found is None or line >= found[0]
            if file == diagnostic.file and line <= diagnostic.line and later:
                found = (line, number)
        return found[1] if found else None


def _moved_keys(cached: _Cached, index: int, after: _State) -> bool:
    """Whether the deck after a re-rendered slide is as before for every later slide. Its key
    may change with its title: then no later slide may use the old or the new key's name (a
    name that comes twice is numbered in deck order), and the later slides' states learn it."""
    old = cached.slides[index].after
    if replace(after, keys={}) != replace(old, keys={}):
        return False
    moved = {k for k in {*after.keys, *old.keys} if after.keys.get(k) != old.keys.get(k)}
    if not moved:
        return True
    later = {k for k in cached.end.keys if cached.end.keys[k] != old.keys.get(k)}
    if moved & later:
        return False
    states = [cached.end, *(s for r in cached.slides[index + 1 :] for s in (r.before, r.after))]
    for state in states:
        for key in moved:
            state.keys.pop(key, None)
            if key in after.keys:
                state.keys[key] = after.keys[key]
    return True


def _drop_slides(deck: Deck) -> None:
    """Empty the scratch deck again: its slides are unlinked, their parts left unreachable."""
    prs: Any = deck.prs
    for sld_id in list(prs.slides._sldIdLst):
        prs.part.drop_rel(sld_id.rId)
        prs.slides._sldIdLst.remove(sld_id)


class _Deflate:
    """zipfile's compressor for one entry, answering from `memo` for bytes it compressed
    before: the stream is zlib's for the same level, so the zip's bytes are the same."""

    def __init__(self, memo: dict[bytes, bytes], used: set[bytes], level: int) -> None:
        self.memo = memo
        self.used = used
        self.level = level
        self.pieces: list[bytes] = []

    def compress(self, data: bytes) -> bytes:
        self.pieces.append(bytes(data))
        return b""

    def flush(self) -> bytes:
        data = b"".join(self.pieces)
        key = hashlib.sha256(data).digest()
        self.used.add(key)
        if key not in self.memo:
            zipper = zlib.compressobj(self.level, zlib.DEFLATED, -15)
            self.memo[key] = zipper.compress(data) + zipper.flush()
        return self.memo[key]


def _zip(entries: dict[str, bytes], memo: dict[bytes, bytes]) -> bytes:
    """The entries as a zip written like `normalise_zip` writes one (the same bytes), with each
    entry compressed only when its bytes are new."""
    stamp = zip_time()
    names = list(entries)
    if "[Content_Types].xml" in names:
        names.remove("[Content_Types].xml")
        names.insert(0, "[Content_Types].xml")
    out = io.BytesIO()
    used: set[bytes] = set()
    real = zipfile._get_compressor  # type: ignore[attr-defined]
    zipfile._get_compressor = lambda kind, level=None: (  # type: ignore[attr-defined]
        _Deflate(memo, used, level) if kind == zipfile.ZIP_DEFLATED else real(kind, level)
    )
    try:
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
            for name in names:
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                info.create_system = 3
                target.writestr(info, entries[name], compresslevel=6)
    finally:
        zipfile._get_compressor = real  # type: ignore[attr-defined]
    for key in [key for key in memo if key not in used]:  # keep only the deck's own entries
        del memo[key]
    return out.getvalue()
