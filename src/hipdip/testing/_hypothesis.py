"""Hypothesis entry point: registers hipdip's strategies for ``st.from_type``.

Hypothesis calls :func:`_hypothesis_setup_hook` (entry-point group
``hypothesis``) at the end of ``import hypothesis``, so
``st.from_type(hipdip.Profile)`` works once ``hipdip[testing]`` is
installed. Registration only stores functions: nothing is drawn and no
catalogue is built until a test asks for a hipdip type.

The hook never raises: a failure here would break ``import hypothesis`` for
every project in the environment, so it becomes a warning naming hipdip.
"""

from __future__ import annotations

import sys
import warnings

_STRATEGIES = "hipdip.testing.strategies"


def _hypothesis_setup_hook() -> None:
    """Register :mod:`hipdip.testing.strategies` with :func:`hypothesis.strategies.register_type_strategy`."""
    importing = sys.modules.get(_STRATEGIES)
    if importing is not None and not hasattr(importing, "_register_type_strategies"):
        # hypothesis is being imported by hipdip.testing.strategies itself; that
        # module registers its strategies when it finishes loading.
        return
    try:
        import hipdip.testing.strategies as strategies

        strategies._register_type_strategies()
    except Exception as exc:  # keep `import hypothesis` working whatever happens here
        warnings.warn(
            f"hipdip: could not register hypothesis strategies for hipdip's models "
            f"({type(exc).__name__}: {exc}); st.from_type(hipdip.Profile) will not work",
            RuntimeWarning,
            stacklevel=2,
        )
