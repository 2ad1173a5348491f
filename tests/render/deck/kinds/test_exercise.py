"""The exercise slide's panel: what it says about roles."""

from __future__ import annotations

from pipeline.model import types as m
from pipeline.render.deck.kinds.exercise import exercise_details


def roles_exercise() -> m.Exercise:
    return m.Exercise(
        id="diamant",
        title="Diamantrangering",
        block="verdiar",
        method="diamant",
        roles=[
            m.Role(name="Ordstyrar", picked_by="den som har mørkast hår"),
            m.Role(
                name="Viddevakt",
                picked_by="den som har lysast hår",
                description="passar på at alle kjem til orde",
            ),
            m.Role(name="Sekretær", description="skriv ned"),
        ],
        steps=[m.Step(text="Rangér", mode="gruppe", minutes=20)],
    )


def texts(with_descriptions: bool) -> list[str]:
    paras = exercise_details(roles_exercise(), "nn", lambda _: False, with_descriptions)
    return [p.text for p in paras]


def test_a_role_picked_by_a_rule_keeps_its_description() -> None:
    """The description was dropped whenever the role had picked_by."""
    shown = texts(with_descriptions=True)
    assert "Viddevakt: den som har lysast hår – passar på at alle kjem til orde" in shown
    assert "Ordstyrar: den som har mørkast hår" in shown
    assert "Sekretær – skriv ned" in shown


def test_beside_the_slides_own_text_no_role_shows_its_description() -> None:
    shown = texts(with_descriptions=False)
    assert "Viddevakt: den som har lysast hår" in shown and "Sekretær" in shown
