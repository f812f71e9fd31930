"""Hypothesis strategies that build valid hipdip objects.

Install with ``pip install "hipdip[testing]"``. Every strategy here builds
only objects that pass every validator of :mod:`hipdip.models` (the bounds
are read from the validators on the fields, never copied), shrinks towards a
readable, realistic example (a 30-year-old, 65 kg, 165 cm beginner with no
equipment; a clamshell for 3 × 10–20 reps at bodyweight), and takes keyword
overrides named after the model's fields. Each override is either a fixed
value or a strategy:

>>> from hypothesis import given, settings
>>> from hypothesis import strategies as st
>>> from hipdip import Experience, LoadKind
>>> from hipdip.testing.strategies import loads, profiles
>>> @settings(max_examples=20)
... @given(profiles(experience=Experience.BEGINNER, equipment=frozenset(),
...                 days_per_week=st.integers(2, 3)))
... def test_beginner_bodyweight(profile):
...     assert profile.experience is Experience.BEGINNER and not profile.equipment
...     assert profile.days_per_week in (2, 3)
>>> test_beginner_bodyweight()

Installing the package also registers the strategies with
:func:`hypothesis.strategies.register_type_strategy` (through hypothesis's
``hypothesis`` entry point), so ``st.from_type(hipdip.Profile)`` and
``st.builds`` with annotated hipdip arguments draw valid objects too.

Strategy overview:

=============================  ==============================================
:func:`muscles`                :class:`~hipdip.Muscle`
:func:`exercises`              :class:`~hipdip.Exercise` targeting catalogue muscles
:func:`loads`                  :class:`~hipdip.Bodyweight`, :class:`~hipdip.Weight`, :class:`~hipdip.Band`
:func:`prescriptions`          :class:`~hipdip.Prescription`
:func:`body_compositions`      :class:`~hipdip.BodyComposition`
:func:`profiles`               :class:`~hipdip.Profile`
:func:`set_results`            one session's :class:`~hipdip.SetResult` s for a prescription
:func:`programs`               programs planned by :func:`hipdip.plan_program`
:func:`training_logs`          plausible :class:`~hipdip.TrainingLog` s of a program
:func:`findings`               :class:`~hipdip.Finding`
=============================  ==============================================

Defaults that name catalogue objects (muscle ids of exercise targets,
exercise ids of prescriptions, equipment, schemes) are read from hipdip's
*built-in* catalogue on first draw, so a drawn exercise can be registered
beside the built-ins, and a drawn profile owns equipment the built-in
exercises use.
"""

from __future__ import annotations

import datetime
import enum
import functools
import math
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias, TypeVar

import attrs
from hypothesis import assume, reject
from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy

import hipdip
from hipdip.errors import PlanningError
from hipdip.limitations import LIMITATIONS
from hipdip.limits import MAX_TEMPO_PHASE, MAX_TEXT, SLUG_PATTERN
from hipdip.models import (
    Action,
    ActivityLevel,
    Assessment,
    Band,
    BandPlacement,
    BandTier,
    BodyComposition,
    Bodyweight,
    Decision,
    DipDepth,
    Exercise,
    ExerciseLog,
    Experience,
    Factor,
    Finding,
    Goal,
    HipStructure,
    Hold,
    Load,
    LoadKind,
    Measurement,
    MeasurementLog,
    Muscle,
    MuscleTarget,
    NutritionPlan,
    Posture,
    Prescription,
    Profile,
    Program,
    Reps,
    Role,
    Session,
    SessionLog,
    SetResult,
    Severity,
    Sex,
    Target,
    TrainingLog,
    Units,
    Week,
    Weight,
)
from hipdip.models._checks import is_number
from hipdip.models.profile import BMI_RANGE, plausibility_problems, plausible_body_fat_pct

if TYPE_CHECKING:
    import pluggy

    from hipdip.registry import Catalog

__all__ = [
    "DEFAULT",
    "OUTCOMES",
    "Given",
    "Outcome",
    "body_compositions",
    "exercises",
    "findings",
    "loads",
    "measurement_logs",
    "measurements",
    "muscles",
    "prescriptions",
    "profiles",
    "programs",
    "set_results",
    "training_logs",
]

T = TypeVar("T")


class _Default(enum.Enum):
    DEFAULT = "DEFAULT"

    def __repr__(self) -> str:
        return "DEFAULT"


#: Marker for "not overridden": the strategy draws its own default.
DEFAULT: Final = _Default.DEFAULT

#: An override: a fixed value, a strategy of values, or :data:`DEFAULT`.
Given: TypeAlias = T | SearchStrategy[T] | _Default

#: How a logged session of one prescription went (see :func:`set_results`).
Outcome: TypeAlias = Literal["in_range", "top", "over", "stall", "failure", "mixed"]
#: Every :data:`Outcome`, in shrinking order (``"in_range"`` is the simplest).
OUTCOMES: Final[tuple[Outcome, ...]] = ("in_range", "top", "over", "stall", "failure", "mixed")


# --------------------------------------------------------------------------- #
# Public strategies


def muscles(
    *,
    id: Given[str] = DEFAULT,
    name: Given[str] = DEFAULT,
    region: Given[str] = DEFAULT,
    actions: Given[tuple[str, ...]] = DEFAULT,
    origin: Given[str | None] = DEFAULT,
    insertion: Given[str | None] = DEFAULT,
) -> SearchStrategy[Muscle]:
    """Valid :class:`~hipdip.Muscle` objects; ``name`` defaults to a title made from ``id``.

    >>> from hypothesis import find
    >>> find(muscles(region="hip"), lambda m: True).region
    'hip'
    """
    ids = _given(id, _slugs(_MUSCLE_IDS))
    regions = _given(region, _slugs(_REGIONS))
    actions_ = _given(actions, _tuples(_texts(_ACTIONS), max_size=3))
    origins = _given(origin, _optional(_texts(_ATTACHMENTS)))
    insertions = _given(insertion, _optional(_texts(_ATTACHMENTS)))

    @st.composite
    def build(draw: DrawFn) -> Muscle:
        muscle_id = draw(ids)
        return Muscle(
            id=muscle_id,
            name=_title(muscle_id)
            if isinstance(name, _Default)
            else draw(_given(name, st.nothing())),
            region=draw(regions),
            actions=draw(actions_),
            origin=draw(origins),
            insertion=draw(insertions),
        )

    return build()


def exercises(
    *,
    muscles: str | Iterable[str] | SearchStrategy[str] | _Default = DEFAULT,
    id: Given[str] = DEFAULT,
    name: Given[str] = DEFAULT,
    targets: Given[tuple[MuscleTarget, ...]] = DEFAULT,
    pattern: Given[str] = DEFAULT,
    position: Given[str] = DEFAULT,
    unilateral: Given[bool] = DEFAULT,
    equipment: Given[frozenset[str]] = DEFAULT,
    load_kind: Given[LoadKind | str] = DEFAULT,
    level: Given[int] = DEFAULT,
    easier: Given[str | None] = DEFAULT,
    harder: Given[str | None] = DEFAULT,
    cues: Given[tuple[str, ...]] = DEFAULT,
    increment_kg: Given[float | None] = DEFAULT,
    band_placement: Given[BandPlacement | str | None] = DEFAULT,
    aliases: Given[tuple[str, ...]] = DEFAULT,
    source: Given[str | None] = DEFAULT,
    license: Given[str | None] = DEFAULT,
) -> SearchStrategy[Exercise]:
    """Valid :class:`~hipdip.Exercise` objects, consistent across fields.

    ``muscles`` says which muscle ids the drawn targets may name: an id, a
    collection of ids or a strategy of ids; by default the built-in
    catalogue's muscles (``gluteus_medius`` first), so the exercise can be
    registered beside the built-ins. Unless overridden:

    * equipment matches the load kind (``band`` for BAND, ankle weights,
      a cable or a dumbbell for WEIGHT);
    * ``band_placement`` is set only for BAND exercises, ``increment_kg``
      only for WEIGHT exercises;
    * ``easier``/``harder`` are ``None`` or built-in exercise ids, never the
      exercise's own id nor each other;
    * ``aliases`` are the name with a suffix (``"Hip Kick (Alt)"``), so they
      name no other exercise; ``source`` and ``license`` are ``None`` or a
      sample text.

    A fixed ``band_placement`` implies BAND; a fixed ``increment_kg``
    implies WEIGHT.

    >>> from hypothesis import find
    >>> from hipdip import LoadKind
    >>> ex = find(exercises(load_kind=LoadKind.BAND, muscles="gluteus_medius"), lambda e: True)
    >>> ex.load_kind, sorted(ex.equipment), [t.muscle for t in ex.targets]
    (<LoadKind.BAND: 'band'>, ['band'], ['gluteus_medius'])
    """
    muscle_ids = _muscle_id_strategy(muscles)
    ids = _given(id, _slugs(_EXERCISE_IDS))
    targets_ = _given(
        targets,
        st.lists(
            muscle_ids,
            min_size=1,
            max_size=min(4, _limits(Exercise, "targets").max_items),
            unique=True,
        )
        .map(tuple)
        .flatmap(_targets_for),
    )
    patterns = _given(pattern, _slugs(_PATTERNS))
    positions = _given(position, _slugs(_POSITIONS))
    unilaterals = _given(unilateral, st.booleans())
    levels = _given(level, _ints_for(Exercise, "level"))
    cues_ = _given(cues, _tuples(_texts(_CUES), max_size=3))
    suffixes = st.lists(st.sampled_from(_ALIAS_SUFFIXES), unique=True, max_size=2)
    sources = _given(source, _optional(st.sampled_from(_SOURCES)))
    licenses = _given(license, _optional(st.sampled_from(_LICENSES)))
    if isinstance(load_kind, _Default):
        if _is_fixed(band_placement) and band_placement is not None:
            load_kind = LoadKind.BAND
        elif _is_fixed(increment_kg) and increment_kg is not None:
            load_kind = LoadKind.WEIGHT
    load_kinds = _given(load_kind, st.sampled_from(LoadKind))
    links = st.deferred(lambda: _optional(_sampled(_ladder_ids())))
    easiers = _given(easier, links)
    hardeds = _given(harder, links)
    # Per load kind: equipment, increment and band placement (built once, not per draw).
    per_kind = {
        kind: (
            _given(equipment, _equipment_for(kind)),
            _given(
                increment_kg, _optional(_increments()) if kind is LoadKind.WEIGHT else st.none()
            ),
            _given(
                band_placement,
                _optional(st.sampled_from(BandPlacement)) if kind is LoadKind.BAND else st.none(),
            ),
        )
        for kind in LoadKind
    }

    @st.composite
    def build(draw: DrawFn) -> Exercise:
        exercise_id = draw(ids)
        kind = LoadKind(draw(load_kinds))
        easier_id, harder_id = draw(easiers), draw(hardeds)
        # Drawn ladder links avoid the exercise itself and each other; fixed
        # ones are used as given, so the model reports a contradictory pair.
        if not _is_fixed(easier):
            assume(easier_id is None or easier_id != exercise_id)
        if not _is_fixed(harder):
            assume(harder_id is None or harder_id not in (exercise_id, easier_id))
        equipments, increments, placements = per_kind[kind]
        exercise_name = (
            _title(exercise_id) if isinstance(name, _Default) else draw(_given(name, st.nothing()))
        )
        names = (
            tuple(exercise_name + suffix for suffix in draw(suffixes))
            if isinstance(aliases, _Default)
            else draw(_given(aliases, st.nothing()))
        )
        return Exercise(
            id=exercise_id,
            name=exercise_name,
            targets=draw(targets_),
            pattern=draw(patterns),
            position=draw(positions),
            unilateral=draw(unilaterals),
            equipment=draw(equipments),
            load_kind=kind,
            level=draw(levels),
            easier=easier_id,
            harder=harder_id,
            cues=draw(cues_),
            increment_kg=draw(increments),
            band_placement=draw(placements),
            aliases=names,
            source=draw(sources),
            license=draw(licenses),
        )

    return build()


def loads(
    *,
    kind: Given[LoadKind | str] = DEFAULT,
    kg: Given[float] = DEFAULT,
    tier: Given[BandTier | str] = DEFAULT,
    placement: Given[BandPlacement | str] = DEFAULT,
) -> SearchStrategy[Load]:
    """Valid loads: :class:`~hipdip.Bodyweight`, :class:`~hipdip.Weight` or :class:`~hipdip.Band`.

    ``kind`` picks the kind (giving ``kg`` implies WEIGHT, giving ``tier``
    or ``placement`` implies BAND). Weights favour real plate and ankle-weight
    steps (0.5, 1, 2.5 kg, …) but cover every valid value up to
    ``MAX_LOAD_KG``.

    >>> from hypothesis import find
    >>> from hipdip import LoadKind
    >>> find(loads(kind=LoadKind.BAND, placement="ankles"), lambda load: True).placement
    <BandPlacement.ANKLES: 'ankles'>
    >>> find(loads(kg=2.5), lambda load: True)
    Weight(kg=2.5)
    """
    if isinstance(kind, _Default):
        if not isinstance(kg, _Default):
            kind = LoadKind.WEIGHT
        elif not isinstance(tier, _Default) or not isinstance(placement, _Default):
            kind = LoadKind.BAND
    kinds = _given(kind, st.sampled_from(LoadKind))
    weights = st.builds(Weight, kg=_given(kg, _weights_kg()))
    bands = st.builds(
        Band,
        tier=_given(tier, st.sampled_from(BandTier)),
        placement=_given(placement, st.sampled_from(BandPlacement)),
    )
    by_kind: dict[LoadKind, SearchStrategy[Load]] = {
        LoadKind.BODYWEIGHT: st.builds(Bodyweight),
        LoadKind.WEIGHT: weights,
        LoadKind.BAND: bands,
    }
    return kinds.flatmap(lambda k: by_kind[LoadKind(k)])


def prescriptions(
    *,
    exercise: Given[str] = DEFAULT,
    sets: Given[int] = DEFAULT,
    dose: Given[Reps | Hold] = DEFAULT,
    load: Given[Load] = DEFAULT,
    rir: Given[int | None] = DEFAULT,
    rest_seconds: Given[int] = DEFAULT,
    tempo: Given[str] = DEFAULT,
) -> SearchStrategy[Prescription]:
    """Valid :class:`~hipdip.Prescription` objects.

    ``exercise`` defaults to a built-in exercise id (or, rarely, another
    slug). When the exercise is in the built-in catalogue the default load
    has its load kind (and band placement: above the knees when it names
    none), so the prescription is one a planner could write. Doses are rep
    ranges (1–``MAX_REPS``) or holds (1–``MAX_HOLD_SECONDS`` s), realistic
    ones first; ``tempo`` is four phases of 0–``MAX_TEMPO_PHASE`` s.

    >>> from hypothesis import find
    >>> item = find(prescriptions(exercise="clamshell", sets=3), lambda p: True)
    >>> item.exercise, item.sets, type(item.load).__name__
    ('clamshell', 3, 'Bodyweight')
    """
    exercise_ids = _given(exercise, st.deferred(lambda: _slugs(_ladder_ids())))
    sets_ = _given(sets, _sets())
    doses = _given(dose, _doses())
    rirs = _given(rir, _optional(_ints_for(Prescription, "rir"), none_last=True))
    rests = _given(rest_seconds, _rest_seconds())
    tempos = _given(tempo, _tempos())
    return _prescriptions(exercise_ids, sets_, doses, load, rirs, rests, tempos)


@st.composite
def _prescriptions(
    draw: DrawFn,
    exercise_ids: SearchStrategy[str],
    sets_: SearchStrategy[int],
    doses: SearchStrategy[Reps | Hold],
    load: Given[Load],
    rirs: SearchStrategy[int | None],
    rests: SearchStrategy[int],
    tempos: SearchStrategy[str],
) -> Prescription:
    """The draws of :func:`prescriptions`.

    Like the other module-level composites, defined once rather than inside its public
    function: ``@st.composite`` reads and parses the function's source each time it is
    applied, which cost more than drawing (the drawn values are the same).
    """
    exercise_id = draw(exercise_ids)
    return Prescription(
        exercise=exercise_id,
        sets=draw(sets_),
        dose=draw(doses),
        load=draw(_given(load, _loads_for(exercise_id))),
        rir=draw(rirs),
        rest_seconds=draw(rests),
        tempo=draw(tempos),
    )


def body_compositions(
    *,
    sex: Sex | str | None = None,
    weight_kg: Given[float] = DEFAULT,
    height_cm: Given[float] = DEFAULT,
    body_fat_pct: Given[float | None] = DEFAULT,
    waist_cm: Given[float | None] = DEFAULT,
    hip_cm: Given[float | None] = DEFAULT,
    neck_cm: Given[float | None] = DEFAULT,
) -> SearchStrategy[BodyComposition]:
    """Valid :class:`~hipdip.BodyComposition` objects.

    Circumferences are drawn together so they are consistent: the waist is
    always larger than the neck. The body is one a person can have: the
    weight (or, when the weight is given, the height) is drawn so the BMI is
    in :data:`hipdip.limits.BMI_RANGE`, and body fat so the
    fat-free-mass index is in :data:`hipdip.limits.FFMI_RANGE`. ``sex`` (not a field) asks for bodies the US
    Navy method can estimate for that sex: with ``sex=Sex.FEMALE`` a body
    with waist and neck also has a hip measurement.

    >>> from hypothesis import find
    >>> body = find(body_compositions(sex="female"), lambda b: None not in (b.waist_cm, b.neck_cm))
    >>> body.waist_cm > body.neck_cm and body.hip_cm is not None
    True
    """
    female = sex is not None and Sex(sex) is Sex.FEMALE
    weights = _given(
        weight_kg, _floats_for(BodyComposition, "weight_kg", typical=_TYPICAL_WEIGHT_KG)
    )
    heights = _given(
        height_cm, _floats_for(BodyComposition, "height_cm", typical=_TYPICAL_HEIGHT_CM)
    )
    fats = _given(
        body_fat_pct,
        _optional(_floats_for(BodyComposition, "body_fat_pct", typical=_TYPICAL_BODY_FAT)),
    )
    necks = _floats_for(BodyComposition, "neck_cm", typical=_TYPICAL_NECK_CM)
    hips = _floats_for(BodyComposition, "hip_cm", typical=_TYPICAL_HIP_CM)
    waists = _floats_for(BodyComposition, "waist_cm", typical=_TYPICAL_WAIST_CM)

    # Which of weight (or height) and body fat to draw so the body is plausible: BMI in
    # BMI_RANGE, and fat-free-mass index in FFMI_RANGE (SCIENCE.md §Screens before any deficit).
    free: Literal["weight", "height"] | None = (
        "weight"
        if isinstance(weight_kg, _Default)
        else "height"
        if isinstance(height_cm, _Default)
        else None
    )
    free_fat = isinstance(body_fat_pct, _Default)
    return _body_compositions(
        female,
        (neck_cm, waist_cm, hip_cm),
        (necks, waists, hips),
        weights,
        heights,
        fats,
        free=free,
        free_fat=free_fat,
    )


@st.composite
def _body_compositions(
    draw: DrawFn,
    female: bool,
    girths: tuple[Given[float | None], Given[float | None], Given[float | None]],
    girth_defaults: tuple[SearchStrategy[float], SearchStrategy[float], SearchStrategy[float]],
    weights: SearchStrategy[float],
    heights: SearchStrategy[float],
    fats: SearchStrategy[float | None],
    *,
    free: Literal["weight", "height"] | None,
    free_fat: bool,
) -> BodyComposition:
    """The draws of :func:`body_compositions` (see :func:`_prescriptions`)."""
    neck_cm, waist_cm, hip_cm = girths
    necks, waists, hips = girth_defaults
    measured = set(draw(_MEASURED))
    if female and {"waist", "neck"} <= measured:
        measured.add("hip")

    def pick(value: Given[float | None], name: str, default: SearchStrategy[float]) -> Any:
        if not isinstance(value, _Default):
            return draw(_given(value, st.none()))
        return draw(default) if name in measured else None

    if isinstance(neck_cm, _Default) and not isinstance(waist_cm, _Default):
        # A given waist: draw the neck below it.
        waist = pick(waist_cm, "waist", st.nothing())
        below = necks if not is_number(waist) else _below(necks, waist)
        neck = pick(neck_cm, "neck", below)
    else:
        neck = pick(neck_cm, "neck", necks)
        above = _above(waists, neck) if is_number(neck) else waists
        waist = pick(waist_cm, "waist", above)
    weight, height = _plausible_size(draw, weights, heights, free=free)
    fat = draw(fats) if not free_fat else draw(_plausible_fats(weight, height))
    if (
        is_number(weight)
        and is_number(height)
        and (fat is None or is_number(fat))
        and plausibility_problems(weight, height, fat)
    ):
        reject()  # overrides (or a rounding edge) that no person has
    return BodyComposition(
        weight_kg=weight,
        height_cm=height,
        body_fat_pct=fat,
        waist_cm=waist,
        hip_cm=pick(hip_cm, "hip", hips),
        neck_cm=neck,
    )


def _plausible_size(
    draw: DrawFn,
    weights: SearchStrategy[float],
    heights: SearchStrategy[float],
    *,
    free: Literal["weight", "height"] | None,
) -> tuple[float, float]:
    """Weight and height; the ``free`` one (not overridden) is drawn so the BMI is plausible."""
    low, high = BMI_RANGE
    if free == "weight":
        height = draw(heights)
        if not is_number(height):
            return draw(weights), height
        square = (height / 100.0) ** 2
        bounds = _inside(_range(BodyComposition, "weight_kg"), (low * square, high * square))
        return draw(_floats(bounds, typical=_TYPICAL_WEIGHT_KG)), height
    weight = draw(weights)
    if free is None or not is_number(weight):
        return weight, draw(heights)
    tall, short = 100.0 * math.sqrt(weight / low), 100.0 * math.sqrt(weight / high)
    bounds = _inside(_range(BodyComposition, "height_cm"), (short, tall))
    return weight, draw(_floats(bounds, typical=_TYPICAL_HEIGHT_CM))


# The strategies below depend on values drawn before them, so they are made while
# drawing; cached, because making one costs more than drawing from it, and shrinking
# (and the typical values tried first) draws the same few values many times.


@functools.lru_cache(maxsize=1024)
def _plausible_fats(weight: float, height: float) -> SearchStrategy[float | None]:
    """``None`` or a body fat whose fat-free-mass index is plausible (``FFMI_RANGE``) at this size."""
    bounds = plausible_body_fat_pct(weight, height)
    return _optional(_floats(_inside(bounds, bounds), typical=_TYPICAL_BODY_FAT))


@functools.lru_cache(maxsize=1024)
def _below(values: SearchStrategy[float], limit: float) -> SearchStrategy[float]:
    return values.filter(lambda v: v < limit)


@functools.lru_cache(maxsize=1024)
def _above(values: SearchStrategy[float], limit: float) -> SearchStrategy[float]:
    return values.filter(lambda v: v > limit)


def _inside(bounds: tuple[float, float], limits: tuple[float, float]) -> tuple[float, float]:
    """``bounds`` narrowed to ``limits``, a hair inside them so rounding stays plausible."""
    lo, hi = max(bounds[0], limits[0]), min(bounds[1], limits[1])
    hair = 1e-9 * max(1.0, abs(hi))
    return (lo + hair, hi - hair) if hi - lo > 2 * hair else (lo, hi)


def profiles(
    *,
    sex: Given[Sex | str] = DEFAULT,
    age: Given[int] = DEFAULT,
    body: Given[BodyComposition] = DEFAULT,
    experience: Given[Experience | str] = DEFAULT,
    equipment: Given[frozenset[str]] = DEFAULT,
    days_per_week: Given[int] = DEFAULT,
    session_minutes: Given[int] = DEFAULT,
    activity: Given[ActivityLevel | str] = DEFAULT,
    goal: Given[Goal | str] = DEFAULT,
    hip: Given[HipStructure | None] = DEFAULT,
    posture: Given[Posture | None] = DEFAULT,
    avoid: Given[frozenset[str]] = DEFAULT,
    limitations: Given[frozenset[str]] = DEFAULT,
    tags: Given[frozenset[str]] = DEFAULT,
    units: Given[Units | str] = DEFAULT,
) -> SearchStrategy[Profile]:
    """Valid :class:`~hipdip.Profile` objects.

    The default body suits the drawn sex (:func:`body_compositions` with
    ``sex``); equipment is a subset of the built-in equipment vocabulary
    (:func:`hipdip.inputs.equipment_vocabulary`), shrinking to bodyweight only.
    ``avoid`` is usually empty, else up to 3 built-in exercise ids,
    equipment ids or exercise tags; ``limitations`` usually none, else
    some of :data:`hipdip.limitations.LIMITATIONS`; ``tags`` usually none,
    else ``plant_based`` or a free slug. All shrink to empty.

    >>> from hypothesis import find
    >>> from hipdip import Experience, Sex
    >>> p = find(profiles(sex=Sex.MALE, experience=Experience.ADVANCED), lambda p: True)
    >>> p.sex, p.experience, p.equipment
    (<Sex.MALE: 'male'>, <Experience.ADVANCED: 'advanced'>, frozenset())
    """
    sexes = _given(sex, st.sampled_from(Sex))
    ages = _given(age, _ints_for(Profile, "age", typical=(30, 25, 40, 50, 20, 65)))
    experiences = _given(experience, st.sampled_from(Experience))
    equipments = _given(equipment, st.deferred(_equipment_sets))
    days = _given(days_per_week, _ints_for(Profile, "days_per_week", typical=(3, 2, 4)))
    minutes = _given(
        session_minutes, _ints_for(Profile, "session_minutes", typical=(45, 30, 60, 20, 90))
    )
    activities = _given(activity, st.sampled_from(ActivityLevel))
    goals = _given(goal, st.sampled_from(Goal))
    hips = _given(hip, _optional(_hip_structures()))
    postures = _given(posture, _optional(_postures()))
    unit_systems = _given(units, st.sampled_from(Units))
    bodies = {s: _given(body, body_compositions(sex=s)) for s in Sex}
    avoids = _given(avoid, st.deferred(_avoid_sets))
    limitation_sets = _given(limitations, _rarely(st.sampled_from(sorted(LIMITATIONS)), 2))
    tag_sets = _given(tags, _rarely(st.one_of(st.just("plant_based"), _slugs(())), 2))
    return _profiles(
        sexes,
        bodies,
        ages=ages,
        experience=experiences,
        equipment=equipments,
        days_per_week=days,
        session_minutes=minutes,
        activity=activities,
        goal=goals,
        hip=hips,
        posture=postures,
        avoid=avoids,
        limitations=limitation_sets,
        tags=tag_sets,
        units=unit_systems,
    )


@st.composite
def _profiles(
    draw: DrawFn,
    /,
    sexes: SearchStrategy[Sex | str],
    bodies: dict[Sex, SearchStrategy[BodyComposition]],
    *,
    ages: SearchStrategy[int],
    **fields: SearchStrategy[Any],
) -> Profile:
    """The draws of :func:`profiles` (see :func:`_prescriptions`): sex, age, body, then
    ``fields`` (Profile field → strategy) in the order given."""
    drawn_sex = Sex(draw(sexes))
    return Profile(
        sex=drawn_sex,
        age=draw(ages),
        body=draw(bodies[drawn_sex]),
        **{name: draw(strategy) for name, strategy in fields.items()},
    )


def _rarely(items: SearchStrategy[str], max_size: int) -> SearchStrategy[frozenset[str]]:
    """Mostly the empty set, else 1–``max_size`` of ``items``."""
    some = st.frozensets(items, min_size=1, max_size=max_size)
    return st.one_of(st.just(frozenset()), st.just(frozenset()), some)


def _avoid_sets() -> SearchStrategy[frozenset[str]]:
    """What a person avoids: built-in exercise ids, equipment ids or exercise tags."""
    from hipdip.inputs import avoidable

    return _rarely(st.sampled_from(sorted(avoidable(_builtin_catalog()))), 3)


def set_results(
    prescription: Prescription,
    *,
    outcome: Given[Outcome] = DEFAULT,
    sets: Given[int] = DEFAULT,
    load: Given[Load] = DEFAULT,
    rir: Given[int | None] = DEFAULT,
) -> SearchStrategy[tuple[SetResult, ...]]:
    """One logged session of ``prescription``: a tuple of :class:`~hipdip.SetResult`.

    Results match the dose kind (``reps`` for :class:`~hipdip.Reps`,
    ``hold_seconds`` for :class:`~hipdip.Hold`) and, by default, the
    prescribed load and number of sets. ``outcome`` (one of
    :data:`OUTCOMES`) says how the session went:

    ``"in_range"``  every set within the range
    ``"top"``       every set exactly at the top of the range
    ``"over"``      every set above the top (over-performance)
    ``"stall"``     every set below the bottom (0 reps only when the bottom is 1)
    ``"failure"``   at least one set of 0 reps, the others anywhere up to the top
    ``"mixed"``     each set anywhere from 0 to above the top

    ``rir`` (reps in reserve felt, 0–``MAX_LOGGED_RIR``) is either ``None``
    on every set or logged on every set.

    >>> from hypothesis import find
    >>> from hipdip import Bodyweight, Prescription, Reps
    >>> item = Prescription("clamshell", 3, Reps(12, 20), Bodyweight())
    >>> [s.reps for s in find(set_results(item, outcome="top"), lambda r: True)]
    [20, 20, 20]
    >>> all(s.reps < 12 for s in find(set_results(item, outcome="stall"), lambda r: True))
    True
    """
    if _is_fixed(outcome) and outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)} (got {outcome!r})")
    outcomes = _given(outcome, st.sampled_from(OUTCOMES))
    counts = _given(
        sets,
        st.one_of(st.just(prescription.sets), _ints_for(Prescription, "sets")),
    )
    loads_ = _given(load, st.just(prescription.load))
    rir_given = not isinstance(rir, _Default)
    rirs = _given(rir, _ints_for(SetResult, "rir"))
    hold = isinstance(prescription.dose, Hold)
    return _set_results(outcomes, counts, loads_, rirs, rir_given, hold, _dose_window(prescription))


@st.composite
def _set_results(
    draw: DrawFn,
    outcomes: SearchStrategy[Outcome],
    counts: SearchStrategy[int],
    loads_: SearchStrategy[Load],
    rirs: SearchStrategy[int | None],
    rir_given: bool,
    hold: bool,
    window: tuple[int, int, int],
) -> tuple[SetResult, ...]:
    """The draws of :func:`set_results` (see :func:`_prescriptions`)."""
    low, high, ceiling = window
    how = draw(outcomes)
    count = draw(counts)
    set_load = draw(loads_)
    logs_rir = rir_given or draw(st.booleans())
    values = _outcome_values(draw, how, count, low, high, ceiling)
    results = []
    for value in values:
        felt = draw(rirs) if logs_rir else None
        if hold:
            results.append(SetResult(hold_seconds=value, load=set_load, rir=felt))
        else:
            results.append(SetResult(reps=value, load=set_load, rir=felt))
    return tuple(results)


def programs(
    pm: pluggy.PluginManager | None = None,
    *,
    weeks: Given[int] = DEFAULT,
    scheme: Given[str] = DEFAULT,
    profile: Given[Profile] = DEFAULT,
    **profile_overrides: Any,
) -> SearchStrategy[Program]:
    """Programs planned by :func:`hipdip.plan_program` with plugin manager ``pm``.

    Draws a profile (:func:`profiles` with ``profile_overrides``, or
    ``profile``), 1–16 weeks and a scheme of ``pm``'s catalogue (``linear``
    first), and plans it. Profiles the planner refuses
    (:class:`~hipdip.PlanningError`) are rejected, so a test sees only
    programs that were actually planned. ``pm=None`` means hipdip's default
    plugin manager.

    Example (not run here)::

        @given(programs(experience=Experience.BEGINNER, equipment=frozenset()))
        def test_beginners_get_level_one_exercises(program): ...
    """
    if profile_overrides and not isinstance(profile, _Default):
        raise TypeError("programs(): give either profile= or profile field overrides, not both")
    profiles_ = _given(profile, profiles(**profile_overrides))
    weeks_ = _given(weeks, _ints((1, 16), typical=(8, 4, 1)))

    @st.composite
    def build(draw: DrawFn) -> Program:
        from hipdip import plan_program  # type: ignore[attr-defined,unused-ignore]

        drawn = draw(profiles_)
        scheme_id = draw(_given(scheme, _sampled(_scheme_ids(pm), first="linear")))
        try:
            program: Program = plan_program(drawn, weeks=draw(weeks_), scheme=scheme_id, pm=pm)
        except PlanningError:
            reject()
        return program

    return build()


def training_logs(
    program: Program,
    *,
    sessions: Given[int] = DEFAULT,
    outcome: Given[Outcome] = DEFAULT,
    dated: bool = False,
) -> SearchStrategy[TrainingLog]:
    """Plausible :class:`~hipdip.TrainingLog` s of ``program``.

    The log holds the first ``sessions`` sessions of the program in order
    (default: any prefix, shrinking to the empty log); each logs every
    prescribed exercise with its prescribed number of sets at the prescribed
    load, the reps (or hold seconds) drawn by :func:`set_results` — so logs
    include stalls, failures and over-performance. ``outcome`` fixes how
    every exercise went (e.g. ``"stall"``). With ``dated=True`` every session
    also has a date, 1–4 days after the one before and now and then after a
    break of 14–30 days.

    >>> from hypothesis import find
    >>> from hipdip import (BodyComposition, Bodyweight, Prescription, Profile, Program,
    ...                     Reps, Session, Week)
    >>> profile = Profile(sex="female", age=30, body=BodyComposition(65, 165),
    ...                   experience="beginner")
    >>> item = Prescription("clamshell", 3, Reps(12, 20), Bodyweight())
    >>> program = Program(weeks=(Week(1, (Session(1, 1, (item,)), Session(1, 2, (item,)))),),
    ...                   scheme="linear", profile=profile)
    >>> log = find(training_logs(program, sessions=2, outcome="over"), lambda log: True)
    >>> [(s.week, s.day) for s in log.sessions]
    [(1, 1), (1, 2)]
    >>> all(r.reps > 20 for s in log.sessions for r in s.exercises[0].sets)
    True
    """
    planned = program.sessions
    counts = _given(
        sessions, st.integers(0, min(len(planned), _limits(TrainingLog, "sessions").max_items))
    )
    per_item: dict[Prescription, SearchStrategy[tuple[SetResult, ...]]] = {}

    def results_of(item: Prescription) -> SearchStrategy[tuple[SetResult, ...]]:
        if item not in per_item:
            per_item[item] = set_results(item, outcome=outcome, sets=item.sets)
        return per_item[item]

    @st.composite
    def build(draw: DrawFn) -> TrainingLog:
        count = draw(counts)
        logged = []
        day = draw(_dates()) if dated else None
        for session in planned[:count]:
            exercises_ = tuple(
                ExerciseLog(exercise=item.exercise, sets=draw(results_of(item)))
                for item in session.items
            )
            logged.append(
                SessionLog(week=session.week, day=session.day, exercises=exercises_, date=day)
            )
            if day is not None:
                day += datetime.timedelta(days=draw(_gaps()))
        return TrainingLog(sessions=tuple(logged))

    return build()


def findings(
    *,
    rule: Given[str] = DEFAULT,
    severity: Given[Severity | str] = DEFAULT,
    message: Given[str] = DEFAULT,
    source: Given[str | None] = DEFAULT,
) -> SearchStrategy[Finding]:
    """Valid :class:`~hipdip.Finding` objects (what rules return).

    >>> from hypothesis import find
    >>> find(findings(severity="error"), lambda f: True).severity
    <Severity.ERROR: 'error'>
    """
    return st.builds(
        Finding,
        rule=_given(rule, _slugs(_RULE_IDS)),
        severity=_given(severity, st.sampled_from(Severity)),
        message=_given(message, _texts(_MESSAGES)),
        source=_given(source, _optional(_texts(_SOURCES))),
    )


# --------------------------------------------------------------------------- #
# Type registration (hypothesis entry point)


def _register_type_strategies() -> None:
    """Register a strategy for every model hipdip can build validly.

    Called by :func:`hipdip.testing._hypothesis._hypothesis_setup_hook` when
    hypothesis is imported. Strategies are registered as functions, so
    nothing is built (and no catalogue is read) until a test asks for one.
    """
    table: dict[type, Callable[[], SearchStrategy[Any]]] = {
        Muscle: muscles,
        MuscleTarget: lambda: _muscle_id_strategy(DEFAULT).flatmap(_target_for),
        Exercise: exercises,
        Bodyweight: lambda: st.builds(Bodyweight),
        Weight: lambda: loads(kind=LoadKind.WEIGHT),
        Band: lambda: loads(kind=LoadKind.BAND),
        Reps: _reps,
        Hold: _holds,
        Prescription: prescriptions,
        Session: _sessions,
        Week: _weeks,
        Program: programs,
        Target: _targets,
        BodyComposition: body_compositions,
        HipStructure: _hip_structures,
        Posture: _postures,
        Profile: profiles,
        SetResult: lambda: prescriptions().flatmap(lambda p: set_results(p, sets=1)).map(_first),
        ExerciseLog: _exercise_logs,
        SessionLog: _session_logs,
        TrainingLog: _training_logs_of_anything,
        Measurement: measurements,
        MeasurementLog: measurement_logs,
        Finding: findings,
        Factor: _factors,
        Assessment: _assessments,
        NutritionPlan: _nutrition_plans,
        Decision: _decisions,
    }
    for cls, make in table.items():
        st.register_type_strategy(cls, _lazy(make))


def _lazy(make: Callable[[], SearchStrategy[T]]) -> Callable[[type[T]], SearchStrategy[T]]:
    def resolve(_cls: type[T]) -> SearchStrategy[T]:
        return make()

    return resolve


# --------------------------------------------------------------------------- #
# Realistic values, tried first so that examples shrink to readable ones.
# These are examples, not bounds: every bound is read from the models' validators.

_MUSCLE_IDS = ("gluteus_medius", "gluteus_minimus", "gluteus_maximus", "tensor_fasciae_latae")
_REGIONS = ("hip", "trunk", "thigh")
_ACTIONS = ("hip abduction", "hip internal rotation", "pelvic stabilisation")
_ATTACHMENTS = ("ilium", "greater trochanter", "iliac crest")
_EXERCISE_IDS = ("cable_kickback", "banded_side_step", "sumo_walk", "donkey_kick")
_PATTERNS = ("hip_abduction", "hip_external_rotation", "hip_extension", "anti_extension")
_POSITIONS = ("side_lying", "quadruped", "standing", "prone", "supine")
_CUES = ("Move slowly and with control.", "Keep the pelvis still.", "Form before load.")
_ALIAS_SUFFIXES = (" (Alt)", " Variation")
_SOURCES = ("hipdip.testing.strategies", "a test data set, entry 1")
_LICENSES = ("MIT", "Unlicense", "CC-BY-SA-4.0")
_RULE_IDS = ("weekly_volume", "session_time", "equipment")
_MESSAGES = ("week 1 day 1 takes 50 min > 45", "gluteus medius gets 8 hard sets a week")
_SOURCES = ("Distefano et al., 2009 (JOSPT)", "Schoenfeld, Ogborn & Krieger, 2017")
_EQUIPMENT = ("band", "ankle_weights", "cable", "dumbbell")
_TYPICAL_WEIGHT_KG = (65.0, 80.0, 55.0, 100.0)
_TYPICAL_HEIGHT_CM = (165.0, 180.0, 155.0)
_TYPICAL_BODY_FAT = (28.0, 18.0, 21.0, 14.0, 35.0)
_TYPICAL_WAIST_CM = (72.0, 85.0, 95.0)
_TYPICAL_HIP_CM = (98.0, 105.0, 90.0)
_TYPICAL_NECK_CM = (33.0, 38.0, 36.0)
_TYPICAL_LOAD_KG = (1.0, 0.5, 2.0, 2.5, 5.0, 10.0, 20.0)
_TYPICAL_REPS = ((10, 20), (12, 20), (8, 12), (15, 25), (6, 10))
_TYPICAL_HOLDS = ((20, 60), (30, 45), (20, 30))
_TYPICAL_TEMPOS = ("2-1-2-0", "3-1-1-0", "2-0-2-0", "3-0-1-1")
_TYPICAL_REST = (60, 90, 45, 120, 30)
_TYPICAL_MVIC = (40.0, 81.0, 52.0, 35.0)
#: Which circumferences a body has: none, all three, or some.
_MEASURED = st.sampled_from(
    (
        frozenset(),
        frozenset({"waist", "hip", "neck"}),
        frozenset({"waist", "neck"}),
        frozenset({"hip"}),
        frozenset({"waist"}),
    )
)


# --------------------------------------------------------------------------- #
# Helpers


def _is_fixed(value: object) -> bool:
    return not isinstance(value, _Default | SearchStrategy)


def _given(value: Given[T], default: SearchStrategy[T]) -> SearchStrategy[T]:
    """The strategy for an override: ``default``, the given strategy, or ``just(value)``."""
    if isinstance(value, _Default):
        return default
    if isinstance(value, SearchStrategy):
        return value
    return st.just(value)


def _optional(strategy: SearchStrategy[T], *, none_last: bool = False) -> SearchStrategy[T | None]:
    """``None`` or a value; shrinks to ``None`` (or to a value with ``none_last``)."""
    if none_last:
        return st.one_of(strategy, st.none())
    return st.one_of(st.none(), strategy)


def _sampled(values: tuple[str, ...], *, first: str | None = None) -> SearchStrategy[str]:
    ordered = tuple(sorted(values, key=lambda v: v != first)) if first is not None else values
    if not ordered:
        return st.nothing()
    return st.sampled_from(ordered)


def _slugs(typical: Iterable[str]) -> SearchStrategy[str]:
    """Readable ids first, then any lower_snake_case id the models accept."""
    values = tuple(typical)
    anything = st.from_regex(SLUG_PATTERN, fullmatch=True)
    return st.one_of(st.sampled_from(values), anything) if values else anything


def _texts(typical: Iterable[str]) -> SearchStrategy[str]:
    """Realistic text first, then any non-blank string the models accept."""
    anything = st.text(min_size=1, max_size=min(40, MAX_TEXT)).filter(str.strip)
    return st.one_of(st.sampled_from(tuple(typical)), anything)


def _tuples(items: SearchStrategy[T], *, max_size: int) -> SearchStrategy[tuple[T, ...]]:
    return st.lists(items, max_size=max_size).map(tuple)


def _title(slug: str) -> str:
    return slug.replace("_", " ").strip().capitalize() or slug


@functools.lru_cache(maxsize=1024)
def _floats(
    bounds: tuple[float, float], *, typical: tuple[float, ...] = (), lo_open: bool = False
) -> SearchStrategy[float]:
    """Floats in ``bounds``: typical values, then tenths, then any float in range (cached)."""
    lo, hi = bounds

    def inside(x: float) -> bool:
        return (x > lo if lo_open else x >= lo) and x <= hi

    parts: list[SearchStrategy[float]] = []
    nice = tuple(float(v) for v in typical if inside(v))
    if nice:
        parts.append(st.sampled_from(nice))
    first, last = math.ceil(lo * 10), math.floor(hi * 10)
    if first <= last:
        parts.append(st.integers(first, last).map(lambda n: n / 10).filter(inside))
    parts.append(st.floats(lo, hi, exclude_min=lo_open, allow_nan=False, allow_infinity=False))
    return st.one_of(*parts)


def _limits(cls: type, name: str) -> Any:
    """The validator declared on field ``name`` of ``cls``: it holds the field's bounds."""
    return attrs.fields_dict(cls)[name].validator


def _range(cls: type, name: str) -> tuple[float, float]:
    """The ``(minimum, maximum)`` of field ``name`` of ``cls``, from its validator."""
    check = _limits(cls, name)
    return check.minimum, check.maximum


def _floats_for(cls: type, name: str, *, typical: tuple[float, ...] = ()) -> SearchStrategy[float]:
    """Floats the validator of ``cls.name`` accepts (see :func:`_floats`)."""
    exclusive = _limits(cls, name).exclusive_minimum
    return _floats(_range(cls, name), typical=typical, lo_open=exclusive)


def _ints_for(cls: type, name: str, *, typical: Iterable[int] = ()) -> SearchStrategy[int]:
    """Integers the validator of ``cls.name`` accepts, ``typical`` ones first."""
    low, high = _range(cls, name)
    return _ints((int(low), int(high)), typical=typical)


def _ints(bounds: tuple[int, int], *, typical: Iterable[int] = ()) -> SearchStrategy[int]:
    lo, hi = bounds
    nice = tuple(v for v in typical if lo <= v <= hi)
    everything = st.integers(lo, hi)
    return st.one_of(st.sampled_from(nice), everything) if nice else everything


def _weights_kg() -> SearchStrategy[float]:
    """Weights in (0, MAX_LOAD_KG]: common steps first, then quarters, then any float."""
    quarters = st.integers(1, int(_limits(Weight, "kg").maximum * 4)).map(lambda n: n / 4)
    return st.one_of(st.sampled_from(_TYPICAL_LOAD_KG), quarters, _floats_for(Weight, "kg"))


def _increments() -> SearchStrategy[float]:
    return _floats_for(Exercise, "increment_kg", typical=(0.5, 1.0, 2.5))


def _sets() -> SearchStrategy[int]:
    return _ints_for(Prescription, "sets", typical=(3, 2, 4))


def _reps() -> SearchStrategy[Reps]:
    top = _limits(Reps, "high").maximum
    general = _ints_for(Reps, "low").flatmap(
        lambda low: st.builds(Reps, st.just(low), st.integers(low, top))
    )
    return st.one_of(st.sampled_from([Reps(lo, hi) for lo, hi in _TYPICAL_REPS]), general)


def _holds() -> SearchStrategy[Hold]:
    top = _limits(Hold, "high_seconds").maximum
    general = _ints_for(Hold, "low_seconds").flatmap(
        lambda low: st.builds(Hold, st.just(low), st.integers(low, top))
    )
    return st.one_of(st.sampled_from([Hold(lo, hi) for lo, hi in _TYPICAL_HOLDS]), general)


def _doses() -> SearchStrategy[Reps | Hold]:
    return st.one_of(_reps(), _holds())


def _rest_seconds() -> SearchStrategy[int]:
    return _ints_for(Prescription, "rest_seconds", typical=_TYPICAL_REST)


def _tempos() -> SearchStrategy[str]:
    phase = st.integers(0, MAX_TEMPO_PHASE)
    general = st.tuples(phase, phase, phase, phase).map(lambda t: "-".join(map(str, t)))
    return st.one_of(st.sampled_from(_TYPICAL_TEMPOS), general)


def _hip_structures() -> SearchStrategy[HipStructure]:
    return st.builds(
        HipStructure,
        dip_depth=st.sampled_from(DipDepth),
        hip_width_cm=_optional(_floats_for(HipStructure, "hip_width_cm", typical=(36.0, 40.0))),
    )


def _postures() -> SearchStrategy[Posture]:
    return st.builds(
        Posture,
        pelvic_tilt_deg=_optional(
            _floats_for(Posture, "pelvic_tilt_deg", typical=(13.0, 8.0, 18.0, 22.0))
        ),
    )


@functools.cache
def _target_for(muscle: str) -> SearchStrategy[MuscleTarget]:
    """A target on ``muscle``; an activation value always comes with its source."""
    measured = st.builds(
        MuscleTarget,
        muscle=st.just(muscle),
        role=st.sampled_from(Role),
        activation_mvic=_floats_for(MuscleTarget, "activation_mvic", typical=_TYPICAL_MVIC),
        source=_texts(_SOURCES),
    )
    unmeasured = st.builds(MuscleTarget, muscle=st.just(muscle), role=st.sampled_from(Role))
    return st.one_of(unmeasured, measured)


def _targets_for(muscle_ids: tuple[str, ...]) -> SearchStrategy[tuple[MuscleTarget, ...]]:
    return st.tuples(*(_target_for(muscle) for muscle in muscle_ids))


def _muscle_id_strategy(
    muscles: str | Iterable[str] | SearchStrategy[str] | _Default,
) -> SearchStrategy[str]:
    if isinstance(muscles, _Default):
        return st.deferred(lambda: _sampled(_builtin_catalog_ids("muscles")))
    if isinstance(muscles, SearchStrategy):
        return muscles
    if isinstance(muscles, str):
        return st.just(muscles)
    return st.sampled_from(tuple(muscles))


@functools.cache
def _equipment_for(kind: LoadKind) -> SearchStrategy[frozenset[str]]:
    """Equipment an exercise of load ``kind`` plausibly needs."""
    extras = st.frozensets(st.sampled_from(("bench", "step")), max_size=1)
    if kind is LoadKind.BAND:
        return extras.map(lambda e: e | {"band"})
    if kind is LoadKind.WEIGHT:
        weighted = st.sampled_from(("ankle_weights", "cable", "dumbbell"))
        return st.tuples(weighted, extras).map(lambda t: t[1] | {t[0]})
    return st.one_of(st.just(frozenset()), extras)


def _equipment_sets() -> SearchStrategy[frozenset[str]]:
    """What a person owns: ids of the built-in catalogue's equipment vocabulary.

    An id no catalogue knows is refused by the engines
    (:mod:`hipdip.inputs`), so a valid profile never has one.
    """
    from hipdip.inputs import equipment_vocabulary

    known = tuple(sorted(set(_EQUIPMENT) | equipment_vocabulary(_builtin_catalog())))
    return st.frozensets(
        st.sampled_from(known), max_size=min(len(known), _limits(Profile, "equipment").max_items)
    )


def _loads_for(exercise_id: str) -> SearchStrategy[Load]:
    """The built-in exercise's kind of load (band at its placement), else any load."""
    exercise = _builtin_catalog().exercises.get(exercise_id)
    # One strategy for every other id (drawn slugs are mostly new: one each cost a build).
    return _any_load() if exercise is None else _builtin_loads(exercise)


@functools.cache
def _any_load() -> SearchStrategy[Load]:
    return loads()


@functools.cache
def _builtin_loads(exercise: Exercise) -> SearchStrategy[Load]:
    if exercise.load_kind is LoadKind.BAND:
        return loads(placement=exercise.band_placement or BandPlacement.THIGHS)
    return loads(kind=exercise.load_kind)


def _dose_window(prescription: Prescription) -> tuple[int, int, int]:
    """Bottom and top of the dose, and the largest value a log may hold above it."""
    dose = prescription.dose
    if isinstance(dose, Hold):
        return dose.low_seconds, dose.high_seconds, _limits(SetResult, "hold_seconds").maximum
    return dose.low, dose.high, _limits(SetResult, "reps").maximum


def _outcome_values(
    draw: DrawFn, how: Outcome, count: int, low: int, high: int, ceiling: int
) -> list[int]:
    over_top = min(high + max(high - low, 5), ceiling)
    if how == "top":
        return [high] * count
    if how == "failure":
        values = [draw(st.integers(0, high)) for _ in range(count)]
        values[draw(st.integers(0, count - 1))] = 0
        return values
    ranges = {
        "in_range": (low, high),
        "over": (high + 1, over_top),
        "stall": (1, low - 1) if low > 1 else (0, 0),
        "mixed": (0, over_top),
    }
    lo, hi = ranges[how]
    return [draw(st.integers(lo, hi)) for _ in range(count)]


def _first(results: tuple[SetResult, ...]) -> SetResult:
    return results[0]


def _sessions() -> SearchStrategy[Session]:
    return st.builds(
        Session,
        week=_ints_for(Session, "week"),
        day=_ints_for(Session, "day"),
        items=_tuples(prescriptions(), max_size=3),
    )


def _weeks() -> SearchStrategy[Week]:
    return st.builds(
        Week,
        index=_ints_for(Week, "index"),
        sessions=_tuples(_sessions(), max_size=3),
        deload=st.booleans(),
    )


def _targets() -> SearchStrategy[Target]:
    return st.builds(
        Target,
        reps=_reps(),
        rir=_ints_for(Target, "rir"),
        volume_factor=_floats_for(Target, "volume_factor", typical=(1.0, 0.5)),
        deload=st.booleans(),
    )


def _exercise_logs() -> SearchStrategy[ExerciseLog]:
    return prescriptions().flatmap(
        lambda p: st.builds(ExerciseLog, exercise=st.just(p.exercise), sets=set_results(p))
    )


def _session_logs() -> SearchStrategy[SessionLog]:
    placed = st.builds(
        SessionLog,
        week=_ints_for(SessionLog, "week"),
        day=_ints_for(SessionLog, "day"),
        exercises=_tuples(_exercise_logs(), max_size=3),
        date=_optional(_dates()),
    )
    imported = st.builds(SessionLog, exercises=_tuples(_exercise_logs(), max_size=3), date=_dates())
    return st.one_of(placed, imported)


def _training_logs_of_anything() -> SearchStrategy[TrainingLog]:
    return _tuples(_session_logs(), max_size=3).map(_in_date_order).map(TrainingLog)


def _in_date_order(sessions: tuple[SessionLog, ...]) -> tuple[SessionLog, ...]:
    """``sessions`` with their dates (those that have one) sorted, so the log is in order."""
    dates = iter(sorted(s.date for s in sessions if s.date is not None))
    return tuple(s if s.date is None else attrs.evolve(s, date=next(dates)) for s in sessions)


#: Dates drawn for logs and measurements: recent years first.
_DATE_RANGE = (datetime.date(2015, 1, 1), datetime.date(2035, 12, 31))


def _dates() -> SearchStrategy[datetime.date]:
    return st.dates(*_DATE_RANGE)


def _gaps() -> SearchStrategy[int]:
    """Days between two logged sessions: mostly 1–4, sometimes a break of 14–30."""
    return st.one_of(st.integers(1, 4), st.integers(14, 30))


def measurements(
    *,
    date: Given[datetime.date] = DEFAULT,
    weight_kg: Given[float] = DEFAULT,
    body_fat_pct: Given[float | None] = DEFAULT,
) -> SearchStrategy[Measurement]:
    """Valid :class:`~hipdip.Measurement` objects: a plausible body's numbers on a date.

    The numbers come from :func:`body_compositions` (so girths are
    consistent and body fat plausible); the height is kept or left out.

    >>> from hypothesis import find
    >>> m = find(measurements(weight_kg=70.0), lambda m: True)
    >>> m.weight_kg
    70.0
    """
    bodies = body_compositions(weight_kg=weight_kg, body_fat_pct=body_fat_pct)
    dates = _given(date, _dates())

    @st.composite
    def build(draw: DrawFn) -> Measurement:
        body = draw(bodies)
        return Measurement(
            date=draw(dates),
            weight_kg=body.weight_kg,
            body_fat_pct=body.body_fat_pct,
            waist_cm=body.waist_cm,
            hip_cm=body.hip_cm,
            neck_cm=body.neck_cm,
            height_cm=body.height_cm if draw(st.booleans()) else None,
        )

    return build()


def measurement_logs(*, max_size: int = 5) -> SearchStrategy[MeasurementLog]:
    """Valid :class:`~hipdip.MeasurementLog` objects (measurements in date order).

    >>> from hypothesis import find
    >>> log = find(measurement_logs(), lambda log: len(log.measurements) > 1)
    >>> log.measurements[0].date <= log.measurements[1].date
    True
    """
    return st.lists(measurements(), max_size=max_size).map(
        lambda items: MeasurementLog(tuple(sorted(items, key=lambda m: m.date)))
    )


def _factors() -> SearchStrategy[Factor]:
    return st.builds(
        Factor,
        name=_slugs(("bone_structure", "muscle", "body_fat", "posture")),
        modifiable=st.booleans(),
        status=_texts(("fixed", "below target")),
        advice=_texts(("Train gluteus medius and minimus.",)),
        source=_optional(_texts(_SOURCES)),
    )


def _assessments() -> SearchStrategy[Assessment]:
    return st.builds(
        Assessment,
        factors=_tuples(_factors(), max_size=min(4, _limits(Assessment, "factors").max_items)),
    )


def _nutrition_plans() -> SearchStrategy[NutritionPlan]:
    kcal = _floats((800.0, 6000.0), typical=(1370.25, 2000.0))
    grams = _floats((0.0, 600.0), typical=(104.0, 60.0))
    return st.builds(
        NutritionPlan,
        bmr_kcal=kcal,
        tdee_kcal=kcal,
        target_kcal=kcal,
        protein_g=grams,
        fat_g=grams,
        carbs_g=grams,
        weekly_change_kg=_floats((-2.0, 1.0), typical=(0.0, -0.325)),
        findings=_tuples(findings(), max_size=2),
        applied_rules=_tuples(_slugs(_RULE_IDS), max_size=3),
    )


def _decisions() -> SearchStrategy[Decision]:
    return prescriptions().flatmap(
        lambda before: st.builds(
            Decision,
            action=st.sampled_from(Action),
            before=st.just(before),
            after=prescriptions(exercise=before.exercise),
            rule=_slugs(("double_progression",)),
            reason=_texts(("top of the rep range reached on every set",)),
            findings=_tuples(findings(), max_size=1),
        )
    )


# --------------------------------------------------------------------------- #
# The built-in catalogue, read once on first use (never at import).


@functools.cache
def _builtin_catalog() -> Catalog:
    from hipdip.plugins import make_plugin_manager

    return hipdip.catalog(make_plugin_manager(entry_points=False))


def _builtin_catalog_ids(kind: str) -> tuple[str, ...]:
    return _builtin_catalog().ids(kind)


def _ladder_ids() -> tuple[str, ...]:
    """Built-in exercise ids (valid ladder links for a drawn exercise)."""
    return _builtin_catalog_ids("exercises")


def _scheme_ids(pm: pluggy.PluginManager | None) -> tuple[str, ...]:
    return hipdip.catalog(pm).ids("schemes")


# Importing this module registers the strategies too: when it is the module
# that first imports hypothesis, hypothesis's entry-point hook finds it
# half-loaded and leaves the registration to this line. Registering twice is
# harmless.
_register_type_strategies()
