"""The stable key of each built slide: which source slide (and which generated part) it shows.

`samling pull` matches the slides of an edited deck to the content by this key, not by their
position, so moved slides are found and deleted or added ones are reported. The key is kept in
two places, each chosen for what survives a re-save:

- a hidden, empty, zero-size shape named with the key (PowerPoint and LibreOffice 7 both keep
  a non-placeholder shape's name and its `hidden` flag; LibreOffice drops the rest below);
- the slide's own name, `p:cSld/@name` (PowerPoint keeps it, it is `Slide.Name` in its object
  model; LibreOffice drops it, as it drops `p:custDataLst` tags and `p:extLst`).

A key reads `samling:samling-02/om-relasjoner`: the samling folder, then the slide's `{#id}`
when it has one, else a slug of its title, else of its kind and settings (`pause-pause-1`).
A slug that comes twice gets `-2`, `-3` in deck order, so keys are unique and deterministic.

The facilitator guide prints each slide's notes; each notes paragraph there carries a Word
bookmark named from the slide's key and the paragraph's place (`notes_bookmark`). Word and
LibreOffice keep a bookmark inside one paragraph when they save (LibreOffice 7 mangles one
that spans paragraphs, escapes `:` and `/`, and cuts names at 40 characters, so the name is
short and plain: `samling_` and a hash of the key, then the paragraph's index).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from lxml import etree

from pipeline.model.inline import plain_text
from pipeline.model.types import SamlingBundle, Slide
from pipeline.ooxml.drawingml import NS, P_NS

KEY_PREFIX = "samling:"
_NOT_SLUG = re.compile(r"[^a-z0-9æøå]+")
_SETTINGS = ("block", "ref", "list", "samling", "source")


def slugify(text: str) -> str:
    """Lower case words joined by '-', Norwegian letters kept, at most 60 characters."""
    text = unicodedata.normalize("NFC", plain_text(text)).lower()
    return _NOT_SLUG.sub("-", text).strip("-")[:60].strip("-")


def base_key(slide: Slide) -> str:
    """The key of `slide` before duplicates are numbered."""
    folder = slide.source.file.parent.name
    name = slide.attrs.get("id") or slugify(slide.title)
    if not name:
        parts = [slide.kind, *(slide.attrs[k] for k in _SETTINGS if slide.attrs.get(k))]
        name = slugify(" ".join(parts)) or slide.kind
    if slide.kind == "frame":
        name = f"frame/{name}"  # one per frame slide of program.yaml
    return f"{KEY_PREFIX}{folder}/{name}"


def unique_key(slide: Slide, seen: dict[str, int]) -> str:
    """`base_key`, numbered when the deck has it already; `seen` counts the keys given."""
    key = base_key(slide)
    seen[key] = seen.get(key, 0) + 1
    return key if seen[key] == 1 else f"{key}-{seen[key]}"


def write_key(slide_element: etree._Element, tree: etree._Element, key: str) -> None:
    """Name the slide `key` and add the hidden marker shape that carries it."""
    c_sld = slide_element.find("./p:cSld", NS)
    if c_sld is not None:
        c_sld.set("name", key)
    ids = [int(v) for v in (e.get("id", "") for e in tree.iter(f"{{{P_NS}}}cNvPr")) if v.isdigit()]
    shape_id = max(ids, default=1) + 1
    marker = etree.SubElement(tree, f"{{{P_NS}}}sp")
    nv = etree.SubElement(marker, f"{{{P_NS}}}nvSpPr")
    # Hidden shapes are neither shown nor read aloud; the description only names the key.
    etree.SubElement(nv, f"{{{P_NS}}}cNvPr", id=str(shape_id), name=key, descr=key, hidden="1")
    etree.SubElement(nv, f"{{{P_NS}}}cNvSpPr")
    etree.SubElement(nv, f"{{{P_NS}}}nvPr")
    marker.append(
        etree.fromstring(
            f'<p:spPr xmlns:p="{P_NS}" xmlns:a="{NS["a"]}"><a:xfrm><a:off x="0" y="0"/>'
            '<a:ext cx="0" cy="0"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            "<a:noFill/></p:spPr>"
        )
    )


def is_key(name: str | None) -> bool:
    return bool(name) and str(name).startswith(KEY_PREFIX)


def slide_keys(bundle: SamlingBundle) -> list[tuple[str, Slide, int | None]]:
    """(key, source slide, index of the frame slide or None) for each slide the deck shows,
    in deck order: a `frame` slide stands for one slide per frame slide of program.yaml."""
    seen: dict[str, int] = {}
    keys: list[tuple[str, Slide, int | None]] = []
    for slide in bundle.slides:
        if slide.kind == "frame":
            for index, frame in enumerate(bundle.program.frame_slides):
                sub = slide.model_copy(update={"title": frame.title})
                keys.append((unique_key(sub, seen), slide, index))
        else:
            keys.append((unique_key(slide, seen), slide, None))
    return keys


BOOKMARK_PREFIX = "samling_"


def notes_stem(key: str) -> str:
    """The common start of the guide's bookmarks for the notes of the slide with `key`."""
    return BOOKMARK_PREFIX + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def notes_bookmark(key: str, index: int) -> str:
    """The bookmark of the guide's `index`th notes paragraph (from 0) of the slide `key`."""
    return f"{notes_stem(key)}_{index}"
