"""Fixtures shared by the tests of skseq.io."""

import pytest


@pytest.fixture(scope="module")
def chromosomes(genome):
    """The test module's ``genome`` FASTA as plain strings, read independently of pyfaidx."""
    seqs, name = {}, None
    for line in genome.read_text().splitlines():
        if line.startswith(">"):
            name = line[1:]
            seqs[name] = []
        else:
            seqs[name].append(line)
    return {k: "".join(v) for k, v in seqs.items()}
