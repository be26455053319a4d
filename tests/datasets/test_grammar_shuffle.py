"""seqgra's k-mer-frequency-preserving shuffle post-processing (uses skseq.utils._shuffle)."""

from collections import Counter

import numpy as np
import pytest

from skseq.datasets._grammar import Operation
from skseq.datasets._grammar_simulate import make_grammar_sequences

from .test_grammar_simulate import ac_background_grammar


@pytest.mark.parametrize("k", [1, 2])
def test_shuffled_copies_are_added_as_background(k):
    g = ac_background_grammar()
    g.postprocessing = [Operation("kmer-frequency-preserving-shuffle", "", {"k": str(k)})]
    g.task = "multi-label classification"
    data = make_grammar_sequences(g, n_samples=60, random_state=0)
    assert len(data.sequences) == 120
    for s in ("training", "validation", "test"):
        rows = np.flatnonzero(data.set == s)
        original, shuffled = np.split(rows, 2)
        assert data.annotation[shuffled].sum() == 0 and data.target[shuffled].sum() == 0
        assert data.target[original].sum(axis=1).min() == 1
        for a, b in zip(data.sequences[original], data.sequences[shuffled]):
            assert Counter(a[i : i + k] for i in range(len(a) - k + 1)) == Counter(
                b[i : i + k] for i in range(len(b) - k + 1)
            )
