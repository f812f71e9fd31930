"""hipdip: plan, progress and explain gluteus medius/minimus training for hip dips.

Hip dips (trochanteric depressions) are shaped by bone, which training cannot
change; hipdip plans the part that can change — muscle, body fat and posture —
and says so honestly.

>>> import hipdip
>>> hipdip.catalog().exercises["clamshell"].harder
'banded_clamshell'

Everything public is importable from here. ``import hipdip`` stays light:
cattrs, pluggy and entry-point discovery are loaded on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hipdip.assess import assess
from hipdip.catalog import Catalog, catalog
from hipdip.errors import (
    HipdipError,
    HipdipPluginWarning,
    PlanningError,
    PluginError,
    UnknownIdError,
    ValidationError,
)
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

if TYPE_CHECKING:
    from hipdip.hookspecs import hookimpl

__version__ = "0.1.0"

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


def __getattr__(name: str) -> Any:
    # pluggy is imported only when a plugin needs the marker.
    if name == "hookimpl":
        from hipdip.hookspecs import hookimpl

        return hookimpl
    # hipdip.render loads on first use (hipdip.render.to_markdown works after import hipdip).
    if name == "render":
        import importlib

        return importlib.import_module("hipdip.render")
    raise AttributeError(f"module 'hipdip' has no attribute {name!r}")
