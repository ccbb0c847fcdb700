/*
 * Position independence: for every kernel and dtype, any n (0 to 67, around
 * the staging block of the strided path, and 1000), any input strides
 * (±1 to ±4 elements, 0 for a broadcast input), output strides ±1 to ±4,
 * and in place (the output is an input, same pointer and stride), each
 * result is bit-identical to the same element of one contiguous call over
 * the full length.  The elements between strided outputs stay untouched, and
 * gaps between strided inputs are never read (they hold a NaN that would
 * show in a result).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sk_test.h"

#define FULL_N 1000
/* The element every broadcast input repeats. */
#define BROADCAST_AT 7
/* Random stride combinations per n for kernels of 2 and 3 inputs. */
#define MIXED_COMBOS 24

static const long input_strides[] = {1, 2, 3, 4, -1, -2, -3, -4, 0};
static const long output_strides[] = {1, 2, 3, 4, -1, -2, -3, -4};
#define N_INPUT_STRIDES (sizeof input_strides / sizeof input_strides[0])
#define N_OUTPUT_STRIDES (sizeof output_strides / sizeof output_strides[0])

static const unsigned char out_sentinel = 0x5a;

typedef struct {
    const tk_kernel *kernel;
    const tk_dtype *t;
    int d;                         /* index of t in tk_dtypes */
    char *values[3];               /* FULL_N contiguous elements per input */
    char *expected[8];             /* per broadcast pattern (bit k: input k) */
    char gap[16];                  /* bytes of the NaN between strided inputs */
} fixture;

static void *xmalloc(size_t size) {
    void *p = malloc(size ? size : 1);
    if (!p) {
        perror("malloc");
        exit(2);
    }
    return p;
}

/* Values of every kind: ordinary, tiny, huge, zeros, infinities, NaN. */
static double pool_value(const tk_dtype *t, const sk_kernel *entry, tk_rng *rng) {
    double r = tk_rng_unit(rng);
    double x;
    if (r < 0.7)
        x = tk_random_uniform(t, rng, -10, 10);
    else if (r < 0.9)
        x = tk_random_finite(t, rng);
    else {
        const double specials[] = {0.0, -0.0, INFINITY, -INFINITY, NAN, t->denorm_min,
                                   t->max, 1.0, -1.0, 1000.0, -1000.0};
        x = specials[tk_rng_int(rng, 0, sizeof specials / sizeof specials[0] - 1)];
    }
    if (entry && entry->domain == SK_DOMAIN_NONNEG && tk_rng_unit(rng) < 0.8) x = fabs(x);
    return x;
}

static int call_kernel(const fixture *f, size_t n, const char *const *in, const long *s_in,
                       char *out, long s_out) {
    ptrdiff_t es = (ptrdiff_t)f->t->size;
    ptrdiff_t st[3] = {0, 0, 0};
    const void *ins[3] = {in[0], in[0], in[0]};
    for (int k = 0; k < f->kernel->nin; k++) {
        st[k] = (ptrdiff_t)s_in[k] * es;
        ins[k] = in[k];
    }
    return f->kernel->call[f->d](n, ins, st, out, (ptrdiff_t)s_out * es);
}

/* Buffer index of element i of an n-element view with stride s (elements). */
static size_t slot(size_t n, long s, size_t i) {
    return s >= 0 ? i * (size_t)s : (n - 1 - i) * (size_t)(-s);
}

/* Elements a strided view of n elements spans. */
static size_t span(size_t n, long s) {
    if (n == 0 || s == 0) return 1;
    return (n - 1) * (size_t)labs(s) + 1;
}

/* Lays out input k for n elements at stride s; returns the buffer, *base the view. */
static char *make_input(const fixture *f, int k, size_t n, long s, char **base) {
    size_t es = f->t->size, len = span(n, s);
    char *buf = xmalloc(len * es);
    for (size_t j = 0; j < len; j++) memcpy(buf + j * es, f->gap, es);
    if (s == 0) {
        memcpy(buf, f->values[k] + BROADCAST_AT * es, es);
    } else {
        for (size_t i = 0; i < n; i++) memcpy(buf + slot(n, s, i) * es, f->values[k] + i * es, es);
    }
    *base = buf + (s < 0 && n > 0 ? (n - 1) * (size_t)(-s) * es : 0);
    return buf;
}

static void describe(char *msg, size_t size, const fixture *f, size_t n, const long *s_in,
                     long s_out, const char *how) {
    int used = snprintf(msg, size, "%s %s n=%zu strides in=(", f->kernel->name, f->t->name, n);
    for (int k = 0; k < f->kernel->nin && used > 0 && (size_t)used < size; k++)
        used += snprintf(msg + used, size - (size_t)used, "%s%ld", k ? "," : "", s_in[k]);
    if (used > 0 && (size_t)used < size)
        snprintf(msg + used, size - (size_t)used, ") out=%ld%s", s_out, how);
}

/*
 * Checks the n results of a view (base, stride s in buffer buf of len
 * elements) against the expected contiguous results, and that the elements
 * between them still hold `filler` (a sentinel byte, or gap bytes when
 * filler_is_gap).
 */
static int check_output(const fixture *f, const char *what, const char *buf, size_t len,
                        size_t n, long s, unsigned pattern, int filler_is_gap) {
    size_t es = f->t->size;
    const char *expected = f->expected[pattern];
    for (size_t i = 0; i < n; i++) {
        const char *got = buf + slot(n, s, i) * es;
        if (!tk_same_bits(f->t, got, expected + i * es)) {
            char inputs[160];
            int used = 0;
            for (int k = 0; k < f->kernel->nin && used >= 0 && (size_t)used < sizeof inputs; k++) {
                double v = tk_get(f->t, f->values[k], pattern & (1u << k) ? BROADCAST_AT : i);
                used += snprintf(inputs + used, sizeof inputs - (size_t)used, "%s%c=%.9g (%a)",
                                 k ? ", " : "", "xyz"[k], v, v);
            }
            double g = tk_get(f->t, got, 0), e = tk_get(f->t, expected, i);
            TK_FAIL("%s: element %zu, %s: got %.17g (%a), expected %.17g (%a) as in the "
                    "contiguous call", what, i, inputs, g, g, e, e);
            return 0;
        }
    }
    for (size_t j = 0; j < len; j++) {
        if (n > 0 && s != 0 && j % (size_t)labs(s) == 0) continue; /* a result */
        int intact = 1;
        for (size_t b = 0; b < es; b++)
            intact &= (unsigned char)buf[j * es + b] == (unsigned char)
                      (filler_is_gap ? f->gap[b] : out_sentinel);
        if (!intact) {
            TK_FAIL("%s: element %zu of the output buffer, between results, was written", what, j);
            return 0;
        }
    }
    return 1;
}

static int input_intact(const fixture *f, int k, const char *buf, size_t n, long s) {
    size_t es = f->t->size, len = span(n, s);
    for (size_t j = 0; j < len; j++) {
        const char *want = f->gap;
        if (s == 0) want = f->values[k] + BROADCAST_AT * es;
        else if (n > 0 && j % (size_t)labs(s) == 0) {
            size_t i = s > 0 ? j / (size_t)s : n - 1 - j / (size_t)(-s);
            want = f->values[k] + i * es;
        }
        if (memcmp(buf + j * es, want, es) != 0) return 0;
    }
    return 1;
}

/* One call with the given strides, against the contiguous full-length results. */
static void check_strided(const fixture *f, size_t n, const long *s_in, long s_out) {
    int nin = f->kernel->nin;
    size_t es = f->t->size;
    char *bufs[3], *bases[3];
    unsigned pattern = 0;
    for (int k = 0; k < nin; k++) {
        bufs[k] = make_input(f, k, n, s_in[k], &bases[k]);
        if (s_in[k] == 0) pattern |= 1u << k;
    }
    size_t out_len = span(n, s_out);
    char *out = xmalloc(out_len * es);
    memset(out, out_sentinel, out_len * es);
    char *out_base = out + (s_out < 0 && n > 0 ? (n - 1) * (size_t)(-s_out) * es : 0);

    char what[160];
    describe(what, sizeof what, f, n, s_in, s_out, "");
    int rc = call_kernel(f, n, (const char *const *)bases, s_in, out_base, s_out);
    TK_CHECK(rc == SK_OK, "%s: returned %d", what, rc);
    check_output(f, what, out, out_len, n, s_out, pattern, 0);
    for (int k = 0; k < nin; k++) {
        TK_CHECK(input_intact(f, k, bufs[k], n, s_in[k]), "%s: input %d was modified", what, k);
        free(bufs[k]);
    }
    free(out);
}

/* In place: inputs at stride s, the output written over input `target`. */
static void check_in_place(const fixture *f, size_t n, long s, int target) {
    int nin = f->kernel->nin;
    char *bufs[3], *bases[3];
    long s_in[3] = {s, s, s};
    for (int k = 0; k < nin; k++) bufs[k] = make_input(f, k, n, s, &bases[k]);

    char what[160];
    char how[40];
    snprintf(how, sizeof how, ", in place over input %d", target);
    describe(what, sizeof what, f, n, s_in, s, how);
    int rc = call_kernel(f, n, (const char *const *)bases, s_in, bases[target], s);
    TK_CHECK(rc == SK_OK, "%s: returned %d", what, rc);
    check_output(f, what, bufs[target], span(n, s), n, s, 0, 1);
    for (int k = 0; k < nin; k++) free(bufs[k]);
}

/*
 * Neighbours: an element computed alone (n = 1, the rest of its vector
 * padded) and the same element in a vector whose other lanes hold one large,
 * tiny or special value give the same bits.  Vector libraries that pick a
 * slower argument reduction for a whole vector when any lane needs it
 * would make a result depend on its neighbours.
 */
#define NEIGHBOUR_BLOCK 16 /* the widest vector: 16 float32 lanes */
#define NEIGHBOUR_POINTS 4000

static void check_neighbours(const tk_kernel *kernel, int d, tk_rng *rng) {
    const tk_dtype *t = tk_dtypes[d];
    const sk_kernel *entry = sk_find(kernel->name);
    int nin = kernel->nin;
    size_t es = t->size, len = (size_t)NEIGHBOUR_POINTS * NEIGHBOUR_BLOCK;
    const double neighbours[] = {200.0, -1e3, 1e5, 1e15, 1e30, t->max, -t->max, INFINITY,
                                 -INFINITY, NAN, 0.0, t->denorm_min};
    char *xs[3], *alone = xmalloc(NEIGHBOUR_POINTS * es), *in[3], *out = xmalloc(len * es);
    const ptrdiff_t unit[3] = {(ptrdiff_t)es, (ptrdiff_t)es, (ptrdiff_t)es};
    for (int k = 0; k < nin; k++) {
        xs[k] = xmalloc(NEIGHBOUR_POINTS * es);
        in[k] = xmalloc(len * es);
        for (size_t j = 0; j < NEIGHBOUR_POINTS; j++) {
            static const double scale[3] = {100.0, 3.0, 0.5};
            double x = tk_random_uniform(t, rng, -1, 1) * scale[j % 3];
            if (entry && entry->domain == SK_DOMAIN_NONNEG) x = fabs(x);
            tk_set(t, xs[k], j, x);
        }
    }
    for (size_t j = 0; j < NEIGHBOUR_POINTS; j++) {
        const void *one[3];
        for (int k = 0; k < nin; k++) one[k] = xs[k] + j * es;
        for (int k = nin; k < 3; k++) one[k] = one[0];
        kernel->call[d](1, one, unit, alone + j * es, (ptrdiff_t)es);
    }
    int reported = 0;
    for (size_t nb = 0; nb < sizeof neighbours / sizeof neighbours[0] && !reported; nb++) {
        for (int k = 0; k < nin; k++)
            for (size_t i = 0; i < len; i++) {
                if (i % NEIGHBOUR_BLOCK == 0)
                    memcpy(in[k] + i * es, xs[k] + i / NEIGHBOUR_BLOCK * es, es);
                else
                    tk_set(t, in[k], i, neighbours[nb]);
            }
        const void *ins[3] = {in[0], nin > 1 ? in[1] : in[0], nin > 2 ? in[2] : in[0]};
        kernel->call[d](len, ins, unit, out, (ptrdiff_t)es);
        size_t differ = 0, first = 0;
        for (size_t j = 0; j < NEIGHBOUR_POINTS; j++)
            if (!tk_same_bits(t, out + j * NEIGHBOUR_BLOCK * es, alone + j * es) && !differ++)
                first = j;
        if (differ) {
            double x = tk_get(t, xs[0], first), got = tk_get(t, out, first * NEIGHBOUR_BLOCK),
                   want = tk_get(t, alone, first);
            TK_FAIL("%s %s: %zu of %d results change when the other lanes of their vector hold "
                    "%g; e.g. x=%.9g (%a): got %.17g (%a), alone %.17g (%a)",
                    kernel->name, t->name, differ, NEIGHBOUR_POINTS, neighbours[nb], x, x, got,
                    got, want, want);
            reported = 1;
        }
    }
    for (int k = 0; k < nin; k++) {
        free(xs[k]);
        free(in[k]);
    }
    free(alone);
    free(out);
}

static void check_kernel(const tk_kernel *kernel, int d, tk_rng *rng) {
    const tk_dtype *t = tk_dtypes[d];
    const sk_kernel *entry = sk_find(kernel->name);
    fixture f = {.kernel = kernel, .t = t, .d = d};
    int nin = kernel->nin;
    size_t es = t->size;

    /* A quiet NaN with a payload no kernel produces. */
    if (es == sizeof(float)) {
        uint32_t bits = 0x7fc0abcdu;
        memcpy(f.gap, &bits, sizeof bits);
    } else {
        uint64_t bits = 0x7ff80000abcd1234u;
        memcpy(f.gap, &bits, sizeof bits);
    }
    for (int k = 0; k < nin; k++) {
        f.values[k] = xmalloc(FULL_N * es);
        for (size_t i = 0; i < FULL_N; i++) tk_set(t, f.values[k], i, pool_value(t, entry, rng));
    }
    /* Contiguous full-length results, per broadcast pattern. */
    for (unsigned pattern = 0; pattern < (1u << nin); pattern++) {
        char *in[3], *owned[3] = {NULL, NULL, NULL};
        long unit[3] = {1, 1, 1};
        for (int k = 0; k < nin; k++) {
            if (pattern & (1u << k)) {
                owned[k] = xmalloc(FULL_N * es);
                for (size_t i = 0; i < FULL_N; i++)
                    memcpy(owned[k] + i * es, f.values[k] + BROADCAST_AT * es, es);
                in[k] = owned[k];
            } else {
                in[k] = f.values[k];
            }
        }
        f.expected[pattern] = xmalloc(FULL_N * es);
        int rc = call_kernel(&f, FULL_N, (const char *const *)in, unit, f.expected[pattern], 1);
        TK_CHECK(rc == SK_OK, "%s %s: contiguous call returned %d", kernel->name, t->name, rc);
        for (int k = 0; k < nin; k++) free(owned[k]);
    }

    static const size_t extra_sizes[] = {255, 256, 257, 511, 512, 513, FULL_N};
    size_t n_sizes = 68 + sizeof extra_sizes / sizeof extra_sizes[0];
    long before = tk_failures();
    for (size_t si = 0; si < n_sizes && tk_failures() - before < 5; si++) {
        size_t n = si < 68 ? si : extra_sizes[si - 68];
        if (nin == 1) {
            for (size_t a = 0; a < N_INPUT_STRIDES; a++)
                for (size_t o = 0; o < N_OUTPUT_STRIDES; o++)
                    check_strided(&f, n, &input_strides[a], output_strides[o]);
        } else {
            /* Every input at the same stride, then random mixtures. */
            for (size_t a = 0; a < N_INPUT_STRIDES; a++) {
                long s_in[3] = {input_strides[a], input_strides[a], input_strides[a]};
                check_strided(&f, n, s_in, input_strides[a] ? input_strides[a] : 1);
            }
            for (int c = 0; c < MIXED_COMBOS; c++) {
                long s_in[3];
                for (int k = 0; k < 3; k++)
                    s_in[k] = input_strides[tk_rng_int(rng, 0, N_INPUT_STRIDES - 1)];
                check_strided(&f, n, s_in, output_strides[tk_rng_int(rng, 0, N_OUTPUT_STRIDES - 1)]);
            }
        }
        static const long in_place_strides[] = {1, 2, -1, -3, 4};
        for (size_t a = 0; a < sizeof in_place_strides / sizeof in_place_strides[0]; a++) {
            check_in_place(&f, n, in_place_strides[a], 0);
            if (nin > 1) check_in_place(&f, n, in_place_strides[a], nin - 1);
        }
    }
    check_neighbours(kernel, d, rng);
    printf("strides %-8s %s: %s\n", kernel->name, t->name,
           tk_failures() == before ? "bit-identical" : "DIFFERS");

    for (int k = 0; k < nin; k++) free(f.values[k]);
    for (unsigned pattern = 0; pattern < (1u << nin); pattern++) free(f.expected[pattern]);
}

int main(void) {
    tk_require_isa("strides");
    tk_rng rng = tk_rng_seeded(0x5eed0002);
    size_t nk;
    const tk_kernel *kernels = tk_kernels(&nk);
    for (size_t i = 0; i < nk; i++)
        for (int d = 0; d < 2; d++) check_kernel(&kernels[i], d, &rng);
    return tk_finish("strides");
}
