"""Declarations of good arguments for the enumerating robustness test.

``tests/test_robustness.py`` enumerates every public callable of every public
module of ``mathdl``: the module's functions (its ``__all__``), the
constructors of its public classes and their public methods that take
arguments (methods defined in ``mathdl``; argument-free methods such as
``step()`` are the only exclusion). For each it needs one call that works:
the *good arguments*. Starting from them it makes one argument at a time bad
(NaN, inf, None, empty, wrong shape, wrong type, 1e308, negative seeds,
strings for flags) and asserts a ``ValueError`` or ``TypeError`` whose
message names the argument, or, for the values that may be legitimate
(1e308, an empty or reshaped array, a negative integer), a result without
NaN or infinity.

Declaration format
------------------
The good arguments of module ``mathdl.<module>`` live in
``tests/robustness/cases_<module>.py``, which defines a dict ``CASES``::

    CASES = {
        "softmax": case(x=[[0.0, 1.0]]),
        "Dense": case(in_features=3, out_features=2, rng=0),
        "Dense.forward": case(x=np.ones((4, 3))),
        "Dense.backward": case(grad_out=np.ones((4, 2)), _setup=run_forward),
        "Layer.train": case(mode=False),  # covers every subclass inheriting it
    }

Keys are ``name`` for a function or a class's constructor and
``Class.method`` for a method. A method inherited unchanged from a ``mathdl``
base class may be declared once, on the class that defines it: every
subclass runs that declaration on an instance of its own.

:func:`case` takes the good arguments by parameter name (a
``*args`` parameter takes a tuple) and a few options whose names start with
an underscore:

``_instance``
    For a method, a function of no arguments returning the object to call
    the method on (a fresh one is made for every call). By default the
    class's own declaration is used to construct it (or the class is called
    without arguments).
``_setup``
    For a method, a function called with that object before the method (to
    run ``forward`` before ``backward``, for example).
``_kinds``
    Overrides of the kind of an argument, which decides its bad values. The
    kind is otherwise inferred from the annotation: ``array``
    (``ArrayLike``, ``ndarray``), ``float``, ``int``, ``bool``, ``rng`` (a
    ``Generator``), ``callable``, ``str``, ``object``; an array argument
    whose name starts with ``grad`` is ``shaped``. An argument whose
    annotation allows ``None`` (or whose default is ``None``) is not given
    ``None`` as a bad value. Other kinds: ``shaped`` (an array whose shape
    is fixed by the other arguments or the object's state, so a wrong shape
    must be refused), ``nan-array`` (an array in which NaN means "missing"
    and is accepted), ``inf-array`` (an array whose infinite entries have a
    meaning, such as logits: NaN is still refused), ``inf-float`` (a number
    for which infinity has a meaning, such as the order of a norm), ``any``
    (an argument for which every value is valid: no bad value is tried; a
    result record is not such a case, it checks its fields).
``_nonfinite_ok``
    The good result may legitimately hold infinity (say why in a comment).
``_abstract``
    The method belongs to an abstract base class: the good call raises
    ``NotImplementedError`` (after checking its arguments, which must still
    refuse every bad value).

Writing a declaration does not exempt anything: the callable must still
refuse every bad value of its arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Case", "case"]


@dataclass(frozen=True)
class Case:
    """The good arguments of one callable, and how to reach it."""

    args: dict[str, Any]
    instance: Callable[[], Any] | None = None
    setup: Callable[[Any], Any] | None = None
    kinds: dict[str, str] = field(default_factory=dict)
    nonfinite_ok: bool = False
    abstract: bool = False


def case(
    *,
    _instance: Callable[[], Any] | None = None,
    _setup: Callable[[Any], Any] | None = None,
    _kinds: dict[str, str] | None = None,
    _nonfinite_ok: bool = False,
    _abstract: bool = False,
    **args: Any,
) -> Case:
    """Declare the good arguments of a callable (see the module docstring)."""
    return Case(args, _instance, _setup, dict(_kinds or {}), _nonfinite_ok, _abstract)
