"""The thread pool as a user meets it.

Results are bit-identical for 1, 2, 3 and 7 threads on every kernel, at
sizes around every threshold; np.errstate sees a worker's flags; the
controls (set_num_threads, threads(n), the environment, threadpoolctl)
validate and scope as documented; concurrent callers, fork and Ctrl-C.
"""

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import simdkern
from numpy.typing import NDArray
from simdkern import _ufuncs

COUNTS = (1, 2, 3, 7)
Inputs = list[NDArray[Any]]


def run_with(kernel: simdkern.Kernel, args: Inputs, threads: int) -> NDArray[Any]:
    with simdkern.threads(threads):
        return kernel.ufunc(*args)


@pytest.fixture
def low_thresholds() -> Iterator[None]:
    """Every class goes parallel from 64 elements: small calls cut into many tiles."""
    saved = simdkern.tuning()
    setter = _ufuncs._set_tuning  # pyright: ignore[reportPrivateUsage]
    for name in saved:
        for dtype in ("float32", "float64"):
            setter(name, dtype, 64)
    yield
    for name, entry in saved.items():
        setter(name, "float32", entry["float32"])
        setter(name, "float64", entry["float64"])


def threshold(kernel: simdkern.Kernel, dtype: type[np.floating[Any]]) -> int:
    return simdkern.tuning()[kernel.cost][np.dtype(dtype).name]  # type: ignore[literal-required]


@pytest.mark.thread_unsafe  # spawns its own threads per call; slow under the parallel runner
def test_identical_around_threshold(
    kernel: simdkern.Kernel,
    float_dtype: type[np.floating[Any]],
    make_inputs: Callable[..., Inputs],
    bits: Callable[[NDArray[Any]], NDArray[Any]],
) -> None:
    t = threshold(kernel, float_dtype)
    for n in (t - 1, t, t + 1, 2 * t + 17, 4 * t + 3):
        args = make_inputs(kernel, float_dtype, n, n)
        with np.errstate(all="ignore"):
            want = bits(run_with(kernel, args, 1))
            for count in COUNTS[1:]:
                got = bits(run_with(kernel, args, count))
                assert np.array_equal(got, want), f"{kernel.name} n={n}: {count} threads differ"


@pytest.mark.thread_unsafe  # changes process-wide tuning
@pytest.mark.usefixtures("low_thresholds")
def test_identical_many_tiles(
    kernel: simdkern.Kernel,
    float_dtype: type[np.floating[Any]],
    make_inputs: Callable[..., Inputs],
    bits: Callable[[NDArray[Any]], NDArray[Any]],
) -> None:
    for n in (64, 1000, 70_001):
        args = make_inputs(kernel, float_dtype, 3 * n, n)
        strided = [a[::3] for a in args]
        reversed_ = [a[::-1][:n] for a in args]
        for layout in (strided, reversed_):
            with np.errstate(all="ignore"):
                want = bits(run_with(kernel, layout, 1))
                for count in COUNTS[1:]:
                    got = bits(run_with(kernel, layout, count))
                    assert np.array_equal(got, want), f"{kernel.name} n={n}: {count} threads"


@pytest.mark.thread_unsafe
@pytest.mark.parametrize("op", ["add", "multiply"])
@pytest.mark.parametrize("n", [1000, 300_001, 2_000_000])
def test_reductions_identical(op: str, n: int, float_dtype: type[np.floating[Any]]) -> None:
    rng = np.random.default_rng(n)
    if op == "add":
        x = rng.standard_normal(n).astype(float_dtype)
    else:
        x = (1 + rng.uniform(-1e-6, 1e-6, n)).astype(float_dtype)
    ufunc = simdkern.kernel(op).ufunc
    results: list[bytes] = []
    for count in COUNTS:
        with simdkern.threads(count):
            results.append(ufunc.reduce(x).tobytes())
            results.append(ufunc.reduce(x[::-1]).tobytes())
    assert len(set(results[0::2])) == 1, "forward reductions differ between thread counts"
    assert len(set(results[1::2])) == 1, "reversed reductions differ between thread counts"


@pytest.mark.thread_unsafe  # warnings capture is process-wide
@pytest.mark.parametrize("count", COUNTS)
def test_worker_flags_reach_errstate(count: int) -> None:
    x = np.ones(1_000_000)
    x[-3] = 1000.0  # overflows in the last tile: a worker's, on several threads
    with simdkern.threads(count), pytest.warns(RuntimeWarning, match="overflow"):
        simdkern.exp(x)
    with simdkern.threads(count), np.errstate(over="raise"), pytest.raises(FloatingPointError):
        simdkern.exp(x)
    x[-3] = 1.0
    with simdkern.threads(count), warnings.catch_warnings():
        warnings.simplefilter("error")
        simdkern.exp(x)


# ----- controls -----------------------------------------------------------------


@pytest.mark.thread_unsafe  # changes the process default
def test_set_and_get() -> None:
    before = simdkern.get_num_threads()
    try:
        simdkern.set_num_threads(3)
        assert simdkern.get_num_threads() == 3
        big = simdkern.cpu_count() + 5  # honoured above the CPU count
        simdkern.set_num_threads(big)
        assert simdkern.get_num_threads() == big
    finally:
        simdkern.set_num_threads(before)
    assert simdkern.get_num_threads() == before


@pytest.mark.parametrize("bad", [0, -1, -100])
def test_bad_counts_value_error(bad: int) -> None:
    with pytest.raises(ValueError, match=">= 1"):
        simdkern.set_num_threads(bad)
    with pytest.raises(ValueError, match=">= 1"):
        simdkern.threads(bad)


@pytest.mark.parametrize("bad", [1.5, "2", None, True, [2]])
def test_bad_counts_type_error(bad: Any) -> None:
    with pytest.raises(TypeError, match="thread count must be an int"):
        simdkern.set_num_threads(bad)
    with pytest.raises(TypeError, match="thread count must be an int"):
        simdkern.threads(bad)


def test_numpy_integer_count() -> None:
    with simdkern.threads(np.int64(2)):  # pyright: ignore[reportArgumentType]
        assert simdkern.get_num_threads() == 2


def test_threads_scope_nests_and_restores() -> None:
    default = simdkern.get_num_threads()
    outer = simdkern.threads(3)
    with outer:
        assert simdkern.get_num_threads() == 3
        with simdkern.threads(1):
            assert simdkern.get_num_threads() == 1
        with outer:  # the same object, re-entered
            assert simdkern.get_num_threads() == 3
        assert simdkern.get_num_threads() == 3
    assert simdkern.get_num_threads() == default


def test_threads_scope_is_per_thread() -> None:
    default = simdkern.get_num_threads()
    seen: list[int] = []
    inside = threading.Event()
    done = threading.Event()

    def other() -> None:
        inside.wait()
        seen.append(simdkern.get_num_threads())
        done.set()

    thread = threading.Thread(target=other)
    thread.start()
    with simdkern.threads(default + 4):
        inside.set()
        done.wait()
    thread.join()
    assert seen == [default]


def test_threads_scope_is_per_task() -> None:
    async def task(n: int) -> int:
        with simdkern.threads(n):
            await asyncio.sleep(0.01)
            return simdkern.get_num_threads()

    async def main() -> list[int]:
        return list(await asyncio.gather(task(1), task(5), task(3)))

    assert asyncio.run(main()) == [1, 5, 3]


def test_explicit_count_starts_workers() -> None:
    x = np.linspace(0, 100, 5 * simdkern.tuning()["transc"]["float64"])  # enough for 5 threads
    with simdkern.threads(5):
        simdkern.sin(x)
    assert simdkern.pool_workers() >= 4


def test_tuning_reported() -> None:
    tuning = simdkern.tuning()
    assert set(tuning) == {"arith", "transc", "fused", "reduce"}
    for entry in tuning.values():
        assert entry["float32"] > 4096 and entry["float64"] > 4096  # small calls stay serial
        assert entry["cap"] >= 1


def run_python(code: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {
        k: v for k, v in os.environ.items() if k not in ("SIMDKERN_NUM_THREADS", "OMP_NUM_THREADS")
    }
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.thread_unsafe  # subprocesses
@pytest.mark.parametrize(
    ("env", "expected", "warns"),
    [
        ({}, "cpus", False),
        ({"SIMDKERN_NUM_THREADS": "3", "OMP_NUM_THREADS": "5"}, "3", False),
        ({"OMP_NUM_THREADS": "4,2"}, "4", False),
        ({"SIMDKERN_NUM_THREADS": "lots", "OMP_NUM_THREADS": "2"}, "2", True),
        ({"SIMDKERN_NUM_THREADS": "-2"}, "cpus", True),
    ],
)
def test_environment(env: dict[str, str], expected: str, warns: bool) -> None:
    result = run_python(
        """
        import warnings
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            import simdkern
        print(simdkern.get_num_threads(), simdkern.cpu_count())
        print(*[str(w.message) for w in caught], sep="|")
        """,
        env,
    )
    assert result.returncode == 0, result.stderr
    counts, messages = result.stdout.splitlines()[:2] if "\n" in result.stdout else ("", "")
    got, cpus = counts.split()
    assert got == (cpus if expected == "cpus" else expected)
    assert ("not a positive integer" in messages) == warns, messages


@pytest.mark.thread_unsafe  # threadpoolctl limits are process-wide
def test_threadpoolctl() -> None:
    threadpoolctl = pytest.importorskip("threadpoolctl")
    info = [i for i in threadpoolctl.threadpool_info() if i["user_api"] == "simdkern"]
    assert len(info) == 1
    assert info[0]["num_threads"] == simdkern.get_num_threads()
    assert info[0]["version"] == simdkern.__version__
    before = simdkern.get_num_threads()
    with threadpoolctl.threadpool_limits(1):
        assert simdkern.get_num_threads() == 1
        with simdkern.threads(2):  # an explicit scope still wins
            assert simdkern.get_num_threads() == 2
    assert simdkern.get_num_threads() == before
    with threadpoolctl.threadpool_limits(limits=1, user_api="simdkern"):
        assert simdkern.get_num_threads() == 1


# ----- concurrent callers, fork, interrupt ----------------------------------------


@pytest.mark.thread_unsafe  # starts its own threads
def test_concurrent_callers_bounded() -> None:
    """8 callers at once: right results, and no more workers than the default allows."""
    simdkern.shutdown()
    x = np.linspace(-20, 20, 2 * simdkern.tuning()["transc"]["float64"])
    with simdkern.threads(1):
        want = simdkern.tanh(x)
    errors: list[str] = []
    barrier = threading.Barrier(8)

    def call() -> None:
        barrier.wait()
        for _ in range(10):
            if not np.array_equal(simdkern.tanh(x), want):
                errors.append("wrong result")

    callers = [threading.Thread(target=call) for _ in range(8)]
    for c in callers:
        c.start()
    for c in callers:
        c.join()
    assert not errors
    assert simdkern.pool_workers() <= max(simdkern.get_num_threads() - 1, 0)


def _child_result(x: NDArray[np.float64]) -> bytes:
    return simdkern.sin(x).tobytes()


@pytest.mark.thread_unsafe  # forks
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_fork_after_pool_use() -> None:
    import multiprocessing  # noqa: PLC0415

    x = np.linspace(0, 1000, 1_000_000)
    with simdkern.threads(2):
        want = simdkern.sin(x).tobytes()
    assert simdkern.pool_workers() >= 1
    context = multiprocessing.get_context("fork")
    with warnings.catch_warnings():
        # 3.12+ warns that forking a process with threads may deadlock; the pool is
        # fork-safe, which is what this test shows
        warnings.simplefilter("ignore", DeprecationWarning)
        with context.Pool(2) as pool:
            results = pool.map(_child_result, [x, x, x])
    assert all(r == want for r in results)


def _thread_ids() -> set[str] | None:
    return set(os.listdir(f"/proc/{os.getpid()}/task")) if os.path.isdir("/proc") else None


@pytest.mark.thread_unsafe
def test_shutdown_then_fork_has_no_threads() -> None:
    x = np.linspace(0, 1000, 1_000_000)
    simdkern.shutdown()
    before = _thread_ids()  # other libraries' pools (OpenMP, Numba, numexpr) may hold threads
    with simdkern.threads(2):
        simdkern.sin(x)
    assert simdkern.pool_workers() >= 1
    simdkern.shutdown()
    assert simdkern.pool_workers() == 0
    if before is not None:  # the workers are really gone
        assert _thread_ids() == before
    alone = before is not None and len(before) == 1
    if sys.version_info >= (3, 12) and alone and hasattr(os, "fork"):
        # so 3.12+'s "fork() with threads" DeprecationWarning does not come
        with warnings.catch_warnings():
            warnings.simplefilter("error", DeprecationWarning)
            pid = os.fork()
            if pid == 0:
                os._exit(0)
        _, status = os.waitpid(pid, 0)
        assert status == 0
    with simdkern.threads(1):
        want = simdkern.sin(x)
    with simdkern.threads(2):  # and start again when needed
        assert np.array_equal(simdkern.sin(x), want)
    assert simdkern.pool_workers() >= 1


PROBE = Path(__file__).resolve().parents[2] / "tools" / "interrupt_probe.py"


@pytest.mark.thread_unsafe  # signals
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize(
    ("kind", "n", "wait", "busy"),
    [
        ("reduce", 20_000_000_000, 0.3, False),
        ("reduce", 20_000_000_000, 0.3, True),
        ("map", 200_000_000, 0.05, False),
        ("half", 100_000_000, 0.2, False),
    ],
)
def test_ctrl_c_interrupts_long_call(
    threads: int, kind: str, n: int, wait: float, busy: bool
) -> None:
    """SIGINT during a long call: KeyboardInterrupt, and the call stops early.

    The reduction (stride 0, no memory) would run for seconds, also with a
    pure-Python thread holding the GIL most of the time; the float64 map runs
    for about 0.4 s per thread, the float16 one (one thread always) for about
    1.3 s: both must leave part of their output unwritten.
    """
    argv = [str(n), str(threads), kind] + (["busy"] if busy else [])
    child = subprocess.Popen(
        [sys.executable, str(PROBE), *argv],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "start"
    time.sleep(wait)
    sent = time.perf_counter()
    child.send_signal(signal.SIGINT)
    line = child.stdout.readline().strip()
    latency = time.perf_counter() - sent
    written = int(child.stdout.readline())
    child.wait(timeout=60)
    assert line == "interrupted", line
    if kind != "reduce":
        assert 0 < written < n, "the call was not stopped part-way"
    # the measured latency is ~10 ms (docs/threads.md); a loose bound for a noisy machine
    assert latency < 1.0, f"KeyboardInterrupt took {latency:.3f} s"
