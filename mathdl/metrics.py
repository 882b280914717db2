r"""Scores of a classifier's predictions, with scikit-learn's ``metrics`` names.

Chapter 13 (*Generalisation*) asks whether a trained model works on data it
has not seen; this module holds the numbers it answers with. Chapters 11 and
12 use the first three.

Every count-based score is read off the **confusion matrix** :math:`C`,
whose entry :math:`C_{ij}` counts the samples of true class :math:`i`
predicted as class :math:`j`. For two classes with the positive label 1,
:math:`TP = C_{11}`, :math:`FP = C_{01}`, :math:`FN = C_{10}` and
:math:`TN = C_{00}`. All scores below lie in :math:`[0, 1]` (the MCC in
:math:`[-1, 1]`) and **higher is better**:

* **accuracy**, :math:`\operatorname{tr} C / n`: the fraction of correct
  predictions. Misleading when one class is rare: always predicting the
  common class scores high.
* **precision**, :math:`TP / (TP + FP)`: of the samples called positive, the
  fraction that are. Low precision means many false alarms.
* **recall** (sensitivity, true-positive rate), :math:`TP / (TP + FN)`: of
  the positive samples, the fraction found. Low recall means many misses.
* **F1**, :math:`2\,TP / (2\,TP + FP + FN)`: the harmonic mean of precision
  and recall, high only when both are.
* **Matthews correlation coefficient** (MCC): the correlation between true
  and predicted labels; 1 is perfect, 0 is chance, -1 is always wrong. It
  stays honest when the classes are unbalanced.

When a ratio is undefined (say, precision when nothing is predicted positive)
the function returns its ``zero_division`` value, 0.0 unless you pass
another, and never warns.

Two scores judge a real-valued *score* rather than hard predictions:

* :func:`roc_curve`: the false-positive rate :math:`FP / (FP + TN)` (lower is
  better) and the true-positive rate (higher is better) of the rule
  "positive when score :math:`\ge` threshold", for every threshold;
* :func:`roc_auc`: the area under that curve, 1 for a perfect ranking and
  0.5 for a random one. It equals the probability that a random positive
  scores higher than a random negative (ties count one half).

Labels are non-negative integers; the binary scores take labels in
:math:`\{0, 1\}` with 1 the positive class. Options after the data are
keyword-only, as in scikit-learn.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from mathdl._validation import (
    as_array,
    as_labels,
    check_consistent_length,
    check_integer,
    check_probabilities,
    check_scalar,
    describe,
)

__all__ = [
    "PrecisionRecallF1",
    "RocCurve",
    "accuracy",
    "confusion_matrix",
    "matthews_corrcoef",
    "precision_recall_f1",
    "roc_auc",
    "roc_curve",
]


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------


def _as_binary_labels(y: ArrayLike, name: str) -> np.ndarray:
    """Check 1-D labels in {0, 1}."""
    labels = as_labels(y, name)
    if labels.max() > 1:
        raise ValueError(
            f"{name} must hold binary labels 0 and 1, got a label {int(labels.max())}"
        )
    return labels


def _check_zero_division(value: float) -> float:
    return check_scalar(value, "zero_division", low=0, high=1)


# ---------------------------------------------------------------------------
# The core: every count-based score from the confusion matrix
# ---------------------------------------------------------------------------


class _Scores(NamedTuple):
    accuracy: float
    precision: float
    recall: float
    f1: float
    mcc: float


def _ratio(numerator: float, denominator: float, zero_division: float) -> float:
    """``numerator / denominator``, or ``zero_division`` when the ratio is 0/0."""
    return float(numerator / denominator) if denominator > 0 else zero_division


def _scores(C: np.ndarray, zero_division: float = 0.0) -> _Scores:
    """Every count-based score of a K x K confusion matrix C, K >= 2."""
    C = C.astype(np.float64)
    n = C.sum()
    correct = np.trace(C)
    tp = C[1, 1]  # precision, recall, F1: class 1 against the rest
    fp = C[:, 1].sum() - tp  # predicted 1, truly another class
    fn = C[1, :].sum() - tp  # truly 1, predicted another class
    t = C.sum(axis=1)  # true counts per class
    p = C.sum(axis=0)  # predicted counts per class
    mcc_denominator = np.sqrt((n * n - p @ p) * (n * n - t @ t))
    return _Scores(
        accuracy=float(correct / n),
        precision=_ratio(tp, tp + fp, zero_division),
        recall=_ratio(tp, tp + fn, zero_division),
        f1=_ratio(2 * tp, 2 * tp + fp + fn, zero_division),
        # scikit-learn also returns 0 when the MCC's denominator is 0.
        mcc=_ratio(correct * n - t @ p, mcc_denominator, 0.0),
    )


#: The most classes a confusion matrix may have (10,000: 800 MB of counts).
MAX_CLASSES = 10_000


def _confusion(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> np.ndarray:
    """Count the pairs: pair (i, j) is coded as K i + j, one bincount counts all."""
    codes = n_classes * y_true.astype(np.int64) + y_pred
    counts = np.bincount(codes, minlength=n_classes * n_classes)
    return counts.reshape(n_classes, n_classes)


def _checked_confusion(
    y_true: ArrayLike, y_pred: ArrayLike, n_classes: int | None, minimum: int = 1
) -> np.ndarray:
    """Check the labels and return their confusion matrix."""
    y_true = as_labels(y_true, "y_true")
    y_pred = as_labels(y_pred, "y_pred")
    check_consistent_length(y_true, y_pred, "y_true", "y_pred")
    largest = int(max(y_true.max(), y_pred.max()))
    if n_classes is None:
        n_classes = max(largest + 1, minimum)
        if n_classes > MAX_CLASSES:
            raise ValueError(
                f"y_true and y_pred must hold labels < {MAX_CLASSES} (the "
                f"confusion matrix has n_classes**2 entries), got a label {largest}"
            )
    n_classes = check_integer(
        n_classes,
        "n_classes",
        low=1,
        high=MAX_CLASSES,
        why="the confusion matrix has n_classes**2 entries",
    )
    if largest >= n_classes:
        raise ValueError(
            f"labels must be < n_classes={n_classes}, got a label {largest}"
        )
    return _confusion(y_true, y_pred, n_classes)


# ---------------------------------------------------------------------------
# Scores of hard predictions
# ---------------------------------------------------------------------------


def confusion_matrix(
    y_true: ArrayLike, y_pred: ArrayLike, *, n_classes: int | None = None
) -> np.ndarray:
    r"""Count (true class, predicted class) pairs, like scikit-learn.

    Parameters
    ----------
    y_true, y_pred : array_like of int, shape (n,)
        True and predicted class labels in ``0, ..., n_classes - 1``.
    n_classes : int, optional
        Number of classes :math:`K`. Defaults to the largest label plus one,
        so a class that never occurs below the largest label still gets a
        (zero) row and column (scikit-learn drops labels that occur in
        neither array).

    Returns
    -------
    numpy.ndarray of int, shape (K, K)
        Entry :math:`(i, j)` counts samples of true class :math:`i`
        predicted as :math:`j`; the diagonal holds the correct ones.

    Raises
    ------
    ValueError
        If the arrays are empty or differ in length, a label is negative, or
        a label is ``>= n_classes``.
    TypeError
        If the labels are not integers.

    Notes
    -----
    Each pair :math:`(i, j)` is encoded as the single integer
    :math:`K i + j`; one :func:`numpy.bincount` counts them all, and a
    reshape to :math:`K \times K` gives the matrix.

    Examples
    --------
    >>> from mathdl.metrics import confusion_matrix
    >>> confusion_matrix([0, 0, 1, 2, 2], [0, 1, 1, 2, 0])
    array([[1, 1, 0],
           [0, 1, 0],
           [1, 0, 1]])
    """
    return _checked_confusion(y_true, y_pred, n_classes)


def accuracy(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    r"""Fraction of correct predictions, like ``sklearn.metrics.accuracy_score``.

    Parameters
    ----------
    y_true, y_pred : array_like of int, shape (n,)
        True and predicted class labels (non-negative integers).

    Returns
    -------
    float
        :math:`\frac{1}{n}\sum_i [\hat y_i = y_i] = \operatorname{tr} C / n`,
        in [0, 1]; higher is better.

    Raises
    ------
    ValueError
        If the arrays are empty, differ in length, or hold negative labels.
    TypeError
        If the labels are not integers.

    Examples
    --------
    >>> from mathdl.metrics import accuracy
    >>> accuracy([0, 1, 2, 2], [0, 1, 1, 2])
    0.75
    """
    return _scores(_checked_confusion(y_true, y_pred, None, minimum=2)).accuracy


def matthews_corrcoef(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    r"""Matthews correlation coefficient, multiclass (Gorodkin's :math:`R_K`).

    Parameters
    ----------
    y_true, y_pred : array_like of int, shape (n,)
        True and predicted class labels.

    Returns
    -------
    float
        In :math:`[-1, 1]`: 1 for perfect predictions, about 0 for chance.
        Returns 0 when the formula's denominator is 0 (all predictions, or
        all true labels, in one class), as scikit-learn does.

    Raises
    ------
    ValueError
        If the arrays are empty, differ in length, or hold negative labels.
    TypeError
        If the labels are not integers.

    Notes
    -----
    With :math:`C` the confusion matrix, :math:`t_k` the number of samples
    of class :math:`k`, :math:`p_k` the number predicted as :math:`k`,
    :math:`c = \operatorname{tr} C` the number correct and :math:`s` the
    number of samples,

    .. math:: \text{MCC} = \frac{c\,s - \sum_k p_k t_k}
       {\sqrt{\left(s^2 - \sum_k p_k^2\right)\left(s^2 - \sum_k t_k^2\right)}} .

    For two classes it is the familiar
    :math:`(TP\,TN - FP\,FN)/\sqrt{(TP+FP)(TP+FN)(TN+FP)(TN+FN)}`.

    Examples
    --------
    >>> from mathdl.metrics import matthews_corrcoef
    >>> matthews_corrcoef([0, 0, 1, 1], [0, 0, 1, 1])
    1.0
    >>> round(matthews_corrcoef([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 2]), 4)
    0.2611
    """
    return _scores(_checked_confusion(y_true, y_pred, None, minimum=2)).mcc


class _PrecisionRecallF1(NamedTuple):
    precision: float
    recall: float
    f1: float


class PrecisionRecallF1(_PrecisionRecallF1):
    """Precision, recall and F1 of the positive class (label 1).

    Attributes
    ----------
    precision, recall, f1 : float
        The three scores of :func:`precision_recall_f1`.

    Raises
    ------
    TypeError
        If a score is not a real number.
    ValueError
        If a score is NaN or outside [0, 1].

    Examples
    --------
    >>> from mathdl.metrics import precision_recall_f1
    >>> precision, recall, f1 = precision_recall_f1([1, 1, 0, 0], [1, 0, 1, 0])
    >>> precision, recall, f1
    (0.5, 0.5, 0.5)
    """

    __slots__ = ()

    def __new__(cls, precision: float, recall: float, f1: float) -> PrecisionRecallF1:
        return super().__new__(
            cls,
            check_scalar(precision, "precision", low=0, high=1),
            check_scalar(recall, "recall", low=0, high=1),
            check_scalar(f1, "f1", low=0, high=1),
        )

    @classmethod
    def _make(cls, iterable: Iterable[float]) -> PrecisionRecallF1:
        return cls(*iterable)  # so that _replace checks too


def precision_recall_f1(
    y_true: ArrayLike, y_pred: ArrayLike, *, zero_division: float = 0.0
) -> PrecisionRecallF1:
    r"""Precision, recall and F1 score of binary predictions (positive label 1).

    Parameters
    ----------
    y_true, y_pred : array_like of int, shape (n,)
        True and predicted labels, each 0 or 1.
    zero_division : float, optional
        The value, in [0, 1], returned for a ratio whose numerator and
        denominator are both 0 (default 0.0), without a warning. Precision
        is 0/0 when nothing is predicted positive, recall when ``y_true``
        has no positive, F1 when both hold.

    Returns
    -------
    PrecisionRecallF1
        ``(precision, recall, f1)``, with :math:`TP / (TP + FP)`,
        :math:`TP / (TP + FN)` and :math:`2\,TP / (2\,TP + FP + FN)`; the
        numbers of ``sklearn.metrics.precision_recall_fscore_support(...,
        average="binary")``. Higher is better.

    Raises
    ------
    ValueError
        If the arrays are empty or differ in length, if a label is not 0 or
        1, or if ``zero_division`` is outside [0, 1].
    TypeError
        If the labels are not integers or ``zero_division`` is not a number.

    Notes
    -----
    F1 is the harmonic mean of precision :math:`P` and recall :math:`R`,
    :math:`2PR/(P + R)`; written in counts it is
    :math:`2\,TP / (2\,TP + FP + FN)`, which is defined whenever one of the
    counts is positive.

    Examples
    --------
    >>> from mathdl.metrics import precision_recall_f1
    >>> precision_recall_f1([0, 1, 1, 1, 0], [1, 1, 1, 0, 0])  # doctest: +ELLIPSIS
    PrecisionRecallF1(precision=0.666..., recall=0.666..., f1=0.666...)
    >>> precision_recall_f1([0, 1, 1], [0, 0, 0])  # nothing predicted positive
    PrecisionRecallF1(precision=0.0, recall=0.0, f1=0.0)
    """
    y_true = _as_binary_labels(y_true, "y_true")
    y_pred = _as_binary_labels(y_pred, "y_pred")
    check_consistent_length(y_true, y_pred, "y_true", "y_pred")
    zero_division = _check_zero_division(zero_division)
    scores = _scores(_confusion(y_true, y_pred, 2), zero_division)
    return PrecisionRecallF1(scores.precision, scores.recall, scores.f1)


# ---------------------------------------------------------------------------
# Scores of a ranking: ROC curve and its area
# ---------------------------------------------------------------------------


class _RocCurve(NamedTuple):
    fpr: np.ndarray
    tpr: np.ndarray
    thresholds: np.ndarray


class RocCurve(_RocCurve):
    """A ROC curve; unpacks like scikit-learn's ``fpr, tpr, thresholds``.

    Attributes
    ----------
    fpr, tpr : numpy.ndarray
        False- and true-positive rates, from (0, 0) to (1, 1).
    thresholds : numpy.ndarray
        The decreasing thresholds, ``inf`` first.

    Raises
    ------
    TypeError
        If a field is not array-like.
    ValueError
        If a field is not 1-D or is empty, the three lengths differ, ``fpr``
        or ``tpr`` is not finite, leaves [0, 1] or decreases, or
        ``thresholds`` holds NaN, increases, or is infinite anywhere but in
        its first entry (which may be ``inf``).

    Examples
    --------
    >>> from mathdl.metrics import roc_curve
    >>> curve = roc_curve([0, 1, 1], [0.2, 0.9, 0.6])
    >>> curve.tpr
    array([0. , 0.5, 1. , 1. ])
    >>> fpr, tpr, thresholds = curve
    >>> thresholds
    array([inf, 0.9, 0.6, 0.2])
    """

    __slots__ = ()

    def __new__(cls, fpr: ArrayLike, tpr: ArrayLike, thresholds: ArrayLike) -> RocCurve:
        fpr = _rates(fpr, "fpr")
        tpr = _rates(tpr, "tpr")
        thresholds = as_array(thresholds, "thresholds", ndim=1, finite=False)
        if not fpr.size == tpr.size == thresholds.size:
            raise ValueError(
                "fpr, tpr and thresholds must have the same length, got "
                f"{fpr.size}, {tpr.size} and {thresholds.size}"
            )
        first = thresholds[0]
        if np.isnan(first) or first == -np.inf or not np.isfinite(thresholds[1:]).all():
            raise ValueError(
                "thresholds must be finite, except a first entry of inf, got "
                f"{np.count_nonzero(~np.isfinite(thresholds))} NaN or infinite "
                "value(s)"
            )
        if np.any(np.diff(thresholds) > 0):
            raise ValueError("thresholds must be non-increasing, got an increase")
        return super().__new__(cls, fpr, tpr, thresholds)

    @classmethod
    def _make(cls, iterable: Iterable[ArrayLike]) -> RocCurve:
        return cls(*iterable)  # so that _replace checks too


def _rates(rates: ArrayLike, name: str) -> np.ndarray:
    """Check the false- or true-positive rates of a ROC curve."""
    rates = as_array(rates, name, ndim=1)
    check_probabilities(rates, name, atol=0.0)
    if np.any(np.diff(rates) < 0):
        raise ValueError(
            f"{name} must be non-decreasing along a ROC curve, got a decrease"
        )
    return rates


def _check_scores(
    y_true: ArrayLike, scores: ArrayLike
) -> tuple[np.ndarray, np.ndarray]:
    """Check binary labels with both classes, and finite scores of the same length."""
    y_true = _as_binary_labels(y_true, "y_true")
    scores = as_array(scores, "scores", ndim=1)
    check_consistent_length(y_true, scores, "y_true", "scores")
    if y_true.min() == y_true.max():
        raise ValueError(
            "y_true must hold both classes 0 and 1 for a ROC curve, "
            f"got only label {int(y_true[0])}"
        )
    return y_true, scores


def roc_curve(
    y_true: ArrayLike, scores: ArrayLike, *, drop_intermediate: bool = True
) -> RocCurve:
    r"""Receiver operating characteristic curve, like ``sklearn.metrics.roc_curve``.

    Parameters
    ----------
    y_true : array_like of int, shape (n,)
        True labels, 0 or 1, with at least one of each.
    scores : array_like of float, shape (n,)
        Finite scores; a higher score means "more likely positive" (a
        probability, a logit, a distance with its sign flipped).
    drop_intermediate : bool, optional
        Drop the thresholds whose point lies on a straight segment between
        its neighbours (default ``True``, as in scikit-learn); the curve
        drawn is the same.

    Returns
    -------
    RocCurve
        ``(fpr, tpr, thresholds)``: the rule "positive when
        ``scores >= thresholds[k]``" has false-positive rate ``fpr[k]`` and
        true-positive rate ``tpr[k]``. Thresholds are the distinct scores in
        decreasing order, after a first point (0, 0) at threshold ``inf``;
        the last point is (1, 1).

    Raises
    ------
    ValueError
        If ``y_true`` holds one class only, a label other than 0 and 1, or
        has a different length than ``scores``; if ``scores`` is empty or not
        finite.
    TypeError
        If ``y_true`` does not hold integers or ``drop_intermediate`` is not
        a bool.

    Notes
    -----
    Sort the scores in decreasing order (stably) and lower the threshold one
    distinct score at a time. Samples with tied scores cross the threshold
    together, so each distinct score gives one point. At the last position
    :math:`i` of each group of ties, the cumulative sums of the sorted labels
    give :math:`TP` (positives with a score at or above the threshold) and
    :math:`FP = i + 1 - TP`; dividing by the numbers of positives and
    negatives gives the rates.

    Examples
    --------
    >>> from mathdl.metrics import roc_curve
    >>> fpr, tpr, thresholds = roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> fpr
    array([0. , 0. , 0.5, 0.5, 1. ])
    >>> tpr
    array([0. , 0.5, 0.5, 1. , 1. ])
    >>> thresholds
    array([ inf, 0.8 , 0.4 , 0.35, 0.1 ])
    """
    y_true, scores = _check_scores(y_true, scores)
    if not isinstance(drop_intermediate, bool):
        raise TypeError(
            f"drop_intermediate must be a bool, got {describe(drop_intermediate)}"
        )
    order = np.argsort(-scores, kind="stable")  # decreasing, stable
    scores, y_true = scores[order], y_true[order].astype(np.int64)
    # The last index of each run of equal scores: one point per distinct score.
    last = np.flatnonzero(np.r_[np.diff(scores) != 0, True])
    tps = np.cumsum(y_true)[last]
    fps = last + 1 - tps
    thresholds = scores[last]
    if drop_intermediate and len(last) > 2:
        # Keep the ends and every corner; a point is collinear with its
        # neighbours when both second differences are 0.
        corner = np.r_[True, (np.diff(fps, 2) != 0) | (np.diff(tps, 2) != 0), True]
        tps, fps, thresholds = tps[corner], fps[corner], thresholds[corner]
    tps, fps = np.r_[0, tps], np.r_[0, fps]
    thresholds = np.r_[np.inf, thresholds]
    return RocCurve(fps / fps[-1], tps / tps[-1], thresholds)


def roc_auc(y_true: ArrayLike, scores: ArrayLike) -> float:
    r"""Area under the ROC curve, like ``sklearn.metrics.roc_auc_score``.

    Parameters
    ----------
    y_true : array_like of int, shape (n,)
        True labels, 0 or 1, with at least one of each.
    scores : array_like of float, shape (n,)
        Finite scores, higher meaning "more likely positive".

    Returns
    -------
    float
        The area, in [0, 1]: 1 when every positive scores above every
        negative, 0.5 for scores unrelated to the labels; higher is better.

    Raises
    ------
    ValueError
        If ``y_true`` holds one class only (the area is undefined), a label
        other than 0 and 1, or has a different length than ``scores``; if
        ``scores`` is empty or not finite.
    TypeError
        If ``y_true`` does not hold integers.

    Notes
    -----
    The area is the trapezoid rule on the points of :func:`roc_curve`. It
    equals the probability that a randomly drawn positive scores higher
    than a randomly drawn negative, ties counting one half:

    .. math:: \text{AUC} = \frac{1}{n_1 n_0} \sum_{i: y_i = 1} \sum_{j: y_j = 0}
       \left([s_i > s_j] + \tfrac12 [s_i = s_j]\right) = \frac{U}{n_1 n_0},

    with :math:`U` the Mann-Whitney statistic of the positives' scores
    against the negatives' (:func:`mathdl.statistics.mann_whitney_u`).

    Examples
    --------
    >>> from mathdl.metrics import roc_auc
    >>> roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.75
    """
    fpr, tpr, _ = roc_curve(y_true, scores)
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))
