"""hipdip's own plugin objects pass the contract suites a third-party plugin would run.

Every built-in scheme, progression rule, nutrition rule, program rule and
exercise is checked by :mod:`hipdip.testing.contracts`, exactly as a plugin
author's test module would do it (the fixtures are parametrized over the
built-ins).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

import hipdip
from hipdip.builtin import exercises, nutrition, progression, rules, schemes
from hipdip.models import Exercise, Posture, Profile, Program
from hipdip.plugins import HipdipPluginManager, make_plugin_manager
from hipdip.protocols import NutritionRule, ProgramRule, ProgressionRule, Scheme
from hipdip.testing import contracts
from hipdip.testing.contracts import (
    ExerciseContract,
    NutritionRuleContract,
    ProgramRuleContract,
    ProgressionRuleContract,
    SchemeContract,
)
from hipdip.testing.simulate import Lifter, Simulation, simulate

SLOW = pytest.mark.slow


def _id(obj: object) -> str:
    return str(getattr(obj, "id", obj))


@pytest.fixture(scope="module")
def builtins_manager() -> Iterator[HipdipPluginManager]:
    """One built-ins-only manager for the module (the contracts' default makes one per test).

    Every object under test is a built-in, so the contracts find it already registered and
    register nothing: the manager is never changed, which the teardown checks.
    """
    pm = make_plugin_manager(entry_points=False)
    plugins = pm.list_name_plugin()
    yield pm
    assert pm.list_name_plugin() == plugins, "a contract test changed the shared manager"


class _BuiltinsManager:
    @pytest.fixture
    def plugin_manager(self, builtins_manager: HipdipPluginManager) -> HipdipPluginManager:
        return builtins_manager


class TestBuiltinSchemes(_BuiltinsManager, SchemeContract):
    @pytest.fixture(params=schemes.SCHEMES, ids=_id)
    def scheme(self, request: pytest.FixtureRequest) -> Scheme:
        scheme: Scheme = request.param
        return scheme


#: Simulations run for the progression rules, with the warnings each raised.
_SIMULATIONS: dict[tuple[Any, ...], tuple[Simulation, list[warnings.WarningMessage]]] = {}


def _simulate_once(
    profile: Profile,
    *,
    weeks: int,
    lifter: Lifter,
    pm: HipdipPluginManager,
    scheme: str = "linear",
) -> Simulation:
    """:func:`simulate`, run once per person, lifter and manager; warnings are raised again.

    With the built-ins' manager the simulation does not depend on which built-in rule is
    under test (each is already registered), and the same profile, lifter and plugins give
    the same simulation (:mod:`hipdip.testing.simulate`): the five rules' three simulated
    properties ran the same six simulations 45 times.
    """
    key = (profile, weeks, lifter, pm, scheme)
    if key not in _SIMULATIONS:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            sim = simulate(profile, weeks=weeks, lifter=lifter, scheme=scheme, pm=pm)
        _SIMULATIONS[key] = (sim, caught)
    sim, caught = _SIMULATIONS[key]
    for warning in caught:
        warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    return sim


#: The progression rules whose drawn-case properties run by default; all five run with
#: ``-m slow`` (CI). Every built-in rule's decisions are also drawn and checked by the
#: engine's own properties (test_progression.py::test_every_step_keeps_the_invariants and
#: the simulations of test_coaching.py), and the simulated properties below run for all.
_DRAWN_BY_DEFAULT = frozenset({"double_progression", "stall"})
_SOME_RULES = pytest.mark.parametrize(
    "rule",
    [
        pytest.param(rule, id=_id(rule), marks=() if _id(rule) in _DRAWN_BY_DEFAULT else [SLOW])
        for rule in progression.RULES
    ],
)


class TestBuiltinProgressionRules(_BuiltinsManager, ProgressionRuleContract):
    @pytest.fixture(params=progression.RULES, ids=_id)
    def rule(self, request: pytest.FixtureRequest) -> ProgressionRule:
        rule: ProgressionRule = request.param
        return rule

    @pytest.fixture(autouse=True)
    def _simulate_once(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(contracts, "simulate", _simulate_once)

    def simulated_profiles(self) -> tuple[Profile, ...]:
        # The beginner with a high anterior pelvic tilt: the planner's core block gives
        # hold_progression its planks (none of the default people has a hold).
        first, *others = super().simulated_profiles()
        return (attrs.evolve(first, posture=Posture(pelvic_tilt_deg=20.0)), *others)

    @_SOME_RULES
    def test_applies_returns_bool(
        self, rule: ProgressionRule, contract_manager: HipdipPluginManager
    ) -> None:
        super().test_applies_returns_bool(rule, contract_manager)

    @_SOME_RULES
    def test_decision_is_valid(
        self, rule: ProgressionRule, contract_manager: HipdipPluginManager
    ) -> None:
        super().test_decision_is_valid(rule, contract_manager)

    @_SOME_RULES
    def test_monotone(self, rule: ProgressionRule, contract_manager: HipdipPluginManager) -> None:
        super().test_monotone(rule, contract_manager)

    @_SOME_RULES
    def test_inputs_not_mutated_and_decision_pure(
        self, rule: ProgressionRule, contract_manager: HipdipPluginManager
    ) -> None:
        super().test_inputs_not_mutated_and_decision_pure(rule, contract_manager)


class TestBuiltinNutritionRules(_BuiltinsManager, NutritionRuleContract):
    @pytest.fixture(params=nutrition.RULES, ids=_id)
    def rule(self, request: pytest.FixtureRequest) -> NutritionRule:
        rule: NutritionRule = request.param
        return rule


class TestBuiltinProgramRules(_BuiltinsManager, ProgramRuleContract):
    @pytest.fixture(params=rules.RULES, ids=_id)
    def rule(self, request: pytest.FixtureRequest) -> ProgramRule:
        rule: ProgramRule = request.param
        return rule

    @SLOW  # by default test_every_program_rule_on_any_valid_program checks all on shared draws
    def test_any_valid_program(
        self, rule: ProgramRule, plugin_manager: HipdipPluginManager
    ) -> None:
        super().test_any_valid_program(rule, plugin_manager)


@settings(ProgramRuleContract.settings)
@given(program=contracts._any_program())
def test_every_program_rule_on_any_valid_program(
    builtins_manager: HipdipPluginManager, program: Program
) -> None:
    """The contract's property on arbitrary valid programs, for every built-in rule at once.

    ``TestBuiltinProgramRules.test_any_valid_program`` draws its own programs for each of
    the twelve rules (``-m slow``); drawing a program costs far more than checking it, so
    here each drawn program is checked by every rule, the same check the contract makes.
    """
    contract = ProgramRuleContract()
    cat = hipdip.catalog(builtins_manager)
    for rule in rules.RULES:
        contract._check(rule, program, cat)


class TestBuiltinExercises(_BuiltinsManager, ExerciseContract):
    @pytest.fixture(params=exercises.EXERCISES, ids=_id)
    def exercise(self, request: pytest.FixtureRequest) -> Exercise:
        exercise: Exercise = request.param
        return exercise


def test_every_builtin_is_covered() -> None:
    """The parametrized fixtures above cover everything the built-in plugins register."""
    import hipdip
    from hipdip.plugins import make_plugin_manager

    cat = hipdip.catalog(make_plugin_manager(entry_points=False))
    covered: dict[str, Sequence[object]] = {
        "schemes": schemes.SCHEMES,
        "progression_rules": progression.RULES,
        "nutrition_rules": nutrition.RULES,
        "program_rules": rules.RULES,
        "exercises": exercises.EXERCISES,
    }
    for kind, objects in covered.items():
        assert sorted(cat.ids(kind)) == sorted(_id(obj) for obj in objects), kind


def _cable(id_: str, increment_kg: float) -> Exercise:
    """A weighted gluteus medius exercise with an odd increment (what the contract draws)."""
    from hipdip import MuscleTarget, Role

    return Exercise(
        id=id_,
        name=id_.replace("_", " ").capitalize(),
        targets=(MuscleTarget("gluteus_medius", Role.PRIMARY),),
        pattern="hip_abduction",
        position="standing",
        equipment=frozenset({"cable"}),
        load_kind="weight",
        increment_kg=increment_kg,
    )


def test_no_heavier_weight_above_the_maximum() -> None:
    """Found by the progression contract: a step up from near ``MAX_LOAD_KG`` used to crash.

    An off-grid 460 kg load with a 34 kg increment was capped to 460 + 46 kg,
    and ``Weight(506)`` raised inside double progression.
    """
    from hipdip import Prescription, Reps, SetResult, Weight
    from hipdip.builtin.progression import DOUBLE_PROGRESSION
    from hipdip.loads import heavier
    from hipdip.models.exercise import MAX_LOAD_KG

    exercise = _cable("heavy_kickback", 34.0)
    # From off the grid, the grid's next load (14 × 34 kg), under the maximum.
    assert heavier(Weight(460.0), exercise) == Weight(476.0)
    assert heavier(Weight(476.0), exercise) is None  # 510 kg is over it
    assert heavier(Weight(MAX_LOAD_KG), exercise) is None
    item = Prescription("heavy_kickback", 1, Reps(10, 20), Weight(476.0))
    decision = DOUBLE_PROGRESSION.decide(exercise, item, (SetResult(reps=20, load=Weight(476.0)),))
    assert decision is not None
    assert decision.after.load == Weight(476.0)


def test_a_subnormal_increment_does_not_crash_the_rules() -> None:
    """Found by the progression contract: ``increment_kg=5e-324`` overflowed in rounding."""
    from hipdip import Prescription, Reps, SetResult, Weight
    from hipdip.builtin.progression import DOUBLE_PROGRESSION, STALL

    exercise = _cable("tiny_step", 5e-324)
    item = Prescription("tiny_step", 3, Reps(10, 20), Weight(1.0), rir=0)
    top = (SetResult(reps=20, load=Weight(1.0)),) * 3
    missed = (SetResult(reps=2, load=Weight(1.0)),) * 3
    assert DOUBLE_PROGRESSION.decide(exercise, item, top) is not None
    assert STALL.decide(exercise, item, missed, previous=missed) is not None


def test_a_first_weight_rounded_to_the_microgram_is_one_step() -> None:
    """Found by the progression contract: loads are kept to 1e-6 kg, so the first weight
    from bodyweight (one increment of 0.8046875 kg, stored as 0.804688) is one step."""
    import hipdip
    from hipdip import Bodyweight, Prescription, Reps, SetResult
    from hipdip.builtin.progression import DOUBLE_PROGRESSION
    from hipdip.plugins import make_plugin_manager
    from hipdip.progression import decision_problems

    exercise = _cable("cable_kickback", 0.8046875)
    item = Prescription("cable_kickback", 3, Reps(1, 1), Bodyweight(), rir=None)
    decision = DOUBLE_PROGRESSION.decide(exercise, item, (SetResult(reps=1),) * 3)
    assert decision is not None
    cat = hipdip.catalog(make_plugin_manager(entry_points=False))
    assert decision_problems(decision, item, exercise, cat) == ()
