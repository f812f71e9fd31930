"""The contract suites catch broken plugin objects and name the invariant they break.

The first tests run the suites the way a plugin author does — a test module
subclassing a contract, run by pytest (``pytester``) — and check the run
fails with a message naming the object and the invariant. The rest call the
contracts' test methods directly on small broken objects, one invariant each.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import attrs
import hypothesis
import pytest

import hipdip
from hipdip import (
    Band,
    BandPlacement,
    BandTier,
    Decision,
    Exercise,
    Finding,
    Muscle,
    MuscleTarget,
    NutritionPlan,
    Prescription,
    Reps,
    Role,
    SetResult,
    Weight,
)
from hipdip.builtin.schemes import LINEAR
from hipdip.loads import increment_kg, load_cap_kg
from hipdip.plugins import HipdipPluginManager, make_plugin_manager
from hipdip.protocols import Target
from hipdip.testing.contracts import (
    ContractViolation,
    ExerciseContract,
    NutritionRuleContract,
    ProgramRuleContract,
    ProgressionRuleContract,
    SchemeContract,
)

pytest_plugins = ["pytester"]

C = TypeVar("C")

# --------------------------------------------------------------------------- #
# The suites run by pytest, as in a plugin's own test module

BROKEN_SCHEMES = """
import pytest

from hipdip import Reps
from hipdip.protocols import Target
from hipdip.testing.contracts import SchemeContract


class NoDeload:
    id = "no_deload"
    name = "Never deloads"

    def target(self, week, day, *, weeks, days_per_week):
        return Target(reps=Reps(10, 20), rir=2)


class ZeroReps:
    id = "zero_reps"
    name = "Zero reps on day 2"

    def target(self, week, day, *, weeks, days_per_week):
        low = 0 if day == 2 else 10
        return Target(reps=Reps(low, 20), rir=2, deload=week % 6 == 0)


class TestNoDeload(SchemeContract):
    @pytest.fixture
    def scheme(self):
        return NoDeload()


class TestZeroReps(SchemeContract):
    @pytest.fixture
    def scheme(self):
        return ZeroReps()
"""

DOUBLING_RULE = """
import attrs
import pytest

from hipdip import Decision, Weight
from hipdip.testing.contracts import ProgressionRuleContract


class Doubler:
    id = "doubler"
    priority = 10

    def applies(self, exercise, prescription):
        return isinstance(prescription.load, Weight)

    def decide(self, exercise, prescription, results):
        heavier = Weight(min(prescription.load.kg * 2, 500.0))
        after = attrs.evolve(prescription, load=heavier)
        return Decision("increase_load", prescription, after, self.id, "double it")


class TestDoubler(ProgressionRuleContract):
    @pytest.fixture
    def rule(self):
        return Doubler()
"""

GOOD_SCHEME = """
import pytest

from hipdip import Reps
from hipdip.protocols import Target
from hipdip.testing.contracts import SchemeContract


class ThreeOneScheme:
    '''Three loading weeks, then a deload: 15-20, 12-15, 8-12 reps.'''

    id = "three_one"
    name = "3:1 loading"

    def target(self, week, day, *, weeks, days_per_week):
        step = (week - 1) % 4
        if step == 3:
            return Target(reps=Reps(8, 12), rir=4, volume_factor=0.5, deload=True)
        reps = (Reps(15, 20), Reps(12, 15), Reps(8, 12))[step]
        return Target(reps=reps, rir=3 - step)


class TestThreeOne(SchemeContract):
    @pytest.fixture
    def scheme(self):
        return ThreeOneScheme()
"""


def _run(pytester: pytest.Pytester, source: str, *args: str) -> pytest.RunResult:
    pytester.makepyfile(test_plugin=source)
    # A fixed seed: the run is the same every time (a user's run draws afresh).
    return pytester.runpytest("-p", "no:cacheprovider", "--hypothesis-seed=0", "-rf", *args)


NO_DELOAD = (
    "E * scheme 'no_deload' (NoDeload): invariant \"deload within every 6 weeks\" "
    "violated: weeks 1–6 of *-week program (* days a week) have no deload week"
)
NO_DELOAD_PLANS = (
    "E * scheme 'no_deload' (NoDeload): invariant \"programs planned with the scheme "
    'pass validate_program" violated: *deload: weeks 1–6: no deload week*'
)
ZERO_REPS = (
    "E * scheme 'zero_reps' (ZeroReps): invariant \"reps within 1–50\" violated: "
    "target(*, 2, weeks=*) raised ValidationError: low: must be between 1 and 50 (got 0)"
)


@pytest.mark.parametrize(
    ("args", "lines", "failed", "passed"),
    [
        # Two tests of each scheme; ZeroReps cannot build a target, so it fails both.
        pytest.param(
            ("-k", "deload_within_every_window or reps_within_bounds"),
            [NO_DELOAD, ZERO_REPS],
            3,
            1,
            id="focused",
        ),
        # NoDeload breaks 2 invariants (of 11); a scheme that cannot build a target breaks
        # every test that asks for targets (all but the identity test).
        pytest.param(
            (),
            [NO_DELOAD, NO_DELOAD_PLANS, ZERO_REPS],
            2 + 10,
            9 + 1,
            id="all",
            marks=pytest.mark.slow,
        ),
    ],
)
def test_deload_free_and_zero_rep_schemes_are_caught(
    pytester: pytest.Pytester, args: tuple[str, ...], lines: list[str], failed: int, passed: int
) -> None:
    result = _run(pytester, BROKEN_SCHEMES, *args)
    result.stdout.fnmatch_lines_random(lines)
    summary = result.stdout.str().split("short test summary info")[-1]
    assert "TestNoDeload::test_deload_within_every_window" in summary
    assert "TestZeroReps::test_reps_within_bounds" in summary
    result.assert_outcomes(failed=failed, passed=passed)


@pytest.mark.slow
def test_a_rule_that_doubles_the_load_is_caught(pytester: pytest.Pytester) -> None:
    result = _run(pytester, DOUBLING_RULE)
    result.stdout.fnmatch_lines(
        [
            "E * progression rule 'doubler' (Doubler): invariant \"a step raises load by at "
            'most max(10 %, increment)" violated: load rises * → * kg (+* kg), more than one '
            "step allows*",
        ]
    )
    summary = result.stdout.str().split("summary info")[-1]
    assert "TestDoubler::test_decision_is_valid" in summary
    # Simulated beside the built-ins, the engine skips the rule's bad decisions: for the
    # rule under test that fails the contract too, naming the skipped rule — in each of the
    # four simulated properties (responder, stalling lifter, deload weeks, the rule is asked).
    result.stdout.fnmatch_lines(
        [
            "E * progression rule 'doubler' (Doubler): invariant \"decide() returns None or a "
            'valid Decision" violated: *the engine skipped the rule while simulating: *',
        ]
    )
    for name in (
        "responder_progresses",
        "stalling_lifter_gets_a_response",
        "deload_weeks_never_ask_for_more",
        "rule_is_asked",
    ):
        assert f"TestDoubler::test_simulated_{name}" in summary
    result.assert_outcomes(failed=5, passed=4)


def test_a_correct_third_party_scheme_passes(pytester: pytest.Pytester) -> None:
    result = _run(pytester, GOOD_SCHEME)
    result.assert_outcomes(passed=11)


# --------------------------------------------------------------------------- #
# One invariant at a time


def _quick(contract: C) -> C:
    """``contract`` with more, reproducible examples and no shrinking (only the failure matters)."""
    contract.settings = hypothesis.settings(
        contract.settings,
        max_examples=100,
        derandomize=True,
        database=None,
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
    )
    return contract


def _manager(contract: Any, obj: object, **extra: Any) -> Iterator[HipdipPluginManager]:
    pm = make_plugin_manager(entry_points=False)
    yield from contract.registered(pm, obj, **extra)


def _violation(call: Callable[[], object], subject: str, invariant: str) -> ContractViolation:
    with pytest.raises(ContractViolation) as caught:
        call()
    error = caught.value
    assert error.subject == subject
    assert error.invariant == invariant
    assert str(error).startswith(f'{subject}: invariant "{invariant}" violated: ')
    return error


@attrs.frozen
class FakeScheme:
    """A scheme that returns whatever ``make(week, day, weeks)`` builds."""

    make: Callable[[int, int, int], Any]
    id: str = "fake"
    name: str = "Fake"

    def target(self, week: int, day: int, *, weeks: int, days_per_week: int) -> Any:
        return self.make(week, day, weeks)


def _linear(week: int, day: int, weeks: int) -> Target:
    return LINEAR.target(week, day, weeks=weeks, days_per_week=3)


@attrs.frozen
class LooseTarget:
    """Quacks like a Target, without its validators."""

    reps: Reps
    rir: Any
    volume_factor: Any = 1.0
    deload: bool = False


def test_scheme_contract_each_invariant() -> None:
    contract = _quick(SchemeContract())
    rir_nine = FakeScheme(lambda w, d, n: attrs.evolve(_linear(w, d, n), rir=9))
    _violation(
        lambda: contract.test_rir_within_bounds(rir_nine),
        "scheme 'fake' (FakeScheme)",
        "RIR within 0–5",
    )
    not_a_target = FakeScheme(lambda w, d, n: LooseTarget(Reps(10, 20), 2))
    error = _violation(
        lambda: contract.test_target_returns_a_target(not_a_target),
        "scheme 'fake' (FakeScheme)",
        "target() returns a Target",
    )
    assert "target(1, 1, weeks=1, days_per_week=2) returned LooseTarget" in error.detail
    light_deload = FakeScheme(lambda w, d, n: attrs.evolve(_linear(w, d, n), rir=1))
    error = _violation(
        lambda: contract.test_deload_weeks_have_high_rir(light_deload),
        "scheme 'fake' (FakeScheme)",
        "deload weeks have RIR ≥ 3",
    )
    assert "is a deload week but target(6, 1," in error.detail

    # A plugin author's review: a deload at 30–50 reps after 10–20 passed every check
    # (and the docs' own example deloaded at 12–15 after 8–12).
    def more_reps(w: int, d: int, n: int) -> Target:
        target = _linear(w, d, n)
        return attrs.evolve(target, reps=Reps(30, 50)) if target.deload else target

    error = _violation(
        lambda: contract.test_deload_weeks_ask_for_no_more_reps(FakeScheme(more_reps)),
        "scheme 'fake' (FakeScheme)",
        "deload weeks ask for no more reps than the week before",
    )
    assert "(a deload) asks for 30–50 reps after at most 10–20 the week before" in error.detail

    # A rotating DUP's deload day may meet another day's range (a plugin author's check:
    # 12–15 on a day that was 8–12 the week before, 12–15 trained on another day).
    def rotating(w: int, d: int, n: int) -> Target:
        ranges = (Reps(8, 12), Reps(12, 15), Reps(15, 20))
        if w % 4 == 0:  # every day at the range day 1 had the week before
            return Target(ranges[w % 3], 4, deload=True)
        return Target(ranges[(w + d) % 3], 2)

    contract.test_deload_weeks_ask_for_no_more_reps(FakeScheme(rotating))
    calls = iter(range(10**6))
    impure = FakeScheme(lambda w, d, n: attrs.evolve(_linear(w, d, n), rir=next(calls) % 2))
    _violation(
        lambda: contract.test_target_is_pure(impure),
        "scheme 'fake' (FakeScheme)",
        "target() is a pure function of its arguments",
    )
    late_deload = FakeScheme(lambda w, d, n: Target(Reps(10, 20), 3, deload=w % 7 == 0))
    error = _violation(
        lambda: contract.test_deload_within_every_window(late_deload),
        "scheme 'fake' (FakeScheme)",
        "deload within every 6 weeks",
    )
    assert "program (" in error.detail
    # Was (an attacker's review): every week a deload passed the whole contract, and
    # planned no hip work from week 3 (each deload cut from the one before).
    for deloads, problem in (
        (lambda w: True, "week 1 is a deload"),
        (lambda w: w % 5 in (0, 1) and w > 1, "weeks 5 and 6 are both deloads"),
    ):
        scheme = FakeScheme(
            lambda w, d, n, deloads=deloads: Target(Reps(10, 20), 4, 0.5, deload=deloads(w))
        )
        error = _violation(
            lambda scheme=scheme: contract.test_a_deload_follows_a_training_week(scheme),
            "scheme 'fake' (FakeScheme)",
            "a deload week follows a training week",
        )
        assert problem in error.detail
    contract.test_a_deload_follows_a_training_week(FakeScheme(_linear))
    # A volume factor of 0 cannot be built as a Target: reported as that invariant.
    no_volume = FakeScheme(lambda w, d, n: Target(Reps(10, 20), 2, volume_factor=0.0))
    _violation(
        lambda: contract.test_volume_factor_within_bounds(no_volume),
        "scheme 'fake' (FakeScheme)",
        "volume_factor within (0, 2]",
    )
    loose_volume = FakeScheme(lambda w, d, n: LooseTarget(Reps(10, 20), 2, volume_factor=3.0))
    with pytest.raises(ContractViolation, match="target\\(\\) returns a Target"):
        contract.test_volume_factor_within_bounds(loose_volume)


def test_scheme_contract_accepts_the_builtins() -> None:
    contract = SchemeContract()
    for test in (
        contract.test_implements_scheme,
        contract.test_reps_within_bounds,
        contract.test_deload_within_every_window,
        contract.test_target_is_pure,
    ):
        test(LINEAR)


def test_scheme_without_name_breaks_the_protocol() -> None:
    @attrs.frozen
    class Nameless:
        id: str = "nameless"
        name: str = " "

        def target(self, week: int, day: int, *, weeks: int, days_per_week: int) -> Target:
            return _linear(week, day, weeks)

    _violation(
        lambda: SchemeContract().test_implements_scheme(Nameless()),
        "scheme 'nameless' (test_scheme_without_name_breaks_the_protocol.<locals>.Nameless)",
        "implements hipdip.protocols.Scheme",
    )


def test_scheme_whose_plans_break_a_rule_is_caught() -> None:
    contract = SchemeContract()
    no_deload = FakeScheme(lambda w, d, n: Target(Reps(10, 20), 2))
    for pm in _manager(contract, no_deload):
        error = _violation(
            lambda pm=pm: contract.test_planned_programs_pass_validation(no_deload, pm),
            "scheme 'fake' (FakeScheme)",
            "programs planned with the scheme pass validate_program",
        )
        assert "deload:" in error.detail


class RuleBase:
    """A progression rule applying to every prescription; ``step`` makes the decision."""

    id = "fake_rule"
    priority = 5

    def __init__(self, step: Callable[[Prescription, tuple[SetResult, ...]], Any]) -> None:
        self.step = step

    def applies(self, exercise: Exercise, prescription: Prescription) -> Any:
        return True

    def decide(
        self, exercise: Exercise, prescription: Prescription, results: tuple[SetResult, ...]
    ) -> Any:
        return self.step(prescription, results)


def _decision(item: Prescription, rule: str = "fake_rule", **changes: Any) -> Decision:
    return Decision("increase_load", item, attrs.evolve(item, **changes), rule, "test")


def _two_tiers(item: Prescription, results: tuple[SetResult, ...]) -> Decision | None:
    load = item.load
    if not isinstance(load, Band) or load.tier.rank > 2:
        return None
    tier = list(BandTier)[load.tier.rank + 2]
    return _decision(item, load=Band(tier, load.placement))


def _not_monotone(item: Prescription, results: tuple[SetResult, ...]) -> Decision | None:
    """Lighter after good sessions: reduce the load when a set reached the top.

    (Any set rather than every set, so that better results often trigger it and
    worse ones do not: the search finds the breach whatever ran before.)
    """
    dose, load = item.dose, item.load
    if not isinstance(dose, Reps) or not isinstance(load, Weight) or load.kg < 2:
        return None
    top = any((r.reps or 0) >= dose.high for r in results)
    after = Weight(round(load.kg * 0.9, 3)) if top else load
    return _decision(item, load=after)


def _emptied(item: Prescription, results: tuple[SetResult, ...]) -> Decision | None:
    """Takes 100 kg off: ``Weight`` refuses the result inside ``decide()``."""
    if not isinstance(item.load, Weight):
        return None
    return _decision(item, load=Weight(item.load.kg - 100))


def _doubled(item: Prescription, results: tuple[SetResult, ...]) -> Decision | None:
    """The pytester suite's ``Doubler``: twice the weight, capped at 500 kg."""
    if not isinstance(item.load, Weight):
        return None
    return _decision(item, load=Weight(min(item.load.kg * 2, 500.0)))


def _rir_nine(item: Prescription, results: tuple[SetResult, ...]) -> Decision:
    return _decision(item, rir=9)


class _ReprRaises:
    def __repr__(self) -> str:
        raise RuntimeError("no repr")


def test_progression_contract_each_invariant() -> None:
    contract = _quick(ProgressionRuleContract())
    subject = "progression rule 'fake_rule' (RuleBase)"
    counter = itertools.count()
    for rule, test, invariant in (
        (RuleBase(_two_tiers), contract.test_decision_is_valid, "bands move at most one tier"),
        (RuleBase(_emptied), contract.test_decision_is_valid, "load never negative"),
        (RuleBase(_doubled), contract.test_decision_is_valid, contract.STEP),
        (RuleBase(_rir_nine), contract.test_decision_is_valid, "RIR within 0–5"),
        (RuleBase(_not_monotone), contract.test_monotone, contract.MONOTONE),
        (
            RuleBase(lambda item, results: Decision("repeat", item, item, "someone_else", "x")),
            contract.test_decision_is_valid,
            contract.NAMES_RULE,
        ),
        (
            RuleBase(lambda item, results: "repeat"),
            contract.test_decision_is_valid,
            contract.DECISION,
        ),
        # Was (an attacker's review): an AttributeError out of test_monotone.
        (
            RuleBase(lambda item, results: {"action": "repeat"}),
            contract.test_monotone,
            contract.DECISION,
        ),
        # Was (an attacker's re-check): an object whose repr raises escaped as itself.
        (
            RuleBase(lambda item, results: _ReprRaises()),
            contract.test_decision_is_valid,
            contract.DECISION,
        ),
        (
            RuleBase(lambda item, results: _decision(item, rir=next(counter) % 6)),
            contract.test_inputs_not_mutated_and_decision_pure,
            contract.PURE,
        ),
    ):
        for pm in _manager(contract, rule):
            _violation(lambda rule=rule, test=test, pm=pm: test(rule, pm), subject, invariant)


class _Shadowed(RuleBase):
    """Applies to every rep range; at priority 0 its id sorts after ``double_progression``."""

    id = "zz_rule"
    priority = 0


def test_a_progression_rule_never_asked_fails_the_contract() -> None:
    """A rule a built-in always decides before is never consulted: the contract says so."""
    contract = ProgressionRuleContract()
    rule = _Shadowed(lambda item, results: None)
    for pm in _manager(contract, rule):
        error = _violation(
            lambda pm=pm: contract.test_simulated_rule_is_asked(rule, pm),
            "progression rule 'zz_rule' (_Shadowed)",
            contract.ASKED,
        )
        assert "double_progression ×" in str(error) and "priority above 0" in str(error)
    rule.priority = 1  # type: ignore[misc]  # asked before double_progression (ties with stall)
    for pm in _manager(contract, rule):
        contract.test_simulated_rule_is_asked(rule, pm)


def _metric_step(item: Prescription, results: tuple[SetResult, ...]) -> Decision | None:
    """At the top of the range, + the exercise's metric increment, whatever the person's units."""
    exercise = hipdip.catalog().exercises.get(item.exercise)
    dose, load = item.dose, item.load
    if exercise is None or not isinstance(dose, Reps) or not isinstance(load, Weight):
        return None
    if any((r.reps or 0) < dose.high for r in results[: item.sets]):
        return None
    heavier = load.kg + increment_kg(exercise)
    if heavier > load_cap_kg(exercise):
        return None
    return _decision(item, load=Weight(heavier))


def test_a_metric_step_on_a_load_in_pounds_fails_the_contract() -> None:
    """Was: passed 1,000 examples, every case in kilograms (a 10 lb cable stack + 2.5 kg is
    more than its 5 lb step); found by a plugin author's review."""
    contract = ProgressionRuleContract()
    rule = RuleBase(_metric_step)
    for pm in _manager(contract, rule):
        error = _violation(
            lambda pm=pm: contract.test_decision_is_valid(rule, pm),
            "progression rule 'fake_rule' (RuleBase)",
            contract.STEP,
        )
        assert "in imperial units" in str(error)


class _KeepGoing:
    """Hides a stall: once an exercise has 6 logged sessions, "add a rep" forever."""

    id = "keep_going"
    priority = 5

    def applies(self, exercise: Exercise, prescription: Prescription) -> bool:
        return True

    def decide(
        self,
        exercise: Exercise,
        prescription: Prescription,
        results: tuple[SetResult, ...],
        *,
        history: tuple[Any, ...] = (),
    ) -> Decision | None:
        if len(history) < 6:
            return None
        return Decision("add_reps", prescription, prescription, self.id, "add a rep")


def test_a_rule_that_hides_a_stall_fails_the_contract() -> None:
    """Was: passed, the stalling property counting a plateau heard before the stall (week 1,
    three flat sessions of one exercise in a week); found by a plugin author's review."""
    contract = ProgressionRuleContract()
    rule = _KeepGoing()
    for pm in _manager(contract, rule):
        error = _violation(
            lambda pm=pm: contract.test_simulated_stalling_lifter_gets_a_response(rule, pm),
            "progression rule 'keep_going' (_KeepGoing)",
            contract.STALLING,
        )
        assert "weeks 4–12" in str(error) and "keep_going add_reps ×" in str(error)


def test_progression_rule_whose_applies_is_not_a_bool() -> None:
    contract = _quick(ProgressionRuleContract())
    rule = RuleBase(lambda item, results: None)
    rule.applies = lambda exercise, prescription: "yes"  # type: ignore[method-assign]
    for pm in _manager(contract, rule):
        _violation(
            lambda pm=pm: contract.test_applies_returns_bool(rule, pm),
            "progression rule 'fake_rule' (RuleBase)",
            contract.APPLIES_BOOL,
        )


def test_progression_rule_that_mutates_its_inputs() -> None:
    def scribble(item: Prescription, results: tuple[SetResult, ...]) -> None:
        object.__setattr__(item, "sets", item.sets % 20 + 1)

    contract = _quick(ProgressionRuleContract())
    rule = RuleBase(scribble)
    for pm in _manager(contract, rule):
        _violation(
            lambda pm=pm: contract.test_inputs_not_mutated_and_decision_pure(rule, pm),
            "progression rule 'fake_rule' (RuleBase)",
            contract.NO_MUTATION,
        )


@attrs.frozen
class FakeNutritionRule:
    apply_: Callable[[Any, Any, NutritionPlan], Any]
    id: str = "fake_nutrition"
    priority: int = 450

    def apply(self, profile: Any, goal: Any, plan: NutritionPlan) -> Any:
        return self.apply_(profile, goal, plan)


def test_nutrition_contract_each_invariant() -> None:
    contract = _quick(NutritionRuleContract())
    subject = "nutrition rule 'fake_nutrition' (FakeNutritionRule)"
    counter = itertools.count()
    cases: list[tuple[Callable[..., Any], Callable[..., None], str]] = [
        (lambda p, g, plan: attrs.asdict(plan), contract.test_plan_is_safe, contract.SAFE),
        (
            lambda p, g, plan: attrs.asdict(plan),
            contract.test_apply_returns_a_plan_without_mutating,
            contract.RETURNS_PLAN,
        ),
        (
            lambda p, g, plan: plan.protein_g / 0.0,
            contract.test_apply_returns_a_plan_without_mutating,
            contract.RETURNS_PLAN,
        ),
        (
            lambda p, g, plan: attrs.evolve(plan, fat_g=float(next(counter))),
            contract.test_apply_returns_a_plan_without_mutating,
            contract.PURE,
        ),
    ]
    for apply_, test, invariant in cases:
        rule = FakeNutritionRule(apply_)
        for pm in _manager(contract, rule):
            _violation(lambda rule=rule, test=test, pm=pm: test(rule, pm), subject, invariant)


def test_nutrition_rules_cannot_break_the_plan_with_numbers() -> None:
    """Extreme numbers are fixed by the safety rules: the contract passes."""
    contract = _quick(NutritionRuleContract())
    rule = FakeNutritionRule(
        lambda p, g, plan: attrs.evolve(
            plan, target_kcal=100.0, protein_g=900.0, fat_g=0.0, carbs_g=-50.0
        ),
        priority=10_000,
    )
    for pm in _manager(contract, rule):
        contract.test_plan_is_safe(rule, pm)


def test_nutrition_rule_with_a_safety_id_is_refused() -> None:
    rule = FakeNutritionRule(lambda p, g, plan: plan, id="safety_bmr_floor")
    _violation(
        lambda: NutritionRuleContract().test_implements_nutrition_rule(rule),
        "nutrition rule 'safety_bmr_floor' (FakeNutritionRule)",
        NutritionRuleContract.IDENTITY,
    )


@attrs.frozen
class FakeProgramRule:
    check_: Callable[[Any, Any], Any]
    id: str = "fake_check"

    def check(self, program: Any, catalog: Any) -> Any:
        return self.check_(program, catalog)


def _first_exercise(program: Any, catalog: Any) -> Iterator[Finding]:
    """Raises KeyError on a program whose first exercise is not in the catalogue."""
    for session in program.sessions:
        for item in session.items:
            catalog.exercises[item.exercise]
            yield Finding("fake_check", "info", f"{item.exercise} is known")


def test_program_rule_contract_each_invariant() -> None:
    contract = _quick(ProgramRuleContract())
    subject = "program rule 'fake_check' (FakeProgramRule)"
    builtin = make_plugin_manager(entry_points=False)  # plans the programs, without the rule
    counter = itertools.count()
    cases: list[tuple[Callable[..., Any], str, str]] = [
        (lambda p, c: ["a string"], "planned", contract.FINDINGS),
        (lambda p, c: [Finding("other_rule", "info", "x")], "planned", contract.NAMES_RULE),
        (_first_exercise, "any", contract.NO_RAISE),
        (
            lambda p, c: [Finding("fake_check", "info", str(next(counter)))],
            "planned",
            contract.PURE,
        ),
    ]
    for check, programs, invariant in cases:
        rule = FakeProgramRule(check)
        test = (
            contract.test_planned_programs
            if programs == "planned"
            else contract.test_any_valid_program
        )
        _violation(lambda rule=rule, test=test: test(rule, builtin), subject, invariant)


def _exercise(id_: str = "t_step", **changes: Any) -> Exercise:
    fields: dict[str, Any] = {
        "id": id_,
        "name": f"Test {id_}",
        "targets": (MuscleTarget("gluteus_medius", Role.PRIMARY),),
        "pattern": "hip_abduction",
        "position": "standing",
        **changes,
    }
    return Exercise(**fields)


def test_exercise_contract_each_invariant() -> None:
    contract = ExerciseContract()
    builtin = make_plugin_manager(entry_points=False)

    def subject(exercise: Exercise) -> str:
        return f"exercise {exercise.id!r} ({exercise.name})"

    no_placement = _exercise(load_kind="band", equipment=frozenset({"band"}))
    _violation(
        lambda: contract.test_band_exercises_have_band_and_placement(no_placement),
        subject(no_placement),
        contract.BAND,
    )
    no_band = _exercise(load_kind="band", band_placement=BandPlacement.KNEES)
    _violation(
        lambda: contract.test_band_exercises_have_band_and_placement(no_band),
        subject(no_band),
        contract.BAND,
    )
    unsourced = _exercise(targets=(MuscleTarget("gluteus_medius", Role.PRIMARY, 55.0),))
    _violation(
        lambda: contract.test_activation_has_source(unsourced),
        subject(unsourced),
        contract.SOURCED,
    )
    own_muscle = _exercise(targets=(MuscleTarget("t_deep_rotator", Role.PRIMARY),))
    error = _violation(
        lambda: contract.test_targets_known_muscles(own_muscle, builtin, ()),
        subject(own_muscle),
        contract.MUSCLES,
    )
    assert "t_deep_rotator" in error.detail
    rotator = Muscle(id="t_deep_rotator", name="Deep rotator", region="hip")
    contract.test_targets_known_muscles(own_muscle, builtin, (rotator,))
    for pm in _manager(contract, own_muscle, muscles=[rotator]):
        contract.test_ladder_has_no_cycles(own_muscle, pm)
    dangling = _exercise(harder="t_nowhere")
    error = _violation(
        lambda: contract.test_ladder_links_exist(dangling, builtin),
        subject(dangling),
        contract.LINKS,
    )
    assert "'t_nowhere'" in error.detail
    # Registering it fails too, naming the refusal, instead of a plugin warning.
    with pytest.raises(ContractViolation, match=r"the catalogue refused it: .*t_nowhere"):
        next(_manager(contract, dangling))
    # A branch off the built-in clamshell is a valid ladder step now (a link on
    # either side is a link): the clamshell gains a second harder variant.
    branch = _exercise(easier="clamshell")
    for pm in _manager(contract, branch):
        contract.test_ladder_has_no_cycles(branch, pm)
        contract.test_harder_is_not_a_lower_level(branch, pm)
    # A harder variant that works gluteus medius less is caught, from either side.
    weaker = _exercise(
        "t_weaker",
        easier="side_lying_hip_abduction",
        targets=(MuscleTarget("gluteus_medius", Role.SECONDARY),),
    )
    for pm in _manager(contract, weaker):
        error = _violation(
            lambda pm=pm: contract.test_harder_is_not_a_lower_level(weaker, pm),
            subject(weaker),
            contract.LEVELS,
        )
        assert "smaller gluteus medius role" in error.detail
    too_hard = _exercise(level=3, harder="clamshell")
    for pm in _manager(contract, too_hard):
        error = _violation(
            lambda pm=pm: contract.test_harder_is_not_a_lower_level(too_hard, pm),
            subject(too_hard),
            contract.LEVELS,
        )
        assert error.detail == "harder variant 'clamshell' is level 1, this is level 3"
    # Issue 17: its names find it; a name another exercise goes by is caught.
    named = _exercise("t_named", name="Banded side step walk", aliases=("Crab walk (Band)",))
    for pm in _manager(contract, named):
        contract.test_found_by_its_names(named, pm)
    taken = _exercise("t_taken", aliases=("Crab walk", "Side Lying Clam"))
    for pm in _manager(contract, taken):
        error = _violation(
            lambda pm=pm: contract.test_found_by_its_names(taken, pm),
            subject(taken),
            contract.NAMES,
        )
        assert error.detail.startswith(
            "aliases[1] 'Side Lying Clam' finds 'clamshell' (from plugin "
            "hipdip.builtin.exercises), which already goes by that name"
        )


class Loop:
    """A plugin whose two exercises are each other's harder variant."""

    EXERCISES = (_exercise("t_up", harder="t_down"), _exercise("t_down", harder="t_up"))

    @hipdip.hookimpl
    def hipdip_register_exercises(self, register: Callable[[Exercise], None]) -> None:
        for exercise in self.EXERCISES:
            register(exercise)


def test_ladder_cycle_is_caught_with_the_plugin_in_the_manager() -> None:
    contract = ExerciseContract()
    pm = make_plugin_manager(entry_points=False, plugins=[Loop()])
    exercise = Loop.EXERCISES[0]
    # The manager already holds this very exercise: it is not registered again.
    for managed in contract.registered(pm, exercise):
        assert managed is pm
        error = _violation(
            lambda managed=managed: contract.test_ladder_has_no_cycles(exercise, managed),
            "exercise 't_up' (Test t_up)",
            contract.NO_CYCLES,
        )
        assert error.detail.startswith(
            "ladder conflict: Loop puts 't_up' above 't_down', but Loop already leads from "
            "'t_up' back up to 't_down' (t_up → t_down)"
        )


def test_another_object_with_the_same_id_is_reported() -> None:
    contract = SchemeContract()
    impostor = FakeScheme(_linear, id="linear")
    with pytest.raises(ContractViolation, match="already has another scheme with id 'linear'"):
        next(_manager(contract, impostor))


def test_registration_is_undone_after_the_test() -> None:
    contract = SchemeContract()
    scheme = FakeScheme(_linear, id="t_temporary")
    pm = make_plugin_manager(entry_points=False)
    managed = contract.registered(pm, scheme)
    assert "t_temporary" in hipdip.catalog(next(managed)).schemes
    managed.close()
    assert "t_temporary" not in hipdip.catalog(pm).schemes


def test_missing_fixture_says_what_to_define(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_plugin="""
        from hipdip.testing.contracts import ExerciseContract

        class TestForgotTheFixture(ExerciseContract):
            pass
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "-k", "round_trips")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*define an `exercise` fixture returning your exercise*"])


def test_settings_can_be_overridden(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_plugin="""
        import hypothesis
        import pytest
        from hipdip.builtin.schemes import LINEAR
        from hipdip.testing.contracts import SchemeContract

        calls = []

        class Counting:
            id = "counting"
            name = "Counting"

            def target(self, week, day, *, weeks, days_per_week):
                calls.append(weeks)
                return LINEAR.target(week, day, weeks=weeks, days_per_week=days_per_week)

        class TestFew(SchemeContract):
            settings = hypothesis.settings(SchemeContract.settings, max_examples=3,
                                           database=None)

            @pytest.fixture
            def scheme(self):
                return Counting()

        def test_counted():
            # 3 drawn programs at most, besides the 6 explicit examples.
            assert len(set(calls)) <= 3 + 6
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "-k", "rir_within or counted")
    result.assert_outcomes(passed=2)


def test_a_program_rule_may_report_errors_on_every_program() -> None:
    """The rule sees planned programs even if it would make planning fail."""
    contract = ProgramRuleContract()
    strict = FakeProgramRule(lambda p, c: [Finding("fake_check", "error", "never good enough")])
    pm = make_plugin_manager(entry_points=False)
    contract.test_planned_programs(strict, pm)
    for managed in contract.registered(pm, strict):
        contract.test_registers(strict, managed)


def test_a_rule_that_answers_stalls_itself_passes_the_stalling_property() -> None:
    """A plugin author's check: a rule asked before the built-ins that answers stalls
    with its own step down (under its own id, as it must) failed "gets a plateau or
    stall response" — the property counted only the built-in ids."""
    from hipdip.loads import lighter

    class OwnStall:
        id = "t_own_stall"
        priority = 5

        def applies(self, exercise: Exercise, prescription: Prescription) -> bool:
            return isinstance(prescription.dose, Reps)

        def decide(
            self,
            exercise: Exercise,
            prescription: Prescription,
            results: tuple[SetResult, ...],
            *,
            week: int | None = None,
        ) -> Decision | None:
            if week is None or week <= 3 or not isinstance(prescription.dose, Reps):
                return None
            if any(r.reps is not None and r.reps >= prescription.dose.high for r in results):
                return None
            down = lighter(prescription.load, exercise)
            if down is None:
                return None
            after = attrs.evolve(prescription, load=down)
            return Decision("reduce_load", prescription, after, self.id, "own stall answer")

    rule = OwnStall()
    contract = ProgressionRuleContract()
    for manager in _manager(contract, rule):
        contract.test_simulated_stalling_lifter_gets_a_response(rule, manager)
