"""Body measurements in and out: HL7 FHIR R4 Observations and Open mHealth data points, as plain dicts.

Scales and health apps (Apple Health, Health Connect, Withings, …) share
weigh-ins as FHIR ``Observation`` s (vital-signs category, LOINC codes, UCUM
units) or as Open mHealth data points. hipdip reads and writes both as plain
Python dicts — JSON-ready, no dependency — into and from a
:class:`~hipdip.MeasurementLog`.

FHIR R4 codes (``http://loinc.org``; units ``http://unitsofmeasure.org``):

=================  ===========  ===========================  ===========================
measurement        code         display                      UCUM units read
=================  ===========  ===========================  ===========================
``weight_kg``      29463-7      Body weight                  ``kg``, ``g``, ``[lb_av]``
``height_cm``      8302-2       Body height                  ``cm``, ``m``, ``[in_i]``
``body_fat_pct``   41982-0      Percentage of body fat       ``%``
``waist_cm``       8280-0       Waist circumference          ``cm``, ``[in_i]``
``hip_cm``         ``hip``      Hip circumference (hipdip)   ``cm``, ``[in_i]``
``neck_cm``        ``neck``     Neck circumference (hipdip)  ``cm``, ``[in_i]``
=================  ===========  ===========================  ===========================

LOINC has no vital-sign code for hip and neck circumference, so hipdip writes
them with its own code system (``HIPDIP_CODE_SYSTEM``, ``urn:hipdip:body-measurement``). Observations are
grouped into one :class:`~hipdip.Measurement` per effective date-time; the
date is the calendar date as written (``2024-03-05T07:30:00+01:00`` is 5
March). Observations of other codes (blood pressure, heart rate, …) and
those ``entered-in-error`` or ``cancelled`` are passed over.

Open mHealth: ``omh:body-weight:3.0`` and ``omh:body-fat-percentage:2.0``
data points (``header`` and ``body``), or their bodies alone. Open mHealth
has no schema for girths or height, so only weight and body fat travel that
way.

>>> import datetime
>>> from hipdip import Measurement, MeasurementLog
>>> log = MeasurementLog((Measurement(datetime.date(2024, 3, 5), 65.0, body_fat_pct=28.0),))
>>> bundle = to_fhir(log)
>>> [e["resource"]["code"]["coding"][0]["code"] for e in bundle["entry"]]
['29463-7', '41982-0']
>>> from_fhir(bundle) == log
True
>>> from_openmhealth(to_openmhealth(log)) == log
True
>>> pounds = to_openmhealth(log, units="imperial")
>>> round(pounds[0]["body"]["body_weight"]["value"], 2), pounds[0]["body"]["body_weight"]["unit"]
(143.3, 'lb')
>>> from_openmhealth(pounds) == log  # pounds are written unrounded: back to 65 kg
True
"""

from __future__ import annotations

import datetime
import math
import uuid
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from hipdip.errors import ValidationError
from hipdip.models import Measurement, MeasurementLog, Units
from hipdip.models import _checks as c
from hipdip.units import CM_PER_IN as _CM_PER_IN
from hipdip.units import KG_PER_LB as _KG_PER_LB

if TYPE_CHECKING:
    from hipdip.nutrition import adjust_nutrition as adjust_nutrition

__all__ = [
    "HIPDIP_CODE_SYSTEM",
    "LOINC",
    "UCUM",
    "adjust_nutrition",
    "from_fhir",
    "from_openmhealth",
    "to_fhir",
    "to_openmhealth",
]

#: Code systems (HL7 FHIR R4: LOINC for observations, UCUM for units).
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
#: hipdip's own codes where LOINC has no vital-sign code: ``hip``, ``neck`` (circumferences).
HIPDIP_CODE_SYSTEM = "urn:hipdip:body-measurement"
_CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
#: Measurement field → (system, code, display, metric UCUM, imperial UCUM).
_CODES: dict[str, tuple[str, str, str, str, str]] = {
    "weight_kg": (LOINC, "29463-7", "Body weight", "kg", "[lb_av]"),
    "height_cm": (LOINC, "8302-2", "Body height", "cm", "[in_i]"),
    "body_fat_pct": (LOINC, "41982-0", "Percentage of body fat Measured", "%", "%"),
    "waist_cm": (
        LOINC,
        "8280-0",
        "Waist Circumference at umbilicus by Tape measure",
        "cm",
        "[in_i]",
    ),
    "hip_cm": (HIPDIP_CODE_SYSTEM, "hip", "Hip circumference", "cm", "[in_i]"),
    "neck_cm": (HIPDIP_CODE_SYSTEM, "neck", "Neck circumference", "cm", "[in_i]"),
}
_FIELD_OF_CODE = {(system, code): field for field, (system, code, *_rest) in _CODES.items()}
#: UCUM unit → (factor to the metric unit, the unit's word for people).
_MASS_UNITS = {"kg": 1.0, "g": 0.001, "[lb_av]": _KG_PER_LB, "lb": _KG_PER_LB, "lbs": _KG_PER_LB}
_LENGTH_UNITS = {"cm": 1.0, "m": 100.0, "mm": 0.1, "[in_i]": _CM_PER_IN, "in": _CM_PER_IN}
_UNIT_WORDS = {"kg": "kg", "[lb_av]": "lb", "cm": "cm", "[in_i]": "in", "%": "%"}
#: Namespace of the deterministic ids hipdip gives the resources it writes.
_ID_NAMESPACE = uuid.UUID("3f9e1c7a-8d4b-5e2f-9a61-4b7c2d8e0f15")
_SKIPPED_STATUS = frozenset({"entered-in-error", "cancelled"})


def __getattr__(name: str) -> Any:
    if name == "adjust_nutrition":  # lives with the nutrition engine; loaded on first use
        from hipdip.nutrition import adjust_nutrition

        return adjust_nutrition
    raise AttributeError(f"module 'hipdip.measurements' has no attribute {name!r}")


# --------------------------------------------------------------------------- #
# FHIR R4


def to_fhir(
    log: MeasurementLog,
    *,
    subject: str | None = None,
    units: Units | str = Units.METRIC,
) -> dict[str, Any]:
    """``log`` as a FHIR R4 ``Bundle`` (type ``collection``) of vital-signs ``Observation`` s.

    One Observation per measured value, ``effectiveDateTime`` the date;
    ``subject`` (a reference such as ``"Patient/123"``) is added when given.
    ``units="imperial"`` writes weights in ``[lb_av]`` and lengths in
    ``[in_i]``. Ids are derived from the content, so the same log gives the
    same bundle.
    """
    if not isinstance(log, MeasurementLog):
        raise ValidationError(f"log: must be a MeasurementLog (got {type(log).__name__})")
    imperial = c.enum_value(Units, "units", units) is Units.IMPERIAL
    entries = []
    for index, measurement in enumerate(log.measurements):
        for field, (system, code, display, metric, imperial_unit) in _CODES.items():
            value = getattr(measurement, field)
            if value is None:
                continue
            unit = imperial_unit if imperial else metric
            amount = _from_metric(value, unit)
            resource: dict[str, Any] = {
                "resourceType": "Observation",
                "id": str(uuid.uuid5(_ID_NAMESPACE, f"{index}:{field}:{measurement.date}")),
                "status": "final",
                "category": [
                    {
                        "coding": [
                            {
                                "system": _CATEGORY_SYSTEM,
                                "code": "vital-signs",
                                "display": "Vital Signs",
                            }
                        ]
                    }
                ],
                "code": {
                    "coding": [{"system": system, "code": code, "display": display}],
                    "text": display,
                },
            }
            if subject is not None:
                resource["subject"] = {"reference": subject}
            resource["effectiveDateTime"] = measurement.date.isoformat()
            resource["valueQuantity"] = {
                "value": amount,
                "unit": _UNIT_WORDS[unit],
                "system": UCUM,
                "code": unit,
            }
            entries.append({"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource})
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def from_fhir(data: Mapping[str, Any] | Iterable[Mapping[str, Any]]) -> MeasurementLog:
    """A :class:`~hipdip.MeasurementLog` from a FHIR ``Bundle``, one ``Observation``, or a list of them.

    Reads the codes and units of the table above (kg, g or lb; cm, m or
    inches); values are converted to kg and cm. Observations with the same
    ``effectiveDateTime`` (or ``effectivePeriod`` start) make one
    measurement; a body fat or girth written at another time of a day with
    a weigh-in joins that day's latest weigh-in, and the readings of a day
    without one make a measurement of their own, with no weight
    (``weight_kg`` is ``None``: no weight is made up). Anything else wrong — a
    resource that is not an Observation or Bundle, a missing date or value,
    an unknown unit — raises :class:`~hipdip.ValidationError` naming the
    entry.

    >>> obs = {"resourceType": "Observation", "status": "final",
    ...        "code": {"coding": [{"system": "http://loinc.org", "code": "29463-7"}]},
    ...        "effectiveDateTime": "2024-03-05T07:30:00+01:00",
    ...        "valueQuantity": {"value": 143.3, "code": "[lb_av]", "system": "http://unitsofmeasure.org"}}
    >>> round(from_fhir(obs).measurements[0].weight_kg, 2)
    65.0
    """
    resources = list(_fhir_resources(data))
    groups: dict[str, list[dict[str, Any]]] = {}
    for where, resource in resources:
        status = resource.get("status")
        if isinstance(status, str) and status in _SKIPPED_STATUS:
            continue
        field = _fhir_field(resource, where)
        if field is None:
            continue
        when = _fhir_when(resource, where)
        quantity = resource.get("valueQuantity")
        if not isinstance(quantity, Mapping) or not c.is_number(quantity.get("value")):
            raise ValidationError(
                f"{where}.valueQuantity.value: must be a number (got "
                f"{c.show(quantity.get('value') if isinstance(quantity, Mapping) else quantity)})"
            )
        unit = quantity.get("code") or quantity.get("unit")
        value = _to_metric(float(quantity["value"]), unit, field, f"{where}.valueQuantity")
        _join(groups, when, where, field, value)
    return _log(groups)


def _fhir_resources(data: Any) -> Iterable[tuple[str, Mapping[str, Any]]]:
    if isinstance(data, Mapping):
        kind = data.get("resourceType")
        if kind == "Bundle":
            entries = data.get("entry") or []
            if not isinstance(entries, list):
                raise ValidationError(f"entry: must be a list (got {type(entries).__name__})")
            for index, entry in enumerate(entries):
                resource = entry.get("resource") if isinstance(entry, Mapping) else None
                if not isinstance(resource, Mapping):
                    raise ValidationError(f"entry[{index}].resource: must be an object")
                if resource.get("resourceType") == "Observation":
                    yield f"entry[{index}].resource", resource
            return
        if kind == "Observation":
            yield "observation", data
            return
        raise ValidationError(f"resourceType: must be Bundle or Observation (got {c.show(kind)})")
    if isinstance(data, Iterable) and not isinstance(data, str | bytes):
        for index, item in enumerate(data):
            if not isinstance(item, Mapping) or item.get("resourceType") != "Observation":
                got = (
                    f"resourceType {c.show(item.get('resourceType'))}"
                    if isinstance(item, Mapping)
                    else type(item).__name__
                )
                raise ValidationError(f"[{index}]: must be an Observation (got {got})")
            yield f"[{index}]", item
        return
    raise ValidationError(f"data: must be a FHIR Bundle or Observation (got {type(data).__name__})")


def _fhir_field(resource: Mapping[str, Any], where: str) -> str | None:
    code = resource.get("code")
    codings = code.get("coding") if isinstance(code, Mapping) else None
    if codings is not None and not isinstance(codings, list):
        raise ValidationError(
            f"{where}.code.coding: must be a list of codings (got {c.show(codings)})"
        )
    for coding in codings or ():
        if isinstance(coding, Mapping):
            field = _FIELD_OF_CODE.get((str(coding.get("system")), str(coding.get("code"))))
            if field is not None:
                return field
    return None


def _fhir_when(resource: Mapping[str, Any], where: str) -> str:
    when = resource.get("effectiveDateTime")
    if when is None:
        period = resource.get("effectivePeriod")
        when = period.get("start") if isinstance(period, Mapping) else None
        if when is None:
            when = resource.get("effectiveInstant")
    if not isinstance(when, str) or len(when) < 10:
        raise ValidationError(
            f"{where}.effectiveDateTime: a measurement needs a date (got {c.show(when)})"
        )
    return when


# --------------------------------------------------------------------------- #
# Open mHealth


#: The Open mHealth schemas written and read: (namespace, name, version).
BODY_WEIGHT_SCHEMA = ("omh", "body-weight", "3.0")
BODY_FAT_SCHEMA = ("omh", "body-fat-percentage", "2.0")


def to_openmhealth(
    log: MeasurementLog, *, units: Units | str = Units.METRIC
) -> list[dict[str, Any]]:
    """``log`` as Open mHealth data points: ``body-weight`` 3.0 and ``body-fat-percentage`` 2.0.

    Each data point has a ``header`` (a content-derived ``id``, the
    ``schema_id``, and a ``creation_date_time`` — the measurement's date, so
    the same log gives the same points) and a ``body`` whose
    ``effective_time_frame`` is the date at 00:00 UTC. ``units="imperial"``
    writes weights in ``lb``. A measurement with neither a weight nor a
    body fat (girths only) has no Open mHealth schema and gives no point.
    """
    if not isinstance(log, MeasurementLog):
        raise ValidationError(f"log: must be a MeasurementLog (got {type(log).__name__})")
    imperial = c.enum_value(Units, "units", units) is Units.IMPERIAL
    points: list[dict[str, Any]] = []
    for index, measurement in enumerate(log.measurements):
        stamp = f"{measurement.date.isoformat()}T00:00:00Z"
        frame = {"date_time": stamp}
        if measurement.weight_kg is not None:
            weight = (
                {"value": measurement.weight_kg / _KG_PER_LB, "unit": "lb"}
                if imperial
                else {"value": measurement.weight_kg, "unit": "kg"}
            )
            points.append(
                _data_point(
                    BODY_WEIGHT_SCHEMA,
                    index,
                    stamp,
                    {"body_weight": weight, "effective_time_frame": frame},
                )
            )
        if measurement.body_fat_pct is not None:
            body = {
                "body_fat_percentage": {"value": measurement.body_fat_pct, "unit": "%"},
                "effective_time_frame": frame,
            }
            points.append(_data_point(BODY_FAT_SCHEMA, index, stamp, body))
    return points


def _data_point(
    schema: tuple[str, str, str], index: int, stamp: str, body: dict[str, Any]
) -> dict[str, Any]:
    namespace, name, version = schema
    return {
        "header": {
            "id": str(uuid.uuid5(_ID_NAMESPACE, f"{index}:{name}:{stamp}")),
            "creation_date_time": stamp,
            "schema_id": {"namespace": namespace, "name": name, "version": version},
        },
        "body": body,
    }


def from_openmhealth(data: Mapping[str, Any] | Iterable[Mapping[str, Any]]) -> MeasurementLog:
    """A :class:`~hipdip.MeasurementLog` from Open mHealth data points (or bodies).

    Reads ``body-weight`` (``kg``, ``g`` or ``lb``) and
    ``body-fat-percentage`` (``%``) bodies, from data points (``header`` +
    ``body``) or bare bodies; other schemas are passed over. Points with the
    same effective time make one measurement (a body fat at another time of
    a day with a weigh-in joins it; on a day without one it is a
    measurement with no weight). The date is the ``date_time`` (or the
    ``time_interval``'s start) as written.
    """
    items = [data] if isinstance(data, Mapping) else data
    if not isinstance(items, Iterable) or isinstance(items, str | bytes):
        raise ValidationError(
            f"data: must be a data point or a list of them (got {type(data).__name__})"
        )
    groups: dict[str, list[dict[str, Any]]] = {}
    for index, item in enumerate(items):
        where = f"[{index}]"
        if not isinstance(item, Mapping):
            raise ValidationError(f"{where}: must be an object (got {type(item).__name__})")
        body = item.get("body", item)
        if not isinstance(body, Mapping):
            raise ValidationError(f"{where}.body: must be an object")
        if "body_weight" in body:
            field, key = "weight_kg", "body_weight"
        elif "body_fat_percentage" in body:
            field, key = "body_fat_pct", "body_fat_percentage"
        else:
            continue
        value = body[key]
        if not isinstance(value, Mapping) or not c.is_number(value.get("value")):
            shown = c.show(value.get("value") if isinstance(value, Mapping) else value)
            raise ValidationError(f"{where}.body.{key}.value: must be a number (got {shown})")
        when = _omh_when(body.get("effective_time_frame"), f"{where}.body.effective_time_frame")
        amount = _to_metric(float(value["value"]), value.get("unit"), field, f"{where}.body.{key}")
        _join(groups, when, where, field, amount)
    return _log(groups)


def _omh_when(frame: Any, where: str) -> str:
    if isinstance(frame, Mapping):
        when = frame.get("date_time")
        interval = frame.get("time_interval")
        if when is None and isinstance(interval, Mapping):
            when = interval.get("start_date_time") or interval.get("end_date_time")
        if isinstance(when, str) and len(when) >= 10:
            return when
    got = (
        f"date_time {c.show(frame.get('date_time'))}"
        if isinstance(frame, Mapping)
        else c.show(frame)
    )
    raise ValidationError(f"{where}: a measurement needs a date_time (got {got})")


# --------------------------------------------------------------------------- #
# Shared


def _to_metric(value: float, unit: Any, field: str, where: str) -> float:
    if field == "weight_kg":
        table = _MASS_UNITS
    elif field == "body_fat_pct":
        table = {"%": 1.0}
    else:
        table = _LENGTH_UNITS
    factor = table.get(unit) if isinstance(unit, str) else None
    if factor is None:
        raise ValidationError(
            f"{where}: unit {c.show(unit)} is not one hipdip reads for {field} ({', '.join(table)})"
        )
    if not math.isfinite(value):
        raise ValidationError(f"{where}.value: must be a finite number (got {value!r})")
    # Converted values lose the float noise of the conversion (to 1e-9); metric ones stay as given.
    return value if factor == 1.0 else round(value * factor, 9)


def _from_metric(value: float, unit: str) -> float:
    if unit == "[lb_av]":
        return value / _KG_PER_LB
    if unit == "[in_i]":
        return value / _CM_PER_IN
    return value


def _join(
    groups: dict[str, list[dict[str, Any]]], when: str, where: str, field: str, value: float
) -> None:
    """Add a value to the latest measurement at time ``when`` that lacks it, else start one.

    So a weight and a body fat taken together make one measurement, and two
    weigh-ins written with the same time stay two.
    """
    found = groups.setdefault(when, [])
    for values in reversed(found):
        if field not in values:
            values[field] = value
            return
    found.append({"where": where, field: value})


def _same_day(groups: dict[str, list[dict[str, Any]]]) -> None:
    """A reading with no weigh-in at its time joins the day's latest weigh-in that lacks it.

    A scale writes weight and body fat with one time; a tape measure's waist is
    written when it was taken. Both are one day's measurement (hipdip's
    measurements are daily). On a day with no weigh-in, the day's readings
    join the first of them that lacks them, a measurement without a weight.
    """
    weighed: dict[str, list[dict[str, Any]]] = {}
    for when, found in sorted(groups.items()):
        weighed.setdefault(when[:10], []).extend(v for v in found if "weight_kg" in v)
    unweighed: dict[str, list[dict[str, Any]]] = {}  # day → its readings kept on their own
    for when, found in sorted(groups.items()):
        alone = []
        for values in found:
            fields = [name for name in values if name != "where"]
            if "weight_kg" in values:
                alone.append(values)
                continue
            day = weighed.get(when[:10])
            if day:
                into = next((v for v in reversed(day) if not any(f in v for f in fields)), None)
            else:
                kept = unweighed.setdefault(when[:10], [])
                into = next((v for v in kept if not any(f in v for f in fields)), None)
                if into is None:
                    kept.append(values)
            if into is None:
                alone.append(values)
            else:
                into.update((f, values[f]) for f in fields)
        found[:] = alone


def _log(groups: dict[str, list[dict[str, Any]]]) -> MeasurementLog:
    _same_day(groups)
    measurements: list[tuple[datetime.date, str, int, Measurement]] = []
    order = 0
    for when, found in groups.items():
        for values in found:
            order += 1
            day, written, measurement = _measurement(when, dict(values))
            measurements.append((day, written, order, measurement))
    measurements.sort(key=lambda item: (item[0], item[1], item[2]))
    return MeasurementLog(tuple(m for _, _, _, m in measurements))


def _measurement(when: str, values: dict[str, Any]) -> tuple[datetime.date, str, Measurement]:
    """One measurement from the values taken at ``when`` (``values["where"]`` names the entry)."""
    where = values.pop("where")
    try:
        day = datetime.date.fromisoformat(when[:10])
    except ValueError:
        raise ValidationError(f"{where}: date {when!r} is not an ISO date") from None
    try:
        measurement = Measurement(day, **values)
    except ValidationError as exc:
        raise ValidationError([f"{where} ({when}): {error}" for error in exc.errors]) from None
    return day, when, measurement
