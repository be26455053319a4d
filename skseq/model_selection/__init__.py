"""Model selection on simulated grammars: which architecture learns the rules, at which size.

- :func:`compare_architectures`: fit pipelines over training-set sizes and seeds; score
  prediction and rule recovery per attribution method;
- :class:`ComparisonResult`: the tidy table, its summaries and learning-curve plots.
"""

from ._compare import ComparisonResult, compare_architectures

__all__ = ["ComparisonResult", "compare_architectures"]
