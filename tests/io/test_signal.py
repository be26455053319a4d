import sys

import numpy as np
import pandas as pd
import pyBigWig
import pytest

from skseq.datasets import make_genome
from skseq.io import make_background, read_intervals, read_signal

LENGTHS = {"chr1": 2000, "chr2": 1000}


def _write_bigwig(path, coverage):
    """A bigWig of the dense arrays in ``coverage`` (NaN: no data), one entry per run."""
    bw = pyBigWig.open(str(path), "w")
    bw.addHeader([(c, len(v)) for c, v in coverage.items()])
    for chrom, values in coverage.items():
        covered = np.flatnonzero(~np.isnan(values))
        bw.addEntries(
            [chrom] * covered.size,
            covered.tolist(),
            ends=(covered + 1).tolist(),
            values=values[covered].tolist(),
        )
    bw.close()
    return path


def _coverage(seed):
    """Dense coverage with gaps; values are multiples of 1/4 (exact in float32)."""
    rng = np.random.default_rng(seed)
    coverage = {}
    for chrom, length in LENGTHS.items():
        values = rng.integers(-8, 40, size=length) / 4
        values[rng.random(length) < 0.2] = np.nan
        values[100:160] = np.nan  # a gap of 60 bases
        coverage[chrom] = values
    return coverage


@pytest.fixture(scope="module")
def truth():
    return _coverage(0)


@pytest.fixture(scope="module")
def bigwig(tmp_path_factory, truth):
    return _write_bigwig(tmp_path_factory.mktemp("bw") / "coverage.bw", truth)


@pytest.fixture(scope="module")
def genome(tmp_path_factory):
    path = tmp_path_factory.mktemp("genome") / "genome.fa"
    return make_genome(path, LENGTHS, n_run_length=20, random_state=0)


def _expected(truth, chrom, start, end, statistic, missing="zero"):
    values = np.full(end - start, np.nan)
    left, right = max(start, 0), min(end, len(truth[chrom]))
    values[left - start : right - start] = truth[chrom][left:right]
    values = np.nan_to_num(values) if missing == "zero" else values[~np.isnan(values)]
    return {"mean": np.mean, "sum": np.sum, "max": np.max, "min": np.min}[statistic](values)


INTERVALS = pd.DataFrame(
    {
        "chrom": ["chr1", "chr1", "chr2", "chr2", "chr1"],
        "start": [0, 95, 500, 980, 1234],
        "end": [50, 170, 733, 1000, 1235],
    }
)


@pytest.mark.parametrize("statistic", ["mean", "sum", "max", "min"])
@pytest.mark.parametrize("missing", ["zero", "ignore"])
def test_statistics_are_exact(bigwig, truth, statistic, missing):
    got = read_signal(INTERVALS, bigwig, statistic=statistic, missing=missing)
    expected = [
        _expected(truth, c, s, e, statistic, missing)
        for c, s, e in zip(INTERVALS.chrom, INTERVALS.start, INTERVALS.end)
    ]
    assert got.dtype == np.float64 and got.shape == (5,)
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_gaps_count_as_zero_or_are_an_error(bigwig, tmp_path):
    gap = pd.DataFrame({"chrom": ["chr1"], "start": [110], "end": [150]})
    assert read_signal(gap, bigwig).tolist() == [0.0]
    assert read_signal(gap, bigwig, statistic="max").tolist() == [0.0]
    with pytest.raises(ValueError, match=r"chr1:110-150 \(row 0\).*no data.*missing='zero'"):
        read_signal(gap, bigwig, missing="ignore")


def test_read_intervals_signal_targets(bigwig, truth, genome, tmp_path):
    bed = tmp_path / "peaks.bed"
    bed.write_text("chr1\t300\t400\tp\t0\t+\nchr2\t10\t30\tq\t0\t-\nchr1\t1950\t2000\n")
    data = read_intervals(bed, genome, width=80, signal=bigwig, signal_statistic="sum")
    windows = data.intervals
    assert windows[["start", "end"]].to_numpy().tolist() == [[310, 390], [-20, 60], [1935, 2015]]
    expected = [
        _expected(truth, c, s, e, "sum")
        for c, s, e in zip(windows.chrom, windows.start, windows.end)
    ]
    np.testing.assert_allclose(data.target, expected, rtol=1e-12)
    assert data.target.tolist() == read_signal(data, bigwig, statistic="sum").tolist()
    two = read_intervals(bed, genome, width=80, signal=[bigwig, bigwig])
    assert two.target.shape == (3, 2)
    np.testing.assert_allclose(two.target[:, 0], np.array(expected) / 80)


def test_stranded_tracks_read_each_strand_file(tmp_path):
    plus = _write_bigwig(tmp_path / "plus.bw", {"chr1": np.full(2000, 2.0), "chr2": np.ones(1000)})
    minus = _write_bigwig(
        tmp_path / "minus.bw", {"chr1": np.full(2000, -1.0), "chr2": np.ones(1000)}
    )
    table = pd.DataFrame(
        {"chrom": ["chr1", "chr1"], "start": [0, 0], "end": [10, 10], "strand": ["+", "-"]}
    )
    assert read_signal(table, {"+": plus, "-": minus}).tolist() == [2.0, -1.0]
    with pytest.raises(ValueError, match=r"strand '\.'.*needs every interval on '\+' or '-'"):
        read_signal(table.assign(strand="."), {"+": plus, "-": minus})
    with pytest.raises(ValueError, match="keys '\\+' and '-'"):
        read_signal(table, {"+": plus})


def test_background_windows_get_signal(bigwig, truth, genome):
    peaks = pd.DataFrame({"chrom": ["chr1", "chr2"], "start": [500, 600], "end": [540, 640]})
    positives = read_intervals(peaks, genome)
    background = make_background(positives, genome=genome, method="gc_matched", gc_bins=2)
    w = background.intervals
    expected = [_expected(truth, c, s, e, "mean") for c, s, e in zip(w.chrom, w.start, w.end)]
    np.testing.assert_allclose(read_signal(background, bigwig), expected, rtol=1e-12)


def test_missing_chromosome_names_interval_and_file(bigwig, tmp_path):
    bed = tmp_path / "other.bed"
    bed.write_text("chr1\t0\t10\n1\t5\t20\n")
    with pytest.raises(ValueError) as error:
        read_signal(bed, bigwig)
    message = str(error.value)
    assert "interval 1:5-20" in message and "line 2" in message and str(bigwig) in message
    assert "'chr1': 'chr' prefixes differ" in message


def test_bad_inputs_are_clear(bigwig, genome, tmp_path):
    with pytest.raises(ValueError, match="statistic must be one of"):
        read_signal(INTERVALS, bigwig, statistic="median")
    with pytest.raises(ValueError, match="missing must be one of"):
        read_signal(INTERVALS, bigwig, missing="nan")
    text = tmp_path / "not.bw"
    text.write_text("chr1\t0\t10\t1.0\n")
    with pytest.raises(ValueError, match="is not a bigWig file"):
        read_signal(INTERVALS, text)
    with pytest.raises(FileNotFoundError, match="bigWig file not found"):
        read_signal(INTERVALS, tmp_path / "absent.bw")
    with pytest.raises(ValueError, match="signal gives the target"):
        read_intervals({"a": INTERVALS}, genome, signal=bigwig)
    with pytest.raises(ValueError, match="statistic must be one of"):
        read_intervals(INTERVALS, genome, signal=bigwig, signal_statistic="median")


def test_missing_pybigwig_names_the_extra(bigwig, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyBigWig", None)  # makes `import pyBigWig` fail
    with pytest.raises(ImportError, match=r'pip install "skseq\[bigwig\]"'):
        read_signal(INTERVALS, bigwig)


def test_regressor_learns_from_coverage_targets(bigwig, genome):
    from sklearn.pipeline import make_pipeline

    from skseq import SequenceCNNRegressor, SequenceOneHotTransformer

    rng = np.random.default_rng(0)
    start = rng.integers(0, 900, size=64)
    peaks = pd.DataFrame({"chrom": "chr2", "start": start, "end": start + 40})
    data = read_intervals(peaks, genome, signal=bigwig)
    model = make_pipeline(
        SequenceOneHotTransformer(),
        SequenceCNNRegressor(n_filters=4, kernel_size=4, dense_units=8, epochs=2, random_state=0),
    )
    model.fit(data.sequences, data.target)
    prediction = model.predict(data.sequences[:5])
    assert prediction.shape == (5,) and np.isfinite(prediction).all()
