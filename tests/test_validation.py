"""Tests of mathdl._validation, the input checks every module relies on."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from mathdl import _validation as v


class TestCheckFinite:
    """Both paths of check_finite: the sum test for large arrays, isfinite for small."""

    SIZES = (10, v._SUM_CHECK_SIZE + 1)

    @pytest.mark.parametrize("size", SIZES)
    @pytest.mark.parametrize("dtype", [np.float32, np.float64, np.complex128])
    def test_finite_arrays_pass(self, size, dtype):
        x = np.random.default_rng(0).normal(size=size).astype(dtype)
        v.check_finite(x, "x")

    @pytest.mark.parametrize("size", SIZES)
    @pytest.mark.parametrize(
        ("bad", "count"),
        [([np.nan], 1), ([np.inf], 1), ([-np.inf], 1), ([np.inf, -np.inf], 2)],
    )
    def test_counts_the_bad_entries(self, size, bad, count):
        x = np.ones(size, dtype=np.float32)
        x[3 : 3 + len(bad)] = bad
        with pytest.raises(
            ValueError, match=f"x must contain only finite values, got {count} NaN"
        ):
            v.check_finite(x, "x")

    def test_finite_entries_whose_sum_overflows_pass_without_warning(self):
        # The float32 sum is inf, so the entries are checked one by one;
        # pytest turns the overflow RuntimeWarning into an error if it leaks.
        x = np.full(v._SUM_CHECK_SIZE + 1, np.finfo(np.float32).max, np.float32)
        with np.errstate(over="ignore"):
            assert not np.isfinite(x.sum())
        v.check_finite(x, "x")

    def test_integer_and_boolean_arrays_pass(self):
        v.check_finite(np.arange(5), "x")
        v.check_finite(np.array([True, False]), "x")

    @given(
        hnp.arrays(
            np.float64,
            st.integers(1, 3 * v._SUM_CHECK_SIZE),
            elements=st.sampled_from([0.0, 1.5, -1e308, 1e308, np.nan, np.inf]),
            fill=st.sampled_from([0.0, 1e308, np.nan]),
        )
    )
    def test_agrees_with_isfinite(self, x):
        bad = int(np.count_nonzero(~np.isfinite(x)))
        if bad:
            with pytest.raises(ValueError, match=f"got {bad} NaN or infinite"):
                v.check_finite(x, "x")
        else:
            v.check_finite(x, "x")


class TestAsArray:
    def test_converts_lists_to_float64(self):
        out = v.as_array([1, 2, 3], "x")
        assert out.dtype == np.float64
        np.testing.assert_array_equal(out, [1.0, 2.0, 3.0])

    def test_keeps_array_without_copy(self):
        x = np.arange(3.0)
        assert v.as_array(x, "x") is x

    @pytest.mark.parametrize(
        ("x", "ndim", "message"),
        [
            ([[1.0]], 1, r"x must be a 1-D array, got an array of shape \(1, 1\)"),
            ([1.0], (2, 3), r"x must be a 2-D or 3-D array, got .*shape \(1,\)"),
        ],
    )
    def test_wrong_dimension_names_argument_and_shapes(self, x, ndim, message):
        with pytest.raises(ValueError, match=message):
            v.as_array(x, "x", ndim=ndim)

    def test_empty_rejected_unless_allowed(self):
        with pytest.raises(ValueError, match=r"x must not be empty, got .*\(0,\)"):
            v.as_array([], "x")
        assert v.as_array([], "x", allow_empty=True).size == 0

    @pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
    def test_non_finite_rejected(self, bad):
        with pytest.raises(
            ValueError, match="x must contain only finite values, got 1"
        ):
            v.as_array([1.0, bad], "x")

    def test_non_finite_allowed_on_request(self):
        out = v.as_array([1.0, np.nan], "x", finite=False)
        assert np.isnan(out[1])

    @pytest.mark.parametrize("bad", ["abc", None, [1, "a"], {"a": 1}])
    def test_non_numeric_is_type_error(self, bad):
        with pytest.raises(TypeError, match="x must be array-like"):
            v.as_array(bad, "x")

    def test_floating_keeps_float32(self):
        x = np.ones(3, dtype=np.float32)
        assert v.as_array(x, "x", dtype="floating").dtype == np.float32
        assert v.as_array([1, 2], "x", dtype="floating").dtype == np.float64

    def test_dtype_none_keeps_integers(self):
        assert v.as_array(np.arange(3), "y", dtype=None).dtype == np.arange(3).dtype


class TestProbabilityVector:
    @given(
        hnp.arrays(
            np.float64,
            st.integers(1, 20),
            elements=st.floats(0.001, 1.0),
        )
    )
    def test_normalised_vectors_accepted(self, w):
        p = w / w.sum()
        out = v.as_probability_vector(p)
        np.testing.assert_array_equal(out, p)

    @pytest.mark.parametrize(
        ("p", "message"),
        [
            ([0.5, 0.4], "p must be a probability vector whose entries sum to 1, got"),
            ([1.2, -0.2], r"p must hold probabilities in \[0, 1\], got values from"),
            ([[0.5, 0.5]], "p must be a 1-D array"),
            ([], "p must not be empty"),
            ([0.5, np.nan], "p must contain only finite values"),
        ],
    )
    def test_bad_vectors(self, p, message):
        with pytest.raises(ValueError, match=message):
            v.as_probability_vector(p)

    def test_rounding_above_one_is_accepted(self):
        v.check_probabilities(np.array([1.0 + 2e-16]), "p")
        with pytest.raises(ValueError, match=r"p must hold probabilities in \[0, 1\]"):
            v.check_probabilities(np.array([1.0 + 1e-6]), "p")
        with pytest.raises(ValueError, match=r"p must hold probabilities in \[0, 1\]"):
            v.check_probabilities(np.array([-1e-18]), "p")

    def test_tolerance(self):
        v.as_probability_vector([0.5, 0.5 + 1e-10])
        with pytest.raises(ValueError, match="sum to 1"):
            v.as_probability_vector([0.5, 0.5 + 1e-6])

    def test_joint_table_with_ndim_2(self):
        table = v.as_probability_vector([[0.1, 0.2], [0.3, 0.4]], "pxy", ndim=2)
        assert table.shape == (2, 2)
        with pytest.raises(ValueError, match="pxy must be a 2-D array"):
            v.as_probability_vector([0.5, 0.5], "pxy", ndim=2)
        with pytest.raises(ValueError, match="a joint probability table whose"):
            v.as_probability_vector([[0.5, 0.6]], "pxy", ndim=2)
        with pytest.raises(ValueError, match="ndim must be 1 or 2, got 3"):
            v.as_probability_vector([0.5, 0.5], ndim=3)


class TestScalars:
    @pytest.mark.parametrize(
        ("kwargs", "value", "message"),
        [
            ({"low": 0, "low_inclusive": False}, 0.0, "sigma must be > 0, got 0.0"),
            ({"low": 0}, -1, "sigma must be >= 0, got -1"),
            ({"high": 1}, 2.0, "sigma must be <= 1, got 2.0"),
            ({"high": 1, "high_inclusive": False}, 1.0, "sigma must be < 1, got 1.0"),
            ({}, float("nan"), "sigma must be finite, got nan"),
            ({}, float("inf"), "sigma must be finite, got inf"),
        ],
    )
    def test_out_of_range(self, kwargs, value, message):
        with pytest.raises(ValueError, match=message):
            v.check_scalar(value, "sigma", **kwargs)

    @pytest.mark.parametrize("bad", ["1", None, True, [1.0], np.array([1.0, 2.0])])
    def test_not_a_number(self, bad):
        with pytest.raises(TypeError, match="sigma must be a real number"):
            v.check_scalar(bad, "sigma")

    def test_zero_dim_array_and_numpy_scalars(self):
        assert v.check_scalar(np.array(2.5), "x") == 2.5
        assert v.check_scalar(np.float32(0.5), "x") == 0.5
        assert v.check_scalar(np.int64(3), "x") == 3.0

    def test_integer(self):
        assert v.check_integer(np.int64(4), "n", low=0) == 4
        with pytest.raises(TypeError, match="n must be an integer, got float 4.0"):
            v.check_integer(4.0, "n")
        with pytest.raises(TypeError, match="n must be an integer"):
            v.check_integer(True, "n")
        with pytest.raises(ValueError, match="n must be >= 1, got 0"):
            v.check_integer(0, "n", low=1)
        with pytest.raises(ValueError, match="n must be <= 3, got 4"):
            v.check_integer(4, "n", high=3)


class TestShapesAndObjects:
    def test_same_shape(self):
        v.check_same_shape(np.zeros(3), np.ones(3), "p", "q")
        with pytest.raises(ValueError, match=r"p and q .* got \(3,\) and \(2, 2\)"):
            v.check_same_shape(np.zeros(3), np.zeros((2, 2)), "p", "q")

    def test_consistent_length(self):
        v.check_consistent_length(np.zeros((4, 2)), np.zeros(4), "X", "y")
        with pytest.raises(ValueError, match="X and y .* got 4 and 3"):
            v.check_consistent_length(np.zeros((4, 2)), np.zeros(3), "X", "y")

    def test_rng(self):
        g = np.random.default_rng(1)
        assert v.check_rng(g) is g
        a = v.check_rng(5).random(3)
        np.testing.assert_array_equal(a, np.random.default_rng(5).random(3))
        for bad in (None, 1.5, "seed", True):
            with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
                v.check_rng(bad)

    def test_callable(self):
        assert v.check_callable(np.sin, "f") is np.sin
        with pytest.raises(TypeError, match="grad_f must be callable, got int 3"):
            v.check_callable(3, "grad_f")

    def test_describe_truncates_long_reprs(self):
        text = v.describe("x" * 200)
        assert text.startswith("str 'xxx") and text.endswith("...")
        assert len(text) < 70


class TestCheckSymmetric:
    def test_accepts_symmetric_up_to_rounding(self):
        a = np.random.default_rng(0).normal(size=(5, 5))
        cov = a @ a.T
        v.check_symmetric(cov, "cov")
        noisy = cov.copy()
        noisy[0, 1] += 1e-13 * np.abs(cov).max()
        v.check_symmetric(noisy, "cov")

    def test_tolerance_is_relative_to_the_largest_entry(self):
        a = np.array([[1e6, 1.0], [1.0 + 1e-5, 1e6]])  # gap 1e-11 of the scale
        v.check_symmetric(a, "a")
        b = np.array([[1.0, 1.0], [1.0 + 1e-3, 1.0]])
        with pytest.raises(ValueError, match=r"a must be symmetric, got .* of 0\.001"):
            v.check_symmetric(b, "a")

    @pytest.mark.parametrize("shape", [(3,), (2, 3), (2, 2, 2)])
    def test_rejects_non_square(self, shape):
        with pytest.raises(ValueError, match="a must be a square matrix"):
            v.check_symmetric(np.zeros(shape), "a")

    @given(hnp.arrays(np.float64, (4, 4), elements=st.floats(-1e3, 1e3)))
    def test_agrees_with_the_definition(self, a):
        gap = np.abs(a - a.T).max()
        if gap > v.SYMMETRY_RTOL * np.abs(a).max():
            with pytest.raises(ValueError, match="must be symmetric"):
                v.check_symmetric(a, "a")
        else:
            v.check_symmetric(a, "a")
            v.check_symmetric(a.T, "a")


class TestCheckPositiveDefinite:
    @given(st.integers(1, 8), st.integers(0, 2**32 - 1))
    def test_returns_the_cholesky_factor(self, d, seed):
        a = np.random.default_rng(seed).normal(size=(d, d))
        spd = a @ a.T + 0.01 * np.eye(d)
        factor = v.check_positive_definite(spd, "cov")
        np.testing.assert_allclose(factor, np.linalg.cholesky(spd), rtol=1e-12)
        np.testing.assert_allclose(factor @ factor.T, spd, rtol=1e-10, atol=1e-12)

    @pytest.mark.parametrize(
        ("a", "smallest"),
        [
            ([[1.0, 2.0], [2.0, 1.0]], "-1"),
            ([[-2.0, 0.0], [0.0, 3.0]], "-2"),
            ([[0.0, 0.0], [0.0, 1.0]], "0"),
            ([[4.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, -0.5]], "-0.5"),
        ],
    )
    def test_names_the_smallest_eigenvalue(self, a, smallest):
        with pytest.raises(
            ValueError,
            match=f"cov must be positive definite, got a smallest eigenvalue of "
            f"{smallest}$",
        ):
            v.check_positive_definite(np.array(a), "cov")

    @pytest.mark.parametrize("d", [2, 5, 20])
    def test_rejects_matrices_singular_to_working_precision(self, d):
        # Rank one: Cholesky may "succeed" with a pivot that is only rounding.
        x = np.random.default_rng(d).normal(size=d)
        with pytest.raises(ValueError, match="must be positive definite"):
            v.check_positive_definite(np.outer(x, x), "cov")

    def test_accepts_a_tiny_but_well_conditioned_matrix(self):
        factor = v.check_positive_definite(1e-200 * np.eye(3), "cov")
        np.testing.assert_allclose(factor, 1e-100 * np.eye(3))


class TestVocabulary:
    """The checks every public entry point uses: flags, rng, axes, shapes, ..."""

    @pytest.mark.parametrize("value", [True, False, np.True_, np.False_])
    def test_flag_accepts_booleans(self, value):
        assert v.check_flag(value, "shuffle") is bool(value)

    @pytest.mark.parametrize("value", ["no", 1, 0, None, 1.0, np.array([True])])
    def test_flag_rejects_everything_else(self, value):
        with pytest.raises(TypeError, match="^stratify must be True or False, got"):
            v.check_flag(value, "stratify")

    @pytest.mark.parametrize("seed", [-1, np.int64(-5)])
    def test_rng_rejects_negative_seeds_naming_the_argument(self, seed):
        with pytest.raises(ValueError, match=f"^gen must be .* got {int(seed)}$"):
            v.check_rng(seed, "gen")

    @pytest.mark.parametrize("seed", [None, 1.5, "0", True])
    def test_rng_rejects_non_integers(self, seed):
        with pytest.raises(TypeError, match="^rng must be a numpy.random.Generator"):
            v.check_rng(seed)

    def test_rng_accepts_numpy_integer_seed(self):
        g = v.check_rng(np.int64(3))
        assert g.random() == np.random.default_rng(3).random()

    @pytest.mark.parametrize(
        ("axis", "ndim", "out"), [(0, 1, 0), (-1, 3, 2), (2, 3, 2)]
    )
    def test_axis_normalises(self, axis, ndim, out):
        assert v.check_axis(axis, ndim) == out

    @pytest.mark.parametrize(
        ("axis", "error"),
        [(2, ValueError), (-3, ValueError), (1.0, TypeError), (None, TypeError)],
    )
    def test_axis_rejects(self, axis, error):
        with pytest.raises(error, match="^axis must be"):
            v.check_axis(axis, 2)

    def test_shape_wildcards(self):
        v.check_shape(np.zeros((4, 3, 2)), "x", (None, 3, None))
        with pytest.raises(
            ValueError, match=r"^x must have shape \(n, 2\), got \(4, 3\)"
        ):
            v.check_shape(np.zeros((4, 3)), "x", (None, 2))

    def test_as_array_shape(self):
        with pytest.raises(ValueError, match=r"grad must have shape \(2, 3\)"):
            v.as_array(np.zeros((3, 2)), "grad", shape=(2, 3))

    def test_integer_upper_bound_says_why(self):
        with pytest.raises(ValueError, match=r"^n must be <= 10 \(work\), got 11$"):
            v.check_integer(11, "n", high=10, why="work")

    def test_choice(self):
        assert v.check_choice("a", "mode", ("a", "b")) == "a"
        with pytest.raises(ValueError, match="^mode must be one of 'a', 'b', got"):
            v.check_choice("c", "mode", ("a", "b"))
        with pytest.raises(TypeError, match="^mode must be one of"):
            v.check_choice(None, "mode", ("a", "b"))

    @pytest.mark.parametrize("dtype", ["float32", np.float64, np.dtype("f4")])
    def test_dtype_accepts(self, dtype):
        assert v.check_dtype(dtype) == np.dtype(dtype)

    @pytest.mark.parametrize(("dtype", "error"), [(np.int64, ValueError),
                                                  ("nonsense", TypeError),
                                                  (None, TypeError)])  # fmt: skip
    def test_dtype_rejects(self, dtype, error):
        with pytest.raises(error, match="^dtype must be float32 or float64"):
            v.check_dtype(dtype)

    def test_finite_result(self):
        assert v.check_finite_result(1.0, "the mean") == 1.0
        with pytest.raises(ValueError, match="^the mean overflows float64"):
            v.check_finite_result(np.array([1.0, np.nan]), "the mean")

    def test_interface(self):
        class Model:
            def forward(self, x):
                return x

            backward = 3  # not callable

        with pytest.raises(
            TypeError, match=r"^model must be a model .*missing backward"
        ):
            v.check_interface(Model(), "model", ("forward", "backward"), "a model")
        assert v.check_interface(Model(), "model", ("forward",)) is not None
