"""Good arguments of mathdl.information for tests/test_robustness.py."""

import numpy as np

from robustness import case

P = np.array([0.5, 0.25, 0.25])
Q = np.array([0.25, 0.25, 0.5])
PXY = np.array([[0.25, 0.25], [0.4, 0.1]])

CASES = {
    "self_information": case(p=P, base=2.0),
    "entropy": case(p=P, base=2.0),
    "joint_entropy": case(pxy=PXY, base=2.0),
    "conditional_entropy": case(pxy=PXY, base=np.e),
    "mutual_information": case(pxy=PXY, base=2.0),
    "kl_divergence": case(p=P, q=Q, base=2.0),
    "cross_entropy": case(p=P, q=Q, base=2.0),
    "js_divergence": case(p=P, q=Q, base=2.0),
}
