"""A long simdkern call to interrupt: the child process of the Ctrl-C test and
benchmark.

    python tools/interrupt_probe.py N THREADS KIND [busy]

KIND: ``reduce`` (add.reduce over N stride-0 float64 values: no memory,
seconds of work), ``map`` (gelu into a float64 output of N elements),
``half`` (sin into a float16 output, whose loop cuts its own blocks),
``row`` (the gufunc simdkern.gufuncs.sum over one stride-0 row of N) or
``rows`` (simdkern.gufuncs.logsumexp over N / 1000 stride-0 rows of 1000).
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
    size = {"reduce": 1, "row": 1, "rows": n // 1000}.get(kind, n)
    out = np.zeros(size, dtype)  # zeros: pages faulted in now
    if len(sys.argv) > 4 and sys.argv[4] == "busy":
        threading.Thread(target=spin, daemon=True).start()
    try:
        with simdkern.threads(threads):
            x = np.broadcast_to(dtype(1.0 if kind == "reduce" else 0.7), (n,))  # stride 0
            print("start", flush=True)
            if kind == "reduce":
                simdkern.add.reduce(x)
            elif kind == "row":
                simdkern.gufuncs.sum(x, out=out[0, ...])
            elif kind == "rows":
                rows = np.broadcast_to(dtype(0.7), (size, 1000))
                simdkern.gufuncs.logsumexp(rows, out=out)
            elif kind == "half":
                simdkern.sin(x, out=out)
            else:
                simdkern.gelu(x, out=out)
        print("finished", flush=True)
    except KeyboardInterrupt:
        print("interrupted", flush=True)
    print(int(np.count_nonzero(out)) if kind not in {"reduce", "row"} else 0, flush=True)


if __name__ == "__main__":
    main()
