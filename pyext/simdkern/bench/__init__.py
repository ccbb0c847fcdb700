"""simdkern-bench: what each boundary of Python's cost model costs.

Every kernel of the catalogue, written with each technique of
``simdkern.peers``, measured on five axes: time per element (and speedup
against NumPy and pure Python), allocation (the temporaries), the bytecode
boundary, concurrency (is the GIL free during the call; thread scaling) and
failure (does Ctrl-C stop a long call).  Run ``simdkern-bench --help`` or
``python -m simdkern.bench``; docs/bench.md explains how to read the report.
"""

from simdkern.bench.cli import main

__all__ = ["main"]
