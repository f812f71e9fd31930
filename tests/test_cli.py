"""The hipdip command: every command, JSON round trips, and bad input as error lines."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

import hipdip
from hipdip import PluginError, Program, Reps, TrainingLog
from hipdip import plugins as hipdip_plugins
from hipdip.cli import main
from hipdip.examples import example_log, example_profile, example_program
from hipdip.io import dumps, from_dict, loads, to_dict
from hipdip.plugins import HipdipPluginManager, make_plugin_manager
from hipdip.protocols import Target
from hipdip.schema import DOCUMENTS, example_document, json_schema

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def pm(monkeypatch: pytest.MonkeyPatch) -> HipdipPluginManager:
    """The CLI's default plugin manager, isolated: built-ins only for this test."""
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


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """Example profile, program and log documents on disk."""
    paths = {}
    for name in DOCUMENTS:
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(example_document(name)), encoding="utf-8")
        paths[name] = path
    return paths


def bad(result: tuple[int, str, str]) -> list[str]:
    """The error lines of a failed run (and checks it failed the CLI way)."""
    code, out, err = result
    assert code == 2, err
    assert out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert lines and all(line.startswith("error: ") for line in lines), err
    return lines


# --------------------------------------------------------------------------- #
# plan


def test_plan_example_prints_readable_markdown(run: Run) -> None:
    code, out, err = run("plan", "--example")
    assert (code, err) == (0, "")
    assert out.startswith("# Hip program: 8 weeks, 3 days a week\n")
    assert out.count("\n## Week ") == 8
    assert "· deload ·" in out
    assert "ankle weight" in out and "per side" in out


def test_plan_json_round_trips(run: Run, files: dict[str, Path]) -> None:
    code, out, _ = run("plan", str(files["profile"]), "--weeks", "4", "--format", "json")
    assert code == 0
    program = loads(out, Program)
    assert program == hipdip.plan_program(example_profile(), weeks=4)
    assert json.loads(out)["schema_version"] == 1
    assert out == dumps(program, indent=2) + "\n"


def test_plan_reads_stdin(run: Run) -> None:
    code, out, _ = run("plan", "-", "--scheme", "dup", stdin=dumps(example_profile()))
    assert code == 0
    assert "(`dup`)" in out


def test_plan_with_a_plugin_scheme(run: Run, pm: HipdipPluginManager) -> None:
    class Wave:
        id = "wave"
        name = "Wave"

        def target(self, week: int, day: int, *, weeks: int, days_per_week: int) -> Target:
            deload = week % 6 == 0
            return Target(Reps(12, 15), 4 if deload else 2, 0.5 if deload else 1.0, deload)

    class Plugin:
        @hipdip.hookimpl
        def hipdip_register_schemes(self, register: Callable[[object], None]) -> None:
            register(Wave())

    pm.register(Plugin(), name="test-wave")
    code, out, err = run("plan", "--example", "--scheme", "wave")
    assert (code, err) == (0, "")
    assert "Wave (`wave`)" in out and "12–15" in out


def test_missing_file(run: Run, tmp_path: Path) -> None:
    assert bad(run("plan", str(tmp_path / "nope.json"))) == [
        f"error: {tmp_path / 'nope.json'}: no such file"
    ]


def test_directory_instead_of_file(run: Run, tmp_path: Path) -> None:
    assert "is a directory" in bad(run("assess", str(tmp_path)))[0]


def test_bad_json(run: Run) -> None:
    lines = bad(run("nutrition", "-", stdin="{not json"))
    assert lines == [
        "error: <stdin>: invalid JSON at line 1 column 2: "
        "Expecting property name enclosed in double quotes"
    ]


def test_invalid_fields_give_one_line_each_with_the_path(run: Run, tmp_path: Path) -> None:
    data = to_dict(example_profile())
    data["body"]["height_cm"] = "tall"
    data["experience"] = "pro"
    data["colour"] = "blue"
    path = tmp_path / "me.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    lines = bad(run("plan", str(path)))
    assert len(lines) == 3
    assert f"error: {path}: body.height_cm: expected a number (got 'tall')" in lines
    assert any(line.startswith(f"error: {path}: experience: must be one of") for line in lines)
    assert any(line.startswith(f"error: {path}: colour: unknown field") for line in lines)


def test_value_out_of_range(run: Run) -> None:
    data = to_dict(example_profile())
    data["body"]["weight_kg"] = -1
    lines = bad(run("assess", "-", stdin=json.dumps(data)))
    assert len(lines) == 1
    assert lines[0].startswith("error: <stdin>: body.weight_kg: must be > 0")


def test_unknown_scheme_suggests(run: Run) -> None:
    assert bad(run("plan", "--example", "--scheme", "lineer")) == [
        "error: --scheme: unknown scheme id 'lineer'; did you mean 'linear'?"
    ]


def test_weeks_out_of_range_names_the_option(run: Run) -> None:
    assert bad(run("plan", "--example", "--weeks", "0")) == [
        "error: --weeks: must be an integer between 1 and 52 (got 0)"
    ]


def test_planning_error_is_one_clear_line(run: Run) -> None:
    # Bodyweight only: not even 4 hard sets fit 2 × 10 minutes (with a band they do).
    short = attrs.evolve(
        example_profile(),
        experience="beginner",
        equipment=frozenset(),
        days_per_week=2,
        session_minutes=10,
    )
    lines = bad(run("plan", "-", stdin=dumps(short)))
    assert len(lines) == 1
    assert lines[0].startswith("error: cannot plan this profile: cannot fit even 4 weekly")
    assert "minutes per session" in lines[0]


def test_plan_needs_exactly_one_profile(run: Run, files: dict[str, Path]) -> None:
    assert "or --example" in bad(run("plan"))[0]
    assert "not both" in bad(run("plan", str(files["profile"]), "--example"))[0]


def test_the_wrong_kind_of_document_is_named(run: Run, files: dict[str, Path]) -> None:
    lines = bad(run("progress", str(files["program"]), str(files["profile"])))
    assert lines == [
        f"error: {files['profile']}: this is a profile document, but a log is expected here "
        "(see: hipdip schema log)"
    ]


def test_argparse_usage_errors_exit_2(run: Run) -> None:
    code, out, err = run("nutrition", "x.json", "--goal", "bulk")
    assert code == 2 and out == "" and "invalid choice: 'bulk'" in err
    assert run("frobnicate")[0] == 2


# --------------------------------------------------------------------------- #
# progress, nutrition, assess


def test_progress_markdown_gives_reasons_and_next_sessions(
    run: Run, files: dict[str, Path]
) -> None:
    code, out, err = run("progress", str(files["program"]), str(files["log"]))
    assert (code, err) == (0, "")
    result = hipdip.progress(example_program(), example_log())
    assert out.count("Why: ") == len(result.decisions) > 0
    assert "## Week 1, day 1 (logged)" in out
    assert "Next up" in out


def test_progress_json_round_trips(run: Run, files: dict[str, Path]) -> None:
    code, out, _ = run("progress", str(files["program"]), str(files["log"]), "--format", "json")
    assert code == 0
    assert loads(out, hipdip.Progress) == hipdip.progress(example_program(), example_log())


def test_progress_log_problems_name_the_log_file(run: Run, files: dict[str, Path]) -> None:
    log = TrainingLog((hipdip.SessionLog(9, 1, ()),))
    lines = bad(run("progress", str(files["program"]), "-", stdin=dumps(log)))
    assert lines == [
        "error: <stdin>: sessions[0]: week 9 day 1 is not in the program "
        "(it has weeks 1–8, days 1–3)"
    ]


def test_progress_cannot_read_both_from_stdin(run: Run) -> None:
    assert "only one of" in bad(run("progress", "-", "-"))[0]


def test_nutrition_with_goal(run: Run, files: dict[str, Path]) -> None:
    code, out, _ = run("nutrition", str(files["profile"]), "--goal", "fat_loss")
    assert code == 0
    assert out.startswith("# Daily nutrition targets")
    assert "kg loss a week" in out
    code, out, _ = run("nutrition", str(files["profile"]), "--goal", "fat_loss", "--format", "json")
    assert loads(out, hipdip.NutritionPlan) == hipdip.nutrition_plan(
        example_profile(), goal="fat_loss"
    )


def test_nutrition_shows_the_profiles_units_by_default(run: Run, tmp_path: Path) -> None:
    # docs/cli.md: "--units … By default, the profile's units."
    data = to_dict(attrs.evolve(example_profile(), units="imperial"))
    path = tmp_path / "me.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run("nutrition", str(path), "--goal", "fat_loss")
    assert code == 0
    assert "lb loss a week" in out and "kg loss a week" not in out
    code, out, _ = run("nutrition", str(path), "--goal", "fat_loss", "--units", "metric")
    assert "kg loss a week" in out


def test_assess(run: Run, files: dict[str, Path]) -> None:
    code, out, _ = run("assess", str(files["profile"]))
    assert code == 0
    assert "| Bone structure | **no — fixed** |" in out
    code, out, _ = run("assess", str(files["profile"]), "--format", "json")
    assert loads(out, hipdip.Assessment) == hipdip.assess(example_profile())


# --------------------------------------------------------------------------- #
# exercises and plugins


def exercise_ids(out: str) -> list[str]:
    return re.findall(r"^\| `([a-z0-9_]+)` \|", out, re.M)


def test_exercises_lists_the_catalogue(run: Run) -> None:
    code, out, _ = run("exercises")
    assert code == 0
    assert exercise_ids(out) == list(hipdip.catalog().exercises)


def test_exercises_show_where_each_record_comes_from(run: Run) -> None:
    # Issue 17: the source and licence of each record, in both tables and in JSON.
    _, out, _ = run("exercises")
    assert "| Source (licence) |" in out
    row = next(line for line in out.splitlines() if line.startswith("| `clamshell` |"))
    assert row.endswith("| hipdip built-in catalogue (MIT) |")
    _, out, _ = run("exercises", "--muscle", "gluteus_medius")
    assert "| Source (licence) |" in out
    _, out, _ = run("exercises", "--format", "json")
    first = json.loads(out)[0]
    assert (first["source"], first["license"]) == ("hipdip built-in catalogue", "MIT")
    assert "Side Lying Clam" in first["aliases"]


def test_exercises_show_the_ladder_from_either_side(run: Run, pm: HipdipPluginManager) -> None:
    # Issue 16: a link declared on either side is a link. A plugin's harder variant
    # of a built-in exercise (declared with ``easier`` on its side only) shows in the
    # built-in's row, beside every other harder variant.
    above = attrs.evolve(
        hipdip.catalog(pm).exercises["side_plank_hip_abduction"],
        id="banded_side_plank_hip_abduction",
        name="Banded side plank with hip abduction",
        equipment=frozenset({"band"}),
        load_kind="band",
        band_placement="knees",
        easier="side_plank_hip_abduction",
        aliases=(),
        source="a plugin",
    )

    class Pack:
        @hipdip.hookimpl
        def hipdip_register_exercises(self, register: Callable[[object], None]) -> None:
            register(above)

    pm.register(Pack(), name="pack")
    _, out, _ = run("exercises")
    rows = {line.split(" | ")[0]: line for line in out.splitlines() if line.startswith("| `")}
    assert "| — → banded_side_plank_hip_abduction |" in rows["| `side_plank_hip_abduction`"]
    glute_bridge = rows["| `glute_bridge`"]
    assert "| — → banded_glute_bridge, hip_thrust, single_leg_glute_bridge |" in glute_bridge


def test_exercises_by_equipment_you_have(run: Run) -> None:
    cat = hipdip.catalog()
    _, out, _ = run("exercises", "--equipment", "band", "--equipment", "ankle_weights")
    ids = exercise_ids(out)
    assert ids and all(cat.exercises[i].equipment <= {"band", "ankle_weights"} for i in ids)
    assert "banded_clamshell" in ids and "standing_cable_hip_abduction" not in ids
    _, out, _ = run("exercises", "--equipment", "none")
    assert all(not cat.exercises[i].equipment for i in exercise_ids(out))


def test_exercises_by_muscle_sorted_by_role(run: Run) -> None:
    _, out, _ = run("exercises", "--muscle", "gluteus_minimus", "--format", "json")
    data = json.loads(out)
    roles = [
        next(t["role"] for t in e["targets"] if t["muscle"] == "gluteus_minimus") for e in data
    ]
    order = {"primary": 0, "secondary": 1, "stabilizer": 2}
    assert roles and roles == sorted(roles, key=order.__getitem__)
    assert [from_dict(e, hipdip.Exercise).id for e in data] == [e["id"] for e in data]


def test_exercises_unknown_names_suggest(run: Run) -> None:
    lines = bad(run("exercises", "--equipment", "bnd", "--muscle", "glute_med"))
    assert lines == [
        "error: --equipment: unknown equipment id 'bnd'; did you mean 'band'?",
        "error: --muscle: unknown muscle id 'glute_med'; did you mean 'gluteus_medius'?",
    ]


def test_plugins_lists_what_each_contributed(run: Run) -> None:
    code, out, _ = run("plugins")
    assert code == 0
    assert out.startswith("# Plugins: 7 working, 0 broken")
    assert "| `hipdip.builtin.schemes` | hipdip " in out
    assert "3 schemes: linear, dup, block" in out
    code, out, _ = run("plugins", "--format", "json")
    data = json.loads(out)
    assert data[0]["name"] == "hipdip.builtin.muscles"
    assert "gluteus_medius" in data[0]["contributions"]["muscles"]


def test_plugins_lists_broken_plugins_and_warns_once(run: Run, pm: HipdipPluginManager) -> None:
    class Broken:
        @hipdip.hookimpl
        def hipdip_register_exercises(self, register: Callable[[object], None]) -> None:
            raise RuntimeError("boom")

    pm.register(Broken(), name="broken-thing")
    code, out, err = run("plugins")
    assert code == 0
    assert "1 broken" in out
    assert "## Broken plugins (skipped)" in out
    assert "`broken-thing`" in out.split("## Broken plugins", 1)[1]
    assert err.startswith("warning: ") and "broken-thing" in err
    assert "Traceback" not in err


def test_an_exception_inside_a_plugin_is_not_a_traceback(run: Run, pm: HipdipPluginManager) -> None:
    class Crashing:
        id = "crashing"
        name = "Crashing"

        def target(self, week: int, day: int, *, weeks: int, days_per_week: int) -> Target:
            raise ZeroDivisionError("oops")

    class Plugin:
        @hipdip.hookimpl
        def hipdip_register_schemes(self, register: Callable[[object], None]) -> None:
            register(Crashing())

    pm.register(Plugin(), name="test-crashing")
    code, out, err = run("plan", "--example", "--scheme", "crashing")
    assert code == 1 and out == ""  # the plugin's fault, not the input's: not exit 2
    assert "Traceback" not in err
    assert err.startswith("error: plugin problem: hipdip plugin test-crashing")
    assert (
        "scheme 'crashing': target(1, 1, weeks=8, days_per_week=3) raised ZeroDivisionError" in err
    )
    assert "not the input" in err
    with pytest.raises(PluginError) as info:
        main(["--debug", "plan", "--example", "--scheme", "crashing"])
    assert isinstance(info.value.__cause__, ZeroDivisionError)


# --------------------------------------------------------------------------- #
# schema


@pytest.mark.parametrize("document", sorted(DOCUMENTS))
def test_schema_describes_the_model_fields(run: Run, document: str) -> None:
    code, out, _ = run("schema", document)
    assert code == 0
    schema = json.loads(out)
    cls = DOCUMENTS[document]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    fields = [f.name for f in attrs.fields(cls)]
    assert list(schema["properties"]) == ["schema_version", *fields]
    required = [f.name for f in attrs.fields(cls) if f.default is attrs.NOTHING]
    assert schema["required"] == required
    assert schema["additionalProperties"] is False
    (example,) = schema.pop("examples")
    assert schema == json_schema(document)
    assert example == example_document(document)
    assert validate(example, schema) == []


@pytest.mark.parametrize("document", sorted(DOCUMENTS))
def test_schema_example_loads_and_validates(run: Run, document: str) -> None:
    code, out, _ = run("schema", document, "--example")
    assert code == 0
    example = json.loads(out)
    loaded = from_dict(example, DOCUMENTS[document])
    assert {"schema_version": 1, **to_dict(loaded)} == example
    assert validate(example, json_schema(document)) == []


def test_schema_examples_work_with_the_other_commands(run: Run, tmp_path: Path) -> None:
    for name in DOCUMENTS:
        _, out, _ = run("schema", name, "--example")
        (tmp_path / f"{name}.json").write_text(out, encoding="utf-8")
    assert run("plan", str(tmp_path / "profile.json"))[0] == 0
    assert run("progress", str(tmp_path / "program.json"), str(tmp_path / "log.json"))[0] == 0


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("body", "weight_kg"), 401),
        (("body", "weight_kg"), 19),
        (("age",), 15),
        (("days_per_week",), 7),
        (("sex",), "other"),
        (("equipment",), ["Band!"]),
        (("extra",), 1),
        (("hip", "dip_depth"), "deep"),
    ],
)
def test_schema_rejects_what_the_models_reject(path: tuple[str, ...], value: Any) -> None:
    document = example_document("profile")
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert validate(document, json_schema("profile")) != []
    with pytest.raises(hipdip.ValidationError):
        from_dict(document, hipdip.Profile)


# --------------------------------------------------------------------------- #
# help, python -m, and what `import hipdip` loads


@pytest.mark.parametrize(
    "command", ["plan", "progress", "nutrition", "assess", "exercises", "plugins", "schema"]
)
def test_every_command_has_help_with_an_example(run: Run, command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0
    assert "examples:" in out and f"hipdip {command}" in out.split("examples:", 1)[1]


def test_main_help_lists_commands(run: Run) -> None:
    code, out, _ = run("--help")
    assert code == 0
    for command in ("plan", "progress", "nutrition", "assess", "exercises", "plugins", "schema"):
        assert command in out


def test_python_dash_m_and_a_light_import() -> None:
    env_check = (
        "import sys, hipdip; "
        "print(sorted(m for m in ('hipdip.cli', 'hipdip.render', 'argparse') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", env_check], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
    result = subprocess.run(
        [sys.executable, "-m", "hipdip", "plan", "--example", "--weeks", "1"],
        capture_output=True,
        text=True,
        env={"HIPDIP_DISABLE_PLUGIN_AUTOLOAD": "1", "PATH": ""},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Hip program: 1 week")


# --------------------------------------------------------------------------- #
# A small JSON Schema checker (the keywords hipdip.schema uses)


def validate(
    value: Any, schema: dict[str, Any], root: dict[str, Any] | None = None, path: str = "$"
) -> list[str]:
    root = root or schema
    if "$ref" in schema:
        return validate(value, root["$defs"][schema["$ref"].rsplit("/", 1)[1]], root, path)
    problems: list[str] = []
    if "anyOf" in schema and all(validate(value, s, root, path) for s in schema["anyOf"]):
        problems.append(f"{path}: matches none of anyOf")
    if "oneOf" in schema and sum(not validate(value, s, root, path) for s in schema["oneOf"]) != 1:
        problems.append(f"{path}: matches not exactly one of oneOf")
    if "const" in schema and value != schema["const"]:
        problems.append(f"{path}: not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{path}: not in enum")
    kind = schema.get("type")
    checks = {
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "null": lambda v: v is None,
    }
    if kind is not None and not checks[kind](value):
        return [*problems, f"{path}: not {kind}"]
    if kind in ("integer", "number"):
        if "minimum" in schema and value < schema["minimum"]:
            problems.append(f"{path}: below minimum")
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            problems.append(f"{path}: not above exclusiveMinimum")
        if "maximum" in schema and value > schema["maximum"]:
            problems.append(f"{path}: above maximum")
    if kind == "string":
        if len(value) < schema.get("minLength", 0):
            problems.append(f"{path}: too short")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            problems.append(f"{path}: does not match pattern")
    if kind == "array":
        if len(value) > schema.get("maxItems", len(value)):
            problems.append(f"{path}: too many items")
        if len(value) < schema.get("minItems", 0):
            problems.append(f"{path}: too few items")
        for index, item in enumerate(value):
            problems += validate(item, schema.get("items", {}), root, f"{path}[{index}]")
    if kind == "object":
        properties = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                problems.append(f"{path}.{key}: required")
        for key, item in value.items():
            if key in properties:
                problems += validate(item, properties[key], root, f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                problems.append(f"{path}.{key}: not allowed")
    return problems


def test_the_exit_codes_cli_md_documents_are_the_ones_it_returns(
    run: Run, pm: HipdipPluginManager, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import re

    from hipdip import cli

    page = (Path(__file__).parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")
    documented = {int(code) for code in re.findall(r"^\| `(\d+)` \|", page, flags=re.M)}
    assert documented == {cli.EXIT_OK, cli.EXIT_INTERNAL, cli.EXIT_BAD_INPUT, cli.EXIT_INTERRUPTED}
    assert run("plan", "--example", "--weeks", "1")[0] == cli.EXIT_OK
    assert run("plan", str(tmp_path / "missing.json"))[0] == cli.EXIT_BAD_INPUT

    class Failing:  # a plugin's scheme that fails: the plugin's fault, named
        id = "t_failing"
        name = "Failing"

        def target(self, week: int, day: int, *, weeks: int, days_per_week: int) -> Target:
            return "not a target"  # type: ignore[return-value]

    class Plugin:
        @hipdip.hookimpl
        def hipdip_register_schemes(self, register: Callable[[object], None]) -> None:
            register(Failing())

    pm.register(Plugin(), name="t-failing-plugin")
    code, _, err = run("plan", "--example", "--scheme", "t_failing")
    assert code == cli.EXIT_INTERNAL
    assert "plugin problem: hipdip plugin t-failing-plugin" in err and "returned str" in err

    def interrupted(args: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setitem(cli._RUNNERS, "assess", interrupted)
    assert main(["assess", "-"]) == cli.EXIT_INTERRUPTED
