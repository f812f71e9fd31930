"""Converting free-exercise-db entries: the real data set, the mapping rules and the report.

Every expectation here was written by reading the real entries (their names,
muscle lists, equipment and instructions), not by running the importer.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import pytest
from conftest import REAL, entries, entry
from hipdip_free_exercise_db import FreeExerciseDbError, convert, import_file
from hipdip_free_exercise_db.importer import LICENSE, REASONS
from hipdip_free_exercise_db.mapping import (
    EQUIPMENT,
    LEVELS,
    MUSCLES,
    OBLIQUE_NAME,
    UNMAPPED_MUSCLES,
    VOCABULARY,
    muscles_by_name,
    slugify,
)

from hipdip import BandPlacement, Exercise, LoadKind, Role

P, S = Role.PRIMARY, Role.SECONDARY
ANKLES, FEET, HIPS = BandPlacement.ANKLES, BandPlacement.FEET, BandPlacement.HIPS


@attrs.frozen
class Imported:
    """What a hand check says an imported entry becomes."""

    targets: dict[str, Role]
    equipment: frozenset[str] = frozenset()
    unilateral: bool = False
    placement: BandPlacement | None = None


@attrs.frozen
class Merged:
    into: str


@attrs.frozen
class Skip:
    reason: str


def _eq(*slugs: str) -> frozenset[str]:
    return frozenset(slugs)


#: Real entries, checked by hand: source id → what hipdip should make of it.
HAND_CHECKED: dict[str, Imported | Merged | Skip] = {
    # The hip abductors: strength work imported or merged, stretches and rolling skipped.
    "Monster_Walk": Imported(  # band round the ankles and another at the knees: the lower wins
        {"gluteus_medius": P, "gluteus_minimus": S}, _eq("band"), placement=ANKLES
    ),
    "Thigh_Abductor": Merged("seated_hip_abduction_machine"),
    "Hip_Circles_prone": Skip("category"),  # stretching
    "Standing_Hip_Circles": Skip("category"),
    "IT_Band_and_Glute_Stretch": Skip("category"),
    "Iliotibial_Tract-SMR": Skip("category"),  # foam rolling is filed as stretching
    "Lying_Crossover": Skip("category"),
    "Windmills": Skip("category"),
    # Adductors, never abductors: by the name, whatever the lists and instructions say.
    "Cable_Hip_Adduction": Imported(  # listed as quadriceps; "abduct" in the instructions
        {"adductors": P}, _eq("cable"), unilateral=True
    ),
    "Band_Hip_Adductions": Imported({"adductors": P}, _eq("band"), True, ANKLES),
    "Thigh_Adductor": Imported(  # "grip the handles on each side": still both legs
        {"adductors": P, "gluteus_maximus": S, "hamstrings": S}, _eq("machine")
    ),
    # Glutes: the lost powerlifting entries, bridges, kickbacks.
    "Barbell_Hip_Thrust": Merged("barbell_hip_thrust"),
    "Hip_Lift_with_Band": Imported(  # the band "directly over your hips", anchored to the rack
        {"gluteus_maximus": P, "hamstrings": S}, _eq("band"), placement=HIPS
    ),
    "Barbell_Glute_Bridge": Imported(
        {"gluteus_maximus": P, "hamstrings": S}, _eq("barbell")
    ),  # calves dropped
    "Butt_Lift_Bridge": Merged("glute_bridge"),
    "Single_Leg_Glute_Bridge": Merged("single_leg_glute_bridge"),
    "Glute_Kickback": Imported({"gluteus_maximus": P, "hamstrings": S}, unilateral=True),
    "One-Legged_Cable_Kickback": Imported(
        {"gluteus_maximus": P, "hamstrings": S}, _eq("cable"), unilateral=True
    ),
    "Hip_Extension_with_Bands": Imported(  # "attach the other [end] to one ankle"
        {"gluteus_maximus": P, "hamstrings": S}, _eq("band"), placement=ANKLES
    ),
    "Leg_Lift": Imported(  # "Repeat the movement with the opposite leg"
        {"gluteus_maximus": P, "hamstrings": S}, unilateral=True
    ),
    "Pull_Through": Imported(
        {"gluteus_maximus": P, "hamstrings": S, "erector_spinae": S}, _eq("cable")
    ),
    "Physioball_Hip_Bridge": Skip("equipment"),  # exercise ball
    # Obliques by the name; the rest of the abdominals are rectus abdominis.
    "Oblique_Crunches": Imported(
        {"obliques": P, "rectus_abdominis": S}, unilateral=True
    ),  # "for each side"
    "Dumbbell_Side_Bend": Imported(  # "then change hands"
        {"obliques": P, "rectus_abdominis": S}, _eq("dumbbell"), unilateral=True
    ),
    "Russian_Twist": Imported({"obliques": P, "rectus_abdominis": S, "erector_spinae": S}),
    "Pallof_Press": Imported(  # "repeat facing the other direction"; arms dropped
        {"obliques": P, "rectus_abdominis": S}, _eq("cable"), unilateral=True
    ),
    "Side_Bridge": Merged("side_plank"),
    "Plank": Merged("plank"),
    "3_4_Sit-Up": Imported({"rectus_abdominis": P}),
    # One side at a time: split squats, step-ups, lunges.
    "Split_Squat_with_Dumbbells": Imported(
        {"quadriceps": P, "gluteus_maximus": S, "hamstrings": S}, _eq("dumbbell"), True
    ),
    "Dumbbell_Step_Ups": Merged("dumbbell_step_up"),
    "Barbell_Step_Ups": Imported(  # quadriceps listed twice: one target, the stronger role
        {"quadriceps": P, "gluteus_maximus": S, "hamstrings": S}, _eq("barbell", "step"), True
    ),
    "Dumbbell_Lunges": Imported(
        {"quadriceps": P, "gluteus_maximus": S, "hamstrings": S}, _eq("dumbbell"), True
    ),
    "Bodyweight_Walking_Lunge": Imported(  # equipment null: bodyweight
        {"quadriceps": P, "gluteus_maximus": S, "hamstrings": S}, unilateral=True
    ),
    "Kettlebell_One-Legged_Deadlift": Merged("kettlebell_single_leg_deadlift"),
    "Kettlebell_Pistol_Squat": Imported(  # a pistol: one leg; calves and shoulders dropped
        {"quadriceps": P, "gluteus_maximus": S, "hamstrings": S}, _eq("kettlebell"), True
    ),
    "Goblet_Squat": Imported(  # shoulders dropped
        {"quadriceps": P, "gluteus_maximus": S, "hamstrings": S}, _eq("kettlebell")
    ),
    "Barbell_Squat": Imported(  # "both arms at each side": not one side at a time
        {"quadriceps": P, "gluteus_maximus": S, "hamstrings": S, "erector_spinae": S},
        _eq("barbell"),
    ),
    # Bands: placement from the instructions, or skipped when they do not say.
    "Band_Good_Morning": Imported(  # "stand on one end"
        {"hamstrings": P, "gluteus_maximus": S, "erector_spinae": S}, _eq("band"), placement=FEET
    ),
    "Band_Good_Morning_Pull_Through": Skip("band placement"),  # round a post and the neck
    "Squats_-_With_Bands": Skip("duplicate"),  # the name of "Squat with Bands", respelled
    "Squat_with_Bands": Imported(  # the barbell squat with bands: a barbell and a band
        {
            "quadriceps": P,
            "adductors": S,
            "gluteus_maximus": S,
            "hamstrings": S,
            "erector_spinae": S,
        },
        _eq("barbell", "band"),
    ),
    "Box_Squat_with_Chains": Skip("equipment"),  # chains, by the name
    # Plyometrics are imported (and tagged); the abductors they list are secondary.
    "Lateral_Bound": Imported(
        {
            "adductors": P,
            "gluteus_medius": S,
            "gluteus_minimus": S,
            "gluteus_maximus": S,
            "hamstrings": S,
            "quadriceps": S,
        }
    ),
    # Not hipdip's muscles, equipment or categories.
    "Pushups": Skip("muscles"),
    "Calf_Raises_-_With_Bands": Skip("muscles"),
    "Band_Pull_Apart": Skip("muscles"),
    "Axle_Deadlift": Skip("category"),  # strongman
    "Power_Snatch": Skip("category"),  # olympic weightlifting
    "Knee_Hip_Raise_On_Parallel_Bars": Skip("equipment"),  # other
}


@pytest.fixture(scope="module")
def result() -> tuple[tuple[Exercise, ...], Any]:
    return import_file(REAL)


# --------------------------------------------------------------------------- #
# The real file


def test_real_file_counts(result: tuple[tuple[Exercise, ...], Any]) -> None:
    exercises, report = result
    assert report.entries == 873
    assert report.imported_count == 200
    assert report.skipped_by_reason == {
        "category": 193,  # stretching 123, olympic weightlifting 35, strongman 21, cardio 14
        # other 74, medicine ball 17, e-z curl bar 9, exercise ball 8, chains (by the name) 6
        "equipment": 114,
        "muscles": 356,  # primary shoulders 101, chest 64, triceps 56, biceps 45, …
        "merged": 8,
        "band placement": 1,
        "duplicate": 1,
    }
    assert report.imported_count + report.skipped_count == report.entries
    assert [e.id for e in exercises] == list(report.imported)
    assert report.summary().endswith(
        "imported 200 of 873 exercises; skipped 673 (band placement 1, category 193, "
        "duplicate 1, equipment 114, merged 8, muscles 356); dropped 178 unmappable "
        "secondary muscle(s)"
    )


def test_every_entry_is_imported_or_skipped_with_a_stated_reason(
    result: tuple[tuple[Exercise, ...], Any],
) -> None:
    exercises, report = result
    outcomes = Counter(s.index for s in report.skipped)
    imported_sources = {e.source for e in exercises}
    raw_entries = entries()
    for index, raw in enumerate(raw_entries):
        skipped_here = outcomes[index]
        imported_here = f"free-exercise-db: {raw['id']}" in imported_sources
        assert skipped_here + imported_here == 1, raw["id"]
    for skipped in report.skipped:
        assert skipped.reason in REASONS
        assert skipped.message.strip()
        assert skipped.source_id == raw_entries[skipped.index]["id"]


def test_skips_by_category_and_equipment_name_the_value(
    result: tuple[tuple[Exercise, ...], Any],
) -> None:
    _, report = result
    by = Counter(s.message for s in report.skipped if s.reason in ("category", "equipment"))
    stretching = "category 'stretching' is not imported (only plyometrics, powerlifting, strength)"
    assert by[stretching] == 123
    assert by["equipment 'other' has no hipdip equivalent"] == 74


@pytest.mark.parametrize("source_id", sorted(HAND_CHECKED))
def test_hand_checked_entry(result: tuple[tuple[Exercise, ...], Any], source_id: str) -> None:
    exercises, report = result
    expected = HAND_CHECKED[source_id]
    by_source = {e.source: e for e in exercises}
    skipped = {s.source_id: s for s in report.skipped}
    if isinstance(expected, Imported):
        exercise = by_source[f"free-exercise-db: {source_id}"]
        assert {t.muscle: t.role for t in exercise.targets} == expected.targets
        assert exercise.equipment == expected.equipment
        assert exercise.unilateral is expected.unilateral
        assert exercise.band_placement is expected.placement
        assert exercise.license == "Unlicense"
        assert all(t.activation_mvic is None for t in exercise.targets)
    elif isinstance(expected, Merged):
        assert skipped[source_id].reason == "merged"
        assert skipped[source_id].into == expected.into
        assert report.merged[source_id] == expected.into
    else:
        assert skipped[source_id].reason == expected.reason


def test_the_hand_check_covers_at_least_thirty_real_entries() -> None:
    ids = {e["id"] for e in entries()}
    assert len(HAND_CHECKED) >= 30
    assert set(HAND_CHECKED) <= ids


def test_every_abductor_entry_is_accounted_for(result: tuple[tuple[Exercise, ...], Any]) -> None:
    # The 8 entries with abductors as their primary muscle: 2 strength, 6 stretching.
    abductors = [e["id"] for e in entries() if e["primaryMuscles"] == ["abductors"]]
    assert sorted(abductors) == sorted(
        [
            "Hip_Circles_prone",
            "IT_Band_and_Glute_Stretch",
            "Iliotibial_Tract-SMR",
            "Lying_Crossover",
            "Monster_Walk",
            "Standing_Hip_Circles",
            "Thigh_Abductor",
            "Windmills",
        ]
    )
    assert all(source_id in HAND_CHECKED for source_id in abductors)


def test_merged_entries_are_the_built_ins_aliases_not_duplicates(
    result: tuple[tuple[Exercise, ...], Any],
) -> None:
    import hipdip

    exercises, report = result
    cat = hipdip.catalog()
    for source_id, into in report.merged.items():
        name = entry(source_id)["name"]
        assert cat.find(name).id == into  # type: ignore[union-attr]
    assert not {e.name for e in exercises} & {cat.exercises[i].name for i in report.merged.values()}


def test_provenance_is_carried(result: tuple[tuple[Exercise, ...], Any]) -> None:
    exercises, _ = result
    for exercise in exercises:
        assert exercise.source is not None
        assert exercise.source.startswith("free-exercise-db: ")
        assert exercise.license == LICENSE == "Unlicense"


def test_plyometrics_are_tagged_and_positions_read(
    result: tuple[tuple[Exercise, ...], Any],
) -> None:
    exercises, _ = result
    by_source = {e.source.removeprefix("free-exercise-db: "): e for e in exercises if e.source}
    assert "plyometric" in by_source["Lateral_Bound"].tags
    assert "plyometric" not in by_source["Monster_Walk"].tags
    # "Kneel on the floor … in a kneeling push-up position": on all fours.
    assert by_source["Glute_Kickback"].tags >= {"kneeling", "quadruped"}
    assert by_source["Glute_Kickback"].position == "quadruped"
    # "Begin seated on the ground … lay down flat on the floor": lying on the back.
    assert by_source["Barbell_Glute_Bridge"].position == "supine"
    assert "deep_knee_flexion" in by_source["Dumbbell_Lunges"].tags
    # Lying on the back in other words (the real instructions): "lay down in the
    # middle of the rack", "lie with your back flat on a bench", "lie down on the
    # bench", "lie underneath the bar" — tagged supine, so pregnancy leaves them out.
    for source_id in (
        "Hip_Lift_with_Band",
        "Flat_Bench_Lying_Leg_Raise",
        "Frog_Sit-Ups",
        "Press_Sit-Up",
        "Smith_Machine_Hip_Raise",
        "Smith_Machine_Leg_Press",
        "Cable_Reverse_Crunch",
        "Decline_Crunch",
    ):
        assert by_source[source_id].position == "supine", source_id
        assert "supine" in by_source[source_id].tags, source_id
    # "lying on your right side": side-lying, not on the back.
    assert by_source["Oblique_Crunches_-_On_The_Floor"].position == "side_lying"
    # "lie with your torso bent at the waist" (standing) and "lay on the top pad"
    # (face down over it) are not lying on the back.
    assert by_source["Standing_Leg_Curl"].position != "supine"
    assert by_source["Reverse_Hyperextension"].position != "supine"
    assert by_source["Monster_Walk"].tags == frozenset({"weight_bearing"})
    assert by_source["Monster_Walk"].pattern == "hip_abduction"


# --------------------------------------------------------------------------- #
# The tables and rules


def test_tables_cover_the_vocabulary() -> None:
    assert len(VOCABULARY) == 17
    assert set(MUSCLES).isdisjoint(UNMAPPED_MUSCLES)
    assert dict(LEVELS) == {"beginner": 1, "intermediate": 2, "expert": 3}
    assert {k: v.slugs for k, v in EQUIPMENT.items() if v.load_kind is LoadKind.WEIGHT} == {
        "cable": {"cable"},
        "dumbbell": {"dumbbell"},
        "machine": {"machine"},
        "kettlebells": {"kettlebell"},
        "barbell": {"barbell"},
    }
    for name in ("e-z curl bar", "medicine ball", "exercise ball", "foam roll", "other"):
        assert name not in EQUIPMENT
    equipment = Counter(e["equipment"] for e in entries())
    assert set(equipment) - set(EQUIPMENT) == {
        "e-z curl bar",
        "medicine ball",
        "exercise ball",
        "foam roll",
        "other",
    }
    muscles = {m for e in entries() for m in e["primaryMuscles"] + e["secondaryMuscles"]}
    assert muscles == VOCABULARY


@pytest.mark.parametrize(
    ("name", "oblique"),
    [
        ("Oblique Crunches", True),
        ("Dumbbell Side Bend", True),
        ("Russian Twist", True),
        ("Pallof Press", True),
        ("Side Bridge", True),
        ("Standing Cable Wood Chop", True),
        ("Crunches", False),
        ("Plank", False),
        ("Sit-Up", False),
    ],
)
def test_oblique_names(name: str, oblique: bool) -> None:
    assert (OBLIQUE_NAME.search(name) is not None) is oblique


def test_the_name_decides_abduction_or_adduction() -> None:
    assert muscles_by_name("Cable Hip Adduction", ["quadriceps"], []) == (["adductors"], [])
    assert muscles_by_name("Hip Abduction", ["adductors"], ["abductors", "glutes"]) == (
        ["abductors"],
        ["glutes"],
    )
    assert muscles_by_name("Lateral Bound", ["adductors"], ["abductors"]) == (
        ["adductors"],
        ["abductors"],
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Lateral_Band_Walk", "fedb_lateral_band_walk"),
        ("3_4_Sit-Up", "fedb_3_4_sit_up"),
        ("Barbell_Ab_Rollout_-_On_Knees", "fedb_barbell_ab_rollout_on_knees"),
        ("Hip Circles (prone)", "fedb_hip_circles_prone"),
        ("___", None),
    ],
)
def test_slugify(source: str, expected: str | None) -> None:
    assert slugify(source) == expected


def test_long_ids_are_cut_to_64_characters() -> None:
    slug = slugify("A" * 100)
    assert slug is not None
    assert len(slug) == 64


# --------------------------------------------------------------------------- #
# Malformed entries: a real entry (Monster Walk) with one field broken


def _walk(**changes: object) -> dict[str, object]:
    broken: dict[str, object] = entry("Monster_Walk")
    broken.update(changes)
    return broken


def _other() -> dict[str, object]:
    return entry("Glute_Kickback")


@pytest.mark.parametrize(
    ("broken", "reason"),
    [
        ("not an object", "entry"),
        (None, "entry"),
        ({"force": "push"}, "entry"),
        (_walk(category=None), "category"),
        (_walk(category="stretching"), "category"),
        (_walk(equipment=3), "equipment"),
        (_walk(equipment="foam roll"), "equipment"),
        (_walk(level="elite"), "level"),
        (_walk(level=None), "level"),
        (_walk(primaryMuscles="abductors"), "muscles"),
        (_walk(primaryMuscles=[]), "muscles"),
        (_walk(primaryMuscles=["abductors", "chest"]), "muscles"),
        (_walk(primaryMuscles=["gluteus medius"]), "muscles"),
        (_walk(secondaryMuscles=[1]), "muscles"),
        (_walk(instructions=["Walk forward against the band."]), "band placement"),
        (_walk(id="!!!", name="!!!"), "entry"),
        (_walk(name="Walk " + "x" * 3000), "invalid"),
        (_walk(name="Plank"), "merged"),
    ],
)
def test_bad_entries_are_skipped_not_raised(broken: object, reason: str) -> None:
    exercises, report = convert([broken, _other()])
    assert [e.id for e in exercises] == ["fedb_glute_kickback"]
    assert [s.reason for s in report.skipped] == [reason]
    assert report.skipped[0].index == 0


def test_a_muscle_outside_the_vocabulary_says_so() -> None:
    _, report = convert([_walk(primaryMuscles=["gluteus medius"])])
    assert report.skipped[0].message == (
        "primary muscle 'gluteus medius' (not a free-exercise-db muscle name) has no hipdip "
        "equivalent"
    )


def test_odd_but_readable_fields_are_read() -> None:
    walk = _walk(level="Beginner", category=" Strength ", force=None, extra="kept out")
    walk["instructions"] = "not a list"
    exercises, report = convert([walk])
    assert report.skipped[0].reason == "band placement"  # no instructions, no placement
    kickback = _other()
    kickback.update(level="Expert", equipment=None, force=None, instructions="not a list")
    (exercise,), _ = convert([kickback])
    assert exercise.level == 3
    assert exercise.equipment == frozenset()
    assert exercise.pattern == "fedb_unspecified"
    assert exercise.cues == ()
    assert exercises == ()


def test_duplicate_ids_and_names_are_skipped() -> None:
    exercises, report = convert(
        [_other(), _other(), _walk(id="Glute Kickback 2", name="Glute Kickbacks")]
    )
    assert [e.id for e in exercises] == ["fedb_glute_kickback"]
    assert [s.reason for s in report.skipped] == ["duplicate", "duplicate"]
    assert "already used by entry 0 ('Glute Kickback')" in report.skipped[0].message
    assert report.skipped[1].message.startswith("its name, once case and punctuation")


def test_entries_without_an_id_use_the_name() -> None:
    # The data set's per-exercise files have no "id" (only dist/exercises.json does).
    kickback = _other()
    del kickback["id"]
    exercises, _ = convert([kickback])
    assert exercises[0].id == "fedb_glute_kickback"


def test_unmappable_secondary_muscles_are_dropped() -> None:
    exercises, report = convert([entry("Barbell_Glute_Bridge")])
    assert {t.muscle for t in exercises[0].targets} == {"gluteus_maximus", "hamstrings"}
    assert report.dropped_muscles == (("fedb_barbell_glute_bridge", "calves"),)


def test_cues_are_trimmed_to_hipdips_limits() -> None:
    kickback = _other()
    kickback["instructions"] = ["  a   b  ", "x" * 2500, *["c"] * 30]
    exercises, _ = convert([kickback])
    cues = exercises[0].cues
    assert cues[0] == "a b"
    assert len(cues[1]) == 2000
    assert cues[1].endswith("…")
    assert len(cues) == 20


def test_merging_into_other_exercises() -> None:
    # ``known`` replaces hipdip's built-ins: nothing known, nothing merged.
    exercises, report = convert([entry("Plank"), entry("Thigh_Abductor")], known=())
    assert [e.id for e in exercises] == ["fedb_plank", "fedb_thigh_abductor"]
    assert report.merged == {}
    thigh = exercises[1]
    assert thigh.equipment == frozenset({"machine"})
    assert thigh.load_kind is LoadKind.WEIGHT
    assert thigh.tags == frozenset({"frontal_abduction"})


def test_missing_file_names_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    with pytest.raises(FreeExerciseDbError, match=r"nope\.json.*no such file"):
        import_file(missing)


def test_invalid_json_names_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('[\n  {"id": "x",}\n]\n', encoding="utf-8")
    with pytest.raises(FreeExerciseDbError, match=r"bad\.json.*not valid JSON \(line 2"):
        import_file(bad)


def test_a_json_object_is_not_a_list(tmp_path: Path) -> None:
    wrong = tmp_path / "object.json"
    wrong.write_text(json.dumps({"exercises": []}), encoding="utf-8")
    with pytest.raises(FreeExerciseDbError, match=r"expected a JSON list .* got a JSON object"):
        import_file(wrong)


def test_sit_ups_and_crunches_are_spinal_flexion_under_load(
    result: tuple[tuple[Exercise, ...], Any],
) -> None:
    """Tagged ``loaded_spinal_flexion``: the tag ``limitations={"lower_back_pain"}`` leaves out."""
    exercises, _ = result
    by_source = {e.source.removeprefix("free-exercise-db: "): e for e in exercises if e.source}
    flexed = [
        s for s in ("Crunches", "Sit-Up", "Russian_Twist", "Jackknife_Sit-Up") if s in by_source
    ]
    assert len(flexed) >= 3
    for source_id in flexed:
        assert "loaded_spinal_flexion" in by_source[source_id].tags, source_id
    # Hip flexion with a still spine, and a hold, are not.
    for source_id in ("Hanging_Leg_Raise", "Plank"):
        if source_id in by_source:
            assert "loaded_spinal_flexion" not in by_source[source_id].tags, source_id
