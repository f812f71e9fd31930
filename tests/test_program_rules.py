"""Built-in program rules: each fires on a program that breaks its invariant, with a precise message."""

from __future__ import annotations

import attrs
import pytest

import hipdip
from hipdip import BodyComposition, Posture, Prescription, Profile, Reps, Session, Severity, Week
from hipdip.plugins import make_plugin_manager

PM = make_plugin_manager(entry_points=False)


def _profile(**changes) -> Profile:
    base = Profile(
        sex="female",
        age=30,
        body=BodyComposition(weight_kg=65, height_cm=165),
        experience="beginner",
        equipment=frozenset({"band"}),
        days_per_week=3,
        session_minutes=45,
    )
    return attrs.evolve(base, **changes)


@pytest.fixture(scope="module")
def program() -> hipdip.Program:
    return hipdip.plan_program(_profile(), weeks=8, pm=PM)


def errors(program) -> list[hipdip.Finding]:
    return [f for f in hipdip.validate_program(program, pm=PM) if f.severity is Severity.ERROR]


def replace_item(program, week, day, index, **changes):
    weeks = list(program.weeks)
    w = weeks[week - 1]
    sessions = list(w.sessions)
    s = sessions[day - 1]
    items = list(s.items)
    items[index] = attrs.evolve(items[index], **changes)
    sessions[day - 1] = attrs.evolve(s, items=tuple(items))
    weeks[week - 1] = attrs.evolve(w, sessions=tuple(sessions))
    return attrs.evolve(program, weeks=tuple(weeks))


def test_planned_program_is_clean(program) -> None:
    assert errors(program) == []


def test_unknown_exercise(program) -> None:
    broken = replace_item(program, 1, 1, 0, exercise="moonwalk")
    found = errors(broken)
    known = [f for f in found if f.rule == "exercises_known"]
    assert len(known) == 1 and "week 1 day 1, moonwalk" in known[0].message
    assert {f.rule for f in found} == {"exercises_known"}
    # Its sets no longer count, so week 1 also drops below the volume range
    # (a WARNING while at least 4 hard sets are left: minimum dose).
    volume = [f for f in hipdip.validate_program(broken, pm=PM) if f.rule == "weekly_volume"]
    assert [f.severity for f in volume] == [Severity.WARNING]


def test_missing_equipment(program) -> None:
    broken = attrs.evolve(program, profile=attrs.evolve(program.profile, equipment=frozenset()))
    found = {f.rule for f in errors(broken)}
    assert "equipment_available" in found
    message = next(f.message for f in errors(broken) if f.rule == "equipment_available")
    assert "lateral_band_walk_knees" in message and "band" in message


def test_level_too_high(program) -> None:
    broken = replace_item(program, 2, 1, 0, exercise="standing_cable_hip_abduction")
    rules = {f.rule for f in errors(broken)}
    assert {"experience_level", "equipment_available"} <= rules


def test_weekly_volume_out_of_range(program) -> None:
    first = program.weeks[0].sessions[0].items[0]
    assert (
        first.exercise == "side_lying_hip_abduction" and first.sets > 1
    )  # PRIMARY: 1 set = 1 hard set
    broken = replace_item(program, 1, 1, 0, sets=1)
    found = [f for f in hipdip.validate_program(broken, pm=PM) if f.rule == "weekly_volume"]
    expected = 8 - (first.sets - 1)  # week 1 of the ramp holds the minimum, 8
    assert len(found) == 1
    assert found[0].severity is Severity.WARNING  # below the range, ≥ 4: minimum dose
    assert found[0].message == (
        f"week 1: {expected} gluteus medius hard sets, outside 8–12 for a beginner "
        "(at least 4: fewer sets still grow muscle, just less)"
    )
    # Below 4 hard sets, or above the range, is an ERROR.
    emptied = program
    for day, session in enumerate(program.weeks[0].sessions, start=1):
        for index in range(len(session.items)):
            emptied = replace_item(emptied, 1, day, index, sets=1)
    low = [f for f in errors(emptied) if f.rule == "weekly_volume"]
    assert low and low[0].message.startswith("week 1: ")
    crowded = replace_item(program, 1, 1, 0, sets=20)
    assert [f.rule for f in errors(crowded) if f.rule == "weekly_volume"] == ["weekly_volume"]


def test_session_cap_and_time(program) -> None:
    broken = replace_item(program, 5, 1, 0, sets=11)
    rules = {f.rule for f in errors(broken)}
    assert {"session_volume", "session_time", "weekly_volume"} <= rules


def test_deload_spacing_volume_and_effort(program) -> None:
    weeks = tuple(attrs.evolve(w, deload=False) for w in program.weeks)
    no_deload = attrs.evolve(program, weeks=weeks)
    assert "deload" in {f.rule for f in errors(no_deload)}
    heavy_deload = replace_item(program, 6, 1, 0, sets=4, rir=1)
    messages = [f.message for f in errors(heavy_deload) if f.rule == "deload"]
    assert any("more than 60 %" in m for m in messages)
    assert any("RIR 1 in a deload week" in m for m in messages)


def test_numbering(program) -> None:
    week = program.weeks[0]
    gap = attrs.evolve(
        week, sessions=(week.sessions[0], attrs.evolve(week.sessions[1], day=3), week.sessions[2])
    )
    broken = attrs.evolve(program, weeks=(gap, *program.weeks[1:]))
    assert "numbering" in {f.rule for f in errors(broken)}
    short = attrs.evolve(
        program, weeks=(attrs.evolve(week, sessions=week.sessions[:2]), *program.weeks[1:])
    )
    assert any(f.rule == "numbering" and "2 sessions" in f.message for f in errors(short))
    swapped = attrs.evolve(program, weeks=(program.weeks[1], program.weeks[0], *program.weeks[2:]))
    assert any(f.rule == "numbering" for f in errors(swapped))


def test_core_block_warning_for_high_tilt(program) -> None:
    tilted = attrs.evolve(program, profile=attrs.evolve(program.profile, posture=Posture(25)))
    warnings = [f for f in hipdip.validate_program(tilted, pm=PM) if f.rule == "core_block"]
    assert warnings and all(f.severity is Severity.WARNING for f in warnings)
    planned = hipdip.plan_program(tilted.profile, weeks=8, pm=PM)
    assert not [f for f in hipdip.validate_program(planned, pm=PM) if f.rule == "core_block"]


def test_hand_made_program_checked() -> None:
    item = Prescription("side_lying_hip_abduction", sets=4, dose=Reps(10, 20), rir=2)
    sessions = tuple(Session(week=1, day=d, items=(item,)) for d in (1, 2))
    program = hipdip.Program(
        weeks=(Week(1, sessions),), scheme="linear", profile=_profile(days_per_week=2)
    )
    assert errors(program) == []
    assert hipdip.validate_program(program, pm=PM) == hipdip.validate_program(program, pm=PM)


def test_validate_program_rejects_non_programs() -> None:
    with pytest.raises(hipdip.ValidationError, match="program"):
        hipdip.validate_program("not a program", pm=PM)  # type: ignore[arg-type]
