"""Which samling's results a slide reads.

A samling's bundle carries two sets of results: its own (results.yaml of this samling, filled
in during or after the day) and the previous samling's. Which one a slide shows is a rule of
the content, not of any one output, so it lives here.
"""

from __future__ import annotations

from pipeline.model.types import Results, SamlingBundle, Slide


def wordcloud_results(bundle: SamlingBundle, slide: Slide) -> Results | None:
    """The results whose value votes a word cloud shows.

    `samling=N` naming the previous samling reads the results carried over from it; without
    it (or with any other value) the slide reads this samling's own results, as the votes are
    cast during the day.
    """
    wanted = slide.attrs.get("samling")
    if wanted and wanted.isdigit() and int(wanted) == bundle.info.number - 1:
        return bundle.previous_results
    return bundle.results


def wordcloud_votes(bundle: SamlingBundle, slide: Slide) -> dict[str, int]:
    """The value votes a word cloud shows (word → votes); empty when there are no results."""
    results = wordcloud_results(bundle, slide)
    return dict(results.value_votes) if results else {}
