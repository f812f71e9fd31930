"""The numbers of "The science" page, read from hipdip's own constants.

Pure Python (no Sphinx): :mod:`hipdip_sphinx` turns these rows into tables at
build time and ``tests/test_docs.py`` checks them, so the page cannot drift
from the code. Each row is ``(quantity, value, kind, source)`` where ``kind``
is ``"study"`` (the number is the cited finding or formula) or ``"hipdip
policy"`` (a documented choice of ours built on the cited range).
"""

from __future__ import annotations

from collections.abc import Callable

Row = tuple[str, str, str, str]

STUDY = "study"
POLICY = "hipdip policy"
#: The source of a policy number no study gives.
CHOICE = "no study; a hipdip choice"


def topics() -> dict[str, Callable[[], list[Row]]]:
    """Every table of the page: topic → function returning its rows."""
    return {
        "energy": energy,
        "body-fat": body_fat,
        "screens": screens,
        "nutrition": nutrition,
        "training": training,
        "activation": activation,
        "posture": posture,
    }


def rows(topic: str) -> list[Row]:
    """The rows of ``topic`` (a key of :func:`topics`)."""
    return topics()[topic]()


def _g(value: float) -> str:
    return f"{value:g}"


def _pct(fraction: float) -> str:
    return f"{fraction * 100:g} %"


def energy() -> list[Row]:
    from hipdip import body

    examples = [
        (
            "Mifflin–St Jeor BMR, female 65 kg, 165 cm, 30 y",
            body.mifflin_st_jeor("female", 65, 165, 30),
        ),
        ("Mifflin–St Jeor BMR, male, same", body.mifflin_st_jeor("male", 65, 165, 30)),
        ("Katch–McArdle BMR, lean mass 46.8 kg", body.katch_mcardle(46.8)),
    ]
    out: list[Row] = [
        (
            label,
            f"{value:.2f} kcal/day",
            STUDY,
            body.MIFFLIN_SOURCE if "Mifflin" in label else body.KATCH_SOURCE,
        )
        for label, value in examples
    ]
    out += [
        (f"TDEE factor, {level.value}", _g(factor), STUDY, body.TDEE_SOURCE)
        for level, factor in body.ACTIVITY_FACTORS.items()
    ]
    out.append(
        (
            "Energy of body-mass change (to turn a weekly rate into a daily deficit, and a "
            "weight trend into an energy adjustment)",
            f"{body.KCAL_PER_KG:g} kcal/kg",
            STUDY,
            "Wishnofsky, 1958; over-predicts long-term loss (Hall et al., 2011, Lancet)",
        )
    )
    from hipdip import nutrition

    out += [
        (
            "Energy that adapts: weigh-ins read from the last",
            f"{nutrition.ADAPT_WINDOW_DAYS} days",
            POLICY,
            CHOICE,
        ),
        (
            "Energy that adapts: a trend needs at least",
            f"{nutrition.MIN_WEIGH_INS} weigh-ins over {nutrition.MIN_TREND_DAYS} days",
            POLICY,
            CHOICE,
        ),
        (
            "Energy that adapts: one adjustment moves the target at most",
            f"±{nutrition.MAX_ADJUSTMENT_KCAL:g} kcal/day",
            POLICY,
            "small steps, because 7700 kcal/kg over-predicts long-term change (Hall et al., "
            "2011, Lancet)",
        ),
    ]
    return out


def body_fat() -> list[Row]:
    from hipdip import body

    out: list[Row] = [
        (
            "US Navy body fat, male 180 cm, waist 85, neck 38",
            f"{body.navy_body_fat('male', 180, waist_cm=85, neck_cm=38):.2f} %",
            STUDY,
            body.NAVY_SOURCE,
        ),
        (
            "US Navy body fat, female 165 cm, waist 72, hip 98, neck 33",
            f"{body.navy_body_fat('female', 165, waist_cm=72, neck_cm=33, hip_cm=98):.2f} %",
            STUDY,
            body.NAVY_SOURCE,
        ),
    ]
    for sex, bounds in body.ACE_LOWER_BOUNDS.items():
        for lower, category in bounds:
            out.append(
                (
                    f"ACE category {category.value} ({sex.value}), from",
                    f"{lower:g} %",
                    STUDY,
                    body.ACE_SOURCE + "; each band runs to the next lower bound (hipdip reading)",
                )
            )
    for sex, floor in body.FAT_LOSS_FLOOR_PCT.items():
        out.append(
            (
                f"Fat-loss floor ({sex.value}): no deficit at or below",
                f"{floor:g} %",
                POLICY,
                "lower edge of ACE 'fitness'; the article (less fat makes dips more visible)",
            )
        )
    return out


def screens() -> list[Row]:
    from hipdip import body
    from hipdip.builtin import nutrition as n
    from hipdip.models import profile

    out: list[Row] = [
        (f"BMI class {name.value}, from", f"{lower:g} kg/m²", STUDY, body.WHO_BMI_SOURCE)
        for lower, name in body.BMI_CLASS_LOWER_BOUNDS
    ]
    out += [
        (
            "No deficit below BMI (underweight)",
            f"{body.BMI_CLASS_LOWER_BOUNDS[0][0]:g} kg/m²",
            POLICY,
            n.UNDERWEIGHT_SOURCE,
        ),
        (
            "Deurenberg body fat (screening only)",
            f"{body.DEURENBERG_BMI:g}·BMI + {body.DEURENBERG_AGE:g}·age − "
            f"{body.DEURENBERG_MALE:g}·sex − {body.DEURENBERG_CONSTANT:g} "
            f"(SEE ≈ {body.DEURENBERG_SEE_PCT:g} points)",
            STUDY,
            body.DEURENBERG_SOURCE,
        ),
        (
            "Deurenberg body fat, female 25 y, 47 kg, 168 cm",
            f"{body.deurenberg_body_fat('female', 25, 47 / 1.68**2):.1f} %",
            STUDY,
            body.DEURENBERG_SOURCE,
        ),
        (
            "Deurenberg body fat, male 40 y, 85 kg, 180 cm",
            f"{body.deurenberg_body_fat('male', 40, 85 / 1.80**2):.1f} %",
            STUDY,
            body.DEURENBERG_SOURCE,
        ),
        ("No deficit under age", f"{n.MINOR_AGE} years", POLICY, n.MINOR_SOURCE),
        (
            "From age, a deficit only with obesity (BMI ≥ 30)",
            f"{n.OLDER_AGE} years",
            POLICY,
            n.OLDER_SOURCE,
        ),
        *[
            (
                f"Fat-loss target, never under ({sex.value})",
                f"{kcal:g} kcal/day (maintenance if that is lower)",
                POLICY,
                n.KCAL_FLOOR_SOURCE,
            )
            for sex, kcal in n.KCAL_FLOOR.items()
        ],
        (
            "Plausible body: BMI",
            f"{profile.BMI_RANGE[0]:g}–{profile.BMI_RANGE[1]:g} kg/m²",
            POLICY,
            "a weight in pounds or a height in metres is the usual cause of a BMI outside it; "
            + CHOICE,
        ),
        (
            "Plausible body: fat-free-mass index (with body_fat_pct)",
            f"{profile.FFMI_RANGE[0]:g}–{profile.FFMI_RANGE[1]:g} kg/m²",
            POLICY,
            "drug-free men top out near 25 (Kouri et al., 1995); generous on purpose",
        ),
    ]
    return out


def nutrition() -> list[Row]:
    from hipdip import BodyComposition, body
    from hipdip.builtin import nutrition as n

    out: list[Row] = [
        (f"Protein, goal {goal.value}", f"{grams:g} g/kg reference mass", POLICY, n.MORTON_SOURCE)
        for goal, grams in n.PROTEIN_G_PER_KG.items()
    ]
    out += [
        (
            "Reference mass for protein: body mass, at most the weight at BMI",
            f"{body.REFERENCE_BMI:g} kg/m² (unless measured body fat is under ACE obese)",
            POLICY,
            body.REFERENCE_MASS_SOURCE,
        ),
        (
            "Reference mass, male 150 kg, 180 cm",
            f"{body.reference_mass_kg(BodyComposition(150, 180), 'male'):g} kg",
            POLICY,
            body.REFERENCE_MASS_SOURCE,
        ),
        (
            "Protein, never above",
            f"{_pct(n.PROTEIN_MAX_ENERGY_SHARE)} of target energy",
            STUDY,
            n.IOM_PROTEIN_SOURCE,
        ),
        (
            "Protein, never below",
            f"{n.PROTEIN_MIN_G_PER_KG:g} g/kg reference mass",
            STUDY,
            n.MORTON_SOURCE + " (gains plateau)",
        ),
        (
            "Protein, never above (g/kg)",
            f"{n.PROTEIN_MAX_G_PER_KG:g} g/kg reference mass",
            STUDY,
            n.MORTON_SOURCE + " (95 % CI upper bound)",
        ),
        (
            "Protein in a deficit, up to",
            f"{n.PROTEIN_MAX_G_PER_KG_FFM_DEFICIT:g} g/kg fat-free mass",
            STUDY,
            n.HELMS_SOURCE,
        ),
        ("Fat share of energy", _pct(n.FAT_ENERGY_SHARE), POLICY, n.IOM_SOURCE),
        ("Fat share of energy, never below", _pct(n.FAT_MIN_ENERGY_SHARE), STUDY, n.IOM_SOURCE),
        ("Fat, never below", f"{n.FAT_MIN_G_PER_KG:g} g/kg", POLICY, CHOICE),
        (
            "Fat loss, default rate",
            _pct(n.LOSS_RATE_DEFAULT) + " of body mass a week",
            POLICY,
            n.LOSS_RATE_SOURCE,
        ),
        (
            "Fat loss, hard cap",
            _pct(n.LOSS_RATE_MAX) + " of body mass a week",
            POLICY,
            n.LOSS_RATE_SOURCE,
        ),
        ("Lean gain surplus", _pct(n.LEAN_GAIN_SURPLUS) + " of TDEE", POLICY, n.IRAKI_SOURCE),
        (
            "Energy, protein / carbohydrate / fat",
            f"{n.KCAL_PER_G_PROTEIN:g} / {n.KCAL_PER_G_CARBS:g} / {n.KCAL_PER_G_FAT:g} kcal/g",
            STUDY,
            n.ATWATER_SOURCE,
        ),
        (
            "Energy identity tolerance",
            _pct(n.ENERGY_IDENTITY_TOLERANCE),
            POLICY,
            "rounding slack for the Atwater check; " + CHOICE,
        ),
    ]
    return out


def training() -> list[Row]:
    from hipdip import loads, metrics, plan, training
    from hipdip.builtin import progression, schemes
    from hipdip.models import Role

    volume = "Schoenfeld, Ogborn & Krieger, 2017, J Sports Sci (≥ 10 sets/week)"
    out: list[Row] = [
        (f"Weekly gluteus medius hard sets, {level.value}", f"{low}–{high}", POLICY, volume)
        for level, (low, high) in training.WEEKLY_HARD_SETS.items()
    ]
    out += [
        ("Hard sets per session, at most", _g(training.MAX_SESSION_HARD_SETS), POLICY, volume),
        *[
            (f"Hard-set credit per set, {role.value}", _g(role.set_credit), POLICY, volume)
            for role in Role
        ],
        (
            "Reps, isolation hip abduction",
            f"{schemes.ISOLATION_REPS.low}–{schemes.ISOLATION_REPS.high}",
            POLICY,
            "Schoenfeld et al., 2017; Lasevicius et al., 2018 (~6–30 reps give similar growth)",
        ),
        (
            "Holds (planks)",
            f"{plan.HOLD_SECONDS.low_seconds}–{plan.HOLD_SECONDS.high_seconds} s",
            POLICY,
            CHOICE,
        ),
        (
            "Tempo (eccentric-pause-concentric-squeeze)",
            plan.REPS_TEMPO,
            POLICY,
            "the article: slow, controlled reps",
        ),
        (
            "Rest: isolation / compound / holds",
            f"{plan.REST_ISOLATION_SECONDS} / {plan.REST_COMPOUND_SECONDS} / "
            f"{plan.REST_HOLD_SECONDS} s",
            POLICY,
            CHOICE,
        ),
        (
            "Load step, at most",
            f"max({_pct(loads.MAX_STEP_FRACTION)}, one increment)",
            POLICY,
            "ACSM position stand, 2009 (2–10 %)",
        ),
        *[
            (
                f"Load increment, {equipment.replace('_', ' ')}",
                f"{kg:g} kg",
                POLICY,
                "the equipment's usual smallest step; " + CHOICE,
            )
            for equipment, kg in loads.DEFAULT_INCREMENT_KG.items()
        ],
        *[
            (
                f"Load increment for imperial profiles, {equipment.replace('_', ' ')}",
                f"{lb:g} lb",
                POLICY,
                "what is sold in pounds (ankle weights in 1 lb bars or 1, 2, 3, 5 lb pairs; "
                "dumbbells and cable stacks in 5 lb steps); " + CHOICE,
            )
            for equipment, lb in loads.DEFAULT_INCREMENT_LB.items()
        ],
        *[
            (
                f"Starting load, {experience.value}",
                f"{loads.START_BAND_TIER[experience].value.replace('_', ' ')} band, or "
                f"{loads.START_WEIGHT_INCREMENTS[experience]} weight increment(s)",
                POLICY,
                "the article: form before load, slow and controlled; " + CHOICE,
            )
            for experience in loads.START_BAND_TIER
        ],
        (
            "Deload: one in every run of",
            f"{training.DELOAD_WINDOW_WEEKS} weeks",
            POLICY,
            "Rogerson et al., 2024, Sports Med Open (every 5.6 ± 2.3 weeks; practice)",
        ),
        (
            "Deload week hard sets, at most",
            _pct(training.DELOAD_MAX_FRACTION) + " of the week before",
            POLICY,
            "Rogerson et al., 2024",
        ),
        ("Deload week RIR, at least", _g(training.DELOAD_MIN_RIR), POLICY, "Rogerson et al., 2024"),
        ("Session time: warm-up", f"{metrics.WARM_UP_SECONDS // 60} min", POLICY, CHOICE),
        (
            "Session time: seconds per rep when the tempo says 0",
            _g(metrics.DEFAULT_SECONDS_PER_REP),
            POLICY,
            CHOICE,
        ),
        (
            "Minimum dose: plan with a WARNING below the range; refuse below",
            f"{training.MIN_WEEKLY_HARD_SETS} hard sets a week",
            POLICY,
            "Schoenfeld, Ogborn & Krieger, 2017 (fewer sets still grow muscle, just less)",
        ),
        (
            "Sets of one exercise in a session, at least",
            _g(training.MIN_SETS_PER_EXERCISE),
            POLICY,
            CHOICE,
        ),
        (
            "A logged set counts as hard at RIR",
            f"≤ {training.LOGGED_HARD_SET_MAX_RIR}",
            POLICY,
            "Robinson et al., 2024; Lasevicius et al., 2022 (no study fixes the threshold)",
        ),
        (
            "Break: a gap before a session of at least (then one step back)",
            f"{progression.BREAK_DAYS} days",
            POLICY,
            "detraining after ~2–3 weeks off is small but real (Mujika & Padilla, 2000, "
            "Sports Med); one step back is a conservative restart",
        ),
        (
            "Plateau: no rise over the last",
            f"{training.PLATEAU_SESSIONS} logged sessions",
            POLICY,
            CHOICE,
        ),
        (
            "No load left: raise the top of the range while a set ends at RIR",
            f"≥ {training.NO_LOAD_MIN_RIR}, in steps of ≥ {training.REP_TOP_STEP} reps "
            f"up to {training.MAX_REPS_NEAR_FAILURE}",
            POLICY,
            "Lasevicius et al., 2022, J Strength Cond Res (30 % 1RM to failure grew like 80 %)",
        ),
        (
            "No load left, then: lowering phase",
            " → ".join(f"{s} s" for s in training.SLOW_ECCENTRIC_SECONDS),
            POLICY,
            CHOICE,
        ),
        *[
            (
                f"Load cap, {equipment.replace('_', ' ')}",
                f"{kg:g} kg",
                POLICY,
                "above what is sold (mostly 0.5–2 kg, adjustable to ~4.5 kg); the knee takes "
                "the lever",
            )
            for equipment, kg in loads.MAX_KG_BY_EQUIPMENT.items()
        ],
        (
            "Load for another rep target (Epley)",
            "e1RM / (1 + (middle of the range + RIR) / 30), one step at a time",
            POLICY,
            "Epley, 1985; SCIENCE.md §Training",
        ),
        (
            "Bird-dog: reps with a hold at the top",
            f"{plan.CORE_REPS.low}–{plan.CORE_REPS.high} reps, hold "
            f"{training.BIRD_DOG_HOLD_SECONDS[0]} → {training.BIRD_DOG_HOLD_SECONDS[1]} s",
            POLICY,
            "McGill, 2007, Low Back Disorders (hold); reps " + CHOICE,
        ),
        (
            "Hold progression: next target",
            f"min(achieved, top) + {training.HOLD_STEP_SECONDS} s",
            POLICY,
            CHOICE,
        ),
    ]
    return out


def activation() -> list[Row]:
    import hipdip
    from hipdip.plugins import make_plugin_manager

    cat = hipdip.catalog(make_plugin_manager(entry_points=False))
    out: list[Row] = []
    for exercise in cat.exercises.values():
        for target in exercise.targets:
            if target.activation_mvic is not None:
                out.append(
                    (
                        f"{exercise.name}: {target.muscle.replace('_', ' ')}",
                        f"{target.activation_mvic:g} % MVIC",
                        STUDY,
                        target.source or "",
                    )
                )
    return out


def posture() -> list[Row]:
    from hipdip import body, training

    return [
        (
            "High anterior pelvic tilt: above",
            f"{body.HIGH_ANTERIOR_TILT_DEG:g}°",
            POLICY,
            body.PREECE_SOURCE,
        ),
        (
            "Core block when tilt is high, at least",
            f"{training.MIN_CORE_SETS_PER_WEEK} sets/week",
            POLICY,
            "the article (planks, bird-dogs); " + body.WALKER_SOURCE,
        ),
        (
            "Core block: one exercise per role",
            ", ".join(p.replace("_", "-") for p in training.CORE_PATTERNS)
            + " (built-ins: plank, side plank, bird-dog)",
            POLICY,
            "the article",
        ),
    ]
