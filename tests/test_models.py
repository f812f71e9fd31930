"""Models: every validator rejects impossible input with a message naming the field and what is allowed."""

from __future__ import annotations

import datetime
import enum
import itertools
import math
from typing import Any

import attrs
import pytest

import hipdip
from hipdip import (
    Action,
    ActivityLevel,
    Assessment,
    Band,
    BandPlacement,
    BandTier,
    BodyComposition,
    Bodyweight,
    Decision,
    DipDepth,
    Exercise,
    ExerciseLog,
    Experience,
    Factor,
    Finding,
    Goal,
    HipStructure,
    Hold,
    LoadKind,
    Measurement,
    MeasurementLog,
    Muscle,
    MuscleTarget,
    NutritionPlan,
    Posture,
    Prescription,
    Profile,
    Program,
    Progress,
    Reps,
    Role,
    Session,
    SessionLog,
    SetResult,
    Severity,
    Sex,
    TrainingLog,
    Units,
    ValidationError,
    Week,
    Weight,
)
from hipdip.models import Target

BODY = BodyComposition(weight_kg=65, height_cm=165)
PROFILE = Profile(sex=Sex.FEMALE, age=30, body=BODY, experience=Experience.BEGINNER)
ITEM = Prescription(exercise="clamshell", sets=3, dose=Reps(10, 20))
GLUTE_MED = MuscleTarget(muscle="gluteus_medius", role=Role.PRIMARY)
PROGRAM = Program(weeks=(Week(1, (Session(1, 1, (ITEM,)),)),), scheme="linear", profile=PROFILE)

#: Valid keyword arguments for every model; each bad case changes some of them.
VALID: dict[type, dict[str, Any]] = {
    Muscle: {"id": "gluteus_medius", "name": "Gluteus medius", "region": "hip"},
    MuscleTarget: {"muscle": "gluteus_medius", "role": Role.PRIMARY},
    Bodyweight: {},
    Weight: {"kg": 2.5},
    Band: {"tier": BandTier.LIGHT, "placement": BandPlacement.KNEES},
    Exercise: {
        "id": "clamshell",
        "name": "Clamshell",
        "targets": (GLUTE_MED,),
        "pattern": "hip_external_rotation",
        "position": "side_lying",
    },
    BodyComposition: {"weight_kg": 65, "height_cm": 165},
    HipStructure: {"dip_depth": DipDepth.MILD},
    Posture: {"pelvic_tilt_deg": 13},
    Profile: {"sex": Sex.FEMALE, "age": 30, "body": BODY, "experience": Experience.BEGINNER},
    Reps: {"low": 10, "high": 20},
    Hold: {"low_seconds": 20, "high_seconds": 60},
    Prescription: {"exercise": "clamshell", "sets": 3, "dose": Reps(10, 20)},
    Session: {"week": 1, "day": 1, "items": (ITEM,)},
    Week: {"index": 1, "sessions": ()},
    Program: {"weeks": PROGRAM.weeks, "scheme": "linear", "profile": PROFILE},
    Target: {"reps": Reps(10, 20), "rir": 2},
    SetResult: {"reps": 12},
    ExerciseLog: {"exercise": "clamshell", "sets": (SetResult(reps=12),)},
    SessionLog: {"week": 1, "day": 1, "exercises": ()},
    TrainingLog: {},
    Measurement: {"date": datetime.date(2024, 3, 5), "weight_kg": 65.0},
    MeasurementLog: {},
    Finding: {"rule": "session_time", "severity": Severity.WARNING, "message": "too long"},
    NutritionPlan: {
        "bmr_kcal": 1370.25,
        "tdee_kcal": 1884.1,
        "target_kcal": 1884.1,
        "protein_g": 104.0,
        "fat_g": 52.3,
        "carbs_g": 249.9,
    },
    Factor: {"name": "muscle", "modifiable": True, "status": "trainable", "advice": "Train."},
    Assessment: {"factors": ()},
    Decision: {
        "action": Action.REPEAT,
        "before": ITEM,
        "after": ITEM,
        "rule": "double_progression",
        "reason": "not yet at the top of the range",
    },
    Progress: {"program": PROGRAM},
}


def make(cls: type, **changes: Any) -> Any:
    return cls(**{**VALID[cls], **changes})


# (class, changes, field path the message starts with, fragments the message must hold)
BAD: list[tuple[type, dict[str, Any], str, tuple[str, ...]]] = [
    # weights: negative or zero
    (Weight, {"kg": 0}, "kg", ("> 0", "500")),
    (Weight, {"kg": -2.5}, "kg", ("> 0", "500")),
    (Weight, {"kg": 500.5}, "kg", ("500",)),
    (BodyComposition, {"weight_kg": 0}, "weight_kg", ("> 0", "20", "400")),
    (BodyComposition, {"weight_kg": -65}, "weight_kg", ("> 0", "20", "400")),
    (BodyComposition, {"weight_kg": 401}, "weight_kg", ("20", "400")),
    # height 100–250 cm, body fat 2–70 %
    (BodyComposition, {"height_cm": 99.9}, "height_cm", ("100", "250")),
    (BodyComposition, {"height_cm": 250.1}, "height_cm", ("100", "250")),
    (BodyComposition, {"body_fat_pct": 1.9}, "body_fat_pct", ("2", "70")),
    (BodyComposition, {"body_fat_pct": 70.1}, "body_fat_pct", ("2", "70")),
    (BodyComposition, {"waist_cm": 29}, "waist_cm", ("30", "250")),
    (BodyComposition, {"hip_cm": 251}, "hip_cm", ("40", "250")),
    (BodyComposition, {"neck_cm": 14}, "neck_cm", ("15", "80")),
    # waist ≤ neck
    (BodyComposition, {"waist_cm": 38, "neck_cm": 38}, "waist_cm", ("greater than neck_cm",)),
    (BodyComposition, {"waist_cm": 35, "neck_cm": 40}, "waist_cm", ("greater than neck_cm",)),
    # not numbers
    (BodyComposition, {"weight_kg": "65"}, "weight_kg", ("number", "20", "400")),
    (BodyComposition, {"height_cm": math.nan}, "height_cm", ("finite number",)),
    (BodyComposition, {"height_cm": math.inf}, "height_cm", ("finite number",)),
    (BodyComposition, {"weight_kg": True}, "weight_kg", ("number",)),
    (Weight, {"kg": "2.5"}, "kg", ("number",)),
    (MuscleTarget, {"activation_mvic": "40"}, "activation_mvic", ("number", "0", "200")),
    (MuscleTarget, {"activation_mvic": -1}, "activation_mvic", ("0", "200")),
    (MuscleTarget, {"activation_mvic": 201}, "activation_mvic", ("0", "200")),
    # age 16–100, integers only
    (Profile, {"age": 15}, "age", ("16", "100")),
    (Profile, {"age": 101}, "age", ("16", "100")),
    (Profile, {"age": True}, "age", ("integer", "16", "100")),
    (Profile, {"age": 30.0}, "age", ("integer",)),
    (Profile, {"age": "30"}, "age", ("integer",)),
    # days_per_week 2–6, session_minutes 10–120
    (Profile, {"days_per_week": 1}, "days_per_week", ("2", "6")),
    (Profile, {"days_per_week": 7}, "days_per_week", ("2", "6")),
    (Profile, {"days_per_week": False}, "days_per_week", ("integer",)),
    (Profile, {"session_minutes": 9}, "session_minutes", ("10", "120")),
    (Profile, {"session_minutes": 121}, "session_minutes", ("10", "120")),
    (Profile, {"body": {"weight_kg": 65}}, "body", ("BodyComposition",)),
    (Profile, {"equipment": "band"}, "equipment", ("frozenset",)),
    (Profile, {"equipment": {"Band"}}, "equipment", ("lower_snake_case",)),
    (Profile, {"hip": "mild"}, "hip", ("HipStructure",)),
    (Profile, {"posture": 13}, "posture", ("Posture",)),
    (Posture, {"pelvic_tilt_deg": 46}, "pelvic_tilt_deg", ("-30", "45")),
    (HipStructure, {"hip_width_cm": 14}, "hip_width_cm", ("15", "80")),
    # unknown enum values
    (Profile, {"sex": "other"}, "sex", ("female", "male")),
    (Profile, {"experience": "expert"}, "experience", ("beginner", "intermediate", "advanced")),
    (Profile, {"activity": "lazy"}, "activity", ("sedentary", "extra")),
    (Profile, {"goal": "bulk"}, "goal", ("maintain", "fat_loss")),
    (Profile, {"sex": 1}, "sex", ("female", "male")),
    (MuscleTarget, {"role": "main"}, "role", ("primary", "secondary", "stabilizer")),
    (Band, {"tier": "purple"}, "tier", ("extra_light", "extra_heavy")),
    (Band, {"placement": "waist"}, "placement", ("thighs", "knees", "ankles", "feet")),
    (Exercise, {"load_kind": "kettlebell"}, "load_kind", ("bodyweight", "weight", "band")),
    (HipStructure, {"dip_depth": "deep"}, "dip_depth", ("none", "pronounced")),
    (Finding, {"severity": "fatal"}, "severity", ("info", "warning", "error")),
    (Decision, {"action": "jump"}, "action", ("increase_load", "deload")),
    # reps and holds: low > high, bounds
    (Reps, {"low": 15, "high": 10}, "low", ("≤ high",)),
    (Reps, {"low": 0}, "low", ("1", "50")),
    (Reps, {"high": 51}, "high", ("1", "50")),
    (Reps, {"low": 10.0}, "low", ("integer",)),
    (Hold, {"low_seconds": 61}, "low_seconds", ("≤ high_seconds",)),
    (Hold, {"high_seconds": 601}, "high_seconds", ("1", "600")),
    # prescriptions: sets < 1, tempo, rir, rest
    (Prescription, {"sets": 0}, "sets", ("1", "20")),
    (Prescription, {"sets": 21}, "sets", ("1", "20")),
    (Prescription, {"sets": True}, "sets", ("integer",)),
    (Prescription, {"rir": 6}, "rir", ("0", "5")),
    (Prescription, {"rest_seconds": -1}, "rest_seconds", ("0", "900")),
    (Prescription, {"dose": (10, 20)}, "dose", ("Reps", "Hold")),
    (Prescription, {"load": "band"}, "load", ("Bodyweight", "Weight", "Band")),
    (Prescription, {"exercise": "Clamshell"}, "exercise", ("lower_snake_case",)),
    (Prescription, {"tempo": "2-1-2"}, "tempo", ("four non-negative integers",)),
    (Prescription, {"tempo": "2-1-2-0-1"}, "tempo", ("four non-negative integers",)),
    (Prescription, {"tempo": "-1-1-2-0"}, "tempo", ("four non-negative integers",)),
    (Prescription, {"tempo": "2-1--2-0"}, "tempo", ("four non-negative integers",)),
    (Prescription, {"tempo": "a-1-2-0"}, "tempo", ("four non-negative integers",)),
    (Prescription, {"tempo": "2.5-1-2-0"}, "tempo", ("four non-negative integers",)),
    (Prescription, {"tempo": "21-1-2-0"}, "tempo", ("≤ 20",)),
    (Prescription, {"tempo": 2120}, "tempo", ("four non-negative integers",)),
    # exercises: cross-field rules and bounds
    (Exercise, {"targets": ()}, "targets", ("1", "20")),
    (Exercise, {"targets": (GLUTE_MED, GLUTE_MED)}, "targets[1].muscle", ("twice",)),
    (Exercise, {"targets": ("gluteus_medius",)}, "targets[0]", ("MuscleTarget",)),
    (Exercise, {"level": 0}, "level", ("1", "3")),
    (Exercise, {"level": 4}, "level", ("1", "3")),
    (Exercise, {"easier": "clamshell"}, "easier", ("own easier",)),
    (Exercise, {"harder": "clamshell"}, "harder", ("own harder",)),
    (Exercise, {"easier": "plank", "harder": "plank"}, "harder", ("same as easier",)),
    (Exercise, {"band_placement": "knees"}, "band_placement", ("only BAND",)),
    (Exercise, {"load_kind": "weight", "increment_kg": 0}, "increment_kg", ("> 0", "50")),
    (Exercise, {"load_kind": "weight", "increment_kg": 51}, "increment_kg", ("50",)),
    (Exercise, {"id": "Clamshell"}, "id", ("lower_snake_case",)),
    (Exercise, {"id": "x" * 65}, "id", ("64",)),
    (Exercise, {"name": "   "}, "name", ("non-empty", "2000")),
    (Exercise, {"name": "x" * 2001}, "name", ("2000",)),
    (Exercise, {"cues": ("",)}, "cues[0]", ("non-empty",)),
    (Exercise, {"unilateral": "yes"}, "unilateral", ("true or false",)),
    (Exercise, {"equipment": frozenset({"Cable Machine"})}, "equipment", ("lower_snake_case",)),
    (Muscle, {"region": "Hip"}, "region", ("lower_snake_case",)),
    (Muscle, {"actions": ("",)}, "actions[0]", ("non-empty",)),
    # logs
    (SetResult, {"reps": None}, "reps", ("give reps",)),
    (SetResult, {"hold_seconds": 30}, "hold_seconds", ("not both",)),
    (SetResult, {"reps": -1}, "reps", ("0", "100")),
    (SetResult, {"reps": 101}, "reps", ("0", "100")),
    (SetResult, {"rir": 11}, "rir", ("0", "10")),
    (SetResult, {"reps": None, "hold_seconds": 1201}, "hold_seconds", ("0", "1200")),
    (ExerciseLog, {"sets": ()}, "sets", ("1", "20")),
    (ExerciseLog, {"sets": (SetResult(reps=1),) * 21}, "sets", ("1", "20")),
    (SessionLog, {"week": 53}, "week", ("1", "52")),
    (SessionLog, {"day": 8}, "day", ("1", "7")),
    (SessionLog, {"day": None}, "day", ("together",)),
    (SessionLog, {"week": None, "day": None}, "week", ("date",)),
    (SessionLog, {"date": "2024-03-05"}, "date", ("datetime.date",)),
    (SessionLog, {"date": datetime.datetime(2024, 3, 5, 10)}, "date", ("datetime.date",)),
    (SessionLog, {"date": datetime.date(1800, 1, 1)}, "date", ("1900-01-01",)),
    (TrainingLog, {"sessions": (1,)}, "sessions[0]", ("SessionLog",)),
    (
        TrainingLog,
        {
            "sessions": (
                SessionLog(1, 1, (), datetime.date(2024, 3, 5)),
                SessionLog(1, 2, (), datetime.date(2024, 3, 4)),
            )
        },
        "sessions[1].date",
        ("before sessions[0].date", "order they were trained"),
    ),
    # measurements
    (Measurement, {"weight_kg": 500}, "weight_kg", ("20", "400")),
    (Measurement, {"date": None}, "date", ("date",)),
    (Measurement, {"body_fat_pct": 80}, "body_fat_pct", ("2", "70")),
    (Measurement, {"waist_cm": 30, "neck_cm": 35}, "waist_cm", ("neck_cm",)),
    (Measurement, {"weight_kg": 250, "height_cm": 165}, "weight_kg", ("BMI",)),
    (MeasurementLog, {"measurements": (1,)}, "measurements[0]", ("Measurement",)),
    (
        MeasurementLog,
        {
            "measurements": (
                Measurement(datetime.date(2024, 3, 5), 65),
                Measurement(datetime.date(2024, 3, 1), 65),
            )
        },
        "measurements[1].date",
        ("date order",),
    ),
    (Profile, {"units": "pounds"}, "units", ("metric", "imperial")),
    # programs: collection bounds
    (Session, {"week": 0}, "week", ("1", "52")),
    (Session, {"day": 8}, "day", ("1", "7")),
    (Session, {"items": (ITEM,) * 31}, "items", ("0", "30")),
    (Week, {"sessions": (Session(1, 1, ()),) * 8}, "sessions", ("0", "7")),
    (Week, {"deload": "no"}, "deload", ("true or false",)),
    (Program, {"weeks": ()}, "weeks", ("1", "52")),
    (Program, {"weeks": (Week(1, ()),) * 53}, "weeks", ("1", "52")),
    (Program, {"scheme": "Linear"}, "scheme", ("lower_snake_case",)),
    (Program, {"profile": None}, "profile", ("Profile",)),
    (Target, {"rir": 6}, "rir", ("0", "5")),
    (Target, {"volume_factor": 0}, "volume_factor", ("> 0", "2")),
    (Target, {"volume_factor": 2.1}, "volume_factor", ("2",)),
    (Target, {"reps": Hold(20, 60)}, "reps", ("Reps",)),
    # results
    (NutritionPlan, {"protein_g": math.nan}, "protein_g", ("finite number",)),
    (NutritionPlan, {"target_kcal": -math.inf}, "target_kcal", ("finite number",)),
    (NutritionPlan, {"applied_rules": ("Bad Rule",)}, "applied_rules[0]", ("lower_snake_case",)),
    (Finding, {"message": ""}, "message", ("non-empty",)),
    (Finding, {"rule": "Session Time"}, "rule", ("lower_snake_case",)),
    (Factor, {"modifiable": 1}, "modifiable", ("true or false",)),
    (Assessment, {"factors": ("muscle",)}, "factors[0]", ("Factor",)),
    (Decision, {"before": None}, "before", ("Prescription",)),
    (Progress, {"program": PROFILE}, "program", ("Program",)),
    (Progress, {"decisions": (None,)}, "decisions[0]", ("Decision",)),
]


def case_id(case: tuple[type, dict[str, Any], str, tuple[str, ...]]) -> str:
    cls, changes, _, _ = case
    shown = ",".join(f"{k}={v!r}"[:30] for k, v in changes.items())
    return f"{cls.__name__}({shown})"


@pytest.mark.parametrize("case", BAD, ids=[case_id(c) for c in BAD])
def test_bad_input_raises_validation_error_naming_field_and_range(
    case: tuple[type, dict[str, Any], str, tuple[str, ...]],
) -> None:
    cls, changes, path, fragments = case
    with pytest.raises(ValidationError) as info:
        make(cls, **changes)
    message = str(info.value)
    assert message.startswith(f"{path}:"), message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert info.value.errors == (message,)


@pytest.mark.parametrize("case", BAD, ids=[case_id(c) for c in BAD])
def test_evolve_revalidates(case: tuple[type, dict[str, Any], str, tuple[str, ...]]) -> None:
    cls, changes, path, _ = case
    with pytest.raises(ValidationError, match=f"^{path.replace('[', '.').replace(']', '.')}:"):
        attrs.evolve(make(cls), **changes)


def test_bad_cases_cover_every_validated_model() -> None:
    tested = {case[0] for case in BAD}
    assert tested == set(VALID) - {Bodyweight}


@pytest.mark.parametrize("cls", list(VALID), ids=lambda c: c.__name__)
def test_valid_examples_construct(cls: type) -> None:
    obj = make(cls)
    assert attrs.has(cls)
    attrs.validate(obj)
    assert make(cls) == obj


ENUMS: list[type[enum.StrEnum]] = [
    Action,
    ActivityLevel,
    BandPlacement,
    BandTier,
    DipDepth,
    Experience,
    Goal,
    LoadKind,
    Role,
    Severity,
    Sex,
    Units,
]


@pytest.mark.parametrize("cls", ENUMS, ids=lambda c: c.__name__)
def test_enums_are_their_lower_case_string_values(cls: type[enum.StrEnum]) -> None:
    for member in cls:
        assert member.value == member.name.lower()
        assert cls(member.value) is member
        assert member == member.value


@pytest.mark.parametrize(
    ("cls", "field", "enum_cls"),
    [
        (Profile, "sex", Sex),
        (Profile, "experience", Experience),
        (Profile, "activity", ActivityLevel),
        (Profile, "goal", Goal),
        (MuscleTarget, "role", Role),
        (Band, "tier", BandTier),
        (Band, "placement", BandPlacement),
        (Exercise, "load_kind", LoadKind),
        (HipStructure, "dip_depth", DipDepth),
        (Finding, "severity", Severity),
        (Decision, "action", Action),
    ],
)
def test_models_accept_enum_string_values(cls: type, field: str, enum_cls: type[enum.Enum]) -> None:
    for member in enum_cls:
        obj = make(cls, **{field: member.value})
        assert getattr(obj, field) is member


def test_band_tiers_are_ordered() -> None:
    tiers = list(BandTier)
    assert tiers == sorted(tiers)
    assert all(a < b and b > a and a <= b for a, b in itertools.pairwise(tiers))
    assert BandTier.EXTRA_HEAVY.heavier is None
    assert BandTier.EXTRA_LIGHT.lighter is None


@pytest.mark.parametrize("cls", list(VALID), ids=lambda c: c.__name__)
def test_models_are_frozen(cls: type) -> None:
    obj = make(cls)
    for field in attrs.fields(cls):
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(obj, field.name, getattr(obj, field.name))


@pytest.mark.parametrize("cls", list(VALID), ids=lambda c: c.__name__)
def test_models_are_hashable_and_compare_by_value(cls: type) -> None:
    a, b = make(cls), make(cls)
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b}) == 1


def test_collections_are_converted_to_tuples_and_frozensets() -> None:
    exercise = make(Exercise, targets=[GLUTE_MED], cues=["Slow."], equipment=["band", "band"])
    assert exercise.targets == (GLUTE_MED,)
    assert exercise.cues == ("Slow.",)
    assert exercise.equipment == frozenset({"band"})
    profile = make(Profile, equipment={"band"})
    assert profile.equipment == frozenset({"band"})


def test_lean_mass_and_bmi() -> None:
    body = BodyComposition(weight_kg=65, height_cm=165, body_fat_pct=28)
    assert body.lean_mass_kg == pytest.approx(65 * 0.72)
    assert body.bmi == pytest.approx(65 / 1.65**2)
    assert BODY.lean_mass_kg is None


def test_every_model_is_in_the_table() -> None:
    models = {getattr(hipdip.models, name) for name in hipdip.models.__all__}
    assert {cls for cls in models if attrs.has(cls)} == set(VALID)
