"""Sequences a fitted network wants: optimised inputs and designed sequences.

- :func:`optimize_inputs`: inputs that maximise a class, an output or a kernel, by gradient
  ascent on a relaxed one-hot input (pysster's ``visualize_optimized_inputs``);
- :func:`design`: sequences edited toward a target score, by in-silico evolution or
  gradient-guided edits, under constraints (GC range, forbidden motifs, fixed positions, an
  edit budget).

Plots are :class:`skseq.plotting.OptimizedInputDisplay` and
:class:`skseq.plotting.DesignDisplay`. Importing this package does not import Keras.
"""

from ._design import design
from ._optimize import optimize_inputs

__all__ = ["design", "optimize_inputs"]
