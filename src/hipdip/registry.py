"""The catalogue: every muscle, exercise, scheme and rule the plugins registered.

>>> import hipdip
>>> cat = hipdip.catalog()
>>> cat.exercises["clamshell"].name
'Clamshell'
>>> cat.provider("exercises", "clamshell")
'hipdip.builtin.exercises'
>>> cat.exercises["clamshel"]  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
hipdip.errors.UnknownIdError: unknown exercise id 'clamshel'; did you mean 'clamshell'...?
>>> cat.exercises.get("clamshel") is None, "clamshel" in cat.exercises
(True, False)

The catalogue is built by the plugin manager, so these names are defined in
:mod:`hipdip.plugins` beside it; this module is their home for imports
(``from hipdip.registry import Catalog, catalog``).
"""

from __future__ import annotations

from hipdip.plugins import CONTRIBUTIONS, KINDS, Catalog, Contribution, PluginInfo, catalog

__all__ = ["CONTRIBUTIONS", "KINDS", "Catalog", "Contribution", "PluginInfo", "catalog"]
