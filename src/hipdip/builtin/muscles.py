"""Built-in muscles (stub)."""

from collections.abc import Callable

from hipdip.hookspecs import hookimpl
from hipdip.models import Muscle

MUSCLES: tuple[Muscle, ...] = (
    Muscle(
        "gluteus_medius", "Gluteus medius", "hip", ("hip abduction",), "ilium", "greater trochanter"
    ),
)


@hookimpl
def hipdip_register_muscles(register: Callable[[Muscle], None]) -> None:
    for muscle in MUSCLES:
        register(muscle)
