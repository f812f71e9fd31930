"""hipdip-plant-protein: a nutrition rule for people eating a plant-based diet.

Many plant proteins are less digestible than animal proteins and carry less
leucine and other essential amino acids, so the same amount gives a smaller
muscle protein synthesis response (van Vliet, Burd & van Loon, 2015, J Nutr);
commercial plant protein isolates mostly contain less essential amino acids
and leucine than whey, milk or egg protein (Gorissen et al., 2018, Amino
Acids). Eating more total protein, from a mix of sources, makes up for it.

The rule (id ``plant_protein``, priority 350: after hipdip's ``protein`` rule
(300), before ``fat`` (400) and ``carbohydrate`` (500), so those are
computed around it) raises the protein target to **2.2 g/kg of the
reference mass** — the top of hipdip's 1.6–2.2 g/kg range, the upper bound of
the 95 % confidence interval of where gains in fat-free mass plateau (Morton
et al., 2018, Br J Sports Med) — when it is lower, and says why in an INFO
finding with its sources. The reference mass is hipdip's
(:func:`hipdip.body.reference_mass_kg`): body mass, but at most the weight at
BMI 25 unless a measured body fat is below ACE "obese". Energy is unchanged:
carbohydrate makes room. A higher target (hipdip's fat-free-mass allowance in
a deficit) is left alone.

It keeps protein at most 35 % of the energy target itself (the top of the
AMDR, Institute of Medicine, 2005): for a small, sedentary person, or in a
deficit, that can be below 2.2 g/kg, and the finding says so. And it cannot
push anything past hipdip's safety rules: they run after every registered
rule and clamp protein into 1.6–2.2 g/kg of the reference mass (3.1 g/kg
fat-free mass in a deficit), and to at most 35 % of the energy target,
whatever a rule asks for.

**Opting in, per person.** The rule applies only to profiles tagged
``plant_based`` (``Profile(tags={"plant_based"})``, :data:`TAG`); every other
plan passes through unchanged. So one installation serves everyone: an app
tags the people who eat plant-based, and nobody else's protein changes.

>>> from hipdip import BodyComposition, Goal, NutritionPlan, Profile
>>> profile = Profile(sex="female", age=30, experience="beginner", tags={"plant_based"},
...                   body=BodyComposition(weight_kg=65, height_cm=165))
>>> draft = NutritionPlan(1370.25, 2123.9, 2123.9, protein_g=104.0, fat_g=0.0, carbs_g=0.0)
>>> plan = PLANT_PROTEIN.apply(profile, Goal.MAINTAIN, draft)
>>> round(plan.protein_g, 1), plan.findings[-1].rule
(143.0, 'plant_protein')
>>> import attrs
>>> PLANT_PROTEIN.apply(attrs.evolve(profile, tags=frozenset()), Goal.MAINTAIN, draft) is draft
True
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

import hipdip
from hipdip import Finding, Goal, NutritionPlan, Profile, Severity, ValidationError
from hipdip.body import reference_mass_kg
from hipdip.limits import (
    KCAL_PER_G_PROTEIN,
    PROTEIN_MAX_ENERGY_SHARE,
    PROTEIN_MAX_G_PER_KG,
    PROTEIN_MIN_G_PER_KG,
)
from hipdip.protocols import NutritionRule

__all__ = [
    "PLANT_PROTEIN",
    "PRIORITY",
    "SOURCE",
    "TAG",
    "PlantProteinRule",
    "__version__",
    "hipdip_register_nutrition_rules",
]

__version__ = "0.1.0"

#: After hipdip's protein rule (300), before fat (400) and carbohydrate (500).
PRIORITY = 350
#: The ``Profile.tags`` entry that opts a person in.
TAG = "plant_based"
#: The studies behind the rule and the range it stays in.
SOURCE = (
    "van Vliet, Burd & van Loon, 2015, J Nutr (plant- vs animal-based protein and the "
    "skeletal muscle anabolic response); Gorissen et al., 2018, Amino Acids (amino-acid "
    "composition of plant-based protein isolates); Morton et al., 2018, Br J Sports Med "
    "(1.6–2.2 g/kg)"
)


def _positive(_inst: object, _attribute: object, value: float) -> None:
    if not value > 0:
        raise ValidationError(f"g_per_kg: must be > 0 (got {value!r})")


@attrs.frozen
class PlantProteinRule:
    """Raise protein to ``g_per_kg`` × the reference mass (default 2.2, the top of hipdip's range).

    ``g_per_kg`` and ``priority`` can be changed for experiments; the safety
    rules still clamp the final plan.
    """

    id: str = "plant_protein"
    priority: int = PRIORITY
    g_per_kg: float = attrs.field(default=PROTEIN_MAX_G_PER_KG, validator=_positive)

    def apply(self, profile: Profile, goal: Goal, plan: NutritionPlan) -> NutritionPlan:
        """For a profile tagged ``plant_based``: protein raised, and a finding saying why.

        Any other profile's plan is returned unchanged.
        """
        if TAG not in profile.tags:
            return plan
        reference = reference_mass_kg(profile.body, profile.sex)
        target = self.g_per_kg * reference
        cap = PROTEIN_MAX_ENERGY_SHARE * plan.target_kcal / KCAL_PER_G_PROTEIN
        capped = plan.target_kcal > 0 and cap < target
        if capped:
            target = cap
        before = plan.protein_g
        if before >= target:
            message = (
                f"Plant-based diet: protein is already {before:.0f} g/day "
                f"({before / reference:.1f} g/kg), at or above {self.g_per_kg:g} g/kg; unchanged. "
                "Mix sources (legumes with grains, soy) to cover every essential amino acid."
            )
            return attrs.evolve(
                plan, findings=(*plan.findings, Finding(self.id, Severity.INFO, message, SOURCE))
            )
        asked = (
            f"{target / reference:.1f} g/kg: {self.g_per_kg:g} g/kg would be more than "
            f"{PROTEIN_MAX_ENERGY_SHARE:.0%} of the energy target"
            if capped
            else f"{self.g_per_kg:g} g/kg"
        )
        message = (
            f"Plant-based diet: protein raised from {before:.0f} g/day "
            f"({before / reference:.1f} g/kg) to {target:.0f} g/day ({asked}; "
            f"hipdip's range is {PROTEIN_MIN_G_PER_KG:g}–{PROTEIN_MAX_G_PER_KG:g} g/kg). Many "
            "plant proteins are less digestible and carry less leucine and other essential "
            "amino acids than animal proteins, so more total protein — from a mix of sources "
            "such as legumes with grains, and soy — is needed for the same muscle-building "
            "response. Energy is unchanged: carbohydrate makes room."
        )
        return attrs.evolve(
            plan,
            protein_g=target,
            findings=(*plan.findings, Finding(self.id, Severity.INFO, message, SOURCE)),
        )


#: The rule this plugin registers.
PLANT_PROTEIN = PlantProteinRule()


@hipdip.hookimpl
def hipdip_register_nutrition_rules(register: Callable[[NutritionRule], None]) -> None:
    """Register :data:`PLANT_PROTEIN`."""
    register(PLANT_PROTEIN)
