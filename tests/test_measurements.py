"""Body measurements: FHIR R4 and Open mHealth in and out, validated by fhir.resources and the
Open mHealth schemas (test-only dependencies, the ``test`` extra)."""

from __future__ import annotations

import copy
import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from hipdip import Measurement, MeasurementLog, ValidationError
from hipdip.measurements import (
    HIPDIP_CODE_SYSTEM,
    LOINC,
    from_fhir,
    from_openmhealth,
    to_fhir,
    to_openmhealth,
)
from hipdip.testing import strategies as hs

SCHEMAS = Path(__file__).parent / "data" / "openmhealth"
DAY = datetime.date(2024, 3, 5)
FULL = Measurement(
    DAY, 65.0, body_fat_pct=28.0, waist_cm=74.0, hip_cm=100.0, neck_cm=33.0, height_cm=165.0
)


def _close(a: MeasurementLog, b: MeasurementLog) -> bool:
    """Equal to a micro-unit (values read back from pounds and inches are kept to 1e-6)."""
    if len(a.measurements) != len(b.measurements):
        return False
    for x, y in zip(a.measurements, b.measurements, strict=True):
        for field in ("weight_kg", "body_fat_pct", "waist_cm", "hip_cm", "neck_cm", "height_cm"):
            u, v = getattr(x, field), getattr(y, field)
            if (u is None) != (v is None) or (u is not None and abs(u - v) > 2e-6):
                return False
        if x.date != y.date:
            return False
    return True


# --------------------------------------------------------------------------- #
# FHIR R4


@settings(max_examples=40, deadline=None)
@given(hs.measurement_logs())
def test_fhir_round_trip(log: MeasurementLog) -> None:
    assert from_fhir(to_fhir(log)) == log
    assert _close(from_fhir(to_fhir(log, units="imperial")), log)
    assert to_fhir(log) == to_fhir(log)  # same log, same bundle (ids from the content)


def test_fhir_bundle_is_valid_r4_for_fhir_resources() -> None:
    bundle_model = pytest.importorskip(
        "fhir.resources.R4B.bundle", reason="pip install -e '.[test]'"
    ).Bundle
    log = MeasurementLog((FULL, Measurement(DAY + datetime.timedelta(days=7), 64.2)))
    for units in ("metric", "imperial"):
        bundle = to_fhir(log, subject="Patient/example", units=units)
        parsed = bundle_model.model_validate(copy.deepcopy(bundle))
        assert len(parsed.entry) == 7
        assert (
            json.loads(parsed.model_dump_json())["entry"][0]["resource"]["code"]["coding"][0][
                "code"
            ]
            == "29463-7"
        )


def test_fhir_codes_and_units() -> None:
    bundle = to_fhir(MeasurementLog((FULL,)), units="imperial")
    quantities = {
        e["resource"]["code"]["coding"][0]["code"]: e["resource"]["valueQuantity"]
        for e in bundle["entry"]
    }
    assert quantities["29463-7"]["code"] == "[lb_av]"
    assert quantities["29463-7"]["value"] == pytest.approx(143.3005, abs=1e-4)
    assert quantities["8302-2"]["code"] == quantities["8280-0"]["code"] == "[in_i]"
    assert quantities["41982-0"] == {
        "value": 28.0,
        "unit": "%",
        "system": "http://unitsofmeasure.org",
        "code": "%",
    }
    systems = {
        e["resource"]["code"]["coding"][0]["code"]: e["resource"]["code"]["coding"][0]["system"]
        for e in bundle["entry"]
    }
    assert systems["hip"] == systems["neck"] == HIPDIP_CODE_SYSTEM
    assert systems["8280-0"] == LOINC
    for entry in bundle["entry"]:
        category = entry["resource"]["category"][0]["coding"][0]
        assert category["code"] == "vital-signs"


def _weight(value: float, code: str, when: str = "2024-03-05T07:30:00+01:00") -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": LOINC, "code": "29463-7"}]},
        "effectiveDateTime": when,
        "valueQuantity": {"value": value, "code": code, "system": "http://unitsofmeasure.org"},
    }


def test_lb_and_kg_give_the_same_measurement() -> None:
    kg = from_fhir(_weight(65.0, "kg"))
    lb = from_fhir(_weight(65.0 / 0.45359237, "[lb_av]"))
    grams = from_fhir(_weight(65000.0, "g"))
    assert kg == lb == grams
    assert kg.measurements == (Measurement(DAY, 65.0),)
    omh_kg = from_openmhealth(
        {
            "body_weight": {"value": 65.0, "unit": "kg"},
            "effective_time_frame": {"date_time": "2024-03-05T07:30:00Z"},
        }
    )
    omh_lb = from_openmhealth(
        {
            "body_weight": {"value": 65.0 / 0.45359237, "unit": "lb"},
            "effective_time_frame": {"date_time": "2024-03-05T07:30:00Z"},
        }
    )
    assert omh_kg == omh_lb == kg


def test_fhir_reading_groups_by_time_and_passes_over_other_codes() -> None:
    fat = _weight(27.5, "%")
    fat["code"] = {"coding": [{"system": LOINC, "code": "41982-0"}]}
    heart = _weight(60, "/min")
    heart["code"] = {"coding": [{"system": LOINC, "code": "8867-4"}]}
    wrong = _weight(99.0, "kg", when="2024-03-06")
    wrong["status"] = "entered-in-error"
    later = _weight(64.5, "kg", when="2024-03-06T08:00:00Z")
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": r} for r in (later, _weight(65.0, "kg"), fat, heart, wrong)],
    }
    assert from_fhir(bundle).measurements == (
        Measurement(DAY, 65.0, body_fat_pct=27.5),
        Measurement(DAY + datetime.timedelta(days=1), 64.5),
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"resourceType": "Patient"}, "^resourceType: must be Bundle or Observation"),
        (_weight(65.0, "stone"), r"^observation\.valueQuantity: unit 'stone'"),
        ({**_weight(65.0, "kg"), "effectiveDateTime": None}, "needs a date"),
        ({**_weight(65.0, "kg"), "valueQuantity": {"value": "65"}}, "must be a number"),
        (_weight(650.0, "kg"), r"weight_kg: must be between 20 and 400"),
        ("65 kg", "^data: must be a FHIR"),
        # A coding that is not a list, a status that is not a string: TypeError before.
        (
            {**_weight(65.0, "kg"), "code": {"coding": 29463}},
            r"^observation\.code\.coding: must be a list of codings \(got 29463\)",
        ),
        ({**_weight(65.0, "kg"), "status": {"code": "final"}}, None),
        # A huge unit is shown short (the whole 401-digit number was in the message).
        (_weight(65.0, 10**400), r"unit an integer of 401 digits is not one"),
        ([{"resourceType": "Patient", "id": "x" * 10**5}], r"got resourceType 'Patient'\)$"),
    ],
)
def test_fhir_bad_input_names_the_entry(data: Any, message: str | None) -> None:
    if message is None:  # readable: an odd status is not a status hipdip passes over
        assert from_fhir(data).measurements[0].weight_kg == 65.0
        return
    with pytest.raises(ValidationError, match=message) as caught:
        from_fhir(data)
    assert len(str(caught.value)) < 300


def test_a_body_fat_without_a_weigh_in_is_kept_without_a_weight() -> None:
    # Was refused ("has no body weight"): the reading is kept on its date, no weight made up.
    fat = _weight(27.5, "%")
    fat["code"] = {"coding": [{"system": LOINC, "code": "41982-0"}]}
    assert from_fhir([fat]).measurements == (Measurement(DAY, body_fat_pct=27.5),)


def test_a_waist_taken_later_the_same_day_joins_that_days_weigh_in() -> None:
    """Apple Health / Health Connect write a tape measure's waist at its own time."""
    weight = {**_weight(65.0, "kg"), "effectiveDateTime": "2024-03-05T07:30:00+01:00"}
    waist = {
        **_weight(80.0, "cm"),
        "code": {"coding": [{"system": LOINC, "code": "8280-0"}]},
        "effectiveDateTime": "2024-03-05T21:10:00+01:00",
    }
    other_day = {**_weight(64.0, "kg"), "effectiveDateTime": "2024-03-06T07:30:00+01:00"}
    log = from_fhir([waist, weight, other_day])
    assert [(m.date.isoformat(), m.weight_kg, m.waist_cm) for m in log.measurements] == [
        ("2024-03-05", 65.0, 80.0),
        ("2024-03-06", 64.0, None),
    ]
    # On a day with no weigh-in it is kept on its own date, with no weight.
    alone = {**waist, "effectiveDateTime": "2024-03-07T21:10:00+01:00"}
    assert [
        (m.date.isoformat(), m.weight_kg, m.waist_cm)
        for m in from_fhir([alone, weight]).measurements
    ] == [("2024-03-05", 65.0, None), ("2024-03-07", None, 80.0)]


# --------------------------------------------------------------------------- #
# Open mHealth


def _schema_registry() -> Any:
    referencing = pytest.importorskip("referencing", reason="pip install -e '.[test]'")
    resources = []
    aliases = {
        "omh": {
            "mass-unit-value-1.x": "mass-unit-value-1.0",
            "header-1.x": "header-1.2",
            "schema-id-1.x": "schema-id-1.1",
            "date-time-1.x": "date-time-1.0",
            "unit-value-1.x": "unit-value-1.0",
            "data-point-1.x": "data-point-1.0",
        },
        "ieee": {},
    }
    bases = {
        "omh": "https://w3id.org/openmhealth/schemas/omh/",
        "ieee": "https://w3id.org/ieee/ieee-1752-schema/",
    }
    from referencing.jsonschema import DRAFT7

    for folder, base in bases.items():
        files = {p.stem: p for p in (SCHEMAS / folder).glob("*.json")}
        names = {**{stem: stem for stem in files}, **aliases[folder]}
        for name, stem in names.items():
            contents = json.loads(files[stem].read_text(encoding="utf-8"))
            resource = referencing.Resource.from_contents(contents, default_specification=DRAFT7)
            resources.append((f"{base}{name}.json", resource))
    return referencing.Registry().with_resources(resources)


def _validator(name: str, registry: Any) -> Any:
    jsonschema = pytest.importorskip("jsonschema", reason="pip install -e '.[test]'")
    schema = json.loads((SCHEMAS / "omh" / f"{name}.json").read_text(encoding="utf-8"))
    key = "id" if "draft-04" in schema.get("$schema", "") else "$id"
    schema = {**schema, key: f"https://w3id.org/openmhealth/schemas/omh/{name}.json"}
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    return cls(schema, registry=registry, format_checker=cls.FORMAT_CHECKER)


@settings(max_examples=25, deadline=None)
@given(hs.measurement_logs())
def test_open_mhealth_round_trip_and_schemas(log: MeasurementLog) -> None:
    registry = _schema_registry()
    envelope = _validator("data-point-1.0", registry)
    bodies = {
        "body-weight": _validator("body-weight-3.0", registry),
        "body-fat-percentage": _validator("body-fat-percentage-2.0", registry),
    }
    for units in ("metric", "imperial"):
        points = to_openmhealth(log, units=units)
        for point in points:
            envelope.validate(point)
            schema_id = point["header"]["schema_id"]
            assert (schema_id["namespace"], schema_id["version"]) == (
                "omh",
                "3.0" if schema_id["name"] == "body-weight" else "2.0",
            )
            bodies[schema_id["name"]].validate(point["body"])
        back = from_openmhealth(points)
        weighed = MeasurementLog(  # Open mHealth carries weight and body fat only
            tuple(
                Measurement(m.date, m.weight_kg, body_fat_pct=m.body_fat_pct)
                for m in log.measurements
            )
        )
        assert back == weighed if units == "metric" else _close(back, weighed)
    assert len(to_openmhealth(log)) == sum(
        1 + (m.body_fat_pct is not None) for m in log.measurements
    )


def test_the_schemas_reject_what_they_should() -> None:
    registry = _schema_registry()
    jsonschema = pytest.importorskip("jsonschema")
    weight = _validator("body-weight-3.0", registry)
    good = to_openmhealth(MeasurementLog((FULL,)))[0]["body"]
    weight.validate(good)
    for bad in (
        {**good, "body_weight": {"value": 65, "unit": "stone"}},
        {"body_weight": good["body_weight"]},  # no effective_time_frame
    ):
        with pytest.raises(jsonschema.ValidationError):
            weight.validate(bad)


def test_open_mhealth_other_schemas_are_passed_over_and_bad_values_named() -> None:
    steps = {"body": {"step_count": {"value": 9000, "unit": "steps"}}}
    weight = to_openmhealth(MeasurementLog((Measurement(DAY, 65.0),)))[0]
    assert from_openmhealth([steps, weight]).measurements == (Measurement(DAY, 65.0),)
    with pytest.raises(ValidationError, match=r"^\[0\]\.body\.body_weight: unit 'stone'"):
        from_openmhealth(
            [
                {
                    "body": {
                        "body_weight": {"value": 10, "unit": "stone"},
                        "effective_time_frame": {"date_time": "2024-03-05T00:00:00Z"},
                    }
                }
            ]
        )
    with pytest.raises(ValidationError, match="needs a date_time"):
        from_openmhealth({"body_weight": {"value": 65, "unit": "kg"}})


# --------------------------------------------------------------------------- #
# Readings on a day without a weigh-in (issue 18's open point): kept, no weight made up


def _observation(code: str, value: float, unit: str, when: str) -> dict[str, Any]:
    system = HIPDIP_CODE_SYSTEM if code in ("hip", "neck") else LOINC
    return {
        **_weight(value, unit, when),
        "code": {"coding": [{"system": system, "code": code}]},
    }


def test_a_days_readings_without_a_weigh_in_make_one_measurement_with_no_weight() -> None:
    waist = _observation("8280-0", 80.0, "cm", "2024-03-07T07:00:00Z")
    hip = _observation("hip", 39.5, "[in_i]", "2024-03-07T07:05:00Z")
    fat = _observation("41982-0", 27.0, "%", "2024-03-07T21:00:00Z")
    weigh_in = _weight(65.0, "kg", "2024-03-08T07:00:00Z")
    log = from_fhir(
        {"resourceType": "Bundle", "entry": [{"resource": r} for r in (fat, hip, weigh_in, waist)]}
    )
    first, second = log.measurements
    assert (first.date, first.weight_kg, first.waist_cm, first.body_fat_pct) == (
        datetime.date(2024, 3, 7),
        None,
        80.0,
        27.0,
    )
    assert first.hip_cm == pytest.approx(39.5 * 2.54)
    assert second == Measurement(datetime.date(2024, 3, 8), 65.0)
    # Written back, the reading stays without a weight: a FHIR round trip, and JSON.
    assert from_fhir(to_fhir(log)) == log
    from hipdip.io import dumps, loads

    assert loads(dumps(log), MeasurementLog) == log


def test_open_mhealth_body_fat_on_a_day_without_a_weigh_in_is_kept() -> None:
    fat = {
        "body": {
            "body_fat_percentage": {"value": 26.5, "unit": "%"},
            "effective_time_frame": {"date_time": "2024-03-09T07:00:00Z"},
        }
    }
    log = from_openmhealth([fat])
    assert log.measurements == (Measurement(datetime.date(2024, 3, 9), body_fat_pct=26.5),)
    points = to_openmhealth(log)  # no body-weight point is made up for it
    assert [p["header"]["schema_id"]["name"] for p in points] == ["body-fat-percentage"]
    assert from_openmhealth(points) == log
    girths_only = MeasurementLog((Measurement(datetime.date(2024, 3, 9), waist_cm=80.0),))
    assert to_openmhealth(girths_only) == []  # Open mHealth has no schema for girths


def test_a_measurement_needs_one_value_and_weightless_ones_stay_out_of_the_trend() -> None:
    with pytest.raises(ValidationError, match=r"^weight_kg: required when nothing else"):
        Measurement(DAY)
    with pytest.raises(ValidationError, match=r"^weight_kg: required when nothing else"):
        from_dict_measurement({"date": "2024-03-05"})
    from hipdip.nutrition import weight_trend

    days = [DAY + datetime.timedelta(days=d) for d in range(0, 15, 7)]
    weighed = [Measurement(day, 70.0 - i) for i, day in enumerate(days)]
    waists = [Measurement(day + datetime.timedelta(days=1), waist_cm=90.0) for day in days]
    mixed = sorted(weighed + waists, key=lambda m: m.date)
    assert weight_trend(mixed) == weight_trend(weighed) == pytest.approx(-1.0)


def from_dict_measurement(data: dict[str, Any]) -> Measurement:
    from hipdip.io import from_dict

    return from_dict(data, Measurement)
