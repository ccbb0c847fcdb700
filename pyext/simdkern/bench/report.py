"""Reading a benchmark document: the headline table, the Markdown report and
the comparison with an earlier run."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import simdkern
from simdkern.bench.timing import Stats

Doc = dict[str, Any]
Row = dict[str, Any]


def fmt_ns(v: float | None) -> str:
    if v is None or math.isnan(v):
        return "-"
    if v >= 100:
        return f"{v:.0f}"
    if v >= 10:
        return f"{v:.1f}"
    if v >= 1:
        return f"{v:.2f}"
    return f"{v:.3f}"


def fmt_n(n: int) -> str:
    e = len(str(n)) - 1
    return f"1e{e}" if n == 10**e and n >= 1000 else str(n)


def fmt_x(v: float | None) -> str:
    if v is None or math.isnan(v):
        return "-"
    return f"{v:.3g}x"


def median(row: Row) -> float:
    return Stats.of(row["seconds"]).median


def lookup(rows: Iterable[Row], **key: Any) -> Row | None:
    for r in rows:
        if all(r[k] == v for k, v in key.items()):
            return r
    return None


def best_rows(doc: Doc, kernel: str, dtype: str, n: int) -> list[Row]:
    """Per technique, its row at this size: one thread, and for threaded
    techniques also the most threads measured."""
    chosen: list[Row] = []
    most = max(doc["settings"]["threads"])
    for technique in doc["settings"]["techniques"]:
        for r in doc["rows"]:
            if (r["kernel"], r["technique"], r["dtype"], r["n"]) != (kernel, technique, dtype, n):
                continue
            if r["threads"] in (1, most):
                chosen.append(r)
    return chosen


def axis_entry(doc: Doc, kernel: str, technique: str, dtype: str) -> dict[str, Any]:
    """The axes measured for this kernel and technique; the GIL probe, run on
    one dtype only, is shared with the other."""
    found: dict[str, Any] = {}
    for a in doc["axes"]:
        if (a["kernel"], a["technique"]) != (kernel, technique):
            continue
        if a["dtype"] == dtype:
            found |= a
        elif "gil" in a:
            found.setdefault("gil", a["gil"])
    return found


def speedups(doc: Doc, row: Row) -> tuple[float | None, float | None]:
    """(against the numpy peer, against the python peer), same kernel, dtype, n."""
    out: list[float | None] = []
    for ref in ("numpy", "python"):
        base = lookup(doc["rows"], kernel=row["kernel"], technique=ref, dtype=row["dtype"],
                      n=row["n"], threads=1)  # fmt: skip
        out.append(median(base) / median(row) if base else None)
    return out[0], out[1]


def headline(doc: Doc) -> list[list[str]]:
    """The terminal table: every kernel and dtype at the largest size."""
    n = max(doc["settings"]["sizes"])
    table = [
        ["kernel", "dtype", "technique", "thr", "ns/el", "vs numpy", "vs python",
         "temp B/el", "arrays/call", "bytecodes/el", "bytecodes/call", "GIL"],
    ]  # fmt: skip
    for kernel in doc["settings"]["kernels"]:
        for dtype in doc["settings"]["dtypes"]:
            for r in best_rows(doc, kernel, dtype, n):
                a = axis_entry(doc, kernel, r["technique"], dtype)
                vs_np, vs_py = speedups(doc, r)
                alloc = a.get("allocation")
                code = a.get("bytecode")
                gil = a.get("gil")
                table.append([
                    kernel, dtype, r["technique"], str(r["threads"]),
                    fmt_ns(r["ns_per_element"]) + ("*" if r["extrapolated"] else ""),
                    fmt_x(vs_np), fmt_x(vs_py),
                    f"{alloc['temporary_bytes'] / alloc['n']:.1f}" if alloc else "-",
                    str(alloc["array_blocks"]) if alloc else "-",
                    f"{code['instructions_per_element']:.1f}" if code else "-",
                    f"{code['instructions_per_call']:.0f}" if code else "-",
                    gil["label"] if gil else "-",
                ])  # fmt: skip
    return table


def render_text(table: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    lines = ["  ".join(c.rjust(w) if i >= 3 else c.ljust(w) for i, (c, w) in
                       enumerate(zip(row, widths, strict=True))) for row in table]  # fmt: skip
    return "\n".join(lines)


def render_markdown_table(table: list[list[str]]) -> str:
    head, *body = table
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in body]
    return "\n".join(lines)


def markdown(doc: Doc, comparison: list[list[str]] | None = None) -> str:
    m, py, v = doc["machine"], doc["python"], doc["versions"]
    build = "free-threaded" if py["free_threaded"] else "with the GIL"
    out = [
        "# simdkern-bench report\n",
        f"Run {doc['run']} on {m['cpu_model']} ({m['cpus_usable']} CPUs usable, "
        f"simdkern ISA {m['isa']}); Python {py['version']} ({build}); "
        + ", ".join(f"{k} {val}" for k, val in v.items() if val and k != "python")
        + ".  Medians of "
        f"{doc['settings']['repeats']} samples; `*` marks pure-Python times extrapolated "
        "from a smaller size.\n",
        "## Headline (largest size)\n",
        "ns/el: time per element. vs numpy / vs python: speedup against those peers. "
        "temp B/el: bytes of temporaries per element (tracemalloc peak minus the result). "
        "arrays/call: NumPy array buffers allocated per call, result included. "
        "bytecodes/el and /call: Python bytecode instructions executed per element "
        "and per call (measured at two sizes). GIL: whether a pure-Python thread runs "
        "freely during the call.\n",
        render_markdown_table(headline(doc)),
        "",
    ]
    out += _time_tables(doc)
    out += _scaling_table(doc)
    out += _bandwidth_table(doc)
    out += _interrupt_table(doc)
    if doc["unavailable"]:
        out.append("## Not measured\n")
        out += [f"- {what}: {why}" for what, why in sorted(doc["unavailable"].items())]
        out.append("")
    if comparison:
        out.append("## Against the earlier run\n")
        out.append(render_markdown_table(comparison))
        out.append("")
    return "\n".join(out)


def _time_tables(doc: Doc) -> list[str]:
    out = ["## Time per element (ns), by size\n"]
    sizes = sorted(doc["settings"]["sizes"])
    for kernel in doc["settings"]["kernels"]:
        for dtype in doc["settings"]["dtypes"]:
            table = [["technique", "threads", *(f"n={fmt_n(n)}" for n in sizes), "spread"]]
            order = doc["settings"]["techniques"]
            keys = sorted(
                {(r["technique"], r["threads"]) for r in doc["rows"]
                 if r["kernel"] == kernel and r["dtype"] == dtype},
                key=lambda k: (order.index(k[0]), k[1]),
            )  # fmt: skip
            for technique, threads in keys:
                cells: list[str] = []
                spread = 0.0
                for n in sizes:
                    r = lookup(doc["rows"], kernel=kernel, dtype=dtype, technique=technique,
                               threads=threads, n=n)  # fmt: skip
                    if r is None:
                        cells.append("-")
                        continue
                    cells.append(fmt_ns(r["ns_per_element"]) + ("*" if r["extrapolated"] else ""))
                    spread = max(spread, r["spread"])
                table.append([technique, str(threads), *cells, f"{100 * spread:.0f}%"])
            out += [f"### {kernel} {dtype}\n", render_markdown_table(table), ""]
    return out


def _scaling_table(doc: Doc) -> list[str]:
    counts = sorted(doc["settings"]["threads"])
    if len(counts) < 2:
        return []
    n = max(doc["settings"]["sizes"])
    table = [["kernel", "dtype", "technique", *(f"{c} thr" for c in counts[1:])]]
    for r in doc["rows"]:
        if r["n"] != n or r["threads"] != 1 or r["technique"] not in _threaded(doc):
            continue
        cells: list[str] = []
        for c in counts[1:]:
            other = lookup(doc["rows"], kernel=r["kernel"], technique=r["technique"],
                           dtype=r["dtype"], n=n, threads=c)  # fmt: skip
            cells.append(fmt_x(median(r) / median(other)) if other else "-")
        table.append([r["kernel"], r["dtype"], r["technique"], *cells])
    return [f"## Thread scaling at n={fmt_n(n)} (speedup over 1 thread)\n",
            render_markdown_table(table), ""]  # fmt: skip


def _threaded(doc: Doc) -> set[str]:
    return {r["technique"] for r in doc["rows"] if r["threads"] > 1}


def bytes_per_element(kernel_nin: int, itemsize: int) -> int:
    """Bytes moved per element, counted as STREAM counts them: inputs read,
    output written."""
    return (kernel_nin + 1) * itemsize


def _bandwidth_table(doc: Doc) -> list[str]:
    n = max(doc["settings"]["sizes"])
    stream: dict[str, float] = doc.get("stream_gbps") or {}
    table = [["kernel", "dtype", "technique", "threads", "GB/s", "of STREAM triad"]]
    for r in doc["rows"]:
        if r["n"] != n or r["extrapolated"]:
            continue
        itemsize = 4 if r["dtype"] == "float32" else 8
        gbps = bytes_per_element(simdkern.kernel(r["kernel"]).nin, itemsize) / r["ns_per_element"]
        triad = stream.get(str(r["threads"])) or stream.get("1")
        share = f"{100 * gbps / triad:.0f}%" if triad else "-"
        table.append([r["kernel"], r["dtype"], r["technique"], str(r["threads"]),
                      f"{gbps:.1f}", share])  # fmt: skip
    note = (
        f"STREAM triad from the C suite: {', '.join(f'{v:.1f} GB/s on {k} thread(s)' for k, v in stream.items())}."  # noqa: E501
        if stream
        else "No C-suite results found (make bench-c writes them): no STREAM reference."
    )
    return [f"## Bandwidth at n={fmt_n(n)}\n", note + "\n", render_markdown_table(table), ""]


def _interrupt_table(doc: Doc) -> list[str]:
    if not doc["interrupts"]:
        return []
    table = [["technique", "kernel", "n", "call s", "SIGINT after s", "latency ms", "stops"]]
    for e in doc["interrupts"]:
        if "error" in e:
            table.append([e["technique"], e["kernel"], fmt_n(e["n"]), "-", "-", "-", e["error"]])
            continue
        table.append([
            e["technique"], e["kernel"], fmt_n(e["n"]), f"{e['call_s']:.2f}",
            f"{e['sent_after_s']:.2f}", f"{e['latency_s'] * 1e3:.0f}",
            "yes" if e["interrupted"] else "no (runs to the end)",
        ])  # fmt: skip
    return ["## Ctrl-C during a long call\n", render_markdown_table(table), ""]


def compare(old: Doc, new: Doc) -> list[list[str]]:
    """Rows of both runs side by side: the change in time, marked as noise
    when it is smaller than either run's spread."""
    table = [["kernel", "dtype", "technique", "threads", "n", "old ns/el", "new ns/el",
              "change", "verdict"]]  # fmt: skip
    for r in new["rows"]:
        o = lookup(old["rows"], kernel=r["kernel"], technique=r["technique"], dtype=r["dtype"],
                   n=r["n"], threads=r["threads"])  # fmt: skip
        if o is None or r["extrapolated"] or o["extrapolated"]:
            continue
        ratio = median(o) / median(r)
        noise = max(r["spread"], o["spread"], 0.02)
        if abs(math.log(ratio)) <= math.log1p(noise):
            verdict = "noise"
        else:
            verdict = "faster" if ratio > 1 else "slower"
        table.append([r["kernel"], r["dtype"], r["technique"], str(r["threads"]), fmt_n(r["n"]),
                      fmt_ns(o["ns_per_element"]), fmt_ns(r["ns_per_element"]),
                      f"{(ratio - 1) * 100:+.0f}%", verdict])  # fmt: skip
    return table
