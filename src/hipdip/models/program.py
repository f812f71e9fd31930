"""Programs: weeks of sessions of prescriptions.

>>> from hipdip import Bodyweight, Prescription, Reps
>>> item = Prescription(exercise="clamshell", sets=3, dose=Reps(12, 20), load=Bodyweight(),
...                     rir=2, rest_seconds=60, tempo="2-1-2-0")
>>> item.tempo_seconds
5
>>> Reps(low=15, high=10)
Traceback (most recent call last):
...
hipdip.errors.ValidationError: low: must be ≤ high (got low=15, high=10)
"""

from __future__ import annotations

import functools
import re

import attrs

from hipdip.errors import ValidationError
from hipdip.models import _checks as c
from hipdip.models.exercise import LOAD_TYPES, Bodyweight, Load
from hipdip.models.finding import MAX_FINDINGS, Finding
from hipdip.models.profile import Profile

__all__ = ["Dose", "Hold", "Prescription", "Program", "Reps", "Session", "Target", "Week"]

# Bounds (SCIENCE.md §Invariants 5: reps 1–50, RIR 0–5) and document limits
# (the foundation issue: ≤ 52 weeks, 7 sessions a week, 30 items a session,
# 20 sets an item).
MAX_REPS = 50
MAX_RIR = 5
MAX_HOLD_SECONDS = 600
MAX_SETS = 20
MAX_REST_SECONDS = 900
MAX_WEEKS = 52
MAX_SESSIONS_PER_WEEK = 7
MAX_ITEMS_PER_SESSION = 30
MAX_VOLUME_FACTOR = 2.0
MAX_TEMPO_PHASE = 20
#: One tempo phase: 0–MAX_TEMPO_PHASE (20) seconds, one or two ASCII digits.
_PHASE = "([01]?[0-9]|20)"
#: Eccentric-pause-concentric-pause seconds, e.g. ``2-1-2-0``.
TEMPO_PATTERN = re.compile("-".join([_PHASE] * 4))


@attrs.frozen
class Reps:
    """A rep range, ``low``–``high`` (1–50)."""

    low: int = attrs.field(converter=c.to_int, validator=c.Integer(1, MAX_REPS))
    high: int = attrs.field(converter=c.to_int, validator=c.Integer(1, MAX_REPS))

    def __attrs_post_init__(self) -> None:
        if self.low > self.high:
            raise ValidationError(f"low: must be ≤ high (got low={self.low}, high={self.high})")


@attrs.frozen
class Hold:
    """A hold duration range in seconds (planks: 20–60 s)."""

    low_seconds: int = attrs.field(
        converter=c.to_int, validator=c.Integer(1, MAX_HOLD_SECONDS, unit=" s")
    )
    high_seconds: int = attrs.field(
        converter=c.to_int, validator=c.Integer(1, MAX_HOLD_SECONDS, unit=" s")
    )

    def __attrs_post_init__(self) -> None:
        if self.low_seconds > self.high_seconds:
            raise ValidationError(
                f"low_seconds: must be ≤ high_seconds (got low_seconds={self.low_seconds}, "
                f"high_seconds={self.high_seconds})"
            )


#: A dose: :class:`Reps` or :class:`Hold`.
Dose = Reps | Hold


@attrs.frozen
class Prescription:
    """One exercise in a session: sets × dose at a load, with effort, rest and tempo."""

    exercise: str = attrs.field(validator=c.slug)
    sets: int = attrs.field(converter=c.to_int, validator=c.Integer(1, MAX_SETS))
    dose: Dose = attrs.field(validator=c.InstanceOf(Reps, Hold, label="dose"))
    load: Load = attrs.field(factory=Bodyweight, validator=c.InstanceOf(*LOAD_TYPES, label="load"))
    rir: int | None = attrs.field(
        default=None, converter=c.to_int, validator=c.Integer(0, MAX_RIR, optional=True)
    )
    rest_seconds: int = attrs.field(
        default=60, converter=c.to_int, validator=c.Integer(0, MAX_REST_SECONDS, unit=" s")
    )
    tempo: str = attrs.field(
        default="2-1-2-0",
        validator=c.Matches(
            TEMPO_PATTERN,
            f"four non-negative integers (seconds, each ≤ {MAX_TEMPO_PHASE}) joined by '-', "
            "eccentric-pause-concentric-pause, e.g. '2-1-2-0'",
        ),
    )

    @property
    def tempo_seconds(self) -> int:
        """Seconds per rep implied by ``tempo`` (sum of the four phases)."""
        return _tempo_seconds(self.tempo)


@functools.lru_cache(maxsize=64)
def _tempo_seconds(tempo: str) -> int:
    return sum(int(part) for part in tempo.split("-"))


@attrs.frozen
class Session:
    """One training day: ``week`` and ``day`` are 1-based."""

    week: int = attrs.field(converter=c.to_int, validator=c.Integer(1, MAX_WEEKS))
    day: int = attrs.field(converter=c.to_int, validator=c.Integer(1, MAX_SESSIONS_PER_WEEK))
    items: tuple[Prescription, ...] = attrs.field(
        converter=c.to_tuple, validator=c.Items(Prescription, max_items=MAX_ITEMS_PER_SESSION)
    )


@attrs.frozen
class Week:
    """A week of sessions; ``deload`` weeks cut volume and effort."""

    index: int = attrs.field(converter=c.to_int, validator=c.Integer(1, MAX_WEEKS))
    sessions: tuple[Session, ...] = attrs.field(
        converter=c.to_tuple, validator=c.Items(Session, max_items=MAX_SESSIONS_PER_WEEK)
    )
    deload: bool = attrs.field(default=False, validator=c.boolean)


@attrs.frozen
class Program:
    """A multi-week program planned for ``profile`` with periodization ``scheme``.

    ``findings`` are the WARNING and INFO findings of the planner and of every
    program rule when it was planned (a short time budget, a missing core
    block, …); ERROR findings stop :func:`hipdip.plan_program` instead.
    """

    weeks: tuple[Week, ...] = attrs.field(
        converter=c.to_tuple, validator=c.Items(Week, min_items=1, max_items=MAX_WEEKS)
    )
    scheme: str = attrs.field(validator=c.slug)
    profile: Profile = attrs.field(validator=c.InstanceOf(Profile))
    findings: tuple[Finding, ...] = attrs.field(
        default=(), converter=c.to_tuple, validator=c.Items(Finding, max_items=MAX_FINDINGS)
    )

    @property
    def sessions(self) -> tuple[Session, ...]:
        """Every session in order, week by week."""
        return tuple(session for week in self.weeks for session in week.sessions)


@attrs.frozen
class Target:
    """What a periodization scheme asks for on one day.

    ``volume_factor`` scales the planned weekly hard sets (1.0 = as planned;
    ``(0, 2]``); ``deload`` marks a deload week.
    """

    reps: Reps = attrs.field(validator=c.InstanceOf(Reps, label="rep range"))
    rir: int = attrs.field(converter=c.to_int, validator=c.Integer(0, MAX_RIR))
    volume_factor: float = attrs.field(
        default=1.0,
        converter=c.to_float,
        validator=c.Number(0, MAX_VOLUME_FACTOR, exclusive_minimum=True),
    )
    deload: bool = attrs.field(default=False, validator=c.boolean)
