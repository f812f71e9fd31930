"""Training numbers, in one place, each with its source (SCIENCE.md §Training).

The planner, the built-in schemes and program rules, the progression rules
and the testing kit's contract suites all import them from here.

>>> WEEKLY_HARD_SETS[Experience.INTERMEDIATE]
(10, 16)
"""

from __future__ import annotations

from collections.abc import Sequence

from hipdip.models import Experience, Hold, Prescription, Reps
from hipdip.models.program import Target

__all__ = [
    "ABDUCTION_ROLES",
    "BIRD_DOG_HOLD_SECONDS",
    "BREAK_DAYS",
    "CORE_PATTERNS",
    "CORE_PATTERN_PREFIX",
    "DEFAULT_HOLD",
    "DEFAULT_REPS",
    "DEFAULT_REPS_TEMPO",
    "DELOAD_MAX_FRACTION",
    "DELOAD_MIN_RIR",
    "DELOAD_WINDOW_WEEKS",
    "HOLD_PATTERNS",
    "HOLD_STEP_SECONDS",
    "HOLD_TEMPO",
    "LOGGED_HARD_SET_MAX_RIR",
    "MAX_REPS_NEAR_FAILURE",
    "MAX_SESSION_HARD_SETS",
    "MIN_CORE_SETS_PER_WEEK",
    "MIN_SETS_PER_EXERCISE",
    "MIN_WEEKLY_HARD_SETS",
    "MORE_GROWTH_WEEKLY_SETS",
    "NO_LOAD_MIN_RIR",
    "PLATEAU_SESSIONS",
    "REP_TOP_STEP",
    "SHARED_LOAD_TARGET_REPS",
    "SLOW_ECCENTRIC_SECONDS",
    "STALE_TARGET_SESSIONS",
    "TARGET_MUSCLE",
    "WEEKLY_HARD_SETS",
    "deload_after_training",
    "deload_more_reps",
    "rep_target",
]

#: The muscle whose weekly hard sets are counted (the main lever: the article).
TARGET_MUSCLE = "gluteus_medius"

#: Hard sets per muscle per week from which growth is greater than with fewer
#: (Schoenfeld, Ogborn & Krieger, 2017, J Sports Sci: ≥ 10 sets/week); the
#: muscle map shades muscles at or above it darkest.
MORE_GROWTH_WEEKLY_SETS = 10

#: Weekly hard sets for gluteus medius by experience — hipdip policy on
#: Schoenfeld, Ogborn & Krieger, 2017 (J Sports Sci: ≥ 10 sets/week give more
#: growth than fewer). A set counts 1.0 where the muscle is PRIMARY, 0.5
#: SECONDARY, 0 STABILIZER.
WEEKLY_HARD_SETS: dict[Experience, tuple[int, int]] = {
    Experience.BEGINNER: (8, 12),
    Experience.INTERMEDIATE: (10, 16),
    Experience.ADVANCED: (12, 20),
}
#: At most 10 gluteus medius hard sets per session (SCIENCE.md, hipdip policy).
MAX_SESSION_HARD_SETS = 10

#: Deloads — hipdip policy on Rogerson et al., 2024 (Sports Med Open: strength
#: and physique athletes deload every 5.6 ± 2.3 weeks for about a week; practice,
#: not efficacy evidence): programs ≥ 6 weeks have a deload in every run of 6
#: consecutive weeks; a deload week has ≤ 60 % of the previous week's hard sets
#: and RIR ≥ 3.
DELOAD_WINDOW_WEEKS = 6
DELOAD_MAX_FRACTION = 0.6
DELOAD_MIN_RIR = 3


def deload_after_training(deloads: Sequence[bool]) -> str | None:
    """What is wrong with a program's deload weeks (``deloads``: one flag a week) beyond
    their spacing: a deload lasts about a week and cuts the week of training before it
    (Rogerson et al., 2024; ≤ 60 % of the previous week's hard sets) — so week 1 is no
    deload, nor a week after a deload. ``None`` when they keep that (an attacker's
    review: a plugin scheme that made every week a deload planned no hip work from week
    3, each deload cut from the one before).

    >>> deload_after_training([False, False, True, False]) is None
    True
    >>> deload_after_training([False, True, True])
    'weeks 2 and 3 are both deloads'
    >>> deload_after_training([True, False])
    'week 1 is a deload'
    """
    for index, deload in enumerate(deloads):
        if not deload:
            continue
        if index == 0:
            return "week 1 is a deload"
        if deloads[index - 1]:
            return f"weeks {index} and {index + 1} are both deloads"
    return None


def deload_more_reps(grid: Sequence[Sequence[Target]]) -> tuple[int, int, Reps] | None:
    """The first (week, day, most reps the week before trained) where a deload week's
    target asks for a higher top of the rep range than any range of the week before
    (one step lighter, the lifter cannot do more reps at a higher RIR), else ``None``.
    Weeks are numbered from 1; a deload after a deload is :func:`deload_after_training`'s.

    >>> deload = Target(Reps(25, 40), rir=4, volume_factor=0.5, deload=True)
    >>> deload_more_reps([[Target(Reps(8, 12), rir=2)], [deload]])
    (2, 1, Reps(low=8, high=12))
    """
    for week in range(2, len(grid) + 1):
        row, before = grid[week - 1], grid[week - 2]
        if not any(t.deload for t in row) or any(t.deload for t in before):
            continue
        # Against any range the week before trained (a rotating DUP's deload day
        # meets the range of another day: each rep target keeps its own load).
        most = max(before, key=lambda t: t.reps.high).reps
        for day, target in enumerate(row, start=1):
            if target.reps.high > most.high:
                return week, day, most
    return None


#: Holds progress by 5 s per session (issue 5, hipdip policy) within 20–60 s
#: (SCIENCE.md §Training: holds 20–60 s).
HOLD_STEP_SECONDS = 5

#: Core block for high anterior tilt: ≥ 4 sets a week (SCIENCE.md §Posture,
#: hipdip policy). Core exercises are those whose pattern starts with ``anti_``
#: (anti-extension, anti-lateral-flexion, anti-rotation).
MIN_CORE_SETS_PER_WEEK = 4
CORE_PATTERN_PREFIX = "anti_"
#: The core block's roles, one exercise each, chosen from the catalogue by pattern
#: (SCIENCE.md §Posture: plank, side plank, bird-dog; a plugin may add to each role).
CORE_PATTERNS: tuple[str, ...] = ("anti_extension", "anti_lateral_flexion", "anti_rotation")

#: Isometric patterns prescribed as holds (planks, side planks: SCIENCE.md
#: §Training, holds 20–60 s). Every other pattern — bird-dog (anti-rotation)
#: included — is prescribed as reps.
HOLD_PATTERNS = frozenset({"anti_extension", "anti_lateral_flexion"})
#: Bird-dog: reps with a 5–10 s hold at the top (SCIENCE.md §Training, McGill's
#: protocol: McGill, 2007, *Low Back Disorders*); the hold is the tempo's last phase.
BIRD_DOG_HOLD_SECONDS = (5, 10)

#: What counts as a hard set *in a log*: a set logged at RIR ≤ 4 (SCIENCE.md
#: §Training, hipdip policy; growth rises as sets end closer to failure:
#: Robinson et al., 2024; Lasevicius et al., 2022).
LOGGED_HARD_SET_MAX_RIR = 4

#: Minimum dose (SCIENCE.md §Training, hipdip policy: fewer sets still grow
#: muscle, just less — Schoenfeld, Ogborn & Krieger, 2017): below the weekly
#: range a plan is made with a WARNING; it is refused only below 4 hard sets a
#: week. An exercise appears with at least 2 sets in a session.
MIN_WEEKLY_HARD_SETS = 4
MIN_SETS_PER_EXERCISE = 2

#: A rep target's own load is kept while the exercise alternates targets (DUP's
#: days: the other targets come between it and its next session). Once this
#: many sessions at other targets have come since (a block's next phase), it
#: is met afresh: carried from the newest estimated 1RM within one step of the
#: load in use (SCIENCE.md §Training, load follows the rep target), not
#: restarted from a load weeks old (hipdip policy).
STALE_TARGET_SESSIONS = 3

#: Days without training that count as a break (hipdip policy: detraining after
#: ~2–3 weeks off is small but real, Mujika & Padilla, 2000, Sports Med): the
#: built-in ``break`` rule steps back one step, and the sessions of an exercise
#: before a break are not history for the plateau and stall rules after it.
BREAK_DAYS = 14

#: Plateau (SCIENCE.md §Training, hipdip policy): neither the load nor the
#: reps at that load rose over the last 3 logged non-deload sessions.
PLATEAU_SESSIONS = 3

#: No load left to add (SCIENCE.md §Training, hipdip policy on Lasevicius et
#: al., 2022, J Strength Cond Res: 30 % 1RM taken to failure, ~34 reps, grew
#: like 80 % 1RM): once the top of the range is reached at RIR ≥ 5 with no
#: heavier load or harder variant to use, the top of the range rises in steps
#: of 5 reps up to 30, then the lowering phase slows to 3, then 4 s.
NO_LOAD_MIN_RIR = 5
MAX_REPS_NEAR_FAILURE = 30
REP_TOP_STEP = 5
SLOW_ECCENTRIC_SECONDS = (3, 4)

#: The hip's abduction roles an exercise can fill, by tag (SCIENCE.md
#: §Training, exercise choice, hipdip policy): a frontal-plane abduction
#: (side-lying, standing cable, machine), a weight-bearing one (band walk,
#: step-up, single-leg squat/deadlift, hip hike) and a rotation-biased one
#: (clamshell, fire hydrant) — the last for beginners.
ABDUCTION_ROLES: dict[str, str] = {
    "frontal_abduction": "a frontal-plane abduction (side-lying, standing cable, machine)",
    "weight_bearing": "a weight-bearing abductor exercise (band walk, step-up, single-leg work)",
    "rotation_biased": "a rotation-biased one (clamshell, fire hydrant)",
}

#: Default doses, where nothing else sets one (a ladder step that changes the
#: kind of dose, a variant logged in place): isolation hip-abduction work
#: 10–20 reps, holds 20–60 s (SCIENCE.md §Training).
DEFAULT_REPS = Reps(10, 20)
DEFAULT_HOLD = Hold(20, 60)
#: Tempo of rep work — slow and controlled (the article): 2 s lowering, no
#: pause, 1 s lifting, 1 s squeeze at the top, 4 s a rep (SCIENCE.md's
#: default) — and of holds (static: no tempo).
DEFAULT_REPS_TEMPO = "2-0-1-1"
HOLD_TEMPO = "0-0-0-0"

#: Rep targets (reps to failure: middle of the range + RIR, :func:`rep_target`)
#: this close share one load: a linear scheme's weekly RIR steps keep a raise.
#: Targets further apart (DUP's days, block's blocks) each keep their own load,
#: and a target met for the first time starts from the Epley load rounded down
#: (SCIENCE.md §Training, load follows the rep target; the 3-rep width is
#: hipdip policy: about 6 % of load by Epley, less than one step of most loads).
SHARED_LOAD_TARGET_REPS = 3


def rep_target(prescription: Prescription) -> float | None:
    """The reps to failure a rep prescription aims at: the middle of its range plus its RIR.

    ``None`` for a hold. Two prescriptions whose targets are within
    :data:`SHARED_LOAD_TARGET_REPS` share one load.

    >>> rep_target(Prescription("clamshell", 3, Reps(8, 12), rir=1))
    11.0
    """
    dose = prescription.dose
    if not isinstance(dose, Reps):
        return None
    return (dose.low + dose.high) / 2 + (prescription.rir or 0)


def _same_range(then: Reps | Hold, now: Reps | Hold) -> bool:
    """Whether two doses are the same rep range: equal, or reps with the same bottom.

    A top moves from session to session (held up while a load catches up, raised
    with no load left), the bottom of a day's range does not: the engine's
    ``previous`` session and the built-in rebuild after a cut look by it (a
    coach's review found the rebuild after a stall cut skipped, the cut session
    at 8–12 and the next at 8–16).
    """
    return then == now or (isinstance(then, Reps) and isinstance(now, Reps) and then.low == now.low)


def _targets_share_load(one: float, other: float) -> bool:
    """Whether two rep targets (:func:`rep_target`) share one load: within
    :data:`SHARED_LOAD_TARGET_REPS` of each other (the engine's carry and the
    built-in plateau rule both ask this)."""
    return abs(one - other) <= SHARED_LOAD_TARGET_REPS


def _dose_words(dose: Reps | Hold) -> str:
    """A dose in a decision's words (the built-in rules' reasons and the engine's checks).

    >>> _dose_words(Reps(10, 20)), _dose_words(Hold(20, 60))
    ('10–20 reps', 'hold 20–60 s')
    """
    if isinstance(dose, Hold):
        return f"hold {dose.low_seconds}–{dose.high_seconds} s"
    return f"{dose.low}–{dose.high} reps"
