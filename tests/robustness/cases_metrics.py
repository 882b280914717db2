"""Good arguments of mathdl.metrics for tests/test_robustness.py."""

import numpy as np

from robustness import case

Y_TRUE = np.array([0, 1, 1, 0, 1])
Y_PRED = np.array([0, 1, 0, 0, 1])
SCORES = np.array([0.1, 0.8, 0.4, 0.3, 0.9])

CASES = {
    "accuracy": case(y_true=Y_TRUE, y_pred=Y_PRED),
    "confusion_matrix": case(y_true=Y_TRUE, y_pred=Y_PRED, n_classes=2),
    "matthews_corrcoef": case(y_true=Y_TRUE, y_pred=Y_PRED),
    "precision_recall_f1": case(y_true=Y_TRUE, y_pred=Y_PRED),
    "roc_auc": case(y_true=Y_TRUE, scores=SCORES),
    # thresholds[0] is +inf by convention (scikit-learn's): no score reaches it.
    "roc_curve": case(y_true=Y_TRUE, scores=SCORES, _nonfinite_ok=True),
    # Result records: constructed by the functions above, never checked.
    "PrecisionRecallF1": case(
        precision=0.5,
        recall=0.5,
        f1=0.5,
        _kinds={"precision": "any", "recall": "any", "f1": "any"},
    ),
    "RocCurve": case(
        fpr=np.zeros(2),
        tpr=np.ones(2),
        thresholds=np.ones(2),
        _nonfinite_ok=True,
        _kinds={"fpr": "any", "tpr": "any", "thresholds": "any"},
    ),
}
