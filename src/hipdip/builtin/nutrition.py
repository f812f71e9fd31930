"""Built-in nutrition rules (a plugin like any other), and the safety rules.

The *registered* rules below are contributed through the
``hipdip_register_nutrition_rules`` hook, exactly as a third-party plugin
would. :func:`hipdip.nutrition_plan` runs them in ascending ``priority``
(ties by id); the priorities are spaced by 100 so a plugin can slot a rule in
between (``priority = 250`` runs after the goal adjustment and before the
protein target) or have the last word (``priority > 500``).

=========  ==============  ==========================================================
priority   id              what it sets
=========  ==============  ==========================================================
100        energy          BMR (Katch–McArdle with known body fat, else Mifflin–St Jeor), TDEE
200        goal            target energy and ``weekly_change_kg`` for the goal
300        protein         protein, g/kg body mass by goal
400        fat             fat, 25 % of energy, at least 0.5 g/kg
500        carbohydrate    carbohydrate, the remainder of the energy
=========  ==============  ==========================================================

The *safety* rules (:data:`SAFETY_RULES`) are not registered through the
hook, so no plugin can remove, replace or outrank them: the engine runs them
itself after every registered rule. Together they make every final plan keep
SCIENCE.md §Invariants 6 — weekly loss ≤ 1 % of body mass, target ≥ BMR, no
fat-loss deficit at or below the fat-loss floor, protein 1.6–2.2 g/kg (3.1 g/kg
of fat-free mass in a deficit), fat ≥ 20 % of energy and ≥ 0.5 g/kg, no
negative macro, and ``4·protein + 4·carbs + 9·fat`` within 1 % of the target.
Each clamp adds a :class:`~hipdip.Finding` naming the rule and whoever set the
clamped value.

>>> from hipdip import BodyComposition, Profile
>>> from hipdip.models import Goal, NutritionPlan
>>> profile = Profile(sex="female", age=30, experience="beginner", activity="moderate",
...                   body=BodyComposition(weight_kg=65, height_cm=165, body_fat_pct=28))
>>> plan = NutritionPlan(0, 0, 0, 0, 0, 0)
>>> for rule in RULES:
...     plan = rule.apply(profile, Goal.MAINTAIN, plan)
>>> round(plan.bmr_kcal, 2), round(plan.target_kcal, 2), round(plan.protein_g, 1)
(1380.88, 2140.36, 104.0)
"""

from __future__ import annotations

import math
from collections.abc import Callable

import attrs

from hipdip.body import (
    ACTIVITY_FACTORS,
    FAT_LOSS_FLOOR_PCT,
    KATCH_SOURCE,
    KCAL_PER_KG,
    MIFFLIN_SOURCE,
    NAVY_SOURCE,
    TDEE_SOURCE,
    BodyFatEstimate,
    estimate_body_fat,
    katch_mcardle,
    mifflin_st_jeor,
    navy_body_fat,
    tdee,
)
from hipdip.hookspecs import hookimpl
from hipdip.models import Finding, Goal, NutritionPlan, Profile, Severity, Sex
from hipdip.protocols import NutritionRule

__all__ = [
    "FAT_ENERGY_SHARE",
    "FAT_MIN_ENERGY_SHARE",
    "FAT_MIN_G_PER_KG",
    "KCAL_PER_G_CARBS",
    "KCAL_PER_G_FAT",
    "KCAL_PER_G_PROTEIN",
    "LEAN_GAIN_SURPLUS",
    "LOSS_RATE_DEFAULT",
    "LOSS_RATE_MAX",
    "PROTEIN_G_PER_KG",
    "PROTEIN_MAX_G_PER_KG",
    "PROTEIN_MAX_G_PER_KG_FFM_DEFICIT",
    "PROTEIN_MIN_G_PER_KG",
    "RULES",
    "SAFETY_RULES",
    "CarbohydrateRule",
    "EnergyRule",
    "FatRule",
    "GoalRule",
    "Origin",
    "ProteinRule",
    "SafetyRule",
    "hipdip_register_nutrition_rules",
    "protein_bounds_g",
]

# --------------------------------------------------------------------------- #
# Numbers (SCIENCE.md §Nutrition targets), each with its source

#: Atwater energy factors, kcal per gram (Atwater; as in NutritionPlan.macro_kcal).
KCAL_PER_G_PROTEIN = 4.0
KCAL_PER_G_CARBS = 4.0
KCAL_PER_G_FAT = 9.0

#: *hipdip policy* — protein, g per kg body mass, by goal. 1.6 g/kg is where
#: fat-free-mass gains plateau, ~2.2 g/kg the 95 % CI upper bound (Morton et
#: al., 2018, Br J Sports Med); higher in a deficit (Helms et al., 2014, IJSNEM).
PROTEIN_G_PER_KG: dict[Goal, float] = {
    Goal.MAINTAIN: 1.6,
    Goal.LEAN_GAIN: 1.6,
    Goal.RECOMPOSITION: 2.0,
    Goal.FAT_LOSS: 2.2,
}
#: Protein never below this, g/kg body mass (Morton et al., 2018: gains plateau at 1.6).
PROTEIN_MIN_G_PER_KG = 1.6
#: Protein never above this, g/kg body mass (Morton et al., 2018: 95 % CI upper bound).
PROTEIN_MAX_G_PER_KG = 2.2
#: Except in a deficit, up to this many g per kg of fat-free mass (Helms et al., 2014:
#: lean people in a deficit, 2.3–3.1 g/kg FFM).
PROTEIN_MAX_G_PER_KG_FFM_DEFICIT = 3.1

#: *hipdip policy* — fat share of energy, inside the AMDR of 20–35 % (Institute of
#: Medicine, 2005).
FAT_ENERGY_SHARE = 0.25
#: Fat never below this share of target energy (Institute of Medicine, 2005, AMDR lower edge).
FAT_MIN_ENERGY_SHARE = 0.20
#: *hipdip policy* — fat never below this, g per kg body mass.
FAT_MIN_G_PER_KG = 0.5

#: *hipdip policy* — default fat-loss rate, fraction of body mass per week, the low end
#: of 0.5–1.0 %/week (Helms et al., 2014; Garthe et al., 2011).
LOSS_RATE_DEFAULT = 0.005
#: *hipdip policy* — hard cap on weekly loss, fraction of body mass (Helms et al., 2014;
#: Garthe et al., 2011: 0.5–1.0 %/week).
LOSS_RATE_MAX = 0.01
#: Lean-gain surplus as a fraction of TDEE (Iraki et al., 2019: 10–20 %; hipdip uses the
#: low end).
LEAN_GAIN_SURPLUS = 0.10

#: Registered-rule priorities, spaced so plugins can slot between them.
ENERGY_PRIORITY = 100
GOAL_PRIORITY = 200
PROTEIN_PRIORITY = 300
FAT_PRIORITY = 400
CARBS_PRIORITY = 500
#: Nominal priority of the safety rules (documentation only: they always run last).
SAFETY_PRIORITY = 1_000_000

MORTON_SOURCE = "Morton et al., 2018, Br J Sports Med"
HELMS_SOURCE = "Helms et al., 2014, IJSNEM"
IOM_SOURCE = "Institute of Medicine, 2005 (AMDR: fat 20–35 % of energy)"
ATWATER_SOURCE = "Atwater factors: 4 kcal/g protein and carbohydrate, 9 kcal/g fat"
WISHNOFSKY_SOURCE = "Wishnofsky, 1958 (~7700 kcal per kg of body-mass change)"
IRAKI_SOURCE = "Iraki et al., 2019 (lean gain: surplus 10–20 % of TDEE)"
LOSS_RATE_SOURCE = "Helms et al., 2014; Garthe et al., 2011 (loss 0.5–1.0 % of body mass/week)"
FLOOR_SOURCE = (
    "hipdip policy on the ACE body-fat categories (floor = lower edge of 'fitness'); "
    "the article (body composition)"
)

# --------------------------------------------------------------------------- #
# The registered rules


@attrs.frozen
class EnergyRule:
    """Sets ``bmr_kcal`` and ``tdee_kcal``; the target starts at maintenance.

    Katch–McArdle (Katch & McArdle, 1996) when body fat is known — measured,
    or estimated from circumferences by the US Navy method (Hodgdon & Beckett,
    1984) — else Mifflin–St Jeor (Mifflin et al., 1990); TDEE = BMR × the
    activity factor. An INFO finding says which body-fat source and formula
    were used.
    """

    id: str = "energy"
    priority: int = ENERGY_PRIORITY

    def apply(self, profile: Profile, goal: Goal, plan: NutritionPlan) -> NutritionPlan:
        """The plan with BMR, TDEE and a maintenance target."""
        bmr, daily, estimate = estimate_energy(profile)
        factor = ACTIVITY_FACTORS[profile.activity]
        findings = [
            Finding(
                self.id, Severity.INFO, _bmr_message(profile, bmr, estimate), _bmr_source(estimate)
            ),
            Finding(
                self.id,
                Severity.INFO,
                f"TDEE = BMR × {factor:g} ({profile.activity.value} activity) = {daily:.0f} kcal/day.",
                TDEE_SOURCE,
            ),
        ]
        return attrs.evolve(
            plan,
            bmr_kcal=bmr,
            tdee_kcal=daily,
            target_kcal=daily,
            weekly_change_kg=0.0,
            findings=(*plan.findings, *findings),
        )


@attrs.frozen
class GoalRule:
    """Sets ``target_kcal`` and ``weekly_change_kg`` from the goal.

    maintain and recomposition: TDEE (recomposition gets its extra protein from
    :class:`ProteinRule`); lean gain: TDEE + 10 % (Iraki et al., 2019); fat
    loss: 0.5 % of body mass a week, turned into a daily deficit with 7700
    kcal/kg (Wishnofsky, 1958). The safety rules later refuse a deficit at or
    below the fat-loss floor.
    """

    id: str = "goal"
    priority: int = GOAL_PRIORITY

    def apply(self, profile: Profile, goal: Goal, plan: NutritionPlan) -> NutritionPlan:
        """The plan with the goal's target energy."""
        weight = profile.body.weight_kg
        if goal is Goal.LEAN_GAIN:
            surplus = LEAN_GAIN_SURPLUS * plan.tdee_kcal
            weekly = surplus * 7.0 / KCAL_PER_KG
            target = plan.tdee_kcal + surplus
            finding = Finding(
                self.id,
                Severity.INFO,
                f"Lean gain: surplus of {_pct(LEAN_GAIN_SURPLUS)} of TDEE ({surplus:.0f} kcal/day), "
                f"about {weekly:.2f} kg/week ({_pct(weekly / weight, 2)} of body mass) at "
                f"{KCAL_PER_KG:.0f} kcal/kg.",
                f"{IRAKI_SOURCE}; {WISHNOFSKY_SOURCE}",
            )
        elif goal is Goal.FAT_LOSS:
            weekly = -LOSS_RATE_DEFAULT * weight
            deficit = -weekly * KCAL_PER_KG / 7.0
            target = plan.tdee_kcal - deficit
            finding = Finding(
                self.id,
                Severity.INFO,
                f"Fat loss: {_pct(LOSS_RATE_DEFAULT, 1)} of body mass a week ({-weekly:.2f} kg), a "
                f"deficit of {deficit:.0f} kcal/day at {KCAL_PER_KG:.0f} kcal/kg (an approximation "
                "that over-predicts long-term loss; Hall, 2008).",
                f"{LOSS_RATE_SOURCE}; {WISHNOFSKY_SOURCE}",
            )
        else:
            weekly = 0.0
            target = plan.tdee_kcal
            what = (
                "recomposition: maintenance energy with high protein"
                if (goal is Goal.RECOMPOSITION)
                else "maintain: energy at TDEE"
            )
            finding = Finding(
                self.id,
                Severity.INFO,
                f"Goal {what}.",
                "hipdip policy (SCIENCE.md §Nutrition targets)",
            )
        return attrs.evolve(
            plan,
            target_kcal=target,
            weekly_change_kg=weekly,
            findings=(*plan.findings, finding),
        )


@attrs.frozen
class ProteinRule:
    """Sets ``protein_g``: 1.6 g/kg (maintain, lean gain), 2.0 (recomposition), 2.2 (fat loss).

    *hipdip policy* on Morton et al., 2018 and Helms et al., 2014.
    """

    id: str = "protein"
    priority: int = PROTEIN_PRIORITY

    def apply(self, profile: Profile, goal: Goal, plan: NutritionPlan) -> NutritionPlan:
        """The plan with the goal's protein target."""
        per_kg = PROTEIN_G_PER_KG[goal]
        protein = per_kg * profile.body.weight_kg
        finding = Finding(
            self.id,
            Severity.INFO,
            f"Protein {per_kg:g} g/kg body mass for {goal.value} = {protein:.0f} g/day.",
            f"{MORTON_SOURCE}; {HELMS_SOURCE}",
        )
        return attrs.evolve(plan, protein_g=protein, findings=(*plan.findings, finding))


@attrs.frozen
class FatRule:
    """Sets ``fat_g``: 25 % of target energy, at least 0.5 g/kg (Institute of Medicine, 2005)."""

    id: str = "fat"
    priority: int = FAT_PRIORITY

    def apply(self, profile: Profile, goal: Goal, plan: NutritionPlan) -> NutritionPlan:
        """The plan with the fat target."""
        by_share = FAT_ENERGY_SHARE * plan.target_kcal / KCAL_PER_G_FAT
        by_mass = FAT_MIN_G_PER_KG * profile.body.weight_kg
        fat = max(by_share, by_mass)
        how = (
            f"{_pct(FAT_ENERGY_SHARE)} of energy"
            if by_share >= by_mass
            else f"the minimum of {FAT_MIN_G_PER_KG:g} g/kg body mass"
        )
        finding = Finding(
            self.id,
            Severity.INFO,
            f"Fat {fat:.0f} g/day ({how}; healthy fats are part of the article's advice).",
            IOM_SOURCE,
        )
        return attrs.evolve(plan, fat_g=fat, findings=(*plan.findings, finding))


@attrs.frozen
class CarbohydrateRule:
    """Sets ``carbs_g`` to the energy left after protein and fat (Atwater factors).

    May leave a negative number for the safety rules to resolve (they raise
    energy instead and say so).
    """

    id: str = "carbohydrate"
    priority: int = CARBS_PRIORITY

    def apply(self, profile: Profile, goal: Goal, plan: NutritionPlan) -> NutritionPlan:
        """The plan with carbohydrate as the remainder."""
        carbs = _remainder_carbs(plan)
        finding = Finding(
            self.id,
            Severity.INFO,
            f"Carbohydrate {carbs:.0f} g/day: the energy left after protein and fat.",
            ATWATER_SOURCE,
        )
        return attrs.evolve(plan, carbs_g=carbs, findings=(*plan.findings, finding))


#: The registered built-in rules, in priority order.
RULES: tuple[NutritionRule, ...] = (
    EnergyRule(),
    GoalRule(),
    ProteinRule(),
    FatRule(),
    CarbohydrateRule(),
)


@hookimpl
def hipdip_register_nutrition_rules(register: Callable[[NutritionRule], None]) -> None:
    """Register the built-in energy, goal, protein, fat and carbohydrate rules."""
    for rule in RULES:
        register(rule)


# --------------------------------------------------------------------------- #
# Shared calculations


def estimate_energy(profile: Profile) -> tuple[float, float, BodyFatEstimate | None]:
    """``(bmr_kcal, tdee_kcal, body-fat estimate or None)`` for ``profile``.

    Katch–McArdle when body fat is known (measured or Navy estimate), else
    Mifflin–St Jeor.

    >>> from hipdip import BodyComposition, Profile
    >>> p = Profile(sex="male", age=30, experience="beginner", activity="sedentary",
    ...             body=BodyComposition(weight_kg=65, height_cm=165))
    >>> estimate_energy(p)
    (1536.25, 1843.5, None)
    """
    body = profile.body
    estimate = estimate_body_fat(profile.sex, body)
    if estimate is None:
        bmr = mifflin_st_jeor(profile.sex, body.weight_kg, body.height_cm, profile.age)
    else:
        bmr = katch_mcardle(lean_mass(profile.body.weight_kg, estimate.pct))
    return bmr, tdee(bmr, profile.activity), estimate


def lean_mass(weight_kg: float, body_fat_pct: float) -> float:
    """Fat-free mass, kg: ``weight × (1 − body fat / 100)``.

    >>> round(lean_mass(65, 28), 2)
    46.8
    """
    return weight_kg * (1.0 - body_fat_pct / 100.0)


def protein_bounds_g(profile: Profile, *, deficit: bool) -> tuple[float, float]:
    """The allowed protein range, g/day: 1.6–2.2 g/kg body mass.

    In a deficit with body fat known (measured or Navy), the upper bound rises
    to 3.1 g/kg of fat-free mass when that is higher (Helms et al., 2014).

    >>> from hipdip import BodyComposition, Profile
    >>> p = Profile(sex="female", age=30, experience="beginner",
    ...             body=BodyComposition(weight_kg=60, height_cm=165, body_fat_pct=20))
    >>> [round(x, 1) for x in protein_bounds_g(p, deficit=False)]
    [96.0, 132.0]
    >>> [round(x, 1) for x in protein_bounds_g(p, deficit=True)]
    [96.0, 148.8]
    """
    weight = profile.body.weight_kg
    low = PROTEIN_MIN_G_PER_KG * weight
    high = PROTEIN_MAX_G_PER_KG * weight
    if deficit:
        estimate = estimate_body_fat(profile.sex, profile.body)
        if estimate is not None:
            ffm = lean_mass(weight, estimate.pct)
            high = max(high, PROTEIN_MAX_G_PER_KG_FFM_DEFICIT * ffm)
    return low, high


def _pct(fraction: float, digits: int = 0) -> str:
    """``0.005`` → ``"0.5 %"`` (SCIENCE.md's spacing)."""
    return f"{fraction * 100:.{digits}f} %"


def _remainder_carbs(plan: NutritionPlan) -> float:
    rest = plan.target_kcal - KCAL_PER_G_PROTEIN * plan.protein_g - KCAL_PER_G_FAT * plan.fat_g
    return rest / KCAL_PER_G_CARBS


def _describe_body_fat(estimate: BodyFatEstimate) -> str:
    if estimate.method == "navy":
        return f"{estimate.pct:.1f} % (US Navy estimate from circumferences)"
    return f"{estimate.pct:g} % (measured)"


def _bmr_message(profile: Profile, bmr: float, estimate: BodyFatEstimate | None) -> str:
    if estimate is None:
        return (
            f"Body fat unknown (no body_fat_pct and not enough circumferences for the US Navy "
            f"method): BMR {bmr:.0f} kcal/day by Mifflin–St Jeor from weight, height and age."
        )
    lean = lean_mass(profile.body.weight_kg, estimate.pct)
    text = (
        f"Body fat {_describe_body_fat(estimate)}: lean mass {lean:.1f} kg, "
        f"BMR {bmr:.0f} kcal/day by Katch–McArdle."
    )
    if estimate.method == "navy":
        body = profile.body
        assert body.waist_cm is not None
        assert body.neck_cm is not None
        raw = navy_body_fat(profile.sex, body.height_cm, body.waist_cm, body.neck_cm, body.hip_cm)
        if not math.isclose(raw, estimate.pct):
            text += (
                f" The Navy formula gave {raw:.1f} %, outside the plausible range; "
                f"{estimate.pct:g} % was used. Check the measurements."
            )
    return text


def _bmr_source(estimate: BodyFatEstimate | None) -> str:
    if estimate is None:
        return MIFFLIN_SOURCE
    if estimate.method == "navy":
        return f"{KATCH_SOURCE}; {NAVY_SOURCE}"
    return KATCH_SOURCE


# --------------------------------------------------------------------------- #
# Safety rules: run by the engine after every registered rule, never registered

#: ``origin(field)`` says who last set a plan field ("rule 'x' from plugin y"), or None.
Origin = Callable[[str], str | None]


def _nobody(_field: str) -> str | None:
    return None


@attrs.frozen
class SafetyRule:
    """A built-in rule that makes the final plan safe; always runs after every registered rule.

    ``apply(profile, goal, plan, *, origin=None)`` is a
    :class:`~hipdip.protocols.NutritionRule` ``apply`` with one optional
    extra: ``origin(field)`` names who last set a field, so a clamp can
    name the plugin whose value it changed.
    """

    id: str
    summary: str
    _check: Callable[[Profile, Goal, NutritionPlan, Origin], NutritionPlan] = attrs.field(
        alias="check", repr=False
    )
    priority: int = SAFETY_PRIORITY

    def apply(
        self, profile: Profile, goal: Goal, plan: NutritionPlan, *, origin: Origin | None = None
    ) -> NutritionPlan:
        """The plan made safe in this rule's respect (unchanged if it already is)."""
        return self._check(profile, goal, plan, origin or _nobody)


def _by(origin: Origin, field: str) -> str:
    who = origin(field)
    return f" (set by {who})" if who else ""


def _add(plan: NutritionPlan, finding: Finding, **changes: float) -> NutritionPlan:
    return attrs.evolve(plan, findings=(*plan.findings, finding), **changes)


def _weekly_from_energy(target_kcal: float, tdee_kcal: float) -> float:
    """Weekly body-mass change implied by a daily energy balance (7700 kcal/kg)."""
    return (target_kcal - tdee_kcal) * 7.0 / KCAL_PER_KG


def _energy_sanity(
    profile: Profile, goal: Goal, plan: NutritionPlan, origin: Origin
) -> NutritionPlan:
    if plan.bmr_kcal > 0 and plan.tdee_kcal >= plan.bmr_kcal:
        return plan
    bmr, daily, _ = estimate_energy(profile)
    finding = Finding(
        "safety_energy_sanity",
        Severity.WARNING,
        f"bmr_kcal {plan.bmr_kcal:.0f}{_by(origin, 'bmr_kcal')} and tdee_kcal "
        f"{plan.tdee_kcal:.0f}{_by(origin, 'tdee_kcal')} are not usable (BMR must be > 0 and "
        f"TDEE ≥ BMR); hipdip's estimates were used instead (BMR {bmr:.0f}, TDEE {daily:.0f} "
        "kcal/day).",
        f"{_bmr_source(estimate_body_fat(profile.sex, profile.body))}; {TDEE_SOURCE}",
    )
    return _add(plan, finding, bmr_kcal=bmr, tdee_kcal=daily)


def _fat_loss_floor(
    profile: Profile, goal: Goal, plan: NutritionPlan, origin: Origin
) -> NutritionPlan:
    deficit = plan.target_kcal < plan.tdee_kcal
    if goal is not Goal.FAT_LOSS and not deficit:
        return plan
    estimate = estimate_body_fat(profile.sex, profile.body)
    if estimate is None:
        if goal is not Goal.FAT_LOSS:
            return plan
        return _add(
            plan,
            Finding(
                "safety_fat_loss_floor",
                Severity.INFO,
                "Body fat unknown, so the fat-loss floor could not be checked. Give body_fat_pct "
                "or waist, neck (and, for women, hip) circumferences: losing fat below a healthy "
                "level would make hip dips more visible, not less.",
                FLOOR_SOURCE,
            ),
        )
    floor = FAT_LOSS_FLOOR_PCT[profile.sex]
    if estimate.pct > floor:
        return plan
    who = "women" if profile.sex is Sex.FEMALE else "men"
    if deficit:
        action = (
            f"No fat-loss deficit is applied: target_kcal {plan.target_kcal:.0f}"
            f"{_by(origin, 'target_kcal')} was raised to maintenance ({plan.tdee_kcal:.0f} "
            "kcal/day)."
        )
    else:
        action = f"Goal {goal.value} is not applied: energy stays at or above maintenance."
    message = (
        f"Body fat {_describe_body_fat(estimate)} is at or below the fat-loss floor of {floor:g} % "
        f"for {who} (the lower edge of the ACE 'fitness' category). {action} "
        "Less body fat leaves less tissue to smooth the contour, so hip dips become more "
        "visible, not less; building gluteus medius and minimus muscle is the lever."
    )
    changes: dict[str, float] = {}
    if deficit:
        changes = {"target_kcal": plan.tdee_kcal, "weekly_change_kg": 0.0}
    elif plan.weekly_change_kg < 0:
        changes = {"weekly_change_kg": 0.0}
    return _add(
        plan, Finding("safety_fat_loss_floor", Severity.WARNING, message, FLOOR_SOURCE), **changes
    )


def _max_loss_rate(
    profile: Profile, goal: Goal, plan: NutritionPlan, origin: Origin
) -> NutritionPlan:
    weight = profile.body.weight_kg
    cap_kg = LOSS_RATE_MAX * weight
    implied = _weekly_from_energy(plan.target_kcal, plan.tdee_kcal)
    if implied < -cap_kg:
        target = plan.tdee_kcal - cap_kg * KCAL_PER_KG / 7.0
        message = (
            f"target_kcal {plan.target_kcal:.0f}{_by(origin, 'target_kcal')} means losing "
            f"{-implied:.2f} kg/week ({_pct(-implied / weight, 1)} of body mass), more than the "
            f"{_pct(LOSS_RATE_MAX)} cap; raised to {target:.0f} kcal/day ({cap_kg:.2f} kg/week). "
            "Drastic loss also makes hip dips more prominent (the article)."
        )
        plan = _add(
            plan,
            Finding("safety_max_loss_rate", Severity.WARNING, message, LOSS_RATE_SOURCE),
            target_kcal=target,
            weekly_change_kg=-cap_kg,
        )
    if plan.weekly_change_kg < -cap_kg:
        message = (
            f"weekly_change_kg {plan.weekly_change_kg:.2f}{_by(origin, 'weekly_change_kg')} is a "
            f"loss of more than {_pct(LOSS_RATE_MAX)} of body mass a week; set to {-cap_kg:.2f}."
        )
        plan = _add(
            plan,
            Finding("safety_max_loss_rate", Severity.WARNING, message, LOSS_RATE_SOURCE),
            weekly_change_kg=-cap_kg,
        )
    return plan


def _bmr_floor(profile: Profile, goal: Goal, plan: NutritionPlan, origin: Origin) -> NutritionPlan:
    if plan.target_kcal >= plan.bmr_kcal:
        return plan
    message = (
        f"target_kcal {plan.target_kcal:.0f}{_by(origin, 'target_kcal')} is below the BMR "
        f"({plan.bmr_kcal:.0f} kcal/day); raised to the BMR."
    )
    return _add(
        plan,
        Finding("safety_bmr_floor", Severity.WARNING, message, "hipdip policy (target ≥ BMR)"),
        target_kcal=plan.bmr_kcal,
        weekly_change_kg=_weekly_from_energy(plan.bmr_kcal, plan.tdee_kcal),
    )


def _protein_range(
    profile: Profile, goal: Goal, plan: NutritionPlan, origin: Origin
) -> NutritionPlan:
    deficit = plan.target_kcal < plan.tdee_kcal
    low, high = protein_bounds_g(profile, deficit=deficit)
    if low <= plan.protein_g <= high:
        return plan
    value = low if plan.protein_g < low else high
    rule = (
        f"{PROTEIN_MIN_G_PER_KG:g}–{PROTEIN_MAX_G_PER_KG:g} g/kg body mass"
        if high == PROTEIN_MAX_G_PER_KG * profile.body.weight_kg
        else f"{PROTEIN_MIN_G_PER_KG:g} g/kg body mass to "
        f"{PROTEIN_MAX_G_PER_KG_FFM_DEFICIT:g} g/kg fat-free mass in a deficit"
    )
    message = (
        f"protein_g {plan.protein_g:.0f}{_by(origin, 'protein_g')} is outside {rule} "
        f"({low:.0f}–{high:.0f} g/day); set to {value:.0f} g."
    )
    return _add(
        plan,
        Finding(
            "safety_protein_range", Severity.WARNING, message, f"{MORTON_SOURCE}; {HELMS_SOURCE}"
        ),
        protein_g=value,
    )


def _fat_minimum(
    profile: Profile, goal: Goal, plan: NutritionPlan, origin: Origin
) -> NutritionPlan:
    minimum = max(
        FAT_MIN_ENERGY_SHARE * plan.target_kcal / KCAL_PER_G_FAT,
        FAT_MIN_G_PER_KG * profile.body.weight_kg,
    )
    if plan.fat_g >= minimum:
        return plan
    message = (
        f"fat_g {plan.fat_g:.0f}{_by(origin, 'fat_g')} is below {_pct(FAT_MIN_ENERGY_SHARE)} of "
        f"energy or {FAT_MIN_G_PER_KG:g} g/kg body mass; set to {minimum:.0f} g."
    )
    return _add(
        plan,
        Finding("safety_fat_minimum", Severity.WARNING, message, IOM_SOURCE),
        fat_g=minimum,
    )


#: The energy identity holds when the macros' energy is within this fraction of the
#: target (SCIENCE.md §Invariants 6; Atwater factors).
ENERGY_IDENTITY_TOLERANCE = 0.01


def _energy_identity(
    profile: Profile, goal: Goal, plan: NutritionPlan, origin: Origin
) -> NutritionPlan:
    if abs(plan.macro_kcal - plan.target_kcal) <= ENERGY_IDENTITY_TOLERANCE * plan.target_kcal:
        return plan
    carbs = _remainder_carbs(plan)
    message = (
        f"The macros give {plan.macro_kcal:.0f} kcal but the target is {plan.target_kcal:.0f} "
        f"kcal; carbs_g {plan.carbs_g:.0f}{_by(origin, 'carbs_g')} recomputed as the remainder: "
        f"{carbs:.0f} g."
    )
    return _add(
        plan,
        Finding("safety_energy_identity", Severity.INFO, message, ATWATER_SOURCE),
        carbs_g=carbs,
    )


def _no_negative_macro(
    profile: Profile, goal: Goal, plan: NutritionPlan, origin: Origin
) -> NutritionPlan:
    # Protein and fat are already ≥ their minimums (> 0); only carbs can be negative here.
    if plan.carbs_g >= 0:
        return plan
    target = KCAL_PER_G_PROTEIN * plan.protein_g + KCAL_PER_G_FAT * plan.fat_g
    message = (
        f"carbs_g {plan.carbs_g:.0f}{_by(origin, 'carbs_g')} is negative: protein and fat alone "
        f"need {target:.0f} kcal. Energy was raised from {plan.target_kcal:.0f} to "
        f"{target:.0f} kcal/day and carbs set to 0 g (carbohydrate is never negative)."
    )
    plan = _add(
        plan,
        Finding("safety_no_negative_macro", Severity.WARNING, message, ATWATER_SOURCE),
        target_kcal=target,
        carbs_g=0.0,
        weekly_change_kg=_weekly_from_energy(target, plan.tdee_kcal),
    )
    # Raising energy may end a deficit, and with it the fat-free-mass protein allowance.
    _, high = protein_bounds_g(profile, deficit=plan.target_kcal < plan.tdee_kcal)
    if plan.protein_g > high:
        message = (
            f"With energy raised the plan is no longer a deficit, so protein is capped at "
            f"{PROTEIN_MAX_G_PER_KG:g} g/kg body mass ({high:.0f} g); the energy freed goes "
            "to carbohydrate."
        )
        carbs = (plan.protein_g - high) * KCAL_PER_G_PROTEIN / KCAL_PER_G_CARBS
        plan = _add(
            plan,
            Finding("safety_protein_range", Severity.WARNING, message, MORTON_SOURCE),
            protein_g=high,
            carbs_g=carbs,
        )
    return plan


#: The safety rules, in the order they run (after every registered rule).
SAFETY_RULES: tuple[SafetyRule, ...] = (
    SafetyRule(
        "safety_energy_sanity", "BMR > 0 and TDEE ≥ BMR, else hipdip's estimates", _energy_sanity
    ),
    SafetyRule(
        "safety_fat_loss_floor",
        "no fat-loss deficit at or below the fat-loss floor (women 21 %, men 14 %)",
        _fat_loss_floor,
    ),
    SafetyRule("safety_max_loss_rate", "weekly loss ≤ 1 % of body mass", _max_loss_rate),
    SafetyRule("safety_bmr_floor", "target energy ≥ BMR", _bmr_floor),
    SafetyRule(
        "safety_protein_range",
        "protein 1.6–2.2 g/kg (up to 3.1 g/kg fat-free mass in a deficit)",
        _protein_range,
    ),
    SafetyRule("safety_fat_minimum", "fat ≥ 20 % of energy and ≥ 0.5 g/kg", _fat_minimum),
    SafetyRule(
        "safety_energy_identity",
        "4·protein + 4·carbs + 9·fat within 1 % of target",
        _energy_identity,
    ),
    SafetyRule(
        "safety_no_negative_macro", "no negative macro: raise energy instead", _no_negative_macro
    ),
)
