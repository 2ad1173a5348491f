"""A word never breaks: deck text is fitted so that its longest word fits its box's width.

The unit tests check the fitting (pipeline/render/deck/text.py) with a wide and a narrow font;
the PDF tests build samling 2's deck with the shipped template and with one whose theme font is
a wide one that is not installed, convert each with LibreOffice (once per template), and read
the PDF's word boxes (`pdftotext -bbox-layout`): no line may end in a piece of a word whose
rest starts the next line.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.ooxml.units import EMU_PER_PT
from pipeline.render.deck.text import Fonts, Para, explicit_chain, fit
from pipeline.render.fonts import choose_font, metrics

from builders import breaks, broken_words, retheme_pptx

REPO = Path(__file__).resolve().parents[3]
DEFAULT = REPO / "templates" / "pptx" / "default.pptx"
CONTENT = REPO / "content"
WIDE = "Verdana"  # not installed on the test machines: LibreOffice draws DejaVu Sans for it

needs_fontconfig = pytest.mark.skipif(shutil.which("fc-match") is None, reason="no fontconfig")


# --------------------------------------------------------------------------- fitting


@needs_fontconfig
@pytest.mark.parametrize("family", ["Carlito", WIDE])
def test_the_size_shrinks_until_the_longest_word_fits_the_width(family: str) -> None:
    fonts = Fonts(family, family)
    word = "Nettverksgruppene"
    paras = [Para.of(f"Om {word}", bullet="none", size=40, bold=True)]
    width = int(200 * EMU_PER_PT)  # plenty of height: only the word's width limits the size
    result = fit(paras, width, int(400 * EMU_PER_PT), explicit_chain(40), fonts, min_size=10)
    assert result.fits and result.word is None
    size = 40 * result.scale
    measured = metrics(choose_font(family).measured, True)
    assert measured.text_width(word, size) <= 200
    assert result.scale < 1.0  # at 40 pt it did not fit


@needs_fontconfig
def test_a_word_too_wide_even_at_the_smallest_size_is_named() -> None:
    fonts = Fonts(WIDE, WIDE)
    paras = [Para.of("Dei nye Nettverksgruppene", bullet="none", size=40)]
    narrow = int(40 * EMU_PER_PT)
    result = fit(paras, narrow, int(400 * EMU_PER_PT), explicit_chain(40), fonts, min_size=14)
    assert not result.fits
    assert result.word == "Nettverksgruppene"


@needs_fontconfig
def test_a_web_address_may_break_and_is_not_shrunk_for() -> None:
    fonts = Fonts("Carlito", "Carlito")
    url = "https://www.mentimeter.com/app/presentation/al9x6569qzids32ghrw7mmjj2tqzw4bu"
    paras = [Para.of(url, bullet="none", size=20, breakable=True)]
    result = fit(paras, int(150 * EMU_PER_PT), int(300 * EMU_PER_PT), explicit_chain(20), fonts)
    assert result.fits and result.scale == 1.0 and result.word is None


# --------------------------------------------------------------------------- the PDF


def test_the_checker_finds_broken_words_and_passes_real_breaks() -> None:
    words = {"nettverksgruppene", "og", "leiar-rolla", "tillit", "relasjon"}
    address = "https://www.example.no/lang/adresse"
    lines = [
        ["Dei", "nye", "Nettverksgruppe"],  # broken
        ["ne", "og", "leiar-"],  # a break at the word's own hyphen: fine
        ["rolla", "RELASJ"],  # broken, in capitals
        ["ON.", "tillit", "https://www.example.no/"],  # an address may break
        ["lang/adresse", "Nettverks-"],  # a hyphen that is not in the word: broken
        ["gruppene"],
    ]
    found = breaks([(3, lines)], words, [address])
    assert found == [
        "page 3: Nettverksgruppe|ne",
        "page 3: RELASJ|ON.",
        "page 3: Nettverks-|gruppene",
    ]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
@pytest.mark.skipif(not (CONTENT / "samling-02" / "slides.md").is_file(), reason="no content")
@pytest.mark.parametrize("font", ["Calibri", WIDE])
def test_samling2_has_no_word_broken_across_lines_in_the_pdf(tmp_path: Path, font: str) -> None:
    from pipeline.content.load import load_samling
    from pipeline.pdf import convert_to_pdf
    from pipeline.render.deck.render import render_deck

    template = DEFAULT if font == "Calibri" else retheme_pptx(DEFAULT, tmp_path, font)
    data, warnings = render_deck(load_samling(CONTENT, 2), template)
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(data)
    (pdf,) = convert_to_pdf([deck], tmp_path / "pdf", scratch_root=tmp_path)
    assert broken_words(deck, pdf) == []
    assert not [w for w in warnings if "breaks in two" in w.message]
    if font == WIDE and choose_font(font).how == "fallback":
        reported = [w for w in warnings if f"font '{font}' is not installed" in w.message]
        assert len(reported) == 1  # once per build
