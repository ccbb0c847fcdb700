"""np.errstate sees the same floating-point errors as with NumPy's ufunc of the same name."""

import itertools
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import simdkern
from numpy.typing import DTypeLike, NDArray

ALL_DTYPES = [np.float16, np.float32, np.float64]
CATALOGUE = simdkern.catalogue()
WITH_NUMPY_NAMESAKE = [k for k in CATALOGUE if isinstance(getattr(np, k.name, None), np.ufunc)]
QUIET_KERNELS = [k for k in CATALOGUE if k.flags == "QUIET"]
# Inputs where NumPy's answer is clear-cut; subnormal inputs are tested apart.
SPECIAL_INPUTS = [
    *(0.0, -0.0, 1.0, -1.0, 0.5, 2.0, np.inf, -np.inf, np.nan, 1e308, -1e308),
    *(1e308 * 10, 1e-300, 3.0e38, 6.0e4, 1000.0, -1000.0, 100.0, -100.0),
]

# Where [0.25, 4] leaves a function's domain: an ordinary range inside it.
ORDINARY_RANGE = {
    "arcsin": (-0.99, 0.99),
    "arccos": (-0.99, 0.99),
    "arctanh": (-0.99, 0.99),
    "arccosh": (1.0, 4.0),
}


def dtype_id(dtype: DTypeLike) -> str:
    return np.dtype(dtype).name


# raised() records warnings with warnings.catch_warnings, whose state is process-wide
# before Python 3.14: the tests using it run in one thread under pytest-run-parallel.
CATCHES_WARNINGS = pytest.mark.thread_unsafe(reason="warnings.catch_warnings is process-wide")


def raised(thunk: Callable[[], object]) -> set[str]:
    """The floating-point errors thunk reports under np.errstate(all='warn')."""
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn"):
        warnings.simplefilter("always")
        thunk()
    found = {str(w.message).split()[0] for w in caught if issubclass(w.category, RuntimeWarning)}
    return {"divide" if word == "divide" else word for word in found}


def raised_by(ufunc: np.ufunc, *args: NDArray[Any]) -> set[str]:
    return raised(lambda: ufunc(*args))


def values(dtype: DTypeLike, items: list[float]) -> list[NDArray[Any]]:
    with np.errstate(all="ignore"):
        unique = np.unique(np.array(items, dtype=dtype))
    return [unique[i : i + 1] for i in range(unique.size)]


# ----- the documented cases -----------------------------------------------------

DOCUMENTED = [
    ("exp", (1000.0,), "overflow"),
    ("exp", (-1000.0,), "underflow"),
    ("log", (0.0,), "divide"),
    ("log", (-0.0,), "divide"),
    ("log", (-1.0,), "invalid"),
    ("log", (-np.inf,), "invalid"),
    ("sin", (np.inf,), "invalid"),
    ("sin", (-np.inf,), "invalid"),
    ("cos", (np.inf,), "invalid"),
    ("cos", (-np.inf,), "invalid"),
    ("sqrt", (-1.0,), "invalid"),
    ("sqrt", (-np.inf,), "invalid"),
    ("add", (np.inf, -np.inf), "invalid"),
    ("add", (6.0e4, 6.0e4), "overflow"),
    ("multiply", (0.0, np.inf), "invalid"),
    ("multiply", (6.0e4, 6.0e4), "overflow"),
    ("fma", (0.0, np.inf, 1.0), "invalid"),
    ("fma", (np.inf, 1.0, -np.inf), "invalid"),
    ("fma", (6.0e4, 6.0e4, 0.0), "overflow"),
    ("tan", (np.inf,), "invalid"),
    ("tan", (-np.inf,), "invalid"),
    ("arcsin", (2.0,), "invalid"),
    ("arcsin", (-np.inf,), "invalid"),
    ("arccos", (-2.0,), "invalid"),
    ("arccos", (np.inf,), "invalid"),
    ("sinh", (6.0e4,), "overflow"),
    ("sinh", (-1000.0,), "overflow"),
    ("cosh", (6.0e4,), "overflow"),
    ("cosh", (-1000.0,), "overflow"),
    ("arccosh", (0.5,), "invalid"),
    ("arccosh", (-np.inf,), "invalid"),
    ("arctanh", (1.0,), "divide"),
    ("arctanh", (-1.0,), "divide"),
    ("arctanh", (2.0,), "invalid"),
    ("arctanh", (np.inf,), "invalid"),
    ("exp2", (6.0e4,), "overflow"),
    ("exp2", (-6.0e4,), "underflow"),
    ("expm1", (6.0e4,), "overflow"),
    ("log2", (0.0,), "divide"),
    ("log2", (-0.0,), "divide"),
    ("log2", (-1.0,), "invalid"),
    ("log2", (-np.inf,), "invalid"),
    ("log10", (0.0,), "divide"),
    ("log10", (-1.0,), "invalid"),
    ("log10", (-np.inf,), "invalid"),
    ("log1p", (-1.0,), "divide"),
    ("log1p", (-2.0,), "invalid"),
    ("log1p", (-np.inf,), "invalid"),
    ("power", (0.0, -1.0), "divide"),
    ("power", (-0.0, -3.0), "divide"),
    ("power", (-2.0, 0.5), "invalid"),
    ("power", (-8.0, 1.5), "invalid"),
    ("power", (6.0e4, 6.0e4), "overflow"),
    ("power", (0.5, 6.0e4), "underflow"),
    ("hypot", (6.0e4, 6.0e4), "overflow"),
]


@CATCHES_WARNINGS
@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_id)
@pytest.mark.parametrize(
    ("name", "inputs", "error"), DOCUMENTED, ids=[f"{n}{i}" for n, i, _ in DOCUMENTED]
)
def test_documented_errors_raise(
    name: str, inputs: tuple[float, ...], error: str, dtype: DTypeLike
) -> None:
    ufunc: np.ufunc = getattr(simdkern, name)
    if error == "overflow" and np.dtype(dtype) != np.float16:
        big = float(np.finfo(dtype).max)
        inputs = tuple(big if v == 6.0e4 else v for v in inputs)
    args = [np.array([v], dtype=dtype) for v in inputs]
    assert raised_by(ufunc, *args) == {error}
    with np.errstate(all="raise"), pytest.raises(FloatingPointError, match=error):
        ufunc(*args)
    with np.errstate(all="ignore"):
        ufunc(*args)  # silent


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_id)
def test_ordinary_inputs_raise_nothing(kernel: simdkern.Kernel, dtype: DTypeLike) -> None:
    rng = np.random.default_rng(0)
    lo, hi = ORDINARY_RANGE.get(kernel.name, (0.25, 4.0))
    args = [rng.uniform(lo, hi, 4000).astype(dtype) for _ in range(kernel.nin)]
    with np.errstate(all="raise"):
        kernel.ufunc(*args)
        kernel.ufunc(*(a[::-3] for a in args))


@pytest.mark.parametrize("quiet", QUIET_KERNELS, ids=[k.name for k in QUIET_KERNELS])
@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_id)
def test_quiet_kernels_raise_nothing_anywhere(quiet: simdkern.Kernel, dtype: DTypeLike) -> None:
    """tanh, sigmoid and gelu are defined everywhere; no flag, even at the extremes."""
    info = np.finfo(dtype)
    extremes = [0.0, -0.0, np.inf, -np.inf, np.nan, float(info.max), -float(info.max)]
    extremes += [float(info.tiny), -float(info.tiny), float(info.smallest_subnormal)]
    grid = np.concatenate([np.array(extremes), np.linspace(-60, 60, 2401)]).astype(dtype)
    with np.errstate(all="raise"):
        quiet.ufunc(*([grid] * quiet.nin))
        for element in grid:
            quiet.ufunc(*([np.array([element])] * quiet.nin))


# ----- the same as NumPy -------------------------------------------------------


@CATCHES_WARNINGS
@pytest.mark.parametrize("namesake", WITH_NUMPY_NAMESAKE, ids=[k.name for k in WITH_NUMPY_NAMESAKE])
@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_id)
def test_errors_match_numpy_on_special_inputs(namesake: simdkern.Kernel, dtype: DTypeLike) -> None:
    numpy_ufunc: np.ufunc = getattr(np, namesake.name)
    mismatches: list[str] = []
    for combo in itertools.product(values(dtype, SPECIAL_INPUTS), repeat=namesake.nin):
        ours, theirs = raised_by(namesake.ufunc, *combo), raised_by(numpy_ufunc, *combo)
        if ours != theirs:
            mismatches.append(f"{[float(c[0]) for c in combo]}: ours {ours}, NumPy {theirs}")
    assert mismatches == []


@pytest.mark.parametrize("namesake", WITH_NUMPY_NAMESAKE, ids=[k.name for k in WITH_NUMPY_NAMESAKE])
@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_id)
def test_raise_mode_matches_numpy(namesake: simdkern.Kernel, dtype: DTypeLike) -> None:
    numpy_ufunc: np.ufunc = getattr(np, namesake.name)
    for combo in itertools.product(values(dtype, SPECIAL_INPUTS), repeat=namesake.nin):
        outcome: list[str] = []
        for ufunc in (namesake.ufunc, numpy_ufunc):
            with np.errstate(all="raise"):
                try:
                    ufunc(*combo)
                    outcome.append("none")
                except FloatingPointError as error:
                    outcome.append(str(error).split()[0])
        assert outcome[0] == outcome[1], f"{[float(c[0]) for c in combo]}: {outcome}"


@CATCHES_WARNINGS
def test_sin_of_a_subnormal_signals_underflow_like_numpy() -> None:
    """sin(x) ~ x for subnormal x: the result is tiny and inexact, so IEEE 754 and
    np.sin signal underflow."""
    for dtype in (np.float32, np.float64):
        tiny = np.array([np.finfo(dtype).smallest_subnormal], dtype=dtype)
        assert raised_by(np.sin, tiny) == {"underflow"}
        assert raised_by(simdkern.sin, tiny) == {"underflow"}, np.dtype(dtype).name


# ----- exp's thresholds ----------------------------------------------------------


@CATCHES_WARNINGS
@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=dtype_id)
def test_exp_overflow_threshold(dtype: type[np.floating[Any]]) -> None:
    """Just below log(max) the result is finite and quiet; just above, inf and overflow."""
    info = np.finfo(dtype)
    log_max = dtype(np.log(np.float64(info.max)))
    while np.exp(np.float64(log_max)) > info.max:  # the largest x with a finite exp(x)
        log_max = np.nextafter(log_max, dtype(0))
    below = [log_max * (1 - 2.0**-k) for k in (10, 15, 20, 25, 30, 40, 50)] + [log_max]
    for x in np.array(below, dtype=dtype):
        arg = np.array([x], dtype=dtype)
        assert np.isfinite(np.exp(arg)).all()
        assert raised_by(simdkern.exp, arg) == set(), f"exp({x!r}) should be finite"
        assert np.isfinite(simdkern.exp(arg)).all(), f"exp({x!r}) = {simdkern.exp(arg)}"
    for x in (np.nextafter(log_max * dtype(1.0001), dtype(np.inf)), dtype(1000.0)):
        arg = np.array([x], dtype=dtype)
        assert raised_by(simdkern.exp, arg) == {"overflow"}
        assert raised_by(np.exp, arg) == {"overflow"}


@CATCHES_WARNINGS
def test_float32_exp_thresholds() -> None:
    """expf: overflow above ~88.7228, normal results down to ~-87.34, then underflow."""
    cases: dict[float, set[str]] = {
        88.72: set(),
        88.7228: set(),
        88.73: {"overflow"},
        89.0: {"overflow"},
        -87.0: set(),
        -87.3: set(),
        -89.0: {"underflow"},
        -103.0: {"underflow"},
        -104.0: {"underflow"},
    }
    for x, expected in cases.items():
        arg = np.array([x], dtype=np.float32)
        assert raised_by(simdkern.exp, arg) == expected, x
        assert raised_by(np.exp, arg) == expected, x


@CATCHES_WARNINGS
@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=dtype_id)
def test_exp_underflow_threshold(dtype: type[np.floating[Any]]) -> None:
    info = np.finfo(dtype)
    log_tiny = float(np.log(np.float64(info.tiny)))
    log_smallest = float(np.log(np.float64(info.smallest_subnormal)))
    cases: list[tuple[float, set[str]]] = [
        (log_tiny + 0.5, set()),
        (log_tiny - 2.0, {"underflow"}),
        (log_smallest - 1.0, {"underflow"}),
        (-np.inf, set()),
    ]
    for x, expected in cases:
        # IEEE 754: a tiny inexact result underflows (NumPy's own float32 exp
        # misses some of these, so it is no reference here)
        assert raised_by(simdkern.exp, np.array([x], dtype=dtype)) == expected, x


# ----- flags do not leak in or get lost -------------------------------------------


def test_flags_set_before_the_call_do_not_leak_into_it(kernel: simdkern.Kernel) -> None:
    huge = 1e308
    with np.errstate(all="raise"):
        assert huge * 10.0 == float("inf")  # Python float math sets the hardware flag
        assert 0.0 * float("inf") != 0.0  # and the invalid flag
        lo, hi = ORDINARY_RANGE.get(kernel.name, (1.0, 1.0))  # arctanh(1) divides by zero
        kernel.ufunc(*([np.full(100, (lo + hi) / 2)] * kernel.nin))


def test_errstate_is_restored_and_unchanged(kernel: simdkern.Kernel) -> None:
    before = np.geterr()
    with np.errstate(all="raise", under="ignore"):
        inside = np.geterr()
        with np.errstate(all="ignore"):
            kernel.ufunc(*([np.array([np.inf, -1.0, 0.0])] * kernel.nin))
        assert np.geterr() == inside
    assert np.geterr() == before


@CATCHES_WARNINGS
@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=dtype_id)
@pytest.mark.parametrize("where", ["first", "last"])
def test_an_error_anywhere_in_a_long_call_is_reported(dtype: DTypeLike, where: str) -> None:
    """Blocks, SIMD tails and float16 conversion must not clear an earlier block's flag."""
    x = np.ones(10_000, dtype=dtype)
    x[0 if where == "first" else -1] = -1.0
    assert raised_by(simdkern.log, x) == {"invalid"}
    assert raised_by(simdkern.sqrt, x) == {"invalid"}
    two_d = np.ones((200, 300), dtype=dtype, order="F")[:, ::3]
    two_d[0 if where == "first" else -1, 0 if where == "first" else -1] = -1.0
    assert raised_by(simdkern.log, two_d) == {"invalid"}


@CATCHES_WARNINGS
@pytest.mark.parametrize("where", ["first", "last"])
def test_cast_overflow_is_not_swallowed_by_a_quiet_kernel(where: str) -> None:
    """A float64 -> float32 input cast that overflows is reported, even by a quiet kernel."""
    x = np.full(100_000, 0.5)
    x[0 if where == "first" else -1] = 1e300
    for kernel in QUIET_KERNELS:
        found = raised(
            lambda kernel=kernel: kernel.ufunc(
                *([x] * kernel.nin), dtype=np.float32, casting="unsafe"
            )
        )
        assert found == {"overflow"}, kernel.name


def test_numpy_errors_after_a_simdkern_call_still_raise() -> None:
    with np.errstate(all="raise"):
        simdkern.exp(np.ones(10))
        with pytest.raises(FloatingPointError, match="divide"):
            np.log(np.zeros(1))
        with pytest.raises(FloatingPointError, match="overflow"):
            simdkern.exp(np.array([1e3]))
        simdkern.exp(np.ones(10))
