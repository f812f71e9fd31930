"""hipdip's benchmarks: one table of timings (median µs), with DESIGN §8's goals beside them.

Run from the repository root::

    python benchmarks/run.py               # everything (~1 min the first time)
    python benchmarks/run.py --profiles 1000 --no-streprogen   # quicker

Numbers, not assertions: the goals are measured here and never asserted in
the unit tests. Each row is the median over several repeats of a timed loop
(garbage collection on, as in real use), after a warm-up call, so caches
(catalogue, JSON converter) are built — the cost of a fresh process is its
own row. Times are CPU time of the process (``time.process_time``), so other
work on a shared machine does not inflate them; fresh-process rows are the
best of 5.

The streprogen comparison (an 8-week, 3-day program built and rendered in
each) needs streprogen (GPL-3.0; only installed and run, never copied). It is
used from this interpreter if importable, else from ``--streprogen-python``,
else from a virtualenv this script makes under ``~/.cache/hipdip-bench``
with ``pip install streprogen``; if that fails the row is skipped with a note.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import time
import timeit
import venv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hipdip import Profile, Program, TrainingLog

HERE = Path(__file__).resolve().parent
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "hipdip-bench"


@dataclass
class Row:
    name: str
    median_us: float | None
    per_unit: str = ""
    goal: str = ""
    verdict: str = ""


#: The clock: CPU time of this process, so other processes on a shared machine
#: do not inflate the numbers (the code timed is single-threaded and CPU-bound).
clock = time.process_time


def median_us(
    func: Callable[[], object], *, loop_seconds: float = 0.02, repeats: int = 15
) -> float:
    """Median µs per call over ``repeats`` loops of about ``loop_seconds`` each."""
    func()  # warm-up
    number = 1
    while True:
        start = clock()
        for _ in range(number):
            func()
        if clock() - start >= loop_seconds or number >= 1_000_000:
            break
        number *= 2
    samples = []
    gc.collect()
    for _ in range(repeats):
        start = clock()
        for _ in range(number):
            func()
        samples.append((clock() - start) / number)
    return statistics.median(samples) * 1e6


def fresh_import_us(module: str, *, then: str = "", best_of: int = 5) -> float:
    """Best-of-``best_of`` time of ``import module`` (and ``then``) in a fresh interpreter, in µs."""
    code = (
        "import time; start = time.process_time(); "
        f"import {module}; {then or 'pass'}; print((time.process_time() - start) * 1e6)"
    )
    times = []
    for _ in range(best_of):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        times.append(float(out))
    return min(times)


def fresh_first_plan_us(*, best_of: int = 5) -> float:
    """``import hipdip`` + the first plan and render in a fresh process (catalogue built)."""
    code = (
        "import time; start = time.process_time(); import hipdip; "
        "from hipdip.examples import example_profile; from hipdip.render import to_markdown; "
        "to_markdown(hipdip.plan_program(example_profile())); "
        "print((time.process_time() - start) * 1e6)"
    )
    env = {**os.environ, "HIPDIP_DISABLE_PLUGIN_AUTOLOAD": "1"}
    times = []
    for _ in range(best_of):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
        ).stdout
        times.append(float(out))
    return min(times)


def random_profiles(count: int, seed: int = 20240601) -> list[Profile]:
    """``count`` random valid profiles (seeded: the same list every run)."""
    from bench_batch import plausible_body

    import hipdip
    from hipdip.builtin.exercises import EQUIPMENT

    rng = random.Random(seed)
    kit = sorted(EQUIPMENT)
    profiles = []
    for _ in range(count):
        height = round(rng.uniform(150, 195), 1)
        weight = round(rng.uniform(45, 120), 1)
        fat = rng.choice([None, round(rng.uniform(12, 42), 1)])
        body = plausible_body(weight, height, fat)
        profiles.append(
            hipdip.Profile(
                sex=rng.choice(list(hipdip.Sex)),
                age=rng.randint(18, 70),
                body=body,
                experience=rng.choice(list(hipdip.Experience)),
                equipment=frozenset(e for e in kit if rng.random() < 0.4),
                days_per_week=rng.randint(2, 6),
                session_minutes=rng.choice([20, 30, 45, 60, 90]),
                activity=rng.choice(list(hipdip.ActivityLevel)),
                goal=rng.choice(list(hipdip.Goal)),
                posture=rng.choice([None, hipdip.Posture(round(rng.uniform(0, 30), 1))]),
            )
        )
    return profiles


def streprogen_python(explicit: str | None, *, install: bool) -> tuple[str | None, str]:
    """An interpreter with streprogen, and a note on where it came from (or why there is none)."""
    import importlib.util

    if explicit:
        return explicit, f"streprogen from {explicit}"
    if importlib.util.find_spec("streprogen") is not None:
        return sys.executable, "streprogen from this interpreter"
    env_dir = CACHE / "streprogen-venv"
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if python.exists() and _has_streprogen(python):
        return str(python), f"streprogen from {env_dir}"
    if not install:
        return None, "streprogen comparison skipped (--no-streprogen)"
    print(f"note: installing streprogen into {env_dir} for the comparison …", file=sys.stderr)
    try:
        venv.create(env_dir, with_pip=True, clear=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "streprogen"],
            check=True,
            capture_output=True,
            timeout=900,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return None, f"streprogen comparison skipped: streprogen is not installable here ({exc})"
    return str(python), f"streprogen installed into {env_dir}"


def _has_streprogen(python: Path) -> bool:
    result = subprocess.run(
        [str(python), "-c", "import streprogen"], capture_output=True, check=False
    )
    return result.returncode == 0


def run_streprogen(python: str) -> dict[str, object] | None:
    result = subprocess.run(
        [python, str(HERE / "_streprogen_bench.py")],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if result.returncode != 0:
        print(f"note: streprogen run failed: {result.stderr.strip()[-300:]}", file=sys.stderr)
        return None
    data: dict[str, object] = json.loads(result.stdout)
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=10_000, help="random profiles to plan")
    parser.add_argument("--no-streprogen", action="store_true", help="skip the comparison")
    parser.add_argument("--streprogen-python", help="an interpreter that has streprogen")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)

    os.environ.setdefault("HIPDIP_DISABLE_PLUGIN_AUTOLOAD", "1")  # built-ins only, as in CI
    import attrs

    import hipdip
    from hipdip.examples import example_log, example_profile
    from hipdip.render import to_markdown

    rows: list[Row] = []
    profile = example_profile()
    big_profile = attrs.evolve(profile, days_per_week=5, session_minutes=45)

    plan_8x3 = median_us(lambda: hipdip.plan_program(profile, weeks=8))
    rows.append(Row("plan_program, 8 weeks × 3 days", plan_8x3))
    rows.append(
        Row(
            "plan_program, 12 weeks × 5 days",
            median_us(lambda: hipdip.plan_program(big_profile, weeks=12)),
        )
    )
    program = hipdip.plan_program(profile, weeks=8)
    big = hipdip.plan_program(big_profile, weeks=12)
    items = sum(len(s.items) for s in program.sessions)
    big_items = sum(len(s.items) for s in big.sessions)
    render_8x3 = median_us(lambda: to_markdown(program))
    rows.append(
        Row("to_markdown, 8 × 3 program", render_8x3, f"{render_8x3 / items:.1f} µs/prescription")
    )
    render_big = median_us(lambda: to_markdown(big))
    rows.append(
        Row(
            "to_markdown, 12 × 5 program",
            render_big,
            f"{render_big / big_items:.1f} µs/prescription",
        )
    )
    both = median_us(lambda: to_markdown(hipdip.plan_program(profile, weeks=8)))
    rows.append(
        Row(
            "plan + render, 8 × 3 (example profile, core block)",
            both,
            f"{items} prescriptions",
            "≤ 1,000 µs",
            "met" if both <= 1000 else "not met",
        )
    )

    simple = hipdip.Profile(
        sex="female",
        age=30,
        experience="beginner",
        equipment={"band"},
        body=hipdip.BodyComposition(weight_kg=65, height_cm=165, body_fat_pct=28),
        session_minutes=30,
    )
    simple_items = sum(len(s.items) for s in hipdip.plan_program(simple).sessions)
    simple_both = median_us(lambda: to_markdown(hipdip.plan_program(simple, weeks=8)))
    rows.append(
        Row(
            "plan + render, 8 × 3, beginner with a band",
            simple_both,
            f"{simple_items} prescriptions",
            "≤ 1,000 µs",
            "met" if simple_both <= 1000 else "not met",
        )
    )

    item = program.sessions[0].items[0]
    results = [hipdip.SetResult(reps=item.dose.high, load=item.load, rir=item.rir)] * item.sets  # type: ignore[union-attr]
    rows.append(
        Row(
            "next_prescription, one step",
            median_us(lambda: hipdip.next_prescription(item, results)),
        )
    )

    log = _log_of(program, weeks=4)
    logged = sum(len(s.exercises) for s in log.sessions)
    step = median_us(lambda: hipdip.progress(program, log))
    rows.append(
        Row(
            f"progress, {logged} logged exercises",
            step,
            f"{step / logged:.1f} µs/exercise",
            "≤ 50 µs/exercise",
            "met" if step / logged <= 50 else "not met",
        )
    )
    small_log = example_log(program)
    small_logged = sum(len(s.exercises) for s in small_log.sessions)
    small = median_us(lambda: hipdip.progress(program, small_log))
    rows.append(
        Row(
            f"progress, {small_logged} logged exercises",
            small,
            f"{small / small_logged:.1f} µs/exercise",
            "≤ 50 µs/exercise",
            "met" if small / small_logged <= 50 else "not met",
        )
    )
    marginal = (step - small) / (logged - small_logged)
    rows.append(
        Row(
            "progress, each extra logged exercise",
            marginal,
            f"({step:,.0f} − {small:,.0f}) / {logged - small_logged}",
            "≤ 50 µs/exercise",
            "met" if marginal <= 50 else "not met",
        )
    )
    rows.append(simulate_row(profile))
    rows.append(decode_row())
    rows.extend(free_exercise_db_rows())
    rows.append(Row("nutrition_plan", median_us(lambda: hipdip.nutrition_plan(profile))))
    rows.append(Row("assess", median_us(lambda: hipdip.assess(profile))))

    attrs_us = fresh_import_us("attrs")
    hipdip_us = fresh_import_us("hipdip")
    rows.append(Row("import attrs, fresh process (best of 5)", attrs_us))
    extra = hipdip_us - attrs_us
    rows.append(
        Row(
            "import hipdip, fresh process (best of 5)",
            hipdip_us,
            f"{extra:+,.0f} µs vs attrs (names load lazily)",
            "≤ attrs + 10,000 µs",
            "met" if extra <= 10_000 else "not met",
        )
    )
    # The honest companion number: the first use of a model loads attrs and
    # every model class.
    models_us = fresh_import_us("hipdip", then="hipdip.Profile")
    rows.append(
        Row(
            "import hipdip + first model (hipdip.Profile)",
            models_us,
            f"{models_us - attrs_us:+,.0f} µs vs attrs",
        )
    )
    rows.append(
        Row("import + first plan + render, fresh process", fresh_first_plan_us(), "catalogue built")
    )

    profiles = random_profiles(args.profiles)
    failures = 0
    start = clock()
    for random_profile in profiles:
        try:
            hipdip.plan_program(random_profile)
        except hipdip.PlanningError:
            failures += 1
    total = (clock() - start) * 1e6
    rows.append(
        Row(
            f"plan {len(profiles):,} random profiles (total)",
            total,
            f"{total / len(profiles):,.0f} µs/profile; {failures:,} refused (PlanningError)",
        )
    )

    notes: list[str] = []
    if args.no_streprogen and not args.streprogen_python:
        notes.append("streprogen comparison skipped (--no-streprogen)")
    else:
        python, note = streprogen_python(args.streprogen_python, install=not args.no_streprogen)
        notes.append(note)
        data = run_streprogen(python) if python else None
        if data is not None:
            theirs = float(data["median_us"])  # type: ignore[arg-type]
            rows.append(
                Row(
                    f"streprogen {data['version']}: build + render 8 × 3, 5 exercises",
                    theirs,
                    f"hipdip plan + render is {theirs / both:,.0f}× faster",
                )
            )
        elif python:
            notes.append("streprogen comparison skipped: the streprogen run failed")

    _print(rows, notes)
    if args.json:
        args.json.write_text(
            json.dumps([row.__dict__ for row in rows] + [{"notes": notes}], indent=2) + "\n",
            encoding="utf-8",
        )
    return 0


def simulate_row(profile: Profile) -> Row:
    """A virtual responder trained for 24 weeks × 3 days, progress() after every session."""
    from hipdip.testing.simulate import Lifter, simulate

    def run() -> None:
        simulate(profile, weeks=24, lifter=Lifter.responder(seed=0))

    seconds = min(timeit.repeat(run, number=1, repeat=3))
    return Row(
        "simulate, 24 weeks × 3 days (responder)",
        seconds * 1e6,
        "72 sessions, progress() on the log so far after each",
        "≤ 1 s",
        "met" if seconds <= 1.0 else "not met",
    )


def free_exercise_db_rows() -> list[Row]:
    """The real free-exercise-db imported (873 entries), and a catalogue built with the plugin."""
    try:
        from bench_free_exercise_db import TARGET_MS, measure
    except ImportError:  # pragma: no cover - the plugin is not installed
        return [Row("free-exercise-db import (plugin not installed)", None)]
    r = measure()
    return [
        Row(
            f"free-exercise-db: import_file, all {r['entries']:.0f} entries",
            r["import_file_ms"] * 1000,
            f"{r['import_file_ms'] * 1000 / r['entries']:.1f} µs/entry; "
            f"json.load {r['json_load_ms'] * 1000:,.0f} µs",
            f"≤ {TARGET_MS * 1000:,.0f} µs",
            "met" if r["import_file_ms"] <= TARGET_MS else "not met",
        ),
        Row(
            "catalog(), built-ins + free-exercise-db plugin",
            r["catalog_with_plugin_ms"] * 1000,
            f"built-ins only {r['catalog_builtins_ms'] * 1000:,.0f} µs",
        ),
        Row("Catalog.find, one name", r["find_us"]),
    ]


def decode_row() -> Row:
    """``hipdip.io.loads`` of a 36,000-set log beside ``json.loads`` of the same text."""
    from bench_decode import measure

    result = measure(36_000)
    ratio = result["ratio"]
    return Row(
        f"io.loads, 36,000-set training log ({result['bytes'] / 1e6:.1f} MB)",
        result["hipdip_loads_s"] * 1e6,
        f"{ratio:.2f}× json.loads ({result['json_loads_s'] * 1e6:,.0f} µs)",
        "≤ 3× json.loads",
        "met" if ratio <= 3 else "not met",
    )


def _log_of(program: Program, *, weeks: int) -> TrainingLog:
    """Every prescription of the first ``weeks`` weeks logged in the middle of its range."""
    import hipdip

    sessions = []
    for session in program.sessions:
        if session.week > weeks:
            break
        exercises = []
        for item in session.items:
            dose = item.dose
            if isinstance(dose, hipdip.Hold):
                result = hipdip.SetResult(hold_seconds=dose.high_seconds, load=item.load)
            else:
                result = hipdip.SetResult(reps=(dose.low + dose.high) // 2, load=item.load, rir=2)
            exercises.append(hipdip.ExerciseLog(item.exercise, (result,) * item.sets))
        sessions.append(hipdip.SessionLog(session.week, session.day, tuple(exercises)))
    return hipdip.TrainingLog(tuple(sessions))


def _print(rows: list[Row], notes: list[str]) -> None:
    import platform

    import hipdip

    print(
        f"hipdip {hipdip.__version__} · Python {platform.python_version()} · "
        f"{platform.machine()} · {time.strftime('%Y-%m-%d')}"
    )
    print()
    header = ("benchmark", "median µs", "per unit", "goal (DESIGN §8)", "")
    table = [header] + [
        (
            row.name,
            "—" if row.median_us is None else f"{row.median_us:,.1f}",
            row.per_unit,
            row.goal,
            row.verdict,
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("| " + " | ".join("-" * w for w in widths) + " |")
    for line in table[1:]:
        cells = [
            cell.rjust(w) if i == 1 else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        ]
        print("| " + " | ".join(cells) + " |")
    for note in notes:
        print(f"\nnote: {note}")


if __name__ == "__main__":
    sys.exit(main())
