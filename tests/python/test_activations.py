"""silu, softplus, gelu_erf and log_sigmoid: what a user of the activations relies on.

Special values (signed zeros, infinities, NaN, subnormals, the extremes) on every
instruction set; the tails that saturate or underflow, against mpmath; agreement with
the NumPy and SciPy expressions where those are accurate; monotonicity where the
mathematics has it; no floating-point warning for any input.  The accuracy over the
whole range is test_accuracy's (every kernel, every ISA).
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import warnings
from typing import Any

import numpy as np
import pytest
import simdkern
from numpy.typing import NDArray
from simdkern import accuracy

NAMES = ("silu", "softplus", "gelu_erf", "log_sigmoid")
DTYPES = (np.float32, np.float64)
LN2 = math.log(2.0)

Floats = NDArray[Any]


def ufunc(name: str) -> np.ufunc:
    found: np.ufunc = getattr(simdkern, name)
    return found


def run(name: str, x: Floats) -> Floats:
    with np.errstate(all="raise"):  # none of them may raise anything
        return np.asarray(ufunc(name)(x))


def within_bound(name: str, x: Floats) -> None:
    """The kernel is within its documented bound of mpmath at x, zeros' signs included."""
    dtype = x.dtype
    got = run(name, x)
    want = accuracy.exact(name, [x], dtype)
    errors = accuracy.ulp_error(got, want, dtype)
    bound = simdkern.kernel(name).ulp_bound(dtype)
    bad = np.flatnonzero(~(errors <= bound))
    assert bad.size == 0, (
        f"{name} {dtype}: {bad.size} points beyond {bound} ULP, first x={x[bad[0]]!r}: "
        f"got {got[bad[0]]!r}, want {want.rounded[bad[0]]!r} ({errors[bad[0]]:.3g} ULP)"
    )
    zeros = want.rounded == 0
    np.testing.assert_array_equal(np.signbit(got[zeros]), np.signbit(want.rounded[zeros]))


# ----- special values ---------------------------------------------------------------


def specials(dtype: type[np.floating[Any]]) -> tuple[list[float], dict[str, list[float]]]:
    """Inputs and the exact results every ISA must give (NaN: any NaN)."""
    info = np.finfo(dtype)
    big, tiny = float(info.max), float(info.smallest_subnormal)
    ln2 = float(dtype(LN2))
    x = [0.0, -0.0, math.inf, -math.inf, math.nan, big, -big, 1e30, -1e30]
    want = {
        "silu": [0.0, -0.0, math.inf, -0.0, math.nan, big, -0.0, 1e30, -0.0],
        "softplus": [ln2, ln2, math.inf, 0.0, math.nan, big, 0.0, 1e30, 0.0],
        "gelu_erf": [0.0, -0.0, math.inf, -0.0, math.nan, big, -0.0, 1e30, -0.0],
        "log_sigmoid": [-ln2, -ln2, -0.0, -math.inf, math.nan, -0.0, -big, -0.0, -1e30],
    }
    # subnormals: ln 2 for softplus, -ln 2 for log_sigmoid (silu and gelu_erf give
    # about x/2: test_subnormals_match_mpmath)
    x += [tiny, -tiny]
    want["silu"] += [math.nan, math.nan]  # not compared
    want["gelu_erf"] += [math.nan, math.nan]
    want["softplus"] += [ln2, ln2]
    want["log_sigmoid"] += [-ln2, -ln2]
    return x, {k: [float(dtype(v)) for v in w] for k, w in want.items()}


def compared(name: str, want: list[float]) -> list[bool]:
    """The entries of specials() that are exact expectations."""
    return [not (math.isnan(w) and i >= 9) for i, w in enumerate(want)]


def same_values(got: Floats, want: Floats) -> bool:
    nan = np.isnan(want)
    return bool(
        np.array_equal(np.isnan(got), nan)
        and np.array_equal(got[~nan], want[~nan])
        and np.array_equal(np.signbit(got[~nan]), np.signbit(want[~nan]))
    )


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", DTYPES, ids=["float32", "float64"])
def test_special_values(name: str, dtype: type[np.floating[Any]]) -> None:
    x, want = specials(dtype)
    keep = np.array(compared(name, want[name]))
    xs = np.array(x, dtype=dtype)[keep]
    expected = np.array(want[name], dtype=dtype)[keep]
    got = run(name, xs)
    assert got.dtype == dtype
    assert same_values(got, expected), list(zip(xs.tolist(), got.tolist(), strict=True))
    # one element at a time, inside a vector of ordinary values, strided: the same
    for i in range(xs.size):
        assert same_values(run(name, xs[i : i + 1]), expected[i : i + 1])
    padded = np.full(3 * xs.size, 0.5, dtype=dtype)
    padded[::3] = xs
    assert same_values(run(name, padded[::3]), expected)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", DTYPES, ids=["float32", "float64"])
def test_subnormals_match_mpmath(name: str, dtype: type[np.floating[Any]]) -> None:
    info = np.finfo(dtype)
    tiny = float(info.smallest_subnormal)
    x = np.array([tiny, 2 * tiny, 3 * tiny, 1e5 * tiny, float(info.tiny) / 2], dtype=dtype)
    within_bound(name, np.concatenate([x, -x]))


@pytest.mark.parametrize("name", NAMES)
def test_float16_special_values(name: str) -> None:
    x = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 65504.0, -65504.0], dtype=np.float16)
    got = run(name, x)
    assert got.dtype == np.float16
    want = run(name, x.astype(np.float32)).astype(np.float16)
    assert same_values(got, want)


_ISA_SCRIPT = """
import json, math, sys
import numpy as np
import simdkern
out = {}
for name in sys.argv[1].split(","):
    for dtype in ("float32", "float64"):
        x = np.array(json.loads(sys.argv[2]), dtype=dtype)
        with np.errstate(all="raise"):
            y = getattr(simdkern, name)(x)
        out[f"{name} {dtype}"] = [repr(float(v)) for v in y]
print(json.dumps({"isa": simdkern.isa(), "results": out}))
"""


@pytest.mark.parametrize("isa", simdkern.isas())
def test_special_values_on_every_isa(isa: str) -> None:
    x64, _ = specials(np.float64)
    x = [v for v in x64 if abs(v) < 1e300 or math.isinf(v) or math.isnan(v)]  # float32 too
    env = {**os.environ, "SIMDKERN_ISA": isa}
    done = subprocess.run(
        [sys.executable, "-c", _ISA_SCRIPT, ",".join(NAMES), json.dumps(x)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    report = json.loads(done.stdout)
    assert report["isa"] == isa
    for dtype in (np.float32, np.float64):
        xs = np.array(x, dtype=dtype)
        for name in NAMES:
            want = run(name, xs)  # this process's ISA: the specials agree bit for bit
            got = np.array([float(v) for v in report["results"][f"{name} {xs.dtype}"]], dtype)
            assert same_values(got, want), (isa, name, xs.dtype, got, want)


# ----- the tails: saturation and underflow, against mpmath ------------------------------


def tail_points(dtype: type[np.floating[Any]]) -> dict[str, Floats]:
    """Where each function saturates (becomes x or a constant) or underflows."""
    f64 = dtype == np.float64
    deep = 760.0 if f64 else 110.0  # beyond the last nonzero result
    return {
        "silu": np.linspace(-deep, -20.0, 3001),
        "softplus": np.concatenate([np.linspace(-deep, -20, 2001), np.linspace(20, 60, 501)]),
        "log_sigmoid": np.concatenate([np.linspace(20, deep, 2001), np.linspace(-60, -20, 501)]),
        "gelu_erf": np.linspace(-40.0 if f64 else -15.0, -3.0, 3001),
    }


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", DTYPES, ids=["float32", "float64"])
def test_tails_match_mpmath(name: str, dtype: type[np.floating[Any]]) -> None:
    within_bound(name, tail_points(dtype)[name].astype(dtype))


@pytest.mark.parametrize("dtype", DTYPES, ids=["float32", "float64"])
def test_ordinary_range_matches_mpmath(dtype: type[np.floating[Any]]) -> None:
    x = np.random.default_rng(5).uniform(-12.0, 12.0, 3000).astype(dtype)
    for name in NAMES:
        within_bound(name, x)


@pytest.mark.parametrize("dtype", DTYPES, ids=["float32", "float64"])
def test_log_sigmoid_keeps_its_tiny_tail(dtype: type[np.floating[Any]]) -> None:
    """log_sigmoid(x) = -exp(-x) for large x, down to the subnormals: not 0 too early."""
    x = np.array([40.0, 80.0] + ([300.0, 700.0, 740.0] if dtype == np.float64 else [100.0]))
    xs = x.astype(dtype)
    got = run("log_sigmoid", xs)
    assert np.all(got < 0)
    eps = float(np.finfo(dtype).eps)
    normal = np.abs(got) >= np.finfo(dtype).tiny
    np.testing.assert_allclose(got[normal], -np.exp(-x[normal]), rtol=2 * eps)
    within_bound("log_sigmoid", xs)
    # and softplus mirrors it, bit for bit
    np.testing.assert_array_equal(run("softplus", -xs), -got)


def test_gelu_erf_negative_tail_is_relatively_accurate() -> None:
    """0.5*x*(1 + erf(x/sqrt(2))) cancels to 0 from x = -8.3; the kernel keeps every digit."""
    x = np.array([-8.5, -10.0, -20.0, -30.0, -37.0])
    got = run("gelu_erf", x)
    assert np.all(got < 0)
    with np.errstate(all="ignore"):
        naive = 0.5 * x * (1 + np.array([math.erf(v / math.sqrt(2)) for v in x]))
    assert np.all(naive == 0)  # the textbook form has lost everything
    within_bound("gelu_erf", x)


# ----- against NumPy and SciPy ---------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES, ids=["float32", "float64"])
def test_softplus_and_log_sigmoid_match_logaddexp(dtype: type[np.floating[Any]]) -> None:
    """np.logaddexp(0, x) is accurate everywhere: within a few ULP of it, overflow-free."""
    extremes = [-1e4, 1e4, -1e30, 1e30, 0.0, -0.0]
    x = np.concatenate([np.linspace(-100, 100, 4001), extremes]).astype(dtype)
    eps = float(np.finfo(dtype).eps)
    with np.errstate(all="ignore"):
        softplus = np.logaddexp(dtype(0), x)
        log_sigmoid = -np.logaddexp(dtype(0), -x)
    tiny = float(np.finfo(dtype).smallest_subnormal)
    np.testing.assert_allclose(run("softplus", x), softplus, rtol=4 * eps, atol=4 * tiny)
    np.testing.assert_allclose(run("log_sigmoid", x), log_sigmoid, rtol=4 * eps, atol=4 * tiny)


@pytest.mark.parametrize("dtype", DTYPES, ids=["float32", "float64"])
def test_silu_matches_expit(dtype: type[np.floating[Any]]) -> None:
    special = pytest.importorskip("scipy.special")
    x = np.linspace(-80, 80, 4001).astype(dtype)
    eps = float(np.finfo(dtype).eps)
    want = x * special.expit(x)
    np.testing.assert_allclose(run("silu", x), want, rtol=6 * eps, atol=0)


@pytest.mark.parametrize("dtype", DTYPES, ids=["float32", "float64"])
def test_gelu_erf_matches_scipy_where_it_does_not_cancel(dtype: type[np.floating[Any]]) -> None:
    """The catalogue's expression 0.5*x*(1 + erf(x/sqrt(2))) for x >= -1 (little
    cancellation); x * ndtr(x) down to -3 (erfc inside, accurate until its argument's
    rounding is amplified, by about x**2)."""
    special = pytest.importorskip("scipy.special")
    eps = float(np.finfo(dtype).eps)
    x = np.linspace(-1, 10, 2201).astype(dtype)
    want = 0.5 * x * (1 + special.erf(x / np.sqrt(dtype(2))))
    np.testing.assert_allclose(run("gelu_erf", x), want, rtol=16 * eps, atol=0)
    x = np.linspace(-3, 10, 2601)
    want = x * special.ndtr(x)
    np.testing.assert_allclose(run("gelu_erf", x.astype(dtype)), want.astype(dtype), rtol=16 * eps)


def test_gelu_erf_is_close_to_the_tanh_gelu() -> None:
    """The tanh form approximates this one to about 1e-3 absolute: the same function."""
    x = np.linspace(-6, 6, 1201)
    assert np.max(np.abs(run("gelu_erf", x) - run("gelu", x))) < 1e-3


# ----- shape of the functions ------------------------------------------------------------

SILU_MIN = -1.2784645427610738  # silu' = 0 (x = -1 - W(1/e)... solved numerically)
GELU_ERF_MIN = -0.7517915241680  # gelu_erf' = Phi(x) + x phi(x) = 0


def nondecreasing(y: Floats) -> bool:
    return bool(np.all(np.diff(y.astype(np.float64)) >= 0))


@pytest.mark.parametrize("dtype", DTYPES, ids=["float32", "float64"])
def test_monotone_where_the_function_is(dtype: type[np.floating[Any]]) -> None:
    grid = np.linspace(-800, 800, 160_001).astype(dtype)
    for name in ("softplus", "log_sigmoid"):  # increasing everywhere
        assert nondecreasing(run(name, grid)), name
    for name, low in (("silu", SILU_MIN), ("gelu_erf", GELU_ERF_MIN)):
        y = run(name, grid)
        left, right = grid < low - 0.01, grid > low + 0.01  # away from the flat minimum
        assert nondecreasing(-y[left]), name  # decreasing to the minimum
        assert nondecreasing(y[right]), name  # increasing after it
        assert float(y.min()) >= float(run(name, np.array([low], dtype))[0]) - 1e-6


@pytest.mark.parametrize("dtype", DTYPES, ids=["float32", "float64"])
def test_identities(dtype: type[np.floating[Any]]) -> None:
    """softplus(x) - softplus(-x) = x; log_sigmoid(x) = -softplus(-x); silu = x * sigmoid."""
    x = np.linspace(-30, 30, 6001).astype(dtype)
    eps = float(np.finfo(dtype).eps)
    sp, sn = run("softplus", x), run("softplus", -x)
    np.testing.assert_allclose(sp - sn, x, rtol=0, atol=8 * eps * (1 + np.abs(x)).max())
    np.testing.assert_array_equal(run("log_sigmoid", x), -sn)
    np.testing.assert_allclose(run("silu", x), x * run("sigmoid", x), rtol=4 * eps)


# ----- no warnings, no overflow ------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_huge_inputs_raise_no_warning(name: str, dtype: type[np.floating[Any]]) -> None:
    info = np.finfo(dtype)
    x = np.array(
        [info.max, -info.max, np.inf, -np.inf, np.nan, info.tiny, -info.tiny, 1e4, -1e4],
        dtype=dtype,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="warn"):
            y = ufunc(name)(x)
    finite_in = np.isfinite(x)
    assert np.all(np.isfinite(y[finite_in]) | (np.abs(x[finite_in]) == info.max))
    assert np.isnan(y[4])


@pytest.mark.parametrize("name", NAMES)
def test_nan_comes_back_as_itself(name: str) -> None:
    payload = np.array([0x7FF8_0000_0000_1234, 0xFFF8_0000_0000_0042], dtype=np.uint64)
    x = payload.view(np.float64)
    y = run(name, np.concatenate([x, np.ones(13)]))[:2]
    np.testing.assert_array_equal(y.view(np.uint64), payload)


def test_numexpr_says_why_it_has_no_gelu_erf() -> None:
    from simdkern import peers  # noqa: PLC0415 - the benchmark's module, only here

    if peers.unavailable("numexpr") is not None:
        pytest.skip("numexpr is not installed")
    with pytest.raises(peers.Inexpressible, match="erf"):
        peers.peer("gelu_erf", "numexpr")
