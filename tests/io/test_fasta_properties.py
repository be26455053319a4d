"""Property-based tests of read_fasta and write_fasta (Hypothesis, bounded to stay fast).

- read_fasta on any bytes (random, FASTA-like, gzip-compressed) either raises a ValueError
  (UnicodeError is one) or returns exactly the records the text holds: one per header line,
  whose sequences joined are the text's other lines joined, with the headers' first words as
  ids. Nothing is dropped, merged or stripped from inside a line.
- write_fasta -> read_fasta gives back the sequences and ids written, for any wrapping.

``benchmarks/fuzz_fasta.py`` runs the same property on many more inputs.
"""

import gzip
import tempfile
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skseq.io import read_fasta, write_fasta

# Pieces of FASTA and of what goes wrong in it: headers, letters, blanks, every line end,
# a byte-order mark, labels, control and non-ASCII characters, bytes that are not UTF-8.
FASTA_TOKENS = [
    b">",
    b">a",
    b">0",
    b">1,2",
    b">chr1:5-9(+)",
    b" ",
    b"\t",
    b"\n",
    b"\r\n",
    b"\r",
    b"ACGT",
    b"acgu",
    b"N",
    b"*",
    b"-",
    b".",
    b"1",
    b",",
    b"(",
    b"\xef\xbb\xbf",
    b"\x00",
    b"\x0c",
    "É".encode(),
    "\u3000".encode(),
    b"\xff",
]

fasta_like = st.lists(st.sampled_from(FASTA_TOKENS), max_size=40).map(b"".join)
any_bytes = st.one_of(
    st.binary(max_size=200),
    fasta_like,
    fasta_like.map(gzip.compress),
    st.binary(max_size=100).map(gzip.compress),
)


def expected_records(content):
    """(ids, joined sequence) the reader must return for ``content``, if it reads it."""
    if content[:2] == b"\x1f\x8b":
        content = gzip.decompress(content)
    text = content.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.strip(" \t") for line in text.split("\n")]
    headers = [line[1:] for line in lines if line.startswith(">")]
    ids = [h.split(None, 1)[0] if h.strip() else "" for h in headers]
    return ids, "".join(line for line in lines if not line.startswith(">"))


def check_read(content, folder):
    """Read ``content`` from a file; assert the property; return the outcome's name."""
    path = Path(folder) / "fuzz.fa"
    path.write_bytes(content)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # headers partly labels
            data = read_fasta(path, upper=False)
    except ValueError as error:
        assert "fuzz.fa" in str(error), str(error)  # every error names the file
        return type(error).__name__
    ids, joined = expected_records(content)
    assert data.ids.tolist() == ids
    assert "".join(data.sequences.tolist()) == joined
    assert all(len(s) > 0 for s in data.sequences)
    return "read"


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory() as name:
        yield name


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=any_bytes)
def test_read_fasta_raises_value_error_or_returns_every_record(folder, content):
    check_read(content, folder)


ids = st.text(
    alphabet=st.characters(exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=12,
)
sequences = st.text(alphabet="ACGTNUacgtnu*-.", min_size=1, max_size=150)
records = st.lists(st.tuples(ids, sequences), min_size=1, max_size=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    records=records,
    line_width=st.one_of(st.none(), st.integers(0, 70)),
    compress=st.booleans(),
)
def test_write_then_read_gives_back_ids_and_sequences(folder, records, line_width, compress):
    path = Path(folder) / ("round.fa.gz" if compress else "round.fa")
    written_ids, written = [list(x) for x in zip(*records)]
    write_fasta(path, written, written_ids, line_width=line_width)
    data = read_fasta(path, upper=False, labels=False)
    assert data.ids.tolist() == written_ids
    assert data.sequences.tolist() == written
