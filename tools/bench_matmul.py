"""simdkern.matmul against np.matmul, and the BLAS builds one could link.

Two groups, each for float32 and float64, square n x n matrices (n = 1000
unless --sizes says otherwise), on each thread count of --threads:

  a. simdkern.matmul(a, b, out=c) inside simdkern.threads(t) against
     np.matmul(a, b, out=c) with NumPy's own OpenBLAS limited to t threads
     (threadpoolctl, that library alone).  Ratio = NumPy time / simdkern time
     (above 1: simdkern faster).
  b. (--libraries) the raw cblas gemm of every OpenBLAS build found here,
     called through ctypes with that library's thread count set to t: the
     system OpenBLAS (Debian's libopenblas0), the scipy-openblas64 and
     scipy-openblas32 wheels; np.matmul alongside as the reference.  This is
     how docs/blas.md chose the build.

The implementations of a group are timed interleaved (ABC ABC ...), each
sample an inner loop of calls calibrated to --sample-s, the garbage collector
off; on several threads each sample waits --settle-s first, for the BLAS
workers of the previous one (another OpenBLAS copy) to stop spinning.
Medians and interquartile ranges (simdkern.bench.timing's Stats) are
reported.  With --results DIR the table goes to DIR/bench-matmul-latest.md
and every sample to DIR/bench-matmul-<timestamp>.json.

Usage:
    python tools/bench_matmul.py                       # group a, 1 and 2 threads
    python tools/bench_matmul.py --libraries           # groups a and b
    python tools/bench_matmul.py --sizes 500,2000 --threads 1 --repeats 21
"""

from __future__ import annotations

import argparse
import ctypes
import datetime as dt
import importlib
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import simdkern
from _report import cpu_model
from simdkern.bench.timing import Stats, gc_off

Array = npt.NDArray[Any]
Call = Callable[[], object]

SYSTEM_OPENBLAS = "/usr/lib/x86_64-linux-gnu/libopenblas.so.0"
ROW_MAJOR, NO_TRANS = 101, 111


@dataclass(frozen=True)
class Row:
    group: str
    name: str
    dtype: str
    n: int
    threads: int
    stats: Stats
    reference: Stats

    @property
    def ratio(self) -> float:
        """Reference (np.matmul) time over this one's: above 1 is faster than NumPy."""
        return self.reference.median / self.stats.median

    @property
    def gflops(self) -> float:
        return 2.0 * self.n**3 / self.stats.median / 1e9


def numpy_blas_limit(threads: int) -> AbstractContextManager[object]:
    """Limit NumPy's own OpenBLAS (and only it) to `threads` threads."""
    try:
        threadpoolctl: Any = importlib.import_module("threadpoolctl")
    except ImportError:
        return nullcontext()
    controller = threadpoolctl.ThreadpoolController()
    numpy_libs = os.path.dirname(np.__file__) + ".libs"  # where NumPy's wheel keeps it
    paths = [
        info["filepath"]
        for info in controller.info()
        if info["user_api"] == "blas" and info["filepath"].startswith(numpy_libs)
    ]
    if not paths:
        return nullcontext()
    return controller.select(filepath=paths).limit(limits=threads)


def interleaved(
    calls: dict[str, Call], repeats: int, sample_s: float, settle_s: float
) -> dict[str, Stats]:
    """Seconds per call of each, sampled in turn, with a pause of settle_s
    before each sample (OpenBLAS's workers spin for about 0.1 s after a
    parallel call, and would take CPU from the next implementation's)."""
    numbers: dict[str, int] = {}
    with gc_off():
        for name, call in calls.items():
            call()
            start = time.perf_counter()
            call()
            once = time.perf_counter() - start
            numbers[name] = max(1, int(sample_s / once)) if once > 0 else 1000
        samples: dict[str, list[float]] = {name: [] for name in calls}
        for _ in range(repeats):
            for name, call in calls.items():
                number = numbers[name]
                if settle_s:
                    time.sleep(settle_s)
                start = time.perf_counter()
                for _ in range(number):
                    call()
                samples[name].append((time.perf_counter() - start) / number)
    return {name: Stats.of(values) for name, values in samples.items()}


# ----- the BLAS builds, called directly -----------------------------------------


@dataclass(frozen=True)
class Library:
    name: str
    gemm: dict[str, Any]
    set_threads: Any
    corename: str


def load_library(name: str, path: str, prefix: str, suffix: str, ilp64: bool) -> Library:
    lib = ctypes.CDLL(path)
    integer = ctypes.c_int64 if ilp64 else ctypes.c_int
    gemm: dict[str, Any] = {}
    for code, scalar in (("float32", ctypes.c_float), ("float64", ctypes.c_double)):
        fn = getattr(lib, f"{prefix}cblas_{'s' if code == 'float32' else 'd'}gemm{suffix}")
        fn.argtypes = [ctypes.c_int] * 3 + [integer] * 3
        fn.argtypes += [scalar, ctypes.c_void_p, integer, ctypes.c_void_p, integer]
        fn.argtypes += [scalar, ctypes.c_void_p, integer]
        fn.restype = None
        gemm[code] = fn
    corename = getattr(lib, f"{prefix}openblas_get_corename{suffix}")
    corename.restype = ctypes.c_char_p
    config = getattr(lib, f"{prefix}openblas_get_config{suffix}")
    config.restype = ctypes.c_char_p
    version = config().decode().split()[1]
    return Library(
        f"{name} {version}",
        gemm,
        getattr(lib, f"{prefix}openblas_set_num_threads{suffix}"),
        corename().decode(),
    )


def libraries() -> list[Library]:
    found: list[Library] = []
    if os.path.exists(SYSTEM_OPENBLAS):
        found.append(load_library("system OpenBLAS", SYSTEM_OPENBLAS, "", "", ilp64=False))
    for module, suffix, ilp64 in (
        ("scipy_openblas64", "64_", True),
        ("scipy_openblas32", "", False),
    ):
        try:
            wheel: Any = importlib.import_module(module)
        except ImportError:
            continue
        lib_dir: str = wheel.get_lib_dir()
        lib_name: str = wheel.get_library(fullname=True)
        path = os.path.join(lib_dir, lib_name)
        found.append(load_library(module.replace("_", "-"), path, "scipy_", suffix, ilp64))
    return found


def gemm_call(lib: Library, dtype: str, operands: tuple[Array, Array, Array]) -> Call:
    fn = lib.gemm[dtype]
    a, b, c = operands
    n = a.shape[0]
    pa, pb, pc = a.ctypes.data, b.ctypes.data, c.ctypes.data
    return lambda: fn(ROW_MAJOR, NO_TRANS, NO_TRANS, n, n, n, 1.0, pa, n, pb, n, 0.0, pc, n)


# ----- the runs -------------------------------------------------------------------


def run(args: argparse.Namespace) -> list[Row]:
    rows: list[Row] = []
    libs = libraries() if args.libraries else []
    for lib in libs:
        print(f"# {lib.name}: {lib.corename} kernels", file=sys.stderr)
    rng = np.random.default_rng(0)
    for n in args.sizes:
        for dtype in args.dtypes:
            a = rng.standard_normal((n, n)).astype(dtype)
            b = rng.standard_normal((n, n)).astype(dtype)
            c = np.empty((n, n), dtype)
            for threads in args.threads:
                for lib in libs:
                    lib.set_threads(threads)

                def ours() -> object:
                    with simdkern.threads(threads):  # noqa: B023  # called in this iteration
                        return simdkern.matmul(a, b, out=c)  # noqa: B023

                calls: dict[str, Call] = {
                    "np.matmul": lambda: np.matmul(a, b, out=c),  # noqa: B023
                    "simdkern.matmul": ours,
                }
                for lib in libs:
                    calls[lib.name] = gemm_call(lib, dtype, (a, b, c))
                with numpy_blas_limit(threads):
                    settle = args.settle_s if threads > 1 else 0.0
                    stats = interleaved(calls, args.repeats, args.sample_s, settle)
                reference = stats["np.matmul"]
                for name, s in stats.items():
                    group = "a" if name in ("np.matmul", "simdkern.matmul") else "b"
                    row = Row(group, name, dtype, n, threads, s, reference)
                    rows.append(row)
                    print(
                        f"{dtype} n={n} threads={threads} {name:28s} {s.median * 1e3:8.2f} ms "
                        f"(IQR {s.iqr_pct:4.1f} %) {row.gflops:6.1f} GFLOP/s  "
                        f"vs np.matmul {row.ratio:5.3f}x",
                        file=sys.stderr,
                    )
    return rows


def table(rows: list[Row]) -> str:
    lines = [
        "| dtype | n | threads | implementation | median ms | IQR % | GFLOP/s "
        "| np.matmul time / this |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.dtype} | {r.n} | {r.threads} | {r.name} | {r.stats.median * 1e3:.2f} | "
            f"{r.stats.iqr_pct:.1f} | {r.gflops:.1f} | {r.ratio:.3f} |"
        )
    return "\n".join(lines)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default="1000", help="matrix sizes n, comma-separated")
    parser.add_argument("--threads", default="1,2", help="thread counts, comma-separated")
    parser.add_argument("--dtypes", default="float32,float64")
    parser.add_argument("--repeats", type=int, default=15, help="samples per implementation")
    parser.add_argument("--sample-s", type=float, default=0.1, help="seconds per sample")
    parser.add_argument(
        "--settle-s",
        type=float,
        default=0.3,
        help="pause before each multi-threaded sample, for the last one's BLAS workers to sleep",
    )
    parser.add_argument("--libraries", action="store_true", help="also time each BLAS build")
    parser.add_argument("--results", type=Path, help="write the table and samples here")
    args = parser.parse_args(argv)
    args.sizes = [int(float(s)) for s in args.sizes.split(",")]
    args.threads = [int(t) for t in args.threads.split(",")]
    args.dtypes = args.dtypes.split(",")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    blas = simdkern.config()["BLAS"]
    header = (
        f"simdkern.matmul ({blas}) against np.matmul (NumPy {np.__version__}); "
        f"{cpu_model()}, {os.cpu_count()} CPUs; {platform.python_version()}"
    )
    print(f"# {header}", file=sys.stderr)
    rows = run(args)
    text = f"{header}\n\n{table(rows)}\n"
    print(text)
    if args.results:
        args.results.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        (args.results / "bench-matmul-latest.md").write_text(text)
        samples = [
            {
                "group": r.group,
                "name": r.name,
                "dtype": r.dtype,
                "n": r.n,
                "threads": r.threads,
                "ratio": r.ratio,
                **r.stats.as_dict(),
            }
            for r in rows
        ]
        (args.results / f"bench-matmul-{stamp}.json").write_text(json.dumps(samples, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
