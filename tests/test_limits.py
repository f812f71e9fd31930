"""``hipdip.limits``: the public home of the limits and policy numbers plugins use.

(That the example plugins import only public modules is checked in
``test_plugin_packages.py``.)
"""

from __future__ import annotations

import attrs
import pytest

import hipdip
from hipdip import limits


def test_every_name_is_importable() -> None:
    namespace: dict[str, object] = {}
    exec("from hipdip.limits import *", namespace)
    assert set(limits.__all__) <= set(namespace)
    with pytest.raises(AttributeError, match="no attribute 'MAX_NOTHING'"):
        limits.MAX_NOTHING  # noqa: B018


def test_the_protein_policy_is_the_built_in_rules_own() -> None:
    from hipdip.builtin import nutrition

    assert limits.PROTEIN_MIN_G_PER_KG is nutrition.PROTEIN_MIN_G_PER_KG
    assert limits.PROTEIN_MAX_G_PER_KG is nutrition.PROTEIN_MAX_G_PER_KG
    assert limits.PROTEIN_G_PER_KG is nutrition.PROTEIN_G_PER_KG


@pytest.mark.parametrize(
    ("cls", "field", "bound"),
    [
        (hipdip.Weight, "kg", limits.MAX_LOAD_KG),
        (hipdip.Prescription, "sets", limits.MAX_SETS),
        (hipdip.Reps, "high", limits.MAX_REPS),
        (hipdip.SetResult, "rir", limits.MAX_LOGGED_RIR),
        (hipdip.Profile, "age", limits.AGE[1]),
    ],
)
def test_the_limits_are_what_the_validators_enforce(cls: type, field: str, bound: float) -> None:
    check = attrs.fields_dict(cls)[field].validator
    assert check.maximum == bound  # type: ignore[union-attr]


def test_importing_the_limits_loads_no_plugin_machinery() -> None:
    import subprocess
    import sys

    code = "import sys, hipdip.limits; print('pluggy' in sys.modules, 'cattrs' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
