"""Good arguments of mathdl.spreadsheet for tests/test_robustness.py."""

import tempfile
from pathlib import Path

import numpy as np

from mathdl.spreadsheet import initial_parameters, tiny_digits
from robustness import case

X, _y = tiny_digits()
T = np.eye(2)[_y]
P0 = initial_parameters(seed=0)
FOLDER = Path(tempfile.mkdtemp(prefix="mathdl-robustness-"))

#: Each parameter has a fixed shape: a reshaped array must be refused.
SHAPED = dict.fromkeys(("W1", "b1", "W2", "b2"), "shaped")

CASES = {
    "initial_parameters": case(seed=0),
    "cost": case(params=P0, X=X, T=T, _kinds={"T": "shaped"}),
    "gradients": case(params=P0, X=X, T=T, _kinds={"T": "shaped"}),
    "gradient_descent": case(
        params=P0, X=X, T=T, lr=0.2, steps=3, _kinds={"T": "shaped"}
    ),
    "network_workbook": case(path=FOLDER / "net.xlsx", steps=2, lr=0.2, seed=0),
    # A record of the four weight arrays; it checks their shapes and values.
    "Parameters": case(W1=P0.W1, b1=P0.b1, W2=P0.W2, b2=P0.b2, _kinds=SHAPED),
}
