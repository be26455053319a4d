"""``-v`` on long commands: progress bars on standard error even when it is no terminal.

``skseq inspect -v`` is tested in ``test_inspect.py``.
"""

import numpy as np
from click.testing import CliRunner
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from skseq.cli import main
from skseq.io import save, write_fasta


def test_scan_shows_a_bar_over_batches_with_v(tmp_path, monkeypatch):
    monkeypatch.delenv("SKSEQ_PROGRESS", raising=False)
    rng = np.random.default_rng(0)
    X = ["".join(rng.choice(list("ACGT"), 30)) for _ in range(40)]
    vectorizer = CountVectorizer(analyzer="char", ngram_range=(3, 3), lowercase=False)
    model = tmp_path / "kmer.skseq"
    save(make_pipeline(vectorizer, LogisticRegression()).fit(X, np.arange(40) % 2), model)
    fasta = tmp_path / "genome.fa"
    write_fasta(fasta, ["".join(rng.choice(list("ACGT"), 200)) for _ in range(3)], list("abc"))
    args = ["scan", str(model), str(fasta), "--window", "30", "--out", str(tmp_path / "s.tsv")]
    result = CliRunner().invoke(main, [*args, "-v"])
    assert result.exit_code == 0, result.output
    assert "scanning" in result.stderr and "%|" in result.stderr
