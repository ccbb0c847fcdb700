/* Transcendental kernels: exp (vexp.h), float sin/cos (vsincos.h), SLEEF's u10. */
#include "loops.h"
#include "vexp.h"
#include "vsincos.h"

/*
 * exp: the table exp of vexp.h; results there are normal, so flags can only
 * come from lanes outside its range, and the EXP rule runs only when a
 * vector has one (the kernel's rule is OWN: this body sees the loop's flag
 * accumulator, acc).
 */
#define sk_exp_flagged(x, acc)                                                 \
    ({                                                                         \
        __typeof__(x) r_ = sk_exp_v(x);                                        \
        if (__builtin_expect(sk_any(SK_EXP_OUTSIDE(x)), 0)) SK_RULE_EXP(x, r_, *(acc)); \
        r_;                                                                    \
    })
#define EXP_BODY(a, b, c) sk_exp_flagged(a, acc)
#define LOG_BODY(a, b, c) sk_vlog(a)
#define SIN_BODY(a, b, c) _Generic((a), vf64: sk_sin_v64, vf32: sk_sin_f32v)(a)
#define COS_BODY(a, b, c) _Generic((a), vf64: sk_cos_v64, vf32: sk_cos_f32v)(a)
/*
 * Below 2^-12 (float32; 2^-27 float64) tanh(x) rounds to x; SLEEF's float
 * tanh is 1 ULP off for some tiny inputs, so those return x itself.
 */
#define TANH_TINY(v) SK_SPLAT(v, sizeof((v)[0]) == 8 ? 0x1p-27 : 0x1p-12)
#define TANH_BODY(a, b, c) SK_SELECT(SK_ABS(a) < TANH_TINY(a), a, sk_vtanh(a))

SK_DEFINE_MAP(exp, 1, EXP_BODY, OWN)
SK_DEFINE_MAP(log, 1, LOG_BODY, LOG)
SK_DEFINE_MAP(sin, 1, SIN_BODY, SIN)
SK_DEFINE_MAP(cos, 1, COS_BODY, TRIG)
SK_DEFINE_MAP(tanh, 1, TANH_BODY, TINY)
