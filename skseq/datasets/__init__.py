"""Bundled real data (with credit) and simulators of sequences with known rules."""

from ._rbp import RBP_NAMES, load_rbp
from ._simulate import make_motif_sequences

__all__ = ["RBP_NAMES", "load_rbp", "make_motif_sequences"]
