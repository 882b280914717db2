"""Tests of mathdl.spreadsheet.

The NumPy gradient descent is checked against ``mathdl.nn`` (the same network
with ``MSELoss``), PyTorch's autograd and central differences. The workbook is
checked twice: its structure with openpyxl (formulas everywhere but in the
inputs, only EXP, SUM and SUMPRODUCT), and its numbers by LibreOffice, a real
spreadsheet engine, which recomputes every formula; the trained parameters and
the cost history it finds must equal :func:`gradient_descent` to a relative
1e-9. Without LibreOffice those tests fail with an install instruction, like
the site tests without Chromium.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mathdl import calculus, nn
from mathdl.datasets import tiny_digits
from mathdl.spreadsheet import (
    NAMES,
    Parameters,
    cost,
    gradient_descent,
    gradients,
    initial_parameters,
    network_workbook,
)

openpyxl = pytest.importorskip("openpyxl", reason="pip install '.[test]'")

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "_ext"))
import libreoffice  # noqa: E402  (docs/_ext/libreoffice.py)

X, Y = tiny_digits()
T = np.eye(2)[Y]
SHAPES = [(3, 12), (3,), (2, 3), (2,)]


def _flat(p):
    return np.concatenate([np.ravel(a) for a in p])


def _unflat(theta):
    parts = np.split(theta, np.cumsum([np.prod(s) for s in SHAPES])[:-1])
    return Parameters(*(q.reshape(s) for q, s in zip(parts, SHAPES, strict=True)))


def _model(p):
    model = nn.Sequential(
        nn.Dense(12, 3, rng=0), nn.Sigmoid(), nn.Dense(3, 2, rng=0), nn.Sigmoid()
    )
    for param, value in zip(model.parameters(), p, strict=True):
        param.data[:] = value
    return model


# --------------------------------------------------------------------------
# The NumPy side
# --------------------------------------------------------------------------


def test_cost_at_zero_parameters_is_exact():
    zero = Parameters(np.zeros((3, 12)), np.zeros(3), np.zeros((2, 3)), np.zeros(2))
    # Every output is σ(0) = 1/2, so C = 64 * 2 * (1/2)^2 / 2 = 16.
    assert cost(zero, X, T) == 16.0


def test_cost_and_gradients_match_mathdl_nn():
    # MSELoss is the mean over 64 x 2 squared errors: C = 64 * MSE, and so
    # are the gradients.
    p = initial_parameters(seed=3)
    model = _model(p)
    mse = nn.MSELoss()
    loss = mse(model(X), T)
    assert cost(p, X, T) == pytest.approx(64 * loss, rel=1e-13)
    model.zero_grad()
    model.backward(mse.backward())
    for g, param in zip(gradients(p, X, T), model.parameters(), strict=True):
        np.testing.assert_allclose(g, 64 * param.grad, rtol=1e-12, atol=1e-14)


def test_gradients_match_central_differences():
    p = initial_parameters(seed=1)
    numeric = calculus.gradient(lambda th: cost(_unflat(th), X, T), _flat(p))
    np.testing.assert_allclose(_flat(gradients(p, X, T)), numeric, rtol=1e-6, atol=1e-8)


def test_gradients_match_pytorch_autograd():
    torch = pytest.importorskip("torch", reason="PyTorch is an optional reference")
    p = initial_parameters(seed=2)
    W1, b1, W2, b2 = (torch.tensor(a, requires_grad=True) for a in p)
    x, t = torch.tensor(X), torch.tensor(T)
    a = torch.sigmoid(torch.sigmoid(x @ W1.T + b1) @ W2.T + b2)
    c = 0.5 * ((t - a) ** 2).sum()
    c.backward()
    assert cost(p, X, T) == pytest.approx(c.item(), rel=1e-13)
    for g, ref in zip(gradients(p, X, T), (W1, b1, W2, b2), strict=True):
        np.testing.assert_allclose(g, ref.grad.numpy(), rtol=1e-12, atol=1e-14)


@given(st.integers(1, 63), st.integers(0, 2**16))
def test_summed_gradients_add_over_images(split, seed):
    # The cost is a sum over images, so are its gradients.
    p = initial_parameters(seed=seed)
    whole = gradients(p, X, T)
    parts = [gradients(p, X[:split], T[:split]), gradients(p, X[split:], T[split:])]
    for w, a, b in zip(whole, *parts, strict=True):
        np.testing.assert_allclose(w, a + b, rtol=1e-12, atol=1e-13)


def test_gradient_descent_follows_mathdl_fit():
    # fit with SGD(lr = 64 η) on the mean loss takes the same steps.
    from mathdl.optim import SGD

    p0 = initial_parameters(seed=0)
    trained, costs = gradient_descent(p0, X, T, lr=0.2, steps=30)
    model = _model(p0)
    history = nn.fit(
        model, nn.MSELoss(), SGD(model.parameters(), lr=64 * 0.2), X, T,
        epochs=30, batch_size=64, rng=0,
    )  # fmt: skip
    for w, param in zip(trained, model.parameters(), strict=True):
        np.testing.assert_allclose(w, param.data, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(costs, 64 * np.array(history.loss), rtol=1e-12)


def test_gradient_descent_learns_the_tiny_digits():
    p, costs = gradient_descent(initial_parameters(seed=0), X, T, lr=0.2, steps=50)
    a = 1 / (1 + np.exp(-(1 / (1 + np.exp(-(X @ p.W1.T + p.b1))) @ p.W2.T + p.b2)))
    assert np.array_equal(a.argmax(axis=1), Y)
    assert costs.shape == (50,) and np.all(np.diff(costs) < 0)
    assert costs[0] == cost(initial_parameters(seed=0), X, T)


def test_gradient_descent_does_not_modify_its_input():
    p0 = initial_parameters(seed=0)
    copy = [a.copy() for a in p0]
    gradient_descent(p0, X, T, lr=0.2, steps=2)
    for a, b in zip(p0, copy, strict=True):
        np.testing.assert_array_equal(a, b)


def test_initial_parameters_are_seeded_standard_normals():
    p = initial_parameters(seed=7)
    rng = np.random.default_rng(7)
    for a, shape in zip(p, SHAPES, strict=True):
        np.testing.assert_array_equal(a, rng.standard_normal(shape))
    assert not np.array_equal(_flat(p), _flat(initial_parameters(seed=8)))


def test_bad_arguments_raise_clear_errors(tmp_path):
    p = initial_parameters(seed=0)
    with pytest.raises(ValueError, match="steps must be >= 1, got 0"):
        gradient_descent(p, X, T, lr=0.1, steps=0)
    with pytest.raises(ValueError, match="lr must be > 0, got 0"):
        gradient_descent(p, X, T, lr=0, steps=1)
    # The record refuses a wrong shape itself; a plain 4-tuple reaches cost.
    with pytest.raises(ValueError, match=r"^W1 must have shape \(3, 12\), got"):
        Parameters(np.zeros((12, 3)), *p[1:])
    with pytest.raises(ValueError, match=r"^b2 must contain only finite values"):
        Parameters(*p[:3], np.array([0.0, np.nan]))
    with pytest.raises(ValueError, match="params.W1 must have shape"):
        cost((np.zeros((12, 3)), *p[1:]), X, T)
    with pytest.raises(TypeError, match="params must be a tuple"):
        cost([1, 2], X, T)
    with pytest.raises(ValueError, match="T must be a 2-D array"):
        cost(p, X, Y)
    with pytest.raises(ValueError, match=r"T must have shape \(64, 2\), got \(64, 3\)"):
        cost(p, X, np.eye(3)[Y])
    with pytest.raises(ValueError, match="X must have 12 columns"):
        cost(p, X[:, :11], T)
    with pytest.raises(ValueError, match="seed must be >= 0"):
        initial_parameters(seed=-1)
    good = tmp_path / "net.xlsx"
    with pytest.raises(ValueError, match="steps must be >= 1, got 0"):
        network_workbook(good, steps=0)
    with pytest.raises(ValueError, match="lr must be > 0, got -0.1"):
        network_workbook(good, lr=-0.1)
    with pytest.raises(ValueError, match="lr must be > 0, got 0"):
        network_workbook(good, lr=0.0)
    with pytest.raises(ValueError, match="lr must be finite"):
        network_workbook(good, lr=float("nan"))
    with pytest.raises(TypeError, match="steps must be an integer"):
        network_workbook(good, steps=2.0)
    with pytest.raises(TypeError, match="path must be a string or path-like"):
        network_workbook(3)
    with pytest.raises(ValueError, match="path must end in .xlsx"):
        network_workbook(tmp_path / "net.csv")
    with pytest.raises(ValueError, match="path must be in an existing directory"):
        network_workbook(tmp_path / "missing" / "net.xlsx")
    (tmp_path / "folder.xlsx").mkdir()  # a path that cannot be written
    with pytest.raises(ValueError, match="path must be a file that can be written"):
        network_workbook(tmp_path / "folder.xlsx", steps=1)
    assert not good.exists()


# --------------------------------------------------------------------------
# The workbook, read with openpyxl
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    path = tmp_path_factory.mktemp("workbook") / "tiny-network.xlsx"
    start = time.process_time()
    network_workbook(path)
    return path, time.process_time() - start


def test_workbook_is_small_and_quick(workbook):
    path, seconds = workbook
    assert seconds < 5, f"writing took {seconds:.1f} s of CPU time"
    assert path.stat().st_size < 5 * 2**20


def test_workbook_computes_everything_with_formulas(workbook):
    wb = openpyxl.load_workbook(workbook[0])
    assert wb.sheetnames == [
        "Read me", "Data", "Start", *(f"Step {k}" for k in range(1, 51)),
        "Cost", "Trained",
    ]  # fmt: skip
    assert set(wb.defined_names) == set(NAMES)
    functions = set()
    numbers = {name: 0 for name in wb.sheetnames}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    functions |= set(re.findall(r"([A-Z][A-Z0-9.]*)\(", cell.value))
                elif isinstance(cell.value, int | float):
                    numbers[ws.title] += 1
    assert functions == {"EXP", "SUM", "SUMPRODUCT"}
    # The only numbers: the data (64 images, 12 pixels, label, 2 targets and
    # an image number each), lr, steps and the 47 initial parameters, and
    # the image and step numbers that label rows.
    assert numbers["Data"] == 64 * 16
    assert numbers["Start"] == 2 + 47
    assert all(numbers[f"Step {k}"] == 64 for k in range(1, 51))  # image numbers
    assert numbers["Cost"] == 50 and numbers["Trained"] == 0
    start = wb["Start"]
    p0 = initial_parameters(seed=0)
    W1_0 = [[c.value for c in row] for row in start[_cells(wb, "W1_0")]]
    # openpyxl writes 16 significant digits, which may round the last bit.
    np.testing.assert_allclose(W1_0, p0.W1, rtol=1e-15, atol=0)
    assert start[_cells(wb, "lr")].value == 0.2


def _cells(wb, name):
    ((_, cells),) = wb.defined_names[name].destinations
    return cells.replace("$", "")


# --------------------------------------------------------------------------
# The workbook, recalculated by LibreOffice
# --------------------------------------------------------------------------


def _recalculated(path, out_dir):
    if libreoffice.find_soffice() is None:
        pytest.fail(libreoffice.INSTALL_HINT)
    return openpyxl.load_workbook(
        libreoffice.convert(path, out_dir, "xlsx"), data_only=True
    )


def _read(wb, name):
    ((sheet, _),) = wb.defined_names[name].destinations
    cells = wb[sheet][_cells(wb, name)]
    if not isinstance(cells, tuple):
        cells = ((cells,),)
    return np.array([[c.value for c in row] for row in cells], dtype=float)


def _errors(wb):
    return [
        f"{ws.title}!{cell.coordinate}: {cell.value}"
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and re.fullmatch(r"#[A-Z/0!?]+[!?]?", cell.value)
    ]


def _assert_same_training(wb, p0, lr, steps):
    trained, costs = gradient_descent(p0, X, T, lr=lr, steps=steps)
    for name, expected in zip(Parameters._fields, trained, strict=True):
        np.testing.assert_allclose(
            _read(wb, f"{name}_trained").reshape(expected.shape), expected, rtol=1e-9
        )
        np.testing.assert_allclose(
            _read(wb, f"{name}_0").reshape(expected.shape), getattr(p0, name),
            rtol=1e-13,
        )  # fmt: skip
    np.testing.assert_allclose(_read(wb, "cost").ravel(), costs, rtol=1e-9)


@pytest.mark.libreoffice
def test_libreoffice_trains_the_network_as_mathdl_does(workbook, tmp_path):
    wb = _recalculated(workbook[0], tmp_path)
    assert _errors(wb) == []
    np.testing.assert_array_equal(_read(wb, "X"), X)
    np.testing.assert_array_equal(_read(wb, "T"), T)
    assert _read(wb, "lr").item() == 0.2 and _read(wb, "steps").item() == 50
    _assert_same_training(wb, initial_parameters(seed=0), lr=0.2, steps=50)
    # Images right after step 50 (counted before the update) is all 64.
    assert wb["Cost"]["C54"].value == 64


@pytest.mark.libreoffice
def test_editing_the_inputs_retrains_the_network_in_the_spreadsheet(tmp_path):
    path = network_workbook(tmp_path / "edited.xlsx", steps=5, lr=0.2, seed=4)
    wb = openpyxl.load_workbook(path)
    p0 = initial_parameters(seed=4)
    p0.W1[1, 7] = 2.5  # hidden unit 2, pixel 8
    wb["Start"][_cells(wb, "W1_0").split(":")[0]].offset(1, 7).value = 2.5
    wb["Start"][_cells(wb, "lr")].value = 0.5
    wb.save(path)
    recalculated = _recalculated(path, tmp_path / "out")
    assert _errors(recalculated) == []
    _assert_same_training(recalculated, p0, lr=0.5, steps=5)
