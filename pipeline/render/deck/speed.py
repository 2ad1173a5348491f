"""Adding slides and notes in constant time, for python-pptx 1.0.2.

python-pptx's own `Slides.add_slide` slows down as a deck grows, quadratically overall:

- `PresentationPart.add_slide` relates the new slide through `_Relationships.get_or_add`,
  which first searches every relationship of the presentation for one to the same part (there
  never is one: the part is new), rebuilding a by-type index on each call;
- `CT_SlideIdList._next_id` collects every slide id with XPath to find the largest;
- `NotesSlidePart.new` names the notes part with `OpcPackage.next_partname`, which walks every
  part of the package.

`SlideAdder` does the same steps with what it already knows: it counts the slides it added and
remembers the next free slide id, and adds relationships directly. The parts, relationships and
XML it makes are the ones python-pptx makes, in the same order, so the result is byte-identical
to python-pptx's own. It uses python-pptx internals, so it checks the version it was written for
and falls back to the ordinary calls for any other version.
"""

from __future__ import annotations

import pptx
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.slide import CT_NotesSlide
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.presentation import Presentation
from pptx.slide import NotesSlide, Slide, SlideLayout

SUPPORTED = "1.0.2"
MAX_SLIDE_ID = 2147483647


class SlideAdder:
    """Adds slides (and their notes slides) to `prs` without rescanning the deck each time.

    Use one adder per presentation, and add slides only through it while it is in use.
    """

    def __init__(self, prs: Presentation) -> None:
        self.prs = prs
        self.fast = pptx.__version__ == SUPPORTED
        self._part = prs.part
        self._id_list = prs.slides._sldIdLst
        ids = [int(sld_id.get("id", "0")) for sld_id in self._id_list]
        self._next_id = max([255, *ids]) + 1
        self._count = len(self._id_list)
        self._notes = 0
        self._names = {str(part.partname) for part in self._part.package.iter_parts()}

    def add_slide(self, layout: SlideLayout) -> Slide:
        if not self.fast or self._next_id > MAX_SLIDE_ID:
            return self.prs.slides.add_slide(layout)
        self._count += 1
        partname = PackURI(f"/ppt/slides/slide{self._count}.xml")
        slide_part = SlidePart.new(partname, self._part.package, layout.part)
        # A new part has no relationship yet: add one without searching for it.
        r_id = self._part.rels._add_relationship(RT.SLIDE, slide_part)
        slide = slide_part.slide
        slide.shapes.clone_layout_placeholders(layout)
        self._id_list._add_sldId(id=self._next_id, rId=r_id)
        self._next_id += 1
        return slide

    def notes_slide(self, slide: Slide) -> NotesSlide:
        """The slide's notes slide, made like python-pptx makes it, but named by counting."""
        slide_part = slide.part
        if not self.fast or slide.has_notes_slide:
            return slide.notes_slide
        package = slide_part.package
        notes_master_part = package.presentation_part.notes_master_part
        self._notes += 1
        while f"/ppt/notesSlides/notesSlide{self._notes}.xml" in self._names:
            self._notes += 1
        notes_part = NotesSlidePart(
            PackURI(f"/ppt/notesSlides/notesSlide{self._notes}.xml"),
            CT.PML_NOTES_SLIDE,
            package,
            CT_NotesSlide.new(),
        )
        notes_part.relate_to(notes_master_part, RT.NOTES_MASTER)
        notes_part.relate_to(slide_part, RT.SLIDE)
        notes_part.notes_slide.clone_master_placeholders(notes_master_part.notes_master)
        slide_part.relate_to(notes_part, RT.NOTES_SLIDE)
        # Let python-pptx's cached property find it, as if it had made it itself.
        slide_part.__dict__.pop("notes_slide", None)
        return slide.notes_slide
