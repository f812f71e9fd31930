"""Load arithmetic shared by the planner, the progression rules and the testing kit.

*hipdip policy* (SCIENCE.md §Training, built on the ACSM 2009 position stand's
2–10 % load increase): one progression step never raises a load by more than
``max(10 %, the exercise's smallest increment)``; bands move one tier at a
time. Default increments by equipment, unless the exercise sets
``increment_kg``: ankle weights 0.5 kg, cable stack 2.5 kg, dumbbell 1 kg.

>>> from hipdip import Exercise, MuscleTarget, Role, Weight
>>> ex = Exercise(id="ankle_weight_abduction", name="Side-lying abduction, ankle weight",
...               targets=(MuscleTarget("gluteus_medius", Role.PRIMARY),),
...               pattern="hip_abduction", position="side_lying",
...               equipment=frozenset({"ankle_weights"}), load_kind="weight")
>>> increment_kg(ex)
0.5
>>> max_step_kg(Weight(2.0), ex)
0.5
>>> heavier(Weight(2.0), ex)
Weight(kg=2.5)
"""

from __future__ import annotations

import math

from hipdip.models import (
    Band,
    BandPlacement,
    BandTier,
    Bodyweight,
    Exercise,
    Experience,
    Load,
    LoadKind,
    Weight,
)
from hipdip.models.exercise import MAX_LOAD_KG

__all__ = [
    "BAND_TIER_RATIO",
    "DEFAULT_INCREMENT_KG",
    "EPLEY_DIVISOR",
    "MAX_KG_BY_EQUIPMENT",
    "MAX_STEP_FRACTION",
    "describe_change",
    "describe_load",
    "estimated_1rm",
    "heavier",
    "increment_kg",
    "is_heavier",
    "lighter",
    "load_cap_kg",
    "load_for_reps",
    "load_order",
    "load_phrase",
    "load_units",
    "max_step_kg",
    "starting_load",
    "weight_equipment",
]

#: Smallest load step per equipment (SCIENCE.md §Training, hipdip policy).
DEFAULT_INCREMENT_KG: dict[str, float] = {
    "ankle_weights": 0.5,
    "cable": 2.5,
    "dumbbell": 1.0,
}
#: Fallback increment for weighted equipment not listed above (hipdip policy:
#: the smallest common plate/dumbbell step).
FALLBACK_INCREMENT_KG = 1.0
#: Largest fractional raise in one step: 10 % (ACSM, 2009: "2–10 %").
MAX_STEP_FRACTION = 0.10
#: Practical load caps per equipment (SCIENCE.md §Training, hipdip policy):
#: ankle weights at most 5 kg per ankle — above what is sold (mostly 0.5–2 kg,
#: adjustable ones up to ~4.5 kg), and the knee takes the lever. Past a cap the
#: next rung of the ladder (cable or machine abduction) takes over.
MAX_KG_BY_EQUIPMENT: dict[str, float] = {"ankle_weights": 5.0}
#: Epley's divisor: e1RM = w · (1 + r / 30) (Epley, 1985; SCIENCE.md §Muscle activation).
EPLEY_DIVISOR = 30.0
#: One band tier counts as one ~10 % step wherever loads of different tiers are
#: compared (SCIENCE.md §Training: "one step (~10 %, one band tier)").
BAND_TIER_RATIO = 1.10


#: hipdip policy — starting loads: beginners start with the lightest band tier
#: or one increment of weight (the article: form first, slow and controlled);
#: intermediate and advanced trainees start further up.
START_BAND_TIER: dict[Experience, BandTier] = {
    Experience.BEGINNER: BandTier.EXTRA_LIGHT,
    Experience.INTERMEDIATE: BandTier.LIGHT,
    Experience.ADVANCED: BandTier.MEDIUM,
}
START_WEIGHT_INCREMENTS: dict[Experience, int] = {
    Experience.BEGINNER: 1,
    Experience.INTERMEDIATE: 2,
    Experience.ADVANCED: 4,
}


def starting_load(exercise: Exercise, experience: Experience = Experience.BEGINNER) -> Load:
    """The load ``exercise`` starts at for someone of ``experience``.

    Bodyweight for BODYWEIGHT exercises; for BAND ones a tier by experience
    (:data:`START_BAND_TIER`) at the exercise's ``band_placement`` (default
    above the knees); for WEIGHT ones 1, 2 or 4 increments. The default,
    beginner, is the lightest load there is — where a newly reached
    harder (or easier) variant starts.

    >>> from hipdip import Exercise, MuscleTarget, Role
    >>> walk = Exercise(id="walk_ankles", name="Lateral band walk, ankles",
    ...                 targets=(MuscleTarget("gluteus_medius", Role.PRIMARY),),
    ...                 pattern="hip_abduction", position="standing",
    ...                 equipment=frozenset({"band"}), load_kind="band", band_placement="ankles")
    >>> starting_load(walk)
    Band(tier=<BandTier.EXTRA_LIGHT: 'extra_light'>, placement=<BandPlacement.ANKLES: 'ankles'>)
    >>> starting_load(walk, Experience.ADVANCED).tier
    <BandTier.MEDIUM: 'medium'>
    """
    if exercise.load_kind is LoadKind.BAND:
        return Band(START_BAND_TIER[experience], exercise.band_placement or BandPlacement.THIGHS)
    if exercise.load_kind is LoadKind.WEIGHT:
        step = increment_kg(exercise)
        return Weight(_round_to(step * START_WEIGHT_INCREMENTS[experience], step))
    return Bodyweight()


#: Band words shared by the progression reasons and the Markdown.
BAND_TIER_WORDS: dict[BandTier, str] = {tier: tier.value.replace("_", "-") for tier in BandTier}
BAND_PLACEMENT_WORDS: dict[BandPlacement, str] = {
    BandPlacement.THIGHS: "above the knees",
    BandPlacement.KNEES: "at the knees",
    BandPlacement.ANKLES: "at the ankles",
    BandPlacement.FEET: "round the feet",
}
#: How a weight is named after the equipment that carries it.
WEIGHT_EQUIPMENT_WORDS: dict[str, str] = {
    "ankle_weights": "ankle weight",
    "cable": "cable stack",
    "dumbbell": "dumbbell",
}


def weight_equipment(exercise: Exercise) -> str | None:
    """The equipment that carries ``exercise``'s weight (first of ankle weights, cable, dumbbell), or ``None``."""
    for name in WEIGHT_EQUIPMENT_WORDS:
        if name in exercise.equipment:
            return name
    return None


def increment_kg(exercise: Exercise) -> float:
    """The exercise's smallest load step in kg (its ``increment_kg``, else the equipment default)."""
    if exercise.increment_kg is not None:
        return exercise.increment_kg
    steps = [
        DEFAULT_INCREMENT_KG[e] for e in sorted(exercise.equipment) if e in DEFAULT_INCREMENT_KG
    ]
    return min(steps) if steps else FALLBACK_INCREMENT_KG


def max_step_kg(load: Weight, exercise: Exercise) -> float:
    """The largest raise one step may make from ``load``: ``max(10 % of load, increment)``."""
    return max(MAX_STEP_FRACTION * load.kg, increment_kg(exercise))


def heavier(load: Load, exercise: Exercise) -> Load | None:
    """The next load up for ``exercise``, or ``None`` if there is none.

    Weights rise by the largest whole number of increments within
    ``max(10 %, increment)`` (one increment up to ten increments' load), and
    there is none above :func:`load_cap_kg` (5 kg for ankle weights, else the
    model's ``MAX_LOAD_KG``); bands move one tier up at the same placement;
    bodyweight has no heavier load (progress by the ladder instead).
    """
    if isinstance(load, Weight):
        step = increment_kg(exercise)
        # The largest whole number of increments within max(10 %, increment).
        ratio = max_step_kg(load, exercise) / step
        steps = max(1, math.floor(ratio + 1e-9)) if math.isfinite(ratio) else 1
        new_kg = _round_to(load.kg + steps * step, step)
        if new_kg - load.kg > max_step_kg(load, exercise) + 1e-9:  # off-grid load: cap the step
            new_kg = load.kg + max_step_kg(load, exercise)
        return Weight(new_kg) if new_kg <= load_cap_kg(exercise) + 1e-9 else None
    if isinstance(load, Band):
        tier = load.tier.heavier
        return None if tier is None else Band(tier, load.placement)
    return None


def lighter(load: Load, exercise: Exercise, *, fraction: float = MAX_STEP_FRACTION) -> Load | None:
    """A load about ``fraction`` lighter (rounded to the increment), or ``None``.

    Weights drop by at least one increment; bands move one tier down;
    ``None`` when the load is already the lightest (use an easier variant).
    """
    if isinstance(load, Weight):
        step = increment_kg(exercise)
        drop = max(step, _round_to(load.kg * fraction, step))
        new_kg = _round_to(load.kg - drop, step)
        return Weight(new_kg) if new_kg > 0 else None
    if isinstance(load, Band):
        tier = load.tier.lighter
        return None if tier is None else Band(tier, load.placement)
    return None


def load_order(load: Load) -> tuple[int, float]:
    """A sort key within one load kind: bodyweight < any weight or band; heavier sorts later."""
    if isinstance(load, Weight):
        return (1, load.kg)
    if isinstance(load, Band):
        return (1, float(load.tier.rank))
    if isinstance(load, Bodyweight):
        return (0, 0.0)
    raise TypeError(f"not a load: {load!r}")  # pragma: no cover - models forbid it


def is_heavier(a: Load, b: Load) -> bool:
    """Whether ``a`` is a heavier load than ``b`` (only comparable within one kind)."""
    if type(a) is not type(b) and not isinstance(b, Bodyweight):
        return False
    return load_order(a) > load_order(b)


def _round_to(value: float, step: float) -> float:
    """``value`` rounded to a multiple of ``step`` (float noise removed).

    Noise goes by 12 significant digits (``2.5 * 3`` is ``7.5``), so a tiny
    increment keeps its tiny, positive multiples. A step too small to divide
    by (a subnormal ``increment_kg``) leaves ``value`` as it is.

    >>> _round_to(7.4999999, 2.5), _round_to(2e-7, 1e-7)
    (7.5, 2e-07)
    """
    ratio = value / step
    if not math.isfinite(ratio):
        return value
    rounded = round(ratio) * step
    return float(f"{rounded:.12g}") if math.isfinite(rounded) else value


def load_cap_kg(exercise: Exercise) -> float:
    """The heaviest weight ``exercise`` may carry: the tightest equipment cap, else the model's maximum.

    >>> from hipdip import catalog
    >>> load_cap_kg(catalog().exercises["ankle_weight_side_lying_hip_abduction"])
    5.0
    """
    caps = [MAX_KG_BY_EQUIPMENT[e] for e in exercise.equipment if e in MAX_KG_BY_EQUIPMENT]
    return min(caps) if caps else MAX_LOAD_KG


def load_units(load: Load) -> float:
    """A load on one scale for comparisons: kg, a band as ``1.1 ** (tier rank + 1)``, bodyweight 1.

    >>> from hipdip import Band, Weight
    >>> load_units(Weight(2.5)), round(load_units(Band("light", "knees")), 2)
    (2.5, 1.21)
    """
    if isinstance(load, Weight):
        return load.kg
    if isinstance(load, Band):
        return float(BAND_TIER_RATIO ** (load.tier.rank + 1))
    return 1.0


def estimated_1rm(kg: float, reps_to_failure: float) -> float:
    """Epley's estimated one-repetition maximum: ``kg · (1 + reps / 30)``.

    ``reps_to_failure`` is the reps done plus the reps in reserve.

    >>> estimated_1rm(2.0, 20)
    3.333333333333333
    """
    return kg * (1.0 + reps_to_failure / EPLEY_DIVISOR)


def load_for_reps(e1rm_kg: float, reps_to_failure: float) -> float:
    """The load allowing ``reps_to_failure`` at an estimated 1RM (Epley inverted).

    >>> load_for_reps(3.0, 15)
    2.0
    """
    return e1rm_kg / (1.0 + reps_to_failure / EPLEY_DIVISOR)


def describe_load(load: Load, exercise: Exercise | None = None) -> str:
    """A load in words, naming the equipment when ``exercise`` says which.

    The one wording of a load, used by the progression reasons and by
    :func:`hipdip.render.to_markdown`.

    >>> from hipdip import Band, Bodyweight, Weight, catalog
    >>> ankle = catalog().exercises["ankle_weight_side_lying_hip_abduction"]
    >>> describe_load(Weight(1.5), ankle)
    '1.5 kg ankle weight'
    >>> describe_load(Band("light", "thighs"))
    'light band above the knees'
    >>> describe_load(Bodyweight())
    'bodyweight'
    """
    if isinstance(load, Weight):
        kg = f"{load.kg:.2f}".rstrip("0").rstrip(".")
        equipment = weight_equipment(exercise) if exercise is not None else None
        if equipment is None:
            return f"{kg} kg"
        on_the = "on the " if equipment == "cable" else ""
        return f"{kg} kg {on_the}{WEIGHT_EQUIPMENT_WORDS[equipment]}"
    if isinstance(load, Band):
        return f"{BAND_TIER_WORDS[load.tier]} band {BAND_PLACEMENT_WORDS[load.placement]}"
    return "bodyweight"


def load_phrase(load: Load, exercise: Exercise | None = None) -> str:
    """:func:`describe_load` after a preposition: ``'at bodyweight'``, ``'with a light band …'``.

    >>> from hipdip import Band
    >>> load_phrase(Band("extra_light", "knees"))
    'with an extra-light band at the knees'
    """
    if isinstance(load, Band):
        article = "an" if load.tier in (BandTier.EXTRA_LIGHT, BandTier.EXTRA_HEAVY) else "a"
        return f"with {article} {describe_load(load, exercise)}"
    return f"at {describe_load(load, exercise)}"


def describe_change(before: Load, after: Load, exercise: Exercise | None = None) -> str:
    """A load step in words with its numbers: ``'+0.5 kg ankle weight (2 → 2.5 kg, +25 %)'``.

    >>> from hipdip import Band, Weight
    >>> describe_change(Weight(2.0), Weight(2.5))
    '+0.5 kg (2 → 2.5 kg, +25 %)'
    >>> describe_change(Band("light", "ankles"), Band("medium", "ankles"))
    'next band, light → medium (at the ankles)'
    """
    if isinstance(after, Weight):
        old = before.kg if isinstance(before, Weight) else 0.0
        delta = after.kg - old
        sign = "+" if delta >= 0 else "−"
        equipment = weight_equipment(exercise) if exercise is not None else None
        word = "" if equipment is None else " " + WEIGHT_EQUIPMENT_WORDS[equipment]
        if old == 0.0:
            return f"{sign}{abs(delta):g} kg{word} (bodyweight → {after.kg:g} kg)"
        return (
            f"{sign}{abs(delta):g} kg{word} ({old:g} → {after.kg:g} kg, "
            f"{sign}{abs(delta) / old * 100:.0f} %)"
        )
    if isinstance(after, Band):
        where = BAND_PLACEMENT_WORDS[after.placement]
        if not isinstance(before, Band):
            return f"add {load_phrase(after, exercise)[len('with ') :]}"
        way = "next band" if after.tier > before.tier else "one band lighter"
        return f"{way}, {BAND_TIER_WORDS[before.tier]} → {BAND_TIER_WORDS[after.tier]} ({where})"
    return "bodyweight only"
