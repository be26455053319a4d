"""Malformed input for skseq.io: every case raises a clear error naming what and where.

Each case gives the input, the exception type and a pattern for the message that names what
is wrong (the character, value or header) and where it is (file, record, line, column or the
index of the item); reading cases also check that the file is named. Writing cases check that
an existing file is left as it was.
"""

import gzip
import re

import pytest

from skseq.io import read_fasta, read_meme, write_fasta

# ---------------------------------------------------------------------------- reading

FASTA_CASES = {
    "text before the first header": (
        b"junk\n>a\nACGT\n",
        {},
        r"line 1: text before the first header .*'junk'",
    ),
    "indented text before the first header": (
        b"\n  junk\n>a\nAC\n",
        {},
        r"line 2: text before the first header",
    ),
    "header without sequence, then a record": (
        b">a\n>b\nACGT\n",
        {},
        r"record 1 \('>a', line 1\): header without a sequence",
    ),
    "last header without sequence": (
        b">a\nAC\n\n>b\n",
        {},
        r"record 2 \('>b', line 4\): header without a sequence",
    ),
    "space inside a sequence line": (
        b">a\nAC GT\n",
        {},
        r"record 1 \('>a', line 1\): character ' ' at sequence position 2 \(line 2, column 3\)",
    ),
    "tab inside a sequence line": (
        b">a\nACGT\n  AC\tGT\n",
        {},
        r"record 1 \('>a', line 1\): character '\\t' at sequence position 6 "
        r"\(line 3, column 5\)",
    ),
    "digit on a wrapped line": (
        b">x\nAAAA\n>a\nACGT\nAC1T\n",
        {},
        r"record 2 \('>a', line 3\): character '1' at sequence position 6 \(line 5, column 3\)",
    ),
    "non-ASCII letter": (
        ">a\nACÉGT\n".encode(),
        {},
        r"record 1 \('>a', line 1\): character 'É' at sequence position 2",
    ),
    "CRLF line ends, bad character": (
        b">a\r\nACGT\r\nAC-*X?\r\n",
        {},
        r"record 1 \('>a', line 1\): character '\?' at sequence position 9 "
        r"\(line 3, column 6\)",
    ),
    "CR-only line ends, bad character": (
        b">a\rACGT\r>b\rAC1T\r",
        {},
        r"record 2 \('>b', line 3\): character '1' at sequence position 2 \(line 4, column 3\)",
    ),
    "CR-only line ends, header without sequence": (
        b">a\rAC\r>b\r",
        {},
        r"record 2 \('>b', line 3\): header without a sequence",
    ),
    "NUL inside a sequence": (b">a\nAC\x00GT\n", {}, r"control character '\\x00' at line 2"),
    "control character in a header": (
        b">a\nAC\n>b\x01c\nAC\n",
        {},
        r"control character '\\x01' at line 3",
    ),
    "only a byte-order mark": (b"\xef\xbb\xbf", {}, r"is empty: no FASTA records"),
    "byte-order mark and blank lines": (b"\xef\xbb\xbf \r\n\t\n", {}, r"is empty"),
    "empty file": (b"", {}, r"is empty"),
    "Latin-1 text": (b">a\nAC\nAC\xe9GT\n", {}, r"byte 0xe9 at line 3 cannot be decoded as UTF-8"),
    "truncated gzip": (
        gzip.compress(b">a\n" + b"ACGT" * 5000 + b"\n")[:-10],  # no end-of-stream trailer
        {},
        r"is a damaged or truncated gzip file",
    ),
    "gzip of binary data": (gzip.compress(bytes(range(256))), {}, r"is not a text file"),
    "header that is not a label (labels='header')": (
        b">1\nAC\n>x\nAC\n",
        {"labels": "header"},
        r"record 2: header 'x' is not a label such as '1' or '0,2' \(line 3",
    ),
    "non-ASCII digit is no label (labels='header')": (
        ">1\nAC\n>٣\nAC\n".encode(),
        {"labels": "header"},
        r"record 2: header '٣' is not a label .*line 3",
    ),
    "label 50,000,000 in a multilabel header": (
        b">0,50000000\nACGT\n",
        {},
        r"record 1 \(line 1\): label 50000000 in header '0,50000000' would make a multilabel "
        r"matrix of 50000001 columns",
    ),
    "label 5,000,000,000 in the second record": (
        b">1\nAC\n>0,5000000000\nAC\n",
        {},
        r"record 2 \(line 3\): label 5000000000 .* 3 distinct labels",
    ),
    "label beyond int64": (
        b">99999999999999999999\nAC\n",
        {},
        r"record 1 \(line 1\): label in header '99999999999999999999' is too large",
    ),
    # structure files (structure=True)
    "structure: a wrapped sequence read as the structure": (
        b">0\nACGU\nACGU\n",
        {"structure": True},
        r"record 1 \('>0', line 1\), line 3: 'ACGU' holds sequence letters, not a structure",
    ),
    "structure: wrapped sequence before the structure": (
        b">0\nACGU\nAC\n((..))\n",
        {"structure": True},
        r"record 1 \('>0', line 1\): expected one structure line .* found 2 lines; line 3 "
        r"looks like more sequence",
    ),
    "structure: length differs from the sequence": (
        b">0\nACGU\n((.)\n>1\nACGU\n((..))\n",
        {"structure": True},
        r"record 2 \('>1', line 4\), line 6: structure of length 6 for a sequence of length 4",
    ),
    "structure: character that is no structure": (
        b">0\nACGU\n(*.)\n",
        {"structure": True},
        r"record 1 \('>0', line 1\), line 3: character '\*' at structure position 1",
    ),
    "structure: no structure line": (
        b">0\nACGU\n",
        {"structure": True},
        r"record 1 \('>0', line 1\): no structure line under the sequence \(line 2\)",
    ),
    "structure: a row with too few values": (
        b">0\nACGU\n0.5 0.5 0.5 0.5\n0.5 0.5 0.5\n",
        {"structure": True},
        r"record 1 \('>0', line 1\), line 4: 3 values for a sequence of length 4",
    ),
    "structure: NaN in a row of values": (
        b">0\nACGU\n0.5 nan 0.5 0.5\n0.5 0.5 0.5 0.5\n",
        {"structure": True},
        r"record 1 \('>0', line 1\), line 3: value nan at position 1 is not a finite number",
    ),
    "structure: strings and rows mixed": (
        b">0\nACGU\n....\n>1\nACGU\n1 1 1 1\n0 0 0 0\n",
        {"structure": True},
        r"record 2 \('>1', line 4\): .* mixes structure strings and rows of numbers",
    ),
    "structure: space inside the sequence": (
        b">0\nAC GU\n.....\n",
        {"structure": True},
        r"record 1 \('>0', line 1\): character ' ' at sequence position 2 \(line 2, column 3\)",
    ),
}


@pytest.mark.parametrize("case", list(FASTA_CASES))
def test_malformed_fasta_names_what_and_where(tmp_path, case):
    content, kwargs, message = FASTA_CASES[case]
    path = tmp_path / "bad_input.fa"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=message) as info:
        read_fasta(path, **kwargs)
    assert "bad_input.fa" in str(info.value)


MEME_CASES = {
    "motif cut short by the next MOTIF": (
        "MOTIF a\nletter-probability matrix: alength= 4 w= 2\n1 0 0 0\nMOTIF b\n",
        r"line 4: motif 'a' \(line 1\) ends after 1 of 2 rows",
    ),
    "motif cut short at the end of the file": (
        "MOTIF a\nletter-probability matrix: alength= 4 w= 3\n1 0 0 0\n0 1 0 0\n",
        r"motif 'a' \(line 1\) ends after 2 of 3 rows",
    ),
    "a motif name twice": (
        "MOTIF a\nletter-probability matrix: w= 1\n1 0 0 0\nMOTIF a\n",
        r"line 4: motif 'a' appears twice",
    ),
    "row unlike alength=": (
        "MOTIF a\nletter-probability matrix: alength= 4 w= 2\n1 0 0 0\n0 1 0\n",
        r"line 4: motif 'a' has a row of 3 values, alength= 4",
    ),
    "negative probability": (
        "MOTIF a\nletter-probability matrix: w= 1\n1 0 -0.5 0\n",
        r"line 3: motif 'a' has the value -0.5",
    ),
    "matrix without w=": (
        "MOTIF a\nletter-probability matrix: alength= 4\n1 0 0 0\n",
        r"line 2: letter-probability matrix of motif 'a' without a width",
    ),
    "row of words": (
        "MOTIF a\nletter-probability matrix: w= 2\n1 0 0 0\nnot numbers\n",
        r"line 4: expected 1 more matrix rows of numbers for motif 'a'",
    ),
}


@pytest.mark.parametrize("case", list(MEME_CASES))
def test_malformed_meme_names_what_and_where(tmp_path, case):
    text, message = MEME_CASES[case]
    path = tmp_path / "bad_input.meme"
    path.write_text("MEME version 4\n\n" + text)
    # the two lines put in front of the case move every line number by two
    message = re.sub(r"line (\d+)", lambda m: f"line {int(m.group(1)) + 2}", message)
    with pytest.raises(ValueError, match=message) as info:
        read_meme(path)
    assert "bad_input.meme" in str(info.value)


def test_meme_file_that_is_not_text_names_file_and_line(tmp_path):
    path = tmp_path / "bad_input.meme"
    path.write_bytes(b"MEME version 4\n\nMOTIF \xff\n")
    with pytest.raises(
        ValueError, match=r"bad_input.meme' is not a text file: byte 0xff at line 3"
    ):
        read_meme(path)


@pytest.mark.parametrize(
    "paths, message",
    [
        (b">a\nACGT\n", r"got bytes \(b'>a\\nACGT\\n'\); read_fasta reads files"),
        (">a\nACGT\n", r"'>a\\nACGT\\n' looks like FASTA text, not a path"),
        ([">a\nACGT\n"], r"looks like FASTA text, not a path"),
    ],
)
def test_fasta_content_instead_of_a_path(paths, message):
    with pytest.raises(ValueError, match=message):
        read_fasta(paths)


# ---------------------------------------------------------------------------- writing

WRITE_CASES = {
    "non-ASCII letter": (
        (["ACGT", "ACÉGT"], ["a", "b"]),
        {},
        r"sequence 1 \('b'\): character 'É' at position 2 cannot be written",
    ),
    "'>' inside a sequence": (
        (["ACGT>GGACGT"], ["one"]),
        {"line_width": 4},
        r"sequence 0 \('one'\): character '>' at position 4 cannot be written",
    ),
    "line break inside a sequence": (
        (["AC", "AC\nGT"], None),
        {},
        r"sequence 1 \('seq1'\): character '\\n' at position 2",
    ),
    "space inside a sequence": ((["AC GT"], ["s"]), {}, r"sequence 0 \('s'\): character ' '"),
    "line break in an id": ((["ACGT"], ["a\nb"]), {}, r"ids\[0\] holds a line break \('\\n'\)"),
    "old Mac line break in an id": (
        (["AC", "GT"], ["a", "b\rc"]),
        {},
        r"ids\[1\] holds a line break \('\\r'\) at position 1",
    ),
    "control character in an id": (
        (["ACGT"], ["a\x00"]),
        {},
        r"ids\[0\] holds a control character \('\\x00'\) at position 1",
    ),
    "blank id": ((["ACGT"], ["  "]), {}, r"ids\[0\] is empty"),
    "empty sequence": ((["ACGT", ""], None), {}, r"sequence 1 is empty"),
    "bytes instead of str": (([b"ACGT"], None), {}, r"sequence 0 is b'ACGT' of type bytes"),
    "a single string": (("ACGT", None), {}, r"got a single string; wrap it in a list"),
    "negative line width": ((["ACGT"], None), {"line_width": -1}, r"line_width must be"),
    "ids of another length": ((["AC", "GT"], ["a"]), {}, r"ids has 1 entries for 2 sequences"),
}


@pytest.mark.parametrize("name", ["old.fa", "old.fa.gz"])
@pytest.mark.parametrize("case", list(WRITE_CASES))
def test_bad_write_names_the_item_and_leaves_the_file(tmp_path, case, name):
    (sequences, ids), kwargs, message = WRITE_CASES[case]
    path = tmp_path / name
    write_fasta(path, ["GGGG"], ["kept"])
    before = path.read_bytes()
    with pytest.raises(ValueError, match=message):
        write_fasta(path, sequences, ids, **kwargs)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temporary file left behind
