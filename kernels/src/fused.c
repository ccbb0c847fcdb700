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

#define GELU_BODY(x, b, c) sk_gelu(x)
#define sk_gelu(x) _Generic((x), vf64: sk_gelu_v64, vf32: sk_gelu_v32)(x)
SK_INLINE vf64 sk_gelu_v64(vf64 x) {
    vf64 lim = SK_SPLAT(x, GELU_CLAMP);
    /* |x| > 40 (where x^3 may overflow and the pairs below turn to NaN)
       is replaced by the last selects, so no clamp is needed on the way */
    vf64 one = SK_SPLAT(x, 1.0);
    vf64 zero = SK_SPLAT(x, 0.0);
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
        vi64 vanish = wh < GELU_FLOOR(x);
        wh = SK_SELECT(vanish, GELU_FLOOR(x), wh);
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
