r"""Information theory of discrete distributions: entropies and divergences.

Chapter 5 (*Information theory*) builds on this module: self-information,
entropy, joint and conditional entropy, mutual information, the
Kullback-Leibler divergence and its asymmetry, cross-entropy (the
classification loss of Chapters 10-11) and the Jensen-Shannon divergence.

Distributions are probability vectors (1-D, non-negative, summing to 1) and
joint distributions are 2-D tables ``pxy[i, j] = P(X = x_i, Y = y_j)`` with
``X`` on axis 0 (rows) and ``Y`` on axis 1 (columns). Inputs whose sum is
within ``1e-8`` of 1 are accepted and divided by their sum, so that rounding
in the input cannot break identities such as :math:`D_{KL} \ge 0`
(:func:`scipy.stats.entropy` normalises in the same way); for the same
reason an entry that exceeds 1 by at most ``1e-8``, as a computed marginal
can, is read as 1.

Every function takes ``base``, the base of the logarithm, and defaults to
``base=2``: results are in bits. Pass ``base=np.e`` for nats (the natural
logarithm, used in calculus and by deep-learning losses); one nat is
:math:`1/\ln 2 \approx 1.4427` bits.

Two conventions make the formulas total, as in Cover and Thomas:

* :math:`0 \log 0 = 0` (the limit of :math:`p \log p` as :math:`p \to 0`), so
  outcomes of probability 0 contribute nothing;
* :math:`p \log(p / 0) = \infty` for :math:`p > 0`, so the KL divergence and
  the cross-entropy are infinite when ``q`` gives probability 0 to an
  outcome that ``p`` can produce.

They are applied with :func:`scipy.special.entr`, :func:`~scipy.special.xlogy`
and :func:`~scipy.special.rel_entr`, which implement them elementwise, so no
``log(0)`` is ever evaluated and no warning is raised.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from mathdl._validation import (
    PROB_ATOL,
    as_array,
    as_probability_vector,
    check_probabilities,
    check_same_shape,
    check_scalar,
)

__all__ = [
    "conditional_entropy",
    "cross_entropy",
    "entropy",
    "joint_entropy",
    "js_divergence",
    "kl_divergence",
    "mutual_information",
    "self_information",
]


# ---------------------------------------------------------------------------
# Input checks private to this module
# ---------------------------------------------------------------------------


def _log_base(base: Any) -> float:
    """Natural logarithm of ``base``: divide a result in nats by it to change units."""
    base = check_scalar(base, "base", low=0, low_inclusive=False)
    if base == 1:
        raise ValueError(
            "base must be positive and not 1 (log base 1 is undefined), got 1"
        )
    return float(np.log(base))


def _forgive_rounding_above_one(p: np.ndarray) -> np.ndarray:
    """Set entries in (1, 1 + 1e-8] to exactly 1.

    A probability computed in floating point can exceed 1 by rounding: the
    one-row table ``[[9, 18, 1]] / 28`` has the marginal
    ``9/28 + 18/28 + 1/28 = 1.0000000000000002``. The shared check rejects
    any entry above 1, so such entries are set to 1 first, with the
    tolerance used for sums; anything further above 1 is left for the check
    to reject.
    """
    return np.where((p > 1.0) & (p <= 1.0 + PROB_ATOL), 1.0, p)


def _distribution(p: ArrayLike, name: str) -> np.ndarray:
    """A validated probability vector, divided by its sum (within 1e-8 of 1)."""
    p = as_array(p, name, ndim=1)
    p = as_probability_vector(_forgive_rounding_above_one(p), name)
    return p / p.sum()


def _joint_table(pxy: ArrayLike, name: str = "pxy") -> np.ndarray:
    """A validated 2-D joint probability table, divided by its sum."""
    table = _forgive_rounding_above_one(as_array(pxy, name, ndim=2))
    table = as_probability_vector(table, name, ndim=2)
    return table / table.sum()


# ---------------------------------------------------------------------------
# Entropies
# ---------------------------------------------------------------------------


def self_information(p: ArrayLike, base: float = 2) -> float | np.ndarray:
    r"""Self-information (surprisal) of an event of probability ``p``.

    Parameters
    ----------
    p : float or array_like
        Probability or probabilities in [0, 1], any shape.
    base : float, optional
        Base of the logarithm, positive and not 1 (default 2: bits).

    Returns
    -------
    float or numpy.ndarray
        :math:`I(p) = -\log_b p`; a float for scalar ``p``, else an array of
        the same shape. An impossible event (:math:`p = 0`) has infinite
        self-information.

    Raises
    ------
    ValueError
        If ``p`` is empty, holds NaN or infinity, or lies outside [0, 1], or
        if ``base`` is not positive or is 1.
    TypeError
        If ``base`` is not a real number.

    Notes
    -----
    Rare events are surprising: halving the probability adds one bit, and
    the information of independent events adds up because
    :math:`-\log(pq) = -\log p - \log q`.

    Examples
    --------
    >>> self_information(1 / 8)  # three fair coin flips
    3.0
    >>> self_information([1.0, 0.5, 0.0])
    array([ 0.,  1., inf])
    >>> round(self_information(0.5, base=np.e), 4)  # ln 2 nats
    0.6931
    """
    ln_base = _log_base(base)
    p = _forgive_rounding_above_one(as_array(p, "p"))
    check_probabilities(p, "p")
    nats = np.full(p.shape, np.inf)  # p = 0: infinitely surprising
    possible = p > 0
    nats[possible] = 0.0 - np.log(p[possible])  # 0.0 - so p = 1 gives 0, not -0
    result = nats / ln_base
    return float(result) if result.ndim == 0 else result


def entropy(p: ArrayLike, base: float = 2) -> float:
    r"""Shannon entropy of a discrete distribution.

    Parameters
    ----------
    p : array_like, shape (k,)
        A probability vector.
    base : float, optional
        Base of the logarithm, positive and not 1 (default 2: bits).

    Returns
    -------
    float
        .. math:: H(p) = -\sum_i p_i \log_b p_i,

        with :math:`0 \log 0 = 0`. Between 0 (a certain outcome) and
        :math:`\log_b k` (the uniform distribution on ``k`` outcomes).

    Raises
    ------
    ValueError
        If ``p`` is not a probability vector, or ``base`` is not positive or
        is 1.
    TypeError
        If ``base`` is not a real number.

    Notes
    -----
    The entropy is the expected self-information, :math:`H = E[-\log p(X)]`:
    the average number of bits (for base 2) an optimal code needs per
    outcome. Terms are computed with :func:`scipy.special.entr`,
    :math:`\operatorname{entr}(x) = -x \ln x` with
    :math:`\operatorname{entr}(0) = 0`.

    Examples
    --------
    >>> entropy([0.5, 0.5])
    1.0
    >>> entropy([0.25, 0.25, 0.25, 0.25])
    2.0
    >>> entropy([1.0, 0.0])
    0.0
    """
    ln_base = _log_base(base)
    p = _distribution(p, "p")
    return float(np.sum(special.entr(p)) / ln_base)


def joint_entropy(pxy: ArrayLike, base: float = 2) -> float:
    r"""Joint entropy :math:`H(X, Y)` of a joint distribution table.

    Parameters
    ----------
    pxy : array_like, shape (m, k)
        Joint probabilities ``pxy[i, j] = P(X = x_i, Y = y_j)``: non-negative,
        summing to 1.
    base : float, optional
        Base of the logarithm, positive and not 1 (default 2: bits).

    Returns
    -------
    float
        .. math:: H(X, Y) = -\sum_{i,j} p(x_i, y_j) \log_b p(x_i, y_j),

        the entropy of the table read as one distribution over pairs.

    Raises
    ------
    ValueError
        If ``pxy`` is not 2-D, is empty, holds NaN, infinity or values outside
        [0, 1], or does not sum to 1; or if ``base`` is not positive or is 1.
    TypeError
        If ``base`` is not a real number.

    Examples
    --------
    >>> joint_entropy([[0.25, 0.25], [0.25, 0.25]])  # two fair coins
    2.0
    """
    ln_base = _log_base(base)
    table = _joint_table(pxy)
    return float(np.sum(special.entr(table)) / ln_base)


def conditional_entropy(pxy: ArrayLike, base: float = 2) -> float:
    r"""Conditional entropy :math:`H(Y \mid X)`, with ``X`` on axis 0 of the table.

    Parameters
    ----------
    pxy : array_like, shape (m, k)
        Joint probabilities ``pxy[i, j] = P(X = x_i, Y = y_j)``: rows are the
        values of ``X``, columns the values of ``Y``. Transpose the table for
        :math:`H(X \mid Y)`.
    base : float, optional
        Base of the logarithm, positive and not 1 (default 2: bits).

    Returns
    -------
    float
        .. math::

            H(Y \mid X) = -\sum_{i,j} p(x_i, y_j) \log_b p(y_j \mid x_i),
            \qquad p(y_j \mid x_i) = \frac{p(x_i, y_j)}{p(x_i)},

        the average uncertainty left in ``Y`` once ``X`` is known. It equals
        :math:`H(X, Y) - H(X)` (the chain rule) and lies between 0 and
        :math:`H(Y)`.

    Raises
    ------
    ValueError
        If ``pxy`` is not a joint probability table (2-D, non-negative,
        summing to 1), or ``base`` is not positive or is 1.
    TypeError
        If ``base`` is not a real number.

    Notes
    -----
    The sum is computed directly rather than as :math:`H(X, Y) - H(X)`, which
    would cancel when both are large and nearly equal. Rows with
    :math:`p(x_i) = 0` contribute nothing.

    Examples
    --------
    >>> conditional_entropy([[0.5, 0.0], [0.0, 0.5]])  # Y = X: nothing left
    0.0
    >>> conditional_entropy([[0.25, 0.25], [0.25, 0.25]])  # independent
    1.0
    """
    ln_base = _log_base(base)
    table = _joint_table(pxy)
    px = table.sum(axis=1, keepdims=True)
    # p(y | x) where p(x, y) > 0 (so p(x) > 0); elsewhere the term is 0 log 0.
    p_y_given_x = np.divide(table, px, out=np.zeros_like(table), where=table > 0)
    nats = 0.0 - np.sum(special.xlogy(table, p_y_given_x))  # 0.0 -: no -0.0
    return float(nats / ln_base)


def mutual_information(pxy: ArrayLike, base: float = 2) -> float:
    r"""Mutual information :math:`I(X; Y)` of a joint distribution table.

    Parameters
    ----------
    pxy : array_like, shape (m, k)
        Joint probabilities ``pxy[i, j] = P(X = x_i, Y = y_j)``.
    base : float, optional
        Base of the logarithm, positive and not 1 (default 2: bits).

    Returns
    -------
    float
        .. math::

            I(X; Y) = \sum_{i,j} p(x_i, y_j)
                      \log_b \frac{p(x_i, y_j)}{p(x_i)\,p(y_j)}
                    = D_{KL}\bigl(p(x, y) \,\|\, p(x)\,p(y)\bigr),

        the KL divergence of the joint distribution from the product of its
        marginals: 0 exactly when ``X`` and ``Y`` are independent, and equal
        to :math:`H(X) + H(Y) - H(X, Y)`.

    Raises
    ------
    ValueError
        If ``pxy`` is not a joint probability table (2-D, non-negative,
        summing to 1), or ``base`` is not positive or is 1.
    TypeError
        If ``base`` is not a real number.

    Notes
    -----
    :math:`I(X; Y) \ge 0`; rounding can make the computed sum a tiny negative
    number (about -1e-17) for independent variables, so it is clipped at 0.

    Examples
    --------
    >>> mutual_information([[0.5, 0.0], [0.0, 0.5]])  # Y = X: one full bit
    1.0
    >>> mutual_information([[0.25, 0.25], [0.25, 0.25]])  # independent
    0.0
    """
    ln_base = _log_base(base)
    table = _joint_table(pxy)
    independent = np.outer(table.sum(axis=1), table.sum(axis=0))
    nats = max(float(np.sum(special.rel_entr(table, independent))), 0.0)
    return nats / ln_base


# ---------------------------------------------------------------------------
# Divergences between two distributions
# ---------------------------------------------------------------------------


def kl_divergence(p: ArrayLike, q: ArrayLike, base: float = 2) -> float:
    r"""Kullback-Leibler divergence :math:`D_{KL}(p \,\|\, q)`.

    Parameters
    ----------
    p, q : array_like, shape (k,)
        Probability vectors over the same ``k`` outcomes.
    base : float, optional
        Base of the logarithm, positive and not 1 (default 2: bits).

    Returns
    -------
    float
        .. math:: D_{KL}(p \,\|\, q) = \sum_i p_i \log_b \frac{p_i}{q_i},

        with :math:`0 \log(0/q) = 0` and :math:`p \log(p/0) = \infty` for
        :math:`p > 0`: infinite when ``q`` rules out an outcome that ``p``
        allows.

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not a probability vector, their shapes differ,
        or ``base`` is not positive or is 1.
    TypeError
        If ``base`` is not a real number.

    Notes
    -----
    :math:`D_{KL}(p \,\|\, q) \ge 0`, with equality exactly when
    :math:`p = q` (Gibbs' inequality). It is not symmetric: in general
    :math:`D_{KL}(p \,\|\, q) \ne D_{KL}(q \,\|\, p)`, so it is not a
    distance. It is the extra cost, in bits per outcome, of coding data from
    ``p`` with a code built for ``q``. Terms use
    :func:`scipy.special.rel_entr`; a computed sum of -1e-17 from rounding
    is clipped to 0.

    Examples
    --------
    The chapter's check, in nats: a binomial(12, 0.9) distribution against
    the uniform distribution on 0, ..., 12.

    >>> from math import comb
    >>> k = np.arange(13)
    >>> p = np.array([comb(12, i) for i in k]) * 0.9**k * 0.1 ** (12 - k)
    >>> uniform = np.full(13, 1 / 13)
    >>> round(kl_divergence(p, uniform, base=np.e), 5)
    1.18475
    >>> kl_divergence([0.5, 0.5], [1.0, 0.0])
    inf
    """
    ln_base = _log_base(base)
    p = _distribution(p, "p")
    q = _distribution(q, "q")
    check_same_shape(p, q, "p", "q")
    nats = max(float(np.sum(special.rel_entr(p, q))), 0.0)
    return nats / ln_base


def cross_entropy(p: ArrayLike, q: ArrayLike, base: float = 2) -> float:
    r"""Cross-entropy :math:`H(p, q)` of a model ``q`` under a true distribution ``p``.

    Parameters
    ----------
    p : array_like, shape (k,)
        The true (data) distribution, a probability vector.
    q : array_like, shape (k,)
        The model distribution, a probability vector.
    base : float, optional
        Base of the logarithm, positive and not 1 (default 2: bits).

    Returns
    -------
    float
        .. math:: H(p, q) = -\sum_i p_i \log_b q_i = H(p) + D_{KL}(p \,\|\, q),

        with :math:`0 \log q = 0` and :math:`-p \log 0 = \infty` for
        :math:`p > 0`.

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not a probability vector, their shapes differ,
        or ``base`` is not positive or is 1.
    TypeError
        If ``base`` is not a real number.

    Notes
    -----
    With a one-hot ``p`` (the true class) and ``q`` a classifier's softmax
    output, the cross-entropy is :math:`-\log q_{\text{true}}`, the
    classification loss. Since :math:`H(p)` does not depend on the model,
    minimising cross-entropy over ``q`` minimises :math:`D_{KL}(p\,\|\,q)`.
    Terms use :func:`scipy.special.xlogy`, which gives :math:`0 \log 0 = 0`.

    Examples
    --------
    >>> cross_entropy([1.0, 0.0], [0.25, 0.75])  # one-hot p: -log2(0.25)
    2.0
    >>> cross_entropy([0.5, 0.5], [0.5, 0.5])  # = H(p) when q = p
    1.0
    """
    ln_base = _log_base(base)
    p = _distribution(p, "p")
    q = _distribution(q, "q")
    check_same_shape(p, q, "p", "q")
    nats = 0.0 - np.sum(special.xlogy(p, q))  # 0.0 -: no -0.0
    return float(nats / ln_base)


def js_divergence(p: ArrayLike, q: ArrayLike, base: float = 2) -> float:
    r"""Jensen-Shannon divergence, a symmetric and bounded relative of KL.

    Parameters
    ----------
    p, q : array_like, shape (k,)
        Probability vectors over the same ``k`` outcomes.
    base : float, optional
        Base of the logarithm, positive and not 1 (default 2: bits).

    Returns
    -------
    float
        .. math::

            \mathrm{JS}(p, q) = \tfrac12 D_{KL}(p \,\|\, m)
                              + \tfrac12 D_{KL}(q \,\|\, m),
            \qquad m = \tfrac12 (p + q).

        Symmetric in ``p`` and ``q``, 0 exactly when :math:`p = q`, and at
        most :math:`\log_b 2` (1 bit), reached when ``p`` and ``q`` have
        disjoint supports. Always finite, since :math:`m_i > 0` wherever
        :math:`p_i > 0` or :math:`q_i > 0`.

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not a probability vector, their shapes differ,
        or ``base`` is not positive or is 1.
    TypeError
        If ``base`` is not a real number.

    Notes
    -----
    The square root of the JS divergence is a metric; SciPy computes it as
    :func:`scipy.spatial.distance.jensenshannon`.

    Examples
    --------
    >>> js_divergence([1.0, 0.0], [0.0, 1.0])  # disjoint: the maximum
    1.0
    >>> js_divergence([0.5, 0.5], [0.9, 0.1]) == js_divergence([0.9, 0.1], [0.5, 0.5])
    True
    """
    ln_base = _log_base(base)
    p = _distribution(p, "p")
    q = _distribution(q, "q")
    check_same_shape(p, q, "p", "q")
    m = (p + q) / 2
    nats = 0.5 * np.sum(special.rel_entr(p, m)) + 0.5 * np.sum(special.rel_entr(q, m))
    return max(float(nats), 0.0) / ln_base
