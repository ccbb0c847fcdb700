/*
 * Trigonometric, inverse trigonometric, hyperbolic and error-function
 * kernels: SLEEF's vector functions (u10; erfc u15), with own code where
 * SLEEF's range ends short of the true one, and flag rules as NumPy raises
 * them.
 */
#include <fenv.h>
#include <math.h>

#include "loops.h"
#include "vexp.h"

/*
 * SLEEF by accuracy variant (u10, u15) and for two arguments; simd.h wraps
 * only u10 of one argument.  sk2_<fn>_v64 / _v32 call SLEEF's <fn> of the
 * given variant on a whole vector.
 */
#if defined(SK_TARGET_AVX512)
#  define SK2_SLEEF_D(fn, u) Sleef_finz_##fn##d8_##u##avx512f
#  define SK2_SLEEF_F(fn, u) Sleef_finz_##fn##f16_##u##avx512f
#elif defined(SK_TARGET_AVX2)
#  define SK2_SLEEF_D(fn, u) Sleef_finz_##fn##d4_##u##avx2
#  define SK2_SLEEF_F(fn, u) Sleef_finz_##fn##f8_##u##avx2
#elif defined(SK_TARGET_NEON)
#  define SK2_SLEEF_D(fn, u) Sleef_finz_##fn##d2_##u##advsimd
#  define SK2_SLEEF_F(fn, u) Sleef_finz_##fn##f4_##u##advsimd
#elif defined(__SSE2__)
#  define SK2_SLEEF_D(fn, u) Sleef_cinz_##fn##d2_##u##sse2
#  define SK2_SLEEF_F(fn, u) Sleef_cinz_##fn##f4_##u##sse2
#endif

#if defined(SK2_SLEEF_D)
#  define SK2_WRAP1(fn, u)                                                     \
    SK_INLINE vf64 sk2_##fn##_v64(vf64 x) {                                    \
        return (vf64)SK2_SLEEF_D(fn, u)((SK_NATIVE_D)x);                       \
    }                                                                          \
    SK_INLINE vf32 sk2_##fn##_v32(vf32 x) {                                    \
        return (vf32)SK2_SLEEF_F(fn, u)((SK_NATIVE_F)x);                       \
    }
#  define SK2_WRAP2(fn, u)                                                     \
    SK_INLINE vf64 sk2_##fn##_v64(vf64 y, vf64 x) {                            \
        return (vf64)SK2_SLEEF_D(fn, u)((SK_NATIVE_D)y, (SK_NATIVE_D)x);       \
    }                                                                          \
    SK_INLINE vf32 sk2_##fn##_v32(vf32 y, vf32 x) {                            \
        return (vf32)SK2_SLEEF_F(fn, u)((SK_NATIVE_F)y, (SK_NATIVE_F)x);       \
    }
#else
/* Baseline without SSE2: SLEEF's portable scalar code, lane by lane. */
#  define SK2_WRAP1(fn, u)                                                     \
    SK_INLINE vf64 sk2_##fn##_v64(vf64 x) {                                    \
        vf64 r = x;                                                            \
        for (int i = 0; i < SK_VL64; i++) r[i] = Sleef_cinz_##fn##d1_##u##purec(x[i]); \
        return r;                                                              \
    }                                                                          \
    SK_INLINE vf32 sk2_##fn##_v32(vf32 x) {                                    \
        vf32 r = x;                                                            \
        for (int i = 0; i < SK_VL32; i++) r[i] = Sleef_cinz_##fn##f1_##u##purec(x[i]); \
        return r;                                                              \
    }
#  define SK2_WRAP2(fn, u)                                                     \
    SK_INLINE vf64 sk2_##fn##_v64(vf64 y, vf64 x) {                            \
        vf64 r = x;                                                            \
        for (int i = 0; i < SK_VL64; i++) r[i] = Sleef_cinz_##fn##d1_##u##purec(y[i], x[i]); \
        return r;                                                              \
    }                                                                          \
    SK_INLINE vf32 sk2_##fn##_v32(vf32 y, vf32 x) {                            \
        vf32 r = x;                                                            \
        for (int i = 0; i < SK_VL32; i++) r[i] = Sleef_cinz_##fn##f1_##u##purec(y[i], x[i]); \
        return r;                                                              \
    }
#endif
SK2_WRAP1(tan, u10)
SK2_WRAP1(asin, u10)
SK2_WRAP1(acos, u10)
SK2_WRAP1(atan, u10)
SK2_WRAP1(sinh, u10)
SK2_WRAP1(cosh, u10)
SK2_WRAP1(asinh, u10)
SK2_WRAP1(acosh, u10)
SK2_WRAP1(atanh, u10)
SK2_WRAP1(erf, u10)
SK2_WRAP1(erfc, u15)
SK2_WRAP2(atan2, u10)
/*
 * float64's log u35 (3.5 ULP of double, 2^-50 relative), for float32
 * results computed in float64 and rounded once (arcsinh, arccosh, arctanh).
 */
#if defined(SK2_SLEEF_D)
SK_INLINE vf64 sk2_log35_v64(vf64 x) { return (vf64)SK2_SLEEF_D(log, u35)((SK_NATIVE_D)x); }
#else
SK_INLINE vf64 sk2_log35_v64(vf64 x) {
    vf64 r = x;
    for (int i = 0; i < SK_VL64; i++) r[i] = Sleef_cinz_logd1_u35purec(x[i]);
    return r;
}
#endif
#undef SK2_WRAP1
#undef SK2_WRAP2

/* Both element types through one name. */
#define SK2_CALL(fn, x) _Generic((x), vf64: sk2_##fn##_v64, vf32: sk2_##fn##_v32)(x)

/*
 * Flag rules (NumPy's ufuncs raise exactly these on these inputs; none of
 * them raises underflow for a tiny or subnormal argument):
 *   ASIN   invalid where |x| > 1 (inf included);
 *   ACOSH  invalid where x < 1 (-inf included);
 *   ATANH  invalid where |x| > 1, divide-by-zero where |x| = 1;
 *   HYPER  overflow where a finite x gives an infinite result.
 */
#define SK_RULE_ASIN(a, r, acc)                                                \
    ((acc) |= ((SK_ABS(a) > SK_SPLAT(a, 1.0)) & SK_FE_INVALID))
#define SK_RULE_ACOSH(a, r, acc) ((acc) |= (((a) < SK_SPLAT(a, 1.0)) & SK_FE_INVALID))
#define SK_RULE_ATANH(a, r, acc)                                               \
    ((acc) |= ((SK_ABS(a) > SK_SPLAT(a, 1.0)) & SK_FE_INVALID) |              \
              ((SK_ABS(a) == SK_SPLAT(a, 1.0)) & SK_FE_DIVBYZERO))
#define SK_RULE_HYPER(a, r, acc)                                               \
    ((acc) |= ((SK_ABS(r) == SK_INF(r)) & (SK_ABS(a) < SK_INF(a)) & SK_FE_OVERFLOW))
#define SK_RECOMPUTES_TRIG 1
#define SK_RECOMPUTES_ASIN 1
#define SK_RECOMPUTES_ACOSH 1
#define SK_RECOMPUTES_ATANH 1
#define SK_RECOMPUTES_HYPER 1

/* ----- tan, arcsin, arccos, arctan ------------------------------------ */
/*
 * Below 2^-27 (float32: 2^-12) tan x, arcsin x, arctan x, arcsinh x and
 * arctanh x round to x itself (their cubic terms are below half an ULP);
 * SLEEF's tan is an ULP off for some subnormals, so these lanes are x.
 */
#define SK2_TINY(v) SK_SPLAT(v, sizeof((v)[0]) == 8 ? 0x1p-27 : 0x1p-12)
#define SK2_TINY_IS_X(x, r) SK_SELECT(SK_ABS(x) < SK2_TINY(x), x, r)
#define TAN_BODY(a, b, c) SK2_TINY_IS_X(a, SK2_CALL(tan, a))

/* ----- sinh, cosh ----------------------------------------------------- */
/*
 * SLEEF's sinh and cosh return inf once exp(|x|) overflows, short of where
 * sinh and cosh themselves do (|x| = 710.4758600739439 in float64,
 * 89.41598629223294 in float32).  Beyond |x| = 709 (88 for float32) the
 * lanes are computed here, where sinh|x| = cosh|x| = exp(|x|)/2 to far
 * below an ULP:
 *   float64: exp(|x| - 8) as a double-double from vexp.h's table, times
 *            e^8/2 as a double-double, rounded once (|x| - 8 is exact);
 *   float32: exp(|x|)/2 in float64 (2^-42 relative), rounded to float.
 */
#define SK2_E8_HALF_HI 0x1.749ea7d470c6ep+10 /* e^8 / 2 */
#define SK2_E8_HALF_LO -0x1.e83fe3ef6afd4p-47

SK_INLINE vf64 sk2_exp_half_big_f64(vf64 a) {
    vf64 w = a - SK_SPLAT(a, 8.0);
    w = SK_SELECT(w < SK_SPLAT(a, 708.0), w, SK_SPLAT(a, 708.0)); /* overflows anyway */
    vf64 el;
    vf64 eh = sk_exp_table_dd_f64(w, &el);
    vf64 ch = SK_SPLAT(a, SK2_E8_HALF_HI), cl = SK_SPLAT(a, SK2_E8_HALF_LO);
    vf64 p = eh * ch;
    vf64 err = skv_fma(eh, ch, -p); /* eh*ch - p, exact */
    vf64 r = p + (err + skv_fma(eh, cl, el * ch));
    return SK_SELECT(p == SK_INF(p), p, r); /* overflowed: err would be -inf */
}

SK_INLINE vf32 sk2_exp_half_big_f32(vf32 a) {
    vf64 lo, hi;
    /* beyond 708 the float result overflows anyway (exp(708)/2 > FLT_MAX) */
    sk_widen_f32(SK_SELECT(a < SK_SPLAT(a, 708.0f), a, SK_SPLAT(a, 708.0f)), &lo, &hi);
    vf64 half = SK_SPLAT(lo, 0.5);
    return sk_narrow_f64(sk_exp_for_f32(lo) * half, sk_exp_for_f32(hi) * half);
}

#define SK2_HYPER(name, odd)                                                   \
    SK_INLINE vf64 sk2_##name##_f64(vf64 x) {                                  \
        vf64 r = sk2_##name##_v64(x);                                          \
        vf64 a = SK_ABS(x);                                                    \
        vi64 big = (a > SK_SPLAT(x, 709.0)) & (a < SK_INF(x));                 \
        if (__builtin_expect(sk_any(big), 0)) {                                \
            vf64 e = sk2_exp_half_big_f64(SK_SELECT(big, a, SK_SPLAT(x, 709.0))); \
            r = SK_SELECT(big, (odd) ? SK_COPYSIGN(e, x) : e, r);              \
        }                                                                      \
        return r;                                                              \
    }                                                                          \
    SK_INLINE vf32 sk2_##name##_f32(vf32 x) {                                  \
        vf32 r = sk2_##name##_v32(x);                                          \
        vf32 a = SK_ABS(x);                                                    \
        vi32 big = (a > SK_SPLAT(x, 88.0f)) & (a < SK_INF(x));                 \
        if (__builtin_expect(sk_any(big), 0)) {                                \
            /* exp(|x|) of float32 |x| <= 708 is finite in float64 */          \
            vf32 e = sk2_exp_half_big_f32(SK_SELECT(big, a, SK_SPLAT(x, 88.0f))); \
            r = SK_SELECT(big, (odd) ? SK_COPYSIGN(e, x) : e, r);              \
        }                                                                      \
        return r;                                                              \
    }
SK2_HYPER(sinh, 1)
SK2_HYPER(cosh, 0)

/*
 * float32 sinh and cosh, own code in float64 (where fma makes vexp.h's exp
 * exact in its reduction): e = exp(|x|) and 1/e = exp(-|x|) to 2^-42 (|x|
 * held at 100, where both overflow float anyway), cosh = (e + 1/e)/2, and for |x| >= 1/4
 * sinh = (e - 1/e)/2 (the subtraction loses under 2 bits there); below 1/4
 * sinh's odd Taylor polynomial to x^9 (truncation 2^-45).  Rounded once to
 * float: 0.5 ULP plus a negligible term, overflow included.
 */
SK_INLINE vf64 sk2_sinhcosh_in_f64(vf64 x, int odd) {
    vf64 a = SK_ABS(x);
    a = SK_SELECT(a < SK_SPLAT(x, 100.0), a, SK_SPLAT(x, 100.0));
    vf64 e = sk_exp_for_f32(a);
    vf64 inv = sk_exp_for_f32(-a); /* cheaper than 1/e */
    vf64 half = SK_SPLAT(x, 0.5);
    if (!odd) return half * (e + inv);
    vf64 big = SK_COPYSIGN(half * (e - inv), x);
    vf64 s = x * x;
    vf64 p = skv_fma(s, SK_SPLAT(x, 1.0 / 362880), SK_SPLAT(x, 1.0 / 5040));
    p = skv_fma(s, p, SK_SPLAT(x, 1.0 / 120));
    p = skv_fma(s, p, SK_SPLAT(x, 1.0 / 6));
    vf64 small = skv_fma(x * s, p, x);
    return SK_SELECT(a < SK_SPLAT(x, 0.25), small, big);
}

/*
 * float32 sinh and cosh in float arithmetic (the float64 code above doubles
 * the number of vector operations and ran at a third of NumPy's speed), for
 * |x| <= 88: a = |x| = k ln2/16 + r (vexp.h's float reduction, |r| <= ln2/32),
 * k = 16m + j, and with e(r) = exp(r) - 1 = o + q split into its odd and even
 * parts (exp(-r) - 1 = q - o, to 2^-34):
 *   E = exp(a)/2  = 2^(m-1) (T[j] + (T[j] e(r) + T_lo[j])),
 *   F = exp(-a)/2 likewise from -k (0 beyond a = 12: under 2^-34 of E),
 * each a float pair whose high part 2^(m-1) T[j] is exact; cosh = E + F and,
 * for a >= 1/2, sinh = E - F, summed by a two-sum (E >= F) and rounded once,
 * float's rounding falling only on terms under a twentieth of the result.
 * Below 1/2 sinh a = a + a z S(z), z = a^2, its Taylor polynomial to a^11
 * (2^-38).  Beyond 88 (inf included), and for NaN, the float64 code above.
 */
/* 2^n for integer lanes -126 <= n <= 127 */
SK_INLINE vf32 sk2_pow2i_f32(vi32 n) { return (vf32)((n + 127) << 23); }

SK_INLINE vf32 sk2_sinhcosh_float_f32(vf32 x, int odd) {
    vf32 a = SK_ABS(x);
    a = SK_SELECT(a <= SK_SPLAT(a, 88.0f), a, SK_SPLAT(a, 88.0f)); /* NaN too: replaced */
    vi32 k;
    vf32 r;
    SK_EXP_REDUCE(a, k, r);
    vf32 r2 = r * r;
    vf32 q = r2 * skv_fma(r2, SK_SPLAT(a, 1.0f / 24), SK_SPLAT(a, 0.5f));
    vf32 o = skv_fma(r * r2, skv_fma(r2, SK_SPLAT(a, 1.0f / 120), SK_SPLAT(a, 1.0f / 6)), r);
    vf32 ep = o + q, em = q - o;
    vi32 kn = -k;
    vf32 th = sk_lookup16_f32(sk_exp2_j16_hi_f32, k & 15);
    vf32 tl = sk_lookup16_f32(sk_exp2_j16_lo_f32, k & 15);
    vf32 uh = sk_lookup16_f32(sk_exp2_j16_hi_f32, kn & 15);
    vf32 ul = sk_lookup16_f32(sk_exp2_j16_lo_f32, kn & 15);
    vf32 se = sk2_pow2i_f32((k >> 4) - 1);
    vi32 mf = (kn >> 4) - 1;
    vi32 low = mf < -126; /* a > 87: F is 0 (below) */
    vf32 sf = sk2_pow2i_f32((low & -126) | (~low & mf));
    vf32 eh = th * se, el = skv_fma(th, ep, tl) * se;
    vf32 fh = uh * sf, fl = skv_fma(uh, em, ul) * sf;
    vi32 nof = a > SK_SPLAT(a, 12.0f);
    fh = SK_SELECT(nof, SK_SPLAT(a, 0.0f), fh);
    fl = SK_SELECT(nof, SK_SPLAT(a, 0.0f), fl);
    vf32 res;
    if (!odd) {
        vf32 sum = eh + fh;
        res = sum + (((eh - sum) + fh) + (el + fl));
    } else {
        vf32 dif = eh - fh;
        vf32 big = dif + (((eh - dif) - fh) + (el - fl));
        vf32 z = x * x;
        vf32 p = skv_fma(z, SK_SPLAT(x, 1.0f / 39916800), SK_SPLAT(x, 1.0f / 362880));
        p = skv_fma(z, p, SK_SPLAT(x, 1.0f / 5040));
        p = skv_fma(z, p, SK_SPLAT(x, 1.0f / 120));
        p = skv_fma(z, p, SK_SPLAT(x, 1.0f / 6));
        vf32 small = skv_fma(x * z, p, x);
        res = SK_SELECT(a < SK_SPLAT(x, 0.5f), small, SK_COPYSIGN(big, x));
    }
    return res;
}

#define SK2_HYPER_F32(name, odd)                                               \
    static __attribute__((noinline)) vf32 sk2_##name##_in_f64_f32(vf32 x) {    \
        vf64 lo, hi;                                                           \
        sk_widen_f32(x, &lo, &hi);                                             \
        return sk_narrow_f64(sk2_sinhcosh_in_f64(lo, odd), sk2_sinhcosh_in_f64(hi, odd)); \
    }                                                                          \
    SK_INLINE vf32 sk2_##name##_own_f32(vf32 x) {                              \
        if (!SK_HAVE_FMA) return sk2_##name##_f32(x);                          \
        vf32 r = sk2_sinhcosh_float_f32(x, odd);                               \
        vi32 far = ~(SK_ABS(x) <= SK_SPLAT(x, 88.0f));                         \
        if (__builtin_expect(sk_any(far), 0))                                  \
            r = SK_SELECT(far, sk2_##name##_in_f64_f32(x), r);                 \
        return SK_SELECT(x != x, x, r); /* NaN is itself */                    \
    }

SK2_HYPER_F32(sinh, 1)
SK2_HYPER_F32(cosh, 0)

/*
 * float64 sinh and cosh, own code where fma is available (SLEEF's carry
 * double-word arithmetic throughout and ran at a third of NumPy's speed):
 * E = exp(|x|) and F = exp(-|x|) as double-words from vexp.h's table (2^-57
 * relative), cosh = (E + F)/2 and, for |x| >= 1/4, sinh = (E - F)/2 (the
 * difference loses under 2 bits there), each summed as a double-word and
 * rounded once; below 1/4 sinh's odd Taylor polynomial to x^15 (truncation
 * 2^-68).  Beyond |x| = 708 the big-argument path above (inf included).
 */
SK_INLINE vf64 sk2_sinhcosh_own_f64(vf64 x, int odd) {
    vf64 a = SK_ABS(x);
    vf64 ac = SK_SELECT(a < SK_SPLAT(x, 708.0), a, SK_SPLAT(x, 708.0));
    vf64 el, fl;
    vf64 eh = sk_exp_table_dd_f64(ac, &el);
    vf64 fh = sk_exp_table_dd_f64(-ac, &fl);
    vf64 half = SK_SPLAT(x, 0.5);
    vf64 r;
    if (odd) {
        vf64 d = eh - fh;
        vf64 t = ((eh - d) - fh) + (el - fl); /* eh >= fh: the difference's error, exact */
        r = SK_COPYSIGN(half * (d + t), x);
        vi64 near0 = a < SK_SPLAT(x, 0.25);
        if (sk_any(near0)) { /* the same lanes get the same code either way */
            vf64 s2 = x * x;
            vf64 p = skv_fma(s2, SK_SPLAT(x, 1.0 / 1307674368000.0), SK_SPLAT(x, 1.0 / 6227020800.0));
            p = skv_fma(s2, p, SK_SPLAT(x, 1.0 / 39916800.0));
            p = skv_fma(s2, p, SK_SPLAT(x, 1.0 / 362880.0));
            p = skv_fma(s2, p, SK_SPLAT(x, 1.0 / 5040.0));
            p = skv_fma(s2, p, SK_SPLAT(x, 1.0 / 120.0));
            p = skv_fma(s2, p, SK_SPLAT(x, 1.0 / 6.0));
            r = SK_SELECT(near0, skv_fma(x * s2, p, x), r);
        }
    } else {
        vf64 sum = eh + fh;
        vf64 t = ((eh - sum) + fh) + (el + fl); /* eh >= fh */
        r = half * (sum + t);
    }
    vi64 big = a > SK_SPLAT(x, 708.0);
    if (__builtin_expect(sk_any(big), 0)) {
        vf64 e = sk2_exp_half_big_f64(SK_SELECT(big, a, SK_SPLAT(x, 709.0)));
        r = SK_SELECT(big, odd ? SK_COPYSIGN(e, x) : e, r);
    }
    return SK_SELECT(x != x, x, r); /* NaN is itself */
}

SK_INLINE vf64 sk2_sinh_own_f64(vf64 x) {
    return SK_HAVE_FMA ? sk2_sinhcosh_own_f64(x, 1) : sk2_sinh_f64(x);
}
SK_INLINE vf64 sk2_cosh_own_f64(vf64 x) {
    return SK_HAVE_FMA ? sk2_sinhcosh_own_f64(x, 0) : sk2_cosh_f64(x);
}

#define SINH_BODY(a, b, c)                                                     \
    SK2_TINY_IS_X(a, _Generic((a), vf64: sk2_sinh_own_f64, vf32: sk2_sinh_own_f32)(a))
#define COSH_BODY(a, b, c) _Generic((a), vf64: sk2_cosh_own_f64, vf32: sk2_cosh_own_f32)(a)

/* ----- arcsinh, arccosh, arctanh -------------------------------------- */
/*
 * SLEEF's arcsinh and arccosh square x and return inf once x*x overflows
 * (|x| beyond about 1.3e154; float32 1.8e19, but float32 is computed in
 * float64 below).  There, and down to 2^500, arcsinh|x| = arccosh x =
 * log(2|x|) to far below an ULP (the next term is 1/(4x^2)), computed here:
 * |x| = m 2^e with m in [1, 2): log(2|x|) = (e + 1) ln2 + log(m), (e + 1) ln2
 * from a two-part ln2 whose high part makes the product exact, log(m) from
 * SLEEF (at most 2^-53 absolute), one final rounding of a result near
 * 350..710.
 */
#define SK2_LN2_HI 0x1.62e42fefa3800p-1 /* 42 bits: (e + 1) * SK2_LN2_HI is exact */
#define SK2_LN2_LO 0x1.ef35793c76730p-45

SK_INLINE vf64 sk2_log2x_f64(vf64 a) {
    vi64 bits = sk_bits(a);
    vi64 e1 = (bits >> 52) - 1022; /* e + 1 for normal a */
    vf64 m = (vf64)((bits & 0x000fffffffffffffLL) | 0x3ff0000000000000LL);
    vf64 k = __builtin_convertvector(e1, vf64);
    vf64 lm = sk_vlog(m);
    return skv_fma(k, SK_SPLAT(a, SK2_LN2_HI), skv_fma(k, SK_SPLAT(a, SK2_LN2_LO), lm));
}

/* float64 arcsinh x, arccosh x with the huge lanes (finite, |x| > 2^500) replaced */
#define SK2_AHYP(name, odd)                                                    \
    SK_INLINE vf64 sk2_##name##_f64(vf64 x) {                                  \
        vf64 r = sk2_##name##_v64(x);                                          \
        vf64 a = SK_ABS(x);                                                    \
        vi64 huge = (a > SK_SPLAT(x, 0x1p500)) & (a < SK_INF(x));              \
        if (__builtin_expect(sk_any(huge), 0)) {                               \
            vf64 l = sk2_log2x_f64(SK_SELECT(huge, a, SK_SPLAT(x, 1.0)));      \
            r = SK_SELECT((odd) ? huge : huge & (x > 0), /* acosh(-x): NaN */   \
                          (odd) ? SK_COPYSIGN(l, x) : l, r);                   \
        }                                                                      \
        return r;                                                              \
    }
SK2_AHYP(asinh, 1)
SK2_AHYP(acosh, 0)

/*
 * float32 arcsinh, arccosh and arctanh computed in float64 from their
 * logarithmic forms, with SLEEF's float64 log u35 (2^-51 relative):
 *   arcsinh|x| = log(|x| + sqrt(x^2 + 1)),  arccosh x = log(x + sqrt(x^2 - 1)),
 *   arctanh x  = log((1 + x) / (1 - x)) / 2.
 * x^2 - 1, 1 + x and 1 - x are exact in float64 for a float x, and the other
 * roundings are absolute errors of 2^-52 or so in the log's argument near 1,
 * 2^-40 relative at worst against results of 2^-12 and more (below 2^-12
 * arcsinh and arctanh return x): the float result carries one rounding.
 * Infinities, NaN and the domain's ends come out of the formulas (log(inf),
 * log(0), sqrt or log of a negative number).
 */
SK_INLINE vf64 sk2_asinh_in_f64(vf64 x) {
    vf64 a = SK_ABS(x);
    vf64 r = sk2_log35_v64(a + skv_sqrt(a * a + SK_SPLAT(x, 1.0)));
    return SK_COPYSIGN(r, x);
}
SK_INLINE vf64 sk2_acosh_in_f64(vf64 x) {
    vf64 r = sk2_log35_v64(x + skv_sqrt(x * x - SK_SPLAT(x, 1.0)));
    return SK_SELECT(x < SK_SPLAT(x, 1.0), SK_SPLAT(x, __builtin_nan("")), r); /* x <= -1 too */
}
SK_INLINE vf64 sk2_atanh_in_f64(vf64 x) {
    vf64 one = SK_SPLAT(x, 1.0);
    return SK_SPLAT(x, 0.5) * sk2_log35_v64((one + x) / (one - x));
}
#define SK2_AHYP_F32(name)                                                     \
    SK_INLINE vf32 sk2_##name##_own_f32(vf32 x) {                              \
        vf64 lo, hi;                                                           \
        sk_widen_f32(x, &lo, &hi);                                             \
        vf32 r = sk_narrow_f64(sk2_##name##_in_f64(lo), sk2_##name##_in_f64(hi)); \
        return SK_SELECT(x != x, x, r); /* NaN is itself */                    \
    }
SK2_AHYP_F32(asinh)
SK2_AHYP_F32(acosh)
SK2_AHYP_F32(atanh)

#define ASINH_BODY(a, b, c)                                                    \
    SK2_TINY_IS_X(a, _Generic((a), vf64: sk2_asinh_f64, vf32: sk2_asinh_own_f32)(a))
#define ACOSH_BODY(a, b, c) _Generic((a), vf64: sk2_acosh_f64, vf32: sk2_acosh_own_f32)(a)
#define ATANH_BODY(a, b, c)                                                    \
    SK2_TINY_IS_X(a, _Generic((a), vf64: sk2_atanh_v64, vf32: sk2_atanh_own_f32)(a))

/* ----- erf, erfc ------------------------------------------------------ */
/*
 * Below 2^-28 (float32: 2^-14) erf x = 2x/sqrt(pi) to far below an ULP;
 * SLEEF's float erf rounds that product an ULP off near the bottom of the
 * normal range.  float64: 2/sqrt(pi) in two parts, one fma; float32: the
 * product in float64, rounded once.
 */
#define SK2_TWO_RSQRTPI_HI 0x1.20dd750429b6dp+0
#define SK2_TWO_RSQRTPI_LO 0x1.1ae3a914fed80p-56

SK_INLINE vf64 sk2_erf_f64(vf64 x) {
    vf64 r = sk2_erf_v64(x);
    vf64 small = skv_fma(x, SK_SPLAT(x, SK2_TWO_RSQRTPI_HI), x * SK_SPLAT(x, SK2_TWO_RSQRTPI_LO));
    return SK_SELECT(SK_ABS(x) < SK_SPLAT(x, 0x1p-28), small, r);
}

SK_INLINE vf32 sk2_erf_f32(vf32 x) {
    vf32 r = sk2_erf_v32(x);
    vi32 tiny = SK_ABS(x) < SK_SPLAT(x, 0x1p-14f);
    if (__builtin_expect(sk_any(tiny), 0)) {
        vf64 lo, hi;
        sk_widen_f32(x, &lo, &hi);
        vf64 c = SK_SPLAT(lo, SK2_TWO_RSQRTPI_HI);
        r = SK_SELECT(tiny, sk_narrow_f64(lo * c, hi * c), r);
    }
    return r;
}
#define ERF_BODY(a, b, c) _Generic((a), vf64: sk2_erf_f64, vf32: sk2_erf_f32)(a)
/*
 * float32 erfc in float64: SLEEF's float erfc reaches 1.7 ULP where its
 * results are subnormal (baseline target); the float64 one is within 1.5
 * ULP of double, so the float result carries one rounding, 0.5 ULP plus a
 * negligible term, down to the smallest subnormal.  (It is no slower.)
 */
SK_INLINE vf32 sk2_erfc_f32(vf32 x) {
    vf64 lo, hi;
    sk_widen_f32(x, &lo, &hi);
    return sk_narrow_f64(sk2_erfc_v64(lo), sk2_erfc_v64(hi));
}
/*
 * float64 erfc where its result nears the subnormal range (x in (26, 27.3);
 * beyond, it rounds to 0): SLEEF's vector erfc reached 1.8 ULP there on the
 * baseline target.  Those rare lanes take the C library's long double erfc
 * (64-bit significand, normal range to 1e-4951), rounded once to double.
 */
SK_INLINE vf64 sk2_erfc_f64(vf64 x) {
    vf64 r = sk2_erfc_v64(x);
    vi64 deep = (x > SK_SPLAT(x, 26.0)) & (x < SK_SPLAT(x, 27.3));
    if (__builtin_expect(sk_any(deep), 0)) {
        fenv_t env; /* erfc raises nothing (QUIET): not even the x87 unit's flags */
        feholdexcept(&env);
        for (int i = 0; i < SK_VL64; i++)
            if (deep[i]) r[i] = (double)erfcl((long double)x[i]);
        fesetenv(&env);
    }
    return r;
}
#define ERFC_BODY(a, b, c) _Generic((a), vf64: sk2_erfc_f64, vf32: sk2_erfc_f32)(a)

/* ----- float32 arctan, arcsin, arccos, arctan2 ------------------------ */
/*
 * SLEEF's float versions carry double-word float arithmetic throughout and
 * ran at about half of NumPy's speed.  arctan, arcsin, arccos and arctan2
 * are computed in float with float pairs where float's rounding would show
 * (below); arctan2's lanes with an argument outside [2^-60, 2^60] take a
 * float64 computation rounded once, with
 *
 *   atan t = t + t z P(z), z = t^2, |t| <= tan(pi/8): relative error 2^-40
 *
 * (tools/fit_invtrig_f32.py), after reducing y/x (numerator and divisor exact
 * in float64 for float arguments) with an offset of 0, pi/4 or pi/2:
 *   |t0| <= tan(pi/8):              t = t0,                atan t0 = atan t;
 *   tan(pi/8) < |t0| <= tan(3pi/8): t = (t0 - 1)/(t0 + 1), atan t0 = pi/4 + atan t;
 *   |t0| > tan(3pi/8):              t = -1/t0,             atan t0 = pi/2 + atan t.
 * The offset is added to a term of at most half its size, so the float64
 * result keeps about 2^-40 relative: 0.5 ULP of float plus a negligible
 * term.  Without fma (baseline) SLEEF's float functions remain.
 */
#define SK2_TAN_PI8 0x1.a827999fcef32p-2  /* sqrt(2) - 1 */
#define SK2_TAN_3PI8 0x1.3504f333f9de6p+1 /* sqrt(2) + 1 */
#define SK2_PI 0x1.921fb54442d18p+1
#define SK2_PI_2 0x1.921fb54442d18p+0
#define SK2_PI_4 0x1.921fb54442d18p-1

/*
 * Float reciprocal and reciprocal square root estimates (AVX-512 2^-14
 * relative, AVX2 1.5 * 2^-12), refined in float64 by the callers: the
 * divisions and square roots of float64 cost more than everything else in
 * these kernels.  Elsewhere the exact operations stand in.
 */
#if defined(SK_TARGET_AVX512)
SK_INLINE vf32 sk2_rcp_est_f32(vf32 x) { return (vf32)_mm512_rcp14_ps((__m512)x); }
SK_INLINE vf32 sk2_rsqrt_est_f32(vf32 x) { return (vf32)_mm512_rsqrt14_ps((__m512)x); }
#elif defined(SK_TARGET_AVX2)
SK_INLINE vf32 sk2_rcp_est_f32(vf32 x) { return (vf32)_mm256_rcp_ps((__m256)x); }
SK_INLINE vf32 sk2_rsqrt_est_f32(vf32 x) { return (vf32)_mm256_rsqrt_ps((__m256)x); }
#else
SK_INLINE vf32 sk2_rcp_est_f32(vf32 x) { return SK_SPLAT(x, 1.0f) / x; }
SK_INLINE vf32 sk2_rsqrt_est_f32(vf32 x) { return SK_SPLAT(x, 1.0f) / skv_sqrt(x); }
#endif

SK_INLINE vf64 sk2_atan_poly_f64(vf64 t) {
    vf64 z = t * t;
    vf64 p = skv_fma(z, SK_SPLAT(t, -0x1.360f74f3f241cp-5), SK_SPLAT(t, 0x1.1e2c6a0e0b086p-4));
    p = skv_fma(z, p, SK_SPLAT(t, -0x1.70774b0c6557cp-4));
    p = skv_fma(z, p, SK_SPLAT(t, 0x1.c6d091416cf3bp-4));
    p = skv_fma(z, p, SK_SPLAT(t, -0x1.2490b8814e4e6p-3));
    p = skv_fma(z, p, SK_SPLAT(t, 0x1.999991af19e17p-3));
    p = skv_fma(z, p, SK_SPLAT(t, -0x1.5555554e7cbcep-2));
    return skv_fma(t * z, p, t);
}

/* atan(a/b) for a, b >= 0 (not both 0, not both inf), in [0, pi/2] */
SK_INLINE vf64 sk2_atan_ratio_f64(vf64 a, vf64 b) {
    vi64 mid = a > b * SK_SPLAT(a, SK2_TAN_PI8);
    vi64 big = a > b * SK_SPLAT(a, SK2_TAN_3PI8);
    vf64 num = SK_SELECT(big, -b, SK_SELECT(mid, a - b, a));
    vf64 den = SK_SELECT(big, a, SK_SELECT(mid, a + b, b));
    vf64 base = SK_SELECT(big, SK_SPLAT(a, SK2_PI_2),
                          SK_SELECT(mid, SK_SPLAT(a, SK2_PI_4), SK_SPLAT(a, 0.0)));
    return base + sk2_atan_poly_f64(num / den);
}

/*
 * float32 arctan in float arithmetic, the quotient and the offsets carried
 * as float pairs (hi + lo) so that only small terms see float's rounding:
 *   a <= 1/2:          t = a,                 offset 0;
 *   1/2 < a <= 2.414:  t = (a - 1)/(a + 1),   offset pi/4 (a - 1 exact);
 *   a > 2.414:         t = -1/a,              offset pi/2 (a held at 2^60);
 * so |t| <= 1/2.  The divisor a + 1 is a float pair (two-sum), the quotient
 * th + tl from a refined reciprocal estimate and the exact residual (about
 * 2^-44 relative), atan t = t + t z P(z), z = t^2, with P of degree 5 in
 * float (fitted to 2^-31.7 relative by tools/fit_invtrig_f32.py; the term
 * t z P is under a tenth of the result, so float's rounding in it stays
 * a few tenths of an ULP), and the offset added by a two-sum.  Checked over
 * every float: at most 0.734 ULP (x near 0.497, the top of the first branch).
 */
#define SK2_PIO2_HI_F 0x1.921fb6p+0f
#define SK2_PIO2_LO_F -0x1.777a5cp-25f
#define SK2_PIO4_HI_F 0x1.921fb6p-1f
#define SK2_PIO4_LO_F -0x1.777a5cp-26f
#define SK2_PI_HI_F 0x1.921fb6p+1f
#define SK2_PI_LO_F -0x1.777a5cp-24f
SK_INLINE vf32 sk2_atan_own_f32(vf32 x) {
    if (!SK_HAVE_FMA) return SK2_TINY_IS_X(x, sk2_atan_v32(x));
    vf32 one = SK_SPLAT(x, 1.0f), zero = SK_SPLAT(x, 0.0f);
    vf32 a = SK_ABS(x);
    a = SK_SELECT(a > SK_SPLAT(a, 0x1p60f), SK_SPLAT(a, 0x1p60f), a); /* NaN stays */
    vi32 mid = a > SK_SPLAT(a, 0.5f), big = a > SK_SPLAT(a, 0x1.3504f4p+1f);
    vi32 small = ~mid;
    vf32 num = SK_SELECT(big, -one, a - one);
    vf32 dh = SK_SELECT(big, a, a + one);
    vf32 dl = SK_SELECT(big, zero, SK_SELECT(a > one, (a - dh) + one, (one - dh) + a));
    vf32 r = sk2_rcp_est_f32(dh);
    r = skv_fma(r, skv_fma(-dh, r, one), r);
    vf32 th = num * r;
    vf32 e = skv_fma(-th, dh, num); /* exact */
    e = skv_fma(-th, dl, e);
    vf32 tl = e * r;
    th = SK_SELECT(small, a, th);
    tl = SK_SELECT(small, zero, tl);
    vf32 z = th * th;
    vf32 p = skv_fma(z, SK_SPLAT(x, 0x1.3c1c5ep-5f), SK_SPLAT(x, -0x1.469bd8p-4f));
    p = skv_fma(z, p, SK_SPLAT(x, 0x1.c00640p-4f));
    p = skv_fma(z, p, SK_SPLAT(x, -0x1.2448d4p-3f));
    p = skv_fma(z, p, SK_SPLAT(x, 0x1.9996d0p-3f));
    p = skv_fma(z, p, SK_SPLAT(x, -0x1.555550p-2f));
    vf32 corr = skv_fma(th * z, p, tl);
    vf32 bh = SK_SELECT(big, SK_SPLAT(x, SK2_PIO2_HI_F), SK_SELECT(mid, SK_SPLAT(x, SK2_PIO4_HI_F), zero));
    vf32 bl = SK_SELECT(big, SK_SPLAT(x, SK2_PIO2_LO_F), SK_SELECT(mid, SK_SPLAT(x, SK2_PIO4_LO_F), zero));
    vf32 sum = bh + th;
    vf32 err = (bh - sum) + th; /* |bh| >= |th| or bh = 0 */
    vf32 res = sum + ((err + bl) + corr);
    return SK_COPYSIGN(res, x); /* NaN: through the first branch, itself */
}

/* arctan2 for float32: signs and the both-zero, both-inf lanes around the ratio */
SK_INLINE vf64 sk2_atan2_in_f64(vf64 y, vf64 x) {
    vf64 a = SK_ABS(y), b = SK_ABS(x);
    vi64 zeros = (a == SK_SPLAT(a, 0.0)) & (b == SK_SPLAT(a, 0.0));
    vi64 infs = (a == SK_INF(a)) & (b == SK_INF(a));
    a = SK_SELECT(infs, SK_SPLAT(a, 1.0), a); /* atan(1) */
    b = SK_SELECT(zeros | infs, SK_SPLAT(a, 1.0), b);  /* atan(0) */
    vf64 r = sk2_atan_ratio_f64(a, b);
    vi64 xneg = sk_bits(x) < 0; /* x = -0 included */
    r = SK_SELECT(xneg, SK_SPLAT(r, SK2_PI) - r, r);
    return SK_COPYSIGN(r, y);
}

/* the float64 code above for every lane: zeros, infinities, NaN, extremes */
static __attribute__((noinline)) vf32 sk2_atan2_in_f64_f32(vf32 y, vf32 x) {
    vf64 yl, yh, xl, xh;
    sk_widen_f32(y, &yl, &yh);
    sk_widen_f32(x, &xl, &xh);
    return sk_narrow_f64(sk2_atan2_in_f64(yl, xl), sk2_atan2_in_f64(yh, xh));
}

/*
 * float32 arctan2 in float arithmetic, as arctan above, for |y| and |x| in
 * [2^-60, 2^60] (other lanes take the float64 code): a = |y|, b = |x|,
 *   2a <= b:      t = a/b,              offset 0;
 *   b/2 < a <= 2b: t = (a - b)/(a + b), offset pi/4 (a - b exact: Sterbenz);
 *   a > 2b:       t = -b/a,             offset pi/2;
 * so |t| <= 1/2, with the divisor a + b a float pair, the quotient th + tl
 * from a refined reciprocal estimate and the exact residual, P of arctan
 * above, and for x < 0 (-0 included) the offset pi - offset and -t; the
 * offset is a float pair added by a two-sum.  The sign of y goes to the
 * result.
 */
#define SK2_3PIO4_HI_F 0x1.2d97c8p+1f
#define SK2_3PIO4_LO_F -0x1.99bc5cp-28f
SK_INLINE vf32 sk2_atan2_own_f32(vf32 y, vf32 x) {
    vf32 one = SK_SPLAT(x, 1.0f), zero = SK_SPLAT(x, 0.0f);
    vf32 a = SK_ABS(y), b = SK_ABS(x);
    vf32 lo = SK_SPLAT(x, 0x1p-60f), hi = SK_SPLAT(x, 0x1p60f);
    vi32 out = ~((a >= lo) & (a <= hi) & (b >= lo) & (b <= hi));
    vi32 small = (a + a) <= b, big = a > (b + b);
    vi32 mid = ~(small | big);
    vf32 num = SK_SELECT(small, a, SK_SELECT(big, -b, a - b));
    vf32 sum = a + b;
    vf32 mx = SK_SELECT(a > b, a, b), mn = SK_SELECT(a > b, b, a);
    vf32 dh = SK_SELECT(small, b, SK_SELECT(big, a, sum));
    vf32 dl = SK_SELECT(mid, (mx - sum) + mn, zero);
    vf32 r = sk2_rcp_est_f32(dh);
    r = skv_fma(r, skv_fma(-dh, r, one), r);
    vf32 th = num * r;
    vf32 e = skv_fma(-th, dh, num); /* exact */
    e = skv_fma(-th, dl, e);
    vf32 tl = e * r;
    vf32 t = th + tl; /* renormalized: th the float nearest the quotient */
    tl = tl - (t - th);
    th = t;
    vf32 z = th * th;
    tl = tl * skv_fma(z, z, one - z); /* atan(th + tl) = atan th + tl/(1 + z) */
    vf32 p = skv_fma(z, SK_SPLAT(x, 0x1.3c1c5ep-5f), SK_SPLAT(x, -0x1.469bd8p-4f));
    p = skv_fma(z, p, SK_SPLAT(x, 0x1.c00640p-4f));
    p = skv_fma(z, p, SK_SPLAT(x, -0x1.2448d4p-3f));
    p = skv_fma(z, p, SK_SPLAT(x, 0x1.9996d0p-3f));
    p = skv_fma(z, p, SK_SPLAT(x, -0x1.555550p-2f));
    vf32 corr = skv_fma(th * z, p, tl);
    vi32 xneg = sk_bits(x) < 0;
    vf32 bh = SK_SELECT(big, SK_SPLAT(x, SK2_PIO2_HI_F),
                        SK_SELECT(mid, SK_SELECT(xneg, SK_SPLAT(x, SK2_3PIO4_HI_F), SK_SPLAT(x, SK2_PIO4_HI_F)),
                                  SK_SELECT(xneg, SK_SPLAT(x, SK2_PI_HI_F), zero)));
    vf32 bl = SK_SELECT(big, SK_SPLAT(x, SK2_PIO2_LO_F),
                        SK_SELECT(mid, SK_SELECT(xneg, SK_SPLAT(x, SK2_3PIO4_LO_F), SK_SPLAT(x, SK2_PIO4_LO_F)),
                                  SK_SELECT(xneg, SK_SPLAT(x, SK2_PI_LO_F), zero)));
    vf32 m = SK_SELECT(xneg, -one, one);
    vf32 mt = m * th;
    vf32 s = bh + mt;
    vf32 err = (bh - s) + mt; /* |bh| >= |th| or bh = 0 */
    vf32 res = SK_COPYSIGN(s + skv_fma(m, corr, err + bl), y);
    /* only those lanes, so that a lane's result does not depend on its neighbours */
    if (__builtin_expect(sk_any(out), 0)) res = SK_SELECT(out, sk2_atan2_in_f64_f32(y, x), res);
    return res;
}

/*
 * float32 arcsin and arccos in float arithmetic, as arctan above: with
 * u = |x| (arcsin) or x (arccos) for |x| <= 1/2, and otherwise u = s + sl,
 * s = sqrt(zu) rounded (zu = (1 - |x|)/2 is exact) and sl = (zu - s^2)/(2s)
 * from the exact residual and a reciprocal square root estimate,
 *   asin u = u + corr,  corr = u z Q(z) (+ sl),  Q of degree 5 in float
 *   (2^-31.7 relative, tools/fit_invtrig_f32.py), z = u^2 or zu;
 *   result = B + m (u + corr) with
 *     arcsin: B = 0, m = 1 (|x| <= 1/2); B = pi/2, m = -2 (above; sign of x);
 *     arccos: B = pi/2, m = -1; B = 0, m = 2 (x > 1/2); B = pi, m = -2 (x < -1/2);
 * B a float pair and B + m u a two-sum (|B| >= |m u|), so that float's
 * rounding falls only on terms under a tenth of the result.  |x| > 1 and
 * NaN give NaN (the square root's or the argument's).
 */
SK_INLINE vf32 sk2_asin_core_f32(vf32 x, int acos) {
    vf32 zero = SK_SPLAT(x, 0.0f), one = SK_SPLAT(x, 1.0f);
    vf32 a = SK_ABS(x);
    vi32 up = a > SK_SPLAT(x, 0.5f);
    vf32 zu = (one - a) * SK_SPLAT(x, 0.5f);
    vf32 sh = skv_sqrt(zu);
    vf32 h = sk2_rsqrt_est_f32(SK_SELECT(zu > zero, zu, one));
    vf32 sl = skv_fma(-sh, sh, zu) * (h * SK_SPLAT(x, 0.5f));
    vf32 uh = SK_SELECT(up, sh, acos ? x : a);
    vf32 ul = SK_SELECT(up, sl, zero);
    vf32 z = SK_SELECT(up, zu, x * x);
    vf32 q = skv_fma(z, SK_SPLAT(x, 0x1.32b786p-5f), SK_SPLAT(x, 0x1.dadf4ap-7f));
    q = skv_fma(z, q, SK_SPLAT(x, 0x1.0474b2p-5f));
    q = skv_fma(z, q, SK_SPLAT(x, 0x1.6cb21cp-5f));
    q = skv_fma(z, q, SK_SPLAT(x, 0x1.33386ap-4f));
    q = skv_fma(z, q, SK_SPLAT(x, 0x1.55554cp-3f));
    vf32 corr = skv_fma(uh * z, q, ul);
    vf32 m, bh, bl;
    if (!acos) {
        m = SK_SELECT(up, SK_SPLAT(x, -2.0f), one);
        bh = SK_SELECT(up, SK_SPLAT(x, SK2_PIO2_HI_F), zero);
        bl = SK_SELECT(up, SK_SPLAT(x, SK2_PIO2_LO_F), zero);
    } else {
        vi32 neg = x < zero;
        m = SK_SELECT(up, SK_SELECT(neg, SK_SPLAT(x, -2.0f), SK_SPLAT(x, 2.0f)), -one);
        bh = SK_SELECT(up, SK_SELECT(neg, SK_SPLAT(x, SK2_PI_HI_F), zero), SK_SPLAT(x, SK2_PIO2_HI_F));
        bl = SK_SELECT(up, SK_SELECT(neg, SK_SPLAT(x, SK2_PI_LO_F), zero), SK_SPLAT(x, SK2_PIO2_LO_F));
    }
    vf32 mu = m * uh; /* exact */
    vf32 sum = bh + mu;
    vf32 err = (bh - sum) + mu;
    vf32 res = sum + skv_fma(m, corr, err + bl);
    return acos ? res : SK_COPYSIGN(res, x);
}

#define SK2_ASIN_F32(name, acos, sleef_call)                                   \
    SK_INLINE vf32 sk2_##name##_own_f32(vf32 x) {                              \
        if (!SK_HAVE_FMA) return sleef_call;                                   \
        return sk2_asin_core_f32(x, acos);                                     \
    }
SK2_ASIN_F32(asin, 0, SK2_TINY_IS_X(x, sk2_asin_v32(x)))
SK2_ASIN_F32(acos, 1, sk2_acos_v32(x))

/* ----- arctan2 -------------------------------------------------------- */
/*
 * arctan2(y, x) raises underflow as NumPy's does: where the result is tiny
 * (below the normal range, zero included) for a nonzero y and a finite x,
 * and y is itself subnormal or x lies in the top binade.  (A tiny result
 * from two other normal arguments, arctan2(1e-300, 3e38) say, raises
 * nothing in NumPy, and so here.)
 */
#define SK2_TOP_BINADE(v) SK_SPLAT(v, sizeof((v)[0]) == 8 ? 0x1p1023 : 0x1p127)
/*
 * For x > 0 and |y/x| below 2^-27 (float32: 2^-12), arctan2(y, x) is y/x
 * within a third of half an ULP: the quotient, rounded once, is used (SLEEF's
 * is an ULP off where it is subnormal).
 */
#define SK2_ATAN2_TINY(v) SK2_TINY(v)
#define SK2_ATAN2_TINY_OR(y, x, r)                                             \
    ({                                                                         \
        __typeof__(y) q_ = (y) / (x);                                          \
        SK_SELECT(((x) > SK_SPLAT(x, 0.0)) & (SK_ABS(q_) < SK2_ATAN2_TINY(q_)), q_, r); \
    })
SK_INLINE vf64 sk2_atan2_f64(vf64 y, vf64 x) {
    return SK2_ATAN2_TINY_OR(y, x, sk2_atan2_v64(y, x));
}
/* float32: own code in float64 (above), which needs no tiny-quotient lanes */
SK_INLINE vf32 sk2_atan2_f32(vf32 y, vf32 x) {
    return SK_HAVE_FMA ? sk2_atan2_own_f32(y, x) : SK2_ATAN2_TINY_OR(y, x, sk2_atan2_v32(y, x));
}
#define sk2_atan2(y, x) _Generic((y), vf64: sk2_atan2_f64, vf32: sk2_atan2_f32)(y, x)
#define sk2_atan2_flagged(y, x, acc)                                           \
    ({                                                                         \
        __typeof__(y) r_ = sk2_atan2(y, x);                                    \
        *(acc) |= (SK_ABS(r_) < SK_MIN_NORMAL(r_)) & ((y) != SK_SPLAT(y, 0.0)) & \
                  (SK_ABS(x) < SK_INF(x)) &                                    \
                  ((SK_ABS(y) < SK_MIN_NORMAL(y)) | (SK_ABS(x) >= SK2_TOP_BINADE(x))) & \
                  SK_FE_UNDERFLOW;                                             \
        r_;                                                                    \
    })
#define ATAN2_BODY(a, b, c) sk2_atan2_flagged(a, b, acc)
SK_INLINE vf64 sk2_asin_f64_body(vf64 x) { return SK2_TINY_IS_X(x, sk2_asin_v64(x)); }
SK_INLINE vf64 sk2_atan_f64_body(vf64 x) { return SK2_TINY_IS_X(x, sk2_atan_v64(x)); }
#define ASIN_BODY(a, b, c)                                                     \
    _Generic((a), vf64: sk2_asin_f64_body, vf32: sk2_asin_own_f32)(a)
#define ACOS_BODY(a, b, c) _Generic((a), vf64: sk2_acos_v64, vf32: sk2_acos_own_f32)(a)
#define ATAN_BODY(a, b, c)                                                     \
    _Generic((a), vf64: sk2_atan_f64_body, vf32: sk2_atan_own_f32)(a)

SK_DEFINE_MAP(tan, 1, TAN_BODY, TRIG)
SK_DEFINE_MAP(arcsin, 1, ASIN_BODY, ASIN)
SK_DEFINE_MAP(arccos, 1, ACOS_BODY, ASIN)
SK_DEFINE_MAP(arctan, 1, ATAN_BODY, QUIET)
SK_DEFINE_MAP(sinh, 1, SINH_BODY, HYPER)
SK_DEFINE_MAP(cosh, 1, COSH_BODY, HYPER)
SK_DEFINE_MAP(arcsinh, 1, ASINH_BODY, QUIET)
SK_DEFINE_MAP(arccosh, 1, ACOSH_BODY, ACOSH)
SK_DEFINE_MAP_PAD(arctanh, 1, ATANH_BODY, ATANH, 0.5) /* arctanh(1) raises */
SK_DEFINE_MAP(erf, 1, ERF_BODY, QUIET)
SK_DEFINE_MAP(erfc, 1, ERFC_BODY, QUIET)
SK_DEFINE_MAP(arctan2, 2, ATAN2_BODY, OWN)
