"""Tests for mathdl.information.

Oracles: scipy.stats.entropy (entropy, and KL when given q),
scipy.special.entr / rel_entr, scipy.spatial.distance.jensenshannon,
sklearn.metrics.mutual_info_score, exact values (log2 of powers of two), the
chapter's published KL check values computed from scipy.stats.binom pmfs,
and identities of information theory as hypothesis properties.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.special as sp
import scipy.stats as ss
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial.distance import jensenshannon

from mathdl import information as I

SETTINGS = settings(max_examples=50, deadline=None)
LN2 = math.log(2.0)

# Unnormalised weights, with exact zeros often, so that 0 log 0 and q = 0 < p
# are exercised.
weights = st.one_of(
    st.just(0.0),
    st.floats(min_value=1e-6, max_value=10.0, allow_nan=False, allow_infinity=False),
)


def normalise(w):
    w = np.asarray(w, dtype=float)
    return w / w.sum()


def vectors(k):
    return (
        st.lists(weights, min_size=k, max_size=k)
        .filter(lambda w: sum(w) > 0)
        .map(normalise)
    )


prob_vectors = st.integers(1, 8).flatmap(vectors)
prob_pairs = st.integers(1, 8).flatmap(lambda k: st.tuples(vectors(k), vectors(k)))
joint_tables = st.tuples(st.integers(1, 5), st.integers(1, 5)).flatmap(
    lambda shape: (
        st.lists(weights, min_size=shape[0] * shape[1], max_size=shape[0] * shape[1])
        .filter(lambda w: sum(w) > 0)
        .map(lambda w: normalise(w).reshape(shape))
    )
)


def assert_close(actual, expected, rtol=1e-10, atol=1e-12):
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol)


# ---------------------------------------------------------------------------
# Agreement with SciPy
# ---------------------------------------------------------------------------


@SETTINGS
@given(prob_vectors)
def test_entropy_matches_scipy(p):
    assert_close(I.entropy(p), ss.entropy(p, base=2))
    assert_close(I.entropy(p, base=np.e), ss.entropy(p))
    assert_close(I.entropy(p, base=10), ss.entropy(p, base=10))
    assert_close(I.entropy(p, base=np.e), np.sum(sp.entr(p)))


@SETTINGS
@given(prob_pairs)
def test_kl_divergence_matches_scipy(pq):
    p, q = pq
    # scipy.stats.entropy(p, q) is the KL divergence D(p || q).
    assert_close(I.kl_divergence(p, q, base=np.e), ss.entropy(p, q))
    assert_close(I.kl_divergence(p, q), ss.entropy(p, q, base=2))
    assert_close(I.kl_divergence(p, q, base=np.e), np.sum(sp.rel_entr(p, q)))


@SETTINGS
@given(prob_pairs)
def test_cross_entropy_matches_scipy_and_identity(pq):
    p, q = pq
    # H(p, q) = H(p) + D(p || q), both sides from scipy and from mathdl.
    assert_close(I.cross_entropy(p, q, base=np.e), ss.entropy(p) + ss.entropy(p, q))
    assert_close(I.cross_entropy(p, q), I.entropy(p) + I.kl_divergence(p, q))


@SETTINGS
@given(prob_pairs)
def test_js_divergence_matches_scipy(pq):
    p, q = pq
    # scipy returns the Jensen-Shannon *distance*, the square root.
    assert_close(I.js_divergence(p, q), jensenshannon(p, q, base=2) ** 2, atol=1e-11)


def test_mutual_information_matches_scikit_learn():
    metrics = pytest.importorskip(
        "sklearn.metrics", reason="scikit-learn's mutual_info_score is the oracle"
    )
    rng = np.random.default_rng(0)
    for shape in [(2, 2), (3, 4), (5, 2), (1, 3)]:
        counts = rng.integers(0, 20, size=shape)
        counts[0, 0] += 1  # at least one observation
        expected = metrics.mutual_info_score(None, None, contingency=counts)
        pxy = counts / counts.sum()
        assert_close(I.mutual_information(pxy, base=np.e), expected)


# ---------------------------------------------------------------------------
# The chapter's check values
# ---------------------------------------------------------------------------


def test_kl_of_binomials_against_uniform_chapter_check():
    k = np.arange(13)
    uniform = np.full(13, 1 / 13)
    p_09 = ss.binom(12, 0.9).pmf(k)
    p_04 = ss.binom(12, 0.4).pmf(k)
    # The direction is KL(binomial || uniform), in nats.
    assert round(I.kl_divergence(p_09, uniform, base=np.e), 5) == 1.18475
    assert round(I.kl_divergence(p_04, uniform, base=np.e), 5) == 0.61936
    # The other direction gives different numbers: KL is not symmetric.
    assert abs(I.kl_divergence(uniform, p_09, base=np.e) - 1.18475) > 0.1
    assert abs(I.kl_divergence(uniform, p_04, base=np.e) - 0.61936) > 0.1


# ---------------------------------------------------------------------------
# Exact values and conventions
# ---------------------------------------------------------------------------


def test_exact_values_in_bits():
    assert I.self_information(1 / 8) == 3.0
    assert I.self_information(1 / math.e, base=np.e) == pytest.approx(1.0, rel=1e-15)
    np.testing.assert_array_equal(
        I.self_information([1.0, 0.5, 0.25, 0.0]), [0.0, 1.0, 2.0, np.inf]
    )
    assert I.entropy([0.5, 0.5]) == 1.0
    assert I.entropy([0.25] * 4) == 2.0
    assert I.entropy([1.0, 0.0, 0.0]) == 0.0
    # H(1/2, 1/4, 1/4) = 1/2 * 1 + 2 * 1/4 * 2 = 1.5 bits.
    assert I.entropy([0.5, 0.25, 0.25]) == 1.5
    assert I.joint_entropy([[0.25, 0.25], [0.25, 0.25]]) == 2.0
    assert I.mutual_information([[0.5, 0.0], [0.0, 0.5]]) == 1.0
    assert I.conditional_entropy([[0.5, 0.0], [0.0, 0.5]]) == 0.0
    # KL([1/2, 1/2] || [1/4, 3/4]) = 1/2 log2 2 + 1/2 log2(2/3).
    expected = 0.5 + 0.5 * math.log2(2 / 3)
    assert I.kl_divergence([0.5, 0.5], [0.25, 0.75]) == pytest.approx(expected, 1e-15)
    assert I.cross_entropy([1.0, 0.0], [0.25, 0.75]) == 2.0
    assert I.js_divergence([1.0, 0.0], [0.0, 1.0]) == pytest.approx(1.0, rel=1e-15)


def test_conditional_entropy_uses_x_on_axis_0():
    # Y = X exactly when X = 0; when X = 1, Y is a fair coin.
    pxy = np.array([[0.5, 0.0, 0.0], [0.0, 0.25, 0.25]])
    # H(Y | X) = P(X=0) * 0 + P(X=1) * 1 bit = 0.5.
    assert I.conditional_entropy(pxy) == pytest.approx(0.5, rel=1e-15)
    # H(X | Y): Y determines X, so 0.
    assert I.conditional_entropy(pxy.T) == 0.0


def test_infinite_divergence_where_q_rules_out_an_outcome_of_p():
    # Also checks that no RuntimeWarning escapes (warnings are errors here).
    assert I.kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert I.cross_entropy([0.5, 0.5], [1.0, 0.0]) == math.inf
    # The other way round, 0 log(0 / q) = 0: finite.
    assert I.kl_divergence([1.0, 0.0], [0.5, 0.5]) == 1.0
    assert I.cross_entropy([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert np.isfinite(I.js_divergence([0.5, 0.5], [1.0, 0.0]))
    assert I.self_information(0.0) == math.inf


def test_inputs_within_tolerance_are_normalised():
    p = np.array([0.5, 0.5 + 5e-9])  # sums to 1 + 5e-9, within 1e-8
    assert I.kl_divergence(p, [0.5, 0.5]) >= 0.0
    assert I.entropy(p) == pytest.approx(1.0, rel=1e-12)
    # A marginal of a one-row table can sum to 1 + 2e-16: still a distribution.
    counts = np.array([[9.0, 18.0, 1.0]])
    marginal = (counts / counts.sum()).sum(axis=1)
    assert marginal[0] > 1.0
    assert I.entropy(marginal) == 0.0
    assert I.self_information(1.0 + 1e-12) == 0.0
    # Beyond the tolerance an entry above 1 is an error.
    with pytest.raises(ValueError, match=r"p must hold probabilities in \[0, 1\]"):
        I.entropy([1.0 + 1e-6, 0.0])


# ---------------------------------------------------------------------------
# Identities as properties
# ---------------------------------------------------------------------------


@SETTINGS
@given(joint_tables)
def test_mutual_information_and_conditional_entropy_identities(pxy):
    h_x = I.entropy(pxy.sum(axis=1))
    h_y = I.entropy(pxy.sum(axis=0))
    h_xy = I.joint_entropy(pxy)
    mi = I.mutual_information(pxy)
    assert mi >= 0.0
    assert_close(mi, h_x + h_y - h_xy, atol=1e-10)
    h_y_given_x = I.conditional_entropy(pxy)
    assert_close(h_y_given_x, h_xy - h_x, atol=1e-10)
    assert -1e-12 <= h_y_given_x <= h_y + 1e-10  # conditioning reduces entropy
    assert_close(I.conditional_entropy(pxy.T), h_xy - h_y, atol=1e-10)
    # The joint entropy is the entropy of the flattened table.
    assert_close(h_xy, ss.entropy(pxy.ravel(), base=2))


@SETTINGS
@given(st.tuples(vectors(3), vectors(4)))
def test_independent_variables_have_zero_mutual_information(pair):
    px, py = pair
    assert I.mutual_information(np.outer(px, py)) == pytest.approx(0.0, abs=1e-12)


@SETTINGS
@given(prob_pairs)
def test_kl_is_nonnegative_and_zero_only_for_equal_distributions(pq):
    p, q = pq
    kl = I.kl_divergence(p, q)
    assert kl >= 0.0
    assert I.kl_divergence(p, p) == 0.0
    if np.max(np.abs(p - q)) > 1e-6:
        assert kl > 0.0


@SETTINGS
@given(prob_pairs)
def test_js_is_symmetric_and_bounded_by_one_bit(pq):
    p, q = pq
    js = I.js_divergence(p, q)
    assert js == pytest.approx(I.js_divergence(q, p), rel=1e-12, abs=1e-15)
    assert 0.0 <= js <= 1.0 + 1e-12
    assert I.js_divergence(p, p) == 0.0
    assert I.js_divergence(p, q, base=np.e) <= LN2 + 1e-12


@SETTINGS
@given(prob_pairs)
def test_base_conversion_bits_equal_nats_over_ln2(pq):
    p, q = pq
    pxy = np.outer(p, q)
    for f, args in [
        (I.entropy, (p,)),
        (I.kl_divergence, (p, q)),
        (I.cross_entropy, (p, q)),
        (I.js_divergence, (p, q)),
        (I.joint_entropy, (pxy,)),
        (I.conditional_entropy, (pxy,)),
        (I.mutual_information, (pxy,)),
    ]:
        bits, nats, dits = f(*args, base=2), f(*args, base=np.e), f(*args, base=10)
        assert_close(bits, nats / LN2)
        assert_close(dits, nats / math.log(10))
    positive = p[p > 0]
    assert_close(
        I.self_information(positive), I.self_information(positive, base=np.e) / LN2
    )


@SETTINGS
@given(prob_vectors)
def test_entropy_is_expected_self_information_and_bounded(p):
    positive = p[p > 0]
    assert_close(I.entropy(p), np.sum(positive * I.self_information(positive)))
    assert -1e-15 <= I.entropy(p) <= math.log2(len(p)) + 1e-12


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------

VECTOR_FUNCTIONS = {
    "entropy": lambda p: I.entropy(p),
    "kl_divergence": lambda p: I.kl_divergence(p, [0.5, 0.5]),
    "cross_entropy": lambda p: I.cross_entropy(p, [0.5, 0.5]),
    "js_divergence": lambda p: I.js_divergence(p, [0.5, 0.5]),
}
SECOND_ARGUMENT = {
    "kl_divergence": lambda q: I.kl_divergence([0.5, 0.5], q),
    "cross_entropy": lambda q: I.cross_entropy([0.5, 0.5], q),
    "js_divergence": lambda q: I.js_divergence([0.5, 0.5], q),
}
BAD_VECTORS = [
    ([[0.5, 0.5]], ValueError, "must be a 1-D array"),
    (0.5, ValueError, "must be a 1-D array"),
    ([], ValueError, "must not be empty"),
    ([0.5, np.nan], ValueError, "must contain only finite values"),
    ([0.5, np.inf], ValueError, "must contain only finite values"),
    ([1.5, -0.5], ValueError, r"must hold probabilities in \[0, 1\]"),
    ([0.5, 0.4], ValueError, "must be a probability vector whose entries sum to 1"),
    ("ab", TypeError, "must be array-like"),
]


@pytest.mark.parametrize("name", list(VECTOR_FUNCTIONS))
@pytest.mark.parametrize(("bad", "error", "match"), BAD_VECTORS)
def test_vector_functions_reject_bad_p(name, bad, error, match):
    with pytest.raises(error, match=f"p {match}"):
        VECTOR_FUNCTIONS[name](bad)


@pytest.mark.parametrize("name", list(SECOND_ARGUMENT))
@pytest.mark.parametrize(("bad", "error", "match"), BAD_VECTORS)
def test_divergences_reject_bad_q(name, bad, error, match):
    with pytest.raises(error, match=f"q {match}"):
        SECOND_ARGUMENT[name](bad)


@pytest.mark.parametrize("name", list(SECOND_ARGUMENT))
def test_divergences_reject_mismatched_shapes(name):
    with pytest.raises(ValueError, match="p and q must have the same shape"):
        SECOND_ARGUMENT[name]([0.25, 0.25, 0.5])


TABLE_FUNCTIONS = {
    "joint_entropy": I.joint_entropy,
    "conditional_entropy": I.conditional_entropy,
    "mutual_information": I.mutual_information,
}
BAD_TABLES = [
    ([0.5, 0.5], ValueError, "pxy must be a 2-D array"),
    (np.full((2, 2, 2), 0.125), ValueError, "pxy must be a 2-D array"),
    (np.zeros((0, 3)), ValueError, "pxy must not be empty"),
    ([[0.5, np.nan], [0.25, 0.25]], ValueError, "pxy must contain only finite"),
    ([[0.75, -0.25], [0.25, 0.25]], ValueError, r"pxy must hold probabilities"),
    ([[0.5, 0.25], [0.25, 0.25]], ValueError, "pxy must be a joint probability"),
    ("ab", TypeError, "pxy must be array-like"),
]


@pytest.mark.parametrize("name", list(TABLE_FUNCTIONS))
@pytest.mark.parametrize(("bad", "error", "match"), BAD_TABLES)
def test_table_functions_reject_bad_tables(name, bad, error, match):
    with pytest.raises(error, match=match):
        TABLE_FUNCTIONS[name](bad)


ALL_FUNCTIONS = {
    "self_information": lambda base: I.self_information(0.5, base=base),
    "entropy": lambda base: I.entropy([0.5, 0.5], base=base),
    "joint_entropy": lambda base: I.joint_entropy([[0.5, 0.5]], base=base),
    "conditional_entropy": lambda base: I.conditional_entropy([[0.5, 0.5]], base=base),
    "mutual_information": lambda base: I.mutual_information([[0.5, 0.5]], base=base),
    "kl_divergence": lambda base: I.kl_divergence([0.5, 0.5], [0.5, 0.5], base=base),
    "cross_entropy": lambda base: I.cross_entropy([0.5, 0.5], [0.5, 0.5], base=base),
    "js_divergence": lambda base: I.js_divergence([0.5, 0.5], [0.5, 0.5], base=base),
}
BAD_BASES = [
    (1, ValueError, "base must be positive and not 1"),
    (1.0, ValueError, "base must be positive and not 1"),
    (0, ValueError, "base must be > 0"),
    (-2.0, ValueError, "base must be > 0"),
    (np.inf, ValueError, "base must be finite"),
    (np.nan, ValueError, "base must be finite"),
    ("2", TypeError, "base must be a real number"),
    (None, TypeError, "base must be a real number"),
    (True, TypeError, "base must be a real number"),
]


@pytest.mark.parametrize("name", list(ALL_FUNCTIONS))
@pytest.mark.parametrize(("bad", "error", "match"), BAD_BASES)
def test_every_function_rejects_bad_base(name, bad, error, match):
    with pytest.raises(error, match=match):
        ALL_FUNCTIONS[name](bad)


@pytest.mark.parametrize(
    ("bad", "error", "match"),
    [
        (1.5, ValueError, r"p must hold probabilities in \[0, 1\]"),
        ([0.5, -0.1], ValueError, r"p must hold probabilities in \[0, 1\]"),
        (np.nan, ValueError, "p must contain only finite values"),
        ([], ValueError, "p must not be empty"),
        ("a", TypeError, "p must be array-like"),
    ],
)
def test_self_information_rejects_bad_p(bad, error, match):
    with pytest.raises(error, match=match):
        I.self_information(bad)
