"""Enumerations used by the models.

Every enum is a :class:`enum.StrEnum` whose values are the lower-case strings
used in JSON, so ``Sex.FEMALE == "female"`` and model constructors accept
either the member or its string value.

>>> from hipdip import BandTier, Experience
>>> BandTier.LIGHT < BandTier.MEDIUM
True
>>> BandTier.LIGHT.heavier
<BandTier.MEDIUM: 'medium'>
>>> Experience("intermediate").level
2
"""

from __future__ import annotations

import enum

__all__ = [
    "Action",
    "ActivityLevel",
    "BandPlacement",
    "BandTier",
    "DipDepth",
    "Experience",
    "Goal",
    "LoadKind",
    "Role",
    "Severity",
    "Sex",
    "Units",
]


class Role(enum.StrEnum):
    """How much an exercise works a muscle (counts 1.0 / 0.5 / 0 hard sets)."""

    PRIMARY = "primary"
    SECONDARY = "secondary"
    STABILIZER = "stabilizer"

    @property
    def set_credit(self) -> float:
        """Hard-set credit per set (SCIENCE.md §Training, hipdip policy)."""
        return _SET_CREDIT[self]


_SET_CREDIT = {Role.PRIMARY: 1.0, Role.SECONDARY: 0.5, Role.STABILIZER: 0.0}


class LoadKind(enum.StrEnum):
    """What an exercise is loaded with."""

    BODYWEIGHT = "bodyweight"
    WEIGHT = "weight"
    BAND = "band"


class BandTier(enum.StrEnum):
    """Resistance-band tiers, ordered ``EXTRA_LIGHT < … < EXTRA_HEAVY``."""

    EXTRA_LIGHT = "extra_light"
    LIGHT = "light"
    MEDIUM = "medium"
    HEAVY = "heavy"
    EXTRA_HEAVY = "extra_heavy"

    @property
    def rank(self) -> int:
        """0 for the lightest tier, 4 for the heaviest."""
        return _TIERS.index(self)

    @property
    def heavier(self) -> BandTier | None:
        """The next tier up, or ``None`` at the heaviest."""
        rank = self.rank
        return _TIERS[rank + 1] if rank + 1 < len(_TIERS) else None

    @property
    def lighter(self) -> BandTier | None:
        """The next tier down, or ``None`` at the lightest."""
        rank = self.rank
        return _TIERS[rank - 1] if rank > 0 else None

    def __lt__(self, other: str) -> bool:
        if isinstance(other, BandTier):
            return self.rank < other.rank
        return NotImplemented

    def __le__(self, other: str) -> bool:
        if isinstance(other, BandTier):
            return self.rank <= other.rank
        return NotImplemented

    def __gt__(self, other: str) -> bool:
        if isinstance(other, BandTier):
            return self.rank > other.rank
        return NotImplemented

    def __ge__(self, other: str) -> bool:
        if isinstance(other, BandTier):
            return self.rank >= other.rank
        return NotImplemented

    __hash__ = enum.StrEnum.__hash__


_TIERS: tuple[BandTier, ...] = tuple(BandTier)


class BandPlacement(enum.StrEnum):
    """Where a loop band sits: above the knees (``THIGHS``), knees, ankles or feet."""

    THIGHS = "thighs"
    KNEES = "knees"
    ANKLES = "ankles"
    FEET = "feet"


class Sex(enum.StrEnum):
    """Sex used by the energy and body-fat formulas."""

    FEMALE = "female"
    MALE = "male"


class Experience(enum.StrEnum):
    """Training experience; ``level`` is the highest exercise level allowed (1–3)."""

    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"

    @property
    def level(self) -> int:
        """1 for beginners, 2 intermediate, 3 advanced (SCIENCE.md §Invariants 1)."""
        return _LEVEL[self]


_LEVEL = {Experience.BEGINNER: 1, Experience.INTERMEDIATE: 2, Experience.ADVANCED: 3}


class ActivityLevel(enum.StrEnum):
    """Daily activity, mapped to a TDEE factor by :func:`hipdip.body.tdee`."""

    SEDENTARY = "sedentary"
    LIGHT = "light"
    MODERATE = "moderate"
    VERY = "very"
    EXTRA = "extra"


class Goal(enum.StrEnum):
    """Body-composition goal used by :func:`hipdip.nutrition_plan`."""

    MAINTAIN = "maintain"
    LEAN_GAIN = "lean_gain"
    RECOMPOSITION = "recomposition"
    FAT_LOSS = "fat_loss"


class DipDepth(enum.StrEnum):
    """Self-rated depth of the trochanteric depression (informational only)."""

    NONE = "none"
    MILD = "mild"
    MODERATE = "moderate"
    PRONOUNCED = "pronounced"


class Severity(enum.StrEnum):
    """How serious a :class:`~hipdip.Finding` is."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class Action(enum.StrEnum):
    """What a progression step did to a prescription."""

    INCREASE_LOAD = "increase_load"
    ADD_REPS = "add_reps"
    NEXT_BAND = "next_band"
    ADVANCE_EXERCISE = "advance_exercise"
    REPEAT = "repeat"
    REDUCE_LOAD = "reduce_load"
    DELOAD = "deload"


class Units(enum.StrEnum):
    """How a person reads and buys loads: ``metric`` (kg, cm) or ``imperial`` (lb, in).

    Documents stay metric either way; the units decide how loads are rounded
    to what equipment is sold in (:mod:`hipdip.loads`) and shown
    (:func:`hipdip.render.to_markdown`).
    """

    METRIC = "metric"
    IMPERIAL = "imperial"
