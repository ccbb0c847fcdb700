"""Measure simdkern's speed targets against NumPy, as ratios taken in one run.

Three groups of measurements, all on one thread:

  a. every catalogue kernel, float32 and float64, n = 1e6 (sigmoid and gelu also
     1e7): the simdkern ufunc with out= against NumPy's ufunc of the same name
     with out=, or, for kernels NumPy lacks, the best NumPy expression with
     preallocated out= buffers.  Ratio = NumPy time / simdkern time.
  b. a call on a 1-element float64 array, as users write it (no out=):
     simdkern.exp(a) against np.exp(a).  Ratio = simdkern time / NumPy time.
  c. the memory-bound kernels (add, multiply, fma) at n = 1e7: bandwidth counted
     as STREAM counts it (inputs read + output written), as a fraction of the
     STREAM triad of the C suite (results/bench-c-*.json, when present) and of
     np.add(b, c, out=a) measured alongside in this run.

The machines are shared and noisy, so each pair of implementations is timed
interleaved (ABAB...), after a warm-up, with an inner loop count calibrated
per implementation, with the garbage collector off, inputs and outputs
allocated outside the timed region; medians and interquartile ranges are
reported.  Every sample goes to results/bench-numpy-<timestamp>.json, the table
to results/bench-numpy-latest.md.

Usage:
    python tools/bench_numpy.py                    # the full run (about a minute or two)
    python tools/bench_numpy.py --quick            # a smoke run
    python tools/bench_numpy.py --kernels exp,sin --dtypes float64 --sizes 1e6,1e7
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib
import json
import math
import os
import platform
import re
import statistics
import sys
import time
import timeit
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

import numpy as np
import numpy.typing as npt
from _report import cpu_model, fmt_ns
from _report import fmt_size as fmt_n
from simdkern.bench.timing import Stats

if TYPE_CHECKING:
    from simdkern import Kernel

Array = npt.NDArray[Any]

DEFAULT_SIZES = (1_000_000,)
QUICK_SIZES = (100_000,)
BANDWIDTH_N = 10_000_000
QUICK_BANDWIDTH_N = 1_000_000
DEFAULT_REPEATS = 15
QUICK_REPEATS = 3
SAMPLE_SECONDS = 0.04  # wall time of one sample (inner loop) per implementation
QUICK_SAMPLE_SECONDS = 0.005
WARMUP_SECONDS = 0.05
QUICK_WARMUP_SECONDS = 0.005
SEED = 20240601

# Input ranges by catalogue domain: finite results, no overflow, no subnormals.
DOMAIN_RANGE: dict[str, tuple[float, float]] = {"all": (-10.0, 10.0), "nonneg": (1e-3, 1e3)}
# Kernels whose real domain is narrower than their catalogue domain, one range per input:
# outside it the result is NaN, and NumPy's SIMD loops take slow paths for NaN results.
KERNEL_RANGE: dict[str, tuple[tuple[float, float], ...]] = {
    "log1p": ((-0.9, 10.0),),
    "power": ((0.1, 10.0), (-10.0, 10.0)),
    "arcsin": ((-1.0, 1.0),),
    "arccos": ((-1.0, 1.0),),
    "arctanh": ((-1.0, 1.0),),
    "arccosh": ((1.0, 1e3),),
}
# Kernels NumPy lacks whose best NumPy-world version is scipy.special's ufunc.
SCIPY_SPECIAL = ("erf", "erfc")

# Kernels named by the targets (everything else comes from the catalogue).
TRIG_F64_FAST = ("sin", "cos")  # NumPy's float64 sin/cos are scalar libm
FUSED_TARGETS = ("sigmoid", "gelu")
FUSED_LARGE_N = 10_000_000
BANDWIDTH_KERNELS = ("add", "multiply", "fma")
ONE_ELEMENT_KERNEL = "exp"
GELU_C = 0.7978845608028654  # sqrt(2 / pi), as in the catalogue's expression
GELU_A = 0.044715
# The NumPy ufuncs the recipes below use, for kernels NumPy lacks.
RECIPE_UFUNCS = {
    "fma": ("multiply", "add"),
    "sigmoid": ("negative", "exp", "add", "divide"),
    "gelu": ("multiply", "add", "tanh"),
    "silu": ("negative", "exp", "add", "divide"),
    "softplus": ("absolute", "negative", "exp", "log1p", "maximum", "add"),
    "log_sigmoid": ("absolute", "negative", "exp", "log1p", "minimum", "subtract"),
    "gelu_erf": ("multiply", "add"),  # and scipy.special.erf (NumPy has none)
}

SCALAR_SPEED_NS = 4.0  # a float64 NumPy loop this slow per element is not vectorised

Impl = Literal["simdkern", "numpy"]
IMPLS: tuple[Impl, Impl] = ("simdkern", "numpy")


# -- targets ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A bound on a ratio: ratio >= value (at_least) or ratio <= value."""

    value: float
    at_least: bool = True

    def met(self, ratio: float) -> bool:
        return ratio >= self.value if self.at_least else ratio <= self.value

    def label(self, unit: str = "x") -> str:
        return f"{'>=' if self.at_least else '<='} {self.value:g}{unit}"


def speed_target(k: Kernel, dtype: np.dtype[Any], n: int) -> Target | None:
    """The foundation issue's target for kernel k (NumPy time / simdkern time)."""
    bounds: list[float] = []
    if n == 1_000_000:
        if k.name in TRIG_F64_FAST and dtype == np.float64:
            bounds.append(10.0)
        if k.cost == "transc":  # one SLEEF call per element
            bounds.append(1.0)
        if k.name in FUSED_TARGETS:
            bounds.append(2.0)
        if k.cost == "fused":  # the full catalogue's: >= 1x the best NumPy expression
            bounds.append(1.0)
    if n == FUSED_LARGE_N and k.name in FUSED_TARGETS:
        bounds.append(3.0)
    return Target(max(bounds)) if bounds else None


ONE_ELEMENT_TARGET = Target(1.1, at_least=False)
BANDWIDTH_TARGET = Target(0.9)


# -- timing ----------------------------------------------------------------------------------


@dataclass
class Timing:
    """Seconds per call of each implementation, one sample per repeat."""

    inner: dict[str, int] = field(default_factory=dict[str, int])
    samples: dict[str, list[float]] = field(default_factory=dict[str, list[float]])

    def stats(self, impl: str) -> Stats:
        return Stats.of(self.samples[impl])


@dataclass(frozen=True)
class Settings:
    repeats: int
    sample_s: float
    warmup_s: float


def calibrate(timer: timeit.Timer, sample_s: float, warmup_s: float) -> int:
    """Warm timer up, then return the call count that fills about sample_s."""
    deadline = time.perf_counter() + warmup_s
    timer.timeit(1)
    while time.perf_counter() < deadline:
        timer.timeit(1)
    number = 1
    while True:
        elapsed = timer.timeit(number)
        if elapsed >= min(0.01, sample_s / 2) or number >= 1 << 30:
            break
        number *= 10
    return max(1, math.ceil(sample_s * number / elapsed)) if elapsed > 0 else number


def measure(timers: dict[str, timeit.Timer], settings: Settings) -> Timing:
    """Time the implementations interleaved, alternating their order each repeat."""
    result = Timing()
    for impl, timer in timers.items():
        result.inner[impl] = calibrate(timer, settings.sample_s, settings.warmup_s)
        result.samples[impl] = []
    order = list(timers)
    for r in range(settings.repeats):
        for impl in order if r % 2 == 0 else order[::-1]:
            inner = result.inner[impl]
            result.samples[impl].append(timers[impl].timeit(inner) / inner)
    return result


def call_timer(fn: Callable[[], object]) -> timeit.Timer:
    return timeit.Timer("f()", globals={"f": fn})


# -- inputs and the NumPy side ------------------------------------------------------------


def make_inputs(k: Kernel, dtype: np.dtype[Any], n: int, rng: np.random.Generator) -> list[Array]:
    ranges = KERNEL_RANGE.get(k.name, (DOMAIN_RANGE.get(k.domain, DOMAIN_RANGE["all"]),) * k.nin)
    return [rng.uniform(lo, hi, n).astype(dtype) for lo, hi in ranges]


def numpy_reference(k: Kernel, ins: list[Array], out: Array) -> tuple[str, Callable[[], object]]:
    """NumPy's best version of kernel k writing into out, and how it is written."""
    if k.name in ("fma", "sigmoid", "gelu"):
        return composed_reference(k.name, ins, out)
    if k.name in ("relu", "silu", "softplus", "log_sigmoid", "gelu_erf"):
        return activation_reference(k.name, ins[0], out)
    if k.name in SCIPY_SPECIAL:
        found: object = getattr(importlib.import_module("scipy.special"), k.name, None)
        if isinstance(found, np.ufunc):
            scipy_ufunc = found
            return f"scipy.special.{k.name}(..., out=o)", lambda: scipy_ufunc(*ins, out=out)
    same: object = getattr(np, k.name, None)
    if isinstance(same, np.ufunc) and same.nin == k.nin:
        ufunc = same
        return f"np.{k.name}(..., out=o)", lambda: ufunc(*ins, out=out)
    # A kernel NumPy lacks and no recipe above: the catalogue's expression as written.
    code = compile(k.numpy_ref, f"<numpy_ref {k.name}>", "eval")
    env: dict[str, object] = {"np": np, **dict(zip("xyz", ins, strict=False))}

    def expression() -> None:
        np.copyto(out, eval(code, env))

    return f"{k.numpy_ref} (temporaries)", expression


def composed_reference(name: str, ins: list[Array], out: Array) -> tuple[str, Callable[[], object]]:
    """fma, sigmoid and gelu composed from NumPy's ufuncs in place (out=)."""
    one = out.dtype.type(1)
    if name == "fma":
        x, y, z = ins

        def fma() -> None:
            np.multiply(x, y, out=out)
            np.add(out, z, out=out)

        return "np.multiply(x, y, out=o); np.add(o, z, out=o)", fma
    if name == "sigmoid":
        (x,) = ins

        def sigmoid() -> None:
            np.negative(x, out=out)
            np.exp(out, out=out)
            np.add(out, one, out=out)
            np.divide(one, out, out=out)

        return "o=-x; o=exp(o); o+=1; o=1/o (all out=o)", sigmoid
    if name == "gelu":
        (x,) = ins
        ca = out.dtype.type(GELU_C * GELU_A)
        c = out.dtype.type(GELU_C)
        half = out.dtype.type(0.5)

        # c*(x + a*x**3) = x*(c + c*a*x*x): the constants folded, eight passes.
        def gelu() -> None:
            np.multiply(x, x, out=out)
            np.multiply(out, ca, out=out)
            np.add(out, c, out=out)
            np.multiply(out, x, out=out)
            np.tanh(out, out=out)
            np.add(out, one, out=out)
            np.multiply(out, x, out=out)
            np.multiply(out, half, out=out)

        return "o=x*x; o*=c*a; o+=c; o*=x; tanh; o+=1; o*=x; o*=0.5 (all out=o)", gelu
    raise ValueError(name)


def activation_reference(name: str, x: Array, out: Array) -> tuple[str, Callable[[], object]]:
    """The fastest accurate NumPy (and SciPy) expressions of the activations, out= buffers.

    relu: np.maximum(x, 0).
    silu: x / (1 + exp(-x)) in four passes (faster than x * scipy.special.expit(x); exp
    overflows harmlessly to the right limit below -88 or -709, outside the inputs here).
    softplus, log_sigmoid: max(x, 0) + log1p(exp(-|x|)) (min and minus), six passes with
    one scratch array: NumPy's SIMD exp and log1p, several times faster than
    np.logaddexp(0, x), whose loop is scalar.  gelu_erf: scipy.special.erf, NumPy has none.
    """
    real = out.dtype.type
    zero, one, half = real(0), real(1), real(0.5)
    if name == "relu":
        return "np.maximum(x, 0, out=o)", lambda: np.maximum(x, zero, out=out)
    if name == "silu":

        def silu() -> None:
            np.negative(x, out=out)
            np.exp(out, out=out)
            np.add(out, one, out=out)
            np.divide(x, out, out=out)

        return "o=-x; o=exp(o); o+=1; o=x/o (all out=o)", silu
    if name in ("softplus", "log_sigmoid"):
        scratch = np.empty_like(out)
        linear, combine = (np.maximum, np.add) if name == "softplus" else (np.minimum, np.subtract)

        def log1p_exp() -> None:
            np.abs(x, out=out)
            np.negative(out, out=out)
            np.exp(out, out=out)
            np.log1p(out, out=out)
            linear(x, zero, out=scratch)
            combine(scratch, out, out=out)

        word = "max(x,0) + " if name == "softplus" else "min(x,0) - "
        return f"{word}log1p(exp(-|x|)): 6 passes, out=o and one scratch array", log1p_exp
    erf: np.ufunc = importlib.import_module("scipy.special").erf
    rsqrt2 = real(0.7071067811865476)

    def gelu_erf() -> None:
        np.multiply(x, rsqrt2, out=out)
        erf(out, out=out)
        np.add(out, one, out=out)
        np.multiply(out, x, out=out)
        np.multiply(out, half, out=out)

    return "o=x/sqrt(2); o=scipy.special.erf(o); o+=1; o*=x; o*=0.5 (all out=o)", gelu_erf


def agreement(a: Array, b: Array) -> float:
    """max |a - b| scaled by max(1, max |b|): a sanity check that both compute the same."""
    a64 = a.astype(np.float64)
    b64 = b.astype(np.float64)
    scale = max(1.0, float(np.max(np.abs(b64))))
    return float(np.max(np.abs(a64 - b64))) / scale


def agrees(err: float, dtype: np.dtype[Any]) -> bool:
    return err <= (1e-4 if dtype == np.float32 else 1e-10)


# -- the three groups -------------------------------------------------------------------------


@dataclass
class Row:
    group: Literal["speed", "one_element", "bandwidth"]
    kernel: str
    dtype: str
    n: int
    timing: Timing
    numpy_impl: str
    ratio: float
    target: Target | None
    paired: list[float]
    extra: dict[str, object] = field(default_factory=dict[str, object])

    def ns_per_elem(self, impl: str) -> Stats:
        s = self.timing.stats(impl)
        f = 1e9 / self.n
        return Stats(s.median * f, s.q1 * f, s.q3 * f, s.lo * f, s.hi * f)

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.target.met(self.ratio)

    def record(self) -> dict[str, object]:
        return {
            "group": self.group,
            "kernel": self.kernel,
            "dtype": self.dtype,
            "n": self.n,
            "numpy_impl": self.numpy_impl,
            "ratio": self.ratio,
            "ratio_definition": (
                "simdkern time / numpy time"
                if self.group == "one_element"
                else "numpy time / simdkern time"
                if self.group == "speed"
                else "simdkern GB/s / reference triad GB/s"
            ),
            "paired_ratios": self.paired,
            "paired_ratio_median": statistics.median(self.paired),
            "target": None
            if self.target is None
            else {"value": self.target.value, "at_least": self.target.at_least},
            "met": self.met,
            "ns_per_elem": {impl: self.ns_per_elem(impl).as_dict() for impl in self.timing.samples},
            "inner_loops": self.timing.inner,
            "seconds_per_call": self.timing.samples,
            **self.extra,
        }


def speed_row(
    k: Kernel, dtype: np.dtype[Any], n: int, settings: Settings, rng: np.random.Generator
) -> Row:
    ins = make_inputs(k, dtype, n, rng)
    out_sk = np.empty(n, dtype)
    out_np = np.empty(n, dtype)
    ufunc = k.ufunc
    impl, ref = numpy_reference(k, ins, out_np)
    ufunc(*ins, out=out_sk)
    ref()
    err = agreement(out_sk, out_np)
    timing = measure(
        {"simdkern": call_timer(lambda: ufunc(*ins, out=out_sk)), "numpy": call_timer(ref)},
        settings,
    )
    paired = [
        b / a for a, b in zip(timing.samples["simdkern"], timing.samples["numpy"], strict=True)
    ]
    ratio = timing.stats("numpy").median / timing.stats("simdkern").median
    return Row(
        "speed",
        k.name,
        dtype.name,
        n,
        timing,
        impl,
        ratio,
        speed_target(k, dtype, n),
        paired,
        {"max_scaled_difference": err, "agree": agrees(err, dtype)},
    )


def one_element_row(k: Kernel, settings: Settings) -> Row:
    a1 = np.array([0.5], dtype=np.float64)
    same: object = getattr(np, k.name)
    assert isinstance(same, np.ufunc)
    timing = measure(
        {
            "simdkern": timeit.Timer("f(a)", globals={"f": k.ufunc, "a": a1}),
            "numpy": timeit.Timer("f(a)", globals={"f": same, "a": a1}),
        },
        settings,
    )
    paired = [
        a / b for a, b in zip(timing.samples["simdkern"], timing.samples["numpy"], strict=True)
    ]
    ratio = timing.stats("simdkern").median / timing.stats("numpy").median
    return Row(
        "one_element",
        k.name,
        "float64",
        1,
        timing,
        f"np.{k.name}(a) (no out=, result allocated)",
        ratio,
        ONE_ELEMENT_TARGET,
        paired,
    )


@dataclass(frozen=True)
class Triad:
    gbps: float
    source: str
    detail: dict[str, object]


def bandwidth_row(
    k: Kernel,
    dtype: np.dtype[Any],
    n: int,
    settings: Settings,
    rng: np.random.Generator,
    *,
    triad: Triad | None,
) -> Row:
    ins = make_inputs(k, dtype, n, rng)
    out_sk = np.empty(n, dtype)
    ref_b = ins[0]
    ref_c = ins[1] if len(ins) > 1 else make_inputs(k, dtype, n, rng)[0]
    ref_a = np.empty(n, dtype)
    ufunc = k.ufunc
    timing = measure(
        {
            "simdkern": call_timer(lambda: ufunc(*ins, out=out_sk)),
            "numpy": call_timer(lambda: np.add(ref_b, ref_c, out=ref_a)),
        },
        settings,
    )
    bytes_sk = (k.nin + 1) * dtype.itemsize * n
    bytes_ref = 3 * dtype.itemsize * n
    gbps_sk = [bytes_sk / t / 1e9 for t in timing.samples["simdkern"]]
    gbps_ref = [bytes_ref / t / 1e9 for t in timing.samples["numpy"]]
    sk_med = statistics.median(gbps_sk)
    ref_med = statistics.median(gbps_ref)
    paired = [a / b for a, b in zip(gbps_sk, gbps_ref, strict=True)]
    # The target is a fraction of the C suite's triad; without one, of np.add in this run.
    reference = triad.gbps if triad is not None else ref_med
    return Row(
        "bandwidth",
        k.name,
        dtype.name,
        n,
        timing,
        "np.add(b, c, out=a) (same-run bandwidth reference)",
        sk_med / reference,
        BANDWIDTH_TARGET,
        paired,
        {
            "bytes_per_elem": (k.nin + 1) * dtype.itemsize,
            "gbps": {"simdkern": sk_med, "numpy_add": ref_med},
            "gbps_samples": {"simdkern": gbps_sk, "numpy_add": gbps_ref},
            "fraction_of_numpy_add": sk_med / ref_med,
            "fraction_of_c_triad": sk_med / triad.gbps if triad is not None else None,
            "target_reference": triad.source if triad is not None else "numpy np.add, same run",
        },
    )


# -- the C suite's STREAM triad ----------------------------------------------------------------


def _walk(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        d = cast(dict[str, Any], node)
        yield path, d
        for key, value in d.items():
            yield from _walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(cast(list[Any], node)):
            yield from _walk(value, f"{path}/{i}")


def _triad_candidate(d: dict[str, Any]) -> float | None:
    """GB/s of a one-thread STREAM triad entry, in the forms bench_c.py writes.

    Either its summary ({"probe": "triad", "threads": 1, "gbps": ...}) or a
    google-benchmark repetition ({"name": "stream/triad/...", "bw": bytes/s}).
    """
    names = " ".join(str(d.get(key, "")) for key in ("probe", "name", "kernel"))
    if "triad" not in names.lower() or d.get("run_type") == "aggregate":
        return None
    if int(d.get("threads", 1) or 1) != 1:
        return None
    for key in ("gbps", "best_gbps", "median_gbps"):
        if isinstance(d.get(key), int | float):
            return float(d[key])
    for key in ("bw", "bytes_per_second", "bandwidth"):
        if isinstance(d.get(key), int | float):
            return float(d[key]) / 1e9
    return None


def read_c_triad(results: Path) -> Triad | None:
    """The single-thread STREAM triad of the newest C-suite result, if there is one."""
    latest = results / "bench-c-latest.json"
    files = [latest] if latest.exists() else sorted(results.glob("bench-c-2*.json"))[-1:]
    if not files:
        return None
    try:
        doc: Any = json.loads(files[0].read_text())
    except (OSError, ValueError):
        return None
    best: tuple[float, str] | None = None
    for path, d in _walk(doc):
        value = _triad_candidate(d)
        if value is not None and (best is None or value > best[0]):
            best = (value, path)
    if best is None:
        return None
    created = next((str(d.get("created")) for path, d in _walk(doc) if path == ""), "?")
    return Triad(
        best[0],
        f"C suite STREAM triad ({files[0].name})",
        {"file": files[0].name, "json_path": best[1], "created": created, "gbps": best[0]},
    )


# -- machine and NumPy facts ------------------------------------------------------------------


def numpy_umath() -> Any:
    for name in ("numpy._core._multiarray_umath", "numpy.core._multiarray_umath"):
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    return None


def numpy_simd() -> dict[str, object]:
    """NumPy's SIMD build: baseline, dispatch targets, CPU features it found."""
    info: dict[str, object] = {"version": np.__version__}
    try:
        cfg: Any = np.show_config(mode="dicts")  # pyright: ignore[reportCallIssue]
        info["simd_extensions"] = cfg.get("SIMD Extensions")
    except (TypeError, ValueError):
        pass
    umath = numpy_umath()
    if umath is not None:
        features: dict[str, bool] = dict(getattr(umath, "__cpu_features__", {}))
        info["cpu_baseline"] = list(getattr(umath, "__cpu_baseline__", []))
        info["cpu_dispatch"] = list(getattr(umath, "__cpu_dispatch__", []))
        info["cpu_features_present"] = [name for name, on in features.items() if on]
    return info


def numpy_svml() -> dict[str, list[str]]:
    """Functions with Intel SVML object code linked into NumPy: name -> precisions (s, d, h)."""
    umath = numpy_umath()
    path = getattr(umath, "__file__", None)
    if not path:
        return {}
    try:
        blob = Path(path).read_bytes()
    except OSError:
        return {}
    found: dict[str, set[str]] = {}
    for m in re.finditer(rb"svml_z0_([a-z0-9]+)_([dsh])_(?:la|ha)\.s", blob):
        found.setdefault(m.group(1).decode(), set()).add(m.group(2).decode())
    return {name: sorted(p) for name, p in sorted(found.items())}


def numpy_dispatch(names: Sequence[str]) -> dict[str, dict[str, str]]:
    """The SIMD target NumPy's loop runs on, per function and float signature."""
    try:
        introspect = importlib.import_module("numpy.lib.introspect")
    except ImportError:
        return {}
    pattern = "^(" + "|".join(map(re.escape, names)) + ")$"
    # The signature pattern is matched per type character of a loop's signature.
    raw: Any = introspect.opt_func_info(func_name=pattern, signature="^(f|d)$")
    out: dict[str, dict[str, str]] = {}
    for name, sigs in raw.items():
        for sig, where in sigs.items():
            chars = set(str(sig))
            if chars in ({"f"}, {"d"}):
                key = "float32" if chars == {"f"} else "float64"
                out.setdefault(str(name), {})[key] = str(where.get("current", ""))
    return out


SVML_PRECISION = {"float32": "s", "float64": "d"}


def numpy_notes(rows: list[Row], names: Sequence[str]) -> list[dict[str, object]]:
    """Per NumPy function compared against: loop target, SVML presence, measured speed."""
    dispatch = numpy_dispatch(names)
    svml = numpy_svml()
    speed = {(r.kernel, r.dtype): r for r in rows if r.group == "speed"}
    notes: list[dict[str, object]] = []
    for name in names:
        for dtype in ("float32", "float64"):
            row = speed.get((name, dtype))
            ns = row.ns_per_elem("numpy").median if row is not None else None
            notes.append(
                {
                    "function": name,
                    "dtype": dtype,
                    "loop_target": dispatch.get(name, {}).get(dtype, "?"),
                    "svml_linked": SVML_PRECISION[dtype] in svml.get(name, []),
                    "ns_per_elem": ns,
                    "n": row.n if row is not None else None,
                    "scalar_speed": ns is not None and dtype == "float64" and ns >= SCALAR_SPEED_NS,
                }
            )
    return notes


# -- output ----------------------------------------------------------------------------------------


def fmt_met(met: bool | None) -> str:
    return "-" if met is None else "yes" if met else "NO"


def speed_table(rows: list[Row]) -> tuple[list[str], list[list[str]]]:
    headers = [
        "kernel",
        "dtype",
        "n",
        "simdkern ns/el",
        "NumPy ns/el",
        "ratio",
        "IQR% sk/np",
        "target",
        "met?",
    ]
    body: list[list[str]] = []
    for r in rows:
        sk, nps = r.ns_per_elem("simdkern"), r.ns_per_elem("numpy")
        if r.group == "one_element":
            kernel, ratio = f"{r.kernel} (1 elem, no out=)", f"{r.ratio:.2f} sk/np"
            target = r.target.label("") + " sk/np" if r.target else "-"
        else:
            kernel, ratio = r.kernel, f"{r.ratio:.2f}x"
            target = r.target.label() if r.target else "-"
        body.append(
            [
                kernel,
                r.dtype,
                fmt_n(r.n),
                fmt_ns(sk.median),
                fmt_ns(nps.median),
                ratio,
                f"{sk.iqr_pct:.1f}/{nps.iqr_pct:.1f}",
                target,
                fmt_met(r.met),
            ]
        )
    return headers, body


def bandwidth_table(rows: list[Row]) -> tuple[list[str], list[list[str]]]:
    headers = [
        "kernel",
        "dtype",
        "n",
        "B/el",
        "simdkern ns/el",
        "simdkern GB/s",
        "np.add GB/s",
        "% np.add",
        "% C triad",
        "IQR% sk/np",
        "target",
        "met?",
    ]
    body: list[list[str]] = []
    for r in rows:
        gbps: Any = r.extra["gbps"]
        c_frac: Any = r.extra["fraction_of_c_triad"]
        np_frac: Any = r.extra["fraction_of_numpy_add"]
        body.append(
            [
                r.kernel,
                r.dtype,
                fmt_n(r.n),
                str(r.extra["bytes_per_elem"]),
                fmt_ns(r.ns_per_elem("simdkern").median),
                f"{gbps['simdkern']:.1f}",
                f"{gbps['numpy_add']:.1f}",
                f"{100 * np_frac:.0f}%",
                f"{100 * c_frac:.0f}%" if c_frac is not None else "-",
                f"{r.timing.stats('simdkern').iqr_pct:.1f}/{r.timing.stats('numpy').iqr_pct:.1f}",
                f">= {100 * BANDWIDTH_TARGET.value:.0f}% "
                + ("C triad" if c_frac is not None else "np.add"),
                fmt_met(r.met),
            ]
        )
    return headers, body


def render(headers: list[str], rows: list[list[str]], markdown: bool) -> str:
    numeric = [h not in {"kernel", "dtype", "target", "met?"} for h in headers]
    if markdown:
        lines = ["| " + " | ".join(headers) + " |"]
        lines.append("|" + "|".join("---:" if num else ":---" for num in numeric) + "|")
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if num else c.ljust(w)
            for c, w, num in zip(cells, widths, numeric, strict=True)
        ).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def notes_lines(notes: list[dict[str, object]]) -> list[str]:
    lines: list[str] = []
    for note in notes:
        ns = note["ns_per_elem"]
        measured = (
            f"{fmt_ns(ns)} ns/el at n={fmt_n(int(str(note['n'])))}"
            if isinstance(ns, float)
            else "used in a recipe, not timed alone"
        )
        verdict = "; scalar-libm speed" if note["scalar_speed"] else ""
        lines.append(
            f"np.{note['function']} {note['dtype']}: loop target {note['loop_target']},"
            f" SVML code linked: {'yes' if note['svml_linked'] else 'no'}; {measured}{verdict}"
        )
    return lines


def report(result: dict[str, Any], speed: list[Row], bandwidth: list[Row], markdown: bool) -> str:
    np_info: Any = result["numpy"]
    simd: Any = np_info.get("simd_extensions") or {}
    settings: Any = result["settings"]
    sk: Any = result["simdkern"]
    triad: Any = result["c_triad"]
    load: Any = result["machine"]["load_average_1min"]
    head = [
        f"CPU: {result['machine']['cpu_model']} ({result['machine']['logical_cpus']} logical CPUs);"
        f" 1-min load average {load['before']:.2f} before, {load['after']:.2f} after the run",
        f"simdkern {sk['version']}, ISA {sk['isa']} (available: {sk['isas']}), SLEEF {sk['sleef']},"
        f" threads forced to 1",
        f"NumPy {np_info['version']}: baseline {', '.join(simd.get('baseline', []))};"
        f" dispatch found {', '.join(simd.get('found', []))}",
        f"Python {result['machine']['python']}; {settings['repeats']} repeats per implementation,"
        f" interleaved, ~{1000 * settings['sample_s']:.0f} ms per sample, GC off;"
        " ns/el = median; IQR% = interquartile range / median",
        "ratio: NumPy time / simdkern time (higher is better), except the 1-element row"
        " (simdkern / NumPy, lower is better)",
    ]
    triad_line = (
        f"C suite STREAM triad (1 thread): {triad['gbps']:.1f} GB/s from {triad['file']}"
        f" (created {triad['created']}, not this run)"
        if triad
        else "C suite STREAM triad: no results/bench-c-*.json found; fractions use np.add measured"
        " in this run"
    )
    sh, sb = speed_table(speed)
    parts: list[str] = []
    if markdown:
        parts += ["# simdkern vs NumPy, one thread", "", f"Run {result['created']}.", ""]
        parts += [f"- {h}" for h in head] + [""]
        parts += ["## Speed (targets a, b)", "", render(sh, sb, True), ""]
    else:
        parts += [f"simdkern vs NumPy, one thread, {result['created']}", *head, ""]
        parts += [render(sh, sb, False), ""]
    if bandwidth:
        bh, bb = bandwidth_table(bandwidth)
        caption = (
            "Bandwidth (target c): bytes as STREAM counts them (inputs read + output written,"
            " no write-allocate); np.add(b, c, out=a) measured interleaved as the same-run"
            " reference."
        )
        if markdown:
            parts += ["## Bandwidth (target c)", "", caption, f"{triad_line}.", ""]
            parts += [render(bh, bb, True), ""]
        else:
            parts += [caption, triad_line, "", render(bh, bb, False), ""]
    impls = sorted({(r.kernel, r.numpy_impl) for r in speed if r.group == "speed"})
    impl_lines = [f"{name}: {impl}" for name, impl in impls]
    disagree = [
        f"{r.kernel} {r.dtype} n={fmt_n(r.n)}: max scaled difference"
        f" {r.extra['max_scaled_difference']:.2e}"
        for r in speed
        if r.group == "speed" and not r.extra.get("agree", True)
    ]
    notes = notes_lines(result["numpy_functions"])
    explain = (
        "NumPy loops (numpy.lib.introspect.opt_func_info; 'SVML code linked' = Intel SVML"
        " object code for that function is in NumPy's binary, which does not prove the"
        f" loop calls it; a float64 loop at >= {SCALAR_SPEED_NS:g} ns/el runs at scalar-libm"
        " speed):"
    )
    if markdown:
        parts += ["## NumPy side", "", "What each kernel is compared with:", ""]
        parts += [f"- {line}" for line in impl_lines] + ["", explain, ""]
        parts += [f"- {line}" for line in notes] + [""]
        if disagree:
            parts += ["Results that do NOT agree with NumPy's:", ""]
            parts += [f"- {line}" for line in disagree] + [""]
    else:
        parts += ["NumPy compared with:", *(f"  {line}" for line in impl_lines), explain]
        parts += [f"  {line}" for line in notes]
        if disagree:
            parts += ["Results that do NOT agree with NumPy's:", *(f"  {d}" for d in disagree)]
        parts.append("")
    return "\n".join(parts)


# -- main ----------------------------------------------------------------------------------------


def parse_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def parse_sizes(text: str) -> list[int]:
    sizes = [int(float(item)) for item in parse_list(text)]
    if not sizes or any(n < 1 for n in sizes):
        raise argparse.ArgumentTypeError(f"sizes must be positive integers, got {text!r}")
    return sizes


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="few repeats, small sizes (smoke test)")
    p.add_argument("--kernels", type=parse_list, default=None, help="comma-separated kernels")
    p.add_argument(
        "--dtypes", type=parse_list, default=["float32", "float64"], help="comma-separated"
    )
    p.add_argument(
        "--sizes",
        type=parse_sizes,
        default=None,
        help="array sizes for the speed ratios, e.g. 1e6,1e7 (default 1e6, plus 1e7 where a"
        " target names it)",
    )
    p.add_argument("--repeats", type=int, default=None, help="samples per implementation")
    p.add_argument(
        "--bandwidth-size", type=lambda s: int(float(s)), default=None, help="n for target c"
    )
    p.add_argument("--sample-time", type=float, default=None, help="seconds per sample")
    p.add_argument("--results", type=Path, default=Path("results"), help="output directory")
    p.add_argument("--seed", type=int, default=SEED)
    args = p.parse_args(argv)
    if args.repeats is not None and args.repeats < 1:
        p.error("--repeats must be at least 1")
    return args


def progress(done: int, total: int, what: str) -> None:
    """A one-line progress display on a terminal; nothing when stderr is not one."""
    if sys.stderr.isatty():
        print(f"\r[{done}/{total}] {what:<40}", end="", file=sys.stderr, flush=True)


@dataclass
class Plan:
    """What one run measures."""

    settings: Settings
    kernels: list[Kernel]
    dtypes: list[np.dtype[Any]]
    sizes: list[int]
    bandwidth_n: int
    speed: list[tuple[Kernel, np.dtype[Any], int]]
    one_element: list[Kernel]
    bandwidth: list[tuple[Kernel, np.dtype[Any]]]


def make_plan(args: argparse.Namespace, catalogue: Sequence[Kernel]) -> Plan:
    quick: bool = args.quick
    settings = Settings(
        repeats=args.repeats or (QUICK_REPEATS if quick else DEFAULT_REPEATS),
        sample_s=args.sample_time or (QUICK_SAMPLE_SECONDS if quick else SAMPLE_SECONDS),
        warmup_s=QUICK_WARMUP_SECONDS if quick else WARMUP_SECONDS,
    )
    known = [k.name for k in catalogue]
    wanted: list[str] = args.kernels or known
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise SystemExit(
            f"bench_numpy: unknown kernels {', '.join(unknown)}; known: {', '.join(known)}"
        )
    kernels = [k for k in catalogue if k.name in wanted]
    dtypes = [np.dtype(d) for d in args.dtypes]
    bad = [d.name for d in dtypes if d.name not in {"float32", "float64"}]
    if bad:
        raise SystemExit(f"bench_numpy: dtypes must be float32 or float64, got {', '.join(bad)}")
    sizes: list[int] = args.sizes or list(QUICK_SIZES if quick else DEFAULT_SIZES)
    speed: list[tuple[Kernel, np.dtype[Any], int]] = []
    for k in kernels:
        extra = (
            [FUSED_LARGE_N] if args.sizes is None and not quick and k.name in FUSED_TARGETS else []
        )
        speed += [(k, d, n) for n in [*sizes, *extra] for d in dtypes]
    has_f64 = any(d.name == "float64" for d in dtypes)
    return Plan(
        settings=settings,
        kernels=kernels,
        dtypes=dtypes,
        sizes=sizes,
        bandwidth_n=args.bandwidth_size or (QUICK_BANDWIDTH_N if quick else BANDWIDTH_N),
        speed=speed,
        one_element=[k for k in kernels if k.name == ONE_ELEMENT_KERNEL and has_f64],
        bandwidth=[(k, d) for k in kernels if k.name in BANDWIDTH_KERNELS for d in dtypes],
    )


def run(plan: Plan, seed: int, triad: Triad | None) -> tuple[list[Row], list[Row]]:
    """Every measurement of the plan, GC off: (speed and 1-element rows, bandwidth rows)."""
    total = len(plan.speed) + len(plan.one_element) + len(plan.bandwidth)
    rng = np.random.default_rng(seed)
    speed: list[Row] = []
    bandwidth: list[Row] = []
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for k, d, n in plan.speed:
            progress(len(speed), total, f"{k.name} {d.name} n={fmt_n(n)}")
            speed.append(speed_row(k, d, n, plan.settings, rng))
            gc.collect()  # the arrays of this row go before the next row allocates
        for k in plan.one_element:
            progress(len(speed), total, f"{k.name} 1 element")
            speed.append(one_element_row(k, plan.settings))
        for k, d in plan.bandwidth:
            progress(len(speed) + len(bandwidth), total, f"{k.name} {d.name} bandwidth")
            bandwidth.append(bandwidth_row(k, d, plan.bandwidth_n, plan.settings, rng, triad=triad))
            gc.collect()
        progress(total, total, "done")
    finally:
        if gc_was_enabled:
            gc.enable()
    return speed, bandwidth


def compared_numpy_functions(kernels: Sequence[Kernel]) -> list[str]:
    """The NumPy ufuncs the comparisons call: same-name ones and the recipes' ones."""
    names: set[str] = set()
    for k in kernels:
        same: object = getattr(np, k.name, None)
        names |= {k.name} if isinstance(same, np.ufunc) else set(RECIPE_UFUNCS.get(k.name, ()))
    return sorted(names)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    # One thread, whatever the environment says; set before simdkern is imported.
    os.environ["SIMDKERN_NUM_THREADS"] = "1"
    import simdkern  # noqa: PLC0415 - after the thread count is fixed

    set_threads: Any = getattr(simdkern, "set_num_threads", None)
    if callable(set_threads):
        set_threads(1)

    plan = make_plan(args, simdkern.catalogue())
    triad = read_c_triad(args.results)
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    speed, bandwidth = run(plan, args.seed, triad)
    elapsed = time.monotonic() - started
    load_after = os.getloadavg()[0]
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"measured in {elapsed:.0f} s", file=sys.stderr)

    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    cfg = simdkern.config()
    result: dict[str, Any] = {
        "schema": 1,
        "created": stamp,
        "elapsed_s": elapsed,
        "machine": {
            "cpu_model": cpu_model(),
            "logical_cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "load_average_1min": {"before": load_before, "after": load_after},
        },
        "simdkern": {
            "version": simdkern.__version__,
            "isa": simdkern.isa(),
            "isas": ", ".join(simdkern.isas()),
            "sleef": cfg.get("SLEEF", "?"),
            "config": cfg,
            "threads": 1,
        },
        "numpy": numpy_simd(),
        "numpy_functions": numpy_notes(speed, compared_numpy_functions(plan.kernels)),
        "c_triad": triad.detail if triad is not None else None,
        "settings": {
            "quick": bool(args.quick),
            "repeats": plan.settings.repeats,
            "sample_s": plan.settings.sample_s,
            "warmup_s": plan.settings.warmup_s,
            "sizes": plan.sizes,
            "bandwidth_n": plan.bandwidth_n,
            "dtypes": [d.name for d in plan.dtypes],
            "kernels": [k.name for k in plan.kernels],
            "seed": args.seed,
            "input_ranges": DOMAIN_RANGE,
            "kernel_input_ranges": KERNEL_RANGE,
        },
        "rows": [r.record() for r in speed + bandwidth],
    }
    results: Path = args.results
    results.mkdir(parents=True, exist_ok=True)
    out_json = results / f"bench-numpy-{stamp}.json"
    out_json.write_text(json.dumps(result, indent=1) + "\n")
    out_md = results / "bench-numpy-latest.md"
    out_md.write_text(report(result, speed, bandwidth, markdown=True))
    print(report(result, speed, bandwidth, markdown=False))
    print(f"wrote {out_json} and {out_md}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
