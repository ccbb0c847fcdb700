/*
 * Scalar long double references for the kernels of the catalogue.
 *
 * On x86-64 long double is the x87 80-bit format (64-bit significand), and
 * glibc's long double functions are accurate to about one of its ULP, that
 * is 2^-11 ULP of a double result: precise enough to check a 0.5 or 1 ULP
 * bound in float64.  Additions, products, fma and sqrt are rounded once to
 * long double, which never moves a correctly rounded double or float result
 * out of the 0.5 ULP bound (a rounding boundary of the narrower format is
 * representable in long double, and rounding is monotonic).
 */
#ifndef SK_TEST_REFERENCE_H
#define SK_TEST_REFERENCE_H

/* The exact function of kernel `name` at in[0 .. nin-1]; NaN-safe. */
typedef long double (*tk_ref_fn)(const long double *in);

/* The reference of the kernel called name, or NULL when there is none. */
tk_ref_fn tk_reference(const char *name);

#endif /* SK_TEST_REFERENCE_H */
