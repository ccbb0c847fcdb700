/*
 * The targets this build compiles, from the build's SK_BUILD_* macros.
 * SK_FOR_EACH_TARGET(X) expands X(enum_value, suffix) per compiled target.
 */
#ifndef SK_ISA_LIST_H
#define SK_ISA_LIST_H

#if defined(SK_BUILD_AVX512)
#  define SK_X_AVX512(X) X(SK_ISA_AVX512, avx512)
#else
#  define SK_X_AVX512(X)
#endif
#if defined(SK_BUILD_AVX2)
#  define SK_X_AVX2(X) X(SK_ISA_AVX2, avx2)
#else
#  define SK_X_AVX2(X)
#endif
#if defined(SK_BUILD_NEON)
#  define SK_X_NEON(X) X(SK_ISA_NEON, neon)
#else
#  define SK_X_NEON(X)
#endif

#define SK_FOR_EACH_TARGET(X) \
    X(SK_ISA_BASELINE, baseline) SK_X_AVX2(X) SK_X_AVX512(X) SK_X_NEON(X)

#endif /* SK_ISA_LIST_H */
