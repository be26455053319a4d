"""Reading FASTA files (plain or gzip) and pysster's structure files: the public reader.

Each file's text is parsed by ``_fasta_records`` (plain FASTA) or ``_fasta_structure``
(structure files); this module checks the arguments, reads the files and assembles the Bunch.
"""

import os

import numpy as np
from sklearn.utils import Bunch

from ._fasta_records import parse_fasta_records
from ._fasta_structure import parse_structure_records
from ._files import read_text
from ._headers import groups_from_headers, ids_from_headers, target_from_headers

__all__ = ["read_fasta"]

# Ragged sequences are held as an object array of str once fixed-width padding would more
# than double the characters held (one 1 Mb record among short ones: gigabytes as "<U").
_MAX_PADDING = 2.0


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
          labels. If no header is a label, ``target`` is None; if only some are, it is
          None too and a ``UserWarning`` names the first header that is not.

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
            A fixed-width ``<U`` array, unless the lengths are so uneven that padding
            them to the longest would more than double the characters held: then an
            object array of ``str`` (each sequence stored at its own length).
        target : ndarray of shape (n_samples,) or (n_samples, n_classes), or None
            Class of each record (multilabel indicator for ``>0,2`` headers, column ``j``
            for label ``j``).
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
        character that is not a letter, ``*``, ``-`` or ``.`` (a space or tab inside a
        sequence line too; at the ends of a line they are ignored), a header label too
        large to be a class index, or (structure files) a structure line that is not a
        structure of its sequence's length. The message names the file, the record
        (1-based, in its file) and the line.

    Notes
    -----
    Lines may end in ``\\n``, ``\\r\\n`` or ``\\r``; blank lines are skipped, and a UTF-8
    byte-order mark is dropped.

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

    A space inside a sequence is an error that says where it is:

    >>> _ = (folder / "bad.fa").write_text(">a\\nACGT\\nAC GT\\n")
    >>> read_fasta(folder / "bad.fa")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: '...bad.fa', record 1 ('>a', line 1): character ' ' at sequence position 6 \
(line 3, column 3) is not a sequence letter...
    """
    files, file_labels = _check_paths(paths, labels)
    parse = parse_structure_records if structure else parse_fasta_records
    headers, lines, sequences, structures, filenames, counts = [], [], [], [], [], []
    for path in files:
        records = parse(read_text(path), path)
        headers += records.headers
        lines += records.lines
        sequences += records.sequences
        structures += records.structures
        filenames += [str(path)] * len(records.headers)
        counts.append(len(records.headers))

    if upper:
        sequences = [s.upper() for s in sequences]
    data = Bunch(
        sequences=sequence_array(sequences),
        target=target_from_headers(headers, lines, filenames, counts, file_labels, labels),
        groups=groups_from_headers(headers),
        ids=ids_from_headers(headers),
        filenames=np.array(filenames, dtype=str),
    )
    if structure:
        data.structures = _structures_array(structures)
    return data


def sequence_array(sequences):
    """A ``<U`` array of the sequences, or an object array if padding would waste memory.

    Examples
    --------
    >>> sequence_array(["ACGT", "ACG"]).dtype
    dtype('<U4')
    >>> sequence_array(["A" * 100, "A", "A"]).dtype
    dtype('O')
    """
    lengths = np.fromiter(map(len, sequences), dtype=np.int64, count=len(sequences))
    if lengths.size and lengths.max() * lengths.size > _MAX_PADDING * lengths.sum():
        out = np.empty(len(sequences), dtype=object)
        out[:] = sequences
        return out
    return np.array(sequences, dtype=str)


def _structures_array(structures):
    if all(isinstance(s, str) for s in structures):
        return np.array(structures, dtype=str)
    out = np.empty(len(structures), dtype=object)
    out[:] = structures
    return out


# ------------------------------------------------------------------------- arguments


def _is_path(obj):
    return isinstance(obj, (str, os.PathLike))


def _check_path(path):
    if isinstance(path, (bytes, bytearray)):
        raise ValueError(
            f"got bytes ({bytes(path)!r:.40}); read_fasta reads files: give a path as str or "
            "pathlib.Path (write text held in memory to a file first)."
        )
    if not _is_path(path):
        raise ValueError(f"{path!r:.60} is not a path (str or os.PathLike).")
    if isinstance(path, str) and ("\n" in path or path.lstrip().startswith(">")):
        raise ValueError(
            f"{path!r:.40} looks like FASTA text, not a path; read_fasta reads files "
            "(write the text to a file first)."
        )


def _check_paths(paths, labels):
    """Return the list of files and the label of each file (None for a single file)."""
    if (
        labels is not None
        and labels is not False
        and not (isinstance(labels, str) and labels == "header")
        and not isinstance(labels, (list, tuple))
    ):
        raise ValueError(f"labels must be None, 'header', False or a list, got {labels!r}.")
    if isinstance(paths, dict):
        if labels is not None:
            raise ValueError(
                "labels cannot be given with a dict of paths; the keys are the labels."
            )
        files, file_labels = list(paths.values()), list(paths.keys())
    elif _is_path(paths) or isinstance(paths, (bytes, bytearray)):
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
            f"paths must be a path, a list of paths or a dict {{label: path}}, got {paths!r:.60}."
        )
    if not files:
        raise ValueError("paths is empty: give at least one FASTA file.")
    for path in files:
        _check_path(path)
    return files, file_labels
