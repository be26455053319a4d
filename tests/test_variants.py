"""variant_effect and read_vcf on a small genome written here, with a deterministic fake model."""

import gzip

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.pipeline import make_pipeline

from skseq import SequenceOneHotTransformer
from skseq.io import read_vcf
from skseq.scanning import reverse_complement
from skseq.variants import variant_effect

WIDTH = 21
CENTRE = WIDTH // 2
WEIGHT = {"A": 0, "C": 1, "G": 3, "T": 2, "N": 0}  # every SNV in snvs() changes the score
HEADER = "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"


class GCount(ClassifierMixin, BaseEstimator):
    """P(class 1) is a weighted base count of the window; remembers every window it scored."""

    classes_ = np.array([0, 1])

    def __init__(self, fail_after=None):
        self.seen = []
        self.fail_after = fail_after

    def fit(self, X, y=None):
        return self

    def __sklearn_is_fitted__(self):
        return True

    def proba(self, seqs):
        gc = np.array([(sum(map(WEIGHT.get, s)) + 1) / (3 * len(s) + 2) for s in seqs])
        return np.column_stack([1 - gc, gc])

    def predict_proba(self, X):
        if self.fail_after is not None and len(self.seen) >= self.fail_after:
            raise RuntimeError("the model broke")
        self.seen.append(list(X))
        return self.proba(X)


@pytest.fixture(scope="module")
def genome(tmp_path_factory):
    rng = np.random.default_rng(0)
    chroms = {
        name: "".join(rng.choice(list("ACGT"), n)) for name, n in [("chr1", 400), ("chr2", 150)]
    }
    path = tmp_path_factory.mktemp("genome") / "genome.fa"
    with open(path, "w") as handle:
        for name, seq in chroms.items():
            handle.write(f">{name}\n")
            handle.writelines(seq[i : i + 60] + "\n" for i in range(0, len(seq), 60))
    return path, chroms


def snvs(chroms, positions, chrom="chr1"):
    seq = chroms[chrom]
    alt = [{"A": "C", "C": "G", "G": "T", "T": "A"}[seq[p - 1]] for p in positions]
    return pd.DataFrame(
        {"chrom": chrom, "pos": positions, "ref": [seq[p - 1] for p in positions], "alt": alt}
    )


def test_snv_windows_are_centred_and_match_the_genome(genome):
    path, chroms = genome
    seq = chroms["chr1"]
    variants = snvs(chroms, [50, 123, 300])
    model = GCount()
    table = variant_effect(model, variants, genome=path, width=WIDTH)
    (scored,) = model.seen
    refs, alts = scored[:3], scored[3:]
    for i, pos in enumerate(variants.pos):
        p = pos - 1
        assert refs[i] == seq[p - CENTRE : p - CENTRE + WIDTH]
        assert refs[i][CENTRE] == variants.ref[i] == seq[p]
        assert alts[i] == refs[i][:CENTRE] + variants.alt[i] + refs[i][CENTRE + 1 :]
    assert table.flag.tolist() == ["", "", ""]
    assert table[["chrom", "pos", "ref", "alt"]].equals(variants[["chrom", "pos", "ref", "alt"]])


def test_delta_is_the_score_difference(genome):
    path, chroms = genome
    variants = snvs(chroms, [30, 31, 200, 380])
    table = variant_effect(GCount(), variants, genome=path, width=WIDTH)
    seq = chroms["chr1"]
    refs = [seq[p - 1 - CENTRE : p - 1 - CENTRE + WIDTH] for p in variants.pos]
    alts = [r[:CENTRE] + a + r[CENTRE + 1 :] for r, a in zip(refs, variants.alt)]
    p_ref, p_alt = GCount().proba(refs)[:, 1], GCount().proba(alts)[:, 1]
    np.testing.assert_allclose(table.ref_score, p_ref)
    np.testing.assert_allclose(table.alt_score, p_alt)
    np.testing.assert_allclose(table.delta, p_alt - p_ref)
    logit = np.log(p_alt / (1 - p_alt)) - np.log(p_ref / (1 - p_ref))
    np.testing.assert_allclose(table.log_odds_delta, logit)
    assert (table.delta != 0).all()


def test_indels_keep_the_width_by_moving_the_right_flank(genome):
    path, chroms = genome
    seq = chroms["chr1"]
    p = 99  # 0-based
    variants = pd.DataFrame(
        {
            "chrom": "chr1",
            "pos": [p + 1, p + 1],
            "ref": [seq[p], seq[p : p + 4]],
            "alt": [seq[p] + "GGG", seq[p]],
        }
    )
    model = GCount()
    table = variant_effect(model, variants, genome=path, width=WIDTH)
    _, _, insertion, deletion = model.seen[0]
    left = seq[p - CENTRE : p]
    assert insertion == left + seq[p] + "GGG" + seq[p + 1 : p + WIDTH - CENTRE - 3]
    assert deletion == left + seq[p] + seq[p + 4 : p + 4 + WIDTH - CENTRE - 1]
    assert len(insertion) == len(deletion) == WIDTH
    assert table.flag.tolist() == ["", ""]


def test_alleles_that_cannot_be_scored_are_flagged(genome):
    path, chroms = genome
    seq = chroms["chr1"]
    variants = pd.DataFrame(
        {"chrom": "chr1", "pos": [100, 101], "ref": [seq[99], seq[100]], "alt": ["<DEL>", "A" * 12]}
    )
    table = variant_effect(GCount(), variants, genome=path, width=WIDTH)
    assert table.flag.tolist() == ["unsupported_alt", "allele_longer_than_window"]
    assert table.ref_score.isna().all() and table.delta.isna().all()


def test_reference_mismatch_policies(genome, tmp_path):
    path, chroms = genome
    seq = chroms["chr1"]
    wrong = {"A": "C", "C": "G", "G": "T", "T": "A"}[seq[59]]
    vcf = tmp_path / "calls.vcf"
    vcf.write_text(HEADER + f"chr1\t40\trs1\t{seq[39]}\tN\nchr1\t60\trs2\t{wrong}\tN\n")
    with pytest.raises(ValueError, match=r"chr1:60 .*calls.vcf', line 4.*genome, which has"):
        variant_effect(GCount(), vcf, genome=path, width=WIDTH)
    flagged = variant_effect(GCount(), vcf, genome=path, width=WIDTH, reference_mismatch="flag")
    assert flagged.flag.tolist() == ["", "ref_mismatch"]
    window = seq[59 - CENTRE : 59 - CENTRE + WIDTH]  # scored with the genome's base
    assert flagged.ref_score[1] == pytest.approx(GCount().proba([window])[0, 1])
    skipped = variant_effect(GCount(), vcf, genome=path, width=WIDTH, reference_mismatch="skip")
    assert skipped.flag.tolist() == ["", "ref_mismatch"]
    assert np.isnan(skipped.delta[1]) and not np.isnan(skipped.delta[0])


def test_windows_past_a_chromosome_end(genome):
    path, chroms = genome
    seq = chroms["chr2"]
    variants = snvs(chroms, [3, 75, 149], chrom="chr2")
    model = GCount()
    padded = variant_effect(model, variants, genome=path, width=WIDTH)
    assert padded.flag.tolist() == ["padded", "", "padded"]
    first, last = model.seen[0][0], model.seen[0][2]
    assert first == "N" * (CENTRE - 2) + seq[: WIDTH - CENTRE + 2]
    assert last == seq[148 - CENTRE :] + "N" * (WIDTH - CENTRE - 2)
    skipped = variant_effect(GCount(), variants, genome=path, width=WIDTH, out_of_bounds="skip")
    assert skipped.flag.tolist() == ["past_chromosome_end", "", "past_chromosome_end"]
    assert skipped.delta.isna().tolist() == [True, False, True]
    with pytest.raises(ValueError, match=r"chr2:3 .*row 0.*runs past an end of chr2"):
        variant_effect(GCount(), variants, genome=path, width=WIDTH, out_of_bounds="error")


def test_unknown_chromosome_and_position_past_the_end(genome):
    path, _ = genome
    frame = pd.DataFrame({"chrom": ["1"], "pos": [5], "ref": ["A"], "alt": ["C"]})
    with pytest.raises(ValueError, match=r"variant 1:5 A>C \(row 0\).*'1' is not in the genome"):
        variant_effect(GCount(), frame, genome=path, width=WIDTH)
    frame = pd.DataFrame({"chrom": ["chr2"], "pos": [151], "ref": ["A"], "alt": ["C"]})
    with pytest.raises(ValueError, match="REF runs past the end of chr2"):
        variant_effect(GCount(), frame, genome=path, width=WIDTH)
    with pytest.raises(ValueError, match="lacks the column"):
        variant_effect(GCount(), frame.drop(columns="alt"), genome=path, width=WIDTH)


@pytest.mark.parametrize(
    "line, message",
    [
        ("chr1\t10\trs1\tA", "line 3: expected at least 5 tab-separated columns"),
        ("chr1\tten\trs1\tA\tC", "line 3: POS must be a positive integer"),
        ("chr1\t0\trs1\tA\tC", "line 3: POS must be a positive integer"),
        ("chr1\t10\trs1\tA-\tC", "line 3: REF must be made of A, C, G, T and N"),
        ("chr1\t10\trs1\tA\tC,", "line 3: ALT is empty"),
        ("chr1\t\u0661\u0662\trs1\tA\tC", "line 3: POS must be a positive integer"),
        ("chr1\t99999999999999999999\trs1\tA\tC", "line 3: POS 99999999999999999999 is too"),
    ],
)
def test_vcf_errors_name_the_file_and_line(tmp_path, line, message):
    vcf = tmp_path / "bad.vcf"
    vcf.write_text("##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\n" + line + "\n")
    with pytest.raises(ValueError, match=f"bad.vcf', {message}"):
        read_vcf(vcf)


@pytest.mark.parametrize(
    "how, message",
    [
        ("truncated", r"calls.vcf.gz' is cut short.*after line [1-9]\d*"),
        ("corrupt", r"calls.vcf.gz' is not a sound gzip file.*after line [1-9]\d*"),
        ("not text", r"calls.vcf.gz', line 4: not UTF-8 text .byte b'.xff' at column 1"),
    ],
)
def test_damaged_vcf_files_name_themselves(tmp_path, how, message):
    lines = "".join(f"chr1\t{i}\t.\tA\tG\t.\tPASS\t.\n" for i in range(1, 3000))
    data = gzip.compress((HEADER + lines).encode())
    if how == "truncated":
        data = data[: len(data) // 2]
    elif how == "corrupt":  # a second gzip member whose deflate data is not deflate
        data += b"\x1f\x8b\x08\x00" + bytes(6) + b"\xff" * 30
    else:
        data = gzip.compress((HEADER + "chr1\t1\t.\tA\tG\n\xff\n").encode("latin-1"))
    vcf = tmp_path / "calls.vcf.gz"
    vcf.write_bytes(bytes(data))
    with pytest.raises(ValueError, match=message):
        read_vcf(vcf)
    with pytest.raises(ValueError, match=message):
        list(read_vcf(vcf, chunksize=10))


def test_windows_too_large_are_refused_before_allocation(genome, monkeypatch):
    path, chroms = genome
    variants = snvs(chroms, [100, 120])
    with pytest.raises(ValueError, match=r"width 1000000000000 is longer than .*chr1, 400 nt"):
        variant_effect(GCount(), variants, genome=path, width=10**12)
    monkeypatch.setattr("skseq.io._genome_checks.physical_memory", lambda: 100)
    with pytest.raises(ValueError, match=r"chr1:100 .* \(row 0\).* is 21 nt long: the 4 windows"):
        variant_effect(GCount(), variants, genome=path, width=WIDTH)


def test_vcf_multiallelic_gzip_and_chunks(tmp_path):
    text = HEADER + "chr1\t5\trs1\ta\tG,T,<DEL>\t.\tPASS\t.\n\nchr2\t9\t\tCA\tC\t.\t.\t.\n"
    vcf = tmp_path / "calls.vcf.gz"
    vcf.write_bytes(gzip.compress(text.encode()))
    table = read_vcf(vcf)
    assert table.alt.tolist() == ["G", "T", "<DEL>", "C"]
    assert table.ref.tolist() == ["A", "A", "A", "CA"]
    assert table.line.tolist() == [3, 3, 3, 5]
    assert table.id.tolist() == ["rs1", "rs1", "rs1", "."]
    assert [len(c) for c in read_vcf(vcf, chunksize=2)] == [2, 2]
    assert pd.concat(read_vcf(vcf, chunksize=3), ignore_index=True).equals(table)
    (tmp_path / "empty.vcf").write_text(HEADER)
    assert read_vcf(tmp_path / "empty.vcf").empty


def test_chunked_file_output_equals_unchunked(genome, tmp_path):
    path, chroms = genome
    rng = np.random.default_rng(1)
    positions = sorted(rng.choice(np.arange(1, 401), 40, replace=False).tolist())
    variants = snvs(chroms, positions)
    whole = variant_effect(GCount(), variants, genome=path, width=WIDTH, chunk_size=1000)
    out = tmp_path / "effects.tsv.gz"
    assert (
        variant_effect(GCount(), variants, genome=path, width=WIDTH, chunk_size=7, out=out) == out
    )
    with gzip.open(out, "rt") as handle:
        assert handle.readline().startswith("chrom\tpos\tid\tref\talt\tref_score")
    back = pd.read_csv(out, sep="\t", keep_default_na=False, na_values=[""])
    back["flag"] = back["flag"].fillna("")
    back["id"] = back["id"].astype(str)
    pd.testing.assert_frame_equal(back, whole, check_dtype=False)
    small = variant_effect(GCount(), variants, genome=path, width=WIDTH, chunk_size=3)
    pd.testing.assert_frame_equal(small, whole)


def test_a_failure_leaves_no_half_written_file(genome, tmp_path):
    path, chroms = genome
    variants = snvs(chroms, list(range(20, 60)))
    out = tmp_path / "effects.tsv"
    out.write_text("old results\n")
    with pytest.raises(RuntimeError, match="the model broke"):
        variant_effect(
            GCount(fail_after=2), variants, genome=path, width=WIDTH, chunk_size=10, out=out
        )
    assert out.read_text() == "old results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["effects.tsv"]


def test_pipeline_width_from_the_model_and_both_strands(genome):
    path, chroms = genome
    rng = np.random.default_rng(2)
    X = ["".join(rng.choice(list("ACGT"), WIDTH)) for _ in range(60)]
    y = [s.count("G") > WIDTH // 4 for s in X]
    model = make_pipeline(SequenceOneHotTransformer(flatten=True), LogisticRegression()).fit(X, y)
    variants = snvs(chroms, [100, 250])
    table = variant_effect(model, variants, genome=path)  # width from length_
    seq = chroms["chr1"]
    refs = np.array([seq[p - 1 - CENTRE : p - 1 - CENTRE + WIDTH] for p in variants.pos])
    np.testing.assert_allclose(table.ref_score, model.predict_proba(refs)[:, 1])
    both = variant_effect(model, variants, genome=path, both_strands=True)
    forward = model.predict_proba(refs)[:, 1]
    reverse = model.predict_proba(reverse_complement(refs))[:, 1]
    np.testing.assert_allclose(both.ref_score, (forward + reverse) / 2)


def test_regressor_scores_have_no_log_odds(genome):
    path, chroms = genome
    rng = np.random.default_rng(3)
    X = ["".join(rng.choice(list("ACGT"), WIDTH)) for _ in range(40)]
    y = [s.count("C") for s in X]
    model = make_pipeline(SequenceOneHotTransformer(flatten=True), LinearRegression()).fit(X, y)
    table = variant_effect(model, snvs(chroms, [100]), genome=path)
    assert "log_odds_delta" not in table
    assert table.delta[0] == pytest.approx(table.alt_score[0] - table.ref_score[0])


def test_parameters_are_checked(genome):
    path, chroms = genome
    variants = snvs(chroms, [100])
    with pytest.raises(ValueError, match="reference_mismatch must be one of"):
        variant_effect(GCount(), variants, genome=path, width=WIDTH, reference_mismatch="x")
    with pytest.raises(ValueError, match="chunk_size must be a positive integer"):
        variant_effect(GCount(), variants, genome=path, width=WIDTH, chunk_size=0)
    with pytest.raises(ValueError, match="give width"):
        variant_effect(GCount(), variants, genome=path)


def test_no_variants_give_an_empty_table_or_a_header_only_file(genome, tmp_path):
    path, _ = genome
    vcf = tmp_path / "none.vcf"
    vcf.write_text(HEADER)
    table = variant_effect(GCount(), vcf, genome=path, width=WIDTH)
    assert table.empty and table.columns[-3:].tolist() == ["delta", "log_odds_delta", "flag"]
    out = variant_effect(GCount(), vcf, genome=path, width=WIDTH, out=tmp_path / "e.tsv")
    assert out.read_text().splitlines() == ["\t".join(table.columns)]
