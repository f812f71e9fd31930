"""Built-in exercises (stub)."""

from collections.abc import Callable

from hipdip.hookspecs import hookimpl
from hipdip.models import Exercise, MuscleTarget, Role

EXERCISES: tuple[Exercise, ...] = (
    Exercise(
        "clamshell",
        "Clamshell",
        (MuscleTarget("gluteus_medius", Role.PRIMARY, 40, "Distefano et al., 2009"),),
        "hip_external_rotation",
        "side_lying",
    ),
)


@hookimpl
def hipdip_register_exercises(register: Callable[[Exercise], None]) -> None:
    for exercise in EXERCISES:
        register(exercise)
