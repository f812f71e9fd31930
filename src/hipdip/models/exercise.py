"""Muscles, loads and exercises: what the catalogue is made of.

>>> from hipdip import Band, BandPlacement, BandTier, Weight
>>> Band(tier="light", placement="knees")
Band(tier=<BandTier.LIGHT: 'light'>, placement=<BandPlacement.KNEES: 'knees'>)
>>> Weight(kg=-1)
Traceback (most recent call last):
...
hipdip.errors.ValidationError: kg: must be > 0 (allowed > 0 and ≤ 500 kg) (got -1)
"""

from __future__ import annotations

from typing import Any, ClassVar

import attrs

from hipdip.errors import ValidationError
from hipdip.models import _checks as c
from hipdip.models.enums import BandPlacement, BandTier, LoadKind, Role

__all__ = [
    "Band",
    "Bodyweight",
    "Exercise",
    "Load",
    "Muscle",
    "MuscleTarget",
    "Weight",
]

#: Bounds of the fields, importable by strategies and docs (one place).
MAX_LOAD_KG = 500.0
MAX_MVIC = 200.0
MAX_LEVEL = 3
MAX_INCREMENT_KG = 50.0
MAX_TARGETS = 20
MAX_CUES = 20
MAX_TAGS = 20


@attrs.frozen
class Muscle:
    """A muscle the catalogue knows (``id`` is its lower_snake Latin name)."""

    id: str = attrs.field(validator=c.slug)
    name: str = attrs.field(validator=c.text)
    region: str = attrs.field(validator=c.slug)
    actions: tuple[str, ...] = attrs.field(
        default=(), converter=c.to_tuple, validator=c.Items(str, max_items=20, item=c.text)
    )
    origin: str | None = attrs.field(default=None, validator=c.optional_text)
    insertion: str | None = attrs.field(default=None, validator=c.optional_text)


def _role(value: Role | str) -> Role:
    return c.enum_value(Role, "role", value)


@attrs.frozen
class MuscleTarget:
    """How an exercise works one muscle, with EMG activation (% MVIC) where a study gives it."""

    muscle: str = attrs.field(validator=c.slug)
    role: Role = attrs.field(converter=_role)
    activation_mvic: float | None = attrs.field(
        default=None,
        converter=c.to_float,
        validator=c.Number(0, MAX_MVIC, unit=" % MVIC", optional=True),
    )
    source: str | None = attrs.field(default=None, validator=c.optional_text)


@attrs.frozen
class Bodyweight:
    """No external load."""

    kind: ClassVar[LoadKind] = LoadKind.BODYWEIGHT


@attrs.frozen
class Weight:
    """External weight in kilograms (ankle weights, dumbbells, a cable stack)."""

    kind: ClassVar[LoadKind] = LoadKind.WEIGHT
    kg: float = attrs.field(
        converter=c.to_float, validator=c.Number(0, MAX_LOAD_KG, unit=" kg", exclusive_minimum=True)
    )


def _tier(value: BandTier | str) -> BandTier:
    return c.enum_value(BandTier, "tier", value)


def _placement(value: BandPlacement | str) -> BandPlacement:
    return c.enum_value(BandPlacement, "placement", value)


@attrs.frozen
class Band:
    """A loop band of a given tier at a given placement."""

    kind: ClassVar[LoadKind] = LoadKind.BAND
    tier: BandTier = attrs.field(converter=_tier)
    placement: BandPlacement = attrs.field(converter=_placement)


#: A load: one of :class:`Bodyweight`, :class:`Weight`, :class:`Band`.
Load = Bodyweight | Weight | Band
LOAD_TYPES: tuple[type, ...] = (Bodyweight, Weight, Band)


def _optional_placement(value: BandPlacement | str | None) -> BandPlacement | None:
    return None if value is None else c.enum_value(BandPlacement, "band_placement", value)


def _load_kind(value: LoadKind | str) -> LoadKind:
    return c.enum_value(LoadKind, "load_kind", value)


class _Targets(c.Items):
    """1–:data:`MAX_TARGETS` targets, each muscle once."""

    def __call__(self, inst: Any, attribute: Any, value: Any) -> None:
        super().__call__(inst, attribute, value)
        seen: set[str] = set()
        for index, target in enumerate(value):
            if target.muscle in seen:
                raise ValidationError(f"targets[{index}].muscle: {target.muscle!r} is listed twice")
            seen.add(target.muscle)


@attrs.frozen
class Exercise:
    """An exercise: what it works, what it needs, and where it sits on its ladder.

    ``equipment`` lists everything required (empty = bodyweight only);
    ``easier``/``harder`` are exercise ids forming the progression ladder;
    ``increment_kg`` is the smallest load step for WEIGHT exercises (``None``
    = the default for the equipment); ``band_placement`` is where the band
    sits for BAND exercises (``None`` = above the knees); ``tags`` are free
    lower_snake labels the planner and rules may read (the built-in vocabulary
    is in :mod:`hipdip.training`: the abduction role an exercise fills).
    """

    id: str = attrs.field(validator=c.slug)
    name: str = attrs.field(validator=c.text)
    targets: tuple[MuscleTarget, ...] = attrs.field(
        converter=c.to_tuple, validator=_Targets(MuscleTarget, min_items=1, max_items=MAX_TARGETS)
    )
    pattern: str = attrs.field(validator=c.slug)
    position: str = attrs.field(validator=c.slug)
    unilateral: bool = attrs.field(default=False, validator=c.boolean)
    equipment: frozenset[str] = attrs.field(
        default=frozenset(), converter=c.to_frozenset, validator=c.SlugSet(max_items=50)
    )
    load_kind: LoadKind = attrs.field(default=LoadKind.BODYWEIGHT, converter=_load_kind)
    level: int = attrs.field(default=1, converter=c.to_int, validator=c.Integer(1, MAX_LEVEL))
    easier: str | None = attrs.field(default=None, validator=c.optional_slug)
    harder: str | None = attrs.field(default=None, validator=c.optional_slug)
    cues: tuple[str, ...] = attrs.field(
        default=(), converter=c.to_tuple, validator=c.Items(str, max_items=MAX_CUES, item=c.text)
    )
    increment_kg: float | None = attrs.field(
        default=None,
        converter=c.to_float,
        validator=c.Number(0, MAX_INCREMENT_KG, unit=" kg", exclusive_minimum=True, optional=True),
    )
    band_placement: BandPlacement | None = attrs.field(default=None, converter=_optional_placement)
    tags: frozenset[str] = attrs.field(
        default=frozenset(), converter=c.to_frozenset, validator=c.SlugSet(max_items=MAX_TAGS)
    )

    def __attrs_post_init__(self) -> None:
        if self.band_placement is not None and self.load_kind is not LoadKind.BAND:
            raise ValidationError(
                f"band_placement: only BAND exercises have a band placement (load_kind is {self.load_kind})"
            )
        if self.easier is not None and self.easier == self.id:
            raise ValidationError(
                f"easier: an exercise cannot be its own easier variant ({self.id!r})"
            )
        if self.harder is not None and self.harder == self.id:
            raise ValidationError(
                f"harder: an exercise cannot be its own harder variant ({self.id!r})"
            )
        if self.easier is not None and self.easier == self.harder:
            raise ValidationError(f"harder: same as easier ({self.harder!r})")

    def target(self, muscle: str) -> MuscleTarget | None:
        """The target for ``muscle``, or ``None`` if the exercise does not work it."""
        for target in self.targets:
            if target.muscle == muscle:
                return target
        return None

    def set_credit(self, muscle: str) -> float:
        """Hard-set credit per set for ``muscle`` (1.0 primary, 0.5 secondary, 0 otherwise)."""
        target = self.target(muscle)
        return 0.0 if target is None else target.role.set_credit
