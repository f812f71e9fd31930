"""One self-contained HTML page about a program: pictures first, then the tables.

:func:`to_html` is what ``hipdip report`` writes: the muscle map, the weekly
volume chart, each logged exercise's progress chart, the program week by
week, the progress decisions (with a log) and the nutrition plan. The words
are :func:`hipdip.render.to_markdown`'s, turned into HTML here, so the page
says exactly what the CLI prints.

The page loads nothing: no script, no web font, no stylesheet or image from
elsewhere — the charts are inline SVG (:func:`hipdip.charts.to_svg`, with the
``hipdip[charts]`` extra; without it the page says so and still has the
tables and the muscle map). It uses the reader's system font, fits a phone
screen and prints cleanly.

>>> from hipdip.examples import example_program
>>> page = to_html(example_program(), charts=False)
>>> page.startswith("<!DOCTYPE html>") and "<svg" in page and "http" not in page
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from html import escape, unescape
from typing import TYPE_CHECKING, Any

from hipdip import __version__
from hipdip.errors import ValidationError
from hipdip.models import MeasurementLog, Program, TrainingLog, Units

if TYPE_CHECKING:
    import pluggy

__all__ = ["markdown_to_html", "to_html"]


def to_html(
    program: Program,
    *,
    log: TrainingLog | None = None,
    measurements: MeasurementLog | None = None,
    units: Units | str | None = None,
    pm: pluggy.PluginManager | None = None,
    charts: bool = True,
) -> str:
    """A whole HTML document about ``program`` (and what ``log`` says was done).

    With ``measurements`` (a :class:`~hipdip.MeasurementLog`) the page adds
    the body measurements and, with weigh-ins among them, the energy target
    over time, and its nutrition plan is :func:`hipdip.adjust_nutrition`'s
    for them (what ``hipdip
    nutrition --measurements`` prints). Weights are in ``units`` (default:
    the profile's). ``charts=False`` leaves the Vega-Lite charts out (the
    muscle map, drawn by hipdip, stays); without the ``hipdip[charts]`` extra
    they are left out too and the page says how to get them. Raises
    :class:`~hipdip.ValidationError` for a bad argument and what
    :func:`hipdip.progress` or :func:`hipdip.adjust_nutrition` raise for a log
    or measurements that do not fit.
    """
    from hipdip import charts as pictures
    from hipdip.charts import _body as pictures_body
    from hipdip.charts._images import EXTRA_HINT
    from hipdip.charts._vegalite import units_of
    from hipdip.nutrition import adjust_nutrition, nutrition_plan
    from hipdip.render import to_markdown

    if not isinstance(program, Program):
        raise ValidationError(f"program: must be a Program (got {type(program).__name__})")
    if log is not None and not isinstance(log, TrainingLog):
        raise ValidationError(f"log: must be a TrainingLog (got {type(log).__name__})")
    if measurements is not None and not isinstance(measurements, MeasurementLog):
        raise ValidationError(
            f"measurements: must be a MeasurementLog (got {type(measurements).__name__})"
        )
    shown = units_of(None if units is None else str(units), program.profile)
    placed = log
    if log is not None and any(session.week is None for session in log.sessions):
        from hipdip.logs import assign

        # dated sessions (an app's export): placed on the program as progress() places them
        placed = assign(program, log, pm=pm).log
    draw = _Drawer(enabled=charts)
    sections: list[tuple[str, str, str]] = []

    muscle_map = pictures.muscle_map(program, pm=pm)
    sections.append(
        (
            "muscles",
            "What the program works",
            _figure(muscle_map, _desc_of(muscle_map))
            + "<p>Hard sets count 1 per set where a muscle is a prime mover and ½ where it "
            "assists. Gluteus minimus lies under gluteus medius; bone, not muscle, sets the "
            "depth of hip dips.</p>",
        )
    )

    volume = pictures.weekly_volume(program, placed, pm=pm)
    sections.append(("volume", "Weekly volume", draw(volume)))

    if log is not None and placed is not None and log.sessions:
        from hipdip.progression import progress

        result = progress(program, log, pm=pm)
        logged = dict.fromkeys(e.exercise for s in placed.sessions for e in s.exercises)
        figures = "".join(
            draw(pictures.progress_chart(placed, e, units=shown, pm=pm)) for e in logged
        )
        title, text = _titled(to_markdown(result, log=placed, pm=pm, units=shown))
        sections.append(("progress", title, figures + text))

    sections.append(("program", *_titled(to_markdown(program, pm=pm, units=shown))))
    profile = program.profile
    plan = nutrition_plan(profile, pm=pm)
    if measurements is not None and pictures_body.drawable(measurements.measurements):
        body = draw(pictures.measurement_chart(measurements, units=shown))
        if any(m.weight_kg is not None for m in measurements.measurements):
            body += draw(pictures.energy_chart(profile, measurements, plan=plan, pm=pm))
            plan = adjust_nutrition(profile, plan, measurements, pm=pm)
        sections.append(("body", "Body measurements", body))
    sections.append(("nutrition", *_titled(to_markdown(plan, units=shown))))

    notes = []
    if draw.missing:
        notes.append(
            '<p class="note" role="note">The charts are not drawn here: they need the charts '
            f"extra (<code>{escape(EXTRA_HINT)}</code>). The muscle map and every table are "
            "complete.</p>"
        )
    title = "Hip program report"
    weeks = len(program.weeks)
    days = max(len(week.sessions) for week in program.weeks)
    summary = (
        f"{weeks} week{'s' * (weeks != 1)}, {days} day{'s' * (days != 1)} a week · "
        f"{profile.sex.value}, {profile.age} years, {profile.experience.value} · "
        f"scheme {program.scheme}"
        + (f" · {len(log.sessions)} logged sessions" if log is not None else "")
        + (f" · {len(measurements.measurements)} measurements" if measurements is not None else "")
    )
    nav = "".join(f'<li><a href="#{key}">{escape(name)}</a></li>' for key, name, _ in sections)
    body = "".join(
        f'<section id="{key}" aria-labelledby="{key}-title"><h2 id="{key}-title">'
        f"{escape(name)}</h2>{content}</section>"
        for key, name, content in sections
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8"/>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>'
        f'<meta name="generator" content="hipdip {escape(__version__)}"/>'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head>"
        f"<body><header><h1>{escape(title)}</h1><p>{escape(summary)}</p>"
        f'<nav aria-label="Contents"><ul>{nav}</ul></nav></header>'
        f"<main>{''.join(notes)}{body}</main>"
        f"<footer><p>Made by hipdip {escape(__version__)}. Numbers and their sources: "
        "the science page of hipdip's documentation. Hip dips are shaped by bone; "
        "training builds the muscle over it.</p></footer></body></html>\n"
    )


def markdown_to_html(text: str, *, shift: int = 0) -> str:
    """The Markdown :func:`hipdip.render.to_markdown` writes, as HTML.

    Handles what ``to_markdown`` uses — headings (moved down ``shift``
    levels), paragraphs, ``-`` lists with indented continuation lines, pipe
    tables with alignment, ``**bold**``, ``*italic*`` and ``code`` — and
    escapes everything else. Tables are wrapped so they scroll sideways on a
    narrow screen.

    >>> print(markdown_to_html("## Week 1 · *deload*\\n\\n| a | b |\\n| --- | ---: |\\n| `x` \\\\| y | 2 |", shift=1))
    <h3>Week 1 · <em>deload</em></h3>
    <div class="table"><table><thead><tr><th>a</th><th class="num">b</th></tr></thead><tbody><tr><td><code>x</code> | y</td><td class="num">2</td></tr></tbody></table></div>
    """
    out: list[str] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        heading = re.match(r"(#{1,6})\s+(.*)", line)
        if heading:
            level = min(6, len(heading.group(1)) + shift)
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
            index += 1
        elif line.startswith("|"):
            end = _run(lines, index, lambda s: s.startswith("|"))
            out.append(_table(lines[index:end]))
            index = end
        elif line.startswith("- "):
            end = _run(lines, index, lambda s: s.startswith(("- ", "  ")))
            out.append(_list(lines[index:end]))
            index = end
        else:
            end = _run(
                lines, index, lambda s: bool(s.strip()) and not s.startswith(("#", "|", "- "))
            )
            out.append(f"<p>{_inline(' '.join(s.strip() for s in lines[index:end]))}</p>")
            index = end
    return "\n".join(out)


# --------------------------------------------------------------------------- #
# Charts


class _Drawer:
    """Turns specs into ``<figure>``s, remembering whether the charts extra was missing."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.missing = False

    def __call__(self, spec: dict[str, Any]) -> str:
        description = str(spec.get("description", ""))
        if self.enabled and not self.missing:
            from hipdip.charts import to_svg

            try:
                return _figure(to_svg(spec), description)
            except ImportError:
                self.missing = True
        return f'<p class="chart-text">{escape(description)}</p>'


def _figure(svg: str, caption: str) -> str:
    svg = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", svg, count=2)
    return f"<figure>{svg}<figcaption>{escape(caption)}</figcaption></figure>"


def _desc_of(svg: str) -> str:
    match = re.search(r"<desc>(.*?)</desc>", svg, re.S)
    return "" if match is None else unescape(match.group(1))


# --------------------------------------------------------------------------- #
# Markdown pieces


def _titled(markdown: str) -> tuple[str, str]:
    """The text of ``markdown``'s first ``#`` heading, and the rest as HTML (``##`` → ``<h3>``)."""
    first, _, rest = markdown.partition("\n")
    if not first.startswith("# "):
        return "", markdown_to_html(markdown, shift=1)
    return first[2:].strip(), markdown_to_html(rest, shift=1)


def _run(lines: Sequence[str], start: int, keep: Callable[[str], bool]) -> int:
    end = start + 1
    while end < len(lines) and keep(lines[end]):
        end += 1
    return end


def _cells(row: str) -> list[str]:
    inner = row.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", inner)]


def _table(rows: Sequence[str]) -> str:
    head = _cells(rows[0])
    body = rows[1:]
    aligns = [""] * len(head)
    if body and all(re.fullmatch(r":?-{3,}:?", cell) for cell in _cells(body[0])):
        aligns = [' class="num"' if c.endswith(":") else "" for c in _cells(body[0])]
        body = body[1:]

    def cells(values: Iterable[str], tag: str) -> str:
        return "".join(
            f"<{tag}{aligns[i] if i < len(aligns) else ''}>{_inline(v, escaped_pipes=False)}</{tag}>"
            for i, v in enumerate(values)
        )

    rows_html = "".join(f"<tr>{cells(_cells(row), 'td')}</tr>" for row in body)
    return (
        f'<div class="table"><table><thead><tr>{cells(head, "th")}</tr></thead>'
        f"<tbody>{rows_html}</tbody></table></div>"
    )


def _list(lines: Sequence[str]) -> str:
    items: list[list[str]] = []
    for line in lines:
        if line.startswith("- "):
            items.append([line[2:]])
        elif items:
            items[-1].append(line.strip())
    return (
        "<ul>" + "".join(f"<li>{'<br/>'.join(_inline(p) for p in i)}</li>" for i in items) + "</ul>"
    )


_CODE = re.compile(r"`([^`]+)`")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_EM = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")


def _inline(text: str, *, escaped_pipes: bool = True) -> str:
    """Escape ``text`` and turn code, bold and italics into HTML."""
    if escaped_pipes:
        text = text.replace("\\|", "|")
    codes: list[str] = []

    def keep(match: re.Match[str]) -> str:
        codes.append(f"<code>{escape(match.group(1), quote=False)}</code>")
        return f"\x00{len(codes) - 1}\x00"

    text = escape(_CODE.sub(keep, text), quote=False)
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    text = _EM.sub(r"<em>\1</em>", text)
    return re.sub(r"\x00(\d+)\x00", lambda m: codes[int(m.group(1))], text)


# --------------------------------------------------------------------------- #
# The look: system fonts, readable on a phone, printable


_CSS = """
:root{--ink:#1d1d1f;--muted:#5b5b60;--line:#d9d9de;--accent:#C65102}
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
line-height:1.5;color:var(--ink);background:#fff;-webkit-text-size-adjust:100%}
body{margin:0 auto;max-width:62rem;padding:1rem}
h1{font-size:1.7rem;margin:.5rem 0}h2{font-size:1.4rem;margin-top:2.5rem;
border-bottom:2px solid var(--accent);padding-bottom:.2rem}h3{font-size:1.15rem;margin-top:1.8rem}
h4{font-size:1rem}header p{color:var(--muted);margin:.2rem 0}
nav ul{display:flex;flex-wrap:wrap;gap:.3rem 1rem;list-style:none;padding:0;margin:.8rem 0}
a{color:#0b5cad}
figure{margin:1.2rem 0}figure svg{display:block;max-width:100%;height:auto}
figcaption,.chart-text{color:var(--muted);font-size:.9rem}
.table{overflow-x:auto;margin:.8rem 0}
table{border-collapse:collapse;min-width:100%;font-size:.92rem}
th,td{border-bottom:1px solid var(--line);padding:.35rem .55rem;text-align:left;vertical-align:top}
th{background:#f5f5f7}.num{text-align:right}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.88em}
.note{border-left:4px solid var(--accent);background:#fff4ea;padding:.6rem .9rem}
footer{margin-top:3rem;color:var(--muted);font-size:.85rem}
@media (max-width:40rem){body{padding:.6rem}table{font-size:.85rem}th,td{padding:.3rem .4rem}}
@media print{body{max-width:none;padding:0}nav{display:none}a{color:inherit;text-decoration:none}
h2,h3{break-after:avoid}figure,tr{break-inside:avoid}.table{overflow:visible}
th{background:none}}
""".replace("\n", "")
