"""Findings: what a rule observed, with its severity and source.

>>> from hipdip import Finding, Severity
>>> Finding(rule="session_time", severity="error", message="week 1 day 2 takes 50 min > 45")
Finding(rule='session_time', severity=<Severity.ERROR: 'error'>, message='week 1 day 2 takes 50 min > 45', source=None, replaced_by=None)
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from hipdip.models import _checks as c
from hipdip.models.enums import Severity

__all__ = ["MAX_FINDINGS", "Finding"]

MAX_FINDINGS = 200


def _severity(value: Severity | str) -> Severity:
    return c.enum_value(Severity, "severity", value)


@attrs.frozen
class Finding:
    """One observation by a rule: ``rule`` id, severity, a message naming what it is about, and its source.

    ``replaced_by`` names the rule that later replaced every value this
    finding states (set by :func:`hipdip.nutrition_plan` on the trail of a
    plan); ``None`` for a finding that is still the answer.
    """

    rule: str = attrs.field(validator=c.slug)
    severity: Severity = attrs.field(converter=_severity)
    message: str = attrs.field(validator=c.text)
    source: str | None = attrs.field(default=None, validator=c.optional_text)
    replaced_by: str | None = attrs.field(default=None, validator=c.optional_slug)


def capped(findings: Sequence[Finding], what: str = "") -> tuple[Finding, ...]:
    """``findings``, at most :data:`MAX_FINDINGS`: past it, the last one says how many more
    there were (``what`` says of what, e.g. ``" (plugin rules skipped)"``), so that a
    result holding them is never refused for holding too many (an attacker's review:
    201 broken rules made a ``ValidationError`` that blamed the caller's input).

    >>> many = [Finding("x", "info", f"note {i}") for i in range(250)]
    >>> kept = capped(many)
    >>> len(kept), kept[-1].rule, kept[-1].message
    (200, 'more_findings', '51 more findings are not listed')
    """
    if len(findings) <= MAX_FINDINGS:
        return tuple(findings)
    kept = tuple(findings[: MAX_FINDINGS - 1])
    more = len(findings) - len(kept)
    return (
        *kept,
        Finding("more_findings", Severity.WARNING, f"{more} more findings{what} are not listed"),
    )
