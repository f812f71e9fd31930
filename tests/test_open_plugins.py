"""Issue 16: plugins that change behaviour, choices per person, rules isolated at run time.

The three plugins the issue's author wrote from the docs are fixtures here:

- ``Pack``: an exercise pack with a harder variant above a built-in exercise
  (a side plank with hip abduction and an ankle weight, declared as the
  built-in's harder variant from its own side only);
- ``RirAutoregulation``: a progression rule that adds a load step as soon as
  every set is in range with at least two more reps in reserve than asked;
- ``OlderAdultsSessionLength``: a program rule warning that sessions are long
  for people of 65 and over.

They work end to end: the pack's exercise is planned and progressed to for a
person who can use it (and never for one who avoids it), the RIR rule decides
in ``progress()``, the 65+ warning reaches ``to_markdown`` and the CLI. Then
the properties: no plan and no progression step ever gives a person what
their ``avoid`` or ``limitations`` leave out; a plugin rule that fails never
changes what the other rules decide.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
from _plugin_factory import with_plugin
from hypothesis import given, settings
from hypothesis import strategies as st

import hipdip
from hipdip import (
    Action,
    Band,
    BodyComposition,
    Bodyweight,
    Decision,
    Exercise,
    Finding,
    Goal,
    HipdipPluginWarning,
    LoadKind,
    MuscleTarget,
    PluginError,
    Prescription,
    Profile,
    Program,
    Reps,
    Role,
    SetResult,
    Severity,
)
from hipdip import plugins as hipdip_plugins
from hipdip.choice import order, roles
from hipdip.cli import EXIT_INTERNAL, EXIT_OK, main
from hipdip.io import dumps, loads
from hipdip.ladders import lacks, ladders
from hipdip.limitations import LIMITATIONS, ruled_out
from hipdip.loads import heavier
from hipdip.metrics import session_minutes
from hipdip.models.finding import MAX_FINDINGS
from hipdip.plan import _is_glute_candidate
from hipdip.plugins import HipdipPluginManager, make_plugin_manager
from hipdip.render import to_markdown
from hipdip.testing import strategies
from hipdip.testing.contracts import ProgressionRuleContract

# --------------------------------------------------------------------------- #
# The three plugins of the issue, as a third-party author writes them

PACK_EXERCISE = Exercise(
    id="weighted_side_plank_hip_abduction",
    name="Side plank with hip abduction, ankle weight",
    targets=(
        MuscleTarget("gluteus_medius", Role.PRIMARY),
        MuscleTarget("gluteus_minimus", Role.PRIMARY),
        MuscleTarget("obliques", Role.SECONDARY),
    ),
    pattern="hip_abduction",
    position="side_lying",
    unilateral=True,
    equipment=frozenset({"ankle_weights"}),
    load_kind=LoadKind.WEIGHT,
    level=2,
    easier="side_plank_hip_abduction",  # a link from this side only: the built-in is untouched
    tags=frozenset({"frontal_abduction", "weight_bearing"}),
    cues=("Ankle weight on the top leg; set the side plank, then lift the leg slowly.",),
)


class Pack:
    """An exercise pack: one harder variant above a built-in exercise."""

    @hipdip.hookimpl
    def hipdip_register_exercises(self, register: Callable[[Exercise], None]) -> None:
        register(PACK_EXERCISE)


@attrs.frozen
class RirAutoregulation:
    """One load step now when every set is in range with ≥ 2 more reps in reserve than asked."""

    id: str = "rir_autoregulation"
    priority: int = 5

    def applies(self, exercise: Exercise, prescription: Prescription) -> bool:
        return isinstance(prescription.dose, Reps) and prescription.rir is not None

    def decide(
        self,
        exercise: Exercise,
        prescription: Prescription,
        results: tuple[SetResult, ...],
        *,
        profile: Profile | None = None,
    ) -> Decision | None:
        dose = prescription.dose
        assert isinstance(dose, Reps) and prescription.rir is not None
        easy = prescription.rir + 2
        if not all(
            r.rir is not None and r.rir >= easy and r.reps is not None and dose.low <= r.reps
            for r in results
        ):
            return None
        up = heavier(prescription.load, exercise)
        if up is None:
            return None
        action = Action.NEXT_BAND if isinstance(up, Band) else Action.INCREASE_LOAD
        return Decision(
            action,
            prescription,
            attrs.evolve(prescription, load=up),
            self.id,
            f"every set in range at RIR ≥ {easy}: one step heavier now",
        )


class RirPlugin:
    @hipdip.hookimpl
    def hipdip_register_progression_rules(self, register: Callable[[object], None]) -> None:
        register(RirAutoregulation())


#: The fixture's own threshold (a plugin author's choice, not a hipdip number).
OLDER_ADULT_AGE = 65
OLDER_ADULT_MAX_MINUTES = 25


@attrs.frozen
class OlderAdultsSessionLength:
    """WARNING: sessions over 25 minutes for people of 65 and over (the plugin's policy)."""

    id: str = "older_adults_session_length"

    def check(self, program: Program, catalog: Any) -> Iterator[Finding]:
        if program.profile.age < OLDER_ADULT_AGE:
            return
        for session in program.sessions:
            minutes = session_minutes(session, catalog.exercises)
            if minutes > OLDER_ADULT_MAX_MINUTES:
                yield Finding(
                    self.id,
                    Severity.WARNING,
                    f"week {session.week} day {session.day}: {minutes:.0f} minutes is long for "
                    f"a person of {program.profile.age}; consider shorter, more frequent sessions",
                )
                return


class OlderAdultsPlugin:
    @hipdip.hookimpl
    def hipdip_register_program_rules(self, register: Callable[[object], None]) -> None:
        register(OlderAdultsSessionLength())


def _person(experience: str = "intermediate", **fields: Any) -> Profile:
    return Profile(
        sex="female", age=30, body=BodyComposition(65.0, 165.0), experience=experience, **fields
    )


def _exercises(program: Program) -> set[str]:
    return {item.exercise for session in program.sessions for item in session.items}


# --------------------------------------------------------------------------- #
# Open ladders: the pack's harder variant, planned and progressed to


def test_the_pack_puts_a_harder_variant_above_a_built_in_exercise() -> None:
    cat = hipdip.catalog(make_plugin_manager(entry_points=False, plugins=[Pack()]))
    assert cat.harder_variants("side_plank_hip_abduction") == (PACK_EXERCISE,)
    assert cat.exercises["side_plank_hip_abduction"].harder is None  # declared from one side
    assert cat.easier_variants(PACK_EXERCISE.id)[0].id == "side_plank_hip_abduction"


def test_the_pack_exercise_is_planned_for_a_person_who_can_use_it() -> None:
    pm = make_plugin_manager(entry_points=False, plugins=[Pack()])
    can = _person(equipment={"ankle_weights"})
    assert PACK_EXERCISE.id in _exercises(hipdip.plan_program(can, pm=pm))
    # Not for someone without ankle weights (the built-in rung instead), nor a beginner.
    assert PACK_EXERCISE.id not in _exercises(hipdip.plan_program(_person(), pm=pm))
    beginner = _person("beginner", equipment={"ankle_weights"})
    assert PACK_EXERCISE.id not in _exercises(hipdip.plan_program(beginner, pm=pm))


def test_the_pack_exercise_is_progressed_to_for_a_person_who_can_use_it() -> None:
    pm = make_plugin_manager(entry_points=False, plugins=[Pack()])
    item = Prescription("side_plank_hip_abduction", 3, Reps(10, 20), Bodyweight(), rir=2)
    top = [SetResult(reps=20, rir=3)] * 3
    can = _person(equipment={"ankle_weights"})
    decision = hipdip.next_prescription(item, top, profile=can, pm=pm)
    assert decision.action is Action.ADVANCE_EXERCISE
    assert decision.after.exercise == PACK_EXERCISE.id
    assert decision.after.load == hipdip.Weight(0.5)
    # Through progress(): later sessions carry the pack's exercise.
    week = hipdip.Week(1, (hipdip.Session(1, 1, (item,)), hipdip.Session(1, 2, (item,))))
    program = Program(weeks=(week,), scheme="linear", profile=attrs.evolve(can, days_per_week=2))
    log = hipdip.TrainingLog(
        (hipdip.SessionLog(1, 1, (hipdip.ExerciseLog("side_plank_hip_abduction", tuple(top)),)),)
    )
    result = hipdip.progress(program, log, pm=pm)
    assert result.program.weeks[0].sessions[1].items[0].exercise == PACK_EXERCISE.id
    # A person who avoids it stays on the built-in, and is told why.
    avoids = attrs.evolve(can, avoid=frozenset({PACK_EXERCISE.id}))
    kept = hipdip.next_prescription(item, top, profile=avoids, pm=pm)
    assert kept.after.exercise == "side_plank_hip_abduction"


# --------------------------------------------------------------------------- #
# The RIR rule decides end to end


def test_the_rir_rule_decides_in_progress_and_keeps_the_contract() -> None:
    pm = make_plugin_manager(entry_points=False, plugins=[RirPlugin()])
    item = Prescription("ankle_weight_side_lying_hip_abduction", 3, Reps(10, 20), hipdip.Weight(1))
    item = attrs.evolve(item, rir=2)
    easy = [SetResult(reps=14, load=hipdip.Weight(1), rir=4)] * 3
    decision = hipdip.next_prescription(item, easy, pm=pm)
    assert (decision.rule, decision.action) == ("rir_autoregulation", Action.INCREASE_LOAD)
    assert decision.after.load == hipdip.Weight(1.5)
    hard = [SetResult(reps=14, load=hipdip.Weight(1), rir=2)] * 3
    assert hipdip.next_prescription(item, hard, pm=pm).rule == "double_progression"
    # Its decisions keep SCIENCE.md §Invariants 5 on the contract's fixed and drawn cases.
    contract = ProgressionRuleContract()
    rule = RirAutoregulation()
    for managed in contract.registered(make_plugin_manager(entry_points=False), rule):
        contract.test_decision_is_valid(rule, managed)


# --------------------------------------------------------------------------- #
# The 65+ program rule's warning reaches the program, Markdown and the CLI

OLDER = Profile(
    sex="female",
    age=70,
    body=BodyComposition(60.0, 160.0),
    experience="intermediate",
    equipment=frozenset({"band"}),
    days_per_week=2,
    session_minutes=60,
)


def test_a_plugin_program_rule_warning_reaches_the_program_and_markdown() -> None:
    pm = make_plugin_manager(entry_points=False, plugins=[OlderAdultsPlugin()])
    program = hipdip.plan_program(OLDER, pm=pm)
    (warning,) = [f for f in program.findings if f.rule == "older_adults_session_length"]
    assert warning.severity is Severity.WARNING
    assert loads(dumps(program), Program) == program  # round-tripped with its findings
    text = to_markdown(program, pm=pm)
    notes = text.split("## Notes", 1)[1].split("\n## ", 1)[0]
    assert "older_adults_session_length" in notes and "long for a person of 70" in notes
    # Younger: no warning.
    younger = hipdip.plan_program(attrs.evolve(OLDER, age=40), pm=pm)
    assert not [f for f in younger.findings if f.rule == "older_adults_session_length"]


@pytest.fixture
def cli_pm(monkeypatch: pytest.MonkeyPatch) -> HipdipPluginManager:
    """The CLI's default manager for one test: built-ins and the issue's three plugins."""
    manager = make_plugin_manager(
        entry_points=False, plugins=[Pack(), RirPlugin(), OlderAdultsPlugin()]
    )
    monkeypatch.setattr(hipdip_plugins, "_default", manager)
    return manager


def test_the_warning_reaches_the_cli(
    cli_pm: HipdipPluginManager, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "older.json"
    path.write_text(dumps(OLDER))
    assert main(["plan", str(path), "--weeks", "2"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "**Warning:**" in out and "long for a person of 70" in out
    assert main(["plan", str(path), "--weeks", "2", "--format", "json"]) == EXIT_OK
    program = loads(capsys.readouterr().out, Program)
    assert "older_adults_session_length" in {f.rule for f in program.findings}


def test_plugins_order_lists_every_rule_by_priority_with_its_plugin(
    cli_pm: HipdipPluginManager, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plugins", "--order"]) == EXIT_OK
    out = capsys.readouterr().out
    progression = out.split("## Progression rules", 1)[1].split("## ", 1)[0]
    rows = [line for line in progression.splitlines() if line.startswith("| ") and "`" in line]
    ids = [row.split("`")[1] for row in rows]
    assert ids == [
        "rir_autoregulation",
        "break",
        "stall",
        "plateau",
        "double_progression",
        "hold_progression",
    ]
    assert "`RirPlugin`" in rows[0] and "| 5 |" in rows[0]
    assert "`OlderAdultsPlugin`" in out.split("## Program rules", 1)[1]
    assert main(["plugins", "--order", "--format", "json"]) == EXIT_OK
    data = __import__("json").loads(capsys.readouterr().out)
    first = data[0]
    assert (first["id"], first["plugin"], first["priority"]) == (
        "rir_autoregulation",
        "RirPlugin",
        5,
    )


# --------------------------------------------------------------------------- #
# Per-person choices: never violated by a plan or a progression step


def _choices() -> st.SearchStrategy[tuple[frozenset[str], frozenset[str]]]:
    cat = hipdip.catalog(make_plugin_manager(entry_points=False, plugins=[Pack()]))
    known = sorted(
        set(cat.exercises)
        | {item for e in cat.exercises.values() for item in e.equipment}
        | {tag for e in cat.exercises.values() for tag in e.tags}
    )
    avoid = st.frozensets(st.sampled_from(known), max_size=3)
    limitations = st.frozensets(st.sampled_from(sorted(LIMITATIONS)), max_size=2)
    return st.tuples(avoid, limitations).filter(lambda pair: bool(pair[0] or pair[1]))


def _people() -> st.SearchStrategy[Profile]:
    return st.tuples(strategies.profiles(), _choices()).map(
        lambda pair: attrs.evolve(pair[0], avoid=pair[1][0], limitations=pair[1][1])
    )


@attrs.frozen
class Advancer:
    """A careless plugin rule: always moves to the first harder variant, whoever the person is."""

    id: str = "t_advancer"
    priority: int = 100

    def applies(self, exercise: Exercise, prescription: Prescription) -> bool:
        return True

    def decide(
        self, exercise: Exercise, prescription: Prescription, results: Any, *, catalog: Any
    ) -> Decision | None:
        harder = catalog.harder_variants(exercise.id)
        if not harder:
            return None
        target = harder[0]
        dose = Reps(10, 20)
        if target.pattern in ("anti_extension", "anti_lateral_flexion"):
            dose = hipdip.Hold(20, 60)
        after = Prescription(target.id, prescription.sets, dose, hipdip.loads.starting_load(target))
        return Decision(Action.ADVANCE_EXERCISE, prescription, after, self.id, "onwards")


class AdvancerPlugin:
    @hipdip.hookimpl
    def hipdip_register_progression_rules(self, register: Callable[[object], None]) -> None:
        register(Advancer())


_PACK_PM = make_plugin_manager(entry_points=False, plugins=[Pack()])
_ADVANCER_PM = make_plugin_manager(entry_points=False, plugins=[Pack(), AdvancerPlugin()])


def _plan_or_none(person: Profile, weeks: int) -> Program | None:
    """The plan, or ``None`` when nothing is left to plan (never refused by a broken rule)."""
    try:
        return hipdip.plan_program(person, weeks=weeks, pm=_PACK_PM)
    except hipdip.PlanningError as exc:
        if exc.findings:
            raise
        return None


@settings(max_examples=40)
@given(person=_people())
def test_no_plan_gives_a_person_what_they_leave_out(person: Profile) -> None:
    program = _plan_or_none(person, 4)
    if program is None:
        return
    cat = hipdip.catalog(_PACK_PM)
    for exercise_id in _exercises(program):
        assert lacks(person, cat.exercises[exercise_id]) is None, exercise_id
    # Every glute exercise left out by a choice (that the person could otherwise do) is named.
    named = " ".join(f.message for f in program.findings if f.rule in ("avoid", "limitations"))
    for exercise in cat.exercises.values():
        could = exercise.equipment <= person.equipment and exercise.level <= person.experience.level
        if could and _is_glute_candidate(exercise) and ruled_out(person, exercise) is not None:
            assert f"({exercise.id}," in named, exercise.id


@settings(max_examples=25)
@given(data=st.data(), person=_people())
def test_no_progression_step_gives_a_person_what_they_leave_out(
    data: st.DataObject, person: Profile
) -> None:
    program = _plan_or_none(person, 3)
    if program is None:
        return
    log = data.draw(strategies.training_logs(program, outcome=st.sampled_from(["over", "top"])))
    # With a plugin rule that climbs every ladder blindly: the engine must still refuse.
    result = hipdip.progress(program, log, pm=_ADVANCER_PM)
    cat = hipdip.catalog(_ADVANCER_PM)
    for decision in result.decisions:
        assert lacks(person, cat.exercises[decision.after.exercise]) is None, decision.reason
    for exercise_id in _exercises(result.program):
        assert lacks(person, cat.exercises[exercise_id]) is None, exercise_id


@settings(max_examples=60)
@given(person=_people(), exercise_id=st.sampled_from(sorted(hipdip.catalog(_PACK_PM).exercises)))
def test_no_single_step_moves_to_what_a_person_leaves_out(
    person: Profile, exercise_id: str
) -> None:
    cat = hipdip.catalog(_PACK_PM)
    exercise = cat.exercises[exercise_id]
    hold = exercise.pattern in ("anti_extension", "anti_lateral_flexion")
    load = hipdip.loads.starting_load(exercise, person.experience)
    if hold:
        item = Prescription(exercise_id, 3, hipdip.Hold(20, 60), load)
        results = [SetResult(hold_seconds=60, load=load)] * 3
    else:
        item = Prescription(exercise_id, 3, Reps(10, 20), load, rir=2)
        results = [SetResult(reps=22, load=load, rir=4)] * 3
    for pm in (_PACK_PM, _ADVANCER_PM):
        decision = hipdip.next_prescription(item, results, profile=person, pm=pm)
        if decision.after.exercise != exercise_id:
            assert lacks(person, cat.exercises[decision.after.exercise]) is None
    climbed = ladders(cat).climb(exercise_id, person) + ladders(cat).descend(exercise_id, person)
    assert all(lacks(person, rung) is None for rung in climbed)


def test_a_limitation_leaves_out_what_it_names_and_says_why() -> None:
    person = _person("beginner", equipment={"band", "step"}, limitations={"knee_pain"})
    program = hipdip.plan_program(person)
    cat = hipdip.catalog()
    assert not any(
        cat.exercises[e].tags & LIMITATIONS["knee_pain"].excludes for e in _exercises(program)
    )
    (note,) = [f for f in program.findings if f.rule == "limitations"]
    assert note.severity is Severity.INFO
    assert "Fire hydrant (fire_hydrant, loads kneeling)" in note.message
    assert "Forward step-up (forward_step_up, loads deep_knee_flexion)" in note.message
    assert note.source == LIMITATIONS["knee_pain"].source and "Crossley" in note.source


def test_pregnancy_leaves_out_lying_on_the_back_citing_acog() -> None:
    assert "ACOG Committee Opinion No. 804, 2020" in LIMITATIONS["pregnancy"].source
    person = _person("intermediate", equipment={"bench", "dumbbell"}, limitations={"pregnancy"})
    cat = hipdip.catalog()
    assert lacks(person, cat.exercises["hip_thrust"]) == (
        "is left out for this person: pregnancy (it loads supine)"
    )
    program = hipdip.plan_program(person)
    assert not any("supine" in cat.exercises[e].tags for e in _exercises(program))


def test_avoid_names_exercises_equipment_or_tags_the_catalogue_knows() -> None:
    with pytest.raises(hipdip.ValidationError, match=r"avoid: 'kneling'.*did you mean 'kneeling'"):
        hipdip.plan_program(_person(avoid={"kneling"}))
    program = hipdip.plan_program(_person(equipment={"band"}, avoid={"band"}))
    assert not any("band" in e for e in _exercises(program))
    (note,) = [f for f in program.findings if f.rule == "avoid"]
    assert "avoided equipment band" in note.message


def test_the_core_block_is_chosen_by_role_so_plugins_can_add_to_it() -> None:
    dead_bug = Exercise(
        id="dead_bug",
        name="Dead bug",
        targets=(MuscleTarget("transversus_abdominis", Role.PRIMARY),),
        pattern="anti_extension",
        position="supine",
        tags=frozenset({"supine"}),
    )

    class CorePack:
        @hipdip.hookimpl
        def hipdip_register_exercises(self, register: Callable[[Exercise], None]) -> None:
            register(dead_bug)

    pm = make_plugin_manager(entry_points=False, plugins=[CorePack()])
    tilted = _person("beginner", posture=hipdip.Posture(pelvic_tilt_deg=22.0))
    chosen = _exercises(hipdip.plan_program(tilted, pm=pm))
    assert {
        "dead_bug",
        "side_plank",
        "bird_dog",
    } <= chosen  # one per role; the plugin's ranks first
    pregnant = attrs.evolve(tilted, limitations=frozenset({"pregnancy"}))
    program = hipdip.plan_program(pregnant, pm=pm)
    assert "dead_bug" not in _exercises(program) and "plank" in _exercises(program)
    assert "Dead bug (dead_bug, loads supine)" in " ".join(f.message for f in program.findings)


# --------------------------------------------------------------------------- #
# Run-time isolation: a failing plugin rule never changes the other rules' results

MODES = ("raise", "invalid")


@attrs.frozen
class BrokenProgression:
    """Fails when it gets to decide: raises, or returns a decision doubling the load."""

    mode: str
    priority: int
    id: str = "t_broken_progression"

    def applies(self, exercise: Exercise, prescription: Prescription) -> bool:
        return True

    def decide(self, exercise: Exercise, prescription: Prescription, results: Any) -> Any:
        if self.mode == "raise":
            raise KeyError(prescription.exercise)
        return "not a decision"


@attrs.frozen
class BrokenNutrition:
    mode: str
    priority: int
    id: str = "t_broken_nutrition"

    def apply(self, profile: Profile, goal: Goal, plan: hipdip.NutritionPlan) -> Any:
        if self.mode == "raise":
            raise ZeroDivisionError("oops")
        return {"protein_g": 999}


@attrs.frozen
class BrokenProgramRule:
    mode: str
    id: str = "t_broken_program_rule"

    def check(self, program: Program, catalog: Any) -> Iterator[Any]:
        yield Finding(self.id, Severity.INFO, "seen")
        if self.mode == "raise":
            raise IndexError("nope")
        yield "not a finding"


def _with(obj: object, kind: str) -> HipdipPluginManager:
    return with_plugin(obj, kind, name="Broken")


def _quietly(call: Callable[[], Any]) -> tuple[Any, list[HipdipPluginWarning]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", HipdipPluginWarning)
        result = call()
    return result, [w.message for w in caught if isinstance(w.message, HipdipPluginWarning)]


_PLAIN = make_plugin_manager(entry_points=False)
_CASES = ProgressionRuleContract().cases(hipdip.catalog(_PLAIN))


@settings(max_examples=60)
@given(case=_CASES, mode=st.sampled_from(MODES), priority=st.sampled_from([-5, 0, 1, 2, 50]))
def test_a_failing_progression_rule_never_changes_the_others_decision(
    case: Any, mode: str, priority: int
) -> None:
    if case.exercise.id not in hipdip.catalog(_PLAIN).exercises:
        return  # drawn exercises are not in the catalogue the engine looks them up in
    broken = _with(BrokenProgression(mode, priority), "progression_rules")

    def step(pm: HipdipPluginManager) -> Decision:
        return hipdip.next_prescription(
            case.prescription, case.results, previous=case.previous, pm=pm
        )

    expected = step(_PLAIN)
    got, warned = _quietly(lambda: step(broken))
    assert attrs.evolve(got, findings=()) == expected
    if got.findings:  # it was asked (and failed): said on the result and as a warning
        assert [f.rule for f in got.findings] == ["t_broken_progression"]
        assert [w.rule for w in warned] == ["t_broken_progression"]
        assert all(w.plugin == "Broken" for w in warned)


@settings(max_examples=40)
@given(
    person=strategies.profiles(),
    goal=st.sampled_from(Goal),
    mode=st.sampled_from(MODES),
    priority=st.sampled_from([50, 250, 350, 450, 900]),
)
def test_a_failing_nutrition_rule_never_changes_the_others_plan(
    person: Profile, goal: Goal, mode: str, priority: int
) -> None:
    expected = hipdip.nutrition_plan(person, goal=goal, pm=_PLAIN)
    broken = _with(BrokenNutrition(mode, priority), "nutrition_rules")
    got, warned = _quietly(lambda: hipdip.nutrition_plan(person, goal=goal, pm=broken))
    (skipped,) = [f for f in got.findings if f.rule == "t_broken_nutrition"]
    assert skipped.severity is Severity.WARNING and "Broken" in skipped.message
    assert attrs.evolve(got, findings=[f for f in got.findings if f is not skipped]) == expected
    assert [w.rule for w in warned] == ["t_broken_nutrition"]


@settings(max_examples=15)
@given(program=strategies.programs(_PLAIN, weeks=st.integers(1, 4)), mode=st.sampled_from(MODES))
def test_a_failing_program_rule_never_changes_the_others_findings(
    program: Program, mode: str
) -> None:
    expected = hipdip.validate_program(program, pm=_PLAIN)
    broken = _with(BrokenProgramRule(mode), "program_rules")
    got, warned = _quietly(lambda: hipdip.validate_program(program, pm=broken))
    (skipped,) = [f for f in got if f.rule == "t_broken_program_rule"]  # "seen" is dropped too
    assert skipped.severity is Severity.WARNING
    assert tuple(f for f in got if f is not skipped) == expected
    assert len(warned) == 1


@attrs.frozen
class ChattyProgramRule:
    """Yields ``count`` INFO findings (``None``: without end), or one ERROR under ``forged``'s id."""

    count: int | None
    forged: str | None = None
    id: str = "t_chatty_program_rule"

    def check(self, program: Program, catalog: Any) -> Iterator[Finding]:
        if self.forged is not None:
            yield Finding(self.forged, Severity.ERROR, "forged")
            return
        for i in itertools.count() if self.count is None else range(self.count):
            yield Finding(self.id, Severity.INFO, f"note {i}")


@pytest.mark.parametrize("forged", ["weekly_volume", "deload"])
def test_a_program_rule_finding_under_another_rules_id_is_skipped(forged: str) -> None:
    """Was (an attacker's review): a plugin's ERROR finding under the built-in id
    ``weekly_volume`` made plan_program refuse the program, blaming the built-in rule."""
    pm = _with(ChattyProgramRule(None, forged=forged), "program_rules")
    program, warned = _quietly(lambda: hipdip.plan_program(_person("beginner"), weeks=2, pm=pm))
    (skipped,) = [f for f in program.findings if f.rule == "t_chatty_program_rule"]
    assert skipped.severity is Severity.WARNING
    assert f"a finding of rule {forged!r}, not of its own id" in skipped.message
    assert not [f for f in program.findings if f.message == "forged"]
    assert [w.rule for w in warned] == ["t_chatty_program_rule"]


def test_a_planning_error_counts_rules_and_findings_apart() -> None:
    """An attacker's re-check: one plugin rule's 200 ERROR findings were "breaks 200
    rule(s)"."""

    @attrs.frozen
    class Strict:
        id: str = "t_strict"

        def check(self, program: Program, catalog: Any) -> Iterator[Finding]:
            for i in range(3):
                yield Finding(self.id, Severity.ERROR, f"problem {i}")

    pm = _with(Strict(), "program_rules")
    with pytest.raises(hipdip.PlanningError, match=r"breaks 1 rule\(s\) \(3 ERROR findings\)"):
        hipdip.plan_program(_person("beginner"), weeks=2, pm=pm)


@pytest.mark.parametrize("count", [None, 300])
def test_a_program_rule_is_read_up_to_what_a_program_holds(count: int | None) -> None:
    """Was (an attacker's review): a rule yielding without end made plan_program never
    return; 300 findings were a ValidationError blaming the input (at most 200)."""
    pm = _with(ChattyProgramRule(count), "program_rules")
    program = hipdip.plan_program(_person("beginner"), weeks=2, pm=pm)
    assert len(program.findings) == MAX_FINDINGS
    assert program.findings[-1].rule == "more_findings"
    found = hipdip.validate_program(program, pm=pm)
    chatty = [f for f in found if f.rule == "t_chatty_program_rule"]
    assert len(chatty) == MAX_FINDINGS + 1  # all a program holds, and the note that more came
    assert "yielded more than 200 findings: the rest were not read" in chatty[-1].message
    assert chatty[-1].severity is Severity.WARNING


def test_a_failing_rule_is_reported_once_per_progress_call() -> None:
    pm = _with(BrokenProgression("raise", 10), "progression_rules")
    program = hipdip.plan_program(_person("beginner", equipment={"band"}), weeks=1, pm=_PLAIN)
    log = hipdip.TrainingLog(
        tuple(
            hipdip.SessionLog(
                s.week,
                s.day,
                tuple(
                    hipdip.ExerciseLog(
                        i.exercise,
                        tuple(
                            SetResult(reps=i.dose.low, load=i.load, rir=2)
                            if isinstance(i.dose, Reps)
                            else SetResult(hold_seconds=30, load=i.load)
                            for _ in range(i.sets)
                        ),
                    )
                    for i in s.items
                ),
            )
            for s in program.sessions
        )
    )
    result, warned = _quietly(lambda: hipdip.progress(program, log, pm=pm))
    assert len(warned) == 1  # one warning for the call, however many steps it failed
    (summary,) = result.findings
    decisions = len(result.decisions)
    assert f"(skipped {decisions} times in {decisions} decisions)" in summary.message
    assert "## Notes" in to_markdown(result, pm=pm)
    plain = hipdip.progress(program, log, pm=_PLAIN)
    assert [attrs.evolve(d, findings=()) for d in result.decisions] == list(plain.decisions)


def test_strict_mode_raises_plugin_error_in_every_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIPDIP_STRICT_PLUGINS", "1")
    item = Prescription("clamshell", 3, Reps(10, 20), Bodyweight(), rir=2)
    with pytest.raises(PluginError, match="t_broken_progression") as caught:
        hipdip.next_prescription(
            item,
            [SetResult(reps=12)] * 3,
            pm=_with(BrokenProgression("raise", 9), "progression_rules"),
        )
    assert caught.value.plugin == "Broken" and isinstance(caught.value.__cause__, KeyError)
    with pytest.raises(PluginError, match="t_broken_nutrition"):
        hipdip.nutrition_plan(
            _person(), pm=_with(BrokenNutrition("invalid", 250), "nutrition_rules")
        )
    with pytest.raises(PluginError, match="t_broken_program_rule"):
        hipdip.plan_program(_person(), pm=_with(BrokenProgramRule("raise"), "program_rules"))


def test_a_built_in_rule_failure_still_propagates(monkeypatch: pytest.MonkeyPatch) -> None:
    from hipdip.builtin import progression as builtin

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug in hipdip")

    rule = hipdip.catalog(_PLAIN).progression_rules["double_progression"]
    monkeypatch.setattr(type(rule), "decide", boom)
    item = Prescription("clamshell", 3, Reps(10, 20), Bodyweight(), rir=2)
    with pytest.raises(RuntimeError, match="a bug in hipdip") as caught:
        hipdip.next_prescription(item, [SetResult(reps=15, rir=2)] * 3, pm=_PLAIN)
    assert any("double_progression" in note for note in caught.value.__notes__)
    assert builtin  # the rule lives in hipdip.builtin.progression


def test_the_cli_names_a_broken_plugin_and_keeps_going_or_exits_1_in_strict_mode(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(
        hipdip_plugins, "_default", _with(BrokenNutrition("raise", 250), "nutrition_rules")
    )
    path = tmp_path / "me.json"
    path.write_text(dumps(_person()))
    assert main(["nutrition", str(path)]) == EXIT_OK
    captured = capsys.readouterr()
    assert "warning: hipdip plugin Broken" in captured.err and "t_broken_nutrition" in captured.err
    assert "t_broken_nutrition" in captured.out  # the finding, in the plan's notes
    monkeypatch.setenv("HIPDIP_STRICT_PLUGINS", "1")
    assert main(["nutrition", str(path)]) == EXIT_INTERNAL  # the plugin's fault, not the input's
    err = capsys.readouterr().err
    assert err.startswith("error: plugin problem: hipdip plugin Broken")
    assert "not the input" in err


# --------------------------------------------------------------------------- #
# Conflicts between plugins are reported with both names


def test_contradicting_ladder_links_of_two_plugins_name_both(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def exercise(id_: str, **links: str) -> Exercise:
        return Exercise(
            id=id_,
            name=id_,
            targets=(MuscleTarget("gluteus_medius", Role.PRIMARY),),
            pattern="hip_abduction",
            position="standing",
            level=3,
            **links,
        )

    class Up:
        @hipdip.hookimpl
        def hipdip_register_exercises(self, register: Callable[[Exercise], None]) -> None:
            register(exercise("t_top", easier="single_leg_squat"))

    class Down:
        @hipdip.hookimpl
        def hipdip_register_exercises(self, register: Callable[[Exercise], None]) -> None:
            register(exercise("t_under", easier="t_top", harder="lateral_step_up"))

    pm = make_plugin_manager(entry_points=False, plugins=[Up(), Down()])
    with pytest.warns(HipdipPluginWarning) as caught:
        lad = ladders(hipdip.catalog(pm))
    (message,) = [str(w.message) for w in caught]
    assert message.startswith("ladder conflict: Down puts")
    assert "Up" in message and "hipdip.builtin.exercises" in message
    assert "t_under" not in [e.id for e in lad.harder("t_top")]  # the later link is ignored
    monkeypatch.setenv("HIPDIP_STRICT_PLUGINS", "1")
    strict = make_plugin_manager(entry_points=False, plugins=[Up(), Down()])
    with pytest.raises(PluginError, match="ladder conflict: Down"):
        ladders(hipdip.catalog(strict))


# --------------------------------------------------------------------------- #
# Fair choice: the 192 profiles, where the pack's exercise was never planned

_GRID_EQUIPMENT = (
    frozenset(),
    frozenset({"band"}),
    frozenset({"ankle_weights"}),
    frozenset({"band", "ankle_weights"}),
    frozenset({"dumbbell", "bench", "step"}),
    frozenset({"cable"}),
    frozenset({"ankle_weights", "cable"}),
    frozenset({"band", "ankle_weights", "cable", "dumbbell", "bench", "step"}),
)


def test_plugin_exercises_are_planned_by_the_same_policy_on_192_profiles() -> None:
    """Was: "in 192 profiles neither exercise of the pack was chosen".

    Now the pack's exercise is planned wherever the policy prefers it, and
    where it is not, every abduction role it fills is filled by an exercise
    the policy ranks before it: where an exercise came from plays no part.
    """
    cat = hipdip.catalog(_PACK_PM)
    profiles = [
        _person(experience, equipment=equipment, days_per_week=days, session_minutes=minutes)
        for experience in ("beginner", "intermediate", "advanced")
        for equipment in _GRID_EQUIPMENT
        for days in (2, 3, 4, 5)
        for minutes in (20, 45)
    ]
    assert len(profiles) == 192
    planned = 0
    for person in profiles:
        program = hipdip.plan_program(person, weeks=1, pm=_PACK_PM)
        used = [cat.exercises[i] for i in sorted(_exercises(program))]
        if not hipdip.ladders.can_do(person, PACK_EXERCISE):
            assert PACK_EXERCISE not in used
            continue
        if PACK_EXERCISE in used:
            planned += 1
            continue
        for role in roles(PACK_EXERCISE):
            fillers = [e for e in used if role in roles(e)]
            assert fillers, (person.experience, sorted(person.equipment), role)
            ranked = order([*fillers, PACK_EXERCISE], person, cat)
            assert ranked[0] is not PACK_EXERCISE, (person.experience, role, ranked)
    assert planned >= 24  # every intermediate/advanced with ankle weights and no band or cable


def test_the_catalogue_page_shows_what_each_built_in_exercise_loads() -> None:
    from pathlib import Path

    from hipdip.builtin.exercises import EXERCISES
    from hipdip.limitations import LOAD_TAGS

    page = (Path(__file__).parents[1] / "docs" / "catalogue.md").read_text(encoding="utf-8")
    table = [line for line in page.splitlines() if line.startswith("| `") and line.count("|") == 11]
    rows = {line.split("`")[1]: line for line in table}
    for exercise in EXERCISES:
        shown = rows[exercise.id].rstrip(" |").rsplit("|", 1)[1].strip()
        tags = sorted(exercise.tags & LOAD_TAGS.keys())
        assert shown == (", ".join(t.replace("_", " ") for t in tags) or "—"), exercise.id


def test_a_plugins_bad_rir_in_progress_is_not_user_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was: "a plugin's bad RIR reads as user error, exit 2, no plugin named"."""

    @attrs.frozen
    class BadRir:
        id: str = "t_bad_rir"
        priority: int = 50

        def applies(self, exercise: Exercise, prescription: Prescription) -> bool:
            return isinstance(prescription.dose, Reps)

        def decide(self, exercise: Exercise, prescription: Prescription, results: Any) -> Decision:
            # RIR 7: the model refuses it with a ValidationError, raised inside the rule.
            easier = attrs.evolve(prescription, rir=(prescription.rir or 0) + 5)
            return Decision(Action.REPEAT, prescription, easier, self.id, "much easier")

    monkeypatch.setattr(hipdip_plugins, "_default", _with(BadRir(), "progression_rules"))
    program = hipdip.plan_program(_person("beginner", equipment={"band"}), weeks=1, pm=_PLAIN)
    first = program.sessions[0]
    log = hipdip.TrainingLog(
        (
            hipdip.SessionLog(
                first.week,
                first.day,
                tuple(
                    hipdip.ExerciseLog(
                        i.exercise,
                        tuple(SetResult(reps=12, load=i.load, rir=2) for _ in range(i.sets))
                        if isinstance(i.dose, Reps)
                        else tuple(SetResult(hold_seconds=30, load=i.load) for _ in range(i.sets)),
                    )
                    for i in first.items
                ),
            ),
        )
    )
    (tmp_path / "program.json").write_text(dumps(program))
    (tmp_path / "log.json").write_text(dumps(log))
    args = ["progress", str(tmp_path / "program.json"), str(tmp_path / "log.json")]
    assert main(args) == EXIT_OK
    captured = capsys.readouterr()
    assert "warning: hipdip plugin Broken" in captured.err and "t_bad_rir" in captured.err
    assert "## Notes" in captured.out
    monkeypatch.setenv("HIPDIP_STRICT_PLUGINS", "1")
    assert main(args) == EXIT_INTERNAL
    assert "error: plugin problem: hipdip plugin Broken" in capsys.readouterr().err


def test_a_link_to_a_lower_level_is_not_listed_as_a_harder_variant() -> None:
    # A plugin names the level-2 cable abduction as the easier variant of its level-1
    # exercise: as a ladder step that goes down a level (SCIENCE.md §Training), so the
    # engines ignore it and Catalog.harder_variants / easier_variants do not list it.
    low = Exercise(
        id="t_low_abduction",
        name="t_low_abduction",
        targets=(MuscleTarget("gluteus_medius", Role.PRIMARY),),
        pattern="hip_abduction",
        position="standing",
        level=1,
        easier="standing_cable_hip_abduction",
    )

    class Low:
        @hipdip.hookimpl
        def hipdip_register_exercises(self, register: Callable[[Exercise], None]) -> None:
            register(low)

    cat = hipdip.catalog(make_plugin_manager(entry_points=False, plugins=[Low()]))
    cable = cat.exercises["standing_cable_hip_abduction"]
    assert "t_low_abduction" in [e.id for e in ladders(cat).harder(cable.id)]  # the raw link
    for exercise in cat.exercises.values():  # no listed step goes down a level or a role
        for harder in cat.harder_variants(exercise.id):
            assert harder.level >= exercise.level, (exercise.id, harder.id)
    assert "t_low_abduction" not in [e.id for e in cat.harder_variants(cable.id)]
    assert cable not in cat.easier_variants("t_low_abduction")
    assert ladders(cat).climb(cable.id, None) == ()  # the engines agree: no way up from here
    assert ladders(cat).descend("t_low_abduction", None) == ()  # nor down to a higher level


def test_excluded_tags_names_an_unknown_limitation() -> None:
    # A plugin asking for a misspelled limitation got a bare KeyError: 'knee'.
    from hipdip.limitations import excluded_tags

    assert excluded_tags(frozenset({"pregnancy"})) == LIMITATIONS["pregnancy"].excludes
    with pytest.raises(
        hipdip.UnknownIdError, match=r"limitation id 'knee'; did you mean 'knee_pain'"
    ):
        excluded_tags(frozenset({"knee"}))
