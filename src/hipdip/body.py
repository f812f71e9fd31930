"""Body-composition and energy formulas, as plain functions of numbers.

Every coefficient is quoted from ``SCIENCE.md`` with its source. Results are
unrounded floats; round only when showing them.

>>> from hipdip.body import katch_mcardle, mifflin_st_jeor, navy_body_fat, tdee
>>> mifflin_st_jeor("female", 65, 165, 30)
1370.25
>>> round(katch_mcardle(46.8), 2)
1380.88
>>> round(navy_body_fat("male", 180, waist_cm=85, neck_cm=38), 2)
16.11
>>> round(tdee(1370.25, "moderate"), 2)
2123.89
>>> body_fat_category("female", 21)
<BodyFatCategory.FITNESS: 'fitness'>
>>> bmi_class(16.65), round(deurenberg_body_fat("female", 25, 47 / 1.68**2), 1)
(<BmiClass.UNDERWEIGHT: 'underweight'>, 20.3)
>>> reference_mass_kg(BodyComposition(weight_kg=150, height_cm=180), "male")
81.0
"""

from __future__ import annotations

import enum
import math

import attrs

from hipdip.errors import ValidationError
from hipdip.models import _checks as c
from hipdip.models import profile as _profile
from hipdip.models.enums import ActivityLevel, Sex
from hipdip.models.profile import BodyComposition

__all__ = [
    "ACTIVITY_FACTORS",
    "BMI_CLASS_LOWER_BOUNDS",
    "FAT_LOSS_FLOOR_PCT",
    "HIGH_ANTERIOR_TILT_DEG",
    "KCAL_PER_KG",
    "REFERENCE_BMI",
    "BmiClass",
    "BodyFatCategory",
    "BodyFatEstimate",
    "bmi_class",
    "body_fat_category",
    "deurenberg_body_fat",
    "estimate_body_fat",
    "format_bmi",
    "is_high_anterior_tilt",
    "katch_mcardle",
    "mifflin_st_jeor",
    "navy_body_fat",
    "obese_threshold_pct",
    "reference_mass_kg",
    "tdee",
]

#: TDEE = BMR × factor (the usual Harris–Benedict-derived factors; McArdle,
#: Katch & Katch, *Exercise Physiology*).
ACTIVITY_FACTORS: dict[ActivityLevel, float] = {
    ActivityLevel.SEDENTARY: 1.2,
    ActivityLevel.LIGHT: 1.375,
    ActivityLevel.MODERATE: 1.55,
    ActivityLevel.VERY: 1.725,
    ActivityLevel.EXTRA: 1.9,
}

#: Energy content of body-mass change, kcal per kg (Wishnofsky, 1958; an
#: approximation that over-predicts long-term loss: Hall et al., 2011, Lancet).
KCAL_PER_KG = 7700.0

# Sources as people read them: a full reference (authors, year, journal or
# publisher), or the section of the published science page that lists it
# (``docs/science.md#energy``); tests/test_sources.py checks every one.
#: The article hipdip turns into software, by its title and publisher.
ARTICLE_SOURCE = (
    "“How to Get Rid of Butt Dips With Exercise”, Biology Insights "
    "(biologyinsights.com/how-to-get-rid-of-butt-dips-with-exercise)"
)
MIFFLIN_SOURCE = "Mifflin et al., 1990, Am J Clin Nutr"
KATCH_SOURCE = "Katch & McArdle, 1996 (docs/science.md#energy)"
NAVY_SOURCE = (
    "Hodgdon & Beckett, 1984, Naval Health Research Center reports 84-11 and 84-29 "
    "(US Navy circumference method)"
)
ACE_SOURCE = "American Council on Exercise (ACE) body-fat categories (docs/science.md#body-fat)"
TDEE_SOURCE = (
    "McArdle, Katch & Katch, Exercise Physiology: activity factors (docs/science.md#energy)"
)


class BodyFatCategory(enum.StrEnum):
    """ACE body-fat category (American Council on Exercise)."""

    BELOW_ESSENTIAL = "below_essential"
    ESSENTIAL = "essential"
    ATHLETES = "athletes"
    FITNESS = "fitness"
    AVERAGE = "average"
    OBESE = "obese"


#: Lower bound (inclusive) of each ACE category, in %; each band runs up to the
#: next lower bound (hipdip's reading of the published bands, which leave gaps).
ACE_LOWER_BOUNDS: dict[Sex, tuple[tuple[float, BodyFatCategory], ...]] = {
    Sex.FEMALE: (
        (10.0, BodyFatCategory.ESSENTIAL),
        (14.0, BodyFatCategory.ATHLETES),
        (21.0, BodyFatCategory.FITNESS),
        (25.0, BodyFatCategory.AVERAGE),
        (32.0, BodyFatCategory.OBESE),
    ),
    Sex.MALE: (
        (2.0, BodyFatCategory.ESSENTIAL),
        (6.0, BodyFatCategory.ATHLETES),
        (14.0, BodyFatCategory.FITNESS),
        (18.0, BodyFatCategory.AVERAGE),
        (25.0, BodyFatCategory.OBESE),
    ),
}

#: *hipdip policy* — fat-loss floor: the lower edge of ACE "fitness" (women 21 %,
#: men 14 %). At or below it a fat-loss deficit is not applied.
FAT_LOSS_FLOOR_PCT: dict[Sex, float] = {Sex.FEMALE: 21.0, Sex.MALE: 14.0}


class BmiClass(enum.StrEnum):
    """WHO adult body-mass-index class (WHO, 2000, Technical Report Series 894)."""

    UNDERWEIGHT = "underweight"
    NORMAL = "normal"
    OVERWEIGHT = "overweight"
    OBESE = "obese"


#: Lower bound (inclusive) of each WHO BMI class above underweight, kg/m²:
#: underweight < 18.5, normal 18.5–24.9, overweight 25–29.9, obese ≥ 30
#: (WHO, 2000, Technical Report Series 894).
BMI_CLASS_LOWER_BOUNDS: tuple[tuple[float, BmiClass], ...] = (
    (18.5, BmiClass.NORMAL),
    (25.0, BmiClass.OVERWEIGHT),
    (30.0, BmiClass.OBESE),
)

#: Deurenberg, Weststrate & Seidell, 1991 (Br J Nutr), adults:
#: ``BF% = 1.20·BMI + 0.23·age − 10.8·sex − 5.4`` (sex 1 male, 0 female; SEE ≈ 4 points).
DEURENBERG_BMI = 1.20
DEURENBERG_AGE = 0.23
DEURENBERG_MALE = 10.8
DEURENBERG_CONSTANT = 5.4
#: Standard error of the Deurenberg estimate, percentage points (Deurenberg et al., 1991).
DEURENBERG_SEE_PCT = 4.0

#: *hipdip policy* — protein is dosed on a reference mass: body mass, but never more than
#: the weight at this BMI for the person's height, unless a measured body fat is below the
#: ACE "obese" threshold (after clinical practice of dosing protein on ideal or adjusted
#: weight in obesity, e.g. McClave et al., 2016, JPEN).
REFERENCE_BMI = 25.0

WHO_BMI_SOURCE = "WHO, 2000, Technical Report Series 894 (adult BMI classes)"
DEURENBERG_SOURCE = (
    "Deurenberg, Weststrate & Seidell, 1991, Br J Nutr (body fat from BMI; SEE ≈ 4 points)"
)
REFERENCE_MASS_SOURCE = (
    "hipdip policy: body mass, at most the weight at BMI 25 unless measured body fat is below "
    "ACE 'obese' (after protein dosing on ideal or adjusted weight in obesity, e.g. McClave et "
    "al., 2016, JPEN)"
)

#: *hipdip policy* — standing pelvic tilt (ASIS–PSIS angle, degrees, anterior
#: positive) above this counts as "high anterior tilt": pelvic bone shape alone
#: gives 13 ± 5°, so mean + 1 SD = 18° (Preece et al., 2008). A mild anterior
#: tilt is normal (Herrington, 2011); evidence that exercise changes resting
#: tilt is weak (Walker et al., 1987).
HIGH_ANTERIOR_TILT_DEG = 18.0

PREECE_SOURCE = (
    "Preece et al., 2008, J Man Manip Ther (ASIS–PSIS angle 13 ± 5°; threshold mean + 1 SD)"
)
HERRINGTON_SOURCE = "Herrington, 2011, Manual Therapy (most people stand with anterior tilt)"
WALKER_SOURCE = "Walker et al., 1987, Phys Ther (exercise and resting pelvic tilt: weak evidence)"


def mifflin_st_jeor(sex: Sex | str, weight_kg: float, height_cm: float, age: float) -> float:
    """Resting energy expenditure, kcal/day (Mifflin et al., 1990, Am J Clin Nutr).

    ``BMR = 10·kg + 6.25·cm − 5·age + 5`` for men, ``… − 161`` for women.

    >>> mifflin_st_jeor("male", 65, 165, 30)
    1536.25
    """
    sex = c.enum_value(Sex, "sex", sex)
    weight_kg = c.check_number("weight_kg", weight_kg, *_profile.WEIGHT_KG)
    height_cm = c.check_number("height_cm", height_cm, *_profile.HEIGHT_CM)
    age = c.check_number("age", age, *_profile.AGE)
    offset = 5.0 if sex is Sex.MALE else -161.0
    return 10.0 * weight_kg + 6.25 * height_cm - 5.0 * age + offset


def katch_mcardle(lean_mass_kg: float) -> float:
    """Resting energy expenditure from fat-free mass, kcal/day (Katch & McArdle, 1996).

    ``BMR = 370 + 21.6·lean_mass_kg``.

    >>> katch_mcardle(50)
    1450.0
    """
    lean_mass_kg = c.check_number(
        "lean_mass_kg", lean_mass_kg, 0.0, _profile.WEIGHT_KG[1], lo_open=True
    )
    return 370.0 + 21.6 * lean_mass_kg


def tdee(bmr_kcal: float, activity: ActivityLevel | str) -> float:
    """Total daily energy expenditure: BMR × activity factor (:data:`ACTIVITY_FACTORS`).

    >>> tdee(1000, "sedentary")
    1200.0
    """
    activity = c.enum_value(ActivityLevel, "activity", activity)
    bmr_kcal = c.check_number("bmr_kcal", bmr_kcal, 0.0, 20_000.0, lo_open=True)
    return bmr_kcal * ACTIVITY_FACTORS[activity]


def navy_body_fat(
    sex: Sex | str,
    height_cm: float,
    waist_cm: float,
    neck_cm: float,
    hip_cm: float | None = None,
) -> float:
    """Body fat in % by the US Navy circumference method (Hodgdon & Beckett, 1984), cm form.

    * male: ``495 / (1.0324 − 0.19077·log10(waist − neck) + 0.15456·log10(height)) − 450``
    * female: ``495 / (1.29579 − 0.35004·log10(waist + hip − neck) + 0.22100·log10(height)) − 450``

    Women need ``hip_cm``. Raises :class:`~hipdip.ValidationError` when the
    logarithm is undefined (``waist ≤ neck`` for men, ``waist + hip ≤ neck``
    for women) or a measurement is implausible.

    >>> round(navy_body_fat("female", 165, waist_cm=72, neck_cm=33, hip_cm=98), 2)
    26.92
    """
    sex = c.enum_value(Sex, "sex", sex)
    height_cm = c.check_number("height_cm", height_cm, *_profile.HEIGHT_CM)
    waist_cm = c.check_number("waist_cm", waist_cm, *_profile.WAIST_CM)
    neck_cm = c.check_number("neck_cm", neck_cm, *_profile.NECK_CM)
    if sex is Sex.MALE:
        span = waist_cm - neck_cm
        if span <= 0:
            raise ValidationError(
                f"waist_cm: must be greater than neck_cm for the Navy method "
                f"(got waist_cm={waist_cm:g}, neck_cm={neck_cm:g})"
            )
        density = 1.0324 - 0.19077 * math.log10(span) + 0.15456 * math.log10(height_cm)
    else:
        if hip_cm is None:
            raise ValidationError("hip_cm: required for women by the Navy method (got None)")
        hip_cm = c.check_number("hip_cm", hip_cm, *_profile.HIP_CM)
        span = waist_cm + hip_cm - neck_cm
        if span <= 0:
            raise ValidationError(
                f"waist_cm: waist_cm + hip_cm must be greater than neck_cm for the Navy method "
                f"(got waist_cm={waist_cm:g}, hip_cm={hip_cm:g}, neck_cm={neck_cm:g})"
            )
        density = 1.29579 - 0.35004 * math.log10(span) + 0.22100 * math.log10(height_cm)
    return 495.0 / density - 450.0


def body_fat_category(sex: Sex | str, pct: float) -> BodyFatCategory:
    """ACE category of a body-fat percentage.

    Each lower bound is inclusive and each band runs up to the next lower
    bound (women "athletes" = [14, 21)); below the essential minimum is
    ``BELOW_ESSENTIAL``.

    >>> body_fat_category("female", 13.5)
    <BodyFatCategory.ESSENTIAL: 'essential'>
    >>> body_fat_category("male", 25)
    <BodyFatCategory.OBESE: 'obese'>
    """
    sex = c.enum_value(Sex, "sex", sex)
    pct = c.check_number("pct", pct, 0.0, 100.0)
    category = BodyFatCategory.BELOW_ESSENTIAL
    for lower, name in ACE_LOWER_BOUNDS[sex]:
        if pct >= lower:
            category = name
    return category


def bmi_class(bmi: float) -> BmiClass:
    """WHO class of a body-mass index in kg/m² (WHO, 2000, Technical Report Series 894).

    Underweight < 18.5, normal 18.5–24.9, overweight 25–29.9, obese ≥ 30; each
    lower bound is inclusive.

    >>> bmi_class(18.5), bmi_class(29.99), bmi_class(30)
    (<BmiClass.NORMAL: 'normal'>, <BmiClass.OVERWEIGHT: 'overweight'>, <BmiClass.OBESE: 'obese'>)
    >>> bmi_class(0)
    Traceback (most recent call last):
    ...
    hipdip.errors.ValidationError: bmi: must be a finite number > 0 kg/m² (got 0)
    """
    bmi = _check_bmi(bmi)
    found = BmiClass.UNDERWEIGHT
    for lower, name in BMI_CLASS_LOWER_BOUNDS:
        if bmi >= lower:
            found = name
    return found


def format_bmi(bmi: float) -> str:
    """A body-mass index to one decimal for people, never shown across a WHO class bound.

    Rounding 18.46 gives "18.5", the bound of the class 18.46 is not in
    (a finding read "BMI 18.5 kg/m² is under 18.5"); where rounding would
    cross a bound, the number is cut to one decimal instead.

    >>> format_bmi(22.46), format_bmi(18.46), format_bmi(24.96), format_bmi(29.999)
    ('22.5', '18.4', '24.9', '29.9')
    """
    shown = f"{bmi:.1f}"
    if bmi_class(float(shown)) is not bmi_class(bmi):
        shown = f"{math.floor(bmi * 10) / 10:.1f}"
    return shown


def deurenberg_body_fat(sex: Sex | str, age: float, bmi: float) -> float:
    """Body fat in % estimated from BMI and age (Deurenberg, Weststrate & Seidell, 1991, Br J Nutr).

    ``BF% = 1.20·BMI + 0.23·age − 10.8·sex − 5.4`` with sex 1 for men, 0 for
    women; standard error ≈ 4 points. hipdip uses it only to *screen* a
    deficit when body fat is otherwise unknown, never for energy.

    >>> round(deurenberg_body_fat("female", 25, 47 / 1.68**2), 1)  # BMI 16.65
    20.3
    >>> round(deurenberg_body_fat("male", 40, 85 / 1.80**2), 1)  # BMI 26.23
    24.5
    """
    sex = c.enum_value(Sex, "sex", sex)
    age = c.check_number("age", age, *_profile.AGE, unit=" years")
    bmi = _check_bmi(bmi)
    male = 1.0 if sex is Sex.MALE else 0.0
    return (
        DEURENBERG_BMI * bmi + DEURENBERG_AGE * age - DEURENBERG_MALE * male - DEURENBERG_CONSTANT
    )


def reference_mass_kg(body: BodyComposition, sex: Sex | str) -> float:
    """The body mass protein is dosed on, kg (*hipdip policy*; see :data:`REFERENCE_BMI`).

    Body mass, but never more than the weight at BMI 25 for the height
    (``25 · m²``) — unless ``body_fat_pct`` is given and below the ACE
    "obese" threshold (women 32 %, men 25 %): a heavy, lean person doses on
    body mass.

    >>> reference_mass_kg(BodyComposition(weight_kg=150, height_cm=180), "male")
    81.0
    >>> round(reference_mass_kg(BodyComposition(weight_kg=120, height_cm=165), "female"), 2)
    68.06
    >>> reference_mass_kg(BodyComposition(weight_kg=110, height_cm=180, body_fat_pct=15), "male")
    110
    """
    sex = c.enum_value(Sex, "sex", sex)
    if not isinstance(body, BodyComposition):
        raise c.fail("body", "must be a hipdip.BodyComposition", body)
    if body.body_fat_pct is not None and body.body_fat_pct < obese_threshold_pct(sex):
        return body.weight_kg
    metres = body.height_cm / 100.0
    return min(body.weight_kg, REFERENCE_BMI * metres * metres)


def obese_threshold_pct(sex: Sex | str) -> float:
    """The lower bound of the ACE "obese" category for ``sex``, in % (women 32, men 25).

    >>> obese_threshold_pct("female"), obese_threshold_pct("male")
    (32.0, 25.0)
    """
    sex = c.enum_value(Sex, "sex", sex)
    return next(lower for lower, name in ACE_LOWER_BOUNDS[sex] if name is BodyFatCategory.OBESE)


def is_high_anterior_tilt(pelvic_tilt_deg: float) -> bool:
    """Whether a standing pelvic tilt is "high anterior tilt" (> :data:`HIGH_ANTERIOR_TILT_DEG`).

    *hipdip policy* on Preece et al., 2008 (mean + 1 SD of the ASIS–PSIS angle).

    >>> is_high_anterior_tilt(18), is_high_anterior_tilt(18.5)
    (False, True)
    """
    pelvic_tilt_deg = c.check_number("pelvic_tilt_deg", pelvic_tilt_deg, *_profile.PELVIC_TILT_DEG)
    return pelvic_tilt_deg > HIGH_ANTERIOR_TILT_DEG


@attrs.frozen
class BodyFatEstimate:
    """A body-fat percentage and where it came from.

    ``method`` is ``"measured"`` (the profile's ``body_fat_pct``), ``"navy"``
    (US Navy estimate from circumferences) or ``"deurenberg"`` (estimate from
    BMI and age, for screening only).
    """

    pct: float
    method: str
    source: str | None

    @property
    def measured(self) -> bool:
        """Whether this is a measurement (``body_fat_pct``) rather than an estimate."""
        return self.method == "measured"


def estimate_body_fat(
    sex: Sex | str, body: BodyComposition, age: float | None = None
) -> BodyFatEstimate | None:
    """Body fat from ``body``: the measured value if given, else the Navy estimate.

    With ``age``, a body with neither falls back to the Deurenberg estimate
    from BMI (:func:`deurenberg_body_fat`), which hipdip uses only to screen a
    deficit. Returns ``None`` when nothing applies (no ``body_fat_pct``, not
    the circumferences the Navy method needs, and no ``age``). An estimate
    outside the range a body of this size can have (2–70 %, and a
    fat-free-mass index of 9–32 kg/m²) is clamped into it.

    >>> from hipdip import BodyComposition
    >>> estimate_body_fat("male", BodyComposition(80, 180, waist_cm=85, neck_cm=38)).method
    'navy'
    >>> estimate_body_fat("male", BodyComposition(80, 180, body_fat_pct=15)).pct
    15
    >>> estimate_body_fat("male", BodyComposition(85, 180)) is None
    True
    >>> guess = estimate_body_fat("male", BodyComposition(85, 180), age=40)
    >>> guess.method, round(guess.pct, 1)
    ('deurenberg', 24.5)
    """
    sex = c.enum_value(Sex, "sex", sex)
    if body.body_fat_pct is not None:
        return BodyFatEstimate(body.body_fat_pct, "measured", None)
    low, high = _profile.plausible_body_fat_pct(body.weight_kg, body.height_cm)
    navy_ready = body.waist_cm is not None and body.neck_cm is not None
    if navy_ready and (sex is Sex.MALE or body.hip_cm is not None):
        assert body.waist_cm is not None
        assert body.neck_cm is not None
        pct = navy_body_fat(sex, body.height_cm, body.waist_cm, body.neck_cm, body.hip_cm)
        return BodyFatEstimate(min(max(pct, low), high), "navy", NAVY_SOURCE)
    if age is None:
        return None
    pct = deurenberg_body_fat(sex, age, body.bmi)
    return BodyFatEstimate(min(max(pct, low), high), "deurenberg", DEURENBERG_SOURCE)


def _check_bmi(bmi: float) -> float:
    if not c.is_number(bmi) or bmi <= 0:
        raise c.fail("bmi", "must be a finite number > 0 kg/m²", bmi)
    return float(bmi)
