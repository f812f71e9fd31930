"""Names other apps use: ``Exercise.aliases``, ``hipdip.names`` and ``Catalog.find`` (issue 17).

The app names below were written down from the apps' own exercise lists
(Hevy and Strong as their CSV exports spell them, wger's English names,
free-exercise-db's ``name`` field), not read back from the catalogue; the
near misses are names of other movements, or of the same movement with
other equipment, that must find nothing.
"""

from __future__ import annotations

import re

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hipdip
from hipdip import Exercise, MuscleTarget, Role, ValidationError
from hipdip.builtin.exercises import EXERCISES
from hipdip.names import NameIndex, name_key
from hipdip.plugins import make_plugin_manager
from hipdip.registry import Catalog

PM = make_plugin_manager(entry_points=False)
CAT = hipdip.catalog(PM)

#: Every built-in exercise → names other apps and data sets use for it, and the
#: plain names of the issue's list. Sources: H Hevy, S Strong, W wger,
#: F free-exercise-db (its real data), I issue 17's list.
APP_NAMES: dict[str, tuple[str, ...]] = {
    "clamshell": ("Clamshell", "Side Lying Clam", "Clam Shells"),  # H W; Liftosaur's mapping
    "banded_clamshell": ("Banded Clamshell", "Clamshell (Band)"),  # W
    "side_lying_hip_abduction": ("Side Lying Hip Abduction", "Side Lying Leg Raise"),  # W
    "banded_side_lying_hip_abduction": ("Band Side Lying Leg Raise",),
    "ankle_weight_side_lying_hip_abduction": ("Side Lying Hip Abduction (Ankle Weight)",),
    "standing_cable_hip_abduction": ("Cable Hip Abduction", "Hip Abduction (Cable)"),
    "standing_banded_hip_abduction": ("standing banded hip abduction",),  # I
    "dumbbell_side_lying_hip_abduction": ("side-lying abduction with a dumbbell",),  # I
    "cable_side_lying_hip_abduction": ("side-lying abduction with a cable",),  # I
    "seated_hip_abduction_machine": (
        "seated hip abduction machine",  # I
        "Hip Abduction (Machine)",  # H
        "Hip Abductor (Machine)",  # S
        "Machine Hip Abduction",  # W
        "Seated Hip Abduction",  # W
        "Thigh Abductor",  # F
        "Hip Abductor",  # Liftosaur's mapping
    ),
    "fire_hydrant": ("Fire Hydrants", "Quadruped Hip Abduction"),  # H W
    "banded_fire_hydrant": ("Banded Fire Hydrant", "Fire Hydrant (Band)"),
    "lateral_band_walk_knees": ("Lateral Band Walks", "Lateral Walk"),  # H W
    "lateral_band_walk_ankles": ("Lateral Band Walk (Ankles)",),
    "lateral_band_walk_feet": ("Lateral Band Walk (Feet)",),
    "hip_hike": ("hip hike", "pelvic drop"),  # I
    "plank": ("Plank", "Front Plank"),  # H S W F
    "side_plank": ("Side Plank", "Side Bridge"),  # H W; F
    "side_plank_hip_abduction": ("Side Plank with Leg Lift",),
    "copenhagen_side_plank": ("Copenhagen side plank", "Copenhagen Adduction Exercise"),  # I W
    "bird_dog": ("Bird Dog",),  # H W
    "glute_bridge": ("Glute Bridge", "Hip Bridge", "Butt Lift (Bridge)"),  # H W; F
    "banded_glute_bridge": ("banded glute bridge", "Glute Bridge (Band)"),  # I
    "frog_pump": ("frog pump", "Frog Pumps"),  # I
    "dumbbell_frog_pump": ("Frog Pumps (Dumbbell)",),  # H
    "single_leg_glute_bridge": ("Single Leg Glute Bridge",),  # H W F
    "hip_thrust": ("Dumbbell Hip Thrust", "Hip Thrust (Dumbbell)"),  # W
    "barbell_hip_thrust": ("Hip Thrust (Barbell)", "Barbell Hip Thrust"),  # H S; W F
    "forward_step_up": ("Step Up", "Step-ups"),  # H; W
    "dumbbell_step_up": ("Dumbbell Step Up", "Step-up (Dumbbell)", "Dumbbell Step Ups"),  # H S F
    "lateral_step_up": ("Lateral Step-Up",),
    "single_leg_squat": ("Pistol Squat", "Single Leg Squat"),  # H W
    "forward_lunge": ("Lunge", "Lunges"),  # H; W
    "bulgarian_split_squat": ("Bulgarian Split Squat",),  # H S
    "lateral_lunge": ("lateral lunge", "Lateral Lunge", "Side Lunge"),  # I H
    "curtsy_lunge": ("curtsy lunge",),  # I
    "bodyweight_single_leg_deadlift": (
        "single-leg Romanian deadlift at bodyweight",  # I
        "Single Leg RDL",  # W
        "Romanian deadlift, single leg",  # W
    ),
    "single_leg_deadlift": (
        "Single Leg Romanian Deadlift (Dumbbell)",  # H
        "Single-Leg Deadlift with Dumbbell",  # W
    ),
    "kettlebell_single_leg_deadlift": (
        "Kettlebell One-Legged Deadlift",  # F
        "Kettlebell One Legged Deadlift",  # W
    ),
}

#: Names of other movements, or of the same movement with other equipment: none finds anything.
NEAR_MISSES = (
    "Hip Adduction (Machine)",  # H: the opposite movement
    "Hip Adductor (Machine)",  # S
    "Cable Hip Adduction",  # F
    "Band Hip Adductions",  # F
    "Thigh Adductor",  # F
    "Side Lying Hip Adduction",
    "Hip Abduction",  # which one? machine, side-lying, standing: ambiguous
    "Lateral Raise (Band)",  # H: shoulders
    "Side Lateral Raise",  # F: shoulders
    "Reverse Lunge",  # H: a lunge stepping back
    "Walking Lunge",  # H
    "Lunge (Dumbbell)",  # H: loaded, no built-in
    "Barbell Lunge",  # F
    "Bodyweight Walking Lunge",  # F
    "Split Squat (Dumbbell)",  # H: rear foot on the floor, not on a bench
    "Split Squat with Dumbbells",  # F
    "Barbell Glute Bridge",  # F: the bridge with a barbell, no bench
    "Single Leg Hip Thrust",  # H
    "Hip Thrust (Machine)",  # H
    "Hip Thrust (Smith Machine)",  # H
    "Glute Kickback (Machine)",  # H
    "Glute Kickback",  # F
    "Donkey Kick",
    "Monster Walk",  # F: forward and back, not sideways
    "Lateral Box Jump",  # H
    "Lateral Squat",  # H
    "Assisted Pistol Squats",  # H
    "Kettlebell Pistol Squat",  # F
    "Squat (Bodyweight)",  # H
    "Sumo Squat",  # H
    "Romanian Deadlift (Dumbbell)",  # H: two legs
    "Romanian Deadlift",  # F W
    "Stiff-Legged Dumbbell Deadlift",  # F
    "Single Leg Romanian Deadlift (Barbell)",  # H
    "Reverse Plank",  # H W
    "High Plank",  # W: on the hands
    "Plank Jacks",  # W
    "Push Up to Side Plank",  # F
    "Side Bend (Dumbbell)",  # H
    "Barbell Step Ups",  # F
    "Step-up with Knee Raise",  # F
    "Box Jump",  # H
    "Fire Hydrant Kick",
    "Clamshell Stretch",
    "Side Leg Raises",  # F: a stretch of the adductors
    "Single Leg Glute Bridge (Duration)",  # H: a hold
    "Frog Jumps",  # H
    "Dead Bug",  # H
    "Bird Dog Crunch",
    "Copenhagen Abduction",
    "Hip Hinge",
)


def _found(name: str) -> str | None:
    exercise = CAT.find(name)
    return None if exercise is None else exercise.id


# --------------------------------------------------------------------------- #
# The key


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Hip Abduction (Machine)", "hip abduction machine"),
        ("Hip Abduction (Machine)", "Machine Hip Abduction"),
        ("Hip Abduction (Machine)", "HIP-ABDUCTION [machine]"),
        ("Step-up", "Step Up"),
        ("Step-up", "stepup"),
        ("Step-ups", "Step Up"),
        ("Lateral Band Walks", "lateral band walk"),
        ("Clam Shells", "Clamshell"),
        ("Banded Clamshell", "Clamshell (Band)"),
        ("Single Leg RDL (Dumbbell)", "one-legged Romanian deadlift with dumbbells"),
        ("Dumbbell Single Leg Deadlift", "Single-Leg Deadlift with Dumbbell"),
        ("Triceps Pushdown (Cable - Straight Bar)", "triceps pushdown (cable, straight bar)"),
        ("Squat (Smith Machine)", "Smith Machine Squat"),
        ("Lunge (Bodyweight)", "Body Weight Lunge"),
    ],
)
def test_spellings_of_one_name_share_a_key(one: str, other: str) -> None:
    assert name_key(one) == name_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Hip Abduction (Machine)", "Hip Adduction (Machine)"),
        ("Hip Abductor", "Hip Adductor"),
        ("Lunge", "Reverse Lunge"),
        ("Glute Bridge", "Barbell Glute Bridge"),
        ("Press", "Pres"),  # a double s is not a plural
        ("Pelvis Tilt", "Pelvi Tilt"),
        ("Lateral Band Walk", "Band Lateral Walk"),  # a word moved inside the name
        ("Single Leg Squat", "Leg Squat"),
    ],
)
def test_other_names_have_other_keys(one: str, other: str) -> None:
    assert name_key(one) != name_key(other)


def test_key_worked_examples() -> None:
    assert name_key("Hip Abduction (Machine)") == "hipabduction|machine"
    assert name_key("Side-lying hip abduction with ankle weight") == (
        "sidelyinghipabduction|ankle weight"
    )
    assert name_key("Band") == "band|"  # an equipment word alone stays the name
    assert name_key("Banded Lateral Walk (Ankles)") == "lateralwalk|ankle+band"


# --------------------------------------------------------------------------- #
# Every built-in by the names other apps use


def test_every_built_in_has_app_names_listed() -> None:
    assert set(APP_NAMES) == {e.id for e in EXERCISES}


@pytest.mark.parametrize(
    ("name", "exercise_id"),
    [(name, id_) for id_, names in APP_NAMES.items() for name in names],
)
def test_app_names_find_the_built_in(name: str, exercise_id: str) -> None:
    assert _found(name) == exercise_id


@pytest.mark.parametrize("name", NEAR_MISSES)
def test_near_misses_find_nothing(name: str) -> None:
    assert _found(name) is None, name


def test_near_misses_are_near() -> None:
    # The list really is near: almost every one shares a word with a built-in name or alias.
    words = {w for e in EXERCISES for n in (e.name, *e.aliases) for w in re.findall(r"\w+", n)}
    near = [name for name in NEAR_MISSES if set(re.findall(r"\w+", name)) & words]
    assert len(near) >= len(NEAR_MISSES) - 2


def test_every_built_in_has_aliases() -> None:
    for exercise in EXERCISES:
        assert exercise.aliases, exercise.id


def test_no_alias_repeats_a_name_or_takes_another_exercises_name() -> None:
    owner: dict[str, str] = {}
    for exercise in EXERCISES:
        for name in (exercise.name, *exercise.aliases):
            key = name_key(name)
            assert owner.setdefault(key, exercise.id) == exercise.id, (name, owner[key])
        keys = [name_key(n) for n in (exercise.name, *exercise.aliases)]
        assert len(keys) == len(set(keys)), f"{exercise.id}: an alias adds nothing: {keys}"


# --------------------------------------------------------------------------- #
# Properties: spelled any way, a name finds its exercise; a near miss finds nothing

_PUNCTUATION = st.sampled_from([" ", "  ", "-", "_", " - ", ". ", ", "])


@st.composite
def respelled(draw: st.DrawFn, name: str) -> str:
    """``name`` in random case, with random separators between its words."""
    words = re.findall(r"\(|\)|[^\W_]+", name)
    out = ""
    for index, word in enumerate(words):
        if index and word != ")" and words[index - 1] != "(":
            out += draw(_PUNCTUATION)
        out += "".join(c.upper() if draw(st.booleans()) else c.lower() for c in word)
    return draw(st.sampled_from(["", " ", "\t"])) + out + draw(st.sampled_from(["", " ", "."]))


ALL_NAMES = [(e.id, n) for e in EXERCISES for n in (e.name, *e.aliases)]


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_an_id_written_exactly_finds_its_exercise(exercise: Exercise) -> None:
    assert CAT.find(exercise.id) is CAT.exercises[exercise.id]


@settings(max_examples=300, deadline=None)
@given(data=st.data(), pick=st.sampled_from(ALL_NAMES))
def test_every_name_and_alias_finds_its_exercise_however_spelled(
    data: st.DataObject, pick: tuple[str, str]
) -> None:
    exercise_id, name = pick
    assert _found(name) == exercise_id
    assert _found(data.draw(respelled(name))) == exercise_id


@settings(max_examples=200, deadline=None)
@given(data=st.data(), name=st.sampled_from(NEAR_MISSES))
def test_a_near_miss_finds_nothing_however_spelled(data: st.DataObject, name: str) -> None:
    assert _found(data.draw(respelled(name))) is None


@settings(max_examples=100, deadline=None)
@given(pick=st.sampled_from([(e, n) for e in EXERCISES for n in (e.name, *e.aliases)]))
def test_equipment_in_brackets_may_stand_first(pick: tuple[Exercise, str]) -> None:
    exercise, name = pick
    match = re.fullmatch(r"(.+?)\s*\((.+)\)", name)
    if match is None:
        return
    moved = f"{match.group(2)} {match.group(1)}"
    if name_key(moved) == name_key(name):  # the bracket held equipment words
        assert CAT.find(moved) is exercise


# --------------------------------------------------------------------------- #
# Who wins a shared name; bad input


def _exercise(id_: str, name: str, aliases: tuple[str, ...] = ()) -> Exercise:
    return Exercise(
        id=id_,
        name=name,
        targets=(MuscleTarget("gluteus_medius", Role.PRIMARY),),
        pattern="hip_abduction",
        position="standing",
        aliases=aliases,
    )


def test_a_name_beats_an_alias_and_the_first_registered_wins() -> None:
    first = _exercise("first", "Monster Walk", aliases=("Band Walk Forward",))
    second = _exercise("second", "Band Walk Forward", aliases=("Monster Walk",))
    third = _exercise("third", "monster walk")
    fourth = _exercise("monster_walk_forward", "Walk forward", aliases=("Banded Walk",))
    fifth = _exercise("banded_walk", "Walk")
    index = NameIndex([first, second, third, fourth, fifth])
    assert index.find("Monster Walk") is first  # a name; first registered
    assert index.find("band walk forward") is second  # a name beats first's alias
    assert index.find("third") is third  # ids always find
    assert index.find("banded walk") is fourth  # an alias beats an id respelled
    assert index.find("banded_walk") is fifth  # ... but not the id itself
    assert index.find("Monster Walk Forward") is fourth  # a free id key finds
    assert len(index) == 5


def test_a_plugin_name_beats_a_built_in_alias(hipdip_pm: object, hipdip_register: object) -> None:
    lookalike = _exercise("plugin_side_lying_clam", "Side Lying Clam")
    hipdip_register(_plugin(lookalike))  # type: ignore[operator]
    cat = hipdip.catalog(hipdip_pm)  # type: ignore[arg-type]
    assert cat.find("Side Lying Clam") is lookalike
    assert cat.find("Clamshell").id == "clamshell"  # type: ignore[union-attr]


def _plugin(exercise: Exercise) -> object:
    class Plugin:
        @hipdip.hookimpl
        def hipdip_register_exercises(self, register: object) -> None:
            register(exercise)  # type: ignore[operator]

    return Plugin()


def test_find_is_cached_per_catalogue() -> None:
    from hipdip.names import name_index

    assert name_index(CAT) is name_index(CAT)
    assert isinstance(CAT, Catalog)


@pytest.mark.parametrize("bad", [None, 3, b"Plank", ["Plank"]])
def test_find_refuses_what_is_not_a_name(bad: object) -> None:
    with pytest.raises(ValidationError, match=r"^name: must be a string"):
        CAT.find(bad)  # type: ignore[arg-type]


def test_an_empty_or_unknown_name_finds_nothing() -> None:
    assert CAT.find("") is None
    assert CAT.find("   ") is None
    assert CAT.find("Underwater basket weaving") is None


def test_aliases_repeating_the_name_are_refused() -> None:
    with pytest.raises(ValidationError, match=r"^aliases\[1\]: 'monster walk'"):
        _exercise("walk", "Monster Walk", aliases=("Band Monster Walk", "monster walk"))
    with pytest.raises(ValidationError, match=r"^aliases\[0\]"):
        _exercise("walk", "Monster Walk", aliases=("",))
    with pytest.raises(ValidationError, match=r"^aliases: must hold between 0 and 40"):
        _exercise("walk", "Monster Walk", aliases=tuple(f"Walk {i}" for i in range(41)))
    assert attrs.evolve(_exercise("walk", "Walk"), license="Unlicense").license == "Unlicense"
