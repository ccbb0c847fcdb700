/* Transcendental kernels through SLEEF's u10 vector functions. */
#include "loops.h"

#define EXP_BODY(a, b, c) sk_vexp(a)
#define LOG_BODY(a, b, c) sk_vlog(a)
#define SIN_BODY(a, b, c) sk_vsin(a)
#define COS_BODY(a, b, c) sk_vcos(a)
#define TANH_BODY(a, b, c) sk_vtanh(a)

SK_DEFINE_MAP(exp, 1, EXP_BODY, EXP)
SK_DEFINE_MAP(log, 1, LOG_BODY, LOG)
SK_DEFINE_MAP(sin, 1, SIN_BODY, TRIG)
SK_DEFINE_MAP(cos, 1, COS_BODY, TRIG)
SK_DEFINE_MAP(tanh, 1, TANH_BODY, QUIET)
