"""hipdip: plan, progress and explain gluteus medius/minimus training for hip dips.

Hip dips (trochanteric depressions) are shaped by bone, which training cannot
change; hipdip plans the part that can change — muscle, body fat and posture —
and says so honestly.

>>> import hipdip
>>> hipdip.catalog().exercises["clamshell"].harder
'banded_clamshell'

Everything public is importable from here (``from hipdip import Profile,
plan_program``). ``import hipdip`` itself is nearly free: each name is loaded
from its module on first use (PEP 562), so an app pays only for what it uses,
and cattrs, pluggy and entry-point discovery load only when the JSON layer or
the plugins are first needed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public name → the module that defines it.
_EXPORTS: dict[str, str] = {
    **dict.fromkeys(
        (
            "Action",
            "ActivityLevel",
            "Assessment",
            "Band",
            "BandPlacement",
            "BandTier",
            "BodyComposition",
            "Bodyweight",
            "Decision",
            "DipDepth",
            "Dose",
            "Exercise",
            "ExerciseLog",
            "Experience",
            "Factor",
            "Finding",
            "Goal",
            "HipStructure",
            "Hold",
            "Load",
            "LoadKind",
            "Muscle",
            "MuscleTarget",
            "NutritionPlan",
            "Posture",
            "Prescription",
            "Profile",
            "Program",
            "Progress",
            "Reps",
            "Role",
            "Session",
            "SessionLog",
            "SetResult",
            "Severity",
            "Sex",
            "TrainingLog",
            "Week",
            "Weight",
        ),
        "hipdip.models",
    ),
    **dict.fromkeys(
        (
            "HipdipError",
            "HipdipPluginWarning",
            "PlanningError",
            "PluginError",
            "UnknownIdError",
            "ValidationError",
        ),
        "hipdip.errors",
    ),
    "Catalog": "hipdip.registry",
    "catalog": "hipdip.registry",
    "assess": "hipdip.assessment",
    "nutrition_plan": "hipdip.nutrition",
    "plan_program": "hipdip.plan",
    "validate_program": "hipdip.plan",
    "next_prescription": "hipdip.progression",
    "progress": "hipdip.progression",
    "hookimpl": "hipdip.hookspecs",
}

__all__ = [
    "Action",
    "ActivityLevel",
    "Assessment",
    "Band",
    "BandPlacement",
    "BandTier",
    "BodyComposition",
    "Bodyweight",
    "Catalog",
    "Decision",
    "DipDepth",
    "Dose",
    "Exercise",
    "ExerciseLog",
    "Experience",
    "Factor",
    "Finding",
    "Goal",
    "HipStructure",
    "HipdipError",
    "HipdipPluginWarning",
    "Hold",
    "Load",
    "LoadKind",
    "Muscle",
    "MuscleTarget",
    "NutritionPlan",
    "PlanningError",
    "PluginError",
    "Posture",
    "Prescription",
    "Profile",
    "Program",
    "Progress",
    "Reps",
    "Role",
    "Session",
    "SessionLog",
    "SetResult",
    "Severity",
    "Sex",
    "TrainingLog",
    "UnknownIdError",
    "ValidationError",
    "Week",
    "Weight",
    "__version__",
    "assess",
    "catalog",
    "hookimpl",
    "next_prescription",
    "nutrition_plan",
    "plan_program",
    "progress",
    "validate_program",
]

if TYPE_CHECKING:
    from hipdip.assessment import assess
    from hipdip.errors import (
        HipdipError,
        HipdipPluginWarning,
        PlanningError,
        PluginError,
        UnknownIdError,
        ValidationError,
    )
    from hipdip.hookspecs import hookimpl
    from hipdip.models import (
        Action,
        ActivityLevel,
        Assessment,
        Band,
        BandPlacement,
        BandTier,
        BodyComposition,
        Bodyweight,
        Decision,
        DipDepth,
        Dose,
        Exercise,
        ExerciseLog,
        Experience,
        Factor,
        Finding,
        Goal,
        HipStructure,
        Hold,
        Load,
        LoadKind,
        Muscle,
        MuscleTarget,
        NutritionPlan,
        Posture,
        Prescription,
        Profile,
        Program,
        Progress,
        Reps,
        Role,
        Session,
        SessionLog,
        SetResult,
        Severity,
        Sex,
        TrainingLog,
        Week,
        Weight,
    )
    from hipdip.nutrition import nutrition_plan
    from hipdip.plan import plan_program, validate_program
    from hipdip.progression import next_prescription, progress
    from hipdip.registry import Catalog, catalog


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        if name in _SUBMODULES:  # e.g. hipdip.render after a bare ``import hipdip``
            return importlib.import_module(f"hipdip.{name}")
        raise AttributeError(f"module 'hipdip' has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


#: Public submodules reachable as attributes without importing them first.
_SUBMODULES = frozenset(
    {
        "batch",
        "body",
        "io",
        "loads",
        "metrics",
        "plugins",
        "protocols",
        "registry",
        "render",
        "schema",
        "training",
        "units",
    }
)
