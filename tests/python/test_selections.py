"""maximum, minimum, fmax, fmin and relu: NumPy's values and NaN rules, -0 ordered below +0.

NumPy leaves the sign of a zero result open when the operands are zeros of opposite sign
(it returns either operand, depending on dtype and loop); simdkern returns IEEE 754-2019's
answer everywhere: maximum(-0, +0) = +0, minimum(-0, +0) = -0.
"""

import itertools
from typing import Any

import numpy as np
import pytest
import simdkern
from numpy.typing import NDArray

DTYPES = (np.float16, np.float32, np.float64)
DTYPE_IDS = [np.dtype(d).name for d in DTYPES]
SPECIALS = (0.0, -0.0, 1.0, -1.0, 0.5, -2.5, np.inf, -np.inf, np.nan, 6.0e4, -6.0e4, 1e-7)
PAIRS = {
    "maximum": (np.maximum, True, True),
    "minimum": (np.minimum, False, True),
    "fmax": (np.fmax, True, False),
    "fmin": (np.fmin, False, False),
}


def grid(dtype: Any) -> tuple[NDArray[Any], NDArray[Any]]:
    """Every ordered pair of special values, plus their smallest subnormal."""
    tiny = float(np.finfo(dtype).smallest_subnormal)
    values = [*SPECIALS, tiny, -tiny]
    pairs = list(itertools.product(values, repeat=2))
    with np.errstate(all="ignore"):
        x = np.array([p[0] for p in pairs], dtype=dtype)
        y = np.array([p[1] for p in pairs], dtype=dtype)
    return x, y


def ieee(x: float, y: float, larger: bool, keep_nan: bool) -> float:
    if np.isnan(x) or np.isnan(y):
        if keep_nan:
            return np.nan
        return y if np.isnan(x) else x
    if x == y:  # the -0/+0 pair: +0 is the larger
        return y if bool(np.signbit(x)) == larger else x
    return x if (x > y) == larger else y


@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
@pytest.mark.parametrize("name", list(PAIRS))
def test_special_pairs(name: str, dtype: Any) -> None:
    numpy_ufunc, larger, keep_nan = PAIRS[name]
    ours: np.ufunc = getattr(simdkern, name)
    x, y = grid(dtype)
    with np.errstate(all="raise"):  # no flag for any pair, NaN included
        got = ours(x, y)
        theirs = numpy_ufunc(x, y)
    want = np.array([ieee(a, b, larger, keep_nan) for a, b in zip(x, y, strict=True)], dtype)
    assert got.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(got, theirs)  # NumPy's values and NaN positions
    np.testing.assert_array_equal(np.signbit(got), np.signbit(want))  # and -0 < +0
    assert not np.isnan(got[~np.isnan(want)]).any()


@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_signed_zeros_are_ordered(dtype: Any) -> None:
    plus, minus = np.zeros(40, dtype), -np.zeros(40, dtype)
    for a, b in ((plus, minus), (minus, plus)):
        assert not np.signbit(simdkern.maximum(a, b)).any()
        assert np.signbit(simdkern.minimum(a, b)).all()
        assert not np.signbit(simdkern.fmax(a, b)).any()
        assert np.signbit(simdkern.fmin(a, b)).all()
    assert not np.signbit(simdkern.relu(minus)).any()


@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_relu(dtype: Any) -> None:
    x, _ = grid(dtype)
    with np.errstate(all="raise"):
        got = simdkern.relu(x)
    want = np.where(x > 0, x, np.zeros_like(x))
    want[np.isnan(x)] = np.nan
    np.testing.assert_array_equal(got, want)
    assert not np.signbit(got[~np.isnan(got)]).any()
    np.testing.assert_array_equal(got, np.maximum(x, dtype(0)))


@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
@pytest.mark.parametrize("name", list(PAIRS))
def test_random_strided_broadcast(name: str, dtype: Any) -> None:
    numpy_ufunc = PAIRS[name][0]
    ours: np.ufunc = getattr(simdkern, name)
    rng = np.random.default_rng(1)
    x = rng.standard_normal((3, 2001)).astype(dtype)
    y = rng.standard_normal(2001).astype(dtype)
    x[0, ::97] = np.nan
    y[::89] = np.nan
    np.testing.assert_array_equal(ours(x, y), numpy_ufunc(x, y))
    np.testing.assert_array_equal(ours(x[:, ::-3], y[::-3]), numpy_ufunc(x[:, ::-3], y[::-3]))
    np.testing.assert_array_equal(ours(x, dtype(0.25)), numpy_ufunc(x, dtype(0.25)))


def test_float16_nan_payload_is_kept() -> None:
    """float16 selections return an operand's bits: a signaling NaN passes, quiet."""
    signaling = np.array([0x7C01], dtype=np.uint16).view(np.float16)
    one = np.ones(1, np.float16)
    with np.errstate(all="raise"):
        assert simdkern.maximum(signaling, one).view(np.uint16)[0] == 0x7C01
        assert simdkern.fmax(signaling, one)[0] == 1.0
        assert simdkern.relu(signaling).view(np.uint16)[0] == 0x7C01


@pytest.mark.parametrize("name", list(PAIRS))
def test_reduce_over_all_axes_like_numpy(name: str) -> None:
    numpy_ufunc = PAIRS[name][0]
    ours: np.ufunc = getattr(simdkern, name)
    data = np.random.default_rng(2).standard_normal((4, 5, 6))
    assert ours.reduce(data, axis=None) == numpy_ufunc.reduce(data, axis=None)
    np.testing.assert_array_equal(ours.reduce(data, axis=(0, 2)), numpy_ufunc.reduce(data, (0, 2)))
    data[1, 2, 3] = np.nan
    np.testing.assert_array_equal(ours.reduce(data, axis=None), numpy_ufunc.reduce(data, axis=None))
    with pytest.raises(ValueError, match="identity"):
        ours.reduce(np.ones((0, 3)), axis=0)
