/*
 * Loop drivers: turn a vector expression into a kernel entry point that takes
 * any n and any byte strides.
 *
 * Every element goes through the same vector code.  Contiguous operands are
 * read and written in place; a strided (negative, zero) operand is staged
 * through a small contiguous block; the last partial vector is padded with
 * 1.0 (harmless for most kernels: no flag, no NaN; SK_DEFINE_MAP_PAD names
 * another value for those it is not, arctanh) and only its valid lanes are
 * written back.  So a result does not depend on the element's position.
 */
#ifndef SK_LOOPS_H
#define SK_LOOPS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "simd.h"
#include "fpflags.h"
#include "simdkern.h"

/*
 * Software prefetch, SK_PREFETCH_BYTES ahead of the loop.  Measured on the
 * development machine (a virtual machine whose hardware prefetch barely
 * covers DRAM latency), compute-heavy kernels ran their large arrays at
 * compute time + memory time instead of the larger of the two.
 */
#define SK_PREFETCH_BYTES 1024
#define SK_PREFETCH(a, b, c, o, NIN)                                           \
    do {                                                                       \
        __builtin_prefetch((const char *)(a) + SK_PREFETCH_BYTES, 0, 3);       \
        if ((NIN) > 1) __builtin_prefetch((const char *)(b) + SK_PREFETCH_BYTES, 0, 3); \
        if ((NIN) > 2) __builtin_prefetch((const char *)(c) + SK_PREFETCH_BYTES, 0, 3); \
        __builtin_prefetch((const char *)(o) + SK_PREFETCH_BYTES, 1, 3);       \
    } while (0)

/* Elements staged per block for strided operands (fits in L1). */
#define SK_STAGE 512

/*
 * Flag rules: accumulate, per lane, the IEEE flags the mathematical function
 * raises for input a and result r.  HW means the hardware operations are
 * already right and nothing is recomputed.
 */
#define SK_RULE_HW(a, r, acc) ((void)0)
/* The body raises its own flags through the accumulator acc (see exp). */
#define SK_RULE_OWN(a, r, acc) ((void)0)
#define SK_RULE_QUIET(a, r, acc) ((void)0)
#define SK_RULE_EXP(a, r, acc)                                                  \
    ((acc) |= (((r) == SK_INF(r)) & ((a) != SK_INF(a)) & SK_FE_OVERFLOW) |     \
              (((r) < SK_MIN_NORMAL(r)) & ((a) > -SK_INF(a)) & SK_FE_UNDERFLOW))
#define SK_RULE_LOG(a, r, acc)                                                  \
    ((acc) |= (((a) == SK_SPLAT(a, 0.0)) & SK_FE_DIVBYZERO) |                  \
              (((a) < SK_SPLAT(a, 0.0)) & SK_FE_INVALID))
#define SK_RULE_TRIG(a, r, acc)                                                 \
    ((acc) |= ((SK_ABS(a) == SK_INF(a)) & SK_FE_INVALID))

/* sin of a nonzero subnormal is tiny and inexact: underflow (as glibc's). */
#define SK_RULE_TINY(a, r, acc)                                                 \
    ((acc) |= ((SK_ABS(a) < SK_MIN_NORMAL(a)) & ((a) != SK_SPLAT(a, 0.0)) &    \
               SK_FE_UNDERFLOW))
#define SK_RULE_SIN(a, r, acc) (SK_RULE_TRIG(a, r, acc), SK_RULE_TINY(a, r, acc))

/*
 * Whether the driver replaces the hardware flags: HW keeps them; QUIET sets
 * none; OWN bodies apply the rules above themselves, where a lane needs it.
 */
#define SK_RECOMPUTES_HW 0
#define SK_RECOMPUTES_OWN 1
#define SK_RECOMPUTES_QUIET 1

/* OR the lanes of a flag accumulator together. */
#define SK_LANES_OR(acc, VL, out)                                              \
    do {                                                                       \
        (out) = 0;                                                             \
        for (int lane_ = 0; lane_ < (VL); lane_++) (out) |= (int)(acc)[lane_]; \
    } while (0)

/*
 * SK_DEFINE_MAP_T(name, NIN, S, ET, VT, MT, VL, BODY, RULE) defines
 *   int sk_<name>_<S>_<target>(size_t n, char *const *args, const ptrdiff_t *steps)
 * computing out = BODY(a, b, c) elementwise; b and c are a when NIN < 2, 3.
 */
#define SK_DEFINE_MAP_T(name, NIN, S, ET, VT, MT, VL, BODY, RULE, PAD)              \
    SK_INLINE void sk_##name##_##S##_run(size_t n, const ET *const *in,        \
                                          ET *out, MT *acc) {  \
        (void)acc;                                                             \
        const ET *pa = in[0];                                                  \
        const ET *pb = (NIN) > 1 ? in[1] : in[0];                              \
        const ET *pc = (NIN) > 2 ? in[2] : in[0];                              \
        size_t i = 0;                                                          \
        for (; i + (VL) <= n; i += (VL)) {                                     \
            SK_PREFETCH(pa + i, pb + i, pc + i, out + i, NIN);                 \
            VT a = sk_load_##S(pa + i);                                        \
            VT b = (NIN) > 1 ? sk_load_##S(pb + i) : a;                        \
            VT c = (NIN) > 2 ? sk_load_##S(pc + i) : a;                        \
            (void)b; (void)c;                                                  \
            VT r = BODY(a, b, c);                                              \
            SK_RULE_##RULE(a, r, *acc);                                        \
            sk_store_##S(out + i, r);                                          \
        }                                                                      \
        if (i < n) {                                                           \
            size_t rest = n - i;                                               \
            ET pad[3][VL], res[VL];                                            \
            for (int k = 0; k < 3; k++)                                        \
                for (int lane = 0; lane < (VL); lane++) pad[k][lane] = (ET)(PAD); \
            memcpy(pad[0], pa + i, rest * sizeof(ET));                         \
            if ((NIN) > 1) memcpy(pad[1], pb + i, rest * sizeof(ET));          \
            if ((NIN) > 2) memcpy(pad[2], pc + i, rest * sizeof(ET));          \
            VT a = sk_load_##S(pad[0]);                                        \
            VT b = sk_load_##S(pad[1]);                                        \
            VT c = sk_load_##S(pad[2]);                                        \
            (void)b; (void)c;                                                  \
            VT r = BODY(a, b, c);                                              \
            SK_RULE_##RULE(a, r, *acc);                                        \
            sk_store_##S(res, r);                                              \
            memcpy(out + i, res, rest * sizeof(ET));                           \
        }                                                                      \
    }                                                                          \
    int SK_SYM(sk_##name##_##S)(size_t n, char *const *args,                   \
                                const ptrdiff_t *steps) {                      \
        const ptrdiff_t unit = (ptrdiff_t)sizeof(ET);                          \
        sk_fpstate fp_ = sk_fp_begin(SK_RECOMPUTES_##RULE);                    \
        MT acc = {0};                                          \
        int dense = steps[NIN] == unit;                                        \
        for (int k = 0; k < (NIN); k++) dense &= steps[k] == unit;             \
        if (dense) {                                                           \
            const ET *in[3] = {(const ET *)args[0],                            \
                               (const ET *)args[(NIN) > 1 ? 1 : 0],            \
                               (const ET *)args[(NIN) > 2 ? 2 : 0]};           \
            sk_##name##_##S##_run(n, in, (ET *)args[NIN], &acc);               \
        } else {                                                               \
            ET stage[(NIN) + 1][SK_STAGE];                                     \
            for (size_t i = 0; i < n; i += SK_STAGE) {                         \
                size_t m = n - i < SK_STAGE ? n - i : SK_STAGE;                \
                const ET *in[3];                                               \
                for (int k = 0; k < (NIN); k++) {                              \
                    const char *base = args[k] + (ptrdiff_t)i * steps[k];      \
                    if (steps[k] == unit) {                                    \
                        in[k] = (const ET *)base;                              \
                    } else {                                                   \
                        for (size_t j = 0; j < m; j++)                         \
                            memcpy(&stage[k][j], base + (ptrdiff_t)j * steps[k], \
                                   sizeof(ET));                                \
                        in[k] = stage[k];                                      \
                    }                                                          \
                }                                                              \
                for (int k = (NIN); k < 3; k++) in[k] = in[0];                 \
                char *obase = args[NIN] + (ptrdiff_t)i * steps[NIN];           \
                if (steps[NIN] == unit) {                                      \
                    sk_##name##_##S##_run(m, in, (ET *)obase, &acc);           \
                } else {                                                       \
                    sk_##name##_##S##_run(m, in, stage[NIN], &acc);            \
                    for (size_t j = 0; j < m; j++)                             \
                        memcpy(obase + (ptrdiff_t)j * steps[NIN],              \
                               &stage[NIN][j], sizeof(ET));                    \
                }                                                              \
            }                                                                  \
        }                                                                      \
        int raised_;                                                           \
        SK_LANES_OR(acc, VL, raised_);                                         \
        sk_fp_end(fp_, SK_RECOMPUTES_##RULE, raised_);                         \
        return SK_OK;                                                          \
    }

/* Both dtypes from one body; the tail padded with PAD (or 1.0). */
#define SK_DEFINE_MAP_PAD(name, NIN, BODY, RULE, PAD)                           \
    SK_DEFINE_MAP_T(name, NIN, f64, double, vf64, vi64, SK_VL64, BODY, RULE, PAD)    \
    SK_DEFINE_MAP_T(name, NIN, f32, float, vf32, vi32, SK_VL32, BODY, RULE, PAD)
#define SK_DEFINE_MAP(name, NIN, BODY, RULE) SK_DEFINE_MAP_PAD(name, NIN, BODY, RULE, 1)

#endif /* SK_LOOPS_H */
