"""The colour rule: each template's theme owns the colours of what is made from it.

- The deck takes every colour from the .pptx theme, its word cloud too.
- The guide and the worksheets take their accent (table headers and shading, rules, links)
  from the .docx: its Heading 1 colour, else its theme's accent1 (not Word's stock one).
- program.yaml's branding colours fill in only where a template has no colour of its own:
  a .docx without a theme, and the poster, whose SVG templates get them as variables.

So a kommune that brings its own templates gets its own look in every one of them, whatever
program.yaml says; see README, "Colours".
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from pipeline.model.types import Branding
from pipeline.ooxml.drawingml import NS
from pipeline.ooxml.theme import scheme_colours

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def deck_branding(branding: Branding, colours: dict[str, str], background: str) -> Branding:
    """`branding` with the deck theme's colours (RRGGBB, as Deck.colours) in place of
    program.yaml's, for a picture the deck draws itself (the word cloud) on `background`."""
    return branding.model_copy(
        update={
            "primary": f"#{colours['accent1']}",
            "secondary": f"#{colours['accent2']}",
            "accent": f"#{colours['accent3']}",
            "text": f"#{colours['tx1']}",
            "background": f"#{background.lstrip('#')}",
        }
    )


def document_primary(doc: Any, branding: Branding) -> str:
    """RRGGBB for a Word output's accent (table headers and shading, rules, links): the
    template's Heading 1 colour, else its theme's accent1 unless that is Word's stock
    "Office" scheme (a theme nobody chose), else program.yaml's primary colour."""
    heading = _heading_colour(doc)
    if heading:
        return heading
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        theme = doc.part.part_related_by(RT.THEME)
        root = etree.fromstring(theme.blob, etree.XMLParser(resolve_entities=False))
    except (KeyError, etree.XMLSyntaxError):
        root = None
    scheme = root.find(".//a:clrScheme", NS) if root is not None else None
    accent = scheme_colours(root).get("accent1")
    if accent and scheme is not None and scheme.get("name") != "Office":
        return accent
    return branding.primary.lstrip("#")


def _heading_colour(doc: Any) -> str | None:
    """The colour the template's Heading 1 style sets on its text (w:color w:val), if any."""
    styles = doc.styles.element
    for style in styles.findall(f"{{{W_NS}}}style"):
        name = style.find(f"{{{W_NS}}}name")
        if style.get(f"{{{W_NS}}}styleId") != "Heading1" and (
            name is None or name.get(f"{{{W_NS}}}val", "").lower() != "heading 1"
        ):
            continue
        colour = style.find(f"{{{W_NS}}}rPr/{{{W_NS}}}color")
        value = colour.get(f"{{{W_NS}}}val", "") if colour is not None else ""
        if len(value) == 6 and value.lower() != "auto":
            return value
    return None
