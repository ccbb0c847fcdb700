/*
 * Shared helpers of the C unit tests: the ISA gate, failure reporting, a
 * deterministic random generator, dtype descriptions, ULP distances and a
 * uniform way to call any kernel of the catalogue.
 *
 * The tests use the public API only (simdkern.h).  Values travel as raw
 * element bytes plus a dtype descriptor, so one test body serves float32 and
 * float64; a float32 value is held exactly in a double.
 */
#ifndef SK_TEST_H
#define SK_TEST_H

#include <stddef.h>
#include <stdint.h>

#include "simdkern.h"

/* meson's exit code for a skipped test. */
#define TK_SKIP 77

/* ----- ISA gate and failure reporting --------------------------------- */

/*
 * Prints what runs (ISA, SLEEF version) and exits with TK_SKIP when the ISA
 * named by SIMDKERN_ISA is not the active one (this CPU or build lacks it).
 * Call first in main of every per-ISA test.
 */
void tk_require_isa(const char *test_name);

/* Records a failure and prints "file:line: message" (up to a limit). */
void tk_fail_at(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#define TK_FAIL(...) tk_fail_at(__FILE__, __LINE__, __VA_ARGS__)
/* Fails with the message when cond is false. */
#define TK_CHECK(cond, ...)                                                    \
    do {                                                                       \
        if (!(cond)) TK_FAIL(__VA_ARGS__);                                     \
    } while (0)

/* Failures recorded so far. */
long tk_failures(void);
/* Prints the verdict; returns the process exit status (0 or 1). */
int tk_finish(const char *test_name);

/* ----- random numbers --------------------------------------------------- */

typedef struct {
    uint64_t state;
} tk_rng;

tk_rng tk_rng_seeded(uint64_t seed);
uint64_t tk_rng_next(tk_rng *rng);
/* Uniform in [0, 1). */
double tk_rng_unit(tk_rng *rng);
/* Uniform integer in [lo, hi]. */
long tk_rng_int(tk_rng *rng, long lo, long hi);

/* ----- dtypes ----------------------------------------------------------- */

typedef struct {
    const char *name;   /* "f32", "f64" */
    size_t size;        /* bytes per element */
    int mant_bits;      /* precision p, the hidden bit included */
    int max_exp;        /* largest finite value < 2^max_exp */
    int min_exp;        /* smallest normal value is 2^(min_exp - 1) */
    double max;         /* largest finite value */
    double min_normal;
    double denorm_min;
    double eps;         /* 2^(1 - p) */
} tk_dtype;

extern const tk_dtype tk_f32, tk_f64;
/* Both dtypes, for loops. */
extern const tk_dtype *const tk_dtypes[2];

/* Reads/writes element i of a contiguous buffer of dtype t. */
double tk_get(const tk_dtype *t, const void *buf, size_t i);
void tk_set(const tk_dtype *t, void *buf, size_t i, double v);
/* v rounded to dtype t (identity for f64). */
double tk_round(const tk_dtype *t, double v);

/* Random finite value: random sign, exponent (subnormals too) and mantissa. */
double tk_random_finite(const tk_dtype *t, tk_rng *rng);
/* Random value with |x| in [2^e, 2^(e+1)), e drawn from [elo, ehi]. */
double tk_random_binade(const tk_dtype *t, tk_rng *rng, int elo, int ehi);
/* Uniform in [lo, hi], rounded to t. */
double tk_random_uniform(const tk_dtype *t, tk_rng *rng, double lo, double hi);
/* The value k representable steps away from x in dtype t. */
double tk_step(const tk_dtype *t, double x, int k);

/*
 * Distance from got (a value of dtype t) to the exact value ref, in ULP of
 * t at ref.  The ULP of a value below the normal range is the smallest
 * subnormal.  NaN must match NaN; a reference at or beyond 2^max_exp (or
 * infinite) demands an infinity of its sign; otherwise an infinite got
 * counts as 2^max_exp.  Mismatches give +inf.
 */
long double tk_ulp_error(const tk_dtype *t, double got, long double ref);

/* Same bits (NaN payloads included). */
int tk_same_bits(const tk_dtype *t, const void *a, const void *b);

/* ----- calling kernels -------------------------------------------------- */

/*
 * Any kernel of either dtype through one signature: up to three inputs, each
 * with its byte stride, then the output and its byte stride.  It forwards to
 * the typed entry point sk_<name>_<dtype>.
 */
typedef int (*tk_call_fn)(size_t n, const void *const *in, const ptrdiff_t *in_stride,
                          void *out, ptrdiff_t out_stride);

typedef struct {
    const char *name;
    int nin;
    tk_call_fn call[2]; /* indexed like tk_dtypes: f32, f64 */
} tk_kernel;

/* Every kernel of the catalogue, in catalogue order. */
const tk_kernel *tk_kernels(size_t *count);

#endif /* SK_TEST_H */
