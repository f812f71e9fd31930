"""progress() builds its updated program from checked parts without re-running validators.

What it builds that way must be exactly what the constructors would build:
every model in the updated program equals a copy made by its constructor
(all checks run), and the program survives a JSON round trip.
"""

from __future__ import annotations

import attrs
import pytest

import hipdip
from hipdip import Prescription, Program, Session, Week, io
from hipdip.examples import example_log, example_profile
from hipdip.models._unchecked import unchecked
from hipdip.plugins import make_plugin_manager
from hipdip.testing.simulate import Lifter, simulate

PM = make_plugin_manager(entry_points=False)


def _checked_copy(program: Program) -> Program:
    """``program`` rebuilt by the constructors, every check run (attrs.evolve calls ``__init__``)."""
    weeks = tuple(
        attrs.evolve(
            week,
            sessions=tuple(
                attrs.evolve(session, items=tuple(attrs.evolve(item) for item in session.items))
                for session in week.sessions
            ),
        )
        for week in program.weeks
    )
    return attrs.evolve(program, weeks=weeks)


def _assert_as_constructed(program: Program) -> None:
    assert _checked_copy(program) == program
    assert io.loads(io.dumps(program), Program) == program
    for week in program.weeks:
        assert type(week) is Week
        for session in week.sessions:
            assert type(session) is Session
            assert type(session.items) is tuple
            assert all(type(item) is Prescription for item in session.items)


@pytest.mark.parametrize(
    ("lifter", "scheme", "minutes"),
    [
        (Lifter.responder(seed=3), "linear", 45),
        (Lifter.stalling(after_week=3, seed=4), "dup", 30),
        (Lifter.slow(seed=5), "block", 20),
    ],
)
def test_the_updated_program_is_what_the_constructors_build(
    lifter: Lifter, scheme: str, minutes: int
) -> None:
    profile = attrs.evolve(example_profile(), session_minutes=minutes)
    sim = simulate(profile, weeks=6, lifter=lifter, scheme=scheme, pm=PM)
    assert sim.decisions  # something was progressed
    assert sim.program != sim.planned  # and carried into later sessions
    _assert_as_constructed(sim.program)
    for cut in (1, len(sim.log.sessions) // 2):
        log = hipdip.TrainingLog(sim.log.sessions[:cut])
        _assert_as_constructed(hipdip.progress(sim.planned, log, pm=PM).program)


def test_one_logged_session_changes_later_sessions_only() -> None:
    program = hipdip.plan_program(example_profile(), weeks=4, pm=PM)
    result = hipdip.progress(program, example_log(program), pm=PM)
    _assert_as_constructed(result.program)
    assert result.program.weeks[0].sessions[0] is program.weeks[0].sessions[0]


def test_unchecked_refuses_models_with_their_own_checks() -> None:
    with pytest.raises(TypeError, match="__attrs_post_init__"):
        unchecked(hipdip.Reps)
    make = unchecked(Week)
    assert make is unchecked(Week)  # one builder per class
    week = make(1, (), False)
    assert week == Week(1, ())
    with pytest.raises(TypeError, match="missing 1 required positional argument"):
        make(1, ())  # every field's value, no defaults


def test_equal_items_in_distinct_objects_progress_the_same() -> None:
    """Later prescriptions equal in value are derived once; each session keeps its own objects."""
    sim = simulate(example_profile(), weeks=4, lifter=Lifter.responder(seed=8), pm=PM)
    copy = io.loads(io.dumps(sim.planned), Program)  # a new object for every item
    assert copy == sim.planned
    for cut in (1, 3, len(sim.log.sessions)):
        log = hipdip.TrainingLog(sim.log.sessions[:cut])
        mine, theirs = hipdip.progress(copy, log, pm=PM), hipdip.progress(sim.planned, log, pm=PM)
        assert mine == theirs
        _assert_as_constructed(mine.program)
        for new_week, old_week in zip(mine.program.weeks, copy.weeks, strict=True):
            for new, old in zip(new_week.sessions, old_week.sessions, strict=True):
                for after, before in zip(new.items, old.items, strict=True):
                    assert after is before or after != before  # unchanged items are the copy's own
