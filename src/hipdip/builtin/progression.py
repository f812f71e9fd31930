"""Built-in progression rules (a plugin like any other).

:func:`hipdip.next_prescription` asks the applicable rules in order of
descending ``priority`` (ties by id); the first that returns a
:class:`~hipdip.Decision` wins. The built-ins:

``stall`` (priority 1, every dose)
    *hipdip policy* (SCIENCE.md §Training, Stall): when the bottom of the
    range is missed in this session **and** in the previous logged session of
    the exercise at the same step (same exercise and load, same hold target;
    each session judged against its own range), reduce the load ~10 % (one
    increment at least, one band tier for bands); for holds shorten the hold
    by 5 s while it stays ≥ 20 s; else switch to the ``easier`` variant; else
    repeat. Returns ``None`` (pass) when there is no stall, so a single miss
    is left to the next rule. After a reduction the count starts again.
``double_progression`` (priority 0, :class:`~hipdip.Reps` doses)
    classic double progression (ACSM position stand, 2009: raise the load
    2–10 % once the top of the range is reached; effort judged by reps in
    reserve, Helms et al., 2016): reps climb inside the planned range at a
    fixed load; when every prescribed set reaches the top at or above the
    target RIR the load goes up one step (:func:`hipdip.loads.heavier`: one
    increment within ``max(10 %, increment)``, or the next band tier) and the
    reps start again at the bottom of the range. With no heavier load (the
    heaviest band, or bodyweight) the exercise advances to its ``harder``
    variant at that variant's starting load.
``hold_progression`` (priority 0, :class:`~hipdip.Hold` doses)
    *hipdip policy*: +5 s per session (the hold's ``low_seconds`` is the
    current target) until every set reaches the top of the range, then a
    heavier load if the hold is loaded, else the ``harder`` variant starting
    at 20 s (the bottom of SCIENCE.md's 20–60 s hold range).

How sets are judged (all rules):

- only the first ``prescription.sets`` logged sets count; extra sets are
  ignored and missing sets keep the load where it is;
- a set is *at the top* when its reps (or seconds) reach the top of the range
  and its RIR is at or above the target. A missing RIR — on the set or on the
  prescription — is read as "on target": the rep count alone decides, as in
  the ACSM rule, which is stated in reps;
- a set done at a lighter load than prescribed never counts toward the top;
- a session *misses the bottom* when any counted set is below the bottom of
  the range (the current hold target for holds).

Rules take the optional keyword arguments ``previous`` (the previous logged
session's sets of the exercise), ``previous_prescription`` (what those sets
were logged against) and ``catalog``; the engine passes each rule only the
ones its ``decide`` names.

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

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import attrs

from hipdip.errors import ValidationError
from hipdip.hookspecs import hookimpl
from hipdip.loads import (
    BAND_PLACEMENT_WORDS,
    BAND_TIER_WORDS,
    WEIGHT_EQUIPMENT_WORDS,
    heavier,
    increment_kg,
    lighter,
    starting_load,
    weight_equipment,
)
from hipdip.models import (
    Action,
    Band,
    BandTier,
    Bodyweight,
    Decision,
    Exercise,
    Hold,
    Load,
    LoadKind,
    Prescription,
    Reps,
    SetResult,
    Weight,
)
from hipdip.models.exercise import MAX_LOAD_KG
from hipdip.training import HOLD_STEP_SECONDS

if TYPE_CHECKING:
    from hipdip.protocols import ProgressionRule
    from hipdip.registry import Catalog

__all__ = [
    "DOUBLE_PROGRESSION",
    "HOLD_PROGRESSION",
    "HOLD_RESTART_SECONDS",
    "RULES",
    "STALL",
    "STALL_PRIORITY",
    "DoubleProgression",
    "HoldProgression",
    "Stall",
    "describe_change",
    "describe_load",
    "hipdip_register_progression_rules",
]

#: Where a hold restarts on a heavier load or harder variant, and the shortest
#: target a stall may cut it to: the bottom of the 20–60 s hold range
#: (SCIENCE.md §Training; hipdip policy).
HOLD_RESTART_SECONDS = 20
#: The stall rule is asked before the priority-0 progression rules.
STALL_PRIORITY = 1


class DoubleProgression:
    """Reps up inside the range, then one load step (ACSM, 2009; Helms et al., 2016 RIR)."""

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
    ) -> Decision | None:
        """The next step after one session; ``None`` for a hold."""
        dose = prescription.dose
        if not isinstance(dose, Reps):
            return None
        done = _Sets(prescription, results)
        span = f"{dose.low}–{dose.high}"
        if done.missed:
            load = _at(prescription.load, exercise)
            return _same(
                Action.REPEAT,
                prescription,
                self.id,
                f"{done.text} missed the bottom of {span}: repeat {prescription.sets}×{span} "
                f"{load}; a second miss in a row lowers the load (stall)",
            )
        if done.all_high:
            blockers = done.blockers(exercise)
            if blockers:
                load = _at(prescription.load, exercise)
                return _same(
                    Action.REPEAT,
                    prescription,
                    self.id,
                    f"{done.text} reached {dose.high} but {' and '.join(blockers)}: repeat "
                    f"{prescription.sets}×{span} {load} before the load goes up",
                )
            return _step_up(
                self.id,
                exercise,
                prescription,
                catalog,
                head=f"{done.text} reached the top of {span}",
                restart=f"start again at {dose.low} reps",
            )
        return _same(
            Action.ADD_REPS,
            prescription,
            self.id,
            f"{done.text} stayed within {span}: add a rep to each set next session, same "
            f"load ({describe_load(prescription.load, exercise)}); the load goes up once all "
            f"{prescription.sets} sets reach {dose.high}{_rir_condition(prescription)}",
        )


class HoldProgression:
    """+5 s per session up to the top of the hold range, then the harder variant (hipdip policy)."""

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
        if done.all_high and not done.blockers(exercise):
            return _step_up(
                self.id,
                exercise,
                prescription,
                catalog,
                head=f"{done.text} reached the top of {span}",
                restart=f"start again at {min(HOLD_RESTART_SECONDS, high)} s",
            )
        # The +5 s step asks for every prescribed set at the current target and
        # at the planned load; RIR gates only the step past the top (as for reps).
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
        new_low = min(low + HOLD_STEP_SECONDS, high)
        after = attrs.evolve(prescription, dose=Hold(new_low, high))
        return Decision(
            Action.ADD_REPS,
            prescription,
            after,
            self.id,
            f"{done.text} held the current {low} s target (range up to {high} s): more time, "
            f"hold {new_low} s next session (+{new_low - low} s)",
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
    ) -> Decision | None:
        """A ``reduce_load`` (or ``repeat``) decision on a stall, else ``None``."""
        if not previous:
            return None
        before = previous_prescription or prescription
        if not _same_step(before, prescription):
            return None
        if not _missed(prescription, results) or not _missed(before, previous):
            return None
        now, then = _Sets(prescription, results), _Sets(before, previous)
        dose = prescription.dose
        if isinstance(dose, Hold):
            what = f"the {dose.low_seconds} s hold target"
        else:
            what = f"the bottom of {dose.low}–{dose.high}"
        head = (
            f"stall: {what} was missed in two consecutive sessions "
            f"({now.text}; the session before {then.values_text})"
        )
        lower = lighter(prescription.load, exercise)
        if lower is not None:
            after = attrs.evolve(prescription, load=lower)
            change = describe_change(prescription.load, lower, exercise)
            return Decision(Action.REDUCE_LOAD, prescription, after, self.id, f"{head}: {change}")
        if isinstance(dose, Hold) and dose.low_seconds - HOLD_STEP_SECONDS >= HOLD_RESTART_SECONDS:
            new_low = dose.low_seconds - HOLD_STEP_SECONDS
            after = attrs.evolve(prescription, dose=Hold(new_low, dose.high_seconds))
            return Decision(
                Action.REDUCE_LOAD,
                prescription,
                after,
                self.id,
                f"{head}: hold {new_low} s next session (−{HOLD_STEP_SECONDS} s)",
            )
        if exercise.easier is not None:
            easier = _catalog(catalog).exercise(exercise.easier)
            start = starting_load(easier)
            after = attrs.evolve(prescription, exercise=easier.id, load=start)
            return Decision(
                Action.REDUCE_LOAD,
                prescription,
                after,
                self.id,
                f"{head}: no lighter load than {describe_load(prescription.load, exercise)}; "
                f"switch to the easier {easier.name} ({easier.id}) {_at(start, easier)}",
            )
        return _same(
            Action.REPEAT,
            prescription,
            self.id,
            f"{head}: no lighter load and no easier variant of {exercise.name}; repeat as "
            "prescribed and check form, rest between sets and sleep",
        )


#: The rule objects this plugin registers.
STALL = Stall()
DOUBLE_PROGRESSION = DoubleProgression()
HOLD_PROGRESSION = HoldProgression()
RULES: tuple[ProgressionRule, ...] = (STALL, DOUBLE_PROGRESSION, HOLD_PROGRESSION)


@hookimpl
def hipdip_register_progression_rules(register: Callable[[ProgressionRule], None]) -> None:
    """Register :data:`RULES`."""
    for rule in RULES:
        register(rule)


# --------------------------------------------------------------------------- #
# Describing loads and sets


def describe_load(load: Load, exercise: Exercise) -> str:
    """A load in words: ``'bodyweight'``, ``'2.5 kg ankle weight'``, ``'a light band above the knees'``."""
    if isinstance(load, Weight):
        return f"{load.kg:g} kg{_equipment_word(exercise)}"
    if isinstance(load, Band):
        return f"{_article(load.tier)} {_tier_word(load.tier)} band {BAND_PLACEMENT_WORDS[load.placement]}"
    return "bodyweight"


def describe_change(before: Load, after: Load, exercise: Exercise) -> str:
    """A load step in words with its numbers: ``'+0.5 kg ankle weight (2 → 2.5 kg, +25 %)'``."""
    if isinstance(after, Weight):
        old = before.kg if isinstance(before, Weight) else 0.0
        delta = after.kg - old
        sign = "+" if delta >= 0 else "−"
        word = _equipment_word(exercise)
        if old == 0.0:
            return f"{sign}{abs(delta):g} kg{word} (bodyweight → {after.kg:g} kg)"
        return (
            f"{sign}{abs(delta):g} kg{word} ({old:g} → {after.kg:g} kg, "
            f"{sign}{abs(delta) / old * 100:.0f} %)"
        )
    if isinstance(after, Band):
        where = BAND_PLACEMENT_WORDS[after.placement]
        if not isinstance(before, Band):
            return f"add {_article(after.tier)} {_tier_word(after.tier)} band {where}"
        way = "next band" if after.tier > before.tier else "one band lighter"
        return f"{way}, {_tier_word(before.tier)} → {_tier_word(after.tier)} ({where})"
    return "bodyweight only"


def _at(load: Load, exercise: Exercise) -> str:
    """``'at 2.5 kg ankle weight'``, ``'with a light band above the knees'``, ``'at bodyweight'``."""
    return ("with " if isinstance(load, Band) else "at ") + describe_load(load, exercise)


def _equipment_word(exercise: Exercise) -> str:
    equipment = weight_equipment(exercise)
    return "" if equipment is None else " " + WEIGHT_EQUIPMENT_WORDS[equipment]


def _tier_word(tier: BandTier) -> str:
    return BAND_TIER_WORDS[tier]


def _article(tier: BandTier) -> str:
    return "an" if tier is BandTier.EXTRA_LIGHT or tier is BandTier.EXTRA_HEAVY else "a"


def _rir_condition(prescription: Prescription) -> str:
    return "" if prescription.rir is None else f" at RIR ≥ {prescription.rir}"


class _Sets:
    """How one session's logged sets compare with the prescription they were logged against."""

    __slots__ = (
        "all_high",
        "amounts",
        "count",
        "light",
        "missed",
        "prescription",
        "rir_low",
        "rirs",
    )

    def __init__(self, prescription: Prescription, results: Sequence[SetResult]) -> None:
        low, high = _bounds(prescription)
        hold = type(prescription.dose) is Hold
        target_rir = prescription.rir
        planned_load = prescription.load
        counted = results[: prescription.sets]
        amounts: list[int] = []
        rirs: list[int | None] = []
        missed = rir_low = False
        all_high = bool(counted)
        light = 0
        for index, result in enumerate(counted):
            value = result.hold_seconds if hold else result.reps
            if value is None:
                raise _wrong_kind(prescription, index)
            amounts.append(value)
            rir = result.rir
            rirs.append(rir)
            if value < low:
                missed = True
            if value < high:
                all_high = False
            if target_rir is not None and rir is not None and rir < target_rir:
                rir_low = True
            if result.load is not planned_load and _lighter(result.load, planned_load):
                light += 1
        self.prescription = prescription
        self.amounts: tuple[int, ...] = tuple(amounts)
        self.rirs: tuple[int | None, ...] = tuple(rirs)
        self.count = len(amounts)
        self.missed = missed
        self.all_high = all_high
        self.rir_low = rir_low
        self.light = light

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
        return f"{head} at RIR {_span(tuple(known))}" if known else head


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


def _missed(prescription: Prescription, results: Sequence[SetResult]) -> bool:
    """Whether any counted set is below the bottom of the range (the stall test)."""
    low = _bounds(prescription)[0]
    hold = type(prescription.dose) is Hold
    for index, result in enumerate(results[: prescription.sets]):
        value = result.hold_seconds if hold else result.reps
        if value is None:
            raise _wrong_kind(prescription, index)
        if value < low:
            return True
    return False


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


def _next_load(load: Load, exercise: Exercise) -> Load | None:
    """One step up: :func:`hipdip.loads.heavier`, or the first load of a loadable exercise."""
    if isinstance(load, Bodyweight):
        if exercise.load_kind is LoadKind.BODYWEIGHT:
            return None
        return starting_load(exercise)
    if isinstance(load, Weight) and load.kg + increment_kg(exercise) > MAX_LOAD_KG:
        return None
    return heavier(load, exercise)


def _step_up(
    rule: str,
    exercise: Exercise,
    prescription: Prescription,
    catalog: Catalog | None,
    *,
    head: str,
    restart: str,
) -> Decision:
    """The top was reached: heavier load, else the harder variant, else repeat at the top."""
    dose = prescription.dose
    restart_dose = (
        Hold(min(HOLD_RESTART_SECONDS, dose.high_seconds), dose.high_seconds)
        if isinstance(dose, Hold)
        else dose
    )
    load = prescription.load
    up = _next_load(load, exercise)
    if up is not None:
        after = attrs.evolve(prescription, load=up, dose=restart_dose)
        action = Action.NEXT_BAND if isinstance(up, Band) else Action.INCREASE_LOAD
        change = describe_change(load, up, exercise)
        return Decision(action, prescription, after, rule, f"{head}: {change}; {restart}")
    if isinstance(load, Band):
        where = f"with the heaviest band ({_tier_word(load.tier)}, {BAND_PLACEMENT_WORDS[load.placement]})"
    else:
        where = _at(load, exercise)
    if exercise.harder is None:
        tail = (
            f"{head} {where} and {exercise.name} has no heavier load or harder variant: "
            "repeat at the top of the range, slowly and with full control"
        )
        if isinstance(dose, Hold) and dose.low_seconds < dose.high_seconds:
            top = Hold(dose.high_seconds, dose.high_seconds)
            after = attrs.evolve(prescription, dose=top)
            return Decision(
                Action.ADD_REPS, prescription, after, rule, f"{tail} ({dose.high_seconds} s)"
            )
        return _same(Action.REPEAT, prescription, rule, tail)
    harder = _catalog(catalog).exercise(exercise.harder)
    start = starting_load(harder)
    after = attrs.evolve(prescription, exercise=harder.id, load=start, dose=restart_dose)
    return Decision(
        Action.ADVANCE_EXERCISE,
        prescription,
        after,
        rule,
        f"{head} {where}: advance to {harder.name} ({harder.id}) {_at(start, harder)}; {restart}",
    )


def _catalog(catalog: Catalog | None) -> Catalog:
    if catalog is not None:
        return catalog
    from hipdip.registry import catalog as default_catalog

    return default_catalog()
