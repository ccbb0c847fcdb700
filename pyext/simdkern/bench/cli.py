"""``simdkern-bench`` (also ``python -m simdkern.bench``): the command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import simdkern
from simdkern import peers
from simdkern.bench import report
from simdkern.bench.run import Plan, Progress, run
from simdkern.bench.timing import Settings

DEFAULT_KERNELS = ("add", "exp", "gelu")
"""One per cost class: cheap arithmetic, transcendental, fused."""
DEFAULT_SIZES = (1_000, 100_000, 1_000_000)
ALL_SIZES = (1_000, 10_000, 100_000, 1_000_000, 10_000_000)
AXES = ("alloc", "bytecode", "gil", "interrupt")


def _csv(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(float(s)) for s in _csv(text)]
    except ValueError:
        raise argparse.ArgumentTypeError(f"sizes must be numbers like 1e6, got {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be >= 1")
    return sizes


def _threads(text: str) -> list[int]:
    try:
        counts = sorted({int(s) for s in _csv(text)})
    except ValueError:
        raise argparse.ArgumentTypeError(f"thread counts must be integers, got {text!r}") from None
    if not counts or counts[0] < 1:
        raise argparse.ArgumentTypeError("thread counts must be >= 1")
    return counts


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="simdkern-bench",
        description="Every kernel as pure Python, NumPy, numexpr, Numba, Cython and simdkern, "
        "measured on five axes: time, allocation, bytecode, the GIL and threads, Ctrl-C.",
    )
    p.add_argument("--kernels", type=_csv, help=f"default: {','.join(DEFAULT_KERNELS)}")
    p.add_argument("--impls", type=_csv, help="techniques (default: all of them)")
    p.add_argument("--sizes", type=_sizes, help="element counts, e.g. 1e3,1e6")
    p.add_argument("--dtypes", type=_csv, default=["float32", "float64"])
    p.add_argument("--threads", type=_threads, help="thread counts for the threaded techniques "
                   "(default: 1 and the CPUs usable)")  # fmt: skip
    p.add_argument("--axes", type=_csv, default=list(AXES), help="axes besides time")
    p.add_argument("--all", action="store_true", help="every kernel, five sizes, 1..CPUs threads")
    p.add_argument("--quick", action="store_true", help="a smoke run: few repeats, short samples")
    p.add_argument("--repeats", type=int, help="samples per measurement (default 5)")
    p.add_argument("--results", type=Path, default=Path("results"), help="output folder")
    p.add_argument("--compare", type=Path, metavar="OLD.json", help="show changes since a run")
    p.add_argument("--no-plots", action="store_true", help="skip the PNG plots")
    return p


def make_plan(args: argparse.Namespace) -> Plan:
    known = [k.name for k in simdkern.catalogue()]
    kernels = known if args.all and not args.kernels else (args.kernels or list(DEFAULT_KERNELS))
    for name in kernels:
        if name not in known:
            raise SystemExit(f"simdkern-bench: unknown kernel {name!r}; known: {', '.join(known)}")
    techniques = args.impls or list(peers.TECHNIQUES)
    for t in techniques:
        if t not in peers.TECHNIQUES:
            raise SystemExit(
                f"simdkern-bench: unknown technique {t!r}; known: {', '.join(peers.TECHNIQUES)}"
            )
    for d in args.dtypes:
        if d not in ("float32", "float64"):
            raise SystemExit(f"simdkern-bench: dtype must be float32 or float64, got {d!r}")
    for a in args.axes:
        if a not in AXES:
            raise SystemExit(f"simdkern-bench: unknown axis {a!r}; known: {', '.join(AXES)}")
    cpus = simdkern.cpu_count()
    threads = args.threads or (list(range(1, cpus + 1)) if args.all else sorted({1, cpus}))
    sizes = args.sizes or (list(ALL_SIZES) if args.all else list(DEFAULT_SIZES))
    if args.quick:
        settings = Settings(repeats=args.repeats or 3, sample_s=0.005, warmup_s=0.002)
    else:
        settings = Settings(repeats=args.repeats or 5)
    if settings.repeats < 1:
        raise SystemExit("simdkern-bench: --repeats must be >= 1")
    return Plan(kernels, techniques, args.dtypes, sizes, threads, settings, frozenset(args.axes))


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    plan = make_plan(args)
    old: dict[str, Any] | None = None
    if args.compare is not None:
        try:
            old = json.loads(args.compare.read_text())
        except (OSError, ValueError) as error:
            raise SystemExit(f"simdkern-bench: cannot read {args.compare}: {error}") from None
    print(f"simdkern-bench: {plan.count()} timings "
          f"({len(plan.kernels)} kernels x {len(plan.techniques)} techniques x "
          f"{len(plan.dtypes)} dtypes x {len(plan.sizes)} sizes), axes: "
          f"{', '.join(sorted(plan.axes)) or 'time only'}", file=sys.stderr)  # fmt: skip
    doc = run(plan, args.results, Progress(plan.count()))
    comparison = report.compare(old, doc) if old is not None else None

    args.results.mkdir(parents=True, exist_ok=True)
    stem = f"simdkern-bench-{doc['run']}"
    json_path = args.results / f"{stem}.json"
    json_path.write_text(json.dumps(doc, indent=1))
    md = report.markdown(doc, comparison)
    (args.results / "simdkern-bench-latest.md").write_text(md)
    (args.results / f"{stem}.md").write_text(md)
    print(report.render_text(report.headline(doc)))
    if comparison is not None:
        print()
        print(report.render_text(comparison))
    if not args.no_plots:
        try:
            from simdkern.bench.plots import plot_all  # noqa: PLC0415  # matplotlib is optional

            written = plot_all(doc, args.results / "plots")
            print(f"plots: {len(written)} PNG files in {args.results / 'plots'}", file=sys.stderr)
        except ImportError as error:
            print(f"simdkern-bench: no plots ({error}); pip install matplotlib", file=sys.stderr)
    for what, why in sorted(doc["unavailable"].items()):
        print(f"not measured: {what}: {why}", file=sys.stderr)
    print(f"wrote {json_path} and {args.results / 'simdkern-bench-latest.md'}", file=sys.stderr)
    return 0
