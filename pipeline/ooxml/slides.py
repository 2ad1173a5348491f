"""PresentationML placeholders: reading which one a shape is, and writing one onto a slide.

A slide's placeholder (p:ph) inherits its position, list styles and insets from the layout's
placeholder of the same idx, and that one from the master's placeholder of the same base type.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lxml import etree
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn

from pipeline.ooxml.drawingml import NS, NSDECL, Insets, body_insets, read_xfrm, xfrm_xml

# A placeholder type to the master placeholder it inherits from; every other type is "body".
BASE_TYPE = {
    "title": "title",
    "ctrTitle": "title",
    "dt": "dt",
    "ftr": "ftr",
    "sldNum": "sldNum",
    "hdr": "hdr",
}
SLIDENUM_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"


# Compiled once: a deck asks every shape of every slide, layout and master which placeholder it
# is (tens of thousands of times), and a path with a namespace map is parsed again each time.
_PH = etree.XPath("./*/p:nvPr/p:ph", namespaces=NS)


def ph_of(element: etree._Element) -> etree._Element | None:
    """The shape's p:ph (placeholder properties), or None for a shape that is no placeholder."""
    found = _PH(element)
    return found[0] if found else None


def ph_type(element: etree._Element) -> str:
    """The placeholder's type ("obj" when it gives none), or "" for a shape that is none."""
    ph = ph_of(element)
    return "" if ph is None else ph.get("type", "obj")


def ph_idx(element: etree._Element) -> int:
    ph = ph_of(element)
    return 0 if ph is None else int(ph.get("idx", "0"))


def base_type(kind: str) -> str:
    return BASE_TYPE.get(kind, "body")


def next_shape_id(tree: etree._Element) -> int:
    ids = [int(el.get("id", "0")) for el in tree.iter(qn("p:cNvPr"))]
    return max(ids, default=1) + 1


def placeholder_shape(
    shape_id: int,
    name: str,
    ph_attrs: Sequence[tuple[str, str]],
    box: tuple[int, int, int, int] | None = None,
    paragraph: bool = True,
) -> etree._Element:
    """A p:sp placeholder with an empty text body; `box` (left, top, width, height) gives it a
    position of its own, else it takes its layout's."""
    attrs = " ".join(f'{key}="{value}"' for key, value in ph_attrs)
    sp_pr = "<p:spPr/>" if box is None else f"<p:spPr>{xfrm_xml(*box)}</p:spPr>"
    return parse_xml(
        f'<p:sp {NSDECL}><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/>'
        '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
        f"<p:nvPr><p:ph {attrs}/></p:nvPr></p:nvSpPr>{sp_pr}"
        f"<p:txBody><a:bodyPr/><a:lstStyle/>{'<a:p/>' if paragraph else ''}</p:txBody></p:sp>"
    )


def list_style(element: etree._Element | None) -> etree._Element | None:
    """A placeholder's own a:lstStyle, if it (or the element) exists."""
    return element.find("./p:txBody/a:lstStyle", NS) if element is not None else None


def body_properties(element: etree._Element | None) -> etree._Element | None:
    return element.find("./p:txBody/a:bodyPr", NS) if element is not None else None


def placeholder_shapes(sp_tree: etree._Element) -> list[etree._Element]:
    """The placeholder shapes directly in a slide's, layout's or master's shape tree."""
    return [sp for sp in sp_tree.iterchildren() if ph_of(sp) is not None]


def find_placeholder(sp_tree: etree._Element, base: str) -> etree._Element | None:
    """The first placeholder in the tree whose type inherits from `base` ("title", "body")."""
    for sp in placeholder_shapes(sp_tree):
        if base_type(ph_type(sp)) == base:
            return sp
    return None


def background_colour(owner: etree._Element, scheme: Mapping[str, str]) -> str | None:
    """RRGGBB of the first colour in a slide's, layout's or master's own background, with
    scheme colours looked up in `scheme`; None when it has none but the placeholder colour."""
    bg = owner.find("./p:cSld/p:bg", NS)
    if bg is None:
        return None
    for colour in bg.iter(qn("a:schemeClr"), qn("a:srgbClr"), qn("a:sysClr")):
        name = etree.QName(colour).localname
        if name == "srgbClr":
            return str(colour.get("val", "FFFFFF")).upper()
        if name == "sysClr":
            return str(colour.get("lastClr", "FFFFFF")).upper()
        value = colour.get("val", "bg1")
        if value != "phClr":
            return scheme.get(value, "FFFFFF")
    return None


def undescribed_figures(sp_tree: etree._Element) -> list[etree._Element]:
    """p:cNvPr of every shape and connector that is no placeholder and has neither text nor
    alt text: a screen reader meets these as figures without a description."""
    found = []
    for sp in sp_tree.iter(qn("p:sp"), qn("p:cxnSp")):
        c_nv_pr = sp.find("./*/p:cNvPr", NS)
        if c_nv_pr is None or c_nv_pr.get("descr") or ph_of(sp) is not None:
            continue
        if not "".join(t.text or "" for t in sp.iter(qn("a:t"))).strip():
            found.append(c_nv_pr)
    return found


class Inheritance:
    """Where a slide's placeholders inherit from: the layout's placeholder of the same idx (or
    else of the same base type), the master's placeholder of that base type, then the master's
    text styles and the presentation's default text style.

    Found elements are held, so lxml keeps handing out the same objects for them.
    """

    def __init__(self, master: etree._Element, presentation: etree._Element) -> None:
        self.master = master  # p:sldMaster
        self.presentation = presentation  # p:presentation
        self._master_phs: dict[str, etree._Element | None] = {}
        self._layout_phs: dict[etree._Element, list[etree._Element]] = {}

    def master_placeholder(self, base: str) -> etree._Element | None:
        if base not in self._master_phs:
            self._master_phs[base] = find_placeholder(self.master.cSld.spTree, base)
        return self._master_phs[base]

    def layout_placeholders(self, layout: etree._Element) -> list[etree._Element]:
        """The placeholders of a p:sldLayout."""
        if layout not in self._layout_phs:
            self._layout_phs[layout] = placeholder_shapes(layout.cSld.spTree)
        return self._layout_phs[layout]

    def layout_placeholder(
        self, layout: etree._Element, element: etree._Element
    ) -> etree._Element | None:
        idx, kind = ph_idx(element), ph_type(element)
        fallback = None
        for sp in self.layout_placeholders(layout):
            if ph_idx(sp) == idx and (ph_type(sp) == kind or kind not in BASE_TYPE):
                return sp
            if base_type(ph_type(sp)) == base_type(kind) and fallback is None:
                fallback = sp
        return fallback

    def text_style(self, kind: str) -> etree._Element | None:
        """The master's p:titleStyle, p:bodyStyle or p:otherStyle."""
        return self.master.find(f"./p:txStyles/p:{kind}", NS)

    def default_text_style(self) -> etree._Element | None:
        return self.presentation.find("./p:defaultTextStyle", NS)

    def sources(
        self, layout: etree._Element, element: etree._Element
    ) -> tuple[etree._Element | None, etree._Element | None]:
        """The layout's and the master's placeholder that `element` inherits from."""
        return (
            self.layout_placeholder(layout, element),
            self.master_placeholder(base_type(ph_type(element))),
        )

    def list_styles(
        self, layout: etree._Element, element: etree._Element
    ) -> list[etree._Element | None]:
        """The a:lstStyle elements a placeholder's text inherits, nearest first."""
        layout_ph, master_ph = self.sources(layout, element)
        base = base_type(ph_type(element))
        style = {"title": "titleStyle", "body": "bodyStyle"}.get(base, "otherStyle")
        return [
            list_style(element),
            list_style(layout_ph),
            list_style(master_ph),
            self.text_style(style),
            self.default_text_style(),
        ]

    def insets(self, layout: etree._Element, element: etree._Element) -> Insets:
        layout_ph, master_ph = self.sources(layout, element)
        return body_insets(
            body_properties(element), [body_properties(layout_ph), body_properties(master_ph)]
        )

    def xfrm(
        self, layout: etree._Element, element: etree._Element
    ) -> tuple[int, int, int, int] | None:
        """(left, top, width, height): the placeholder's own, or else the one it inherits."""
        for source in (element, *self.sources(layout, element)):
            if source is not None:
                found = read_xfrm(source)
                if found is not None:
                    return found
        return None
