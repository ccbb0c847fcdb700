"""Accuracy of the reductions and row functions against math.fsum and long double.

    python tools/accuracy_reductions.py                 # a markdown table, every ISA
    python tools/accuracy_reductions.py --isa avx2 --json

For each function and dtype, the worst error over three kinds of input
(uniform on [-1, 1], uniform on [0, 1], 1000 + N(0, 1)) and three lengths
(1000, 100003, 1000003), in eps of the dtype, measured the way the tests
bound it.  References: math.fsum of the float64 values, or long double sums
(64-bit significand on x86-64) where float64 products or deviations need
more.  tools/accuracy.py appends the table to docs/accuracy.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
from typing import Any

import numpy as np
import numpy.typing as npt
import simdkern

LENGTHS = (1000, 100_003, 1_000_003)
KINDS = ("mixed", "positive", "offset")
# What each figure measures, and the bound tests/python/test_reductions.py
# asserts for it (in eps; n-dependent bounds at n = 1e6).
MEASURES: dict[str, tuple[str, str]] = {
    "sum": (r"\|error\| / (eps * sum \|x\|)", "log2(n) + 64"),
    "mean": (r"\|error\| / (eps * mean \|x\|)", "log2(n) + 64"),
    "var": ("relative error / eps", "32"),
    "std": ("relative error / eps", "32"),
    "dot": (r"\|error\| / (eps * sum \|x y\|)", "log2(n) + 64"),
    "nrm2": ("relative error / eps", "8"),
    "logsumexp": (r"\|error\| / (eps * max(1, \|result\|))", "8"),
    "softmax": ("max relative error / eps", "16 (C test)"),
    "log_softmax": (r"max \|error\| / (eps * max(1, \|result\|))", "16 (C test)"),
}

Array = npt.NDArray[Any]


def _data(kind: str, n: int, rng: np.random.Generator) -> Array:
    if kind == "mixed":
        return rng.uniform(-1, 1, n)
    if kind == "positive":
        return rng.uniform(0, 1, n)
    return 1000 + rng.standard_normal(n)


def measure(seed: int = 5) -> dict[str, dict[str, float]]:
    """{dtype: {function: worst error in eps}} on the active ISA."""
    rng = np.random.default_rng(seed)
    out: dict[str, dict[str, float]] = {}
    for dt in (np.float32, np.float64):
        eps = float(np.finfo(dt).eps)
        worst: dict[str, float] = dict.fromkeys(MEASURES, 0.0)

        def up(name: str, value: float, worst: dict[str, float] = worst) -> None:
            worst[name] = max(worst[name], value)

        for n in LENGTHS:
            for kind in KINDS:
                x = _data(kind, n, rng).astype(dt)
                y = rng.uniform(-1, 1, n).astype(dt)
                x64, y64 = x.astype(np.float64), y.astype(np.float64)
                xl, yl = x.astype(np.longdouble), y.astype(np.longdouble)
                mag = math.fsum(np.abs(x64))
                total = math.fsum(x64)
                up("sum", abs(float(simdkern.sum(x)) - total) / (eps * mag))
                up("mean", abs(float(simdkern.mean(x)) - total / n) / (eps * mag / n))
                mean = xl.sum(dtype=np.longdouble) / n
                var = float(((xl - mean) ** 2).sum(dtype=np.longdouble) / n)
                up("var", abs(float(simdkern.var(x)) - var) / (eps * var))
                sd = math.sqrt(var)
                up("std", abs(float(simdkern.std(x)) - sd) / (eps * sd))
                prods = np.abs(x64 * y64)
                dot = float((xl * yl).sum(dtype=np.longdouble))
                up("dot", abs(float(simdkern.dot(x, y)) - dot) / (eps * math.fsum(prods)))
                norm = float(np.sqrt((xl * xl).sum(dtype=np.longdouble)))
                up("nrm2", abs(float(simdkern.nrm2(x)) - norm) / (eps * norm))
                shifted = x - dt(1000) if kind == "offset" else x
                sl = shifted.astype(np.longdouble)
                top = sl.max()
                lse = top + np.log(np.exp(sl - top).sum(dtype=np.longdouble))
                got = float(simdkern.logsumexp(shifted))
                up("logsumexp", float(abs(got - lse) / (eps * max(1.0, abs(float(lse))))))
                if n <= 100_003:
                    ref = np.exp(sl - lse)
                    soft = np.asarray(simdkern.softmax(shifted), np.longdouble)
                    up("softmax", float(np.max(np.abs(soft - ref) / ref)) / eps)
                    ref = sl - lse
                    logsoft = np.asarray(simdkern.log_softmax(shifted), np.longdouble)
                    scale = np.maximum(1, np.abs(ref))
                    up("log_softmax", float(np.max(np.abs(logsoft - ref) / scale)) / eps)
        out[np.dtype(dt).name] = worst
    return out


def measure_isa(isa: str) -> dict[str, dict[str, float]]:
    """measure() in a child process whose kernels run on `isa`."""
    env = {**os.environ, "SIMDKERN_ISA": isa}
    done = subprocess.run(
        [sys.executable, __file__, "--isa", isa, "--json"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, dict[str, float]] = json.loads(done.stdout)
    return result


def section(isas: list[str]) -> str:
    """The markdown section docs/accuracy.md ends with."""
    per_isa = {isa: measure_isa(isa) for isa in isas}
    lines = [
        "## Reductions and row functions",
        "",
        "Worst error over uniform [-1, 1], uniform [0, 1] and 1000 + N(0, 1) inputs of "
        f"{', '.join(str(n) for n in LENGTHS)} elements (softmax family: the first two "
        "lengths), in eps of the dtype, against math.fsum and long-double references "
        "(tools/accuracy_reductions.py; see docs/reductions.md).  The bound is what "
        "tests/python/test_reductions.py asserts.",
        "",
        "| function | dtype | measure | bound | " + " | ".join(isas) + " |",
        "|---|---|---|---|" + "---:|" * len(isas),
    ]
    for name, (what, bound) in MEASURES.items():
        for dtype in ("float32", "float64"):
            cells = " | ".join(f"{per_isa[isa][dtype][name]:.2f}" for isa in isas)
            lines.append(f"| {name} | {dtype} | {what} | {bound} | {cells} |")
    lines.append("")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description="Reductions' accuracy against fsum.")
    parser.add_argument("--isa", help="measure on this ISA only (default: every one)")
    parser.add_argument("--json", action="store_true", help="print JSON (with --isa)")
    args = parser.parse_args()
    if args.json:
        print(json.dumps(measure()))
        return 0
    print(section([args.isa] if args.isa else simdkern.isas()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
