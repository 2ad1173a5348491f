"""DrawingML building blocks: what each one writes, and what it reads back."""

from __future__ import annotations

from lxml import etree
from pptx.oxml import parse_xml

from pipeline.ooxml import drawingml as dml
from pipeline.ooxml.drawingml import NS, NSDECL


def shape(inner: str = "<p:spPr/>") -> etree._Element:
    return parse_xml(
        f'<p:sp {NSDECL}><p:nvSpPr><p:cNvPr id="2" name="Form 2"/><p:cNvSpPr/><p:nvPr/>'
        f"</p:nvSpPr>{inner}</p:sp>"
    )


def xml(element: etree._Element) -> str:
    """The element as XML with the usual a: prefix, however it was made."""
    holder = parse_xml(f"<p:spPr {NSDECL}/>")
    holder.append(etree.fromstring(etree.tostring(element)))
    inner = etree.tostring(holder[0], encoding="unicode")
    for uri in (dml.A_NS, dml.P_NS, dml.R_NS):
        for prefix in ("a", "p", "r"):
            inner = inner.replace(f' xmlns:{prefix}="{uri}"', "")
    return inner


def test_solid_fill_takes_scheme_and_rgb_colours() -> None:
    assert xml(dml.solid_fill("accent1")) == (
        '<a:solidFill><a:schemeClr val="accent1"/></a:solidFill>'
    )
    assert xml(dml.solid_fill("#1f4e79")) == '<a:solidFill><a:srgbClr val="1F4E79"/></a:solidFill>'


def test_outline_without_colour_is_no_line() -> None:
    sp_pr = etree.Element(etree.QName(dml.P_NS, "spPr"))
    dml.add_outline(sp_pr, None, 12700)
    assert xml(sp_pr[0]) == "<a:ln><a:noFill/></a:ln>"


def test_outline_with_dash_and_arrow() -> None:
    sp_pr = etree.Element(etree.QName(dml.P_NS, "spPr"))
    dml.add_outline(sp_pr, "tx1", 25400, dash=True, arrow=True)
    assert xml(sp_pr[0]) == (
        '<a:ln w="25400"><a:solidFill><a:schemeClr val="tx1"/></a:solidFill>'
        '<a:prstDash val="dash"/><a:tailEnd type="triangle" w="med" len="med"/></a:ln>'
    )


def test_set_xfrm_replaces_the_old_position_and_reads_back() -> None:
    element = shape('<p:spPr><a:xfrm><a:off x="1" y="2"/><a:ext cx="3" cy="4"/></a:xfrm></p:spPr>')
    assert dml.read_xfrm(element) == (1, 2, 3, 4)
    dml.set_xfrm(element, 10, 20, 30, 40)
    assert dml.read_xfrm(element) == (10, 20, 30, 40)
    assert len(element.findall("./p:spPr/a:xfrm", NS)) == 1


def test_shape_without_position_reads_none() -> None:
    assert dml.read_xfrm(shape()) is None


def test_body_insets_default_and_inherit() -> None:
    assert dml.body_insets(None) == dml.DEFAULT_INSETS == (91440, 45720, 91440, 45720)
    own = etree.fromstring(f'<a:bodyPr xmlns:a="{dml.A_NS}" lIns="0"/>')
    inherited = etree.fromstring(f'<a:bodyPr xmlns:a="{dml.A_NS}" lIns="5" tIns="7"/>')
    assert dml.body_insets(own, [inherited]) == (0, 7, 91440, 45720)


def test_body_properties_turn_autofit_off() -> None:
    element = shape()
    txbody = dml.ensure_text_body(element, paragraph=True)
    assert dml.ensure_text_body(element) is txbody
    dml.set_body_properties(txbody, (1, 2, 3, 4), "ctr")
    body_pr = txbody.find("./a:bodyPr", NS)
    assert dict(body_pr.attrib) == {
        "wrap": "square",
        "lIns": "1",
        "tIns": "2",
        "rIns": "3",
        "bIns": "4",
        "rtlCol": "0",
        "anchor": "ctr",
    }
    assert [etree.QName(c).localname for c in body_pr] == ["noAutofit"]


def test_merged_list_style_prefers_the_nearest_source_in_schema_order() -> None:
    near = etree.fromstring(
        f'<a:lstStyle xmlns:a="{dml.A_NS}"><a:lvl1pPr algn="ctr"><a:defRPr sz="2000"/>'
        "<a:buNone/></a:lvl1pPr></a:lstStyle>"
    )
    far = etree.fromstring(
        f'<a:lstStyle xmlns:a="{dml.A_NS}"><a:lvl1pPr algn="l" marL="0"><a:buChar char="•"/>'
        '<a:defRPr sz="1800"/></a:lvl1pPr></a:lstStyle>'
    )
    merged = dml.merge_list_styles([near, far])
    level = merged.find("a:lvl1pPr", NS)
    assert level.get("algn") == "ctr" and level.get("marL") == "0"
    assert [etree.QName(c).localname for c in level] == ["buNone", "defRPr"]
    assert level.find("a:defRPr", NS).get("sz") == "2000"


def test_first_level_format() -> None:
    style = etree.fromstring(
        f'<a:lstStyle xmlns:a="{dml.A_NS}"><a:lvl1pPr algn="r"><a:defRPr sz="1200" b="1">'
        '<a:solidFill><a:schemeClr val="tx2"/></a:solidFill></a:defRPr></a:lvl1pPr></a:lstStyle>'
    )
    align, attrs, children = dml.first_level_format([style])
    assert align == "r"
    assert attrs == [("sz", "1200"), ("b", "1")]
    assert "schemeClr" in children and 'val="tx2"' in children
    assert dml.first_level_format([]) == (None, [], "")


def test_one_run_paragraph_escapes_and_can_be_a_field() -> None:
    p = dml.one_run_paragraph("A & B <c>", "nb-NO", "l", [("sz", "1200")])
    assert p.find("./a:pPr", NS).get("algn") == "l"
    rpr = p.find("./a:r/a:rPr", NS)
    assert rpr.get("lang") == "nb-NO" and rpr.get("sz") == "1200"
    assert p.find("./a:r/a:t", NS).text == "A & B <c>"
    field = dml.one_run_paragraph("7", "nb-NO", field=("{ID}", "slidenum"))
    assert field.find("./a:fld", NS).get("type") == "slidenum"
    assert field.find("./a:pPr", NS) is None


def test_run_properties_sets_only_what_is_given() -> None:
    rpr = dml.run_properties("a:rPr", "nb-NO", 13.5, True, None, "#FF0000", "Arial")
    assert dict(rpr.attrib) == {"lang": "nb-NO", "sz": "1350", "b": "1", "dirty": "0"}
    assert [etree.QName(c).localname for c in rpr] == ["solidFill", "latin"]


def test_set_language_reaches_runs_without_properties() -> None:
    txbody = parse_xml(
        f"<p:txBody {NSDECL}><a:bodyPr/><a:p><a:r><a:t>x</a:t></a:r>"
        '<a:endParaRPr lang="en-US"/></a:p></p:txBody>'
    )
    dml.set_language(txbody, "nb-NO")
    assert [e.get("lang") for e in txbody.iter(f"{{{dml.A_NS}}}rPr")] == ["nb-NO"]
    assert txbody.find(".//a:endParaRPr", NS).get("lang") == "nb-NO"
