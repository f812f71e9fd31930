"""Training logs: what was actually done.

>>> from hipdip import Bodyweight, ExerciseLog, SetResult
>>> log = ExerciseLog("clamshell", (SetResult(reps=20, load=Bodyweight(), rir=2),) * 3)
>>> len(log.sets)
3
>>> SetResult(reps=12, hold_seconds=30)
Traceback (most recent call last):
...
hipdip.errors.ValidationError: hold_seconds: give reps or hold_seconds, not both (got 30)
"""

from __future__ import annotations

import attrs

from hipdip.errors import ValidationError
from hipdip.models import _checks as c
from hipdip.models.exercise import LOAD_TYPES, Bodyweight, Load
from hipdip.models.program import (
    MAX_HOLD_SECONDS,
    MAX_ITEMS_PER_SESSION,
    MAX_SESSIONS_PER_WEEK,
    MAX_SETS,
    MAX_WEEKS,
)

__all__ = ["ExerciseLog", "SessionLog", "SetResult", "TrainingLog"]

#: Reps logged in one set (a set of more than 100 reps is not a hard set).
MAX_LOGGED_REPS = 100
#: Logged RIR may exceed the prescribed 0–5 (an easy set): 0–10 (RPE 0–10).
MAX_LOGGED_RIR = 10
#: Longest logged hold: twice the longest prescribed hold (an over-performed plank).
MAX_LOGGED_HOLD_SECONDS = 2 * MAX_HOLD_SECONDS
#: Longest log a document may hold (the foundation issue).
MAX_LOGGED_SESSIONS = 10_000


@attrs.frozen
class SetResult:
    """One performed set: ``reps`` (or ``hold_seconds`` for holds), the load, and the RIR felt."""

    reps: int | None = attrs.field(
        default=None, converter=c.to_int, validator=c.Integer(0, MAX_LOGGED_REPS, optional=True)
    )
    hold_seconds: int | None = attrs.field(
        default=None,
        converter=c.to_int,
        validator=c.Integer(0, MAX_LOGGED_HOLD_SECONDS, unit=" s", optional=True),
    )
    load: Load = attrs.field(factory=Bodyweight, validator=c.InstanceOf(*LOAD_TYPES, label="load"))
    rir: int | None = attrs.field(
        default=None, converter=c.to_int, validator=c.Integer(0, MAX_LOGGED_RIR, optional=True)
    )

    def __attrs_post_init__(self) -> None:
        if self.reps is None and self.hold_seconds is None:
            raise ValidationError("reps: give reps (or hold_seconds for a hold) (got None)")
        if self.reps is not None and self.hold_seconds is not None:
            raise ValidationError(
                f"hold_seconds: give reps or hold_seconds, not both (got {self.hold_seconds})"
            )


@attrs.frozen
class ExerciseLog:
    """The sets performed of one exercise in one session."""

    exercise: str = attrs.field(validator=c.slug)
    sets: tuple[SetResult, ...] = attrs.field(
        converter=c.to_tuple, validator=c.Items(SetResult, min_items=1, max_items=MAX_SETS)
    )


@attrs.frozen
class SessionLog:
    """What was done in the program's session ``week``/``day``."""

    week: int = attrs.field(converter=c.to_int, validator=c.Integer(1, MAX_WEEKS))
    day: int = attrs.field(converter=c.to_int, validator=c.Integer(1, MAX_SESSIONS_PER_WEEK))
    exercises: tuple[ExerciseLog, ...] = attrs.field(
        converter=c.to_tuple,
        validator=c.Items(ExerciseLog, max_items=MAX_ITEMS_PER_SESSION),
    )


@attrs.frozen
class TrainingLog:
    """Logged sessions, in the order they were trained."""

    sessions: tuple[SessionLog, ...] = attrs.field(
        default=(),
        converter=c.to_tuple,
        validator=c.Items(SessionLog, max_items=MAX_LOGGED_SESSIONS),
    )
