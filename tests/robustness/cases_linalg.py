"""Good arguments of mathdl.linalg for tests/test_robustness.py."""

import numpy as np

from mathdl.linalg import PCA
from robustness import case

U = np.array([1.0, 2.0, 2.0])
V = np.array([3.0, 0.0, 4.0])
SPD = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]])
M = np.array([[2.0, 1.0], [1.0, 3.0], [0.0, 1.0]])  # 3 x 2, full column rank
X = np.array([[1.0, 2.0], [2.0, 3.5], [3.0, 6.5], [4.0, 8.0], [5.0, 9.5]])


def fitted_pca() -> PCA:
    return PCA(n_components=1).fit(X)


CASES = {
    "dot": case(u=U, v=V),
    # p is a number >= 1, inf or a name ('fro', 'nuc'): inf and ints are
    # valid, so no kind's bad values apply; tests/test_linalg.py checks
    # that a bad p (0.5, 'abc', None) is refused.
    "norm": case(x=U, p=2.0, _kinds={"p": "inf-float"}),
    "cosine_similarity": case(u=U, v=V),
    "angle": case(u=U, v=V),
    "project": case(u=U, onto=V),
    "outer": case(u=U, v=V),
    "cross": case(u=U, v=V),
    "hadamard": case(A=M, B=M + 1.0),
    "kron": case(A=M, B=np.eye(2)),
    "matmul_loops": case(A=M, B=M.T),
    "trace": case(A=SPD),
    "lu": case(A=SPD),
    "det": case(A=SPD),
    "inv": case(A=SPD),
    "solve": case(A=SPD, b=U),
    "is_symmetric": case(A=SPD, tol=1e-10),
    "is_orthogonal": case(A=np.eye(3), tol=1e-10),
    "cholesky": case(A=SPD),
    "is_positive_definite": case(A=SPD),
    "qr": case(A=M, mode="complete"),
    "power_iteration": case(A=SPD, x0=U, tol=1e-10, maxiter=500, rng=0),
    "eig_symmetric": case(A=SPD, tol=1e-14, maxiter=100),
    "qr_algorithm": case(A=SPD, shift=True, tol=1e-12, maxiter=500),
    "svd": case(A=M, compute_uv=True, maxiter=100),
    "rank": case(A=M, tol=1e-8),
    "column_space": case(A=M, tol=1e-8),
    "null_space": case(A=M.T, tol=1e-8),
    # A singular matrix has condition number inf (as numpy.linalg.cond).
    "cond": case(A=SPD, _nonfinite_ok=True),
    "pinv": case(A=M, rcond=1e-12),
    "lstsq": case(A=M, b=np.array([1.0, 2.0, 3.0]), rcond=1e-12, method="qr"),
    "covariance": case(X=X, ddof=1),
    "mahalanobis": case(x=U, mean=V, cov=SPD),
    "PCA": case(n_components=1),
    "PCA.fit": case(X=X),
    "PCA.fit_transform": case(X=X),
    "PCA.transform": case(X=X, _instance=fitted_pca),
    "PCA.inverse_transform": case(Z=np.ones((3, 1)), _instance=fitted_pca),
    # Result records: each checks its fields on construction.
    "PowerIterationResult": case(
        eigenvalue=1.0, eigenvector=np.ones(2), n_iter=1, history=np.ones(1)
    ),
    "QRAlgorithmResult": case(
        eigenvalues=np.ones(2), n_iter=1, history=np.ones((2, 2))
    ),
}
