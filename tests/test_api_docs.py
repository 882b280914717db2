"""Every public function and class of mathdl documents itself with an example.

The doctests themselves run through pytest's --doctest-modules; this test
makes sure no public name is left without one, result containers and base
classes included.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import mathdl

MODULES = [
    importlib.import_module(f"mathdl.{info.name}")
    for info in pkgutil.iter_modules(mathdl.__path__)
    if not info.name.startswith("_")
]


def _public_objects():
    for module in MODULES:
        short = module.__name__.rsplit(".", 1)[-1]
        assert module.__doc__, f"mathdl.{short} has no module docstring"
        assert hasattr(module, "__all__"), f"mathdl.{short} defines no __all__"
        for name in module.__all__:
            obj = getattr(module, name)
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            yield f"mathdl.{short}.{name}", obj


@pytest.mark.parametrize(("name", "obj"), list(_public_objects()))
def test_public_name_has_a_runnable_example(name, obj):
    doc = inspect.getdoc(obj) or ""
    assert "Examples\n--------" in doc, f"{name} has no Examples section"
    assert ">>> " in doc.split("Examples\n--------", 1)[1], f"{name}: no doctest"


def test_every_module_is_covered():
    names = {m.__name__ for m in MODULES}
    assert {"mathdl.datasets", "mathdl.plotting", "mathdl.nn", "mathdl.optim"} <= names
