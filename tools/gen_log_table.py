"""Generate the tables of kernels/src/vlog.h (the table logarithms).

The reduced argument z lies in [OFF, 2 OFF), OFF = 0x1.5f0p-1 (0.685546875); the
interval with index i starts where bits(z) = bits(OFF) + i * 2^45, so intervals
are 2^-8 wide below 1 and 2^-7 wide above, and interval 80 holds 1.  For each
interval: c = 1/centre rounded to double (1 exactly for interval 80), -log(c)
split as hi (a multiple of 2^-43, so that k ln2_hi + hi is exact) + lo, and
the full -log(c) rounded once (for the float32 path).  Prints the C tables
and the largest |z c - 1| over all intervals.

The float32 tables are the same with 16 intervals (2^-5 and 2^-4 wide, the
interval holding 1 is [1 - 2^-6, 1 + 2^-5)): OFF = 0.703125, c rounded to
float32 and hi a multiple of 2^-15.

Usage: python tools/gen_log_table.py
"""

import struct

import mpmath

mpmath.mp.prec = 200

OFF_BITS = 0x3FE5F00000000000
N = 128


def from_bits(b: int) -> float:
    return struct.unpack("<d", struct.pack("<Q", b))[0]


def hexf(v: float) -> str:
    return float.hex(v) if v != 0 else "0x0.0p+0"


def main() -> None:
    invc: list[float] = []
    thi: list[float] = []
    tlo: list[float] = []
    tfull: list[float] = []
    rmax = mpmath.mpf(0)
    for i in range(N):
        a = from_bits(OFF_BITS + (i << 45))
        b = from_bits(OFF_BITS + ((i + 1) << 45))
        c = 1.0 if a <= 1.0 < b else float(1 / ((mpmath.mpf(a) + mpmath.mpf(b)) / 2))
        t = -mpmath.log(mpmath.mpf(c))
        hi = float(mpmath.nint(t * 2**43) / 2**43)
        lo = float(t - hi)
        invc.append(c)
        thi.append(hi)
        tlo.append(lo)
        tfull.append(float(t))
        for z in (a, b):
            rmax = max(rmax, abs(mpmath.mpf(z) * c - 1))
    for name, vals in (
        ("sk_log_invc", invc),
        ("sk_log_thi", thi),
        ("sk_log_tlo", tlo),
        ("sk_log_t", tfull),
    ):
        print(f"static const double {name}[{N}] = {{")
        for j in range(0, N, 4):
            print("    " + ", ".join(hexf(v) for v in vals[j : j + 4]) + ",")
        print("};")
    print(f"/* max |z c - 1| = {mpmath.nstr(rmax, 8)} = 2^{mpmath.nstr(mpmath.log(rmax, 2), 6)} */")
    main_f32()


def from_bits32(b: int) -> float:
    return struct.unpack("<f", struct.pack("<I", b))[0]


def round32(v: float | mpmath.mpf) -> float:
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
