"""Imperial ↔ metric helpers for apps whose users think in pounds, feet and inches.

hipdip's models are metric; these helpers convert at the edge. The constants
are exact by definition (International Yard and Pound Agreement, 1959):
1 lb = 0.45359237 kg and 1 in = 2.54 cm. Results are unrounded floats.

>>> round(lb_to_kg(150), 3)
68.039
>>> ft_in_to_cm(5, 5)
165.1
>>> body = body_from_imperial(143.3, 65, body_fat_pct=28)
>>> round(body.weight_kg, 2), body.height_cm
(65.0, 165.1)
>>> lb_to_kg(-1)
Traceback (most recent call last):
...
hipdip.errors.ValidationError: lb: must be a finite number ≥ 0 (got -1)
"""

from __future__ import annotations

from typing import Any

import attrs

from hipdip.errors import ValidationError
from hipdip.models import BodyComposition, Profile, Units
from hipdip.models import _checks as c
from hipdip.models import profile as _profile

__all__ = [
    "CM_PER_IN",
    "IN_PER_FT",
    "KG_PER_LB",
    "body_from_imperial",
    "cm_to_in",
    "ft_in_to_cm",
    "in_to_cm",
    "kg_to_lb",
    "lb_to_kg",
    "profile_from_imperial",
]

#: Kilograms per avoirdupois pound, exact (International Yard and Pound Agreement, 1959).
KG_PER_LB = 0.45359237
#: Centimetres per inch, exact (International Yard and Pound Agreement, 1959).
CM_PER_IN = 2.54
#: Inches per foot, exact (by definition).
IN_PER_FT = 12


def lb_to_kg(lb: float) -> float:
    """Pounds to kilograms (× 0.45359237, exact).

    >>> lb_to_kg(1)
    0.45359237
    """
    lb = _non_negative("lb", lb)
    return lb * KG_PER_LB


def kg_to_lb(kg: float) -> float:
    """Kilograms to pounds (÷ 0.45359237).

    >>> round(kg_to_lb(65), 2)
    143.3
    """
    kg = _non_negative("kg", kg)
    return kg / KG_PER_LB


def in_to_cm(inches: float) -> float:
    """Inches to centimetres (× 2.54, exact).

    >>> in_to_cm(10)
    25.4
    """
    inches = _non_negative("inches", inches)
    return inches * CM_PER_IN


def cm_to_in(cm: float) -> float:
    """Centimetres to inches (÷ 2.54).

    >>> cm_to_in(254)
    100.0
    """
    cm = _non_negative("cm", cm)
    return cm / CM_PER_IN


def ft_in_to_cm(feet: float, inches: float = 0.0) -> float:
    """A height in feet and inches (``5 ft 5 in`` → ``ft_in_to_cm(5, 5)``) to centimetres.

    >>> ft_in_to_cm(6)
    182.88
    """
    feet = _non_negative("feet", feet)
    inches = _non_negative("inches", inches)
    return (feet * IN_PER_FT + inches) * CM_PER_IN


def body_from_imperial(
    weight_lb: float,
    height_in: float,
    *,
    body_fat_pct: float | None = None,
    waist_in: float | None = None,
    hip_in: float | None = None,
    neck_in: float | None = None,
) -> BodyComposition:
    """A metric :class:`~hipdip.BodyComposition` from pounds and inches.

    Errors name the imperial field and its allowed range in imperial units
    (the model's metric bounds converted).

    >>> body_from_imperial(143.3, 65, waist_in=28, hip_in=38, neck_in=13).waist_cm
    71.12
    >>> body_from_imperial(150, 65, waist_in=13, neck_in=14)
    Traceback (most recent call last):
    ...
    hipdip.errors.ValidationError: waist_in: must be greater than neck_in (got waist_in=13, neck_in=14)
    """
    weight_lb = _in_range("weight_lb", weight_lb, _profile.WEIGHT_KG, KG_PER_LB, " lb")
    height_in = _in_range("height_in", height_in, _profile.HEIGHT_CM, CM_PER_IN, " in")
    circumferences = {
        "waist_in": (waist_in, _profile.WAIST_CM),
        "hip_in": (hip_in, _profile.HIP_CM),
        "neck_in": (neck_in, _profile.NECK_CM),
    }
    metric: dict[str, float | None] = {}
    for name, (value, bounds) in circumferences.items():
        if value is not None:
            value = _in_range(name, value, bounds, CM_PER_IN, " in")
        metric[name.replace("_in", "_cm")] = None if value is None else value * CM_PER_IN
    if waist_in is not None and neck_in is not None and waist_in <= neck_in:
        raise ValidationError(
            f"waist_in: must be greater than neck_in (got waist_in={waist_in:g}, "
            f"neck_in={neck_in:g})"
        )
    problems = _plausibility_problems(weight_lb, height_in, body_fat_pct)
    if problems:
        raise ValidationError(problems)
    return BodyComposition(
        weight_kg=weight_lb * KG_PER_LB,
        height_cm=height_in * CM_PER_IN,
        body_fat_pct=body_fat_pct,
        **metric,
    )


def profile_from_imperial(
    weight_lb: float,
    height_in: float,
    *,
    body_fat_pct: float | None = None,
    waist_in: float | None = None,
    hip_in: float | None = None,
    neck_in: float | None = None,
    **fields: Any,
) -> Profile:
    """A :class:`~hipdip.Profile` whose body is given in pounds and inches.

    ``fields`` are the other :class:`~hipdip.Profile` fields (``sex``,
    ``age``, ``experience``, …) exactly as the constructor takes them;
    ``units`` defaults to ``"imperial"`` (someone who gives pounds reads
    pounds: loads are planned and shown in lb).

    >>> p = profile_from_imperial(143.3, ft_in_to_cm(5, 5) / CM_PER_IN, sex="female",
    ...                           age=30, experience="beginner")
    >>> round(p.body.height_cm, 1), p.units.value
    (165.1, 'imperial')
    >>> profile_from_imperial(143.3, 65, sex="female", age=30, experience="beginner", weight_kg=65)
    Traceback (most recent call last):
    ...
    hipdip.errors.ValidationError: weight_kg: not a Profile field (allowed: sex, age, experience, equipment, days_per_week, session_minutes, activity, goal, hip, posture, avoid, limitations, tags, units)
    """
    allowed = [name for name in attrs.fields_dict(Profile) if name != "body"]
    for name in fields:
        if name not in allowed:
            raise ValidationError(
                f"{name}: not a Profile field (allowed: {', '.join(allowed)})"
                + c.meant_hint(name, allowed)
            )
    missing = [name for name in ("sex", "age", "experience") if name not in fields]
    if missing:
        raise ValidationError([f"{name}: required" for name in missing])
    fields.setdefault("units", Units.IMPERIAL)
    body = body_from_imperial(
        weight_lb,
        height_in,
        body_fat_pct=body_fat_pct,
        waist_in=waist_in,
        hip_in=hip_in,
        neck_in=neck_in,
    )
    return Profile(body=body, **fields)


def _plausibility_problems(
    weight_lb: float, height_in: float, body_fat_pct: float | None
) -> list[str]:
    """The model's body-plausibility checks (BMI, fat-free-mass index), said in pounds and inches.

    The model's own messages name ``weight_kg`` and ``height_cm`` and read a
    too-heavy weight as pounds typed as kilograms: wrong advice to someone
    who gave pounds.
    """
    square = (height_in * CM_PER_IN / 100.0) ** 2
    bmi = weight_lb * KG_PER_LB / square
    problems: list[str] = []
    low, high = _profile.BMI_RANGE
    if not low <= bmi <= high:
        text = (
            f"weight_lb: {weight_lb:g} lb at height_in {height_in:g} is a BMI of {bmi:.1f} "
            f"kg/m², outside the plausible {low:g}–{high:g}"
        )
        if bmi < low and low <= weight_lb / square <= high:  # the number read as kilograms
            pounds = weight_lb / KG_PER_LB
            text += f"; {weight_lb:g} looks like kilograms: {weight_lb:g} kg = {pounds:.1f} lb"
        else:
            text += ": check weight_lb and height_in"
        problems.append(text)
    if body_fat_pct is not None and c.is_number(body_fat_pct):
        lean_lb = weight_lb * (1.0 - body_fat_pct / 100.0)
        ffmi = lean_lb * KG_PER_LB / square
        low, high = _profile.FFMI_RANGE
        if not low <= ffmi <= high:
            which = "too high" if ffmi < low else "too low"
            problems.append(
                f"body_fat_pct: {body_fat_pct:g} % of {weight_lb:g} lb leaves {lean_lb:.1f} lb "
                f"of fat-free mass, a fat-free-mass index of {ffmi:.1f} kg/m² at height_in "
                f"{height_in:g}, outside the plausible {low:g}–{high:g} (drug-free men top "
                f"out near 25): check body_fat_pct ({which})"
            )
    return problems


def _non_negative(name: str, value: Any) -> float:
    if not c.is_number(value) or value < 0:
        raise c.fail(name, "must be a finite number ≥ 0", value)
    return float(value)


def _in_range(
    name: str, value: Any, metric_bounds: tuple[float, float], factor: float, unit: str
) -> float:
    """Check an imperial value against the model's metric bounds, converted."""
    low, high = (round(bound / factor, 1) for bound in metric_bounds)
    if not c.is_number(value):
        raise c.fail(name, f"must be a finite number between {low:g} and {high:g}{unit}", value)
    number = float(value)
    if not metric_bounds[0] <= number * factor <= metric_bounds[1]:
        raise c.fail(name, f"must be between {low:g} and {high:g}{unit}", value)
    return number
