"""Which rule runs when: every registered rule in the order the engines use it, with its plugin.

What ``hipdip plugins --order`` prints. Each engine owns its order
(:func:`hipdip.progression.rule_order`, :func:`hipdip.nutrition.rule_order`,
:func:`hipdip.plan.program_rule_order`); this module only lists them side by
side with who supplied each rule.

>>> from hipdip.plugins import make_plugin_manager
>>> entries = rule_order(make_plugin_manager(entry_points=False))
>>> first = entries[0]
>>> first.kind, first.position, first.id, first.plugin
('progression_rules', 1, 'break', 'hipdip.builtin.progression')
>>> [e.id for e in entries if e.kind == "nutrition_rules"][-1]
'safety_kidney_disease'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from hipdip import __version__
from hipdip.registry import catalog

if TYPE_CHECKING:
    import pluggy

    from hipdip.protocols import NutritionRule, ProgramRule, ProgressionRule

__all__ = ["HOW", "RuleEntry", "rule_order"]

#: How each kind of rule is used, in words (headings of ``hipdip plugins --order``).
HOW: dict[str, str] = {
    "progression_rules": (
        "asked from the highest priority down (ties by id); the first that decides wins"
    ),
    "nutrition_rules": (
        "run from the lowest priority up (ties by id), each on the plan the ones before it "
        "made; the built-in safety rules always run last"
    ),
    "program_rules": "every one runs, by id; ERROR findings stop a plan",
}


@attrs.frozen
class RuleEntry:
    """One rule in its engine's order: ``position`` (1-based) among its ``kind``, and its plugin.

    ``priority`` is ``None`` for rules that have none (program rules) and
    for hipdip's safety rules, marked ``fixed``: they run after every
    registered nutrition rule, and no plugin can remove or outrank them.
    """

    kind: str
    position: int
    id: str
    priority: int | None
    plugin: str
    distribution: str | None
    version: str | None
    fixed: bool = False


def rule_order(pm: pluggy.PluginManager | None = None) -> tuple[RuleEntry, ...]:
    """Every rule of ``pm``'s catalogue (default manager if ``None``), kind by kind, in run order.

    Progression rules first (as asked), then nutrition rules (as run, the
    safety rules last), then program rules.
    """
    from hipdip.builtin.nutrition import SAFETY_RULES
    from hipdip.nutrition import rule_order as nutrition_order
    from hipdip.plan import program_rule_order
    from hipdip.progression import rule_order as progression_order

    cat = catalog(pm)
    safety = {rule.id for rule in SAFETY_RULES}
    entries: list[RuleEntry] = []
    orders: tuple[tuple[str, tuple[ProgressionRule | NutritionRule | ProgramRule, ...]], ...] = (
        ("progression_rules", progression_order(cat)),
        ("nutrition_rules", nutrition_order(cat)),
        ("program_rules", program_rule_order(cat)),
    )
    for kind, rules in orders:
        for position, rule in enumerate(rules, start=1):
            fixed = kind == "nutrition_rules" and rule.id in safety
            name: str = "hipdip.builtin.nutrition"  # the safety rules: hipdip's own, always last
            distribution: str | None = "hipdip"
            version: str | None = __version__
            if not fixed:
                info = cat.plugin_info(kind, rule.id)
                name, distribution, version = info.name, info.distribution, info.version
            priority = None if fixed else getattr(rule, "priority", None)
            entries.append(
                RuleEntry(
                    kind=kind,
                    position=position,
                    id=rule.id,
                    priority=priority if isinstance(priority, int) else None,
                    plugin=name,
                    distribution=distribution,
                    version=version,
                    fixed=fixed,
                )
            )
    return tuple(entries)
