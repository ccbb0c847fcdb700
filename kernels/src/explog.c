/*
 * exp2, expm1, log2, log10, log1p, cbrt, power and hypot: SLEEF's u10
 * functions (hypot's u05) for exp2, the logarithms and float64 power, with
 * own code where SLEEF's range ends early or it loses accuracy; own vector
 * code for expm1, cbrt, float32 power and hypot's edges where that was
 * faster or more accurate.  Flags are recomputed as NumPy's namesakes raise
 * them (rule OWN: each body evaluates its rule only for a vector that holds
 * a lane which can raise one).
 */
#include "loops.h"
#include "vexp.h"
#include "vlog.h"

#define sk_vexp2(x) _Generic((x), vf64: sk_exp2_v64, vf32: sk_exp2_v32)(x)
#define sk_vexpm1(x) _Generic((x), vf64: sk_expm1_v64, vf32: sk_expm1_v32)(x)
#define sk_vlog2(x) _Generic((x), vf64: sk_log2_v64, vf32: sk_log2_v32)(x)
#define sk_vlog10(x) _Generic((x), vf64: sk_log10_v64, vf32: sk_log10_v32)(x)
#define sk_vlog1p(x) _Generic((x), vf64: sk_log1p_v64, vf32: sk_log1p_v32)(x)
#define sk_vcbrt(x) _Generic((x), vf64: sk_cbrt_v64, vf32: sk_cbrt_v32)(x)
#define sk_vpow(x, y) _Generic((x), vf64: sk_pow_v64, vf32: sk_pow_v32)(x, y)
#define sk_vhypot(x, y) _Generic((x), vf64: sk_hypot_v64, vf32: sk_hypot_v32)(x, y)

/* A constant by element type: d for float64 vectors, f for float32. */
#define SK_BY_TYPE(v, d, f) SK_SPLAT(v, sizeof((v)[0]) == 8 ? (d) : (f))
/* Below this |x|, x is the correctly rounded expm1(x) and log1p(x) (x*x/2 is
   under a quarter ULP of x). */
#define SK_LINEAR_TINY(v) SK_BY_TYPE(v, 0x1p-54, 0x1p-25)
/*
 * Lanes holding an integer: |v| >= 2^52 (2^23 in float32) always is; below,
 * adding and removing that power of two rounds v to an integer, which equals
 * v exactly when v is one.  NaN and infinities are not integers here.
 */
#define SK_INTEGRAL(v)                                                         \
    ({                                                                         \
        __typeof__(v) av_ = SK_ABS(v);                                         \
        __typeof__(v) big_ = SK_BY_TYPE(v, 0x1p52, 0x1p23);                    \
        (av_ < SK_INF(v)) & ((av_ >= big_) | (((av_ + big_) - big_) == av_));  \
    })

/* ----- exp2 and expm1 ------------------------------------------------------ */
/*
 * exp2 raises overflow where a finite x gives inf, and underflow where a
 * result below the normal range is inexact.  NumPy's float64 exp2 (glibc's)
 * keeps exact results 2^k (integer k >= -1074) quiet; its float32 exp2
 * raises underflow for every result below the normal range, as SK_RULE_EXP.
 */
/*
 * float64 exp2, own code where fma is available (SLEEF's ran at 0.8x
 * NumPy's speed): x = k/16 + r exactly (|r| <= 1/32), 2^(k/16) from vexp.h's
 * table as hi + lo, 2^r - 1 = e^t - 1 for t = r ln2 carried as th + tl
 * (fma), the Taylor polynomial of degree 7 in th plus tl, and one final
 * rounding hi + (hi p + lo), as vexp.h's exp.  Valid where the result is
 * normal, |x| < 1022; the other lanes (and NaN) are SLEEF's.
 */
SK_INLINE vf64 sk_exp2_table64(vf64 x) {
    vf64 shift = SK_SPLAT(x, 0x1.8p52);
    vf64 z = x * SK_SPLAT(x, 16.0) + shift; /* x * 16 is exact */
    vf64 kd = z - shift;
    vi64 k = (vi64)((vu64)sk_bits(z) - (vu64)sk_bits(shift));
    vf64 r = x - kd * SK_SPLAT(x, 0.0625); /* exact */
    vf64 ln2 = SK_SPLAT(x, 0x1.62e42fefa39efp-1);
    vf64 th = r * ln2;
    vf64 tl = skv_fma(r, ln2, -th) + r * SK_SPLAT(x, 0x1.abc9e3b39803fp-56);
    vf64 q = skv_fma(th, SK_SPLAT(x, 1.0 / 5040), SK_SPLAT(x, 1.0 / 720));
    q = skv_fma(th, q, SK_SPLAT(x, 1.0 / 120));
    q = skv_fma(th, q, SK_SPLAT(x, 1.0 / 24));
    q = skv_fma(th, q, SK_SPLAT(x, 1.0 / 6));
    q = skv_fma(th, q, SK_SPLAT(x, 0.5));
    vf64 p = skv_fma(th * th, q, th) + tl;
    vi64 j = k & 15;
    vf64 hi = sk_lookup16_f64(sk_exp2_j16_hi, j);
    vf64 y = hi + skv_fma(hi, p, sk_lookup16_f64(sk_exp2_j16_lo, j));
    return (vf64)((vu64)sk_bits(y) + ((vu64)(k >> 4) << 52));
}
SK_INLINE vf64 sk_exp2_f64_flagged(vf64 x, vi64 *acc) {
    vi64 outside = ~(SK_ABS(x) < SK_SPLAT(x, 1022.0));
    vf64 r = SK_HAVE_FMA ? sk_exp2_table64(x) : sk_exp2_v64(x);
    if (__builtin_expect(sk_any(outside), 0)) {
        if (SK_HAVE_FMA) r = SK_SELECT(outside, sk_exp2_v64(x), r);
        vi64 exact = SK_INTEGRAL(x) & (r != SK_SPLAT(x, 0.0));
        *acc |= ((r == SK_INF(r)) & (x < SK_INF(x)) & SK_FE_OVERFLOW) |
                ((r < SK_MIN_NORMAL(r)) & (x > -SK_INF(x)) & ~exact & SK_FE_UNDERFLOW);
    }
    return r;
}
SK_INLINE vf32 sk_exp2_f32_flagged(vf32 x, vi32 *acc) {
    vf32 r = sk_exp2_v32(x);
    if (__builtin_expect(sk_any(~(SK_ABS(x) < SK_SPLAT(x, 126.0f))), 0))
        SK_RULE_EXP(x, r, *acc);
    return r;
}
#define EXP2_BODY(a, b, c) _Generic((a), vf64: sk_exp2_f64_flagged, vf32: sk_exp2_f32_flagged)(a, acc)

/*
 * expm1, own code where fma is available (SLEEF's u10 expm1 ran at 0.4x
 * NumPy's speed).  float64: for |x| < 1/4 its Taylor polynomial to x^13
 * (truncation 2^-60 relative), x + x^2 q(x) with one final rounding;
 * elsewhere exp(x) as the double-word th + tl of vexp.h (2^-57 relative),
 * th - 1 split exactly (Fast2Sum) and the parts added once: the error of
 * tl is at most 2^-57 th / |expm1 x| < 2^-54.6 relative from 1/4 on.
 * Arguments are held to [-708, 708], where that exp is valid (below,
 * expm1 = -1 already); beyond 708, inf and NaN, SLEEF's.  float32: in
 * float64, exp(x) - 1 from vexp.h's exp for float32 results (2^-42
 * relative, so 2^-37 after the cancellation from |x| = 2^-5 on), below
 * 2^-5 the Taylor polynomial to x^6; rounded once.
 */
SK_INLINE vf64 sk_expm1_taylor13(vf64 x);
SK_INLINE vf64 sk_expm1_own64(vf64 x) {
    vf64 one = SK_SPLAT(x, 1.0), lim = SK_SPLAT(x, 708.0);
    vf64 xc = SK_SELECT(x < -lim, -lim, SK_SELECT(x > lim, lim, x));
    vf64 tl;
    vf64 th = sk_exp_table_dd_f64(xc, &tl);
    vi64 ge = th >= one;
    vf64 big = SK_SELECT(ge, th, -one), small = SK_SELECT(ge, -one, th);
    vf64 s = big + small;
    vf64 err = (big - s) + small; /* exact: |big| >= |small| */
    vf64 r = s + (err + tl);
    vi64 near0 = SK_ABS(x) < SK_SPLAT(x, 0.25);
    if (sk_any(near0)) r = SK_SELECT(near0, sk_expm1_taylor13(x), r); /* same lanes, same code */
    vi64 outside = ~(x <= lim);
    if (__builtin_expect(sk_any(outside), 0)) r = SK_SELECT(outside, sk_expm1_v64(x), r);
    return r;
}
SK_INLINE vf64 sk_expm1_taylor13(vf64 x) {
    vf64 q = skv_fma(x, SK_SPLAT(x, 1.0 / 6227020800.0), SK_SPLAT(x, 1.0 / 479001600.0));
    q = skv_fma(x, q, SK_SPLAT(x, 1.0 / 39916800.0));
    q = skv_fma(x, q, SK_SPLAT(x, 1.0 / 3628800.0));
    q = skv_fma(x, q, SK_SPLAT(x, 1.0 / 362880.0));
    q = skv_fma(x, q, SK_SPLAT(x, 1.0 / 40320.0));
    q = skv_fma(x, q, SK_SPLAT(x, 1.0 / 5040.0));
    q = skv_fma(x, q, SK_SPLAT(x, 1.0 / 720.0));
    q = skv_fma(x, q, SK_SPLAT(x, 1.0 / 120.0));
    q = skv_fma(x, q, SK_SPLAT(x, 1.0 / 24.0));
    q = skv_fma(x, q, SK_SPLAT(x, 1.0 / 6.0));
    q = skv_fma(x, q, SK_SPLAT(x, 0.5));
    return skv_fma(x * x, q, x);
}
SK_INLINE vf64 sk_expm1_f32_in_f64(vf64 x) {
    vf64 xc = SK_SELECT(x < SK_SPLAT(x, -104.0), SK_SPLAT(x, -104.0),
                        SK_SELECT(x > SK_SPLAT(x, 89.0), SK_SPLAT(x, 89.0), x));
    vf64 r = sk_exp_for_f32(xc) - SK_SPLAT(x, 1.0);
    vi64 near0 = SK_ABS(x) < SK_SPLAT(x, 0x1p-5);
    if (sk_any(near0)) { /* the same lanes get the same code either way */
        vf64 q = skv_fma(x, SK_SPLAT(x, 1.0 / 720.0), SK_SPLAT(x, 1.0 / 120.0));
        q = skv_fma(x, q, SK_SPLAT(x, 1.0 / 24.0));
        q = skv_fma(x, q, SK_SPLAT(x, 1.0 / 6.0));
        q = skv_fma(x, q, SK_SPLAT(x, 0.5));
        r = SK_SELECT(near0, skv_fma(x * x, q, x), r);
    }
    return r;
}
SK_INLINE vf64 sk_expm1_any64(vf64 x) { return SK_HAVE_FMA ? sk_expm1_own64(x) : sk_expm1_v64(x); }
SK_INLINE vf32 sk_expm1_any32(vf32 x) {
    if (!SK_HAVE_FMA) return sk_expm1_v32(x);
    vf64 lo, hi;
    sk_widen_f32(x, &lo, &hi);
    vf32 r = sk_narrow_f64(sk_expm1_f32_in_f64(lo), sk_expm1_f32_in_f64(hi));
    return SK_SELECT(x != x, x, r); /* NaN is itself */
}
#define sk_expm1_any(x) _Generic((x), vf64: sk_expm1_any64, vf32: sk_expm1_any32)(x)

/*
 * expm1 raises overflow only (a finite x beyond log(max)); NumPy's is quiet
 * for subnormal x, where expm1(x) = x.
 */
#define sk_expm1_flagged(x, acc)                                               \
    ({                                                                         \
        __typeof__(x) r_ = sk_expm1_any(x);                                    \
        r_ = SK_SELECT(SK_ABS(x) < SK_LINEAR_TINY(x), x, r_);                  \
        if (__builtin_expect(sk_any(~((x) < SK_BY_TYPE(x, 709.0, 88.0f))), 0)) \
            *(acc) |= (r_ == SK_INF(r_)) & ((x) < SK_INF(x)) & SK_FE_OVERFLOW; \
        r_;                                                                    \
    })
#define EXPM1_BODY(a, b, c) sk_expm1_flagged(a, acc)

/* ----- logarithms ------------------------------------------------------------ */
/* log2 and log10 raise what log does: divide-by-zero at +-0, invalid below. */
#define sk_logn_flagged(fn, x, acc)                                            \
    ({                                                                         \
        __typeof__(x) r_ = fn(x);                                              \
        if (__builtin_expect(sk_any(~((x) > SK_SPLAT(x, 0.0))), 0))             \
            SK_RULE_LOG(x, r_, *(acc));                                        \
        r_;                                                                    \
    })
#if SK_VLOG_TABLE
#  define LOG2_BODY(a, b, c) sk_tlog2_flagged(a, acc)
#  define LOG10_BODY(a, b, c) sk_tlog10_flagged(a, acc)
#else
#  define LOG2_BODY(a, b, c) sk_logn_flagged(sk_vlog2, a, acc)
#  define LOG10_BODY(a, b, c) sk_logn_flagged(sk_vlog10, a, acc)
#endif

/*
 * log1p: SLEEF's returns inf beyond 1e307 (1e38 in float32), so from 2^60
 * on it is log(x) (log1p(x) - log(x) = log1p(1/x) < 2^-60 is far below an
 * ULP of log(x) > 41); SLEEF's loses tiny and subnormal x (log1p(2^-1074)
 * = 0), and below SK_LINEAR_TINY the result is x.  Flags: divide-by-zero at
 * -1, invalid below (-inf included).
 */
#define sk_log1p_flagged(x, acc)                                               \
    ({                                                                         \
        __typeof__(x) r_ = sk_vlog1p(x);                                       \
        SK_MASK_T(x) big_ = (x) > SK_SPLAT(x, 0x1p60);                         \
        if (__builtin_expect(sk_any(big_), 0)) r_ = SK_SELECT(big_, sk_vlog(x), r_); \
        r_ = SK_SELECT(SK_ABS(x) < SK_LINEAR_TINY(x), x, r_);                  \
        if (__builtin_expect(sk_any(~((x) > SK_SPLAT(x, -1.0))), 0))            \
            *(acc) |= (((x) == SK_SPLAT(x, -1.0)) & SK_FE_DIVBYZERO) |           \
                      (((x) < SK_SPLAT(x, -1.0)) & SK_FE_INVALID);             \
        r_;                                                                    \
    })
#if SK_VLOG_TABLE
#  define LOG1P_BODY(a, b, c) sk_tlog1p_flagged(a, acc)
#else
#  define LOG1P_BODY(a, b, c) sk_log1p_flagged(a, acc)
#endif

/* ----- cbrt ------------------------------------------------------------------ */
/*
 * Own code where fma is available (SLEEF's u10 cbrt ran at a third of
 * NumPy's speed).  |x| = m 2^n, m in [1, 2) (subnormals scaled by 2^54
 * first); n = 3q + r, r in {0, 1, 2}; a = m 2^r in [1, 8) and
 * cbrt|x| = cbrt(a) 2^q.  w = a^(-1/3) without a division: a degree-5
 * polynomial in m times 2^(-r/3) (2^-16 relative), then Newton steps
 * w += w (1 - a w^3) / 3, each squaring the error (2^-31, 2^-61).  float32
 * (computed in float64) stops after one step and takes y = a w^2 (2^-30,
 * rounded once to float).  float64 takes y = a w^2 after two and corrects
 * it once more from the exact residual a - y^3 (a double-word y^3):
 * y + (a - y^3) w^2 / 3, one final rounding.  cbrt(+-0), cbrt(+-inf) and
 * NaN are x itself.  Defined everywhere: no flags (rule QUIET).
 */
SK_INLINE vf64 sk_cbrt_own(vf64 x, int precise) {
    vf64 one = SK_SPLAT(x, 1.0), shift = SK_SPLAT(x, 0x1.8p52);
    vf64 ax = SK_ABS(x);
    vi64 sub = ax < SK_MIN_NORMAL(x);
    ax = SK_SELECT(sub, ax * SK_SPLAT(x, 0x1p54), ax);
    vi64 bits = sk_bits(ax);
    /* the exponent field as a double, exactly: E + 2^52 from the bits */
    vf64 e = (vf64)(((bits >> 52) & 0x7ff) | sk_bits(SK_SPLAT(x, 0x1p52))) - SK_SPLAT(x, 0x1p52);
    vf64 n = e - SK_SPLAT(x, 1023.0);
    vf64 q = ((n - one) * SK_SPLAT(x, 1.0 / 3.0) + shift) - shift; /* floor(n / 3) */
    vf64 r = n - SK_SPLAT(x, 3.0) * q;
    q = SK_SELECT(sub, q - SK_SPLAT(x, 18.0), q);
    vf64 m = (vf64)((bits & 0x000fffffffffffffLL) | sk_bits(one));
    vi64 r1 = r == one, r2 = r == SK_SPLAT(x, 2.0);
    vf64 a = m * SK_SELECT(r1, SK_SPLAT(x, 2.0), SK_SELECT(r2, SK_SPLAT(x, 4.0), one));
    vf64 t = m - SK_SPLAT(x, 1.5);
    vf64 w = skv_fma(t, SK_SPLAT(x, -0x1.1189829bb0059p-6), SK_SPLAT(x, 0x1.cbf73158fc751p-6));
    w = skv_fma(t, w, SK_SPLAT(x, -0x1.6c3ae3c013c1ap-5));
    w = skv_fma(t, w, SK_SPLAT(x, 0x1.604387bc5cd5ap-4));
    w = skv_fma(t, w, SK_SPLAT(x, -0x1.8d979914e04ebp-3));
    w = skv_fma(t, w, SK_SPLAT(x, 0x1.bf4661228e643p-1));
    w *= SK_SELECT(r1, SK_SPLAT(x, 0x1.965fea53d6e3dp-1),
                   SK_SELECT(r2, SK_SPLAT(x, 0x1.428a2f98d728bp-1), one));
    vf64 third = SK_SPLAT(x, 1.0 / 3.0);
    w = skv_fma(w * third, skv_fma(-a, w * w * w, one), w);
    if (precise) w = skv_fma(w * third, skv_fma(-a, w * w * w, one), w);
    vf64 y = (a * w) * w;
    if (precise) {
        vf64 y2 = y * y, y2l = skv_fma(y, y, -y2);
        vf64 y3 = y2 * y, y3l = skv_fma(y2, y, -y3) + y2l * y;
        vf64 resid = (a - y3) - y3l; /* a - y3 is exact: y3 is within 2^-50 of a */
        y = skv_fma(resid, (w * w) * third, y);
    }
    /* times 2^q: q is in [-359, 341], the result normal */
    vi64 qi = (vi64)((vu64)sk_bits(q + shift) - (vu64)sk_bits(shift));
    y *= (vf64)((qi + 1023) << 52);
    vf64 res = SK_COPYSIGN(y, x);
    return SK_SELECT((ax > SK_SPLAT(x, 0.0)) & (ax < SK_INF(x)), res, x);
}
SK_INLINE vf64 sk_cbrt64_body(vf64 x) { return SK_HAVE_FMA ? sk_cbrt_own(x, 1) : sk_cbrt_v64(x); }
SK_INLINE vf32 sk_cbrt32_body(vf32 x) {
    if (!SK_HAVE_FMA) return sk_cbrt_v32(x);
    vf64 lo, hi;
    sk_widen_f32(x, &lo, &hi);
    return sk_narrow_f64(sk_cbrt_own(lo, 0), sk_cbrt_own(hi, 0));
}
#define CBRT_BODY(a, b, c) _Generic((a), vf64: sk_cbrt64_body, vf32: sk_cbrt32_body)(a)

/* ----- power ------------------------------------------------------------------ */
/*
 * SLEEF's pow follows C99 Annex F on the special values (pow(x, +-0) = 1 and
 * pow(1, y) = 1 even for NaN, signed zeros and infinities for negative bases
 * with odd integer exponents, ...).  Flags as NumPy's power raises them:
 *   divide-by-zero  x = +-0 and y < 0 (y = -inf included);
 *   invalid         finite x < 0 and finite non-integer y;
 *   overflow        finite x, y give +-inf (0 excepted: that is divide), and,
 *                   as NumPy's, y = +inf with x * x overflowing;
 *   underflow       finite nonzero x and finite y give a result below the
 *                   normal range (NumPy's raises it for exact ones too).
 * Lanes with x > 0 finite, y finite and a normal finite result raise none.
 */
#define sk_power_rule(x, y, r, acc)                                            \
    do {                                                                       \
        __typeof__(x) zero_ = SK_SPLAT(x, 0.0), inf_ = SK_INF(x);              \
        SK_MASK_T(x) xfin_ = SK_ABS(x) < inf_, yfin_ = SK_ABS(y) < inf_;        \
        SK_MASK_T(x) xnz_ = xfin_ & ((x) != zero_);                             \
        SK_MASK_T(x) huge_ = ((y) == inf_) & xfin_ & (SK_ABS((x) * (x)) == inf_); \
        *(acc) |= (((x) == zero_) & ((y) < zero_) & SK_FE_DIVBYZERO) |          \
                  (((x) < zero_) & xfin_ & yfin_ & ~SK_INTEGRAL(y) & SK_FE_INVALID) | \
                  (((xnz_ & yfin_ & (SK_ABS(r) == inf_)) | huge_) & SK_FE_OVERFLOW) | \
                  (xnz_ & yfin_ & (SK_ABS(r) < SK_MIN_NORMAL(r)) & SK_FE_UNDERFLOW); \
    } while (0)

/*
 * SLEEF's float64 pow gives inf for every result beyond e^709.78, 0.4 % short
 * of the largest double (pow(DBL_MAX, 1) = inf).  Lanes where it gave inf
 * for finite x and y are recomputed so that the exponent SLEEF sees stays
 * below its limit: for an integer |y| <= 64, (x/2)^y * 2^y (or (2x)^y / 2^y
 * for |x| < 1), exact scalings of one SLEEF result; otherwise x^(y-1) * x
 * (y >= 1; y - 1 is exact below 2^53) or x^(y+1) / x (y <= -1), one more
 * rounding.  A genuine overflow stays inf.  (|y| >= 2^53, where a result
 * near the limit needs x within 2^-43 of 1, keeps SLEEF's inf.)
 */
SK_INLINE vf64 sk_pow_f64_fixed(vf64 x, vf64 y) {
    vf64 r = sk_pow_v64(x, y);
    vf64 inf = SK_INF(x), one = SK_SPLAT(x, 1.0);
    vi64 redo = (SK_ABS(r) == inf) & (SK_ABS(x) < inf) & (SK_ABS(y) < SK_SPLAT(x, 0x1p53)) &
                (x != SK_SPLAT(x, 0.0));
    if (__builtin_expect(!sk_any(redo), 1)) return r;
    vi64 bigx = SK_ABS(x) > one;
    vf64 s = SK_SELECT(bigx, SK_SPLAT(x, 0.5), SK_SPLAT(x, 2.0));
    vi64 small_int = SK_INTEGRAL(y) & (SK_ABS(y) <= SK_SPLAT(x, 64.0));
    /* 2^(+-y) as bits: the exponent field of 2^k is k + 1023 */
    vf64 k = SK_SELECT(bigx, y, -y);
    k = SK_SELECT(small_int, k, SK_SPLAT(x, 0.0));
    vi64 kbits = (__builtin_convertvector(k, vi64) + 1023) << 52;
    vf64 scaled = sk_pow_v64(x * s, y) * (vf64)kbits;
    vi64 up = y >= one;
    vf64 y1 = SK_SELECT(up, y - one, y + one);
    vf64 p1 = sk_pow_v64(x, y1);
    vf64 stepped = SK_SELECT(up, p1 * x, p1 / x);
    vf64 fixed = SK_SELECT(small_int, scaled, stepped);
    return SK_SELECT(redo, fixed, r);
}
/*
 * float32 pow, own code where fma is available (SLEEF's powf ran at a fifth
 * of NumPy's speed), in float64: y ln|x| to 2^-46 relative, then vexp.h's
 * exp for float32 results (2^-42), so the result is within 2^-33 relative
 * before its one rounding to float.  ln|x| = e ln2 + ln(1/c) + ln(1 + z):
 * the mantissa m in [1, 2) picks c = 1 + i/16 nearest to it (i = 16 is
 * i = 0 with e + 1), z = m/c - 1 = fma(m, 1/c, -1) is within 1/32, and
 * ln(1 + z) is its Taylor polynomial to z^8 (2^-46 relative).  Negative x:
 * the sign for odd integer y, NaN for non-integer y.  Lanes with x = 0,
 * inf or NaN, or y inf or NaN, are SLEEF's (C99's special values).
 */
static const double sk_pow_inv_c[16] = {
    0x1.0000000000000p+0, 0x1.e1e1e1e1e1e1ep-1, 0x1.c71c71c71c71cp-1, 0x1.af286bca1af28p-1,
    0x1.999999999999ap-1, 0x1.8618618618618p-1, 0x1.745d1745d1746p-1, 0x1.642c8590b2164p-1,
    0x1.5555555555555p-1, 0x1.47ae147ae147bp-1, 0x1.3b13b13b13b14p-1, 0x1.2f684bda12f68p-1,
    0x1.2492492492492p-1, 0x1.1a7b9611a7b96p-1, 0x1.1111111111111p-1, 0x1.0842108421084p-1,
};
/* -ln(sk_pow_inv_c[i]) rounded (the reciprocals as stored, not 1 + i/16) */
static const double sk_pow_ln_c[16] = {
    0x0.0p+0, 0x1.f0a30c01162a8p-5, 0x1.e27076e2af2eap-4, 0x1.5ff3070a793d6p-3,
    0x1.c8ff7c79a9a20p-3, 0x1.1675cababa60fp-2, 0x1.4618bc21c5ec2p-2, 0x1.739d7f6bbd007p-2,
    0x1.9f323ecbf984dp-2, 0x1.c8ff7c79a9a21p-2, 0x1.f128f5faf06ecp-2, 0x1.0be72e4252a83p-1,
    0x1.1e85f5e7040d1p-1, 0x1.307d7334f10bep-1, 0x1.41d8fe84672afp-1, 0x1.52a2d265bc5abp-1,
};
SK_INLINE vf64 sk_ln_for_f32(vf64 ax) {
    vf64 one = SK_SPLAT(ax, 1.0), shift = SK_SPLAT(ax, 0x1.8p52);
    vi64 bits = sk_bits(ax);
    vf64 e = (vf64)(((bits >> 52) & 0x7ff) | sk_bits(SK_SPLAT(ax, 0x1p52))) -
             SK_SPLAT(ax, 0x1p52 + 1023.0);
    vf64 m = (vf64)((bits & 0x000fffffffffffffLL) | sk_bits(one));
    vf64 id = ((m - one) * SK_SPLAT(ax, 16.0) + shift) - shift;
    vi64 wrap = id == SK_SPLAT(ax, 16.0);
    m = SK_SELECT(wrap, m * SK_SPLAT(ax, 0.5), m);
    e = SK_SELECT(wrap, e + one, e);
    id = SK_SELECT(wrap, SK_SPLAT(ax, 0.0), id);
    vi64 i = (vi64)((vu64)sk_bits(id + shift) - (vu64)sk_bits(shift));
    vf64 z = skv_fma(m, sk_lookup16_f64(sk_pow_inv_c, i), -one);
    vf64 q = skv_fma(z, SK_SPLAT(ax, -1.0 / 8), SK_SPLAT(ax, 1.0 / 7));
    q = skv_fma(z, q, SK_SPLAT(ax, -1.0 / 6));
    q = skv_fma(z, q, SK_SPLAT(ax, 1.0 / 5));
    q = skv_fma(z, q, SK_SPLAT(ax, -1.0 / 4));
    q = skv_fma(z, q, SK_SPLAT(ax, 1.0 / 3));
    q = skv_fma(z, q, SK_SPLAT(ax, -1.0 / 2));
    vf64 p = skv_fma(z * z, q, z);
    return skv_fma(e, SK_SPLAT(ax, 0x1.62e42fefa39efp-1), sk_lookup16_f64(sk_pow_ln_c, i) + p);
}
SK_INLINE vf64 sk_pow_f32_in_f64(vf64 x, vf64 y) {
    vf64 a = y * sk_ln_for_f32(SK_ABS(x));
    /* beyond these the float result is 0 or inf either way */
    a = SK_SELECT(a < SK_SPLAT(x, -110.0), SK_SPLAT(x, -110.0), a);
    a = SK_SELECT(a > SK_SPLAT(x, 90.0), SK_SPLAT(x, 90.0), a);
    return sk_exp_for_f32(a);
}
SK_INLINE vf32 sk_pow_f32_fixed(vf32 x, vf32 y) {
    if (!SK_HAVE_FMA) return sk_pow_v32(x, y);
    vf64 xl, xh, yl, yh;
    sk_widen_f32(x, &xl, &xh);
    sk_widen_f32(y, &yl, &yh);
    vf32 r = sk_narrow_f64(sk_pow_f32_in_f64(xl, yl), sk_pow_f32_in_f64(xh, yh));
    vi32 neg = x < SK_SPLAT(x, 0.0f);
    if (sk_any(neg)) {
        vi32 integral = SK_INTEGRAL(y);
        vi32 odd = integral & ~SK_INTEGRAL(y * SK_SPLAT(y, 0.5f));
        r = SK_SELECT(neg & odd, -r, r);
        r = SK_SELECT(neg & ~integral, SK_SPLAT(x, __builtin_nanf("")), r);
    }
    vf32 inf = SK_INF(x);
    vi32 special = ~((SK_ABS(x) > SK_SPLAT(x, 0.0f)) & (SK_ABS(x) < inf) & (SK_ABS(y) < inf));
    if (__builtin_expect(sk_any(special), 0)) r = SK_SELECT(special, sk_pow_v32(x, y), r);
    return r;
}
#define sk_pow_fixed(x, y) _Generic((x), vf64: sk_pow_f64_fixed, vf32: sk_pow_f32_fixed)(x, y)

#define sk_power_flagged(x, y, acc)                                            \
    ({                                                                         \
        __typeof__(x) r_ = sk_pow_fixed(x, y);                                 \
        __typeof__(x) inf_ = SK_INF(x);                                        \
        SK_MASK_T(x) plain_ = ((x) > SK_SPLAT(x, 0.0)) & ((x) < inf_) &        \
                              (SK_ABS(y) < inf_) & (r_ >= SK_MIN_NORMAL(r_)) & (r_ < inf_); \
        if (__builtin_expect(sk_any(~plain_), 0)) sk_power_rule(x, y, r_, acc); \
        r_;                                                                    \
    })
#define POWER_BODY(a, b, c) sk_power_flagged(a, b, acc)

/* ----- hypot ------------------------------------------------------------------ */
/*
 * float64: SLEEF's u05 hypot (hypot(+-inf, y) = +inf even for NaN y), which
 * loses accuracy where both arguments are tiny (1 ULP near the smallest
 * normal): below 2^-500 both are scaled by 2^600 first, exactly, and the
 * result back.  A result below the normal range is then rounded twice; there
 * the result is instead formed from the integers X = |x| 2^1074 and Y: the
 * nearest integer to sqrt(X^2 + Y^2), found from a double-word X^2 + Y^2.
 */
SK_INLINE vf64 sk_hypot_subnormal(vf64 x, vf64 y) {
    vf64 half_scale = SK_SPLAT(x, 0x1p537); /* 2^1074 in two exact steps */
    vf64 sx = SK_ABS(x) * half_scale * half_scale, sy = SK_ABS(y) * half_scale * half_scale;
    vf64 p = sx * sx, pl = skv_fma(sx, sx, -p);
    vf64 q = sy * sy, ql = skv_fma(sy, sy, -q);
    vf64 big = SK_SELECT(p >= q, p, q), small = SK_SELECT(p >= q, q, p);
    vf64 s = big + small;
    vf64 sl = ((big - s) + small) + pl + ql; /* integers below 2^53: exact */
    vf64 r0 = skv_sqrt(s);
    vf64 n0 = (r0 + SK_SPLAT(x, 0x1p52)) - SK_SPLAT(x, 0x1p52); /* r0 < 2^53 */
    vf64 resid = skv_fma(-r0, r0, s) + sl;
    vf64 f = (r0 - n0) + resid / (SK_SPLAT(x, 2.0) * r0);
    vf64 n = n0 + SK_SELECT(f > SK_SPLAT(x, 0.5), SK_SPLAT(x, 1.0), SK_SPLAT(x, 0.0)) -
             SK_SELECT(f < SK_SPLAT(x, -0.5), SK_SPLAT(x, 1.0), SK_SPLAT(x, 0.0));
    n = SK_SELECT(r0 == SK_SPLAT(x, 0.0), r0, n);
    return n * SK_SPLAT(x, 0x1p-537) * SK_SPLAT(x, 0x1p-537); /* exact: n < 2^53 */
}
SK_INLINE vf64 sk_hypot64_own(vf64 x, vf64 y) {
    vf64 ax = SK_ABS(x), ay = SK_ABS(y);
    vf64 m = SK_SELECT(ax > ay, ax, ay);
    vi64 tiny = m < SK_SPLAT(x, 0x1p-500);
    if (__builtin_expect(!sk_any(tiny), 1)) return sk_hypot_v64(x, y);
    vf64 sc = SK_SELECT(tiny, SK_SPLAT(x, 0x1p600), SK_SPLAT(x, 1.0));
    vf64 r = sk_hypot_v64(x * sc, y * sc);
    r = SK_SELECT(tiny, r * SK_SPLAT(x, 0x1p-600), r);
    vi64 sub = tiny & (m < SK_MIN_NORMAL(x));
    if (sk_any(sub)) r = SK_SELECT(sub, sk_hypot_subnormal(x, y), r);
    return r;
}
/*
 * float32: in float64, where x^2 and y^2 are exact and their sum is rounded
 * once (2^-53): sqrt of it is within 2^-30 ULP of the float result's exact
 * value, and one more rounding gives it.  hypot(+-inf, NaN) = +inf.
 */
SK_INLINE vf64 sk_hypot32_in_f64(vf64 x, vf64 y) { return skv_sqrt(skv_fma(x, x, y * y)); }
SK_INLINE vf32 sk_hypot32_own(vf32 x, vf32 y) {
    vf64 xl, xh, yl, yh;
    sk_widen_f32(x, &xl, &xh);
    sk_widen_f32(y, &yl, &yh);
    vf32 r = sk_narrow_f64(sk_hypot32_in_f64(xl, yl), sk_hypot32_in_f64(xh, yh));
    vi32 inf = (SK_ABS(x) == SK_INF(x)) | (SK_ABS(y) == SK_INF(y));
    return SK_SELECT(inf, SK_INF(x), r);
}
#define sk_hypot_any(x, y) _Generic((x), vf64: sk_hypot64_own, vf32: sk_hypot32_own)(x, y)

/* Overflow where finite x and y give inf; nothing else (as NumPy's). */
#define sk_hypot_flagged(x, y, acc)                                            \
    ({                                                                         \
        __typeof__(x) r_ = sk_hypot_any(x, y);                                 \
        if (__builtin_expect(sk_any(r_ == SK_INF(r_)), 0))                      \
            *(acc) |= (SK_ABS(x) < SK_INF(x)) & (SK_ABS(y) < SK_INF(y)) &        \
                      (r_ == SK_INF(r_)) & SK_FE_OVERFLOW;                     \
        r_;                                                                    \
    })
#define HYPOT_BODY(a, b, c) sk_hypot_flagged(a, b, acc)

SK_DEFINE_MAP(exp2, 1, EXP2_BODY, OWN)
SK_DEFINE_MAP(expm1, 1, EXPM1_BODY, OWN)
SK_DEFINE_MAP(log2, 1, LOG2_BODY, OWN)
SK_DEFINE_MAP(log10, 1, LOG10_BODY, OWN)
SK_DEFINE_MAP(log1p, 1, LOG1P_BODY, OWN)
SK_DEFINE_MAP(cbrt, 1, CBRT_BODY, QUIET)
SK_DEFINE_MAP(power, 2, POWER_BODY, OWN)
SK_DEFINE_MAP(hypot, 2, HYPOT_BODY, OWN)
