/*
 * The internal vector layer.  Kernels are written once against it and each
 * family source is compiled once per target, with that target's flags and
 * one of SK_TARGET_BASELINE, SK_TARGET_AVX2, SK_TARGET_AVX512, SK_TARGET_NEON
 * defined.  Vectors are GCC/Clang vector extensions, so + - * / and the
 * comparisons are written as operators; the few operations the extensions
 * lack (fma, sqrt) and SLEEF's functions are mapped here per target.
 */
#ifndef SK_SIMD_H
#define SK_SIMD_H

#include <stdint.h>
#include <string.h>

#if defined(SK_TARGET_AVX512)
#  include <immintrin.h>
#  define SK_VBYTES 64
#  define SK_SUFFIX avx512
#elif defined(SK_TARGET_AVX2)
#  include <immintrin.h>
#  define SK_VBYTES 32
#  define SK_SUFFIX avx2
#elif defined(SK_TARGET_NEON)
#  include <arm_neon.h>
#  define SK_VBYTES 16
#  define SK_SUFFIX neon
#elif defined(SK_TARGET_BASELINE)
#  if defined(__SSE2__)
#    include <emmintrin.h>
#  endif
#  define SK_VBYTES 16
#  define SK_SUFFIX baseline
#else
#  error "compile with one of SK_TARGET_{BASELINE,AVX2,AVX512,NEON} defined"
#endif

#include <sleef.h>

#define SK_CAT_(a, b) a##_##b
#define SK_CAT(a, b) SK_CAT_(a, b)
/* sk_exp_f64 compiled for AVX-512 is sk_exp_f64_avx512. */
#define SK_SYM(name) SK_CAT(name, SK_SUFFIX)

#define SK_INLINE static inline __attribute__((always_inline))

typedef double vf64 __attribute__((vector_size(SK_VBYTES)));
typedef float vf32 __attribute__((vector_size(SK_VBYTES)));
typedef int64_t vi64 __attribute__((vector_size(SK_VBYTES)));
typedef int32_t vi32 __attribute__((vector_size(SK_VBYTES)));
/* Unsigned views, for bit arithmetic that may wrap (defined behaviour). */
typedef uint64_t vu64 __attribute__((vector_size(SK_VBYTES)));
typedef uint32_t vu32 __attribute__((vector_size(SK_VBYTES)));

#define SK_VL64 (SK_VBYTES / 8)
#define SK_VL32 (SK_VBYTES / 4)

/* Unaligned loads and stores (NumPy guarantees element alignment only). */
SK_INLINE vf64 sk_load_f64(const double *p) { vf64 v; memcpy(&v, p, sizeof v); return v; }
SK_INLINE vf32 sk_load_f32(const float *p) { vf32 v; memcpy(&v, p, sizeof v); return v; }
SK_INLINE void sk_store_f64(double *p, vf64 v) { memcpy(p, &v, sizeof v); }
SK_INLINE void sk_store_f32(float *p, vf32 v) { memcpy(p, &v, sizeof v); }

/*
 * A vector of the type of v with every lane c.  c - 0 keeps the sign of a
 * zero, an infinity and a NaN, which 0 + c would not.
 */
#define SK_SPLAT(v, c) ((__typeof__((v)[0]))(c) - (__typeof__(v)){0})

/* Integer mask vector matching a float vector (comparisons yield these). */
#define SK_MASK_T(v) __typeof__((v) == (v))

/* Bitwise views of float vectors. */
SK_INLINE vi64 sk_bits_f64(vf64 v) { return (vi64)v; }
SK_INLINE vi32 sk_bits_f32(vf32 v) { return (vi32)v; }
#define sk_bits(v) _Generic((v), vf64: sk_bits_f64, vf32: sk_bits_f32)(v)

/* Select a where m is true (all ones), else b. */
#define SK_SELECT(m, a, b) ((__typeof__(a))(((m) & sk_bits(a)) | (~(m) & sk_bits(b))))

/* |x| and copysign(mag, sign), by the sign bit. */
#define SK_SIGNBIT_MASK(v) ((SK_MASK_T(v))sk_bits(SK_SPLAT(v, -0.0)))
#define SK_ABS(v) ((__typeof__(v))(sk_bits(v) & ~SK_SIGNBIT_MASK(v)))
#define SK_COPYSIGN(mag, sgn)                                                  \
    ((__typeof__(mag))((sk_bits(mag) & ~SK_SIGNBIT_MASK(mag)) |                \
                       (sk_bits(sgn) & SK_SIGNBIT_MASK(mag))))

/* ----- fma and sqrt: one rounding each, per target -------------------- */
#if defined(SK_TARGET_AVX512)
SK_INLINE vf64 skv_fma_f64(vf64 a, vf64 b, vf64 c) { return (vf64)_mm512_fmadd_pd((__m512d)a, (__m512d)b, (__m512d)c); }
SK_INLINE vf32 skv_fma_f32(vf32 a, vf32 b, vf32 c) { return (vf32)_mm512_fmadd_ps((__m512)a, (__m512)b, (__m512)c); }
SK_INLINE vf64 skv_sqrt_f64(vf64 a) { return (vf64)_mm512_sqrt_pd((__m512d)a); }
SK_INLINE vf32 skv_sqrt_f32(vf32 a) { return (vf32)_mm512_sqrt_ps((__m512)a); }
#  define SK_HAVE_FMA 1
#elif defined(SK_TARGET_AVX2)
SK_INLINE vf64 skv_fma_f64(vf64 a, vf64 b, vf64 c) { return (vf64)_mm256_fmadd_pd((__m256d)a, (__m256d)b, (__m256d)c); }
SK_INLINE vf32 skv_fma_f32(vf32 a, vf32 b, vf32 c) { return (vf32)_mm256_fmadd_ps((__m256)a, (__m256)b, (__m256)c); }
SK_INLINE vf64 skv_sqrt_f64(vf64 a) { return (vf64)_mm256_sqrt_pd((__m256d)a); }
SK_INLINE vf32 skv_sqrt_f32(vf32 a) { return (vf32)_mm256_sqrt_ps((__m256)a); }
#  define SK_HAVE_FMA 1
#elif defined(SK_TARGET_NEON)
SK_INLINE vf64 skv_fma_f64(vf64 a, vf64 b, vf64 c) { return (vf64)vfmaq_f64((float64x2_t)c, (float64x2_t)a, (float64x2_t)b); }
SK_INLINE vf32 skv_fma_f32(vf32 a, vf32 b, vf32 c) { return (vf32)vfmaq_f32((float32x4_t)c, (float32x4_t)a, (float32x4_t)b); }
SK_INLINE vf64 skv_sqrt_f64(vf64 a) { return (vf64)vsqrtq_f64((float64x2_t)a); }
SK_INLINE vf32 skv_sqrt_f32(vf32 a) { return (vf32)vsqrtq_f32((float32x4_t)a); }
#  define SK_HAVE_FMA 1
#else
/*
 * x86-64 baseline has no fused multiply-add instruction.  C's fma() is
 * correctly rounded however it is computed, so the result is the same as
 * on the targets that have one.
 */
#  include <math.h>
SK_INLINE vf64 skv_fma_f64(vf64 a, vf64 b, vf64 c) {
    vf64 r = a; /* every lane is overwritten */
    for (int i = 0; i < SK_VL64; i++) r[i] = fma(a[i], b[i], c[i]);
    return r;
}
SK_INLINE vf32 skv_fma_f32(vf32 a, vf32 b, vf32 c) {
    vf32 r = a; /* every lane is overwritten */
    for (int i = 0; i < SK_VL32; i++) r[i] = fmaf(a[i], b[i], c[i]);
    return r;
}
#  if defined(__SSE2__)
SK_INLINE vf64 skv_sqrt_f64(vf64 a) { return (vf64)_mm_sqrt_pd((__m128d)a); }
SK_INLINE vf32 skv_sqrt_f32(vf32 a) { return (vf32)_mm_sqrt_ps((__m128)a); }
#  else
SK_INLINE vf64 skv_sqrt_f64(vf64 a) {
    vf64 r = a;
    for (int i = 0; i < SK_VL64; i++) r[i] = sqrt(a[i]);
    return r;
}
SK_INLINE vf32 skv_sqrt_f32(vf32 a) {
    vf32 r = a;
    for (int i = 0; i < SK_VL32; i++) r[i] = sqrtf(a[i]);
    return r;
}
#  endif
#  define SK_HAVE_FMA 0
#endif

/* float32 <-> float64, half a vector at a time (computing float in double). */
typedef float vf32h __attribute__((vector_size(SK_VBYTES / 2)));
SK_INLINE void sk_widen_f32(vf32 x, vf64 *lo, vf64 *hi) {
    vf32h h[2];
    memcpy(h, &x, sizeof h);
    *lo = __builtin_convertvector(h[0], vf64);
    *hi = __builtin_convertvector(h[1], vf64);
}
SK_INLINE vf32 sk_narrow_f64(vf64 lo, vf64 hi) {
    vf32h h[2] = {__builtin_convertvector(lo, vf32h), __builtin_convertvector(hi, vf32h)};
    vf32 x;
    memcpy(&x, h, sizeof x);
    return x;
}

/* Whether any lane of a comparison mask is set (for rare-case branches). */
#if defined(SK_TARGET_AVX512)
SK_INLINE int sk_any64(vi64 m) { return _mm512_movepi64_mask((__m512i)m) != 0; }
SK_INLINE int sk_any32(vi32 m) { return _mm512_movepi32_mask((__m512i)m) != 0; }
#elif defined(SK_TARGET_AVX2)
SK_INLINE int sk_any64(vi64 m) { return _mm256_movemask_pd((__m256d)m) != 0; }
SK_INLINE int sk_any32(vi32 m) { return _mm256_movemask_ps((__m256)m) != 0; }
#elif defined(SK_TARGET_NEON)
SK_INLINE int sk_any64(vi64 m) { return vmaxvq_u32((uint32x4_t)m) != 0; }
SK_INLINE int sk_any32(vi32 m) { return vmaxvq_u32((uint32x4_t)m) != 0; }
#elif defined(__SSE2__)
SK_INLINE int sk_any64(vi64 m) { return _mm_movemask_pd((__m128d)m) != 0; }
SK_INLINE int sk_any32(vi32 m) { return _mm_movemask_ps((__m128)m) != 0; }
#else
SK_INLINE int sk_any64(vi64 m) {
    int64_t any = 0;
    for (int i = 0; i < SK_VL64; i++) any |= m[i];
    return any != 0;
}
SK_INLINE int sk_any32(vi32 m) {
    int32_t any = 0;
    for (int i = 0; i < SK_VL32; i++) any |= m[i];
    return any != 0;
}
#endif
#define sk_any(m) _Generic((m), vi64: sk_any64, vi32: sk_any32)(m)

/* table[idx[i]] for a 16-entry float64 table (idx in 0..15). */
#if defined(SK_TARGET_AVX512)
SK_INLINE vf64 sk_lookup16_f64(const double *table, vi64 idx) {
    return (vf64)_mm512_permutex2var_pd(_mm512_loadu_pd(table), (__m512i)idx,
                                        _mm512_loadu_pd(table + 8));
}
#elif defined(SK_TARGET_AVX2)
SK_INLINE vf64 sk_lookup16_f64(const double *table, vi64 idx) {
    return (vf64)_mm256_i64gather_pd(table, (__m256i)idx, 8);
}
#else
SK_INLINE vf64 sk_lookup16_f64(const double *table, vi64 idx) {
    vf64 r = {0};
    for (int i = 0; i < SK_VL64; i++) r[i] = table[idx[i]];
    return r;
}
#endif
/* The same for a 16-entry float32 table. */
#if defined(SK_TARGET_AVX512)
SK_INLINE vf32 sk_lookup16_f32(const float *table, vi32 idx) {
    return (vf32)_mm512_permutexvar_ps((__m512i)idx, _mm512_loadu_ps(table));
}
#elif defined(SK_TARGET_AVX2)
SK_INLINE vf32 sk_lookup16_f32(const float *table, vi32 idx) {
    return (vf32)_mm256_i32gather_ps(table, (__m256i)idx, 4);
}
#else
SK_INLINE vf32 sk_lookup16_f32(const float *table, vi32 idx) {
    vf32 r = {0};
    for (int i = 0; i < SK_VL32; i++) r[i] = table[idx[i]];
    return r;
}
#endif

#define skv_fma(a, b, c) _Generic((a), vf64: skv_fma_f64, vf32: skv_fma_f32)(a, b, c)
#define skv_sqrt(a) _Generic((a), vf64: skv_sqrt_f64, vf32: skv_sqrt_f32)(a)

/* ----- SLEEF, per target ------------------------------------------------ */
/*
 * The finz_ (fused multiply-add) and cinz_ (without) variants are SLEEF's
 * deterministic ones: each lane's result depends on that lane alone.  The
 * plain variants pick one argument reduction for the whole vector (sin and
 * cos take the slow path for every lane when one lane is large), so a result
 * would depend on its neighbours.  u is SLEEF's accuracy tag: u10 (at most
 * 1.0 ULP) for most functions, u05 (0.5 ULP) for hypot.
 */
#if defined(SK_TARGET_AVX512)
#  define SK_SLEEF_D(fn, u) Sleef_finz_##fn##d8_##u##avx512f
#  define SK_SLEEF_F(fn, u) Sleef_finz_##fn##f16_##u##avx512f
#  define SK_NATIVE_D __m512d
#  define SK_NATIVE_F __m512
#elif defined(SK_TARGET_AVX2)
#  define SK_SLEEF_D(fn, u) Sleef_finz_##fn##d4_##u##avx2
#  define SK_SLEEF_F(fn, u) Sleef_finz_##fn##f8_##u##avx2
#  define SK_NATIVE_D __m256d
#  define SK_NATIVE_F __m256
#elif defined(SK_TARGET_NEON)
#  define SK_SLEEF_D(fn, u) Sleef_finz_##fn##d2_##u##advsimd
#  define SK_SLEEF_F(fn, u) Sleef_finz_##fn##f4_##u##advsimd
#  define SK_NATIVE_D float64x2_t
#  define SK_NATIVE_F float32x4_t
#elif defined(__SSE2__)
#  define SK_SLEEF_D(fn, u) Sleef_cinz_##fn##d2_##u##sse2
#  define SK_SLEEF_F(fn, u) Sleef_cinz_##fn##f4_##u##sse2
#  define SK_NATIVE_D __m128d
#  define SK_NATIVE_F __m128
#endif

/*
 * SK_SLEEF_WRAP_U(fn, u) defines sk_<fn>_v64 and sk_<fn>_v32 (one input),
 * SK_SLEEF_WRAP2_U(fn, u) the same for two inputs; SK_SLEEF_WRAP(fn) is u10.
 */
#if defined(SK_SLEEF_D)
#  define SK_SLEEF_WRAP_U(fn, u)                                               \
    SK_INLINE vf64 sk_##fn##_v64(vf64 x) {                                     \
        return (vf64)SK_SLEEF_D(fn, u)((SK_NATIVE_D)x);                        \
    }                                                                          \
    SK_INLINE vf32 sk_##fn##_v32(vf32 x) {                                     \
        return (vf32)SK_SLEEF_F(fn, u)((SK_NATIVE_F)x);                        \
    }
#  define SK_SLEEF_WRAP2_U(fn, u)                                              \
    SK_INLINE vf64 sk_##fn##_v64(vf64 x, vf64 y) {                             \
        return (vf64)SK_SLEEF_D(fn, u)((SK_NATIVE_D)x, (SK_NATIVE_D)y);        \
    }                                                                          \
    SK_INLINE vf32 sk_##fn##_v32(vf32 x, vf32 y) {                             \
        return (vf32)SK_SLEEF_F(fn, u)((SK_NATIVE_F)x, (SK_NATIVE_F)y);        \
    }
#else
/* Baseline without SSE2 (aarch64's, say): SLEEF's portable scalar code. */
#  define SK_SLEEF_WRAP_U(fn, u)                                               \
    SK_INLINE vf64 sk_##fn##_v64(vf64 x) {                                     \
        vf64 r = x;                                                            \
        for (int i = 0; i < SK_VL64; i++) r[i] = Sleef_cinz_##fn##d1_##u##purec(x[i]); \
        return r;                                                              \
    }                                                                          \
    SK_INLINE vf32 sk_##fn##_v32(vf32 x) {                                     \
        vf32 r = x;                                                            \
        for (int i = 0; i < SK_VL32; i++) r[i] = Sleef_cinz_##fn##f1_##u##purec(x[i]); \
        return r;                                                              \
    }
#  define SK_SLEEF_WRAP2_U(fn, u)                                              \
    SK_INLINE vf64 sk_##fn##_v64(vf64 x, vf64 y) {                             \
        vf64 r = x;                                                            \
        for (int i = 0; i < SK_VL64; i++) r[i] = Sleef_cinz_##fn##d1_##u##purec(x[i], y[i]); \
        return r;                                                              \
    }                                                                          \
    SK_INLINE vf32 sk_##fn##_v32(vf32 x, vf32 y) {                             \
        vf32 r = x;                                                            \
        for (int i = 0; i < SK_VL32; i++) r[i] = Sleef_cinz_##fn##f1_##u##purec(x[i], y[i]); \
        return r;                                                              \
    }
#endif
#define SK_SLEEF_WRAP(fn) SK_SLEEF_WRAP_U(fn, u10)
SK_SLEEF_WRAP(exp)
SK_SLEEF_WRAP(log)
SK_SLEEF_WRAP(sin)
SK_SLEEF_WRAP(cos)
SK_SLEEF_WRAP(tanh)
SK_SLEEF_WRAP(exp2)
SK_SLEEF_WRAP(expm1)
SK_SLEEF_WRAP(log2)
SK_SLEEF_WRAP(log10)
SK_SLEEF_WRAP(log1p)
SK_SLEEF_WRAP(cbrt)
SK_SLEEF_WRAP2_U(pow, u10)
SK_SLEEF_WRAP2_U(hypot, u05)
#undef SK_SLEEF_WRAP
#undef SK_SLEEF_WRAP_U
#undef SK_SLEEF_WRAP2_U

#define sk_vexp(x) _Generic((x), vf64: sk_exp_v64, vf32: sk_exp_v32)(x)
#define sk_vlog(x) _Generic((x), vf64: sk_log_v64, vf32: sk_log_v32)(x)
#define sk_vtanh(x) _Generic((x), vf64: sk_tanh_v64, vf32: sk_tanh_v32)(x)

/* Limits by element type, for the flag rules. */
#define SK_MIN_NORMAL(v) SK_SPLAT(v, sizeof((v)[0]) == 8 ? 0x1p-1022 : 0x1p-126)
#define SK_INF(v) SK_SPLAT(v, __builtin_inf())

#endif /* SK_SIMD_H */
