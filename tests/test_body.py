"""Body formulas: SCIENCE.md's worked numbers, ACE boundaries, bad input, and monotonicity."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from hipdip import ActivityLevel, BodyComposition, Profile, Sex, ValidationError
from hipdip.body import (
    ACTIVITY_FACTORS,
    FAT_LOSS_FLOOR_PCT,
    BmiClass,
    BodyFatCategory,
    bmi_class,
    body_fat_category,
    deurenberg_body_fat,
    estimate_body_fat,
    katch_mcardle,
    mifflin_st_jeor,
    navy_body_fat,
    reference_mass_kg,
    tdee,
)
from hipdip.models import profile as bounds
from hipdip.testing import strategies as hs

# --------------------------------------------------------------------------- #
# Worked numbers of SCIENCE.md, to 0.01


def test_mifflin_st_jeor_worked_examples() -> None:
    assert mifflin_st_jeor(Sex.FEMALE, 65, 165, 30) == pytest.approx(1370.25, abs=0.01)
    assert mifflin_st_jeor(Sex.MALE, 65, 165, 30) == pytest.approx(1536.25, abs=0.01)
    assert mifflin_st_jeor("female", 65.0, 165.0, 30) == pytest.approx(1370.25, abs=0.01)


def test_katch_mcardle_worked_example() -> None:
    lean = BodyComposition(weight_kg=65, height_cm=165, body_fat_pct=28).lean_mass_kg
    assert lean == pytest.approx(46.8, abs=0.01)
    assert katch_mcardle(46.8) == pytest.approx(1380.88, abs=0.01)


def test_navy_worked_examples() -> None:
    male = navy_body_fat(Sex.MALE, 180, waist_cm=85, neck_cm=38)
    female = navy_body_fat(Sex.FEMALE, 165, waist_cm=72, neck_cm=33, hip_cm=98)
    assert male == pytest.approx(16.11, abs=0.01)
    assert female == pytest.approx(26.92, abs=0.01)


def test_deurenberg_worked_examples() -> None:
    # SCIENCE.md: BF% = 1.20·BMI + 0.23·age − 10.8·sex − 5.4 (Deurenberg et al., 1991).
    woman = BodyComposition(weight_kg=47, height_cm=168)
    man = BodyComposition(weight_kg=85, height_cm=180)
    assert round(woman.bmi, 2) == 16.65
    assert round(man.bmi, 2) == 26.23
    assert round(deurenberg_body_fat("female", 25, woman.bmi), 1) == 20.3
    assert round(deurenberg_body_fat("male", 40, man.bmi), 1) == 24.5
    assert deurenberg_body_fat("female", 25, 20) == pytest.approx(1.2 * 20 + 0.23 * 25 - 5.4)
    assert deurenberg_body_fat("male", 25, 20) == pytest.approx(1.2 * 20 + 0.23 * 25 - 16.2)


def test_reference_mass_worked_examples() -> None:
    # SCIENCE.md: never more than the weight at BMI 25 (25·m²) unless measured fat < ACE obese.
    assert reference_mass_kg(BodyComposition(150, 180), "male") == pytest.approx(81.0)
    assert round(reference_mass_kg(BodyComposition(120, 165), "female"), 2) == 68.06
    assert reference_mass_kg(BodyComposition(65, 165), "female") == 65
    lean = BodyComposition(110, 180, body_fat_pct=24.9)  # under the men's 25 %: body mass
    assert reference_mass_kg(lean, Sex.MALE) == 110
    obese = BodyComposition(110, 180, body_fat_pct=25)
    assert reference_mass_kg(obese, Sex.MALE) == pytest.approx(81.0)
    assert reference_mass_kg(BodyComposition(110, 180, body_fat_pct=31.9), "female") == 110
    assert reference_mass_kg(BodyComposition(110, 180, body_fat_pct=32), "female") == 81.0


@pytest.mark.parametrize(
    ("bmi", "klass"),
    [
        (12, BmiClass.UNDERWEIGHT),
        (18.49, BmiClass.UNDERWEIGHT),
        (18.5, BmiClass.NORMAL),
        (24.99, BmiClass.NORMAL),
        (25, BmiClass.OVERWEIGHT),
        (29.99, BmiClass.OVERWEIGHT),
        (30, BmiClass.OBESE),
        (80, BmiClass.OBESE),
    ],
)
def test_who_bmi_classes(bmi: float, klass: BmiClass) -> None:
    assert bmi_class(bmi) is klass


@given(hs.body_compositions(), st.sampled_from(Sex))
def test_reference_mass_never_exceeds_body_mass(body: BodyComposition, sex: Sex) -> None:
    reference = reference_mass_kg(body, sex)
    assert 0 < reference <= body.weight_kg
    if body.bmi <= 25:
        assert reference == body.weight_kg
    else:
        assert reference >= 25 * (body.height_cm / 100) ** 2 * (1 - 1e-12)


@given(hs.profiles())
def test_every_valid_body_has_a_screening_estimate(profile: Profile) -> None:
    estimate = estimate_body_fat(profile.sex, profile.body, profile.age)
    assert estimate is not None
    body = profile.body
    if body.body_fat_pct is None and estimate_body_fat(profile.sex, body) is None:
        assert estimate.method == "deurenberg"
        assert estimate.source is not None
        assert "Deurenberg" in estimate.source
    # Clamped into what this body can have: it builds a valid body.
    BodyComposition(body.weight_kg, body.height_cm, body_fat_pct=estimate.pct)


@pytest.mark.parametrize(
    ("activity", "factor"),
    [
        (ActivityLevel.SEDENTARY, 1.2),
        (ActivityLevel.LIGHT, 1.375),
        (ActivityLevel.MODERATE, 1.55),
        (ActivityLevel.VERY, 1.725),
        (ActivityLevel.EXTRA, 1.9),
    ],
)
def test_tdee_factors(activity: ActivityLevel, factor: float) -> None:
    assert ACTIVITY_FACTORS[activity] == factor
    assert tdee(1370.25, activity) == pytest.approx(1370.25 * factor, abs=0.01)
    assert tdee(1370.25, activity.value) == tdee(1370.25, activity)


def test_tdee_worked_example() -> None:
    # Mifflin female example at moderate activity: 1370.25 × 1.55
    assert tdee(1370.25, "moderate") == pytest.approx(2123.89, abs=0.01)


def test_fat_loss_floor_is_the_lower_edge_of_ace_fitness() -> None:
    for sex, floor in FAT_LOSS_FLOOR_PCT.items():
        assert body_fat_category(sex, floor) is BodyFatCategory.FITNESS
        assert body_fat_category(sex, floor - 0.01) is BodyFatCategory.ATHLETES
    assert FAT_LOSS_FLOOR_PCT == {Sex.FEMALE: 21.0, Sex.MALE: 14.0}


# --------------------------------------------------------------------------- #
# ACE categories: each lower bound inclusive, each band up to the next bound

ACE = [
    (Sex.FEMALE, 9.99, "below_essential"),
    (Sex.FEMALE, 10, "essential"),
    (Sex.FEMALE, 13, "essential"),
    (Sex.FEMALE, 13.5, "essential"),  # in the published gap 13–14
    (Sex.FEMALE, 13.99, "essential"),
    (Sex.FEMALE, 14, "athletes"),
    (Sex.FEMALE, 20.5, "athletes"),
    (Sex.FEMALE, 21, "fitness"),
    (Sex.FEMALE, 24.9, "fitness"),
    (Sex.FEMALE, 25, "average"),
    (Sex.FEMALE, 31.5, "average"),
    (Sex.FEMALE, 32, "obese"),
    (Sex.FEMALE, 70, "obese"),
    (Sex.MALE, 1.99, "below_essential"),
    (Sex.MALE, 2, "essential"),
    (Sex.MALE, 5.5, "essential"),
    (Sex.MALE, 6, "athletes"),
    (Sex.MALE, 13.5, "athletes"),
    (Sex.MALE, 14, "fitness"),
    (Sex.MALE, 17.5, "fitness"),
    (Sex.MALE, 18, "average"),
    (Sex.MALE, 24.5, "average"),
    (Sex.MALE, 25, "obese"),
]


@pytest.mark.parametrize(("sex", "pct", "category"), ACE)
def test_ace_categories(sex: Sex, pct: float, category: str) -> None:
    assert body_fat_category(sex, pct) == BodyFatCategory(category)


ORDER = list(BodyFatCategory)


@given(st.sampled_from(Sex), st.floats(0, 100), st.floats(0, 100))
def test_ace_category_is_monotone_in_body_fat(sex: Sex, a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert ORDER.index(body_fat_category(sex, low)) <= ORDER.index(body_fat_category(sex, high))


# --------------------------------------------------------------------------- #
# Impossible input: ValidationError naming the field

BAD_CALLS: list[tuple[Any, tuple[Any, ...], dict[str, Any], str]] = [
    (mifflin_st_jeor, ("female", 0, 165, 30), {}, "weight_kg"),
    (mifflin_st_jeor, ("female", -65, 165, 30), {}, "weight_kg"),
    (mifflin_st_jeor, ("female", 65, 99, 30), {}, "height_cm"),
    (mifflin_st_jeor, ("female", 65, 251, 30), {}, "height_cm"),
    (mifflin_st_jeor, ("female", 65, 165, 15), {}, "age"),
    (mifflin_st_jeor, ("female", 65, 165, 101), {}, "age"),
    (mifflin_st_jeor, ("female", "65", 165, 30), {}, "weight_kg"),
    (mifflin_st_jeor, ("female", True, 165, 30), {}, "weight_kg"),
    (mifflin_st_jeor, ("female", math.nan, 165, 30), {}, "weight_kg"),
    (mifflin_st_jeor, ("other", 65, 165, 30), {}, "sex"),
    (katch_mcardle, (0,), {}, "lean_mass_kg"),
    (katch_mcardle, (-1,), {}, "lean_mass_kg"),
    (katch_mcardle, (math.inf,), {}, "lean_mass_kg"),
    (tdee, (0, "light"), {}, "bmr_kcal"),
    (tdee, (-1370, "light"), {}, "bmr_kcal"),
    (tdee, (1370, "lazy"), {}, "activity"),
    (tdee, (None, "light"), {}, "bmr_kcal"),
    (navy_body_fat, ("male", 180), {"waist_cm": 38, "neck_cm": 38}, "waist_cm"),
    (navy_body_fat, ("male", 180), {"waist_cm": 35, "neck_cm": 40}, "waist_cm"),
    (navy_body_fat, ("female", 165), {"waist_cm": 72, "neck_cm": 33}, "hip_cm"),
    (navy_body_fat, ("female", 165), {"waist_cm": 72, "neck_cm": 33, "hip_cm": 10}, "hip_cm"),
    (navy_body_fat, ("male", 90), {"waist_cm": 85, "neck_cm": 38}, "height_cm"),
    (navy_body_fat, ("male", 180), {"waist_cm": 0, "neck_cm": 38}, "waist_cm"),
    (navy_body_fat, ("male", 180), {"waist_cm": 85, "neck_cm": -1}, "neck_cm"),
    (navy_body_fat, ("male", 180), {"waist_cm": "85", "neck_cm": 38}, "waist_cm"),
    (body_fat_category, ("female", -1), {}, "pct"),
    (body_fat_category, ("female", 101), {}, "pct"),
    (body_fat_category, ("female", math.nan), {}, "pct"),
    (body_fat_category, ("unknown", 20), {}, "sex"),
    (bmi_class, (0,), {}, "bmi"),
    (bmi_class, (math.nan,), {}, "bmi"),
    (bmi_class, ("25",), {}, "bmi"),
    (deurenberg_body_fat, ("female", 15, 20), {}, "age"),
    (deurenberg_body_fat, ("female", 30, -1), {}, "bmi"),
    (deurenberg_body_fat, ("x", 30, 20), {}, "sex"),
    (reference_mass_kg, ({"weight_kg": 80}, "male"), {}, "body"),
    (reference_mass_kg, (BodyComposition(80, 180), "x"), {}, "sex"),
]


@pytest.mark.parametrize(
    ("function", "args", "kwargs", "field"),
    BAD_CALLS,
    ids=[f"{f.__name__}{a}{k or ''}"[:60] for f, a, k, _ in BAD_CALLS],
)
def test_impossible_input_raises_validation_error_naming_the_field(
    function: Any, args: tuple[Any, ...], kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as info:
        function(*args, **kwargs)
    assert str(info.value).startswith(f"{field}:")


def test_waist_not_above_neck_message_names_both() -> None:
    with pytest.raises(ValidationError, match="waist_cm=38, neck_cm=38"):
        navy_body_fat("male", 180, waist_cm=38, neck_cm=38)


# --------------------------------------------------------------------------- #
# Properties

#: Inputs at least this far apart (a hundredth of a unit) must give different results.
STEP = 0.01
sexes = st.sampled_from(Sex)
weights = st.floats(*bounds.WEIGHT_KG)
heights = st.floats(*bounds.HEIGHT_CM)
ages = st.integers(*bounds.AGE)


@given(sexes, weights, weights, heights, ages)
def test_mifflin_increases_with_weight(
    sex: Sex, a: float, b: float, height: float, age: int
) -> None:
    assume(b - a >= STEP)
    assert mifflin_st_jeor(sex, a, height, age) < mifflin_st_jeor(sex, b, height, age)


@given(sexes, weights, heights, heights, ages)
def test_mifflin_increases_with_height(
    sex: Sex, weight: float, a: float, b: float, age: int
) -> None:
    assume(b - a >= STEP)
    assert mifflin_st_jeor(sex, weight, a, age) < mifflin_st_jeor(sex, weight, b, age)


@given(sexes, weights, heights, ages, ages)
def test_mifflin_decreases_with_age(sex: Sex, weight: float, height: float, a: int, b: int) -> None:
    assume(b - a >= STEP)
    assert mifflin_st_jeor(sex, weight, height, a) > mifflin_st_jeor(sex, weight, height, b)


@given(weights, heights, ages)
def test_mifflin_men_minus_women_is_166(weight: float, height: float, age: int) -> None:
    male = mifflin_st_jeor(Sex.MALE, weight, height, age)
    female = mifflin_st_jeor(Sex.FEMALE, weight, height, age)
    assert male - female == pytest.approx(166.0)


@given(st.floats(0.1, bounds.WEIGHT_KG[1]), st.floats(0.1, bounds.WEIGHT_KG[1]))
def test_katch_mcardle_increases_with_lean_mass(a: float, b: float) -> None:
    assume(b - a >= STEP)
    assert katch_mcardle(a) < katch_mcardle(b)


@given(st.floats(1, 10_000), st.sampled_from(ActivityLevel), st.sampled_from(ActivityLevel))
def test_tdee_grows_with_activity(bmr: float, a: ActivityLevel, b: ActivityLevel) -> None:
    levels = list(ActivityLevel)
    assume(levels.index(a) < levels.index(b))
    assert bmr < tdee(bmr, a) < tdee(bmr, b)


@given(heights, st.floats(60, 150), st.floats(60, 150), st.floats(25, 45))
def test_navy_male_increases_with_waist(height: float, a: float, b: float, neck: float) -> None:
    assume(b - a >= STEP)
    assert navy_body_fat("male", height, a, neck) < navy_body_fat("male", height, b, neck)


@given(heights, heights, st.floats(60, 150), st.floats(25, 45))
def test_navy_decreases_with_height(a: float, b: float, waist: float, neck: float) -> None:
    assume(b - a >= STEP)
    for sex, hip in ((Sex.MALE, None), (Sex.FEMALE, 100.0)):
        assert navy_body_fat(sex, a, waist, neck, hip) > navy_body_fat(sex, b, waist, neck, hip)


@given(heights, st.floats(60, 150), st.floats(80, 150), st.floats(80, 150), st.floats(25, 45))
def test_navy_female_increases_with_hip(
    height: float, waist: float, a: float, b: float, neck: float
) -> None:
    assume(b - a >= STEP)
    low = navy_body_fat("female", height, waist, neck, hip_cm=a)
    assert low < navy_body_fat("female", height, waist, neck, hip_cm=b)


@given(heights, st.floats(60, 150), st.floats(25, 45), st.floats(25, 45))
def test_navy_male_decreases_with_neck(height: float, waist: float, a: float, b: float) -> None:
    assume(b - a >= STEP)
    assert navy_body_fat("male", height, waist, a) > navy_body_fat("male", height, waist, b)


@given(hs.profiles())
def test_estimate_body_fat_never_crashes_and_stays_in_the_model_range(profile: Profile) -> None:
    estimate = estimate_body_fat(profile.sex, profile.body)
    body = profile.body
    if body.body_fat_pct is not None:
        assert estimate is not None
        assert (estimate.pct, estimate.method) == (body.body_fat_pct, "measured")
    elif estimate is None:
        assert body.waist_cm is None or body.neck_cm is None
    else:
        assert estimate.method == "navy"
        assert estimate.source is not None
        assert bounds.BODY_FAT_PCT[0] <= estimate.pct <= bounds.BODY_FAT_PCT[1]
        BodyComposition(body.weight_kg, body.height_cm, body_fat_pct=estimate.pct)


@given(hs.profiles())
def test_energy_formulas_accept_every_valid_profile(profile: Profile) -> None:
    body = profile.body
    bmr = mifflin_st_jeor(profile.sex, body.weight_kg, body.height_cm, profile.age)
    assert math.isfinite(bmr)
    assert bmr > 0  # even at 20 kg, 100 cm and 100 years
    if body.lean_mass_kg is not None:
        assert katch_mcardle(body.lean_mass_kg) > 0
    assert tdee(bmr, profile.activity) > bmr
