"""Bundled real data (with credit), known motifs, and simulators of sequences with known rules."""

from ._genome import make_genome
from ._motifs import RBP_CONSENSUS, consensus_to_ppm, rbp_consensus_motifs
from ._rbp import RBP_NAMES, load_rbp
from ._shuffle import shuffle_preserving_kmers
from ._simulate import make_motif_sequences

__all__ = [
    "RBP_CONSENSUS",
    "RBP_NAMES",
    "consensus_to_ppm",
    "load_rbp",
    "make_genome",
    "make_motif_sequences",
    "rbp_consensus_motifs",
    "shuffle_preserving_kmers",
]
