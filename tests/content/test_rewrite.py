from __future__ import annotations

from pipeline.content.rewrite import replace_yaml_scalar, splice, split_line


def test_splice_keeps_emphasis_marks_around_unchanged_words() -> None:
    assert splice(
        "Gi **trygghet** og tillit", "Gi trygghet og tillit", "Gi trygghet og full tillit"
    ) == ("Gi **trygghet** og full tillit")
    assert splice("Gi **trygghet**", "Gi noko anna", "x") is None  # not the text the line shows


def test_split_line_separates_markers_text_and_settings() -> None:
    assert split_line("## Om relasjoner {block=x}") == ("## ", "Om relasjoner", " {block=x}")
    assert split_line("  - her") == ("  - ", "her", "")
    assert split_line("::: notes") is None


def test_a_yaml_scalar_is_replaced_once_and_quoted_when_needed() -> None:
    text = "items: [Anerkjenne kompetanse, Gi trygghet og tillit]  # kommentar\n"
    assert replace_yaml_scalar(text, "Gi trygghet og tillit", "Gi ro, og tillit") == (
        'items: [Anerkjenne kompetanse, "Gi ro, og tillit"]  # kommentar\n',
        1,
    )
    assert replace_yaml_scalar("a: x\nb: x\n", "x", "y") is None  # two places: not guessed
