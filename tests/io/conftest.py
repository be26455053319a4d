"""Fixtures shared by the tests of skseq.io."""

import pytest

from skseq.io import read_fasta


@pytest.fixture(scope="module")
def chromosomes(genome):
    """The test module's ``genome`` FASTA as plain strings, read by Biopython, not pyfaidx."""
    data = read_fasta(genome)
    return {str(name): str(seq) for name, seq in zip(data.ids, data.sequences)}
