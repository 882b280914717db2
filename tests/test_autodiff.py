"""Tests for mathdl.autodiff against finite differences, NumPy and PyTorch.

The core check builds random compositions ("programs") of every Tensor
operation, including broadcasting and 1-D/2-D matrix products, and compares
the reverse-mode gradients with central differences from
:func:`mathdl.calculus.gradient` and, where PyTorch is installed, with
``torch.autograd`` in float64.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathdl.autodiff import Dual, Tensor, _unbroadcast, grad, jvp
from mathdl.calculus import gradient, jacobian

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True)

UNARY = ["neg", "exp", "log", "tanh", "sigmoid", "relu", "pow", "tensor_pow"]
SHAPE_OPS = ["sum", "mean", "reshape", "transpose"]
BINARY = ["add", "sub", "mul", "div", "matmul"]
WITH_CONSTANT = ["add_const", "sub_const", "mul_const", "div_const", "matmul_const"]
ALL_OPS = UNARY + SHAPE_OPS + BINARY + WITH_CONSTANT


# ----- random programs --------------------------------------------------------
#
# A program is a list of steps applied to a running value, starting from leaf
# 0. Binary steps bring in a new leaf (a differentiable input) or a constant
# (a plain NumPy array or float, exercising the reflected operators). Shapes
# are chosen so that broadcasting happens often: (3, 1) with (4,), (1, c)
# with (r, c), scalars with anything.


def broadcast_partner_shape(shape, rng):
    """A shape that broadcasts with ``shape``, sometimes to a bigger shape.

    Besides equal shapes, scalars and length-1 axes, the options include the
    growing cases such as ``(3, 1)`` with ``(4,)`` giving ``(3, 4)``.
    """
    k = int(rng.integers(2, 4))
    if len(shape) == 0:
        options = [(), (1,), (k,), (k, 1)]
    elif len(shape) == 1:
        options = [shape, (), (1,), (1, 1), (k, 1)]
    else:
        r, c = shape
        options = [shape, (), (c,), (1,), (1, 1), (r, 1), (1, c)]
        if c == 1:
            options.append((k,))  # (r, 1) with (k,) -> (r, k)
        if r == 1:
            options.append((k, 1))  # (1, c) with (k, 1) -> (k, c)
    return options[rng.integers(len(options))]


def matmul_partner_shape(shape, rng, side):
    """A shape ``m`` such that ``x @ m`` (side 'right') or ``m @ x`` is valid."""
    k = int(rng.integers(1, 4))
    if side == "right":  # x @ m: contract x's last axis
        return (shape[-1],) if rng.random() < 0.5 else (shape[-1], k)
    inner = shape[0] if len(shape) == 1 else shape[-2]  # m @ x
    return (inner,) if rng.random() < 0.5 else (k, inner)


def make_program(ops, seed, start_shape):
    """Turn a list of op names into concrete steps, leaves and constants."""
    rng = np.random.default_rng(seed)
    leaves = [rng.normal(size=start_shape)]
    steps = []
    shape = tuple(start_shape)
    for op in ops:
        if op in ("matmul", "matmul_const") and len(shape) == 0:
            op = "mul" if op == "matmul" else "mul_const"  # @ needs an array
        step = {"op": op, "swap": bool(rng.integers(2))}
        if op in BINARY or op in WITH_CONSTANT:
            if op.startswith("matmul"):
                side = "left" if step["swap"] else "right"
                other_shape = matmul_partner_shape(shape, rng, side)
            else:
                other_shape = broadcast_partner_shape(shape, rng)
            other = rng.normal(size=other_shape)
            if op in BINARY:
                step["leaf"] = len(leaves)
                leaves.append(other)
            elif other_shape == () and rng.random() < 0.5:
                step["const"] = float(other)  # a Python float
            else:
                step["const"] = other  # a NumPy array on either side
        elif op == "pow":
            step["p"] = float(rng.choice([2.0, 3.0, 0.5, -1.5]))
        elif op == "tensor_pow":
            step["leaf"] = len(leaves)
            leaves.append(rng.normal(size=broadcast_partner_shape(shape, rng)))
        elif op in ("sum", "mean"):
            axes = [None] + ([0, -1] if shape else [])
            if len(shape) == 2:
                axes.append((0, 1))
            step["axis"] = axes[rng.integers(len(axes))]
            step["keepdims"] = bool(rng.integers(2))
        elif op == "reshape":
            size = int(np.prod(shape))
            choices = [(size,), (1, size), (size, 1)]
            step["shape"] = choices[rng.integers(len(choices))]
        shape = np.shape(run_step(step, np.zeros(shape), leaves, NumpyOps))
        steps.append(step)
    weights = rng.normal(size=shape)  # final scalar: sum(weights * result)
    return steps, leaves, weights


class NumpyOps:
    """Evaluate a step on plain arrays (used only to track shapes)."""

    @staticmethod
    def sum(x, axis, keepdims):
        return np.sum(x, axis=axis, keepdims=keepdims)

    @staticmethod
    def mean(x, axis, keepdims):
        return np.mean(x, axis=axis, keepdims=keepdims)

    @staticmethod
    def transpose(x):
        return np.transpose(x)

    @staticmethod
    def unary(x, name):
        return x  # values do not matter for shapes


class MathdlOps:
    """Evaluate a step with mathdl Tensors."""

    @staticmethod
    def sum(x, axis, keepdims):
        return x.sum(axis=axis, keepdims=keepdims)

    @staticmethod
    def mean(x, axis, keepdims):
        return x.mean(axis=axis, keepdims=keepdims)

    @staticmethod
    def transpose(x):
        return x.T

    @staticmethod
    def unary(x, name):
        return getattr(x, name)()


def run_step(step, x, leaves, ops):
    op = step["op"]
    swap = step["swap"]
    if op == "neg":
        return -x
    if op == "exp":
        return ops.unary(ops.unary(x, "tanh"), "exp")  # keep values moderate
    if op == "log":
        return ops.unary(x * x + 1.0, "log")  # a positive argument
    if op in ("tanh", "sigmoid", "relu"):
        return ops.unary(x, op)
    if op == "pow":
        p = step["p"]
        return x**p if p in (2.0, 3.0) else (x * x + 1.0) ** p
    if op == "tensor_pow":  # positive base, tensor exponent
        return (x * x + 0.5) ** leaves[step["leaf"]]
    if op in ("sum", "mean"):
        return getattr(ops, op)(x, step["axis"], step["keepdims"])
    if op == "reshape":
        return x.reshape(step["shape"])
    if op == "transpose":
        return ops.transpose(x)
    other = leaves[step["leaf"]] if "leaf" in step else step["const"]
    a, b = (other, x) if swap else (x, other)
    if op.startswith("add"):
        return a + b
    if op.startswith("sub"):
        return a - b
    if op.startswith("mul"):
        return a * b
    if op.startswith("div"):
        return a / (b * b + 1.0)  # a denominator >= 1
    return a @ b


def run_program(steps, leaves, weights, ops):
    x = leaves[0]
    for step in steps:
        x = run_step(step, x, leaves, ops)
    return (x * weights).sum()


def finite_difference_gradients(steps, leaves, weights):
    grads = []
    for i in range(len(leaves)):

        def f(value, i=i):
            tensors = [Tensor(v) for v in leaves]
            tensors[i] = Tensor(value)
            return run_program(steps, tensors, weights, MathdlOps).value

        grads.append(gradient(f, leaves[i]))
    return grads


def autodiff_gradients(steps, leaves, weights):
    tensors = [Tensor(v) for v in leaves]
    run_program(steps, tensors, weights, MathdlOps).backward()
    return [t.grad for t in tensors]


# The first 2-6 operations of a random ordering of all of them: every
# example mixes different operations, and repeats come from the fixed-seed
# single-operation tests below.
programs = st.tuples(
    st.builds(lambda order, k: order[:k], st.permutations(ALL_OPS), st.integers(2, 6)),
    st.integers(0, 2**32 - 1),
    st.sampled_from([(), (3,), (2, 3), (3, 1), (1, 4), (1, 1)]),
)


def check_against_finite_differences(ops, seed, start_shape):
    steps, leaves, weights = make_program(ops, seed, start_shape)
    for auto, numeric in zip(
        autodiff_gradients(steps, leaves, weights),
        finite_difference_gradients(steps, leaves, weights),
        strict=True,
    ):
        assert auto.shape == numeric.shape
        scale = max(1.0, np.max(np.abs(numeric)))
        np.testing.assert_allclose(auto, numeric, rtol=1e-6, atol=1e-6 * scale)


@SETTINGS
@given(programs)
def test_random_compositions_against_finite_differences(program):
    check_against_finite_differences(*program)


@pytest.mark.parametrize("op", ALL_OPS)
@pytest.mark.parametrize("start_shape", [(), (3,), (2, 3), (3, 1)])
def test_each_operation_against_finite_differences(op, start_shape):
    check_against_finite_differences([op], seed=len(op), start_shape=start_shape)


# ----- PyTorch --------------------------------------------------------------------


class TorchOps:
    """Evaluate a step with PyTorch (``dim``/``keepdim`` instead of NumPy's names)."""

    def __init__(self, torch):
        self.torch = torch

    @staticmethod
    def _reduce(x, method, axis, keepdims):
        if axis is None:
            if x.ndim == 0:
                return getattr(x, method)()
            axis = tuple(range(x.ndim))
        return getattr(x, method)(dim=axis, keepdim=keepdims)

    def sum(self, x, axis, keepdims):
        return self._reduce(x, "sum", axis, keepdims)

    def mean(self, x, axis, keepdims):
        return self._reduce(x, "mean", axis, keepdims)

    def transpose(self, x):
        return x.permute(*reversed(range(x.ndim)))

    def unary(self, x, name):
        return getattr(self.torch, name)(x)


def torch_gradients(torch, steps, leaves, weights):
    tensors = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in leaves]
    torch_steps = []
    for step in steps:  # constants become torch tensors too
        step = dict(step)
        if isinstance(step.get("const"), np.ndarray):
            step["const"] = torch.tensor(step["const"], dtype=torch.float64)
        torch_steps.append(step)
    out = run_program(
        torch_steps,
        tensors,
        torch.tensor(weights, dtype=torch.float64),
        TorchOps(torch),
    )
    grads = torch.autograd.grad(out, tensors, allow_unused=True)
    return [
        np.zeros_like(v) if g is None else g.numpy()
        for g, v in zip(grads, leaves, strict=True)
    ], out.item()


@SETTINGS
@given(programs)
def test_random_compositions_against_torch(program):
    torch = pytest.importorskip(
        "torch", reason="PyTorch is optional: pip install torch==2.13.0"
    )
    steps, leaves, weights = make_program(*program)
    expected, expected_value = torch_gradients(torch, steps, leaves, weights)
    tensors = [Tensor(v) for v in leaves]
    out = run_program(steps, tensors, weights, MathdlOps)
    assert float(out.value) == pytest.approx(expected_value, rel=1e-12, abs=1e-12)
    out.backward()
    for t, g in zip(tensors, expected, strict=True):
        np.testing.assert_allclose(t.grad, g, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize(
    ("shape_a", "shape_b"),
    [
        ((3,), (3,)),
        ((2, 3), (3,)),
        ((3,), (3, 4)),
        ((2, 3), (3, 4)),
        ((5, 2, 3), (3, 4)),
        ((3,), (5, 3, 4)),
        ((5, 2, 3), (5, 3, 4)),
        ((1, 2, 3), (5, 3, 4)),
    ],
)
def test_matmul_shapes_against_torch_and_finite_differences(shape_a, shape_b):
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=shape_a), rng.normal(size=shape_b)
    w = rng.normal(size=np.matmul(a, b).shape)

    def loss(x, y):
        return ((x @ y) * w).sum()

    grad_a, grad_b = grad(loss)(a, b)
    np.testing.assert_allclose(
        grad_a, gradient(lambda x: np.sum((x @ b) * w), a), atol=1e-8
    )
    np.testing.assert_allclose(
        grad_b, gradient(lambda y: np.sum((a @ y) * w), b), atol=1e-8
    )
    torch = pytest.importorskip(
        "torch", reason="PyTorch is optional: pip install torch==2.13.0"
    )
    ta = torch.tensor(a, requires_grad=True)
    tb = torch.tensor(b, requires_grad=True)
    ((ta @ tb) * torch.tensor(w)).sum().backward()
    np.testing.assert_allclose(grad_a, ta.grad.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(grad_b, tb.grad.numpy(), rtol=1e-12, atol=1e-12)


def test_broadcasting_3x1_with_4_gives_3x4_and_sums_gradients_back():
    rng = np.random.default_rng(4)
    a, b, w = rng.normal(size=(3, 1)), rng.normal(size=4), rng.normal(size=(3, 4))

    def loss(x, y):
        return (((x + y) * (x - y) / (y * y + 1.0)).sigmoid() * w).mean()

    grad_a, grad_b = grad(loss)(a, b)
    assert grad_a.shape == (3, 1) and grad_b.shape == (4,)
    np.testing.assert_allclose(
        grad_a,
        gradient(lambda x: float(loss(Tensor(x), Tensor(b)).value), a),
        atol=1e-10,
    )
    np.testing.assert_allclose(
        grad_b,
        gradient(lambda y: float(loss(Tensor(a), Tensor(y)).value), b),
        atol=1e-10,
    )
    torch = pytest.importorskip(
        "torch", reason="PyTorch is optional: pip install torch==2.13.0"
    )
    ta = torch.tensor(a, requires_grad=True)
    tb = torch.tensor(b, requires_grad=True)
    z = ((ta + tb) * (ta - tb) / (tb * tb + 1.0)).sigmoid() * torch.tensor(w)
    z.mean().backward()
    np.testing.assert_allclose(grad_a, ta.grad.numpy(), rtol=1e-13, atol=1e-16)
    np.testing.assert_allclose(grad_b, tb.grad.numpy(), rtol=1e-13, atol=1e-16)


@pytest.mark.parametrize("axes", [(1, 2, 0), (2, 0, 1), (0, 2, 1), ()])
def test_transpose_and_reshape_of_3d_tensors(axes):
    # A 3-cycle is not its own inverse, so the backward pass must invert it.
    rng = np.random.default_rng(5)
    x0 = rng.normal(size=(2, 3, 4))
    w = rng.normal(size=np.transpose(x0, axes or None).shape)

    def loss(t):
        return (t.transpose(*axes).reshape(6, 4).tanh().reshape(w.shape) * w).sum()

    auto = grad(loss)(x0)
    numeric = gradient(lambda v: float(loss(Tensor(v)).value), x0)
    np.testing.assert_allclose(auto, numeric, atol=1e-9)
    torch = pytest.importorskip(
        "torch", reason="PyTorch is optional: pip install torch==2.13.0"
    )
    t = torch.tensor(x0, requires_grad=True)
    permuted = t.permute(*(axes or (2, 1, 0)))
    (permuted.reshape(6, 4).tanh().reshape(w.shape) * torch.tensor(w)).sum().backward()
    np.testing.assert_allclose(auto, t.grad.numpy(), rtol=1e-13, atol=1e-15)


# ----- forward values against NumPy ---------------------------------------------


def test_forward_values_match_numpy():
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=(3, 1)), rng.normal(size=(4,))
    x, y = Tensor(a), Tensor(b)
    np.testing.assert_array_equal((x + y).value, a + b)
    assert (x + y).shape == (3, 4)
    np.testing.assert_array_equal((x - y).value, a - b)
    np.testing.assert_array_equal((x * y).value, a * b)
    np.testing.assert_allclose((x / y).value, a / b, rtol=1e-15)
    np.testing.assert_allclose((x**3).value, a**3, rtol=1e-15)
    np.testing.assert_array_equal((-x).value, -a)
    np.testing.assert_array_equal(x.exp().value, np.exp(a))
    np.testing.assert_array_equal(x.tanh().value, np.tanh(a))
    np.testing.assert_array_equal(x.relu().value, np.maximum(a, 0))
    np.testing.assert_allclose(x.sigmoid().value, 1 / (1 + np.exp(-a)), rtol=1e-15)
    np.testing.assert_array_equal((x * x).log().value, np.log(a * a))
    np.testing.assert_array_equal((x @ y.reshape(1, 4)).value, a @ b.reshape(1, 4))
    np.testing.assert_array_equal(x.T.value, a.T)
    np.testing.assert_array_equal((x + y).sum(axis=0).value, (a + b).sum(axis=0))
    np.testing.assert_allclose(
        (x + y).mean(axis=1, keepdims=True).value,
        (a + b).mean(axis=1, keepdims=True),
        rtol=1e-15,
    )
    t3 = Tensor(rng.normal(size=(2, 3, 4)))
    np.testing.assert_array_equal(
        t3.transpose(2, 0, 1).value, t3.value.transpose(2, 0, 1)
    )
    np.testing.assert_array_equal(t3.reshape((4, 6)).value, t3.value.reshape(4, 6))


def test_reflected_operators_with_arrays_and_scalars_return_tensors():
    x = Tensor([1.0, 2.0])
    arr = np.array([3.0, 4.0])
    for result, expected in [
        (arr + x, [4.0, 6.0]),
        (arr - x, [2.0, 2.0]),
        (arr * x, [3.0, 8.0]),
        (arr / x, [3.0, 2.0]),
        (2.0 - x, [1.0, 0.0]),
        (2.0 / x, [2.0, 1.0]),
        (np.eye(2) @ x, [1.0, 2.0]),
    ]:
        assert isinstance(result, Tensor)
        np.testing.assert_array_equal(result.value, expected)


def test_sigmoid_is_stable_for_extreme_inputs():
    x = Tensor([-1000.0, -40.0, 0.0, 40.0, 1000.0])
    s = x.sigmoid()  # no overflow warning (warnings are errors in this suite)
    np.testing.assert_allclose(s.value, [0.0, np.exp(-40), 0.5, 1.0, 1.0], rtol=1e-15)
    s.sum().backward()
    assert np.all(np.isfinite(x.grad))


def test_unbroadcast_sums_over_broadcast_axes():
    g = np.arange(12.0).reshape(3, 4)
    np.testing.assert_array_equal(_unbroadcast(g, (3, 4)), g)
    np.testing.assert_array_equal(_unbroadcast(g, (4,)), g.sum(axis=0))
    np.testing.assert_array_equal(_unbroadcast(g, (3, 1)), g.sum(axis=1, keepdims=True))
    np.testing.assert_array_equal(_unbroadcast(g, ()), g.sum())
    np.testing.assert_array_equal(_unbroadcast(g, (1, 1)), g.sum(keepdims=True))


# ----- the backward pass ---------------------------------------------------------


def test_grad_functional_book_check():
    df = grad(lambda x1, x2: 3 * x1**2 + 5 * x2.exp())
    for x1, x2 in [(1.0, 0.0), (-2.0, 1.5)]:
        d1, d2 = df(x1, x2)
        assert float(d1) == pytest.approx(6 * x1, rel=1e-15)
        assert float(d2) == pytest.approx(5 * np.exp(x2), rel=1e-15)


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 5))
def test_grad_of_quadratic_form_and_single_argument(seed, n):
    rng = np.random.default_rng(seed)
    A, x = rng.normal(size=(n, n)), rng.normal(size=n)
    g = grad(lambda v: v @ (A @ v))(x)
    assert isinstance(g, np.ndarray)
    np.testing.assert_allclose(g, (A + A.T) @ x, rtol=1e-12, atol=1e-12)


def test_grad_of_unused_argument_is_zero():
    g1, g2 = grad(lambda a, b: (a * a).sum())([1.0, 2.0], [[3.0]])
    np.testing.assert_array_equal(g1, [2.0, 4.0])
    np.testing.assert_array_equal(g2, [[0.0]])


def test_leaf_gradients_accumulate_and_intermediates_reset():
    x = Tensor([1.0, 2.0])
    y = x * 3.0  # shared intermediate
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, [3.0, 3.0])
    (y * y).sum().backward()  # d/dx sum(9x^2) = 18x, added to the previous 3
    np.testing.assert_array_equal(x.grad, [21.0, 39.0])
    np.testing.assert_array_equal(y.grad, [6.0, 12.0])  # 2y only, not accumulated
    x.grad = None
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, [3.0, 3.0])


def test_backward_with_explicit_seed_is_a_vector_jacobian_product():
    rng = np.random.default_rng(3)
    A, v, seed = rng.normal(size=(3, 4)), rng.normal(size=4), rng.normal(size=3)
    x = Tensor(v)
    (Tensor(A) @ x).tanh().backward(grad=seed)
    jacobian = (1 - np.tanh(A @ v) ** 2)[:, None] * A
    np.testing.assert_allclose(x.grad, seed @ jacobian, rtol=1e-13)


def test_deep_graph_needs_no_recursion():
    x = Tensor(0.5)
    y = x
    for _ in range(3 * sys.getrecursionlimit()):
        y = y * 1.0 + 0.0
    y.backward()
    assert float(x.grad) == 1.0


def test_diamond_graph_counts_every_path_once():
    # f = (x*y) + x: df/dx = y + 1, df/dy = x.
    x, y = Tensor(2.0, name="x"), Tensor(3.0, name="y")
    f = x * y + x
    f.backward()
    assert float(x.grad) == 4.0 and float(y.grad) == 2.0
    nodes, edges = f.graph()
    assert [n.name or n.op for n in nodes] == ["x", "y", "*", "+"]
    assert nodes[-1] is f
    assert {(p.name or p.op, c.op) for p, c in edges} == {
        ("x", "*"),
        ("y", "*"),
        ("*", "+"),
        ("x", "+"),
    }


def test_tensor_power_matches_exp_log_formula():
    a, b = Tensor([2.0, 3.0]), Tensor([0.5, -1.0])
    out = a**b
    np.testing.assert_allclose(out.value, [2**0.5, 1 / 3], rtol=1e-15)
    out.sum().backward()
    np.testing.assert_allclose(a.grad, [0.5 * 2**-0.5, -(3.0**-2)], rtol=1e-14)
    np.testing.assert_allclose(b.grad, [2**0.5 * np.log(2), np.log(3) / 3], rtol=1e-14)


def test_repr_and_dtype():
    x = Tensor([1, 2], name="x")
    assert x.value.dtype == np.float64
    assert repr(x) == "Tensor([1., 2.], name='x')"
    y = (x * x).sum()
    y.backward()
    assert repr(y) == "Tensor(5.0, op='sum', grad=1.0)"
    assert repr(x) == "Tensor([1., 2.], name='x', grad=[2., 4.])"
    assert Tensor(np.ones(2, dtype=np.float32)).value.dtype == np.float32
    arr = np.array([1.0, 2.0])
    t = Tensor(arr)
    arr[0] = 100.0
    assert t.value[0] == 1.0  # the constructor copies


# ----- bad input ---------------------------------------------------------------


def test_bad_input():
    with pytest.raises(ValueError, match=r"backward\(\) needs a grad argument"):
        (Tensor([1.0, 2.0]) * 2.0).backward()
    with pytest.raises(ValueError, match=r"grad must have the tensor's shape \(2,\)"):
        Tensor([1.0, 2.0]).backward(grad=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="grad must contain only finite"):
        Tensor([1.0, 2.0]).backward(grad=[1.0, np.nan])
    with pytest.raises(ValueError, match="value must contain only finite"):
        Tensor([1.0, np.inf])
    with pytest.raises(ValueError, match="value must contain only finite"):
        Tensor([np.nan], name="x")  # the argument is named, not the label
    with pytest.raises(TypeError, match="value must be array-like"):
        Tensor("abc")
    with pytest.raises(ValueError, match="log needs positive values"):
        Tensor([1.0, 0.0]).log()
    with pytest.raises(TypeError, match="exponent must be a real number"):
        Tensor([1.0]) ** "2"
    with pytest.raises(ValueError, match="operands could not be broadcast"):
        Tensor(np.ones(3)) + Tensor(np.ones(4))
    with pytest.raises(TypeError, match="f must be callable"):
        grad(3.0)
    with pytest.raises(TypeError, match="f must return a Tensor"):
        grad(lambda x: 1.0)(2.0)
    with pytest.raises(ValueError, match="needs a grad argument"):
        grad(lambda x: x * 2)([1.0, 2.0])
    with pytest.raises(ValueError, match=r"args\[1\] must contain only finite"):
        grad(lambda a, b: (a * b).sum())([1.0], [np.inf])


# ----- indexing ------------------------------------------------------------------


@pytest.mark.parametrize(
    "index",
    [
        0,
        (1, 2),
        (slice(1, None), [0, 2, 2]),  # repeated column: gradients add
        (Ellipsis, 1),
        ([0, 0, 2], slice(None)),
        "mask",
    ],
)
def test_getitem_against_finite_differences_and_torch(index):
    rng = np.random.default_rng(4)
    x0 = rng.normal(size=(3, 4))
    if isinstance(index, str):
        index = x0 > 0
    w = rng.normal(size=x0[index].shape)

    def loss(t):
        return (t[index].tanh() * w).sum()

    auto = grad(loss)(x0)
    numeric = gradient(lambda v: float(loss(Tensor(v)).value), x0)
    np.testing.assert_allclose(auto, numeric, atol=1e-9)
    np.testing.assert_array_equal(Tensor(x0)[index].value, x0[index])
    torch = pytest.importorskip(
        "torch", reason="PyTorch is optional: pip install torch==2.13.0"
    )
    t = torch.tensor(x0, requires_grad=True)
    torch_index = torch.tensor(index) if isinstance(index, np.ndarray) else index
    (t[torch_index].tanh() * torch.tensor(w)).sum().backward()
    np.testing.assert_allclose(auto, t.grad.numpy(), rtol=1e-13, atol=1e-15)


def test_getitem_builds_a_determinant_whose_gradient_is_the_cofactor_matrix():
    # d det(X) / dX = det(X) X^{-T}, found from products and indexing alone.
    def det(X):
        n = X.shape[0]
        if n == 1:
            return X[0, 0]
        total = 0.0
        for j in range(n):
            minor = X[1:, [k for k in range(n) if k != j]]
            total = total + (-1) ** j * X[0, j] * det(minor)
        return total

    X0 = np.random.default_rng(5).normal(size=(4, 4))
    X = Tensor(X0)
    d = det(X)
    d.backward()
    assert float(d.value) == pytest.approx(np.linalg.det(X0), rel=1e-12)
    expected = np.linalg.det(X0) * np.linalg.inv(X0).T
    np.testing.assert_allclose(X.grad, expected, rtol=1e-10, atol=1e-12)


# ----- forward mode ----------------------------------------------------------------


def generic_function(x, A):
    """A function written with operations that Tensor and Dual share."""
    h = (A @ x).tanh()
    return (h * h + 1.0).log().sum() + (x[0] * x[1]) / (2.0 + x[2] ** 2) - x.exp().sum()


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1))
def test_dual_forward_mode_matches_reverse_mode_and_finite_differences(seed):
    rng = np.random.default_rng(seed)
    A, x0 = rng.normal(size=(4, 3)), rng.normal(size=3)
    reverse = grad(lambda t: generic_function(t, A))(x0)
    forward = np.array(
        [jvp(lambda d: generic_function(d, A), x0, e)[1] for e in np.eye(3)]
    )
    np.testing.assert_allclose(forward, reverse, rtol=1e-12, atol=1e-12)
    numeric = gradient(lambda v: float(generic_function(Tensor(v), A).value), x0)
    np.testing.assert_allclose(forward, numeric, atol=1e-8)
    value, _ = jvp(lambda d: generic_function(d, A), x0, np.zeros(3))
    assert float(value) == pytest.approx(
        float(generic_function(Tensor(x0), A).value), rel=1e-15
    )


def test_dual_jvp_of_a_vector_function_is_jacobian_times_v():
    rng = np.random.default_rng(6)
    A, x0, v = rng.normal(size=(3, 2)), rng.normal(size=2), rng.normal(size=2)
    value, tangent = jvp(lambda d: (A @ d).tanh() * 2.0 - 1.0 / (d @ d + 1.0), x0, v)
    J = jacobian(lambda u: np.tanh(A @ u) * 2.0 - 1.0 / (u @ u + 1.0), x0)
    np.testing.assert_allclose(tangent, J @ v, atol=1e-9)
    np.testing.assert_allclose(value, np.tanh(A @ x0) * 2.0 - 1.0 / (x0 @ x0 + 1.0))


def test_dual_rules_and_reflected_operators():
    x = Dual(2.0, tangent=1.0)
    cases = [
        (x + 3.0, 5.0, 1.0),
        (3.0 + x, 5.0, 1.0),
        (x - 3.0, -1.0, 1.0),
        (3.0 - x, 1.0, -1.0),
        (x * 3.0, 6.0, 3.0),
        (3.0 * x, 6.0, 3.0),
        (x / 4.0, 0.5, 0.25),
        (4.0 / x, 2.0, -1.0),
        (-x, -2.0, -1.0),
        (x**3, 8.0, 12.0),
        (x.exp(), np.exp(2.0), np.exp(2.0)),
        (x.log(), np.log(2.0), 0.5),
        (x.tanh(), np.tanh(2.0), 1 - np.tanh(2.0) ** 2),
    ]
    for result, value, tangent in cases:
        assert isinstance(result, Dual)
        assert float(result.value) == pytest.approx(value, rel=1e-15)
        assert float(result.tangent) == pytest.approx(tangent, rel=1e-15)
    v = Dual([1.0, 2.0], tangent=[1.0, 0.0])
    M = np.array([[1.0, 2.0], [3.0, 4.0]])
    for result, value, tangent in [
        (M @ v, [5.0, 11.0], [1.0, 3.0]),
        (v @ M, [7.0, 10.0], [1.0, 2.0]),
        (np.ones(2) + v, [2.0, 3.0], [1.0, 0.0]),
        (v[1], 2.0, 0.0),
        (v.sum(), 3.0, 1.0),
    ]:
        assert isinstance(result, Dual)
        np.testing.assert_array_equal(result.value, value)
        np.testing.assert_array_equal(result.tangent, tangent)
    assert v.shape == (2,)
    assert repr(Dual(1.0)) == "Dual(1.0, tangent=0.0)"
    assert repr(v) == "Dual([1., 2.], tangent=[1., 0.])"
    np.testing.assert_array_equal(Dual(np.ones((2, 2)), tangent=1.0).tangent, 1.0)


def test_dual_bad_input():
    with pytest.raises(ValueError, match=r"tangent must broadcast to the shape"):
        Dual([1.0, 2.0], tangent=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="tangent must contain only finite"):
        Dual(1.0, tangent=np.nan)
    with pytest.raises(TypeError, match="value must be array-like"):
        Dual("abc")
    with pytest.raises(ValueError, match="log needs positive values"):
        Dual([1.0, -1.0]).log()
    with pytest.raises(TypeError, match="exponent must be a real number"):
        Dual(1.0) ** "2"
    with pytest.raises(TypeError, match="f must return a Dual"):
        jvp(lambda d: 1.0, 1.0, 1.0)
    with pytest.raises(TypeError, match="f must be callable"):
        jvp(None, 1.0, 1.0)
