"""A .docx output as a whole: placeholders in headers, language, saving."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.errors import Diagnostic, TemplateError
from pipeline.render.word import document
from pipeline.render.word.document import fill_placeholders, load_template, preopen

from builders import as_template, minimal_docx

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def _nothing_opened_ahead() -> Iterator[None]:
    document._OPENED.clear()
    yield
    document._OPENED.clear()


def test_placeholders_split_over_runs_are_filled(tmp_path: Path) -> None:
    doc = load_template(minimal_docx(tmp_path / "t.docx", header="{prog"))
    paragraph = doc.sections[0].header.paragraphs[0]
    paragraph.add_run("ramme} · {samling} · {unknown}")
    found = fill_placeholders(doc, {"programme": "Lederprogram", "samling": "2"})
    assert found == ["programme", "samling"]
    assert paragraph.text == "Lederprogram · 2 · {unknown}"
    assert [run.text for run in paragraph.runs] == ["Lederprogram", " · 2 · {unknown}"]


def test_a_template_opened_ahead_is_used_once_for_the_same_bytes(tmp_path: Path) -> None:
    path = minimal_docx(tmp_path / "t.docx")
    preopen(path)
    ahead = document._OPENED[str(path.absolute())][1]
    first, second = load_template(path), load_template(path)
    assert first is ahead  # the document opened ahead, not the file again
    assert second is not ahead  # taken once: no two builds share one document
    assert first.element.xml == second.element.xml


def test_a_template_changed_since_it_was_opened_ahead_is_opened_again(tmp_path: Path) -> None:
    path = minimal_docx(tmp_path / "t.docx")
    preopen(path)
    minimal_docx(path, header="{samling}")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    doc = load_template(path)
    assert doc.sections[0].header.paragraphs[0].text == "{samling}"


def test_the_guards_warnings_come_with_a_template_opened_ahead(tmp_path: Path) -> None:
    dotm = as_template(REPO / "templates/docx/guide.docx", tmp_path / "guide.dotm")
    fresh: list[Diagnostic] = []
    load_template(dotm, fresh)
    preopen(dotm)
    ahead = document._OPENED[str(dotm.absolute())][1]
    kept: list[Diagnostic] = []
    assert load_template(dotm, kept) is ahead
    assert kept == fresh and any("macros" in w.message for w in kept)


def test_a_pipe_in_place_of_a_template_is_not_waited_on(tmp_path: Path) -> None:
    path = tmp_path / "guide.docx"
    os.mkfifo(path)
    preopen(path)  # returns: the server that calls it must not hang
    assert document._OPENED == {}


def test_a_broken_template_is_left_to_the_build_to_report(tmp_path: Path) -> None:
    path = tmp_path / "t.docx"
    path.write_text("not a zip", encoding="utf-8")
    preopen(path)
    assert document._OPENED == {}
    with pytest.raises(TemplateError, match="not a Word file"):
        load_template(path)


def test_declaring_the_language_changes_only_what_lacks_it() -> None:
    """The fast path (only runs and marks without the tag) gives the XML of declaring it
    in every run and paragraph mark."""
    from docx import Document
    from docx.oxml.ns import qn
    from lxml import etree

    from pipeline.ooxml.wordml import run_properties, set_lang
    from pipeline.render.word.document import set_text_language

    doc = Document()
    plain = doc.add_paragraph("no properties")
    plain.add_run(" and a second run").bold = True
    other = doc.add_paragraph()
    set_lang(run_properties(other.add_run("English")._r), "en-GB")
    half = doc.add_paragraph().add_run("only w:val")._r
    lang = etree.SubElement(run_properties(half), qn("w:lang"))
    lang.set(qn("w:val"), "nn-NO")
    done = doc.add_paragraph()
    set_lang(run_properties(done.add_run("already")._r), "nn-NO")
    mark = doc.add_paragraph("mark")._p.get_or_add_pPr()
    etree.SubElement(mark, qn("w:rPr"))
    body = doc.element.body
    expected = etree.fromstring(etree.tostring(body))
    for run in expected.iter(qn("w:r")):
        set_lang(run_properties(run), "nn-NO")
    for ppr in expected.iter(qn("w:pPr")):
        if ppr.find(qn("w:rPr")) is not None:
            set_lang(ppr.find(qn("w:rPr")), "nn-NO")
    set_text_language([body], "nn-NO")
    assert etree.tostring(body) == etree.tostring(expected)
    assert b"en-GB" not in etree.tostring(body)
