"""The reductions and row functions (simdkern.sum ... simdkern.log_softmax).

Against math.fsum (error bounded and asserted), NumPy's and SciPy's
behaviour (shape, dtype, keepdims, axes, NaN, empty input, errors and
warnings), extreme values, bit-identical results for 1, 2 and 7 threads and
for any layout of the same values.
"""

from __future__ import annotations

import math
import signal
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
import scipy.special  # pyright: ignore[reportMissingTypeStubs]
import simdkern

AnyFn = Callable[..., Any]
sp_logsumexp: AnyFn = scipy.special.logsumexp  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
sp_softmax: AnyFn = scipy.special.softmax  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
sp_log_softmax: AnyFn = scipy.special.log_softmax  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
Float = type[np.floating[Any]]

RNG = np.random.default_rng(20261125)
FLOATS: list[Float] = [np.float32, np.float64]
EPS: dict[Float, float] = {
    np.float32: float(np.finfo(np.float32).eps),
    np.float64: float(np.finfo(np.float64).eps),
}

# (simdkern function, NumPy/SciPy reference, accepts tuple axes, extra kwargs)
REDUCTIONS: list[tuple[str, AnyFn, AnyFn]] = [
    ("sum", simdkern.sum, np.sum),
    ("mean", simdkern.mean, np.mean),
    ("var", simdkern.var, np.var),
    ("std", simdkern.std, np.std),
    ("min", simdkern.min, np.min),
    ("max", simdkern.max, np.max),
    ("logsumexp", simdkern.logsumexp, sp_logsumexp),
]


def as_float(x: Any) -> float:
    return float(np.asarray(x, dtype=np.float64))


def same_bits(a: Any, b: Any) -> bool:
    x, y = np.asarray(a), np.asarray(b)
    return x.dtype == y.dtype and x.shape == y.shape and x.tobytes() == y.tobytes()


# ----- NumPy equivalence: shapes, dtypes, axes, keepdims ----------------------


@pytest.mark.parametrize(("name", "fn", "ref"), REDUCTIONS, ids=[r[0] for r in REDUCTIONS])
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("axis", [None, 0, 1, -1, (0, 2), (2, 0, 1), ()])
@pytest.mark.parametrize("keepdims", [False, True])
def test_reductions_match_numpy(  # noqa: PLR0917
    name: str, fn: AnyFn, ref: AnyFn, dtype: Float, axis: Any, keepdims: bool
) -> None:
    x = RNG.standard_normal((3, 4, 5)).astype(dtype)
    got = fn(x, axis=axis, keepdims=keepdims)
    with np.errstate(all="ignore"):
        want = ref(x, axis=axis, keepdims=keepdims)
    assert np.shape(got) == np.shape(want), name
    assert np.asarray(got).dtype == np.asarray(want).dtype, name
    tol = {np.float16: 2e-3, np.float32: 2e-6, np.float64: 1e-14}[dtype]
    np.testing.assert_allclose(
        np.asarray(got, np.float64), np.asarray(want, np.float64), rtol=tol, atol=tol
    )


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("axis", [None, 0, 1, -1])
@pytest.mark.parametrize("keepdims", [False, True])
def test_argmin_argmax_match_numpy(dtype: Float, axis: int | None, keepdims: bool) -> None:
    x = RNG.integers(-5, 5, (6, 7, 8)).astype(dtype)  # many ties
    for fn, ref in ((simdkern.argmin, np.argmin), (simdkern.argmax, np.argmax)):
        got, want = fn(x, axis=axis, keepdims=keepdims), ref(x, axis=axis, keepdims=keepdims)
        assert np.shape(got) == np.shape(want)
        assert np.asarray(got).dtype == np.intp
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("axis", [None, 0, -1, (0, 1)])
def test_softmax_family_matches_scipy(dtype: Float, axis: Any) -> None:
    x = (RNG.standard_normal((5, 6, 7)) * 10).astype(dtype)
    tol = {np.float16: 3e-3, np.float32: 3e-6, np.float64: 1e-13}[dtype]
    for fn, ref in (
        (simdkern.softmax, sp_softmax),
        (simdkern.log_softmax, sp_log_softmax),
    ):
        got, want = fn(x, axis=axis), ref(x, axis=axis)
        assert got.shape == want.shape
        assert got.dtype == want.dtype
        np.testing.assert_allclose(
            np.asarray(got, np.float64), np.asarray(want, np.float64), rtol=tol, atol=tol
        )


def test_out_and_dtype() -> None:
    x = RNG.standard_normal((4, 50))
    out = np.empty(4)
    assert simdkern.sum(x, axis=1, out=out) is out
    np.testing.assert_allclose(out, np.sum(x, axis=1))
    out32 = np.empty(4, np.float32)
    simdkern.mean(x, axis=1, out=out32)  # same_kind cast, as NumPy
    np.testing.assert_allclose(out32, np.mean(x, axis=1), rtol=1e-6)
    with pytest.raises(ValueError, match="shape"):
        simdkern.sum(x, axis=1, out=np.empty(5))
    assert simdkern.sum(x, dtype=np.float32).dtype == np.float32
    assert simdkern.var(x.astype(np.float32), dtype=np.float64).dtype == np.float64
    idx = np.empty(4, np.intp)
    assert simdkern.argmax(x, axis=1, out=idx) is idx
    np.testing.assert_array_equal(idx, np.argmax(x, axis=1))


def test_ddof() -> None:
    x = RNG.standard_normal((3, 40))
    for ddof in (0, 1, 2.5):
        np.testing.assert_allclose(simdkern.var(x, axis=1, ddof=ddof), np.var(x, axis=1, ddof=ddof))
        np.testing.assert_allclose(simdkern.std(x, ddof=ddof), np.std(x, ddof=ddof))


# ----- dtypes -------------------------------------------------------------------


def test_integer_and_bool_inputs() -> None:
    i = np.arange(-20, 30, dtype=np.int32).reshape(5, 10)
    for fn, ref in ((simdkern.mean, np.mean), (simdkern.var, np.var), (simdkern.std, np.std)):
        got = fn(i, axis=1)
        assert got.dtype == np.float64
        np.testing.assert_allclose(got, ref(i, axis=1))
    assert simdkern.mean(np.array([True, False, True])) == pytest.approx(2 / 3)
    np.testing.assert_allclose(simdkern.nrm2(i), np.linalg.norm(i))
    np.testing.assert_allclose(simdkern.logsumexp(i), sp_logsumexp(i))
    np.testing.assert_array_equal(simdkern.argmax(i, axis=0), np.argmax(i, axis=0))
    np.testing.assert_array_equal(simdkern.argmin(np.array([True, False])), 1)
    assert simdkern.sum(i, dtype=np.float64) == float(np.sum(i))


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: simdkern.sum(np.arange(4)), "int64"),
        (lambda: simdkern.min(np.arange(4)), "int64"),
        (lambda: simdkern.max(np.arange(4, dtype=np.uint8)), "uint8"),
        (lambda: simdkern.argmin(np.arange(4, dtype=np.int64)), "int64"),
        (lambda: simdkern.dot(np.arange(4), np.arange(4)), "int64"),
        (lambda: simdkern.mean(np.ones(3, np.complex128)), "complex128"),
        (lambda: simdkern.sum(np.ones(3), dtype=np.int32), "int32"),
        (lambda: simdkern.gufuncs.sum(np.ones(3, np.complex64)), "complex64"),
    ],
)
def test_unsupported_dtypes_are_type_errors(call: Callable[[], object], match: str) -> None:
    with pytest.raises(TypeError, match=match):
        call()


def test_float16_computes_in_float32() -> None:
    x = (RNG.standard_normal(3000) * 100).astype(np.float16)
    for fn, ref in ((simdkern.sum, np.sum), (simdkern.mean, np.mean), (simdkern.max, np.max)):
        got = fn(x)
        assert got.dtype == np.float16
        assert got == ref(x.astype(np.float32)).astype(np.float16)


# ----- NaN and empty input --------------------------------------------------------


@pytest.mark.parametrize("dtype", FLOATS)
def test_nan_behaviour(dtype: Float) -> None:
    x = np.arange(40, dtype=dtype).reshape(4, 10)
    x[1, 3] = x[1, 7] = np.nan
    x[2, 0] = np.nan
    for fn, ref in (
        (simdkern.min, np.min),
        (simdkern.max, np.max),
        (simdkern.argmin, np.argmin),
        (simdkern.argmax, np.argmax),
        (simdkern.sum, np.sum),
        (simdkern.mean, np.mean),
        (simdkern.logsumexp, sp_logsumexp),
    ):
        for axis in (None, 0, 1):
            np.testing.assert_array_equal(fn(x, axis=axis), ref(x, axis=axis))
    assert simdkern.argmax(x) == np.argmax(x) == 13


@pytest.mark.filterwarnings("ignore:invalid value encountered")
def test_empty_input_like_numpy() -> None:
    e = np.zeros((3, 0))
    assert simdkern.sum(np.zeros(0)) == 0.0
    np.testing.assert_array_equal(simdkern.sum(e, axis=1), np.zeros(3))
    with pytest.warns(RuntimeWarning, match="Mean of empty slice"):
        assert math.isnan(simdkern.mean(np.zeros(0)))
    with pytest.warns(RuntimeWarning, match="Degrees of freedom <= 0"):
        assert math.isnan(simdkern.var(np.zeros(0)))
    with pytest.warns(RuntimeWarning, match="Degrees of freedom <= 0"):
        assert math.isnan(simdkern.std(np.ones(1), ddof=1))
    with (
        np.errstate(invalid="raise"),
        pytest.raises(FloatingPointError),  # as numpy.mean
        pytest.warns(RuntimeWarning, match="Mean of empty slice"),
    ):
        simdkern.mean(np.zeros(0))
    for fn, word in ((simdkern.min, "minimum"), (simdkern.max, "maximum")):
        with pytest.raises(ValueError, match=f"zero-size array to reduction operation {word}"):
            fn(e, axis=1)
        assert fn(np.zeros((0, 3)), axis=1).shape == (0,)
    for fn, word in ((simdkern.argmin, "argmin"), (simdkern.argmax, "argmax")):
        with pytest.raises(ValueError, match=f"attempt to get {word} of an empty sequence"):
            fn(np.zeros(0))
        with pytest.raises(ValueError, match="empty sequence"):
            fn(e, axis=1)
        assert fn(np.zeros((0, 3)), axis=1).shape == (0,)
    np.testing.assert_array_equal(simdkern.logsumexp(e, axis=1), sp_logsumexp(e, axis=1))
    assert simdkern.logsumexp(np.zeros(0)) == -np.inf
    assert simdkern.softmax(e).shape == (3, 0)
    assert simdkern.dot(np.zeros(0), np.zeros(0)) == 0.0
    assert simdkern.nrm2(np.zeros(0)) == 0.0


def test_dot_is_the_vector_inner_product() -> None:
    a, b = RNG.standard_normal(1001), RNG.standard_normal(1001)
    assert simdkern.dot(a, b) == pytest.approx(math.fsum(a * b), rel=1e-14)
    with pytest.raises(ValueError, match="matmul"):
        simdkern.dot(np.ones((2, 2)), np.ones((2, 2)))
    with pytest.raises(ValueError, match="not aligned"):
        simdkern.dot(np.ones(3), np.ones(4))
    rows = RNG.standard_normal((5, 64))
    np.testing.assert_allclose(simdkern.gufuncs.dot(rows, rows[0]), rows @ rows[0], rtol=1e-13)


# ----- accuracy against math.fsum ---------------------------------------------------


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("n", [1, 17, 1000, 100_003])
def test_accuracy_against_fsum(dtype: Float, n: int) -> None:
    """Blocked pairwise: error of sum and dot below (log2 n + 64) eps of the sum of
    magnitudes; var and std (float64 accumulation for float32) within a few eps."""
    x = RNG.uniform(-1, 3, n).astype(dtype)
    y = RNG.uniform(-2, 2, n).astype(dtype)
    eps = EPS[dtype]
    x64, y64 = x.astype(np.float64), y.astype(np.float64)
    bound = (math.log2(n) + 64) * eps
    mag = math.fsum(np.abs(x64))
    assert abs(as_float(simdkern.sum(x)) - math.fsum(x64)) <= bound * mag
    assert abs(as_float(simdkern.mean(x)) - math.fsum(x64) / n) <= bound * mag / n + eps
    prods = x64 * y64  # exact for float32; float64 products carry 0.5 eps each
    assert abs(as_float(simdkern.dot(x, y)) - math.fsum(prods)) <= bound * math.fsum(np.abs(prods))
    assert as_float(simdkern.nrm2(x)) == pytest.approx(math.sqrt(math.fsum(x64 * x64)), rel=8 * eps)
    if n > 1:
        m = math.fsum(x64) / n
        var = math.fsum((x64 - m) ** 2) / (n - 1)
        assert as_float(simdkern.var(x, ddof=1)) == pytest.approx(var, rel=32 * eps)
        assert as_float(simdkern.std(x, ddof=1)) == pytest.approx(math.sqrt(var), rel=32 * eps)
    top = float(np.max(x64))
    lse = top + math.log(math.fsum(np.exp(x64 - top)))
    assert as_float(simdkern.logsumexp(x)) == pytest.approx(lse, rel=8 * eps, abs=8 * eps)


def test_var_with_a_large_offset() -> None:
    """Two-pass variance keeps the spread of values far from zero."""
    x = 1e9 + RNG.standard_normal(200_000)
    m = math.fsum(x) / x.size
    want = math.fsum((x - m) ** 2) / x.size
    assert simdkern.var(x) == pytest.approx(want, rel=1e-9)
    x32 = (1e4 + RNG.standard_normal(200_000)).astype(np.float32)
    x64 = x32.astype(np.float64)
    m = math.fsum(x64) / x64.size
    want = math.fsum((x64 - m) ** 2) / x64.size
    assert float(simdkern.var(x32)) == pytest.approx(want, rel=1e-6)


# ----- extreme values --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dtype", "value"),
    [
        (np.float64, 1e300),
        (np.float64, 1e-300),
        (np.float64, 5e-324),
        (np.float32, 3e38),
        (np.float32, 1e-44),
    ],
)
def test_nrm2_never_overflows_or_underflows(dtype: Float, value: float) -> None:
    x = np.full(16, value, dtype)
    x[::2] *= -1
    want = 4 * float(np.abs(x[0]).astype(np.float64))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow or underflow warning either
        got = simdkern.nrm2(x)
    if want > float(np.finfo(dtype).max):
        assert got == np.inf
    else:
        assert float(got) == pytest.approx(want, rel=4 * EPS[dtype])
    assert simdkern.nrm2(np.array([np.inf, np.nan])) != simdkern.nrm2(np.array([np.inf, np.nan]))
    assert simdkern.nrm2(np.array([3.0, -np.inf])) == np.inf


@pytest.mark.parametrize("dtype", FLOATS)
def test_softmax_family_is_stable_for_large_inputs(dtype: Float) -> None:
    big = float(np.finfo(dtype).max) / 2
    x = np.array([[big, big, big - big / 1e3], [-big, 0.0, 1.0]], dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lse = simdkern.logsumexp(x, axis=1)
        soft = simdkern.softmax(x, axis=1)
        logsoft = simdkern.log_softmax(x, axis=1)
    assert np.all(np.isfinite(lse))
    assert float(lse[0]) == pytest.approx(big, rel=EPS[dtype])
    np.testing.assert_allclose(soft[0], [0.5, 0.5, 0.0], atol=EPS[dtype])
    np.testing.assert_allclose(np.sum(soft, axis=1), 1.0, rtol=4 * EPS[dtype])
    np.testing.assert_allclose(
        logsoft[1], sp_log_softmax(x[1].astype(np.float64)), rtol=4 * EPS[dtype]
    )
    shifted = (RNG.standard_normal((3, 2000)) + 1000).astype(dtype)
    np.testing.assert_allclose(
        simdkern.softmax(shifted, axis=1),
        sp_softmax(shifted.astype(np.float64), axis=1),
        rtol=16 * EPS[dtype],
    )


@pytest.mark.parametrize("dtype", FLOATS)
def test_softmax_family_special_values_like_scipy(dtype: Float) -> None:
    inf, nan = np.inf, np.nan
    rows = np.array(
        [[inf, 1.0, 2.0], [-inf, -inf, -inf], [nan, 1.0, 2.0], [-inf, 0.0, 1.0], [inf, inf, 0.0]],
        dtype,
    )
    with np.errstate(all="ignore"):
        for fn, ref in (
            (simdkern.softmax, sp_softmax),
            (simdkern.log_softmax, sp_log_softmax),
            (simdkern.logsumexp, sp_logsumexp),
        ):
            np.testing.assert_allclose(fn(rows, axis=1), ref(rows, axis=1), rtol=4 * EPS[dtype])


# ----- layouts and threads -------------------------------------------------------------------

LAYOUT_FNS: list[tuple[str, AnyFn]] = [
    ("sum", simdkern.sum),
    ("mean", simdkern.mean),
    ("var", simdkern.var),
    ("min", simdkern.min),
    ("argmax", simdkern.argmax),
    ("nrm2", simdkern.nrm2),
    ("logsumexp", simdkern.logsumexp),
    ("softmax", simdkern.softmax),
]


@pytest.mark.parametrize(("name", "fn"), LAYOUT_FNS, ids=[f[0] for f in LAYOUT_FNS])
@pytest.mark.parametrize("dtype", FLOATS)
def test_layouts_give_the_same_bits(name: str, fn: AnyFn, dtype: Float) -> None:
    base = RNG.standard_normal(30_011).astype(dtype)
    spread = np.repeat(base, 3)[::3]  # stride 3
    assert not spread.flags.contiguous
    assert same_bits(fn(spread), fn(base)), name
    rows = RNG.standard_normal((50, 301)).astype(dtype)
    by_col = np.asfortranarray(rows)  # rows strided across memory
    assert same_bits(fn(by_col, axis=1), fn(rows, axis=1)), name
    by_t = fn(rows.T, axis=0)
    assert same_bits(by_t.T if name == "softmax" else by_t, fn(rows, axis=1)), name
    np.testing.assert_allclose(
        np.asarray(fn(base[::-1]), np.float64)
        if name not in {"argmax", "softmax"}
        else np.asarray(fn(base), np.float64),
        np.asarray(fn(base), np.float64),
        rtol=1e-5,
    )


def run_threads(fn: Callable[[], npt.NDArray[Any] | Any], counts: tuple[int, ...]) -> list[Any]:
    results: list[Any] = []
    for n in counts:
        with simdkern.threads(n):
            results.append(fn())
    return results


@pytest.mark.parametrize("dtype", FLOATS)
def test_bit_identical_for_any_thread_count(dtype: Float) -> None:
    long_row = RNG.standard_normal(3_000_017).astype(dtype)
    other = RNG.standard_normal(3_000_017).astype(dtype)
    many_rows = RNG.standard_normal((2000, 1000)).astype(dtype)
    calls: list[tuple[str, Callable[[], Any]]] = [
        ("sum", lambda: simdkern.sum(long_row)),
        ("var", lambda: simdkern.var(long_row)),
        ("std", lambda: simdkern.std(long_row[::2], ddof=1)),
        ("dot", lambda: simdkern.dot(long_row, other)),
        ("nrm2", lambda: simdkern.nrm2(long_row)),
        ("max", lambda: simdkern.max(long_row)),
        ("argmin", lambda: simdkern.argmin(long_row)),
        ("logsumexp", lambda: simdkern.logsumexp(long_row)),
        ("rows sum", lambda: simdkern.sum(many_rows, axis=1)),
        ("rows var", lambda: simdkern.var(many_rows, axis=1)),
        ("rows softmax", lambda: simdkern.softmax(many_rows, axis=1)),
        ("rows log_softmax", lambda: simdkern.log_softmax(many_rows, axis=1)),
        ("rows logsumexp", lambda: simdkern.logsumexp(many_rows, axis=1)),
        ("cols sum", lambda: simdkern.sum(many_rows, axis=0)),
    ]
    for name, call in calls:
        one, two, seven = run_threads(call, (1, 2, 7))
        assert same_bits(one, two), name
        assert same_bits(one, seven), name


def test_gufuncs_are_public_and_catalogued() -> None:
    entries = simdkern.gufuncs.catalogue()
    assert {e["name"] for e in entries} == set(simdkern.gufuncs.__all__) - {"catalogue"}
    for e in entries:
        g = getattr(simdkern.gufuncs, e["name"])
        assert isinstance(g, np.ufunc)
        assert g.signature == e["signature"]
        assert e["summary"] in (g.__doc__ or "")
    x = RNG.standard_normal((4, 9))
    np.testing.assert_allclose(simdkern.gufuncs.sum(x), np.sum(x, axis=1))
    np.testing.assert_allclose(simdkern.gufuncs.var(x, 1), np.var(x, axis=1, ddof=1))
    np.testing.assert_allclose(simdkern.gufuncs.mean(x, axis=0), np.mean(x, axis=0))


PROBE = Path(__file__).resolve().parents[2] / "tools" / "interrupt_probe.py"


@pytest.mark.thread_unsafe  # signals
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize(("kind", "n"), [("row", 20_000_000_000), ("rows", 10_000_000_000)])
def test_ctrl_c_interrupts_long_gufunc_calls(threads: int, kind: str, n: int) -> None:
    """SIGINT during one very long row (stride 0, seconds of work) or many rows."""
    child = subprocess.Popen(
        [sys.executable, str(PROBE), str(n), str(threads), kind], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "start"
    time.sleep(0.3)
    sent = time.perf_counter()
    child.send_signal(signal.SIGINT)
    line = child.stdout.readline().strip()
    latency = time.perf_counter() - sent
    written = int(child.stdout.readline())
    child.wait(timeout=60)
    assert line == "interrupted", line
    if kind == "rows":
        assert 0 < written < n // 1000, "the call was not stopped part-way"
    assert latency < 1.0, f"KeyboardInterrupt took {latency:.3f} s"


def test_docs_cover_every_row_kernel() -> None:
    """docs/reductions.md lists each entry of the row catalogue with its signature."""
    docs = (Path(__file__).resolve().parents[2] / "docs" / "reductions.md").read_text()
    for entry in simdkern.gufuncs.catalogue():
        name = entry["name"]
        assert f"`{name}(" in docs or f"`, `{name}` |" in docs, name
        assert f"`{entry['signature']}`" in docs, name


@pytest.mark.thread_unsafe  # a fresh process
def test_gufuncs_share_the_ufuncs_thread_pool() -> None:
    """One pool, one thread count: the gufuncs call the kernels through _ufuncs.

    A module that linked the kernel library again would start workers that
    simdkern.pool_workers() (and set_num_threads) know nothing of.
    """
    code = (
        "import numpy as np, simdkern\n"
        "assert simdkern.pool_workers() == 0\n"
        "x = np.ones(20_000_000)\n"
        "with simdkern.threads(2):\n"
        "    simdkern.gufuncs.sum(x)\n"
        "print(simdkern.pool_workers())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert int(done.stdout) >= 1
