"""The report of an 8-week program with a full log: how long `hipdip report` takes, and where.

Run from the repository root (needs the charts extra for the SVG rows)::

    pip install -e ".[charts]"
    python benchmarks/bench_report.py

The program is the example profile's 8 weeks × 3 days; the log is a virtual
responder's, every one of the 24 sessions logged (6 exercises, 7 charts
with the weekly volume). Each in-process row is the median of repeated runs
after a warm-up call, in CPU time of the process (``time.process_time``,
which counts vl-convert's renderer thread too) and in wall time; the
fresh-process rows are the best of 3. Goal (issue 20): the report without
PNG in ≤ 200 ms. Numbers, not assertions.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("HIPDIP_DISABLE_PLUGIN_AUTOLOAD", "1")

GOAL_MS = 200.0


def timed(function: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median (CPU ms, wall ms) of ``repeat`` calls after one warm-up call."""
    function()
    cpu, wall = [], []
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        function()
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
    return statistics.median(cpu), statistics.median(wall)


def fresh(argv: list[str], runs: int = 3) -> float:
    """Best wall ms of ``runs`` fresh processes."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        best = min(best, (time.perf_counter() - start) * 1000)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="timed calls per row (default 15)")
    args = parser.parse_args()

    from hipdip import charts
    from hipdip.examples import example_profile
    from hipdip.io import dumps
    from hipdip.plugins import make_plugin_manager
    from hipdip.render import to_markdown
    from hipdip.report import markdown_to_html, to_html
    from hipdip.testing.simulate import Lifter, simulate

    pm = make_plugin_manager(entry_points=False)
    sim = simulate(example_profile(), weeks=8, lifter=Lifter.responder(seed=1), pm=pm)
    program, log = sim.planned, sim.log
    exercises = sim.exercises()
    try:
        import vl_convert  # noqa: F401

        have_extra = True
    except ImportError:
        have_extra = False

    def specs() -> list[dict[str, object]]:
        out = [charts.weekly_volume(program, log, pm=pm)]
        out += [charts.progress_chart(log, e, pm=pm) for e in exercises]
        return out

    built = specs()
    rows: list[tuple[str, float | None, float | None, str]] = []

    def row(name: str, function: Callable[[], object], note: str = "") -> None:
        cpu, wall = timed(function, args.repeat)
        rows.append((name, cpu, wall, note))

    row("7 chart specs (dicts)", specs, f"{len(built)} specs")
    row("muscle map (SVG)", lambda: charts.muscle_map(program, pm=pm))
    row(
        "Markdown → HTML (program)",
        lambda: markdown_to_html(to_markdown(program, pm=pm)),
        "to_markdown included",
    )
    row("report without charts", lambda: to_html(program, log=log, pm=pm, charts=False))
    if have_extra:
        row("to_svg × 7", lambda: [charts.to_svg(s) for s in built])
        row("report (HTML, SVG charts)", lambda: to_html(program, log=log, pm=pm), "goal ≤ 200 ms")
        row("to_png × 7 (not in the report)", lambda: [charts.to_png(s) for s in built])
    with tempfile.TemporaryDirectory() as folder:
        program_file = Path(folder) / "program.json"
        log_file = Path(folder) / "log.json"
        program_file.write_text(dumps(program), encoding="utf-8")
        log_file.write_text(dumps(log), encoding="utf-8")
        out = str(Path(folder) / "report.html")
        command = [sys.executable, "-m", "hipdip", "report", str(program_file)]
        command += ["--log", str(log_file), "-o", out]
        rows.append(("hipdip report, fresh process", None, fresh(command), "best of 3, wall"))
        baseline = [sys.executable, "-c", "import hipdip"]
        rows.append(("python -c 'import hipdip'", None, fresh(baseline), "best of 3, wall"))

    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':<{width}}  {'CPU ms':>8}  {'wall ms':>8}  note")
    for name, cpu, wall, note in rows:
        cpu_text = "" if cpu is None else f"{cpu:8.1f}"
        wall_text = "" if wall is None else f"{wall:8.1f}"
        print(f"{name:<{width}}  {cpu_text:>8}  {wall_text:>8}  {note}")
    if not have_extra:
        print('\nno charts extra: pip install "hipdip[charts]" for the SVG and PNG rows')
    print(
        f"\n{len(log.sessions)} logged sessions, {len(exercises)} exercises; goal ≤ {GOAL_MS:g} ms"
    )


if __name__ == "__main__":
    main()
