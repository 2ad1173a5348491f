"""Theme parts as plain data: colour slots, fill styles and colour maps."""

from __future__ import annotations

from lxml import etree

from pipeline.ooxml.package import RT_SLIDE_MASTER, RT_THEME, Package
from pipeline.ooxml.theme import (
    WORD_THEME_SLOTS,
    colour_map,
    fill_styles,
    fixed_colour_hex,
    scheme_colours,
    slide_colour_map,
)

from conftest import REPO

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"

THEME = f"""<a:theme xmlns:a="{A}"><a:themeElements><a:clrScheme name="x">
<a:dk1><a:sysClr val="windowText" lastClr="111111"/></a:dk1>
<a:lt1><a:sysClr val="window"/></a:lt1>
<a:dk2><a:srgbClr val="1F4E79"/></a:dk2>
<!-- a comment is not a slot -->
<a:accent1><a:schemeClr val="dk2"/></a:accent1>
</a:clrScheme><a:fmtScheme name="x">
<a:fillStyleLst><a:solidFill/><a:gradFill/><a:noFill/></a:fillStyleLst>
<a:bgFillStyleLst><a:solidFill/></a:bgFillStyleLst>
</a:fmtScheme></a:themeElements></a:theme>"""


def test_scheme_colours_are_hex_in_theme_order() -> None:
    theme = etree.fromstring(THEME)
    assert scheme_colours(theme) == {"dk1": "111111", "lt1": "FFFFFF", "dk2": "1F4E79"}
    assert scheme_colours(None) == {}
    assert scheme_colours(etree.fromstring(f'<a:theme xmlns:a="{A}"/>')) == {}


def test_fixed_colours() -> None:
    assert fixed_colour_hex(etree.fromstring(f'<a:srgbClr xmlns:a="{A}"/>')) == "000000"
    assert fixed_colour_hex(etree.fromstring(f'<a:sysClr xmlns:a="{A}" val="odd"/>')) == "000000"
    assert fixed_colour_hex(etree.fromstring(f'<a:prstClr xmlns:a="{A}" val="red"/>')) is None
    assert fixed_colour_hex(None) is None


def test_fill_styles_by_list() -> None:
    fills, backgrounds = fill_styles(etree.fromstring(THEME))
    assert [etree.QName(f).localname for f in fills] == ["solidFill", "gradFill", "noFill"]
    assert len(backgrounds) == 1
    assert fill_styles(None) == ([], [])


def test_a_layout_or_slide_overrides_the_masters_colour_map() -> None:
    master = etree.fromstring(
        f'<p:sldMaster xmlns:p="{P}"><p:clrMap bg1="lt1" tx1="dk1"/></p:sldMaster>'
    )
    plain = etree.fromstring(f'<p:sld xmlns:p="{P}"><p:clrMapOvr/></p:sld>')
    dark = etree.fromstring(
        f'<p:sldLayout xmlns:p="{P}" xmlns:a="{A}"><p:clrMapOvr>'
        '<a:overrideClrMapping bg1="dk1" tx1="lt1"/></p:clrMapOvr></p:sldLayout>'
    )
    assert slide_colour_map(master, None, plain) == {"bg1": "lt1", "tx1": "dk1"}
    assert slide_colour_map(master, dark, plain) == {"bg1": "dk1", "tx1": "lt1"}
    assert slide_colour_map(None) == {}
    assert colour_map(None) == {}


def test_the_default_templates_theme() -> None:
    package = Package(REPO / "templates" / "pptx" / "default.pptx")
    master = package.related("ppt/presentation.xml", RT_SLIDE_MASTER)
    assert master is not None
    theme_part = package.related(master, RT_THEME)
    assert theme_part is not None
    colours = scheme_colours(package.xml(theme_part))
    assert set(colours) >= {"dk1", "lt1", "dk2", "lt2", "accent1", "hlink"}
    assert all(len(value) == 6 for value in colours.values())
    assert set(WORD_THEME_SLOTS.values()) <= set(colours) | {"folHlink"}
