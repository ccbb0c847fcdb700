/*
 * sin and cos for float32, computed in float64: the float64 result is
 * accurate to about 2^-45 relative, so rounding it to float32 gives at most
 * 0.5 ULP plus a negligible term (SLEEF's float sinf/cosf u10: 0.83 ULP).
 *
 *   sin: x = k pi + r,          sin x = (-1)^k sin r
 *   cos: x = (k + 1/2) pi + r,  cos x = (-1)^(k+1) sin r
 *
 * with |r| <= pi/2 and sin r from its Taylor polynomial to r^13 (truncation
 * below 2^-30 relative, 0.02 ULP of float).  pi is split in two: the first
 * product is exact for |x| < 2^19, the second carries fma's single rounding,
 * and what the split leaves out (7e-27 per unit of k) is far below float's
 * precision even next to a multiple of pi.  Beyond 2^19, and for inf and
 * NaN, SLEEF's sinf/cosf, which reduce arguments of any size.
 */
#ifndef SK_VSINCOS_H
#define SK_VSINCOS_H

#include "simd.h"

#define SK_SC_RANGE 0x1p19
#define SK_SC_SHIFT 0x1.8p52 /* adding it rounds to an integer */
#define SK_SC_INV_PI 0x1.45f306dc9c883p-2
#define SK_SC_PI1 0x1.921fb544p+1 /* 32 bits: (k + 1/2) * PI1 is exact */
#define SK_SC_PI2 0x1.0b4611a626331p-33

/* sin r for |r| <= pi/2, in float64 */
SK_INLINE vf64 sk_sin_poly(vf64 r) {
    vf64 s = r * r;
    vf64 p = skv_fma(s, SK_SPLAT(r, 0x1.6124613a86d09p-33), SK_SPLAT(r, -0x1.ae64567f544e4p-26));
    p = skv_fma(s, p, SK_SPLAT(r, 0x1.71de3a556c734p-19));
    p = skv_fma(s, p, SK_SPLAT(r, -0x1.a01a01a01a01ap-13));
    p = skv_fma(s, p, SK_SPLAT(r, 0x1.1111111111111p-7));
    p = skv_fma(s, p, SK_SPLAT(r, -0x1.5555555555555p-3));
    return skv_fma(r * s, p, r);
}

/* half = 0 for sin, 0.5 for cos: x = (k + half) pi + r */
SK_INLINE vf64 sk_sincos_half_f64(vf64 x, double half) {
    /* the shift's ulp is 1, so half is subtracted before it is added */
    vf64 z = skv_fma(x, SK_SPLAT(x, SK_SC_INV_PI), SK_SPLAT(x, -half)) + SK_SPLAT(x, SK_SC_SHIFT);
    vf64 k = z - SK_SPLAT(x, SK_SC_SHIFT);
    vu64 odd = (vu64)z & 1; /* parity of k */
    vf64 kh = k + SK_SPLAT(x, half);
    vf64 r = skv_fma(-kh, SK_SPLAT(x, SK_SC_PI1), x);
    r = skv_fma(-kh, SK_SPLAT(x, SK_SC_PI2), r);
    vf64 s = sk_sin_poly(r);
    /* sin: (-1)^k; cos: (-1)^(k+1) */
    vu64 flip = half == 0.0 ? odd << 63 : (odd ^ 1) << 63;
    s = (vf64)((vu64)s ^ flip);
    /* sin(+-0) = +-0 (the polynomial's last fma would give +0 for -0) */
    return half == 0.0 ? SK_SELECT(x == SK_SPLAT(x, 0.0), x, s) : s;
}

#define SK_SINCOS_F32(name, half, sleef)                                       \
    SK_INLINE vf32 sk_##name##_f32v(vf32 x) {                                  \
        if (!SK_HAVE_FMA) return sleef(x);                                     \
        vf64 lo, hi;                                                           \
        sk_widen_f32(x, &lo, &hi);                                             \
        vf32 r = sk_narrow_f64(sk_sincos_half_f64(lo, half), sk_sincos_half_f64(hi, half)); \
        vi32 outside = ~(SK_ABS(x) < SK_SPLAT(x, SK_SC_RANGE));                \
        if (__builtin_expect(sk_any(outside), 0)) r = SK_SELECT(outside, sleef(x), r); \
        return r;                                                              \
    }
SK_SINCOS_F32(sin, 0.0, sk_sin_v32)
SK_SINCOS_F32(cos, 0.5, sk_cos_v32)

#endif /* SK_VSINCOS_H */
