"""hipdip.charts: Vega-Lite 6 specs valid against the schema, their numbers, the muscle map, images."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from functools import cache
from typing import Any

import pytest
from _vegalite_schema import problems
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hipdip import (
    Band,
    ExerciseLog,
    Program,
    SessionLog,
    SetResult,
    TrainingLog,
    UnknownIdError,
    ValidationError,
    Weight,
    catalog,
    metrics,
)
from hipdip.charts import (
    MAP_MUSCLES,
    VEGA_LITE_SCHEMA,
    accessible_svg,
    muscle_map,
    progress_chart,
    to_png,
    to_svg,
    weekly_sets_per_muscle,
    weekly_volume,
)
from hipdip.charts._muscle_map import SHADES, _draw, shade
from hipdip.examples import example_log, example_program
from hipdip.loads import estimated_1rm
from hipdip.plugins import make_plugin_manager
from hipdip.testing.simulate import Lifter, Simulation, simulate
from hipdip.testing.strategies import programs, training_logs
from hipdip.training import MIN_WEEKLY_HARD_SETS, MORE_GROWTH_WEEKLY_SETS, WEEKLY_HARD_SETS
from hipdip.units import kg_to_lb

SVG = "{http://www.w3.org/2000/svg}"
PM = make_plugin_manager(entry_points=False)


@cache
def program() -> Program:
    return example_program(pm=PM)


@cache
def responder() -> Simulation:
    return simulate(program().profile, weeks=8, lifter=Lifter.responder(seed=1), pm=PM)


def hand_log() -> TrainingLog:
    """A log with one exercise of each kind, with numbers worked by hand below."""
    ankle = "ankle_weight_side_lying_hip_abduction"
    return TrainingLog(
        (
            SessionLog(
                1,
                1,
                (
                    ExerciseLog(
                        ankle,
                        (
                            SetResult(reps=18, load=Weight(2.0), rir=2),
                            SetResult(reps=16, load=Weight(2.0), rir=1),
                        ),
                    ),
                    ExerciseLog("plank", (SetResult(hold_seconds=40), SetResult(hold_seconds=45))),
                ),
            ),
            SessionLog(
                1,
                3,
                (
                    ExerciseLog(
                        ankle,
                        (
                            SetResult(reps=12, load=Weight(2.5), rir=3),
                            SetResult(reps=20, load=Weight(2.0), rir=None),
                        ),
                    ),
                    ExerciseLog(
                        "banded_clamshell",
                        (SetResult(reps=15, load=Band("light", "thighs"), rir=2),),
                    ),
                    ExerciseLog("clamshell", (SetResult(reps=20, rir=3),)),
                ),
            ),
            SessionLog(
                2,
                2,
                (
                    ExerciseLog(
                        "banded_clamshell",
                        (
                            SetResult(reps=12, load=Band("medium", "thighs"), rir=2),
                            SetResult(reps=20, load=Band("light", "thighs"), rir=2),
                        ),
                    ),
                    ExerciseLog("clamshell", (SetResult(reps=24, rir=2), SetResult(reps=22))),
                ),
            ),
        )
    )


def series(spec: dict[str, Any], name: str) -> list[Any]:
    return [row["value"] for row in spec["data"]["values"] if row["series"] == name]


def valid(spec: dict[str, Any]) -> None:
    assert problems(spec) == []
    assert json.loads(json.dumps(spec)) == spec  # plain JSON types only


# --------------------------------------------------------------------------- #
# Every spec validates against Vega-Lite 6's JSON Schema


def every_spec() -> list[tuple[str, dict[str, Any]]]:
    sim = responder()
    specs = [
        ("volume, plan only", weekly_volume(program(), pm=PM)),
        ("volume, with a log", weekly_volume(program(), example_log(program()), pm=PM)),
        ("volume, a simulation", weekly_volume(sim.program, sim, pm=PM)),
    ]
    specs += [(f"simulated {e}", progress_chart(sim, e, pm=PM)) for e in sim.exercises()]
    log = hand_log()
    ids = dict.fromkeys(e.exercise for s in log.sessions for e in s.exercises)
    specs += [(f"hand log {e}", progress_chart(log, e, pm=PM)) for e in ids]
    specs.append(("imperial", progress_chart(log, ids_of_weight(), units="imperial", pm=PM)))
    return specs


def ids_of_weight() -> str:
    return "ankle_weight_side_lying_hip_abduction"


@pytest.mark.parametrize(
    ("name", "spec"), every_spec(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_spec_validates_against_the_vega_lite_6_schema(
    name: str, spec: dict[str, Any]
) -> None:
    valid(spec)
    assert spec["$schema"] == VEGA_LITE_SCHEMA
    assert spec["title"]["text"] and spec["description"], name


def test_the_schema_check_catches_a_broken_spec() -> None:
    spec = weekly_volume(program(), pm=PM)
    spec["layer"][1]["mark"] = {"type": "barr"}
    assert problems(spec)
    assert problems({**weekly_volume(program(), pm=PM), "width": "wide"})


@settings(
    max_examples=15, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(data=st.data(), planned=programs(PM, weeks=st.integers(1, 10)))
def test_weekly_volume_of_any_program_and_log(data: st.DataObject, planned: Program) -> None:
    log = data.draw(training_logs(planned))
    spec = weekly_volume(planned, log, pm=PM)
    valid(spec)
    bars = spec["layer"][1]["data"]["values"]
    planned_sets = metrics.program_weekly_hard_sets(planned, catalog(PM).exercises)
    assert [b["sets"] for b in bars if b["series"] == "Planned"] == pytest.approx(
        planned_sets, abs=1e-3
    )
    done = {b["week"]: b["sets"] for b in bars if b["series"] != "Planned"}
    last = max((s.week for s in log.sessions), default=0)
    assert sorted(done) == list(range(1, last + 1))  # done bars up to the last logged week
    logged = {v.week: v.logged for v in metrics.weekly_volume(planned, log, catalog(PM).exercises)}
    assert all(0 <= sets <= logged[week] + 1e-9 for week, sets in done.items())
    low, high = WEEKLY_HARD_SETS[planned.profile.experience]
    band = spec["layer"][0]["data"]["values"]
    assert {(b["low"], b["high"]) for b in band} <= {(low, high)}
    assert [b["week"] for b in band] == [w.index for w in planned.weeks if not w.deload]


# --------------------------------------------------------------------------- #
# Numbers


def test_weekly_volume_numbers_of_the_example() -> None:
    spec = weekly_volume(program(), example_log(program()), pm=PM)
    bars = spec["layer"][1]["data"]["values"]
    assert [b["sets"] for b in bars if b["series"] == "Planned"] == [10, 12, 13, 14, 16, 8, 10, 12]
    # The example log: week 1, days 1–2, sets at RIR 2–3 (all hard): 3 + 3 sets of gluteus
    # medius, and 2 side-plank holds held as prescribed (0.5 each: a hold has no RIR).
    assert [(b["week"], b["sets"]) for b in bars if b["series"] == "Done (RIR ≤ 4)"] == [(1, 7)]
    labels = spec["layer"][1]["encoding"]["x"]["sort"]
    assert labels[5] == "6 (deload)"
    assert "Planned, week by week: 10, 12, 13, 14, 16, 8 (deload), 10, 12." in spec["description"]
    assert spec["layer"][0]["data"]["values"][0] | {} == {
        "week": 1,
        "label": "1",
        "low": 10,
        "high": 16,
    }


def test_the_volume_description_reads_right_for_one_week_and_a_beginner() -> None:
    import attrs

    beginner = attrs.evolve(program().profile, experience="beginner")
    one_week = attrs.evolve(program(), profile=beginner, weeks=program().weeks[:1])
    text = weekly_volume(one_week, pm=PM)["description"]
    assert text.startswith("Gluteus medius hard sets per week over 1 week, for a beginner ")


def test_a_set_logged_above_rir_4_is_not_done() -> None:
    item = program().weeks[0].sessions[0].items[0]
    easy = TrainingLog(
        (
            SessionLog(
                1, 1, (ExerciseLog(item.exercise, (SetResult(reps=20, load=item.load, rir=5),)),)
            ),
        )
    )
    bars = weekly_volume(program(), easy, pm=PM)["layer"][1]["data"]["values"]
    assert [b["sets"] for b in bars if b["series"].startswith("Done")] == [0]


def test_progress_of_a_weighted_exercise_worked_by_hand() -> None:
    spec = progress_chart(hand_log(), "ankle_weight_side_lying_hip_abduction", pm=PM)
    rows = spec["data"]["values"]
    # Days are placed by the log's longest week (3 days): day 3 of week 1 is 1 + 2/3.
    assert sorted({row["x"] for row in rows}) == [1, 1.667]
    assert series(spec, "Load") == [2, 2.5]  # the heaviest load of each session
    # Epley (SCIENCE.md): 2 kg × (1 + (18 + 2) / 30) = 3.333 kg beats 2 × (1 + 17/30) = 3.133;
    # 2.5 × (1 + (12 + 3) / 30) = 3.75 (the set without an RIR gives none).
    assert series(spec, "Estimated 1RM (Epley)") == [3.333, 3.75]
    assert estimated_1rm(2.0, 20) == pytest.approx(3.333, abs=1e-3)
    assert spec["encoding"]["y"]["title"] == "Load (kg)"
    first = rows[0]
    assert (first["session"], first["load"], first["reps"], first["rir"]) == (
        "Week 1, day 1",
        "2 kg ankle weight",
        "18 · 16",
        "2 · 1",
    )
    assert "Load from 2 to 2.5 kg" in spec["description"]


def test_progress_in_pounds() -> None:
    spec = progress_chart(hand_log(), ids_of_weight(), units="imperial", pm=PM)
    assert series(spec, "Load") == [round(kg_to_lb(2.0), 3), round(kg_to_lb(2.5), 3)]
    assert spec["encoding"]["y"]["title"] == "Load (lb)"
    assert spec["data"]["values"][0]["load"] == "4.4 lb ankle weight"


def test_progress_of_a_band_exercise_shows_the_tier() -> None:
    spec = progress_chart(hand_log(), "banded_clamshell", pm=PM)
    assert series(spec, "Band") == ["light", "medium"]
    assert spec["encoding"]["y"]["type"] == "ordinal"
    assert spec["encoding"]["y"]["sort"][-1] == "extra-light"  # lightest at the bottom
    assert spec["encoding"]["order"] == {"field": "x", "type": "quantitative"}


def test_progress_at_bodyweight_shows_reps_or_holds() -> None:
    reps = progress_chart(hand_log(), "clamshell", pm=PM)
    assert series(reps, "Reps") == [20, 24]
    holds = progress_chart(hand_log(), "plank", pm=PM)
    assert series(holds, "Hold") == [45]
    assert holds["encoding"]["y"]["title"] == "Longest hold (s)"


def test_a_simulated_responder_lifts_more() -> None:
    sim = responder()
    weighted = "ankle_weight_side_lying_hip_abduction"
    spec = progress_chart(sim, weighted, pm=PM)
    loads = series(spec, "Load")
    assert loads[-1] > loads[0]
    deloads = {w.index for w in sim.program.weeks if w.deload}
    worked = [p for p in sim.trajectory(weighted) if p.week not in deloads]
    # A responder is lighter only in a deload week, or after a plateau or stall answer.
    answers = [
        (d.week, d.day)
        for d in sim.decisions
        if d.decision.before.exercise == weighted and d.decision.rule in ("plateau", "stall")
    ]
    for a, b in itertools.pairwise(worked):
        if b.load.kg < a.load.kg:  # type: ignore[union-attr]
            assert any((a.week, a.day) <= when < (b.week, b.day) for when in answers), (a, b)
    assert {p.load.kg for p in worked} <= set(loads)  # type: ignore[union-attr]
    e1rms = series(spec, "Estimated 1RM (Epley)")
    assert e1rms[-1] > e1rms[0]
    best = [p.estimated_1rm_kg for p in sim.trajectory(weighted)]
    assert max(e1rms) == pytest.approx(max(b for b in best if b is not None), abs=1e-3)
    bands = series(progress_chart(sim, "banded_clamshell", pm=PM), "Band")
    tiers = ["extra-light", "light", "medium", "heavy", "extra-heavy"]
    assert tiers.index(bands[-1]) > tiers.index(bands[0])


# --------------------------------------------------------------------------- #
# Bad input names the argument


def test_bad_input_raises_naming_the_argument() -> None:
    with pytest.raises(ValidationError, match=r"^program: must be a Program \(got dict\)"):
        weekly_volume({}, pm=PM)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"^log: must be a TrainingLog"):
        weekly_volume(program(), [], pm=PM)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"^log: must be a TrainingLog"):
        progress_chart("log.json", "clamshell", pm=PM)
    with pytest.raises(UnknownIdError, match="did you mean 'clamshell'"):
        progress_chart(hand_log(), "clamshel", pm=PM)
    with pytest.raises(ValidationError, match=r"^exercise_id: must be a string"):
        progress_chart(hand_log(), 3, pm=PM)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"^units: must be one of metric, imperial"):
        progress_chart(hand_log(), "clamshell", units="stone", pm=PM)
    with pytest.raises(ValidationError, match=r"^program: must be a Program"):
        muscle_map(None)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- #
# The muscle map


def test_the_muscle_map_is_an_accessible_svg_with_every_muscle() -> None:
    svg = muscle_map(program(), pm=PM)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root[0].tag == f"{SVG}title" and root[0].text == "What the program works"
    assert root[1].tag == f"{SVG}desc"
    sets = weekly_sets_per_muscle(program(), pm=PM)
    titles = [t.text or "" for t in root.iter(f"{SVG}title")]
    for muscle in MAP_MUSCLES:
        groups = [g for g in root.iter(f"{SVG}g") if muscle in (g.get("class") or "").split()]
        assert groups, muscle  # drawn at least once (TFL from the side, the rest in both views)
        color, _ = shade(sets[muscle])
        assert {g.find(f"{SVG}path").get("fill") for g in groups} == {color}  # type: ignore[union-attr]
        assert any(
            t.endswith(f"{sets[muscle]:.1f}".removesuffix(".0") + " hard sets a week")
            for t in titles
        )
    views = [
        muscle
        for muscle in MAP_MUSCLES
        if len([g for g in root.iter(f"{SVG}g") if muscle in (g.get("class") or "")]) >= 2
    ]
    assert set(views) >= {"gluteus_medius", "gluteus_minimus", "gluteus_maximus"}  # side and back
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    for _, _, words in SHADES:
        assert words in texts  # the legend
    assert (
        "href" not in svg
        and "<image" not in svg
        and "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    )


def test_muscle_map_numbers_are_the_metrics() -> None:
    sets = weekly_sets_per_muscle(program(), pm=PM)
    weeks = [w for w in program().weeks if not w.deload]
    for muscle in MAP_MUSCLES:
        expected = sum(
            metrics.week_hard_sets(w, catalog(PM).exercises, muscle) for w in weeks
        ) / len(weeks)
        assert sets[muscle] == pytest.approx(expected)
    # (10 + 12 + 13 + 14 + 16 + 10 + 12) / 7, deload left out
    assert sets["gluteus_medius"] == pytest.approx(87 / 7)


@pytest.mark.parametrize("sets", [3.96, 9.97, 0.02])
def test_a_muscle_s_number_never_contradicts_its_shade(sets: float) -> None:
    # 3.96 a week is shaded "under 4": its number must not read "4" (nor 0.02 read "0")
    svg = _draw(dict.fromkeys(MAP_MUSCLES, sets), "the 1 week")
    root = ET.fromstring(svg)
    color, words = shade(sets)
    for group in root.iter(f"{SVG}g"):
        title = group.find(f"{SVG}title")
        path = group.find(f"{SVG}path")
        if title is None or path is None or title.text is None:
            continue
        shown = title.text.split(": ")[1].removesuffix(" hard sets a week")
        assert path.get("fill") == color
        assert shown.startswith("under ") or shade(float(shown)) == (color, words), shown


def test_shades_follow_the_cited_thresholds() -> None:
    assert shade(0)[1] == "not worked"
    assert shade(0.5) == shade(MIN_WEEKLY_HARD_SETS - 0.01)
    assert shade(MIN_WEEKLY_HARD_SETS) == shade(MORE_GROWTH_WEEKLY_SETS - 0.01)
    assert shade(MORE_GROWTH_WEEKLY_SETS) == shade(40)
    assert len({shade(x)[0] for x in (0, 1, 5, 12)}) == 4


@settings(
    max_examples=20, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(planned=programs(PM, weeks=st.integers(1, 8)))
def test_the_muscle_map_of_any_program_parses_and_is_deterministic(planned: Program) -> None:
    svg = muscle_map(planned, pm=PM)
    assert svg == muscle_map(planned, pm=PM)
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}desc") is not None


# --------------------------------------------------------------------------- #
# Images (the charts extra)


@pytest.mark.parametrize("which", [0, 1, 4, 9, 12])
def test_specs_render_to_svg_with_title_and_description(which: int) -> None:
    name, spec = every_spec()[which]
    svg = to_svg(spec)
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root[0].tag == f"{SVG}title" and root[0].text == spec["title"]["text"]
    assert root[1].tag == f"{SVG}desc" and root[1].text == spec["description"]
    assert len(list(root.iter(f"{SVG}path"))) > 3, name  # something was drawn


def test_to_png_gives_png_bytes() -> None:
    png = to_png(weekly_volume(program(), pm=PM), scale=1)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(ValidationError, match=r"^scale: "):
        to_png(weekly_volume(program(), pm=PM), scale=0)


def test_a_spec_vega_lite_cannot_draw_is_a_validation_error() -> None:
    with pytest.raises(ValidationError, match=r"^spec: Vega-Lite could not draw it"):
        to_svg({"mark": "no-such-mark", "data": {"values": []}})
    with pytest.raises(ValidationError, match=r"^spec: must be a Vega-Lite spec as a dict"):
        to_svg("bar")  # type: ignore[arg-type]


def test_specs_cannot_load_data_from_the_network() -> None:
    spec = {"data": {"url": "https://example.org/x.json"}, "mark": "bar"}
    with pytest.raises(ValidationError, match=r"^spec: ") as raised:
        to_svg(spec)
    # the message says why (vl-convert's reason), not only that the conversion failed
    assert "https://example.org/x.json" in str(raised.value)
    assert "conversion failed" not in str(raised.value)


def test_without_the_extra_the_import_error_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "vl_convert", None)
    with pytest.raises(ImportError, match=r'pip install "hipdip\[charts\]"') as raised:
        to_svg(weekly_volume(program(), pm=PM))
    assert raised.value.name == "vl_convert" and "to_svg" in str(raised.value)
    with pytest.raises(ImportError, match=r"to_png needs the charts extra"):
        to_png(weekly_volume(program(), pm=PM))


def test_accessible_svg_escapes_and_keeps_an_existing_role() -> None:
    svg = accessible_svg('<svg role="graphics-document"><g/></svg>', "A < B", "x & y")
    assert (
        svg
        == '<svg role="graphics-document"><title>A &lt; B</title><desc>x &amp; y</desc><g/></svg>'
    )
    with pytest.raises(ValidationError, match=r"^svg: "):
        accessible_svg("<html/>", "t", "d")


def test_importing_the_charts_loads_no_renderer_or_schema() -> None:
    code = (
        "import sys, hipdip.charts; "
        "print(sorted(m for m in ('vl_convert', 'altair', 'jsonschema') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_progress_of_an_imported_log_is_in_the_files_units() -> None:
    # A Hevy export in pounds: the chart of the import is in lb (the file's units); the
    # bare TrainingLog holds kg and nothing of the person, so it is in kg (the documented
    # default) unless units= says otherwise.
    from hipdip.logs import read_log

    header = (
        "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,"
        "set_index,set_type,{unit},reps,distance_miles,duration_seconds,rpe\n"
    )
    rows = (
        'Hips,"4 Mar 2024, 18:00","4 Mar 2024, 18:40",,Side Lying Leg Raise (Ankle Weight),'
        ",,0,normal,{first},15,,,8\n"
        'Hips,"11 Mar 2024, 18:00","11 Mar 2024, 18:40",,Side Lying Leg Raise (Ankle Weight),'
        ",,0,normal,{second},15,,,8\n"
    )
    exercise = "ankle_weight_side_lying_hip_abduction"
    pounds = read_log(header.format(unit="weight_lbs") + rows.format(first=2.5, second=5), pm=PM)
    assert pounds.report.units == "imperial"
    spec = progress_chart(pounds, exercise, pm=PM)
    assert spec["encoding"]["y"]["title"] == "Load (lb)"
    assert series(spec, "Load") == [2.5, 5]
    bare = progress_chart(pounds.log, exercise, pm=PM)
    assert bare["encoding"]["y"]["title"] == "Load (kg)"
    assert progress_chart(pounds.log, exercise, units="imperial", pm=PM)["data"] == spec["data"]
    assert progress_chart(pounds, exercise, units="metric", pm=PM)["data"] == bare["data"]
    kilos = read_log(header.format(unit="weight_kg") + rows.format(first=1, second=2), pm=PM)
    assert kilos.report.units == "metric"
    assert progress_chart(kilos, exercise, pm=PM)["encoding"]["y"]["title"] == "Load (kg)"
    clamshells = read_log(
        header.format(unit="weight_lbs")
        + rows.replace("Side Lying Leg Raise (Ankle Weight)", "Clamshell").format(
            first="", second=""
        ),
        pm=PM,
    )
    assert clamshells.report.units is None  # no weights read: the file says nothing of units
