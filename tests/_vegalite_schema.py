"""Vega-Lite 6's JSON Schema as shipped by altair (a test-only dependency), and a validator.

The schema is read from altair's package folder without importing altair
(a slow import the tests do not need).
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from hipdip.charts import VEGA_LITE_MAJOR


def schema_path() -> Path:
    spec = importlib.util.find_spec("altair")
    assert spec is not None and spec.submodule_search_locations, "altair is in the test extra"
    root = Path(next(iter(spec.submodule_search_locations)))
    return root / "vegalite" / f"v{VEGA_LITE_MAJOR}" / "schema" / "vega-lite-schema.json"


@cache
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def problems(spec: Any) -> list[str]:
    """Every way ``spec`` breaks the schema, one line each (empty: valid)."""
    found = []
    for error in validator().iter_errors(spec):
        best = jsonschema.exceptions.best_match([error])
        path = "/".join(str(p) for p in best.absolute_path)
        found.append(f"{path or '$'}: {best.message[:300]}")
    return found
