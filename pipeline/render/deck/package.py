"""Package-level chores for a .pptx: reproducible zips, document properties, slide removal.

python-pptx stamps the current time on every zip entry and keeps whatever docProps the template
had. A build must give the same bytes for the same input, so everything time-like is set here
from one moment: SOURCE_DATE_EPOCH when set, else the samling's date.
"""

from __future__ import annotations

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.presentation import Presentation

from pipeline.ooxml.drawingml import NS, P_NS, R_NS

P14_NS = "http://schemas.microsoft.com/office/powerpoint/2010/main"


def remove_all_slides(prs: Presentation) -> int:
    """Drop the template's own slides, leaving no part, list entry or section behind.

    The slide parts become unreachable and python-pptx does not write them; their notes slides,
    images and charts go with them. Sections (p14:sectionLst) and custom shows that name the
    removed slides are removed too: PowerPoint asks to repair a file whose section list points
    at slides that do not exist.
    """
    sld_id_lst = prs.slides._sldIdLst
    removed = 0
    for sld_id in list(sld_id_lst):
        prs.part.drop_rel(sld_id.rId)
        sld_id_lst.remove(sld_id)
        removed += 1
    root = prs.part._element
    for section_list in list(root.iter(f"{{{P14_NS}}}sectionLst")):
        ext = section_list.getparent()
        ext.getparent().remove(ext)
    for cust in root.findall("./p:custShowLst", NS):
        root.remove(cust)
    return removed


def set_app_properties(prs: Presentation, slides: int, notes: int, titles: list[str]) -> None:
    """Replace docProps/app.xml, which still describes the template, with a truthful one."""
    pkg = prs.part.package
    for rel in pkg._rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES and not rel.is_external:
            part = rel.target_part
            break
    else:
        return
    ep = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    vt = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
    root = etree.Element(f"{{{ep}}}Properties", nsmap={None: ep, "vt": vt})
    for tag, value in (
        ("Application", "samling"),
        ("PresentationFormat", "Widescreen"),
        ("Slides", str(slides)),
        ("Notes", str(notes)),
        ("HiddenSlides", "0"),
    ):
        etree.SubElement(root, f"{{{ep}}}{tag}").text = value
    if not titles:  # an empty vector is invalid: a deck with no slides lists no titles
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        return
    pairs = etree.SubElement(root, f"{{{ep}}}HeadingPairs")
    vector = etree.SubElement(pairs, f"{{{vt}}}vector", size="2", baseType="variant")
    etree.SubElement(
        etree.SubElement(vector, f"{{{vt}}}variant"), f"{{{vt}}}lpstr"
    ).text = "Slide Titles"
    etree.SubElement(etree.SubElement(vector, f"{{{vt}}}variant"), f"{{{vt}}}i4").text = str(
        len(titles)
    )
    parts = etree.SubElement(root, f"{{{ep}}}TitlesOfParts")
    vector = etree.SubElement(parts, f"{{{vt}}}vector", size=str(len(titles)), baseType="lpstr")
    for title in titles:
        etree.SubElement(vector, f"{{{vt}}}lpstr").text = title
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def list_notes_master(prs: Presentation) -> None:
    """Name the notes master in presentation.xml, as PowerPoint does.

    python-pptx creates the notes master part when the first slide gets notes but does not list
    it in p:notesMasterIdLst; Keynote and PowerPoint's Notes Page view look for it there.
    """
    root = prs.part._element
    p_ns = P_NS
    if root.find(f"{{{p_ns}}}notesMasterIdLst") is not None:
        return
    rel_id = next(
        (rid for rid, rel in prs.part.rels.items() if rel.reltype == RT.NOTES_MASTER), None
    )
    if rel_id is None:
        return
    listing = etree.Element(f"{{{p_ns}}}notesMasterIdLst")
    etree.SubElement(listing, f"{{{p_ns}}}notesMasterId").set(f"{{{R_NS}}}id", rel_id)
    masters = root.find(f"{{{p_ns}}}sldMasterIdLst")
    if masters is not None:
        masters.addnext(listing)
    else:
        root.insert(0, listing)


def drop_thumbnail(prs: Presentation) -> None:
    """The template's thumbnail shows the template, not the deck: leave it out."""
    pkg = prs.part.package
    for rid, rel in list(pkg._rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            pkg.drop_rel(rid)
