"""Every public callable of mathdl refuses bad arguments clearly (issue 16).

The test enumerates the public callables of every public module of mathdl:
functions, constructors of public classes and their public methods (the
only exclusion: methods without arguments). Each needs a declaration of
good arguments in ``tests/robustness/cases_<module>.py`` (the format is
described in ``tests/robustness/__init__.py``); a callable without one fails
here, so a new public function is covered as soon as it exists.

From the good arguments, one argument at a time is made bad. Values that are
never valid for the argument's kind (NaN, infinity, None where None is not
allowed, a string for a number or an array, a float for an integer, a
string or an int for a flag, a negative seed) must raise ``ValueError`` or
``TypeError`` whose message names the argument. Values that may be valid
(1e308, an empty or reshaped array, a negative integer, 2**64) must either
raise such an error (or say that the result overflows) or give a result
without NaN or infinity. The good call itself must give a finite result.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import pkgutil
import re
import signal
import threading
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import matplotlib.pyplot as plt
import numpy as np
import pytest
from robustness import Case

import mathdl

#: Seconds one call may take: a huge count must be refused, not worked on.
TIMEOUT = 10.0


class Target(NamedTuple):
    """One public callable: a function, a constructor or a method."""

    module: str  # "nn"
    key: str  # "softmax", "Dense", "Dense.forward"
    owner: type | None  # the class, for constructors and methods
    method: str | None  # the method's name
    defined_by: str | None  # "Layer" for Dense.train: where the method lives


def _public_modules() -> list[str]:
    return sorted(
        m.name for m in pkgutil.iter_modules(mathdl.__path__) if m.name[0] != "_"
    )


def _has_arguments(func: Callable[..., Any], *, bound: bool) -> bool:
    try:
        params = list(inspect.signature(func).parameters.values())
    except (TypeError, ValueError):  # pragma: no cover - builtins
        return False
    if not bound and params and params[0].name in {"self", "cls"}:
        params = params[1:]
    return bool(params)


def _methods(cls: type) -> Iterator[tuple[str, str]]:
    """Public methods with arguments that mathdl defines: (name, defining class)."""
    seen: set[str] = set()
    for klass in cls.__mro__:
        if not klass.__module__.startswith("mathdl"):
            continue
        for attr, raw in vars(klass).items():
            if attr.startswith("_") or attr in seen:
                continue
            seen.add(attr)
            if isinstance(raw, staticmethod | classmethod):
                func, bound = raw.__func__, isinstance(raw, classmethod)
                if not _has_arguments(func, bound=False) or (
                    bound and len(inspect.signature(func).parameters) == 1
                ):
                    continue
            elif inspect.isfunction(raw):
                if not _has_arguments(raw, bound=False):
                    continue
            else:
                continue  # properties, constants
            yield attr, klass.__name__


def public_callables() -> list[Target]:
    targets = []
    for module in _public_modules():
        mod = importlib.import_module(f"mathdl.{module}")
        for name in mod.__all__:
            obj = getattr(mod, name)
            if inspect.isclass(obj):
                if _has_arguments(obj, bound=True):
                    targets.append(Target(module, name, obj, None, None))
                for attr, owner in _methods(obj):
                    key = f"{name}.{attr}"
                    targets.append(Target(module, key, obj, attr, owner))
            elif callable(obj):
                targets.append(Target(module, name, None, None, None))
    return targets


def _cases(module: str) -> dict[str, Case] | None:
    try:
        cases = importlib.import_module(f"robustness.cases_{module}")
    except ModuleNotFoundError as exc:
        if exc.name != f"robustness.cases_{module}":
            raise
        return None
    return cases.CASES


TARGETS = public_callables()


def _declaration(target: Target) -> Case | None:
    cases = _cases(target.module) or {}
    if target.key in cases:
        return cases[target.key]
    if target.method is not None:
        inherited = cases.get(f"{target.defined_by}.{target.method}")
        if inherited is not None:  # run on an instance of the subclass
            return Case(
                inherited.args, None, inherited.setup, inherited.kinds,
                inherited.nonfinite_ok, inherited.abstract,
            )  # fmt: skip
    return None


# ---------------------------------------------------------------------------
# Bad values
# ---------------------------------------------------------------------------


class Bad(NamedTuple):
    label: str
    value: Any
    strict: bool  # must raise; otherwise raising or a finite result are fine
    finite: bool = True  # finite input: the result must be finite too


def _kind(param: inspect.Parameter, override: dict[str, str]) -> str:
    if param.name in override:
        return override[param.name]
    ann = param.annotation
    text = ann if isinstance(ann, str) else getattr(ann, "__name__", repr(ann))
    bare = text.replace(" | None", "").replace("None | ", "").strip()
    if "Generator" in text:
        return "rng"
    if "Callable" in text:
        return "callable"
    if "ArrayLike" in text or "ndarray" in text:
        return "shaped" if param.name.startswith("grad") else "array"
    if bare == "bool":
        return "bool"
    if "float" in bare.split(" | ") or bare == "float":
        return "float"
    if bare.split(" | ")[0] == "int" or bare.startswith("int |"):
        return "int"
    if "str" in bare or "Path" in bare:
        return "str"
    return "object"


def _optional(param: inspect.Parameter) -> bool:
    ann = param.annotation
    text = ann if isinstance(ann, str) else repr(ann)
    return param.default is None or "None" in text


def _float_array(good: Any) -> np.ndarray | None:
    try:
        arr = np.array(good, dtype=float)
    except (TypeError, ValueError):
        return None
    return arr if arr.size else None


def bad_values(kind: str, good: Any, optional: bool) -> list[Bad]:
    none = [] if optional else [Bad("None", None, True)]
    if kind == "any":
        return []
    if kind == "float":
        return [
            *none,
            Bad("NaN", float("nan"), True),
            Bad("inf", float("inf"), True),
            Bad("-inf", float("-inf"), True),
            Bad("a string", "abc", True),
            Bad("1e308", 1e308, False),
            Bad("-1e308", -1e308, False),
        ]
    if kind == "int":
        return [
            *none,
            Bad("a float", 2.5, True),
            Bad("a string", "abc", True),
            Bad("True", True, True),
            Bad("-1", -1, False),
            Bad("2**64", 2**64, False),
        ]
    if kind == "bool":
        return [*none, Bad("a string", "no", True), Bad("the int 1", 1, True)]
    if kind == "rng":
        return [
            *none,
            Bad("a negative seed", -1, True),
            Bad("a string", "abc", True),
            Bad("a float", 1.5, True),
        ]
    if kind == "callable":
        return [*none, Bad("a float", 3.0, True)]
    if kind == "str":
        return [*none, Bad("an int", 3, True)]
    if kind == "object":
        return [*none, Bad("a float", 3.5, True)]
    if kind not in {"array", "shaped", "nan-array", "inf-array"}:
        raise ValueError(f"unknown kind {kind!r} in a declaration")
    bads = [*none, Bad("a string", "abc", True)]
    arr = _float_array(good)
    if arr is None:
        return bads
    nan, inf = arr.copy(), arr.copy()
    nan.flat[0], inf.flat[-1] = np.nan, np.inf
    strict_shape = kind == "shaped"
    bads += [
        Bad("NaN inside", nan, kind != "nan-array", finite=False),
        Bad("inf inside", inf, kind != "inf-array", finite=False),
        Bad("1e308 everywhere", np.full_like(arr, 1e308), False),
        Bad("empty", np.empty((0, *arr.shape[1:])), False),
        Bad("an extra axis", arr[..., None], strict_shape),
    ]
    if arr.ndim:
        bads.append(Bad("one more row", np.concatenate([arr, arr[:1]]), strict_shape))
    if arr.ndim > 1 and arr.T.shape != arr.shape:
        bads.append(Bad("the axes reversed", arr.T.copy(), strict_shape))
    return bads


# ---------------------------------------------------------------------------
# Calling
# ---------------------------------------------------------------------------


class _Timeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Timeout


def _call(func: Callable[..., Any], sig: inspect.Signature, args: dict[str, Any]):
    positional: list[Any] = []
    keywords: dict[str, Any] = {}
    for param in sig.parameters.values():
        if param.name not in args:
            continue
        value = args[param.name]
        if param.kind is param.POSITIONAL_ONLY:
            positional.append(value)
        elif param.kind is param.VAR_POSITIONAL:
            positional.extend(value)
        elif param.kind is param.VAR_KEYWORD:
            keywords.update(value)
        else:
            keywords[param.name] = value
    main = threading.current_thread() is threading.main_thread()
    if main:
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, TIMEOUT)
    try:
        return func(*positional, **keywords)
    finally:
        if main:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        plt.close("all")


def _nonfinite(result: Any, depth: int = 0) -> bool:
    if depth > 4:
        return False
    if isinstance(result, np.ndarray):
        return result.dtype.kind in "fc" and not np.isfinite(result).all()
    if isinstance(result, float | complex | np.floating | np.complexfloating):
        return not np.isfinite(result)
    if isinstance(result, tuple | list):
        return any(_nonfinite(item, depth + 1) for item in result)
    if isinstance(result, dict):
        return any(_nonfinite(item, depth + 1) for item in result.values())
    return False


def _names(message: str, name: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", message) is not None


def _resolve(target: Target, case: Case) -> Callable[[], Callable[..., Any]]:
    """A function that returns a fresh callable (fresh object for methods)."""
    mod = importlib.import_module(f"mathdl.{target.module}")
    if target.method is None:
        obj = getattr(mod, target.key)
        return lambda: obj
    cls = target.owner
    assert cls is not None
    own = (_cases(target.module) or {}).get(cls.__name__)

    def make() -> Callable[..., Any]:
        if case.instance is not None:
            instance = case.instance()
        elif own is not None:
            sig = inspect.signature(cls)
            instance = _call(cls, sig, copy.deepcopy(own.args))
        else:
            instance = cls()
        if case.setup is not None:
            case.setup(instance)
        return getattr(instance, target.method)

    return make


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: f"{t.module}.{t.key}")
def test_refuses_bad_arguments(target: Target) -> None:
    case = _declaration(target)
    if case is None:
        pytest.fail(
            f"mathdl.{target.module}.{target.key} has no declaration of good "
            f"arguments: add one to tests/robustness/cases_{target.module}.py "
            "(see tests/robustness/__init__.py)"
        )
    make = _resolve(target, case)
    sig = inspect.signature(make())
    unknown = set(case.args) - set(sig.parameters)
    assert not unknown, f"the declaration names unknown parameters {sorted(unknown)}"
    for param in sig.parameters.values():
        needed = param.default is param.empty and param.kind not in {
            param.VAR_POSITIONAL,
            param.VAR_KEYWORD,
        }
        assert param.name in case.args or not needed, (
            f"the declaration lacks a good value for {param.name}"
        )

    if case.abstract:
        with pytest.raises(NotImplementedError):
            _call(make(), sig, copy.deepcopy(case.args))
        result = None
    else:
        result = _call(make(), sig, copy.deepcopy(case.args))
    if not case.nonfinite_ok:
        assert not _nonfinite(result), "the good arguments give NaN or infinity"

    problems = []
    for param in sig.parameters.values():
        if param.kind is param.VAR_KEYWORD:
            continue
        good = case.args.get(param.name, param.default)
        if param.kind is param.VAR_POSITIONAL:
            good = good[0] if good else None
        kind = _kind(param, case.kinds)
        for bad in bad_values(kind, good, _optional(param)):
            args = copy.deepcopy(case.args)
            args[param.name] = (
                (bad.value,) if param.kind is param.VAR_POSITIONAL else (bad.value)
            )
            what = f"{param.name}={bad.label}"
            try:
                out = _call(make(), sig, args)
            except (ValueError, TypeError) as exc:
                message = str(exc)
                if not (_names(message, param.name) or (
                    not bad.strict and "overflow" in message
                )):  # fmt: skip
                    problems.append(
                        f"{what}: {type(exc).__name__} does not name "
                        f"{param.name!r}: {message}"
                    )
                continue
            except NotImplementedError:
                if bad.strict or not case.abstract:
                    problems.append(f"{what}: accepted, should raise")
                continue
            except _Timeout:
                problems.append(f"{what}: no answer within {TIMEOUT} s")
                continue
            except Exception as exc:
                problems.append(f"{what}: {type(exc).__name__}: {exc}")
                continue
            if bad.strict:
                problems.append(f"{what}: accepted, should raise")
            elif case.abstract:
                pass
            elif bad.finite and not case.nonfinite_ok and _nonfinite(out):
                problems.append(f"{what}: silently gives NaN or infinity")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("module", _public_modules())
def test_declarations_name_existing_callables(module: str) -> None:
    cases = _cases(module) or {}
    known = {t.key for t in TARGETS if t.module == module}
    known |= {f"{t.defined_by}.{t.method}" for t in TARGETS if t.module == module}
    stale = sorted(set(cases) - known)
    assert not stale, f"declarations for callables that do not exist: {stale}"
