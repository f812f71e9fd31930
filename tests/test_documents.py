"""The three documents, read two ways and described once.

- ``hipdip schema`` and :func:`hipdip.io.loads` agree (issue 15): every
  document the reader accepts is valid under the JSON Schema, and every
  document the schema accepts is read, unless it breaks one of the rules
  comparing fields that JSON Schema cannot state (``low ≤ high``,
  ``low_seconds ≤ high_seconds``, ``waist_cm > neck_cm``, a plausible
  body-mass and fat-free-mass index). Checked with the ``jsonschema``
  package over mutated documents.
- :mod:`hipdip.io` reads a valid document on a fast path and a bad one again
  with cattrs to name every problem: both build the same objects, and the fast
  path never accepts what the cattrs path rejects.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_io import at, paths, replace

import hipdip
from hipdip import BodyComposition, Posture, Profile, Program, SetResult, TrainingLog
from hipdip.examples import example_profile
from hipdip.io import dumps, from_dict, loads, to_dict
from hipdip.models.profile import plausibility_problems
from hipdip.schema import DOCUMENTS, json_schema
from hipdip.testing import strategies as hs

jsonschema = pytest.importorskip("jsonschema", reason="pip install -e '.[test]'")

PROGRAMS = st.builds(
    Program,
    weeks=st.lists(st.from_type(hipdip.Week), min_size=1, max_size=2).map(tuple),
    scheme=st.sampled_from(["linear", "dup"]),
    profile=hs.profiles(),
)
#: A valid object of each document, as JSON-ready data.
VALID: dict[str, st.SearchStrategy[Any]] = {
    "profile": hs.profiles().map(to_dict),
    "program": PROGRAMS.map(to_dict),
    "log": st.from_type(TrainingLog).map(to_dict),
}
#: Replacement values: edges of the models' bounds, near misses and wrong types.
ODD = st.sampled_from(
    [None, True, 0, -1, 0.5, -0.0, 1e308, 10**30, "", " ", "x", "Band!", "band\n", "٢", [], {}, [1]]
)


def nudged(draw: st.DrawFn, value: Any) -> Any:
    """A value near ``value``: across a bound, the same number as a float, or another type."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return draw(ODD)
    step = draw(st.sampled_from([1, 0.5, 10, 100]))
    return draw(
        st.sampled_from([value + step, value - step, float(value), -value, value * 10, 0]) | ODD
    )


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, Any]:
    """A valid document with 1–3 mutations: values nudged, keys dropped or added, lists grown."""
    name = draw(st.sampled_from(sorted(VALID)))
    document = draw(VALID[name])
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths(document)))
        node = at(document, path)
        how = draw(st.sampled_from(["nudge", "nudge", "drop", "extra", "repeat", "kind"]))
        if how == "drop" and path:
            parent = at(document, path[:-1])
            smaller = (
                {k: v for k, v in parent.items() if k != path[-1]}
                if isinstance(parent, dict)
                else parent[:-1]
            )
            document = replace(document, path[:-1], smaller)
        elif how == "extra" and isinstance(node, dict):
            document = replace(document, path, {**node, draw(st.sampled_from(["x", "kind"])): 1})
        elif how == "repeat" and isinstance(node, list) and node:
            document = replace(document, path, node * draw(st.sampled_from([2, 11, 26, 60])))
        elif how == "kind" and isinstance(node, dict) and "kind" in node:
            kind = draw(st.sampled_from(["bodyweight", "weight", "band", "reps", "hold"]))
            document = replace(document, path, {**node, "kind": kind})
        else:
            document = replace(document, path, nudged(draw, node))
    return name, document


def breaks_a_comparison(value: Any) -> bool:
    """Whether ``value`` holds an object breaking a rule JSON Schema cannot state."""
    if isinstance(value, list):
        return any(breaks_a_comparison(item) for item in value)
    if not isinstance(value, dict):
        return False

    def greater(a: str, b: str, *, strictly: bool) -> bool:
        x, y = value.get(a), value.get(b)
        numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (x, y))
        return numbers and (x > y if strictly else x >= y)  # type: ignore[operator]

    sessions = value.get("sessions")
    if isinstance(sessions, list):  # a log's dates never go back
        dates = [
            s["date"] for s in sessions if isinstance(s, dict) and isinstance(s.get("date"), str)
        ]
        if any(b < a for a, b in itertools.pairwise(dates)):
            return True
    if (
        greater("low", "high", strictly=True)
        or greater("low_seconds", "high_seconds", strictly=True)
        or greater("neck_cm", "waist_cm", strictly=False)
        or implausible(value)
    ):
        return True
    return any(breaks_a_comparison(item) for item in value.values())


def implausible(body: dict[str, Any]) -> bool:
    """A body with weight and height in range whose BMI or fat-free-mass index no person has."""
    numbers = [body.get(k) for k in ("weight_kg", "height_cm", "body_fat_pct")]
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in numbers[:2]):
        return False
    fat = numbers[2] if isinstance(numbers[2], int | float) else None
    return bool(plausibility_problems(numbers[0], numbers[1], fat))


VALIDATORS = {name: jsonschema.Draft202012Validator(json_schema(name)) for name in DOCUMENTS}


def check_agreement(case: tuple[str, Any]) -> None:
    name, document = case
    schema_ok = VALIDATORS[name].is_valid(document)
    try:
        loads(json.dumps(document), DOCUMENTS[name])
    except hipdip.ValidationError as exc:
        problems = exc.errors
    else:
        assert schema_ok, sorted(e.message for e in VALIDATORS[name].iter_errors(document))
        return
    assert not schema_ok or breaks_a_comparison(document), problems


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_schema_and_reader_agree(case: tuple[str, Any]) -> None:
    check_agreement(case)


@pytest.mark.slow
@settings(max_examples=4000, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_schema_and_reader_agree_widely(case: tuple[str, Any]) -> None:
    check_agreement(case)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_fast_and_detailed_reading_agree(case: tuple[str, Any]) -> None:
    from hipdip.io import _converter, _fast

    name, document = case
    cls = DOCUMENTS[name]
    try:
        fast = _fast(cls)(document, cls)
    except Exception:
        return  # the fast path only ever gives up; the cattrs path decides
    detailed = _converter().structure(document, cls)
    assert fast == detailed
    assert dumps(fast) == dumps(detailed)


@given(st.sampled_from(sorted(VALID)).flatmap(lambda name: VALID[name].map(lambda d: (name, d))))
def test_valid_documents_take_the_fast_path(case: tuple[str, Any]) -> None:
    from hipdip.io import _fast

    name, document = case
    cls = DOCUMENTS[name]
    assert to_dict(_fast(cls)(document, cls)) == document


def test_whole_number_floats_are_integers_as_in_json_schema() -> None:
    document = {**to_dict(example_profile()), "age": 30.0, "days_per_week": 3.0}
    assert VALIDATORS["profile"].is_valid(document)
    profile = from_dict(document, Profile)
    assert profile.age == 30 and type(profile.age) is int
    with pytest.raises(hipdip.ValidationError, match=r"^age: expected an integer \(got 30\.5\)"):
        from_dict({**document, "age": 30.5}, Profile)


def test_remembered_values_keep_the_sign_of_zero() -> None:
    # 0.0 == -0.0, so a remembered Posture(0.0) must not stand in for Posture(-0.0).
    assert dumps(loads('{"pelvic_tilt_deg": 0.0}', Posture)) == dumps(Posture(0.0))
    assert dumps(loads('{"pelvic_tilt_deg": -0.0}', Posture)) == dumps(Posture(-0.0))


def test_repeated_small_values_are_built_once() -> None:
    text = json.dumps(
        {"exercise": "clamshell", "sets": [{"reps": 12, "load": {"kind": "bodyweight"}}] * 3}
    )
    sets = loads(text, hipdip.ExerciseLog).sets
    assert sets == (SetResult(reps=12),) * 3
    assert sets[0] is sets[1] is sets[2]


def test_equipment_lists_are_bounded_as_written() -> None:
    # The schema cannot count distinct items, so the bound applies to the list as written.
    body = to_dict(BodyComposition(65, 165))
    document = {"sex": "female", "age": 30, "body": body, "experience": "beginner"}
    with pytest.raises(hipdip.ValidationError, match=r"^equipment: at most 50 items allowed"):
        from_dict({**document, "equipment": ["band"] * 51}, Profile)
    assert not VALIDATORS["profile"].is_valid({**document, "equipment": ["band"] * 51})
    assert from_dict({**document, "equipment": ["band"] * 2}, Profile).equipment == {"band"}
