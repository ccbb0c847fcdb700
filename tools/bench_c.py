"""Run the google-benchmark suite over kernels/ once per ISA, and summarise it.

The kernels choose their ISA once per process (SIMDKERN_ISA caps the choice), so
the bench binary runs once per ISA this machine and build can run.  The run of
the default (best) ISA also times the scalar libm loops, each right after its
kernel, and every run times the STREAM probes, whose best result over all runs
is the machine's bandwidth (on a shared machine, the least disturbed).  The raw
google-benchmark JSON of every run, machine and build facts and a summary go to
results/bench-c-<timestamp>.json; the summary table is printed and written to
results/bench-c-latest.md.

Usage (what `make bench-c` runs):
    python tools/bench_c.py --build build/bench --results results
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _report import cpu_model, fmt_ns, fmt_size

BINARY = Path("bench") / "simdkern_bench"
TABLE_SIZES = (10_000_000, 100_000)
STREAM_LARGE_N = 10_000_000  # kernels compared with triad at this size


@dataclass(frozen=True)
class Sample:
    """One repetition of one benchmark."""

    group: str  # "sk", "libm" or "stream"
    kernel: str
    dtype: str
    n: int
    threads: int
    label: str
    time_per_elem: float  # seconds
    bandwidth: float  # bytes per second, counted as STREAM counts them


Key = tuple[str, str, str, int, int]  # group, kernel, dtype, n, threads


@dataclass(frozen=True)
class Stat:
    """The repetitions of one benchmark, reduced."""

    median_ns: float
    min_ns: float
    max_ns: float
    median_bw: float
    best_bw: float
    label: str
    repetitions: int

    @property
    def spread(self) -> float:
        """(max - min) / median of the time per element."""
        return (self.max_ns - self.min_ns) / self.median_ns if self.median_ns > 0 else 0.0


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    p.add_argument("--build", type=Path, required=True, help="meson build directory")
    p.add_argument("--results", type=Path, required=True, help="directory for the results")
    p.add_argument("--repetitions", type=int, default=5, help="repetitions per benchmark")
    p.add_argument("--min-time", type=float, default=0.05, help="seconds per repetition")
    p.add_argument("--isa", action="append", default=None, help="run only this ISA (repeatable)")
    p.add_argument("--stream-n", type=int, default=1 << 24, help="elements per STREAM array")
    return p.parse_args(argv)


# -- running the binary ---------------------------------------------------------


def supported_isas(binary: Path) -> list[str]:
    out = subprocess.run(
        [str(binary), "--isa-list"], check=True, capture_output=True, text=True
    ).stdout
    return [line.strip() for line in out.splitlines() if line.strip()]


def run_bench(
    binary: Path,
    isa: str,
    filter_regex: str,
    args: argparse.Namespace,
    scratch: Path,
) -> Any:
    """Run the binary once; return its google-benchmark JSON document."""
    env = dict(os.environ)
    env["SIMDKERN_ISA"] = isa
    out_file = scratch / f"{isa}.json"
    cmd = [
        str(binary),
        f"--benchmark_filter={filter_regex}",
        f"--benchmark_repetitions={args.repetitions}",
        f"--benchmark_min_time={args.min_time}",
        f"--benchmark_out={out_file}",
        "--benchmark_out_format=json",
        f"--stream-n={args.stream_n}",
    ]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        raise SystemExit(f"bench_c: {' '.join(cmd)} failed with status {proc.returncode}")
    doc: Any = json.loads(out_file.read_text())
    context: Any = doc.get("context", {})
    if context.get("simdkern_isa") != isa:
        raise SystemExit(
            f"bench_c: asked for ISA {isa}, the kernels ran {context.get('simdkern_isa')}"
        )
    # The binary's path as given on the command line; keep only its name.
    if "executable" in context:
        context["executable"] = Path(str(context["executable"])).name
    return doc


def samples(doc: Any) -> list[Sample]:
    """The per-repetition entries of a google-benchmark JSON document."""
    found: list[Sample] = []
    for entry in doc.get("benchmarks", []):
        if entry.get("run_type") != "iteration" or entry.get("error_occurred"):
            continue
        parts = str(entry["name"]).split("/")
        n = next((int(p[2:]) for p in parts if p.startswith("n:")), 0)
        found.append(
            Sample(
                group=parts[0],
                kernel=parts[1],
                dtype=parts[2],
                n=n,
                threads=int(entry.get("threads", 1)),
                label=str(entry.get("label", "")),
                time_per_elem=float(entry["time_per_elem"]),
                bandwidth=float(entry["bw"]),
            )
        )
    return found


def reduce(found: Iterable[Sample]) -> dict[Key, Stat]:
    grouped: dict[Key, list[Sample]] = {}
    for s in found:
        grouped.setdefault((s.group, s.kernel, s.dtype, s.n, s.threads), []).append(s)
    stats: dict[Key, Stat] = {}
    for key, group in grouped.items():
        ns = [s.time_per_elem * 1e9 for s in group]
        bw = [s.bandwidth for s in group]
        stats[key] = Stat(
            median_ns=statistics.median(ns),
            min_ns=min(ns),
            max_ns=max(ns),
            median_bw=statistics.median(bw),
            best_bw=max(bw),
            label=group[0].label,
            repetitions=len(group),
        )
    return stats


# -- machine and build facts -----------------------------------------------------


def meson_info(build: Path, name: str) -> Any:
    try:
        return json.loads((build / "meson-info" / f"intro-{name}.json").read_text())
    except (OSError, ValueError):
        return None


def build_facts(build: Path, context: Any) -> dict[str, object]:
    compilers: dict[str, str] = {}
    info: Any = meson_info(build, "compilers") or {}
    host: Any = info.get("host", {})
    for lang in host:
        comp: Any = host[lang]
        compilers[str(lang)] = str(comp.get("full_version", comp.get("version", "")))
    options: dict[str, object] = {}
    opts: Any = meson_info(build, "buildoptions") or []
    for opt in opts:
        if opt.get("name") in {"buildtype", "optimization", "debug", "werror", "b_ndebug"}:
            options[str(opt["name"])] = opt.get("value")
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = ""
    return {
        "simdkern_version": context.get("simdkern_version", ""),
        "sleef_version": context.get("sleef_version", ""),
        "compilers": compilers,
        "meson_options": options,
        "benchmark_library_build_type": context.get("library_build_type", ""),
        "git_commit": commit,
    }


def machine_facts(context: Any, isas: list[str]) -> dict[str, object]:
    return {
        "cpu_model": cpu_model(),
        "logical_cpus": os.cpu_count(),
        "mhz_per_cpu": context.get("mhz_per_cpu"),
        "caches": context.get("caches", []),
        "platform": platform.platform(),
        "isas": isas,
        "python": platform.python_version(),
    }


# -- the table ------------------------------------------------------------------------


def kernel_order(per_isa: dict[str, dict[Key, Stat]]) -> list[tuple[str, str]]:
    """(kernel, dtype) in catalogue order, as the binary registered them."""
    seen: dict[tuple[str, str], None] = {}
    for stats in per_isa.values():
        for group, kernel, dtype, _n, _t in stats:
            if group == "sk":
                seen.setdefault((kernel, dtype), None)
    return list(seen)


def triad_bw(ref: dict[Key, Stat], threads: int = 1) -> float | None:
    found = [
        st.best_bw for k, st in ref.items() if k[:2] == ("stream", "triad") and k[4] == threads
    ]
    return max(found) if found else None


def build_table(
    isas: list[str], per_isa: dict[str, dict[Key, Stat]], ref: dict[Key, Stat]
) -> tuple[list[str], list[list[str]], list[dict[str, object]]]:
    best = isas[-1]
    triad = triad_bw(ref)
    headers = [
        "kernel",
        "dtype",
        "n",
        *(f"{isa} ns/el" for isa in isas),
        "libm ns/el",
        f"speedup ({best})",
        f"GB/s ({best})",
        "% triad",
    ]
    rows: list[list[str]] = []
    records: list[dict[str, object]] = []
    for n in TABLE_SIZES:
        for kernel, dtype in kernel_order(per_isa):
            ns: dict[str, float | None] = {}
            for isa in isas:
                st = per_isa[isa].get(("sk", kernel, dtype, n, 1))
                ns[isa] = st.median_ns if st else None
            top = per_isa[best].get(("sk", kernel, dtype, n, 1))
            libm = ref.get(("libm", kernel, dtype, n, 1))
            speedup = libm.median_ns / top.median_ns if libm and top and top.median_ns else None
            gbs = top.median_bw / 1e9 if top else None
            frac = (
                top.median_bw / triad
                if top and triad and top.label == "arith" and n >= STREAM_LARGE_N
                else None
            )
            rows.append(
                [
                    kernel,
                    dtype,
                    fmt_size(n),
                    *(fmt_ns(ns[isa]) for isa in isas),
                    fmt_ns(libm.median_ns if libm else None),
                    f"{speedup:.1f}x" if speedup else "-",
                    f"{gbs:.1f}" if gbs is not None else "-",
                    f"{100 * frac:.0f}%" if frac is not None else "",
                ]
            )
            records.append(
                {
                    "kernel": kernel,
                    "dtype": dtype,
                    "n": n,
                    "ns_per_elem": ns,
                    "spread": {
                        isa: st.spread
                        for isa in isas
                        if (st := per_isa[isa].get(("sk", kernel, dtype, n, 1)))
                    },
                    "libm_ns_per_elem": libm.median_ns if libm else None,
                    "speedup_vs_libm": speedup,
                    "gbps": gbs,
                    "fraction_of_triad": frac,
                }
            )
    return headers, rows, records


def stream_summary(ref: dict[Key, Stat]) -> list[tuple[str, int, float]]:
    """(probe, threads, best GB/s) for every STREAM probe."""
    out = [(k[1], k[4], st.best_bw / 1e9) for k, st in ref.items() if k[0] == "stream"]
    order = {"copy": 0, "scale": 1, "add": 2, "triad": 3}
    return sorted(out, key=lambda r: (order.get(r[0], 9), r[1]))


def render(headers: list[str], rows: list[list[str]], markdown: bool) -> str:
    numeric = [i >= 2 for i in range(len(headers))]
    if markdown:
        lines = ["| " + " | ".join(headers) + " |"]
        lines.append("|" + "|".join("---:" if r else ":---" for r in numeric) + "|")
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, numeric, strict=True)
        ).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def table_notes(records: list[dict[str, object]], context: Any) -> list[str]:
    """Footnotes: the noisiest row, and what the last-level cache means for % triad."""
    notes: list[str] = []
    worst: tuple[float, str] = (0.0, "")
    for rec in records:
        spread: Any = rec["spread"]
        for isa in spread:
            if float(spread[isa]) > worst[0]:
                worst = (float(spread[isa]), f"{rec['kernel']} {rec['dtype']} n={rec['n']} {isa}")
    if worst[1]:
        notes.append(
            f"Noise: the widest (max - min) / median over repetitions is {100 * worst[0]:.0f}%"
            f" ({worst[1]})."
        )
    caches: Any = context.get("caches", [])
    llc: Any = max(caches, key=lambda c: (c.get("level", 0), c.get("size", 0)), default=None)
    if llc is not None:
        notes.append(
            f"The last-level cache is reported as L{llc.get('level')} of"
            f" {int(llc.get('size', 0)) >> 20} MiB: a row above 100% of triad has its"
            " working set (bytes per element x n) partly in cache."
        )
    return notes


@dataclass(frozen=True)
class Report:
    """The summary, printable as text or Markdown."""

    stamp: str
    machine: dict[str, object]
    build: dict[str, object]
    isas: list[str]
    repetitions: int
    headers: list[str]
    rows: list[list[str]]
    stream: list[tuple[str, int, float]]
    notes: list[str]

    def text(self, markdown: bool) -> str:
        compilers: Any = self.build["compilers"]
        head = [
            f"simdkern C kernels, google-benchmark, {self.stamp}",
            f"CPU: {self.machine['cpu_model']} ({self.machine['logical_cpus']} logical CPUs);"
            f" ISAs run: {', '.join(self.isas)}",
            f"SLEEF {self.build['sleef_version']}; C compiler: {compilers.get('c', '?')}",
            f"One thread; ns/el = median of {self.repetitions} repetitions;"
            " speedup = scalar libm loop / default ISA;"
            " GB/s counts inputs read + output written;"
            " % triad = GB/s / single-thread STREAM triad (memory-bound kernels, n=1e7).",
        ]
        stream_line = "STREAM (float64, best repetition of all runs, GB/s): " + ", ".join(
            f"{probe}{'' if t == 1 else f' ({t} threads)'} {gbs:.1f}"
            for probe, t, gbs in self.stream
        )
        if markdown:
            lines = [f"# {head[0]}", "", *(f"- {h}" for h in head[1:]), f"- {stream_line}", ""]
            lines += [render(self.headers, self.rows, True), ""]
            lines += [*(f"- {note}" for note in self.notes), ""] if self.notes else []
        else:
            lines = [*head, stream_line, "", render(self.headers, self.rows, False), ""]
            lines += [*self.notes, ""] if self.notes else []
        return "\n".join(lines)


# -- main --------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    binary = args.build / BINARY
    if not binary.exists():
        raise SystemExit(f"bench_c: {binary} not found; run `meson compile -C {args.build}`")
    isas = supported_isas(binary)
    if args.isa:
        unknown = [i for i in args.isa if i not in isas]
        if unknown:
            raise SystemExit(f"bench_c: this machine or build cannot run {', '.join(unknown)}")
        isas = [i for i in isas if i in args.isa]
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")

    load = os.getloadavg()[0]
    cpus = os.cpu_count() or 1
    if load > 0.5 * cpus:
        print(
            f"bench_c: load average {load:.1f} on {cpus} CPUs: other work is running,"
            " expect noisy numbers",
            file=sys.stderr,
        )
    default = isas[-1]
    docs: dict[str, Any] = {}
    loads: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-c-") as tmp:
        for i, isa in enumerate(isas, 1):
            regex = "^(sk|libm|stream)/" if isa == default else "^(sk|stream)/"
            what = "kernels + scalar libm loops" if isa == default else "kernels"
            print(f"[{i}/{len(isas)}] {isa}: {what} ...", end="", flush=True, file=sys.stderr)
            t0 = time.monotonic()
            before = os.getloadavg()[0]
            docs[isa] = run_bench(binary, isa, regex, args, Path(tmp))
            loads[isa] = [before, os.getloadavg()[0]]
            print(f" {time.monotonic() - t0:.0f} s", file=sys.stderr)

    per_isa = {isa: reduce(s for s in samples(docs[isa]) if s.group == "sk") for isa in isas}
    ref = reduce(
        s
        for isa in isas
        for s in samples(docs[isa])
        if s.group == "stream" or (s.group == "libm" and isa == default)
    )
    context: Any = docs[default].get("context", {})
    machine = machine_facts(context, isas)
    build = build_facts(args.build, context)
    headers, rows, records = build_table(isas, per_isa, ref)
    stream = stream_summary(ref)

    result = {
        "schema": 1,
        "created": stamp,
        "machine": machine,
        "build": build,
        "settings": {
            "repetitions": args.repetitions,
            "min_time_s": args.min_time,
            "stream_n": args.stream_n,
            "default_isa": default,
        },
        "load_average_before_after": loads,
        "summary": {
            "kernels": records,
            "stream_gbps": [{"probe": p, "threads": t, "gbps": g} for p, t, g in stream],
        },
        "runs": docs,
    }
    args.results.mkdir(parents=True, exist_ok=True)
    out_json = args.results / f"bench-c-{stamp}.json"
    out_json.write_text(json.dumps(result, indent=1) + "\n")
    notes = table_notes(records, context)
    rep = Report(stamp, machine, build, isas, args.repetitions, headers, rows, stream, notes)
    (args.results / "bench-c-latest.md").write_text(rep.text(markdown=True))
    print(rep.text(markdown=False))
    print(f"wrote {out_json} and {args.results / 'bench-c-latest.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
