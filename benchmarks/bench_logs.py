"""Benchmark: reading a 10,000-row Strong CSV export, writing it back, placing it on a program.

Run as a script (prints median ms)::

    python benchmarks/bench_logs.py

The export is made up here (no app's file is copied): 10,000 set rows of
catalogue exercises over ~830 workouts, with warm-up, drop, failure and rest
timer rows, RPE on some sets and a plank timed in seconds — the quirks the
reader handles. Target (issue 18): reading it ≤ 0.5 s. Numbers, not timed
assertions.
"""

from __future__ import annotations

import datetime
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from hipdip.examples import example_program
from hipdip.logs import assign, read_log, write_log
from hipdip.plugins import make_plugin_manager

ROWS = 10_000
HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
    "Notes,Workout Notes,RPE"
)


def strong_export(rows: int = ROWS, seed: int = 18) -> str:
    """A Strong-style CSV of ``rows`` set rows (plus rest-timer rows), in date order."""
    rng = random.Random(seed)
    exercises = [
        ("Side-lying hip abduction with ankle weight", 1.0),
        ("Banded clamshell", 0.0),
        ("Lateral band walk, band at the knees", 0.0),
        ("Standing cable hip abduction", 7.5),
        ("Plank", 0.0),
        ("Bench Press (Barbell)", 60.0),
    ]
    lines = [HEADER]
    day = datetime.datetime(2020, 1, 6, 18, 0)
    made = 0
    while made < rows:
        stamp = day.strftime("%Y-%m-%d %H:%M:%S")
        for name, kg in rng.sample(exercises, 3):
            orders = ["W", "1", "2", "3"] + (["D"] if rng.random() < 0.2 else [])
            orders += ["F"] if rng.random() < 0.1 else []
            for order in orders:
                if made == rows:
                    break
                quoted = f'"{name}"'
                if name == "Plank":
                    cells = f"{order},0,0,0,{rng.randint(20, 60)}"
                else:
                    cells = f"{order},{kg},{rng.randint(8, 20)},0,0"
                rpe = str(rng.choice((7, 7.5, 8, 8.5, 9))) if rng.random() < 0.5 else ""
                lines.append(f'{stamp},"Hips",1h 5m,{quoted},{cells},,,{rpe}')
                made += 1
            lines.append(f'{stamp},"Hips",1h 5m,"{name}",Rest Timer,0,0,0,90,,,')
        day += datetime.timedelta(days=rng.choice((2, 2, 3, 4)))
    return "\n".join(lines) + "\n"


def median_ms(call: Callable[[], Any], repeat: int = 7) -> float:
    call()  # warm-up: catalogue, name index
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    pm = make_plugin_manager(entry_points=False)
    text = strong_export()
    imported = read_log(text, pm=pm)
    report = imported.report
    print(
        f"export: {ROWS:,} set rows + rest timers = {report.rows:,} rows "
        f"({len(text) / 1e6:.1f} MB); {report.used:,} sets in {report.sessions} sessions"
    )
    read_ms = median_ms(lambda: read_log(text, pm=pm))
    print(f"read_log, strong_csv: {read_ms:8.1f} ms   (target ≤ 500 ms)")
    log = imported.log
    write_ms = median_ms(lambda: write_log(log, format="strong_csv", pm=pm))
    print(f"write_log, strong_csv: {write_ms:7.1f} ms")
    program = example_program()
    assign_ms = median_ms(lambda: assign(program, log, pm=pm))
    print(f"assign to an 8-week program: {assign_ms:6.1f} ms")


if __name__ == "__main__":
    main()
