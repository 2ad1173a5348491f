"""PresentationML placeholders, read from the shipped template and written from scratch."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pptx.oxml import parse_xml

from pipeline.ooxml import slides
from pipeline.ooxml.drawingml import NS, NSDECL, read_xfrm

REPO = Path(__file__).resolve().parents[2]
DEFAULT = REPO / "templates" / "pptx" / "default.pptx"


def test_placeholder_shape_reads_back() -> None:
    element = slides.placeholder_shape(
        7, "Bunntekst 7", [("type", "ftr"), ("sz", "quarter"), ("idx", "11")], paragraph=False
    )
    assert slides.ph_type(element) == "ftr"
    assert slides.ph_idx(element) == 11
    assert read_xfrm(element) is None
    assert element.find("./p:txBody/a:p", NS) is None
    titled = slides.placeholder_shape(3, "Tittel 3", [("type", "title")], (1, 2, 3, 4))
    assert read_xfrm(titled) == (1, 2, 3, 4)
    assert titled.find("./p:txBody/a:p", NS) is not None


def test_a_shape_that_is_no_placeholder() -> None:
    element = parse_xml(f'<p:sp {NSDECL}><p:nvSpPr><p:cNvPr id="4" name="x"/></p:nvSpPr></p:sp>')
    assert slides.ph_of(element) is None
    assert slides.ph_type(element) == ""
    assert slides.ph_idx(element) == 0


def test_base_types() -> None:
    assert slides.base_type("ctrTitle") == "title"
    assert slides.base_type("subTitle") == "body"
    assert slides.base_type("obj") == "body"
    assert slides.base_type("sldNum") == "sldNum"


def test_next_shape_id_counts_past_the_largest() -> None:
    tree = parse_xml(
        f'<p:spTree {NSDECL}><p:nvGrpSpPr><p:cNvPr id="1" name=""/></p:nvGrpSpPr>'
        '<p:sp><p:nvSpPr><p:cNvPr id="9" name="a"/></p:nvSpPr></p:sp></p:spTree>'
    )
    assert slides.next_shape_id(tree) == 10


def test_inheritance_from_the_shipped_template() -> None:
    prs = Presentation(str(DEFAULT))
    inherit = slides.Inheritance(prs.slide_master._element, prs.part._element)
    layout = next(
        lay._element
        for lay in prs.slide_layouts
        if any(slides.ph_type(sp) == "title" for sp in inherit.layout_placeholders(lay._element))
    )
    title = next(sp for sp in inherit.layout_placeholders(layout) if slides.ph_type(sp) == "title")
    assert inherit.master_placeholder("title") is not None
    assert inherit.layout_placeholders(layout) is inherit.layout_placeholders(layout)
    # A slide's title with no position of its own takes the layout's.
    own = slides.placeholder_shape(2, "Tittel 2", [("type", "title")])
    assert inherit.layout_placeholder(layout, own) is title
    assert inherit.xfrm(layout, own) == (
        read_xfrm(title) or read_xfrm(inherit.master_placeholder("title"))
    )
    styles = inherit.list_styles(layout, own)
    assert styles[3] is inherit.text_style("titleStyle") is not None
    assert styles[4] is inherit.default_text_style()
    assert len(inherit.insets(layout, own)) == 4


def test_undescribed_figures_skip_text_placeholders_and_described() -> None:
    tree = parse_xml(
        f"<p:spTree {NSDECL}>"
        '<p:sp><p:nvSpPr><p:cNvPr id="2" name="Form 2"/></p:nvSpPr></p:sp>'
        '<p:sp><p:nvSpPr><p:cNvPr id="3" name="Form 3" descr="ei pil"/></p:nvSpPr></p:sp>'
        '<p:sp><p:nvSpPr><p:cNvPr id="4" name="Tekst 4"/></p:nvSpPr>'
        "<p:txBody><a:p><a:r><a:t>Hei</a:t></a:r></a:p></p:txBody></p:sp>"
        '<p:sp><p:nvSpPr><p:cNvPr id="5" name="Tittel 5"/><p:cNvSpPr/>'
        '<p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr></p:sp>'
        "</p:spTree>"
    )
    assert [c.get("name") for c in slides.undescribed_figures(tree)] == ["Form 2"]


def test_background_colour() -> None:
    owner = parse_xml(
        f'<p:sldLayout {NSDECL}><p:cSld><p:bg><p:bgRef idx="1001"><a:schemeClr val="phClr"/>'
        "</p:bgRef></p:bg><p:spTree/></p:cSld></p:sldLayout>"
    )
    assert slides.background_colour(owner, {"bg2": "EEEEEE"}) is None
    owner = parse_xml(
        f'<p:sldLayout {NSDECL}><p:cSld><p:bg><p:bgPr><a:solidFill><a:schemeClr val="bg2"/>'
        "</a:solidFill></p:bgPr></p:bg><p:spTree/></p:cSld></p:sldLayout>"
    )
    assert slides.background_colour(owner, {"bg2": "EEEEEE"}) == "EEEEEE"
