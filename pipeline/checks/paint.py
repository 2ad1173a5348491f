"""What is painted where: text and background colours with their origin, judged by WCAG.

A `Paint` says not only which colours are painted but where they were chosen (the built file,
the template, a default) and from which theme colour, so that a failure names what to change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from pipeline.checks.contrast import AA_NORMAL, RGB, Contrast, blend, required_ratio
from pipeline.checks.findings import Findings

AA_HINT = "use a darker text colour or a lighter background, or the other way round"


@dataclass(frozen=True)
class Paint:
    """What is painted: one colour, or several (gradient stops), with opacity and origin."""

    colours: tuple[RGB, ...]
    alpha: float = 1.0
    origin: str = ""
    part: str = "output"  # output, template or default: where the colour was chosen
    slot: str = ""  # the theme colour it comes from, if any
    unknown: str = ""  # a picture or pattern behind the text: its contrast cannot be computed
    picture: Any = None  # a picture.PictureRef, when the picture can be sampled
    veils: tuple[tuple[RGB, float], ...] = ()  # semi-transparent fills over that picture

    @property
    def first(self) -> RGB:
        return self.colours[0]


NO_PAINT = Paint(())


def over(top: Paint, below: Paint) -> Paint:
    """`top`, if partly transparent, over `below`."""
    if top.alpha >= 0.999:
        return top
    if below.picture is not None and top.colours:
        veils = (*below.veils, (top.first, top.alpha))
        return replace(below, veils=veils, origin=f"{top.origin}, over {below.origin}")
    if below.unknown or not below.colours:
        return top
    colours = tuple(blend(t, b, top.alpha) for t in top.colours for b in below.colours)
    origin = f"{top.origin}, over {below.origin}"
    return replace(top, colours=colours[:16], alpha=1.0, origin=origin)


def _cause(paint: Paint) -> str:
    """What to change to change a colour: the theme colour it names, else where it is set."""
    if paint.slot:
        return f"theme colour {paint.slot}"
    return paint.origin


@dataclass
class _Failure:
    text: RGB
    background: RGB
    where: dict[str, Any]
    required: float = 0.0
    sizes: set[str] = field(default_factory=set)
    places: list[tuple[str, str]] = field(default_factory=list)


class ContrastLog:
    """Contrast failures merged by colour pair and cause, so that one theme colour that is too
    pale is one line, whatever the number of slides, layouts and text sizes it touches."""

    def __init__(self) -> None:
        self._failures: dict[tuple[object, ...], _Failure] = {}
        self._causes: dict[tuple[object, ...], tuple[str, str]] = {}

    def add(
        self,
        judged: Contrast,
        text: Paint,
        background: Paint,
        where: dict[str, Any],
        places: Iterable[tuple[str, str]],
    ) -> None:
        causes = (_cause(text), _cause(background))
        key = (judged.text, judged.background, *causes, str(where.get("file")), where.get("key"))
        failure = self._failures.get(key)
        if failure is None:
            failure = self._failures[key] = _Failure(judged.text, judged.background, where)
            self._causes[key] = causes
        failure.required = max(failure.required, judged.required)
        failure.sizes.add("large text" if judged.required < AA_NORMAL else "normal text")
        for place in places:
            if place not in failure.places:
                failure.places.append(place)

    def flush(self, findings: Findings, prefix: str = "", size_note: str = "") -> None:
        for key, failure in self._failures.items():
            text_cause, background_cause = self._causes[key]
            judged = Contrast(failure.text, failure.background, failure.required)
            sizes = " and ".join(sorted(failure.sizes, reverse=True)).replace(
                "normal text and large text", "normal and large text"
            )
            text_words = (
                text_cause
                if text_cause.startswith("text colour ")
                else f"text colour: {text_cause}"
            )
            findings.add(
                "error",
                f"{prefix}{judged.describe()} ({sizes}{size_note}; {text_words}; "
                f"background: {background_cause})",
                hint=AA_HINT,
                places=failure.places,
                **failure.where,
            )
        self._failures.clear()
        self._causes.clear()


def judge(text: Paint, background: Paint, size_pt: float, bold: bool) -> Contrast | None:
    """The worst pairing of text and background colours, or None when it passes."""
    needed = required_ratio(size_pt, bold)
    texts = [over(text, background).colours] if text.alpha < 0.999 else [text.colours]
    worst: Contrast | None = None
    for fg in texts[0]:
        for bg in background.colours:
            judged = Contrast(fg, bg, needed)
            if worst is None or judged.ratio < worst.ratio:
                worst = judged
    if worst is None or worst.passes:
        return None
    return worst
