"""The person a program is planned for.

>>> from hipdip import BodyComposition, Experience, Profile, Sex
>>> profile = Profile(
...     sex=Sex.FEMALE,
...     age=30,
...     body=BodyComposition(weight_kg=65, height_cm=165, body_fat_pct=28),
...     experience=Experience.BEGINNER,
...     equipment=frozenset({"band"}),
... )
>>> round(profile.body.lean_mass_kg, 2)
46.8
>>> BodyComposition(weight_kg=65, height_cm=90)
Traceback (most recent call last):
...
hipdip.errors.ValidationError: height_cm: must be between 100 and 250 cm (got 90)
>>> BodyComposition(weight_kg=65, height_cm=1.65)
Traceback (most recent call last):
...
hipdip.errors.ValidationError: height_cm: must be between 100 and 250 cm (got 1.65); 1.65 looks like metres: give 165 cm
>>> BodyComposition(weight_kg=250, height_cm=165)
Traceback (most recent call last):
...
hipdip.errors.ValidationError: weight_kg: 250 kg at height_cm 165 is a BMI of 91.8 kg/m², outside the plausible 12–80; 250 looks like pounds: 250 lb = 113.4 kg
"""

from __future__ import annotations

from typing import Any

import attrs

from hipdip.errors import ValidationError
from hipdip.limitations import LIMITATIONS
from hipdip.models import _checks as c
from hipdip.models.enums import ActivityLevel, DipDepth, Experience, Goal, Sex, Units

__all__ = ["BodyComposition", "HipStructure", "Posture", "Profile"]

# Plausibility bounds: values outside them are impossible for an adult user and
# rejected (hipdip policy, not study results). Height, body fat and age bounds
# are fixed by the foundation issue; the others are generous sanity limits.
WEIGHT_KG = (20.0, 400.0)
HEIGHT_CM = (100.0, 250.0)
BODY_FAT_PCT = (2.0, 70.0)
WAIST_CM = (30.0, 250.0)
HIP_CM = (40.0, 250.0)
NECK_CM = (15.0, 80.0)
HIP_WIDTH_CM = (15.0, 80.0)
PELVIC_TILT_DEG = (-30.0, 45.0)
AGE = (16, 100)
#: Plausible body-mass index, kg/m² (hipdip policy, SCIENCE.md §Screens before any
#: deficit): outside it a weight in pounds or a height in metres is the usual cause.
BMI_RANGE = (12.0, 80.0)
#: Plausible fat-free-mass index, lean kg / m², checked when ``body_fat_pct`` is given
#: (hipdip policy): the height-normalised FFMI of drug-free men tops out near 25 (Kouri
#: et al., 1995); the bound on the raw index is generous on purpose.
FFMI_RANGE = (9.0, 32.0)
DAYS_PER_WEEK = (2, 6)
SESSION_MINUTES = (10, 120)
MAX_EQUIPMENT = 50
#: Most ids a profile may avoid, and most free tags it may carry (sanity limits).
MAX_AVOID = 100
MAX_PROFILE_TAGS = 50


@attrs.frozen
class BodyComposition:
    """Body measurements (metric). Circumferences are optional; with them the
    US Navy method can estimate body fat (:func:`hipdip.body.navy_body_fat`).
    """

    weight_kg: float = attrs.field(converter=c.to_float, validator=c.Number(*WEIGHT_KG, unit=" kg"))
    height_cm: float = attrs.field(converter=c.to_float, validator=c.Number(*HEIGHT_CM, unit=" cm"))
    body_fat_pct: float | None = attrs.field(
        default=None,
        converter=c.to_float,
        validator=c.Number(*BODY_FAT_PCT, unit=" %", optional=True),
    )
    waist_cm: float | None = attrs.field(
        default=None, converter=c.to_float, validator=c.Number(*WAIST_CM, unit=" cm", optional=True)
    )
    hip_cm: float | None = attrs.field(
        default=None, converter=c.to_float, validator=c.Number(*HIP_CM, unit=" cm", optional=True)
    )
    neck_cm: float | None = attrs.field(
        default=None, converter=c.to_float, validator=c.Number(*NECK_CM, unit=" cm", optional=True)
    )

    def __attrs_pre_init__(self, weight_kg: Any, height_cm: Any, *_rest: Any) -> None:
        # Before the field validators: a height in metres, inches or feet, or a weight in
        # pounds or grams, gets the range error plus what the number looks like.
        _raise_unit_hints(weight_kg, height_cm, height_first=True)

    def __attrs_post_init__(self) -> None:
        _raise_body_problems(
            self.weight_kg, self.height_cm, self.body_fat_pct, self.waist_cm, self.neck_cm
        )

    @property
    def lean_mass_kg(self) -> float | None:
        """Fat-free mass in kg, or ``None`` when ``body_fat_pct`` is unknown."""
        if self.body_fat_pct is None:
            return None
        return self.weight_kg * (1.0 - self.body_fat_pct / 100.0)

    @property
    def bmi(self) -> float:
        """Body-mass index, kg/m²."""
        metres = self.height_cm / 100.0
        return self.weight_kg / (metres * metres)


def _raise_unit_hints(weight_kg: Any, height_cm: Any, *, height_first: bool = False) -> None:
    """Raise the range error of a weight or height typed in other units, with what it looks like.

    ``height_cm`` may be ``None`` (not measured); ``height_first`` orders the messages.
    """
    weight = _unit_hint_weight(c.to_float(weight_kg))
    height = None if height_cm is None else _unit_hint_height(c.to_float(height_cm))
    hints = (height, weight) if height_first else (weight, height)
    problems = [hint for hint in hints if hint]
    if problems:
        raise ValidationError(problems)


def _raise_body_problems(
    weight_kg: float | None,
    height_cm: float | None,
    body_fat_pct: float | None,
    waist_cm: float | None,
    neck_cm: float | None,
) -> None:
    """Raise what no body has: a waist not above the neck, and (with a height) an implausible
    size (:func:`plausibility_problems`). Shared by :class:`BodyComposition` and
    :class:`~hipdip.Measurement`."""
    problems: list[str] = []
    if waist_cm is not None and neck_cm is not None and waist_cm <= neck_cm:
        problems.append(
            f"waist_cm: must be greater than neck_cm (got waist_cm={waist_cm:g}, "
            f"neck_cm={neck_cm:g})"
        )
    if height_cm is not None and weight_kg is not None:
        problems.extend(plausibility_problems(weight_kg, height_cm, body_fat_pct))
    if problems:
        raise ValidationError(problems)


def plausibility_problems(
    weight_kg: float, height_cm: float, body_fat_pct: float | None = None
) -> list[str]:
    """Problems with a body no person has: BMI outside :data:`BMI_RANGE`, or with body fat
    given, a fat-free-mass index outside :data:`FFMI_RANGE` (numbers already in range).

    >>> plausibility_problems(65, 165, 28)
    []
    """
    problems: list[str] = []
    square = (height_cm / 100.0) ** 2
    bmi = weight_kg / square
    low, high = BMI_RANGE
    if not low <= bmi <= high:
        text = (
            f"weight_kg: {weight_kg:g} kg at height_cm {height_cm:g} is a BMI of {bmi:.1f} "
            f"kg/m², outside the plausible {low:g}–{high:g}"
        )
        kg = weight_kg * _KG_PER_LB
        if bmi > high and low <= kg / square <= high:
            text += f"; {weight_kg:g} looks like pounds: {weight_kg:g} lb = {kg:.1f} kg"
        else:
            text += (
                ": check weight_kg and height_cm (a weight in pounds or a height in metres "
                "is the usual cause)"
            )
        problems.append(text)
    if body_fat_pct is not None:
        lean = weight_kg * (1.0 - body_fat_pct / 100.0)
        ffmi = lean / square
        low, high = FFMI_RANGE
        if not low <= ffmi <= high:
            which = "too high" if ffmi < low else "too low, or weight_kg in pounds"
            problems.append(
                f"body_fat_pct: {body_fat_pct:g} % of {weight_kg:g} kg leaves {lean:.1f} kg of "
                f"fat-free mass, a fat-free-mass index of {ffmi:.1f} kg/m² at height_cm "
                f"{height_cm:g}, outside the plausible {low:g}–{high:g} (drug-free men top out "
                f"near 25): check body_fat_pct ({which})"
            )
    return problems


def plausible_body_fat_pct(weight_kg: float, height_cm: float) -> tuple[float, float]:
    """The body-fat range, %, that :data:`BODY_FAT_PCT` and :data:`FFMI_RANGE` allow at this size.

    Never empty for a body whose BMI is in :data:`BMI_RANGE`.

    >>> [round(x, 1) for x in plausible_body_fat_pct(65, 165)]
    [2.0, 62.3]
    """
    square = (height_cm / 100.0) ** 2
    low, high = FFMI_RANGE
    # A hair inside the edges, so a body built with either end passes despite rounding.
    return (
        max(BODY_FAT_PCT[0], 100.0 * (1.0 - high * square / weight_kg) + _HAIR),
        min(BODY_FAT_PCT[1], 100.0 * (1.0 - low * square / weight_kg) - _HAIR),
    )


_HAIR = 1e-9


#: Exact conversion factors (International Yard and Pound Agreement, 1959), used here
#: only to say what a mistyped number looks like; :mod:`hipdip.units` converts.
_KG_PER_LB = 0.45359237
_CM_PER_IN = 2.54
_CM_PER_FT = 30.48
#: Heights most adults have, cm: only to guess whether a number was typed in inches or
#: feet (a hint in a message, not a bound; no study, a hipdip choice).
_USUAL_HEIGHT_CM = (140.0, 210.0)


def _unit_hint_height(value: Any) -> str | None:
    """The range error for a height given in metres, inches or feet, with a hint; else None."""
    low, high = HEIGHT_CM
    if not c.is_number(value) or low <= value <= high:
        return None
    usual_low, usual_high = _USUAL_HEIGHT_CM
    if low / 100 <= value <= high / 100:
        hint = f"{value:g} looks like metres: give {value * 100:g} cm"
    elif usual_low <= value * _CM_PER_IN <= usual_high:
        hint = f"{value:g} looks like inches: {value:g} in = {value * _CM_PER_IN:.1f} cm"
    elif usual_low <= value * _CM_PER_FT <= usual_high:
        hint = f"{value:g} looks like feet: convert with hipdip.units.ft_in_to_cm"
    else:
        return None
    return f"{_range_error('height_cm', value, HEIGHT_CM, ' cm')}; {hint}"


def _unit_hint_weight(value: Any) -> str | None:
    """The range error for a weight given in pounds or grams, with a hint; else None."""
    low, high = WEIGHT_KG
    if not c.is_number(value) or value <= high:
        return None
    if low <= value * _KG_PER_LB <= high:
        hint = f"{value:g} looks like pounds: {value:g} lb = {value * _KG_PER_LB:.1f} kg"
    elif low <= value / 1000 <= high:
        hint = f"{value:g} looks like grams: give {value / 1000:g} kg"
    else:
        return None
    return f"{_range_error('weight_kg', value, WEIGHT_KG, ' kg')}; {hint}"


def _range_error(name: str, value: float, bounds: tuple[float, float], unit: str) -> str:
    """The message the field's own range check gives for ``value``."""
    try:
        c.check_number(name, value, *bounds, unit=unit)
    except ValidationError as exc:
        return str(exc)
    return f"{name}: must be between {bounds[0]:g} and {bounds[1]:g}{unit} (got {value!r})"


def _dip_depth(value: DipDepth | str) -> DipDepth:
    return c.enum_value(DipDepth, "dip_depth", value)


@attrs.frozen
class HipStructure:
    """Self-reported hip shape. Informational: bone structure is never "trained away"."""

    dip_depth: DipDepth = attrs.field(converter=_dip_depth)
    hip_width_cm: float | None = attrs.field(
        default=None,
        converter=c.to_float,
        validator=c.Number(*HIP_WIDTH_CM, unit=" cm", optional=True),
    )


@attrs.frozen
class Posture:
    """Standing pelvic tilt in degrees (ASIS–PSIS angle); anterior tilt is positive."""

    pelvic_tilt_deg: float | None = attrs.field(
        default=None,
        converter=c.to_float,
        validator=c.Number(*PELVIC_TILT_DEG, unit="°", optional=True),
    )


def _sex(value: Sex | str) -> Sex:
    return c.enum_value(Sex, "sex", value)


def _experience(value: Experience | str) -> Experience:
    return c.enum_value(Experience, "experience", value)


def _activity(value: ActivityLevel | str) -> ActivityLevel:
    return c.enum_value(ActivityLevel, "activity", value)


def _goal(value: Goal | str) -> Goal:
    return c.enum_value(Goal, "goal", value)


def _units(value: Units | str) -> Units:
    return c.enum_value(Units, "units", value)


@attrs.frozen
class Profile:
    """Everything the planner and the nutrition rules need to know about a person.

    ``equipment`` is what the person has (``"band"``, ``"ankle_weights"``,
    ``"cable"``, ``"dumbbell"``, …; see :doc:`/catalogue`); an empty set means
    bodyweight only.

    Per-person choices (:mod:`hipdip.limitations`), all empty by default:
    ``avoid`` names exercise ids, equipment ids or exercise tags the person
    does not want (``{"kneeling"}``); ``limitations`` names conditions from
    the documented vocabulary (``knee_pain``, ``lower_back_pain``,
    ``pregnancy``, ``wrist_pain``), each leaving out the positions it loads;
    ``tags`` are free lower_snake labels about the person (``plant_based``)
    that rules may read. The planner never plans, and no progression step
    moves to, an exercise they leave out. ``units`` is how the person reads
    and buys loads: ``"imperial"`` rounds planned loads to what is sold in
    pounds and shows them in lb; the document itself stays metric.

    >>> Profile(sex="female", age=30, body=BodyComposition(65, 165),
    ...         experience="beginner", limitations={"knee"})
    Traceback (most recent call last):
    ...
    hipdip.errors.ValidationError: limitations: 'knee' is not one of knee_pain, lower_back_pain, pregnancy, wrist_pain; did you mean 'knee_pain'?
    """

    sex: Sex = attrs.field(converter=_sex)
    age: int = attrs.field(converter=c.to_int, validator=c.Integer(*AGE, unit=" years"))
    body: BodyComposition = attrs.field(validator=c.InstanceOf(BodyComposition))
    experience: Experience = attrs.field(converter=_experience)
    equipment: frozenset[str] = attrs.field(
        default=frozenset(), converter=c.to_frozenset, validator=c.SlugSet(max_items=MAX_EQUIPMENT)
    )
    days_per_week: int = attrs.field(
        default=3, converter=c.to_int, validator=c.Integer(*DAYS_PER_WEEK)
    )
    session_minutes: int = attrs.field(
        default=45, converter=c.to_int, validator=c.Integer(*SESSION_MINUTES, unit=" minutes")
    )
    activity: ActivityLevel = attrs.field(default=ActivityLevel.LIGHT, converter=_activity)
    goal: Goal = attrs.field(default=Goal.MAINTAIN, converter=_goal)
    hip: HipStructure | None = attrs.field(
        default=None, validator=c.InstanceOf(HipStructure, optional=True)
    )
    posture: Posture | None = attrs.field(
        default=None, validator=c.InstanceOf(Posture, optional=True)
    )
    avoid: frozenset[str] = attrs.field(
        default=frozenset(), converter=c.to_frozenset, validator=c.SlugSet(max_items=MAX_AVOID)
    )
    limitations: frozenset[str] = attrs.field(
        default=frozenset(),
        converter=c.to_frozenset,
        validator=c.SlugSet(max_items=len(LIMITATIONS), allowed=tuple(sorted(LIMITATIONS))),
    )
    tags: frozenset[str] = attrs.field(
        default=frozenset(),
        converter=c.to_frozenset,
        validator=c.SlugSet(max_items=MAX_PROFILE_TAGS),
    )
    units: Units = attrs.field(default=Units.METRIC, converter=_units)
