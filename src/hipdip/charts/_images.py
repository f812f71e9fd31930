"""Specs to images with the optional ``hipdip[charts]`` extra (``vl-convert-python``).

vl-convert ships its own Vega-Lite and renderer in one wheel: no browser,
no Node, no network. hipdip asks it for the newest Vega-Lite of the pinned
major (:data:`~hipdip.charts.VEGA_LITE_MAJOR`) and lets it load no data from
any URL. Without the extra, both functions raise an :class:`ImportError`
saying what to install.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from html import escape
from types import ModuleType
from typing import Any

from hipdip.charts._vegalite import VEGA_LITE_MAJOR
from hipdip.errors import ValidationError

__all__ = ["EXTRA_HINT", "accessible_svg", "to_png", "to_svg"]

#: What to install for :func:`to_svg` and :func:`to_png`.
EXTRA_HINT = 'pip install "hipdip[charts]"'
_MISSING = (
    "hipdip.charts.{name} needs the charts extra (vl-convert-python, which renders "
    "Vega-Lite without a browser): " + EXTRA_HINT
)


def to_svg(spec: Mapping[str, Any]) -> str:
    """``spec`` drawn as an SVG document, with its title and description for screen readers.

    The SVG's first children are a ``<title>`` (the chart's title) and a
    ``<desc>`` (its ``description``), and the root has ``role="img"``.

    >>> from hipdip.charts import weekly_volume
    >>> from hipdip.examples import example_program
    >>> svg = to_svg(weekly_volume(example_program()))
    >>> svg.startswith("<svg") and "<title>Gluteus medius: hard sets per week</title>" in svg
    True
    """
    vlc = _vl_convert("to_svg")
    svg = _convert(vlc.vegalite_to_svg, spec)
    assert isinstance(svg, str)
    return accessible_svg(svg, _title(spec), str(spec.get("description", "")))


def to_png(spec: Mapping[str, Any], *, scale: float = 2.0) -> bytes:
    """``spec`` drawn as PNG bytes, ``scale`` times its size in CSS pixels (2: sharp on phones).

    >>> from hipdip.charts import weekly_volume
    >>> from hipdip.examples import example_program
    >>> to_png(weekly_volume(example_program()))[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    if not isinstance(scale, int | float) or isinstance(scale, bool) or not 0 < scale <= 10:
        raise ValidationError(f"scale: must be a number above 0 and at most 10 (got {scale!r})")
    vlc = _vl_convert("to_png")
    png = _convert(vlc.vegalite_to_png, spec, scale=float(scale))
    assert isinstance(png, bytes)
    return png


def accessible_svg(svg: str, title: str, description: str) -> str:
    """``svg`` with ``role="img"`` and a ``<title>`` and ``<desc>`` as the root's first children.

    >>> accessible_svg('<svg width="1"><g/></svg>', "Sets", "10 a week")
    '<svg role="img" width="1"><title>Sets</title><desc>10 a week</desc><g/></svg>'
    """
    match = re.match(r"\s*(<\?xml[^>]*\?>\s*)?<svg\b([^>]*)>", svg)
    if match is None:
        raise ValidationError("svg: does not start with an <svg> element")
    attributes = match.group(2)
    if "role=" not in attributes:
        attributes = ' role="img"' + attributes
    head = f"<svg{attributes}><title>{escape(title, quote=False)}</title>"
    if description:
        head += f"<desc>{escape(description, quote=False)}</desc>"
    return head + svg[match.end() :]


@cache
def _vega_lite_version(vlc: ModuleType) -> str:
    """The newest Vega-Lite of the pinned major that this vl-convert carries (e.g. ``'6.4'``)."""
    ours = [v for v in vlc.get_vegalite_versions() if v.split(".")[0] == str(VEGA_LITE_MAJOR)]
    if not ours:
        raise ImportError(
            f"vl-convert-python {getattr(vlc, '__version__', '?')} has no Vega-Lite "
            f"{VEGA_LITE_MAJOR}: {EXTRA_HINT} --upgrade"
        )
    newest: str = max(ours, key=lambda v: tuple(int(part) for part in v.split(".")))
    return newest


def _vl_convert(name: str) -> ModuleType:
    try:
        import vl_convert
    except ImportError as exc:
        raise ImportError(_MISSING.format(name=name), name="vl_convert") from exc
    return vl_convert


def _convert(function: Any, spec: Mapping[str, Any], **options: Any) -> Any:
    if not isinstance(spec, Mapping):
        raise ValidationError(
            f"spec: must be a Vega-Lite spec as a dict (got {type(spec).__name__})"
        )
    vlc = _vl_convert("to_svg")
    try:
        return function(
            dict(spec), vl_version=_vega_lite_version(vlc), allowed_base_urls=[], **options
        )
    except ValueError as exc:
        raise ValidationError(f"spec: Vega-Lite could not draw it ({_reason(exc)})") from exc


def _reason(exc: ValueError) -> str:
    """vl-convert's reason: the first line after its "… conversion failed:" header, no stack."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    reasons = [
        line for line in lines if not line.endswith("failed:") and not line.startswith("at ")
    ]
    return (reasons or lines or ["no reason given"])[0]


def _title(spec: Mapping[str, Any]) -> str:
    title = spec.get("title", "")
    if isinstance(title, Mapping):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(str(part) for part in title)
    return str(title) or "Chart"
