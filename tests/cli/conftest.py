"""Data shared by the command-line tests."""

import numpy as np
import pytest

from skseq.io import write_fasta


@pytest.fixture
def fasta_pair(tmp_path):
    """Two FASTA files (negatives, positives with GATTACA at 10) on chromosomes 1-3."""
    rng = np.random.default_rng(0)
    seqs = ["".join(rng.choice(list("ACGT"), 30)) for _ in range(60)]
    pos = [s[:10] + "GATTACA" + s[17:] for s in seqs[:30]]
    neg, posf = tmp_path / "neg.fa", tmp_path / "pos.fa"
    write_fasta(neg, seqs[30:], [f"chr{i % 3 + 1}:{i}-{i + 30}" for i in range(30)])
    write_fasta(posf, pos, [f"chr{i % 3 + 1}:{i}-{i + 30}" for i in range(30)])
    return str(neg), str(posf)
