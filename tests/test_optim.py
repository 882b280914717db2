"""Tests of mathdl.optim.

Every optimiser is checked three ways: against hand-computed numbers, against
an independent float64 re-implementation of the algorithm as PyTorch
documents it (written here from the formulas in ``torch.optim``'s
docstrings, not by calling mathdl), and, where PyTorch is installed, against
``torch.optim`` itself step by step. The toy functions are checked against
SciPy (``scipy.optimize.rosen``) and central differences.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
import scipy.optimize
from hypothesis import given, settings
from hypothesis import strategies as st

from mathdl.nn import Parameter
from mathdl.optim import (
    SGD,
    Adadelta,
    Adagrad,
    Adam,
    AdamW,
    CosineAnnealingLR,
    LinearLR,
    LRScheduler,
    Optimizer,
    RMSprop,
    StepLR,
    clip_grad_norm,
    minimize,
    quadratic_bowl,
    rosenbrock,
    rosenbrock_grad,
)

OPTIMIZERS = (SGD, Adagrad, RMSprop, Adadelta, Adam, AdamW)

# A gradient function takes the step number t (from 1) and the current
# parameter values (a list of arrays) and returns one gradient per parameter.
GradFn = Callable[[int, list[np.ndarray]], list[np.ndarray]]


# --------------------------------------------------------------------------
# Reference implementations: PyTorch's documented algorithms, float64,
# written for clarity, one parameter vector at a time.
# --------------------------------------------------------------------------


def ref_sgd(lr, momentum=0.0, dampening=0.0, nesterov=False, weight_decay=0.0):
    def init(theta):
        return {"b": None}

    def update(theta, g, s, t):
        if weight_decay != 0:
            g = g + weight_decay * theta
        if momentum != 0:
            s["b"] = g.copy() if t == 1 else momentum * s["b"] + (1 - dampening) * g
            g = g + momentum * s["b"] if nesterov else s["b"]
        return theta - lr * g

    return init, update


def ref_adagrad(lr=0.01, eps=1e-10, weight_decay=0.0):
    def init(theta):
        return {"sum": np.zeros_like(theta)}

    def update(theta, g, s, t):
        if weight_decay != 0:
            g = g + weight_decay * theta
        s["sum"] = s["sum"] + g**2
        return theta - lr * g / (np.sqrt(s["sum"]) + eps)

    return init, update


def ref_rmsprop(lr=0.01, alpha=0.99, eps=1e-8, momentum=0.0, weight_decay=0.0):
    def init(theta):
        return {"v": np.zeros_like(theta), "b": np.zeros_like(theta)}

    def update(theta, g, s, t):
        if weight_decay != 0:
            g = g + weight_decay * theta
        s["v"] = alpha * s["v"] + (1 - alpha) * g**2
        if momentum > 0:
            s["b"] = momentum * s["b"] + g / (np.sqrt(s["v"]) + eps)
            return theta - lr * s["b"]
        return theta - lr * g / (np.sqrt(s["v"]) + eps)

    return init, update


def ref_adadelta(lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0):
    def init(theta):
        return {"v": np.zeros_like(theta), "u": np.zeros_like(theta)}

    def update(theta, g, s, t):
        if weight_decay != 0:
            g = g + weight_decay * theta
        s["v"] = s["v"] * rho + g**2 * (1 - rho)
        dx = np.sqrt(s["u"] + eps) / np.sqrt(s["v"] + eps) * g
        s["u"] = s["u"] * rho + dx**2 * (1 - rho)
        return theta - lr * dx

    return init, update


def ref_adam(lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
    beta1, beta2 = betas

    def init(theta):
        return {"m": np.zeros_like(theta), "v": np.zeros_like(theta)}

    def update(theta, g, s, t):
        if weight_decay != 0:
            g = g + weight_decay * theta
        s["m"] = beta1 * s["m"] + (1 - beta1) * g
        s["v"] = beta2 * s["v"] + (1 - beta2) * g**2
        m_hat = s["m"] / (1 - beta1**t)
        v_hat = s["v"] / (1 - beta2**t)
        return theta - lr * m_hat / (np.sqrt(v_hat) + eps)

    return init, update


def ref_adamw(lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01):
    # Loshchilov and Hutter's decoupled decay, as torch.optim.AdamW documents
    # it: shrink theta first, then Adam's step on the plain gradient.
    init, adam_update = ref_adam(lr, betas, eps, weight_decay=0.0)

    def update(theta, g, s, t):
        return adam_update(theta * (1 - lr * weight_decay), g, s, t)

    return init, update


REFERENCES = {
    SGD: ref_sgd,
    Adagrad: ref_adagrad,
    RMSprop: ref_rmsprop,
    Adadelta: ref_adadelta,
    Adam: ref_adam,
    AdamW: ref_adamw,
}

# Hyperparameter settings run through the reference and PyTorch checks.
SETTINGS = [
    (SGD, {"lr": 0.1}),
    (SGD, {"lr": 0.05, "momentum": 0.9}),
    (SGD, {"lr": 0.05, "momentum": 0.9, "dampening": 0.5}),
    (SGD, {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    (SGD, {"lr": 0.1, "momentum": 0.5, "weight_decay": 0.1}),
    (SGD, {"lr": 0.02, "momentum": 0.8, "nesterov": True, "weight_decay": 0.05}),
    (SGD, {"lr": 0.05, "weight_decay": 0.2}),
    (Adagrad, {"lr": 0.1}),
    (Adagrad, {"lr": 0.5, "eps": 1e-6, "weight_decay": 0.1}),
    (RMSprop, {"lr": 0.01}),
    (RMSprop, {"lr": 0.01, "alpha": 0.9, "momentum": 0.9}),
    (RMSprop, {"lr": 0.003, "momentum": 0.5, "eps": 1e-6, "weight_decay": 0.1}),
    (Adadelta, {}),
    (Adadelta, {"lr": 0.5, "rho": 0.95, "weight_decay": 0.1}),
    (Adadelta, {"eps": 1e-3}),
    (Adam, {"lr": 0.01}),
    (Adam, {"lr": 0.1, "betas": (0.5, 0.9)}),
    (Adam, {"lr": 0.01, "eps": 1e-6, "weight_decay": 0.1}),
    (Adam, {"lr": 0.05, "betas": (0.0, 0.99)}),
    (AdamW, {"lr": 0.01}),
    (AdamW, {"lr": 0.05, "weight_decay": 0.0}),
    (AdamW, {"lr": 0.02, "betas": (0.5, 0.9), "eps": 1e-6, "weight_decay": 0.5}),
]
SETTING_IDS = [
    f"{cls.__name__}-" + "-".join(f"{k}={v}" for k, v in kw.items())
    for cls, kw in SETTINGS
]

SHAPES = [(3, 2), (4,)]  # two parameters: per-parameter state must not mix
STEPS = 50


def start_points() -> list[np.ndarray]:
    rng = np.random.default_rng(1)
    return [rng.normal(size=shape) for shape in SHAPES]


def random_gradients() -> GradFn:
    """A fixed sequence of random gradients, ignoring the current point."""
    rng = np.random.default_rng(2)
    sequence = [[rng.normal(size=s) for s in SHAPES] for _ in range(STEPS)]
    return lambda t, thetas: [g.copy() for g in sequence[t - 1]]


def quadratic_gradients() -> GradFn:
    """Gradients A theta - b of ill-conditioned convex quadratics, per parameter."""
    rng = np.random.default_rng(3)
    problems = []
    for shape in SHAPES:
        n = int(np.prod(shape))
        Q, _ = np.linalg.qr(rng.normal(size=(n, n)))
        A = Q @ np.diag(np.geomspace(0.5, 20.0, n)) @ Q.T
        problems.append((A, rng.normal(size=n), shape))
    return lambda t, thetas: [
        (A @ th.ravel() - b).reshape(shape)
        for th, (A, b, shape) in zip(thetas, problems, strict=True)
    ]


GRADIENTS = {"random": random_gradients, "quadratic": quadratic_gradients}


def run_reference(cls, kwargs, grad_fn: GradFn, steps: int = STEPS) -> np.ndarray:
    """Trajectory (steps + 1, total size) of the reference implementation."""
    init, update = REFERENCES[cls](**kwargs)
    thetas = start_points()
    states = [init(th) for th in thetas]
    path = [np.concatenate([th.ravel() for th in thetas])]
    for t in range(1, steps + 1):
        grads = grad_fn(t, thetas)
        thetas = [
            update(th, g, s, t) for th, g, s in zip(thetas, grads, states, strict=True)
        ]
        path.append(np.concatenate([th.ravel() for th in thetas]))
    return np.array(path)


def run_mathdl(
    cls, kwargs, grad_fn: GradFn, steps: int = STEPS, dtype=np.float64
) -> np.ndarray:
    params = [Parameter(th.astype(dtype)) for th in start_points()]
    opt = cls(params, **kwargs)
    path = [np.concatenate([p.data.ravel() for p in params])]
    for t in range(1, steps + 1):
        opt.zero_grad()
        for p, g in zip(
            params, grad_fn(t, [p.data.copy() for p in params]), strict=True
        ):
            p.grad += g
        opt.step()
        path.append(np.concatenate([p.data.ravel() for p in params]))
    return np.array(path)


# --------------------------------------------------------------------------
# Hand-computed values
# --------------------------------------------------------------------------


def test_sgd_plain_step_by_hand():
    w = Parameter([1.0, -2.0])
    opt = SGD([w], lr=0.5)
    w.grad[:] = [0.2, -4.0]
    opt.step()
    np.testing.assert_allclose(w.data, [0.9, 0.0], atol=1e-15)


def test_sgd_momentum_dampening_first_buffer_is_the_gradient():
    # torch: b_1 = g_1 (no dampening on the first step), then
    # b_2 = mu b_1 + (1 - tau) g_2.
    w = Parameter([0.0])
    opt = SGD([w], lr=1.0, momentum=0.5, dampening=0.75)
    w.grad[:] = [4.0]
    opt.step()
    assert w.data[0] == -4.0  # b_1 = 4
    opt.step()
    assert w.data[0] == -4.0 - (0.5 * 4.0 + 0.25 * 4.0)  # b_2 = 3


def test_sgd_nesterov_by_hand():
    w = Parameter([0.0])
    opt = SGD([w], lr=0.1, momentum=0.9, nesterov=True)
    w.grad[:] = [1.0]
    opt.step()  # b = 1, step g + mu b = 1.9
    np.testing.assert_allclose(w.data, [-0.19])
    opt.step()  # b = 1.9, step 1 + 0.9 * 1.9 = 2.71
    np.testing.assert_allclose(w.data, [-0.19 - 0.271])


def test_adagrad_by_hand():
    w = Parameter([1.0, -2.0])
    opt = Adagrad([w], lr=0.5, eps=1e-300)
    w.grad[:] = [3.0, -0.1]
    opt.step()  # lr * g / |g|
    np.testing.assert_allclose(w.data, [0.5, -1.5])
    opt.step()  # lr * g / (sqrt(2) |g|)
    np.testing.assert_allclose(
        w.data, [0.5 - 0.5 / np.sqrt(2), -1.5 + 0.5 / np.sqrt(2)]
    )


def test_rmsprop_first_step_is_lr_over_sqrt_one_minus_alpha():
    w = Parameter([0.0, 0.0])
    opt = RMSprop([w], lr=0.01, alpha=0.96, eps=1e-12)
    w.grad[:] = [7.0, -0.3]
    opt.step()  # v = 0.04 g^2, so g / sqrt(v) = 5 sign(g)
    np.testing.assert_allclose(w.data, [-0.05, 0.05], rtol=1e-9)


def test_adadelta_by_hand():
    w = Parameter([1.0])
    opt = Adadelta([w], lr=1.0, rho=0.5, eps=0.01)
    w.grad[:] = [0.5]
    opt.step()
    v = 0.5 * 0.25
    dx = np.sqrt(0.01) / np.sqrt(v + 0.01) * 0.5
    np.testing.assert_allclose(w.data, [1.0 - dx], rtol=1e-14)
    np.testing.assert_allclose(opt.state[0]["acc_delta"], [0.5 * dx**2], rtol=1e-14)


@settings(max_examples=40, deadline=None)
@given(
    g=st.lists(st.floats(1e-3, 1e3) | st.floats(-1e3, -1e-3), min_size=1, max_size=5),
    lr=st.floats(1e-4, 1.0),
    beta1=st.floats(0.0, 0.99),
    beta2=st.floats(0.0, 0.999),
)
def test_adam_first_step_has_size_lr(g, lr, beta1, beta2):
    # With t = 1: m_hat = g and v_hat = g^2, so the step is lr g / (|g| + eps).
    w = Parameter(np.zeros(len(g)))
    opt = Adam([w], lr=lr, betas=(beta1, beta2), eps=1e-8)
    w.grad[:] = g
    opt.step()
    g = np.array(g)
    np.testing.assert_allclose(-w.data, lr * g / (np.abs(g) + 1e-8), rtol=1e-12)
    assert np.all(np.abs(w.data) <= lr)
    assert opt.t == 1


def test_adamw_with_a_zero_gradient_only_decays():
    w = Parameter([1.0, -2.0, 1e-3])
    opt = AdamW([w], lr=0.1, weight_decay=0.5)
    for _ in range(3):
        opt.step()
    np.testing.assert_allclose(w.data, np.array([1.0, -2.0, 1e-3]) * 0.95**3)


def test_adamw_decay_does_not_depend_on_the_gradient_scale_but_adams_does():
    # Two weights of the same value, one with large and one with small
    # gradients. Subtracting a run without decay isolates the decay's effect
    # on each weight (exact for AdamW: the moments do not see the decay).
    grads = [[100.0, 0.01], [-100.0, -0.01]] * 5

    def run(cls, weight_decay):
        w = Parameter([1.0, 1.0])
        opt = cls([w], lr=0.01, weight_decay=weight_decay)
        for g in grads:
            w.grad[:] = g
            opt.step()
        return w.data

    adamw_effect = run(AdamW, 0.0) - run(AdamW, 0.1)
    adam_effect = run(Adam, 0.0) - run(Adam, 0.1)
    assert adamw_effect[0] == pytest.approx(adamw_effect[1], rel=1e-3)
    assert adam_effect[1] > 100 * adam_effect[0] > 0  # large gradients: less decay


def test_adamw_without_decay_is_adam():
    grad_fn = random_gradients()
    np.testing.assert_array_equal(
        run_mathdl(AdamW, {"lr": 0.01, "weight_decay": 0.0}, grad_fn),
        run_mathdl(Adam, {"lr": 0.01}, grad_fn),
    )


def test_adamw_does_not_add_the_l2_term_to_the_gradient():
    assert AdamW._l2_in_gradient is False and Adam._l2_in_gradient is True
    assert repr(AdamW([Parameter([0.0])])) == (
        "AdamW(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01)"
    )


# --------------------------------------------------------------------------
# Against the reference implementation of PyTorch's formulas
# --------------------------------------------------------------------------


@pytest.mark.parametrize("gradients", list(GRADIENTS))
@pytest.mark.parametrize(("cls", "kwargs"), SETTINGS, ids=SETTING_IDS)
def test_matches_reference(cls, kwargs, gradients):
    grad_fn = GRADIENTS[gradients]()
    expected = run_reference(cls, kwargs, grad_fn)
    got = run_mathdl(cls, kwargs, grad_fn)
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-12)


def test_quadratic_run_actually_moves_towards_the_minimum():
    # Guard against a vacuous comparison: the quadratic runs make progress.
    grad_fn = quadratic_gradients()
    path = run_mathdl(SGD, {"lr": 0.02, "momentum": 0.9}, grad_fn, steps=200)
    start = np.linalg.norm(
        np.concatenate([g.ravel() for g in grad_fn(1, start_points())])
    )
    end_points = np.split(path[-1], [6])
    end_points = [end_points[0].reshape(3, 2), end_points[1]]
    end = np.linalg.norm(np.concatenate([g.ravel() for g in grad_fn(1, end_points)]))
    assert end < 1e-3 * start


# --------------------------------------------------------------------------
# Against PyTorch
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip(
        "torch", reason="PyTorch is optional: pip install torch==2.13.0"
    )


def run_torch(torch, cls, kwargs, grad_fn: GradFn, steps: int = STEPS) -> np.ndarray:
    params = [
        torch.nn.Parameter(torch.tensor(th, dtype=torch.float64))
        for th in start_points()
    ]
    opt = getattr(torch.optim, cls.__name__)(params, **kwargs)
    path = [np.concatenate([p.detach().numpy().ravel() for p in params])]
    for t in range(1, steps + 1):
        opt.zero_grad()
        grads = grad_fn(t, [p.detach().numpy().copy() for p in params])
        for p, g in zip(params, grads, strict=True):
            p.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        path.append(np.concatenate([p.detach().numpy().ravel() for p in params]))
    return np.array(path)


@pytest.mark.parametrize("gradients", list(GRADIENTS))
@pytest.mark.parametrize(("cls", "kwargs"), SETTINGS, ids=SETTING_IDS)
def test_matches_torch(torch, cls, kwargs, gradients):
    grad_fn = GRADIENTS[gradients]()
    expected = run_torch(torch, cls, kwargs, grad_fn)
    got = run_mathdl(cls, kwargs, grad_fn)
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-9)


def test_rmsprop_defaults_match_torch_non_centered(torch):
    # torch's RMSprop defaults to centered=False, which is what mathdl does.
    opt = torch.optim.RMSprop([torch.nn.Parameter(torch.zeros(1))])
    assert opt.defaults["centered"] is False
    assert opt.defaults["alpha"] == RMSprop([Parameter([0.0])]).alpha


@pytest.mark.parametrize("cls", OPTIMIZERS)
def test_default_hyperparameters_match_torch(torch, cls):
    ours = cls([Parameter([0.0])], **({"lr": 0.1} if cls is SGD else {}))
    theirs = getattr(torch.optim, cls.__name__)(
        [torch.nn.Parameter(torch.zeros(1))], **({"lr": 0.1} if cls is SGD else {})
    )
    for name in ours._hyperparameters:
        expected = theirs.defaults[name]
        assert getattr(ours, name) == (
            tuple(expected) if isinstance(expected, tuple) else expected
        ), name


def nesterov_quadratic():
    A = np.array([[10.0, 3.0], [3.0, 1.0]])  # coupled, condition number ~ 100
    b = np.array([1.0, -2.0])
    return A, b


def test_nesterov_on_2d_quadratic_matches_reference_and_converges():
    A, b = nesterov_quadratic()
    kwargs = {"lr": 0.05, "momentum": 0.9, "nesterov": True}
    path = minimize(lambda x: A @ x - b, [2.0, 2.0], SGD, steps=300, **kwargs)
    init, update = ref_sgd(**kwargs)
    theta, state = np.array([2.0, 2.0]), init(None)
    for t in range(1, 301):
        theta = update(theta, A @ theta - b, state, t)
        np.testing.assert_allclose(path[t], theta, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(path[-1], np.linalg.solve(A, b), atol=1e-8)


def test_nesterov_on_2d_quadratic_matches_torch(torch):
    A, b = nesterov_quadratic()
    path = minimize(
        lambda x: A @ x - b,
        [2.0, 2.0],
        SGD,
        steps=100,
        lr=0.05,
        momentum=0.9,
        nesterov=True,
    )
    x = torch.nn.Parameter(torch.tensor([2.0, 2.0], dtype=torch.float64))
    opt = torch.optim.SGD([x], lr=0.05, momentum=0.9, nesterov=True)
    At, bt = torch.tensor(A), torch.tensor(b)
    for k in range(1, 101):
        opt.zero_grad()
        loss = 0.5 * x @ At @ x - bt @ x  # autograd gives A x - b
        loss.backward()
        opt.step()
        np.testing.assert_allclose(path[k], x.detach().numpy(), rtol=1e-6, atol=1e-9)


# --------------------------------------------------------------------------
# Dtypes, in-place updates, state
# --------------------------------------------------------------------------


@pytest.mark.parametrize(("cls", "kwargs"), SETTINGS, ids=SETTING_IDS)
def test_float32_stays_float32_and_is_close_to_float64(cls, kwargs):
    grad_fn = random_gradients()
    params = [Parameter(th.astype(np.float32)) for th in start_points()]
    opt = cls(params, **kwargs)
    data_ids = [id(p.data) for p in params]
    for t in range(1, 11):
        opt.zero_grad()
        for p, g in zip(params, grad_fn(t, None), strict=True):
            p.grad += g.astype(np.float32)
        opt.step()
    for p, state in zip(params, opt.state, strict=True):
        assert p.data.dtype == np.float32
        assert p.grad.dtype == np.float32
        for array in state.values():
            assert array.dtype == np.float32
            assert array.shape == p.data.shape
    assert [id(p.data) for p in params] == data_ids  # updated in place
    got = np.concatenate([p.data.ravel() for p in params])
    expected = run_reference(cls, kwargs, grad_fn, steps=10)[-1]
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize(("cls", "kwargs"), SETTINGS, ids=SETTING_IDS)
def test_step_updates_data_in_place_and_leaves_grad_alone(cls, kwargs):
    w = Parameter(np.array([[1.0, -2.0], [0.5, 3.0]]))
    data, grad = w.data, w.grad
    opt = cls([w], **kwargs)
    w.grad[:] = [[0.1, -0.2], [0.3, 0.0]]
    before = w.data.copy()
    opt.step()
    assert w.data is data and w.grad is grad
    np.testing.assert_array_equal(w.grad, [[0.1, -0.2], [0.3, 0.0]])
    assert not np.array_equal(w.data, before)
    assert opt.t == 1


@pytest.mark.parametrize("cls", OPTIMIZERS)
def test_zero_grad_zeros_every_gradient(cls):
    params = [Parameter(np.ones(3)), Parameter(np.ones((2, 2)))]
    opt = cls(params, lr=0.1)
    for p in params:
        p.grad += 5.0
    opt.zero_grad()
    for p in params:
        np.testing.assert_array_equal(p.grad, 0.0)


def test_state_uses_torch_names():
    w = Parameter([1.0])
    assert set(SGD([w], lr=0.1, momentum=0.9).state[0]) == {"momentum_buffer"}
    assert set(SGD([w], lr=0.1).state[0]) == set()
    assert set(Adagrad([w]).state[0]) == {"sum"}
    assert set(RMSprop([w]).state[0]) == {"square_avg"}
    assert set(RMSprop([w], momentum=0.5).state[0]) == {"square_avg", "momentum_buffer"}
    assert set(Adadelta([w]).state[0]) == {"square_avg", "acc_delta"}
    assert set(Adam([w]).state[0]) == {"exp_avg", "exp_avg_sq"}
    assert set(AdamW([w]).state[0]) == {"exp_avg", "exp_avg_sq"}


def test_params_may_be_a_generator_and_lr_may_change():
    w = Parameter([1.0])
    opt = SGD((p for p in [w]), lr=0.1)
    w.grad[:] = [1.0]
    opt.step()
    opt.lr = 0.5
    opt.step()
    np.testing.assert_allclose(w.data, [1.0 - 0.1 - 0.5])
    assert "SGD(lr=0.5" in repr(opt)


def test_base_class_step_is_abstract():
    with pytest.raises(NotImplementedError):
        Optimizer([Parameter([0.0])], lr=0.1).step()


# --------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------


@pytest.mark.parametrize("cls", OPTIMIZERS)
@pytest.mark.parametrize("lr", [-0.1, -1e-300, float("inf"), float("nan")])
def test_negative_or_non_finite_lr_raises(cls, lr):
    with pytest.raises(ValueError, match="lr"):
        cls([Parameter([1.0])], lr=lr)


@pytest.mark.parametrize(("cls", "kwargs"), SETTINGS, ids=SETTING_IDS)
def test_zero_lr_is_accepted_and_leaves_the_parameters_alone(cls, kwargs):
    # As in PyTorch; a cosine schedule with eta_min=0 ends at exactly 0.
    w = Parameter([1.0, -2.0])
    opt = cls([w], **{**kwargs, "lr": 0.0})
    for _ in range(3):
        w.grad[:] = [0.5, -3.0]
        opt.step()
    np.testing.assert_array_equal(w.data, [1.0, -2.0])
    opt.lr = 0.1
    opt.step()
    assert not np.array_equal(w.data, [1.0, -2.0])


@pytest.mark.parametrize("cls", OPTIMIZERS)
def test_lr_setter_validates(cls):
    opt = cls([Parameter([1.0])], lr=0.1)
    with pytest.raises(ValueError, match="lr"):
        opt.lr = -1.0
    with pytest.raises(TypeError, match="lr"):
        opt.lr = "fast"


@pytest.mark.parametrize("cls", OPTIMIZERS)
def test_empty_params_raise(cls):
    with pytest.raises(ValueError, match="params"):
        cls([], lr=0.1)


@pytest.mark.parametrize("cls", OPTIMIZERS)
@pytest.mark.parametrize(
    "params",
    [[np.zeros(3)], [Parameter([1.0]), [1.0, 2.0]], 3.0, Parameter([1.0])],
    ids=["array", "list", "float", "bare-parameter"],
)
def test_non_parameters_raise_type_error(cls, params):
    with pytest.raises(TypeError, match="params"):
        cls(params, lr=0.1)


def test_repeated_parameter_raises():
    w = Parameter([1.0])
    with pytest.raises(ValueError, match="params"):
        Adam([w, w])


@pytest.mark.parametrize("cls", OPTIMIZERS)
def test_negative_weight_decay_raises(cls):
    with pytest.raises(ValueError, match="weight_decay"):
        cls([Parameter([1.0])], lr=0.1, weight_decay=-0.1)


@pytest.mark.parametrize("cls", [Adagrad, RMSprop, Adadelta, Adam, AdamW])
@pytest.mark.parametrize("eps", [0.0, -1e-8, float("nan")])
def test_bad_eps_raises(cls, eps):
    with pytest.raises(ValueError, match="eps"):
        cls([Parameter([1.0])], eps=eps)


@pytest.mark.parametrize("betas", [(1.0, 0.999), (0.9, 1.0), (-0.1, 0.999), (0.9, 1.5)])
def test_adam_betas_out_of_range_raise(betas):
    with pytest.raises(ValueError, match="betas"):
        Adam([Parameter([1.0])], betas=betas)


@pytest.mark.parametrize("betas", [0.9, (0.9,), (0.9, 0.99, 0.999), None])
def test_adam_betas_not_a_pair_raise(betas):
    with pytest.raises(TypeError, match="betas"):
        Adam([Parameter([1.0])], betas=betas)


@pytest.mark.parametrize("cls", [SGD, RMSprop])
@pytest.mark.parametrize("momentum", [1.0, -0.5, 1.5])
def test_momentum_outside_unit_interval_raises(cls, momentum):
    with pytest.raises(ValueError, match="momentum"):
        cls([Parameter([1.0])], lr=0.1, momentum=momentum)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"nesterov": True},
        {"nesterov": True, "momentum": 0.9, "dampening": 0.1},
    ],
)
def test_nesterov_needs_momentum_and_no_dampening(kwargs):
    with pytest.raises(ValueError, match="nesterov"):
        SGD([Parameter([1.0])], lr=0.1, **kwargs)


def test_other_bad_hyperparameters_raise():
    w = [Parameter([1.0])]
    with pytest.raises(ValueError, match="dampening"):
        SGD(w, lr=0.1, momentum=0.5, dampening=1.5)
    with pytest.raises(TypeError, match="nesterov"):
        SGD(w, lr=0.1, momentum=0.5, nesterov="yes")
    with pytest.raises(ValueError, match="alpha"):
        RMSprop(w, alpha=1.1)
    with pytest.raises(ValueError, match="rho"):
        Adadelta(w, rho=-0.1)


def test_gradient_of_wrong_shape_raises_at_step():
    w = Parameter(np.zeros(3))
    opt = SGD([w], lr=0.1)
    w.grad = np.ones(1)  # would broadcast silently
    with pytest.raises(ValueError, match=r"params\[0\]\.grad"):
        opt.step()


# --------------------------------------------------------------------------
# minimize
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cls", "kwargs"),
    [
        (SGD, {"lr": 0.05}),
        (SGD, {"lr": 0.02, "momentum": 0.9}),
        (SGD, {"lr": 0.02, "momentum": 0.9, "nesterov": True}),
        (Adagrad, {"lr": 0.5}),
        (Adadelta, {"lr": 0.1, "eps": 1e-3}),
        (Adam, {"lr": 0.05}),
    ],
)
def test_minimize_converges_to_the_closed_form_minimiser(cls, kwargs):
    rng = np.random.default_rng(4)
    M = rng.normal(size=(3, 3))
    A = M @ M.T + 3 * np.eye(3)  # symmetric positive definite
    b = rng.normal(size=3)
    x_star = np.linalg.solve(A, b)  # oracle: the solution of A x = b
    path = minimize(lambda x: A @ x - b, np.zeros(3), cls, steps=3000, **kwargs)
    assert path.shape == (3001, 3)
    np.testing.assert_array_equal(path[0], np.zeros(3))
    np.testing.assert_allclose(path[-1], x_star, atol=1e-4)


def test_minimize_plain_sgd_follows_the_exact_iteration():
    # On f = x^T A x / 2, gradient descent is x_k = (I - lr A)^k x0.
    A = np.array([[2.0, 0.5], [0.5, 1.0]])
    x0 = np.array([1.0, -3.0])
    path = minimize(lambda x: A @ x, x0, SGD, steps=20, lr=0.1)
    M = np.eye(2) - 0.1 * A
    expected = [np.linalg.matrix_power(M, k) @ x0 for k in range(21)]
    np.testing.assert_allclose(path, expected, rtol=1e-12, atol=1e-15)


def test_minimize_accepts_a_factory_and_keeps_float32():
    path = minimize(
        lambda x: 2 * x,
        np.array([1.0, 2.0], dtype=np.float32),
        lambda params: Adam(params, lr=0.1),
        steps=5,
    )
    assert path.dtype == np.float32
    assert path.shape == (6, 2)


def test_minimize_with_zero_steps_returns_the_start():
    path = minimize(lambda x: x, [1, 2], SGD, steps=0, lr=0.1)
    np.testing.assert_array_equal(path, [[1.0, 2.0]])
    assert path.dtype == np.float64


def test_minimize_gives_grad_f_a_copy():
    def meddling_grad(x):
        g = 2 * x
        x[:] = 100.0  # must not change the optimiser's point
        return g

    path = minimize(meddling_grad, [1.0], SGD, steps=1, lr=0.25)
    np.testing.assert_allclose(path[-1], [0.5])


def test_minimize_bad_input():
    grad = lambda x: x  # noqa: E731
    with pytest.raises(TypeError, match="grad_f"):
        minimize(3.0, [1.0], SGD, steps=1, lr=0.1)
    with pytest.raises(TypeError, match="optimizer"):
        minimize(grad, [1.0], "SGD", steps=1, lr=0.1)
    with pytest.raises(ValueError, match="steps"):
        minimize(grad, [1.0], SGD, steps=-1, lr=0.1)
    with pytest.raises(TypeError, match="steps"):
        minimize(grad, [1.0], SGD, steps=2.0, lr=0.1)
    with pytest.raises(ValueError, match="x0"):
        minimize(grad, [[1.0, 2.0]], SGD, steps=1, lr=0.1)
    with pytest.raises(ValueError, match="x0"):
        minimize(grad, [np.nan], SGD, steps=1, lr=0.1)
    with pytest.raises(ValueError, match="lr"):
        minimize(grad, [1.0], SGD, steps=1, lr=-0.1)
    with pytest.raises(ValueError, match="grad_f must return an array of shape"):
        minimize(lambda x: np.ones(3), [1.0, 2.0], SGD, steps=1, lr=0.1)
    with pytest.raises(ValueError, match="grad_f returned a non-finite"):
        minimize(lambda x: x * np.inf, [1.0], SGD, steps=1, lr=0.1)


def test_minimize_reports_divergence():
    # A finite gradient times a huge step overflows: minimize must raise
    # (without a RuntimeWarning), not return a path ending in inf.
    with pytest.raises(ValueError, match="diverged"):
        minimize(lambda x: np.full_like(x, 1e300), [1.0], SGD, steps=5, lr=1e300)


# --------------------------------------------------------------------------
# Toy functions
# --------------------------------------------------------------------------


def central_gradient(f, x, h=1e-6):
    x = np.asarray(x, dtype=float)
    grad = np.empty_like(x)
    for i in range(x.size):
        e = np.zeros_like(x)
        e[i] = h
        grad[i] = (f(x + e) - f(x - e)) / (2 * h)
    return grad


def test_rosenbrock_matches_scipy():
    rng = np.random.default_rng(5)
    points = rng.uniform(-2, 2, size=(20, 2))
    np.testing.assert_allclose(
        rosenbrock(points), [scipy.optimize.rosen(p) for p in points], rtol=1e-12
    )
    np.testing.assert_allclose(
        rosenbrock_grad(points),
        [scipy.optimize.rosen_der(p) for p in points],
        rtol=1e-12,
        atol=1e-12,
    )


@settings(max_examples=40, deadline=None)
@given(
    x=st.floats(-2, 2),
    y=st.floats(-2, 3),
    a=st.floats(0.2, 2),
    b=st.floats(1, 100),
)
def test_rosenbrock_grad_matches_central_differences(x, y, a, b):
    point = np.array([x, y])
    numeric = central_gradient(lambda p: float(rosenbrock(p, a=a, b=b)), point)
    np.testing.assert_allclose(
        rosenbrock_grad(point, a=a, b=b), numeric, rtol=1e-6, atol=1e-5
    )


def test_rosenbrock_minimum_and_grid_shapes():
    assert float(rosenbrock([2.0, 4.0], a=2.0, b=7.0)) == 0.0
    np.testing.assert_array_equal(rosenbrock_grad([2.0, 4.0], a=2.0, b=7.0), [0, 0])
    X, Y = np.meshgrid(np.linspace(-2, 2, 5), np.linspace(-1, 3, 4))
    Z = rosenbrock(np.stack([X, Y], axis=-1))
    assert Z.shape == (4, 5)
    np.testing.assert_allclose(Z, (1 - X) ** 2 + 100 * (Y - X**2) ** 2)
    assert rosenbrock_grad(np.stack([X, Y], axis=-1)).shape == (4, 5, 2)


def test_rosenbrock_bad_input():
    with pytest.raises(ValueError, match="x"):
        rosenbrock([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="x"):
        rosenbrock_grad(1.0)
    with pytest.raises(ValueError, match="x"):
        rosenbrock([np.nan, 1.0])


def test_quadratic_bowl_values_gradient_and_minimiser():
    rng = np.random.default_rng(6)
    M = rng.normal(size=(4, 4))
    A = M @ M.T + np.eye(4)
    b = rng.normal(size=4)
    bowl = quadratic_bowl(A, b)
    x = rng.normal(size=4)
    assert np.isclose(bowl.f(x), 0.5 * x @ A @ x - b @ x, rtol=1e-12)
    np.testing.assert_allclose(bowl.grad(x), A @ x - b, rtol=1e-12)
    np.testing.assert_allclose(
        bowl.grad(x), central_gradient(lambda p: float(bowl.f(p)), x), rtol=1e-6
    )
    # The minimiser: compare with SciPy's general-purpose minimiser.
    result = scipy.optimize.minimize(bowl.f, np.zeros(4), jac=bowl.grad, tol=1e-12)
    np.testing.assert_allclose(bowl.minimizer, result.x, atol=1e-6)
    np.testing.assert_allclose(bowl.grad(bowl.minimizer), 0.0, atol=1e-12)
    # Batched points and the default b = 0.
    points = rng.normal(size=(3, 5, 4))
    assert bowl.f(points).shape == (3, 5)
    assert bowl.grad(points).shape == (3, 5, 4)
    np.testing.assert_array_equal(quadratic_bowl(A).minimizer, 0.0)


def test_quadratic_bowl_keeps_its_own_copy_of_a():
    A = np.diag([1.0, 2.0])
    bowl = quadratic_bowl(A)
    A[0, 0] = 100.0
    np.testing.assert_allclose(bowl.grad([1.0, 1.0]), [1.0, 2.0])


def test_quadratic_bowl_bad_input():
    with pytest.raises(ValueError, match="A"):
        quadratic_bowl(np.ones((2, 3)))
    with pytest.raises(ValueError, match="A must be symmetric"):
        quadratic_bowl([[1.0, 2.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match="A must be positive definite"):
        quadratic_bowl([[1.0, 0.0], [0.0, -1.0]])
    with pytest.raises(ValueError, match="b"):
        quadratic_bowl(np.eye(2), b=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="x"):
        quadratic_bowl(np.eye(2)).f([1.0, 2.0, 3.0])


# --------------------------------------------------------------------------
# Learning-rate schedulers
# --------------------------------------------------------------------------

SCHEDULERS = [
    (StepLR, {"step_size": 3}),
    (StepLR, {"step_size": 1, "gamma": 0.5}),
    (StepLR, {"step_size": 7, "gamma": 2.0}),
    (CosineAnnealingLR, {"T_max": 10}),
    (CosineAnnealingLR, {"T_max": 7, "eta_min": 0.01}),
    (CosineAnnealingLR, {"T_max": 1}),
    (LinearLR, {}),
    (LinearLR, {"start_factor": 0.1, "total_iters": 10}),
    (LinearLR, {"start_factor": 1.0, "end_factor": 0.0, "total_iters": 4}),
]
SCHEDULER_IDS = [
    f"{cls.__name__}-" + "-".join(f"{k}={v}" for k, v in kw.items())
    for cls, kw in SCHEDULERS
]


def schedule(cls, kwargs, epochs, lr=0.2, optimizer=SGD):
    """The learning rates of epochs 0 .. epochs - 1."""
    opt = optimizer([Parameter([0.0])], lr=lr)
    scheduler = cls(opt, **kwargs)
    rates = []
    for epoch in range(epochs):
        assert scheduler.last_epoch == epoch
        rates.append(opt.lr)
        scheduler.step()
    return np.array(rates)


@pytest.mark.parametrize(("cls", "kwargs"), SCHEDULERS, ids=SCHEDULER_IDS)
def test_scheduler_matches_torch(torch, cls, kwargs):
    p = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    opt = torch.optim.SGD([p], lr=0.2)
    scheduler = getattr(torch.optim.lr_scheduler, cls.__name__)(opt, **kwargs)
    expected = []
    for _ in range(60):
        expected.append(opt.param_groups[0]["lr"])
        opt.step()  # torch warns if the scheduler steps first
        scheduler.step()
    np.testing.assert_allclose(
        schedule(cls, kwargs, 60), expected, rtol=1e-10, atol=1e-15
    )


def test_step_lr_closed_form():
    k = np.arange(20)
    np.testing.assert_allclose(
        schedule(StepLR, {"step_size": 4, "gamma": 0.3}, 20), 0.2 * 0.3 ** (k // 4)
    )


def test_cosine_closed_form_and_exact_zero_at_t_max():
    rates = schedule(CosineAnnealingLR, {"T_max": 8}, 9, lr=0.4)
    k = np.arange(9)
    np.testing.assert_allclose(rates, 0.2 * (1 + np.cos(np.pi * k / 8)), atol=1e-16)
    assert rates[0] == 0.4 and rates[-1] == 0.0  # exactly: the setter accepts 0
    assert np.all(np.diff(rates) < 0)


def test_linear_lr_warm_up_reaches_the_base_rate_exactly():
    rates = schedule(LinearLR, {"start_factor": 0.1, "total_iters": 4}, 8, lr=0.3)
    np.testing.assert_allclose(rates[:5], 0.3 * np.array([0.1, 0.325, 0.55, 0.775, 1]))
    assert np.all(rates[4:] == 0.3)


@pytest.mark.parametrize(("cls", "kwargs"), SCHEDULERS, ids=SCHEDULER_IDS)
def test_scheduler_drives_any_optimiser(cls, kwargs):
    np.testing.assert_array_equal(
        schedule(cls, kwargs, 12, lr=0.01, optimizer=AdamW),
        schedule(cls, kwargs, 12, lr=0.01, optimizer=SGD),
    )


def test_constructor_applies_epoch_zero_and_keeps_base_lr():
    opt = Adam([Parameter([0.0])], lr=0.5)
    scheduler = LinearLR(opt, start_factor=0.2)
    assert opt.lr == pytest.approx(0.1) and scheduler.base_lr == 0.5
    assert scheduler.last_epoch == 0
    assert repr(scheduler) == (
        "LinearLR(start_factor=0.2, end_factor=1.0, total_iters=5, last_epoch=0)"
    )


def test_base_scheduler_closed_form_is_abstract():
    with pytest.raises(NotImplementedError):
        LRScheduler(SGD([Parameter([0.0])], lr=0.1))


@pytest.mark.parametrize(
    ("cls", "kwargs", "error", "name"),
    [
        (StepLR, {"step_size": 0}, ValueError, "step_size"),
        (StepLR, {"step_size": 2.0}, TypeError, "step_size"),
        (StepLR, {"step_size": 2, "gamma": 0.0}, ValueError, "gamma"),
        (StepLR, {"step_size": 2, "gamma": -0.5}, ValueError, "gamma"),
        (StepLR, {"step_size": 2, "gamma": float("nan")}, ValueError, "gamma"),
        (CosineAnnealingLR, {"T_max": 0}, ValueError, "T_max"),
        (CosineAnnealingLR, {"T_max": None}, TypeError, "T_max"),
        (CosineAnnealingLR, {"T_max": 5, "eta_min": -0.1}, ValueError, "eta_min"),
        (LinearLR, {"start_factor": 0.0}, ValueError, "start_factor"),
        (LinearLR, {"start_factor": 1.5}, ValueError, "start_factor"),
        (LinearLR, {"end_factor": -0.1}, ValueError, "end_factor"),
        (LinearLR, {"end_factor": 1.1}, ValueError, "end_factor"),
        (LinearLR, {"total_iters": 0}, ValueError, "total_iters"),
    ],
)
def test_scheduler_bad_settings_raise(cls, kwargs, error, name):
    opt = SGD([Parameter([0.0])], lr=0.1)
    with pytest.raises(error, match=rf"^{name} must"):
        cls(opt, **kwargs)
    assert opt.lr == 0.1  # untouched


@pytest.mark.parametrize("cls", [StepLR, CosineAnnealingLR, LinearLR])
def test_scheduler_needs_a_mathdl_optimizer(cls):
    with pytest.raises(TypeError, match="optimizer must be a mathdl Optimizer"):
        cls([Parameter([0.0])], 3)  # a list of parameters is not an optimiser


# --------------------------------------------------------------------------
# Gradient clipping
# --------------------------------------------------------------------------


def gradient_pair(scale=1.0):
    rng = np.random.default_rng(4)
    return [scale * rng.normal(size=shape) for shape in SHAPES]


def with_grads(grads, dtype=np.float64):
    params = [Parameter(np.zeros(g.shape, dtype=dtype)) for g in grads]
    for p, g in zip(params, grads, strict=True):
        p.grad[:] = g
    return params


@pytest.mark.parametrize("norm_type", [2.0, math.inf, 1.0, 3.0])
@pytest.mark.parametrize("max_norm", [0.5, 1e3], ids=["clipped", "below"])
def test_clip_grad_norm_matches_torch(torch, norm_type, max_norm):
    grads = gradient_pair()
    params = with_grads(grads)
    torch_params = [
        torch.nn.Parameter(torch.zeros(g.shape, dtype=torch.float64)) for g in grads
    ]
    for p, g in zip(torch_params, grads, strict=True):
        p.grad = torch.tensor(g)
    total = clip_grad_norm(params, max_norm, norm_type)
    expected = torch.nn.utils.clip_grad_norm_(torch_params, max_norm, norm_type)
    assert total == pytest.approx(expected.item(), rel=1e-12)
    for p, tp in zip(params, torch_params, strict=True):
        np.testing.assert_allclose(p.grad, tp.grad.numpy(), rtol=1e-12)
    assert (total > max_norm) == (max_norm == 0.5)  # both cases are exercised


@pytest.mark.parametrize("norm_type", [2.0, math.inf, 1.0])
def test_clip_grad_norm_total_is_the_norm_of_the_concatenation(norm_type):
    grads = gradient_pair()
    total = clip_grad_norm(with_grads(grads), 1e9, norm_type)
    flat = np.concatenate([g.ravel() for g in grads])
    assert total == pytest.approx(np.linalg.norm(flat, norm_type), rel=1e-13)


@settings(max_examples=40, deadline=None)
@given(
    scale=st.floats(1e-3, 1e3),
    max_norm=st.floats(0.0, 10.0),
    norm_type=st.sampled_from([1.0, 2.0, 4.0, math.inf]),
)
def test_clip_grad_norm_keeps_direction_and_bounds_the_norm(scale, max_norm, norm_type):
    grads = gradient_pair(scale)
    params = with_grads(grads)
    total = clip_grad_norm(params, max_norm, norm_type)
    after = np.concatenate([p.grad.ravel() for p in params])
    before = np.concatenate([g.ravel() for g in grads])
    factor = min(1.0, max_norm / (total + 1e-6))
    np.testing.assert_allclose(after, factor * before, rtol=1e-12)
    # Clipped or not, the new norm is at most max_norm.
    assert np.linalg.norm(after, norm_type) <= max_norm * (1 + 1e-12)


def test_clip_grad_norm_below_the_threshold_changes_nothing():
    grads = gradient_pair()
    params = with_grads(grads)
    clip_grad_norm(params, 1e3)
    for p, g in zip(params, grads, strict=True):
        np.testing.assert_array_equal(p.grad, g)


def test_clip_grad_norm_does_not_overflow_and_keeps_float32():
    params = with_grads([np.full(3, 1e200), np.full(1, -1e200)])
    assert clip_grad_norm(params, 1.0) == pytest.approx(2e200, rel=1e-12)
    np.testing.assert_allclose(params[0].grad, np.full(3, 0.5), rtol=1e-12)
    params = with_grads(gradient_pair(), dtype=np.float32)
    clip_grad_norm(params, 0.1)
    assert all(p.grad.dtype == np.float32 for p in params)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_clip_grad_norm_raises_on_non_finite_gradients_before_changing_them(bad):
    params = with_grads([np.array([3.0, bad]), np.array([4.0])])
    with pytest.raises(ValueError, match="must be finite"):
        clip_grad_norm(params, 1.0)
    np.testing.assert_array_equal(params[1].grad, [4.0])


def test_clip_grad_norm_of_zero_gradients_is_zero():
    params = with_grads([np.zeros(3)])
    assert clip_grad_norm(params, 1.0) == 0.0
    np.testing.assert_array_equal(params[0].grad, 0.0)


@pytest.mark.parametrize(
    ("params", "kwargs", "error", "match"),
    [
        ([np.zeros(2)], {"max_norm": 1.0}, TypeError, "params"),
        ([], {"max_norm": 1.0}, ValueError, "params"),
        (None, {"max_norm": -1.0}, ValueError, "max_norm must be >= 0"),
        (None, {"max_norm": "one"}, TypeError, "max_norm"),
        (
            None,
            {"max_norm": 1.0, "norm_type": 0.5},
            ValueError,
            "norm_type must be >= 1",
        ),
        (None, {"max_norm": 1.0, "norm_type": -math.inf}, ValueError, "norm_type"),
        (None, {"max_norm": 1.0, "norm_type": "fro"}, TypeError, "norm_type"),
    ],
)
def test_clip_grad_norm_bad_input(params, kwargs, error, match):
    params = with_grads(gradient_pair()) if params is None else params
    with pytest.raises(error, match=match):
        clip_grad_norm(params, **kwargs)


# --------------------------------------------------------------------------
# Issue 16: a non-finite gradient is refused before any parameter moves
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda ps: SGD(ps, lr=0.1, momentum=0.9),
        lambda ps: Adam(ps, lr=0.1),
        lambda ps: AdamW(ps, lr=0.1),
        lambda ps: RMSprop(ps, lr=0.1),
        lambda ps: Adagrad(ps, lr=0.1),
        lambda ps: Adadelta(ps),
    ],
)
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_a_non_finite_gradient_is_refused_naming_the_parameter(make, bad):
    a, b = Parameter([1.0, 2.0], name="a"), Parameter([3.0], name="b")
    optimizer = make([a, b])
    a.grad[:] = [0.5, 0.5]
    b.grad[:] = [bad]
    with pytest.raises(ValueError, match=r"params\[1\] \(Parameter 'b'.*NaN or inf"):
        optimizer.step()
    np.testing.assert_array_equal(a.data, [1.0, 2.0])  # nothing moved
    np.testing.assert_array_equal(b.data, [3.0])


def test_a_weight_decay_that_overflows_is_refused():
    w = Parameter([1.0, 2.0], name="w")
    optimizer = SGD([w], lr=0.1, weight_decay=1e308)
    w.grad[:] = 1.0
    with pytest.raises(
        ValueError, match="weight_decay=1e.308 times params.0. .*overflows"
    ):
        optimizer.step()
    np.testing.assert_array_equal(w.data, [1.0, 2.0])


def test_rosenbrock_checks_its_coefficients_and_overflow():
    with pytest.raises(ValueError, match="^a must be finite"):
        rosenbrock([0.0, 0.0], a=np.nan)
    with pytest.raises(TypeError, match="^b must be a real number"):
        rosenbrock_grad([0.0, 0.0], b="100")
    with pytest.raises(ValueError, match="overflows"):
        rosenbrock([1e200, 1e200])
    assert float(rosenbrock([1.0, 1.0], a=1.0, b=1e300)) == 0.0  # finite stays finite
