r"""Probability distributions, discrete sampling, probability tables and Bayes.

This module holds the probability that chapters 2 (*Probability*) and 3
(*More probability*) of the book run on:

* nine distributions with one interface (:class:`Distribution`):
  :class:`Bernoulli`, :class:`Binomial`, :class:`Poisson`,
  :class:`Categorical`, :class:`Uniform`, :class:`Normal`,
  :class:`Exponential`, :class:`Gamma` and :class:`Beta`. Each evaluates its
  pmf or pdf, its logarithm and its cdf from the formula (in log space where
  the numbers would otherwise overflow or cancel), reports its mean and
  variance, and samples;
* the multivariate normal distribution (:class:`MultivariateNormal`), with
  the same method names, evaluated and sampled through the Cholesky factor
  of its covariance;
* sampling any finite distribution, by the inverse CDF
  (:func:`sample_discrete`) or by Walker's alias method
  (:class:`AliasSampler`);
* joint, marginal and conditional probability tables (:func:`marginal`,
  :func:`conditional`), Bayes' theorem (:func:`bayes`) and a naive Bayes
  classifier for binary features, computed in log space
  (:class:`BernoulliNaiveBayes`);
* the exact values and simulations chapter 2 checks: the birthday problem
  (:func:`birthday_probability`, :func:`birthday_simulation`), drawing
  without replacement (:func:`prob_no_special`), Monty Hall
  (:func:`monty_hall_simulation`), the sum of dice
  (:func:`dice_sum_distribution`) and the maximum-likelihood coin
  (:func:`bernoulli_mle`).

Special functions (``gammaln``, ``betaln``, ``ndtr``, the regularised
incomplete beta and gamma functions) come from :mod:`scipy.special`;
:mod:`scipy.stats` is only the oracle the tests compare against.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from typing import Any, ClassVar

import numpy as np
import scipy
from numpy.typing import ArrayLike
from scipy import linalg, special

from mathdl._validation import (
    PROB_ATOL,
    as_array,
    as_probability_vector,
    check_consistent_length,
    check_flag,
    check_integer,
    check_positive_definite,
    check_probabilities,
    check_rng,
    check_scalar,
    check_symmetric,
    describe,
)

__all__ = [
    "AliasSampler",
    "Bernoulli",
    "BernoulliNaiveBayes",
    "Beta",
    "Binomial",
    "Categorical",
    "ContinuousDistribution",
    "DiscreteDistribution",
    "Distribution",
    "Exponential",
    "Gamma",
    "MultivariateNormal",
    "Normal",
    "Poisson",
    "Uniform",
    "bayes",
    "bernoulli_mle",
    "birthday_probability",
    "birthday_simulation",
    "conditional",
    "dice_sum_distribution",
    "marginal",
    "monty_hall_simulation",
    "prob_no_special",
    "sample_discrete",
]

_LOG_2PI = math.log(2.0 * math.pi)

Size = int | tuple[int, ...]


# ---------------------------------------------------------------------------
# Small private helpers: argument checks and accurate log-space building blocks
# ---------------------------------------------------------------------------


def _as_points(x: ArrayLike, name: str = "x") -> np.ndarray:
    """Points at which to evaluate a distribution: any shape, no NaN.

    Infinite points are allowed (the cdf is 0 at -inf and 1 at +inf).
    """
    arr = as_array(x, name, finite=False)
    n_nan = int(np.isnan(arr).sum())
    if n_nan:
        raise ValueError(f"{name} must not contain NaN, got {n_nan} NaN value(s)")
    return arr


#: The most values one call may draw (800 MB of float64): the work and the
#: memory grow with the size, so a larger request is refused, not attempted.
MAX_SAMPLES = 10**8


def _check_size(size: Any, name: str = "size") -> tuple[int, ...]:
    """Normalise a sample size (a positive int or a tuple of them) to a tuple."""
    if isinstance(size, tuple):
        if not size:
            raise ValueError(f"{name} must be a positive integer or a non-empty tuple")
        shape = tuple(check_integer(s, name, low=1, high=MAX_SAMPLES) for s in size)
    else:
        shape = (check_integer(size, name, low=1, high=MAX_SAMPLES),)
    if math.prod(shape) > MAX_SAMPLES:
        raise ValueError(
            f"{name} must ask for at most {MAX_SAMPLES} values, "
            f"got {size!r} ({math.prod(shape)} values)"
        )
    return shape


def _finite_moment(value: float, what: str, dist: Distribution) -> float:
    """Return ``value``, or raise if the moment overflowed to infinity."""
    if not math.isfinite(value):
        raise ValueError(
            f"the {what} of {dist!r} overflows: it is beyond the largest "
            f"float64, {np.finfo(np.float64).max:.6g}"
        )
    return value


def _finite_values(values: np.ndarray, what: str, dist: Any) -> np.ndarray:
    """Return ``values``, or raise if one is NaN or infinite.

    Used where finite parameters and points must give finite results; a
    non-finite one means the parameters are beyond the range where the
    computation (SciPy's special functions, a float64 product) holds.
    """
    if not np.isfinite(values).all():
        raise ValueError(
            f"the {what} of {dist!r} cannot be represented in float64 "
            "(it overflows or is undefined): the parameters are too extreme"
        )
    return values


def _as_integer_array(x: ArrayLike, name: str, *, low: int = 0) -> np.ndarray:
    """An integer (or array of integers) that is at least ``low``."""
    arr = as_array(x, name, dtype=None)
    if arr.dtype == np.bool_ or not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(
            f"{name} must be an integer or an array of integers, got {describe(x)}"
        )
    if (arr < low).any():
        raise ValueError(f"{name} must be >= {low}, got a minimum of {arr.min()}")
    return arr


def _log(x: ArrayLike) -> np.ndarray:
    """Natural logarithm with ``log(0) = -inf`` and no divide-by-zero warning."""
    with np.errstate(divide="ignore"):
        return np.log(x)


def _stirlerr(n: np.ndarray) -> np.ndarray:
    r"""Error of Stirling's formula, :math:`\log n! - \log(\sqrt{2\pi n}(n/e)^n)`.

    For ``n > 15`` the asymptotic series
    :math:`\frac{1}{12n} - \frac{1}{360n^3} + \frac{1}{1260n^5} - \dots`
    (five terms; the first one left out is below ``3e-16`` there); for
    ``0 < n <= 15`` the definition with ``gammaln``, whose terms are still
    small enough for an absolute error of about ``1e-14``.
    """
    n = np.asarray(n, dtype=np.float64)
    out = np.empty_like(n)
    small = n <= 15
    ns = n[small]
    out[small] = special.gammaln(ns + 1) - (ns + 0.5) * np.log(ns) + ns - _LOG_2PI / 2
    t = 1.0 / n[~small]  # 1/n, so that large n cannot overflow n*n
    t2 = t * t
    s0, s1, s2, s3, s4 = 1 / 12, 1 / 360, 1 / 1260, 1 / 1680, 1 / 1188
    out[~small] = (s0 - (s1 - (s2 - (s3 - s4 * t2) * t2) * t2) * t2) * t
    return out


def _bd0(x: np.ndarray, m: np.ndarray, diff: np.ndarray | None = None) -> np.ndarray:
    r"""The deviance term :math:`x\log(x/m) + m - x` for ``x > 0``, ``m > 0``.

    It is zero at ``x = m``, where the direct formula cancels badly. For
    :math:`|x - m| < 0.1(x + m)` Loader's series is used instead: with
    :math:`v = (x - m)/(x + m)`,

    .. math:: x\log\frac{x}{m} + m - x = (x - m)v
              + 2x\sum_{j\ge 1}\frac{v^{2j+1}}{2j+1}.

    The series needs :math:`x - m` accurately; a caller that can form it
    without cancellation passes it as ``diff``.
    """
    x, m = np.broadcast_arrays(np.asarray(x, float), np.asarray(m, float))
    diff = x - m if diff is None else np.broadcast_to(diff, x.shape)
    out = np.empty(x.shape)
    near = np.abs(diff) < 0.1 * (x + m)
    # Far from x = m: the direct formula. x/m may over- or underflow, in which
    # case log(x) - log(m) is used; an infinite result is the right limit.
    xf, mf = x[~near], m[~near]
    with np.errstate(over="ignore", under="ignore"):
        ratio = xf / mf
        ok = (ratio > 0) & np.isfinite(ratio)
        log_ratio = np.where(ok, np.log(np.where(ok, ratio, 1.0)), 0.0)
        log_ratio[~ok] = np.log(xf[~ok]) - np.log(mf[~ok])
        out[~near] = xf * log_ratio + mf - xf
    # Near x = m: the series, summed until no term changes any element.
    xn, dn = x[near], diff[near]
    v = dn / (xn + m[near])
    s = dn * v
    term = 2.0 * xn * v
    v2 = v * v
    for j in range(1, 1000):
        term = term * v2
        s_next = s + term / (2 * j + 1)
        if np.array_equal(s_next, s):
            break
        s = s_next
    out[near] = s
    return out


def _log_binomial_raw(x: np.ndarray, y: np.ndarray, p: np.ndarray) -> np.ndarray:
    r"""Log of :math:`\binom{x+y}{x}p^x (1-p)^y` for real ``x, y >= 0``, ``0 < p < 1``.

    Catherine Loader's saddle-point form (the one R's ``dbinom`` uses), with
    :math:`n = x + y` trials, :math:`x` successes, :math:`y` failures and
    :math:`q = 1 - p`:

    .. math:: \log f = \delta(n) - \delta(x) - \delta(y)
              - \mathrm{bd}_0(x, np) - \mathrm{bd}_0(y, nq)
              - \tfrac12\log\frac{2\pi xy}{n}

    with :math:`\delta` = :func:`_stirlerr` and :math:`\mathrm{bd}_0` =
    :func:`_bd0`. Unlike ``gammaln(n+1) - gammaln(x+1) - gammaln(y+1)``, no
    two large terms cancel, so the result keeps full relative accuracy for
    ``n`` in the millions. Both deviance terms get their ``x - m`` from
    :math:`x - np = nq - y`, formed with the smaller of :math:`p` and
    :math:`q` (the rounding of ``1 - p`` would otherwise be multiplied by
    ``n``).
    """
    x, y, p = np.broadcast_arrays(
        np.asarray(x, float), np.asarray(y, float), np.asarray(p, float)
    )
    out = np.empty(x.shape)
    zero, full = x == 0, y == 0
    out[zero] = y[zero] * np.log1p(-p[zero])
    out[full] = x[full] * np.log(p[full])
    inner = ~(zero | full)
    if not inner.any():
        return out
    x, y, p = x[inner], y[inner], p[inner]
    n, q = x + y, 1.0 - p
    diff = np.where(p <= 0.5, x - n * p, n * q - y)  # x - np, accurately
    with np.errstate(over="ignore"):
        lc = (
            _stirlerr(n)
            - _stirlerr(x)
            - _stirlerr(y)
            - _bd0(x, n * p, diff)
            - _bd0(y, n * q, -diff)
        )
    out[inner] = lc - 0.5 * (_LOG_2PI + np.log(x) + np.log(y / n))
    return out


def _betaln(a: float, b: float) -> float:
    r"""Log of the beta function, accurate when one argument is large.

    For :math:`q = \max(a, b) \ge 10` and :math:`p = \min(a, b)`, Stirling's
    formula for :math:`\Gamma(q)` and :math:`\Gamma(p+q)` lets their large
    parts cancel on paper rather than in floating point (as R's ``lbeta``
    does):

    .. math:: \log B(p, q) = \log\Gamma(p) + \delta(q) - \delta(p+q) + p
              - p\log(p+q) + (q - \tfrac12)\log\left(1 - \frac{p}{p+q}\right).

    Otherwise ``scipy.special.betaln``. Accurate to rounding for small
    :math:`p`; for large :math:`p`, ``gammaln(p)`` and :math:`p\log(p+q)`
    cancel, so the beta density uses it there only where other terms
    dominate.
    """
    p, q = min(a, b), max(a, b)
    if q < 10:
        return float(special.betaln(p, q))
    s = p + q
    corr = float(_stirlerr(np.array(q)) - _stirlerr(np.array(s)))
    return (
        float(special.gammaln(p))
        + corr
        + p
        - p * math.log(s)
        + (q - 0.5) * math.log1p(-p / s)
    )


def _log_poisson_raw(x: np.ndarray, lam: np.ndarray) -> np.ndarray:
    r"""Log of :math:`\lambda^x e^{-\lambda}/\Gamma(x+1)` for real ``x >= 0``.

    Loader's form :math:`-\delta(x) - \mathrm{bd}_0(x, \lambda)
    - \tfrac12\log(2\pi x)`, accurate for large ``x`` and ``lambda``.
    """
    x, lam = np.broadcast_arrays(np.asarray(x, float), np.asarray(lam, float))
    out = np.full(x.shape, -np.inf)
    degenerate = lam == 0
    out[degenerate & (x == 0)] = 0.0
    first = (x == 0) & ~degenerate
    out[first] = -lam[first]
    inner = (x > 0) & (lam > 0) & np.isfinite(lam)
    xi, li = x[inner], lam[inner]
    with np.errstate(over="ignore"):
        out[inner] = -_stirlerr(xi) - _bd0(xi, li) - 0.5 * (_LOG_2PI + np.log(xi))
    return out


# ---------------------------------------------------------------------------
# The shared interface
# ---------------------------------------------------------------------------


class Distribution(ABC):
    r"""The interface every distribution in this module shares.

    Chapters loop over distributions through this interface, for example to
    draw each one's density next to a histogram of its samples. Discrete
    distributions (:class:`DiscreteDistribution`) add the names ``pmf`` and
    ``logpmf``, continuous ones (:class:`ContinuousDistribution`) ``pdf``
    and ``logpdf``; :meth:`density` and :meth:`log_density` are the same
    functions under one name for both kinds.

    Like SciPy's frozen distributions, :meth:`mean`, :meth:`var` and
    :meth:`std` are *methods* (call them: ``d.mean()``), while
    :attr:`support` is a property.

    Notes
    -----
    Every evaluating method accepts ``x`` of any shape and returns an array
    of the same shape (a NumPy scalar for scalar ``x``). Outside the support
    (and, for discrete distributions, at non-integer ``x``) the density is 0
    and its logarithm ``-inf``, without warnings. Infinite ``x`` is allowed;
    NaN is not.

    Examples
    --------
    >>> from mathdl.probability import Normal, Poisson
    >>> for d in [Normal(0.0, 2.0), Poisson(3.0)]:
    ...     print(type(d).__name__, d.discrete, d.mean(), d.var())
    Normal False 0.0 4.0
    Poisson True 3.0 3.0
    """

    #: ``True`` for distributions on the integers (with a pmf).
    discrete: ClassVar[bool]
    _param_names: ClassVar[tuple[str, ...]]

    @property
    @abstractmethod
    def support(self) -> tuple[float, float]:
        """The smallest closed interval ``(low, high)`` holding all the mass.

        Examples
        --------
        >>> Binomial(5, 0.5).support, Exponential(1.0).support
        ((0.0, 5.0), (0.0, inf))
        """

    @abstractmethod
    def _log_density_inside(self, x: np.ndarray) -> np.ndarray:
        """Log density at points ``x`` inside the support (integers if discrete)."""

    @abstractmethod
    def _cdf_inside(self, x: np.ndarray) -> np.ndarray:
        """The cdf at points with ``low <= x < high`` (floored if discrete)."""

    @abstractmethod
    def mean(self) -> float:
        """Return the mean :math:`E[X]`.

        Returns
        -------
        float

        Examples
        --------
        >>> Poisson(3.0).mean()
        3.0
        """

    @abstractmethod
    def var(self) -> float:
        """Return the variance :math:`E[(X - E[X])^2]`.

        Returns
        -------
        float

        Examples
        --------
        >>> Normal(0.0, 2.0).var()
        4.0
        """

    @abstractmethod
    def sample(self, size: Size, rng: np.random.Generator | int) -> np.ndarray:
        """Draw independent samples.

        Parameters
        ----------
        size : int or tuple of int
            Output shape; every entry positive.
        rng : numpy.random.Generator or int
            Random generator (its state advances) or seed.

        Returns
        -------
        numpy.ndarray
            Shape ``size``; int64 for discrete distributions, float64 else.

        Raises
        ------
        ValueError
            If ``size`` is not positive.
            If ``size`` asks for more than ``MAX_SAMPLES`` (1e8) values, or the samples
            overflow float64.
        TypeError
            If ``size`` is not an integer (tuple) or ``rng`` is neither a
            generator nor an integer seed.

        Examples
        --------
        >>> Poisson(3.0).sample((2, 3), rng=0).shape
        (2, 3)
        """

    def std(self) -> float:
        """Return the standard deviation, the square root of :meth:`var`.

        Returns
        -------
        float

        Examples
        --------
        >>> Normal(0.0, 2.0).std()
        2.0
        """
        return math.sqrt(self.var())

    def log_density(self, x: ArrayLike) -> np.ndarray:
        """Evaluate the logarithm of the pmf (discrete) or pdf (continuous).

        Parameters
        ----------
        x : array_like
            Points, any shape; no NaN.

        Returns
        -------
        numpy.ndarray
            Same shape as ``x``; ``-inf`` outside the support.

        Raises
        ------
        ValueError
            If ``x`` is empty or contains NaN.
            If the parameters are so extreme that the density cannot be computed (say
            ``Beta`` with ``a + b`` beyond 1.8e308).
        TypeError
            If ``x`` is not numeric.

        Examples
        --------
        >>> Poisson(2.0).log_density([0, 1, 0.5, -1]).round(4)  # -2, log(2) - 2
        array([-2.    , -1.3069,    -inf,    -inf])
        """
        x = _as_points(x)
        low, high = self.support
        inside = np.isfinite(x) & (x >= low) & (x <= high)
        if self.discrete:
            inside &= x == np.floor(x)
        out = np.full(x.shape, -np.inf)
        with np.errstate(over="ignore", invalid="ignore"):
            values = self._log_density_inside(x[inside])
        if np.isnan(values).any():
            _finite_values(values, "log density", self)
        out[inside] = values
        return out[()]

    def density(self, x: ArrayLike) -> np.ndarray:
        """Evaluate the pmf (discrete) or pdf (continuous).

        Parameters
        ----------
        x : array_like
            Points, any shape; no NaN.

        Returns
        -------
        numpy.ndarray
            Same shape as ``x``; 0 outside the support.

        Raises
        ------
        ValueError
            If ``x`` is empty or contains NaN.
        TypeError
            If ``x`` is not numeric.

        Examples
        --------
        >>> for d in [Bernoulli(0.25), Uniform(0.0, 2.0)]:
        ...     print(type(d).__name__, d.density([0.0, 1.0]))
        Bernoulli [0.75 0.25]
        Uniform [0.5 0.5]
        """
        return np.exp(self.log_density(x))

    def cdf(self, x: ArrayLike) -> np.ndarray:
        r"""Evaluate the cumulative distribution function :math:`P(X \le x)`.

        Parameters
        ----------
        x : array_like
            Points, any shape; no NaN (infinities allowed).

        Returns
        -------
        numpy.ndarray
            Same shape as ``x``, values in [0, 1].

        Raises
        ------
        ValueError
            If ``x`` is empty or contains NaN.
            If the parameters are so extreme that the cdf is undefined in float64
            (SciPy's special functions return NaN there).
        TypeError
            If ``x`` is not numeric.

        Examples
        --------
        >>> Binomial(2, 0.5).cdf([[-1, 0], [1.5, np.inf]])
        array([[0.  , 0.25],
               [0.75, 1.  ]])
        """
        x = _as_points(x)
        low, high = self.support
        out = np.where(x < low, 0.0, 1.0)
        middle = (x >= low) & (x < high)
        points = x[middle]
        if self.discrete:
            points = np.floor(points)
        values = self._cdf_inside(points)
        if np.isnan(values).any():
            _finite_values(values, "cdf", self)
        out[middle] = values
        return out[()]

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={getattr(self, k)!r}" for k in self._param_names)
        return f"{type(self).__name__}({args})"


class DiscreteDistribution(Distribution):
    """A distribution on the integers; adds :meth:`pmf` and :meth:`logpmf`.

    Examples
    --------
    >>> from mathdl.probability import Binomial, DiscreteDistribution
    >>> d = Binomial(2, 0.5)
    >>> isinstance(d, DiscreteDistribution), d.pmf([0, 1, 2])
    (True, array([0.25, 0.5 , 0.25]))
    """

    discrete = True

    def pmf(self, x: ArrayLike) -> np.ndarray:
        """Evaluate the probability mass function :math:`P(X = x)`.

        Parameters
        ----------
        x : array_like
            Points, any shape; no NaN. Non-integer points have probability 0.

        Returns
        -------
        numpy.ndarray
            Same shape as ``x``.

        Raises
        ------
        ValueError
            If ``x`` is empty or contains NaN.
        TypeError
            If ``x`` is not numeric.

        Examples
        --------
        >>> Binomial(2, 0.5).pmf([0, 1, 1.5, 2])
        array([0.25, 0.5 , 0.  , 0.25])
        """
        return self.density(x)

    def logpmf(self, x: ArrayLike) -> np.ndarray:
        """Evaluate the log of the pmf, computed in log space (``-inf`` for 0).

        Parameters
        ----------
        x : array_like
            Points, any shape; no NaN.

        Returns
        -------
        numpy.ndarray
            Same shape as ``x``.

        Raises
        ------
        ValueError
            If ``x`` is empty or contains NaN.
        TypeError
            If ``x`` is not numeric.

        Examples
        --------
        >>> round(float(Binomial(10**6, 0.5).logpmf(0)), 2)  # pmf 2**-1e6 underflows
        -693147.18
        """
        return self.log_density(x)


class ContinuousDistribution(Distribution):
    """A distribution with a density; adds :meth:`pdf` and :meth:`logpdf`.

    Examples
    --------
    >>> from mathdl.probability import ContinuousDistribution, Uniform
    >>> d = Uniform(0.0, 4.0)
    >>> isinstance(d, ContinuousDistribution), d.pdf([1.0, 5.0])
    (True, array([0.25, 0.  ]))
    """

    discrete = False

    def pdf(self, x: ArrayLike) -> np.ndarray:
        """Evaluate the probability density function.

        Parameters
        ----------
        x : array_like
            Points, any shape; no NaN.

        Returns
        -------
        numpy.ndarray
            Same shape as ``x``; 0 outside the support.

        Raises
        ------
        ValueError
            If ``x`` is empty or contains NaN.
        TypeError
            If ``x`` is not numeric.

        Examples
        --------
        >>> Uniform(0.0, 4.0).pdf([-1.0, 2.0])
        array([0.  , 0.25])
        """
        return self.density(x)

    def logpdf(self, x: ArrayLike) -> np.ndarray:
        """Evaluate the log of the pdf, computed in log space (``-inf`` for 0).

        Parameters
        ----------
        x : array_like
            Points, any shape; no NaN.

        Returns
        -------
        numpy.ndarray
            Same shape as ``x``.

        Raises
        ------
        ValueError
            If ``x`` is empty or contains NaN.
        TypeError
            If ``x`` is not numeric.

        Examples
        --------
        >>> Exponential(1.0).logpdf([-1.0, 0.0, 3.0])
        array([-inf,   0.,  -3.])
        """
        return self.log_density(x)


# ---------------------------------------------------------------------------
# Discrete distributions
# ---------------------------------------------------------------------------


class Bernoulli(DiscreteDistribution):
    r"""A single trial that succeeds (1) with probability ``p``.

    Parameters
    ----------
    p : float
        Success probability, in [0, 1].

    Raises
    ------
    TypeError
        If ``p`` is not a real number.
    ValueError
        If ``p`` is outside [0, 1] or not finite.

    Notes
    -----
    .. math:: P(X = 1) = p, \quad P(X = 0) = 1 - p, \quad
              E[X] = p, \quad \operatorname{Var}[X] = p(1 - p).

    :meth:`sample` sets :math:`X = 1` when a uniform :math:`U \in [0, 1)` is
    below :math:`p`, which happens with probability :math:`p`.

    Examples
    --------
    >>> coin = Bernoulli(0.3)
    >>> coin.pmf([0, 1, 2])
    array([0.7, 0.3, 0. ])
    >>> coin.mean(), round(coin.var(), 2)
    (0.3, 0.21)
    >>> coin.sample(10, rng=0)
    array([0, 1, 1, 1, 0, 0, 0, 0, 0, 0])
    """

    _param_names = ("p",)

    def __init__(self, p: float) -> None:
        self.p = check_scalar(p, "p", low=0, high=1)

    @property
    def support(self) -> tuple[float, float]:
        """``(0, 1)``."""
        return (0.0, 1.0)

    def _log_density_inside(self, x: np.ndarray) -> np.ndarray:
        # log1p(-p) keeps log(1 - p) accurate when p is tiny.
        log_q = np.log1p(-self.p) if self.p < 1 else -np.inf
        return np.where(x == 1, _log(self.p), log_q)

    def _cdf_inside(self, x: np.ndarray) -> np.ndarray:
        return np.full(x.shape, 1.0 - self.p)

    def mean(self) -> float:
        """Return the mean, :math:`p`."""
        return self.p

    def var(self) -> float:
        """Return the variance, :math:`p(1 - p)`."""
        return self.p * (1.0 - self.p)

    def sample(self, size: Size, rng: np.random.Generator | int) -> np.ndarray:
        """Draw samples: ``1`` where a uniform draw is below ``p``.

        Parameters
        ----------
        size : int or tuple of int
            Output shape.
        rng : numpy.random.Generator or int
            Random generator or seed.

        Returns
        -------
        numpy.ndarray of int64

        Raises
        ------
        ValueError
            If ``size`` is not positive.
        TypeError
            If ``size`` is not an integer (tuple) or ``rng`` is neither a
            generator nor an integer seed.

        Examples
        --------
        >>> x = Bernoulli(0.3).sample(100_000, rng=0)
        >>> round(float(x.mean()), 2), round(float(x.var()), 2)
        (0.3, 0.21)
        """
        shape, generator = _check_size(size), check_rng(rng)
        return (generator.random(shape) < self.p).astype(np.int64)


class Binomial(DiscreteDistribution):
    r"""The number of successes in ``n`` independent trials of probability ``p``.

    Parameters
    ----------
    n : int
        Number of trials, ``>= 0``.
    p : float
        Success probability of each trial, in [0, 1].

    Raises
    ------
    TypeError
        If ``n`` is not an integer or ``p`` not a real number.
    ValueError
        If ``n < 0`` or ``p`` is outside [0, 1].
        If ``n`` exceeds the largest int64 (NumPy's sampler takes a C long).

    Notes
    -----
    .. math:: P(X = k) = \binom{n}{k} p^k (1-p)^{n-k}, \quad
              E[X] = np, \quad \operatorname{Var}[X] = np(1-p).

    The pmf is computed in log space with Loader's saddle-point formula
    (see ``_log_binomial_raw`` in the source), which stays accurate to
    about 1e-13 relative for ``n`` in the millions, where the textbook
    ``gammaln(n+1) - gammaln(k+1) - gammaln(n-k+1)`` loses about seven digits to
    cancellation. The cdf is :math:`P(X \le k) = 1 - I_p(k+1, n-k)` with
    the regularised incomplete beta function :math:`I`.

    :meth:`sample` uses ``Generator.binomial`` (inversion for small
    :math:`np`, the BTPE rejection algorithm otherwise); a sum of ``n``
    Bernoulli draws has the same distribution but costs ``n`` times more.

    Examples
    --------
    >>> b = Binomial(4, 0.5)
    >>> b.pmf([0, 1, 2, 3, 4]) * 16
    array([1., 4., 6., 4., 1.])
    >>> float(b.cdf(1.5)) * 16
    5.0
    >>> b.mean(), b.var()
    (2.0, 1.0)
    """

    _param_names = ("n", "p")

    def __init__(self, n: int, p: float) -> None:
        # NumPy's sampler takes n as a C long (int64).
        self.n = check_integer(n, "n", low=0, high=np.iinfo(np.int64).max)
        self.p = check_scalar(p, "p", low=0, high=1)

    @property
    def support(self) -> tuple[float, float]:
        """``(0, n)``."""
        return (0.0, float(self.n))

    def _log_density_inside(self, k: np.ndarray) -> np.ndarray:
        n, p = self.n, self.p
        if p == 0 or p == 1:  # all the mass on k = 0 or on k = n
            return np.where(k == (0 if p == 0 else n), 0.0, -np.inf)
        return _log_binomial_raw(k, n - k, p)

    def _cdf_inside(self, k: np.ndarray) -> np.ndarray:
        return special.betaincc(k + 1, self.n - k, self.p)

    def mean(self) -> float:
        """Return the mean, :math:`np`."""
        return self.n * self.p

    def var(self) -> float:
        """Return the variance, :math:`np(1-p)`."""
        return self.n * self.p * (1.0 - self.p)

    def sample(self, size: Size, rng: np.random.Generator | int) -> np.ndarray:
        """Draw samples with ``Generator.binomial``.

        Parameters
        ----------
        size : int or tuple of int
            Output shape.
        rng : numpy.random.Generator or int
            Random generator or seed.

        Returns
        -------
        numpy.ndarray of int64

        Raises
        ------
        ValueError
            If ``size`` is not positive.
        TypeError
            If ``size`` is not an integer (tuple) or ``rng`` is neither a
            generator nor an integer seed.

        Examples
        --------
        >>> x = Binomial(10, 0.3).sample(100_000, rng=0)
        >>> round(float(x.mean()), 1), round(float(x.var()), 1)
        (3.0, 2.1)
        """
        shape, generator = _check_size(size), check_rng(rng)
        return generator.binomial(self.n, self.p, shape).astype(np.int64)


#: The largest ``lam`` that ``numpy.random.Generator.poisson`` accepts, rounded down.
_MAX_POISSON_LAM = 9.2e18


class Poisson(DiscreteDistribution):
    r"""The number of events of a process with rate ``lam`` in unit time.

    Parameters
    ----------
    lam : float
        The mean, in ``[0, 1e300]`` (``lam = 0`` puts all the mass on 0).

    Raises
    ------
    TypeError
        If ``lam`` is not a real number.
    ValueError
        If ``lam`` is outside ``[0, 1e300]``.

    Notes
    -----
    .. math:: P(X = k) = \frac{\lambda^k e^{-\lambda}}{k!}, \quad
              E[X] = \operatorname{Var}[X] = \lambda.

    The pmf is computed in log space with Loader's formula
    :math:`-\delta(k) - (k\log(k/\lambda) + \lambda - k) - \tfrac12
    \log(2\pi k)`, where :math:`\delta(k) = \log k! - \log(\sqrt{2\pi k}
    (k/e)^k)`; it is accurate for large ``k`` and ``lam``, unlike
    ``k log(lam) - lam - gammaln(k+1)``. The cdf is the regularised upper
    incomplete gamma function :math:`Q(k+1, \lambda)`.

    :meth:`sample` uses ``Generator.poisson`` (multiplying uniforms until
    the product drops below :math:`e^{-\lambda}` for small ``lam``,
    Hörmann's PTRS rejection method for ``lam >= 10``).

    Examples
    --------
    >>> d = Poisson(2.0)
    >>> d.pmf([0, 1, 2]).round(4)  # e^-2 * (1, 2, 2)
    array([0.1353, 0.2707, 0.2707])
    >>> d.mean(), d.var()
    (2.0, 2.0)
    """

    _param_names = ("lam",)

    def __init__(self, lam: float) -> None:
        self.lam = check_scalar(lam, "lam", low=0, high=1e300)

    @property
    def support(self) -> tuple[float, float]:
        """``(0, inf)``."""
        return (0.0, np.inf)

    def _log_density_inside(self, k: np.ndarray) -> np.ndarray:
        return _log_poisson_raw(k, self.lam)

    def _cdf_inside(self, k: np.ndarray) -> np.ndarray:
        # scipy's gammaincc returns NaN near the float maximum; for
        # lam <= 1e300 the cdf is 1 to double precision long before 1e305.
        return special.gammaincc(np.minimum(k, 1e305) + 1, self.lam)

    def mean(self) -> float:
        r"""Return the mean, :math:`\lambda`."""
        return self.lam

    def var(self) -> float:
        r"""Return the variance, :math:`\lambda`."""
        return self.lam

    def sample(self, size: Size, rng: np.random.Generator | int) -> np.ndarray:
        """Draw samples with ``Generator.poisson``.

        Parameters
        ----------
        size : int or tuple of int
            Output shape.
        rng : numpy.random.Generator or int
            Random generator or seed.

        Returns
        -------
        numpy.ndarray of int64

        Raises
        ------
        ValueError
            If ``size`` is not positive.
            If ``lam`` exceeds 9.2e18, the largest NumPy's sampler accepts.
        TypeError
            If ``size`` is not an integer (tuple) or ``rng`` is neither a
            generator nor an integer seed.

        Examples
        --------
        >>> x = Poisson(4.0).sample(100_000, rng=0)
        >>> round(float(x.mean()), 1), round(float(x.var()), 1)
        (4.0, 4.0)
        """
        shape, generator = _check_size(size), check_rng(rng)
        if self.lam > _MAX_POISSON_LAM:
            raise ValueError(
                f"sample needs lam <= {_MAX_POISSON_LAM:g} (NumPy's Poisson "
                f"sampler), got lam={self.lam!r}"
            )
        return generator.poisson(self.lam, shape).astype(np.int64)


class Categorical(DiscreteDistribution):
    r"""A distribution on ``0, 1, ..., K-1`` with probabilities ``p``.

    Parameters
    ----------
    p : array_like, shape (K,)
        A probability vector: non-negative, summing to 1 (within 1e-8; it
        is then rescaled to sum to 1 exactly up to rounding).

    Raises
    ------
    ValueError
        If ``p`` is not a non-empty 1-D probability vector.

    Notes
    -----
    .. math:: P(X = k) = p_k, \quad E[X] = \sum_k k p_k, \quad
              \operatorname{Var}[X] = \sum_k (k - E[X])^2 p_k.

    :meth:`sample` is :func:`sample_discrete` (the inverse CDF).

    Examples
    --------
    >>> die = Categorical([0.5, 0.25, 0.25])
    >>> die.pmf([0, 1, 2, 3])
    array([0.5 , 0.25, 0.25, 0.  ])
    >>> die.cdf([0, 1, 2])
    array([0.5 , 0.75, 1.  ])
    >>> die.mean(), die.var()
    (0.75, 0.6875)
    """

    _param_names = ("p",)

    def __init__(self, p: ArrayLike) -> None:
        p = as_probability_vector(p, "p")
        self.p = p / p.sum()
        self._cumulative = np.minimum(np.cumsum(self.p), 1.0)

    @property
    def support(self) -> tuple[float, float]:
        """``(0, K - 1)``."""
        return (0.0, float(len(self.p) - 1))

    def _log_density_inside(self, k: np.ndarray) -> np.ndarray:
        return _log(self.p[k.astype(np.intp)])

    def _cdf_inside(self, k: np.ndarray) -> np.ndarray:
        return self._cumulative[k.astype(np.intp)]

    def mean(self) -> float:
        r"""Return the mean, :math:`\sum_k k p_k`."""
        return float(np.arange(len(self.p)) @ self.p)

    def var(self) -> float:
        r"""Return the variance, :math:`\sum_k (k - E[X])^2 p_k`."""
        return float((np.arange(len(self.p)) - self.mean()) ** 2 @ self.p)

    def sample(self, size: Size, rng: np.random.Generator | int) -> np.ndarray:
        """Draw samples by the inverse CDF (:func:`sample_discrete`).

        Parameters
        ----------
        size : int or tuple of int
            Output shape.
        rng : numpy.random.Generator or int
            Random generator or seed.

        Returns
        -------
        numpy.ndarray of int64

        Raises
        ------
        ValueError
            If ``size`` is not positive.
        TypeError
            If ``size`` is not an integer (tuple) or ``rng`` is neither a
            generator nor an integer seed.

        Examples
        --------
        >>> x = Categorical([0.5, 0.25, 0.25]).sample(100_000, rng=0)
        >>> round(float(x.mean()), 2), round(float(x.var()), 2)
        (0.75, 0.69)
        """
        return sample_discrete(self.p, size, rng)


# ---------------------------------------------------------------------------
# Continuous distributions
# ---------------------------------------------------------------------------


class Uniform(ContinuousDistribution):
    r"""The uniform distribution on the interval ``[a, b]``.

    Parameters
    ----------
    a, b : float
        The ends of the interval, ``a < b``.

    Raises
    ------
    TypeError
        If ``a`` or ``b`` is not a real number.
    ValueError
        If ``a >= b``, or either is not finite.

    Notes
    -----
    .. math:: f(x) = \frac{1}{b - a} \text{ on } [a, b], \quad
              F(x) = \frac{x - a}{b - a}, \quad
              E[X] = \frac{a + b}{2}, \quad
              \operatorname{Var}[X] = \frac{(b - a)^2}{12}.

    :meth:`sample` maps a standard uniform :math:`U` to :math:`a + (b-a)U`,
    the inverse of :math:`F`.

    Examples
    --------
    >>> u = Uniform(2.0, 6.0)
    >>> u.pdf([1.0, 3.0, 6.0])
    array([0.  , 0.25, 0.25])
    >>> u.cdf([1.0, 3.0, 7.0])
    array([0.  , 0.25, 1.  ])
    >>> u.mean(), round(u.var(), 4)
    (4.0, 1.3333)
    """

    _param_names = ("a", "b")

    def __init__(self, a: float, b: float) -> None:
        self.a = check_scalar(a, "a")
        self.b = check_scalar(b, "b")
        if not self.b > self.a:
            raise ValueError(f"b must be greater than a, got a={a!r} and b={b!r}")
        if not math.isfinite(self.b - self.a):
            raise ValueError(f"b - a must be finite, got a={a!r} and b={b!r}")

    @property
    def support(self) -> tuple[float, float]:
        """``(a, b)``."""
        return (self.a, self.b)

    def _log_density_inside(self, x: np.ndarray) -> np.ndarray:
        return np.full(x.shape, -math.log(self.b - self.a))

    def _cdf_inside(self, x: np.ndarray) -> np.ndarray:
        return (x - self.a) / (self.b - self.a)

    def mean(self) -> float:
        """Return the mean, :math:`(a + b)/2`."""
        total = self.a + self.b
        # Halving first cannot overflow (a + b can, for a and b near 1e308).
        return 0.5 * total if math.isfinite(total) else 0.5 * self.a + 0.5 * self.b

    def var(self) -> float:
        """Return the variance, :math:`(b - a)^2/12`.

        Raises
        ------
        ValueError
            If the variance overflows float64.
        """
        width = self.b - self.a
        return _finite_moment(width * width / 12.0, "variance", self)

    def std(self) -> float:
        r"""Return the standard deviation, :math:`(b - a)/\sqrt{12}`."""
        return (self.b - self.a) / math.sqrt(12.0)

    def sample(self, size: Size, rng: np.random.Generator | int) -> np.ndarray:
        """Draw samples as ``a + (b - a) * U`` with ``U`` uniform on [0, 1).

        Parameters
        ----------
        size : int or tuple of int
            Output shape.
        rng : numpy.random.Generator or int
            Random generator or seed.

        Returns
        -------
        numpy.ndarray of float64

        Raises
        ------
        ValueError
            If ``size`` is not positive.
        TypeError
            If ``size`` is not an integer (tuple) or ``rng`` is neither a
            generator nor an integer seed.

        Examples
        --------
        >>> x = Uniform(2.0, 6.0).sample(100_000, rng=0)
        >>> round(float(x.mean()), 2), round(float(x.var()), 2)
        (4.0, 1.33)
        """
        shape, generator = _check_size(size), check_rng(rng)
        return self.a + (self.b - self.a) * generator.random(shape)


class Normal(ContinuousDistribution):
    r"""The normal (Gaussian) distribution with mean ``mu`` and std ``sigma``.

    Parameters
    ----------
    mu : float
        The mean.
    sigma : float
        The standard deviation, ``> 0``.

    Raises
    ------
    TypeError
        If ``mu`` or ``sigma`` is not a real number.
    ValueError
        If ``sigma <= 0`` or a parameter is not finite.

    Notes
    -----
    .. math:: f(x) = \frac{1}{\sigma\sqrt{2\pi}}
              e^{-\frac12 \left(\frac{x - \mu}{\sigma}\right)^2}, \quad
              F(x) = \Phi\!\left(\frac{x - \mu}{\sigma}\right),

    with :math:`\Phi` the standard normal cdf (``scipy.special.ndtr``, which
    is accurate far into the lower tail, unlike ``(1 + erf(z/√2))/2``).
    :meth:`sample` uses the Box-Muller transform, written out.

    Examples
    --------
    >>> z = Normal(0.0, 1.0)
    >>> z.pdf([0.0, 1.0]).round(4)
    array([0.3989, 0.242 ])
    >>> z.cdf([-1.96, 0.0, 1.96]).round(4)
    array([0.025, 0.5  , 0.975])
    >>> round(float(z.logpdf(40.0)), 4)  # pdf underflows to 0; its log does not
    -800.9189
    """

    _param_names = ("mu", "sigma")

    def __init__(self, mu: float = 0.0, sigma: float = 1.0) -> None:
        self.mu = check_scalar(mu, "mu")
        self.sigma = check_scalar(sigma, "sigma", low=0, low_inclusive=False)

    @property
    def support(self) -> tuple[float, float]:
        """``(-inf, inf)``."""
        return (-np.inf, np.inf)

    def _log_density_inside(self, x: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):  # huge |z|: -inf is the right limit
            z = (x - self.mu) / self.sigma
            return -0.5 * z * z - math.log(self.sigma) - 0.5 * _LOG_2PI

    def _cdf_inside(self, x: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            return special.ndtr((x - self.mu) / self.sigma)

    def mean(self) -> float:
        r"""Return the mean, :math:`\mu`."""
        return self.mu

    def var(self) -> float:
        r"""Return the variance, :math:`\sigma^2`.

        Raises
        ------
        ValueError
            If the variance overflows float64 (``sigma`` above about 1.3e154).
        """
        return _finite_moment(self.sigma * self.sigma, "variance", self)

    def std(self) -> float:
        r"""Return the standard deviation, :math:`\sigma`."""
        return self.sigma

    def sample(self, size: Size, rng: np.random.Generator | int) -> np.ndarray:
        r"""Draw samples with the Box-Muller transform.

        Parameters
        ----------
        size : int or tuple of int
            Output shape.
        rng : numpy.random.Generator or int
            Random generator or seed.

        Returns
        -------
        numpy.ndarray of float64

        Raises
        ------
        ValueError
            If ``size`` is not positive.
        TypeError
            If ``size`` is not an integer (tuple) or ``rng`` is neither a
            generator nor an integer seed.

        Notes
        -----
        Two independent uniforms :math:`U_1 \in (0, 1]`, :math:`U_2 \in [0,1)`
        give two independent standard normals

        .. math:: Z_1 = R\cos\Theta, \quad Z_2 = R\sin\Theta, \quad
                  R = \sqrt{-2\log U_1}, \quad \Theta = 2\pi U_2 :

        :math:`R^2 = -2\log U_1` is exponential with mean 2, which is the
        distribution of :math:`Z_1^2 + Z_2^2`, and the angle of
        :math:`(Z_1, Z_2)` is uniform. The result is :math:`\mu + \sigma Z`.

        Examples
        --------
        >>> x = Normal(1.0, 2.0).sample(100_000, rng=0)
        >>> round(float(x.mean()), 1), round(float(x.var()), 1)
        (1.0, 4.0)
        """
        shape, generator = _check_size(size), check_rng(rng)
        count = math.prod(shape)
        half = (count + 1) // 2
        u1 = 1.0 - generator.random(half)  # in (0, 1], so log(u1) is finite
        u2 = generator.random(half)
        radius = np.sqrt(-2.0 * np.log(u1))
        angle = 2.0 * np.pi * u2
        z = np.concatenate([radius * np.cos(angle), radius * np.sin(angle)])
        with np.errstate(over="ignore", invalid="ignore"):
            x = self.mu + self.sigma * z[:count].reshape(shape)
        return _finite_values(x, "samples", self)


class Exponential(ContinuousDistribution):
    r"""The waiting time of a process with ``rate`` events per unit time.

    Parameters
    ----------
    rate : float
        The rate :math:`\lambda > 0` (the mean is :math:`1/\lambda`).

    Raises
    ------
    TypeError
        If ``rate`` is not a real number.
    ValueError
        If ``rate <= 0`` or is not finite.

    Notes
    -----
    .. math:: f(x) = \lambda e^{-\lambda x}, \quad
              F(x) = 1 - e^{-\lambda x} \quad (x \ge 0), \quad
              E[X] = \frac{1}{\lambda}, \quad
              \operatorname{Var}[X] = \frac{1}{\lambda^2}.

    The cdf uses ``-expm1(-rate * x)``, exact to rounding even when
    :math:`\lambda x` is tiny. :meth:`sample` inverts the cdf.

    Examples
    --------
    >>> e = Exponential(2.0)
    >>> e.pdf([-1.0, 0.0, 1.0]).round(4)
    array([0.    , 2.    , 0.2707])
    >>> e.cdf([0.0, np.log(2) / 2])  # the median is log(2)/rate
    array([0. , 0.5])
    >>> e.mean(), e.var()
    (0.5, 0.25)
    """

    _param_names = ("rate",)

    def __init__(self, rate: float) -> None:
        self.rate = check_scalar(rate, "rate", low=0, low_inclusive=False)

    @property
    def support(self) -> tuple[float, float]:
        """``(0, inf)``."""
        return (0.0, np.inf)

    def _log_density_inside(self, x: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):  # huge rate * x: -inf is the right limit
            return math.log(self.rate) - self.rate * x

    def _cdf_inside(self, x: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            return -np.expm1(-self.rate * x)

    def mean(self) -> float:
        r"""Return the mean, :math:`1/\lambda`.

        Raises
        ------
        ValueError
            If the mean overflows float64 (``rate`` below about 5.6e-309).
        """
        return _finite_moment(1.0 / self.rate, "mean", self)

    def var(self) -> float:
        r"""Return the variance, :math:`1/\lambda^2`.

        Raises
        ------
        ValueError
            If the variance overflows float64.
        """
        scale = self.mean()
        return _finite_moment(scale * scale, "variance", self)

    def std(self) -> float:
        r"""Return the standard deviation, :math:`1/\lambda`.

        Raises
        ------
        ValueError
            If the standard deviation overflows float64.
        """
        return self.mean()

    def sample(self, size: Size, rng: np.random.Generator | int) -> np.ndarray:
        r"""Draw samples by the inverse CDF.

        Parameters
        ----------
        size : int or tuple of int
            Output shape.
        rng : numpy.random.Generator or int
            Random generator or seed.

        Returns
        -------
        numpy.ndarray of float64

        Raises
        ------
        ValueError
            If ``size`` is not positive.
        TypeError
            If ``size`` is not an integer (tuple) or ``rng`` is neither a
            generator nor an integer seed.

        Notes
        -----
        Solving :math:`u = F(x) = 1 - e^{-\lambda x}` gives
        :math:`x = F^{-1}(u) = -\log(1 - u)/\lambda`; for :math:`U` uniform
        on [0, 1), :math:`F^{-1}(U)` has cdf :math:`F`. ``log1p(-u)`` is
        finite for every :math:`u \in [0, 1)`.

        Examples
        --------
        >>> x = Exponential(2.0).sample(100_000, rng=0)
        >>> round(float(x.mean()), 2), round(float(x.var()), 2)
        (0.5, 0.25)
        """
        shape, generator = _check_size(size), check_rng(rng)
        u = generator.random(shape)
        with np.errstate(over="ignore"):
            x = -np.log1p(-u) / self.rate
        return _finite_values(x, "samples", self)


class Gamma(ContinuousDistribution):
    r"""The gamma distribution with ``shape`` :math:`k` and ``scale`` :math:`\theta`.

    Parameters
    ----------
    shape : float
        Shape :math:`k > 0`.
    scale : float
        Scale :math:`\theta > 0` (the rate is :math:`1/\theta`).

    Raises
    ------
    TypeError
        If ``shape`` or ``scale`` is not a real number.
    ValueError
        If ``shape <= 0`` or ``scale <= 0`` or either is not finite.

    Notes
    -----
    .. math:: f(x) = \frac{x^{k-1} e^{-x/\theta}}{\Gamma(k)\,\theta^k}
              \quad (x > 0), \quad
              F(x) = P(k, x/\theta), \quad
              E[X] = k\theta, \quad \operatorname{Var}[X] = k\theta^2,

    with :math:`P` the regularised lower incomplete gamma function. Writing
    :math:`u = x/\theta`, :math:`f(x) = \pi(k-1; u)/\theta` where
    :math:`\pi(j; u) = u^j e^{-u}/\Gamma(j+1)` is a Poisson-like term,
    evaluated with Loader's formula so that the density stays accurate for
    large ``shape`` (the textbook ``(k-1)log(x) - x - gammaln(k)`` cancels).
    For :math:`k < 1`, :math:`f(x) = \pi(k; u)\,k/x` instead. At
    :math:`x = 0` the density is :math:`+\infty` for :math:`k < 1`,
    :math:`1/\theta` for :math:`k = 1` and 0 for :math:`k > 1`.

    :meth:`sample` uses ``Generator.standard_gamma`` (Marsaglia and Tsang's
    squeeze method) and multiplies by :math:`\theta`.

    Examples
    --------
    >>> g = Gamma(shape=2.0, scale=3.0)
    >>> g.pdf([0.0, 3.0]).round(4)  # x e^{-x/3} / 9
    array([0.    , 0.1226])
    >>> g.mean(), g.var()
    (6.0, 18.0)
    """

    _param_names = ("shape", "scale")

    def __init__(self, shape: float, scale: float = 1.0) -> None:
        self.shape = check_scalar(shape, "shape", low=0, low_inclusive=False)
        self.scale = check_scalar(scale, "scale", low=0, low_inclusive=False)

    @property
    def support(self) -> tuple[float, float]:
        """``(0, inf)``."""
        return (0.0, np.inf)

    def _log_density_inside(self, x: np.ndarray) -> np.ndarray:
        k, theta = self.shape, self.scale
        out = np.empty(x.shape)
        at_zero = x == 0
        out[at_zero] = np.inf if k < 1 else (-math.log(theta) if k == 1 else -np.inf)
        with np.errstate(over="ignore", under="ignore"):
            u = x / theta  # u = inf gives log density -inf, the right limit
        # Loader's form needs u at full precision. Below the smallest normal
        # float it has lost digits; there the textbook formula, with
        # log(u) = log(x) - log(theta), is safe: its first term dominates.
        tiny = ~at_zero & (u < np.finfo(float).tiny)
        log_u = np.log(x[tiny]) - math.log(theta)
        out[tiny] = (k - 1) * log_u - u[tiny] - special.gammaln(k) - math.log(theta)
        regular = ~at_zero & ~tiny
        xr, ur = x[regular], u[regular]
        if k >= 1:
            out[regular] = _log_poisson_raw(k - 1, ur) - math.log(theta)
        else:
            out[regular] = _log_poisson_raw(k, ur) + math.log(k) - np.log(xr)
        return out

    def _cdf_inside(self, x: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore", under="ignore"):
            return special.gammainc(self.shape, x / self.scale)

    def mean(self) -> float:
        r"""Return the mean, :math:`k\theta`.

        Raises
        ------
        ValueError
            If the mean overflows float64.
        """
        return _finite_moment(self.shape * self.scale, "mean", self)

    def var(self) -> float:
        r"""Return the variance, :math:`k\theta^2`.

        Raises
        ------
        ValueError
            If the variance overflows float64.
        """
        # (k theta) theta overflows only when the variance does; k theta^2
        # would overflow in theta^2 for a tiny k and a huge theta.
        return _finite_moment(self.shape * self.scale * self.scale, "variance", self)

    def std(self) -> float:
        r"""Return the standard deviation, :math:`\sqrt{k}\,\theta`.

        Raises
        ------
        ValueError
            If the standard deviation overflows float64.
        """
        return _finite_moment(math.sqrt(self.shape) * self.scale, "std", self)

    def sample(self, size: Size, rng: np.random.Generator | int) -> np.ndarray:
        r"""Draw samples as :math:`\theta G` with :math:`G \sim \mathrm{Gamma}(k, 1)`.

        Parameters
        ----------
        size : int or tuple of int
            Output shape.
        rng : numpy.random.Generator or int
            Random generator or seed.

        Returns
        -------
        numpy.ndarray of float64

        Raises
        ------
        ValueError
            If ``size`` is not positive.
        TypeError
            If ``size`` is not an integer (tuple) or ``rng`` is neither a
            generator nor an integer seed.

        Examples
        --------
        >>> x = Gamma(2.0, 3.0).sample(100_000, rng=0)
        >>> round(float(x.mean()), 0), round(float(x.var()), 0)
        (6.0, 18.0)
        """
        shape, generator = _check_size(size), check_rng(rng)
        with np.errstate(over="ignore"):
            x = self.scale * generator.standard_gamma(self.shape, shape)
        return _finite_values(x, "samples", self)


#: SciPy before 1.17 computes the regularised incomplete beta function
#: wrongly for huge parameters (``betainc(1e20, 1e20, 0.5)`` is 125.4 in
#: SciPy 1.15 and 1.16; the answer is 0.5). Up to 1e8 its error is below 1e-8.
_BETAINC_RELIABLE_UP_TO = 1e8
_BETAINC_LARGE_OK = tuple(int(p) for p in scipy.__version__.split(".")[:2]) >= (1, 17)


class Beta(ContinuousDistribution):
    r"""The beta distribution on [0, 1] with shape parameters ``a`` and ``b``.

    Parameters
    ----------
    a, b : float
        Shape parameters, both ``> 0``.

    Raises
    ------
    TypeError
        If ``a`` or ``b`` is not a real number.
    ValueError
        If ``a <= 0`` or ``b <= 0`` or either is not finite; from
        :meth:`cdf`, if ``a`` or ``b`` exceeds 1e8 and SciPy is older than
        1.17, whose ``betainc`` is wrong there.

    Notes
    -----
    .. math:: f(x) = \frac{x^{a-1}(1-x)^{b-1}}{B(a, b)}, \quad
              F(x) = I_x(a, b), \quad
              E[X] = \frac{a}{a+b}, \quad
              \operatorname{Var}[X] = \frac{ab}{(a+b)^2(a+b+1)},

    with :math:`B` the beta function and :math:`I` the regularised
    incomplete beta function. For :math:`a, b > 2` the density is
    evaluated as :math:`(a+b-1)\binom{a+b-2}{a-1}x^{a-1}(1-x)^{b-1}`, a
    binomial term computed with Loader's formula, which keeps full accuracy
    for large ``a`` and ``b``; otherwise directly with
    ``scipy.special.betaln``. At the ends :math:`x = 0` (and likewise
    :math:`x = 1` with ``b``) the density is :math:`+\infty` for
    :math:`a < 1`, :math:`b` for :math:`a = 1` and 0 for :math:`a > 1`.

    :meth:`sample` uses the ratio of gammas: if :math:`G_a \sim
    \mathrm{Gamma}(a, 1)` and :math:`G_b \sim \mathrm{Gamma}(b, 1)` are
    independent, :math:`G_a/(G_a + G_b) \sim \mathrm{Beta}(a, b)`.

    Examples
    --------
    >>> d = Beta(2.0, 2.0)
    >>> d.pdf([0.0, 0.5, 1.0])  # 6 x (1 - x)
    array([0. , 1.5, 0. ])
    >>> d.mean(), d.var()
    (0.5, 0.05)
    """

    _param_names = ("a", "b")

    def __init__(self, a: float, b: float) -> None:
        self.a = check_scalar(a, "a", low=0, low_inclusive=False)
        self.b = check_scalar(b, "b", low=0, low_inclusive=False)

    @property
    def support(self) -> tuple[float, float]:
        """``(0, 1)``."""
        return (0.0, 1.0)

    @staticmethod
    def _log_at_end(shape: float, other: float) -> float:
        # The density at the end where x^(shape-1) (or (1-x)^(shape-1)) lives.
        if shape < 1:
            return np.inf
        return math.log(other) if shape == 1 else -np.inf

    def _log_density_inside(self, x: np.ndarray) -> np.ndarray:
        a, b = self.a, self.b
        if not math.isfinite(a + b):
            raise ValueError(
                f"the density of {self!r} cannot be computed: a + b overflows float64"
            )
        out = np.empty(x.shape)
        out[x == 0] = self._log_at_end(a, b)
        out[x == 1] = self._log_at_end(b, a)
        inner = (x > 0) & (x < 1)
        # Loader's form multiplies x by a + b - 2, which loses digits below
        # the smallest normal float; the direct formula is safe there.
        loader = inner & (x >= np.finfo(float).tiny) & (a > 2 and b > 2)
        direct = inner & ~loader
        xl, xd = x[loader], x[direct]
        if loader.any():
            out[loader] = math.log(a + b - 1) + _log_binomial_raw(a - 1, b - 1, xl)
        out[direct] = (a - 1) * np.log(xd) + (b - 1) * np.log1p(-xd) - _betaln(a, b)
        return out

    def _cdf_inside(self, x: np.ndarray) -> np.ndarray:
        if max(self.a, self.b) > _BETAINC_RELIABLE_UP_TO and not _BETAINC_LARGE_OK:
            raise ValueError(
                f"the cdf of Beta(a={self.a:g}, b={self.b:g}) needs SciPy 1.17 or "
                "newer: earlier versions of scipy.special.betainc return wrong "
                f"values for a or b above {_BETAINC_RELIABLE_UP_TO:g} "
                f"(SciPy {scipy.__version__} is installed)"
            )
        return special.betainc(self.a, self.b, x)

    def _shares(self) -> tuple[float, float]:
        # a/(a+b) and b/(a+b), divided through by the larger parameter so
        # that neither a + b (for a, b near 1e308) nor b/a can overflow.
        a, b = self.a, self.b
        if a >= b:
            ratio = b / a
            return 1.0 / (1.0 + ratio), ratio / (1.0 + ratio)
        ratio = a / b
        return ratio / (1.0 + ratio), 1.0 / (1.0 + ratio)

    def mean(self) -> float:
        """Return the mean, :math:`a/(a+b)`."""
        total = self.a + self.b
        if math.isfinite(total):
            return self.a / total
        return self._shares()[0]

    def var(self) -> float:
        """Return the variance, :math:`ab/((a+b)^2(a+b+1))`."""
        s = self.a + self.b
        denominator = s * s * (s + 1.0)
        if math.isfinite(denominator) and denominator > 0:
            return self.a * self.b / denominator
        # a/(a+b) * b/(a+b) / (a+b+1), with the sum halved where it overflows.
        share_a, share_b = self._shares()
        if math.isfinite(s):
            return share_a * share_b / (s + 1.0)
        return share_a * share_b * 0.5 / (0.5 * self.a + 0.5 * self.b + 0.5)

    def sample(self, size: Size, rng: np.random.Generator | int) -> np.ndarray:
        r"""Draw samples as :math:`G_a/(G_a + G_b)`, computed in log space.

        Parameters
        ----------
        size : int or tuple of int
            Output shape.
        rng : numpy.random.Generator or int
            Random generator or seed.

        Returns
        -------
        numpy.ndarray of float64

        Raises
        ------
        ValueError
            If ``size`` is not positive.
        TypeError
            If ``size`` is not an integer (tuple) or ``rng`` is neither a
            generator nor an integer seed.

        Notes
        -----
        :math:`G_a/(G_a + G_b) = \sigma(\log G_a - \log G_b)` with the
        logistic function :math:`\sigma`. Working with logs matters for small
        shapes: a Gamma(0.01) draw is below 1e-300 about 1% of the time and
        would underflow to 0, giving 0/0. For shape :math:`k < 1`,
        :math:`\log G = \log G' + \log(U)/k` with :math:`G' \sim
        \mathrm{Gamma}(k+1, 1)` and :math:`U` uniform, never underflows.

        Examples
        --------
        >>> x = Beta(2.0, 2.0).sample(100_000, rng=0)
        >>> round(float(x.mean()), 2), round(float(x.var()), 2)
        (0.5, 0.05)
        """
        shape, generator = _check_size(size), check_rng(rng)
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            log_ga = _log_standard_gamma(self.a, shape, generator)
            log_gb = _log_standard_gamma(self.b, shape, generator)
            x = special.expit(log_ga - log_gb)
        return _finite_values(x, "samples", self)


def _log_standard_gamma(
    k: float, shape: tuple[int, ...], rng: np.random.Generator
) -> np.ndarray:
    """Log of Gamma(k, 1) draws, without underflow for small ``k``."""
    if k >= 1:
        return np.log(rng.standard_gamma(k, shape))
    # If G' ~ Gamma(k + 1) and U ~ Uniform(0, 1], then G' U^(1/k) ~ Gamma(k).
    u = 1.0 - rng.random(shape)
    return np.log(rng.standard_gamma(k + 1, shape)) + np.log(u) / k


# ---------------------------------------------------------------------------
# The multivariate normal distribution
# ---------------------------------------------------------------------------


class MultivariateNormal:
    r"""The multivariate normal distribution with mean vector and covariance matrix.

    Parameters
    ----------
    mean : array_like, shape (d,)
        The mean vector :math:`\boldsymbol\mu`.
    cov : array_like, shape (d, d)
        The covariance matrix :math:`\Sigma`: symmetric and positive
        definite.

    Attributes
    ----------
    dim : int
        The dimension :math:`d`.

    Raises
    ------
    TypeError
        If ``mean`` or ``cov`` is not numeric.
    ValueError
        If ``mean`` is not 1-D, ``cov`` is not square, their sizes differ,
        an entry is not finite, or ``cov`` is not symmetric positive definite
        (the message names its smallest eigenvalue).

    Notes
    -----
    The density of :math:`\mathcal{N}(\boldsymbol\mu, \Sigma)` at
    :math:`\mathbf{x} \in \mathbb{R}^d` is

    .. math:: f(\mathbf{x}) = (2\pi)^{-d/2} \det(\Sigma)^{-1/2}
              \exp\!\left(-\tfrac12 (\mathbf{x} - \boldsymbol\mu)^T
              \Sigma^{-1} (\mathbf{x} - \boldsymbol\mu)\right).

    ``__init__`` factorises :math:`\Sigma = L L^T` once (Cholesky, with
    :math:`L` lower triangular) and keeps :math:`L` and
    :math:`\log\det\Sigma = 2 \sum_i \log L_{ii}`, as SciPy's
    ``multivariate_normal`` keeps its ``_PSD`` object. With
    :math:`\mathbf{z}` the solution of the triangular system
    :math:`L\mathbf{z} = \mathbf{x} - \boldsymbol\mu`, the quadratic form
    is :math:`\|\mathbf{z}\|^2`, so no inverse is ever formed. A sample is
    :math:`\boldsymbol\mu + L\mathbf{z}` with :math:`\mathbf{z}` standard
    normal, whose covariance is :math:`L I L^T = \Sigma`.

    Unlike the one-dimensional :class:`Distribution` classes, points carry
    their :math:`d` components on the last axis: ``x`` of shape
    ``(..., d)`` gives densities of shape ``(...)``.

    Examples
    --------
    >>> mvn = MultivariateNormal([0.0, 1.0], [[2.0, 0.6], [0.6, 1.0]])
    >>> mvn
    MultivariateNormal(dim=2)
    >>> mvn.pdf([[0.0, 1.0], [1.0, 0.0]]).round(4)
    array([0.1243, 0.0345])
    >>> mvn.sample(3, rng=0).shape
    (3, 2)
    >>> MultivariateNormal([0.0, 0.0], [[1.0, 2.0], [2.0, 1.0]])
    Traceback (most recent call last):
    ...
    ValueError: cov must be positive definite, got a smallest eigenvalue of -1
    """

    def __init__(self, mean: ArrayLike, cov: ArrayLike) -> None:
        mean = as_array(mean, "mean", ndim=1)
        cov = as_array(cov, "cov", ndim=2)
        check_symmetric(cov, "cov")
        if cov.shape[0] != mean.shape[0]:
            raise ValueError(
                f"cov must be of shape ({len(mean)}, {len(mean)}) to match mean, "
                f"got an array of shape {cov.shape}"
            )
        self._mean = mean
        self._cov = cov
        self.dim = len(mean)
        self._chol = check_positive_definite(cov, "cov")  # cov = L @ L.T
        self._log_det = 2.0 * float(np.log(np.diag(self._chol)).sum())

    def mean(self) -> np.ndarray:
        r"""Return the mean vector :math:`E[\mathbf{X}] = \boldsymbol\mu`.

        Returns
        -------
        numpy.ndarray, shape (d,)
            A copy.

        Examples
        --------
        >>> MultivariateNormal([1.0, 2.0], np.eye(2)).mean()
        array([1., 2.])
        """
        return self._mean.copy()

    def cov(self) -> np.ndarray:
        r"""Return the covariance matrix :math:`\Sigma`.

        Returns
        -------
        numpy.ndarray, shape (d, d)
            A copy.

        Examples
        --------
        >>> MultivariateNormal([0.0, 0.0], [[2.0, 0.5], [0.5, 1.0]]).cov()
        array([[2. , 0.5],
               [0.5, 1. ]])
        """
        return self._cov.copy()

    def _as_points(self, x: ArrayLike) -> np.ndarray:
        """Points of shape (..., d) with finite entries."""
        arr = as_array(x, "x")
        if arr.ndim == 0 or arr.shape[-1] != self.dim:
            raise ValueError(
                f"x must have {self.dim} components on its last axis, "
                f"got an array of shape {arr.shape}"
            )
        return arr

    def _logpdf(self, x: np.ndarray) -> np.ndarray:
        """Log density at points x of shape (..., d), through the Cholesky factor."""
        diff = (x - self._mean).reshape(-1, self.dim).T  # one column per point
        z = linalg.solve_triangular(self._chol, diff, lower=True)  # L z = x - mu
        maha = np.einsum("ij,ij->j", z, z)  # (x - mu)^T cov^-1 (x - mu)
        log_density = -0.5 * (self.dim * _LOG_2PI + self._log_det + maha)
        return log_density.reshape(x.shape[:-1])

    def logpdf(self, x: ArrayLike) -> np.ndarray:
        """Evaluate the log of the pdf.

        Parameters
        ----------
        x : array_like, shape (..., d)
            Points, with their ``d`` components on the last axis.

        Returns
        -------
        numpy.ndarray, shape (...)
            One value per point (a NumPy scalar for ``x`` of shape ``(d,)``).

        Raises
        ------
        TypeError
            If ``x`` is not numeric.
        ValueError
            If ``x`` is empty, has an entry that is not finite, or its last
            axis does not have length ``d``.

        Examples
        --------
        >>> mvn = MultivariateNormal([0.0, 0.0], np.eye(2))
        >>> float(mvn.logpdf([0.0, 0.0]))  # -log(2 pi)  # doctest: +ELLIPSIS
        -1.8378...
        >>> mvn.logpdf([[0.0, 40.0]]).round(4)  # the pdf underflows; its log does not
        array([-801.8379])
        """
        return self._logpdf(self._as_points(x))[()]

    def pdf(self, x: ArrayLike) -> np.ndarray:
        """Evaluate the probability density function.

        Parameters
        ----------
        x : array_like, shape (..., d)
            Points, with their ``d`` components on the last axis.

        Returns
        -------
        numpy.ndarray, shape (...)
            One value per point.

        Raises
        ------
        TypeError
            If ``x`` is not numeric.
        ValueError
            If ``x`` is empty, has an entry that is not finite, or its last
            axis does not have length ``d``.

        Examples
        --------
        >>> mvn = MultivariateNormal([0.0, 0.0], np.eye(2))
        >>> float(mvn.pdf([0.0, 0.0]))  # 1 / (2 pi)  # doctest: +ELLIPSIS
        0.15915...
        >>> mvn.pdf(np.zeros((2, 3, 2))).shape
        (2, 3)
        """
        return np.exp(self.logpdf(x))

    def sample(self, n: int, rng: np.random.Generator | int) -> np.ndarray:
        """Draw ``n`` independent samples through the Cholesky factor.

        Parameters
        ----------
        n : int
            Number of samples, ``>= 1``.
        rng : numpy.random.Generator or int
            Random generator (its state advances) or seed.

        Returns
        -------
        numpy.ndarray, shape (n, d)
            One sample per row.

        Raises
        ------
        TypeError
            If ``n`` is not an integer or ``rng`` is neither a generator nor
            an integer seed.
        ValueError
            If ``n < 1``.
            If ``n * d`` exceeds ``MAX_SAMPLES`` (1e8).

        Examples
        --------
        >>> mvn = MultivariateNormal([1.0, -1.0], [[1.0, 0.8], [0.8, 1.0]])
        >>> x = mvn.sample(100_000, rng=0)
        >>> x.mean(axis=0).round(1), np.cov(x.T).round(1)
        (array([ 1., -1.]), array([[1. , 0.8],
               [0.8, 1. ]]))
        """
        n = check_integer(n, "n", low=1, high=MAX_SAMPLES // len(self._mean))
        generator = check_rng(rng)
        z = generator.standard_normal((n, self.dim))  # rows ~ N(0, I)
        return self._mean + z @ self._chol.T  # rows ~ N(mu, L L^T)

    def __repr__(self) -> str:
        return f"MultivariateNormal(dim={self.dim})"


# ---------------------------------------------------------------------------
# Sampling any finite distribution
# ---------------------------------------------------------------------------


def sample_discrete(
    p: ArrayLike, size: Size, rng: np.random.Generator | int
) -> np.ndarray:
    r"""Sample from ``0, ..., K-1`` with probabilities ``p`` by the inverse CDF.

    Parameters
    ----------
    p : array_like, shape (K,)
        A probability vector (entries may be 0).
    size : int or tuple of int
        Output shape.
    rng : numpy.random.Generator or int
        Random generator or seed.

    Returns
    -------
    numpy.ndarray of int64
        Draws of shape ``size``.

    Raises
    ------
    ValueError
        If ``p`` is not a probability vector or ``size`` is not positive.
    TypeError
        If ``size`` is not an integer (tuple) or ``rng`` not a generator/seed.

    Notes
    -----
    Lay the probabilities end to end on [0, 1): category :math:`k` owns
    :math:`[c_{k-1}, c_k)` with :math:`c_k = p_0 + \dots + p_k`. A uniform
    :math:`U` falls in it with probability :math:`p_k`, so the draw is the
    first :math:`k` with :math:`U < c_k`, found by binary search
    (``np.searchsorted``): :math:`O(K)` set-up, :math:`O(\log K)` per draw.
    Categories with :math:`p_k = 0` own an empty interval and never appear;
    dividing by the last cumulative sum makes it exactly 1, so rounding can
    never push a draw past the end.

    Examples
    --------
    >>> draws = sample_discrete([0.2, 0.0, 0.8], 10_000, rng=0)
    >>> (np.bincount(draws, minlength=3) / 10_000).round(1)
    array([0.2, 0. , 0.8])
    """
    p = as_probability_vector(p, "p")
    shape, generator = _check_size(size), check_rng(rng)
    cumulative = np.cumsum(p)
    cumulative /= cumulative[-1]
    u = generator.random(shape)
    return np.searchsorted(cumulative, u, side="right").astype(np.int64)


class AliasSampler:
    r"""Walker's alias method (Vose's version): O(1) draws from a finite pmf.

    Parameters
    ----------
    p : array_like, shape (K,)
        A probability vector (entries may be 0).

    Attributes
    ----------
    p : numpy.ndarray, shape (K,)
        The probabilities.
    prob : numpy.ndarray, shape (K,)
        Column ``i`` of the table keeps category ``i`` with probability
        ``prob[i]``...
    alias : numpy.ndarray of int64, shape (K,)
        ...and gives category ``alias[i]`` otherwise.

    Raises
    ------
    ValueError
        If ``p`` is not a probability vector.

    Notes
    -----
    Scale the probabilities to :math:`q_i = K p_i`, whose average is 1, and
    cut them into :math:`K` columns of height 1, each holding at most two
    categories. Building the table (Vose, 1991) takes :math:`O(K)`: while
    some :math:`q_s < 1` ("small") and some :math:`q_l \ge 1` ("large")
    remain, column :math:`s` keeps :math:`s` with probability
    :math:`q_s` and is topped up by :math:`l` (``alias[s] = l``), and
    :math:`l` gives up the :math:`1 - q_s` it used:
    :math:`q_l \leftarrow (q_l + q_s) - 1`. Whatever is left over has
    :math:`q = 1` up to rounding and fills its own column.

    A draw picks a column :math:`i` uniformly and a uniform :math:`U`, and
    returns :math:`i` if :math:`U < q_i`, else ``alias[i]``: two random
    numbers and one comparison, whatever :math:`K` is. Category :math:`j`
    comes out with probability :math:`\frac{1}{K}(q_j + \sum_{i:
    \mathrm{alias}_i = j}(1 - q_i)) = p_j`.

    Examples
    --------
    >>> sampler = AliasSampler([0.1, 0.2, 0.7])
    >>> sampler.prob.round(2), sampler.alias
    (array([0.3, 0.6, 1. ]), array([2, 2, 2]))
    >>> draws = sampler.sample(10_000, rng=0)
    >>> (np.bincount(draws) / 10_000).round(1)
    array([0.1, 0.2, 0.7])
    """

    def __init__(self, p: ArrayLike) -> None:
        self.p = as_probability_vector(p, "p")
        k = len(self.p)
        scaled = self.p * (k / self.p.sum())
        self.prob = np.ones(k)
        self.alias = np.arange(k, dtype=np.int64)
        small = [i for i in range(k) if scaled[i] < 1.0]
        large = [i for i in range(k) if scaled[i] >= 1.0]
        while small and large:
            s, g = small.pop(), large.pop()
            self.prob[s] = scaled[s]
            self.alias[s] = g
            scaled[g] = (scaled[g] + scaled[s]) - 1.0  # this order loses least
            (small if scaled[g] < 1.0 else large).append(g)
        # Leftovers have scaled value 1 up to rounding: they keep prob = 1.

    def sample(self, size: Size, rng: np.random.Generator | int) -> np.ndarray:
        """Draw samples: a uniform column, then a biased coin within it.

        Parameters
        ----------
        size : int or tuple of int
            Output shape.
        rng : numpy.random.Generator or int
            Random generator or seed.

        Returns
        -------
        numpy.ndarray of int64
            Category indices of shape ``size``.

        Raises
        ------
        ValueError, TypeError
            If ``size`` or ``rng`` is invalid.
        """
        shape, generator = _check_size(size), check_rng(rng)
        column = generator.integers(len(self.p), size=shape)
        keep = generator.random(shape) < self.prob[column]
        return np.where(keep, column, self.alias[column])

    def __repr__(self) -> str:
        return f"AliasSampler(K={len(self.p)})"


# ---------------------------------------------------------------------------
# Probability tables and Bayes' theorem
# ---------------------------------------------------------------------------


def _as_joint(joint: ArrayLike, name: str = "joint") -> np.ndarray:
    """A joint probability table: >= 2-D, entries in [0, 1], summing to 1."""
    table = as_array(joint, name)
    if table.ndim < 2:
        raise ValueError(
            f"{name} must be a table with at least 2 axes (one per variable), "
            f"got an array of shape {table.shape}"
        )
    check_probabilities(table, name)
    total = float(table.sum())
    if abs(total - 1.0) > PROB_ATOL:
        raise ValueError(f"{name} must sum to 1, got a sum of {total:.12g}")
    return table


def _check_axis(axis: Any, ndim: int, name: str) -> int:
    axis = check_integer(axis, name, low=-ndim, high=ndim - 1)
    return axis % ndim


def marginal(joint: ArrayLike, axis: int) -> np.ndarray:
    r"""The marginal distribution of the variable on ``axis`` of a joint table.

    Parameters
    ----------
    joint : array_like, at least 2-D
        Joint probabilities: ``joint[i, j]`` is :math:`P(X = i, Y = j)`.
        Non-negative, summing to 1.
    axis : int
        The axis of the variable whose distribution is wanted (negative
        values count from the end).

    Returns
    -------
    numpy.ndarray, shape (joint.shape[axis],)
        The marginal distribution; all other axes are summed out.

    Raises
    ------
    ValueError
        If ``joint`` is not a probability table with at least 2 axes, or
        ``axis`` is out of range.
    TypeError
        If ``axis`` is not an integer.

    Notes
    -----
    The sum rule: :math:`P(X = i) = \sum_j P(X = i, Y = j)`. So
    ``marginal(joint, 0)`` sums each row (over axis 1) and
    ``marginal(joint, 1)`` sums each column.

    Examples
    --------
    >>> joint = np.array([[0.1, 0.2], [0.3, 0.4]])
    >>> marginal(joint, 0)  # P(X): row sums
    array([0.3, 0.7])
    >>> marginal(joint, 1)  # P(Y): column sums
    array([0.4, 0.6])
    """
    table = _as_joint(joint)
    axis = _check_axis(axis, table.ndim, "axis")
    others = tuple(i for i in range(table.ndim) if i != axis)
    return table.sum(axis=others)


def conditional(joint: ArrayLike, given: int) -> np.ndarray:
    r"""The conditional distribution of the other variables given one of them.

    Parameters
    ----------
    joint : array_like, at least 2-D
        Joint probabilities, non-negative, summing to 1.
    given : int
        The axis of the conditioning variable :math:`X`.

    Returns
    -------
    numpy.ndarray, same shape as ``joint``
        ``result`` with ``result[..., i, ...]`` (index ``i`` on axis
        ``given``) equal to the distribution of the other variables given
        :math:`X = i`; it sums to 1. For a 2-D table, ``given=0`` makes every
        row a distribution, ``given=1`` every column.

    Raises
    ------
    ValueError
        If ``joint`` is not a probability table, ``given`` is out of range,
        or some value of :math:`X` has probability 0 (the conditional
        distribution given it is undefined: rather than return NaN, drop
        that slice first).
    TypeError
        If ``given`` is not an integer.

    Notes
    -----
    The product rule rearranged:
    :math:`P(Y = j \mid X = i) = P(X = i, Y = j) / P(X = i)`.

    Examples
    --------
    >>> joint = np.array([[0.1, 0.2], [0.3, 0.4]])
    >>> conditional(joint, given=0).round(4)  # row i is P(Y | X = i)
    array([[0.3333, 0.6667],
           [0.4286, 0.5714]])
    >>> conditional(joint, given=1)[:, 0]  # P(X | Y = 0)
    array([0.25, 0.75])
    """
    table = _as_joint(joint)
    given = _check_axis(given, table.ndim, "given")
    p_given = marginal(table, given)
    zero = np.flatnonzero(p_given == 0)
    if zero.size:
        raise ValueError(
            f"joint gives probability 0 to index {zero.tolist()} on axis {given} "
            "(the variable given): the conditional distribution is undefined there"
        )
    shape = [1] * table.ndim
    shape[given] = -1
    return table / p_given.reshape(shape)


def bayes(prior: ArrayLike, likelihood: ArrayLike) -> np.ndarray:
    r"""Posterior probabilities of hypotheses after observing evidence.

    Parameters
    ----------
    prior : array_like, shape (K,)
        :math:`P(H_k)`, a probability vector over the hypotheses.
    likelihood : array_like, shape (K,)
        :math:`P(E \mid H_k)`, the probability (or density) of the observed
        evidence under each hypothesis; non-negative, need not sum to 1.

    Returns
    -------
    numpy.ndarray, shape (K,)
        :math:`P(H_k \mid E)`, summing to 1.

    Raises
    ------
    ValueError
        If ``prior`` is not a probability vector, ``likelihood`` has a
        different shape or a negative or non-finite entry, or the evidence
        :math:`P(E)` is 0 (the observation is impossible under every
        hypothesis the prior allows).

    Notes
    -----
    Bayes' theorem, with the evidence from the law of total probability:

    .. math:: P(H_k \mid E) = \frac{P(E \mid H_k)P(H_k)}{P(E)}, \qquad
              P(E) = \sum_j P(E \mid H_j)P(H_j).

    Examples
    --------
    A test with sensitivity 0.99 and false-positive rate 0.05 for a disease
    with prevalence 0.01 comes back positive:

    >>> posterior = bayes(prior=[0.01, 0.99], likelihood=[0.99, 0.05])
    >>> posterior.round(4)  # P(disease | +), P(healthy | +)
    array([0.1667, 0.8333])
    """
    prior = as_probability_vector(prior, "prior")
    likelihood = as_array(likelihood, "likelihood", ndim=1)
    if likelihood.shape != prior.shape:
        raise ValueError(
            "likelihood must have one entry per hypothesis, the shape of prior "
            f"{prior.shape}, got shape {likelihood.shape}"
        )
    if (likelihood < 0).any():
        raise ValueError(
            f"likelihood must be non-negative, got a minimum of {likelihood.min()}"
        )
    joint = prior * likelihood
    evidence = joint.sum()
    if evidence == 0:
        raise ValueError(
            "the evidence sum(prior * likelihood) is 0: the observation is "
            "impossible under every hypothesis with positive prior"
        )
    return joint / evidence


class BernoulliNaiveBayes:
    r"""Naive Bayes for binary features, in log space, with Laplace smoothing.

    Parameters
    ----------
    alpha : float, optional
        Additive (Laplace) smoothing, ``>= 0`` (default 1): every feature is
        counted as if each class had ``alpha`` extra samples with it on and
        ``alpha`` with it off, so no estimated probability is 0 or 1.

    Attributes
    ----------
    classes_ : numpy.ndarray, shape (K,)
        The class labels seen by :meth:`fit`, sorted.
    class_count_ : numpy.ndarray, shape (K,)
        The number of training samples of each class.
    class_log_prior_ : numpy.ndarray, shape (K,)
        :math:`\log P(y = k)`, the log of each class's share of the samples.
    feature_log_prob_ : numpy.ndarray, shape (K, d)
        :math:`\log\theta_{kj}`, with :math:`\theta_{kj} = P(x_j = 1 \mid
        y = k)`.
    feature_log_prob_neg_ : numpy.ndarray, shape (K, d)
        :math:`\log(1 - \theta_{kj})`.

    Raises
    ------
    TypeError
        If ``alpha`` is not a real number.
    ValueError
        If ``alpha < 0``.

    Notes
    -----
    The model assumes the features are independent given the class, so by
    the chain rule and Bayes' theorem

    .. math:: \log P(y = k \mid \mathbf{x}) = \log P(y = k)
              + \sum_{j=1}^{d}\left[x_j\log\theta_{kj}
              + (1 - x_j)\log(1 - \theta_{kj})\right] - \log P(\mathbf{x}).

    The sum over ``d`` features is one matrix product for all samples and
    classes at once. Multiplying the ``d`` probabilities instead would
    underflow to 0 for a few hundred features. Fitting counts, for each
    class, how often each feature is 1:

    .. math:: \theta_{kj} = \frac{N_{kj} + \alpha}{N_k + 2\alpha}.

    With the same ``alpha`` (and ``binarize=None``), this is
    ``sklearn.naive_bayes.BernoulliNB``.

    Examples
    --------
    >>> X = np.array([[1, 1, 0], [1, 0, 0], [0, 1, 1], [0, 0, 1]])
    >>> y = np.array([0, 0, 1, 1])
    >>> nb = BernoulliNaiveBayes(alpha=1.0).fit(X, y)
    >>> np.exp(nb.feature_log_prob_)  # (count + 1) / (2 + 2)
    array([[0.75, 0.5 , 0.25],
           [0.25, 0.5 , 0.75]])
    >>> nb.predict([[1, 0, 0], [0, 0, 1]])
    array([0, 1])
    >>> nb.predict_proba([[1, 1, 1]]).round(4)
    array([[0.5, 0.5]])
    """

    def __init__(self, alpha: float = 1.0) -> None:
        self.alpha = check_scalar(alpha, "alpha", low=0)

    @staticmethod
    def _as_binary(X: ArrayLike, name: str = "X") -> np.ndarray:
        X = as_array(X, name, ndim=2)
        if not np.isin(X, (0.0, 1.0)).all():
            raise ValueError(
                f"{name} must contain only 0 and 1 (binarise the features first)"
            )
        return X

    def fit(self, X: ArrayLike, y: ArrayLike) -> BernoulliNaiveBayes:
        """Estimate the class priors and the per-class feature probabilities.

        Parameters
        ----------
        X : array_like, shape (n, d)
            Binary features, each 0 or 1.
        y : array_like, shape (n,)
            Class labels.

        Returns
        -------
        BernoulliNaiveBayes
            ``self``, fitted.

        Raises
        ------
        ValueError
            If ``X`` is not a 2-D array of zeros and ones, ``y`` has a
            different length, or ``alpha = 0`` leaves a probability of 0 or 1
            (its logarithm would be infinite).
        """
        X = self._as_binary(X)
        y = as_array(y, "y", ndim=1, dtype=None)
        check_consistent_length(X, y, "X", "y")
        self.classes_, index = np.unique(y, return_inverse=True)
        one_hot = np.eye(len(self.classes_))[index]  # (n, K)
        self.class_count_ = one_hot.sum(axis=0)
        feature_count = one_hot.T @ X  # (K, d): N_kj, how often x_j = 1
        denominator = self.class_count_[:, None] + 2.0 * self.alpha
        theta = (feature_count + self.alpha) / denominator
        if ((theta == 0) | (theta == 1)).any():
            raise ValueError(
                "some feature is always 0 or always 1 within a class and "
                "alpha = 0, so its log probability is infinite: use alpha > 0"
            )
        self.feature_log_prob_ = np.log(theta)
        self.feature_log_prob_neg_ = np.log1p(-theta)
        self.class_log_prior_ = np.log(self.class_count_ / self.class_count_.sum())
        return self

    def joint_log_likelihood(self, X: ArrayLike) -> np.ndarray:
        r"""The unnormalised log posterior :math:`\log P(\mathbf{x}, y = k)`.

        Parameters
        ----------
        X : array_like, shape (m, d)
            Binary features.

        Returns
        -------
        numpy.ndarray, shape (m, K)

        Raises
        ------
        ValueError
            If the model is not fitted, or ``X`` is not binary with ``d``
            columns.
        """
        if not hasattr(self, "classes_"):
            raise ValueError("this BernoulliNaiveBayes is not fitted: call fit first")
        X = self._as_binary(X)
        d = self.feature_log_prob_.shape[1]
        if X.shape[1] != d:
            raise ValueError(f"X must have {d} columns, got {X.shape[1]}")
        log_on, log_off = self.feature_log_prob_, self.feature_log_prob_neg_
        return X @ log_on.T + (1.0 - X) @ log_off.T + self.class_log_prior_

    def predict_log_proba(self, X: ArrayLike) -> np.ndarray:
        r"""Log posterior probabilities :math:`\log P(y = k \mid \mathbf{x})`.

        Parameters
        ----------
        X : array_like, shape (m, d)
            Binary features.

        Returns
        -------
        numpy.ndarray, shape (m, K)
            Each row's exponentials sum to 1; normalised with ``logsumexp``.

        Raises
        ------
        ValueError
            If the model is not fitted, or ``X`` is not binary with ``d``
            columns.
        """
        joint = self.joint_log_likelihood(X)
        return joint - special.logsumexp(joint, axis=1, keepdims=True)

    def predict_proba(self, X: ArrayLike) -> np.ndarray:
        """Posterior probabilities of the classes, one row per sample.

        Parameters
        ----------
        X : array_like, shape (m, d)
            Binary features.

        Returns
        -------
        numpy.ndarray, shape (m, K)

        Raises
        ------
        ValueError
            If the model is not fitted, or ``X`` is not binary with ``d``
            columns.
        """
        return np.exp(self.predict_log_proba(X))

    def predict(self, X: ArrayLike) -> np.ndarray:
        """The most probable class of each sample.

        Parameters
        ----------
        X : array_like, shape (m, d)
            Binary features.

        Returns
        -------
        numpy.ndarray, shape (m,)
            Labels from :attr:`classes_`.

        Raises
        ------
        ValueError
            If the model is not fitted, or ``X`` is not binary with ``d``
            columns.
        """
        joint = self.joint_log_likelihood(X)
        return self.classes_[np.argmax(joint, axis=1)]

    def score(self, X: ArrayLike, y: ArrayLike) -> float:
        """Accuracy: the fraction of samples whose class is predicted right.

        Parameters
        ----------
        X : array_like, shape (m, d)
            Binary features.
        y : array_like, shape (m,)
            True labels.

        Returns
        -------
        float

        Raises
        ------
        ValueError
            If the model is not fitted, ``X`` is not binary with ``d``
            columns, ``y`` is not a finite 1-D array, or ``X`` and ``y``
            have different numbers of samples.
        """
        predicted = self.predict(X)
        y = as_array(y, "y", ndim=1, dtype=None)
        check_consistent_length(predicted, y, "X", "y")
        return float(np.mean(predicted == y))

    def __repr__(self) -> str:
        return f"BernoulliNaiveBayes(alpha={self.alpha!r})"


# ---------------------------------------------------------------------------
# Exact values and simulations for chapter 2
# ---------------------------------------------------------------------------


#: The most factors :func:`birthday_probability` multiplies (80 MB).
_MAX_BIRTHDAY_TERMS = 10**7


def birthday_probability(m: ArrayLike, days: int = 365) -> float | np.ndarray:
    r"""Exact probability that at least two of ``m`` people share a birthday.

    Parameters
    ----------
    m : int or array_like of int
        Number of people, ``>= 0``.
    days : int, optional
        Number of equally likely birthdays (default 365).

    Returns
    -------
    float or numpy.ndarray
        A float for scalar ``m``, else an array of the shape of ``m``.

    Raises
    ------
    TypeError
        If ``m`` or ``days`` is not an integer (array).
    ValueError
        If ``m < 0`` or ``days < 1``, or ``m`` is empty.
        If ``min(max(m), days)`` exceeds 1e7: the work grows with it.

    Notes
    -----
    All birthdays differ with probability

    .. math:: q_m = \prod_{i=0}^{m-1}\left(1 - \frac{i}{d}\right)
              = \frac{d!}{(d-m)!\,d^m},

    so the answer is :math:`1 - q_m`, and 1 for :math:`m > d` (pigeonhole).
    The product is formed as a cumulative sum of ``log1p(-i/d)`` (no
    underflow, one pass for every ``m`` at once) and
    :math:`1 - q_m = -\mathrm{expm1}(\log q_m)` keeps small answers accurate.
    The work is :math:`O(\min(\max m, d))`.

    Examples
    --------
    >>> round(birthday_probability(23), 4)
    0.5073
    >>> birthday_probability([1, 23, 30, 366]).round(4)
    array([0.    , 0.5073, 0.7063, 1.    ])
    """
    m = _as_integer_array(m, "m", low=0)
    days = check_integer(days, "days", low=1)
    terms = min(int(m.max()), days)
    if terms > _MAX_BIRTHDAY_TERMS:
        # One log1p term per person up to min(m, days): memory and time grow.
        raise ValueError(
            f"m must be <= {_MAX_BIRTHDAY_TERMS} unless it exceeds days "
            f"(the work grows with min(m, days)), got m up to {int(m.max())} "
            f"with days={days}"
        )
    log_q = np.concatenate([[0.0], np.cumsum(np.log1p(-np.arange(terms) / days))])
    probability = np.ones(m.shape)
    possible = m <= days
    # 0.0 - expm1 rather than -expm1, so that m = 0 or 1 gives 0.0, not -0.0.
    probability[possible] = 0.0 - np.expm1(log_q[m[possible]])
    return float(probability) if probability.ndim == 0 else probability


def birthday_simulation(
    m: int, trials: int, rng: np.random.Generator | int, days: int = 365
) -> float:
    r"""Monte Carlo estimate of :func:`birthday_probability`.

    Parameters
    ----------
    m : int
        Number of people, ``>= 1``.
    trials : int
        Number of simulated groups, ``>= 1``.
    rng : numpy.random.Generator or int
        Random generator or seed.
    days : int, optional
        Number of equally likely birthdays (default 365).

    Returns
    -------
    float
        The fraction of groups with a shared birthday.

    Raises
    ------
    TypeError
        If an integer argument is not an integer or ``rng`` is invalid.
    ValueError
        If ``m``, ``trials`` or ``days`` is below 1.
        If ``m * trials`` exceeds ``MAX_SAMPLES`` (1e8): the memory grows with it.

    Notes
    -----
    One ``(trials, m)`` array of birthdays, sorted along each row: a row
    has a shared birthday exactly when two neighbours are equal. Memory is
    ``8 * trials * m`` bytes. The standard error of the estimate is
    :math:`\sqrt{P(1-P)/\text{trials}}`.

    Examples
    --------
    >>> round(birthday_simulation(23, 100_000, rng=0), 2)
    0.51
    """
    m = check_integer(m, "m", low=1, high=MAX_SAMPLES)
    trials = check_integer(trials, "trials", low=1, high=MAX_SAMPLES)
    days = check_integer(days, "days", low=1, high=np.iinfo(np.int64).max)
    generator = check_rng(rng)
    if m * trials > MAX_SAMPLES:  # one birthday per person and trial
        raise ValueError(
            f"m * trials must be <= {MAX_SAMPLES}, got m={m} and trials={trials}"
        )
    birthdays = np.sort(generator.integers(days, size=(trials, m)), axis=1)
    shared = (np.diff(birthdays, axis=1) == 0).any(axis=1)
    return float(shared.mean())


def prob_no_special(total: int, special: int, draws: int) -> float:
    r"""Chance that ``draws`` items drawn without replacement avoid the special ones.

    Parameters
    ----------
    total : int
        Number of items, ``>= 1``.
    special : int
        How many of them are special (say, defective), ``0 <= special <= total``.
    draws : int
        How many are drawn, ``0 <= draws <= total``.

    Returns
    -------
    float
        :math:`\binom{N-S}{n} / \binom{N}{n}`, correctly rounded (computed
        with exact integers).

    Raises
    ------
    TypeError
        If an argument is not an integer.
    ValueError
        If an argument is out of range.

    Notes
    -----
    Every set of ``draws`` items is equally likely; :math:`\binom{N-S}{n}`
    of the :math:`\binom{N}{n}` sets avoid the special items. Equivalently,
    :math:`\prod_{i=0}^{n-1} \frac{N - S - i}{N - i}`, drawing one at a
    time. This is the hypergeometric probability of zero hits.

    Examples
    --------
    Three of 50 items, four of them defective:

    >>> round(prob_no_special(50, 4, 3), 5)
    0.77449
    """
    total = check_integer(total, "total", low=1)
    special = check_integer(special, "special", low=0, high=total)
    draws = check_integer(draws, "draws", low=0, high=total)
    # int / int is correctly rounded in Python, however big the integers.
    return math.comb(total - special, draws) / math.comb(total, draws)


def monty_hall_simulation(
    trials: int, rng: np.random.Generator | int, switch: bool = True
) -> float:
    """Simulate the Monty Hall game and return the fraction of games won.

    Parameters
    ----------
    trials : int
        Number of games, ``>= 1``.
    rng : numpy.random.Generator or int
        Random generator or seed.
    switch : bool, optional
        Whether the player switches to the other closed door (default).

    Returns
    -------
    float
        The win rate: near 2/3 when switching, 1/3 when staying.

    Raises
    ------
    TypeError
        If ``trials`` is not an integer, ``switch`` not a bool or ``rng``
        invalid.
    ValueError
        If ``trials < 1``.
        If ``trials`` exceeds ``MAX_SAMPLES`` (1e8).

    Notes
    -----
    Doors are 0, 1, 2. The car and the player's pick are uniform and
    independent. The host opens a door that is neither: when the pick is
    the car he chooses one of the other two at random, otherwise the only
    one left, ``3 - pick - car``. Switching takes the remaining door,
    ``3 - pick - opened``, so it wins exactly when the first pick was
    wrong, with probability 2/3.

    Examples
    --------
    >>> round(monty_hall_simulation(100_000, rng=0), 2)
    0.67
    >>> round(monty_hall_simulation(100_000, rng=0, switch=False), 2)
    0.33
    """
    trials = check_integer(trials, "trials", low=1, high=MAX_SAMPLES)
    switch = check_flag(switch, "switch")
    generator = check_rng(rng)
    car = generator.integers(3, size=trials)
    pick = generator.integers(3, size=trials)
    offset = generator.integers(1, 3, size=trials)  # 1 or 2: which other door
    opened = np.where(pick == car, (pick + offset) % 3, 3 - pick - car)
    final = 3 - pick - opened if switch else pick
    return float(np.mean(final == car))


def bernoulli_mle(x: ArrayLike) -> float:
    r"""Maximum-likelihood estimate of a Bernoulli ``p``: the fraction of ones.

    Parameters
    ----------
    x : array_like, shape (n,)
        Observed outcomes, each 0 or 1 (booleans allowed).

    Returns
    -------
    float
        :math:`\hat p = \frac{1}{n}\sum_i x_i`.

    Raises
    ------
    ValueError
        If ``x`` is not a non-empty 1-D array of zeros and ones.

    Notes
    -----
    With :math:`h` ones in :math:`n` trials the log-likelihood is
    :math:`\ell(p) = h\log p + (n-h)\log(1-p)`; setting
    :math:`\ell'(p) = h/p - (n-h)/(1-p) = 0` gives :math:`\hat p = h/n`.

    Examples
    --------
    >>> round(bernoulli_mle([1] * 9 + [0] * 4), 4)  # 9 heads in 13 flips: 9/13
    0.6923
    """
    x = as_array(x, "x", ndim=1)
    if not np.isin(x, (0.0, 1.0)).all():
        raise ValueError("x must contain only 0 and 1 (failures and successes)")
    return float(x.mean())


#: The largest ``n_dice * sides`` of :func:`dice_sum_distribution` (a second
#: of work).
_MAX_DICE = 20_000


def dice_sum_distribution(n_dice: int, sides: int = 6) -> tuple[np.ndarray, np.ndarray]:
    r"""Exact distribution of the sum of ``n_dice`` fair dice.

    Parameters
    ----------
    n_dice : int
        Number of dice, ``>= 1``.
    sides : int, optional
        Faces per die, numbered ``1..sides`` (default 6), ``>= 1``.

    Returns
    -------
    sums : numpy.ndarray of int64
        The possible sums, ``n_dice`` to ``n_dice * sides``.
    pmf : numpy.ndarray of float64
        Their probabilities, summing to 1.

    Raises
    ------
    TypeError
        If an argument is not an integer.
    ValueError
        If an argument is below 1, or ``n_dice * sides`` exceeds 20,000 (the
        work grows with its square).

    Notes
    -----
    The pmf of a sum of independent variables is the convolution of their
    pmfs, :math:`P(S + D = s) = \sum_k P(S = k)P(D = s - k)`, so the pmf of
    the sum is the uniform face pmf convolved with itself ``n_dice`` times.

    Examples
    --------
    >>> sums, pmf = dice_sum_distribution(2)
    >>> sums
    array([ 2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12])
    >>> pmf * 36
    array([1., 2., 3., 4., 5., 6., 5., 4., 3., 2., 1.])
    """
    n_dice = check_integer(n_dice, "n_dice", low=1, high=_MAX_DICE)
    sides = check_integer(sides, "sides", low=1, high=_MAX_DICE)
    if n_dice * sides > _MAX_DICE:
        # n_dice convolutions of arrays up to n_dice * sides long: the work
        # grows as (n_dice * sides)**2 / 2.
        raise ValueError(
            f"n_dice * sides must be <= {_MAX_DICE}, got n_dice={n_dice} and "
            f"sides={sides} (the work grows with the square of the product)"
        )
    face = np.full(sides, 1.0 / sides)
    pmf = face
    for _ in range(n_dice - 1):
        pmf = np.convolve(pmf, face)
    sums = np.arange(n_dice, n_dice * sides + 1, dtype=np.int64)
    return sums, pmf
