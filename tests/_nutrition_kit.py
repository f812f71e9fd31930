"""Helpers shared by the nutrition tests: test plugins, valid bodies, and §Invariants 6 by hand.

The invariants are recomputed here from SCIENCE.md's numbers, not imported
from the code under test (only the body-fat *estimate* comes from
:func:`hipdip.body.estimate_body_fat`, whose worked numbers ``test_body.py``
checks).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import attrs
from hypothesis import strategies as st

import hipdip
from hipdip import (
    ActivityLevel,
    BodyComposition,
    Experience,
    Goal,
    NutritionPlan,
    Profile,
    Severity,
    Sex,
)
from hipdip.body import estimate_body_fat
from hipdip.models import profile as profile_model

try:  # the shared kit's strategy, when present
    from hipdip.testing.strategies import profiles as kit_profiles
except ImportError:  # pragma: no cover - kit not installed
    kit_profiles = None

# SCIENCE.md numbers, written out again so that a wrong constant in the code fails here.
FAT_LOSS_FLOOR = {Sex.FEMALE: 21.0, Sex.MALE: 14.0}
ACE_OBESE = {Sex.FEMALE: 32.0, Sex.MALE: 25.0}
KCAL_FLOOR = {Sex.FEMALE: 1200.0, Sex.MALE: 1500.0}
TOL = 1e-9


def plugin_with(*rules: Any, name: str = "TestNutritionPlugin") -> Any:
    """A plugin object (class instance) registering ``rules``."""

    def register_rules(self: Any, register: Callable[[Any], None]) -> None:
        for rule in rules:
            register(rule)

    cls = type(name, (), {"hipdip_register_nutrition_rules": hipdip.hookimpl(register_rules)})
    return cls()


@attrs.frozen
class SetRule:
    """A plugin rule that sets fields to fixed numbers (or computes them from the draft)."""

    id: str
    priority: int
    make: Callable[[Profile, NutritionPlan], dict[str, Any]]

    def apply(self, profile: Profile, goal: Goal, plan: NutritionPlan) -> NutritionPlan:
        return attrs.evolve(plan, **self.make(profile, plan))


def bmi(profile: Profile) -> float:
    return profile.body.weight_kg / (profile.body.height_cm / 100) ** 2


def reference_mass(profile: Profile) -> float:
    """SCIENCE.md: body mass, at most 25·m², unless a measured body fat is under ACE obese."""
    body = profile.body
    if body.body_fat_pct is not None and body.body_fat_pct < ACE_OBESE[profile.sex]:
        return body.weight_kg
    return min(body.weight_kg, 25 * (body.height_cm / 100) ** 2)


def firing_screens(profile: Profile) -> set[str]:
    """The screens of SCIENCE.md §Screens before any deficit that forbid a deficit."""
    fired = set()
    if bmi(profile) < 18.5:
        fired.add("safety_underweight")
    if profile.age < 18 or (profile.age >= 65 and bmi(profile) < 30):
        fired.add("safety_age")
    estimate = estimate_body_fat(profile.sex, profile.body, profile.age)
    assert estimate is not None
    if estimate.pct <= FAT_LOSS_FLOOR[profile.sex]:
        fired.add("safety_fat_loss_floor")
    return fired


def protein_range(profile: Profile, plan: NutritionPlan) -> tuple[float, float]:
    """1.6–2.2 g/kg reference mass (3.1 g/kg FFM in a deficit), both ≤ 35 % of energy."""
    reference = reference_mass(profile)
    low, high = 1.6 * reference, 2.2 * reference
    known = estimate_body_fat(profile.sex, profile.body)  # measured or Navy, no Deurenberg
    if plan.target_kcal < plan.tdee_kcal and known is not None:
        high = max(high, 3.1 * profile.body.weight_kg * (1 - known.pct / 100))
    cap = 0.35 * plan.target_kcal / 4
    return min(low, cap), min(high, cap)


def assert_invariants(profile: Profile, plan: NutritionPlan, asked: Goal | None = None) -> None:
    """SCIENCE.md §Invariants 6 and §Screens before any deficit, for a final plan."""
    weight = profile.body.weight_kg
    scale = max(1.0, abs(plan.target_kcal), abs(plan.tdee_kcal))
    slack = TOL * scale
    # Every macro ≥ 0.
    assert plan.protein_g >= 0
    assert plan.fat_g >= 0
    assert plan.carbs_g >= 0
    # Protein within its g/kg range of the reference mass, and ≤ 35 % of the energy.
    low, high = protein_range(profile, plan)
    assert low * (1 - TOL) <= plan.protein_g <= high * (1 + TOL)
    assert 4 * plan.protein_g <= 0.35 * plan.target_kcal + slack
    # Fat ≥ 20 % of energy and ≥ 0.5 g/kg.
    assert 9 * plan.fat_g >= 0.2 * plan.target_kcal - slack
    assert plan.fat_g >= 0.5 * weight * (1 - TOL)
    # Energy identity within 1 %.
    macro = 4 * plan.protein_g + 4 * plan.carbs_g + 9 * plan.fat_g
    assert abs(macro - plan.target_kcal) <= 0.01 * plan.target_kcal + slack
    # Weekly loss ≤ 1 % of body mass: the stated rate and the one the energy implies.
    cap = 0.01 * weight
    assert plan.weekly_change_kg >= -cap - slack
    assert (plan.target_kcal - plan.tdee_kcal) * 7 / 7700 >= -cap - slack
    # Target ≥ BMR.
    assert plan.target_kcal >= plan.bmr_kcal - slack
    assert plan.bmr_kcal > 0
    # A deficit is never under the absolute floor: target ≥ floor, or = maintenance.
    deficit = plan.target_kcal < plan.tdee_kcal - slack
    if deficit:
        assert plan.target_kcal >= KCAL_FLOOR[profile.sex] - slack
    # No deficit when a screen forbids one.
    fired = firing_screens(profile)
    if fired:
        assert not deficit, fired
        assert plan.weekly_change_kg >= -slack, fired
    # Asked for fat loss: each screen that fires is a WARNING, and maintain is applied.
    warned = {f.rule for f in plan.findings if f.severity is Severity.WARNING}
    if asked is Goal.FAT_LOSS and fired:
        assert fired <= warned, (fired, warned)
        assert plan.goal is Goal.MAINTAIN
    # Every finding cites a source; no sentence about dips carries a number.
    assert all(f.source for f in plan.findings)
    for finding in plan.findings:
        assert_no_numeric_dip_claim(finding.message)


_DIP_WORDS = re.compile(r"\bdips?\b|depression|contour", re.IGNORECASE)


def assert_no_numeric_dip_claim(text: str) -> None:
    for sentence in re.split(r"(?<=[.!?;])\s+", text):
        if _DIP_WORDS.search(sentence):
            assert not re.search(r"\d", sentence), sentence


def _floats(low: float, high: float) -> st.SearchStrategy[float]:
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


@st.composite
def plausible_bodies(draw: st.DrawFn) -> BodyComposition:
    """Bodies across the whole valid range (BMI 12–80, FFMI 9–32), circumferences consistent."""
    height = draw(_floats(*profile_model.HEIGHT_CM))
    square = (height / 100) ** 2
    bmi_low, bmi_high = (12 * (1 + TOL), 80 * (1 - TOL))
    weight = draw(
        _floats(
            max(profile_model.WEIGHT_KG[0], bmi_low * square),
            min(profile_model.WEIGHT_KG[1], bmi_high * square),
        )
    )
    fat_low = max(profile_model.BODY_FAT_PCT[0], 100 * (1 - 32 * square / weight) + 1e-6)
    fat_high = min(profile_model.BODY_FAT_PCT[1], 100 * (1 - 9 * square / weight) - 1e-6)
    neck = draw(st.none() | _floats(*profile_model.NECK_CM))
    waist_low = max(profile_model.WAIST_CM[0], math.nextafter(neck, math.inf) if neck else 0)
    return BodyComposition(
        weight_kg=weight,
        height_cm=height,
        body_fat_pct=draw(st.none() | _floats(fat_low, fat_high)),
        waist_cm=draw(st.none() | _floats(waist_low, profile_model.WAIST_CM[1])),
        hip_cm=draw(st.none() | _floats(*profile_model.HIP_CM)),
        neck_cm=neck,
    )


def local_profiles() -> st.SearchStrategy[Profile]:
    return st.builds(
        Profile,
        sex=st.sampled_from(Sex),
        age=st.integers(*profile_model.AGE),
        body=plausible_bodies(),
        experience=st.sampled_from(Experience),
        activity=st.sampled_from(ActivityLevel),
        goal=st.sampled_from(Goal),
    )


def any_profiles() -> st.SearchStrategy[Profile]:
    """The kit's profiles (realistic first) or bodies from anywhere in the valid range."""
    if kit_profiles is None:  # pragma: no cover
        return local_profiles()
    return st.one_of(kit_profiles(), local_profiles())
