"""A .docx output as a whole: placeholders in headers, language, saving."""

from __future__ import annotations

from pathlib import Path

from pipeline.render.word.document import fill_placeholders, load_template

from builders import minimal_docx


def test_placeholders_split_over_runs_are_filled(tmp_path: Path) -> None:
    doc = load_template(minimal_docx(tmp_path / "t.docx", header="{prog"))
    paragraph = doc.sections[0].header.paragraphs[0]
    paragraph.add_run("ramme} · {samling} · {unknown}")
    found = fill_placeholders(doc, {"programme": "Lederprogram", "samling": "2"})
    assert found == ["programme", "samling"]
    assert paragraph.text == "Lederprogram · 2 · {unknown}"
    assert [run.text for run in paragraph.runs] == ["Lederprogram", " · 2 · {unknown}"]
