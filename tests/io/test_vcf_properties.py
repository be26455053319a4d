"""Property-based tests of read_vcf (Hypothesis, bounded to stay fast).

- Random valid records (multi-allelic, symbolic alleles, any case, plain or gzip, any line
  end, meta lines and blank lines between) come back as one row per ALT allele with the
  file's line number, whole or in chunks of any size.
- A data line built from the pieces of VCF and of what goes wrong in it is either read as the
  VCF rules say or refused with a ValueError naming the file and that line; any bytes at all
  (random, gzip cut short) give a table or a ValueError naming the file, never another
  exception.
"""

import gzip
import re
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skseq.io import read_vcf

HEADER = "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def write(folder, text, compress, name="calls.vcf"):
    path = folder / (name + (".gz" if compress else ""))
    data = text.encode() if isinstance(text, str) else text
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


records = st.lists(
    st.tuples(
        st.from_regex(r"(chr)?[0-9XYM]{1,2}|scaffold_[0-9]{1,3}", fullmatch=True),
        st.integers(1, 2**62),
        st.sampled_from([".", "rs1", "rs77;x"]),
        st.text(alphabet="ACGTNacgtn", min_size=1, max_size=8),
        st.lists(
            st.one_of(
                st.text(alphabet="ACGTNacgtn", min_size=1, max_size=6),
                st.sampled_from(["<DEL>", "<ins>", "*", ".", "G]chr2:5]"]),
            ),
            min_size=1,
            max_size=3,
        ),
        st.sampled_from(["", "\t.\tPASS\t.", "\t30\tq10\tDP=3\tGT\t0/1"]),
    ),
    max_size=12,
)


@SETTINGS
@given(
    records=records,
    compress=st.booleans(),
    newline=st.sampled_from(["\n", "\r\n"]),
    blank_every=st.integers(0, 4),
    chunksize=st.integers(1, 5),
)
def test_valid_records_round_trip(folder, records, compress, newline, blank_every, chunksize):
    lines, expected = HEADER.splitlines(), []
    for i, (chrom, pos, vid, ref, alts, rest) in enumerate(records):
        if blank_every and i % blank_every == 0:
            lines.append("" if i % 2 else "##INFO=<ID=DP,Number=1,Type=Integer>")
        lines.append(f"{chrom}\t{pos}\t{vid}\t{ref}\t{','.join(alts)}{rest}")
        expected += [(chrom, pos, vid, ref.upper(), a.upper(), len(lines)) for a in alts]
    path = write(folder, newline.join(lines) + newline, compress)
    table = read_vcf(path)
    assert list(table.itertuples(index=False, name=None)) == expected
    chunks = list(read_vcf(path, chunksize=chunksize))
    assert all(0 < len(chunk) <= chunksize for chunk in chunks)
    if expected:
        assert pd.concat(chunks, ignore_index=True).equals(table)


# Pieces of VCF data lines and of what goes wrong in them.
TOKENS = [
    "\t",
    "\t",
    "\t",
    "chr1",
    "1",
    "0",
    "-3",
    "17",
    "1e3",
    "99999999999999999999",
    "\u0661\u0662",
    "\u00b2",
    "A",
    "c",
    "N",
    "ACGT",
    "R",
    "<DEL>",
    "*",
    ".",
    ",",
    " ",
    "#",
    "\x00",
    "\u00e9",
    "rs1",
    "\x0c",
]
data_lines = st.lists(st.sampled_from(TOKENS), max_size=14).map("".join)
_ALLELE = re.compile(r"[ACGTNacgtn]+")


def expected_rows(line, number):
    """The rows the VCF rules give for one data line, or None if they refuse it."""
    if line.startswith("#") or not line.strip():
        return []
    fields = line.split("\t")
    if len(fields) < 5:
        return None
    chrom, pos, vid, ref, alt = (field.strip() for field in fields[:5])
    if not chrom or not re.fullmatch(r"[0-9]+", pos) or not 1 <= int(pos) < 2**63:
        return None
    if not _ALLELE.fullmatch(ref) or not alt or "" in alt.split(","):
        return None
    return [(chrom, int(pos), vid or ".", ref.upper(), a.upper(), number) for a in alt.split(",")]


@SETTINGS
@given(line=data_lines, compress=st.booleans())
def test_a_data_line_is_read_by_the_rules_or_refused_naming_its_line(folder, line, compress):
    path = write(folder, HEADER + line + "\nchr2\t5\t.\tA\tG\n", compress)
    expected = expected_rows(line, 3)
    try:
        table = read_vcf(path)
    except ValueError as error:
        assert expected is None, f"{line!r} refused: {error}"
        assert str(error).startswith(f"'{path}', line 3: "), str(error)
        return
    assert expected is not None, f"{line!r} was read"
    assert list(table.itertuples(index=False, name=None)) == expected + [
        ("chr2", 5, ".", "A", "G", 4)
    ]


any_bytes = st.one_of(
    st.binary(max_size=200),
    data_lines.map(lambda line: (HEADER + line).encode()),
    st.binary(max_size=100).map(gzip.compress),
    st.tuples(data_lines, st.integers(1, 60)).map(
        lambda case: gzip.compress((HEADER + case[0] + "\n").encode() * 3)[: -case[1]]
    ),
)


@SETTINGS
@given(content=any_bytes)
def test_any_bytes_give_a_table_or_a_value_error_naming_the_file(folder, content):
    path = write(folder, content, compress=False, name="fuzz.vcf")
    try:
        table = read_vcf(path)
    except ValueError as error:
        assert f"'{path}'" in str(error), str(error)
        return
    assert list(table.columns) == ["chrom", "pos", "id", "ref", "alt", "line"]
