"""Child process of the Ctrl-C axis: ``python -m simdkern.bench._probe
KERNEL TECHNIQUE DTYPE N THREADS``.

Prepares the peer, times one call, prints ``ready SECONDS`` and makes the
same call again; prints ``interrupted`` when KeyboardInterrupt reaches it,
``finished`` otherwise.  The parent sends SIGINT during the second call.
"""

import sys
import time

import numpy as np

from simdkern import peers
from simdkern.bench.inputs import make_inputs


def main() -> None:
    kernel, technique, dtype, n, threads = sys.argv[1:6]
    peer = peers.peer(kernel, technique)
    call = peer.prepare(make_inputs(kernel, np.dtype(dtype), int(n)), int(threads))
    start = time.perf_counter()
    call()
    print("ready", time.perf_counter() - start, flush=True)
    try:
        call()
        print("finished", flush=True)
    except KeyboardInterrupt:
        print("interrupted", flush=True)


if __name__ == "__main__":
    main()
