"""Scanning long sequences, the GFF reader, ScanDisplay and perturbation importance."""

import gzip

import matplotlib
import numpy as np
import pandas.testing as pd_testing
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from skseq.attribution import perturbation
from skseq.io import read_gff
from skseq.plotting._scan import ScanDisplay
from skseq.preprocessing import SequenceOneHotTransformer
from skseq.scanning import reverse_complement, scan, windows

matplotlib.use("Agg")
MOTIF = "TTGACAATGCATTATAAT"  # 18 nt


def _random(rng, n):
    return "".join(rng.choice(list("ACGT"), n))


@pytest.fixture(scope="module")
def motif_model():
    """A linear model on one-hot 30-mers that fires when MOTIF sits at offset 6."""
    rng = np.random.default_rng(0)
    neg = [_random(rng, 30) for _ in range(400)]
    pos = [s[:6] + MOTIF + s[24:] for s in (_random(rng, 30) for _ in range(400))]
    model = make_pipeline(SequenceOneHotTransformer(flatten=True), LogisticRegression(C=1.0))
    return model.fit(neg + pos, [0] * 400 + [1] * 400)


def test_planted_motif_is_found_at_its_position_on_both_strands(motif_model):
    rng = np.random.default_rng(1)
    genome = list(_random(rng, 20_000))
    genome[7_000:7_018] = MOTIF
    genome[15_000:15_018] = reverse_complement(np.array([MOTIF]))[0]
    genome = "".join(genome)
    table = scan(motif_model, genome, window=30, stride=1, offset=1_000_000)
    assert len(table) == 2 * (20_000 - 30 + 1)
    best = table.sort_values("score", ascending=False).head(2)
    found = {(row.strand, row.position) for row in best.itertuples()}
    # forward: window start 7000 - 6; reverse: the window whose reverse complement has the
    # motif at offset 6 starts 6 before the window end, i.e. at 15018 + 6 - 30
    assert found == {("+", 1_000_000 + 6_994), ("-", 1_000_000 + 14_994)}
    assert best.score.min() > 0.9 and table.score.median() < 0.1


def test_scan_stride_one_strand_and_errors(motif_model):
    table = scan(motif_model, "ACGT" * 50, window=30, stride=50, both_strands=False)
    assert table.position.tolist() == [0, 50, 100, 150] and set(table.strand) == {"+"}
    assert (table.end - table.position == 30).all()
    with pytest.raises(ValueError, match="fewer than window=30"):
        scan(motif_model, "ACGT", window=30)
    with pytest.raises(ValueError, match="stride must be a positive integer"):
        scan(motif_model, "ACGT" * 20, window=30, stride=0)
    with pytest.raises(TypeError, match="must be a str"):
        scan(motif_model, ["ACGT" * 20], window=30)


def test_windows_and_reverse_complement():
    starts, w = windows("AACCGGTTN", 3, 2)
    assert starts.tolist() == [0, 2, 4, 6] and w.tolist() == ["AAC", "CCG", "GGT", "TTN"]
    assert reverse_complement(np.array(["AACGT", "GGN", "acgR"])).tolist() == [
        "ACGTT",
        "NCC",
        "Ycgt",
    ]


def test_read_gff(tmp_path):
    text = (
        "##gff-version 3\n"
        "chr\tRefSeq\tgene\t101\t200\t.\t+\t.\tID=gene-a;Name=aaa\n"
        "chr\tRefSeq\tCDS\t101\t200\t.\t+\t0\tID=cds-a\n"
        "chr\tRefSeq\tgene\t301\t400\t.\t-\t.\tID=gene-b\n"
        "other\tRefSeq\tgene\t1\t10\t.\t+\t.\tID=gene-c;Name=ccc\n"
    )
    path = tmp_path / "a.gff.gz"
    path.write_bytes(gzip.compress(text.encode()))
    genes = read_gff(path, seqid="chr")
    assert genes[["start", "end", "strand", "name", "tss"]].values.tolist() == [
        [100, 200, "+", "aaa", 100],
        [300, 400, "-", "gene-b", 399],
    ]
    assert len(read_gff(path, feature_types=None)) == 4
    bad = tmp_path / "bad.gff"
    bad.write_text("chr\tRefSeq\tgene\t1\n")
    with pytest.raises(ValueError, match="bad.gff, line 1: expected 9"):
        read_gff(bad)


def test_scan_display_marks_features(motif_model):
    import pandas as pd

    rng = np.random.default_rng(2)
    genome = _random(rng, 600)
    genes = pd.DataFrame(
        {"tss": [100, 450, 5000], "strand": ["+", "-", "+"], "name": ["a", "b", "far"]}
    )
    disp = ScanDisplay.from_estimator(motif_model, genome, window=30, stride=10, features=genes)
    assert sorted(disp.lines_) == ["+", "-"]
    assert len(disp.lines_["+"].get_xdata()) == (600 - 30) // 10 + 1
    marked = [line.get_xdata()[0] for line in disp.ax_.lines if line.get_linestyle() == ":"]
    assert marked == [100, 450]  # the feature outside the scanned range is not drawn


def test_perturbation_finds_the_motif(motif_model):
    rng = np.random.default_rng(3)
    seq = _random(rng, 6) + MOTIF + _random(rng, 6)
    imp = perturbation(motif_model, [seq], lengths=(1, 3, 5), random_state=0)
    assert imp.shape == (1, 3, 30)
    combined = imp.mean(axis=1)[0]
    assert combined[6:24].mean() > 5 * np.abs(np.r_[combined[:6], combined[24:]]).mean()
    with pytest.raises(ValueError, match="one length"):
        perturbation(motif_model, ["ACGT", "ACG"])
    with pytest.raises(ValueError, match=r"lengths must be integers in \[1, 4\]"):
        perturbation(motif_model, ["ACGT"], lengths=(5,))


def test_window_other_than_the_training_length_is_refused(motif_model):
    rng = np.random.default_rng(4)
    genome = _random(rng, 200)
    # a longer window would be trimmed to its first 30 nt, a shorter one padded with zeros
    for window, what in ((60, "trim"), (10, "pad")):
        with pytest.raises(ValueError, match=rf"window={window}.*30.*{what}.*window=30"):
            scan(motif_model, genome, window=window)
    # the default window is the training length, the default stride half of it
    table = scan(motif_model, genome, verbose=0)
    assert (table.end - table.position == 30).all()
    assert table.position.tolist()[:3] == [0, 15, 30]
    assert table.equals(scan(motif_model, genome, window=30, stride=15, verbose=0))


def test_window_is_required_when_the_model_has_no_length():
    from sklearn.feature_extraction.text import CountVectorizer

    rng = np.random.default_rng(5)
    X = [_random(rng, 20) for _ in range(40)]
    vectorizer = CountVectorizer(analyzer="char", ngram_range=(3, 3), lowercase=False)
    model = make_pipeline(vectorizer, LogisticRegression()).fit(X, np.arange(40) % 2)
    with pytest.raises(ValueError, match="does not record the length.*give window="):
        scan(model, _random(rng, 100))
    assert len(scan(model, _random(rng, 100), window=50, verbose=0)) == 2 * 3  # any window


def test_window_of_a_kmer_tokenizer_model():
    from skseq.preprocessing import KmerTokenizer
    from skseq.scanning import fitted_window

    tokenizer = KmerTokenizer(k=3, stride=2).fit(["ACGTACGTACG"])  # 11 nt: 5 tokens
    assert fitted_window(make_pipeline(tokenizer)) == (11, tokenizer)


def test_a_bad_symbol_is_placed_in_the_scanned_sequence(motif_model):
    rng = np.random.default_rng(6)
    genome = _random(rng, 50) + "X" + _random(rng, 49)
    # the encoder's message is about window 9 (stride 5), position 5; the scan's about 50
    with pytest.raises(ValueError, match=r"in the sequence at position 50, in the window 25-55"):
        scan(motif_model, genome, window=30, stride=5, both_strands=False, verbose=0)
    with pytest.raises(ValueError, match=r"position 1050 with offset=1000"):
        scan(motif_model, genome, stride=5, both_strands=False, offset=1000, verbose=0)
    # the reverse complement of the whole sequence is taken first: the same position
    with pytest.raises(ValueError, match=r"the sequence holds 'X' at position 50\b"):
        scan(motif_model, genome, window=30, stride=5, verbose=0)
    # a symbol whose complement the model cannot take is found on the - strand
    wildcards = make_pipeline(
        SequenceOneHotTransformer(alphabet="ACGTR", flatten=True), LogisticRegression()
    ).fit(["ACGTR" * 6, "GGGTR" * 6], [0, 1])
    message = r"'Y' in the sequence at position 62 \(the complement.*window 40-70 \(- strand\)"
    with pytest.raises(ValueError, match=message):
        scan(wildcards, _random(rng, 62) + "R" + _random(rng, 37), stride=20, verbose=0)


def test_scan_records_equals_scan_on_each_record_with_few_model_calls(motif_model, monkeypatch):
    from skseq.scanning import scan_records

    rng = np.random.default_rng(7)
    records = [_random(rng, int(n)) for n in rng.integers(30, 90, size=40)]
    records[5] = records[5][:12] + MOTIF + records[5][30:]
    calls = []
    predict_proba = motif_model.predict_proba
    monkeypatch.setattr(
        motif_model, "predict_proba", lambda X: calls.append(len(X)) or predict_proba(X)
    )
    table = scan_records(motif_model, records, ids=[f"r{i}" for i in range(40)], stride=3)
    assert len(calls) == 1  # was: one per record and strand (80)
    monkeypatch.undo()
    assert table.columns.tolist() == ["seqid", "position", "end", "strand", "score"]
    for i in (0, 5, 39):
        alone = scan(motif_model, records[i], stride=3, verbose=0)
        part = table[table.seqid == f"r{i}"].drop(columns="seqid").reset_index(drop=True)
        pd_testing.assert_frame_equal(part, alone)
    best = table.loc[table.score.idxmax()]
    assert (best.seqid, best.strand, best.position) == ("r5", "+", 6)


def test_scan_records_names_the_record_of_an_error(motif_model):
    from skseq.scanning import scan_records

    rng = np.random.default_rng(8)
    records = [_random(rng, 60), _random(rng, 40) + "X" + _random(rng, 19), _random(rng, 60)]
    with pytest.raises(ValueError, match=r"record 1 \(id 'b'\): .*position 40, in the window"):
        scan_records(motif_model, records, ids="abc", stride=5, both_strands=False)
    with pytest.raises(ValueError, match=r"record 1 \(id 'b'\): .*'X' at position 40\b"):
        scan_records(motif_model, records, ids="abc", stride=5)
    with pytest.raises(ValueError, match=r"record 2 \(id 'c'\): the sequence has 10 symbols"):
        scan_records(motif_model, ["A" * 30, "C" * 30, "G" * 10], ids="abc")
    with pytest.raises(ValueError, match="2 ids for 3 sequences"):
        scan_records(motif_model, records, ids="ab")
