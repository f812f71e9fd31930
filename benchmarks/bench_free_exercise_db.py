"""Importing the real free-exercise-db (873 entries) and building the catalogue with it.

Run with ``python benchmarks/bench_free_exercise_db.py`` after
``pip install -e plugins/hipdip-free-exercise-db``. It reads the data set
the plugin's tests vendor verbatim
(``plugins/hipdip-free-exercise-db/tests/data/free-exercise-db/exercises.json``)
and prints, in CPU milliseconds (median of 15 runs after a warm-up, as
``run.py``):

- ``json.load`` of the file alone;
- ``import_file``: reading and converting all 873 entries (target ≤ 30 ms);
- ``convert`` of the already-parsed list (the plugin's own share);
- ``hipdip.catalog(pm)`` for a fresh plugin manager with the built-ins and
  the plugin on the file (the whole import inside the hook, the registry,
  every exercise registered and checked), beside the same without the plugin;
- ``Catalog.find`` of a name, once the catalogue has its name index.

Numbers, not assertions: nothing here runs in pytest.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = ROOT / "plugins" / "hipdip-free-exercise-db"
DATA = PLUGIN / "tests" / "data" / "free-exercise-db" / "exercises.json"
#: Target for importing all 873 entries (issue 17).
TARGET_MS = 30.0


def measure(path: Path = DATA) -> dict[str, float]:
    """Milliseconds for each step (see the module docs)."""
    import hipdip_free_exercise_db
    from hipdip_free_exercise_db import convert, import_file
    from run import median_us

    import hipdip
    from hipdip.plugins import make_plugin_manager

    text = path.read_text(encoding="utf-8")
    data = json.loads(text)

    def catalogue(with_plugin: bool) -> None:
        plugins = [hipdip_free_exercise_db] if with_plugin else []
        hipdip.catalog(make_plugin_manager(entry_points=False, plugins=plugins))

    hipdip_free_exercise_db.configure(path)
    try:
        results = {
            "json_load_ms": median_us(lambda: json.loads(text)) / 1000,
            "import_file_ms": median_us(lambda: import_file(path)) / 1000,
            "convert_ms": median_us(lambda: convert(data)) / 1000,
            "catalog_with_plugin_ms": median_us(lambda: catalogue(True)) / 1000,
            "catalog_builtins_ms": median_us(lambda: catalogue(False)) / 1000,
        }
    finally:
        hipdip_free_exercise_db.configure(None)
    cat = hipdip.catalog(make_plugin_manager(entry_points=False))
    cat.find("warm the index")
    results["find_us"] = median_us(lambda: cat.find("Hip Abduction (Machine)"))
    results["entries"] = float(len(data))
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="a free-exercise-db JSON file")
    args = parser.parse_args(argv)
    r = measure(args.data)
    verdict = "met" if r["import_file_ms"] <= TARGET_MS else "not met"
    print(f"free-exercise-db, {r['entries']:.0f} entries ({args.data.name})")
    print(f"  json.load of the file            {r['json_load_ms']:7.2f} ms")
    print(
        f"  import_file (read + convert)     {r['import_file_ms']:7.2f} ms   "
        f"target ≤ {TARGET_MS:.0f} ms: {verdict}"
    )
    print(f"  convert (parsed list)            {r['convert_ms']:7.2f} ms")
    print(f"  catalog(), built-ins + plugin    {r['catalog_with_plugin_ms']:7.2f} ms")
    print(f"  catalog(), built-ins only        {r['catalog_builtins_ms']:7.2f} ms")
    print(f"  Catalog.find, one name           {r['find_us']:7.2f} µs")


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
