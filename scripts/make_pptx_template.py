"""Make templates/pptx/default.pptx: the designed default slide template.

Run `python scripts/make_pptx_template.py` (or `make templates`) to remake it. The result is
byte-identical from run to run.

The design, for a Norwegian kommune's leadership programme projected in an ordinary meeting
room:

- 16:9, white content slides, a dark municipal blue for titles, a green accent rule under the
  title, and a quiet grey footer with the programme and the slide number.
- A dark blue title slide, and a light blue-grey section divider with a blue band.
- Calibri (Carlito on Linux is metric-compatible), titles 36 pt bold, body 24 pt: readable from
  the back of a room.
- Every theme colour that carries text passes WCAG AA (4.5:1) on the background it is used on.

The layouts are the standard Office ones (Title Slide, Title and Content, Section Header, Two
Content, Title Only, Blank), so a designer can restyle them in PowerPoint and keep the
placeholder types the pipeline maps slide kinds to.
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.ooxml.package import normalise_zip  # noqa: E402
from pipeline.render.deck.package import (  # noqa: E402
    drop_thumbnail,
    set_app_properties,
)

OUT = ROOT / "templates" / "pptx" / "default.pptx"
MOMENT = datetime(2023, 1, 1, 8, 0, tzinfo=UTC)

EMU = 914400  # per inch
W, H = 12192000, 6858000  # 13.333 x 7.5 in, 16:9

NSDECL = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
)

# The palette: calm municipal blue and green, a warm brick accent, all AA with white text.
COLOURS = {
    "dk1": "1E2A33",  # text: blue-black
    "lt1": "FFFFFF",
    "dk2": "1F4E79",  # municipal blue: titles, title slide
    "lt2": "E9EFF4",  # light blue-grey: section dividers, table bands
    "accent1": "1F4E79",
    "accent2": "2E7D6B",  # green
    "accent3": "B4492F",  # brick
    "accent4": "D9A441",  # ochre: only under dark text
    "accent5": "4A6E8C",  # steel blue
    "accent6": "5E646B",  # warm grey: footer text
    "hlink": "1F5F99",
    "folHlink": "6B4E8C",
}
FONT = "Calibri"

# Geometry, in inches.
MARGIN_X = 0.7
CONTENT_W = 13.333 - 2 * MARGIN_X
TITLE_Y, TITLE_H = 0.42, 1.1
RULE_Y = 1.6
BODY_Y, BODY_H = 1.85, 4.85
FOOTER_Y, FOOTER_H = 6.98, 0.34
TEXT_INSET = 0.1  # a text box's default left inset


def emu(inches: float) -> int:
    return round(inches * EMU)


def xfrm(x: float, y: float, w: float, h: float) -> str:
    return (
        f'<a:xfrm><a:off x="{emu(x)}" y="{emu(y)}"/><a:ext cx="{emu(w)}" cy="{emu(h)}"/></a:xfrm>'
    )


def ph(
    shape_id: int,
    name: str,
    ph_attrs: str,
    geometry: str = "",
    body_pr: str = "<a:bodyPr/>",
    lst_style: str = "",
    prompt: str = "",
    field: str = "",
) -> str:
    """A placeholder `p:sp`; `geometry` empty means: inherit the master's position."""
    if field:
        para = (
            f'<a:p><a:fld id="{{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}}" type="{field}">'
            '<a:rPr lang="nb-NO"/><a:t>‹#›</a:t></a:fld><a:endParaRPr lang="nb-NO"/></a:p>'
        )
    elif prompt:
        para = (
            f'<a:p><a:r><a:rPr lang="nb-NO"/><a:t>{prompt}</a:t></a:r>'
            '<a:endParaRPr lang="nb-NO"/></a:p>'
        )
    else:
        para = '<a:p><a:endParaRPr lang="nb-NO"/></a:p>'
    sp_pr = f"<p:spPr>{geometry}</p:spPr>" if geometry else "<p:spPr/>"
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/>'
        '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
        f"<p:nvPr><p:ph {ph_attrs}/></p:nvPr></p:nvSpPr>{sp_pr}"
        f"<p:txBody>{body_pr}<a:lstStyle>{lst_style}</a:lstStyle>{para}</p:txBody></p:sp>"
    )


def rect(
    shape_id: int,
    name: str,
    x: float,
    y: float,
    w: float,
    h: float,
    fill: str,
    prst: str = "rect",
) -> str:
    """A decorative, locked shape: screen readers skip it (decorative flag in descr)."""
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}">'
        '<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
        '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative"'
        ' val="1"/></a:ext></a:extLst></p:cNvPr>'
        '<p:cNvSpPr><a:spLocks noSelect="1" noGrp="1"/></p:cNvSpPr><p:nvPr userDrawn="1"/>'
        f"</p:nvSpPr><p:spPr>{xfrm(x, y, w, h)}"
        f'<a:prstGeom prst="{prst}"><a:avLst/></a:prstGeom>{fill}<a:ln><a:noFill/></a:ln>'
        "</p:spPr>"
        '<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/>'
        '<a:p><a:endParaRPr lang="nb-NO"/></a:p></p:txBody></p:sp>'
    )


def solid(scheme: str = "", srgb: str = "") -> str:
    if srgb:
        return f'<a:solidFill><a:srgbClr val="{srgb}"/></a:solidFill>'
    return f'<a:solidFill><a:schemeClr val="{scheme}"/></a:solidFill>'


def defrpr(size: int, colour: str, bold: bool = False, font: str = "+mn-lt") -> str:
    b = ' b="1"' if bold else ' b="0"'
    return (
        f'<a:defRPr sz="{size * 100}"{b} kern="1200">{solid(colour)}'
        f'<a:latin typeface="{font}"/><a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/>'
        "</a:defRPr>"
    )


def no_bullet_level(level: int, size: int, colour: str, bold: bool = False) -> str:
    return (
        f'<a:lvl{level}pPr marL="0" indent="0" algn="l"><a:lnSpc><a:spcPct val="100000"/>'
        '</a:lnSpc><a:spcBef><a:spcPts val="400"/></a:spcBef><a:buNone/>'
        f"{defrpr(size, colour, bold)}</a:lvl{level}pPr>"
    )


GROUP_HEAD = (
    '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
    '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/>'
    '<a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>'
)

LINE = '<a:solidFill><a:srgbClr val="C9D3DC"/></a:solidFill>'
TITLE_PROMPT = "Klikk for å redigere tittelstil"
TEXT_PROMPT = "Klikk for å redigere tekststiler i malen"


def footer_placeholders(first_id: int) -> str:
    return ph(first_id, "Bunntekst", 'type="ftr" sz="quarter" idx="11"') + ph(
        first_id + 1, "Lysbildenummer", 'type="sldNum" sz="quarter" idx="12"', field="slidenum"
    )


# --------------------------------------------------------------------------- theme


def theme_xml(original: bytes) -> bytes:
    """The theme: our colour scheme and fonts, and a flat format scheme (no gradients or
    shadows on shapes a designer inserts)."""
    from lxml import etree

    root = etree.fromstring(original, etree.XMLParser(resolve_entities=False))
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    root.set("name", "Samling")
    elements = root.find(f"{{{a}}}themeElements")
    clr = elements.find(f"{{{a}}}clrScheme")
    new_clr = "".join(
        f'<a:{key}><a:srgbClr val="{value}"/></a:{key}>' for key, value in COLOURS.items()
    )
    clr_el = etree.fromstring(f'<a:clrScheme xmlns:a="{a}" name="Samling">{new_clr}</a:clrScheme>')
    elements.replace(clr, clr_el)
    fonts = elements.find(f"{{{a}}}fontScheme")
    fonts.set("name", "Samling")
    for latin in fonts.iter(f"{{{a}}}latin"):
        latin.set("typeface", FONT)
    fmt = elements.find(f"{{{a}}}fmtScheme")
    line = (
        '<a:ln w="{w}" cap="flat" cmpd="sng" algn="ctr"><a:solidFill><a:schemeClr val="phClr"/>'
        '</a:solidFill><a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>'
    )
    flat = (
        f'<a:fmtScheme xmlns:a="{a}" name="Samling"><a:fillStyleLst>'
        '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
        '<a:solidFill><a:schemeClr val="phClr"><a:tint val="60000"/></a:schemeClr></a:solidFill>'
        '<a:solidFill><a:schemeClr val="phClr"><a:shade val="90000"/></a:schemeClr></a:solidFill>'
        "</a:fillStyleLst><a:lnStyleLst>"
        + line.format(w=12700)
        + line.format(w=19050)
        + line.format(w=28575)
        + "</a:lnStyleLst><a:effectStyleLst>"
        + "<a:effectStyle><a:effectLst/></a:effectStyle>" * 3
        + "</a:effectStyleLst><a:bgFillStyleLst>"
        '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
        '<a:solidFill><a:schemeClr val="phClr"><a:tint val="95000"/></a:schemeClr></a:solidFill>'
        '<a:solidFill><a:schemeClr val="phClr"><a:shade val="90000"/></a:schemeClr></a:solidFill>'
        "</a:bgFillStyleLst></a:fmtScheme>"
    )
    elements.replace(fmt, etree.fromstring(flat))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --------------------------------------------------------------------------- master


def master_tree() -> str:
    title = ph(
        2,
        "Tittel",
        'type="title"',
        geometry=xfrm(MARGIN_X, TITLE_Y, CONTENT_W, TITLE_H)
        + '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>',
        body_pr='<a:bodyPr vert="horz" lIns="91440" tIns="45720" rIns="91440" bIns="45720" '
        'rtlCol="0" anchor="b"><a:normAutofit/></a:bodyPr>',
        prompt=TITLE_PROMPT,
    )
    body = ph(
        3,
        "Tekst",
        'type="body" idx="1"',
        geometry=xfrm(MARGIN_X, BODY_Y, CONTENT_W, BODY_H)
        + '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>',
        body_pr='<a:bodyPr vert="horz" lIns="91440" tIns="45720" rIns="91440" bIns="45720" '
        'rtlCol="0" anchor="t"><a:normAutofit/></a:bodyPr>',
        prompt=TEXT_PROMPT,
    )
    footer = ph(
        4,
        "Bunntekst",
        'type="ftr" sz="quarter" idx="3"',
        geometry=xfrm(MARGIN_X + TEXT_INSET, FOOTER_Y, 9.6, FOOTER_H)
        + '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>',
        body_pr='<a:bodyPr vert="horz" lIns="0" tIns="0" rIns="0" bIns="0" rtlCol="0" '
        'anchor="ctr"><a:noAutofit/></a:bodyPr>',
        lst_style=f'<a:lvl1pPr algn="l">{defrpr(12, "accent6")}</a:lvl1pPr>',
    )
    number = ph(
        5,
        "Lysbildenummer",
        'type="sldNum" sz="quarter" idx="4"',
        geometry=xfrm(13.333 - MARGIN_X - TEXT_INSET - 1.4, FOOTER_Y, 1.4, FOOTER_H)
        + '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>',
        body_pr='<a:bodyPr vert="horz" lIns="0" tIns="0" rIns="0" bIns="0" rtlCol="0" '
        'anchor="ctr"><a:noAutofit/></a:bodyPr>',
        lst_style=f'<a:lvl1pPr algn="r">{defrpr(12, "tx2", bold=True)}</a:lvl1pPr>',
        field="slidenum",
    )
    # The rule starts where the title's text starts: the box plus its 0.1 in inset.
    rule = rect(6, "Aksentstrek", MARGIN_X + TEXT_INSET, RULE_Y, 1.2, 0.06, solid("accent2"))
    footer_line = rect(7, "Bunnlinje", MARGIN_X, FOOTER_Y - 0.09, CONTENT_W, 0.012, LINE)
    return GROUP_HEAD + title + body + footer + number + rule + footer_line


def body_style() -> str:
    levels = []
    bullets = ["•", "–", "▪", "–", "–", "–", "–", "–", "–"]
    sizes = [24, 20, 18, 18, 18, 18, 18, 18, 18]
    for i in range(9):
        mar = 0.32 + 0.4 * i
        indent = 0.32 if i == 0 else 0.3
        space = 1200 if i == 0 else 500
        levels.append(
            f'<a:lvl{i + 1}pPr marL="{emu(mar)}" indent="{-emu(indent)}" algn="l" '
            'defTabSz="914400" rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1">'
            '<a:lnSpc><a:spcPct val="100000"/></a:lnSpc>'
            f'<a:spcBef><a:spcPts val="{space}"/></a:spcBef>'
            f'<a:buClr><a:schemeClr val="accent2"/></a:buClr><a:buFont typeface="Arial"/>'
            f'<a:buChar char="{bullets[i]}"/>{defrpr(sizes[i], "tx1")}</a:lvl{i + 1}pPr>'
        )
    return "<p:bodyStyle>" + "".join(levels) + "</p:bodyStyle>"


def tx_styles() -> str:
    title = (
        '<p:titleStyle><a:lvl1pPr algn="l" defTabSz="914400" rtl="0" eaLnBrk="1" '
        'latinLnBrk="0" hangingPunct="1"><a:lnSpc><a:spcPct val="90000"/></a:lnSpc>'
        '<a:spcBef><a:spcPct val="0"/></a:spcBef><a:buNone/>'
        f"{defrpr(36, 'tx2', bold=True, font='+mj-lt')}</a:lvl1pPr></p:titleStyle>"
    )
    other = (
        '<p:otherStyle><a:defPPr><a:defRPr lang="nb-NO"/></a:defPPr>'
        + "".join(
            f'<a:lvl{i}pPr marL="{(i - 1) * 457200}" algn="l" defTabSz="914400" rtl="0" '
            f'eaLnBrk="1" latinLnBrk="0" hangingPunct="1">{defrpr(18, "tx1")}</a:lvl{i}pPr>'
            for i in range(1, 10)
        )
        + "</p:otherStyle>"
    )
    return f"<p:txStyles {NSDECL}>{title}{body_style()}{other}</p:txStyles>"


def rebuild_master(master_el: object) -> None:
    from lxml import etree

    p = "http://schemas.openxmlformats.org/presentationml/2006/main"
    root = master_el  # CT_SlideMaster
    c_sld = root.find(f"{{{p}}}cSld")  # type: ignore[attr-defined]
    new_c_sld = parse_xml(
        f'<p:cSld {NSDECL}><p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef>'
        f"</p:bg><p:spTree>{master_tree()}</p:spTree></p:cSld>"
    )
    root.replace(c_sld, new_c_sld)  # type: ignore[attr-defined]
    styles = root.find(f"{{{p}}}txStyles")  # type: ignore[attr-defined]
    root.replace(styles, parse_xml(tx_styles()))  # type: ignore[attr-defined]
    etree.cleanup_namespaces(root)


# --------------------------------------------------------------------------- layouts


def layout_xml(name: str, kind: str, tree: str, bg: str = "", show_master: bool = True) -> str:
    show = "" if show_master else ' showMasterSp="0"'
    background = f"<p:bg><p:bgPr>{bg}<a:effectLst/></p:bgPr></p:bg>" if bg else ""
    return (
        f'<p:sldLayout {NSDECL} type="{kind}" preserve="1"{show}>'
        f'<p:cSld name="{name}">{background}<p:spTree>{GROUP_HEAD}{tree}</p:spTree></p:cSld>'
        "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>"
    )


def title_layout() -> str:
    tree = (
        rect(2, "Sirkel", 9.7, 3.2, 5.2, 5.2, solid(srgb="2A5E8C"), prst="ellipse")
        + rect(3, "Sirkel liten", 11.4, 0.55, 1.2, 1.2, solid("accent2"), prst="ellipse")
        + rect(4, "Aksentstrek", 1.0 + TEXT_INSET, 4.18, 1.6, 0.08, solid("accent2"))
        + ph(
            5,
            "Tittel",
            'type="ctrTitle"',
            geometry=xfrm(1.0, 1.45, 9.4, 2.6),
            body_pr='<a:bodyPr anchor="b"><a:normAutofit/></a:bodyPr>',
            lst_style='<a:lvl1pPr algn="l"><a:lnSpc><a:spcPct val="90000"/></a:lnSpc>'
            f"{defrpr(54, 'bg1', bold=True, font='+mj-lt')}</a:lvl1pPr>",
            prompt=TITLE_PROMPT,
        )
        + ph(
            6,
            "Undertittel",
            'type="subTitle" idx="1"',
            geometry=xfrm(1.0, 4.45, 8.6, 1.9),
            body_pr='<a:bodyPr anchor="t"><a:normAutofit/></a:bodyPr>',
            lst_style=no_bullet_level(1, 26, "bg1") + no_bullet_level(2, 20, "bg1"),
            prompt="Klikk for å redigere undertittelstil",
        )
    )
    return layout_xml("Title Slide", "title", tree, bg=solid("tx2"), show_master=False)


def section_layout() -> str:
    tree = (
        rect(2, "Sidebånd", 0.0, 0.0, 0.42, 7.5, solid("tx2"))
        + rect(3, "Aksentstrek", 1.0 + TEXT_INSET, 4.2, 1.6, 0.08, solid("accent2"))
        + ph(
            4,
            "Tittel",
            'type="title"',
            geometry=xfrm(1.0, 1.3, 11.4, 2.75),
            body_pr='<a:bodyPr anchor="b"><a:normAutofit/></a:bodyPr>',
            lst_style='<a:lvl1pPr algn="l"><a:lnSpc><a:spcPct val="90000"/></a:lnSpc>'
            f"{defrpr(48, 'tx2', bold=True, font='+mj-lt')}</a:lvl1pPr>",
            prompt=TITLE_PROMPT,
        )
        + ph(
            5,
            "Tekst",
            'type="body" idx="1"',
            geometry=xfrm(1.0, 4.45, 11.4, 2.0),
            body_pr='<a:bodyPr anchor="t"><a:normAutofit/></a:bodyPr>',
            lst_style=no_bullet_level(1, 26, "tx1") + no_bullet_level(2, 20, "tx1"),
            prompt=TEXT_PROMPT,
        )
        + footer_placeholders(6)
    )
    return layout_xml("Section Header", "secHead", tree, bg=solid("bg2"), show_master=False)


def content_layout() -> str:
    tree = (
        ph(2, "Tittel", 'type="title"', prompt=TITLE_PROMPT)
        + ph(3, "Innhald", 'idx="1"', prompt=TEXT_PROMPT)
        + footer_placeholders(4)
    )
    return layout_xml("Title and Content", "obj", tree)


def two_content_layout() -> str:
    col_w = (CONTENT_W - 0.45) / 2
    tree = (
        ph(2, "Tittel", 'type="title"', prompt=TITLE_PROMPT)
        + ph(
            3,
            "Innhald venstre",
            'sz="half" idx="1"',
            geometry=xfrm(MARGIN_X, BODY_Y, col_w, BODY_H),
            prompt=TEXT_PROMPT,
        )
        + ph(
            4,
            "Innhald høgre",
            'sz="half" idx="2"',
            geometry=xfrm(MARGIN_X + col_w + 0.45, BODY_Y, col_w, BODY_H),
            prompt=TEXT_PROMPT,
        )
        + footer_placeholders(5)
    )
    return layout_xml("Two Content", "twoObj", tree)


def title_only_layout() -> str:
    tree = ph(2, "Tittel", 'type="title"', prompt=TITLE_PROMPT) + footer_placeholders(3)
    return layout_xml("Title Only", "titleOnly", tree)


def blank_layout() -> str:
    tree = rect(2, "Bunnlinje", MARGIN_X, FOOTER_Y - 0.09, CONTENT_W, 0.012, LINE)
    return layout_xml("Blank", "blank", tree + footer_placeholders(3), show_master=False)


KEEP = {
    "Title Slide": title_layout,
    "Title and Content": content_layout,
    "Section Header": section_layout,
    "Two Content": two_content_layout,
    "Title Only": title_only_layout,
    "Blank": blank_layout,
}


# --------------------------------------------------------------------------- the whole


def make_template() -> bytes:
    prs = Presentation()
    prs.slide_width = W
    prs.slide_height = H
    pres_el = prs.part._element
    sld_sz = pres_el.find("{http://schemas.openxmlformats.org/presentationml/2006/main}sldSz")
    if "type" in sld_sz.attrib:
        del sld_sz.attrib["type"]
    for def_rpr in pres_el.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}defRPr"):
        if def_rpr.get("lang"):
            def_rpr.set("lang", "nb-NO")

    master = prs.slide_master
    theme_part = master.part.part_related_by(RT.THEME)
    theme_part._blob = theme_xml(theme_part.blob)
    rebuild_master(master._element)

    for layout in list(prs.slide_layouts):
        if layout.name not in KEEP:
            prs.slide_layouts.remove(layout)
    for number, layout in enumerate(prs.slide_layouts, start=1):
        layout.part._element = parse_xml(KEEP[layout.name]())
        layout.part.partname = PackURI(f"/ppt/slideLayouts/slideLayout{number}.xml")

    for rid, rel in list(prs.part.rels.items()):
        if rel.reltype == RT.PRINTER_SETTINGS:
            prs.part.drop_rel(rid)
    drop_thumbnail(prs)
    set_app_properties(prs, 0, 0, [])

    core = prs.core_properties
    core.title = "Samling – standardmal for presentasjonar"
    core.author = "samling"
    core.last_modified_by = "samling"
    core.comments = "Laga av scripts/make_pptx_template.py"
    core.language = "nb-NO"
    core.revision = 1
    core.created = MOMENT.replace(tzinfo=None)
    core.modified = MOMENT.replace(tzinfo=None)

    buffer = io.BytesIO()
    prs.save(buffer)
    return normalise_zip(buffer.getvalue(), MOMENT.timetuple()[:6])


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    data = make_template()
    tmp = OUT.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(OUT)
    print(f"wrote {OUT.relative_to(ROOT)} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
