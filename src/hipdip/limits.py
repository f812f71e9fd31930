"""The limits of hipdip's models and the policy numbers plugins may build on.

Plugins import these names from here, never from the private modules that
declare them, so the declarations can move without breaking a plugin. The
bounds are the ones the models' validators enforce (each is declared once,
on its field) and :mod:`hipdip.io`, :mod:`hipdip.schema` and the
hypothesis strategies read back; the sources of the numbers are on the
science page.

>>> from hipdip import Weight
>>> from hipdip.limits import MAX_LOAD_KG
>>> Weight(kg=MAX_LOAD_KG).kg
500.0
>>> from hipdip.limits import PROTEIN_MAX_G_PER_KG, PROTEIN_MIN_G_PER_KG
>>> PROTEIN_MIN_G_PER_KG, PROTEIN_MAX_G_PER_KG
(1.6, 2.2)

Ranges of a person's numbers are ``(low, high)`` pairs, both allowed:
``AGE``, ``WEIGHT_KG``, ``HEIGHT_CM``, ``BODY_FAT_PCT``, ``WAIST_CM``,
``HIP_CM``, ``NECK_CM``, ``HIP_WIDTH_CM``, ``PELVIC_TILT_DEG``,
``DAYS_PER_WEEK``, ``SESSION_MINUTES``, and the plausible body-mass and
fat-free-mass indexes ``BMI_RANGE`` and ``FFMI_RANGE``. The ``MAX_*`` names are upper
bounds (a weight must also be > 0; reps, sets, weeks and days start at 1,
RIR, rest and logged reps at 0; a nutrition plan's ``MAX_KCAL``,
``MAX_MACRO_G`` and ``MAX_WEEKLY_CHANGE_KG`` bound either sign).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hipdip.models._checks import MAX_TEXT, SLUG_PATTERN
from hipdip.models.exercise import (
    MAX_ALIASES,
    MAX_CUES,
    MAX_INCREMENT_KG,
    MAX_LEVEL,
    MAX_LOAD_KG,
    MAX_MVIC,
    MAX_NAME_CHARS,
    MAX_TARGETS,
)
from hipdip.models.log import (
    MAX_LOGGED_HOLD_SECONDS,
    MAX_LOGGED_REPS,
    MAX_LOGGED_RIR,
    MAX_LOGGED_SESSIONS,
)
from hipdip.models.profile import (
    AGE,
    BMI_RANGE,
    BODY_FAT_PCT,
    DAYS_PER_WEEK,
    FFMI_RANGE,
    HEIGHT_CM,
    HIP_CM,
    HIP_WIDTH_CM,
    MAX_AVOID,
    MAX_EQUIPMENT,
    MAX_PROFILE_TAGS,
    NECK_CM,
    PELVIC_TILT_DEG,
    SESSION_MINUTES,
    WAIST_CM,
    WEIGHT_KG,
)
from hipdip.models.program import (
    MAX_HOLD_SECONDS,
    MAX_ITEMS_PER_SESSION,
    MAX_REPS,
    MAX_REST_SECONDS,
    MAX_RIR,
    MAX_SESSIONS_PER_WEEK,
    MAX_SETS,
    MAX_TEMPO_PHASE,
    MAX_VOLUME_FACTOR,
    MAX_WEEKS,
    TEMPO_PATTERN,
)
from hipdip.models.results import (
    MAX_DECISIONS,
    MAX_FACTORS,
    MAX_FINDINGS,
    MAX_KCAL,
    MAX_MACRO_G,
    MAX_WEEKLY_CHANGE_KG,
)

if TYPE_CHECKING:
    from hipdip.builtin.nutrition import (
        KCAL_PER_G_PROTEIN,
        PROTEIN_G_PER_KG,
        PROTEIN_MAX_ENERGY_SHARE,
        PROTEIN_MAX_G_PER_KG,
        PROTEIN_MAX_G_PER_KG_FFM_DEFICIT,
        PROTEIN_MIN_G_PER_KG,
    )

__all__ = [
    "AGE",
    "BMI_RANGE",
    "BODY_FAT_PCT",
    "DAYS_PER_WEEK",
    "FFMI_RANGE",
    "HEIGHT_CM",
    "HIP_CM",
    "HIP_WIDTH_CM",
    "KCAL_PER_G_PROTEIN",
    "MAX_ALIASES",
    "MAX_AVOID",
    "MAX_CUES",
    "MAX_DECISIONS",
    "MAX_EQUIPMENT",
    "MAX_FACTORS",
    "MAX_FINDINGS",
    "MAX_HOLD_SECONDS",
    "MAX_INCREMENT_KG",
    "MAX_ITEMS_PER_SESSION",
    "MAX_KCAL",
    "MAX_LEVEL",
    "MAX_LOAD_KG",
    "MAX_LOGGED_HOLD_SECONDS",
    "MAX_LOGGED_REPS",
    "MAX_LOGGED_RIR",
    "MAX_LOGGED_SESSIONS",
    "MAX_MACRO_G",
    "MAX_MVIC",
    "MAX_NAME_CHARS",
    "MAX_PROFILE_TAGS",
    "MAX_REPS",
    "MAX_REST_SECONDS",
    "MAX_RIR",
    "MAX_SESSIONS_PER_WEEK",
    "MAX_SETS",
    "MAX_TARGETS",
    "MAX_TEMPO_PHASE",
    "MAX_TEXT",
    "MAX_VOLUME_FACTOR",
    "MAX_WEEKLY_CHANGE_KG",
    "MAX_WEEKS",
    "NECK_CM",
    "PELVIC_TILT_DEG",
    "PROTEIN_G_PER_KG",
    "PROTEIN_MAX_ENERGY_SHARE",
    "PROTEIN_MAX_G_PER_KG",
    "PROTEIN_MAX_G_PER_KG_FFM_DEFICIT",
    "PROTEIN_MIN_G_PER_KG",
    "SESSION_MINUTES",
    "SLUG_PATTERN",
    "TEMPO_PATTERN",
    "WAIST_CM",
    "WEIGHT_KG",
]

#: The nutrition policy numbers, read from the built-in nutrition rules on first use
#: (importing them here would load the plugin layer with the models).
_NUTRITION = frozenset(
    {
        "KCAL_PER_G_PROTEIN",
        "PROTEIN_G_PER_KG",
        "PROTEIN_MAX_ENERGY_SHARE",
        "PROTEIN_MAX_G_PER_KG",
        "PROTEIN_MAX_G_PER_KG_FFM_DEFICIT",
        "PROTEIN_MIN_G_PER_KG",
    }
)


def __getattr__(name: str) -> Any:
    if name in _NUTRITION:
        from hipdip.builtin import nutrition

        return getattr(nutrition, name)
    raise AttributeError(f"module 'hipdip.limits' has no attribute {name!r}")
