/*
 * Floating-point exception flags.
 *
 * SLEEF's vector functions raise flags as a side effect of their arithmetic,
 * not always the right ones (log(0) raises invalid, not divide-by-zero).
 * A kernel whose flag rule recomputes flags saves the flags at entry, runs,
 * then sets exactly: flags at entry | flags its rule derived from inputs and
 * results.  NumPy reads the flags after the loop to issue its warnings.
 *
 * On x86-64 the kernels only use SSE/AVX registers, so the flags live in
 * MXCSR and are read and written directly (cheaper than fenv.h, which also
 * touches the x87 unit).  Elsewhere fenv.h is used.
 */
#ifndef SK_FPFLAGS_H
#define SK_FPFLAGS_H

#if defined(__x86_64__) || defined(__i386__)
#  include <xmmintrin.h>
/* MXCSR status bit positions. */
#  define SK_FE_INVALID 0x01
#  define SK_FE_DIVBYZERO 0x04
#  define SK_FE_OVERFLOW 0x08
#  define SK_FE_UNDERFLOW 0x10
#  define SK_FE_ALL 0x3f

typedef unsigned int sk_fpstate;

static inline sk_fpstate sk_fp_begin(int recompute) {
    return recompute ? _mm_getcsr() & SK_FE_ALL : 0;
}

static inline void sk_fp_end(sk_fpstate saved, int recompute, int raised) {
    if (recompute)
        _mm_setcsr((_mm_getcsr() & ~(unsigned)SK_FE_ALL) | saved | (unsigned)raised);
}
#else
#  include <fenv.h>
#  define SK_FE_INVALID 0x01
#  define SK_FE_DIVBYZERO 0x04
#  define SK_FE_OVERFLOW 0x08
#  define SK_FE_UNDERFLOW 0x10

typedef fexcept_t sk_fpstate;

static inline sk_fpstate sk_fp_begin(int recompute) {
    fexcept_t saved = 0;
    if (recompute) fegetexceptflag(&saved, FE_ALL_EXCEPT);
    return saved;
}

static inline void sk_fp_end(sk_fpstate saved, int recompute, int raised) {
    if (!recompute) return;
    fesetexceptflag(&saved, FE_ALL_EXCEPT);
    int fe = 0;
    if (raised & SK_FE_INVALID) fe |= FE_INVALID;
    if (raised & SK_FE_DIVBYZERO) fe |= FE_DIVBYZERO;
    if (raised & SK_FE_OVERFLOW) fe |= FE_OVERFLOW;
    if (raised & SK_FE_UNDERFLOW) fe |= FE_UNDERFLOW;
    if (fe) feraiseexcept(fe);
}
#endif

#endif /* SK_FPFLAGS_H */
