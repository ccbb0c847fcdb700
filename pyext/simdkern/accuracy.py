"""Accuracy of the kernels against mpmath (being written)."""
