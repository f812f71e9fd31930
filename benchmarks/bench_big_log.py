"""The largest documents ``hipdip progress`` accepts: time and memory (issue 15).

Run: ``python benchmarks/bench_big_log.py``. Each case runs in a fresh
process that reads a program and a training log from disk and does what
``hipdip progress program.json log.json`` does (decode both documents, check
them, replay the log, write the result) — the cases with a plugin cannot go
through the console script, so the child calls the same functions. The
parent prints the child's wall and CPU time, its peak resident memory, and
that peak above the child's baseline (Python, hipdip and the catalogue
loaded) beside the documents' size. Issue 15's target: ≤ 2 s and ≤ 10× the
documents' size for any accepted document. Numbers, not assertions.

Cases (every document inside every cap: ≤ 16 MiB, ≤ 10,000 logged sessions):

``duplicates``
    16 MiB of the example program's sessions logged over and over: all but
    the first are "logged twice" (the error lines stop at 50).
``not-in-program``
    16 MiB of sessions the program does not have.
``widest-valid``
    a valid program as wide as the program rules allow — 52 weeks of 6
    sessions of 30 exercises (29 of them from a plugin and worth no gluteus
    medius volume, so the weekly volume stays in range) — and a log of every
    exercise of every session with 20 sets each: the longest replay.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("HIPDIP_DISABLE_PLUGIN_AUTOLOAD", "1")

LIMIT = 16 * 1024 * 1024
CASES = ("duplicates", "not-in-program", "widest-valid")
#: Exercises the plugin of ``widest-valid`` adds (no gluteus medius credit).
FILLERS = 29


def filler_plugin() -> object:
    import hipdip
    from hipdip import Exercise, MuscleTarget, Role

    class Fillers:
        @hipdip.hookimpl
        def hipdip_register_exercises(self, register: Callable[[Exercise], None]) -> None:
            for index in range(FILLERS):
                register(
                    Exercise(
                        id=f"bench_filler_{index}",
                        name=f"Filler {index}",
                        targets=(MuscleTarget("gluteus_maximus", Role.PRIMARY),),
                        pattern="hip_extension",
                        position="supine",
                    )
                )

    return Fillers()


def widest_program() -> object:
    """52 weeks × 6 days × 30 items, every program rule passing."""
    from hipdip import (
        Band,
        BodyComposition,
        Bodyweight,
        Prescription,
        Profile,
        Program,
        Reps,
        Session,
        Week,
    )

    profile = Profile(
        sex="female",
        age=30,
        body=BodyComposition(65, 165),
        experience="advanced",
        equipment={"band"},
        days_per_week=6,
        session_minutes=120,
    )
    weeks = []
    for index in range(1, 53):
        deload = index % 6 == 0
        main = Prescription(
            "banded_clamshell",
            1 if deload else 3,
            Reps(10, 20),
            Band("light", "thighs"),
            rir=3 if deload else 2,
        )
        fillers = tuple(
            Prescription(
                f"bench_filler_{i}",
                1,
                Reps(1, 2),
                Bodyweight(),
                rir=3,
                rest_seconds=0,
                tempo="1-0-1-0",
            )
            for i in range(FILLERS)
        )
        sessions = tuple(Session(index, day, (main, *fillers)) for day in range(1, 7))
        weeks.append(Week(index, sessions, deload))
    return Program(tuple(weeks), "linear", profile)


def log_text(program: object, *, repeat: bool, shift_week: int = 0, seed: int = 15) -> str:
    """Every exercise of the sessions of ``program`` logged with 20 varied sets, up to 16 MiB."""
    import hipdip
    from hipdip.io import to_dict

    assert isinstance(program, hipdip.Program)
    rng = random.Random(seed)
    sessions = program.sessions
    parts: list[str] = []
    size, count = 30, 0
    while count < 10_000 and (repeat or count < len(sessions)):
        session = sessions[count % len(sessions)]
        exercises = []
        for item in session.items:
            load = to_dict(item.load)
            if isinstance(item.dose, hipdip.Hold):
                sets = [{"hold_seconds": rng.randint(10, 60), "load": load} for _ in range(20)]
            else:
                low, high = item.dose.low, item.dose.high
                sets = [
                    {"reps": rng.randint(low, high), "load": load, "rir": rng.randint(1, 4)}
                    for _ in range(20)
                ]
            exercises.append({"exercise": item.exercise, "sets": sets})
        week = session.week + shift_week
        text = json.dumps({"week": week, "day": session.day, "exercises": exercises})
        if size + len(text) + 2 > LIMIT:
            break
        parts.append(text)
        size += len(text) + 2
        count += 1
    return '{"sessions": [' + ", ".join(parts) + "]}"


def make_files(case: str, folder: Path) -> tuple[Path, Path]:
    from hipdip.examples import example_program
    from hipdip.io import dumps

    if case == "widest-valid":
        program = widest_program()
        log = log_text(program, repeat=False)
    else:
        program = example_program()
        log = log_text(program, repeat=True, shift_week=0 if case == "duplicates" else 40)
    program_path, log_path = folder / f"{case}-program.json", folder / f"{case}-log.json"
    program_path.write_text(dumps(program), encoding="utf-8")
    log_path.write_text(log, encoding="utf-8")
    return program_path, log_path


def child(case: str, program_path: str, log_path: str) -> None:
    """What ``hipdip progress`` does, in this process; prints the baseline memory first."""
    import hipdip
    from hipdip import Program, TrainingLog
    from hipdip.io import dumps, loads
    from hipdip.plugins import make_plugin_manager

    plugins = [filler_plugin()] if case == "widest-valid" else []
    pm = make_plugin_manager(entry_points=False, plugins=plugins)
    hipdip.catalog(pm)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
    try:
        program = loads(Path(program_path).read_bytes(), Program)
        log = loads(Path(log_path).read_bytes(), TrainingLog)
        result = hipdip.progress(program, log, pm=pm)
    except hipdip.ValidationError as exc:
        print(f"refused: {len(exc.errors)} error lines", flush=True)
        return
    dumps(result)
    print(f"accepted: {len(result.decisions)} decisions", flush=True)


def measure(case: str, folder: Path) -> dict[str, object]:
    program_path, log_path = make_files(case, folder)
    size = program_path.stat().st_size + log_path.stat().st_size
    command = [sys.executable, __file__, "--child", case, str(program_path), str(log_path)]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    assert process.stdout is not None
    baseline_kb, outcome = process.stdout.read().splitlines()
    if status != 0:  # pragma: no cover - a benchmark that broke
        raise SystemExit(f"{case}: the child failed ({status})")
    peak = usage.ru_maxrss * 1024
    return {
        "case": case,
        "MiB": size / 2**20,
        "outcome": outcome,
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_MiB": peak / 2**20,
        "above_baseline_x": (peak - int(baseline_kb) * 1024) / size,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=3, metavar=("CASE", "PROGRAM", "LOG"))
    parser.add_argument("--case", choices=CASES, action="append")
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory() as folder:
        print(
            f"{'case':<16} {'documents':>10} {'wall':>7} {'CPU':>7} {'peak RSS':>9} "
            f"{'peak above baseline':>20}  outcome"
        )
        for case in args.case or CASES:
            row = measure(case, Path(folder))
            print(
                f"{row['case']:<16} {row['MiB']:>6.1f} MiB {row['wall_s']:>6.2f}s "
                f"{row['cpu_s']:>6.2f}s {row['peak_MiB']:>5.0f} MiB "
                f"{row['above_baseline_x']:>12.1f}× size  {row['outcome']}"
            )


if __name__ == "__main__":
    main()
