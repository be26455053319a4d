import gzip
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import GroupKFold

from skseq.datasets._genome import make_genome
from skseq.io._genome import Genome, reverse_complement
from skseq.io._intervals import read_intervals
from skseq.io._signal import read_signal

LENGTHS = {"chr1": 3000, "chr2": 2000, "chrM": 500}


@pytest.fixture(scope="module")
def genome(tmp_path_factory):
    return make_genome(
        tmp_path_factory.mktemp("genome") / "genome.fa", LENGTHS, n_run_length=40, random_state=0
    )


def _write(path, lines):
    path.write_text("".join(line + "\n" for line in lines))
    return path


def test_bed6_windows_match_the_genome_on_both_strands(tmp_path, genome, chromosomes):
    bed = _write(
        tmp_path / "a.bed",
        [
            "# comment",
            "track name=peaks",
            "chr1\t100\t150\tp1\t0\t+",
            "chr2\t500\t520\tp2\t0\t-",
            "chrM\t10\t30\tp3\t0\t.",
        ],
    )
    data = read_intervals(bed, genome)
    c1, c2, cm = chromosomes["chr1"], chromosomes["chr2"], chromosomes["chrM"]
    assert data.sequences.tolist() == [c1[100:150], reverse_complement(c2[500:520]), cm[10:30]]
    assert data.target is None
    assert data.groups.tolist() == ["chr1", "chr2", "chrM"]
    assert data.ids.tolist() == ["chr1:100-150(+)", "chr2:500-520(-)", "chrM:10-30(+)"]
    assert data.intervals["line"].tolist() == [3, 4, 5]
    assert data.dropped.empty


def test_resize_around_centre_and_summit(tmp_path, genome, chromosomes):
    peaks = _write(
        tmp_path / "p.narrowPeak",
        [
            "chr1\t1000\t1100\tpk1\t0\t+\t5.0\t3.0\t2.0\t10",  # summit at 1010
            "chr1\t2000\t2101\tpk2\t0\t-\t5.0\t3.0\t2.0\t-1",  # no summit: centre 2050
        ],
    )
    c1 = chromosomes["chr1"]
    centre = read_intervals(peaks, genome, width=20)
    assert centre.sequences.tolist() == [c1[1040:1060], reverse_complement(c1[2040:2060])]
    summit = read_intervals(peaks, genome, width=20, anchor="summit")
    assert summit.sequences.tolist() == [c1[1000:1020], reverse_complement(c1[2040:2060])]
    assert summit.intervals[["start", "end"]].to_numpy().tolist() == [[1000, 1020], [2040, 2060]]
    unstranded = read_intervals(peaks, genome, width=20, stranded=False)
    assert unstranded.sequences[1] == c1[2040:2060]
    assert all(len(s) == 20 for s in centre.sequences)


def test_one_file_per_class_and_groupkfold(tmp_path, genome):
    pos = _write(
        tmp_path / "pos.bed", [f"chr{c}\t{s}\t{s + 50}" for c in (1, 2) for s in (200, 900)]
    )
    neg = _write(tmp_path / "neg.bed.gz", [])
    with gzip.open(neg, "wt") as handle:
        handle.write("chr1\t300\t350\nchrM\t100\t150\n")
    data = read_intervals([pos, neg], genome, width=40)
    assert data.target.tolist() == [0, 0, 0, 0, 1, 1]
    assert data.intervals["file"].tolist() == [str(pos)] * 4 + [str(neg)] * 2
    labelled = read_intervals({"bound": pos, "unbound": neg}, genome, width=40)
    assert labelled.target.tolist() == ["bound"] * 4 + ["unbound"] * 2
    for train, test in GroupKFold(n_splits=3).split(data.sequences, data.target, data.groups):
        assert not set(data.groups[train]) & set(data.groups[test])


def test_label_column_of_a_file_and_of_a_dataframe(tmp_path, genome, chromosomes):
    bed = _write(tmp_path / "l.bed", ["chr1\t10\t60\t1\t0.5", "chr2\t10\t60\t0\t2.5"])
    assert read_intervals(bed, genome, label_column=3).target.tolist() == [1, 0]
    assert read_intervals(bed, genome, label_column=4).target.tolist() == [0.5, 2.5]
    frame = pd.DataFrame(
        {
            "chrom": ["chr1", "chr2"],
            "start": np.array([100, 200], dtype=np.int32),
            "end": [130, 230],
            "strand": ["-", "+"],
            "y": ["a", "b"],
        }
    )
    data = read_intervals(frame, genome, label_column="y")
    assert data.target.tolist() == ["a", "b"]
    assert data.sequences.tolist() == [
        reverse_complement(chromosomes["chr1"][100:130]),
        chromosomes["chr2"][200:230],
    ]


def test_out_of_bounds_policies_at_both_chromosome_ends(tmp_path, genome, chromosomes):
    bed = _write(tmp_path / "ends.bed", ["chrM\t0\t10", "chrM\t490\t500", "chr1\t1000\t1010"])
    padded = read_intervals(bed, genome, width=30)
    cm = chromosomes["chrM"]
    assert padded.sequences.tolist()[:2] == ["N" * 10 + cm[:20], cm[480:] + "N" * 10]
    with pytest.warns(UserWarning, match="dropped 2 of 3 intervals .2 past a chromosome end"):
        dropped = read_intervals(bed, genome, width=30, out_of_bounds="drop")
    assert dropped.groups.tolist() == ["chr1"]
    assert dropped.dropped["line"].tolist() == [1, 2]
    assert set(dropped.dropped["reason"]) == {"past a chromosome end"}
    with pytest.raises(ValueError, match=r"ends.bed', line 1: the window \[-10, 20\) runs past"):
        read_intervals(bed, genome, width=30, out_of_bounds="error")
    # an interval that itself runs past the end, without resizing (janggu #11)
    past = _write(tmp_path / "past.bed", ["chrM\t480\t520"])
    assert read_intervals(past, genome).sequences[0] == cm[480:] + "N" * 20


def test_windows_with_too_many_n_are_dropped(tmp_path, genome):
    # the synthetic genome starts every chromosome with 40 N
    bed = _write(tmp_path / "n.bed", ["chr2\t0\t50", "chr2\t1000\t1050"])
    with pytest.warns(UserWarning, match="more than 0.5 of the window is N"):
        data = read_intervals(bed, genome, max_n_fraction=0.5)
    assert data.intervals["start"].tolist() == [1000]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(read_intervals(bed, genome).sequences) == 2
    with pytest.raises(ValueError, match="no interval is left"):
        read_intervals(_write(tmp_path / "n2.bed", ["chr2\t0\t40"]), genome, max_n_fraction=0)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("chr9\t10\t20", r"line 2: chromosome 'chr9' is not in the genome"),
        ("1\t10\t20", r"the genome names it 'chr1'"),
        ("chr1\t50\t20", r"line 2: inverted coordinates, end 20 is before start 50"),
        ("chr1\t-5\t20", r"line 2: negative start -5"),
        ("chr1\t10", r"line 2: a BED line needs at least 3"),
        ("chr1\tten\t20", r"line 2: start must be an integer, got 'ten'"),
        ("chr1\t10\t20\tx\t0\t*", r"line 2: strand .column 6. must be"),
        ("chr1\t10\t20\tx\t0\t+\t1\t1\t1\t50", r"line 2: summit offset 50 lies outside"),
        ("chr1\t10\t10", r"line 2: empty interval"),
    ],
)
def test_bad_lines_name_file_and_line(tmp_path, genome, line, message):
    bed = _write(tmp_path / "bad.bed", ["chr1\t0\t100", line])
    with pytest.raises(ValueError, match=message):
        read_intervals(bed, genome)


def test_bad_arguments_and_sources(tmp_path, genome):
    bed = _write(tmp_path / "ok.bed", ["chr1\t0\t100"])
    for kwargs, message in [
        ({"width": 0}, "width must be a positive integer"),
        ({"width": 10.5}, "width must be"),
        ({"anchor": "middle"}, "anchor must be"),
        ({"out_of_bounds": "clip"}, "out_of_bounds must be"),
        ({"max_n_fraction": 2}, "max_n_fraction must be"),
        ({"stranded": "yes"}, "stranded must be"),
        ({"label_column": "name"}, "0-based column number"),
        ({"label_column": 7}, "no column 7"),
    ]:
        with pytest.raises(ValueError, match=message):
            read_intervals(bed, genome, **kwargs)
    assert read_intervals(bed, genome, width=np.int64(10)).sequences[0] != ""
    with pytest.raises(ValueError, match="label_column applies to a single source"):
        read_intervals([bed, bed], genome, label_column=3)
    with pytest.raises(ValueError, match="no column.*'chrom'"):
        read_intervals(pd.DataFrame({"chr": ["chr1"], "start": [0], "end": [5]}), genome)
    with pytest.raises(ValueError, match="row 0: start must be an integer"):
        read_intervals(pd.DataFrame({"chrom": ["chr1"], "start": [0.5], "end": [5]}), genome)
    with pytest.raises(FileNotFoundError, match="BED file not found"):
        read_intervals(tmp_path / "missing.bed", genome)
    with pytest.raises(FileNotFoundError, match="genome FASTA not found"):
        read_intervals(bed, tmp_path / "missing.fa")
    with pytest.raises(ValueError, match="holds no intervals"):
        read_intervals(_write(tmp_path / "empty.bed", ["# nothing"]), genome)


def test_genome_reads_windows_without_loading_everything(genome, chromosomes):
    g = Genome(genome)
    assert g.lengths == LENGTHS
    assert g.fetch("chr1", 2990, 3005) == chromosomes["chr1"][2990:] + "N" * 5
    assert g.fetch("chr1", -3, 2) == "NNN" + chromosomes["chr1"][:2]
    assert g.fetch("chrM", 600, 610) == "N" * 10  # wholly past the end
    assert Genome(g).lengths == LENGTHS
    assert reverse_complement("ACGTRYN") == "NRYACGT"


def _cut_gzip(path, text):
    data = gzip.compress(text.encode())
    path.write_bytes(data[: len(data) // 2])
    return path


@pytest.mark.parametrize("how", ["truncated", "corrupt", "not text"])
def test_a_damaged_bed_file_names_itself(tmp_path, genome, how):
    text = "".join(f"chr1\t{i}\t{i + 30}\tpeak{i}\n" for i in range(0, 2000, 7))
    bed = tmp_path / "damaged.bed.gz"
    if how == "truncated":
        _cut_gzip(bed, text)
        message = r"damaged.bed.gz' is cut short.*after line [1-9]\d*"
    elif how == "corrupt":  # a second gzip member whose deflate data is not deflate
        bed.write_bytes(
            gzip.compress(text.encode()) + b"\x1f\x8b\x08\x00" + bytes(6) + b"\xff" * 30
        )
        message = r"damaged.bed.gz' is not a sound gzip file.*after line [1-9]\d*"
    else:
        bed = tmp_path / "damaged.bed"
        bed.write_bytes(b"chr1\t0\t10\nchr1\t\xff\xfe\t20\n")
        message = r"damaged.bed', line 2: not UTF-8 text .byte b'.xff' at column 6"
    with pytest.raises(ValueError, match=message):
        read_intervals(bed, genome)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("chr1\t0\t999999999999", r"line 2: the interval chr1:0-999999999999 is longer than chr1"),
        ("chrM\t500\t510", r"line 2: the interval chrM:500-510 starts past the end of chrM"),
        ("chr1\t0\t99999999999999999999", r"line 2: end 99999999999999999999 is too large"),
        ("chr1\t\u0661\u0660\t20", r"line 2: start must be an integer, got '\u0661\u0660'"),
        ("chr1\t1_0\t20", r"line 2: start must be an integer, got '1_0'"),
    ],
)
def test_intervals_that_do_not_fit_the_genome(tmp_path, genome, line, message):
    bed = _write(tmp_path / "far.bed", ["chr1\t0\t100", line])
    with pytest.raises(ValueError, match=message):
        read_intervals(bed, genome)


def test_intervals_that_do_not_fit_are_dropped_on_request(tmp_path, genome):
    bed = _write(tmp_path / "far.bed", ["chr1\t0\t100", "chr1\t0\t999999999999", "chrM\t600\t700"])
    with pytest.warns(UserWarning, match="dropped 2 of 3 intervals .2 past a chromosome end"):
        data = read_intervals(bed, genome, out_of_bounds="drop")
    assert data.dropped["line"].tolist() == [2, 3]
    with pytest.raises(ValueError, match=r"far.bed', line 2: the interval .* longer than chr1"):
        read_intervals(bed, genome, out_of_bounds="error")


def test_sizes_are_checked_before_anything_is_allocated(tmp_path, genome, monkeypatch):
    bed = _write(tmp_path / "ok.bed", ["chr1\t0\t100", "chr2\t0\t100"])
    with pytest.raises(ValueError, match=r"width 1000000000000 is longer than .*chr1, 3000 nt"):
        read_intervals(bed, genome, width=10**12)
    frame = pd.DataFrame({"chrom": ["chr1"], "start": [0], "end": [2**70]})
    with pytest.raises(ValueError, match=r"row 0: end 1180591620717411303424 is too large"):
        read_intervals(frame, genome)
    monkeypatch.setattr("skseq.io._genome_checks.physical_memory", lambda: 100)
    with pytest.raises(ValueError, match=r"ok.bed', line 1: the window chr1:0-100 is 100 nt.*2 wi"):
        read_intervals(bed, genome)


def test_signal_over_an_interval_far_past_the_end_is_not_allocated(tmp_path):
    import pyBigWig as pybigwig

    path = str(tmp_path / "coverage.bw")
    bw = pybigwig.open(path, "w")
    bw.addHeader([("chr1", 1000)])
    bw.addEntries(["chr1"], [0], ends=[1000], values=[2.0])
    bw.close()
    far = pd.DataFrame({"chrom": ["chr1"] * 2, "start": [0, 990], "end": [10**12, 2 * 10**12]})
    assert read_signal(far, path, statistic="sum").tolist() == [2000.0, 20.0]
    assert read_signal(far, path).tolist() == [2000.0 / 10**12, 20.0 / (2 * 10**12 - 990)]
    assert read_signal(far, path, statistic="min").tolist() == [0.0, 0.0]
    assert read_signal(far, path, statistic="max", missing="ignore").tolist() == [2.0, 2.0]
