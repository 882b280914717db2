"""Good arguments of mathdl.statistics for tests/test_robustness.py."""

import numpy as np

from robustness import case

X = np.array([2.0, 4.0, 4.0, 5.0, 7.0, 9.0])
Y = np.array([1.0, 3.0, 2.0, 5.0, 4.0, 8.0])
A = np.array([5.1, 4.9, 5.6, 5.8, 6.0, 5.4])
B = np.array([4.2, 4.8, 4.4, 4.9, 4.1])

CASES = {
    "mean": case(x=X),
    "median": case(x=X),
    "mode": case(x=X),
    "variance": case(x=X, ddof=1),
    "std": case(x=X, ddof=1),
    "sem": case(x=X),
    "quantile": case(x=X, q=[0.25, 0.5]),
    "iqr": case(x=X),
    "zscore": case(x=X, ddof=0),
    "rankdata": case(x=X),
    # NaN marks a missing value: the one function that accepts it.
    "impute": case(
        x=np.array([1.0, np.nan, 3.0]), strategy="median", _kinds={"x": "nan-array"}
    ),
    "pearson": case(x=X, y=Y),
    "spearman": case(x=X, y=Y),
    "welch_ttest": case(a=A, b=B, alternative="two-sided"),
    "mann_whitney_u": case(a=A, b=B, alternative="less", use_continuity=True),
    "cohens_d": case(a=A, b=B),
    "mean_diff_ci": case(a=A, b=B, level=0.9),
    "bootstrap_ci": case(x=X, statistic=np.mean, level=0.9, n_resamples=200, rng=0),
    # Result records: each checks its fields on construction.
    "TTestResult": case(statistic=1.0, pvalue=0.5, df=3.0),
    "MannWhitneyResult": case(statistic=1.0, pvalue=0.5),
}
