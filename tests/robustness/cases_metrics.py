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
    # Result records: each checks its fields on construction.
    "PrecisionRecallF1": case(precision=0.5, recall=0.5, f1=0.5),
    # thresholds[0] may be +inf (as roc_curve returns); the good one is finite.
    "RocCurve": case(
        fpr=np.array([0.0, 0.5, 1.0]),
        tpr=np.array([0.0, 1.0, 1.0]),
        thresholds=np.array([0.9, 0.4, 0.1]),
    ),
}
