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
"""

from __future__ import annotations

import attrs

from hipdip.errors import ValidationError
from hipdip.models import _checks as c
from hipdip.models.enums import ActivityLevel, DipDepth, Experience, Goal, Sex

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
DAYS_PER_WEEK = (2, 6)
SESSION_MINUTES = (10, 120)
MAX_EQUIPMENT = 50


@attrs.frozen
class BodyComposition:
    """Body measurements (metric). Circumferences are optional; with them the
    US Navy method can estimate body fat (:func:`hipdip.body.navy_body_fat`).
    """

    weight_kg: float = attrs.field(validator=c.Number(*WEIGHT_KG, unit=" kg"))
    height_cm: float = attrs.field(validator=c.Number(*HEIGHT_CM, unit=" cm"))
    body_fat_pct: float | None = attrs.field(
        default=None, validator=c.Number(*BODY_FAT_PCT, unit=" %", optional=True)
    )
    waist_cm: float | None = attrs.field(
        default=None, validator=c.Number(*WAIST_CM, unit=" cm", optional=True)
    )
    hip_cm: float | None = attrs.field(
        default=None, validator=c.Number(*HIP_CM, unit=" cm", optional=True)
    )
    neck_cm: float | None = attrs.field(
        default=None, validator=c.Number(*NECK_CM, unit=" cm", optional=True)
    )

    def __attrs_post_init__(self) -> None:
        if self.waist_cm is not None and self.neck_cm is not None and self.waist_cm <= self.neck_cm:
            raise ValidationError(
                f"waist_cm: must be greater than neck_cm (got waist_cm={self.waist_cm:g}, "
                f"neck_cm={self.neck_cm:g})"
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


def _dip_depth(value: DipDepth | str) -> DipDepth:
    return c.enum_value(DipDepth, "dip_depth", value)


@attrs.frozen
class HipStructure:
    """Self-reported hip shape. Informational: bone structure is never "trained away"."""

    dip_depth: DipDepth = attrs.field(converter=_dip_depth)
    hip_width_cm: float | None = attrs.field(
        default=None, validator=c.Number(*HIP_WIDTH_CM, unit=" cm", optional=True)
    )


@attrs.frozen
class Posture:
    """Standing pelvic tilt in degrees (ASIS–PSIS angle); anterior tilt is positive."""

    pelvic_tilt_deg: float | None = attrs.field(
        default=None, validator=c.Number(*PELVIC_TILT_DEG, unit="°", optional=True)
    )


def _sex(value: Sex | str) -> Sex:
    return c.enum_value(Sex, "sex", value)


def _experience(value: Experience | str) -> Experience:
    return c.enum_value(Experience, "experience", value)


def _activity(value: ActivityLevel | str) -> ActivityLevel:
    return c.enum_value(ActivityLevel, "activity", value)


def _goal(value: Goal | str) -> Goal:
    return c.enum_value(Goal, "goal", value)


@attrs.frozen
class Profile:
    """Everything the planner and the nutrition rules need to know about a person.

    ``equipment`` is what the person has (``"band"``, ``"ankle_weights"``,
    ``"cable"``, ``"dumbbell"``, …; see :doc:`/catalogue`); an empty set means
    bodyweight only.
    """

    sex: Sex = attrs.field(converter=_sex)
    age: int = attrs.field(validator=c.Integer(*AGE, unit=" years"))
    body: BodyComposition = attrs.field(validator=c.InstanceOf(BodyComposition))
    experience: Experience = attrs.field(converter=_experience)
    equipment: frozenset[str] = attrs.field(
        default=frozenset(), converter=c.to_frozenset, validator=c.SlugSet(max_items=MAX_EQUIPMENT)
    )
    days_per_week: int = attrs.field(default=3, validator=c.Integer(*DAYS_PER_WEEK))
    session_minutes: int = attrs.field(
        default=45, validator=c.Integer(*SESSION_MINUTES, unit=" minutes")
    )
    activity: ActivityLevel = attrs.field(default=ActivityLevel.LIGHT, converter=_activity)
    goal: Goal = attrs.field(default=Goal.MAINTAIN, converter=_goal)
    hip: HipStructure | None = attrs.field(
        default=None, validator=c.InstanceOf(HipStructure, optional=True)
    )
    posture: Posture | None = attrs.field(
        default=None, validator=c.InstanceOf(Posture, optional=True)
    )
