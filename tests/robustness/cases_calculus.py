"""Good arguments of mathdl.calculus for tests/test_robustness.py."""

import numpy as np

from mathdl.calculus import NewtonResult
from robustness import case


def square_sum(x):
    return float(np.sum(x**2))


def rotate(x):
    return np.array([x[0] * x[1], x[0] - x[1]])


def system(x):
    return np.array([x[0] ** 2 + x[1] ** 2 - 4.0, x[0] - x[1]])


def system_jacobian(x):
    return np.array([[2 * x[0], 2 * x[1]], [1.0, -1.0]])


RESULT = NewtonResult(root=1.0, iterates=np.ones(2), converged=True, n_iter=1)

CASES = {
    "derivative": case(f=np.sin, x=np.array([0.5, 1.0]), h=1e-5, method="central"),
    "second_derivative": case(f=np.sin, x=np.array([0.5, 1.0]), h=1e-4),
    "gradient": case(f=square_sum, x=np.array([1.0, 2.0]), h=1e-6),
    "jacobian": case(f=rotate, x=np.array([1.0, 2.0]), h=1e-6),
    "hessian": case(f=square_sum, x=np.array([1.0, 2.0]), h=1e-4),
    "chord_gap": case(f=np.exp, x=0.0, y=1.0, t=np.array([0.25, 0.5])),
    "taylor_polynomial": case(derivatives_at_a=np.array([1.0, 1.0, 1.0]), a=0.0),
    "newton": case(
        f=lambda x: x * x - 2.0, df=lambda x: 2.0 * x, x0=1.0, tol=1e-12, maxiter=50
    ),
    "newton_system": case(
        F=system, J=system_jacobian, x0=np.array([1.0, 2.0]), tol=1e-12, maxiter=50
    ),
    "integrate": case(f=np.exp, a=0.0, b=1.0, n=100, method="simpson"),
    "monte_carlo_integrate": case(f=np.exp, a=0.0, b=1.0, n=1000, rng=0),
    # Result records and the error: each checks its fields on construction.
    "NewtonResult": case(root=1.0, iterates=np.ones(2), converged=True, n_iter=1),
    "MonteCarloResult": case(estimate=1.0, stderr=0.1),
    "ConvergenceError": case(message="no root", result=RESULT),
}
