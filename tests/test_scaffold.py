"""`samling new`: a day in clock time that fills program.yaml's hours exactly."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from pipeline.errors import ContentError
from pipeline.scaffold import _plan, scaffold_samling


@pytest.mark.parametrize(("start", "end"), [(time(8, 30), time(15, 0)), (time(9, 0), time(12, 0))])
def test_the_plan_fills_the_day(start: time, end: time) -> None:
    blocks = _plan(start, end, "nn")
    assert blocks[0][0] == "velkommen"
    assert sum(minutes for *_, minutes in blocks) == (end.hour - start.hour) * 60 + (
        end.minute - start.minute
    )


def test_the_agenda_runs_block_after_block_without_gaps(mini: Path) -> None:
    content = mini / "content"
    scaffold_samling(content, 3)
    agenda = YAML(typ="safe").load((content / "samling-03/samling.yaml").read_text())["agenda"]
    for before, block in zip(agenda, agenda[1:], strict=False):
        assert block["start"] == before["end"]


def test_a_samling_not_in_the_programme_is_refused(mini: Path) -> None:
    with pytest.raises(ContentError, match="not listed under samlinger"):
        scaffold_samling(mini / "content", 42)
    assert not (mini / "content/samling-42/slides.md").exists()
