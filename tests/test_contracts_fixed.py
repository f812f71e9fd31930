"""Contracts that cannot miss by chance: broken rules fail with every hypothesis seed.

Issue 16 found a rule raising the load 50 % a step passing
``ProgressionRuleContract`` in 8 of 10 seeds, and a rule setting protein to
4 g/kg passing ``NutritionRuleContract`` (the safety rules clamped the final
plan). Each property now also runs on fixed examples (``@hypothesis.example``):
every load kind at a small, middle and large load, every goal for fixed
people; and the nutrition contract checks the rule's own output before the
safety rules. Both rules are run here, as a plugin author runs the suites,
under ten different ``--hypothesis-seed`` values: they fail every time.
"""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

BROKEN_RULES = """
import attrs
import pytest

from hipdip import Decision, NutritionPlan, Weight
from hipdip.testing.contracts import NutritionRuleContract, ProgressionRuleContract


class PlusHalf:
    '''Once every set reaches the top of the range, 50 % more weight.'''

    id = "plus_half"
    priority = 10

    def applies(self, exercise, prescription):
        return isinstance(prescription.load, Weight)

    def decide(self, exercise, prescription, results):
        if any((r.reps or 0) < prescription.dose.high for r in results):
            return None
        after = attrs.evolve(prescription, load=Weight(prescription.load.kg * 1.5))
        return Decision("increase_load", prescription, after, self.id, "50 % more")


class FourGrams:
    '''Protein at 4 g/kg of body mass, after every built-in rule.'''

    id = "four_grams"
    priority = 900

    def apply(self, profile, goal, plan):
        protein = 4.0 * profile.body.weight_kg
        carbs = plan.carbs_g - (protein - plan.protein_g)
        return attrs.evolve(plan, protein_g=protein, carbs_g=carbs)


class TestPlusHalf(ProgressionRuleContract):
    @pytest.fixture
    def rule(self):
        return PlusHalf()


class TestFourGrams(NutritionRuleContract):
    @pytest.fixture
    def rule(self):
        return FourGrams()
"""

STEP = (
    "E * progression rule 'plus_half' (PlusHalf): invariant "
    '"a step raises load by at most max(10 %, increment)" violated: load rises * kg*'
)
PROTEIN = (
    "E * nutrition rule 'four_grams' (FourGrams): invariant "
    '"protein within 1.6–2.2 g/kg of the reference mass*violated: apply() set protein to '
    "* g (4.00 g/kg body mass)*"
)


def _seeds() -> list[object]:
    quick = [0, 1]
    return [*quick, *(pytest.param(seed, marks=pytest.mark.slow) for seed in range(2, 10))]


@pytest.mark.parametrize("seed", _seeds())
def test_the_broken_rules_fail_with_every_seed(pytester: pytest.Pytester, seed: int) -> None:
    pytester.makepyfile(test_broken=BROKEN_RULES)
    result = pytester.runpytest(
        "-p",
        "no:cacheprovider",
        f"--hypothesis-seed={seed}",
        "-k",
        "test_decision_is_valid or test_own_output_within_the_ranges",
    )
    result.stdout.fnmatch_lines_random([STEP, PROTEIN])
    result.assert_outcomes(failed=2)


class _EveryWeight:
    """Applies to every weight prescription; never decides (only its cases matter)."""

    id = "every_weight"
    priority = 0

    def applies(self, exercise: object, prescription: object) -> bool:
        return True

    def decide(self, exercise: object, prescription: object, results: object) -> None:
        return None


def test_fixed_cases_are_loads_the_engine_accepts() -> None:
    # The fixed examples are cases a rule can meet: the engine refuses a load over the
    # exercise's cap (10 kg of ankle weights), so a fixed case must never carry one.
    import hipdip
    from hipdip.loads import load_problem
    from hipdip.plugins import make_plugin_manager
    from hipdip.testing.contracts import ProgressionRuleContract

    cat = hipdip.catalog(make_plugin_manager(entry_points=False))
    cases = ProgressionRuleContract().example_cases(cat, _EveryWeight())
    weights = {case.prescription.load for case in cases if case.exercise.load_kind == "weight"}
    assert len(weights) >= 4  # bodyweight, a small, a middle and a large weight
    for case in cases:
        logged = (*case.results, *(case.previous or ()))
        loads = [case.prescription.load, *(r.load for r in logged if r.load is not None)]
        for load in loads:
            assert load_problem(load, case.exercise) is None, (case.exercise.id, load)
