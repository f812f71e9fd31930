"""The nutrition engine: registered nutrition rules, then the built-in safety rules.

:func:`nutrition_plan` starts from an empty draft :class:`~hipdip.NutritionPlan`
and passes it through every registered :class:`~hipdip.protocols.NutritionRule`
in ascending ``priority`` (ties by id), then through the safety rules of
:mod:`hipdip.builtin.nutrition`, which are not registered through the hook and
so cannot be removed or outranked by a plugin. The numbers stay unrounded
floats; round them only to show them.

>>> import hipdip
>>> from hipdip import BodyComposition, Profile
>>> from hipdip.plugins import make_plugin_manager
>>> profile = Profile(sex="female", age=30, experience="beginner", activity="moderate",
...                   body=BodyComposition(weight_kg=65, height_cm=165, body_fat_pct=28),
...                   goal="fat_loss")
>>> plan = hipdip.nutrition_plan(profile, pm=make_plugin_manager(entry_points=False))
>>> round(plan.tdee_kcal), round(plan.target_kcal), round(plan.weekly_change_kg, 3)
(2140, 1783, -0.325)
>>> round(plan.protein_g), round(plan.fat_g), round(plan.carbs_g)
(143, 50, 191)
>>> plan.applied_rules[:5]
('energy', 'goal', 'protein', 'fat', 'carbohydrate')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from hipdip.errors import PluginError, ValidationError
from hipdip.models import Goal, NutritionPlan, Profile
from hipdip.models import _checks as c
from hipdip.registry import catalog

if TYPE_CHECKING:
    import pluggy

    from hipdip.registry import Catalog

__all__ = ["PLAN_FIELDS", "nutrition_plan"]

#: The numeric fields of a plan whose last setter is tracked for findings.
PLAN_FIELDS: tuple[str, ...] = (
    "bmr_kcal",
    "tdee_kcal",
    "target_kcal",
    "protein_g",
    "fat_g",
    "carbs_g",
    "weekly_change_kg",
)

_HOOK = "hipdip_register_nutrition_rules"


def nutrition_plan(
    profile: Profile,
    *,
    goal: Goal | str | None = None,
    pm: pluggy.PluginManager | None = None,
) -> NutritionPlan:
    """Daily energy and macro targets for ``profile`` and ``goal`` (default ``profile.goal``).

    Runs every registered nutrition rule of ``pm`` (default: the process-wide
    manager) in ascending ``priority``, ties by id, then the built-in safety
    rules; ``applied_rules`` lists them in that order. Each rule's findings
    (with their sources) accumulate in ``findings``; a safety rule that
    clamps a value names the rule — and the plugin — that set it.

    An exception raised inside a plugin's rule reaches the caller with a
    note naming the rule and the plugin; a rule that returns something other
    than a :class:`~hipdip.NutritionPlan` is a :class:`~hipdip.PluginError`.
    A ``profile`` that is not a :class:`~hipdip.Profile`, or an unknown
    ``goal``, is a :class:`~hipdip.ValidationError`.

    >>> from hipdip import BodyComposition, Profile
    >>> from hipdip.plugins import make_plugin_manager
    >>> lean = Profile(sex="female", age=30, experience="beginner", goal="fat_loss",
    ...                body=BodyComposition(weight_kg=58, height_cm=165, body_fat_pct=18))
    >>> plan = nutrition_plan(lean, pm=make_plugin_manager(entry_points=False))
    >>> plan.target_kcal == plan.tdee_kcal, plan.weekly_change_kg
    (True, 0.0)
    >>> [f.severity.value for f in plan.findings if f.rule == "safety_fat_loss_floor"]
    ['warning']
    >>> nutrition_plan(lean, goal="bulk")
    Traceback (most recent call last):
    ...
    hipdip.errors.ValidationError: goal: must be one of maintain, lean_gain, recomposition, fat_loss (got 'bulk')
    """
    if not isinstance(profile, Profile):
        raise ValidationError(f"profile: must be a hipdip.Profile (got {type(profile).__name__})")
    chosen = profile.goal if goal is None else c.enum_value(Goal, "goal", goal)
    # The built-in plugin module imports pluggy (hookimpl): load it on first use.
    from hipdip.builtin.nutrition import SAFETY_RULES

    cat = catalog(pm)
    safety_ids = {rule.id for rule in SAFETY_RULES}
    rules = sorted(cat.nutrition_rules.values(), key=lambda rule: (rule.priority, rule.id))
    plan = NutritionPlan(0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    setters: dict[str, str] = {}
    applied: list[str] = []
    for rule in rules:
        if rule.id in safety_ids:
            raise _plugin_error(cat, rule.id, "uses the id of a built-in safety rule; rename it")
        with cat.guard("nutrition_rules", rule.id, "apply()"):
            result = rule.apply(profile, chosen, plan)
        if not isinstance(result, NutritionPlan):
            raise _plugin_error(
                cat, rule.id, f"apply() returned {type(result).__name__}, not a NutritionPlan"
            )
        who = f"rule {rule.id!r} from plugin {cat.plugin_info('nutrition_rules', rule.id)}"
        plan = _record(plan, result, who, setters, applied, rule.id)
    for safety in SAFETY_RULES:
        result = safety.apply(profile, chosen, plan, origin=setters.get)
        plan = _record(plan, result, f"safety rule {safety.id!r}", setters, applied, safety.id)
    return plan


def _record(
    before: NutritionPlan,
    after: NutritionPlan,
    who: str,
    setters: dict[str, str],
    applied: list[str],
    rule_id: str,
) -> NutritionPlan:
    """Note which fields ``who`` changed and append ``rule_id`` to the applied rules."""
    for field in PLAN_FIELDS:
        if getattr(after, field) != getattr(before, field):
            setters[field] = who
    applied.append(rule_id)
    # The engine owns applied_rules: a rule cannot hide itself or another rule.
    return attrs.evolve(after, applied_rules=tuple(applied))


def _plugin_error(cat: Catalog, rule_id: str, problem: str) -> PluginError:
    info = cat.plugin_info("nutrition_rules", rule_id)
    return PluginError(
        f"nutrition rule {rule_id!r} from hipdip plugin {info}: {problem}",
        plugin=info.name,
        distribution=info.distribution,
        hook=_HOOK,
    )
