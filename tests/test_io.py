"""The JSON wire format: exact round trips, strict reading, and hostile documents.

Property tests (issue "Foundation", Must show): every model built by a
hypothesis strategy round-trips exactly through ``to_dict``/``from_dict`` and
``dumps``/``loads``; random JSON garbage, and random mutations of valid
documents, given to ``loads`` only ever raise ``ValidationError``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from _grids import model_grid
from hypothesis import given
from hypothesis import strategies as st

import hipdip
from hipdip import (
    Band,
    BodyComposition,
    Bodyweight,
    Decision,
    Dose,
    ExerciseLog,
    Load,
    Profile,
    Program,
    Progress,
    Reps,
    Session,
    SessionLog,
    SetResult,
    TrainingLog,
    ValidationError,
    Week,
    Weight,
)
from hipdip.io import SCHEMA_VERSION, dumps, from_dict, loads, to_dict
from hipdip.models import Target
from hipdip.models import log as log_model
from hipdip.models import program as program_model
from hipdip.testing import strategies as hs

PROGRAMS = st.builds(
    Program,
    weeks=st.lists(st.from_type(Week), min_size=1, max_size=2).map(tuple),
    scheme=st.sampled_from(["linear", "dup"]),
    profile=hs.profiles(),
)

#: Every model, with a strategy that builds it.
MODELS: dict[type, st.SearchStrategy[Any]] = {
    cls: st.from_type(cls)
    for cls in (
        hipdip.Muscle,
        hipdip.MuscleTarget,
        hipdip.Exercise,
        hipdip.Bodyweight,
        hipdip.Weight,
        hipdip.Band,
        hipdip.Reps,
        hipdip.Hold,
        hipdip.Prescription,
        hipdip.Session,
        hipdip.Week,
        Target,
        hipdip.BodyComposition,
        hipdip.HipStructure,
        hipdip.Posture,
        hipdip.Profile,
        hipdip.SetResult,
        hipdip.ExerciseLog,
        hipdip.SessionLog,
        hipdip.TrainingLog,
        hipdip.Measurement,
        hipdip.MeasurementLog,
        hipdip.Finding,
        hipdip.Factor,
        hipdip.Assessment,
        hipdip.NutritionPlan,
        hipdip.Decision,
    )
}
MODELS[Program] = PROGRAMS
MODELS[Progress] = st.builds(
    Progress,
    program=PROGRAMS,
    decisions=st.lists(st.from_type(Decision), max_size=2).map(tuple),
)
MODELS[hipdip.Exercise] = hs.exercises()

#: Types ``loads`` is asked to read: every model and the two tagged unions.
TARGETS: list[Any] = [*MODELS, Load, Dose]


def name_of(cls: Any) -> str:
    return getattr(cls, "__name__", None) or {Load: "Load", Dose: "Dose"}[cls]


def test_every_model_has_a_round_trip_strategy() -> None:
    models = {getattr(hipdip.models, name) for name in hipdip.models.__all__}
    assert {cls for cls in models if attrs.has(cls)} == set(MODELS)


@pytest.mark.parametrize("cls", model_grid(MODELS, name_of))
def test_round_trip_is_exact(cls: type) -> None:
    @given(MODELS[cls])
    def check(obj: Any) -> None:
        data = to_dict(obj)
        assert from_dict(data, cls) == obj
        text = dumps(obj)
        again = loads(text, cls)
        assert again == obj
        assert dumps(again) == text  # same JSON text: no int/float or ordering drift
        assert json.loads(json.dumps(data)) == data  # to_dict gives JSON-ready data

    check()


@given(hs.loads())
def test_loads_round_trip_through_the_union(load: Any) -> None:
    assert from_dict(to_dict(load), Load) == load
    assert loads(dumps(load), Load) == load
    assert to_dict(load)["kind"] == load.kind.value


@given(st.one_of(st.from_type(Reps), st.from_type(hipdip.Hold)))
def test_doses_round_trip_through_the_union(dose: Any) -> None:
    assert loads(dumps(dose), Dose) == dose
    assert to_dict(dose)["kind"] == type(dose).__name__.lower()


@given(hs.profiles())
def test_enums_are_written_as_lower_case_values(profile: Profile) -> None:
    data = to_dict(profile)
    assert data["sex"] == profile.sex.value
    assert data["experience"] == profile.experience.value
    assert data["equipment"] == sorted(profile.equipment)


@given(st.sampled_from(list(MODELS)).flatmap(lambda cls: MODELS[cls]))
def test_dumps_writes_schema_version_1(obj: Any) -> None:
    document = json.loads(dumps(obj))
    assert document["schema_version"] == SCHEMA_VERSION == 1
    assert next(iter(document)) == "schema_version"


@pytest.mark.parametrize("version", [0, 2, -1, "1", 1.5, 2.0, True, None, [1], {"v": 1}])
def test_loads_rejects_other_schema_versions(version: Any) -> None:
    document = {"schema_version": version, **to_dict(Weight(2.5))}
    with pytest.raises(ValidationError, match=r"^schema_version: .*version 1"):
        loads(json.dumps(document), Weight)


def test_schema_version_may_be_written_as_a_whole_float() -> None:
    """Was refused: docs/cli.md says a whole number may be written 30 or 30.0 (and the
    schema's "const": 1 accepts 1.0)."""
    assert loads('{"schema_version": 1.0, "kind": "weight", "kg": 2.5}', Weight) == Weight(2.5)


def test_a_document_without_schema_version_is_read_as_version_1() -> None:
    assert loads('{"kind": "weight", "kg": 2.5}', Weight) == Weight(2.5)
    assert loads(b'{"schema_version": 1, "kind": "weight", "kg": 2.5}', Weight) == Weight(2.5)


# --------------------------------------------------------------------------- #
# Garbage and mutations: only ValidationError ever reaches the caller

JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=30,
)


def read(text: str | bytes, cls: Any) -> None:
    """``loads`` either returns a ``cls`` or raises a well-formed ValidationError."""
    try:
        result = loads(text, cls)
    except ValidationError as exc:
        errors = exc.errors
    else:
        assert isinstance(result, cls if isinstance(cls, type) else cls.__args__)
        return
    assert errors
    assert len(errors) <= hipdip.io.MAX_PROBLEMS
    assert all(": " in error for error in errors), errors


@given(st.sampled_from(TARGETS), JSON_VALUES)
def test_random_json_only_raises_validation_error(cls: Any, value: Any) -> None:
    read(json.dumps(value), cls)


@given(st.sampled_from(TARGETS), st.text() | st.binary())
def test_random_text_only_raises_validation_error(cls: Any, text: str | bytes) -> None:
    read(text, cls)


#: Placeholders replaced in the JSON text, for values json.dumps cannot write.
DEEP = "\x00deep\x00"
HUGE_INT = "\x00huge\x00"
BARE = {DEEP: "[" * 5000 + "]" * 5000, HUGE_INT: "1" * 5000}


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*prefix, index))
    return found


def replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: replace(value[head], rest, new)}
    copy = list(value)
    copy[head] = replace(value[head], rest, new)
    return copy


def at(value: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        value = value[part]
    return value


@st.composite
def mutated_documents(draw: st.DrawFn) -> tuple[Any, str]:
    """A valid document with 1–3 random mutations, as JSON text."""
    cls = draw(st.sampled_from(list(MODELS)))
    document = to_dict(draw(MODELS[cls]))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths(document)))
        node = at(document, path)
        how = draw(
            st.sampled_from(
                ["wrong_type", "drop", "extra", "deep", "huge_list", "huge_int", "null", "edge"]
            )
        )
        if how == "drop" and path:
            parent = at(document, path[:-1])
            if isinstance(parent, dict):
                trimmed = {k: v for k, v in parent.items() if k != path[-1]}
                document = replace(document, path[:-1], trimmed)
            else:
                document = replace(document, path[:-1], parent[:-1])
        elif how == "extra" and isinstance(node, dict):
            key = draw(st.text(max_size=8))
            document = replace(document, path, {**node, key: draw(JSON_VALUES)})
        elif how == "deep":
            document = replace(document, path, DEEP)
        elif how == "huge_list":
            item = node[0] if isinstance(node, list) and node else draw(JSON_SCALARS)
            document = replace(document, path, [item] * draw(st.sampled_from([60, 10_001])))
        elif how == "huge_int":
            document = replace(document, path, HUGE_INT)
        elif how == "null":
            document = replace(document, path, None)
        elif how == "edge":
            edge = draw(st.sampled_from([0, -1, -0.0, 1e308, 2**63, "", " ", [], {}]))
            document = replace(document, path, edge)
        else:
            document = replace(document, path, draw(JSON_VALUES))
    text = json.dumps(document)
    for token, bare in BARE.items():
        text = text.replace(json.dumps(token), bare)
    return cls, text


@given(mutated_documents())
def test_mutated_documents_only_raise_validation_error(case: tuple[Any, str]) -> None:
    cls, text = case
    read(text, cls)


@pytest.mark.parametrize("cls", TARGETS, ids=name_of)
@pytest.mark.parametrize("text", ["[]", "1", '"profile"', "null", "true", "[{}]"])
def test_non_object_top_level_is_rejected(cls: Any, text: str) -> None:
    with pytest.raises(ValidationError, match=r"^document: expected"):
        loads(text, cls)


@pytest.mark.parametrize("text", [None, 42, ["{}"], {"kind": "weight"}])
def test_loads_needs_text(text: Any) -> None:
    with pytest.raises(ValidationError, match=r"^document: expected JSON text"):
        loads(text, Weight)


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999", "-1e999"])
def test_nan_and_infinity_are_rejected(number: str) -> None:
    with pytest.raises(ValidationError) as info:
        loads(f'{{"kind": "weight", "kg": {number}}}', Weight)
    assert str(info.value).startswith(("document:", "kg:"))
    text = f'{{"weight_kg": 65, "height_cm": {number}}}'
    with pytest.raises(ValidationError):
        loads(text, BodyComposition)


def test_invalid_json_names_line_and_column() -> None:
    with pytest.raises(ValidationError, match=r"^document: invalid JSON at line 2 column"):
        loads('{"kind": "weight",\n "kg": }', Weight)


def test_deep_nesting_is_a_validation_error() -> None:
    with pytest.raises(ValidationError, match="nested too deeply"):
        loads("[" * 100_000 + "]" * 100_000, Profile)


def test_oversized_documents_are_refused_before_parsing() -> None:
    text = " " * (hipdip.io.MAX_DOCUMENT_BYTES + 1)
    with pytest.raises(ValidationError, match=r"^document: larger than 16 MiB"):
        loads(text, Profile)


# --------------------------------------------------------------------------- #
# Error messages name each bad field by path

PROFILE_DOC: dict[str, Any] = {
    "sex": "female",
    "age": 30,
    "body": {"weight_kg": 65, "height_cm": 165},
    "experience": "beginner",
    "equipment": ["band"],
}


def profile_doc(**changes: Any) -> str:
    return json.dumps({**PROFILE_DOC, **changes})


def errors_of(text: str, cls: Any) -> tuple[str, ...]:
    with pytest.raises(ValidationError) as info:
        loads(text, cls)
    return info.value.errors


def test_valid_profile_document_reads() -> None:
    profile = loads(profile_doc(), Profile)
    assert profile.body.weight_kg == 65
    assert profile.equipment == frozenset({"band"})


def test_messages_name_every_bad_field_by_path() -> None:
    errors = errors_of(
        profile_doc(body={"weight_kg": -1, "height_cm": 165}, equipment=["band", "cable", 3]),
        Profile,
    )
    assert len(errors) == 2
    assert errors[0].startswith("body.weight_kg: must be > 0")
    assert errors[1] == "equipment[2]: expected a string (got 3)"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"age": "30"}, "age: expected an integer"),
        ({"age": True}, "age: expected an integer"),
        ({"age": 30.5}, "age: expected an integer"),
        ({"age": 15}, "age: must be between 16 and 100"),
        ({"sex": "FEMALE"}, "sex: must be one of female, male"),
        ({"body": {"weight_kg": "65", "height_cm": 165}}, "body.weight_kg: expected a number"),
        ({"body": {"weight_kg": 65}}, "body.height_cm: required field is missing"),
        ({"body": {"weight_kg": 65, "height_cm": 165, "hips": 1}}, "body.hips: unknown field"),
        ({"body": [65, 165]}, "body: expected an object for BodyComposition"),
        ({"equipment": "band"}, "equipment: expected a list of strings"),
        ({"hip": {"dip_depth": "deep"}}, "hip.dip_depth: must be one of none"),
        ({"posture": {"pelvic_tilt_deg": 90}}, "posture.pelvic_tilt_deg: must be between"),
        ({"days_per_week": 7}, "days_per_week: must be between 2 and 6"),
        ({"colour": "red"}, "colour: unknown field"),
        (
            {"body": {"weight_kg": 65, "height_cm": 165, "waist_cm": 35, "neck_cm": 40}},
            "body.waist_cm: must be greater than neck_cm",
        ),
    ],
)
def test_profile_messages(changes: dict[str, Any], message: str) -> None:
    errors = errors_of(profile_doc(**changes), Profile)
    assert any(error.startswith(message) for error in errors), errors


def test_nested_paths_through_lists_and_unions() -> None:
    item = {"exercise": "clamshell", "sets": 3, "dose": {"kind": "reps", "low": 10, "high": 20}}
    bad_load = {**item, "load": {"kind": "band", "tier": "purple", "placement": "knees"}}
    no_kind = {**item, "dose": {"low": 10, "high": 20}}
    session = {"week": 1, "day": 1, "items": [item, bad_load, no_kind]}
    errors = errors_of(json.dumps(session), Session)
    assert errors[0].startswith("items[1].load.tier: must be one of extra_light")
    assert errors[1].startswith("items[2].dose.kind: must be one of hold, reps")


def test_odd_unknown_keys_are_quoted_in_paths() -> None:
    errors = errors_of('{"kind": "weight", "kg": 1, "": 2, "a.b": 3}', Weight)
    assert errors == ("'': unknown field (allowed: kg)", "'a.b': unknown field (allowed: kg)")


def test_list_errors_stop_early_and_say_so() -> None:
    log = {"exercise": "clamshell", "sets": [{"reps": -1}] * 20}
    errors = errors_of(json.dumps(log), ExerciseLog)
    assert errors[0].startswith("sets[0].reps: must be between 0 and 100")
    assert errors[-1].startswith("sets: 10 further items not checked")


def test_many_unknown_keys_give_a_short_message() -> None:
    document = {**PROFILE_DOC, **{f"extra_{i:05}": i for i in range(20_000)}}
    errors = errors_of(json.dumps(document), Profile)
    assert errors[0].startswith("extra_00000: unknown field")
    assert errors[-1] == "document: 19990 more unknown fields"


# --------------------------------------------------------------------------- #
# Collection bounds: checked on the list length, before any item is read

EMPTY_WEEK = {"index": 1, "sessions": [], "deload": False}
EMPTY_SESSION = {"week": 1, "day": 1, "items": []}
ITEM = {"exercise": "clamshell", "sets": 3, "dose": {"kind": "reps", "low": 10, "high": 20}}
SET = {"reps": 12}
LOGGED = {"week": 1, "day": 1, "exercises": []}


def program_doc(weeks: list[Any]) -> dict[str, Any]:
    return {"weeks": weeks, "scheme": "linear", "profile": PROFILE_DOC}


BOUNDS = [
    # (class, build document from a list, a valid item, path, bound)
    (Program, program_doc, EMPTY_WEEK, "weeks", program_model.MAX_WEEKS),
    (
        Week,
        lambda s: {"index": 1, "sessions": s},
        EMPTY_SESSION,
        "sessions",
        program_model.MAX_SESSIONS_PER_WEEK,
    ),
    (
        Session,
        lambda i: {"week": 1, "day": 1, "items": i},
        ITEM,
        "items",
        program_model.MAX_ITEMS_PER_SESSION,
    ),
    (ExerciseLog, lambda s: {"exercise": "plank", "sets": s}, SET, "sets", program_model.MAX_SETS),
    (TrainingLog, lambda s: {"sessions": s}, LOGGED, "sessions", log_model.MAX_LOGGED_SESSIONS),
]


def test_document_limits_are_those_of_the_foundation_issue() -> None:
    limits = [bound[-1] for bound in BOUNDS]
    assert limits == [52, 7, 30, 20, 10_000]


@pytest.mark.parametrize("bound", BOUNDS, ids=lambda b: f"{b[0].__name__}.{b[3]}")
def test_collection_bounds(bound: tuple[Any, ...]) -> None:
    cls, build, item, path, limit = bound
    assert isinstance(loads(json.dumps(build([item] * limit)), cls), cls)
    errors = errors_of(json.dumps(build([item] * (limit + 1))), cls)
    assert errors == (f"{path}: at most {limit} items allowed (got {limit + 1})",)


@pytest.mark.parametrize("bound", BOUNDS, ids=lambda b: f"{b[0].__name__}.{b[3]}")
def test_oversized_collections_of_junk_are_refused_without_reading_items(
    bound: tuple[Any, ...],
) -> None:
    cls, build, _, path, limit = bound
    count = 1_000_000
    errors = errors_of(json.dumps(build([0] * count)), cls)
    # one error: the items (each one invalid) were never looked at
    assert errors == (f"{path}: at most {limit} items allowed (got {count})",)


def test_bounded_collections_in_models_match_io() -> None:
    # The same bounds hold when objects are built in Python.
    with pytest.raises(ValidationError, match=r"^sessions: must hold between 0 and 10000"):
        TrainingLog(sessions=(SessionLog(1, 1, ()),) * 10_001)
    with pytest.raises(ValidationError, match=r"^sets: must hold between 1 and 20"):
        ExerciseLog("plank", (SetResult(reps=1),) * 21)


def test_tagged_unions_carry_kind() -> None:
    assert to_dict(Bodyweight()) == {"kind": "bodyweight"}
    assert to_dict(Weight(2.5)) == {"kind": "weight", "kg": 2.5}
    band = to_dict(Band("light", "knees"))
    assert band == {"kind": "band", "tier": "light", "placement": "knees"}
    with pytest.raises(ValidationError, match=r"^kind: must be 'weight' for Weight"):
        from_dict(band, Weight)


@pytest.mark.parametrize(
    "text",
    [
        '{"kind": "weight", "kg": "x"}',
        '{"kind": ',
        '{"kind": "weight", "kg": 1, "z": 2}',
        '{"kind": "weight", "kg": -1}',
        "[" * 100_000,
    ],
)
def test_errors_from_loads_carry_no_exception_chain(text: str) -> None:
    # No __context__: the error keeps no cattrs error tree or document alive,
    # and pickles even where exception chains are pickled (tblib, dask).
    with pytest.raises(ValidationError) as info:
        loads(text, Weight)
    assert info.value.__context__ is None
    assert info.value.__cause__ is None


def test_range_errors_are_reported_beside_type_errors() -> None:
    """One ValidationError lists every problem, not only those cattrs met first."""
    document = {
        "sex": "x",
        "age": 5,
        "body": {"weight_kg": -1, "height_cm": "tall", "body_fat_pct": 90},
        "experience": "beginner",
        "days_per_week": 9,
    }
    with pytest.raises(ValidationError) as info:
        from_dict(document, Profile)
    paths = sorted(error.split(":")[0] for error in info.value.errors)
    assert paths == [
        "age",
        "body.body_fat_pct",
        "body.height_cm",
        "body.weight_kg",
        "days_per_week",
        "sex",
    ]


def test_a_byte_order_mark_is_read_in_text_as_in_bytes(tmp_path: Path) -> None:
    # loads(path.read_bytes()) read a file saved with a BOM (Notepad's UTF-8), but
    # loads(path.read_text()) refused it: "Unexpected UTF-8 BOM".
    from hipdip.examples import example_profile

    path = tmp_path / "me.json"
    path.write_text("\ufeff" + dumps(example_profile()), encoding="utf-8")
    assert loads(path.read_text(encoding="utf-8"), Profile) == example_profile()
    assert loads(path.read_bytes(), Profile) == example_profile()


@pytest.mark.parametrize("bad", [b"bytes", float("nan"), object(), {"a": b"x"}])
def test_dumps_of_something_not_json_raises_a_validation_error_naming_obj(bad: object) -> None:
    # Was a bare TypeError / ValueError from the json module.
    with pytest.raises(ValidationError, match=r"^obj: not something hipdip writes as JSON"):
        dumps(bad)
