"""What FASTA headers say: labels in pysster's form (``>1``, ``>0,2``) and chromosomes."""

import re
import warnings

import numpy as np

__all__ = ["groups_from_headers", "ids_from_headers", "target_from_headers"]

# ASCII digits only: "\d" would also take other scripts' digits.
_LABELS = re.compile(r"[0-9]+(?:,[0-9]+)*")
# Larger labels would overflow int64; they are never class indices.
_MAX_LABEL_DIGITS = 18
# An indicator matrix may have this many columns whatever the labels; beyond, at least half
# of its columns must be labels that occur (header labels are class indices 0, 1, 2, ...).
_FREE_COLUMNS = 256

# The chromosome in a header, most specific forms first.
_GROUP_PATTERNS = (
    # chr1:100-300(+), chr1:100-300, 1:100-200 (Ensembl), NC_000001.11:5-10
    re.compile(r"(?<![\w.])([A-Za-z0-9_.]+):\d+-\d+"),
    # chr1,+,100,200 and chr5,124,130,- (also after "id;")
    re.compile(r"(?<![\w.])([A-Za-z0-9_.]+),(?:[+-],\d+,\d+|\d+,\d+,[+-])(?![\w.])"),
    # Ensembl descriptions: chromosome:GRCh38:1:100:200:1
    re.compile(r"\bchromosome:[^:\s]+:([^:\s]+):\d+:\d+"),
    # a bare UCSC name: chrX, chrUn_gl000220, chr1_random
    re.compile(r"(?<![\w.])(chr(?:\d|[XYMWZ]|Un)(?:[A-Za-z0-9_.]*[A-Za-z0-9_])?)"),
)


def _number(counts, i):
    """Number (from 1, in its file) of the ``i``-th record of all files."""
    first = 0
    for count in counts:
        if i < first + count:
            break
        first += count
    return i - first + 1


def _record(filenames, counts, i):
    return f"'{filenames[i]}', record {_number(counts, i)}"


def target_from_headers(headers, lines, filenames, counts, file_labels, labels):
    """The target: from the file labels, from the headers, or None.

    ``lines`` holds the line of each header in its file; ``counts`` the number of records
    of each file. With ``labels=None`` a file whose headers are partly labels gets no
    target and a warning naming the first header that is not a label.

    Examples
    --------
    >>> target_from_headers(["1", "0"], [1, 3], ["a.fa"] * 2, [2], None, None).tolist()
    [1, 0]
    >>> target_from_headers(["0,2", "1"], [1, 3], ["a.fa"] * 2, [2], None, None).tolist()
    [[1, 0, 1], [0, 1, 0]]
    """
    if labels is False:
        return None
    if file_labels is not None and labels != "header":
        return np.repeat(np.array(file_labels), counts)
    parsed = [h.strip() for h in headers]
    is_label = [bool(_LABELS.fullmatch(h)) for h in parsed]
    if not all(is_label):
        i = is_label.index(False)
        where = f"{_record(filenames, counts, i)}: header {headers[i]!r}"
        if labels == "header":
            raise ValueError(
                f"{where} is not a label such as '1' or '0,2' (line {lines[i]}; labels='header')."
            )
        if any(is_label):
            j = is_label.index(True)
            warnings.warn(
                f"'{filenames[i]}': {sum(is_label)} of {len(headers)} headers are labels such "
                f"as '1' or '0,2' (record {_number(counts, j)}, "
                f"line {lines[j]}: {headers[j]!r:.40}) but "
                f"record {_number(counts, i)} (line {lines[i]}: "
                f"{headers[i]!r:.40}) is not, so target is None. Pass labels='header' to "
                "require labels (and fix that header) or labels=False to read no target.",
                UserWarning,
                stacklevel=3,
            )
        return None
    label_sets = []
    for i, header in enumerate(parsed):
        values = header.split(",")
        if max(map(len, values)) > _MAX_LABEL_DIGITS:
            raise ValueError(
                f"{_record(filenames, counts, i)} (line {lines[i]}): label in header "
                f"{headers[i]!r:.60} is too large; header labels are class indices 0, 1, 2, ..."
            )
        label_sets.append([int(v) for v in values])
    if all(len(s) == 1 for s in label_sets):
        return np.array([s[0] for s in label_sets], dtype=np.int64)
    return _indicator(label_sets, headers, lines, filenames, counts)


def _indicator(label_sets, headers, lines, filenames, counts):
    """Multilabel indicator matrix: column ``j`` is label ``j``, its size bounded."""
    distinct = {v for s in label_sets for v in s}
    allowed = max(_FREE_COLUMNS, 2 * len(distinct))
    largest = max(distinct)
    if largest >= allowed:
        i = next(i for i, s in enumerate(label_sets) if largest in s)
        raise ValueError(
            f"{_record(filenames, counts, i)} (line {lines[i]}): label {largest} in header "
            f"{headers[i]!r:.60} would make a multilabel matrix of {largest + 1} columns for "
            f"{len(distinct)} distinct labels. Header labels are class indices 0, 1, 2, ...; "
            f"the largest may be at most {allowed - 1} here (max({_FREE_COLUMNS}, "
            "2 x the number of distinct labels) columns)."
        )
    target = np.zeros((len(label_sets), largest + 1), dtype=np.int64)
    for i, s in enumerate(label_sets):
        target[i, s] = 1
    return target


def ids_from_headers(headers):
    """The first word of each header ("" for an empty header), a str array.

    Examples
    --------
    >>> ids_from_headers(["chr1:1-5 peak 7", ""]).tolist()
    ['chr1:1-5', '']
    """
    return np.array([h.split(None, 1)[0] if h.strip() else "" for h in headers], dtype=str)


def _chromosome(header):
    for pattern in _GROUP_PATTERNS:
        match = pattern.search(header)
        if match:
            return match.group(1)
    return None


def groups_from_headers(headers):
    """The chromosome in each header: a str array, or object with None where there is none.

    Examples
    --------
    >>> groups_from_headers(["chr1:100-300(+)", "id;chr5,124,130,-"]).tolist()
    ['chr1', 'chr5']
    >>> groups_from_headers(["chrX", "my_sequence"]).tolist()
    ['chrX', None]
    """
    groups = [_chromosome(h) for h in headers]
    if all(g is not None for g in groups):
        return np.array(groups, dtype=str)
    out = np.empty(len(groups), dtype=object)
    out[:] = groups
    return out
