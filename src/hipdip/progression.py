"""The progression engine: one step from a session's sets, and a whole log applied to a program.

:func:`next_prescription` asks the registered progression rules (built-ins:
:mod:`hipdip.builtin.progression`) for the next step after one session and
checks what they return against SCIENCE.md §Invariants 5.
:func:`progress` replays a :class:`~hipdip.TrainingLog` over a
:class:`~hipdip.Program`, carrying each decision into the later sessions.

>>> from hipdip import Bodyweight, Prescription, Reps, SetResult
>>> item = Prescription("clamshell", 3, Reps(12, 20), Bodyweight(), rir=2)
>>> decision = next_prescription(item, [SetResult(reps=15, rir=3)] * 3)
>>> decision.action, decision.rule
(<Action.ADD_REPS: 'add_reps'>, 'double_progression')
>>> decision.reason
'3×15 at RIR 3 stayed within 12–20: add a rep to each set next session, same load (bodyweight); a harder variant comes once a set reaches 20 and the other 2 fall off by at most 2 reps a set (none under 12) at RIR ≥ 1 on average (or one set reaches 20 at RIR ≥ 4)'
"""

from __future__ import annotations

import bisect
import datetime
import functools
import math
import weakref
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

import attrs

from hipdip import metrics
from hipdip.errors import (
    MAX_PROBLEMS,
    UnknownIdError,
    ValidationError,
    cap_problems,
)
from hipdip.inputs import profile_problems
from hipdip.ladders import Ladders, is_monotone_step, lacks, ladders, medius_rank
from hipdip.loads import (
    EPLEY_DIVISOR,
    describe_load,
    estimated_1rm,
    grid_units,
    heavier,
    increment_kg,
    is_heavier,
    lighter,
    load_for_reps,
    load_problem,
    load_units,
    max_step_kg,
    moved_body_kg,
    off_by_more_than_a_step,
)
from hipdip.models import (
    Action,
    Band,
    Bodyweight,
    Decision,
    Exercise,
    Finding,
    Hold,
    Load,
    LoadKind,
    Prescription,
    Profile,
    Program,
    Progress,
    Reps,
    Session,
    SetResult,
    Severity,
    TrainingLog,
    Week,
    Weight,
)
from hipdip.models._unchecked import unchecked
from hipdip.models.finding import capped
from hipdip.models.program import MAX_REPS, MAX_RIR, MAX_SETS
from hipdip.protocols import Problem
from hipdip.registry import Catalog, catalog
from hipdip.training import (
    BREAK_DAYS,
    DEFAULT_HOLD,
    DEFAULT_REPS,
    DEFAULT_REPS_TEMPO,
    HOLD_PATTERNS,
    HOLD_TEMPO,
    MAX_REPS_NEAR_FAILURE,
    MIN_SETS_PER_EXERCISE,
    MIN_WEEKLY_HARD_SETS,
    REP_TOP_STEP,
    TARGET_MUSCLE,
    WEEKLY_HARD_SETS,
    _dose_words,
    _same_range,
    _targets_share_load,
    rep_target,
)
from hipdip.training import (
    SHARED_LOAD_TARGET_REPS as SHARED_LOAD_TARGET_REPS,  # re-exported (it lived here)
)
from hipdip.training import (
    STALE_TARGET_SESSIONS as STALE_TARGET_SESSIONS,  # re-exported (it lived here)
)

if TYPE_CHECKING:
    import pluggy

    from hipdip.protocols import ProgressionRule

__all__ = [
    "DELOAD_RULE",
    "EXTRA_ARGUMENTS",
    "FALLBACK_RULE",
    "HISTORY_SESSIONS",
    "STALE_TARGET_SESSIONS",
    "Invariant",
    "PastSession",
    "decision_problems",
    "extra_arguments",
    "next_prescription",
    "progress",
    "rule_order",
]

#: Optional keyword arguments a rule's ``decide`` may name to receive them.
EXTRA_ARGUMENTS: tuple[str, ...] = (
    "previous",
    "previous_prescription",
    "catalog",
    "history",
    "profile",
    "gap_days",
    "week",
    "moved_from",
)
#: ``Decision.rule`` when no registered rule decided.
FALLBACK_RULE = "none"
#: How many earlier logged sessions of an exercise rules see as ``history``
#: (a bound on the work per step; the plateau rule needs far fewer).
HISTORY_SESSIONS = 32
#: ``Decision.rule`` of the engine's own answer to a session of a deload week.
DELOAD_RULE = "deload"


@attrs.frozen
class PastSession:
    """An earlier logged session of an exercise, as progression rules see it (``history``).

    ``prescription`` is what was prescribed, ``results`` what was logged,
    ``deload`` whether it was in a deload week, ``action`` what was decided
    and ``rule`` the id of the rule that decided it (``None`` when unknown).
    ``week`` and ``day`` are the program's (from 1); 0 when unknown — the one
    session :func:`next_prescription` builds from its ``previous`` (and the
    contract suites' cases), which is the session just before.
    """

    week: int
    day: int
    prescription: Prescription
    results: tuple[SetResult, ...]
    deload: bool = False
    action: Action | None = None
    rule: str | None = None


#: Most sets one call accepts (a log holds at most MAX_SETS per exercise; slack for callers).
_MAX_LOGGED_SETS = MAX_SETS * 5
#: Loads are kept to 1e-6 kg (hipdip.loads rounds to it): a step may exceed its cap by the
#: rounding of both loads and of the increment (a pound, 0.45359237 kg, kept as 0.453592).
_EPSILON = 2e-6
#: A weight raised by no more than this (kg, or half the exercise's increment if that is
#: less) is not raised: loads are kept to 1e-6 kg, so a load floored to a grid of rounded
#: steps can read a microgram heavier (hipdip-rpe's "+0 lb" raises in pounds).
_NO_STEP_KG = 1e-4
#: What to do about a logged load far from its prescription (said once per error).
_FAR_LOAD_ADVICE = (
    " (if that is what was lifted, make it the exercise's load in the program first — a "
    "planned starting load is only a guess — and log against that)"
)
#: Programs remembered as checked, per catalogue (see :meth:`_Engine.check_program`).
_CHECKED_PROGRAMS = 64


class Invariant(StrEnum):
    """What :func:`decision_problems` checks: the ``invariant`` of each :class:`~hipdip.protocols.Problem`."""

    LOAD_NOT_NEGATIVE = "load never negative"
    STEP = "a step raises load by at most max(10 %, increment)"
    BAND_TIER = "bands move at most one tier"
    LOAD_CAP = "a load raised at most to the exercise's cap (ankle weights 5 kg)"
    REPS = f"reps within 1–{MAX_REPS}"
    RIR = f"RIR within 0–{MAX_RIR}"
    #: Everything else: a Decision whose ``before`` is the prescription, a known new exercise, a load of its kind.
    DECISION = "decide() returns None or a valid Decision"


def next_prescription(
    prescription: Prescription,
    results: Sequence[SetResult],
    *,
    pm: pluggy.PluginManager | None = None,
    previous: Sequence[SetResult] | None = None,
    previous_prescription: Prescription | None = None,
    profile: Profile | None = None,
    deload: bool = False,
    gap_days: int | None = None,
) -> Decision:
    """One progression step: what to do next after ``results`` were logged for ``prescription``.

    ``results`` are the sets of one session; ``previous`` (optional) the sets
    logged for the same exercise in the session before, against
    ``previous_prescription`` (default: ``prescription``; its range decides
    whether that session missed its bottom). Two misses of the bottom in a
    row are a stall. ``profile`` (optional) is the person: with it, a step to
    a harder or easier variant only goes to one they have the equipment and
    level for and want (:func:`hipdip.ladders.lacks`: ``avoid`` and
    ``limitations`` too); a step elsewhere becomes ``repeat``, saying why.
    ``deload=True`` says the session was in a deload week: the answer is
    then always ``deload`` (keep it light, never more).
    ``gap_days`` (optional) is how many days passed since the session
    before (rules that name it see it: the built-in ``break`` rule steps the
    load back after 14 days or more).

    The loads are checked first (:class:`~hipdip.ValidationError`): the
    prescription's must suit its exercise (:func:`hipdip.loads.load_problem`:
    its kind, at most its cap), and each logged set's too, within one step
    of the prescription (:func:`hipdip.loads.off_by_more_than_a_step`).

    The applicable rules are asked by descending ``priority`` (ties by id);
    the first that returns a :class:`~hipdip.Decision` wins. If none decides,
    the prescription is repeated (``rule="none"``). A rule's decision must
    keep SCIENCE.md §Invariants 5. A plugin's rule that raises, or returns a
    non-bool from ``applies()`` or a decision breaking those invariants, is
    skipped for this call: the next rules decide as if it were not there,
    a :class:`~hipdip.HipdipPluginWarning` names the plugin, the rule and the
    exception, and the decision's ``findings`` hold a WARNING saying so
    (:meth:`hipdip.Catalog.rule_failed`; with ``HIPDIP_STRICT_PLUGINS=1`` a
    :class:`~hipdip.PluginError` instead). A built-in rule's failure is a bug
    and propagates.

    >>> from hipdip import Bodyweight, Prescription, Reps, SetResult
    >>> item = Prescription("clamshell", 3, Reps(12, 20), Bodyweight(), rir=2)
    >>> missed = [SetResult(reps=11, rir=0)] * 3
    >>> next_prescription(item, missed).action
    <Action.REPEAT: 'repeat'>
    >>> next_prescription(item, missed, previous=missed).reason[:6]
    'stall:'
    >>> next_prescription(item, missed, deload=True).action
    <Action.DELOAD: 'deload'>
    >>> next_prescription(item, [])
    Traceback (most recent call last):
    ...
    hipdip.errors.ValidationError: results: must hold at least one SetResult (got [])
    """
    _check_prescription("prescription", prescription)
    done = _check_results("results", results, prescription, min_items=1)
    cat = catalog(pm)
    _check_loads(cat, prescription, done)
    history: tuple[PastSession, ...] = ()
    if previous_prescription is not None:
        _check_prescription("previous_prescription", previous_prescription)
    if previous is not None:
        before = previous_prescription or prescription
        earlier = _check_results("previous", previous, before)
        # Checked as the step's own loads are: rules read them (the break rule compares
        # with them; a 400 kg ankle weight decided an answer: an attacker's re-review).
        names = ("previous_prescription" if previous_prescription else "prescription", "previous")
        _check_loads(cat, before, earlier, names)
        history = (PastSession(0, 0, before, earlier),)
    if profile is not None and not isinstance(profile, Profile):
        raise ValidationError(f"profile: must be a Profile or None (got {type(profile).__name__})")
    if not isinstance(deload, bool):
        raise ValidationError(f"deload: must be true or false (got {deload!r})")
    if gap_days is not None and (type(gap_days) is not int or gap_days < 0):
        raise ValidationError(f"gap_days: must be a whole number of days ≥ 0 (got {gap_days!r})")
    decision = _decide(
        _engine(cat), prescription, done, history, profile, deload, _Skips(), gap_days
    )
    return decision if profile is None else _allowed(decision, profile, cat)


def progress(
    program: Program, log: TrainingLog, *, pm: pluggy.PluginManager | None = None
) -> Progress:
    """Apply ``log`` to ``program``: one decision per logged exercise, carried into later sessions.

    Both documents are checked before anything else, and every problem of
    one is reported together in one :class:`~hipdip.ValidationError` whose
    lines name the document and the path (at most 50 lines):

    - the program (``program…``): its profile's equipment ids against the
      catalogue, then every registered program rule
      (:func:`hipdip.validate_program`) — an ERROR finding, such as an
      unknown exercise, a week numbered twice or a load that is not of its
      exercise's kind or is over its cap (``load_limits``), is a problem
      (``program: load_limits: week 1 day 1, …: load 400 kg ankle weight,
      more than the 5 kg ankle weights allow``);
    - the log (``log.sessions[…]…``): every logged session must be a
      session of the program (once), and every logged exercise prescribed
      in it — or a variant on the same easier/harder ladder, so a log that
      followed an earlier ``advance_exercise`` fits — and one the person
      has the equipment and the level for; sets must be reps for rep ranges
      and seconds for holds, and each set's load of the exercise's kind and
      within its cap (``log.sessions[0].exercises[1].sets[0].load: 50 kg,
      but 'side_lying_hip_abduction' is a bodyweight exercise (no load)``).

    While the log is replayed, each set's load must also be within one step
    (:func:`hipdip.loads.off_by_more_than_a_step`: a weight within
    ``max(10 %, increment)``, a band within one tier) of what was prescribed
    for that session — as ``program`` gives it, or as the earlier decisions
    changed it: a log cannot claim a load the program never came near.

    A log whose sessions carry a ``date`` but no ``week``/``day`` (an
    import from another app) is first placed on the program's sessions in
    order (:func:`hipdip.logs.assign`); a session or exercise it cannot
    place is a :class:`~hipdip.ValidationError`. Rules see, per logged
    exercise, the longest break between dated sessions since it was last
    trained at that planned dose — each DUP day, deload weeks aside
    (``gap_days``): after :data:`~hipdip.training.BREAK_DAYS` (14) or more
    the built-in ``break`` rule steps the load back one step, and the
    exercise's sessions before the break are no longer its ``history``.

    Then, in log order, each logged exercise is progressed from its current
    prescription (already updated by earlier entries) with the registered
    rules, which see the exercise's earlier logged sessions (``history``)
    and ``program.profile``. A session of a deload week gets a ``deload``
    decision (keep it light: no more load, reps or harder variant). Each
    decision is carried into every prescription of that exercise in the
    sessions after the logged one (SCIENCE.md §Training):

    - the exercise and load; where a later prescription has another rep
      target (rep range or RIR: DUP, block, a plugin scheme), the load
      follows it through an estimated 1RM (Epley) from the last logged set,
      ``e1RM / (1 + (middle of the range + RIR) / 30)``, rounded down to the
      exercise's increment and within one step of the carried load (bands:
      one tier when the target moves by a step or more); each target keeps
      its own load while the exercise alternates targets (DUP), and one not
      trained in the exercise's last :data:`STALE_TARGET_SESSIONS` sessions
      (a block's next phase) is met afresh; while the latest sessions show
      the target's load more than one step above the load served, the top
      of the range rises to where Epley says that load ends at the target
      RIR (at most 30 reps; a ``held_top`` INFO finding says so);
    - in deload weeks, one step lighter (~10 %, one band tier) than the
      load the deload's rep target lifted last (a DUP day's own; else the
      carried load) — not than the deload target's Epley load, which would
      make a second step — or, with no lighter load, reps capped at the
      bottom of the range;
    - a hold target (clamped into each later range), a raised top of the rep
      range and a slower tempo (no load left to add) — trimmed back where a
      session would no longer fit ``session_minutes`` — and the dose of a
      variant prescribed differently (a hold that became reps);
    - for a variant with a bigger gluteus medius role (SECONDARY → PRIMARY),
      fewer sets, so the week keeps its planned hard sets.

    Each later prescription keeps its own sets, range, RIR and rest. A step
    to a variant that ``program.profile`` lacks the equipment or level for, or
    (a built-in rule's) to one a later session of it already holds, is not
    taken: the decision becomes ``repeat`` and says why. Exercises never
    logged stay as planned. What was done is what is progressed: a logged
    variant other than the one now prescribed in that slot is progressed as
    that variant at the load of its first set, and an exercise done at a load
    one step off its prescription (the first set's) from that load.

    Returns :class:`~hipdip.Progress` with the updated program and the
    decisions in log order. The inputs are not changed.
    """
    if not isinstance(program, Program):
        raise ValidationError(f"program: must be a Program (got {type(program).__name__})")
    if not isinstance(log, TrainingLog):
        raise ValidationError(f"log: must be a TrainingLog (got {type(log).__name__})")
    if any(session.week is None for session in log.sessions):
        log = _placed(program, log, pm)
    cat = catalog(pm)
    engine = _engine(cat)
    return _Replay(engine, program, engine.check_program(program, pm)).run(log)


def _placed(program: Program, log: TrainingLog, pm: pluggy.PluginManager | None) -> TrainingLog:
    """``log`` with its dated sessions placed on ``program`` (:func:`hipdip.logs.assign`).

    Anything :func:`~hipdip.logs.assign` would leave out is an error here:
    call it yourself to drop such sessions knowingly.
    """
    from hipdip.logs import assign

    done = assign(program, log, pm=pm)
    problems = [
        f"log.sessions[{u.index}]: {u.date}: could not be placed on the program: {u.reason}"
        for u in done.unplaced
    ] + [f"log.sessions[{i}]: {exercise}: {why}" for i, exercise, why in done.left_out]
    if problems:
        problems.append(
            "log: hipdip.logs.assign(program, log) places what it can and lists the rest "
            "(on the command line: hipdip import-log EXPORT.csv --program PROGRAM)"
        )
        raise ValidationError(problems)
    return done.log


def decision_problems(
    decision: object, prescription: Prescription, exercise: Exercise, cat: Catalog
) -> tuple[Problem, ...]:
    """Why ``decision`` is not an acceptable next step for ``prescription`` (empty: it is).

    Checks SCIENCE.md §Invariants 5 — load never negative, one step raises a
    weight by at most ``max(10 %, increment)`` (from bodyweight: one
    increment), bands move at most one tier (from no band: to the lightest),
    reps 1–50, RIR 0–5 — no raise past the exercise's load cap
    (:func:`hipdip.loads.load_cap_kg`: ankle weights 5 kg, SCIENCE.md
    §Training) — and that ``decision`` is a
    :class:`~hipdip.Decision` whose ``before`` is ``prescription``, whose
    new exercise, if any, is in the catalogue with a load of its kind and a
    first load within one step of none or of the load before (same kind),
    whose action says what the load does (``repeat``/``add_reps`` keep it,
    ``reduce_load``/``deload`` never raise it, ``advance_exercise`` changes
    the exercise), whose exercise changes only by ``advance_exercise`` (never
    down its ladder, to a lower level or a smaller gluteus medius role) or
    ``reduce_load`` (never up its ladder, to a higher level, a smaller role, a
    heavier load of the same kind or a higher top), with a band at the new
    exercise's placement and a hold only for a hold exercise, and whose dose
    keeps its kind within one exercise. Bad arguments (not a
    :class:`~hipdip.Prescription`, :class:`~hipdip.Exercise`, catalogue)
    raise :class:`~hipdip.ValidationError` naming them. Each
    :class:`~hipdip.protocols.Problem` names the :class:`Invariant` it breaks.

    >>> from hipdip import Decision, Prescription, Reps, Weight, catalog
    >>> cat = catalog()
    >>> item = Prescription("dumbbell_side_lying_hip_abduction", 3, Reps(12, 20), Weight(2.0))
    >>> jump = Decision("increase_load", item, attrs.evolve(item, load=Weight(4.0)), "x", "x")
    >>> exercise = cat.exercise("dumbbell_side_lying_hip_abduction")
    >>> (problem,) = decision_problems(jump, item, exercise, cat)
    >>> problem.invariant is Invariant.STEP
    True
    >>> problem.message
    'load rises 2 → 4 kg (+2 kg), more than one step allows: max(10 %, increment 1 kg) = 1 kg'
    """
    _check_prescription("prescription", prescription)
    if not isinstance(exercise, Exercise):
        raise ValidationError(f"exercise: must be an Exercise (got {type(exercise).__name__})")
    if exercise.id != prescription.exercise:
        # The steps, cap and ladder are the exercise's: another one's judge the wrong
        # loads (a cable's 2.5 kg increment let ankle weights jump 1 → 3.5 kg).
        raise ValidationError(
            f"exercise: {exercise.id!r} is not the prescription's exercise "
            f"{prescription.exercise!r} (pass cat.exercise(prescription.exercise))"
        )
    if not isinstance(cat, Catalog):
        raise ValidationError(
            f"cat: must be a Catalog, as hipdip.catalog() gives (got {type(cat).__name__})"
        )
    known = cat.exercises.get(exercise.id)
    if known is not None and known is not exercise and known != exercise:
        # Another exercise under the catalogue's id (a cable's increment and no cap under
        # the ankle weight's id approved 1 → 40 kg: an attacker's re-review).
        raise ValidationError(
            f"exercise: {exercise.id!r} is not the catalogue's exercise of that id (pass "
            "cat.exercise(prescription.exercise))"
        )
    return _decision_problems(decision, prescription, exercise, cat)


def _decision_problems(
    decision: object, prescription: Prescription, exercise: Exercise, cat: Catalog
) -> tuple[Problem, ...]:
    """:func:`decision_problems` of checked arguments (the engine's)."""
    if not isinstance(decision, Decision):
        message = f"returned {type(decision).__name__}, not a hipdip.Decision or None"
        return (Problem(Invariant.DECISION, message),)
    problems: list[Problem] = []
    if decision.before is not prescription and decision.before != prescription:
        message = "its before is not the prescription the rule was given"
        problems.append(Problem(Invariant.DECISION, message))
    after = decision.after
    action = decision.action
    if after is prescription and not problems and action not in _CHANGES:
        return ()
    dose = after.dose
    low, high = (dose.low, dose.high) if isinstance(dose, Reps) else (1, 1)
    if not 1 <= low <= high <= MAX_REPS:
        problems.append(Problem(Invariant.REPS, f"reps {low}–{high} are outside 1–{MAX_REPS}"))
    if after.rir is not None and not 0 <= after.rir <= MAX_RIR:
        problems.append(Problem(Invariant.RIR, f"RIR {after.rir} is outside 0–{MAX_RIR}"))
    if isinstance(after.load, Weight) and not after.load.kg > 0:
        message = f"load {after.load.kg:g} kg is not positive"
        problems.append(Problem(Invariant.LOAD_NOT_NEGATIVE, message))
    if after.exercise == prescription.exercise:
        if dose is not prescription.dose:  # (most decisions keep the dose object)
            if type(dose) is not type(prescription.dose):
                # The next session would be logged as the new kind and refused against
                # the planned one: a hold is another exercise's dose (a rung of a ladder).
                was, now = _dose_kind(prescription.dose), _dose_kind(dose)
                message = (
                    f"the dose changes from {was} to {now} within {prescription.exercise!r}: "
                    "an exercise keeps its kind of dose (advance_exercise to one of the other "
                    "kind)"
                )
                problems.append(Problem(Invariant.DECISION, message))
            more = _dose_problem(action, prescription.dose, dose)
            if more is not None:
                problems.append(Problem(Invariant.DECISION, more))
        if action == Action.ADVANCE_EXERCISE:
            message = f"advance_exercise but the exercise stays {prescription.exercise!r}"
            problems.append(Problem(Invariant.DECISION, message))
        if after.load is prescription.load:
            if action in (Action.INCREASE_LOAD, Action.NEXT_BAND):
                load = describe_load(after.load, exercise)
                message = f"{action} but the load does not change ({load})"
                problems.append(Problem(Invariant.DECISION, message))
            return tuple(problems)
        if not _fits(after.load, exercise):
            # A weight on a bodyweight exercise: the program rule load_limits refuses every
            # later session it is carried into (an attacker's review).
            message = (
                f"{after.exercise!r} is a {exercise.load_kind.value} exercise but the new load "
                f"is {type(after.load).__name__}"
            )
            problems.append(Problem(Invariant.DECISION, message))
            return tuple(problems)
        step = _step_problem(prescription.load, after.load, exercise)
        if step is not None:
            problems.append(step)
        over = _cap_problem(prescription.load, after.load, exercise)
        if over is not None:
            problems.append(over)
        wrong = _direction_problem(action, prescription.load, after.load, exercise)
        if wrong is not None:
            problems.append(Problem(Invariant.DECISION, wrong))
    else:
        target = cat.exercises.get(after.exercise)
        if action not in _MOVES:
            message = (
                f"{action} but the exercise changes ({prescription.exercise!r} → "
                f"{after.exercise!r}): only advance_exercise (to a harder exercise) and "
                "reduce_load (to an easier one) move to another exercise"
            )
            problems.append(Problem(Invariant.DECISION, message))
        if target is None:
            message = f"after.exercise {after.exercise!r} is not in the catalogue"
            problems.append(Problem(Invariant.DECISION, message))
        elif not _fits(after.load, target):
            message = (
                f"{after.exercise!r} is a {target.load_kind.value} exercise but the new load is "
                f"{type(after.load).__name__}"
            )
            problems.append(Problem(Invariant.DECISION, message))
        elif (over := _cap_problem(Bodyweight(), after.load, target)) is not None:
            problems.append(over)
        elif (
            first := _first_load_problem(prescription.load, after.load, exercise, target)
        ) is not None:
            problems.append(first)
        if (
            target is not None
            and decision.action == Action.ADVANCE_EXERCISE
            and not is_monotone_step(exercise, target)
        ):
            # SCIENCE.md §Training: a step to "harder" never moves to a lower level or
            # a smaller gluteus medius role — on a ladder or off it.
            message = (
                f"advance_exercise to {after.exercise!r} (level {target.level}, gluteus medius "
                f"{_role_words(target)}) from level {exercise.level}, {_role_words(exercise)}: "
                "a step to a harder exercise never goes to a lower level or a smaller gluteus "
                "medius role"
            )
            problems.append(Problem(Invariant.DECISION, message))
        if target is not None and action in _MOVES:
            more = _move_problem(action, prescription, after, exercise, target, cat)
            if more is not None:
                problems.append(Problem(Invariant.DECISION, more))
        if (
            target is not None
            and action == Action.REDUCE_LOAD
            and (target.level > exercise.level or medius_rank(target) > medius_rank(exercise))
        ):
            # SCIENCE.md §Training: a stall or plateau steps down to an easier variant
            # (or another exercise of the same role), not to one that works the gluteus
            # medius less — a plugin's repeat "to" a glute bridge took the hard sets away.
            message = (
                f"reduce_load to {after.exercise!r} (level {target.level}, gluteus medius "
                f"{_role_words(target)}) from level {exercise.level}, {_role_words(exercise)}: "
                "a step to an easier exercise never goes to a higher level or a smaller "
                "gluteus medius role"
            )
            problems.append(Problem(Invariant.DECISION, message))
    return tuple(problems)


def _move_problem(
    action: object,
    before: Prescription,
    after: Prescription,
    exercise: Exercise,
    target: Exercise,
    cat: Catalog,
) -> str | None:
    """Whether a move from ``exercise`` to ``target`` contradicts ``action`` (an attacker's
    review: each of these was taken): ``advance_exercise`` down its ladder or
    ``reduce_load`` up it, a ``reduce_load`` to a heavier load of the same kind or a
    higher top of the range, a band at a placement the new exercise does not use, a
    hold for an exercise done for reps (or reps for a hold)."""
    lad = ladders(cat)
    if lad.same_ladder(exercise.id, target.id):
        below = _reachable(lad, exercise.id, down=True)
        if action == Action.ADVANCE_EXERCISE and target.id in below:
            return (
                f"advance_exercise to {target.id!r}, an easier rung of {exercise.id!r}'s "
                "ladder (a step down is reduce_load)"
            )
        if action == Action.REDUCE_LOAD and target.id in _reachable(lad, exercise.id, down=False):
            return (
                f"reduce_load to {target.id!r}, a harder rung of {exercise.id!r}'s ladder "
                "(a step up is advance_exercise)"
            )
    if action == Action.REDUCE_LOAD:
        if type(after.load) is type(before.load) and is_heavier(after.load, before.load):
            return (
                f"reduce_load to {target.id!r} at a heavier load ({describe_load(before.load, exercise)}"
                f" → {describe_load(after.load, target)})"
            )
        rises = _dose_problem(action, before.dose, after.dose)  # a higher top
        if rises is not None:
            return rises
    if (
        isinstance(after.load, Band)
        and target.band_placement is not None
        and after.load.placement != target.band_placement
    ):
        return (
            f"{target.id!r} takes its band at the {target.band_placement.value}, not the "
            f"{after.load.placement.value}"
        )
    if isinstance(after.dose, Hold) != (target.pattern in HOLD_PATTERNS):
        return (
            f"{target.id!r} is done for {'a hold' if target.pattern in HOLD_PATTERNS else 'reps'}"
            f", not {_dose_kind(after.dose)}"
        )
    return None


def _reachable(lad: Ladders, exercise_id: str, *, down: bool) -> set[str]:
    """Every exercise easier (``down``) or harder than ``exercise_id`` on its ladder."""
    seen: set[str] = set()
    todo = [exercise_id]
    while todo:
        step = lad.easier if down else lad.harder
        for other in step(todo.pop()):
            if other.id not in seen:
                seen.add(other.id)
                todo.append(other.id)
    return seen


def _first_load_problem(
    before: Load, after: Load, exercise: Exercise, target: Exercise
) -> Problem | None:
    """Whether ``after``, the first load of the new exercise ``target``, is too heavy.

    A new exercise starts within one step of no load (its lightest load, as
    :func:`hipdip.loads.starting_load` gives) or, with a load of the same kind,
    within one step of the load ``before`` (a weight carried to the next rung):
    SCIENCE.md §Invariants 5 across a move as within one exercise (a plugin's
    1 kg ankle weight went on as a 40 kg dumbbell).
    """
    first = _step_problem(Bodyweight(), after, target)
    if first is None:
        return None
    if type(before) is not type(after):
        return first
    if _step_problem(before, after, target) is None:
        return None
    message = (
        f"{target.id!r} starts at {describe_load(after, target)}, more than one step above "
        f"both no load and the load before ({describe_load(before, exercise)}): a new "
        "exercise starts within one step of either"
    )
    return Problem(first.invariant, message)


def _role_words(exercise: Exercise) -> str:
    target = exercise.target(TARGET_MUSCLE)
    return "not a target" if target is None else target.role.value


def _direction_problem(action: object, before: Load, after: Load, exercise: Exercise) -> str | None:
    """Whether ``action`` says the opposite of what the load does (same exercise)."""
    if isinstance(before, Band) and isinstance(after, Band) and before.placement != after.placement:
        return (
            f"the band moves from the {before.placement.value} to the {after.placement.value} "
            f"within {exercise.id!r}: a band placement is part of the exercise (another "
            "placement is another exercise)"
        )
    if action in (Action.INCREASE_LOAD, Action.NEXT_BAND):
        if is_heavier(before, after):
            return (
                f"{action} but the load goes down ({describe_load(before, exercise)} → "
                f"{describe_load(after, exercise)})"
            )
        if not is_heavier(after, before) or (
            isinstance(before, Weight)
            and isinstance(after, Weight)
            and after.kg - before.kg <= _NO_STEP_KG
            and after.kg - before.kg <= increment_kg(exercise) / 2
        ):
            return (
                f"{action} but the load does not change ({describe_load(before, exercise)} → "
                f"{describe_load(after, exercise)})"
            )
    if action in (Action.REDUCE_LOAD, Action.DELOAD) and is_heavier(after, before):
        return (
            f"{action} but the load goes up ({describe_load(before, exercise)} → "
            f"{describe_load(after, exercise)})"
        )
    if action in (Action.REPEAT, Action.ADD_REPS) and (
        is_heavier(after, before) or is_heavier(before, after)
    ):
        return (
            f"{action} but the load changes ({describe_load(before, exercise)} → "
            f"{describe_load(after, exercise)}): {action} keeps the load (a new load is "
            "increase_load, next_band or reduce_load)"
        )
    return None


#: Actions that promise a change: the decision cannot be the prescription itself.
_CHANGES = frozenset({Action.INCREASE_LOAD, Action.NEXT_BAND, Action.ADVANCE_EXERCISE})
#: Actions that may move to another exercise: a harder one, or an easier one.
_MOVES = frozenset({Action.ADVANCE_EXERCISE, Action.REDUCE_LOAD})


def _dose_problem(action: object, before: Reps | Hold, after: Reps | Hold) -> str | None:
    """Whether ``action`` contradicts what the dose does (same exercise, same kind of dose).

    ``repeat`` keeps the dose; ``deload`` and ``reduce_load`` never raise the top of
    the range (or the hold) — "keep it light, never more reps"; a longer hold target
    (``add_reps``) or a raised top is the other actions' business.
    """
    if type(before) is not type(after) or before == after:
        return None
    if action == Action.REPEAT:
        return (
            f"repeat but the dose changes ({_dose_words(before)} → {_dose_words(after)}): "
            "repeat keeps the dose (more reps is add_reps; fewer, reduce_load)"
        )
    if action in (Action.DELOAD, Action.REDUCE_LOAD) and _dose_top(after) > _dose_top(before):
        return (
            f"{action} but the dose rises ({_dose_words(before)} → {_dose_words(after)}): "
            "a lighter session never asks for more reps or a longer hold"
        )
    return None


def _dose_top(dose: Reps | Hold) -> int:
    return dose.high_seconds if isinstance(dose, Hold) else dose.high


def _dose_kind(dose: Reps | Hold) -> str:
    return "a hold" if isinstance(dose, Hold) else "a rep range"


# --------------------------------------------------------------------------- #
# One step


@attrs.frozen
class _Rule:
    rule: ProgressionRule
    id: str
    extras: frozenset[str]


class _Engine:
    """What the engine derives once per catalogue: rule order and ladders."""

    __slots__ = ("__weakref__", "cat", "checked", "exercises", "ladders", "rules")

    def __init__(self, cat: Catalog) -> None:
        self.cat = cat
        # The catalogue's exercises as a plain dict (ids are strings): the hot paths' lookups.
        self.exercises: dict[str, Exercise] = dict(cat.exercises.items())
        self.rules = tuple(_Rule(rule, rule.id, extra_arguments(rule)) for rule in rule_order(cat))
        self.ladders: dict[str, frozenset[str]] = {}
        # Programs that passed check_program, by id (the weak reference tells a
        # reused id), with their layout.
        self.checked: dict[int, tuple[weakref.ref[Program], _Layout]] = {}

    def check_program(self, program: Program, pm: pluggy.PluginManager | None) -> _Layout:
        """Raise :class:`~hipdip.ValidationError` unless ``program`` passes every check.

        The profile's ids against the catalogue, then every program rule
        (an ERROR finding is a problem). A program that passed is remembered
        (by identity, weakly) with its :class:`_Layout`: an app calling
        :func:`progress` after each session with the same program pays for
        the rules and the layout once.
        """
        known = self.checked.get(id(program))
        if known is not None and known[0]() is program:
            return known[1]
        problems = profile_problems(program.profile, self.cat, path="program.profile.")
        if not problems:
            from hipdip.plan import validate_program

            problems = [
                f"program: {finding.rule}: {finding.message}"
                for finding in validate_program(program, pm=pm)
                if finding.severity is Severity.ERROR
            ]
        if problems:
            raise ValidationError(cap_problems(problems))
        if len(self.checked) >= _CHECKED_PROGRAMS:
            del self.checked[next(iter(self.checked))]
        layout = _Layout(program, self.cat)
        self.checked[id(program)] = (weakref.ref(program), layout)
        return layout

    def ladder(self, exercise_id: str) -> frozenset[str]:
        """Every id reachable from ``exercise_id`` along easier/harder links (itself included)."""
        known = self.ladders.get(exercise_id)
        if known is not None:
            return known
        exercises = self.cat.exercises
        seen = {exercise_id}
        todo = [exercise_id]
        while todo:
            found = exercises.get(todo.pop())
            if found is None:
                continue
            for link in (found.easier, found.harder):
                if link is not None and link not in seen:
                    seen.add(link)
                    todo.append(link)
        ladder = frozenset(seen)
        for id_ in seen:
            self.ladders[id_] = ladder
        return ladder


_ENGINES: weakref.WeakKeyDictionary[Catalog, _Engine] = weakref.WeakKeyDictionary()


def _engine(cat: Catalog) -> _Engine:
    engine = _ENGINES.get(cat)
    if engine is None:
        engine = _ENGINES[cat] = _Engine(cat)
    return engine


def rule_order(cat: Catalog) -> tuple[ProgressionRule, ...]:
    """The progression rules of ``cat`` in the order they are asked: descending ``priority``, ties by id.

    >>> from hipdip import catalog
    >>> from hipdip.plugins import make_plugin_manager
    >>> [rule.id for rule in rule_order(catalog(make_plugin_manager(entry_points=False)))][:2]
    ['break', 'stall']
    """
    return tuple(
        rule
        for _, rule in sorted(
            cat.progression_rules.items(), key=lambda kv: (-kv[1].priority, kv[0])
        )
    )


def extra_arguments(rule: object) -> frozenset[str]:
    """The optional arguments (:data:`EXTRA_ARGUMENTS`) ``rule.decide`` names.

    >>> class Rule:
    ...     def decide(self, exercise, prescription, results, *, previous=None): ...
    >>> sorted(extra_arguments(Rule()))
    ['previous']
    """
    import inspect

    try:
        parameters = inspect.signature(rule.decide).parameters.values()  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        return frozenset()
    names = set()
    for parameter in parameters:
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            return frozenset(EXTRA_ARGUMENTS)
        if parameter.name in EXTRA_ARGUMENTS and parameter.kind in (
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            inspect.Parameter.KEYWORD_ONLY,
        ):
            names.add(parameter.name)
    return frozenset(names)


def _decide(
    engine: _Engine,
    prescription: Prescription,
    results: tuple[SetResult, ...],
    history: tuple[PastSession, ...],
    profile: Profile | None,
    deload: bool,
    skips: _Skips,
    gap_days: int | None = None,
    clash: Callable[[str], str | None] | None = None,
    week: int | None = None,
    moved_from: PastSession | None = None,
    before_break: tuple[PastSession, ...] = (),
) -> Decision:
    """The first applicable rule's acceptable decision (see :func:`progress`).

    ``clash`` (in a replay) says why a move to another exercise cannot be
    carried: it is already in a later session of this one's exercise.
    ``before_break``: the exercise's sessions before a break ``history`` starts
    after (``previous`` is still found in them).
    """
    cat = engine.cat
    exercise = engine.exercises.get(prescription.exercise) or cat.exercise(prescription.exercise)
    if deload:
        return _deload_decision(prescription, exercise)
    # The session before: the exercise's last one at the same rep or hold
    # target (DUP's heavy day follows the last heavy day, not yesterday's light
    # one), else its last one.
    # (After a break, the sessions before it too: another DUP day back follows its own
    # day before the break, not the first day back.)
    # A top held up for a load the one-step cap holds back (_held_top) changes from
    # session to session: the same bottom of the range is the same day (_same_range).
    previous: PastSession | None = None
    near: PastSession | None = None
    fallback: PastSession | None = None
    dose = prescription.dose
    for past in (*reversed(history), *reversed(before_break)):
        if not past.deload and past.prescription.exercise == prescription.exercise:
            then = past.prescription.dose
            if then == dose:
                previous = past
                break
            if near is None and _same_range(then, dose):
                near = past
            fallback = fallback or past
    previous = previous or near or fallback
    offered = {
        "previous": None if previous is None else previous.results,
        "previous_prescription": None if previous is None else previous.prescription,
        "catalog": cat,
        "history": history,
        "profile": profile,
        "gap_days": gap_days,
        "week": week,
        "moved_from": moved_from,
    }
    skipped: list[Finding] = []
    for entry in engine.rules:
        rule = entry.rule
        try:
            applies = rule.applies(exercise, prescription)
        except Exception as exc:
            skipped.append(skips.failed(cat, entry.id, "applies()", error=exc))
            continue
        if applies is not True and applies is not False:
            problem = f"returned {type(applies).__name__} {applies!r}, not a bool"
            skipped.append(skips.failed(cat, entry.id, "applies()", problem=problem))
            continue
        if not applies:
            continue
        try:
            if entry.extras:
                decision = rule.decide(
                    exercise,
                    prescription,
                    results,
                    **{name: offered[name] for name in entry.extras},
                )
            else:
                decision = rule.decide(exercise, prescription, results)
        except Exception as exc:
            skipped.append(skips.failed(cat, entry.id, "decide()", error=exc))
            continue
        if decision is None:
            continue
        problems = _decision_problems(decision, prescription, exercise, cat)
        if problems:
            problem = (
                "returned a decision that breaks the progression limits "
                f"(docs/science.md#training) for {prescription.exercise!r}: "
                + "; ".join(p.message for p in problems)
            )
            skipped.append(skips.failed(cat, entry.id, "decide()", problem=problem))
            continue
        if decision.rule != entry.id:
            # The reason a person reads, and the plateau/stall counts, name the rule that
            # decided: a rule answering as another (a plugin's "stall") is not taken.
            problem = (
                f"returned a decision naming another rule: Decision.rule is {decision.rule!r}, "
                f"not the rule's id {entry.id!r} (give rule=self.id)"
            )
            skipped.append(skips.failed(cat, entry.id, "decide()", problem=problem))
            continue
        moved = decision.after.exercise
        if clash is not None and moved != prescription.exercise:
            why = clash(moved)
            if why is not None and cat.is_builtin("progression_rules", entry.id):
                # A built-in step the program cannot take (a hand-built program holding the
                # harder exercise in a later session: an attacker's re-check found it raised
                # as a plugin bug of hipdip's own rule) is kept where it is, as a step the
                # person lacks the equipment for is (_allowed).
                target = cat.exercises.get(moved)
                decision = attrs.evolve(
                    decision,
                    action=Action.REPEAT,
                    after=decision.before,
                    reason=f"{decision.reason}; but {target.name if target else moved} "
                    f"({moved}) {why} of this program, so keep {prescription.exercise} as "
                    "prescribed",
                )
            elif why is not None:
                problem = (
                    f"moved {prescription.exercise!r} to {moved!r}, which {why}: a session "
                    "holds an exercise once (one of them could not be logged)"
                )
                skipped.append(skips.failed(cat, entry.id, "decide()", problem=problem))
                continue
        if not skipped:
            return decision
        # The skips first: a decision may hold MAX_FINDINGS of its rule's own (an attacker's
        # review: one more was a ValidationError blaming the caller's input); past the
        # cap, the last finding counts every one left out.
        return attrs.evolve(decision, findings=_capped_findings((*skipped, *decision.findings)))
    return Decision(
        Action.REPEAT,
        prescription,
        prescription,
        FALLBACK_RULE,
        f"no progression rule applies to {prescription.exercise} "
        f"({type(prescription.dose).__name__.lower()} dose): repeat as prescribed",
        _capped_findings(skipped),
    )


def _capped_findings(findings: Sequence[Finding]) -> tuple[Finding, ...]:
    """``findings``, at most :data:`~hipdip.models.finding.MAX_FINDINGS` (see
    :func:`hipdip.models.finding.capped`)."""
    return capped(findings, " (plugin rules skipped, sessions cut)")


class _Skips:
    """The plugin rules skipped in one call: each warned about once, counted, summed up."""

    __slots__ = ("counts", "first")

    def __init__(self) -> None:
        self.first: dict[str, Finding] = {}
        self.counts: dict[str, int] = {}

    def failed(
        self,
        cat: Catalog,
        rule_id: str,
        what: str,
        *,
        error: Exception | None = None,
        problem: str | None = None,
    ) -> Finding:
        """The finding for ``rule_id`` failing once (see :meth:`hipdip.Catalog.rule_failed`)."""
        finding = cat.rule_failed(
            "progression_rules",
            rule_id,
            what,
            error=error,
            problem=problem,
            warn=rule_id not in self.first,
        )
        self.first.setdefault(rule_id, finding)
        self.counts[rule_id] = self.counts.get(rule_id, 0) + 1
        return finding

    def summary(self, decisions: int) -> tuple[Finding, ...]:
        """One finding per skipped rule: the first failure, and how often it failed."""
        out = []
        for rule_id, finding in self.first.items():
            count = self.counts[rule_id]
            if count > 1:
                finding = attrs.evolve(
                    finding,
                    message=f"{finding.message} (skipped {count} times in {decisions} decisions)",
                )
            out.append(finding)
        return tuple(out)


def _allowed(decision: Decision, profile: Profile, cat: Catalog) -> Decision:
    """``decision``, unless it moves to a variant ``profile`` may not do (:func:`hipdip.ladders.lacks`): then ``repeat``."""
    after = decision.after
    if after.exercise == decision.before.exercise:
        return decision
    target = cat.exercise(after.exercise)
    missing = lacks(profile, target)
    if missing is None:
        return decision
    return attrs.evolve(
        decision,
        action=Action.REPEAT,
        after=decision.before,
        reason=f"{decision.reason}; but {target.name} ({target.id}) {missing}, so keep "
        f"{decision.before.exercise} as prescribed",
    )


def _deload_decision(prescription: Prescription, exercise: Exercise) -> Decision:
    """The engine's answer to a session of a deload week: never more (SCIENCE.md §Invariants 10)."""
    return Decision(
        Action.DELOAD,
        prescription,
        prescription,
        DELOAD_RULE,
        f"deload week: keep {exercise.name} easy — as prescribed "
        f"({describe_load(prescription.load, exercise)}), no extra reps — to clear fatigue; the "
        "load and reps go back to where they were after the deload (Rogerson et al., 2024, "
        "Sports Med Open)",
    )


def _cap_problem(before: Load, after: Load, exercise: Exercise) -> Problem | None:
    """Whether ``before`` → ``after`` raises a weight past the exercise's cap (SCIENCE.md §Training:
    practical load caps; a load already over it may come down)."""
    if not isinstance(after, Weight) or (isinstance(before, Weight) and after.kg <= before.kg):
        return None
    # The test the program rule load_limits applies (hipdip.loads.load_problem): a looser
    # one here let 5.000001 kg ankle weights through, and load_limits then refused the
    # program the engine had made (an attacker's review).
    message = load_problem(after, exercise)
    if message is None:
        return None
    return Problem(Invariant.LOAD_CAP, f"load rises to {message}")


def _step_problem(before: Load, after: Load, exercise: Exercise) -> Problem | None:
    """Whether ``before`` → ``after`` within one exercise breaks the step limits."""
    if isinstance(after, Weight):
        if isinstance(before, Weight):
            cap, old = max_step_kg(before, exercise), before.kg
        elif isinstance(before, Bodyweight):
            cap, old = increment_kg(exercise, grid_units(after.kg)), 0.0
        else:
            message = "load changes from a band to a weight within one exercise"
            return Problem(Invariant.DECISION, message)
        rise = after.kg - old
        if rise > cap + _EPSILON:
            if isinstance(before, Weight):
                step = increment_kg(exercise, grid_units(before.kg))
                rule = f"max(10 %, increment {step:g} kg) = {cap:g} kg"
            else:
                rule = f"one increment, {cap:g} kg, from bodyweight"
            message = (
                f"load rises {old:g} → {after.kg:g} kg (+{rise:g} kg), more than one step "
                f"allows: {rule}"
            )
            return Problem(Invariant.STEP, message)
        return None
    if isinstance(after, Band):
        if isinstance(before, Band):
            tiers = after.tier.rank - before.tier.rank
            if tiers > 1:
                message = (
                    f"band moves {before.tier.value} → {after.tier.value} ({tiers} tiers up); "
                    "bands move at most one tier"
                )
                return Problem(Invariant.BAND_TIER, message)
            return None
        if isinstance(before, Bodyweight):
            if after.tier.rank > 0:
                message = (
                    f"load jumps from no band to a {after.tier.value} band; bands move at most "
                    "one tier (start at extra_light)"
                )
                return Problem(Invariant.BAND_TIER, message)
            return None
        return Problem(
            Invariant.DECISION, "load changes from a weight to a band within one exercise"
        )
    return None


def _fits(load: Load, exercise: Exercise) -> bool:
    if isinstance(load, Weight):
        return exercise.load_kind is LoadKind.WEIGHT
    if isinstance(load, Band):
        return exercise.load_kind is LoadKind.BAND
    return True


def _check_prescription(name: str, value: object) -> None:
    if not isinstance(value, Prescription):
        raise ValidationError(f"{name}: must be a Prescription (got {type(value).__name__})")


def _check_results(
    name: str, value: object, prescription: Prescription, *, min_items: int = 0
) -> tuple[SetResult, ...]:
    if type(value) is not tuple:
        if not isinstance(value, Sequence) or isinstance(value, str):
            raise ValidationError(
                f"{name}: must be a sequence of SetResult (got {type(value).__name__})"
            )
        value = tuple(value)
    count = len(value)
    if not min_items <= count <= _MAX_LOGGED_SETS:
        shown = repr(list(value)) if count <= 3 else f"{count} items"
        if count < min_items:
            raise ValidationError(f"{name}: must hold at least one SetResult (got {shown})")
        raise ValidationError(f"{name}: must hold at most {_MAX_LOGGED_SETS} sets (got {shown})")
    hold = type(prescription.dose) is Hold
    for index, item in enumerate(value):
        if type(item) is not SetResult and not isinstance(item, SetResult):
            raise ValidationError(
                f"{name}[{index}]: must be a SetResult (got {type(item).__name__})"
            )
        if (item.hold_seconds if hold else item.reps) is None:
            raise ValidationError(_kind_problems(name, prescription, value))
    return value


def _check_loads(
    cat: Catalog,
    prescription: Prescription,
    results: tuple[SetResult, ...],
    names: tuple[str, str] = ("prescription", "results"),
) -> None:
    """The loads of one step: the prescription's of its exercise's kind and cap, each set's
    of that kind and within one step of the prescription (as :func:`progress` checks a log).
    ``names``: the arguments' names in the messages."""
    exercise = cat.exercise(prescription.exercise)
    problems: list[str] = []
    wrong = load_problem(prescription.load, exercise)
    if wrong is not None:
        problems.append(f"{names[0]}.load: {wrong}")
    for i, result in enumerate(results):
        wrong = load_problem(result.load, exercise) or off_by_more_than_a_step(
            result.load, prescription.load, exercise
        )
        if wrong is not None:
            problems.append(f"{names[1]}[{i}].load: {wrong}")
    if problems:
        raise ValidationError(cap_problems(problems))


def _wrong_kind(result: object, hold: bool) -> bool:
    """Whether ``result`` is logged as reps for a hold, or as seconds for a rep range."""
    return isinstance(result, SetResult) and (result.hold_seconds if hold else result.reps) is None


def _kind_fits(item: Prescription, sets: Sequence[SetResult]) -> bool:
    """Whether every set is logged as ``item``'s dose asks (``_kind_problems`` finds nothing).

    The hot path's check: it builds no message.
    """
    hold = isinstance(item.dose, Hold)
    return not any(_wrong_kind(result, hold) for result in sets)


def _kind_problems(path: str, item: Prescription, sets: Sequence[SetResult]) -> list[str]:
    """Sets logged as reps for a hold, or as seconds for a rep range."""
    hold = isinstance(item.dose, Hold)
    field, other = ("hold_seconds", "reps") if hold else ("reps", "hold_seconds")
    kind = "a hold" if hold else "a rep range"
    return [
        f"{path}[{i}].{field}: {item.exercise!r} is prescribed as {kind}; log {field}, not {other}"
        for i, result in enumerate(sets)
        if _wrong_kind(result, hold)
    ]


# --------------------------------------------------------------------------- #
# A whole log


_Slot = tuple[int, int]  # (session index in program order, item index)
# A session now: its carried values (None: as planned), its prescriptions, whether they changed.
#: A prescription ``_fit`` cut back to fit the session (item index, as carried, as served).
_Cut = tuple[int, Prescription, Prescription]
_Shape = tuple[tuple["_Carried | None", ...], tuple[Prescription, ...], bool, tuple[_Cut, ...]]

# Models built from checked parts only (see hipdip.models._unchecked).
_new_prescription = unchecked(Prescription)
_new_session = unchecked(Session)
_new_week = unchecked(Week)
_new_program = unchecked(Program)


class _Carried:
    """What a decision carries into the later prescriptions of its exercise.

    Loads of rep prescriptions are keyed by their planned target (middle of
    the range + RIR, in reps to failure). Targets within
    :data:`SHARED_LOAD_TARGET_REPS` of each other share one load (a linear
    scheme's weekly RIR steps); further apart (DUP's days, block's blocks)
    each target keeps its own load, set by the decisions on sessions at that
    target — so a heavy day's stall lightens the heavy day and a light day's
    raise does not undo it — while the exercise alternates targets; one not
    trained in its last :data:`STALE_TARGET_SESSIONS` sessions (a block's
    next phase) is met afresh. A target met for the first time starts from the
    latest decision's estimated 1RM (``strength``, Epley), rounded down and
    within one step of its load (SCIENCE.md §Training: load follows the rep
    target). A target whose own last session earned a raise (more load, or a
    harder rung at its starting load) may take one more such step from a
    newer estimate at another target, so a heavy day trained once a week
    keeps up with a lifter the light days show is stronger. The estimate of
    a weight counts the body moved with it
    (``moved``, :func:`hipdip.loads.moved_body_kg`): Epley on a step-up's
    dumbbells alone misses most of the load. A raised top of the rep range
    and a slower tempo (no load left) stay with the exercise until it changes.
    """

    __slots__ = (
        "_loads",
        "arrival",
        "at",
        "done",
        "dose",
        "exercise",
        "hold",
        "left",
        "load",
        "moved",
        "origin",
        "previous",
        "raised",
        "shown",
        "span",
        "start",
        "strength",
        "tempo",
        "top",
    )
    exercise: str
    top: int | None
    tempo: str | None
    start: int

    def __init__(
        self,
        exercise: str,
        load: Load,
        *,
        hold: int | None = None,
        top: int | None = None,
        tempo: str | None = None,
        dose: Reps | Hold | None = None,
        strength: float | None = None,
        shown: float | None = None,
        moved: float = 0.0,
        raised: bool = False,
        origin: float | None = None,
        previous: _Carried | None = None,
        start: int = -1,
        tempo_back: bool = False,
        at: int = -1,
        done: Load | None = None,
        span: tuple[int, int] | None = None,
    ) -> None:
        #: The session whose decision moved the slots onto ``exercise`` (``None``:
        #: planned there), offered to rules as ``moved_from``.
        self.arrival: PastSession | None = None
        #: On a move to an exercise never done: the exercise left, with the load lifted
        #: there, for a deload that comes before the new exercise is lifted.
        self.left: _Carried | None = None
        if previous is not None and previous.exercise != exercise:
            previous = None
        elif previous is not None:
            start = previous.start
            self.arrival = previous.arrival
        #: The session (index) whose decision moved the exercise's slots onto
        #: ``exercise`` (-1: planned there): sessions of it logged before it are an
        #: earlier stint, not the ones before this (SCIENCE.md: "consecutive").
        self.start = start
        #: The session (index) this decision answered, and the load lifted there when it
        #: was of this exercise (a raise earned there is not lifted until the next session).
        self.at = at
        self.done = done
        #: The planned rep range of the session answered (``None``: a hold).
        self.span = span
        self.exercise = exercise
        self.load = load
        self.hold = hold
        self.top = max(top or 0, (previous.top if previous else None) or 0) or None
        # A slower tempo stays until a decision takes it back to the planned one (a stall
        # or plateau easing it: ``tempo_back``).
        self.tempo = None if tempo_back else tempo or (previous.tempo if previous else None)
        self.dose = dose
        self.strength = strength
        #: The estimated 1RM the answered session showed at the load lifted (its best
        #: set, Epley, the body moved counted), whatever load the decision set next.
        self.shown = shown
        self.moved = moved
        self.raised = raised
        self.origin = origin
        self.previous = previous
        self._loads: dict[float, Load] = {}

    def _track(self, key: float) -> _Carried | None:
        """Rep target ``key``'s own track: the latest earlier decision on a target near it.

        ``None`` when there is none, or when :data:`STALE_TARGET_SESSIONS` or more
        decisions at other targets came since it (this one included).
        """
        node = self.previous
        since = 1  # this decision answered a session at another target
        while node is not None and (
            node.origin is None or not _targets_share_load(key, node.origin)
        ):
            since += 1
            if since >= STALE_TARGET_SESSIONS:
                return None
            node = node.previous
        return node

    def own_day(self, dose: Reps | Hold) -> _Carried | None:
        """The latest decision answering a session planned with the rep range ``dose``
        (a DUP day: a deload keeps its range, not its RIR), among this one and the
        ones before it, up to three times :data:`STALE_TARGET_SESSIONS` (a DUP day
        missed once or twice is still found: a coach's re-review saw such deloads fall
        back to another day's load) — ``None``: none, or a hold."""
        if not isinstance(dose, Reps):
            return None
        span = (dose.low, dose.high)
        node: _Carried | None = self
        for _ in range(3 * STALE_TARGET_SESSIONS):
            if node is None:
                return None
            if node.span == span:
                return node
            node = node.previous
        return None

    def lifted(self) -> Load:
        """The load lifted at the session this decision answered (a raise or a cut it
        decided is not lifted until that target's next session); its load when it moved
        the exercise."""
        return self.load if self.done is None else self.done

    def track_shown(self, key: float) -> float | None:
        """The estimated 1RM rep target ``key``'s own last session showed (``shown``), if any."""
        node = self._track(key)
        return None if node is None else node.shown

    def track_load(self, key: float | None) -> Load | None:
        """The load rep target ``key`` last had (``None``: never met, or not a rep target)."""
        if key is None:
            return None
        if self.origin is None or _targets_share_load(key, self.origin):
            return self.load
        node = self._track(key)
        return None if node is None else node.load

    def load_for(self, key: float | None, planned: Load, exercise: Exercise) -> Load:
        """The load of a rep prescription keyed ``key`` (``None``: not a rep prescription)."""
        if key is None or self.origin is None or _targets_share_load(key, self.origin):
            return self.load
        known = self._loads.get(key)
        if known is not None:
            return known
        node = self._track(key)
        if node is None:
            # A target met for the first time: within one step of the load the last
            # decision set — for a lighter target, of the load lifted when that decision
            # raised it (a block's 15–20 weeks after a raise at 8–12 started at the load
            # just done for 12 reps). A heavier target keeps the raise as its old load
            # (stepping from the load lifted, a block's 8–12 weeks started on the band
            # just earned: 12 reps at RIR 8 — half of such first sessions that easy).
            load = self.load
            if self.strength is not None:
                load = _seed(self.strength, key, self.load, exercise, self.moved, self.lifted())
        else:
            load = node.load
            if node.raised and self.strength is not None:
                # Its last session earned a raise (or a harder rung): if the latest
                # estimated 1RM (another target's session since) says it is still
                # light, one more step — a weekly heavy day keeps up with the light days.
                seeded = _seed(self.strength, key, load, exercise, self.moved)
                if is_heavier(seeded, load):
                    load = seeded
        self._loads[key] = load
        return load


class _Layout:
    """What :func:`progress` derives from a checked program alone, kept with it (per catalogue).

    The sessions in order, which are in deload weeks, where each (week, day)
    is, the slots of each exercise and of each session, the time budget, and
    the estimated seconds of each planned prescription (by identity: the
    layout keeps the program's sessions, so their items, alive).
    """

    __slots__ = (
        "budget",
        "deload",
        "heads",
        "in_week",
        "lacks",
        "seconds",
        "sessions",
        "slots",
        "slots_of",
        "spare",
        "totals",
        "twins",
        "where",
    )

    def __init__(self, program: Program, cat: Catalog) -> None:
        self.sessions = program.sessions
        self.deload = tuple(week.deload for week in program.weeks for _ in week.sessions)
        # Each session's week (its position in program.weeks) and position in that week.
        self.in_week = tuple(
            (w, k) for w, week in enumerate(program.weeks) for k in range(len(week.sessions))
        )
        self.where: dict[tuple[int | None, int | None], int] = {
            (s.week, s.day): index for index, s in enumerate(self.sessions)
        }
        self.budget = program.profile.session_minutes * 60
        # What the program's profile lacks for an exercise (hipdip.ladders.lacks), by id.
        self.lacks: dict[str, str | None] = {}
        # Never changed: a replay that moves slots copies it first (_Replay.carry).
        self.slots_of: dict[str, list[_Slot]] = {}
        self.seconds: dict[int, int] = {}
        # Each planned item's first equal planned item (itself, or an earlier object of the
        # same value): what a carried value makes of one it makes of the other.
        self.twins: dict[int, Prescription] = {}
        first: dict[Prescription, Prescription] = {}
        lookup = cat.exercises.get
        for index, session in enumerate(self.sessions):
            for item_index, item in enumerate(session.items):
                self.slots_of.setdefault(item.exercise, []).append((index, item_index))
                if id(item) not in self.seconds:
                    self.seconds[id(item)] = _item_seconds(item, lookup)
                    self.twins[id(item)] = first.setdefault(item, item)
        self.slots = tuple(
            tuple((index, i) for i in range(len(session.items)))
            for index, session in enumerate(self.sessions)
        )
        # Whether each session may give up a set of an exercise whose raised top does not
        # fit (_fit): not in a deload week nor the week before one (a deload holds at most
        # 60 % of the week before it as planned), and not where a set given up by every
        # exercise of the week would leave fewer than the minimum dose (SCIENCE.md
        # §Training: refuse only below 4 hard sets a week).
        spare = []
        weeks = program.weeks
        low = WEEKLY_HARD_SETS[program.profile.experience][0]
        for w, week in enumerate(weeks):
            before_deload = w + 1 < len(weeks) and weeks[w + 1].deload
            planned = metrics.week_hard_sets(week, cat.exercises)
            # What every exercise that may give a set up (3 sets or more) would give.
            given = 0.0
            for session in week.sessions:
                for item in session.items:
                    exercise = cat.exercises.get(item.exercise)  # (checked: in the catalogue)
                    if exercise is not None and item.sets > MIN_SETS_PER_EXERCISE:
                        given += exercise.set_credit(TARGET_MUSCLE)
            # A week in the weekly range stays in it (SCIENCE.md §Invariants 2; a coach's
            # re-check: 120 of 3,000 simulations had weeks pushed under it); one planned
            # under it already (the time could not hold it) keeps the minimum dose.
            floor = low if planned >= low else MIN_WEEKLY_HARD_SETS
            ok = not week.deload and not before_deload and planned - given >= floor
            spare += [ok] * len(week.sessions)
        self.spare = tuple(spare)
        # The first half of each session's key in _Replay.shapes: sessions of the same item
        # objects and carried values fit alike only where both may give up sets or neither
        # (an attacker's review: a block's week before a deload, sharing the items of the
        # week before it, reused its shape with sets given up — a deload ERROR).
        self.heads = tuple(
            (deload, may, *map(id, session.items))
            for deload, may, session in zip(self.deload, self.spare, self.sessions, strict=True)
        )
        # Each session's estimated seconds as planned (hipdip.metrics.session_seconds).
        seconds = self.seconds
        self.totals = tuple(
            _seconds(session.items, lambda item: seconds[id(item)]) for session in self.sessions
        )


class _Replay:
    """One :func:`progress` run: the program's slots, what was carried into them, and history."""

    def __init__(self, engine: _Engine, program: Program, layout: _Layout) -> None:
        self.engine = engine
        self.program = program
        self.sessions = layout.sessions
        self.deload = layout.deload
        self.where = layout.where
        self.planned_seconds = layout.seconds
        # Seconds of prescriptions the replay built (by identity; entries keep them alive).
        self.made_seconds: dict[int, tuple[Prescription, int]] = {}
        self.carried: dict[_Slot, _Carried] = {}
        # Prescriptions built from (planned item, carried values), by identity:
        # one decision's carried value is shared by all its later slots, and
        # planners often reuse one item object in several sessions (equal items
        # are keyed by their twin, _Layout.twins). Entries keep both keys alive, so
        # equal ids are the same objects. Each entry also says whether _fit could
        # cut the built item (_trimmable).
        self.made: dict[
            tuple[int, int, bool, bool], tuple[Prescription, _Carried, Prescription, bool]
        ] = {}
        # Sessions as they are now, by what makes them: deload or not, the planned items
        # and the carried values, by identity (weeks of a block often share item objects,
        # and one decision's carried value is shared by all its later slots). Entries keep
        # the carried values alive (the layout the items), so equal ids are the same objects.
        self.shapes: dict[tuple[int, ...], _Shape] = {}
        self.slots = layout.slots
        self.heads = layout.heads
        self.budget = layout.budget
        self.totals = layout.totals
        self.twins = layout.twins
        self.in_week = layout.in_week
        self.spare = layout.spare
        self.lacks = layout.lacks
        self.current_id: dict[_Slot, str] = {}
        self.slots_of = layout.slots_of
        self.own_slots = False  # whether slots_of is this replay's copy (it may change it)
        self.history: dict[str, list[PastSession]] = {}
        #: Per exercise, the latest break it came back from (the log position that ended it)
        #: and its sessions before it.
        self.pre_break: dict[str, tuple[int, tuple[PastSession, ...]]] = {}
        self.skips = _Skips()
        self.cut_findings: tuple[Finding, ...] = ()
        self.last_index = -1  # the latest session of the log replayed so far
        # Logged deload sessions: which of their carried values they were served fresh.
        self.served: dict[int, tuple[bool, ...]] = {}

    def run(self, log: TrainingLog) -> Progress:
        deferred = self.validate(log)
        decisions: list[Decision] = []
        breaks = _Breaks()
        for k, session_log in enumerate(log.sessions):
            index = self.where[(session_log.week, session_log.day)]
            if self.deload[index] and index not in self.served:
                # What the deload session was served: the log before it (see below).
                values = tuple(map(self.carried.get, self.slots[index]))
                self.served[index] = self.deload_flags(index, values)
            breaks.session(session_log.date)
            used: set[int] = set()
            for j, entry in enumerate(session_log.exercises):
                path = f"log.sessions[{k}].exercises[{j}]"
                item_index = self.match(index, entry.exercise, used)
                if item_index is None:
                    raise ValidationError(deferred.get(path) or self.not_prescribed(path, index))
                used.add(item_index)
                dose = self.sessions[index].items[item_index].dose
                gap, ended = breaks.gap(entry.exercise, dose, deload=self.deload[index])
                decisions.append(
                    self.step(path, (index, item_index), entry.exercise, entry.sets, gap, ended)
                )
            # Only now is a session before this one that the log passed over known to be
            # missed: this session was served (and is judged) as the log before it had it
            # (a deload served at 2 kg read 1 kg once logged, and a log of exactly what
            # was served was refused in pounds — an attacker's review).
            self.last_index = max(self.last_index, index)
        program = self.build()
        findings = _capped_findings((*self.skips.summary(len(decisions)), *self.cut_findings))
        return Progress(program, tuple(decisions), findings)

    # -- checking ---------------------------------------------------------- #

    def validate(self, log: TrainingLog) -> dict[str, str]:
        """Report every problem of ``log`` at once; return membership problems to recheck later.

        A logged exercise that is neither planned in its session nor on the
        ladder of one that is may still match a prescription a plugin rule
        moved there; such entries are rechecked when they are reached. The
        work stops after :data:`hipdip.errors.MAX_PROBLEMS` problems.
        """
        problems: list[str] = []
        deferred: dict[str, str] = {}
        slots = metrics._slot_problems(self.program, log, self.where)
        exercises = self.engine.cat.exercises
        known = self.engine.exercises
        profile = self.program.profile
        can_do = self.lacks  # exercise id → what the person lacks for it
        loads: dict[tuple[int, str], str | None] = {}  # (id of a load, exercise id) → problem
        for k, session_log in enumerate(log.sessions):
            if len(problems) > MAX_PROBLEMS:
                problems.append(f"log: not checked after sessions[{k - 1}]")
                break
            key = (session_log.week, session_log.day)
            if k in slots:  # not in the program, or logged twice
                problems.append(slots[k])
                continue
            index = self.where[key]
            items = self.sessions[index].items
            logged: dict[str, int] = {}
            used: set[int] = set()
            for j, entry in enumerate(session_log.exercises):
                exercise_id = entry.exercise
                if exercise_id in logged:
                    problems.append(
                        f"log.sessions[{k}].exercises[{j}]: {exercise_id!r} is logged twice in "
                        f"week {key[0]} day {key[1]} (also exercises[{logged[exercise_id]}])"
                    )
                    continue
                logged[exercise_id] = j
                exercise = known.get(exercise_id)
                if exercise is None:
                    error = UnknownIdError("exercise", exercise_id, exercises)
                    problems.append(
                        f"log.sessions[{k}].exercises[{j}].exercise: {error} "
                        f"(not prescribed in week {key[0]} day {key[1]})"
                    )
                    continue
                if exercise_id in can_do:
                    missing = can_do[exercise_id]
                else:
                    missing = can_do[exercise_id] = lacks(profile, exercise)
                if missing is not None:
                    problems.append(
                        f"log.sessions[{k}].exercises[{j}].exercise: {exercise.name} "
                        f"({exercise.id}) {missing} (the program's profile)"
                    )
                    continue
                for i, result in enumerate(entry.sets):
                    load_key = (id(result.load), exercise_id)  # logged loads are shared
                    if load_key in loads:
                        wrong = loads[load_key]
                    else:
                        wrong = loads[load_key] = load_problem(result.load, exercise)
                    if wrong is not None:
                        problems.append(f"log.sessions[{k}].exercises[{j}].sets[{i}].load: {wrong}")
                item_index = self.match(index, exercise_id, used)
                if item_index is None:
                    path = f"log.sessions[{k}].exercises[{j}]"
                    deferred[path] = self.not_prescribed(path, index)
                    continue
                used.add(item_index)
                item = items[item_index]
                if item.exercise == exercise_id and not _kind_fits(item, entry.sets):
                    # (variants are checked when reached)
                    problems.extend(
                        _kind_problems(f"log.sessions[{k}].exercises[{j}].sets", item, entry.sets)
                    )
        if problems or (deferred and not self.plugin_moves_possible()):
            raise ValidationError(cap_problems([*problems, *deferred.values()]))
        return deferred

    def plugin_moves_possible(self) -> bool:
        """Whether a rule other than the built-ins could move an exercise off its ladder."""
        return any(
            not self.engine.cat.provider("progression_rules", r.id).startswith("hipdip.builtin.")
            for r in self.engine.rules
        )

    def not_prescribed(self, path: str, index: int) -> str:
        session = self.sessions[index]
        planned = ", ".join(self.current(index, i).exercise for i in range(len(session.items)))
        return (
            f"{path}.exercise: not prescribed in week {session.week} day {session.day} "
            f"(prescribed: {planned or 'nothing'})"
        )

    # -- stepping ---------------------------------------------------------- #

    def current(self, index: int, item_index: int) -> Prescription:
        """The prescription in a slot now: as planned, with what earlier decisions carried."""
        if (index, item_index) not in self.carried:
            return self.sessions[index].items[item_index]
        return self.session_now(index)[item_index]

    def session_now(self, index: int) -> tuple[Prescription, ...]:
        """Every prescription of session ``index`` now, fitted to the time budget (cached)."""
        return self.shape(index)[1]

    def shape(self, index: int) -> _Shape:
        """Session ``index`` now: its carried values, its prescriptions, whether they changed."""
        values = tuple(map(self.carried.get, self.slots[index]))
        key = self.heads[index] + tuple(map(id, values))
        if self.deload[index]:
            # A deload's items depend on which sessions the log has passed over too
            # (two deload sessions of the same items and values can differ); a logged one
            # keeps what it was served (run).
            flags = self.served.get(index)
            key += flags if flags is not None else self.deload_flags(index, values)
        known = self.shapes.get(key)
        if known is None:
            planned = self.sessions[index].items
            items, cuts = self.fitted(index, planned, values)
            changed = any(a is not b for a, b in zip(items, planned, strict=True))
            known = self.shapes[key] = (values, items, changed, cuts)
        return known

    def fitted(
        self, index: int, planned: tuple[Prescription, ...], values: tuple[_Carried | None, ...]
    ) -> tuple[tuple[Prescription, ...], tuple[_Cut, ...]]:
        """The ``planned`` items of session ``index`` with ``values`` carried into them, fitted,
        and those :func:`_fit` cut back (a raised top, a slower tempo) to do so."""
        deload = self.deload[index]
        items = []
        trim = False
        for item, carried in zip(planned, values, strict=True):
            if carried is None:
                items.append(item)
                continue
            if deload:
                carried = self.deload_carried(carried)
            twin = self.twins[id(item)]  # equal planned items carry the same way
            fresh = deload and self.lifted_last(carried, index)
            key = (id(twin), id(carried), deload, fresh)
            made = self.made.get(key)
            if made is None:  # the entry keeps both keys alive: equal ids are the same objects
                new = _carry(twin, carried, self.engine.exercises, deload=deload, fresh=fresh)
                made = self.made[key] = (twin, carried, new, _trimmable(new, twin))
            items.append(item if made[2] is twin else made[2])  # unchanged: the item itself
            trim = trim or made[3]
        if not trim:
            return tuple(items), ()  # what _fit would return: nothing it could cut
        fitted = _fit(
            tuple(items),
            planned,
            self.budget,
            self.item_seconds,
            self.totals[index],
            give_sets=self.spare[index],
        )
        cuts = tuple(
            (i, wanted, served)
            for i, (wanted, served) in enumerate(zip(items, fitted, strict=True))
            if served is not wanted and served != wanted
        )
        return fitted, cuts

    @staticmethod
    def deload_carried(carried: _Carried) -> _Carried:
        """What a deload session carries from ``carried``: the exercise left, while a move
        onto one never done is not lifted yet (it waits for the deload)."""
        if carried.left is not None and carried.at == carried.start:
            return carried.left
        return carried

    def deload_flags(self, index: int, values: tuple[_Carried | None, ...]) -> tuple[bool, ...]:
        """For deload session ``index``, whether it comes next after what each of its carried
        ``values`` answered (:meth:`lifted_last`, the exercise a move left standing in)."""
        return tuple(
            value is not None and self.lifted_last(self.deload_carried(value), index)
            for value in values
        )

    def lifted_last(self, carried: _Carried, index: int) -> bool:
        """Whether the deload session ``index`` comes next after the session ``carried``
        answered (no training session of the exercise between that is still to come — one
        the log has passed over was missed and lifted nothing): what that session lifted
        is the load in use, not a raise it earned."""
        slots = self.slots_of.get(carried.exercise)
        if not slots or carried.at < 0:
            return False
        start = bisect.bisect_right(slots, (carried.at, len(self.sessions)))
        for later, _ in slots[start:]:
            if later >= index:
                return True
            if not self.deload[later] and later > self.last_index:
                return False
        return True

    def item_seconds(self, item: Prescription) -> int:
        """:func:`hipdip.metrics.prescription_seconds` of ``item`` (remembered by identity)."""
        known = self.planned_seconds.get(id(item))  # the program's own items are kept alive
        if known is not None:
            return known
        made = self.made_seconds.get(id(item))
        if made is not None and made[0] is item:
            return made[1]
        seconds = _item_seconds(item, self.engine.exercises.get)
        self.made_seconds[id(item)] = (item, seconds)
        return seconds

    def current_exercise(self, slot: _Slot) -> str:
        return self.current_id.get(slot) or self.sessions[slot[0]].items[slot[1]].exercise

    def match(self, index: int, exercise_id: str, used: set[int]) -> int | None:
        """The slot of ``index`` a log of ``exercise_id`` belongs to (unused ones only)."""
        items = self.sessions[index].items
        moved = self.current_id
        for i, item in enumerate(items):  # (current_exercise, inlined)
            if (
                i not in used
                and ((moved and moved.get((index, i))) or item.exercise) == exercise_id
            ):
                return i
        free = [i for i in range(len(items)) if i not in used]
        for i in free:
            if items[i].exercise == exercise_id:
                return i
        lad = ladders(self.engine.cat)
        for i in free:
            if lad.same_ladder(items[i].exercise, exercise_id) or lad.same_ladder(
                self.current_exercise((index, i)), exercise_id
            ):
                return i
        return None

    def step(
        self,
        path: str,
        slot: _Slot,
        exercise_id: str,
        sets: tuple[SetResult, ...],
        gap_days: int | None = None,
        break_end: int = -1,
    ) -> Decision:
        """Decide on one logged exercise and carry the decision into the later sessions.

        ``gap_days`` and ``break_end`` (the log position of the session that ended that
        gap) come from :class:`_Breaks`."""
        index, item_index = slot
        session = self.sessions[index]
        origin = session.items[item_index]
        planned = self.current(index, item_index)
        lineage = planned.exercise
        if exercise_id != lineage:
            # Done differently from the plan: progress from what was done.
            done = _dose_done(planned, origin, sets)
            planned = attrs.evolve(done, exercise=exercise_id, load=sets[0].load)
        problems = (
            [] if _kind_fits(planned, sets) else _kind_problems(f"{path}.sets", planned, sets)
        )
        if exercise_id == lineage:
            exercise = self.engine.exercises.get(exercise_id) or self.engine.cat.exercise(
                exercise_id
            )
            judged: dict[int, str | None] = {}  # logged sets share load objects
            for i, result in enumerate(sets):
                load = result.load
                if load is planned.load or load == planned.load:
                    continue
                if id(load) not in judged:
                    far = off_by_more_than_a_step(load, planned.load, exercise)
                    if far is not None and origin.exercise == exercise_id:
                        # Within a step of what the program itself prescribes is fine too:
                        # someone following the plan as first given.
                        far = far and off_by_more_than_a_step(load, origin.load, exercise)
                    judged[id(load)] = far
                far = judged[id(load)]
                if far is not None:
                    advice = (
                        "" if any(_FAR_LOAD_ADVICE in p for p in problems) else _FAR_LOAD_ADVICE
                    )
                    problems.append(
                        f"{path}.sets[{i}].load: {far} in week {session.week} day "
                        f"{session.day}{advice}"
                    )
            if not problems and sets[0].load != planned.load:
                # Done a step off the prescription: progress from what was done.
                planned = _held_at(
                    attrs.evolve(planned, load=sets[0].load),
                    origin,
                    self.carried.get(slot),
                    exercise,
                    deload=self.deload[index],
                )
        if problems:
            raise ValidationError(cap_problems(problems))
        deload = self.deload[index]
        before_break: tuple[PastSession, ...] = ()
        if gap_days is not None and gap_days >= BREAK_DAYS:
            # After a break the sessions before it are no history for this exercise:
            # the plateau and stall rules compare sessions since (a plateau cut came the
            # session after the one back, against the stronger sessions before the break).
            # The session before it is still ``previous``: the break rule asks whether the
            # session back lost strength against it.
            # Another DUP day back from the same break compares with the sessions before
            # it too, and keeps the days back since in its history (an attacker's
            # re-review: the second day back was judged against the first).
            known = self.pre_break.get(exercise_id)
            if known is not None and known[0] == break_end:
                before_break = known[1]
            else:
                before_break = tuple(self.history.get(exercise_id, ()))
                self.pre_break[exercise_id] = (break_end, before_break)
                self.history[exercise_id] = []
        history = self.history.setdefault(exercise_id, [])
        recent = tuple(history[-HISTORY_SESSIONS:])
        previous = self.carried.get(slot)  # what the decisions so far carried into the slot
        moved_from = None
        if previous is not None and previous.exercise == exercise_id and previous.start >= 0:
            # On this exercise since a decision moved the slot here (its session is
            # ``moved_from``); back on a rung after a stint elsewhere, only this stint's
            # sessions count.
            moved_from = previous.arrival
            if recent:
                where = self.where
                recent = tuple(p for p in recent if where[(p.week, p.day)] > previous.start)
        decision = _decide(
            self.engine,
            planned,
            sets,
            recent,
            self.program.profile,
            deload,
            self.skips,
            gap_days,
            functools.partial(self.clash, index, lineage),
            session.week,
            moved_from,
            before_break,
        )
        decision = _allowed(decision, self.program.profile, self.engine.cat)
        past = PastSession(
            session.week, session.day, planned, sets, deload, decision.action, decision.rule
        )
        history.append(past)
        if not deload:  # a deload decision keeps what later sessions were going to do
            moved = decision.after.exercise != decision.before.exercise
            key = rep_target(origin)
            value = _carried(
                decision,
                sets,
                origin,
                # A move onto an exercise other rep targets are on (a DUP day back from
                # an easier exercise) joins their chain: each target keeps finding its
                # own last load in it (a heavy day's next decision re-seeded the day
                # that had just come back at 2 kg from its own load: 12 kg).
                (self.chain_of(index, decision.after.exercise, key) if moved else None) or previous,
                self.program.profile.body.weight_kg,
                self.engine.cat.exercises,
                index,
            )
            if value.start == index:  # this session's decision moved the slot
                value.arrival = past
                if not self.history.get(decision.after.exercise):
                    # A deload before the new exercise's first session serves the one
                    # left, lighter: an exercise never done is no deload (a coach's
                    # review: 10, 9, 7, 6 reps of a new step-up in a deload week); one
                    # the lifter has done before is served.
                    # (Its chain goes on from the decisions before: a DUP day's deload
                    # steps down from that day's own load.)
                    before = decision.before
                    value.left = _Carried(
                        before.exercise,
                        before.load,
                        hold=before.dose.low_seconds if isinstance(before.dose, Hold) else None,
                        origin=key,
                        previous=previous,
                        at=index,
                        done=before.load,
                        span=(origin.dose.low, origin.dose.high)
                        if isinstance(origin.dose, Reps)
                        else None,
                    )
            # A step down to an easier exercise moves the slots of the rep target that
            # stalled, not the other DUP days progressing at theirs (a coach's review: a
            # light day's plateau at the lightest band took the heavy days to bodyweight).
            moved_down = moved and decision.action is Action.REDUCE_LOAD
            self.carry(index, lineage, value, key if moved_down else None, key)
        return decision

    def clash(self, index: int, lineage: str, exercise_id: str) -> str | None:
        """Where ``exercise_id`` already is in a later session of ``lineage`` (``None``: nowhere).

        Carrying a move of ``lineage`` to ``exercise_id`` there would put it in
        that session twice.
        """
        for later, item_index in self.slots_of.get(lineage, ()):
            if later <= index:
                continue
            items = self.sessions[later].items
            for other in range(len(items)):
                if other != item_index and self.current_exercise((later, other)) == exercise_id:
                    session = self.sessions[later]
                    return f"is already in week {session.week} day {session.day}"
        return None

    def carry(
        self,
        index: int,
        lineage: str,
        value: _Carried,
        target: float | None = None,
        own: float | None = None,
    ) -> None:
        """Carry ``value`` into every later slot of ``lineage`` (sessions after ``index``),
        or only those whose planned rep target shares a load with ``target``; ``own`` is
        the rep target of the decision's session."""
        slots = self.slots_of.get(lineage)
        if not slots:
            return
        # A session logged out of turn (a make-up of an earlier day, logged after later
        # ones) changes no session the log has passed (each keeps what it was served) and
        # no slot a decision of a later session set (an attacker's re-review: a make-up
        # of week 1 rewrote week 2's logged load and undid week 3's raise).
        behind = index < self.last_index
        ahead = (max(index, self.last_index) + 1, -1)  # the first slot it may change
        start = bisect.bisect_left(slots, ahead)
        if start == len(slots):
            return
        later = slots[start:]
        if target is not None:
            later = self.run_of(later, target)
        if behind:
            later = [slot for slot in later if self.decided_before(slot, index)]
        if not later:
            return
        for slot in later:
            self.carried[slot] = value
        if value.exercise != lineage:
            if not self.own_slots:
                self.slots_of = {key: list(known) for key, known in self.slots_of.items()}
                self.own_slots = True
                slots = self.slots_of[lineage]
            if target is None and not behind:
                del slots[start:]
            else:
                gone = set(later)
                slots[start:] = [slot for slot in slots[start:] if slot not in gone]
            for slot in later:
                self.current_id[slot] = value.exercise
            moved = self.slots_of.setdefault(value.exercise, [])
            # The other rep targets already on it carry the joined chain too (chain_of),
            # so the next decision of any of them keeps this one in its chain; slots at
            # this decision's own target keep theirs.
            for slot in moved[bisect.bisect_left(moved, ahead) :]:
                if (own is None or not self.shares_load(slot, own)) and (
                    not behind or self.decided_before(slot, index)
                ):
                    self.carried[slot] = value
            moved.extend(later)
            moved.sort()

    def decided_before(self, slot: _Slot, index: int) -> bool:
        """Whether what ``slot`` carries, if anything, was decided at a session before
        ``index`` in the program (a later one's decision stands over an earlier session
        logged out of turn)."""
        value = self.carried.get(slot)
        return value is None or value.at <= index

    def chain_of(self, index: int, exercise_id: str, own: float | None) -> _Carried | None:
        """What the sessions after ``index`` already carry for ``exercise_id`` at rep
        targets other than ``own`` (other DUP days on it), or ``None``."""
        slots = self.slots_of.get(exercise_id)
        if not slots:
            return None
        for slot in slots[bisect.bisect_left(slots, (index + 1, -1)) :]:
            if own is not None and self.shares_load(slot, own):
                continue
            value = self.carried.get(slot)
            return value if value is not None and value.exercise == exercise_id else None
        return None

    def run_of(self, later: list[_Slot], target: float) -> list[_Slot]:
        """The slots of ``later`` at ``target`` until :data:`STALE_TARGET_SESSIONS` slots
        at other targets (deload weeks aside) come in a row: a DUP day in its rotation
        (a deload week and another day ended it early), a block phase to its
        end. The target met again after that (a block's next phase at that range) is met
        afresh with the lineage (a stall's step down to an easier exercise is the stalled
        phase's: a coach's review found a day frozen there, met again a phase later at
        the band of weeks before — 20 reps at RIR 10)."""
        out: list[_Slot] = []
        others = 0
        for slot in later:
            if self.shares_load(slot, target):
                out.append(slot)
                others = 0
            elif not self.deload[slot[0]]:  # (deload sessions carry nothing: as _track)
                others += 1
                if others >= STALE_TARGET_SESSIONS:
                    break
        return out

    def shares_load(self, slot: _Slot, target: float) -> bool:
        """Whether the planned rep target of ``slot`` shares one load with ``target``."""
        key = rep_target(self.sessions[slot[0]].items[slot[1]])
        return key is not None and _targets_share_load(key, target)

    def cut_finding(
        self, exercise_id: str, cuts: list[tuple[int, Prescription, Prescription]]
    ) -> Finding:
        """The WARNING that ``exercise_id``'s raised top or slower tempo does not fit."""
        exercise = self.engine.exercises.get(exercise_id)
        name = exercise.name if exercise is not None else exercise_id
        index, wanted, served = cuts[0]
        asked = []
        wanted_dose, served_dose = wanted.dose, served.dose
        if (
            isinstance(wanted_dose, Reps)
            and isinstance(served_dose, Reps)
            and wanted_dose.high > served_dose.high
        ):
            asked.append(
                f"{wanted_dose.low}–{wanted_dose.high} reps (served "
                f"{served_dose.low}–{served_dose.high})"
            )
        if wanted.tempo != served.tempo:
            asked.append(f"tempo {wanted.tempo} (served {served.tempo})")
        if wanted.sets > served.sets:
            asked.append(f"{wanted.sets} sets (served {served.sets})")
        session = self.sessions[index]
        count = len(cuts)
        when = (
            f"{' and '.join(asked) or 'what progress asked'} does not fit the "
            f"{self.budget // 60}-minute sessions, from week {session.week} day "
            f"{session.day} on ({count} session{'s' if count != 1 else ''})"
        )
        if all(item.exercise != exercise_id for item in session.items):
            # A decision moved the slot to it (a step to an easier exercise).
            return Finding(
                rule="session_time",
                severity=Severity.WARNING,
                message=(
                    f"{name}: {when}: the exercise a decision moved to takes longer than "
                    "the one planned (one side at a time) — longer sessions or fewer "
                    "exercises would make room for its whole range"
                ),
            )
        if wanted.dose == served.dose and wanted.tempo == served.tempo:
            # Only a set given up: the raised top or slower tempo is served.
            why = (
                "one set fewer keeps the higher top or slower tempo that makes its sets hard "
                "(sets that stop at the old top far from failure are not hard sets) — "
                "longer sessions or fewer exercises would make room for every set"
            )
        else:
            why = (
                "sets that end at the top of the range far from failure are not hard sets "
                "(RIR ≥ 5) — longer sessions, fewer exercises, or a band or weight for it "
                "would make room"
            )
        return Finding(
            rule="session_time",
            severity=Severity.WARNING,
            message=f"{name}: {when}: {why}",
            source=(
                "Lasevicius et al., 2022, J Strength Cond Res (hipdip policy: "
                "docs/science.md#training, no load left to add)"
            ),
        )

    def held_finding(
        self, index: int, item: Prescription, plan: Prescription, dose: Reps, planned: Reps
    ) -> Finding:
        """The INFO that ``item``'s top is held up while the one-step cap holds its load back."""
        exercise = self.engine.exercises.get(item.exercise)
        name = exercise.name if exercise is not None else item.exercise
        load = describe_load(item.load, exercise) if exercise is not None else str(item.load)
        session = self.sessions[index]
        return Finding(
            rule="held_top",
            severity=Severity.INFO,
            message=(
                f"{name}: week {session.week} day {session.day} serves {dose.low}–{dose.high} "
                f"reps at {load}, planned {planned.low}–{planned.high}: your last sessions "
                f"show the {planned.low}–{planned.high} load is more than one step above it, "
                "and a load rises at most one step a session, once a set reaches the top — "
                f"until it catches up, sets go on to RIR "
                f"{plan.rir if plan.rir is not None else 0} (up to {dose.high} reps) so they "
                "stay hard, and the top comes back down as the load rises"
            ),
            source=(
                "Schoenfeld et al., 2017; Lasevicius et al., 2018 (hipdip policy: "
                "docs/coaching.md, the load follows the rep target)"
            ),
        )

    def build(self) -> Program:
        """The program with every carried value applied (unchanged parts are shared)."""
        if not self.carried:
            return self.program
        # Models built from checked parts only (a session's week and day, checked
        # prescriptions, as many as before; a week's index and deload, as many sessions):
        # the constructors' checks cannot fail, so they are skipped.
        program = self.program
        weeks = list(program.weeks)
        changed_weeks: dict[int, list[Session]] = {}
        # By exercise and by what was cut: a set given up (the raised top served) or the
        # top, tempo or sets cut back — one warning each (an attacker's review: one warning
        # said "one set fewer keeps the higher top" of weeks whose top was cut back).
        cut: dict[tuple[str, bool], list[tuple[int, Prescription, Prescription]]] = {}
        held: dict[str, tuple[int, Prescription, Prescription, Reps, Reps]] = {}
        for index in sorted({index for index, _ in self.carried}):
            values, items, changed, cuts = self.shape(index)
            if not self.deload[index]:
                for _i, wanted, served in cuts:
                    only_sets = wanted.dose == served.dose and wanted.tempo == served.tempo
                    cut.setdefault((wanted.exercise, only_sets), []).append((index, wanted, served))
                if changed and index > self.last_index:
                    planned = self.sessions[index].items
                    for value, item, plan in zip(values, items, planned, strict=True):
                        if value is None or item.dose is plan.dose or item.exercise in held:
                            continue
                        doses = _held_doses(
                            item, plan, value, self.engine.exercises.get(item.exercise)
                        )
                        if doses is not None:
                            held[item.exercise] = (index, item, plan, *doses)
            if changed:
                session = self.sessions[index]
                w, k = self.in_week[index]
                sessions = changed_weeks.get(w)
                if sessions is None:
                    sessions = changed_weeks[w] = list(weeks[w].sessions)
                sessions[k] = _new_session(session.week, session.day, items)
        self.cut_findings = (
            *(self.cut_finding(exercise, cuts) for (exercise, _), cuts in cut.items()),
            *(self.held_finding(*value) for value in held.values()),
        )
        if not changed_weeks:
            return program
        for w, sessions in changed_weeks.items():
            week = weeks[w]
            weeks[w] = _new_week(week.index, tuple(sessions), week.deload)
        return _new_program(tuple(weeks), program.scheme, program.profile, program.findings)


#: Days within which every day of a rotation (a DUP week) comes round once.
_ROTATION_DAYS = 7


class _Breaks:
    """``gap_days`` per logged exercise: the longest break in training (days between dated
    sessions) since it was last trained at that planned dose (a DUP day, a block phase),
    deload weeks aside.

    A dose with :data:`~hipdip.training.STALE_TARGET_SESSIONS` or more of the
    exercise's sessions at other doses since it was last trained (a block's next
    phase: the engine's carry meets it afresh, from the strength the lifter shows
    now) counts from the exercise's session back from the break instead: the break
    was answered there, and the phase is no second return from it — unless it
    comes within a week of that return (a DUP day left out of a session comes
    round after more of them). A dose in the rotation (a DUP day) gets its own
    answer at its first session back.
    """

    __slots__ = ("back", "count", "dated", "dates", "gaps", "last_seen")

    def __init__(self) -> None:
        self.gaps: list[int | None] = []  # days since the session before, per logged session
        self.dates: list[datetime.date | None] = []
        self.dated = False  # whether any gap is known yet (most logs have no dates)
        #: Each (exercise, planned dose)'s latest training (non-deload) session: its
        #: position in the log and the exercise's training sessions so far then;
        #: (exercise, None): the exercise's, at any dose.
        self.last_seen: dict[tuple[str, object], tuple[int, int]] = {}
        #: Each exercise's latest training session that came back from a break (as above).
        self.back: dict[str, tuple[int, int]] = {}
        self.count: dict[str, int] = {}  # each exercise's training sessions so far

    def session(self, when: datetime.date | None) -> None:
        """The next logged session, on ``when``."""
        before = self.dates[-1] if self.dates else None
        self.gaps.append(None if when is None or before is None else (when - before).days)
        self.dates.append(when)
        self.dated = self.dated or self.gaps[-1] is not None

    def gap(self, exercise: str, dose: object, *, deload: bool) -> tuple[int | None, int]:
        """``gap_days`` of ``exercise`` (planned at ``dose``) in the latest session, and the
        log position of the session that ended that gap (-1 without one)."""
        if not self.dated:  # an undated log has no breaks to look for
            return None, -1
        k = len(self.gaps) - 1
        key = (exercise, dose)
        # A dose not trained before (a block's next phase): since the exercise was.
        seen = self.last_seen.get(key) or self.last_seen.get((exercise, None))
        first = k if seen is None else seen[0] + 1
        back = self.back.get(exercise)
        if back is not None and seen is not None and back[0] >= first:
            since = self.count.get(exercise, 0) - seen[1]  # its sessions at other doses since
            returned, today = self.dates[back[0]], self.dates[k]
            days = None if returned is None or today is None else (today - returned).days
            # Met afresh, as the carry does, and a week or more after the return (a block's
            # next phase): answered at back. Within the week of the return it is one more
            # day of the rotation coming back (a 4-day DUP's heavy day, 3 sessions after
            # the light day's return, had no break answer: a coach's re-review).
            if since >= STALE_TARGET_SESSIONS and (days is None or days >= _ROTATION_DAYS):
                first = back[0] + 1
        gap, ended = _longest_gap(self.gaps, first)
        if not deload:  # the engine answers a deload week itself: the session after is back
            count = self.count[exercise] = self.count.get(exercise, 0) + 1
            self.last_seen[key] = self.last_seen[(exercise, None)] = (k, count)
            if gap is not None and gap >= BREAK_DAYS:
                self.back[exercise] = (k, count)
        return gap, ended


def _longest_gap(gaps: Sequence[int | None], first: int) -> tuple[int | None, int]:
    """The longest of ``gaps[first:]`` (days between dated sessions), ``None`` if none is
    known, and the position of the session that ended it (-1 without one).

    ``gap_days`` of a logged exercise: the longest break in training since its
    last training session at that planned dose (the last of them the days into
    this one) — an exercise first trained again on the second day after a
    break, or after a deload week, was back from it too.
    """
    longest: int | None = None
    ended = -1
    for position in range(first, len(gaps)):
        gap = gaps[position]
        if gap is not None and (longest is None or gap > longest):
            longest, ended = gap, position
    return longest, ended


def _fit(
    items: tuple[Prescription, ...],
    planned: tuple[Prescription, ...],
    budget: int,
    item_seconds: Callable[[Prescription], int],
    planned_seconds: int,
    *,
    give_sets: bool = False,
) -> tuple[Prescription, ...]:
    """``items`` within ``budget`` seconds (SCIENCE.md §Invariants 3).

    With ``give_sets``, exercises with a top of the rep range raised past the
    planned one (no load left, or held up while the load catches up) or a
    slower tempo first give up one set each, in session order and only until
    the session fits (not under :data:`~hipdip.training.MIN_SETS_PER_EXERCISE`),
    if that makes it fit; else they keep their sets and the raised top comes
    back in 5-rep steps, then a slower tempo goes back to the planned one, then
    the top of an exercise a decision moved the slot to (one done a side at a
    time takes longer) comes down toward the bottom of its range, then its sets
    (to :data:`~hipdip.training.MIN_SETS_PER_EXERCISE`), until the session's
    estimated time fits again; what the plan itself holds is never cut.
    ``planned_seconds`` is ``_seconds(planned, item_seconds)``.
    """
    for item, plan in zip(items, planned, strict=True):
        if _trimmable(item, plan):
            break
    else:
        return items  # nothing that could be cut: whatever the time, these are the items
    total = planned_seconds  # _seconds(items, item_seconds), from what changed
    for item, plan in zip(items, planned, strict=True):
        if item is not plan:
            total += item_seconds(item) - item_seconds(plan)
    if total <= budget:
        return items
    out = list(items)
    if give_sets:
        # A raised top or a slower tempo first gives up a set, down to the fewest an
        # exercise gets: its sets end easy at the old top (RIR ≥ 5, not hard sets), so two
        # that reach the new top beat three that cannot (a coach's review: 3 × 25 at RIR
        # 6–10 for weeks, the promised 30 never served). One exercise at a time, in
        # session order, until it fits (a coach's re-check: all at once cut hard sets the
        # session had room for) — and only if that alone makes the session fit: a top cut
        # back anyway keeps its set (an attacker's re-check: the set stayed given up
        # beside the planned top).
        for index, (item, plan) in enumerate(zip(items, planned, strict=True)):
            if (
                item.exercise == plan.exercise
                and (_raised_top(item, plan) or item.tempo != plan.tempo)
                and item.sets > max(plan.sets - 1, MIN_SETS_PER_EXERCISE)
            ):
                out[index] = attrs.evolve(item, sets=item.sets - 1)
                if _seconds(out, item_seconds) <= budget:
                    return tuple(
                        plan if item == plan else item
                        for item, plan in zip(out, planned, strict=True)
                    )
        out = list(items)
    for index, (item, plan) in enumerate(zip(items, planned, strict=True)):
        dose, base = item.dose, plan.dose
        while (
            isinstance(dose, Reps)
            and isinstance(base, Reps)
            and dose.high > base.high
            and _seconds(out, item_seconds) > budget
        ):
            high = dose.high - REP_TOP_STEP
            if high < base.high + HELD_TOP_MIN_RAISE:
                # A rep or two past the planned top is no raise worth the time (a coach's
                # re-check: a held 8–18 cut to 8–13, logged at RIR 2–10).
                high = base.high
            dose = _reps(dose.low, max(base.high, dose.low, high))
            out[index] = attrs.evolve(out[index], dose=dose)
    for index, (item, plan) in enumerate(zip(out, planned, strict=True)):
        if item.tempo != plan.tempo and _seconds(out, item_seconds) > budget:
            out[index] = attrs.evolve(item, tempo=plan.tempo)
    for index, (item, plan) in enumerate(zip(out, planned, strict=True)):
        # A step to another exercise that takes longer (one side at a time): its top comes
        # down toward the bottom of its range (an attacker's check: a stall's step to
        # side-lying abduction took sessions to 35 minutes of 30; validate_program refused
        # the program progress returned).
        dose = item.dose
        while (
            item.exercise != plan.exercise
            and isinstance(dose, Reps)
            and dose.high > dose.low
            and _seconds(out, item_seconds) > budget
        ):
            dose = _reps(dose.low, max(dose.low, dose.high - REP_TOP_STEP))
            out[index] = attrs.evolve(out[index], dose=dose)
        # Then a set of it, down to the fewest an exercise gets (SCIENCE.md §Invariants 3:
        # the session's time is a limit; the hard sets a week say so in a finding).
        while (
            item.exercise != plan.exercise
            and out[index].sets > MIN_SETS_PER_EXERCISE
            and _seconds(out, item_seconds) > budget
        ):
            out[index] = attrs.evolve(out[index], sets=out[index].sets - 1)
    # Cut all the way back to the plan (a bird-dog's longer hold in a full session): the
    # planned item itself, so an unchanged slot keeps its own object.
    return tuple(plan if item == plan else item for item, plan in zip(out, planned, strict=True))


def _raised_top(item: Prescription, plan: Prescription) -> bool:
    """Whether ``item``'s rep range tops ``plan``'s (a raised or held top)."""
    dose, base = item.dose, plan.dose
    return isinstance(dose, Reps) and isinstance(base, Reps) and dose.high > base.high


def _trimmable(item: Prescription, plan: Prescription) -> bool:
    """Whether :func:`_fit` could cut ``item`` back toward ``plan``: a raised top, a slower
    tempo, the top of another exercise's range."""
    if item is plan:
        return False
    if item.tempo != plan.tempo:
        return True
    dose = item.dose
    if item.exercise != plan.exercise:
        return (isinstance(dose, Reps) and dose.high > dose.low) or (
            item.sets > MIN_SETS_PER_EXERCISE
        )
    return _raised_top(item, plan)


def _seconds(items: Sequence[Prescription], item_seconds: Callable[[Prescription], int]) -> int:
    """A session's estimated seconds (:func:`hipdip.metrics.session_seconds`) from its items'."""
    total = metrics.WARM_UP_SECONDS
    for item in items:
        total += item_seconds(item)
    return total


def _item_seconds(item: Prescription, lookup: Callable[[str], Exercise | None]) -> int:
    exercise = lookup(item.exercise)
    return metrics.prescription_seconds(item, unilateral=bool(exercise and exercise.unilateral))


def _dose_done(
    current: Prescription, origin: Prescription, sets: tuple[SetResult, ...]
) -> Prescription:
    """``current`` with a dose (and tempo) of the kind the logged ``sets`` are.

    For a variant logged in place: the slot's current dose if it is of that
    kind, else the planned one's, else the default of that kind (10–20 reps or
    a 20–60 s hold).
    """
    held = sets[0].hold_seconds is not None
    for item in (current, origin):
        if isinstance(item.dose, Hold) == held:
            return attrs.evolve(current, dose=item.dose, tempo=item.tempo)
    if held:
        return attrs.evolve(current, dose=DEFAULT_HOLD, tempo=HOLD_TEMPO, rir=None)
    return attrs.evolve(current, dose=DEFAULT_REPS, tempo=DEFAULT_REPS_TEMPO)


def _carried(
    decision: Decision,
    sets: tuple[SetResult, ...],
    origin: Prescription,
    previous: _Carried | None,
    body_kg: float,
    exercises: Mapping[str, Exercise],
    index: int = -1,
) -> _Carried:
    """What ``decision`` (answering ``sets`` logged in the slot planned as ``origin``) carries on.

    ``body_kg`` is the person's body mass: a weight's estimated 1RM counts the
    body moved with it (:func:`hipdip.loads.moved_body_kg`). ``index`` is the
    session the decision answered (where a move onto another exercise starts).
    """
    before, after = decision.before, decision.after
    dose = after.dose
    kind_changed = type(dose) is not type(origin.dose)
    key = rep_target(origin)
    strength = None
    moved = 0.0
    exercise = exercises.get(after.exercise)
    if isinstance(after.load, Weight) and exercise is not None:
        moved = moved_body_kg(exercise, body_kg)
    shown = None
    if key is not None and isinstance(dose, Reps) and not isinstance(after.load, Bodyweight):
        reps_to_failure = key
        if after.exercise == before.exercise and type(after.load) is type(before.load):
            counted = sets[: before.sets]
            units = load_units(before.load) + moved
            for result in counted:
                if result.reps is not None and result.load == before.load:
                    rir = result.rir if result.rir is not None else (before.rir or 0)
                    best = estimated_1rm(units, result.reps + rir)
                    shown = best if shown is None else max(shown, best)
            last = counted[-1]
            if after.load == before.load and last.reps is not None and last.load == before.load:
                reps_to_failure = last.reps + (
                    last.rir if last.rir is not None else (before.rir or 0)
                )
        strength = estimated_1rm(load_units(after.load) + moved, reps_to_failure)
    top = None
    if (
        isinstance(dose, Reps)
        and isinstance(origin.dose, Reps)
        and isinstance(before.dose, Reps)
        and dose.high > max(origin.dose.high, before.dose.high)
    ):
        # A top this decision raised (no load left). One served higher than planned is
        # a raised top the previous decisions carry on, or a held top (_held_top),
        # which the next session works out afresh.
        top = dose.high
    return _Carried(
        after.exercise,
        after.load,
        hold=dose.low_seconds if isinstance(dose, Hold) else None,
        top=top,
        tempo=after.tempo if after.tempo != origin.tempo else None,
        dose=dose if kind_changed else None,
        strength=strength,
        shown=shown,
        moved=moved,
        raised=decision.action is Action.ADVANCE_EXERCISE
        or (after.exercise == before.exercise and is_heavier(after.load, before.load)),
        origin=key,
        previous=previous,
        start=index if before.exercise != after.exercise else -1,
        tempo_back=after.tempo != before.tempo and after.tempo == origin.tempo,
        at=index,
        done=before.load if before.exercise == after.exercise else None,
        span=(origin.dose.low, origin.dose.high) if isinstance(origin.dose, Reps) else None,
    )


def _carry(
    item: Prescription,
    carried: _Carried,
    exercises: Mapping[str, Exercise],
    *,
    deload: bool,
    fresh: bool = False,
) -> Prescription:
    """Planned ``item`` with what ``carried`` brings (see :func:`progress`), lighter in a deload."""
    dose = item.dose
    tempo = item.tempo
    load = carried.load
    key: float | None = None
    exercise = exercises.get(carried.exercise)
    if carried.dose is not None and type(carried.dose) is not type(dose):
        dose = carried.dose
        tempo = carried.tempo or tempo
    else:
        if isinstance(dose, Reps) and exercise is not None:
            key = rep_target(item)
            if not deload:
                load = carried.load_for(key, item.load, exercise)
            top = _left_top(carried, load, exercise)
            if top > dose.high and not deload:
                # (A deload keeps the planned range: a top raised at the session before
                # it is not lifted yet, and a deload never asks for more reps.)
                dose = _reps(dose.low, top)
            if not deload and key is not None:
                held = _held_top(carried, load, key, item, exercise)
                if held > dose.high:
                    dose = _reps(dose.low, held)
        tempo = carried.tempo or tempo
    if carried.hold is not None and isinstance(dose, Hold):
        low = min(max(carried.hold, dose.low_seconds), dose.high_seconds)
        if low != dose.low_seconds:
            dose = _hold(low, dose.high_seconds)
    if deload and exercise is not None:
        in_use = carried.load
        # The deload steps down from the load lifted at the last session of its own rep
        # target — a raise (or a cut) decided there is not lifted yet: a deload after a
        # cut 10 → 7.5 kg is 7.5 kg, not 5. DUP: another target's day may have come last;
        # this one steps down from its own day's (a heavy day's deload was four band
        # tiers under its band; a light day's, at a raise its day had earned but not
        # lifted, heavier than it ever lifted). That is this decision's session when the
        # deload comes next after it (``fresh``); else the carried load is in use.
        own = carried.own_day(item.dose)
        if own is None or own is carried:
            own = carried if fresh else None
        if own is not None:
            in_use = load = own.lifted()  # (with nothing lighter, that one, reps capped)
        # Never heavier than its own day's last load (its own-day decision's, when found:
        # a shared track is another DUP day's — a coach's re-review plan put one exercise
        # on two DUP days whose targets share a load, and the 8–12 day's deload took the
        # 12–15 day's stall cut, 1 kg, three steps under its own 4 kg).
        mine = own.load if own is not None else carried.track_load(key)
        lower = _deload_load(exercise, in_use, mine)
        if lower is not None:
            load = lower
        elif isinstance(dose, Reps):
            dose = _reps(dose.low, dose.low)
        else:
            # The bottom of the planned range, not the target the holds have reached:
            # a deload is never longer than the week before.
            base = item.dose.low_seconds if isinstance(item.dose, Hold) else dose.low_seconds
            low = min(base, dose.low_seconds)
            dose = _hold(low, low)
    sets = item.sets
    if carried.exercise != item.exercise and exercise is not None:
        planned = exercises.get(item.exercise)
        old = planned.set_credit(TARGET_MUSCLE) if planned is not None else 0.0
        new = exercise.set_credit(TARGET_MUSCLE)
        if new > old > 0:
            # A rung with a bigger gluteus medius role keeps the planned hard sets.
            sets = max(1, round(item.sets * old / new))
    if (
        carried.exercise == item.exercise
        and load == item.load
        and dose is item.dose
        and tempo == item.tempo
    ):
        return item
    # Every value is checked already: the planned item's own; the catalogue id, load, dose
    # and tempo of a decision's (checked) prescription; doses and loads built by their
    # constructors (_reps, _hold, hipdip.loads); sets 1..item.sets. So no checks rerun.
    return _new_prescription(carried.exercise, sets, dose, load, item.rir, item.rest_seconds, tempo)


#: A held top (:func:`_held_top`) is at most this many times the planned top (hipdip
#: policy: the scheme's rep range stays recognisable; 8–12 → up to 8–24).
HELD_TOP_FACTOR = 2
#: ... and at least this many reps above it (hipdip policy: twice the
#: :data:`~hipdip.builtin.progression.RIR_TOLERANCE` a logged RIR may be off, and one
#: more).
HELD_TOP_MIN_RAISE = 3


def _held_top(
    carried: _Carried, load: Load, key: float, plan: Prescription, exercise: Exercise
) -> int:
    """The top of ``plan``'s rep range while the one-step cap holds ``load`` back, else 0.

    SCIENCE.md §Training carries the load to a new rep target through an
    estimated 1RM but "still within one step of the old load" — one step a
    session. Where the lifter's last session (and the target's own last one,
    when another target's came since) shows the target's load is more
    than a step past ``load`` (a block's 8–12 weeks after 15–20: a single-leg
    deadlift's dumbbell is a small part of the load moved, and its 2 → 12 kg
    takes ten sessions), sets stopped at the planned top would end far from
    failure and not count as hard (RIR ≥ 5). *hipdip policy*: until the load
    catches up, the top rises to where the estimate says a set at ``load``
    ends at the target RIR (at most :data:`MAX_REPS_NEAR_FAILURE`: similar
    growth from ~6 to ~30 reps taken near failure — Schoenfeld et al., 2017;
    Lasevicius et al., 2018 — and at most twice the planned top: a plugin
    scheme's 1–3 reps is not served as 1–30); the next session works it out
    afresh, so the top comes back down as the load rises.
    """
    dose = plan.dose
    if not isinstance(dose, Reps):
        return 0
    strength = carried.shown if carried.shown is not None else carried.strength
    if strength is None or not isinstance(load, Weight):
        return 0  # (a band's tier is one step of ~10 %: its next tier comes soon enough)
    if carried.done is not None and is_heavier(carried.done, carried.load):
        return 0  # the decision cut the load (a stall, plateau or break): not too light
    if carried.origin is not None and not _targets_share_load(key, carried.origin):
        # Another rep target's session came last (a DUP day): the target's own last
        # session, when it has one, says as much — a heavy day that missed its bottom
        # is not held light by a light day's Epley estimate.
        own = carried.track_shown(key)
        if own is not None:
            strength = min(strength, own)
    wanted = load_for_reps(strength, key) - carried.moved
    if wanted <= load_units(load):
        return 0  # (most calls: the load is where the estimate wants it, or heavier)
    up = heavier(load, exercise)
    if up is None or wanted < load_units(up) - 1e-9:
        return 0
    reach = EPLEY_DIVISOR * (strength / (load_units(load) + carried.moved) - 1.0) - (plan.rir or 0)
    top = min(MAX_REPS_NEAR_FAILURE, HELD_TOP_FACTOR * dose.high, math.floor(reach + 1e-9))
    # A few reps more is within what a logged RIR says (about a rep off each way): no
    # held top, and no set given up to fit one (a coach's review: 3 × 8–12 served as
    # 2 × 8–13, tops flipping up and down by a rep or two).
    return top if top >= dose.high + HELD_TOP_MIN_RAISE else 0


def _left_top(carried: _Carried, load: Load, exercise: Exercise | None) -> int:
    """The top a "no load left" decision raised, while no load is left at ``load``, else 0.

    A top raised at the heaviest load (or at bodyweight) is not served where a
    heavier load is left — a DUP day still under the ankle weights' cap, a load a
    plateau cut a step back, a plugin scheme's 1–3 weeks at 4 kg after a top
    raised at the 5 kg cap (an attacker's review: served 1–30) — and comes back
    once the load is the heaviest again.
    """
    top = carried.top
    if not top:
        return 0
    if exercise is not None and heavier(load, exercise) is not None:
        return 0
    return top


def _held_doses(
    item: Prescription, plan: Prescription, carried: _Carried, exercise: Exercise | None
) -> tuple[Reps, Reps] | None:
    """``item``'s and ``plan``'s rep ranges when ``item`` (``plan`` carried) is served with a
    held top (:func:`_held_top`), else ``None``."""
    dose, planned = item.dose, plan.dose
    if (
        isinstance(dose, Reps)
        and isinstance(planned, Reps)
        and dose.low == planned.low
        and dose.high > max(planned.high, _left_top(carried, item.load, exercise))
    ):
        return dose, planned
    return None


def _held_at(
    item: Prescription,
    origin: Prescription,
    carried: _Carried | None,
    exercise: Exercise,
    *,
    deload: bool,
) -> Prescription:
    """``item`` (served with a held top, :func:`_held_top`) judged at the load it was done at.

    A held top belongs to the load served; done a step heavier (or lighter), the
    top is the one that load would have had — never above the top served.
    """
    key = rep_target(origin)
    doses = None if deload or carried is None else _held_doses(item, origin, carried, exercise)
    if doses is None or key is None or carried is None:
        return item  # no held top served
    dose, planned = doses
    held = _held_top(carried, item.load, key, origin, exercise)
    high = min(dose.high, max(planned.high, _left_top(carried, item.load, exercise), held))
    return item if high == dose.high else attrs.evolve(item, dose=_reps(dose.low, high))


def _deload_load(exercise: Exercise, in_use: Load, own: Load | None) -> Load | None:
    """The load of a deload session, or ``None`` when there is nothing lighter (cap the reps).

    One step under the load in use, ``in_use`` (SCIENCE.md: "the load drops one
    step"; the load the deload's rep target lifted last — a raise or cut decided
    there is not lifted yet — else the exercise's load), not under the deload
    target's Epley load — the two would compound (−2 steps) — and never heavier
    than the load its own rep target last had, ``own``: a DUP light day's deload is
    not heavier than the light day before it.
    """
    lower = lighter(in_use, exercise)
    if own is not None and lower is not None and is_heavier(lower, own):
        return own
    return lower


def _seed(
    strength: float,
    target: float,
    before: Load,
    exercise: Exercise,
    moved: float = 0.0,
    lifted: Load | None = None,
) -> Load:
    """The load for ``target`` reps to failure at ``strength``: Epley, rounded down, one step at most.

    SCIENCE.md §Training (load follows the rep target): the wanted load is
    ``strength / (1 + target / 30)``, rounded down to the exercise's
    increment and kept within one step (a weight increment within
    ``max(10 %, increment)``, a band tier) of ``before``. ``moved`` is the
    body mass counted in ``strength`` beside a weight's kg (not part of the
    load to prescribe). ``lifted``: the load the estimate was lifted at, when
    ``before`` is a raise decided there; a target lighter than ``before`` steps
    from it instead.
    """
    wanted = load_for_reps(strength, target) - moved
    if (
        lifted is not None
        and type(lifted) is type(before)
        and wanted < load_units(before) - 1e-9
        and is_heavier(before, lifted)
    ):
        before = lifted  # a raise not lifted yet: a lighter target steps from the load lifted
    up = heavier(before, exercise)
    if up is not None and wanted >= load_units(up) - 1e-9:
        return up
    if wanted >= load_units(before) - 1e-9:
        return before
    return lighter(before, exercise) or before


@functools.lru_cache(maxsize=1024)
def _hold(low: int, high: int) -> Hold:
    """One shared (immutable) ``Hold`` per range."""
    return Hold(low, high)


@functools.lru_cache(maxsize=1024)
def _reps(low: int, high: int) -> Reps:
    """One shared (immutable) ``Reps`` per range."""
    return Reps(low, high)
