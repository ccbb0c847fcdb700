"""Many threads calling the kernels at once get the bits one thread alone gets.

The ufuncs release the GIL around their loops, and a free-threaded CPython has no GIL
at all: threads really do run the kernels simultaneously.  Shared read-only inputs and
per-thread outputs must not interfere; shared scratch state in a kernel or in the
dispatch would show up here as a changed bit, an exception or a crash.  The same test
runs on a GIL build (the loops run in parallel there too).  On a free-threaded build,
importing simdkern must also leave the GIL disabled.
"""

import os
import subprocess
import sys
import sysconfig
import threading
from typing import Any, NamedTuple

import numpy as np
import pytest
import simdkern
from numpy.typing import NDArray

THREADS = 8
ROUNDS = 200
SIZE = 5000
DTYPES = (np.float32, np.float64)
BITS = {4: np.uint32, 8: np.uint64}


class Case(NamedTuple):
    kernel: simdkern.Kernel
    args: tuple[NDArray[Any], ...]
    expected: NDArray[Any]
    """The bits of the result computed serially, before any thread starts."""


def _inputs(
    kernel: simdkern.Kernel, dtype: type[np.floating[Any]], seed: int
) -> list[NDArray[Any]]:
    """kernel.nin arrays inside the kernel's domain, with a few specials and subnormals."""
    rng = np.random.default_rng(seed)
    tiny = float(np.finfo(dtype).smallest_subnormal)
    specials = [0.0, -0.0, np.inf, -np.inf, np.nan, tiny, -tiny, 1e30, -1e30]
    arrays: list[NDArray[Any]] = []
    for _ in range(kernel.nin):
        values = rng.standard_normal(SIZE) * 10.0
        values[rng.integers(0, SIZE, size=len(specials))] = specials
        with np.errstate(over="ignore"):
            array = values.astype(dtype)
        if kernel.domain == "nonneg":
            array = np.abs(array)
        array.flags.writeable = False  # shared by every thread: nobody may write to it
        arrays.append(array)
    return arrays


def _bits(array: NDArray[Any]) -> NDArray[Any]:
    return array.view(BITS[array.dtype.itemsize])


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    """Every kernel in float32 and float64, with its serial result."""
    found: list[Case] = []
    for number, kernel in enumerate(simdkern.catalogue()):
        for dtype in DTYPES:
            args = _inputs(kernel, dtype, seed=number)
            with np.errstate(all="ignore"):
                result = np.asarray(kernel.ufunc(*args))
            assert result.dtype == dtype, f"{kernel.name} {np.dtype(dtype).name}"
            found.append(Case(kernel, tuple(args), _bits(result).copy()))
    return found


def test_threads_get_the_serial_bits(cases: list[Case]) -> None:
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []
    mismatches: list[str] = []
    lock = threading.Lock()

    def work(index: int) -> None:
        try:
            # each thread starts at another kernel, so different kernels overlap in time
            order = cases[index % len(cases) :] + cases[: index % len(cases)]
            outputs = [np.empty(SIZE, dtype=case.args[0].dtype) for case in order]
            barrier.wait(timeout=60)
            with np.errstate(all="ignore"):  # errstate is per thread: set it in this one
                for round_number in range(ROUNDS):
                    for case, out in zip(order, outputs, strict=True):
                        returned = case.kernel.ufunc(*case.args, out=out)
                        if returned is not out or not np.array_equal(_bits(out), case.expected):
                            differ = int(np.count_nonzero(_bits(out) != case.expected))
                            with lock:
                                mismatches.append(
                                    f"{case.kernel.name} {out.dtype} thread {index} round "
                                    f"{round_number}: {differ} of {SIZE} elements differ"
                                )
                            return
        except BaseException as error:  # reported by the test, in the main thread
            barrier.abort()
            with lock:
                errors.append(error)

    threads = [threading.Thread(target=work, args=(i,), name=f"kernel-{i}") for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    if errors:
        raise errors[0]
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.thread_unsafe(reason="starts a Python subprocess")
@pytest.mark.skipif(
    not sysconfig.get_config_var("Py_GIL_DISABLED"), reason="needs a free-threaded CPython"
)
def test_gil_stays_disabled_after_importing_every_submodule() -> None:
    """An extension without Py_mod_gil, even in a dependency, would turn the GIL back on."""
    script = (
        "import importlib, pkgutil, sys\n"
        "assert 'gil' not in sys._xoptions and not sys._is_gil_enabled()\n"
        "import simdkern\n"
        "names = [m.name for m in pkgutil.walk_packages(simdkern.__path__, 'simdkern.')"
        "         if not m.name.endswith('.__main__')]  # a __main__ runs its program\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "print(*names, file=sys.stderr)\n"
        "print(sys._is_gil_enabled())\n"
    )
    # PYTHON_GIL=1 (or -X gil=1, which a child does not inherit) would force the GIL on
    env = {name: value for name, value in os.environ.items() if name != "PYTHON_GIL"}
    completed = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    imported = completed.stderr.split()
    for name in ("simdkern._ufuncs", "simdkern.peers._cython", "simdkern.bench.cli"):
        assert name in imported
    assert completed.stdout.strip() == "False", completed.stderr
