"""Hypothesis entry point: registers hipdip's strategies for ``st.from_type``.

Hypothesis calls :func:`_hypothesis_setup_hook` (entry point group
``hypothesis``) when it is imported, so ``st.from_type(hipdip.Profile)``
works once ``hipdip[testing]`` is installed.
"""

from __future__ import annotations


def _hypothesis_setup_hook() -> None:
    try:
        from hipdip.testing import strategies
    except ImportError:  # strategies not available yet: nothing to register
        return
    register = getattr(strategies, "_register_type_strategies", None)
    if register is not None:
        register()
