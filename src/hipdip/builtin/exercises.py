"""Built-in exercises: every exercise the hip-dips article names, the ones people do, ladders.

A plugin like any other: :func:`hipdip_register_exercises` registers every
:class:`~hipdip.Exercise` in :data:`EXERCISES`. The targets name muscles from
:mod:`hipdip.builtin.muscles`.

**Ladders.** ``easier``/``harder`` link each exercise to its neighbours. A
link declared on either side is a link (:mod:`hipdip.ladders` derives them),
so a rung may have several harder variants; :data:`LADDERS` lists every path
from a bottom rung to a top one. Going up, the level never drops and the
gluteus medius role never shrinks (SCIENCE.md §Training), and *levels
describe the movement, not the load*: the loaded version of a level-1
movement (side-lying abduction with an ankle weight or a band, the banded
fire hydrant, a dumbbell step-up) is level 1.

- *clamshell* → banded clamshell. The clamshell has the highest
  gluteal-to-TFL activation index of 11 exercises (Selkowitz, Beneck &
  Powers, 2013, JOSPT): the place to learn the mind–muscle connection the
  article asks for; it is the rotation-biased exercise of beginners.
- *side-lying abduction*: side-lying hip abduction → banded → ankle-weighted
  (up to the 5 kg cap of :mod:`hipdip.loads`) → standing cable hip abduction
  or the seated hip abduction machine (SCIENCE.md: past the cap, "cable or
  machine abduction"); a dumbbell on the thigh or a cable at the ankle load
  the side-lying exercise directly (harder variants of the bodyweight one);
  standing banded abduction → the cable.
- *lateral band walk*: band at the knees → ankles → feet. Gluteal activity
  rises as the band moves down the leg (Lewis, Foley, Lee & Berry, 2018,
  J Athl Train).
- fire hydrant → banded fire hydrant; glute bridge →
  single-leg glute bridge, glute bridge → banded glute bridge, and glute
  bridge → hip thrust → barbell hip thrust (the hip thrust names the bridge
  as its easier variant: it credits no gluteus medius, so it is never a step
  up from the single-leg bridge); frog pump → dumbbell frog pump; forward
  lunge → Bulgarian split squat; forward step-up → dumbbell step-up; lateral
  step-up → single-leg squat; the single-leg Romanian deadlift at bodyweight →
  with a dumbbell or a kettlebell. Plank, side plank, bird-dog, the side plank
  with hip abduction (reps, as Boren et al., 2011 measured it: a gluteus
  medius exercise, not a harder core hold), the Copenhagen side plank (an
  adductor exercise), the hip hike and the lateral and curtsy lunges stand
  alone.

**Abduction roles.** ``tags`` say which of the hip's abduction roles an
exercise fills (:data:`hipdip.training.ABDUCTION_ROLES`): ``frontal_abduction``,
``weight_bearing`` or ``rotation_biased``; the planner covers them across the
week (:mod:`hipdip.choice`).

**What each exercise loads.** ``tags`` also say which positions an
exercise loads (:data:`hipdip.limitations.LOAD_TAGS`), so a person's
``avoid`` and ``limitations`` can leave it out: ``quadruped`` and
``kneeling`` (fire hydrants, bird-dog), ``prone`` (plank), ``supine``
(bridges, hip thrust) and ``deep_knee_flexion`` (step-ups, lunges, the
Bulgarian split squat, the single-leg squat). Side-lying and standing
abduction work, clamshells, band walks, side planks and the single-leg
deadlift load none of them.

**Roles.** A muscle is ``PRIMARY`` where the exercise is built for it (the
abduction isolation moves for gluteus medius/minimus, the hip hike for the
standing side's gluteus medius), ``SECONDARY`` where it works hard but is not
the point (step-ups, lunges, single-leg work, the side plank) and
``STABILIZER`` where it only holds a position (the bridges, the banded one
too: the knees held out against the band; the Copenhagen side plank).

**Activation.** ``activation_mvic`` (% MVIC, EMG) comes only from
SCIENCE.md's table, with its study in ``source``; every other target has
``activation_mvic=None`` — no value is ever estimated. %MVIC ranks exercises
within a study; it does not measure growth.

**Equipment** slugs are the keys of :data:`EQUIPMENT`; an empty set means
bodyweight only. ``increment_kg`` is ``None`` (the equipment defaults of
:mod:`hipdip.loads`: ankle weights 0.5 kg, cable 2.5 kg, dumbbell 1 kg,
machine and barbell 2.5 kg, kettlebell 4 kg) except for the dumbbell step-up,
loaded with a dumbbell in each hand: its load is the pair, so it steps 2 kg
(1 kg a hand).

**Names.** ``aliases`` are the names other apps and data sets use for an
exercise (Hevy, Strong, wger, free-exercise-db), where they differ from the
name by more than :func:`hipdip.names.name_key` ignores;
:meth:`hipdip.registry.Catalog.find` finds an exercise by any of them.
Every exercise's ``source`` is :data:`PROVENANCE` and its ``license``
:data:`LICENSE` (hipdip's own).

>>> from hipdip.builtin.exercises import EXERCISES, LADDERS
>>> LADDERS[1]
('side_lying_hip_abduction', 'banded_side_lying_hip_abduction', 'ankle_weight_side_lying_hip_abduction', 'standing_cable_hip_abduction')
>>> abduction = next(e for e in EXERCISES if e.id == "side_lying_hip_abduction")
>>> target = abduction.target("gluteus_medius")
>>> target.activation_mvic, target.source
(81.0, 'Distefano et al., 2009, JOSPT')
>>> abduction.aliases[:2], abduction.license
(('Side Lying Leg Raise', 'Side-Lying Leg Lift'), 'MIT')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any

from hipdip.hookspecs import hookimpl
from hipdip.models import BandPlacement, Exercise, LoadKind, MuscleTarget, Role

__all__ = [
    "EQUIPMENT",
    "EXERCISES",
    "LADDERS",
    "LICENSE",
    "PROVENANCE",
    "hipdip_register_exercises",
]

#: The equipment vocabulary: slug → what it is. ``Exercise.equipment`` and
#: ``Profile.equipment`` use these slugs; an empty set means bodyweight only.
#: Load steps per equipment live in :data:`hipdip.loads.DEFAULT_INCREMENT_KG`.
EQUIPMENT: Mapping[str, str] = MappingProxyType(
    {
        "band": "a loop (mini) resistance band, worn above the knees, at the knees, ankles or feet",
        "ankle_weights": "strap-on ankle weights (adjustable)",
        "cable": "a cable machine with an ankle strap and a weight stack",
        "dumbbell": "a dumbbell (or a pair)",
        "bench": "a flat bench or a sturdy seat at about knee height",
        "step": "a box or step to step up onto",
        "machine": "a gym's weight-stack machines, among them the seated hip abduction machine",
        "barbell": "a barbell with plates (a pad for hip thrusts)",
        "kettlebell": "a kettlebell (or a set of sizes)",
    }
)

#: Where every built-in exercise comes from, and its terms (hipdip's own licence).
PROVENANCE = "hipdip built-in catalogue"
LICENSE = "MIT"

# Sources of the activation values (SCIENCE.md §Muscle activation).
_DISTEFANO_2009 = "Distefano et al., 2009, JOSPT"
_MOORE_2019 = "Moore et al., 2019, J Sport Rehabil"
_MACASKILL_2014 = "MacAskill, Durant & Wallace, 2014, IJSPT"
_EKSTROM_2007 = "Ekstrom et al., 2007, JOSPT"
_BOREN_2011 = "Boren et al., 2011, IJSPT"
_YOUDAS_2013 = "Youdas et al., 2013, Physiother Theory Pract"


def _t(
    muscle: str, role: Role, activation_mvic: float | None = None, source: str | None = None
) -> MuscleTarget:
    return MuscleTarget(muscle, role, activation_mvic, source)


def _exercise(**fields: Any) -> Exercise:
    """A built-in :class:`~hipdip.Exercise`: its source and licence are hipdip's."""
    return Exercise(source=PROVENANCE, license=LICENSE, **fields)


#: Every built-in exercise, grouped by ladder (easiest first), each with its
#: :data:`PROVENANCE` (its ``source``) and :data:`LICENSE`.
EXERCISES: tuple[Exercise, ...] = (
    # ---- side-lying abduction ladder ---------------------------------------
    _exercise(
        id="clamshell",
        name="Clamshell",
        aliases=(
            "Side Lying Clam",
            "Clam",
            "Side-Lying Clamshell",
        ),
        targets=(
            _t(
                "gluteus_medius",
                Role.PRIMARY,
                40.0,
                f"{_DISTEFANO_2009} (30° hip flexion; 38 at 60°)",
            ),
            _t("gluteus_minimus", Role.SECONDARY),
            _t("gluteus_maximus", Role.SECONDARY),
        ),
        pattern="hip_external_rotation",
        position="side_lying",
        unilateral=True,
        level=1,
        harder="banded_clamshell",
        tags=frozenset({"rotation_biased"}),
        cues=(
            "Lie on your side, hips bent about 30°, knees bent, feet together.",
            "Rotate the top knee upward, keeping your feet touching.",
            "Keep the pelvis still: don't roll backwards as the knee opens.",
            "Slow and controlled; feel the side of the hip working before adding load.",
        ),
    ),
    _exercise(
        id="banded_clamshell",
        name="Banded clamshell",
        aliases=(
            "Side Lying Clam (Band)",
            "Banded Clam",
            "Resistance Band Clamshell",
        ),
        targets=(  # no study value for the banded clamshell (SCIENCE.md): None
            _t("gluteus_medius", Role.PRIMARY),
            _t("gluteus_minimus", Role.SECONDARY),
            _t("gluteus_maximus", Role.SECONDARY),
        ),
        pattern="hip_external_rotation",
        position="side_lying",
        unilateral=True,
        equipment=frozenset({"band"}),
        load_kind=LoadKind.BAND,
        band_placement=BandPlacement.THIGHS,
        level=1,
        easier="clamshell",
        tags=frozenset({"rotation_biased"}),
        cues=(
            "Loop band just above the knees; feet together.",
            "Rotate the top knee up against the band, keeping your feet touching.",
            "Pause at the top, then lower slowly; don't let the band snap the knee back.",
        ),
    ),
    _exercise(
        id="side_lying_hip_abduction",
        name="Side-lying hip abduction",
        aliases=(
            "Side Lying Leg Raise",
            "Side-Lying Leg Lift",
            "Lying Side Leg Raise",
            "Side Lying Abduction",
            "Lateral Leg Raise",
            "Side Lying Hip Abduction (Bodyweight)",
        ),
        targets=(
            _t("gluteus_medius", Role.PRIMARY, 81.0, _DISTEFANO_2009),
            _t(
                "gluteus_minimus",
                Role.PRIMARY,
                43.0,
                f"{_MOORE_2019} (posterior part, fine-wire, median)",
            ),
            _t("tensor_fasciae_latae", Role.SECONDARY),
        ),
        pattern="hip_abduction",
        position="side_lying",
        unilateral=True,
        level=1,
        harder="banded_side_lying_hip_abduction",
        tags=frozenset({"frontal_abduction"}),
        cues=(
            "Lie on your side, bottom knee bent for balance, top leg straight in line with "
            "your body.",
            "Lift the top leg upward in a controlled motion, focusing on the outer hip.",
            "Toes point forward, heel leads: don't roll the hip back or swing the leg forward.",
            "Lower slowly; form before load.",
        ),
    ),
    _exercise(
        id="banded_side_lying_hip_abduction",
        name="Banded side-lying hip abduction",
        aliases=(
            "Side Lying Leg Raise (Band)",
            "Banded Side-Lying Leg Lift",
            "Banded Side Lying Abduction",
        ),
        targets=(
            _t("gluteus_medius", Role.PRIMARY),
            _t("gluteus_minimus", Role.PRIMARY),
            _t("tensor_fasciae_latae", Role.SECONDARY),
        ),
        pattern="hip_abduction",
        position="side_lying",
        unilateral=True,
        equipment=frozenset({"band"}),
        load_kind=LoadKind.BAND,
        band_placement=BandPlacement.THIGHS,
        level=1,
        easier="side_lying_hip_abduction",
        harder="ankle_weight_side_lying_hip_abduction",
        tags=frozenset({"frontal_abduction"}),
        cues=(
            "Loop band above the knees; top leg straight, in line with your body.",
            "Lift the top leg against the band in a controlled motion, focusing on the outer hip.",
            "Keep hips stacked; lower slowly against the band's pull.",
        ),
    ),
    _exercise(
        id="ankle_weight_side_lying_hip_abduction",
        name="Side-lying hip abduction with ankle weight",
        aliases=(
            "Side Lying Leg Raise (Ankle Weight)",
            "Side-Lying Leg Lift with Ankle Weights",
            "Side Lying Abduction (Ankle Weight)",
        ),
        targets=(
            _t("gluteus_medius", Role.PRIMARY, 99.9, f"{_MACASKILL_2014} (10-RM load)"),
            _t("gluteus_minimus", Role.PRIMARY),
            _t("tensor_fasciae_latae", Role.SECONDARY),
        ),
        pattern="hip_abduction",
        position="side_lying",
        unilateral=True,
        equipment=frozenset({"ankle_weights"}),
        load_kind=LoadKind.WEIGHT,
        level=1,
        easier="banded_side_lying_hip_abduction",
        harder="standing_cable_hip_abduction",
        tags=frozenset({"frontal_abduction"}),
        cues=(
            "Strap the weight just above the ankle of the top leg.",
            "Lift in a controlled motion, focusing on the outer hip; no swinging.",
            "Add weight only when every rep of the range is clean and slow.",
        ),
    ),
    _exercise(
        id="standing_cable_hip_abduction",
        name="Standing cable hip abduction",
        aliases=(
            "Cable Hip Abduction",
            "Standing Hip Abduction (Cable)",
            "Standing Cable Abduction",
        ),
        targets=(  # no study value for standing cable abduction (SCIENCE.md): None
            _t("gluteus_medius", Role.PRIMARY),
            _t("gluteus_minimus", Role.PRIMARY),
            _t("tensor_fasciae_latae", Role.SECONDARY),
        ),
        pattern="hip_abduction",
        position="standing",
        unilateral=True,
        equipment=frozenset({"cable"}),
        load_kind=LoadKind.WEIGHT,
        level=2,
        easier="ankle_weight_side_lying_hip_abduction",
        tags=frozenset({"frontal_abduction"}),
        cues=(
            "Ankle strap on the outside leg, stand side-on to the cable, hold the frame.",
            "Stand tall and move the leg away from your midline against the cable; "
            "don't lean the trunk.",
            "Return slowly under control, keeping tension on the cable.",
        ),
    ),
    _exercise(
        id="standing_banded_hip_abduction",
        name="Standing banded hip abduction",
        aliases=(
            "Standing Hip Abduction (Band)",
            "Resistance Band Standing Hip Abduction",
            "Standing Banded Abduction",
        ),
        targets=(  # no study value for the banded standing abduction (SCIENCE.md): None
            _t("gluteus_medius", Role.PRIMARY),
            _t("gluteus_minimus", Role.PRIMARY),
            _t("tensor_fasciae_latae", Role.SECONDARY),
        ),
        pattern="hip_abduction",
        position="standing",
        unilateral=True,
        equipment=frozenset({"band"}),
        load_kind=LoadKind.BAND,
        band_placement=BandPlacement.ANKLES,
        level=1,
        harder="standing_cable_hip_abduction",
        tags=frozenset({"frontal_abduction"}),
        cues=(
            "Loop band round both ankles; stand tall beside a wall or post and hold it.",
            "Move the outside leg away from your midline against the band, toes forward; "
            "don't lean the trunk.",
            "Bring the leg back slowly, keeping tension on the band.",
        ),
    ),
    _exercise(
        id="dumbbell_side_lying_hip_abduction",
        name="Dumbbell side-lying hip abduction",
        aliases=(
            "Side Lying Leg Raise (Dumbbell)",
            "Dumbbell Side Lying Leg Lift",
            "Side-Lying Abduction (Dumbbell)",
        ),
        targets=(  # the 10-RM study value is for an ankle weight (SCIENCE.md): None here
            _t("gluteus_medius", Role.PRIMARY),
            _t("gluteus_minimus", Role.PRIMARY),
            _t("tensor_fasciae_latae", Role.SECONDARY),
        ),
        pattern="hip_abduction",
        position="side_lying",
        unilateral=True,
        equipment=frozenset({"dumbbell"}),
        load_kind=LoadKind.WEIGHT,
        level=1,
        easier="side_lying_hip_abduction",
        tags=frozenset({"frontal_abduction"}),
        cues=(
            "Lie on your side, bottom knee bent; hold a dumbbell on the outer thigh of the "
            "top leg, just above the knee.",
            "Lift the top leg in a controlled motion, focusing on the outer hip; heel leads, "
            "toes forward.",
            "Lower slowly; keep the hips stacked and the dumbbell steady.",
        ),
    ),
    _exercise(
        id="cable_side_lying_hip_abduction",
        name="Cable side-lying hip abduction",
        aliases=(
            "Side Lying Leg Raise (Cable)",
            "Lying Cable Hip Abduction",
            "Side-Lying Abduction (Cable)",
        ),
        targets=(
            _t("gluteus_medius", Role.PRIMARY),
            _t("gluteus_minimus", Role.PRIMARY),
            _t("tensor_fasciae_latae", Role.SECONDARY),
        ),
        pattern="hip_abduction",
        position="side_lying",
        unilateral=True,
        equipment=frozenset({"cable"}),
        load_kind=LoadKind.WEIGHT,
        level=1,
        easier="side_lying_hip_abduction",
        tags=frozenset({"frontal_abduction"}),
        cues=(
            "Lie on your side with your feet towards a low pulley, the ankle strap on the top leg.",
            "Lift the top leg against the cable in a controlled motion, focusing on the outer hip.",
            "Lower slowly, keeping tension on the cable; hips stacked, no rolling back.",
        ),
    ),
    _exercise(
        id="seated_hip_abduction_machine",
        name="Seated hip abduction machine",
        aliases=(
            "Hip Abduction (Machine)",
            "Hip Abductor (Machine)",
            "Hip Abductor",
            "Thigh Abductor",
            "Seated Hip Abduction",
            "Abductor Machine",
            "Lever Seated Hip Abduction",
            "Outer Thigh Machine",
        ),
        targets=(  # no study value for the machine (SCIENCE.md): None
            _t("gluteus_medius", Role.PRIMARY),
            _t("gluteus_minimus", Role.PRIMARY),
            # Seated, hips bent: the upper fibres of gluteus maximus abduct too.
            _t("gluteus_maximus", Role.SECONDARY),
            _t("tensor_fasciae_latae", Role.SECONDARY),
        ),
        pattern="hip_abduction",
        position="seated",
        equipment=frozenset({"machine"}),
        load_kind=LoadKind.WEIGHT,
        level=1,
        easier="ankle_weight_side_lying_hip_abduction",
        tags=frozenset({"frontal_abduction"}),
        cues=(
            "Sit tall with your back on the pad and the pads on the outside of your knees.",
            "Press the knees apart slowly, focusing on the outer hips; don't rock the trunk.",
            "Pause wide, then let the legs come back under control: no slamming the stack.",
        ),
    ),
    # ---- fire hydrant -------------------------------------------------------
    _exercise(
        id="fire_hydrant",
        name="Fire hydrant",
        aliases=("Quadruped Hip Abduction", "Fire Hydrant (Bodyweight)"),
        targets=(  # no study value for the fire hydrant (SCIENCE.md): None
            _t("gluteus_medius", Role.PRIMARY),
            _t("gluteus_minimus", Role.SECONDARY),
            _t("gluteus_maximus", Role.SECONDARY),
            _t("transversus_abdominis", Role.STABILIZER),
        ),
        pattern="hip_abduction",
        position="quadruped",
        unilateral=True,
        level=1,
        harder="banded_fire_hydrant",
        tags=frozenset({"kneeling", "quadruped", "rotation_biased"}),
        cues=(
            "On all fours, hands under shoulders, knees under hips.",
            "Lift one knee out to the side, keeping the knee bent at 90°.",
            "Keep the back flat and hips square; don't lean away from the moving leg.",
            "Lift and lower slowly.",
        ),
    ),
    _exercise(
        id="banded_fire_hydrant",
        name="Banded fire hydrant",
        aliases=("Banded Quadruped Hip Abduction", "Resistance Band Fire Hydrant"),
        targets=(
            _t("gluteus_medius", Role.PRIMARY),
            _t("gluteus_minimus", Role.SECONDARY),
            _t("gluteus_maximus", Role.SECONDARY),
            _t("transversus_abdominis", Role.STABILIZER),
        ),
        pattern="hip_abduction",
        position="quadruped",
        unilateral=True,
        equipment=frozenset({"band"}),
        load_kind=LoadKind.BAND,
        band_placement=BandPlacement.THIGHS,
        level=1,
        easier="fire_hydrant",
        tags=frozenset({"kneeling", "quadruped", "rotation_biased"}),
        cues=(
            "Loop band around the thighs, just above the knees.",
            "Lift the knee out to the side against the band, knee bent at 90°.",
            "Back flat, hips square; lower slowly against the band.",
        ),
    ),
    # ---- lateral band walk: knees → ankles → feet (Lewis et al., 2018) ------
    _exercise(
        id="lateral_band_walk_knees",
        name="Lateral band walk, band at the knees",
        aliases=(
            "Lateral Band Walk",
            "Banded Lateral Walk",
            "Lateral Walk",
            "Band Walk",
            "Side Band Walk",
            "Banded Side Step",
            "Lateral Band Walk (Knees)",
        ),
        targets=(
            _t("gluteus_medius", Role.PRIMARY, 52.0, f"{_YOUDAS_2013} (stance leg; moving leg 35)"),
            _t("gluteus_minimus", Role.SECONDARY),
            _t("gluteus_maximus", Role.SECONDARY),
            _t("tensor_fasciae_latae", Role.SECONDARY),
        ),
        pattern="hip_abduction",
        position="standing",
        equipment=frozenset({"band"}),
        load_kind=LoadKind.BAND,
        band_placement=BandPlacement.KNEES,
        level=1,
        harder="lateral_band_walk_ankles",
        tags=frozenset({"weight_bearing"}),
        cues=(
            "Loop band at the knees; feet hip-width, slight squat, chest up.",
            "Step sideways slowly, keeping tension on the band with every step.",
            "Don't let the knees cave in or the trailing foot snap back.",
        ),
    ),
    _exercise(
        id="lateral_band_walk_ankles",
        name="Lateral band walk, band at the ankles",
        aliases=(
            "Lateral Band Walk (Ankles)",
            "Banded Lateral Walk (Ankles)",
            "Ankle Band Walk",
        ),
        targets=(
            _t("gluteus_medius", Role.PRIMARY),
            _t("gluteus_minimus", Role.SECONDARY),
            _t("gluteus_maximus", Role.SECONDARY),
            _t("tensor_fasciae_latae", Role.SECONDARY),
        ),
        pattern="hip_abduction",
        position="standing",
        equipment=frozenset({"band"}),
        load_kind=LoadKind.BAND,
        band_placement=BandPlacement.ANKLES,
        level=1,
        easier="lateral_band_walk_knees",
        harder="lateral_band_walk_feet",
        tags=frozenset({"weight_bearing"}),
        cues=(
            "Loop band at the ankles; slight squat, hips back, chest up.",
            "Step sideways slowly, keeping tension on the band with every step.",
            "Toes forward, trunk still: no rocking side to side.",
        ),
    ),
    _exercise(
        id="lateral_band_walk_feet",
        name="Lateral band walk, band around the feet",
        aliases=(
            "Lateral Band Walk (Feet)",
            "Banded Lateral Walk (Feet)",
            "Foot Band Walk",
        ),
        targets=(
            _t("gluteus_medius", Role.PRIMARY),
            _t("gluteus_minimus", Role.SECONDARY),
            _t("gluteus_maximus", Role.SECONDARY),
            _t("tensor_fasciae_latae", Role.SECONDARY),
        ),
        pattern="hip_abduction",
        position="standing",
        equipment=frozenset({"band"}),
        load_kind=LoadKind.BAND,
        band_placement=BandPlacement.FEET,
        level=2,
        easier="lateral_band_walk_ankles",
        tags=frozenset({"weight_bearing"}),
        cues=(
            "Loop band around the forefeet; squat slightly, hips back.",
            "Step sideways slowly, keeping tension on the band with every step.",
            "Keep the knees over the toes and the trunk still.",
        ),
    ),
    # ---- hip hike: the pelvis lifted by the standing hip --------------------
    _exercise(
        id="hip_hike",
        name="Hip hike",
        aliases=("Pelvic Drop", "Hip Drop", "Standing Hip Hike", "Hip Hitch"),
        targets=(  # no value in SCIENCE.md's table: None
            _t("gluteus_medius", Role.PRIMARY),
            _t("gluteus_minimus", Role.SECONDARY),
            _t("obliques", Role.STABILIZER),
        ),
        pattern="hip_abduction",
        position="standing",
        unilateral=True,
        equipment=frozenset({"step"}),
        level=1,
        tags=frozenset({"weight_bearing"}),
        cues=(
            "Stand side-on on the edge of a step on one leg, the other foot hanging free; "
            "hold a wall.",
            "Keeping both knees straight, let the free side of the pelvis drop slowly.",
            "Lift it back above level with the side of the standing hip; move only the "
            "pelvis, no leaning.",
        ),
    ),
    # ---- core: planks and bird-dog (holds) -----------------------------------
    _exercise(
        id="plank",
        name="Plank",
        aliases=(
            "Front Plank",
            "Forearm Plank",
            "Elbow Plank",
            "Plank Hold",
            "Prone Plank",
        ),
        targets=(
            _t("rectus_abdominis", Role.PRIMARY),
            _t("transversus_abdominis", Role.PRIMARY),
            _t("obliques", Role.SECONDARY),
            _t("gluteus_maximus", Role.STABILIZER),
        ),
        pattern="anti_extension",
        position="prone",
        level=1,
        tags=frozenset({"prone"}),
        cues=(
            "Forearms under shoulders, body in one straight line from head to heels.",
            "Brace the abdomen and squeeze the glutes; don't let the lower back sag.",
            "Breathe steadily; stop the hold when the position breaks.",
        ),
    ),
    _exercise(
        id="side_plank",
        name="Side plank",
        aliases=(
            "Side Bridge",
            "Forearm Side Plank",
            "Side Plank Hold",
            "Elbow Side Plank",
        ),
        targets=(
            _t("obliques", Role.PRIMARY),
            # SECONDARY, not STABILIZER: holding the pelvis up is very high activation
            # (> 60 % MVIC, Reiman, Bolgla & Loudon, 2012), so it counts half a set.
            _t("gluteus_medius", Role.SECONDARY, 74.0, f"{_EKSTROM_2007} (side bridge)"),
            _t("gluteus_minimus", Role.SECONDARY),
            _t("transversus_abdominis", Role.SECONDARY),
        ),
        pattern="anti_lateral_flexion",
        position="side_lying",
        unilateral=True,
        level=1,
        cues=(
            "Forearm under the shoulder, legs stacked, body in one straight line.",
            "Push the bottom hip up and keep it there; don't let it sag.",
            "Hold steady and breathe; stop when the line breaks.",
        ),
    ),
    _exercise(
        id="side_plank_hip_abduction",
        name="Side plank with hip abduction",
        aliases=(
            "Side Plank Hip Abduction",
            "Side Plank with Leg Lift",
            "Side Plank Leg Raise",
            "Side Plank Abduction",
            "Side Bridge with Hip Abduction",
        ),
        targets=(
            _t(
                "gluteus_medius",
                Role.PRIMARY,
                103.0,
                f"{_BOREN_2011} (dominant leg on the bottom; 89 with it on top)",
            ),
            _t("gluteus_minimus", Role.PRIMARY),
            _t("obliques", Role.SECONDARY),
            _t("transversus_abdominis", Role.STABILIZER),
        ),
        pattern="hip_abduction",
        position="side_lying",
        unilateral=True,
        level=2,
        tags=frozenset({"frontal_abduction", "weight_bearing"}),
        cues=(
            "Set a straight side plank first: bottom hip high, legs stacked.",
            "Lift the top leg slowly away from the bottom one without letting the hips drop.",
            "Keep the body in one line; lower the leg under control.",
        ),
    ),
    _exercise(
        id="copenhagen_side_plank",
        name="Copenhagen side plank",
        aliases=(
            "Copenhagen Plank",
            "Copenhagen Adduction",
            "Copenhagen Adduction Exercise",
            "Copenhagen Adductor Plank",
        ),
        targets=(
            _t("adductors", Role.PRIMARY),
            _t("obliques", Role.SECONDARY),
            _t("gluteus_medius", Role.STABILIZER),
            _t("transversus_abdominis", Role.STABILIZER),
        ),
        # Adduction of the top leg, done as reps (raise and lower the body), not a hold.
        pattern="hip_adduction",
        position="side_lying",
        unilateral=True,
        equipment=frozenset({"bench"}),
        level=2,
        cues=(
            "Side plank on your forearm with the top leg on a bench (the ankle; the knee "
            "for a shorter, easier lever).",
            "Press down with the top leg to lift the hips and the bottom leg in one line.",
            "Lower slowly under control; stop when the hips sag or twist.",
        ),
    ),
    _exercise(
        id="bird_dog",
        name="Bird-dog",
        aliases=("Quadruped Arm and Leg Raise", "Quadruped Opposite Arm and Leg Reach"),
        targets=(
            _t("erector_spinae", Role.PRIMARY),
            _t("gluteus_maximus", Role.SECONDARY),
            _t("obliques", Role.STABILIZER),
            _t("transversus_abdominis", Role.STABILIZER),
            _t("gluteus_medius", Role.STABILIZER),
        ),
        pattern="anti_rotation",
        position="quadruped",
        unilateral=True,
        level=1,
        tags=frozenset({"kneeling", "quadruped"}),
        cues=(
            "On all fours, back flat, abdomen braced.",
            "Reach one arm forward and the opposite leg back until both are level with the trunk.",
            "Keep the hips square to the floor: no twisting or arching.",
            "Move slowly and hold the top before switching sides.",
        ),
    ),
    # ---- bridges and hip thrust ---------------------------------------------
    _exercise(
        id="glute_bridge",
        name="Glute bridge",
        aliases=(
            "Hip Bridge",
            "Butt Lift (Bridge)",
            "Glute Bridge (Bodyweight)",
            "Floor Glute Bridge",
            "Supine Bridge",
        ),
        targets=(
            _t("gluteus_maximus", Role.PRIMARY),
            _t("hamstrings", Role.SECONDARY),
            _t("gluteus_medius", Role.STABILIZER),
            _t("erector_spinae", Role.STABILIZER),
        ),
        pattern="hip_extension",
        position="supine",
        level=1,
        harder="single_leg_glute_bridge",
        tags=frozenset({"supine"}),
        cues=(
            "On your back, knees bent, feet flat and hip-width apart.",
            "Drive through the heels and lift the hips until knees, hips and shoulders line up.",
            "Squeeze the glutes at the top without arching the lower back; lower slowly.",
        ),
    ),
    _exercise(
        id="banded_glute_bridge",
        name="Banded glute bridge",
        aliases=(
            "Banded Hip Bridge",
            "Resistance Band Glute Bridge",
            "Glute Bridge with Band Above Knees",
        ),
        targets=(
            _t("gluteus_maximus", Role.PRIMARY),
            _t("hamstrings", Role.SECONDARY),
            # The knees are held out against the band: gluteus medius holds a position
            # (STABILIZER, as in the bridge); no study value makes it more (SCIENCE.md).
            _t("gluteus_medius", Role.STABILIZER),
            _t("gluteus_minimus", Role.STABILIZER),
            _t("erector_spinae", Role.STABILIZER),
        ),
        pattern="hip_extension",
        position="supine",
        equipment=frozenset({"band"}),
        load_kind=LoadKind.BAND,
        band_placement=BandPlacement.THIGHS,
        level=1,
        easier="glute_bridge",
        tags=frozenset({"supine"}),
        cues=(
            "On your back, band just above the knees, feet flat and hip-width apart.",
            "Press the knees out against the band and keep them there as you drive the hips "
            "up through the heels.",
            "Squeeze at the top without arching the lower back; lower slowly.",
        ),
    ),
    _exercise(
        id="frog_pump",
        name="Frog pump",
        aliases=("Frog Glute Bridge", "Frog Bridge", "Frog Pump (Bodyweight)"),
        targets=(
            _t("gluteus_maximus", Role.PRIMARY),
            _t("gluteus_medius", Role.STABILIZER),
            _t("adductors", Role.STABILIZER),
        ),
        pattern="hip_extension",
        position="supine",
        level=1,
        harder="dumbbell_frog_pump",
        tags=frozenset({"supine"}),
        cues=(
            "On your back, soles of the feet together close to the hips, knees falling out.",
            "Tuck the pelvis and lift the hips by squeezing the glutes; a short range is fine.",
            "Pause at the top, lower slowly; don't push from the lower back.",
        ),
    ),
    _exercise(
        id="dumbbell_frog_pump",
        name="Dumbbell frog pump",
        aliases=("Weighted Frog Pump", "Frog Glute Bridge (Dumbbell)"),
        targets=(
            _t("gluteus_maximus", Role.PRIMARY),
            _t("gluteus_medius", Role.STABILIZER),
            _t("adductors", Role.STABILIZER),
        ),
        pattern="hip_extension",
        position="supine",
        equipment=frozenset({"dumbbell"}),
        load_kind=LoadKind.WEIGHT,
        level=1,
        easier="frog_pump",
        tags=frozenset({"supine"}),
        cues=(
            "Frog pump position, one dumbbell held on the hips with both hands.",
            "Squeeze the glutes to lift the hips, knees falling out; pause at the top.",
            "Lower slowly under control; add weight only when every rep is clean.",
        ),
    ),
    _exercise(
        id="single_leg_glute_bridge",
        name="Single-leg glute bridge",
        aliases=(
            "Single Leg Hip Bridge",
            "Single-Leg Bridge",
            "Unilateral Glute Bridge",
            "Single Leg Glute Bridge (Bodyweight)",
        ),
        targets=(
            _t("gluteus_maximus", Role.PRIMARY),
            _t("hamstrings", Role.SECONDARY),
            _t("gluteus_medius", Role.SECONDARY),
            _t("gluteus_minimus", Role.SECONDARY, 49.0, f"{_MOORE_2019} (fine-wire, median)"),
        ),
        pattern="hip_extension",
        position="supine",
        unilateral=True,
        level=2,
        easier="glute_bridge",
        tags=frozenset({"supine"}),
        cues=(
            "One foot flat, the other leg extended or knee drawn in.",
            "Drive through the heel and lift the hips level; don't let the free side drop.",
            "Pause at the top, lower slowly.",
        ),
    ),
    _exercise(
        id="hip_thrust",
        name="Hip thrust",
        aliases=("Dumbbell Hip Thrust", "Dumbbell Glute Thrust"),
        targets=(
            _t("gluteus_maximus", Role.PRIMARY),
            _t("hamstrings", Role.SECONDARY),
            _t("quadriceps", Role.SECONDARY),
            _t("gluteus_medius", Role.STABILIZER),
        ),
        pattern="hip_extension",
        position="supine",
        equipment=frozenset({"bench", "dumbbell"}),
        load_kind=LoadKind.WEIGHT,
        level=2,
        easier="glute_bridge",
        tags=frozenset({"supine"}),
        cues=(
            "Upper back on the bench edge, dumbbell held on the hips, feet flat.",
            "Drive the hips up until the thighs are level with the trunk; chin tucked.",
            "Squeeze the glutes at the top without over-arching; lower under control.",
        ),
    ),
    _exercise(
        id="barbell_hip_thrust",
        name="Barbell hip thrust",
        aliases=("Barbell Glute Thrust",),
        targets=(
            _t("gluteus_maximus", Role.PRIMARY),
            _t("hamstrings", Role.SECONDARY),
            _t("quadriceps", Role.SECONDARY),
            _t("gluteus_medius", Role.STABILIZER),
        ),
        pattern="hip_extension",
        position="supine",
        equipment=frozenset({"bench", "barbell"}),
        load_kind=LoadKind.WEIGHT,
        level=2,
        easier="hip_thrust",
        tags=frozenset({"supine"}),
        cues=(
            "Upper back on the bench edge, a padded barbell over the hips, feet flat.",
            "Drive the hips up until the thighs are level with the trunk; chin tucked.",
            "Squeeze the glutes at the top without over-arching; lower under control.",
        ),
    ),
    # ---- step-ups, lunges, single-leg work ----------------------------------
    _exercise(
        id="forward_step_up",
        name="Forward step-up",
        aliases=(
            "Step Up",
            "Step-up (Bodyweight)",
            "Box Step-Up",
            "Front Step-Up",
        ),
        targets=(
            _t("quadriceps", Role.PRIMARY),
            _t("gluteus_maximus", Role.PRIMARY),
            _t("gluteus_medius", Role.SECONDARY, 63.0, _MACASKILL_2014),
            _t("gluteus_minimus", Role.SECONDARY),
        ),
        pattern="lunge",
        position="standing",
        unilateral=True,
        equipment=frozenset({"step"}),
        level=1,
        harder="dumbbell_step_up",
        tags=frozenset({"deep_knee_flexion", "weight_bearing"}),
        cues=(
            "Whole foot on the step; knee tracks over the toes.",
            "Push through the heel of the top leg to stand up; don't push off the bottom foot.",
            "Keep the pelvis level and lower slowly.",
        ),
    ),
    _exercise(
        id="dumbbell_step_up",
        name="Dumbbell step-up",
        aliases=("Weighted Step-Up", "Dumbbell Box Step-Up"),
        targets=(
            _t("quadriceps", Role.PRIMARY),
            _t("gluteus_maximus", Role.PRIMARY),
            _t("gluteus_medius", Role.SECONDARY),
            _t("gluteus_minimus", Role.SECONDARY),
        ),
        pattern="lunge",
        position="standing",
        unilateral=True,
        equipment=frozenset({"step", "dumbbell"}),
        load_kind=LoadKind.WEIGHT,
        level=1,
        easier="forward_step_up",
        tags=frozenset({"deep_knee_flexion", "weight_bearing"}),
        increment_kg=2.0,  # a dumbbell in each hand: the load is the pair, +1 kg a hand
        cues=(
            "A dumbbell in each hand, arms long (the load is both together); whole foot on the step.",
            "Stand up through the heel of the top leg; knee over the toes, pelvis level.",
            "Step down slowly under control.",
        ),
    ),
    _exercise(
        id="lateral_step_up",
        name="Lateral step-up",
        aliases=(
            "Side Step-Up",
            "Lateral Box Step-Up",
            "Lateral Step-Up (Bodyweight)",
        ),
        targets=(
            _t("quadriceps", Role.PRIMARY),
            _t("gluteus_maximus", Role.SECONDARY),
            _t("gluteus_medius", Role.SECONDARY, 61.0, _MACASKILL_2014),
            _t("gluteus_minimus", Role.SECONDARY),
        ),
        pattern="lunge",
        position="standing",
        unilateral=True,
        equipment=frozenset({"step"}),
        level=1,
        harder="single_leg_squat",
        tags=frozenset({"deep_knee_flexion", "weight_bearing"}),
        cues=(
            "Stand side-on to the step, the near foot on it.",
            "Stand up through the heel on the step; knee over the toes, pelvis level.",
            "Lower the other foot slowly to a light touch.",
        ),
    ),
    _exercise(
        id="single_leg_squat",
        name="Single-leg squat",
        aliases=(
            "Pistol Squat",
            "Single Leg Squat (Bodyweight)",
            "Pistol Squat (Bodyweight)",
        ),
        targets=(
            _t("quadriceps", Role.PRIMARY),
            _t("gluteus_maximus", Role.SECONDARY),
            _t("gluteus_medius", Role.SECONDARY),
            _t("gluteus_minimus", Role.SECONDARY, 40.0, f"{_MOORE_2019} (fine-wire, median)"),
        ),
        pattern="squat",
        position="standing",
        unilateral=True,
        level=3,
        easier="lateral_step_up",
        tags=frozenset({"deep_knee_flexion", "weight_bearing"}),
        cues=(
            "Stand on one leg, the other held in front.",
            "Sit the hips back and down slowly; the knee tracks over the toes, not inward.",
            "Keep the pelvis level; go only as deep as you can control.",
        ),
    ),
    _exercise(
        id="forward_lunge",
        name="Forward lunge",
        aliases=(
            "Lunge",
            "Lunge (Bodyweight)",
            "Front Lunge",
            "Forward Lunge (Bodyweight)",
        ),
        targets=(
            _t("quadriceps", Role.PRIMARY),
            _t("gluteus_maximus", Role.PRIMARY),
            _t("gluteus_medius", Role.SECONDARY, 48.0, _DISTEFANO_2009),
            _t("gluteus_minimus", Role.SECONDARY),
            _t("adductors", Role.SECONDARY),
        ),
        pattern="lunge",
        position="standing",
        unilateral=True,
        level=1,
        harder="bulgarian_split_squat",
        tags=frozenset({"deep_knee_flexion", "weight_bearing"}),
        cues=(
            "Step forward and lower until both knees are bent about 90°.",
            "Front knee over the toes, trunk upright, pelvis level.",
            "Push back through the front heel under control.",
        ),
    ),
    _exercise(
        id="bulgarian_split_squat",
        name="Bulgarian split squat",
        aliases=(
            "Rear Foot Elevated Split Squat",
            "RFESS",
            "Bulgarian Split Squat (Bodyweight)",
            "Bulgarian Squat",
        ),
        targets=(
            _t("quadriceps", Role.PRIMARY),
            _t("gluteus_maximus", Role.PRIMARY),
            _t("gluteus_medius", Role.SECONDARY),
            _t("gluteus_minimus", Role.SECONDARY),
            _t("adductors", Role.SECONDARY),
        ),
        pattern="lunge",
        position="standing",
        unilateral=True,
        equipment=frozenset({"bench"}),
        level=2,
        easier="forward_lunge",
        tags=frozenset({"deep_knee_flexion", "weight_bearing"}),
        cues=(
            "Rear foot on the bench, front foot far enough forward to keep the heel down.",
            "Lower slowly straight down; front knee tracks over the toes.",
            "Drive up through the front heel; keep the pelvis level.",
        ),
    ),
    _exercise(
        id="lateral_lunge",
        name="Lateral lunge",
        aliases=("Side Lunge", "Lateral Lunge (Bodyweight)", "Bodyweight Side Lunge"),
        targets=(
            _t("quadriceps", Role.PRIMARY),
            _t("gluteus_maximus", Role.PRIMARY),
            _t("adductors", Role.SECONDARY),
            _t("gluteus_medius", Role.SECONDARY),
            _t("gluteus_minimus", Role.SECONDARY),
        ),
        pattern="lunge",
        position="standing",
        unilateral=True,
        level=1,
        tags=frozenset({"deep_knee_flexion", "weight_bearing"}),
        cues=(
            "Step wide to the side and sit the hips back over that foot, the other leg straight.",
            "Knee tracks over the toes, whole foot down, chest up.",
            "Push back to standing through the heel, slowly and under control.",
        ),
    ),
    _exercise(
        id="curtsy_lunge",
        name="Curtsy lunge",
        aliases=("Curtsey Lunge", "Curtsy Squat", "Curtsy Lunge (Bodyweight)"),
        targets=(
            _t("quadriceps", Role.PRIMARY),
            _t("gluteus_maximus", Role.PRIMARY),
            _t("gluteus_medius", Role.SECONDARY),
            _t("gluteus_minimus", Role.SECONDARY),
            _t("adductors", Role.SECONDARY),
        ),
        pattern="lunge",
        position="standing",
        unilateral=True,
        level=2,
        tags=frozenset({"deep_knee_flexion", "weight_bearing"}),
        cues=(
            "Step one foot back and across behind the other, as in a curtsy.",
            "Lower slowly; the front knee stays over the front foot, not caving in, hips square.",
            "Drive up through the front heel; only as deep as you control.",
        ),
    ),
    _exercise(
        id="bodyweight_single_leg_deadlift",
        name="Single-leg Romanian deadlift",
        aliases=(
            "Single-leg Romanian deadlift at bodyweight",
            "Single Leg Deadlift",
            "Romanian Deadlift, Single Leg",
            "Single Leg Romanian Deadlift (Bodyweight)",
            "Bodyweight Single Leg Deadlift",
        ),
        targets=(
            # SCIENCE.md gives 59 % MVIC for Distefano's single-leg deadlift from the
            # abstract only, not checked against the paper's table: None, as for the
            # single-leg squat.
            _t("gluteus_maximus", Role.PRIMARY),
            _t("hamstrings", Role.PRIMARY),
            _t("gluteus_medius", Role.SECONDARY),
            _t("gluteus_minimus", Role.SECONDARY),
            _t("erector_spinae", Role.STABILIZER),
        ),
        pattern="hinge",
        position="standing",
        unilateral=True,
        level=2,
        harder="single_leg_deadlift",
        tags=frozenset({"weight_bearing"}),
        cues=(
            "Stand on one leg, standing knee soft; a hand on a wall at first if you need it.",
            "Hinge at the hip, the free leg reaching back, back flat, hips square to the floor.",
            "Stand up by squeezing the glute of the standing leg; move slowly.",
        ),
    ),
    _exercise(
        id="single_leg_deadlift",
        name="Dumbbell single-leg Romanian deadlift",
        aliases=(
            "Single-Leg Deadlift with Dumbbell",
            "Single Leg Dumbbell Deadlift",
            "Single Leg Dumbbell RDL",
        ),
        targets=(
            _t("gluteus_maximus", Role.PRIMARY),
            _t("hamstrings", Role.PRIMARY),
            _t("gluteus_medius", Role.SECONDARY),
            _t("gluteus_minimus", Role.SECONDARY),
            _t("erector_spinae", Role.STABILIZER),
        ),
        pattern="hinge",
        position="standing",
        unilateral=True,
        equipment=frozenset({"dumbbell"}),
        load_kind=LoadKind.WEIGHT,
        level=2,
        easier="bodyweight_single_leg_deadlift",
        tags=frozenset({"weight_bearing"}),
        cues=(
            "Dumbbell in the hand opposite the standing leg; soft standing knee.",
            "Hinge at the hip, the free leg reaching back, back flat, hips square to the floor.",
            "Stand up by squeezing the glute of the standing leg; move slowly.",
        ),
    ),
    _exercise(
        id="kettlebell_single_leg_deadlift",
        name="Kettlebell single-leg Romanian deadlift",
        aliases=("Kettlebell Single Leg Deadlift",),
        targets=(
            _t("gluteus_maximus", Role.PRIMARY),
            _t("hamstrings", Role.PRIMARY),
            _t("gluteus_medius", Role.SECONDARY),
            _t("gluteus_minimus", Role.SECONDARY),
            _t("erector_spinae", Role.STABILIZER),
        ),
        pattern="hinge",
        position="standing",
        unilateral=True,
        equipment=frozenset({"kettlebell"}),
        load_kind=LoadKind.WEIGHT,
        level=2,
        easier="bodyweight_single_leg_deadlift",
        tags=frozenset({"weight_bearing"}),
        cues=(
            "Kettlebell by the handle in one hand; stand on one leg, knee soft.",
            "Hinge at the hip, the free leg reaching back, back flat, hips square; lower the "
            "bell towards the floor.",
            "Stand up by squeezing the glute of the standing leg; move slowly.",
        ),
    ),
)


def _ladders(exercises: Iterable[Exercise]) -> tuple[tuple[str, ...], ...]:
    """Every path of two or more exercises from a bottom rung up to a top one.

    Links count from either side (as :mod:`hipdip.ladders` derives them);
    paths follow :data:`EXERCISES` order, and several harder variants of one
    rung give several paths.
    """
    by_id = {e.id: e for e in exercises}
    harder: dict[str, list[str]] = {}
    has_easier: set[str] = set()
    for exercise in by_id.values():
        links = [(exercise.id, exercise.harder), (exercise.easier, exercise.id)]
        for low, high in links:
            if low in by_id and high in by_id and high not in harder.get(low, []):
                harder.setdefault(low, []).append(high)
                has_easier.add(high)
    paths: list[tuple[str, ...]] = []

    def walk(path: list[str]) -> None:
        ups = [i for i in harder.get(path[-1], []) if i not in path]
        if not ups:
            if len(path) > 1:
                paths.append(tuple(path))
            return
        for up in ups:
            walk([*path, up])

    for id_ in by_id:
        if id_ not in has_easier:
            walk([id_])
    return tuple(paths)


#: The ladders as paths of exercise ids, easiest first, in :data:`EXERCISES` order.
LADDERS: tuple[tuple[str, ...], ...] = _ladders(EXERCISES)


@hookimpl
def hipdip_register_exercises(register: Callable[[Exercise], None]) -> None:
    """Register every exercise in :data:`EXERCISES`."""
    for exercise in EXERCISES:
        register(exercise)
