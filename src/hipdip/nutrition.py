"""The nutrition engine: screens, registered nutrition rules, then the built-in safety rules.

:func:`nutrition_plan` first screens the person (SCIENCE.md §Screens before
any deficit: BMI, body fat, age); when ``fat_loss`` is asked for and a screen
fires, ``maintain`` is applied instead and the plan opens with one WARNING per
screen. It then passes an empty draft :class:`~hipdip.NutritionPlan` through
every registered :class:`~hipdip.protocols.NutritionRule` in ascending
``priority`` (ties by id), then through the safety rules of
:mod:`hipdip.builtin.nutrition`, which are not registered through the hook and
so cannot be removed, outranked or undone by a plugin. The numbers stay
unrounded floats; round them only to show them.

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
>>> plan.goal, plan.applied_rules[:5]
(<Goal.FAT_LOSS: 'fat_loss'>, ('energy', 'goal', 'protein', 'fat', 'carbohydrate'))
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from hipdip.errors import PluginError, ValidationError
from hipdip.models import Finding, Goal, NutritionPlan, Profile
from hipdip.models import _checks as c
from hipdip.registry import catalog

if TYPE_CHECKING:
    import pluggy

    from hipdip.protocols import NutritionRule
    from hipdip.registry import Catalog

__all__ = ["PLAN_FIELDS", "nutrition_plan", "rule_order"]

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

    Screens the person first (:func:`hipdip.builtin.nutrition.screen_goal`):
    for ``fat_loss``, a BMI under 18.5, body fat at or below the fat-loss
    floor (measured, US Navy or Deurenberg estimate), an age under 18, or an
    age of 65 and over without obesity turns the goal into ``maintain``, with
    a WARNING per screen that fired. Then runs every registered nutrition
    rule of ``pm`` (default: the process-wide manager) in ascending
    ``priority``, ties by id, each given the goal that is applied, then the
    built-in safety rules; ``applied_rules`` lists them in that order. The
    plan's ``goal`` says which goal was actually applied.

    Each rule's findings (with their sources) accumulate in ``findings``; a
    rule can add findings but not drop or change earlier ones. A safety rule
    that clamps a value names the rule — and the plugin — that set it. A
    finding whose every value a later rule changed keeps its place in the
    trail, with ``replaced_by`` naming that rule; :func:`hipdip.render.to_markdown`
    does not print it as the answer.

    A plugin's rule that raises, or returns something other than a
    :class:`~hipdip.NutritionPlan`, is skipped for this call: the plan goes on
    from the draft before it, a :class:`~hipdip.HipdipPluginWarning` names
    the plugin, the rule and the exception, and a WARNING finding says so
    (:meth:`hipdip.Catalog.rule_failed`; with ``HIPDIP_STRICT_PLUGINS=1`` a
    :class:`~hipdip.PluginError` instead). A built-in rule's failure is a bug
    and propagates.
    A ``profile`` that is not a :class:`~hipdip.Profile`, or an unknown
    ``goal``, is a :class:`~hipdip.ValidationError`.

    >>> from hipdip import BodyComposition, Profile
    >>> from hipdip.plugins import make_plugin_manager
    >>> lean = Profile(sex="female", age=30, experience="beginner", goal="fat_loss",
    ...                body=BodyComposition(weight_kg=58, height_cm=165, body_fat_pct=18))
    >>> plan = nutrition_plan(lean, pm=make_plugin_manager(entry_points=False))
    >>> plan.target_kcal == plan.tdee_kcal, plan.weekly_change_kg, plan.goal.value
    (True, 0.0, 'maintain')
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
    from hipdip.builtin.nutrition import SAFETY_RULES, screen_goal

    cat = catalog(pm)
    safety_ids = {rule.id for rule in SAFETY_RULES}
    rules = rule_order(cat)[: -len(SAFETY_RULES)]
    applied_goal, opening = screen_goal(profile, chosen)
    trail = _Trail(NutritionPlan(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, findings=opening))
    for rule in rules:
        if rule.id in safety_ids:
            raise _plugin_error(cat, rule.id, "uses the id of a built-in safety rule; rename it")
        try:
            result = rule.apply(profile, applied_goal, trail.plan)
        except Exception as exc:
            trail.note(cat.rule_failed("nutrition_rules", rule.id, "apply()", error=exc))
            continue
        if not isinstance(result, NutritionPlan):
            problem = f"returned {type(result).__name__}, not a NutritionPlan"
            trail.note(cat.rule_failed("nutrition_rules", rule.id, "apply()", problem=problem))
            continue
        who = f"rule {rule.id!r} from plugin {cat.plugin_info('nutrition_rules', rule.id)}"
        trail.record(result, who, rule.id)
    for safety in SAFETY_RULES:
        result = safety.apply(profile, applied_goal, trail.plan, origin=trail.setters.get)
        # The safety rules do not read applied_rules: it is brought up to date once, at the end.
        trail.record(result, f"safety rule {safety.id!r}", safety.id, publish=False)
    plan = trail.plan
    if applied_goal is Goal.FAT_LOSS and plan.target_kcal >= plan.tdee_kcal:
        applied_goal = Goal.MAINTAIN  # the kcal floor left no deficit
    return trail.finish(applied_goal)


def rule_order(cat: Catalog) -> tuple[NutritionRule, ...]:
    """The nutrition rules in the order they run: ``cat``'s by ascending ``priority`` (ties
    by id), then the built-in safety rules, which always run last.

    >>> from hipdip import catalog
    >>> from hipdip.plugins import make_plugin_manager
    >>> [rule.id for rule in rule_order(catalog(make_plugin_manager(entry_points=False)))][:3]
    ['energy', 'goal', 'protein']
    """
    from hipdip.builtin.nutrition import SAFETY_RULES

    registered = sorted(cat.nutrition_rules.values(), key=lambda rule: (rule.priority, rule.id))
    return (*registered, *SAFETY_RULES)


class _Trail:
    """The draft plan as the rules pass it on, and who set what.

    The engine owns ``applied_rules``, the findings already made and
    ``Finding.replaced_by``: a rule may add findings but not drop or change
    earlier ones (so no rule can undo a screen's warning), and the findings
    of a step whose every changed value a later step changed again are
    marked as replaced by that later rule.
    """

    def __init__(self, plan: NutritionPlan) -> None:
        self.plan = plan
        #: field → who set it last ("rule 'x' from plugin y").
        self.setters: dict[str, str] = {}
        self._applied: list[str] = []
        #: Per step: the fields it set that no later step changed yet, and the findings
        #: it added (a slice of the plan's findings).
        self._steps: list[tuple[set[str], slice]] = []
        #: step index → id of the rule that replaced the last of its values.
        self._replaced: dict[int, str] = {}

    def record(self, after: NutritionPlan, who: str, rule_id: str, *, publish: bool = True) -> None:
        """Take ``after`` as the plan: ``who`` (rule ``rule_id``) ran on the current one.

        With ``publish`` the plan's ``applied_rules`` is brought up to date for the
        next rule; without it, only at :meth:`finish`.
        """
        before = self.plan
        self._applied.append(rule_id)
        if after is before and not publish:
            self._steps.append((set(), slice(0, 0)))
            return
        changed = {name for name in PLAN_FIELDS if getattr(after, name) != getattr(before, name)}
        for name in changed:
            self.setters[name] = who
        for index, (current, _) in enumerate(self._steps):
            if current and current <= changed:
                self._replaced[index] = rule_id
            current -= changed
        # Rules do not set replaced_by: the engine does, when the plan is finished.
        returned = tuple(
            f if f.replaced_by is None else attrs.evolve(f, replaced_by=None)
            for f in after.findings
        )
        added = _added_findings(before.findings, returned)
        start = len(before.findings)
        self._steps.append((changed, slice(start, start + len(added))))
        findings = (*before.findings, *added)
        if publish:
            self.plan = attrs.evolve(after, findings=findings, applied_rules=tuple(self._applied))
        elif findings != after.findings:
            self.plan = attrs.evolve(after, findings=findings)
        else:
            self.plan = after

    def note(self, finding: Finding) -> None:
        """Add the engine's own ``finding`` (a rule skipped) to the plan, belonging to no step."""
        self.plan = attrs.evolve(self.plan, findings=(*self.plan.findings, finding))

    def finish(self, goal: Goal) -> NutritionPlan:
        """The plan applying ``goal``, every rule applied, each ``replaced_by`` from the trail."""
        findings = list(self.plan.findings)
        for index, replacer in self._replaced.items():
            for position in range(len(findings))[self._steps[index][1]]:
                findings[position] = attrs.evolve(findings[position], replaced_by=replacer)
        return attrs.evolve(
            self.plan, findings=tuple(findings), applied_rules=tuple(self._applied), goal=goal
        )


def _added_findings(before: tuple[Finding, ...], after: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """What a rule added: the findings after the earlier ones, or those new among them."""
    if after[: len(before)] == before:
        return after[len(before) :]
    left = list(before)
    added: list[Finding] = []
    for finding in after:
        if finding in left:
            left.remove(finding)
        else:
            added.append(finding)
    return tuple(added)


def _plugin_error(cat: Catalog, rule_id: str, problem: str) -> PluginError:
    info = cat.plugin_info("nutrition_rules", rule_id)
    return PluginError(
        f"nutrition rule {rule_id!r} from hipdip plugin {info}: {problem}",
        plugin=info.name,
        distribution=info.distribution,
        hook=_HOOK,
    )
