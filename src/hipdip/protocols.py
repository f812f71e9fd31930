"""The interfaces plugin objects implement.

Any object with the right attributes works (structural typing); nothing needs
to inherit from these classes. Each protocol is ``runtime_checkable``, so
``isinstance(obj, Scheme)`` checks that the attributes exist.

>>> from hipdip.protocols import Scheme, Target
>>> from hipdip import Reps
>>> class Flat:
...     id = "flat"
...     name = "Flat 12-15"
...     def target(self, week, day, *, weeks, days_per_week):
...         return Target(reps=Reps(12, 15), rir=2, volume_factor=1.0, deload=False)
>>> isinstance(Flat(), Scheme)
True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple, Protocol, runtime_checkable

from hipdip.models import (
    Decision,
    Exercise,
    Finding,
    Goal,
    NutritionPlan,
    Prescription,
    Profile,
    Program,
    SetResult,
)
from hipdip.models.program import Target

if TYPE_CHECKING:
    from hipdip.logs import LogImport
    from hipdip.registry import Catalog

__all__ = [
    "LogFormat",
    "NutritionRule",
    "Problem",
    "ProgramRule",
    "ProgressionRule",
    "Scheme",
    "Target",
]


@runtime_checkable
class Scheme(Protocol):
    """A periodization scheme: what to aim for on each day of each week.

    ``target(week, day, *, weeks, days_per_week)`` is called with 1-based
    ``week`` and ``day`` for a program of ``weeks`` weeks and
    ``days_per_week`` sessions a week, and returns a :class:`Target`. It must
    be a pure function of its arguments (plans are deterministic) and keep
    the invariants of SCIENCE.md: reps 1–50, RIR 0–5, ``volume_factor`` in
    (0, 2], and, for programs of 6 weeks or more, a deload week in every run
    of 6 consecutive weeks.
    """

    @property
    def id(self) -> str:
        """lower_snake_case id used to select the scheme (``scheme="linear"``)."""

    @property
    def name(self) -> str:
        """Human-readable name."""

    def target(self, week: int, day: int, *, weeks: int, days_per_week: int) -> Target:
        """The target for ``day`` of ``week``."""


@runtime_checkable
class ProgressionRule(Protocol):
    """Decides the next prescription from one session's logged sets.

    Rules are asked in order of descending ``priority`` (the built-in
    ``double_progression`` and ``hold_progression`` have priority 0,
    ``plateau`` 1, ``stall`` 2 and ``break`` 3; ties by id); the first applicable rule whose
    ``decide`` returns a :class:`hipdip.Decision` wins, ``None`` passes to the
    next. ``decide`` must not mutate its inputs and must keep the invariants
    of SCIENCE.md §Invariants 5 (load ≥ 0, one step raises load by at most
    ``max(10 %, increment)``, bands move at most one tier, reps 1–50, RIR
    0–5); :func:`hipdip.next_prescription` checks every decision and raises
    :class:`hipdip.PluginError` naming the rule when one does not.

    ``decide`` may also name any of these keyword-only arguments to receive
    them (like pluggy, the engine passes only what a rule asks for, so the
    three-argument form above always works;
    :data:`hipdip.progression.EXTRA_ARGUMENTS`): ``previous`` — the sets
    logged for the same exercise in the session before, or ``None``;
    ``previous_prescription`` — what that session prescribed (or ``None``);
    ``catalog`` — the :class:`~hipdip.Catalog` (e.g. its
    ``harder_variants``); ``history`` — the exercise's earlier logged
    sessions, oldest first, as :class:`hipdip.progression.PastSession`
    (at most 32; empty from :func:`hipdip.next_prescription` without
    ``previous``); ``profile`` — the person (:class:`~hipdip.Profile`,
    with ``avoid``, ``limitations`` and ``tags``), or ``None`` when the
    caller gave none; ``gap_days``, ``week`` and ``moved_from`` (the
    session whose decision moved the slot onto this exercise, or ``None``):
    see docs/hooks.md.

    A rule that raises, returns a non-bool from ``applies`` or a decision
    that breaks the invariants is skipped for that call, with a warning and a
    finding naming it (a :class:`hipdip.PluginError` with
    ``HIPDIP_STRICT_PLUGINS=1``); a step it proposes to a variant the person
    cannot do or has ruled out becomes ``repeat``.
    """

    @property
    def id(self) -> str:
        """lower_snake_case id, recorded as ``Decision.rule``."""

    @property
    def priority(self) -> int:
        """Higher priorities are asked first."""

    def applies(self, exercise: Exercise, prescription: Prescription) -> bool:
        """Whether this rule handles ``prescription`` of ``exercise`` at all."""

    def decide(
        self, exercise: Exercise, prescription: Prescription, results: tuple[SetResult, ...]
    ) -> Decision | None:
        """The next step after ``results`` were logged for ``prescription``, or ``None``."""


@runtime_checkable
class NutritionRule(Protocol):
    """One step of the nutrition pipeline.

    Rules run in ascending ``priority`` order; each gets the draft plan and
    returns it, usually changed with :func:`attrs.evolve` and with a
    :class:`hipdip.Finding` added for each adjustment. The built-in safety
    rules always run after every registered rule. A rule for some people only
    reads ``profile.tags`` (``"plant_based"``) and returns the plan unchanged
    for everyone else. A rule that raises or returns something else than a
    plan is skipped for that call, with a warning and a finding naming it.
    """

    @property
    def id(self) -> str:
        """lower_snake_case id, listed in ``NutritionPlan.applied_rules``."""

    @property
    def priority(self) -> int:
        """Lower priorities run first; a higher priority has the last word."""

    def apply(self, profile: Profile, goal: Goal, plan: NutritionPlan) -> NutritionPlan:
        """The plan after this rule.

        ``goal`` is the goal the plan applies: ``maintain`` when a screen
        refused the ``fat_loss`` asked for. Add findings; earlier ones cannot
        be dropped or changed.
        """


@runtime_checkable
class ProgramRule(Protocol):
    """A check of a whole program (run by :func:`hipdip.validate_program`)."""

    @property
    def id(self) -> str:
        """lower_snake_case id, used as ``Finding.rule``."""

    def check(self, program: Program, catalog: Catalog) -> Iterable[Finding]:
        """Findings about ``program``; ERROR findings make planning fail.

        WARNING and INFO findings of a planned program are kept on
        :attr:`hipdip.Program.findings` (shown by ``to_markdown`` and the CLI).
        A rule that raises or yields something else than a
        :class:`~hipdip.Finding` is skipped for that call, with a warning and
        a finding naming it.
        """


@runtime_checkable
class LogFormat(Protocol):
    """A training-log file format another app exports (Strong, Hevy, FitNotes, …).

    ``sniff(text)`` says cheaply whether ``text`` looks like this format (it
    reads the header, not the whole file): :func:`hipdip.logs.read_log` with
    ``format="auto"`` uses the first format that says yes.
    ``read(text, *, catalog)`` returns a :class:`hipdip.logs.LogImport`:
    dated :class:`~hipdip.SessionLog` s whose exercise ids are the
    catalogue's (resolve names with :func:`hipdip.logs.match_exercise`) and
    a report of every row read, used or skipped and why. A row it cannot use
    is skipped and counted, never an exception; a text that is not this
    format at all raises :class:`hipdip.ValidationError`. ``read`` may also
    name a keyword-only ``units`` argument: the units of weights the file
    does not label (``"metric"`` or ``"imperial"``, ``None`` if not known).

    A format that can also write has ``write(log, *, catalog)`` returning the
    text of a :class:`~hipdip.TrainingLog` (optional; it may also take
    ``units``, the units to write weights in).
    """

    @property
    def id(self) -> str:
        """lower_snake_case id (``read_log(text, format=id)``)."""

    @property
    def name(self) -> str:
        """Human-readable name (``"Strong (CSV export)"``)."""

    def sniff(self, text: str) -> bool:
        """Whether ``text`` looks like this format."""

    def read(self, text: str, *, catalog: Catalog) -> LogImport:
        """The sessions in ``text`` and the report of reading them."""


class Problem(NamedTuple):
    """What a check found wrong: the ``invariant`` it breaks and a ``message`` for people.

    Code decides on ``invariant`` (a fixed name, e.g. one of
    :class:`hipdip.progression.Invariant`); ``message`` says what happened
    and may be reworded freely. A problem is a plain pair:

    >>> invariant, message = Problem("bands move at most one tier", "light → heavy band")
    >>> invariant
    'bands move at most one tier'
    """

    invariant: str
    message: str
