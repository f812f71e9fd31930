"""hipdip.render.to_markdown: readable, faithful to the numbers, deterministic."""

from __future__ import annotations

import math
import re

import attrs
import pytest
from _plugin_factory import glute_exercise, with_plugin
from hypothesis import given, settings
from hypothesis import strategies as st

import hipdip
from hipdip import (
    Assessment,
    Band,
    BodyComposition,
    Bodyweight,
    Decision,
    Exercise,
    Factor,
    Finding,
    Hold,
    MuscleTarget,
    NutritionPlan,
    Prescription,
    Profile,
    Program,
    Reps,
    Role,
    Session,
    Week,
    Weight,
    metrics,
)
from hipdip.examples import example_log, example_profile, example_program
from hipdip.io import dumps, loads
from hipdip.plugins import HipdipPluginManager, make_plugin_manager
from hipdip.render import describe_dose, describe_load, to_markdown
from hipdip.testing import strategies

WEEK_HEADING = re.compile(r"^## Week (\d+)( · deload)? · ([\d.]+) hard sets$", re.M)
DAY_CELL = re.compile(r"^\| (\d+) · ≈ (\d+) min \|", re.M)


@pytest.fixture(scope="module")
def pm() -> HipdipPluginManager:
    """Built-ins only: installed plugins (a progression rule, say) must not change the text."""
    return make_plugin_manager(entry_points=False)


@pytest.fixture(scope="module")
def program(pm: HipdipPluginManager) -> Program:
    return example_program(pm=pm)


@pytest.fixture(scope="module")
def cat(pm: HipdipPluginManager) -> hipdip.Catalog:
    return hipdip.catalog(pm)


def table_rows(text: str) -> list[list[str]]:
    """The body rows of every week table, as cells (day cell carried down)."""
    rows = []
    for line in text.splitlines():
        if "nothing planned (rest)" in line:
            continue
        if line.startswith("| ") and not line.startswith(("| Day", "| ---", "| --")):
            rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return rows


# --------------------------------------------------------------------------- #
# Programs


def test_program_has_one_heading_per_week_with_deloads_marked(program: Program) -> None:
    text = to_markdown(program)
    headings = WEEK_HEADING.findall(text)
    assert [int(index) for index, _, _ in headings] == [w.index for w in program.weeks]
    assert [bool(deload) for _, deload, _ in headings] == [w.deload for w in program.weeks]
    assert any(w.deload for w in program.weeks)  # the example has a deload to show


def test_hard_sets_per_week_match_metrics(program: Program, cat: hipdip.Catalog) -> None:
    text = to_markdown(program)
    shown = [float(sets) for _, _, sets in WEEK_HEADING.findall(text)]
    expected = [metrics.week_hard_sets(w, cat.exercises) for w in program.weeks]
    assert shown == pytest.approx(expected, abs=0.05)


def test_session_minutes_match_metrics_rounded_up(program: Program, cat: hipdip.Catalog) -> None:
    text = to_markdown(program)
    shown = [int(minutes) for _, minutes in DAY_CELL.findall(text)]
    expected = [math.ceil(metrics.session_minutes(s, cat.exercises)) for s in program.sessions]
    assert shown == expected
    assert max(shown) <= program.profile.session_minutes


def test_every_prescription_is_a_row_with_its_catalogue_name(
    program: Program, cat: hipdip.Catalog
) -> None:
    rows = table_rows(to_markdown(program))
    items = [item for session in program.sessions for item in session.items]
    assert len(rows) == len(items)
    for row, item in zip(rows, items, strict=True):
        exercise = cat.exercises[item.exercise]
        name, dose, load, rir, tempo, rest = row[1:]
        assert name == exercise.name
        assert dose == describe_dose(item, unilateral=exercise.unilateral)
        assert dose.startswith(f"{item.sets} × ")
        assert load == describe_load(item.load, exercise)
        assert rir == ("—" if item.rir is None else str(item.rir))
        assert rest == f"{item.rest_seconds} s"
        if isinstance(item.dose, Reps):
            assert tempo == item.tempo


def test_program_header_names_scheme_profile_and_equipment(program: Program) -> None:
    head = to_markdown(program).split("## Week", 1)[0]
    assert head.startswith("# Hip program: 8 weeks, 3 days a week\n")
    assert "(`linear`)" in head
    assert "intermediate" in head
    assert "ankle weights, band" in head
    assert "RIR" in head and "Tempo" in head  # the reader is told what the columns mean


def test_loads_are_in_words(program: Program) -> None:
    text = to_markdown(program)
    assert "1 kg ankle weight" in text
    assert "light band round the feet" in text  # intermediates: the hardest rung (SCIENCE.md)
    assert "light band above the knees" in text
    assert "Weight(" not in text and "Band(" not in text and "extra_light" not in text


def test_rendering_is_deterministic_and_independent_of_object_identity(program: Program) -> None:
    text = to_markdown(program)
    rebuilt = loads(dumps(program), Program)  # equal, but new objects
    assert rebuilt == program
    assert to_markdown(rebuilt) == text == to_markdown(program)


def test_unknown_exercise_ids_are_shown_as_ids(program: Program) -> None:
    item = Prescription("made_up_move", 2, Reps(8, 12), Weight(3.0), rir=1)
    odd = attrs.evolve(program, weeks=(Week(1, (Session(1, 1, (item,)),)),))
    text = to_markdown(odd)
    assert "| `made_up_move` | 2 × 8–12 | 3 kg | 1 |" in text


def test_an_empty_session_is_a_rest_day(program: Program) -> None:
    week = Week(1, (Session(1, 1, program.sessions[0].items), Session(1, 2, ())))
    text = to_markdown(attrs.evolve(program, weeks=(week,)))
    assert "| 2 | nothing planned (rest) | | | | | |" in text
    assert len(DAY_CELL.findall(text)) == 1


def test_pipes_in_plugin_names_do_not_break_the_table(hipdip_pm, hipdip_register) -> None:  # type: ignore[no-untyped-def]
    class Plugin:
        @hipdip.hookimpl
        def hipdip_register_exercises(self, register):  # type: ignore[no-untyped-def]
            register(
                Exercise(
                    id="pipe_walk",
                    name="Walk | with a pipe",
                    targets=(MuscleTarget("gluteus_medius", Role.PRIMARY),),
                    pattern="hip_abduction",
                    position="standing",
                )
            )

    hipdip_register(Plugin(), name="pipe")
    item = Prescription("pipe_walk", 2, Reps(10, 20))
    program = Program((Week(1, (Session(1, 1, (item,)),)),), "linear", example_profile())
    rows = table_rows(to_markdown(program, pm=hipdip_pm))
    assert rows[0][1] == "Walk \\| with a pipe"
    assert len(rows[0]) == 7


@settings(max_examples=15)
@given(strategies.programs(weeks=st.integers(1, 6)))
def test_any_planned_program_renders_every_item(program: Program) -> None:
    text = to_markdown(program)
    assert len(WEEK_HEADING.findall(text)) == len(program.weeks)
    assert len(table_rows(text)) == sum(len(s.items) for s in program.sessions)


# --------------------------------------------------------------------------- #
# Loads and doses


@pytest.mark.parametrize(
    ("load", "exercise_id", "words"),
    [
        (Weight(1.5), "ankle_weight_side_lying_hip_abduction", "1.5 kg ankle weight"),
        (Weight(12.5), "standing_cable_hip_abduction", "12.5 kg on the cable stack"),
        (Weight(8.0), "single_leg_deadlift", "8 kg dumbbell"),
        (Weight(0.25), None, "0.25 kg"),
        (Band("extra_light", "knees"), None, "extra-light band at the knees"),
        (Band("light", "thighs"), None, "light band above the knees"),
        (Band("extra_heavy", "feet"), None, "extra-heavy band round the feet"),
        (Band("medium", "ankles"), None, "medium band at the ankles"),
        (Bodyweight(), None, "bodyweight"),
    ],
)
def test_describe_load(
    load: hipdip.Load, exercise_id: str | None, words: str, cat: hipdip.Catalog
) -> None:
    exercise = cat.exercises[exercise_id] if exercise_id else None
    assert describe_load(load, exercise) == words


def test_describe_dose() -> None:
    assert describe_dose(Prescription("x", 3, Reps(10, 20))) == "3 × 10–20"
    assert describe_dose(Prescription("x", 1, Reps(12, 12)), unilateral=True) == "1 × 12 per side"
    assert describe_dose(Prescription("x", 2, Hold(60, 60))) == "2 × 60 s hold"


# --------------------------------------------------------------------------- #
# Progress


@pytest.fixture(scope="module")
def progressed(
    program: Program, pm: HipdipPluginManager
) -> tuple[hipdip.Progress, hipdip.TrainingLog]:
    log = example_log(program)
    return hipdip.progress(program, log, pm=pm), log


def test_progress_gives_every_decision_with_its_reason(
    progressed: tuple[hipdip.Progress, hipdip.TrainingLog],
) -> None:
    result, log = progressed
    text = to_markdown(result, log=log)
    assert text.startswith(f"# Progress: {len(result.decisions)} decisions\n")
    assert text.count("Why: ") == len(result.decisions)
    for decision in result.decisions:
        assert decision.reason.rstrip(".") in text
        assert f"*(rule `{decision.rule}`)*" in text
    for session in log.sessions:
        assert f"## Week {session.week}, day {session.day} (logged)" in text


def test_progress_shows_the_change_of_a_load_increase(
    progressed: tuple[hipdip.Progress, hipdip.TrainingLog],
) -> None:
    result, log = progressed
    text = to_markdown(result, log=log)
    increases = [d for d in result.decisions if d.action is hipdip.Action.INCREASE_LOAD]
    assert increases, "the example log reaches the top of a weighted exercise"
    assert "at 1 kg ankle weight → 3 × 10–20 per side at 1.5 kg ankle weight" in text


def test_progress_with_log_shows_the_next_sessions_updated(
    progressed: tuple[hipdip.Progress, hipdip.TrainingLog],
) -> None:
    result, log = progressed
    text = to_markdown(result, log=log)
    upcoming = text.split("Next up", 1)[1]
    days = [int(day) for day, _ in DAY_CELL.findall(upcoming)]
    # logged: week 1 days 1–2; next: week 1 day 3, week 2 days 1–2 (a week's worth)
    assert days == [3, 1, 2]
    assert "1.5 kg ankle weight" in upcoming  # the decision is carried forward


def test_progress_with_a_dated_log_is_shown_as_placed(
    pm: HipdipPluginManager, progressed: tuple[hipdip.Progress, hipdip.TrainingLog]
) -> None:
    """An app's export has dates, not weeks and days: it is placed as ``progress`` placed it."""
    import datetime

    _, log = progressed
    first = datetime.date(2024, 3, 4)
    dated = hipdip.TrainingLog(
        tuple(
            attrs.evolve(s, week=None, day=None, date=first + datetime.timedelta(days=2 * i))
            for i, s in enumerate(log.sessions)
        )
    )
    result = hipdip.progress(example_program(), dated, pm=pm)
    text = to_markdown(result, log=dated, pm=pm)
    assert text == to_markdown(
        result, log=hipdip.logs.assign(result.program, dated, pm=pm).log, pm=pm
    )
    for session in log.sessions:
        assert f"## Week {session.week}, day {session.day} (logged)" in text
    assert "Next up" in text and "## Done volume" in text


def test_progress_without_log_shows_the_whole_updated_program(
    progressed: tuple[hipdip.Progress, hipdip.TrainingLog],
) -> None:
    result, _ = progressed
    text = to_markdown(result)
    assert len(WEEK_HEADING.findall(text)) == len(result.program.weeks)
    assert "(logged)" not in text


def test_progress_at_the_end_of_the_program(program: Program) -> None:
    last = program.sessions[-1]
    log = hipdip.TrainingLog(
        (
            hipdip.SessionLog(
                last.week,
                last.day,
                tuple(
                    hipdip.ExerciseLog(
                        item.exercise,
                        (
                            hipdip.SetResult(
                                reps=None if isinstance(item.dose, Hold) else item.dose.low,
                                hold_seconds=item.dose.low_seconds
                                if isinstance(item.dose, Hold)
                                else None,
                                load=item.load,
                            ),
                        ),
                    )
                    for item in last.items
                ),
            ),
        )
    )
    text = to_markdown(hipdip.progress(program, log), log=log)
    assert "The program is complete" in text


def test_empty_progress_says_nothing_was_logged(program: Program) -> None:
    log = hipdip.TrainingLog(())
    text = to_markdown(hipdip.progress(program, log), log=log)
    assert "Nothing was logged" in text


def test_decision_alone(progressed: tuple[hipdip.Progress, hipdip.TrainingLog]) -> None:
    decision = progressed[0].decisions[0]
    text = to_markdown(decision)
    assert text.startswith("**Side-lying hip abduction with ankle weight: heavier load** — ")
    assert decision.reason.rstrip(".") in text


def test_decision_to_another_variant_names_it() -> None:
    before = Prescription("clamshell", 3, Reps(10, 20), rir=2)
    after = attrs.evolve(before, exercise="banded_clamshell", load=Band("extra_light", "thighs"))
    text = to_markdown(Decision("advance_exercise", before, after, "double_progression", "ok"))
    assert "**Clamshell: harder variant**" in text
    assert "→ Banded clamshell: 3 × 10–20 per side with an extra-light band above the knees" in text


# --------------------------------------------------------------------------- #
# Nutrition and assessment


def test_nutrition_rounds_for_display_only() -> None:
    plan = NutritionPlan(
        bmr_kcal=1380.88,
        tdee_kcal=1898.71,
        target_kcal=1540.6,
        protein_g=143.04,
        fat_g=42.79,
        carbs_g=145.6,
        weekly_change_kg=-0.325,
        findings=(Finding("goal", "info", "A slow deficit.", source="Helms et al., 2014"),),
        applied_rules=("energy", "goal"),
    )
    text = to_markdown(plan)
    assert "| Energy | 1,541 kcal |" in text
    assert "| Protein | 143 g |" in text
    assert "| Fat | 43 g |" in text
    assert "| Carbohydrate | 146 g |" in text
    assert "TDEE): 1,899 kcal" in text and "BMR): 1,381 kcal" in text
    assert "0.33 kg loss a week" in text
    assert "A slow deficit. *(rule `goal`; source: Helms et al., 2014)*" in text
    assert "`energy` → `goal`" in text
    assert plan.target_kcal == 1540.6  # the model is not rounded


def test_nutrition_warnings_come_first_with_sources() -> None:
    lean = Profile(
        sex="female",
        age=30,
        body=BodyComposition(weight_kg=55, height_cm=165, body_fat_pct=18),
        experience="beginner",
        goal="fat_loss",
    )
    plan = hipdip.nutrition_plan(lean, pm=make_plugin_manager(entry_points=False))
    warnings = [f for f in plan.findings if f.severity is not hipdip.Severity.INFO]
    assert warnings, "fat loss below the floor is refused with a warning"
    text = to_markdown(plan)
    assert text.index("## Warnings") < text.index("## How the numbers were worked out")
    for finding in plan.findings:
        assert finding.message in text
        if finding.source:
            assert finding.source in text


def test_nutrition_shows_the_goal_applied_and_keeps_replaced_notes_out_of_the_story() -> None:
    plan = NutritionPlan(
        bmr_kcal=1380.0,
        tdee_kcal=2140.0,
        target_kcal=2140.0,
        protein_g=104.0,
        fat_g=59.4,
        carbs_g=297.5,
        findings=(
            Finding("safety_underweight", "warning", "BMI 17.0: no deficit.", source="WHO"),
            Finding("carbohydrate", "info", "Carbohydrate 20 g/day.", replaced_by="safety_x"),
            Finding("safety_x", "info", "Carbohydrate is the remainder: 298 g.", source="x"),
        ),
        applied_rules=("energy", "carbohydrate", "safety_x"),
        goal="maintain",
    )
    text = to_markdown(plan)
    assert "Goal applied: maintain (energy at maintenance)." in text
    assert "Carbohydrate 20 g/day" not in text
    assert "Carbohydrate is the remainder: 298 g." in text
    assert "`carbohydrate` (replaced by `safety_x`)" in text
    assert text.index("## Warnings") < text.index("replaced by") < text.index("Rules applied")
    alone = to_markdown(plan.findings[1])
    assert "Carbohydrate 20 g/day." in alone and "replaced by rule `safety_x`" in alone


def test_assessment_shows_bone_as_fixed_and_every_factor() -> None:
    result = hipdip.assess(example_profile())
    text = to_markdown(result)
    assert "| Bone structure | **no — fixed** |" in text
    assert "## Bone structure (fixed)" in text
    for factor in result.factors:
        assert factor.status in text and factor.advice in text
        if factor.source:
            assert f"*Source: {factor.source}*" in text
    assert "cannot" in text.split("|", 1)[0]  # the honest sentence comes before the table


def test_assessment_with_a_plugin_factor_name() -> None:
    text = to_markdown(Assessment((Factor("sleep_quality", True, "Unknown.", "Sleep."),)))
    assert "| Sleep quality | yes | Unknown. |" in text


# --------------------------------------------------------------------------- #
# Bad arguments


@pytest.mark.parametrize("obj", [42, None, "program", example_profile()])
def test_other_objects_are_a_validation_error_naming_the_argument(obj: object) -> None:
    with pytest.raises(hipdip.ValidationError, match=r"^obj: to_markdown takes a Program"):
        to_markdown(obj)


def test_log_only_goes_with_progress(program: Program) -> None:
    with pytest.raises(hipdip.ValidationError, match=r"^log: "):
        to_markdown(program, log=hipdip.TrainingLog(()))
    with pytest.raises(hipdip.ValidationError, match=r"^log: "):
        to_markdown(hipdip.Progress(program), log="log.json")  # type: ignore[arg-type]


def test_no_html_tag_from_a_plugin_reaches_the_markdown() -> None:
    """Was (an attacker's review): a plugin exercise named ``<script>…`` reached
    ``to_markdown`` as is (Markdown renderers pass raw HTML through; the HTML report
    escaped it)."""
    name = "<script>alert(1)</script> walk"
    pm = with_plugin(glute_exercise("t_script_walk", name), "exercises")
    program = hipdip.plan_program(example_profile(), weeks=2, pm=pm)
    item = attrs.evolve(program.weeks[0].sessions[0].items[0], exercise="t_script_walk")
    session = attrs.evolve(program.weeks[0].sessions[0], items=(item,))
    week = attrs.evolve(program.weeks[0], sessions=(session, *program.weeks[0].sessions[1:]))
    shown = attrs.evolve(
        program,
        weeks=(week, *program.weeks[1:]),
        findings=(hipdip.Finding("t_note", "info", f"see {name}"),),
    )
    text = to_markdown(shown, pm=pm)
    assert "&lt;script>alert(1)&lt;/script> walk" in text
    assert "<script" not in text


def test_no_html_tag_from_a_broken_plugin_reaches_the_plugin_list() -> None:
    """An attacker's re-check: a broken plugin's exception text reached ``hipdip plugins``'
    Markdown as is (``<img src=x onerror=…>``)."""
    from hipdip.plugins import list_plugins
    from hipdip.render import plugins_to_markdown

    class Broken:
        @hipdip.hookimpl
        def hipdip_register_exercises(self, register):  # type: ignore[no-untyped-def]
            raise RuntimeError('<img src=x onerror="alert(1)">')

    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pm = make_plugin_manager(entry_points=False, plugins=[Broken()])
        hipdip.catalog(pm)
        text = plugins_to_markdown(list_plugins(pm))
    assert "&lt;img src=x" in text
    assert "<img" not in text
