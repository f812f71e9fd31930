"""The CLI on real data: import-log, export-log, nutrition --measurements, --units everywhere."""

from __future__ import annotations

import datetime
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from hipdip import Measurement, MeasurementLog, TrainingLog
from hipdip import plugins as hipdip_plugins
from hipdip.cli import _COMMANDS, main
from hipdip.examples import example_profile, example_program
from hipdip.io import dumps, loads
from hipdip.measurements import to_fhir, to_openmhealth
from hipdip.plugins import HipdipPluginManager, make_plugin_manager

DATA = Path(__file__).parent / "data" / "logs"
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def pm(monkeypatch: pytest.MonkeyPatch) -> HipdipPluginManager:
    manager = make_plugin_manager(entry_points=False)
    monkeypatch.setattr(hipdip_plugins, "_default", manager)
    return manager


@pytest.fixture
def run(pm: HipdipPluginManager, capsys: pytest.CaptureFixture[str]) -> Run:
    def run(*argv: str, stdin: str | None = None) -> tuple[int, str, str]:
        if stdin is not None:
            stream = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(sys, "stdin", stream)
                code = main(list(argv))
        else:
            code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def one_error(result: tuple[int, str, str], *fragments: str) -> str:
    code, out, err = result
    assert code == 2, err
    assert out == "" and "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def test_import_log_prints_the_log_and_the_report(run: Run) -> None:
    code, out, err = run("import-log", str(DATA / "hevy_kg.csv"))
    assert code == 0, err
    log = loads(out, TrainingLog)
    assert log.sessions[0].date == datetime.date(2024, 3, 4)
    assert err.startswith("hevy_csv: 8 rows read, 6 used")
    assert "'Leg Press (Machine)'" in err


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_import_log_reads_utf16_or_32_with_its_mark_and_tells_how_to_save_other_text(
    run: Run, tmp_path: Path, encoding: str
) -> None:
    """Was (an attacker's review): a UTF-16 export (a spreadsheet's "Unicode text") was
    "not UTF-8 text (byte 0)" with no advice, while JSON documents in UTF-16 were read."""
    text = (DATA / "hevy_kg.csv").read_text(encoding="utf-8")
    path = tmp_path / "hevy16.csv"
    mark = "\ufeff" if encoding.endswith("-be") else ""  # utf-16 and utf-32 write their own
    path.write_bytes((mark + text).encode(encoding))
    code, out, err = run("import-log", str(path))
    assert code == 0, err
    assert loads(out, TrainingLog) == loads(
        run("import-log", str(DATA / "hevy_kg.csv"))[1], TrainingLog
    )
    latin = tmp_path / "latin.csv"
    latin.write_bytes(text.replace("Hip", "H\u00efp").encode("latin-1"))
    one_error(
        run("import-log", str(latin)),
        "latin.csv: not UTF-8 text (byte",
        'save it as UTF-8 (a spreadsheet\'s "CSV UTF-8")',
    )
    bare = tmp_path / "bare.csv"
    bare.write_bytes(text.encode("utf-16-le"))  # no mark
    one_error(run("import-log", str(bare)), "bare.csv: holds NUL characters", "save it as UTF-8")


def test_import_log_onto_a_program_and_progress(run: Run, tmp_path: Path) -> None:
    program = tmp_path / "program.json"
    program.write_text(dumps(example_program()), encoding="utf-8")
    out_file = tmp_path / "log.json"
    code, out, err = run(
        "import-log", str(DATA / "strong.csv"), "--program", str(program), "-o", str(out_file)
    )
    assert code == 0, err
    assert "placed 2 sessions on the program" in err  # the report
    assert out == f"wrote {out_file}\n"
    log = loads(out_file.read_text(encoding="utf-8"), TrainingLog)
    assert [(s.week, s.day) for s in log.sessions] == [(1, 1), (1, 2)]
    code, out, err = run("progress", str(program), str(out_file), "--units", "imperial")
    assert code == 0, err
    assert "lb ankle weight" in out and " kg" not in out.split("## Done volume")[0].split("Why")[0]


def test_import_log_reads_stdin_in_pounds(run: Run) -> None:
    text = (DATA / "strong.csv").read_text(encoding="utf-8")
    code, out, err = run("import-log", "-", "--units", "imperial", stdin=text)
    assert code == 0, err
    first = loads(out, TrainingLog).sessions[0].exercises[0].sets[0]
    assert first.load.kg == pytest.approx(0.453592)  # type: ignore[union-attr]
    assert "kg or lb" not in err


def test_import_log_never_writes_a_log_hipdip_cannot_read_back(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Years of history (8,000 workouts, a 7 MB export) gave a 21 MB indented log that
    # `hipdip progress` and `export-log` then refused as over the 16 MiB they read. The limit
    # is made small here to stand for it: the log is written compact when that fits ...
    import hipdip.io

    header = (DATA / "strong.csv").read_text(encoding="utf-8").splitlines()[0]
    export = tmp_path / "strong.csv"
    export.write_text(
        "\n".join(
            [header]
            + [
                f"2024-03-{day:02} 18:00:00,H,9m,Clamshell,{n},0,15,0,0,,,8"
                for day in range(1, 29)
                for n in range(1, 6)
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    indented = run("import-log", str(export))[1]
    compact = dumps(loads(indented, TrainingLog)) + "\n"
    assert export.stat().st_size < len(compact.encode()) < len(indented.encode())
    monkeypatch.setattr(hipdip.io, "MAX_DOCUMENT_BYTES", len(compact.encode()) + 10)
    out_file = tmp_path / "log.json"
    code, _, err = run("import-log", str(export), "-o", str(out_file))
    assert code == 0, err
    assert out_file.read_text(encoding="utf-8") == compact
    code, _, err = run("export-log", str(out_file), "--format", "strong_csv")
    assert code == 0, err
    # ... and is not written at all when even that is too large: one error line, exit 2.
    monkeypatch.setattr(hipdip.io, "MAX_DOCUMENT_BYTES", export.stat().st_size + 10)
    out_file.unlink()
    line = one_error(
        run("import-log", str(export), "-o", str(out_file)),
        "strong.csv:",
        "more than the",
        "--program",
    )
    assert "nothing written" in line
    assert not out_file.exists()


def test_export_log_writes_strong_csv(run: Run, tmp_path: Path) -> None:
    code, out, _ = run("import-log", str(DATA / "fitnotes_kgs.csv"))
    log_file = tmp_path / "log.json"
    log_file.write_text(out, encoding="utf-8")
    code, out, err = run("export-log", str(log_file), "--format", "strong_csv")
    assert code == 0, err
    assert out.startswith("Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit")
    target = tmp_path / "strong.csv"
    code, out, err = run(
        "export-log",
        str(log_file),
        "--format",
        "strong_csv",
        "--units",
        "imperial",
        "-o",
        str(target),
    )
    assert code == 0 and out == f"wrote {target}\n"
    assert ";lbs;" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("argv", "fragments"),
    [
        (["import-log", "missing.csv"], ("missing.csv: no such file",)),
        (["import-log", "{profile}"], ("{profile}: text: not a training log",)),
        (["import-log", "{empty}"], ("{empty}: nothing could be read",)),
        (
            ["import-log", "{csv}", "--format", "strong_cvs"],
            ("unknown log format id", "strong_csv"),
        ),
        (["export-log", "{log}", "--format", "hevy_csv"], ("cannot write",)),
        (["nutrition", "{profile}", "--measurements", "{bad}"], ("{bad}:", "unknown field")),
        (
            ["nutrition", "{profile}", "--measurements", "missing.json"],
            ("missing.json: no such file",),
        ),
    ],
)
def test_bad_input_is_one_error_line_naming_the_file(
    run: Run, tmp_path: Path, argv: list[str], fragments: tuple[str, ...]
) -> None:
    paths = {
        "profile": tmp_path / "me.json",
        "empty": tmp_path / "empty.csv",
        "csv": DATA / "strong.csv",
        "log": tmp_path / "log.json",
        "bad": tmp_path / "bad.json",
    }
    paths["profile"].write_text(dumps(example_profile()), encoding="utf-8")
    paths["empty"].write_text((DATA / "strong.csv").read_text().splitlines()[0] + "\n")
    paths["log"].write_text(dumps(TrainingLog()), encoding="utf-8")
    paths["bad"].write_text('{"weigh_ins": []}', encoding="utf-8")
    names = {key: str(path) for key, path in paths.items()}
    one_error(
        run(*(arg.format(**names) for arg in argv)),
        *(fragment.format(**names) for fragment in fragments),
    )


@pytest.mark.parametrize("kind", ["hipdip", "fhir", "openmhealth"])
def test_nutrition_with_measurements(run: Run, tmp_path: Path, kind: str) -> None:
    profile = tmp_path / "me.json"
    profile.write_text(dumps(example_profile()), encoding="utf-8")
    start = datetime.date(2024, 3, 1)
    log = MeasurementLog(
        tuple(Measurement(start + datetime.timedelta(d), 65.5 - d / 7) for d in range(0, 22, 3))
    )
    data = {
        "hipdip": dumps(log),
        "fhir": json.dumps(to_fhir(log)),
        "openmhealth": json.dumps(to_openmhealth(log)),
    }[kind]
    weigh_ins = tmp_path / "m.json"
    weigh_ins.write_text(data, encoding="utf-8")
    code, plain, err = run("nutrition", str(profile), "--format", "json")
    code, adjusted, err = run(
        "nutrition", str(profile), "--measurements", str(weigh_ins), "--format", "json"
    )
    assert code == 0, err
    before, after = json.loads(plain)["target_kcal"], json.loads(adjusted)["target_kcal"]
    assert after == pytest.approx(before + 250)  # losing 1 kg/week on a maintenance plan
    code, text, err = run("nutrition", str(profile), "--measurements", str(weigh_ins))
    assert "adapt_energy" in text and "−1.00 kg/week" in text


def test_every_command_takes_units(run: Run, tmp_path: Path) -> None:
    profile = tmp_path / "me.json"
    profile.write_text(dumps(example_profile()), encoding="utf-8")
    for command in _COMMANDS:
        code, out, err = run(command, "--help")
        assert code == 0 and "--units {metric,imperial}" in out, command
    code, out, _ = run("plan", str(profile), "--weeks", "1", "--units", "imperial")
    assert code == 0 and "2.2 lb ankle weight" in out
    code, out, _ = run(
        "plan", str(profile), "--weeks", "1", "--units", "imperial", "--format", "json"
    )
    assert '"kg": 1.0' in out  # JSON stays metric
    code, out, _ = run("nutrition", str(profile), "--units", "imperial")
    assert code == 0
    code, _, err = run("plan", str(profile), "--units", "stone")  # argparse's usage error
    assert code == 2 and "argument --units: invalid choice: 'stone'" in err


def test_the_import_report_reads_as_prose(run: Run, tmp_path: Path) -> None:
    # A Strong export without a unit: the note says what to do in the command's own words
    # (no Python repr), and the placement lines count sessions for people.
    export = tmp_path / "strong.csv"
    export.write_text(
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
        "Workout Notes,RPE\n"
        "2024-03-04 18:00:00,Hips,40m,Clamshell,1,0,15,0,0,,,8\n"
        "2024-03-04 18:00:00,Hips,40m,Glute Bridge,1,0,12,0,0,,,8\n",
        encoding="utf-8",
    )
    program = tmp_path / "program.json"
    program.write_text(dumps(example_program()), encoding="utf-8")
    code, _, err = run("import-log", str(export), "--program", str(program))
    assert code == 0, err
    assert "units='imperial'" not in err and "units=" not in err
    assert (
        "note: this Strong export does not say whether weights are kg or lb: read as kg; if they "
        "are pounds, import it again in imperial units (hipdip import-log --units imperial)"
    ) in err.splitlines()
    assert "placed 1 session on the program" in err.splitlines()
    assert any(line.startswith("left out of session 1 of the log: ") for line in err.splitlines())


def test_nutrition_reads_a_waist_taken_on_a_day_without_a_weigh_in(
    run: Run, tmp_path: Path
) -> None:
    # Was refused ("has no body weight at that time"); the reading is kept, the trend is
    # the weigh-ins', and a report draws the waist on its own date.
    profile = tmp_path / "me.json"
    profile.write_text(dumps(example_profile()), encoding="utf-8")
    start = datetime.date(2024, 3, 1)
    weighed = MeasurementLog(
        tuple(Measurement(start + datetime.timedelta(d), 65.5 - d / 7) for d in range(0, 22, 3))
    )
    waist = Measurement(start + datetime.timedelta(22), waist_cm=79.5)
    bundle = to_fhir(MeasurementLog((*weighed.measurements, waist)))
    weigh_ins, only_weighed = tmp_path / "m.json", tmp_path / "w.json"
    weigh_ins.write_text(json.dumps(bundle), encoding="utf-8")
    only_weighed.write_text(json.dumps(to_fhir(weighed)), encoding="utf-8")
    code, adjusted, err = run("nutrition", str(profile), "--measurements", str(weigh_ins))
    assert code == 0, err
    assert adjusted == run("nutrition", str(profile), "--measurements", str(only_weighed))[1]
    program = tmp_path / "program.json"
    program.write_text(dumps(example_program()), encoding="utf-8")
    page = tmp_path / "report.html"
    code, _, err = run("report", str(program), "--measurements", str(weigh_ins), "-o", str(page))
    assert code == 0, err
    assert "measurements" in page.read_text(encoding="utf-8")
    waists = tmp_path / "waists.json"
    waists.write_text(json.dumps(to_fhir(MeasurementLog((waist,)))), encoding="utf-8")
    one_error(
        run("nutrition", str(profile), "--measurements", str(waists)),
        f"{waists}",
        "give at least one weigh-in (got none: 1 measurement without a weight)",
    )
