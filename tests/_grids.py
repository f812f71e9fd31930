"""Wide test grids: the default run keeps the points that cover the rest, ``-m slow`` runs all.

A test parametrized over every model class draws the same nested objects
again and again: a ``Program`` holds weeks, sessions, prescriptions, doses,
loads and a profile; a ``TrainingLog`` holds session and exercise logs and
set results. By default such a grid runs only the models that hold the
others (:data:`HOLDERS`); the rest are marked ``slow`` and run in CI
(``.ci/run`` runs ``pytest -m slow`` too), so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest

#: The models whose drawn values contain every other model (``Target`` stands alone).
HOLDERS = frozenset(
    {
        "Program",
        "Progress",
        "Week",
        "TrainingLog",
        "NutritionPlan",
        "Assessment",
        "Exercise",
        "Muscle",
        "Target",
    }
)


def model_grid(
    models: Iterable[Any], name: Callable[[Any], str] = lambda cls: cls.__name__
) -> list[Any]:
    """``pytest.param`` per model, the ones outside :data:`HOLDERS` marked ``slow``."""
    return [
        pytest.param(cls, id=name(cls), marks=() if name(cls) in HOLDERS else pytest.mark.slow)
        for cls in models
    ]
