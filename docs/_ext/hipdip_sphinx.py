"""Sphinx glue for hipdip's docs: the ``hipdip-science`` directive.

``{hipdip-science} training`` renders the rows of :mod:`hipdip_science` for a
topic as a table (quantity, value, kind, source), read from the code's own
constants while the docs are built.
"""

from __future__ import annotations

from typing import Any

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


def _table(rows: list[hipdip_science.Row]) -> nodes.table:
    table = nodes.table(classes=["hipdip-science"])
    group = nodes.tgroup(cols=len(HEADERS))
    table += group
    for width in WIDTHS:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += _row(HEADERS)
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
    return {"parallel_read_safe": True, "parallel_write_safe": True}
