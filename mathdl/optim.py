r"""Gradient-based optimisers and toy functions to race them on (Chapter 12).

Each optimiser updates a list of :class:`~mathdl.nn.Parameter`
objects in place, with the same names, defaults and update rules as
``torch.optim``: build it once, then in every iteration compute the gradients
into ``p.grad``, call :meth:`~Optimizer.step` and :meth:`~Optimizer.zero_grad`.
The rule of each optimiser is written out in its docstring with PyTorch's
symbols, so that a reader can move from this module to PyTorch without
surprises. :func:`minimize` runs an optimiser on a function whose gradient is
known and records the path it takes, and :func:`rosenbrock` and
:func:`quadratic_bowl` give the surfaces that Chapter 12 draws those paths on.

The optimisers keep their state in arrays of each parameter's dtype (float32
stays float32) and update with in-place NumPy operations (``out=``), so a
step allocates no new arrays.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from mathdl._parameter import NonFiniteGradientError, Parameter, check_gradient
from mathdl._validation import (
    as_array,
    check_callable,
    check_finite_result,
    check_integer,
    check_positive_definite,
    check_scalar,
    check_symmetric,
    describe,
)

__all__ = [
    "SGD",
    "Adadelta",
    "Adagrad",
    "Adam",
    "AdamW",
    "CosineAnnealingLR",
    "LRScheduler",
    "LinearLR",
    "Objective",
    "Optimizer",
    "RMSprop",
    "StepLR",
    "clip_grad_norm",
    "minimize",
    "quadratic_bowl",
    "rosenbrock",
    "rosenbrock_grad",
]


# --------------------------------------------------------------------------
# Input checks private to this module
# --------------------------------------------------------------------------


def _check_params(params: Iterable[Parameter]) -> list[Parameter]:
    """Return ``params`` as a non-empty list of distinct Parameters."""
    if isinstance(params, Parameter):
        raise TypeError(
            "params must be an iterable of Parameter objects (put a single "
            f"parameter in a list), got {params!r}"
        )
    try:
        params = list(params)
    except TypeError:
        raise TypeError(
            f"params must be an iterable of Parameter objects, got {describe(params)}"
        ) from None
    if not params:
        raise ValueError("params must contain at least one Parameter, got none")
    for i, p in enumerate(params):
        if not isinstance(p, Parameter):
            raise TypeError(
                f"params[{i}] must be a mathdl Parameter, got {describe(p)}"
            )
    if len({id(p) for p in params}) != len(params):
        raise ValueError("params must not contain the same Parameter twice")
    return params


def _check_rate(value: Any, name: str, *, one: bool) -> float:
    """Check a decay rate or momentum: in [0, 1] if ``one`` else [0, 1)."""
    return check_scalar(value, name, low=0, high=1, high_inclusive=one)


def _check_betas(betas: Any) -> tuple[float, float]:
    """Check Adam's ``betas``: a pair of numbers in [0, 1)."""
    try:
        beta1, beta2 = betas
    except (TypeError, ValueError):
        raise TypeError(
            f"betas must be a pair (beta1, beta2), got {describe(betas)}"
        ) from None
    return (
        _check_rate(beta1, "betas[0]", one=False),
        _check_rate(beta2, "betas[1]", one=False),
    )


# --------------------------------------------------------------------------
# Optimisers
# --------------------------------------------------------------------------


class Optimizer:
    r"""Base class of the optimisers: parameters, state and ``zero_grad``.

    A subclass implements :meth:`step`. Every optimiser here supports L2
    weight decay the way PyTorch does: the gradient it uses is
    :math:`g_t = \nabla_\theta f(\theta_{t-1}) + \lambda \theta_{t-1}`
    (``p.grad`` itself is never modified).

    Parameters
    ----------
    params : iterable of Parameter
        The parameters to update in place; at least one, each at most once.
    lr : float
        Learning rate :math:`\gamma \ge 0`.
    weight_decay : float, optional
        L2 penalty :math:`\lambda \ge 0` (default 0).

    Attributes
    ----------
    params : list of Parameter
        The parameters, in the order given.
    state : list of dict
        Per-parameter state (``state[i]`` belongs to ``params[i]``), with the
        keys PyTorch uses, such as ``"momentum_buffer"`` or ``"exp_avg"``.
        Arrays have the shape and dtype of the parameter's ``data``.
    t : int
        Number of steps taken so far; during the first :meth:`step`,
        :math:`t = 1`.

    Raises
    ------
    TypeError
        If ``params`` is not an iterable of :class:`Parameter` objects.
    ValueError
        If ``params`` is empty or repeats a parameter, ``lr < 0`` or
        ``weight_decay < 0``.

    Examples
    --------
    The training-loop pattern, with :class:`SGD` as the optimiser:

    >>> w = Parameter([1.0, 2.0])
    >>> opt = SGD([w], lr=0.1)
    >>> w.grad += 1.0  # what backward() would do
    >>> opt.step()
    >>> opt.zero_grad()
    >>> w.data, w.grad, opt.t
    (array([0.9, 1.9]), array([0., 0.]), 1)
    """

    def __init__(
        self, params: Iterable[Parameter], lr: float, weight_decay: float = 0.0
    ) -> None:
        self.params = _check_params(params)
        self.lr = lr
        self.weight_decay = check_scalar(weight_decay, "weight_decay", low=0)
        self.t = 0
        self.state: list[dict[str, np.ndarray]] = [{} for _ in self.params]
        # Scratch space for intermediate results, so that a step allocates
        # nothing; _decayed holds g + weight_decay * theta when needed.
        self._work = [np.empty_like(p.data) for p in self.params]
        self._decayed: list[np.ndarray | None] = [None] * len(self.params)

    @property
    def lr(self) -> float:
        """The learning rate; may be changed between steps (must stay >= 0).

        Zero is allowed, as in PyTorch: a schedule such as
        :class:`CosineAnnealingLR` may end at exactly 0, where a step leaves
        the parameters where they are.
        """
        return self._lr

    @lr.setter
    def lr(self, value: float) -> None:
        self._lr = check_scalar(value, "lr", low=0)

    def _add_zero_state(self, *names: str) -> None:
        """Start each named state of every parameter at zero (its shape, dtype)."""
        for p, state in zip(self.params, self.state, strict=True):
            for name in names:
                state[name] = np.zeros_like(p.data)

    def _gradients(
        self,
    ) -> Iterator[tuple[Parameter, np.ndarray, dict[str, np.ndarray], np.ndarray]]:
        """Yield ``(p, g, state, work)`` for each parameter.

        ``g`` is the gradient with the L2 term added (unless the class
        turns it off with ``_l2_in_gradient = False``), ``state`` the
        parameter's state and ``work`` a scratch array of its shape.
        """
        # Every gradient is checked before any parameter moves: a refused
        # step leaves all the parameters as they were.
        for i, p in enumerate(self.params):
            if p.grad.shape != p.data.shape:
                raise ValueError(
                    f"params[{i}].grad must have the shape of its data "
                    f"{p.data.shape}, got {p.grad.shape}"
                )
            check_gradient(p, i)  # about 10 us per step for the benchmark MLP
        for i, p in enumerate(self.params):
            g = p.grad
            if self.weight_decay != 0 and self._l2_in_gradient:
                if self._decayed[i] is None:
                    self._decayed[i] = np.empty_like(p.data)
                with np.errstate(over="ignore", invalid="ignore"):
                    g = np.multiply(p.data, self.weight_decay, out=self._decayed[i])
                    g += p.grad
                if not np.isfinite(g).all():
                    raise NonFiniteGradientError(
                        f"weight_decay={self.weight_decay!r} times params[{i}] "
                        f"({p!r}) overflows: use a smaller weight_decay"
                    )
            yield p, g, self.state[i], self._work[i]

    def zero_grad(self) -> None:
        """Set the gradient of every parameter to zero, in place."""
        for p in self.params:
            p.zero_grad()

    def step(self) -> None:
        """Update every parameter once from its current gradient.

        Raises
        ------
        NotImplementedError
            Always: subclasses implement the update rule.
        """
        raise NotImplementedError("subclasses of Optimizer implement step()")

    def __repr__(self) -> str:
        settings = ", ".join(
            f"{name}={getattr(self, name)!r}" for name in self._hyperparameters
        )
        return f"{type(self).__name__}({settings})"

    _hyperparameters: tuple[str, ...] = ("lr", "weight_decay")
    # Every step refuses a non-finite gradient (mathdl.nn.fit relies on it).
    _checks_gradients: bool = True
    # Whether _gradients adds weight_decay * theta to the gradient (L2
    # regularisation); AdamW turns this off and decays the weights directly.
    _l2_in_gradient: bool = True


class SGD(Optimizer):
    r"""Stochastic gradient descent, with optional momentum and Nesterov.

    Parameters
    ----------
    params : iterable of Parameter
        The parameters to update in place.
    lr : float
        Learning rate :math:`\gamma \ge 0`.
    momentum : float, optional
        Momentum factor :math:`\mu \in [0, 1)` (default 0: plain SGD).
    dampening : float, optional
        Dampening :math:`\tau \in [0, 1]` of the momentum (default 0).
    nesterov : bool, optional
        Use Nesterov momentum (default ``False``); needs ``momentum > 0``
        and ``dampening == 0``.
    weight_decay : float, optional
        L2 penalty :math:`\lambda \ge 0` (default 0).

    Attributes
    ----------
    state : list of dict
        ``state[i]["momentum_buffer"]`` is :math:`b` for ``params[i]`` (only
        when ``momentum > 0``).
    t : int
        Number of steps taken.

    Raises
    ------
    TypeError
        If ``params`` is not an iterable of :class:`Parameter` objects.
    ValueError
        If ``params`` is empty, ``lr < 0``, ``momentum`` is not in [0, 1),
        ``dampening`` not in [0, 1], ``weight_decay < 0``, or ``nesterov``
        is requested without momentum or with dampening.

    Notes
    -----
    PyTorch's ``torch.optim.SGD``. At step :math:`t = 1, 2, \ldots`:

    .. math::

        g_t &= \nabla_\theta f(\theta_{t-1}) + \lambda \theta_{t-1} \\
        b_t &= \begin{cases} g_t & t = 1 \\
               \mu b_{t-1} + (1 - \tau) g_t & t > 1 \end{cases} \\
        g_t &\leftarrow \begin{cases} g_t + \mu b_t & \text{Nesterov} \\
               b_t & \text{otherwise} \end{cases} \\
        \theta_t &= \theta_{t-1} - \gamma g_t

    With :math:`\mu = 0` the middle two lines are skipped. Note that the
    first buffer is :math:`b_1 = g_1`, not :math:`(1 - \tau) g_1`, and that
    PyTorch's momentum is the "heavy ball" form :math:`\theta \leftarrow
    \theta - \gamma b` (the learning rate multiplies the buffer, not the
    gradient inside it), which differs from Sutskever et al.'s form when
    the learning rate changes.

    Examples
    --------
    >>> w = Parameter([1.0, -2.0])
    >>> opt = SGD([w], lr=0.1, momentum=0.9)
    >>> w.grad[:] = [0.5, 1.0]
    >>> opt.step(); w.data  # b_1 = g
    array([ 0.95, -2.1 ])
    >>> opt.step(); w.data  # b_2 = 0.9 g + g = 1.9 g
    array([ 0.855, -2.29 ])
    """

    _hyperparameters = ("lr", "momentum", "dampening", "nesterov", "weight_decay")

    def __init__(
        self,
        params: Iterable[Parameter],
        lr: float,
        momentum: float = 0.0,
        dampening: float = 0.0,
        nesterov: bool = False,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr, weight_decay)
        self.momentum = _check_rate(momentum, "momentum", one=False)
        self.dampening = _check_rate(dampening, "dampening", one=True)
        if not isinstance(nesterov, bool | np.bool_):
            raise TypeError(f"nesterov must be a bool, got {describe(nesterov)}")
        if nesterov and (self.momentum == 0 or self.dampening != 0):
            raise ValueError(
                "nesterov=True requires momentum > 0 and dampening == 0, "
                f"got momentum={momentum!r} and dampening={dampening!r}"
            )
        self.nesterov = bool(nesterov)
        if self.momentum != 0:
            self._add_zero_state("momentum_buffer")

    def step(self) -> None:
        """Update every parameter once with the rule in the Notes."""
        self.t += 1
        mu, tau = self.momentum, self.dampening
        for p, g, state, work in self._gradients():
            if mu != 0:
                b = state["momentum_buffer"]
                if self.t == 1:
                    np.copyto(b, g)  # b_1 = g_1
                else:
                    b *= mu  # b_t = mu b_{t-1} + (1 - tau) g_t
                    b += g if tau == 0 else np.multiply(g, 1 - tau, out=work)
                if self.nesterov:
                    g = np.add(g, np.multiply(b, mu, out=work), out=work)
                else:
                    g = b
            p.data -= np.multiply(g, self.lr, out=work)  # theta -= lr g


class Adagrad(Optimizer):
    r"""Adagrad: per-coordinate step sizes shrinking with the gradients seen.

    Parameters
    ----------
    params : iterable of Parameter
        The parameters to update in place.
    lr : float, optional
        Learning rate :math:`\gamma \ge 0` (default 0.01).
    eps : float, optional
        :math:`\epsilon > 0` added to the denominator (default 1e-10).
    weight_decay : float, optional
        L2 penalty :math:`\lambda \ge 0` (default 0).

    Attributes
    ----------
    state : list of dict
        ``state[i]["sum"]`` is the running sum of squared gradients
        :math:`s` of ``params[i]``.
    t : int
        Number of steps taken.

    Raises
    ------
    TypeError
        If ``params`` is not an iterable of :class:`Parameter` objects.
    ValueError
        If ``params`` is empty, ``lr < 0``, ``eps <= 0`` or
        ``weight_decay < 0``.

    Notes
    -----
    PyTorch's ``torch.optim.Adagrad`` (with its defaults
    ``lr_decay=0``, ``initial_accumulator_value=0``), from Duchi, Hazan and
    Singer (2011). Starting from :math:`s_0 = 0`, with squares and square
    roots taken elementwise:

    .. math::

        g_t &= \nabla_\theta f(\theta_{t-1}) + \lambda \theta_{t-1} \\
        s_t &= s_{t-1} + g_t^2 \\
        \theta_t &= \theta_{t-1} - \gamma \frac{g_t}{\sqrt{s_t} + \epsilon}

    Examples
    --------
    >>> w = Parameter([1.0, -2.0])
    >>> opt = Adagrad([w], lr=0.5)
    >>> w.grad[:] = [3.0, -0.1]
    >>> opt.step(); w.data  # first step: lr * sign(g)
    array([ 0.5, -1.5])
    >>> opt.step(); w.data.round(4)  # s = 2 g^2: step lr / sqrt(2)
    array([ 0.1464, -1.1464])
    """

    _hyperparameters = ("lr", "eps", "weight_decay")

    def __init__(
        self,
        params: Iterable[Parameter],
        lr: float = 0.01,
        eps: float = 1e-10,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr, weight_decay)
        self.eps = check_scalar(eps, "eps", low=0, low_inclusive=False)
        self._add_zero_state("sum")

    def step(self) -> None:
        """Update every parameter once with the rule in the Notes."""
        self.t += 1
        for p, g, state, work in self._gradients():
            s = state["sum"]
            s += np.square(g, out=work)  # s_t = s_{t-1} + g_t^2
            np.sqrt(s, out=work)
            work += self.eps  # sqrt(s_t) + eps
            np.divide(g, work, out=work)
            p.data -= np.multiply(work, self.lr, out=work)


class RMSprop(Optimizer):
    r"""RMSprop: divide the gradient by a running root mean square of it.

    Parameters
    ----------
    params : iterable of Parameter
        The parameters to update in place.
    lr : float, optional
        Learning rate :math:`\gamma \ge 0` (default 0.01).
    alpha : float, optional
        Decay rate :math:`\alpha \in [0, 1]` of the mean square (default
        0.99).
    eps : float, optional
        :math:`\epsilon > 0` added to the denominator (default 1e-8).
    momentum : float, optional
        Momentum factor :math:`\mu \in [0, 1)` (default 0).
    weight_decay : float, optional
        L2 penalty :math:`\lambda \ge 0` (default 0).

    Attributes
    ----------
    state : list of dict
        ``state[i]["square_avg"]`` is :math:`v` and, when ``momentum > 0``,
        ``state[i]["momentum_buffer"]`` is :math:`b` for ``params[i]``.
    t : int
        Number of steps taken.

    Raises
    ------
    TypeError
        If ``params`` is not an iterable of :class:`Parameter` objects.
    ValueError
        If ``params`` is empty, ``lr < 0``, ``alpha`` is not in [0, 1],
        ``eps <= 0``, ``momentum`` is not in [0, 1) or ``weight_decay < 0``.

    Notes
    -----
    PyTorch's ``torch.optim.RMSprop`` with ``centered=False`` (Hinton's
    lecture notes, 2012). Starting from :math:`v_0 = 0` and :math:`b_0 = 0`,
    elementwise:

    .. math::

        g_t &= \nabla_\theta f(\theta_{t-1}) + \lambda \theta_{t-1} \\
        v_t &= \alpha v_{t-1} + (1 - \alpha) g_t^2 \\
        b_t &= \mu b_{t-1} + \frac{g_t}{\sqrt{v_t} + \epsilon} \\
        \theta_t &= \theta_{t-1} - \gamma b_t

    With :math:`\mu = 0` this is :math:`\theta_t = \theta_{t-1} - \gamma
    g_t / (\sqrt{v_t} + \epsilon)`. There is no bias correction: with the
    default :math:`\alpha = 0.99` the first step is about
    :math:`\gamma / \sqrt{0.01} = 10 \gamma` per coordinate.

    Examples
    --------
    >>> w = Parameter([1.0, -2.0])
    >>> opt = RMSprop([w], lr=0.01)
    >>> w.grad[:] = [3.0, -0.1]
    >>> opt.step(); w.data.round(6)  # v_1 = 0.01 g^2: the step is 10 lr sign(g)
    array([ 0.9, -1.9])
    """

    _hyperparameters = ("lr", "alpha", "eps", "momentum", "weight_decay")

    def __init__(
        self,
        params: Iterable[Parameter],
        lr: float = 0.01,
        alpha: float = 0.99,
        eps: float = 1e-8,
        momentum: float = 0.0,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr, weight_decay)
        self.alpha = _check_rate(alpha, "alpha", one=True)
        self.eps = check_scalar(eps, "eps", low=0, low_inclusive=False)
        self.momentum = _check_rate(momentum, "momentum", one=False)
        self._add_zero_state("square_avg")
        if self.momentum != 0:
            self._add_zero_state("momentum_buffer")

    def step(self) -> None:
        """Update every parameter once with the rule in the Notes."""
        self.t += 1
        alpha, mu = self.alpha, self.momentum
        for p, g, state, work in self._gradients():
            v = state["square_avg"]
            v *= alpha  # v_t = alpha v_{t-1} + (1 - alpha) g_t^2
            v += np.multiply(np.square(g, out=work), 1 - alpha, out=work)
            np.sqrt(v, out=work)
            work += self.eps
            direction = np.divide(g, work, out=work)  # g_t / (sqrt(v_t) + eps)
            if mu != 0:
                b = state["momentum_buffer"]
                b *= mu  # b_t = mu b_{t-1} + g_t / (sqrt(v_t) + eps)
                b += direction
                direction = b
            p.data -= np.multiply(direction, self.lr, out=work)


class Adadelta(Optimizer):
    r"""Adadelta: steps in the units of the parameters, with no set step size.

    Parameters
    ----------
    params : iterable of Parameter
        The parameters to update in place.
    lr : float, optional
        Factor :math:`\gamma \ge 0` applied to the step (default 1.0, as in
        Zeiler's paper).
    rho : float, optional
        Decay rate :math:`\rho \in [0, 1]` of both running averages
        (default 0.9).
    eps : float, optional
        :math:`\epsilon > 0` inside both square roots (default 1e-6).
    weight_decay : float, optional
        L2 penalty :math:`\lambda \ge 0` (default 0).

    Attributes
    ----------
    state : list of dict
        ``state[i]["square_avg"]`` is :math:`v` (mean square of gradients)
        and ``state[i]["acc_delta"]`` is :math:`u` (mean square of steps)
        for ``params[i]``.
    t : int
        Number of steps taken.

    Raises
    ------
    TypeError
        If ``params`` is not an iterable of :class:`Parameter` objects.
    ValueError
        If ``params`` is empty, ``lr < 0``, ``rho`` is not in [0, 1],
        ``eps <= 0`` or ``weight_decay < 0``.

    Notes
    -----
    PyTorch's ``torch.optim.Adadelta`` (Zeiler, 2012). Starting from
    :math:`v_0 = u_0 = 0`, elementwise:

    .. math::

        g_t &= \nabla_\theta f(\theta_{t-1}) + \lambda \theta_{t-1} \\
        v_t &= \rho v_{t-1} + (1 - \rho) g_t^2 \\
        \Delta x_t &= \frac{\sqrt{u_{t-1} + \epsilon}}{\sqrt{v_t + \epsilon}} g_t \\
        u_t &= \rho u_{t-1} + (1 - \rho) \Delta x_t^2 \\
        \theta_t &= \theta_{t-1} - \gamma \Delta x_t

    Because :math:`u_0 = 0`, the first steps have size about
    :math:`\sqrt{\epsilon}/\sqrt{1 - \rho}`, and grow as the steps taken
    fill :math:`u`.

    Examples
    --------
    >>> w = Parameter([1.0])
    >>> opt = Adadelta([w], rho=0.5, eps=0.01)
    >>> w.grad[:] = [0.5]
    >>> opt.step(); w.data.round(5)  # v = 0.125, dx = sqrt(0.01 / 0.135) * 0.5
    array([0.86392])
    """

    _hyperparameters = ("lr", "rho", "eps", "weight_decay")

    def __init__(
        self,
        params: Iterable[Parameter],
        lr: float = 1.0,
        rho: float = 0.9,
        eps: float = 1e-6,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr, weight_decay)
        self.rho = _check_rate(rho, "rho", one=True)
        self.eps = check_scalar(eps, "eps", low=0, low_inclusive=False)
        self._add_zero_state("square_avg", "acc_delta")
        self._delta = [np.empty_like(p.data) for p in self.params]

    def step(self) -> None:
        """Update every parameter once with the rule in the Notes."""
        self.t += 1
        rho, eps = self.rho, self.eps
        for (p, g, state, work), dx in zip(self._gradients(), self._delta, strict=True):
            v, u = state["square_avg"], state["acc_delta"]
            v *= rho  # v_t = rho v_{t-1} + (1 - rho) g_t^2
            v += np.multiply(np.square(g, out=work), 1 - rho, out=work)
            np.sqrt(np.add(u, eps, out=dx), out=dx)  # dx = sqrt(u_{t-1} + eps)
            dx /= np.sqrt(np.add(v, eps, out=work), out=work)  # / sqrt(v_t + eps)
            dx *= g
            u *= rho  # u_t = rho u_{t-1} + (1 - rho) dx_t^2
            u += np.multiply(np.square(dx, out=work), 1 - rho, out=work)
            p.data -= np.multiply(dx, self.lr, out=work)


class Adam(Optimizer):
    r"""Adam: momentum on the gradient, RMSprop scaling, and bias correction.

    Parameters
    ----------
    params : iterable of Parameter
        The parameters to update in place.
    lr : float, optional
        Learning rate :math:`\gamma \ge 0` (default 0.001).
    betas : tuple of float, optional
        Decay rates :math:`(\beta_1, \beta_2)`, each in [0, 1), of the first
        and second moment estimates (default ``(0.9, 0.999)``).
    eps : float, optional
        :math:`\epsilon > 0` added to the denominator (default 1e-8).
    weight_decay : float, optional
        L2 penalty :math:`\lambda \ge 0` added to the gradient (default 0).
        This is Adam with L2 regularisation, not AdamW's decoupled decay.

    Attributes
    ----------
    state : list of dict
        ``state[i]["exp_avg"]`` is :math:`m` and ``state[i]["exp_avg_sq"]``
        is :math:`v` for ``params[i]``.
    t : int
        Number of steps taken: the :math:`t` of the bias correction.

    Raises
    ------
    TypeError
        If ``params`` is not an iterable of :class:`Parameter` objects, or
        ``betas`` is not a pair.
    ValueError
        If ``params`` is empty, ``lr < 0``, a beta is not in [0, 1),
        ``eps <= 0`` or ``weight_decay < 0``.

    Notes
    -----
    PyTorch's ``torch.optim.Adam`` with ``amsgrad=False`` (Kingma and Ba,
    2015). Starting from :math:`m_0 = v_0 = 0`, at steps :math:`t = 1, 2,
    \ldots`, elementwise:

    .. math::

        g_t &= \nabla_\theta f(\theta_{t-1}) + \lambda \theta_{t-1} \\
        m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g_t \\
        v_t &= \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \\
        \hat m_t &= \frac{m_t}{1 - \beta_1^t}, \qquad
        \hat v_t = \frac{v_t}{1 - \beta_2^t} \\
        \theta_t &= \theta_{t-1} - \gamma \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}

    The bias correction undoes the pull of :math:`m_0 = v_0 = 0` towards
    zero: at :math:`t = 1`, :math:`\hat m_1 = g_1` and :math:`\hat v_1 =
    g_1^2`, so the first step is :math:`\gamma\, g_1 / (|g_1| + \epsilon)`,
    of size :math:`\gamma` in every coordinate whatever the gradient's scale.

    Examples
    --------
    >>> w = Parameter([1.0, -2.0])
    >>> opt = Adam([w], lr=0.1)
    >>> w.grad[:] = [300.0, -0.002]
    >>> opt.step(); w.data.round(6)  # the first step has size lr in each coordinate
    array([ 0.9, -1.9])
    """

    _hyperparameters = ("lr", "betas", "eps", "weight_decay")

    def __init__(
        self,
        params: Iterable[Parameter],
        lr: float = 0.001,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(params, lr, weight_decay)
        self.betas = _check_betas(betas)
        self.eps = check_scalar(eps, "eps", low=0, low_inclusive=False)
        self._add_zero_state("exp_avg", "exp_avg_sq")

    def step(self) -> None:
        """Update every parameter once with the rule in the Notes."""
        self.t += 1
        beta1, beta2 = self.betas
        step_size = self.lr / (1 - beta1**self.t)  # gamma / (1 - beta1^t)
        root_correction2 = math.sqrt(1 - beta2**self.t)  # sqrt(1 - beta2^t)
        for p, g, state, work in self._gradients():
            m, v = state["exp_avg"], state["exp_avg_sq"]
            m *= beta1  # m_t = beta1 m_{t-1} + (1 - beta1) g_t
            m += np.multiply(g, 1 - beta1, out=work)
            v *= beta2  # v_t = beta2 v_{t-1} + (1 - beta2) g_t^2
            v += np.multiply(np.square(g, out=work), 1 - beta2, out=work)
            np.sqrt(v, out=work)
            work /= root_correction2
            work += self.eps  # sqrt(v_hat_t) + eps
            np.divide(m, work, out=work)  # m_t / (sqrt(v_hat_t) + eps)
            p.data -= np.multiply(work, step_size, out=work)


class AdamW(Adam):
    r"""AdamW: Adam with decoupled weight decay.

    Parameters
    ----------
    params : iterable of Parameter
        The parameters to update in place.
    lr : float, optional
        Learning rate :math:`\gamma \ge 0` (default 0.001).
    betas : tuple of float, optional
        Decay rates :math:`(\beta_1, \beta_2)`, each in [0, 1), of the first
        and second moment estimates (default ``(0.9, 0.999)``).
    eps : float, optional
        :math:`\epsilon > 0` added to the denominator (default 1e-8).
    weight_decay : float, optional
        Decoupled weight decay :math:`\lambda \ge 0` (default 0.01, as in
        PyTorch): every step multiplies the weights by
        :math:`1 - \gamma\lambda`.

    Attributes
    ----------
    state : list of dict
        ``state[i]["exp_avg"]`` is :math:`m` and ``state[i]["exp_avg_sq"]``
        is :math:`v` for ``params[i]``.
    t : int
        Number of steps taken: the :math:`t` of the bias correction.

    Raises
    ------
    TypeError
        If ``params`` is not an iterable of :class:`Parameter` objects, or
        ``betas`` is not a pair.
    ValueError
        If ``params`` is empty, ``lr < 0``, a beta is not in [0, 1),
        ``eps <= 0`` or ``weight_decay < 0``.

    See Also
    --------
    Adam : the same moments, with the decay (if any) added to the gradient.

    Notes
    -----
    PyTorch's ``torch.optim.AdamW`` with ``amsgrad=False`` (Loshchilov and
    Hutter, 2019). Starting from :math:`m_0 = v_0 = 0`, at steps
    :math:`t = 1, 2, \ldots`, elementwise:

    .. math::

        \theta_{t-1} &\leftarrow (1 - \gamma\lambda)\, \theta_{t-1} \\
        g_t &= \nabla_\theta f(\theta_{t-1}) \quad
               \text{(the gradient at the point before the decay)} \\
        m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g_t, \qquad
        v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \\
        \theta_t &= \theta_{t-1} - \gamma \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}

    with :math:`\hat m_t, \hat v_t` bias-corrected as in :class:`Adam`.

    ``Adam(weight_decay=lam)`` instead adds :math:`\lambda\theta_{t-1}` to
    :math:`g_t`, so the decay goes through the moments and is divided by
    :math:`\sqrt{\hat v_t} + \epsilon` like the rest of the gradient: a
    weight whose loss gradients are large is decayed less than one whose
    gradients are small. Here the decay bypasses the moments, and every
    weight shrinks by the same factor :math:`1 - \gamma\lambda` per step,
    which is what weight decay does in plain SGD.

    Examples
    --------
    With a zero gradient only the decay acts: each weight is multiplied by
    :math:`1 - 0.1 \cdot 0.5 = 0.95`.

    >>> w = Parameter([1.0, -2.0])
    >>> opt = AdamW([w], lr=0.1, weight_decay=0.5)
    >>> opt.step(); w.data
    array([ 0.95, -1.9 ])

    ``Adam`` with the same ``weight_decay`` treats :math:`0.5\,\theta` as a
    gradient, and its first step has size ``lr`` in each coordinate:

    >>> w = Parameter([1.0, -2.0])
    >>> opt = Adam([w], lr=0.1, weight_decay=0.5)
    >>> opt.step(); w.data.round(6)
    array([ 0.9, -1.9])
    """

    _l2_in_gradient = False  # the decay is applied to the weights in step()

    def __init__(
        self,
        params: Iterable[Parameter],
        lr: float = 0.001,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.01,
    ) -> None:
        super().__init__(params, lr, betas, eps, weight_decay)

    def step(self) -> None:
        """Decay every weight, then take Adam's step on the plain gradient."""
        lr, weight_decay = self.lr, self.weight_decay
        for i, p in enumerate(self.params):  # refuse before anything moves
            check_gradient(p, i)
        for p in self.params:
            p.data *= 1 - lr * weight_decay  # theta *= 1 - gamma lambda
        super().step()  # Adam's update, with g_t = p.grad (no L2 term)


# --------------------------------------------------------------------------
# Learning-rate schedules
# --------------------------------------------------------------------------


def _check_optimizer(optimizer: Any) -> Optimizer:
    """Return ``optimizer`` if it is a mathdl Optimizer (for a scheduler)."""
    if not isinstance(optimizer, Optimizer):
        raise TypeError(
            f"optimizer must be a mathdl Optimizer, got {describe(optimizer)}"
        )
    return optimizer


class LRScheduler:
    """Base class of the learning-rate schedulers.

    A scheduler sets ``optimizer.lr`` from a closed form of the epoch
    counter ``last_epoch``: the constructor applies epoch 0, and each call
    of :meth:`step` (usually once per epoch, after the epoch's optimiser
    steps) moves to the next epoch. A subclass checks its settings in
    ``__init__`` and implements ``_closed_form(epoch)``.

    Parameters
    ----------
    optimizer : Optimizer
        The optimiser whose ``lr`` is scheduled; its current ``lr`` becomes
        ``base_lr``.

    Attributes
    ----------
    optimizer : Optimizer
        The optimiser.
    base_lr : float
        The learning rate the schedule starts from, :math:`\\gamma_0`.
    last_epoch : int
        The epoch whose rate ``optimizer.lr`` now holds (0 after
        construction).

    Raises
    ------
    TypeError
        If ``optimizer`` is not a mathdl :class:`Optimizer`.

    Examples
    --------
    The pattern, with :class:`StepLR`:

    >>> opt = SGD([Parameter([0.0])], lr=0.1)
    >>> scheduler = StepLR(opt, step_size=2)
    >>> for epoch in range(3):
    ...     pass  # train one epoch with opt, at rate opt.lr
    ...     scheduler.step()
    >>> scheduler.last_epoch, round(opt.lr, 6)
    (3, 0.01)
    """

    _hyperparameters: tuple[str, ...] = ()

    def __init__(self, optimizer: Optimizer) -> None:
        self.optimizer = _check_optimizer(optimizer)
        self.base_lr = optimizer.lr
        self.last_epoch = 0
        optimizer.lr = self._closed_form(0)

    def step(self) -> None:
        """Move to the next epoch and set ``optimizer.lr`` to its rate."""
        self.last_epoch += 1
        self.optimizer.lr = self._closed_form(self.last_epoch)

    def _closed_form(self, epoch: int) -> float:
        """The learning rate at ``epoch``; subclasses implement it."""
        raise NotImplementedError("subclasses of LRScheduler implement _closed_form")

    def __repr__(self) -> str:
        settings = ", ".join(
            f"{name}={getattr(self, name)!r}" for name in self._hyperparameters
        )
        return f"{type(self).__name__}({settings}, last_epoch={self.last_epoch})"


class StepLR(LRScheduler):
    r"""Multiply the learning rate by ``gamma`` every ``step_size`` epochs.

    Parameters
    ----------
    optimizer : Optimizer
        The optimiser whose ``lr`` is scheduled.
    step_size : int
        Epochs between two decays, at least 1.
    gamma : float, optional
        Factor :math:`> 0` of each decay (default 0.1).

    Raises
    ------
    TypeError
        If ``optimizer`` is not an :class:`Optimizer` or ``step_size`` is
        not an integer.
    ValueError
        If ``step_size < 1`` or ``gamma <= 0``.

    Notes
    -----
    PyTorch's ``torch.optim.lr_scheduler.StepLR``. At epoch :math:`k`,

    .. math::

        \gamma_k = \gamma_0 \cdot \text{gamma}^{\lfloor k / \text{step\_size} \rfloor} .

    Examples
    --------
    >>> opt = SGD([Parameter([0.0])], lr=0.1)
    >>> scheduler = StepLR(opt, step_size=2, gamma=0.5)
    >>> rates = []
    >>> for epoch in range(6):
    ...     rates.append(opt.lr)
    ...     scheduler.step()
    >>> rates
    [0.1, 0.1, 0.05, 0.05, 0.025, 0.025]
    """

    _hyperparameters = ("step_size", "gamma")

    def __init__(
        self, optimizer: Optimizer, step_size: int, gamma: float = 0.1
    ) -> None:
        _check_optimizer(optimizer)  # first, in signature order
        self.step_size = check_integer(step_size, "step_size", low=1)
        self.gamma = check_scalar(gamma, "gamma", low=0, low_inclusive=False)
        super().__init__(optimizer)

    def _closed_form(self, epoch: int) -> float:
        """Step decay: base_lr * gamma ** (epoch // step_size)."""
        return self.base_lr * self.gamma ** (epoch // self.step_size)


class CosineAnnealingLR(LRScheduler):
    r"""Lower the learning rate along a half cosine, to ``eta_min`` at ``T_max``.

    Parameters
    ----------
    optimizer : Optimizer
        The optimiser whose ``lr`` is scheduled.
    T_max : int
        Epoch at which the rate reaches ``eta_min``, at least 1.
    eta_min : float, optional
        Final learning rate :math:`\eta_{\min} \ge 0` (default 0).

    Raises
    ------
    TypeError
        If ``optimizer`` is not an :class:`Optimizer` or ``T_max`` is not an
        integer.
    ValueError
        If ``T_max < 1`` or ``eta_min < 0``.

    Notes
    -----
    PyTorch's ``torch.optim.lr_scheduler.CosineAnnealingLR``, the schedule
    of SGDR (Loshchilov and Hutter, 2017) without restarts. At epoch
    :math:`k`,

    .. math::

        \gamma_k = \eta_{\min} + \frac{\gamma_0 - \eta_{\min}}{2}
        \left(1 + \cos\frac{\pi k}{T_{\max}}\right) .

    The rate falls slowly at first, fastest half way, and slowly again near
    :math:`\eta_{\min}`, which it reaches exactly at :math:`k = T_{\max}`.
    Train for ``T_max`` epochs: after that, the cosine climbs again, as in
    PyTorch.

    Examples
    --------
    >>> opt = SGD([Parameter([0.0])], lr=1.0)
    >>> scheduler = CosineAnnealingLR(opt, T_max=4)
    >>> rates = []
    >>> for epoch in range(5):
    ...     rates.append(round(opt.lr, 4))
    ...     scheduler.step()
    >>> rates
    [1.0, 0.8536, 0.5, 0.1464, 0.0]
    """

    _hyperparameters = ("T_max", "eta_min")

    def __init__(self, optimizer: Optimizer, T_max: int, eta_min: float = 0.0) -> None:
        _check_optimizer(optimizer)  # first, in signature order
        self.T_max = check_integer(T_max, "T_max", low=1)
        self.eta_min = check_scalar(eta_min, "eta_min", low=0)
        super().__init__(optimizer)

    def _closed_form(self, epoch: int) -> float:
        """Cosine annealing from base_lr to eta_min at epoch T_max."""
        cosine = math.cos(math.pi * epoch / self.T_max)  # from 1 to -1
        lr, eta_min = self.base_lr, self.eta_min
        # The factor (1 + cos) / 2 in [0, 1] first: lr - eta_min cannot overflow
        # a product then.
        return eta_min + (lr / 2 - eta_min / 2) * (1 + cosine)


class LinearLR(LRScheduler):
    r"""Scale the learning rate by a factor that changes linearly: a warm-up.

    Parameters
    ----------
    optimizer : Optimizer
        The optimiser whose ``lr`` is scheduled.
    start_factor : float, optional
        Factor at epoch 0, in (0, 1] (default 1/3).
    end_factor : float, optional
        Factor from epoch ``total_iters`` on, in [0, 1] (default 1).
    total_iters : int, optional
        Epochs over which the factor moves, at least 1 (default 5).

    Raises
    ------
    TypeError
        If ``optimizer`` is not an :class:`Optimizer` or ``total_iters`` is
        not an integer.
    ValueError
        If ``start_factor`` is not in (0, 1], ``end_factor`` not in [0, 1]
        or ``total_iters < 1``.

    Notes
    -----
    PyTorch's ``torch.optim.lr_scheduler.LinearLR``, with its defaults. At
    epoch :math:`k`, with :math:`s` = ``start_factor``, :math:`e` =
    ``end_factor`` and :math:`T` = ``total_iters``,

    .. math::

        \gamma_k = \gamma_0 \left(s + (e - s) \frac{\min(k, T)}{T}\right) .

    With :math:`s < e = 1` this is a linear **warm-up**: the rate climbs from
    :math:`s\gamma_0` to :math:`\gamma_0` in :math:`T` epochs and stays there
    (Goyal et al., 2017).

    Examples
    --------
    >>> opt = SGD([Parameter([0.0])], lr=0.3)
    >>> scheduler = LinearLR(opt)  # PyTorch's defaults: 1/3 to 1 in 5 epochs
    >>> rates = []
    >>> for epoch in range(7):
    ...     rates.append(round(opt.lr, 4))
    ...     scheduler.step()
    >>> rates
    [0.1, 0.14, 0.18, 0.22, 0.26, 0.3, 0.3]
    """

    _hyperparameters = ("start_factor", "end_factor", "total_iters")

    def __init__(
        self,
        optimizer: Optimizer,
        start_factor: float = 1 / 3,
        end_factor: float = 1.0,
        total_iters: int = 5,
    ) -> None:
        _check_optimizer(optimizer)  # first, in signature order
        self.start_factor = check_scalar(
            start_factor, "start_factor", low=0, high=1, low_inclusive=False
        )
        self.end_factor = check_scalar(end_factor, "end_factor", low=0, high=1)
        self.total_iters = check_integer(total_iters, "total_iters", low=1)
        super().__init__(optimizer)

    def _closed_form(self, epoch: int) -> float:
        """Linear change of the factor from start_factor to end_factor."""
        progress = min(epoch, self.total_iters) / self.total_iters  # 0 to 1
        start, end = self.start_factor, self.end_factor
        return self.base_lr * (start + (end - start) * progress)


# --------------------------------------------------------------------------
# Gradient clipping
# --------------------------------------------------------------------------


def clip_grad_norm(
    params: Iterable[Parameter], max_norm: float, norm_type: float = 2.0
) -> float:
    r"""Scale the gradients in place so that their total norm is at most ``max_norm``.

    Parameters
    ----------
    params : iterable of Parameter
        The parameters whose ``grad`` arrays are clipped, as given to an
        optimiser. Their norm is that of all the gradients concatenated into
        one vector.
    max_norm : float
        Largest allowed total norm, :math:`c \ge 0`.
    norm_type : float, optional
        The :math:`p` of the :math:`p`-norm, at least 1, or ``math.inf``
        for the largest absolute value (default 2).

    Returns
    -------
    float
        The total norm :math:`\lVert g \rVert` of the gradients *before*
        clipping, worth logging: a sudden jump shows a cliff in the loss.

    Raises
    ------
    TypeError
        If ``params`` is not an iterable of :class:`Parameter` objects, or
        ``max_norm`` or ``norm_type`` is not a real number.
    ValueError
        If ``params`` is empty or repeats a parameter, ``max_norm < 0``,
        ``norm_type`` is below 1, or the gradients contain NaN or infinity.
        PyTorch's ``clip_grad_norm_`` only raises on a non-finite norm with
        ``error_if_nonfinite=True``; by default it returns it and fills the
        gradients with NaN. This function always raises, before changing
        anything.

    Notes
    -----
    PyTorch's ``torch.nn.utils.clip_grad_norm_`` (Pascanu et al., 2013).
    With the total norm :math:`\lVert g \rVert` of all the gradients,
    every gradient is multiplied by

    .. math::

        \min\left(1, \frac{c}{\lVert g \rVert + 10^{-6}}\right),

    the same factor for all: the direction of the whole gradient is kept and
    only its length is cut to about :math:`c`. The :math:`10^{-6}` guards
    against a division by zero. The norm is computed after dividing by the
    largest absolute value, so that squares of large gradients do not
    overflow.

    Examples
    --------
    >>> w = Parameter([0.0, 0.0])
    >>> w.grad[:] = [3.0, 4.0]
    >>> clip_grad_norm([w], max_norm=1.0)  # the norm before clipping
    5.0
    >>> w.grad.round(6)  # same direction, length 1
    array([0.6, 0.8])
    >>> total = clip_grad_norm([w], max_norm=2.0)  # below max_norm: unchanged
    >>> round(total, 6), w.grad.round(6)
    (1.0, array([0.6, 0.8]))

    With ``norm_type=math.inf`` the largest absolute value is clipped:

    >>> import math
    >>> w.grad[:] = [3.0, -4.0]
    >>> clip_grad_norm([w], max_norm=2.0, norm_type=math.inf), w.grad.round(6)
    (4.0, array([ 1.5, -2. ]))
    """
    params = _check_params(params)
    max_norm = check_scalar(max_norm, "max_norm", low=0)
    if norm_type != math.inf:
        norm_type = check_scalar(norm_type, "norm_type", low=1)
    grads = [p.grad for p in params]
    with np.errstate(invalid="ignore"):  # NaN is caught just below
        largest = max(float(np.max(np.abs(g), initial=0.0)) for g in grads)
    if not math.isfinite(largest):
        raise ValueError(
            "the gradients of params must be finite to be clipped, got "
            f"a total norm of {largest}"
        )
    if norm_type == math.inf or largest == 0:
        total = largest
    else:  # ||g|| = largest * ||g / largest||, without overflow
        norms = [np.linalg.norm(g.ravel() / largest, norm_type) for g in grads]
        total = largest * float(np.linalg.norm(norms, norm_type))
    scale = max_norm / (total + 1e-6)
    if scale < 1:
        for g in grads:
            g *= scale  # in place, the same factor for every gradient
    return total


# --------------------------------------------------------------------------
# Minimising toy functions
# --------------------------------------------------------------------------


def minimize(
    grad_f: Callable[[np.ndarray], ArrayLike],
    x0: ArrayLike,
    optimizer: Callable[..., Optimizer],
    steps: int,
    **optimizer_kwargs: Any,
) -> np.ndarray:
    r"""Run an optimiser on a function of a vector and record its path.

    Parameters
    ----------
    grad_f : callable
        ``grad_f(x)`` returns the gradient :math:`\nabla f(x)`, an array of
        the shape of ``x``. It receives a copy of the current point.
    x0 : array_like, shape (n,)
        Starting point. Float32 input is kept as float32; anything else
        becomes float64.
    optimizer : callable
        Called as ``optimizer([x], **optimizer_kwargs)`` with a list holding
        one :class:`Parameter`; usually an optimiser class such as
        :class:`Adam`, but any factory returning an object with ``step()``
        and ``zero_grad()`` works, e.g. ``lambda ps: SGD(ps, lr=0.1)``.
    steps : int
        Number of optimiser steps, at least 0.
    **optimizer_kwargs
        Passed to ``optimizer``, e.g. ``lr=0.1, momentum=0.9``.

    Returns
    -------
    numpy.ndarray, shape (steps + 1, n)
        The trajectory: row 0 is ``x0``, row ``k`` the point after ``k``
        steps.

    Raises
    ------
    TypeError
        If ``grad_f`` or ``optimizer`` is not callable, or ``steps`` is not
        an integer.
    ValueError
        If ``x0`` is not a non-empty finite 1-D array, ``steps < 0``,
        ``grad_f`` returns an array of the wrong shape or a non-finite
        value, or the iterates become non-finite (the run diverged: try a
        smaller learning rate).

    Notes
    -----
    Each step is what a training loop does: ``zero_grad()``, set the
    gradient :math:`\nabla f(x_{k})` (the role of ``backward()``), then
    ``step()``.

    Examples
    --------
    Plain gradient descent on :math:`f(x) = x_1^2 + 10 x_2^2` with step 0.05
    multiplies :math:`x_1` by 0.9 and :math:`x_2` by 0 at each step:

    >>> path = minimize(
    ...     lambda x: np.array([2, 20]) * x, [1.0, 1.0], SGD, steps=3, lr=0.05
    ... )
    >>> path
    array([[1.   , 1.   ],
           [0.9  , 0.   ],
           [0.81 , 0.   ],
           [0.729, 0.   ]])

    Adam on the Rosenbrock function ends near its minimum (1, 1):

    >>> path = minimize(rosenbrock_grad, [-1.0, 1.0], Adam, steps=2000, lr=0.05)
    >>> path[-1].round(2)
    array([0.99, 0.99])
    """
    check_callable(grad_f, "grad_f")
    check_callable(optimizer, "optimizer")
    steps = check_integer(
        steps, "steps", low=0, high=10**7, why="the path stores every step"
    )
    x = Parameter(as_array(x0, "x0", ndim=1, dtype="floating"), name="x")
    opt = optimizer([x], **optimizer_kwargs)
    path = np.empty((steps + 1, x.data.size), dtype=x.data.dtype)
    path[0] = x.data
    for k in range(1, steps + 1):
        with np.errstate(over="ignore", invalid="ignore"):  # checked below
            g = np.asarray(grad_f(x.data.copy()))
        if g.shape != x.shape:
            raise ValueError(
                f"grad_f must return an array of shape {x.shape}, "
                f"got {describe(g)} at step {k}"
            )
        if not np.isfinite(g).all():
            raise ValueError(
                f"grad_f returned a non-finite gradient (NaN, or an overflow) "
                f"at step {k}, at x = {x.data}"
            )
        opt.zero_grad()
        x.grad += g
        with np.errstate(over="ignore", invalid="ignore"):  # checked just below
            opt.step()
        if not np.isfinite(x.data).all():
            raise ValueError(
                f"the iterates diverged to a non-finite x at step {k}; "
                "try a smaller learning rate"
            )
        path[k] = x.data
    return path


def _as_points(x: ArrayLike, n: int, name: str = "x") -> np.ndarray:
    """``x`` as a float array whose last axis has length ``n``."""
    arr = as_array(x, name, dtype="floating")
    if arr.ndim == 0 or arr.shape[-1] != n:
        raise ValueError(
            f"{name} must have last axis of length {n} (points in R^{n}), "
            f"got an array of shape {arr.shape}"
        )
    return arr


def rosenbrock(x: ArrayLike, a: float = 1.0, b: float = 100.0) -> np.ndarray:
    r"""The Rosenbrock "banana" function of two variables.

    Parameters
    ----------
    x : array_like, shape (..., 2)
        Points :math:`(x, y)`; leading axes are kept, so a grid stacked with
        ``np.stack([X, Y], axis=-1)`` gives a surface for a contour plot.
    a, b : float, optional
        Shape parameters (default 1 and 100).

    Returns
    -------
    numpy.ndarray, shape (...)
        :math:`f(x, y) = (a - x)^2 + b (y - x^2)^2`; a 0-d array for one
        point.

    Raises
    ------
    TypeError
        If ``x`` is not numeric array-like, or ``a`` or ``b`` is not a real
        number.
    ValueError
        If the last axis of ``x`` does not have length 2, a value of ``x``,
        ``a`` or ``b`` is not finite, or the result overflows.

    See Also
    --------
    rosenbrock_grad : its gradient.
    scipy.optimize.rosen : the same function for ``a=1, b=100``.

    Notes
    -----
    The minimum is :math:`f(a, a^2) = 0`, at the bottom of a long, curved,
    flat valley along :math:`y = x^2`: easy to reach, slow to follow, which
    is why it is the classic test of optimisers.

    Examples
    --------
    >>> float(rosenbrock([1.0, 1.0])), float(rosenbrock([0.0, 0.0]))
    (0.0, 1.0)
    >>> rosenbrock([[-1.0, 1.0], [0.5, 0.25]])
    array([4.  , 0.25])
    """
    x, a, b = _rosenbrock_args(x, a, b)
    u, v = x[..., 0], x[..., 1]
    with np.errstate(over="ignore", invalid="ignore"):
        value = (a - u) ** 2 + b * (v - u**2) ** 2
    return check_finite_result(value, "rosenbrock(x)", _TOO_LARGE)


_TOO_LARGE = "x, a or b is too large in magnitude"


def _rosenbrock_args(x: ArrayLike, a: Any, b: Any) -> tuple[np.ndarray, float, float]:
    """Check the points and the coefficients of the Rosenbrock function."""
    return _as_points(x, 2), check_scalar(a, "a"), check_scalar(b, "b")


def rosenbrock_grad(x: ArrayLike, a: float = 1.0, b: float = 100.0) -> np.ndarray:
    r"""Gradient of :func:`rosenbrock`.

    Parameters
    ----------
    x : array_like, shape (..., 2)
        Points :math:`(x, y)`.
    a, b : float, optional
        Shape parameters (default 1 and 100).

    Returns
    -------
    numpy.ndarray, shape (..., 2)
        :math:`\bigl(-2(a - x) - 4 b x (y - x^2),\; 2 b (y - x^2)\bigr)`.

    Raises
    ------
    TypeError
        If ``x`` is not numeric array-like, or ``a`` or ``b`` is not a real
        number.
    ValueError
        If the last axis of ``x`` does not have length 2, a value of ``x``,
        ``a`` or ``b`` is not finite, or the result overflows.

    Examples
    --------
    >>> rosenbrock_grad([1.0, 1.0])  # the minimum; -0.0 equals 0.0
    array([-0.,  0.])
    >>> rosenbrock_grad([0.0, 1.0])
    array([ -2., 200.])
    """
    x, a, b = _rosenbrock_args(x, a, b)
    u, v = x[..., 0], x[..., 1]
    with np.errstate(over="ignore", invalid="ignore"):
        valley = v - u**2  # zero along the valley floor y = x^2
        grad = np.stack([-2 * (a - u) - 4 * b * u * valley, 2 * b * valley], axis=-1)
    return check_finite_result(grad, "rosenbrock_grad(x)", _TOO_LARGE)


class _Objective(NamedTuple):
    f: Callable[[ArrayLike], np.ndarray]
    grad: Callable[[ArrayLike], np.ndarray]
    minimizer: np.ndarray


class Objective(_Objective):
    """A test function for optimisers: value, gradient and known minimiser.

    Attributes
    ----------
    f : callable
        ``f(x)`` for points ``x`` of shape ``(..., n)``; returns shape
        ``(...)``.
    grad : callable
        ``grad(x)``, the gradient, of the shape of ``x``.
    minimizer : numpy.ndarray, shape (n,)
        The point where ``f`` is smallest.

    Raises
    ------
    TypeError
        If ``f`` or ``grad`` is not callable, or ``minimizer`` is not
        array-like.
    ValueError
        If ``minimizer`` is not a non-empty 1-D array of finite values.

    Examples
    --------
    >>> import numpy as np
    >>> from mathdl.optim import quadratic_bowl
    >>> bowl = quadratic_bowl(np.array([[2.0, 0.0], [0.0, 1.0]]), np.array([2.0, 1.0]))
    >>> bowl.minimizer, float(bowl.f(bowl.minimizer)), bowl.grad(bowl.minimizer)
    (array([1., 1.]), -1.5, array([0., 0.]))
    """

    __slots__ = ()

    def __new__(
        cls,
        f: Callable[[ArrayLike], np.ndarray],
        grad: Callable[[ArrayLike], np.ndarray],
        minimizer: ArrayLike,
    ) -> Objective:
        return super().__new__(
            cls,
            check_callable(f, "f"),
            check_callable(grad, "grad"),
            as_array(minimizer, "minimizer", ndim=1),
        )

    @classmethod
    def _make(cls, iterable: Iterable[Any]) -> Objective:
        return cls(*iterable)  # so that _replace checks too


def quadratic_bowl(A: ArrayLike, b: ArrayLike | None = None) -> Objective:
    r"""A convex quadratic :math:`f(x) = \tfrac12 x^\top A x - b^\top x`.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric positive definite matrix: its eigenvalues are the
        curvatures along its eigenvectors, and their ratio (the condition
        number) is what makes gradient descent zig-zag.
    b : array_like, shape (n,), optional
        Linear term (default zero, so the minimum is at the origin).

    Returns
    -------
    Objective
        ``(f, grad, minimizer)`` with :math:`\nabla f(x) = A x - b` and
        minimiser :math:`x^\star = A^{-1} b`. ``f`` and ``grad`` accept
        points of shape ``(..., n)``.

    Raises
    ------
    ValueError
        If ``A`` is not square, symmetric and positive definite, ``b`` does
        not have length ``n``, or a value is not finite.

    Examples
    --------
    >>> bowl = quadratic_bowl([[1.0, 0.0], [0.0, 10.0]], b=[1.0, 10.0])
    >>> bowl.minimizer
    array([1., 1.])
    >>> float(bowl.f([1.0, 1.0])), bowl.grad([0.0, 0.0])
    (-5.5, array([ -1., -10.]))
    """
    A = as_array(A, "A", ndim=2)
    check_symmetric(A, "A")
    check_positive_definite(A, "A")
    n = A.shape[0]
    b = np.zeros(n) if b is None else as_array(b, "b", ndim=1)
    if b.shape != (n,):
        raise ValueError(f"b must have shape ({n},) to match A, got {b.shape}")
    A, b = A.copy(), b.copy()  # the closures must not see later edits

    def f(x: ArrayLike) -> np.ndarray:
        x = _as_points(x, n)
        return 0.5 * np.einsum("...i,ij,...j->...", x, A, x) - x @ b

    def grad(x: ArrayLike) -> np.ndarray:
        x = _as_points(x, n)
        return x @ A - b  # A is symmetric, so x A = (A x)^T

    return Objective(f, grad, np.linalg.solve(A, b))
