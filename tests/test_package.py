"""The top-level package: every public name, loaded lazily, never shadowed by a submodule."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import hipdip


def test_all_lists_exactly_the_lazy_exports() -> None:
    assert sorted(hipdip._exports()) == sorted(n for n in hipdip.__all__ if n != "__version__")
    assert len(hipdip.__all__) == len(set(hipdip.__all__)) > 50


def test_the_type_checking_imports_reexport_each_name_under_its_own_name() -> None:
    """``from m import X as X``: what mypy --strict needs to see ``hipdip.X`` as public."""
    source = Path(hipdip.__file__).read_text(encoding="utf-8")
    block = next(
        node
        for node in ast.parse(source).body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    )
    aliases = [alias for node in block.body for alias in getattr(node, "names", ())]
    assert len(aliases) == len(hipdip._exports())
    assert all(alias.asname == alias.name for alias in aliases)


def test_star_import_gives_every_public_name() -> None:
    namespace: dict[str, object] = {}
    exec("from hipdip import *", namespace)
    assert set(namespace) - {"__builtins__"} == set(hipdip.__all__)


def test_every_public_name_resolves_from_its_module() -> None:
    for name, module_name in hipdip._exports().items():
        module = sys.modules.get(module_name) or __import__(module_name, fromlist=[name])
        assert getattr(hipdip, name) is getattr(module, name), name
    assert set(hipdip.__all__) <= set(dir(hipdip))


def test_functions_are_not_shadowed_by_their_modules() -> None:
    import hipdip.assessment
    import hipdip.registry

    assert callable(hipdip.assess)
    assert callable(hipdip.catalog)
    assert hipdip.assess is hipdip.assessment.assess
    assert hipdip.catalog is hipdip.registry.catalog


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        hipdip.no_such_name  # noqa: B018


def test_import_hipdip_loads_nothing_else() -> None:
    code = (
        "import sys, hipdip; "
        "print(sorted(m for m in sys.modules if m.startswith(('hipdip.', 'attr', 'cattrs', 'pluggy'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_first_use_loads_only_what_it_needs() -> None:
    code = (
        "import sys, hipdip; hipdip.Profile; "
        "print('cattrs' in sys.modules, 'pluggy' in sys.modules, 'hipdip.plan' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "False"]
