"""The tables that turn free-exercise-db fields into hipdip's vocabulary.

free-exercise-db (https://github.com/yuhonas/free-exercise-db, public domain)
names muscles from a fixed list of 17 and equipment from a short list. Each
table below says what hipdip makes of every value; a value a table does not
list has no hipdip equivalent.

**Muscles** (:data:`MUSCLES`). A free-exercise-db muscle becomes one or more
hipdip muscles, each with the role of the list it appeared in
(``primaryMuscles`` → PRIMARY, ``secondaryMuscles`` → SECONDARY), possibly
capped lower:

==============  ====================================================================
free-exercise   hipdip
==============  ====================================================================
abductors       ``gluteus_medius`` (role as listed) + ``gluteus_minimus`` (SECONDARY
                at most)
glutes          ``gluteus_maximus``
abdominals      ``rectus_abdominis``
lower back      ``erector_spinae``
quadriceps      ``quadriceps``
hamstrings      ``hamstrings``
adductors       ``adductors``
==============  ====================================================================

Why *abductors* maps that way: the data set lumps the hip abductors —
gluteus medius, gluteus minimus and tensor fasciae latae — into one name.
Gluteus medius is the largest of them and the muscle hipdip plans volume
for, so it takes the listed role. Gluteus minimus abducts alongside it, but
how hard depends on hip position (fine-wire EMG: 43 % MVIC for the posterior
part in side-lying abduction; Moore et al., 2019), which the data cannot
tell, so it is recorded as SECONDARY at most — it never claims more than the
data shows. Tensor fasciae latae is left out: its share varies most between
exercises (band placement and posture shift it; Selkowitz et al., 2013;
Berry et al., 2015), and the data cannot say by how much. *glutes* means the
gluteus maximus (hip extension); it is not read as gluteus medius work.

The other ten names — chest, shoulders, biceps, triceps, forearms, lats,
middle back, traps, neck, calves — have no hipdip muscle. An exercise with
one of them among its **primary** muscles is skipped (it is about something
hipdip does not model); among its **secondary** muscles they are dropped and
counted in the import report. ``activation_mvic`` is always ``None``: the data
set has no EMG values and hipdip never invents one.

**Equipment** (:data:`EQUIPMENT`): ``body only`` (and ``null``, no equipment
listed) → bodyweight; ``bands`` → ``band`` (BAND load; the data set does not
say where the band sits, so hipdip's default placement, above the knees
(``BandPlacement.THIGHS``), is recorded — the cues from the instructions say
more); ``cable`` →
``cable`` and ``dumbbell`` → ``dumbbell`` (WEIGHT load). machine, barbell,
kettlebells, e-z curl bar, medicine ball, exercise ball, foam roll and other
have no equivalent in hipdip's equipment vocabulary: such exercises are
skipped.

**Level** (:data:`LEVELS`): beginner 1, intermediate 2, expert 3.

**Category** (:data:`CATEGORIES`): only ``strength`` exercises are imported.
Stretching, plyometrics, cardio and the lifting sports are not hard sets for
hypertrophy (the data set lists stretches with ``abductors`` as their
primary muscle; planning them as abductor work would be wrong).

**Pattern**: the data set has no movement-pattern field. A primary
``abductors`` / ``adductors`` means ``hip_abduction`` / ``hip_adduction``;
anything else gets the neutral ``fedb_<force>`` (``fedb_push``, ``fedb_pull``,
``fedb_static``, ``fedb_unspecified``) — never a core (``anti_…``) or compound
pattern, which would change how hipdip plans it. **Position** is
``unspecified``; **unilateral** is read from the name (``single-leg``,
``one-legged``, ``single arm`` …).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

import attrs

from hipdip import BandPlacement, LoadKind, Role

__all__ = [
    "CATEGORIES",
    "EQUIPMENT",
    "ID_PREFIX",
    "LEVELS",
    "MUSCLES",
    "POSITION",
    "UNMAPPED_MUSCLES",
    "VOCABULARY",
    "Equipment",
    "MapsTo",
    "pattern_for",
    "slugify",
    "unilateral_from_name",
]

#: Prefix of every imported exercise id, so they never clash with hipdip's own.
ID_PREFIX = "fedb_"
#: hipdip ids are at most 64 characters.
_MAX_ID = 64


@attrs.frozen
class MapsTo:
    """One hipdip muscle a free-exercise-db muscle becomes; ``at_most`` caps its role."""

    muscle: str
    at_most: Role | None = None


#: free-exercise-db muscle → hipdip muscles (see the module docs for the reasoning).
MUSCLES: Mapping[str, tuple[MapsTo, ...]] = MappingProxyType(
    {
        "abductors": (MapsTo("gluteus_medius"), MapsTo("gluteus_minimus", Role.SECONDARY)),
        "glutes": (MapsTo("gluteus_maximus"),),
        "abdominals": (MapsTo("rectus_abdominis"),),
        "lower back": (MapsTo("erector_spinae"),),
        "quadriceps": (MapsTo("quadriceps"),),
        "hamstrings": (MapsTo("hamstrings"),),
        "adductors": (MapsTo("adductors"),),
    }
)
#: free-exercise-db muscles with no hipdip muscle.
UNMAPPED_MUSCLES: frozenset[str] = frozenset(
    {
        "biceps",
        "calves",
        "chest",
        "forearms",
        "lats",
        "middle back",
        "neck",
        "shoulders",
        "traps",
        "triceps",
    }
)
#: The data set's fixed muscle vocabulary (17 names).
VOCABULARY: frozenset[str] = frozenset(MUSCLES) | UNMAPPED_MUSCLES


@attrs.frozen
class Equipment:
    """hipdip equipment slugs, load kind and band placement for one equipment value."""

    slugs: frozenset[str]
    load_kind: LoadKind
    band_placement: BandPlacement | None = None


#: free-exercise-db equipment → hipdip equipment; ``None`` is JSON ``null``.
EQUIPMENT: Mapping[str | None, Equipment] = MappingProxyType(
    {
        "body only": Equipment(frozenset(), LoadKind.BODYWEIGHT),
        None: Equipment(frozenset(), LoadKind.BODYWEIGHT),
        "bands": Equipment(frozenset({"band"}), LoadKind.BAND, BandPlacement.THIGHS),
        "cable": Equipment(frozenset({"cable"}), LoadKind.WEIGHT),
        "dumbbell": Equipment(frozenset({"dumbbell"}), LoadKind.WEIGHT),
    }
)

#: free-exercise-db level → hipdip level (1 beginner … 3 advanced).
LEVELS: Mapping[str, int] = MappingProxyType({"beginner": 1, "intermediate": 2, "expert": 3})

#: Categories imported (hard sets for hypertrophy).
CATEGORIES: frozenset[str] = frozenset({"strength"})

#: Every imported exercise's position: the data set does not say.
POSITION = "unspecified"

_PATTERN_BY_PRIMARY = {"abductors": "hip_abduction", "adductors": "hip_adduction"}
_FORCES = frozenset({"push", "pull", "static"})
_UNILATERAL = re.compile(r"\b(single|one)[- ]?(leg|arm)(ged|ed)?\b", re.IGNORECASE)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(source_id: str) -> str | None:
    """The hipdip id for a free-exercise-db id (``None`` if nothing is left of it).

    >>> slugify("Lateral_Band_Walk")
    'fedb_lateral_band_walk'
    >>> slugify("3_4_Sit-Up")
    'fedb_3_4_sit_up'
    """
    body = _NOT_SLUG.sub("_", source_id.lower()).strip("_")
    if not body:
        return None
    return (ID_PREFIX + body)[:_MAX_ID].rstrip("_")


def pattern_for(primary: list[str], force: object) -> str:
    """The movement pattern (see the module docs).

    >>> pattern_for(["abductors"], "pull"), pattern_for(["glutes"], "push"), pattern_for([], None)
    ('hip_abduction', 'fedb_push', 'fedb_unspecified')
    """
    for name in primary:
        if name in _PATTERN_BY_PRIMARY:
            return _PATTERN_BY_PRIMARY[name]
    return f"fedb_{force}" if force in _FORCES else "fedb_unspecified"


def unilateral_from_name(name: str) -> bool:
    """Whether the name says one leg or arm at a time.

    >>> unilateral_from_name("One-Legged Cable Kickback"), unilateral_from_name("Monster Walk")
    (True, False)
    """
    return _UNILATERAL.search(name) is not None
