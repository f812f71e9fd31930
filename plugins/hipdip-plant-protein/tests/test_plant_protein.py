"""hipdip-plant-protein: the contract suite, worked numbers, and the safety rules' last word."""

from __future__ import annotations

from collections.abc import Callable

import attrs
import hipdip_plant_protein
import pytest
from hipdip_plant_protein import PLANT_PROTEIN, SOURCE, TAG, PlantProteinRule

import hipdip
from hipdip import BodyComposition, Goal, Profile, Severity
from hipdip.plugins import HipdipPluginManager, make_plugin_manager
from hipdip.protocols import NutritionRule
from hipdip.testing.contracts import ContractViolation, NutritionRuleContract

Register = Callable[..., str]

# SCIENCE.md §Nutrition targets (Morton et al., 2018): 1.6–2.2 g/kg body mass.
PROTEIN_MIN, PROTEIN_MAX = 1.6, 2.2


class TestPlantProteinContract(NutritionRuleContract):
    """hipdip's property tests of the NutritionRule invariants, run on this rule."""

    @pytest.fixture
    def rule(self) -> NutritionRule:
        return PLANT_PROTEIN

    def example_profiles(self) -> tuple[Profile, ...]:
        """The contract's fixed people, as the rule's audience: tagged plant_based."""
        people = super().example_profiles()
        return (*people, *(attrs.evolve(p, tags=frozenset({TAG})) for p in people))


def test_an_overreaching_version_fails_the_contract_though_the_plan_stays_safe() -> None:
    # Asking for 4 g/kg with the last word: the contract catches the rule's own output on
    # every run (fixed examples), while the safety rules still clamp the final plan.
    greedy = PlantProteinRule(g_per_kg=4.0, priority=900)
    contract = TestPlantProteinContract()
    managers = contract.registered(make_plugin_manager(entry_points=False), greedy)
    pm = next(managers)
    with pytest.raises(ContractViolation, match="apply\\(\\) set protein to") as caught:
        contract.test_own_output_within_the_ranges(greedy, pm)
    assert caught.value.invariant == NutritionRuleContract.PROTEIN
    contract.test_plan_is_safe(greedy, pm)


def _profile(goal: str = "maintain", *, plant_based: bool = True, **body: float) -> Profile:
    composition = {"weight_kg": 65.0, "height_cm": 165.0, **body}
    return Profile(
        sex="female",
        age=30,
        experience="beginner",
        activity="moderate",
        goal=goal,
        body=BodyComposition(**composition),  # type: ignore[arg-type]
        tags=frozenset({TAG}) if plant_based else frozenset(),
    )


def _plans(
    profile: Profile, rule: NutritionRule = PLANT_PROTEIN
) -> tuple[hipdip.NutritionPlan, hipdip.NutritionPlan]:
    plain = hipdip.nutrition_plan(profile, pm=make_plugin_manager(entry_points=False))
    pm = make_plugin_manager(entry_points=False, plugins=[_Plugin(rule)])
    return plain, hipdip.nutrition_plan(profile, pm=pm)


class _Plugin:
    def __init__(self, rule: NutritionRule) -> None:
        self.rule = rule

    @hipdip.hookimpl
    def hipdip_register_nutrition_rules(self, register: Callable[[NutritionRule], None]) -> None:
        register(self.rule)


def test_maintenance_protein_rises_to_the_top_of_the_range() -> None:
    # 65 kg: hipdip's 1.6 g/kg = 104 g; plant-based 2.2 g/kg = 143 g; +39 g protein
    # = +156 kcal, taken from carbohydrate (−39 g); fat and energy unchanged.
    plain, plant = _plans(_profile())
    assert plain.protein_g == pytest.approx(104.0)
    assert plant.protein_g == pytest.approx(143.0)
    assert plant.target_kcal == pytest.approx(plain.target_kcal)
    assert plant.fat_g == pytest.approx(plain.fat_g)
    assert plant.carbs_g == pytest.approx(plain.carbs_g - 39.0)
    assert plant.macro_kcal == pytest.approx(plant.target_kcal, rel=0.01)


@pytest.mark.parametrize("goal", list(Goal))
def test_only_people_tagged_plant_based_are_changed(goal: Goal) -> None:
    # One installation, many people: an untagged profile's plan is exactly hipdip's own.
    plain, with_plugin = _plans(_profile(goal.value, plant_based=False))
    assert with_plugin == attrs.evolve(
        plain, applied_rules=with_plugin.applied_rules
    )  # same numbers and findings; the rule is listed as run
    assert "plant_protein" in with_plugin.applied_rules
    assert not [f for f in with_plugin.findings if f.rule == "plant_protein"]
    _, tagged = _plans(_profile(goal.value))
    assert tagged.protein_g > plain.protein_g or goal is Goal.FAT_LOSS


def test_the_finding_explains_why_with_sources() -> None:
    _, plant = _plans(_profile())
    (finding,) = [f for f in plant.findings if f.rule == "plant_protein"]
    assert finding.severity is Severity.INFO
    assert "from 104 g/day (1.6 g/kg) to 143 g/day (2.2 g/kg" in finding.message
    assert "less digestible" in finding.message
    assert "leucine" in finding.message
    assert finding.source == SOURCE
    assert "van Vliet, Burd & van Loon, 2015" in SOURCE
    assert "Gorissen et al., 2018" in SOURCE


def test_runs_between_protein_and_fat() -> None:
    _, plant = _plans(_profile())
    rules = plant.applied_rules
    assert rules.index("protein") < rules.index("plant_protein") < rules.index("fat")
    # No safety rule had to clamp anything (the kidney-disease note is always there).
    assert not [
        f
        for f in plant.findings
        if f.rule.startswith("safety_") and f.rule != "safety_kidney_disease"
    ]


@pytest.mark.parametrize(
    ("goal", "before_g_per_kg"),
    [("maintain", 1.6), ("lean_gain", 1.6), ("recomposition", 2.0), ("fat_loss", 2.2)],
)
def test_every_goal_ends_at_the_top_of_the_range(goal: str, before_g_per_kg: float) -> None:
    plain, plant = _plans(_profile(goal, body_fat_pct=30.0))
    assert plain.protein_g == pytest.approx(before_g_per_kg * 65)
    assert plant.protein_g == pytest.approx(PROTEIN_MAX * 65)


def test_already_high_enough_is_left_alone() -> None:
    profile = _profile()
    draft = hipdip.NutritionPlan(1370.0, 2124.0, 2124.0, protein_g=150.0, fat_g=0.0, carbs_g=0.0)
    plan = PLANT_PROTEIN.apply(profile, Goal.MAINTAIN, draft)
    assert plan.protein_g == 150.0
    assert "unchanged" in plan.findings[-1].message


@pytest.mark.parametrize("goal", list(Goal))
def test_even_if_it_tried_the_safety_rules_clamp_it(goal: Goal) -> None:
    greedy = PlantProteinRule(g_per_kg=4.0, priority=900)  # 260 g, after every built-in rule
    profile = _profile(goal.value, body_fat_pct=30.0)
    _, plan = _plans(profile, greedy)
    deficit = plan.target_kcal < plan.tdee_kcal
    ffm = 65 * (1 - 0.30)
    high = max(PROTEIN_MAX * 65, 3.1 * ffm) if deficit else PROTEIN_MAX * 65
    assert PROTEIN_MIN * 65 <= plan.protein_g <= high + 1e-6
    (clamp,) = [f for f in plan.findings if f.rule == "safety_protein_range"]
    assert "plant_protein" in clamp.message  # names the rule that set the value
    assert plan.carbs_g >= 0
    assert plan.macro_kcal == pytest.approx(plan.target_kcal, rel=0.01)


def test_protein_is_dosed_on_the_reference_mass() -> None:
    # SCIENCE.md: 150 kg, 180 cm → reference mass 25 × 1.8² = 81 kg; 2.2 g/kg → 178.2 g.
    profile = Profile(
        sex="male",
        age=30,
        experience="beginner",
        body=BodyComposition(weight_kg=150, height_cm=180),
        tags={TAG},
    )
    plain, plant = _plans(profile)
    assert plain.protein_g == pytest.approx(1.6 * 81)
    assert plant.protein_g == pytest.approx(2.2 * 81)
    assert not [f for f in plant.findings if f.severity is Severity.WARNING]


def test_the_rule_keeps_the_35_percent_cap_itself() -> None:
    # 75 y, 45 kg, 150 cm, sedentary: TDEE 1.2 × 851.5 = 1021.8 kcal; 35 % of it is 89.4 g,
    # under the 99 g that 2.2 g/kg asks for: the rule stops at the cap and says so, so
    # the safety rules have nothing to clamp.
    profile = Profile(
        sex="female",
        age=75,
        experience="beginner",
        activity="sedentary",
        body=BodyComposition(weight_kg=45, height_cm=150),
        tags={TAG},
    )
    _, plant = _plans(profile)
    assert plant.protein_g == pytest.approx(0.35 * 1021.8 / 4)
    assert not [f for f in plant.findings if f.rule == "safety_protein_range"]
    (raised,) = [f for f in plant.findings if f.rule == "plant_protein"]
    assert "more than 35% of the energy target" in raised.message
    assert raised.replaced_by is None


def test_g_per_kg_must_be_positive() -> None:
    with pytest.raises(hipdip.ValidationError, match="g_per_kg"):
        PlantProteinRule(g_per_kg=0.0)


def test_opting_out_on_a_manager(hipdip_pm: HipdipPluginManager, hipdip_register: Register) -> None:
    hipdip_register(hipdip_plant_protein)
    profile = _profile()
    assert hipdip.nutrition_plan(profile, pm=hipdip_pm).protein_g == pytest.approx(143.0)
    hipdip_pm.unregister(name="hipdip_plant_protein")
    assert hipdip.nutrition_plan(profile, pm=hipdip_pm).protein_g == pytest.approx(104.0)
