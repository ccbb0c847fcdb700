/* Correctly rounded arithmetic kernels and the add/multiply reductions. */
#include "loops.h"
#include "table.h"

#define SQRT_BODY(a, b, c) skv_sqrt(a)
#define ADD_BODY(a, b, c) ((a) + (b))
#define MUL_BODY(a, b, c) ((a) * (b))
#define FMA_BODY(a, b, c) skv_fma(a, b, c)
#define SUB_BODY(a, b, c) ((a) - (b))
#define DIV_BODY(a, b, c) ((a) / (b))
#define NEG_BODY(a, b, c) (-(a))
#define ABS_BODY(a, b, c) SK_ABS(a)
#define SQUARE_BODY(a, b, c) ((a) * (a))
#define RECIP_BODY(a, b, c) (SK_SPLAT(a, 1.0) / (a))
/*
 * maximum, minimum, fmax, fmin and relu order -0 below +0 (IEEE 754-2019's
 * maximum, minimum, maximumNumber, minimumNumber): equal operands are merged
 * bitwise, AND for the larger (+0 unless both are -0), OR for the smaller.
 * maximum and minimum return a NaN operand; fmax and fmin return the other
 * operand, NaN only when both are.  The comparisons may raise invalid on a
 * NaN; the rule is QUIET, so no flag leaves the call (as with NumPy's).
 */
#define SK_MERGE_EQ(a, b, r, OP)                                               \
    SK_SELECT((a) == (b), (__typeof__(a))(sk_bits(a) OP sk_bits(b)), r)
#define MAX_BODY(a, b, c) SK_MERGE_EQ(a, b, SK_SELECT(((a) > (b)) | ((a) != (a)), a, b), &)
#define MIN_BODY(a, b, c) SK_MERGE_EQ(a, b, SK_SELECT(((a) < (b)) | ((a) != (a)), a, b), |)
#define FMAX_BODY(a, b, c) SK_MERGE_EQ(a, b, SK_SELECT(((a) > (b)) | ((b) != (b)), a, b), &)
#define FMIN_BODY(a, b, c) SK_MERGE_EQ(a, b, SK_SELECT(((a) < (b)) | ((b) != (b)), a, b), |)
/* x where x > 0 or x is NaN, else +0 (relu(-0) = +0) */
#define RELU_BODY(a, b, c)                                                     \
    ((__typeof__(a))(sk_bits(a) & (((a) > SK_SPLAT(a, 0.0)) | ((a) != (a)))))

SK_DEFINE_MAP(sqrt, 1, SQRT_BODY, HW)
SK_DEFINE_MAP(add, 2, ADD_BODY, HW)
SK_DEFINE_MAP(multiply, 2, MUL_BODY, HW)
SK_DEFINE_MAP(fma, 3, FMA_BODY, HW)
SK_DEFINE_MAP(subtract, 2, SUB_BODY, HW)
SK_DEFINE_MAP(divide, 2, DIV_BODY, HW)
SK_DEFINE_MAP(negative, 1, NEG_BODY, QUIET)
SK_DEFINE_MAP(absolute, 1, ABS_BODY, QUIET)
SK_DEFINE_MAP(square, 1, SQUARE_BODY, HW)
SK_DEFINE_MAP(reciprocal, 1, RECIP_BODY, HW)
SK_DEFINE_MAP(maximum, 2, MAX_BODY, QUIET)
SK_DEFINE_MAP(minimum, 2, MIN_BODY, QUIET)
SK_DEFINE_MAP(fmax, 2, FMAX_BODY, QUIET)
SK_DEFINE_MAP(fmin, 2, FMIN_BODY, QUIET)
SK_DEFINE_MAP(relu, 1, RELU_BODY, QUIET)

/*
 * Reductions.  The vector is cut into blocks of SK_RBLOCK elements; a block
 * is summed in four vector accumulators, and block results are combined
 * pairwise by halves.  The grouping depends only on n, so strided and
 * contiguous inputs (and, later, any split across threads) give the same
 * bits.  The padding value is the operation's identity: -0.0 for add (so
 * that a sum of -0.0 stays -0.0), 1.0 for multiply.
 */
#define SK_DEFINE_REDUCE_T(name, OP, IDENT, S, ET, VT, VL)                      \
    static ET sk_##name##_##S##_block(size_t m, const ET *x) {                 \
        VT acc[4];                                                             \
        for (int k = 0; k < 4; k++) acc[k] = SK_SPLAT(acc[0], IDENT);          \
        size_t i = 0;                                                          \
        for (; i + 4 * (VL) <= m; i += 4 * (VL))                               \
            for (int k = 0; k < 4; k++) {                                      \
                /* DRAM latency: the VM's hardware prefetch alone falls short */ \
                __builtin_prefetch(x + i + (size_t)k * (VL) + 1024 / sizeof(ET), 0, 3); \
                acc[k] = acc[k] OP sk_load_##S(x + i + (size_t)k * (VL));      \
            }                                                                  \
        for (int k = 0; i < m; k++) {                                          \
            ET pad[VL];                                                        \
            size_t take = m - i < (VL) ? m - i : (VL);                         \
            for (int lane = 0; lane < (VL); lane++) pad[lane] = (ET)(IDENT);   \
            memcpy(pad, x + i, take * sizeof(ET));                             \
            acc[k] = acc[k] OP sk_load_##S(pad);                               \
            i += take;                                                         \
        }                                                                      \
        VT v = (acc[0] OP acc[1]) OP (acc[2] OP acc[3]);                       \
        for (int w = (VL) / 2; w >= 1; w /= 2)                                 \
            for (int lane = 0; lane < w; lane++) v[lane] = v[lane] OP v[lane + w]; \
        return v[0];                                                           \
    }                                                                          \
    ET SK_SYM(sk_##name##_blocks_##S)(size_t first, size_t count, size_t n,   \
                                      const char *x, ptrdiff_t stride) {       \
        if (count > 1) {                                                       \
            size_t half = count / 2;                                           \
            return SK_SYM(sk_##name##_blocks_##S)(first, half, n, x, stride) OP \
                   SK_SYM(sk_##name##_blocks_##S)(first + half, count - half,  \
                                                  n, x, stride);               \
        }                                                                      \
        size_t start = first * SK_RBLOCK;                                      \
        size_t m = n - start < SK_RBLOCK ? n - start : SK_RBLOCK;              \
        const char *base = x + (ptrdiff_t)start * stride;                      \
        if (stride == (ptrdiff_t)sizeof(ET))                                   \
            return sk_##name##_##S##_block(m, (const ET *)base);               \
        ET stage[SK_RBLOCK];                                                   \
        for (size_t j = 0; j < m; j++)                                         \
            memcpy(&stage[j], base + (ptrdiff_t)j * stride, sizeof(ET));       \
        return sk_##name##_##S##_block(m, stage);                              \
    }                                                                          \
    ET SK_SYM(sk_##name##_##S)(size_t n, const ET *x, ptrdiff_t stride) {      \
        /* empty: +0.0 (NumPy's empty sum) or 1.0, never the -0.0 padding */ \
        if (n == 0) return (ET)(IDENT) + (ET)0;                                        \
        return SK_SYM(sk_##name##_blocks_##S)(0, (n + SK_RBLOCK - 1) / SK_RBLOCK, \
                                              n, (const char *)x, stride);     \
    }

SK_DEFINE_REDUCE_T(sum, +, -0.0, f64, double, vf64, SK_VL64)
SK_DEFINE_REDUCE_T(sum, +, -0.0, f32, float, vf32, SK_VL32)
SK_DEFINE_REDUCE_T(prod, *, 1.0, f64, double, vf64, SK_VL64)
SK_DEFINE_REDUCE_T(prod, *, 1.0, f32, float, vf32, SK_VL32)
