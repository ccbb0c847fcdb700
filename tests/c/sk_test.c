/* Shared helpers of the C unit tests (see sk_test.h). */
#include "sk_test.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ----- ISA gate and failure reporting --------------------------------- */

/* Detailed messages printed before the rest are only counted. */
#define TK_MAX_PRINTED 60

static long failures;

void tk_require_isa(const char *test_name) {
    const char *asked = getenv("SIMDKERN_ISA");
    const char *active = sk_isa_name(sk_isa_active());
    printf("%s: active ISA %s (SIMDKERN_ISA=%s), SLEEF %s\n", test_name,
           active ? active : "?", asked ? asked : "<unset>", sk_sleef_version());
    if (asked && *asked && (!active || strcmp(asked, active) != 0)) {
        const char *why = sk_isa_env_problem();
        printf("SKIP: %s is not available here (%s)\n", asked, why ? why : "no reason given");
        fflush(stdout);
        exit(TK_SKIP);
    }
}

void tk_fail_at(const char *file, int line, const char *fmt, ...) {
    failures++;
    if (failures > TK_MAX_PRINTED) {
        if (failures == TK_MAX_PRINTED + 1) printf("... further failures only counted\n");
        return;
    }
    printf("FAIL %s:%d: ", file, line);
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
}

long tk_failures(void) { return failures; }

int tk_finish(const char *test_name) {
    if (failures) {
        printf("%s: %ld failure(s)\n", test_name, failures);
        return 1;
    }
    printf("%s: all checks passed\n", test_name);
    return 0;
}

/* ----- random numbers (splitmix64) ------------------------------------- */

tk_rng tk_rng_seeded(uint64_t seed) {
    tk_rng rng = {seed};
    return rng;
}

uint64_t tk_rng_next(tk_rng *rng) {
    uint64_t z = (rng->state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

double tk_rng_unit(tk_rng *rng) { return (double)(tk_rng_next(rng) >> 11) * 0x1p-53; }

long tk_rng_int(tk_rng *rng, long lo, long hi) {
    uint64_t span = (uint64_t)(hi - lo) + 1;
    return lo + (long)(tk_rng_next(rng) % span);
}

/* ----- dtypes ----------------------------------------------------------- */

const tk_dtype tk_f32 = {"f32", sizeof(float), FLT_MANT_DIG, FLT_MAX_EXP, FLT_MIN_EXP,
                         FLT_MAX, FLT_MIN, 0x1p-149, FLT_EPSILON};
const tk_dtype tk_f64 = {"f64", sizeof(double), DBL_MANT_DIG, DBL_MAX_EXP, DBL_MIN_EXP,
                         DBL_MAX, DBL_MIN, 0x1p-1074, DBL_EPSILON};
const tk_dtype *const tk_dtypes[2] = {&tk_f32, &tk_f64};

static int is_f32(const tk_dtype *t) { return t->size == sizeof(float); }

double tk_get(const tk_dtype *t, const void *buf, size_t i) {
    if (is_f32(t)) {
        float v;
        memcpy(&v, (const char *)buf + i * sizeof v, sizeof v);
        return v;
    }
    double v;
    memcpy(&v, (const char *)buf + i * sizeof v, sizeof v);
    return v;
}

void tk_set(const tk_dtype *t, void *buf, size_t i, double v) {
    if (is_f32(t)) {
        float f = (float)v;
        memcpy((char *)buf + i * sizeof f, &f, sizeof f);
    } else {
        memcpy((char *)buf + i * sizeof v, &v, sizeof v);
    }
}

double tk_round(const tk_dtype *t, double v) { return is_f32(t) ? (double)(float)v : v; }

double tk_random_finite(const tk_dtype *t, tk_rng *rng) {
    for (;;) {
        uint64_t bits = tk_rng_next(rng);
        if (is_f32(t)) {
            uint32_t b = (uint32_t)(bits >> 32);
            if ((b & 0x7f800000u) == 0x7f800000u) continue; /* inf or NaN */
            float f;
            memcpy(&f, &b, sizeof f);
            return f;
        }
        if ((bits & 0x7ff0000000000000u) == 0x7ff0000000000000u) continue;
        double d;
        memcpy(&d, &bits, sizeof d);
        return d;
    }
}

double tk_random_binade(const tk_dtype *t, tk_rng *rng, int elo, int ehi) {
    int e = (int)tk_rng_int(rng, elo, ehi);
    double m = 1.0 + tk_rng_unit(rng); /* [1, 2) with 53 random bits */
    double v = tk_round(t, ldexp(m, e));
    return (tk_rng_next(rng) & 1) ? -v : v;
}

double tk_random_uniform(const tk_dtype *t, tk_rng *rng, double lo, double hi) {
    return tk_round(t, lo + (hi - lo) * tk_rng_unit(rng));
}

double tk_step(const tk_dtype *t, double x, int k) {
    for (; k > 0; k--) x = is_f32(t) ? nextafterf((float)x, INFINITY) : nextafter(x, INFINITY);
    for (; k < 0; k++) x = is_f32(t) ? nextafterf((float)x, -INFINITY) : nextafter(x, -INFINITY);
    return x;
}

long double tk_ulp_error(const tk_dtype *t, double got, long double ref) {
    if (isnan(ref)) return isnan(got) ? 0.0L : INFINITY;
    if (isnan(got)) return INFINITY;
    long double overflow = ldexpl(1.0L, t->max_exp);
    if (fabsl(ref) >= overflow) /* rounds to infinity however it is rounded */
        return isinf(got) && !signbit(got) == !signbit(ref) ? 0.0L : INFINITY;
    long double g = isinf(got) ? copysignl(overflow, (long double)got) : (long double)got;
    if (g == ref) return 0.0L;
    int e;
    frexpl(ref, &e); /* |ref| in [2^(e-1), 2^e) */
    int ulp_exp = e - t->mant_bits;
    int min_ulp_exp = t->min_exp - t->mant_bits; /* the smallest subnormal */
    if (ref == 0.0L || ulp_exp < min_ulp_exp) ulp_exp = min_ulp_exp;
    return fabsl(g - ref) / ldexpl(1.0L, ulp_exp);
}

int tk_same_bits(const tk_dtype *t, const void *a, const void *b) {
    return memcmp(a, b, t->size) == 0;
}

/* ----- calling kernels -------------------------------------------------- */

#define TK_FORWARD_1(name, T, S)                                               \
    static int tk_##name##_##S(size_t n, const void *const *in, const ptrdiff_t *st, \
                               void *out, ptrdiff_t ost) {                     \
        return sk_##name##_##S(n, (const T *)in[0], st[0], (T *)out, ost);     \
    }
#define TK_FORWARD_2(name, T, S)                                               \
    static int tk_##name##_##S(size_t n, const void *const *in, const ptrdiff_t *st, \
                               void *out, ptrdiff_t ost) {                     \
        return sk_##name##_##S(n, (const T *)in[0], st[0], (const T *)in[1], st[1], \
                               (T *)out, ost);                                 \
    }
#define TK_FORWARD_3(name, T, S)                                               \
    static int tk_##name##_##S(size_t n, const void *const *in, const ptrdiff_t *st, \
                               void *out, ptrdiff_t ost) {                     \
        return sk_##name##_##S(n, (const T *)in[0], st[0], (const T *)in[1], st[1], \
                               (const T *)in[2], st[2], (T *)out, ost);        \
    }
#define SK_KERNEL(name, nin, ...) TK_FORWARD_##nin(name, float, f32) TK_FORWARD_##nin(name, double, f64)
#include "simdkern_catalogue.def"
#undef SK_KERNEL

static const tk_kernel kernels[] = {
#define SK_KERNEL(name, nin, ...) {#name, nin, {tk_##name##_f32, tk_##name##_f64}},
#include "simdkern_catalogue.def"
#undef SK_KERNEL
};

const tk_kernel *tk_kernels(size_t *count) {
    *count = sizeof kernels / sizeof kernels[0];
    return kernels;
}
