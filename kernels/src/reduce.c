/*
 * Row kernels (simdkern_reductions.def), compiled once per target.
 *
 * Tree kernels read the row in blocks of SK_RBLOCK elements and combine the
 * blocks' results pairwise by halves (table.h), so parallel.c can split the
 * tree across threads and still give the serial bits.  A block is summed in
 * four vector accumulators; a strided block is first staged contiguously,
 * and the last partial vector is padded with elements that add nothing, so
 * a block's result does not depend on the layout.
 *
 * The other kernels take one contiguous row; rows.c stages strided rows.
 */
#include <math.h>

#include "rows.h"
#include "simd.h"
#include "table.h"
#include "vexp.h"

/* a * b + c: fused where the target has the instruction (baseline: C fma is slow). */
#if SK_HAVE_FMA
#  define SK_MADD(a, b, c) skv_fma(a, b, c)
#else
#  define SK_MADD(a, b, c) ((a) * (b) + (c))
#endif

/* arith.c's blocked pairwise sums: the sum kernel is exactly those. */
double SK_SYM(sk_sum_blocks_f64)(size_t, size_t, size_t, const char *, ptrdiff_t);
float SK_SYM(sk_sum_blocks_f32)(size_t, size_t, size_t, const char *, ptrdiff_t);

static double tree_sum_f64(const sk_tree_ctx *c, size_t first, size_t count) {
    return SK_SYM(sk_sum_blocks_f64)(first, count, c->n, c->x, c->sx);
}
static double tree_sum_f32(const sk_tree_ctx *c, size_t first, size_t count) {
    return SK_SYM(sk_sum_blocks_f32)(first, count, c->n, c->x, c->sx);
}

/* Sum of the lanes, pairwise by halves (a fixed order). */
#define SK_LANE_SUM(v, VL)                                                     \
    do {                                                                       \
        for (int w_ = (VL) / 2; w_ >= 1; w_ /= 2)                              \
            for (int l_ = 0; l_ < w_; l_++) (v)[l_] = (v)[l_] + (v)[l_ + w_];  \
    } while (0)

/* Block m <= SK_RBLOCK of operand p (stride s) as a contiguous pointer. */
#define SK_BLOCK_PTR(ET, p, s, start, m, stage)                                \
    ((s) == (ptrdiff_t)sizeof(ET)                                              \
         ? (const ET *)((p) + (ptrdiff_t)(start) * (s))                        \
         : sk_stage_##ET((p) + (ptrdiff_t)(start) * (s), (s), (m), (stage)))

SK_INLINE const double *sk_stage_double(const char *p, ptrdiff_t s, size_t m, double *stage) {
    for (size_t j = 0; j < m; j++) memcpy(&stage[j], p + (ptrdiff_t)j * s, sizeof(double));
    return stage;
}
SK_INLINE const float *sk_stage_float(const char *p, ptrdiff_t s, size_t m, float *stage) {
    for (size_t j = 0; j < m; j++) memcpy(&stage[j], p + (ptrdiff_t)j * s, sizeof(float));
    return stage;
}

/*
 * The tree over a block kernel BLOCK(m, x, y, c) -> accumulator value:
 * halves combined in CT (the accumulation type).
 */
#define SK_DEFINE_TREE(name, S, ET, CT, NIN, BLOCK)                            \
    static double tree_##name##_##S(const sk_tree_ctx *c, size_t first, size_t count) { \
        if (count > 1) {                                                       \
            size_t half = count / 2;                                           \
            CT a = (CT)tree_##name##_##S(c, first, half);                      \
            CT b = (CT)tree_##name##_##S(c, first + half, count - half);       \
            return (double)(a + b);                                            \
        }                                                                      \
        size_t start = first * SK_RBLOCK;                                      \
        size_t m = c->n - start < SK_RBLOCK ? c->n - start : SK_RBLOCK;        \
        ET xs[SK_RBLOCK], ys[(NIN) > 1 ? SK_RBLOCK : 1];                       \
        const ET *xb = SK_BLOCK_PTR(ET, c->x, c->sx, start, m, xs);            \
        const ET *yb = (NIN) > 1 ? SK_BLOCK_PTR(ET, c->y, c->sy, start, m, ys) : xb; \
        (void)ys;                                                              \
        return (double)BLOCK(m, xb, yb, c);                                    \
    }

/* ----- float64 blocks --------------------------------------------------- */

/* sum of (x - shift)^2; padding lanes hold shift itself */
SK_INLINE double dev2_block_f64(size_t m, const double *x, const double *y, const sk_tree_ctx *c) {
    (void)y;
    vf64 mu = SK_SPLAT(mu, c->shift), acc[4];
    for (int k = 0; k < 4; k++) acc[k] = SK_SPLAT(acc[0], 0.0);
    size_t i = 0;
    for (; i + 4 * SK_VL64 <= m; i += 4 * SK_VL64)
        for (int k = 0; k < 4; k++) {
            vf64 d = sk_load_f64(x + i + (size_t)k * SK_VL64) - mu;
            acc[k] = SK_MADD(d, d, acc[k]);
        }
    for (int k = 0; i < m; k = (k + 1) & 3) {
        double pad[SK_VL64];
        size_t take = m - i < SK_VL64 ? m - i : SK_VL64;
        for (int l = 0; l < SK_VL64; l++) pad[l] = c->shift;
        memcpy(pad, x + i, take * sizeof(double));
        vf64 d = sk_load_f64(pad) - mu;
        acc[k] = SK_MADD(d, d, acc[k]);
        i += take;
    }
    vf64 v = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    SK_LANE_SUM(v, SK_VL64);
    return v[0];
}

/* sum of (x*scale)^2 */
SK_INLINE double sq_block_f64(size_t m, const double *x, const double *y, const sk_tree_ctx *c) {
    (void)y;
    vf64 sc = SK_SPLAT(sc, c->scale), acc[4];
    for (int k = 0; k < 4; k++) acc[k] = SK_SPLAT(acc[0], 0.0);
    size_t i = 0;
    for (; i + 4 * SK_VL64 <= m; i += 4 * SK_VL64)
        for (int k = 0; k < 4; k++) {
            vf64 d = sk_load_f64(x + i + (size_t)k * SK_VL64) * sc;
            acc[k] = SK_MADD(d, d, acc[k]);
        }
    for (int k = 0; i < m; k = (k + 1) & 3) {
        double pad[SK_VL64] = {0};
        size_t take = m - i < SK_VL64 ? m - i : SK_VL64;
        memcpy(pad, x + i, take * sizeof(double));
        vf64 d = sk_load_f64(pad) * sc;
        acc[k] = SK_MADD(d, d, acc[k]);
        i += take;
    }
    vf64 v = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    SK_LANE_SUM(v, SK_VL64);
    return v[0];
}

/*
 * sum of x*y; accumulators start at -0.0 and padding is 0 * -0.0 = -0.0,
 * the identity of addition, so a product's sign of zero survives.
 */
#define SK_DEFINE_DOT_BLOCK(S, ET, VT, VL)                                     \
    SK_INLINE ET dot_block_##S(size_t m, const ET *x, const ET *y, const sk_tree_ctx *c) { \
        (void)c;                                                               \
        VT acc[4];                                                             \
        for (int k = 0; k < 4; k++) acc[k] = SK_SPLAT(acc[0], -0.0);           \
        size_t i = 0;                                                          \
        for (; i + 4 * (VL) <= m; i += 4 * (VL))                               \
            for (int k = 0; k < 4; k++)                                        \
                acc[k] = SK_MADD(sk_load_##S(x + i + (size_t)k * (VL)),        \
                                 sk_load_##S(y + i + (size_t)k * (VL)), acc[k]); \
        for (int k = 0; i < m; k = (k + 1) & 3) {                              \
            ET px[VL], py[VL];                                                 \
            size_t take = m - i < (VL) ? m - i : (VL);                         \
            for (int l = 0; l < (VL); l++) { px[l] = 0; py[l] = (ET)-0.0; }    \
            memcpy(px, x + i, take * sizeof(ET));                              \
            memcpy(py, y + i, take * sizeof(ET));                              \
            acc[k] = SK_MADD(sk_load_##S(px), sk_load_##S(py), acc[k]);        \
            i += take;                                                         \
        }                                                                      \
        VT v = (acc[0] + acc[1]) + (acc[2] + acc[3]);                          \
        SK_LANE_SUM(v, VL);                                                    \
        return v[0];                                                           \
    }
SK_DEFINE_DOT_BLOCK(f64, double, vf64, SK_VL64)
SK_DEFINE_DOT_BLOCK(f32, float, vf32, SK_VL32)

/* ----- float32 blocks accumulated in float64 ---------------------------- */

SK_INLINE double dev2_block_f32(size_t m, const float *x, const float *y, const sk_tree_ctx *c) {
    (void)y;
    vf64 mu = SK_SPLAT(mu, c->shift), acc[4];
    for (int k = 0; k < 4; k++) acc[k] = SK_SPLAT(acc[0], 0.0);
    size_t i = 0;
    for (; i + 2 * SK_VL32 <= m; i += 2 * SK_VL32)
        for (int k = 0; k < 2; k++) {
            vf64 lo, hi;
            sk_widen_f32(sk_load_f32(x + i + (size_t)k * SK_VL32), &lo, &hi);
            lo -= mu;
            hi -= mu;
            acc[2 * k] = SK_MADD(lo, lo, acc[2 * k]);
            acc[2 * k + 1] = SK_MADD(hi, hi, acc[2 * k + 1]);
        }
    for (int k = 0; i < m; k ^= 1) {
        float pad[SK_VL32];
        size_t take = m - i < SK_VL32 ? m - i : SK_VL32;
        for (int l = 0; l < SK_VL32; l++) pad[l] = (float)c->shift;
        memcpy(pad, x + i, take * sizeof(float));
        vf64 lo, hi;
        sk_widen_f32(sk_load_f32(pad), &lo, &hi);
        /* padding lanes: (float)shift - shift, tiny; zero them outright */
        for (int l = 0; l < SK_VL64; l++) {
            if ((size_t)l >= take) lo[l] = c->shift;
            if ((size_t)(l + SK_VL64) >= take) hi[l] = c->shift;
        }
        lo -= mu;
        hi -= mu;
        acc[2 * k] = SK_MADD(lo, lo, acc[2 * k]);
        acc[2 * k + 1] = SK_MADD(hi, hi, acc[2 * k + 1]);
        i += take;
    }
    vf64 v = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    SK_LANE_SUM(v, SK_VL64);
    return v[0];
}

/* float32 squares in float64 cannot overflow or underflow: no scale needed */
SK_INLINE double sq_block_f32(size_t m, const float *x, const float *y, const sk_tree_ctx *c) {
    (void)y; (void)c;
    vf64 acc[4];
    for (int k = 0; k < 4; k++) acc[k] = SK_SPLAT(acc[0], 0.0);
    size_t i = 0;
    for (; i + 2 * SK_VL32 <= m; i += 2 * SK_VL32)
        for (int k = 0; k < 2; k++) {
            vf64 lo, hi;
            sk_widen_f32(sk_load_f32(x + i + (size_t)k * SK_VL32), &lo, &hi);
            acc[2 * k] = SK_MADD(lo, lo, acc[2 * k]);
            acc[2 * k + 1] = SK_MADD(hi, hi, acc[2 * k + 1]);
        }
    for (int k = 0; i < m; k ^= 1) {
        float pad[SK_VL32] = {0};
        size_t take = m - i < SK_VL32 ? m - i : SK_VL32;
        memcpy(pad, x + i, take * sizeof(float));
        vf64 lo, hi;
        sk_widen_f32(sk_load_f32(pad), &lo, &hi);
        acc[2 * k] = SK_MADD(lo, lo, acc[2 * k]);
        acc[2 * k + 1] = SK_MADD(hi, hi, acc[2 * k + 1]);
        i += take;
    }
    vf64 v = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    SK_LANE_SUM(v, SK_VL64);
    return v[0];
}

/* float32 summed in float64: var's mean, which its squared deviations need exactly */
SK_INLINE double sum64_block_f32(size_t m, const float *x, const float *y, const sk_tree_ctx *c) {
    (void)y; (void)c;
    vf64 acc[4];
    for (int k = 0; k < 4; k++) acc[k] = SK_SPLAT(acc[0], 0.0);
    size_t i = 0;
    for (; i + 2 * SK_VL32 <= m; i += 2 * SK_VL32)
        for (int k = 0; k < 2; k++) {
            vf64 lo, hi;
            sk_widen_f32(sk_load_f32(x + i + (size_t)k * SK_VL32), &lo, &hi);
            acc[2 * k] += lo;
            acc[2 * k + 1] += hi;
        }
    for (int k = 0; i < m; k ^= 1) {
        float pad[SK_VL32] = {0};
        size_t take = m - i < SK_VL32 ? m - i : SK_VL32;
        memcpy(pad, x + i, take * sizeof(float));
        vf64 lo, hi;
        sk_widen_f32(sk_load_f32(pad), &lo, &hi);
        acc[2 * k] += lo;
        acc[2 * k + 1] += hi;
        i += take;
    }
    vf64 v = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    SK_LANE_SUM(v, SK_VL64);
    return v[0];
}

SK_DEFINE_TREE(sum64, f32, float, double, 1, sum64_block_f32)
SK_DEFINE_TREE(dev2, f64, double, double, 1, dev2_block_f64)
SK_DEFINE_TREE(sq, f64, double, double, 1, sq_block_f64)
SK_DEFINE_TREE(dot, f64, double, double, 2, dot_block_f64)
SK_DEFINE_TREE(dev2, f32, float, double, 1, dev2_block_f32)
SK_DEFINE_TREE(sq, f32, float, double, 1, sq_block_f32)
SK_DEFINE_TREE(dot, f32, float, float, 2, dot_block_f32)

/* ----- contiguous rows: extremes, softmax family ------------------------ */

#define SK_DEFINE_ROW_KERNELS(S, ET, VT, MT, VL, EXP)                     \
    static size_t first_nan_##S(size_t n, const ET *x) {                       \
        size_t i = 0;                                                          \
        while (i < n && x[i] == x[i]) i++;                                     \
        return i;                                                              \
    }                                                                          \
    /* min or max, NaN-propagating; `max` is a constant after inlining */      \
    SK_INLINE ET extreme_impl_##S(size_t n, const ET *x, int max, int absolute, \
                                  size_t *nan_at) {                            \
        VT first = SK_SPLAT(first, absolute ? (ET)0 : x[0]), m[4];             \
        MT nan = {0};                                                          \
        for (int k = 0; k < 4; k++) m[k] = first;                              \
        size_t i = 0;                                                          \
        for (; i + 4 * (VL) <= n; i += 4 * (VL))                               \
            for (int k = 0; k < 4; k++) {                                      \
                VT v = sk_load_##S(x + i + (size_t)k * (VL));                  \
                if (absolute) v = SK_ABS(v);                                   \
                nan |= v != v;                                                 \
                m[k] = max ? SK_SELECT(v > m[k], v, m[k]) : SK_SELECT(v < m[k], v, m[k]); \
            }                                                                  \
        for (; i < n; i++) {                                                   \
            ET v = absolute ? (ET)fabs((double)x[i]) : x[i];                   \
            if (v != v) nan[0] = -1;                                           \
            if (max ? v > m[0][0] : v < m[0][0]) m[0][0] = v;                  \
        }                                                                      \
        if (sk_any(nan)) {                                                     \
            *nan_at = first_nan_##S(n, x);                                     \
            return x[*nan_at];                                                 \
        }                                                                      \
        *nan_at = n;                                                           \
        VT v = max ? SK_SELECT(m[0] > m[1], m[0], m[1]) : SK_SELECT(m[0] < m[1], m[0], m[1]); \
        VT w = max ? SK_SELECT(m[2] > m[3], m[2], m[3]) : SK_SELECT(m[2] < m[3], m[2], m[3]); \
        v = max ? SK_SELECT(v > w, v, w) : SK_SELECT(v < w, v, w);             \
        ET r = v[0];                                                           \
        for (int l = 1; l < (VL); l++)                                         \
            if (max ? v[l] > r : v[l] < r) r = v[l];                           \
        return r;                                                              \
    }                                                                          \
    static double extreme_##S(size_t n, const void *vx, int max) {             \
        size_t nan_at;                                                         \
        const ET *x = vx;                                                      \
        return max ? extreme_impl_##S(n, x, 1, 0, &nan_at)                    \
                   : extreme_impl_##S(n, x, 0, 0, &nan_at);                    \
    }                                                                          \
    static double maxabs_##S(size_t n, const void *vx) {                       \
        size_t nan_at;                                                         \
        return extreme_impl_##S(n, (const ET *)vx, 1, 1, &nan_at);            \
    }                                                                          \
    /* the extreme, then the first index holding it (== finds -0.0 for 0.0 too) */ \
    static size_t arg_extreme_##S(size_t n, const void *vx, int max) {         \
        const ET *x = vx;                                                      \
        size_t nan_at;                                                         \
        ET m = max ? extreme_impl_##S(n, x, 1, 0, &nan_at)                     \
                   : extreme_impl_##S(n, x, 0, 0, &nan_at);                    \
        if (nan_at < n) return nan_at;                                         \
        VT mv = SK_SPLAT(mv, m);                                               \
        size_t i = 0;                                                          \
        for (; i + (VL) <= n; i += (VL))                                       \
            if (sk_any(sk_load_##S(x + i) == mv)) break;                       \
        while (i < n && x[i] != m) i++;                                        \
        return i;                                                              \
    }                                                                          \
    /* max of a chunk, NaNs aside (the caller checks them); -inf for none */   \
    static ET chunk_max_##S(size_t m, const ET *x, int *nan) {                 \
        VT mx = SK_SPLAT(mx, -__builtin_inf());                                \
        MT bad = {0};                                                          \
        size_t i = 0;                                                          \
        for (; i + (VL) <= m; i += (VL)) {                                     \
            VT v = sk_load_##S(x + i);                                         \
            bad |= v != v;                                                     \
            mx = SK_SELECT(v > mx, v, mx);                                     \
        }                                                                      \
        ET r = mx[0];                                                          \
        for (int l = 1; l < (VL); l++) if (mx[l] > r) r = mx[l];               \
        for (; i < m; i++) {                                                   \
            if (x[i] != x[i]) bad[0] = -1;                                     \
            if (x[i] > r) r = x[i];                                            \
        }                                                                      \
        *nan = sk_any(bad);                                                    \
        return r;                                                              \
    }                                                                          \
    /* sum of exp(x - shift) over a chunk, optionally storing the terms */     \
    SK_INLINE ET chunk_expsum_##S(size_t m, const ET *x, ET *out, ET shift, int store) { \
        VT sh = SK_SPLAT(sh, shift), acc[2];                                   \
        acc[0] = acc[1] = SK_SPLAT(sh, 0.0);                                   \
        size_t i = 0;                                                          \
        for (; i + 2 * (VL) <= m; i += 2 * (VL))                               \
            for (int k = 0; k < 2; k++) {                                      \
                VT e = EXP(sk_load_##S(x + i + (size_t)k * (VL)) - sh);        \
                if (store) sk_store_##S(out + i + (size_t)k * (VL), e);        \
                acc[k] += e;                                                   \
            }                                                                  \
        for (; i < m; i += (VL)) {                                             \
            ET pad[VL], res[VL];                                               \
            size_t take = m - i < (VL) ? m - i : (VL);                         \
            for (int l = 0; l < (VL); l++) pad[l] = (ET)-__builtin_inf();      \
            memcpy(pad, x + i, take * sizeof(ET));                             \
            VT e = EXP(sk_load_##S(pad) - sh);                                 \
            sk_store_##S(res, e);                                              \
            if (store) memcpy(out + i, res, take * sizeof(ET));                \
            acc[0] += e;                                                       \
        }                                                                      \
        VT v = acc[0] + acc[1];                                                \
        SK_LANE_SUM(v, VL);                                                    \
        return v[0];                                                           \
    }                                                                          \
    /*                                                                         \
     * One read pass: per chunk, its max, then the running sum rescaled to a  \
     * new running max and the chunk's terms added.  *state: 0 finite,        \
     * 1 a NaN, 2 a +inf (and no NaN), 3 every element -inf.                  \
     */                                                                        \
    SK_INLINE ET online_##S(size_t n, const ET *x, ET *out, int store, double *chunk_max, \
                            ET *max_out, int *state) {                         \
        ET M = (ET)-__builtin_inf(), s = 0;                                    \
        size_t c = 0;                                                          \
        for (size_t c0 = 0; c0 < n; c0 += SK_SOFTMAX_CHUNK, c++) {             \
            size_t m = n - c0 < SK_SOFTMAX_CHUNK ? n - c0 : SK_SOFTMAX_CHUNK;  \
            int nan;                                                           \
            ET cm = chunk_max_##S(m, x + c0, &nan);                            \
            if (nan) { *state = 1; return 0; }                                 \
            if (cm > M) {                                                      \
                if (s != 0) s *= (ET)exp((double)M - (double)cm); \
                M = cm;                                                        \
            }                                                                  \
            if (chunk_max) chunk_max[c] = (double)M;                           \
            if (M == (ET)__builtin_inf() || M == (ET)-__builtin_inf()) continue; \
            s += chunk_expsum_##S(m, x + c0, out + (store ? c0 : 0), M, store); \
        }                                                                      \
        *max_out = M;                                                          \
        *state = M == (ET)__builtin_inf() ? 2 : M == (ET)-__builtin_inf() ? 3 : 0; \
        return s;                                                              \
    }                                                                          \
    static double logsumexp_##S(size_t n, const void *vx) {                    \
        const ET *x = vx;                                                      \
        ET M;                                                                  \
        int state;                                                             \
        ET s = online_##S(n, x, NULL, 0, NULL, &M, &state);                    \
        if (state == 1) return __builtin_nan("");                              \
        if (state == 2) return __builtin_inf();                                \
        if (state == 3) return -__builtin_inf();                               \
        return (double)(M + (ET)log((double)s));                               \
    }                                                                          \
    static void softmax_##S(size_t n, const void *vx, void *vout, int log_,    \
                            double *chunk_max) {                               \
        const ET *x = vx;                                                      \
        ET *out = vout;                                                        \
        ET M;                                                                  \
        int state;                                                             \
        ET s = online_##S(n, x, out, !log_, log_ ? NULL : chunk_max, &M, &state); \
        if (state) {                                                           \
            /* SciPy's results: a NaN, a +inf (softmax) or all -inf: NaN;    \
             * log_softmax with a +inf: NaN there, -inf elsewhere */           \
            for (size_t i = 0; i < n; i++) {                                   \
                ET v = x[i];                                                   \
                if (state != 2 || !log_ || v == (ET)__builtin_inf())           \
                    out[i] = (ET)__builtin_nan("");                            \
                else                                                           \
                    out[i] = log_ ? (ET)-__builtin_inf() : (ET)0;              \
            }                                                                  \
            return;                                                            \
        }                                                                      \
        if (log_) {                                                            \
            VT sh = SK_SPLAT(sh, M), ls = SK_SPLAT(ls, (ET)log((double)s));    \
            size_t i = 0;                                                      \
            for (; i + (VL) <= n; i += (VL))                                   \
                sk_store_##S(out + i, (sk_load_##S(x + i) - sh) - ls);         \
            for (; i < n; i++) out[i] = (x[i] - M) - ls[0];                    \
            return;                                                            \
        }                                                                      \
        size_t c = 0;                                                          \
        for (size_t c0 = 0; c0 < n; c0 += SK_SOFTMAX_CHUNK, c++) {             \
            size_t m = n - c0 < SK_SOFTMAX_CHUNK ? n - c0 : SK_SOFTMAX_CHUNK;  \
            ET *o = out + c0;                                                  \
            if (chunk_max[c] == -__builtin_inf()) { /* -inf so far: terms are 0 */ \
                for (size_t j = 0; j < m; j++) o[j] = 0;                       \
                continue;                                                      \
            }                                                                  \
            /* one multiply (a division costs several): 1 ULP at most more */   \
            ET f = (ET)(exp(chunk_max[c] - (double)M) / (double)s);            \
            VT fv = SK_SPLAT(fv, f);                                           \
            size_t j = 0;                                                      \
            for (; j + (VL) <= m; j += (VL)) sk_store_##S(o + j, sk_load_##S(o + j) * fv); \
            for (; j < m; j++) o[j] = o[j] * f;                                \
        }                                                                      \
    }

SK_DEFINE_ROW_KERNELS(f64, double, vf64, vi64, SK_VL64, sk_exp_v)
SK_DEFINE_ROW_KERNELS(f32, float, vf32, vi32, SK_VL32, sk_exp_v)

const sk_row_table SK_SYM(sk_row_table) = {
    .f32 = {tree_sum_f32, tree_sum64_f32, tree_dev2_f32, tree_dot_f32, tree_sq_f32, extreme_f32,
            arg_extreme_f32, maxabs_f32, logsumexp_f32, softmax_f32},
    .f64 = {tree_sum_f64, tree_sum_f64, tree_dev2_f64, tree_dot_f64, tree_sq_f64, extreme_f64,
            arg_extreme_f64, maxabs_f64, logsumexp_f64, softmax_f64},
};
