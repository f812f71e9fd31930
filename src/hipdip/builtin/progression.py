"""Built-in progression rules (a plugin like any other).

:func:`hipdip.next_prescription` asks the applicable rules in order of
descending ``priority`` (ties by id); the first that returns a
:class:`~hipdip.Decision` wins. Sessions of a deload week never reach the
rules: the engine answers them itself (rule ``deload``: keep it light, never
more). The built-ins (SCIENCE.md §Training):

``break`` (priority 3, every dose)
    *hipdip policy*: after a gap of 14 days or more before the session
    (``gap_days``, from the dates of a dated log), step the load back one
    step (~10 %, one band tier; a bodyweight hold 5 s shorter, not under
    20 s), else repeat: detraining after ~2–3 weeks off is small but real
    (Mujika & Padilla, 2000), and one step back is a conservative restart.

``stall`` (priority 2, every dose)
    *hipdip policy*: when the bottom of the range is missed in this session
    **and** in the previous logged session of the exercise at the same step
    (same exercise and load, same hold target), reduce the load ~10 % (one
    increment at least, one band tier for bands); for holds shorten the hold
    by 5 s while it stays ≥ 20 s; else switch to an easier variant the person
    can do; else repeat. Not when this session averaged more than
    :data:`STALL_CLOSING_IN` rep (or second) over the one before: short of
    the bottom again, but closing in on it. ``None`` when there is no stall.
``plateau`` (priority 1, every dose)
    *hipdip policy*: when neither the load nor the reps at that load rose
    over the last 3 logged (non-deload) sessions of the exercise, in two
    stages. No net rise over the last 3 — this session does not beat the
    first of them (by more than a rep, or two where it logged a higher RIR:
    :data:`PLATEAU_WARNING_TOLERANCE`, two judgements each about a rep off;
    a rise in the session between that fell back is no rise over the 3): a
    warning, once — repeat and beat it (the prescription does not change).
    None of the last 3 beats the session just before them, nor rose within
    them (the later two do not beat the first either): the answer —
    reduce the load one step and rebuild, else switch to an easier variant,
    else (nothing lighter: at the first stage, or the second when it was said
    already) repeat and say to change the exercise. Sessions count within the
    same exercise and tempo since the last reduction or final plateau answer
    (so a "repeat" is not said every session), and no further back than the
    session that earned the last raise of the load at this rep target: it
    can be the first of the 3 the warning looks at, never one of the 3 of the
    answer (SCIENCE.md: "neither the load nor the reps at that load rose"; a
    raise at another target — a DUP heavy day's load catching up — is that
    day's load, and its session counts by its estimated strength). A rise is
    a gain in estimated strength (:func:`session_strength`: the best set's
    Epley 1RM, reps in reserve counted as reps, a weight with the body moved
    with it, so loads and rep targets compare) of more than one rep
    (:data:`RIR_TOLERANCE`: a logged RIR is a judgement, about a rep off on
    average — Halperin et al., 2022);
    a session that reached the top with a step up left is progress, never a
    plateau, and at the top with nothing to add the answer is to repeat (a
    lighter load would only undo the top). "Add a rep" forever is not
    progression.
``double_progression`` (priority 0, :class:`~hipdip.Reps` doses)
    classic double progression (ACSM position stand, 2009: raise the load
    2–10 % once the top of the range is reached; effort by reps in reserve,
    Helms et al., 2016): reps climb inside the range at a fixed load; when
    the session is at the top (below) the load
    goes up one step (:func:`hipdip.loads.heavier`: within
    ``max(10 %, increment)``, one band tier, never past the equipment's cap);
    with no heavier load, the nearest harder rung the person can do (by the
    exercise-choice policy, :mod:`hipdip.choice`); with neither — *no load
    left* — the top of the range rises while a set ends there at RIR ≥ 5, by
    5 reps or to where that set would have ended at the target RIR, up to 30,
    then the lowering phase slows to 3 and 4 s, and the reason says that a
    band or weight is the next step (Lasevicius et al., 2022).
``hold_progression`` (priority 0, :class:`~hipdip.Hold` doses)
    *hipdip policy*: the next hold target follows what was done,
    ``min(achieved, top) + 5 s`` (the hold's ``low_seconds`` is the current
    target); at the top, a heavier load or harder rung, else hold the top.

How sets are judged (all rules):

- only the first ``prescription.sets`` logged sets count; extra sets are
  ignored and missing sets keep the load where it is;
- a session is *at the top* when its best set reaches the top of the range
  and the others fall off by at most :data:`TOP_SET_DROP_REPS` reps a set —
  the next best within 2 of it, the third within 4, and so on — none under
  the bottom (at a fixed rest each set ends a rep or two short of the one
  before), or one set reaches it with
  :data:`TOP_SET_SPARE_RIR` reps to spare; and the sets' mean RIR is no more
  than :data:`RIR_TOLERANCE` under the target (the last set of a session ends
  closer to failure than the first). A missing RIR — on the sets or on the
  prescription — is read as "on target": the rep count alone decides;
- a set done at a lighter load than prescribed never counts toward the top;
- a session *misses the bottom* when its counted sets average below the
  bottom of the range: at a fixed rest the later sets end a rep or two short
  of the first, so one set short is no miss. A hold misses its current
  target when any counted hold is short of it (the next target follows the
  shortest hold).

Rules take the optional keyword arguments ``previous`` (the previous logged
non-deload session's sets of the exercise), ``previous_prescription`` (what
those sets were logged against), ``history`` (every earlier logged session of
the exercise, :class:`hipdip.progression.PastSession`), ``profile`` (the
person, or ``None``: then every variant counts as available), ``gap_days``
(days since the previous dated session, or ``None``), ``week``,
``moved_from`` (the session whose decision moved the slot onto this exercise,
or ``None``) and ``catalog``; the engine passes each rule only the ones its
``decide`` names.

>>> from hipdip import Exercise, MuscleTarget, Prescription, Reps, Role, SetResult, Weight
>>> ex = Exercise(id="ankle_weight_abduction", name="Side-lying abduction, ankle weight",
...               targets=(MuscleTarget("gluteus_medius", Role.PRIMARY),),
...               pattern="hip_abduction", position="side_lying",
...               equipment=frozenset({"ankle_weights"}), load_kind="weight")
>>> item = Prescription("ankle_weight_abduction", 3, Reps(12, 20), Weight(2.0), rir=2)
>>> decision = DOUBLE_PROGRESSION.decide(ex, item, (SetResult(reps=20, load=Weight(2.0), rir=2),) * 3)
>>> decision.action, decision.after.load
(<Action.INCREASE_LOAD: 'increase_load'>, Weight(kg=2.5))
>>> decision.reason
'3×20 at RIR 2 reached the top of 12–20: +0.5 kg ankle weight (2 → 2.5 kg, +25 %); start again at 12 reps'
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import attrs

from hipdip.choice import order
from hipdip.errors import ValidationError
from hipdip.hookspecs import hookimpl
from hipdip.ladders import can_do, ladders
from hipdip.loads import (
    BAND_PLACEMENT_WORDS,
    BAND_TIER_WORDS,
    describe_change,
    describe_load,
    estimated_1rm,
    heavier,
    is_heavier,
    lighter,
    load_phrase,
    load_units,
    moved_body_kg,
    starting_load,
)
from hipdip.models import (
    Action,
    Band,
    Bodyweight,
    Decision,
    Exercise,
    Hold,
    Load,
    LoadKind,
    Prescription,
    Profile,
    Reps,
    SetResult,
    Units,
    Weight,
)
from hipdip.training import (
    BIRD_DOG_HOLD_SECONDS,
    BREAK_DAYS,
    DEFAULT_HOLD,
    DEFAULT_REPS,
    DEFAULT_REPS_TEMPO,
    HOLD_PATTERNS,
    HOLD_STEP_SECONDS,
    HOLD_TEMPO,
    MAX_REPS_NEAR_FAILURE,
    NO_LOAD_MIN_RIR,
    PLATEAU_SESSIONS,
    REP_TOP_STEP,
    SLOW_ECCENTRIC_SECONDS,
    STALE_TARGET_SESSIONS,
    TARGET_MUSCLE,
    _dose_words,
    _same_range,
    _targets_share_load,
    rep_target,
)

if TYPE_CHECKING:
    from hipdip.progression import PastSession
    from hipdip.protocols import ProgressionRule
    from hipdip.registry import Catalog

__all__ = [
    "BREAK",
    "BREAK_DAYS",
    "BREAK_PRIORITY",
    "DOUBLE_PROGRESSION",
    "HOLD_MISS_SECONDS",
    "HOLD_PROGRESSION",
    "HOLD_RESTART_SECONDS",
    "PLATEAU",
    "PLATEAU_MIN_WEEKS",
    "PLATEAU_PRIORITY",
    "PLATEAU_WARNING_TOLERANCE",
    "RIR_TOLERANCE",
    "RULES",
    "STALL",
    "STALL_CLOSING_IN",
    "STALL_PRIORITY",
    "TOP_SET_DROP_REPS",
    "TOP_SET_SPARE_RIR",
    "Break",
    "DoubleProgression",
    "HoldProgression",
    "Plateau",
    "Stall",
    "default_dose",
    "hipdip_register_progression_rules",
    "session_strength",
]

#: Where a hold restarts on a heavier load or harder variant, and the shortest
#: target a stall may cut it to: the bottom of the 20–60 s hold range
#: (SCIENCE.md §Training; hipdip policy).
HOLD_RESTART_SECONDS = 20
#: The break rule is asked first, then the stall rule, then the plateau rule, then
#: the priority-0 progression rules.
BREAK_PRIORITY = 3
STALL_PRIORITY = 2
PLATEAU_PRIORITY = 1
#: The top of a rep range counts as reached when the best set got there, the
#: next best came within this many reps of it, the third within twice as many
#: and so on, none under the bottom (hipdip policy: at a fixed rest each set of a
#: session ends a rep or two short of the one before at the same effort, so
#: "every set at the top" — or every set within 2 of the first, for 3 or 4
#: sets — would ask for a lifter well past the range before the load goes up;
#: SCIENCE.md §Training: "raise load once the top of the rep range is reached").
TOP_SET_DROP_REPS = 2
#: A set that reached the top with this many reps in reserve beyond the target
#: RIR also counts as the top reached, whatever the later sets did (ACSM, 2009:
#: raise the load "when 1–2 reps over target"; such a set had 2 reps to spare
#: at the target effort). Without it a lifter whose first set ends at the top
#: far from failure, and whose later sets fade, would add reps at a load that
#: has stopped being hard (hipdip policy).
TOP_SET_SPARE_RIR = 2
#: How far a logged RIR may be off (hipdip policy: a self-rated RIR is an
#: estimate; people predict their reps to failure about a rep off on average,
#: trained lifters near failure included — Halperin et al., 2022, Sports Med,
#: meta-analysis; Zourdos et al., 2016). The mean logged RIR may fall this far
#: below the target before it blocks a step up (more says the load is already
#: heavy enough), and a session "rose" for the plateau rule only when it beat
#: the session before the last three by more than this many reps + RIR (a set
#: logged without a RIR counts its reps alone, exactly, with no allowance).
RIR_TOLERANCE = 1
#: A hold this many seconds or less under its target is no miss (hipdip policy: a hold
#: timed by the person is a second or two off; 60 and 59 s against a 60 s target were
#: a "stall" that cut the target to 55 s — a coach's review).
HOLD_MISS_SECONDS = 2
#: A second miss of the bottom is not a stall when its sets averaged more than this
#: many reps (or seconds held) over the miss before (hipdip policy: the lifter is
#: closing in on the bottom; the stall rule is for a load that is too heavy, and a
#: gain of more than the rep a logged set can be off says it is not).
STALL_CLOSING_IN = 1
#: The plateau warning (the first stage) fires unless a later session beat the
#: first of the last 3 by more than this many reps + RIR: two logged sessions,
#: each up to :data:`RIR_TOLERANCE` off, can differ by twice it with no change in
#: the lifter (hipdip policy; the load comes down only on the stricter
#: :data:`RIR_TOLERANCE`, so a warning costs a responder nothing but a message).
PLATEAU_WARNING_TOLERANCE = 2 * RIR_TOLERANCE
#: A plateau's sessions span at least this many weeks, first to last (hipdip
#: policy): strength is gained week by week, so 3 sessions of one week — an
#: exercise trained daily — cannot show that it stopped (a coach's review found
#: loads cut within a week of a raise for lifters training 5–6 days a week).
PLATEAU_MIN_WEEKS = 1


class DoubleProgression:
    """Reps up inside the range, then one load step, a harder rung, or more reps (SCIENCE.md §Training)."""

    id = "double_progression"
    priority = 0

    def applies(self, exercise: Exercise, prescription: Prescription) -> bool:
        """Rep-range prescriptions."""
        return isinstance(prescription.dose, Reps)

    def decide(
        self,
        exercise: Exercise,
        prescription: Prescription,
        results: Sequence[SetResult],
        *,
        catalog: Catalog | None = None,
        profile: Profile | None = None,
        history: Sequence[PastSession] | None = None,
        moved_from: PastSession | None = None,
    ) -> Decision | None:
        """The next step after one session; ``None`` for a hold."""
        dose = prescription.dose
        if not isinstance(dose, Reps):
            return None
        done = _Sets(prescription, results)
        span = f"{dose.low}–{dose.high}"
        if done.missed:
            return _same(
                Action.REPEAT,
                prescription,
                self.id,
                f"{done.text} missed the bottom of {span}: repeat {prescription.sets}×{span} "
                f"{load_phrase(prescription.load, exercise)}; a second miss in a row lowers the "
                "load (stall)",
            )
        if done.top_reached:
            blockers = done.blockers(exercise)
            if blockers:
                return _same(
                    Action.REPEAT,
                    prescription,
                    self.id,
                    f"{done.text} reached {dose.high} but {' and '.join(blockers)}: repeat "
                    f"{prescription.sets}×{span} {load_phrase(prescription.load, exercise)} "
                    f"before {_raise_words(exercise, prescription, _catalog(catalog), profile)}",
                )
            cut = _rebuilding(prescription, history, exercise, moved_from)
            mean_rir = _mean_rir(prescription, results)
            if cut is not None and (mean_rir is None or mean_rir < NO_LOAD_MIN_RIR):
                rule, moved = cut
                where = (
                    f"on {exercise.name}, the easier exercise the {rule} moved to"
                    if moved
                    else f"at the load the {rule} set one step lighter"
                )
                return _same(
                    Action.REPEAT,
                    prescription,
                    self.id,
                    f"{done.text} reached the top of {span} {where}: repeat "
                    f"{prescription.sets}×{span} {load_phrase(prescription.load, exercise)} and "
                    "reach it again before going back up: two sessions at the top in a row "
                    "rebuild what the step down took",
                )
            return _step_up(
                self.id,
                exercise,
                prescription,
                done,
                _catalog(catalog),
                profile,
                head=f"{done.text} reached the top of {span}",
                restart=f"start again at {dose.low} reps",
            )
        return _same(
            Action.ADD_REPS,
            prescription,
            self.id,
            f"{done.text} stayed within {span}: add a rep to each set next session, same "
            f"load ({describe_load(prescription.load, exercise)}); "
            f"{_raise_words(exercise, prescription, _catalog(catalog), profile)} once "
            f"{_top_condition(prescription.sets, dose)}{_rir_condition(prescription)}"
            f"{_spare_condition(prescription)}",
        )


def _rebuilding(
    prescription: Prescription,
    history: Sequence[PastSession] | None,
    exercise: Exercise,
    moved_from: PastSession | None,
) -> tuple[str, bool] | None:
    """The rule (``plateau``/``stall``) of a step down this rep range is rebuilding from,
    and whether it moved to this easier exercise — ``None`` when the top may be raised.

    After a step down to this load at this rep range (the session at the load one
    step above, answered with that step down) or onto this easier exercise
    (``moved_from``), the top is reached twice in a row before going back up: the
    session before at this range must have reached it too. Sessions at other ranges
    (DUP's other days) come between; fewer than
    :data:`~hipdip.training.STALE_TARGET_SESSIONS` of them, and not both a deload
    and another range (a block's next phase is met afresh, its load set anew):
    another day's cut, or a cut a phase ago, is no step down of this one. A session
    at this range at another load since ends the rebuild.
    """
    dose = prescription.dose
    others = 0  # sessions at other rep ranges since: a block's next phase is met afresh
    deload = False  # a deload week since
    latest = True  # the newest session at this range is the one before this
    for past in reversed(history or ()):
        if past.deload:
            deload = True
            continue
        if (
            not _same_range(past.prescription.dose, dose)
            or past.prescription.exercise != exercise.id
        ):
            others += 1
            if others >= STALE_TARGET_SESSIONS:
                return None  # a phase ago
            continue
        if deload and others:
            return None  # a deload and another range between: a phase ago
        if (
            past.action is Action.REDUCE_LOAD
            and past.rule in ("plateau", "stall")
            and lighter(past.prescription.load, exercise) == prescription.load
        ):
            return past.rule, False
        if past.prescription.load != prescription.load:
            return None  # a session at another load since: no step down being rebuilt
        if latest and _Sets(past.prescription, past.results).top_reached:
            return None  # the top at the session before too: twice in a row
        latest = False
    if (
        moved_from is not None
        and moved_from.action is Action.REDUCE_LOAD
        and moved_from.rule in ("plateau", "stall")
    ):
        return str(moved_from.rule), True
    return None


class HoldProgression:
    """The next hold follows what was done, ``min(achieved, top) + 5 s``; then a harder rung (hipdip policy)."""

    id = "hold_progression"
    priority = 0

    def applies(self, exercise: Exercise, prescription: Prescription) -> bool:
        """Hold prescriptions (planks, side planks)."""
        return isinstance(prescription.dose, Hold)

    def decide(
        self,
        exercise: Exercise,
        prescription: Prescription,
        results: Sequence[SetResult],
        *,
        catalog: Catalog | None = None,
        profile: Profile | None = None,
    ) -> Decision | None:
        """The next step after one session; ``None`` for a rep range."""
        dose = prescription.dose
        if not isinstance(dose, Hold):
            return None
        done = _Sets(prescription, results)
        low, high = dose.low_seconds, dose.high_seconds
        span = f"{low}–{high} s" if low < high else f"{high} s"
        if done.missed:
            return _same(
                Action.REPEAT,
                prescription,
                self.id,
                f"{done.text} missed the current {low} s target (range up to {high} s): repeat "
                f"{prescription.sets}×{low} s; a second miss in a row shortens the hold (stall)",
            )
        if done.earned(exercise):
            return _step_up(
                self.id,
                exercise,
                prescription,
                done,
                _catalog(catalog),
                profile,
                head=f"{done.text} reached the top of {span}",
                restart=f"start again at {min(HOLD_RESTART_SECONDS, high)} s",
            )
        # The longer target asks for every prescribed set at the planned load;
        # RIR gates only the step past the top (as for reps).
        blockers = done.blockers(exercise, rir=False)
        if blockers:
            return _same(
                Action.REPEAT,
                prescription,
                self.id,
                f"{done.text} held the current {low} s but {' and '.join(blockers)}: repeat "
                f"{prescription.sets}×{low} s",
            )
        if low == high:  # at the top, held back by RIR only
            return _same(
                Action.REPEAT,
                prescription,
                self.id,
                f"{done.text} reached {high} s but {' and '.join(done.blockers(exercise))}: "
                f"repeat {prescription.sets}×{high} s before the next step",
            )
        achieved = min(done.amounts)
        new_low = min(min(achieved, high) + HOLD_STEP_SECONDS, high)
        after = attrs.evolve(prescription, dose=Hold(new_low, high))
        return Decision(
            Action.ADD_REPS,
            prescription,
            after,
            self.id,
            f"{done.text} against the current {low} s target (range up to {high} s): the next "
            f"target follows what was done, hold {new_low} s next session "
            f"(min({achieved}, {high}) + {HOLD_STEP_SECONDS} s)",
        )


class Stall:
    """Two misses in a row: lighter load, shorter hold or easier variant (hipdip policy)."""

    id = "stall"
    priority = STALL_PRIORITY

    def applies(self, exercise: Exercise, prescription: Prescription) -> bool:
        """Every prescription (it only decides when there is a stall)."""
        return True

    def decide(
        self,
        exercise: Exercise,
        prescription: Prescription,
        results: Sequence[SetResult],
        *,
        previous: Sequence[SetResult] | None = None,
        previous_prescription: Prescription | None = None,
        catalog: Catalog | None = None,
        profile: Profile | None = None,
    ) -> Decision | None:
        """A ``reduce_load`` (or ``repeat``) decision on a stall, else ``None``."""
        if not previous:
            return None
        before = previous_prescription or prescription
        if not _same_step(before, prescription):
            return None
        mean_now = _mean_below(prescription, results)
        if mean_now is None:
            return None  # the bottom was reached: no miss (the common case, kept cheap)
        mean_then = _mean_below(before, previous)
        if mean_then is None or mean_now > mean_then + STALL_CLOSING_IN:
            return None  # one miss; or short again, but closing in on it: not a stall
        now, then = _Sets(prescription, results), _Sets(before, previous)
        dose = prescription.dose
        if isinstance(dose, Hold):
            what = f"the {dose.low_seconds} s hold target"
        else:
            what = f"the bottom of {dose.low}–{dose.high}"
        head = (
            f"stall: {what} was missed in two consecutive sessions "
            f"({now.text}, {_number(now.mean)} on average; the session before "
            f"{then.values_text}, {_number(then.mean)} on average)"
        )
        shorter = dose.low_seconds - HOLD_STEP_SECONDS if isinstance(dose, Hold) else 0
        if (
            isinstance(dose, Hold)
            and isinstance(prescription.load, Bodyweight)
            and (shorter >= HOLD_RESTART_SECONDS)
        ):
            after = attrs.evolve(prescription, dose=Hold(shorter, dose.high_seconds))
            return Decision(
                Action.REDUCE_LOAD,
                prescription,
                after,
                self.id,
                f"{head}: hold {shorter} s next session (−{HOLD_STEP_SECONDS} s)",
            )
        return _step_down(self.id, exercise, prescription, _catalog(catalog), profile, head)


#: Actions that raise the load of the same exercise (a harder rung is another exercise).
_LOAD_RAISES = frozenset({Action.INCREASE_LOAD, Action.NEXT_BAND})


class Plateau:
    """No rise over the last 3 logged sessions: a warning, then one step lighter and rebuild (hipdip policy)."""

    id = "plateau"
    priority = PLATEAU_PRIORITY

    def applies(self, exercise: Exercise, prescription: Prescription) -> bool:
        """Every prescription (it only decides on a plateau)."""
        return True

    def decide(
        self,
        exercise: Exercise,
        prescription: Prescription,
        results: Sequence[SetResult],
        *,
        history: Sequence[PastSession] | None = None,
        catalog: Catalog | None = None,
        profile: Profile | None = None,
        week: int | None = None,
    ) -> Decision | None:
        """A ``reduce_load`` (or ``repeat``) decision on a plateau, else ``None``.

        ``week`` (the logged session's, when known) keeps a plateau from being
        called within one week (:data:`PLATEAU_MIN_WEEKS`)."""
        if not history or not any(
            not past.deload
            and past.prescription.exercise == prescription.exercise
            and _same_load(past.prescription, prescription)
            for past in history
        ):
            # No earlier session at this rep target: a plateau is not judged on a target
            # trained once (DUP's first light day compared with heavy days' estimates
            # was cut to bodyweight: a coach's review).
            return None
        cat = _catalog(catalog)
        done = _Sets(prescription, results)
        earned = done.earned(exercise)
        if earned and _has_step_up(exercise, prescription, done, cat, profile):
            return None  # the top was reached and there is a step up: that is progress
        # (Earned with nothing to add — no heavier load, no harder rung, the sets not
        # yet easy enough to raise the top — a plateau is answered with a repeat:
        # a lighter load would only undo the top; see _capped.)
        # The sessions of this exercise and tempo since the last step down or
        # plateau answer, newest first: at most PLATEAU_SESSIONS and the one before
        # them. A plateau warning (below) does not end them; a final plateau answer
        # does (at the top of a hold with nothing harder the answer is "repeat":
        # said every session it is noise). A session whose answer raised the load at
        # this rep target can be the oldest, no older one: the first of the 3 of the
        # warning, the one before the 3 of the answer (SCIENCE.md: "neither the load
        # nor the reps at that load rose" — the answer's 3 are all at the raised
        # load). Another target's raise (DUP's heavy day catching up) is that day's
        # load: its session counts by its estimated strength.
        window: list[tuple[Prescription, Sequence[SetResult]]] = [(prescription, results)]
        weeks: list[int | None] = [week]
        warned = False  # the session before this one got a plateau warning
        raised = False  # the oldest session of the window raised the load
        answered = False  # the window ends at a final plateau answer
        for past in reversed(history):
            if len(window) > PLATEAU_SESSIONS:
                break
            if past.deload:
                continue
            warning = past.rule == self.id and _is_warning(past, exercise, cat, profile)
            answered = past.rule == self.id and not warning
            if (
                past.prescription.exercise != prescription.exercise
                or past.prescription.tempo != prescription.tempo
                or past.action is Action.REDUCE_LOAD
                or answered
            ):
                break
            warned = warned or (warning and len(window) == 1)
            window.append((past.prescription, past.results))
            weeks.append(past.week)
            if past.action in _LOAD_RAISES and _same_load(past.prescription, prescription):
                raised = True
                break
        if len(window) < PLATEAU_SESSIONS:
            return None
        # Two stages (SCIENCE.md: no rise "over the last 3 logged sessions"; the
        # stages are hipdip policy). The last PLATEAU_SESSIONS sessions show no rise
        # — the later ones do not beat the first of them: a warning (repeat, beat
        # it), once. PLATEAU_SESSIONS sessions in a row do not beat the one before
        # them, and show no rise among themselves either (the session before them
        # may have earned a raise far from failure at a lighter load — a high bar
        # that reps rising at the new load need not clear): the answer, one step
        # lighter (with nothing lighter or easier the
        # answer is a repeat anyway, so it comes at the first stage). Compared with
        # one session, not the best ever (one lucky day long ago is no bar); a rise
        # must beat it by more than the error of a logged RIR; sessions at other
        # loads (DUP's days) compare on the load moved: the weight plus the body
        # that moves with it (hipdip.loads.moved_body_kg).
        moved = 0.0 if profile is None else moved_body_kg(exercise, profile.body.weight_kg)
        strengths = [_strength(*session, moved=moved) for session in window]

        def flat(n: int, warning: bool = False) -> bool:
            """Whether none of the newest ``n - 1`` sessions beats the ``n``-th newest
            (``warning``: whether the newest does not — no net rise over the ``n``)."""
            first = weeks[n - 1]
            if week is not None and first is not None and week - first < PLATEAU_MIN_WEEKS:
                return False  # sessions of one week: too soon to tell (daily training)
            reference = window[n - 1]
            bar = _strength(*reference, allowance=RIR_TOLERANCE, moved=moved)
            if not warning:
                if max(strengths[: n - 1]) > bar:
                    return False
                old = _set_strengths(*reference, RIR_TOLERANCE, moved)
                return not any(_sets_rose(sets_of(i), old) for i in range(n - 1))
            if strengths[0] > bar:
                # The warning: this session beat it only by judging its sets further from
                # failure (a higher logged RIR) — may be off by both judgements.
                judged = _strength(*reference, allowance=PLATEAU_WARNING_TOLERANCE, moved=moved)
                then = _mean_rir(*reference)
                if not (
                    strengths[0] <= judged
                    and then is not None
                    and (_mean_rir(*window[0]) or 0) > then
                ):
                    return False
            old = _set_strengths(*reference, PLATEAU_WARNING_TOLERANCE, moved)
            return not _sets_rose(sets_of(0), old)

        per_set: dict[int, list[float]] = {}  # each window session's sets, once asked

        def sets_of(i: int) -> list[float]:
            found = per_set.get(i)
            if found is None:
                found = per_set[i] = _set_strengths(*window[i], 0, moved)
            return found

        def measured(n: int, reference: str, *, warning: bool = False) -> str:
            best = strengths[0] if warning else max(strengths[: n - 1])
            before = strengths[n - 1]
            # The sets taken together rose on paper (within the error): said as a rise
            # (a coach's re-review: 16, 11 → 16, 12 → 16, 13 was told "neither … rose").
            old = _set_strengths(*window[n - 1], 0, moved)
            nominal = any(_sets_rose(sets_of(i), old) for i in range(1 if warning else n - 1))
            return _plateau_head(
                exercise,
                prescription,
                best,
                before,
                reference,
                warning=warning,
                raised=warning and raised and len(window) == PLATEAU_SESSIONS,
                rose=warning and own_rose(),
                nominal=nominal,
            )

        own: list[bool] = []  # _rose_at_its_load, once asked (most calls never ask)

        def own_rose() -> bool:
            if not own:
                own.append(_rose_at_its_load(prescription, results, history, moved))
            return own[0]

        # DUP's days: this day's own reps at its load rising is no plateau to cut
        # (it is one to warn of when the days together show no rise: said as such).
        if (
            len(window) > PLATEAU_SESSIONS
            and flat(len(window))
            and flat(PLATEAU_SESSIONS)
            and not own_rose()
        ):
            head = measured(len(window), "the session before them")
            if earned:
                return _capped(self.id, exercise, prescription, head, cat, profile)
            return _step_down(self.id, exercise, prescription, cat, profile, head)
        if warned or not flat(PLATEAU_SESSIONS, warning=True):
            return None  # warned already, or the estimated strength rose
        # The first of them may be the session that earned a raise: the two at the new
        # load are compared with it on estimated strength (a lifter who stopped growing
        # hears it at the third session, not the fourth; the load never comes down
        # before three sessions at the new one — the second stage, above).
        head = measured(PLATEAU_SESSIONS, "the first of them", warning=True)
        if earned or not _can_step_down(exercise, prescription, cat, profile):
            if answered:  # said already, with nothing to change: again at the second stage
                return None
            if earned:
                return _capped(self.id, exercise, prescription, head, cat, profile)
            return _step_down(self.id, exercise, prescription, cat, profile, head)
        # (While this day's own reps rise, no cut comes: said as such — a coach's re-review.)
        then = (
            "the load comes down a step only once this day's reps stop rising too"
            if own_rose()
            else "one more session without a rise and the load comes down a step (then rebuild)"
        )
        return _same(
            Action.REPEAT,
            prescription,
            self.id,
            f"{head}: repeat {prescription.sets}×{_dose_words(prescription.dose)} "
            f"{load_phrase(prescription.load, exercise)} and beat it; {then}",
        )


def _sets_rose(now: list[float], before: list[float]) -> bool:
    """Whether the sets of a session (``now``: each set's estimated strength) beat those
    of another (``before``: with a logged RIR's error added) taken together, over the sets
    both logged — the first ones: a session of 2 sets and one of 3 compare on 2.

    The best set alone misses a rise in the later ones — SCIENCE.md counts the total
    reps at a load: 16, 11 → 16, 12 → 16, 13 → 16, 14 at RIR 2 was cut as a plateau
    (a coach's re-review). Holds compare on their longest (:func:`_strength`): their
    lists are empty.
    """
    k = min(len(now), len(before))
    return k >= 2 and sum(now[:k]) > sum(before[:k])


def _set_strengths(
    prescription: Prescription, results: Sequence[SetResult], allowance: int, moved: float
) -> list[float]:
    """Each counted set's :func:`_set_strength` (:func:`_strength` takes the best); none
    for a hold."""
    if isinstance(prescription.dose, Hold):
        return []
    return [_set_strength(result, allowance, moved) for result in results[: prescription.sets]]


def _rose_at_its_load(
    prescription: Prescription,
    results: Sequence[SetResult],
    history: Sequence[PastSession],
    moved: float,
) -> bool:
    """Whether, among sessions at rep targets that keep loads of their own (DUP's days),
    this session's own target rose at its load over its last :data:`PLATEAU_SESSIONS`
    sessions: this one beats the first of them by more than a logged RIR's error — its
    best set, or its sets taken together (:func:`_sets_rose`) — the one between did not
    fall under it (SCIENCE.md: a plateau is "neither the load nor the
    total reps at that load rose"). A coach's review: a light day's 20, 21, 23 reps at
    2 kg were cut to 1 kg, judged against a heavy day's set that stopped at the top of
    its range. One session's rise over the one before is not enough: a stalled lifter's
    days go up and down by that much (the stall answers came weeks late).

    With one rep target the stages of :class:`Plateau` compare the sessions themselves.
    """
    own: list[tuple[Prescription, Sequence[SetResult]]] = [(prescription, results)]
    others = False
    for past in reversed(history):
        if len(own) == PLATEAU_SESSIONS:
            break
        if past.deload:
            continue
        before = past.prescription
        if before.exercise != prescription.exercise or before.tempo != prescription.tempo:
            return False
        if not _same_load(before, prescription):
            others = True
            continue
        if before.load != prescription.load:
            return False  # a raise at this target within them: the stages judge it
        own.append((before, past.results))
    if not others or len(own) < PLATEAU_SESSIONS:
        return False
    now, between = (_strength(*session, moved=moved) for session in own[:2])
    first = own[-1]
    if now > _strength(*first, allowance=RIR_TOLERANCE, moved=moved) and between >= (
        _strength(*first, moved=moved)
    ):
        return True
    # Or the sets taken together, as the stages judge them (a coach's re-review: 21, 20 →
    # 22, 20 → 22, 21 at RIR 3-4 was cut 25 %, the best set alone compared).
    sets = [_set_strengths(*session, 0, moved) for session in own]
    return _sets_rose(sets[0], _set_strengths(*first, RIR_TOLERANCE, moved)) and not _sets_rose(
        sets[-1], sets[1]
    )


def _plateau_head(
    exercise: Exercise,
    prescription: Prescription,
    best: float,
    before: float,
    reference: str,
    *,
    warning: bool = False,
    raised: bool = False,
    rose: bool = False,
    nominal: bool = False,
) -> str:
    """The first words of a plateau decision's reason: the ``best`` recent estimated
    strength (longest hold) against ``before``, that of the ``reference`` session
    (``raised``: the one that earned the raise to the load of the others; ``rose``: the
    reps at this session's own rep target and load rose, the days together did not;
    ``nominal``: the sets taken together rose on paper, within the error).
    ``warning``: ``best`` is this session's, and no rise is one within
    :data:`PLATEAU_WARNING_TOLERANCE` judged reps."""
    hold = isinstance(prescription.dose, Hold)
    within = ""
    if before > 0:  # nothing logged in it (a rule called directly) has no strength
        share = round(best / before * 100)
        if share > 100 or nominal:
            # A rise on paper, within what logged RIRs can be off: said as such (a
            # coach's reading: "neither the reps rose" beside sets of 15, 13 then 16,
            # 15 is untrue).
            within = (
                f"the {PLATEAU_WARNING_TOLERANCE} reps two logged RIRs can be off"
                if warning
                else f"the {RIR_TOLERANCE} rep a logged RIR can be off"
            )
        if warning:
            what = "this session's hold" if hold else "this session's estimated strength"
        else:
            what = "longest hold" if hold else "best estimated strength"
        measured = f"{what} {share} % of {reference}"
    else:
        measured = "nothing done in them"
    done, forever = ("hold", "holding as long") if hold else ("reps", "adding a rep")
    sessions = f"the last {PLATEAU_SESSIONS} sessions of {exercise.name}"
    if rose:
        return (
            f"plateau: the estimated strength did not rise over {sessions}, its days' rep "
            f"targets taken together ({measured}), though the {done} at this session's own "
            f"load rose; {forever} forever is not progression"
        )
    if raised:
        change = f"rose by no more than {within}" if within else "did not rise"
        return (
            f"plateau: the estimated strength {change} over {sessions}, the first of them the "
            f"one that earned the present load ({measured}); {forever} forever is not "
            "progression"
        )
    if within:
        return (
            f"plateau: over {sessions} the load did not rise and the {done} at that load "
            f"rose by no more than {within} ({measured}); {forever} forever is not "
            "progression"
        )
    # Reps are judged with the reps in reserve: 15 at RIR 3 then 16 at RIR 2 is no rise
    # (a coach's re-review read "the reps did not rise" beside 15 then 16).
    judged = "" if hold else ", counted with the reps in reserve,"
    return (
        f"plateau: neither the load nor the {done} at that load{judged} rose over {sessions} "
        f"({measured}); {forever} forever is not progression"
    )


def _capped(
    rule: str,
    exercise: Exercise,
    prescription: Prescription,
    head: str,
    cat: Catalog,
    profile: Profile | None,
) -> Decision:
    """The plateau answer at the top of the range with nothing to add: repeat, keep the top."""
    dose = prescription.dose
    if isinstance(dose, Reps):
        top = f"{dose.high}"
        rises = f"; the top of the range rises once a set ends there at RIR ≥ {NO_LOAD_MIN_RIR}"
    else:  # a hold's top is where it stays (SCIENCE.md §Training: holds 20–60 s)
        top, rises = f"{dose.high_seconds} s", ""
    return _same(
        Action.REPEAT,
        prescription,
        rule,
        f"{head}: at the top ({top}) with nothing heavier or harder to move to — repeat as "
        f"prescribed {load_phrase(prescription.load, exercise)}, no lighter{rises}; "
        f"{_next_step(exercise, cat, profile)}",
    )


def _can_step_down(
    exercise: Exercise, prescription: Prescription, cat: Catalog, profile: Profile | None
) -> bool:
    """Whether :func:`_step_down` has a lighter load, an easier tempo or an easier rung to give."""
    if lighter(prescription.load, exercise) is not None:
        return True
    if _eased_tempo(prescription.tempo) is not None:
        return True
    return bool(ladders(cat).descend(exercise.id, profile))


def _eased_tempo(tempo: str) -> str | None:
    """The tempo one step back from a slower one the no-load-left rule set (``None``: none).

    A bird-dog's longer hold at the top goes back to its first one; a lowering
    phase slowed to 3 or 4 s goes back one second, to the default 2 s at most.
    """
    phases = tempo.split("-")  # four phases, checked by Prescription
    lowering, top_hold = int(phases[0]), int(phases[3])
    first_hold, longest_hold = BIRD_DOG_HOLD_SECONDS
    if first_hold < top_hold <= longest_hold:
        return "-".join([*phases[:3], str(first_hold)])
    default = int(DEFAULT_REPS_TEMPO.split("-")[0])
    if lowering > default and lowering <= SLOW_ECCENTRIC_SECONDS[-1]:
        earlier = [s for s in (default, *SLOW_ECCENTRIC_SECONDS) if s < lowering]
        return "-".join([str(max(earlier)), *phases[1:]])
    return None


def _is_warning(
    past: PastSession, exercise: Exercise, cat: Catalog, profile: Profile | None
) -> bool:
    """Whether a past plateau decision was the warning (a repeat where a step down existed,
    short of the top: at the top with nothing to add the repeat is the answer)."""
    if past.action is not Action.REPEAT:
        return False
    if not _can_step_down(exercise, past.prescription, cat, profile):
        return False
    return not _Sets(past.prescription, past.results).earned(exercise)


class Break:
    """A gap of 14 days or more before the session: one step back, a conservative restart (hipdip policy)."""

    id = "break"
    priority = BREAK_PRIORITY

    def applies(self, exercise: Exercise, prescription: Prescription) -> bool:
        """Every prescription (it only decides after a break)."""
        return True

    def decide(
        self,
        exercise: Exercise,
        prescription: Prescription,
        results: Sequence[SetResult],
        *,
        gap_days: int | None = None,
        previous: Sequence[SetResult] | None = None,
        previous_prescription: Prescription | None = None,
        profile: Profile | None = None,
    ) -> Decision | None:
        """One step lighter after a break of :data:`BREAK_DAYS` or more, else ``None``.

        The load drops one step (~10 %, one band tier); a bodyweight hold
        is shortened by 5 s, or to the shortest hold done if that is less, while it
        stays ≥ 20 s; with nothing lighter, the
        prescription is repeated. When the session back shows no loss — the
        bottom of the range (the hold target) reached, the mean RIR not under
        the target by more than :data:`RIR_TOLERANCE`, every set logged, and
        its estimated strength (the longest hold) not under that of the
        session before the break (``previous``) by more than a logged RIR's
        error (a hold's timing, :data:`HOLD_MISS_SECONDS`) — the
        prescription is repeated once instead: the restart the break asks for,
        without taking back what the session showed. The reason starts with
        ``"break"``.
        """
        if gap_days is None or gap_days < BREAK_DAYS:
            return None
        done = _Sets(prescription, results)
        # The session before the break: 19, 18 reps at RIR 2 then 11, 10 at RIR 1 after
        # three weeks away was "no lost strength" — the range's bottom reached (a coach's
        # review; the README promises a step back when the session back shows a loss).
        compared = _comparable(prescription, results, previous, previous_prescription)
        fell = (
            _fell_since(exercise, prescription, results, previous, previous_prescription, profile)
            if compared
            else None
        )
        short = done.missed or done.rir_low or done.count < prescription.sets
        if not (short or fell):
            since = ", nor under the session before the break" if compared else ""
            return _same(
                Action.REPEAT,
                prescription,
                self.id,
                f"break: {gap_days} days without training, but {done.text} show no lost "
                "strength (the range reached on average, the mean RIR at most "
                f"{RIR_TOLERANCE} under the target{since}): repeat "
                f"{prescription.sets}×{_dose_words(prescription.dose)} "
                f"{load_phrase(prescription.load, exercise)} once more for a conservative "
                "restart, then progress as usual",
            )
        if (
            fell
            and previous_prescription is not None
            and not short
            and is_heavier(previous_prescription.load, prescription.load)
        ):
            # Served lighter than before the break already (another day's step back
            # carried here), and the range met there: that is the restart — one more step
            # made it two (a coach's re-review: 7.5 kg before, 5 kg served, cut to 2.5 kg).
            return _same(
                Action.REPEAT,
                prescription,
                self.id,
                f"break: {gap_days} days without training: {done.text} after {fell}; "
                f"{load_phrase(prescription.load, exercise)} is already lighter than before "
                f"the break and the range was met: repeat {prescription.sets}×"
                f"{_dose_words(prescription.dose)} once more for a conservative restart, "
                "then progress as usual",
            )
        lost = f": {done.text} after {fell}" if fell else ""
        head = (
            f"break: {gap_days} days without training (a break of {BREAK_DAYS} days or "
            f"more loses a little strength{lost}): one step back for a conservative restart"
        )
        lower = lighter(prescription.load, exercise)
        if lower is not None:
            change = describe_change(prescription.load, lower, exercise)
            return Decision(
                Action.REDUCE_LOAD,
                prescription,
                attrs.evolve(prescription, load=lower),
                self.id,
                f"{head}: {change}, then build back up",
            )
        dose = prescription.dose
        if isinstance(dose, Hold):
            # Five seconds off the target, or what was held if that is less — the next hold
            # follows what was done (SCIENCE.md §Training, holds): back at 25 s after 60 s,
            # 55 s next was a miss for weeks (a coach's re-review) — not under the restart's
            # floor.
            # (A hold of 0 s counts: leaving it out made 0, 0 restart longer than 0, 1 —
            # the monotone contract.)
            held = min(
                (r.hold_seconds for r in results if r.hold_seconds is not None), default=None
            )
            shorter = dose.low_seconds - HOLD_STEP_SECONDS
            if held is not None:
                shorter = min(shorter, held)
            shorter = max(shorter, min(HOLD_RESTART_SECONDS, dose.low_seconds))
            if shorter < dose.low_seconds:
                cut = dose.low_seconds - shorter
                return Decision(
                    Action.REDUCE_LOAD,
                    prescription,
                    attrs.evolve(prescription, dose=Hold(shorter, dose.high_seconds)),
                    self.id,
                    f"{head}: hold {shorter} s next session (−{cut} s)",
                )
        return _same(
            Action.REPEAT,
            prescription,
            self.id,
            f"{head}: {describe_load(prescription.load, exercise)} is the lightest load, so "
            "repeat the session as prescribed before adding reps",
        )


def _comparable(
    prescription: Prescription,
    results: Sequence[SetResult],
    previous: Sequence[SetResult] | None,
    previous_prescription: Prescription | None,
) -> bool:
    """Whether this session and ``previous`` compare on estimated strength: the same
    exercise and kind of dose, loads of one kind (bodyweight counts as 1 and a weight
    with the body moved: an attacker's re-review found 11, 10 reps at 0.5 kg read as no
    loss after 3 × 20 at bodyweight)."""
    return (
        bool(previous)
        and previous_prescription is not None
        and previous_prescription.exercise == prescription.exercise
        and type(previous_prescription.dose) is type(prescription.dose)
        and len({type(r.load) for r in (*(previous or ()), *results)}) == 1
    )


def _fell_since(
    exercise: Exercise,
    prescription: Prescription,
    results: Sequence[SetResult],
    previous: Sequence[SetResult] | None,
    previous_prescription: Prescription | None,
    profile: Profile | None,
) -> str | None:
    """``previous`` in words (``'19, 18 reps at RIR 2 the session before the break'``) if
    this session's estimated strength fell under it by more than a logged RIR's error (a
    hold: its longest hold by more than :data:`HOLD_MISS_SECONDS`), else ``None``
    (for :func:`_comparable` sessions)."""
    if not previous or previous_prescription is None:
        return None
    moved = 0.0 if profile is None else moved_body_kg(exercise, profile.body.weight_kg)
    then = _strength(previous_prescription, previous, moved=moved)
    if isinstance(prescription.dose, Hold):
        now = _strength(prescription, results, moved=moved) + HOLD_MISS_SECONDS
    else:
        now = _strength(prescription, results, allowance=RIR_TOLERANCE, moved=moved)
    if now >= then:
        return None
    sets = _Sets(previous_prescription, previous)
    then_load, now_load = previous[0].load, results[0].load
    if then_load == now_load:
        return f"{sets.text} the session before the break"
    # At another load, both are named (a coach's re-review: "3×19 at RIR 2 after 3×19 at
    # RIR 2" said nothing of the medium band and the light one).
    return (
        f"{sets.text} with {describe_load(then_load, exercise)} the session before the "
        f"break (now {describe_load(now_load, exercise)})"
    )


#: The rule objects this plugin registers.
BREAK = Break()
STALL = Stall()
PLATEAU = Plateau()
DOUBLE_PROGRESSION = DoubleProgression()
HOLD_PROGRESSION = HoldProgression()
RULES: tuple[ProgressionRule, ...] = (
    BREAK,
    STALL,
    PLATEAU,
    DOUBLE_PROGRESSION,
    HOLD_PROGRESSION,
)


@hookimpl
def hipdip_register_progression_rules(register: Callable[[ProgressionRule], None]) -> None:
    """Register :data:`RULES`."""
    for rule in RULES:
        register(rule)


def default_dose(exercise: Exercise) -> Reps | Hold:
    """The dose an exercise starts with when a ladder step changes the kind of dose.

    Holds (:data:`hipdip.training.HOLD_PATTERNS`) 20–60 s, everything else 10–20 reps.
    """
    return DEFAULT_HOLD if exercise.pattern in HOLD_PATTERNS else DEFAULT_REPS


def session_strength(
    prescription: Prescription, results: Sequence[SetResult], *, moved_kg: float = 0.0
) -> float:
    """A session's estimated strength: its best counted set, comparable across loads and rep targets.

    Epley per set, ``load · (1 + (reps + RIR) / 30)``, with a weight in kg
    plus ``moved_kg`` (the body moved with it:
    :func:`hipdip.loads.moved_body_kg` — without it a DUP heavy day's
    heavier dumbbell looks like a stronger lifter), a band as
    ``1.1 ** (tier rank + 1)`` (one tier = one ~10 % step) and bodyweight as
    1; an unknown RIR counts as 0. Holds: the longest hold. The best set —
    usually the first, before fatigue — makes sessions of two and three sets
    compare.

    >>> from hipdip import Prescription, Reps, SetResult, Weight
    >>> item = Prescription("x", 2, Reps(10, 20), Weight(2.0))
    >>> done = [SetResult(reps=20, load=Weight(2.0), rir=1),
    ...         SetResult(reps=17, load=Weight(2.0), rir=1)]
    >>> session_strength(item, done)
    3.4
    >>> round(session_strength(item, done, moved_kg=4.5), 2)  # a 65 kg person's leg, side-lying
    11.05
    """
    return _strength(prescription, results, moved=moved_kg)


def _strength(
    prescription: Prescription,
    results: Sequence[SetResult],
    *,
    allowance: int = 0,
    moved: float = 0.0,
) -> float:
    """:func:`session_strength`, with ``allowance`` reps more on every set that logged a RIR."""
    best = 0.0
    for result in results[: prescription.sets]:
        if result.hold_seconds is not None:
            best = max(best, float(result.hold_seconds))
        else:
            best = max(best, _set_strength(result, allowance, moved))
    return best


def _set_strength(result: SetResult, allowance: int, moved: float) -> float:
    """One set's estimated 1RM: Epley on its reps plus its RIR (and ``allowance`` reps
    when it logged one), a weight counted with the body ``moved`` with it."""
    reps = result.reps or 0
    if result.rir is not None:
        reps += result.rir + allowance
    load = result.load
    return estimated_1rm(load_units(load) + (moved if isinstance(load, Weight) else 0.0), reps)


# --------------------------------------------------------------------------- #
# Steps up and down


def _step_up(
    rule: str,
    exercise: Exercise,
    prescription: Prescription,
    done: _Sets,
    cat: Catalog,
    profile: Profile | None,
    *,
    head: str,
    restart: str,
) -> Decision:
    """The top was reached: heavier load, else a harder rung, else no load left."""
    dose = prescription.dose
    restart_dose: Reps | Hold = (
        Hold(min(HOLD_RESTART_SECONDS, dose.high_seconds), dose.high_seconds)
        if isinstance(dose, Hold)
        else dose
    )
    load = prescription.load
    units = _units(profile)
    up = _next_load(load, exercise, units)
    if up is not None:
        after = attrs.evolve(prescription, load=up, dose=restart_dose)
        action = Action.NEXT_BAND if isinstance(up, Band) else Action.INCREASE_LOAD
        change = describe_change(load, up, exercise)
        return Decision(action, prescription, after, rule, f"{head}: {change}; {restart}")
    where = _where(load, exercise)
    rungs = ladders(cat).climb(exercise.id, profile)
    if rungs:
        harder = order(rungs, profile, cat)[0]
        start = starting_load(harder, units=units)
        if isinstance(dose, Hold) == (harder.pattern in HOLD_PATTERNS):
            new_dose, tempo, tail = restart_dose, prescription.tempo, f"; {restart}"
        else:
            new_dose = default_dose(harder)
            tempo = HOLD_TEMPO if isinstance(new_dose, Hold) else DEFAULT_REPS_TEMPO
            tail = f"; {_dose_words(new_dose)}"
        after = attrs.evolve(
            prescription, exercise=harder.id, load=start, dose=new_dose, tempo=tempo
        )
        return Decision(
            Action.ADVANCE_EXERCISE,
            prescription,
            after,
            rule,
            f"{head} {where}: advance to {harder.name} ({harder.id}) "
            f"{load_phrase(start, harder)}{tail}",
        )
    return _no_load_left(
        rule,
        exercise,
        prescription,
        done,
        head=f"{head} {where}",
        next_step=_next_step(exercise, cat, profile),
    )


@functools.lru_cache(maxsize=32)  # a catalogue scan; the same few cases repeat in a replay
def _next_step(exercise: Exercise, cat: Catalog, profile: Profile | None) -> str:
    """What comes after no load left, in words: an exercise the person can load, else a band or weight."""
    if profile is not None:
        # Same movement, loadable, not on the equipment that has just run out.
        spent = exercise.equipment if exercise.load_kind is not LoadKind.BODYWEIGHT else None
        loadable = [
            other
            for other in cat.exercises.values()
            if other.load_kind is not LoadKind.BODYWEIGHT
            and other.pattern == exercise.pattern
            and other.id != exercise.id
            and other.equipment != spent
            and other.target(TARGET_MUSCLE) is not None
            and can_do(profile, other)
        ]
        if loadable:
            best = order(loadable, profile, cat)[0]
            return f"an exercise you can load with what you own is the next step ({best.name})"
    return "a band or weight is the next step"


def _has_step_up(
    exercise: Exercise,
    prescription: Prescription,
    done: _Sets,
    cat: Catalog,
    profile: Profile | None,
) -> bool:
    """Whether :func:`_step_up` would ask for more: load, a rung, reps toward 30 or a slower tempo."""
    if _next_load(prescription.load, exercise, _units(profile)) is not None:
        return True
    if ladders(cat).climb(exercise.id, profile):
        return True
    dose = prescription.dose
    if isinstance(dose, Hold):
        return dose.low_seconds < dose.high_seconds
    if BIRD_DOG_HOLD_SECONDS[0] <= int(prescription.tempo.split("-")[3]) < BIRD_DOG_HOLD_SECONDS[1]:
        return True
    rir = done.max_rir
    if rir is None or rir < NO_LOAD_MIN_RIR:
        return False
    lowering = int(prescription.tempo.split("-")[0])
    return dose.high < MAX_REPS_NEAR_FAILURE or lowering < SLOW_ECCENTRIC_SECONDS[-1]


def _no_load_left(
    rule: str,
    exercise: Exercise,
    prescription: Prescription,
    done: _Sets,
    *,
    head: str,
    next_step: str,
) -> Decision:
    """No heavier load or harder variant to use: more reps toward 30, then a slower lowering."""
    dose = prescription.dose
    nothing = f"{exercise.name} has no heavier load or harder variant you can use"
    if isinstance(dose, Hold):
        if dose.low_seconds < dose.high_seconds:
            after = attrs.evolve(prescription, dose=Hold(dose.high_seconds, dose.high_seconds))
            return Decision(
                Action.ADD_REPS,
                prescription,
                after,
                rule,
                f"{head} and {nothing}: hold the top, {dose.high_seconds} s, every set",
            )
        return _same(
            Action.REPEAT, prescription, rule, f"{head} and {nothing}: keep holding the top"
        )
    phases = prescription.tempo.split("-")
    top_hold = int(phases[3])
    if BIRD_DOG_HOLD_SECONDS[0] <= top_hold < BIRD_DOG_HOLD_SECONDS[1]:
        # Reps with a hold at the top (the bird-dog): lengthen the hold first (McGill).
        tempo = "-".join([*phases[:3], str(BIRD_DOG_HOLD_SECONDS[1])])
        after = attrs.evolve(prescription, tempo=tempo)
        return Decision(
            Action.REPEAT,
            prescription,
            after,
            rule,
            f"{head} and {nothing}: hold the top {BIRD_DOG_HOLD_SECONDS[1]} s on every rep "
            f"(tempo {tempo}; McGill's protocol)",
        )
    rir = done.max_rir
    if rir is None or rir < NO_LOAD_MIN_RIR:
        near = f"near failure (RIR {rir})" if rir is not None else "with no RIR logged"
        return _same(
            Action.REPEAT,
            prescription,
            rule,
            f"{head}, {near}, and {nothing}: repeat at the top of the range, slowly and with "
            f"full control; {next_step}",
        )
    if dose.high < MAX_REPS_NEAR_FAILURE:
        # At least one 5-rep step; more when the easiest set showed more reps at the target RIR.
        shown = max(a + (r or 0) for a, r in zip(done.amounts, done.rirs, strict=True))
        reach = shown - (prescription.rir or 0)
        top = min(MAX_REPS_NEAR_FAILURE, max(dose.high + REP_TOP_STEP, reach))
        after = attrs.evolve(prescription, dose=Reps(dose.low, top))
        return Decision(
            Action.ADD_REPS,
            prescription,
            after,
            rule,
            f"{head} far from failure (RIR {rir}) and {nothing}: raise the top of the range to "
            f"{top} reps taken near failure (30 % of the 1RM to failure grows muscle like 80 %: "
            f"Lasevicius et al., 2022, J Strength Cond Res); {next_step}",
        )
    lowering = int(phases[0])
    for seconds in SLOW_ECCENTRIC_SECONDS:
        if lowering < seconds:
            tempo = "-".join([str(seconds), *phases[1:]])
            after = attrs.evolve(prescription, tempo=tempo)
            return Decision(
                Action.REPEAT,
                prescription,
                after,
                rule,
                f"{head} far from failure (RIR {rir}) at {dose.high} reps and {nothing}: lower "
                f"more slowly, {seconds} s (tempo {tempo}); {next_step}",
            )
    return _same(
        Action.REPEAT,
        prescription,
        rule,
        f"{head} far from failure (RIR {rir}) at {dose.high} reps with a "
        f"{lowering} s lowering, and {nothing}: {next_step}",
    )


def _step_down(
    rule: str,
    exercise: Exercise,
    prescription: Prescription,
    cat: Catalog,
    profile: Profile | None,
    head: str,
) -> Decision:
    """One step lighter, else the tempo before a slower one, else an easier rung the person
    can do, else repeat."""
    lower = lighter(prescription.load, exercise)
    if lower is not None:
        after = attrs.evolve(prescription, load=lower)
        change = describe_change(prescription.load, lower, exercise)
        return Decision(
            Action.REDUCE_LOAD, prescription, after, rule, f"{head}: {change}, then rebuild"
        )
    eased = _eased_tempo(prescription.tempo)
    if eased is not None:
        # No load to take off, but a slower lowering or a longer hold at the top (no load
        # left to add) was the last step up: one step back is the lighter session.
        return Decision(
            Action.REDUCE_LOAD,
            prescription,
            attrs.evolve(prescription, tempo=eased),
            rule,
            f"{head}: no lighter load than {describe_load(prescription.load, exercise)}; "
            f"back to tempo {eased} (from {prescription.tempo}), then rebuild",
        )
    rungs = ladders(cat).descend(exercise.id, profile)
    if rungs:
        easier = order(rungs, profile, cat)[0]
        start = starting_load(easier, units=_units(profile))
        if is_heavier(start, prescription.load):
            # Its lightest load is heavier than this one (0.5 kg ankle weights after
            # 0.25 kg on a cable: found by hypothesis): the easier exercise without one.
            start = Bodyweight()
        dose = prescription.dose
        if isinstance(dose, Hold) == (easier.pattern in HOLD_PATTERNS):
            after = attrs.evolve(prescription, exercise=easier.id, load=start)
        else:
            new_dose = default_dose(easier)
            tempo = HOLD_TEMPO if isinstance(new_dose, Hold) else DEFAULT_REPS_TEMPO
            after = attrs.evolve(
                prescription, exercise=easier.id, load=start, dose=new_dose, tempo=tempo
            )
        return Decision(
            Action.REDUCE_LOAD,
            prescription,
            after,
            rule,
            f"{head}: no lighter load than {describe_load(prescription.load, exercise)}; "
            f"switch to the easier {easier.name} ({easier.id}) {load_phrase(start, easier)}",
        )
    return _same(
        Action.REPEAT,
        prescription,
        rule,
        f"{head}: no lighter load and no easier variant of {exercise.name}; repeat as "
        "prescribed, check form, rest between sets and sleep, or change the exercise",
    )


def _next_load(load: Load, exercise: Exercise, units: Units) -> Load | None:
    """One step up: :func:`hipdip.loads.heavier`, or the first load of a loadable exercise.

    A first weight is on the person's grid (``units``: kilograms or pounds);
    a weight already there keeps stepping on its own grid.
    """
    if isinstance(load, Bodyweight):
        if exercise.load_kind is LoadKind.BODYWEIGHT:
            return None
        return starting_load(exercise, units=units)
    return heavier(load, exercise)


def _units(profile: Profile | None) -> Units:
    """The person's units (metric without a profile)."""
    return Units.METRIC if profile is None else profile.units


def _where(load: Load, exercise: Exercise) -> str:
    if isinstance(load, Band):
        return (
            f"with the heaviest band ({BAND_TIER_WORDS[load.tier]}, "
            f"{BAND_PLACEMENT_WORDS[load.placement]})"
        )
    return load_phrase(load, exercise)


def _catalog(catalog: Catalog | None) -> Catalog:
    if catalog is not None:
        return catalog
    from hipdip.registry import catalog as default_catalog

    return default_catalog()


# --------------------------------------------------------------------------- #
# Judging sets


def _rir_condition(prescription: Prescription) -> str:
    if prescription.rir is None:
        return ""
    floor = max(0, prescription.rir - RIR_TOLERANCE)
    return f" at RIR ≥ {floor} on average" if floor else ""


def _raise_words(
    exercise: Exercise, prescription: Prescription, cat: Catalog, profile: Profile | None
) -> str:
    """The step a full range earns, in words: more load, else a harder variant, else more."""
    if _next_load(prescription.load, exercise, _units(profile)) is not None:
        return "the load goes up"
    if ladders(cat).climb(exercise.id, profile):
        return "a harder variant comes"
    return "the next step comes"  # a higher top or a slower lowering phase


def _spare_condition(prescription: Prescription) -> str:
    """The other way to the top (:data:`TOP_SET_SPARE_RIR`), in words."""
    dose = prescription.dose
    if prescription.sets == 1 or prescription.rir is None or not isinstance(dose, Reps):
        return ""
    return f" (or one set reaches {dose.high} at RIR ≥ {prescription.rir + TOP_SET_SPARE_RIR})"


def _top_condition(sets: int, dose: Reps) -> str:
    """When a rep range counts as done (:data:`TOP_SET_DROP_REPS`), in words."""
    if sets == 1:
        return f"the set reaches {dose.high}"
    if sets == 2:
        rest = max(dose.low, dose.high - TOP_SET_DROP_REPS)
        return f"a set reaches {dose.high} and the other reaches {rest} or more"
    return (
        f"a set reaches {dose.high} and the other {sets - 1} fall off by at most "
        f"{TOP_SET_DROP_REPS} reps a set (none under {dose.low})"
    )


class _Sets:
    """How one session's logged sets compare with the prescription they were logged against."""

    __slots__ = (
        "amounts",
        "count",
        "extra",
        "light",
        "mean",
        "missed",
        "prescription",
        "rir_low",
        "rirs",
        "top_reached",
    )

    def __init__(self, prescription: Prescription, results: Sequence[SetResult]) -> None:
        low, high = _bounds(prescription)
        hold = type(prescription.dose) is Hold
        target_rir = prescription.rir
        planned_load = prescription.load
        counted = results[: prescription.sets]
        amounts: list[int] = []
        rirs: list[int | None] = []
        rir_low = False
        all_high = bool(counted)
        light = 0
        for index, result in enumerate(counted):
            value = result.hold_seconds if hold else result.reps
            if value is None:
                raise _wrong_kind(prescription, index)
            amounts.append(value)
            rir = result.rir
            rirs.append(rir)
            if value < high:
                all_high = False

            if result.load is not planned_load and _lighter(result.load, planned_load):
                light += 1
        known = [r for r in rirs if r is not None]
        if target_rir is not None and known:
            # Judged on the mean: the last set of a session ends closer to failure.
            rir_low = sum(known) / len(known) < target_rir - RIR_TOLERANCE
        self.prescription = prescription
        self.amounts: tuple[int, ...] = tuple(amounts)
        self.rirs: tuple[int | None, ...] = tuple(rirs)
        self.count = len(amounts)
        #: The counted sets' mean reps (or seconds held).
        self.mean = sum(amounts) / len(amounts) if amounts else 0.0
        missed = bool(amounts) and _short(self.mean, min(amounts), low, hold=hold)
        #: The bottom of the range (the hold target) was missed: see :func:`_short`.
        self.missed = missed
        if not (all_high or hold or missed) and amounts and max(amounts) >= high:
            # The best set at the top, the others fading from it (TOP_SET_DROP_REPS).
            all_high = _top_with_fade(amounts, low, high)
            if not all_high and target_rir is not None:
                # Or a set at the top with reps to spare (TOP_SET_SPARE_RIR).
                spare = target_rir + TOP_SET_SPARE_RIR
                all_high = any(
                    a >= high and r is not None and r >= spare
                    for a, r in zip(amounts, rirs, strict=True)
                )
        #: The top of the range was reached (every hold; a rep range: see
        #: :data:`TOP_SET_DROP_REPS`).
        self.top_reached = all_high
        self.rir_low = rir_low
        self.light = light
        #: Sets logged beyond the prescribed ones (counted as volume, not judged here).
        self.extra = max(0, len(results) - prescription.sets)

    @property
    def max_rir(self) -> int | None:
        """The largest logged RIR (the easiest set), or ``None`` if no counted set has one."""
        known = [r for r in self.rirs if r is not None]
        return max(known) if known else None

    def earned(self, exercise: Exercise) -> bool:
        """The top was reached and nothing blocks a step up (:meth:`blockers`)."""
        return self.top_reached and not self.blockers(exercise)

    def blockers(self, exercise: Exercise, *, rir: bool = True) -> list[str]:
        """Why these sets do not earn a step up, besides the reps (empty: they do)."""
        out = []
        planned = self.prescription.sets
        if self.count < planned:
            out.append(f"only {self.count} of {planned} sets were logged")
        if rir and self.rir_low:
            out.append(f"RIR {_span(self.rirs)} is below the target RIR {self.prescription.rir}")
        if self.light:
            out.append(
                f"{self.light} of them at a lighter load than prescribed "
                f"({describe_load(self.prescription.load, exercise)})"
            )
        return out

    @property
    def values_text(self) -> str:
        """``'11, 10, 9 reps'`` / ``'25, 20 s'``."""
        unit = " s" if isinstance(self.prescription.dose, Hold) else " reps"
        return ", ".join(str(a) for a in self.amounts) + unit

    @property
    def text(self) -> str:
        """``'3×20 at RIR 2'``, ``'sets of 14, 13, 12'``, ``'3×30 s'``, ``'holds of 25, 20 s'``."""
        hold = isinstance(self.prescription.dose, Hold)
        unit = " s" if hold else ""
        if len(set(self.amounts)) == 1:
            head = f"{self.count}×{self.amounts[0]}{unit}"
        else:
            kind = "holds" if hold else "sets"
            head = f"{kind} of {', '.join(str(a) for a in self.amounts)}{unit}"
        known = [r for r in self.rirs if r is not None]
        text = f"{head} at RIR {_span(tuple(known))}" if known else head
        if self.extra:
            # A coach's review: 20, 19, 8 logged against 2 sets read "sets of 20, 19".
            more = "1 more set" if self.extra == 1 else f"{self.extra} more sets"
            text += f" ({more} than the {self.prescription.sets} prescribed, not judged)"
        return text


def _mean_below(prescription: Prescription, results: Sequence[SetResult]) -> float | None:
    """The counted sets' mean reps (seconds held) if the session missed the bottom (the
    hold target), else ``None``: :attr:`_Sets.missed`, without the rest of :class:`_Sets`."""
    hold = type(prescription.dose) is Hold
    counted = results[: prescription.sets]
    total = 0
    shortest: int | None = None
    for index, result in enumerate(counted):
        value = result.hold_seconds if hold else result.reps
        if value is None:
            raise _wrong_kind(prescription, index)
        total += value
        shortest = value if shortest is None else min(shortest, value)
    if shortest is None:
        return None
    mean = total / len(counted)
    return mean if _short(mean, shortest, _bounds(prescription)[0], hold=hold) else None


def _same_load(a: Prescription, b: Prescription) -> bool:
    """Whether two prescriptions of an exercise share one load: rep targets within
    :data:`~hipdip.training.SHARED_LOAD_TARGET_REPS` (DUP's days and block's blocks
    each keep their own), or not both rep prescriptions."""
    one, other = rep_target(a), rep_target(b)
    return one is None or other is None or _targets_share_load(one, other)


def _mean_rir(prescription: Prescription, results: Sequence[SetResult]) -> float | None:
    """The mean logged RIR of a session's counted sets (``None``: none logged)."""
    known = [r.rir for r in results[: prescription.sets] if r.rir is not None]
    return sum(known) / len(known) if known else None


def _top_with_fade(amounts: Sequence[int], low: int, high: int) -> bool:
    """Whether sets of ``amounts`` reps reached the top ``high`` of the range: the best set
    there, the next best within :data:`TOP_SET_DROP_REPS` of it, the third within twice
    that, and so on — a fall-off of at most that many reps a set — none under ``low``.
    (Counted by rank, so more reps in any set never undo it.)

    >>> _top_with_fade([20, 19, 17, 15], 12, 20), _top_with_fade([20, 17], 12, 20)
    (True, False)
    """
    ranked = sorted(amounts, reverse=True)
    return ranked[-1] >= low and all(
        reps >= high - TOP_SET_DROP_REPS * rank for rank, reps in enumerate(ranked)
    )


def _short(mean: float, shortest: int, low: int, *, hold: bool) -> bool:
    """Whether a session missed the bottom ``low``: its sets averaged below it (one set a
    rep short is the fatigue of a fixed rest, :data:`TOP_SET_DROP_REPS`, not a miss); a
    hold, when any hold fell short by more than :data:`HOLD_MISS_SECONDS` — the next
    target follows the shortest hold (SCIENCE.md §Training), so an average would let one
    short hold lower the target without a miss."""
    if hold:
        return shortest < low - HOLD_MISS_SECONDS
    return mean < low


def _number(value: float) -> str:
    """``'10'``, ``'10.3'``: a mean as a reason shows it."""
    return f"{value:.1f}".removesuffix(".0")


def _bounds(prescription: Prescription) -> tuple[int, int]:
    dose = prescription.dose
    if isinstance(dose, Hold):
        return dose.low_seconds, dose.high_seconds
    return dose.low, dose.high


def _same_step(before: Prescription, now: Prescription) -> bool:
    """Whether two sessions were at the same step: exercise, load and (holds) target.

    After a load or hold change the count starts again, so a stall reduction
    gets two sessions of its own before the next one.
    """
    if before.exercise != now.exercise or before.load != now.load:
        return False
    old, new = before.dose, now.dose
    if isinstance(new, Hold):
        return isinstance(old, Hold) and old.low_seconds == new.low_seconds
    return isinstance(old, Reps)


def _wrong_kind(prescription: Prescription, index: int) -> ValidationError:
    hold = type(prescription.dose) is Hold
    field, other = ("hold_seconds", "reps") if hold else ("reps", "hold_seconds")
    return ValidationError(
        f"results[{index}].{field}: the prescription of {prescription.exercise!r} is "
        f"{'a hold' if hold else 'a rep range'}; log {field}, not {other}"
    )


def _span(values: tuple[int | None, ...]) -> str:
    known = [v for v in values if v is not None]
    if not known:
        return "?"
    lo, hi = min(known), max(known)
    return str(lo) if lo == hi else f"{lo}–{hi}"


def _lighter(done: Load, planned: Load) -> bool:
    """Whether a set's load is lighter than the planned one (different kinds: trust the log)."""
    if isinstance(planned, Bodyweight):
        return False
    if isinstance(done, Bodyweight):
        return True
    if isinstance(done, Weight) and isinstance(planned, Weight):
        return done.kg < planned.kg - 1e-9
    if isinstance(done, Band) and isinstance(planned, Band):
        return done.tier < planned.tier
    return False


def _same(action: Action, prescription: Prescription, rule: str, reason: str) -> Decision:
    return Decision(action, prescription, prescription, rule, reason)
