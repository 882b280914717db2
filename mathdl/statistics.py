r"""Descriptive statistics, correlation, two-sample tests and confidence intervals.

This module is the toolbox of Chapter 4 (*Statistics*), and Chapter 12 uses
its tests to compare optimisers over repeated seeds. It holds summary
statistics (mean, median, mode, variance with ``ddof``, standard error,
quantiles, z-scores, ranks), imputation of missing values, Pearson and
Spearman correlation, Welch's t-test, the Mann-Whitney U test, Cohen's d, a
Welch confidence interval for a difference of means and a percentile
bootstrap.

Every function takes 1-D data. The p-values are computed from the cumulative
distribution functions of Student's t and the normal distribution, written
here on top of :mod:`scipy.special` (the regularised incomplete beta function
:func:`~scipy.special.betainc`, its inverse :func:`~scipy.special.betaincinv`,
and :func:`~scipy.special.ndtr`), in a form that keeps tiny tail
probabilities accurate. The results agree with :mod:`numpy` and
:mod:`scipy.stats`, which the test suite checks.

Unlike NumPy and SciPy, the functions here never return NaN: data that make
a quantity undefined (a correlation with constant data, a t statistic when
both samples are constant) raise a :class:`ValueError` that says why.
Data are float64 of moderate magnitude: values beyond about
:math:`10^{\pm 150}`, whose squared deviations overflow or underflow, are
outside what these functions are built for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from mathdl._scaling import exponent as _exponent
from mathdl._scaling import unscale as _unscale
from mathdl._validation import (
    as_array,
    check_callable,
    check_integer,
    check_rng,
    check_same_shape,
    check_scalar,
    describe,
)

__all__ = [
    "MannWhitneyResult",
    "TTestResult",
    "bootstrap_ci",
    "cohens_d",
    "impute",
    "iqr",
    "mann_whitney_u",
    "mean",
    "mean_diff_ci",
    "median",
    "mode",
    "pearson",
    "quantile",
    "rankdata",
    "sem",
    "spearman",
    "std",
    "variance",
    "welch_ttest",
    "zscore",
]

#: The most values :func:`bootstrap_ci` resamples at once (800 MB of indices).
MAX_RESAMPLED = 10**8

#: The alternative hypotheses the two-sample tests accept.
ALTERNATIVES = ("two-sided", "less", "greater")


# ---------------------------------------------------------------------------
# Input checks private to this module
# ---------------------------------------------------------------------------


def _sample(x: ArrayLike, name: str, min_size: int = 1) -> np.ndarray:
    """Return ``x`` as a finite 1-D float array with at least ``min_size`` values."""
    arr = as_array(x, name, ndim=1)
    if arr.size < min_size:
        raise ValueError(f"{name} must have at least {min_size} values, got {arr.size}")
    return arr


def _check_alternative(alternative: Any) -> str:
    if not isinstance(alternative, str) or alternative not in ALTERNATIVES:
        raise ValueError(
            f"alternative must be one of {ALTERNATIVES}, got {describe(alternative)}"
        )
    return alternative


def _check_level(level: Any) -> float:
    return check_scalar(
        level, "level", low=0, high=1, low_inclusive=False, high_inclusive=False
    )


def _check_ddof(ddof: Any, n: int) -> int:
    ddof = check_integer(ddof, "ddof", low=0)
    if ddof >= n:
        raise ValueError(
            f"ddof must be less than the number of values ({n}), got {ddof}"
        )
    return ddof


def _mean(x: np.ndarray) -> float:
    """Mean of a checked sample, rescaled when the plain sum overflows."""
    with np.errstate(over="ignore"):
        total = np.sum(x)
    if np.isfinite(total):
        return float(total / x.size)
    e = _exponent(x)
    return _unscale(float(np.sum(np.ldexp(x, -e)) / x.size), e, "the mean")


def _sum_of_squares(x: np.ndarray) -> tuple[float, int]:
    """``(s, e)`` with the sum of squared deviations from the mean ``s * 4**e``.

    ``e`` is 0 unless the plain two-pass sum overflows; then the data are
    first divided by ``2**e``, so the deviations are at most 2 in size.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        deviations = x - np.sum(x) / x.size
        total = np.sum(deviations * deviations)
    if np.isfinite(total):
        return float(total), 0
    e = _exponent(x)
    scaled = np.ldexp(x, -e)
    deviations = scaled - np.sum(scaled) / x.size
    return float(np.sum(deviations * deviations)), e


def _is_constant(x: np.ndarray) -> bool:
    # Compare with the first value rather than testing a spread for zero:
    # the computed mean of equal values can differ from them in the last
    # bit, which leaves a tiny non-zero "variance".
    return bool(np.all(x == x[0]))


# ---------------------------------------------------------------------------
# Distribution functions on top of scipy.special
# ---------------------------------------------------------------------------


def _t_sf(t: ArrayLike, df: float) -> np.ndarray:
    r"""Survival function :math:`P(T > t)` of Student's t (``df`` degrees of freedom).

    With :math:`x = \nu / (\nu + t^2)` and :math:`I_x(a, b)` the regularised
    incomplete beta function, the two tails beyond :math:`\pm t` hold
    :math:`P(|T| > |t|) = I_x(\nu/2, 1/2)` and the centre holds
    :math:`P(|T| \le |t|) = I_{1-x}(1/2, \nu/2)`. Far out
    (:math:`t^2 \ge \nu`) the tail is computed directly, never as
    ``1 - cdf``, so a p-value of 1e-30 keeps all its digits. Near the centre
    :math:`x` is close to 1 and rounding it would lose :math:`t`, so the
    tail is computed as one half minus half the centre, with
    :math:`1 - x = t^2 / (\nu + t^2)` formed directly. For ``t < 0`` the
    survival function is ``1 - tail`` with ``tail <= 1/2``: no cancellation.
    """
    t = np.asarray(t, dtype=np.float64)
    # For |t| > 1e154, t * t overflows to inf and x becomes 0, which is the
    # right limit (the tail is 0); silence only that overflow.
    with np.errstate(over="ignore"):
        t2 = t * t
    far = t2 >= df
    near = ~far
    tail = np.empty(t.shape)  # P(T > |t|)
    tail[far] = 0.5 * special.betainc(0.5 * df, 0.5, df / (df + t2[far]))
    centre = special.betainc(0.5, 0.5 * df, t2[near] / (df + t2[near]))
    tail[near] = 0.5 - 0.5 * centre
    return np.where(t >= 0, tail, 1.0 - tail)


def _t_cdf(t: ArrayLike, df: float) -> np.ndarray:
    """Cumulative distribution function of Student's t: ``P(T <= t) = P(T > -t)``."""
    return _t_sf(-np.asarray(t, dtype=np.float64), df)


def _t_central(level: float, df: float) -> float:
    r"""The point :math:`t > 0` with :math:`P(|T| \le t) =` ``level`` for Student's t.

    With :math:`x = \nu/(\nu + t^2)`, the two tails hold
    :math:`P(|T| > t) = I_x(\nu/2, 1/2)` and the centre holds
    :math:`P(|T| \le t) = I_{1-x}(1/2, \nu/2)`. Inverting whichever of the two
    is at most 1/2 with :func:`scipy.special.betaincinv` keeps full relative
    precision for levels near 1 (tiny tails) and near 0 alike; then
    :math:`t^2 = \nu (1 - x) / x`.
    """
    if level >= 0.5:
        x = special.betaincinv(0.5 * df, 0.5, 1.0 - level)  # from the tails
        return float(np.sqrt(df * (1.0 - x) / x))
    y = special.betaincinv(0.5, 0.5 * df, level)  # y = 1 - x, from the centre
    return float(np.sqrt(df * y / (1.0 - y)))


def _normal_sf(z: ArrayLike) -> np.ndarray:
    """Survival function of the standard normal, ``P(Z > z) = Phi(-z)``.

    :func:`scipy.special.ndtr` is accurate far into the lower tail, so
    ``ndtr(-z)`` gives tiny upper-tail probabilities without cancellation.
    """
    return special.ndtr(-np.asarray(z, dtype=np.float64))


# ---------------------------------------------------------------------------
# Summary statistics
# ---------------------------------------------------------------------------


def mean(x: ArrayLike) -> float:
    r"""Arithmetic mean of 1-D data.

    Parameters
    ----------
    x : array_like, shape (n,)
        Finite values, at least one.

    Returns
    -------
    float
        :math:`\bar x = \frac1n \sum_{i=1}^n x_i`.

    Raises
    ------
    ValueError
        If ``x`` is not 1-D, is empty, or holds NaN or infinity.

    Examples
    --------
    >>> mean([1, 2, 3, 4])
    2.5
    """
    x = _sample(x, "x")
    return _mean(x)


def median(x: ArrayLike) -> float:
    r"""Median of 1-D data: the middle value, or the mean of the two middle values.

    Parameters
    ----------
    x : array_like, shape (n,)
        Finite values, at least one.

    Returns
    -------
    float
        For sorted values :math:`x_{(1)} \le \dots \le x_{(n)}`, the value
        :math:`x_{((n+1)/2)}` when ``n`` is odd and
        :math:`(x_{(n/2)} + x_{(n/2+1)})/2` when ``n`` is even.

    Raises
    ------
    ValueError
        If ``x`` is not 1-D, is empty, or holds NaN or infinity.

    Examples
    --------
    >>> median([3, 1, 2])
    2.0
    >>> median([4, 1, 3, 2])
    2.5
    """
    x = _sample(x, "x")
    xs = np.sort(x)
    middle = xs.size // 2
    if xs.size % 2 == 1:
        return float(xs[middle])
    low, high = xs[middle - 1], xs[middle]
    with np.errstate(over="ignore"):
        total = low + high
    # Halving first cannot overflow; it is used only when the sum does,
    # because it loses the last bit of subnormal values.
    return float(total / 2 if np.isfinite(total) else low / 2 + high / 2)


def mode(x: ArrayLike) -> float:
    """Most frequent value of 1-D data; the smallest one when several tie.

    Parameters
    ----------
    x : array_like, shape (n,)
        Finite values, at least one.

    Returns
    -------
    float
        The value that occurs most often. When several values occur equally
        often, the smallest of them is returned (as :func:`scipy.stats.mode`
        does), so the result does not depend on the order of the data.

    Raises
    ------
    ValueError
        If ``x`` is not 1-D, is empty, or holds NaN or infinity.

    Notes
    -----
    The mode is meant for discrete data (counts, labels, ratings). For
    continuous measurements every value is usually distinct, and the mode is
    then just the smallest value.

    Examples
    --------
    >>> mode([3, 1, 3, 2, 1])  # 1 and 3 occur twice: the smaller wins
    1.0
    """
    x = _sample(x, "x")
    # np.unique sorts the distinct values; argmax returns the first (so the
    # smallest) of the values with the highest count.
    values, counts = np.unique(x, return_counts=True)
    return float(values[np.argmax(counts)])


def variance(x: ArrayLike, ddof: int = 0) -> float:
    r"""Variance of 1-D data with ``ddof`` "delta degrees of freedom".

    Parameters
    ----------
    x : array_like, shape (n,)
        Finite values, more than ``ddof`` of them.
    ddof : int, optional
        The divisor is ``n - ddof``. ``0`` (default, as in NumPy) gives the
        variance of the data themselves, the maximum-likelihood estimate for
        a normal sample; ``1`` gives the unbiased sample variance.

    Returns
    -------
    float
        .. math:: s^2 = \frac{1}{n - \mathrm{ddof}} \sum_{i=1}^n (x_i - \bar x)^2

    Raises
    ------
    ValueError
        If ``x`` is not 1-D, is empty or holds NaN or infinity, or if
        ``ddof`` is negative or not less than ``n``.
        If the variance overflows float64 (it is beyond 1.8e308 whatever the rescaling).
    TypeError
        If ``ddof`` is not an integer.

    Notes
    -----
    The two-pass form (first the mean, then squared deviations from it) is
    used instead of :math:`\overline{x^2} - \bar x^2`, which cancels
    catastrophically when the mean is large compared with the spread.

    Examples
    --------
    >>> variance([1, 2, 3, 4])
    1.25
    >>> variance([1, 2, 3, 4], ddof=1)  # doctest: +ELLIPSIS
    1.666...
    """
    x = _sample(x, "x")
    ddof = _check_ddof(ddof, x.size)
    total, e = _sum_of_squares(x)
    return _unscale(total / (x.size - ddof), 2 * e, "the variance of x")


def std(x: ArrayLike, ddof: int = 0) -> float:
    r"""Standard deviation of 1-D data: the square root of :func:`variance`.

    Parameters
    ----------
    x : array_like, shape (n,)
        Finite values, more than ``ddof`` of them.
    ddof : int, optional
        Delta degrees of freedom, as in :func:`variance` (default 0).

    Returns
    -------
    float
        :math:`s = \sqrt{s^2}`.

    Raises
    ------
    ValueError
        As :func:`variance`.
        If the standard deviation overflows float64.
    TypeError
        If ``ddof`` is not an integer.

    Examples
    --------
    >>> std([2, 4, 4, 4, 5, 5, 7, 9])
    2.0
    """
    x = _sample(x, "x")
    ddof = _check_ddof(ddof, x.size)
    total, e = _sum_of_squares(x)
    spread = float(np.sqrt(total / (x.size - ddof)))
    return _unscale(spread, e, "the standard deviation of x")


def sem(x: ArrayLike) -> float:
    r"""Standard error of the mean, using the sample standard deviation (``ddof=1``).

    Parameters
    ----------
    x : array_like, shape (n,)
        Finite values, at least two.

    Returns
    -------
    float
        :math:`\mathrm{SE} = s / \sqrt n` with :math:`s` the standard
        deviation with ``ddof=1``, as :func:`scipy.stats.sem` computes it.

    Raises
    ------
    ValueError
        If ``x`` is not 1-D, holds NaN or infinity, or has fewer than two
        values.
        If the standard error overflows float64.

    Notes
    -----
    The standard error estimates the standard deviation of the sample mean
    over repeated samples of size ``n``: it shrinks like :math:`1/\sqrt n`.

    Examples
    --------
    >>> round(sem([1, 2, 3, 4]), 4)
    0.6455
    """
    x = _sample(x, "x", min_size=2)
    total, e = _sum_of_squares(x)
    error = float(np.sqrt(total / (x.size - 1) / x.size))
    return _unscale(error, e, "the standard error of x")


def quantile(x: ArrayLike, q: ArrayLike) -> float | np.ndarray:
    r"""Quantiles of 1-D data by linear interpolation (NumPy's default method).

    Parameters
    ----------
    x : array_like, shape (n,)
        Finite values, at least one.
    q : float or array_like
        Quantile level(s) in [0, 1]; any shape.

    Returns
    -------
    float or numpy.ndarray
        A float for a scalar ``q``, otherwise an array of the shape of ``q``.

    Raises
    ------
    ValueError
        If ``x`` is not 1-D, is empty or holds NaN or infinity, or if ``q``
        is empty, non-finite or outside [0, 1].

    Notes
    -----
    This is the "linear" method of :func:`numpy.quantile` (type 7 of Hyndman
    and Fan, the default of NumPy and R). Sort the data into
    :math:`x_{(0)} \le \dots \le x_{(n-1)}` (0-based) and place level
    :math:`q` at the fractional position :math:`h = (n - 1) q`. With
    :math:`j = \lfloor h \rfloor` and :math:`g = h - j`,

    .. math:: Q(q) = x_{(j)} + g\,\bigl(x_{(j+1)} - x_{(j)}\bigr),

    so the minimum is the 0 quantile, the maximum the 1 quantile, and levels
    in between interpolate along straight lines between order statistics.

    Examples
    --------
    >>> quantile([1, 2, 3, 4, 5], 0.5)
    3.0
    >>> quantile([10, 20, 30, 40], [0.25, 0.5, 0.9])
    array([17.5, 25. , 37. ])
    """
    x = _sample(x, "x")
    levels = as_array(q, "q")
    if levels.min() < 0 or levels.max() > 1:
        raise ValueError(
            f"q must hold quantile levels in [0, 1], "
            f"got values from {levels.min():.6g} to {levels.max():.6g}"
        )
    xs = np.sort(x)
    position = (xs.size - 1) * levels  # fractional 0-based index into xs
    below = np.floor(position).astype(np.intp)
    above = np.minimum(below + 1, xs.size - 1)  # q = 1 has no value above
    fraction = position - below
    lower, upper = xs[below], xs[above]
    with np.errstate(over="ignore", invalid="ignore"):
        result = lower + fraction * (upper - lower)
    # upper - lower overflows only for values beyond 8.9e307 of both signs;
    # the weighted mean of the two neighbours cannot overflow.
    wild = ~np.isfinite(result)
    if wild.any():
        result = np.where(wild, (1 - fraction) * lower + fraction * upper, result)
    return float(result) if result.ndim == 0 else result


def iqr(x: ArrayLike) -> float:
    """Interquartile range: the 0.75 quantile minus the 0.25 quantile.

    Parameters
    ----------
    x : array_like, shape (n,)
        Finite values, at least one.

    Returns
    -------
    float
        :math:`Q(0.75) - Q(0.25)` with :func:`quantile` (linear
        interpolation, as :func:`scipy.stats.iqr` by default).

    Raises
    ------
    ValueError
        If ``x`` is not 1-D, is empty, or holds NaN or infinity.
        If the interquartile range overflows float64.

    Notes
    -----
    The box of a box plot spans the interquartile range; its whiskers usually
    reach the most extreme data within 1.5 IQR of the box.

    Examples
    --------
    >>> iqr([1, 2, 3, 4, 5, 6, 7, 8, 9])
    4.0
    """
    lower, upper = quantile(x, [0.25, 0.75])
    with np.errstate(over="ignore"):
        spread = float(upper - lower)
    if not np.isfinite(spread):
        raise ValueError(
            "the interquartile range of x overflows: it is beyond the largest "
            f"float64, {np.finfo(np.float64).max:.6g}"
        )
    return spread


def zscore(x: ArrayLike, ddof: int = 0) -> np.ndarray:
    r"""Standardise 1-D data: subtract the mean, divide by the standard deviation.

    Parameters
    ----------
    x : array_like, shape (n,)
        Finite values, more than ``ddof`` of them, not all equal.
    ddof : int, optional
        Delta degrees of freedom of the standard deviation (default 0, as
        :func:`scipy.stats.zscore`).

    Returns
    -------
    numpy.ndarray, shape (n,)
        :math:`z_i = (x_i - \bar x) / s`.

    Raises
    ------
    ValueError
        If ``x`` is not 1-D, is empty or holds NaN or infinity, if ``ddof``
        is out of range, or if all values are equal (the standard deviation
        is 0 and z-scores are undefined).
    TypeError
        If ``ddof`` is not an integer.

    Examples
    --------
    >>> zscore([1, 2, 3]).round(4)
    array([-1.2247,  0.    ,  1.2247])
    """
    x = _sample(x, "x")
    ddof = _check_ddof(ddof, x.size)
    # z-scores do not change when x is divided by a power of two (exactly),
    # which keeps x - mean(x) from overflowing for values near 1e308.
    x = np.ldexp(x, -_exponent(x))
    spread = std(x, ddof=ddof)
    if _is_constant(x):
        raise ValueError(
            "x must not be constant: its standard deviation is 0, "
            "so z-scores are undefined"
        )
    if spread == 0:
        raise ValueError(
            "x must have a spread that floating point can represent: its "
            "standard deviation underflows to 0, so z-scores are undefined"
        )
    return (x - _mean(x)) / spread


def rankdata(x: ArrayLike) -> np.ndarray:
    """Ranks of 1-D data from 1 to n, giving tied values the average of their ranks.

    Parameters
    ----------
    x : array_like, shape (n,)
        Finite values, at least one.

    Returns
    -------
    numpy.ndarray, shape (n,)
        Float ranks: the smallest value has rank 1; a group of ``k`` equal
        values that would occupy ranks ``r + 1, ..., r + k`` all get
        ``r + (k + 1) / 2``. This is :func:`scipy.stats.rankdata` with its
        default ``method="average"``.

    Raises
    ------
    ValueError
        If ``x`` is not 1-D, is empty, or holds NaN or infinity.

    Notes
    -----
    After one stable sort, equal values sit in runs. A run that starts at
    0-based position ``start`` and ends just before ``stop`` covers the
    1-based ranks ``start + 1, ..., stop``, whose average is
    ``(start + 1 + stop) / 2``. Every step is a whole-array operation.

    Examples
    --------
    >>> rankdata([10, 30, 20, 20])
    array([1. , 4. , 2.5, 2.5])
    """
    x = _sample(x, "x")
    n = x.size
    order = np.argsort(x, kind="stable")
    sorted_x = x[order]
    starts_run = np.concatenate(([True], sorted_x[1:] != sorted_x[:-1]))
    run_of = np.cumsum(starts_run) - 1  # which run each sorted value is in
    run_start = np.flatnonzero(starts_run)
    run_stop = np.append(run_start[1:], n)
    average_rank = (run_start + 1 + run_stop) / 2
    ranks = np.empty(n)
    ranks[order] = average_rank[run_of]  # undo the sort
    return ranks


def impute(x: ArrayLike, strategy: str = "median") -> np.ndarray:
    """Replace missing values (NaN) by the median or mean of the observed ones.

    Parameters
    ----------
    x : array_like, shape (n,)
        Data with NaN marking missing values; every other value must be
        finite, and at least one value must be observed.
    strategy : {"median", "mean"}, optional
        The fill value: the median (default, robust to outliers) or the mean
        of the observed values.

    Returns
    -------
    numpy.ndarray, shape (n,)
        A new array, equal to ``x`` except that each NaN is replaced by the
        fill value.

    Raises
    ------
    ValueError
        If ``x`` is not 1-D, is empty, holds an infinite value, or is all
        NaN, or if ``strategy`` is not ``"median"`` or ``"mean"``.

    Notes
    -----
    This is the only function of the module that accepts NaN, because
    marking missing values is its purpose. Filling with one value shrinks
    the spread of the data and weakens correlations; the chapter discusses
    when that matters.

    Examples
    --------
    >>> impute([1.0, np.nan, 3.0, 10.0])
    array([ 1.,  3.,  3., 10.])
    >>> impute([1.0, np.nan, 3.0, 10.0], strategy="mean")
    array([ 1.        ,  4.66666667,  3.        , 10.        ])
    """
    fills = {"median": median, "mean": mean}
    if not isinstance(strategy, str) or strategy not in fills:
        raise ValueError(
            f"strategy must be one of {tuple(fills)}, got {describe(strategy)}"
        )
    x = as_array(x, "x", ndim=1, finite=False)
    if np.isinf(x).any():
        raise ValueError(
            "x must not contain infinite values (NaN marks missing data), "
            f"got {int(np.isinf(x).sum())} infinite value(s)"
        )
    missing = np.isnan(x)
    if missing.all():
        raise ValueError(
            f"x must have at least one observed (non-NaN) value, got {x.size} NaN(s)"
        )
    return np.where(missing, fills[strategy](x[~missing]), x)


# ---------------------------------------------------------------------------
# Correlation
# ---------------------------------------------------------------------------


def pearson(x: ArrayLike, y: ArrayLike) -> float:
    r"""Pearson correlation coefficient of paired 1-D data.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        Paired finite values, at least two pairs; neither may be constant.

    Returns
    -------
    float
        .. math::

            r = \frac{\sum_i (x_i - \bar x)(y_i - \bar y)}
                     {\sqrt{\sum_i (x_i - \bar x)^2}\,\sqrt{\sum_i (y_i - \bar y)^2}}

        in [-1, 1]; rounding can push the quotient a hair past ±1, so it is
        clipped.

    Raises
    ------
    ValueError
        If ``x`` or ``y`` is not 1-D, holds NaN or infinity, has fewer than
        two values, or is constant (the correlation is then 0/0, undefined),
        or if their lengths differ.

    Notes
    -----
    :math:`r` measures how well a straight line fits the points
    :math:`(x_i, y_i)`: :math:`\pm 1` for points exactly on a line with
    positive or negative slope. It is the covariance divided by the product
    of the standard deviations, so it does not change when either variable
    is shifted or rescaled by a positive factor.

    Examples
    --------
    >>> pearson([1, 2, 3, 4], [2, 4, 6, 8])
    1.0
    >>> round(pearson([1, 2, 3, 4], [1, 3, 2, 4]), 4)
    0.8
    """
    x = _sample(x, "x", min_size=2)
    y = _sample(y, "y", min_size=2)
    check_same_shape(x, y, "x", "y")
    for name, values in (("x", x), ("y", y)):
        if _is_constant(values):
            raise ValueError(
                f"{name} must not be constant: the correlation with a constant "
                "is undefined (0/0)"
            )
    # Dividing by a power of two is exact and r does not change: it keeps
    # x - mean(x) from overflowing for values near 1e308.
    x = np.ldexp(x, -_exponent(x))
    y = np.ldexp(y, -_exponent(y))
    dx = x - _mean(x)
    dy = y - _mean(y)
    # r does not change when dx or dy is rescaled. Dividing each by its
    # largest entry keeps the sums of squares between 1 and n, so they can
    # neither overflow nor underflow whatever the units of the data.
    dx = dx / np.max(np.abs(dx))
    dy = dy / np.max(np.abs(dy))
    r = np.sum(dx * dy) / np.sqrt(np.sum(dx * dx) * np.sum(dy * dy))
    return float(np.clip(r, -1.0, 1.0))


def spearman(x: ArrayLike, y: ArrayLike) -> float:
    r"""Spearman rank correlation: the Pearson correlation of the ranks.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        Paired finite values, at least two pairs; neither may be constant.

    Returns
    -------
    float
        :func:`pearson` of ``rankdata(x)`` and ``rankdata(y)``, in [-1, 1].
        Ties get average ranks (:func:`rankdata`), as in
        :func:`scipy.stats.spearmanr`.

    Raises
    ------
    ValueError
        As :func:`pearson`.

    Notes
    -----
    Spearman's :math:`\rho` is 1 whenever ``y`` increases with ``x``, along
    a line or not, and it is robust to outliers because ranks are bounded.

    Examples
    --------
    >>> spearman([1, 2, 3, 4], [1, 8, 27, 64])  # monotone but not linear
    1.0
    """
    x = _sample(x, "x", min_size=2)
    y = _sample(y, "y", min_size=2)
    check_same_shape(x, y, "x", "y")
    return pearson(rankdata(x), rankdata(y))


# ---------------------------------------------------------------------------
# Two-sample tests and effect sizes
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TTestResult:
    """Result of :func:`welch_ttest`.

    Attributes
    ----------
    statistic : float
        The t statistic.
    pvalue : float
        The p-value for the chosen alternative.
    df : float
        The Welch-Satterthwaite degrees of freedom (not an integer in
        general).

    Raises
    ------
    TypeError
        If a field is not a real number.
    ValueError
        If ``statistic`` is not finite (:func:`welch_ttest` refuses a t that
        overflows), ``pvalue`` is outside [0, 1] or ``df`` is not a finite
        number > 0.

    Examples
    --------
    >>> from mathdl.statistics import welch_ttest
    >>> result = welch_ttest([1.0, 2.0, 3.0, 4.0], [3.0, 4.0, 5.0, 6.0, 7.0])
    >>> round(result.statistic, 4), round(result.df, 3), round(result.pvalue, 4)
    (-2.6112, 6.981, 0.0349)
    """

    statistic: float
    pvalue: float
    df: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "statistic", check_scalar(self.statistic, "statistic"))
        object.__setattr__(
            self, "pvalue", check_scalar(self.pvalue, "pvalue", low=0, high=1)
        )
        object.__setattr__(
            self, "df", check_scalar(self.df, "df", low=0, low_inclusive=False)
        )


@dataclass(frozen=True)
class MannWhitneyResult:
    """Result of :func:`mann_whitney_u`.

    Attributes
    ----------
    statistic : float
        The U statistic of the first sample.
    pvalue : float
        The p-value for the chosen alternative.

    Raises
    ------
    TypeError
        If a field is not a real number.
    ValueError
        If ``statistic`` is not a finite number >= 0 (U counts pairs) or
        ``pvalue`` is outside [0, 1].

    Examples
    --------
    >>> from mathdl.statistics import mann_whitney_u
    >>> result = mann_whitney_u([1, 2, 3, 4], [3, 4, 5, 6, 7])
    >>> result.statistic, round(result.pvalue, 4)
    (2.0, 0.0639)
    """

    statistic: float
    pvalue: float

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "statistic", check_scalar(self.statistic, "statistic", low=0)
        )
        object.__setattr__(
            self, "pvalue", check_scalar(self.pvalue, "pvalue", low=0, high=1)
        )


def _welch_parts(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float, int]:
    """Mean difference, its standard error, the Welch degrees of freedom, a scale.

    The difference and the standard error are returned in units of ``2**e``,
    ``e`` the returned scale: dividing by a power of two is exact, leaves t
    and the degrees of freedom unchanged, and keeps the differences and
    squares of values near 1e308 finite. Each variance is first computed on
    its own sample's scale, so a sample of small values next to one of huge
    values keeps its digits.
    """
    if _is_constant(a) and _is_constant(b):
        raise ValueError(
            "a and b must not both be constant: the standard error of the "
            "difference of means is 0, so t is undefined"
        )
    e = _exponent(a, b)
    squared_errors = []  # s^2 / n of each sample, in units of 4**e
    for x in (a, b):
        own = _exponent(x)
        total, _ = _sum_of_squares(np.ldexp(x, -own))
        squared_errors.append(np.ldexp(total / (x.size - 1) / x.size, 2 * (own - e)))
    va, vb = squared_errors
    if va + vb == 0:
        raise ValueError(
            "a and b must have a spread that floating point can represent next "
            "to the size of their values: the standard error of the difference "
            "of means underflows, so t overflows"
        )
    se = np.sqrt(va + vb)
    # Welch-Satterthwaite, (va + vb)^2 / (va^2 / (na - 1) + vb^2 / (nb - 1)),
    # divided through by (va + vb)^2 with w the share of va in va + vb. This
    # form cannot overflow or underflow, and shows that df lies between
    # min(na, nb) - 1 and na + nb - 2.
    w = va / (va + vb)
    df = 1.0 / (w**2 / (a.size - 1) + (1.0 - w) ** 2 / (b.size - 1))
    difference = _mean(np.ldexp(a, -e)) - _mean(np.ldexp(b, -e))
    return difference, float(se), float(df), e


def welch_ttest(
    a: ArrayLike, b: ArrayLike, alternative: str = "two-sided"
) -> TTestResult:
    r"""Welch's t-test for a difference of two means (variances may differ).

    Parameters
    ----------
    a, b : array_like, shape (n_a,) and (n_b,)
        Two independent samples of finite values, at least two values each,
        not both constant.
    alternative : {"two-sided", "less", "greater"}, optional
        The alternative hypothesis: the mean of ``a``'s population differs
        from (default), is less than, or is greater than that of ``b``.

    Returns
    -------
    TTestResult
        ``statistic`` (t), ``pvalue`` and ``df``; the same numbers as
        ``scipy.stats.ttest_ind(a, b, equal_var=False, alternative=...)``.

    Raises
    ------
    ValueError
        If a sample is not 1-D, holds NaN or infinity or has fewer than two
        values, if both samples are constant, or if ``alternative`` is not
        one of the three names.
        If t overflows float64: the difference of means is too large for its standard
        error.

    Notes
    -----
    With sample means :math:`\bar a, \bar b`, sample variances
    :math:`s_a^2, s_b^2` (``ddof=1``) and sizes :math:`n_a, n_b`,

    .. math::

        t = \frac{\bar a - \bar b}{\sqrt{s_a^2/n_a + s_b^2/n_b}}, \qquad
        \nu = \frac{\left(s_a^2/n_a + s_b^2/n_b\right)^2}
                   {\frac{(s_a^2/n_a)^2}{n_a - 1} + \frac{(s_b^2/n_b)^2}{n_b - 1}}.

    Under the null hypothesis of equal means, :math:`t` approximately
    follows Student's t distribution with :math:`\nu` degrees of freedom
    (Welch-Satterthwaite), which lies between :math:`\min(n_a, n_b) - 1` and
    :math:`n_a + n_b - 2`. The p-value is :math:`2 P(T > |t|)`,
    :math:`P(T \le t)` or :math:`P(T \ge t)` for the three alternatives.

    The tail probability is :math:`P(T > |t|) = \tfrac12 I_x(\nu/2, 1/2)`
    with :math:`x = \nu/(\nu + t^2)` and :math:`I` the regularised
    incomplete beta function (:func:`scipy.special.betainc`). It is computed
    directly, not as one minus a probability near 1, so very small p-values
    (1e-30 and below) are accurate.

    Examples
    --------
    >>> a = [5.1, 4.9, 5.6, 5.8, 6.0, 5.4]
    >>> b = [4.2, 4.8, 4.4, 4.9, 4.1]
    >>> result = welch_ttest(a, b)
    >>> round(result.statistic, 3), round(result.df, 2), round(result.pvalue, 4)
    (4.226, 8.98, 0.0022)
    >>> round(welch_ttest(a, b, alternative="greater").pvalue, 4)
    0.0011
    """
    a = _sample(a, "a", min_size=2)
    b = _sample(b, "b", min_size=2)
    alternative = _check_alternative(alternative)
    difference, se, df, _ = _welch_parts(a, b)
    with np.errstate(over="ignore"):
        t = difference / se
    if not np.isfinite(t):
        raise ValueError(
            "the t statistic of a and b overflows: the difference of means is "
            "beyond float64 range in units of its standard error"
        )
    if alternative == "two-sided":
        pvalue = 2.0 * _t_sf(abs(t), df)
    elif alternative == "less":
        pvalue = _t_cdf(t, df)
    else:
        pvalue = _t_sf(t, df)
    return TTestResult(statistic=float(t), pvalue=float(pvalue), df=df)


def mann_whitney_u(
    a: ArrayLike,
    b: ArrayLike,
    alternative: str = "two-sided",
    use_continuity: bool = True,
) -> MannWhitneyResult:
    r"""Mann-Whitney U test (Wilcoxon rank-sum test) with the normal approximation.

    Parameters
    ----------
    a, b : array_like, shape (n_a,) and (n_b,)
        Two independent samples of finite values, at least one value each;
        not every value of the two samples may be equal.
    alternative : {"two-sided", "less", "greater"}, optional
        The alternative hypothesis: values of ``a`` tend to differ from
        (default), to be less than, or to be greater than values of ``b``
        (``a`` is stochastically smaller or larger).
    use_continuity : bool, optional
        Apply the continuity correction of 1/2 (default ``True``).

    Returns
    -------
    MannWhitneyResult
        ``statistic``, the U of ``a``, and ``pvalue``; the same numbers as
        ``scipy.stats.mannwhitneyu(a, b, alternative=..., method="asymptotic",
        use_continuity=...)``.

    Raises
    ------
    ValueError
        If a sample is not 1-D, is empty or holds NaN or infinity, if all
        values are equal, or if ``alternative`` is not one of the three
        names.
    TypeError
        If ``use_continuity`` is not a bool.

    Notes
    -----
    Rank the pooled :math:`n = n_a + n_b` values (ties get average ranks)
    and let :math:`R_a` be the sum of the ranks of ``a``. Then

    .. math::

        U_a = R_a - \frac{n_a (n_a + 1)}{2}, \qquad U_b = n_a n_b - U_a,

    and :math:`U_a` counts the pairs :math:`(a_i, b_j)` with
    :math:`a_i > b_j` (ties count one half). Under the null hypothesis that
    both samples come from the same distribution, :math:`U` has mean
    :math:`\mu = n_a n_b / 2` and, with :math:`t_k` the sizes of the groups of
    tied values, the tie-corrected standard deviation

    .. math::

        \sigma = \sqrt{\frac{n_a n_b}{12}
                 \left(n + 1 - \frac{\sum_k (t_k^3 - t_k)}{n (n - 1)}\right)}.

    This function uses the normal approximation (no exact distribution):
    with :math:`U = U_a` for "greater", :math:`U = U_b` for "less" and
    :math:`U = \max(U_a, U_b)` for "two-sided",

    .. math:: z = \frac{U - \mu - c}{\sigma}, \qquad p = f\,(1 - \Phi(z)),

    where the continuity correction is :math:`c = 1/2` (or 0 when
    ``use_continuity`` is false), :math:`f = 2` for the two-sided test and 1
    otherwise, and :math:`p` is clipped to at most 1. The normal upper tail is
    :func:`scipy.special.ndtr` at :math:`-z`, accurate for tiny p-values.
    The approximation is good for samples of about 8 or more each.

    Examples
    --------
    >>> a = [1.1, 2.3, 2.9, 3.5, 4.0, 4.8, 5.2, 6.1]
    >>> b = [3.9, 5.5, 6.3, 6.8, 7.2, 7.7, 8.1, 9.0]
    >>> result = mann_whitney_u(a, b)
    >>> result.statistic, round(result.pvalue, 4)
    (5.0, 0.0054)
    """
    a = _sample(a, "a")
    b = _sample(b, "b")
    alternative = _check_alternative(alternative)
    if not isinstance(use_continuity, bool | np.bool_):
        raise TypeError(
            f"use_continuity must be a bool, got {describe(use_continuity)}"
        )
    pooled = np.concatenate((a, b))
    if _is_constant(pooled):
        raise ValueError(
            "a and b must not consist of one repeated value: all ranks tie, "
            "the variance of U is 0 and the test is undefined"
        )
    na, nb, n = a.size, b.size, pooled.size
    u_a = np.sum(rankdata(pooled)[:na]) - na * (na + 1) / 2
    u_b = na * nb - u_a
    _, tie_sizes = np.unique(pooled, return_counts=True)
    tie_term = np.sum(tie_sizes**3.0 - tie_sizes)
    sigma = np.sqrt(na * nb / 12 * ((n + 1) - tie_term / (n * (n - 1))))
    u, factor = {
        "greater": (u_a, 1.0),
        "less": (u_b, 1.0),
        "two-sided": (max(u_a, u_b), 2.0),
    }[alternative]
    z = (u - na * nb / 2 - (0.5 if use_continuity else 0.0)) / sigma
    pvalue = min(factor * float(_normal_sf(z)), 1.0)
    return MannWhitneyResult(statistic=float(u_a), pvalue=pvalue)


def cohens_d(a: ArrayLike, b: ArrayLike) -> float:
    r"""Cohen's d: a difference of means in units of the pooled standard deviation.

    Parameters
    ----------
    a, b : array_like, shape (n_a,) and (n_b,)
        Two samples of finite values, at least two values each, not both
        constant.

    Returns
    -------
    float
        .. math::

            d = \frac{\bar a - \bar b}{s_p}, \qquad
            s_p = \sqrt{\frac{(n_a - 1) s_a^2 + (n_b - 1) s_b^2}{n_a + n_b - 2}},

        where :math:`s_a^2, s_b^2` are the sample variances with ``ddof=1``.
        Positive when ``a`` has the larger mean.

    Raises
    ------
    ValueError
        If a sample is not 1-D, holds NaN or infinity or has fewer than two
        values, or if both samples are constant (the pooled standard
        deviation is 0).

    Notes
    -----
    Unlike a p-value, d does not grow with the sample size: it measures how
    large a difference is, not how sure we are that it exists. Cohen's rough
    guide calls 0.2 small, 0.5 medium and 0.8 large.

    Examples
    --------
    >>> cohens_d([2, 4, 6], [1, 3, 5])
    0.5
    """
    a = _sample(a, "a", min_size=2)
    b = _sample(b, "b", min_size=2)
    if _is_constant(a) and _is_constant(b):
        raise ValueError(
            "a and b must not both be constant: the pooled standard deviation "
            "is 0, so d is undefined"
        )
    # d does not change when both samples are divided by one power of two
    # (exactly); that keeps the variances of values near 1e308 finite.
    e = _exponent(a, b)
    a, b = np.ldexp(a, -e), np.ldexp(b, -e)
    na, nb = a.size, b.size
    pooled_variance = (
        (na - 1) * variance(a, ddof=1) + (nb - 1) * variance(b, ddof=1)
    ) / (na + nb - 2)
    if pooled_variance == 0:
        raise ValueError(
            "a and b must have a spread that floating point can represent: "
            "their pooled variance underflows to 0"
        )
    return float((_mean(a) - _mean(b)) / np.sqrt(pooled_variance))


def mean_diff_ci(
    a: ArrayLike, b: ArrayLike, level: float = 0.95
) -> tuple[float, float]:
    r"""Welch confidence interval for the difference of means ``mean(a) - mean(b)``.

    Parameters
    ----------
    a, b : array_like, shape (n_a,) and (n_b,)
        Two independent samples of finite values, at least two values each,
        not both constant.
    level : float, optional
        Confidence level, strictly between 0 and 1 (default 0.95).

    Returns
    -------
    tuple of float
        ``(low, high)``, the same interval as
        ``scipy.stats.ttest_ind(a, b, equal_var=False).confidence_interval(level)``.

    Raises
    ------
    ValueError
        If a sample is not 1-D, holds NaN or infinity or has fewer than two
        values, if both samples are constant, or if ``level`` is not in
        (0, 1).
        If an end of the interval overflows float64.

    Notes
    -----
    With the standard error :math:`\mathrm{SE} = \sqrt{s_a^2/n_a + s_b^2/n_b}`
    and the Welch degrees of freedom :math:`\nu` of :func:`welch_ttest`,

    .. math::

        (\bar a - \bar b) \pm t_{\nu,\,1-\alpha/2}\,\mathrm{SE},
        \qquad \alpha = 1 - \text{level},

    where :math:`t_{\nu,\,1-\alpha/2}` is the point with upper tail
    :math:`\alpha/2` under Student's t. It is found by inverting
    :math:`\alpha = P(|T| > t) = I_x(\nu/2, 1/2)` with
    :func:`scipy.special.betaincinv` and solving :math:`x = \nu/(\nu + t^2)`
    for :math:`t` (for levels below 1/2 the complementary form
    :math:`\text{level} = I_{1-x}(1/2, \nu/2)` is inverted instead). The
    interval excludes 0 exactly when the two-sided Welch test rejects at
    significance :math:`\alpha`.

    Examples
    --------
    >>> a = [5.1, 4.9, 5.6, 5.8, 6.0, 5.4]
    >>> b = [4.2, 4.8, 4.4, 4.9, 4.1]
    >>> low, high = mean_diff_ci(a, b)
    >>> round(low, 3), round(high, 3)
    (0.458, 1.515)
    """
    a = _sample(a, "a", min_size=2)
    b = _sample(b, "b", min_size=2)
    level = _check_level(level)
    difference, se, df, e = _welch_parts(a, b)
    margin = _t_central(level, df) * se
    what = "the confidence interval of mean(a) - mean(b)"
    low = _unscale(difference - margin, e, what)
    return low, _unscale(difference + margin, e, what)


def bootstrap_ci(
    x: ArrayLike,
    statistic: Callable[..., Any],
    level: float = 0.95,
    n_resamples: int = 9999,
    rng: np.random.Generator | int = 0,
) -> tuple[float, float]:
    r"""Percentile bootstrap confidence interval for a statistic of 1-D data.

    Parameters
    ----------
    x : array_like, shape (n,)
        Finite values, at least two.
    statistic : callable
        Called once as ``statistic(resamples, axis=1)`` on an array of shape
        ``(n_resamples, n)``; it must return one value per row, shape
        ``(n_resamples,)``. NumPy reductions such as :func:`numpy.mean`,
        :func:`numpy.median` and :func:`numpy.std` work as they are; wrap
        anything else, e.g. ``lambda s, axis: np.quantile(s, 0.9, axis=axis)``.
    level : float, optional
        Confidence level, strictly between 0 and 1 (default 0.95).
    n_resamples : int, optional
        Number of bootstrap resamples, at least 1 (default 9999).
    rng : numpy.random.Generator or int, optional
        Random generator or seed (default 0). The same seed gives the same
        interval.

    Returns
    -------
    tuple of float
        ``(low, high)``: the :math:`\alpha/2` and :math:`1 - \alpha/2`
        quantiles (linear interpolation, :func:`quantile`) of the
        resampled statistics, :math:`\alpha = 1 - \text{level}`.

    Raises
    ------
    ValueError
        If ``x`` is not 1-D, holds NaN or infinity or has fewer than two
        values, if ``level`` or ``n_resamples`` is out of range, or if
        ``statistic`` returns the wrong shape or non-finite values.
        If ``n_resamples * len(x)`` exceeds ``MAX_RESAMPLED`` (1e8): the memory grows
        with it.
    TypeError
        If ``statistic`` is not callable or does not accept ``axis``, if
        ``n_resamples`` is not an integer, or if ``rng`` is neither a
        generator nor an integer.

    Notes
    -----
    The bootstrap treats the sample as the population: it draws
    ``n_resamples`` samples of size ``n`` from ``x`` with replacement,
    computes the statistic on each, and reads the interval off the
    percentiles of those values. All resamples are drawn at once as an
    ``(n_resamples, n)`` array of indices, so the statistic runs once,
    vectorised along ``axis=1``; memory grows as ``n_resamples * n``
    (9999 resamples of 1000 values take 80 MB of indices).

    The result matches ``scipy.stats.bootstrap(..., method="percentile")``
    up to Monte Carlo error; the two use different random streams.

    Examples
    --------
    >>> x = np.random.default_rng(1).normal(loc=10.0, size=50)
    >>> low, high = bootstrap_ci(x, np.mean, rng=0)
    >>> bool(low < 10.0 < high)
    True
    """
    x = _sample(x, "x", min_size=2)
    statistic = check_callable(statistic, "statistic")
    level = _check_level(level)
    n_resamples = check_integer(n_resamples, "n_resamples", low=1, high=MAX_RESAMPLED)
    generator = check_rng(rng)
    if n_resamples * x.size > MAX_RESAMPLED:
        raise ValueError(
            f"n_resamples * len(x) must be <= {MAX_RESAMPLED} (the memory grows "
            f"with it), got n_resamples={n_resamples} and len(x)={x.size}"
        )
    indices = generator.integers(0, x.size, size=(n_resamples, x.size))
    try:
        with np.errstate(all="ignore"):  # non-finite values are reported below
            values = statistic(x[indices], axis=1)
    except TypeError as exc:
        raise TypeError(
            "statistic must accept an axis keyword, as statistic(samples, axis=1), "
            f"but calling it raised TypeError: {exc}"
        ) from exc
    values = np.asarray(values, dtype=np.float64)
    if values.shape != (n_resamples,):
        raise ValueError(
            f"statistic must return one value per resample, shape ({n_resamples},), "
            f"got shape {values.shape}"
        )
    if not np.all(np.isfinite(values)):
        raise ValueError(
            "statistic returned NaN or infinite values on the resamples of x "
            "(it overflows or is undefined there)"
        )
    alpha = 1.0 - level
    low, high = quantile(values, [alpha / 2, 1 - alpha / 2])
    return float(low), float(high)
