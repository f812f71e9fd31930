"""Cold start: a fresh process that plans and renders the example program, beside ``import attrs``.

Run from the repository root::

    python benchmarks/bench_cold_start.py              # 15 fresh processes per side
    python benchmarks/bench_cold_start.py --from-source --runs 9

Each run starts a new interpreter. The hipdip side imports hipdip, makes the
default plugin manager (built-ins plus whatever is installed under the
``hipdip`` entry-point group, as a user's first ``plan_program`` does),
builds the catalogue, plans ``hipdip.examples.example_profile()`` and renders
it with ``hipdip.render.to_markdown``; the other side only does ``import
attrs``. Printed: the median and best of the time inside each process (from
the first import to the end; CPU time, so other work on a shared machine
weighs less) and of the whole process's wall time (interpreter start-up
included, the same on both sides), then the hipdip side's phases in the run
closest to its median. Issue 19 asks for hipdip ≤ attrs + 40 ms with no
plugins installed.

By default the children may write and use bytecode caches (a warm-up run
writes hipdip's), as for an installed wheel. ``--from-source`` copies the
package to a temporary folder and runs it with ``PYTHONDONTWRITEBYTECODE=1``
so that hipdip is compiled from source in every process, as an editable
checkout is on a machine that sets that variable. Numbers, not assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ATTRS = """
import json, time
start = time.process_time()
import attrs
print(json.dumps({"total": time.process_time() - start}))
"""

HIPDIP = """
import json, time
clock = time.process_time
marks = [clock()]
import hipdip, hipdip.examples, hipdip.plugins, hipdip.render
profile = hipdip.examples.example_profile()
marks.append(clock())
pm = hipdip.plugins.get_plugin_manager()
marks.append(clock())
hipdip.catalog(pm)
marks.append(clock())
program = hipdip.plan_program(profile)
marks.append(clock())
hipdip.render.to_markdown(program)
marks.append(clock())
names = ("import + example profile", "plugin manager", "catalogue", "plan", "render")
phases = {name: b - a for name, a, b in zip(names, marks, marks[1:])}
builtin = set(hipdip.plugins.BUILTIN_PLUGINS)
plugins = [name for name, _ in pm.list_name_plugin() if name not in builtin]
print(json.dumps({"total": marks[-1] - marks[0], "phases": phases, "plugins": plugins}))
"""


@dataclass
class Run:
    total: float  # seconds of CPU inside the process, from the first import to the end
    wall: float  # seconds of wall time of the whole process
    phases: dict[str, float]
    plugins: list[str]


def run(code: str, env: dict[str, str]) -> Run:
    """One fresh interpreter running ``code``."""
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    ).stdout
    wall = time.perf_counter() - start
    report = json.loads(out)
    return Run(report["total"], wall, report.get("phases", {}), report.get("plugins", []))


def summary(name: str, runs: list[Run]) -> tuple[float, float]:
    """Print and return the medians (ms) of the in-process and whole-process times."""
    totals = [r.total * 1000 for r in runs]
    walls = [r.wall * 1000 for r in runs]
    print(
        f"{name:<30} in process: median {statistics.median(totals):6.1f} ms,"
        f" best {min(totals):6.1f} ms | whole process: median {statistics.median(walls):6.1f} ms,"
        f" best {min(walls):6.1f} ms"
    )
    return statistics.median(totals), statistics.median(walls)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="fresh processes per side")
    parser.add_argument(
        "--from-source", action="store_true", help="compile hipdip from source in every process"
    )
    args = parser.parse_args(argv)

    env = {key: value for key, value in os.environ.items() if not key.startswith("HIPDIP_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        if args.from_source:
            import hipdip

            shutil.copytree(
                Path(hipdip.__file__).parent,
                Path(tmp, "hipdip"),
                ignore=shutil.ignore_patterns("__pycache__"),
            )
            env["PYTHONPATH"] = os.pathsep.join([tmp, env.get("PYTHONPATH", "")])
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        run(HIPDIP, env)  # warm-up: bytecode caches (unless --from-source), file system
        attrs_runs, hipdip_runs = [], []
        for _ in range(args.runs):  # interleaved, so a busy moment hits both sides
            attrs_runs.append(run(ATTRS, env))
            hipdip_runs.append(run(HIPDIP, env))

    print(
        f"{sys.implementation.name} {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
        f"{args.runs} runs a side, bytecode {'compiled each run' if args.from_source else 'cached'}"
        f", installed hipdip plugins: {', '.join(hipdip_runs[0].plugins) or 'none'}"
    )
    attrs_ms, attrs_wall = summary("import attrs", attrs_runs)
    hipdip_ms, hipdip_wall = summary("hipdip import + plan + render", hipdip_runs)
    print(
        f"hipdip - attrs: {hipdip_ms - attrs_ms:+.1f} ms in process, "
        f"{hipdip_wall - attrs_wall:+.1f} ms whole process "
        "(medians; issue 19's goal: ≤ +40 ms with no plugins installed)"
    )
    median = statistics.median(r.total for r in hipdip_runs)
    typical = min(hipdip_runs, key=lambda r: abs(r.total - median))
    for phase, seconds in typical.phases.items():
        print(f"  {phase:<26} {seconds * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
