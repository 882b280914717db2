r"""Numerical calculus: derivatives, gradients, Newton's method and integrals.

This module holds the numerical methods of Chapter 8 (*Differential calculus*)
and Chapter 9 (*Matrix calculus*): finite-difference and complex-step
derivatives, gradients (also of functions of a matrix), Jacobians and
Hessians, the chord gap that tests convexity, Taylor polynomials, Newton's
method in one dimension and for systems, and integration by the trapezoid,
midpoint and Simpson rules and by Monte Carlo. The finite differences here
are also the oracle that the tests of :mod:`mathdl.autodiff` and the gradient
checks of :mod:`mathdl.nn` compare with.

Every function takes the function to differentiate or integrate as a black
box ``f``. Where the documentation says ``f`` is *applied elementwise*, it is
called once on a whole array (``np.sin``, ``np.exp``, ``lambda x: x**3``);
where it says ``f`` is a function of a vector or matrix, it is called once per
perturbed point.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from mathdl._validation import (
    as_array,
    check_callable,
    check_finite_result,
    check_flag,
    check_integer,
    check_rng,
    check_same_shape,
    check_scalar,
    describe,
)

__all__ = [
    "DERIVATIVE_METHODS",
    "INTEGRATION_METHODS",
    "ConvergenceError",
    "MonteCarloResult",
    "NewtonResult",
    "chord_gap",
    "derivative",
    "gradient",
    "hessian",
    "integrate",
    "jacobian",
    "monte_carlo_integrate",
    "newton",
    "newton_system",
    "second_derivative",
    "taylor_polynomial",
]

#: Machine epsilon of float64, :math:`2^{-52} \approx 2.2 \times 10^{-16}`.
EPS = float(np.finfo(np.float64).eps)

#: Methods accepted by :func:`derivative`.
DERIVATIVE_METHODS = ("central", "forward", "backward", "complex")

#: Methods accepted by :func:`integrate`.
INTEGRATION_METHODS = ("trapezoid", "simpson", "midpoint")

#: The most points :func:`integrate` and :func:`monte_carlo_integrate` take
#: (80 MB of float64): the work grows with ``n``, so more is refused.
MAX_POINTS = 10**7

#: Default step of the complex-step derivative.
COMPLEX_STEP = 1e-20


# ---------------------------------------------------------------------------
# Private helpers: checking what a black-box function returns
# ---------------------------------------------------------------------------


def _check_method(method: Any, allowed: tuple[str, ...]) -> str:
    if not isinstance(method, str) or method not in allowed:
        raise ValueError(f"method must be one of {allowed}, got {method!r}")
    return method


def _call(
    f: Callable[..., Any], x: Any, name: str, *, complex_ok: bool = False
) -> np.ndarray:
    """Return ``f(x)`` as an array after checking it holds finite numbers.

    Floating-point warnings inside ``f`` are silenced: a value that overflowed
    or is undefined is reported below, naming ``f`` and the input.
    """
    with np.errstate(all="ignore"):
        value = np.asarray(f(x))
    kinds = "fiuc" if complex_ok else "fiu"
    if value.dtype.kind not in kinds:
        raise TypeError(f"{name} must return real numbers, got {describe(value)}")
    bad = ~np.isfinite(value)
    if bad.any():
        raise ValueError(
            f"{name} must return finite values, got {int(bad.sum())} NaN or "
            f"infinite value(s) (it overflows or is undefined there) at "
            f"{name}'s input {describe(x)}"
        )
    return value


def _call_elementwise(
    f: Callable[..., Any], x: np.ndarray, *, complex_ok: bool = False
) -> np.ndarray:
    """Return ``f(x)`` for an ``f`` that acts elementwise (same shape out as in)."""
    value = _call(f, x, "f", complex_ok=complex_ok)
    if value.shape != x.shape:
        raise ValueError(
            f"f must act elementwise, returning an array of the input's shape "
            f"{x.shape}, got shape {value.shape}"
        )
    return value


def _call_scalar(f: Callable[..., Any], x: np.ndarray, name: str = "f") -> float:
    """Return ``f(x)`` for an ``f`` with a real scalar value."""
    value = _call(f, x, name)
    if value.ndim != 0:
        raise ValueError(
            f"{name} must return a scalar, got an array of shape {value.shape}"
        )
    return float(value)


def _check_step(h: ArrayLike) -> np.ndarray:
    step = as_array(h, "h")
    if np.any(step <= 0):
        raise ValueError(f"h must be > 0, got {h!r}")
    return step


def _broadcast_step(x: np.ndarray, h: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Check ``h`` and broadcast it against ``x`` (for elementwise ``f``)."""
    step = _check_step(h)
    try:
        x, step = np.broadcast_arrays(x, step)
    except ValueError:
        raise ValueError(
            f"h must broadcast against x, got shapes {step.shape} and {x.shape}"
        ) from None
    return x.copy(), step.copy()


def _step_sizes(x: np.ndarray, h: ArrayLike | None, exponent: float) -> np.ndarray:
    r"""Finite-difference steps for each entry of ``x``.

    The default is :math:`h = \epsilon^{p}\max(1, |x|)`. Each step is then
    replaced by ``(x + h) - x``, the nearest step that floating point
    represents exactly, so that the denominator carries no rounding error.
    """
    if h is None:
        step = EPS**exponent * np.maximum(1.0, np.abs(x))
    else:
        step = np.broadcast_to(_check_step(h), x.shape)
    with np.errstate(over="ignore", invalid="ignore"):
        rounded = (x + step) - x
    if not np.isfinite(rounded).all():
        k = np.flatnonzero(~np.isfinite(rounded))[0]
        raise ValueError(
            f"h is too large for x (h={step.flat[k]:g} at x={x.flat[k]:g}): "
            "x + h overflows float64; use a smaller h"
        )
    if np.any(rounded == 0):
        k = np.flatnonzero(rounded == 0)[0]
        raise ValueError(
            f"h is too small for x (h={step.flat[k]:g} at x={x.flat[k]:g}): "
            "x + h == x in floating point; use a larger h"
        )
    return rounded


def _perturbed(x: np.ndarray, *moves: tuple[Any, float]) -> np.ndarray:
    """Return a copy of ``x`` with ``delta`` added at ``index`` for each move."""
    point = x.copy()
    with np.errstate(over="ignore"):
        for index, delta in moves:
            point[index] += delta
    if not np.isfinite(point).all():
        raise ValueError(
            "h is too large for x: a point x + h of the finite difference "
            "overflows float64; use a smaller h"
        )
    return point


def _as_output(value: np.ndarray) -> float | np.ndarray:
    """Return Python floats for scalar results and arrays otherwise."""
    return float(value) if value.ndim == 0 else value


#: Floating-point conditions of a difference quotient checked afterwards
#: (by :func:`_finite_difference`) instead of warned about.
_QUIET = {"over": "ignore", "invalid": "ignore"}


def _finite_difference(value: np.ndarray) -> np.ndarray:
    """Return a difference quotient, or raise if it overflowed."""
    return check_finite_result(
        value,
        "the difference quotient",
        "f's values or the step h are too large for x",
    )


# ---------------------------------------------------------------------------
# Derivatives of functions of one variable
# ---------------------------------------------------------------------------


def derivative(
    f: Callable[[Any], Any],
    x: ArrayLike,
    h: ArrayLike | None = None,
    method: str = "central",
) -> float | np.ndarray:
    r"""Approximate the derivative :math:`f'(x)` numerically.

    Parameters
    ----------
    f : callable
        A function of one real variable applied elementwise: ``f(x)`` is
        called once on a whole array and must return an array of the same
        shape (``np.sin``, ``np.exp``, ``lambda x: x**3``). For
        ``method="complex"`` it must also accept complex input, so use
        ``np.sin`` rather than ``math.sin``.
    x : array_like
        Point(s) at which to differentiate: a scalar or an array of any shape.
    h : float or array_like, optional
        Step size(s) > 0, broadcast against ``x``. Default: see Notes.
    method : {"central", "forward", "backward", "complex"}, optional
        The difference formula (default ``"central"``).

    Returns
    -------
    float or numpy.ndarray
        The derivative: a float for scalar ``x`` (and ``h``), otherwise an
        array of the broadcast shape of ``x`` and ``h``.

    Raises
    ------
    TypeError
        If ``f`` is not callable or does not return real numbers (complex
        numbers for ``method="complex"``).
    ValueError
        If ``x`` or ``h`` is empty or not finite, ``h <= 0`` or too small to
        change ``x``, ``method`` is unknown, or ``f`` returns non-finite values
        or an array of the wrong shape.
        If ``x + h`` or the difference quotient overflows float64 (``h`` or ``f``'s
        values too large).

    Notes
    -----
    The three difference quotients and the complex step are

    .. math::

        f'(x) &\approx \frac{f(x+h) - f(x)}{h} + O(h)
        &&\text{(forward)}\\
        f'(x) &\approx \frac{f(x) - f(x-h)}{h} + O(h)
        &&\text{(backward)}\\
        f'(x) &\approx \frac{f(x+h) - f(x-h)}{2h} + O(h^2)
        &&\text{(central)}\\
        f'(x) &\approx \frac{\operatorname{Im} f(x + ih)}{h} + O(h^2)
        &&\text{(complex step)}

    A difference quotient makes two errors: truncation, of order
    :math:`h^p` (:math:`p = 1` forward/backward, :math:`p = 2` central), and
    rounding, of order :math:`\epsilon |f(x)| / h` because two nearly equal
    values of ``f`` are subtracted (:math:`\epsilon \approx 2.2\times
    10^{-16}` is machine epsilon). Their sum is smallest when
    :math:`h \sim \epsilon^{1/(p+1)}`, hence the default steps
    :math:`h = \sqrt{\epsilon}\max(1, |x|)` (forward and backward, about
    :math:`10^{-8}` accuracy) and :math:`h = \epsilon^{1/3}\max(1, |x|)`
    (central, about :math:`10^{-11}`); the factor :math:`\max(1,|x|)` keeps
    the step relative for large :math:`|x|`. Each step is rounded to
    ``(x + h) - x`` so that the denominator is exact.

    The complex step subtracts nothing, so it has no rounding error to
    balance: its default :math:`h = 10^{-20}` makes the truncation error
    negligible and the result exact to machine precision. It needs ``f`` to
    be analytic and written with operations that extend to complex numbers
    (no ``abs``, comparisons or ``np.real``).

    Examples
    --------
    The book's check: :math:`x^2 + 1701(x-4)^3` has derivative 8 at 4.

    >>> f = lambda x: x**2 + 1701 * (x - 4) ** 3
    >>> round(derivative(f, 4.0), 5)
    8.0
    >>> derivative(f, 4.0, method="complex")
    8.0
    >>> derivative(np.sin, np.array([0.0, np.pi / 2, np.pi])).round(10)
    array([ 1.,  0., -1.])
    >>> err = [abs(derivative(np.exp, 1.0, h=h) - np.e) for h in (1e-2, 5e-3)]
    >>> round(err[0] / err[1], 2)  # central: halving h divides the error by 4
    4.0
    """
    f = check_callable(f, "f")
    method = _check_method(method, DERIVATIVE_METHODS)
    x = as_array(x, "x")
    step = None
    if h is not None:
        x, step = _broadcast_step(x, h)

    if method == "complex":
        step = COMPLEX_STEP if step is None else step
        value = _call_elementwise(f, x + 1j * step, complex_ok=True)
        if not np.iscomplexobj(value):
            raise TypeError(
                "f must return complex values for complex input when "
                f"method='complex', got {describe(value)}"
            )
        return _as_output(value.imag / step)

    step = _step_sizes(x, step, 1 / 3 if method == "central" else 1 / 2)
    if method == "central":
        f_plus, f_minus = _call_elementwise(f, x + step), _call_elementwise(f, x - step)
        with np.errstate(**_QUIET):
            return _as_output(_finite_difference((f_plus - f_minus) / (2 * step)))
    f_x = _call_elementwise(f, x)
    if method == "forward":
        f_step = _call_elementwise(f, x + step)
        with np.errstate(**_QUIET):
            return _as_output(_finite_difference((f_step - f_x) / step))
    f_step = _call_elementwise(f, x - step)
    with np.errstate(**_QUIET):
        return _as_output(_finite_difference((f_x - f_step) / step))


def second_derivative(
    f: Callable[[Any], Any], x: ArrayLike, h: ArrayLike | None = None
) -> float | np.ndarray:
    r"""Approximate the second derivative :math:`f''(x)` by central differences.

    Parameters
    ----------
    f : callable
        A function of one real variable applied elementwise, as in
        :func:`derivative`.
    x : array_like
        Point(s): a scalar or an array of any shape.
    h : float or array_like, optional
        Step size(s) > 0, broadcast against ``x``. Default
        :math:`\epsilon^{1/4}\max(1, |x|)`.

    Returns
    -------
    float or numpy.ndarray
        The second derivative, a float for scalar ``x`` and ``h``.

    Raises
    ------
    TypeError
        If ``f`` is not callable or does not return real numbers.
    ValueError
        If ``x`` or ``h`` is not finite, ``h <= 0``, or ``f`` returns
        non-finite values or an array of the wrong shape.
        If ``x + h`` or the difference quotient overflows float64.

    Notes
    -----
    .. math::

        f''(x) \approx \frac{f(x+h) - 2f(x) + f(x-h)}{h^2} + O(h^2).

    Rounding now costs :math:`\epsilon|f(x)|/h^2`; balancing it with the
    :math:`h^2` truncation error gives the default :math:`h \sim
    \epsilon^{1/4} \approx 10^{-4}` (about 8 correct digits).

    Examples
    --------
    >>> round(second_derivative(np.sin, np.pi / 2), 6)
    -1.0
    >>> second_derivative(lambda x: x**3, np.array([1.0, 2.0])).round(6)
    array([ 6., 12.])
    """
    f = check_callable(f, "f")
    x = as_array(x, "x")
    if h is not None:
        x, h = _broadcast_step(x, h)
    step = _step_sizes(x, h, 1 / 4)
    f_plus = _call_elementwise(f, x + step)
    f_minus = _call_elementwise(f, x - step)
    f_x = _call_elementwise(f, x)
    with np.errstate(**_QUIET):
        return _as_output(_finite_difference((f_plus - 2 * f_x + f_minus) / step**2))


# ---------------------------------------------------------------------------
# Gradients, Jacobians and Hessians
# ---------------------------------------------------------------------------


def gradient(
    f: Callable[[np.ndarray], Any], x: ArrayLike, h: ArrayLike | None = None
) -> np.ndarray:
    r"""Approximate the gradient of a scalar function by central differences.

    Parameters
    ----------
    f : callable
        A real-valued function of an array: ``f(x)`` must return a scalar.
        ``x`` may be a vector (:math:`f:\mathbb{R}^n\to\mathbb{R}`) or an
        array of any shape, such as a matrix.
    x : array_like
        The point, of any shape with at least one entry.
    h : float or array_like, optional
        Step size(s) > 0, broadcast to the shape of ``x``. Default
        :math:`\epsilon^{1/3}\max(1, |x_j|)` for entry :math:`j`.

    Returns
    -------
    numpy.ndarray
        The gradient, with the same shape as ``x``:
        ``g[j] = df / dx[j]``.

    Raises
    ------
    TypeError
        If ``f`` is not callable or does not return a real number.
    ValueError
        If ``x`` is empty or not finite, ``h <= 0``, or ``f`` returns a
        non-scalar or non-finite value.
        If ``x + h`` or a difference quotient overflows float64.

    Notes
    -----
    Entry :math:`j` of the gradient is the central difference along the
    unit vector :math:`e_j`,

    .. math::

        \frac{\partial f}{\partial x_j} \approx
        \frac{f(x + h_j e_j) - f(x - h_j e_j)}{2 h_j}.

    ``f`` is a black box that takes one point at a time, so the function
    loops over the :math:`n` entries of ``x`` and calls ``f`` :math:`2n`
    times; this is a test and teaching tool for small :math:`n`, not a way to
    train a network (that is what backpropagation is for).

    Examples
    --------
    The book's check: the gradient of :math:`3x_1^2 + 5e^{x_2}` is
    :math:`(6x_1, 5e^{x_2})`.

    >>> f = lambda x: 3 * x[0] ** 2 + 5 * np.exp(x[1])
    >>> gradient(f, [1.0, 0.0]).round(6)
    array([6., 5.])

    A function of a matrix: the gradient of :math:`\|X\|_F^2` is :math:`2X`.

    >>> X = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> gradient(lambda X: np.sum(X**2), X).round(6)
    array([[2., 4.],
           [6., 8.]])
    """
    f = check_callable(f, "f")
    x = as_array(x, "x")
    step = _step_sizes(x, h, 1 / 3)
    grad = np.empty_like(x)
    for j in np.ndindex(x.shape):
        f_plus = _call_scalar(f, _perturbed(x, (j, step[j])))
        f_minus = _call_scalar(f, _perturbed(x, (j, -step[j])))
        with np.errstate(**_QUIET):
            grad[j] = (f_plus - f_minus) / (2 * step[j])
    return _finite_difference(grad)


def jacobian(
    f: Callable[[np.ndarray], Any], x: ArrayLike, h: ArrayLike | None = None
) -> np.ndarray:
    r"""Approximate the Jacobian matrix of :math:`f:\mathbb{R}^n\to\mathbb{R}^m`.

    Parameters
    ----------
    f : callable
        A function of a vector returning a vector of length :math:`m` (a
        scalar counts as :math:`m = 1`).
    x : array_like, shape (n,)
        The point.
    h : float or array_like, optional
        Step size(s) > 0, broadcast to shape ``(n,)``. Default
        :math:`\epsilon^{1/3}\max(1, |x_j|)`.

    Returns
    -------
    numpy.ndarray, shape (m, n)
        The Jacobian in numerator layout: ``J[i, j]`` is
        :math:`\partial f_i / \partial x_j`, so row :math:`i` is the gradient
        of :math:`f_i` and :math:`f(x + \delta) \approx f(x) + J\delta`.

    Raises
    ------
    TypeError
        If ``f`` is not callable or does not return real numbers.
    ValueError
        If ``x`` is not a finite non-empty 1-D array, ``h <= 0``, or ``f``
        returns something other than a finite scalar or 1-D array.
        If ``x + h`` or a difference quotient overflows float64.

    Notes
    -----
    Column :math:`j` is the central difference

    .. math::

        J_{:, j} \approx \frac{f(x + h_j e_j) - f(x - h_j e_j)}{2h_j},

    which costs :math:`2n` calls of ``f``.

    Examples
    --------
    The Jacobian of a linear map :math:`x \mapsto Ax` is :math:`A`.

    >>> A = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    >>> jacobian(lambda x: A @ x, [1.0, -1.0, 2.0]).round(6)
    array([[1., 2., 3.],
           [4., 5., 6.]])
    """
    f = check_callable(f, "f")
    x = as_array(x, "x", ndim=1)
    step = _step_sizes(x, h, 1 / 3)
    columns = []
    for j in range(x.size):
        f_plus = _call_vector(f, _perturbed(x, (j, step[j])))
        f_minus = _call_vector(f, _perturbed(x, (j, -step[j])))
        with np.errstate(**_QUIET):
            columns.append((f_plus - f_minus) / (2 * step[j]))
    return _finite_difference(np.stack(columns, axis=1))


def _call_vector(f: Callable[..., Any], x: np.ndarray, name: str = "f") -> np.ndarray:
    value = _call(f, x, name)
    if value.ndim > 1:
        raise ValueError(
            f"{name} must return a scalar or a 1-D array, got shape {value.shape}"
        )
    return value.reshape(-1).astype(np.float64)


def hessian(
    f: Callable[[np.ndarray], Any], x: ArrayLike, h: ArrayLike | None = None
) -> np.ndarray:
    r"""Approximate the Hessian matrix of :math:`f:\mathbb{R}^n\to\mathbb{R}`.

    Parameters
    ----------
    f : callable
        A real-valued function of a vector.
    x : array_like, shape (n,)
        The point.
    h : float or array_like, optional
        Step size(s) > 0, broadcast to shape ``(n,)``. Default
        :math:`\epsilon^{1/4}\max(1, |x_j|)`.

    Returns
    -------
    numpy.ndarray, shape (n, n)
        The symmetric matrix of second partial derivatives,
        ``H[i, j]`` :math:`= \partial^2 f / \partial x_i \partial x_j`.

    Raises
    ------
    TypeError
        If ``f`` is not callable or does not return a real number.
    ValueError
        If ``x`` is not a finite non-empty 1-D array, ``h <= 0``, or ``f``
        returns a non-scalar or non-finite value.
        If a point ``x + h`` or a difference quotient overflows float64.

    Notes
    -----
    Every entry uses the same four-point central difference

    .. math::

        H_{ij} \approx \frac{f(x + h_ie_i + h_je_j) - f(x + h_ie_i - h_je_j)
        - f(x - h_ie_i + h_je_j) + f(x - h_ie_i - h_je_j)}{4h_ih_j},

    which for :math:`i = j` is the second difference of step :math:`2h_i`.
    The formula is symmetric in :math:`i` and :math:`j`, so only the upper
    triangle is computed (:math:`2n(n+1)` calls of ``f``) and mirrored. The
    truncation error is :math:`O(h^2)` and rounding costs
    :math:`\epsilon/h^2`, hence the default :math:`h\sim\epsilon^{1/4}`.

    Examples
    --------
    The Hessian of :math:`x^TAx` is :math:`A + A^T`.

    >>> A = np.array([[1.0, 2.0], [0.0, 3.0]])
    >>> hessian(lambda x: x @ A @ x, [0.5, -1.0]).round(6)
    array([[2., 2.],
           [2., 6.]])
    """
    f = check_callable(f, "f")
    x = as_array(x, "x", ndim=1)
    step = _step_sizes(x, h, 1 / 4)
    n = x.size
    H = np.empty((n, n))
    for i in range(n):
        for j in range(i, n):
            hi, hj = step[i], step[j]
            f_pp = _call_scalar(f, _perturbed(x, (i, hi), (j, hj)))
            f_pm = _call_scalar(f, _perturbed(x, (i, hi), (j, -hj)))
            f_mp = _call_scalar(f, _perturbed(x, (i, -hi), (j, hj)))
            f_mm = _call_scalar(f, _perturbed(x, (i, -hi), (j, -hj)))
            with np.errstate(**_QUIET):
                H[i, j] = H[j, i] = (f_pp - f_pm - f_mp + f_mm) / (4 * hi * hj)
    return _finite_difference(H)


# ---------------------------------------------------------------------------
# Convexity
# ---------------------------------------------------------------------------


def chord_gap(
    f: Callable[[Any], Any], x: ArrayLike, y: ArrayLike, t: ArrayLike
) -> float | np.ndarray:
    r"""Height of the chord from ``(x, f(x))`` to ``(y, f(y))`` above the graph.

    Parameters
    ----------
    f : callable
        A real-valued function of a point: ``f(x)`` must return a scalar.
        The points may be numbers, vectors or arrays of any shape (a weight
        vector, a matrix), as long as ``x`` and ``y`` have the same shape.
    x, y : array_like
        The ends of the segment, of the same shape.
    t : float or array_like
        Position(s) on the segment, each in :math:`[0, 1]`: ``t = 0`` is
        ``x`` and ``t = 1`` is ``y``.

    Returns
    -------
    float or numpy.ndarray
        For each ``t``, shaped like ``t``,

        .. math:: g(t) = (1 - t)\,f(x) + t\,f(y) - f\bigl((1 - t)\,x + t\,y\bigr).

    Raises
    ------
    TypeError
        If ``f`` is not callable or does not return a real number.
    ValueError
        If ``x`` or ``y`` is empty or not finite, their shapes differ, a
        ``t`` lies outside :math:`[0, 1]`, or ``f`` returns a non-scalar or
        non-finite value.

    Notes
    -----
    :math:`f` is convex exactly when :math:`g(t) \ge 0` for every pair of
    points and every :math:`t \in [0, 1]`: the chord never passes below the
    graph. A negative value anywhere proves that :math:`f` is not convex; no
    finite number of non-negative values proves that it is. ``f`` is called
    once per entry of ``t`` and once at each end.

    Examples
    --------
    For :math:`f(x) = x^2` the gap is :math:`t(1 - t)(y - x)^2`:

    >>> chord_gap(lambda v: v**2, 0.0, 2.0, [0.0, 0.25, 0.5, 1.0])
    array([0.  , 0.75, 1.  , 0.  ])

    A concave function has the chord below the graph, so the gap is negative:

    >>> chord_gap(lambda v: -(v**2), 0.0, 2.0, 0.5)
    -1.0

    The points can be vectors, here for :math:`\|v\|^2`:

    >>> chord_gap(lambda v: v @ v, [1.0, 0.0], [0.0, 1.0], 0.5)
    0.5
    """
    f = check_callable(f, "f")
    x = as_array(x, "x")
    y = as_array(y, "y")
    check_same_shape(x, y, "x", "y")
    t = as_array(t, "t")
    outside = (t < 0) | (t > 1)
    if outside.any():
        raise ValueError(f"t must lie in [0, 1], got {float(t[outside][0]):g}")
    f_x, f_y = _call_scalar(f, x.copy()), _call_scalar(f, y.copy())
    gap = np.empty_like(t)
    for k in np.ndindex(t.shape):
        on_segment = _call_scalar(f, (1 - t[k]) * x + t[k] * y)
        gap[k] = (1 - t[k]) * f_x + t[k] * f_y - on_segment
    return _as_output(gap)


# ---------------------------------------------------------------------------
# Taylor polynomials
# ---------------------------------------------------------------------------


def taylor_polynomial(
    derivatives_at_a: ArrayLike, a: float
) -> Callable[[ArrayLike], float | np.ndarray]:
    r"""Build the Taylor polynomial of a function from its derivatives at ``a``.

    Parameters
    ----------
    derivatives_at_a : array_like, shape (k + 1,)
        :math:`f(a), f'(a), f''(a), \dots, f^{(k)}(a)`; at most 171 values
        (:math:`171!` is the largest factorial a float64 holds).
    a : float
        The expansion point.

    Returns
    -------
    callable
        ``p(x)``, the degree-:math:`k` Taylor polynomial, vectorised over
        array ``x``; it returns a float for scalar ``x``.

    Raises
    ------
    ValueError
        If ``derivatives_at_a`` is not a finite non-empty 1-D array or holds
        more than 171 values, or ``a`` (or later ``x``) is not finite.

    Notes
    -----
    .. math::

        p(x) = \sum_{k=0}^{K} \frac{f^{(k)}(a)}{k!}(x - a)^k,

    evaluated by Horner's rule, :math:`p = (\dots(c_K t + c_{K-1})t + \dots)t
    + c_0` with :math:`t = x - a` and :math:`c_k = f^{(k)}(a)/k!`, which needs
    no powers and is numerically stable.

    Examples
    --------
    Every derivative of :math:`e^x` at 0 is 1:

    >>> p = taylor_polynomial(np.ones(8), a=0.0)
    >>> round(p(1.0), 6), round(float(np.e), 6)
    (2.718254, 2.718282)
    >>> taylor_polynomial([0.0, 1.0, 0.0, -1.0], a=0.0)(np.array([0.1, 0.2]))
    array([0.09983333, 0.19866667])
    """
    derivatives = as_array(derivatives_at_a, "derivatives_at_a", ndim=1)
    if derivatives.size > 171:
        raise ValueError(
            "derivatives_at_a must hold at most 171 values (k! overflows beyond "
            f"k = 170), got {derivatives.size}"
        )
    a = check_scalar(a, "a")
    factorials = np.array([math.factorial(k) for k in range(derivatives.size)], float)
    coefficients = derivatives / factorials

    def p(x: ArrayLike) -> float | np.ndarray:
        t = as_array(x, "x") - a
        result = np.zeros_like(t)
        for c in coefficients[::-1]:  # Horner's rule
            result = result * t + c
        return _as_output(result)

    return p


# ---------------------------------------------------------------------------
# Newton's method
# ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class NewtonResult:
    """The outcome of :func:`newton` or :func:`newton_system`.

    Attributes
    ----------
    root : float or numpy.ndarray
        The last iterate: the root if ``converged``.
    iterates : numpy.ndarray
        Every iterate, starting with ``x0``: shape ``(n_iter + 1,)`` in one
        dimension and ``(n_iter + 1, n)`` for a system.
    converged : bool
        Whether the stopping rule was met. Results returned by the functions
        always converged; a non-converged result travels with
        :class:`ConvergenceError` as its ``result`` attribute.
    n_iter : int
        The number of Newton steps taken.

    Raises
    ------
    TypeError
        If ``converged`` is not a bool, ``n_iter`` not an integer, or
        ``root`` or ``iterates`` not numeric.
    ValueError
        If ``iterates`` is not 1-D or 2-D or does not hold ``n_iter + 1``
        iterates, ``n_iter`` is negative, ``root`` is not the last iterate,
        or, for a converged result, ``root`` or ``iterates``
        is not finite (a failed run may end on an iterate that overflowed).

    Examples
    --------
    >>> from mathdl.calculus import newton
    >>> result = newton(lambda x: x**2 - 2, lambda x: 2 * x, 1.0)
    >>> result.converged, round(result.root, 6)
    (True, 1.414214)
    >>> result.iterates[:3]  # x0, then 3/2 and 17/12
    array([1.        , 1.5       , 1.41666667])
    """

    root: float | np.ndarray
    iterates: np.ndarray
    converged: bool
    n_iter: int

    def __post_init__(self) -> None:
        converged = check_flag(self.converged, "converged")
        n_iter = check_integer(self.n_iter, "n_iter", low=0)
        iterates = as_array(self.iterates, "iterates", ndim=(1, 2), finite=converged)
        if len(iterates) != n_iter + 1:
            raise ValueError(
                f"iterates must hold n_iter + 1 = {n_iter + 1} iterates (x0 and "
                f"one per step), got {len(iterates)}"
            )
        root = as_array(self.root, "root", finite=converged)
        if root.shape != iterates.shape[1:] or not np.array_equal(
            root, iterates[-1], equal_nan=True
        ):
            last, got = (np.array2string(a, threshold=6) for a in (iterates[-1], root))
            raise ValueError(
                f"root must be the last of iterates, {last}, got {got} (shape "
                f"{root.shape})"
            )
        object.__setattr__(self, "root", float(root) if root.ndim == 0 else root)
        object.__setattr__(self, "iterates", iterates)
        object.__setattr__(self, "converged", converged)
        object.__setattr__(self, "n_iter", n_iter)


class ConvergenceError(ValueError):
    """Raised when Newton's method fails: no convergence, or a zero derivative.

    Parameters
    ----------
    message : str
        What went wrong, naming the iterate.
    result : NewtonResult, optional
        The iterates so far (with ``converged=False``), for inspection.

    Raises
    ------
    TypeError
        If ``message`` is not a string or ``result`` is neither a
        :class:`NewtonResult` nor ``None``.

    Examples
    --------
    >>> try:
    ...     newton(lambda x: x**2 + 1, lambda x: 2 * x, 0.5, maxiter=5)
    ... except ConvergenceError as error:
    ...     print(error.result.n_iter, error.result.converged)
    5 False
    """

    def __init__(self, message: str, result: NewtonResult | None = None) -> None:
        if not isinstance(message, str):
            raise TypeError(f"message must be a string, got {describe(message)}")
        if result is not None and not isinstance(result, NewtonResult):
            raise TypeError(
                f"result must be a NewtonResult or None, got {describe(result)}"
            )
        super().__init__(message)
        self.result = result


def _failure(message: str, iterates: list[Any]) -> ConvergenceError:
    stacked = np.array(iterates)
    result = NewtonResult(stacked[-1], stacked, False, len(iterates) - 1)
    return ConvergenceError(message, result)


def newton(
    f: Callable[[float], Any],
    df: Callable[[float], Any],
    x0: float,
    tol: float = 1e-12,
    maxiter: int = 50,
) -> NewtonResult:
    r"""Find a root of :math:`f(x) = 0` by Newton's method.

    Parameters
    ----------
    f : callable
        A real function of one real variable.
    df : callable
        Its derivative :math:`f'`.
    x0 : float
        The starting point.
    tol : float, optional
        Relative step tolerance > 0 (default ``1e-12``); see Notes.
    maxiter : int, optional
        The maximum number of Newton steps, >= 1 (default 50).

    Returns
    -------
    NewtonResult
        ``root``, ``iterates`` (starting with ``x0``), ``converged`` (always
        ``True`` when returned) and ``n_iter``.

    Raises
    ------
    TypeError
        If ``f`` or ``df`` is not callable or returns a non-number.
    ValueError
        If ``x0``, ``tol`` or ``maxiter`` is invalid, or ``f`` or ``df``
        returns a non-finite value or a non-scalar.
    ConvergenceError
        (a ``ValueError``) if :math:`f'(x_k) = 0` at an iterate, an iterate
        overflows, or the tolerance is not met within ``maxiter`` steps.

    Notes
    -----
    Newton's method replaces :math:`f` by its tangent line at :math:`x_k` and
    jumps to the tangent's root,

    .. math::

        x_{k+1} = x_k - \frac{f(x_k)}{f'(x_k)}.

    Near a simple root the number of correct digits roughly doubles each
    step (quadratic convergence). The iteration stops when
    :math:`f(x_k) = 0` exactly or when the step is negligible,
    :math:`|x_{k+1} - x_k| \le \mathrm{tol}\cdot\max(1, |x_{k+1}|)`.

    Examples
    --------
    The book's check: :math:`\sqrt 2` from :math:`x_0 = 1` goes through
    :math:`3/2, 17/12, 577/408, \dots`

    >>> result = newton(lambda x: x**2 - 2, lambda x: 2 * x, 1.0)
    >>> result.iterates[:4]
    array([1.        , 1.5       , 1.41666667, 1.41421569])
    >>> round(result.root, 12), result.n_iter
    (1.414213562373, 6)
    """
    f = check_callable(f, "f")
    df = check_callable(df, "df")
    x = check_scalar(x0, "x0")
    tol = check_scalar(tol, "tol", low=0, low_inclusive=False)
    maxiter = check_integer(maxiter, "maxiter", low=1)
    iterates = [x]
    for k in range(maxiter):
        fx = _call_scalar(f, x, "f")
        if fx == 0.0:  # landed exactly on a root
            return NewtonResult(x, np.array(iterates), True, k)
        slope = _call_scalar(df, x, "df")
        if slope == 0.0:
            raise _failure(
                f"df is zero at iterate {k} (x = {x!r}): the tangent is flat "
                "and Newton's step f(x)/df(x) is undefined; try another x0",
                iterates,
            )
        x_new = x - fx / slope
        iterates.append(x_new)
        if not math.isfinite(x_new):
            raise _failure(f"iterate {k + 1} overflowed (x = {x_new!r})", iterates)
        if abs(x_new - x) <= tol * max(1.0, abs(x_new)):
            return NewtonResult(x_new, np.array(iterates), True, k + 1)
        x = x_new
    raise _failure(
        f"Newton's method did not converge within maxiter={maxiter} steps "
        f"from x0={x0!r}; the last iterate is {x!r}",
        iterates,
    )


def newton_system(
    F: Callable[[np.ndarray], Any],
    J: Callable[[np.ndarray], Any],
    x0: ArrayLike,
    tol: float = 1e-12,
    maxiter: int = 50,
) -> NewtonResult:
    r"""Solve a system :math:`F(x) = 0` of :math:`n` equations by Newton's method.

    Parameters
    ----------
    F : callable
        :math:`F:\mathbb{R}^n\to\mathbb{R}^n`, returning an array of shape
        ``(n,)``.
    J : callable
        Its Jacobian, returning an array of shape ``(n, n)`` with
        ``J(x)[i, j]`` :math:`= \partial F_i / \partial x_j` (numerator
        layout, as :func:`jacobian` computes).
    x0 : array_like, shape (n,)
        The starting point.
    tol : float, optional
        Relative step tolerance > 0 (default ``1e-12``).
    maxiter : int, optional
        The maximum number of Newton steps, >= 1 (default 50).

    Returns
    -------
    NewtonResult
        ``root`` (shape ``(n,)``), ``iterates`` (shape ``(n_iter + 1, n)``),
        ``converged`` and ``n_iter``.

    Raises
    ------
    TypeError
        If ``F`` or ``J`` is not callable or returns non-numbers.
    ValueError
        If ``x0`` is not a finite 1-D array, ``tol`` or ``maxiter`` is
        invalid, or ``F`` or ``J`` returns the wrong shape or non-finite
        values.
    ConvergenceError
        (a ``ValueError``) if the Jacobian is singular at an iterate (its
        condition number exceeds :math:`1/(n\epsilon)`), an iterate overflows,
        or the tolerance is not met within ``maxiter`` steps.

    Notes
    -----
    Near :math:`x_k`, :math:`F(x_k + \delta) \approx F(x_k) + J(x_k)\delta`;
    Newton's step sets this linear model to zero,

    .. math::

        J(x_k)\,\delta_k = -F(x_k), \qquad x_{k+1} = x_k + \delta_k,

    solving the linear system rather than inverting :math:`J`. It stops when
    :math:`F(x_k) = 0` exactly or
    :math:`\|\delta_k\| \le \mathrm{tol}\cdot\max(1, \|x_{k+1}\|)`.

    Examples
    --------
    The book's system :math:`(4x - 2xy,\ 2y + xy - 2y^2)` has roots
    :math:`(0, 0)`, :math:`(0, 1)` and :math:`(2, 2)`.

    >>> F = lambda v: np.array(
    ...     [4 * v[0] - 2 * v[0] * v[1], 2 * v[1] + v[0] * v[1] - 2 * v[1] ** 2]
    ... )
    >>> J = lambda v: np.array([[4 - 2 * v[1], -2 * v[0]], [v[1], 2 + v[0] - 4 * v[1]]])
    >>> newton_system(F, J, [1.5, 2.5]).root.round(12)
    array([2., 2.])
    """
    F = check_callable(F, "F")
    J = check_callable(J, "J")
    x = as_array(x0, "x0", ndim=1).copy()
    tol = check_scalar(tol, "tol", low=0, low_inclusive=False)
    maxiter = check_integer(maxiter, "maxiter", low=1)
    n = x.size
    iterates = [x]
    for k in range(maxiter):
        Fx = _call(F, x, "F")
        if Fx.shape != (n,):
            raise ValueError(
                f"F must return an array of the shape of x0, {(n,)}, got {Fx.shape}"
            )
        if not Fx.any():  # landed exactly on a root
            return NewtonResult(x, np.array(iterates), True, k)
        Jx = _call(J, x, "J")
        if Jx.shape != (n, n):
            raise ValueError(
                f"J must return an array of shape {(n, n)} for x0 of shape {(n,)}, "
                f"got {Jx.shape}"
            )
        condition = np.linalg.cond(Jx)
        if not condition < 1 / (n * EPS):  # also catches inf and NaN
            raise _failure(
                f"the Jacobian J is singular at iterate {k} (x = {x.tolist()}): "
                f"its condition number is {condition:.3g}; try another x0",
                iterates,
            )
        delta = np.linalg.solve(Jx, -Fx)
        x_new = x + delta
        iterates.append(x_new)
        if not np.all(np.isfinite(x_new)):
            raise _failure(
                f"iterate {k + 1} overflowed (x = {x_new.tolist()})", iterates
            )
        with np.errstate(over="ignore"):  # a huge tol gives inf: converged
            converged = np.linalg.norm(delta) <= tol * max(1.0, np.linalg.norm(x_new))
        if converged:
            return NewtonResult(x_new, np.array(iterates), True, k + 1)
        x = x_new
    raise _failure(
        f"Newton's method did not converge within maxiter={maxiter} steps; "
        f"the last iterate is {x.tolist()}",
        iterates,
    )


# ---------------------------------------------------------------------------
# Integration
# ---------------------------------------------------------------------------


def _check_interval(a: float, b: float) -> tuple[float, float]:
    a = check_scalar(a, "a")
    b = check_scalar(b, "b")
    if a >= b:
        raise ValueError(f"a must be less than b, got a={a!r} and b={b!r}")
    return a, b


def integrate(
    f: Callable[[np.ndarray], Any],
    a: float,
    b: float,
    n: int = 100,
    method: str = "trapezoid",
) -> float:
    r"""Approximate :math:`\int_a^b f(x)\,dx` by a composite Newton-Cotes rule.

    Parameters
    ----------
    f : callable
        A function applied elementwise: it is called once on the array of all
        nodes and must return an array of the same shape.
    a, b : float
        The limits, with ``a < b``.
    n : int, optional
        The number of subintervals, >= 1 (default 100); even for Simpson.
    method : {"trapezoid", "simpson", "midpoint"}, optional
        The rule (default ``"trapezoid"``).

    Returns
    -------
    float
        The approximate integral.

    Raises
    ------
    TypeError
        If ``f`` is not callable or returns non-numbers, or ``n`` is not an
        integer.
    ValueError
        If ``a >= b``, ``n < 1``, ``n`` is odd for Simpson, ``method`` is
        unknown, or ``f`` returns non-finite values or the wrong shape.
        If ``n`` exceeds ``MAX_POINTS`` (1e7): the work grows with it.

    Notes
    -----
    With :math:`h = (b-a)/n`, nodes :math:`x_i = a + ih` and
    :math:`y_i = f(x_i)`:

    .. math::

        T &= h\Bigl(\tfrac12 y_0 + y_1 + \dots + y_{n-1} + \tfrac12 y_n\Bigr)
        &&\text{error } O(h^2)\\
        M &= h \sum_{i=0}^{n-1} f\bigl(a + (i + \tfrac12)h\bigr)
        &&\text{error } O(h^2)\\
        S &= \tfrac{h}{3}\bigl(y_0 + 4y_1 + 2y_2 + 4y_3 + \dots + 4y_{n-1}
        + y_n\bigr) &&\text{error } O(h^4)

    The trapezoid rule joins the points by straight lines, the midpoint rule
    uses rectangles at the interval midpoints (its error is about half the
    trapezoid error, of opposite sign), and Simpson's rule fits a parabola
    through each pair of subintervals, which makes it exact for cubics.

    Examples
    --------
    >>> round(integrate(np.sin, 0.0, np.pi, n=100), 6)
    1.999836
    >>> round(integrate(np.sin, 0.0, np.pi, n=100, method="simpson"), 9)
    2.000000011
    >>> integrate(lambda x: x**3, 0.0, 2.0, n=2, method="simpson")
    4.0
    """
    f = check_callable(f, "f")
    a, b = _check_interval(a, b)
    # One evaluation point per interval: the work grows with n.
    n = check_integer(n, "n", low=1, high=MAX_POINTS)
    method = _check_method(method, INTEGRATION_METHODS)
    if method == "simpson" and n % 2:
        raise ValueError(f"n must be even for Simpson's rule, got n={n}")
    h = (b - a) / n
    if method == "midpoint":
        midpoints = a + (np.arange(n) + 0.5) * h
        return float(h * _call_elementwise(f, midpoints).sum())
    y = _call_elementwise(f, np.linspace(a, b, n + 1))
    if method == "trapezoid":
        return float(h * (y.sum() - (y[0] + y[-1]) / 2))
    # Simpson: weights 1, 4, 2, 4, ..., 2, 4, 1 times h/3.
    return float(h / 3 * (y[0] + 4 * y[1:-1:2].sum() + 2 * y[2:-1:2].sum() + y[-1]))


class _MonteCarloResult(NamedTuple):
    estimate: float
    stderr: float


class MonteCarloResult(_MonteCarloResult):
    """A Monte Carlo estimate and its standard error.

    Attributes
    ----------
    estimate : float
        The estimate of the integral.
    stderr : float
        Its estimated standard error (the standard deviation of the estimator).

    Raises
    ------
    TypeError
        If a field is not a real number.
    ValueError
        If ``estimate`` is not finite or ``stderr`` is not a finite number
        >= 0.

    Examples
    --------
    >>> import numpy as np
    >>> from mathdl.calculus import monte_carlo_integrate
    >>> estimate, stderr = monte_carlo_integrate(np.sin, 0.0, np.pi, n=100_000, rng=0)
    >>> abs(estimate - 2.0) < 4 * stderr  # the exact integral is 2
    True
    """

    __slots__ = ()

    def __new__(cls, estimate: float, stderr: float) -> MonteCarloResult:
        return super().__new__(
            cls,
            check_scalar(estimate, "estimate"),
            check_scalar(stderr, "stderr", low=0),
        )

    @classmethod
    def _make(cls, iterable: Iterable[float]) -> MonteCarloResult:
        return cls(*iterable)  # so that _replace checks too


def monte_carlo_integrate(
    f: Callable[[np.ndarray], Any],
    a: float,
    b: float,
    n: int = 10_000,
    rng: np.random.Generator | int = 0,
) -> MonteCarloResult:
    r"""Estimate :math:`\int_a^b f(x)\,dx` from uniform random samples.

    Parameters
    ----------
    f : callable
        A function applied elementwise, called once on all ``n`` samples.
    a, b : float
        The limits, with ``a < b``.
    n : int, optional
        The number of samples, >= 2 (default 10000).
    rng : numpy.random.Generator or int, optional
        Random generator or seed (default 0).

    Returns
    -------
    MonteCarloResult
        ``(estimate, stderr)``.

    Raises
    ------
    TypeError
        If ``f`` is not callable, ``n`` is not an integer or ``rng`` is not a
        generator or seed.
    ValueError
        If ``a >= b``, ``n < 2``, or ``f`` returns non-finite values or the
        wrong shape.
        If ``n`` exceeds ``MAX_POINTS`` (1e7): the work grows with it.

    Notes
    -----
    With :math:`U_1, \dots, U_n` uniform on :math:`[a, b]`,
    :math:`\int_a^b f = (b - a)\,\mathbb{E}[f(U)]`, so

    .. math::

        \hat I = \frac{b-a}{n}\sum_{i=1}^n f(U_i), \qquad
        \operatorname{SE}(\hat I) = (b - a)\frac{s}{\sqrt n},

    where :math:`s` is the sample standard deviation of the :math:`f(U_i)`.
    The error shrinks like :math:`1/\sqrt n` whatever the dimension, which is
    why Monte Carlo wins for high-dimensional integrals.

    Examples
    --------
    >>> estimate, stderr = monte_carlo_integrate(np.sin, 0.0, np.pi, n=100_000, rng=0)
    >>> abs(estimate - 2.0) < 4 * stderr
    True
    >>> round(stderr, 3)
    0.003
    """
    f = check_callable(f, "f")
    a, b = _check_interval(a, b)
    n = check_integer(n, "n", low=2, high=MAX_POINTS)  # the work grows with n
    generator = check_rng(rng)
    values = _call_elementwise(f, generator.uniform(a, b, size=n))
    width = b - a
    return MonteCarloResult(
        float(width * values.mean()),
        float(width * values.std(ddof=1) / np.sqrt(n)),
    )
