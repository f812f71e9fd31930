"""Built-in nutrition rules (a plugin like any other), the screens and the safety rules.

The *registered* rules below are contributed through the
``hipdip_register_nutrition_rules`` hook, exactly as a third-party plugin
would. :func:`hipdip.nutrition_plan` runs them in ascending ``priority``
(ties by id); the priorities are spaced by 100 so a plugin can slot a rule in
between (``priority = 250`` runs after the goal adjustment and before the
protein target) or have the last word (``priority > 500``).

=========  ==============  ==========================================================
priority   id              what it sets
=========  ==============  ==========================================================
100        energy          BMR (Katch–McArdle with a measured body fat, else Mifflin–St Jeor), TDEE
200        goal            target energy and ``weekly_change_kg`` for the goal
300        protein         protein, g/kg of the reference mass by goal, ≤ 35 % of energy
400        fat             fat, 25 % of energy, at least 0.5 g/kg
500        carbohydrate    carbohydrate, the remainder of the energy
=========  ==============  ==========================================================

The *screens* (:data:`SCREENS`, SCIENCE.md §Screens before any deficit) look
at the person before any deficit: BMI under 18.5, body fat at or below the
fat-loss floor (measured, else the US Navy estimate, else the Deurenberg
estimate from BMI), age under 18, and age 65 and over without obesity. When
``fat_loss`` is asked for and a screen fires, :func:`hipdip.nutrition_plan`
applies ``maintain`` instead and opens the plan with one WARNING per screen
(:func:`screen_goal`). The absolute floor of 1200 kcal/day (women) or 1500
(men) keeps a deficit smaller, and where even maintenance is under it, the
target is maintenance — never a surplus forced by the floor.

The *safety* rules (:data:`SAFETY_RULES`) are not registered through the
hook, so no plugin can remove, replace or outrank them: the engine runs them
itself after every registered rule. Together they make every final plan keep
SCIENCE.md §Invariants 6 — no deficit that a screen forbids, weekly loss ≤ 1 %
of body mass, a deficit never under the kcal floor, target ≥ BMR, protein
1.6–2.2 g/kg of the reference mass (3.1 g/kg of fat-free mass in a deficit)
and ≤ 35 % of energy, fat ≥ 20 % of energy and ≥ 0.5 g/kg, no negative
macro, and ``4·protein + 4·carbs + 9·fat`` within 1 % of the target. Each
clamp adds a WARNING :class:`~hipdip.Finding` naming the rule and whoever set
the clamped value. With the registered built-in rules alone, no safety rule
ever has to change a number.

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
from typing import Any

import attrs

from hipdip.body import (
    ACTIVITY_FACTORS,
    ARTICLE_SOURCE,
    BMI_CLASS_LOWER_BOUNDS,
    DEURENBERG_SEE_PCT,
    FAT_LOSS_FLOOR_PCT,
    KATCH_SOURCE,
    KCAL_PER_KG,
    MIFFLIN_SOURCE,
    REFERENCE_BMI,
    REFERENCE_MASS_SOURCE,
    TDEE_SOURCE,
    WHO_BMI_SOURCE,
    BmiClass,
    BodyFatEstimate,
    bmi_class,
    estimate_body_fat,
    format_bmi,
    katch_mcardle,
    mifflin_st_jeor,
    navy_body_fat,
    obese_threshold_pct,
    reference_mass_kg,
    tdee,
)
from hipdip.hookspecs import hookimpl
from hipdip.models import Finding, Goal, NutritionPlan, Profile, Severity, Sex
from hipdip.models.profile import plausible_body_fat_pct
from hipdip.protocols import NutritionRule

__all__ = [
    "FAT_ENERGY_SHARE",
    "FAT_MIN_ENERGY_SHARE",
    "FAT_MIN_G_PER_KG",
    "KCAL_FLOOR",
    "KCAL_PER_G_CARBS",
    "KCAL_PER_G_FAT",
    "KCAL_PER_G_PROTEIN",
    "LEAN_GAIN_SURPLUS",
    "LOSS_RATE_DEFAULT",
    "LOSS_RATE_MAX",
    "MINOR_AGE",
    "OLDER_AGE",
    "PROTEIN_G_PER_KG",
    "PROTEIN_MAX_ENERGY_SHARE",
    "PROTEIN_MAX_G_PER_KG",
    "PROTEIN_MAX_G_PER_KG_FFM_DEFICIT",
    "PROTEIN_MIN_G_PER_KG",
    "RULES",
    "SAFETY_RULES",
    "SCREENS",
    "CarbohydrateRule",
    "EnergyRule",
    "FatLossTarget",
    "FatRule",
    "GoalRule",
    "Origin",
    "ProteinRule",
    "SafetyRule",
    "Screen",
    "ScreenHit",
    "fat_loss_target",
    "hipdip_register_nutrition_rules",
    "protein_bounds_g",
    "screen_goal",
    "screens_that_fire",
]

# --------------------------------------------------------------------------- #
# Numbers (SCIENCE.md §Nutrition targets, §Screens before any deficit), each with its source

#: Atwater energy factors, kcal per gram (Atwater; as in NutritionPlan.macro_kcal).
KCAL_PER_G_PROTEIN = 4.0
KCAL_PER_G_CARBS = 4.0
KCAL_PER_G_FAT = 9.0

#: *hipdip policy* — protein, g per kg of the reference mass (:func:`hipdip.body.reference_mass_kg`),
#: by goal. 1.6 g/kg is where fat-free-mass gains plateau, ~2.2 g/kg the 95 % CI upper bound
#: (Morton et al., 2018, Br J Sports Med); higher in a deficit (Helms et al., 2014, IJSNEM).
PROTEIN_G_PER_KG: dict[Goal, float] = {
    Goal.MAINTAIN: 1.6,
    Goal.LEAN_GAIN: 1.6,
    Goal.RECOMPOSITION: 2.0,
    Goal.FAT_LOSS: 2.2,
}
#: Protein never below this, g/kg reference mass (Morton et al., 2018: gains plateau at 1.6).
PROTEIN_MIN_G_PER_KG = 1.6
#: Protein never above this, g/kg reference mass (Morton et al., 2018: 95 % CI upper bound).
PROTEIN_MAX_G_PER_KG = 2.2
#: Except in a deficit, up to this many g per kg of fat-free mass (Helms et al., 2014:
#: lean people in a deficit, 2.3–3.1 g/kg FFM).
PROTEIN_MAX_G_PER_KG_FFM_DEFICIT = 3.1
#: Protein never above this share of target energy: the top of the AMDR (Institute of
#: Medicine, 2005: protein 10–35 % of energy).
PROTEIN_MAX_ENERGY_SHARE = 0.35

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

#: Absolute floor of a fat-loss target, kcal/day: the lower ends of the AHA/ACC/TOS
#: guideline's 1200–1500 kcal (women) and 1500–1800 kcal (men) (Jensen et al., 2013,
#: Circulation); *hipdip policy* to take them as floors.
KCAL_FLOOR: dict[Sex, float] = {Sex.FEMALE: 1200.0, Sex.MALE: 1500.0}
#: *hipdip policy* — no deficit under this age (stricter than the AAP clinical report that
#: advises adolescents against dieting: Golden et al., 2016, Pediatrics).
MINOR_AGE = 18
#: *hipdip policy* — from this age, a deficit only with obesity (BMI ≥ 30): in obese older
#: adults, exercise attenuates the loss of muscle and bone that weight loss causes
#: (Villareal et al., 2011, NEJM).
OLDER_AGE = 65

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
IOM_SOURCE = (
    "Institute of Medicine, 2005, National Academies Press (Dietary Reference Intakes; "
    "AMDR: fat 20–35 % of energy)"
)
IOM_PROTEIN_SOURCE = (
    "Institute of Medicine, 2005, National Academies Press (Dietary Reference Intakes; "
    "AMDR: protein 10–35 % of energy)"
)
ATWATER_SOURCE = (
    "Atwater factors: 4 kcal/g protein and carbohydrate, 9 kcal/g fat "
    "(docs/science.md#nutrition-targets)"
)
WISHNOFSKY_SOURCE = "Wishnofsky, 1958, Am J Clin Nutr (~7700 kcal per kg of body-mass change)"
HALL_SOURCE = "Hall et al., 2011, Lancet (7700 kcal/kg over-predicts long-term loss)"
IRAKI_SOURCE = "Iraki et al., 2019, Sports (Basel) (lean gain: surplus 10–20 % of TDEE)"
LOSS_RATE_SOURCE = (
    "Helms et al., 2014, IJSNEM; Garthe et al., 2011, IJSNEM (loss 0.5–1.0 % of body mass/week)"
)
#: hipdip's own choices are found in the section of the science page that states them.
POLICY_NUTRITION_SOURCE = "hipdip policy (docs/science.md#nutrition-targets)"
FLOOR_SOURCE = (
    "hipdip policy on the ACE body-fat categories: the floor is the lower edge of 'fitness' "
    f"(docs/science.md#screens-before-any-deficit); {ARTICLE_SOURCE}: body composition"
)
KCAL_FLOOR_SOURCE = (
    "Jensen et al., 2013, Circulation (AHA/ACC/TOS: 1200–1500 kcal/day women, 1500–1800 men; "
    "hipdip takes the lower ends as floors)"
)
UNDERWEIGHT_SOURCE = (
    f"{WHO_BMI_SOURCE}; hipdip policy: no deficit when underweight "
    "(docs/science.md#screens-before-any-deficit)"
)
MINOR_SOURCE = (
    "hipdip policy, stricter than the AAP clinical report advising adolescents against "
    "dieting (Golden et al., 2016, Pediatrics)"
)
OLDER_SOURCE = (
    "hipdip policy on Villareal et al., 2011, NEJM (exercise attenuates the loss of muscle "
    "and bone that weight loss causes in obese older adults)"
)
PROT_AGE_SOURCE = "Bauer et al., 2013, JAMDA (PROT-AGE study group)"
BMR_FLOOR_SOURCE = "hipdip policy: target ≥ BMR (docs/science.md#nutrition-targets)"

#: The lower bound of WHO "obese", kg/m² (WHO, 2000).
_OBESE_BMI = next(lower for lower, name in BMI_CLASS_LOWER_BOUNDS if name is BmiClass.OBESE)
#: The upper edge of WHO "underweight", kg/m² (WHO, 2000).
_UNDERWEIGHT_BELOW = BMI_CLASS_LOWER_BOUNDS[0][0]
#: What to do instead of a deficit: the lever the article names.
_LEVER = "building gluteus medius and minimus muscle is the lever"

# --------------------------------------------------------------------------- #
# The registered rules


@attrs.frozen
class EnergyRule:
    """Sets ``bmr_kcal`` and ``tdee_kcal``; the target starts at maintenance.

    Katch–McArdle (Katch & McArdle, 1996) only when ``body_fat_pct`` is given
    (a measurement), else Mifflin–St Jeor (Mifflin et al., 1990): an estimate
    (US Navy, Deurenberg) never replaces Mifflin–St Jeor for energy. TDEE =
    BMR × the activity factor. An INFO finding says which formula was used.
    """

    id: str = "energy"
    priority: int = ENERGY_PRIORITY

    def apply(self, profile: Profile, goal: Goal, plan: NutritionPlan) -> NutritionPlan:
        """The plan with BMR, TDEE and a maintenance target."""
        bmr, daily, measured = estimate_energy(profile)
        factor = ACTIVITY_FACTORS[profile.activity]
        findings = [
            Finding(self.id, Severity.INFO, _bmr_message(profile, bmr), _bmr_source(measured)),
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
    kcal/kg (Wishnofsky, 1958), never under the BMR nor the absolute kcal
    floor, and maintenance where maintenance is already under that floor
    (:func:`fat_loss_target`; the floor leaves a WARNING naming
    ``safety_kcal_floor``). The person was screened before: a screen that
    fires turns ``fat_loss`` into ``maintain`` before any rule runs.
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
            planned = fat_loss_target(profile, plan.tdee_kcal, plan.bmr_kcal)
            target, weekly = planned.target_kcal, planned.weekly_change_kg
            finding = self._fat_loss_finding(profile, plan, planned)
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
                POLICY_NUTRITION_SOURCE,
            )
        return attrs.evolve(
            plan,
            target_kcal=target,
            weekly_change_kg=weekly,
            findings=(*plan.findings, finding),
        )

    def _fat_loss_finding(
        self, profile: Profile, plan: NutritionPlan, planned: FatLossTarget
    ) -> Finding:
        rate = f"{_pct(LOSS_RATE_DEFAULT, 1)} of body mass a week"
        if planned.limit == "kcal_floor":
            return _kcal_floor_hit(profile, plan.tdee_kcal, planned).finding(
                f"The deficit is kept smaller: {planned.target_kcal:.0f} kcal/day, "
                f"{plan.tdee_kcal - planned.target_kcal:.0f} kcal under maintenance, about "
                f"{-planned.weekly_change_kg:.2f} kg a week."
            )
        if planned.limit == "maintenance":
            return _kcal_floor_hit(profile, plan.tdee_kcal, planned).finding(
                "There is no deficit: goal fat_loss is not applied and energy stays at "
                "maintenance (the floor never forces a surplus)."
            )
        if planned.limit == "bmr":
            return Finding(
                self.id,
                Severity.INFO,
                f"Fat loss: {rate} would put energy at {planned.wanted_kcal:.0f} kcal/day, under "
                f"the BMR ({plan.bmr_kcal:.0f} kcal/day); the target is the BMR, a deficit of "
                f"{plan.tdee_kcal - planned.target_kcal:.0f} kcal/day (about "
                f"{-planned.weekly_change_kg:.2f} kg a week).",
                f"{BMR_FLOOR_SOURCE}; {LOSS_RATE_SOURCE}; {WISHNOFSKY_SOURCE}",
            )
        return Finding(
            self.id,
            Severity.INFO,
            f"Fat loss: {rate} ({-planned.weekly_change_kg:.2f} kg), a deficit of "
            f"{plan.tdee_kcal - planned.target_kcal:.0f} kcal/day at {KCAL_PER_KG:.0f} kcal/kg "
            "(an approximation that over-predicts long-term loss).",
            f"{LOSS_RATE_SOURCE}; {WISHNOFSKY_SOURCE}; {HALL_SOURCE}",
        )


@attrs.frozen
class ProteinRule:
    """Sets ``protein_g``: 1.6 g/kg (maintain, lean gain), 2.0 (recomposition), 2.2 (fat loss).

    Per kg of the reference mass (:func:`hipdip.body.reference_mass_kg`: body
    mass, at most the weight at BMI 25 unless a measured body fat is below
    ACE "obese"), and never more than 35 % of the target energy (the top of
    the AMDR; the finding says so when it caps). *hipdip policy* on Morton et
    al., 2018 and Helms et al., 2014.
    """

    id: str = "protein"
    priority: int = PROTEIN_PRIORITY

    def apply(self, profile: Profile, goal: Goal, plan: NutritionPlan) -> NutritionPlan:
        """The plan with the goal's protein target."""
        per_kg = PROTEIN_G_PER_KG[goal]
        reference = reference_mass_kg(profile.body, profile.sex)
        wanted = per_kg * reference
        message = (
            f"Protein {per_kg:g} g/kg of {_reference_words(profile, reference)} for "
            f"{goal.value} = {wanted:.0f} g/day."
        )
        sources = [MORTON_SOURCE, HELMS_SOURCE]
        if reference < profile.body.weight_kg:
            sources.append(REFERENCE_MASS_SOURCE)
        protein = wanted
        cap = _protein_cap_g(plan.target_kcal)
        if cap is not None and wanted > cap:
            protein = cap
            message = (
                f"Protein {per_kg:g} g/kg of {_reference_words(profile, reference)} for "
                f"{goal.value} would be {wanted:.0f} g/day, more than "
                f"{_pct(PROTEIN_MAX_ENERGY_SHARE)} of the {plan.target_kcal:.0f} kcal target: "
                f"capped at {protein:.0f} g/day."
            )
            if protein < PROTEIN_MIN_G_PER_KG * reference:
                message += (
                    f" That is under the usual {PROTEIN_MIN_G_PER_KG:g} g/kg: the energy "
                    "target is too low to carry more."
                )
            sources.append(IOM_PROTEIN_SOURCE)
        finding = Finding(self.id, Severity.INFO, message, "; ".join(sources))
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
    """``(bmr_kcal, tdee_kcal, measured body fat or None)`` for ``profile``.

    Katch–McArdle when ``body_fat_pct`` is given (a measurement), else
    Mifflin–St Jeor: a US Navy or Deurenberg *estimate* never selects
    Katch–McArdle (at the extremes it moves BMR by 20 % or more on a number
    with ±3.5–4 points of error).

    >>> from hipdip import BodyComposition, Profile
    >>> p = Profile(sex="male", age=30, experience="beginner", activity="sedentary",
    ...             body=BodyComposition(weight_kg=65, height_cm=165, waist_cm=80, neck_cm=37))
    >>> estimate_energy(p)
    (1536.25, 1843.5, None)
    """
    body = profile.body
    if body.body_fat_pct is None:
        bmr = mifflin_st_jeor(profile.sex, body.weight_kg, body.height_cm, profile.age)
        return bmr, tdee(bmr, profile.activity), None
    measured = BodyFatEstimate(body.body_fat_pct, "measured", None)
    bmr = katch_mcardle(lean_mass(body.weight_kg, body.body_fat_pct))
    return bmr, tdee(bmr, profile.activity), measured


def lean_mass(weight_kg: float, body_fat_pct: float) -> float:
    """Fat-free mass, kg: ``weight × (1 − body fat / 100)``.

    >>> round(lean_mass(65, 28), 2)
    46.8
    """
    return weight_kg * (1.0 - body_fat_pct / 100.0)


def protein_bounds_g(
    profile: Profile, *, deficit: bool, target_kcal: float | None = None
) -> tuple[float, float]:
    """The allowed protein range, g/day: 1.6–2.2 g/kg of the reference mass.

    In a deficit with body fat known (measured or Navy), the upper bound rises
    to 3.1 g/kg of fat-free mass when that is higher (Helms et al., 2014).
    With ``target_kcal``, neither bound exceeds 35 % of that energy (the top
    of the AMDR; Institute of Medicine, 2005): where even 1.6 g/kg would, the
    cap is the whole range.

    >>> from hipdip import BodyComposition, Profile
    >>> p = Profile(sex="female", age=30, experience="beginner",
    ...             body=BodyComposition(weight_kg=60, height_cm=165, body_fat_pct=20))
    >>> [round(x, 1) for x in protein_bounds_g(p, deficit=False)]
    [96.0, 132.0]
    >>> [round(x, 1) for x in protein_bounds_g(p, deficit=True)]
    [96.0, 148.8]
    >>> [round(x, 1) for x in protein_bounds_g(p, deficit=True, target_kcal=1500)]
    [96.0, 131.2]
    >>> heavy = Profile(sex="male", age=30, experience="beginner",
    ...                 body=BodyComposition(weight_kg=150, height_cm=180))
    >>> [round(x, 1) for x in protein_bounds_g(heavy, deficit=True)]  # reference mass 81 kg
    [129.6, 178.2]
    """
    body = profile.body
    reference = reference_mass_kg(body, profile.sex)
    low = PROTEIN_MIN_G_PER_KG * reference
    high = PROTEIN_MAX_G_PER_KG * reference
    if deficit:
        estimate = estimate_body_fat(profile.sex, body)
        if estimate is not None:
            ffm = lean_mass(body.weight_kg, estimate.pct)
            high = max(high, PROTEIN_MAX_G_PER_KG_FFM_DEFICIT * ffm)
    cap = None if target_kcal is None else _protein_cap_g(target_kcal)
    if cap is not None:
        low, high = min(low, cap), min(high, cap)
    return low, high


@attrs.frozen
class FatLossTarget:
    """The fat-loss energy :class:`GoalRule` sets (:func:`fat_loss_target`).

    ``limit`` says what kept the deficit smaller than 0.5 % of body mass a
    week: ``None``, ``"bmr"``, ``"kcal_floor"`` or ``"maintenance"`` (even
    maintenance is under the kcal floor).
    """

    target_kcal: float
    weekly_change_kg: float
    wanted_kcal: float
    limit: str | None


def fat_loss_target(profile: Profile, tdee_kcal: float, bmr_kcal: float) -> FatLossTarget:
    """The fat-loss target: 0.5 % of body mass a week, never under the BMR nor the kcal floor.

    Where maintenance (``tdee_kcal``) is already at or under the absolute
    floor (1200 kcal/day women, 1500 men; Jensen et al., 2013), the target is
    maintenance: the floor never forces a surplus.

    >>> from hipdip import BodyComposition, Profile
    >>> small = Profile(sex="female", age=30, experience="beginner", activity="sedentary",
    ...                 body=BodyComposition(weight_kg=52, height_cm=160))
    >>> t = fat_loss_target(small, tdee_kcal=1430.4, bmr_kcal=1192.0)
    >>> round(t.wanted_kcal, 1), t.target_kcal, t.limit
    (1144.4, 1200.0, 'kcal_floor')
    >>> fat_loss_target(small, tdee_kcal=1157.0, bmr_kcal=964.0).limit
    'maintenance'
    """
    weight = profile.body.weight_kg
    wanted = tdee_kcal - LOSS_RATE_DEFAULT * weight * KCAL_PER_KG / 7.0
    floor = KCAL_FLOOR[profile.sex]
    limit: str | None = None
    target = wanted
    if tdee_kcal <= floor:
        target, limit = tdee_kcal, "maintenance"
    elif wanted < max(floor, bmr_kcal):
        target = min(max(floor, bmr_kcal), tdee_kcal)
        limit = "kcal_floor" if floor >= bmr_kcal else "bmr"
    return FatLossTarget(target, _weekly_from_energy(target, tdee_kcal), wanted, limit)


def _protein_cap_g(target_kcal: float) -> float | None:
    """Protein at 35 % of ``target_kcal``, g/day; None for an unusable target."""
    if not target_kcal > 0:
        return None
    return PROTEIN_MAX_ENERGY_SHARE * target_kcal / KCAL_PER_G_PROTEIN


def _reference_words(profile: Profile, reference: float) -> str:
    body = profile.body
    if reference < body.weight_kg:
        return (
            f"reference mass {reference:.1f} kg (the weight at BMI {REFERENCE_BMI:g} for "
            f"{body.height_cm:g} cm; body mass {body.weight_kg:g} kg is above it)"
        )
    if body.bmi > REFERENCE_BMI and body.body_fat_pct is not None:
        return (
            f"body mass (measured body fat {body.body_fat_pct:g} % is under the ACE 'obese' "
            f"threshold of {obese_threshold_pct(profile.sex):g} %, so protein is dosed on the "
            "whole body mass)"
        )
    return "body mass"


def _pct(fraction: float, digits: int = 0) -> str:
    """``0.005`` → ``"0.5 %"`` (SCIENCE.md's spacing)."""
    return f"{fraction * 100:.{digits}f} %"


def _remainder_carbs(plan: NutritionPlan) -> float:
    rest = plan.target_kcal - KCAL_PER_G_PROTEIN * plan.protein_g - KCAL_PER_G_FAT * plan.fat_g
    return rest / KCAL_PER_G_CARBS


def _describe_body_fat(estimate: BodyFatEstimate, profile: Profile | None = None) -> str:
    pct = f"{estimate.pct:.1f}"
    if profile is not None:  # never shown across the fat-loss floor it is screened against
        floor = FAT_LOSS_FLOOR_PCT[profile.sex]
        digits = 1
        while (float(pct) > floor) != (estimate.pct > floor) and digits < 6:
            digits += 1
            pct = f"{estimate.pct:.{digits}f}"
    if estimate.method == "navy":
        text = f"{pct} % (US Navy estimate from circumferences"
        if profile is not None:
            low, _ = plausible_body_fat_pct(profile.body.weight_kg, profile.body.height_cm)
            if estimate.pct < low:
                text += (
                    f"; under the {low:.1f} % this weight and height can have: check waist_cm "
                    "and neck_cm"
                )
        return text + ")"
    if estimate.method == "deurenberg":
        bmi = f" {format_bmi(profile.body.bmi)}" if profile is not None else ""
        return (
            f"{pct} % (estimated from BMI{bmi} and age by Deurenberg; "
            f"± {DEURENBERG_SEE_PCT:g} points)"
        )
    return f"{estimate.pct:g} % (measured)"


def _bmr_message(profile: Profile, bmr: float) -> str:
    body = profile.body
    if body.body_fat_pct is not None:
        lean = lean_mass(body.weight_kg, body.body_fat_pct)
        return (
            f"Body fat {body.body_fat_pct:g} % (measured): lean mass {lean:.1f} kg, "
            f"BMR {bmr:.0f} kcal/day by Katch–McArdle."
        )
    text = (
        f"Body fat not measured (no body_fat_pct): BMR {bmr:.0f} kcal/day by Mifflin–St Jeor "
        "from weight, height and age."
    )
    navy = estimate_body_fat(profile.sex, body)
    if navy is not None:
        text += (
            f" The US Navy estimate from circumferences ({navy.pct:.1f} %) only screens a "
            "deficit: an estimate never replaces Mifflin–St Jeor for energy."
        )
        assert body.waist_cm is not None
        assert body.neck_cm is not None
        raw = navy_body_fat(profile.sex, body.height_cm, body.waist_cm, body.neck_cm, body.hip_cm)
        if not math.isclose(raw, navy.pct):
            used = min(raw, navy.pct)  # an implausibly low estimate screens as it is
            text += (
                f" (The Navy formula gave {raw:.1f} %, outside the plausible range; "
                f"{used:.1f} % screens the deficit. Check the measurements.)"
            )
    return text


def _bmr_source(measured: BodyFatEstimate | None) -> str:
    return MIFFLIN_SOURCE if measured is None else KATCH_SOURCE


def _who(profile: Profile) -> str:
    return "women" if profile.sex is Sex.FEMALE else "men"


# --------------------------------------------------------------------------- #
# Screens before any deficit (SCIENCE.md §Screens before any deficit)


@attrs.frozen
class ScreenHit:
    """A screen that fired: its rule id, the reason with the number, what to do instead.

    ``stops_deficit`` is False for the kcal floor when it only keeps a
    deficit smaller.
    """

    rule: str
    reason: str
    advice: str
    source: str
    stops_deficit: bool = True

    def finding(self, action: str) -> Finding:
        """The WARNING: the reason, ``action`` (what hipdip did), then the advice."""
        return Finding(
            self.rule, Severity.WARNING, f"{self.reason}. {action} {self.advice}", self.source
        )


@attrs.frozen
class Screen:
    """A check of the person before any deficit; ``check(profile)`` is a :class:`ScreenHit` or None."""

    id: str
    summary: str
    _check: Callable[[Profile], ScreenHit | None] = attrs.field(alias="check", repr=False)

    def check(self, profile: Profile) -> ScreenHit | None:
        """The hit when this screen forbids a deficit for ``profile``, else ``None``."""
        return self._check(profile)


def _underweight(profile: Profile) -> ScreenHit | None:
    bmi = profile.body.bmi
    if bmi_class(bmi) is not BmiClass.UNDERWEIGHT:
        return None
    return ScreenHit(
        "safety_underweight",
        f"BMI {format_bmi(bmi)} kg/m² is under {_UNDERWEIGHT_BELOW:g} (WHO: underweight), so there is "
        "no deficit, whatever the body fat",
        f"See a clinician before trying to lose weight. Eat at least at maintenance: {_LEVER}.",
        UNDERWEIGHT_SOURCE,
    )


def _age(profile: Profile) -> ScreenHit | None:
    age, bmi = profile.age, profile.body.bmi
    if age < MINOR_AGE:
        return ScreenHit(
            "safety_age",
            f"Age {age} is under {MINOR_AGE}: hipdip plans no deficit for adolescents",
            "Ask a doctor or dietitian about any weight concern. Eat at maintenance and train: "
            f"{_LEVER}.",
            MINOR_SOURCE,
        )
    if age >= OLDER_AGE and bmi < _OBESE_BMI:
        return ScreenHit(
            "safety_age",
            f"Age {age} with BMI {format_bmi(bmi)} kg/m²: from {OLDER_AGE}, hipdip plans a deficit only "
            f"with obesity (BMI ≥ {_OBESE_BMI:g}), because weight loss costs muscle and bone",
            f"Ask a clinician about weight loss. Eat at maintenance and train: {_LEVER}.",
            OLDER_SOURCE,
        )
    return None


def _body_fat_floor(profile: Profile) -> ScreenHit | None:
    estimate = _screening_body_fat(profile)
    floor = FAT_LOSS_FLOOR_PCT[profile.sex]
    if estimate.pct > floor:
        return None
    advice = (
        "Less body fat leaves less tissue to smooth the contour, so hip dips become more "
        f"visible, not less; {_LEVER}."
    )
    if not estimate.measured:
        advice += " A measured body_fat_pct (DXA, BIA or calipers) gives a better check."
    source = FLOOR_SOURCE if estimate.source is None else f"{FLOOR_SOURCE}; {estimate.source}"
    return ScreenHit(
        "safety_fat_loss_floor",
        f"Body fat {_describe_body_fat(estimate, profile)} is at or below the fat-loss floor of "
        f"{floor:g} % for {_who(profile)} (the lower edge of the ACE 'fitness' category)",
        advice,
        source,
    )


def _screening_body_fat(profile: Profile) -> BodyFatEstimate:
    """Measured body fat, else the Navy estimate, else the Deurenberg estimate from BMI.

    A Navy estimate under the range this body can have (a fat-free-mass index above
    32 kg/m²: circumferences that do not fit the weight) screens by the formula's own,
    lower number: an implausible estimate never lets a deficit through that the
    formula itself would refuse.
    """
    body = profile.body
    estimate = estimate_body_fat(profile.sex, body, profile.age)
    assert estimate is not None  # with an age there is always the Deurenberg estimate
    if estimate.method == "navy":
        assert body.waist_cm is not None
        assert body.neck_cm is not None
        raw = navy_body_fat(profile.sex, body.height_cm, body.waist_cm, body.neck_cm, body.hip_cm)
        if raw < estimate.pct:
            return attrs.evolve(estimate, pct=raw)
    return estimate


#: The screens that look at the person, in the order their warnings appear.
SCREENS: tuple[Screen, ...] = (
    Screen("safety_underweight", "no deficit when BMI < 18.5 (WHO underweight)", _underweight),
    Screen("safety_age", "no deficit under 18, nor from 65 without obesity (BMI ≥ 30)", _age),
    Screen(
        "safety_fat_loss_floor",
        "no deficit at or below the fat-loss floor (women 21 %, men 14 %; measured, Navy or "
        "Deurenberg body fat)",
        _body_fat_floor,
    ),
)


def screen_goal(profile: Profile, goal: Goal) -> tuple[Goal, tuple[Finding, ...]]:
    """The goal to apply and the findings that open the plan, after screening ``profile``.

    For ``fat_loss``: when any screen of :data:`SCREENS` fires, ``maintain``
    is applied and each firing screen gives a WARNING. So does maintenance
    energy (hipdip's own estimate) already at or under the absolute kcal
    floor (``safety_kcal_floor``). When nothing fires on an *estimated* body
    fat, an INFO note says so. Other goals ask for no deficit: unchanged, no
    finding. Used by :func:`hipdip.nutrition_plan` before any rule runs.

    >>> from hipdip import BodyComposition, Profile
    >>> thin = Profile(sex="female", age=19, experience="beginner",
    ...                body=BodyComposition(weight_kg=42, height_cm=170))
    >>> goal, findings = screen_goal(thin, Goal.FAT_LOSS)
    >>> goal, [(f.rule, f.severity.value) for f in findings]
    (<Goal.MAINTAIN: 'maintain'>, [('safety_underweight', 'warning'), ('safety_fat_loss_floor', 'warning')])
    """
    if goal is not Goal.FAT_LOSS:
        return goal, ()
    hits = list(_person_hits(profile))
    if hits:
        action = "Goal fat_loss is not applied: this plan is for maintenance (energy at TDEE)."
        return Goal.MAINTAIN, tuple(hit.finding(action) for hit in hits)
    bmr, daily, _ = estimate_energy(profile)
    planned = fat_loss_target(profile, daily, bmr)
    if planned.limit == "maintenance":
        action = (
            "Goal fat_loss is not applied: this plan is for maintenance (the floor never forces "
            "a surplus)."
        )
        return Goal.MAINTAIN, (_kcal_floor_hit(profile, daily, planned).finding(action),)
    estimate = _screening_body_fat(profile)
    if estimate.measured:
        return goal, ()
    note = Finding(
        "safety_fat_loss_floor",
        Severity.INFO,
        f"Body fat {_describe_body_fat(estimate, profile)} is above the fat-loss floor of "
        f"{FAT_LOSS_FLOOR_PCT[profile.sex]:g} % for {_who(profile)}, so a deficit is allowed. "
        "A measured body_fat_pct (DXA, BIA or calipers) gives a better check.",
        f"{FLOOR_SOURCE}; {estimate.source}",
    )
    return goal, (note,)


def _person_hits(profile: Profile) -> tuple[ScreenHit, ...]:
    return tuple(hit for screen in SCREENS if (hit := screen.check(profile)) is not None)


def screens_that_fire(profile: Profile, goal: Goal | None = None) -> tuple[ScreenHit, ...]:
    """Every screen that would fire for ``profile`` and ``goal`` (default ``profile.goal``).

    The person screens (:data:`SCREENS`) for ``fat_loss``, or — when none of
    them fires — the absolute kcal floor on hipdip's own energy estimate
    (what :func:`hipdip.nutrition_plan` does with the built-in rules).
    Used by :func:`hipdip.assess`.

    >>> from hipdip import BodyComposition, Profile
    >>> small = Profile(sex="female", age=30, experience="beginner", activity="sedentary",
    ...                 goal="fat_loss", body=BodyComposition(weight_kg=40, height_cm=140))
    >>> [hit.rule for hit in screens_that_fire(small)]
    ['safety_kcal_floor']
    >>> screens_that_fire(small, Goal.MAINTAIN)
    ()
    """
    chosen = profile.goal if goal is None else goal
    if chosen is not Goal.FAT_LOSS:
        return ()
    hits = _person_hits(profile)
    if hits:
        return hits
    bmr, daily, _ = estimate_energy(profile)
    planned = fat_loss_target(profile, daily, bmr)
    if planned.limit in ("kcal_floor", "maintenance"):
        return (_kcal_floor_hit(profile, daily, planned),)
    return ()


def _kcal_floor_hit(profile: Profile, tdee_kcal: float, planned: FatLossTarget) -> ScreenHit:
    floor = KCAL_FLOOR[profile.sex]
    if planned.limit == "maintenance":
        reason = (
            f"Maintenance energy (TDEE {tdee_kcal:.0f} kcal/day) is already at or under the "
            f"floor of {floor:.0f} kcal/day for {_who(profile)}"
        )
    else:
        reason = (
            f"Fat loss at {_pct(LOSS_RATE_DEFAULT, 1)} of body mass a week would put energy at "
            f"{planned.wanted_kcal:.0f} kcal/day, under the floor of {floor:.0f} kcal/day for "
            f"{_who(profile)}"
        )
    return ScreenHit(
        "safety_kcal_floor",
        reason,
        f"Eating less than that needs a clinician's supervision; {_LEVER}.",
        KCAL_FLOOR_SOURCE,
        stops_deficit=planned.limit == "maintenance",
    )


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
    """``plan`` with ``finding`` added and the numeric fields in ``changes`` set."""
    numbers: dict[str, Any] = changes
    return attrs.evolve(plan, findings=(*plan.findings, finding), **numbers)


def _weekly_from_energy(target_kcal: float, tdee_kcal: float) -> float:
    """Weekly body-mass change implied by a daily energy balance (7700 kcal/kg)."""
    return (target_kcal - tdee_kcal) * 7.0 / KCAL_PER_KG


def _energy_sanity(
    profile: Profile, goal: Goal, plan: NutritionPlan, origin: Origin
) -> NutritionPlan:
    bmr, daily, measured = estimate_energy(profile)
    if plan.bmr_kcal > 0 and plan.tdee_kcal >= plan.bmr_kcal:
        return _energy_not_lowered(plan, origin, bmr, daily, measured)
    finding = Finding(
        "safety_energy_sanity",
        Severity.WARNING,
        f"bmr_kcal {plan.bmr_kcal:.0f}{_by(origin, 'bmr_kcal')} and tdee_kcal "
        f"{plan.tdee_kcal:.0f}{_by(origin, 'tdee_kcal')} are not usable (BMR must be > 0 and "
        f"TDEE ≥ BMR); hipdip's estimates were used instead (BMR {bmr:.0f}, TDEE {daily:.0f} "
        "kcal/day).",
        f"{_bmr_source(measured)}; {TDEE_SOURCE}",
    )
    return _add(plan, finding, bmr_kcal=bmr, tdee_kcal=daily)


def _energy_not_lowered(
    plan: NutritionPlan,
    origin: Origin,
    bmr: float,
    daily: float,
    measured: BodyFatEstimate | None,
) -> NutritionPlan:
    """``plan`` with a BMR or TDEE that a rule of this run set under hipdip's estimates raised.

    The floors (target ≥ BMR) and the screens (no deficit under maintenance) are
    measured from these two numbers: a rule that lowers them must not slip a deficit
    past them. Values nobody set in this run (a plan passed back in, as by
    :func:`hipdip.adjust_nutrition`) are left alone.
    """
    lowered = {
        name: (value, own)
        for name, value, own in (
            ("bmr_kcal", plan.bmr_kcal, bmr),
            ("tdee_kcal", plan.tdee_kcal, daily),
        )
        if origin(name) is not None and value < own * (1.0 - _ENERGY_RTOL)
    }
    if not lowered:
        return plan
    said = " and ".join(
        f"{name} {value:.0f}{_by(origin, name)}" for name, (value, _) in lowered.items()
    )
    finding = Finding(
        "safety_energy_sanity",
        Severity.WARNING,
        f"{said} {'is' if len(lowered) == 1 else 'are'} under hipdip's own estimate (BMR "
        f"{bmr:.0f}, TDEE {daily:.0f} kcal/day), which the floors and screens are measured "
        "from: raised to it, so that a lower estimate cannot slip a deficit past them.",
        f"{_bmr_source(measured)}; {TDEE_SOURCE}",
    )
    return _add(
        plan, finding, bmr_kcal=max(plan.bmr_kcal, bmr), tdee_kcal=max(plan.tdee_kcal, daily)
    )


#: Relative slack for "under hipdip's estimate" (float noise, not a policy).
_ENERGY_RTOL = 1e-9


def _screen_check(
    screen: Screen,
) -> Callable[[Profile, Goal, NutritionPlan, Origin], NutritionPlan]:
    """The safety check of ``screen``: a deficit it forbids goes back to maintenance."""

    def check(profile: Profile, goal: Goal, plan: NutritionPlan, origin: Origin) -> NutritionPlan:
        deficit = plan.target_kcal < plan.tdee_kcal
        if not deficit and plan.weekly_change_kg >= 0:
            return plan
        hit = screen.check(profile)
        if hit is None:
            return plan
        if deficit:
            action = (
                f"target_kcal {plan.target_kcal:.0f}{_by(origin, 'target_kcal')} was a deficit: "
                f"raised to maintenance ({plan.tdee_kcal:.0f} kcal/day)."
            )
            return _add(plan, hit.finding(action), target_kcal=plan.tdee_kcal, weekly_change_kg=0.0)
        action = (
            f"weekly_change_kg {plan.weekly_change_kg:.2f}{_by(origin, 'weekly_change_kg')} "
            "was a loss: set to 0."
        )
        return _add(plan, hit.finding(action), weekly_change_kg=0.0)

    return check


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


def _kcal_floor(profile: Profile, goal: Goal, plan: NutritionPlan, origin: Origin) -> NutritionPlan:
    floor = KCAL_FLOOR[profile.sex]
    if plan.target_kcal >= plan.tdee_kcal or plan.target_kcal >= floor:
        return plan
    target = min(floor, plan.tdee_kcal)
    where = (
        f"raised to the floor ({target:.0f} kcal/day)"
        if target < plan.tdee_kcal
        else f"maintenance ({target:.0f} kcal/day) is itself under the floor, so the target is "
        "maintenance (the floor never forces a surplus)"
    )
    message = (
        f"target_kcal {plan.target_kcal:.0f}{_by(origin, 'target_kcal')} is a deficit under the "
        f"floor of {floor:.0f} kcal/day for {_who(profile)}: {where}. Eating less than that needs "
        f"a clinician's supervision; {_LEVER}."
    )
    return _add(
        plan,
        Finding("safety_kcal_floor", Severity.WARNING, message, KCAL_FLOOR_SOURCE),
        target_kcal=target,
        weekly_change_kg=_weekly_from_energy(target, plan.tdee_kcal),
    )


def _bmr_floor(profile: Profile, goal: Goal, plan: NutritionPlan, origin: Origin) -> NutritionPlan:
    if plan.target_kcal >= plan.bmr_kcal:
        return plan
    message = (
        f"target_kcal {plan.target_kcal:.0f}{_by(origin, 'target_kcal')} is below the BMR "
        f"({plan.bmr_kcal:.0f} kcal/day); raised to the BMR."
    )
    return _add(
        plan,
        Finding("safety_bmr_floor", Severity.WARNING, message, BMR_FLOOR_SOURCE),
        target_kcal=plan.bmr_kcal,
        weekly_change_kg=_weekly_from_energy(plan.bmr_kcal, plan.tdee_kcal),
    )


def _protein_rule_text(profile: Profile, deficit: bool, target_kcal: float) -> str:
    reference = reference_mass_kg(profile.body, profile.sex)
    mass = (
        "body mass"
        if reference >= profile.body.weight_kg
        else f"the reference mass of {reference:.1f} kg"
    )
    text = f"{PROTEIN_MIN_G_PER_KG:g}–{PROTEIN_MAX_G_PER_KG:g} g/kg of {mass}"
    if deficit and estimate_body_fat(profile.sex, profile.body) is not None:
        text += f" (up to {PROTEIN_MAX_G_PER_KG_FFM_DEFICIT:g} g/kg fat-free mass in a deficit)"
    return f"{text}, at most {_pct(PROTEIN_MAX_ENERGY_SHARE)} of the {target_kcal:.0f} kcal target"


def _protein_range(
    profile: Profile, goal: Goal, plan: NutritionPlan, origin: Origin
) -> NutritionPlan:
    deficit = plan.target_kcal < plan.tdee_kcal
    low, high = protein_bounds_g(profile, deficit=deficit, target_kcal=plan.target_kcal)
    if low <= plan.protein_g <= high:
        return plan
    value = low if plan.protein_g < low else high
    message = (
        f"protein_g {plan.protein_g:.0f}{_by(origin, 'protein_g')} is outside "
        f"{_protein_rule_text(profile, deficit, plan.target_kcal)} ({low:.0f}–{high:.0f} g/day); "
        f"set to {value:.0f} g."
    )
    return _add(
        plan,
        Finding(
            "safety_protein_range",
            Severity.WARNING,
            message,
            f"{MORTON_SOURCE}; {HELMS_SOURCE}; {REFERENCE_MASS_SOURCE}; {IOM_PROTEIN_SOURCE}",
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
        f"The macros gave {plan.macro_kcal:.0f} kcal but the target is {plan.target_kcal:.0f} "
        f"kcal, so carbohydrate is the remainder: {carbs:.0f} g (carbs_g was "
        f"{plan.carbs_g:.0f}{_by(origin, 'carbs_g')})."
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
    # At the raised energy the 35 % cap is higher, and so is a protein floor it held down:
    # protein is at least min(1.6 g/kg reference mass, 35 % of 4·protein + 9·fat).
    share = PROTEIN_MAX_ENERGY_SHARE
    protein = max(
        plan.protein_g,
        min(
            PROTEIN_MIN_G_PER_KG * reference_mass_kg(profile.body, profile.sex),
            share * KCAL_PER_G_FAT * plan.fat_g / (KCAL_PER_G_PROTEIN * (1.0 - share)),
        ),
    )
    target = KCAL_PER_G_PROTEIN * protein + KCAL_PER_G_FAT * plan.fat_g
    # Raising energy may end a deficit, and with it the fat-free-mass protein allowance:
    # protein above the bound without it goes to carbohydrate. Worked out first, so the
    # message states the final carbohydrate, not an intermediate 0 g.
    deficit = target < plan.tdee_kcal
    _, high = protein_bounds_g(profile, deficit=deficit, target_kcal=target)
    capped = high if protein > high else protein
    carbs = (protein - capped) * KCAL_PER_G_PROTEIN / KCAL_PER_G_CARBS
    raised = "" if protein == plan.protein_g else f", protein raised to {protein:.0f} g"
    message = (
        f"carbs_g {plan.carbs_g:.0f}{_by(origin, 'carbs_g')} is negative: protein and fat alone "
        f"need {target:.0f} kcal. Energy was raised from {plan.target_kcal:.0f} to "
        f"{target:.0f} kcal/day{raised} and carbs set to {carbs:.0f} g (carbohydrate is never "
        "negative)."
    )
    plan = _add(
        plan,
        Finding("safety_no_negative_macro", Severity.WARNING, message, ATWATER_SOURCE),
        target_kcal=target,
        protein_g=capped,
        carbs_g=carbs,
        weekly_change_kg=_weekly_from_energy(target, plan.tdee_kcal),
    )
    if capped < protein:
        message = (
            f"With energy raised the plan is no longer a deficit, so protein is capped at "
            f"{_protein_rule_text(profile, deficit, target)} ({high:.0f} g); the "
            f"energy freed goes to carbohydrate ({carbs:.0f} g)."
        )
        plan = _add(plan, Finding("safety_protein_range", Severity.WARNING, message, MORTON_SOURCE))
    return plan


def _kidney_note(
    profile: Profile, goal: Goal, plan: NutritionPlan, origin: Origin
) -> NutritionPlan:
    message = (
        "People with kidney disease should ask a clinician before a high-protein diet: severe "
        "kidney disease may need less protein. Older adults need at least 1.0–1.2 g/kg a day; "
        f"hipdip's {PROTEIN_MIN_G_PER_KG:g} g/kg floor is above that."
    )
    return _add(plan, Finding("safety_kidney_disease", Severity.INFO, message, PROT_AGE_SOURCE))


#: The safety rules, in the order they run (after every registered rule).
SAFETY_RULES: tuple[SafetyRule, ...] = (
    SafetyRule(
        "safety_energy_sanity",
        "BMR > 0 and TDEE ≥ BMR, else hipdip's estimates; never lowered under them by a rule",
        _energy_sanity,
    ),
    *(SafetyRule(screen.id, screen.summary, _screen_check(screen)) for screen in SCREENS),
    SafetyRule("safety_max_loss_rate", "weekly loss ≤ 1 % of body mass", _max_loss_rate),
    SafetyRule(
        "safety_kcal_floor",
        "a deficit never under 1200 kcal/day (women) or 1500 (men); maintenance if that is lower",
        _kcal_floor,
    ),
    SafetyRule("safety_bmr_floor", "target energy ≥ BMR", _bmr_floor),
    SafetyRule(
        "safety_protein_range",
        "protein 1.6–2.2 g/kg of the reference mass (up to 3.1 g/kg fat-free mass in a "
        "deficit), at most 35 % of energy",
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
    SafetyRule(
        "safety_kidney_disease",
        "an INFO note: kidney disease needs a clinician before a high-protein diet",
        _kidney_note,
    ),
)
