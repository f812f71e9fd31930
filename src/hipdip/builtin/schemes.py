"""Built-in periodization schemes: ``linear``, ``dup`` and ``block``.

A scheme says, for each day of each week, which rep range and reps in
reserve (RIR) to aim for, how much of the planned weekly volume to do
(``volume_factor``) and whether the week is a deload. The planner turns that
into prescriptions.

All three share hipdip's deload policy (SCIENCE.md §Training, built on
Rogerson et al., 2024, Sports Med Open: strength and physique athletes deload
every 5.6 ± 2.3 weeks; practice, not efficacy evidence): programs of 6 weeks or
more run 6-week cycles of 5 training weeks and 1 deload week, so every run of
6 consecutive weeks holds a deload. Deload weeks keep the rep range, set RIR 4
and halve the volume factor (the planner also caps a deload at 60 % of the
previous week's hard sets).

Rep ranges stay inside the 6–30 reps that give similar hypertrophy when taken
close to failure (Schoenfeld et al., 2017; Lasevicius et al., 2018), and RIR
inside 0–3 for hard sets (Refalo et al., 2023; Helms et al., 2016).

>>> from hipdip.builtin.schemes import LINEAR
>>> LINEAR.target(1, 1, weeks=8, days_per_week=3)
Target(reps=Reps(low=10, high=20), rir=3, volume_factor=1.0, deload=False)
>>> LINEAR.target(6, 1, weeks=8, days_per_week=3).deload
True
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from hipdip.hookspecs import hookimpl
from hipdip.models import Reps
from hipdip.models.program import Target
from hipdip.protocols import Scheme
from hipdip.training import DELOAD_MIN_RIR, DELOAD_WINDOW_WEEKS

__all__ = ["BLOCK", "CYCLE_WEEKS", "DUP", "LINEAR", "SCHEMES", "block_position"]

#: Length of a training cycle: 5 training weeks and a deload (hipdip policy on
#: Rogerson et al., 2024: deloads every 5.6 ± 2.3 weeks).
CYCLE_WEEKS = DELOAD_WINDOW_WEEKS
#: RIR in deload weeks (SCIENCE.md: a deload week has RIR ≥ 3; hipdip uses one more).
DELOAD_RIR = DELOAD_MIN_RIR + 1
#: Volume factor of a deload week (hipdip policy; the planner also caps it at
#: 60 % of the previous week's hard sets, SCIENCE.md §Training).
DELOAD_VOLUME_FACTOR = 0.5
#: Default isolation hip-abduction rep range (SCIENCE.md §Training: 10–20).
ISOLATION_REPS = Reps(10, 20)


@attrs.frozen
class BlockPosition:
    """Where a week sits in its cycle: 0-based ``index`` of ``length`` training weeks."""

    index: int
    length: int
    deload: bool


def block_position(week: int, weeks: int) -> BlockPosition:
    """The position of 1-based ``week`` in a program of ``weeks`` weeks.

    Programs shorter than :data:`CYCLE_WEEKS` have one block and no deload.

    >>> block_position(6, 8)
    BlockPosition(index=5, length=5, deload=True)
    >>> block_position(8, 8)
    BlockPosition(index=1, length=2, deload=False)
    """
    if weeks < CYCLE_WEEKS:
        return BlockPosition(week - 1, weeks, False)
    index = (week - 1) % CYCLE_WEEKS
    if index == CYCLE_WEEKS - 1:
        return BlockPosition(index, CYCLE_WEEKS - 1, True)
    block_start = week - index
    length = min(CYCLE_WEEKS - 1, weeks - block_start + 1)
    return BlockPosition(index, length, False)


def _deload(reps: Reps) -> Target:
    return Target(reps=reps, rir=DELOAD_RIR, volume_factor=DELOAD_VOLUME_FACTOR, deload=True)


def _step(start: int, end: int, position: BlockPosition, weeks: int) -> int:
    """Interpolate from ``start`` to ``end`` across the training weeks of a block.

    In a program of ``weeks`` with deloads, at the pace of a full block
    (:data:`CYCLE_WEEKS` − 1 training weeks): a shorter one — the 2 weeks after
    an 8-week program's deload — takes its first steps, not the whole way (RIR
    3 → 1 in a week was the largest jump in effort of the program; a coach's
    review). A program too short for a deload is one block, start to end.
    """
    full = CYCLE_WEEKS - 1 if weeks >= CYCLE_WEEKS else position.length
    span = max(position.length, full) - 1
    if span <= 0:
        return round((start + end) / 2)
    return round(start + (end - start) * position.index / span)


@attrs.frozen
class LinearScheme:
    """Linear: a fixed 10–20 rep range; RIR steps down 3 → 1 across each block; deload every 6th week.

    The classic progression of effort within a block, ending each block with
    a deload (Rogerson et al., 2024). Load rises through double progression.
    """

    id: str = "linear"
    name: str = "Linear (fixed reps, RIR 3 → 1, deload)"

    def target(self, week: int, day: int, *, weeks: int, days_per_week: int) -> Target:
        position = block_position(week, weeks)
        if position.deload:
            return _deload(ISOLATION_REPS)
        return Target(reps=ISOLATION_REPS, rir=_step(3, 1, position, weeks), volume_factor=1.0)


#: Day types of the undulating scheme: (reps, RIR), cycled by day of the week.
DUP_DAYS: tuple[tuple[Reps, int], ...] = (
    (Reps(15, 25), 3),  # light, high-rep day
    (Reps(8, 12), 1),  # heavier day
    (Reps(12, 15), 2),  # moderate day
)


@attrs.frozen
class DailyUndulatingScheme:
    """Daily undulating (DUP): each training day of the week has its own rep range and RIR.

    Light 15–25 reps at RIR 3, heavy 8–12 at RIR 1 and moderate 12–15 at RIR 2,
    cycled by day (the idea of daily undulating periodization, e.g. Rhea et
    al., 2002; all ranges inside the 6–30 reps of Schoenfeld et al., 2017).
    Deload every 6th week, each day at its own range and RIR 4.
    """

    id: str = "dup"
    name: str = "Daily undulating (light / heavy / moderate days)"

    def target(self, week: int, day: int, *, weeks: int, days_per_week: int) -> Target:
        reps, rir = DUP_DAYS[(day - 1) % len(DUP_DAYS)]
        if block_position(week, weeks).deload:
            return _deload(reps)  # the day's own range: lighter and further from failure
        return Target(reps=reps, rir=rir, volume_factor=1.0)


#: Share of a block's training weeks spent accumulating (hipdip policy).
ACCUMULATION_SHARE = 0.6
#: The block scheme's rep ranges: accumulation, then intensification (which its
#: deload keeps, at RIR 4 and one step lighter).
ACCUMULATION_REPS = Reps(15, 20)
INTENSIFICATION_REPS = Reps(8, 12)


@attrs.frozen
class BlockScheme:
    """Block: accumulation (15–20 reps, RIR 3, more volume) → intensification (8–12 reps, RIR 1, less volume) → deload.

    The sequence of block periodization (accumulation, intensification,
    then recovery): the first 60 % of each block's training weeks accumulate
    volume (volume factor 1.1), the rest intensify (0.9); every 6th week is a
    deload (Rogerson et al., 2024) at the intensification's 8–12 reps and RIR 4.
    """

    id: str = "block"
    name: str = "Block (accumulation → intensification → deload)"

    def target(self, week: int, day: int, *, weeks: int, days_per_week: int) -> Target:
        position = block_position(week, weeks)
        if position.deload:
            return _deload(INTENSIFICATION_REPS)  # the range of the weeks before it
        accumulation_weeks = max(1, round(position.length * ACCUMULATION_SHARE))
        if position.index < accumulation_weeks:
            return Target(reps=ACCUMULATION_REPS, rir=3, volume_factor=1.1)
        return Target(reps=INTENSIFICATION_REPS, rir=1, volume_factor=0.9)


LINEAR = LinearScheme()
DUP = DailyUndulatingScheme()
BLOCK = BlockScheme()
SCHEMES: tuple[Scheme, ...] = (LINEAR, DUP, BLOCK)


@hookimpl
def hipdip_register_schemes(register: Callable[[Scheme], None]) -> None:
    """Register the built-in schemes."""
    for scheme in SCHEMES:
        register(scheme)
