import warnings
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from skseq.datasets import make_genome
from skseq.io import concat_background, make_background, read_intervals
from skseq.io._gc_windows import gc_content
from skseq.io._genome import reverse_complement

LENGTHS = {"chr1": 30000, "chr2": 20000, "chr3": 10000}
WIDTH = 60


@pytest.fixture(scope="module")
def genome(tmp_path_factory):
    return make_genome(
        tmp_path_factory.mktemp("genome") / "genome.fa",
        LENGTHS,
        n_runs=3,
        n_run_length=40,
        random_state=1,
    )


@pytest.fixture(scope="module")
def positives(genome):
    rng = np.random.default_rng(0)
    chrom = rng.choice(["chr1", "chr2"], size=40)
    start = rng.integers(200, 19000, size=40)
    peaks = pd.DataFrame(
        {"chrom": chrom, "start": start, "end": start + 80, "strand": rng.choice(["+", "-"], 40)}
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # positives over N runs are dropped
        return read_intervals(peaks, genome, width=WIDTH, max_n_fraction=0.0)


def _dinucleotides(s):
    return Counter(s[i : i + 2] for i in range(len(s) - 1))


def _gc_histogram(sequences, bins):
    return np.histogram(gc_content(sequences), bins=np.linspace(0, 1, bins + 1))[0]


def _overlap(a, b):
    """Whether any interval of table a overlaps any of table b (same chromosome)."""
    for chrom, group in a.groupby("chrom"):
        other = b[b.chrom == chrom]
        for s, e in zip(group.start, group.end):
            if ((other.start < e) & (other.end > s)).any():
                return True
    return False


def test_dinucleotide_shuffle_keeps_counts_exactly_and_the_groups(positives):
    background = make_background(positives, n_per_positive=3, random_state=0)
    assert len(background.sequences) == 3 * len(positives.sequences)
    for i, original in enumerate(positives.sequences):
        for j in range(3):
            shuffled = background.sequences[3 * i + j]
            assert _dinucleotides(shuffled) == _dinucleotides(original)
            assert background.groups[3 * i + j] == positives.groups[i]
            assert background.ids[3 * i + j] == f"{positives.ids[i]}|shuffle{j + 1}"
    assert (background.sequences != np.repeat(positives.sequences, 3)).mean() > 0.9
    assert (
        background.intervals["start"].tolist() == np.repeat(positives.intervals.start, 3).tolist()
    )


def test_dinucleotide_shuffle_of_plain_sequences_is_seeded():
    seqs = ["ACGTTGCAACGGTACCATGA", "GGGTTTAAACCCAGTAGCTA"]
    a = make_background(seqs, random_state=3)
    assert a.sequences.tolist() == make_background(seqs, random_state=3).sequences.tolist()
    assert a.sequences.tolist() != make_background(seqs, random_state=4).sequences.tolist()
    assert a.ids.tolist() == ["0|shuffle1", "1|shuffle1"]
    assert a.groups is None


@pytest.mark.parametrize("n_per_positive", [1, 2])
def test_gc_matched_histogram_equals_the_positives(positives, genome, n_per_positive):
    background = make_background(
        positives,
        genome=genome,
        method="gc_matched",
        n_per_positive=n_per_positive,
        gc_bins=10,
        random_state=0,
    )
    assert len(background.sequences) == n_per_positive * len(positives.sequences)
    # Per-bin counts are exactly n_per_positive times the positives' counts.
    np.testing.assert_array_equal(
        _gc_histogram(background.sequences, 10),
        n_per_positive * _gc_histogram(positives.sequences, 10),
    )
    np.testing.assert_allclose(background.intervals.gc, gc_content(background.sequences))
    assert all(len(s) == WIDTH for s in background.sequences)
    assert not any("N" in s for s in background.sequences)


def test_gc_matched_windows_are_the_genome_and_avoid_positives(positives, genome, chromosomes):
    background = make_background(
        positives, genome=genome, method="gc_matched", n_per_positive=3, gc_bins=8, random_state=1
    )
    table = background.intervals
    assert not _overlap(table, positives.intervals)
    for a in range(len(table)):
        same = table[(table.chrom == table.chrom[a]) & (table.index != a)]
        assert not ((same.start < table.end[a]) & (same.end > table.start[a])).any()
    for row, sequence, id_ in zip(table.itertuples(), background.sequences, background.ids):
        window = chromosomes[row.chrom][row.start : row.end]
        assert sequence == (reverse_complement(window) if row.strand == "-" else window)
        assert id_ == f"{row.chrom}:{row.start}-{row.end}({row.strand})"
    assert set(table.strand) == {"+", "-"}
    # chromosomes default to those of the positives
    assert set(background.groups) == {"chr1", "chr2"}
    assert background.groups.tolist() == table.chrom.tolist()


def test_gc_matched_avoids_exclude_and_follows_chromosomes(positives, genome, tmp_path):
    blacklist = tmp_path / "blacklist.bed"
    blacklist.write_text("chr3\t0\t5000\nchrUn\t0\t100\n")
    background = make_background(
        positives,
        genome=genome,
        method="gc_matched",
        gc_bins=4,
        chromosomes=["chr3"],
        exclude=[blacklist, pd.DataFrame({"chrom": ["chr3"], "start": [7000], "end": [8000]})],
        random_state=0,
    )
    assert set(background.groups) == {"chr3"}
    starts, ends = background.intervals.start, background.intervals.end
    assert (starts >= 5000).all()
    assert not ((starts < 8000) & (ends > 7000)).any()


def test_gc_matched_is_seeded(positives, genome):
    def draw(seed):
        return make_background(
            positives, genome=genome, method="gc_matched", gc_bins=5, random_state=seed
        )

    a, b, c = draw(5), draw(5), draw(6)
    assert a.ids.tolist() == b.ids.tolist()
    assert a.sequences.tolist() == b.sequences.tolist()
    assert a.ids.tolist() != c.ids.tolist()


def test_concat_background_labels_positives_and_negatives(positives, genome):
    shuffled = make_background(positives, random_state=0)
    windows = make_background(positives, genome=genome, method="gc_matched", random_state=0)
    data = concat_background(positives, shuffled, windows)
    n = len(positives.sequences)
    assert data.target.tolist() == [1] * n + [0] * (2 * n)
    assert data.sequences.tolist() == (
        positives.sequences.tolist() + shuffled.sequences.tolist() + windows.sequences.tolist()
    )
    assert data.groups.tolist()[:n] == positives.groups.tolist()
    assert len(data.intervals) == 3 * n
    assert list(data.intervals.columns[:7]) == list(positives.intervals.columns)


def test_gc_matched_names_the_bin_it_cannot_fill(genome):
    # A GC-rich positive: the genome (GC 0.5) has almost no 60-mers with 90 % GC.
    rich = pd.DataFrame({"chrom": ["chr1"], "start": [1000], "end": [1060]})
    data = read_intervals(rich, genome)
    data.sequences = np.array(["GC" * 28 + "ATAT"])
    with pytest.raises(ValueError, match=r"GC in \[0\.9, 0\.95\): 0 of 1.*fewer or wider"):
        make_background(data, genome=genome, method="gc_matched", chromosomes=["chr3"])


def test_errors_are_clear(positives, genome):
    with pytest.raises(ValueError, match="method must be one of"):
        make_background(positives, method="shuffle")
    with pytest.raises(ValueError, match="n_per_positive must be a positive integer"):
        make_background(positives, n_per_positive=0)
    with pytest.raises(ValueError, match="give genome="):
        make_background(positives, method="gc_matched")
    with pytest.raises(ValueError, match="needs the positives as read_intervals"):
        make_background(["ACGT"], genome=genome, method="gc_matched")
    uneven = read_intervals(
        pd.DataFrame({"chrom": ["chr1", "chr1"], "start": [100, 500], "end": [160, 600]}), genome
    )
    with pytest.raises(ValueError, match=r"different widths \(from 60 to 100\).*width="):
        make_background(uneven, genome=genome, method="gc_matched")
    with pytest.raises(ValueError, match=r"\['chrX'\] are not in the genome"):
        make_background(positives, genome=genome, method="gc_matched", chromosomes=["chrX"])
    with pytest.raises(ValueError, match="gc_bins edges must be"):
        make_background(positives, genome=genome, method="gc_matched", gc_bins=[0.5, 0.2])
    with pytest.raises(ValueError, match="max_n_fraction must be"):
        make_background(positives, genome=genome, method="gc_matched", max_n_fraction=2)
    with pytest.raises(ValueError, match="at least one background"):
        concat_background(positives)
