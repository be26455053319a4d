"""pysster's structure files: a header, the sequence on one line, then its structure.

The structure is one line (dot-bracket, optionally followed by RNAfold's energy such as
``(-3.10)``, or annotation letters such as ``HIMS``) or one row of per-position values per
structure symbol (pysster's ``rna_pwm`` form).
"""

import re

import numpy as np

from ._fasta_records import (
    BAD_SEQUENCE_CHAR,
    BLANK,
    Records,
    bad_sequence_char,
    fasta_blocks,
    where,
)

__all__ = ["parse_structure_records"]

# RNAfold appends the free energy to the structure: "((..)) (-1.20)".
_ENERGY = re.compile(r"\s+\(\s*[-+]?[0-9]+(?:\.[0-9]*)?\)\s*$")
# Dot-bracket (with pseudoknot brackets) and annotation letters.
_BAD_STRUCTURE_CHAR = re.compile(r"[^().\[\]{}<>A-Za-z]")
_NUCLEOTIDES = frozenset("ACGTUN")
_NOT_CONTEXTS = frozenset("ACGUN")  # nucleotide letters that are no context letter (S H I M ...)
_ONE_LINE = "in structure files the sequence must be on one line, followed by its structure"


def _looks_like_sequence(line):
    letters = set(line.upper())
    return letters <= _NUCLEOTIDES and bool(letters & _NOT_CONTEXTS)


def _numbers(line):
    try:
        return np.array(line.split(), dtype=float)
    except ValueError:
        return None


def _value_rows(where_, rows, numbers, length):
    for row, number in zip(rows, numbers):
        if row.size != length:
            raise ValueError(
                f"{where_}, line {number}: {row.size} values for a sequence of length {length}."
            )
        if not np.isfinite(row).all():
            position = int(np.flatnonzero(~np.isfinite(row))[0])
            raise ValueError(
                f"{where_}, line {number}: value {row[position]} at position {position} is not "
                "a finite number."
            )
    return np.stack(rows, axis=1)


def _structure_line(where_, line, number, length):
    structure = _ENERGY.sub("", line).strip(BLANK)
    if _looks_like_sequence(structure):
        raise ValueError(
            f"{where_}, line {number}: {structure[:40]!r} holds sequence letters, not a "
            f"structure: is the sequence wrapped over several lines? ({_ONE_LINE})."
        )
    if len(structure) != length:
        raise ValueError(
            f"{where_}, line {number}: structure of length {len(structure)} for a "
            f"sequence of length {length}."
        )
    bad = _BAD_STRUCTURE_CHAR.search(structure)
    if bad:
        raise ValueError(
            f"{where_}, line {number}: character {bad.group()!r} at structure position "
            f"{bad.start()} is neither dot-bracket nor an annotation letter."
        )
    return structure


def parse_structure_records(text, path):
    """Split a structure file's text (``"\\n"`` line ends) into checked records."""
    records = Records()
    raw_lines = text.split("\n")
    for header, header_line, lines, numbers in fasta_blocks(raw_lines, path):
        where_ = where(path, len(records.headers) + 1, header, header_line)
        if not lines:
            raise ValueError(f"{where_}: header without a sequence.")
        sequence = lines[0]
        bad = BAD_SEQUENCE_CHAR.search(sequence)
        if bad:
            raise bad_sequence_char(where_, bad, raw_lines, numbers[:1], [0])
        if len(lines) == 1:
            raise ValueError(f"{where_}: no structure line under the sequence (line {numbers[0]}).")
        rows = [_numbers(line) for line in lines[1:]]
        if all(row is not None for row in rows):
            structure = _value_rows(where_, rows, numbers[1:], len(sequence))
        elif len(lines) == 2:
            structure = _structure_line(where_, lines[1], numbers[1], len(sequence))
        else:
            hint = (
                f"; line {numbers[1]} looks like more sequence ({_ONE_LINE})"
                if _looks_like_sequence(lines[1])
                else ""
            )
            raise ValueError(
                f"{where_}: expected one structure line or rows of numbers under "
                f"the sequence, found {len(lines) - 1} lines{hint}."
            )
        if records.structures and isinstance(structure, str) != isinstance(
            records.structures[0], str
        ):
            first = "a structure string" if isinstance(structure, np.ndarray) else "rows of numbers"
            raise ValueError(
                f"{where_}: '{path}' mixes structure strings and rows of numbers (record 1 "
                f"has {first})."
            )
        records.headers.append(header)
        records.lines.append(header_line)
        records.sequences.append(sequence)
        records.structures.append(structure)
    return records
