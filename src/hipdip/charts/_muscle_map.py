"""The muscle map: the hip from the side and from the back, shaded by weekly hard sets.

The drawing is hipdip's own: simple outlines of the ilium, sacrum and femur
and of the four muscles the program is about, written for this module (no
artwork is copied or traced). It is a schematic, not an anatomical plate:
gluteus minimus lies under gluteus medius and is drawn dashed over it, and
the tensor fasciae latae is seen from the side only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from html import escape
from typing import TYPE_CHECKING

from hipdip import metrics
from hipdip.charts._vegalite import FONT, program_of
from hipdip.models import Program
from hipdip.registry import catalog
from hipdip.training import MIN_WEEKLY_HARD_SETS, MORE_GROWTH_WEEKLY_SETS

if TYPE_CHECKING:
    import pluggy

__all__ = ["MAP_MUSCLES", "SHADES", "muscle_map", "weekly_sets_per_muscle"]

#: The muscles on the map, in the order the legend lists them.
MAP_MUSCLES = ("gluteus_medius", "gluteus_minimus", "gluteus_maximus", "tensor_fasciae_latae")
_NAMES = {
    "gluteus_medius": "Gluteus medius",
    "gluteus_minimus": "Gluteus minimus",
    "gluteus_maximus": "Gluteus maximus",
    "tensor_fasciae_latae": "Tensor fasciae latae (TFL)",
}
#: Shades by weekly hard sets, light to dark (one orange hue, so order reads without colour
#: names): none; under the 4-set minimum dose (hipdip policy, SCIENCE.md §Training); up to 10;
#: 10 or more, where growth is greater than with fewer (Schoenfeld, Ogborn & Krieger, 2017).
SHADES: tuple[tuple[float, str, str], ...] = (
    (0.0, "#F2F2F2", "not worked"),
    (MIN_WEEKLY_HARD_SETS, "#FDD9B5", f"under {MIN_WEEKLY_HARD_SETS} hard sets a week"),
    (
        MORE_GROWTH_WEEKLY_SETS,
        "#F7A35C",
        f"{MIN_WEEKLY_HARD_SETS} to under {MORE_GROWTH_WEEKLY_SETS}",
    ),
    (float("inf"), "#C65102", f"{MORE_GROWTH_WEEKLY_SETS} or more"),
)
_BONE, _BONE_LINE, _LINE, _TEXT = "#EFE8DC", "#A39B8B", "#5A2A00", "#222222"


def muscle_map(program: Program, *, pm: pluggy.PluginManager | None = None) -> str:
    """An SVG of the hip, side and back, each muscle shaded by the program's weekly hard sets.

    Weekly hard sets per muscle are role-credited (1 per set where the muscle
    is PRIMARY, ½ where SECONDARY: :func:`hipdip.metrics.week_hard_sets`),
    averaged over the program's non-deload weeks (:func:`weekly_sets_per_muscle`).
    Shades: not worked, under 4 a week (the minimum dose), 4 to under 10,
    10 or more (SCIENCE.md §Training). The SVG has a ``<title>`` and a
    ``<desc>`` giving every number, one ``<title>`` per muscle, and a legend.

    >>> from hipdip.examples import example_program
    >>> svg = muscle_map(example_program())
    >>> svg.startswith("<svg") and "<title>What the program works</title>" in svg
    True
    >>> print(svg[svg.index("<desc>") + 6 : svg.index("</desc>")])  # doctest: +NORMALIZE_WHITESPACE
    Weekly hard sets per muscle, average of the 7 non-deload weeks: Gluteus medius 12.4;
    Gluteus minimus 8.4; Gluteus maximus 5; Tensor fasciae latae (TFL) 3.7. Drawn from the
    side and from the back; gluteus minimus lies under gluteus medius.
    """
    program = program_of(program)
    sets = weekly_sets_per_muscle(program, pm=pm)
    weeks = sum(1 for week in program.weeks if not week.deload) or len(program.weeks)
    noun = "non-deload week" if any(not w.deload for w in program.weeks) else "week"
    noun += "" if weeks == 1 else "s"
    return _draw(sets, f"average of the {weeks} {noun}" if weeks > 1 else f"the 1 {noun}")


def weekly_sets_per_muscle(
    program: Program, *, pm: pluggy.PluginManager | None = None
) -> dict[str, float]:
    """Hard sets a week for each muscle of :data:`MAP_MUSCLES`, averaged over non-deload weeks.

    A program made only of deload weeks is averaged over all of them.

    >>> from hipdip.examples import example_program
    >>> {m: round(n, 1) for m, n in weekly_sets_per_muscle(example_program()).items()}
    {'gluteus_medius': 12.4, 'gluteus_minimus': 8.4, 'gluteus_maximus': 5.0, 'tensor_fasciae_latae': 3.7}
    """
    program = program_of(program)
    exercises = catalog(pm).exercises
    weeks = [week for week in program.weeks if not week.deload] or list(program.weeks)
    return {
        muscle: sum(metrics.week_hard_sets(week, exercises, muscle) for week in weeks) / len(weeks)
        for muscle in MAP_MUSCLES
    }


def shade(sets: float) -> tuple[str, str]:
    """The fill colour and legend words for ``sets`` hard sets a week.

    >>> shade(0), shade(3.5)[1], shade(10)[1]
    (('#F2F2F2', 'not worked'), 'under 4 hard sets a week', '10 or more')
    """
    if sets <= 0:
        return SHADES[0][1], SHADES[0][2]
    for limit, color, words in SHADES[1:]:
        if sets < limit:
            return color, words
    raise AssertionError("unreachable: the last shade has no limit")  # pragma: no cover


# --------------------------------------------------------------------------- #
# The drawing: a 720 × 456 canvas, two 300 × 300 views


_WIDTH, _HEIGHT = 720, 456
_SIDE_ORIGIN, _BACK_ORIGIN = (40, 56), (390, 56)

# Side view of the right hip, the person facing right (front = right).
_SIDE_BONE = (
    # ilium: iliac crest from the back (posterior superior iliac spine) to the front spine
    "M70 95C95 60 185 50 232 92L226 112C214 132 200 150 190 168"
    "C170 190 130 196 108 186C90 176 72 150 66 120Z",
    # femur: neck, greater trochanter and shaft
    "M186 178L150 190C132 186 118 196 120 210C122 222 130 228 138 228L140 300L162 300"
    "L160 226C164 208 176 194 190 186Z",
)
_SIDE = {
    "gluteus_maximus": "M66 104C46 134 44 176 62 204C82 234 114 250 150 252L156 230"
    "C132 216 118 196 112 172C106 148 100 122 92 100Z",
    "gluteus_medius": "M84 98C120 66 190 62 226 96L208 118C184 150 160 182 140 204"
    "L122 204C112 168 98 130 84 98Z",
    "gluteus_minimus": "M112 122C140 102 184 104 206 122C184 150 160 180 142 200"
    "L130 200C124 172 118 146 112 122Z",
    "tensor_fasciae_latae": "M226 98L240 108C240 140 232 180 222 212L206 208"
    "C212 176 218 140 220 112Z",
}
# The iliotibial band (the tensor's tendon down the thigh), context only.
_SIDE_ITB = "M214 210L156 300"
# Back view, the left half; the right half is its mirror image about x = 150.
_BACK_BONE = (
    "M146 112C120 70 80 56 44 74C36 100 46 140 74 170L104 184L140 176Z",
    "M96 184L70 196C56 194 48 204 52 216C56 226 66 228 74 224L84 300L104 300"
    "L92 222C92 206 98 196 106 190Z",
)
_SACRUM = "M128 108L172 108L164 176L150 196L136 176Z"
_BACK = {
    "gluteus_medius": "M44 78C80 58 120 70 142 104L118 126C98 150 80 180 68 204L54 202"
    "C40 160 36 118 44 78Z",
    "gluteus_minimus": "M58 100C84 88 110 96 124 116C104 140 88 170 72 198L62 196"
    "C54 164 52 130 58 100Z",
    "gluteus_maximus": "M140 108C150 140 152 176 146 214C130 236 100 248 72 244L62 226"
    "C76 196 96 160 118 128C124 118 132 110 140 108Z",
}
# Drawing order: bone, then deep to superficial (minimus is dashed over medius: it is deep).
_ORDER = ("gluteus_medius", "gluteus_minimus", "gluteus_maximus", "tensor_fasciae_latae")
# Label anchors on the side view: (muscle, point on the muscle, label position, text anchor).
_LABELS = (
    ("gluteus_medius", (150, 84), (150, 26), "middle"),
    ("gluteus_minimus", (176, 124), (290, 150), "start"),
    ("tensor_fasciae_latae", (234, 130), (290, 110), "start"),
    ("gluteus_maximus", (70, 190), (-4, 270), "start"),
)
_SHORT = {
    "gluteus_medius": "medius",
    "gluteus_minimus": "minimus (deep)",
    "gluteus_maximus": "maximus",
    "tensor_fasciae_latae": "TFL",
}


def _draw(sets: Mapping[str, float], basis: str) -> str:
    numbers = "; ".join(f"{_NAMES[m]} {_n(sets[m])}" for m in MAP_MUSCLES)
    desc = (
        f"Weekly hard sets per muscle, {basis}: {numbers}. Drawn from the side and from "
        "the back; gluteus minimus lies under gluteus medius."
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {_WIDTH} {_HEIGHT}" '
        f'width="{_WIDTH}" height="{_HEIGHT}" font-family="{escape(FONT)}" '
        'class="hipdip-muscle-map">',
        "<title>What the program works</title>",
        f"<desc>{escape(desc, quote=False)}</desc>",
        f'<rect width="{_WIDTH}" height="{_HEIGHT}" fill="#FFFFFF"/>',
        f'<text x="20" y="30" font-size="18" font-weight="600" fill="{_TEXT}">'
        "What the program works: hard sets a week per muscle</text>",
    ]
    parts += _view(_SIDE_ORIGIN, "From the side (right hip, facing right)", sets, side=True)
    parts += _view(_BACK_ORIGIN, "From the back", sets, side=False)
    parts += _legend(sets, basis)
    parts.append("</svg>")
    return "".join(parts)


def _view(
    origin: tuple[int, int], caption: str, sets: Mapping[str, float], *, side: bool
) -> list[str]:
    x0, y0 = origin
    out = [f'<g transform="translate({x0} {y0})">']
    out.append(
        f'<text x="150" y="318" font-size="13" text-anchor="middle" fill="{_TEXT}">{caption}</text>'
    )
    bone = f'fill="{_BONE}" stroke="{_BONE_LINE}" stroke-width="1.5"'
    halves = [""] if side else ["", ' transform="matrix(-1 0 0 1 300 0)"']
    for half in halves:
        out.append(f"<g{half}>")
        out += [f'<path d="{d}" {bone}/>' for d in (_SIDE_BONE if side else _BACK_BONE)]
        if side:
            out.append(
                f'<path d="{_SIDE_ITB}" stroke="{_BONE_LINE}" stroke-width="7" '
                'stroke-linecap="round" opacity="0.6" fill="none"/>'
            )
        shapes = _SIDE if side else _BACK
        for muscle in _ORDER:
            if muscle in shapes:
                out.append(_muscle(muscle, shapes[muscle], sets[muscle]))
        out.append("</g>")
    if not side:
        out.append(f'<path d="{_SACRUM}" {bone}/>')
    else:
        for muscle, (px, py), (lx, ly), anchor in _LABELS:
            out.append(
                f'<path d="M{px} {py}L{lx if anchor == "middle" else lx - 4} {ly + (6 if anchor == "middle" else -4)}" '
                f'stroke="{_TEXT}" stroke-width="0.8" fill="none"/>'
                f'<text x="{lx}" y="{ly}" font-size="12" text-anchor="{anchor}" fill="{_TEXT}">'
                f"{_SHORT[muscle]}</text>"
            )
    out.append("</g>")
    return out


def _muscle(muscle: str, d: str, sets: float) -> str:
    color, _ = shade(sets)
    deep = ' stroke-dasharray="4 3" fill-opacity="0.85"' if muscle == "gluteus_minimus" else ""
    title = f"{_NAMES[muscle]}: {_n(sets)} hard sets a week"
    return (
        f'<g class="muscle {muscle}"><title>{escape(title, quote=False)}</title>'
        f'<path d="{d}" fill="{color}" stroke="{_LINE}" stroke-width="1.2"{deep}/></g>'
    )


def _legend(sets: Mapping[str, float], basis: str) -> list[str]:
    out = [f'<g transform="translate(20 408)" font-size="12" fill="{_TEXT}">']
    x = 0
    for _, color, words in SHADES:
        out.append(
            f'<rect x="{x}" y="-11" width="14" height="14" fill="{color}" stroke="{_LINE}" '
            f'stroke-width="0.8"/><text x="{x + 20}" y="0">{escape(words)}</text>'
        )
        x += 30 + 7 * len(words)
    out.append("</g>")
    listed = " · ".join(f"{_SHORT[m].removesuffix(' (deep)')} {_n(sets[m])}" for m in MAP_MUSCLES)
    out.append(
        f'<text x="20" y="440" font-size="12" fill="{_TEXT}">'
        f"Hard sets a week ({escape(basis)}): {escape(listed)}</text>"
    )
    return out


def _n(value: float) -> str:
    """``value`` to one decimal, never rounded across a shade's threshold (3.96 → "3.9")."""
    text = f"{value:.1f}".removesuffix(".0")
    if shade(float(text)) == shade(value):
        return text
    if value < 0.1:
        return "under 0.1"
    return f"{math.floor(value * 10) / 10:.1f}".removesuffix(".0")
