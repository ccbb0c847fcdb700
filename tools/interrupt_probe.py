"""A long simdkern call to interrupt: the child process of the Ctrl-C test and
benchmark.

    python tools/interrupt_probe.py N THREADS KIND [busy]

KIND: ``reduce`` (add.reduce over N stride-0 float64 values: no memory,
seconds of work), ``map`` (gelu into a float64 output of N elements) or
``half`` (sin into a float16 output, whose loop cuts its own blocks).
``busy`` adds a pure-Python thread that holds the GIL whenever it can.

Prints ``start`` just before the call, then ``interrupted`` (or
``finished``) the moment the call ends, then how many output elements were
written.  The parent sends SIGINT after ``start``.
"""

import sys
import threading
from typing import Any

import numpy as np
import simdkern


def spin() -> None:
    while True:
        pass


def main() -> None:
    n, threads, kind = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    dtype: type[np.floating[Any]] = np.float16 if kind == "half" else np.float64
    out = np.zeros(1 if kind == "reduce" else n, dtype)  # zeros: pages faulted in now
    if len(sys.argv) > 4 and sys.argv[4] == "busy":
        threading.Thread(target=spin, daemon=True).start()
    try:
        with simdkern.threads(threads):
            x = np.broadcast_to(dtype(1.0 if kind == "reduce" else 0.7), (n,))  # stride 0
            print("start", flush=True)
            if kind == "reduce":
                simdkern.add.reduce(x)
            elif kind == "half":
                simdkern.sin(x, out=out)
            else:
                simdkern.gelu(x, out=out)
        print("finished", flush=True)
    except KeyboardInterrupt:
        print("interrupted", flush=True)
    print(int(np.count_nonzero(out)) if kind != "reduce" else 0, flush=True)


if __name__ == "__main__":
    main()
