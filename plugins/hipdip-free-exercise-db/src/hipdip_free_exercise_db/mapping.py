"""The tables and rules that turn free-exercise-db fields into hipdip's vocabulary.

free-exercise-db (https://github.com/yuhonas/free-exercise-db, public domain)
names muscles from a fixed list of 17 and equipment from a short list; it
has no field for the movement pattern, the position, one side at a time or
where a band sits. Each table below says what hipdip makes of every value; a
value a table does not list has no hipdip equivalent. What the data does not
say is read, conservatively, from the entry's ``name`` and ``instructions``
with the patterns below, checked by hand on the real data (the plugin's
tests hold a table of 30+ real entries).

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
abdominals      ``rectus_abdominis`` — or, for an oblique exercise by its name
                (:data:`OBLIQUE_NAME`: oblique crunch, side bend, Russian twist,
                Pallof press, side bridge …), ``obliques`` (role as listed) +
                ``rectus_abdominis`` (SECONDARY at most)
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
*abdominals* lumps the rectus abdominis and the obliques the same way; the
name says which leads.

**Abduction or adduction, by the name.** The data set mixes the two up
(``Cable Hip Adduction`` lists the quadriceps; its instructions say
"abduct"): an entry whose name says *adduct…* has ``adductors`` as its
primary muscle and no ``abductors``, one whose name says *abduct…* the
reverse, whatever the muscle lists and instructions say.

The other ten names — chest, shoulders, biceps, triceps, forearms, lats,
middle back, traps, neck, calves — have no hipdip muscle. An exercise with
one of them among its **primary** muscles is skipped (it is about something
hipdip does not model); among its **secondary** muscles they are dropped and
counted in the import report. ``activation_mvic`` is always ``None``: the data
set has no EMG values and hipdip never invents one.

**Equipment** (:data:`EQUIPMENT`): ``body only`` (and ``null``) → bodyweight;
``bands`` → ``band`` (BAND load, placement read from the instructions:
:func:`band_placement_from`); ``cable``, ``dumbbell``, ``machine``,
``kettlebells`` and ``barbell`` → hipdip's ``cable``, ``dumbbell``,
``machine``, ``kettlebell`` and ``barbell`` (WEIGHT load). e-z curl bar,
medicine ball, exercise ball, foam roll and other have no equivalent in
hipdip's equipment vocabulary: such exercises are skipped. The name adds
what the field leaves out (:func:`equipment_by_name`): a barbell exercise
"with bands" needs a ``band`` too, and one "with chains" needs chains, which
hipdip has no word for (skipped).

**Level** (:data:`LEVELS`): beginner 1, intermediate 2, expert 3.

**Category** (:data:`CATEGORIES`): ``strength``, ``powerlifting`` (the data
set files Barbell Hip Thrust and Hip Lift with Band there) and
``plyometrics`` (tagged ``plyometric``) are imported; stretching (foam
rolling included), cardio, olympic weightlifting and strongman are not hard
sets for hypertrophy (the data set lists stretches with ``abductors`` as
their primary muscle; planning them as abductor work would be wrong).

**Pattern**: a primary ``abductors`` / ``adductors`` means ``hip_abduction``
/ ``hip_adduction``; anything else gets the neutral ``fedb_<force>``
(``fedb_push``, ``fedb_pull``, ``fedb_static``, ``fedb_unspecified``) — never
a core (``anti_…``) or compound pattern, which would change how hipdip
plans it. An abduction exercise walked with a band (Monster Walk) is tagged
``weight_bearing``, any other ``frontal_abduction``
(:data:`hipdip.training.ABDUCTION_ROLES`).

**Position and what it loads**, from the instructions
(:func:`position_from`): lying on the side, on the back (``supine``), face
down (``prone``), on all fours (``quadruped``, also ``kneeling``), kneeling,
seated or standing, else ``unspecified``; the load tags of
:data:`hipdip.limitations.LOAD_TAGS` follow (``supine``, ``prone``,
``quadruped``, ``kneeling``), and a lunge, split squat, step-up or squat by
its name loads ``deep_knee_flexion`` — so a person's ``avoid`` and
``limitations`` leave imported exercises out as they do built-in ones.

**One side at a time** (:func:`unilateral_from`): the name says single-leg,
one-legged, single- or one-arm, split squat, step-up, lunge or pistol, or
the instructions say to switch, alternate or change legs or sides (or
hands), or to repeat with the other leg, side or direction.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType

import attrs

from hipdip import BandPlacement, LoadKind, Role

__all__ = [
    "CATEGORIES",
    "EQUIPMENT",
    "ID_PREFIX",
    "LEVELS",
    "MUSCLES",
    "OBLIQUE_MUSCLES",
    "OBLIQUE_NAME",
    "PLYOMETRIC_TAG",
    "UNMAPPED_MUSCLES",
    "VOCABULARY",
    "Equipment",
    "MapsTo",
    "band_placement_from",
    "equipment_by_name",
    "load_tags_for",
    "muscles_by_name",
    "pattern_for",
    "position_from",
    "role_tags_for",
    "slugify",
    "unilateral_from",
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
#: ``abdominals`` of an oblique exercise (by its name: :data:`OBLIQUE_NAME`).
OBLIQUE_MUSCLES: tuple[MapsTo, ...] = (
    MapsTo("obliques"),
    MapsTo("rectus_abdominis", Role.SECONDARY),
)
#: Names of exercises led by the obliques: rotation and side bending, and resisting them.
OBLIQUE_NAME = re.compile(
    r"oblique|side[- ]bend|russian twist|pallof|palloff|side bridge|side plank|twist"
    r"|wood[- ]?chop|side jackknife|side crunch|cross[- ]body|windmill|landmine 180",
    re.IGNORECASE,
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
    """hipdip equipment slugs and load kind for one equipment value."""

    slugs: frozenset[str]
    load_kind: LoadKind


#: free-exercise-db equipment → hipdip equipment; ``None`` is JSON ``null``.
EQUIPMENT: Mapping[str | None, Equipment] = MappingProxyType(
    {
        "body only": Equipment(frozenset(), LoadKind.BODYWEIGHT),
        None: Equipment(frozenset(), LoadKind.BODYWEIGHT),
        "bands": Equipment(frozenset({"band"}), LoadKind.BAND),
        "cable": Equipment(frozenset({"cable"}), LoadKind.WEIGHT),
        "dumbbell": Equipment(frozenset({"dumbbell"}), LoadKind.WEIGHT),
        "machine": Equipment(frozenset({"machine"}), LoadKind.WEIGHT),
        "kettlebells": Equipment(frozenset({"kettlebell"}), LoadKind.WEIGHT),
        "barbell": Equipment(frozenset({"barbell"}), LoadKind.WEIGHT),
    }
)

#: free-exercise-db level → hipdip level (1 beginner … 3 advanced).
LEVELS: Mapping[str, int] = MappingProxyType({"beginner": 1, "intermediate": 2, "expert": 3})

#: Categories imported (hard sets for hypertrophy).
CATEGORIES: frozenset[str] = frozenset({"strength", "powerlifting", "plyometrics"})
#: The tag of an exercise of the ``plyometrics`` category (``avoid`` may name it).
PLYOMETRIC_TAG = "plyometric"

_PATTERN_BY_PRIMARY = {"abductors": "hip_abduction", "adductors": "hip_adduction"}
_FORCES = frozenset({"push", "pull", "static"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_ADDUCT = re.compile(r"\badduct", re.IGNORECASE)
_ABDUCT = re.compile(r"\babduct", re.IGNORECASE)
_WALKED = re.compile(r"\bwalk|\bsteps?\b", re.IGNORECASE)
_UNILATERAL_NAME = re.compile(
    r"\b(?:single|one)[- ]?(?:leg|arm)(?:ged|ed)?\b|\bsplit[- ]squat|\bstep[- ]?ups?\b"
    r"|\blunges?\b|\bpistol\b|\bunilateral\b",
    re.IGNORECASE,
)


class _Rule:
    """A pattern of lower-case text, tried only when one of its ``keys`` is in the text.

    The keys are plain substrings every match contains: checking them first
    skips the regular expression on most texts (the import of the whole data
    set stays within its time budget).
    """

    __slots__ = ("keys", "pattern")

    def __init__(self, pattern: str, *keys: str) -> None:
        self.pattern = re.compile(pattern)
        self.keys = keys

    def search(self, lowered: str) -> bool:
        return any(k in lowered for k in self.keys) and self.pattern.search(lowered) is not None


_UNILATERAL_TEXT = _Rule(
    r"\b(?:switch|alternate|alternating|change) (?:legs|sides|feet)\b"
    r"|\b(?:switch|change) (?:hands|arms)\b"
    r"|\b(?:repeat|perform|continue)\b[^.]{0,40}\b(?:other|opposite) "
    r"(?:leg|side|foot|direction)\b"
    r"|\bthen (?:the )?(?:other|opposite) (?:leg|side)\b"
    r"|\b(?:for|with) each (?:leg|side)\b|\bper (?:leg|side)\b",
    "switch",
    "alternat",
    "change",
    "other",
    "opposite",
    "each",
    "per ",
)
_BANDS_NAMED = re.compile(r"\bbands?\b", re.IGNORECASE)
_CHAINS_NAMED = re.compile(r"\bchains?\b", re.IGNORECASE)
_DEEP_KNEE = re.compile(r"\blunge|\bsplit[- ]squat|\bstep[- ]?ups?\b|\bsquat|\bpistol", re.I)
# The spine bending forward under load (hipdip.limitations: left out for lower back pain).
_SPINAL_FLEXION = re.compile(
    r"crunch|\bsit[- ]?ups?\b|jackknife|russian twists?|\bv[- ]?ups?\b", re.I
)
# A step-up needs something to step onto.
_STEP_NAMED = re.compile(r"\bstep[- ]?ups?\b", re.I)

# Band placements, most distal first (gluteal activity rises as the band moves
# down the leg: Lewis, Foley, Lee & Berry, 2018): with several, the lowest wins.
_PLACEMENTS: tuple[tuple[BandPlacement, _Rule], ...] = (
    (
        BandPlacement.FEET,
        _Rule(
            r"\b(?:stand|standing|step|stepping) on\b|\bunder (?:both |your |the )?(?:feet|foot)\b"
            r"|\b(?:around|round) (?:both |your |the )?(?:feet|foot)\b|\bfeet in the middle\b",
            " on",
            "feet",
            "foot",
        ),
    ),
    (BandPlacement.ANKLES, _Rule(r"\bankles?\b", "ankle")),
    (BandPlacement.KNEES, _Rule(r"\b(?:around|at|below) (?:both |your |the )?knees?\b", "knee")),
    (
        BandPlacement.THIGHS,
        _Rule(r"\babove (?:both |your |the )?knees?\b|\bthighs?\b", "knee", "thigh"),
    ),
    (BandPlacement.HIPS, _Rule(r"\b(?:over|across|around) (?:both |your |the )?hips?\b", "hip")),
)

# Positions by the words of the instructions, in this order of precedence (an
# exercise that starts seated and lies down is done lying down).
_POSITIONS: tuple[tuple[str, _Rule], ...] = (
    (
        "side_lying",
        _Rule(
            r"\b(?:lie|lay|lying|laying)(?: down)? on (?:your|one|the)(?: right| left)? side\b"
            r"|\bside[- ]lying\b",
            "side",
        ),
    ),
    (
        "prone",
        _Rule(
            r"\bface ?down\b|\bprone\b|\bon your (?:stomach|belly)\b",
            "face",
            "prone",
            "stomach",
            "belly",
        ),
    ),
    (
        "quadruped",
        _Rule(
            r"\ball fours\b|\bhands and knees\b|\bquadruped\b|\bkneeling push-?up",
            "fours",
            "hands and knees",
            "quadruped",
            "kneeling push",
        ),
    ),
    (
        "supine",
        _Rule(
            r"\b(?:lie|lay|lying|laying)(?: down| flat| back)* on (?:your back|the floor|the "
            r"ground|a mat|the mat|an exercise mat)\b|\bsupine\b|\bface ?up\b"
            # Lying down, not on the side or face down (those are read first): "lay
            # down in the middle of the rack", "lie down on the bench", "lie with your
            # back flat on a bench", "lie underneath the bar".
            r"|\b(?:lie|lay|lying|laying) (?:down\b|with your back\b|(?:down )?under)",
            "lie",
            "lay",
            "lying",
            "supine",
            "face",
        ),
    ),
    ("kneeling", _Rule(r"\bkneel", "kneel")),
    (
        "seated",
        _Rule(
            r"\bseated\b|\b(?:sit|sitting)(?: down)? (?:on|in|at|upright|tall)\b", "sit", "seated"
        ),
    ),
    ("standing", _Rule(r"\b(?:stand|standing)\b|\bwalk", "stand", "walk")),
)
#: What each position loads (the tags of hipdip.limitations.LOAD_TAGS).
_LOADS_BY_POSITION: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "supine": frozenset({"supine"}),
        "prone": frozenset({"prone"}),
        "quadruped": frozenset({"quadruped", "kneeling"}),
        "kneeling": frozenset({"kneeling"}),
    }
)


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


def muscles_by_name(
    name: str, primary: Sequence[str], secondary: Sequence[str]
) -> tuple[list[str], list[str]]:
    """The primary and secondary muscle lists, with abduction and adduction read from the name.

    >>> muscles_by_name("Cable Hip Adduction", ["quadriceps"], [])
    (['adductors'], [])
    >>> muscles_by_name("Thigh Abductor", ["abductors"], ["glutes"])
    (['abductors'], ['glutes'])
    """
    if _ADDUCT.search(name):
        return ["adductors"], [m for m in secondary if m not in ("abductors", "adductors")]
    if _ABDUCT.search(name):
        return ["abductors"], [m for m in secondary if m not in ("abductors", "adductors")]
    return list(primary), list(secondary)


def equipment_by_name(name: str, slugs: frozenset[str]) -> frozenset[str] | None:
    """``slugs`` with the equipment the name adds, or ``None`` if it names some hipdip lacks.

    >>> sorted(equipment_by_name("Box Squat with Bands", frozenset({"barbell"})))
    ['band', 'barbell']
    >>> equipment_by_name("Deadlift with Chains", frozenset({"barbell"})) is None
    True
    >>> sorted(equipment_by_name("Dumbbell Step Ups", frozenset({"dumbbell"})))
    ['dumbbell', 'step']
    """
    if _CHAINS_NAMED.search(name):
        return None
    if _STEP_NAMED.search(name):
        slugs = slugs | {"step"}
    if _BANDS_NAMED.search(name) and slugs:
        return slugs | {"band"}
    return slugs


def pattern_for(primary: Sequence[str], force: object) -> str:
    """The movement pattern (see the module docs).

    >>> pattern_for(["abductors"], "pull"), pattern_for(["glutes"], "push"), pattern_for([], None)
    ('hip_abduction', 'fedb_push', 'fedb_unspecified')
    """
    for name in primary:
        if name in _PATTERN_BY_PRIMARY:
            return _PATTERN_BY_PRIMARY[name]
    return f"fedb_{force}" if force in _FORCES else "fedb_unspecified"


def role_tags_for(pattern: str, name: str) -> frozenset[str]:
    """The abduction role of an abduction exercise: walked with a band, weight-bearing.

    >>> sorted(role_tags_for("hip_abduction", "Monster Walk")), role_tags_for("fedb_push", "Plank")
    (['weight_bearing'], frozenset())
    """
    if pattern != "hip_abduction":
        return frozenset()
    return frozenset({"weight_bearing" if _WALKED.search(name) else "frontal_abduction"})


def unilateral_from_name(name: str) -> bool:
    """Whether the name says one leg or arm at a time.

    >>> unilateral_from_name("One-Legged Cable Kickback"), unilateral_from_name("Monster Walk")
    (True, False)
    >>> unilateral_from_name("Split Squat with Dumbbells"), unilateral_from_name("Dumbbell Step Ups")
    (True, True)
    """
    return _UNILATERAL_NAME.search(name) is not None


def unilateral_from(name: str, instructions: str) -> bool:
    """Whether the exercise is done one side at a time, by its name or its instructions.

    >>> unilateral_from("Leg Lift", "Repeat the movement with the opposite leg.")
    True
    >>> unilateral_from("Glute Bridge", "Lift your hips off the floor.")
    False
    """
    return unilateral_from_name(name) or _UNILATERAL_TEXT.search(instructions.lower())


def band_placement_from(instructions: str) -> BandPlacement | None:
    """Where the band sits by the instructions: the lowest placement they name, or ``None``.

    >>> band_placement_from("Place a band around both ankles and another around both knees.")
    <BandPlacement.ANKLES: 'ankles'>
    >>> band_placement_from("Adjust your position so that the band is directly over your hips.")
    <BandPlacement.HIPS: 'hips'>
    >>> band_placement_from("Loop the band around a post.") is None
    True
    """
    lowered = instructions.lower()
    for placement, rule in _PLACEMENTS:
        if rule.search(lowered):
            return placement
    return None


def position_from(instructions: str) -> str:
    """The position the instructions put the body in (``unspecified`` if they do not say).

    Lying (on the side, face down, on the back) and on all fours win over
    kneeling, seated and standing, wherever the instructions mention them.

    >>> position_from("Lie on your side. Raise the top leg.")
    'side_lying'
    >>> position_from("Begin seated on the ground. Lay down flat on the floor.")
    'supine'
    >>> position_from("Sit back with your hips as you stand up.")
    'standing'
    """
    lowered = instructions.lower()
    for position, rule in _POSITIONS:
        if rule.search(lowered):
            return position
    return "unspecified"


def load_tags_for(position: str, name: str) -> frozenset[str]:
    """The load tags (:data:`hipdip.limitations.LOAD_TAGS`) of ``position`` and the name.

    >>> sorted(load_tags_for("quadruped", "Glute Kickback"))
    ['kneeling', 'quadruped']
    >>> sorted(load_tags_for("standing", "Dumbbell Lunges"))
    ['deep_knee_flexion']
    >>> sorted(load_tags_for("supine", "Weighted Sit-Ups - With Bands"))
    ['loaded_spinal_flexion', 'supine']
    """
    tags = _LOADS_BY_POSITION.get(position, frozenset())
    if _DEEP_KNEE.search(name):
        tags = tags | {"deep_knee_flexion"}
    if _SPINAL_FLEXION.search(name):
        tags = tags | {"loaded_spinal_flexion"}
    return tags
