"""Body measurements over time: weigh-ins, body fat and circumferences, each on a date.

A :class:`Measurement` is what a scale, a tape or a health app records on one
day; a :class:`MeasurementLog` holds them in date order. The numbers are
metric and bounded like :class:`~hipdip.BodyComposition`'s
(:mod:`hipdip.measurements` reads and writes FHIR and Open mHealth, in kg or lb).

>>> import datetime
>>> from hipdip import Measurement, MeasurementLog
>>> day = datetime.date(2024, 3, 5)
>>> Measurement(day, 65.2, body_fat_pct=27.5).weight_kg
65.2
>>> MeasurementLog((Measurement(day, 65.2), Measurement(day - datetime.timedelta(1), 65.4)))
Traceback (most recent call last):
...
hipdip.errors.ValidationError: measurements[1].date: 2024-03-04 is before measurements[0].date 2024-03-05; measurements are in date order
"""

from __future__ import annotations

import datetime
from typing import Any

import attrs

from hipdip.errors import ValidationError
from hipdip.models import _checks as c
from hipdip.models.profile import (
    BODY_FAT_PCT,
    HEIGHT_CM,
    HIP_CM,
    NECK_CM,
    WAIST_CM,
    WEIGHT_KG,
    _raise_body_problems,
    _raise_unit_hints,
)

__all__ = ["MAX_MEASUREMENTS", "Measurement", "MeasurementLog"]

#: Most measurements one log holds: a weigh-in a day for more than a century.
MAX_MEASUREMENTS = 50_000


@attrs.frozen
class Measurement:
    """One day's body measurements: ``weight_kg``, body fat and girths, each when measured.

    A weigh-in usually comes with the others, but a reading on a day without
    one (a tape measure's waist, a body-fat scan) is a measurement too:
    ``weight_kg`` is then ``None`` — never filled in from another day. At
    least one value is given. ``height_cm`` (optional) lets the measurement
    be checked for a plausible body-mass index, like
    :class:`~hipdip.BodyComposition`.

    >>> import datetime
    >>> Measurement(datetime.date(2024, 3, 6), waist_cm=80.5).weight_kg is None
    True
    >>> Measurement(datetime.date(2024, 3, 6))
    Traceback (most recent call last):
    ...
    hipdip.errors.ValidationError: weight_kg: required when nothing else is measured (give at least one of weight_kg, body_fat_pct, waist_cm, hip_cm, neck_cm, height_cm)
    """

    date: datetime.date = attrs.field(validator=c.Date())
    weight_kg: float | None = attrs.field(
        default=None,
        converter=c.to_float,
        validator=c.Number(*WEIGHT_KG, unit=" kg", optional=True),
    )
    body_fat_pct: float | None = attrs.field(
        default=None,
        converter=c.to_float,
        validator=c.Number(*BODY_FAT_PCT, unit=" %", optional=True),
    )
    waist_cm: float | None = attrs.field(
        default=None, converter=c.to_float, validator=c.Number(*WAIST_CM, unit=" cm", optional=True)
    )
    hip_cm: float | None = attrs.field(
        default=None, converter=c.to_float, validator=c.Number(*HIP_CM, unit=" cm", optional=True)
    )
    neck_cm: float | None = attrs.field(
        default=None, converter=c.to_float, validator=c.Number(*NECK_CM, unit=" cm", optional=True)
    )
    height_cm: float | None = attrs.field(
        default=None,
        converter=c.to_float,
        validator=c.Number(*HEIGHT_CM, unit=" cm", optional=True),
    )

    def __attrs_pre_init__(
        self, date: Any, weight_kg: Any = None, *_rest: Any, height_cm: Any = None, **_kw: Any
    ) -> None:
        # Before the field validators: a weight in pounds or grams, a height in metres,
        # inches or feet, gets the range error plus what the number looks like.
        if len(_rest) >= 5:  # height_cm given by position
            height_cm = _rest[4]
        _raise_unit_hints(weight_kg, height_cm)

    def __attrs_post_init__(self) -> None:
        values = [getattr(self, name) for name in _MEASURED]
        if all(value is None for value in values):
            raise ValidationError(
                "weight_kg: required when nothing else is measured (give at least one of "
                + ", ".join(_MEASURED)
                + ")"
            )
        _raise_body_problems(
            self.weight_kg, self.height_cm, self.body_fat_pct, self.waist_cm, self.neck_cm
        )


#: The values a :class:`Measurement` may hold (each optional; at least one is given).
_MEASURED = ("weight_kg", "body_fat_pct", "waist_cm", "hip_cm", "neck_cm", "height_cm")


@attrs.frozen
class MeasurementLog:
    """Measurements in date order (several on one day are allowed, in the order taken)."""

    measurements: tuple[Measurement, ...] = attrs.field(
        default=(),
        converter=c.to_tuple,
        validator=c.Items(Measurement, max_items=MAX_MEASUREMENTS),
    )

    def __attrs_post_init__(self) -> None:
        items = self.measurements
        for index in range(1, len(items)):
            if items[index].date < items[index - 1].date:
                raise ValidationError(
                    f"measurements[{index}].date: {items[index].date.isoformat()} is before "
                    f"measurements[{index - 1}].date {items[index - 1].date.isoformat()}; "
                    "measurements are in date order"
                )
