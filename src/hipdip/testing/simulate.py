"""Virtual lifters: run a program session by session and watch what the engine decides.

:func:`simulate` plans a program for a profile, lets a :class:`Lifter` perform
every session it attends, logs what the lifter did, asks
:func:`hipdip.progress` for the next prescriptions after each session and goes
on with the updated program. The result, a :class:`Simulation`, holds the
final program, the log, every decision (with the week and day of the session
it answers) and each exercise's trajectory. Plugin authors use it to check
their own progression rules and schemes on lifters who respond, respond
slowly, stop improving or miss sessions.

>>> from hipdip import BodyComposition, Profile
>>> from hipdip.plugins import make_plugin_manager
>>> profile = Profile(sex="female", age=30, body=BodyComposition(65, 165),
...                   experience="beginner", equipment={"ankle_weights"})
>>> sim = simulate(profile, weeks=8, lifter=Lifter.responder(seed=1),
...                pm=make_plugin_manager(entry_points=False))
>>> len(sim.log.sessions), sim.decisions[0].week, sim.decisions[0].day
(24, 1, 1)
>>> first, last = sim.trajectory("side_lying_hip_abduction")[0], sim.trajectory(
...     "ankle_weight_side_lying_hip_abduction")[-1]
>>> first.load, last.load.kind.value
(Bodyweight(), 'weight')

**The model** (assumptions of this simulation, not study results; each
number is a modelling choice documented here):

- *Capacity.* Each exercise has a capacity: an estimated one-repetition
  maximum of the *effective* load, i.e. the external load plus the share of
  the body the lifter moves with it (the leg in side-lying abduction, most
  of the body in a step-up: :data:`hipdip.loads.BODY_SHARE`, rough lever-weighted
  fractions of body mass after Winter's segment masses — Winter, 2009,
  *Biomechanics and Motor Control of Human Movement*, Table 4.1: one lower
  limb ≈ 16 % of body mass). A band adds :data:`BAND_FIRST_TIER` of the body
  share for the lightest tier and :data:`BAND_TIER_FACTOR` per tier above
  (hipdip treats one band tier as one ~10 % step: SCIENCE.md §Training).
  Holds have a capacity in seconds. Reps to failure at a load follow from
  capacity by inverted Epley: ``reps = 30 · (capacity / load − 1)``.
- *First meeting.* When the lifter first meets an exercise (at the start, or
  by a ladder step) its reps to failure at the prescribed load and tempo are drawn
  uniformly between the middle of the prescribed range plus the target RIR
  and the top of the range plus the target RIR (plus
  :data:`START_MARGIN_REPS`, 0): the first prescription suits the lifter, and
  from there the engine has to keep up. Holds: between the middle of the
  hold range and its top plus 15 s.
- *Within a session.* Day-to-day noise scales capacity by a normal factor
  (SD :data:`NOISE_SD`); each earlier set of the same exercise in the session
  costs :data:`SET_FATIGUE` of capacity; every training week since the last
  deload costs :data:`WEEKLY_FATIGUE` more (at most :data:`MAX_WEEKLY_FATIGUE`);
  a deload week clears it.
- *Tempo.* A rep slower than 4 s (SCIENCE.md's default) costs more: reps to
  failure scale by ``4 / seconds per rep`` (time under tension).
- *A set.* The lifter stops at the top of the prescribed range or at the
  target RIR (2 when the prescription has none), whichever comes first, and
  logs the reps with the RIR felt: the true RIR plus an integer error drawn
  from ``[−rir_error, rir_error]`` (clamped to 0–10). A hold is held to the
  top of its range or 5 s short of the lifter's capacity, whichever is
  shorter. A missed session is absent from the log.
- *Growth.* After each week every capacity grows by
  ``growth_per_week × dose``, where ``dose`` is the week's gluteus medius
  hard sets actually done (true RIR ≤ 4, credited 1 PRIMARY / 0.5 SECONDARY)
  over the bottom of the person's weekly range, at most 1 (SCIENCE.md
  §Training). There is no growth after ``stall_after_week``.

Same profile, lifter (with its seed), scheme and plugins: same simulation.
"""

from __future__ import annotations

import math
import random
from typing import TYPE_CHECKING

import attrs

from hipdip.errors import UnknownIdError, ValidationError
from hipdip.loads import (  # the body share: one table, the engine's carry uses it too
    EPLEY_DIVISOR,
    estimated_1rm,
    moved_body_kg,
)
from hipdip.models import (
    Band,
    Bodyweight,
    Decision,
    Exercise,
    ExerciseLog,
    Finding,
    Hold,
    Load,
    Prescription,
    Profile,
    Program,
    Reps,
    SessionLog,
    SetResult,
    TrainingLog,
    Weight,
)
from hipdip.models import _checks as c
from hipdip.models.program import MAX_WEEKS

if TYPE_CHECKING:
    import pluggy

    from hipdip.registry import Catalog

__all__ = ["Lifter", "SimulatedDecision", "Simulation", "TrajectoryPoint", "simulate"]

#: Largest ``growth_per_week`` a lifter may have (the issue's range: 0–0.05).
MAX_GROWTH_PER_WEEK = 0.05
#: Largest ``rir_error`` (reps).
MAX_RIR_ERROR = 5

#: The lightest band adds 15 % of the body share; each tier above adds 10 % (one step).
BAND_FIRST_TIER = 1.15
BAND_TIER_FACTOR = 1.10
#: Reps to failure at a first meeting reach at most the top of the range + target RIR + this
#: (0: the first prescription suits the lifter).
START_MARGIN_REPS = 0
#: Day-to-day noise of capacity (standard deviation, as a fraction).
NOISE_SD = 0.015
#: Capacity lost per earlier set of the same exercise in a session.
SET_FATIGUE = 0.03
#: Capacity lost per training week since the last deload, and at most.
WEEKLY_FATIGUE = 0.005
MAX_WEEKLY_FATIGUE = 0.03
#: Target RIR assumed when a prescription has none.
DEFAULT_RIR = 2
#: A hold stops this many seconds short of the lifter's capacity.
HOLD_MARGIN_SECONDS = 5
#: Seconds per rep at which reps to failure are as Epley says (SCIENCE.md's 4 s
#: default); a slower tempo scales them by ``4 / seconds per rep``.
TEMPO_SECONDS = 4
#: A set logged at RIR ≤ 4 counts as hard (SCIENCE.md §Training).
HARD_SET_RIR = 4


def _check_seed(_inst: object, _attribute: object, value: object) -> None:
    """A seed is any ``int`` (not a ``bool``): hypothesis' ``st.integers()`` draws negatives too."""
    if value.__class__ is not int:
        raise c.fail("seed", "must be an integer", value)


@attrs.frozen
class Lifter:
    """A virtual lifter: how fast they grow, when they stop, how often they come, how well they judge RIR.

    ``growth_per_week`` is the fraction of capacity gained per week at a full
    dose (0–0.05); ``stall_after_week`` the last week with growth (``None``:
    never stops); ``adherence`` the share of sessions attended (0–1);
    ``rir_error`` the largest error of the logged RIR, in reps; ``seed`` (any
    integer) makes the noise repeatable.

    >>> Lifter.stalling(after_week=6).stall_after_week
    6
    >>> Lifter(growth_per_week=0.2)
    Traceback (most recent call last):
    ...
    hipdip.errors.ValidationError: growth_per_week: must be between 0 and 0.05 (got 0.2)
    """

    # Converters as the models have them: a Decimal or numpy number is read as the float
    # or int it is (a Decimal growth rate was taken, then simulate() failed on it).
    growth_per_week: float = attrs.field(
        default=0.03, converter=c.to_float, validator=c.Number(0.0, MAX_GROWTH_PER_WEEK)
    )
    stall_after_week: int | None = attrs.field(
        default=None, converter=c.to_int, validator=c.Integer(0, MAX_WEEKS, optional=True)
    )
    adherence: float = attrs.field(default=1.0, converter=c.to_float, validator=c.Number(0.0, 1.0))
    rir_error: int = attrs.field(
        default=1, converter=c.to_int, validator=c.Integer(0, MAX_RIR_ERROR)
    )
    seed: int = attrs.field(default=0, converter=c.to_int, validator=_check_seed)

    @classmethod
    def responder(cls, *, seed: int = 0) -> Lifter:
        """Grows 4 % a week at a full dose, never misses, judges RIR within ±1."""
        return cls(growth_per_week=0.04, adherence=1.0, rir_error=1, seed=seed)

    @classmethod
    def slow(cls, *, seed: int = 0) -> Lifter:
        """Grows 1 % a week, attends 90 % of sessions."""
        return cls(growth_per_week=0.01, adherence=0.9, rir_error=1, seed=seed)

    @classmethod
    def stalling(cls, after_week: int = 6, *, seed: int = 0) -> Lifter:
        """A responder who stops improving after ``after_week``."""
        return cls(growth_per_week=0.04, stall_after_week=after_week, rir_error=1, seed=seed)

    @classmethod
    def inconsistent(cls, *, seed: int = 0) -> Lifter:
        """Grows 3 % a week at a full dose but attends 60 % of sessions and misjudges RIR by ±2."""
        return cls(growth_per_week=0.03, adherence=0.6, rir_error=2, seed=seed)


def _rng(seed: int) -> random.Random:
    """The lifter's dice. ``random.Random`` seeds ``-n`` as ``n``: a negative seed goes by its text."""
    return random.Random(seed if seed >= 0 else f"hipdip lifter seed {seed}")


@attrs.frozen
class SimulatedDecision:
    """A decision of :func:`hipdip.progress`, with the ``week`` and ``day`` of the session it answers."""

    week: int
    day: int
    decision: Decision


@attrs.frozen
class TrajectoryPoint:
    """One logged set of an exercise: when, at what load, how many reps (or seconds) and RIR.

    ``estimated_1rm_kg`` is Epley's ``kg · (1 + (reps + RIR) / 30)`` for a
    weight with reps and RIR (SCIENCE.md §Muscle activation: Epley), else ``None``.
    """

    week: int
    day: int
    set_index: int
    load: Load
    reps: int | None
    rir: int | None
    hold_seconds: int | None

    @property
    def estimated_1rm_kg(self) -> float | None:
        if not isinstance(self.load, Weight) or self.reps is None or self.rir is None:
            return None
        return estimated_1rm(self.load.kg, self.reps + self.rir)


@attrs.frozen
class Simulation:
    """What :func:`simulate` returns: the final program, the log, the decisions and the lifter.

    ``findings`` are those of the last :func:`hipdip.progress` call (it replays
    the whole log): a plugin rule skipped and how often, a raised top cut back to
    fit the session (``session_time``) — what a plugin author testing a rule
    wants to see besides the warnings.
    """

    profile: Profile
    lifter: Lifter
    planned: Program
    program: Program
    log: TrainingLog
    decisions: tuple[SimulatedDecision, ...]
    findings: tuple[Finding, ...] = ()
    #: The exercise ids of the catalogue the simulation ran with (its ``pm``), for
    #: :meth:`trajectory`; empty: the installed catalogue's.
    _exercise_ids: frozenset[str] = attrs.field(default=frozenset(), eq=False, repr=False)

    def trajectory(self, exercise_id: str) -> tuple[TrajectoryPoint, ...]:
        """Every logged set of ``exercise_id``, in order.

        An exercise of the installed catalogue that the simulation never
        prescribed has no sets: ``()``. An id that is neither prescribed nor
        in the installed catalogue raises :class:`~hipdip.UnknownIdError` (with
        a did-you-mean), anything but a string a
        :class:`~hipdip.ValidationError`.
        """
        if not isinstance(exercise_id, str):
            raise ValidationError(
                f"exercise_id: must be an exercise id string (got {type(exercise_id).__name__})"
            )
        prescribed = self._prescribed()
        if exercise_id not in prescribed:
            installed = self._exercise_ids
            if not installed:
                from hipdip.registry import catalog

                installed = frozenset(catalog().exercises)
            if exercise_id not in installed:
                raise UnknownIdError("exercise", exercise_id, prescribed | installed)
        out: list[TrajectoryPoint] = []
        for session in self.log.sessions:
            if session.week is None or session.day is None:
                continue  # a simulated log is always placed; this narrows the type
            for entry in session.exercises:
                if entry.exercise != exercise_id:
                    continue
                for index, result in enumerate(entry.sets):
                    out.append(
                        TrajectoryPoint(
                            session.week,
                            session.day,
                            index,
                            result.load,
                            result.reps,
                            result.rir,
                            result.hold_seconds,
                        )
                    )
        return tuple(out)

    def _prescribed(self) -> frozenset[str]:
        """Every exercise id the planned program, the final one or a decision names."""
        ids = {
            item.exercise
            for program in (self.planned, self.program)
            for week in program.weeks
            for session in week.sessions
            for item in session.items
        }
        for d in self.decisions:
            ids.update((d.decision.before.exercise, d.decision.after.exercise))
        return frozenset(ids)

    def exercises(self) -> tuple[str, ...]:
        """Every exercise id the lifter logged, in order of first appearance."""
        seen: dict[str, None] = {}
        for session in self.log.sessions:
            for entry in session.exercises:
                seen.setdefault(entry.exercise, None)
        return tuple(seen)


def simulate(
    profile: Profile,
    *,
    weeks: int,
    lifter: Lifter,
    scheme: str = "linear",
    pm: pluggy.PluginManager | None = None,
) -> Simulation:
    """Plan ``weeks`` weeks for ``profile`` and let ``lifter`` train them, progressing after each session.

    Raises :class:`~hipdip.ValidationError` for a bad argument and whatever
    :func:`hipdip.plan_program` or :func:`hipdip.progress` raise.
    """
    from hipdip.plan import plan_program
    from hipdip.progression import progress
    from hipdip.registry import catalog

    if not isinstance(profile, Profile):
        raise ValidationError(f"profile: must be a Profile (got {type(profile).__name__})")
    if not isinstance(lifter, Lifter):
        raise ValidationError(f"lifter: must be a Lifter (got {type(lifter).__name__})")
    if not isinstance(weeks, int) or isinstance(weeks, bool) or not 1 <= weeks <= MAX_WEEKS:
        raise ValidationError(
            f"weeks: must be an integer between 1 and {MAX_WEEKS} (got {weeks!r})"
        )
    if type(lifter) is not Lifter:
        # A subclass may redeclare a field without its validator: the model reads the
        # fields a Lifter has, checked as a Lifter checks them.
        lifter = Lifter(**{f.name: getattr(lifter, f.name) for f in attrs.fields(Lifter)})
    planned = plan_program(profile, weeks=weeks, scheme=scheme, pm=pm)
    cat = catalog(pm)
    body = _Body(profile, lifter, cat)
    current = planned
    findings: tuple[Finding, ...] = ()
    logged: list[SessionLog] = []
    decisions: list[SimulatedDecision] = []
    for week_index, planned_week in enumerate(planned.weeks):
        for day_index in range(len(planned_week.sessions)):
            week = current.weeks[week_index]  # the latest program: decisions change it
            session = week.sessions[day_index]
            if not session.items or not body.attends():
                continue
            entry = SessionLog(
                week=session.week,
                day=session.day,
                exercises=tuple(body.perform(item) for item in session.items),
            )
            logged.append(entry)
            result = progress(planned, TrainingLog(tuple(logged)), pm=pm)
            current = result.program
            findings = result.findings
            decisions.extend(
                SimulatedDecision(session.week, session.day, d)
                for d in result.decisions[-len(entry.exercises) :]
            )
        body.end_week(planned_week.deload)
    return Simulation(
        profile=profile,
        lifter=lifter,
        planned=planned,
        program=current,
        log=TrainingLog(tuple(logged)),
        decisions=tuple(decisions),
        findings=findings,
        exercise_ids=frozenset(cat.exercises),
    )


class _Body:
    """The lifter's state: capacities per exercise, strength multiplier, fatigue and dice."""

    def __init__(self, profile: Profile, lifter: Lifter, cat: Catalog) -> None:
        self.profile = profile
        self.lifter = lifter
        self.cat = cat
        self.rng = _rng(lifter.seed)
        self.strength = 1.0  # grows with training: capacity = base × strength
        self.fatigue = 0.0
        self.base: dict[str, float] = {}
        self.week_dose = 0.0
        self.week = 0
        self.full_dose = _full_dose(profile)

    def attends(self) -> bool:
        return self.rng.random() < self.lifter.adherence

    def perform(self, item: Prescription) -> ExerciseLog:
        exercise = self.cat.exercises[item.exercise]
        if item.exercise not in self.base:
            self.base[item.exercise] = self._first_meeting(item, exercise)
        capacity = self.base[item.exercise] * self.strength * (1.0 - self.fatigue)
        capacity *= max(0.5, 1.0 + self.rng.gauss(0.0, NOISE_SD))
        credit = exercise.set_credit("gluteus_medius")
        sets: list[SetResult] = []
        for index in range(item.sets):
            now = capacity * (1.0 - SET_FATIGUE * index)
            if isinstance(item.dose, Hold):
                seconds = max(0, min(item.dose.high_seconds, int(now) - HOLD_MARGIN_SECONDS))
                sets.append(SetResult(hold_seconds=seconds, load=item.load))
                continue
            to_failure = EPLEY_DIVISOR * (now / self._load(item.load, exercise) - 1)
            to_failure = max(0, math.floor(to_failure * _tempo_factor(item.tempo)))
            target = DEFAULT_RIR if item.rir is None else item.rir
            reps = max(0, min(item.dose.high, to_failure - target))
            true_rir = to_failure - reps
            felt = true_rir + self.rng.randint(-self.lifter.rir_error, self.lifter.rir_error)
            sets.append(SetResult(reps=reps, load=item.load, rir=min(10, max(0, felt))))
            if true_rir <= HARD_SET_RIR:
                self.week_dose += credit
        return ExerciseLog(item.exercise, tuple(sets))

    def end_week(self, deload: bool) -> None:
        self.week += 1
        stall = self.lifter.stall_after_week
        if stall is None or self.week <= stall:
            dose = min(1.0, self.week_dose / self.full_dose) if self.full_dose else 1.0
            self.strength *= 1.0 + self.lifter.growth_per_week * dose
        self.week_dose = 0.0
        self.fatigue = 0.0 if deload else min(MAX_WEEKLY_FATIGUE, self.fatigue + WEEKLY_FATIGUE)

    # -- the model ------------------------------------------------------------ #

    def _first_meeting(self, item: Prescription, exercise: Exercise) -> float:
        """A base capacity at which ``item`` is doable (see the module docs), before strength."""
        dose = item.dose
        if isinstance(dose, Hold):
            seconds = self.rng.uniform(
                (dose.low_seconds + dose.high_seconds) / 2, dose.high_seconds + 15
            )
            return seconds / (self.strength * (1.0 - self.fatigue))
        assert isinstance(dose, Reps)
        target = DEFAULT_RIR if item.rir is None else item.rir
        reps = self.rng.uniform(
            (dose.low + dose.high) / 2 + target, dose.high + target + START_MARGIN_REPS
        )
        # Those reps are at the prescribed tempo (a bird-dog's 5 s hold at the top):
        # the capacity is what gives them once :func:`_tempo_factor` has taken its share.
        reps /= _tempo_factor(item.tempo)
        capacity = estimated_1rm(self._load(item.load, exercise), reps)
        return capacity / (self.strength * (1.0 - self.fatigue))

    def _load(self, load: Load, exercise: Exercise) -> float:
        """The effective load in kg: external load plus the body share moved with it."""
        body = moved_body_kg(exercise, self.profile.body.weight_kg)
        if isinstance(load, Weight):
            return body + load.kg
        if isinstance(load, Band):
            return body * BAND_FIRST_TIER * BAND_TIER_FACTOR**load.tier.rank
        assert isinstance(load, Bodyweight)
        return body


def _tempo_factor(tempo: str) -> float:
    """Reps to failure shrink as a rep takes longer than the default 4 s (time under tension)."""
    seconds = sum(int(part) for part in tempo.split("-"))
    return min(1.0, TEMPO_SECONDS / seconds) if seconds else 1.0


def _full_dose(profile: Profile) -> float:
    from hipdip.training import WEEKLY_HARD_SETS

    return float(WEEKLY_HARD_SETS[profile.experience][0])
