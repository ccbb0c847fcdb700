"""tools/bench_numpy.py runs end to end and writes its JSON and Markdown (no timing checks)."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

TOOL = Path(__file__).resolve().parents[2] / "tools" / "bench_numpy.py"
REPEATS = 3
pytestmark = pytest.mark.thread_unsafe(reason="runs the benchmark tool in a subprocess")


def test_quick_run_writes_json_and_markdown(tmp_path: Path) -> None:
    cmd = [sys.executable, str(TOOL), "--quick", "--kernels", "exp", "--sizes", "1000"]
    cmd += ["--repeats", str(REPEATS), "--results", str(tmp_path)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr

    (json_file,) = tmp_path.glob("bench-numpy-*.json")
    doc: dict[str, Any] = json.loads(json_file.read_text())
    assert doc["schema"] == 1
    assert doc["simdkern"]["isa"]
    assert doc["numpy"]["version"]
    assert doc["machine"]["cpu_model"]
    assert doc["settings"]["repeats"] == REPEATS
    assert doc["settings"]["kernels"] == ["exp"]

    rows: list[dict[str, Any]] = doc["rows"]
    speed = {(r["dtype"], r["n"]) for r in rows if r["group"] == "speed"}
    assert speed == {("float32", 1000), ("float64", 1000)}
    assert [r["n"] for r in rows if r["group"] == "one_element"] == [1]
    assert not [r for r in rows if r["group"] == "bandwidth"]
    for row in rows:
        assert row["kernel"] == "exp"
        assert row["ratio"] > 0
        for impl in ("simdkern", "numpy"):
            assert len(row["seconds_per_call"][impl]) == REPEATS
            assert row["inner_loops"][impl] >= 1
            assert row["ns_per_elem"][impl]["median"] > 0
        if row["group"] == "speed":
            assert row["agree"] is True
    one = next(r for r in rows if r["group"] == "one_element")
    assert one["target"] == {"value": 1.1, "at_least": False}
    assert isinstance(one["met"], bool)

    markdown = (tmp_path / "bench-numpy-latest.md").read_text()
    assert "| kernel | dtype | n | simdkern ns/el | NumPy ns/el | ratio |" in markdown
    assert "| exp | float64 | 1e3 |" in markdown
    assert "| exp (1 elem, no out=) | float64 | 1 |" in markdown
    assert f"NumPy {doc['numpy']['version']}" in markdown
    assert str(tmp_path) not in markdown
