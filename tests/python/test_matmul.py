"""simdkern.matmul: np.matmul's behaviour, exact references, layouts, threads.

Every shape case of np.matmul (matrices, stacks that broadcast, 1-D operands
on either side, empty dimensions), every layout BLAS may or may not read in
place (transposed, strided, reversed, broadcast, misaligned), dtypes and
their errors, NaN and infinity, and the thread policy of docs/threads.md
("simdkern, OpenBLAS and your own threads").
"""

import math
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
import simdkern
from numpy.typing import NDArray
from simdkern import _blas  # pyright: ignore[reportPrivateUsage]

FLOATS = (np.float32, np.float64)
Array = NDArray[Any]


def rng() -> np.random.Generator:
    return np.random.default_rng(20261126)


def rand(shape: tuple[int, ...], dtype: Any) -> Array:
    return rng().uniform(-2, 2, size=shape).astype(dtype)


def exact_matmul(a: Array, b: Array) -> tuple[Array, Array]:
    """The exact product of small 2-D float arrays (Fractions) rounded to
    float64, and sum |a_il b_lj| for the error bound."""
    m, k = a.shape
    n = b.shape[1]
    exact = np.empty((m, n))
    magnitude = np.empty((m, n))
    for i in range(m):
        for j in range(n):
            terms = [Fraction(float(a[i, h])) * Fraction(float(b[h, j])) for h in range(k)]
            exact[i, j] = float(sum(terms, Fraction(0)))
            magnitude[i, j] = math.fsum(abs(float(t)) for t in terms)
    return exact, magnitude


def assert_close_to_exact(got: Array, a: Array, b: Array) -> None:
    """Within the bound of a k-term sum in any order: (k + 2) eps sum |a b|."""
    a2 = a.reshape(1, -1) if a.ndim == 1 else a
    b2 = b.reshape(-1, 1) if b.ndim == 1 else b
    exact, magnitude = exact_matmul(a2, b2)
    k = a2.shape[1]
    eps = float(np.finfo(got.dtype).eps)
    bound = (k + 2) * eps * magnitude + float(np.finfo(got.dtype).smallest_subnormal)
    error = np.abs(got.reshape(exact.shape).astype(np.float64) - exact)
    assert np.all(error <= bound), f"max error {error.max()} above {bound.max()}"


def assert_matches_numpy(got: Array, a: Array, b: Array) -> None:
    want = np.matmul(a, b)
    assert got.shape == want.shape
    assert got.dtype == want.dtype
    k = a.shape[-1]
    eps = float(np.finfo(want.dtype).eps)
    scale = np.matmul(np.abs(a).astype(np.float64), np.abs(b).astype(np.float64))
    np.testing.assert_array_less(
        np.abs(got.astype(np.float64) - want.astype(np.float64)), 2 * (k + 2) * eps * scale + 1e-300
    )


# ----- shapes -------------------------------------------------------------------

SHAPES = [
    ((3, 4), (4, 5)),  # gemm
    ((1, 4), (4, 5)),  # a row: gemv
    ((3, 4), (4, 1)),  # a column: gemv
    ((1, 4), (4, 1)),  # dot
    ((4,), (4, 5)),  # 1-D first: a row vector, its dimension removed
    ((3, 4), (4,)),  # 1-D second: a column vector
    ((4,), (4,)),  # both: a scalar
    ((2, 3, 4), (4, 5)),  # a stack times a matrix
    ((3, 4), (2, 4, 5)),
    ((2, 1, 3, 4), (1, 5, 4, 2)),  # stacks broadcast
    ((2, 3, 4), (4,)),
    ((4,), (2, 4, 3)),
    ((7, 1), (1, 6)),  # k = 1: an outer product
    ((17, 33), (33, 9)),
]


@pytest.mark.parametrize("dtype", FLOATS, ids=["float32", "float64"])
@pytest.mark.parametrize(("sa", "sb"), SHAPES, ids=[f"{a}@{b}" for a, b in SHAPES])
def test_shapes_match_numpy(dtype: Any, sa: tuple[int, ...], sb: tuple[int, ...]) -> None:
    a, b = rand(sa, dtype), rand(sb, dtype)
    got = simdkern.matmul(a, b)
    assert_matches_numpy(np.asarray(got), a, b)
    if a.ndim <= 2 and b.ndim <= 2:
        assert_close_to_exact(np.asarray(got), a, b)


def test_one_dimensional_operands_give_numpys_result_types() -> None:
    a = rand((4,), np.float64)
    scalar = simdkern.matmul(a, a)
    assert np.ndim(scalar) == 0
    assert scalar == pytest.approx(math.fsum(float(x) * float(x) for x in a), rel=1e-15)
    assert isinstance(scalar, np.float64)


@pytest.mark.parametrize(
    ("sa", "sb"),
    [((3, 0), (0, 4)), ((0,), (0,)), ((2, 3, 0), (0, 5)), ((0,), (0, 3))],
    ids=["matrix", "vectors", "stack", "vector-matrix"],
)
def test_k_zero_gives_zeros(sa: tuple[int, ...], sb: tuple[int, ...]) -> None:
    a, b = np.ones(sa), np.ones(sb)
    got = np.asarray(simdkern.matmul(a, b))
    want = np.matmul(a, b)
    assert got.shape == want.shape
    assert np.all(got == 0)
    assert not np.any(np.signbit(got))


@pytest.mark.parametrize(
    ("sa", "sb"),
    [((0, 4), (4, 3)), ((3, 4), (4, 0)), ((0, 3, 4), (4, 2)), ((0, 4), (4,))],
    ids=["m=0", "n=0", "empty-stack", "m=0-vector"],
)
def test_empty_results_have_numpys_shape(sa: tuple[int, ...], sb: tuple[int, ...]) -> None:
    a, b = np.ones(sa), np.ones(sb)
    assert np.asarray(simdkern.matmul(a, b)).shape == np.matmul(a, b).shape


def test_mismatched_k_is_a_value_error_naming_the_dimension() -> None:
    with pytest.raises(
        ValueError, match=r"mismatch in its core dimension.*size 3 is different from 2"
    ):
        simdkern.matmul(np.ones((3, 2)), np.ones((3, 4)))
    with pytest.raises(ValueError, match="mismatch in its core dimension"):
        simdkern.matmul(np.ones(3), np.ones(4))
    with pytest.raises(ValueError, match="mismatch in its core dimension"):
        np.matmul(np.ones(3), np.ones(4))  # the same error as NumPy's


def test_scalars_are_refused_like_numpy() -> None:
    with pytest.raises(ValueError, match="does not have enough dimensions"):
        simdkern.matmul(np.float64(2.0), np.ones((2, 2)))
    with pytest.raises(ValueError, match="does not have enough dimensions"):
        np.matmul(np.float64(2.0), np.ones((2, 2)))


def test_axes_argument_works_as_in_numpy() -> None:
    a, b = rand((4, 3, 5), np.float64), rand((5, 3, 2), np.float64)
    axes = [(0, 2), (0, 2), (0, 1)]  # a's matrices are a[:, j, :], b's b[:, j, :]
    got = np.asarray(simdkern.matmul(a, b, axes=axes))
    want = np.matmul(a, b, axes=axes)  # pyright: ignore[reportArgumentType, reportCallIssue]
    np.testing.assert_allclose(got, want, rtol=1e-14)


def test_stacks_that_do_not_broadcast_are_refused() -> None:
    with pytest.raises(ValueError):
        simdkern.matmul(np.ones((2, 3, 4)), np.ones((3, 4, 5)))


# ----- out= ---------------------------------------------------------------------


def test_out_is_written_and_returned() -> None:
    a, b = rand((5, 4), np.float64), rand((4, 6), np.float64)
    out = np.full((5, 6), np.nan)
    result = simdkern.matmul(a, b, out=out)
    assert result is out
    assert_matches_numpy(out, a, b)


@pytest.mark.parametrize("layout", ["transposed", "strided", "reversed"])
def test_out_with_any_layout(layout: str) -> None:
    a, b = rand((5, 4), np.float64), rand((4, 6), np.float64)
    if layout == "transposed":
        out = np.full((6, 5), np.nan).T
    elif layout == "strided":
        out = np.full((10, 18), np.nan)[::2, ::3]
    else:
        out = np.full((5, 6), np.nan)[::-1, ::-1]
    simdkern.matmul(a, b, out=out)
    assert_matches_numpy(out, a, b)


def test_out_of_a_wider_dtype_and_dtype_argument() -> None:
    a, b = rand((5, 4), np.float32), rand((4, 6), np.float32)
    out = np.empty((5, 6), np.float64)
    simdkern.matmul(a, b, out=out)
    np.testing.assert_allclose(out, np.matmul(a, b), rtol=1e-6)
    got = np.asarray(simdkern.matmul(a.astype(np.float64), b.astype(np.float64), dtype=np.float32))
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, np.matmul(a, b), rtol=1e-5)


def test_out_of_the_wrong_shape_is_refused() -> None:
    with pytest.raises(ValueError):
        simdkern.matmul(np.ones((3, 4)), np.ones((4, 5)), out=np.empty((3, 4)))


def test_out_overlapping_an_input_gives_numpys_result() -> None:
    a = rand((4, 4), np.float64)
    b = rand((4, 4), np.float64)
    want = np.matmul(a, b)
    simdkern.matmul(a, b, out=a)  # NumPy copies an input that overlaps out=
    np.testing.assert_allclose(a, want, rtol=1e-14)


# ----- layouts -------------------------------------------------------------------


def layouts(dtype: Any) -> Iterator[tuple[str, Array]]:
    """Views of a 6 x 5 matrix with every kind of strides."""
    base = rand((12, 10), dtype)
    yield "contiguous", np.ascontiguousarray(base[:6, :5])
    yield "fortran", np.asfortranarray(base[:6, :5])
    yield "padded-rows", base[:6, :5]
    yield "transposed-view", np.ascontiguousarray(base[:5, :6]).T
    yield "step-2", base[::2, ::2]
    yield "reversed-rows", base[:6, :5][::-1]
    yield "reversed-cols", base[:6, :5][:, ::-1]
    yield "reversed-both", base[5::-1, 4::-1]
    yield "broadcast-rows", np.broadcast_to(base[0, :5], (6, 5))
    yield "broadcast-cols", np.broadcast_to(base[:6, :1], (6, 5))
    raw = np.zeros(6 * 5 * np.dtype(dtype).itemsize + 1, np.uint8)
    misaligned = raw[1:].view(dtype).reshape(6, 5)
    misaligned[...] = base[:6, :5]
    yield "misaligned", misaligned


@pytest.mark.parametrize("dtype", FLOATS, ids=["float32", "float64"])
def test_every_layout_of_either_operand(dtype: Any) -> None:
    for name_a, a in layouts(dtype):
        for name_b, bt in layouts(dtype):
            b = bt.T  # 5 x 6
            got = np.asarray(simdkern.matmul(a, b))
            try:
                assert_matches_numpy(got, a, b)
            except AssertionError as error:
                raise AssertionError(f"a {name_a}, b {name_b}: {error}") from None


@pytest.mark.parametrize("dtype", FLOATS, ids=["float32", "float64"])
def test_vector_layouts(dtype: Any) -> None:
    matrix = rand((6, 5), dtype)
    base = rand((20,), dtype)
    for vector in (base[:5], base[::-1][:5], base[::3][:5], base[::-4][:5]):
        assert_matches_numpy(np.asarray(simdkern.matmul(matrix, vector)), matrix, vector)
        assert_matches_numpy(np.asarray(simdkern.matmul(vector, matrix.T)), vector, matrix.T)
        assert_matches_numpy(np.asarray(simdkern.matmul(vector, vector)), vector, vector)
    zero_stride = np.broadcast_to(base[:1], (5,))
    assert_matches_numpy(np.asarray(simdkern.matmul(matrix, zero_stride)), matrix, zero_stride)


def test_a_stack_of_transposed_strided_matrices() -> None:
    a = rand((3, 8, 10), np.float64)[:, ::2, ::-2]  # 3 x 4 x 5, negative inner stride
    b = np.swapaxes(rand((3, 6, 5), np.float64), 1, 2)  # 3 x 5 x 6, column-major
    assert_matches_numpy(np.asarray(simdkern.matmul(a, b)), a, b)


# ----- dtypes --------------------------------------------------------------------


def test_float16_computes_in_float32_and_returns_float16() -> None:
    a, b = rand((7, 9), np.float16), rand((9, 4), np.float16)
    got = np.asarray(simdkern.matmul(a, b))
    assert got.dtype == np.float16
    want = np.matmul(a.astype(np.float32), b.astype(np.float32)).astype(np.float16)
    np.testing.assert_array_equal(got, want)  # one rounding of a float32 result
    assert np.asarray(simdkern.matmul(a, b.astype(np.float32))).dtype == np.float32


def test_float16_vectors_and_strides() -> None:
    a = rand((9, 14), np.float16)[:, ::-2]
    v = rand((7,), np.float16)
    got = np.asarray(simdkern.matmul(a, v))
    assert got.dtype == np.float16
    np.testing.assert_allclose(
        got.astype(np.float64), np.matmul(a, v).astype(np.float64), rtol=3e-3, atol=1e-2
    )


@pytest.mark.parametrize(
    ("da", "db", "want"),
    [
        (np.float32, np.float64, np.float64),
        (np.float16, np.float32, np.float32),
        (np.int64, np.float32, np.float64),
        (np.int8, np.float16, np.float16),
        (np.bool_, np.float32, np.float32),
    ],
)
def test_mixed_dtypes_promote_like_numpy(da: Any, db: Any, want: Any) -> None:
    a, b = np.ones((3, 4), da), np.ones((4, 2), db)
    got = np.asarray(simdkern.matmul(a, b))
    assert got.dtype == np.matmul(a, b).dtype == want
    np.testing.assert_array_equal(got, np.full((3, 2), 4))


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint8, np.bool_])
def test_integer_products_are_a_clear_type_error(dtype: Any) -> None:
    with pytest.raises(TypeError, match=r"simdkern\.matmul does not multiply.*np\.matmul"):
        simdkern.matmul(np.ones((2, 3), dtype), np.ones((3, 2), dtype))


@pytest.mark.parametrize("dtype", [np.complex128, np.longdouble, object, "U3"])
def test_other_dtypes_are_a_clear_type_error(dtype: Any) -> None:
    if np.dtype(dtype) == np.dtype(np.float64):
        pytest.skip("long double is double here")
    a = np.ones((2, 3)).astype(dtype)
    with pytest.raises(TypeError, match=r"simdkern\.matmul does not support the dtypes"):
        simdkern.matmul(a, np.ones((3, 2)))


def test_integer_dtype_argument_is_refused() -> None:
    with pytest.raises(TypeError, match=r"simdkern\.matmul"):
        simdkern.matmul(np.ones((2, 3)), np.ones((3, 2)), dtype=np.int64)


# ----- special values -------------------------------------------------------------


@pytest.mark.parametrize("dtype", FLOATS, ids=["float32", "float64"])
@pytest.mark.parametrize(
    ("sa", "sb"), [((4, 5), (5, 3)), ((1, 5), (5, 3)), ((4, 5), (5, 1)), ((5,), (5,))]
)
def test_nan_and_inf_propagate_like_numpy(
    dtype: Any, sa: tuple[int, ...], sb: tuple[int, ...]
) -> None:
    a, b = rand(sa, dtype), rand(sb, dtype)
    a.flat[1] = np.nan
    a.flat[-1] = np.inf
    b.flat[0] = 0.0  # inf * 0 somewhere when a's infinity meets it
    b.flat[-1] = -np.inf
    with np.errstate(all="ignore"):
        got = np.asarray(simdkern.matmul(a, b))
        want: Array = np.asarray(np.matmul(a, b))
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
    np.testing.assert_array_equal(np.isposinf(got), np.isposinf(want))
    np.testing.assert_array_equal(np.isneginf(got), np.isneginf(want))
    finite = np.isfinite(want)
    np.testing.assert_allclose(
        got[finite], want[finite], rtol=1e-5 if dtype == np.float32 else 1e-13
    )


def test_floating_point_errors_reach_errstate_like_numpy() -> None:
    a = np.full((3, 3), 1e308)
    with np.errstate(over="raise"), pytest.raises(FloatingPointError, match="overflow"):
        np.matmul(a, a)
    with np.errstate(over="raise"), pytest.raises(FloatingPointError, match="overflow"):
        simdkern.matmul(a, a)
    with np.errstate(all="ignore"):
        assert np.all(np.isposinf(np.asarray(simdkern.matmul(a, a))))


def test_garbage_in_out_does_not_leak() -> None:
    a, b = rand((4, 5), np.float64), rand((5, 3), np.float64)
    out = np.full((4, 3), np.nan)
    simdkern.matmul(a, b, out=out)
    assert np.all(np.isfinite(out))


# ----- threads -----------------------------------------------------------------------


def thread_cpu_seconds() -> dict[str, float]:
    """CPU time (user + system) of each OS thread of this process, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    times: dict[str, float] = {}
    for tid in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except FileNotFoundError:  # the thread ended
            continue
        times[tid] = (int(fields[11]) + int(fields[12])) / ticks
    return times


def cpu_by_thread(work: Callable[[], object], cpu_seconds: float) -> tuple[float, float]:
    """Runs work until the calling thread has used `cpu_seconds` of CPU (or
    20 s passed: the machine may be busy); returns the CPU time of the
    calling thread and of all other threads of the process meanwhile."""
    me = str(threading.get_native_id())
    before = thread_cpu_seconds()
    deadline = time.perf_counter() + 20
    while True:
        work()
        after = thread_cpu_seconds()
        mine = after.get(me, 0.0) - before.get(me, 0.0)
        if mine >= cpu_seconds or time.perf_counter() > deadline:
            break
    others = sum(t - before.get(tid, 0.0) for tid, t in after.items() if tid != me)
    return mine, others


needs_proc = pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="needs Linux /proc")


@needs_proc
@pytest.mark.thread_unsafe(reason="counts the CPU time of every thread of the process")
def test_threads_1_runs_blas_on_the_calling_thread_alone() -> None:
    a, b = rand((700, 700), np.float64), rand((700, 700), np.float64)
    out = np.empty((700, 700))
    simdkern.matmul(a, b, out=out)  # BLAS's workers exist from here on
    time.sleep(0.5)  # and have stopped spinning (they spin ~0.1 s after a product)
    with simdkern.threads(1):
        mine, others = cpu_by_thread(lambda: simdkern.matmul(a, b, out=out), 0.4)
    assert mine >= 0.4
    assert others < 0.05 * mine + 0.02, f"other threads used {others:.2f} s against {mine:.2f} s"
    assert _blas._blas_num_threads() == 1  # pyright: ignore[reportPrivateUsage]


@needs_proc
@pytest.mark.thread_unsafe(reason="counts the CPU time of every thread of the process")
def test_set_num_threads_1_runs_blas_on_the_calling_thread_alone() -> None:
    """The process default reaches matmul too: one thread count for the whole package."""
    a, b = rand((700, 700), np.float64), rand((700, 700), np.float64)
    out = np.empty((700, 700))
    simdkern.matmul(a, b, out=out)
    time.sleep(0.5)
    before = simdkern.get_num_threads()
    simdkern.set_num_threads(1)
    try:
        mine, others = cpu_by_thread(lambda: simdkern.matmul(a, b, out=out), 0.4)
    finally:
        simdkern.set_num_threads(before)
    assert mine >= 0.4
    assert others < 0.05 * mine + 0.02, f"other threads used {others:.2f} s against {mine:.2f} s"


@needs_proc
@pytest.mark.thread_unsafe(reason="counts the CPU time of every thread of the process")
def test_threads_1_holds_under_threadpoolctl_limits() -> None:
    """threadpool_limits(2) raises every OpenBLAS's setting, simdkern's copy's
    too; a threads(1) product still runs on its calling thread alone."""
    threadpoolctl = pytest.importorskip("threadpoolctl")
    a, b = rand((700, 700), np.float64), rand((700, 700), np.float64)
    out = np.empty((700, 700))
    with threadpoolctl.threadpool_limits(limits=2, user_api="blas"), simdkern.threads(1):
        mine, others = cpu_by_thread(lambda: simdkern.matmul(a, b, out=out), 0.3)
    assert others < 0.05 * mine + 0.02, f"other threads used {others:.2f} s against {mine:.2f} s"
    assert _blas._blas_num_threads() == 1  # pyright: ignore[reportPrivateUsage]


@needs_proc
@pytest.mark.thread_unsafe(reason="counts the CPU time of every thread of the process")
@pytest.mark.skipif(simdkern.cpu_count() < 2, reason="needs two CPUs")
def test_threads_2_uses_a_second_thread_and_rests_at_1() -> None:
    a, b = rand((700, 700), np.float64), rand((700, 700), np.float64)
    out = np.empty((700, 700))
    with simdkern.threads(2):
        mine, others = cpu_by_thread(lambda: simdkern.matmul(a, b, out=out), 0.4)
    assert others > 0.3 * mine, f"other threads used {others:.2f} s against {mine:.2f} s"
    assert _blas._blas_num_threads() == 1  # pyright: ignore[reportPrivateUsage]


@needs_proc
@pytest.mark.thread_unsafe(reason="counts the CPU time of every thread of the process")
@pytest.mark.skipif(simdkern.cpu_count() < 2, reason="needs two CPUs")
@pytest.mark.skipif("OPENBLAS_THREAD_TIMEOUT" in os.environ, reason="the spin was set by hand")
def test_blas_workers_do_not_spin_after_a_parallel_product() -> None:
    """OpenBLAS's workers would busy-wait 0.1 s after each parallel product,
    beside simdkern's pool; simdkern loads its copy with a 0.2 ms wait."""
    a = rand((600, 600), np.float64)
    with simdkern.threads(2):
        simdkern.matmul(a, a)
    me = str(threading.get_native_id())
    before = thread_cpu_seconds()
    time.sleep(0.4)
    after = thread_cpu_seconds()
    others = sum(t - before.get(tid, 0.0) for tid, t in after.items() if tid != me)
    assert others <= 0.02, f"other threads used {others:.2f} s of CPU while idle"


@pytest.mark.parametrize("dtype", FLOATS, ids=["float32", "float64"])
def test_one_and_two_threads_agree(dtype: Any) -> None:
    a, b = rand((300, 260), dtype), rand((260, 280), dtype)
    with simdkern.threads(1):
        one = np.asarray(simdkern.matmul(a, b))
    with simdkern.threads(2):
        two = np.asarray(simdkern.matmul(a, b))
    assert_matches_numpy(one, a, b)
    assert_matches_numpy(two, a, b)
    np.testing.assert_allclose(one, two, rtol=0, atol=float(np.abs(one).max()) * 1e-5)


@pytest.mark.thread_unsafe(reason="checks BLAS's process-wide setting at rest")
def test_concurrent_callers_with_different_thread_counts() -> None:
    """Python threads multiplying at once, each with its own count, and an
    elementwise call on the pool among them: every result right."""
    cases = [
        (rand((180 + 10 * i, 200), FLOATS[i % 2]), rand((200, 190), FLOATS[i % 2]))
        for i in range(6)
    ]
    wants = [np.matmul(a, b) for a, b in cases]
    x = np.linspace(-3, 3, 2_000_000)

    def work(i: int) -> bool:
        a, b = cases[i]
        ok = True
        with simdkern.threads(1 + i % 3):
            for _ in range(5):
                if i == 5:
                    ok &= bool(np.allclose(simdkern.exp(x), np.exp(x), rtol=1e-15))
                got = np.asarray(simdkern.matmul(a, b))
                ok &= bool(
                    np.allclose(got, wants[i], rtol=1e-4 if a.dtype == np.float32 else 1e-12)
                )
        return ok

    with ThreadPoolExecutor(6) as pool:
        assert all(pool.map(work, range(6)))
    assert _blas._blas_num_threads() == 1  # pyright: ignore[reportPrivateUsage]


@pytest.mark.thread_unsafe(reason="times a pure-Python loop against a call on another thread")
def test_the_gil_is_released_during_the_product() -> None:
    a, b = rand((900, 900), np.float64), rand((900, 900), np.float64)
    done = threading.Event()

    def multiply() -> None:
        with simdkern.threads(1):
            for _ in range(4):
                simdkern.matmul(a, b)
        done.set()

    worker = threading.Thread(target=multiply)
    counted = 0
    worker.start()
    while not done.is_set():
        counted += 1
    worker.join()
    assert counted > 10_000  # the loop ran while the products did


@pytest.mark.thread_unsafe(reason="a parallel product on another thread raises the setting")
def test_threadpoolctl_sees_the_blas_at_rest() -> None:
    threadpoolctl = pytest.importorskip("threadpoolctl")
    simdkern.matmul(np.ones((2, 2)), np.ones((2, 2)))
    infos: list[dict[str, Any]] = threadpoolctl.threadpool_info()
    wheel_dir = f"{os.sep}scipy_openblas64{os.sep}"  # not NumPy's copy in numpy.libs
    ours = [i for i in infos if wheel_dir in i.get("filepath", "")]
    if not ours:
        pytest.skip("simdkern was not built with the scipy-openblas64 wheel")
    assert ours[0]["num_threads"] == 1
    assert any(i["user_api"] == "simdkern" for i in infos)


def test_blas_info_names_the_build() -> None:
    info = simdkern.config()
    assert "BLAS" in info
    assert "openblas" in info["BLAS"].lower()
