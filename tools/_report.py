"""Small helpers the benchmark and accuracy reports share."""

import platform
from pathlib import Path


def cpu_model() -> str:
    """The CPU's model name, as the kernel reports it."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def fmt_ns(v: float | None) -> str:
    """A time in nanoseconds with three significant digits ("-" when missing)."""
    if v is None:
        return "-"
    if v < 1:
        return f"{v:.3f}"
    if v < 10:
        return f"{v:.2f}"
    if v < 100:
        return f"{v:.1f}"
    return f"{v:.0f}"


def fmt_size(n: int) -> str:
    """1e6 for a power of ten from 1000 up, the number itself otherwise."""
    e = len(str(n)) - 1
    return f"1e{e}" if n == 10**e and n >= 1000 else str(n)
