"""Issue 14: screens before any deficit, protein on a reference mass, one story per plan.

Every case the issue quotes is here with its new, safe answer; SCIENCE.md's
worked examples are reproduced exactly; property tests run over valid
profiles × goals, with and without a plugin that tries to push the plan out.
"""

from __future__ import annotations

import re
from typing import Any

import attrs
import pytest
from _nutrition_kit import (
    KCAL_FLOOR,
    SetRule,
    any_profiles,
    assert_invariants,
    firing_screens,
    plugin_with,
    reference_mass,
)
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import hipdip
from hipdip import BodyComposition, Finding, Goal, NutritionPlan, Profile, Severity, Sex
from hipdip.body import mifflin_st_jeor, navy_body_fat
from hipdip.builtin.nutrition import SAFETY_RULES, screens_that_fire
from hipdip.plugins import make_plugin_manager
from hipdip.render import to_markdown
from hipdip.testing import contracts

PM = make_plugin_manager(entry_points=False)
SCREEN_IDS = ("safety_underweight", "safety_age", "safety_fat_loss_floor", "safety_kcal_floor")


def person(
    sex: str,
    age: int,
    weight_kg: float,
    height_cm: float,
    *,
    activity: str = "light",
    goal: str = "fat_loss",
    **body: float,
) -> Profile:
    return Profile(
        sex=sex,
        age=age,
        experience="beginner",
        activity=activity,
        goal=goal,
        body=BodyComposition(weight_kg, height_cm, **body),  # type: ignore[arg-type]
    )


def plan_for(profile: Profile, pm: Any = PM) -> NutritionPlan:
    plan = hipdip.nutrition_plan(profile, pm=pm)
    assert_invariants(profile, plan, profile.goal)
    return plan


def warnings(plan: NutritionPlan) -> list[Finding]:
    return [f for f in plan.findings if f.severity is Severity.WARNING]


def warned(plan: NutritionPlan) -> list[str]:
    return [f.rule for f in warnings(plan)]


def mifflin(sex: str, weight: float, height: float, age: float) -> float:
    return 10 * weight + 6.25 * height - 5 * age + (5 if sex == "male" else -161)


# --------------------------------------------------------------------------- #
# The issue's cases, with their new, safe answers


@pytest.mark.parametrize(
    ("weight", "height", "bmi", "deurenberg"),
    [
        (42, 170, "14.5", "16.4 %"),  # was 1455 kcal, "0.21 kg loss a week", an INFO only
        (47, 168, "16.7", "19.0 %"),  # was 1480 kcal
    ],
)
def test_underweight_19_year_old_asking_for_fat_loss_gets_maintenance(
    weight: float, height: float, bmi: str, deurenberg: str
) -> None:
    profile = person("female", 19, weight, height)
    plan = plan_for(profile)
    bmr = mifflin("female", weight, height, 19)
    assert plan.bmr_kcal == pytest.approx(bmr)
    assert plan.target_kcal == plan.tdee_kcal == pytest.approx(bmr * 1.375)
    assert plan.weekly_change_kg == 0.0
    assert plan.goal is Goal.MAINTAIN
    assert plan.protein_g == pytest.approx(1.6 * weight)  # maintain's protein
    assert warned(plan) == ["safety_underweight", "safety_fat_loss_floor"]
    underweight, floor = warnings(plan)
    assert f"BMI {bmi} kg/m²" in underweight.message
    assert "clinician" in underweight.message
    assert "muscle is the lever" in underweight.message
    assert f"Body fat {deurenberg} (estimated from BMI" in floor.message
    assert "Deurenberg" in floor.message
    assert floor.source is not None
    assert "Deurenberg" in floor.source
    assert not [f for f in plan.findings if "could not be checked" in f.message]


def test_16_year_old_gets_no_deficit() -> None:
    # Was a 275 kcal/day deficit (0.5 % of 50 kg a week) without a word.
    profile = person("female", 16, 50, 160)
    plan = plan_for(profile)
    assert plan.target_kcal == plan.tdee_kcal
    assert plan.goal is Goal.MAINTAIN
    assert warned(plan) == ["safety_age"]
    assert "Age 16 is under 18" in warnings(plan)[0].message


@pytest.mark.parametrize(
    ("age", "weight", "height", "screens", "was"),
    [
        (75, 45, 150, ["safety_age"], 852),
        (100, 40, 153, ["safety_underweight", "safety_age"], 695),  # BMI 17.1
    ],
)
def test_older_non_obese_people_get_maintenance_not_their_bmr(
    age: int, weight: float, height: float, screens: list[str], was: int
) -> None:
    profile = person("female", age, weight, height, activity="sedentary")
    plan = plan_for(profile)
    maintenance = mifflin("female", weight, height, age) * 1.2
    assert plan.target_kcal == pytest.approx(maintenance)
    assert plan.target_kcal > was
    assert plan.goal is Goal.MAINTAIN
    assert warned(plan) == screens


def test_older_obese_people_may_lose_fat_slowly() -> None:
    profile = person("female", 70, 90, 160)  # BMI 35.2: Villareal et al., 2011
    plan = plan_for(profile)
    assert plan.goal is Goal.FAT_LOSS
    assert plan.weekly_change_kg == pytest.approx(-0.005 * 90)
    assert warned(plan) == []


def test_small_sedentary_woman_stays_at_maintenance_never_a_forced_surplus() -> None:
    # 140 cm, 40 kg, 30 y: BMR 964, TDEE 1156.8 < 1200 floor (was 964 kcal/day).
    profile = person("female", 30, 40, 140, activity="sedentary")
    plan = plan_for(profile)
    assert plan.target_kcal == plan.tdee_kcal == pytest.approx(964 * 1.2)
    assert plan.target_kcal < KCAL_FLOOR[Sex.FEMALE]
    assert plan.goal is Goal.MAINTAIN
    assert warned(plan) == ["safety_kcal_floor"]
    message = warnings(plan)[0].message
    assert "1157 kcal/day" in message
    assert "1200 kcal/day" in message
    assert "surplus" in message


def test_the_kcal_floor_keeps_a_deficit_smaller() -> None:
    # 155 cm, 48 kg, 30 y, sedentary: BMR 1137.75, TDEE 1365.3; 0.5 %/week would be
    # 1365.3 − 264 = 1101.3 kcal, under 1200: the target is 1200 and fat loss still applies.
    profile = person("female", 30, 48, 155, activity="sedentary")
    plan = plan_for(profile)
    assert plan.target_kcal == 1200.0
    assert plan.goal is Goal.FAT_LOSS
    assert plan.weekly_change_kg == pytest.approx((1200 - 1137.75 * 1.2) * 7 / 7700)
    assert warned(plan) == ["safety_kcal_floor"]
    assert "1101 kcal/day" in warnings(plan)[0].message


@pytest.mark.parametrize(
    ("weight", "height", "fat", "fields"),
    [
        (40, 190, 70, ("weight_kg", "body_fat_pct")),  # 12 kg of lean mass (was 645 kcal)
        (400, 100, 2, ("weight_kg", "body_fat_pct")),  # (was 13,366 kcal)
        (200, 150, None, ("weight_kg",)),  # BMI 88.9 (was 440 g protein, 0 g carbohydrate)
        (400, 180, None, ("weight_kg",)),  # BMI 123 (was 880 g protein)
    ],
)
def test_impossible_bodies_are_refused_naming_the_fields(
    weight: float, height: float, fat: float | None, fields: tuple[str, ...]
) -> None:
    with pytest.raises(hipdip.ValidationError) as info:
        BodyComposition(weight, height, body_fat_pct=fat)
    assert [error.split(":")[0] for error in info.value.errors] == list(fields)
    assert "BMI" in info.value.errors[0]
    assert "height_cm" in info.value.errors[0]  # the other field of the BMI is named too
    if fat is not None:
        assert "fat-free-mass index" in info.value.errors[1]


def test_protein_for_a_150_kg_man_is_dosed_on_the_reference_mass() -> None:
    # Was "Protein | 330 g … Energy from protein 55 %".
    profile = person("male", 30, 150, 180)
    plan = plan_for(profile)
    assert plan.goal is Goal.FAT_LOSS
    assert plan.protein_g == pytest.approx(178.2)  # 2.2 g/kg × 81 kg
    assert 4 * plan.protein_g / plan.target_kcal <= 0.35
    text = to_markdown(plan)
    assert "| Protein | 178 g |" in text
    assert "330" not in text
    assert "reference mass 81.0 kg" in text


def test_protein_for_a_400_kg_person_is_dosed_on_the_reference_mass() -> None:
    # 400 kg is only plausible tall: at 250 cm (BMI 64) the reference mass is 156.25 kg.
    profile = person("male", 30, 400, 250)
    plan = plan_for(profile)
    assert plan.protein_g == pytest.approx(2.2 * 156.25)  # 343.75 g, not 880 g
    assert plan.carbs_g > 0


def test_a_navy_estimate_of_60_percent_does_not_move_bmr() -> None:
    # Navy 60.6 % would give Katch–McArdle 370 + 21.6 × 37.4 = 1178 kcal, 29 % under
    # Mifflin–St Jeor's 1670.25: SCIENCE.md says only a measured body fat selects it.
    profile = person("female", 30, 95, 165, waist_cm=130, hip_cm=120, neck_cm=35)
    plan = plan_for(profile)
    assert plan.bmr_kcal == pytest.approx(1670.25)
    katch = 370 + 21.6 * 95 * (1 - 0.606)
    assert katch < 0.8 * plan.bmr_kcal


def test_a_navy_estimate_under_the_floor_refuses_the_deficit_even_when_implausible() -> None:
    # 150 kg, 180 cm with a 70 cm waist: the Navy formula says 0.3 %, under what this body
    # can have (a fat-free-mass index of 32 allows ≥ 30.9 %). The implausible estimate was
    # clamped up to 30.9 % and a 825 kcal/day deficit went through; the formula's own
    # number, at or below the men's floor of 14 %, refuses it and says to check the tape.
    profile = person("male", 30, 150, 180, waist_cm=70, neck_cm=40)
    raw = navy_body_fat("male", 180, waist_cm=70, neck_cm=40)
    assert raw < 14
    plan = plan_for(profile)
    assert plan.target_kcal == plan.tdee_kcal
    assert plan.goal is Goal.MAINTAIN
    (floor,) = [f for f in warnings(plan) if f.rule == "safety_fat_loss_floor"]
    assert f"{raw:.1f} %" in floor.message
    assert "waist_cm" in floor.message


@st.composite
def navy_profiles(draw: st.DrawFn) -> Profile:
    """Fat-loss profiles with waist, hip and neck and no measured body fat, BMI 12–80."""
    height = draw(st.floats(100, 250))
    bmi = draw(st.floats(12.001, 79.999))
    weight = bmi * (height / 100) ** 2
    assume(20 <= weight <= 400)
    neck = draw(st.floats(15, 80))
    return Profile(
        sex=draw(st.sampled_from(Sex)),
        age=draw(st.integers(16, 100)),
        experience="beginner",
        activity=draw(st.sampled_from(hipdip.ActivityLevel)),
        goal="fat_loss",
        body=BodyComposition(
            weight_kg=weight,
            height_cm=height,
            waist_cm=draw(st.floats(max(30.0, neck + 0.5), 250)),
            hip_cm=draw(st.floats(40, 250)),
            neck_cm=neck,
        ),
    )


@settings(max_examples=60)
@given(profile=navy_profiles())
def test_a_navy_estimate_at_or_below_the_floor_never_gets_a_deficit(profile: Profile) -> None:
    body = profile.body
    assert body.waist_cm is not None and body.neck_cm is not None
    raw = navy_body_fat(profile.sex, body.height_cm, body.waist_cm, body.neck_cm, body.hip_cm)
    plan = plan_for(profile)
    if raw <= (21.0 if profile.sex is Sex.FEMALE else 14.0):
        assert plan.target_kcal >= plan.tdee_kcal
        assert "safety_fat_loss_floor" in warned(plan)


def test_a_measured_body_fat_still_selects_katch_mcardle() -> None:
    profile = person("female", 30, 65, 165, goal="maintain", body_fat_pct=28)
    assert plan_for(profile).bmr_kcal == pytest.approx(1380.88)


# --------------------------------------------------------------------------- #
# SCIENCE.md worked examples


def test_deurenberg_examples_decide_the_deficit() -> None:
    # Female, 25 y, 47 kg, 168 cm (BMI 16.65) → 20.3 % ≤ 21 % → maintenance.
    woman = plan_for(person("female", 25, 47, 168))
    assert woman.target_kcal == woman.tdee_kcal
    (floor,) = [f for f in warnings(woman) if f.rule == "safety_fat_loss_floor"]
    assert "Body fat 20.3 %" in floor.message
    assert "BMI 16.7" in floor.message
    # Male, 40 y, 85 kg, 180 cm (BMI 26.23) → 24.5 % > 14 % → deficit allowed.
    man = plan_for(person("male", 40, 85, 180))
    assert man.target_kcal < man.tdee_kcal
    (note,) = [f for f in man.findings if f.rule == "safety_fat_loss_floor"]
    assert note.severity is Severity.INFO
    assert "Body fat 24.5 %" in note.message


def test_reference_mass_examples() -> None:
    man = person("male", 30, 150, 180)
    assert reference_mass(man) == pytest.approx(81.0)
    assert hipdip.body.reference_mass_kg(man.body, man.sex) == pytest.approx(81.0)
    assert plan_for(man).protein_g == pytest.approx(178.2)
    woman = person("female", 30, 120, 165)
    assert round(hipdip.body.reference_mass_kg(woman.body, woman.sex), 2) == 68.06
    assert plan_for(woman).protein_g == pytest.approx(2.2 * 25 * 1.65**2)


def test_a_heavy_lean_person_doses_on_body_mass() -> None:
    lean = person("male", 30, 110, 180, goal="maintain", body_fat_pct=15)  # BMI 34
    plan = plan_for(lean)
    assert plan.protein_g == pytest.approx(1.6 * 110)
    obese = person("male", 30, 110, 180, goal="maintain", body_fat_pct=30)
    assert plan_for(obese).protein_g == pytest.approx(1.6 * 25 * 1.8**2)


def test_protein_is_capped_at_35_percent_of_energy_and_says_so() -> None:
    # 75 y, 45 kg, 150 cm, sedentary, recomposition: 2.0 g/kg = 90 g = 360 kcal, but 35 %
    # of 1021.8 kcal is 357.6 kcal = 89.4 g.
    profile = person("female", 75, 45, 150, activity="sedentary", goal="recomposition")
    plan = plan_for(profile)
    assert plan.protein_g == pytest.approx(0.35 * 1021.8 / 4)
    (note,) = [f for f in plan.findings if f.rule == "protein"]
    assert "35 %" in note.message
    assert "capped at 89 g/day" in note.message
    assert "Institute of Medicine" in (note.source or "")


def test_every_plan_says_kidney_disease_needs_a_clinician() -> None:
    plan = plan_for(person("female", 30, 65, 165, goal="maintain"))
    (note,) = [f for f in plan.findings if f.rule == "safety_kidney_disease"]
    assert note.severity is Severity.INFO
    assert "kidney disease" in note.message
    assert "PROT-AGE" in (note.source or "")


# --------------------------------------------------------------------------- #
# Properties over valid profiles × goals


@given(profile=any_profiles(), goal=st.sampled_from(Goal))
def test_a_screen_that_forbids_a_deficit_is_a_warning_naming_it(
    profile: Profile, goal: Goal
) -> None:
    plan = hipdip.nutrition_plan(profile, goal=goal, pm=PM)
    assert_invariants(profile, plan, goal)
    fired = firing_screens(profile)
    if goal is Goal.FAT_LOSS:
        expected = {hit.rule for hit in screens_that_fire(profile, goal)}
        assert fired <= expected
        assert expected <= set(warned(plan))
        # The floor keeps the deficit or gives maintenance: never a surplus.
        assert plan.target_kcal <= plan.tdee_kcal
        if plan.target_kcal < plan.tdee_kcal:
            assert plan.target_kcal >= max(KCAL_FLOOR[profile.sex], plan.bmr_kcal) - 1e-6
    else:
        assert not [f for f in warnings(plan) if f.rule in SCREEN_IDS]


@attrs.frozen
class Saboteur:
    """A plugin rule that tries every way out: a crash diet, 880 g of protein, no carbs,
    the screens' warnings dropped, the goal and the trail rewritten."""

    id: str = "saboteur"
    priority: int = 10**6

    def apply(self, profile: Profile, goal: Goal, plan: NutritionPlan) -> NutritionPlan:
        return attrs.evolve(
            plan,
            target_kcal=plan.tdee_kcal - 2000,
            weekly_change_kg=-3.0,
            protein_g=880.0,
            fat_g=0.0,
            carbs_g=-100.0,
            findings=tuple(
                attrs.evolve(f, replaced_by="saboteur")
                for f in plan.findings
                if f.severity is not Severity.WARNING
            ),
            goal=Goal.FAT_LOSS,
        )


SABOTEUR_PRIORITIES = (150, 250, 10**6)  # before the goal, before protein, last
SABOTEUR_PMS = [
    make_plugin_manager(entry_points=False, plugins=[plugin_with(Saboteur(priority=p))])
    for p in SABOTEUR_PRIORITIES
]


@pytest.mark.parametrize("priority", SABOTEUR_PRIORITIES)
def test_a_plugin_cannot_push_an_underweight_girl_into_a_deficit(priority: int) -> None:
    profile = person("female", 19, 42, 170)
    pm = SABOTEUR_PMS[SABOTEUR_PRIORITIES.index(priority)]
    plan = hipdip.nutrition_plan(profile, pm=pm)
    assert_invariants(profile, plan, Goal.FAT_LOSS)
    assert plan.target_kcal >= plan.tdee_kcal
    assert plan.goal is Goal.MAINTAIN
    # The opening warnings survive the saboteur dropping them.
    assert warned(plan)[:2] == ["safety_underweight", "safety_fat_loss_floor"]
    assert all(f.replaced_by is None for f in warnings(plan))
    # The engine owns the trail: the saboteur's own marks are ignored; at 150 every value
    # it set was set again by the rules after it, so it replaced nothing.
    if priority == 150:
        assert not [f for f in plan.findings if f.replaced_by == "saboteur"]
    if priority == 10**6:  # with the last word, every clamp names it
        clamps = [f for f in warnings(plan) if "saboteur" in f.message]
        assert {"safety_underweight", "safety_protein_range"} <= {f.rule for f in clamps}


@settings(max_examples=40)
@given(profile=any_profiles(), goal=st.sampled_from(Goal), which=st.sampled_from(SABOTEUR_PMS))
def test_no_plugin_pushes_any_plan_out_of_the_rules(
    profile: Profile, goal: Goal, which: Any
) -> None:
    plan = hipdip.nutrition_plan(profile, goal=goal, pm=which)
    assert_invariants(profile, plan, goal)
    assert plan.applied_rules[-len(SAFETY_RULES) :] == tuple(rule.id for rule in SAFETY_RULES)


@attrs.frozen
class Underestimator:
    """A plugin rule that lowers BMR and TDEE to half of hipdip's, then eats at that
    "maintenance": a deficit the screens and floors would not see."""

    id: str = "underestimator"
    priority: int = 10**6

    def apply(self, profile: Profile, goal: Goal, plan: NutritionPlan) -> NutritionPlan:
        bmr = plan.bmr_kcal / 2
        return attrs.evolve(
            plan, bmr_kcal=bmr, tdee_kcal=bmr * 1.2, target_kcal=bmr * 1.2, weekly_change_kg=0.0
        )


UNDERESTIMATOR_PMS = [
    make_plugin_manager(entry_points=False, plugins=[plugin_with(Underestimator(priority=p))])
    for p in (150, 10**6)
]


def own_energy(profile: Profile) -> tuple[float, float]:
    """SCIENCE.md §Energy by hand: Katch–McArdle for a measured body fat, else Mifflin."""
    body = profile.body
    if body.body_fat_pct is None:
        bmr = mifflin(profile.sex.value, body.weight_kg, body.height_cm, profile.age)
    else:
        bmr = 370 + 21.6 * body.weight_kg * (1 - body.body_fat_pct / 100)
    factor = {"sedentary": 1.2, "light": 1.375, "moderate": 1.55, "very": 1.725, "extra": 1.9}
    return bmr, bmr * factor[profile.activity.value]


@pytest.mark.parametrize("pm", UNDERESTIMATOR_PMS, ids=["before_goal", "last"])
def test_a_plugin_cannot_lower_bmr_and_tdee_to_hide_a_deficit(pm: Any) -> None:
    # The underweight 19-year-old was given 736 kcal/day as "maintenance", with the
    # plugin's BMR of 613 kcal standing in for her 1226.
    profile = person("female", 19, 42, 170)
    plan = plan_for(profile, pm)
    bmr, daily = own_energy(profile)
    assert plan.bmr_kcal == pytest.approx(bmr)
    assert plan.tdee_kcal == pytest.approx(daily)
    assert plan.target_kcal >= daily
    (sanity,) = [f for f in warnings(plan) if f.rule == "safety_energy_sanity"]
    assert "underestimator" in sanity.message
    assert "bmr_kcal" in sanity.message and "tdee_kcal" in sanity.message


@settings(max_examples=30)
@given(profile=any_profiles(), goal=st.sampled_from(Goal), pm=st.sampled_from(UNDERESTIMATOR_PMS))
def test_no_plugin_lowers_energy_under_the_floors(profile: Profile, goal: Goal, pm: Any) -> None:
    plan = hipdip.nutrition_plan(profile, goal=goal, pm=pm)
    assert_invariants(profile, plan, goal)
    bmr, daily = own_energy(profile)
    assert plan.target_kcal >= bmr * (1 - 1e-9)
    if firing_screens(profile):
        assert plan.target_kcal >= daily * (1 - 1e-9)


def test_the_contract_sees_each_broken_rule() -> None:
    """The kit's NutritionRuleContract would flag a plan that broke the new rules."""
    profile = person("female", 19, 42, 170)
    safe = hipdip.nutrition_plan(profile, pm=PM)
    c = contracts.NutritionRuleContract
    broken = {
        c.SCREEN: attrs.evolve(safe, target_kcal=safe.tdee_kcal - 100),
        c.PROTEIN: attrs.evolve(safe, protein_g=0.36 * safe.target_kcal / 4),
    }
    for invariant, plan in broken.items():
        found = {name for name, _ in contracts._nutrition_problems(profile, Goal.MAINTAIN, plan)}
        assert invariant in found, invariant
    silent = attrs.evolve(safe, findings=())
    found = {name for name, _ in contracts._nutrition_problems(profile, Goal.FAT_LOSS, silent)}
    assert {c.SCREEN, c.FLOOR} <= found
    small = person("female", 30, 48, 155, activity="sedentary")
    low = hipdip.nutrition_plan(small, pm=PM)
    low = attrs.evolve(low, target_kcal=1150.0, carbs_g=low.carbs_g - 12.5)
    found = {name for name, _ in contracts._nutrition_problems(small, Goal.FAT_LOSS, low)}
    assert c.KCAL_FLOOR in found


# --------------------------------------------------------------------------- #
# One story: each macro's final value, superseded values only in the trail

_MACROS = ("Protein", "Fat", "Carbohydrate")


def story(plan: NutritionPlan) -> str:
    """The Markdown up to the trail and the rule list."""
    text = to_markdown(plan)
    return re.split(r"\n(?:Values replaced along the way|Rules applied)", text)[0]


def assert_one_story(plan: NutritionPlan) -> None:
    text = to_markdown(plan)
    told = story(plan)
    final = {"Protein": plan.protein_g, "Fat": plan.fat_g, "Carbohydrate": plan.carbs_g}
    for name in _MACROS:
        assert text.count(f"| {name} | ") == 1
        assert f"| {name} | {round(final[name]):,} g |" in text
    for finding in plan.findings:
        # A replaced note is not printed as the answer; every warning is printed.
        shown = finding.replaced_by is None or finding.severity is not Severity.INFO
        assert (finding.message in told) is shown, finding
        if finding.replaced_by is not None:
            continue
        for sentence in re.split(r"(?<=\.)\s+", finding.message):
            name = next((m for m in _MACROS if sentence.startswith(m + " ")), None)
            amounts = re.findall(r"(\d[\d,]*) g/day", sentence)
            if name and amounts:  # a sentence stating a macro ends on its final value
                assert int(amounts[-1].replace(",", "")) == round(final[name]), sentence
            for carbs in re.findall(r"carbs set to (\d[\d,]*) g", sentence):
                assert int(carbs.replace(",", "")) == round(plan.carbs_g), sentence


@pytest.mark.parametrize(
    "profile",
    [
        person("female", 19, 42, 170),
        person("female", 30, 40, 140, activity="sedentary"),
        person("female", 30, 48, 155, activity="sedentary"),
        person("male", 30, 150, 180),
        person("male", 30, 400, 250),
        person("female", 75, 45, 150, activity="sedentary", goal="recomposition"),
    ],
    ids=["underweight", "kcal_floor_maintenance", "kcal_floor", "150kg", "400kg", "protein_cap"],
)
def test_the_issue_cases_read_as_one_story(profile: Profile) -> None:
    plan = plan_for(profile)
    assert not [f for f in plan.findings if f.replaced_by]  # nothing had to be replaced
    assert_one_story(plan)
    assert f"Goal applied: {plan.goal.value.replace('_', ' ')}" in to_markdown(plan)


def test_a_replaced_carbohydrate_note_is_not_printed_as_the_answer() -> None:
    # The issue: "Carbohydrate 20 g/day" and later "recomputed as the remainder: 106 g".
    # A plugin raises protein after the carbohydrate rule without recomputing carbs.
    more = SetRule("more_protein", 600, lambda p, plan: {"protein_g": 2.2 * 65})
    pm = make_plugin_manager(entry_points=False, plugins=[plugin_with(more)])
    profile = person("female", 30, 65, 165, goal="maintain", body_fat_pct=28)
    plan = plan_for(profile, pm)
    (carbs_note,) = [f for f in plan.findings if f.rule == "carbohydrate"]
    (protein_note,) = [f for f in plan.findings if f.rule == "protein"]
    assert carbs_note.replaced_by == "safety_energy_identity"
    assert protein_note.replaced_by == "more_protein"
    assert_one_story(plan)
    text = to_markdown(plan)
    assert "`carbohydrate` (replaced by `safety_energy_identity`)" in text
    old = re.search(r"Carbohydrate (\d+) g/day", carbs_note.message)
    assert old is not None
    assert f"Carbohydrate {old.group(1)} g/day" not in story(plan)


def test_a_screen_warning_a_later_rule_changed_is_still_printed() -> None:
    # A plugin gives a 16-year-old a deficit and 300 g of fat: safety_age raises energy to
    # maintenance, then safety_no_negative_macro raises it again for the fat. The
    # safety_age warning was marked replaced and left out of the Markdown's warnings.
    fatty = SetRule(
        "fatty",
        600,
        lambda p, plan: {"target_kcal": plan.tdee_kcal - 500, "fat_g": 300.0},
    )
    pm = make_plugin_manager(entry_points=False, plugins=[plugin_with(fatty)])
    profile = person("female", 16, 60, 165, goal="maintain")
    plan = plan_for(profile, pm)
    (age,) = [f for f in warnings(plan) if f.rule == "safety_age"]
    assert age.replaced_by == "safety_no_negative_macro"
    assert_one_story(plan)
    shown = to_markdown(plan).split("## Warnings")[1].split("\n## ")[0]
    assert age.message in shown and "replaced by rule `safety_no_negative_macro`" in shown


def test_raised_energy_that_ends_a_deficit_states_the_final_carbohydrate() -> None:
    # A plugin's 145 g of protein and 200 g of fat in a deficit leave carbs negative;
    # raising energy ends the deficit, so protein drops to 2.2 g/kg and what it frees goes
    # to carbohydrate (5 g) — but the warning said "carbs set to 0 g".
    heavy = SetRule("heavy_fat", 600, lambda p, plan: {"protein_g": 145.0, "fat_g": 200.0})
    pm = make_plugin_manager(entry_points=False, plugins=[plugin_with(heavy)])
    profile = person("female", 30, 60, 165, body_fat_pct=22)
    plan = plan_for(profile, pm)
    assert plan.target_kcal > plan.tdee_kcal
    assert plan.protein_g == pytest.approx(2.2 * 60)
    assert round(plan.carbs_g) > 0
    assert_one_story(plan)
    (negative,) = [f for f in plan.findings if f.rule == "safety_no_negative_macro"]
    assert f"carbs set to {round(plan.carbs_g)} g" in negative.message


@settings(max_examples=30)
@given(profile=any_profiles(), goal=st.sampled_from(Goal), which=st.sampled_from(SABOTEUR_PMS))
def test_every_plan_reads_as_one_story(profile: Profile, goal: Goal, which: Any) -> None:
    assert_one_story(hipdip.nutrition_plan(profile, goal=goal, pm=PM))
    assert_one_story(hipdip.nutrition_plan(profile, goal=goal, pm=which))


# --------------------------------------------------------------------------- #
# assess() names the BMI class and the screens


def _body_fat_factor(profile: Profile) -> hipdip.Factor:
    factor = hipdip.assess(profile).factor("body_fat")
    assert factor is not None
    return factor


def test_assess_does_not_contradict_a_screen_on_an_implausible_navy_estimate() -> None:
    # It said "30.9 % (US Navy estimate); ACE category: obese … Losing fat slowly is good"
    # and then that the 0.3 % Navy figure refuses a deficit; each source was listed twice.
    factor = _body_fat_factor(person("male", 30, 150, 180, waist_cm=70, neck_cm=40))
    assert "ACE category" not in factor.status
    assert "waist_cm" in factor.status and "0.3 %" in factor.status
    assert "Losing fat slowly" not in factor.advice
    assert "safety_fat_loss_floor" in factor.advice
    for profile in (person("female", 19, 42, 170), person("male", 30, 150, 180)):
        parts = (_body_fat_factor(profile).source or "").split("; ")
        assert len(parts) == len(set(parts))


@pytest.mark.parametrize(
    ("weight", "height", "klass"),
    [(42, 170, "underweight"), (65, 165, "normal"), (80, 165, "overweight"), (95, 165, "obese")],
)
def test_assess_names_the_bmi_class(weight: float, height: float, klass: str) -> None:
    factor = _body_fat_factor(person("female", 30, weight, height, goal="maintain"))
    assert f"(WHO: {klass})" in factor.status
    assert "WHO" in (factor.source or "")


@pytest.mark.parametrize(
    ("profile", "rules"),
    [
        (person("female", 19, 42, 170), ["safety_underweight", "safety_fat_loss_floor"]),
        (person("female", 16, 50, 160), ["safety_age"]),
        (person("female", 75, 45, 150, activity="sedentary"), ["safety_age"]),
        (person("female", 30, 40, 140, activity="sedentary"), ["safety_kcal_floor"]),
        (person("female", 30, 48, 155, activity="sedentary"), ["safety_kcal_floor"]),
        (person("male", 40, 85, 180), []),
    ],
)
def test_assess_names_every_screen_that_would_fire_for_the_goal(
    profile: Profile, rules: list[str]
) -> None:
    advice = _body_fat_factor(profile).advice
    plan = hipdip.nutrition_plan(profile, pm=PM)
    assert rules == [rule for rule in warned(plan) if rule in SCREEN_IDS]
    for rule in SCREEN_IDS:
        assert (f"`{rule}`" in advice) is (rule in rules), rule
    if not rules:
        assert "none of hipdip's screens" in advice
    maintain = _body_fat_factor(attrs.evolve(profile, goal=Goal.MAINTAIN)).advice
    assert "For your goal" not in maintain


# --------------------------------------------------------------------------- #
# Unit mistakes get a helpful message


@pytest.mark.parametrize(
    ("weight", "height", "field", "hint"),
    [
        (65, 1.65, "height_cm", "1.65 looks like metres: give 165 cm"),
        (65, 65, "height_cm", "65 looks like inches: 65 in = 165.1 cm"),
        (65, 5.5, "height_cm", "5.5 looks like feet"),
        (441, 165, "weight_kg", "441 looks like pounds: 441 lb = 200.0 kg"),
        (65000, 165, "weight_kg", "65000 looks like grams: give 65 kg"),
        (250, 165, "weight_kg", "250 looks like pounds: 250 lb = 113.4 kg"),
    ],
)
def test_unit_mistakes_are_named(weight: float, height: float, field: str, hint: str) -> None:
    with pytest.raises(hipdip.ValidationError, match=rf"^{field}: ") as info:
        BodyComposition(weight, height)
    assert hint in str(info.value)


def test_unit_mistakes_are_named_in_json_documents_too() -> None:
    data = {"sex": "female", "age": 30, "experience": "beginner"}
    with pytest.raises(hipdip.ValidationError) as info:
        hipdip.io.from_dict({**data, "body": {"weight_kg": 65, "height_cm": 1.65}}, Profile)
    assert info.value.errors == (
        "body.height_cm: must be between 100 and 250 cm (got 1.65); 1.65 looks like metres: "
        "give 165 cm",
    )


def test_a_height_out_of_range_with_no_likely_unit_keeps_the_plain_message() -> None:
    with pytest.raises(hipdip.ValidationError) as info:
        BodyComposition(65, 90)
    assert str(info.value) == "height_cm: must be between 100 and 250 cm (got 90)"


@pytest.mark.parametrize(
    ("weight", "height", "fat"),
    [
        (12 * 1.5**2 * (1 + 1e-12), 150, None),  # BMI 12
        (80 * 1.5**2 * (1 - 1e-12), 150, None),  # BMI 80
        (60, 150, 100 * (1 - 9 * 1.5**2 / 60) - 1e-9),  # FFMI 9
        (90, 150, 100 * (1 - 32 * 1.5**2 / 90) + 1e-9),  # FFMI 32
    ],
)
def test_the_plausibility_bounds_are_inclusive(
    weight: float, height: float, fat: float | None
) -> None:
    body = BodyComposition(weight, height, body_fat_pct=fat)
    assert 12 <= body.bmi <= 80


def test_mifflin_is_what_the_kit_checks_against() -> None:
    # The hand formula above matches hipdip.body's (a guard for the tests themselves).
    assert mifflin("female", 65, 165, 30) == mifflin_st_jeor("female", 65, 165, 30) == 1370.25


@pytest.mark.parametrize(
    ("bmi", "age", "shown", "rule"),
    [
        (18.46, 30, "BMI 18.4 kg/m² is under 18.5", "safety_underweight"),
        (29.96, 70, "Age 70 with BMI 29.9 kg/m²", "safety_age"),
    ],
)
def test_a_screens_bmi_is_never_shown_across_the_bound_it_is_under(
    bmi: float, age: int, shown: str, rule: str
) -> None:
    # Rounded to one decimal, 18.46 read "BMI 18.5 kg/m² is under 18.5" and 29.96
    # "BMI 30.0 kg/m²: … a deficit only with obesity (BMI ≥ 30)": a warning that
    # contradicts itself. assess() said "BMI 18.5 kg/m² (WHO: underweight)".
    profile = Profile(
        sex="female",
        age=age,
        body=BodyComposition(bmi * 1.7**2, 170),
        experience="beginner",
        goal="fat_loss",
    )
    plan = hipdip.nutrition_plan(profile, pm=PM)
    warning = next(f for f in plan.findings if f.rule == rule)
    assert warning.severity is Severity.WARNING
    assert shown in warning.message, warning.message
    status = hipdip.assess(profile).factors[2].status
    assert f"BMI {shown.split('BMI ')[1][:4]} kg/m² (WHO: " in status, status


def test_an_estimated_body_fat_is_never_shown_across_the_floor() -> None:
    # Deurenberg 14.04 % for a man was "Body fat 14.0 % … is above the fat-loss floor of 14 %".
    bmi = (14.04 - 0.23 * 30 + 10.8 + 5.4) / 1.2
    profile = Profile(
        sex="male",
        age=30,
        body=BodyComposition(bmi * 1.75**2, 175),
        experience="beginner",
        goal="fat_loss",
    )
    plan = hipdip.nutrition_plan(profile, pm=PM)
    note = next(f for f in plan.findings if f.rule == "safety_fat_loss_floor")
    assert note.message.startswith("Body fat 14.04 % (estimated from BMI 19.4"), note.message
    assert "is above the fat-loss floor of 14 %" in note.message
