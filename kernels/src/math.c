/* Transcendental kernels through SLEEF's u10 vector functions. */
#include "loops.h"

/*
 * SLEEF's double exp returns inf for every x above 709.78271114955743, short
 * of log(DBL_MAX) = 709.78271289338400: finite results up to DBL_MAX would be
 * lost.  On that sliver, exp(x) = exp(C) * exp(d) with d = x - C exact
 * (Sterbenz), exp(C) = E_HI + E_LO to double-double precision and exp(d) a
 * short Taylor series (d < 1e-5): one final rounding, so at most 0.5 ULP
 * plus a negligible term.  Above the sliver the true result overflows and
 * SLEEF's inf is right; float's threshold is right, so only float64 needs it.
 */
#define EXP_EDGE_C 0x1.62e42fd75e204p+9  /* 709.78271 */
#define EXP_EDGE_END 709.78272
#define EXP_EDGE_E_HI 0x1.ffff9eea0e671p+1023
#define EXP_EDGE_E_LO -0x1.19d7de9475f75p+969

SK_INLINE vf64 sk_exp_f64v(vf64 x) {
    vf64 r = sk_vexp(x);
    vi64 edge = (x > SK_SPLAT(x, EXP_EDGE_C)) & (x < SK_SPLAT(x, EXP_EDGE_END));
    if (__builtin_expect(sk_any(edge), 0)) {
        vf64 d = x - SK_SPLAT(x, EXP_EDGE_C);
        /* q = exp(d) - 1 = d + d^2/2 + d^3/6 + d^4/24 */
        vf64 q = skv_fma(d, SK_SPLAT(x, 1.0 / 24.0), SK_SPLAT(x, 1.0 / 6.0));
        q = skv_fma(d, q, SK_SPLAT(x, 0.5));
        q = skv_fma(d * d, q, d);
        vf64 hi = SK_SPLAT(x, EXP_EDGE_E_HI);
        vf64 near_max = hi + skv_fma(hi, q, SK_SPLAT(x, EXP_EDGE_E_LO));
        r = SK_SELECT(edge, near_max, r);
    }
    return r;
}
#define sk_exp_checked(x) _Generic((x), vf64: sk_exp_f64v, vf32: sk_exp_v32)(x)
#define EXP_BODY(a, b, c) sk_exp_checked(a)
#define LOG_BODY(a, b, c) sk_vlog(a)
#define SIN_BODY(a, b, c) sk_vsin(a)
#define COS_BODY(a, b, c) sk_vcos(a)
/*
 * Below 2^-12 (float32; 2^-27 float64) tanh(x) rounds to x; SLEEF's float
 * tanh is 1 ULP off for some tiny inputs, so those return x itself.
 */
#define TANH_TINY(v) SK_SPLAT(v, sizeof((v)[0]) == 8 ? 0x1p-27 : 0x1p-12)
#define TANH_BODY(a, b, c) SK_SELECT(SK_ABS(a) < TANH_TINY(a), a, sk_vtanh(a))

SK_DEFINE_MAP(exp, 1, EXP_BODY, EXP)
SK_DEFINE_MAP(log, 1, LOG_BODY, LOG)
SK_DEFINE_MAP(sin, 1, SIN_BODY, SIN)
SK_DEFINE_MAP(cos, 1, COS_BODY, TRIG)
SK_DEFINE_MAP(tanh, 1, TANH_BODY, TINY)
