"""A small random genome FASTA, for examples, tests and benchmarks of genome-scale input."""

from numbers import Integral
from pathlib import Path

import numpy as np
from sklearn.utils import check_random_state

from skseq.io._files import write_atomic

__all__ = ["make_genome"]


def make_genome(
    path,
    lengths=None,
    *,
    n_runs=1,
    n_run_length=50,
    gc=0.5,
    line_width=60,
    random_state=None,
):
    """Write a random genome FASTA with N runs at the chromosome ends and inside.

    Every chromosome starts and ends with a run of ``N`` (as telomeres and unplaced gaps do in
    real assemblies) and carries ``n_runs`` more at random places; the rest is drawn
    independently with the given GC content. The file is written whole or not at all.

    Parameters
    ----------
    path : str or path-like
        Where to write the FASTA (its ``.fai`` index is built by pyfaidx on first use).
    lengths : dict of str to int, default=None
        Length of each chromosome; ``{"chr1": 20000, "chr2": 12000, "chrM": 3000}`` if None.
    n_runs : int, default=1
        Runs of ``N`` inside each chromosome, besides the two at its ends.
    n_run_length : int, default=50
        Length of every run of ``N``.
    gc : float in [0, 1], default=0.5
        Probability of G or C at each other position.
    line_width : int, default=60
        Sequence characters per line.
    random_state : int, RandomState or None, default=None
        Seed; an int writes the same genome on every call.

    Returns
    -------
    path : pathlib.Path
        The FASTA written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from skseq.datasets import make_genome
    >>> path = make_genome(pathlib.Path(tempfile.mkdtemp()) / "g.fa", {"chr1": 300},
    ...                    n_run_length=10, random_state=0)
    >>> lines = path.read_text().splitlines()
    >>> lines[0], lines[1][:12], len("".join(lines[1:]))
    ('>chr1', 'NNNNNNNNNNTG', 300)
    """
    lengths = {"chr1": 20000, "chr2": 12000, "chrM": 3000} if lengths is None else lengths
    for name, length in lengths.items():
        if not isinstance(length, Integral) or length < 2 * n_run_length + 1:
            raise ValueError(
                f"chromosome {name!r}: length must be an integer above 2 * n_run_length, "
                f"got {length!r}."
            )
    if not 0 <= gc <= 1:
        raise ValueError(f"gc must be in [0, 1], got {gc!r}.")
    rng = check_random_state(random_state)
    path = Path(path)
    symbols = np.frombuffer(b"ACGTN", dtype=np.uint8)
    p = np.array([1 - gc, gc, gc, 1 - gc]) / 2

    def write(handle):
        for name, length in lengths.items():
            codes = rng.choice(4, size=int(length), p=p)
            codes[:n_run_length] = codes[length - n_run_length :] = 4
            high = max(length - 2 * n_run_length, n_run_length + 1)
            for start in rng.randint(n_run_length, high, size=n_runs):
                codes[start : start + n_run_length] = 4
            text = symbols[codes].tobytes()
            handle.write(b">" + name.encode() + b"\n")
            for i in range(0, len(text), line_width):
                handle.write(text[i : i + line_width] + b"\n")

    write_atomic(path, write)
    return path
