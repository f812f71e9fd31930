"""Pictures of a program: Vega-Lite charts as plain dicts, a muscle map as SVG, and images.

Every chart is a `Vega-Lite <https://vega.github.io/vega-lite/>`_ **6**
specification (``"$schema"``: :data:`VEGA_LITE_SCHEMA`) returned as a plain
``dict`` — no dependency: an app hands it to vega-embed, Altair or any
Vega-Lite 6 renderer. Each has a title, axes in the person's units and a
``description`` for screen readers.

* :func:`weekly_volume` — gluteus medius hard sets per week, planned and done,
  against the person's range;
* :func:`progress_chart` — one exercise over time: load and estimated 1RM,
  band tier, or reps/hold at bodyweight;
* :func:`measurement_chart` — body weight, body fat and waist/hip over time;
* :func:`energy_chart` — the energy target the scale moves week by week
  (``adjust_nutrition``);
* :func:`muscle_map` — an SVG of the hip from the side and the back, shaded by
  weekly hard sets per muscle (drawn by hipdip);
* :func:`to_svg` / :func:`to_png` — a spec as an image, with the optional extra
  ``pip install "hipdip[charts]"`` (vl-convert-python); without it they raise
  :class:`ImportError` naming the extra.

>>> from hipdip.charts import VEGA_LITE_SCHEMA, weekly_volume
>>> from hipdip.examples import example_program
>>> weekly_volume(example_program())["$schema"] == VEGA_LITE_SCHEMA
True
"""

from __future__ import annotations

from hipdip.charts._body import energy_chart, measurement_chart
from hipdip.charts._images import accessible_svg, to_png, to_svg
from hipdip.charts._muscle_map import MAP_MUSCLES, muscle_map, weekly_sets_per_muscle
from hipdip.charts._training import progress_chart, weekly_volume
from hipdip.charts._vegalite import VEGA_LITE_MAJOR, VEGA_LITE_SCHEMA

__all__ = [
    "MAP_MUSCLES",
    "VEGA_LITE_MAJOR",
    "VEGA_LITE_SCHEMA",
    "accessible_svg",
    "energy_chart",
    "measurement_chart",
    "muscle_map",
    "progress_chart",
    "to_png",
    "to_svg",
    "weekly_sets_per_muscle",
    "weekly_volume",
]
