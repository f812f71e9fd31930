"""Training charts: weekly hard sets against the range, and one exercise's progress."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from hipdip import metrics
from hipdip.charts._vegalite import (
    COLORS,
    chart,
    log_and_program,
    number,
    program_of,
    training_log,
    units_of,
)
from hipdip.errors import UnknownIdError, ValidationError
from hipdip.loads import BAND_TIER_WORDS, describe_load, estimated_1rm, load_order
from hipdip.models import (
    Band,
    BandTier,
    Exercise,
    Load,
    Program,
    SessionLog,
    SetResult,
    TrainingLog,
    Weight,
)
from hipdip.registry import catalog
from hipdip.training import LOGGED_HARD_SET_MAX_RIR, TARGET_MUSCLE, WEEKLY_HARD_SETS
from hipdip.units import kg_to_lb

if TYPE_CHECKING:
    import pluggy

__all__ = ["progress_chart", "weekly_volume"]

_PLANNED = "Planned"
_DONE = f"Done (RIR ≤ {LOGGED_HARD_SET_MAX_RIR})"


def weekly_volume(
    program: Program,
    log: TrainingLog | None = None,
    *,
    pm: pluggy.PluginManager | None = None,
) -> dict[str, Any]:
    """Gluteus medius hard sets per week: planned, and done in ``log``, against the experience range.

    Bars show the hard sets the program plans each week and, with a ``log``
    (a :class:`~hipdip.TrainingLog`, or anything with one as ``.log``, like a
    ``Simulation``), those done — sets logged at RIR ≤ 4, role-credited, and
    holds held for their prescribed time (:func:`hipdip.metrics.weekly_volume`)
    — up to the last logged week. A
    shaded band marks the person's weekly range (SCIENCE.md §Training:
    beginner 8–12, intermediate 10–16, advanced 12–20) on non-deload weeks;
    deload weeks are labelled and planned below it on purpose.

    >>> from hipdip.examples import example_log, example_program
    >>> program = example_program()
    >>> spec = weekly_volume(program, example_log(program))
    >>> spec["title"]["text"]
    'Gluteus medius: hard sets per week'
    >>> [row for row in spec["layer"][1]["data"]["values"] if row["week"] == 1]
    [{'week': 1, 'label': '1', 'series': 'Planned', 'sets': 10}, {'week': 1, 'label': '1', 'series': 'Done (RIR ≤ 4)', 'sets': 7}]
    >>> weekly_volume("program.json")
    Traceback (most recent call last):
    ...
    hipdip.errors.ValidationError: program: must be a Program (got str)
    """
    program = program_of(program)
    the_log = None if log is None else training_log(log)
    volumes = metrics.weekly_volume(program, the_log, catalog(pm).exercises, TARGET_MUSCLE, pm=pm)
    experience = program.profile.experience
    low, high = WEEKLY_HARD_SETS[experience]
    labels = [f"{v.week} (deload)" if v.deload else str(v.week) for v in volumes]
    weeks = [s.week for s in the_log.sessions if s.week is not None] if the_log else []
    last_logged = max(weeks, default=0)
    bars: list[dict[str, Any]] = []
    for volume, label in zip(volumes, labels, strict=True):
        bars.append(
            {
                "week": volume.week,
                "label": label,
                "series": _PLANNED,
                "sets": number(volume.planned),
            }
        )
        if the_log is not None and volume.week <= last_logged:
            bars.append(
                {"week": volume.week, "label": label, "series": _DONE, "sets": number(volume.done)}
            )
    band = [
        {"week": v.week, "label": label, "low": low, "high": high}
        for v, label in zip(volumes, labels, strict=True)
        if not v.deload
    ]
    range_label = f"{experience.value.capitalize()} range ({low}–{high})"
    series = [_PLANNED, _DONE] if the_log is not None else [_PLANNED]
    color = {
        "scale": {
            "domain": [range_label, *series],
            "range": [COLORS["range"], COLORS["planned"], COLORS["done"]][: 1 + len(series)],
        },
        "legend": {"title": None, "orient": "bottom"},
    }
    x = {
        "field": "label",
        "type": "nominal",
        "sort": labels,
        "title": "Week",
        "axis": {"labelAngle": 0},
    }
    subtitle = "Planned" + (
        f", and done (sets logged at RIR ≤ {LOGGED_HARD_SET_MAX_RIR})" if the_log else ""
    )
    subtitle += f"; shaded: the {experience.value} range, {low}–{high} a week"
    return chart(
        "Gluteus medius: hard sets per week",
        subtitle,
        _volume_description(volumes, experience.value, low, high, the_log is not None, last_logged),
        layer=[
            {
                "data": {"values": band},
                "mark": {"type": "rect", "opacity": 0.8},
                "encoding": {
                    "x": x,
                    "y": {"field": "low", "type": "quantitative"},
                    "y2": {"field": "high"},
                    "color": {"datum": range_label},  # the shared scale: see the bars
                    "tooltip": [
                        {"field": "label", "title": "Week"},
                        {"field": "low", "title": "Range from"},
                        {"field": "high", "title": "to"},
                    ],
                },
            },
            {
                "data": {"values": bars},
                "mark": {"type": "bar"},
                "encoding": {
                    "x": x,
                    "xOffset": {"field": "series", "sort": series},
                    "y": {
                        "field": "sets",
                        "type": "quantitative",
                        "title": "Hard sets (gluteus medius)",
                    },
                    "color": {"field": "series", "type": "nominal", **color},
                    "tooltip": [
                        {"field": "label", "title": "Week"},
                        {"field": "series", "title": "Sets"},
                        {"field": "sets", "title": "Hard sets", "format": ".1~f"},
                    ],
                },
            },
        ],
    )


def _volume_description(
    volumes: Sequence[metrics.WeekVolume],
    experience: str,
    low: int,
    high: int,
    logged: bool,
    last_logged: int,
) -> str:
    def week(v: metrics.WeekVolume, sets: float) -> str:
        return _n(sets) + (" (deload)" if v.deload else "")

    planned = ", ".join(week(v, v.planned) for v in volumes)
    text = (
        f"Gluteus medius hard sets per week over {len(volumes)} week{'s' * (len(volumes) != 1)}, "
        f"for {'an' if experience[:1] in 'aeiou' else 'a'} {experience} "
        f"(range {low}–{high} a week outside deloads). Planned, week by week: {planned}."
    )
    if logged:
        done = [v for v in volumes if v.week <= last_logged]
        if done:
            listed = ", ".join(f"week {v.week}: {_n(v.done)}" for v in done)
            text += f" Done (sets logged at RIR ≤ {LOGGED_HARD_SET_MAX_RIR}): {listed}."
        else:
            text += " Nothing logged yet."
    return text


def progress_chart(
    log: object,
    exercise_id: str,
    *,
    units: str | None = None,
    pm: pluggy.PluginManager | None = None,
) -> dict[str, Any]:
    """One exercise over time, one point per logged session.

    ``log`` is a :class:`~hipdip.TrainingLog` or anything with one as
    ``.log``: a ``Simulation``, whose ``.program`` then gives the days per
    week and the person's units, or the :class:`~hipdip.logs.LogImport` of
    :func:`hipdip.logs.read_log`, whose report says what unit the file's
    weights were in. What is drawn follows the loads logged:

    * weights: the session's heaviest load and the best estimated 1RM
      (Epley, ``kg · (1 + (reps + RIR) / 30)``: :func:`hipdip.loads.estimated_1rm`;
      only sets logged with an RIR), in kg or lb: ``units`` when given, else
      the person's (a ``Simulation``) or the file's (a ``LogImport``). A bare
      ``TrainingLog`` holds kilograms and says nothing of the person, so it
      is drawn in kg unless ``units="imperial"`` is given (what ``hipdip
      report`` does with the profile's units);
    * bands: the band tier;
    * bodyweight: the best set's reps, or the longest hold in seconds.

    The x axis is the week (day *d* of a week of *n* days at ``week + (d − 1) / n``),
    or the date when every session of the exercise has one (a dated log; in a
    mixed log, dated sessions not placed on the program are left out and the
    description says so);
    tooltips give each session's load in words (:func:`hipdip.loads.describe_load`,
    in ``units``), reps and RIR.

    >>> from hipdip import BodyComposition, Profile
    >>> from hipdip.plugins import make_plugin_manager
    >>> from hipdip.testing.simulate import Lifter, simulate
    >>> pm = make_plugin_manager(entry_points=False)
    >>> person = Profile(sex="female", age=30, body=BodyComposition(65, 165),
    ...                  experience="intermediate", equipment={"ankle_weights"})
    >>> sim = simulate(person, weeks=6, lifter=Lifter.responder(seed=1), pm=pm)
    >>> spec = progress_chart(sim, "ankle_weight_side_lying_hip_abduction", pm=pm)
    >>> loads = [p["value"] for p in spec["data"]["values"] if p["series"] == "Load"]
    >>> loads[0] < loads[-1]
    True
    >>> progress_chart(sim, "side_plank_hip_abductio", pm=pm)
    Traceback (most recent call last):
    ...
    hipdip.errors.UnknownIdError: unknown logged exercise id 'side_plank_hip_abductio'; did you mean 'side_plank_hip_abduction' or 'ankle_weight_side_lying_hip_abduction'?
    """
    the_log, program = log_and_program(log)
    if not isinstance(exercise_id, str):
        raise ValidationError(f"exercise_id: must be a string (got {type(exercise_id).__name__})")
    # Whose units: the person's (a Simulation's program), else the file's (a LogImport's
    # report), else the default of units_of (metric) for a bare log.
    chosen = units_of(
        units, program.profile if program is not None else getattr(log, "report", None)
    )
    found = [
        (session, [r for e in session.exercises if e.exercise == exercise_id for r in e.sets])
        for session in the_log.sessions
    ]
    found = [(session, results) for session, results in found if results]
    if not found:
        logged = dict.fromkeys(e.exercise for s in the_log.sessions for e in s.exercises)
        raise UnknownIdError("logged exercise", exercise_id, logged)
    exercise = catalog(pm).exercises.get(exercise_id)
    name = exercise.name if exercise is not None else exercise_id
    by_date = all(getattr(session, "date", None) is not None for session, _ in found)
    if program is not None:
        days = max(len(week.sessions) for week in program.weeks)
    else:
        days = max((s.day for s in the_log.sessions if s.day is not None), default=1)
    sessions = [
        _session(session, results, days, exercise, by_date=by_date, units=chosen)
        for session, results in found
        if by_date or session.week is not None
    ]
    left_out = len(found) - len(sessions)
    if not sessions:  # pragma: no cover - a session without week and day has a date
        raise ValidationError("log: its sessions have neither a program slot nor a date")
    loads = [result.load for _, results in found for result in results]
    if any(isinstance(load, Weight) for load in loads):
        spec = _weight_chart(name, sessions, chosen)
    elif any(isinstance(load, Band) for load in loads):
        spec = _band_chart(name, sessions)
    else:
        hold = any(r.hold_seconds is not None for _, results in found for r in results)
        spec = _bodyweight_chart(name, sessions, hold=hold)
    spec["encoding"]["x"] = _x_axis(by_date=by_date)
    if left_out:
        spec["description"] += (
            f" {left_out} dated session{'s' * (left_out != 1)} not placed on the program "
            "(no week and day) left out."
        )
    return spec


# --------------------------------------------------------------------------- #
# Progress: one row per logged session


@attrs.frozen
class _Session:
    x: float | str  # the week (day d of n at week + (d − 1) / n), or an ISO date
    label: str  # "week 1, day 2" or "2024-03-05"
    load: Load
    words: str
    kg: float | None  # the heaviest weight, in kg (None: not a weight)
    e1rm_kg: float | None
    best_reps: int | None
    best_hold: int | None
    reps: str
    rir: str

    def base(self) -> dict[str, Any]:
        return {
            "x": self.x if isinstance(self.x, str) else number(self.x),
            "session": self.label[0].upper() + self.label[1:],
            "load": self.words,
            "reps": self.reps,
            "rir": self.rir,
        }


def _session(
    session: SessionLog,
    results: Sequence[SetResult],
    days: int,
    exercise: Exercise | None,
    *,
    by_date: bool,
    units: str,
) -> _Session:
    """One logged session of the exercise: its place on the x axis and its best numbers."""
    date = getattr(session, "date", None)
    week, day = session.week, session.day
    placed = f"week {week}, day {day}" if week is not None and day is not None else ""
    if by_date:
        assert date is not None
        x: float | str = date.isoformat()
        label = date.isoformat() + (f" ({placed})" if placed else "")
    else:
        assert week is not None
        assert day is not None
        x, label = week + (day - 1) / max(days, day), placed
    heaviest = max((r.load for r in results), key=load_order)
    at_top = [r for r in results if load_order(r.load) == load_order(heaviest)]
    e1rms = [
        estimated_1rm(r.load.kg, r.reps + r.rir)
        for r in results
        if isinstance(r.load, Weight) and r.reps is not None and r.rir is not None
    ]
    reps = [r.reps for r in at_top if r.reps is not None]
    holds = [r.hold_seconds for r in at_top if r.hold_seconds is not None]
    return _Session(
        x=x,
        label=label,
        load=heaviest,
        words=describe_load(heaviest, exercise, units=units),
        kg=heaviest.kg if isinstance(heaviest, Weight) else None,
        e1rm_kg=max(e1rms) if e1rms else None,
        best_reps=max(reps) if reps else None,
        best_hold=max(holds) if holds else None,
        reps=" · ".join(_amount(r) for r in results),
        rir=" · ".join("—" if r.rir is None else str(r.rir) for r in results),
    )


def _weight_chart(name: str, sessions: Sequence[_Session], units: str) -> dict[str, Any]:
    unit = "lb" if units == "imperial" else "kg"
    load_series, e1rm_series = "Load", "Estimated 1RM (Epley)"
    rows = []
    for s in sessions:
        if s.kg is not None:
            rows.append({**s.base(), "series": load_series, "value": number(_in(s.kg, units))})
        if s.e1rm_kg is not None:
            rows.append({**s.base(), "series": e1rm_series, "value": number(_in(s.e1rm_kg, units))})
    loads = [_in(s.kg, units) for s in sessions if s.kg is not None]
    e1rms = [_in(s.e1rm_kg, units) for s in sessions if s.e1rm_kg is not None]
    description = (
        f"{name}: {_span(sessions)}. Load {_trend(loads, unit)}"
        + (f"; estimated 1RM (Epley) {_trend(e1rms, unit)}" if e1rms else "")
        + "."
    )
    return chart(
        f"{name}: load and estimated 1RM",
        f"Heaviest load of each session and its best estimated 1RM (Epley), in {unit}",
        description,
        data={"values": rows},
        mark={"type": "line", "point": True},
        encoding={
            "x": _x_axis(),
            "y": {"field": "value", "type": "quantitative", "title": f"Load ({unit})"},
            "color": {
                "field": "series",
                "type": "nominal",
                "scale": {
                    "domain": [load_series, e1rm_series],
                    "range": [COLORS["planned"], COLORS["done"]],
                },
                "legend": {"title": None, "orient": "bottom"},
            },
            "strokeDash": {
                "field": "series",
                "type": "nominal",
                "scale": {"domain": [load_series, e1rm_series], "range": [[1, 0], [6, 3]]},
                "legend": None,
            },
            "tooltip": _tooltip(),
        },
    )


def _band_chart(name: str, sessions: Sequence[_Session]) -> dict[str, Any]:
    tiers = [BAND_TIER_WORDS[tier] for tier in BandTier]
    rows = [
        {**s.base(), "series": "Band", "value": BAND_TIER_WORDS[s.load.tier]}
        for s in sessions
        if isinstance(s.load, Band)
    ]
    words = [str(row["value"]) for row in rows]
    description = f"{name}: {_span(sessions)}. Band from {words[0]} to {words[-1]}" + (
        f", heaviest {max(words, key=tiers.index)}." if words else "."
    )
    return chart(
        f"{name}: band",
        "Strongest band of each session, lightest at the bottom",
        description,
        data={"values": rows},
        mark={
            "type": "line",
            "point": True,
            "interpolate": "step-after",
            "color": COLORS["planned"],
        },
        encoding={
            "x": _x_axis(),
            "y": {
                "field": "value",
                "type": "ordinal",
                "sort": list(reversed(tiers)),
                "scale": {"domain": list(reversed(tiers))},
                "title": "Band",
            },
            "order": {"field": "x", "type": "quantitative"},
            "tooltip": _tooltip(),
        },
    )


def _bodyweight_chart(name: str, sessions: Sequence[_Session], *, hold: bool) -> dict[str, Any]:
    values = [s.best_hold if hold else s.best_reps for s in sessions]
    rows = [
        {**s.base(), "series": "Hold" if hold else "Reps", "value": value}
        for s, value in zip(sessions, values, strict=True)
        if value is not None
    ]
    shown = [float(v) for v in values if v is not None]
    what, unit = ("Longest hold", "s") if hold else ("Best set", "reps")
    description = f"{name}: {_span(sessions)}. {what} {_trend(shown, unit)}."
    return chart(
        f"{name}: {'hold' if hold else 'reps'} at bodyweight",
        f"{what} of each session ({unit})",
        description,
        data={"values": rows},
        mark={"type": "line", "point": True, "color": COLORS["planned"]},
        encoding={
            "x": _x_axis(),
            "y": {"field": "value", "type": "quantitative", "title": f"{what} ({unit})"},
            "tooltip": _tooltip(),
        },
    )


def _x_axis(*, by_date: bool = False) -> dict[str, Any]:
    if by_date:
        return {"field": "x", "type": "temporal", "title": "Date"}
    return {
        "field": "x",
        "type": "quantitative",
        "title": "Week",
        "scale": {"zero": False, "nice": False, "domainMin": 1},
        "axis": {"tickMinStep": 1, "format": "d"},
    }


def _tooltip() -> list[dict[str, str]]:
    return [
        {"field": "session", "title": "Session"},
        {"field": "load", "title": "Load"},
        {"field": "reps", "title": "Reps (or s) per set"},
        {"field": "rir", "title": "RIR per set"},
    ]


def _span(sessions: Sequence[_Session]) -> str:
    first, last = sessions[0], sessions[-1]
    if len(sessions) == 1:
        return f"1 logged session ({first.label})"
    return f"{len(sessions)} logged sessions from {first.label} to {last.label}"


def _trend(values: Sequence[float], unit: str) -> str:
    if not values:
        return "not logged"
    first, last, top = (_n(v) for v in (values[0], values[-1], max(values)))
    if len(values) == 1:
        return f"{first} {unit}"
    return f"from {first} to {last} {unit} (highest {top} {unit})"


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _amount(result: SetResult) -> str:
    if result.hold_seconds is not None:
        return f"{result.hold_seconds} s"
    return "—" if result.reps is None else str(result.reps)


def _in(kg: float | None, units: str) -> float:
    assert kg is not None
    return kg_to_lb(kg) if units == "imperial" else kg
