"""Tests for mathdl.probability.

Oracles: ``scipy.stats`` (every distribution's pmf/pdf, log, cdf, mean,
variance and kurtosis; ``chisquare`` and ``kstest`` for the samplers;
``hypergeom``), ``mpmath`` at 40 digits for the log densities in extreme
corners where SciPy itself is the less accurate one, exact rational
arithmetic with ``fractions`` / ``math.perm`` / ``math.comb``, enumeration
with ``itertools``, ``scipy.optimize`` for the maximum-likelihood check, and
hand-computed tables.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
import scipy.optimize
import scipy.stats as ss
from hypothesis import given, settings
from hypothesis import strategies as st

from mathdl import probability as P

RTOL = 1e-10
TIGHT = 5e-12  # against mpmath, see test_log_density_matches_mpmath
# Densities and cdfs whose exact values underflow to ~0 (subnormals) cannot
# agree relatively; everything at or above this floor must.
TINY = 1e-300
SEED = 20240521
N_SAMPLES = 20_000
ALPHA = 1e-3
SETTINGS = settings(max_examples=40, deadline=None)


# ---------------------------------------------------------------------------
# Oracles
# ---------------------------------------------------------------------------


def to_scipy(d: P.Distribution):
    """The scipy.stats frozen distribution equal to ``d``."""
    if isinstance(d, P.Bernoulli):
        return ss.bernoulli(d.p)
    if isinstance(d, P.Binomial):
        return ss.binom(d.n, d.p)
    if isinstance(d, P.Poisson):
        return ss.poisson(d.lam)
    if isinstance(d, P.Categorical):
        return ss.rv_discrete(values=(np.arange(len(d.p)), d.p))
    if isinstance(d, P.Uniform):
        return ss.uniform(d.a, d.b - d.a)
    if isinstance(d, P.Normal):
        return ss.norm(d.mu, d.sigma)
    if isinstance(d, P.Exponential):
        return ss.expon(scale=1 / d.rate)
    if isinstance(d, P.Gamma):
        return ss.gamma(d.shape, scale=d.scale)
    if isinstance(d, P.Beta):
        return ss.beta(d.a, d.b)
    raise AssertionError(f"no oracle for {d!r}")


def scipy_call(frozen, method: str, x):
    """Call a scipy method, silencing its own log(0) warnings."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return getattr(frozen, method)(x)


def points(d: P.Distribution, subnormal: bool = False) -> np.ndarray:
    """Evaluation points: the bulk, both tails, the support's ends, outside it,
    and (for discrete distributions) non-integers.

    Infinite and huge points are left out: scipy returns NaN for some of
    them (e.g. ``poisson.pmf(inf)``); ``test_far_and_infinite_points``
    checks the limits there. Subnormal points (where scipy's gamma and beta
    densities overflow or raise) are included only if ``subnormal``.
    """
    low, high = d.support
    mean, sd = d.mean(), d.std()
    extra = [low - 1, low, high, high + 1]
    if d.discrete:
        core = np.round(np.linspace(mean - 12 * sd - 3, mean + 12 * sd + 3, 61))
        extra += [low + 1, high - 1, low + 0.5, np.floor(mean) + 0.5, -2.5]
    else:
        core = mean + sd * np.linspace(-14, 14, 57)
        extra += [low + 1e-300]
        if np.isfinite(high):
            extra.append(np.nextafter(high, -np.inf))
        if subnormal:
            extra += [np.nextafter(low, np.inf), low + 1e-310]
    x = np.concatenate([core, extra])
    return np.unique(x[np.isfinite(x)])


def mp_log_density(d: P.Distribution, x: np.ndarray) -> np.ndarray:
    """log pmf/pdf at points inside the support, in 40-digit arithmetic.

    The parameters and points are the exact binary floats the code sees.
    """
    mpmath = pytest.importorskip(
        "mpmath", reason="mpmath is the oracle where scipy loses digits"
    )
    mp = mpmath.mp
    with mpmath.workdps(40):

        def one(v: float):
            v = mp.mpf(float(v))
            if isinstance(d, P.Binomial):
                n, p = d.n, mp.mpf(d.p)
                return (
                    mp.loggamma(n + 1)
                    - mp.loggamma(v + 1)
                    - mp.loggamma(n - v + 1)
                    + v * mp.log(p)
                    + (n - v) * mp.log(1 - p)
                )
            if isinstance(d, P.Poisson):
                lam = mp.mpf(d.lam)
                return v * mp.log(lam) - lam - mp.loggamma(v + 1)
            if isinstance(d, P.Gamma):
                k, theta = mp.mpf(d.shape), mp.mpf(d.scale)
                return (
                    (k - 1) * mp.log(v) - v / theta - mp.loggamma(k) - k * mp.log(theta)
                )
            if isinstance(d, P.Beta):
                a, b = mp.mpf(d.a), mp.mpf(d.b)
                log_beta = mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(a + b)
                return (a - 1) * mp.log(v) + (b - 1) * mp.log(1 - v) - log_beta
            raise AssertionError(f"no mpmath oracle for {d!r}")

        return np.array([float(one(v)) for v in x])


# ---------------------------------------------------------------------------
# Parameter grids
# ---------------------------------------------------------------------------

EPS = 1e-12
rng_grid = np.random.default_rng(3)

# Every quantity agrees with scipy.stats to RTOL here, extremes included
# (p within 1e-12 of 0 and 1, tiny sigma, huge or tiny rates and scales).
SCIPY_CASES = [
    *(P.Bernoulli(p) for p in (0.0, EPS, 0.3, 0.5, 1 - EPS, 1.0)),
    P.Binomial(0, 0.3),
    P.Binomial(1, 0.5),
    P.Binomial(10, 0.3),
    P.Binomial(20, EPS),
    P.Binomial(20, 1 - EPS),
    P.Binomial(5, 0.0),
    P.Binomial(5, 1.0),
    P.Binomial(1000, 0.01),
    P.Binomial(200, 0.999),
    *(P.Poisson(lam) for lam in (0.0, EPS, 0.5, 3.0, 50.0, 1000.0)),
    P.Categorical([1.0]),
    P.Categorical([0.2, 0.3, 0.5]),
    P.Categorical([0.0, 0.5, 0.0, 0.5, 0.0]),
    P.Categorical(rng_grid.dirichlet(np.full(20, 0.5))),
    P.Uniform(0.0, 1.0),
    P.Uniform(-3.0, 7.5),
    P.Uniform(1e-9, 2e-9),
    P.Uniform(-1e6, 1e6),
    P.Normal(0.0, 1.0),
    P.Normal(3.0, 1e-8),
    P.Normal(-2.0, 1e3),
    P.Normal(1e6, 2.0),
    *(P.Exponential(rate) for rate in (1e-8, 1.0, 3.5, 1e8)),
    P.Gamma(0.01, 1.0),
    P.Gamma(0.5, 2.0),
    P.Gamma(1.0, 3.0),
    P.Gamma(2.5, 0.1),
    P.Gamma(30.0, 1e-6),
    P.Gamma(1000.0, 2.0),
    P.Beta(0.5, 0.5),
    P.Beta(1.0, 1.0),
    P.Beta(2.0, 5.0),
    P.Beta(1e-3, 1e-3),
    P.Beta(1.0, 3.0),
    P.Beta(3.0, 1.0),
    P.Beta(3.0, 3.0),
    P.Beta(50.0, 70.0),
]

# Large n, lam and shapes. scipy's pmf/pdf *logarithms* here (and the
# Poisson pmf and gamma pdf themselves) come from the textbook formula
# ``k log(lam) - lam - gammaln(k+1)`` or ``xlogy(a-1, x) - x - gammaln(a)``,
# in which terms of size ~1e7 cancel: they lose about 9 digits (relative
# errors of 2e-10 to 4e-6 measured against mpmath for these cases). So the
# log density, and the density, are compared with mpmath at 40 digits
# instead; the cdf, mean and variance still with scipy.
EXTREME_CASES = [
    P.Binomial(10**6, 0.5),
    P.Binomial(10**6, 0.3),
    P.Binomial(10**6, 1e-3),
    P.Binomial(10**7, 0.99999),  # where forming x - np from q matters
    P.Binomial(10**6, EPS),
    P.Binomial(10**6, 1 - EPS),
    P.Poisson(1e6),
    P.Poisson(1e9),
    P.Gamma(1e6, 1.0),
    P.Gamma(1e6, 1e-6),
    P.Gamma(1e5, 3.0),
    P.Beta(1e6, 1e6),
    P.Beta(1e6, 3.5),
    P.Beta(2.5, 1e5),
    P.Beta(1.5, 1e6),  # scipy's betaln(1.5, 1e6) cancels too
]

ALL_CASES = SCIPY_CASES + EXTREME_CASES


def ids(cases):
    return [repr(d) if len(repr(d)) < 60 else type(d).__name__ for d in cases]


# ---------------------------------------------------------------------------
# Agreement with scipy.stats and mpmath
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("d", SCIPY_CASES, ids=ids(SCIPY_CASES))
def test_density_and_log_density_match_scipy(d):
    x = points(d)
    frozen = to_scipy(d)
    name = "pmf" if d.discrete else "pdf"
    np.testing.assert_allclose(
        getattr(d, name)(x), scipy_call(frozen, name, x), rtol=RTOL, atol=TINY
    )
    np.testing.assert_allclose(
        getattr(d, "log" + name)(x), scipy_call(frozen, "log" + name, x), rtol=RTOL
    )


@pytest.mark.parametrize("d", ALL_CASES, ids=ids(ALL_CASES))
def test_cdf_mean_var_match_scipy(d):
    x = points(d)
    frozen = to_scipy(d)
    np.testing.assert_allclose(
        d.cdf(x), scipy_call(frozen, "cdf", x), rtol=RTOL, atol=TINY
    )
    mean, var = frozen.stats(moments="mv")
    if isinstance(d, P.Bernoulli | P.Binomial):
        # scipy computes the variance as n*p - n*p**2, which cancels for p
        # near 1; exact rational arithmetic on the same float p instead.
        p = Fraction(d.p)
        var = float(getattr(d, "n", 1) * p * (1 - p))
    assert d.mean() == pytest.approx(float(mean), rel=1e-12, abs=1e-300)
    assert d.var() == pytest.approx(float(var), rel=1e-12, abs=1e-300)
    assert d.std() == pytest.approx(math.sqrt(float(var)), rel=1e-12, abs=1e-300)


# Near x = 0 (down to the smallest subnormal, 5e-324) the gamma and beta
# densities are huge or tiny; scipy overflows or raises there.
MPMATH_CASES = [
    *EXTREME_CASES,
    P.Gamma(0.5, 2.0),
    P.Gamma(0.01, 1.0),
    P.Gamma(30.0, 1e-6),
    P.Beta(0.5, 0.5),
    P.Beta(3.0, 3.0),
    P.Beta(2.0, 5.0),
]


@pytest.mark.parametrize("d", MPMATH_CASES, ids=ids(MPMATH_CASES))
def test_log_density_matches_mpmath(d):
    x = points(d, subnormal=True)
    low, high = d.support
    inside = np.isfinite(x) & (x > low) & (x < high)
    if d.discrete:
        inside &= x == np.floor(x)
    x = x[inside]
    expected = mp_log_density(d, x)
    # Tighter than RTOL: the code reaches ~1e-12 here (the floor is the
    # rounding of x/scale and n*p), and the finer points of Loader's method
    # (forming x - np without cancellation, log(2 pi x y / n)) matter at
    # this level rather than at 1e-10.
    np.testing.assert_allclose(d.log_density(x), expected, rtol=TIGHT)
    representable = np.abs(expected) < 700  # exp() of the rest under/overflows
    assert representable.sum() >= 3
    np.testing.assert_allclose(
        d.density(x[representable]), np.exp(expected[representable]), rtol=TIGHT
    )


@pytest.mark.parametrize(
    "d", [P.Binomial(10**6, 0.5), P.Binomial(10**6, 0.3), P.Beta(1e6, 3.5)]
)
def test_density_matches_scipy_boost_in_extreme_corners(d):
    # scipy's binomial pmf and beta pdf (not their logs) come from Boost's
    # accurate ibeta_derivative: a second, independent oracle.
    x = points(d)
    name = "pmf" if d.discrete else "pdf"
    expected = scipy_call(to_scipy(d), name, x)
    np.testing.assert_allclose(getattr(d, name)(x), expected, rtol=RTOL, atol=TINY)


# scipy's binomial pmf raises OverflowError for p below about 1e-307
# (Boost's ibeta_derivative), so no such p here.
probabilities = st.floats(0, 1).filter(lambda p: p == 0 or p > 1e-300)
distributions = st.one_of(
    st.builds(P.Bernoulli, probabilities),
    st.builds(P.Binomial, st.integers(0, 500), probabilities),
    st.builds(P.Poisson, st.floats(0, 500)),
    st.builds(P.Uniform, st.floats(-100, 0), st.floats(0.01, 100)),
    st.builds(P.Normal, st.floats(-100, 100), st.floats(1e-3, 100)),
    st.builds(P.Exponential, st.floats(1e-3, 1e3)),
    st.builds(P.Gamma, st.floats(0.05, 200), st.floats(1e-3, 1e3)),
    st.builds(P.Beta, st.floats(0.05, 200), st.floats(0.05, 200)),
)


@SETTINGS
@given(d=distributions, u=st.lists(st.floats(-3, 3), min_size=1, max_size=8))
def test_random_parameters_match_scipy(d, u):
    # Points at mean + u * sd, rounded for discrete distributions.
    x = d.mean() + np.array(u) * d.std()
    if d.discrete:
        x = np.round(x)
    frozen = to_scipy(d)
    name = "pmf" if d.discrete else "pdf"
    np.testing.assert_allclose(
        d.density(x), scipy_call(frozen, name, x), rtol=RTOL, atol=TINY
    )
    np.testing.assert_allclose(
        d.cdf(x), scipy_call(frozen, "cdf", x), rtol=RTOL, atol=TINY
    )


@SETTINGS
@given(
    d=st.one_of(
        st.builds(P.Binomial, st.integers(0, 300), st.floats(0, 1)),
        st.builds(P.Poisson, st.floats(0, 200)),
        st.builds(
            P.Categorical,
            st.lists(st.floats(0, 1), min_size=1, max_size=12)
            .filter(lambda w: sum(w) > 0.01)
            .map(lambda w: np.array(w) / np.sum(w)),
        ),
    )
)
def test_pmf_sums_to_one_and_accumulates_to_the_cdf(d):
    # Laws: the pmf sums to 1 over the support, and its running sum is the cdf.
    high = d.support[1]
    if not np.isfinite(high):
        high = math.ceil(d.mean() + 40 * d.std() + 40)
    k = np.arange(0, high + 1)
    pmf = d.pmf(k)
    assert pmf.sum() == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(np.cumsum(pmf), d.cdf(k), rtol=1e-10, atol=1e-12)
    logpmf = d.logpmf(k)
    np.testing.assert_allclose(np.exp(logpmf), pmf, rtol=1e-14, atol=0)


@pytest.mark.parametrize(
    "d",
    [
        P.Bernoulli(0.3),
        P.Binomial(10, 0.3),
        P.Poisson(2.0),
        P.Categorical([0.2, 0.8]),
        P.Uniform(0, 2),
        P.Normal(),
        P.Exponential(1.0),
        P.Gamma(2.0),
        P.Beta(2.0, 3.0),
    ],
    ids=lambda d: type(d).__name__,
)
def test_interface_shapes_and_support(d):
    assert isinstance(d, P.Distribution)
    x = np.linspace(-1, 3, 24).reshape(2, 3, 4)
    for method in ("density", "log_density", "cdf"):
        out = getattr(d, method)(x)
        assert out.shape == (2, 3, 4)
        assert np.ndim(getattr(d, method)(0.5)) == 0
    name = "pmf" if d.discrete else "pdf"
    np.testing.assert_array_equal(getattr(d, name)(x), d.density(x))
    np.testing.assert_array_equal(getattr(d, "log" + name)(x), d.log_density(x))
    # Outside the support (and between integers): 0, -inf, no warnings.
    low, high = d.support
    outside = np.array([low - 1.0, high + 1.0, -np.inf, np.inf])
    np.testing.assert_array_equal(d.density(outside), 0.0)
    np.testing.assert_array_equal(d.log_density(outside), -np.inf)
    np.testing.assert_array_equal(d.cdf([-np.inf, np.inf]), [0.0, 1.0])
    if d.discrete:
        assert d.pmf(0.5) == 0.0
        assert d.logpmf(0.5) == -np.inf
    assert repr(d).startswith(type(d).__name__ + "(")


@pytest.mark.parametrize("d", ALL_CASES, ids=ids(ALL_CASES))
def test_far_and_infinite_points(d):
    # Limits, without overflow warnings (which would fail the test).
    big = np.finfo(float).max
    x = np.array([-np.inf, -big, -1e300, 1e300, big, np.inf])
    np.testing.assert_array_equal(d.density(x), 0.0)
    assert (d.log_density(x) < -1e200).all()
    np.testing.assert_array_equal(d.log_density([-np.inf, np.inf]), -np.inf)
    np.testing.assert_array_equal(d.cdf(x), [0, 0, 0, 1, 1, 1])


@pytest.mark.parametrize(
    "d",
    [
        P.Uniform(-3.0, 7.5),
        P.Normal(0.0, 1.0),
        P.Normal(3.0, 1e-8),
        P.Exponential(3.5),
        P.Gamma(0.5, 2.0),
        P.Gamma(30.0, 1e-6),
        P.Gamma(1e6, 1.0),
        P.Beta(2.0, 5.0),
        P.Beta(0.5, 0.5),
        P.Beta(1e6, 1e6),
    ],
    ids=repr,
)
def test_pdf_is_the_derivative_of_the_cdf(d):
    # Central differences of the cdf (whose error is O(h^2) plus rounding
    # of order eps / (h * pdf)) at the quartiles and deciles.
    x = to_scipy(d).ppf([0.1, 0.25, 0.5, 0.75, 0.9])
    h = 1e-5 * d.std()
    upper, lower = x + h, x - h  # divide by the step actually taken
    numeric = (d.cdf(upper) - d.cdf(lower)) / (upper - lower)
    np.testing.assert_allclose(numeric, d.pdf(x), rtol=1e-6)


def test_distribution_is_abstract():
    with pytest.raises(TypeError):
        P.Distribution()


def test_density_at_the_ends_of_the_support_matches_scipy():
    for d in [
        P.Gamma(0.5, 2.0),
        P.Gamma(1.0, 2.0),
        P.Gamma(3.0, 2.0),
        P.Beta(0.5, 2.0),
        P.Beta(1.0, 2.0),
        P.Beta(2.0, 1.0),
        P.Beta(3.0, 0.7),
        P.Exponential(2.0),
    ]:
        x = np.array([0.0, 1.0]) if isinstance(d, P.Beta) else np.array([0.0])
        np.testing.assert_allclose(d.pdf(x), to_scipy(d).pdf(x), rtol=RTOL)


# ---------------------------------------------------------------------------
# Samplers
# ---------------------------------------------------------------------------

SAMPLED = [
    P.Bernoulli(0.3),
    P.Binomial(20, 0.35),
    P.Binomial(10**6, 0.3),
    P.Poisson(3.5),
    P.Poisson(400.0),
    P.Categorical([0.1, 0.0, 0.4, 0.2, 0.3]),
    P.Uniform(-2.0, 5.0),
    P.Normal(1.5, 0.5),
    P.Exponential(2.5),
    P.Gamma(0.3, 2.0),
    P.Gamma(7.5, 0.5),
    P.Beta(2.0, 5.0),
    P.Beta(0.5, 0.5),
]


def chisquare_pvalue(samples: np.ndarray, pmf, cdf, low: int, high: int) -> float:
    """Chi-square goodness of fit; the end bins take the tails and bins
    with expected count below 5 are merged with their neighbours."""
    n = samples.size
    k = np.arange(low, high + 1)
    prob = np.asarray(pmf(k), dtype=float)
    prob[0] = cdf(low)
    prob[-1] = 1.0 - cdf(high - 1) if high > low else 1.0
    observed = np.bincount(np.clip(samples, low, high) - low, minlength=k.size)
    obs_bins, exp_bins, o, e = [], [], 0, 0.0
    for oi, pi in zip(observed, prob, strict=True):
        o, e = o + oi, e + n * pi
        if e >= 5:
            obs_bins.append(o)
            exp_bins.append(e)
            o, e = 0, 0.0
    obs_bins[-1] += o
    exp_bins[-1] += e
    exp_arr = np.array(exp_bins)
    exp_arr *= n / exp_arr.sum()
    return float(ss.chisquare(obs_bins, exp_arr).pvalue)


def assert_moments(samples: np.ndarray, mean: float, var: float, kurt: float) -> None:
    """Sample mean and variance within 5 standard errors of the truth."""
    n = samples.size
    se_mean = math.sqrt(var / n)
    se_var = var * math.sqrt((kurt + 2) / n)  # kurt is the excess kurtosis
    assert abs(samples.mean() - mean) < 5 * se_mean
    assert abs(samples.var(ddof=1) - var) < 5 * se_var


@pytest.mark.parametrize("d", SAMPLED, ids=ids(SAMPLED))
def test_sampler_moments_and_goodness_of_fit(d):
    frozen = to_scipy(d)
    x = d.sample(N_SAMPLES, rng=SEED)
    assert x.shape == (N_SAMPLES,)
    mean, var, kurt = (float(v) for v in frozen.stats(moments="mvk"))
    assert_moments(x, mean, var, kurt)
    if d.discrete:
        assert x.dtype == np.int64
        low = int(max(d.support[0], math.floor(mean - 8 * math.sqrt(var))))
        high = int(min(d.support[1], math.ceil(mean + 8 * math.sqrt(var))))
        pvalue = chisquare_pvalue(x, frozen.pmf, frozen.cdf, low, high)
        if isinstance(d, P.Categorical):
            assert not np.isin(x, np.flatnonzero(d.p == 0)).any()
    else:
        assert x.dtype == np.float64
        pvalue = ss.kstest(x, frozen.cdf).pvalue
    assert pvalue > ALPHA


def test_beta_sampler_with_tiny_shapes_does_not_underflow():
    # Gamma(0.01) draws underflow to 0 about half the time; the log-space
    # sampler must still give values in [0, 1] with the right distribution.
    # About 16% of Beta(0.01, 0.02) lies within 1e-16 of 1 and so rounds to
    # exactly 1.0; such ties break the KS test, so use chi-square on 20 bins
    # of equal probability (the last bin is closed and holds the 1.0s).
    x = P.Beta(0.01, 0.02).sample(N_SAMPLES, rng=SEED)
    assert np.isfinite(x).all() and (x >= 0).all() and (x <= 1).all()
    # The top quantiles are all 1.0 in floating point: merge equal edges.
    oracle = ss.beta(0.01, 0.02)
    edges = np.unique(np.r_[0.0, oracle.ppf(np.linspace(0, 1, 21)[1:-1]), 1.0])
    observed, _ = np.histogram(x, bins=edges)
    expected = N_SAMPLES * np.diff(oracle.cdf(edges))
    assert expected.min() > 5
    assert ss.chisquare(observed, expected).pvalue > ALPHA


@pytest.mark.parametrize(
    "d", SAMPLED[:1] + SAMPLED[6:9], ids=lambda d: type(d).__name__
)
def test_sample_shape_and_reproducibility(d):
    assert d.sample((3, 5), rng=1).shape == (3, 5)
    assert d.sample((7,), rng=1).shape == (7,)
    np.testing.assert_array_equal(d.sample(11, rng=4), d.sample(11, rng=4))
    g = np.random.default_rng(0)
    assert not np.array_equal(d.sample(50, g), d.sample(50, g))


def test_normal_sampler_is_box_muller():
    # The same uniforms, transformed by hand, give the same normals.
    u = np.random.default_rng(5).random(6)
    u1, u2 = 1.0 - u[:3], u[3:]
    r, theta = np.sqrt(-2 * np.log(u1)), 2 * np.pi * u2
    expected = 2.0 + 3.0 * np.concatenate([r * np.cos(theta), r * np.sin(theta)])
    np.testing.assert_allclose(P.Normal(2.0, 3.0).sample(5, rng=5), expected[:5])
    np.testing.assert_allclose(P.Normal(2.0, 3.0).sample(6, rng=5), expected)


def test_categorical_sampler_is_sample_discrete():
    p = [0.25, 0.0, 0.75]
    np.testing.assert_array_equal(
        P.Categorical(p).sample(100, rng=2), P.sample_discrete(p, 100, rng=2)
    )


def test_exponential_sampler_is_the_inverse_cdf():
    u = np.random.default_rng(5).random(10)
    np.testing.assert_allclose(
        P.Exponential(4.0).sample(10, rng=5), ss.expon(scale=0.25).ppf(u), rtol=1e-12
    )


# ---------------------------------------------------------------------------
# Sampling any finite distribution
# ---------------------------------------------------------------------------

FINITE_PMFS = [
    np.array([0.2, 0.5, 0.3]),
    np.array([0.0, 0.25, 0.0, 0.0, 0.75, 0.0]),
    np.random.default_rng(7).dirichlet(np.full(50, 0.7)),
]


def alias_sample(p, size, rng):
    return P.AliasSampler(p).sample(size, rng)


@pytest.mark.parametrize("sampler", [P.sample_discrete, alias_sample])
@pytest.mark.parametrize("p", FINITE_PMFS, ids=["3", "zeros", "50"])
def test_finite_samplers_fit_their_pmf(sampler, p):
    x = sampler(p, N_SAMPLES, SEED)
    assert x.dtype == np.int64 and x.shape == (N_SAMPLES,)
    assert not np.isin(x, np.flatnonzero(p == 0)).any()
    cdf = np.cumsum(p)
    pvalue = chisquare_pvalue(x, lambda k: p[k], lambda k: cdf[k], 0, len(p) - 1)
    assert pvalue > ALPHA
    categorical = ss.rv_discrete(values=(np.arange(len(p)), p))
    assert_moments(x, *(float(v) for v in categorical.stats(moments="mvk")))


@pytest.mark.parametrize("sampler", [P.sample_discrete, alias_sample])
@pytest.mark.parametrize("p", [[1.0], [0.0, 0.0, 1.0, 0.0]])
def test_finite_samplers_with_a_certain_outcome(sampler, p):
    x = sampler(p, (40, 50), 0)
    assert x.shape == (40, 50)
    np.testing.assert_array_equal(x, int(np.argmax(p)))


def test_sample_discrete_is_the_inverse_cdf():
    # Draw k exactly when cdf[k-1] <= U < cdf[k], for the same uniforms.
    p = np.array([0.1, 0.6, 0.3])
    u = np.random.default_rng(9).random(1000)
    expected = (u[:, None] >= np.cumsum(p)[None, :]).sum(axis=1)
    np.testing.assert_array_equal(P.sample_discrete(p, 1000, 9), expected)


class ConstantUniforms(np.random.Generator):
    """A generator whose uniforms all equal ``self.value``: probes the ends."""

    value = 0.0

    def random(self, size=None, dtype=np.float64, out=None):
        return np.full(size, self.value)


def constant_uniforms(value: float) -> ConstantUniforms:
    g = ConstantUniforms(np.random.PCG64(0))
    g.value = value
    return g


@pytest.mark.parametrize(
    ("u", "expected"), [(0.0, 1), (np.nextafter(1.0, 0.0), 10)], ids=["0", "1-eps"]
)
def test_sample_discrete_at_the_ends_of_the_unit_interval(u, expected):
    # The running sum of ten 0.1s is 0.9999999999999999, not 1: even a
    # uniform in that last sliver must not land on a zero-probability
    # category; nor may U = 0 land on the leading one.
    p = [0.0] + [0.1] * 10 + [0.0]
    np.testing.assert_array_equal(
        P.sample_discrete(p, 5, constant_uniforms(u)), expected
    )


@SETTINGS
@given(
    w=st.lists(
        st.one_of(st.just(0.0), st.floats(1e-6, 1.0)), min_size=1, max_size=40
    ).filter(lambda w: sum(w) > 0)
)
def test_alias_table_reproduces_the_pmf(w):
    # Law: P(j) = (prob[j] + sum over columns i aliased to j of (1 - prob[i])) / K.
    p = np.array(w) / np.sum(w)
    sampler = P.AliasSampler(p)
    k = len(p)
    assert ((sampler.prob >= 0) & (sampler.prob <= 1)).all()
    rebuilt = sampler.prob + np.bincount(
        sampler.alias, weights=1 - sampler.prob, minlength=k
    )
    np.testing.assert_allclose(rebuilt / k, p, rtol=1e-9, atol=1e-15)
    assert (sampler.prob[p == 0] == 0).all()  # zero categories are never kept
    assert (p[sampler.alias[sampler.prob < 1]] > 0).all()  # ...nor aliased to


# ---------------------------------------------------------------------------
# Tables and Bayes
# ---------------------------------------------------------------------------

JOINT = np.array([[0.1, 0.2], [0.3, 0.4]])


def test_marginal_and_conditional_of_a_hand_table():
    np.testing.assert_allclose(P.marginal(JOINT, 0), [0.3, 0.7], rtol=1e-15)
    np.testing.assert_allclose(P.marginal(JOINT, 1), [0.4, 0.6], rtol=1e-15)
    np.testing.assert_allclose(P.marginal(JOINT, -1), [0.4, 0.6], rtol=1e-15)
    np.testing.assert_allclose(
        P.conditional(JOINT, 0), [[1 / 3, 2 / 3], [3 / 7, 4 / 7]], rtol=1e-14
    )
    np.testing.assert_allclose(
        P.conditional(JOINT, 1), [[1 / 4, 2 / 6], [3 / 4, 4 / 6]], rtol=1e-14
    )


@SETTINGS
@given(
    shape=st.lists(st.integers(1, 4), min_size=2, max_size=4).map(tuple),
    seed=st.integers(0, 2**32 - 1),
    data=st.data(),
)
def test_tables_obey_the_sum_and_product_rules(shape, seed, data):
    joint = np.random.default_rng(seed).random(shape) + 0.01
    joint /= joint.sum()
    axis = data.draw(st.integers(0, len(shape) - 1))
    others = tuple(i for i in range(len(shape)) if i != axis)
    m = P.marginal(joint, axis)
    np.testing.assert_allclose(m, np.sum(joint, axis=others), rtol=1e-15)
    cond = P.conditional(joint, axis)
    np.testing.assert_allclose(np.sum(cond, axis=others), 1.0, rtol=1e-12)
    # Product rule: P(rest | X) P(X) = P(X, rest).
    expand = [1] * len(shape)
    expand[axis] = -1
    np.testing.assert_allclose(cond * m.reshape(expand), joint, rtol=1e-14)


def test_conditional_on_an_impossible_value_raises():
    joint = np.array([[0.5, 0.5], [0.0, 0.0]])
    np.testing.assert_allclose(P.conditional(joint, 1), [[1.0, 1.0], [0.0, 0.0]])
    with pytest.raises(ValueError, match=r"joint gives probability 0 to index \[1\]"):
        P.conditional(joint, 0)


def test_bayes_diagnostic_test():
    prevalence, sensitivity, false_positive = 0.01, 0.99, 0.05
    posterior = P.bayes([prevalence, 1 - prevalence], [sensitivity, false_positive])
    expected = 0.0099 / (0.0099 + 0.0495)
    assert posterior[0] == pytest.approx(expected, rel=1e-14)
    assert posterior.sum() == pytest.approx(1.0, rel=1e-15)


def test_bayes_against_exact_fractions():
    prior = [Fraction(1, 2), Fraction(1, 3), Fraction(1, 6)]
    likelihood = [Fraction(1, 10), Fraction(3, 4), Fraction(0)]
    evidence = sum(p * lk for p, lk in zip(prior, likelihood, strict=True))
    exact = [float(p * lk / evidence) for p, lk in zip(prior, likelihood, strict=True)]
    got = P.bayes([float(v) for v in prior], [float(v) for v in likelihood])
    np.testing.assert_allclose(got, exact, rtol=1e-15)


def test_naive_bayes_matches_sklearn_on_binarised_digits():
    from sklearn.naive_bayes import BernoulliNB

    from mathdl import datasets

    X_train, X_test, y_train, y_test = datasets.load_digits(seed=0)
    B_train, B_test = (X_train > 8).astype(float), (X_test > 8).astype(float)
    for alpha in (1.0, 0.5):
        ours = P.BernoulliNaiveBayes(alpha=alpha).fit(B_train, y_train)
        ref = BernoulliNB(alpha=alpha, binarize=None).fit(B_train, y_train)
        np.testing.assert_allclose(
            ours.feature_log_prob_, ref.feature_log_prob_, rtol=1e-12
        )
        np.testing.assert_allclose(
            ours.class_log_prior_, ref.class_log_prior_, rtol=1e-12
        )
        np.testing.assert_array_equal(ours.predict(B_test), ref.predict(B_test))
        np.testing.assert_allclose(
            ours.predict_proba(B_test), ref.predict_proba(B_test), atol=1e-12
        )
        assert ours.score(B_test, y_test) == pytest.approx(ref.score(B_test, y_test))


def test_naive_bayes_by_hand_and_in_log_space():
    # Two classes, three features; theta = (count + 1) / (2 + 2).
    X = np.array([[1, 1, 0], [1, 0, 0], [0, 1, 1], [0, 0, 1]])
    y = np.array(["a", "a", "b", "b"])
    nb = P.BernoulliNaiveBayes().fit(X, y)
    theta = np.array([[3, 2, 1], [1, 2, 3]]) / 4
    np.testing.assert_allclose(np.exp(nb.feature_log_prob_), theta, rtol=1e-15)
    x = np.array([1, 0, 0])
    direct = 0.5 * np.prod(np.where(x == 1, theta, 1 - theta), axis=1)
    np.testing.assert_allclose(
        nb.predict_proba([x])[0], direct / direct.sum(), rtol=1e-14
    )
    assert nb.predict([x, [0, 0, 1]]).tolist() == ["a", "b"]
    # 2000 features: the direct product underflows, the log space does not.
    rng = np.random.default_rng(SEED)
    Xbig = (rng.random((40, 2000)) < 0.5).astype(float)
    ybig = np.repeat([0, 1], 20)
    big = P.BernoulliNaiveBayes().fit(Xbig, ybig)
    proba = big.predict_proba(Xbig)
    assert np.isfinite(proba).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-14)


def test_naive_bayes_bad_input():
    with pytest.raises(ValueError, match="not fitted"):
        P.BernoulliNaiveBayes().predict([[0, 1]])
    with pytest.raises(ValueError, match="alpha"):
        P.BernoulliNaiveBayes(alpha=-1.0)
    with pytest.raises(ValueError, match="X must contain only 0 and 1"):
        P.BernoulliNaiveBayes().fit([[0, 2]], [0])
    with pytest.raises(ValueError, match="same number of samples"):
        P.BernoulliNaiveBayes().fit([[0, 1], [1, 0]], [0])
    with pytest.raises(ValueError, match="alpha = 0"):
        P.BernoulliNaiveBayes(alpha=0.0).fit([[0, 1], [1, 1]], [0, 1])
    nb = P.BernoulliNaiveBayes().fit([[0, 1], [1, 1]], [0, 1])
    with pytest.raises(ValueError, match="2 columns"):
        nb.predict([[0, 1, 1]])
    assert repr(nb) == "BernoulliNaiveBayes(alpha=1.0)"


# ---------------------------------------------------------------------------
# The book's checks
# ---------------------------------------------------------------------------


def exact_birthday(m: int, days: int = 365) -> float:
    if m > days:
        return 1.0
    return float(1 - Fraction(math.perm(days, m), days**m))


def test_birthday_probability_book_values():
    assert round(P.birthday_probability(23), 4) == 0.5073
    assert round(P.birthday_probability(30), 4) == 0.7063
    assert P.birthday_probability(1) == 0.0
    assert P.birthday_probability(0) == 0.0
    assert P.birthday_probability(366) == 1.0
    assert P.birthday_probability(1000) == 1.0
    assert isinstance(P.birthday_probability(23), float)


def test_birthday_probability_matches_exact_fractions():
    m = np.arange(0, 370)
    got = P.birthday_probability(m)
    assert got.shape == m.shape
    np.testing.assert_allclose(got, [exact_birthday(int(k)) for k in m], rtol=1e-12)
    # Small days and an array of any shape.
    grid = np.array([[2, 3], [4, 9]])
    np.testing.assert_allclose(
        P.birthday_probability(grid, days=4),
        [[exact_birthday(int(k), 4) for k in row] for row in grid],
        rtol=1e-13,
    )


def test_birthday_simulation_agrees_with_the_exact_value():
    trials = 20_000
    for m in (10, 23, 30):
        exact = exact_birthday(m)
        estimate = P.birthday_simulation(m, trials, rng=SEED)
        assert abs(estimate - exact) < 5 * math.sqrt(exact * (1 - exact) / trials)
    assert P.birthday_simulation(1, 100, rng=0) == 0.0
    assert P.birthday_simulation(5, 100, rng=0, days=4) == 1.0


def test_prob_no_special_defective_items():
    value = P.prob_no_special(50, 4, 3)
    assert round(value, 5) == 0.77449
    assert value == float(Fraction(math.comb(46, 3), math.comb(50, 3)))
    assert value == pytest.approx(ss.hypergeom(50, 4, 3).pmf(0), rel=1e-12)
    assert P.prob_no_special(10, 0, 4) == 1.0
    assert P.prob_no_special(10, 7, 4) == 0.0  # only 3 ordinary items


def test_monty_hall_switching_wins_two_thirds():
    trials = 30_000
    se = math.sqrt(2 / 9 / trials)
    assert abs(P.monty_hall_simulation(trials, rng=SEED) - 2 / 3) < 5 * se
    assert abs(P.monty_hall_simulation(trials, rng=SEED, switch=False) - 1 / 3) < 5 * se


def test_bernoulli_mle_coin():
    flips = [1] * 9 + [0] * 4
    assert P.bernoulli_mle(flips) == 9 / 13
    assert P.bernoulli_mle(np.array(flips, dtype=bool)) == 9 / 13

    # It maximises the log-likelihood (found numerically by scipy).
    def neg_log_likelihood(p):
        return -P.Bernoulli(p).logpmf(np.array(flips)).sum()

    # The derivative of the log-likelihood, h/p - (n-h)/(1-p), vanishes
    # there: checked by central differences too.
    p_hat, step = 9 / 13, 1e-6
    slope = (neg_log_likelihood(p_hat - step) - neg_log_likelihood(p_hat + step)) / (
        2 * step
    )
    assert abs(slope) < 1e-6
    assert -neg_log_likelihood(p_hat) > -neg_log_likelihood(p_hat + 0.01)
    assert -neg_log_likelihood(p_hat) > -neg_log_likelihood(p_hat - 0.01)

    best = scipy.optimize.minimize_scalar(
        neg_log_likelihood,
        bounds=(1e-6, 1 - 1e-6),
        method="bounded",
        options={"xatol": 1e-10},
    )
    assert best.x == pytest.approx(9 / 13, abs=1e-6)


@pytest.mark.parametrize(("n_dice", "sides"), [(1, 6), (2, 6), (3, 6), (3, 4), (2, 1)])
def test_dice_sum_distribution_matches_enumeration(n_dice, sides):
    counts: dict[int, int] = {}
    for roll in itertools.product(range(1, sides + 1), repeat=n_dice):
        counts[sum(roll)] = counts.get(sum(roll), 0) + 1
    total = sides**n_dice
    sums, pmf = P.dice_sum_distribution(n_dice, sides)
    np.testing.assert_array_equal(sums, sorted(counts))
    np.testing.assert_allclose(
        pmf, [float(Fraction(counts[s], total)) for s in sorted(counts)], rtol=1e-13
    )
    assert sums.dtype == np.int64


def test_dice_sum_distribution_many_dice():
    sums, pmf = P.dice_sum_distribution(10)
    assert pmf.sum() == pytest.approx(1.0, abs=1e-14)
    np.testing.assert_allclose(pmf, pmf[::-1], rtol=1e-12)  # symmetric about 35
    assert sums @ pmf == pytest.approx(35.0, rel=1e-14)
    assert (sums - 35.0) ** 2 @ pmf == pytest.approx(10 * 35 / 12, rel=1e-12)


def test_dice_sum_distribution_against_simulation():
    _, pmf = P.dice_sum_distribution(3)
    rolls = np.random.default_rng(SEED).integers(1, 7, size=(N_SAMPLES, 3)).sum(axis=1)
    pvalue = chisquare_pvalue(
        rolls, lambda s: pmf[s - 3], lambda s: pmf[: s - 2].sum(), 3, 18
    )
    assert pvalue > ALPHA


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------

NORMAL = P.Normal()
POISSON = P.Poisson(2.0)
BAD = [
    # constructors: out of range, non-finite, wrong type
    (lambda: P.Normal(0.0, 0.0), ValueError, "sigma"),
    (lambda: P.Normal(0.0, -1.0), ValueError, "sigma"),
    (lambda: P.Normal(0.0, np.inf), ValueError, "sigma"),
    (lambda: P.Normal(np.nan, 1.0), ValueError, "mu"),
    (lambda: P.Normal("0", 1.0), TypeError, "mu"),
    (lambda: P.Bernoulli(1.5), ValueError, "p"),
    (lambda: P.Bernoulli(-1e-9), ValueError, "p"),
    (lambda: P.Bernoulli(True), TypeError, "p"),
    (lambda: P.Binomial(2.5, 0.3), TypeError, "n"),
    (lambda: P.Binomial(10.0, 0.3), TypeError, "n"),
    (lambda: P.Binomial(-1, 0.3), ValueError, "n"),
    (lambda: P.Binomial(10, 1.1), ValueError, "p"),
    (lambda: P.Binomial(10, np.nan), ValueError, "p"),
    (lambda: P.Poisson(-1.0), ValueError, "lam"),
    (lambda: P.Poisson(np.inf), ValueError, "lam"),
    (lambda: P.Poisson(1e301), ValueError, "lam"),
    (lambda: P.Categorical([0.5, 0.4]), ValueError, "p"),
    (lambda: P.Categorical([-0.1, 1.1]), ValueError, "p"),
    (lambda: P.Categorical([[0.5, 0.5]]), ValueError, "p"),
    (lambda: P.Categorical([]), ValueError, "p"),
    (lambda: P.Categorical([np.nan, 1.0]), ValueError, "p"),
    (lambda: P.Uniform(1.0, 1.0), ValueError, "b"),
    (lambda: P.Uniform(2.0, 1.0), ValueError, "b"),
    (lambda: P.Uniform(-1e308, 1e308), ValueError, "b - a"),
    (lambda: P.Uniform(np.nan, 1.0), ValueError, "a"),
    (lambda: P.Exponential(0.0), ValueError, "rate"),
    (lambda: P.Exponential(-2.0), ValueError, "rate"),
    (lambda: P.Gamma(0.0, 1.0), ValueError, "shape"),
    (lambda: P.Gamma(-1.0, 1.0), ValueError, "shape"),
    (lambda: P.Gamma(1.0, 0.0), ValueError, "scale"),
    (lambda: P.Beta(0.0, 1.0), ValueError, "a"),
    (lambda: P.Beta(1.0, -1.0), ValueError, "b"),
    (lambda: P.Beta(1.0, [2.0]), TypeError, "b"),
    # evaluation points
    (lambda: NORMAL.pdf([]), ValueError, "x"),
    (lambda: NORMAL.pdf([0.0, np.nan]), ValueError, "x"),
    (lambda: NORMAL.cdf(np.nan), ValueError, "x"),
    (lambda: POISSON.logpmf([np.nan]), ValueError, "x"),
    (lambda: NORMAL.logpdf("abc"), TypeError, "x"),
    (lambda: POISSON.pmf(None), TypeError, "x"),
    # sample sizes and generators
    (lambda: NORMAL.sample(0, 0), ValueError, "size"),
    (lambda: NORMAL.sample(-3, 0), ValueError, "size"),
    (lambda: NORMAL.sample(2.5, 0), TypeError, "size"),
    (lambda: NORMAL.sample((), 0), ValueError, "size"),
    (lambda: POISSON.sample((2, 0), 0), ValueError, "size"),
    (lambda: NORMAL.sample(5, None), TypeError, "rng"),
    (lambda: POISSON.sample(5, 1.5), TypeError, "rng"),
    # finite samplers
    (lambda: P.sample_discrete([0.5, 0.4], 10, 0), ValueError, "p"),
    (lambda: P.sample_discrete([-0.5, 1.5], 10, 0), ValueError, "p"),
    (lambda: P.sample_discrete([[0.5, 0.5]], 10, 0), ValueError, "p"),
    (lambda: P.sample_discrete([], 10, 0), ValueError, "p"),
    (lambda: P.sample_discrete([np.inf, 0.0], 10, 0), ValueError, "p"),
    (lambda: P.sample_discrete([0.5, 0.5], 0, 0), ValueError, "size"),
    (lambda: P.sample_discrete([0.5, 0.5], 10, "seed"), TypeError, "rng"),
    (lambda: P.AliasSampler([0.6, 0.6]), ValueError, "p"),
    (lambda: P.AliasSampler([-0.2, 1.2]), ValueError, "p"),
    (lambda: P.AliasSampler(np.ones((2, 2)) / 4), ValueError, "p"),
    (lambda: P.AliasSampler([]), ValueError, "p"),
    (lambda: P.AliasSampler([0.5, 0.5]).sample(1.0, 0), TypeError, "size"),
    (lambda: P.AliasSampler([0.5, 0.5]).sample(3, None), TypeError, "rng"),
    # tables
    (lambda: P.marginal([0.5, 0.5], 0), ValueError, "joint"),
    (lambda: P.marginal([[0.5, -0.1], [0.3, 0.3]], 0), ValueError, "joint"),
    (lambda: P.marginal([[0.5, 0.2], [0.2, 0.2]], 0), ValueError, "joint"),
    (lambda: P.marginal([[0.5, np.nan], [0.2, 0.3]], 0), ValueError, "joint"),
    (lambda: P.marginal(np.zeros((0, 2)), 0), ValueError, "joint"),
    (lambda: P.marginal(JOINT, 2), ValueError, "axis"),
    (lambda: P.marginal(JOINT, -3), ValueError, "axis"),
    (lambda: P.marginal(JOINT, 0.0), TypeError, "axis"),
    (lambda: P.conditional(JOINT * 2, 0), ValueError, "joint"),
    (lambda: P.conditional(JOINT, 2), ValueError, "given"),
    (lambda: P.conditional(JOINT, None), TypeError, "given"),
    (lambda: P.bayes([0.5, 0.6], [0.1, 0.2]), ValueError, "prior"),
    (lambda: P.bayes([], []), ValueError, "prior"),
    (lambda: P.bayes([0.5, 0.5], [0.1, 0.2, 0.3]), ValueError, "likelihood"),
    (lambda: P.bayes([0.5, 0.5], [[0.1, 0.2]]), ValueError, "likelihood"),
    (lambda: P.bayes([0.5, 0.5], [-0.1, 0.2]), ValueError, "likelihood"),
    (lambda: P.bayes([0.5, 0.5], [np.nan, 0.2]), ValueError, "likelihood"),
    (lambda: P.bayes([1.0, 0.0], [0.0, 0.7]), ValueError, "evidence"),
    # book helpers
    (lambda: P.birthday_probability(-1), ValueError, "m"),
    (lambda: P.birthday_probability(2.5), TypeError, "m"),
    (lambda: P.birthday_probability([23.0]), TypeError, "m"),
    (lambda: P.birthday_probability([]), ValueError, "m"),
    (lambda: P.birthday_probability(True), TypeError, "m"),
    (lambda: P.birthday_probability(23, days=0), ValueError, "days"),
    (lambda: P.birthday_probability(23, days=365.0), TypeError, "days"),
    (lambda: P.birthday_simulation(0, 10, 0), ValueError, "m"),
    (lambda: P.birthday_simulation(23, 0, 0), ValueError, "trials"),
    (lambda: P.birthday_simulation(23, 10.0, 0), TypeError, "trials"),
    (lambda: P.birthday_simulation(23, 10, None), TypeError, "rng"),
    (lambda: P.birthday_simulation(23, 10, 0, days=0), ValueError, "days"),
    (lambda: P.prob_no_special(0, 0, 0), ValueError, "total"),
    (lambda: P.prob_no_special(50, 51, 3), ValueError, "special"),
    (lambda: P.prob_no_special(50, -1, 3), ValueError, "special"),
    (lambda: P.prob_no_special(50, 4, 51), ValueError, "draws"),
    (lambda: P.prob_no_special(50.0, 4, 3), TypeError, "total"),
    (lambda: P.monty_hall_simulation(0, 0), ValueError, "trials"),
    (lambda: P.monty_hall_simulation(10, 0, switch="yes"), TypeError, "switch"),
    (lambda: P.monty_hall_simulation(10, None), TypeError, "rng"),
    (lambda: P.bernoulli_mle([]), ValueError, "x"),
    (lambda: P.bernoulli_mle([0, 1, 2]), ValueError, "x"),
    (lambda: P.bernoulli_mle([0.5, 1]), ValueError, "x"),
    (lambda: P.bernoulli_mle([[0, 1]]), ValueError, "x"),
    (lambda: P.bernoulli_mle([np.nan, 1]), ValueError, "x"),
    (lambda: P.dice_sum_distribution(0), ValueError, "n_dice"),
    (lambda: P.dice_sum_distribution(1.5), TypeError, "n_dice"),
    (lambda: P.dice_sum_distribution(2, sides=0), ValueError, "sides"),
]


@pytest.mark.parametrize(("call", "error", "name"), BAD, ids=[b[2] for b in BAD])
def test_bad_input_raises_naming_the_argument(call, error, name):
    with pytest.raises(error, match=rf"(^|\W){name}\W"):
        call()


# ---------------------------------------------------------------------------
# The multivariate normal distribution (oracle: scipy.stats.multivariate_normal)
# ---------------------------------------------------------------------------

MVN_CASES = [
    ([0.0], [[1.0]]),
    ([1.0, -2.0], [[2.0, 0.6], [0.6, 1.0]]),
    ([0.0, 0.0, 5.0], [[4.0, 1.0, -1.0], [1.0, 3.0, 0.5], [-1.0, 0.5, 2.0]]),
    # Strong correlation: the quadratic form is ill-conditioned.
    ([0.0, 0.0], [[1.0, 0.999], [0.999, 1.0]]),
    # Scales far apart.
    ([1e3, -1e-3], [[1e4, 0.0], [0.0, 1e-4]]),
]


def random_spd(d: int, seed: int) -> np.ndarray:
    a = np.random.default_rng(seed).normal(size=(d, d))
    return a @ a.T + 0.1 * np.eye(d)


@pytest.mark.parametrize(("mean", "cov"), MVN_CASES)
@pytest.mark.parametrize("lead", [(), (1,), (7,), (2, 3), (2, 1, 4)])
def test_mvn_matches_scipy_for_many_shapes(mean, cov, lead):
    d = len(mean)
    ref = ss.multivariate_normal(mean, cov)
    scale = np.sqrt(np.diag(cov))
    z = np.random.default_rng(len(lead)).normal(size=(*lead, d))
    x = np.asarray(mean) + 2.0 * scale * z
    ours = P.MultivariateNormal(mean, cov)
    logpdf, pdf = ours.logpdf(x), ours.pdf(x)
    assert np.shape(logpdf) == lead and np.shape(pdf) == lead
    # SciPy squeezes length-1 axes; the values are what we compare.
    ref_logpdf = np.reshape(ref.logpdf(x), lead)
    np.testing.assert_allclose(logpdf, ref_logpdf, rtol=RTOL, atol=1e-12)
    np.testing.assert_allclose(pdf, np.reshape(ref.pdf(x), lead), rtol=1e-9)


@SETTINGS
@given(
    d=st.integers(1, 6),
    seed=st.integers(0, 2**32 - 1),
    shift=st.floats(-100, 100),
)
def test_mvn_random_spd_matches_scipy(d, seed, shift):
    cov = random_spd(d, seed)
    rng = np.random.default_rng(seed + 1)
    mean = shift + rng.normal(size=d)
    x = mean + rng.normal(scale=3.0, size=(5, d))
    ours = P.MultivariateNormal(mean, cov)
    ref = ss.multivariate_normal(mean, cov)
    np.testing.assert_allclose(ours.logpdf(x), ref.logpdf(x), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(ours.logpdf(x[0]), ref.logpdf(x[0]), rtol=1e-9)
    # The cached log-determinant is SciPy's.
    assert math.isclose(
        ours._log_det, np.linalg.slogdet(cov)[1], rel_tol=1e-9, abs_tol=1e-9
    )


def test_mvn_logpdf_far_in_the_tail_does_not_underflow():
    ours = P.MultivariateNormal([0.0, 0.0], np.eye(2))
    x = np.array([[0.0, 40.0], [100.0, -100.0]])
    assert np.all(ours.pdf(x) < 1e-300)
    expected = -np.log(2 * np.pi) - 0.5 * (x**2).sum(axis=1)
    np.testing.assert_allclose(ours.logpdf(x), expected, rtol=1e-14)


def test_mvn_pdf_integrates_to_one_in_two_dimensions():
    cov = [[2.0, 0.6], [0.6, 1.0]]
    ours = P.MultivariateNormal([1.0, -1.0], cov)
    g = np.linspace(-12, 12, 801)
    xx, yy = np.meshgrid(g, g, indexing="ij")
    density = ours.pdf(np.stack([xx, yy], axis=-1))
    step = g[1] - g[0]
    assert abs(density.sum() * step**2 - 1.0) < 1e-9


def test_mvn_mean_cov_are_copies():
    mean, cov = np.array([1.0, 2.0]), np.array([[2.0, 0.5], [0.5, 1.0]])
    d = P.MultivariateNormal(mean, cov)
    np.testing.assert_array_equal(d.mean(), mean)
    np.testing.assert_array_equal(d.cov(), cov)
    d.mean()[0] = 99.0
    d.cov()[0, 0] = 99.0
    assert d.mean()[0] == 1.0 and d.cov()[0, 0] == 2.0
    assert d.dim == 2 and repr(d) == "MultivariateNormal(dim=2)"


@pytest.mark.parametrize(("mean", "cov"), [*MVN_CASES[1:3], ([0.0] * 4, None)])
def test_mvn_sample_moments_converge(mean, cov):
    d = len(mean)
    cov = random_spd(d, 5) if cov is None else np.asarray(cov)
    n = 200_000
    x = P.MultivariateNormal(mean, cov).sample(n, rng=SEED)
    assert x.shape == (n, d) and x.dtype == np.float64
    var = np.diag(cov)
    # Standard errors: of a mean, sqrt(S_ii / n); of a covariance entry of
    # a normal sample, sqrt((S_ii S_jj + S_ij^2) / n).
    se_mean = np.sqrt(var / n)
    se_cov = np.sqrt((np.outer(var, var) + cov**2) / n)
    assert np.all(np.abs(x.mean(axis=0) - mean) < 5 * se_mean)
    assert np.all(np.abs(np.cov(x.T).reshape(d, d) - cov) < 5 * se_cov)


def test_mvn_sample_goes_through_the_cholesky_factor():
    mean, cov = np.array([1.0, -2.0]), np.array([[2.0, 0.6], [0.6, 1.0]])
    x = P.MultivariateNormal(mean, cov).sample(10, rng=3)
    z = np.random.default_rng(3).standard_normal((10, 2))
    np.testing.assert_allclose(x, mean + z @ np.linalg.cholesky(cov).T, rtol=1e-14)
    again = P.MultivariateNormal(mean, cov).sample(10, rng=np.random.default_rng(3))
    np.testing.assert_array_equal(x, again)


def test_mvn_sample_is_normal_along_a_direction():
    # Every projection a^T X of a multivariate normal is N(a^T mu, a^T S a).
    mean, cov = np.array([1.0, -2.0, 0.5]), random_spd(3, 9)
    a = np.array([0.3, -1.0, 2.0])
    proj = P.MultivariateNormal(mean, cov).sample(20_000, rng=SEED) @ a
    ref = ss.norm(a @ mean, math.sqrt(a @ cov @ a))
    assert ss.kstest(proj, ref.cdf).pvalue > ALPHA


@pytest.mark.parametrize(
    ("mean", "cov", "error", "message"),
    [
        ([[0.0, 0.0]], np.eye(2), ValueError, r"mean must be a 1-D array"),
        ([0.0, 0.0], [1.0, 1.0], ValueError, r"cov must be a 2-D array"),
        ([0.0, 0.0], np.ones((2, 3)), ValueError, r"cov must be a square matrix"),
        (
            [0.0, 0.0],
            np.eye(3),
            ValueError,
            r"cov must be of shape \(2, 2\) to match mean, got .*\(3, 3\)",
        ),
        ([0.0, np.nan], np.eye(2), ValueError, r"mean must contain only finite"),
        (
            [0.0, 0.0],
            [[1.0, np.inf], [np.inf, 1.0]],
            ValueError,
            r"cov must contain only finite",
        ),
        ([0.0, 0.0], [[1.0, 0.5], [0.4, 1.0]], ValueError, r"cov must be symmetric"),
        (
            [0.0, 0.0],
            [[1.0, 2.0], [2.0, 1.0]],
            ValueError,
            r"cov must be positive definite, got a smallest eigenvalue of -1$",
        ),
        (
            [0.0, 0.0],
            [[1.0, 1.0], [1.0, 1.0]],
            ValueError,
            r"cov must be positive definite, got a smallest eigenvalue of",
        ),
        (
            [0.0, 0.0],
            [[-1.0, 0.0], [0.0, 2.0]],
            ValueError,
            r"smallest eigenvalue of -1$",
        ),
        ("ab", np.eye(2), TypeError, r"mean must be array-like"),
        ([0.0, 0.0], None, TypeError, r"cov must be array-like"),
    ],
)
def test_mvn_rejects_bad_parameters(mean, cov, error, message):
    with pytest.raises(error, match=message):
        P.MultivariateNormal(mean, cov)


def test_mvn_rejects_bad_points_and_sample_arguments():
    d = P.MultivariateNormal([0.0, 0.0], np.eye(2))
    for x, message in [
        (0.0, r"x must have 2 components on its last axis, got .*shape \(\)"),
        ([1.0, 2.0, 3.0], r"x must have 2 components on its last axis"),
        (np.zeros((4, 3)), r"got an array of shape \(4, 3\)"),
        ([[0.0, np.nan]], r"x must contain only finite values"),
        (np.zeros((0, 2)), r"x must not be empty"),
    ]:
        for method in (d.pdf, d.logpdf):
            with pytest.raises(ValueError, match=message):
                method(x)
    with pytest.raises(TypeError, match="x must be array-like"):
        d.pdf("ab")
    with pytest.raises(ValueError, match="n must be >= 1, got 0"):
        d.sample(0, rng=0)
    with pytest.raises(TypeError, match="n must be an integer, got float 3.0"):
        d.sample(3.0, rng=0)
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        d.sample(3, rng=None)
