"""tan, arcsin, arccos, arctan, sinh, cosh, arcsinh, arccosh, arctanh, erf, erfc, arctan2.

Special values give NumPy's results bit for bit (scipy.special's for erf and erfc, which
NumPy lacks): signed zeros, infinities, NaN, and the values the functions saturate to.
Where SLEEF's own range ends short of the true one (sinh and cosh overflowing early,
arcsinh and arccosh of huge arguments, tiny arguments) the results are the correctly
rounded ones within the catalogue's bound, and the floating-point errors are NumPy's.
"""

import os
import subprocess
import sys
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import simdkern
from numpy.typing import NDArray
from simdkern import accuracy

special = pytest.importorskip("scipy.special")

UNARY = [
    *("tan", "arcsin", "arccos", "arctan", "sinh", "cosh"),
    *("arcsinh", "arccosh", "arctanh", "erf", "erfc"),
]
ALL_DTYPES = [np.float16, np.float32, np.float64]
FLOAT_DTYPES = [np.float32, np.float64]


def dtype_id(dtype: type[np.floating[Any]]) -> str:
    return np.dtype(dtype).name


def reference_ufunc(name: str) -> np.ufunc:
    """NumPy's namesake; scipy.special's erf and erfc (NumPy has none)."""
    if name in ("erf", "erfc"):
        found: np.ufunc = getattr(special, name)
        return found
    namesake: np.ufunc = getattr(np, name)
    return namesake


def quiet(ufunc: Callable[..., Any], *args: NDArray[Any]) -> NDArray[Any]:
    with np.errstate(all="ignore"):
        return np.asarray(ufunc(*args))


def same_bits(got: NDArray[Any], want: NDArray[Any]) -> NDArray[np.bool_]:
    """Equal bits (the sign of a zero included), or both NaN (payloads may differ)."""
    unsigned = f"u{got.itemsize}"
    both_nan = np.isnan(got) & np.isnan(want)
    return both_nan | (got.view(unsigned) == want.astype(got.dtype).view(unsigned))


# Inputs whose results are exact or saturated (0, +-inf, NaN, +-1, 2, +-pi/2, pi, ...):
# any correct implementation returns the same bits.
EXACT_INPUTS: dict[str, list[float]] = {
    "tan": [0.0, -0.0, np.inf, -np.inf, np.nan],
    "arcsin": [0.0, -0.0, 1.0, -1.0, 1.5, -1.5, np.inf, -np.inf, np.nan],
    "arccos": [1.0, -1.0, 0.0, -0.0, 1.5, -1.5, np.inf, -np.inf, np.nan],
    "arctan": [0.0, -0.0, np.inf, -np.inf, np.nan, 1e300, -1e300],
    "sinh": [0.0, -0.0, np.inf, -np.inf, np.nan, 1e300, -1e300, 1000.0, -1000.0],
    "cosh": [0.0, -0.0, np.inf, -np.inf, np.nan, 1e300, -1e300, 1000.0, -1000.0],
    "arcsinh": [0.0, -0.0, np.inf, -np.inf, np.nan],
    "arccosh": [1.0, np.inf, -np.inf, 0.5, 0.0, -0.0, -1.0, np.nan],
    "arctanh": [0.0, -0.0, 1.0, -1.0, 1.5, -1.5, np.inf, -np.inf, np.nan],
    "erf": [0.0, -0.0, np.inf, -np.inf, np.nan, 7.0, -7.0, 1e300, -1e300],
    "erfc": [0.0, -0.0, np.inf, -np.inf, np.nan, -7.0, 40.0, 1e300, -1e300],
}
# Tiny inputs (subnormal included) where the result rounds to x itself.
IDENTITY_AT_TINY = ("tan", "arcsin", "arctan", "sinh", "arcsinh", "arctanh")


def exact_inputs(name: str, dtype: type[np.floating[Any]]) -> NDArray[Any]:
    with np.errstate(all="ignore"):  # 1e300 -> inf in float32 and float16: fine
        return np.array(EXACT_INPUTS[name], dtype=dtype)


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_id)
@pytest.mark.parametrize("name", UNARY)
def test_exact_results_are_the_references_bits(name: str, dtype: type[np.floating[Any]]) -> None:
    x = exact_inputs(name, dtype)
    got = quiet(getattr(simdkern, name), x)
    want = quiet(reference_ufunc(name), x)
    assert got.dtype == x.dtype
    ok = same_bits(got, want)
    assert ok.all(), [(x[i], got[i], want[i]) for i in np.flatnonzero(~ok)]


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_id)
@pytest.mark.parametrize("name", IDENTITY_AT_TINY)
def test_tiny_arguments_give_themselves(name: str, dtype: type[np.floating[Any]]) -> None:
    info = np.finfo(dtype)
    tiny = [info.smallest_subnormal, 3 * info.smallest_subnormal, info.tiny, info.tiny * 0.75]
    tiny += [info.eps * info.eps]
    x = np.array(tiny, dtype=dtype)
    x = np.concatenate([x, -x])
    got = quiet(getattr(simdkern, name), x)
    np.testing.assert_array_equal(got.view(f"u{x.itemsize}"), x.view(f"u{x.itemsize}"))


def test_specials_by_hand() -> None:
    """The values above, written out (NumPy and IEEE 754 agree on every one)."""
    pi, inf, nan = np.pi, np.inf, np.nan
    x = np.array([1.0, -1.0, 0.0, inf, -inf])
    np.testing.assert_array_equal(simdkern.arcsin(x[:2]), [pi / 2, -pi / 2])
    np.testing.assert_array_equal(simdkern.arccos(x[:3]), [0.0, pi, pi / 2])
    np.testing.assert_array_equal(simdkern.arctan(x[3:]), [pi / 2, -pi / 2])
    np.testing.assert_array_equal(quiet(simdkern.arctanh, x[:2]), [inf, -inf])
    np.testing.assert_array_equal(simdkern.erf(x[3:]), [1.0, -1.0])
    np.testing.assert_array_equal(simdkern.erfc(x[3:]), [0.0, 2.0])
    np.testing.assert_array_equal(simdkern.cosh(x[2:]), [1.0, inf, inf])
    assert np.isnan(quiet(simdkern.tan, x[3:])).all()
    assert np.isnan(quiet(simdkern.arccosh, np.array([0.5, -inf, nan]))).all()
    assert simdkern.arccosh(np.array([1.0]))[0] == 0.0
    assert not np.signbit(simdkern.arccosh(np.array([1.0]))[0])
    for name in ("tan", "arcsin", "arctan", "sinh", "arcsinh", "arctanh", "erf"):
        assert np.signbit(getattr(simdkern, name)(np.array([-0.0]))[0]), name


# ----- arctan2: the whole special-case table -------------------------------------------


def arctan2_grid(dtype: type[np.floating[Any]]) -> tuple[NDArray[Any], NDArray[Any]]:
    info = np.finfo(dtype)
    values = [0.0, np.inf, np.nan, 1.0, 0.5, 3.0, float(info.max), float(info.tiny)]
    values += [float(info.smallest_subnormal)]
    column = np.array(values, dtype=dtype)
    column = np.concatenate([column, -column])
    y, x = np.meshgrid(column, column, indexing="ij")
    return y.ravel(), x.ravel()


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_id)
def test_arctan2_special_table_is_numpys(dtype: type[np.floating[Any]]) -> None:
    y, x = arctan2_grid(dtype)
    determined = ~(np.isfinite(y) & (y != 0) & np.isfinite(x) & (x != 0))
    y, x = y[determined], x[determined]  # a zero, an infinity or NaN: an exact result
    got = quiet(simdkern.arctan2, y, x)
    want = quiet(np.arctan2, y, x)
    ok = same_bits(got, want)
    assert ok.all(), [(y[i], x[i], got[i], want[i]) for i in np.flatnonzero(~ok)]


def test_arctan2_signed_zeros_and_infinities_by_hand() -> None:
    pi, inf = np.pi, np.inf
    cases = [  # y, x, arctan2(y, x)
        (0.0, 0.0, 0.0),
        (-0.0, 0.0, -0.0),
        (0.0, -0.0, pi),
        (-0.0, -0.0, -pi),
        (0.0, -1.0, pi),
        (-0.0, -1.0, -pi),
        (1.0, 0.0, pi / 2),
        (-1.0, -0.0, -pi / 2),
        (1.0, inf, 0.0),
        (-1.0, inf, -0.0),
        (1.0, -inf, pi),
        (-1.0, -inf, -pi),
        (inf, inf, pi / 4),
        (-inf, inf, -pi / 4),
        (inf, -inf, 3 * pi / 4),
        (-inf, -inf, -3 * pi / 4),
        (inf, 1.0, pi / 2),
        (-inf, -1.0, -pi / 2),
    ]
    y, x, want = (np.array(c) for c in zip(*cases, strict=True))
    got = simdkern.arctan2(y, x)
    assert same_bits(got, want).all(), list(zip(y, x, got, want, strict=True))
    assert np.isnan(simdkern.arctan2(np.array([np.nan, 1.0]), np.array([1.0, np.nan]))).all()


# ----- where SLEEF's range ends --------------------------------------------------------


def within_bound(name: str, x: NDArray[Any]) -> None:
    kernel = simdkern.kernel(name)
    exact = accuracy.exact(name, [x], x.dtype)
    got = quiet(kernel.ufunc, x)
    err = accuracy.ulp_error(got, exact, x.dtype)
    bound = kernel.ulp_bound(x.dtype.type)
    assert (err <= bound).all(), [(x[i], got[i], err[i]) for i in np.flatnonzero(err > bound)]
    assert not accuracy.mismatch(got, exact).any()


# the largest argument with a finite sinh and cosh, and the first that overflows
OVERFLOW_EDGE = {np.float32: 89.415985, np.float64: 710.4758600739439}


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=dtype_id)
@pytest.mark.parametrize("name", ["sinh", "cosh"])
def test_sinh_cosh_overflow_where_the_true_function_does(
    name: str, dtype: type[np.floating[Any]]
) -> None:
    """SLEEF's sinh and cosh overflow where exp does (709.78, 88.72): too early."""
    last = dtype(OVERFLOW_EDGE[dtype])
    first = np.nextafter(last, dtype(np.inf))
    lo = 709.0 if dtype == np.float64 else 88.0
    x = np.concatenate([np.linspace(lo, float(last), 2001).astype(dtype), [last, first]])
    x = np.concatenate([x, -x])
    within_bound(name, x)
    got = simdkern.kernel(name).ufunc(np.array([last, -last], dtype=dtype))
    assert np.isfinite(got).all()
    assert raised(getattr(simdkern, name), np.array([first], dtype=dtype)) == {"overflow"}
    assert raised(getattr(np, name), np.array([first], dtype=dtype)) == {"overflow"}


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=dtype_id)
@pytest.mark.parametrize("name", ["arcsinh", "arccosh"])
def test_inverse_hyperbolic_of_huge_arguments(name: str, dtype: type[np.floating[Any]]) -> None:
    """SLEEF squares x and returns inf beyond sqrt(max); the true result is about 710."""
    info = np.finfo(dtype)
    exponents = np.linspace(10.0, float(info.maxexp), 3001)
    with np.errstate(over="ignore"):  # 2**maxexp itself overflows: filtered out
        x = np.exp2(exponents).astype(dtype)
    x = np.concatenate([x[np.isfinite(x)], [info.max]])
    within_bound(name, x)
    if name == "arcsinh":
        within_bound(name, -x)
    else:
        assert np.isnan(quiet(simdkern.arccosh, -x)).all()


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=dtype_id)
def test_erfc_tail_down_to_zero(dtype: type[np.floating[Any]]) -> None:
    """erfc's results become subnormal near 26.5 (float32: 9.2) and zero near 27.3 (10.1)."""
    hi = 27.5 if dtype == np.float64 else 10.5
    x = np.linspace(hi - 3.0, hi, 4001).astype(dtype)
    within_bound("erfc", x)
    assert simdkern.erfc(np.array([hi], dtype=dtype))[0] == 0.0


ERFC_TAIL_ON_ISA = """
import numpy as np, simdkern
from simdkern import accuracy
x = np.linspace(24.5, 27.5, 6001)
error = accuracy.ulp_error(simdkern.erfc(x), accuracy.exact("erfc", [x], np.float64), np.float64)
print(float(error.max()))
"""


@pytest.mark.parametrize("isa", simdkern.isas())
def test_erfc_tail_within_bound_on_every_isa(isa: str) -> None:
    """Near the subnormal range the baseline target's SLEEF erfc was 1.8 ULP off."""
    env = {**os.environ, "SIMDKERN_ISA": isa}
    done = subprocess.run(
        [sys.executable, "-c", ERFC_TAIL_ON_ISA],
        check=False,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert float(done.stdout) <= simdkern.kernel("erfc").ulp_f64


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=dtype_id)
def test_arctanh_near_one(dtype: type[np.floating[Any]]) -> None:
    one = dtype(1.0)
    below = [one]
    for _ in range(64):
        below.append(np.nextafter(below[-1], dtype(0.0)))
    x = np.array(below[1:], dtype=dtype)
    within_bound("arctanh", np.concatenate([x, -x]))


@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=dtype_id)
def test_tan_of_huge_arguments(dtype: type[np.floating[Any]]) -> None:
    info = np.finfo(dtype)
    exponents = np.linspace(20.0, float(info.maxexp), 4001)
    with np.errstate(over="ignore"):
        x = np.exp2(exponents).astype(dtype)
    x = x[np.isfinite(x)]
    within_bound("tan", np.concatenate([x, -x]))


# ----- floating-point errors ---------------------------------------------------------------


def raised(ufunc: Callable[..., Any], *args: NDArray[Any]) -> set[str]:
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn"):
        warnings.simplefilter("always")
        ufunc(*args)
    return {str(w.message).split()[0] for w in caught if issubclass(w.category, RuntimeWarning)}


CATCHES_WARNINGS = pytest.mark.thread_unsafe(reason="warnings.catch_warnings is process-wide")


@CATCHES_WARNINGS
@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=dtype_id)
@pytest.mark.parametrize("name", ["erf", "erfc"])
def test_erf_erfc_raise_what_scipy_raises(name: str, dtype: type[np.floating[Any]]) -> None:
    """scipy.special raises nothing, not even where erfc underflows; neither do these."""
    info = np.finfo(dtype)
    values = [0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, 27.0, 10.0, 30.0, -30.0]
    values += [float(info.max), -float(info.max), float(info.smallest_subnormal)]
    for v in np.array(values, dtype=dtype):
        x = np.array([v], dtype=dtype)
        assert raised(getattr(simdkern, name), x) == raised(getattr(special, name), x), v


@CATCHES_WARNINGS
@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=dtype_id)
def test_arctan2_underflow_like_numpy(dtype: type[np.floating[Any]]) -> None:
    """NumPy signals underflow for a tiny arctan2 when y is subnormal or x is in the top
    binade, not for a tiny quotient of two other normal numbers."""
    info = np.finfo(dtype)
    sub, big = float(info.smallest_subnormal), float(info.max)
    cases = [(sub, 1.0), (-sub, 0.5), (1.0, big), (-1.0, big), (sub, -1.0), (1.0, 1.0)]
    cases += [(sub, np.inf), (0.0, 1.0), (1e-30, 1e20) if dtype == np.float32 else (1e-300, 3e38)]
    for y, x in cases:
        args = (np.array([y], dtype=dtype), np.array([x], dtype=dtype))
        assert raised(simdkern.arctan2, *args) == raised(np.arctan2, *args), (y, x)


@CATCHES_WARNINGS
@pytest.mark.parametrize("n", [1, 2, 3, 7, 8, 9, 15, 16, 17, 33])
def test_arctanh_tail_padding_raises_nothing(n: int) -> None:
    """The last partial vector is padded: arctanh's padding must not be 1 (divide)."""
    for dtype in FLOAT_DTYPES:
        assert raised(simdkern.arctanh, np.full(n, 0.5, dtype=dtype)) == set()
        x = np.full(n, 0.5, dtype=dtype)
        x[-1] = 1.0
        assert raised(simdkern.arctanh, x) == {"divide"}
