from __future__ import annotations

from pathlib import Path

from conftest import edit, findings


def test_overlapping_blocks(mini: Path) -> None:
    edit(mini / "content/samling-02/samling.yaml", "    start: 09:00\n", "    start: 08:45\n")
    assert findings(mini) == [
        "content/samling-02/samling.yaml:11:12: error: agenda[2].start: the block 'relasjoner' "
        "starts at 08:45, but 'velkommen' runs until 09:00: they overlap (start it at 09:00 or "
        "end 'velkommen' earlier)"
    ]


def test_gap_between_blocks(mini: Path) -> None:
    edit(mini / "content/samling-02/samling.yaml", "    start: 09:00\n", "    start: 09:10\n")
    assert findings(mini) == [
        "content/samling-02/samling.yaml:11:12: error: agenda[2].start: there are 10 "
        "unexplained minutes between 'velkommen' (ends 09:00) and 'relasjoner' (starts 09:10) "
        "(close the gap, or add a block (for example a pause) for it)"
    ]


def test_blocks_out_of_order(mini: Path) -> None:
    edit(mini / "content/samling-02/samling.yaml", "    start: 09:00\n", "    start: 08:00\n")
    found = findings(mini)
    assert found[0] == (
        "content/samling-02/samling.yaml:11:12: error: agenda[2].start: the block 'relasjoner' "
        "starts at 08:00, before the block above it ('velkommen' at 08:30) "
        "(list the blocks in time order)"
    )


def test_seed_feedback_exercise_is_a_warning(mini: Path) -> None:
    """Three rotating roles at 2+5+5 minutes in a 30-minute block: the seed's own timing."""
    path = mini / "content/samling-02/samling.yaml"
    edit(path, "    end: 10:45\n", "    end: 09:30\n")
    edit(path, "    start: 10:45\n    end: 11:00\n", "    start: 09:30\n    end: 11:00\n")
    found = findings(mini)
    assert found == [
        "content/samling-02/exercises.yaml:12:5: warning: tilbakemelding.steps: the exercise "
        "'tilbakemelding' needs 3 rounds (one per rotating role) × (2+5+5) = 36 minutes, but its "
        "block 'relasjoner' (09:00–09:30) has 30: the day will run 6 minutes late (shorten the "
        "steps, use fewer rounds, or lengthen the block)"
    ]


def test_block_without_slides_is_reported(mini: Path) -> None:
    edit(mini / "content/samling-02/slides.md", "## {.pause block=pause-1}\n", "")
    assert findings(mini) == [
        "content/samling-02/samling.yaml:15:9: warning: agenda[3].id: the block 'pause-1' is on "
        "the agenda, but no slide belongs to it (add block=pause-1 to the first slide of that "
        "part of the day)"
    ]


def test_exercise_in_unknown_block(mini: Path) -> None:
    edit(mini / "content/samling-02/exercises.yaml", "block: relasjoner", "block: relasjonar")
    assert findings(mini) == [
        "content/samling-02/exercises.yaml:3:10: error: tilbakemelding.block: block "
        "'relasjonar' is not an agenda block in samling.yaml"
    ]
