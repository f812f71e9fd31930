"""hipdip's typed, immutable models (all re-exported from :mod:`hipdip`).

Every model is an ``@attrs.frozen`` class: immutable, hashable and slotted.
Change one with :func:`attrs.evolve`. Constructors validate their arguments
and raise :class:`hipdip.ValidationError` naming the field and what is
allowed.
"""

from hipdip.models.enums import (
    Action,
    ActivityLevel,
    BandPlacement,
    BandTier,
    DipDepth,
    Experience,
    Goal,
    LoadKind,
    Role,
    Severity,
    Sex,
    Units,
)
from hipdip.models.exercise import Band, Bodyweight, Exercise, Load, Muscle, MuscleTarget, Weight
from hipdip.models.log import ExerciseLog, SessionLog, SetResult, TrainingLog
from hipdip.models.measurement import Measurement, MeasurementLog
from hipdip.models.profile import BodyComposition, HipStructure, Posture, Profile
from hipdip.models.program import Dose, Hold, Prescription, Program, Reps, Session, Target, Week
from hipdip.models.results import Assessment, Decision, Factor, Finding, NutritionPlan, Progress

__all__ = [
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
    "Measurement",
    "MeasurementLog",
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
    "Target",
    "TrainingLog",
    "Units",
    "Week",
    "Weight",
]
