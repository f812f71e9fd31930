"""What every hipdip chart shares: the pinned Vega-Lite version, the look, and the input checks.

Specs are plain dicts (JSON-ready: str, int, float, bool, None, lists and
dicts only), so an app can hand them to vega-embed, Altair or any Vega-Lite
renderer without hipdip installed on the front end.
"""

from __future__ import annotations

import math
from typing import Any, Protocol, runtime_checkable

from hipdip.errors import ValidationError
from hipdip.models import Program, TrainingLog

__all__ = [
    "COLORS",
    "FONT",
    "HEIGHT",
    "UNITS",
    "VEGA_LITE_MAJOR",
    "VEGA_LITE_SCHEMA",
    "WIDTH",
    "HasLog",
    "chart",
    "log_and_program",
    "number",
    "program_of",
    "training_log",
    "units_of",
]

#: The Vega-Lite major version every spec targets (hipdip pins the major; any 6.x renders it).
VEGA_LITE_MAJOR = 6
#: The ``$schema`` of every spec: Vega-Lite's published JSON Schema for major 6.
VEGA_LITE_SCHEMA = f"https://vega.github.io/schema/vega-lite/v{VEGA_LITE_MAJOR}.json"
#: Default size of one chart's plotting area, in CSS pixels (an app may override both).
WIDTH = 560
HEIGHT = 260
#: The system font stack: no web font is fetched, the reader's own UI font is used.
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
#: Series colours: a blue/orange pair readable with the common colour-vision
#: deficiencies (the Okabe–Ito palette), a pale green band for ranges, grey for context.
COLORS = {
    "planned": "#0072B2",
    "done": "#E69F00",
    "range": "#CDEBC5",
    "second": "#009E73",
    "context": "#888888",
}


#: The units a chart can show: kg and cm, or lb and in.
UNITS = ("metric", "imperial")


@runtime_checkable
class HasLog(Protocol):
    """Anything carrying a training log, like :class:`hipdip.testing.simulate.Simulation`."""

    @property
    def log(self) -> TrainingLog: ...


def chart(title: str, subtitle: str, description: str, **body: Any) -> dict[str, Any]:
    """A top-level spec: schema, title, accessible description, size, system font."""
    spec: dict[str, Any] = {
        "$schema": VEGA_LITE_SCHEMA,
        "title": {"text": title, "subtitle": subtitle, "anchor": "start"},
        "description": description,
    }
    if "vconcat" not in body:
        spec["width"] = WIDTH
        spec["height"] = HEIGHT
    spec.update(body)
    spec["config"] = {"font": FONT, "view": {"stroke": None}}
    return spec


def program_of(value: object, name: str = "program") -> Program:
    """``value`` if it is a :class:`~hipdip.Program`, else a :class:`~hipdip.ValidationError` naming ``name``."""
    if not isinstance(value, Program):
        raise ValidationError(f"{name}: must be a Program (got {type(value).__name__})")
    return value


def training_log(value: object, name: str = "log") -> TrainingLog:
    """A :class:`~hipdip.TrainingLog` from ``value`` or from its ``.log`` (a ``Simulation``)."""
    if isinstance(value, TrainingLog):
        return value
    log = getattr(value, "log", None)
    if isinstance(log, TrainingLog):
        return log
    raise ValidationError(
        f"{name}: must be a TrainingLog or have one as .log, like a Simulation "
        f"(got {type(value).__name__})"
    )


def log_and_program(value: object, name: str = "log") -> tuple[TrainingLog, Program | None]:
    """The log of ``value`` and, when it carries one (a ``Simulation``), its program."""
    log = training_log(value, name)
    program = getattr(value, "program", None)
    return log, program if isinstance(program, Program) else None


def number(value: float) -> float | int:
    """A JSON-friendly number: an int when whole, else rounded to 3 decimals (float noise off)."""
    if not math.isfinite(value):  # pragma: no cover - models forbid non-finite numbers
        raise ValidationError(f"value: must be finite (got {value!r})")
    rounded = round(value, 3)
    return int(rounded) if rounded == int(rounded) else rounded


def units_of(units: str | None, profile: object = None) -> str:
    """``units`` checked, or by default the ``profile``'s units (``metric`` when it has none)."""
    if units is None:
        return str(getattr(profile, "units", None) or "metric")
    if units not in UNITS:
        raise ValidationError(f"units: must be one of {', '.join(UNITS)} (got {units!r})")
    return units
