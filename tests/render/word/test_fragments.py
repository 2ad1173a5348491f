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


def test_a_link_to_an_address_already_linked_is_not_kept(tmp_path: Path, store: Path) -> None:
    """python-docx reuses the relationship of an address linked before, so the count stays
    the same; the piece still names it by id, and that id moves when an earlier piece adds
    a relationship."""
    doc = _document(tmp_path)
    add_hyperlink(doc.add_paragraph(), "https://www.menti.com/abc")
    relationships = len(doc.part.rels)

    def same_link() -> None:
        add_hyperlink(doc.add_paragraph(), "https://www.menti.com/abc")

    Fragments(doc, {}, lambda: None, "nb-NO").write("again", [], same_link)
    assert len(doc.part.rels) == relationships  # reused, as the test means
    assert not store.exists() or not list(store.iterdir())


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


class Counts:
    """A writer's counter that a piece may move (as the guide's bookmark counts)."""

    def __init__(self, value: int) -> None:
        self.value = value

    def read(self) -> int:
        return self.value

    def restore(self, value: object) -> None:
        if type(value) is not int:
            raise ValueError(value)
        self.value = value


def _counted_table(doc, counts: Counts, values: list[str]):  # type: ignore[no-untyped-def]
    def render() -> None:
        counts.value += len(values)
        _table(doc, values)

    return render


def test_a_kept_piece_puts_back_the_state_it_carried(tmp_path: Path, store: Path) -> None:
    rendered, counts = _document(tmp_path), Counts(2)
    pieces = Fragments(rendered, {}, lambda: None, "nb-NO")
    pieces.write("t", ["a", "b"], _counted_table(rendered, counts, ["a", "b"]), counts)
    assert counts.value == 4
    assert len(list(store.iterdir())) == 1

    def must_not_render() -> None:
        raise AssertionError("the kept piece should have been used")

    reused, again = _document(tmp_path), Counts(2)
    Fragments(reused, {}, lambda: None, "nb-NO").write("t", ["a", "b"], must_not_render, again)
    assert again.value == 4  # as rendering would have left it
    assert _body(reused) == _body(rendered)
    # The value before is part of the key: from another count, the piece renders again.
    other, moved = _document(tmp_path), Counts(7)
    Fragments(other, {}, lambda: None, "nb-NO").write(
        "t", ["a", "b"], _counted_table(other, moved, ["a", "b"]), moved
    )
    assert moved.value == 9
    assert len(list(store.iterdir())) == 2


def test_a_carried_piece_that_changes_other_state_is_not_kept(tmp_path: Path, store: Path) -> None:
    doc, counts, warnings = _document(tmp_path), Counts(0), []

    def render() -> None:
        warnings.append("w")
        _counted_table(doc, counts, ["a"])()

    Fragments(doc, {}, lambda: len(warnings), "nb-NO").write("t", ["a"], render, counts)
    assert counts.value == 1  # left as rendering left it
    assert not store.exists() or not list(store.iterdir())


def test_a_damaged_carried_value_renders_again(tmp_path: Path, store: Path) -> None:
    first, counts = _document(tmp_path), Counts(0)
    Fragments(first, {}, lambda: None, "nb-NO").write(
        "t", ["a"], _counted_table(first, counts, ["a"]), counts
    )
    (entry,) = store.iterdir()
    damaged = entry.read_bytes().replace(b'"carried": 1', b'"carried": "one"')
    assert damaged != entry.read_bytes()
    entry.write_bytes(damaged)
    again, fresh, renders = _document(tmp_path), Counts(0), []
    render = _counted_table(again, fresh, ["a"])
    Fragments(again, {}, lambda: None, "nb-NO").write(
        "t", ["a"], lambda: (renders.append(1), render()), fresh
    )
    assert renders == [1]
    assert fresh.value == 1
    assert _body(again) == _body(first)


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


def test_a_guide_with_one_slide_s_notes_edited_is_the_same_as_rendered_afresh(
    store: Path,
) -> None:
    """Every other talk is kept, the edited one renders, with one notes paragraph more:
    the bookmarks after it are still numbered in order and named per slide."""
    from pipeline.ooxml.docx_text import read_docx
    from pipeline.render.guide.render import render_guide

    from builders import sample_bundle

    template = Path(__file__).parents[3] / "templates" / "docx" / "guide.docx"
    bundle = sample_bundle()
    render_guide(bundle, template)  # fills the store
    index = next(i for i, s in enumerate(bundle.slides) if s.notes.strip() and s.kind != "frame")
    slides = list(bundle.slides)
    slides[index] = slides[index].model_copy(
        update={"notes": slides[index].notes + "\nEin ny linje i notatet."}
    )
    edited = bundle.model_copy(update={"slides": slides})
    kept = render_guide(edited, template)
    fragments.use(None)
    assert kept == render_guide(edited, template)
    assert any("Ein ny linje i notatet." in p.text for p in read_docx(kept[0]))


def test_a_sheet_that_warns_is_rendered_every_time(store: Path) -> None:
    """A sheet too long for its page says so on every build: it is never kept."""
    from pipeline.render.worksheets import render_worksheets

    from builders import long_sheet_bundle

    bundle = long_sheet_bundle()
    template = Path(__file__).parents[3] / "templates" / "docx" / "worksheet.docx"
    for _ in range(2):
        _, warnings = render_worksheets(bundle, template)
        assert any("more write-in lines than fit" in w.message for w in warnings)
