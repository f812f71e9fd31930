"""hipdip-wave: a wave periodization scheme for hipdip.

Each 4-week cycle is a *wave* of three training weeks of rising intensity
and falling reps, then a deload week:

====  =========  ===  =============  ======
week  reps       RIR  volume factor  deload
====  =========  ===  =============  ======
1     15–20      3    1.0            no
2     12–15      2    1.0            no
3     8–12       1    1.0            no
4     12–15      4    0.5            yes
====  =========  ===  =============  ======

and again from week 5. Every rep range lies inside the ~6–30 reps that give
similar hypertrophy when sets are taken close to failure (Schoenfeld et al.,
2017; Lasevicius et al., 2018), and every training week's RIR inside the 0–3
of hard sets (Refalo et al., 2023; Helms et al., 2016).

The deload (*hipdip policy* on Rogerson et al., 2024, Sports Med Open:
physique and strength athletes deload every 5.6 ± 2.3 weeks) has RIR 4 (≥ 3)
and a volume factor of 0.5 (≤ 0.6; hipdip's planner also caps a deload week
at 60 % of the previous week's hard sets). A deload every 4th week puts one
in every run of 6 consecutive weeks, as SCIENCE.md asks of programs of 6
weeks or more. Programs shorter than 4 weeks are a single (partial) wave
without a deload.

Installing the distribution registers the scheme through the ``hipdip``
entry point; then ``plan_program(profile, scheme="wave")`` and
``hipdip plan --example --scheme wave`` use it.

>>> WAVE.target(1, 1, weeks=8, days_per_week=3)
Target(reps=Reps(low=15, high=20), rir=3, volume_factor=1.0, deload=False)
>>> WAVE.target(3, 2, weeks=8, days_per_week=3).reps
Reps(low=8, high=12)
>>> [week for week in range(1, 9) if WAVE.target(week, 1, weeks=8, days_per_week=3).deload]
[4, 8]
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

import hipdip
from hipdip import Reps
from hipdip.protocols import Scheme, Target

__all__ = [
    "CYCLE_WEEKS",
    "DELOAD",
    "WAVE",
    "WAVE_WEEKS",
    "WaveScheme",
    "__version__",
    "hipdip_register_schemes",
]

__version__ = "0.1.0"

#: The training weeks of one wave, in order: (reps, RIR, volume factor).
#: Reps fall and effort rises (RIR 3 → 2 → 1) across the wave; all inside
#: 6–30 reps (Schoenfeld et al., 2017) and RIR 0–3 (Refalo et al., 2023).
WAVE_WEEKS: tuple[Target, ...] = (
    Target(reps=Reps(15, 20), rir=3, volume_factor=1.0),
    Target(reps=Reps(12, 15), rir=2, volume_factor=1.0),
    Target(reps=Reps(8, 12), rir=1, volume_factor=1.0),
)
#: The deload week that ends each wave: RIR ≥ 3 and ≤ 60 % volume (hipdip
#: policy on Rogerson et al., 2024) at the range of the week before it, so hipdip's
#: one-step-lighter deload load is within reach (12–15 reps at RIR 4 after an 8–12
#: week asked for more reps than a lifter could do at one step lighter).
DELOAD = Target(reps=Reps(8, 12), rir=4, volume_factor=0.5, deload=True)
#: A wave's training weeks plus its deload week.
CYCLE_WEEKS = len(WAVE_WEEKS) + 1


@attrs.frozen
class WaveScheme:
    """Waves: 15–20 reps at RIR 3, 12–15 at RIR 2, 8–12 at RIR 1, then a deload week.

    Every day of a week has the same target; the program's length only
    decides whether a deload fits (programs of fewer than
    :data:`CYCLE_WEEKS` weeks have none).
    """

    id: str = "wave"
    name: str = "Wave (15–20 → 12–15 → 8–12 reps, RIR 3 → 1, then deload)"

    def target(self, week: int, day: int, *, weeks: int, days_per_week: int) -> Target:
        """The target of ``week`` (1-based); the same for every ``day``."""
        index = (week - 1) % CYCLE_WEEKS
        if index == len(WAVE_WEEKS):
            return DELOAD
        return WAVE_WEEKS[index]


#: The scheme this plugin registers.
WAVE = WaveScheme()


@hipdip.hookimpl
def hipdip_register_schemes(register: Callable[[Scheme], None]) -> None:
    """Register :data:`WAVE`."""
    register(WAVE)
