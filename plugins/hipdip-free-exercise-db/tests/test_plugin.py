"""The plugin inside hipdip on the real data: configuration, the catalogue, the planner, contracts."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import hipdip_free_exercise_db
import pytest
from conftest import REAL, real_subset
from hipdip_free_exercise_db import ENV_VAR, configure, import_file, last_import_report

import hipdip
from hipdip import Exercise
from hipdip.plugins import HipdipPluginManager, make_plugin_manager
from hipdip.testing.contracts import ExerciseContract

Register = Callable[..., str]
PLUGIN = "hipdip_free_exercise_db"


def _manager_with_the_real_file() -> HipdipPluginManager:
    """Built-ins plus the plugin on the real file, the catalogue built once, here."""
    configure(REAL)
    try:
        pm = make_plugin_manager(entry_points=False, plugins=[hipdip_free_exercise_db])
        hipdip.catalog(pm)
    finally:
        configure(None)
    return pm


PM = _manager_with_the_real_file()
CAT = hipdip.catalog(PM)
IMPORTED = tuple(e for e in CAT.exercises.values() if e.id.startswith("fedb_"))


def _can_do(person: hipdip.Profile, exercise: Exercise) -> bool:
    """What the planner asks first (hipdip.ladders.can_do): the equipment and the level."""
    return exercise.equipment <= person.equipment and exercise.level <= person.experience.level


def _person(experience: str, *equipment: str) -> hipdip.Profile:
    return hipdip.Profile(
        sex="female",
        age=30,
        body=hipdip.BodyComposition(weight_kg=65, height_cm=165),
        experience=experience,
        equipment=frozenset(equipment),
        days_per_week=3,
        session_minutes=45,
    )


class TestImportedExercises(ExerciseContract):
    """hipdip's exercise checks on every exercise imported from the real file (200)."""

    @pytest.fixture
    def plugin_manager(self) -> HipdipPluginManager:
        return PM  # holds every imported exercise already: nothing is registered again

    @pytest.fixture(params=IMPORTED, ids=lambda e: e.id)
    def exercise(self, request: pytest.FixtureRequest) -> Exercise:
        return request.param  # type: ignore[no-any-return]


def test_the_real_file_is_in_the_catalogue() -> None:
    assert len(IMPORTED) == 200
    assert CAT.provider("exercises", "fedb_monster_walk") == PLUGIN
    assert "clamshell" in CAT.exercises  # the built-in catalogue is untouched


# --------------------------------------------------------------------------- #
# The hip-abductor and glute strength work of the real data, available to the planner

#: Real entries (hip abductors or glutes as the primary muscle, strength or
#: powerlifting) → the catalogue exercise that stands for them, and equipment
#: a person needs for it.
GLUTE_WORK: dict[str, tuple[str, tuple[str, ...]]] = {
    "Monster_Walk": ("fedb_monster_walk", ("band",)),
    "Thigh_Abductor": ("seated_hip_abduction_machine", ("machine",)),  # merged
    "Barbell_Hip_Thrust": ("barbell_hip_thrust", ("barbell", "bench")),  # merged
    "Hip_Lift_with_Band": ("fedb_hip_lift_with_band", ("band",)),
    "Barbell_Glute_Bridge": ("fedb_barbell_glute_bridge", ("barbell",)),
    "Butt_Lift_Bridge": ("glute_bridge", ()),  # merged
    "Single_Leg_Glute_Bridge": ("single_leg_glute_bridge", ()),  # merged
    "Glute_Kickback": ("fedb_glute_kickback", ()),
    "One-Legged_Cable_Kickback": ("fedb_one_legged_cable_kickback", ("cable",)),
    "Hip_Extension_with_Bands": ("fedb_hip_extension_with_bands", ("band",)),
    "Leg_Lift": ("fedb_leg_lift", ()),
    "Flutter_Kicks": ("fedb_flutter_kicks", ()),
    "Pull_Through": ("fedb_pull_through", ("cable",)),
    "Step-up_with_Knee_Raise": ("fedb_step_up_with_knee_raise", ("step",)),  # onto a step
    "Kneeling_Squat": ("fedb_kneeling_squat", ("barbell",)),
}


@pytest.mark.parametrize("source_id", sorted(GLUTE_WORK))
def test_glute_strength_work_is_in_the_catalogue_for_whoever_can_do_it(source_id: str) -> None:
    exercise_id, equipment = GLUTE_WORK[source_id]
    exercise = CAT.exercises[exercise_id]
    assert exercise.target("gluteus_medius") or exercise.target("gluteus_maximus")
    assert _can_do(_person("advanced", *equipment), exercise)


def test_the_glute_work_list_is_complete() -> None:
    # Every real strength/powerlifting entry led by the hip abductors or glutes, except
    # the ones with equipment hipdip cannot name (an exercise ball).
    from conftest import entries

    wanted = {
        e["id"]
        for e in entries()
        if e["category"] in ("strength", "powerlifting")
        and set(e["primaryMuscles"]) & {"abductors", "glutes"}
    }
    assert wanted - set(GLUTE_WORK) == {"Downward_Facing_Balance", "Physioball_Hip_Bridge"}


def test_monster_walk_is_planned_for_someone_with_a_band() -> None:
    person = _person("intermediate", "band")
    program = hipdip.plan_program(person, weeks=4, pm=PM)
    planned = {item.exercise for session in program.sessions for item in session.items}
    assert "fedb_monster_walk" in planned
    walk = CAT.exercises["fedb_monster_walk"]
    assert walk.tags == frozenset({"weight_bearing"})  # its abduction role
    item = next(i for s in program.sessions for i in s.items if i.exercise == walk.id)
    assert item.load == hipdip.Band("light", "ankles")  # the band where the instructions put it
    findings = hipdip.validate_program(program, pm=PM)
    assert [f for f in findings if f.severity is hipdip.Severity.ERROR] == []


def test_the_machine_is_planned_for_someone_who_has_one() -> None:
    # Intermediate people start on the hardest rung they can do (a beginner climbs to it).
    program = hipdip.plan_program(_person("intermediate", "machine"), weeks=2, pm=PM)
    planned = {item.exercise for session in program.sessions for item in session.items}
    assert "seated_hip_abduction_machine" in planned  # Thigh Abductor, merged
    harder = CAT.harder_variants("ankle_weight_side_lying_hip_abduction")
    assert "seated_hip_abduction_machine" in [e.id for e in harder]


def test_a_persons_avoid_leaves_imported_exercises_out() -> None:
    # The tags Profile.avoid and limitations read (knee pain: kneeling, deep knee flexion).
    assert "kneeling" in CAT.exercises["fedb_glute_kickback"].tags
    assert "deep_knee_flexion" in CAT.exercises["fedb_bodyweight_walking_lunge"].tags
    assert "plyometric" in CAT.exercises["fedb_lateral_bound"].tags
    # Planned with avoid and limitations: none of the tagged imported exercises appears.
    person = hipdip.Profile(
        sex="female",
        age=30,
        body=hipdip.BodyComposition(weight_kg=65, height_cm=165),
        experience="advanced",
        limitations={"knee_pain"},
        avoid={"plyometric"},
    )
    program = hipdip.plan_program(person, weeks=2, pm=PM)
    for exercise_id in {i.exercise for s in program.sessions for i in s.items}:
        tags = CAT.exercises[exercise_id].tags
        assert not tags & {"kneeling", "deep_knee_flexion", "plyometric"}, exercise_id


# --------------------------------------------------------------------------- #
# Configuration and failure


def test_nothing_configured_adds_nothing(
    hipdip_pm: HipdipPluginManager, hipdip_register: Register
) -> None:
    before = set(hipdip.catalog(hipdip_pm).exercises)
    hipdip_register(hipdip_free_exercise_db)
    assert set(hipdip.catalog(hipdip_pm).exercises) == before


def test_env_var_imports_into_the_catalogue(
    hipdip_pm: HipdipPluginManager,
    hipdip_register: Register,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    path = real_subset(tmp_path, "Monster_Walk", "Pushups", "Thigh_Abductor", "Leg_Lift")
    monkeypatch.setenv(ENV_VAR, str(path))
    hipdip_register(hipdip_free_exercise_db)
    cat = hipdip.catalog(hipdip_pm)
    assert cat.exercises["fedb_monster_walk"].name == "Monster Walk"
    assert cat.provider("exercises", "fedb_monster_walk") == PLUGIN
    assert "fedb_pushups" not in cat.exercises
    assert "fedb_thigh_abductor" not in cat.exercises  # merged into the built-in machine
    report = last_import_report()
    assert report is not None
    assert report.path == str(path)
    assert (report.imported_count, report.skipped_by_reason) == (2, {"merged": 1, "muscles": 1})


def test_configure_wins_over_the_env_var(
    hipdip_pm: HipdipPluginManager,
    hipdip_register: Register,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    path = real_subset(tmp_path, "Glute_Kickback")
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "elsewhere.json"))
    configure(path)
    assert hipdip_free_exercise_db.configured_path() == str(path)
    hipdip_register(hipdip_free_exercise_db)
    assert "fedb_glute_kickback" in hipdip.catalog(hipdip_pm).exercises
    configure(None)
    assert hipdip_free_exercise_db.configured_path() == str(tmp_path / "elsewhere.json")


def test_logs_a_summary(
    hipdip_pm: HipdipPluginManager,
    hipdip_register: Register,
    caplog: pytest.LogCaptureFixture,
) -> None:
    configure(REAL)
    with caplog.at_level(logging.INFO, logger=PLUGIN):
        hipdip_register(hipdip_free_exercise_db)  # builds the catalogue
        hipdip.catalog(hipdip_pm)
    assert any(
        "imported 200 of 873 exercises; skipped 673" in record.getMessage()
        and record.levelno == logging.INFO
        for record in caplog.records
    )


def test_missing_file_is_a_warning_not_a_crash(
    hipdip_pm: HipdipPluginManager, hipdip_register: Register, tmp_path: Path
) -> None:
    missing = tmp_path / "missing.json"
    configure(missing)
    # check=False: register as an application would, without the fixture's strict check.
    hipdip_register(hipdip_free_exercise_db, check=False)
    with pytest.warns(hipdip.HipdipPluginWarning, match=r"hipdip_free_exercise_db.*missing\.json"):
        cat = hipdip.catalog(hipdip_pm)
    assert "clamshell" in cat.exercises  # the rest of hipdip keeps working
    report = last_import_report()
    assert report is not None
    assert report.error is not None
    assert "missing.json" in report.error


def test_invalid_json_is_a_warning_naming_the_file(
    hipdip_pm: HipdipPluginManager, hipdip_register: Register, tmp_path: Path
) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text("[{", encoding="utf-8")
    configure(bad)
    hipdip_register(hipdip_free_exercise_db, check=False)
    with pytest.warns(hipdip.HipdipPluginWarning, match=r"broken\.json.*not valid JSON"):
        hipdip.catalog(hipdip_pm)


def test_strict_mode_makes_it_an_error(
    hipdip_pm: HipdipPluginManager,
    hipdip_register: Register,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("HIPDIP_STRICT_PLUGINS", "1")
    configure(tmp_path / "missing.json")
    hipdip_register(hipdip_free_exercise_db, check=False)
    with pytest.raises(hipdip.PluginError, match=r"missing\.json"):
        hipdip.catalog(hipdip_pm)


def test_the_test_fixture_refuses_it_loudly(
    hipdip_pm: HipdipPluginManager, hipdip_register: Register, tmp_path: Path
) -> None:
    # In a test, hipdip_register builds the catalogue and raises instead of warning.
    configure(tmp_path / "missing.json")
    with pytest.raises(hipdip.PluginError, match=r"hipdip_free_exercise_db.*missing\.json"):
        hipdip_register(hipdip_free_exercise_db)


def test_a_fresh_manager_sees_a_new_configuration(tmp_path: Path) -> None:
    pm = make_plugin_manager(entry_points=False, plugins=[hipdip_free_exercise_db])
    assert "fedb_monster_walk" not in hipdip.catalog(pm).exercises
    configure(real_subset(tmp_path, "Monster_Walk"))
    # Catalogues are built once per manager: a new manager reads the new path.
    pm = make_plugin_manager(entry_points=False, plugins=[hipdip_free_exercise_db])
    assert "fedb_monster_walk" in hipdip.catalog(pm).exercises


def test_import_file_and_the_hook_agree() -> None:
    exercises, _ = import_file(REAL)
    assert exercises == IMPORTED
