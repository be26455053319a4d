"""What the commands say about bad input: the file, the record and the position."""

import re

import numpy as np
from click.testing import CliRunner
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from skseq.cli import main
from skseq.io import save, write_fasta
from skseq.preprocessing import SequenceOneHotTransformer


def _dna_model(path, length=30):
    """A linear model on one-hot DNA of ``length`` nt (fast; saved like a trained one)."""
    rng = np.random.default_rng(3)
    X = ["".join(rng.choice(list("ACGT"), length)) for _ in range(60)]
    model = make_pipeline(SequenceOneHotTransformer(flatten=True), LogisticRegression())
    save(model.fit(X, [s.count("G") > length // 4 for s in X]), path)
    return str(path)


def test_protein_fasta_given_to_a_dna_model_names_file_record_and_position(tmp_path):
    model = _dna_model(tmp_path / "dna.skseq")
    dna, protein = tmp_path / "dna.fa", tmp_path / "protein.fa"
    write_fasta(dna, ["ACGT" * 10] * 2, ["d1", "d2"])
    write_fasta(protein, ["ACGTACGTAC" * 4, "ACGTACGTLMKV" * 4], ["p1", "p2"])
    runner = CliRunner()
    for args in (["predict", model, str(protein)], ["predict", model, str(dna), str(protein)]):
        result = runner.invoke(main, args)
        assert result.exit_code == 1, result.output
        assert f"'{protein}', record 2 (id 'p2')" in result.output
        assert "'L' in the sequence at position 8" in result.output
        assert "sequence 0" not in result.output and "sequence 3" not in result.output
    for strands in ("--forward-only", "--both-strands"):
        result = runner.invoke(main, ["scan", model, str(protein), strands])
        assert result.exit_code == 1, result.output
        assert f"'{protein}', record 2 (id 'p2')" in result.output
        assert re.search(r"'L' (in the sequence )?at position 8\b", result.output)
