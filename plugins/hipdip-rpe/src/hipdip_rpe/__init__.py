"""hipdip-rpe: RPE/RIR autoregulation of the load of weighted exercises.

From one session's logged sets — reps, load and reps in reserve (RIR; RPE =
10 − RIR, Zourdos et al., 2016) — the rule estimates the one-repetition
maximum with Epley's formula, counting the reps in reserve as reps the
lifter could still have done::

    e1RM = w · (1 + (reps + RIR) / 30)

(the session's e1RM is the mean over the counted sets), then asks which load
would let the lifter do the prescription's target reps at its target RIR::

    load = e1RM / (1 + (target_reps + target_rir) / 30)

**Target reps** are the *bottom* of the prescribed range: the next load is the
heaviest with which every set can still reach the range at the prescribed
RIR. Beating the bottom at that RIR earns load; reps anywhere inside the range
at the target RIR never lower it (aiming at the top would lower the load of
anyone not yet at the top, contrary to double progression).

The load is then

- rounded *down* to the exercise's increment (:func:`hipdip.loads.increment_kg`);
- raised by at most one step, ``max(10 %, increment)``
  (:func:`hipdip.loads.max_step_kg`, hipdip policy on the ACSM 2009 position
  stand's 2–10 %), never past the exercise's cap (:func:`hipdip.loads.load_cap_kg`:
  ankle weights 5 kg — at the cap the rule passes and hipdip's built-in rules
  move to the next rung), and not at all when fewer sets than prescribed were
  logged;
- lowered by at most the same amount, ``max(10 %, increment)`` — the ~10 %
  of hipdip's stall rule;
- when the estimate supports the current load but not the next step up (an
  off-increment load is not cut for rounding's sake either), the rule passes
  (``None``): hipdip's built-in rules decide what changes instead — a rep
  more within the range, the increment once the top of the range is reached,
  a plateau or stall response — so autoregulation never hides a plateau, and a
  light load with a coarse increment (a 2 kg dumbbell in 1 kg steps, whose
  reps the range caps: Epley's estimate is then only a lower bound) still
  earns its next step;
- never ≤ 0: when the estimate asks for less than the lightest load, the rule
  passes (``None``) so hipdip's built-in rules decide (the stall rule moves
  to an easier variant).

The rule (id ``rpe_autoregulation``, priority 10, above hipdip's break (3),
stall (2), plateau (1) and double progression (0)) applies to exercises
whose ``load_kind`` is WEIGHT, prescribed as a rep range at a weight with a
target RIR. It decides only
when every counted set (the first ``prescription.sets``) has reps, an RIR
and a weight; otherwise it returns ``None`` and double progression decides.
Because it is asked first it also handles misses of the bottom of the range
that the stall rule would act on: a lower e1RM lowers the load. After a break
of 14 days or more (``gap_days``, from a dated log) it passes, so hipdip's
``break`` rule steps back (docs/hooks.md: a rule asked before ``break``
handles breaks or passes).

Epley's formula was fitted to low-rep sets; at the 15–20 reps of hip
abduction work it is an approximation, and the one-step caps bound what its
error can do in one session.

>>> from hipdip import Exercise, MuscleTarget, Prescription, Reps, SetResult, Weight
>>> ex = Exercise(id="ankle_weight_abduction", name="Side-lying abduction, ankle weight",
...               targets=(MuscleTarget("gluteus_medius", "primary"),),
...               pattern="hip_abduction", position="side_lying",
...               equipment=frozenset({"ankle_weights"}), load_kind="weight")
>>> item = Prescription("ankle_weight_abduction", 3, Reps(12, 20), Weight(2.0), rir=2)
>>> decision = RPE_AUTOREGULATION.decide(ex, item, (SetResult(reps=20, load=Weight(2.0), rir=5),) * 3)
>>> decision.action, decision.after.load
(<Action.INCREASE_LOAD: 'increase_load'>, Weight(kg=2.5))
>>> round(epley_e1rm(2.0, 20, 5), 3)
3.667
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import attrs

import hipdip
from hipdip import (
    Action,
    Decision,
    Exercise,
    LoadKind,
    Prescription,
    Reps,
    SetResult,
    Units,
    Weight,
)
from hipdip.loads import (
    KG_PER_LB,
    grid_units,
    increment_kg,
    load_cap_kg,
    max_step_kg,
    weight_words,
)
from hipdip.protocols import ProgressionRule
from hipdip.training import BREAK_DAYS

__all__ = [
    "EPLEY_DIVISOR",
    "PRIORITY",
    "RPE_AUTOREGULATION",
    "RpeAutoregulation",
    "__version__",
    "epley_e1rm",
    "hipdip_register_progression_rules",
    "load_for",
    "rpe",
]

__version__ = "0.1.0"

#: Epley's divisor: e1RM = w · (1 + r / 30) (Epley, 1985; SCIENCE.md §Training).
EPLEY_DIVISOR = 30.0
#: Asked before hipdip's break (3), stall (2), plateau (1) and double progression (0).
PRIORITY = 10
#: The top of the RPE scale: RPE = 10 − RIR (Zourdos et al., 2016).
RPE_MAX = 10
#: Loads are kept to 1e-6 kg (a pound as 0.453592 kg): two loads this close are one load,
#: and a step this small is no step (a 20 lb load floored to 4 × 5 lb read 1e-6 kg heavier).
_EPSILON = 1e-5


def epley_e1rm(weight_kg: float, reps: int, rir: int) -> float:
    """Estimated 1RM from ``reps`` at ``weight_kg`` with ``rir`` reps in reserve.

    The reps in reserve count as reps the lifter could have done (Epley with
    ``r = reps + RIR``).

    >>> epley_e1rm(20.0, 12, 3)
    30.0
    """
    return weight_kg * (1.0 + (reps + rir) / EPLEY_DIVISOR)


def load_for(e1rm_kg: float, reps: int, rir: int) -> float:
    """The load (kg) that allows ``reps`` with ``rir`` in reserve at an e1RM of ``e1rm_kg``.

    >>> load_for(30.0, 8, 2)
    22.5
    """
    return e1rm_kg / (1.0 + (reps + rir) / EPLEY_DIVISOR)


def rpe(rir: int) -> int:
    """RPE for ``rir`` reps in reserve: ``10 − RIR`` (Zourdos et al., 2016).

    >>> rpe(2)
    8
    """
    return RPE_MAX - rir


@attrs.frozen
class RpeAutoregulation:
    """Next load from an Epley e1RM of the logged reps and RIR (see the module docs)."""

    id: str = "rpe_autoregulation"
    priority: int = PRIORITY

    def applies(self, exercise: Exercise, prescription: Prescription) -> bool:
        """WEIGHT exercises prescribed as a rep range at a weight with a target RIR."""
        return (
            exercise.load_kind is LoadKind.WEIGHT
            and isinstance(prescription.dose, Reps)
            and isinstance(prescription.load, Weight)
            and prescription.rir is not None
        )

    def decide(
        self,
        exercise: Exercise,
        prescription: Prescription,
        results: Sequence[SetResult],
        *,
        gap_days: int | None = None,
    ) -> Decision | None:
        """The next load, or ``None`` when the sets lack reps, RIR or a weight, or the
        session came after a break (``gap_days`` ≥ hipdip's ``BREAK_DAYS``: its
        ``break`` rule answers)."""
        if gap_days is not None and gap_days >= BREAK_DAYS:
            return None
        dose, load, target_rir = prescription.dose, prescription.load, prescription.rir
        if not (isinstance(dose, Reps) and isinstance(load, Weight) and target_rir is not None):
            return None
        sets = _logged_sets(results[: prescription.sets])
        if not sets:
            return None
        e1rm = sum(epley_e1rm(kg, reps, rir) for kg, reps, rir in sets) / len(sets)
        target_reps = dose.low
        raw = load_for(e1rm, target_reps, target_rir)
        old = load.kg
        grid = grid_units(old)  # a load planned in pounds keeps stepping on the pound grid
        step = increment_kg(exercise, grid)
        cap = max_step_kg(load, exercise, grid)

        def w(kg: float) -> str:
            return weight_words(kg, grid)

        def span(a: float, b: float) -> str:
            return f"{a:g} → {b:g} kg" if grid is Units.METRIC else f"{w(a)} → {w(b)}"

        short = len(sets) < prescription.sets
        notes: list[str] = []
        if raw >= old - _EPSILON:
            rounded = _floor_to(raw, step)
            most = load_cap_kg(exercise)
            ceiling = _floor_to(min(old + cap, most), step)
            new = max(old, min(rounded, ceiling))
            if short and new > old:
                new = old
                notes.append(f"no raise: only {len(sets)} of {prescription.sets} sets were logged")
            elif new <= old + _EPSILON:
                # The load stays (or is at the exercise's cap): hipdip's built-in rules
                # decide the rest — a rep more, the top of the range, the next rung.
                return None
            elif rounded > ceiling + _EPSILON and old + cap > most + _EPSILON:
                notes.append(f"capped at +{w(new - old)}: {w(most)} is the most this load goes to")
            elif rounded > ceiling + _EPSILON:
                notes.append(
                    f"capped at +{w(new - old)}: one step raises at most max(10 %, increment "
                    f"{w(step)}) = {w(cap)}"
                )
        else:
            rounded = _floor_to(raw, step)
            floor = _ceil_to(old - cap, step)
            new = max(rounded, floor)
            if rounded < floor - _EPSILON:
                notes.append(
                    f"limited to −{w(old - new)}: one step lowers at most max(10 %, increment "
                    f"{w(step)}) = {w(cap)}"
                )
            if new <= _EPSILON:
                return None  # lighter than the lightest load: the built-in rules decide
        head = (
            f"e1RM {e1rm:.2f} kg (Epley w·(1 + (reps + RIR)/30), "
            f"{_sets_text(sets)}); for {target_reps} reps at RIR {target_rir} "
            f"(RPE {rpe(target_rir)}): {e1rm:.2f} / (1 + {target_reps + target_rir}/30) = "
            f"{raw:.2f} kg, rounded down to the {w(step)} increment: "
            f"{w(_floor_to(raw, step))}"
        )
        if notes:
            head += "; " + "; ".join(notes)
        if new > old + _EPSILON:
            action = Action.INCREASE_LOAD
            tail = f"+{w(new - old)} ({span(old, new)}, +{(new - old) / old * 100:.0f} %)"
        elif new < old - _EPSILON:
            action = Action.REDUCE_LOAD
            tail = f"−{w(old - new)} ({span(old, new)}, −{(old - new) / old * 100:.0f} %)"
        else:
            action = Action.REPEAT
            tail = f"repeat at {w(old)}"
        after = (
            prescription
            if action is Action.REPEAT
            else attrs.evolve(prescription, load=Weight(_on_grid(new, grid)))
        )
        return Decision(action, prescription, after, self.id, f"{head}. Next session: {tail}")


#: The rule this plugin registers.
RPE_AUTOREGULATION = RpeAutoregulation()


@hipdip.hookimpl
def hipdip_register_progression_rules(register: Callable[[ProgressionRule], None]) -> None:
    """Register :data:`RPE_AUTOREGULATION`."""
    register(RPE_AUTOREGULATION)


# --------------------------------------------------------------------------- #
# Helpers


def _logged_sets(results: Sequence[SetResult]) -> list[tuple[float, int, int]]:
    """(kg, reps, RIR) of each set, or ``[]`` if any set lacks reps, RIR or a weight."""
    sets = []
    for result in results:
        if result.reps is None or result.rir is None or not isinstance(result.load, Weight):
            return []
        sets.append((result.load.kg, result.reps, result.rir))
    return sets


def _sets_text(sets: list[tuple[float, int, int]]) -> str:
    """``'3 sets of 20 reps at 2 kg, RIR 2 (RPE 8)'`` or each set listed."""
    if len(set(sets)) == 1:
        kg, reps, rir = sets[0]
        count = f"{len(sets)} sets" if len(sets) > 1 else "1 set"
        return f"{count} of {reps} reps at {kg:g} kg, RIR {rir} (RPE {rpe(rir)})"
    listed = ", ".join(f"{reps} at {kg:g} kg RIR {rir}" for kg, reps, rir in sets)
    return f"mean of {len(sets)} sets: {listed}"


def _on_grid(kg: float, grid: Units) -> float:
    """``kg`` as hipdip keeps a load of ``grid``: in pounds the nearest half pound, to 1e-6 kg
    (multiples of a rounded 5 lb step drift a microgram off it)."""
    if grid is not Units.IMPERIAL:
        return round(kg, 6)
    half_lb = 0.5 * KG_PER_LB
    return round(round(kg / half_lb) * half_lb, 6)


def _floor_to(value: float, step: float) -> float:
    """``value`` rounded down to a multiple of ``step`` (float noise removed)."""
    return round(math.floor(value / step + _EPSILON) * step, 6)


def _ceil_to(value: float, step: float) -> float:
    """``value`` rounded up to a multiple of ``step`` (float noise removed)."""
    return round(math.ceil(value / step - _EPSILON) * step, 6)
