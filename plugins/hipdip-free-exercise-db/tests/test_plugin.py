"""The plugin inside hipdip: configuration, the catalogue, robust failure, contract checks."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import hipdip_free_exercise_db
import pytest
from hipdip_free_exercise_db import ENV_VAR, configure, import_file, last_import_report

import hipdip
from hipdip import Exercise
from hipdip.plugins import HipdipPluginManager, make_plugin_manager
from hipdip.testing.contracts import ExerciseContract

Register = Callable[..., str]
PLUGIN = "hipdip_free_exercise_db"
SAMPLE = Path(__file__).parent / "data" / "exercises.json"


class TestImportedExercises(ExerciseContract):
    """hipdip's exercise checks on every exercise imported from the sample file."""

    @pytest.fixture(params=import_file(SAMPLE)[0], ids=lambda e: e.id)
    def exercise(self, request: pytest.FixtureRequest) -> Exercise:
        return request.param  # type: ignore[no-any-return]


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
    sample: Path,
) -> None:
    monkeypatch.setenv(ENV_VAR, str(sample))
    hipdip_register(hipdip_free_exercise_db)
    cat = hipdip.catalog(hipdip_pm)
    assert cat.exercises["fedb_monster_walk"].name == "Monster Walk"
    assert cat.provider("exercises", "fedb_monster_walk") == PLUGIN
    assert "fedb_pushups" not in cat.exercises
    # The built-in catalogue is untouched.
    assert "clamshell" in cat.exercises
    report = last_import_report()
    assert report is not None
    assert report.path == str(sample)
    assert report.imported_count == 6
    assert report.skipped_count == 4


def test_configure_wins_over_the_env_var(
    hipdip_pm: HipdipPluginManager,
    hipdip_register: Register,
    monkeypatch: pytest.MonkeyPatch,
    sample: Path,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "elsewhere.json"))
    configure(sample)
    assert hipdip_free_exercise_db.configured_path() == str(sample)
    hipdip_register(hipdip_free_exercise_db)
    assert "fedb_glute_bridge" in hipdip.catalog(hipdip_pm).exercises
    configure(None)
    assert hipdip_free_exercise_db.configured_path() == str(tmp_path / "elsewhere.json")


def test_logs_a_summary(
    hipdip_pm: HipdipPluginManager,
    hipdip_register: Register,
    caplog: pytest.LogCaptureFixture,
    sample: Path,
) -> None:
    configure(sample)
    with caplog.at_level(logging.INFO, logger=PLUGIN):
        hipdip_register(hipdip_free_exercise_db)  # builds the catalogue
        hipdip.catalog(hipdip_pm)
    assert any(
        "imported 6 of 10 exercises; skipped 4" in record.getMessage()
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


def test_planning_with_imported_exercises(
    hipdip_pm: HipdipPluginManager, hipdip_register: Register, sample: Path
) -> None:
    configure(sample)
    hipdip_register(hipdip_free_exercise_db)
    profile = hipdip.Profile(
        sex="female",
        age=30,
        body=hipdip.BodyComposition(weight_kg=65, height_cm=165),
        experience="intermediate",
        equipment=frozenset({"band", "cable"}),
        days_per_week=3,
        session_minutes=45,
    )
    program = hipdip.plan_program(profile, weeks=6, pm=hipdip_pm)
    findings = hipdip.validate_program(program, pm=hipdip_pm)
    assert [f for f in findings if f.severity is hipdip.Severity.ERROR] == []


def test_a_fresh_manager_sees_a_new_configuration(sample: Path) -> None:
    pm = make_plugin_manager(entry_points=False, plugins=[hipdip_free_exercise_db])
    assert "fedb_monster_walk" not in hipdip.catalog(pm).exercises
    configure(sample)
    # Catalogues are built once per manager: a new manager reads the new path.
    pm = make_plugin_manager(entry_points=False, plugins=[hipdip_free_exercise_db])
    assert "fedb_monster_walk" in hipdip.catalog(pm).exercises
