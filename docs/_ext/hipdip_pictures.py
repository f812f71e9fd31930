"""The pictures of "Pictures": hipdip's charts and muscle map for the example program.

Pure Python (no Sphinx): :mod:`hipdip_sphinx` puts each picture in the page
as inline SVG while the docs are built, so the page always shows what the
code draws now. The log is a virtual responder's (:mod:`hipdip.testing.simulate`)
training the example profile's program for 8 weeks.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any


def pictures() -> dict[str, Callable[..., str]]:
    """Every picture of the page: name → function returning SVG (some take an exercise id)."""
    return {
        "muscle-map": muscle_map,
        "weekly-volume": weekly_volume,
        "progress": progress,
        "measurements": measurements,
        "energy": energy,
    }


def svg(name: str, *arguments: str) -> str:
    return pictures()[name](*arguments)


@cache
def _example() -> tuple[Any, Any]:
    from hipdip.examples import example_profile
    from hipdip.plugins import make_plugin_manager
    from hipdip.testing.simulate import Lifter, simulate

    pm = make_plugin_manager(entry_points=False)  # built-ins only: the page shows hipdip itself
    return pm, simulate(example_profile(), weeks=8, lifter=Lifter.responder(seed=1), pm=pm)


def muscle_map() -> str:
    from hipdip.charts import muscle_map as draw

    pm, sim = _example()
    return draw(sim.planned, pm=pm)


def weekly_volume() -> str:
    from hipdip.charts import to_svg
    from hipdip.charts import weekly_volume as chart

    pm, sim = _example()
    return to_svg(chart(sim.planned, sim, pm=pm))


def progress(exercise_id: str) -> str:
    from hipdip.charts import progress_chart, to_svg

    pm, sim = _example()
    return to_svg(progress_chart(sim, exercise_id, pm=pm))


@cache
def _weigh_ins() -> Any:
    """Four weeks of weigh-ins every 3 days, losing 0.35 kg a week, the waist following."""
    import datetime

    from hipdip import Measurement, MeasurementLog

    start = datetime.date(2024, 3, 1)
    return MeasurementLog(
        tuple(
            Measurement(
                start + datetime.timedelta(day),
                65.0 - day * 0.05,
                body_fat_pct=28.0 - day * 0.02 if day % 9 == 0 else None,
                waist_cm=74.0 - day * 0.03,
                hip_cm=100.0 - day * 0.01,
            )
            for day in range(0, 29, 3)
        )
    )


def measurements() -> str:
    from hipdip.charts import measurement_chart, to_svg

    return to_svg(measurement_chart(_weigh_ins()))


def energy() -> str:
    import attrs

    from hipdip.charts import energy_chart, to_svg

    pm, sim = _example()
    losing = attrs.evolve(sim.profile, goal="fat_loss")
    return to_svg(energy_chart(losing, _weigh_ins(), pm=pm))
