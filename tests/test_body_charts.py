"""Body charts: measurements over time and the energy target adjusted to the scale."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest
from _vegalite_schema import problems

from hipdip import (
    BodyComposition,
    Measurement,
    MeasurementLog,
    Profile,
    ValidationError,
    adjust_nutrition,
    nutrition_plan,
)
from hipdip.charts import energy_chart, measurement_chart, to_svg
from hipdip.plugins import make_plugin_manager
from hipdip.units import cm_to_in, kg_to_lb

PM = make_plugin_manager(entry_points=False)
START = datetime.date(2024, 3, 1)
ME = Profile(
    sex="female",
    age=30,
    experience="beginner",
    activity="moderate",
    body=BodyComposition(66.5, 165, body_fat_pct=28),
    goal="fat_loss",
)


def losing_fast(days: int = 29) -> MeasurementLog:
    """Weigh-ins every 3 days losing 1 kg a week (twice the planned 0.5 %)."""
    return MeasurementLog(
        tuple(
            Measurement(START + datetime.timedelta(day), 66.5 - day / 7, waist_cm=80 - day / 14)
            for day in range(0, days, 3)
        )
    )


def values(panel: dict[str, Any], name: str) -> list[Any]:
    return [row["value"] for row in panel["data"]["values"] if row["series"] == name]


def test_measurement_chart_draws_what_was_measured() -> None:
    log = MeasurementLog(
        (
            Measurement(START, 65.0, body_fat_pct=28.0, waist_cm=74.0, hip_cm=100.0),
            Measurement(START + datetime.timedelta(7), 64.5, waist_cm=73.5),
            Measurement(START + datetime.timedelta(14), 64.2, body_fat_pct=27.4, hip_cm=99.5),
        )
    )
    spec = measurement_chart(log)
    assert problems(spec) == []
    weight, fat, girths = spec["vconcat"]
    assert values(weight, "Weight") == [65, 64.5, 64.2]
    assert weight["encoding"]["y"]["title"] == "Weight (kg)"
    assert values(fat, "Body fat") == [28, 27.4]
    assert values(girths, "Waist") == [74, 73.5] and values(girths, "Hip") == [100, 99.5]
    assert girths["title"] == "Waist and hip"
    assert spec["resolve"]["scale"]["color"] == "independent"  # each panel its own colours
    assert [r["date"] for r in weight["data"]["values"]] == [
        "2024-03-01",
        "2024-03-08",
        "2024-03-15",
    ]
    assert spec["description"] == (
        "3 measurements from 2024-03-01 to 2024-03-15: weight from 65.0 to 64.2 kg; "
        "body fat from 28.0 to 27.4 %; waist from 74.0 to 73.5 cm; hip from 100.0 to 99.5 cm."
    )


def test_measurement_chart_in_pounds_and_inches_and_only_weight() -> None:
    spec = measurement_chart([Measurement(START, 65.0, waist_cm=74.0)], units="imperial")
    assert problems(spec) == []
    weight, girths = spec["vconcat"]  # no body fat measured: no panel for it
    assert values(weight, "Weight") == [round(kg_to_lb(65.0), 3)]
    assert weight["encoding"]["y"]["title"] == "Weight (lb)"
    assert values(girths, "Waist") == [round(cm_to_in(74.0), 3)]
    assert girths["encoding"]["y"]["title"] == "Girth (in)"
    assert girths["title"] == "Waist"


def test_measurement_chart_bad_input_names_the_field() -> None:
    with pytest.raises(ValidationError, match=r"^measurements: give at least one"):
        measurement_chart(MeasurementLog(()))
    with pytest.raises(ValidationError, match=r"^measurements: must be a MeasurementLog"):
        measurement_chart("m.json")
    with pytest.raises(ValidationError, match=r"^measurements\[1\]\.date: 2024-02-29 is before"):
        measurement_chart([Measurement(START, 65), Measurement(START - datetime.timedelta(1), 65)])
    with pytest.raises(ValidationError, match=r"^measurements\[0\]\.date: must be a date"):
        measurement_chart([object()])
    with pytest.raises(ValidationError, match=r"^units: "):
        measurement_chart([Measurement(START, 65)], units="stone")


def test_energy_chart_follows_adjust_nutrition_week_by_week() -> None:
    log = losing_fast()
    spec = energy_chart(ME, log, pm=PM)
    assert problems(spec) == []
    rows = spec["data"]["values"]
    targets = [(r["date"], r["kcal"]) for r in rows if r["series"] == "Energy target"]
    assert [d for d, _ in targets] == [
        "2024-03-01",
        "2024-03-08",
        "2024-03-15",
        "2024-03-22",
        "2024-03-28",
    ]
    # The same by hand: the plan, then adjust_nutrition of that plan with the weigh-ins so far.
    plan = nutrition_plan(ME, pm=PM)
    expected = [plan.target_kcal]
    for day in (7, 14, 21, 27):  # weekly, and the last weigh-in (day 27)
        so_far = [m for m in log.measurements if m.date <= START + datetime.timedelta(day)]
        expected.append(adjust_nutrition(ME, plan, so_far, pm=PM).target_kcal)
    assert expected[-1] == adjust_nutrition(ME, plan, log, pm=PM).target_kcal  # the CLI's answer
    assert [k for _, k in targets] == pytest.approx(expected, abs=1e-3)
    # Losing twice as fast as planned: the target goes up, never more than 250 kcal a step.
    kcal = [k for _, k in targets]
    assert kcal[-1] > kcal[0]
    assert all(abs(b - a) <= 250 + 1e-6 for a, b in itertools.pairwise(kcal))
    assert spec["description"].startswith(
        "Daily energy target in kcal, adjusted to the weight trend of 10 measurements from"
    )


def test_energy_chart_of_months_with_a_gap_matches_adjust_nutrition_on_all_so_far() -> None:
    """Past the 28-day window, and across a 40-day gap, each point is adjust_nutrition's answer."""
    days = [*range(0, 60, 2), *range(100, 160, 3)]
    log = MeasurementLog(
        tuple(
            Measurement(START + datetime.timedelta(d), 66.5 - d / 14 + (d % 5) / 10) for d in days
        )
    )
    spec = energy_chart(ME, log, pm=PM)
    rows = [r for r in spec["data"]["values"] if r["series"] == "Energy target"]
    plan = nutrition_plan(ME, pm=PM)
    expected = [plan.target_kcal]
    for row in rows[1:]:
        day = datetime.date.fromisoformat(row["date"])
        so_far = [m for m in log.measurements if m.date <= day]
        expected.append(adjust_nutrition(ME, plan, so_far, pm=PM).target_kcal)
    assert len(rows) > 20
    assert [r["kcal"] for r in rows] == pytest.approx(expected, abs=1e-3)


def test_energy_chart_renders_and_names_bad_arguments() -> None:
    spec = energy_chart(ME, losing_fast(15), pm=PM)
    assert "<title>Energy target over time</title>" in to_svg(spec)
    with pytest.raises(ValidationError, match=r"^profile: must be a Profile"):
        energy_chart("me.json", losing_fast(), pm=PM)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"^plan: must be a NutritionPlan"):
        energy_chart(ME, losing_fast(), plan={}, pm=PM)  # type: ignore[arg-type]


def test_energy_chart_of_one_measurement_says_one_measurement() -> None:
    spec = energy_chart(ME, MeasurementLog((Measurement(START, 66.5),)), pm=PM)
    assert "weight trend of 1 measurement from " in spec["description"]


def test_energy_charts_first_point_is_what_adjust_nutrition_says_that_day() -> None:
    # One weigh-in at BMI 17.6: adjust_nutrition ends the deficit (a screen fires), but the
    # chart drew the plan's deficit there, so its last point was not "what hipdip nutrition
    # --measurements gives today".
    thin = MeasurementLog((Measurement(START, 48.0),))
    spec = energy_chart(ME, thin, pm=PM)
    today = adjust_nutrition(ME, nutrition_plan(ME, pm=PM), thin, pm=PM)
    targets = [r["kcal"] for r in spec["data"]["values"] if r["series"] == "Energy target"]
    assert targets == [pytest.approx(today.target_kcal)]
    assert today.target_kcal == pytest.approx(today.tdee_kcal)  # maintenance, not the deficit


def test_progress_of_a_dated_log_is_drawn_by_date() -> None:
    from hipdip import ExerciseLog, SessionLog, SetResult, TrainingLog, Weight
    from hipdip.charts import progress_chart

    ankle = "ankle_weight_side_lying_hip_abduction"

    def session(offset: int, kg: float, **slot: int) -> SessionLog:
        sets = (SetResult(reps=15, load=Weight(kg), rir=2),)
        date = START + datetime.timedelta(offset)
        return SessionLog(exercises=(ExerciseLog(ankle, sets),), date=date, **slot)

    dated = TrainingLog((session(0, 2.0, week=1, day=1), session(3, 2.0), session(10, 2.5)))
    spec = progress_chart(dated, ankle, pm=PM)
    assert problems(spec) == []
    assert spec["encoding"]["x"] == {"field": "x", "type": "temporal", "title": "Date"}
    rows = [r for r in spec["data"]["values"] if r["series"] == "Load"]
    assert [(r["x"], r["value"]) for r in rows] == [
        ("2024-03-01", 2),
        ("2024-03-04", 2),
        ("2024-03-11", 2.5),
    ]
    assert rows[0]["session"] == "2024-03-01 (week 1, day 1)"
    # One session without a date: the placed ones are drawn by week, the unplaced one left out.
    mixed = TrainingLog(
        (
            SessionLog(1, 1, (ExerciseLog(ankle, (SetResult(reps=15, load=Weight(2.0), rir=2),)),)),
            session(3, 2.5),
        )
    )
    spec = progress_chart(mixed, ankle, pm=PM)
    assert problems(spec) == []
    assert spec["encoding"]["x"]["title"] == "Week"
    assert spec["description"].endswith(
        "1 dated session not placed on the program (no week and day) left out."
    )


def test_a_reading_without_a_weigh_in_is_drawn_on_its_own_date() -> None:
    # Issue 18's open point: a waist taken on a day with no weigh-in is kept (no weight
    # made up): drawn in the girth panel on its date, and out of the weight panel.
    log = MeasurementLog(
        (
            Measurement(START, 65.0, waist_cm=74.0),
            Measurement(START + datetime.timedelta(3), waist_cm=73.8),
            Measurement(START + datetime.timedelta(7), 64.5),
        )
    )
    spec = measurement_chart(log)
    assert problems(spec) == []
    weight, girths = spec["vconcat"]
    assert [r["date"] for r in weight["data"]["values"]] == ["2024-03-01", "2024-03-08"]
    assert [r["date"] for r in girths["data"]["values"]] == ["2024-03-01", "2024-03-04"]
    waist_only = measurement_chart([Measurement(START, waist_cm=74.0)])
    assert [panel["title"] for panel in waist_only["vconcat"]] == ["Waist"]
    with pytest.raises(ValidationError, match=r"^measurements: nothing to draw"):
        measurement_chart([Measurement(START, height_cm=165.0)])
    energy = energy_chart(ME, losing_fast(), pm=PM)
    with_waists = MeasurementLog(
        tuple(
            sorted(
                (
                    *losing_fast().measurements,
                    Measurement(START + datetime.timedelta(29), waist_cm=79.0),
                ),
                key=lambda m: m.date,
            )
        )
    )
    assert energy_chart(ME, with_waists, pm=PM)["data"] == energy["data"]
    with pytest.raises(ValidationError, match=r"^measurements: the energy target follows weigh"):
        energy_chart(ME, [Measurement(START, waist_cm=74.0)], pm=PM)
