"""Input validation shared by every ``mathdl`` module.

Each public function of ``mathdl`` starts by passing its arguments through the
helpers here. They turn array-likes into NumPy arrays of the expected
dimension and check the properties the mathematics needs (finite values,
probability vectors, matching shapes, parameters in range). A failed check
raises :class:`ValueError` or :class:`TypeError` whose message names the
argument, what was expected and what was given, for example::

    p must be a probability vector whose entries sum to 1, got a sum of 0.9

This module is internal: its names may change without notice. It is
documented so that contributors know the conventions.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "PROB_ATOL",
    "as_array",
    "as_labels",
    "as_probability_vector",
    "check_axis",
    "check_callable",
    "check_choice",
    "check_consistent_length",
    "check_dtype",
    "check_finite",
    "check_finite_result",
    "check_flag",
    "check_integer",
    "check_interface",
    "check_positive_definite",
    "check_probabilities",
    "check_rng",
    "check_same_shape",
    "check_scalar",
    "check_shape",
    "check_symmetric",
    "describe",
]

#: Default tolerance for "sums to one".
PROB_ATOL = 1e-8

#: Relative tolerance of :func:`check_symmetric`.
SYMMETRY_RTOL = 1e-10


def describe(value: Any) -> str:
    """Describe ``value`` briefly for an error message.

    Parameters
    ----------
    value : object
        Anything a caller passed.

    Returns
    -------
    str
        For arrays, the shape and dtype; for other objects, the type name and
        a short ``repr``.

    Examples
    --------
    >>> describe(np.zeros((2, 3)))
    'an array of shape (2, 3) and dtype float64'
    >>> describe("abc")
    "str 'abc'"
    """
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def as_array(
    x: ArrayLike,
    name: str,
    *,
    ndim: int | tuple[int, ...] | None = None,
    dtype: Any = np.float64,
    allow_empty: bool = False,
    finite: bool = True,
    shape: tuple[int | None, ...] | None = None,
) -> np.ndarray:
    """Convert ``x`` to an array and check its dimension and values.

    Parameters
    ----------
    x : array_like
        The argument to check.
    name : str
        The argument's name, used in error messages.
    ndim : int or tuple of int, optional
        The allowed number(s) of dimensions. ``None`` allows any.
    dtype : data-type, optional
        The dtype to convert to (default ``float64``). Floating dtypes already
        on the input are kept when ``dtype`` is ``"floating"``; ``None`` keeps
        the input's dtype.
    allow_empty : bool, optional
        Whether an array with no elements is acceptable (default ``False``).
    finite : bool, optional
        Whether to require every value to be finite (default ``True``).
    shape : tuple of int or None, optional
        The required shape; ``None`` entries match any length (see
        :func:`check_shape`). ``None`` (default) allows any shape.

    Returns
    -------
    numpy.ndarray
        The converted array (not a copy when no conversion was needed).

    Raises
    ------
    TypeError
        If ``x`` cannot be converted to a numeric array.
    ValueError
        If the dimension is wrong, the array is empty, or a value is NaN or
        infinite.

    Examples
    --------
    >>> as_array([1, 2, 3], "x", ndim=1)
    array([1., 2., 3.])
    >>> as_array([[1, 2]], "x", ndim=1)
    Traceback (most recent call last):
    ...
    ValueError: x must be a 1-D array, got an array of shape (1, 2)
    >>> as_array([1.0, float("nan")], "x")
    Traceback (most recent call last):
    ...
    ValueError: x must contain only finite values, got 1 NaN or infinite value(s)
    """
    if isinstance(x, str | bytes) or x is None:
        raise TypeError(f"{name} must be array-like, got {describe(x)}")
    if dtype == "floating":
        arr = np.asarray(x)
        if not np.issubdtype(arr.dtype, np.floating):
            arr = _convert(x, name, np.float64)
    elif dtype is None:
        arr = np.asarray(x)
    else:
        arr = _convert(x, name, dtype)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            wanted = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(
                f"{name} must be a {wanted} array, got an array of shape {arr.shape}"
            )
    if shape is not None:
        check_shape(arr, name, shape)
    if not allow_empty and arr.size == 0:
        raise ValueError(f"{name} must not be empty, got an array of shape {arr.shape}")
    if finite:
        check_finite(arr, name)
    return arr


def check_shape(
    x: np.ndarray, name: str, shape: tuple[int | None, ...], what: str = ""
) -> None:
    """Check that the array ``x`` has the given shape.

    Parameters
    ----------
    x : numpy.ndarray
        The array to check.
    name : str
        The argument's name, used in the error message.
    shape : tuple of int or None
        The expected shape; a ``None`` entry matches any length on that axis.
    what : str, optional
        Why this shape is expected, added to the message in parentheses
        (for example ``"the shape of the layer's output"``).

    Raises
    ------
    ValueError
        If the number of dimensions or a fixed length differs.

    Examples
    --------
    >>> check_shape(np.zeros((5, 3)), "x", (None, 3))
    >>> check_shape(np.zeros((5, 4)), "grad", (5, 3), "the shape of the output")
    Traceback (most recent call last):
    ...
    ValueError: grad must have shape (5, 3) (the shape of the output), got (5, 4)
    >>> check_shape(np.zeros(3), "x", (None, 3))
    Traceback (most recent call last):
    ...
    ValueError: x must have shape (n, 3), got (3,)
    """
    ok = x.ndim == len(shape) and all(
        want is None or want == got for want, got in zip(shape, x.shape, strict=True)
    )
    if not ok:
        wanted = "(" + ", ".join("n" if d is None else str(d) for d in shape)
        wanted += ",)" if len(shape) == 1 else ")"
        reason = f" ({what})" if what else ""
        raise ValueError(f"{name} must have shape {wanted}{reason}, got {x.shape}")


#: Arrays with more entries than this are checked for NaN and infinity by
#: their sum first (see :func:`check_finite`).
_SUM_CHECK_SIZE = 1 << 16


def check_finite(x: np.ndarray, name: str) -> None:
    """Raise if the array ``x`` holds NaN or infinity.

    Parameters
    ----------
    x : numpy.ndarray
        The array to check. Integer and boolean arrays always pass.
    name : str
        The argument's name, used in the error message.

    Raises
    ------
    ValueError
        If an entry is NaN or infinite; the message counts them.

    Notes
    -----
    A large array is first checked through its sum, as scikit-learn does:
    NaN and infinity propagate through addition, so a finite sum proves every
    entry finite, in one pass and without the temporary boolean array that
    ``np.isfinite(x).all()`` needs (on 60,000 x 784 float32 numbers it takes
    half the time). Only when the sum is not finite (a bad entry, or finite
    entries whose sum overflows) are the entries checked one by one. Small
    arrays go straight to ``np.isfinite``, which is faster for them.

    Examples
    --------
    >>> check_finite(np.array([1.0, 2.0]), "x")
    >>> check_finite(np.array([1.0, np.inf, np.nan]), "x")
    Traceback (most recent call last):
    ...
    ValueError: x must contain only finite values, got 2 NaN or infinite value(s)
    """
    if x.dtype.kind not in "fc":
        return
    if x.size > _SUM_CHECK_SIZE:
        with np.errstate(over="ignore", invalid="ignore"):
            if np.isfinite(x.sum()):
                return
    elif np.isfinite(x).all():
        return
    bad = x.size - np.count_nonzero(np.isfinite(x))
    if bad:
        raise ValueError(
            f"{name} must contain only finite values, "
            f"got {bad} NaN or infinite value(s)"
        )


def _convert(x: ArrayLike, name: str, dtype: Any) -> np.ndarray:
    try:
        return np.asarray(x, dtype=dtype)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"{name} must be array-like with {np.dtype(dtype).name} values, "
            f"got {describe(x)}"
        ) from exc


def as_probability_vector(
    p: ArrayLike, name: str = "p", *, atol: float = PROB_ATOL, ndim: int = 1
) -> np.ndarray:
    """Check that ``p`` is a probability vector (or a joint probability table).

    A probability vector is a non-empty 1-D array of finite, non-negative
    numbers that sum to one (within ``atol``). With ``ndim=2`` the same is
    required of a 2-D joint probability table: all its entries together
    sum to one.

    Parameters
    ----------
    p : array_like
        The candidate probabilities.
    name : str, optional
        The argument's name, used in error messages.
    atol : float, optional
        Allowed absolute difference between ``sum(p)`` and 1.
    ndim : {1, 2}, optional
        1 (default) for a probability vector, 2 for a joint probability
        table.

    Returns
    -------
    numpy.ndarray
        ``p`` as a float64 array.

    Raises
    ------
    ValueError
        If ``p`` does not have ``ndim`` dimensions, is empty, has a negative
        or non-finite entry, or does not sum to one.

    Examples
    --------
    >>> as_probability_vector([0.25, 0.75])
    array([0.25, 0.75])
    >>> as_probability_vector([0.5, 0.4])
    Traceback (most recent call last):
    ...
    ValueError: p must be a probability vector whose entries sum to 1, got a sum of 0.9
    >>> pxy = [[0.5, 0.25], [0.25, 0.5]]
    >>> as_probability_vector(pxy, "pxy", ndim=2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: pxy must be a joint probability table whose entries sum to 1, got...1.5
    """
    what = {1: "a probability vector", 2: "a joint probability table"}
    if ndim not in what:
        raise ValueError(f"ndim must be 1 or 2, got {ndim!r}")
    arr = as_array(p, name, ndim=ndim)
    check_probabilities(arr, name)
    total = float(arr.sum())
    if abs(total - 1.0) > atol:
        raise ValueError(
            f"{name} must be {what[ndim]} whose entries sum to 1, "
            f"got a sum of {total:.12g}"
        )
    return arr


def check_probabilities(p: np.ndarray, name: str, *, atol: float = PROB_ATOL) -> None:
    """Check that every entry of ``p`` lies in [0, 1].

    Entries up to ``atol`` above 1 are accepted: sums and products of
    probabilities round, and a marginal of a one-row table can come out as
    ``1.0000000000000002``. Negative entries are never accepted.

    Parameters
    ----------
    p : numpy.ndarray
        Probabilities of any shape.
    name : str
        The argument's name, used in error messages.
    atol : float, optional
        Allowed excess above 1 (default ``PROB_ATOL``).

    Raises
    ------
    ValueError
        If an entry is negative or greater than one.

    Examples
    --------
    >>> check_probabilities(np.array([0.0, 1.0]), "p")
    >>> check_probabilities(np.array([-0.1, 1.1]), "p")
    Traceback (most recent call last):
    ...
    ValueError: p must hold probabilities in [0, 1], got values from -0.1 to 1.1
    """
    if p.size and (p.min() < 0 or p.max() > 1 + atol):
        raise ValueError(
            f"{name} must hold probabilities in [0, 1], "
            f"got values from {p.min():.6g} to {p.max():.6g}"
        )


def check_same_shape(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    """Check that two arrays have the same shape.

    Parameters
    ----------
    a, b : numpy.ndarray
        The arrays to compare.
    name_a, name_b : str
        Their argument names, used in the error message.

    Raises
    ------
    ValueError
        If the shapes differ; the message names both shapes.

    Examples
    --------
    >>> check_same_shape(np.zeros(3), np.zeros(4), "p", "q")
    Traceback (most recent call last):
    ...
    ValueError: p and q must have the same shape, got (3,) and (4,)
    """
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape, "
            f"got {a.shape} and {b.shape}"
        )


def as_labels(y: ArrayLike, name: str) -> np.ndarray:
    """Convert ``y`` to a 1-D array of class labels: integers >= 0.

    Parameters
    ----------
    y : array_like, shape (n,)
        Class labels, ``0, 1, ..., K - 1``.
    name : str
        The argument's name, used in error messages.

    Returns
    -------
    numpy.ndarray
        The labels, with their integer dtype.

    Raises
    ------
    TypeError
        If the labels are not integers.
    ValueError
        If ``y`` is not 1-D, is empty, or holds a negative label.

    Examples
    --------
    >>> as_labels([0, 2, 1], "y")
    array([0, 2, 1])
    >>> as_labels([0.0, 1.0], "y_true")
    Traceback (most recent call last):
    ...
    TypeError: y_true must hold integer class labels, got dtype float64
    >>> as_labels([1, -1], "target")
    Traceback (most recent call last):
    ...
    ValueError: target must hold class labels >= 0, got -1
    """
    labels = as_array(y, name, ndim=1, dtype=None)
    if labels.dtype.kind not in "iu":
        raise TypeError(
            f"{name} must hold integer class labels, got dtype {labels.dtype}"
        )
    if labels.min() < 0:
        raise ValueError(f"{name} must hold class labels >= 0, got {int(labels.min())}")
    return labels


def check_consistent_length(
    a: np.ndarray, b: np.ndarray, name_a: str, name_b: str
) -> None:
    """Check that two arrays have the same number of rows (samples).

    Parameters
    ----------
    a, b : numpy.ndarray
        Arrays whose first axes index samples.
    name_a, name_b : str
        Their argument names, used in the error message.

    Raises
    ------
    ValueError
        If ``len(a) != len(b)``.

    Examples
    --------
    >>> check_consistent_length(np.zeros((5, 2)), np.zeros(4), "X", "y")
    Traceback (most recent call last):
    ...
    ValueError: X and y must have the same number of samples (first axis), got 5 and 4
    """
    if a.shape[0] != b.shape[0]:
        raise ValueError(
            f"{name_a} and {name_b} must have the same number of samples "
            f"(first axis), got {a.shape[0]} and {b.shape[0]}"
        )


def check_scalar(
    value: Any,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
) -> float:
    """Check that ``value`` is a finite real number in a range.

    Parameters
    ----------
    value : object
        The candidate number.
    name : str
        The argument's name, used in error messages.
    low, high : float, optional
        Bounds of the allowed interval; ``None`` means unbounded.
    low_inclusive, high_inclusive : bool, optional
        Whether each bound belongs to the interval (default ``True``).

    Returns
    -------
    float
        ``value`` as a Python float.

    Raises
    ------
    TypeError
        If ``value`` is not a real number (booleans are rejected too).
    ValueError
        If ``value`` is NaN, infinite, or outside the interval.

    Examples
    --------
    >>> check_scalar(0.5, "p", low=0, high=1)
    0.5
    >>> check_scalar(0.0, "sigma", low=0, low_inclusive=False)
    Traceback (most recent call last):
    ...
    ValueError: sigma must be > 0, got 0.0
    """
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        if isinstance(value, np.ndarray) and value.ndim == 0:
            return check_scalar(
                value.item(),
                name,
                low=low,
                high=high,
                low_inclusive=low_inclusive,
                high_inclusive=high_inclusive,
            )
        raise TypeError(f"{name} must be a real number, got {describe(value)}")
    number = float(value)
    if not np.isfinite(number):
        raise ValueError(f"{name} must be finite, got {number}")
    if low is not None:
        ok = number >= low if low_inclusive else number > low
        if not ok:
            op = ">=" if low_inclusive else ">"
            raise ValueError(f"{name} must be {op} {low}, got {value!r}")
    if high is not None:
        ok = number <= high if high_inclusive else number < high
        if not ok:
            op = "<=" if high_inclusive else "<"
            raise ValueError(f"{name} must be {op} {high}, got {value!r}")
    return number


def check_integer(
    value: Any,
    name: str,
    *,
    low: int | None = None,
    high: int | None = None,
    why: str = "",
) -> int:
    """Check that ``value`` is an integer in ``[low, high]``.

    Integral floats such as ``3.0`` are rejected: a count that arrives as a
    float is usually a bug upstream. Give an upper bound ``high`` wherever
    the work or the memory grows with the value, so that a huge value fails
    at once instead of hanging, and say why in ``why``.

    Parameters
    ----------
    value : object
        The candidate integer.
    name : str
        The argument's name, used in error messages.
    low, high : int, optional
        Inclusive bounds; ``None`` means unbounded.
    why : str, optional
        The reason for the upper bound, added to its message.

    Returns
    -------
    int
        ``value`` as a Python int.

    Raises
    ------
    TypeError
        If ``value`` is not an integer.
    ValueError
        If ``value`` is outside ``[low, high]``.

    Examples
    --------
    >>> check_integer(12, "n", low=0)
    12
    >>> check_integer(2.5, "n")
    Traceback (most recent call last):
    ...
    TypeError: n must be an integer, got float 2.5
    >>> check_integer(2**64, "n", high=10**6, why="the work grows with n")
    Traceback (most recent call last):
    ...
    ValueError: n must be <= 1000000 (the work grows with n), got 18446744073709551616
    """
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {describe(value)}")
    number = int(value)
    if low is not None and number < low:
        raise ValueError(f"{name} must be >= {low}, got {number}")
    if high is not None and number > high:
        reason = f" ({why})" if why else ""
        raise ValueError(f"{name} must be <= {high}{reason}, got {number}")
    return number


def check_flag(value: Any, name: str) -> bool:
    """Check that ``value`` is a boolean flag: ``True`` or ``False``.

    Python's ``bool`` and NumPy's ``numpy.bool_`` are accepted. Everything
    else is rejected, in particular truthy strings such as ``"no"`` and the
    integers ``0`` and ``1``: a flag that accepts anything truthy silently
    does the opposite of what ``stratify="no"`` asks.

    Parameters
    ----------
    value : object
        The candidate flag.
    name : str
        The argument's name, used in the error message.

    Returns
    -------
    bool
        ``value`` as a Python bool.

    Raises
    ------
    TypeError
        If ``value`` is not a boolean.

    Examples
    --------
    >>> check_flag(np.True_, "shuffle")
    True
    >>> check_flag("no", "stratify")
    Traceback (most recent call last):
    ...
    TypeError: stratify must be True or False, got str 'no'
    """
    if isinstance(value, bool | np.bool_):
        return bool(value)
    raise TypeError(f"{name} must be True or False, got {describe(value)}")


def check_choice(value: Any, name: str, choices: tuple[Any, ...]) -> Any:
    """Check that ``value`` is one of a few allowed options.

    Parameters
    ----------
    value : object
        The candidate option, usually a string.
    name : str
        The argument's name, used in the error message.
    choices : tuple
        The allowed options.

    Returns
    -------
    object
        ``value`` itself.

    Raises
    ------
    ValueError
        If ``value`` is not among ``choices`` (a ``TypeError`` if it is not
        even of the options' type).

    Examples
    --------
    >>> check_choice("mean", "reduction", ("mean", "sum"))
    'mean'
    >>> check_choice("max", "reduction", ("mean", "sum"))
    Traceback (most recent call last):
    ...
    ValueError: reduction must be one of 'mean', 'sum', got str 'max'
    """
    options = ", ".join(repr(c) for c in choices)
    kinds = tuple({type(c) for c in choices})
    if not isinstance(value, kinds):
        raise TypeError(f"{name} must be one of {options}, got {describe(value)}")
    if value not in choices:
        raise ValueError(f"{name} must be one of {options}, got {describe(value)}")
    return value


def check_axis(axis: Any, ndim: int, name: str = "axis") -> int:
    """Check that ``axis`` is a valid axis of an array with ``ndim`` dimensions.

    Parameters
    ----------
    axis : object
        The candidate axis; negative values count from the end.
    ndim : int
        The number of dimensions of the array the axis refers to.
    name : str, optional
        The argument's name, used in the error message.

    Returns
    -------
    int
        The axis as a non-negative int.

    Raises
    ------
    TypeError
        If ``axis`` is not an integer.
    ValueError
        If ``axis`` is outside ``[-ndim, ndim - 1]`` (never NumPy's
        ``AxisError``).

    Examples
    --------
    >>> check_axis(-1, 2)
    1
    >>> check_axis(99, 2)
    Traceback (most recent call last):
    ...
    ValueError: axis must be in [-2, 1] for an array with 2 dimension(s), got 99
    """
    if isinstance(axis, bool | np.bool_) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {describe(axis)}")
    number = int(axis)
    if not -ndim <= number < ndim:
        raise ValueError(
            f"{name} must be in [{-ndim}, {ndim - 1}] for an array with "
            f"{ndim} dimension(s), got {number}"
        )
    return number % ndim


def check_dtype(
    dtype: Any, name: str = "dtype", allowed: tuple[Any, ...] = (np.float32, np.float64)
) -> np.dtype:
    """Return ``dtype`` as a NumPy dtype, accepting only the ``allowed`` ones.

    Parameters
    ----------
    dtype : data-type
        The candidate dtype (a dtype, a type such as ``np.float32``, or its
        name).
    name : str, optional
        The argument's name, used in the error message.
    allowed : tuple of data-type, optional
        The accepted dtypes (default float32 and float64).

    Returns
    -------
    numpy.dtype

    Raises
    ------
    TypeError
        If ``dtype`` is not a data-type at all.
    ValueError
        If it is a data-type outside ``allowed``.

    Examples
    --------
    >>> check_dtype("float32")
    dtype('float32')
    >>> check_dtype(np.int64)
    Traceback (most recent call last):
    ...
    ValueError: dtype must be float32 or float64, got int64
    """
    wanted = " or ".join(np.dtype(d).name for d in allowed)
    if dtype is None or isinstance(dtype, bool):
        raise TypeError(f"{name} must be {wanted}, got {describe(dtype)}")
    try:
        result = np.dtype(dtype)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be {wanted}, got {describe(dtype)}") from exc
    if result not in {np.dtype(d) for d in allowed}:
        raise ValueError(f"{name} must be {wanted}, got {result}")
    return result


def check_finite_result(value: Any, what: str, hint: str = "") -> Any:
    """Raise a clear error if a result computed from finite input is not finite.

    Use it after a formula whose intermediate can overflow for finite but
    huge input when no rescaling gives a finite answer: the caller gets a
    ``ValueError`` that says the result overflows, never a silent NaN or
    infinity.

    Parameters
    ----------
    value : float or numpy.ndarray
        The computed result.
    what : str
        What the result is, for the message (``"the variance"``).
    hint : str, optional
        Which input caused it, or what to do instead; appended to the message.

    Returns
    -------
    float or numpy.ndarray
        ``value`` itself when every entry is finite.

    Raises
    ------
    ValueError
        If an entry of ``value`` is NaN or infinite.

    Examples
    --------
    >>> check_finite_result(2.0, "the variance")
    2.0
    >>> check_finite_result(np.inf, "the variance", "scale is too large")
    Traceback (most recent call last):
    ...
    ValueError: the variance overflows float64 (it is not finite): scale is too large
    """
    if np.all(np.isfinite(value)):
        return value
    tail = f": {hint}" if hint else ""
    raise ValueError(f"{what} overflows float64 (it is not finite){tail}")


def check_interface(
    obj: Any, name: str, methods: tuple[str, ...], what: str = ""
) -> Any:
    """Check that ``obj`` has the methods an argument must provide.

    Used for duck-typed arguments: a model (``forward``, ``backward``,
    ``parameters``), a layer, an optimiser (``step``, ``zero_grad``), a loss.
    Checking at the entry point turns an ``AttributeError`` deep inside a
    training loop into a message that names the argument.

    Parameters
    ----------
    obj : object
        The candidate object.
    name : str
        The argument's name, used in the error message.
    methods : tuple of str
        The names of the methods ``obj`` must have (callable attributes).
    what : str, optional
        What ``obj`` is meant to be, for the message (``"a model"``).

    Returns
    -------
    object
        ``obj`` itself.

    Raises
    ------
    TypeError
        If a method is missing or not callable; the message lists the
        missing ones.

    Examples
    --------
    >>> class Model:
    ...     def forward(self, x): ...
    ...     def backward(self, g): ...
    >>> check_interface(Model(), "model", ("forward", "backward")).__class__.__name__
    'Model'
    >>> check_interface(None, "model", ("forward", "backward"), "a model")
    Traceback (most recent call last):
    ...
    TypeError: model must be a model with methods forward, backward (missing forward, backward), got NoneType None
    """  # noqa: E501
    missing = [m for m in methods if not callable(getattr(obj, m, None))]
    if missing:
        kind = what or "an object"
        raise TypeError(
            f"{name} must be {kind} with methods {', '.join(methods)} "
            f"(missing {', '.join(missing)}), got {describe(obj)}"
        )
    return obj


def check_rng(rng: Any, name: str = "rng") -> np.random.Generator:
    """Return a NumPy random generator for ``rng``.

    Parameters
    ----------
    rng : numpy.random.Generator or int
        A generator (returned as is, so its state advances) or a
        non-negative integer seed (passed to
        :func:`numpy.random.default_rng`). ``None`` is rejected on purpose:
        every random result in the book is seeded.
    name : str, optional
        The argument's name, used in error messages.

    Returns
    -------
    numpy.random.Generator

    Raises
    ------
    TypeError
        If ``rng`` is neither a generator nor an integer.
    ValueError
        If ``rng`` is a negative integer.

    Examples
    --------
    >>> g = check_rng(0)
    >>> float(g.random()) == float(np.random.default_rng(0).random())
    True
    >>> check_rng(None)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: rng must be a numpy.random.Generator or a non-negative integer seed, got ...
    >>> check_rng(-1)
    Traceback (most recent call last):
    ...
    ValueError: rng must be a numpy.random.Generator or a non-negative integer seed, got -1
    """  # noqa: E501
    if isinstance(rng, np.random.Generator):
        return rng
    wanted = f"{name} must be a numpy.random.Generator or a non-negative integer seed"
    if isinstance(rng, numbers.Integral) and not isinstance(rng, bool | np.bool_):
        if rng < 0:
            raise ValueError(f"{wanted}, got {int(rng)}")
        return np.random.default_rng(int(rng))
    raise TypeError(f"{wanted}, got {describe(rng)}")


def check_callable(f: Any, name: str = "f") -> Callable[..., Any]:
    """Check that ``f`` can be called.

    Parameters
    ----------
    f : object
        The candidate function.
    name : str, optional
        The argument's name, used in error messages.

    Returns
    -------
    callable
        ``f`` itself.

    Raises
    ------
    TypeError
        If ``f`` is not callable.

    Examples
    --------
    >>> check_callable(abs) is abs
    True
    >>> check_callable(3.0)
    Traceback (most recent call last):
    ...
    TypeError: f must be callable, got float 3.0
    """
    if not callable(f):
        raise TypeError(f"{name} must be callable, got {describe(f)}")
    return f


def check_symmetric(a: np.ndarray, name: str) -> None:
    """Check that ``a`` is a square, symmetric matrix.

    ``a`` counts as symmetric when every entry of ``a - a.T`` is at most
    ``SYMMETRY_RTOL`` (``1e-10``) times the largest ``|a_ij|``: a covariance
    matrix computed in floating point is symmetric only up to rounding.

    Parameters
    ----------
    a : numpy.ndarray
        The candidate matrix, with finite entries.
    name : str
        The argument's name, used in error messages.

    Raises
    ------
    ValueError
        If ``a`` is not a square 2-D array, or is not symmetric; the message
        gives the largest asymmetry ``|a_ij - a_ji|``.

    Examples
    --------
    >>> check_symmetric(np.array([[2.0, 1.0], [1.0, 2.0]]), "cov")
    >>> check_symmetric(np.array([[2.0, 1.0], [0.5, 2.0]]), "cov")
    Traceback (most recent call last):
    ...
    ValueError: cov must be symmetric, got a largest |cov[i, j] - cov[j, i]| of 0.5
    >>> check_symmetric(np.ones((2, 3)), "cov")
    Traceback (most recent call last):
    ...
    ValueError: cov must be a square matrix, got an array of shape (2, 3)
    """
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise ValueError(
            f"{name} must be a square matrix, got an array of shape {a.shape}"
        )
    gap = float(np.abs(a - a.T).max()) if a.size else 0.0
    if gap > SYMMETRY_RTOL * float(np.abs(a).max()):
        raise ValueError(
            f"{name} must be symmetric, "
            f"got a largest |{name}[i, j] - {name}[j, i]| of {gap:.6g}"
        )


def check_positive_definite(a: np.ndarray, name: str) -> np.ndarray:
    r"""Check that a symmetric matrix is positive definite; return its Cholesky factor.

    The check *is* the factorisation: ``a`` is accepted when its Cholesky
    factorisation :math:`a = L L^T` succeeds with every pivot
    :math:`L_{ii}^2` above :math:`d\,\varepsilon \max_i a_{ii}` (the one
    tolerance; :math:`\varepsilon` is the float64 machine epsilon and
    :math:`d` the size), so a matrix that is singular to working precision
    is rejected too. Only when the check fails are the eigenvalues computed,
    to name the smallest in the message. Check symmetry first
    (:func:`check_symmetric`): the factorisation reads only the lower
    triangle.

    Parameters
    ----------
    a : numpy.ndarray
        A symmetric matrix with finite entries.
    name : str
        The argument's name, used in error messages.

    Returns
    -------
    numpy.ndarray
        The lower-triangular Cholesky factor :math:`L`, with
        ``L @ L.T == a`` up to rounding.

    Raises
    ------
    ValueError
        If ``a`` is not (numerically) positive definite; the message gives
        its smallest eigenvalue.

    Examples
    --------
    >>> check_positive_definite(np.array([[4.0, 2.0], [2.0, 2.0]]), "cov")
    array([[2., 0.],
           [1., 1.]])
    >>> check_positive_definite(np.array([[1.0, 2.0], [2.0, 1.0]]), "cov")
    Traceback (most recent call last):
    ...
    ValueError: cov must be positive definite, got a smallest eigenvalue of -1
    """
    size = a.shape[0]
    tol = size * np.finfo(np.float64).eps * float(np.abs(np.diag(a)).max())
    try:
        factor = np.linalg.cholesky(a)
    except np.linalg.LinAlgError:
        factor = None
    if factor is None or np.min(np.diag(factor)) ** 2 <= tol:
        smallest = float(np.linalg.eigvalsh(a)[0])
        raise ValueError(
            f"{name} must be positive definite, "
            f"got a smallest eigenvalue of {smallest:.6g}"
        )
    return factor
