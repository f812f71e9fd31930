"""Counting a program: hard sets per muscle and estimated session time.

One place for both, used by the planner, the built-in program rules and apps
that want to show the numbers.

*Hard sets* (SCIENCE.md §Training, hipdip policy): a set counts 1.0 for a
muscle the exercise works as PRIMARY, 0.5 as SECONDARY, 0 as STABILIZER.

*Session time* (SCIENCE.md §Training): per set, work = ``reps_high × tempo
seconds`` (4 s per rep when the tempo sums to 0; a hold's work is its
``high_seconds``), doubled for unilateral exercises (both sides), plus
``rest_seconds`` after each set; plus 5 minutes of warm-up per session. Rest is
counted after every set, including the last one of an exercise, which covers
the change to the next exercise (the conservative reading).

>>> from hipdip import Prescription, Reps
>>> item = Prescription("clamshell", sets=3, dose=Reps(10, 20), rest_seconds=60, tempo="2-0-1-1")
>>> prescription_seconds(item, unilateral=True)
660
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from hipdip.models import Exercise, Hold, Prescription, Program, Session, Week

__all__ = [
    "DEFAULT_SECONDS_PER_REP",
    "WARM_UP_SECONDS",
    "prescription_seconds",
    "program_weekly_hard_sets",
    "session_hard_sets",
    "session_minutes",
    "session_seconds",
    "week_hard_sets",
]

#: Seconds per rep when the tempo does not say (SCIENCE.md §Training).
DEFAULT_SECONDS_PER_REP = 4
#: Warm-up per session (SCIENCE.md §Training).
WARM_UP_SECONDS = 300

ExerciseLookup = Mapping[str, Exercise] | Callable[[str], Exercise | None]


def prescription_seconds(prescription: Prescription, *, unilateral: bool) -> int:
    """Estimated seconds for all sets of ``prescription``, rest included."""
    dose = prescription.dose
    if isinstance(dose, Hold):
        work = dose.high_seconds
    else:
        per_rep = prescription.tempo_seconds or DEFAULT_SECONDS_PER_REP
        work = dose.high * per_rep
    if unilateral:
        work *= 2
    return prescription.sets * (work + prescription.rest_seconds)


def session_seconds(session: Session, exercises: ExerciseLookup) -> int:
    """Estimated seconds for ``session``: warm-up plus every prescription.

    ``exercises`` maps exercise ids to :class:`~hipdip.Exercise` (a catalogue
    mapping, or a function returning ``None`` for unknown ids). Unknown
    exercises are counted as bilateral.
    """
    lookup = _lookup(exercises)
    total = WARM_UP_SECONDS
    for item in session.items:
        exercise = lookup(item.exercise)
        total += prescription_seconds(item, unilateral=bool(exercise and exercise.unilateral))
    return total


def session_minutes(session: Session, exercises: ExerciseLookup) -> float:
    """:func:`session_seconds` in minutes."""
    return session_seconds(session, exercises) / 60.0


def session_hard_sets(
    session: Session, exercises: ExerciseLookup, muscle: str = "gluteus_medius"
) -> float:
    """Hard sets for ``muscle`` in ``session`` (1.0 primary, 0.5 secondary per set)."""
    lookup = _lookup(exercises)
    total = 0.0
    for item in session.items:
        exercise = lookup(item.exercise)
        if exercise is not None:
            total += item.sets * exercise.set_credit(muscle)
    return total


def week_hard_sets(week: Week, exercises: ExerciseLookup, muscle: str = "gluteus_medius") -> float:
    """Hard sets for ``muscle`` over every session of ``week``."""
    return sum(session_hard_sets(s, exercises, muscle) for s in week.sessions)


def program_weekly_hard_sets(
    program: Program, exercises: ExerciseLookup, muscle: str = "gluteus_medius"
) -> tuple[float, ...]:
    """Hard sets for ``muscle`` per week of ``program``."""
    return tuple(week_hard_sets(w, exercises, muscle) for w in program.weeks)


def _lookup(exercises: ExerciseLookup) -> Callable[[str], Exercise | None]:
    if isinstance(exercises, Mapping):
        return exercises.get
    return exercises
