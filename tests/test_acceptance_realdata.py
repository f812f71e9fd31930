"""Acceptance pass on issues 15 and 18: weigh-in files, imported logs and pounds, as users misuse them."""

from __future__ import annotations

import datetime
import decimal
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hipdip.io
from hipdip import (
    Bodyweight,
    ExerciseLog,
    Measurement,
    MeasurementLog,
    Program,
    SessionLog,
    SetResult,
    TrainingLog,
    ValidationError,
    Weight,
    adjust_nutrition,
    nutrition_plan,
    progress,
)
from hipdip.cli import main
from hipdip.examples import example_profile, example_program
from hipdip.io import dumps
from hipdip.logs import assign, read_log, write_log
from hipdip.measurements import from_fhir, from_openmhealth, to_fhir

DAY = datetime.date(2024, 3, 4)


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    path = tmp_path / "me.json"
    path.write_text(dumps(example_profile()), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- #
# hipdip nutrition --measurements: the weigh-ins file is read as strictly as any document


def test_deeply_nested_weigh_ins_are_bad_input_not_a_bug(profile: Path, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 1500 + "]" * 1500, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "hipdip", "nutrition", str(profile), "--measurements", str(deep)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [f"error: {deep}: nested too deeply"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "empty (expected weigh-ins: a hipdip measurements document, a FHIR Bundle"),
        ("  \n", "empty (expected weigh-ins"),
        ('"hello"', "expected weigh-ins: a hipdip measurements document"),
        ("[]", "(got an empty array)"),
        ('{"measurements": [], "measurements": []}', "measurements: appears twice in one object"),
        ('{"resourceType": "Observation", "valueQuantity": {"value": NaN}}', "NaN is not allowed"),
    ],
)
def test_bad_weigh_in_files_name_the_file_and_the_problem(
    capsys: pytest.CaptureFixture[str], profile: Path, tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "weigh-ins.json"
    path.write_text(text, encoding="utf-8")
    code, out, err = _cli(capsys, "nutrition", str(profile), "--measurements", str(path))
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1 and err.startswith(f"error: {path}: "), err
    assert expected in err


def test_a_duplicate_key_in_a_fhir_bundle_is_named_with_its_path(
    capsys: pytest.CaptureFixture[str], profile: Path, tmp_path: Path
) -> None:
    bundle = to_fhir(MeasurementLog((Measurement(DAY, 65.0),)))
    text = json.dumps(bundle).replace('"value": 65.0', '"value": 65.0, "value": 99')
    path = tmp_path / "fhir.json"
    path.write_text(text, encoding="utf-8")
    code, _, err = _cli(capsys, "nutrition", str(profile), "--measurements", str(path))
    assert code == 2
    assert "entry[0].resource.valueQuantity.value: appears twice in one object" in err


def test_too_large_files_give_their_real_size(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    profile: Path,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(hipdip.io, "MAX_DOCUMENT_BYTES", 2000)  # the profile is smaller
    big = tmp_path / "big.csv"
    big.write_text("x" * 2500, encoding="utf-8")
    for argv in (["import-log", str(big)], ["nutrition", str(profile), "--measurements", str(big)]):
        code, _, err = _cli(capsys, *argv)
        assert code == 2
        assert f"{big}: too large: 2,500 bytes" in err, err


# --------------------------------------------------------------------------- #
# hipdip import-log: when nothing could be read, say why (in one line)


def test_import_log_that_reads_nothing_says_why(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "strong.csv"
    path.write_text(
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
        "Workout Notes,RPE\n"
        "2024-03-04 18:00:00,Hips,35m,Clamshel,1,0,15,0,0,,,\n"
        "yesterday,Hips,35m,Clamshell,1,0,15,0,0,,,\n",
        encoding="utf-8",
    )
    code, out, err = _cli(capsys, "import-log", str(path))
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1, err
    assert "nothing could be read" in err
    assert "unreadable values 1" in err
    assert "'Clamshel' (1 row; did you mean 'Clamshell'?)" in err


def test_import_log_of_an_unknown_file_points_at_the_option(
    capsys: pytest.CaptureFixture[str], profile: Path
) -> None:
    code, _, err = _cli(capsys, "import-log", str(profile))
    assert code == 2
    assert "name one with --format ID" in err and "format=" not in err


# --------------------------------------------------------------------------- #
# Pounds: what strong_csv writes is what a person would type, and reads back exactly


def _log_of(kg: float) -> TrainingLog:
    sets = (SetResult(reps=12, load=Weight(kg), rir=2),)
    exercise = ExerciseLog("standing_cable_hip_abduction", sets)
    return TrainingLog((SessionLog(exercises=(exercise,), date=DAY),))


def test_strong_csv_in_pounds_writes_the_pounds_a_person_reads() -> None:
    five_lb = 2.267962  # what hipdip stores for 5 lb (docs/logs.md)
    text = write_log(_log_of(five_lb), format="strong_csv", units="imperial")
    row = text.splitlines()[1].split(";")
    assert row[4:6] == ["5", "lbs"]
    text = write_log(_log_of(2.5), format="strong_csv", units="imperial")
    assert text.splitlines()[1].split(";")[4] == "5.511557"


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=500_000_000).map(lambda micro: micro / 1_000_000))
def test_strong_csv_in_pounds_round_trips(kg: float) -> None:
    log = _log_of(kg)
    text = write_log(log, format="strong_csv", units="imperial")
    weight = text.splitlines()[1].split(";")[4]
    assert len(weight.partition(".")[2]) <= 6
    assert read_log(text).log == log


# --------------------------------------------------------------------------- #
# Measurements: numbers of any real type become floats; units mistaken get a hint


def test_measurement_numbers_of_other_types_become_floats() -> None:
    numpy = pytest.importorskip("numpy")
    found = Measurement(DAY, decimal.Decimal("65.5"), body_fat_pct=numpy.int64(25))
    assert type(found.weight_kg) is float and type(found.body_fat_pct) is float
    assert json.loads(dumps(found))["weight_kg"] == 65.5


@pytest.mark.parametrize(
    ("kwargs", "hint"),
    [
        ({"weight_kg": 65, "height_cm": 1.65}, "1.65 looks like metres: give 165 cm"),
        ({"weight_kg": 440.9}, "440.9 looks like pounds"),
        ({"weight_kg": 65000}, "65000 looks like grams"),
    ],
)
def test_measurement_in_other_units_gets_a_hint(kwargs: dict[str, float], hint: str) -> None:
    with pytest.raises(ValidationError, match=hint):
        Measurement(DAY, **kwargs)


def test_fhir_and_openmhealth_errors_show_the_bad_value() -> None:
    bundle = to_fhir(MeasurementLog((Measurement(DAY, 65.0),)))
    bundle["entry"][0]["resource"]["valueQuantity"]["value"] = "65"
    with pytest.raises(ValidationError) as caught:
        from_fhir(bundle)
    assert str(caught.value) == "entry[0].resource.valueQuantity.value: must be a number (got '65')"
    point = {"body_weight": {"value": "70", "unit": "kg"}, "effective_time_frame": {}}
    with pytest.raises(ValidationError, match=r"body_weight\.value: must be a number \(got '70'\)"):
        from_openmhealth([point])


@pytest.mark.parametrize("measurements", [None, 3, "weigh-ins.json", {"resourceType": "Bundle"}])
def test_adjust_nutrition_names_measurements_of_the_wrong_kind(measurements: object) -> None:
    profile = example_profile()
    with pytest.raises(ValidationError, match=r"^measurements: must be a hipdip.MeasurementLog"):
        adjust_nutrition(profile, nutrition_plan(profile), measurements)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- #
# Dated logs: what progress cannot place names the log; assign checks its input


def _dated_log_with_an_unprescribed_exercise() -> tuple[Program, TrainingLog]:
    program = example_program()
    first = program.sessions[0].items[0]
    sets = tuple(SetResult(reps=12, load=first.load, rir=2) for _ in range(first.sets))
    extra = ExerciseLog("clamshell", (SetResult(reps=15),))
    session = SessionLog(exercises=(ExerciseLog(first.exercise, sets), extra), date=DAY)
    return program, TrainingLog((session,))


def test_progress_of_a_dated_log_names_the_log_for_what_it_cannot_place(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    program, log = _dated_log_with_an_unprescribed_exercise()
    with pytest.raises(ValidationError) as caught:
        progress(program, log)
    assert caught.value.errors[0] == "log.sessions[0]: clamshell: not prescribed in week 1 day 1"
    program_path, log_path = tmp_path / "program.json", tmp_path / "log.json"
    program_path.write_text(dumps(program), encoding="utf-8")
    log_path.write_text(dumps(log), encoding="utf-8")
    code, _, err = _cli(capsys, "progress", str(program_path), str(log_path))
    assert code == 2
    lines = err.splitlines()
    assert lines[0] == f"error: {log_path}: sessions[0]: clamshell: not prescribed in week 1 day 1"
    assert "hipdip import-log EXPORT.csv --program PROGRAM" in lines[1]


@pytest.mark.parametrize("sessions", [None, 3, "log.json", {"sessions": []}])
def test_assign_names_sessions_of_the_wrong_kind(sessions: object) -> None:
    with pytest.raises(ValidationError, match=r"^sessions: must be a TrainingLog or SessionLogs"):
        assign(example_program(), sessions)  # type: ignore[arg-type]


def test_a_weight_logged_on_a_band_exercise_is_reported() -> None:
    text = (
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
        "Workout Notes,RPE\n"
        "2024-03-04 18:00:00,Hips,35m,Lateral band walk,1,10,15,0,0,,,\n"
    )
    imported = read_log(text)
    assert imported.sessions[0].exercises[0].sets[0].load == Bodyweight()
    assert "weights on band exercises (ignored" in imported.report.summary()


def test_import_log_that_places_nothing_on_the_program_is_bad_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    program = tmp_path / "program.json"
    program.write_text(dumps(example_program()), encoding="utf-8")
    export = tmp_path / "strong.csv"
    export.write_text(
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
        "Workout Notes,RPE\n"
        "2024-03-04 18:00:00,Glutes,35m,Hip Thrust,1,40,10,0,0,,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "log.json"
    code, _, err = _cli(
        capsys, "import-log", str(export), "--program", str(program), "-o", str(out)
    )
    assert code == 2 and not out.exists()
    assert len(err.splitlines()) == 1, err
    assert f"{export}: nothing could be placed on {program}" in err
    assert "placed 0 sessions on the program; not placed: session 1 of the log (2024-03-04)" in err


def test_a_load_logged_in_pounds_gets_a_hint() -> None:
    program = example_program()
    first = program.sessions[0].items[0]
    assert isinstance(first.load, Weight)
    pounds = round(first.load.kg / 0.45359237, 1)  # the prescribed weight, typed in lb
    sets = tuple(SetResult(reps=12, load=Weight(pounds), rir=2) for _ in range(first.sets))
    log = TrainingLog((SessionLog(1, 1, (ExerciseLog(first.exercise, sets),)),))
    with pytest.raises(ValidationError) as caught:
        progress(program, log)
    assert f"({pounds:g} lb = {first.load.kg:.2f} kg: logged in pounds? logs are in kg)" in str(
        caught.value
    )
