"""Training numbers, in one place, each with its source (SCIENCE.md §Training).

The planner, the built-in schemes and program rules, the progression rules
and the testing kit's contract suites all import them from here.

>>> WEEKLY_HARD_SETS[Experience.INTERMEDIATE]
(10, 16)
"""

from __future__ import annotations

from hipdip.models import Experience

__all__ = [
    "CORE_PATTERN_PREFIX",
    "DELOAD_MAX_FRACTION",
    "DELOAD_MIN_RIR",
    "DELOAD_WINDOW_WEEKS",
    "HOLD_STEP_SECONDS",
    "MAX_SESSION_HARD_SETS",
    "MIN_CORE_SETS_PER_WEEK",
    "TARGET_MUSCLE",
    "WEEKLY_HARD_SETS",
]

#: The muscle whose weekly hard sets are counted (the main lever: the article).
TARGET_MUSCLE = "gluteus_medius"

#: Weekly hard sets for gluteus medius by experience — hipdip policy on
#: Schoenfeld, Ogborn & Krieger, 2017 (J Sports Sci: ≥ 10 sets/week give more
#: growth than fewer). A set counts 1.0 where the muscle is PRIMARY, 0.5
#: SECONDARY, 0 STABILIZER.
WEEKLY_HARD_SETS: dict[Experience, tuple[int, int]] = {
    Experience.BEGINNER: (8, 12),
    Experience.INTERMEDIATE: (10, 16),
    Experience.ADVANCED: (12, 20),
}
#: At most 10 gluteus medius hard sets per session (SCIENCE.md, hipdip policy).
MAX_SESSION_HARD_SETS = 10

#: Deloads — hipdip policy on Rogerson et al., 2024 (Sports Med Open: strength
#: and physique athletes deload every 5.6 ± 2.3 weeks for about a week; practice,
#: not efficacy evidence): programs ≥ 6 weeks have a deload in every run of 6
#: consecutive weeks; a deload week has ≤ 60 % of the previous week's hard sets
#: and RIR ≥ 3.
DELOAD_WINDOW_WEEKS = 6
DELOAD_MAX_FRACTION = 0.6
DELOAD_MIN_RIR = 3

#: Holds progress by 5 s per session (issue 5, hipdip policy) within 20–60 s
#: (SCIENCE.md §Training: holds 20–60 s).
HOLD_STEP_SECONDS = 5

#: Core block for high anterior tilt: ≥ 4 sets a week (SCIENCE.md §Posture,
#: hipdip policy). Core exercises are those whose pattern starts with "anti_"
#: (anti-extension, anti-lateral-flexion, anti-rotation).
MIN_CORE_SETS_PER_WEEK = 4
CORE_PATTERN_PREFIX = "anti_"
