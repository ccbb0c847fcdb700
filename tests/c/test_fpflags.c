/*
 * Floating-point exception flags, as NumPy reads them after a loop: a kernel
 * raises the flags its mathematical function calls for (overflow, underflow,
 * divide-by-zero, invalid) and no others, wherever the element sits (first
 * vector, tail, strided path); flags raised before the call are kept.
 * FE_INEXACT is never checked: every kernel may raise it.
 */
#include <fenv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sk_test.h"

#define TESTED_FLAGS (FE_OVERFLOW | FE_UNDERFLOW | FE_DIVBYZERO | FE_INVALID)

/* Lengths that put the special element in the first vector, in a tail, or later. */
static const size_t lengths[] = {1, 3, 8, 17, 100};

static void flag_names(int flags, char *buf, size_t size) {
    snprintf(buf, size, "%s%s%s%s%s", flags & FE_OVERFLOW ? " overflow" : "",
             flags & FE_UNDERFLOW ? " underflow" : "", flags & FE_DIVBYZERO ? " divbyzero" : "",
             flags & FE_INVALID ? " invalid" : "", flags & TESTED_FLAGS ? "" : " none");
}

static const tk_kernel *kernel_named(const char *name) {
    size_t nk;
    const tk_kernel *kernels = tk_kernels(&nk);
    for (size_t i = 0; i < nk; i++)
        if (strcmp(kernels[i].name, name) == 0) return &kernels[i];
    TK_FAIL("no kernel %s", name);
    return NULL;
}

/*
 * Runs kernel `name` on the n values per input in vals[0 .. nin-1],
 * contiguous (stride 1) or strided (inputs stride 2, output stride -1),
 * after clearing every flag and raising `before`.  Returns the tested flags
 * raised by then.
 */
static int raised_by(const char *name, int d, size_t n, const double *const *vals, int strided,
                     int before) {
    const tk_kernel *k = kernel_named(name);
    if (!k) return 0;
    const tk_dtype *t = tk_dtypes[d];
    long s_in = strided ? 2 : 1, s_out = strided ? -1 : 1;
    char *in[3] = {NULL, NULL, NULL}, *out = malloc(n * t->size);
    for (int j = 0; j < k->nin; j++) {
        in[j] = malloc(n * (size_t)s_in * t->size);
        for (size_t i = 0; i < n * (size_t)s_in; i++) tk_set(t, in[j], i, 1.0);
        for (size_t i = 0; i < n; i++) tk_set(t, in[j], i * (size_t)s_in, vals[j][i]);
    }
    const void *ins[3] = {in[0], k->nin > 1 ? in[1] : in[0], k->nin > 2 ? in[2] : in[0]};
    ptrdiff_t st[3] = {s_in * (ptrdiff_t)t->size, s_in * (ptrdiff_t)t->size,
                       s_in * (ptrdiff_t)t->size};
    char *out_base = out + (strided ? (n - 1) * t->size : 0);

    feclearexcept(FE_ALL_EXCEPT);
    if (before) feraiseexcept(before);
    int rc = k->call[d](n, ins, st, out_base, s_out * (ptrdiff_t)t->size);
    int raised = fetestexcept(TESTED_FLAGS);
    feclearexcept(FE_ALL_EXCEPT);

    TK_CHECK(rc == SK_OK, "%s %s: returned %d", name, t->name, rc);
    for (int j = 0; j < k->nin; j++) free(in[j]);
    free(out);
    return raised;
}

/* n elements per input: the last holds special[j], the others 1.0. */
static int flags_of(const char *name, int d, size_t n, const double *special, int strided,
                    int before) {
    double vals[3][128];
    const double *rows[3] = {vals[0], vals[1], vals[2]};
    for (int j = 0; j < 3; j++) {
        for (size_t i = 0; i + 1 < n; i++) vals[j][i] = 1.0;
        vals[j][n - 1] = special[j];
    }
    return raised_by(name, d, n, rows, strided, before);
}

/*
 * Expects exactly `want` (of the tested flags) from kernel `name` at the
 * inputs `special`, for every length, contiguous and strided, with no flag
 * raised before and with `before` raised before (then want | before).
 */
static void expect_flags(const char *name, int d, const double *special, int want, int before) {
    for (size_t li = 0; li < sizeof lengths / sizeof lengths[0]; li++) {
        for (int strided = 0; strided < 2; strided++) {
            int got = flags_of(name, d, lengths[li], special, strided, before);
            int expect = want | before;
            if (got != expect) {
                char gs[80], ws[80];
                flag_names(got, gs, sizeof gs);
                flag_names(expect, ws, sizeof ws);
                TK_FAIL("%s %s(%.17g%s%.17g%s%.17g) n=%zu %s%s: raised%s, expected%s",
                        name, tk_dtypes[d]->name, special[0], ", ", special[1], ", ", special[2],
                        lengths[li], strided ? "strided" : "contiguous",
                        before ? " (flags set before the call)" : "", gs, ws);
                return;
            }
        }
    }
}

static void expect1(const char *name, int d, double x, int want) {
    const double in[3] = {x, 1.0, 1.0};
    expect_flags(name, d, in, want, 0);
    /* Flags raised before the call survive it. */
    expect_flags(name, d, in, want, FE_DIVBYZERO);
    expect_flags(name, d, in, want, TESTED_FLAGS);
}

static void expect3(const char *name, int d, double x, double y, double z, int want) {
    const double in[3] = {x, y, z};
    expect_flags(name, d, in, want, 0);
    expect_flags(name, d, in, want, FE_UNDERFLOW);
}

/* Ordinary inputs raise nothing: the vector library's spurious flags are gone. */
static void check_quiet_on_ordinary_inputs(int d) {
    static const char *const functions[] = {"exp", "sin", "cos", "tanh", "sigmoid", "gelu", "log", "sqrt"};
    const tk_dtype *t = tk_dtypes[d];
    enum { N = 2001 };
    static double xs[N], ys[N], positive[N];
    for (int i = 0; i < N; i++) {
        xs[i] = tk_round(t, -10.0 + 20.0 * i / (N - 1)); /* [-10, 10] */
        positive[i] = tk_round(t, 10.0 * (i + 1) / N);     /* (0, 10] */
        ys[i] = tk_round(t, 0.5 + 0.001 * i);
    }
    for (size_t f = 0; f < sizeof functions / sizeof functions[0]; f++) {
        int on_positive = f >= 6;
        const double *rows[3] = {on_positive ? positive : xs, ys, ys};
        for (int strided = 0; strided < 2; strided++) {
            int got = raised_by(functions[f], d, N, rows, strided, 0);
            char gs[80];
            flag_names(got, gs, sizeof gs);
            TK_CHECK(got == 0, "%s %s on %s, %s: raised%s, expected none", functions[f], t->name,
                     on_positive ? "(0, 10]" : "[-10, 10]", strided ? "strided" : "contiguous", gs);
        }
    }
    const char *arith[] = {"add", "multiply", "fma"};
    for (int f = 0; f < 3; f++) {
        const double *rows[3] = {xs, ys, xs};
        int got = raised_by(arith[f], d, N, rows, 0, 0);
        TK_CHECK(got == 0, "%s %s on [-10, 10]: raised flags 0x%x", arith[f], t->name, got);
    }
}

static void check_dtype(int d) {
    const tk_dtype *t = tk_dtypes[d];
    int f32 = t->size == sizeof(float);

    /* exp: overflow, underflow, and nothing at the exact limits. */
    expect1("exp", d, 1000.0, FE_OVERFLOW);
    expect1("exp", d, f32 ? 89.0 : 710.0, FE_OVERFLOW);
    expect1("exp", d, f32 ? 88.0 : 709.0, 0);
    expect1("exp", d, -1000.0, FE_UNDERFLOW);
    expect1("exp", d, f32 ? -90.0 : -720.0, FE_UNDERFLOW); /* subnormal result */
    expect1("exp", d, f32 ? -87.0 : -708.0, 0);            /* smallest normal results */
    expect1("exp", d, INFINITY, 0);
    expect1("exp", d, -INFINITY, 0);
    expect1("exp", d, NAN, 0);

    /* log: a pole at zero, invalid below it. */
    expect1("log", d, 0.0, FE_DIVBYZERO);
    expect1("log", d, -0.0, FE_DIVBYZERO);
    expect1("log", d, -1.0, FE_INVALID);
    expect1("log", d, -INFINITY, FE_INVALID);
    expect1("log", d, INFINITY, 0);
    expect1("log", d, NAN, 0);
    expect1("log", d, t->denorm_min, 0);

    /* sin, cos: invalid at infinities only. */
    const char *trig[] = {"sin", "cos"};
    for (int i = 0; i < 2; i++) {
        expect1(trig[i], d, INFINITY, FE_INVALID);
        expect1(trig[i], d, -INFINITY, FE_INVALID);
        expect1(trig[i], d, NAN, 0);
        expect1(trig[i], d, 1e30, 0);
        expect1(trig[i], d, t->max, 0);
    }

    /* sin of a nonzero subnormal: tiny and inexact, so underflow (IEEE 754,
       and glibc's sin as NumPy's float64 sin reports it).  NumPy's tanh
       reports nothing there, and neither does simdkern's. */
    expect1("sin", d, t->denorm_min, FE_UNDERFLOW);
    expect1("sin", d, -t->denorm_min, FE_UNDERFLOW);
    expect1("tanh", d, t->denorm_min, 0);
    expect1("sin", d, t->min_normal, 0);
    expect1("cos", d, t->denorm_min, 0);

    /* tanh, sigmoid, gelu: quiet everywhere. */
    const double quiet_inputs[] = {1000.0, -1000.0, 100.0, -100.0, INFINITY, -INFINITY, NAN,
                                   t->max, -t->max, -0.0, f32 ? -9.5 : -21.0};
    const char *quiet[] = {"tanh", "sigmoid", "gelu"};
    for (int i = 0; i < 3; i++)
        for (size_t j = 0; j < sizeof quiet_inputs / sizeof quiet_inputs[0]; j++)
            expect1(quiet[i], d, quiet_inputs[j], 0);
    expect1("sigmoid", d, t->denorm_min, 0);
    expect1("gelu", d, t->denorm_min, 0);

    /* Correctly rounded arithmetic: IEEE's flags. */
    expect1("sqrt", d, -1.0, FE_INVALID);
    expect1("sqrt", d, -0.0, 0);
    expect1("sqrt", d, INFINITY, 0);
    expect3("add", d, INFINITY, -INFINITY, 0, FE_INVALID);
    expect3("add", d, t->max, t->max, 0, FE_OVERFLOW);
    expect3("multiply", d, t->max, 2.0, 0, FE_OVERFLOW);
    expect3("multiply", d, t->min_normal, tk_round(t, 1.0 / 3), 0, FE_UNDERFLOW); /* inexact */
    expect3("multiply", d, 0.0, INFINITY, 0, FE_INVALID);
    expect3("fma", d, INFINITY, 0.0, 1.0, FE_INVALID);
    expect3("fma", d, t->max, 2.0, -t->max, 0); /* one rounding: no overflow */
    expect3("fma", d, t->max, 2.0, 0.0, FE_OVERFLOW);

    check_quiet_on_ordinary_inputs(d);
    printf("fpflags %s: %s\n", t->name, tk_failures() ? "FAILED" : "as expected");
}

int main(void) {
    tk_require_isa("fpflags");
    for (int d = 0; d < 2; d++) check_dtype(d);
    return tk_finish("fpflags");
}
