"""exp2, expm1, log2, log10, log1p, cbrt, power and hypot: what a user relies on.

- Special values give NumPy's results (``np.exp2`` ... with the same dtype): NaN where
  NumPy has NaN, the same infinities, the same signed zeros, +-1 where NumPy gives +-1
  (x**0 = 1 even for NaN, ...), and the exact result wherever it is representable
  (2**127, log10(100), cbrt(-27), 3-4-5 triangles; NumPy's float32 exp2, log10 and cbrt,
  Intel's SVML, are 1 ULP off on some of these).
- Where SLEEF's own functions are wrong, the kernels are right: log1p of huge and of
  subnormal x, power near the overflow threshold (SLEEF's pow gives inf from e**709.78 on),
  hypot of arguments near and below the smallest normal, cbrt of subnormals; checked
  against mpmath through simdkern.accuracy.
- The overflow and underflow thresholds of exp2 and expm1 are NumPy's.
- power and hypot broadcast, take ``out=`` and scalars, and keep float32 as NumPy does.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
import simdkern
from numpy.typing import NDArray
from simdkern import accuracy

DTYPES = [np.float32, np.float64]
DTYPE_IDS = ["float32", "float64"]


def as_bits(array: NDArray[Any]) -> NDArray[Any]:
    return np.ascontiguousarray(array).view(f"u{array.itemsize}")


def ours_and_numpy(name: str, *args: NDArray[Any]) -> tuple[NDArray[Any], NDArray[Any]]:
    ufunc: np.ufunc = getattr(simdkern, name)
    numpy_ufunc: np.ufunc = getattr(np, name)
    with np.errstate(all="ignore"):
        return np.asarray(ufunc(*args)), np.asarray(numpy_ufunc(*args))


def assert_same_specials(name: str, got: NDArray[Any], want: NDArray[Any], *args: Any) -> None:
    """NaN where NumPy has NaN; elsewhere the same bits (signed zeros, infinities)."""
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    nan_differs = np.isnan(got) != np.isnan(want)
    bits_differ = ~np.isnan(want) & (as_bits(got) != as_bits(want))
    wrong = np.flatnonzero(nan_differs | bits_differ)
    inputs = [np.broadcast_to(np.asarray(a), got.shape).ravel() for a in args]
    assert wrong.size == 0, "\n".join(
        f"{name}({', '.join(repr(a[i].item()) for a in inputs)}) = {got.ravel()[i]!r}, "
        f"NumPy {want.ravel()[i]!r}"
        for i in wrong[:8]
    )


def with_negatives(values: list[float]) -> list[float]:
    return values + [-v for v in values]


# ----- special values against NumPy -------------------------------------------------------


def unary_specials(name: str, dtype: type[np.floating[Any]]) -> NDArray[Any]:
    """Inputs whose results are special or exact, per function."""
    info = np.finfo(dtype)
    tiny, sub = float(info.tiny), float(info.smallest_subnormal)
    big, emin = float(info.max), int(info.minexp)  # emin: -126 or -1022
    lowest = emin - int(info.nmant)  # -149 or -1074: log2 of the smallest subnormal
    common = [0.0, math.inf, math.nan, 1.0, 2.0, big, tiny, sub, 3 * sub]
    edges = [float(emin), float(lowest), float(lowest - 1), float(lowest - 2), float(emin - 10)]
    table: dict[str, list[float]] = {
        "exp2": [*common, 10.0, 0.5 * big, float(info.maxexp), float(info.maxexp - 1), *edges],
        "expm1": [*common, 1000.0, 1e30, 0.5 * big],
        "log2": [*common, 0.5, 1024.0, 2.0**-20, 2.0 ** (emin - 3), 3.0],
        "log10": [*common, 10.0, 100.0, 1e10, 0.5],
        "log1p": [*common, 2.0**-30, 0.5, 3.0],
        "cbrt": [*common, 8.0, 27.0, 0.125, 2.0**lowest, 2.0 ** (lowest + 2), 2.0 ** (3 * 30)],
    }
    with np.errstate(all="ignore"):
        return np.array(with_negatives(table[name]), dtype=dtype)


@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
@pytest.mark.parametrize("name", ["exp2", "expm1", "log2", "log10", "log1p", "cbrt"])
def test_unary_special_values_are_numpys(name: str, dtype: type[np.floating[Any]]) -> None:
    x = unary_specials(name, dtype)
    got, want = ours_and_numpy(name, x)
    special = ~np.isfinite(want) | (want == 0) | (np.abs(want) == 1)
    assert_same_specials(name, got[special], want[special], x[special])
    # the rest: exact results exactly (NumPy's float32 functions, Intel's SVML, miss some:
    # exp2(127), log10(100), cbrt(27)), the others within the documented 1 ULP
    ref = accuracy.exact(name, [x], dtype)
    exact = unary_exact(name, x) & ~special
    assert_same_specials(name, got[exact], ref.rounded[exact], x[exact])
    err = accuracy.ulp_error(got, ref, dtype)
    assert err.max() <= 1.0, (x[np.argmax(err)], got[np.argmax(err)])


def unary_exact(name: str, x: NDArray[Any]) -> NDArray[np.bool_]:
    """Where the mathematical result is representable (so every correct kernel agrees)."""
    with np.errstate(all="ignore"):
        x64 = x.astype(np.float64)
        if name == "exp2":
            return (x64 == np.round(x64)) & (x64 > -149 if x.dtype == np.float32 else x64 > -1075)
        if name == "log2":
            mantissa, _ = np.frexp(x64)
            return (x64 > 0) & (mantissa == 0.5)
        if name == "log10":
            return np.isin(x64, [10.0**k for k in range(23)])  # the exact powers of ten
        if name == "cbrt":
            m, e = np.frexp(np.abs(x64))
            return ((m == 0.5) & ((e - 1) % 3 == 0)) | np.isin(np.abs(x64), [8.0, 27.0])
    return np.zeros(x.shape, dtype=bool)


def power_grid(dtype: type[np.floating[Any]]) -> tuple[NDArray[Any], NDArray[Any]]:
    info = np.finfo(dtype)
    bases = with_negatives(
        [0.0, math.inf, math.nan, 1.0, 2.0, 0.5, 4.0, 3.0, float(info.max), float(info.tiny)]
    )
    exponents = with_negatives(
        [0.0, math.inf, math.nan, 1.0, 2.0, 3.0, 0.5, 1.5, 1e30, float(info.max), 2.0**30 + 1]
    )
    x, y = np.meshgrid(np.array(bases, dtype=dtype), np.array(exponents, dtype=dtype))
    return x.ravel(), y.ravel()


@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_power_special_values_are_numpys(dtype: type[np.floating[Any]]) -> None:
    """pow(x, 0) = 1 and pow(1, y) = 1 even for NaN, negative bases with integer and
    non-integer exponents, signed zeros and infinities, huge exponents: NumPy's bits
    wherever the result is special (NaN, +-inf, +-0, +-1) or an exact power of two."""
    x, y = power_grid(dtype)
    got, want = ours_and_numpy("power", x, y)
    with np.errstate(all="ignore"):
        special = ~np.isfinite(want) | (want == 0) | (np.abs(want) == 1)
        m, _ = np.frexp(np.abs(x.astype(np.float64)))
        exact = (m == 0.5) & (y == np.round(y)) & (np.abs(y) <= 3)
    pick = special | exact
    assert_same_specials("power", got[pick], want[pick], x[pick], y[pick])
    err = accuracy.ulp_error(got, accuracy.exact("power", [x, y], dtype), dtype)
    assert err.max() <= 1.0, (x[np.argmax(err)], y[np.argmax(err)], got[np.argmax(err)])


@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_hypot_special_values_are_numpys(dtype: type[np.floating[Any]]) -> None:
    """hypot(+-inf, NaN) = +inf, hypot(NaN, finite) = NaN, hypot(x, +-0) = |x| (subnormal
    x too), +0 for two zeros, 3-4-5 exactly, inf past the largest float."""
    info = np.finfo(dtype)
    sub = float(info.smallest_subnormal)
    values = with_negatives(
        [0.0, math.inf, math.nan, 3.0, 4.0, float(info.max), float(info.tiny), sub, 3000 * sub]
    )
    values += [4000 * sub]
    x, y = np.meshgrid(np.array(values, dtype=dtype), np.array(values, dtype=dtype))
    x, y = x.ravel(), y.ravel()
    got, want = ours_and_numpy("hypot", x, y)
    assert_same_specials("hypot", got, want, x, y)


# ----- where SLEEF is wrong ---------------------------------------------------------------


def max_ulp(name: str, args: list[NDArray[Any]], dtype: type[np.floating[Any]]) -> float:
    ufunc: np.ufunc = getattr(simdkern, name)
    with np.errstate(all="ignore"):
        got = np.asarray(ufunc(*args))
    ref = accuracy.exact(name, args, dtype)
    assert not accuracy.mismatch(got, ref).any()
    return float(accuracy.ulp_error(got, ref, dtype).max())


@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_log1p_of_huge_and_tiny_arguments(dtype: type[np.floating[Any]]) -> None:
    """SLEEF's log1p gives inf beyond 1e307 (1e38 in float32) and 0 for 2**-1074."""
    info = np.finfo(dtype)
    huge = np.geomspace(2.0**50, float(info.max) / 2, 500).astype(dtype)
    tiny = np.geomspace(float(info.smallest_subnormal), 2.0**-20, 500).astype(dtype)
    x = np.concatenate([huge, tiny, -tiny, [info.max]])
    assert max_ulp("log1p", [x], dtype) <= 1.0
    subnormal = tiny[tiny < info.tiny]
    np.testing.assert_array_equal(simdkern.log1p(subnormal), subnormal)
    assert np.isfinite(simdkern.log1p(np.array([info.max], dtype=dtype))).all()


@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_log1p_near_minus_one(dtype: type[np.floating[Any]]) -> None:
    steps = np.arange(1, 400, dtype=np.float64)
    x = (-1.0 + steps * float(np.finfo(dtype).epsneg)).astype(dtype)
    x = np.concatenate([x, np.linspace(-1, -0.5, 400, dtype=dtype)[1:]])
    assert max_ulp("log1p", [x], dtype) <= 1.0


@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_power_near_the_overflow_threshold(dtype: type[np.floating[Any]]) -> None:
    """SLEEF's float64 pow returns inf for results beyond e**709.78 (pow(max, 1) = inf)."""
    info = np.finfo(dtype)
    top = float(info.maxexp)  # 128 or 1024: log2 of the overflow threshold
    rng = np.random.default_rng(5)
    # results between 2**(top - 0.01) and 2**(top + 0.001), from several kinds of y
    target = rng.uniform(top - 0.01, top + 0.001, 3000)
    y = np.concatenate([np.ones(500), np.full(500, 2.0), rng.uniform(1.0, 40.0, 1000)])
    y = np.concatenate([y, -rng.uniform(1.0, 40.0, 1000)]).astype(dtype)
    with np.errstate(all="ignore"):
        x = np.exp2(target / y.astype(np.float64)).astype(dtype)
    x = np.concatenate([x, [info.max, -info.max]]).astype(dtype)
    y = np.concatenate([y, [1.0, 1.0]]).astype(dtype)
    assert max_ulp("power", [x, y], dtype) <= 1.0
    big = np.array([info.max, -info.max], dtype=dtype)
    np.testing.assert_array_equal(simdkern.power(big, np.ones(2, dtype=dtype)), big)
    # bases near 1 with huge exponents (one step of y does not leave SLEEF's window)
    near_one = (1 + rng.uniform(float(info.eps), 0.01, 1000)).astype(dtype)
    near_one = np.concatenate([near_one, (1 / near_one).astype(dtype)])
    with np.errstate(all="ignore"):
        aimed = rng.uniform(top - 0.01, top + 0.001, 2000) / np.log2(near_one.astype(np.float64))
    assert max_ulp("power", [near_one, aimed.astype(dtype)], dtype) <= 1.0


@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_power_with_results_below_the_normal_range(dtype: type[np.floating[Any]]) -> None:
    info = np.finfo(dtype)
    lowest = float(info.minexp - info.nmant)
    rng = np.random.default_rng(6)
    target = rng.uniform(lowest - 2, float(info.minexp) + 1, 2000)
    x = _full_range(rng, dtype, 2000)
    with np.errstate(all="ignore"):
        y = (target / np.log2(x.astype(np.float64))).astype(dtype)
    assert max_ulp("power", [x, y], dtype) <= 1.0


def _full_range(rng: np.random.Generator, dtype: type[np.floating[Any]], n: int) -> NDArray[Any]:
    info = np.finfo(dtype)
    binade = rng.integers(info.minexp, info.maxexp, n)
    return np.ldexp(rng.uniform(1.0, 2.0, n), binade).astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_hypot_of_tiny_arguments(dtype: type[np.floating[Any]]) -> None:
    """SLEEF's hypot u05 is 1 ULP off near the smallest normal; simdkern's stays at 0.5,
    subnormal results included."""
    info = np.finfo(dtype)
    rng = np.random.default_rng(7)
    low = float(info.minexp - info.nmant)
    binades = rng.integers(int(low), int(info.minexp) + 3, (2, 3000))
    x, y = (np.ldexp(rng.uniform(1, 2, 3000), b) * rng.choice([-1.0, 1.0], 3000) for b in binades)
    args = [x.astype(dtype), y.astype(dtype)]
    assert max_ulp("hypot", args, dtype) <= 0.5


@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_cbrt_of_subnormals(dtype: type[np.floating[Any]]) -> None:
    info = np.finfo(dtype)
    sub = np.geomspace(float(info.smallest_subnormal), float(info.tiny), 2000).astype(dtype)
    x = np.concatenate([sub, -sub])
    assert max_ulp("cbrt", [x], dtype) <= 1.0


@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
@pytest.mark.parametrize("name", ["exp2", "expm1"])
def test_overflow_threshold_is_numpys(name: str, dtype: type[np.floating[Any]]) -> None:
    """Around the largest x with a finite result: finite exactly where NumPy's is, within
    1 ULP of mpmath."""
    largest = np.finfo(dtype).max
    threshold = float(np.log2(largest) if name == "exp2" else np.log(largest))
    centre = np.array(threshold, dtype=dtype)
    steps = np.arange(-300, 300)
    x = np.array([centre], dtype=dtype).view(f"i{np.dtype(dtype).itemsize}") + steps
    x = x.view(dtype)
    got, want = ours_and_numpy(name, x)
    np.testing.assert_array_equal(np.isfinite(got), np.isfinite(want))
    assert max_ulp(name, [x], dtype) <= 1.0


@pytest.mark.parametrize("dtype", DTYPES, ids=DTYPE_IDS)
def test_exp2_through_the_subnormal_range(dtype: type[np.floating[Any]]) -> None:
    info = np.finfo(dtype)
    lowest = float(info.minexp - info.nmant)
    x = np.linspace(lowest - 3, float(info.minexp) + 2, 4001).astype(dtype)
    assert max_ulp("exp2", [x], dtype) <= 1.0


# ----- ufunc behaviour of the two-input functions ---------------------------------------------


@pytest.mark.parametrize("name", ["power", "hypot"])
def test_broadcasting_out_and_scalars_as_numpy(name: str) -> None:
    ufunc: np.ufunc = getattr(simdkern, name)
    numpy_ufunc: np.ufunc = getattr(np, name)
    x = np.linspace(0.5, 3.0, 12).reshape(3, 4)
    column = np.array([[0.5], [2.0], [3.0]])
    row = np.array([1.0, -2.0, 0.5, 3.0])
    for args in ((x, row), (column, row), (x, 2.0), (3.0, x), (x[:, ::-2], column)):
        got, want = ufunc(*args), numpy_ufunc(*args)
        assert got.shape == want.shape
        np.testing.assert_array_max_ulp(got, want, maxulp=1)
    out = np.empty((3, 4))
    assert ufunc(column, row, out=out) is out
    np.testing.assert_array_max_ulp(out, numpy_ufunc(column, row), maxulp=1)
    f32 = x.astype(np.float32)
    assert ufunc(f32, np.float32(2.0)).dtype == np.float32
    assert ufunc(f32, f32).dtype == numpy_ufunc(f32, f32).dtype == np.float32
    assert ufunc(f32, x).dtype == np.float64


def test_power_of_integer_exponents_is_exact_where_numpy_is() -> None:
    """Small integer powers of small integers are exact: NumPy's bits."""
    x = np.arange(-12.0, 13.0)
    xs, ys = np.meshgrid(x, np.arange(0.0, 9.0))
    got, want = ours_and_numpy("power", xs.ravel(), ys.ravel())
    np.testing.assert_array_equal(got, want)
    for dtype in (np.float16, np.float32):
        small = np.arange(-6.0, 7.0, dtype=dtype)
        got16, want16 = ours_and_numpy("power", small, np.full(small.shape, 3.0, dtype=dtype))
        assert got16.dtype == dtype
        np.testing.assert_array_equal(got16, want16)
