/* Scalar long double references (see reference.h). */
#include "reference.h"

#include <math.h>
#include <string.h>

static long double ref_exp(const long double *in) { return expl(in[0]); }
static long double ref_log(const long double *in) { return logl(in[0]); }
static long double ref_sin(const long double *in) { return sinl(in[0]); }
static long double ref_cos(const long double *in) { return cosl(in[0]); }
static long double ref_tanh(const long double *in) { return tanhl(in[0]); }
static long double ref_sqrt(const long double *in) { return sqrtl(in[0]); }
static long double ref_add(const long double *in) { return in[0] + in[1]; }
static long double ref_multiply(const long double *in) { return in[0] * in[1]; }
static long double ref_fma(const long double *in) { return fmal(in[0], in[1], in[2]); }
static long double ref_subtract(const long double *in) { return in[0] - in[1]; }
static long double ref_divide(const long double *in) { return in[0] / in[1]; }
static long double ref_negative(const long double *in) { return -in[0]; }
static long double ref_absolute(const long double *in) { return fabsl(in[0]); }
static long double ref_square(const long double *in) { return in[0] * in[0]; }
static long double ref_reciprocal(const long double *in) { return 1.0L / in[0]; }
static long double ref_tan(const long double *in) { return tanl(in[0]); }
static long double ref_arcsin(const long double *in) { return asinl(in[0]); }
static long double ref_arccos(const long double *in) { return acosl(in[0]); }
static long double ref_arctan(const long double *in) { return atanl(in[0]); }
static long double ref_sinh(const long double *in) { return sinhl(in[0]); }
static long double ref_cosh(const long double *in) { return coshl(in[0]); }
static long double ref_arcsinh(const long double *in) { return asinhl(in[0]); }
static long double ref_arccosh(const long double *in) { return acoshl(in[0]); }
static long double ref_arctanh(const long double *in) { return atanhl(in[0]); }
static long double ref_erf(const long double *in) { return erfl(in[0]); }
static long double ref_erfc(const long double *in) { return erfcl(in[0]); }
static long double ref_arctan2(const long double *in) { return atan2l(in[0], in[1]); }

/* The larger or smaller of two, -0 below +0; NaN-propagating or -ignoring. */
static long double pick(long double a, long double b, int larger, int keep_nan) {
    if (isnan(a) || isnan(b)) {
        if (keep_nan) return isnan(a) ? a : b;
        return isnan(a) ? b : a;
    }
    if (a == b) return (signbit(a) != 0) == larger ? b : a;
    return (a > b) == larger ? a : b;
}
static long double ref_maximum(const long double *in) { return pick(in[0], in[1], 1, 1); }
static long double ref_minimum(const long double *in) { return pick(in[0], in[1], 0, 1); }
static long double ref_fmax(const long double *in) { return pick(in[0], in[1], 1, 0); }
static long double ref_fmin(const long double *in) { return pick(in[0], in[1], 0, 0); }
static long double ref_relu(const long double *in) { return pick(in[0], 0.0L, 1, 1); }
static long double ref_exp2(const long double *in) { return exp2l(in[0]); }
static long double ref_expm1(const long double *in) { return expm1l(in[0]); }
static long double ref_log2(const long double *in) { return log2l(in[0]); }
static long double ref_log10(const long double *in) { return log10l(in[0]); }
static long double ref_log1p(const long double *in) { return log1pl(in[0]); }
static long double ref_cbrt(const long double *in) { return cbrtl(in[0]); }
static long double ref_power(const long double *in) { return powl(in[0], in[1]); }
static long double ref_hypot(const long double *in) { return hypotl(in[0], in[1]); }

/*
 * 1 / (1 + e^-x), written with e^-|x| so that nothing overflows and the
 * negative tail, e^x / (1 + e^x), keeps its full relative accuracy.
 */
static long double sigmoid_exact(long double x) {
    if (x >= 0) return 1.0L / (1.0L + expl(-x));
    long double e = expl(x);
    return e / (1.0L + e);
}

static long double ref_sigmoid(const long double *in) {
    long double x = in[0];
    if (isnan(x)) return x;
    return sigmoid_exact(x);
}

/*
 * gelu(x) = 0.5 x (1 + tanh(z)), z = sqrt(2/pi) (x + 0.044715 x^3), is
 * x * sigmoid(2z) exactly; that form has no cancellation in the negative
 * tail.  There e^(2z) amplifies the relative error of 2z by |2z|, which
 * reaches about 745 before a double result underflows, so 2z is carried as
 * an unevaluated sum hi + lo of long doubles (error-free products through
 * fmal), with both constants split the same way: a plain long double 2z
 * would cost about one double ULP.
 */
#define K2_HI 0xcc42299ea1b28468p-63L  /* 2 sqrt(2/pi) = K2_HI + K2_LO */
#define K2_LO 0xfcb3c500bab8e2ffp-128L
#define A_HI 0xb727136a400fba88p-68L   /* 0.044715 = A_HI + A_LO */
#define A_LO 0x9aaa3ad18d25edd0p-134L

static long double ref_gelu(const long double *in) {
    long double x = in[0];
    if (isnan(x)) return x;
    /*
     * Beyond |x| = 64, |2z| > 18000: e^(2z) is below even long double's
     * smallest subnormal, so the result is x, or -0 for negative x.
     */
    if (fabsl(x) >= 64) return x > 0 ? x : -0.0L;

    /* s = x^2 exactly */
    long double sh = x * x;
    long double sl = fmal(x, x, -sh);
    /* p = a s */
    long double ph = A_HI * sh;
    long double pl = fmal(A_HI, sh, -ph) + A_HI * sl + A_LO * sh;
    /* q = 1 + p (two-sum) */
    long double qh = 1.0L + ph;
    long double bv = qh - 1.0L;
    long double ql = (1.0L - (qh - bv)) + (ph - bv) + pl;
    /* v = x q */
    long double vh = x * qh;
    long double vl = fmal(x, qh, -vh) + x * ql;
    /* w = 2z = K2 v */
    long double wh = K2_HI * vh;
    long double wl = fmal(K2_HI, vh, -wh) + K2_HI * vl + K2_LO * vh;

    /* e^-|w| = e^-|wh| (1 -+ wl); |wl| < 2^-50, so the next term is negligible. */
    if (wh >= 0) {
        long double e = expl(-wh) * (1.0L - wl);
        return x / (1.0L + e);
    }
    long double e = expl(wh) * (1.0L + wl);
    return x * e / (1.0L + e);
}

/* x sigmoid(x) = x / (1 + e^-x), with sigmoid's tail-safe form. */
static long double ref_silu(const long double *in) {
    long double x = in[0];
    if (isnan(x)) return x;
    if (isinf(x)) return x > 0 ? x : -0.0L;
    return x * sigmoid_exact(x);
}

/* log(1 + e^x) = max(x, 0) + log1p(e^-|x|): no overflow, the tail e^x kept. */
static long double softplus_exact(long double x) {
    if (isnan(x)) return x;
    return (x > 0 ? x : 0.0L) + log1pl(expl(-fabsl(x)));
}

static long double ref_softplus(const long double *in) { return softplus_exact(in[0]); }
static long double ref_log_sigmoid(const long double *in) { return -softplus_exact(-in[0]); }

/*
 * x Phi(x) = (x/2) erfc(-x / sqrt(2)).  erfc amplifies its argument's
 * relative error by about 2a^2 (up to 1500 where double results are
 * nonzero), about a double ULP for a plain long double argument, so
 * a = |x| / sqrt(2) is carried as hi + lo and erfc(hi + lo) taken as
 * erfc(hi) (1 - lo R), R = -erfc'(hi)/erfc(hi) ~ hi + sqrt(hi^2 + 2)
 * (lo R is below 2^-53, so R's few per cent are far below an ULP).
 */
#define RSQRT2_HI 0xb504f333f9de6484p-64L /* 1/sqrt(2) = RSQRT2_HI + RSQRT2_LO */
#define RSQRT2_LO 0xb2fb1366ea957d3ep-129L

static long double ref_gelu_erf(const long double *in) {
    long double x = in[0];
    if (isnan(x)) return x;
    /* beyond |x| = 64, erfc(a) < e^-2048: x, or -0 for negative x */
    if (fabsl(x) >= 64) return x > 0 ? x : -0.0L;
    long double ax = fabsl(x);
    long double ah = ax * RSQRT2_HI;
    long double al = fmal(ax, RSQRT2_HI, -ah) + ax * RSQRT2_LO;
    long double e = erfcl(ah) * (1.0L - al * (ah + sqrtl(ah * ah + 2.0L)));
    /* x >= 0: x (1 - e/2); x < 0: (x/2) e */
    return x >= 0 ? x * (1.0L - 0.5L * e) : 0.5L * x * e;
}

static const struct {
    const char *name;
    tk_ref_fn fn;
} references[] = {
    {"exp", ref_exp},         {"log", ref_log},   {"sin", ref_sin},
    {"cos", ref_cos},         {"tanh", ref_tanh}, {"sqrt", ref_sqrt},
    {"add", ref_add},         {"multiply", ref_multiply},
    {"fma", ref_fma},         {"sigmoid", ref_sigmoid},
    {"gelu", ref_gelu},
    {"subtract", ref_subtract}, {"divide", ref_divide}, {"negative", ref_negative},
    {"absolute", ref_absolute}, {"square", ref_square}, {"reciprocal", ref_reciprocal},
    {"maximum", ref_maximum}, {"minimum", ref_minimum}, {"fmax", ref_fmax},
    {"fmin", ref_fmin}, {"relu", ref_relu},
    {"silu", ref_silu}, {"softplus", ref_softplus}, {"gelu_erf", ref_gelu_erf},
    {"log_sigmoid", ref_log_sigmoid},
    {"tan", ref_tan},         {"arcsin", ref_arcsin},   {"arccos", ref_arccos},
    {"arctan", ref_arctan},   {"sinh", ref_sinh},       {"cosh", ref_cosh},
    {"arcsinh", ref_arcsinh}, {"arccosh", ref_arccosh}, {"arctanh", ref_arctanh},
    {"erf", ref_erf},         {"erfc", ref_erfc},       {"arctan2", ref_arctan2},
    {"exp2", ref_exp2},       {"expm1", ref_expm1}, {"log2", ref_log2},
    {"log10", ref_log10},     {"log1p", ref_log1p}, {"cbrt", ref_cbrt},
    {"power", ref_power},     {"hypot", ref_hypot},
};

tk_ref_fn tk_reference(const char *name) {
    for (size_t i = 0; i < sizeof references / sizeof references[0]; i++)
        if (strcmp(references[i].name, name) == 0) return references[i].fn;
    return NULL;
}
