/*
 * simdkern: SIMD numeric kernels (public C API).
 *
 * Every kernel has one entry point per dtype, sk_<name>_f32 and
 * sk_<name>_f64, taking the element count, then each input as a pointer and
 * a byte stride, then the output as a pointer and a byte stride.  Strides may
 * be anything: contiguous, strided, negative, or zero (a broadcast input).
 * n may be 0.  An output may be the very same memory as an input (same
 * pointer and stride: in place) but must not partly overlap one.
 *
 * A result never depends on where an element sits: strided, tail and
 * contiguous elements go through the same vector code, so they are
 * bit-identical.  Results on different ISAs may differ within the documented
 * bound.
 *
 * Floating-point exception flags raised by a call are those the mathematical
 * function calls for (overflow, underflow, divide-by-zero, invalid), never
 * the spurious ones of the vector library underneath.
 *
 * The kernels keep no hidden state: a call can be split into index ranges
 * run concurrently, and the result is the same.
 *
 * This header includes no Python or NumPy header.
 */
#ifndef SIMDKERN_H
#define SIMDKERN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SK_VERSION_MAJOR 0
#define SK_VERSION_MINOR 1
#define SK_VERSION_PATCH 0

/* Return codes of the kernels. */
enum {
    SK_OK = 0,
    SK_EINTERRUPTED = 1, /* the call was abandoned part way (thread pool) */
};

/* Instruction-set targets, in increasing order of preference. */
typedef enum {
    SK_ISA_BASELINE = 0, /* x86-64 SSE2, or portable scalar code elsewhere */
    SK_ISA_AVX2 = 1,     /* x86-64-v3: AVX2 + FMA */
    SK_ISA_AVX512 = 2,   /* x86-64-v4: AVX-512 F/CD/BW/DQ/VL */
    SK_ISA_NEON = 3,     /* aarch64 Advanced SIMD */
    SK_ISA_COUNT
} sk_isa;

/*
 * The ISA the kernels use.  Chosen once, thread-safely, on first use: the
 * best target this CPU and this build support, capped by the environment
 * variable SIMDKERN_ISA=baseline|avx2|avx512|neon when it is set.
 */
sk_isa sk_isa_active(void);
/* Whether this CPU and build can run the given target. */
int sk_isa_supported(sk_isa isa);
/* "baseline", "avx2", "avx512", "neon"; NULL for an unknown value. */
const char *sk_isa_name(sk_isa isa);
/*
 * Why SIMDKERN_ISA was not honoured as given (an unknown name, or a target
 * this CPU lacks), or NULL when it was honoured or not set.
 */
const char *sk_isa_env_problem(void);

/*
 * Generic form of a kernel entry point, shaped like a NumPy inner loop:
 * args[0 .. nin-1] are the inputs and args[nin] the output; steps are byte
 * strides in the same order.
 */
typedef int (*sk_loop_fn)(size_t n, char *const *args, const ptrdiff_t *steps);

typedef enum { SK_COST_ARITH, SK_COST_TRANSC, SK_COST_FUSED } sk_cost;
typedef enum { SK_IDENTITY_NONE, SK_IDENTITY_ZERO, SK_IDENTITY_ONE } sk_identity;
typedef enum { SK_DOMAIN_ALL, SK_DOMAIN_NONNEG } sk_domain;

/* One entry of the kernel catalogue. */
typedef struct {
    const char *name;
    int nin;               /* inputs; every kernel has one output */
    const char *family;    /* "math", "arith", "fused" */
    sk_cost cost;
    const char *flags;     /* how FP flags are produced: "HW", "EXP", ... */
    double ulp_f32;        /* error bound, ULP of the result */
    double ulp_f64;
    sk_identity identity;  /* reduction identity, if the kernel reduces */
    sk_domain domain;
    const char *numpy_ref; /* equivalent NumPy expression */
    const char *summary;
    sk_loop_fn f32;        /* the active ISA's implementations */
    sk_loop_fn f64;
} sk_kernel;

/* The catalogue, resolved for the active ISA; *count receives its length. */
const sk_kernel *sk_catalogue(size_t *count);
/* The catalogue entry called name, or NULL. */
const sk_kernel *sk_find(const char *name);

/* Typed entry points, one per kernel and dtype. */
#define SK_DECLARE_1(name, T, S)                                              \
    int sk_##name##_##S(size_t n, const T *x, ptrdiff_t x_stride, T *out,    \
                        ptrdiff_t out_stride);
#define SK_DECLARE_2(name, T, S)                                              \
    int sk_##name##_##S(size_t n, const T *x, ptrdiff_t x_stride, const T *y, \
                        ptrdiff_t y_stride, T *out, ptrdiff_t out_stride);
#define SK_DECLARE_3(name, T, S)                                              \
    int sk_##name##_##S(size_t n, const T *x, ptrdiff_t x_stride, const T *y, \
                        ptrdiff_t y_stride, const T *z, ptrdiff_t z_stride,   \
                        T *out, ptrdiff_t out_stride);
#define SK_KERNEL(name, nin, ...)                                             \
    SK_DECLARE_##nin(name, float, f32) SK_DECLARE_##nin(name, double, f64)
#include "simdkern_catalogue.def"
#undef SK_KERNEL
#undef SK_DECLARE_1
#undef SK_DECLARE_2
#undef SK_DECLARE_3

/*
 * Reductions over a strided vector, as add.reduce and multiply.reduce use
 * them.  Blocked pairwise: the grouping depends only on n, so the result is
 * the same however the work is later split.
 */
double sk_sum_f64(size_t n, const double *x, ptrdiff_t x_stride);
float sk_sum_f32(size_t n, const float *x, ptrdiff_t x_stride);
double sk_prod_f64(size_t n, const double *x, ptrdiff_t x_stride);
float sk_prod_f32(size_t n, const float *x, ptrdiff_t x_stride);

/* Versions of the libraries the kernels were built with. */
const char *sk_sleef_version(void);

#ifdef __cplusplus
}
#endif

#endif /* SIMDKERN_H */
