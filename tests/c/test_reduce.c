/*
 * The reductions sk_sum_* and sk_prod_*: against long double accumulation
 * (n * eps relative to the sum of magnitudes; tighter for sums of positive
 * values, which the blocked pairwise scheme keeps near log2(n) * eps), their
 * identities for n = 0, signed zeros, special values, and bit-identical
 * results for contiguous and strided (2, -1) input.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sk_test.h"

static const size_t lengths[] = {1,   2,   3,    7,    8,    15,   16,   17,   31,   32,  33,
                                 63,  64,  65,   100,  255,  256,  1000, 1023, 1024, 1025, 2048,
                                 2049, 4097, 10000, 70001};
#define N_LENGTHS (sizeof lengths / sizeof lengths[0])

/* sum or product of n elements of dtype d at x (byte stride), through the public API. */
static double reduce(int is_sum, int d, size_t n, const void *x, ptrdiff_t stride) {
    if (d == 0)
        return is_sum ? sk_sum_f32(n, x, stride) : sk_prod_f32(n, x, stride);
    return is_sum ? sk_sum_f64(n, x, stride) : sk_prod_f64(n, x, stride);
}

/* The same n values laid out at stride 2 and at stride -1 give the same bits. */
static void check_layouts(int is_sum, int d, size_t n, const void *x, double contiguous,
                          const char *what) {
    const tk_dtype *t = tk_dtypes[d];
    size_t es = t->size;
    char *spread = malloc(2 * n * es), *reversed = malloc(n * es);
    for (size_t i = 0; i < n; i++) {
        memcpy(spread + 2 * i * es, (const char *)x + i * es, es);
        memcpy(spread + (2 * i + 1) * es, (const char *)x + i * es, es); /* gaps: any value */
        memcpy(reversed + (n - 1 - i) * es, (const char *)x + i * es, es);
    }
    double by2 = reduce(is_sum, d, n, spread, 2 * (ptrdiff_t)es);
    double back = reduce(is_sum, d, n, reversed + (n - 1) * es, -(ptrdiff_t)es);
    TK_CHECK(memcmp(&by2, &contiguous, sizeof by2) == 0,
             "%s: stride 2 gives %a, contiguous %a", what, by2, contiguous);
    TK_CHECK(memcmp(&back, &contiguous, sizeof back) == 0,
             "%s: stride -1 gives %a, contiguous %a", what, back, contiguous);
    free(spread);
    free(reversed);
}

static void check_sums(int d, tk_rng *rng) {
    const tk_dtype *t = tk_dtypes[d];
    double worst_mixed = 0, worst_positive = 0;
    for (size_t li = 0; li < N_LENGTHS; li++) {
        size_t n = lengths[li];
        char *x = malloc(n * t->size);
        for (int positive = 0; positive < 2; positive++) {
            long double exact = 0, magnitude = 0;
            for (size_t i = 0; i < n; i++) {
                double v = tk_random_uniform(t, rng, positive ? 0 : -1, 1) *
                           ldexp(1.0, (int)tk_rng_int(rng, -8, 8));
                v = tk_round(t, v);
                tk_set(t, x, i, v);
                exact += v;
                magnitude += fabs(v);
            }
            double got = reduce(1, d, n, x, (ptrdiff_t)t->size);
            /*
             * Each element passes through at most one accumulator of a block
             * (n/lanes additions in the worst case) and then log2(n) pairwise
             * levels: n * eps bounds any order; positive values in the
             * blocked pairwise order stay near sqrt of that in practice, so
             * their bound is (n/8 + log2 n + 4) eps, still a safe margin.
             */
            double k = positive ? (double)(n < 1024 ? n : 1024) / 8 + log2((double)n) + 4
                                : (double)n;
            long double allowed = k * t->eps * magnitude;
            long double err = fabsl((long double)got - exact);
            double rel = magnitude > 0 ? (double)(err / magnitude) / t->eps : 0;
            if (positive && rel > worst_positive) worst_positive = rel;
            if (!positive && rel > worst_mixed) worst_mixed = rel;
            char what[96];
            snprintf(what, sizeof what, "sum_%s of %zu %s values", t->name, n,
                     positive ? "positive" : "mixed-sign");
            TK_CHECK(err <= allowed, "%s: got %.17g, long double sum %.21Lg, error %.3g eps * "
                     "sum|x| > allowed %.3g", what, got, exact, rel, k);
            check_layouts(1, d, n, x, got, what);
        }
        free(x);
    }
    printf("sum_%s: worst error %.2f eps * sum|x| (mixed signs), %.2f (positive)\n", t->name,
           worst_mixed, worst_positive);
}

static void check_products(int d, tk_rng *rng) {
    const tk_dtype *t = tk_dtypes[d];
    double worst = 0;
    for (size_t li = 0; li < N_LENGTHS; li++) {
        size_t n = lengths[li];
        char *x = malloc(n * t->size);
        long double exact = 1;
        for (size_t i = 0; i < n; i++) {
            /* Factors near 1, steered so that long products stay near 1. */
            long double size = fabsl(exact);
            double v = tk_random_uniform(t, rng, size < 0.5 ? 1.0 : 0.9, size > 2 ? 1.0 : 1.1);
            if (tk_rng_next(rng) & 1) v = -v;
            tk_set(t, x, i, v);
            exact *= v;
        }
        double got = reduce(0, d, n, x, (ptrdiff_t)t->size);
        /* Every product rounds once: at most (n - 1) * eps / 2 relative. */
        long double allowed = (long double)n * t->eps * fabsl(exact);
        long double err = fabsl((long double)got - exact);
        double rel = (double)(err / fabsl(exact)) / t->eps;
        if (rel > worst) worst = rel;
        char what[64];
        snprintf(what, sizeof what, "prod_%s of %zu values", t->name, n);
        TK_CHECK(err <= allowed, "%s: got %.17g, long double product %.21Lg, error %.3g eps",
                 what, got, exact, rel);
        check_layouts(0, d, n, x, got, what);
        free(x);
    }
    printf("prod_%s: worst error %.2f eps (relative)\n", t->name, worst);
}

static int same(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

static void check_special_cases(int d) {
    const tk_dtype *t = tk_dtypes[d];
    char buf[8 * sizeof(double)] = {0};
    const char *name = t->name;

    /* n = 0: the identities, 0.0 and 1.0 (whatever the pointer). */
    double s0 = reduce(1, d, 0, buf, (ptrdiff_t)t->size);
    double p0 = reduce(0, d, 0, buf, (ptrdiff_t)t->size);
    TK_CHECK(same(s0, 0.0), "sum_%s of no elements: got %g (%a), expected 0.0 as np.add.reduce",
             name, s0, s0);
    TK_CHECK(same(p0, 1.0), "prod_%s of no elements: got %g, expected 1.0", name, p0);
    TK_CHECK(same(reduce(1, d, 0, NULL, 0), s0) && same(reduce(0, d, 0, NULL, 0), p0),
             "%s: n = 0 with a NULL pointer differs", name);

    /* Signed zeros: -0.0 alone, or only -0.0s, sum to -0.0; with a +0.0, to +0.0. */
    tk_set(t, buf, 0, -0.0);
    double s = reduce(1, d, 1, buf, (ptrdiff_t)t->size);
    TK_CHECK(same(s, -0.0), "sum_%s(-0.0): got %g (%a), expected -0.0", name, s, s);
    for (int i = 0; i < 5; i++) tk_set(t, buf, (size_t)i, -0.0);
    s = reduce(1, d, 5, buf, (ptrdiff_t)t->size);
    TK_CHECK(same(s, -0.0), "sum_%s of five -0.0: got %g, expected -0.0", name, s);
    tk_set(t, buf, 3, 0.0);
    s = reduce(1, d, 5, buf, (ptrdiff_t)t->size);
    TK_CHECK(same(s, 0.0), "sum_%s of -0.0s and one +0.0: got %g, expected +0.0", name, s);
    tk_set(t, buf, 0, -0.0);
    double p = reduce(0, d, 1, buf, (ptrdiff_t)t->size);
    TK_CHECK(same(p, -0.0), "prod_%s(-0.0): got %g, expected -0.0", name, p);

    /* One element, and a broadcast (stride 0) element. */
    tk_set(t, buf, 0, 3.0);
    s = reduce(1, d, 1, buf, (ptrdiff_t)t->size);
    TK_CHECK(same(s, 3.0), "sum_%s(3.0): got %g", name, s);
    s = reduce(1, d, 4, buf, 0);
    TK_CHECK(same(s, 12.0), "sum_%s of 3.0 at stride 0, n = 4: got %g, expected 12", name, s);
    p = reduce(0, d, 3, buf, 0);
    TK_CHECK(same(p, 27.0), "prod_%s of 3.0 at stride 0, n = 3: got %g, expected 27", name, p);

    /* NaN and infinities propagate as in sequential IEEE arithmetic. */
    const double vals[5] = {1.0, INFINITY, 2.0, -INFINITY, 3.0};
    for (int i = 0; i < 5; i++) tk_set(t, buf, (size_t)i, vals[i]);
    s = reduce(1, d, 5, buf, (ptrdiff_t)t->size);
    TK_CHECK(isnan(s), "sum_%s(1, inf, 2, -inf, 3): got %g, expected nan", name, s);
    s = reduce(1, d, 3, buf, (ptrdiff_t)t->size);
    TK_CHECK(same(s, INFINITY), "sum_%s(1, inf, 2): got %g, expected inf", name, s);
    tk_set(t, buf, 2, NAN);
    s = reduce(1, d, 3, buf, (ptrdiff_t)t->size);
    TK_CHECK(isnan(s), "sum_%s(1, inf, nan): got %g, expected nan", name, s);
    tk_set(t, buf, 2, 0.0);
    p = reduce(0, d, 3, buf, (ptrdiff_t)t->size);
    TK_CHECK(isnan(p), "prod_%s(1, inf, 0): got %g, expected nan", name, p);
    tk_set(t, buf, 0, t->max);
    tk_set(t, buf, 1, t->max);
    s = reduce(1, d, 2, buf, (ptrdiff_t)t->size);
    TK_CHECK(same(s, INFINITY), "sum_%s(max, max): got %g, expected inf", name, s);
}

int main(void) {
    tk_require_isa("reduce");
    tk_rng rng = tk_rng_seeded(0x5eed0003);
    for (int d = 0; d < 2; d++) {
        check_special_cases(d);
        check_sums(d, &rng);
        check_products(d, &rng);
    }
    return tk_finish("reduce");
}
