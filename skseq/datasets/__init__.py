"""Bundled real data (with credit), known motifs, and simulators of sequences with known rules.

- :func:`load_rbp`: pysster's six CLIP-seq sets; :func:`rbp_consensus_motifs`;
- :func:`load_ecoli_slice` (40 kb of the E. coli genome with its genes) and
  :func:`load_promoters` (Genomic-ULMFiT's E. coli promoter task);
- :func:`load_ecoli_language_model`: a language model pretrained on the E. coli genome;
- :func:`make_motif_sequences`: planted motifs (strings or PWMs);
- grammars as seqgra writes them: :func:`load_grammar`, :class:`Grammar` and its parts,
  :func:`make_grammar_sequences`, :func:`load_seqgra_output`, :func:`write_grammar`;
- :func:`shuffle_preserving_kmers` (exact k-let shuffles) and :func:`make_genome` (a
  synthetic genome FASTA, for tests and examples).
"""

# the shuffle lives low, in skseq.utils, so that skseq.io can use it too
from ..utils._shuffle import shuffle_preserving_kmers
from ._ecoli import PROMOTER_SETS, load_ecoli_slice, load_promoters
from ._genome import make_genome
from ._grammar import (
    AlphabetDistribution,
    Background,
    Condition,
    Example,
    Grammar,
    KmerElement,
    MatrixElement,
    Operation,
    Rule,
    SpacingConstraint,
)
from ._grammar_output import load_seqgra_output
from ._grammar_simulate import make_grammar_sequences
from ._grammar_xml import grammar_to_xml, load_grammar, write_grammar
from ._motifs import RBP_CONSENSUS, consensus_to_ppm, rbp_consensus_motifs
from ._pretrained import load_ecoli_language_model
from ._rbp import RBP_NAMES, load_rbp
from ._simulate import make_motif_sequences

__all__ = [
    "AlphabetDistribution",
    "Background",
    "Condition",
    "Example",
    "Grammar",
    "KmerElement",
    "MatrixElement",
    "Operation",
    "Rule",
    "SpacingConstraint",
    "grammar_to_xml",
    "load_grammar",
    "load_seqgra_output",
    "make_grammar_sequences",
    "write_grammar",
    "PROMOTER_SETS",
    "load_ecoli_language_model",
    "load_ecoli_slice",
    "load_promoters",
    "RBP_CONSENSUS",
    "RBP_NAMES",
    "consensus_to_ppm",
    "load_rbp",
    "make_genome",
    "make_motif_sequences",
    "rbp_consensus_motifs",
    "shuffle_preserving_kmers",
]
