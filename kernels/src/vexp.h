/*
 * exp written here rather than taken from SLEEF: SLEEF's u10 exp carries
 * double-double arithmetic through its whole evaluation, which a table makes
 * unnecessary.
 *
 *   x = k ln2/16 + r,  |r| <= ln2/32,  k = 16m + j
 *   exp(x) = 2^m * 2^(j/16) * exp(r)
 *
 * 2^(j/16) comes from a 16-entry table as hi + lo (twice the working
 * precision), exp(r) - 1 from its Taylor polynomial (degree 7 for float64,
 * 4 for float32: truncation below 2^-59 and 2^-34 relative), and the result
 * is rounded once: hi + (hi * p + lo).  Measured error about 0.51-0.64 ULP.
 * The argument reduction is exact with fma (k ln2/16 is split so that x - k*HI
 * is exact), so these are used on targets with fma; elsewhere SLEEF is.
 *
 * Valid where the result is normal: |x| <= 708 (float64), 87 (float32).
 * sk_exp_v() sends the other lanes (overflow, subnormal results, inf, NaN)
 * through SLEEF, which gets them right.
 */
#ifndef SK_VEXP_H
#define SK_VEXP_H

#include "simd.h"

static const double sk_exp2_j16_hi[16] = {
    0x1.0000000000000p+0, 0x1.0b5586cf9890fp+0, 0x1.172b83c7d517bp+0, 0x1.2387a6e756238p+0,
    0x1.306fe0a31b715p+0, 0x1.3dea64c123422p+0, 0x1.4bfdad5362a27p+0, 0x1.5ab07dd485429p+0,
    0x1.6a09e667f3bcdp+0, 0x1.7a11473eb0187p+0, 0x1.8ace5422aa0dbp+0, 0x1.9c49182a3f090p+0,
    0x1.ae89f995ad3adp+0, 0x1.c199bdd85529cp+0, 0x1.d5818dcfba487p+0, 0x1.ea4afa2a490dap+0,
};
static const double sk_exp2_j16_lo[16] = {
    0x0.0p+0, 0x1.8a62e4adc610bp-54, -0x1.19041b9d78a76p-55, 0x1.9b07eb6c70573p-54,
    0x1.6f46ad23182e4p-55, 0x1.ada0911f09ebcp-55, 0x1.d4397afec42e2p-56, 0x1.6324c054647adp-54,
    -0x1.bdd3413b26456p-54, -0x1.41577ee04992fp-55, 0x1.6e9f156864b27p-54, 0x1.c7c46b071f2bep-56,
    0x1.7a1cd345dcc81p-54, 0x1.11065895048ddp-55, 0x1.2ed02d75b3707p-55, -0x1.e9c23179c2893p-54,
};
static const float sk_exp2_j16_hi_f32[16] = {
    0x1p+0f, 0x1.0b5586p+0f, 0x1.172b84p+0f, 0x1.2387a6p+0f, 0x1.306fep+0f, 0x1.3dea64p+0f,
    0x1.4bfdaep+0f, 0x1.5ab07ep+0f, 0x1.6a09e6p+0f, 0x1.7a1148p+0f, 0x1.8ace54p+0f, 0x1.9c4918p+0f,
    0x1.ae89fap+0f, 0x1.c199bep+0f, 0x1.d5818ep+0f, 0x1.ea4afap+0f,
};
static const float sk_exp2_j16_lo_f32[16] = {
    0x0p+0f, 0x1.9f3122p-25f, -0x1.c15742p-27f, 0x1.ceac48p-25f, 0x1.4636e2p-25f, 0x1.824684p-25f,
    -0x1.593abcp-25f, -0x1.5bd5ecp-27f, 0x1.9fcef4p-26f, -0x1.829fdp-25f, 0x1.15506ep-27f,
    0x1.51f848p-27f, -0x1.a94b14p-26f, -0x1.3d56b2p-27f, -0x1.822dbcp-27f, 0x1.52486cp-27f,
};

/* Constants by element type: float64 first, float32 second. */
#define SK_EXP_C(v, d, f) SK_SPLAT(v, sizeof((v)[0]) == 8 ? (d) : (f))
#define SK_EXP_RANGE(v) SK_EXP_C(v, 708.0, 87.0)
#define SK_EXP_SHIFT(v) SK_EXP_C(v, 0x1.8p52, 0x1.8p23) /* adding it rounds to an integer */
#define SK_EXP_16_LN2(v) SK_EXP_C(v, 0x1.71547652b82fep+4, 0x1.715476p+4)
#define SK_EXP_LN2_16_HI(v) SK_EXP_C(v, 0x1.62e42fefa0000p-5, 0x1.62e4p-5)
#define SK_EXP_LN2_16_LO(v) SK_EXP_C(v, 0x1.cf79abc9e3b3ap-44, 0x1.7f7d1cp-24)

/* Lanes the table cannot serve (|x| beyond the range, or NaN). */
#define SK_EXP_OUTSIDE(x) (~(SK_ABS(x) <= SK_EXP_RANGE(x)))

/* bits(z) - bits(shift): the integer k; wrapping (unsigned) arithmetic, as
   lanes outside the range may overflow (their results are replaced). */
SK_INLINE vi64 sk_exp_int_f64(vf64 z, vf64 shift) { return (vi64)((vu64)z - (vu64)shift); }
SK_INLINE vi32 sk_exp_int_f32(vf32 z, vf32 shift) { return (vi32)((vu32)z - (vu32)shift); }
#define sk_exp_int(z, s) _Generic((z), vf64: sk_exp_int_f64, vf32: sk_exp_int_f32)(z, s)

/* k and r with x = k ln2/16 + r; k is an integer vector. */
#define SK_EXP_REDUCE(x, k, r)                                                 \
    do {                                                                       \
        __typeof__(x) z_ = skv_fma(x, SK_EXP_16_LN2(x), SK_EXP_SHIFT(x));      \
        __typeof__(x) kd_ = z_ - SK_EXP_SHIFT(x);                              \
        (k) = sk_exp_int(z_, SK_EXP_SHIFT(x));                                 \
        (r) = skv_fma(kd_, -SK_EXP_LN2_16_HI(x), x);                           \
        (r) = skv_fma(kd_, -SK_EXP_LN2_16_LO(x), r);                           \
    } while (0)

/*
 * The shared float64 core: exp(x) = 2^m (hi + s) before the final rounding,
 * hi = 2^(j/16) rounded, s = hi * (exp(r) - 1) + the table's lo; k = 16m + j.
 */
SK_INLINE vf64 sk_exp_core_f64(vf64 x, vf64 *s, vi64 *k) {
    vf64 r;
    SK_EXP_REDUCE(x, *k, r);
    /* exp(r) - 1 = r + r^2 (1/2 + r/6 + ... + r^5/5040) */
    vf64 q = skv_fma(r, SK_SPLAT(x, 1.0 / 5040), SK_SPLAT(x, 1.0 / 720));
    q = skv_fma(r, q, SK_SPLAT(x, 1.0 / 120));
    q = skv_fma(r, q, SK_SPLAT(x, 1.0 / 24));
    q = skv_fma(r, q, SK_SPLAT(x, 1.0 / 6));
    q = skv_fma(r, q, SK_SPLAT(x, 0.5));
    vf64 p = skv_fma(r * r, q, r);
    vi64 j = *k & 15; /* in range for NaN lanes too, whose result is replaced */
    vf64 hi = sk_lookup16_f64(sk_exp2_j16_hi, j);
    *s = skv_fma(hi, p, sk_lookup16_f64(sk_exp2_j16_lo, j));
    return hi;
}

SK_INLINE vf64 sk_exp_table_f64(vf64 x) {
    vf64 s;
    vi64 k;
    vf64 y = sk_exp_core_f64(x, &s, &k) + s;
    /* scale by 2^m, m = k >> 4, in the exponent field (wrapping arithmetic) */
    return (vf64)((vu64)sk_bits(y) + ((vu64)(k >> 4) << 52));
}

SK_INLINE vf32 sk_exp_table_f32(vf32 x) {
    vi32 k;
    vf32 r;
    SK_EXP_REDUCE(x, k, r);
    /* exp(r) - 1 = r + r^2 (1/2 + r/6 + r^2/24) */
    vf32 q = skv_fma(r, SK_SPLAT(x, 1.0f / 24), SK_SPLAT(x, 1.0f / 6));
    q = skv_fma(r, q, SK_SPLAT(x, 0.5f));
    vf32 p = skv_fma(r * r, q, r);
    vi32 j = k & 15;
    vf32 hi = sk_lookup16_f32(sk_exp2_j16_hi_f32, j);
    vf32 lo = sk_lookup16_f32(sk_exp2_j16_lo_f32, j);
    vf32 y = hi + skv_fma(hi, p, lo);
    return (vf32)((vu32)sk_bits(y) + ((vu32)(k >> 4) << 23));
}

/*
 * exp(x) as an unevaluated sum hi + *tail, good to about 2^-57 relative (the
 * table's hi + lo and the polynomial, before the final rounding), for
 * callers that need exp to more than double precision (tanh).  Requires the
 * result's exponent m in the normal range and |x| <= 708.
 */
SK_INLINE vf64 sk_exp_table_dd_f64(vf64 x, vf64 *tail) {
    vf64 s;
    vi64 k;
    vf64 hi = sk_exp_core_f64(x, &s, &k);
    vf64 y = hi + s;
    vf64 e = (hi - y) + s; /* exact: |hi| >= |s| */
    vf64 scale = (vf64)((vu64)((k >> 4) + 1023) << 52); /* 2^m */
    *tail = e * scale;
    return y * scale;
}

/*
 * SLEEF's double exp returns inf for every x above 709.78271114955743, short
 * of log(DBL_MAX) = 709.78271289338400: finite results up to DBL_MAX would be
 * lost.  On that sliver, exp(x) = exp(C) * exp(d) with d = x - C exact
 * (Sterbenz), exp(C) = E_HI + E_LO to double-double precision and exp(d) a
 * short Taylor series (d < 1e-5): one final rounding, so at most 0.5 ULP
 * plus a negligible term.  Above the sliver the true result overflows and
 * SLEEF's inf is right; float's threshold is right.
 */
#define SK_EXP_EDGE_C 0x1.62e42fd75e204p+9 /* 709.78271 */
#define SK_EXP_EDGE_END 709.78272
#define SK_EXP_EDGE_E_HI 0x1.ffff9eea0e671p+1023
#define SK_EXP_EDGE_E_LO -0x1.19d7de9475f75p+969

SK_INLINE vf64 sk_exp_sleef_f64(vf64 x) {
    vf64 r = sk_vexp(x);
    vi64 edge = (x > SK_SPLAT(x, SK_EXP_EDGE_C)) & (x < SK_SPLAT(x, SK_EXP_EDGE_END));
    if (__builtin_expect(sk_any(edge), 0)) {
        vf64 d = x - SK_SPLAT(x, SK_EXP_EDGE_C);
        /* exp(d) - 1 = d + d^2/2 + d^3/6 + d^4/24 */
        vf64 q = skv_fma(d, SK_SPLAT(x, 1.0 / 24.0), SK_SPLAT(x, 1.0 / 6.0));
        q = skv_fma(d, q, SK_SPLAT(x, 0.5));
        q = skv_fma(d * d, q, d);
        vf64 hi = SK_SPLAT(x, SK_EXP_EDGE_E_HI);
        r = SK_SELECT(edge, hi + skv_fma(hi, q, SK_SPLAT(x, SK_EXP_EDGE_E_LO)), r);
    }
    return r;
}

SK_INLINE vf32 sk_exp_sleef_f32(vf32 x) { return sk_vexp(x); }

/* exp over the whole float range, without flags (see sk_exp kernels). */
#define SK_EXP_V(S, VT, MT)                                                    \
    SK_INLINE VT sk_exp_v_##S(VT x) {                                          \
        if (!SK_HAVE_FMA) return sk_exp_sleef_##S(x);                          \
        MT outside = SK_EXP_OUTSIDE(x);                                        \
        VT r = sk_exp_table_##S(x);                                            \
        if (__builtin_expect(sk_any(outside), 0))                              \
            r = SK_SELECT(outside, sk_exp_sleef_##S(x), r);                    \
        return r;                                                              \
    }
SK_EXP_V(f64, vf64, vi64)
SK_EXP_V(f32, vf32, vi32)
#define sk_exp_v(x) _Generic((x), vf64: sk_exp_v_f64, vf32: sk_exp_v_f32)(x)

/* exp for callers that keep x within [-range, range] themselves. */
#define SK_EXP_INSIDE(S, VT)                                                   \
    SK_INLINE VT sk_exp_inside_##S(VT x) {                                     \
        return SK_HAVE_FMA ? sk_exp_table_##S(x) : sk_exp_sleef_##S(x);        \
    }
SK_EXP_INSIDE(f64, vf64)
SK_EXP_INSIDE(f32, vf32)
#define sk_exp_inside(x) _Generic((x), vf64: sk_exp_inside_f64, vf32: sk_exp_inside_f32)(x)

/*
 * exp for float32 results computed in float64 (gelu, tanh): they need 2^-35
 * relative, not double precision, so the table's hi alone and a degree-5
 * polynomial do (truncation 2^-42).  |x| <= 708, result normal.
 */
SK_INLINE vf64 sk_exp_for_f32(vf64 x) {
    if (!SK_HAVE_FMA) return sk_exp_sleef_f64(x);
    vi64 k;
    vf64 r;
    SK_EXP_REDUCE(x, k, r);
    vf64 q = skv_fma(r, SK_SPLAT(x, 1.0 / 120), SK_SPLAT(x, 1.0 / 24));
    q = skv_fma(r, q, SK_SPLAT(x, 1.0 / 6));
    q = skv_fma(r, q, SK_SPLAT(x, 0.5));
    vf64 p = skv_fma(r * r, q, r);
    vf64 hi = sk_lookup16_f64(sk_exp2_j16_hi, k & 15);
    vf64 y = skv_fma(hi, p, hi);
    return (vf64)((vu64)sk_bits(y) + ((vu64)(k >> 4) << 52));
}

#endif /* SK_VEXP_H */
