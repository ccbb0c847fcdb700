"""simdkern's reductions and row functions against the best NumPy expression.

Cases (one thread: simdkern inside ``threads(1)``; NumPy is single-threaded):

  sum          n = 1e7, float32 and float64: simdkern.sum(x) vs np.sum(x);
  softmax      1000 x 1000 rows, axis=-1: simdkern.gufuncs.softmax(x, out=o)
               (and the allocating simdkern.softmax) vs max, subtract, exp,
               sum, divide with out= into preallocated arrays;
  log_softmax  the same, NumPy: max, subtract, exp into a scratch, sum, log,
               subtract;
  logsumexp    1000 x 1000 rows, axis=-1: NumPy max, subtract, exp, sum, log, add.

Variants of a case are timed interleaved (warm-up, calibrated inner loops,
the garbage collector off, several repeats); the table gives medians, the
interquartile range and the speedup over NumPy.

Usage:
    python tools/bench_reductions.py              # all cases
    python tools/bench_reductions.py --quick      # fewer repeats
    python tools/bench_reductions.py --cases sum --dtypes float64
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
import simdkern
from simdkern.bench.timing import Settings, Stats, measure

Array = npt.NDArray[Any]
Call = Callable[[], object]
SEED = 20261125


def sum_case(dtype: np.dtype[Any], n: int) -> list[tuple[str, Call]]:
    x = np.random.default_rng(SEED).standard_normal(n).astype(dtype)
    return [("np.sum", lambda: np.sum(x)), ("simdkern.sum", lambda: simdkern.sum(x))]


def rows(dtype: np.dtype[Any], shape: tuple[int, int]) -> Array:
    return (np.random.default_rng(SEED).standard_normal(shape) * 4).astype(dtype)


def softmax_case(dtype: np.dtype[Any], shape: tuple[int, int]) -> list[tuple[str, Call]]:
    x = rows(dtype, shape)
    out = np.empty_like(x)
    m = np.empty((shape[0], 1), dtype)
    s = np.empty((shape[0], 1), dtype)

    def numpy_softmax() -> object:
        np.max(x, axis=-1, keepdims=True, out=m)
        np.subtract(x, m, out=out)
        np.exp(out, out=out)
        np.sum(out, axis=-1, keepdims=True, out=s)
        return np.divide(out, s, out=out)

    return [
        ("numpy (out=)", numpy_softmax),
        ("gufuncs.softmax (out=)", lambda: simdkern.gufuncs.softmax(x, out=out)),
        ("simdkern.softmax", lambda: simdkern.softmax(x, axis=-1)),
    ]


def log_softmax_case(dtype: np.dtype[Any], shape: tuple[int, int]) -> list[tuple[str, Call]]:
    x = rows(dtype, shape)
    out = np.empty_like(x)
    tmp = np.empty_like(x)
    m = np.empty((shape[0], 1), dtype)
    s = np.empty((shape[0], 1), dtype)

    def numpy_log_softmax() -> object:
        np.max(x, axis=-1, keepdims=True, out=m)
        np.subtract(x, m, out=out)
        np.exp(out, out=tmp)
        np.sum(tmp, axis=-1, keepdims=True, out=s)
        np.log(s, out=s)
        return np.subtract(out, s, out=out)

    return [
        ("numpy (out=)", numpy_log_softmax),
        ("gufuncs.log_softmax (out=)", lambda: simdkern.gufuncs.log_softmax(x, out=out)),
        ("simdkern.log_softmax", lambda: simdkern.log_softmax(x, axis=-1)),
    ]


def logsumexp_case(dtype: np.dtype[Any], shape: tuple[int, int]) -> list[tuple[str, Call]]:
    x = rows(dtype, shape)
    tmp = np.empty_like(x)
    m = np.empty((shape[0], 1), dtype)
    s = np.empty(shape[0], dtype)
    r = np.empty(shape[0], dtype)

    def numpy_logsumexp() -> object:
        np.max(x, axis=-1, keepdims=True, out=m)
        np.subtract(x, m, out=tmp)
        np.exp(tmp, out=tmp)
        np.sum(tmp, axis=-1, out=s)
        np.log(s, out=s)
        return np.add(s, m[:, 0], out=s)

    return [
        ("numpy (out=)", numpy_logsumexp),
        ("gufuncs.logsumexp (out=)", lambda: simdkern.gufuncs.logsumexp(x, out=r)),
        ("simdkern.logsumexp", lambda: simdkern.logsumexp(x, axis=-1)),
    ]


CASES: dict[str, Callable[[np.dtype[Any]], list[tuple[str, Call]]]] = {
    "sum": lambda dt: sum_case(dt, 10_000_000),
    "softmax": lambda dt: softmax_case(dt, (1000, 1000)),
    "log_softmax": lambda dt: log_softmax_case(dt, (1000, 1000)),
    "logsumexp": lambda dt: logsumexp_case(dt, (1000, 1000)),
}


def run_case(variants: list[tuple[str, Call]], settings: Settings) -> dict[str, Stats]:
    """Interleaved: repeat r of every variant before repeat r + 1 of any."""
    samples: dict[str, list[float]] = {name: [] for name, _ in variants}
    one = Settings(repeats=1, sample_s=settings.sample_s, warmup_s=settings.warmup_s)
    for _ in range(settings.repeats):
        for name, call in variants:
            values, _ = measure(call, one)
            samples[name].extend(values)
    return {name: Stats.of(values) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description="simdkern's reductions and row functions against the best NumPy expression."
    )
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated")
    parser.add_argument("--dtypes", default="float32,float64", help="comma-separated")
    parser.add_argument("--quick", action="store_true", help="3 repeats of short samples")
    args = parser.parse_args()
    settings = (
        Settings(repeats=3, sample_s=0.02, warmup_s=0.01)
        if args.quick
        else Settings(repeats=9, sample_s=0.05, warmup_s=0.05)
    )
    print(f"simdkern {simdkern.__version__}, ISA {simdkern.isa()}, NumPy {np.__version__}")
    print("one thread; medians over interleaved repeats; IQR as % of the median\n")
    print("| case | dtype | variant | median ms | IQR % | speedup vs NumPy |")
    print("|---|---|---|---:|---:|---:|")
    with simdkern.threads(1):
        for case in args.cases.split(","):
            for dtype_name in args.dtypes.split(","):
                stats = run_case(CASES[case](np.dtype(dtype_name)), settings)
                base = next(iter(stats.values())).median
                for name, st in stats.items():
                    print(
                        f"| {case} | {dtype_name} | {name} | {st.median * 1e3:.3f} "
                        f"| {st.iqr_pct:.1f} | {base / st.median:.2f}x |"
                    )


if __name__ == "__main__":
    main()
