"""Acceptance pass of issue 13 (virtual lifters, the planner's minimum dose, the contract).

Cases found by trying the issue as a coach and as a plugin author would, on
profiles the other coaching tests do not use; each failed before its fix.
"""

from __future__ import annotations

import attrs
import pytest

import hipdip
from hipdip import BodyComposition, Posture, Profile
from hipdip.plugins import make_plugin_manager
from hipdip.testing.simulate import Lifter, simulate

PM = make_plugin_manager(entry_points=False)
CAT = hipdip.catalog(PM)


def person(experience: str, equipment: set[str], **changes: object) -> Profile:
    base = Profile(
        sex="male",
        age=52,
        body=BodyComposition(weight_kg=88, height_cm=179),
        experience=experience,
        equipment=frozenset(equipment),
        days_per_week=3,
        session_minutes=45,
    )
    return attrs.evolve(base, **changes)


def test_a_slow_tempo_exercise_first_meets_a_lifter_it_suits() -> None:
    """The bird-dog's 5 s hold at the top: its first session lands in the range, not at 2 reps.

    Was: the first meeting drew reps to failure ignoring the tempo, and the
    slower tempo then cut them by 4/9, so every simulated bird-dog began with
    sets of 1–3 against 6–10 and stalled for good.
    """
    profile = person("beginner", {"band"}, posture=Posture(pelvic_tilt_deg=24.0))
    for seed in range(3):
        sim = simulate(profile, weeks=2, lifter=Lifter.responder(seed=seed), pm=PM)
        first = [p for p in sim.trajectory("bird_dog") if (p.week, p.day) == (1, 3)]
        assert first, "the core block plans a bird-dog on day 3"
        dose = next(
            i.dose for i in sim.planned.weeks[0].sessions[2].items if i.exercise == "bird_dog"
        )
        assert isinstance(dose, hipdip.Reps)
        assert first[0].reps is not None and first[0].reps >= dose.low, (seed, first)
