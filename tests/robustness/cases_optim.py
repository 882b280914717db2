"""Good arguments of mathdl.optim for tests/test_robustness.py."""

import numpy as np

from mathdl import optim
from mathdl.nn import Parameter
from robustness import case


def _params():
    p = Parameter(np.array([1.0, -2.0]), name="w")
    p.grad[:] = [0.5, 0.25]
    return [p]


def _sgd():
    return optim.SGD(_params(), lr=0.1)


A = np.array([[2.0, 0.5], [0.5, 1.0]])

CASES = {
    "Optimizer": case(params=_params(), lr=0.1, weight_decay=0.0),
    "SGD": case(
        params=_params(),
        lr=0.1,
        momentum=0.9,
        dampening=0.0,
        nesterov=True,
        weight_decay=0.01,
    ),
    "Adagrad": case(params=_params(), lr=0.1, eps=1e-10, weight_decay=0.01),
    "Adadelta": case(params=_params(), lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.01),
    "RMSprop": case(
        params=_params(),
        lr=0.01,
        alpha=0.99,
        eps=1e-8,
        momentum=0.5,
        weight_decay=0.01,
    ),
    "Adam": case(
        params=_params(), lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01
    ),
    "AdamW": case(
        params=_params(), lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01
    ),
    "LRScheduler": case(optimizer=_sgd(), _abstract=True),
    "StepLR": case(optimizer=_sgd(), step_size=2, gamma=0.5),
    "CosineAnnealingLR": case(optimizer=_sgd(), T_max=4, eta_min=0.0),
    "LinearLR": case(optimizer=_sgd(), start_factor=0.5, end_factor=1.0, total_iters=3),
    "clip_grad_norm": case(
        params=_params(),
        max_norm=1.0,
        norm_type=2.0,
        _kinds={"norm_type": "inf-float"},  # inf: the max norm
    ),
    "minimize": case(
        grad_f=lambda x: 2 * x,
        x0=np.array([1.0, 2.0]),
        optimizer=optim.SGD,
        steps=5,
        optimizer_kwargs={"lr": 0.1},
    ),
    "quadratic_bowl": case(A=A, b=np.array([1.0, 0.0])),
    "rosenbrock": case(x=np.array([0.5, 1.0]), a=1.0, b=100.0),
    "rosenbrock_grad": case(x=np.array([0.5, 1.0]), a=1.0, b=100.0),
    # A record of the functions quadratic_bowl builds; it checks its fields.
    "Objective": case(f=np.sum, grad=np.sign, minimizer=np.zeros(2)),
}
