"""How long ``import hipdip`` takes next to ``import attrs``, in fresh interpreters.

Run with ``python benchmarks/bench_import.py [--runs N]``. Each measurement
starts a new interpreter (so nothing is cached in ``sys.modules``) and times
the import statement alone with ``time.perf_counter``; the best of N runs
(default 5) is printed for each module, with the difference. DESIGN.md asks
for hipdip to cost at most ~10 ms more than attrs; this script only reports
numbers, it asserts nothing.

It also prints how many modules each import loads and whether importing
hipdip pulled in pluggy, cattrs or importlib.metadata (it should not: they
load on first use of the plugin system, the JSON layer or entry points).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

PROBE = """
import sys, time, json
before = set(sys.modules)
start = time.perf_counter()
import {module}
elapsed = time.perf_counter() - start
loaded = set(sys.modules) - before
heavy = sorted(m for m in loaded if m.split(".")[0] in ("pluggy", "cattrs")
               or m in ("importlib.metadata", "importlib_metadata"))
print(json.dumps({{"seconds": elapsed, "modules": len(loaded), "heavy": heavy}}))
"""


def measure(module: str, runs: int) -> dict[str, object]:
    """The best of ``runs`` fresh-interpreter imports of ``module``."""
    results = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", PROBE.format(module=module)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        results.append(json.loads(out))
    best = min(results, key=lambda r: r["seconds"])
    return {"module": module, "runs": runs, **best}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="interpreters per module (best of)")
    args = parser.parse_args(argv)
    measure("hipdip", 1)  # warm the bytecode caches once
    attrs = measure("attrs", args.runs)
    hipdip = measure("hipdip", args.runs)
    for row in (attrs, hipdip):
        print(
            f"import {row['module']:<7} best of {row['runs']}: "
            f"{row['seconds'] * 1000:7.2f} ms  ({row['modules']} modules)"
        )
    extra = (hipdip["seconds"] - attrs["seconds"]) * 1000  # type: ignore[operator]
    print(f"hipdip - attrs: {extra:+.2f} ms")
    print(f"heavy modules loaded by import hipdip: {hipdip['heavy'] or 'none'}")


if __name__ == "__main__":
    main()
