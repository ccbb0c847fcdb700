"""PNG plots of a benchmark document (matplotlib, without a display)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import simdkern
from simdkern import peers
from simdkern.bench.report import Doc, bytes_per_element, lookup, median


def _pyplot() -> Any:
    matplotlib: Any = importlib.import_module("matplotlib")
    matplotlib.use("Agg")
    return importlib.import_module("matplotlib.pyplot")


def plot_all(doc: Doc, directory: Path) -> list[Path]:
    """Write every plot; returns their paths.  ImportError without matplotlib."""
    plt = _pyplot()
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for kernel in doc["settings"]["kernels"]:
        for dtype in doc["settings"]["dtypes"]:
            written.append(_time_vs_n(plt, doc, kernel, dtype, directory))
    written.append(_speedup_bars(plt, doc, directory))
    if len(doc["settings"]["threads"]) > 1:
        written.append(_scaling(plt, doc, directory))
    written.append(_bandwidth(plt, doc, directory))
    return written


def _series(doc: Doc, kernel: str, dtype: str) -> dict[str, list[tuple[int, float]]]:
    most = max(doc["settings"]["threads"])
    lines: dict[str, list[tuple[int, float]]] = {}
    for r in doc["rows"]:
        if r["kernel"] != kernel or r["dtype"] != dtype or r["threads"] not in (1, most):
            continue
        label = r["technique"] + (f" ({r['threads']} thr)" if r["threads"] > 1 else "")
        lines.setdefault(label, []).append((r["n"], r["ns_per_element"]))
    return lines


def _color(plt: Any, technique: str) -> Any:
    """One color per technique, the same in every plot."""
    order = list(peers.TECHNIQUES)
    index = order.index(technique) if technique in order else len(order)
    return plt.get_cmap("tab20")(index % 20)


def _time_vs_n(plt: Any, doc: Doc, kernel: str, dtype: str, directory: Path) -> Path:
    fig, ax = plt.subplots(figsize=(8, 5))
    for label, points in _series(doc, kernel, dtype).items():
        points.sort()
        technique = label.split()[0]
        style = "--" if "thr)" in label else "-"
        ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=label,
                color=_color(plt, technique), linestyle=style)  # fmt: skip
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("n (elements)")
    ax.set_ylabel("ns per element")
    ax.set_title(f"{kernel} {dtype}: time per element")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, ncol=2)
    path = directory / f"time-{kernel}-{dtype}.png"
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def _speedup_bars(plt: Any, doc: Doc, directory: Path) -> Path:
    n = max(doc["settings"]["sizes"])
    dtype = "float64" if "float64" in doc["settings"]["dtypes"] else doc["settings"]["dtypes"][0]
    kernels = doc["settings"]["kernels"]
    techniques = [t for t in doc["settings"]["techniques"] if t != "numpy"]
    fig, ax = plt.subplots(figsize=(10, 5))
    width = 0.8 / max(len(techniques), 1)
    for i, technique in enumerate(techniques):
        values: list[float] = []
        for kernel in kernels:
            base = lookup(doc["rows"], kernel=kernel, technique="numpy", dtype=dtype, n=n,
                          threads=1)  # fmt: skip
            row = _fastest(doc, kernel, technique, dtype, n)
            values.append(median(base) / median(row) if base and row else 0.0)
        ax.bar([k + i * width for k in range(len(kernels))], values, width, label=technique,
               color=_color(plt, technique))  # fmt: skip
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_xticks([k + 0.4 - width / 2 for k in range(len(kernels))], kernels)
    ax.set_yscale("log")
    ax.set_ylabel("speedup over the numpy peer")
    ax.set_title(f"speedup at n={n}, {dtype} (threaded techniques at their most threads)")
    ax.legend(fontsize=7, ncol=3)
    path = directory / "speedup.png"
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def _fastest(doc: Doc, kernel: str, technique: str, dtype: str, n: int) -> Any:
    rows = [r for r in doc["rows"] if (r["kernel"], r["technique"], r["dtype"], r["n"])
            == (kernel, technique, dtype, n)]  # fmt: skip
    return min(rows, key=median) if rows else None


def _scaling(plt: Any, doc: Doc, directory: Path) -> Path:
    n = max(doc["settings"]["sizes"])
    fig, ax = plt.subplots(figsize=(8, 5))
    for kernel in doc["settings"]["kernels"]:
        for dtype in doc["settings"]["dtypes"]:
            for technique in {r["technique"] for r in doc["rows"] if r["threads"] > 1}:
                pts = sorted(
                    (r["threads"], r) for r in doc["rows"]
                    if (r["kernel"], r["technique"], r["dtype"], r["n"])
                    == (kernel, technique, dtype, n)
                )  # fmt: skip
                if len(pts) < 2:
                    continue
                one = median(pts[0][1])
                ax.plot([p[0] for p in pts], [one / median(p[1]) for p in pts], marker="o",
                        label=f"{kernel} {dtype} {technique}")  # fmt: skip
    top = max(doc["settings"]["threads"])
    ax.plot([1, top], [1, top], color="gray", linestyle="--", label="linear")
    ax.set_xlabel("threads")
    ax.set_ylabel("speedup over 1 thread")
    ax.set_title(f"thread scaling at n={n}")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=6, ncol=2)
    path = directory / "scaling.png"
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def _bandwidth(plt: Any, doc: Doc, directory: Path) -> Path:
    n = max(doc["settings"]["sizes"])
    labels: list[str] = []
    values: list[float] = []
    for r in doc["rows"]:
        if r["n"] != n or r["extrapolated"] or r["technique"].startswith("python"):
            continue
        itemsize = 4 if r["dtype"] == "float32" else 8
        nin = simdkern.kernel(r["kernel"]).nin
        labels.append(f"{r['kernel']} {r['dtype'][5:]} {r['technique']} {r['threads']}t")
        values.append(bytes_per_element(nin, itemsize) / r["ns_per_element"])
    fig, ax = plt.subplots(figsize=(10, max(4, 0.18 * len(labels))))
    ax.barh(range(len(values)), values)
    ax.set_yticks(range(len(labels)), labels, fontsize=6)
    stream: dict[str, float] = doc.get("stream_gbps") or {}
    for threads, gbps in stream.items():
        ax.axvline(gbps, linestyle="--", color="red" if threads == "1" else "purple",
                   label=f"STREAM triad, {threads} thread(s): {gbps:.1f} GB/s")  # fmt: skip
    ax.set_xlabel("GB/s (inputs read + output written)")
    ax.set_title(f"achieved bandwidth at n={n}")
    if doc.get("stream_gbps"):
        ax.legend(fontsize=7)
    path = directory / "bandwidth.png"
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
