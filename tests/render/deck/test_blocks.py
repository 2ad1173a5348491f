"""Body blocks read as paragraphs, once for slide kinds and diagrams alike."""

from __future__ import annotations

from pipeline.model import types as m
from pipeline.render.deck.blocks import blocks_to_paras, caption_paras, list_and_rest, text_paras


def items(*pairs: tuple[str, int]) -> list[m.ListItem]:
    return [m.ListItem(text=text, level=level) for text, level in pairs]


def test_numbered_lists_count_only_their_top_level() -> None:
    paras = blocks_to_paras([m.NumberedList(items=items(("a", 0), ("a1", 1), ("b", 0)))])
    assert [(p.text, p.bullet, p.start_at, p.level) for p in paras] == [
        ("a", "number", 1, 0),
        ("a1", "inherit", None, 1),
        ("b", "number", 2, 0),
    ]


def test_a_quote_gets_its_source_with_a_dash() -> None:
    paras = blocks_to_paras([m.Quote(text="Ein\nto", source="Ibsen")], quote_size=30)
    assert [p.text for p in paras] == ["Ein", "to", "– Ibsen"]
    assert paras[0].italic and paras[0].size == 30
    assert paras[-1].align == "r" and paras[-1].size == 30 * 0.7


def test_captions_are_plain_lines_at_one_size() -> None:
    paras = caption_paras([m.BulletList(items=items(("a", 1)))], size=20)
    assert [(p.bullet, p.level, p.size, p.colour) for p in paras] == [("none", 0, 20, "tx1")]


def test_the_first_list_splits_the_blocks_and_keeps_sub_items_with_their_item() -> None:
    before, after = m.Paragraph(text="før"), m.Paragraph(text="etter")
    listed = m.BulletList(items=items(("a", 0), ("a1", 1), ("b", 0)))
    found, head, tail = list_and_rest([before, listed, after, m.BulletList(items=items(("c", 0)))])
    assert found == [("a", ["a1"]), ("b", [])]
    assert head == [before]
    assert [b.kind for b in tail] == ["paragraph", "bullets"]


def test_no_list_leaves_everything_before() -> None:
    block = m.Paragraph(text="berre tekst")
    assert list_and_rest([block]) == ([], [block], [])


def test_diagram_text_draws_its_own_bullets() -> None:
    paras = text_paras([m.BulletList(items=items(("a", 0), ("b", 1)))], 20)
    assert [(p.text, p.size) for p in paras] == [("• a", 20), ("– b", 17.0)]
