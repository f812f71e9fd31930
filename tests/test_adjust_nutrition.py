"""Energy that adapts to the scale: ``adjust_nutrition`` on synthetic weigh-ins."""

from __future__ import annotations

import datetime
import random
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hipdip
from hipdip import (
    BodyComposition,
    Measurement,
    MeasurementLog,
    Profile,
    ValidationError,
    adjust_nutrition,
    nutrition_plan,
)
from hipdip.builtin.nutrition import KCAL_FLOOR
from hipdip.nutrition import MAX_ADJUSTMENT_KCAL, weight_trend
from hipdip.plugins import make_plugin_manager
from hipdip.testing import strategies as hs

START = datetime.date(2024, 3, 1)
ME = Profile(
    sex="female",
    age=30,
    experience="beginner",
    activity="moderate",
    body=BodyComposition(65, 165, body_fat_pct=28),
    goal="fat_loss",
)


@pytest.fixture(scope="module")
def pm() -> Any:
    return make_plugin_manager(entry_points=False)


def weigh_ins(
    per_week: float, *, days: int = 21, every: int = 3, start_kg: float = 65.0, noise: float = 0.0
) -> MeasurementLog:
    rng = random.Random(7)
    return MeasurementLog(
        tuple(
            Measurement(
                START + datetime.timedelta(days=d),
                start_kg + per_week * d / 7 + rng.uniform(-noise, noise),
            )
            for d in range(0, days + 1, every)
        )
    )


def message(plan: hipdip.NutritionPlan) -> str:
    return next(f.message for f in plan.findings if f.rule == "adapt_energy")


def test_the_planned_numbers() -> None:
    plan = nutrition_plan(ME, pm=make_plugin_manager(entry_points=False))
    assert round(plan.target_kcal) == 1783
    assert round(plan.weekly_change_kg, 3) == -0.325


def test_losing_too_fast_raises_the_target_capped_at_250(pm: Any) -> None:
    plan = nutrition_plan(ME, pm=pm)
    adjusted = adjust_nutrition(ME, plan, weigh_ins(-1.0, start_kg=65.5), pm=pm)
    # (−1.0 − (−0.325)) · 7700 / 7 = −742 kcal/day: raise by 742, capped at 250
    assert adjusted.target_kcal == pytest.approx(plan.target_kcal + 250)
    assert "raised by 250 kcal/day (the most one adjustment moves" in message(adjusted)
    assert "−1.00 kg/week" in message(adjusted)
    assert adjusted.applied_rules[: len(plan.applied_rules) + 1] == (
        *plan.applied_rules,
        "adapt_energy",
    )


def test_losing_too_slowly_lowers_the_target(pm: Any) -> None:
    plan = nutrition_plan(ME, pm=pm)
    observed = -0.2
    adjusted = adjust_nutrition(ME, plan, weigh_ins(observed), pm=pm)
    expected = -(observed - plan.weekly_change_kg) * 7700 / 7  # −137.5 kcal/day
    assert expected == pytest.approx(-137.5, abs=0.1)
    assert adjusted.target_kcal == pytest.approx(plan.target_kcal + expected, abs=0.5)
    assert "lowered by 138 kcal/day" in message(adjusted)


def test_on_plan_keeps_the_target(pm: Any) -> None:
    plan = nutrition_plan(ME, pm=pm)
    adjusted = adjust_nutrition(ME, plan, weigh_ins(plan.weekly_change_kg), pm=pm)
    assert adjusted.target_kcal == pytest.approx(plan.target_kcal, abs=0.5)
    assert "the target stays" in message(adjusted)


@pytest.mark.parametrize(
    ("per_week", "words"),
    [
        (-1.0, "0.67 kg/week below the plan (losing faster than planned)"),
        (-0.2, "0.13 kg/week above the plan (losing slower than planned)"),
        (0.0, "0.33 kg/week above the plan (not losing)"),
        (1.0, "1.32 kg/week above the plan (gaining instead of losing)"),
        (-0.325, "— on plan;"),
    ],
)
def test_the_trend_is_said_as_it_is(pm: Any, per_week: float, words: str) -> None:
    """Was: gaining 1 kg a week on a fat-loss plan read "losing 1.32 kg/week slower than planned"."""
    plan = nutrition_plan(ME, pm=pm)
    assert round(plan.weekly_change_kg, 3) == -0.325
    assert words in message(adjust_nutrition(ME, plan, weigh_ins(per_week), pm=pm))


def test_noisy_weigh_ins_follow_the_trend(pm: Any) -> None:
    plan = nutrition_plan(ME, pm=pm)
    noisy = weigh_ins(-1.0, days=27, every=1, noise=0.8, start_kg=66)
    assert weight_trend(noisy.measurements) < -0.6  # the least-squares slope sees through noise
    assert adjust_nutrition(ME, plan, noisy, pm=pm).target_kcal > plan.target_kcal


def test_too_few_weigh_ins_say_how_many_more(pm: Any) -> None:
    plan = nutrition_plan(ME, pm=pm)
    few = weigh_ins(-1.0, days=6, every=3)  # 3 weigh-ins over 6 days
    adjusted = adjust_nutrition(ME, plan, few, pm=pm)
    assert adjusted.target_kcal == plan.target_kcal
    assert "2 more weigh-ins and 8 more days" in message(adjusted)
    spread = weigh_ins(-1.0, days=20, every=10)  # 3 over 20 days: enough days, not weigh-ins
    assert "2 more weigh-ins are needed" in message(adjust_nutrition(ME, plan, spread, pm=pm))


def test_only_the_last_four_weeks_count(pm: Any) -> None:
    plan = nutrition_plan(ME, pm=pm)
    old = weigh_ins(+1.0, days=60, every=2).measurements[:15]  # gaining, long ago
    recent = weigh_ins(plan.weekly_change_kg, days=21, every=3).measurements
    shifted = tuple(Measurement(m.date + datetime.timedelta(days=90), m.weight_kg) for m in recent)
    adjusted = adjust_nutrition(ME, plan, (*old, *shifted), pm=pm)
    assert adjusted.target_kcal == pytest.approx(plan.target_kcal, abs=0.5)


def test_never_past_the_screens(pm: Any) -> None:
    lean = Profile(
        sex="female",
        age=30,
        experience="beginner",
        body=BodyComposition(52, 165, body_fat_pct=20),
        goal="fat_loss",
    )
    plan = nutrition_plan(lean, pm=pm)  # the body-fat floor keeps this at maintenance
    assert plan.target_kcal == plan.tdee_kcal
    gaining = weigh_ins(+0.5, start_kg=52)
    adjusted = adjust_nutrition(lean, plan, gaining, pm=pm)
    assert adjusted.target_kcal == pytest.approx(plan.tdee_kcal)  # no deficit: the screen holds
    assert any(f.rule == "safety_fat_loss_floor" for f in adjusted.findings[len(plan.findings) :])


@pytest.mark.parametrize("count", [1, 8])
def test_a_weigh_in_that_fires_a_screen_ends_the_deficit_and_says_so(pm: Any, count: int) -> None:
    # 65 kg, fat loss; the scale now says 48 kg (BMI 17.6, underweight). With 1–4 weigh-ins
    # the deficit stayed, with no warning (the plan came back unchanged); with a trend the
    # energy went to maintenance, but the plan still said "Goal applied: fat loss" and gave
    # fat-loss protein, and warned twice.
    person = Profile(
        sex="female",
        age=30,
        experience="beginner",
        activity="moderate",
        body=BodyComposition(65, 165),
        goal="fat_loss",
    )
    plan = nutrition_plan(person, pm=pm)
    assert plan.target_kcal < plan.tdee_kcal
    scale = [Measurement(START + datetime.timedelta(days=3 * i), 48.0) for i in range(count)]
    adjusted = adjust_nutrition(person, plan, scale, pm=pm)
    assert adjusted.target_kcal == pytest.approx(adjusted.tdee_kcal)  # maintenance
    assert adjusted.weekly_change_kg == 0
    assert adjusted.goal is hipdip.Goal.MAINTAIN
    assert adjusted.protein_g == pytest.approx(1.6 * 48.0)  # maintenance protein, body now
    new = adjusted.findings[len(plan.findings) :]
    warned = [f.rule for f in new if f.severity is hipdip.Severity.WARNING]
    assert warned == ["safety_underweight"], warned
    assert "Goal fat_loss is not applied" in next(f.message for f in new if f.rule in warned)


def test_each_screen_that_fires_on_the_weigh_in_warns_once(pm: Any) -> None:
    # Underweight and under the fat-loss floor at once: nutrition_plan warns for both;
    # adjust_nutrition named only the screen that happened to raise the energy.
    plan = nutrition_plan(ME, pm=pm)
    thin = [
        Measurement(START + datetime.timedelta(days=3 * i), 48.0, body_fat_pct=15.0)
        for i in range(8)
    ]
    adjusted = adjust_nutrition(ME, plan, thin, pm=pm)
    new = adjusted.findings[len(plan.findings) :]
    warned = [f.rule for f in new if f.severity is hipdip.Severity.WARNING]
    assert sorted(warned) == ["safety_fat_loss_floor", "safety_underweight"], warned


def test_a_body_fat_measured_at_another_weight_is_not_carried_where_it_no_longer_fits(
    pm: Any,
) -> None:
    # Measured at 100 kg and 10 % body fat; the scale now says 121 kg. Carrying the 10 %
    # forward made a fat-free-mass index of 33.6 and refused the weigh-ins ("check
    # body_fat_pct (too low, or weight_kg in pounds)") though every number given was right.
    person = Profile(
        sex="male",
        age=30,
        experience="beginner",
        body=BodyComposition(100, 180, body_fat_pct=10),
        goal="maintain",
    )
    plan = nutrition_plan(person, pm=pm)
    scale = [Measurement(START + datetime.timedelta(days=d), 100.0 + d) for d in range(0, 22, 3)]
    adjusted = adjust_nutrition(person, plan, scale, pm=pm)
    assert adjusted.protein_g == pytest.approx(1.6 * 25 * 1.8**2)  # reference mass, no body fat
    # A body fat given with that weigh-in is the person's own number: still refused.
    told = [*scale[:-1], Measurement(scale[-1].date, 121.0, body_fat_pct=10)]
    with pytest.raises(ValidationError, match=r"measurements\[7\] with the profile's height"):
        adjust_nutrition(person, plan, told, pm=pm)


def test_bad_input(pm: Any) -> None:
    plan = nutrition_plan(ME, pm=pm)
    with pytest.raises(ValidationError, match=r"^measurements: give at least one"):
        adjust_nutrition(ME, plan, [], pm=pm)
    with pytest.raises(ValidationError, match=r"^plan:"):
        adjust_nutrition(ME, "plan", weigh_ins(-0.5), pm=pm)  # type: ignore[arg-type]
    implausible = [Measurement(START + datetime.timedelta(d), 250.0) for d in range(0, 22, 3)]
    with pytest.raises(
        ValidationError, match=r"measurements\[7\] with the profile's height: weight_kg"
    ):
        adjust_nutrition(ME, plan, implausible, pm=pm)


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("target_kcal", 1e300, r"plan\.target_kcal is 1e\+300, beyond ±20000 kcal/day"),
        ("bmr_kcal", -1e300, r"plan\.bmr_kcal is -1e\+300, beyond ±20000 kcal/day"),
        ("tdee_kcal", 0.0, r"plan\.tdee_kcal is 0, not a positive energy"),
        ("carbs_g", 1e9, r"plan\.carbs_g is 1e\+09, beyond ±5000 g"),
        ("weekly_change_kg", 1e300, r"plan\.weekly_change_kg is 1e\+300, beyond ±0\.65 kg/week"),
        ("weekly_change_kg", -0.7, r"plan\.weekly_change_kg is -0\.7, beyond ±0\.65 kg/week"),
        # Just past the bound: said with the digits that show it (not "0.65, beyond ±0.65").
        (
            "weekly_change_kg",
            -0.650000001,
            r"plan\.weekly_change_kg is -0\.650000001, beyond ±0\.65 kg/week",
        ),
    ],
)
def test_a_plan_of_absurd_numbers_is_refused_naming_the_field(
    pm: Any, field: str, value: float, words: str
) -> None:
    """Was (an attacker's review): a plan passed back in with 1e300 kcal was refused as an
    overlong finding message (naming hipdip's own text), and a weekly change of 1e300
    kg/week came back unchanged under fat loss. The 1 % rate cap: 0.65 kg/week at 65 kg."""
    plan = attrs.evolve(nutrition_plan(ME, pm=pm), **{field: value})
    with pytest.raises(ValidationError, match=rf"^{words}: give the plan hipdip.nutrition_plan"):
        adjust_nutrition(ME, plan, weigh_ins(-0.5), pm=pm)


@settings(max_examples=40, deadline=None)
@given(
    profile=hs.profiles(goal=st.sampled_from(["fat_loss", "maintain", "lean_gain"])),
    per_week=st.floats(-2.0, 2.0),
    days=st.integers(0, 40),
    every=st.integers(1, 7),
)
def test_never_below_the_floors_and_never_more_than_250(
    pm: Any, profile: Profile, per_week: float, days: int, every: int
) -> None:
    plan = nutrition_plan(profile, pm=pm)
    weight = profile.body.weight_kg
    end = max(20.0, min(400.0, weight + per_week * days / 7))
    # Weigh-ins that end at the profile's weight (the person as they are now).
    log = MeasurementLog(
        tuple(
            Measurement(START + datetime.timedelta(d), end - per_week * (days - d) / 7)
            for d in range(0, days + 1, every)
            if 20 <= end - per_week * (days - d) / 7 <= 400
        )
        or (Measurement(START, weight),)
    )
    if log.measurements[-1].weight_kg != weight:
        log = MeasurementLog((*log.measurements, Measurement(log.measurements[-1].date, weight)))
    adjusted = adjust_nutrition(profile, plan, log, pm=pm)
    assert abs(adjusted.target_kcal - plan.target_kcal) <= MAX_ADJUSTMENT_KCAL + 1e-6
    assert adjusted.target_kcal >= adjusted.bmr_kcal - 1e-6
    if adjusted.target_kcal < adjusted.tdee_kcal - 1e-6:
        assert adjusted.target_kcal >= KCAL_FLOOR[profile.sex] - 1e-6
        assert (adjusted.tdee_kcal - adjusted.target_kcal) * 7 / 7700 <= 0.01 * weight + 1e-6
    identity = abs(adjusted.macro_kcal - adjusted.target_kcal)
    assert identity <= 0.01 * adjusted.target_kcal


def test_measurements_without_a_weight_are_passed_over(pm: Any) -> None:
    # A tape measure's waist on a day with no weigh-in (issue 18): kept in the log, not in
    # the trend; the answer is the one the weigh-ins alone give.
    plan = nutrition_plan(ME, pm=pm)
    weighed = weigh_ins(-1.0)
    waists = [
        Measurement(m.date + datetime.timedelta(days=1), waist_cm=80.0)
        for m in weighed.measurements
    ]
    mixed = MeasurementLog(tuple(sorted((*weighed.measurements, *waists), key=lambda m: m.date)))
    assert mixed.measurements[-1].weight_kg is None  # the latest reading is a waist
    assert adjust_nutrition(ME, plan, mixed, pm=pm) == adjust_nutrition(ME, plan, weighed, pm=pm)
    with pytest.raises(
        ValidationError,
        match=r"^measurements: give at least one weigh-in \(got "
        r"none: 8 measurements without a weight\)$",
    ):
        adjust_nutrition(ME, plan, waists, pm=pm)
