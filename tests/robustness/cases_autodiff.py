"""Good arguments of mathdl.autodiff for tests/test_robustness.py."""

import numpy as np

from mathdl.autodiff import Dual, Tensor
from robustness import case

M = np.array([[1.0, 2.0], [3.0, 4.0]])


def _scalar_tensor():
    return (Tensor(M) * Tensor(M)).sum()


CASES = {
    "Tensor": case(value=M, name="a"),
    "Tensor.sum": case(axis=0, keepdims=False, _instance=lambda: Tensor(M)),
    "Tensor.mean": case(axis=1, keepdims=True, _instance=lambda: Tensor(M)),
    "Tensor.reshape": case(shape=(4,), _instance=lambda: Tensor(M)),
    "Tensor.transpose": case(axes=(1, 0), _instance=lambda: Tensor(M)),
    "Tensor.backward": case(
        grad=np.ones((2, 2)),
        _instance=lambda: Tensor(M) * 2.0,
        _kinds={"grad": "shaped"},
    ),
    "Dual": case(value=M, tangent=np.ones((2, 2))),
    "Dual.sum": case(axis=0, _instance=lambda: Dual(M, tangent=np.ones((2, 2)))),
    "grad": case(f=lambda x: (x * x).sum()),
    "jvp": case(f=lambda d: d * d, x=np.array([1.0, 2.0]), v=np.array([1.0, 0.0])),
}
