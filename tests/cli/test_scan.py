"""``skseq scan``: windows of long sequences scored by a saved model."""

import numpy as np
import pandas as pd
from click.testing import CliRunner
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from skseq.cli import main
from skseq.io import read_fasta, save, write_fasta
from skseq.preprocessing import SequenceOneHotTransformer


def _kmer_model(path):
    """A k-mer presence model that learns GATTACA anywhere in 30 nt (fast, strand-aware)."""
    rng = np.random.default_rng(0)
    X = ["".join(rng.choice(list("ACGT"), 30)) for _ in range(120)]
    y = np.arange(120) % 2
    X = [s if t == 0 else s[:p] + "GATTACA" + s[p + 7 :] for s, t, p in zip(X, y, y * 11)]
    vectorizer = CountVectorizer(analyzer="char", ngram_range=(7, 7), lowercase=False)
    save(make_pipeline(vectorizer, LogisticRegression()).fit(X, y), path)


def test_scan_finds_a_planted_motif_on_each_strand(tmp_path):
    model = tmp_path / "kmer.skseq"
    _kmer_model(model)
    rng = np.random.default_rng(1)
    genome = "".join(rng.choice(list("ACGT"), 300))
    genome = genome[:200] + "GATTACA" + genome[207:250] + "TGTAATC" + genome[257:]  # + and -
    fasta = tmp_path / "genome.fa"
    write_fasta(fasta, [genome], ["chrT"])
    out = tmp_path / "scores.tsv"
    args = ["scan", str(model), str(fasta), "--window", "30", "--stride", "5", "--target", "1"]
    result = CliRunner().invoke(main, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out, sep="\t")
    assert table.columns.tolist() == ["seqid", "position", "end", "strand", "score"]
    assert len(table) == 2 * 55
    for strand, start in (("+", 200), ("-", 250)):
        part = table[table["strand"] == strand]
        holds = (part["position"] <= start) & (part["end"] >= start + 7)
        assert holds.sum() == 5
        assert part.loc[holds, "score"].min() > part.loc[~holds, "score"].max()
    result = CliRunner().invoke(main, [*args, "--forward-only", "--out", str(out)])
    assert set(pd.read_csv(out, sep="\t")["strand"]) == {"+"}


def test_scan_a_cnn_with_its_training_length_and_plot_genes(fasta_pair, tmp_path):
    runner = CliRunner()
    model = tmp_path / "cnn.skseq"
    tiny = ["--set", "epochs=1", "--set", "n_filters=4", "--set", "dense_units=8"]
    result = runner.invoke(main, ["train", *fasta_pair, *tiny, "--out", str(model)])
    assert result.exit_code == 0, result.output
    rng = np.random.default_rng(2)
    records = ["".join(rng.choice(list("ACGT"), n)) for n in (100, 50)]
    fasta = tmp_path / "genome.fa"
    write_fasta(fasta, records, ["chrA", "chrB"])
    gff = tmp_path / "genes.gff3"
    gff.write_text(
        "##gff-version 3\n"
        "chrA\ttest\tgene\t21\t60\t.\t+\t.\tID=g1;Name=geneA\n"
        "chrB\ttest\tgene\t5\t40\t.\t-\t.\tID=g2\n"
    )
    out, plot = tmp_path / "scores.tsv", tmp_path / "scores.png"
    args = ["scan", str(model), str(fasta), "--stride", "10", "--out", str(out)]
    result = runner.invoke(main, [*args, "--plot", str(plot), "--gff", str(gff)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out, sep="\t")
    # the default window is the training length, 30: starts 0, 10, ..., 70 and 0, 10, 20
    expected = [0, 10, 20, 30, 40, 50, 60, 70]
    for seqid, starts in (("chrA", expected), ("chrB", expected[:3])):
        part = table[table["seqid"] == seqid]
        assert part["strand"].tolist() == ["+"] * len(starts) + ["-"] * len(starts)
        assert part["position"].tolist() == starts * 2
        assert (part["end"] - part["position"] == 30).all()
        assert part["score"].between(0, 1).all()
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # a record shorter than the window is named
    write_fasta(fasta, ["ACGT" * 5], ["short"])
    result = runner.invoke(main, ["scan", str(model), str(fasta)])
    assert result.exit_code == 1 and "'short'" in result.output and "30" in result.output
    assert read_fasta(fasta).ids.tolist() == ["short"]


def _onehot_model(path, length=30):
    """A linear model on one-hot sequences of ``length`` nt (fast; its length is recorded)."""
    rng = np.random.default_rng(3)
    X = ["".join(rng.choice(list("ACGT"), length)) for _ in range(60)]
    model = make_pipeline(SequenceOneHotTransformer(flatten=True), LogisticRegression())
    save(model.fit(X, [s.count("G") > length // 4 for s in X]), path)


def test_scan_refuses_a_window_the_model_was_not_trained_on(tmp_path):
    model, fasta = tmp_path / "onehot.skseq", tmp_path / "genome.fa"
    _onehot_model(model)
    write_fasta(fasta, ["ACGT" * 40], ["chrT"])
    for window in ("10", "60"):
        result = CliRunner().invoke(main, ["scan", str(model), str(fasta), "--window", window])
        assert result.exit_code == 1
        assert f"--window {window}," in result.output and "give --window 30" in result.output
        assert "Traceback" not in result.output
    # a model that records no length needs --window
    kmer = tmp_path / "kmer.skseq"
    _kmer_model(kmer)
    result = CliRunner().invoke(main, ["scan", str(kmer), str(fasta)])
    assert result.exit_code == 1 and "--window" in result.output


def test_scan_names_the_file_record_and_position_of_a_bad_symbol(tmp_path):
    model, fasta = tmp_path / "onehot.skseq", tmp_path / "genome.fa"
    _onehot_model(model)
    write_fasta(fasta, ["ACGT" * 40, "ACGT" * 12 + "AC" + "X" + "T" + "ACGT" * 20], ["ok", "bad"])
    args = ["scan", str(model), str(fasta), "--stride", "5"]
    for strands in ("--forward-only", "--both-strands"):
        result = CliRunner().invoke(main, [*args, strands])
        assert result.exit_code == 1, result.output
        assert f"'{fasta}', record 2 (id 'bad')" in result.output
        assert "position 50" in result.output
