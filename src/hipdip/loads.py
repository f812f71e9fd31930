"""Load arithmetic shared by the planner, the progression rules and the testing kit.

*hipdip policy* (SCIENCE.md §Training, built on the ACSM 2009 position stand's
2–10 % load increase): one progression step never raises a load by more than
``max(10 %, the exercise's smallest increment)``; bands move one tier at a
time. Default increments by equipment, unless the exercise sets
``increment_kg``: ankle weights 0.5 kg, cable stack 2.5 kg, dumbbell 1 kg
(SCIENCE.md), machine stack and barbell 2.5 kg, kettlebell 4 kg.

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

Pounds (*hipdip policy*, what imperial equipment is sold in): for a person
whose ``Profile.units`` is ``imperial``, weights sit on a pound grid —
ankle weights in 1 lb steps, dumbbells and cable stacks in 5 lb steps,
anything else in 2.5 lb — stored in kg like every load (5 lb =
2.267962 kg). A weight on that grid keeps stepping in pounds and is shown
in pounds; a weight in round kilograms keeps its kilograms:

>>> first = starting_load(ex, units="imperial")
>>> first, describe_load(first, ex)
(Weight(kg=0.453592), '1 lb ankle weight')
>>> describe_load(heavier(first, ex), ex)
'2 lb ankle weight'
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
    Units,
    Weight,
)
from hipdip.models import _checks as c
from hipdip.models.exercise import MAX_LOAD_KG
from hipdip.units import KG_PER_LB  # re-exported: kilograms per pound (exact)

__all__ = [
    "BAND_TIER_RATIO",
    "BODY_SHARE",
    "CABLE_BODY_SHARE",
    "DEFAULT_BODY_SHARE",
    "DEFAULT_INCREMENT_KG",
    "DEFAULT_INCREMENT_LB",
    "EPLEY_DIVISOR",
    "KG_PER_LB",
    "MAX_KG_BY_EQUIPMENT",
    "MAX_STEP_FRACTION",
    "NO_WEIGHT_EQUIPMENT",
    "describe_change",
    "describe_load",
    "estimated_1rm",
    "grid_units",
    "heavier",
    "increment_kg",
    "is_heavier",
    "lighter",
    "load_cap_kg",
    "load_for_reps",
    "load_order",
    "load_phrase",
    "load_problem",
    "load_units",
    "max_step_kg",
    "moved_body_kg",
    "off_by_more_than_a_step",
    "starting_load",
    "weight_equipment",
    "weight_words",
]

#: Smallest load step per equipment (SCIENCE.md §Training, hipdip policy):
#: ankle weights 0.5 kg, cable stack 2.5 kg, dumbbell 1 kg (SCIENCE.md); a
#: machine's weight stack steps like the cable's, 2.5 kg; a barbell 2.5 kg, a
#: pair of the smallest common plates (1.25 kg); kettlebells 4 kg, the step
#: between the sizes sold (8, 12, 16, 20, 24 kg …; the classic 16, 24, 32 kg
#: are 1, 1.5 and 2 pood) — hipdip policy, what the equipment allows.
DEFAULT_INCREMENT_KG: dict[str, float] = {
    "ankle_weights": 0.5,
    "cable": 2.5,
    "dumbbell": 1.0,
    "machine": 2.5,
    "barbell": 2.5,
    "kettlebell": 4.0,
}
#: Fallback increment for weighted equipment not listed above (hipdip policy:
#: the smallest common plate/dumbbell step).
FALLBACK_INCREMENT_KG = 1.0
#: Smallest load step per equipment for imperial users, in lb (hipdip policy, what is
#: sold in pounds: ankle weights adjustable in 1 lb bars or as 1, 2, 3, 5 lb pairs;
#: dumbbells, cable and machine stacks in 5 lb steps; a barbell by a pair of 2.5 lb
#: plates; kettlebells sold in pounds come in 5 lb steps).
DEFAULT_INCREMENT_LB: dict[str, float] = {
    "ankle_weights": 1.0,
    "cable": 5.0,
    "dumbbell": 5.0,
    "machine": 5.0,
    "barbell": 5.0,
    "kettlebell": 5.0,
}
#: Imperial fallback step, lb (hipdip policy: the smallest common plate, 2.5 lb).
FALLBACK_INCREMENT_LB = 2.5
#: Loads are kept to 1e-6 kg: a step may read this much over its size (the rounding of
#: both loads and of the increment — a pound is 0.45359237 kg, kept as 0.453592), as the
#: engine's own step check allows (the 6 → 7 lb step that heavier() makes was refused in
#: a log).
_STEP_SLACK_KG = 2e-6
#: A weight within this many kg of a grid point is on that grid (loads keep 1e-6 kg).
_GRID_TOLERANCE_KG = 2e-6
#: ... or within this fraction of it (pound loads made by adding a rounded pound drift).
_GRID_TOLERANCE_REL = 1e-6
#: How far (a fraction of the count, at least this many increments) a load may sit from a
#: whole number of increments and still be on their grid: a pound increment is kept as
#: 2.267962 kg, so 40 of them drift 3e-6 increments from 200 lb.
_GRID_SLACK = 1e-6
#: The finest metric step a load of the kg grid uses (kg) and the finest imperial one (lb).
_KG_GRID = 0.25
_LB_GRID = 0.5
#: Largest fractional raise in one step: 10 % (ACSM, 2009: "2–10 %").
MAX_STEP_FRACTION = 0.10
#: Practical load caps per equipment (SCIENCE.md §Training, hipdip policy):
#: ankle weights at most 5 kg per ankle — above what is sold (mostly 0.5–2 kg,
#: adjustable ones up to ~4.5 kg), and the knee takes the lever; kettlebells at
#: most 48 kg, the largest size commonly sold (3 pood). Past a cap the next rung
#: of the ladder (cable or machine abduction) takes over. Stacks, barbells and
#: dumbbells have no cap below the model's maximum.
MAX_KG_BY_EQUIPMENT: dict[str, float] = {"ankle_weights": 5.0, "kettlebell": 48.0}
#: Epley's divisor: e1RM = w · (1 + r / 30) (Epley, 1985; SCIENCE.md §Muscle activation).
EPLEY_DIVISOR = 30.0
#: One band tier counts as one ~10 % step wherever loads of different tiers are
#: compared (SCIENCE.md §Training: "one step (~10 %, one band tier)").
BAND_TIER_RATIO = 1.10


#: Share of body mass moved with an external load, lever-weighted, by the
#: exercise's position (a modelling assumption after Winter, 2009,
#: *Biomechanics and Motor Control of Human Movement*, Table 4.1: one lower
#: limb ≈ 16 % of body mass with its centre of mass ≈ 45 % down the leg, so
#: ≈ 7 % acts at the ankle; standing and supine work moves much of the body).
#: Epley's estimated 1RM of a weighted exercise is taken on the external load
#: plus this share (:func:`moved_body_kg`): a 2 kg dumbbell on a side-lying
#: leg, or 4 kg in the hands on a step-up, is not the whole load.
BODY_SHARE: dict[str, float] = {
    "side_lying": 0.07,
    "quadruped": 0.07,
    "seated": 0.03,
    "standing": 0.5,
    "supine": 0.4,
    "prone": 0.4,
}
#: Body share for positions not listed above.
DEFAULT_BODY_SHARE = 0.1
#: Standing open-chain abduction against a cable: the leg hangs, the cable pulls.
CABLE_BODY_SHARE = 0.05


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


def starting_load(
    exercise: Exercise,
    experience: Experience = Experience.BEGINNER,
    *,
    units: Units | str = Units.METRIC,
) -> Load:
    """The load ``exercise`` starts at for someone of ``experience``.

    Bodyweight for BODYWEIGHT exercises; for BAND ones a tier by experience
    (:data:`START_BAND_TIER`) at the exercise's ``band_placement`` (default
    above the knees); for WEIGHT ones 1, 2 or 4 increments of kg steps, never
    over :func:`load_cap_kg` (as many increments as fit, else the cap) — in
    pounds the same weight to the nearest pound step of
    :data:`DEFAULT_INCREMENT_LB`, so the unit does not change the dose. The
    default, beginner, is the lightest load there is, one increment of the
    unit's step — where a newly reached harder (or easier) variant starts.

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
        count = START_WEIGHT_INCREMENTS[experience]
        if count > 1 and c.enum_value(Units, "units", units) is Units.IMPERIAL:
            # The same dose in either unit: the metric start, to the nearest pound step
            # (a coach's review: 2 and 4 increments of 5 lb started an intermediate's and an
            # advanced woman's dumbbells 2.3 times heavier than in kilograms, kettlebells
            # 0.57 times). The lightest start (a beginner's, a new variant's) stays one
            # step of the unit, the most a step from none allows.
            metric = _start_weight(exercise, count, Units.METRIC).kg
            count = max(1, round(metric / increment_kg(exercise, units)))
        return _start_weight(exercise, count, units)
    return Bodyweight()


def _start_weight(exercise: Exercise, count: int, units: Units | str) -> Weight:
    """``count`` increments of ``exercise``'s step in ``units``, never over its cap."""
    step = increment_kg(exercise, units)
    # Never over the exercise's cap (ankle weights 5 kg): as many increments as fit,
    # or, when not even one fits (a plugin's 6 kg step), the cap itself.
    cap = load_cap_kg(exercise)
    fit = cap / step
    if math.isfinite(fit) and fit + 1e-9 < count:
        count = math.floor(fit + 1e-9)
    if count < 1:
        return Weight(cap)
    exact = step * count
    # Loads keep 1e-6 kg; an increment finer than that keeps its own value (never 0 kg).
    return Weight(_on_grid(_round_to(exact, 1e-6), units) or exact)


#: Band words shared by the progression reasons and the Markdown.
BAND_TIER_WORDS: dict[BandTier, str] = {tier: tier.value.replace("_", "-") for tier in BandTier}
BAND_PLACEMENT_WORDS: dict[BandPlacement, str] = {
    BandPlacement.THIGHS: "above the knees",
    BandPlacement.KNEES: "at the knees",
    BandPlacement.ANKLES: "at the ankles",
    BandPlacement.FEET: "round the feet",
    BandPlacement.HIPS: "across the hips",
}
#: How a weight is named after the equipment that carries it.
WEIGHT_EQUIPMENT_WORDS: dict[str, str] = {
    "ankle_weights": "ankle weight",
    "cable": "cable stack",
    "machine": "machine stack",
    "dumbbell": "dumbbell",
    "kettlebell": "kettlebell",
    "barbell": "barbell",
}


#: Equipment hipdip knows that carries no weight (a WEIGHT exercise needs more than these).
NO_WEIGHT_EQUIPMENT = frozenset({"band", "bench", "step"})


def weight_equipment(exercise: Exercise) -> str | None:
    """The equipment that carries ``exercise``'s weight (first of :data:`WEIGHT_EQUIPMENT_WORDS`), or ``None``."""
    for name in WEIGHT_EQUIPMENT_WORDS:
        if name in exercise.equipment:
            return name
    return None


def increment_kg(exercise: Exercise, units: Units | str | None = None) -> float:
    """The exercise's smallest load step in kg (its ``increment_kg``, else the equipment default).

    For ``units="imperial"`` the step is in whole pounds, given in kg: the
    equipment's :data:`DEFAULT_INCREMENT_LB`, else the exercise's
    ``increment_kg`` rounded up to 2.5 lb, else 2.5 lb.

    >>> from hipdip import catalog
    >>> round(increment_kg(catalog().exercises["standing_cable_hip_abduction"], "imperial"), 6)
    2.267962
    """
    if units is not None and c.enum_value(Units, "units", units) is Units.IMPERIAL:
        pounds = [
            DEFAULT_INCREMENT_LB[e] for e in sorted(exercise.equipment) if e in DEFAULT_INCREMENT_LB
        ]
        if pounds:
            return round(min(pounds) * KG_PER_LB, 6)
        if exercise.increment_kg is not None:
            lb = math.ceil(exercise.increment_kg / KG_PER_LB / FALLBACK_INCREMENT_LB - 1e-9)
            return round(max(1, lb) * FALLBACK_INCREMENT_LB * KG_PER_LB, 6)
        return round(FALLBACK_INCREMENT_LB * KG_PER_LB, 6)
    if exercise.increment_kg is not None:
        return exercise.increment_kg
    steps = [
        DEFAULT_INCREMENT_KG[e] for e in sorted(exercise.equipment) if e in DEFAULT_INCREMENT_KG
    ]
    return min(steps) if steps else FALLBACK_INCREMENT_KG


def grid_units(kg: float) -> Units:
    """Whether a weight sits on the pound grid (whole or half pounds, not quarter kilograms).

    Loads are stored in kg; one planned for an imperial person is a round
    number of pounds, so its steps and its words stay in pounds.

    >>> grid_units(2.267962), grid_units(2.5), grid_units(1.0)
    (<Units.IMPERIAL: 'imperial'>, <Units.METRIC: 'metric'>, <Units.METRIC: 'metric'>)
    """
    if not math.isfinite(kg) or kg <= 0:
        return Units.METRIC
    half_lb = _LB_GRID * KG_PER_LB
    # Relative as well: a load stored as a multiple of the rounded pound (0.453592 kg,
    # as hipdip made them by adding steps before 2026-11-29) drifts 8e-7 of its value off the grid.
    slack = max(_GRID_TOLERANCE_KG, _GRID_TOLERANCE_REL * kg)
    on_lb = abs(kg - round(kg / half_lb) * half_lb) <= slack
    on_kg = abs(kg - round(kg / _KG_GRID) * _KG_GRID) <= _GRID_TOLERANCE_KG
    return Units.IMPERIAL if on_lb and not on_kg else Units.METRIC


def max_step_kg(load: Weight, exercise: Exercise, units: Units | str | None = None) -> float:
    """The largest raise one step may make from ``load``: ``max(10 % of load, increment)``.

    The increment is the one of ``units``, by default of the grid ``load`` is on
    (:func:`grid_units`).
    """
    grid = grid_units(load.kg) if units is None else units
    return max(MAX_STEP_FRACTION * load.kg, increment_kg(exercise, grid))


def heavier(load: Load, exercise: Exercise, units: Units | str | None = None) -> Load | None:
    """The next load up for ``exercise``, or ``None`` if there is none.

    Weights rise to the heaviest multiple of the increment within
    ``max(10 %, increment)`` (one increment up to ten increments' load; from a
    load off that grid — an 8 lb dumbbell — the grid's next load, 10 lb), and
    there is none above :func:`load_cap_kg` (5 kg for ankle weights, else the
    model's ``MAX_LOAD_KG``); bands move one tier up at the same placement;
    bodyweight has no heavier load (progress by the ladder instead).
    Increments are those of ``units``, by default of the grid the load is on
    (:func:`grid_units`: a load in round pounds steps in pounds).
    """
    if isinstance(load, Weight):
        grid = grid_units(load.kg) if units is None else units
        step = increment_kg(exercise, grid)
        cap = max_step_kg(load, exercise, grid)
        # The heaviest multiple of the increment within max(10 %, increment) and the
        # exercise's cap: from a load on the grid, the largest whole number of increments;
        # from one off it (the 8 lb dumbbell a person owns), the grid's next load, not
        # 8 + 5 = 13 lb, which no one sells (a coach's review); near the cap, the heaviest
        # load under it (4.8 kg ankle weights in 0.1 kg steps reach 5 kg: an attacker's
        # review).
        most = load_cap_kg(exercise)
        ceiling = min(load.kg + cap, most)
        top = ceiling / step
        if math.isfinite(top) and top < 1e15:
            # (At most half an increment of slack: past a million fine increments the
            # relative slack added whole ones, over the cap — an attacker's re-review.)
            count = math.floor(top + min(0.5, _GRID_SLACK * max(1.0, top)))
            new_kg = _on_grid(_round_to(count * step, step), grid)
            if new_kg - load.kg > cap + _GRID_TOLERANCE_KG or new_kg > most + 1e-9:
                new_kg = _on_grid(_round_to((count - 1) * step, step), grid)
        else:  # an increment too fine to count in
            new_kg = ceiling
        # (Rounding can land back on the load itself: no heavier one fits.)
        return Weight(new_kg) if new_kg - load.kg > min(_GRID_TOLERANCE_KG, step / 2) else None
    if isinstance(load, Band):
        tier = load.tier.heavier
        return None if tier is None else Band(tier, load.placement)
    return None


def lighter(
    load: Load,
    exercise: Exercise,
    *,
    fraction: float = MAX_STEP_FRACTION,
    units: Units | str | None = None,
) -> Load | None:
    """A load about ``fraction`` lighter (rounded to the increment), or ``None``.

    Weights drop by at least one increment (of ``units``, by default of the
    load's grid) — from a load off that grid (a 12 lb dumbbell) to the grid's
    load nearest ``fraction`` lighter (10 lb; 12.5 kg → 11 kg); bands move one
    tier down; ``None`` when the load is already the lightest (use an easier
    variant).
    """
    if isinstance(load, Weight):
        grid = grid_units(load.kg) if units is None else units
        step = increment_kg(exercise, grid)
        steps = load.kg / step
        if (
            math.isfinite(steps)
            and steps < 1e15
            and abs(steps - round(steps)) > _GRID_SLACK * max(1.0, steps)
        ):
            # Off the increment's grid (the 12 lb dumbbell a person owns): the grid's load
            # nearest ``fraction`` lighter, below this one — 12 − 5 = 7 lb rounded to 5 lb
            # cut 58 % (a coach's review); the grid's next load below only, 12.5 → 12 kg,
            # was 4 % (its re-review).
            count = round(steps * (1 - fraction))
            if count >= steps:
                count = math.floor(steps)
            new_kg = _on_grid(_round_to(count * step, step), grid)
        else:
            drop = max(step, _round_to(load.kg * fraction, step))
            new_kg = _on_grid(_round_to(load.kg - drop, step), grid)
        return Weight(new_kg) if 0 < new_kg < load.kg else None
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


def _on_grid(kg: float, units: Units | str | None) -> float:
    """``kg`` as hipdip stores a load of ``units``: in pounds the nearest half pound, to 1e-6 kg.

    Pound steps are added as kilograms (a rounded 0.453592 kg a pound), so
    without this a load walks off the pound grid, a few microgram a step,
    until :func:`grid_units` no longer sees pounds and it steps in kilograms.

    >>> _on_grid(6 * 0.453592, "imperial"), _on_grid(2.75, "metric")
    (2.721554, 2.75)
    """
    if units is None or units is Units.METRIC:
        return kg  # the common case, without a lookup
    if units is not Units.IMPERIAL and c.enum_value(Units, "units", units) is not Units.IMPERIAL:
        return kg
    half_lb = _LB_GRID * KG_PER_LB
    return round(round(kg / half_lb) * half_lb, 6)


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


#: Capped equipment as the subject of "… allow".
_CAP_WORDS: dict[str, str] = {"ankle_weights": "ankle weights", "kettlebell": "kettlebells"}

_KIND_WORDS: dict[LoadKind, str] = {
    LoadKind.BODYWEIGHT: "a bodyweight exercise (no load)",
    LoadKind.WEIGHT: "loaded with a weight",
    LoadKind.BAND: "loaded with a band",
}


def load_problem(load: Load, exercise: Exercise) -> str | None:
    """What is wrong with ``load`` for ``exercise``, or ``None``: its kind, or a weight over the cap.

    A weight fits only a WEIGHT exercise and a band only a BAND one; no
    load (bodyweight) fits every exercise — a weight or band exercise done
    without one, from which the engine starts its lightest load. A weight
    must be at most :func:`load_cap_kg`. Every band tier exists for every
    band exercise.

    >>> from hipdip import Band, Bodyweight, Weight, catalog
    >>> cat = catalog()
    >>> load_problem(Weight(50), cat.exercises["side_lying_hip_abduction"])
    "50 kg, but 'side_lying_hip_abduction' is a bodyweight exercise (no load)"
    >>> load_problem(Weight(400), cat.exercises["ankle_weight_side_lying_hip_abduction"])
    '400 kg ankle weight, more than the 5 kg ankle weights allow'
    >>> load_problem(Band("light", "knees"), cat.exercises["banded_clamshell"]) is None
    True
    >>> load_problem(Bodyweight(), cat.exercises["banded_clamshell"]) is None
    True
    """
    if isinstance(load, Weight):
        if exercise.load_kind is not LoadKind.WEIGHT:
            return (
                f"{describe_load(load)}, but {exercise.id!r} is {_KIND_WORDS[exercise.load_kind]}"
            )
        cap = load_cap_kg(exercise)
        if load.kg > cap + 1e-9:
            by = sorted(e for e in exercise.equipment if e in MAX_KG_BY_EQUIPMENT)
            what = f"{_CAP_WORDS.get(by[0], by[0])} allow" if by else f"{exercise.id!r} allows"
            words = describe_load(load, exercise)
            if f"{load.kg:g}" == f"{cap:g}":  # over by less than the words show
                words += f" ({load.kg!r} kg)"
            limit = f"{cap:g} kg"
            if grid_units(load.kg) is Units.IMPERIAL:  # told in the load's units too
                limit += f" ({math.floor(cap / KG_PER_LB * 2 + 1e-9) / 2:g} lb)"
            return f"{words}, more than the {limit} {what}"
    elif isinstance(load, Band) and exercise.load_kind is not LoadKind.BAND:
        words = describe_load(load)
        article = "an" if words[:1] in "aeiou" else "a"  # an extra-heavy band
        return f"{article} {words}, but {exercise.id!r} is {_KIND_WORDS[exercise.load_kind]}"
    return None


#: How close (a fraction of the prescribed weight) a logged weight read as pounds must come to
#: the prescription for the error to ask whether it was logged in pounds (*hipdip policy*: a
#: message hint only, never a conversion).
_POUNDS_HINT_TOLERANCE = 0.05


def off_by_more_than_a_step(done: Load, prescribed: Load, exercise: Exercise) -> str | None:
    """Why ``done`` is more than one step from ``prescribed``, or ``None``.

    One step either way, as :func:`heavier` and :func:`lighter` move: a
    weight within ``max(10 %, increment)`` of the prescribed one
    (:func:`max_step_kg`), a band within one tier; between no load and a
    load, only the first step (one increment, the lightest band). A weight
    beside a band is :func:`load_problem`'s to report.

    >>> from hipdip import Band, Bodyweight, Weight, catalog
    >>> ankle = catalog().exercises["ankle_weight_side_lying_hip_abduction"]
    >>> off_by_more_than_a_step(Weight(2.5), Weight(2.0), ankle) is None
    True
    >>> off_by_more_than_a_step(Weight(4.0), Weight(2.0), ankle)
    '4 kg ankle weight is more than one step (0.5 kg) from the prescribed 2 kg'
    >>> off_by_more_than_a_step(Weight(4.4), Weight(2.0), ankle)
    '4.4 kg ankle weight is more than one step (0.5 kg) from the prescribed 2 kg (4.4 lb = 2.00 kg: logged in pounds? logs are in kg)'
    >>> off_by_more_than_a_step(Weight(4.535924), Weight(2.267962), ankle)  # pounds
    '10 lb ankle weight is more than one step (1 lb) from the prescribed 5 lb'
    >>> off_by_more_than_a_step(Band("heavy", "knees"), Band("light", "knees"), ankle)
    'a heavy band is more than one step (one tier) from the prescribed light band'
    >>> off_by_more_than_a_step(Bodyweight(), Weight(2.0), ankle)
    'no load is more than one step from the prescribed 2 kg ankle weight'
    """
    if isinstance(done, Weight) and isinstance(prescribed, Weight):
        step = max_step_kg(prescribed, exercise)
        if abs(done.kg - prescribed.kg) <= step + _STEP_SLACK_KG:
            return None
        pounds = done.kg * KG_PER_LB  # the prescribed weight typed in lb, into a document in kg?
        hint = (
            f" ({done.kg:g} lb = {pounds:.2f} kg: logged in pounds? logs are in kg)"
            if abs(pounds - prescribed.kg) <= _POUNDS_HINT_TOLERANCE * prescribed.kg
            else ""
        )
        if grid_units(prescribed.kg) is Units.IMPERIAL:
            # A load planned in pounds is told in pounds (a coach's review: "one step
            # (2.26796 kg) from the prescribed 9.07185 kg" beside a 10 lb dumbbell).
            step_words = f"{round(step / KG_PER_LB, 1):g} lb"
            planned = f"{round(prescribed.kg / KG_PER_LB, 1):g} lb"
        else:
            step_words, planned = f"{step:g} kg", f"{prescribed.kg:g} kg"
        return (
            f"{describe_load(done, exercise)} is more than one step ({step_words}) from the "
            f"prescribed {planned}{hint}"
        )
    if isinstance(done, Band) and isinstance(prescribed, Band):
        if abs(done.tier.rank - prescribed.tier.rank) <= 1:
            return None
        return (
            f"a {BAND_TIER_WORDS[done.tier]} band is more than one step (one tier) from the "
            f"prescribed {BAND_TIER_WORDS[prescribed.tier]} band"
        )
    if isinstance(done, Bodyweight) and not _first_step(prescribed, exercise):
        return f"no load is more than one step from the prescribed {describe_load(prescribed, exercise)}"
    if isinstance(prescribed, Bodyweight) and not _first_step(done, exercise):
        return (
            f"{describe_load(done, exercise)} is more than one step from the prescribed bodyweight"
        )
    return None


def _first_step(load: Load, exercise: Exercise) -> bool:
    """Whether ``load`` is at most one step above no load: one increment, the lightest band."""
    if isinstance(load, Weight):
        return load.kg <= increment_kg(exercise) + _STEP_SLACK_KG
    if isinstance(load, Band):
        return load.tier.rank == 0
    return True


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


def moved_body_kg(exercise: Exercise, body_kg: float) -> float:
    """The body mass (kg) moved with ``exercise``'s external load, lever-weighted (:data:`BODY_SHARE`).

    Added to a weight's kg wherever an estimated 1RM carries a load to another
    rep target, so the body a step-up lifts counts as load:

    >>> from hipdip import catalog
    >>> moved_body_kg(catalog().exercises["dumbbell_step_up"], 60.0)
    30.0
    """
    share = BODY_SHARE.get(exercise.position, DEFAULT_BODY_SHARE)
    if "cable" in exercise.equipment and exercise.position == "standing":
        share = CABLE_BODY_SHARE
    return share * body_kg


def describe_load(
    load: Load, exercise: Exercise | None = None, *, units: Units | str | None = None
) -> str:
    """A load in words, naming the equipment when ``exercise`` says which.

    The one wording of a load, used by the progression reasons and by
    :func:`hipdip.render.to_markdown`. A weight is shown in ``units``: kg, or
    lb to a tenth of a pound; by default in the units of its grid
    (:func:`grid_units`).

    >>> from hipdip import Band, Bodyweight, Weight, catalog
    >>> ankle = catalog().exercises["ankle_weight_side_lying_hip_abduction"]
    >>> describe_load(Weight(1.5), ankle)
    '1.5 kg ankle weight'
    >>> describe_load(Band("light", "thighs"))
    'light band above the knees'
    >>> describe_load(Bodyweight())
    'bodyweight'
    >>> describe_load(Weight(24.0), units="imperial")
    '52.9 lb'
    """
    if isinstance(load, Weight):
        amount = weight_words(load.kg, units)
        equipment = weight_equipment(exercise) if exercise is not None else None
        if equipment is None:
            return amount
        on_the = "on the " if equipment == "cable" else ""
        return f"{amount} {on_the}{WEIGHT_EQUIPMENT_WORDS[equipment]}"
    if isinstance(load, Band):
        return f"{BAND_TIER_WORDS[load.tier]} band {BAND_PLACEMENT_WORDS[load.placement]}"
    return "bodyweight"


def weight_words(kg: float, units: Units | str | None = None) -> str:
    """``kg`` in words: ``'2.5 kg'``, or ``'5 lb'`` (to a tenth of a pound) for imperial units.

    ``units=None`` uses the grid the weight is on (:func:`grid_units`).

    >>> weight_words(2.5), weight_words(2.267962), weight_words(2.5, "imperial")
    ('2.5 kg', '5 lb', '5.5 lb')
    """
    chosen = grid_units(kg) if units is None else c.enum_value(Units, "units", units)
    if chosen is Units.IMPERIAL:
        return f"{kg / KG_PER_LB:.1f}".removesuffix(".0") + " lb"
    return f"{kg:.2f}".rstrip("0").rstrip(".") + " kg"


def load_phrase(
    load: Load, exercise: Exercise | None = None, *, units: Units | str | None = None
) -> str:
    """:func:`describe_load` after a preposition: ``'at bodyweight'``, ``'with a light band …'``.

    >>> from hipdip import Band
    >>> load_phrase(Band("extra_light", "knees"))
    'with an extra-light band at the knees'
    """
    if isinstance(load, Band):
        article = "an" if load.tier in (BandTier.EXTRA_LIGHT, BandTier.EXTRA_HEAVY) else "a"
        return f"with {article} {describe_load(load, exercise)}"
    return f"at {describe_load(load, exercise, units=units)}"


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
        if grid_units(after.kg) is Units.IMPERIAL:
            step, was, now = (weight_words(x, Units.IMPERIAL) for x in (abs(delta), old, after.kg))
            if old == 0.0:
                return f"{sign}{step}{word} (bodyweight → {now})"
            return f"{sign}{step}{word} ({was} → {now}, {sign}{abs(delta) / old * 100:.0f} %)"
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
