"""Tests for mathdl.linalg.

Oracles: numpy.linalg, scipy.linalg (LU), scipy.spatial.distance (cosine,
Mahalanobis), scikit-learn (PCA), exact formulas and published values (the
eigenvalues 4 and 1 of [[2, 1], [2, 3]]; the iris explained-variance ratios).
Random matrices are built as A = U diag(s) V^T with random orthonormal U, V
and chosen singular values, so the condition number (and the rank) is known
exactly and the tolerances can be scaled by it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import pytest
import scipy.linalg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.spatial import distance

from mathdl import linalg
from mathdl.linalg import LinAlgError

EPS = np.finfo(float).eps

# Fixed examples (derandomize) so that a CI run is reproducible; no deadline,
# since the machine is shared.
SETTINGS = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


# ---------------------------------------------------------------------------
# Random matrices with a known condition number
# ---------------------------------------------------------------------------


class Case(NamedTuple):
    A: np.ndarray
    kappa: float  # condition number of the non-zero part
    rank: int
    rng: np.random.Generator


def orthonormal(rng: np.random.Generator, m: int, k: int) -> np.ndarray:
    """An m x k matrix with orthonormal columns (NumPy's QR of a Gaussian)."""
    Q, R = np.linalg.qr(rng.standard_normal((m, k)))
    return Q * np.sign(np.diag(R))


def build(
    rng: np.random.Generator,
    m: int,
    n: int,
    log10_kappa: float,
    rank: int | None = None,
    scale: float = 1.0,
) -> Case:
    k = min(m, n)
    r = k if rank is None else rank
    s = np.zeros(k)
    s[:r] = scale * np.logspace(0, -log10_kappa, r) if r else 0.0
    A = (orthonormal(rng, m, k) * s) @ orthonormal(rng, n, k).T
    kappa = s[0] / s[r - 1] if r else 1.0
    return Case(A, kappa, r, rng)


@st.composite
def matrices(
    draw: st.DrawFn,
    *,
    square: bool = False,
    tall: bool = False,
    min_size: int = 1,
    max_size: int = 12,
    max_log10_kappa: float = 8.0,
    rank_deficient: bool = False,
) -> Case:
    m = draw(st.integers(min_size, max_size))
    if square:
        n = m
    elif tall:
        n = draw(st.integers(1, m))
    else:
        n = draw(st.integers(min_size, max_size))
    log10_kappa = draw(st.floats(0.0, max_log10_kappa))
    rank = draw(st.integers(0, min(m, n) - 1)) if rank_deficient else None
    scale = 10.0 ** draw(st.integers(-3, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return build(rng, m, n, log10_kappa, rank, scale)


@st.composite
def symmetric_matrices(
    draw: st.DrawFn, *, positive: bool = False, max_log10_kappa: float = 8.0
) -> Case:
    n = draw(st.integers(1, 12))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    log10_kappa = draw(st.floats(0.0, max_log10_kappa))
    magnitudes = np.logspace(0, -log10_kappa, n)
    signs = np.ones(n) if positive else rng.choice([-1.0, 1.0], size=n)
    Q = orthonormal(rng, n, n)
    S = (Q * (signs * magnitudes)) @ Q.T
    return Case((S + S.T) / 2, magnitudes[0] / magnitudes[-1], n, rng)


def vectors(min_size: int = 1, max_size: int = 12) -> st.SearchStrategy:
    # Entries below 1e-30 become 0: NumPy's p-norms underflow for them (they
    # raise |x_i| to the power p unscaled), so NumPy is no oracle there.
    return st.lists(
        st.floats(-1e3, 1e3, allow_nan=False), min_size=min_size, max_size=max_size
    ).map(lambda x: np.where(np.abs(x) < 1e-30, 0.0, x))


def rel_err(x: np.ndarray, ref: np.ndarray) -> float:
    return float(np.linalg.norm(np.asarray(x) - ref) / max(np.linalg.norm(ref), 1e-300))


def assert_orthonormal_columns(Q: np.ndarray, tol: float = 1e-13) -> None:
    np.testing.assert_allclose(Q.T @ Q, np.eye(Q.shape[1]), atol=tol)


# ---------------------------------------------------------------------------
# Vectors
# ---------------------------------------------------------------------------


@SETTINGS
@given(st.data())
def test_dot_matches_numpy(data: st.DataObject) -> None:
    n = data.draw(st.integers(1, 12))
    u = data.draw(vectors(n, n))
    v = data.draw(vectors(n, n))
    assert linalg.dot(u, v) == pytest.approx(np.dot(u, v), rel=1e-12, abs=1e-9)


@pytest.mark.parametrize("p", [1, 1.5, 2, 3, 7.5, np.inf, None])
@SETTINGS
@given(x=vectors())
def test_vector_norms_match_numpy(p: float | None, x: np.ndarray) -> None:
    expected = np.linalg.norm(x, ord=p)
    assert linalg.norm(x, p=p) == pytest.approx(expected, rel=1e-13, abs=1e-300)


@pytest.mark.parametrize("p", [None, "fro", "nuc", 1, 2, np.inf])
@SETTINGS
@given(case=matrices(max_log10_kappa=4))
def test_matrix_norms_match_numpy(p: str | float | None, case: Case) -> None:
    expected = np.linalg.norm(case.A, ord=p)
    assert linalg.norm(case.A, p=p) == pytest.approx(expected, rel=1e-13)


def test_norms_do_not_overflow_or_underflow() -> None:
    # Exact values: a 3-4-5 triangle scaled far beyond sqrt(max float).
    assert linalg.norm([3e300, 4e300]) == pytest.approx(5e300, rel=1e-15)
    assert linalg.norm([3e-300, 4e-300]) == pytest.approx(5e-300, rel=1e-15)
    assert linalg.norm([[3e300], [4e300]]) == pytest.approx(5e300, rel=1e-15)
    assert linalg.norm([1e300, 1e300], p=3) == pytest.approx(2 ** (1 / 3) * 1e300)
    assert linalg.norm([0.0, 0.0], p=3) == 0.0


def test_norm_rejects_bad_p() -> None:
    with pytest.raises(ValueError, match="p must be >= 1"):
        linalg.norm([1.0, 2.0], p=0.5)
    with pytest.raises(ValueError, match=r"matrix norm.*x is a vector"):
        linalg.norm([1.0, 2.0], p="fro")
    with pytest.raises(ValueError, match="p must be 'fro', 'nuc', 1, 2 or inf"):
        linalg.norm(np.eye(2), p=3)
    with pytest.raises(ValueError, match="p must be 'fro'"):
        linalg.norm(np.eye(2), p="bogus")
    with pytest.raises(TypeError, match="p must be a number"):
        linalg.norm([1.0, 2.0], p=[1])
    with pytest.raises(ValueError, match="x must be a 1-D or 2-D array"):
        linalg.norm(np.ones((2, 2, 2)))


def test_angle_known_values() -> None:
    assert linalg.angle([1, 0], [0, 1]) == pytest.approx(np.pi / 2, abs=1e-15)
    assert linalg.angle([1, 0], [1, 1]) == pytest.approx(np.pi / 4, abs=1e-15)
    assert linalg.angle([1, 0], [-2, 0]) == pytest.approx(np.pi, abs=1e-15)
    assert linalg.angle([1, 2, 3], [2, 4, 6]) == pytest.approx(0.0, abs=1e-7)
    # Parallel vectors whose computed cosine rounds above 1 must not give NaN.
    x = np.array([0.1, 0.2, 0.3, 0.7])
    assert np.isfinite(linalg.angle(x, 3 * x))


@SETTINGS
@given(st.data())
def test_angle_and_cosine_match_independent_formulas(data: st.DataObject) -> None:
    n = data.draw(st.integers(2, 12))
    u = data.draw(vectors(n, n))
    v = data.draw(vectors(n, n))
    if np.linalg.norm(u) < 1e-3 or np.linalg.norm(v) < 1e-3:
        return
    # scipy's cosine distance is 1 - cosine similarity.
    cosine = 1.0 - distance.cosine(u, v)
    assert linalg.cosine_similarity(u, v) == pytest.approx(cosine, abs=1e-14)
    # Kahan's formula 2 atan2(|a - b|, |a + b|) for unit a, b is accurate
    # everywhere, so it checks the arccos route independently.
    a, b = u / np.linalg.norm(u), v / np.linalg.norm(v)
    kahan = 2 * np.arctan2(np.linalg.norm(a - b), np.linalg.norm(a + b))
    assert linalg.angle(u, v) == pytest.approx(kahan, abs=1e-7)
    if abs(cosine) <= 0.9:  # away from 0 and pi the arccosine is well conditioned
        assert linalg.angle(u, v) == pytest.approx(kahan, abs=1e-13)


@SETTINGS
@given(st.data())
def test_projection_is_orthogonal(data: st.DataObject) -> None:
    n = data.draw(st.integers(1, 12))
    u = data.draw(vectors(n, n))
    v = data.draw(vectors(n, n))
    if np.linalg.norm(v) < 1e-3:
        return
    p = linalg.project(u, onto=v)
    np.testing.assert_allclose(p, (u @ v) / (v @ v) * v, atol=1e-13 * np.linalg.norm(u))
    residual = u - p
    assert abs(residual @ v) <= 1e-10 * (np.linalg.norm(u) + 1) * np.linalg.norm(v)


def test_zero_vectors_are_rejected() -> None:
    with pytest.raises(ValueError, match=r"angle is undefined.*u is zero"):
        linalg.angle([0, 0], [1, 0])
    with pytest.raises(ValueError, match=r"cosine similarity is undefined.*v is zero"):
        linalg.cosine_similarity([1, 0], [0, 0])
    with pytest.raises(ValueError, match=r"projection is undefined.*onto is zero"):
        linalg.project([1, 0], onto=[0, 0])


def test_vector_shape_mismatch_names_both_shapes() -> None:
    for f in (linalg.dot, linalg.angle, linalg.cosine_similarity):
        with pytest.raises(ValueError, match=r"u and v .* \(3,\) and \(2,\)"):
            f([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match=r"A and B .* \(2, 2\) and \(2, 3\)"):
        linalg.hadamard(np.ones((2, 2)), np.ones((2, 3)))


@SETTINGS
@given(st.data())
def test_outer_cross_hadamard_kron_match_numpy(data: st.DataObject) -> None:
    u = data.draw(vectors(1, 6))
    v = data.draw(vectors(1, 6))
    np.testing.assert_array_equal(linalg.outer(u, v), np.outer(u, v))
    np.testing.assert_array_equal(linalg.kron(u, v), np.kron(u, v))
    a = data.draw(vectors(3, 3))
    b = data.draw(vectors(3, 3))
    np.testing.assert_allclose(linalg.cross(a, b), np.cross(a, b), rtol=1e-14)
    rng = np.random.default_rng(data.draw(st.integers(0, 1000)))
    shapes = [(2, 3), (1, 4), (3, 1), (2, 2)]
    A = rng.standard_normal(shapes[data.draw(st.integers(0, 3))])
    B = rng.standard_normal(shapes[data.draw(st.integers(0, 3))])
    np.testing.assert_array_equal(linalg.kron(A, B), np.kron(A, B))
    np.testing.assert_array_equal(linalg.kron(u, B), np.kron(u, B))
    np.testing.assert_array_equal(linalg.kron(A, v), np.kron(A, v))
    np.testing.assert_array_equal(linalg.hadamard(A, A), A * A)


def test_cross_is_orthogonal_with_known_value() -> None:
    np.testing.assert_array_equal(linalg.cross([1, 0, 0], [0, 1, 0]), [0, 0, 1])
    np.testing.assert_array_equal(linalg.cross([1, 2, 3], [4, 5, 6]), [-3, 6, -3])
    with pytest.raises(ValueError, match=r"v must be a 3-D vector .* \(2,\)"):
        linalg.cross([1, 2, 3], [1, 2])


@SETTINGS
@given(st.data())
def test_matmul_loops_matches_matmul(data: st.DataObject) -> None:
    m, n, p = (data.draw(st.integers(1, 6)) for _ in range(3))
    rng = np.random.default_rng(data.draw(st.integers(0, 1000)))
    A, B = rng.standard_normal((m, n)), rng.standard_normal((n, p))
    np.testing.assert_allclose(linalg.matmul_loops(A, B), A @ B, rtol=1e-12, atol=1e-14)


def test_matmul_loops_shape_error_names_both_shapes() -> None:
    with pytest.raises(ValueError, match=r"A and B .* \(2, 3\) and \(2, 3\)"):
        linalg.matmul_loops(np.ones((2, 3)), np.ones((2, 3)))


def test_trace() -> None:
    A = np.arange(16.0).reshape(4, 4)
    assert linalg.trace(A) == np.trace(A)
    assert linalg.trace([[2, 1], [2, 3]]) == 5.0


# ---------------------------------------------------------------------------
# LU, determinant, inverse, solve
# ---------------------------------------------------------------------------


@SETTINGS
@given(case=matrices(square=True))
def test_lu_factorises_with_partial_pivoting(case: Case) -> None:
    A = case.A
    n = A.shape[0]
    P, L, U = linalg.lu(A)
    # P is a permutation matrix, L unit lower with |l_ij| <= 1, U upper.
    np.testing.assert_array_equal(np.sort(P, axis=1)[:, -1], np.ones(n))
    np.testing.assert_array_equal(P.sum(axis=0), np.ones(n))
    np.testing.assert_array_equal(np.triu(L, 1), 0)
    np.testing.assert_array_equal(np.diag(L), 1)
    assert np.all(np.abs(L) <= 1)
    np.testing.assert_array_equal(np.tril(U, -1), 0)
    assert np.linalg.norm(P @ A - L @ U) <= 1e-13 * np.linalg.norm(A)
    # SciPy returns A = p l u, so p = P^T (same pivots, same factors).
    p_scipy, l_scipy, u_scipy = scipy.linalg.lu(A)
    np.testing.assert_array_equal(P, p_scipy.T)
    np.testing.assert_allclose(L, l_scipy, atol=1e-13 * case.kappa)
    atol = 1e-13 * case.kappa * np.abs(u_scipy).max()
    np.testing.assert_allclose(U, u_scipy, atol=atol)


def test_lu_of_singular_matrices_is_fine() -> None:
    for A in ([[1.0, 2.0], [2.0, 4.0]], np.zeros((3, 3)), [[0.0, 1.0], [0.0, 2.0]]):
        P, L, U = linalg.lu(A)
        np.testing.assert_allclose(P @ np.asarray(A), L @ U, atol=1e-15)


@pytest.mark.parametrize("n", [2, 10, 30])
def test_lu_growth_factor_reaches_the_bound_on_wilkinsons_matrix(n: int) -> None:
    # Ones on the diagonal and in the last column, -1 below the diagonal:
    # pivoting meets only ties, keeps the first (as LAPACK does), and each
    # step doubles the last column, so max|U| / max|A| = 2^(n-1).
    W = np.eye(n) - np.tril(np.ones((n, n)), k=-1)
    W[:, -1] = 1.0
    P, L, U = linalg.lu(W)
    np.testing.assert_array_equal(P, np.eye(n))
    np.testing.assert_array_equal(U[:, -1], 2.0 ** np.arange(n))
    assert np.abs(L).max() == 1.0  # the multipliers are bounded ...
    assert np.abs(U).max() == 2.0 ** (n - 1)  # ... the growth is not
    _, L_scipy, U_scipy = scipy.linalg.lu(W)
    np.testing.assert_array_equal(U, U_scipy)
    np.testing.assert_array_equal(L, L_scipy)


@SETTINGS
@given(case=matrices(square=True))
def test_det_matches_numpy(case: Case) -> None:
    n = case.A.shape[0]
    expected = np.linalg.det(case.A)
    assert linalg.det(case.A) == pytest.approx(expected, rel=1e-14 * n * case.kappa)


def test_det_exact_values() -> None:
    assert linalg.det([[2, 1], [2, 3]]) == 4.0
    assert linalg.det([[1, 2], [2, 4]]) == 0.0
    assert linalg.det(np.zeros((3, 3))) == 0.0
    # The sign of a permutation: a 3-cycle is even, a swap is odd.
    assert linalg.det(np.eye(4)[[1, 2, 0, 3]]) == 1.0
    assert linalg.det(np.eye(4)[[1, 0, 2, 3]]) == -1.0
    # Triangular: the product of the diagonal.
    assert linalg.det([[2, 7, 1], [0, 3, 5], [0, 0, -4]]) == pytest.approx(-24.0)
    assert abs(linalg.det(np.arange(1.0, 10.0).reshape(3, 3))) < 1e-14


@SETTINGS
@given(case=matrices(square=True))
def test_inv_matches_numpy(case: Case) -> None:
    A = case.A
    n = A.shape[0]
    X = linalg.inv(A)
    bound = 1e-14 * n * case.kappa
    assert rel_err(X, np.linalg.inv(A)) <= bound
    assert np.linalg.norm(A @ X - np.eye(n)) <= bound


@SETTINGS
@given(case=matrices(square=True), k=st.integers(0, 3))
def test_solve_matches_numpy_and_is_backward_stable(case: Case, k: int) -> None:
    A = case.A
    n = A.shape[0]
    b = case.rng.standard_normal(n) if k == 0 else case.rng.standard_normal((n, k))
    x = linalg.solve(A, b)
    assert x.shape == b.shape
    assert rel_err(x, np.linalg.solve(A, b)) <= 1e-13 * case.kappa
    # Backward stability: the residual does not grow with the condition number.
    residual = np.linalg.norm(A @ x - b)
    assert residual <= 1e-13 * np.linalg.norm(A) * np.linalg.norm(x) + 1e-300


@pytest.mark.parametrize(
    "A",
    [
        [[1.0, 2.0], [2.0, 4.0]],
        np.zeros((2, 2)),
        # NumPy's solve returns garbage for this one; its third pivot is 0.
        np.arange(1.0, 10.0).reshape(3, 3),
        [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [0.0, 0.0, 1.0]],
    ],
)
def test_inv_and_solve_reject_singular_matrices(A: np.ndarray) -> None:
    with pytest.raises(LinAlgError, match=r"A is singular .* pivot \d+ is"):
        linalg.inv(A)
    with pytest.raises(LinAlgError, match=r"A is singular .* pivot \d+ is"):
        linalg.solve(A, np.ones(len(A)))


def test_solve_shape_mismatch_names_both_shapes() -> None:
    with pytest.raises(ValueError, match=r"A and b .* \(2, 2\) and \(3,\)"):
        linalg.solve(np.eye(2), np.ones(3))
    with pytest.raises(ValueError, match="b must be a 1-D or 2-D array"):
        linalg.solve(np.eye(2), np.ones((2, 1, 1)))


def test_linalg_error_is_a_value_error_and_numpys() -> None:
    assert issubclass(LinAlgError, ValueError)
    assert issubclass(LinAlgError, np.linalg.LinAlgError)


# ---------------------------------------------------------------------------
# Rank, condition number, special matrices, Cholesky
# ---------------------------------------------------------------------------


@SETTINGS
@given(case=matrices(rank_deficient=True, max_log10_kappa=6))
def test_rank_of_rank_deficient_matrices(case: Case) -> None:
    assert linalg.rank(case.A) == case.rank
    assert linalg.rank(case.A) == np.linalg.matrix_rank(case.A)


@SETTINGS
@given(case=matrices(max_log10_kappa=6))
def test_rank_of_full_rank_matrices_and_tol(case: Case) -> None:
    k = min(case.A.shape)
    assert linalg.rank(case.A) == k
    # A tolerance between the two smallest singular values drops exactly one.
    # (Clustered singular values leave no such gap: then there is no claim.)
    s = np.linalg.svd(case.A, compute_uv=False)
    if k > 1 and s[-2] > 1.01 * s[-1]:
        assert linalg.rank(case.A, tol=float(np.sqrt(s[-2] * s[-1]))) == k - 1


# ---------------------------------------------------------------------------
# Column space and null space
# ---------------------------------------------------------------------------


def projector(Q: np.ndarray) -> np.ndarray:
    """The orthogonal projector onto the span of the orthonormal columns of Q."""
    return Q @ Q.T


@SETTINGS
@given(
    case=st.one_of(
        matrices(rank_deficient=True, max_log10_kappa=6),
        matrices(max_log10_kappa=6),
    )
)
def test_null_space_and_column_space_match_scipy(case: Case) -> None:
    A, r = case.A, case.rank
    m, n = A.shape
    rcond = max(m, n) * EPS  # the relative form of mathdl's default cutoff
    N, Q = linalg.null_space(A), linalg.column_space(A)
    assert N.shape == (n, n - r)
    assert Q.shape == (m, r)
    # The bases are not unique; the subspaces (their projectors) are.
    tol = 1e-12 * case.kappa
    N_scipy = scipy.linalg.null_space(A, rcond=rcond)
    Q_scipy = scipy.linalg.orth(A, rcond=rcond)
    np.testing.assert_allclose(projector(N), projector(N_scipy), atol=tol)
    np.testing.assert_allclose(projector(Q), projector(Q_scipy), atol=tol)


@SETTINGS
@given(
    case=st.one_of(
        matrices(rank_deficient=True, max_log10_kappa=6),
        matrices(max_log10_kappa=6),
    )
)
def test_null_space_and_column_space_laws(case: Case) -> None:
    A = case.A
    m, n = A.shape
    N, Q = linalg.null_space(A), linalg.column_space(A)
    # Rank-nullity: rank + nullity = number of columns.
    assert Q.shape[1] + N.shape[1] == n
    assert Q.shape[1] == linalg.rank(A) == np.linalg.matrix_rank(A)
    # Orthonormal bases.
    assert_orthonormal_columns(N)
    assert_orthonormal_columns(Q)
    # A maps the null space to zero (up to the cutoff's size) ...
    size = np.linalg.norm(A, 2)
    # (An empty null space passes trivially; NumPy < 2.3's 2-norm rejects it.)
    if N.shape[1]:
        assert np.linalg.norm(A @ N, 2) <= 10 * max(m, n) * EPS * size
    # ... and every column of A lies in the column space.
    assert np.linalg.norm(A - projector(Q) @ A, 2) <= 1e-13 * size
    # The row space (column space of A^T) and the null space are orthogonal
    # and together fill R^n.
    R = linalg.column_space(A.T)
    assert np.abs(R.T @ N).max(initial=0.0) <= 1e-12 * case.kappa
    np.testing.assert_allclose(
        projector(R) + projector(N), np.eye(n), atol=1e-12 * case.kappa
    )


def test_null_space_and_column_space_exact_examples() -> None:
    # The dependent triple of the chapter: w = u + v.
    A = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0], [1.0, 1.0, 2.0]])
    N = linalg.null_space(A)
    assert N.shape == (3, 1)
    np.testing.assert_allclose(np.abs(N[:, 0]), np.ones(3) / np.sqrt(3), atol=1e-15)
    np.testing.assert_allclose(N[0, 0], N[1, 0], atol=1e-15)
    np.testing.assert_allclose(N[2, 0], -N[0, 0], atol=1e-15)
    Q = linalg.column_space(A)
    assert Q.shape == (3, 2)
    # The column space is the plane x3 = x1 + x2, with normal (1, 1, -1).
    np.testing.assert_allclose(np.array([1.0, 1.0, -1.0]) @ Q, 0.0, atol=1e-15)
    # The zero matrix: everything is in the null space, nothing in the range.
    assert linalg.null_space(np.zeros((2, 3))).shape == (3, 3)
    assert linalg.column_space(np.zeros((2, 3))).shape == (2, 0)
    # A wide matrix of full row rank: the completion fills the missing part.
    W = np.array([[1.0, 2.0, 3.0, 4.0]])
    N = linalg.null_space(W)
    assert N.shape == (4, 3)
    np.testing.assert_allclose(W @ N, 0.0, atol=1e-14)
    assert_orthonormal_columns(N)


def test_null_space_and_column_space_tol() -> None:
    A = np.diag([1.0, 1e-3, 1e-9])
    assert linalg.null_space(A).shape == (3, 0)
    assert linalg.column_space(A).shape == (3, 3)
    assert linalg.null_space(A, tol=1e-6).shape == (3, 1)
    assert linalg.column_space(A, tol=1e-6).shape == (3, 2)
    assert linalg.null_space(A, tol=1e-2).shape == (3, 2)
    np.testing.assert_allclose(
        np.abs(linalg.null_space(A, tol=1e-6)[:, 0]), [0.0, 0.0, 1.0], atol=1e-15
    )
    for f in (linalg.null_space, linalg.column_space, linalg.rank):
        with pytest.raises(ValueError, match="tol must be >= 0, got -1"):
            f(A, tol=-1.0)


@SETTINGS
@given(case=matrices(max_log10_kappa=10))
def test_cond_matches_numpy_and_construction(case: Case) -> None:
    expected = np.linalg.cond(case.A)
    assert linalg.cond(case.A) == pytest.approx(expected, rel=1e-13 * case.kappa)
    assert linalg.cond(case.A) == pytest.approx(case.kappa, rel=1e-13 * case.kappa)


def test_cond_of_singular_matrix_is_inf() -> None:
    assert linalg.cond([[1.0, 2.0], [2.0, 4.0]]) == np.inf
    assert linalg.cond(np.zeros((2, 2))) == np.inf
    assert linalg.cond(np.eye(3)) == 1.0


def test_special_matrix_predicates() -> None:
    rng = np.random.default_rng(0)
    Q = orthonormal(rng, 5, 5)
    B = rng.standard_normal((5, 5))
    assert linalg.is_orthogonal(Q)
    assert not linalg.is_orthogonal(B)
    assert not linalg.is_orthogonal(Q[:, :3])  # orthonormal columns, not square
    assert linalg.is_symmetric(B + B.T)
    assert not linalg.is_symmetric(B)
    assert not linalg.is_symmetric(np.ones((2, 3)))
    assert linalg.is_symmetric(1e-30 * (B + B.T))  # the tolerance is relative
    assert linalg.is_positive_definite(B @ B.T + np.eye(5))
    assert not linalg.is_positive_definite(B + B.T - 20 * np.eye(5))
    assert not linalg.is_positive_definite([[1.0, 1.0], [1.0, 1.0]])  # singular
    assert not linalg.is_positive_definite(B @ B.T + np.eye(5) + np.triu(B, 1))
    assert not linalg.is_positive_definite(np.ones((2, 3)))
    with pytest.raises(ValueError, match="tol must be >= 0"):
        linalg.is_symmetric(np.eye(2), tol=-1.0)


@SETTINGS
@given(case=symmetric_matrices(positive=True))
def test_cholesky_matches_numpy(case: Case) -> None:
    L = linalg.cholesky(case.A)
    np.testing.assert_array_equal(np.triu(L, 1), 0)
    assert np.all(np.diag(L) > 0)
    assert rel_err(L, np.linalg.cholesky(case.A)) <= 1e-14 * case.kappa
    n = len(L)
    assert np.linalg.norm(L @ L.T - case.A) <= 1e-14 * n * np.linalg.norm(case.A)
    assert linalg.is_positive_definite(case.A)


def test_cholesky_rejects_bad_matrices() -> None:
    with pytest.raises(LinAlgError, match=r"A is not positive definite: .*pivot 1"):
        linalg.cholesky([[1.0, 2.0], [2.0, 1.0]])
    with pytest.raises(LinAlgError, match="A is not positive definite"):
        linalg.cholesky([[1.0, 1.0], [1.0, 1.0]])  # singular semi-definite
    with pytest.raises(LinAlgError, match="A must be symmetric"):
        linalg.cholesky([[2.0, 1.0], [0.0, 2.0]])


# ---------------------------------------------------------------------------
# QR, eigenvalues, SVD
# ---------------------------------------------------------------------------


@SETTINGS
@given(case=matrices(max_log10_kappa=10))
def test_qr_reduced(case: Case) -> None:
    A = case.A
    m, n = A.shape
    k = min(m, n)
    Q, R = linalg.qr(A)
    assert Q.shape == (m, k)
    assert R.shape == (k, n)
    assert_orthonormal_columns(Q)
    np.testing.assert_array_equal(np.tril(R, -1), 0)
    assert np.linalg.norm(Q @ R - A) <= 1e-13 * np.linalg.norm(A)
    # For full column rank the factorisation is unique up to the signs of
    # R's rows, so |R| matches NumPy's.
    if m >= n and case.kappa < 1e6:
        R_np = np.linalg.qr(A)[1]
        signs = np.sign(np.diag(R)) * np.sign(np.diag(R_np))
        np.testing.assert_allclose(
            R, signs[:, None] * R_np, atol=1e-13 * case.kappa * np.abs(R_np).max()
        )


@SETTINGS
@given(case=matrices(max_size=8))
def test_qr_complete(case: Case) -> None:
    A = case.A
    m, n = A.shape
    Q, R = linalg.qr(A, mode="complete")
    assert Q.shape == (m, m)
    assert R.shape == (m, n)
    assert linalg.is_orthogonal(Q, tol=1e-13)
    np.testing.assert_array_equal(np.tril(R, -1), 0)
    assert np.linalg.norm(Q @ R - A) <= 1e-13 * np.linalg.norm(A)


def test_qr_special_cases() -> None:
    Q, R = linalg.qr(np.triu(np.arange(1.0, 10.0).reshape(3, 3)))
    np.testing.assert_array_equal(Q, np.eye(3))  # already triangular
    Q, R = linalg.qr(np.zeros((3, 2)))
    np.testing.assert_array_equal(R, 0)
    assert_orthonormal_columns(Q)
    with pytest.raises(ValueError, match="mode must be 'reduced' or 'complete'"):
        linalg.qr(np.eye(2), mode="r")


@SETTINGS
@given(case=symmetric_matrices())
def test_eig_symmetric_matches_eigvalsh(case: Case) -> None:
    A = case.A
    n = len(A)
    values, vectors = linalg.eig_symmetric(A)
    scale = np.linalg.norm(A, 2)
    assert np.all(np.diff(values) <= 0)  # descending
    np.testing.assert_allclose(values, np.linalg.eigvalsh(A)[::-1], atol=1e-13 * scale)
    assert np.linalg.norm(A @ vectors - vectors * values) <= 1e-13 * scale
    assert_orthonormal_columns(vectors)
    # Sign convention: the largest-magnitude entry of each vector is positive.
    assert np.all(vectors[np.argmax(np.abs(vectors), axis=0), np.arange(n)] > 0)


def test_eig_symmetric_special_cases() -> None:
    values, vectors = linalg.eig_symmetric(np.zeros((3, 3)))
    np.testing.assert_array_equal(values, 0)
    np.testing.assert_array_equal(vectors, np.eye(3))
    values, _ = linalg.eig_symmetric(np.diag([1.0, 3.0, 2.0]))
    np.testing.assert_array_equal(values, [3.0, 2.0, 1.0])
    values, vectors = linalg.eig_symmetric(np.ones((4, 4)))  # eigenvalues 4, 0, 0, 0
    np.testing.assert_allclose(values, [4, 0, 0, 0], atol=1e-14)
    assert_orthonormal_columns(vectors)
    with pytest.raises(LinAlgError, match="A must be symmetric"):
        linalg.eig_symmetric([[2.0, 1.0], [2.0, 3.0]])
    B = np.random.default_rng(0).standard_normal((6, 6))
    with pytest.raises(LinAlgError, match="did not converge in maxiter=1 sweeps"):
        linalg.eig_symmetric(B + B.T, maxiter=1)


BOOK_MATRIX = np.array([[2.0, 1.0], [2.0, 3.0]])  # eigenvalues 4 and 1


def test_power_iteration_on_the_book_matrix() -> None:
    result = linalg.power_iteration(BOOK_MATRIX)
    assert result.eigenvalue == pytest.approx(4.0, abs=1e-10)
    np.testing.assert_allclose(
        result.eigenvector, np.array([1, 2]) / np.sqrt(5), atol=1e-10
    )
    assert result.history.shape == (result.n_iter,)
    assert result.history[-1] == result.eigenvalue
    # The error shrinks geometrically, by about |lambda_2 / lambda_1| = 1/4
    # per step for this non-symmetric matrix.
    errors = np.abs(result.history - 4.0)[:12]
    ratios = errors[1:] / errors[:-1]
    np.testing.assert_allclose(ratios[6:], 0.25, atol=0.01)
    # A given start vector; and the same seed gives the same run.
    from_x0 = linalg.power_iteration(BOOK_MATRIX, x0=[1.0, 0.0])
    assert from_x0.eigenvalue == pytest.approx(4.0, abs=1e-10)
    again = linalg.power_iteration(BOOK_MATRIX, rng=0)
    np.testing.assert_array_equal(again.history, result.history)


@SETTINGS
@given(st.integers(1, 10), st.integers(0, 2**32 - 1))
def test_power_iteration_matches_eigvalsh(n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    Q = orthonormal(rng, n, n)
    # Dominant eigenvalue 3 (sign random), the others in (-2, 2): ratio <= 2/3.
    values = np.concatenate([[3.0 * rng.choice([-1, 1])], rng.uniform(-2, 2, n - 1)])
    A = (Q * values) @ Q.T
    A = (A + A.T) / 2
    result = linalg.power_iteration(A, rng=rng)
    eigenvalues = np.linalg.eigvalsh(A)
    dominant = eigenvalues[np.argmax(np.abs(eigenvalues))]
    assert result.eigenvalue == pytest.approx(dominant, abs=1e-12)
    v = result.eigenvector
    assert np.linalg.norm(v) == pytest.approx(1.0)
    assert np.linalg.norm(A @ v - dominant * v) <= 1e-11


def test_power_iteration_errors() -> None:
    with pytest.raises(LinAlgError, match="did not converge in maxiter=200"):
        linalg.power_iteration([[0.0, 1.0], [1.0, 0.0]], maxiter=200)  # +1 and -1
    with pytest.raises(ValueError, match="x0 must be a non-zero vector"):
        linalg.power_iteration(np.eye(2), x0=[0.0, 0.0])
    with pytest.raises(ValueError, match=r"x0 must have shape \(2,\) .* \(2, 2\)"):
        linalg.power_iteration(np.eye(2), x0=[1.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="maxiter must be >= 1"):
        linalg.power_iteration(np.eye(2), maxiter=0)
    with pytest.raises(TypeError, match="rng must be"):
        linalg.power_iteration(np.eye(2), rng="seed")


@pytest.mark.parametrize("shift", [False, True])
def test_qr_algorithm_on_the_book_matrix(shift: bool) -> None:
    result = linalg.qr_algorithm(BOOK_MATRIX, shift=shift)
    np.testing.assert_allclose(result.eigenvalues, [4.0, 1.0], atol=1e-10)
    assert result.history.shape == (result.n_iter + 1, 2)
    np.testing.assert_array_equal(result.history[0], [2.0, 3.0])
    # The shifted iteration may leave the eigenvalues in either order.
    np.testing.assert_allclose(np.sort(result.history[-1]), [1.0, 4.0], atol=1e-10)


def test_qr_algorithm_unshifted_matches_numpy_qr_iteration() -> None:
    # The diagonals do not depend on QR's sign convention, so NumPy's QR
    # repeated by hand is an oracle for the history.
    T = BOOK_MATRIX.copy()
    expected = [np.diag(T)]
    for _ in range(5):
        Q, R = np.linalg.qr(T)
        T = R @ Q
        expected.append(np.diag(T))
    history = linalg.qr_algorithm(BOOK_MATRIX).history
    np.testing.assert_allclose(history[:6], expected, rtol=1e-13)


@pytest.mark.parametrize("shift", [False, True])
@SETTINGS
@given(n=st.integers(1, 8), seed=st.integers(0, 2**32 - 1))
def test_qr_algorithm_matches_eigvals(shift: bool, n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    # Real eigenvalues with distinct absolute values, in a non-symmetric
    # matrix S diag(values) S^{-1} with a well-conditioned S.
    values = rng.permutation(np.arange(1, n + 1)) * rng.choice([-1.0, 1.0], n)
    S = orthonormal(rng, n, n) + 0.3 * rng.standard_normal((n, n)) / np.sqrt(n)
    A = S @ np.diag(values) @ np.linalg.inv(S)
    result = linalg.qr_algorithm(A, shift=shift, maxiter=5000)
    expected = np.sort(np.linalg.eigvals(A).real)[::-1]
    atol = 1e-10 * np.linalg.norm(A)
    np.testing.assert_allclose(result.eigenvalues, expected, atol=atol)


def test_qr_algorithm_symmetric_and_equal_magnitudes() -> None:
    # +1 and -1: no progress without shifts, one step with the Wilkinson shift.
    flip = np.array([[0.0, 1.0], [1.0, 0.0]])
    np.testing.assert_allclose(
        linalg.qr_algorithm(flip, shift=True).eigenvalues, [1.0, -1.0], atol=1e-14
    )
    with pytest.raises(LinAlgError, match="did not converge in maxiter=50"):
        linalg.qr_algorithm(flip, maxiter=50)
    rotation = np.array([[0.0, -1.0], [1.0, 0.0]])  # eigenvalues +-i
    with pytest.raises(LinAlgError, match="did not converge"):
        linalg.qr_algorithm(rotation, shift=True, maxiter=50)
    B = np.random.default_rng(1).standard_normal((7, 7))
    result = linalg.qr_algorithm(B + B.T, shift=True)
    np.testing.assert_allclose(
        result.eigenvalues, np.linalg.eigvalsh(B + B.T)[::-1], atol=1e-12
    )


def check_svd(A: np.ndarray, U: np.ndarray, s: np.ndarray, Vt: np.ndarray) -> None:
    m, n = A.shape
    k = min(m, n)
    assert U.shape == (m, k)
    assert s.shape == (k,)
    assert Vt.shape == (k, n)
    assert np.all(s >= 0)
    assert np.all(np.diff(s) <= 0)
    scale = max(np.linalg.norm(A), 1e-300)
    assert np.linalg.norm((U * s) @ Vt - A) <= 1e-13 * scale
    assert_orthonormal_columns(U)
    assert_orthonormal_columns(Vt.T)
    np.testing.assert_allclose(
        s, np.linalg.svd(A, compute_uv=False), atol=1e-13 * scale
    )


@SETTINGS
@given(case=matrices(max_log10_kappa=12))
def test_svd_matches_numpy(case: Case) -> None:
    U, s, Vt = linalg.svd(case.A)
    check_svd(case.A, U, s, Vt)
    np.testing.assert_array_equal(linalg.svd(case.A, compute_uv=False), s)
    # With distinct singular values the vectors are unique up to sign.
    _, s_np, Vt_np = np.linalg.svd(case.A, full_matrices=False)
    gaps = np.abs(np.diff(s_np))
    if len(s_np) == 1 or gaps.min() > 1e-3 * s_np[0]:
        overlap = np.abs(np.sum(Vt * Vt_np, axis=1))
        np.testing.assert_allclose(overlap, 1.0, atol=1e-9 * case.kappa)


@SETTINGS
@given(case=matrices(rank_deficient=True))
def test_svd_of_rank_deficient_matrices(case: Case) -> None:
    U, s, Vt = linalg.svd(case.A)
    check_svd(case.A, U, s, Vt)


def test_svd_special_cases() -> None:
    for A in (np.zeros((3, 2)), np.zeros((2, 3)), [[0.0, 1.0], [0.0, 0.0]], [[5.0]]):
        A = np.asarray(A)
        check_svd(A, *linalg.svd(A))
    # Entries near the overflow threshold: squared norms would overflow.
    s = linalg.svd([[3e200, 0.0], [4e200, 0.0]], compute_uv=False)
    np.testing.assert_allclose(s, [5e200, 0.0])
    B = np.random.default_rng(0).standard_normal((6, 6))
    with pytest.raises(LinAlgError, match="svd did not converge in maxiter=1 sweeps"):
        linalg.svd(B, maxiter=1)


@SETTINGS
@given(case=matrices(max_log10_kappa=6))
def test_pinv_matches_numpy_and_penrose_conditions(case: Case) -> None:
    A = case.A
    X = linalg.pinv(A)
    assert X.shape == A.shape[::-1]
    assert rel_err(X, np.linalg.pinv(A, rcond=max(A.shape) * EPS)) <= 1e-13 * case.kappa
    tol = 1e-12 * case.kappa
    assert rel_err(A @ X @ A, A) <= tol
    assert rel_err(X @ A @ X, X) <= tol
    np.testing.assert_allclose(A @ X, (A @ X).T, atol=tol)
    np.testing.assert_allclose(X @ A, (X @ A).T, atol=tol)


@SETTINGS
@given(case=matrices(rank_deficient=True, max_log10_kappa=4))
def test_pinv_and_lstsq_rank_deficient(case: Case) -> None:
    A = case.A
    rcond = 1e-10  # the constructed non-zero singular values are >= 1e-4 s_max
    X = linalg.pinv(A, rcond=rcond)
    expected = np.linalg.pinv(A, rcond=rcond)
    assert rel_err(X, expected) <= 1e-11 * case.kappa or np.linalg.norm(expected) == 0
    b = case.rng.standard_normal(A.shape[0])
    x = linalg.lstsq(A, b, rcond=rcond)
    x_np = np.linalg.lstsq(A, b, rcond=rcond)[0]
    np.testing.assert_allclose(
        x, x_np, atol=1e-11 * case.kappa**2 * np.linalg.norm(x_np)
    )


@pytest.mark.parametrize("method", ["svd", "qr"])
@SETTINGS
@given(case=matrices(tall=True, max_log10_kappa=5), k=st.integers(0, 2))
def test_lstsq_tall_full_rank_matches_numpy(method: str, case: Case, k: int) -> None:
    A = case.A
    m = A.shape[0]
    b = case.rng.standard_normal(m) if k == 0 else case.rng.standard_normal((m, k))
    x = linalg.lstsq(A, b, method=method)
    x_np = np.linalg.lstsq(A, b)[0]
    assert x.shape == x_np.shape
    assert rel_err(x, x_np) <= 1e-12 * case.kappa**2


@SETTINGS
@given(case=matrices(max_log10_kappa=4))
def test_lstsq_any_shape_matches_numpy(case: Case) -> None:
    A = case.A
    b = case.rng.standard_normal(A.shape[0])
    x_np = np.linalg.lstsq(A, b)[0]
    assert rel_err(linalg.lstsq(A, b), x_np) <= 1e-12 * case.kappa**2


def test_lstsq_errors() -> None:
    with pytest.raises(ValueError, match=r"A and b .* \(3, 2\) and \(2,\)"):
        linalg.lstsq(np.ones((3, 2)), np.ones(2))
    with pytest.raises(ValueError, match="method='qr' needs at least as many rows"):
        linalg.lstsq(np.ones((2, 3)), np.ones(2), method="qr")
    with pytest.raises(LinAlgError, match="rank-deficient"):
        linalg.lstsq([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]], np.ones(3), method="qr")
    with pytest.raises(ValueError, match="method must be one of 'svd', 'qr'"):
        linalg.lstsq(np.eye(2), np.ones(2), method="normal")
    with pytest.raises(ValueError, match="rcond must be >= 0"):
        linalg.lstsq(np.eye(2), np.ones(2), rcond=-1.0)


# ---------------------------------------------------------------------------
# Covariance, Mahalanobis, PCA
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("ddof", [0, 1, 2])
@SETTINGS
@given(n=st.integers(3, 30), d=st.integers(1, 6), seed=st.integers(0, 2**32 - 1))
def test_covariance_matches_numpy(ddof: int, n: int, d: int, seed: int) -> None:
    X = np.random.default_rng(seed).standard_normal((n, d)) * 10 + 5
    expected = np.atleast_2d(np.cov(X, rowvar=False, ddof=ddof))
    np.testing.assert_allclose(
        linalg.covariance(X, ddof=ddof), expected, rtol=1e-13, atol=1e-13
    )


def test_covariance_errors() -> None:
    with pytest.raises(ValueError, match=r"more than ddof=1 samples .* \(1, 3\)"):
        linalg.covariance(np.ones((1, 3)))
    with pytest.raises(ValueError, match="ddof must be >= 0"):
        linalg.covariance(np.ones((3, 3)), ddof=-1)
    with pytest.raises(TypeError, match="ddof must be an integer"):
        linalg.covariance(np.ones((3, 3)), ddof=1.0)
    with pytest.raises(ValueError, match="X must be a 2-D array"):
        linalg.covariance(np.ones(3))


@SETTINGS
@given(n=st.integers(1, 8), d=st.integers(1, 6), seed=st.integers(0, 2**32 - 1))
def test_mahalanobis_matches_scipy(n: int, d: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    B = rng.standard_normal((d, d))
    cov = B @ B.T + 0.5 * np.eye(d)
    mean = rng.standard_normal(d)
    X = rng.standard_normal((n, d)) * 3
    VI = np.linalg.inv(cov)
    expected = np.array([distance.mahalanobis(x, mean, VI) for x in X])
    kappa = np.linalg.cond(cov)
    np.testing.assert_allclose(
        linalg.mahalanobis(X, mean, cov), expected, rtol=1e-12 * kappa
    )
    one = linalg.mahalanobis(X[0], mean, cov)
    assert isinstance(one, float)
    assert one == pytest.approx(expected[0], rel=1e-12 * kappa)


def test_mahalanobis_with_identity_is_euclidean() -> None:
    X = np.array([[3.0, 4.0], [0.0, 0.0], [-1.0, 1.0]])
    np.testing.assert_allclose(
        linalg.mahalanobis(X, [0, 0], np.eye(2)), [5, 0, np.sqrt(2)]
    )


def test_mahalanobis_errors() -> None:
    with pytest.raises(LinAlgError, match="cov is not positive definite"):
        linalg.mahalanobis([1.0, 2.0], [0.0, 0.0], [[1.0, 2.0], [2.0, 1.0]])
    with pytest.raises(LinAlgError, match="cov must be symmetric"):
        linalg.mahalanobis([1.0, 2.0], [0.0, 0.0], [[1.0, 0.5], [0.0, 1.0]])
    with pytest.raises(ValueError, match=r"x and mean .* \(3,\) and \(2,\)"):
        linalg.mahalanobis([1.0, 2.0, 3.0], [0.0, 0.0], np.eye(2))
    with pytest.raises(ValueError, match=r"mean and cov .* \(2,\) and \(3, 3\)"):
        linalg.mahalanobis([1.0, 2.0], [0.0, 0.0], np.eye(3))
    with pytest.raises(
        ValueError, match=r"cov must be a square matrix, got shape \(2, 3\)"
    ):
        linalg.mahalanobis([1.0, 2.0], [0.0, 0.0], np.ones((2, 3)))


def compare_with_sklearn(X: np.ndarray, n_components: int | None, solver: str) -> None:
    from sklearn.decomposition import PCA as SkPCA

    ours = linalg.PCA(n_components=n_components).fit(X)
    theirs = SkPCA(n_components=n_components, svd_solver=solver).fit(X)
    np.testing.assert_allclose(ours.mean_, theirs.mean_, rtol=1e-13, atol=1e-13)
    # Components with a clear gap to the next variance are unique up to
    # sign, and both libraries fix the sign the same way.
    variance = theirs.explained_variance_
    distinct = np.ones(len(variance), dtype=bool)
    gaps = np.abs(np.diff(variance)) > 1e-6 * variance[0]
    distinct[:-1] &= gaps
    distinct[1:] &= gaps
    distinct &= variance > 1e-9 * variance[0]
    np.testing.assert_allclose(
        ours.components_[distinct], theirs.components_[distinct], atol=1e-10
    )
    np.testing.assert_allclose(
        ours.explained_variance_, variance, rtol=1e-10, atol=1e-12 * variance[0]
    )
    np.testing.assert_allclose(
        ours.explained_variance_ratio_,
        theirs.explained_variance_ratio_,
        rtol=1e-10,
        atol=1e-14,
    )
    np.testing.assert_allclose(
        ours.singular_values_,
        theirs.singular_values_,
        rtol=1e-10,
        atol=1e-12 * variance[0],
    )
    if distinct.all():
        np.testing.assert_allclose(ours.transform(X), theirs.transform(X), atol=1e-9)
        Z = ours.transform(X)
        np.testing.assert_allclose(
            ours.inverse_transform(Z), theirs.inverse_transform(Z), atol=1e-9
        )
        np.testing.assert_allclose(
            linalg.PCA(n_components).fit_transform(X), Z, atol=1e-12
        )


@pytest.mark.parametrize("n_components", [None, 2])
@pytest.mark.parametrize(
    ("name", "solver"), [("iris", "auto"), ("iris", "full"), ("wine", "full")]
)
def test_pca_matches_sklearn_on_bundled_data(
    name: str, solver: str, n_components: int | None
) -> None:
    from sklearn import datasets

    X = {"iris": datasets.load_iris, "wine": datasets.load_wine}[name]().data
    compare_with_sklearn(X, n_components, solver)


@SETTINGS
@given(n=st.integers(2, 30), d=st.integers(1, 8), seed=st.integers(0, 2**32 - 1))
def test_pca_matches_sklearn_on_random_data(n: int, d: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d)) * rng.uniform(0.5, 5, d) + rng.standard_normal(d)
    compare_with_sklearn(X, None, "full")


def test_pca_iris_explained_variance_ratio_matches_the_book() -> None:
    from sklearn import datasets

    ratio = linalg.PCA().fit(datasets.load_iris().data).explained_variance_ratio_
    np.testing.assert_array_equal(
        np.round(ratio, 5), [0.92462, 0.05307, 0.01710, 0.00521]
    )


def test_pca_round_trip_and_reconstruction() -> None:
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 5)) @ rng.standard_normal((5, 5))
    pca = linalg.PCA().fit(X)
    np.testing.assert_allclose(pca.inverse_transform(pca.transform(X)), X, atol=1e-12)
    assert_orthonormal_columns(pca.components_.T)
    # Keeping k components gives the best rank-k approximation (Eckart-Young):
    # the squared error is the sum of the dropped squared singular values.
    pca2 = linalg.PCA(n_components=2).fit(X)
    error = np.sum((pca2.inverse_transform(pca2.transform(X)) - X) ** 2)
    dropped = np.sum(np.linalg.svd(X - X.mean(axis=0), compute_uv=False)[2:] ** 2)
    assert error == pytest.approx(dropped, rel=1e-10)
    assert repr(pca2) == "PCA(n_components=2)"


def test_pca_errors() -> None:
    X = np.random.default_rng(0).standard_normal((10, 3))
    with pytest.raises(ValueError, match="not fitted"):
        linalg.PCA().transform(X)
    with pytest.raises(ValueError, match="not fitted"):
        linalg.PCA().inverse_transform(X)
    pca = linalg.PCA(n_components=2).fit(X)
    with pytest.raises(ValueError, match=r"X has shape \(10, 4\).* 3 features"):
        pca.transform(np.ones((10, 4)))
    with pytest.raises(ValueError, match=r"Z has shape \(10, 3\).* 2 components"):
        pca.inverse_transform(np.ones((10, 3)))
    with pytest.raises(ValueError, match="n_components must be <= 3"):
        linalg.PCA(n_components=4).fit(X)
    with pytest.raises(ValueError, match="n_components must be >= 1"):
        linalg.PCA(n_components=0).fit(X)
    with pytest.raises(TypeError, match="n_components must be an integer"):
        linalg.PCA(n_components=0.9).fit(X)
    with pytest.raises(ValueError, match="at least 2 samples"):
        linalg.PCA().fit(X[:1])
    with pytest.raises(ValueError, match="zero variance"):
        linalg.PCA().fit(np.ones((5, 2)))


# ---------------------------------------------------------------------------
# Bad input shared by many functions
# ---------------------------------------------------------------------------

SQUARE_ONLY = [
    linalg.trace,
    linalg.lu,
    linalg.det,
    linalg.inv,
    linalg.cholesky,
    linalg.eig_symmetric,
    linalg.power_iteration,
    linalg.qr_algorithm,
    lambda A: linalg.solve(A, np.ones(len(A))),
]
MATRIX_FUNCTIONS = [
    *SQUARE_ONLY,
    linalg.qr,
    linalg.svd,
    linalg.rank,
    linalg.null_space,
    linalg.column_space,
    linalg.cond,
    linalg.pinv,
    linalg.norm,
    linalg.covariance,
    linalg.is_symmetric,
    linalg.is_orthogonal,
    linalg.is_positive_definite,
    lambda A: linalg.lstsq(A, np.ones(len(A))),
    lambda A: linalg.PCA().fit(A),
]


@pytest.mark.parametrize("f", SQUARE_ONLY)
def test_square_only_functions_reject_rectangular_input(
    f: Callable[..., object],
) -> None:
    with pytest.raises(
        ValueError, match=r"must be a square matrix, got shape \(2, 3\)"
    ):
        f(np.ones((2, 3)))


@pytest.mark.parametrize("f", MATRIX_FUNCTIONS)
def test_matrix_functions_reject_nan_inf_empty_and_wrong_dimensions(
    f: Callable[..., object],
) -> None:
    A = np.eye(3) + 1.0
    for bad in (np.nan, np.inf):
        A_bad = A.copy()
        A_bad[1, 2] = bad
        with pytest.raises(ValueError, match="must contain only finite values"):
            f(A_bad)
    with pytest.raises(ValueError, match="must not be empty"):
        f(np.zeros((0, 0)))
    with pytest.raises(ValueError, match=r"must be a (1-D or )?2-D array"):
        f(np.ones((2, 2, 2)))


@pytest.mark.parametrize(
    "f",
    [
        linalg.dot,
        linalg.angle,
        linalg.cosine_similarity,
        linalg.outer,
        linalg.project,
        linalg.kron,
        linalg.hadamard,
    ],
)
def test_vector_functions_reject_nan_and_empty(f: Callable[..., object]) -> None:
    with pytest.raises(ValueError, match=r"(u|A) must contain only finite values"):
        f([1.0, np.nan], [1.0, 2.0])
    with pytest.raises(ValueError, match="must not be empty"):
        f([], [])


def test_names_in_messages() -> None:
    with pytest.raises(ValueError, match="b must contain only finite values"):
        linalg.solve(np.eye(2), [1.0, np.inf])
    with pytest.raises(ValueError, match="x must not be empty"):
        linalg.mahalanobis(np.zeros((0, 2)), [0.0, 0.0], np.eye(2))
    with pytest.raises(ValueError, match="onto must contain only finite values"):
        linalg.project([1.0, 2.0], onto=[np.nan, 1.0])
    with pytest.raises(ValueError, match=r"A must be a 2-D array, got .* \(3,\)"):
        linalg.svd(np.ones(3))


def test_svd_of_rank_deficient_matrix_converges() -> None:
    # One-sided Jacobi used to rotate the rounding noise left of a dependent
    # column forever (found by tests/test_robustness.py).
    A = np.array([[2.0, 1.0, 0.0], [1.0, 3.0, 1.0], [2.0, 1.0, 0.0]])
    U, s, Vt = linalg.svd(A)
    expected = np.linalg.svd(A, compute_uv=False)
    np.testing.assert_allclose(s, expected, atol=1e-14 * expected[0])
    np.testing.assert_allclose((U * s) @ Vt, A, atol=1e-14)
    np.testing.assert_allclose(U.T @ U, np.eye(3), atol=1e-14)
    np.testing.assert_allclose(Vt @ Vt.T, np.eye(3), atol=1e-14)
    assert linalg.null_space(A).shape == (3, 1)
