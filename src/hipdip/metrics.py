"""Counting a program: hard sets per muscle and estimated session time.

One place for both, used by the planner, the built-in program rules and apps
that want to show the numbers.

*Hard sets* (SCIENCE.md §Training, hipdip policy): a set counts 1.0 for a
muscle the exercise works as PRIMARY, 0.5 as SECONDARY, 0 as STABILIZER.

*Done volume* (SCIENCE.md §Training, hipdip policy): in a log, a set counts
as hard only when it was logged at RIR ≤ 4 (growth rises as sets end closer
to failure: Robinson et al., 2024) with at least one rep; a set logged
without an RIR does not count — except, where the program is known
(:func:`weekly_volume`), a hold: holds are prescribed without an RIR, so a
hold held at least the bottom of its prescribed range counts, as the
planner counted it. Planning counts planned sets; reports of what was done
count logged hard sets only.

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

import difflib
from collections.abc import Callable, Mapping

import attrs
import pluggy

from hipdip.errors import UnknownIdError, ValidationError, cap_problems
from hipdip.models import (
    Exercise,
    Hold,
    Prescription,
    Program,
    Progress,
    Session,
    TrainingLog,
    Week,
)
from hipdip.training import LOGGED_HARD_SET_MAX_RIR, TARGET_MUSCLE

__all__ = [
    "DEFAULT_SECONDS_PER_REP",
    "WARM_UP_SECONDS",
    "WeekVolume",
    "logged_hard_sets",
    "prescription_seconds",
    "program_weekly_hard_sets",
    "session_hard_sets",
    "session_minutes",
    "session_seconds",
    "week_hard_sets",
    "weekly_volume",
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


@attrs.frozen
class WeekVolume:
    """One week's hard sets for a muscle: ``planned`` by the program, ``done`` in the log.

    ``done`` counts sets logged at RIR ≤ 4 (:data:`hipdip.training.LOGGED_HARD_SET_MAX_RIR`),
    with the same role credit as ``planned``; ``logged`` counts every logged set.
    """

    week: int
    deload: bool
    planned: float
    logged: float
    done: float


def logged_hard_sets(
    log: TrainingLog, exercises: ExerciseLookup, muscle: str = "gluteus_medius"
) -> dict[int, float]:
    """Hard sets for ``muscle`` done per week of ``log``: sets logged at RIR ≤ 4, role-credited.

    Every session needs its program ``week``: a dated one raises
    :class:`~hipdip.ValidationError` (place the log first, or use
    :func:`weekly_volume`, which does), as does a session logged twice or an
    exercise id a mapping of ``exercises`` does not hold (:func:`hipdip.progress`
    refuses such a log).

    >>> from hipdip import ExerciseLog, SessionLog, SetResult, TrainingLog, catalog
    >>> log = TrainingLog((SessionLog(1, 1, (ExerciseLog("clamshell", (
    ...     SetResult(reps=20, rir=2), SetResult(reps=20, rir=6), SetResult(reps=18))),)),))
    >>> logged_hard_sets(log, catalog().exercises)
    {1: 1.0}
    """
    _check_log("log", log)
    lookup = _checked_lookup(exercises, muscle)
    for i, session in enumerate(log.sessions):
        if session.week is None:
            raise ValidationError(
                f"log.sessions[{i}].week: a dated session has no program week to count it "
                "in: place the log on its program first (hipdip.logs.assign(program, "
                "log).log), or use weekly_volume(program, log, ...), which does"
            )
    _check_slots(None, log)
    _check_known(log, exercises)
    return _done(log, lookup, muscle, {})


def _check_log(name: str, log: object) -> None:
    if not isinstance(log, TrainingLog):
        hint = (
            " (pass the TrainingLog given to progress(), not its Progress)"
            if isinstance(log, Progress)
            else ""
        )
        raise ValidationError(f"{name}: must be a TrainingLog (got {type(log).__name__}){hint}")


def _slot_problems(
    program: Program | None,
    log: TrainingLog,
    where: Mapping[tuple[int | None, int | None], int] | None = None,
) -> dict[int, str]:
    """Placed sessions of ``log`` that ``program`` cannot hold, by log index: not in it,
    or logged twice. One wording for :func:`hipdip.progress` and the report functions;
    ``where`` maps a slot to its session's index in ``program`` (built when not given).
    Without a program, only sessions logged twice.

    A session logged after a later one of the program is not refused: a log is in the
    order the sessions were trained, and a day done out of turn (day 2 on Monday, day 1
    on Wednesday) cannot be logged otherwise — dates never go back (an attacker's
    review: refusing it left no way to log that week)."""
    if where is None and program is not None:
        where = {(s.week, s.day): i for i, s in enumerate(program.sessions)}
    out: dict[int, str] = {}
    seen: dict[tuple[int | None, int | None], int] = {}
    for k, session in enumerate(log.sessions):
        key = (session.week, session.day)
        if key[0] is None:
            continue
        if where is not None and key not in where:
            weeks = program.weeks if program is not None else ()
            days = max((len(w.sessions) for w in weeks), default=0)
            span = f"weeks {weeks[0].index}–{weeks[-1].index}, days 1–{days}" if weeks else "none"
            out[k] = (
                f"log.sessions[{k}]: week {key[0]} day {key[1]} is not in the program (it has "
                f"{span})"
            )
            continue
        if key in seen:
            out[k] = (
                f"log.sessions[{k}]: week {key[0]} day {key[1]} is logged twice "
                f"(also sessions[{seen[key]}])"
            )
            continue
        seen[key] = k
    return out


def _check_slots(program: Program | None, log: TrainingLog) -> None:
    """Refuse what :func:`_slot_problems` finds, as :func:`hipdip.progress` does."""
    problems = _slot_problems(program, log)
    if problems:
        raise ValidationError(cap_problems(problems.values()))


def _checked_lookup(exercises: object, muscle: object) -> Callable[[str], Exercise | None]:
    """The lookup of a report function's ``exercises``, after checking it and ``muscle``.

    A mapping must map ids to :class:`~hipdip.Exercise` s (``{"x": 1}`` counted
    0 sets), and a muscle that none of them works is refused (a misspelled
    ``"gluteus_medus"`` counted 0 sets); a lookup function cannot be listed.
    """
    if not isinstance(muscle, str):
        raise ValidationError(f"muscle: must be a muscle id string (got {type(muscle).__name__})")
    if isinstance(exercises, Mapping):
        for key, exercise in exercises.items():
            if not isinstance(exercise, Exercise):
                raise ValidationError(
                    f"exercises: gave {type(exercise).__name__} for {key!r}, not an "
                    "Exercise (pass hipdip.catalog().exercises)"
                )
        if muscle != TARGET_MUSCLE:
            worked = {target.muscle for e in exercises.values() for target in e.targets}
            if muscle not in worked:
                near = difflib.get_close_matches(muscle, sorted(worked), n=1)
                hint = f"; did you mean {near[0]!r}?" if near else ""
                raise ValidationError(f"muscle: no exercise works {muscle!r}{hint}")
        return _lookup(exercises)
    if not callable(exercises):
        raise ValidationError(
            "exercises: must be a mapping of exercise ids to exercises (such as "
            f"hipdip.catalog().exercises) or a lookup function (got {type(exercises).__name__})"
        )
    return exercises


def _check_known(log: TrainingLog, exercises: object) -> None:
    """Refuse a logged exercise a mapping of ``exercises`` does not hold, with a
    did-you-mean, as :func:`hipdip.progress` does (a misspelled id counted 0 sets,
    silently: an attacker's review). A lookup function's ``None`` is its own say."""
    if not isinstance(exercises, Mapping):
        return
    problems = [
        f"log.sessions[{k}].exercises[{j}].exercise: "
        f"{UnknownIdError('exercise', entry.exercise, exercises)}"
        for k, session in enumerate(log.sessions)
        for j, entry in enumerate(session.exercises)
        if entry.exercise not in exercises
    ]
    if problems:
        raise ValidationError(cap_problems(problems))


def _done(
    log: TrainingLog,
    lookup: Callable[[str], Exercise | None],
    muscle: str,
    holds: Mapping[tuple[int, int | None, str], Hold],
) -> dict[int, float]:
    """:func:`logged_hard_sets`, with ``holds`` the prescribed holds by (week, day, exercise)."""
    out: dict[int, float] = {}
    for session in log.sessions:
        if session.week is None:  # a dated session not placed on a program has no week
            continue
        total = out.setdefault(session.week, 0.0)
        for entry in session.exercises:
            exercise = _exercise(lookup, entry.exercise)
            if exercise is None:
                continue
            hold = holds.get((session.week, session.day, entry.exercise))
            hard = 0
            for result in entry.sets:
                if hold is not None and result.hold_seconds is not None:
                    # A hold held at least the bottom of its prescribed range (and, logged
                    # with an RIR, at RIR ≤ 4): a 1 s plank at "RIR 2" is no hard set.
                    hard += result.hold_seconds >= hold.low_seconds and (
                        result.rir is None or result.rir <= LOGGED_HARD_SET_MAX_RIR
                    )
                elif result.rir is not None:
                    done = result.reps != 0 and result.hold_seconds != 0
                    hard += done and result.rir <= LOGGED_HARD_SET_MAX_RIR
            total += exercise.set_credit(muscle) * hard
        out[session.week] = total
    return out


def _exercise(lookup: Callable[[str], Exercise | None], exercise_id: str) -> Exercise | None:
    """``lookup(exercise_id)``, checked: an ``Exercise`` or ``None``."""
    found = lookup(exercise_id)
    if found is not None and not isinstance(found, Exercise):
        raise ValidationError(
            f"exercises: gave {type(found).__name__} for {exercise_id!r}, not an Exercise "
            "(pass hipdip.catalog().exercises or a lookup returning Exercise or None)"
        )
    return found


def weekly_volume(
    program: Program,
    log: TrainingLog | None,
    exercises: ExerciseLookup,
    muscle: str = "gluteus_medius",
    *,
    pm: pluggy.PluginManager | None = None,
) -> tuple[WeekVolume, ...]:
    """Planned hard sets per week of ``program`` beside those done in ``log`` (RIR ≤ 4; a
    hold logged without an RIR: held at least the bottom of its prescribed range).

    Dated sessions (an app's export) are placed on ``program`` first, as
    :func:`hipdip.progress` places them with the same ``pm``
    (:func:`hipdip.logs.assign`; ``None``: the installed plugins), and refused
    where it refuses them (a session it cannot place, an exercise left out of
    its session); a placed session must be in ``program`` and logged once, as
    there, naming it. The exercises of a placed session are counted as logged
    (:func:`hipdip.progress` checks them against the program, with its
    plugin rules' moves).

    >>> from hipdip import catalog
    >>> from hipdip.examples import example_log, example_program
    >>> program = example_program()
    >>> first = weekly_volume(program, example_log(program), catalog().exercises)[0]
    >>> first.week, first.planned, first.done  # the log holds 2 of week 1's 3 sessions
    (1, 10.0, 7.0)
    """
    if not isinstance(program, Program):
        raise ValidationError(f"program: must be a Program (got {type(program).__name__})")
    if log is not None:
        _check_log("log", log)
        if any(session.week is None for session in log.sessions):
            # Dated sessions: placed on the program as progress() places them, refused
            # where it refuses them (they counted 0 sets, silently — an attacker's
            # review; a count that leaves sessions or exercises out says so).
            from hipdip.progression import _placed

            log = _placed(program, log, pm)
        _check_slots(program, log)
    lookup = _checked_lookup(exercises, muscle)
    if log is not None:
        _check_known(log, exercises)
    holds: dict[tuple[int, int | None, str], Hold] = {
        (session.week, session.day, item.exercise): item.dose
        for session in program.sessions
        for item in session.items
        if isinstance(item.dose, Hold)
    }
    done = _done(log, lookup, muscle, holds) if log is not None else {}
    logged: dict[int, float] = {}
    for session in log.sessions if log is not None else ():
        if session.week is None:
            continue
        for entry in session.exercises:
            exercise = _exercise(lookup, entry.exercise)
            if exercise is not None:
                logged[session.week] = logged.get(session.week, 0.0) + len(
                    entry.sets
                ) * exercise.set_credit(muscle)
    return tuple(
        WeekVolume(
            week=week.index,
            deload=week.deload,
            planned=week_hard_sets(week, lookup, muscle),
            logged=logged.get(week.index, 0.0),
            done=done.get(week.index, 0.0),
        )
        for week in program.weeks
    )
