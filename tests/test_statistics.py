"""Tests for mathdl.statistics against NumPy and scipy.stats.

Oracles: numpy (mean, median, var, std, quantile), scipy.stats (sem, iqr,
zscore, rankdata, mode, pearsonr, spearmanr, ttest_ind with equal_var=False
and its confidence_interval, mannwhitneyu with method="asymptotic",
bootstrap with method="percentile", t.sf), mpmath for tail probabilities
where installed, and exact hand computations.
"""

from __future__ import annotations

import dataclasses
import math
import warnings

import numpy as np
import pytest
import scipy
import scipy.stats as ss
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mathdl import statistics as S

RTOL = 1e-10

# Floats of moderate magnitude (the module docstring says that data whose
# squared deviations overflow or underflow, beyond about 1e+-150, are out of
# scope) and small integers, which produce many ties.
finite_floats = st.floats(
    min_value=-1e6,
    max_value=1e6,
    allow_nan=False,
    allow_infinity=False,
    allow_subnormal=False,
).filter(lambda v: v == 0 or abs(v) >= 1e-100)
float_lists = st.lists(finite_floats, min_size=2, max_size=40)
int_lists = st.lists(st.integers(-5, 5), min_size=2, max_size=40)
samples = st.one_of(float_lists, int_lists)
alternatives = st.sampled_from(["two-sided", "less", "greater"])

SETTINGS = settings(max_examples=40, deadline=None)

# Before 1.17 SciPy's Student t is off in the 11th digit near the centre
# (t.ppf(0.75, 1) is 1.0000000000134, not 1), too coarse to be the oracle of
# the tests below; nox -s tests-lowest runs on older SciPy and skips them.
SCIPY_T_IS_EXACT = pytest.mark.skipif(
    tuple(int(part) for part in scipy.__version__.split(".")[:2]) < (1, 17),
    reason="SciPy < 1.17's Student t is too coarse to be the oracle",
)


def assert_close(actual, expected, scale=1.0, rtol=RTOL):
    """Relative agreement, with an absolute floor at rounding level of the data."""
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=1e-12 * scale)


def scale_of(*arrays) -> float:
    return max(1.0, *(float(np.max(np.abs(a))) for a in arrays))


def is_constant(x) -> bool:
    x = np.asarray(x, dtype=float)
    return bool(np.all(x == x[0]))


def quiet(f, *args, **kwargs):
    """Call a scipy oracle, ignoring its warnings about near-constant data."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return f(*args, **kwargs)


# ---------------------------------------------------------------------------
# Summary statistics
# ---------------------------------------------------------------------------


@SETTINGS
@given(samples)
def test_location_and_spread_match_numpy_and_scipy(data):
    x = np.asarray(data, dtype=float)
    scale = scale_of(x)
    assert_close(S.mean(x), np.mean(x), scale)
    assert_close(S.median(x), np.median(x), scale)
    for ddof in (0, 1):
        assert_close(S.variance(x, ddof=ddof), np.var(x, ddof=ddof), scale**2)
        assert_close(S.std(x, ddof=ddof), np.std(x, ddof=ddof), scale)
    assert_close(S.sem(x), ss.sem(x), scale)
    assert_close(S.iqr(x), ss.iqr(x), scale)
    assert S.mode(x) == ss.mode(x).mode


@SETTINGS
@given(samples, st.integers(0, 1))
def test_zscore_matches_scipy(data, ddof):
    x = np.asarray(data, dtype=float)
    assume(not is_constant(x))
    np.testing.assert_allclose(
        S.zscore(x, ddof=ddof), ss.zscore(x, ddof=ddof), rtol=RTOL, atol=1e-12
    )


@SETTINGS
@given(samples)
def test_rankdata_matches_scipy(data):
    x = np.asarray(data, dtype=float)
    np.testing.assert_array_equal(S.rankdata(x), ss.rankdata(x))


def test_rankdata_worked_example():
    # 20 and 20 would take ranks 2 and 3: both get 2.5.
    np.testing.assert_array_equal(S.rankdata([10, 30, 20, 20]), [1, 4, 2.5, 2.5])
    np.testing.assert_array_equal(S.rankdata([7.0]), [1.0])


@SETTINGS
@given(samples, st.lists(st.floats(0, 1), min_size=1, max_size=10))
def test_quantile_matches_numpy(data, levels):
    x = np.asarray(data, dtype=float)
    q = np.array([0.0, 1.0, *levels])
    result = S.quantile(x, q)
    assert result.shape == q.shape
    assert_close(result, np.quantile(x, q), scale_of(x))


def test_quantile_shapes_and_endpoints():
    x = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0]
    assert isinstance(S.quantile(x, 0.3), float)
    assert S.quantile(x, 0.0) == 1.0
    assert S.quantile(x, 1.0) == 9.0
    q = np.array([[0.1, 0.2], [0.7, 0.9]])
    assert S.quantile(x, q).shape == (2, 2)
    np.testing.assert_allclose(S.quantile(x, q), np.quantile(x, q), rtol=RTOL)
    # Type 7 by hand: n = 4, q = 0.5 -> position 1.5 between 20 and 30.
    assert S.quantile([40, 10, 30, 20], 0.5) == 25.0


def test_mode_prefers_smallest_among_ties():
    assert S.mode([3, 1, 3, 2, 1]) == 1.0
    assert S.mode([5.0, 2.0, 2.0, 5.0, 7.0]) == ss.mode([5.0, 2.0, 2.0, 5.0, 7.0]).mode
    assert S.mode([4.5]) == 4.5


def test_variance_and_sem_exact_values():
    # Hand computation: mean 5, squared deviations sum to 32 over 8 values.
    x = [2, 4, 4, 4, 5, 5, 7, 9]
    assert S.variance(x) == 4.0
    assert S.variance(x, ddof=1) == pytest.approx(32 / 7, rel=1e-15)
    assert S.std(x) == 2.0
    assert S.sem(x) == pytest.approx(math.sqrt(32 / 7) / math.sqrt(8), rel=1e-15)


def test_variance_has_no_cancellation_for_large_offset():
    # The one-pass formula mean(x^2) - mean(x)^2 returns garbage here.
    x = 1e9 + np.array([4.0, 7.0, 13.0, 16.0])
    assert S.variance(x, ddof=1) == pytest.approx(30.0, rel=1e-12)


@SETTINGS
@given(
    st.lists(
        st.one_of(finite_floats, st.just(math.nan)), min_size=1, max_size=30
    ).filter(lambda v: not all(math.isnan(t) for t in v)),
    st.sampled_from(["median", "mean"]),
)
def test_impute_replaces_nans_with_observed_statistic(data, strategy):
    x = np.asarray(data, dtype=float)
    missing = np.isnan(x)
    fill = np.nanmedian(x) if strategy == "median" else np.nanmean(x)
    result = S.impute(x, strategy=strategy)
    assert not np.isnan(result).any()
    np.testing.assert_array_equal(result[~missing], x[~missing])
    assert_close(result[missing], fill, scale_of(x[~missing]))
    assert np.isnan(x).sum() == missing.sum()  # the input is not modified


def test_impute_default_is_median():
    np.testing.assert_array_equal(S.impute([1.0, np.nan, 3.0, 10.0]), [1, 3, 3, 10])


# ---------------------------------------------------------------------------
# Correlation
# ---------------------------------------------------------------------------


paired = st.integers(2, 30).flatmap(
    lambda n: st.tuples(
        st.one_of(
            st.lists(finite_floats, min_size=n, max_size=n),
            st.lists(st.integers(-5, 5), min_size=n, max_size=n),
        ),
        st.one_of(
            st.lists(finite_floats, min_size=n, max_size=n),
            st.lists(st.integers(-5, 5), min_size=n, max_size=n),
        ),
    )
)


@SETTINGS
@given(paired)
def test_pearson_and_spearman_match_scipy(xy):
    x, y = (np.asarray(v, dtype=float) for v in xy)
    assume(not is_constant(x) and not is_constant(y))
    assert_close(S.pearson(x, y), quiet(ss.pearsonr, x, y).statistic)
    assert_close(S.spearman(x, y), quiet(ss.spearmanr, x, y).statistic)


def test_correlation_exact_values():
    assert S.pearson([1, 2, 3, 4], [2, 4, 6, 8]) == pytest.approx(1.0, rel=1e-15)
    assert S.pearson([1, 2, 3, 4], [8, 6, 4, 2]) == pytest.approx(-1.0, rel=1e-15)
    # Scale-free: data in tiny or huge units give the same r, without
    # underflow or overflow of the sums of squares.
    x, y = np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 3.0, 2.0, 4.0])
    for unit in (1e-200, 1e200):
        assert S.pearson(unit * x, y) == pytest.approx(0.8, rel=1e-14)
    # Deviations (-1.5, -0.5, 0.5, 1.5) and (-1.5, 0.5, -0.5, 1.5): 4 / 5.
    assert S.pearson([1, 2, 3, 4], [1, 3, 2, 4]) == pytest.approx(0.8, rel=1e-15)
    # Monotone but not linear: Spearman 1, Pearson below 1.
    assert S.spearman([1, 2, 3, 4], [1, 8, 27, 64]) == pytest.approx(1.0, rel=1e-15)
    assert S.pearson([1, 2, 3, 4], [1, 8, 27, 64]) < 1.0


@pytest.mark.parametrize("f", [S.pearson, S.spearman])
def test_correlation_with_constant_input_raises(f):
    with pytest.raises(ValueError, match="x must not be constant"):
        f([2.0, 2.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="y must not be constant"):
        f([1.0, 2.0, 3.0], [0.1] * 3)


# ---------------------------------------------------------------------------
# Welch's t-test and its confidence interval
# ---------------------------------------------------------------------------


two_samples = st.tuples(samples, samples)


@SETTINGS
@given(two_samples, alternatives)
def test_welch_ttest_matches_scipy(ab, alternative):
    a, b = (np.asarray(v, dtype=float) for v in ab)
    assume(not (is_constant(a) and is_constant(b)))
    result = S.welch_ttest(a, b, alternative=alternative)
    expected = quiet(ss.ttest_ind, a, b, equal_var=False, alternative=alternative)
    assert_close(result.statistic, expected.statistic)
    assert_close(result.df, expected.df)
    assert_close(result.pvalue, expected.pvalue)


@SCIPY_T_IS_EXACT
@SETTINGS
@given(two_samples, st.floats(0.01, 0.999))
def test_mean_diff_ci_matches_scipy(ab, level):
    a, b = (np.asarray(v, dtype=float) for v in ab)
    assume(not (is_constant(a) and is_constant(b)))
    low, high = S.mean_diff_ci(a, b, level=level)
    expected = quiet(ss.ttest_ind, a, b, equal_var=False).confidence_interval(level)
    scale = scale_of(a, b)
    assert_close(low, expected.low, scale)
    assert_close(high, expected.high, scale)


def test_ci_excludes_zero_exactly_when_welch_rejects():
    rng = np.random.default_rng(3)
    for shift in (0.0, 0.3, 0.6, 1.2):
        a = rng.normal(shift, 1.0, size=15)
        b = rng.normal(0.0, 2.0, size=22)
        low, high = S.mean_diff_ci(a, b, level=0.95)
        rejects = S.welch_ttest(a, b).pvalue < 0.05
        assert rejects == (not low <= 0.0 <= high)


def test_welch_tiny_pvalues_keep_their_digits():
    rng = np.random.default_rng(0)
    a = rng.normal(0.0, 1.0, size=40)
    b = rng.normal(6.0, 1.0, size=40)
    expected_two = ss.ttest_ind(a, b, equal_var=False)
    result = S.welch_ttest(a, b)
    assert result.pvalue < 1e-30
    assert_close(result.pvalue, expected_two.pvalue)
    # t is hugely negative: "less" is tiny, computed as P(T > |t|), not 1 - cdf.
    less = S.welch_ttest(a, b, alternative="less").pvalue
    assert less < 1e-30
    assert_close(less, ss.ttest_ind(a, b, equal_var=False, alternative="less").pvalue)
    assert S.welch_ttest(a, b, alternative="greater").pvalue == 1.0


@pytest.mark.parametrize("df", [1.0, 2.5, 7.3, 30.0, 1e3])
def test_t_tail_agrees_with_scipy_far_into_the_tail(df):
    t = np.array([-50.0, -3.0, -0.1, 0.0, 0.1, 3.0, 50.0, 1e4, 1e200])
    np.testing.assert_allclose(S._t_sf(t, df), ss.t.sf(t, df), rtol=1e-10, atol=0)
    np.testing.assert_allclose(S._t_cdf(t, df), ss.t.cdf(t, df), rtol=1e-10, atol=0)
    assert S._t_sf(2.5, df).shape == ()


@SCIPY_T_IS_EXACT
@pytest.mark.parametrize("df", [2.5, 7.3, 30.0, 1e3])
def test_t_tail_near_zero_keeps_the_linear_term(df):
    # Near t = 0 the tail is 1/2 minus a term proportional to t, which must
    # not be lost to rounding in x = df / (df + t^2) (1 to 16 digits).
    # (scipy's t.sf itself returns exactly 0.5 at df = 1, t = 1e-9, so df = 1
    # is checked against the Cauchy closed form below instead.)
    small = np.array([1e-12, 1e-9, 1e-7, 1e-4])
    np.testing.assert_allclose(
        0.5 - S._t_sf(small, df), 0.5 - ss.t.sf(small, df), rtol=1e-6, atol=0
    )


T_GRID = [-1e6, -30.0, -1.0, -1e-9, 0.0, 1e-12, 1e-9, 0.3, 1.0, 30.0, 1e6, 1e100]


def cauchy_sf(t):
    # df = 1 is the Cauchy distribution: P(T > t) = atan2(1, t) / pi, exact
    # in both tails (atan2 needs no 1 - ... subtraction).
    return math.atan2(1.0, t) / math.pi


def t2_sf(t):
    # df = 2: P(T > t) = (1 - t / sqrt(2 + t^2)) / 2, rearranged for t > 0 as
    # 1 / (r (r + t)) with r = sqrt(2 + t^2) so the tail does not cancel.
    r = math.sqrt(2.0 + min(t * t, 1e300))
    tail = 1.0 / (r * (r + abs(t)))
    return tail if t >= 0 else 1.0 - tail


@pytest.mark.parametrize("t", T_GRID)
def test_t_tail_matches_closed_forms(t):
    assert float(S._t_sf(t, 1.0)) == pytest.approx(cauchy_sf(t), rel=1e-13)
    assert float(S._t_sf(t, 2.0)) == pytest.approx(t2_sf(t), rel=1e-13)
    assert float(S._t_cdf(t, 2.0)) == pytest.approx(t2_sf(-t), rel=1e-13)
    # Near the centre: 1/2 - sf(t) = atan(t) / pi keeps its digits (up to
    # the spacing 1e-16 of floats near 1/2).
    if abs(t) < 1:
        centre = 0.5 - float(S._t_sf(t, 1.0))
        assert centre == pytest.approx(math.atan(t) / math.pi, rel=1e-6, abs=2e-16)


def test_t_tail_against_mpmath_integral():
    mpmath = pytest.importorskip(
        "mpmath", reason="mpmath integrates the t density to 30 digits for this check"
    )
    mpmath.mp.dps = 30

    def upper_tail(t, df):
        # Integrate Student's t density from t to infinity: independent of
        # the incomplete-beta formula the library uses.
        nu = mpmath.mpf(df)
        const = mpmath.gamma((nu + 1) / 2) / (
            mpmath.sqrt(nu * mpmath.pi) * mpmath.gamma(nu / 2)
        )
        density = lambda u: const * (1 + u**2 / nu) ** (-(nu + 1) / 2)  # noqa: E731
        return mpmath.quad(density, [t, 2 * t, mpmath.inf])

    for df, t in [(5.0, 200.0), (12.0, 40.0), (30.0, 20.0), (3.0, 1e6), (80.0, 25.0)]:
        exact = float(upper_tail(t, df))
        assert exact < 1e-10
        assert float(S._t_sf(t, df)) == pytest.approx(exact, rel=1e-11)
        assert float(S._t_cdf(-t, df)) == pytest.approx(exact, rel=1e-11)


@pytest.mark.parametrize("df", [1.0, 3.5, 8.98, 40.0, 1e4])
@pytest.mark.parametrize("level", [1e-6, 0.01, 0.3, 0.5, 0.9, 0.95, 0.999])
def test_t_central_quantile_matches_scipy(df, level):
    expected = ss.t.ppf(0.5 + level / 2, df)
    # scipy's argument 0.5 + level/2 itself rounds; 1e-9 covers that.
    assert S._t_central(level, df) == pytest.approx(expected, rel=1e-9)


def test_welch_result_is_frozen():
    result = S.welch_ttest([1.0, 2.0, 3.0], [2.0, 4.0, 7.0])
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.pvalue = 0.5  # type: ignore[misc]


def test_welch_one_constant_sample_is_fine():
    result = S.welch_ttest([5.0, 5.0, 5.0], [1.0, 2.0, 4.0])
    expected = quiet(ss.ttest_ind, [5.0, 5.0, 5.0], [1.0, 2.0, 4.0], equal_var=False)
    assert_close(result.statistic, expected.statistic)
    assert_close(result.pvalue, expected.pvalue)


def test_welch_both_constant_raises():
    with pytest.raises(ValueError, match="a and b must not both be constant"):
        S.welch_ttest([1.0, 1.0], [2.0, 2.0, 2.0])
    with pytest.raises(ValueError, match="a and b must not both be constant"):
        S.mean_diff_ci([1.0, 1.0], [2.0, 2.0, 2.0])


# ---------------------------------------------------------------------------
# Mann-Whitney U
# ---------------------------------------------------------------------------


@SETTINGS
@given(
    st.tuples(
        st.lists(st.integers(-4, 4), min_size=1, max_size=25),
        st.lists(st.integers(-4, 4), min_size=1, max_size=25),
    )
    | st.tuples(
        st.lists(finite_floats, min_size=1, max_size=25),
        st.lists(finite_floats, min_size=1, max_size=25),
    ),
    alternatives,
    st.booleans(),
)
def test_mann_whitney_matches_scipy(ab, alternative, use_continuity):
    a, b = (np.asarray(v, dtype=float) for v in ab)
    assume(not is_constant(np.concatenate((a, b))))
    result = S.mann_whitney_u(
        a, b, alternative=alternative, use_continuity=use_continuity
    )
    expected = ss.mannwhitneyu(
        a,
        b,
        alternative=alternative,
        method="asymptotic",
        use_continuity=use_continuity,
    )
    assert result.statistic == expected.statistic
    assert_close(result.pvalue, expected.pvalue)


def test_mann_whitney_u_counts_pairs():
    # U of a counts pairs (a_i, b_j) with a_i > b_j, ties counting 1/2.
    a = np.array([1.0, 4.0, 4.0, 7.0])
    b = np.array([2.0, 4.0, 5.0])
    diff = a[:, None] - b[None, :]
    by_hand = np.sum(diff > 0) + 0.5 * np.sum(diff == 0)
    assert S.mann_whitney_u(a, b).statistic == by_hand


def test_mann_whitney_tiny_pvalue():
    a = np.arange(60.0)
    b = np.arange(60.0) + 1000.0
    result = S.mann_whitney_u(a, b, alternative="less")
    expected = ss.mannwhitneyu(a, b, alternative="less", method="asymptotic")
    assert result.pvalue < 1e-18
    assert_close(result.pvalue, expected.pvalue)


def test_mann_whitney_all_equal_raises():
    with pytest.raises(ValueError, match="a and b must not consist of one repeated"):
        S.mann_whitney_u([3.0, 3.0], [3.0, 3.0, 3.0])


# ---------------------------------------------------------------------------
# Effect size and bootstrap
# ---------------------------------------------------------------------------


@SETTINGS
@given(two_samples)
def test_cohens_d_matches_hand_formula(ab):
    a, b = (np.asarray(v, dtype=float) for v in ab)
    assume(not (is_constant(a) and is_constant(b)))
    na, nb = len(a), len(b)
    pooled_var = ((na - 1) * np.var(a, ddof=1) + (nb - 1) * np.var(b, ddof=1)) / (
        na + nb - 2
    )
    expected = (np.mean(a) - np.mean(b)) / np.sqrt(pooled_var)
    assert_close(S.cohens_d(a, b), expected)


def test_cohens_d_exact_value():
    # Both samples have standard deviation 2; means differ by 1.
    assert S.cohens_d([2, 4, 6], [1, 3, 5]) == 0.5
    assert S.cohens_d([1, 3, 5], [2, 4, 6]) == -0.5


@pytest.mark.parametrize(
    ("seed", "statistic", "level"),
    [(1, np.mean, 0.95), (2, np.mean, 0.9), (3, np.std, 0.95)],
)
def test_bootstrap_ci_agrees_with_scipy(seed, statistic, level):
    x = np.random.default_rng(seed).gamma(2.0, 1.5, size=60)
    low, high = S.bootstrap_ci(x, statistic, level=level, n_resamples=9999, rng=seed)
    expected = ss.bootstrap(
        (x,),
        statistic,
        confidence_level=level,
        n_resamples=9999,
        method="percentile",
        rng=seed + 100,
    ).confidence_interval
    # Monte Carlo error of a tail percentile of 9999 resamples is about 3% of
    # the bootstrap standard error; allow 15%. Using a 90% instead of a 95%
    # interval would move the endpoints by about 16% of it.
    boot_se = np.std(
        statistic(x[np.random.default_rng(0).integers(0, 60, (4000, 60))], axis=1)
    )
    assert abs(low - expected.low) < 0.15 * boot_se
    assert abs(high - expected.high) < 0.15 * boot_se


def test_bootstrap_ci_of_mean_near_normal_theory():
    # For the mean of 400 normal values the bootstrap distribution is close
    # to normal with standard deviation std(x, ddof=0) / sqrt(n).
    x = np.random.default_rng(7).normal(3.0, 2.0, size=400)
    low, high = S.bootstrap_ci(x, np.mean, level=0.95, rng=0)
    half = 1.959963984540054 * np.std(x) / np.sqrt(x.size)
    assert low == pytest.approx(np.mean(x) - half, abs=0.1 * half)
    assert high == pytest.approx(np.mean(x) + half, abs=0.1 * half)


def test_bootstrap_ci_is_reproducible():
    x = np.random.default_rng(5).normal(size=30)
    first = S.bootstrap_ci(x, np.mean, rng=11, n_resamples=2000)
    assert S.bootstrap_ci(x, np.mean, rng=11, n_resamples=2000) == first
    assert S.bootstrap_ci(x, np.mean, rng=12, n_resamples=2000) != first
    # A Generator is used as is: its state advances between calls.
    generator = np.random.default_rng(11)
    assert S.bootstrap_ci(x, np.mean, rng=generator, n_resamples=2000) == first
    assert S.bootstrap_ci(x, np.mean, rng=generator, n_resamples=2000) != first


def test_bootstrap_statistic_must_accept_axis():
    with pytest.raises(TypeError, match="statistic must accept an axis"):
        S.bootstrap_ci([1.0, 2.0, 3.0], lambda s: float(np.mean(s)))
    with pytest.raises(ValueError, match="statistic must return one value per"):
        S.bootstrap_ci([1.0, 2.0, 3.0], lambda s, axis: np.mean(s))


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------

ONE_SAMPLE = {
    "mean": S.mean,
    "median": S.median,
    "mode": S.mode,
    "variance": S.variance,
    "std": S.std,
    "sem": S.sem,
    "iqr": S.iqr,
    "zscore": S.zscore,
    "rankdata": S.rankdata,
    "quantile": lambda x: S.quantile(x, 0.5),
    "bootstrap_ci": lambda x: S.bootstrap_ci(x, np.mean, n_resamples=10),
}

BAD_SAMPLES = [
    ([[1.0, 2.0], [3.0, 4.0]], ValueError, "x must be a 1-D array"),
    (5.0, ValueError, "x must be a 1-D array"),
    ([], ValueError, "x must not be empty"),
    ([1.0, np.nan, 2.0], ValueError, "x must contain only finite values"),
    ([1.0, np.inf, 2.0], ValueError, "x must contain only finite values"),
    ("abc", TypeError, "x must be array-like"),
    ([1.0, "a"], TypeError, "x must be array-like"),
]


@pytest.mark.parametrize("name", list(ONE_SAMPLE))
@pytest.mark.parametrize(("bad", "error", "match"), BAD_SAMPLES)
def test_one_sample_functions_reject_bad_x(name, bad, error, match):
    with pytest.raises(error, match=match):
        ONE_SAMPLE[name](bad)


TWO_SAMPLE = {
    "welch_ttest": (S.welch_ttest, ("a", "b")),
    "mann_whitney_u": (S.mann_whitney_u, ("a", "b")),
    "cohens_d": (S.cohens_d, ("a", "b")),
    "mean_diff_ci": (S.mean_diff_ci, ("a", "b")),
    "pearson": (S.pearson, ("x", "y")),
    "spearman": (S.spearman, ("x", "y")),
}


@pytest.mark.parametrize("name", list(TWO_SAMPLE))
@pytest.mark.parametrize(("bad", "error", "match"), BAD_SAMPLES)
def test_two_sample_functions_reject_bad_input(name, bad, error, match):
    f, (first, second) = TWO_SAMPLE[name]
    good = [1.0, 2.0, 4.0, 8.0]
    with pytest.raises(error, match=match.replace("x ", f"{first} ")):
        f(bad, good)
    with pytest.raises(error, match=match.replace("x ", f"{second} ")):
        f(good, bad)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: S.sem([1.0]), ValueError, "x must have at least 2 values"),
        (lambda: S.variance([1.0, 2.0], ddof=2), ValueError, "ddof must be less"),
        (lambda: S.variance([1.0, 2.0], ddof=-1), ValueError, "ddof must be >= 0"),
        (lambda: S.variance([1.0, 2.0], ddof=0.5), TypeError, "ddof must be an int"),
        (lambda: S.std([1.0], ddof=1), ValueError, "ddof must be less"),
        (lambda: S.zscore([1.0, 2.0], ddof=2), ValueError, "ddof must be less"),
        (lambda: S.zscore([3.0, 3.0, 3.0]), ValueError, "x must not be constant"),
        (lambda: S.quantile([1.0, 2.0], 1.5), ValueError, "q must hold quantile"),
        (lambda: S.quantile([1.0, 2.0], [-0.1]), ValueError, "q must hold quantile"),
        (lambda: S.quantile([1.0, 2.0], np.nan), ValueError, "q must contain only"),
        (lambda: S.quantile([1.0, 2.0], []), ValueError, "q must not be empty"),
        (lambda: S.quantile([1.0, 2.0], "a"), TypeError, "q must be array-like"),
        (
            lambda: S.welch_ttest([1.0], [1.0, 2.0]),
            ValueError,
            "a must have at least 2",
        ),
        (
            lambda: S.welch_ttest([1.0, 2.0], [3.0]),
            ValueError,
            "b must have at least 2",
        ),
        (lambda: S.cohens_d([1.0], [1.0, 2.0]), ValueError, "a must have at least 2"),
        (lambda: S.mean_diff_ci([1.0, 2], [3.0]), ValueError, "b must have at least 2"),
        (lambda: S.pearson([1.0], [2.0]), ValueError, "x must have at least 2"),
        (lambda: S.spearman([1.0, 2, 3], [1.0, 2]), ValueError, "x and y must have"),
        (lambda: S.pearson([1.0, 2, 3], [1.0, 2]), ValueError, "x and y must have"),
        (lambda: S.bootstrap_ci([1.0], np.mean), ValueError, "x must have at least 2"),
        (
            lambda: S.welch_ttest([1.0, 2], [3.0, 5], alternative="bigger"),
            ValueError,
            "alternative must be one of",
        ),
        (
            lambda: S.welch_ttest([1.0, 2], [3.0, 5], alternative=None),
            ValueError,
            "alternative must be one of",
        ),
        (
            lambda: S.mann_whitney_u([1.0], [3.0], alternative="two_sided"),
            ValueError,
            "alternative must be one of",
        ),
        (
            lambda: S.mann_whitney_u([1.0], [3.0], use_continuity="yes"),
            TypeError,
            "use_continuity must be a bool",
        ),
        (lambda: S.mean_diff_ci([1.0, 2], [3.0, 5], level=1.0), ValueError, "level"),
        (lambda: S.mean_diff_ci([1.0, 2], [3.0, 5], level=0), ValueError, "level"),
        (lambda: S.mean_diff_ci([1.0, 2], [3.0, 5], level="95%"), TypeError, "level"),
        (lambda: S.bootstrap_ci([1.0, 2], np.mean, level=95), ValueError, "level"),
        (lambda: S.bootstrap_ci([1.0, 2], "mean"), TypeError, "statistic must be"),
        (
            lambda: S.bootstrap_ci([1.0, 2], np.mean, n_resamples=0),
            ValueError,
            "n_resamples must be >= 1",
        ),
        (
            lambda: S.bootstrap_ci([1.0, 2], np.mean, n_resamples=100.0),
            TypeError,
            "n_resamples must be an integer",
        ),
        (lambda: S.bootstrap_ci([1.0, 2], np.mean, rng=None), TypeError, "rng must"),
        (
            lambda: S.bootstrap_ci([1.0, 2], lambda s, axis: np.full(len(s), np.nan)),
            ValueError,
            "statistic returned NaN or infinite",
        ),
        (lambda: S.impute([1.0, np.nan], strategy="mode"), ValueError, "strategy"),
        (lambda: S.impute([1.0, np.nan], strategy=None), ValueError, "strategy"),
        (lambda: S.impute([np.nan, np.nan]), ValueError, "x must have at least one"),
        (lambda: S.impute([1.0, np.inf, np.nan]), ValueError, "x must not contain inf"),
        (lambda: S.impute([]), ValueError, "x must not be empty"),
        (lambda: S.impute([[1.0, np.nan]]), ValueError, "x must be a 1-D array"),
        (lambda: S.impute("abc"), TypeError, "x must be array-like"),
    ],
)
def test_bad_parameters_raise_naming_the_argument(call, error, match):
    with pytest.raises(error, match=match):
        call()
