"""Contract suites: property tests a plugin author gets by subclassing one class.

Each class below is a pytest test class holding property tests (hypothesis,
drawing from :mod:`hipdip.testing.strategies`) of the invariants of
SCIENCE.md §Invariants that apply to one kind of plugin object. Subclass it in
a test module (the subclass name must start with ``Test``) and give it one
fixture returning your object:

- :class:`SchemeContract` (fixture ``scheme``): targets of every week and
  day — reps 1–50, RIR 0–5, volume factor in (0, 2], deloads, purity — and
  programs planned with the scheme pass :func:`hipdip.validate_program`;
- :class:`ProgressionRuleContract` (fixture ``rule``): ``None`` or a valid
  :class:`~hipdip.Decision` (Invariants 5), monotone, no mutation;
- :class:`NutritionRuleContract` (fixture ``rule``): plans are safe after the
  safety rules (Invariants 6); ``apply`` returns a plan, no mutation;
- :class:`ProgramRuleContract` (fixture ``rule``): ``check`` yields findings
  naming the rule, never raises, is deterministic;
- :class:`ExerciseContract` (fixture ``exercise``): ids, muscles, ladder
  links, band placement, JSON round trip.

Example (a test module of a plugin)::

    import pytest
    from hipdip.testing.contracts import SchemeContract
    from hipdip_wave import WaveScheme

    class TestWaveScheme(SchemeContract):
        @pytest.fixture
        def scheme(self):
            return WaveScheme()

A failure names the object and the invariant it breaks::

    ContractViolation: scheme 'wave' (WaveScheme): invariant "deload within
    every 6 weeks" violated: weeks 1–6 of an 8-week program (2 days a week)
    have no deload week

:class:`ContractViolation` is an :class:`AssertionError`, so pytest reports
it as a failed assertion; hypothesis adds the falsifying example as a note.

**The plugin manager.** Every suite asks the fixture ``plugin_manager`` for
the manager to plan and look exercises up with; by default it holds hipdip's
built-in plugins only (installed plugins do not leak in). The object under
test is registered into it for each test and unregistered afterwards — unless
the manager already holds that very object (or an equal one) under its id, so
a plugin whose exercises or rules need its own muscles and exercises can
register the whole plugin::

    class TestMyExercises(ExerciseContract):
        @pytest.fixture(params=my_plugin.EXERCISES, ids=lambda e: e.id)
        def exercise(self, request):
            return request.param

        @pytest.fixture
        def plugin_manager(self, hipdip_pm, hipdip_register):
            hipdip_register(my_plugin)
            return hipdip_pm

**Speed.** Each property runs :attr:`settings` (25 examples, no deadline);
a subclass may override it, e.g.
``settings = hypothesis.settings(SchemeContract.settings, max_examples=200)``.

**Fixed examples.** Besides the drawn ones, every property also runs on
fixed examples (``@hypothesis.example``), whatever the seed: every load
kind at a small, a middle and a large load with a session over, inside and
under the rep range (progression rules, :meth:`ProgressionRuleContract.example_cases`);
every goal for a fixed set of people (nutrition rules,
:meth:`NutritionRuleContract.example_profiles`); every week and day of
programs of 1, 5, 6, 7, 12 and 52 weeks (schemes); programs planned for
fixed people (program rules). So a rule that breaks an invariant wherever
it acts — a load raised 50 % a step, protein set to 4 g/kg — fails on every
run, not on a lucky seed.

>>> from hipdip.builtin.schemes import LINEAR
>>> SchemeContract().test_deload_within_every_window(LINEAR)
>>> describe("scheme", LINEAR)
"scheme 'linear' (LinearScheme)"
"""

from __future__ import annotations

import collections
import copy
import functools
import itertools
import math
import types
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, ClassVar

import attrs
import hypothesis
import pytest
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

import hipdip
from hipdip.body import KCAL_PER_KG
from hipdip.builtin.nutrition import (
    ENERGY_IDENTITY_TOLERANCE,
    FAT_MIN_ENERGY_SHARE,
    FAT_MIN_G_PER_KG,
    KCAL_FLOOR,
    KCAL_PER_G_FAT,
    LOSS_RATE_MAX,
    SAFETY_RULES,
    SCREENS,
    protein_bounds_g,
    screen_goal,
)
from hipdip.choice import can_add_load
from hipdip.errors import HipdipPluginWarning, PlanningError, PluginError, ValidationError
from hipdip.hookspecs import hookimpl
from hipdip.ladders import Ladders, ladders, medius_rank
from hipdip.loads import heavier, increment_kg, is_heavier, load_cap_kg, starting_load
from hipdip.models import (
    Action,
    Band,
    BandPlacement,
    BodyComposition,
    Bodyweight,
    Decision,
    Exercise,
    Goal,
    Hold,
    Load,
    LoadKind,
    Muscle,
    NutritionPlan,
    Prescription,
    Profile,
    Program,
    Reps,
    Role,
    SetResult,
    Severity,
    Units,
    Week,
    Weight,
)
from hipdip.models import _checks as checks
from hipdip.models import log as log_model
from hipdip.models.exercise import MAX_LEVEL
from hipdip.models.profile import DAYS_PER_WEEK
from hipdip.models.program import MAX_REPS, MAX_RIR, MAX_VOLUME_FACTOR, MAX_WEEKS, Target
from hipdip.nutrition import PLAN_FIELDS
from hipdip.plugins import HipdipPluginManager, make_plugin_manager
from hipdip.progression import (
    FALLBACK_RULE,
    Invariant,
    PastSession,
    decision_problems,
    extra_arguments,
    rule_order,
)
from hipdip.protocols import NutritionRule, Problem, ProgramRule, ProgressionRule, Scheme
from hipdip.registry import CONTRIBUTIONS, Catalog
from hipdip.testing import strategies
from hipdip.testing._register import register_checked
from hipdip.testing.simulate import Lifter, Simulation, simulate
from hipdip.training import (
    DELOAD_MIN_RIR,
    DELOAD_WINDOW_WEEKS,
    HOLD_PATTERNS,
    TARGET_MUSCLE,
    deload_after_training,
    deload_more_reps,
)

__all__ = [
    "ContractViolation",
    "ExerciseContract",
    "NutritionRuleContract",
    "ProgramRuleContract",
    "ProgressionCase",
    "ProgressionRuleContract",
    "SchemeContract",
    "describe",
]


def _safe_repr(value: object, limit: int = 200) -> str:
    """``repr(value)`` cut to ``limit`` characters, or a note when its ``__repr__`` raises
    (an attacker's re-check: a returned object whose repr raised escaped the contract)."""
    try:
        text = repr(value)
    except Exception as exc:
        return f"(its repr raised {type(exc).__name__})"
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ContractViolation(AssertionError):
    """A plugin object breaks an invariant of its contract.

    ``subject`` names the object (``"scheme 'wave' (WaveScheme)"``),
    ``invariant`` the rule it breaks and ``detail`` the case that shows it.
    """

    def __init__(self, subject: str, invariant: str, detail: str) -> None:
        self.subject = subject
        self.invariant = invariant
        self.detail = detail
        super().__init__(f'{subject}: invariant "{invariant}" violated: {detail}')


def describe(kind: str, obj: object) -> str:
    """How contract failures name a plugin object: kind, id and class.

    >>> from hipdip.builtin.progression import STALL
    >>> describe("progression rule", STALL)
    "progression rule 'stall' (Stall)"
    >>> from hipdip.builtin.exercises import EXERCISES
    >>> describe("exercise", EXERCISES[0])
    "exercise 'clamshell' (Clamshell)"
    """
    id_ = getattr(obj, "id", None)
    label = repr(id_) if isinstance(id_, str) else "without an id"
    if isinstance(obj, Exercise | Muscle):
        return f"{kind} {label} ({obj.name})"
    return f"{kind} {label} ({type(obj).__qualname__})"


_DEFAULT_SETTINGS = hypothesis.settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.too_slow],
)


class _Contract:
    """What every contract shares: settings, the manager, registration and reporting."""

    #: Hypothesis settings of every property in the suite (override in a subclass).
    settings: ClassVar[hypothesis.settings] = _DEFAULT_SETTINGS
    #: How failures name the object (``"scheme"``, ``"exercise"``, …).
    kind: ClassVar[str] = "object"
    #: The catalogue mapping the object is registered into.
    catalog_kind: ClassVar[str] = ""

    @pytest.fixture
    def plugin_manager(self) -> HipdipPluginManager:
        """The manager the suite plans with: built-ins only. Override to add your plugin."""
        return make_plugin_manager(entry_points=False)

    def fail(self, obj: object, invariant: str, detail: str) -> ContractViolation:
        """The error to raise when ``obj`` breaks ``invariant``, shown by ``detail``."""
        return ContractViolation(describe(self.kind, obj), invariant, detail)

    def run(
        self,
        check: Callable[..., None],
        *given: SearchStrategy[Any],
        examples: Iterable[tuple[Any, ...]] = (),
    ) -> None:
        """Run ``check`` as a hypothesis property over ``given`` with :attr:`settings`."""
        test = hypothesis.given(*given)(check)
        for values in examples:
            test = hypothesis.example(*values)(test)
        hypothesis.settings(self.settings)(test)()

    def registered(
        self, pm: HipdipPluginManager, obj: object, **extra: Sequence[object]
    ) -> Iterator[HipdipPluginManager]:
        """``pm`` with ``obj`` (and ``extra`` objects per kind) registered until the generator ends."""
        contributions: dict[str, Sequence[object]] = {self.catalog_kind: [obj], **extra}
        cat = hipdip.catalog(pm)
        missing: dict[str, list[object]] = {}
        for kind, objects in contributions.items():
            for item in objects:
                present = cat.ids(kind)
                item_id = getattr(item, "id", None)
                if item_id in present:
                    other = getattr(cat, kind)[item_id]
                    if other is item or other == item:
                        continue
                    raise self.fail(
                        obj,
                        "registers beside the plugin manager's objects",
                        f"the plugin manager already has another {kind[:-1].replace('_', ' ')} "
                        f"with id {item_id!r} (from plugin {cat.plugin_info(kind, item_id)}); "
                        "give the contract a plugin_manager without it, or register this very "
                        "object",
                    )
                missing.setdefault(kind, []).append(item)
        if not missing:
            yield pm
            return
        name = _free_name(pm, f"hipdip.testing.contracts[{describe(self.kind, obj)}]")
        try:
            register_checked(pm, _plugin(missing), name)
        except PluginError as exc:
            raise self.fail(
                obj, "registers into a plugin manager", f"the catalogue refused it: {exc}"
            ) from None  # the message says it all
        try:
            yield pm
        finally:
            if pm.get_plugin(name) is not None:
                pm.unregister(name=name)

    def check_identity(self, obj: object, protocol: type) -> None:
        """``obj`` is an object ``register()`` accepts: it implements ``protocol``, has a slug id…"""
        problem = CONTRIBUTIONS[self.catalog_kind].problem(obj)  # the check register() makes
        if problem is not None:
            raise self.fail(obj, f"implements hipdip.protocols.{protocol.__name__}", problem[1])


# --------------------------------------------------------------------------- #
# Schemes


class SchemeContract(_Contract):
    """Property tests for a periodization :class:`~hipdip.protocols.Scheme` (fixture ``scheme``).

    Programs of 1–52 weeks and 2–6 days a week are drawn (always including
    1, 5, 6, 7, 12 and 52 weeks); for every week and day of each:

    - ``target()`` returns a :class:`~hipdip.protocols.Target` (a
      :class:`~hipdip.ValidationError` raised while building one is reported
      as the invariant of the bad field: ``Reps(0, 10)`` breaks "reps within
      1–50");
    - reps within 1–50, RIR 0–5, ``volume_factor`` in (0, 2];
    - programs of 6 weeks or more have a deload in every run of 6
      consecutive weeks, and deload weeks ask for RIR ≥ 3 and no higher top
      of the rep range than the week before trained (one step lighter, more
      reps at a higher RIR are out of reach: 9, 7, 6 against 12–15 after
      8–12-rep weeks);
    - a deload week follows a training week: week 1 is no deload, nor the
      week after one (each deload is cut from the week before it);
    - the same arguments give the same target, in any call order;

    and :func:`hipdip.plan_program` with the scheme (registered into
    ``plugin_manager``) gives programs with no ERROR finding from
    :func:`hipdip.validate_program`, or refuses the profile with a
    :class:`~hipdip.PlanningError` that names no broken rule.
    """

    kind = "scheme"
    catalog_kind = "schemes"

    IDENTITY = "implements hipdip.protocols.Scheme"
    RETURNS_TARGET = "target() returns a Target"
    REPS = Invariant.REPS
    RIR = Invariant.RIR
    VOLUME = f"volume_factor within (0, {MAX_VOLUME_FACTOR:g}]"
    DELOAD_WINDOW = f"deload within every {DELOAD_WINDOW_WEEKS} weeks"
    DELOAD_RIR = f"deload weeks have RIR ≥ {DELOAD_MIN_RIR}"
    DELOAD_REPS = "deload weeks ask for no more reps than the week before"
    DELOAD_AFTER_TRAINING = "a deload week follows a training week"
    PURE = "target() is a pure function of its arguments"
    PLANS = "programs planned with the scheme pass validate_program"
    #: The invariant a Target field's ValidationError (from inside ``target()``) breaks.
    _FIELDS: ClassVar[Mapping[str, str]] = {
        "low": REPS,
        "high": REPS,
        "reps": REPS,
        "rir": RIR,
        "volume_factor": VOLUME,
    }

    #: (weeks, days_per_week) always checked besides the drawn ones.
    EXAMPLES: ClassVar[tuple[tuple[int, int], ...]] = (
        (1, DAYS_PER_WEEK[0]),
        (DELOAD_WINDOW_WEEKS - 1, 3),
        (DELOAD_WINDOW_WEEKS, DAYS_PER_WEEK[1]),
        (DELOAD_WINDOW_WEEKS + 1, 3),
        (2 * DELOAD_WINDOW_WEEKS, 4),
        (MAX_WEEKS, DAYS_PER_WEEK[1]),
    )

    @pytest.fixture
    def scheme(self) -> Scheme:
        """Override: return the scheme under test."""
        pytest.fail("SchemeContract: define a `scheme` fixture returning your scheme")

    @pytest.fixture
    def contract_manager(
        self, plugin_manager: HipdipPluginManager, scheme: Scheme
    ) -> Iterator[HipdipPluginManager]:
        """``plugin_manager`` with ``scheme`` registered for the test."""
        yield from self.registered(plugin_manager, scheme)

    def test_implements_scheme(self, scheme: Scheme) -> None:
        self.check_identity(scheme, Scheme)

    def test_target_returns_a_target(self, scheme: Scheme) -> None:
        self._each_program(scheme, lambda weeks, days, grid: None)

    def test_reps_within_bounds(self, scheme: Scheme) -> None:
        def check(weeks: int, days: int, grid: list[list[Target]]) -> None:
            for (week, day), target in _cells(grid):
                reps = target.reps
                if not 1 <= reps.low <= reps.high <= MAX_REPS:
                    raise self.fail(
                        scheme,
                        self.REPS,
                        f"{_call(week, day, weeks, days)} asks for {reps.low}–{reps.high} reps",
                    )

        self._each_program(scheme, check)

    def test_rir_within_bounds(self, scheme: Scheme) -> None:
        def check(weeks: int, days: int, grid: list[list[Target]]) -> None:
            for (week, day), target in _cells(grid):
                rir = target.rir
                if not isinstance(rir, int) or isinstance(rir, bool) or not 0 <= rir <= MAX_RIR:
                    raise self.fail(
                        scheme, self.RIR, f"{_call(week, day, weeks, days)} asks for RIR {rir!r}"
                    )

        self._each_program(scheme, check)

    def test_volume_factor_within_bounds(self, scheme: Scheme) -> None:
        def check(weeks: int, days: int, grid: list[list[Target]]) -> None:
            for (week, day), target in _cells(grid):
                factor = target.volume_factor
                if not checks.is_number(factor) or not 0 < factor <= MAX_VOLUME_FACTOR:
                    raise self.fail(
                        scheme,
                        self.VOLUME,
                        f"{_call(week, day, weeks, days)} has volume_factor {factor!r}",
                    )

        self._each_program(scheme, check)

    def test_deload_within_every_window(self, scheme: Scheme) -> None:
        def check(weeks: int, days: int, grid: list[list[Target]]) -> None:
            deloads = [any(t.deload for t in row) for row in grid]
            for start in range(weeks - DELOAD_WINDOW_WEEKS + 1):
                if not any(deloads[start : start + DELOAD_WINDOW_WEEKS]):
                    raise self.fail(
                        scheme,
                        self.DELOAD_WINDOW,
                        f"weeks {start + 1}–{start + DELOAD_WINDOW_WEEKS} of {_a(weeks)}-week "
                        f"program ({days} days a week) have no deload week",
                    )

        self._each_program(scheme, check)

    def test_deload_weeks_have_high_rir(self, scheme: Scheme) -> None:
        def check(weeks: int, days: int, grid: list[list[Target]]) -> None:
            for week, row in enumerate(grid, start=1):
                if not any(t.deload for t in row):
                    continue
                for day, target in enumerate(row, start=1):
                    if target.rir < DELOAD_MIN_RIR:
                        raise self.fail(
                            scheme,
                            self.DELOAD_RIR,
                            f"week {week} of {_a(weeks)}-week program is a deload week but "
                            f"{_call(week, day, weeks, days)} asks for RIR {target.rir}",
                        )

        self._each_program(scheme, check)

    def test_deload_weeks_ask_for_no_more_reps(self, scheme: Scheme) -> None:
        def check(weeks: int, days: int, grid: list[list[Target]]) -> None:
            found = deload_more_reps(grid)
            if found is not None:
                week, day, most = found
                target = grid[week - 1][day - 1]
                raise self.fail(
                    scheme,
                    self.DELOAD_REPS,
                    f"{_call(week, day, weeks, days)} (a deload) asks for "
                    f"{target.reps.low}–{target.reps.high} reps after at most "
                    f"{most.low}–{most.high} the week before: one step lighter the "
                    "lifter cannot do more reps at a higher RIR — keep a range of the "
                    "week before",
                )

        self._each_program(scheme, check)

    def test_a_deload_follows_a_training_week(self, scheme: Scheme) -> None:
        def check(weeks: int, days: int, grid: list[list[Target]]) -> None:
            problem = deload_after_training([any(t.deload for t in row) for row in grid])
            if problem is not None:
                raise self.fail(
                    scheme,
                    self.DELOAD_AFTER_TRAINING,
                    f"in a {_a(weeks)}-week program ({days} days a week) {problem}: a deload "
                    "cuts the week of training before it, so deloads in a row leave nothing "
                    "to train (plan_program refuses such a scheme)",
                )

        self._each_program(scheme, check)

    def test_target_is_pure(self, scheme: Scheme) -> None:
        def check(weeks: int, days: int, grid: list[list[Target]]) -> None:
            cells = [(w, d) for w in range(weeks, 0, -1) for d in range(days, 0, -1)]
            for week, day in cells:
                again = self._target(scheme, week, day, weeks, days)
                if again != grid[week - 1][day - 1]:
                    raise self.fail(
                        scheme,
                        self.PURE,
                        f"{_call(week, day, weeks, days)} returned "
                        f"{grid[week - 1][day - 1]!r}, then {again!r}",
                    )

        self._each_program(scheme, check)

    def test_planned_programs_pass_validation(
        self, scheme: Scheme, contract_manager: HipdipPluginManager
    ) -> None:
        pm = contract_manager

        def check(profile: Profile, weeks: int) -> None:
            call = f"plan_program(profile, weeks={weeks}, scheme={scheme.id!r})"
            try:
                program = hipdip.plan_program(profile, weeks=weeks, scheme=scheme.id, pm=pm)
            except PlanningError as exc:
                if exc.findings:
                    raise self.fail(scheme, self.PLANS, f"{call} raised: {exc}") from exc
                return  # the profile cannot be served (too little time, no equipment)
            except Exception as exc:
                invariant = _invariant_of(exc, self._FIELDS, self.PLANS)
                raise self.fail(
                    scheme, invariant, f"{call} raised {type(exc).__name__}: {exc}"
                ) from exc
            errors = [
                f"{f.rule}: {f.message}"
                for f in hipdip.validate_program(program, pm=pm)
                if f.severity is Severity.ERROR
            ]
            if errors:
                raise self.fail(scheme, self.PLANS, f"{call} gave ERROR findings: {errors}")

        examples = [(person, weeks) for person in _planning_people() for weeks in (1, 8)]
        self.run(check, strategies.profiles(), st.integers(1, MAX_WEEKS), examples=examples)

    # -- helpers ------------------------------------------------------------ #

    def _each_program(
        self, scheme: Scheme, check: Callable[[int, int, list[list[Target]]], None]
    ) -> None:
        def run(weeks: int, days: int) -> None:
            grid = [
                [self._target(scheme, week, day, weeks, days) for day in range(1, days + 1)]
                for week in range(1, weeks + 1)
            ]
            check(weeks, days, grid)

        self.run(
            run,
            st.integers(1, MAX_WEEKS),
            st.integers(*DAYS_PER_WEEK),
            examples=self.EXAMPLES,
        )

    def _target(self, scheme: Scheme, week: int, day: int, weeks: int, days: int) -> Target:
        call = _call(week, day, weeks, days)
        try:
            target = scheme.target(week, day, weeks=weeks, days_per_week=days)
        except Exception as exc:
            invariant = _invariant_of(exc, self._FIELDS, self.RETURNS_TARGET)
            raise self.fail(
                scheme, invariant, f"{call} raised {type(exc).__name__}: {exc}"
            ) from exc
        if not isinstance(target, Target):
            raise self.fail(
                scheme,
                self.RETURNS_TARGET,
                f"{call} returned {type(target).__name__} {target!r}, not a "
                "hipdip.protocols.Target",
            )
        return target


# --------------------------------------------------------------------------- #
# Progression rules


@attrs.frozen
class ProgressionCase:
    """One call of a progression rule: what the engine would pass to ``decide``."""

    exercise: Exercise
    prescription: Prescription
    results: tuple[SetResult, ...]
    previous: tuple[SetResult, ...] | None
    #: Days since the session before (``None``: undated), for rules that name ``gap_days``.
    gap_days: int | None = None
    #: The person, for rules that name ``profile`` (``None``: the caller gave none). The
    #: fixed cases at loads in pounds come with a profile in imperial units.
    profile: Profile | None = None


class ProgressionRuleContract(_Contract):
    """Property tests for a :class:`~hipdip.protocols.ProgressionRule` (fixture ``rule``).

    Cases are drawn from the exercises of ``plugin_manager``'s catalogue and
    from :func:`~hipdip.testing.strategies.exercises`, with prescriptions at
    loads of the exercise's kind and sessions logged by
    :func:`~hipdip.testing.strategies.set_results` (stalls, failures and
    over-performance included); ``decide`` gets the optional arguments its
    signature names, as the engine passes them. Checked:

    - ``applies()`` returns a bool;
    - ``decide()`` returns ``None`` or a :class:`~hipdip.Decision` whose
      ``before`` is the prescription, whose ``rule`` is the rule's id, and
      that keeps SCIENCE.md §Invariants 5 (checked by
      :func:`hipdip.progression.decision_problems`: load never negative, one
      step raises load by at most ``max(10 %, increment)``, bands move at
      most one tier, no weight raised past the exercise's cap — ankle
      weights 5 kg, :func:`hipdip.loads.load_cap_kg` — reps 1–50, RIR 0–5;
      and that a new exercise's first weight or band is one step from none,
      ``advance_exercise`` never goes to a lower level or a smaller gluteus
      medius role, the action says what the load does and a band keeps its
      placement);
    - monotone: better results (more reps or seconds in some sets, all else
      equal) never give a lighter load, an easier variant or a shorter hold
      than worse results;
    - the inputs are not mutated, and the same inputs give the same decision;
    - on virtual lifters (:mod:`hipdip.testing.simulate`), with the rule
      registered beside the built-ins, over :meth:`simulated_profiles`
      (SCIENCE.md §Invariants 10): a responder gets more load or a harder rung
      on every main gluteus medius exercise that has somewhere to go within
      4 weeks; a lifter who stops improving (after week ``STALL_AFTER_WEEK``,
      3) gets a ``plateau`` or ``stall`` response on every exercise the rule
      applies to that is trained at least ``STALL_SESSIONS`` (4) times after
      the stall; no decision in a deload week asks for more (the engine
      answers a deload week itself, before any rule, so this guards the
      engine and the scheme's deload, not the rule); and the rule is asked
      at all — it applies to some simulated prescription, and on one of them
      no rule asked before it (descending ``priority``, ties by id) decided
      first. A rule of priority 0 whose id sorts after
      ``double_progression`` never sees a rep range: that built-in always
      decides.

    Override :meth:`cases` to draw cases your rule applies to, if it is
    narrower than "some exercises", :meth:`simulated_profiles` for people
    your rule is meant for and :meth:`simulated_schemes` for the
    periodization schemes (default ``linear``). A rule that names ``profile`` gets the
    case's :attr:`ProgressionCase.profile`: ``None`` in the drawn cases, an
    advanced lifter in imperial units in the fixed cases in pounds; for a
    rule that acts only for some people (a tag, a limitation), add cases
    with them in :meth:`example_cases`
    (``attrs.evolve(case, profile=...)``).
    """

    kind = "progression rule"
    catalog_kind = "progression_rules"

    IDENTITY = "implements hipdip.protocols.ProgressionRule"
    APPLIES_BOOL = "applies() returns a bool"
    DECISION = Invariant.DECISION
    NAMES_RULE = "the decision names the rule (Decision.rule == id)"
    LOAD_NOT_NEGATIVE = Invariant.LOAD_NOT_NEGATIVE
    STEP = Invariant.STEP
    BAND_TIER = Invariant.BAND_TIER
    LOAD_CAP = Invariant.LOAD_CAP
    REPS = Invariant.REPS
    RIR = Invariant.RIR
    MONOTONE = "monotone: better results never give a lighter next prescription"
    NO_MUTATION = "never mutates its inputs"
    PURE = "same inputs, same decision"
    RESPONDER = "a responder gets more load or a harder rung within 4 weeks (simulated)"
    STALLING = "a lifter who stops improving gets a plateau or stall response (simulated)"
    DELOAD_NEVER_MORE = "no decision in a deload week asks for more (simulated)"
    ASKED = "the rule is asked: no rule before it decides everything it applies to (simulated)"
    #: Weeks of the simulated properties, and the week the stalling lifter stops growing.
    SIMULATED_WEEKS = 12
    STALL_AFTER_WEEK = 3
    #: Sessions of an exercise after the stall from which it must have had its response.
    STALL_SESSIONS = 4
    #: The invariant a ValidationError raised inside ``decide()`` breaks, by field.
    _FIELDS: ClassVar[Mapping[str, str]] = {
        "low": REPS,
        "high": REPS,
        "rir": RIR,
        "kg": LOAD_NOT_NEGATIVE,
    }

    @pytest.fixture
    def rule(self) -> ProgressionRule:
        """Override: return the progression rule under test."""
        pytest.fail("ProgressionRuleContract: define a `rule` fixture returning your rule")

    @pytest.fixture
    def contract_manager(
        self, plugin_manager: HipdipPluginManager, rule: ProgressionRule
    ) -> Iterator[HipdipPluginManager]:
        """``plugin_manager`` with ``rule`` registered for the test."""
        yield from self.registered(plugin_manager, rule)

    def cases(self, cat: Catalog) -> SearchStrategy[ProgressionCase]:
        """The calls to try: catalogue and drawn exercises, their loads, logged sessions.

        Each load kind (bodyweight, weight, band) is drawn equally often; then
        an exercise of that kind from ``cat`` or from
        :func:`~hipdip.testing.strategies.exercises`.
        """
        by_kind: dict[LoadKind, SearchStrategy[Exercise]] = {}
        for kind in LoadKind:
            listed = [cat.exercises[i] for i in sorted(cat.exercises)]
            of_kind = [exercise for exercise in listed if exercise.load_kind is kind]
            drawn = strategies.exercises(load_kind=kind)
            by_kind[kind] = st.one_of(st.sampled_from(of_kind), drawn) if of_kind else drawn
        return st.sampled_from(LoadKind).flatmap(by_kind.__getitem__).flatmap(_cases_of)

    def example_cases(self, cat: Catalog, rule: ProgressionRule) -> tuple[ProgressionCase, ...]:
        """The fixed cases every property also runs on, whatever the seed.

        For each load kind, an exercise of ``cat`` of that kind the rule
        applies to (the first by id; a built-in-like stand-in when none is),
        prescribed at a small, a middle and a large load — bodyweight; the
        smallest increment, 20 and 100 increments of weight (never over the
        exercise's cap, :func:`hipdip.loads.load_cap_kg`: the engine refuses
        a heavier load, so no rule meets one); an extra-light,
        a medium and an extra-heavy band — and a weight exercise at
        bodyweight (its first load), each with a session over the top of the
        range at RIR 4, one inside it, and one under its bottom after a
        session under it too (a stall). The weight exercise also at its
        first weight in pounds and about 20 pound steps above it, with a
        profile in imperial units (a step there is in pounds: 5 lb on a
        cable stack, not 2.5 kg). Override to add cases your rule is for.
        """
        cases: list[ProgressionCase] = []
        for kind in LoadKind:
            exercise = _example_exercise(cat, rule, kind)
            for load in _example_loads(exercise):
                item = _example_prescription(exercise, load)
                cases.extend(_example_sessions(exercise, item))
            if kind is LoadKind.WEIGHT:
                # Weights bought in pounds (a person in imperial units): a step is in pounds.
                for load in _pound_loads(exercise):
                    item = _example_prescription(exercise, load)
                    cases.extend(
                        attrs.evolve(case, profile=_IMPERIAL_PROFILE)
                        for case in _example_sessions(exercise, item)
                    )
        return tuple(cases)

    def test_implements_progression_rule(self, rule: ProgressionRule) -> None:
        self.check_identity(rule, ProgressionRule)

    def test_applies_returns_bool(
        self, rule: ProgressionRule, contract_manager: HipdipPluginManager
    ) -> None:
        def check(case: ProgressionCase) -> None:
            self._applies(rule, case)

        cat = hipdip.catalog(contract_manager)
        self.run(check, self.cases(cat), examples=self._examples(cat, rule))

    def test_decision_is_valid(
        self, rule: ProgressionRule, contract_manager: HipdipPluginManager
    ) -> None:
        cat = hipdip.catalog(contract_manager)

        def check(case: ProgressionCase) -> None:
            decision = self._decide(rule, case, cat)
            if decision is None:
                return
            for invariant, problem in decision_problems(
                decision, case.prescription, case.exercise, cat
            ):
                raise self.fail(
                    rule, invariant, f"{problem} ({_case_text(case)}; {_decision_text(decision)})"
                )
            if decision.rule != rule.id:
                raise self.fail(
                    rule,
                    self.NAMES_RULE,
                    f"Decision.rule is {decision.rule!r} ({_case_text(case)})",
                )

        self.run(check, self.cases(cat), examples=self._examples(cat, rule))

    def test_monotone(self, rule: ProgressionRule, contract_manager: HipdipPluginManager) -> None:
        cat = hipdip.catalog(contract_manager)

        def check(case: ProgressionCase, data: st.DataObject) -> None:
            better_results = data.draw(
                _improved(case.results, case.prescription), label="better results"
            )
            better = attrs.evolve(case, results=better_results)
            worse_decision = self._decide(rule, case, cat)
            better_decision = self._decide(rule, better, cat)
            if worse_decision is None or better_decision is None:
                return  # the next rule would decide: nothing to compare
            why = _lighter(better_decision.after, worse_decision.after, case.exercise, cat)
            if why is not None:
                raise self.fail(
                    rule,
                    self.MONOTONE,
                    f"{why}: after {_results_text(better_results)} the rule chose "
                    f"{better_decision.after!r}, after the worse {_results_text(case.results)} "
                    f"it chose {worse_decision.after!r} ({_case_text(case)})",
                )

        self.run(check, self.cases(cat), st.data())

    def test_inputs_not_mutated_and_decision_pure(
        self, rule: ProgressionRule, contract_manager: HipdipPluginManager
    ) -> None:
        cat = hipdip.catalog(contract_manager)

        def check(case: ProgressionCase) -> None:
            snapshot = copy.deepcopy(case)
            first = self._decide(rule, case, cat)
            if case != snapshot:
                raise self.fail(
                    rule, self.NO_MUTATION, f"decide() changed its inputs: {snapshot!r} → {case!r}"
                )
            second = self._decide(rule, case, cat)
            if first != second:
                raise self.fail(
                    rule,
                    self.PURE,
                    f"{_case_text(case)}: decide() returned {first!r}, then {second!r}",
                )

        self.run(check, self.cases(cat), examples=self._examples(cat, rule))

    def simulated_profiles(self) -> tuple[Profile, ...]:
        """The people the simulated properties train: override for your rule's audience.

        By default a beginner with a band and ankle weights, an intermediate
        with dumbbells, a bench and a step, and an advanced lifter with every
        built-in piece of equipment, 3 days × 45 minutes.
        """
        body = BodyComposition(weight_kg=65.0, height_cm=165.0)
        return tuple(
            Profile(
                sex="female",
                age=30,
                body=body,
                experience=experience,
                equipment=frozenset(equipment),
                days_per_week=3,
                session_minutes=45,
            )
            for experience, equipment in (
                ("beginner", {"band", "ankle_weights"}),
                ("intermediate", {"dumbbell", "bench", "step"}),
                ("advanced", {"band", "ankle_weights", "cable", "dumbbell", "bench", "step"}),
            )
        )

    def simulated_schemes(self) -> tuple[str, ...]:
        """The periodization schemes the simulated properties plan with: override for your rule's.

        By default ``("linear",)``; a rule meant for undulating or block
        programs, or for a plugin's own scheme, names them here (every
        simulated property then runs once per profile and scheme, so each
        scheme adds the time of the default ones).
        """
        return ("linear",)

    def test_simulated_responder_progresses(
        self, rule: ProgressionRule, contract_manager: HipdipPluginManager
    ) -> None:
        cat = hipdip.catalog(contract_manager)
        lad = ladders(cat)
        for profile, scheme, sim in self._simulations(rule, Lifter.responder(), contract_manager):
            stepped = {
                lad.group(d.decision.before.exercise)
                for d in sim.decisions
                if d.week <= 4 and d.decision.action in _STEPS_UP
            }
            for item in sim.planned.weeks[0].sessions[0].items + tuple(
                i for s in sim.planned.weeks[0].sessions[1:] for i in s.items
            ):
                exercise = cat.exercises[item.exercise]
                target = exercise.target(TARGET_MUSCLE)
                if target is None or target.role is not Role.PRIMARY:
                    continue
                if not can_add_load(exercise, profile, cat):
                    continue
                if lad.group(exercise.id) not in stepped:
                    answers = _rules_text(
                        d.decision
                        for d in sim.decisions
                        if d.week <= 4
                        and lad.group(d.decision.before.exercise) == lad.group(exercise.id)
                    )
                    raise self.fail(
                        rule,
                        self.RESPONDER,
                        f"{_training_text(profile, scheme)}: {exercise.id} got no more load or "
                        f"harder rung in weeks 1–4 of a simulated responder (decisions: {answers})",
                    )

    def test_simulated_stalling_lifter_gets_a_response(
        self, rule: ProgressionRule, contract_manager: HipdipPluginManager
    ) -> None:
        cat = hipdip.catalog(contract_manager)
        lad = ladders(cat)
        lifter = Lifter.stalling(after_week=self.STALL_AFTER_WEEK)
        for profile, scheme, sim in self._simulations(rule, lifter, contract_manager):
            deloads = {week.index for week in sim.planned.weeks if week.deload}
            # Counted after the stall only: a plateau heard before it (a week whose
            # sessions did not rise) says nothing about a rule that hides the stall.
            # Per exercise (ladder group) the rule applies to and trained at least
            # STALL_SESSIONS times after the stall: a rule hiding the stalls of one
            # exercise while the others got theirs passed. The rule's own step down
            # counts too (one asked before the built-ins may answer stalls itself, under
            # its own id: docs/hooks.md).
            after: dict[str, list[Decision]] = {}
            applies: dict[str, set[str]] = {}  # ladder group → the exercises it applied to
            for d in sim.decisions:
                if d.week <= self.STALL_AFTER_WEEK or d.week in deloads:
                    continue
                before = d.decision.before
                group = lad.group(before.exercise)
                after.setdefault(group, []).append(d.decision)
                exercise = cat.exercises.get(before.exercise)
                if exercise is not None and rule.applies(exercise, before) is True:
                    applies.setdefault(group, set()).add(exercise.id)
            for group, ids in sorted(applies.items()):
                decisions = after[group]
                if len(decisions) < self.STALL_SESSIONS or any(
                    d.rule in ("plateau", "stall")
                    or (d.rule == rule.id and d.action is Action.REDUCE_LOAD)
                    for d in decisions
                ):
                    continue
                raise self.fail(
                    rule,
                    self.STALLING,
                    f"{_training_text(profile, scheme)}: a lifter who stopped improving after "
                    f"week {self.STALL_AFTER_WEEK} got no plateau or stall decision on "
                    f"{', '.join(sorted(ids))} in weeks {self.STALL_AFTER_WEEK + 1}–{self.SIMULATED_WEEKS} "
                    f"({len(decisions)} sessions; decisions: {_rules_text(decisions)})",
                )

    def test_simulated_deload_weeks_never_ask_for_more(
        self, rule: ProgressionRule, contract_manager: HipdipPluginManager
    ) -> None:
        for profile, scheme, sim in self._simulations(rule, Lifter.responder(), contract_manager):
            deloads = {week.index for week in sim.planned.weeks if week.deload}
            for d in sim.decisions:
                if d.week in deloads and d.decision.after != d.decision.before:
                    raise self.fail(
                        rule,
                        self.DELOAD_NEVER_MORE,
                        f"{_training_text(profile, scheme)}: week {d.week} day {d.day} is a "
                        f"deload but the decision changed {d.decision.before!r} to "
                        f"{d.decision.after!r}",
                    )

    def test_simulated_rule_is_asked(
        self, rule: ProgressionRule, contract_manager: HipdipPluginManager
    ) -> None:
        cat = hipdip.catalog(contract_manager)
        position = {r.id: index for index, r in enumerate(rule_order(cat))}
        mine = position[rule.id]
        first: collections.Counter[str] = collections.Counter()
        for _profile, _scheme, sim in self._simulations(rule, Lifter.responder(), contract_manager):
            deloads = {week.index for week in sim.planned.weeks if week.deload}
            for d in sim.decisions:
                before = d.decision.before
                exercise = cat.exercises.get(before.exercise)
                if (
                    d.week in deloads
                    or exercise is None
                    or rule.applies(exercise, before) is not True
                ):
                    continue  # the engine answers a deload itself; other rules' prescriptions
                winner = d.decision.rule
                if winner == FALLBACK_RULE or position.get(winner, -1) >= mine:
                    return  # the rule was asked (and decided, or passed)
                if winner in position:
                    first[winner] += 1
        if not first:
            # Applies to nothing the simulations prescribed: the simulated properties
            # would pass without testing it.
            people = "; ".join(
                _training_text(profile, scheme)
                for profile in self.simulated_profiles()
                for scheme in self.simulated_schemes()
            )
            raise self.fail(
                rule,
                self.ASKED,
                f"{rule.id} applies to none of the simulated prescriptions ({people}), so the "
                "simulated properties test nothing: override simulated_profiles() (and "
                "simulated_schemes()) with people and programs the rule is meant for",
            )
        ahead = _counts_text(first)
        most = first.most_common(1)[0][0]
        raise self.fail(
            rule,
            self.ASKED,
            f"{rule.id} (priority {rule.priority}) applies to {sum(first.values())} simulated "
            f"prescriptions and was never asked: a rule asked before it decided each time "
            f"({ahead}); rules are asked by descending priority, ties by id — give it a "
            f"priority above {cat.progression_rules[most].priority} to be asked before {most}",
        )

    # -- helpers ------------------------------------------------------------ #

    def _examples(self, cat: Catalog, rule: ProgressionRule) -> list[tuple[ProgressionCase]]:
        return [(case,) for case in self.example_cases(cat, rule)]

    def _simulations(
        self, rule: ProgressionRule, lifter: Lifter, pm: HipdipPluginManager
    ) -> Iterator[tuple[Profile, str, Simulation]]:
        """One simulation of ``lifter`` per simulated profile and scheme (see :meth:`_simulate`)."""
        for profile in self.simulated_profiles():
            for scheme in self.simulated_schemes():
                yield profile, scheme, self._simulate(rule, profile, lifter, pm, scheme)

    def _simulate(
        self,
        rule: ProgressionRule,
        profile: Profile,
        lifter: Lifter,
        pm: HipdipPluginManager,
        scheme: str = "linear",
    ) -> Simulation:
        # The engine would skip a failing rule with a warning; for the rule under test
        # that is a failure of the contract, whatever the warning filters say.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", HipdipPluginWarning)
            try:
                sim = simulate(
                    profile, weeks=self.SIMULATED_WEEKS, lifter=lifter, scheme=scheme, pm=pm
                )
            except Exception as exc:
                raise self.fail(
                    rule,
                    self.DECISION,
                    f"{_training_text(profile, scheme)}: the simulation raised "
                    f"{type(exc).__name__}: {exc}",
                ) from exc
        for warning in caught:
            message = warning.message
            if isinstance(message, HipdipPluginWarning) and message.rule == rule.id:
                raise self.fail(
                    rule,
                    self.DECISION,
                    f"{_training_text(profile, scheme)}: the engine skipped the rule while "
                    f"simulating: {message}",
                )
        return sim

    def _applies(self, rule: ProgressionRule, case: ProgressionCase) -> bool:
        try:
            applies = rule.applies(case.exercise, case.prescription)
        except Exception as exc:
            raise self.fail(
                rule,
                self.APPLIES_BOOL,
                f"applies() raised {type(exc).__name__}: {exc} ({_case_text(case)})",
            ) from exc
        if not isinstance(applies, bool):
            raise self.fail(
                rule,
                self.APPLIES_BOOL,
                f"applies() returned {type(applies).__name__} {applies!r} ({_case_text(case)})",
            )
        return applies

    def _decide(self, rule: ProgressionRule, case: ProgressionCase, cat: Catalog) -> Any:
        """``rule.decide`` called as the engine calls it, or ``None`` if the rule does not apply."""
        if not self._applies(rule, case):
            return None
        offered = {
            "previous": case.previous,
            "previous_prescription": None if case.previous is None else case.prescription,
            "catalog": cat,
            "history": ()
            if case.previous is None
            else (PastSession(0, 0, case.prescription, tuple(case.previous)),),
            "profile": case.profile,
            "gap_days": case.gap_days,
            "week": None,
            "moved_from": None,
        }
        extras = {name: offered[name] for name in extra_arguments(rule)}
        try:
            decision = rule.decide(case.exercise, case.prescription, case.results, **extras)
        except Exception as exc:
            raise self.fail(
                rule,
                _invariant_of(exc, self._FIELDS, self.DECISION),
                f"decide() raised {type(exc).__name__}: {exc} ({_case_text(case)})",
            ) from exc
        if decision is not None and not isinstance(decision, Decision):
            # Every test reads the decision: a dict was an AttributeError out of
            # test_monotone (an attacker's review), not a contract violation.
            raise self.fail(
                rule,
                self.DECISION,
                f"decide() returned {type(decision).__name__} {_safe_repr(decision)}, not a "
                f"hipdip.Decision or None ({_case_text(case)})",
            )
        return decision


# --------------------------------------------------------------------------- #
# Nutrition rules


class NutritionRuleContract(_Contract):
    """Property tests for a :class:`~hipdip.protocols.NutritionRule` (fixture ``rule``).

    The rule is registered into ``plugin_manager`` and
    :func:`hipdip.nutrition_plan` is run for drawn profiles and goals. After
    the safety rules every plan must keep SCIENCE.md §Invariants 6: protein,
    fat and carbs ≥ 0; protein 1.6–2.2 g/kg of the reference mass (up to 3.1
    g/kg fat-free mass in a deficit) and ≤ 35 % of energy; fat ≥ 20 % of
    energy and ≥ 0.5 g/kg; ``4·protein + 4·carbs + 9·fat`` within 1 % of the
    target; weekly loss ≤ 1 % of body mass; target ≥ BMR; a deficit never
    under the kcal floor; no deficit when a screen forbids one (BMI, body
    fat, age), and for ``fat_loss`` a WARNING naming each screen that fired.
    The rule's own ``apply`` — given the draft the rules before it produce — returns a
    :class:`~hipdip.NutritionPlan`, does not mutate its inputs and is
    deterministic, and every value it sets is already within SCIENCE.md's
    ranges *before* the safety rules clamp anything (a rule that asks for
    4 g/kg of protein fails here, though the final plan is clamped): protein
    within the range above, fat ≥ 20 % of energy and ≥ 0.5 g/kg, carbs ≥ 0,
    target ≥ BMR, a weekly loss ≤ 1 % of body mass.

    Every property also runs for every goal on :meth:`example_profiles`.
    """

    kind = "nutrition rule"
    catalog_kind = "nutrition_rules"

    IDENTITY = "implements hipdip.protocols.NutritionRule"
    RETURNS_PLAN = "apply() returns a NutritionPlan"
    OWN_OUTPUT = "apply() itself keeps SCIENCE.md's ranges (before the safety rules)"
    NO_MUTATION = "never mutates its inputs"
    PURE = "same inputs, same plan"
    SAFE = "nutrition_plan() with the rule succeeds"
    NON_NEGATIVE = "protein, fat and carbs ≥ 0"
    PROTEIN = (
        "protein within 1.6–2.2 g/kg of the reference mass (3.1 g/kg fat-free mass in a "
        "deficit) and ≤ 35 % of energy"
    )
    FAT = "fat ≥ 20 % of energy and ≥ 0.5 g/kg"
    ENERGY_IDENTITY = "energy identity within 1 %"
    LOSS_RATE = "weekly loss ≤ 1 % body mass"
    BMR = "target ≥ BMR"
    FLOOR = "no fat-loss deficit at or below the fat-loss floor"
    SCREEN = "no deficit when a screen forbids one (BMI < 18.5, age), with a WARNING naming it"
    KCAL_FLOOR = "a deficit never under the kcal floor (1200 women, 1500 men)"

    @pytest.fixture
    def rule(self) -> NutritionRule:
        """Override: return the nutrition rule under test."""
        pytest.fail("NutritionRuleContract: define a `rule` fixture returning your rule")

    @pytest.fixture
    def contract_manager(
        self, plugin_manager: HipdipPluginManager, rule: NutritionRule
    ) -> Iterator[HipdipPluginManager]:
        """``plugin_manager`` with ``rule`` registered for the test."""
        yield from self.registered(plugin_manager, rule)

    def example_profiles(self) -> tuple[Profile, ...]:
        """The people every property also runs on (with every goal), whatever the seed.

        A woman of 30 (65 kg, 165 cm, body fat unknown), a man of 40 (80 kg,
        180 cm, 20 % fat), a woman of 70 (60 kg, 160 cm) and a heavy man of 25
        (150 kg, 180 cm); override to add the people your rule is for (e.g.
        with the ``Profile.tags`` it reads).
        """
        return (
            Profile(sex="female", age=30, body=BodyComposition(65.0, 165.0), experience="beginner"),
            Profile(
                sex="male",
                age=40,
                body=BodyComposition(80.0, 180.0, body_fat_pct=20.0),
                experience="intermediate",
                activity="moderate",
            ),
            Profile(sex="female", age=70, body=BodyComposition(60.0, 160.0), experience="beginner"),
            Profile(sex="male", age=25, body=BodyComposition(150.0, 180.0), experience="beginner"),
        )

    def _examples(self) -> list[tuple[Profile, Goal]]:
        return [(profile, goal) for profile in self.example_profiles() for goal in Goal]

    def test_implements_nutrition_rule(self, rule: NutritionRule) -> None:
        self.check_identity(rule, NutritionRule)
        if rule.id in {safety.id for safety in SAFETY_RULES}:
            raise self.fail(rule, self.IDENTITY, "the id is a built-in safety rule's")

    def test_plan_is_safe(self, rule: NutritionRule, contract_manager: HipdipPluginManager) -> None:
        def check(profile: Profile, goal: Goal) -> None:
            try:
                plan = hipdip.nutrition_plan(profile, goal=goal, pm=contract_manager)
            except Exception as exc:
                raise self.fail(
                    rule,
                    self.SAFE,
                    f"nutrition_plan(profile, goal={goal.value!r}) raised "
                    f"{type(exc).__name__}: {exc}",
                ) from exc
            for invariant, problem in _nutrition_problems(profile, goal, plan):
                raise self.fail(
                    rule, invariant, f"{problem} (goal {goal.value}; {_profile_text(profile)})"
                )

        self.run(check, strategies.profiles(), st.sampled_from(Goal), examples=self._examples())

    def test_own_output_within_the_ranges(
        self, rule: NutritionRule, contract_manager: HipdipPluginManager
    ) -> None:
        cat = hipdip.catalog(contract_manager)

        def check(profile: Profile, goal: Goal) -> None:
            applied, _ = screen_goal(profile, goal)
            draft = _draft_before(cat, rule, profile, goal)
            plan = self._apply(rule, profile, applied, draft)
            for invariant, problem in _own_output_problems(profile, applied, draft, plan):
                raise self.fail(
                    rule,
                    invariant,
                    f"{problem}, before any safety rule (goal {applied.value}; "
                    f"{_profile_text(profile)})",
                )

        self.run(check, strategies.profiles(), st.sampled_from(Goal), examples=self._examples())

    def test_apply_returns_a_plan_without_mutating(
        self, rule: NutritionRule, contract_manager: HipdipPluginManager
    ) -> None:
        cat = hipdip.catalog(contract_manager)

        def check(profile: Profile, goal: Goal) -> None:
            draft = _draft_before(cat, rule, profile, goal)
            snapshot = copy.deepcopy((profile, goal, draft))
            first = self._apply(rule, profile, goal, draft)
            if (profile, goal, draft) != snapshot:
                raise self.fail(rule, self.NO_MUTATION, "apply() changed its inputs")
            second = self._apply(rule, profile, goal, draft)
            if first != second:
                raise self.fail(
                    rule, self.PURE, f"apply() returned {first!r}, then {second!r} for one input"
                )

        self.run(check, strategies.profiles(), st.sampled_from(Goal), examples=self._examples())

    def _apply(
        self, rule: NutritionRule, profile: Profile, goal: Goal, draft: NutritionPlan
    ) -> NutritionPlan:
        try:
            plan = rule.apply(profile, goal, draft)
        except Exception as exc:
            raise self.fail(
                rule,
                self.RETURNS_PLAN,
                f"apply() raised {type(exc).__name__}: {exc} (goal {goal.value}; "
                f"{_profile_text(profile)})",
            ) from exc
        if not isinstance(plan, NutritionPlan):
            raise self.fail(
                rule, self.RETURNS_PLAN, f"apply() returned {type(plan).__name__} {plan!r}"
            )
        return plan


# --------------------------------------------------------------------------- #
# Program rules


class ProgramRuleContract(_Contract):
    """Property tests for a :class:`~hipdip.protocols.ProgramRule` (fixture ``rule``).

    ``check(program, catalog)`` runs on programs planned with
    ``plugin_manager`` — always including 8-week programs for fixed people
    (a beginner with no equipment, an intermediate with a band, ankle
    weights and a high pelvic tilt, an advanced lifter with everything in 20
    minutes a session, a woman of 70) — and drawn ones
    (:func:`~hipdip.testing.strategies.programs`; the rule
    is not registered there, so it cannot veto the programs it is shown) and
    on arbitrary valid programs (as :func:`hipdip.validate_program` gets them
    from JSON uploads: unknown exercises, gaps in the numbering), with the
    catalogue of ``plugin_manager``. It must never raise, yield only
    :class:`~hipdip.Finding` objects whose ``rule`` is the rule's id, give
    the same findings twice, and not mutate the program; and it registers
    into the catalogue.
    """

    kind = "program rule"
    catalog_kind = "program_rules"

    IDENTITY = "implements hipdip.protocols.ProgramRule"
    FINDINGS = "check() yields Finding objects"
    NAMES_RULE = "findings name the rule (Finding.rule == id)"
    NO_RAISE = "check() never raises on a valid program"
    PURE = "same program, same findings"
    NO_MUTATION = "never mutates its inputs"

    @pytest.fixture
    def rule(self) -> ProgramRule:
        """Override: return the program rule under test."""
        pytest.fail("ProgramRuleContract: define a `rule` fixture returning your rule")

    @pytest.fixture
    def contract_manager(
        self, plugin_manager: HipdipPluginManager, rule: ProgramRule
    ) -> Iterator[HipdipPluginManager]:
        """``plugin_manager`` with ``rule`` registered for the test."""
        yield from self.registered(plugin_manager, rule)

    def test_implements_program_rule(self, rule: ProgramRule) -> None:
        self.check_identity(rule, ProgramRule)

    def test_registers(self, rule: ProgramRule, contract_manager: HipdipPluginManager) -> None:
        registered = hipdip.catalog(contract_manager).program_rules.get(rule.id)
        if registered is not rule and registered != rule:
            raise self.fail(
                rule, self.IDENTITY, f"the catalogue holds {registered!r} under its id instead"
            )

    def test_planned_programs(self, rule: ProgramRule, plugin_manager: HipdipPluginManager) -> None:
        # Planned without the rule (plan_program would run it and refuse the programs
        # it reports errors for); checked against the same catalogue.
        cat = hipdip.catalog(plugin_manager)
        examples = []
        for person in _planning_people():
            try:
                examples.append((hipdip.plan_program(person, weeks=8, pm=plugin_manager),))
            except PlanningError:
                continue  # this manager cannot serve that person: nothing to check
        self.run(
            lambda program: self._check(rule, program, cat),
            _planned(plugin_manager),
            examples=examples,
        )

    def test_any_valid_program(
        self, rule: ProgramRule, plugin_manager: HipdipPluginManager
    ) -> None:
        cat = hipdip.catalog(plugin_manager)
        self.run(lambda program: self._check(rule, program, cat), _any_program())

    def _check(self, rule: ProgramRule, program: Program, cat: Catalog) -> None:
        snapshot = copy.deepcopy(program)
        first = self._findings(rule, program, cat)
        if program != snapshot:
            raise self.fail(rule, self.NO_MUTATION, "check() changed the program")
        for finding in first:
            if finding.rule != rule.id:
                raise self.fail(
                    rule, self.NAMES_RULE, f"a finding names {finding.rule!r}: {finding!r}"
                )
        second = self._findings(rule, program, cat)
        if first != second:
            raise self.fail(
                rule, self.PURE, f"check() gave {first!r}, then {second!r} for one program"
            )

    def _findings(self, rule: ProgramRule, program: Program, cat: Catalog) -> list[Any]:
        try:
            findings = list(rule.check(program, cat))
        except Exception as exc:
            raise self.fail(
                rule,
                self.NO_RAISE,
                f"check() raised {type(exc).__name__}: {exc} (program of {len(program.weeks)} "
                f"weeks, scheme {program.scheme!r}; {_profile_text(program.profile)})",
            ) from exc
        for finding in findings:
            if not isinstance(finding, hipdip.Finding):
                raise self.fail(
                    rule, self.FINDINGS, f"check() yielded {type(finding).__name__} {finding!r}"
                )
        return findings


# --------------------------------------------------------------------------- #
# Exercises


class ExerciseContract(_Contract):
    """Checks of an :class:`~hipdip.Exercise` a plugin registers (fixture ``exercise``).

    Against the catalogue of ``plugin_manager`` plus the optional ``muscles``
    fixture (the plugin's own :class:`~hipdip.Muscle` objects) and the
    exercise itself:

    - it is an :class:`~hipdip.Exercise` with a lower_snake_case id and
      equipment slugs; a BAND exercise needs ``band`` equipment and has a
      ``band_placement``;
    - its targets name known muscles, and every ``activation_mvic`` has a
      ``source`` (SCIENCE.md: never invent a value);
    - its ``easier``/``harder`` links name exercises in the catalogue;
      following the derived ladder (links declared on either side, by any
      plugin) never comes back to the exercise — a cycle made by this
      plugin's links and another's is reported naming both
      (:class:`hipdip.ladders.Conflict`); a harder variant never has a lower
      level or a smaller gluteus medius role;
    - its id, its name and each of its aliases find it with
      :meth:`hipdip.registry.Catalog.find` — no other exercise already goes
      by one of its names;
    - it registers into the catalogue, and survives
      ``from_dict(to_dict(x), Exercise) == x`` and JSON (Invariant 7).
    """

    kind = "exercise"
    catalog_kind = "exercises"

    IS_EXERCISE = "is a hipdip.Exercise with a lower_snake_case id"
    EQUIPMENT = "equipment is a set of lower_snake_case slugs"
    BAND = "BAND exercises need band equipment and a band placement"
    MUSCLES = "targets name muscles in the catalogue"
    SOURCED = "every activation_mvic has a source"
    LINKS = "ladder links name exercises in the catalogue"
    NO_CYCLES = "ladders have no cycles"
    LEVELS = "a harder variant has no lower level and no smaller gluteus medius role"
    NAMES = "its id, name and aliases find it (Catalog.find)"
    ROUND_TRIP = "survives from_dict(to_dict(x)) and JSON"

    @pytest.fixture
    def exercise(self) -> Exercise:
        """Override: return the exercise under test."""
        pytest.fail("ExerciseContract: define an `exercise` fixture returning your exercise")

    @pytest.fixture
    def muscles(self) -> Sequence[Muscle]:
        """Override: muscles your plugin registers that the exercise targets (default none)."""
        return ()

    @pytest.fixture
    def contract_manager(
        self, plugin_manager: HipdipPluginManager, exercise: Exercise, muscles: Sequence[Muscle]
    ) -> Iterator[HipdipPluginManager]:
        """``plugin_manager`` with ``exercise`` and ``muscles`` registered for the test."""
        yield from self.registered(plugin_manager, exercise, muscles=list(muscles))

    def test_is_an_exercise(self, exercise: Exercise) -> None:
        problem = CONTRIBUTIONS["exercises"].problem(exercise)  # the check register() makes
        if problem is not None:
            raise self.fail(exercise, self.IS_EXERCISE, problem[1])
        if not 1 <= exercise.level <= MAX_LEVEL:
            raise self.fail(exercise, self.IS_EXERCISE, f"level {exercise.level} not 1–{MAX_LEVEL}")

    def test_equipment_slugs(self, exercise: Exercise) -> None:
        bad = sorted(e for e in exercise.equipment if not checks.SLUG_PATTERN.fullmatch(e))
        if bad:
            raise self.fail(exercise, self.EQUIPMENT, f"not slugs: {bad}")

    def test_band_exercises_have_band_and_placement(self, exercise: Exercise) -> None:
        if exercise.load_kind is not LoadKind.BAND:
            return
        if "band" not in exercise.equipment:
            raise self.fail(
                exercise, self.BAND, f"equipment {sorted(exercise.equipment)} lacks 'band'"
            )
        if exercise.band_placement is None:
            raise self.fail(exercise, self.BAND, "band_placement is None")

    def test_targets_known_muscles(
        self, exercise: Exercise, plugin_manager: HipdipPluginManager, muscles: Sequence[Muscle]
    ) -> None:
        known = set(hipdip.catalog(plugin_manager).muscles) | {m.id for m in muscles}
        unknown = [t.muscle for t in exercise.targets if t.muscle not in known]
        if unknown:
            raise self.fail(
                exercise,
                self.MUSCLES,
                f"unknown muscles {unknown}; known: {', '.join(sorted(known))} (give the "
                "plugin's muscles with a `muscles` fixture)",
            )

    def test_activation_has_source(self, exercise: Exercise) -> None:
        for target in exercise.targets:
            if target.activation_mvic is not None and not target.source:
                raise self.fail(
                    exercise,
                    self.SOURCED,
                    f"{target.muscle}: activation_mvic {target.activation_mvic:g} without a source",
                )

    def test_ladder_links_exist(
        self, exercise: Exercise, plugin_manager: HipdipPluginManager
    ) -> None:
        known = set(hipdip.catalog(plugin_manager).exercises) | {exercise.id}
        for side in ("easier", "harder"):
            link = getattr(exercise, side)
            if link is not None and link not in known:
                raise self.fail(
                    exercise,
                    self.LINKS,
                    f"{side} variant {link!r} is not in the catalogue (register the plugin "
                    "that has it in the contract's plugin_manager)",
                )

    def test_ladder_has_no_cycles(
        self, exercise: Exercise, contract_manager: HipdipPluginManager
    ) -> None:
        cat = hipdip.catalog(contract_manager)
        # Derived here (not the cached, warning ladders()): a conflict is this test's failure.
        lad = Ladders(cat.exercises, lambda i: cat.provider("exercises", i))
        for conflict in lad.conflicts:
            if exercise.id in (conflict.easier, conflict.harder, *conflict.path):
                raise self.fail(exercise, self.NO_CYCLES, conflict.message)
        for side in ("harder", "easier"):
            todo: list[list[str]] = [[exercise.id]]
            while todo:
                path = todo.pop()
                step = lad.easier(path[-1]) if side == "easier" else lad.harder(path[-1])
                for link in step:
                    if link.id in path:
                        raise self.fail(
                            exercise,
                            self.NO_CYCLES,
                            f"following {side} links: {' → '.join([*path, link.id])}",
                        )
                    todo.append([*path, link.id])

    def test_harder_is_not_a_lower_level(
        self, exercise: Exercise, contract_manager: HipdipPluginManager
    ) -> None:
        lad = ladders(hipdip.catalog(contract_manager))
        steps = [(exercise, harder, "harder") for harder in lad.harder(exercise.id)]
        steps += [(easier, exercise, "easier") for easier in lad.easier(exercise.id)]
        for low, high, side in steps:
            other = high if side == "harder" else low
            if high.level < low.level:
                raise self.fail(
                    exercise,
                    self.LEVELS,
                    f"{side} variant {other.id!r} is level {other.level}, this is level "
                    f"{exercise.level}",
                )
            if medius_rank(high) > medius_rank(low):
                raise self.fail(
                    exercise,
                    self.LEVELS,
                    f"{side} variant {other.id!r} works gluteus medius as "
                    f"{_medius_role(other)}, this as {_medius_role(exercise)}: a harder "
                    "variant never has a smaller gluteus medius role",
                )

    def test_found_by_its_names(
        self, exercise: Exercise, contract_manager: HipdipPluginManager
    ) -> None:
        cat = hipdip.catalog(contract_manager)
        names = [("id", exercise.id), ("name", exercise.name)]
        names += [(f"aliases[{i}]", alias) for i, alias in enumerate(exercise.aliases)]
        for what, name in names:
            found = cat.find(name)
            if found is not None and found.id == exercise.id:
                continue
            if found is None:  # pragma: no cover - find reaches every registered name
                raise self.fail(exercise, self.NAMES, f"{what} {name!r} finds nothing")
            raise self.fail(
                exercise,
                self.NAMES,
                f"{what} {name!r} finds {found.id!r} (from plugin "
                f"{cat.provider('exercises', found.id)}), which already goes by that name "
                "(case, punctuation, plurals and where the equipment stands are ignored: "
                "hipdip.names); rename it or drop the alias",
            )

    def test_round_trips(self, exercise: Exercise) -> None:
        from hipdip import io

        try:
            again = io.from_dict(io.to_dict(exercise), Exercise)
            text = io.loads(io.dumps(exercise), Exercise)
        except Exception as exc:
            raise self.fail(
                exercise, self.ROUND_TRIP, f"raised {type(exc).__name__}: {exc}"
            ) from exc
        if again != exercise or text != exercise:
            raise self.fail(exercise, self.ROUND_TRIP, f"came back as {again!r} / {text!r}")


# --------------------------------------------------------------------------- #
# Helpers


def _plugin(contributions: dict[str, list[object]]) -> object:
    """A plugin (a module object) that registers ``contributions`` (catalogue kind → objects)."""
    plugin = types.ModuleType("hipdip_contract_plugin")
    for kind, objects in contributions.items():
        setattr(plugin, "hipdip_register_" + kind, hookimpl(_register_all(tuple(objects))))
    return plugin


def _register_all(objects: tuple[object, ...]) -> Callable[[Callable[[object], None]], None]:
    def hook(register: Callable[[object], None]) -> None:
        for obj in objects:
            register(obj)

    return hook


def _free_name(pm: HipdipPluginManager, base: str) -> str:
    names = dict(pm.list_name_plugin())
    for counter in itertools.count(1):
        name = base if counter == 1 else f"{base}-{counter}"
        if name not in names:
            return name
    raise AssertionError("unreachable")  # pragma: no cover


def _call(week: int, day: int, weeks: int, days: int) -> str:
    return f"target({week}, {day}, weeks={weeks}, days_per_week={days})"


def _a(number: int) -> str:
    """``'a 6'`` / ``'an 8'``: the article for a number read aloud."""
    spoken = str(number)
    vowel = spoken.startswith("8") or spoken in {"11", "18"}
    return f"{'an' if vowel else 'a'} {number}"


def _cells(grid: list[list[Target]]) -> Iterator[tuple[tuple[int, int], Target]]:
    for week, row in enumerate(grid, start=1):
        for day, target in enumerate(row, start=1):
            yield (week, day), target


def _invariant_of(exc: Exception, fields: Mapping[str, str], default: str) -> str:
    """The invariant of the first bad field a :class:`~hipdip.ValidationError` names (else ``default``).

    Each of its ``errors`` starts with the field's path (``reps.low: …``).
    """
    if isinstance(exc, ValidationError):
        for error in exc.errors:
            field = error.split(":", 1)[0].rsplit(".", 1)[-1].strip()
            if field in fields:
                return fields[field]
    return default


def _loads_of(exercise: Exercise) -> SearchStrategy[Load]:
    """Loads a prescription of ``exercise`` may carry: its kind first, bodyweight too."""
    if exercise.load_kind is LoadKind.BODYWEIGHT:
        return st.just(Bodyweight())
    if exercise.load_kind is LoadKind.BAND:
        placement = exercise.band_placement or BandPlacement.THIGHS
        of_kind = strategies.loads(placement=placement)
    else:
        # A weight the exercise may carry: at most its cap (ankle weights 5 kg), as the
        # engine checks every prescription's load (hipdip.loads.load_problem).
        cap = load_cap_kg(exercise)
        of_kind = strategies.loads(kind=LoadKind.WEIGHT).map(
            lambda load: Weight(cap) if isinstance(load, Weight) and load.kg > cap else load
        )
    # Mostly the exercise's own kind; sometimes bodyweight (the step to a first load).
    return st.integers(0, 3).flatmap(lambda n: st.just(Bodyweight()) if n == 3 else of_kind)


# Strategies are cached by the value they depend on: building one costs more than
# drawing from it, and shrinking a failure draws the same few values many times.


@functools.lru_cache(maxsize=256)
def _cases_of(exercise: Exercise) -> SearchStrategy[ProgressionCase]:
    prescriptions = strategies.prescriptions(exercise=exercise.id, load=_loads_of(exercise))
    return prescriptions.flatmap(functools.partial(_cases_for, exercise))


@functools.lru_cache(maxsize=1024)
def _cases_for(exercise: Exercise, item: Prescription) -> SearchStrategy[ProgressionCase]:
    results = strategies.set_results(item)
    return st.builds(
        ProgressionCase,
        exercise=st.just(exercise),
        prescription=st.just(item),
        results=results,
        previous=st.one_of(st.none(), results),
    ).map(_with_gap)


def _with_gap(case: ProgressionCase) -> ProgressionCase:
    """``case`` with ``gap_days``: none without a session before, else a week per set logged in it.

    Derived from the drawn sessions rather than drawn itself, so cases cover
    undated logs, a week between sessions and breaks of two weeks or more
    while every other draw (and every example found before) stays the same.
    """
    if case.previous is None:
        return case
    return attrs.evolve(case, gap_days=7 * len(case.previous))


def _example_exercise(cat: Catalog, rule: ProgressionRule, kind: LoadKind) -> Exercise:
    """An exercise of ``kind`` for the fixed cases: the first of ``cat`` the rule applies to."""
    of_kind = [
        cat.exercises[i] for i in sorted(cat.exercises) if cat.exercises[i].load_kind is kind
    ]
    for exercise in of_kind:
        probe = _example_prescription(exercise, _example_loads(exercise)[0])
        try:
            if rule.applies(exercise, probe) is True:
                return exercise
        except Exception:  # reported by the properties themselves
            return exercise
    if of_kind:
        return of_kind[0]
    equipment = {LoadKind.BAND: {"band"}, LoadKind.WEIGHT: {"cable"}}.get(kind, set())
    return Exercise(
        id=f"contract_{kind.value}_exercise",
        name=f"Contract {kind.value} exercise",
        targets=(hipdip.MuscleTarget("gluteus_medius", Role.PRIMARY),),
        pattern="hip_abduction",
        position="standing",
        equipment=frozenset(equipment),
        load_kind=kind,
        band_placement=BandPlacement.KNEES if kind is LoadKind.BAND else None,
    )


def _example_loads(exercise: Exercise) -> tuple[Load, ...]:
    """A small, a middle and a large load of the exercise's kind (and bodyweight, its first)."""
    if exercise.load_kind is LoadKind.BAND:
        placement = exercise.band_placement or BandPlacement.THIGHS
        tiers = ("extra_light", "medium", "extra_heavy")
        return tuple(Band(tier, placement) for tier in tiers)
    if exercise.load_kind is LoadKind.WEIGHT:
        # At most the exercise's cap (ankle weights 5 kg): the engine refuses a heavier
        # load (hipdip.loads.load_problem), so no rule ever meets one.
        step = increment_kg(exercise)
        largest = min(100 * step, load_cap_kg(exercise))
        middle = max(step, min(20 * step, step * math.floor(largest / 2 / step)))
        return (Bodyweight(), *(Weight(kg) for kg in sorted({step, middle, largest})))
    return (Bodyweight(),)


#: The person of the fixed cases in pounds: every built-in piece of equipment, imperial units.
_IMPERIAL_PROFILE = Profile(
    sex="female",
    age=30,
    body=BodyComposition(weight_kg=65.0, height_cm=165.0),
    experience="advanced",
    equipment=frozenset({"band", "ankle_weights", "cable", "dumbbell", "bench", "step", "machine"}),
    units="imperial",
)


def _pound_loads(exercise: Exercise) -> tuple[Load, ...]:
    """The first weight in pounds and one about 20 steps (in pounds) above it, under the cap."""
    first = last = starting_load(exercise, units=Units.IMPERIAL)
    for _ in range(20):
        up = heavier(last, exercise, Units.IMPERIAL)
        if up is None:
            break
        last = up
    return (first,) if last == first else (first, last)


def _example_prescription(exercise: Exercise, load: Load) -> Prescription:
    if exercise.pattern in HOLD_PATTERNS:
        return Prescription(exercise.id, 3, Hold(20, 60), load, None, 45, "0-0-0-0")
    return Prescription(exercise.id, 3, Reps(10, 20), load, 2, 60, "2-0-1-1")


def _example_sessions(exercise: Exercise, item: Prescription) -> list[ProgressionCase]:
    """Over the top of the range at RIR 4, inside it, and a second session under its bottom."""
    dose = item.dose
    low, high = (
        (dose.low_seconds, dose.high_seconds) if isinstance(dose, Hold) else (dose.low, dose.high)
    )
    hold = isinstance(dose, Hold)

    def session(value: int, rir: int | None) -> tuple[SetResult, ...]:
        one = (
            SetResult(hold_seconds=value, load=item.load, rir=rir)
            if hold
            else SetResult(reps=value, load=item.load, rir=rir)
        )
        return (one,) * item.sets

    rir = None if hold else 4
    under = session(max(1, low - 2), None if hold else 0)
    return [
        ProgressionCase(exercise, item, session(high + 2, rir), session(high, rir)),
        ProgressionCase(exercise, item, session((low + high) // 2, None if hold else 2), None),
        ProgressionCase(exercise, item, under, under),
    ]


def _improved(
    results: tuple[SetResult, ...], prescription: Prescription
) -> SearchStrategy[tuple[SetResult, ...]]:
    """``results`` with more reps (or seconds) in some sets, everything else equal.

    Each set keeps its value or rises — often to the bottom or top of the
    range or just past it, where decisions change.
    """
    dose = prescription.dose
    low, high = (
        (dose.low_seconds, dose.high_seconds) if isinstance(dose, Hold) else (dose.low, dose.high)
    )
    hold = isinstance(dose, Hold)
    ceiling = log_model.MAX_LOGGED_HOLD_SECONDS if hold else log_model.MAX_LOGGED_REPS

    def values(result: SetResult) -> SearchStrategy[int]:
        now = (result.hold_seconds if hold else result.reps) or 0
        edges = sorted({v for v in (low, high, high + 1) if now < v <= ceiling})
        options = [st.just(now), st.integers(now, min(now + 30, ceiling))]
        if edges:
            options.insert(1, st.sampled_from(edges))
        return st.one_of(options)

    def rebuild(new: tuple[int, ...]) -> tuple[SetResult, ...]:
        pairs = zip(results, new, strict=True)
        if hold:
            return tuple(attrs.evolve(r, hold_seconds=v) for r, v in pairs)
        return tuple(attrs.evolve(r, reps=v) for r, v in pairs)

    return st.tuples(*map(values, results)).map(rebuild)


def _rung(exercise: Exercise, target: str, cat: Catalog) -> int | None:
    """Steps from ``exercise`` to ``target`` along its ladder (+ harder, − easier), or ``None``."""
    if target == exercise.id:
        return 0
    for side, sign in (("harder", 1), ("easier", -1)):
        current: Exercise | None = exercise
        for steps in range(1, len(cat.exercises) + 2):
            link = getattr(current, side) if current is not None else None
            if link is None:
                break
            if link == target:
                return sign * steps
            current = cat.exercises.get(link)
    return None


def _lighter(
    better: Prescription, worse: Prescription, exercise: Exercise, cat: Catalog
) -> str | None:
    """Why ``better`` is a lighter next prescription than ``worse`` (``None``: it is not)."""
    if better.exercise != worse.exercise:
        high, low = _rung(exercise, better.exercise, cat), _rung(exercise, worse.exercise, cat)
        if high is not None and low is not None and high < low:
            return f"better results moved to {better.exercise!r}, easier than {worse.exercise!r}"
        return None
    if is_heavier(worse.load, better.load):
        return f"better results gave a lighter load ({_load_text(better.load)} < {_load_text(worse.load)})"
    if better.load == worse.load:
        b, w = better.dose, worse.dose
        if isinstance(b, Hold) and isinstance(w, Hold) and b.low_seconds < w.low_seconds:
            return f"better results gave a shorter hold ({b.low_seconds} s < {w.low_seconds} s)"
    return None


def _load_text(load: Load) -> str:
    if isinstance(load, Band):
        return f"{load.tier.value} band"
    return f"{load.kg:g} kg" if isinstance(load, Weight) else "bodyweight"


def _results_text(results: tuple[SetResult, ...]) -> str:
    values = [r.reps if r.reps is not None else r.hold_seconds for r in results]
    return "sets of " + ", ".join(str(v) for v in values)


def _case_text(case: ProgressionCase) -> str:
    item = case.prescription
    dose = item.dose
    span = (
        f"{dose.low}–{dose.high}"
        if not isinstance(dose, Hold)
        else (f"{dose.low_seconds}–{dose.high_seconds} s")
    )
    text = (
        f"exercise {case.exercise.id!r} ({case.exercise.load_kind.value}), {item.sets}×{span} "
        f"at {_load_text(item.load)}, RIR {item.rir}; logged {_results_text(case.results)}"
    )
    if case.previous is not None:
        text += f"; previous session {_results_text(case.previous)}"
    if case.profile is not None:
        profile = case.profile
        text += f"; profile {_training_text(profile)}, in {profile.units.value} units"
        if profile.avoid or profile.limitations:
            ruled_out = sorted({*profile.avoid, *profile.limitations})
            text += f", ruling out {', '.join(ruled_out)}"
    return text


def _decision_text(decision: object) -> str:
    if isinstance(decision, Decision):
        return f"decision {decision.action.value}: {decision.after!r}"
    return f"returned {decision!r}"


def _profile_text(profile: Profile) -> str:
    body = profile.body
    fat = "" if body.body_fat_pct is None else f", {body.body_fat_pct:g} % fat"
    return (
        f"{profile.sex.value}, {profile.age} y, {body.weight_kg:g} kg, {body.height_cm:g} cm"
        f"{fat}, {profile.activity.value} activity"
    )


def _training_text(profile: Profile, scheme: str | None = None) -> str:
    """Who a simulated property trained, and on which scheme: what the planner and rules go by."""
    equipment = ", ".join(sorted(profile.equipment)) or "no equipment"
    plan = f", scheme {scheme!r}" if scheme is not None else ""
    return (
        f"{profile.experience.value} ({_profile_text(profile)}) with {equipment}, "
        f"{profile.days_per_week} × {profile.session_minutes} min{plan}"
    )


def _rules_text(decisions: Iterable[Decision]) -> str:
    """How many decisions each rule made, with their actions: ``never_up repeat ×12``."""
    return _counts_text(collections.Counter(f"{d.rule} {d.action.value}" for d in decisions))


def _counts_text(counts: collections.Counter[str]) -> str:
    """``a ×3, b ×1``, most first (``none`` when empty)."""
    return ", ".join(f"{key} ×{n}" for key, n in counts.most_common()) or "none"


def _draft_before(cat: Catalog, rule: NutritionRule, profile: Profile, goal: Goal) -> NutritionPlan:
    """The draft plan the registered rules before ``rule`` hand it, as the engine runs them.

    The rules get the goal the engine applies (after the screens), as in
    :func:`hipdip.nutrition_plan`.
    """
    applied, opening = screen_goal(profile, goal)
    plan = NutritionPlan(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, findings=opening)
    order = sorted(cat.nutrition_rules.values(), key=lambda r: (r.priority, r.id))
    for other in order:
        if other.id == rule.id:
            break
        plan = other.apply(profile, applied, plan)
    return plan


def _own_output_problems(
    profile: Profile, goal: Goal, draft: NutritionPlan, plan: NutritionPlan
) -> Iterator[Problem]:
    """SCIENCE.md §Invariants 6 broken by a value the rule itself set (``draft`` → ``plan``).

    Only the fields the rule changed are checked, each against what is known
    when it ran (energy shares only once a target exists).
    """
    c = NutritionRuleContract
    weight = profile.body.weight_kg
    changed = {f for f in PLAN_FIELDS if getattr(plan, f) != getattr(draft, f)}
    target = plan.target_kcal if plan.target_kcal > 0 else None
    if "protein_g" in changed:
        deficit = goal is Goal.FAT_LOSS or (target is not None and target < plan.tdee_kcal)
        low, high = protein_bounds_g(profile, deficit=deficit, target_kcal=target)
        if not low - _TOLERANCE <= plan.protein_g <= high + _TOLERANCE:
            yield Problem(
                c.PROTEIN,
                f"apply() set protein to {plan.protein_g:.1f} g "
                f"({plan.protein_g / weight:.2f} g/kg body mass), outside {low:.1f}–{high:.1f} g",
            )
    if "fat_g" in changed:
        fat_min = FAT_MIN_G_PER_KG * weight
        if target is not None:
            fat_min = max(fat_min, FAT_MIN_ENERGY_SHARE * target / KCAL_PER_G_FAT)
        if plan.fat_g < fat_min - _TOLERANCE:
            yield Problem(c.FAT, f"apply() set fat to {plan.fat_g:.1f} g, below {fat_min:.1f} g")
    if "carbs_g" in changed and plan.carbs_g < -_TOLERANCE:
        yield Problem(c.NON_NEGATIVE, f"apply() set carbs to {plan.carbs_g:g} g")
    if (
        "target_kcal" in changed
        and target is not None
        and plan.bmr_kcal > 0
        and target < plan.bmr_kcal - _TOLERANCE * target
    ):
        yield Problem(
            c.BMR, f"apply() set target {target:.1f} kcal, below BMR {plan.bmr_kcal:.1f} kcal"
        )
    cap = LOSS_RATE_MAX * weight
    if "weekly_change_kg" in changed and plan.weekly_change_kg < -cap - _TOLERANCE:
        yield Problem(
            c.LOSS_RATE,
            f"apply() set a weekly change of {plan.weekly_change_kg:.3f} kg for {weight:g} kg "
            f"body mass (cap −{cap:.3f} kg)",
        )
    if "target_kcal" in changed and target is not None and plan.tdee_kcal > 0:
        implied = (target - plan.tdee_kcal) * 7.0 / KCAL_PER_KG
        if implied < -cap - _TOLERANCE:
            yield Problem(
                c.LOSS_RATE,
                f"apply() set target {target:.1f} kcal against TDEE {plan.tdee_kcal:.1f}: "
                f"{implied:.3f} kg a week for {weight:g} kg body mass (cap −{cap:.3f} kg)",
            )


_TOLERANCE = 1e-6


def _nutrition_problems(profile: Profile, goal: Goal, plan: NutritionPlan) -> Iterator[Problem]:
    """A :class:`~hipdip.protocols.Problem` for each way ``plan`` breaks SCIENCE.md §Invariants 6."""
    c = NutritionRuleContract
    weight = profile.body.weight_kg
    slack = _TOLERANCE * max(1.0, plan.target_kcal)
    for name in ("protein_g", "fat_g", "carbs_g"):
        if getattr(plan, name) < -_TOLERANCE:
            yield Problem(c.NON_NEGATIVE, f"{name} is {getattr(plan, name):g}")
    deficit = plan.target_kcal < plan.tdee_kcal
    low, high = protein_bounds_g(profile, deficit=deficit, target_kcal=plan.target_kcal)
    if not low - _TOLERANCE <= plan.protein_g <= high + _TOLERANCE:
        yield Problem(
            c.PROTEIN, f"protein {plan.protein_g:.1f} g is outside {low:.1f}–{high:.1f} g"
        )
    fat_min = max(
        FAT_MIN_ENERGY_SHARE * plan.target_kcal / KCAL_PER_G_FAT, FAT_MIN_G_PER_KG * weight
    )
    if plan.fat_g < fat_min - _TOLERANCE:
        yield Problem(c.FAT, f"fat {plan.fat_g:.1f} g is below {fat_min:.1f} g")
    if (
        abs(plan.macro_kcal - plan.target_kcal)
        > ENERGY_IDENTITY_TOLERANCE * plan.target_kcal + slack
    ):
        yield Problem(
            c.ENERGY_IDENTITY,
            f"macros give {plan.macro_kcal:.1f} kcal, target {plan.target_kcal:.1f} kcal",
        )
    cap = LOSS_RATE_MAX * weight
    implied = (plan.target_kcal - plan.tdee_kcal) * 7.0 / KCAL_PER_KG
    if plan.weekly_change_kg < -cap - _TOLERANCE or implied < -cap - _TOLERANCE:
        yield Problem(
            c.LOSS_RATE,
            f"weekly change {plan.weekly_change_kg:.3f} kg (energy implies {implied:.3f} kg) "
            f"for {weight:g} kg body mass (cap −{cap:.3f} kg)",
        )
    if plan.bmr_kcal <= 0 or plan.target_kcal < plan.bmr_kcal - slack:
        yield Problem(c.BMR, f"target {plan.target_kcal:.1f} kcal, BMR {plan.bmr_kcal:.1f} kcal")
    losing = plan.target_kcal < plan.tdee_kcal - slack or plan.weekly_change_kg < -_TOLERANCE
    floor = KCAL_FLOOR[profile.sex]
    if plan.target_kcal < plan.tdee_kcal - slack and plan.target_kcal < floor - slack:
        yield Problem(
            c.KCAL_FLOOR,
            f"target {plan.target_kcal:.1f} kcal < TDEE {plan.tdee_kcal:.1f} and < {floor:g}",
        )
    warned = {f.rule for f in plan.findings if f.severity is Severity.WARNING}
    for screen in SCREENS:
        hit = screen.check(profile)
        if hit is None:
            continue
        invariant = c.FLOOR if screen.id == "safety_fat_loss_floor" else c.SCREEN
        if losing:
            yield Problem(
                invariant,
                f"{hit.reason}, but target {plan.target_kcal:.1f} < TDEE "
                f"{plan.tdee_kcal:.1f} kcal (weekly change {plan.weekly_change_kg:.3f} kg)",
            )
        if goal is Goal.FAT_LOSS and screen.id not in warned:
            yield Problem(invariant, f"{hit.reason}, but no WARNING names {screen.id!r}")


def _planning_people() -> tuple[Profile, ...]:
    """Fixed people the scheme and program-rule contracts always plan for."""
    body = BodyComposition(weight_kg=65.0, height_cm=165.0)
    everything = {"band", "ankle_weights", "cable", "dumbbell", "bench", "step"}
    return (
        Profile(sex="female", age=30, body=body, experience="beginner"),
        Profile(
            sex="female",
            age=35,
            body=body,
            experience="intermediate",
            equipment=frozenset({"band", "ankle_weights"}),
            posture=hipdip.Posture(pelvic_tilt_deg=22.0),
        ),
        Profile(
            sex="male",
            age=28,
            body=BodyComposition(weight_kg=80.0, height_cm=180.0),
            experience="advanced",
            equipment=frozenset(everything),
            days_per_week=6,
            session_minutes=20,
        ),
        Profile(
            sex="female",
            age=70,
            body=BodyComposition(weight_kg=60.0, height_cm=160.0),
            experience="beginner",
            equipment=frozenset({"band"}),
            days_per_week=2,
            session_minutes=60,
        ),
    )


def _planned(pm: HipdipPluginManager) -> SearchStrategy[Program]:
    return strategies.programs(pm)


def _any_program() -> SearchStrategy[Program]:
    """Valid programs not made by the planner: any weeks, sessions and prescriptions."""
    return st.builds(
        Program,
        weeks=st.lists(st.from_type(Week), min_size=1, max_size=4).map(tuple),
        scheme=st.sampled_from(("linear", "dup", "block", "someone_elses")),
        profile=strategies.profiles(),
    )


def _medius_role(exercise: Exercise) -> str:
    target = exercise.target("gluteus_medius")
    return "nothing" if target is None else target.role.value


_STEPS_UP = frozenset({Action.INCREASE_LOAD, Action.NEXT_BAND, Action.ADVANCE_EXERCISE})
