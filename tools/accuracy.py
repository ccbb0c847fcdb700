"""Measure the accuracy of every kernel on every instruction set; write docs/accuracy.md.

    python tools/accuracy.py --output docs/accuracy.md      (what `make accuracy` runs)

For every catalogue kernel and dtype, the reference (simdkern.accuracy) is computed once, in
parallel, and stored under build/accuracy; then each instruction set this machine has runs in
its own process (SIMDKERN_ISA) and measures the maximum ULP error over the same random points
and special values.  With the default 100000 points it takes a few minutes on two cores.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import simdkern
from _report import cpu_model
from accuracy_reductions import section as reductions_section
from simdkern import accuracy
from simdkern.accuracy import Measurement

# Slowest references first, so that the pool finishes evenly.
_COST = {"gelu": 0, "sigmoid": 1, "fma": 2, "sin": 3, "cos": 4}


def _prepare(task: tuple[str, str, int, int, str]) -> tuple[str, str, float]:
    name, dtype, points, seed, cache = task
    start = time.perf_counter()
    accuracy.exact_cached(name, dtype, points, seed, Path(cache))
    return name, dtype, time.perf_counter() - start


def _mpmath_version() -> str:
    try:
        import mpmath  # noqa: PLC0415  # pyright: ignore[reportMissingTypeStubs]
    except ImportError:
        return "not installed"
    return str(mpmath.__version__)  # pyright: ignore[reportUnknownMemberType, reportUnknownArgumentType]


def _ulp(value: float, bound: float | None = None) -> str:
    """An error in ULP; with enough digits to show it exceeds the bound when it does."""
    if value == float("inf"):
        return "inf"
    text = f"{value:.3f}"
    if bound is not None and value > bound and float(text) <= bound:
        text = f"{value:.10f}".rstrip("0")
    return text


def _cell(result: Measurement) -> str:
    text = _ulp(result.max_ulp, result.bound)
    if result.max_ulp > result.bound:
        text = f"**{text}** ✗"
    if result.mismatches:
        text += f" ({result.mismatches} special ✗)"
    return text


def _args(values: Sequence[str]) -> str:
    return ", ".join(f"`{v}`" for v in values)


def _grouped(per_isa: dict[str, Measurement]) -> list[tuple[str, Measurement]]:
    """Instruction sets with the same worst case share one line: ("baseline, avx2", row)."""
    groups: dict[tuple[float, tuple[str, ...], str], list[str]] = {}
    first: dict[tuple[float, tuple[str, ...], str], Measurement] = {}
    for isa, row in per_isa.items():
        key = (row.max_ulp, tuple(row.worst_args), row.worst_got)
        groups.setdefault(key, []).append(isa)
        first.setdefault(key, row)
    return [(", ".join(isas), first[key]) for key, isas in groups.items()]


def _method(
    results: dict[str, list[Measurement]], *, points: int, seed: int, seconds: float
) -> list[str]:
    """The "How this was measured" section."""
    isas = list(results)
    config = simdkern.config()
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    out: list[str] = []
    add = out.append
    add("## How this was measured")
    add("")
    add(
        f"- Points: {points} random points per kernel and dtype (seed {seed}), the same on "
        "every instruction set, plus the special points counted in the table. Half the "
        "random inputs of a unary kernel have a random sign, a binade drawn uniformly from "
        "the smallest subnormal to the largest finite number and a random significand; the "
        "other half are uniform over the range where the function is not saturated, an "
        "eighth of them close to where the result cancels (log near 1, sin and cos near "
        "multiples of π/2). On the "
        "`nonneg` domain about 5 % are negative. add, multiply and fma draw their arguments "
        "so that results are mostly finite, with cancellation and nearby binades well "
        "represented."
    )
    add(
        "- Special points: ±0, ±inf, NaN, the smallest and largest subnormal, the smallest "
        "normal, the largest finite number and ±1 (every combination of them for add, "
        "multiply and fma); per kernel, the inputs either side of where the result overflows, "
        "becomes subnormal, becomes zero, rounds to 1 or to x, found by bisection over the "
        "floats; and points of interest (π/2, π, 1e22, 1 …) with their neighbours. Special "
        "points must also agree with the reference about NaN, infinities and the sign of zero."
    )
    add(
        "- Reference: the mpmath expression of each kernel in `simdkern.accuracy.DEFINITIONS` "
        f"at {accuracy.MP_PRECISION} bits (add, multiply and fma exactly), rounded once to the "
        "dtype. For float32 exp, log, sin, cos, tanh, sqrt, add and multiply: the catalogue's "
        "NumPy expression in `np.longdouble` (64-bit significand), checked against mpmath by "
        "the tests (differences below 1e-6 ULP)."
    )
    add(
        "- Error: |got - exact| / ulp(exact), where ulp(exact) is the spacing of the dtype "
        "at |exact| (the subnormal spacing below the normal range). NaN where the exact "
        "result is NaN, and the right infinity, count 0; any other non-finite disagreement "
        "counts inf. The error is computed in float64 and rounded up, so it is never below the "
        "true error: 1.0000000000000002 means a hair above 1 (a result on the far side of the "
        "nearest float, like x + 1 ULP for tanh(x) = x - x**3/3 + ... with tiny x)."
    )
    add(
        f"- Versions: simdkern {simdkern.__version__}, SLEEF {config['SLEEF']}, "
        f"NumPy {np.__version__}, mpmath {_mpmath_version()}, "
        f"Python {platform.python_version()}, compiler {config['compiler']}."
    )
    add(f"- Machine: {cpu_model()}; instruction sets measured: {', '.join(isas)}.")
    add(f"- Date: {now}; the run took {seconds:.0f} s.")
    add("- Regenerate with `make accuracy` (`tools/accuracy.py --output docs/accuracy.md`).")
    return out


def render(
    results: dict[str, list[Measurement]],
    *,
    points: int,
    seed: int,
    seconds: float,
) -> str:
    """docs/accuracy.md from the measurements of every instruction set."""
    isas = list(results)
    table: dict[tuple[str, str], dict[str, Measurement]] = {}
    for isa, rows in results.items():
        for row in rows:
            table.setdefault((row.kernel, row.dtype), {})[isa] = row
    failures = [row for rows in results.values() for row in rows if not row.ok]
    out: list[str] = []
    add = out.append
    add("# Accuracy of the kernels")
    add("")
    add("<!-- Generated by `make accuracy` (tools/accuracy.py): do not edit by hand. -->")
    add("")
    add(
        "Maximum error of every kernel, in ULP of the result, against a correctly rounded "
        "reference, on every instruction set this machine has, next to the bound the "
        "catalogue documents (`kernels/include/simdkern_catalogue.def`) and the tests enforce."
    )
    add("")
    if failures:
        add(
            f"**{len(failures)} measurement(s) exceed the documented bound or disagree with "
            "the reference on special values; see [Violations](#violations).**"
        )
    else:
        add(
            "Every kernel is within its documented bound on every instruction set, and "
            "agrees with the reference on every special value."
        )
    add("")
    add("## Maximum error (ULP)")
    add("")
    add("| kernel | dtype | bound | " + " | ".join(isas) + " | special points |")
    add("|---|---|---:|" + "---:|" * len(isas) + "---:|")
    for (kernel, dtype), per_isa in table.items():
        cells = [_cell(per_isa[isa]) if isa in per_isa else "-" for isa in isas]
        some = next(iter(per_isa.values()))
        add(
            f"| {kernel} | {dtype} | {some.bound:g} | "
            + " | ".join(cells)
            + f" | {some.specials} |"
        )
    add("")
    add("## Worst inputs")
    add("")
    add(
        "The input with the largest error, the kernel's result and the correctly rounded "
        "result (shortest decimals that identify the values of the dtype), for the "
        "instruction sets listed. *Normal* is the largest error over the points whose exact "
        "result is neither subnormal nor so small that it rounds to zero."
    )
    add("")
    add("| kernel | dtype | ISA | max ULP | normal | input | got | correctly rounded |")
    add("|---|---|---|---:|---:|---|---|---|")
    for (kernel, dtype), per_isa in table.items():
        for isas_text, row in _grouped(per_isa):
            add(
                f"| {kernel} | {dtype} | {isas_text} | {_ulp(row.max_ulp, row.bound)} "
                f"| {_ulp(row.max_ulp_normal, row.bound)} | {_args(row.worst_args)} "
                f"| `{row.worst_got}` | `{row.worst_want}` |"
            )
    add("")
    if failures:
        add("## Violations")
        add("")
        for (kernel, dtype), per_isa in table.items():
            bad = {isa: row for isa, row in per_isa.items() if not row.ok}
            for isas_text, row in _grouped(bad):
                if row.max_ulp > row.bound:
                    add(
                        f"- {kernel} {dtype} ({isas_text}): "
                        f"{_ulp(row.max_ulp, row.bound)} ULP > bound {row.bound:g} at "
                        f"{_args(row.worst_args)}: got `{row.worst_got}`, correctly rounded "
                        f"`{row.worst_want}`; over normal results "
                        f"{_ulp(row.max_ulp_normal, row.bound)} ULP."
                    )
                if row.mismatches:
                    add(
                        f"- {kernel} {dtype} ({isas_text}): {row.mismatches} special-value "
                        f"mismatch(es), e.g. at {_args(row.mismatch_args)}: got "
                        f"`{row.mismatch_got}`, reference `{row.mismatch_want}`."
                    )
        add("")
    out += _method(results, points=points, seed=seed, seconds=seconds)
    add("")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--output", type=Path, default=Path("docs/accuracy.md"))
    parser.add_argument("--points", type=int, default=100_000, help="random points per kernel")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--cache", type=Path, default=Path("build/accuracy"))
    parser.add_argument("--isas", help="comma-separated (default: every one this CPU has)")
    parser.add_argument("--kernels", help="comma-separated (default: the whole catalogue)")
    parser.add_argument("--dtypes", default="float32,float64")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    kernels = args.kernels.split(",") if args.kernels else [k.name for k in simdkern.catalogue()]
    dtypes: list[str] = args.dtypes.split(",")
    isas: list[str] = args.isas.split(",") if args.isas else simdkern.isas()
    cache: Path = args.cache
    cache.mkdir(parents=True, exist_ok=True)

    tasks = [(k, d, args.points, args.seed, str(cache)) for k in kernels for d in dtypes]
    tasks.sort(key=lambda t: (_COST.get(t[0], 9), t[1] != "float64"))
    print(f"references: {len(tasks)} kernel x dtype, {args.points} points", file=sys.stderr)
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for name, dtype, seconds in pool.map(_prepare, tasks):
            print(f"  {name} {dtype}: {seconds:.1f} s", file=sys.stderr)

    def run(isa: str) -> list[Measurement]:
        began = time.perf_counter()
        rows = accuracy.measure_isa(
            isa, args.points, seed=args.seed, cache=cache, kernels=kernels, dtypes=dtypes
        )
        print(f"  {isa}: {time.perf_counter() - began:.1f} s", file=sys.stderr)
        return rows

    print(f"measuring on {', '.join(isas)}", file=sys.stderr)
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as threads:
        measured = dict(zip(isas, threads.map(run, isas), strict=True))

    text = render(measured, points=args.points, seed=args.seed, seconds=time.perf_counter() - start)
    if not args.kernels:  # the whole catalogue: the row kernels too
        text += "\n" + reductions_section(isas)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text)
    failures = [r for rows in measured.values() for r in rows if not r.ok]
    for row in failures:
        print(
            f"VIOLATION {row.kernel} {row.dtype} {row.isa}: {_ulp(row.max_ulp, row.bound)} ULP "
            f"(bound {row.bound:g}) at {row.worst_args}; {row.mismatches} special mismatches",
            file=sys.stderr,
        )
    print(f"wrote {args.output} in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
