/* Transcendental kernels: exp (vexp.h), float sin/cos (vsincos.h) and tanh
   (here), the table log of vlog.h (SLEEF's u10 without fma) and SLEEF's u10
   for float64 sin/cos. */
#include "loops.h"
#include "vexp.h"
#include "vlog.h"
#include "vsincos.h"

/*
 * exp: the table exp of vexp.h; results there are normal, so flags can only
 * come from lanes outside its range, and the EXP rule runs only when a
 * vector has one (the kernel's rule is OWN: this body sees the loop's flag
 * accumulator, acc).
 */
#define sk_exp_flagged(x, acc)                                                 \
    ({                                                                         \
        __typeof__(x) r_ = sk_exp_v(x);                                        \
        if (__builtin_expect(sk_any(SK_EXP_OUTSIDE(x)), 0)) SK_RULE_EXP(x, r_, *(acc)); \
        r_;                                                                    \
    })
#define EXP_BODY(a, b, c) sk_exp_flagged(a, acc)
/* log raises flags only for x <= 0 (and NaN needs none): the rule runs only
   for vectors that have such a lane (rule OWN); vlog.h's table log (with
   fma) applies it itself, SLEEF's (without) here. */
#define sk_log_flagged(x, acc)                                                 \
    ({                                                                         \
        __typeof__(x) r_ = sk_vlog(x);                                         \
        if (__builtin_expect(sk_any(~((x) > SK_SPLAT(x, 0.0))), 0))             \
            SK_RULE_LOG(x, r_, *(acc));                                        \
        r_;                                                                    \
    })
#if SK_VLOG_TABLE
#  define LOG_BODY(a, b, c) sk_tlog_flagged(a, acc)
#else
#  define LOG_BODY(a, b, c) sk_log_flagged(a, acc)
#endif
/*
 * sin and cos raise their own flags (rule OWN), evaluating their rule only
 * for vectors that have a lane which can raise one: inf or NaN (and, in
 * float32, anything beyond 2^19, which SLEEF serves), or for sin a
 * subnormal.
 */
#define SK_SINCOS_FLAGS(name, RULE, tiny_too)                                  \
    SK_INLINE vf64 sk_##name##_f64_flagged(vf64 x, vi64 *acc) {                \
        vf64 r = sk_##name##_v64(x);                                           \
        /* only inf (invalid) and, for sin, subnormals (underflow) flag */     \
        vi64 special = ~(SK_ABS(x) < SK_INF(x));                               \
        if (tiny_too) special |= SK_ABS(x) < SK_MIN_NORMAL(x);                 \
        if (__builtin_expect(sk_any(special), 0)) SK_RULE_##RULE(x, r, *acc); \
        return r;                                                              \
    }                                                                          \
    SK_INLINE vf32 sk_##name##_f32_flagged(vf32 x, vi32 *acc) {                \
        vf32 r = sk_##name##_f32v(x);                                          \
        vi32 special = ~(SK_ABS(x) < SK_SPLAT(x, SK_SC_RANGE));                \
        if (tiny_too) special |= SK_ABS(x) < SK_MIN_NORMAL(x);                 \
        if (__builtin_expect(sk_any(special), 0)) SK_RULE_##RULE(x, r, *acc); \
        return r;                                                              \
    }
SK_SINCOS_FLAGS(sin, SIN, 1)
SK_SINCOS_FLAGS(cos, TRIG, 0)
#define SIN_BODY(a, b, c) _Generic((a), vf64: sk_sin_f64_flagged, vf32: sk_sin_f32_flagged)(a, acc)
#define COS_BODY(a, b, c) _Generic((a), vf64: sk_cos_f64_flagged, vf32: sk_cos_f32_flagged)(a, acc)
/*
 * Below 2^-12 (float32; 2^-27 float64) tanh(x) rounds to x; SLEEF's float
 * tanh is 1 ULP off for some tiny inputs, so those return x itself.
 */
#define TANH_TINY(v) SK_SPLAT(v, sizeof((v)[0]) == 8 ? 0x1p-27 : 0x1p-12)
#define TANH_BODY(a, b, c) _Generic((a), vf64: sk_tanh_f64v, vf32: sk_tanh_f32v)(a)

/*
 * float64 tanh, own code where fma is available (SLEEF's tanh u10 carries
 * double-word arithmetic throughout, and ran at a third of NumPy's speed):
 *   |x| >= 1/16:  t = exp(-2|x|) as hi + lo (2^-57), tanh|x| = (1 - t)/(1 + t)
 *                 with numerator and denominator exact pairs and one final
 *                 rounding of the quotient;
 *   |x| <  1/16:  the odd Taylor polynomial to x^15 (truncation 2^-64).
 * Beyond |x| = 20, tanh rounds to +-1; the argument of exp is held there.
 */
SK_INLINE vf64 sk_tanh_f64v(vf64 x) {
    if (!SK_HAVE_FMA) return SK_SELECT(SK_ABS(x) < TANH_TINY(x), x, sk_vtanh(x));
    vf64 one = SK_SPLAT(x, 1.0);
    vf64 a = SK_ABS(x);
    vf64 w = SK_SPLAT(x, -2.0) * SK_SELECT(a < SK_SPLAT(x, 20.0), a, SK_SPLAT(x, 20.0));
    vf64 tl;
    vf64 th = sk_exp_table_dd_f64(w, &tl);
    vf64 nh = one - th;
    vf64 nl = ((one - nh) - th) - tl;
    vf64 dh = one + th;
    vf64 dl = ((one - dh) + th) + tl;
    vf64 inv = one / dh;
    vf64 q0 = nh * inv;
    vf64 rem = skv_fma(-q0, dl, skv_fma(-q0, dh, nh) + nl);
    vf64 big = SK_COPYSIGN(skv_fma(rem, inv, q0), x);
    vf64 r = big;
    vi64 near0 = a < SK_SPLAT(x, 0.0625);
    if (sk_any(near0)) { /* the same lanes get the same code either way */
        vf64 s = x * x;
        vf64 p = skv_fma(s, SK_SPLAT(x, -0x1.7da36452b75e3p-10), SK_SPLAT(x, 0x1.d6d3d0e157de0p-9));
        p = skv_fma(s, p, SK_SPLAT(x, -0x1.226e355e6c23dp-7));
        p = skv_fma(s, p, SK_SPLAT(x, 0x1.664f4882c10fap-6));
        p = skv_fma(s, p, SK_SPLAT(x, -0x1.ba1ba1ba1ba1cp-5));
        p = skv_fma(s, p, SK_SPLAT(x, 0x1.1111111111111p-3));
        p = skv_fma(s, p, SK_SPLAT(x, -0x1.5555555555555p-2));
        vf64 small = skv_fma(x * s, p, x);
        small = SK_SELECT(x == SK_SPLAT(x, 0.0), x, small); /* tanh(-0) = -0 */
        r = SK_SELECT(near0, small, r);
    }
    return SK_SELECT(x != x, x, r); /* NaN is itself */
}

/*
 * float32 tanh, computed in float64: t = exp(-2|x|) to 2^-42,
 * tanh|x| = (1 - t) / (1 + t).  The subtraction loses little (t's error is
 * 2^-42 absolute against 1 - t >= 2^-9 for |x| >= 2^-10), so the float64
 * value is good to 2^-33 and the float32 result carries one rounding.  Below
 * 2^-10, tanh x = x - x^3/3 + 2x^5/15 to 2^-50.
 */
SK_INLINE vf64 sk_tanh_f32_in_f64(vf64 x) {
    vf64 one = SK_SPLAT(x, 1.0);
    vf64 a = SK_ABS(x);
    vf64 w = SK_SPLAT(x, -2.0) * a;
    w = SK_SELECT(w < -SK_EXP_RANGE(w), -SK_EXP_RANGE(w), w); /* t is 0 to float */
    vf64 t = sk_exp_for_f32(w);
    vf64 big = (one - t) / (one + t);
    vf64 s = x * x;
    vf64 small = skv_fma(x * s, skv_fma(s, SK_SPLAT(x, 2.0 / 15.0), SK_SPLAT(x, -1.0 / 3.0)), x);
    small = SK_SELECT(x == SK_SPLAT(x, 0.0), x, small); /* tanh(-0) = -0 */
    return SK_SELECT(a < SK_SPLAT(x, 0x1p-10), small, SK_COPYSIGN(big, x));
}

SK_INLINE vf32 sk_tanh_f32v(vf32 x) {
    if (!SK_HAVE_FMA) return SK_SELECT(SK_ABS(x) < TANH_TINY(x), x, sk_vtanh(x));
    vf64 lo, hi;
    sk_widen_f32(x, &lo, &hi);
    vf32 r = sk_narrow_f64(sk_tanh_f32_in_f64(lo), sk_tanh_f32_in_f64(hi));
    return SK_SELECT(x != x, x, r); /* NaN is itself */
}

SK_DEFINE_MAP(exp, 1, EXP_BODY, OWN)
SK_DEFINE_MAP(log, 1, LOG_BODY, OWN)
SK_DEFINE_MAP(sin, 1, SIN_BODY, OWN)
SK_DEFINE_MAP(cos, 1, COS_BODY, OWN)
SK_DEFINE_MAP(tanh, 1, TANH_BODY, QUIET)
