"""Body charts: weight, body fat and girths over time, and the energy target the scale moves.

Both read measurements by the fields of DESIGN.md's ``Measurement`` (``date``
and the optional ``weight_kg``, ``body_fat_pct``, ``waist_cm``, ``hip_cm``),
from a ``MeasurementLog`` (its ``.measurements``) or any sequence of them.
"""

from __future__ import annotations

import bisect
import datetime
import importlib
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from hipdip.charts._vegalite import COLORS, HEIGHT, WIDTH, chart, number, units_of
from hipdip.errors import HipdipError, ValidationError
from hipdip.models import NutritionPlan, Profile
from hipdip.units import cm_to_in, kg_to_lb

if TYPE_CHECKING:
    import pluggy

__all__ = ["energy_chart", "measurement_chart"]

#: Days between the weekly check-ins of :func:`energy_chart` (one adjustment a week).
CHECK_IN_DAYS = 7
_PANEL_HEIGHT = HEIGHT * 3 // 5


#: The fields :func:`measurement_chart` draws (a height alone draws nothing).
DRAWN_FIELDS = ("weight_kg", "body_fat_pct", "waist_cm", "hip_cm")


def measurement_chart(measurements: object, *, units: str | None = None) -> dict[str, Any]:
    """Body weight, body fat and waist/hip over time: one panel each, for what was measured.

    ``measurements`` is a ``MeasurementLog`` or a sequence of ``Measurement`` s
    (in date order). Weight is in kg (``units="imperial"``: lb), girths in cm
    (in); a panel appears only when at least one measurement has its field
    (a waist taken on a day without a weigh-in is drawn on its own date).
    """
    items = _measurements(measurements)
    if not drawable(items):
        raise ValidationError(
            "measurements: nothing to draw (no weight, body fat, waist or hip among "
            f"{len(items)} measurement{'s' * (len(items) != 1)})"
        )
    chosen = units_of(units)
    mass, girth = ("lb", "in") if chosen == "imperial" else ("kg", "cm")
    to_mass: Callable[[float], float] = kg_to_lb if chosen == "imperial" else float
    to_girth: Callable[[float], float] = cm_to_in if chosen == "imperial" else float
    panels = []
    texts = []
    weight = [(m.date, to_mass(m.weight_kg)) for m in items if _has(m, "weight_kg")]
    if weight:
        panels.append(
            _panel("Body weight", f"Weight ({mass})", {"Weight": weight}, [COLORS["planned"]])
        )
        texts.append(f"weight {_trend(weight, mass)}")
    fat = [(m.date, float(m.body_fat_pct)) for m in items if _has(m, "body_fat_pct")]
    if fat:
        panels.append(_panel("Body fat", "Body fat (%)", {"Body fat": fat}, [COLORS["done"]]))
        texts.append(f"body fat {_trend(fat, '%')}")
    girths = {
        name: [(m.date, to_girth(getattr(m, field))) for m in items if _has(m, field)]
        for name, field in (("Waist", "waist_cm"), ("Hip", "hip_cm"))
    }
    girths = {name: values for name, values in girths.items() if values}
    if girths:
        colors = [COLORS["second"], COLORS["context"]][: len(girths)]
        title = " and ".join(girths).capitalize()
        panels.append(_panel(title, f"Girth ({girth})", girths, colors))
        texts += [f"{name.lower()} {_trend(values, girth)}" for name, values in girths.items()]
    span = f"{len(items)} measurement{'s' * (len(items) != 1)}"
    span += f" from {items[0].date.isoformat()} to {items[-1].date.isoformat()}"
    return chart(
        "Body measurements",
        "Weight, body fat and girths over time, as measured",
        f"{span}: " + "; ".join(texts) + ".",
        vconcat=panels,
        resolve={"scale": {"color": "independent"}, "legend": {"color": "independent"}},
    )


def energy_chart(
    profile: Profile,
    measurements: object,
    *,
    plan: NutritionPlan | None = None,
    pm: pluggy.PluginManager | None = None,
) -> dict[str, Any]:
    """The daily energy target over time: what the scale said about ``plan`` each week.

    Starts from ``plan`` (default :func:`hipdip.nutrition_plan` of
    ``profile``): on the first measurement's date, every 7 days after it,
    and on the last measurement's date, the target is ``adjust_nutrition`` of
    ``plan`` with the weigh-ins up to that day (measurements without a
    weight are passed over; on the first date that is ``plan``'s own target
    unless a screen fires on the weigh-in) — so the last point is what
    ``hipdip nutrition --measurements`` gives today. Maintenance energy
    (TDEE) is drawn beside the target. Needs ``hipdip.adjust_nutrition`` (body
    measurements); a hipdip without it raises :class:`~hipdip.HipdipError`
    saying so.
    """
    from hipdip.nutrition import ADAPT_WINDOW_DAYS, nutrition_plan

    adjust = _adjust_nutrition()
    if not isinstance(profile, Profile):
        raise ValidationError(f"profile: must be a Profile (got {type(profile).__name__})")
    if plan is not None and not isinstance(plan, NutritionPlan):
        raise ValidationError(f"plan: must be a NutritionPlan (got {type(plan).__name__})")
    items = [m for m in _measurements(measurements) if _has(m, "weight_kg")]
    if not items:
        raise ValidationError("measurements: the energy target follows weigh-ins (got none)")
    start = nutrition_plan(profile, pm=pm) if plan is None else plan
    first, last = items[0].date, items[-1].date
    days = [
        first + datetime.timedelta(days=n) for n in range(0, (last - first).days + 1, CHECK_IN_DAYS)
    ]
    if days[-1] < last:
        days.append(last)
    points = []
    dates = [m.date for m in items]
    window = datetime.timedelta(days=ADAPT_WINDOW_DAYS)
    for day in days:  # the first day too: a screen may fire on its weigh-in
        # adjust_nutrition reads the weigh-ins of the window before the latest one
        # up to ``day``: give it those only (the same answer; years of daily
        # weigh-ins no longer make every point re-check all of them).
        end = bisect.bisect_right(dates, day)
        begin = bisect.bisect_left(dates, dates[end - 1] - window)
        points.append((day, adjust(profile, start, items[begin:end], pm=pm)))
    target, maintenance = "Energy target", "Maintenance (TDEE)"
    rows = []
    for when, each in points:
        rows.append({"date": when.isoformat(), "series": target, "kcal": number(each.target_kcal)})
        rows.append(
            {"date": when.isoformat(), "series": maintenance, "kcal": number(each.tdee_kcal)}
        )
    steps = ", ".join(f"{when.isoformat()}: {each.target_kcal:,.0f}" for when, each in points)
    description = (
        f"Daily energy target in kcal, adjusted to the weight trend of {len(items)} "
        f"measurement{'s' * (len(items) != 1)} "
        f"from {first.isoformat()} to {last.isoformat()}: {steps}."
    )
    return chart(
        "Energy target over time",
        "Daily target adjusted once a week to the weight trend, beside maintenance (kcal/day)",
        description,
        data={"values": rows},
        mark={"type": "line", "point": True, "interpolate": "step-after"},
        encoding={
            "x": {"field": "date", "type": "temporal", "title": "Date"},
            "y": {
                "field": "kcal",
                "type": "quantitative",
                "title": "Energy (kcal/day)",
                "scale": {"zero": False},
            },
            "color": {
                "field": "series",
                "type": "nominal",
                "scale": {
                    "domain": [target, maintenance],
                    "range": [COLORS["planned"], COLORS["context"]],
                },
                "legend": {"title": None, "orient": "bottom"},
            },
            "strokeDash": {
                "field": "series",
                "type": "nominal",
                "scale": {"domain": [target, maintenance], "range": [[1, 0], [4, 4]]},
                "legend": None,
            },
            "tooltip": [
                {"field": "date", "type": "temporal", "title": "Date"},
                {"field": "series", "title": "What"},
                {"field": "kcal", "title": "kcal/day", "format": ",.0f"},
            ],
        },
    )


# --------------------------------------------------------------------------- #
# Helpers


def _adjust_nutrition() -> Callable[..., NutritionPlan]:
    """``hipdip.nutrition.adjust_nutrition`` (issue 18), or a clear error where it is missing."""
    adjust = getattr(importlib.import_module("hipdip.nutrition"), "adjust_nutrition", None)
    if adjust is None:
        raise HipdipError(
            "energy_chart needs hipdip.adjust_nutrition (body measurements over time), "
            "which this version of hipdip does not have"
        )
    result: Callable[..., NutritionPlan] = adjust
    return result


def _measurements(value: object) -> Sequence[Any]:
    """The measurements of a ``MeasurementLog`` or a sequence, checked for a date (and a weight
    that is a number, when there is one)."""
    items = getattr(value, "measurements", value)
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise ValidationError(
            "measurements: must be a MeasurementLog or a sequence of Measurements "
            f"(got {type(value).__name__})"
        )
    found = tuple(items)
    if not found:
        raise ValidationError("measurements: give at least one measurement (got none)")
    for index, item in enumerate(found):
        if not isinstance(getattr(item, "date", None), datetime.date):
            raise ValidationError(
                f"measurements[{index}].date: must be a date (got {type(item).__name__})"
            )
        weight = getattr(item, "weight_kg", None)
        if weight is not None and (not isinstance(weight, int | float) or isinstance(weight, bool)):
            raise ValidationError(f"measurements[{index}].weight_kg: must be a number")
        if index and item.date < found[index - 1].date:
            raise ValidationError(
                f"measurements[{index}].date: {item.date.isoformat()} is before the one "
                "above it; measurements are in date order"
            )
    return found


def drawable(items: Iterable[object]) -> bool:
    """Whether :func:`measurement_chart` has something to draw: a :data:`DRAWN_FIELDS` value."""
    return any(_has(m, field) for m in items for field in DRAWN_FIELDS)


def _has(item: object, field: str) -> bool:
    return getattr(item, field, None) is not None


def _panel(
    title: str,
    axis: str,
    series: dict[str, list[tuple[datetime.date, float]]],
    colors: list[str],
) -> dict[str, Any]:
    rows = [
        {"date": when.isoformat(), "series": name, "value": number(value)}
        for name, values in series.items()
        for when, value in values
    ]
    return {
        "title": title,
        "width": WIDTH,
        "height": _PANEL_HEIGHT,
        "data": {"values": rows},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "date", "type": "temporal", "title": "Date"},
            "y": {
                "field": "value",
                "type": "quantitative",
                "title": axis,
                "scale": {"zero": False},
            },
            "color": {
                "field": "series",
                "type": "nominal",
                "scale": {"domain": list(series), "range": colors},
                "legend": {"title": None, "orient": "bottom"} if len(series) > 1 else None,
            },
            "tooltip": [
                {"field": "date", "type": "temporal", "title": "Date"},
                {"field": "series", "title": "What"},
                {"field": "value", "title": axis, "format": ".1f"},
            ],
        },
    }


def _trend(values: Sequence[tuple[datetime.date, float]], unit: str) -> str:
    first, last = values[0][1], values[-1][1]
    if len(values) == 1:
        return f"{first:.1f} {unit}"
    return f"from {first:.1f} to {last:.1f} {unit}"
