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

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import attrs

from hipdip.body import KCAL_PER_KG
from hipdip.errors import PluginError, ValidationError
from hipdip.inputs import check_profile
from hipdip.models import (
    BodyComposition,
    Finding,
    Goal,
    Measurement,
    MeasurementLog,
    NutritionPlan,
    Profile,
    Severity,
)
from hipdip.models import _checks as c
from hipdip.models.results import MAX_KCAL, MAX_MACRO_G, MAX_WEEKLY_CHANGE_KG
from hipdip.registry import catalog

if TYPE_CHECKING:
    import pluggy

    from hipdip.protocols import NutritionRule
    from hipdip.registry import Catalog

__all__ = [
    "ADAPT_RULE",
    "ADAPT_WINDOW_DAYS",
    "MAX_ADJUSTMENT_KCAL",
    "MIN_TREND_DAYS",
    "MIN_WEIGH_INS",
    "PLAN_FIELDS",
    "adjust_nutrition",
    "nutrition_plan",
    "rule_order",
    "weight_trend",
]

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

#: Energy that adapts to the scale (hipdip policy, on the 7,700 kcal/kg approximation of
#: Wishnofsky, 1958, which over-predicts long-term loss: Hall et al., 2011, Lancet — so
#: adjust in small steps and measure again): the trend is the least-squares slope of the
#: weigh-ins of the last ADAPT_WINDOW_DAYS, read only when they span MIN_TREND_DAYS or
#: more with MIN_WEIGH_INS or more; one adjustment moves the target at most
#: MAX_ADJUSTMENT_KCAL a day.
ADAPT_WINDOW_DAYS = 28
MIN_TREND_DAYS = 14
MIN_WEIGH_INS = 5
MAX_ADJUSTMENT_KCAL = 250.0
#: ``Finding.rule`` and ``applied_rules`` entry of :func:`adjust_nutrition`.
ADAPT_RULE = "adapt_energy"
_ADAPT_SOURCE = (
    "hipdip policy (docs/science.md#energy) on Wishnofsky, 1958, Am J Clin Nutr (~7700 kcal "
    "per kg); an approximation that over-predicts long-term change (Hall et al., 2011, "
    "Lancet), so adjust in small steps"
)


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
    A ``profile`` that is not a :class:`~hipdip.Profile`, ids the catalogue
    does not know in its ``equipment`` or ``avoid`` (:mod:`hipdip.inputs`),
    or an unknown ``goal``, is a :class:`~hipdip.ValidationError`.

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
    check_profile(profile, cat)
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
        problem = _rule_plan_problem(cat, rule.id, result)
        if problem is not None:
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


# --------------------------------------------------------------------------- #
# Energy that adapts to the scale


def weight_trend(measurements: Iterable[Measurement]) -> float:
    """The least-squares slope of weight over time, kg per week (negative = losing).

    Measurements without a weight (a waist on its own day) are passed over.

    >>> import datetime
    >>> from hipdip import Measurement
    >>> day = datetime.date(2024, 3, 1)
    >>> round(weight_trend(Measurement(day + datetime.timedelta(d), 70 - d / 14)
    ...                    for d in range(0, 15, 3)), 3)
    -0.5
    """
    points = [(m.date.toordinal(), m.weight_kg) for m in measurements if m.weight_kg is not None]
    if len(points) < 2:
        raise ValidationError(f"measurements: a trend needs two weigh-ins (got {len(points)})")
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    if spread == 0:
        raise ValidationError("measurements: a trend needs weigh-ins on two different days")
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / spread
    return slope * 7.0


#: A nutrition plan's numbers and the bounds a plugin rule's plan is held to.
_PLAN_BOUNDS = (
    ("bmr_kcal", MAX_KCAL, " kcal/day"),
    ("tdee_kcal", MAX_KCAL, " kcal/day"),
    ("target_kcal", MAX_KCAL, " kcal/day"),
    ("protein_g", MAX_MACRO_G, " g"),
    ("fat_g", MAX_MACRO_G, " g"),
    ("carbs_g", MAX_MACRO_G, " g"),
    ("weekly_change_kg", MAX_WEEKLY_CHANGE_KG, " kg/week"),
)


def _beyond_bounds(plan: NutritionPlan, person: Profile | None = None) -> str | None:
    """What in ``plan`` is past the bounds a plugin rule's plan is held to
    (:data:`~hipdip.limits.MAX_KCAL`, :data:`~hipdip.limits.MAX_MACRO_G`,
    :data:`~hipdip.limits.MAX_WEEKLY_CHANGE_KG`, either sign), as ``"<field> is <value>,
    …"``; with ``person`` also a weekly change past the 1 % rate cap on their body mass
    and energy that is not positive (a plan passed back in). ``None`` if nothing. (An
    attacker's review: a rule's 1e300 kcal reached the rendered plan; a plan of 1e300
    given to adjust_nutrition was refused as a finding's overlong message.)"""
    from hipdip.builtin.nutrition import LOSS_RATE_MAX

    for name, bound, unit in _PLAN_BOUNDS:
        value = getattr(plan, name)
        if person is not None and name == "weekly_change_kg":
            bound = min(bound, LOSS_RATE_MAX * person.body.weight_kg)
        if abs(value) > bound:
            shown = f"{value:.6g}" if f"{abs(value):.6g}" != f"{bound:.6g}" else repr(value)
            return f"{name} is {shown}, beyond ±{bound:.6g}{unit}"
        if person is not None and name.endswith("_kcal") and value <= 0:
            return f"{name} is {value:.6g}, not a positive energy"
    return None


def _rule_plan_problem(cat: Catalog, rule_id: str, result: object) -> str | None:
    """What is wrong with what nutrition rule ``rule_id`` returned, said after "apply()",
    else ``None``: not a plan, or (a plugin's) a plan past :func:`_beyond_bounds`. Built-in
    rules are not held to the bounds: they work on what plugins set before them (a
    remainder of carbohydrate may be far below zero), and the safety rules end every plan."""
    if not isinstance(result, NutritionPlan):
        return f"returned {type(result).__name__}, not a NutritionPlan"
    if cat.is_builtin("nutrition_rules", rule_id):
        return None
    beyond = _beyond_bounds(result)
    return None if beyond is None else f"returned a plan whose {beyond}"


def adjust_nutrition(
    profile: Profile,
    plan: NutritionPlan,
    measurements: MeasurementLog | Iterable[Measurement],
    *,
    pm: pluggy.PluginManager | None = None,
) -> NutritionPlan:
    """``plan`` with its energy target moved by what the scale says (SCIENCE.md §Energy).

    The weigh-ins of the last 28 days (up to the latest; measurements without
    a weight are passed over) give the observed
    weekly change, the least-squares slope (:func:`weight_trend`); they must
    span at least 14 days with at least 5 weigh-ins. The target moves by
    the gap to the planned ``weekly_change_kg`` turned into energy,
    ``(observed − planned) · 7700 / 7`` kcal/day — up when you lose faster
    (or gain slower) than planned, down when you lose slower — at most
    ±250 kcal/day per adjustment. Protein, fat and carbohydrate are then
    worked out again for the new target by the registered rules that come
    after the goal (priority above 200), and the built-in safety rules run
    last, on the person as they are now (``profile`` with the latest
    weigh-in's weight and measurements): no adjustment goes past a screen or
    a floor that :func:`nutrition_plan` applies. A screen that fires on that
    person ends fat loss as it does in :func:`nutrition_plan` (maintenance,
    goal ``maintain``, a WARNING per screen). An INFO finding (rule
    ``adapt_energy``) explains the numbers; with too few weigh-ins the trend
    does not move the target, the finding says how many more weigh-ins and
    days are needed, and the screens still apply to the latest weigh-in.

    >>> import datetime
    >>> from hipdip import BodyComposition, Measurement, Profile, nutrition_plan
    >>> from hipdip.plugins import make_plugin_manager
    >>> pm = make_plugin_manager(entry_points=False)
    >>> me = Profile(sex="female", age=30, experience="beginner", activity="moderate",
    ...              body=BodyComposition(65, 165, body_fat_pct=28), goal="fat_loss")
    >>> plan = nutrition_plan(me, pm=pm)
    >>> start = datetime.date(2024, 3, 1)
    >>> fast = [Measurement(start + datetime.timedelta(d), 66.5 - d * 1.0 / 7) for d in range(0, 22, 3)]
    >>> adjusted = adjust_nutrition(me, plan, fast, pm=pm)
    >>> round(plan.target_kcal), round(adjusted.target_kcal)  # losing 1 kg/week: +250 (capped)
    (1783, 2033)
    >>> print(adjusted.findings[-1].message if adjusted.findings[-1].rule == "adapt_energy"
    ...       else [f.message for f in adjusted.findings if f.rule == "adapt_energy"][0])  # doctest: +ELLIPSIS
    8 weigh-ins over 21 days (2024-03-01 to 2024-03-22): the trend is −1.00 kg/week ...
    >>> few = adjust_nutrition(me, plan, fast[:3], pm=pm)
    >>> few.target_kcal == plan.target_kcal
    True
    >>> [f.message for f in few.findings if f.rule == "adapt_energy"][0]  # doctest: +ELLIPSIS
    'Not enough weigh-ins to read a trend yet: 3 over 6 days; 2 more weigh-ins and 8 more days ...'
    """
    if not isinstance(profile, Profile):
        raise ValidationError(f"profile: must be a hipdip.Profile (got {type(profile).__name__})")
    if not isinstance(plan, NutritionPlan):
        raise ValidationError(f"plan: must be a hipdip.NutritionPlan (got {type(plan).__name__})")
    if not isinstance(measurements, MeasurementLog) and (
        isinstance(measurements, str | bytes | Mapping) or not isinstance(measurements, Iterable)
    ):
        raise ValidationError(
            "measurements: must be a hipdip.MeasurementLog or Measurements "
            f"(got {type(measurements).__name__}); read FHIR or Open mHealth data with "
            "hipdip.measurements.from_fhir or from_openmhealth"
        )
    beyond = _beyond_bounds(plan, person=profile)
    if beyond is not None:
        raise ValidationError(
            f"plan.{beyond}: give the plan hipdip.nutrition_plan made for this person"
        )
    log = (
        measurements
        if isinstance(measurements, MeasurementLog)
        else MeasurementLog(tuple(measurements))
    )
    weighed = [(i, m) for i, m in enumerate(log.measurements) if m.weight_kg is not None]
    if not weighed:
        without = len(log.measurements)
        raise ValidationError(
            "measurements: give at least one weigh-in (got none"
            + (
                f": {without} measurement{'s' * (without != 1)} without a weight)"
                if without
                else ")"
            )
        )
    latest_index, latest = weighed[-1]
    since = latest.date - datetime.timedelta(days=ADAPT_WINDOW_DAYS)
    window = [m for _, m in weighed if m.date >= since]
    span = (window[-1].date - window[0].date).days
    applied = [*plan.applied_rules, ADAPT_RULE]
    if len(window) < MIN_WEIGH_INS or span < MIN_TREND_DAYS:
        more = max(0, MIN_WEIGH_INS - len(window))
        days = max(0, MIN_TREND_DAYS - span)
        wanted = " and ".join(
            part
            for part in (
                f"{more} more weigh-in{'s' if more != 1 else ''}" if more else "",
                f"{days} more day{'s' if days != 1 else ''}" if days else "",
            )
            if part
        )
        message = (
            f"Not enough weigh-ins to read a trend yet: {len(window)} over {span} days; "
            f"{wanted} are needed (at least {MIN_WEIGH_INS} weigh-ins over at least "
            f"{MIN_TREND_DAYS} days, within the last {ADAPT_WINDOW_DAYS}). The trend does not "
            f"move the target ({plan.target_kcal:.0f} kcal/day) yet."
        )
        # The target stays, but the screens still look at the person as weighed now: one
        # weigh-in that is underweight ends a deficit as surely as eight do.
        return _rerun_after_goal(
            profile,
            plan,
            plan.target_kcal,
            Finding(ADAPT_RULE, Severity.INFO, message, _ADAPT_SOURCE),
            latest,
            latest_index,
            applied,
            pm,
        )
    observed = weight_trend(window)
    planned = plan.weekly_change_kg
    wanted_change = -(observed - planned) * KCAL_PER_KG / 7.0
    change = max(-MAX_ADJUSTMENT_KCAL, min(MAX_ADJUSTMENT_KCAL, wanted_change))
    target = plan.target_kcal + change
    gap = abs(observed - planned)
    if round(gap, 2) == 0:
        compared = "on plan"
    else:
        compared = (
            f"{gap:.2f} kg/week {'above' if observed > planned else 'below'} the plan "
            f"({_trend_words(observed, planned)}), about {abs(wanted_change):.0f} kcal/day "
            f"({gap:.2f} × {KCAL_PER_KG:.0f} / 7)"
        )
    if abs(change) < 0.5:
        moved = f"the target stays at {plan.target_kcal:.0f} kcal/day"
    else:
        capped = (
            f" (the most one adjustment moves; {wanted_change:+.0f} would close the gap)"
            if change != wanted_change
            else ""
        )
        moved = (
            f"target {'raised' if change > 0 else 'lowered'} by {abs(change):.0f} kcal/day"
            f"{capped}, {plan.target_kcal:.0f} → {target:.0f} kcal/day"
        )
    message = (
        f"{len(window)} weigh-ins over {span} days ({window[0].date.isoformat()} to "
        f"{window[-1].date.isoformat()}): the trend is {_signed(observed)} kg/week (least "
        f"squares) against the planned {_signed(planned)} kg/week — {compared}; {moved}. "
        "Weigh in again and adjust every couple of weeks: the 7700 kcal/kg rule is an "
        "approximation."
    )
    finding = Finding(ADAPT_RULE, Severity.INFO, message, _ADAPT_SOURCE)
    return _rerun_after_goal(profile, plan, target, finding, latest, latest_index, applied, pm)


def _rerun_after_goal(
    profile: Profile,
    plan: NutritionPlan,
    target: float,
    finding: Finding,
    latest: Measurement,
    latest_index: int,
    applied: list[str],
    pm: pluggy.PluginManager | None,
) -> NutritionPlan:
    """``plan`` at energy ``target`` with ``finding``, the rules after the goal and the safety
    rules run again on the person as the latest weigh-in has them."""
    from hipdip.builtin.nutrition import GOAL_PRIORITY, SAFETY_RULES, screen_goal

    now = _as_measured(profile, latest, latest_index)
    asked = plan.goal or now.goal
    # A screen that fires on the person as weighed now ends fat loss, as in nutrition_plan:
    # the rules after the goal (protein) then work for maintenance, and the plan says so.
    goal, opening = screen_goal(now, asked)

    cat = catalog(pm)
    safety_ids = {rule.id for rule in SAFETY_RULES}
    rules = sorted(cat.nutrition_rules.values(), key=lambda rule: (rule.priority, rule.id))
    # Each screen that fires on the person as weighed now warns, as nutrition_plan's do.
    fired = (
        tuple(f for f in opening if f.severity is not Severity.INFO) if goal is not asked else ()
    )
    change = plan.weekly_change_kg
    if fired:  # maintenance, as the warnings say (the safety rules would raise it, warning twice)
        target, change = max(target, plan.tdee_kcal), max(change, 0.0)
    trail = _Trail(
        attrs.evolve(
            plan,
            target_kcal=target,
            weekly_change_kg=change,
            findings=(*plan.findings, finding, *fired),
        )
    )
    trail._applied = applied
    trail.setters["target_kcal"] = f"rule {ADAPT_RULE!r}"
    for rule in rules:
        if rule.priority <= GOAL_PRIORITY or rule.id in safety_ids:
            continue
        with cat.guard("nutrition_rules", rule.id, "apply()"):
            result = rule.apply(now, goal, trail.plan)
        problem = _rule_plan_problem(cat, rule.id, result)
        if problem is not None:
            raise _plugin_error(cat, rule.id, f"apply() {problem}")
        who = f"rule {rule.id!r} from plugin {cat.plugin_info('nutrition_rules', rule.id)}"
        trail.record(result, who, rule.id)
    for safety in SAFETY_RULES:
        result = safety.apply(now, goal, trail.plan, origin=trail.setters.get)
        trail.record(result, f"safety rule {safety.id!r}", safety.id, publish=False)
    if goal is Goal.FAT_LOSS and trail.plan.target_kcal >= trail.plan.tdee_kcal:
        goal = Goal.MAINTAIN  # a floor left no deficit (as nutrition_plan says it)
    return trail.finish(goal)


def _signed(value: float) -> str:
    return f"{value:+.2f}".replace("-", "−")


def _trend_words(observed: float, planned: float) -> str:
    """What a weight trend means beside the plan, in words: ``'losing faster than planned'``."""
    if planned < 0:
        if observed >= 0:
            return "gaining instead of losing" if observed > 0 else "not losing"
        return "losing faster than planned" if observed < planned else "losing slower than planned"
    if planned > 0:
        if observed <= 0:
            return "losing instead of gaining" if observed < 0 else "not gaining"
        return (
            "gaining faster than planned" if observed > planned else "gaining slower than planned"
        )
    return "losing" if observed < 0 else "gaining"


def _as_measured(profile: Profile, latest: Measurement, index: int) -> Profile:
    """``profile`` with the body of the latest weigh-in (its weight, and girths and fat if measured)."""
    body = profile.body
    weight = latest.weight_kg
    assert weight is not None  # the latest weigh-in: adjust_nutrition passes over the others
    changes = {
        name: getattr(latest, name)
        for name in ("body_fat_pct", "waist_cm", "hip_cm", "neck_cm")
        if getattr(latest, name) is not None
    }
    carried = {
        name: changes.get(name, getattr(body, name))
        for name in ("body_fat_pct", "waist_cm", "hip_cm", "neck_cm")
    }
    try:
        now = BodyComposition(weight_kg=weight, height_cm=body.height_cm, **carried)
    except ValidationError as exc:
        if "body_fat_pct" in changes or body.body_fat_pct is None:
            raise ValidationError(
                [
                    f"measurements[{index}] with the profile's height: {error}"
                    for error in exc.errors
                ]
            ) from None
        # The profile's body fat was measured at another weight (10 % of 100 kg is not
        # 10 % of 121 kg): where it no longer fits the body weighed now, it is not used.
        return _as_measured(
            attrs.evolve(profile, body=attrs.evolve(body, body_fat_pct=None)), latest, index
        )
    return attrs.evolve(profile, body=now)
