"""DrawingML building blocks: a shape's position, fill and outline, its text body, its runs.

These functions build and read Office XML and know nothing of samling's content: the deck's
canvas decides where a shape goes, what colour it has and which text it holds, and calls them
to write it down (as python-pptx keeps its XML in `pptx.oxml`, under its API objects).

Elements made from strings are parsed with python-pptx's parser, so they get its element
classes and sit in a slide's tree like the ones python-pptx makes itself.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

from lxml import etree
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn

from pipeline.ooxml.units import EMU_PER_INCH

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"a": A_NS, "p": P_NS}
NSDECL = f'xmlns:a="{A_NS}" xmlns:r="{R_NS}" xmlns:p="{P_NS}"'
HYPERLINK = f"{R_NS}/hyperlink"

Insets = tuple[int, int, int, int]  # left, top, right, bottom, in EMU
# What a:bodyPr means when it leaves its insets out: 0.1 in at the sides, 0.05 in at the ends.
DEFAULT_INSETS: Insets = (
    EMU_PER_INCH // 10,
    EMU_PER_INCH // 20,
    EMU_PER_INCH // 10,
    EMU_PER_INCH // 20,
)
INSET_NAMES = ("lIns", "tIns", "rIns", "bIns")


# --------------------------------------------------------------------------- position


def _offset_and_extent(left: int, top: int, width: int, height: int) -> str:
    return f'<a:off x="{left}" y="{top}"/><a:ext cx="{width}" cy="{height}"/>'


def xfrm_xml(left: int, top: int, width: int, height: int) -> str:
    """a:xfrm as XML text, for a shape written out whole (its namespaces declared around it)."""
    return f"<a:xfrm>{_offset_and_extent(left, top, width, height)}</a:xfrm>"


def read_xfrm(shape: etree._Element) -> tuple[int, int, int, int] | None:
    """(left, top, width, height) of a shape's own p:spPr/a:xfrm, or None when it has none."""
    off = shape.find("./p:spPr/a:xfrm/a:off", NS)
    ext = shape.find("./p:spPr/a:xfrm/a:ext", NS)
    if off is None or ext is None:
        return None
    return (
        int(off.get("x", 0)),
        int(off.get("y", 0)),
        int(ext.get("cx", 0)),
        int(ext.get("cy", 0)),
    )


def set_xfrm(shape: etree._Element, left: int, top: int, width: int, height: int) -> None:
    """Give a shape its own position and size, in place of the one it had or inherited."""
    sp_pr = shape.find("./p:spPr", NS)
    if sp_pr is None:
        sp_pr = etree.SubElement(shape, qn("p:spPr"))
    old = sp_pr.find("./a:xfrm", NS)
    if old is not None:
        sp_pr.remove(old)
    xfrm = f"<a:xfrm {NSDECL}>{_offset_and_extent(left, top, width, height)}</a:xfrm>"
    sp_pr.insert(0, parse_xml(xfrm))


# --------------------------------------------------------------------------- fill and outline


def solid_fill(colour: str) -> etree._Element:
    """a:solidFill of a scheme colour ("accent1") or an RGB one ("#1F4E79")."""
    fill = etree.Element(qn("a:solidFill"))
    if colour.startswith("#"):
        etree.SubElement(fill, qn("a:srgbClr"), val=colour[1:].upper())
    else:
        etree.SubElement(fill, qn("a:schemeClr"), val=colour)
    return fill


def scheme_fill_xml(name: str) -> str:
    return f'<a:solidFill><a:schemeClr val="{name}"/></a:solidFill>'


def drop_style(shape: etree._Element) -> None:
    """Remove p:style, the theme's look that python-pptx gives new shapes."""
    style = shape.find("./p:style", NS)
    if style is not None:
        shape.remove(style)


def add_fill(sp_pr: etree._Element, colour: str | None) -> None:
    if colour:
        sp_pr.append(solid_fill(colour))
    else:
        etree.SubElement(sp_pr, qn("a:noFill"))


def add_outline(
    sp_pr: etree._Element,
    colour: str | None,
    width_emu: int = 0,
    dash: bool = False,
    arrow: bool = False,
) -> etree._Element:
    """a:ln: a solid (or dashed) line of `colour`, or none at all; `arrow` ends it in one."""
    ln = etree.SubElement(sp_pr, qn("a:ln"))
    if not colour:
        etree.SubElement(ln, qn("a:noFill"))
        return ln
    ln.set("w", str(width_emu))
    ln.append(solid_fill(colour))
    if dash:
        etree.SubElement(ln, qn("a:prstDash"), val="dash")
    if arrow:
        etree.SubElement(ln, qn("a:tailEnd"), type="triangle", w="med", len="med")
    return ln


def set_description(shape: etree._Element, text: str) -> None:
    """The shape's alt text (cNvPr descr), what a screen reader and a tagged PDF give."""
    non_visual_properties(shape).set("descr", text)


def non_visual_properties(shape: etree._Element) -> etree._Element:
    """p:cNvPr of a shape, group, picture or connector."""
    found = shape.find("./*/p:cNvPr", NS)
    assert found is not None, "a shape without p:cNvPr"
    return found


# --------------------------------------------------------------------------- text body


def ensure_text_body(shape: etree._Element, paragraph: bool = False) -> etree._Element:
    """The shape's p:txBody, added empty (with one empty a:p when `paragraph`) if missing."""
    txbody = shape.find("./p:txBody", NS)
    if txbody is None:
        inner = "<a:bodyPr/><a:lstStyle/>" + ("<a:p/>" if paragraph else "")
        txbody = parse_xml(f"<p:txBody {NSDECL}>{inner}</p:txBody>")
        shape.append(txbody)
    return txbody


def set_body_properties(txbody: etree._Element, insets: Insets, anchor: str) -> None:
    """Wrapped text with these insets and this anchor, and no autofit: the pipeline sizes it."""
    body_pr = txbody.find("./a:bodyPr", NS)
    left, top, right, bottom = insets
    for name, value in (
        ("wrap", "square"),
        ("lIns", left),
        ("tIns", top),
        ("rIns", right),
        ("bIns", bottom),
        ("rtlCol", "0"),
        ("anchor", anchor),
    ):
        body_pr.set(name, str(value))
    for child in list(body_pr):
        body_pr.remove(child)
    etree.SubElement(body_pr, qn("a:noAutofit"))


def set_list_style(txbody: etree._Element, lst_style: etree._Element) -> None:
    old = txbody.find("./a:lstStyle", NS)
    if old is not None:
        txbody.replace(old, lst_style)
    else:
        txbody.find("./a:bodyPr", NS).addnext(lst_style)


def body_insets(
    body_pr: etree._Element | None, fallback: Sequence[etree._Element | None] = ()
) -> Insets:
    """(left, top, right, bottom) insets in EMU: the nearest a:bodyPr that sets each one."""
    values = dict(zip(INSET_NAMES, DEFAULT_INSETS, strict=True))
    for name in INSET_NAMES:
        for source in (body_pr, *fallback):
            if source is not None and source.get(name) is not None:
                values[name] = int(source.get(name))
                break
    return values["lIns"], values["tIns"], values["rIns"], values["bIns"]


def remove_paragraphs(txbody: etree._Element) -> None:
    for old in txbody.findall(qn("a:p")):
        txbody.remove(old)


# --------------------------------------------------------------------------- list styles


def merge_list_styles(sources: Sequence[etree._Element]) -> etree._Element:
    """One a:lstStyle holding what a chain of list styles (nearest first) gives each level."""
    merged = etree.Element(qn("a:lstStyle"))
    for level in range(9):
        tag = f"a:lvl{level + 1}pPr"
        found = [s.find(tag, NS) for s in sources]
        found = [f for f in found if f is not None]
        if not found:
            continue
        result = copy.deepcopy(found[-1])
        for nearer in reversed(found[:-1]):
            for name, value in nearer.attrib.items():
                result.set(name, value)
            for child in nearer:
                existing = result.find(child.tag)
                if existing is not None:
                    result.replace(existing, copy.deepcopy(child))
                else:
                    result.append(copy.deepcopy(child))
        order_paragraph_properties(result)
        merged.append(result)
    return merged


# The order the schema (CT_TextParagraphProperties) gives a:pPr's and a:lvlNpPr's children.
PPR_ORDER = [
    "lnSpc",
    "spcBef",
    "spcAft",
    "buClrTx",
    "buClr",
    "buSzTx",
    "buSzPct",
    "buSzPts",
    "buFontTx",
    "buFont",
    "buNone",
    "buAutoNum",
    "buChar",
    "buBlip",
    "tabLst",
    "defRPr",
    "extLst",
]
BULLET_KINDS = {"buNone", "buAutoNum", "buChar", "buBlip"}


def order_paragraph_properties(ppr: etree._Element) -> None:
    children = list(ppr)
    kinds = [etree.QName(c).localname for c in children]
    # Only one bullet kind may remain: the nearest one was appended or replaced last.
    seen_bullet = [c for c, k in zip(children, kinds, strict=True) if k in BULLET_KINDS]
    for extra in seen_bullet[:-1]:
        ppr.remove(extra)
    children = list(ppr)
    children.sort(
        key=lambda c: (
            PPR_ORDER.index(etree.QName(c).localname)
            if etree.QName(c).localname in PPR_ORDER
            else len(PPR_ORDER)
        )
    )
    for child in children:
        ppr.remove(child)
        ppr.append(child)


def first_level_format(
    sources: Sequence[etree._Element],
) -> tuple[str | None, list[tuple[str, str]], str]:
    """What a chain of list styles gives level 1: (alignment, run attributes sz/b/i, the run's
    fill and Latin font as XML), for writing them out on a paragraph and run."""
    algn = None
    def_rpr = None
    for source in sources:
        lvl = source.find("a:lvl1pPr", NS)
        if lvl is None:
            continue
        if algn is None and lvl.get("algn"):
            algn = lvl.get("algn")
        if def_rpr is None:
            def_rpr = lvl.find("a:defRPr", NS)
    if def_rpr is None:
        return algn, [], ""
    attrs = [(name, str(def_rpr.get(name))) for name in ("sz", "b", "i") if def_rpr.get(name)]
    children = "".join(
        etree.tostring(child, encoding="unicode")
        for child in def_rpr
        if etree.QName(child).localname in ("solidFill", "latin")
    )
    return algn, attrs, children


# --------------------------------------------------------------------------- runs


def run_properties(
    tag: str,
    lang: str,
    size: float | None,
    bold: bool | None,
    italic: bool | None,
    colour: str | None,
    typeface: str | None,
) -> etree._Element:
    """a:rPr (or a:endParaRPr, by `tag`) setting what is given and inheriting the rest."""
    rpr = etree.Element(qn(tag), lang=lang)
    if size is not None:
        rpr.set("sz", str(int(round(size * 100))))
    if bold is not None:
        rpr.set("b", "1" if bold else "0")
    if italic is not None:
        rpr.set("i", "1" if italic else "0")
    rpr.set("dirty", "0")
    if colour:
        rpr.append(solid_fill(colour))
    if typeface:
        etree.SubElement(rpr, qn("a:latin"), typeface=typeface)
    return rpr


def one_run_paragraph(
    text: str,
    lang: str,
    align: str | None = None,
    run_attrs: Sequence[tuple[str, str]] = (),
    run_children: str = "",
    field: tuple[str, str] | None = None,
) -> etree._Element:
    """An a:p with one run, or one field (`field` = (id, type), such as a slide number)."""
    ppr = f'<a:pPr algn="{align}"/>' if align else ""
    attrs = "".join(f' {name}="{value}"' for name, value in run_attrs)
    rest = f"{attrs}>{run_children}</a:rPr>" if run_children else f"{attrs}/>"
    rpr = f'<a:rPr lang="{lang}" dirty="0"{rest}'
    body = f"{rpr}<a:t>{xml_text(text)}</a:t>"
    if field is None:
        run = f"<a:r>{body}</a:r>"
    else:
        run = f'<a:fld id="{field[0]}" type="{field[1]}">{body}</a:fld>'
    return parse_xml(f"<a:p {NSDECL}>{ppr}{run}</a:p>")


def xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def set_language(tree: etree._Element, lang: str) -> None:
    """Every run, field and paragraph end in `tree` carries the language `lang`."""
    for run in tree.iter(qn("a:r"), qn("a:fld")):
        if run.find(qn("a:rPr")) is None:
            run.insert(0, etree.Element(qn("a:rPr")))
    for rpr in tree.iter(qn("a:rPr"), qn("a:endParaRPr")):
        rpr.set("lang", lang)
