"""How simdkern's calls scale with threads, measured as ratios in one run.

Four groups:

  a. scaling: every catalogue kernel, float32 and float64, n = 1e6 and 1e7,
     on 1, 2, ... up to the CPUs this process may use (``simdkern.threads(k)``):
     ns per element and the speedup over one thread;
  b. small calls: n = 1 ... 4096, with the default thread count against
     ``threads(1)`` (they should cost the same: below every threshold);
  c. Ctrl-C: SIGINT sent to a process during a long call
     (tools/interrupt_probe.py), to the KeyboardInterrupt, on 1 and 2 threads,
     also with a pure-Python thread competing for the GIL;
  d. Python threads: the same tanh calls on 1e5-element float64 arrays shared
     out among 1, 2 and 8 Python threads (simdkern inside ``threads(1)``),
     with np.tanh beside it; total throughput ratio.  On a GIL build the
     ufunc releases the GIL; on a free-threaded build nothing is shared.

Each group times its variants interleaved, after a warm-up, with calibrated
inner loops and the garbage collector off; medians and interquartile ranges
are reported.  Samples go to results/bench-threads-<timestamp>.json, the
table to results/bench-threads-latest.md.

Usage:
    python tools/bench_threads.py                  # the full run (a few minutes)
    python tools/bench_threads.py --quick          # a smoke run
    python tools/bench_threads.py --kernels sin,tanh --dtypes float64 --sizes 1e6
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import platform
import signal
import statistics
import subprocess
import sys
import sysconfig
import threading
import time
import timeit
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import simdkern
from _report import cpu_model, fmt_ns, fmt_size
from bench_numpy import Settings, make_inputs, measure
from simdkern.bench.timing import Stats

Array = npt.NDArray[Any]

SEED = 20261125
DEFAULT_SIZES = (1_000_000, 10_000_000)
QUICK_SIZES = (100_000,)
SMALL_SIZES = (1, 64, 1024, 4096)
PY_THREADS = 8
PY_N = 100_000
# Targets of the threads issue: 2 threads against 1 (float64, n = 1e6 and 1e7).
SCALING_TARGETS = {"sin": 1.8, "tanh": 1.8, "gelu": 1.8, "exp": 1.0, "log": 1.0, "add": 1.0}
SMALL_TARGET = 1.05  # default threads within 5 % of one thread
PY_TARGET = 1.8


@dataclass(frozen=True)
class Row:
    group: str
    kernel: str
    dtype: str
    n: int
    variants: dict[str, list[float]]  # seconds per call (group c: per round), per variant

    def stats(self, variant: str) -> Stats:
        return Stats.of(self.variants[variant])

    def as_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "kernel": self.kernel,
            "dtype": self.dtype,
            "n": self.n,
            "seconds": self.variants,
            "stats": {v: self.stats(v).as_dict() for v in self.variants},
        }


def with_default(count: int, fn: Callable[[], object]) -> timeit.Timer:
    """A timer of fn() with the process default set to count threads, outside the
    timed loop (timeit runs the setup once per sample)."""
    return timeit.Timer(
        "f()",
        setup="set_threads(count)",
        globals={"f": fn, "set_threads": simdkern.set_num_threads, "count": count},
    )


def scaling_row(
    k: simdkern.Kernel, dtype: np.dtype[Any], n: int, counts: Sequence[int], settings: Settings
) -> Row:
    rng = np.random.default_rng(SEED)
    args = make_inputs(k, dtype, n, rng)
    out = np.empty(n, dtype)
    timers = {f"{c}": with_default(c, lambda: k.ufunc(*args, out=out)) for c in counts}
    timing = measure(timers, settings)
    return Row("scaling", k.name, dtype.name, n, timing.samples)


def small_row(k: simdkern.Kernel, dtype: np.dtype[Any], n: int, settings: Settings) -> Row:
    rng = np.random.default_rng(SEED)
    args = make_inputs(k, dtype, n, rng)
    out = np.empty(n, dtype)
    default = simdkern.get_num_threads()
    timers = {
        "default": with_default(default, lambda: k.ufunc(*args, out=out)),
        "1": with_default(1, lambda: k.ufunc(*args, out=out)),
    }
    return Row("small", k.name, dtype.name, n, measure(timers, settings).samples)


PY_COUNTS = (1, 2, PY_THREADS)
PROBE = Path(__file__).resolve().with_name("interrupt_probe.py")
# (kind, n, seconds to wait after "start", busy GIL neighbour)
INTERRUPT_CASES = (
    ("reduce", 20_000_000_000, 0.2, False),
    ("reduce", 20_000_000_000, 0.2, True),
    ("map", 100_000_000, 0.03, False),
    ("half", 50_000_000, 0.1, False),
)
INTERRUPT_TARGET_S = 0.1


def interrupt_row(case: tuple[str, int, float, bool], threads: int, repeats: int) -> Row:
    """Seconds from SIGINT to the call's end, measured by the parent, per repeat."""
    kind, n, wait, busy = case
    latencies: list[float] = []
    for _ in range(repeats):
        argv = [sys.executable, str(PROBE), str(n), str(threads), kind]
        child = subprocess.Popen(
            [*argv, "busy"] if busy else argv, stdout=subprocess.PIPE, text=True
        )
        assert child.stdout is not None
        if child.stdout.readline().strip() != "start":
            raise RuntimeError("interrupt probe did not start")
        time.sleep(wait)
        sent = time.perf_counter()
        child.send_signal(signal.SIGINT)
        line = child.stdout.readline().strip()
        latency = time.perf_counter() - sent
        child.stdout.read()
        child.wait(timeout=60)
        if line != "interrupted":
            raise RuntimeError(f"interrupt probe {kind}: {line!r}")
        latencies.append(latency)
    name = f"{kind}{' + busy thread' if busy else ''}"
    return Row(
        "interrupt", name, "float16" if kind == "half" else "float64", n, {f"{threads}": latencies}
    )


def python_threads_row(repeats: int, calls: int) -> Row:
    """Seconds for PY_THREADS * calls tanh calls, shared out among 1, 2 and
    PY_THREADS Python threads (each its own arrays), for simdkern.tanh inside
    threads(1) and, for comparison, np.tanh."""
    rng = np.random.default_rng(SEED)
    arrays = [rng.uniform(-5, 5, PY_N) for _ in range(PY_THREADS)]
    outs = [np.empty(PY_N) for _ in range(PY_THREADS)]
    total = calls * PY_THREADS
    funcs: dict[str, np.ufunc] = {"simdkern": simdkern.tanh, "numpy": np.tanh}

    def work(func: np.ufunc, i: int, count: int) -> None:
        with simdkern.threads(1):
            for _ in range(count):
                func(arrays[i], out=outs[i])

    def timed(func: np.ufunc, nthreads: int) -> float:
        barrier = threading.Barrier(nthreads + 1)

        def body(i: int) -> None:
            barrier.wait()
            work(func, i, total // nthreads)

        threads = [threading.Thread(target=body, args=(i,)) for i in range(nthreads)]
        for t in threads:
            t.start()
        barrier.wait()
        start = time.perf_counter()
        for t in threads:
            t.join()
        return time.perf_counter() - start

    variants = [(name, c) for name in funcs for c in PY_COUNTS]
    for name, c in variants:  # warm-up
        timed(funcs[name], c)
    samples: dict[str, list[float]] = {f"{name} {c}": [] for name, c in variants}
    for r in range(repeats):
        for name, c in variants if r % 2 == 0 else variants[::-1]:
            samples[f"{name} {c}"].append(timed(funcs[name], c))
    return Row("python_threads", "tanh", "float64", PY_N, samples)


def fmt_ratio(r: float) -> str:
    return f"{r:.2f}x"


def interrupt_section(stops: list[Row]) -> list[str]:
    out: list[str] = []
    if stops:
        out.append("## c. Ctrl-C\n")
        out.append(
            "SIGINT sent to a process in a long call (tools/interrupt_probe.py), to "
            "`KeyboardInterrupt` seen by the caller; median and worst of "
            f"{len(stops[0].variants[next(iter(stops[0].variants))])} runs.\n"
        )
        out.append("| call | threads | median ms | worst ms |")
        out.append("|---|---|---|---|")
        worst_all = 0.0
        for r in stops:
            (threads, values), *_ = r.variants.items()
            worst_all = max(worst_all, *values)
            out.append(
                f"| {r.kernel} ({r.dtype}, n = {fmt_size(r.n)}) | {threads} | "
                f"{statistics.median(values) * 1e3:.1f} | {max(values) * 1e3:.1f} |"
            )
        verdict = "met" if worst_all <= INTERRUPT_TARGET_S else "missed"
        out.append(
            f"\nWorst {worst_all * 1e3:.0f} ms (target ≤ {INTERRUPT_TARGET_S * 1e3:.0f} ms: "
            f"{verdict}).\n"
        )
    return out


def markdown(doc: dict[str, Any], rows: list[Row], counts: Sequence[int]) -> str:
    out: list[str] = []
    m = doc["machine"]
    out.append("# simdkern thread scaling\n")
    out.append(
        f"Run {doc['run']} on {m['cpu_model']} ({m['cpus_usable']} CPUs usable), "
        f"simdkern {doc['simdkern']['version']} ({doc['simdkern']['isa']}), "
        f"NumPy {doc['numpy']}, Python {doc['python']['version']}"
        f"{' free-threaded' if doc['python']['free_threaded'] else ''}.  "
        f"Median of {doc['settings']['repeats']} interleaved samples; "
        "`±` is the interquartile range of the 1-thread time.\n"
    )
    scaling = [r for r in rows if r.group == "scaling"]
    if scaling:
        out.append("## a. Speedup over one thread\n")
        head = "| kernel | dtype | n | 1 thread ns/elt | " + " | ".join(
            f"{c} thr" for c in counts[1:]
        )
        out.append(head + " | target (2 thr) |")
        out.append("|" + "---|" * (4 + len(counts)))
        for r in scaling:
            one = r.stats("1")
            cells = [fmt_ratio(one.median / r.stats(f"{c}").median) for c in counts[1:]]
            target = SCALING_TARGETS.get(r.kernel) if r.dtype == "float64" else None
            verdict = "-"
            if target is not None and len(counts) > 1:
                got = one.median / r.stats("2").median
                verdict = f"≥ {target:g}x: {'met' if got >= target else 'missed'}"
            ns = fmt_ns(one.median / r.n * 1e9)
            out.append(
                f"| {r.kernel} | {r.dtype} | {fmt_size(r.n)} | {ns} ± {one.iqr_pct:.0f}% | "
                + " | ".join(cells)
                + f" | {verdict} |"
            )
        out.append("")
    small = [r for r in rows if r.group == "small"]
    if small:
        out.append("## b. Small calls: default threads against threads(1)\n")
        out.append("Ratio = time with the default thread count / time with one thread.\n")
        out.append("| kernel | dtype | " + " | ".join(f"n={n}" for n in SMALL_SIZES) + " |")
        out.append("|" + "---|" * (2 + len(SMALL_SIZES)))
        by_key: dict[tuple[str, str], dict[int, Row]] = {}
        for r in small:
            by_key.setdefault((r.kernel, r.dtype), {})[r.n] = r
        worst = 0.0
        for (kernel, dtype), per_n in by_key.items():
            cells: list[str] = []
            for n in SMALL_SIZES:
                if n not in per_n:
                    cells.append("-")
                    continue
                ratio = per_n[n].stats("default").median / per_n[n].stats("1").median
                worst = max(worst, ratio)
                cells.append(f"{ratio:.3f}")
            out.append(f"| {kernel} | {dtype} | " + " | ".join(cells) + " |")
        out.append(
            f"\nWorst ratio {worst:.3f} (target ≤ {SMALL_TARGET}: "
            f"{'met' if worst <= SMALL_TARGET else 'missed'}).\n"
        )
    out.extend(interrupt_section([r for r in rows if r.group == "interrupt"]))
    py = [r for r in rows if r.group == "python_threads"]
    for r in py:
        out.append("## d. Python threads\n")
        out.append(
            f"The same {PY_THREADS} x {fmt_size(PY_N)} float64 `tanh` calls (each Python "
            "thread its own arrays, `out=`), shared out among 1, 2 and "
            f"{PY_THREADS} Python threads; simdkern inside `simdkern.threads(1)`.  "
            "Throughput against one Python thread.\n"
        )
        out.append(
            "| function | 1 thread ms | " + " | ".join(f"{c} threads" for c in PY_COUNTS[1:]) + " |"
        )
        out.append("|" + "---|" * (1 + len(PY_COUNTS)))
        for name in ("simdkern", "numpy"):
            one = r.stats(f"{name} 1")
            cells = [fmt_ratio(one.median / r.stats(f"{name} {c}").median) for c in PY_COUNTS[1:]]
            out.append(
                f"| {name}.tanh | {one.median * 1e3:.1f} ± {one.iqr_pct:.0f}% | "
                + " | ".join(cells)
                + " |"
            )
        ratio = r.stats("simdkern 1").median / r.stats(f"simdkern {PY_THREADS}").median
        build = "free-threaded" if doc["python"]["free_threaded"] else "GIL"
        out.append(
            f"\nsimdkern, {PY_THREADS} threads: {fmt_ratio(ratio)} on this {build} build "
            f"(target ≥ {PY_TARGET}x on a free-threaded build"
            + (f": {'met' if ratio >= PY_TARGET else 'missed'})." if build != "GIL" else ").")
            + "\n"
        )
    return "\n".join(out)


def parse_sizes(text: str) -> tuple[int, ...]:
    return tuple(int(float(s)) for s in text.split(","))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run (seconds)")
    parser.add_argument("--kernels", help="comma-separated kernel names (default: all)")
    parser.add_argument("--dtypes", default="float32,float64")
    parser.add_argument("--sizes", type=parse_sizes, help="scaling sizes (default 1e6,1e7)")
    parser.add_argument("--max-threads", type=int, help="default: the CPUs usable")
    parser.add_argument("--repeats", type=int)
    parser.add_argument(
        "--groups",
        default="scaling,small,python,interrupt",
        help="which groups to run (comma-separated)",
    )
    parser.add_argument("--results", type=Path, default=Path("results"))
    args = parser.parse_args(argv)

    names = args.kernels.split(",") if args.kernels else [k.name for k in simdkern.catalogue()]
    kernels = [simdkern.kernel(n) for n in names]
    dtypes = [np.dtype(d) for d in args.dtypes.split(",")]
    sizes = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    top = args.max_threads or simdkern.cpu_count()
    counts = list(range(1, max(top, 2) + 1))
    repeats = args.repeats or (3 if args.quick else 9)
    settings = Settings(repeats, 0.002 if args.quick else 0.05, 0.002 if args.quick else 0.05)
    small_settings = Settings(repeats, 0.002 if args.quick else 0.02, 0.002)
    groups = set(args.groups.split(","))

    default_threads = simdkern.get_num_threads()
    gc.disable()
    rows: list[Row] = []
    if "scaling" in groups:
        for k in kernels:
            for dtype in dtypes:
                for n in sizes:
                    print(f"scaling {k.name} {dtype.name} n={fmt_size(n)}", file=sys.stderr)
                    rows.append(scaling_row(k, dtype, n, counts, settings))
    if "small" in groups:
        for k in kernels:
            for dtype in dtypes:
                for n in SMALL_SIZES:
                    rows.append(small_row(k, dtype, n, small_settings))
    if "python" in groups:
        print("python threads", file=sys.stderr)
        rows.append(python_threads_row(repeats, 5 if args.quick else 40))
    gc.enable()
    simdkern.set_num_threads(default_threads)
    if "interrupt" in groups and sys.platform != "win32":
        print("interrupt latency", file=sys.stderr)
        for case in INTERRUPT_CASES:
            for threads in (1, 2):
                rows.append(interrupt_row(case, threads, 1 if args.quick else 5))

    now = dt.datetime.now(dt.UTC)
    doc: dict[str, Any] = {
        "schema": 1,
        "run": now.strftime("%Y%m%dT%H%M%SZ"),
        "machine": {
            "cpu_model": cpu_model(),
            "cpus_usable": simdkern.cpu_count(),
            "platform": platform.platform(),
        },
        "simdkern": {
            "version": simdkern.__version__,
            "isa": simdkern.isa(),
            "default_threads": default_threads,
            "tuning": simdkern.tuning(),
        },
        "numpy": np.__version__,
        "python": {
            "version": platform.python_version(),
            "free_threaded": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
        },
        "settings": {"repeats": repeats, "thread_counts": counts, "sizes": list(sizes)},
        "rows": [r.as_dict() for r in rows],
    }
    args.results.mkdir(parents=True, exist_ok=True)
    suffix = "-ft" if doc["python"]["free_threaded"] else ""
    stem = f"bench-threads{suffix}"
    (args.results / f"{stem}-{doc['run']}.json").write_text(json.dumps(doc, indent=1))
    report = markdown(doc, rows, counts)
    (args.results / f"{stem}-latest.md").write_text(report)
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
