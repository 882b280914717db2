"""Good arguments of mathdl.probability for tests/test_robustness.py."""

import numpy as np

from mathdl import probability as P
from robustness import case

PROBS = np.array([0.2, 0.5, 0.3])
JOINT = np.array([[0.1, 0.2], [0.3, 0.4]])
X_BIN = np.array([[1, 0, 1], [0, 0, 1], [1, 1, 0], [0, 1, 0]])
Y_BIN = np.array([1, 1, 0, 0])
MEAN = np.array([1.0, -1.0])
COV = np.array([[2.0, 0.5], [0.5, 1.0]])


def fitted_bayes() -> P.BernoulliNaiveBayes:
    return P.BernoulliNaiveBayes(alpha=1.0).fit(X_BIN, Y_BIN)


def mvn() -> P.MultivariateNormal:
    return P.MultivariateNormal(MEAN, COV)


CASES = {
    "Bernoulli": case(p=0.3),
    "Binomial": case(n=10, p=0.3),
    "Poisson": case(lam=3.0),
    "Categorical": case(p=PROBS),
    "Uniform": case(a=-1.0, b=2.0),
    "Normal": case(mu=1.0, sigma=2.0),
    "Exponential": case(rate=2.0),
    "Gamma": case(shape=2.0, scale=3.0),
    "Beta": case(a=2.0, b=3.0),
    "MultivariateNormal": case(mean=MEAN, cov=COV),
    # Far out the log density is -inf, the exact limit (its density is 0).
    "MultivariateNormal.logpdf": case(
        x=np.array([[0.0, 1.0], [1.0, 2.0]]), _instance=mvn, _nonfinite_ok=True
    ),
    "MultivariateNormal.pdf": case(x=np.array([[0.0, 1.0], [1.0, 2.0]]), _instance=mvn),
    "MultivariateNormal.sample": case(n=5, rng=0, _instance=mvn),
    "AliasSampler": case(p=PROBS),
    "AliasSampler.sample": case(size=(2, 3), rng=0),
    "sample_discrete": case(p=PROBS, size=4, rng=0),
    "marginal": case(joint=JOINT, axis=1),
    "conditional": case(joint=JOINT, given=0),
    "bayes": case(prior=np.array([0.3, 0.7]), likelihood=np.array([0.9, 0.2])),
    "BernoulliNaiveBayes": case(alpha=1.0),
    "BernoulliNaiveBayes.fit": case(X=X_BIN, y=Y_BIN),
    "BernoulliNaiveBayes.joint_log_likelihood": case(X=X_BIN, _instance=fitted_bayes),
    "BernoulliNaiveBayes.predict_log_proba": case(X=X_BIN, _instance=fitted_bayes),
    "BernoulliNaiveBayes.predict_proba": case(X=X_BIN, _instance=fitted_bayes),
    "BernoulliNaiveBayes.predict": case(X=X_BIN, _instance=fitted_bayes),
    "BernoulliNaiveBayes.score": case(X=X_BIN, y=Y_BIN, _instance=fitted_bayes),
    "birthday_probability": case(m=np.array([1, 23, 30]), days=365),
    "birthday_simulation": case(m=23, trials=1000, rng=0, days=365),
    "prob_no_special": case(total=50, special=4, draws=3),
    "monty_hall_simulation": case(trials=1000, rng=0, switch=False),
    "bernoulli_mle": case(x=np.array([1.0, 0.0, 1.0])),
    "dice_sum_distribution": case(n_dice=3, sides=6),
}

# The methods every distribution shares, run on an instance of each class
# (and, for the abstract bases, on a representative subclass). The points
# lie inside every support: 1 for the discrete, 0.5 for the continuous
# distributions. Infinite points are valid (the cdf is 0 at -inf and 1 at
# +inf; the log density -inf far out is the exact limit), so the arguments
# of these methods are of kind "inf-array": NaN, None and strings must be
# refused, infinity accepted.
_DISCRETE = ("Bernoulli", "Binomial", "Poisson", "Categorical", "DiscreteDistribution")
_CONTINUOUS = ("Uniform", "Normal", "Exponential", "Gamma", "Beta")
_CONTINUOUS += ("ContinuousDistribution",)
_REPRESENTATIVE = {
    "Distribution": lambda: P.Poisson(2.0),
    "DiscreteDistribution": lambda: P.Binomial(4, 0.5),
    "ContinuousDistribution": lambda: P.Normal(0.0, 1.0),
}
for _name in (*_DISCRETE, *_CONTINUOUS, "Distribution"):
    _x = np.array([0.5]) if _name in _CONTINUOUS else np.array([1.0])
    _methods = ["log_density", "density", "cdf", "sample"]
    _methods += ["pmf", "logpmf"] if _name in _DISCRETE else []
    _methods += ["pdf", "logpdf"] if _name in _CONTINUOUS else []
    for _method in _methods:
        _options = {}
        if _name in _REPRESENTATIVE:
            _options["_instance"] = _REPRESENTATIVE[_name]
        if _method == "sample":
            CASES[f"{_name}.sample"] = case(size=(2, 3), rng=0, **_options)
        else:
            CASES[f"{_name}.{_method}"] = case(
                x=_x,
                _kinds={"x": "inf-array"},
                _nonfinite_ok=_method.startswith("log"),  # log 0 = -inf
                **_options,
            )
