"""Property-based tests of read_intervals (Hypothesis, bounded to stay fast).

On random genomes (any line width, ``\\n`` or ``\\r\\n`` line ends, soft-masked letters,
plain or bgzip) written to a FASTA with its ``.fai``, and random BED intervals on both strands:

- a window inside its chromosome is the genome sliced there, reverse-complemented on ``-``;
- a window past a chromosome end is the part on the chromosome padded with ``N``;
- an interval that does not fit its chromosome (starting past its end, or longer than it) is a
  ValueError naming the BED file and its line, never a sequence of another length;
- ``width`` resizes every window around the interval's midpoint, and a width longer than every
  chromosome is a ValueError;
- a FASTA replaced after its index was written (the index kept) gives the windows of the file
  as it is, or the index is refused: never windows cut with the old layout.
"""

import os
import re
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from Bio import bgzf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skseq.io import read_intervals

COLUMNS = ["chrom", "start", "end", "strand"]
# The oracle's own complement (not skseq's): upper-case DNA and N.
COMPLEMENT = {"A": "T", "C": "G", "G": "C", "T": "A", "N": "N"}

chromosome = st.text(alphabet="ACGTNacgtn", min_size=1, max_size=120)
genomes = st.dictionaries(
    st.sampled_from(["chr1", "chr2", "chrM", "scaffold_7", "1"]), chromosome, min_size=1
)
layouts = st.tuples(st.integers(1, 70), st.sampled_from(["\n", "\r\n"]), st.booleans())


def write_genome(folder, genome, layout):
    line_width, newline, compress = layout
    text = ""
    for name, seq in genome.items():
        lines = [seq[i : i + line_width] for i in range(0, len(seq), line_width)]
        text += "".join(line + newline for line in [f">{name}", *lines])
    path = Path(folder) / ("genome.fa.gz" if compress else "genome.fa")
    if compress:
        with bgzf.BgzfWriter(path, "wb") as handle:
            handle.write(text.encode())
    else:
        path.write_bytes(text.encode())
    return path


@st.composite
def genome_and_intervals(draw):
    genome = draw(genomes)
    names = sorted(genome)
    intervals = []
    for _ in range(draw(st.integers(1, 6))):
        name = draw(st.sampled_from(names))
        length = len(genome[name])
        start = draw(st.integers(0, length + 10))
        end = draw(st.integers(start + 1, start + length + 10))
        intervals.append((name, start, end, draw(st.sampled_from("+-."))))
    return genome, intervals


def expected_window(seq, start, end, strand):
    seq = seq.upper()
    window = "N" * max(0, min(-start, end - start))
    window += seq[max(start, 0) : max(end, 0)]
    window += "N" * (end - start - len(window))
    if strand == "-":
        window = "".join(COMPLEMENT[base] for base in reversed(window))
    return window


def misfit(genome, interval):
    name, start, end, _ = interval
    return start >= len(genome[name]) or end - start > len(genome[name])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=genome_and_intervals(), layout=layouts, width=st.one_of(st.none(), st.integers(1, 150)))
def test_windows_equal_the_genome_sliced_or_an_error_names_the_line(case, layout, width):
    genome, intervals = case
    with tempfile.TemporaryDirectory() as folder:
        fasta = write_genome(folder, genome, layout)
        bed = Path(folder) / "peaks.bed"
        bed.write_text(
            "".join(f"{c}\t{s}\t{e}\tp{i}\t0\t{d}\n" for i, (c, s, e, d) in enumerate(intervals))
        )
        if width is not None and width > max(len(seq) for seq in genome.values()):
            with pytest.raises(ValueError, match=f"width {width} is longer than every chromo"):
                read_intervals(bed, fasta, width=width)
            return
        bad = [i for i, interval in enumerate(intervals) if misfit(genome, interval)]
        if bad:
            with pytest.raises(ValueError, match=rf"'{bed}', line {bad[0] + 1}: the interval"):
                read_intervals(bed, fasta, width=width)
            return
        data = read_intervals(bed, fasta, width=width)
    windows = []
    for name, start, end, strand in intervals:
        if width is not None:
            start = (start + end) // 2 - width // 2
            end = start + width
        windows.append(expected_window(genome[name], start, end, strand))
    assert data.sequences.tolist() == windows
    assert data.intervals["line"].tolist() == list(range(1, len(intervals) + 1))


@st.composite
def two_genomes(draw):
    first, intervals = draw(genome_and_intervals())
    second = draw(genomes)
    return first, second, [i for i in intervals if i[0] in second and not misfit(second, i)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=two_genomes(), layouts=st.tuples(layouts, layouts))
def test_a_stale_index_gives_an_error_or_the_windows_of_the_file(case, layouts):
    """The FASTA replaced after its index was written, the index kept (its mtime newer): the
    windows are those of the FASTA as it is now, or the index is refused, never a mix."""
    first, second, intervals = case
    old, new = layouts
    new = (*new[:2], old[2])  # same file name: both plain or both bgzip
    with tempfile.TemporaryDirectory() as folder:
        fasta = write_genome(folder, first, old)
        read_intervals(
            pd.DataFrame({"chrom": [next(iter(first))], "start": [0], "end": [1]}), fasta
        )
        fasta = write_genome(folder, second, new)
        oldest = min(p.stat().st_mtime for p in Path(folder).glob("genome.fa*.?ai"))
        os.utime(fasta, (oldest - 60, oldest - 60))
        frame = pd.DataFrame(intervals or [(next(iter(second)), 0, 1, "+")], columns=COLUMNS)
        try:
            data = read_intervals(frame, fasta)
        except ValueError as error:
            assert re.search(
                r"genome index '.*genome.fa(.gz)?.(fai|gzi)' does not describe"
                r"|gave \d+ letters for",
                str(error),
            ), str(error)
            assert "delete" in str(error)
            return
    expected = [expected_window(second[c], s, e, d) for c, s, e, d in frame.itertuples(index=False)]
    assert data.sequences.tolist() == expected
