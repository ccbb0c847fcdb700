/*
 * Accuracy: every kernel of the catalogue, both dtypes, against a scalar long
 * double reference (reference.c), in ULP of the result dtype; the maximum
 * must not exceed the catalogue's bound.  Inputs: special values, random
 * values over the whole exponent range, random values where each function
 * does its interesting work, and the edges where results overflow or
 * underflow.  A zero result must have the sign of the exact result.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reference.h"
#include "sk_test.h"

/* Points per random set. */
#define FULL_RANGE_POINTS 3000
#define INTERVAL_POINTS 1500
#define PAIR_POINTS 1500
/* Failing points described one by one, per kernel and dtype. */
#define DETAILED_FAILURES 8

/* ----- input sets --------------------------------------------------------- */

typedef struct {
    size_t n, cap;
    double *v[3];
} points;

static void add_point(points *p, double a, double b, double c) {
    if (p->n == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 4096;
        for (int k = 0; k < 3; k++) {
            p->v[k] = realloc(p->v[k], p->cap * sizeof(double));
            if (!p->v[k]) {
                perror("realloc");
                exit(2);
            }
        }
    }
    p->v[0][p->n] = a;
    p->v[1][p->n] = b;
    p->v[2][p->n] = c;
    p->n++;
}

static void free_points(points *p) {
    for (int k = 0; k < 3; k++) free(p->v[k]);
}

/* ±0, ±inf, NaN, subnormals, the ends of the finite range, a few plain values. */
static size_t special_values(const tk_dtype *t, double *out) {
    const double base[] = {
        0.0, INFINITY, NAN, t->denorm_min, 2 * t->denorm_min,
        t->min_normal - t->denorm_min, /* largest subnormal */
        t->min_normal, tk_step(t, t->min_normal, 1), t->max, tk_step(t, t->max, -1),
        1.0, 0.5, 2.0, tk_step(t, 1.0, 1), tk_step(t, 1.0, -1), 3.0,
    };
    size_t n = 0;
    for (size_t i = 0; i < sizeof base / sizeof base[0]; i++) {
        out[n++] = base[i];
        out[n++] = -base[i];
    }
    return n;
}

/* A few values per input for the cross products of 2- and 3-input kernels. */
static size_t special_values_short(const tk_dtype *t, double *out) {
    const double base[] = {0.0, INFINITY, NAN, t->denorm_min, t->min_normal, t->max, 1.0, 1.5};
    size_t n = 0;
    for (size_t i = 0; i < sizeof base / sizeof base[0]; i++) {
        out[n++] = base[i];
        out[n++] = -base[i];
    }
    return n;
}

/* Where each function does its interesting work, per dtype: [lo, hi] pairs. */
typedef struct {
    const char *kernel;
    double f32[3][2];
    double f64[3][2];
} interval_set;

static const interval_set intervals[] = {
    {"exp", {{-105, 90}, {-1, 1}}, {{-750, 712}, {-1, 1}, {709.782, 709.7828}}}, /* SLEEF's early overflow */
    {"log", {{0, 4}, {0.9, 1.1}}, {{0, 4}, {0.9, 1.1}}},
    {"sin", {{-10, 10}, {-1e4, 1e4}}, {{-10, 10}, {-1e4, 1e4}}},
    {"cos", {{-10, 10}, {-1e4, 1e4}}, {{-10, 10}, {-1e4, 1e4}}},
    {"tanh", {{-12, 12}, {-1, 1}}, {{-25, 25}, {-1, 1}}},
    {"sqrt", {{0, 4}}, {{0, 4}}},
    {"sigmoid", {{-110, 20}, {-5, 5}}, {{-750, 40}, {-5, 5}}},
    {"gelu", {{-15, 10}, {-10, -7}, {-3, 3}}, {{-40, 10}, {-30, -15}, {-3, 3}}},
    {"silu", {{-110, 20}, {-5, 5}}, {{-760, 40}, {-5, 5}, {-760, -700}}},
    {"softplus", {{-110, 20}, {-5, 5}}, {{-750, 40}, {-5, 5}, {-40, 40}}},
    {"gelu_erf", {{-15, 10}, {-3, 3}}, {{-40, 10}, {-40, -25}, {-3, 3}}},
    {"log_sigmoid", {{-20, 110}, {-5, 5}}, {{-40, 750}, {-5, 5}, {-40, 40}}},
    {"exp2", {{-152, 129}, {-1, 1}}, {{-1076, 1025}, {-1, 1}}},
    {"expm1", {{-20, 89}, {-1, 1}, {-1e-3, 1e-3}}, {{-40, 710}, {-1, 1}, {709.78, 709.783}}},
    {"log2", {{0, 4}, {0.9, 1.1}}, {{0, 4}, {0.9, 1.1}}},
    {"log10", {{0, 4}, {0.9, 1.1}}, {{0, 4}, {0.9, 1.1}}},
    {"log1p", {{-1, 4}, {-0.1, 0.1}, {-1, -0.99}}, {{-1, 4}, {-0.1, 0.1}, {-1, -0.99}}},
    {"cbrt", {{-10, 10}, {-1e-3, 1e-3}}, {{-10, 10}, {-1e-3, 1e-3}}},
};
/* Kernels not listed above (2- and 3-input arithmetic) use this one. */
static const double default_interval[2] = {-10, 10};

static const double (*kernel_intervals(const char *name, const tk_dtype *t))[2] {
    for (size_t i = 0; i < sizeof intervals / sizeof intervals[0]; i++)
        if (strcmp(intervals[i].kernel, name) == 0)
            return t->size == sizeof(float) ? intervals[i].f32 : intervals[i].f64;
    return NULL;
}

static void unary_points(points *p, const char *name, const sk_kernel *entry,
                         const tk_dtype *t, tk_rng *rng) {
    double sv[64];
    size_t ns = special_values(t, sv);
    for (size_t i = 0; i < ns; i++) add_point(p, sv[i], 0, 0);

    /* Whole exponent range; a function real only for x >= 0 gets few negatives. */
    for (int i = 0; i < FULL_RANGE_POINTS; i++) {
        double x = tk_random_finite(t, rng);
        if (entry->domain == SK_DOMAIN_NONNEG && tk_rng_unit(rng) < 0.9) x = fabs(x);
        add_point(p, x, 0, 0);
    }

    const double(*iv)[2] = kernel_intervals(name, t);
    for (int k = 0; k < 3; k++) {
        const double *lohi = iv ? iv[k] : (k == 0 ? default_interval : NULL);
        if (!lohi || lohi[0] == lohi[1]) continue;
        for (int i = 0; i < INTERVAL_POINTS; i++)
            add_point(p, tk_random_uniform(t, rng, lohi[0], lohi[1]), 0, 0);
    }

    /*
     * Edges, for every unary kernel (cheap): where exp-like results overflow,
     * leave the normal range and underflow to zero, on both sides of zero;
     * and the double-precision argument hardest to reduce for sin and cos.
     */
    const long double edges[] = {logl(t->max), logl(t->min_normal), logl(t->denorm_min),
                                 logl((long double)t->denorm_min / 2), 0x1.6ac5b262ca1ffp+849L};
    for (size_t e = 0; e < sizeof edges / sizeof edges[0]; e++) {
        double centre = tk_round(t, (double)edges[e]);
        for (int k = -4; k <= 4; k++) {
            add_point(p, tk_step(t, centre, k), 0, 0);
            add_point(p, -tk_step(t, centre, k), 0, 0);
        }
    }
    /* Multiples of pi/2, where sin or cos is near zero. */
    for (int k = 1; k <= 64; k++) {
        double x = tk_round(t, (double)(k * 1.57079632679489661923132169163975144L));
        add_point(p, x, 0, 0);
        add_point(p, -x, 0, 0);
    }
}

static void binary_points(points *p, const tk_dtype *t, tk_rng *rng) {
    double sv[32];
    size_t ns = special_values_short(t, sv);
    for (size_t i = 0; i < ns; i++)
        for (size_t j = 0; j < ns; j++) add_point(p, sv[i], sv[j], 0);
    for (int i = 0; i < FULL_RANGE_POINTS; i++)
        add_point(p, tk_random_finite(t, rng), tk_random_finite(t, rng), 0);
    for (int i = 0; i < INTERVAL_POINTS; i++)
        add_point(p, tk_random_uniform(t, rng, default_interval[0], default_interval[1]),
                  tk_random_uniform(t, rng, default_interval[0], default_interval[1]), 0);

    int emin = t->min_exp - t->mant_bits; /* exponent of the smallest subnormal */
    int emax = t->max_exp - 1;
    for (int i = 0; i < PAIR_POINTS; i++) {
        /* Close exponents: cancellation in sums. */
        int ex = (int)tk_rng_int(rng, t->min_exp - 1, emax - 2);
        int ey = ex + (int)tk_rng_int(rng, -t->mant_bits - 2, 2);
        if (ey < t->min_exp - 1) ey = t->min_exp - 1;
        add_point(p, tk_random_binade(t, rng, ex, ex), tk_random_binade(t, rng, ey, ey), 0);
        /* Products near the underflow and the overflow threshold. */
        int target = (int)(tk_rng_next(rng) & 1 ? tk_rng_int(rng, emin - 2, t->min_exp + 2)
                                                 : tk_rng_int(rng, emax - 2, emax + 1));
        ex = (int)tk_rng_int(rng, target / 2 - 20, target / 2 + 20);
        ey = target - ex;
        add_point(p, tk_random_binade(t, rng, ex, ex), tk_random_binade(t, rng, ey, ey), 0);
    }
}

static void ternary_points(points *p, const tk_dtype *t, tk_rng *rng) {
    double sv[32];
    size_t ns = special_values_short(t, sv);
    for (size_t i = 0; i < ns; i++)
        for (size_t j = 0; j < ns; j++)
            for (size_t k = 0; k < ns; k++) add_point(p, sv[i], sv[j], sv[k]);
    for (int i = 0; i < FULL_RANGE_POINTS; i++)
        add_point(p, tk_random_finite(t, rng), tk_random_finite(t, rng),
                  tk_random_finite(t, rng));
    for (int i = 0; i < INTERVAL_POINTS; i++)
        add_point(p, tk_random_uniform(t, rng, -10, 10), tk_random_uniform(t, rng, -10, 10),
                  tk_random_uniform(t, rng, -10, 10));

    int emax = t->max_exp - 1;
    for (int i = 0; i < PAIR_POINTS; i++) {
        /* z close to -x*y: the single rounding of fma is all that is left. */
        double x = tk_random_binade(t, rng, -30, 30);
        double y = tk_random_binade(t, rng, -30, 30);
        double z = tk_step(t, -tk_round(t, x * y), (int)tk_rng_int(rng, -3, 3));
        add_point(p, x, y, z);
        /* z of any size around x*y's magnitude. */
        int exy = ilogb(x) + ilogb(y);
        add_point(p, x, y, tk_random_binade(t, rng, exy - t->mant_bits - 4, exy + 4));
        /* Products near the underflow threshold, or just beyond the overflow one. */
        int target = (int)(tk_rng_next(rng) & 1
                               ? tk_rng_int(rng, t->min_exp - t->mant_bits - 2, t->min_exp + 2)
                               : tk_rng_int(rng, emax - 1, emax + 1));
        int ex = (int)tk_rng_int(rng, target / 2 - 20, target / 2 + 20);
        double px = tk_random_binade(t, rng, ex, ex);
        double py = tk_random_binade(t, rng, target - ex, target - ex);
        add_point(p, px, py, tk_random_binade(t, rng, target - 2, target));
    }
}

/* ----- checking ------------------------------------------------------------- */

static void format_inputs(char *buf, size_t size, int nin, const points *p, size_t i) {
    size_t used = 0;
    for (int k = 0; k < nin && used < size; k++)
        used += (size_t)snprintf(buf + used, size - used, "%s%c=%.17g (%a)", k ? ", " : "",
                                 "xyz"[k], p->v[k][i], p->v[k][i]);
}

static void check_kernel(const tk_kernel *k, const tk_dtype *t, tk_rng *rng) {
    const char *isa = sk_isa_name(sk_isa_active());
    const sk_kernel *entry = sk_find(k->name);
    tk_ref_fn ref_fn = tk_reference(k->name);
    if (!entry || !ref_fn) {
        TK_FAIL("%s: no %s for this kernel", k->name, entry ? "reference" : "catalogue entry");
        return;
    }
    double bound = t->size == sizeof(float) ? entry->ulp_f32 : entry->ulp_f64;

    points p = {0};
    if (k->nin == 1) unary_points(&p, k->name, entry, t, rng);
    if (k->nin == 2) binary_points(&p, t, rng);
    if (k->nin == 3) ternary_points(&p, t, rng);

    void *in[3], *out = malloc(p.n * t->size);
    for (int j = 0; j < 3; j++) {
        in[j] = malloc(p.n * t->size);
        for (size_t i = 0; i < p.n; i++) tk_set(t, in[j], i, p.v[j][i]);
    }
    if (!out || !in[0] || !in[1] || !in[2]) {
        perror("malloc");
        exit(2);
    }
    const ptrdiff_t unit = (ptrdiff_t)t->size;
    const ptrdiff_t strides[3] = {unit, unit, unit};
    int rc = k->call[t->size == sizeof(double)](p.n, (const void *const *)in, strides, out, unit);
    TK_CHECK(rc == SK_OK, "%s %s: returned %d, expected SK_OK", k->name, t->name, rc);

    long double worst = 0;
    size_t worst_at = 0, bad = 0;
    for (size_t i = 0; i < p.n; i++) {
        long double args[3];
        for (int j = 0; j < 3; j++) args[j] = tk_get(t, in[j], i);
        long double ref = ref_fn(args);
        double got = tk_get(t, out, i);
        long double err = tk_ulp_error(t, got, ref);
        int zero_sign_wrong = got == 0 && !isnan(ref) && !signbit(got) != !signbit(ref);
        if (err > worst) {
            worst = err;
            worst_at = i;
        }
        if (err > bound || zero_sign_wrong) {
            if (++bad > DETAILED_FAILURES) continue;
            char inputs[200];
            format_inputs(inputs, sizeof inputs, k->nin, &p, i);
            TK_FAIL("%s %s [%s]: %s: got %.17g (%a), expected %.21Lg (%La): %s", k->name,
                    t->name, isa, inputs, got, got, ref, ref,
                    zero_sign_wrong ? "zero of the wrong sign" : "error over the bound");
            if (!zero_sign_wrong)
                printf("    error %.9Lg ULP > bound %.2g ULP\n", err, bound);
        }
    }
    if (bad > DETAILED_FAILURES)
        TK_FAIL("%s %s [%s]: %zu more points fail", k->name, t->name, isa,
                bad - DETAILED_FAILURES);
    char inputs[200] = "";
    if (p.n) format_inputs(inputs, sizeof inputs, k->nin, &p, worst_at);
    printf("MAXULP %-8s %-8s %s %8.4Lf (bound %.1f) over %5zu points, worst at %s%s\n", isa,
           k->name, t->name, worst, bound, p.n, inputs, bad ? "  <-- FAILED" : "");

    for (int j = 0; j < 3; j++) free(in[j]);
    free(out);
    free_points(&p);
}

int main(void) {
    tk_require_isa("accuracy");
    if (LDBL_MANT_DIG < 64) {
        printf("SKIP: long double has %d significand bits; the reference needs 64\n",
               LDBL_MANT_DIG);
        return TK_SKIP;
    }
    tk_rng rng = tk_rng_seeded(0x5eed0001);
    size_t nk;
    const tk_kernel *kernels = tk_kernels(&nk);
    for (size_t i = 0; i < nk; i++)
        for (int d = 0; d < 2; d++) check_kernel(&kernels[i], tk_dtypes[d], &rng);
    return tk_finish("accuracy");
}
