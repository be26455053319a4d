"""A genome's .fai (and .gzi) index is checked against the FASTA before any window is cut.

pyfaidx trusts the index it finds: one written for an older version of the file, or for another
genome, used to give windows of the wrong length or content without a word.
"""

import os
import re

import numpy as np
import pytest
from Bio import bgzf

from skseq.io import read_intervals
from skseq.io._genome import Genome

RNG = np.random.default_rng(0)
CHROMS = {
    "chr1": "".join(RNG.choice(list("ACGT"), 1000)),
    "chr2": "".join(RNG.choice(list("ACGT"), 300)),
}


def fasta_text(chroms, line_width=60):
    lines = []
    for name, seq in chroms.items():
        lines.append(f">{name}")
        lines += [seq[i : i + line_width] for i in range(0, len(seq), line_width)]
    return "".join(line + "\n" for line in lines)


def keep_index(fasta, *others):
    """Date the FASTA before its index files, as an index written later (or copied) would be."""
    oldest = min(os.stat(other).st_mtime for other in others)
    os.utime(fasta, (oldest - 60, oldest - 60))


@pytest.fixture
def indexed(tmp_path):
    fasta = tmp_path / "genome.fa"
    fasta.write_text(fasta_text(CHROMS))
    Genome(fasta)  # writes genome.fa.fai
    bed = tmp_path / "peaks.bed"
    bed.write_text("chr1\t100\t120\t.\t0\t+\nchr2\t280\t300\t.\t0\t-\n")
    return fasta, tmp_path / "genome.fa.fai", bed


def test_a_sound_index_is_used_and_kept(indexed):
    fasta, fai, bed = indexed
    before = fai.read_bytes()
    data = read_intervals(bed, fasta)
    assert data.sequences[0] == CHROMS["chr1"][100:120]
    assert fai.read_bytes() == before


def test_fasta_rewrapped_after_its_index_was_written(indexed):
    fasta, fai, bed = indexed
    fasta.write_text(fasta_text(CHROMS, line_width=10))
    keep_index(fasta, fai)
    message = (
        rf"index '{re.escape(str(fai))}' does not describe the FASTA '{re.escape(str(fasta))}'"
        r".*chr1.*60 letters.*delete"
    )
    with pytest.raises(ValueError, match=message):
        read_intervals(bed, fasta)


def test_fasta_edited_after_its_index_was_written(indexed):
    fasta, fai, bed = indexed
    edited = dict(CHROMS, chr1=CHROMS["chr1"][:500] + "A" + CHROMS["chr1"][500:])
    fasta.write_text(fasta_text(edited))
    keep_index(fasta, fai)
    message = r"chr1.*the last 40, but its line at byte 982 holds more.*delete .*genome.fa.fai"
    with pytest.raises(ValueError, match=message):
        read_intervals(bed, fasta)


def test_index_of_another_genome(indexed):
    fasta, fai, bed = indexed
    fai.write_text("chr1\t2000\t6\t60\t61\nchr2\t300\t2046\t60\t61\n")
    keep_index(fasta, fai)
    with pytest.raises(
        ValueError,
        match=r"genome.fa.fai' does not describe.*chr1.*2000 in all.*ends before byte 2039",
    ):
        read_intervals(bed, fasta)


def test_index_naming_other_chromosomes(indexed):
    fasta, fai, _ = indexed
    fai.write_text(fai.read_text().replace("chr1", "chrX"))
    keep_index(fasta, fai)
    with pytest.raises(ValueError, match=r"chrX.*'>chr1'"):
        Genome(fasta)


def test_records_missing_from_the_index(indexed):
    fasta, fai, bed = indexed
    with open(fasta, "a") as handle:
        handle.write(">chr3\nACGTACGT\n")
    keep_index(fasta, fai)
    with pytest.raises(ValueError, match=r"after chr2.*'>chr3'.*not in the index"):
        read_intervals(bed, fasta)


def test_a_damaged_index_names_itself(indexed):
    fasta, fai, _ = indexed
    fai.write_text("chr1\t1000\n")
    keep_index(fasta, fai)
    with pytest.raises(ValueError, match=r"index '.*genome.fa.fai'.*cannot be read.*delete"):
        Genome(fasta)


def test_every_window_is_checked_against_its_length(tmp_path):
    # chr1's third line split in two and its fifth and sixth joined: the file keeps its size,
    # its record offsets and the first and last line of every record, where the index is
    # checked, but a window across the changed lines comes out short.
    fasta = tmp_path / "genome.fa"
    fasta.write_text(fasta_text(CHROMS, line_width=10))
    Genome(fasta)
    fai = tmp_path / "genome.fa.fai"
    lines = fasta.read_text().split("\n")
    lines = lines[:3] + [lines[3][:5], lines[3][5:], lines[4], lines[5] + lines[6]] + lines[7:]
    fasta.write_text("\n".join(lines))
    keep_index(fasta, fai)
    genome = Genome(fasta)
    assert genome.fetch("chr1", 0, 20) == CHROMS["chr1"][:20]
    with pytest.raises(ValueError, match=r"gave 9 letters for chr1:22-32 .10 nt.*delete"):
        genome.fetch("chr1", 22, 32)


def write_bgzip(path, text, block=60_000):
    with bgzf.BgzfWriter(path, "wb") as handle:
        for start in range(0, len(text), block):
            handle.write(text[start : start + block].encode())
            handle.flush()  # ends the block


def test_bgzip_genome_with_a_stale_fai(tmp_path):
    fasta = tmp_path / "genome.fa.gz"
    write_bgzip(fasta, fasta_text(CHROMS))
    genome = Genome(fasta)
    assert genome.fetch("chr2", 10, 30) == CHROMS["chr2"][10:30]
    write_bgzip(fasta, fasta_text(CHROMS, line_width=10))
    fai, gzi = tmp_path / "genome.fa.gz.fai", tmp_path / "genome.fa.gz.gzi"
    keep_index(fasta, fai, gzi)
    with pytest.raises(ValueError, match=r"genome.fa.gz.fai' does not describe.*delete.*\.gzi"):
        Genome(fasta)


def test_bgzip_genome_with_a_stale_gzi(tmp_path):
    # the same text in blocks of another size: the .fai still fits, the .gzi does not
    fasta = tmp_path / "genome.fa.gz"
    big = {f"chr{i}": CHROMS["chr1"] * 20 for i in range(10)}
    write_bgzip(fasta, fasta_text(big))
    assert Genome(fasta).fetch("chr3", 100, 120) == big["chr3"][100:120]
    write_bgzip(fasta, fasta_text(big), block=30_000)
    keep_index(fasta, tmp_path / "genome.fa.gz.fai", tmp_path / "genome.fa.gz.gzi")
    with pytest.raises(ValueError, match=r"index '.*genome.fa.gz.gzi' does not describe.*byte"):
        Genome(fasta)


def test_a_header_changed_after_the_index_was_written(indexed):
    fasta, fai, bed = indexed
    fasta.write_text(fasta_text(CHROMS).replace(">chr2", ">chr2 shorter than before", 1))
    Genome(fasta)  # the FASTA is newer: pyfaidx rebuilds the index
    fasta.write_text(fasta_text(CHROMS))
    keep_index(fasta, fai)
    with pytest.raises(
        ValueError, match=r"sequence of chr2 \(.fai line 2\) at byte \d+, which does not"
    ):
        read_intervals(bed, fasta)
