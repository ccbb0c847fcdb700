/*
 * Fused kernels: one read of each input, one write of the output, no
 * temporaries, no overflow for any input.
 *
 * Both are written with a single exponential of a non-positive argument,
 * t = exp(-|u|) in (0, 1], so nothing overflows:
 *   sigmoid(x) = 1 / (1 + t)      for x >= 0,  t / (1 + t) for x < 0,  u = x
 *   gelu(x)    = x * sigmoid(u),  u = 2*sqrt(2/pi)*(x + 0.044715*x^3)
 * (the tanh form's 0.5*(1 + tanh(z)) is sigmoid(2z) exactly).
 *
 * gelu's argument u reaches several hundred before the result underflows,
 * and exp amplifies the relative error of its argument by |u|: an argument
 * rounded in plain floating point (or constants rounded to the working
 * precision) would cost hundreds of ULP in the tail.  So in float64, u is
 * carried as an unevaluated sum hi + lo (error-free products by fma), with
 * both constants split the same way, and exp(-(hi + lo)) = exp(-hi)(1 - lo).
 * float32 is computed in float64, where plain arithmetic is precise enough.
 */
#include "loops.h"
#include "vexp.h"
#include "vlog.h"

/* Error-free transforms: a*b = p + e and a + b = s + e exactly. */
#define SK_TWO_PROD(a, b, p, e)                                                \
    do {                                                                       \
        (p) = (a) * (b);                                                       \
        (e) = skv_fma((a), (b), -(p));                                          \
    } while (0)
#define SK_TWO_SUM(a, b, s, e)                                                 \
    do {                                                                       \
        __typeof__(a) bb_;                                                     \
        (s) = (a) + (b);                                                       \
        bb_ = (s) - (a);                                                       \
        (e) = ((a) - ((s) - bb_)) + ((b) - bb_);                               \
    } while (0)

/* 2*sqrt(2/pi) and 0.044715 as hi + lo (float64). */
#define GELU_K_HI(v) SK_SPLAT(v, 0x1.9884533d43651p+0)
#define GELU_K_LO(v) SK_SPLAT(v, -0x1.cbc0d30ebfd15p-54)
#define GELU_A_HI(v) SK_SPLAT(v, 0x1.6e4e26d4801f7p-5)
#define GELU_A_LO(v) SK_SPLAT(v, 0x1.441355475a31ap-59)
/*
 * Beyond |x| = 40 the result is x (rounded) or -0: exp(-|u|) is 0 in both
 * precisions.  Those lanes take x or -0 at the end, whatever was computed.
 */
#define GELU_CLAMP 40.0

#define SIGMOID_BODY(x, b, c) sk_sigmoid(x)
#define sk_sigmoid(x) _Generic((x), vf64: sk_sigmoid_v64, vf32: sk_sigmoid_v32)(x)
#define SK_SIGMOID_V(S, VT)                                                    \
    SK_INLINE VT sk_sigmoid_##S(VT x) {                                        \
        VT t = sk_exp_v(-SK_ABS(x));                                           \
        VT one = SK_SPLAT(x, 1.0);                                             \
        VT num = SK_SELECT(x >= SK_SPLAT(x, 0.0), one, t);                     \
        /* num / (1 + t), the denominator exact as dh + dl, one rounding */   \
        VT dh = one + t;                                                       \
        VT dl = (one - dh) + t;                                                \
        VT inv = one / dh;                                                     \
        VT q0 = num * inv;                                                     \
        VT rem = skv_fma(-q0, dl, skv_fma(-q0, dh, num));                      \
        VT r = skv_fma(rem, inv, q0);                                          \
        /* a NaN input comes back as itself, whatever the lanes around it */   \
        return SK_SELECT(x != x, x, r);                                        \
    }
SK_SIGMOID_V(v64, vf64)
SK_SIGMOID_V(v32, vf32)

/*
 * Far out in either tail (|u| above 300) the exponential t = exp(-|u|) is
 * tiny, and so are the products formed from it: their low parts would be
 * subnormal, which is both inaccurate and, on x86, a microcode assist per
 * operation (ten times slower).  There the argument is shifted up by
 * C = 128 ln 2, so everything stays normal, and the result is scaled by
 * 2^-128 at the very end: one rounding into the subnormal range.  C_HI is a multiple of the
 * argument's ulp, so adding it is exact.  Shifted arguments still below
 * GELU_FLOOR give results below half the smallest subnormal, which round to
 * zero whatever t is, so they are clamped there.
 */
#define GELU_SHIFT_BELOW(v) SK_SPLAT(v, -300.0)
#define GELU_C_HI(v) SK_SPLAT(v, 0x1.62e42fefa39c0p+6)
#define GELU_C_LO(v) SK_SPLAT(v, 0x1.79abc9e3b3980p-41)
#define GELU_SCALE(v) SK_SPLAT(v, 0x1p-128)
#define GELU_FLOOR(v) SK_SPLAT(v, -661.0)

/*
 * x * sigmoid(u) for float64, u = uh + ul carrying the sign of x (gelu,
 * silu): the tail of both.  Lanes whose shifted argument falls below floor
 * give a zero (floor must lie where the result rounds to zero anyway, and
 * at or above -708).  Returns the value before the callers' clamps for
 * large |x|; NaN lanes are replaced by the callers too.
 */
SK_INLINE vf64 sk_x_sigmoid_dd(vf64 x, vf64 uh, vf64 ul, vf64 floor) {
    vf64 one = SK_SPLAT(x, 1.0);
    vf64 zero = SK_SPLAT(x, 0.0);
    /* w = -|u|, with uh carrying the sign */
    __auto_type neg = uh < zero;
    vf64 wh = SK_SELECT(neg, uh, -uh);
    vf64 wl = SK_SELECT(neg, ul, -ul);
    /* keep exp(w) and its products normal: shift w by C far below 0 (only
       vectors with such a lane pay for it; other lanes are left as they are,
       so a lane's result does not depend on its neighbours) */
    vi64 deep = wh < GELU_SHIFT_BELOW(x);
    vf64 negative_factor = one; /* what the x < 0 result is scaled by */
    if (__builtin_expect(sk_any(deep), 0)) {
        wh = SK_SELECT(deep, wh + GELU_C_HI(x), wh);
        wl = SK_SELECT(deep, wl + GELU_C_LO(x), wl);
        vi64 vanish = wh < floor;
        wh = SK_SELECT(vanish, floor, wh);
        /* lanes that vanish get an exact zero (no subnormal product, which
           would cost a microcode assist) */
        negative_factor = SK_SELECT(deep, SK_SELECT(vanish, zero, GELU_SCALE(x)), one);
    }
    vf64 t0 = sk_exp_inside(wh);
    vf64 t = skv_fma(t0, wl, t0); /* exp(wh + wl), times 2^C if deep */
    /* result: x / (1 + t) for x >= 0, x*t / (1 + t) for x < 0, with the */
    /* numerator and denominator exact (hi + lo) and one final rounding */
    __auto_type pos = x >= zero;
    vf64 mh, ml, dh, dl;
    /* x * exp(wh) * (1 + wl), without rounding the exponential again */
    SK_TWO_PROD(x, t0, mh, ml);
    ml = skv_fma(mh, wl, ml);
    vf64 nh = SK_SELECT(pos, x, mh);
    vf64 nl = SK_SELECT(pos, zero, ml);
    /* shifted lanes: t * scale is below 2^-50 of 1, so 1 + t is 1 */
    vf64 ts = SK_SELECT(deep, zero, t);
    dh = one + ts;
    dl = (one - dh) + ts; /* exact, as 1 >= ts */
    vf64 inv = one / dh;
    vf64 q0 = nh * inv;
    vf64 rem = skv_fma(-q0, dh, nh) + skv_fma(-q0, dl, nl);
    vf64 r = skv_fma(rem, inv, q0);
    /* x < 0: scale back the shifted lanes */
    r = r * SK_SELECT(pos, one, negative_factor);
    r = SK_COPYSIGN(r, x);
    return r;
}

#define GELU_BODY(x, b, c) sk_gelu(x)
#define sk_gelu(x) _Generic((x), vf64: sk_gelu_v64, vf32: sk_gelu_v32)(x)
SK_INLINE vf64 sk_gelu_v64(vf64 x) {
    vf64 lim = SK_SPLAT(x, GELU_CLAMP);
    /* |x| > 40 (where x^3 may overflow and the pairs below turn to NaN)
       is replaced by the last selects, so no clamp is needed on the way */
    vf64 one = SK_SPLAT(x, 1.0);
    vf64 sh, sl, ph, pl, qh, ql, vh, vl, uh, ul;
    /* s = x^2 */
    SK_TWO_PROD(x, x, sh, sl);
    /* p = a * s */
    SK_TWO_PROD(GELU_A_HI(x), sh, ph, pl);
    pl = skv_fma(GELU_A_HI(x), sl, skv_fma(GELU_A_LO(x), sh, pl));
    /* q = 1 + p */
    SK_TWO_SUM(one, ph, qh, ql);
    ql = ql + pl;
    /* v = x * q */
    SK_TWO_PROD(x, qh, vh, vl);
    vl = skv_fma(x, ql, vl);
    /* u = k * v */
    SK_TWO_PROD(GELU_K_HI(x), vh, uh, ul);
    ul = skv_fma(GELU_K_HI(x), vl, skv_fma(GELU_K_LO(x), vh, ul));
    vf64 r = sk_x_sigmoid_dd(x, uh, ul, GELU_FLOOR(x));
    /* beyond +-40 the exact value rounds to x or to -0 */
    r = SK_SELECT(x > lim, x, SK_SELECT(x < -lim, SK_SPLAT(x, -0.0), r));
    /* a NaN input comes back as itself, whatever the lanes around it */
    return SK_SELECT(x != x, x, r);
}

/*
 * float32: computed in float64, where no double-word arithmetic is needed.
 * u's rounding error (a few 2^-53, times |u| < 708) and exp's stay far
 * below float's precision, so the float32 result carries one rounding
 * (about 0.5 ULP); float64 has room for every float32 x^3, and its range
 * keeps all intermediates normal.
 */
SK_INLINE vf64 sk_gelu_f32_in_f64(vf64 x) {
    vf64 one = SK_SPLAT(x, 1.0);
    vf64 u = GELU_K_HI(x) * (x * skv_fma(GELU_A_HI(x), x * x, one));
    vf64 w = -SK_ABS(u);
    w = SK_SELECT(w < -SK_EXP_RANGE(w), -SK_EXP_RANGE(w), w); /* t is 0 to float */
    vf64 t = sk_exp_for_f32(w);
    vf64 num = SK_SELECT(x >= SK_SPLAT(x, 0.0), x, x * t);
    return num / (one + t);
}

SK_INLINE vf32 sk_gelu_v32(vf32 x) {
    vf64 lo, hi;
    sk_widen_f32(x, &lo, &hi);
    vf32 r = sk_narrow_f64(sk_gelu_f32_in_f64(lo), sk_gelu_f32_in_f64(hi));
    /* below -40 the value rounds to -0 (x = -inf included); NaN is itself */
    r = SK_SELECT(x < SK_SPLAT(x, -GELU_CLAMP), SK_SPLAT(x, -0.0), r);
    return SK_SELECT(x != x, x, r);
}

SK_DEFINE_MAP(sigmoid, 1, SIGMOID_BODY, QUIET)
SK_DEFINE_MAP(gelu, 1, GELU_BODY, QUIET)

/* ----- silu, softplus, log_sigmoid, gelu_erf ----------------------------- */

/*
 * SLEEF's float64 log1p (u10) and erfc (u15), deterministic variants (a
 * lane's result depends on that lane alone), kept here: only the fused
 * kernels call them, on arguments they have already reduced.
 */
#if defined(SK_TARGET_AVX512)
#  define SK_FUSED_LOG1P Sleef_finz_log1pd8_u10avx512f
#  define SK_FUSED_ERFC Sleef_finz_erfcd8_u15avx512f
#elif defined(SK_TARGET_AVX2)
#  define SK_FUSED_LOG1P Sleef_finz_log1pd4_u10avx2
#  define SK_FUSED_ERFC Sleef_finz_erfcd4_u15avx2
#elif defined(SK_TARGET_NEON)
#  define SK_FUSED_LOG1P Sleef_finz_log1pd2_u10advsimd
#  define SK_FUSED_ERFC Sleef_finz_erfcd2_u15advsimd
#elif defined(__SSE2__)
#  define SK_FUSED_LOG1P Sleef_cinz_log1pd2_u10sse2
#  define SK_FUSED_ERFC Sleef_cinz_erfcd2_u15sse2
#endif
#if defined(SK_FUSED_LOG1P)
SK_INLINE vf64 sk_fused_log1p(vf64 x) { return (vf64)SK_FUSED_LOG1P((SK_NATIVE_D)x); }
SK_INLINE vf64 sk_fused_erfc(vf64 x) { return (vf64)SK_FUSED_ERFC((SK_NATIVE_D)x); }
#else
SK_INLINE vf64 sk_fused_log1p(vf64 x) {
    vf64 r = x;
    for (int i = 0; i < SK_VL64; i++) r[i] = Sleef_cinz_log1pd1_u10purec(x[i]);
    return r;
}
SK_INLINE vf64 sk_fused_erfc(vf64 x) {
    vf64 r = x;
    for (int i = 0; i < SK_VL64; i++) r[i] = Sleef_cinz_erfcd1_u15purec(x[i]);
    return r;
}
#endif

/* name(x): a float64 function applied to the two halves of a float32 vector. */
#define SK_F32_VIA_F64(name, fn)                                               \
    SK_INLINE vf32 name(vf32 x) {                                              \
        vf64 lo, hi;                                                           \
        sk_widen_f32(x, &lo, &hi);                                             \
        return sk_narrow_f64(fn(lo), fn(hi));                                  \
    }

/*
 * silu(x) = x * sigmoid(x) = x / (1 + exp(-x)): gelu's tail with u = x
 * (exact, no low part).  x * exp(x) stays above half the smallest
 * subnormal down to x = -751.7, so the floor sits lower than gelu's; below
 * SILU_ZERO the result rounds to -0, above SILU_IDENTITY to x (exp(-x) is
 * below 2^-57 there).  float32 in float64, rounded once.
 */
#define SILU_FLOOR(v) SK_SPLAT(v, -700.0)
#define SILU_ZERO(v) SK_SPLAT(v, -760.0)
#define SILU_IDENTITY(v) SK_SPLAT(v, 40.0)
#define SILU_ZERO_F32(v) SK_SPLAT(v, -120.0)

SK_INLINE vf64 sk_silu_v64(vf64 x) {
    vf64 r = sk_x_sigmoid_dd(x, x, SK_SPLAT(x, 0.0), SILU_FLOOR(x));
    r = SK_SELECT(x > SILU_IDENTITY(x), x, SK_SELECT(x < SILU_ZERO(x), SK_SPLAT(x, -0.0), r));
    return SK_SELECT(x != x, x, r);
}

SK_INLINE vf64 sk_silu_f32_in_f64(vf64 x) {
    vf64 one = SK_SPLAT(x, 1.0);
    vf64 w = -SK_ABS(x);
    w = SK_SELECT(w < -SK_EXP_RANGE(w), -SK_EXP_RANGE(w), w); /* t is 0 to float */
    vf64 t = sk_exp_for_f32(w);
    vf64 num = SK_SELECT(x >= SK_SPLAT(x, 0.0), x, x * t);
    return num / (one + t);
}

SK_F32_VIA_F64(sk_silu_via_f64, sk_silu_f32_in_f64)

SK_INLINE vf32 sk_silu_v32(vf32 x) {
    vf32 r = sk_silu_via_f64(x);
    r = SK_SELECT(x < SILU_ZERO_F32(x), SK_SPLAT(x, -0.0), r); /* -inf included */
    return SK_SELECT(x != x, x, r);
}

#define SILU_BODY(x, b, c) _Generic((x), vf64: sk_silu_v64, vf32: sk_silu_v32)(x)

/*
 * softplus(x) = log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|)), and
 * log_sigmoid(x) = -softplus(-x) = min(x, 0) - log1p(exp(-|x|)): one
 * exponential of a non-positive argument, t in (0, 1], nothing overflows.
 *
 * float64: t comes from the exp table as th + tl (2^-57), 1 + th is exact
 * as sh + sl, and
 *   log1p(t) = log(sh) + (sl + tl) / sh
 * (to 2^-100 relative), log(sh) from vlog.h's table core as an unrounded
 * pair (about 2^-60 relative), so the final rounding is nearly the only
 * error.  For x > 0,
 * x + log(sh) is summed exactly, so the result is rounded once.  Below
 * t = 2^-26 the series t - t^2/2 + t^3/3 replaces the logarithm; below -708
 * (t subnormal) log1p(t) is t, and the lanes take exp(-|x|) from the
 * full-range exp.  Without fma (baseline x86) t is SLEEF's exp (up to
 * 1 ULP) and log1p(t) SLEEF's log1p, which keeps the two errors apart.
 * float32 in float64 (t to 2^-35), rounded once.
 */
#define SOFTPLUS_DEEP(v) SK_SPLAT(v, -708.0)
#define SOFTPLUS_SERIES(v) SK_SPLAT(v, 0x1p-26)
#define SOFTPLUS_IDENTITY(v) SK_SPLAT(v, 40.0)

/* softplus for float64, NaN lanes left to the callers. */
SK_INLINE vf64 sk_softplus_core_v64(vf64 x) {
    vf64 one = SK_SPLAT(x, 1.0);
    vf64 zero = SK_SPLAT(x, 0.0);
    vf64 w = -SK_ABS(x);
    vi64 deep = w < SOFTPLUS_DEEP(w);
    vf64 wc = SK_SELECT(deep, SOFTPLUS_DEEP(w), w);
    vf64 th, tl, lg, c;
    if (SK_HAVE_FMA) {
        th = sk_exp_table_dd_f64(wc, &tl);
        /* log1p(t) = lg + c, c small */
        vf64 sh = one + th;
        vf64 sl = (one - sh) + th; /* exact, as 1 >= th */
        vf64 lgl;
        lg = sk_log_parts_f64(sh, sh, 0, 0, &lgl); /* log(sh) = lg + lgl */
        c = lgl + (sl + tl) * (one / sh);
    } else {
        /* SLEEF's exp carries up to 1 ULP already: its log1p, not log and c */
        th = sk_exp_sleef_f64(wc);
        tl = zero;
        lg = sk_fused_log1p(th);
        c = zero;
    }
    /* t below 2^-26: lg = t, c = tl - t^2/2 + t^3/3 (next term below 2^-78 relative) */
    __auto_type series = th < SOFTPLUS_SERIES(x);
    lg = SK_SELECT(series, th, lg);
    c = SK_SELECT(series, skv_fma(th * th, skv_fma(th, SK_SPLAT(x, 1.0 / 3.0), SK_SPLAT(x, -0.5)), tl), c);
    /* x > 0: x + lg exactly as s + e, then one rounding; x <= 0: lg + c */
    __auto_type pos = x > zero;
    vf64 a = SK_SELECT(pos, x, zero);
    vf64 s, e;
    SK_TWO_SUM(a, lg, s, e);
    vf64 r = s + (e + c);
    if (__builtin_expect(sk_any(deep), 0)) r = SK_SELECT(deep & ~pos, sk_exp_v(w), r);
    /* beyond 40, exp(-x) is below half an ULP of x (x = inf included) */
    return SK_SELECT(x > SOFTPLUS_IDENTITY(x), x, r);
}

SK_INLINE vf64 sk_softplus_v64(vf64 x) {
    vf64 r = sk_softplus_core_v64(x);
    return SK_SELECT(x != x, x, r);
}

SK_INLINE vf64 sk_log_sigmoid_v64(vf64 x) {
    /* -softplus(-x): x = +inf and huge x give -0, the limit's sign */
    vf64 r = -sk_softplus_core_v64(-x);
    return SK_SELECT(x != x, x, r);
}

/*
 * log1p(exp(-|x|)) for float32 results, computed in float64 (t normal).
 * float32 needs about 2^-35 relative, not double precision, so log1p(t) for
 * t in (0, 1] is 2 atanh(z), z = t / (2 + t) in (0, 1/3] (no cancellation
 * for small t), by its series 2z (1 + z^2/3 + ... + z^20/21): truncation
 * below 2^-39 relative.
 */
SK_INLINE vf64 sk_log1p_exp_neg_f32_in_f64(vf64 x) {
    vf64 one = SK_SPLAT(x, 1.0);
    vf64 w = -SK_ABS(x);
    w = SK_SELECT(w < -SK_EXP_RANGE(w), -SK_EXP_RANGE(w), w); /* t is 0 to float */
    vf64 t = sk_exp_for_f32(w);
    vf64 z = t / (SK_SPLAT(x, 2.0) + t);
    vf64 z2 = z * z;
    vf64 p = SK_SPLAT(x, 1.0 / 21);
    for (int k = 19; k >= 3; k -= 2) p = skv_fma(p, z2, SK_SPLAT(x, 1.0 / k));
    p = skv_fma(p, z2, one);
    return (z + z) * p;
}

SK_INLINE vf64 sk_softplus_f32_in_f64(vf64 x) {
    vf64 l = sk_log1p_exp_neg_f32_in_f64(x);
    return SK_SELECT(x > SK_SPLAT(x, 0.0), x + l, l);
}

SK_INLINE vf64 sk_log_sigmoid_f32_in_f64(vf64 x) {
    vf64 l = sk_log1p_exp_neg_f32_in_f64(x);
    return -SK_SELECT(x < SK_SPLAT(x, 0.0), l - x, l);
}

SK_F32_VIA_F64(sk_softplus_via_f64, sk_softplus_f32_in_f64)
SK_F32_VIA_F64(sk_log_sigmoid_via_f64, sk_log_sigmoid_f32_in_f64)

SK_INLINE vf32 sk_softplus_v32(vf32 x) {
    vf32 r = sk_softplus_via_f64(x);
    return SK_SELECT(x != x, x, r);
}

SK_INLINE vf32 sk_log_sigmoid_v32(vf32 x) {
    vf32 r = sk_log_sigmoid_via_f64(x);
    return SK_SELECT(x != x, x, r);
}

#define SOFTPLUS_BODY(x, b, c) _Generic((x), vf64: sk_softplus_v64, vf32: sk_softplus_v32)(x)
#define LOG_SIGMOID_BODY(x, b, c)                                              \
    _Generic((x), vf64: sk_log_sigmoid_v64, vf32: sk_log_sigmoid_v32)(x)

/*
 * gelu_erf(x) = x * Phi(x) = 0.5 * x * erfc(-x / sqrt(2)), the exact GELU.
 * One erfc, always of a non-negative argument a = |x| / sqrt(2) (its
 * accurate side):
 *   x >= 0:  x * (1 - E/2),  E = erfc(a), 1 - E/2 as hi + lo, one rounding;
 *   x < 0:   (x/2) * E,      the product exact (hi + lo), one rounding.
 * erfc amplifies its argument's relative error by about 2a^2 (up to 1500
 * here), so a is carried as hi + lo (1/sqrt(2) split too) and
 *   erfc(ah + al) = erfc(ah) * (1 - al * R(ah)),  R = -erfc'/erfc,
 * with R(a) ~ a + sqrt(a^2 + 2) (exact asymptotically, within 25% at 0,
 * where al * R is far below an ULP anyway).
 * Below x = -28 (erfc near and below the subnormal range, where its
 * relative precision would be lost) the asymptotic series is used:
 *   gelu_erf(x) = -phi(x) * S,  phi(x) = exp(-x^2/2) / sqrt(2 pi),
 *   S = 1 - 1/x^2 + 3/x^4 - 15/x^6 + ...  (8 terms: below 2^-56 at |x| >= 28),
 * with x^2/2 exact as hi + lo, shifted by 128 ln 2 like gelu's tail and
 * the exponential from the table as hi + lo.  Below -39 the result rounds
 * to -0, above 40 to x.
 * float32: in float64 with plain arithmetic (a's rounding costs 2a^2 2^-53,
 * far below float's precision where float results are nonzero), rounded once.
 */
#define GELU_ERF_RSQRT2_HI(v) SK_SPLAT(v, 0x1.6a09e667f3bcdp-1)
#define GELU_ERF_RSQRT2_LO(v) SK_SPLAT(v, -0x1.bdd3413b26456p-55)
#define GELU_ERF_RSQRT2PI_HI(v) SK_SPLAT(v, 0x1.9884533d43651p-2)
#define GELU_ERF_RSQRT2PI_LO(v) SK_SPLAT(v, -0x1.cbc0d30ebfd15p-56)
#define GELU_ERF_TAIL(v) SK_SPLAT(v, -28.0)
#define GELU_ERF_ZERO(v) SK_SPLAT(v, -39.0)
#define GELU_ERF_IDENTITY(v) SK_SPLAT(v, 40.0)
#define GELU_ERF_ZERO_F32(v) SK_SPLAT(v, -20.0)

/* -phi(x) * S(x) for x in [-39, -28] (other lanes: anything finite). */
SK_INLINE vf64 sk_gelu_erf_tail_v64(vf64 x) {
    vf64 one = SK_SPLAT(x, 1.0);
    vf64 xc = SK_SELECT(x < GELU_ERF_ZERO(x), GELU_ERF_ZERO(x), x);
    xc = SK_SELECT(xc > GELU_ERF_TAIL(x), GELU_ERF_TAIL(x), xc); /* NaN too */
    vf64 sh, sl;
    SK_TWO_PROD(xc, xc, sh, sl);
    /* w = -x^2/2 + C, exact as wh + wl (see gelu's shift) */
    vf64 wh = skv_fma(sh, SK_SPLAT(x, -0.5), GELU_C_HI(x));
    vf64 wl = skv_fma(sl, SK_SPLAT(x, -0.5), GELU_C_LO(x));
    vf64 tl;
    vf64 th = sk_exp_table_dd_f64(wh, &tl);
    /* S - 1 = -v (1 - 3v (1 - 5v (1 - ... (1 - 15v)))), v = 1/x^2 */
    vf64 v = one / sh;
    vf64 q = one;
    for (int k = 15; k >= 3; k -= 2) q = skv_fma(SK_SPLAT(x, -(double)k) * v, q, one);
    vf64 s1 = -v * q;
    /* K (1 + s1) as hi + lo, K = 1/sqrt(2 pi) */
    vf64 ah = GELU_ERF_RSQRT2PI_HI(x);
    vf64 al = skv_fma(ah, s1, GELU_ERF_RSQRT2PI_LO(x));
    /* (th + tl)(ah + al)(1 + wl), one rounding, then the shift undone; wl
       reaches 2^-40 (C's low part), al 2^-10 relative: their product counts */
    vf64 ph, pl;
    SK_TWO_PROD(th, ah, ph, pl);
    vf64 m = th * al;
    vf64 corr = skv_fma(th, al, skv_fma(ph + m, wl, skv_fma(tl, ah, pl)));
    return -((ph + corr) * GELU_SCALE(x));
}

SK_INLINE vf64 sk_gelu_erf_v64(vf64 x) {
    vf64 one = SK_SPLAT(x, 1.0);
    vf64 half = SK_SPLAT(x, 0.5);
    vf64 zero = SK_SPLAT(x, 0.0);
    /* y = x / sqrt(2) as yh + yl; a = |y| as ah + al */
    vf64 yh, yl;
    SK_TWO_PROD(x, GELU_ERF_RSQRT2_HI(x), yh, yl);
    yl = skv_fma(x, GELU_ERF_RSQRT2_LO(x), yl);
    __auto_type pos = x >= zero;
    vf64 ah = SK_ABS(yh);
    vf64 al = SK_SELECT(pos, yl, -yl);
    vf64 e = sk_fused_erfc(ah);
    /* relative correction for al: c = -al * R(ah) */
    vf64 rr = ah + skv_sqrt(skv_fma(ah, ah, SK_SPLAT(x, 2.0)));
    vf64 c = -al * rr;
    /* x >= 0: x * (1 - g), g = E (1 + c) / 2 <= 1/2, 1 - g exact as fh + fl */
    vf64 g = half * skv_fma(e, c, e);
    vf64 fh = one - g;
    vf64 fl = (one - fh) - g;
    vf64 rpos = skv_fma(x, fh, x * fl);
    /* x < 0: (x/2) E (1 + c), the product exact, one rounding */
    vf64 h = half * x;
    vf64 ph, pl;
    SK_TWO_PROD(h, e, ph, pl);
    vf64 rneg = ph + skv_fma(ph, c, pl);
    vf64 r = SK_COPYSIGN(SK_SELECT(pos, rpos, rneg), x); /* x = -5e-324: -0 */
    vi64 tail = x < GELU_ERF_TAIL(x);
    if (__builtin_expect(sk_any(tail), 0)) r = SK_SELECT(tail, sk_gelu_erf_tail_v64(x), r);
    r = SK_SELECT(x > GELU_ERF_IDENTITY(x), x,
                  SK_SELECT(x < GELU_ERF_ZERO(x), SK_SPLAT(x, -0.0), r));
    return SK_SELECT(x != x, x, r);
}

SK_INLINE vf64 sk_gelu_erf_f32_in_f64(vf64 x) {
    vf64 half = SK_SPLAT(x, 0.5);
    vf64 a = SK_ABS(x) * GELU_ERF_RSQRT2_HI(x);
    vf64 e = sk_fused_erfc(a);
    /* x * (1 - E/2) keeps x = +inf as inf */
    return SK_SELECT(x >= SK_SPLAT(x, 0.0), x * skv_fma(-half, e, SK_SPLAT(x, 1.0)),
                     (half * x) * e);
}

SK_F32_VIA_F64(sk_gelu_erf_via_f64, sk_gelu_erf_f32_in_f64)

SK_INLINE vf32 sk_gelu_erf_v32(vf32 x) {
    vf32 r = sk_gelu_erf_via_f64(x);
    r = SK_SELECT(x < GELU_ERF_ZERO_F32(x), SK_SPLAT(x, -0.0), r); /* -inf included */
    return SK_SELECT(x != x, x, r);
}

#define GELU_ERF_BODY(x, b, c) _Generic((x), vf64: sk_gelu_erf_v64, vf32: sk_gelu_erf_v32)(x)

SK_DEFINE_MAP(silu, 1, SILU_BODY, QUIET)
SK_DEFINE_MAP(softplus, 1, SOFTPLUS_BODY, QUIET)
SK_DEFINE_MAP(gelu_erf, 1, GELU_ERF_BODY, QUIET)
SK_DEFINE_MAP(log_sigmoid, 1, LOG_SIGMOID_BODY, QUIET)
