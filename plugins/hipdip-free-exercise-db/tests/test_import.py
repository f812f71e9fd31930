"""Converting free-exercise-db entries: the mapping tables and the import report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hipdip_free_exercise_db import FreeExerciseDbError, convert, import_file
from hipdip_free_exercise_db.mapping import (
    EQUIPMENT,
    LEVELS,
    MUSCLES,
    UNMAPPED_MUSCLES,
    VOCABULARY,
    slugify,
)

from hipdip import BandPlacement, Exercise, LoadKind, Role


def _by_id(exercises: tuple[Exercise, ...]) -> dict[str, Exercise]:
    return {e.id: e for e in exercises}


def _roles(exercise: Exercise) -> dict[str, Role]:
    return {t.muscle: t.role for t in exercise.targets}


def test_sample_file_counts(sample: Path) -> None:
    exercises, report = import_file(sample)
    assert report.entries == 10
    assert report.imported == (
        "fedb_monster_walk",
        "fedb_side_lying_leg_raise",
        "fedb_standing_cable_hip_abduction",
        "fedb_one_legged_cable_kickback",
        "fedb_glute_bridge",
        "fedb_all_fours_quad_lift",
    )
    assert [e.id for e in exercises] == list(report.imported)
    assert report.skipped_count == 4
    assert report.skipped_by_reason == {"muscles": 2, "equipment": 1, "category": 1}
    assert [(s.index, s.source_id, s.reason) for s in report.skipped] == [
        (5, "Pushups", "muscles"),
        (6, "Thigh_Abductor", "equipment"),
        (7, "Hip_Circles_prone", "category"),
        (9, "Medius_Pulse", "muscles"),
    ]
    assert report.dropped_muscles == (("fedb_glute_bridge", "calves"),)
    assert report.error is None
    assert report.summary() == (
        f"free-exercise-db {sample}: imported 6 of 10 exercises; skipped 4 (category 1, "
        "equipment 1, muscles 2); dropped 1 unmappable secondary muscle(s)"
    )


def test_skip_messages_say_why(sample: Path) -> None:
    _, report = import_file(sample)
    messages = {s.source_id: s.message for s in report.skipped}
    assert messages["Pushups"] == "primary muscle 'chest' has no hipdip equivalent"
    assert messages["Thigh_Abductor"] == "equipment 'machine' has no hipdip equivalent"
    assert messages["Hip_Circles_prone"] == "category 'stretching' is not imported (only strength)"
    assert messages["Medius_Pulse"] == (
        "primary muscle 'gluteus medius' (not a free-exercise-db muscle name) has no hipdip "
        "equivalent"
    )


def test_abductors_map_to_gluteus_medius_and_minimus(sample: Path) -> None:
    exercises = _by_id(import_file(sample)[0])
    walk = exercises["fedb_monster_walk"]
    assert _roles(walk) == {"gluteus_medius": Role.PRIMARY, "gluteus_minimus": Role.SECONDARY}
    assert walk.pattern == "hip_abduction"
    assert walk.load_kind is LoadKind.BAND
    assert walk.equipment == frozenset({"band"})
    assert walk.band_placement is BandPlacement.THIGHS
    assert walk.level == 1
    assert walk.cues == (
        "Loop a band round both ankles; feet shoulder width apart.",
        "Take short steps forward, keeping tension on the band, then walk back.",
    )
    # Listed both as primary and secondary: one target, the stronger role.
    cable = exercises["fedb_standing_cable_hip_abduction"]
    assert _roles(cable) == {"gluteus_medius": Role.PRIMARY, "gluteus_minimus": Role.SECONDARY}
    assert cable.load_kind is LoadKind.WEIGHT
    assert cable.equipment == frozenset({"cable"})
    assert cable.level == 2


def test_other_muscles_and_fields(sample: Path) -> None:
    exercises = _by_id(import_file(sample)[0])
    raise_ = exercises["fedb_side_lying_leg_raise"]
    assert _roles(raise_)["gluteus_maximus"] is Role.SECONDARY  # glutes, secondary
    assert raise_.load_kind is LoadKind.BODYWEIGHT
    assert raise_.equipment == frozenset()
    assert raise_.cues == ("Lie on your side.", "Raise the top leg, then lower it slowly.")
    kickback = exercises["fedb_one_legged_cable_kickback"]
    assert _roles(kickback) == {"gluteus_maximus": Role.PRIMARY, "hamstrings": Role.SECONDARY}
    assert kickback.unilateral
    assert kickback.pattern == "fedb_pull"
    bridge = exercises["fedb_glute_bridge"]
    assert _roles(bridge) == {"gluteus_maximus": Role.PRIMARY, "hamstrings": Role.SECONDARY}
    assert not bridge.unilateral
    odd = exercises["fedb_all_fours_quad_lift"]
    assert _roles(odd) == {"quadriceps": Role.PRIMARY}
    assert odd.level == 3  # "Expert"
    assert odd.equipment == frozenset()  # null equipment: none listed
    assert odd.pattern == "fedb_unspecified"  # null force
    assert odd.cues == ()  # instructions not a list


def test_activation_is_never_invented(sample: Path) -> None:
    for exercise in import_file(sample)[0]:
        for target in exercise.targets:
            assert target.activation_mvic is None


def test_tables_cover_the_vocabulary() -> None:
    assert len(VOCABULARY) == 17
    assert set(MUSCLES).isdisjoint(UNMAPPED_MUSCLES)
    assert dict(LEVELS) == {"beginner": 1, "intermediate": 2, "expert": 3}
    assert EQUIPMENT["dumbbell"].load_kind is LoadKind.WEIGHT
    for name in ("machine", "barbell", "kettlebells", "e-z curl bar", "other", "foam roll"):
        assert name not in EQUIPMENT


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


def _entry(**changes: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "id": "Band_Abduction",
        "name": "Band Abduction",
        "force": "push",
        "level": "beginner",
        "mechanic": "isolation",
        "equipment": "bands",
        "primaryMuscles": ["abductors"],
        "secondaryMuscles": [],
        "instructions": ["Press the knees out against the band."],
        "category": "strength",
        "images": [],
    }
    entry.update(changes)
    return entry


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ("not an object", "entry"),
        (None, "entry"),
        ({"force": "push"}, "entry"),
        (_entry(category=None), "category"),
        (_entry(category="plyometrics"), "category"),
        (_entry(equipment=3), "equipment"),
        (_entry(equipment="kettlebells"), "equipment"),
        (_entry(level="elite"), "level"),
        (_entry(level=None), "level"),
        (_entry(primaryMuscles="abductors"), "muscles"),
        (_entry(primaryMuscles=[]), "muscles"),
        (_entry(primaryMuscles=["abductors", "chest"]), "muscles"),
        (_entry(secondaryMuscles=[1]), "muscles"),
        (_entry(id="!!!", name="!!!"), "entry"),
        (_entry(name="x" * 3000), "invalid"),
    ],
)
def test_bad_entries_are_skipped_not_raised(entry: object, reason: str) -> None:
    exercises, report = convert([entry, _entry(id="Other", name="Other")])
    assert [e.id for e in exercises] == ["fedb_other"]
    assert [s.reason for s in report.skipped] == [reason]
    assert report.skipped[0].index == 0


def test_duplicate_ids_are_skipped() -> None:
    exercises, report = convert([_entry(), _entry(id="band abduction")])
    assert [e.id for e in exercises] == ["fedb_band_abduction"]
    assert report.skipped[0].reason == "duplicate"
    assert "already used by entry 0" in report.skipped[0].message


def test_entries_without_an_id_use_the_name() -> None:
    # The data set's per-exercise files have no "id" (only dist/exercises.json does).
    entry = _entry()
    del entry["id"]
    exercises, _ = convert([entry])
    assert exercises[0].id == "fedb_band_abduction"


def test_unmappable_secondary_muscles_are_dropped() -> None:
    exercises, report = convert([_entry(secondaryMuscles=["calves", "glutes", "calves"])])
    assert {t.muscle for t in exercises[0].targets} == {
        "gluteus_medius",
        "gluteus_minimus",
        "gluteus_maximus",
    }
    assert report.dropped_muscles == (("fedb_band_abduction", "calves"),)


def test_cues_are_trimmed_to_hipdips_limits() -> None:
    exercises, _ = convert([_entry(instructions=["  a   b  ", "x" * 2500, *["c"] * 30])])
    cues = exercises[0].cues
    assert cues[0] == "a b"
    assert len(cues[1]) == 2000
    assert cues[1].endswith("…")
    assert len(cues) == 20


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
