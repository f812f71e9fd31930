"""Sphinx glue for hipdip's docs: the ``hipdip-science`` and ``hipdip-lifter`` directives.

``{hipdip-science} training`` renders the rows of :mod:`hipdip_science` for a
topic as a table (quantity, value, kind, source), read from the code's own
constants while the docs are built. ``{hipdip-lifter} responder`` renders a
virtual lifter's weeks (:mod:`hipdip_coaching`), simulated while the docs are
built. ``{hipdip-picture} muscle-map`` puts one of :mod:`hipdip_pictures`'
drawings in the page as inline SVG (HTML builders only).
"""

from __future__ import annotations

from typing import Any

import hipdip_coaching
import hipdip_pictures
import hipdip_science
from docutils import nodes
from docutils.parsers.rst import Directive

HEADERS = ("Quantity", "Value", "Kind", "Source")
WIDTHS = (34, 16, 12, 38)


class ScienceTable(Directive):
    """A table of the numbers hipdip uses for one topic."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        topic = self.arguments[0]
        if topic not in hipdip_science.topics():
            known = ", ".join(hipdip_science.topics())
            raise self.error(f"unknown topic {topic!r} (known: {known})")
        return [_table(hipdip_science.rows(topic))]


class LifterTable(Directive):
    """A virtual lifter trained by hipdip, one row per week."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        if name not in hipdip_coaching.lifters():
            known = ", ".join(hipdip_coaching.lifters())
            raise self.error(f"unknown lifter {name!r} (known: {known})")
        return [
            _table(
                hipdip_coaching.rows(name),
                headers=hipdip_coaching.HEADERS,
                widths=(10, 30, 22, 18, 30),
                classes=["hipdip-lifter"],
            )
        ]


class Picture(Directive):
    """A picture hipdip draws for the example program, as inline SVG."""

    required_arguments = 1
    optional_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        if name not in hipdip_pictures.pictures():
            known = ", ".join(hipdip_pictures.pictures())
            raise self.error(f"unknown picture {name!r} (known: {known})")
        try:
            svg = hipdip_pictures.svg(name, *self.arguments[1:])
        except Exception as exc:  # an ImportError without the charts extra, a bad id
            raise self.error(f"cannot draw {name!r}: {exc}") from exc
        svg = svg.replace("<svg ", '<svg style="max-width:100%;height:auto" ', 1)
        html = f'<figure class="hipdip-picture" style="margin:1.5rem 0">{svg}</figure>'
        return [nodes.raw("", html, format="html")]


def _table(
    rows: list[tuple[str, ...]],
    *,
    headers: tuple[str, ...] = HEADERS,
    widths: tuple[int, ...] = WIDTHS,
    classes: list[str] | None = None,
) -> nodes.table:
    table = nodes.table(classes=classes or ["hipdip-science"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += _row(headers)
    group += head
    body = nodes.tbody()
    for row in rows:
        body += _row(row)
    group += body
    return table


def _row(cells: tuple[str, ...]) -> nodes.row:
    row = nodes.row()
    for text in cells:
        entry = nodes.entry()
        paragraph = nodes.paragraph(text=text)
        if text == hipdip_science.POLICY:
            paragraph = nodes.paragraph()
            paragraph += nodes.emphasis(text=text)
        entry += paragraph
        row += entry
    return row


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("hipdip-science", ScienceTable)
    app.add_directive("hipdip-lifter", LifterTable)
    app.add_directive("hipdip-picture", Picture)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
