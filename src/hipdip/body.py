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
    "FAT_LOSS_FLOOR_PCT",
    "HIGH_ANTERIOR_TILT_DEG",
    "KCAL_PER_KG",
    "BodyFatCategory",
    "BodyFatEstimate",
    "body_fat_category",
    "estimate_body_fat",
    "is_high_anterior_tilt",
    "katch_mcardle",
    "mifflin_st_jeor",
    "navy_body_fat",
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
#: approximation that over-predicts long-term loss, Hall, 2008).
KCAL_PER_KG = 7700.0

MIFFLIN_SOURCE = "Mifflin et al., 1990, Am J Clin Nutr"
KATCH_SOURCE = "Katch & McArdle, 1996"
NAVY_SOURCE = "Hodgdon & Beckett, 1984 (US Navy circumference method)"
ACE_SOURCE = "American Council on Exercise (ACE) body-fat categories"
TDEE_SOURCE = "McArdle, Katch & Katch, Exercise Physiology (activity factors)"


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

#: *hipdip policy* — standing pelvic tilt (ASIS–PSIS angle, degrees, anterior
#: positive) above this counts as "high anterior tilt": pelvic bone shape alone
#: gives 13 ± 5°, so mean + 1 SD = 18° (Preece et al., 2008). A mild anterior
#: tilt is normal (Herrington, 2011); evidence that exercise changes resting
#: tilt is weak (Walker et al., 1987).
HIGH_ANTERIOR_TILT_DEG = 18.0

PREECE_SOURCE = "Preece et al., 2008 (ASIS–PSIS angle 13 ± 5°; threshold mean + 1 SD)"
HERRINGTON_SOURCE = "Herrington, 2011, Manual Therapy (most people stand with anterior tilt)"
WALKER_SOURCE = "Walker et al., 1987 (exercise and resting pelvic tilt: weak evidence)"


def mifflin_st_jeor(sex: Sex | str, weight_kg: float, height_cm: float, age: float) -> float:
    """Resting energy expenditure, kcal/day (Mifflin et al., 1990, Am J Clin Nutr).

    ``BMR = 10·kg + 6.25·cm − 5·age + 5`` for men, ``… − 161`` for women.

    >>> mifflin_st_jeor("male", 65, 165, 30)
    1536.25
    """
    sex = c.enum_value(Sex, "sex", sex)
    c.check_number("weight_kg", weight_kg, *_profile.WEIGHT_KG)
    c.check_number("height_cm", height_cm, *_profile.HEIGHT_CM)
    c.check_number("age", age, *_profile.AGE)
    offset = 5.0 if sex is Sex.MALE else -161.0
    return 10.0 * weight_kg + 6.25 * height_cm - 5.0 * age + offset


def katch_mcardle(lean_mass_kg: float) -> float:
    """Resting energy expenditure from fat-free mass, kcal/day (Katch & McArdle, 1996).

    ``BMR = 370 + 21.6·lean_mass_kg``.

    >>> katch_mcardle(50)
    1450.0
    """
    c.check_number("lean_mass_kg", lean_mass_kg, 0.0, _profile.WEIGHT_KG[1], lo_open=True)
    return 370.0 + 21.6 * lean_mass_kg


def tdee(bmr_kcal: float, activity: ActivityLevel | str) -> float:
    """Total daily energy expenditure: BMR × activity factor (:data:`ACTIVITY_FACTORS`).

    >>> tdee(1000, "sedentary")
    1200.0
    """
    activity = c.enum_value(ActivityLevel, "activity", activity)
    c.check_number("bmr_kcal", bmr_kcal, 0.0, 20_000.0, lo_open=True)
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
    c.check_number("height_cm", height_cm, *_profile.HEIGHT_CM)
    c.check_number("waist_cm", waist_cm, *_profile.WAIST_CM)
    c.check_number("neck_cm", neck_cm, *_profile.NECK_CM)
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
        c.check_number("hip_cm", hip_cm, *_profile.HIP_CM)
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
    c.check_number("pct", pct, 0.0, 100.0)
    category = BodyFatCategory.BELOW_ESSENTIAL
    for lower, name in ACE_LOWER_BOUNDS[sex]:
        if pct >= lower:
            category = name
    return category


def is_high_anterior_tilt(pelvic_tilt_deg: float) -> bool:
    """Whether a standing pelvic tilt is "high anterior tilt" (> :data:`HIGH_ANTERIOR_TILT_DEG`).

    *hipdip policy* on Preece et al., 2008 (mean + 1 SD of the ASIS–PSIS angle).

    >>> is_high_anterior_tilt(18), is_high_anterior_tilt(18.5)
    (False, True)
    """
    c.check_number("pelvic_tilt_deg", pelvic_tilt_deg, *_profile.PELVIC_TILT_DEG)
    return pelvic_tilt_deg > HIGH_ANTERIOR_TILT_DEG


@attrs.frozen
class BodyFatEstimate:
    """A body-fat percentage and where it came from (``method``: ``"measured"`` or ``"navy"``)."""

    pct: float
    method: str
    source: str | None


def estimate_body_fat(sex: Sex | str, body: BodyComposition) -> BodyFatEstimate | None:
    """Body fat from ``body``: the measured value if given, else the Navy estimate.

    Returns ``None`` when neither is available (no ``body_fat_pct`` and the
    circumferences the Navy method needs are missing). A Navy result outside
    the model's 2–70 % range is clamped into it.

    >>> from hipdip import BodyComposition
    >>> estimate_body_fat("male", BodyComposition(80, 180, waist_cm=85, neck_cm=38)).method
    'navy'
    >>> estimate_body_fat("male", BodyComposition(80, 180, body_fat_pct=15)).pct
    15
    """
    sex = c.enum_value(Sex, "sex", sex)
    if body.body_fat_pct is not None:
        return BodyFatEstimate(body.body_fat_pct, "measured", None)
    if body.waist_cm is None or body.neck_cm is None:
        return None
    if sex is Sex.FEMALE and body.hip_cm is None:
        return None
    pct = navy_body_fat(sex, body.height_cm, body.waist_cm, body.neck_cm, body.hip_cm)
    low, high = _profile.BODY_FAT_PCT
    return BodyFatEstimate(min(max(pct, low), high), "navy", NAVY_SOURCE)
