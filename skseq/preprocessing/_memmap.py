"""Encode sequences (in memory or a FASTA file read record by record) into a ``.npy`` memmap."""

from numbers import Integral
from pathlib import Path

import numpy as np
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils.validation import check_is_fitted

from skseq.io._files import write_atomic
from skseq.io._genome import open_text
from skseq.utils import progress

__all__ = ["encode_to_memmap"]


def encode_to_memmap(transformer, sequences, path, *, chunk_size=10_000, dtype=None, verbose=0):
    """Encode sequences chunk by chunk into a ``.npy`` file and open it as a memmap.

    The path from sequences on disk to training without holding them in memory: neither the
    sequences (a FASTA file is read record by record) nor the encoded array are ever whole
    in memory; only ``chunk_size`` sequences and their encoding are. The returned memmap can
    be passed to ``SequenceCNNClassifier().fit(X, y)`` and ``predict``, which read it batch
    by batch, and opened again later with ``np.load(path, mmap_mode="r")``.

    Parameters
    ----------
    transformer : skseq transformer
        For example ``SequenceOneHotTransformer(length=200)``. A fitted transformer is used as
        it is; an unfitted one is fitted on the first chunk (in place, as ``fit_transform``
        would), so its output width must not depend on the data: give a fixed ``length``.
    sequences : str, path-like or collection of str
        A FASTA file (plain or gzip), read in a streaming fashion with Biopython (one pass to
        count the records, one to encode them), or sequences already in memory (a list, an
        array or a Series).
    path : str or path-like
        The ``.npy`` file to write. It is written whole or not at all (a temporary file beside
        it, renamed at the end); a file already there is replaced only on success.
    chunk_size : int, default=10_000
        Sequences encoded at a time.
    dtype : numpy dtype or None, default=None
        Store the array in this type (for example ``np.float16``); None keeps the
        transformer's output type (``uint8`` for one-hot).
    verbose : int, default=0
        Show a progress bar over chunks (on a terminal).

    Returns
    -------
    numpy.memmap of shape (n_sequences, length, channels)
        The encoded sequences, opened read-only, in input order. A file keeps no channel
        pairing (the transformer's ``complement_channels_``): with ``reverse_complement``,
        tell the estimator the channels' symbols, e.g.
        ``SequenceCNNClassifier(reverse_complement="augment", alphabet="DNA")``.

    Raises
    ------
    ValueError
        When a sequence cannot be encoded, naming the FASTA file, the record (numbered from
        1, as :func:`skseq.io.read_fasta` counts them) and its id, or the sequence's index in
        a list, with the transformer's reason (a position in the sequence); when the
        transformer is unfitted and has no fixed ``length``; or when the input holds no
        sequence.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import numpy as np
    >>> from skseq.preprocessing import SequenceOneHotTransformer, encode_to_memmap
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "seqs.fa").write_text(">a\\nACGT\\nAC\\n>b\\nGGT\\n>c\\nTTTTTT\\n")
    >>> X = encode_to_memmap(SequenceOneHotTransformer(length=6), folder / "seqs.fa",
    ...                      folder / "X.npy", chunk_size=2)
    >>> type(X).__name__, X.shape, X.dtype
    ('memmap', (3, 6, 4), dtype('uint8'))
    >>> X[1].argmax(axis=1).tolist()[:3]
    [2, 2, 3]
    """
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, Integral) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive integer, got {chunk_size!r}.")
    chunk_size = int(chunk_size)
    dtype = None if dtype is None else np.dtype(dtype)
    fitted = _is_fitted(transformer)
    if not fitted and getattr(transformer, "length", 0) is None:
        raise ValueError(
            f"{type(transformer).__name__} is not fitted and has length=None: the width it "
            "would learn from the first chunk may not fit later ones. Give a fixed length "
            "(for example length=200) or fit the transformer first."
        )
    source = _Source(sequences)
    if source.n == 0:
        raise ValueError(f"{source.name} holds no sequence to encode.")
    path = Path(path)

    def write(handle):
        nonlocal shape
        done = 0
        header_written = False
        chunks = progress(
            source.chunks(chunk_size),
            total=-(-source.n // chunk_size),
            desc="encoding",
            unit="chunk",
            verbose=verbose,
        )
        for names, seqs in chunks:
            fit = not header_written and not fitted
            encoded = _encode(transformer, seqs, names, source, done, fit)
            if dtype is not None:
                encoded = encoded.astype(dtype, copy=False)
            if not header_written:
                shape = (source.n, *encoded.shape[1:])
                header = {
                    "descr": np.lib.format.dtype_to_descr(encoded.dtype),
                    "fortran_order": False,
                    "shape": shape,
                }
                np.lib.format.write_array_header_2_0(handle, header)
                header_written = True
            elif encoded.shape[1:] != shape[1:]:
                raise ValueError(
                    f"{source.where(done, names[0])}: this chunk encodes to shape "
                    f"{encoded.shape[1:]}, earlier ones to {shape[1:]}; give the transformer "
                    "a fixed length."
                )
            handle.write(np.ascontiguousarray(encoded).tobytes())
            done += len(seqs)
        if done != source.n:
            raise ValueError(f"{source.name}: counted {source.n} records, read {done}.")

    shape = None
    write_atomic(path, write)
    return np.load(path, mmap_mode="r")


def _is_fitted(transformer):
    try:
        check_is_fitted(transformer)
    except NotFittedError:
        return False
    return True


def _encode(transformer, seqs, names, source, first, fit):
    try:
        return transformer.fit_transform(seqs) if fit else transformer.transform(seqs)
    except ValueError as error:
        # find the record at fault (the error path only), and name it in the file
        for i, seq in enumerate(seqs):
            try:
                clone(transformer).fit_transform([seq]) if fit else transformer.transform([seq])
            except ValueError as single:
                reason = str(single).replace("sequence 0 ", "the sequence ")
                raise ValueError(f"{source.where(first + i, names[i])}: {reason}") from None
        raise ValueError(f"{source.where(first, names[0])} and after: {error}") from None


class _Source:
    """Sequences in memory, or the records of a FASTA file streamed twice (count, encode)."""

    def __init__(self, sequences):
        self.path = Path(sequences) if isinstance(sequences, (str, Path)) else None
        if self.path is not None:
            self.name = f"'{self.path}'"
            with open_text(self.path, "FASTA") as handle:
                self.n = sum(1 for line in handle if line.startswith(">"))
        else:
            if not hasattr(sequences, "__len__") or not hasattr(sequences, "__getitem__"):
                raise ValueError(
                    "sequences must be a FASTA path or a collection of strings (a list, array "
                    f"or Series), got {type(sequences).__name__}."
                )
            self.name = "the sequences"
            self.sequences = sequences
            self.n = len(sequences)

    def where(self, index, name):
        """Sequence ``index`` (from 0) of a list; record ``index + 1`` of a file, as read_fasta."""
        if self.path is None:
            return f"sequence {index}"
        return f"'{self.path}', record {index + 1} (id {name!r})"

    def chunks(self, size):
        if self.path is None:
            items = getattr(self.sequences, "iloc", self.sequences)
            for start in range(0, self.n, size):
                seqs = items[start : start + size]
                yield list(range(start, start + len(seqs))), seqs
            return
        from Bio import SeqIO

        names, seqs = [], []
        with open_text(self.path, "FASTA") as handle:
            records = None
            while True:
                try:
                    records = records or SeqIO.parse(handle, "fasta")
                    record = next(records, None)
                except ValueError as error:  # Biopython's message says what is wrong
                    raise ValueError(f"{self.name}: {error}") from None
                if record is None:
                    break
                names.append(record.id)
                seqs.append(str(record.seq))
                if len(seqs) == size:
                    yield names, np.array(seqs, dtype=str)
                    names, seqs = [], []
        if seqs:
            yield names, np.array(seqs, dtype=str)
