"""Tests of mathdl.metrics.

Every score is compared with ``sklearn.metrics`` on random labels and scores
drawn by hypothesis, with many ties among the scores (they are drawn from a
few values) since ties are where ROC code goes wrong. The AUC is also checked
against the Mann-Whitney U of :mod:`mathdl.statistics` and against a direct
count of pairs.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import sklearn.metrics as skm
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mathdl import metrics, statistics

# Labels 0..4 for the multiclass scores; binary pairs with scores drawn from a
# few values so that ties are common.
multiclass = st.lists(
    st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=1, max_size=60
)
binary_pairs = st.lists(
    st.tuples(st.integers(0, 1), st.integers(0, 1)), min_size=1, max_size=60
)
scored = st.lists(
    st.tuples(
        st.integers(0, 1),
        st.one_of(
            st.sampled_from([0.0, 0.25, 0.5, 1.0]),
            st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
        ),
    ),
    min_size=2,
    max_size=60,
)


def split(pairs):
    a, b = zip(*pairs, strict=True)
    return np.array(a), np.array(b)


# --------------------------------------------------------------------------
# Hard predictions against scikit-learn
# --------------------------------------------------------------------------


@settings(max_examples=60)
@given(data=multiclass)
def test_multiclass_scores_match_scikit_learn(data):
    y_true, y_pred = split(data)
    assert metrics.accuracy(y_true, y_pred) == pytest.approx(
        skm.accuracy_score(y_true, y_pred)
    )
    np.testing.assert_array_equal(
        metrics.confusion_matrix(y_true, y_pred, n_classes=5),
        skm.confusion_matrix(y_true, y_pred, labels=range(5)),
    )
    with warnings.catch_warnings():
        # scikit-learn warns when only one label occurs; the value is still 0
        warnings.simplefilter("ignore")
        expected_mcc = skm.matthews_corrcoef(y_true, y_pred)
    assert metrics.matthews_corrcoef(y_true, y_pred) == pytest.approx(
        expected_mcc, abs=1e-12
    )


@settings(max_examples=100)
@given(data=binary_pairs, zero_division=st.sampled_from([0.0, 1.0]))
def test_precision_recall_f1_match_scikit_learn(data, zero_division):
    y_true, y_pred = split(data)
    expected = skm.precision_recall_fscore_support(
        y_true,
        y_pred,
        average="binary",
        zero_division=zero_division,
        labels=[0, 1],
    )[:3]
    got = metrics.precision_recall_f1(y_true, y_pred, zero_division=zero_division)
    np.testing.assert_allclose(got, expected, rtol=1e-12)


@settings(max_examples=60)
@given(data=binary_pairs)
def test_every_score_comes_from_the_confusion_matrix(data):
    y_true, y_pred = split(data)
    (tn, fp), (fn, tp) = metrics.confusion_matrix(y_true, y_pred, n_classes=2)
    precision, recall, f1 = metrics.precision_recall_f1(y_true, y_pred)
    if tp + fp:
        assert precision == pytest.approx(tp / (tp + fp))
    if tp + fn:
        assert recall == pytest.approx(tp / (tp + fn))
    if precision + recall:
        # F1 is the harmonic mean of precision and recall
        assert f1 == pytest.approx(2 * precision * recall / (precision + recall))
    assert metrics.accuracy(y_true, y_pred) == pytest.approx((tp + tn) / len(y_true))


def test_worked_example_and_zero_division():
    y_true = [1, 1, 1, 0, 0, 0, 0, 0]
    y_pred = [1, 1, 0, 1, 0, 0, 0, 0]
    assert metrics.precision_recall_f1(y_true, y_pred) == pytest.approx(
        (2 / 3, 2 / 3, 2 / 3)
    )
    # nothing predicted positive: precision is 0/0
    assert metrics.precision_recall_f1([0, 1], [0, 0]) == (0.0, 0.0, 0.0)
    assert metrics.precision_recall_f1([0, 1], [0, 0], zero_division=1.0) == (
        1.0,
        0.0,
        0.0,
    )
    # no positives at all: every ratio is 0/0
    assert metrics.precision_recall_f1([0, 0], [0, 0], zero_division=1.0) == (
        1.0,
        1.0,
        1.0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # never warns
        metrics.precision_recall_f1([0, 0], [0, 0])


def test_confusion_matrix_default_size_and_degenerate_mcc():
    cm = metrics.confusion_matrix([0, 2, 2], [0, 2, 0])
    np.testing.assert_array_equal(cm, [[1, 0, 0], [0, 0, 0], [1, 0, 1]])
    assert metrics.matthews_corrcoef([0, 1, 2, 1], [1, 1, 1, 1]) == 0.0
    assert metrics.matthews_corrcoef([0, 1, 0, 1], [1, 0, 1, 0]) == -1.0
    assert metrics.accuracy([0, 0], [0, 0]) == 1.0
    assert metrics.matthews_corrcoef([0, 0], [0, 0]) == 0.0


def test_the_moved_names_are_gone_from_nn():
    from mathdl import nn

    for name in ("accuracy", "confusion_matrix", "matthews_corrcoef"):
        assert not hasattr(nn, name)
        assert name in metrics.__all__


# --------------------------------------------------------------------------
# ROC curve and AUC
# --------------------------------------------------------------------------


@settings(max_examples=150)
@given(data=scored, drop=st.booleans())
def test_roc_curve_matches_scikit_learn_with_ties(data, drop):
    y_true, scores = split(data)
    assume(y_true.min() != y_true.max())
    expected = skm.roc_curve(y_true, scores, drop_intermediate=drop)
    got = metrics.roc_curve(y_true, scores, drop_intermediate=drop)
    for ours, theirs in zip(got, expected, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    assert metrics.roc_auc(y_true, scores) == pytest.approx(
        skm.roc_auc_score(y_true, scores), abs=1e-12
    )


@settings(max_examples=100)
@given(data=scored)
def test_auc_is_the_probability_a_positive_outranks_a_negative(data):
    y_true, scores = split(data)
    assume(y_true.min() != y_true.max())
    pos, neg = scores[y_true == 1], scores[y_true == 0]
    # count pairs directly, ties one half
    wins = (pos[:, None] > neg[None, :]).sum() + 0.5 * (
        pos[:, None] == neg[None, :]
    ).sum()
    auc = metrics.roc_auc(y_true, scores)
    assert auc == pytest.approx(wins / (len(pos) * len(neg)), abs=1e-12)
    assume(not np.all(scores == scores[0]))  # Mann-Whitney needs two values
    u = statistics.mann_whitney_u(pos, neg).statistic
    assert auc == pytest.approx(u / (len(pos) * len(neg)), abs=1e-12)


def test_roc_curve_shape_and_order():
    curve = metrics.roc_curve([0, 1, 0, 1, 1], [0.2, 0.9, 0.6, 0.6, 0.1])
    fpr, tpr, thresholds = curve  # unpacks like scikit-learn's
    assert curve.fpr is fpr and isinstance(curve, tuple)
    assert (fpr[0], tpr[0], thresholds[0]) == (0.0, 0.0, np.inf)
    assert (fpr[-1], tpr[-1]) == (1.0, 1.0)
    assert np.all(np.diff(thresholds) < 0)
    assert np.all(np.diff(fpr) >= 0) and np.all(np.diff(tpr) >= 0)


def test_perfect_reversed_and_constant_scores():
    y = [0, 0, 1, 1]
    assert metrics.roc_auc(y, [0.1, 0.2, 0.3, 0.4]) == 1.0
    assert metrics.roc_auc(y, [0.4, 0.3, 0.2, 0.1]) == 0.0
    assert metrics.roc_auc(y, [0.5, 0.5, 0.5, 0.5]) == 0.5
    fpr, tpr, thresholds = metrics.roc_curve(y, [0.5] * 4)
    np.testing.assert_array_equal(fpr, [0, 1])
    np.testing.assert_array_equal(tpr, [0, 1])
    np.testing.assert_array_equal(thresholds, [np.inf, 0.5])


# --------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------


def test_bad_input_names_the_argument():
    with pytest.raises(ValueError, match="n_classes=2"):
        metrics.confusion_matrix([0, 2], [0, 1], n_classes=2)
    with pytest.raises(ValueError, match="y_true and y_pred must have the same"):
        metrics.accuracy([0, 1], [0, 1, 1])
    with pytest.raises(TypeError, match="y_pred must hold integer"):
        metrics.matthews_corrcoef([0, 1], [0.5, 1.0])
    with pytest.raises(ValueError, match="y_true must hold class labels >= 0"):
        metrics.accuracy([-1, 1], [0, 1])
    with pytest.raises(ValueError, match="y_pred must hold binary labels 0 and 1"):
        metrics.precision_recall_f1([0, 1], [0, 2])
    with pytest.raises(ValueError, match="y_true and y_pred must have the same"):
        metrics.precision_recall_f1([0, 1], [0, 1, 1])
    with pytest.raises(ValueError, match="zero_division must be <= 1"):
        metrics.precision_recall_f1([0, 1], [0, 1], zero_division=2.0)
    with pytest.raises(TypeError, match="zero_division must be a real number"):
        metrics.precision_recall_f1([0, 1], [0, 1], zero_division="warn")
    with pytest.raises(TypeError, match="positional"):
        metrics.confusion_matrix([0, 1], [0, 1], 2)  # options are keyword-only


@pytest.mark.parametrize("score", [metrics.roc_curve, metrics.roc_auc])
def test_roc_bad_input(score):
    with pytest.raises(ValueError, match="y_true must hold both classes.*only label 1"):
        score([1, 1, 1], [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="y_true must hold both classes.*only label 0"):
        score([0, 0], [0.1, 0.2])
    with pytest.raises(ValueError, match="y_true must hold binary labels"):
        score([0, 1, 2], [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="y_true and scores must have the same"):
        score([0, 1, 1], [0.1, 0.2])
    with pytest.raises(ValueError, match="scores must contain only finite"):
        score([0, 1], [0.1, np.nan])
    with pytest.raises(TypeError, match="y_true must hold integer"):
        score([0.0, 1.0], [0.1, 0.2])


def test_roc_curve_drop_intermediate_must_be_a_bool():
    with pytest.raises(TypeError, match="drop_intermediate must be a bool"):
        metrics.roc_curve([0, 1], [0.1, 0.2], drop_intermediate=1)


def test_huge_n_classes_is_refused_not_allocated():
    # Issue 16: an OverflowError (or a huge allocation) leaked before.
    with pytest.raises(ValueError, match=r"^n_classes must be <= 10000"):
        metrics.confusion_matrix([0, 1], [1, 0], n_classes=2**64)
    with pytest.raises(ValueError, match="^y_true and y_pred must hold labels <"):
        metrics.confusion_matrix([0, 10**9], [1, 0])
