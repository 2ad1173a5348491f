"""The Word documents' kept pieces: reused only where rendering would give the same XML."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from pipeline.render.word import fragments
from pipeline.render.word.document import clear_body
from pipeline.render.word.fragments import Fragments
from pipeline.render.word.paragraphs import add_hyperlink
from pipeline.render.word.tables import cell_text, new_table

from builders import minimal_docx


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "docx"
    fragments.use(folder, "code")
    yield folder
    fragments.use(None)


def _document(tmp_path: Path):  # type: ignore[no-untyped-def]
    doc = Document(str(minimal_docx(tmp_path / "template.docx")))
    clear_body(doc)  # as the renderers start: only the pieces are in the body
    return doc


def _table(doc, values: list[str]) -> None:  # type: ignore[no-untyped-def]
    table = new_table(doc, len(values), [2_000_000, 3_000_000])
    for row, value in zip(table.rows, values, strict=True):
        cell_text(row.cells[0], value, doc.styles["Normal"])
    doc.add_paragraph("after the table")


def _body(doc) -> bytes:  # type: ignore[no-untyped-def]
    return etree.tostring(doc.element.body)


def test_a_kept_piece_is_the_xml_that_rendering_appends(tmp_path: Path, store: Path) -> None:
    values = ["Tid", "Aksjonslæringsprosjekt"]
    rendered = _document(tmp_path)
    Fragments(rendered, {"width": 1}, lambda: None, "nb-NO").write(
        "table", values, lambda: _table(rendered, values)
    )
    assert len(list(store.iterdir())) == 1

    def must_not_render() -> None:
        raise AssertionError("the kept piece should have been used")

    reused = _document(tmp_path)
    Fragments(reused, {"width": 1}, lambda: None, "nb-NO").write("table", values, must_not_render)
    assert _body(reused) == _body(rendered)
    assert b"Aksjonsl" in _body(reused)
    # Kept with the language that finishing the document declares in every run.
    runs = reused.element.body.findall(".//" + qn("w:r"))
    assert runs and all(r.find(f"{qn('w:rPr')}/{qn('w:lang')}") is not None for r in runs)


def test_other_values_or_another_context_render_again(tmp_path: Path, store: Path) -> None:
    first = _document(tmp_path)
    Fragments(first, {"width": 1}, lambda: None, "nb-NO").write(
        "t", ["a"], lambda: _table(first, ["a"])
    )
    calls: list[str] = []
    for context, values in (({"width": 1}, ["b"]), ({"width": 2}, ["a"])):
        doc = _document(tmp_path)
        Fragments(doc, context, lambda: None, "nb-NO").write(
            "t", values, lambda d=doc, v=values: (calls.append("x"), _table(d, v))
        )
    assert len(calls) == 2
    assert len(list(store.iterdir())) == 3


def test_a_piece_that_adds_a_link_or_changes_state_is_not_kept(tmp_path: Path, store: Path) -> None:
    doc = _document(tmp_path)

    def with_link() -> None:
        add_hyperlink(doc.add_paragraph(), "https://www.menti.com/abc")

    Fragments(doc, {}, lambda: None, "nb-NO").write("link", [], with_link)
    warnings: list[str] = []
    pieces = Fragments(doc, {}, lambda: len(warnings), "nb-NO")
    pieces.write("warns", [], lambda: (warnings.append("w"), _table(doc, ["a"])))
    assert not store.exists() or not list(store.iterdir())
    assert "menti.com" in doc.part.rels[max(doc.part.rels)].target_ref


def test_a_damaged_entry_is_rendered_again(tmp_path: Path, store: Path) -> None:
    first = _document(tmp_path)
    Fragments(first, {}, lambda: None, "nb-NO").write("t", ["a"], lambda: _table(first, ["a"]))
    (entry,) = store.iterdir()
    entry.write_bytes(entry.read_bytes()[:40])
    again = _document(tmp_path)
    calls: list[int] = []
    Fragments(again, {}, lambda: None, "nb-NO").write(
        "t", ["a"], lambda: (calls.append(1), _table(again, ["a"]))
    )
    assert calls == [1]
    assert _body(again) == _body(first)


def test_a_measured_font_file_that_changed_renders_again(
    tmp_path: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.render import fonts

    font = tmp_path / "Font.ttf"
    font.write_bytes(b"one")
    monkeypatch.setattr(fonts, "measured_files", lambda: [font])
    first = _document(tmp_path)
    Fragments(first, {}, lambda: None, "nb-NO").write("t", ["a"], lambda: _table(first, ["a"]))
    font.write_bytes(b"other")
    calls: list[int] = []
    again = _document(tmp_path)
    Fragments(again, {}, lambda: None, "nb-NO").write(
        "t", ["a"], lambda: (calls.append(1), _table(again, ["a"]))
    )
    assert calls == [1]


def test_without_a_store_every_piece_is_rendered(tmp_path: Path) -> None:
    fragments.use(None)
    doc = _document(tmp_path)
    calls: list[int] = []
    for _ in range(2):
        Fragments(doc, {}, lambda: None, "nb-NO").write(
            "t", ["a"], lambda: (calls.append(1), _table(doc, ["a"]))
        )
    assert calls == [1, 1]


@pytest.mark.parametrize(
    ("document", "which"),
    [("guide", "ours"), ("guide", "bare"), ("worksheets", "ours"), ("worksheets", "bare")],
)
def test_a_document_is_the_same_with_its_pieces_kept(
    store: Path, tmp_path: Path, document: str, which: str
) -> None:
    """On our template and on a bare one (LibreOffice's seven styles: the rest added), the
    bytes and the warnings with no store, with one being filled and with one filled."""
    from pipeline.render.guide.render import render_guide
    from pipeline.render.worksheets import render_worksheets

    from builders import sample_bundle

    render = render_guide if document == "guide" else render_worksheets
    name = "guide.docx" if document == "guide" else "worksheet.docx"
    template = Path(__file__).parents[3] / "templates" / "docx" / name
    if which == "bare":
        template = minimal_docx(tmp_path / "bare.docx")
    fragments.use(None)
    plain = render(sample_bundle(), template)
    fragments.use(store, "code")
    stored = render(sample_bundle(), template)
    assert list(store.iterdir())
    reused = render(sample_bundle(), template)
    assert plain == stored == reused


def test_a_sheet_that_warns_is_rendered_every_time(store: Path) -> None:
    """A sheet too long for its page says so on every build: it is never kept."""
    from pipeline.render.worksheets import render_worksheets

    from builders import long_sheet_bundle

    bundle = long_sheet_bundle()
    template = Path(__file__).parents[3] / "templates" / "docx" / "worksheet.docx"
    for _ in range(2):
        _, warnings = render_worksheets(bundle, template)
        assert any("more write-in lines than fit" in w.message for w in warnings)
