"""Training logs: what was actually done.

>>> from hipdip import Bodyweight, ExerciseLog, SetResult
>>> log = ExerciseLog("clamshell", (SetResult(reps=20, load=Bodyweight(), rir=2),) * 3)
>>> len(log.sets)
3
>>> SetResult(reps=12, hold_seconds=30)
Traceback (most recent call last):
...
hipdip.errors.ValidationError: hold_seconds: give reps or hold_seconds, not both (got 30)

A session is either a slot of the program (``week``, ``day``) or a dated
session from another app not yet placed on a slot (``date`` only; see
:func:`hipdip.logs.assign`); a placed session may keep its date:

>>> import datetime
>>> SessionLog(week=1, day=2, exercises=(log,), date=datetime.date(2024, 3, 5)).date.isoformat()
'2024-03-05'
>>> SessionLog(exercises=(log,))
Traceback (most recent call last):
...
hipdip.errors.ValidationError: week: give week and day (a session of the program), or date (a dated session to place with hipdip.logs.assign) (got None)
"""

from __future__ import annotations

import datetime

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
    """What was done in the program's session ``week``/``day``, or on ``date``.

    ``week`` and ``day`` are given together (a session of the program) or not
    at all; a session without them needs a ``date`` (an imported session that
    :func:`hipdip.logs.assign` places on the program's sessions in order).
    """

    week: int | None = attrs.field(
        default=None, converter=c.to_int, validator=c.Integer(1, MAX_WEEKS, optional=True)
    )
    day: int | None = attrs.field(
        default=None,
        converter=c.to_int,
        validator=c.Integer(1, MAX_SESSIONS_PER_WEEK, optional=True),
    )
    exercises: tuple[ExerciseLog, ...] = attrs.field(
        default=(),
        converter=c.to_tuple,
        validator=c.Items(ExerciseLog, max_items=MAX_ITEMS_PER_SESSION),
    )
    date: datetime.date | None = attrs.field(default=None, validator=c.Date(optional=True))

    def __attrs_post_init__(self) -> None:
        if (self.week is None) != (self.day is None):
            name, value = ("week", self.week) if self.week is None else ("day", self.day)
            raise ValidationError(
                f"{name}: give week and day together, or neither for a dated session "
                f"(got {name}={value!r})"
            )
        if self.week is None and self.date is None:
            raise ValidationError(
                "week: give week and day (a session of the program), or date (a dated session "
                "to place with hipdip.logs.assign) (got None)"
            )

    @property
    def placed(self) -> bool:
        """Whether the session names its program slot (``week`` and ``day``)."""
        return self.week is not None


@attrs.frozen
class TrainingLog:
    """Logged sessions, in the order they were trained (dated ones never go back in time;
    :func:`hipdip.progress` replays them in this order: a session done out of turn changes
    no session logged before it, nor what a later session of the program decided)."""

    sessions: tuple[SessionLog, ...] = attrs.field(
        default=(),
        converter=c.to_tuple,
        validator=c.Items(SessionLog, max_items=MAX_LOGGED_SESSIONS),
    )

    def __attrs_post_init__(self) -> None:
        last: datetime.date | None = None
        where = 0
        for index, session in enumerate(self.sessions):
            when = session.date
            if when is None:
                continue
            if last is not None and when < last:
                raise ValidationError(
                    f"sessions[{index}].date: {when.isoformat()} is before "
                    f"sessions[{where}].date {last.isoformat()}; sessions are in the order they "
                    "were trained"
                )
            last, where = when, index
