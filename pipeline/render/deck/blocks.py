"""Body blocks as paragraphs: one reading of the Markdown blocks, for slide kinds and diagrams.

Pictures are not paragraphs; they are placed separately (see `kinds.pictures`).
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.model.types import BodyBlock, BulletList, Image, NumberedList, Paragraph, Quote
from pipeline.render.deck.canvas import INCH
from pipeline.render.deck.text import Para


def blocks_to_paras(blocks: Sequence[BodyBlock], quote_size: float | None = None) -> list[Para]:
    """Text blocks as paragraphs; pictures are placed separately."""
    paras: list[Para] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            paras.append(Para.of(block.text, bullet="none"))
        elif isinstance(block, BulletList):
            for item in block.items:
                paras.append(Para.of(item.text, level=min(item.level, 1)))
        elif isinstance(block, NumberedList):
            number = 0
            for item in block.items:
                if item.level == 0:
                    number += 1
                    paras.append(Para.of(item.text, bullet="number", start_at=number))
                else:
                    paras.append(Para.of(item.text, level=1))
        elif isinstance(block, Quote):
            for line in block.text.split("\n"):
                paras.append(
                    Para.of(
                        line,
                        bullet="none",
                        italic=True,
                        colour="tx2",
                        size=quote_size,
                        before=2,
                    )
                )
            if block.source:
                paras.append(
                    Para.of(
                        block.source
                        if block.source.startswith(("-", "–", "—"))
                        else f"– {block.source}",
                        bullet="none",
                        align="r",
                        size=quote_size * 0.7 if quote_size else None,
                        before=10,
                    )
                )
    return paras


def images_of(blocks: Sequence[BodyBlock]) -> list[Image]:
    return [b for b in blocks if isinstance(b, Image)]


def caption_paras(blocks: Sequence[BodyBlock], size: float = 18) -> list[Para]:
    paras = []
    for para in blocks_to_paras([b for b in blocks if not isinstance(b, Image)]):
        para.bullet = "none"
        para.level = 0
        para.size = size
        para.colour = para.colour or "tx1"
        paras.append(para)
    return paras


def list_and_rest(
    blocks: Sequence[BodyBlock],
) -> tuple[list[tuple[str, list[str]]], list[BodyBlock], list[BodyBlock]]:
    """The first list's items (with their sub-items), and the blocks before and after it."""
    before: list[BodyBlock] = []
    for i, block in enumerate(blocks):
        if isinstance(block, BulletList | NumberedList):
            items: list[tuple[str, list[str]]] = []
            for item in block.items:
                if item.level == 0 or not items:
                    items.append((item.text, []))
                else:
                    items[-1][1].append(item.text)
            return items, before, list(blocks[i + 1 :])
        before.append(block)
    return [], before, []


def text_paras(blocks: Sequence[BodyBlock], size: float, colour: str = "tx1") -> list[Para]:
    paras: list[Para] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            paras.append(Para.of(block.text, bullet="none", size=size, colour=colour, before=6))
        elif isinstance(block, BulletList | NumberedList):
            for item in block.items:
                paras.append(
                    Para.of(
                        ("• " if item.level == 0 else "– ") + item.text,
                        bullet="none",
                        size=size if item.level == 0 else size * 0.85,
                        colour=colour,
                        before=4,
                        mar_l=int(0.3 * INCH) * (item.level + 1),
                        indent=-int(0.3 * INCH),
                    )
                )
        elif isinstance(block, Image):
            continue
        else:
            text = getattr(block, "text", "")
            if text:
                paras.append(Para.of(text, bullet="none", size=size, colour=colour, before=6))
    return paras
