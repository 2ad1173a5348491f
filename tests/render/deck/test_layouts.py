"""Reading designers' templates: layouts by placeholder types, plain-word reports, bad files."""

from __future__ import annotations

import importlib.util
import io
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation

from pipeline.errors import TemplateError
from pipeline.model.types import SLIDE_KINDS
from pipeline.render.deck.layouts import (
    ROLE_KINDS,
    analyse_layouts,
    choose_layouts,
    inspect_pptx_template,
    open_template,
)

from builders import real_template_folder

REPO = Path(__file__).resolve().parents[3]
DEFAULT = REPO / "templates" / "pptx" / "default.pptx"

NORWEGIAN = {
    "Title Slide": "Tittellysbilde",
    "Title and Content": "Tittel og innhold",
    "Section Header": "Inndelingsoverskrift",
    "Two Content": "To innholdsdeler",
    "Title Only": "Bare tittel",
    "Blank": "Tomt",
}


def variant(
    tmp_path: Path,
    name: str,
    *,
    rename: dict[str, str] | None = None,
    order: list[str] | None = None,
    drop: tuple[str, ...] = (),
) -> Path:
    """The default template with its layouts renamed, reordered and some removed."""
    prs = Presentation(str(DEFAULT))
    for layout in list(prs.slide_layouts):
        if layout.name in drop:
            prs.slide_layouts.remove(layout)
    for layout in prs.slide_layouts:
        if rename and layout.name in rename:
            layout.name = rename[layout.name]
    if order:
        id_list = prs.slide_master._element.sldLayoutIdLst
        entries = {
            prs.slide_master.part.related_part(entry.rId).slide_layout.name: entry
            for entry in id_list
        }
        for entry in list(id_list):
            id_list.remove(entry)
        for wanted in order:
            if wanted in entries:
                id_list.append(entries[wanted])
    path = tmp_path / name
    prs.save(str(path))
    return path


def names(path: Path) -> dict[str, str]:
    prs = open_template(path)
    return {
        role: choice.layout.name for role, choice in choose_layouts(analyse_layouts(prs)).items()
    }


def test_default_template_has_a_layout_made_for_every_role() -> None:
    prs = open_template(DEFAULT)
    choices = choose_layouts(analyse_layouts(prs))
    assert {role: c.layout.name for role, c in choices.items()} == {
        "title": "Title Slide",
        "section": "Section Header",
        "content": "Title and Content",
        "two_content": "Two Content",
        "title_only": "Title Only",
    }
    assert all(choice.exact for choice in choices.values())
    assert prs.slide_width == 12192000 and prs.slide_height == 6858000  # 16:9


def test_norwegian_names_and_reversed_order_choose_the_same_layouts(tmp_path: Path) -> None:
    reversed_order = list(reversed(list(NORWEGIAN.values())))
    path = variant(tmp_path, "norsk.pptx", rename=NORWEGIAN, order=reversed_order)
    prs = Presentation(str(path))
    assert [layout.name for layout in prs.slide_layouts] == reversed_order
    assert names(path) == {
        "title": "Tittellysbilde",
        "section": "Inndelingsoverskrift",
        "content": "Tittel og innhold",
        "two_content": "To innholdsdeler",
        "title_only": "Bare tittel",
    }


def test_missing_layouts_fall_back_to_the_closest_and_say_so(tmp_path: Path) -> None:
    path = variant(
        tmp_path,
        "mangler.pptx",
        rename=NORWEGIAN,
        drop=("Section Header", "Two Content", "Title Only"),
    )
    prs = open_template(path)
    choices = choose_layouts(analyse_layouts(prs))
    assert choices["content"].layout.name == "Tittel og innhold"
    assert choices["content"].exact
    # No section layout: the title slide layout, with its big title, is closest.
    assert choices["section"].layout.name == "Tittellysbilde"
    assert not choices["section"].exact
    assert choices["two_content"].layout.name == "Tittel og innhold"
    assert "second column is drawn" in choices["two_content"].note
    # No title-only layout: a layout whose text area is removed from the slide.
    assert not choices["title_only"].exact
    lines = "\n".join(inspect_pptx_template(path))
    assert "Missing:" in lines
    assert "No layout with a title and two large text areas side by side" in lines
    assert "columns use “Tittel og innhold”" in lines


def test_inspect_names_every_layout_and_kind_in_plain_words() -> None:
    lines = inspect_pptx_template(DEFAULT)
    text = "\n".join(lines)
    assert lines[0] == "Template default.pptx"
    assert "13.33 × 7.50 in (16:9)" in text
    assert "Calibri, measured with the metric-compatible Carlito" in text
    assert "“Title Slide”: centred title, subtitle" in text
    assert "“Two Content”: title, content, content (+ footer, slide number)" in text
    for kind in ("agenda", "pyramid", "diamond", "exercise", "pause", "closing", "columns"):
        assert kind in text
    assert "Missing: nothing" in text


def test_example_slides_are_reported(tmp_path: Path) -> None:
    prs = Presentation(str(DEFAULT))
    prs.slides.add_slide(prs.slide_layouts[0])
    prs.slides.add_slide(prs.slide_layouts[1])
    path = tmp_path / "med-eksempel.pptx"
    prs.save(str(path))
    assert any("Example slides: 2" in line for line in inspect_pptx_template(path))


def test_not_a_zip_is_a_plain_template_error(tmp_path: Path) -> None:
    path = tmp_path / "mal.pptx"
    path.write_text("this is not a presentation")
    with pytest.raises(TemplateError) as caught:
        open_template(path)
    message = str(caught.value)
    assert "mal.pptx is not a PowerPoint template" in message
    assert "not a zip archive" in message
    assert "Traceback" not in message


def test_truncated_template_is_a_template_error(tmp_path: Path) -> None:
    path = tmp_path / "avkutta.pptx"
    path.write_bytes(DEFAULT.read_bytes()[:6000])
    with pytest.raises(TemplateError):
        open_template(path)


def test_word_document_is_named_as_such(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "feil.pptx"
    docx.Document().save(str(path))
    with pytest.raises(TemplateError, match="it is a Word document"):
        open_template(path)


def test_potx_template_is_accepted(tmp_path: Path) -> None:
    source = zipfile.ZipFile(DEFAULT)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                body = body.replace(b"presentation.main+xml", b"template.main+xml")
            target.writestr(info, body)
    path = tmp_path / "mal.potx"
    path.write_bytes(out.getvalue())
    assert names(path)["content"] == "Title and Content"


def test_xml_entities_in_a_template_are_not_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    source = zipfile.ZipFile(DEFAULT)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "ppt/slideLayouts/slideLayout2.xml":
                body = body.replace(
                    b"?>",
                    f'?><!DOCTYPE p:sldLayout [<!ENTITY x SYSTEM "file://{secret}">]>'.encode(),
                    1,
                ).replace(b"Klikk for \xc3\xa5 redigere tittelstil", b"&x;")
            target.writestr(info, body)
    path = tmp_path / "xxe.pptx"
    path.write_bytes(out.getvalue())
    try:
        prs = open_template(path)
    except TemplateError:
        return  # refusing the file is fine too
    saved = io.BytesIO()
    prs.save(saved)
    assert b"TOP-SECRET-CONTENT" not in saved.getvalue()


def test_template_script_remakes_the_shipped_template_byte_for_byte() -> None:
    spec = importlib.util.spec_from_file_location(
        "make_pptx_template", REPO / "scripts" / "make_pptx_template.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    first = module.make_template()
    assert first == module.make_template()
    assert first == DEFAULT.read_bytes(), "run scripts/make_pptx_template.py and commit"


def test_every_slide_kind_has_exactly_one_role() -> None:
    """ROLE_KINDS names the kinds again, grouped by layout role: it must match the model's."""
    grouped = [kind for kinds in ROLE_KINDS.values() for kind in kinds]
    assert sorted(grouped) == sorted(SLIDE_KINDS)


# --------------------------------------------------------------------------- layouts by look


def _artwork(tmp_path: Path) -> Path:
    from builders import artwork_pptx

    return artwork_pptx(DEFAULT, tmp_path / "kommune.pptx")


def test_a_cover_and_a_section_without_title_placeholders_are_found_by_their_look(
    tmp_path: Path,
) -> None:
    infos = analyse_layouts(open_template(_artwork(tmp_path)))
    looks = {info.name: info.look for info in infos}
    cover, section = looks["Forside"], looks["Skilleark"]
    assert cover is not None and section is not None
    assert cover.picture_cover == 1.0 and cover.big_text is not None
    assert section.dark and section.picture_cover == 0.0 and section.big_text is not None
    choices = choose_layouts(infos)
    assert choices["title"].layout.name == "Forside"
    assert choices["section"].layout.name == "Skilleark"
    assert "big text box" in choices["title"].note
    # The other roles keep the layouts made for them.
    assert choices["content"].layout.name == "Title and Content"


def test_a_deck_draws_cover_and_section_titles_in_the_big_text_box(
    tmp_path: Path, mini: Path
) -> None:
    from pipeline.content.load import load_samling
    from pipeline.render.deck.render import render_deck

    template = _artwork(tmp_path)
    data, _ = render_deck(load_samling(mini / "content", 2), template)
    prs = Presentation(io.BytesIO(data))
    width, height = int(prs.slide_width or 0), int(prs.slide_height or 0)
    big = (int(width * 0.08), int(height * 0.55), int(width * 0.6), int(height * 0.2))
    seen = set()
    for slide in prs.slides:
        name = slide.slide_layout.name
        if name not in ("Forside", "Skilleark"):
            continue
        seen.add(name)
        title = slide.shapes.title
        assert title is not None and title.text_frame.text.strip()
        assert (title.left, title.top, title.width, title.height) == big
        for shape in slide.shapes:
            # Nothing is written into the tiny header label, and nothing runs off the slide.
            assert not (shape.is_placeholder and shape.placeholder_format.idx == 14)
            if shape.has_text_frame and shape.text_frame.text.strip():
                assert shape.top >= 0 and shape.top + shape.height <= height, shape.text_frame.text
    assert seen == {"Forside", "Skilleark"}


def test_layout_names_are_a_weak_hint_in_english_and_norwegian() -> None:
    from pipeline.render.deck.looks import name_hint

    assert name_hint("Forside blå") == "title"
    assert name_hint("Cover photo") == "title"
    assert name_hint("Skilleark mørk") == "section"
    assert name_hint("Section Header") == "section"
    assert name_hint("Avsnitt 2") == "section"
    assert name_hint("Title and Content") is None
    assert name_hint("Title Only") is None


# --------------------------------------------------------------------------- the mapping file


def _mapping(template: Path, text: str) -> Path:
    path = template.with_name(f"{template.stem}.layouts.yaml")
    path.write_text(text, encoding="utf-8")
    return path


def test_the_designers_mapping_file_overrides_the_guess(tmp_path: Path, mini: Path) -> None:
    from pipeline.content.load import load_samling
    from pipeline.project import layout_mapping_for
    from pipeline.render.deck.mapping import apply_mapping
    from pipeline.render.deck.render import render_deck

    template = _artwork(tmp_path)
    assert layout_mapping_for(template) == tmp_path / "kommune.layouts.yaml"
    _mapping(template, 'title: "Title Only"\npause: "Two Content"\n')
    infos = analyse_layouts(open_template(template))
    chosen, kinds = apply_mapping(template, infos, choose_layouts(infos))
    assert chosen["title"].layout.name == "Title Only"
    assert chosen["section"].layout.name == "Skilleark"  # not in the file: the guess stays
    assert kinds["pause"].layout.name == "Two Content"
    data, _ = render_deck(load_samling(mini / "content", 2), template)
    layouts = [slide.slide_layout.name for slide in Presentation(io.BytesIO(data)).slides]
    assert layouts[0] == "Title Only"
    assert "Two Content" in layouts and "Forside" not in layouts


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ('title: "Forside"\nsection: "Finst ikkje"\n', (2, 10), "“Forside”, “Title and Content”"),
        ('title: "Forside"\n\nsekjson: "Skilleark"\n', (3, 1), "not a slide kind or a role"),
        ('title: "Forside\n', (2, 1), "the YAML cannot be read"),
        ("- Forside\n", (1, 1), "a layout mapping is a list of lines like"),
    ],
)
def test_a_bad_mapping_file_is_reported_at_file_line_and_column(
    tmp_path: Path, text: str, where: tuple[int, int], words: str
) -> None:
    from pipeline.render.deck.mapping import apply_mapping

    template = _artwork(tmp_path)
    path = _mapping(template, text)
    infos = analyse_layouts(open_template(template))
    with pytest.raises(TemplateError) as raised:
        apply_mapping(template, infos, choose_layouts(infos))
    problem = raised.value.diagnostics[0]
    assert problem.file == path
    assert (problem.line, problem.column) == where
    assert words in f"{problem.message} {problem.hint}"


def test_the_printed_mapping_reads_back_as_the_same_choice(tmp_path: Path) -> None:
    from pipeline.render.deck.mapping import apply_mapping, mapping_text

    template = _artwork(tmp_path)
    infos = analyse_layouts(open_template(template))
    guess = choose_layouts(infos)
    text = mapping_text(template, guess, {})
    assert 'title: "Forside"  # closest match; it has a big text box, a full-bleed picture' in text
    _mapping(template, text)
    chosen, kinds = apply_mapping(template, infos, guess)
    assert {r: c.layout.name for r, c in chosen.items()} == {
        r: c.layout.name for r, c in guess.items()
    }
    assert kinds == {}


REAL = real_template_folder() / "pptx"


@pytest.mark.skipif(
    not (REAL / "finos-deck-2021.pptx").is_file(), reason="the real FINOS template is not fetched"
)
def test_layouts_of_every_slide_master_are_considered(tmp_path: Path, mini: Path) -> None:
    """FINOS's deck (finos/branding, Apache-2.0) has two masters; its cover is on the second."""
    from pipeline.content.load import load_samling
    from pipeline.render.deck.render import render_deck

    template = REAL / "finos-deck-2021.pptx"
    infos = analyse_layouts(open_template(template))
    assert {info.master for info in infos} == {0, 1}
    title = choose_layouts(infos)["title"].layout
    assert title.master == 1 and title.look is not None and title.look.picture_cover >= 0.8
    data, _ = render_deck(load_samling(mini / "content", 2), template)
    prs = Presentation(io.BytesIO(data))
    first = prs.slides[0]
    assert first.slide_layout.slide_master is prs.slide_masters[1]
    assert first.shapes.title is not None and first.shapes.title.text_frame.text.strip()
    assert "(slide master 2)" in "\n".join(inspect_pptx_template(template))


def test_a_layout_declared_a_section_wins_over_a_closer_fit_of_placeholders() -> None:
    """Google Slides' and PowerPoint's own section layout says type="secHead": a section slide
    goes there even when it has only a title and another layout has a title and a text line."""
    from pipeline.render.deck.layouts import Box, LayoutInfo, PlaceholderInfo

    height = 6858000
    title = PlaceholderInfo(0, "title", Box(457200, 2000000, 8000000, 1400000))
    line = PlaceholderInfo(1, "body", Box(457200, 3500000, 8000000, 800000))
    custom = LayoutInfo(0, "CUSTOM_1_2", None, [title, line], height)  # type: ignore[arg-type]
    declared = LayoutInfo(1, "Oppsett 2", None, [title], height, declared="secHead")  # type: ignore[arg-type]
    plain = LayoutInfo(1, "Oppsett 2", None, [title], height)  # type: ignore[arg-type]
    assert choose_layouts([custom, declared])["section"].layout is declared
    assert choose_layouts([custom, plain])["section"].layout is custom
    # Other types are not trusted: an app that writes "blank" on every layout changes nothing.
    blank = LayoutInfo(1, "Oppsett 2", None, [title], height, declared="blank")  # type: ignore[arg-type]
    assert choose_layouts([custom, blank])["section"].layout is custom


def test_japanese_cover_and_section_names_are_a_hint_too() -> None:
    from pipeline.render.deck.looks import name_hint

    assert name_hint("表紙") == "title"
    assert name_hint("タイトル スライド") == "title"
    assert name_hint("セクション見出し") == "section"
    assert name_hint("目次") is None  # contents
    assert name_hint("タイトルとテキスト") is None
