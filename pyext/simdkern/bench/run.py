"""Running a benchmark plan: every kernel x technique x dtype x size x threads,
then the other axes, into one JSON-ready document."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import os
import platform
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

import simdkern
from simdkern import peers
from simdkern.bench import axes
from simdkern.bench.inputs import make_inputs
from simdkern.bench.timing import Settings, Stats, measure

SCHEMA = 1
PYTHON_TECHNIQUES = frozenset({"python", "python_ndarray"})
PYTHON_CALL_BUDGET_S = 0.25
"""A pure-Python call longer than this is not run; its time is extrapolated."""
ALLOC_N = 100_000
BYTECODE_SIZES = (100, 1_000)
INTERRUPT_CALL_S = 1.0
INTERRUPT_MAX_N = {"python": 2_000_000, "python_ndarray": 1_000_000}
INTERRUPT_MAX_N_ARRAY = 100_000_000


@dataclass(frozen=True)
class Plan:
    kernels: Sequence[str]
    techniques: Sequence[str]
    dtypes: Sequence[str]
    sizes: Sequence[int]
    threads: Sequence[int]
    settings: Settings
    axes: frozenset[str] = frozenset({"alloc", "bytecode", "gil", "interrupt"})

    def count(self) -> int:
        per_size = sum(len(self.threads) if t in peers.THREADED else 1 for t in self.techniques)
        return len(self.kernels) * len(self.dtypes) * len(self.sizes) * per_size


@dataclass
class Progress:
    total: int
    done: int = 0
    stream: Any = field(default_factory=lambda: sys.stderr)

    def step(self, what: str) -> None:
        self.done += 1
        if not self.stream.isatty():
            return
        width = 30
        filled = width * self.done // max(self.total, 1)
        bar = "#" * filled + "." * (width - filled)
        self.stream.write(f"\r[{bar}] {self.done}/{self.total} {what:<48.48}")
        self.stream.flush()

    def close(self) -> None:
        if self.stream.isatty():
            self.stream.write("\n")


def versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {
        "simdkern": simdkern.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
    }
    for name in ("numexpr", "numba", "cython", "scipy", "matplotlib", "threadpoolctl"):
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = None
    return found


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def stream_bandwidth(results: Path) -> dict[str, float] | None:
    """The STREAM probe's GB/s per thread count from the C suite's newest
    results (bench-c-*.json), if there are any."""
    files = sorted(results.glob("bench-c-2*.json"))
    if not files:
        return None
    try:
        doc: Any = json.loads(files[-1].read_text())
        probes: list[dict[str, Any]] = doc["summary"]["stream_gbps"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    triad = {str(p["threads"]): float(p["gbps"]) for p in probes if p.get("probe") == "triad"}
    return triad or None


def _sample_row(
    peer: peers.Peer, dtype: str, n: int, threads: int, call: Callable[[], object], *,
    settings: Settings, extrapolated_from: dict[str, Any] | None = None,
) -> dict[str, Any]:  # fmt: skip
    if extrapolated_from is not None:
        scale = n / extrapolated_from["n"]
        seconds = [s * scale for s in extrapolated_from["seconds"]]
        inner = 0
    else:
        seconds, inner = measure(call, settings)
    stats = Stats.of(seconds)
    return {
        "kernel": peer.kernel,
        "technique": peer.technique,
        "dtype": dtype,
        "n": n,
        "threads": threads,
        "seconds": seconds,
        "inner": inner,
        "extrapolated": extrapolated_from is not None,
        "ns_per_element": stats.median / n * 1e9,
        "spread": stats.spread,
    }


def run(plan: Plan, results_dir: Path, progress: Progress | None = None) -> dict[str, Any]:
    """Measure everything the plan asks for; the document the reports read."""
    progress = progress or Progress(plan.count())
    rows: list[dict[str, Any]] = []
    unavailable: dict[str, str] = {}
    axis_rows: list[dict[str, Any]] = []
    default_threads = simdkern.get_num_threads()
    try:
        for kernel in plan.kernels:
            for technique in plan.techniques:
                try:
                    peer = peers.peer(kernel, technique)
                except peers.PeerUnavailable as why:
                    unavailable[f"{kernel} {technique}"] = why.reason
                    per = len(plan.threads) if technique in peers.THREADED else 1
                    for _ in range(per * len(plan.dtypes) * len(plan.sizes)):
                        progress.step(f"{kernel} {technique}: unavailable")
                    continue
                counts = plan.threads if peer.threaded else [1]
                for dtype in plan.dtypes:
                    rows += _time_peer(peer, dtype, plan, counts, progress)
                    axis_rows.append(_axes_of(peer, dtype, plan))
        interrupts = _interrupts(plan, rows) if "interrupt" in plan.axes else []
    finally:
        simdkern.set_num_threads(default_threads)
        progress.close()
    now = dt.datetime.now(dt.UTC)
    return {
        "schema": SCHEMA,
        "run": now.strftime("%Y%m%dT%H%M%SZ"),
        "machine": {
            "cpu_model": cpu_model(),
            "cpus_usable": simdkern.cpu_count(),
            "platform": platform.platform(),
            "isa": simdkern.isa(),
        },
        "python": {
            "version": platform.python_version(),
            "free_threaded": axes.free_threaded(),
            "gil_enabled": bool(getattr(sys, "_is_gil_enabled", lambda: True)()),
        },
        "versions": versions(),
        "environment": {
            k: os.environ[k] for k in ("SIMDKERN_NUM_THREADS", "OMP_NUM_THREADS") if k in os.environ
        },
        "settings": {
            "kernels": list(plan.kernels),
            "techniques": list(plan.techniques),
            "dtypes": list(plan.dtypes),
            "sizes": list(plan.sizes),
            "threads": list(plan.threads),
            "repeats": plan.settings.repeats,
            "sample_s": plan.settings.sample_s,
            "axes": sorted(plan.axes),
        },
        "stream_gbps": stream_bandwidth(results_dir),
        "rows": rows,
        "axes": axis_rows,
        "interrupts": interrupts,
        "unavailable": unavailable,
    }


def _time_peer(
    peer: peers.Peer, dtype: str, plan: Plan, counts: Sequence[int], progress: Progress
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    measured: dict[int, dict[str, Any]] = {}  # threads -> the largest measured row
    for n in sorted(plan.sizes):
        inputs = make_inputs(peer.kernel, np.dtype(dtype), n)
        for threads in counts:
            label = f"{peer.kernel} {peer.technique} {dtype} n={n} t={threads}"
            progress.step(label)
            base = measured.get(threads)
            too_slow = (
                peer.technique in PYTHON_TECHNIQUES
                and base is not None
                and Stats.of(base["seconds"]).median * n / base["n"] > PYTHON_CALL_BUDGET_S
            )
            if too_slow:
                row = _sample_row(
                    peer, dtype, n, threads, lambda: None, settings=plan.settings,
                    extrapolated_from=base,
                )  # fmt: skip
                rows.append(row)
                continue
            call = peer.prepare(inputs, threads)
            row = _sample_row(peer, dtype, n, threads, call, settings=plan.settings)
            rows.append(row)
            measured[threads] = row
    return rows


def _axes_of(peer: peers.Peer, dtype: str, plan: Plan) -> dict[str, Any]:
    entry: dict[str, Any] = {"kernel": peer.kernel, "technique": peer.technique, "dtype": dtype}
    np_dtype = np.dtype(dtype)
    if "alloc" in plan.axes:
        call = peer.prepare(make_inputs(peer.kernel, np_dtype, ALLOC_N), 1)
        a = axes.allocation(call)
        entry["allocation"] = {
            "n": ALLOC_N,
            "peak_bytes": a.peak_bytes,
            "kept_bytes": a.kept_bytes,
            "temporary_bytes": a.temporary_bytes,
            "array_blocks": a.array_blocks,
            "array_bytes": a.array_bytes,
            "output_bytes": ALLOC_N * np_dtype.itemsize,
        }
    if "bytecode" in plan.axes:
        # at two sizes: the slope is the cost per element, the rest per call
        small, large = (
            axes.bytecode(peer.prepare(make_inputs(peer.kernel, np_dtype, n), 1))
            for n in BYTECODE_SIZES
        )
        span = BYTECODE_SIZES[1] - BYTECODE_SIZES[0]
        per_element = (large.instructions - small.instructions) / span
        calls_per_element = (large.calls - small.calls) / span
        entry["bytecode"] = {
            "sizes": list(BYTECODE_SIZES),
            "instructions": [small.instructions, large.instructions],
            "calls": [small.calls, large.calls],
            "instructions_per_element": per_element,
            "instructions_per_call": small.instructions - per_element * BYTECODE_SIZES[0],
            "calls_per_element": calls_per_element,
        }
    if "gil" in plan.axes and dtype == plan.dtypes[-1]:  # one dtype: it does not change
        n = 20_000 if peer.technique in PYTHON_TECHNIQUES else 1_000_000
        call = peer.prepare(make_inputs(peer.kernel, np_dtype, n), 1)
        g = axes.gil(call)
        entry["gil"] = {"n": n, "ratio": g.ratio, "label": g.label, "window_s": g.window_s}
    return entry


def _interrupts(plan: Plan, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Ctrl-C, per technique, on the plan's costliest kernel in float64 (or
    its first dtype), sized for a call of about a second."""
    kernel = max(plan.kernels, key=lambda k: _cost_rank(simdkern.kernel(k).cost))
    dtype = "float64" if "float64" in plan.dtypes else plan.dtypes[0]
    found: list[dict[str, Any]] = []
    for technique in plan.techniques:
        timed = [
            r for r in rows
            if r["kernel"] == kernel and r["technique"] == technique and r["dtype"] == dtype
            and r["threads"] == 1 and not r["extrapolated"]
        ]  # fmt: skip
        if not timed:
            continue
        per_element = max(timed, key=lambda r: r["n"])["ns_per_element"] * 1e-9
        cap = INTERRUPT_MAX_N.get(technique, INTERRUPT_MAX_N_ARRAY)
        n = int(min(max(INTERRUPT_CALL_S / per_element, 10_000), cap))
        got = axes.interrupt(kernel, technique, dtype, n, 1)
        entry: dict[str, Any] = {"kernel": kernel, "technique": technique, "dtype": dtype, "n": n}
        if isinstance(got, str):
            entry["error"] = got
        else:
            entry |= {
                "call_s": got.call_s,
                "sent_after_s": got.sent_after_s,
                "latency_s": got.latency_s,
                "interrupted": got.interrupted,
            }
        found.append(entry)
    return found


def _cost_rank(cost: str) -> int:
    return {"arith": 0, "reduce": 1, "transc": 2, "fused": 3}.get(cost, 0)
