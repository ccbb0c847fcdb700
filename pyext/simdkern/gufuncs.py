"""The row kernels as NumPy generalized ufuncs, over the last axis.

One gufunc per entry of the row catalogue (``catalogue()``), with float32
and float64 loops (float16 computes in float32; bool and integers in
float64):

    sum, mean, min, max, nrm2, logsumexp   (n)->()
    var, std                               (n),()->()     the second input is ddof
    argmin, argmax                         (n)->()        intp
    dot                                    (n),(n)->()
    softmax, log_softmax                   (n)->(n)

They broadcast like any gufunc and take ``out=``, ``axes=``/``axis=`` and
``dtype=``; they do not raise for empty rows (``min`` of an empty row is NaN,
``argmin`` -1): the functions of the same names in ``simdkern`` add NumPy's
conventions (axis tuples, keepdims, errors and warnings for empty input).
"""

from simdkern._gufuncs import (
    argmax,
    argmin,
    catalogue,
    dot,
    log_softmax,
    logsumexp,
    max,
    mean,
    min,
    nrm2,
    softmax,
    std,
    sum,
    var,
)

__all__ = [
    "argmax",
    "argmin",
    "catalogue",
    "dot",
    "log_softmax",
    "logsumexp",
    "max",
    "mean",
    "min",
    "nrm2",
    "softmax",
    "std",
    "sum",
    "var",
]
