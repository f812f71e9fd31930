"""``hipdip.limits``: the public home of the limits plugins use, and plugins use only it."""

from __future__ import annotations

import ast
from pathlib import Path

import attrs
import pytest

import hipdip
from hipdip import limits

PLUGINS = Path(__file__).resolve().parent.parent / "plugins"


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


def private_imports(path: Path) -> list[str]:
    """The imports of ``path`` that reach into hipdip's private layout.

    Private: a ``_name``, a module of ``hipdip.models`` (the package itself is
    public), anything of ``hipdip.builtin`` (the built-in plugins).
    """
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            statements = [(node.module, [a.name for a in node.names], f"from {node.module} import")]
        elif isinstance(node, ast.Import):
            statements = [(a.name, [], "import") for a in node.names]
        else:
            continue
        for module, names, how in statements:
            parts = module.split(".")
            private = (
                parts[:2] == ["hipdip", "builtin"]
                or (parts[:2] == ["hipdip", "models"] and len(parts) > 2)
                or any(part.startswith("_") for part in parts + names)
            )
            if parts[0] == "hipdip" and private:
                found.append(f"{how} {', '.join(names) or module}")
    return found


@pytest.mark.parametrize("plugin", sorted(p.name for p in PLUGINS.glob("hipdip-*")))
def test_example_plugins_import_only_public_names(plugin: str) -> None:
    sources = sorted((PLUGINS / plugin / "src").rglob("*.py"))
    assert sources
    assert [bad for path in sources for bad in private_imports(path)] == []


def test_the_import_check_can_fail(tmp_path: Path) -> None:
    module = tmp_path / "plugin.py"
    module.write_text(
        "from hipdip.models.exercise import MAX_CUES\nimport hipdip.builtin.nutrition\n"
        "from hipdip.models import _checks\nfrom hipdip.limits import MAX_CUES\n",
        encoding="utf-8",
    )
    assert private_imports(module) == [
        "from hipdip.models.exercise import MAX_CUES",
        "import hipdip.builtin.nutrition",
        "from hipdip.models import _checks",
    ]
