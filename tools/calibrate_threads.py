"""Calibrate the thresholds from which simdkern's calls go parallel.

For every kernel and dtype (and the add reduction), and sizes n on a
doubling grid, time one call on one thread and on two threads (with the
threshold lowered so that the call does go parallel).  Calls are timed one
at a time after an idle gap longer than the workers' spin, so each parallel
call pays for waking a sleeping worker, as an occasional call in a real
program does.  A kernel's threshold is the smallest n from which two threads
are at least --gain faster at every larger size of the grid; a cost class's
threshold is the largest of its kernels', rounded up to a power of two.

The thresholds compiled into kernels/src/parallel.c and the table in
docs/threads.md come from this script (run on a quiet machine).

Usage:
    python tools/calibrate_threads.py                 # all kernels (a few minutes)
    python tools/calibrate_threads.py --kernels exp,add --gain 1.2
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import simdkern
from _report import cpu_model, fmt_size
from simdkern import _ufuncs

SEED = 20261125
GRID = tuple(2**e for e in range(10, 21))  # 1 Ki ... 1 Mi elements
GAP_S = 400e-6  # longer than the workers' 200 us spin (pool.c): asleep at each call
CLASSES = ("arith", "transc", "fused", "reduce")


def time_calls(fn: Callable[[], object], samples: int) -> float:
    """Median seconds of one call, each after an idle gap."""
    fn()
    times: list[float] = []
    for _ in range(samples):
        deadline = time.perf_counter() + GAP_S
        while time.perf_counter() < deadline:
            pass
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(name: str, dtype: np.dtype[Any], samples: int) -> list[tuple[int, float, float]]:
    """(n, seconds on 1 thread, seconds on 2 threads) over the grid."""
    rng = np.random.default_rng(SEED)
    rows: list[tuple[int, float, float]] = []
    k = simdkern.kernel("add" if name == "add.reduce" else name)
    for n in GRID:
        lo, hi = (0.5, 50.0) if k.domain == "nonneg" else (-5.0, 5.0)
        args = [np.asarray(rng.uniform(lo, hi, n), dtype=dtype) for _ in range(k.nin)]
        out = np.empty(n, dtype)
        call: Callable[[], object]
        if name == "add.reduce":
            call = functools.partial(k.ufunc.reduce, args[0])
        else:
            call = functools.partial(k.ufunc, *args, out=out)
        with simdkern.threads(1):
            one = time_calls(call, samples)
        with simdkern.threads(2):
            two = time_calls(call, samples)
        rows.append((n, one, two))
    return rows


def threshold_of(rows: Sequence[tuple[int, float, float]], gain: float) -> int | None:
    """Smallest n from which 2 threads beat 1 by `gain` at every larger grid size."""
    best: int | None = None
    for n, one, two in reversed(rows):
        if one / two >= gain:
            best = n
        else:
            break
    return best


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--kernels", help="comma-separated names (default: all, and add.reduce)")
    parser.add_argument("--gain", type=float, default=1.25, help="required 2-thread speedup")
    parser.add_argument("--samples", type=int, default=41)
    parser.add_argument("--results", type=Path, default=Path("results"))
    args = parser.parse_args(argv)

    if simdkern.cpu_count() < 2:
        print("calibration needs 2 CPUs", file=sys.stderr)
        return 1
    names = (
        args.kernels.split(",")
        if args.kernels
        else [k.name for k in simdkern.catalogue()] + ["add.reduce"]
    )
    saved = simdkern.tuning()
    for cls in CLASSES:  # every call of the grid may go parallel
        for dt in ("float32", "float64"):
            _ufuncs._set_tuning(cls, dt, 1)  # pyright: ignore[reportPrivateUsage]
    results: dict[str, Any] = {}
    per_class: dict[tuple[str, str], list[int]] = {}
    gc.disable()
    try:
        for name in names:
            cost = "reduce" if name == "add.reduce" else simdkern.kernel(name).cost
            for dtype in (np.dtype(np.float32), np.dtype(np.float64)):
                rows = measure(name, dtype, args.samples)
                found = threshold_of(rows, args.gain)
                results[f"{name} {dtype.name}"] = {
                    "cost": cost,
                    "threshold": found,
                    "grid": [
                        {"n": n, "one_s": one, "two_s": two, "speedup": one / two}
                        for n, one, two in rows
                    ],
                }
                per_class.setdefault((cost, dtype.name), []).append(found or 2 * GRID[-1])
                speedups = " ".join(f"{one / two:.2f}" for _, one, two in rows)
                shown = fmt_size(found) if found else "none"
                print(f"{name:12} {dtype.name:8} threshold {shown:>8}  speedups {speedups}")
    finally:
        gc.enable()
        for cls, entry in saved.items():
            for dt in ("float32", "float64"):
                _ufuncs._set_tuning(cls, dt, entry[dt])  # pyright: ignore[reportPrivateUsage]

    print("\nper class (largest kernel threshold, rounded up to a power of two):")
    proposal: dict[str, dict[str, int]] = {}
    for (cost, dt), values in sorted(per_class.items()):
        worst = max(values)
        rounded = 1 << (worst - 1).bit_length()
        proposal.setdefault(cost, {})[dt] = rounded
        print(f"  {cost:7} {dt:8} {rounded}")
    args.results.mkdir(parents=True, exist_ok=True)
    doc = {
        "cpu_model": cpu_model(),
        "cpus_usable": simdkern.cpu_count(),
        "isa": simdkern.isa(),
        "gain": args.gain,
        "gap_s": GAP_S,
        "grid": list(GRID),
        "kernels": results,
        "proposal": proposal,
    }
    (args.results / "calibrate-threads-latest.json").write_text(json.dumps(doc, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
