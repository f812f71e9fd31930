"""The built-in catalogue: muscles, exercises, ladders, activation values and equipment.

Expected values are written here from SCIENCE.md, DESIGN.md and the article,
not read back from the code, so a changed number or a broken link fails.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import hipdip
from hipdip import BandPlacement, Exercise, LoadKind, Role
from hipdip.builtin.exercises import EQUIPMENT, LADDERS
from hipdip.io import from_dict, to_dict
from hipdip.ladders import is_monotone_step, ladders
from hipdip.loads import increment_kg
from hipdip.plugins import make_plugin_manager
from hipdip.registry import Catalog

DOCS_PAGE = Path(__file__).resolve().parent.parent / "docs" / "catalogue.md"


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return hipdip.catalog(make_plugin_manager(entry_points=False))


def _ex(cat: Catalog, id_: str) -> Exercise:
    return cat.exercises[id_]


# --------------------------------------------------------------------------- #
# Muscles

NAMED_MUSCLES = (
    "gluteus_medius",
    "gluteus_minimus",
    "gluteus_maximus",
    "tensor_fasciae_latae",
    "iliopsoas",
    "rectus_abdominis",
    "transversus_abdominis",
    "obliques",
    "erector_spinae",
    "quadriceps",
    "hamstrings",
    "adductors",
)


@pytest.mark.parametrize("muscle", NAMED_MUSCLES)
def test_named_muscle_is_present_and_complete(cat: Catalog, muscle: str) -> None:
    m = cat.muscles[muscle]
    assert m.region in {"hip", "trunk", "thigh"}
    assert m.actions
    assert m.origin
    assert m.insertion
    assert cat.provider("muscles", muscle) == "hipdip.builtin.muscles"


@pytest.mark.parametrize("muscle", ["gluteus_medius", "gluteus_minimus"])
def test_small_glutes_run_from_ilium_to_greater_trochanter(cat: Catalog, muscle: str) -> None:
    m = cat.muscles[muscle]
    assert m.region == "hip"
    assert m.origin is not None
    assert m.insertion is not None
    assert "ilium" in m.origin
    assert "greater trochanter" in m.insertion
    assert "hip abduction" in m.actions


def test_muscle_regions(cat: Catalog) -> None:
    expected = {
        "gluteus_medius": "hip",
        "gluteus_maximus": "hip",
        "iliopsoas": "hip",
        "tensor_fasciae_latae": "hip",
        "rectus_abdominis": "trunk",
        "erector_spinae": "trunk",
        "quadriceps": "thigh",
        "adductors": "thigh",
    }
    assert {k: cat.muscles[k].region for k in expected} == expected


def test_iliopsoas_inserts_on_lesser_not_greater_trochanter(cat: Catalog) -> None:
    insertion = cat.muscles["iliopsoas"].insertion
    assert insertion is not None
    assert "lesser trochanter" in insertion


# --------------------------------------------------------------------------- #
# Exercises the article and the issue name

ARTICLE_EXERCISES = {
    # id: (load kind, required equipment)
    "side_lying_hip_abduction": (LoadKind.BODYWEIGHT, frozenset()),
    "banded_side_lying_hip_abduction": (LoadKind.BAND, frozenset({"band"})),
    "ankle_weight_side_lying_hip_abduction": (LoadKind.WEIGHT, frozenset({"ankle_weights"})),
    "clamshell": (LoadKind.BODYWEIGHT, frozenset()),
    "banded_clamshell": (LoadKind.BAND, frozenset({"band"})),
    "fire_hydrant": (LoadKind.BODYWEIGHT, frozenset()),
    "banded_fire_hydrant": (LoadKind.BAND, frozenset({"band"})),
    "standing_cable_hip_abduction": (LoadKind.WEIGHT, frozenset({"cable"})),
    "lateral_band_walk_knees": (LoadKind.BAND, frozenset({"band"})),
    "lateral_band_walk_ankles": (LoadKind.BAND, frozenset({"band"})),
    "lateral_band_walk_feet": (LoadKind.BAND, frozenset({"band"})),
    "plank": (LoadKind.BODYWEIGHT, frozenset()),
    "side_plank": (LoadKind.BODYWEIGHT, frozenset()),
    "side_plank_hip_abduction": (LoadKind.BODYWEIGHT, frozenset()),
    "bird_dog": (LoadKind.BODYWEIGHT, frozenset()),
    "glute_bridge": (LoadKind.BODYWEIGHT, frozenset()),
    "single_leg_glute_bridge": (LoadKind.BODYWEIGHT, frozenset()),
    "hip_thrust": (LoadKind.WEIGHT, frozenset({"bench", "dumbbell"})),
    "lateral_step_up": (LoadKind.BODYWEIGHT, frozenset({"step"})),
    "forward_step_up": (LoadKind.BODYWEIGHT, frozenset({"step"})),
    "forward_lunge": (LoadKind.BODYWEIGHT, frozenset()),
    "bulgarian_split_squat": (LoadKind.BODYWEIGHT, frozenset({"bench"})),
    "single_leg_deadlift": (LoadKind.WEIGHT, frozenset({"dumbbell"})),
    "single_leg_squat": (LoadKind.BODYWEIGHT, frozenset()),
}


@pytest.mark.parametrize(("exercise", "expected"), sorted(ARTICLE_EXERCISES.items()))
def test_named_exercise_is_present_with_load_and_equipment(
    cat: Catalog, exercise: str, expected: tuple[LoadKind, frozenset[str]]
) -> None:
    ex = _ex(cat, exercise)
    assert (ex.load_kind, ex.equipment) == expected
    assert cat.provider("exercises", exercise) == "hipdip.builtin.exercises"


def test_every_exercise_targets_known_muscles(cat: Catalog) -> None:
    for ex in cat.exercises.values():
        for target in ex.targets:
            assert target.muscle in cat.muscles, (ex.id, target.muscle)


def test_every_exercise_has_two_to_four_cues(cat: Catalog) -> None:
    for ex in cat.exercises.values():
        assert 2 <= len(ex.cues) <= 4, ex.id


@pytest.mark.parametrize(
    ("exercise", "words"),
    [
        ("clamshell", ("feet touching",)),
        ("banded_clamshell", ("feet touching",)),
        ("fire_hydrant", ("90°", "all fours")),
        ("banded_fire_hydrant", ("90°",)),
        ("side_lying_hip_abduction", ("controlled motion", "outer hip")),
        ("lateral_band_walk_knees", ("slowly",)),
    ],
)
def test_article_cues(cat: Catalog, exercise: str, words: tuple[str, ...]) -> None:
    text = " ".join(_ex(cat, exercise).cues).lower()
    for word in words:
        assert word.lower() in text, (exercise, word)


def test_hold_exercises_use_core_patterns(cat: Catalog) -> None:
    patterns = {i: _ex(cat, i).pattern for i in ("plank", "side_plank", "bird_dog")}
    assert patterns == {
        "plank": "anti_extension",
        "side_plank": "anti_lateral_flexion",
        "bird_dog": "anti_rotation",
    }


def test_positions(cat: Catalog) -> None:
    expected = {
        "clamshell": "side_lying",
        "side_lying_hip_abduction": "side_lying",
        "fire_hydrant": "quadruped",
        "bird_dog": "quadruped",
        "standing_cable_hip_abduction": "standing",
        "lateral_band_walk_knees": "standing",
        "plank": "prone",
        "glute_bridge": "supine",
    }
    assert {k: _ex(cat, k).position for k in expected} == expected


UNILATERAL = {
    "clamshell",
    "banded_clamshell",
    "side_lying_hip_abduction",
    "banded_side_lying_hip_abduction",
    "ankle_weight_side_lying_hip_abduction",
    "standing_cable_hip_abduction",
    "fire_hydrant",
    "banded_fire_hydrant",
    "single_leg_glute_bridge",
    "lateral_step_up",
    "forward_step_up",
    "forward_lunge",
    "bulgarian_split_squat",
    "single_leg_deadlift",
    "single_leg_squat",
}
BILATERAL = {
    "glute_bridge",
    "hip_thrust",
    "plank",
    "lateral_band_walk_knees",
    "lateral_band_walk_ankles",
    "lateral_band_walk_feet",
}


@pytest.mark.parametrize("exercise", sorted(UNILATERAL | BILATERAL))
def test_unilateral_flag(cat: Catalog, exercise: str) -> None:
    assert _ex(cat, exercise).unilateral is (exercise in UNILATERAL)


BEGINNER = (
    "clamshell",
    "side_lying_hip_abduction",
    "fire_hydrant",
    "glute_bridge",
    "plank",
    "bird_dog",
    "lateral_band_walk_knees",
)


@pytest.mark.parametrize("exercise", BEGINNER)
def test_beginner_exercises_are_level_one(cat: Catalog, exercise: str) -> None:
    assert _ex(cat, exercise).level == 1


def test_loaded_variants_of_level_one_movements_are_level_one(cat: Catalog) -> None:
    # SCIENCE.md §Training: levels describe the movement, not the load.
    for exercise in (
        "banded_clamshell",
        "banded_side_lying_hip_abduction",
        "ankle_weight_side_lying_hip_abduction",
        "banded_fire_hydrant",
        "dumbbell_step_up",
    ):
        assert _ex(cat, exercise).level == 1, exercise


def test_other_movements_stay_above_beginner_level(cat: Catalog) -> None:
    for exercise in (
        "standing_cable_hip_abduction",
        "lateral_band_walk_feet",
        "hip_thrust",
        "side_plank_hip_abduction",
        "single_leg_squat",
    ):
        assert _ex(cat, exercise).level >= 2, exercise


def test_beginner_can_train_medius_with_bodyweight_only(cat: Catalog) -> None:
    options = [
        ex
        for ex in cat.exercises.values()
        if ex.level == 1 and not ex.equipment and ex.set_credit("gluteus_medius") == 1.0
    ]
    assert len(options) >= 2


# --------------------------------------------------------------------------- #
# Roles

ISOLATION_ABDUCTION = (
    "clamshell",
    "banded_clamshell",
    "side_lying_hip_abduction",
    "banded_side_lying_hip_abduction",
    "ankle_weight_side_lying_hip_abduction",
    "standing_cable_hip_abduction",
    "fire_hydrant",
    "banded_fire_hydrant",
    "lateral_band_walk_knees",
    "lateral_band_walk_ankles",
    "lateral_band_walk_feet",
)
SINGLE_LEG_COMPOUND = (
    "lateral_step_up",
    "forward_step_up",
    "forward_lunge",
    "bulgarian_split_squat",
    "single_leg_deadlift",
    "single_leg_squat",
    "single_leg_glute_bridge",
)


@pytest.mark.parametrize("exercise", ISOLATION_ABDUCTION)
def test_isolation_abduction_works_medius_as_primary(cat: Catalog, exercise: str) -> None:
    target = _ex(cat, exercise).target("gluteus_medius")
    assert target is not None
    assert target.role is Role.PRIMARY
    assert _ex(cat, exercise).target("gluteus_minimus") is not None


@pytest.mark.parametrize(
    "exercise",
    [
        "side_lying_hip_abduction",
        "banded_side_lying_hip_abduction",
        "ankle_weight_side_lying_hip_abduction",
        "standing_cable_hip_abduction",
    ],
)
def test_straight_leg_abduction_works_minimus_as_primary(cat: Catalog, exercise: str) -> None:
    target = _ex(cat, exercise).target("gluteus_minimus")
    assert target is not None
    assert target.role is Role.PRIMARY


@pytest.mark.parametrize("exercise", SINGLE_LEG_COMPOUND)
def test_single_leg_compound_works_medius_as_secondary(cat: Catalog, exercise: str) -> None:
    target = _ex(cat, exercise).target("gluteus_medius")
    assert target is not None
    assert target.role is Role.SECONDARY


def test_bilateral_bridges_only_stabilise_medius(cat: Catalog) -> None:
    for exercise in ("glute_bridge", "hip_thrust"):
        target = _ex(cat, exercise).target("gluteus_medius")
        assert target is not None
        assert target.role is Role.STABILIZER, exercise


def test_core_exercises_target_the_core(cat: Catalog) -> None:
    core = {"rectus_abdominis", "transversus_abdominis", "obliques", "erector_spinae"}
    for exercise in ("plank", "side_plank", "bird_dog"):
        primary = {t.muscle for t in _ex(cat, exercise).targets if t.role is Role.PRIMARY}
        assert primary, exercise
        assert primary <= core, exercise


# --------------------------------------------------------------------------- #
# Activation (% MVIC): SCIENCE.md's table, and nothing else

#: (exercise, muscle) → (% MVIC, an author the source must name), from SCIENCE.md.
SCIENCE_MVIC: dict[tuple[str, str], tuple[float, str]] = {
    ("side_plank_hip_abduction", "gluteus_medius"): (103.0, "Boren"),
    ("ankle_weight_side_lying_hip_abduction", "gluteus_medius"): (99.9, "MacAskill"),
    ("side_lying_hip_abduction", "gluteus_medius"): (81.0, "Distefano"),
    ("side_plank", "gluteus_medius"): (74.0, "Ekstrom"),
    ("lateral_step_up", "gluteus_medius"): (61.0, "MacAskill"),
    ("forward_step_up", "gluteus_medius"): (63.0, "MacAskill"),
    ("lateral_band_walk_knees", "gluteus_medius"): (52.0, "Youdas"),
    ("forward_lunge", "gluteus_medius"): (48.0, "Distefano"),
    ("clamshell", "gluteus_medius"): (40.0, "Distefano"),
    ("side_lying_hip_abduction", "gluteus_minimus"): (43.0, "Moore"),
    ("single_leg_glute_bridge", "gluteus_minimus"): (49.0, "Moore"),
    ("single_leg_squat", "gluteus_minimus"): (40.0, "Moore"),
}


@pytest.mark.parametrize(("key", "expected"), sorted(SCIENCE_MVIC.items()))
def test_activation_matches_science_sheet(
    cat: Catalog, key: tuple[str, str], expected: tuple[float, str]
) -> None:
    exercise, muscle = key
    value, author = expected
    target = _ex(cat, exercise).target(muscle)
    assert target is not None
    assert target.activation_mvic == value
    assert target.source is not None
    assert author in target.source


def test_no_activation_value_outside_the_science_sheet(cat: Catalog) -> None:
    invented = [
        (ex.id, t.muscle, t.activation_mvic)
        for ex in cat.exercises.values()
        for t in ex.targets
        if t.activation_mvic is not None and (ex.id, t.muscle) not in SCIENCE_MVIC
    ]
    assert invented == []


def test_every_activation_value_has_a_source(cat: Catalog) -> None:
    for ex in cat.exercises.values():
        for t in ex.targets:
            if t.activation_mvic is not None:
                assert t.source is not None, (ex.id, t.muscle)
                assert re.search(r"\b(19|20)\d\d\b", t.source), (ex.id, t.source)


@pytest.mark.parametrize(
    "exercise", ["fire_hydrant", "standing_cable_hip_abduction", "banded_clamshell"]
)
def test_exercises_without_a_study_value_have_none(cat: Catalog, exercise: str) -> None:
    target = _ex(cat, exercise).target("gluteus_medius")
    assert target is not None
    assert target.activation_mvic is None


def test_side_plank_abduction_value_says_which_leg(cat: Catalog) -> None:
    target = _ex(cat, "side_plank_hip_abduction").target("gluteus_medius")
    assert target is not None
    assert target.source is not None
    assert "dominant leg" in target.source
    assert "bottom" in target.source


def test_ankle_weight_value_says_ten_rm_load(cat: Catalog) -> None:
    target = _ex(cat, "ankle_weight_side_lying_hip_abduction").target("gluteus_medius")
    assert target is not None
    assert target.source is not None
    assert "10-RM" in target.source


# --------------------------------------------------------------------------- #
# Ladders

EXPECTED_LADDERS = (
    ("clamshell", "banded_clamshell"),
    (
        "side_lying_hip_abduction",
        "banded_side_lying_hip_abduction",
        "ankle_weight_side_lying_hip_abduction",
        "standing_cable_hip_abduction",
    ),
    ("fire_hydrant", "banded_fire_hydrant"),
    ("lateral_band_walk_knees", "lateral_band_walk_ankles", "lateral_band_walk_feet"),
    ("glute_bridge", "single_leg_glute_bridge"),
    ("glute_bridge", "banded_glute_bridge"),
    ("glute_bridge", "hip_thrust", "barbell_hip_thrust"),
    ("forward_lunge", "bulgarian_split_squat"),
    # Issue 17: the machine after the ankle weight (its cap), like the cable;
    # dumbbell and cable loads of side-lying abduction; the band standing up,
    # then the cable; the single-leg deadlift at bodyweight, then loaded.
    (
        "side_lying_hip_abduction",
        "banded_side_lying_hip_abduction",
        "ankle_weight_side_lying_hip_abduction",
        "seated_hip_abduction_machine",
    ),
    ("side_lying_hip_abduction", "dumbbell_side_lying_hip_abduction"),
    ("side_lying_hip_abduction", "cable_side_lying_hip_abduction"),
    ("standing_banded_hip_abduction", "standing_cable_hip_abduction"),
    ("frog_pump", "dumbbell_frog_pump"),
    ("bodyweight_single_leg_deadlift", "single_leg_deadlift"),
    ("bodyweight_single_leg_deadlift", "kettlebell_single_leg_deadlift"),
)


def _paths(cat: Catalog, start: str) -> set[tuple[str, ...]]:
    """Every path from ``start`` up through the derived harder links; fails on a cycle."""
    lad = ladders(cat)
    out: set[tuple[str, ...]] = set()
    todo = [(start,)]
    while todo:
        path = todo.pop()
        ups = [e.id for e in lad.harder(path[-1])]
        for up in ups:
            assert up not in path, f"ladder cycle: {[*path, up]}"
            todo.append((*path, up))
        if not ups:
            out.add(path)
    return out


def test_every_ladder_link_names_an_existing_exercise(cat: Catalog) -> None:
    for ex in cat.exercises.values():
        for link in (ex.easier, ex.harder):
            assert link is None or link in cat.exercises, (ex.id, link)


def test_a_link_declared_on_one_side_is_a_link(cat: Catalog) -> None:
    lad = ladders(cat)
    for ex in cat.exercises.values():
        if ex.harder is not None:
            assert ex.id in [e.id for e in lad.easier(ex.harder)], (ex.id, ex.harder)
        if ex.easier is not None:
            assert ex.id in [e.id for e in lad.harder(ex.easier)], (ex.id, ex.easier)
    assert {e.id for e in lad.harder("glute_bridge")} == {
        "banded_glute_bridge",
        "hip_thrust",
        "single_leg_glute_bridge",
    }


def test_ladders_never_cycle_and_cover_every_exercise(cat: Catalog) -> None:
    lad = ladders(cat)
    bottoms = [ex.id for ex in cat.exercises.values() if not lad.easier(ex.id)]
    seen = {id_ for bottom in bottoms for path in _paths(cat, bottom) for id_ in path}
    # An exercise on a cycle has no bottom and would be missing here.
    assert seen == set(cat.exercises)


@pytest.mark.parametrize("ladder", EXPECTED_LADDERS, ids=lambda ladder: "-".join(ladder[:2]))
def test_expected_ladder(cat: Catalog, ladder: tuple[str, ...]) -> None:
    assert not ladders(cat).easier(ladder[0])
    assert ladder in _paths(cat, ladder[0])


def test_lateral_band_walk_moves_band_down_the_leg(cat: Catalog) -> None:
    (chain,) = _paths(cat, "lateral_band_walk_knees")
    placements = [_ex(cat, i).band_placement for i in chain]
    assert placements == [BandPlacement.KNEES, BandPlacement.ANKLES, BandPlacement.FEET]


def test_a_step_up_never_lowers_the_level_or_the_gluteus_medius_role(cat: Catalog) -> None:
    # SCIENCE.md §Training: a ladder step to "harder" never moves to a lower
    # level or a smaller gluteus medius role (the single-leg bridge → hip
    # thrust step of 0.1 broke this).
    lad = ladders(cat)
    for ex in cat.exercises.values():
        for harder in lad.harder(ex.id):
            assert is_monotone_step(ex, harder), (ex.id, harder.id)


def test_ladders_constant_matches_the_catalogue(cat: Catalog) -> None:
    lad = ladders(cat)
    walked = {
        path
        for ex in cat.exercises.values()
        if not lad.easier(ex.id)
        for path in _paths(cat, ex.id)
        if len(path) > 1
    }
    assert set(LADDERS) == walked
    assert set(EXPECTED_LADDERS) <= set(LADDERS)


# --------------------------------------------------------------------------- #
# Equipment and load kinds

WEIGHT_EQUIPMENT = {"ankle_weights", "cable", "dumbbell", "machine", "barbell", "kettlebell"}


def test_equipment_vocabulary() -> None:
    assert set(EQUIPMENT) == {
        "band",
        "ankle_weights",
        "cable",
        "dumbbell",
        "bench",
        "step",
        "machine",
        "barbell",
        "kettlebell",
    }
    for slug, description in EQUIPMENT.items():
        assert description.strip(), slug
        assert "\n" not in description


def test_exercises_use_only_the_equipment_vocabulary(cat: Catalog) -> None:
    for ex in cat.exercises.values():
        assert ex.equipment <= set(EQUIPMENT), (ex.id, ex.equipment)


def test_band_exercises_have_a_band_and_a_placement(cat: Catalog) -> None:
    bands = [ex for ex in cat.exercises.values() if ex.load_kind is LoadKind.BAND]
    assert len(bands) >= 6
    for ex in bands:
        assert ex.band_placement is not None, ex.id
        assert "band" in ex.equipment, ex.id


def test_only_band_exercises_need_a_band(cat: Catalog) -> None:
    for ex in cat.exercises.values():
        if "band" in ex.equipment:
            assert ex.load_kind is LoadKind.BAND, ex.id


@pytest.mark.parametrize(
    "exercise",
    ["banded_clamshell", "banded_side_lying_hip_abduction", "banded_fire_hydrant"],
)
def test_isolation_bands_sit_above_the_knees(cat: Catalog, exercise: str) -> None:
    assert _ex(cat, exercise).band_placement is BandPlacement.THIGHS


def test_weight_exercises_need_weight_equipment(cat: Catalog) -> None:
    weighted = [ex for ex in cat.exercises.values() if ex.load_kind is LoadKind.WEIGHT]
    assert len(weighted) >= 4
    for ex in weighted:
        assert ex.equipment & WEIGHT_EQUIPMENT, ex.id


def test_bodyweight_exercises_need_no_load_equipment(cat: Catalog) -> None:
    for ex in cat.exercises.values():
        if ex.load_kind is LoadKind.BODYWEIGHT:
            assert not ex.equipment & (WEIGHT_EQUIPMENT | {"band"}), ex.id


@pytest.mark.parametrize(
    ("exercise", "step_kg"),
    [
        ("ankle_weight_side_lying_hip_abduction", 0.5),
        ("standing_cable_hip_abduction", 2.5),
        ("single_leg_deadlift", 1.0),
        ("hip_thrust", 1.0),
        # issue 17, hipdip policy (hipdip.loads): a stack like the cable's, a pair of
        # 1.25 kg plates, the step between kettlebell sizes
        ("seated_hip_abduction_machine", 2.5),
        ("barbell_hip_thrust", 2.5),
        ("kettlebell_single_leg_deadlift", 4.0),
        ("dumbbell_side_lying_hip_abduction", 1.0),
    ],
)
def test_weight_increments_follow_the_science_sheet(
    cat: Catalog, exercise: str, step_kg: float
) -> None:
    assert increment_kg(_ex(cat, exercise)) == step_kg


# --------------------------------------------------------------------------- #
# Wire format and docs


def test_every_exercise_and_muscle_round_trips(cat: Catalog) -> None:
    for ex in cat.exercises.values():
        assert from_dict(to_dict(ex), Exercise) == ex
    for muscle in cat.muscles.values():
        assert from_dict(to_dict(muscle), type(muscle)) == muscle


def test_docs_page_lists_every_muscle_exercise_and_equipment(cat: Catalog) -> None:
    text = DOCS_PAGE.read_text(encoding="utf-8")
    for id_ in [*cat.muscles, *cat.exercises, *EQUIPMENT]:
        assert f"`{id_}`" in text, id_
    for ladder in LADDERS:
        assert " → ".join(f"`{id_}`" for id_ in ladder) in text, ladder


# --------------------------------------------------------------------------- #
# Issue 17: the exercises people do that the catalogue missed

#: id → (load kind, equipment, level, one side at a time, abduction roles,
#: band placement, gluteus medius role or None), decided in issue 17.
ADDITIONS: dict[
    str,
    tuple[LoadKind, frozenset[str], int, bool, frozenset[str], BandPlacement | None, Role | None],
] = {
    "seated_hip_abduction_machine": (
        LoadKind.WEIGHT,
        frozenset({"machine"}),
        1,
        False,
        frozenset({"frontal_abduction"}),
        None,
        Role.PRIMARY,
    ),
    "standing_banded_hip_abduction": (
        LoadKind.BAND,
        frozenset({"band"}),
        1,
        True,
        frozenset({"frontal_abduction"}),
        BandPlacement.ANKLES,
        Role.PRIMARY,
    ),
    "dumbbell_side_lying_hip_abduction": (
        LoadKind.WEIGHT,
        frozenset({"dumbbell"}),
        1,
        True,
        frozenset({"frontal_abduction"}),
        None,
        Role.PRIMARY,
    ),
    "cable_side_lying_hip_abduction": (
        LoadKind.WEIGHT,
        frozenset({"cable"}),
        1,
        True,
        frozenset({"frontal_abduction"}),
        None,
        Role.PRIMARY,
    ),
    "hip_hike": (
        LoadKind.BODYWEIGHT,
        frozenset({"step"}),
        1,
        True,
        frozenset({"weight_bearing"}),
        None,
        Role.PRIMARY,
    ),
    "lateral_lunge": (
        LoadKind.BODYWEIGHT,
        frozenset(),
        1,
        True,
        frozenset({"weight_bearing"}),
        None,
        Role.SECONDARY,
    ),
    "curtsy_lunge": (
        LoadKind.BODYWEIGHT,
        frozenset(),
        2,
        True,
        frozenset({"weight_bearing"}),
        None,
        Role.SECONDARY,
    ),
    "banded_glute_bridge": (
        LoadKind.BAND,
        frozenset({"band"}),
        1,
        False,
        frozenset(),
        BandPlacement.THIGHS,
        Role.STABILIZER,
    ),
    "frog_pump": (
        LoadKind.BODYWEIGHT,
        frozenset(),
        1,
        False,
        frozenset(),
        None,
        Role.STABILIZER,
    ),
    "dumbbell_frog_pump": (
        LoadKind.WEIGHT,
        frozenset({"dumbbell"}),
        1,
        False,
        frozenset(),
        None,
        Role.STABILIZER,
    ),
    "bodyweight_single_leg_deadlift": (
        LoadKind.BODYWEIGHT,
        frozenset(),
        2,
        True,
        frozenset({"weight_bearing"}),
        None,
        Role.SECONDARY,
    ),
    "kettlebell_single_leg_deadlift": (
        LoadKind.WEIGHT,
        frozenset({"kettlebell"}),
        2,
        True,
        frozenset({"weight_bearing"}),
        None,
        Role.SECONDARY,
    ),
    "copenhagen_side_plank": (
        LoadKind.BODYWEIGHT,
        frozenset({"bench"}),
        2,
        True,
        frozenset(),
        None,
        Role.STABILIZER,
    ),
    "barbell_hip_thrust": (
        LoadKind.WEIGHT,
        frozenset({"barbell", "bench"}),
        2,
        False,
        frozenset(),
        None,
        Role.STABILIZER,
    ),
}


@pytest.mark.parametrize("exercise", sorted(ADDITIONS))
def test_issue_17_additions(cat: Catalog, exercise: str) -> None:
    kind, equipment, level, unilateral, roles, placement, medius = ADDITIONS[exercise]
    ex = _ex(cat, exercise)
    assert (ex.load_kind, ex.equipment, ex.level, ex.unilateral) == (
        kind,
        equipment,
        level,
        unilateral,
    )
    assert ex.tags & {"frontal_abduction", "weight_bearing", "rotation_biased"} == roles
    assert ex.band_placement is placement
    target = ex.target("gluteus_medius")
    assert (target and target.role) is medius
    assert 2 <= len(ex.cues) <= 4
    assert ex.aliases
    assert cat.provider("exercises", exercise) == "hipdip.builtin.exercises"


def test_at_least_the_ten_exercises_the_issue_names(cat: Catalog) -> None:
    # seated machine, standing banded, side-lying with cable or dumbbell, hip hike,
    # lateral lunge, curtsy lunge, banded bridge, frog pump, bodyweight single-leg
    # RDL, Copenhagen side plank (the names are checked in tests/test_names.py).
    assert len(ADDITIONS) >= 10
    assert set(ADDITIONS) <= set(cat.exercises)


def test_no_addition_has_an_activation_value(cat: Catalog) -> None:
    # SCIENCE.md's table has no value for any of these variants.
    for exercise in ADDITIONS:
        assert all(t.activation_mvic is None for t in _ex(cat, exercise).targets), exercise


def test_every_built_in_says_where_it_comes_from(cat: Catalog) -> None:
    for ex in cat.exercises.values():
        assert (ex.source, ex.license) == ("hipdip built-in catalogue", "MIT"), ex.id


def test_the_generic_name_is_the_bodyweight_single_leg_deadlift(cat: Catalog) -> None:
    assert _ex(cat, "bodyweight_single_leg_deadlift").name == "Single-leg Romanian deadlift"
    assert _ex(cat, "single_leg_deadlift").name == "Dumbbell single-leg Romanian deadlift"


def test_new_weighted_equipment_loads(cat: Catalog) -> None:
    from hipdip import Weight
    from hipdip.loads import describe_load, heavier, load_cap_kg, load_problem

    bell = _ex(cat, "kettlebell_single_leg_deadlift")
    assert load_cap_kg(bell) == 48.0  # the largest size commonly sold (hipdip policy)
    assert heavier(Weight(48.0), bell) is None
    assert load_problem(Weight(52.0), bell) == (
        "52 kg kettlebell, more than the 48 kg kettlebells allow"
    )
    assert heavier(Weight(8.0), bell) == Weight(12.0)  # one 4 kg size up
    machine = _ex(cat, "seated_hip_abduction_machine")
    assert describe_load(Weight(25.0), machine) == "25 kg machine stack"
    assert heavier(Weight(25.0), machine) == Weight(27.5)
    assert describe_load(Weight(40.0), _ex(cat, "barbell_hip_thrust")) == "40 kg barbell"
