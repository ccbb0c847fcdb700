"""simdkern-bench: the runner on a tiny plan, its JSON, report, plots and
--compare, and each axis measuring a known case sensibly."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import simdkern
from simdkern import peers
from simdkern.bench import axes
from simdkern.bench.inputs import make_inputs

pytestmark = pytest.mark.thread_unsafe(reason="tracing, tracemalloc, threads and subprocesses")

TINY = [
    "--kernels", "exp,gelu", "--impls", "python,numpy,numpy_out,simdkern,simdkern_threads",
    "--sizes", "200,2000", "--dtypes", "float64", "--threads", "1,2", "--quick",
]  # fmt: skip


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simdkern.bench", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    results = tmp_path_factory.mktemp("bench")
    proc = run_cli(*TINY, "--results", str(results))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (json_file,) = results.glob("simdkern-bench-2*.json")
    return results, json.loads(json_file.read_text())


def test_json_schema(tiny_run: tuple[Path, dict[str, Any]]) -> None:
    _, doc = tiny_run
    assert doc["schema"] == 1
    assert doc["machine"]["cpu_model"] and doc["machine"]["isa"] == simdkern.isa()
    assert doc["versions"]["numpy"] == np.__version__
    assert doc["python"]["free_threaded"] in (True, False)
    keys = {(r["kernel"], r["technique"], r["n"], r["threads"]) for r in doc["rows"]}
    for kernel in ("exp", "gelu"):
        for n in (200, 2000):
            for technique in ("python", "numpy", "numpy_out", "simdkern"):
                assert (kernel, technique, n, 1) in keys
            assert (kernel, "simdkern_threads", n, 2) in keys
    for r in doc["rows"]:
        assert len(r["seconds"]) == 3 and all(s > 0 for s in r["seconds"])
        assert r["ns_per_element"] > 0
    axes_keys = {(a["kernel"], a["technique"]) for a in doc["axes"]}
    assert ("gelu", "numpy") in axes_keys
    for a in doc["axes"]:
        assert {"allocation", "bytecode", "gil"} <= set(a)
    assert {e["technique"] for e in doc["interrupts"]} >= {"python", "simdkern"}


def test_report_and_plots(tiny_run: tuple[Path, dict[str, Any]]) -> None:
    results, _ = tiny_run
    md = (results / "simdkern-bench-latest.md").read_text()
    for heading in ("Headline", "Time per element", "Thread scaling", "Bandwidth", "Ctrl-C"):
        assert heading in md
    pytest.importorskip("matplotlib")
    pngs = {p.name for p in (results / "plots").glob("*.png")}
    assert {"time-exp-float64.png", "speedup.png", "scaling.png", "bandwidth.png"} <= pngs
    for png in (results / "plots").glob("*.png"):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_compare(tiny_run: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    _, doc = tiny_run
    slower = json.loads(json.dumps(doc))
    for r in slower["rows"]:
        if r["technique"] == "numpy":
            r["seconds"] = [s / 3 for s in r["seconds"]]  # the old run was 3x faster
    old = tmp_path / "old.json"
    old.write_text(json.dumps(slower))
    from simdkern.bench.report import compare  # noqa: PLC0415

    table = compare(slower, doc)
    verdicts = {(row[2], row[-1]) for row in table[1:]}
    assert ("numpy", "slower") in verdicts
    assert all(v == "noise" for t, v in verdicts if t != "numpy")
    proc = run_cli("--kernels", "exp", "--impls", "numpy", "--sizes", "200", "--dtypes",
                   "float64", "--quick", "--axes", "", "--no-plots", "--compare", str(old),
                   "--results", str(tmp_path))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "Against the earlier run" in (tmp_path / "simdkern-bench-latest.md").read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kernels", "nosuch"], "unknown kernel"),
        (["--impls", "fortran"], "unknown technique"),
        (["--dtypes", "float16"], "dtype must be"),
        (["--sizes", "0"], "sizes must be"),
        (["--threads", "x"], "thread counts must be integers"),
    ],
)
def test_bad_arguments(args: list[str], message: str) -> None:
    proc = run_cli(*args, "--results", "unused")
    assert proc.returncode != 0
    assert message in proc.stderr


# ----- each axis on a case whose answer is known ------------------------------------------


def prepared(kernel: str, technique: str, n: int) -> Any:
    return peers.peer(kernel, technique).prepare(make_inputs(kernel, np.dtype("float64"), n), 1)


def test_bytecode_python_loops_simdkern_does_not() -> None:
    small, large = 100, 1000
    for technique in ("python", "python_ndarray"):
        a = axes.bytecode(prepared("gelu", technique, small))
        b = axes.bytecode(prepared("gelu", technique, large))
        assert (b.instructions - a.instructions) / (large - small) >= 5  # the loop body
        assert (b.calls - a.calls) / (large - small) >= 1  # gelu(x), a Python function
    a = axes.bytecode(prepared("gelu", "simdkern", small))
    b = axes.bytecode(prepared("gelu", "simdkern", large))
    assert b.instructions == a.instructions  # a fixed few in the wrapper, none per element
    assert a.instructions < 50
    assert a.calls == b.calls == 0


def test_allocation_numpy_temporaries_simdkern_output_only() -> None:
    """NumPy's composed gelu holds n-sized temporaries; simdkern writes into out=.
    (NumPy has no sigmoid: its peer is scipy.special.expit, one ufunc, and
    allocates only its result.)"""
    n = 100_000
    out_bytes = n * 8
    composed = axes.allocation(prepared("gelu", "numpy", n))
    assert composed.temporary_bytes >= out_bytes  # at least one n-sized temporary
    assert composed.kept_bytes >= out_bytes  # the result
    expit = axes.allocation(prepared("sigmoid", "numpy", n))
    assert expit.temporary_bytes < out_bytes // 10
    assert expit.kept_bytes >= out_bytes
    assert composed.array_blocks >= 3  # temporaries and the result, each its own buffer
    assert composed.array_bytes >= 3 * out_bytes
    assert expit.array_blocks == 1  # the result only
    for technique in ("simdkern", "numpy_out"):
        fused = axes.allocation(prepared("gelu", technique, n))
        assert fused.temporary_bytes < out_bytes // 10
        assert fused.peak_bytes < out_bytes // 10
        assert fused.array_bytes < 1000  # at most NumPy's 0-d arrays for scalar constants
    assert axes.allocation(prepared("gelu", "simdkern", n)).array_blocks == 0


@pytest.mark.skipif(axes.free_threaded(), reason="no GIL to hold on a free-threaded build")
def test_gil_free_during_simdkern_held_during_python() -> None:
    """A ticker thread runs about as fast as when idle during a simdkern call (it
    releases the GIL), and about half as fast during the python peer (which lets
    go of the GIL only at the switch interval).  Compared with each other, since
    other processes on a shared 2-CPU machine slow the ticker down too."""
    simdkern_call = prepared("gelu", "simdkern", 2_000_000)
    python_call = prepared("gelu", "python", 20_000)
    attempts: list[tuple[axes.GilProbe, axes.GilProbe]] = []
    for _ in range(3):  # a busy machine can hide the difference; it cannot invent it
        released, held = axes.gil(simdkern_call), axes.gil(python_call)
        attempts.append((released, held))
        if held.label == "held" and released.ratio > 1.25 * held.ratio:
            return
    pytest.fail(f"no attempt separated the two: {attempts}")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_interrupt_stops_simdkern_not_a_numpy_ufunc() -> None:
    """simdkern checks for signals inside its loop; one NumPy ufunc call (np.sin,
    scalar libm for float64: about 0.4 s here) runs to its end first."""
    got = axes.interrupt("gelu", "simdkern", "float64", 100_000_000, 1)
    assert not isinstance(got, str), got
    assert got.interrupted, got
    got = axes.interrupt("sin", "numpy_out", "float64", 30_000_000, 1)
    assert not isinstance(got, str), got
    assert not got.interrupted, got
