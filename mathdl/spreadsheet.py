"""Chapter 11's 12-3-2 network as a spreadsheet that trains itself.

:func:`network_workbook` writes an Excel workbook (``.xlsx``) in which every
number of the network's training is a visible formula: the forward pass of
each of the 64 tiny digits, the deltas of backpropagation, the summed
gradients and the update of all 47 parameters, for every step of full-batch
gradient descent. Only the data, the initial parameters and the learning
rate are numbers, so editing one of them retrains the network inside the
spreadsheet. The workbook uses nothing but ``EXP``, ``SUM``,
``SUMPRODUCT`` and arithmetic, and opens in Excel and LibreOffice.

The network is the one of Chapter 11 and of Wakui and Wakui's book: 12
inputs, 3 sigmoid hidden units, 2 sigmoid output units, and the cost

.. math::

    C = \\frac12 \\sum_{n=1}^{64} \\sum_{k=1}^{2} (t_{nk} - a_{nk})^2 ,

summed over the images (not averaged), so the gradients are sums too and a
step is :math:`w \\leftarrow w - \\eta\\, \\partial C / \\partial w`.
:func:`gradient_descent` computes the same steps with NumPy, in matrix form;
the tests check that a spreadsheet engine (LibreOffice) and this function
agree to a relative :math:`10^{-9}`.

Writing the workbook needs openpyxl (``pip install 'mathdl[spreadsheet]'``);
the NumPy functions do not.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from mathdl._validation import (
    as_array,
    check_finite_result,
    check_integer,
    check_scalar,
    describe,
)
from mathdl.datasets import tiny_digits

__all__ = [
    "NAMES",
    "Parameters",
    "cost",
    "gradient_descent",
    "gradients",
    "initial_parameters",
    "network_workbook",
]


class _Parameters(NamedTuple):
    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    b2: np.ndarray


class Parameters(_Parameters):
    """The 47 parameters of the 12-3-2 network.

    Attributes
    ----------
    W1 : numpy.ndarray, shape (3, 12)
        ``W1[j, i]`` is the weight from pixel ``i`` to hidden unit ``j``.
    b1 : numpy.ndarray, shape (3,)
        Biases of the hidden units.
    W2 : numpy.ndarray, shape (2, 3)
        ``W2[k, j]`` is the weight from hidden unit ``j`` to output unit ``k``.
    b2 : numpy.ndarray, shape (2,)
        Biases of the output units.

    Raises
    ------
    TypeError
        If a field is not array-like.
    ValueError
        If a field does not have its shape above or holds NaN or infinity.

    Examples
    --------
    >>> p = initial_parameters(seed=0)
    >>> [a.shape for a in p], sum(a.size for a in p)
    ([(3, 12), (3,), (2, 3), (2,)], 47)
    """

    __slots__ = ()

    def __new__(
        cls, W1: ArrayLike, b1: ArrayLike, W2: ArrayLike, b2: ArrayLike
    ) -> Parameters:
        arrays = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
        return super().__new__(
            cls,
            *(as_array(a, name, shape=_SHAPES[name]) for name, a in arrays.items()),
        )

    @classmethod
    def _make(cls, iterable: Iterable[ArrayLike]) -> Parameters:
        return cls(*iterable)  # so that _replace checks too


#: The workbook's defined names: data and settings, the initial and the
#: trained parameters, and the cost of each step.
NAMES = (
    "X",
    "T",
    "lr",
    "steps",
    "W1_0",
    "b1_0",
    "W2_0",
    "b2_0",
    "W1_trained",
    "b1_trained",
    "W2_trained",
    "b2_trained",
    "cost",
)

#: The shape of each parameter array.
_SHAPES = {"W1": (3, 12), "b1": (3,), "W2": (2, 3), "b2": (2,)}


def initial_parameters(seed: int = 0) -> Parameters:
    """Draw the 47 starting parameters from the standard normal distribution.

    As in Wakui and Wakui's spreadsheet (``NORM.S.INV(RAND())`` in every
    cell), weights and biases are independent standard normal numbers.

    Parameters
    ----------
    seed : int, default 0
        Seed of :func:`numpy.random.default_rng`; the same seed gives the
        same parameters.

    Returns
    -------
    Parameters
        ``W1`` (3, 12), ``b1`` (3,), ``W2`` (2, 3) and ``b2`` (2,).

    Raises
    ------
    TypeError
        If ``seed`` is not an integer.
    ValueError
        If ``seed`` is negative.

    Examples
    --------
    >>> p = initial_parameters(seed=0)
    >>> p.b2.round(3)
    array([-0.314,  1.458])
    """
    seed = check_integer(seed, "seed", low=0)
    rng = np.random.default_rng(seed)
    return Parameters(*(rng.standard_normal(shape) for shape in _SHAPES.values()))


def _check_parameters(params: Any, name: str) -> Parameters:
    if not isinstance(params, tuple) or len(params) != 4:
        raise TypeError(
            f"{name} must be a tuple (W1, b1, W2, b2), got {describe(params)}"
        )
    arrays = []
    for field, value, shape in zip(
        Parameters._fields, params, _SHAPES.values(), strict=True
    ):
        array = as_array(value, f"{name}.{field}", ndim=len(shape))
        if array.shape != shape:
            raise ValueError(
                f"{name}.{field} must have shape {shape}, got {array.shape}"
            )
        arrays.append(array)
    return Parameters(*arrays)


def _check_data(X: ArrayLike, T: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    X = as_array(X, "X", ndim=2)
    T = as_array(T, "T", ndim=2)
    if X.shape[1] != 12:
        raise ValueError(f"X must have 12 columns (pixels), got {X.shape[1]}")
    if len(T) != len(X):
        raise ValueError(
            f"X and T must have the same number of rows (images), "
            f"got {len(X)} and {len(T)}"
        )
    if T.shape != (len(X), 2):
        raise ValueError(f"T must have shape ({len(X)}, 2), got {T.shape}")
    return X, T


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # exp of -|z| never overflows; both branches are exact sigmoids.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def _forward(p: Parameters, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    H = _sigmoid(X @ p.W1.T + p.b1)  # hidden activations h = σ(z), N x 3
    A = _sigmoid(H @ p.W2.T + p.b2)  # output activations a = σ(o), N x 2
    return H, A


#: Why a result of finite input can overflow, for the error message.
_TOO_LARGE = "X, T or the parameters are too large in magnitude"


def _cost(p: Parameters, X: np.ndarray, T: np.ndarray) -> float:
    with np.errstate(over="ignore", invalid="ignore"):
        A = _forward(p, X)[1]
        value = float(0.5 * np.sum((T - A) ** 2))
    return check_finite_result(value, "the cost", _TOO_LARGE)


def _gradients(p: Parameters, X: np.ndarray, T: np.ndarray) -> Parameters:
    with np.errstate(over="ignore", invalid="ignore"):
        grads = _raw_gradients(p, X, T)
    for name, g in zip(Parameters._fields, grads, strict=True):
        check_finite_result(g, f"the gradient dC/d{name}", _TOO_LARGE)
    return Parameters(*grads)


def _raw_gradients(
    p: Parameters, X: np.ndarray, T: np.ndarray
) -> tuple[np.ndarray, ...]:
    """dC/dW1, dC/db1, dC/dW2, dC/db2, unchecked (they may overflow)."""
    H, A = _forward(p, X)
    D_out = (A - T) * A * (1 - A)  # δo = ∂C/∂o, N x 2
    D_hid = (D_out @ p.W2) * H * (1 - H)  # δh = ∂C/∂z, N x 3
    return D_hid.T @ X, D_hid.sum(axis=0), D_out.T @ H, D_out.sum(axis=0)


def cost(params: Parameters, X: ArrayLike, T: ArrayLike) -> float:
    """The summed squared error C = 1/2 sum over images and outputs of (t - a)^2.

    Parameters
    ----------
    params : Parameters or tuple
        ``(W1, b1, W2, b2)`` of shapes (3, 12), (3,), (2, 3), (2,).
    X : array_like, shape (n, 12)
        Images, one per row.
    T : array_like, shape (n, 2)
        One-hot targets: (1, 0) for a 0, (0, 1) for a 1.

    Returns
    -------
    float
        The cost, summed over the ``n`` images and both outputs.

    Raises
    ------
    TypeError
        If ``params`` is not a 4-tuple or an argument is not numeric
        array-like.
    ValueError
        If a shape is wrong (``X`` and ``T`` with different numbers of rows,
        for example), a value is not finite, or the result overflows.

    Examples
    --------
    >>> X, y = tiny_digits()
    >>> T = np.eye(2)[y]
    >>> zero = Parameters(np.zeros((3, 12)), np.zeros(3), np.zeros((2, 3)), np.zeros(2))
    >>> cost(zero, X, T)  # every a is 1/2: 64 * 2 * (1/2)^2 / 2
    16.0
    """
    params = _check_parameters(params, "params")
    X, T = _check_data(X, T)
    return _cost(params, X, T)


def gradients(params: Parameters, X: ArrayLike, T: ArrayLike) -> Parameters:
    """The 47 partial derivatives of the summed cost, by backpropagation.

    Parameters
    ----------
    params : Parameters or tuple
        ``(W1, b1, W2, b2)`` of shapes (3, 12), (3,), (2, 3), (2,).
    X : array_like, shape (n, 12)
        Images, one per row.
    T : array_like, shape (n, 2)
        One-hot targets.

    Returns
    -------
    Parameters
        ``∂C/∂W1``, ``∂C/∂b1``, ``∂C/∂W2``, ``∂C/∂b2``, each the sum over the
        images of the per-image derivatives of Chapter 11.

    Raises
    ------
    TypeError
        If ``params`` is not a 4-tuple or an argument is not numeric
        array-like.
    ValueError
        If a shape is wrong (``X`` and ``T`` with different numbers of rows,
        for example), a value is not finite, or the result overflows.

    Examples
    --------
    >>> X, y = tiny_digits()
    >>> g = gradients(initial_parameters(seed=0), X, np.eye(2)[y])
    >>> [a.shape for a in g]
    [(3, 12), (3,), (2, 3), (2,)]
    """
    params = _check_parameters(params, "params")
    X, T = _check_data(X, T)
    return _gradients(params, X, T)


def gradient_descent(
    params: Parameters, X: ArrayLike, T: ArrayLike, *, lr: float, steps: int
) -> tuple[Parameters, np.ndarray]:
    """Full-batch gradient descent on the summed cost, as the workbook does it.

    Parameters
    ----------
    params : Parameters or tuple
        Starting ``(W1, b1, W2, b2)``; not modified.
    X : array_like, shape (n, 12)
        Images, one per row.
    T : array_like, shape (n, 2)
        One-hot targets.
    lr : float
        The learning rate η > 0.
    steps : int
        Number of steps, at least 1.

    Returns
    -------
    trained : Parameters
        The parameters after the last step.
    costs : numpy.ndarray, shape (steps,)
        ``costs[s]`` is the cost at the start of step ``s + 1``, before its
        update (the workbook's ``cost`` column).

    Raises
    ------
    TypeError
        If ``params`` is not a 4-tuple, or ``lr`` or ``steps`` has the wrong
        type.
    ValueError
        If a shape is wrong, a value is not finite, ``lr <= 0``, ``steps``
        is not in :math:`[1, 10^6]`, or the parameters diverge to infinity
        (``lr`` too large).

    Examples
    --------
    >>> X, y = tiny_digits()
    >>> p, costs = gradient_descent(
    ...     initial_parameters(seed=0), X, np.eye(2)[y], lr=0.2, steps=50
    ... )
    >>> bool(costs[-1] < costs[0] / 10)
    True
    """
    p = _check_parameters(params, "params")
    X, T = _check_data(X, T)
    lr = check_scalar(lr, "lr", low=0, low_inclusive=False)
    steps = check_integer(
        steps, "steps", low=1, high=_MAX_STEPS, why="the work grows with it"
    )
    costs = np.empty(steps)
    for s in range(steps):
        costs[s] = _cost(p, X, T)  # C before the update, as in the workbook
        g = _gradients(p, X, T)
        # Equation (eq-backprop-sheet-step): w - η ∂C/∂w for all 47 parameters
        with np.errstate(over="ignore", invalid="ignore"):
            updated = [w - lr * dw for w, dw in zip(p, g, strict=True)]
        for name, w in zip(Parameters._fields, updated, strict=True):
            check_finite_result(
                w, f"{name} after step {s + 1}", "lr is too large: the steps diverge"
            )
        p = Parameters(*updated)
    return p, costs


#: The most steps of gradient descent (and of sheets in the workbook).
_MAX_STEPS = 1_000_000
_MAX_SHEETS = 1_000


# --------------------------------------------------------------------------
# The workbook
# --------------------------------------------------------------------------

# Layout of a step sheet. The image table fills columns A-T from row 5; the
# parameter blocks sit to its right, from column W.
_FIRST = 5  # first image row (the same on the Data sheet)
_TABLE = {  # column letters of the image table of a step sheet
    "t": "CD",
    "z": "EFG",
    "h": "HIJ",
    "o": "KL",
    "a": "MN",
    "C": "O",
    "do": "PQ",
    "dh": "RST",
}
_PIXELS = [chr(ord("C") + i) for i in range(12)]  # C..N on the Data sheet
_BLOCK_COL = 23  # column W: a block's labels in V, values from W
_BLOCKS = {"before": 4, "gradient": 13, "after": 22}  # header row of each block


def _block(top: int, left: int) -> dict[str, list[list[str]]]:
    """Cell addresses of a parameter block whose header row is ``top``.

    Rows top+1..top+3 hold the hidden units (12 weights from column
    ``left``, then the bias); row top+4 is the output units' header and
    rows top+5..top+6 hold the output units (3 weights, then the bias).
    """
    from openpyxl.utils import get_column_letter as col

    c = [col(left + i) for i in range(13)]
    return {
        "W1": [[f"{c[i]}{top + 1 + j}" for i in range(12)] for j in range(3)],
        "b1": [[f"{c[12]}{top + 1 + j}"] for j in range(3)],
        "W2": [[f"{c[j]}{top + 5 + k}" for j in range(3)] for k in range(2)],
        "b2": [[f"{c[3]}{top + 5 + k}"] for k in range(2)],
    }


def _absolute(cell: str) -> str:
    letters = cell.rstrip("0123456789")
    return f"${letters}${cell[len(letters) :]}"


def _range(cells: list[list[str]]) -> str:
    return f"{_absolute(cells[0][0])}:{_absolute(cells[-1][-1])}"


class _Style:
    """The few cell styles of the workbook, made once."""

    def __init__(self, openpyxl: Any) -> None:
        styles = openpyxl.styles
        self.title = styles.Font(bold=True, size=14)
        self.bold = styles.Font(bold=True)
        self.header_fill = styles.PatternFill("solid", fgColor="DCE6F1")
        self.input_fill = styles.PatternFill("solid", fgColor="FFF2CC")
        self.center = styles.Alignment(horizontal="center")
        self.ink_fill = styles.PatternFill("solid", bgColor="404040")
        self.ink_font = styles.Font(color="FFFFFF")

    def header(self, cell: Any) -> None:
        cell.font, cell.fill, cell.alignment = self.bold, self.header_fill, self.center


def _write_block(
    ws: Any,
    style: _Style,
    top: int,
    left: int,
    title: str,
    values: dict[str, list[list[Any]]],
    number_format: str,
    *,
    inputs: bool = False,
) -> dict[str, list[list[str]]]:
    """Write a parameter block (title, headers, 47 cells); return its cells."""
    cells = _block(top, left)
    ws.cell(top - 1, left - 1, title).font = style.bold
    headers = [
        (top, ["hidden unit", *(f"x{i}" for i in range(1, 13)), "bias"]),
        (top + 4, ["output unit", "h1", "h2", "h3", "bias"]),
    ]
    for row, labels in headers:
        for i, label in enumerate(labels):
            style.header(ws.cell(row, left - 1 + i, label))
    for j in range(3):
        ws.cell(top + 1 + j, left - 1, f"hidden {j + 1}").font = style.bold
    for k in range(2):
        ws.cell(top + 5 + k, left - 1, f"output {k + 1}").font = style.bold
    for name, rows in values.items():
        for address_row, value_row in zip(cells[name], rows, strict=True):
            for address, value in zip(address_row, value_row, strict=True):
                ws[address] = value
                ws[address].number_format = number_format
                if inputs:
                    ws[address].fill = style.input_fill
    return cells


def _step_formulas(r: int, before: dict[str, list[list[str]]]) -> dict[str, str]:
    """The formulas of image row ``r`` of a step sheet: forward and backward."""
    W1, b1 = before["W1"], before["b1"]
    W2, b2 = before["W2"], before["b2"]
    t, z, h, o, a = (_TABLE[key] for key in ("t", "z", "h", "o", "a"))
    do, dh = _TABLE["do"], _TABLE["dh"]
    x = f"Data!$C{r}:$N{r}"  # the 12 pixels of image r
    f = {t[k]: f"=Data!{'OP'[k]}{r}" for k in range(2)}  # target t_k
    for j in range(3):  # hidden unit j: z = w·x + b, h = σ(z)
        f[z[j]] = f"=SUMPRODUCT({x},{_range([W1[j]])})+{_absolute(b1[j][0])}"
        f[h[j]] = f"=1/(1+EXP(-{z[j]}{r}))"
    for k in range(2):  # output unit k: o = w·h + b, a = σ(o)
        f[o[k]] = f"=SUMPRODUCT($H{r}:$J{r},{_range([W2[k]])})+{_absolute(b2[k][0])}"
        f[a[k]] = f"=1/(1+EXP(-{o[k]}{r}))"
    f[_TABLE["C"]] = f"=(({t[0]}{r}-{a[0]}{r})^2+({t[1]}{r}-{a[1]}{r})^2)/2"
    for k in range(2):  # δo_k = ∂C/∂o_k = (a_k - t_k) a_k (1 - a_k)
        f[do[k]] = f"=({a[k]}{r}-{t[k]}{r})*{a[k]}{r}*(1-{a[k]}{r})"
    for j in range(3):  # δh_j = (δo_1 w_1j + δo_2 w_2j) h_j (1 - h_j)
        paths = "+".join(f"{do[k]}{r}*{_absolute(W2[k][j])}" for k in range(2))
        f[dh[j]] = f"=({paths})*{h[j]}{r}*(1-{h[j]}{r})"
    return f


def _gradient_formulas(n: int) -> dict[str, list[list[str]]]:
    """The summed gradients: sums over the image rows of a step sheet."""
    last = _FIRST + n - 1

    def column(letter: str, sheet: str = "") -> str:
        return f"{sheet}${letter}${_FIRST}:${letter}${last}"

    do, dh, h = _TABLE["do"], _TABLE["dh"], _TABLE["h"]
    return {
        "W1": [
            [f"=SUMPRODUCT({column(dh[j])},{column(p, 'Data!')})" for p in _PIXELS]
            for j in range(3)
        ],
        "b1": [[f"=SUM({column(dh[j])})"] for j in range(3)],
        "W2": [
            [f"=SUMPRODUCT({column(do[k])},{column(h[j])})" for j in range(3)]
            for k in range(2)
        ],
        "b2": [[f"=SUM({column(do[k])})"] for k in range(2)],
    }


_TABLE_HEADERS = [
    ("A", "image", None),
    ("B", "digit", None),
    ("CD", "targets", ["t1", "t2"]),
    ("EFG", "hidden z = w·x + b", ["z1", "z2", "z3"]),
    ("HIJ", "hidden h = σ(z)", ["h1", "h2", "h3"]),
    ("KL", "output o = w·h + b", ["o1", "o2"]),
    ("MN", "output a = σ(o)", ["a1", "a2"]),
    ("O", "cost", ["C"]),
    ("PQ", "δo = ∂C/∂o", ["δo1", "δo2"]),
    ("RST", "δh = ∂C/∂z", ["δh1", "δh2", "δh3"]),
]


def _write_step(
    ws: Any,
    style: _Style,
    step: int,
    n: int,
    previous: tuple[str, dict[str, list[list[str]]]],
    lr_cell: str,
) -> dict[str, list[list[str]]]:
    """Fill the sheet of one step; return the cells of its updated parameters."""
    ws["A1"] = f"Step {step}: forward pass, backpropagation and update"
    ws["A1"].font = style.title
    last = _FIRST + n - 1
    ws["A2"], ws["E2"] = "cost C before the update:", f"=SUM(O{_FIRST}:O{last})"
    ws["G2"] = "images right:"
    ws["J2"] = (  # the larger output is the prediction
        f"=SUMPRODUCT((M{_FIRST}:M{last}>N{_FIRST}:N{last})*C{_FIRST}:C{last})"
        f"+SUMPRODUCT((N{_FIRST}:N{last}>M{_FIRST}:M{last})*D{_FIRST}:D{last})"
    )
    ws["L2"], ws["O2"] = "learning rate η:", f"={lr_cell}"
    ws["E2"].number_format, ws["O2"].number_format = "0.00000", "General"
    for letters, group, labels in _TABLE_HEADERS:
        if labels is None:
            style.header(ws[f"{letters}4"])
            ws[f"{letters}4"] = group
            continue
        ws.merge_cells(f"{letters[0]}3:{letters[-1]}3")
        ws[f"{letters[0]}3"] = group
        style.header(ws[f"{letters[0]}3"])
        for letter, label in zip(letters, labels, strict=True):
            ws[f"{letter}4"] = label
            style.header(ws[f"{letter}4"])
    sheet, cells = previous
    before = {
        name: [[f"={sheet}!{a}" for a in row] for row in rows]
        for name, rows in cells.items()
    }
    before_cells = _write_block(
        ws,
        style,
        _BLOCKS["before"],
        _BLOCK_COL,
        "parameters w before the step",
        before,
        "0.0000",
    )
    for i in range(n):
        r = _FIRST + i
        ws[f"A{r}"], ws[f"B{r}"] = i + 1, f"=Data!B{r}"
        for letter, formula in _step_formulas(r, before_cells).items():
            ws[f"{letter}{r}"] = formula
            ws[f"{letter}{r}"].number_format = (
                "0" if letter in "CD" else "0.00000" if letter in "OPQRST" else "0.0000"
            )
    ws[f"A{last + 1}"] = "sum"
    ws[f"A{last + 1}"].font = style.bold
    for letter in "OPQRST":
        ws[f"{letter}{last + 1}"] = f"=SUM({letter}{_FIRST}:{letter}{last})"
        ws[f"{letter}{last + 1}"].number_format = "0.00000"
        ws[f"{letter}{last + 1}"].font = style.bold
    grad_cells = _write_block(
        ws,
        style,
        _BLOCKS["gradient"],
        _BLOCK_COL,
        "summed gradients ∂C/∂w (sums over the images)",
        _gradient_formulas(n),
        "0.00000",
    )
    after = {  # w - η ∂C/∂w
        name: [
            [f"={w}-{lr_cell}*{g}" for w, g in zip(w_row, g_row, strict=True)]
            for w_row, g_row in zip(before_cells[name], grad_cells[name], strict=True)
        ]
        for name in before_cells
    }
    after_cells = _write_block(
        ws,
        style,
        _BLOCKS["after"],
        _BLOCK_COL,
        "parameters after the step: w − η ∂C/∂w",
        after,
        "0.0000",
    )
    ws.column_dimensions["A"].width = 7
    for letter in "BCDEFGHIJ":
        ws.column_dimensions[letter].width = 8
    for letter in "KLMN":
        ws.column_dimensions[letter].width = 9.5
    for letter in "OPQRST":
        ws.column_dimensions[letter].width = 9.5
    ws.column_dimensions["U"].width = 3
    ws.column_dimensions["V"].width = 12
    ws.freeze_panes = f"C{_FIRST}"
    return after_cells


def _build_workbook(openpyxl: Any, p0: Parameters, lr: float, steps: int) -> Any:
    """The whole workbook, as an openpyxl ``Workbook`` (not yet saved)."""
    from openpyxl.chart import LineChart, Reference
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.workbook.defined_name import DefinedName

    X, y = tiny_digits()
    n = len(X)
    last = _FIRST + n - 1
    style = _Style(openpyxl)
    wb = openpyxl.Workbook()
    readme = wb.active
    readme.title = "Read me"

    # Data: the 64 images and their one-hot targets.
    data = wb.create_sheet("Data")
    data["A1"] = "The 64 tiny digits: 12 pixels (1 = ink) and one-hot targets"
    data["A1"].font = style.title
    data["A2"] = "Pixels x1..x12 are the 4x3 grid read row by row."
    for c, label in enumerate(["image", "digit", *(f"x{i}" for i in range(1, 13))]):
        style.header(data.cell(4, 1 + c, label))
    for c, label in enumerate(["t1", "t2"]):
        style.header(data.cell(4, 15 + c, label))
    for i in range(n):
        r = _FIRST + i
        data.cell(r, 1, i + 1)
        data.cell(r, 2, int(y[i]))
        for c in range(12):
            data.cell(r, 3 + c, int(X[i, c]))
        data.cell(r, 15, int(y[i] == 0))
        data.cell(r, 16, int(y[i] == 1))
    ink = CellIsRule(
        operator="equal", formula=["1"], fill=style.ink_fill, font=style.ink_font
    )
    data.conditional_formatting.add(f"C{_FIRST}:N{last}", ink)
    for c in range(1, 17):
        data.column_dimensions[openpyxl.utils.get_column_letter(c)].width = 6
    data.freeze_panes = f"C{_FIRST}"

    # Start: the settings and the initial parameters (the yellow cells).
    start = wb.create_sheet("Start")
    start["A1"] = "Settings and initial parameters (edit the yellow cells)"
    start["A1"].font = style.title
    start["A3"] = "Settings"
    start["A3"].font = style.bold
    start["A4"], start["C4"] = "learning rate η", lr
    start["A5"], start["C5"] = "steps", steps
    start["C4"].fill = style.input_fill
    start["D5"] = "(one sheet per step; changing this cell adds no sheets)"
    initial = {  # the block wants rows of cells: biases as columns
        "W1": p0.W1.tolist(),
        "b1": p0.b1[:, None].tolist(),
        "W2": p0.W2.tolist(),
        "b2": p0.b2[:, None].tolist(),
    }
    start_cells = _write_block(
        start, style, 8, 2, "initial parameters", initial, "0.0000", inputs=True
    )
    start.column_dimensions["A"].width = 14
    lr_cell = "Start!$C$4"

    # One sheet per step, each reading the parameters the previous one made.
    previous = ("Start", start_cells)
    for step in range(1, steps + 1):
        ws = wb.create_sheet(f"Step {step}")
        after = _write_step(ws, style, step, n, previous, lr_cell)
        previous = (f"'Step {step}'", after)

    # Cost: one row per step, and a chart.
    cost_ws = wb.create_sheet("Cost")
    cost_ws["A1"] = "The cost C and the images classified right, step by step"
    cost_ws["A1"].font = style.title
    cost_ws["A2"] = "C is computed before each step's update."
    for c, label in enumerate(["step", "cost C", "images right"]):
        style.header(cost_ws.cell(4, 1 + c, label))
    for step in range(1, steps + 1):
        r = 4 + step
        cost_ws.cell(r, 1, step)
        cost_ws.cell(r, 2, f"='Step {step}'!E2").number_format = "0.00000"
        cost_ws.cell(r, 3, f"='Step {step}'!J2")
    cost_ws.column_dimensions["B"].width = 12
    cost_ws.column_dimensions["C"].width = 14
    cost_ws.freeze_panes = "A5"
    chart = LineChart()
    chart.title = "Cost C at each step"
    chart.x_axis.title, chart.y_axis.title = "step", "cost C"
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.y_axis.number_format = "0"
    chart.legend = None
    chart.add_data(
        Reference(cost_ws, min_col=2, min_row=4, max_row=4 + steps),
        titles_from_data=True,
    )
    chart.set_categories(Reference(cost_ws, min_col=1, min_row=5, max_row=4 + steps))
    chart.width, chart.height = 18, 9
    cost_ws.add_chart(chart, "E4")

    # Trained: the parameters after the last step.
    trained = wb.create_sheet("Trained")
    trained["A1"] = f"The parameters after step {steps}"
    trained["A1"].font = style.title
    sheet, cells = previous
    trained_cells = _write_block(
        trained,
        style,
        4,
        2,
        "trained parameters",
        {
            name: [[f"={sheet}!{a}" for a in row] for row in rows]
            for name, rows in cells.items()
        },
        "0.0000",
    )
    trained.column_dimensions["A"].width = 14

    names = {
        "X": f"Data!$C${_FIRST}:$N${last}",
        "T": f"Data!$O${_FIRST}:$P${last}",
        "lr": lr_cell,
        "steps": "Start!$C$5",
        "cost": f"Cost!$B$5:$B${4 + steps}",
    }
    for name in Parameters._fields:
        names[f"{name}_0"] = f"Start!{_range(start_cells[name])}"
        names[f"{name}_trained"] = f"Trained!{_range(trained_cells[name])}"
    for name in NAMES:
        wb.defined_names[name] = DefinedName(name, attr_text=names[name])

    _write_readme(readme, style, steps)
    for ws in wb.worksheets:
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    return wb


_README = """\
This workbook trains the 12-3-2 network of Chapter 11 of Math for Deep Learning
on the 64 tiny digits, by full-batch gradient descent, with nothing but formulas.

Data: the 64 images (pixels x1..x12, 1 = ink) and their targets t = (1, 0) for a 0
and (0, 1) for a 1.
Start: the learning rate η and the 47 initial parameters. These yellow cells are the
only numbers of the training: change one and the whole workbook retrains.
Step 1, Step 2, ...: one sheet per step. Left, for every image: the hidden units'
z = w·x + b and h = σ(z) = 1/(1 + exp(-z)), the output units' o = w·h + b and
a = σ(o), the cost C = ((t1 - a1)² + (t2 - a2)²)/2, and the deltas of
backpropagation δo = (a - t) a (1 - a) and δh = (δo1 w1j + δo2 w2j) h (1 - h).
Right: the parameters used in the step, the 47 summed gradients
(∂C/∂w from pixel i to hidden unit j = the sum over images of δh_j x_i, and so on)
and the updated parameters w − η ∂C/∂w, which the next sheet reads.
Cost: the total cost C before each step's update and the number of images
classified right (the output unit with the larger a is the prediction), with a chart.
Trained: the parameters after the last step.

Names a program can read: X, T, lr, steps, W1_0, b1_0, W2_0, b2_0 (initial),
W1_trained, b1_trained, W2_trained, b2_trained, and cost (one cell per step)."""


def _write_readme(ws: Any, style: _Style, steps: int) -> None:
    ws["A1"] = "The 12-3-2 network in a spreadsheet"
    ws["A1"].font = style.title
    for i, line in enumerate(_README.splitlines()):
        ws.cell(3 + i, 1, line)
    ws.cell(4 + len(_README.splitlines()), 1, f"This copy has {steps} steps.")
    ws.column_dimensions["A"].width = 100


def network_workbook(
    path: str | os.PathLike[str],
    *,
    steps: int = 50,
    lr: float = 0.2,
    seed: int = 0,
) -> Path:
    """Write the 12-3-2 network and its training as a self-computing workbook.

    The workbook has a *Read me* sheet, the *Data* (the 64 tiny digits and
    their one-hot targets), *Start* (the learning rate and the initial
    parameters, the only numbers), one sheet per step (*Step 1*, ...) with
    the forward pass of every image, the deltas, the summed gradients and
    the updated parameters, *Cost* (the cost and the number of images
    classified right at each step, with a chart) and *Trained* (the
    parameters after the last step). Everything but the data, the initial
    parameters and the settings is a formula, so the file stores no
    computed values: a spreadsheet program computes them when it opens it.

    Parameters
    ----------
    path : str or path-like
        The file to write, ending in ``.xlsx``, in an existing directory.
    steps : int, default 50
        Steps of full-batch gradient descent (one sheet each), at least 1.
    lr : float, default 0.2
        The learning rate η > 0, in cell ``Start!C4`` (name ``lr``).
    seed : int, default 0
        Seed of the initial parameters (:func:`initial_parameters`).

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    TypeError
        If ``path`` is not a string or path-like, or ``steps``, ``lr`` or
        ``seed`` has the wrong type.
    ValueError
        If ``path`` does not end in ``.xlsx``, its directory does not exist
        or it cannot be written, ``steps`` is not in [1, 1000] (a sheet per
        step), ``lr <= 0`` or ``seed < 0``.
    ImportError
        If openpyxl is not installed.

    Notes
    -----
    The workbook defines these workbook-level names (see :data:`NAMES`):
    ``X`` (64 x 12) and ``T`` (64 x 2) on *Data*; ``lr``, ``steps`` and the
    initial ``W1_0`` (3 x 12), ``b1_0`` (3 x 1), ``W2_0`` (2 x 3), ``b2_0``
    (2 x 1) on *Start*; the trained ``W1_trained``, ``b1_trained``,
    ``W2_trained``, ``b2_trained`` on *Trained*; and ``cost``, the column of
    the costs before each step's update, on *Cost*. The trained parameters
    are not called ``W1`` or ``b1``: those are cell addresses, and Excel and
    LibreOffice reject names that look like cells.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = network_workbook(Path(folder) / "net.xlsx", steps=3)
    ...     path.name, path.stat().st_size > 0
    ('net.xlsx', True)
    """
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be a string or path-like, got {describe(path)}")
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"path must end in .xlsx, got {str(path)!r}")
    if not path.parent.is_dir():
        raise ValueError(
            f"path must be in an existing directory, got {str(path)!r} "
            f"({str(path.parent)!r} is not a directory)"
        )
    steps = check_integer(
        steps, "steps", low=1, high=_MAX_SHEETS, why="the workbook has a sheet per step"
    )
    lr = check_scalar(lr, "lr", low=0, low_inclusive=False)
    seed = check_integer(seed, "seed", low=0)
    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "mathdl.spreadsheet needs openpyxl to write workbooks: "
            "pip install 'mathdl[spreadsheet]'"
        ) from exc
    wb = _build_workbook(openpyxl, initial_parameters(seed), lr, steps)
    try:
        wb.save(path)
    except OSError as exc:
        raise ValueError(
            f"path must be a file that can be written, got {str(path)!r} ({exc})"
        ) from exc
    return path
