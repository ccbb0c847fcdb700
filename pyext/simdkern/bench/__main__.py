"""python -m simdkern.bench: the same as the simdkern-bench command."""

from simdkern.bench.cli import main

raise SystemExit(main())
