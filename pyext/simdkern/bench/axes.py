"""The axes besides time: allocation, the bytecode boundary, the GIL, Ctrl-C.

Each function measures one prepared call (see simdkern.peers) and returns
plain numbers, so that the report can put them side by side.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import sysconfig
import threading
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType
from typing import Any

from simdkern.bench import _alloc
from simdkern.bench.timing import gc_off


def free_threaded() -> bool:
    return bool(sysconfig.get_config_var("Py_GIL_DISABLED"))


# ----- allocation ---------------------------------------------------------------


@dataclass(frozen=True)
class Allocation:
    peak_bytes: int
    """Most memory held at once during the call, beyond what was held before."""
    kept_bytes: int
    """Still held after the call: the result."""
    array_blocks: int
    """NumPy array buffers allocated during the call (temporaries and result)."""
    array_bytes: int
    """Their bytes, in all."""

    @property
    def temporary_bytes(self) -> int:
        return max(self.peak_bytes - self.kept_bytes, 0)


def allocation(call: Callable[[], object]) -> Allocation:
    """Memory of one call: held at its peak and kept after it, as tracemalloc
    sees it (Python objects, and NumPy's array buffers, which NumPy reports
    to it); and the array buffers allocated, counted by a NumPy memory
    handler (tracemalloc cannot count allocations).  The result is dropped
    only after measuring."""
    call()  # warm caches, JIT, lazily created objects
    with gc_off():
        tracemalloc.start()
        try:
            before, _ = tracemalloc.get_traced_memory()
            tracemalloc.reset_peak()
            result = call()
            after, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        del result
        blocks, array_bytes = _alloc.count(call)
    return Allocation(peak - before, max(after - before, 0), blocks, array_bytes)


# ----- the bytecode boundary -----------------------------------------------------


@dataclass(frozen=True)
class Bytecode:
    instructions: int
    """Python bytecode instructions executed during the call."""
    calls: int
    """Python functions entered during the call."""


def bytecode(call: Callable[[], object]) -> Bytecode:
    """Count the bytecode instructions and Python function calls of one call.

    Python 3.12+: sys.monitoring (INSTRUCTION and PY_START events);
    3.11: a tracer with opcode events.  Code compiled to machine code
    (NumPy, Numba, Cython, simdkern) executes no bytecode.
    """
    call()  # compile and warm outside the count
    monitoring: Any = getattr(sys, "monitoring", None)
    if monitoring is not None:
        return _bytecode_monitoring(call, monitoring)
    return _bytecode_settrace(call)


def _bytecode_monitoring(call: Callable[[], object], mon: Any) -> Bytecode:
    counts = [0, 0]
    tool = mon.PROFILER_ID if mon.get_tool(mon.PROFILER_ID) is None else 4
    events = mon.events

    def on_instruction(code: object, offset: int) -> None:
        counts[0] += 1

    def on_start(code: object, offset: int) -> None:
        counts[1] += 1

    mon.use_tool_id(tool, "simdkern.bench")
    try:
        mon.register_callback(tool, events.INSTRUCTION, on_instruction)
        mon.register_callback(tool, events.PY_START, on_start)
        mon.set_events(tool, events.INSTRUCTION | events.PY_START)
        call()
        mon.set_events(tool, 0)
    finally:
        mon.register_callback(tool, events.INSTRUCTION, None)
        mon.register_callback(tool, events.PY_START, None)
        mon.free_tool_id(tool)
    # the call() wrapper itself: one function entered
    return Bytecode(counts[0], max(counts[1] - 1, 0))


def _bytecode_settrace(call: Callable[[], object]) -> Bytecode:
    counts = [0, 0]

    def tracer(frame: FrameType, event: str, arg: object) -> Any:
        if event == "call":
            counts[1] += 1
            frame.f_trace_opcodes = True
            return tracer
        if event == "opcode":
            counts[0] += 1
        return tracer

    sys.settrace(tracer)
    try:
        call()
    finally:
        sys.settrace(None)
    return Bytecode(counts[0], max(counts[1] - 1, 0))


# ----- the GIL ------------------------------------------------------------------


@dataclass(frozen=True)
class GilProbe:
    ratio: float
    """A pure-Python ticker thread's speed during the calls, against idle."""
    window_s: float

    @property
    def label(self) -> str:
        if free_threaded():
            return "no GIL"
        return "released" if self.ratio >= 0.75 else "held"


def _ticks(stop: threading.Event, out: list[int]) -> None:
    n = 0
    while not stop.is_set():
        n += 1
    out.append(n)


def _ticker_rate(work: Callable[[], float]) -> float:
    stop = threading.Event()
    out: list[int] = []
    ticker = threading.Thread(target=_ticks, args=(stop, out))
    ticker.start()
    time.sleep(0.005)  # the ticker is running
    start = time.perf_counter()
    work()
    elapsed = time.perf_counter() - start
    stop.set()
    ticker.join()
    return out[0] / elapsed if elapsed > 0 else 0.0


def gil(call: Callable[[], object], min_window_s: float = 0.05, tries: int = 5) -> GilProbe:
    """How far a pure-Python thread advances while call() runs (repeated until
    the window is long enough), against while the calling thread sleeps.

    Other processes on a shared machine can only slow the ticker down, so
    each rate is the best of a few interleaved tries."""

    def busy() -> float:
        start = time.perf_counter()
        while time.perf_counter() - start < min_window_s:
            call()
        return time.perf_counter() - start

    def idle() -> float:
        time.sleep(min_window_s)
        return min_window_s

    call()
    idle_rate = busy_rate = 0.0
    window = 0.0
    for _ in range(tries):
        idle_rate = max(idle_rate, _ticker_rate(idle))
        start = time.perf_counter()
        busy_rate = max(busy_rate, _ticker_rate(busy))
        window = time.perf_counter() - start
    return GilProbe(busy_rate / idle_rate if idle_rate else 0.0, window)


# ----- Ctrl-C ---------------------------------------------------------------------


@dataclass(frozen=True)
class Interrupt:
    call_s: float
    """How long the call runs without interruption."""
    latency_s: float
    """From SIGINT to KeyboardInterrupt reaching the caller."""
    sent_after_s: float

    @property
    def interrupted(self) -> bool:
        """Stopped well before the call's own end."""
        remaining = self.call_s - self.sent_after_s
        return self.latency_s < 0.5 * remaining


def interrupt(kernel: str, technique: str, dtype: str, n: int, threads: int) -> Interrupt | str:
    """Run one long call in a child process and send it SIGINT a quarter of
    the way through; a string says why it could not be measured."""
    if sys.platform == "win32":
        return "no POSIX signals"
    argv = [sys.executable, "-m", "simdkern.bench._probe", kernel, technique, dtype, str(n)]
    child = subprocess.Popen(
        [*argv, str(threads)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    try:
        line = child.stdout.readline().split()
        if not line or line[0] != "ready":
            child.wait(timeout=60)
            error = (child.stderr.read() if child.stderr else "").strip().splitlines()
            return error[-1] if error else "probe failed"
        call_s = float(line[1])
        sent_after = call_s / 4
        time.sleep(sent_after)
        sent = time.perf_counter()
        child.send_signal(signal.SIGINT)
        answer = child.stdout.readline().strip()
        latency = time.perf_counter() - sent
        child.wait(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    if answer not in ("interrupted", "finished"):
        return f"probe said {answer!r}"
    return Interrupt(call_s, latency, sent_after)
