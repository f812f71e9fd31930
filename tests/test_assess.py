"""assess(): four honest factors, for every combination of optional inputs."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from hypothesis import given

import hipdip
from hipdip import (
    Assessment,
    BodyComposition,
    DipDepth,
    Experience,
    HipStructure,
    Posture,
    Profile,
    Sex,
    ValidationError,
)
from hipdip.body import HIGH_ANTERIOR_TILT_DEG, body_fat_category, estimate_body_fat

try:  # the shared kit's strategy, when present
    from hipdip.testing.strategies import profiles as kit_profiles
except ImportError:  # pragma: no cover - kit not installed
    kit_profiles = None

NAMES = ("bone_structure", "muscle", "body_fat", "posture")

_DIP_WORDS = re.compile(r"\bdips?\b|depression|contour|trochanter", re.IGNORECASE)
_PROMISES = re.compile(
    r"\b(will|can|to) (remove|eliminate|erase|get rid of)\b|\b(guarantee|permanently fix)",
    re.IGNORECASE,
)


def texts(assessment: Assessment) -> list[str]:
    return [
        text
        for factor in assessment.factors
        for text in (factor.status, factor.advice, factor.source or "")
    ]


def assert_honest(assessment: Assessment) -> None:
    """Four factors in order, bone fixed, no numeric dip prediction, no promise of removal."""
    assert tuple(f.name for f in assessment.factors) == NAMES
    assert assessment.factors[0].modifiable is False
    assert all(f.modifiable for f in assessment.factors[1:])
    assert all(f.source for f in assessment.factors)
    for factor in assessment.factors:  # the source may quote the article's title
        assert not _PROMISES.search(f"{factor.status} {factor.advice}"), factor
    for text in texts(assessment):
        for sentence in re.split(r"(?<=[.!?;])\s+", text):
            if _DIP_WORDS.search(sentence):
                assert not re.search(r"\d", sentence), sentence


BODIES = {
    "measured": BodyComposition(weight_kg=65, height_cm=165, body_fat_pct=28),
    "lean": BodyComposition(weight_kg=58, height_cm=165, body_fat_pct=18),
    "obese": BodyComposition(weight_kg=95, height_cm=165, body_fat_pct=38),
    "circumferences": BodyComposition(
        weight_kg=65, height_cm=165, waist_cm=72, hip_cm=98, neck_cm=33
    ),
    "waist_neck_only": BodyComposition(weight_kg=65, height_cm=165, waist_cm=72, neck_cm=33),
    "nothing": BodyComposition(weight_kg=65, height_cm=165),
}
HIPS: list[HipStructure | None] = [
    None,
    *(HipStructure(depth) for depth in DipDepth),
    HipStructure(DipDepth.MODERATE, hip_width_cm=36),
]
POSTURES: list[Posture | None] = [
    None,
    Posture(),
    *(Posture(t) for t in (-12.0, 0.0, 13.0, HIGH_ANTERIOR_TILT_DEG, 18.5, 30.0)),
]


@pytest.mark.parametrize("sex", list(Sex))
def test_every_subset_of_optional_inputs(sex: Sex) -> None:
    for body, hip, posture in itertools.product(BODIES.values(), HIPS, POSTURES):
        profile = Profile(
            sex=sex, age=30, body=body, experience=Experience.BEGINNER, hip=hip, posture=posture
        )
        assert_honest(hipdip.assess(profile))


def _profile(**changes: Any) -> Profile:
    fields: dict[str, Any] = {
        "sex": Sex.FEMALE,
        "age": 30,
        "body": BODIES["measured"],
        "experience": Experience.BEGINNER,
    }
    fields.update(changes)
    return Profile(**fields)


def test_bone_structure_is_fixed_and_says_training_cannot_remove_it() -> None:
    factor = hipdip.assess(_profile(hip=HipStructure(DipDepth.PRONOUNCED))).factors[0]
    assert factor.name == "bone_structure"
    assert factor.modifiable is False
    assert "pronounced" in factor.status
    assert "cannot remove" in factor.advice
    assert "bone" in factor.advice


def test_unknown_inputs_are_said_to_be_unknown() -> None:
    result = hipdip.assess(_profile(body=BODIES["nothing"]))
    for name in ("bone_structure", "body_fat", "posture"):
        factor = result.factor(name)
        assert factor is not None
        assert factor.status.startswith("Unknown"), name


def test_muscle_names_the_lever_and_the_article_exercises() -> None:
    factor = hipdip.assess(_profile()).factor("muscle")
    assert factor is not None
    assert factor.modifiable
    for words in (
        "gluteus medius",
        "gluteus minimus",
        "side-lying hip abduction",
        "clamshell",
        "fire hydrant",
        "standing cable hip abduction",
        "lateral band walk",
        "progressive overload",
    ):
        assert words in factor.advice, words


@pytest.mark.parametrize(
    ("body", "category"),
    [("measured", "average"), ("lean", "athletes"), ("obese", "obese")],
)
def test_body_fat_reports_the_ace_category(body: str, category: str) -> None:
    profile = _profile(body=BODIES[body])
    factor = hipdip.assess(profile).factor("body_fat")
    assert factor is not None
    assert f"ACE category: {category}" in factor.status
    assert "(measured)" in factor.status
    assert "more visible" in factor.advice or "more prominent" in factor.advice


def test_lean_body_fat_is_told_not_to_lose_more() -> None:
    factor = hipdip.assess(_profile(body=BODIES["lean"])).factor("body_fat")
    assert factor is not None
    assert "fat-loss floor" in factor.advice
    assert "more visible" in factor.advice
    assert "Build muscle" in factor.advice


def test_body_fat_from_circumferences_uses_the_navy_estimate() -> None:
    profile = _profile(body=BODIES["circumferences"])
    estimate = estimate_body_fat(profile.sex, profile.body)
    assert estimate is not None
    factor = hipdip.assess(profile).factor("body_fat")
    assert factor is not None
    assert "US Navy" in factor.status
    assert body_fat_category(profile.sex, estimate.pct).value in factor.status
    assert factor.source is not None
    assert "Hodgdon" in factor.source


def test_women_need_hip_for_the_navy_estimate() -> None:
    factor = hipdip.assess(_profile(body=BODIES["waist_neck_only"])).factor("body_fat")
    assert factor is not None
    assert factor.status.startswith("Unknown")
    men = hipdip.assess(_profile(sex=Sex.MALE, body=BODIES["waist_neck_only"]))
    male_factor = men.factor("body_fat")
    assert male_factor is not None
    assert "US Navy" in male_factor.status


@pytest.mark.parametrize(
    ("tilt", "word"),
    [(18.5, "High anterior tilt"), (30.0, "High anterior tilt"), (18.0, "normal"), (5.0, "normal")],
)
def test_posture_threshold(tilt: float, word: str) -> None:
    factor = hipdip.assess(_profile(posture=Posture(tilt))).factor("posture")
    assert factor is not None
    assert word in factor.status
    assert "weak" in factor.advice


def test_high_tilt_recommends_core_work_without_promising_a_change() -> None:
    factor = hipdip.assess(_profile(posture=Posture(24))).factor("posture")
    assert factor is not None
    for words in ("planks", "side planks", "bird-dogs", "weak", "not a promised change"):
        assert words in factor.advice, words
    assert factor.source is not None
    for author in ("Preece", "Walker", "Herrington"):
        assert author in factor.source


def test_normal_tilt_is_called_normal() -> None:
    factor = hipdip.assess(_profile(posture=Posture(13))).factor("posture")
    assert factor is not None
    assert "normal" in factor.advice


def test_tilt_threshold_constant_matches_science() -> None:
    # mean 13 ± 5° (Preece et al., 2008): mean + 1 SD.
    assert HIGH_ANTERIOR_TILT_DEG == 13 + 5


@pytest.mark.parametrize("bad", [None, "profile", 42, BODIES["measured"]])
def test_assess_rejects_a_non_profile(bad: Any) -> None:
    with pytest.raises(ValidationError, match=r"^profile:"):
        hipdip.assess(bad)


def test_assessment_is_deterministic() -> None:
    profile = _profile(hip=HipStructure("mild"), posture=Posture(20))
    assert hipdip.assess(profile) == hipdip.assess(profile)


if kit_profiles is not None:

    @given(kit_profiles())
    def test_random_profiles_get_an_honest_assessment(profile: Profile) -> None:
        assert_honest(hipdip.assess(profile))


@pytest.mark.parametrize(
    "claim",
    [
        "Eight weeks of training will reduce your hip dips by 40 %.",
        "Expect the depression to be 2 cm shallower.",
        "This program can eliminate hip dips.",
    ],
)
def test_the_honesty_check_catches_dishonest_text(claim: str) -> None:
    honest = hipdip.assess(_profile())
    muscle = honest.factors[1]
    dishonest = Assessment(
        (
            honest.factors[0],
            hipdip.Factor("muscle", True, muscle.status, claim, muscle.source),
            *honest.factors[2:],
        )
    )
    with pytest.raises(AssertionError):
        assert_honest(dishonest)
