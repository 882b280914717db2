"""Tests for mathdl.calculus against exact derivatives, integrals and SciPy."""

from __future__ import annotations

from fractions import Fraction
from math import factorial

import numpy as np
import pytest
import scipy.integrate
import scipy.optimize
import scipy.special
from hypothesis import given, settings
from hypothesis import strategies as st

from mathdl.calculus import (
    DERIVATIVE_METHODS,
    ConvergenceError,
    MonteCarloResult,
    NewtonResult,
    chord_gap,
    derivative,
    gradient,
    hessian,
    integrate,
    jacobian,
    monte_carlo_integrate,
    newton,
    newton_system,
    second_derivative,
    taylor_polynomial,
)

EPS = np.finfo(np.float64).eps
SETTINGS = settings(max_examples=40, deadline=None, derandomize=True)
NEEDS_SCIPY_115 = "scipy.differentiate needs SciPy >= 1.15"
seeds = st.integers(0, 2**32 - 1)
sizes = st.integers(1, 5)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


# (f, f', f'') written independently of the code under test; every f accepts
# complex input so that the complex step applies too.
FAMILY = {
    "sin": (np.sin, np.cos, lambda x: -np.sin(x)),
    "exp": (np.exp, np.exp, np.exp),
    "cube": (lambda x: x**3, lambda x: 3 * x**2, lambda x: 6 * x),
    "log": (np.log, lambda x: 1 / x, lambda x: -1 / x**2),
    "sigmoid": (
        sigmoid,
        lambda x: np.exp(-x) / (1 + np.exp(-x)) ** 2,
        lambda x: np.exp(-x) * (np.exp(-x) - 1) / (1 + np.exp(-x)) ** 3,
    ),
    "tanh": (
        np.tanh,
        lambda x: 1 / np.cosh(x) ** 2,
        lambda x: -2 * np.tanh(x) / np.cosh(x) ** 2,
    ),
}
POINTS = np.linspace(0.3, 3.0, 10)

# Relative accuracy of each method at its default step (see derivative's Notes).
DEFAULT_RTOL = {"forward": 1e-6, "backward": 1e-6, "central": 1e-9, "complex": 4 * EPS}


def relative_error(approx, exact):
    return np.max(np.abs(approx - exact) / np.maximum(1.0, np.abs(exact)))


# ----- derivative ---------------------------------------------------------


@pytest.mark.parametrize("method", DERIVATIVE_METHODS)
@pytest.mark.parametrize("name", FAMILY)
def test_derivative_default_step_accuracy(name, method):
    f, df, _ = FAMILY[name]
    approx = derivative(f, POINTS, method=method)
    assert approx.shape == POINTS.shape
    assert relative_error(approx, df(POINTS)) < DEFAULT_RTOL[method]


@pytest.mark.parametrize("name", FAMILY)
def test_derivative_agrees_with_scipy_differentiate(name):
    f, _, _ = FAMILY[name]
    differentiate = pytest.importorskip("scipy.differentiate", reason=NEEDS_SCIPY_115)
    oracle = differentiate.derivative(f, POINTS, initial_step=0.05)
    assert oracle.success.all()
    np.testing.assert_allclose(derivative(f, POINTS), oracle.df, rtol=1e-9)


@pytest.mark.parametrize("name", FAMILY)
def test_error_order_central_forward_backward(name):
    # In the truncation regime the error is C h^p: halving h divides it by 2^p.
    f, df, _ = FAMILY[name]
    x, h = 1.3, 1e-3
    exact = df(x)
    for method, factor in (("central", 4), ("forward", 2), ("backward", 2)):
        e1 = abs(derivative(f, x, h=h, method=method) - exact)
        e2 = abs(derivative(f, x, h=h / 2, method=method) - exact)
        assert e1 / e2 == pytest.approx(factor, rel=0.02), method


@pytest.mark.parametrize("name", FAMILY)
def test_complex_step_is_exact_with_tiny_h_and_second_order_with_big_h(name):
    f, df, _ = FAMILY[name]
    exact = df(POINTS)
    approx = derivative(f, POINTS, h=1e-20, method="complex")
    np.testing.assert_allclose(approx, exact, rtol=2 * EPS, atol=0)
    # With a large step the truncation error O(h^2) is visible: ratio 4.
    e1 = abs(derivative(f, 1.3, h=1e-2, method="complex") - df(1.3))
    e2 = abs(derivative(f, 1.3, h=5e-3, method="complex") - df(1.3))
    assert e1 / e2 == pytest.approx(4, rel=0.01)


def test_book_check_derivative_is_8_at_4():
    f = lambda x: x**2 + 1701 * (x - 4) ** 3  # noqa: E731
    # f''' = 10206 is large, so central differences carry 1701 h^2 of error.
    assert derivative(f, 4.0) == pytest.approx(8, abs=2e-6)
    assert derivative(f, 4.0, method="forward") == pytest.approx(8, abs=1e-6)
    assert derivative(f, 4.0, method="backward") == pytest.approx(8, abs=1e-6)
    assert derivative(f, 4.0, method="complex") == 8.0
    # The central error is exactly 1701 h^2 (f is a cubic), h = 1e-3 here.
    assert derivative(f, 4.0, h=1e-3) - 8 == pytest.approx(1701e-6, rel=1e-6)


def test_derivative_broadcasts_array_steps_and_returns_float_for_scalars():
    hs = np.logspace(-1, -4, 4)
    approx = derivative(np.exp, 1.0, h=hs)
    assert approx.shape == (4,)
    errors = np.abs(approx - np.e)
    assert np.all(np.diff(errors) < 0)  # truncation regime: smaller h, smaller error
    assert isinstance(derivative(np.exp, 1.0), float)
    grid = derivative(np.sin, np.zeros((2, 3)))
    assert grid.shape == (2, 3)
    np.testing.assert_allclose(grid, 1.0, rtol=1e-10)


@pytest.mark.parametrize("name", FAMILY)
def test_second_derivative(name):
    f, _, d2f = FAMILY[name]
    approx = second_derivative(f, POINTS)
    assert relative_error(approx, d2f(POINTS)) < 1e-6
    if name == "cube":  # the fourth derivative is 0: no truncation error to measure
        return
    e1 = abs(second_derivative(f, 1.3, h=1e-2) - d2f(1.3))
    e2 = abs(second_derivative(f, 1.3, h=5e-3) - d2f(1.3))
    assert e1 / e2 == pytest.approx(4, rel=0.02)


# ----- gradient, Jacobian, Hessian ------------------------------------------


@SETTINGS
@given(seed=seeds, n=sizes)
def test_gradient_of_linear_and_quadratic_forms(seed, n):
    rng = np.random.default_rng(seed)
    a, x = rng.normal(size=n), rng.normal(size=n)
    A = rng.normal(size=(n, n))
    np.testing.assert_allclose(gradient(lambda v: a @ v, x), a, rtol=1e-8, atol=1e-9)
    np.testing.assert_allclose(
        gradient(lambda v: v @ A @ v, x), (A + A.T) @ x, rtol=1e-7, atol=1e-8
    )
    np.testing.assert_allclose(gradient(lambda v: v @ v, x), 2 * x, atol=1e-8)


@SETTINGS
@given(seed=seeds, n=sizes)
def test_hessian_of_quadratic_form_is_a_plus_a_transpose(seed, n):
    rng = np.random.default_rng(seed)
    A, x = rng.normal(size=(n, n)), rng.normal(size=n)
    H = hessian(lambda v: v @ A @ v, x)
    np.testing.assert_array_equal(H, H.T)
    np.testing.assert_allclose(H, A + A.T, atol=1e-5)


@SETTINGS
@given(seed=seeds, m=sizes, n=sizes)
def test_jacobian_of_linear_map_is_the_matrix(seed, m, n):
    rng = np.random.default_rng(seed)
    A, x = rng.normal(size=(m, n)), rng.normal(size=n)
    J = jacobian(lambda v: A @ v, x)
    assert J.shape == (m, n)  # numerator layout
    np.testing.assert_allclose(J, A, rtol=1e-8, atol=1e-9)


@SETTINGS
@given(seed=seeds, n=sizes)
def test_softmax_jacobian(seed, n):
    rng = np.random.default_rng(seed)
    z = rng.normal(size=n)

    def softmax(v):
        e = np.exp(v - v.max())
        return e / e.sum()

    s = softmax(z)
    np.testing.assert_allclose(
        jacobian(softmax, z), np.diag(s) - np.outer(s, s), atol=1e-9
    )


def test_book_check_gradient_of_3x1_squared_plus_5_exp_x2():
    f = lambda x: 3 * x[0] ** 2 + 5 * np.exp(x[1])  # noqa: E731
    for x in ([1.0, 0.0], [-2.0, 1.5], [0.3, -4.0]):
        x = np.array(x)
        np.testing.assert_allclose(
            gradient(f, x), [6 * x[0], 5 * np.exp(x[1])], rtol=1e-9
        )


def test_gradient_and_hessian_of_x_exp_minus_r_squared_at_1_0():
    # f = x exp(-x^2 - y^2): grad (1 - 2x^2, -2xy) e^{-r^2}, Hessian diag(-2/e).
    def f(v):
        return v[0] * np.exp(-(v[0] ** 2) - v[1] ** 2)

    p = np.array([1.0, 0.0])
    np.testing.assert_allclose(gradient(f, p), [-1 / np.e, 0.0], atol=1e-10)
    expected = np.diag([-2 / np.e, -2 / np.e])
    np.testing.assert_allclose(hessian(f, p), expected, atol=1e-7)
    differentiate = pytest.importorskip("scipy.differentiate", reason=NEEDS_SCIPY_115)
    oracle = differentiate.hessian(f, p)
    np.testing.assert_allclose(hessian(f, p), oracle.ddf, atol=1e-7)


@SETTINGS
@given(seed=seeds, n=st.integers(1, 4))
def test_gradients_of_functions_of_a_matrix(seed, n):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, n)) + 3 * np.eye(n)  # comfortably invertible
    np.testing.assert_allclose(gradient(lambda M: np.sum(M**2), X), 2 * X, atol=1e-8)
    logdet = lambda M: np.linalg.slogdet(M)[1]  # noqa: E731
    np.testing.assert_allclose(
        gradient(logdet, X), np.linalg.inv(X).T, rtol=1e-7, atol=1e-8
    )
    # ||X - U V||_F^2 in V has gradient -2 U^T (X - U V).
    U, V = rng.normal(size=(n, 2)), rng.normal(size=(2, n))
    np.testing.assert_allclose(
        gradient(lambda W: np.sum((X - U @ W) ** 2), V),
        -2 * U.T @ (X - U @ V),
        rtol=1e-7,
        atol=1e-7,
    )


def test_gradient_accepts_steps():
    g = gradient(lambda v: np.sum(v**3), [1.0, 2.0], h=1e-3)
    np.testing.assert_allclose(g, [3.0, 12.0], atol=2e-6)  # error h^2 f'''/6 = 1e-6


# ----- Taylor polynomials -----------------------------------------------------


def test_taylor_polynomial_of_exp_obeys_the_lagrange_bound():
    x = np.linspace(-1, 1, 21)
    for degree in (2, 5, 10):
        p = taylor_polynomial(np.ones(degree + 1), a=0.0)
        bound = np.e / factorial(degree + 1)  # max |f^(k+1)| |x|^(k+1)/(k+1)!
        assert np.max(np.abs(p(x) - np.exp(x))) <= bound


def test_taylor_polynomial_of_sin_about_pi_over_4():
    a = np.pi / 4
    derivs = [np.sin(a), np.cos(a), -np.sin(a), -np.cos(a)] * 3
    p = taylor_polynomial(derivs, a)
    x = np.linspace(0, np.pi / 2, 11)
    np.testing.assert_allclose(p(x), np.sin(x), atol=1e-9)
    assert isinstance(p(0.5), float)


@SETTINGS
@given(
    coefficients=st.lists(st.floats(-5, 5), min_size=4, max_size=4),
    a=st.floats(-2, 2),
)
def test_taylor_polynomial_of_a_cubic_is_the_cubic(coefficients, a):
    c0, c1, c2, c3 = coefficients

    def cubic(x):
        return c0 + c1 * x + c2 * x**2 + c3 * x**3

    derivs = [cubic(a), c1 + 2 * c2 * a + 3 * c3 * a**2, 2 * c2 + 6 * c3 * a, 6 * c3]
    x = np.linspace(-3, 3, 13)
    np.testing.assert_allclose(taylor_polynomial(derivs, a)(x), cubic(x), atol=1e-9)


# ----- Newton's method ------------------------------------------------------


def test_newton_sqrt2_iterates_are_the_book_fractions():
    result = newton(lambda x: x**2 - 2, lambda x: 2 * x, 1.0)
    assert isinstance(result, NewtonResult)
    assert result.converged
    # x_{k+1} = (x_k + 2/x_k)/2 in exact arithmetic.
    exact = [Fraction(1)]
    for _ in range(4):
        exact.append((exact[-1] + 2 / exact[-1]) / 2)
    assert exact[1:4] == [Fraction(3, 2), Fraction(17, 12), Fraction(577, 408)]
    assert result.iterates[:5].tolist() == [float(q) for q in exact]
    assert abs(result.root - np.sqrt(2)) <= np.spacing(np.sqrt(2))
    assert result.n_iter == len(result.iterates) - 1


def test_newton_agrees_with_scipy_brentq():
    f, df = lambda x: np.cos(x) - x, lambda x: -np.sin(x) - 1
    result = newton(f, df, 1.0)
    assert result.root == pytest.approx(scipy.optimize.brentq(f, 0, 1, xtol=1e-15))


def test_newton_stops_on_exact_root():
    result = newton(lambda x: x**2, lambda x: 2 * x, 0.0)  # f'(0) = 0 is never used
    assert result.root == 0.0 and result.n_iter == 0


def test_newton_errors():
    with pytest.raises(ConvergenceError, match="maxiter=10") as info:
        newton(lambda x: x**2 + 1, lambda x: 2 * x, 0.5, maxiter=10)
    assert isinstance(info.value, ValueError)
    assert info.value.result.n_iter == 10 and not info.value.result.converged
    with pytest.raises(ConvergenceError, match="df is zero at iterate 0"):
        newton(lambda x: x**2 - 2, lambda x: 2 * x, 0.0)
    with pytest.raises(ConvergenceError, match="overflowed"):
        newton(lambda x: 1e300, lambda x: 1e-300, 1.0)
    with pytest.raises(TypeError, match="df"):
        newton(lambda x: x, "2x", 1.0)
    with pytest.raises(ValueError, match="tol"):
        newton(np.sin, np.cos, 1.0, tol=0.0)
    with pytest.raises(ValueError, match="maxiter"):
        newton(np.sin, np.cos, 1.0, maxiter=0)
    with pytest.raises(ValueError, match="x0"):
        newton(np.sin, np.cos, np.nan)
    with pytest.raises(ValueError, match="f must return finite"):
        newton(lambda x: np.nan, np.cos, 1.0)


def F_book(v):
    x, y = v
    return np.array([4 * x - 2 * x * y, 2 * y + x * y - 2 * y**2])


def J_book(v):
    x, y = v
    return np.array([[4 - 2 * y, -2 * x], [y, 2 + x - 4 * y]])


@pytest.mark.parametrize(
    ("start", "root"),
    [
        ((0.3, -0.2), (0, 0)),
        ((0.5, 0.3), (0, 0)),
        ((-0.2, 0.8), (0, 1)),
        ((0.1, 1.3), (0, 1)),
        ((1.5, 2.5), (2, 2)),
        ((3.0, 3.0), (2, 2)),
    ],
)
def test_newton_system_finds_the_three_roots(start, root):
    result = newton_system(F_book, J_book, start)
    assert result.converged
    np.testing.assert_allclose(result.root, root, atol=1e-12)
    np.testing.assert_allclose(F_book(result.root), 0, atol=1e-12)
    assert result.iterates.shape == (result.n_iter + 1, 2)
    np.testing.assert_array_equal(result.iterates[0], start)


@SETTINGS
@given(point=st.tuples(st.floats(-3, 3), st.floats(-3, 3)))
def test_book_jacobian_matches_numerical_jacobian(point):
    x = np.array(point)
    np.testing.assert_allclose(jacobian(F_book, x), J_book(x), atol=1e-8)


def test_newton_system_agrees_with_scipy_fsolve():
    def F(v):
        return np.array([v[0] ** 2 + v[1] ** 2 - 4, np.exp(v[0]) + v[1] - 1])

    def J(v):
        return np.array([[2 * v[0], 2 * v[1]], [np.exp(v[0]), 1.0]])

    result = newton_system(F, J, [1.0, -1.0])
    oracle = scipy.optimize.fsolve(F, [1.0, -1.0], fprime=J, xtol=1e-14)
    np.testing.assert_allclose(result.root, oracle, atol=1e-10)


def test_newton_system_errors():
    # det J = (4 - 2y)(2 + x - 4y) + 2xy vanishes at (0, 0.5).
    with pytest.raises(
        ConvergenceError, match=r"singular at iterate 0 \(x = \[0.0, 0.5\]"
    ):
        newton_system(F_book, J_book, [0.0, 0.5])
    with pytest.raises(ValueError, match="singular"):
        newton_system(F_book, lambda v: np.zeros((2, 2)), [1.0, 1.0])
    with pytest.raises(ConvergenceError, match="maxiter=2") as info:
        newton_system(F_book, J_book, [3.0, 3.0], maxiter=2)
    assert info.value.result.iterates.shape == (3, 2)
    with pytest.raises(ValueError, match="x0 must be a 1-D"):
        newton_system(F_book, J_book, [[1.0, 2.0]])
    with pytest.raises(ValueError, match="F must return an array of the shape of x0"):
        newton_system(lambda v: v[:1], J_book, [1.0, 2.0])
    with pytest.raises(ValueError, match="J must return an array of shape"):
        newton_system(F_book, lambda v: np.eye(3), [1.0, 2.0])
    with pytest.raises(TypeError, match="J must be callable"):
        newton_system(F_book, None, [1.0, 2.0])


# ----- integration -----------------------------------------------------------

INTEGRANDS = {
    "sin": (np.sin, 0.0, np.pi, 2.0),
    "exp": (np.exp, -1.0, 2.0, np.exp(2) - np.exp(-1)),
    "gauss": (
        lambda x: np.exp(-(x**2)),
        -2.0,
        1.0,
        np.sqrt(np.pi) / 2 * (scipy.special.erf(1.0) + scipy.special.erf(2.0)),
    ),
}


@pytest.mark.parametrize("name", INTEGRANDS)
def test_integration_orders_and_scipy_quad(name):
    f, a, b, exact = INTEGRANDS[name]
    quad, _ = scipy.integrate.quad(f, a, b)
    assert quad == pytest.approx(exact, rel=1e-13)
    errors = {
        method: [integrate(f, a, b, n=n, method=method) - quad for n in (20, 40)]
        for method in ("trapezoid", "midpoint", "simpson")
    }
    assert errors["trapezoid"][0] / errors["trapezoid"][1] == pytest.approx(4, rel=0.01)
    assert errors["midpoint"][0] / errors["midpoint"][1] == pytest.approx(4, rel=0.01)
    assert errors["simpson"][0] / errors["simpson"][1] == pytest.approx(16, rel=0.02)
    # The midpoint error is about minus half the trapezoid error.
    assert errors["midpoint"][1] / errors["trapezoid"][1] == pytest.approx(
        -0.5, rel=0.01
    )
    assert integrate(f, a, b, n=1000, method="simpson") == pytest.approx(
        quad, rel=1e-12
    )


def test_integration_matches_scipy_rules_on_the_same_nodes():
    x = np.linspace(0.0, 2.0, 51)
    y = np.exp(-x) * np.cos(3 * x)
    f = lambda t: np.exp(-t) * np.cos(3 * t)  # noqa: E731
    assert integrate(f, 0.0, 2.0, n=50) == pytest.approx(
        scipy.integrate.trapezoid(y, x), rel=1e-14
    )
    assert integrate(f, 0.0, 2.0, n=50, method="simpson") == pytest.approx(
        scipy.integrate.simpson(y, x=x), rel=1e-13
    )


@SETTINGS
@given(
    coefficients=st.lists(st.floats(-10, 10), min_size=4, max_size=4),
    a=st.floats(-3, 3),
    width=st.floats(0.1, 4),
    n=st.integers(1, 5),
)
def test_simpson_is_exact_for_cubics(coefficients, a, width, n):
    cubic = np.polynomial.Polynomial(coefficients)
    antiderivative = cubic.integ()
    b = a + width
    exact = antiderivative(b) - antiderivative(a)
    approx = integrate(cubic, a, b, n=2 * n, method="simpson")
    assert approx == pytest.approx(exact, rel=1e-11, abs=1e-10)


def test_trapezoid_and_midpoint_are_exact_for_lines():
    for method in ("trapezoid", "midpoint"):
        assert integrate(lambda x: 3 * x + 1, 0.0, 2.0, n=1, method=method) == 8.0


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_monte_carlo_within_four_standard_errors(seed):
    for f, a, b, _ in (INTEGRANDS["sin"], INTEGRANDS["exp"]):
        exact = scipy.integrate.quad(f, a, b)[0]
        result = monte_carlo_integrate(f, a, b, n=20_000, rng=seed)
        assert isinstance(result, MonteCarloResult)
        assert abs(result.estimate - exact) < 4 * result.stderr


def test_monte_carlo_standard_error_and_reproducibility():
    # f = x^2 on [0, 1]: Var f(U) = 1/5 - 1/9 = 4/45.
    n = 100_000
    result = monte_carlo_integrate(lambda x: x**2, 0.0, 1.0, n=n, rng=7)
    assert result.stderr == pytest.approx(np.sqrt(4 / 45 / n), rel=0.02)
    again = monte_carlo_integrate(lambda x: x**2, 0.0, 1.0, n=n, rng=7)
    assert again == result
    rng = np.random.default_rng(7)
    assert monte_carlo_integrate(lambda x: x**2, 0.0, 1.0, n=n, rng=rng) == result


# ----- bad input ----------------------------------------------------------------


# Convexity: the chord gap against exact values and the laws of convexity


@SETTINGS
@given(seed=seeds, n=sizes)
def test_chord_gap_of_squared_norm_is_t_one_minus_t_distance_squared(seed, n):
    rng = np.random.default_rng(seed)
    x, y, t = rng.normal(size=n), rng.normal(size=n), rng.uniform(size=7)
    exact = t * (1 - t) * np.sum((x - y) ** 2)
    np.testing.assert_allclose(
        chord_gap(lambda v: v @ v, x, y, t), exact, rtol=1e-12, atol=1e-14
    )


@SETTINGS
@given(seed=seeds, n=sizes)
def test_chord_gap_of_an_affine_function_is_zero(seed, n):
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=n), rng.normal()
    x, y, t = rng.normal(size=n), rng.normal(size=n), rng.uniform(size=5)
    scale = 1 + np.abs(a) @ (np.abs(x) + np.abs(y)) + abs(b)
    assert np.all(np.abs(chord_gap(lambda v: a @ v + b, x, y, t)) < 1e-14 * scale)


@SETTINGS
@given(seed=seeds, n=sizes)
def test_jensen_two_points_for_logsumexp_and_its_negative(seed, n):
    # logsumexp is convex (its Hessian is diag(s) - s s^T): the chord lies above;
    # for -logsumexp, a concave function, the chord lies below by the same amount.
    rng = np.random.default_rng(seed)
    x, y, t = 3 * rng.normal(size=n), 3 * rng.normal(size=n), rng.uniform(size=5)
    lse = scipy.special.logsumexp
    gap = chord_gap(lse, x, y, t)
    assert np.all(gap >= -1e-12)
    np.testing.assert_allclose(chord_gap(lambda v: -lse(v), x, y, t), -gap, atol=1e-12)


def test_chord_gap_detects_a_non_convex_function_and_keeps_shapes():
    # sin on [0, pi] is concave: the chord lies below the graph.
    t = np.linspace(0, 1, 11)
    gap = chord_gap(np.sin, 0.0, np.pi, t)
    np.testing.assert_allclose(gap, -np.sin(np.pi * t), atol=1e-15)
    assert gap[0] == gap[-1] == 0.0
    assert isinstance(chord_gap(np.exp, 0.0, 1.0, 0.5), float)
    assert chord_gap(np.exp, 0.0, 1.0, [[0.5, 0.25]]).shape == (1, 2)
    X, Y = np.eye(2), np.ones((2, 2))
    frob = chord_gap(lambda M: np.sum(M**2), X, Y, 0.5)
    assert frob == pytest.approx(0.25 * np.sum((X - Y) ** 2), rel=1e-14)


def test_chord_gap_errors():
    with pytest.raises(ValueError, match=r"x and y must have the same shape"):
        chord_gap(np.sum, [1.0, 2.0], [1.0, 2.0, 3.0], 0.5)
    with pytest.raises(ValueError, match=r"t must lie in \[0, 1\], got 1.5"):
        chord_gap(np.exp, 0.0, 1.0, [0.5, 1.5])
    with pytest.raises(ValueError, match=r"t must lie in \[0, 1\], got -0.1"):
        chord_gap(np.exp, 0.0, 1.0, -0.1)
    with pytest.raises(ValueError, match="y must contain only finite"):
        chord_gap(np.exp, 0.0, np.nan, 0.5)
    with pytest.raises(ValueError, match="f must return a scalar"):
        chord_gap(lambda v: v, [0.0, 1.0], [1.0, 2.0], 0.5)
    with pytest.raises(ValueError, match="f must return finite values"):
        chord_gap(lambda v: np.nan, 0.0, 1.0, 0.5)


@pytest.mark.parametrize(
    "call",
    [
        lambda: derivative(3.0, 1.0),
        lambda: second_derivative("sin", 1.0),
        lambda: gradient(None, [1.0]),
        lambda: jacobian([1, 2], [1.0]),
        lambda: hessian(1, [1.0]),
        lambda: newton(1, np.cos, 1.0),
        lambda: integrate(0, 0.0, 1.0),
        lambda: monte_carlo_integrate(0, 0.0, 1.0),
        lambda: chord_gap(0, 0.0, 1.0, 0.5),
    ],
)
def test_non_callable_f_raises_type_error(call):
    with pytest.raises(TypeError, match="f must be callable"):
        call()


def test_bad_points_and_steps():
    with pytest.raises(ValueError, match="x must contain only finite"):
        derivative(np.sin, [1.0, np.inf])
    with pytest.raises(ValueError, match="x must not be empty"):
        gradient(np.sum, [])
    with pytest.raises(ValueError, match="x must be a 1-D"):
        jacobian(lambda v: v, np.eye(2))
    with pytest.raises(ValueError, match="x must be a 1-D"):
        hessian(np.sum, 1.0)
    with pytest.raises(TypeError, match="x must be array-like"):
        derivative(np.sin, "1.0")
    for h in (0.0, -1e-3, [1e-3, -1e-3]):
        with pytest.raises(ValueError, match="h must be > 0"):
            derivative(np.sin, [1.0, 2.0], h=h)
    with pytest.raises(ValueError, match="h must be > 0"):
        gradient(np.sum, [1.0], h=0.0)
    with pytest.raises(ValueError, match="h must be > 0"):
        second_derivative(np.sin, 1.0, h=-1.0)
    with pytest.raises(ValueError, match="h must contain only finite"):
        hessian(np.sum, [1.0], h=np.nan)
    with pytest.raises(ValueError, match=r"h is too small for x \(h=1e-20 at x=1\)"):
        derivative(np.sin, 1.0, h=1e-20)
    with pytest.raises(ValueError, match="h must broadcast against x"):
        derivative(np.sin, [1.0, 2.0, 3.0], h=[1e-3, 1e-4])
    with pytest.raises(ValueError, match="method must be one of"):
        derivative(np.sin, 1.0, method="centered")
    with pytest.raises(ValueError, match="method must be one of"):
        integrate(np.sin, 0.0, 1.0, method="gauss")


def test_bad_function_values():
    with pytest.raises(ValueError, match="f must return finite values"):
        derivative(lambda x: x * np.nan, 1.0)
    with pytest.raises(ValueError, match="f must return finite values"):
        gradient(lambda v: np.inf, [1.0, 2.0])
    with pytest.raises(ValueError, match="f must return finite values"):
        integrate(lambda x: np.where(x > 0.5, np.inf, x), 0.0, 1.0)
    with pytest.raises(ValueError, match="f must act elementwise"):
        derivative(np.sum, [1.0, 2.0])
    with pytest.raises(ValueError, match="f must return a scalar"):
        gradient(lambda v: v, [1.0, 2.0])
    with pytest.raises(ValueError, match="f must return a scalar or a 1-D"):
        jacobian(lambda v: np.outer(v, v), [1.0, 2.0])
    with pytest.raises(TypeError, match="f must return real numbers"):
        derivative(lambda x: x > 0, 1.0)
    with pytest.raises(TypeError, match="f must return complex values"):
        derivative(lambda x: np.abs(x), 1.0, method="complex")


def test_bad_integration_limits_and_counts():
    with pytest.raises(ValueError, match="a must be less than b"):
        integrate(np.sin, 1.0, 1.0)
    with pytest.raises(ValueError, match="a must be less than b"):
        monte_carlo_integrate(np.sin, 2.0, 1.0)
    with pytest.raises(ValueError, match="n must be >= 1"):
        integrate(np.sin, 0.0, 1.0, n=0)
    with pytest.raises(TypeError, match="n must be an integer"):
        integrate(np.sin, 0.0, 1.0, n=10.0)
    with pytest.raises(ValueError, match="n must be even"):
        integrate(np.sin, 0.0, 1.0, n=3, method="simpson")
    with pytest.raises(ValueError, match="n must be >= 2"):
        monte_carlo_integrate(np.sin, 0.0, 1.0, n=1)
    with pytest.raises(TypeError, match="rng"):
        monte_carlo_integrate(np.sin, 0.0, 1.0, rng=None)
    with pytest.raises(ValueError, match="b must be finite"):
        integrate(np.sin, 0.0, np.inf)


def test_bad_taylor_input():
    with pytest.raises(ValueError, match="derivatives_at_a must be a 1-D"):
        taylor_polynomial([[1.0]], 0.0)
    with pytest.raises(ValueError, match="at most 171"):
        taylor_polynomial(np.ones(172), 0.0)
    with pytest.raises(ValueError, match="a must be finite"):
        taylor_polynomial([1.0], np.nan)
    with pytest.raises(ValueError, match="x must contain only finite"):
        taylor_polynomial([1.0], 0.0)(np.nan)
