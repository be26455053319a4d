"""FASTA files (plain or gzip) and pysster's structure files."""

import gzip
import io
import os
import re
import zlib
from pathlib import Path

import numpy as np
from Bio.SeqIO.FastaIO import SimpleFastaParser
from sklearn.utils import Bunch

__all__ = ["read_fasta", "write_fasta"]

_GZIP_MAGIC = b"\x1f\x8b"
# Control characters other than tab, newline and carriage return mean a binary file.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BAD_SEQUENCE_CHAR = re.compile(r"[^A-Za-z*.\-]")
_LABELS = re.compile(r"\d+(?:,\d+)*")
# RNAfold appends the free energy to the structure: "((..)) (-1.20)".
_ENERGY = re.compile(r"\s+\(\s*[-+]?\d+(?:\.\d*)?\)\s*$")

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


def read_fasta(paths, *, labels=None, upper=True, structure=False):
    """Read sequences, labels and chromosomes from FASTA files (plain or gzip).

    Parameters
    ----------
    paths : str, path-like, list of those, or dict
        Where the sequences are, in one of three forms:

        - a list of paths, one file per class: the records of the first file get
          target 0, the second 1, and so on;
        - a dict ``{label: path}``, one file per class with the given labels (ints or
          strings), in the dict's order;
        - a single path. If every header is a label in pysster's form (``>1``, or
          ``>0,2`` for several labels) the target is read from the headers: an int
          array, or a multilabel indicator matrix when any header lists several
          labels. Otherwise ``target`` is None.

        Gzip compression is detected from the file's first bytes, whatever the name.
    labels : None, "header", False or list, default=None
        How to get the target. None: as described for ``paths``. ``"header"``: the
        headers must be labels (an error names the first that is not). False: no
        target. A list (with a list of paths): the label of each file.
    upper : bool, default=True
        Upper-case the sequences. With False, the case in the file is kept (for
        example soft-masked repeats in lower case).
    structure : bool, default=False
        Read pysster's structure files instead of plain FASTA: each header is followed
        by the sequence on one line and then either one structure line (dot-bracket,
        optionally followed by RNAfold's energy such as ``(-3.10)``, or annotation
        letters such as ``HIMS``) or one row of per-position values per structure
        symbol (pysster's ``rna_pwm`` form).

    Returns
    -------
    data : sklearn.utils.Bunch
        sequences : ndarray of str, shape (n_samples,)
            A fixed-width unicode array.
        target : ndarray of shape (n_samples,) or (n_samples, n_classes), or None
            Class of each record (multilabel indicator for ``>0,2`` headers).
        groups : ndarray of shape (n_samples,)
            Chromosome parsed from each header (``chr1:100-300(+)``,
            ``chr1:100-300``, ``chr1,+,100,200``, ``id;chr5,124,130,-``, ``chrX``,
            Ensembl ``1:100-200`` kept as ``"1"``). A str array, or an object array
            with None for headers without a chromosome.
        ids : ndarray of str, shape (n_samples,)
            The first word of each header (the whole header has no spaces in most
            files).
        structures : ndarray, shape (n_samples,)
            Only with ``structure=True``: the structure string of each record (str
            array), or for the ``rna_pwm`` form an object array holding a float array
            of shape (length, n_symbols) per record.
        filenames : ndarray of str, shape (n_samples,)
            The file each record came from.

    Raises
    ------
    FileNotFoundError
        A file does not exist.
    ValueError
        A file is a directory, empty, binary, a truncated gzip, has text before the
        first header or no header at all, a header without sequence, a sequence
        character that is not a letter, ``*``, ``-`` or ``.``, or (structure files) a
        structure whose length differs from its sequence. The message names the file,
        the record (1-based) and the line.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from skseq.io import read_fasta
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "neg.fa").write_text(">chr1:100-110(+)\\nacgtacgtac\\n")
    >>> _ = (folder / "pos.fa").write_text(">chr2:5-15(-)\\nTGCATG\\nTGCA\\n")
    >>> data = read_fasta([folder / "neg.fa", folder / "pos.fa"])
    >>> data.sequences.tolist(), data.target.tolist(), data.groups.tolist()
    (['ACGTACGTAC', 'TGCATGTGCA'], [0, 1], ['chr1', 'chr2'])
    """
    files, file_labels = _check_paths(paths, labels)
    read = _read_structure_records if structure else _read_fasta_records
    headers, sequences, structures, filenames, counts = [], [], [], [], []
    for path in files:
        text = _read_text(path)
        file_headers, file_sequences, file_structures = read(text, path)
        headers += file_headers
        sequences += file_sequences
        structures += file_structures
        filenames += [str(path)] * len(file_headers)
        counts.append(len(file_headers))

    if upper:
        sequences = [s.upper() for s in sequences]
    data = Bunch(
        sequences=np.array(sequences, dtype=str),
        target=_target(headers, filenames, counts, file_labels, labels),
        groups=_groups(headers),
        ids=np.array([h.split(None, 1)[0] if h.strip() else "" for h in headers], dtype=str),
        filenames=np.array(filenames, dtype=str),
    )
    if structure:
        data.structures = _structures_array(structures)
    return data


def write_fasta(path, sequences, ids=None, *, line_width=60):
    """Write sequences to a FASTA file, gzip-compressed when the path ends in ``.gz``.

    Parameters
    ----------
    path : str or path-like
        File to write (replaced if it exists).
    sequences : array-like of str, shape (n_samples,)
        The sequences.
    ids : array-like of str, shape (n_samples,), default=None
        Header of each record; ``seq0``, ``seq1``, ... if None.
    line_width : int or None, default=60
        Wrap sequence lines at this width; None or 0 writes each sequence on one line.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from skseq.io import read_fasta, write_fasta
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "out.fa.gz"
    >>> write_fasta(path, ["ACGT", "GGCC"], ["chr1:1-5(+)", "chr2:7-11(-)"])
    >>> read_fasta(path).groups.tolist()
    ['chr1', 'chr2']
    """
    from Bio.Seq import Seq
    from Bio.SeqIO.FastaIO import FastaWriter
    from Bio.SeqRecord import SeqRecord

    sequences = _check_strings(sequences, "sequences")
    if ids is None:
        ids = [f"seq{i}" for i in range(len(sequences))]
    ids = _check_strings(ids, "ids")
    if len(ids) != len(sequences):
        raise ValueError(f"ids has {len(ids)} entries for {len(sequences)} sequences.")
    if line_width is not None and (not isinstance(line_width, int) or line_width < 0):
        raise ValueError(f"line_width must be a non-negative int or None, got {line_width!r}.")
    for name, values in (("sequences", sequences), ("ids", ids)):
        for i, value in enumerate(values):
            if "\n" in value or "\r" in value or (name == "ids" and not value.strip()):
                raise ValueError(f"{name}[{i}] is empty or holds a line break: {value!r}.")
    records = (SeqRecord(Seq(s), id=i, description="") for s, i in zip(sequences, ids))
    path = Path(path)
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wt", encoding="ascii", newline="\n") as handle:
        FastaWriter(handle, wrap=line_width or None).write_file(records)


def _check_strings(values, name):
    if isinstance(values, str) or (isinstance(values, np.ndarray) and values.ndim != 1):
        raise ValueError(f"{name} must be a 1-D array-like of str, got {values!r:.60}.")
    values = list(values)
    for i, value in enumerate(values):
        if not isinstance(value, str):
            raise ValueError(f"{name}[{i}] is not a str: {value!r}.")
    return values


# ------------------------------------------------------------------------- arguments


def _is_path(obj):
    return isinstance(obj, (str, os.PathLike))


def _check_paths(paths, labels):
    """Return the list of files and the label of each file (None for a single file)."""
    if (
        labels is not None
        and labels is not False
        and labels != "header"
        and not isinstance(labels, (list, tuple))
    ):
        raise ValueError(f"labels must be None, 'header', False or a list, got {labels!r}.")
    if isinstance(paths, dict):
        if labels is not None:
            raise ValueError(
                "labels cannot be given with a dict of paths; the keys are the labels."
            )
        files, file_labels = list(paths.values()), list(paths.keys())
    elif _is_path(paths):
        if isinstance(labels, (list, tuple)):
            raise ValueError("a list of labels needs a list of paths, one per label.")
        files, file_labels = [paths], None
    elif isinstance(paths, (list, tuple)):
        files = list(paths)
        file_labels = list(range(len(files)))
        if isinstance(labels, (list, tuple)):
            if len(labels) != len(files):
                raise ValueError(f"labels has {len(labels)} entries for {len(files)} paths.")
            file_labels = list(labels)
    else:
        raise ValueError(
            f"paths must be a path, a list of paths or a dict {{label: path}}, got {paths!r}."
        )
    if not files:
        raise ValueError("paths is empty: give at least one FASTA file.")
    for path in files:
        if not _is_path(path):
            raise ValueError(f"{path!r} is not a path (str or os.PathLike).")
    return files, file_labels


# ---------------------------------------------------------------------- file content


def _read_text(path):
    """The decoded text of a plain or gzip file, with clear errors for unusable files."""
    path = Path(path)
    if path.is_dir():
        raise ValueError(f"'{path}' is a directory, not a FASTA file.")
    if not path.exists():
        raise FileNotFoundError(f"FASTA file not found: '{path}'.")
    raw = path.read_bytes()
    if raw[:2] == _GZIP_MAGIC:
        try:
            raw = gzip.decompress(raw)
        except (EOFError, OSError, zlib.error) as error:
            raise ValueError(f"'{path}' is a damaged or truncated gzip file ({error}).") from None
    if not raw.strip():
        raise ValueError(f"'{path}' is empty: no FASTA records.")
    try:
        text = raw.decode("utf-8-sig")  # drops a byte-order mark
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise ValueError(
            f"'{path}' is not a text file: byte {raw[error.start]:#04x} at line {line} "
            "cannot be decoded (binary or compressed with another tool?)."
        ) from None
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise ValueError(
            f"'{path}' is not a text file: control character {bad.group()!r} at line {line}."
        )
    first = text.lstrip()
    if not first.startswith(">"):
        line = text.count("\n", 0, len(text) - len(first)) + 1
        raise ValueError(
            f"'{path}', line {line}: text before the first header (a FASTA record starts "
            f"with '>'): {first.splitlines()[0][:40]!r}."
        )
    return text


def _header_line(text, record):
    """1-based line number of the header of the 0-based ``record``."""
    for i, match in enumerate(re.finditer(r"^>", text, flags=re.MULTILINE)):
        if i == record:
            return text.count("\n", 0, match.start()) + 1
    return None


def _where(path, text, record, header):
    return f"'{path}', record {record + 1} ('>{header}', line {_header_line(text, record)})"


def _read_fasta_records(text, path):
    headers, sequences = [], []
    # newline=None: universal newlines, so old Mac "\r" files split into lines too
    for i, (header, sequence) in enumerate(SimpleFastaParser(io.StringIO(text, newline=None))):
        if not sequence:
            raise ValueError(f"{_where(path, text, i, header)}: header without a sequence.")
        bad = _BAD_SEQUENCE_CHAR.search(sequence)
        if bad:
            raise ValueError(
                f"{_where(path, text, i, header)}: character {bad.group()!r} at sequence "
                f"position {bad.start()} is not a sequence letter."
            )
        headers.append(header)
        sequences.append(sequence)
    return headers, sequences, []


def _read_structure_records(text, path):
    """pysster's structure files: header, sequence line, then a structure or value rows."""
    headers, sequences, structures = [], [], []
    record, header_line, lines, line_numbers = None, None, [], []

    def finish():
        if record is None:
            return
        where = f"'{path}', record {len(headers) + 1} ('>{record}', line {header_line})"
        if not lines:
            raise ValueError(f"{where}: header without a sequence.")
        sequence = lines[0].replace(" ", "")
        bad = _BAD_SEQUENCE_CHAR.search(sequence)
        if bad:
            raise ValueError(
                f"{where}: character {bad.group()!r} at sequence position "
                f"{bad.start()} (line {line_numbers[0]}) is not a sequence letter."
            )
        if len(lines) == 1:
            raise ValueError(
                f"{where}: no structure line under the sequence (line {line_numbers[0]})."
            )
        rows = [_numbers(line) for line in lines[1:]]
        if all(row is not None for row in rows):
            for row, number in zip(rows, line_numbers[1:]):
                if row.size != len(sequence):
                    raise ValueError(
                        f"{where}, line {number}: {row.size} values for a "
                        f"sequence of length {len(sequence)}."
                    )
            structure = np.stack(rows, axis=1)
        elif len(lines) == 2:
            structure = _ENERGY.sub("", lines[1]).strip()
            if len(structure) != len(sequence):
                raise ValueError(
                    f"{where}, line {line_numbers[1]}: structure of length "
                    f"{len(structure)} for a sequence of length {len(sequence)}."
                )
        else:
            raise ValueError(
                f"{where}: expected one structure line or rows of numbers under "
                f"the sequence, found {len(lines) - 1} lines."
            )
        headers.append(record)
        sequences.append(sequence)
        structures.append(structure)

    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if line.startswith(">"):
            finish()
            record, header_line, lines, line_numbers = line[1:].strip(), number, [], []
        elif line:
            lines.append(line)
            line_numbers.append(number)
    finish()
    kinds = {isinstance(s, str) for s in structures}
    if len(kinds) > 1:
        raise ValueError(f"'{path}' mixes structure strings and rows of numbers.")
    return headers, sequences, structures


def _numbers(line):
    try:
        return np.array(line.split(), dtype=float)
    except ValueError:
        return None


def _structures_array(structures):
    if all(isinstance(s, str) for s in structures):
        return np.array(structures, dtype=str)
    out = np.empty(len(structures), dtype=object)
    out[:] = structures
    return out


# ------------------------------------------------------------------ target and groups


def _target(headers, filenames, counts, file_labels, labels):
    if labels is False:
        return None
    if file_labels is not None and labels != "header":
        return np.repeat(np.array(file_labels), counts)
    parsed = [h.strip() for h in headers]
    not_labels = [i for i, h in enumerate(parsed) if not _LABELS.fullmatch(h)]
    if not_labels:
        if labels == "header":
            i = not_labels[0]
            raise ValueError(
                f"'{filenames[i]}', record {i + 1}: header {headers[i]!r} is not a label "
                "such as '1' or '0,2' (labels='header')."
            )
        return None
    label_sets = [[int(v) for v in h.split(",")] for h in parsed]
    if any(len(s) > 1 for s in label_sets):
        target = np.zeros((len(label_sets), max(max(s) for s in label_sets) + 1), dtype=np.int64)
        for i, s in enumerate(label_sets):
            target[i, s] = 1
        return target
    return np.array([s[0] for s in label_sets], dtype=np.int64)


def _chromosome(header):
    for pattern in _GROUP_PATTERNS:
        match = pattern.search(header)
        if match:
            return match.group(1)
    return None


def _groups(headers):
    groups = [_chromosome(h) for h in headers]
    if all(g is not None for g in groups):
        return np.array(groups, dtype=str)
    out = np.empty(len(groups), dtype=object)
    out[:] = groups
    return out
