/*
 * A table logarithm, used instead of SLEEF's u10 log (double-word arithmetic
 * throughout) where fma is available.
 *
 *   x = 2^k z,  z in [OFF, 2 OFF),  OFF = 0.685546875
 *   log x = k ln2 + log(1/c) + log1p(r),  r = z c - 1,  |r| <= 2^-8
 *
 * The interval i of z (the top mantissa bits of bits(x) - bits(OFF): 2^-8
 * wide below 1, 2^-7 above) picks c ~ 1/centre from a 128-entry table, and
 * hi = -log(c) from another: c is chosen so that -log(c) lies within 2^-66
 * of a multiple of 2^-43, so k ln2_hi + hi is exact and no third table of
 * low parts is needed; the interval holding 1 has c = 1, so near 1 nothing
 * cancels.  z c is carried exactly as (ph - 1) + pl, log1p(r) - r is the Taylor polynomial
 * r^2 (-1/2 + r/3 - ... + r^5/7) (truncation below 2^-59 relative), and the
 * pieces are summed so that one rounding ends it: about 0.5 ULP plus 2^-8.
 * float32 is the same in float32 arithmetic with 16 intervals (below).
 * tools/gen_log_table.py generates the tables.
 */
#ifndef SK_VLOG_H
#define SK_VLOG_H

#include "loops.h"

static const double sk_log_invc[128] = {
    0x1.745d1f88e0856p+0, 0x1.7242902d37571p+0, 0x1.702e0dd85fd38p+0, 0x1.6e1f7ec6eac87p+0,
    0x1.6c16c984b2886p+0, 0x1.6a13d5172a9a0p+0, 0x1.681689627ad4ep+0, 0x1.661ece8a85a3bp+0,
    0x1.642c8d629ec8fp+0, 0x1.623faf48759dfp+0, 0x1.60581dc4523bcp+0, 0x1.5e75c343676d3p+0,
    0x1.5c988a6fdf8aep+0, 0x1.5ac05e5530a76p+0, 0x1.58ed2aae0fa52p+0, 0x1.571edb699c546p+0,
    0x1.55555cda0a2cdp+0, 0x1.53909c1473a18p+0, 0x1.51d0861c7e5bcp+0, 0x1.501508ba00feep+0,
    0x1.4e5e11df44b9cp+0, 0x1.4cab8fd5aa183p+0, 0x1.4afd71460dcf2p+0, 0x1.4953a5754a3d2p+0,
    0x1.47ae1bc82c86dp+0, 0x1.460cc3b994759p+0, 0x1.446f8d773ecf7p+0, 0x1.42d66974ac70ap+0,
    0x1.4141485ff5e5dp+0, 0x1.3fb01b043936fp+0, 0x1.3e22d2d7b1db9p+0, 0x1.3c996147cd8b3p+0,
    0x1.3b13b83400719p+0, 0x1.3991c9ac396e7p+0, 0x1.3813881f55b34p+0, 0x1.3698e6197d5c1p+0,
    0x1.3521d68ad63aap+0, 0x1.33ae4c806e617p+0, 0x1.323e3b6bbb0a5p+0, 0x1.30d196c9b3b0cp+0,
    0x1.2f685282bb0ebp+0, 0x1.2e0262ba91926p+0, 0x1.2c9fbb8532aacp+0, 0x1.2b405167e0b91p+0,
    0x1.29e41925693c0p+0, 0x1.288b07a6ec391p+0, 0x1.2735121d10eb9p+0, 0x1.25e22d8e4ac54p+0,
    0x1.24924f930b759p+0, 0x1.23456e05a2f84p+0, 0x1.21fb7e6f0c93bp+0, 0x1.20b4771dc82bap+0,
    0x1.1f704e39a65b7p+0, 0x1.1e2efa06d684ep+0, 0x1.1cf07123c05e7p+0, 0x1.1bb4aa57e3227p+0,
    0x1.1a7b9c431f0fbp+0, 0x1.19453e471c582p+0, 0x1.1811873c28addp+0, 0x1.16e06ec618186p+0,
    0x1.15b1ec166260dp+0, 0x1.1485f6fca3c99p+0, 0x1.135c872e38d7ap+0, 0x1.1235948f189d4p+0,
    0x1.1111171cb1067p+0, 0x1.0fef070df6638p+0, 0x1.0ecf5cbd9213cp+0, 0x1.0db2108707eedp+0,
    0x1.0c971ae80ab6ep+0, 0x1.0b7e74b21d552p+0, 0x1.0a68168844279p+0, 0x1.0953f965d5644p+0,
    0x1.0842164f21586p+0, 0x1.0732666c4bf8ep+0, 0x1.0624e304b4161p+0, 0x1.0519853f866cep+0,
    0x1.041046ce21c13p+0, 0x1.030921092fcb0p+0, 0x1.02040dd2f3bc0p+0, 0x1.010106b537df5p+0,
    0x1.0000000000000p+0, 0x1.fc07fb645af74p-1, 0x1.f81f8d0ceaf4dp-1, 0x1.f44664fb9ec04p-1,
    0x1.f07c29f3a58cdp-1, 0x1.ecc08615bad14p-1, 0x1.e913257e5726dp-1, 0x1.e573b7573f97cp-1,
    0x1.e1e1ec84c2d54p-1, 0x1.de5d78d27dfa3p-1, 0x1.dae611f010038p-1, 0x1.d77b6fb816d9dp-1,
    0x1.d41d4c29f3651p-1, 0x1.d0cb6333f3989p-1, 0x1.cd8572cd64c57p-1, 0x1.ca4b3a6bdc224p-1,
    0x1.c71c7bd36f5a7p-1, 0x1.c3f8fa244460ep-1, 0x1.c0e07a303b7c4p-1, 0x1.bdd2c26f9afcep-1,
    0x1.bacf9b199411ep-1, 0x1.b7d6cd8f4f221p-1, 0x1.b4e824fd8974ap-1, 0x1.b2036da9497ccp-1,
    0x1.af28754166e42p-1, 0x1.ac570b1777c3ep-1, 0x1.a98eff665d84fp-1, 0x1.a6d023ca1a06fp-1,
    0x1.a41a4ae6d9023p-1, 0x1.a16d48d7cc9abp-1, 0x1.9ec8f28802bc1p-1, 0x1.9c2d1dfbfd0a7p-1,
    0x1.9999a2b33e6d8p-1, 0x1.970e5883f8b0dp-1, 0x1.948b18bc3ef30p-1, 0x1.920fbd768d2aep-1,
    0x1.8f9c21c9c5edbp-1, 0x1.8d30219dc45ecp-1, 0x1.8acb99a9c4efcp-1, 0x1.886e67b65dac3p-1,
    0x1.86186a2a4eb75p-1, 0x1.83c98041b9b44p-1, 0x1.81818a1305661p-1, 0x1.7f40683f7206ap-1,
    0x1.7d05fc8042d17p-1, 0x1.7ad228f7f10c9p-1, 0x1.78a4d061a0985p-1, 0x1.767dd6889d876p-1,
};
static const double sk_log_thi[128] = {
    -0x1.7fafba75ea800p-2, -0x1.79e27d44dc800p-2, -0x1.741d9dee32000p-2, -0x1.6e6104ff4a000p-2,
    -0x1.68ac9aaefc800p-2, -0x1.630047592f000p-2, -0x1.5d5bf4a5a3000p-2, -0x1.57bf8bd0a3000p-2,
    -0x1.522af6ef12800p-2, -0x1.4c9e208ee6800p-2, -0x1.4718f2a9ab000p-2, -0x1.419b58c650800p-2,
    -0x1.3c253e1bd3800p-2, -0x1.36b68dff74800p-2, -0x1.314f34d1f4000p-2, -0x1.2bef1e9cf7800p-2,
    -0x1.269637a16c000p-2, -0x1.21446d7e98000p-2, -0x1.1bf9acbc05800p-2, -0x1.16b5e3518a800p-2,
    -0x1.1178fede40800p-2, -0x1.0c42ed33c5800p-2, -0x1.07139c7590000p-2, -0x1.01eafbdb1f000p-2,
    -0x1.f991f46e51000p-3, -0x1.ef5b0bb37c000p-3, -0x1.e5311cff2d000p-3, -0x1.db1408096e000p-3,
    -0x1.d103ac8a15000p-3, -0x1.c6ffe9820f000p-3, -0x1.bd08a0d046000p-3, -0x1.b31db2be36000p-3,
    -0x1.a93f011ab0000p-3, -0x1.9f6c6d9d60000p-3, -0x1.95a5db1d12000p-3, -0x1.8beb2beba2000p-3,
    -0x1.823c43ace5000p-3, -0x1.7899058b23000p-3, -0x1.6f015617c9000p-3, -0x1.65751903f0000p-3,
    -0x1.5bf433a7b2000p-3, -0x1.527e8bcb46000p-3, -0x1.491405aea4000p-3, -0x1.3fb487787c000p-3,
    -0x1.365ff7e28c000p-3, -0x1.2d163da137000p-3, -0x1.23d7404e41000p-3, -0x1.1aa2e559d8000p-3,
    -0x1.11791527ce000p-3, -0x1.0859b8f185000p-3, -0x1.fe896d7e4e000p-4, -0x1.ec73f22728000p-4,
    -0x1.da72d0edc6000p-4, -0x1.c885da9da2000p-4, -0x1.b6ace33cc2000p-4, -0x1.a4e7bf5ffa000p-4,
    -0x1.93363fa2d6000p-4, -0x1.81983ddf9a000p-4, -0x1.700d8a7e7e000p-4, -0x1.5e95ffd6fa000p-4,
    -0x1.4d31701c32000p-4, -0x1.3bdfb4fb58000p-4, -0x1.2aa0a513fe000p-4, -0x1.1974182de4000p-4,
    -0x1.0859e60842000p-4, -0x1.eea3d08508000p-5, -0x1.ccb7f2445c000p-5, -0x1.aaefe31540000p-5,
    -0x1.894b55ef40000p-5, -0x1.67ca04fc0c000p-5, -0x1.466ba2210c000p-5, -0x1.252fe720ec000p-5,
    -0x1.04168c337c000p-5, -0x1.c63e9696c0000p-6, -0x1.8493bf3280000p-6, -0x1.432bfbabb0000p-6,
    -0x1.0206d24380000p-6, -0x1.82475d42a0000p-7, -0x1.010432ff70000p-7, -0x1.0086041820000p-8,
    0x0.0p+0, 0x1.fdfcf91f40000p-8, 0x1.fc07bac820000p-7, 0x1.7b90454cd0000p-6,
    0x1.f828487f30000p-6, 0x1.39e7c676ac000p-5, 0x1.7744db5efc000p-5, 0x1.b42d213148000p-5,
    0x1.f0a2573028000p-5, 0x1.1653145fe2000p-4, 0x1.341d1eab34000p-4, 0x1.51b019611c000p-4,
    0x1.6f0cce3f46000p-4, 0x1.8c34032948000p-4, 0x1.a92678c5d0000p-4, 0x1.c5e4eed1be000p-4,
    0x1.e2701c73c6000p-4, 0x1.fec8b83514000p-4, 0x1.0d77ba50fa000p-3, 0x1.1b72802247000p-3,
    0x1.2955022bb3000p-3, 0x1.371f94dea1000p-3, 0x1.44d2896844000p-3, 0x1.526e30c349000p-3,
    0x1.5ff2da13d1000p-3, 0x1.6d60d16969000p-3, 0x1.7ab863046c000p-3, 0x1.87f9d8f71f000p-3,
    0x1.95257ca9e4000p-3, 0x1.a23b949b68000p-3, 0x1.af3c67687f000p-3, 0x1.bc283a46c8000p-3,
    0x1.c8ff4ef972000p-3, 0x1.d5c1e95d01000p-3, 0x1.e27049a9b1000p-3, 0x1.ef0aafa9e7000p-3,
    0x1.fb9159abce000p-3, 0x1.040242a08f000p-2, 0x1.0a323796e2800p-2, 0x1.1058a8fb08800p-2,
    0x1.1675b40bac000p-2, 0x1.1c8975690b800p-2, 0x1.229408fa71800p-2, 0x1.28958ab464000p-2,
    0x1.2e8e15155e800p-2, 0x1.347dc2eb50800p-2, 0x1.3a64aecd28000p-2, 0x1.4042f1cadc000p-2,
};

#define SK_LOG_OFF_BITS 0x3fe5f00000000000ULL
#define SK_LOG_LN2 0x1.62e42fefa39efp-1
#define SK_LOG_LN2_HI 0x1.62e42fefa3800p-1 /* a multiple of 2^-43 */
#define SK_LOG_LN2_LO 0x1.ef35793c76730p-45

/* table[idx[i]] for a 128-entry float64 table (idx in 0..127). */
#if defined(SK_TARGET_AVX512)
SK_INLINE vf64 sk_log_gather(const double *table, vi64 idx) {
    return (vf64)_mm512_i64gather_pd((__m512i)idx, table, 8);
}
#elif defined(SK_TARGET_AVX2)
SK_INLINE vf64 sk_log_gather(const double *table, vi64 idx) {
    return (vf64)_mm256_i64gather_pd(table, (__m256i)idx, 8);
}
#else
SK_INLINE vf64 sk_log_gather(const double *table, vi64 idx) {
    vf64 r = {0};
    for (int i = 0; i < SK_VL64; i++) r[i] = table[idx[i]];
    return r;
}
#endif

/*
 * Whether any lane fails a >= amin and b < bmax (NaN fails): the test for
 * the odd vectors.  AVX-512 keeps the comparison in mask registers (the
 * generic form would move it through a vector and back).
 */
#if defined(SK_TARGET_AVX512)
SK_INLINE int sk_log_any_out_f64(vf64 a, double amin, vf64 b, double bmax) {
    __mmask8 m = _mm512_cmp_pd_mask((__m512d)a, _mm512_set1_pd(amin), _CMP_GE_OQ) &
                 _mm512_cmp_pd_mask((__m512d)b, _mm512_set1_pd(bmax), _CMP_LT_OQ);
    return m != 0xff;
}
SK_INLINE int sk_log_any_out_f32(vf32 a, float amin, vf32 b, float bmax) {
    __mmask16 m = _mm512_cmp_ps_mask((__m512)a, _mm512_set1_ps(amin), _CMP_GE_OQ) &
                  _mm512_cmp_ps_mask((__m512)b, _mm512_set1_ps(bmax), _CMP_LT_OQ);
    return m != 0xffff;
}
#else
SK_INLINE int sk_log_any_out_f64(vf64 a, double amin, vf64 b, double bmax) {
    return sk_any(~((a >= SK_SPLAT(a, amin)) & (b < SK_SPLAT(b, bmax))));
}
SK_INLINE int sk_log_any_out_f32(vf32 a, float amin, vf32 b, float bmax) {
    return sk_any(~((a >= SK_SPLAT(a, amin)) & (b < SK_SPLAT(b, bmax))));
}
#endif

/*
 * The reduction of a positive normal finite x: the table index, k as a
 * double (AVX-512 converts; AVX2, which has no int64 -> double conversion,
 * goes through the exponent field of 2^52 + k + 1023) and z.  Other lanes give garbage in range.
 */
SK_INLINE vi64 sk_log_reduce(vf64 x, vf64 *kd, vf64 *z) {
    vu64 ix = (vu64)sk_bits(x);
    vu64 tmp = ix - SK_LOG_OFF_BITS;
#if defined(__AVX512DQ__)
    *kd = __builtin_convertvector((vi64)tmp >> 52, vf64);
#else
    vu64 kb = (tmp + (0x3ffULL << 52)) >> 52; /* k + 1023 */
    *kd = (vf64)(kb | 0x4330000000000000ULL) - SK_SPLAT(x, 0x1p52 + 1023);
#endif
    *z = (vf64)(ix - (tmp & 0xfff0000000000000ULL));
    return (vi64)((tmp >> 45) & 127);
}

/*
 * log(x + xlo) as hi + *lo, not normalised (|*lo| <= 2^-8 |hi| or so: the
 * caller's hi + *lo is the one final rounding), for a positive normal finite
 * x; xlo is a tail below an ULP of x (0 for log) and kx adds
 * to k (for scaled subnormals).
 */
SK_INLINE vf64 sk_log_parts_f64(vf64 x, vf64 xlo, const vf64 *kx, const vf64 *x1p, vf64 *lo) {
    vf64 kd, z;
    vi64 i = sk_log_reduce(x, &kd, &z);
    vf64 c = sk_log_gather(sk_log_invc, i);
    vf64 ph = z * c;
    vf64 rl = skv_fma(z, c, -ph);
    vf64 r = ph - SK_SPLAT(x, 1.0); /* exact: ph in [0.99, 1.01] */
    if (x1p) {
        /* z's tail xlo 2^-k; 2^-k has 1023 - k in its exponent field */
        vf64 scale = (vf64)((vu64)sk_bits(SK_SPLAT(x, 0x1p52 + 1023) - kd) << 52);
        rl = skv_fma(xlo * scale, c, rl);
        /* |x1| < 2^-9: x = 1 + x1 is in the interval of c = 1 (k = 0, no
           table term), and r + rl = x1 exactly: take r = x1, rl = 0 (the
           polynomial then is log1p's own, and rl^2 is not lost) */
        SK_MASK_T(x) small = SK_ABS(*x1p) < SK_SPLAT(x, 0x1p-9);
        r = SK_SELECT(small, *x1p, r);
        rl = SK_SELECT(small, SK_SPLAT(x, 0.0), rl);
    }
    if (kx) kd += *kx;
    vf64 w = skv_fma(kd, SK_SPLAT(x, SK_LOG_LN2_HI), sk_log_gather(sk_log_thi, i)); /* exact */
    vf64 hi = w + r;
    vf64 e = (w - hi) + r; /* exact: |w| >= |r| unless w = 0 */
    vf64 q = skv_fma(r, SK_SPLAT(x, 1.0 / 7), SK_SPLAT(x, -1.0 / 6));
    q = skv_fma(r, q, SK_SPLAT(x, 0.2));
    q = skv_fma(r, q, SK_SPLAT(x, -0.25));
    q = skv_fma(r, q, SK_SPLAT(x, 1.0 / 3));
    q = skv_fma(r, q, SK_SPLAT(x, -0.5));
    vf64 t = kd * SK_SPLAT(x, SK_LOG_LN2_LO);
    /* log1p(r + rl) = log1p(r) + rl (1 - r) + O(rl r^2) */
    *lo = skv_fma(r * r, q, skv_fma(-rl, r, rl) + (e + t));
    return hi;
}

/* Constants of log2 and log10 as double words: 1/ln2, 1/ln10. */
#define SK_LOG_INV_LN2_HI 0x1.71547652b82fep+0
#define SK_LOG_INV_LN2_LO 0x1.777d0ffda0d24p-56
#define SK_LOG_INV_LN10_HI 0x1.bcb7b1526e50ep-2
#define SK_LOG_INV_LN10_LO 0x1.95355baaafad3p-57

/* (hi + lo) (ch + cl), |lo| small beside |hi|, rounded once at the end. */
SK_INLINE vf64 sk_log_scale_dd(vf64 hi, vf64 lo, double ch, double cl) {
    /* hi ch is exact inside the outer fma */
    return skv_fma(hi, SK_SPLAT(hi, ch), skv_fma(hi, SK_SPLAT(hi, cl), lo * SK_SPLAT(hi, ch)));
}

/* hi + lo as log (which = 0), log2 (1) or log10 (2). */
SK_INLINE vf64 sk_log_which_f64(vf64 hi, vf64 lo, int which) {
    return which == 0   ? hi + lo
           : which == 1 ? sk_log_scale_dd(hi, lo, SK_LOG_INV_LN2_HI, SK_LOG_INV_LN2_LO)
                        : sk_log_scale_dd(hi, lo, SK_LOG_INV_LN10_HI, SK_LOG_INV_LN10_LO);
}

/*
 * The vectors holding a lane that is not positive, normal and finite:
 * subnormals are scaled by 2^52 first; zero gives -inf, negatives NaN, +inf
 * and NaN themselves.  Out of line of the common path.
 */
static __attribute__((noinline, unused)) vf64 sk_logn_odd_f64(vf64 x, int which) {
    SK_MASK_T(x) sub = (x < SK_MIN_NORMAL(x)) & (x > SK_SPLAT(x, 0.0));
    SK_MASK_T(x) special = ~(x > SK_SPLAT(x, 0.0)) | ~(x < SK_INF(x));
    vf64 xs = SK_SELECT(sub, x * SK_SPLAT(x, 0x1p52), SK_SELECT(special, SK_SPLAT(x, 1.0), x));
    vf64 kx = SK_SELECT(sub, SK_SPLAT(x, -52.0), SK_SPLAT(x, 0.0));
    vf64 lo;
    vf64 hi = sk_log_parts_f64(xs, xs, &kx, 0, &lo);
    vf64 y = sk_log_which_f64(hi, lo, which);
    vf64 s = SK_SELECT(x == SK_SPLAT(x, 0.0), -SK_INF(x),
                       SK_SELECT(x < SK_SPLAT(x, 0.0), SK_SPLAT(x, __builtin_nan("")), x));
    return SK_SELECT(special, s, y);
}

/*
 * log, log2 (which = 1), log10 (which = 2) of every float64 x, with log's
 * flags (SK_RULE_LOG) added to *acc: only a vector with an odd lane can
 * raise one, so the rule runs there alone.
 */
SK_INLINE vf64 sk_logn_table_f64(vf64 x, int which, vi64 *acc) {
    if (__builtin_expect(sk_log_any_out_f64(x, 0x1p-1022, x, __builtin_inf()), 0)) {
        SK_RULE_LOG(x, x, *acc);
        return sk_logn_odd_f64(x, which);
    }
    vf64 lo;
    vf64 hi = sk_log_parts_f64(x, x, 0, 0, &lo);
    return sk_log_which_f64(hi, lo, which);
}

/*
 * log1p of float64 x: 1 + x as u + ulo exactly (two-sum), log(u + ulo) from
 * the core (which below 2^-9 evaluates its polynomial at x itself).  The odd vectors: x <= -1 (divide-by-zero at -1, invalid
 * below, as NumPy's), NaN, and x > 2^60, where log1p(x) is log(x)
 * (log1p(x) - log(x) = log1p(1/x) < 2^-60, far below an ULP of log(x) > 41).
 */
static __attribute__((noinline, unused)) vf64 sk_log1p_odd_f64(vf64 x, vf64 y) {
    SK_MASK_T(x) odd = ~((x > SK_SPLAT(x, -1.0)) & (x < SK_SPLAT(x, 0x1p60)));
    vi64 none = {0};
    vf64 m1 = SK_SPLAT(x, -1.0);
    SK_MASK_T(x) big = x >= SK_SPLAT(x, 0x1p60);
    vf64 lg = sk_logn_table_f64(SK_SELECT(big, x, SK_SPLAT(x, 1.0)), 0, &none);
    vf64 s = SK_SELECT(x == m1, -SK_INF(x), SK_SELECT(x < m1, SK_SPLAT(x, __builtin_nan("")), x));
    return SK_SELECT(big, lg, SK_SELECT(odd, s, y));
}

SK_INLINE vf64 sk_log1p_table_f64(vf64 x, vi64 *acc) {
    vf64 one = SK_SPLAT(x, 1.0);
    vf64 u = one + x;
    vf64 bv = u - one;
    vf64 ulo = (one - (u - bv)) + (x - bv);
    /* u > 0 is u >= 2^-53 (2^-24 in float32) */
    int any_odd = sk_log_any_out_f64(u, 0x1p-60, x, 0x1p60);
    if (__builtin_expect(any_odd, 0)) {
        SK_MASK_T(x) odd = ~((u >= SK_SPLAT(x, 0x1p-60)) & (x < SK_SPLAT(x, 0x1p60)));
        u = SK_SELECT(odd, one, u);
        ulo = SK_SELECT(odd, SK_SPLAT(x, 0.0), ulo);
    }
    vf64 lo;
    vf64 y = sk_log_parts_f64(u, ulo, 0, &x, &lo);
    y = SK_COPYSIGN(y + lo, x); /* log1p has x's sign; -0 stays -0 */
    if (__builtin_expect(any_odd, 0)) {
        *acc |= ((x == SK_SPLAT(x, -1.0)) & SK_FE_DIVBYZERO) | ((x < SK_SPLAT(x, -1.0)) & SK_FE_INVALID);
        y = sk_log1p_odd_f64(x, y);
    }
    return y;
}

/* ----- float32 ------------------------------------------------------------ */
/*
 * The same in float32 arithmetic (16 lanes a vector, where a float64 path
 * would have 8): z in [0.703125, 1.40625), 16 intervals (the one holding 1
 * is [1 - 2^-6, 1 + 2^-5), c = 1), |r| <= 2^-5, -log(c) as hi (a multiple
 * of 2^-15) + lo, log1p(r) - r = r^2 (-1/2 + r/3 - r^2/4 + r^3/5 - r^4/6)
 * (truncation 2^-32 relative), z c carried exactly and one final rounding:
 * about 0.5 ULP plus 2^-6.
 */
static const float sk_logf_invc[16] = {
    0x1.642c86p+0f, 0x1.555556p+0f, 0x1.47ae14p+0f, 0x1.3b13b2p+0f,
    0x1.2f684cp+0f, 0x1.24924ap+0f, 0x1.1a7b96p+0f, 0x1.111112p+0f,
    0x1.08421p+0f, 0x1.0p+0f, 0x1.e1e1e2p-1f, 0x1.c71c72p-1f,
    0x1.af286cp-1f, 0x1.99999ap-1f, 0x1.861862p-1f, 0x1.745d18p-1f,
};
static const float sk_logf_thi[16] = {
    -0x1.5228p-2f, -0x1.2698p-2f, -0x1.f99p-3f, -0x1.a94p-3f,
    -0x1.5bfp-3f, -0x1.118p-3f, -0x1.934p-4f, -0x1.086p-4f,
    -0x1.04p-5f, 0x0.0p+0f, 0x1.f0cp-5f, 0x1.e28p-4f,
    0x1.5ffp-3f, 0x1.c9p-3f, 0x1.1678p-2f, 0x1.4618p-2f,
};
static const float sk_logf_tlo[16] = {
    -0x1.70d9c6p-17f, 0x1.dcecb2p-18f, -0x1.c3cb3cp-19f, 0x1.273752p-19f,
    -0x1.01ed5p-17f, 0x1.c4776p-17f, 0x1.43654ep-17f, 0x1.99a988p-18f,
    -0x1.5c89e8p-17f, 0x0.0p+0f, -0x1.cf5feep-17f, -0x1.f163aap-17f,
    0x1.83053cp-18f, -0x1.0b0cacp-20f, -0x1.1b42a2p-17f, 0x1.74438cp-19f,
};
#define SK_LOGF_OFF_BITS 0x3f340000
#define SK_LOGF_LN2_HI 0x1.62e4p-1f /* a multiple of 2^-15 */
#define SK_LOGF_LN2_LO 0x1.7f7d1cp-20f
#define SK_LOGF_INV_LN2_HI 0x1.715476p+0f
#define SK_LOGF_INV_LN2_LO 0x1.4ae0cp-26f
#define SK_LOGF_INV_LN10_HI 0x1.bcb7b2p-2f
#define SK_LOGF_INV_LN10_LO -0x1.5b235ep-27f

/* log(x + xlo) as hi + *lo (as sk_log_parts_f64), x positive normal. */
SK_INLINE vf32 sk_log_parts_f32(vf32 x, vf32 xlo, const vf32 *kx, const vf32 *x1p, vf32 *lo) {
    vi32 ix = sk_bits(x);
    vi32 tmp = (vi32)((vu32)ix - SK_LOGF_OFF_BITS);
#if defined(SK_TARGET_AVX512)
    vi32 i = tmp >> 19; /* vpermps reads the low 4 bits alone */
#else
    vi32 i = (tmp >> 19) & 15;
#endif
    vi32 k = tmp >> 23; /* arithmetic */
    vf32 z = (vf32)((vu32)ix - ((vu32)tmp & 0xff800000u));
    vf32 c = sk_lookup16_f32(sk_logf_invc, i);
    vf32 ph = z * c;
    vf32 rl = skv_fma(z, c, -ph);
    vf32 kd = __builtin_convertvector(k, vf32);
    if (kx) kd += *kx;
    vf32 r = ph - SK_SPLAT(x, 1.0f); /* exact */
    if (x1p) {
        vf32 scale = (vf32)((vu32)(127 - k) << 23); /* 2^-k */
        rl = skv_fma(xlo * scale, c, rl);
        /* as float64's: |x1| < 2^-6 lies in the interval of c = 1 */
        SK_MASK_T(x) small = SK_ABS(*x1p) < SK_SPLAT(x, 0x1p-6f);
        r = SK_SELECT(small, *x1p, r);
        rl = SK_SELECT(small, SK_SPLAT(x, 0.0f), rl);
    }
    vf32 w = skv_fma(kd, SK_SPLAT(x, SK_LOGF_LN2_HI), sk_lookup16_f32(sk_logf_thi, i)); /* exact */
    vf32 hi = w + r;
    vf32 e = (w - hi) + r;
    vf32 q = skv_fma(r, SK_SPLAT(x, -1.0f / 6), SK_SPLAT(x, 0.2f));
    q = skv_fma(r, q, SK_SPLAT(x, -0.25f));
    q = skv_fma(r, q, SK_SPLAT(x, 1.0f / 3));
    q = skv_fma(r, q, SK_SPLAT(x, -0.5f));
    vf32 t = skv_fma(kd, SK_SPLAT(x, SK_LOGF_LN2_LO), sk_lookup16_f32(sk_logf_tlo, i));
    *lo = skv_fma(r * r, q, skv_fma(-rl, r, rl) + (e + t));
    return hi;
}

SK_INLINE vf32 sk_logf_scale_dd(vf32 hi, vf32 lo, float ch, float cl) {
    return skv_fma(hi, SK_SPLAT(hi, ch), skv_fma(hi, SK_SPLAT(hi, cl), lo * SK_SPLAT(hi, ch)));
}

/* hi + lo as log (which = 0), log2 (1) or log10 (2). */
SK_INLINE vf32 sk_log_which_f32(vf32 hi, vf32 lo, int which) {
    return which == 0   ? hi + lo
           : which == 1 ? sk_logf_scale_dd(hi, lo, SK_LOGF_INV_LN2_HI, SK_LOGF_INV_LN2_LO)
                        : sk_logf_scale_dd(hi, lo, SK_LOGF_INV_LN10_HI, SK_LOGF_INV_LN10_LO);
}

/*
 * The vectors holding a lane that is not positive, normal and finite:
 * subnormals are scaled by 2^23 first; zero gives -inf, negatives NaN, +inf
 * and NaN themselves.  Out of line of the common path.
 */
static __attribute__((noinline, unused)) vf32 sk_logn_odd_f32(vf32 x, int which) {
    SK_MASK_T(x) sub = (x < SK_MIN_NORMAL(x)) & (x > SK_SPLAT(x, 0.0f));
    SK_MASK_T(x) special = ~(x > SK_SPLAT(x, 0.0f)) | ~(x < SK_INF(x));
    vf32 xs = SK_SELECT(sub, x * SK_SPLAT(x, 0x1p23f), SK_SELECT(special, SK_SPLAT(x, 1.0f), x));
    vf32 kx = SK_SELECT(sub, SK_SPLAT(x, -23.0f), SK_SPLAT(x, 0.0f));
    vf32 lo;
    vf32 hi = sk_log_parts_f32(xs, xs, &kx, 0, &lo);
    vf32 y = sk_log_which_f32(hi, lo, which);
    vf32 s = SK_SELECT(x == SK_SPLAT(x, 0.0f), -SK_INF(x),
                       SK_SELECT(x < SK_SPLAT(x, 0.0f), SK_SPLAT(x, __builtin_nanf("")), x));
    return SK_SELECT(special, s, y);
}

/*
 * log, log2 (which = 1), log10 (which = 2) of every float32 x, with log's
 * flags (SK_RULE_LOG) added to *acc: only a vector with an odd lane can
 * raise one, so the rule runs there alone.
 */
SK_INLINE vf32 sk_logn_table_f32(vf32 x, int which, vi32 *acc) {
    if (__builtin_expect(sk_log_any_out_f32(x, 0x1p-126f, x, __builtin_inff()), 0)) {
        SK_RULE_LOG(x, x, *acc);
        return sk_logn_odd_f32(x, which);
    }
    vf32 lo;
    vf32 hi = sk_log_parts_f32(x, x, 0, 0, &lo);
    return sk_log_which_f32(hi, lo, which);
}

/*
 * log1p of float32 x: 1 + x as u + ulo exactly (two-sum), log(u + ulo) from
 * the core (which below 2^-6 evaluates its polynomial at x itself).  The odd vectors: x <= -1 (divide-by-zero at -1, invalid
 * below, as NumPy's), NaN, and x > 2^60, where log1p(x) is log(x)
 * (log1p(x) - log(x) = log1p(1/x) < 2^-60, far below an ULP of log(x) > 41).
 */
static __attribute__((noinline, unused)) vf32 sk_log1p_odd_f32(vf32 x, vf32 y) {
    SK_MASK_T(x) odd = ~((x > SK_SPLAT(x, -1.0f)) & (x < SK_SPLAT(x, 0x1p60f)));
    vi32 none = {0};
    vf32 m1 = SK_SPLAT(x, -1.0f);
    SK_MASK_T(x) big = x >= SK_SPLAT(x, 0x1p60f);
    vf32 lg = sk_logn_table_f32(SK_SELECT(big, x, SK_SPLAT(x, 1.0f)), 0, &none);
    vf32 s = SK_SELECT(x == m1, -SK_INF(x), SK_SELECT(x < m1, SK_SPLAT(x, __builtin_nanf("")), x));
    return SK_SELECT(big, lg, SK_SELECT(odd, s, y));
}

SK_INLINE vf32 sk_log1p_table_f32(vf32 x, vi32 *acc) {
    vf32 one = SK_SPLAT(x, 1.0f);
    vf32 u = one + x;
    vf32 bv = u - one;
    vf32 ulo = (one - (u - bv)) + (x - bv);
    /* u > 0 is u >= 2^-53 (2^-24 in float32) */
    int any_odd = sk_log_any_out_f32(u, 0x1p-60f, x, 0x1p60f);
    if (__builtin_expect(any_odd, 0)) {
        SK_MASK_T(x) odd = ~((u >= SK_SPLAT(x, 0x1p-60f)) & (x < SK_SPLAT(x, 0x1p60f)));
        u = SK_SELECT(odd, one, u);
        ulo = SK_SELECT(odd, SK_SPLAT(x, 0.0f), ulo);
    }
    vf32 lo;
    vf32 y = sk_log_parts_f32(u, ulo, 0, &x, &lo);
    y = SK_COPYSIGN(y + lo, x); /* log1p has x's sign; -0 stays -0 */
    if (__builtin_expect(any_odd, 0)) {
        *acc |= ((x == SK_SPLAT(x, -1.0f)) & SK_FE_DIVBYZERO) | ((x < SK_SPLAT(x, -1.0f)) & SK_FE_INVALID);
        y = sk_log1p_odd_f32(x, y);
    }
    return y;
}

/*
 * The bodies by element type, each adding its flags to *acc: the table code
 * where fma is available; elsewhere (the reduction's products need one
 * rounding) the callers keep SLEEF's u10 and their own rules.
 */
#if SK_HAVE_FMA
#  define SK_VLOG_TABLE 1
#  define sk_tlog_flagged(x, acc)                                              \
    _Generic((x), vf64: sk_logn_table_f64, vf32: sk_logn_table_f32)(x, 0, acc)
#  define sk_tlog2_flagged(x, acc)                                             \
    _Generic((x), vf64: sk_logn_table_f64, vf32: sk_logn_table_f32)(x, 1, acc)
#  define sk_tlog10_flagged(x, acc)                                            \
    _Generic((x), vf64: sk_logn_table_f64, vf32: sk_logn_table_f32)(x, 2, acc)
#  define sk_tlog1p_flagged(x, acc)                                            \
    _Generic((x), vf64: sk_log1p_table_f64, vf32: sk_log1p_table_f32)(x, acc)
#else
#  define SK_VLOG_TABLE 0
#endif

#endif /* SK_VLOG_H */
