"""The tables of "How hipdip coaches": virtual lifters trained by the engine, week by week.

Pure Python (no Sphinx): :mod:`hipdip_sphinx` turns these rows into tables at
build time, so the page always shows what the code does now.
"""

from __future__ import annotations

from collections.abc import Callable

Row = tuple[str, ...]
HEADERS: Row = ("Week", "Exercise", "Load", "Best set", "Decision (last of the week)")


def lifters() -> dict[str, Callable[[], list[Row]]]:
    """Every table of the page: name → function returning its rows."""
    return {"responder": responder, "stalling": stalling}


def rows(name: str) -> list[Row]:
    return lifters()[name]()


def _profile() -> object:
    from hipdip import BodyComposition, Profile

    return Profile(
        sex="female",
        age=30,
        body=BodyComposition(weight_kg=65, height_cm=165),
        experience="beginner",
        equipment=frozenset({"band", "ankle_weights"}),
        days_per_week=3,
        session_minutes=45,
    )


def responder() -> list[Row]:
    from hipdip.testing.simulate import Lifter

    return _table(Lifter.responder(seed=0), weeks=16)


def stalling() -> list[Row]:
    from hipdip.testing.simulate import Lifter

    return _table(Lifter.stalling(after_week=6, seed=0), weeks=16)


def _table(lifter: object, *, weeks: int) -> list[Row]:
    """The first exercise of week 1 and the ladder it climbs, one row per week."""
    from hipdip import catalog
    from hipdip.ladders import ladders
    from hipdip.loads import describe_load
    from hipdip.plugins import make_plugin_manager
    from hipdip.testing.simulate import simulate

    pm = make_plugin_manager(entry_points=False)
    cat = catalog(pm)
    sim = simulate(_profile(), weeks=weeks, lifter=lifter, pm=pm)  # type: ignore[arg-type]
    lineage = ladders(cat).group(sim.planned.weeks[0].sessions[0].items[0].exercise)
    deloads = {w.index for w in sim.planned.weeks if w.deload}
    out: list[Row] = []
    for week in range(1, weeks + 1):
        mine = [d for d in sim.decisions if d.week == week]
        mine = [d for d in mine if ladders(cat).group(d.decision.before.exercise) == lineage]
        if not mine:
            continue
        last = mine[-1]
        before = last.decision.before
        exercise = cat.exercises[before.exercise]
        sets = [
            result
            for session in sim.log.sessions
            if (session.week, session.day) == (last.week, last.day)
            for entry in session.exercises
            if entry.exercise == before.exercise
            for result in entry.sets
        ]
        best = max(sets, key=lambda r: (r.reps or 0) + (r.rir or 0))
        label = f"{week} (deload)" if week in deloads else str(week)
        out.append(
            (
                label,
                exercise.name,
                describe_load(before.load, exercise),
                f"{best.reps} reps at RIR {best.rir}",
                f"{last.decision.action.value.replace('_', ' ')} ({last.decision.rule})",
            )
        )
    return out
