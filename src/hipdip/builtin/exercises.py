"""Built-in exercises: every exercise the hip-dips article names, with variants and ladders.

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
  (up to the 5 kg cap of :mod:`hipdip.loads`) → standing cable hip abduction.
- *lateral band walk*: band at the knees → ankles → feet. Gluteal activity
  rises as the band moves down the leg (Lewis, Foley, Lee & Berry, 2018,
  J Athl Train).
- fire hydrant → banded fire hydrant; glute bridge →
  single-leg glute bridge, and glute bridge → hip thrust (the hip thrust
  names the bridge as its easier variant: it credits no gluteus medius, so
  it is never a step up from the single-leg bridge); forward lunge →
  Bulgarian split squat; forward step-up → dumbbell step-up; lateral step-up
  → single-leg squat. Plank, side plank, bird-dog, the side plank with hip
  abduction (reps, as Boren et al., 2011 measured it: a gluteus medius
  exercise, not a harder core hold) and the single-leg deadlift stand alone.

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
abduction isolation moves for gluteus medius/minimus), ``SECONDARY`` where it
works hard but is not the point (step-ups, lunges, single-leg work, the side
plank) and ``STABILIZER`` where it only holds a position.

**Activation.** ``activation_mvic`` (% MVIC, EMG) comes only from
SCIENCE.md's table, with its study in ``source``; every other target has
``activation_mvic=None`` — no value is ever estimated. %MVIC ranks exercises
within a study; it does not measure growth.

**Equipment** slugs are the keys of :data:`EQUIPMENT`; an empty set means
bodyweight only. ``increment_kg`` is ``None`` (the equipment defaults of
:mod:`hipdip.loads`: ankle weights 0.5 kg, cable 2.5 kg, dumbbell 1 kg)
except for the dumbbell step-up, loaded with a dumbbell in each hand: its
load is the pair, so it steps 2 kg (1 kg a hand).

>>> from hipdip.builtin.exercises import EXERCISES, LADDERS
>>> LADDERS[1]
('side_lying_hip_abduction', 'banded_side_lying_hip_abduction', 'ankle_weight_side_lying_hip_abduction', 'standing_cable_hip_abduction')
>>> abduction = next(e for e in EXERCISES if e.id == "side_lying_hip_abduction")
>>> target = abduction.target("gluteus_medius")
>>> target.activation_mvic, target.source
(81.0, 'Distefano et al., 2009, JOSPT')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType

from hipdip.hookspecs import hookimpl
from hipdip.models import BandPlacement, Exercise, LoadKind, MuscleTarget, Role

__all__ = ["EQUIPMENT", "EXERCISES", "LADDERS", "hipdip_register_exercises"]

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
    }
)

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


#: Every built-in exercise, grouped by ladder (easiest first).
EXERCISES: tuple[Exercise, ...] = (
    # ---- side-lying abduction ladder ---------------------------------------
    Exercise(
        id="clamshell",
        name="Clamshell",
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
    Exercise(
        id="banded_clamshell",
        name="Banded clamshell",
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
    Exercise(
        id="side_lying_hip_abduction",
        name="Side-lying hip abduction",
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
    Exercise(
        id="banded_side_lying_hip_abduction",
        name="Banded side-lying hip abduction",
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
    Exercise(
        id="ankle_weight_side_lying_hip_abduction",
        name="Side-lying hip abduction with ankle weight",
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
    Exercise(
        id="standing_cable_hip_abduction",
        name="Standing cable hip abduction",
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
    # ---- fire hydrant -------------------------------------------------------
    Exercise(
        id="fire_hydrant",
        name="Fire hydrant",
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
    Exercise(
        id="banded_fire_hydrant",
        name="Banded fire hydrant",
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
    Exercise(
        id="lateral_band_walk_knees",
        name="Lateral band walk, band at the knees",
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
    Exercise(
        id="lateral_band_walk_ankles",
        name="Lateral band walk, band at the ankles",
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
    Exercise(
        id="lateral_band_walk_feet",
        name="Lateral band walk, band around the feet",
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
    # ---- core: planks and bird-dog (holds) -----------------------------------
    Exercise(
        id="plank",
        name="Plank",
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
    Exercise(
        id="side_plank",
        name="Side plank",
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
    Exercise(
        id="side_plank_hip_abduction",
        name="Side plank with hip abduction",
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
    Exercise(
        id="bird_dog",
        name="Bird-dog",
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
    Exercise(
        id="glute_bridge",
        name="Glute bridge",
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
    Exercise(
        id="single_leg_glute_bridge",
        name="Single-leg glute bridge",
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
    Exercise(
        id="hip_thrust",
        name="Hip thrust",
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
    # ---- step-ups, lunges, single-leg work ----------------------------------
    Exercise(
        id="forward_step_up",
        name="Forward step-up",
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
    Exercise(
        id="dumbbell_step_up",
        name="Dumbbell step-up",
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
    Exercise(
        id="lateral_step_up",
        name="Lateral step-up",
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
    Exercise(
        id="single_leg_squat",
        name="Single-leg squat",
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
    Exercise(
        id="forward_lunge",
        name="Forward lunge",
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
    Exercise(
        id="bulgarian_split_squat",
        name="Bulgarian split squat",
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
    Exercise(
        id="single_leg_deadlift",
        name="Single-leg Romanian deadlift",
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
        tags=frozenset({"weight_bearing"}),
        cues=(
            "Dumbbell in the hand opposite the standing leg; soft standing knee.",
            "Hinge at the hip, the free leg reaching back, back flat, hips square to the floor.",
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
