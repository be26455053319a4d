"""FASTA text into checked records, with errors that name the file, record, line and column.

The plain-FASTA parser, and what pysster's structure files (``_fasta_structure``) share with
it: the records, the blocks of lines under each header, the sequence-character check and its
error message.
"""

import re

import numpy as np

__all__ = ["Records", "fasta_blocks", "parse_fasta_records"]

#: What a sequence may hold: letters, ``*`` (stop), ``-`` and ``.`` (gaps).
BAD_SEQUENCE_CHAR = re.compile(r"[^A-Za-z*.\-]")
_SEQUENCE_CHARS = "letters, '*', '-' or '.'"
# Spaces and tabs at the ends of a line are ignored; anywhere else they are an error.
BLANK = " \t"


class Records:
    """The records of one file: header text, header line, sequence (and structure)."""

    __slots__ = ("headers", "lines", "sequences", "structures")

    def __init__(self):
        self.headers, self.lines, self.sequences, self.structures = [], [], [], []


def where(path, record, header, line):
    """How error messages name a record: file, 1-based record number, header and line."""
    shown = header if len(header) <= 60 else header[:57] + "..."
    return f"'{path}', record {record} ('>{shown}', line {line})"


def text_before_header(path, line, text):
    return ValueError(
        f"'{path}', line {line}: text before the first header (a FASTA record starts "
        f"with '>'): {text[:40]!r}."
    )


def bad_sequence_char(where_, match, raw_lines, numbers, offsets):
    """The error for a bad character, with its line and column in the file.

    ``numbers`` are the line numbers of the sequence's lines, ``offsets`` where each line
    starts in the joined sequence; ``raw_lines`` the file's lines as they are.
    """
    position = match.start()
    k = int(np.searchsorted(offsets, position, side="right")) - 1
    raw = raw_lines[numbers[k] - 1]
    column = len(raw) - len(raw.lstrip(BLANK)) + position - offsets[k] + 1
    char = match.group()
    hint = " (spaces and tabs are allowed only at the ends of a line)" if char in BLANK else ""
    return ValueError(
        f"{where_}: character {char!r} at sequence position {position} (line {numbers[k]}, "
        f"column {column}) is not a sequence letter ({_SEQUENCE_CHARS}){hint}."
    )


def fasta_blocks(raw_lines, path):
    """The records of a FASTA file's lines, one at a time, as they are read.

    Yields ``(header, header_line, lines, numbers)``: the header (without ``>``), its line
    number, and the record's non-blank lines (stripped of spaces and tabs) with their line
    numbers. Raises for text before the first header and for a file without a header.
    """
    header, header_line, lines, numbers = None, 0, [], []
    for number, line in enumerate(raw_lines, start=1):
        line = line.strip(BLANK)
        if not line:
            continue
        if line[0] == ">":
            if header is not None:
                yield header, header_line, lines, numbers
            header, header_line, lines, numbers = line[1:].strip(BLANK), number, [], []
        elif header is None:
            raise text_before_header(path, number, line)
        else:
            lines.append(line)
            numbers.append(number)
    if header is None:  # only Unicode spaces that are not " " or tab
        raise ValueError(f"'{path}' holds no FASTA header (a record starts with '>').")
    yield header, header_line, lines, numbers


def parse_fasta_records(text, path):
    """Split FASTA text (``"\\n"`` line ends) into checked records."""
    records = Records()
    raw_lines = text.split("\n")
    for header, header_line, parts, numbers in fasta_blocks(raw_lines, path):
        if not parts:
            where_ = where(path, len(records.headers) + 1, header, header_line)
            raise ValueError(f"{where_}: header without a sequence.")
        sequence = "".join(parts) if len(parts) > 1 else parts[0]
        bad = BAD_SEQUENCE_CHAR.search(sequence)
        if bad:
            where_ = where(path, len(records.headers) + 1, header, header_line)
            offsets = np.cumsum([0] + [len(p) for p in parts[:-1]])
            raise bad_sequence_char(where_, bad, raw_lines, numbers, offsets)
        records.headers.append(header)
        records.lines.append(header_line)
        records.sequences.append(sequence)
    return records
