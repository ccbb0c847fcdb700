"""Generate the tables of kernels/src/vlog.h (the table logarithms).

float64: the reduced argument z lies in [OFF, 2 OFF), OFF = 0x1.5fp-1
(0.685546875); the interval with index i starts where bits(z) = bits(OFF) +
i * 2^45, so intervals are 2^-8 wide below 1 and 2^-7 wide above, and
interval 80 holds 1 (c = 1 there).  For the others c is a double near
1/centre chosen so that -log(c) lies within 2^-66 of a multiple of 2^-43:
then one table entry hi serves as -log(c) and k ln2_hi + hi is exact.  Along
c_j = c0 + j ulp(c0), 2^43 (-log c_j) = A - B j + C j^2 (the cubic term is
below 2^-88); each crossing of an integer M is checked at the nearest j and
the closest kept.  c0 is 1/centre moved by sqrt(2) 2^-22 relative, since for
centres with short binary fractions B is a short fraction too and the
crossings all miss by as much.

float32: 16 intervals (2^-5 and 2^-4 wide, the interval holding 1 is
[1 - 2^-6, 1 + 2^-5)), OFF = 0.703125, c = 1/centre rounded to float32,
-log(c) as hi (a multiple of 2^-15) + lo.

Prints the C tables, the largest |z c - 1| and the largest |-log(c) - hi|.

Usage: python tools/gen_log_table.py
"""

import math
import struct
from typing import Any

import mpmath as _mpmath  # pyright: ignore[reportMissingTypeStubs]

mpmath: Any = _mpmath  # untyped: used as Any

mpmath.mp.prec = 250

OFF_BITS = 0x3FE5F00000000000
N = 128
SCALE = 2**110  # fixed point for the search


def from_bits(b: int) -> float:
    return struct.unpack("<d", struct.pack("<Q", b))[0]


def hexf(v: float) -> str:
    return float.hex(v) if v != 0 else "0x0.0p+0"


def pick_c(a: float, b: float) -> tuple[float, int]:
    """c near 1/centre of [a, b) and M with -log(c) close to M 2^-43."""
    centre = (mpmath.mpf(a) + mpmath.mpf(b)) / 2
    c0 = float(1 / centre * (1 + mpmath.sqrt(2) * mpmath.mpf(2) ** -22))
    u = math.ulp(c0)
    eps = mpmath.mpf(u) / c0
    t0 = -mpmath.log(mpmath.mpf(c0))
    a_fx = int(mpmath.nint(t0 * 2**43 * SCALE))
    b_fx = int(mpmath.nint(eps * 2**43 * SCALE))
    c_fx = int(mpmath.nint(eps**2 / 2 * 2**43 * SCALE))
    span = 1 << 24
    best: tuple[int, int, int] | None = None
    for m in range((a_fx - b_fx * span) // SCALE - 1, (a_fx + b_fx * span) // SCALE + 2):
        j0 = round((a_fx - m * SCALE) / b_fx)
        for j in (j0 - 1, j0, j0 + 1):
            if abs(j) > span:
                continue
            d = abs(a_fx - b_fx * j + c_fx * j * j - m * SCALE)
            if best is None or d < best[0]:
                best = (d, j, m)
    assert best is not None
    return c0 + best[1] * u, best[2]


def main() -> None:
    invc: list[float] = []
    thi: list[float] = []
    rmax = mpmath.mpf(0)
    tmax = mpmath.mpf(0)
    for i in range(N):
        a = from_bits(OFF_BITS + (i << 45))
        b = from_bits(OFF_BITS + ((i + 1) << 45))
        c, m = (1.0, 0) if a <= 1.0 < b else pick_c(a, b)
        hi = m / 2**43
        invc.append(c)
        thi.append(hi)
        tmax = max(tmax, abs(-mpmath.log(mpmath.mpf(c)) - hi))
        for z in (a, b):
            rmax = max(rmax, abs(mpmath.mpf(z) * c - 1))
    for name, vals in (("sk_log_invc", invc), ("sk_log_thi", thi)):
        print(f"static const double {name}[{N}] = {{")
        for j in range(0, N, 4):
            print("    " + ", ".join(hexf(v) for v in vals[j : j + 4]) + ",")
        print("};")
    print(f"/* max |z c - 1| = 2^{mpmath.nstr(mpmath.log(rmax, 2), 6)} */")
    print(f"/* max |-log(c) - hi| = 2^{mpmath.nstr(mpmath.log(tmax, 2), 6)} */")
    main_f32()


def from_bits32(b: int) -> float:
    return struct.unpack("<f", struct.pack("<I", b))[0]


def round32(v: Any) -> float:
    return struct.unpack("<f", struct.pack("<f", float(v)))[0]


def hexf32(v: float) -> str:
    if v == 0:
        return "0x0.0p+0f"
    mant, exp = float.hex(v).split("p")
    mant = mant.rstrip("0")
    return f"{mant}0p{exp}f" if mant.endswith(".") else f"{mant}p{exp}f"


def main_f32() -> None:
    off_bits = 0x3F340000  # 0.703125
    n = 16
    invc: list[float] = []
    thi: list[float] = []
    tlo: list[float] = []
    rmax = mpmath.mpf(0)
    for i in range(n):
        a = from_bits32(off_bits + (i << 19))
        b = from_bits32(off_bits + ((i + 1) << 19))
        c = 1.0 if a <= 1.0 < b else round32(1 / ((mpmath.mpf(a) + mpmath.mpf(b)) / 2))
        t = -mpmath.log(mpmath.mpf(c))
        hi = float(mpmath.nint(t * 2**15) / 2**15)
        invc.append(c)
        thi.append(hi)
        tlo.append(round32(t - hi))
        for z in (a, b):
            rmax = max(rmax, abs(mpmath.mpf(z) * c - 1))
    for name, vals in (("sk_logf_invc", invc), ("sk_logf_thi", thi), ("sk_logf_tlo", tlo)):
        print(f"static const float {name}[{n}] = {{")
        for j in range(0, n, 4):
            print("    " + ", ".join(hexf32(v) for v in vals[j : j + 4]) + ",")
        print("};")
    print(f"/* float32: max |z c - 1| = 2^{mpmath.nstr(mpmath.log(rmax, 2), 6)} */")


if __name__ == "__main__":
    main()
