"""Example documents: a profile, a program planned from it and a training log.

They are what ``hipdip plan --example`` plans, what ``hipdip schema … --example``
prints, and what the tutorial starts from. Every call builds the same objects.

>>> from hipdip.examples import example_log, example_profile, example_program
>>> profile = example_profile()
>>> profile.experience.value, sorted(profile.equipment)
('intermediate', ['ankle_weights', 'band'])
>>> program = example_program()
>>> len(program.weeks), len(program.weeks[0].sessions)
(8, 3)
>>> log = example_log(program)
>>> [(s.week, s.day) for s in log.sessions]
[(1, 1), (1, 2)]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hipdip.models import (
    BodyComposition,
    ExerciseLog,
    HipStructure,
    Hold,
    Posture,
    Prescription,
    Profile,
    Program,
    SessionLog,
    SetResult,
    TrainingLog,
)

if TYPE_CHECKING:
    import pluggy

__all__ = ["example_log", "example_profile", "example_program"]


def example_profile() -> Profile:
    """An intermediate with a loop band and ankle weights, training 3 × 30 minutes a week.

    Female, 30 years, 65 kg, 165 cm, 28 % body fat, light daily activity,
    goal recomposition, self-rated moderate hip dips and a 20° anterior pelvic
    tilt (so the planner adds a core block).
    """
    return Profile(
        sex="female",
        age=30,
        body=BodyComposition(
            weight_kg=65.0,
            height_cm=165.0,
            body_fat_pct=28.0,
            waist_cm=74.0,
            hip_cm=100.0,
            neck_cm=33.0,
        ),
        experience="intermediate",
        equipment=frozenset({"band", "ankle_weights"}),
        days_per_week=3,
        session_minutes=30,
        activity="light",
        goal="recomposition",
        hip=HipStructure(dip_depth="moderate"),
        posture=Posture(pelvic_tilt_deg=20.0),
    )


def example_program(
    *, weeks: int = 8, scheme: str = "linear", pm: pluggy.PluginManager | None = None
) -> Program:
    """:func:`hipdip.plan_program` of :func:`example_profile`."""
    from hipdip.plan import plan_program

    return plan_program(example_profile(), weeks=weeks, scheme=scheme, pm=pm)


def example_log(program: Program | None = None) -> TrainingLog:
    """A log of the first two sessions of ``program`` (default :func:`example_program`).

    Every prescribed set is logged: the first session at the top of each
    range at the prescribed reps in reserve (so loads go up), the second in
    the middle of the range.
    """
    program = example_program() if program is None else program
    sessions = program.sessions[:2]
    return TrainingLog(
        sessions=tuple(
            SessionLog(
                week=session.week,
                day=session.day,
                exercises=tuple(
                    ExerciseLog(exercise=item.exercise, sets=_sets(item, top=(number == 0)))
                    for item in session.items
                ),
            )
            for number, session in enumerate(sessions)
        )
    )


def _sets(item: Prescription, *, top: bool) -> tuple[SetResult, ...]:
    dose = item.dose
    if isinstance(dose, Hold):
        seconds = dose.high_seconds if top else (dose.low_seconds + dose.high_seconds) // 2
        result = SetResult(reps=None, hold_seconds=seconds, load=item.load, rir=None)
    else:
        reps = dose.high if top else (dose.low + dose.high) // 2
        rir = item.rir if top and item.rir is not None else 2
        result = SetResult(reps=reps, load=item.load, rir=rir)
    return (result,) * item.sets
