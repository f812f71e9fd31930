"""What the engines return: findings, nutrition plans, assessments, progression decisions.

>>> from hipdip import Finding, Severity
>>> Finding(rule="session_time", severity="error", message="week 1 day 2 takes 50 min > 45")
Finding(rule='session_time', severity=<Severity.ERROR: 'error'>, message='week 1 day 2 takes 50 min > 45', source=None, replaced_by=None)
"""

from __future__ import annotations

import attrs

from hipdip.models import _checks as c
from hipdip.models.enums import Action, Goal
from hipdip.models.finding import MAX_FINDINGS, Finding
from hipdip.models.program import Prescription, Program

__all__ = [
    "MAX_FINDINGS",
    "Assessment",
    "Decision",
    "Factor",
    "Finding",
    "NutritionPlan",
    "Progress",
]

MAX_FACTORS = 20
MAX_DECISIONS = 10_000 * 30
#: Bounds of a nutrition plan's numbers that a plugin rule's plan and a plan given to
#: hipdip.adjust_nutrition are held to (sanity, not policy: they catch absurd values,
#: e.g. 1e300 kcal — an attacker's review).
#: Energy: about 1.75 × the most hipdip plans for anyone — Mifflin–St Jeor for the
#: largest plausible body (400 kg, 250 cm, 16 y: 5,488 kcal) × the extra-active
#: factor 1.9 × the 10 % lean-gain surplus ≈ 11,500 kcal/day (docs/science.md, Energy).
MAX_KCAL = 20_000.0
#: Grams of one macronutrient: all of MAX_KCAL as protein or carbohydrate (4 kcal/g).
MAX_MACRO_G = MAX_KCAL / 4.0
#: Weekly change: the 1 %-of-body-mass rate cap on the heaviest plausible body (400 kg).
MAX_WEEKLY_CHANGE_KG = 4.0


def _optional_goal(value: Goal | str | None) -> Goal | None:
    return None if value is None else c.enum_value(Goal, "goal", value)


@attrs.frozen
class NutritionPlan:
    """Daily energy and macro targets.

    A draft plan may hold any finite numbers while rules work on it (a plugin
    rule's plan past :data:`MAX_KCAL`, :data:`MAX_MACRO_G` or
    :data:`MAX_WEEKLY_CHANGE_KG`, either sign, is skipped); the
    built-in safety rules that end every :func:`hipdip.nutrition_plan` make
    the final plan safe (SCIENCE.md §Invariants 6). ``weekly_change_kg`` is
    negative for loss. ``goal`` is the goal the plan actually applies — the
    one asked for, or ``maintain`` when a screen refused a fat-loss deficit —
    set by :func:`hipdip.nutrition_plan` (``None`` on a draft).
    """

    bmr_kcal: float = attrs.field(converter=c.to_float, validator=c.finite)
    tdee_kcal: float = attrs.field(converter=c.to_float, validator=c.finite)
    target_kcal: float = attrs.field(converter=c.to_float, validator=c.finite)
    protein_g: float = attrs.field(converter=c.to_float, validator=c.finite)
    fat_g: float = attrs.field(converter=c.to_float, validator=c.finite)
    carbs_g: float = attrs.field(converter=c.to_float, validator=c.finite)
    weekly_change_kg: float = attrs.field(default=0.0, converter=c.to_float, validator=c.finite)
    findings: tuple[Finding, ...] = attrs.field(
        default=(), converter=c.to_tuple, validator=c.Items(Finding, max_items=MAX_FINDINGS)
    )
    applied_rules: tuple[str, ...] = attrs.field(
        default=(),
        converter=c.to_tuple,
        validator=c.Items(str, max_items=MAX_FINDINGS, item=c.slug_item),
    )
    goal: Goal | None = attrs.field(default=None, converter=_optional_goal)

    @property
    def macro_kcal(self) -> float:
        """Energy of the macros: 4 kcal/g protein and carbohydrate, 9 kcal/g fat (Atwater)."""
        return 4.0 * self.protein_g + 4.0 * self.carbs_g + 9.0 * self.fat_g


@attrs.frozen
class Factor:
    """One factor of the hip-contour assessment (``bone_structure``, ``muscle``, ``body_fat``, ``posture``)."""

    name: str = attrs.field(validator=c.slug)
    modifiable: bool = attrs.field(validator=c.boolean)
    status: str = attrs.field(validator=c.text)
    advice: str = attrs.field(validator=c.text)
    source: str | None = attrs.field(default=None, validator=c.optional_text)


@attrs.frozen
class Assessment:
    """The honest explanation of what shapes someone's hip contour."""

    factors: tuple[Factor, ...] = attrs.field(
        converter=c.to_tuple, validator=c.Items(Factor, max_items=MAX_FACTORS)
    )

    def factor(self, name: str) -> Factor | None:
        """The factor called ``name``, or ``None``."""
        for factor in self.factors:
            if factor.name == name:
                return factor
        return None


def _action(value: Action | str) -> Action:
    return c.enum_value(Action, "action", value)


@attrs.frozen
class Decision:
    """One progression step: what ``rule`` did (``action``) to ``before`` to give ``after``, and why.

    ``findings`` are WARNINGs about plugin rules skipped while deciding (a
    rule that raised or returned an invalid value; the other rules decided
    without it).
    """

    action: Action = attrs.field(converter=_action)
    before: Prescription = attrs.field(validator=c.InstanceOf(Prescription))
    after: Prescription = attrs.field(validator=c.InstanceOf(Prescription))
    rule: str = attrs.field(validator=c.slug)
    reason: str = attrs.field(validator=c.text)
    findings: tuple[Finding, ...] = attrs.field(
        default=(), converter=c.to_tuple, validator=c.Items(Finding, max_items=MAX_FINDINGS)
    )


@attrs.frozen
class Progress:
    """The result of :func:`hipdip.progress`: the updated program and every decision taken.

    ``findings``: one WARNING per plugin rule skipped in this call (it raised
    or returned an invalid value), saying how often; and one ``session_time``
    WARNING per exercise whose raised top of the rep range or slower tempo (no
    load left to add) had to be cut back to fit ``session_minutes``, saying
    from which session on.
    """

    program: Program = attrs.field(validator=c.InstanceOf(Program))
    decisions: tuple[Decision, ...] = attrs.field(
        default=(), converter=c.to_tuple, validator=c.Items(Decision, max_items=MAX_DECISIONS)
    )
    findings: tuple[Finding, ...] = attrs.field(
        default=(), converter=c.to_tuple, validator=c.Items(Finding, max_items=MAX_FINDINGS)
    )
