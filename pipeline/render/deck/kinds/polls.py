"""Poll slides (a QR code to the poll) and word clouds of the votes."""

from __future__ import annotations

from pipeline.errors import ContentError, Diagnostic
from pipeline.model.inline import plain_text
from pipeline.model.results import wordcloud_votes
from pipeline.model.types import SamlingBundle, Slide
from pipeline.model.words import word
from pipeline.render.colours import deck_branding
from pipeline.render.deck.blocks import caption_paras
from pipeline.render.deck.canvas import INCH, Deck, SlideCanvas
from pipeline.render.deck.diagrams.common import GAP
from pipeline.render.deck.kinds.common import new_canvas, normalised, title_or
from pipeline.render.deck.layouts import Box
from pipeline.render.deck.text import Para


def _qr_slide(
    deck: Deck, bundle: SamlingBundle, slide: Slide, canvas: SlideCanvas, box: Box
) -> None:
    from pipeline.render.qr import qr_png  # segno is slow to import; only polls need it

    poll = slide.poll
    assert poll is not None
    malform = bundle.malform
    size = min(box.height, int(box.width * 0.5))
    qr_box = Box(box.right - size, box.top + (box.height - size) // 2, size, size)
    paras: list[Para] = []
    if normalised(poll.title) != normalised(canvas.title_text):
        paras.append(Para.of(poll.title, bullet="none", size=32, bold=True, colour="tx2"))
    paras += caption_paras(slide.blocks, size=24)
    paras.append(Para.of(word("scan", malform), bullet="none", size=28, before=18))
    paras.append(
        Para.of(
            poll.url,
            bullet="none",
            size=14,
            colour="hlink",
            before=18,
            link=poll.url,
            breakable=True,
        )
    )
    text_box = Box(box.left, box.top, box.width - size - GAP, box.height)
    canvas.text_area(paras, text_box, use_placeholder=False, anchor="ctr", min_size=12)
    canvas.picture(
        qr_png(poll.url),
        qr_box,
        f"{word('qr', malform)} {plain_text(poll.title)}: {poll.url}",
    )
    canvas.add_notes(f"{plain_text(poll.title)}: {poll.url}")


def render_poll(deck: Deck, bundle: SamlingBundle, slide: Slide) -> None:
    if slide.poll is None:
        raise ContentError(
            [
                Diagnostic(
                    "error",
                    f"the poll ref={slide.attrs.get('ref', '(none)')} is not under polls: "
                    "in samling.yaml",
                    file=slide.source.file,
                    line=slide.source.line,
                )
            ]
        )
    canvas = new_canvas(deck, "title_only", slide, title_or(slide, plain_text(slide.poll.title)))
    _qr_slide(deck, bundle, slide, canvas, canvas.content_box)
    canvas.finish()


def render_wordcloud(deck: Deck, bundle: SamlingBundle, slide: Slide) -> None:
    """The votes as a word cloud; before there are votes, the poll they are cast in."""
    votes = wordcloud_votes(bundle, slide)
    if not votes:
        render_poll(deck, bundle, slide)
        return
    # The poster's word cloud brings its SVG renderer and font checks: slow to import, and
    # only needed once there are votes.
    from pipeline.render.poster.wordcloud import wordcloud_png

    title = title_or(slide, plain_text(slide.poll.title) if slide.poll else "")
    canvas = new_canvas(deck, "title_only", slide, title)
    box = canvas.content_box
    malform = bundle.malform
    dpi = 160
    # The template's theme owns the deck's colours (render/colours.py).
    palette = deck_branding(bundle.program.branding, deck.colours, canvas.background)
    png = wordcloud_png(votes, palette, int(box.width / INCH * dpi), int(box.height / INCH * dpi))
    ranked = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
    alt = f"{word('wordcloud', malform)}: " + ", ".join(
        f"{w} ({n} {word('votes', malform)})" for w, n in ranked
    )
    canvas.picture(png, box, alt)
    if slide.poll is not None:
        canvas.add_notes(f"{plain_text(slide.poll.title)}: {slide.poll.url}")
    canvas.add_notes(alt)
    canvas.finish()
