"""tools/bench_threads.py and tools/calibrate_threads.py run end to end and write
their reports (no timing checks: the machines are noisy)."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

TOOLS = Path(__file__).resolve().parents[2] / "tools"
pytestmark = pytest.mark.thread_unsafe(reason="runs benchmark tools in subprocesses")


def run_tool(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, str(TOOLS / name), *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)


def test_bench_threads_quick(tmp_path: Path) -> None:
    proc = run_tool(
        "bench_threads.py", "--quick", "--kernels", "exp,add", "--dtypes", "float64",
        "--sizes", "20000", "--max-threads", "3", "--results", str(tmp_path),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (json_file,) = tmp_path.glob("bench-threads*-2*.json")
    doc: dict[str, Any] = json.loads(json_file.read_text())
    assert doc["schema"] == 1
    assert doc["settings"]["thread_counts"] == [1, 2, 3]
    groups = {r["group"] for r in doc["rows"]}
    assert groups == {"scaling", "small", "python_threads", "interrupt"}
    for row in (r for r in doc["rows"] if r["group"] == "interrupt"):
        (latencies,) = row["seconds"].values()
        assert all(0 < t < 60 for t in latencies)
    scaling = [r for r in doc["rows"] if r["group"] == "scaling"]
    assert {(r["kernel"], r["n"]) for r in scaling} == {("exp", 20000), ("add", 20000)}
    for row in scaling:
        assert set(row["seconds"]) == {"1", "2", "3"}
        assert all(t > 0 for samples in row["seconds"].values() for t in samples)
    report = next(tmp_path.glob("bench-threads*-latest.md")).read_text()
    assert "Speedup over one thread" in report
    assert "Python threads" in report
    assert "Ctrl-C" in report
    python_row = next(r for r in doc["rows"] if r["group"] == "python_threads")
    assert set(python_row["seconds"]) == {
        f"{f} {c}" for f in ("simdkern", "numpy") for c in (1, 2, 8)
    }


def test_calibrate_threads_quick(tmp_path: Path) -> None:
    proc = run_tool(
        "calibrate_threads.py", "--kernels", "add", "--samples", "3", "--results", str(tmp_path)
    )
    if proc.returncode == 1 and "needs 2 CPUs" in proc.stderr:
        pytest.skip("one CPU")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    doc: dict[str, Any] = json.loads((tmp_path / "calibrate-threads-latest.json").read_text())
    assert set(doc["kernels"]) == {"add float32", "add float64"}
    assert set(doc["proposal"]["arith"]) == {"float32", "float64"}
    for entry in doc["kernels"].values():
        assert [g["n"] for g in entry["grid"]] == [2**e for e in range(10, 21)]
    assert "per class" in proc.stdout
