"""The honest hip-contour assessment: what shapes hip dips, and what can change.

:func:`assess` explains four factors, in this order: ``bone_structure`` (fixed),
``muscle``, ``body_fat`` and ``posture`` (modifiable, posture only in part).
The body-fat factor names the WHO BMI class and, for a fat-loss goal, every
screen before a deficit that would fire (SCIENCE.md §Screens before any
deficit).
It never predicts a numeric "dip reduction": no study gives one, and the bone
that sets the depth cannot be trained away. Unknown inputs are reported as
unknown.

>>> from hipdip import BodyComposition, Profile
>>> profile = Profile(sex="female", age=30, experience="beginner",
...                   body=BodyComposition(weight_kg=65, height_cm=165, body_fat_pct=28))
>>> [(f.name, f.modifiable) for f in assess(profile).factors]
[('bone_structure', False), ('muscle', True), ('body_fat', True), ('posture', True)]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hipdip.body import (
    ACE_SOURCE,
    ARTICLE_SOURCE,
    DEURENBERG_SEE_PCT,
    DEURENBERG_SOURCE,
    FAT_LOSS_FLOOR_PCT,
    HERRINGTON_SOURCE,
    HIGH_ANTERIOR_TILT_DEG,
    NAVY_SOURCE,
    PREECE_SOURCE,
    WALKER_SOURCE,
    WHO_BMI_SOURCE,
    BodyFatCategory,
    bmi_class,
    body_fat_category,
    estimate_body_fat,
    format_bmi,
    navy_body_fat,
)
from hipdip.errors import ValidationError
from hipdip.models import Assessment, DipDepth, Factor, Goal, Profile, Sex

if TYPE_CHECKING:
    import pluggy

__all__ = ["FACTOR_NAMES", "assess"]

#: The factors of every assessment, in order.
FACTOR_NAMES: tuple[str, ...] = ("bone_structure", "muscle", "body_fat", "posture")

_ANATOMY_SOURCE = (
    f"{ARTICLE_SOURCE}: trochanteric depressions between the iliac crest and the greater "
    "trochanter, set by hip width, femoral neck length and genetics"
)
_MUSCLE_SOURCE = (
    f"{ARTICLE_SOURCE}: targeted strength training; Schoenfeld, Ogborn & Krieger, 2017, "
    "J Sports Sci (≥ 10 weekly hard sets)"
)


def assess(profile: Profile, *, pm: pluggy.PluginManager | None = None) -> Assessment:
    """Explain the four factors behind ``profile``'s hip contour, with advice and sources.

    Works with any subset of the optional inputs (hip structure, posture,
    body fat or circumferences); what is not given is said to be unknown.
    ``bone_structure`` is never modifiable. Equipment that the catalogue of
    ``pm`` (default: the process-wide plugin manager) does not know is a
    :class:`~hipdip.ValidationError`, as in :func:`hipdip.plan_program`.

    >>> from hipdip import BodyComposition, HipStructure, Posture, Profile
    >>> profile = Profile(sex="female", age=30, experience="beginner",
    ...                   body=BodyComposition(weight_kg=58, height_cm=165, body_fat_pct=18),
    ...                   hip=HipStructure("pronounced"), posture=Posture(24))
    >>> result = assess(profile)
    >>> result.factor("body_fat").status
    '18 % (measured); ACE category: athletes. BMI 21.3 kg/m² (WHO: normal).'
    >>> thin = Profile(sex="female", age=19, experience="beginner", goal="fat_loss",
    ...                body=BodyComposition(weight_kg=42, height_cm=170))
    >>> advice = assess(thin).factor("body_fat").advice
    >>> print(advice[advice.index("For your goal"):])
    For your goal (fat loss): BMI 14.5 kg/m² is under 18.5 (WHO: underweight), so there is no deficit, whatever the body fat (`safety_underweight`). Body fat 16.4 % (estimated from BMI 14.5 and age by Deurenberg; ± 4 points) is at or below the fat-loss floor of 21 % for women (the lower edge of the ACE 'fitness' category) (`safety_fat_loss_floor`). So hipdip plans no fat-loss deficit: the plan stays at maintenance.
    >>> result.factor("posture").status
    'High anterior tilt: 24° (above 18°, the mean + 1 SD of pelvic shape alone).'
    >>> assess("me")
    Traceback (most recent call last):
    ...
    hipdip.errors.ValidationError: profile: must be a hipdip.Profile (got str)
    """
    if not isinstance(profile, Profile):
        raise ValidationError(f"profile: must be a hipdip.Profile (got {type(profile).__name__})")
    from hipdip.inputs import check_profile
    from hipdip.registry import catalog

    check_profile(profile, catalog(pm))
    return Assessment(
        (_bone_structure(profile), _muscle(profile), _body_fat(profile), _posture(profile))
    )


def _bone_structure(profile: Profile) -> Factor:
    hip = profile.hip
    if hip is None:
        status = "Unknown: no hip structure given (self-rated dip depth, optional hip width)."
    else:
        status = f"Self-rated dip depth: {hip.dip_depth.value}."
        if hip.hip_width_cm is not None:
            status += f" Hip width: {hip.hip_width_cm:g} cm."
    advice = (
        "Hip dips are trochanteric depressions where the iliac crest of the pelvis meets the "
        "greater trochanter of the femur. Their depth is set by bone (hip width, femoral neck "
        "length, genetics) and they are a normal anatomical variation. Training cannot remove "
        "the depression or change the bone; it can only build the muscle over it, which can "
        "soften how it looks."
    )
    if hip is not None and hip.dip_depth is DipDepth.NONE:
        advice = "You report no visible dip, so there is nothing to correct. " + advice
    return Factor("bone_structure", False, status, advice, _ANATOMY_SOURCE)


def _muscle(profile: Profile) -> Factor:
    status = (
        "Modifiable: gluteus medius and minimus volume can be built "
        f"(experience: {profile.experience.value})."
    )
    advice = (
        "Hypertrophy of the gluteus medius and gluteus minimus, the hip abductors and "
        "stabilisers above and beside the depression, is the main lever: more muscle volume "
        "fills the upper outer hip and can soften the dip. "
        "Exercises: side-lying hip abduction (add an ankle weight or a band above the knees), "
        "clamshells (to build the mind–muscle connection first), fire hydrants (on all fours, "
        "knee bent at 90°, band round the thighs), standing cable hip abduction and lateral band "
        "walks (loop at the ankles or knees). "
        "Use progressive overload with slow, controlled reps, form before load, and at least "
        "10 hard sets for the gluteus medius a week."
    )
    return Factor("muscle", True, status, advice, _MUSCLE_SOURCE)


def _body_fat(profile: Profile) -> Factor:
    estimate = estimate_body_fat(profile.sex, profile.body)
    smoothing = (
        "Less body fat leaves less tissue to smooth the contour, so hip dips look more visible, "
        "not less, and drastic weight loss can make them more prominent."
    )
    source = f"{ARTICLE_SOURCE}: body composition; {ACE_SOURCE}; {WHO_BMI_SOURCE}"
    bmi = profile.body.bmi
    bmi_text = f"BMI {format_bmi(bmi)} kg/m² (WHO: {bmi_class(bmi).value})."
    screens, screen_sources = _screens(profile)
    if estimate is None:
        guess = estimate_body_fat(profile.sex, profile.body, profile.age)
        assert guess is not None  # with an age there is the Deurenberg estimate
        status = (
            "Unknown: no body_fat_pct, and not enough circumferences for the US Navy estimate "
            "(waist and neck; for women also hip). From BMI and age it is about "
            f"{guess.pct:.0f} % (Deurenberg; ± {DEURENBERG_SEE_PCT:g} points). {bmi_text}"
        )
        advice = (
            f"{smoothing} A moderate, healthy body fat gives a smoother outline. Give "
            "body_fat_pct or the circumferences to see your ACE category."
        )
        source += f"; {DEURENBERG_SOURCE}"
        return Factor(
            "body_fat", True, status, _join(advice, screens), _sources(source + screen_sources)
        )
    if estimate.method == "navy":
        body = profile.body
        assert body.waist_cm is not None
        assert body.neck_cm is not None
        raw = navy_body_fat(profile.sex, body.height_cm, body.waist_cm, body.neck_cm, body.hip_cm)
        if raw < estimate.pct:  # circumferences that do not fit the weight and height
            status = (
                f"Unclear: the US Navy estimate from circumferences is {raw:.1f} %, under the "
                f"{estimate.pct:.1f} % this weight and height can have: check waist_cm and "
                f"neck_cm, or give body_fat_pct. {bmi_text}"
            )
            advice = f"{smoothing} A moderate, healthy body fat gives a smoother outline."
            source += f"; {NAVY_SOURCE}"
            return Factor(
                "body_fat", True, status, _join(advice, screens), _sources(source + screen_sources)
            )
    how = "measured" if estimate.method == "measured" else "US Navy estimate from circumferences"
    shown = f"{estimate.pct:g}" if estimate.method == "measured" else f"{estimate.pct:.1f}"
    category = body_fat_category(profile.sex, estimate.pct)
    status = f"{shown} % ({how}); ACE category: {category.value}. {bmi_text}"
    floor = FAT_LOSS_FLOOR_PCT[profile.sex]
    who = "women" if profile.sex is Sex.FEMALE else "men"
    if estimate.pct <= floor:
        advice = (
            f"This is at or below hipdip's fat-loss floor ({floor:g} % for {who}, the lower edge "
            "of ACE 'fitness'), so hipdip plans no fat-loss deficit. "
            f"{smoothing} Build muscle instead, eating at maintenance or a small surplus."
        )
    elif category is BodyFatCategory.OBESE:
        advice = (
            "Losing fat slowly is good for health. Keep it gradual: hipdip aims for 0.5 % and "
            "never more than 1 % of body mass a week. "
            "Drastic weight loss can make hip dips more prominent, and fat loss alone does not "
            "remove them; keep training the glutes while you lose."
        )
    else:
        advice = (
            "This is a healthy range, and a moderate, healthy body fat helps smooth the contour. "
            "Losing fat will not remove hip dips, and drastic weight loss can make them more "
            "prominent. If you do want to lose fat, go slowly: hipdip caps loss at 1 % of body "
            "mass a week."
        )
    if estimate.method == "navy":
        source += f"; {NAVY_SOURCE}"
    return Factor(
        "body_fat", True, status, _join(advice, screens), _sources(source + screen_sources)
    )


def _screens(profile: Profile) -> tuple[str, str]:
    """What the screens before a deficit say for the profile's goal, and their sources."""
    if profile.goal is not Goal.FAT_LOSS:
        return "", ""
    # The built-in nutrition module imports pluggy (hookimpl): load it on first use.
    from hipdip.builtin.nutrition import screens_that_fire

    hits = screens_that_fire(profile)
    if not hits:
        return (
            "For your goal (fat loss), none of hipdip's screens before a deficit (BMI, body "
            "fat, age, the energy floor) fires: a slow deficit is planned.",
            "",
        )
    reasons = " ".join(f"{hit.reason} (`{hit.rule}`)." for hit in hits)
    effect = (
        "So hipdip plans no fat-loss deficit: the plan stays at maintenance."
        if any(hit.stops_deficit for hit in hits)
        else "So hipdip keeps the deficit smaller."
    )
    sources = "".join(f"; {hit.source}" for hit in hits)
    return f"For your goal (fat loss): {reasons} {effect}", sources


def _sources(text: str) -> str:
    """``text``'s "; "-separated sources, each once, in order."""
    return "; ".join(dict.fromkeys(text.split("; ")))


def _join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def _posture(profile: Profile) -> Factor:
    tilt = None if profile.posture is None else profile.posture.pelvic_tilt_deg
    visible = "Anterior pelvic tilt can make hip dips look more visible (the article)."
    normal = (
        "A mild anterior tilt is normal, not a defect: most people stand with some "
        "(85 % of men, 75 % of women)."
    )
    core = "core work (planks, side planks, bird-dogs)"
    weak = "the evidence that exercise changes resting pelvic tilt is weak"
    source = f"{PREECE_SOURCE}; {HERRINGTON_SOURCE}; {WALKER_SOURCE}; {ARTICLE_SOURCE}: posture"
    if tilt is None:
        status = "Unknown: no pelvic tilt measurement."
        advice = (
            f"{visible} {normal} If your anterior tilt is high, {core} is worth adding to the "
            f"glute training, but {weak}."
        )
    elif tilt > HIGH_ANTERIOR_TILT_DEG:
        status = (
            f"High anterior tilt: {tilt:g}° (above {HIGH_ANTERIOR_TILT_DEG:g}°, the mean + 1 SD "
            "of pelvic shape alone)."
        )
        advice = (
            f"{visible} Add {core} alongside the glute training; hipdip's planner adds a core "
            f"block. Be realistic: {weak}, so treat it as core strength, not a promised change "
            "in posture."
        )
    elif tilt >= 0:
        status = f"Within the normal range: {tilt:g}° anterior tilt."
        advice = (
            f"{normal} No posture work is needed for the hip area; {core} is still good "
            f"general training. Note that {weak}."
        )
    else:
        status = f"Posterior tilt: {-tilt:g}°."
        advice = (
            f"{visible} A posterior tilt is not what the article warns about. {core.capitalize()} "
            f"is still good general training, though {weak}."
        )
    return Factor("posture", True, status, advice, source)
