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

# Every public name, written once. Type checkers read these imports (``X as X``
# marks a re-export); at run time nothing here is imported: ``__getattr__``
# reads this block once (``_exports``) and loads each name from its module on
# first use. ``__all__`` and ``dir(hipdip)`` are derived from it too.
if TYPE_CHECKING:
    from hipdip.assessment import assess as assess
    from hipdip.errors import HipdipError as HipdipError
    from hipdip.errors import HipdipPluginWarning as HipdipPluginWarning
    from hipdip.errors import PlanningError as PlanningError
    from hipdip.errors import PluginError as PluginError
    from hipdip.errors import UnknownIdError as UnknownIdError
    from hipdip.errors import ValidationError as ValidationError
    from hipdip.hookspecs import hookimpl as hookimpl
    from hipdip.models import Action as Action
    from hipdip.models import ActivityLevel as ActivityLevel
    from hipdip.models import Assessment as Assessment
    from hipdip.models import Band as Band
    from hipdip.models import BandPlacement as BandPlacement
    from hipdip.models import BandTier as BandTier
    from hipdip.models import BodyComposition as BodyComposition
    from hipdip.models import Bodyweight as Bodyweight
    from hipdip.models import Decision as Decision
    from hipdip.models import DipDepth as DipDepth
    from hipdip.models import Dose as Dose
    from hipdip.models import Exercise as Exercise
    from hipdip.models import ExerciseLog as ExerciseLog
    from hipdip.models import Experience as Experience
    from hipdip.models import Factor as Factor
    from hipdip.models import Finding as Finding
    from hipdip.models import Goal as Goal
    from hipdip.models import HipStructure as HipStructure
    from hipdip.models import Hold as Hold
    from hipdip.models import Load as Load
    from hipdip.models import LoadKind as LoadKind
    from hipdip.models import Measurement as Measurement
    from hipdip.models import MeasurementLog as MeasurementLog
    from hipdip.models import Muscle as Muscle
    from hipdip.models import MuscleTarget as MuscleTarget
    from hipdip.models import NutritionPlan as NutritionPlan
    from hipdip.models import Posture as Posture
    from hipdip.models import Prescription as Prescription
    from hipdip.models import Profile as Profile
    from hipdip.models import Program as Program
    from hipdip.models import Progress as Progress
    from hipdip.models import Reps as Reps
    from hipdip.models import Role as Role
    from hipdip.models import Session as Session
    from hipdip.models import SessionLog as SessionLog
    from hipdip.models import SetResult as SetResult
    from hipdip.models import Severity as Severity
    from hipdip.models import Sex as Sex
    from hipdip.models import TrainingLog as TrainingLog
    from hipdip.models import Units as Units
    from hipdip.models import Week as Week
    from hipdip.models import Weight as Weight
    from hipdip.nutrition import adjust_nutrition as adjust_nutrition
    from hipdip.nutrition import nutrition_plan as nutrition_plan
    from hipdip.plan import plan_program as plan_program
    from hipdip.plan import validate_program as validate_program
    from hipdip.progression import next_prescription as next_prescription
    from hipdip.progression import progress as progress
    from hipdip.registry import Catalog as Catalog
    from hipdip.registry import catalog as catalog

#: Public submodules reachable as attributes without importing them first.
_SUBMODULES = frozenset(
    {
        "batch",
        "body",
        "charts",
        "io",
        "loads",
        "logs",
        "measurements",
        "metrics",
        "plugins",
        "protocols",
        "registry",
        "render",
        "report",
        "schema",
        "training",
        "units",
    }
)


def __getattr__(name: str) -> Any:
    if name == "__all__":
        value: Any = sorted([*_exports(), "__version__"])
    elif (module_name := _exports().get(name)) is not None:
        value = getattr(importlib.import_module(module_name), name)
    elif name in _SUBMODULES:  # e.g. hipdip.render after a bare ``import hipdip``
        return importlib.import_module(f"hipdip.{name}")
    else:
        raise AttributeError(f"module 'hipdip' has no attribute {name!r}")
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_exports(), "__all__"})


#: Public name → the module that defines it (filled by :func:`_exports`).
_EXPORTS: dict[str, str] = {}


def _exports() -> dict[str, str]:
    """:data:`_EXPORTS`, read on first use from the ``TYPE_CHECKING`` imports above."""
    if not _EXPORTS:
        import ast

        with open(__file__, encoding="utf-8") as handle:
            source = handle.read()
        start = source.index("\nif TYPE_CHECKING:\n")
        (block,) = ast.parse(source[start : source.index("\n\n", start + 1)]).body
        assert isinstance(block, ast.If)
        for statement in block.body:
            assert isinstance(statement, ast.ImportFrom)
            assert statement.module is not None
            _EXPORTS.update(
                (alias.asname or alias.name, statement.module) for alias in statement.names
            )
    return _EXPORTS
