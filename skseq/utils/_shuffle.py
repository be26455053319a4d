"""Shuffles of sequences that keep every k-let count exactly (Altschul-Erickson, Kandel et al.).

A sequence is a walk through the graph whose vertices are its ``(k-1)``-mers and whose edges
are its k-lets, one edge per occurrence. Every other walk from the same first to the same last
``(k-1)``-mer that uses each edge once (an Eulerian path) is a sequence with the same k-let
counts. Following Kandel et al. (1996), as uShuffle does, a uniformly random such path is drawn
by first drawing a uniformly random "last exit" edge for every vertex -- a spanning arborescence
pointing at the last vertex -- and then ordering every vertex's other exits at random.

The arborescence is drawn with Propp and Wilson's cycle popping, which gives the same result
whatever order the cycles are popped in; popping all cycles of all sequences at once makes the
whole step, like the walk after it, a handful of numpy operations per round rather than a Python
loop per sequence. (The ``ushuffle`` package on PyPI, last released in 2020, does not build on
Python 3.11 and keeps its random generator in C global state, so it cannot follow
``random_state``.)

References
----------
S. F. Altschul and B. W. Erickson, "Significance of nucleotide sequence alignments: a method for
random sequence permutation that preserves dinucleotide and codon usage", Mol. Biol. Evol. 2,
526-538 (1985).
D. Kandel, Y. Matias, R. Unger and P. Winkler, "Shuffling biological sequences", Discrete
Applied Mathematics 71, 171-185 (1996).
M. Jiang, J. Anderson, J. Gillespie and M. Mayne, "uShuffle: a useful tool for shuffling
biological sequences while preserving the k-let counts", BMC Bioinformatics 9, 192 (2008).
"""

from numbers import Integral

import numpy as np
from sklearn.utils import check_random_state

from ._validation import check_sequences

__all__ = ["shuffle_preserving_kmers"]


def shuffle_preserving_kmers(sequences, k=2, random_state=None):
    """Shuffle each sequence so that it keeps exactly the counts of all its k-lets.

    With ``k=2`` this is the dinucleotide shuffle of DeepBind and MEME's ``fasta-shuffle-letters
    -kmer 2``: every dinucleotide occurs as often in the shuffled sequence as in the original,
    and so does every single symbol. The shuffled sequence also starts and ends with the same
    ``k - 1`` symbols (every sequence with these k-let counts does). Each shuffle is drawn
    uniformly among all sequences with the same k-let counts.

    Parameters
    ----------
    sequences : list or array of str
        The sequences. Symbols are taken as they are: case matters, and ``N`` (or any other
        character) is a symbol like the others, so the counts are kept for every k-let of the
        string as given.
    k : int, default=2
        Length of the k-lets whose counts are kept; ``k=1`` is a plain shuffle of the symbols.
        Sequences shorter than ``k + 1`` have no other arrangement and are returned unchanged.
    random_state : int, RandomState, Generator or None, default=None
        Seed or random generator; an int gives the same shuffles on every call.

    Returns
    -------
    shuffled : ndarray of str, shape (n_sequences,)
        The shuffled sequences, in input order, with the dtype :func:`skseq.utils.
        check_sequences` gives the input (fixed-width ``<U`` for a ``<U`` array, object
        otherwise).

    Raises
    ------
    ValueError
        If ``sequences`` is not a collection of non-empty strings or ``k`` is not an integer of
        at least 1.

    Examples
    --------
    >>> from collections import Counter
    >>> from skseq.datasets import shuffle_preserving_kmers
    >>> seq = "ACGTTGCAACGGTACCATGA"
    >>> shuffled = shuffle_preserving_kmers([seq], k=2, random_state=0)[0]
    >>> shuffled != seq
    True
    >>> def dinucleotides(s):
    ...     return Counter(s[i : i + 2] for i in range(len(s) - 1))
    >>> dinucleotides(shuffled) == dinucleotides(seq)
    True
    """
    if isinstance(k, bool) or not isinstance(k, Integral) or k < 1:
        raise ValueError(f"k must be an integer of at least 1, got {k!r}")
    k = int(k)
    seqs, lengths = check_sequences(sequences, caller="shuffle_preserving_kmers")
    rng = random_state if isinstance(random_state, np.random.Generator) else None
    rng = rng or check_random_state(random_state)
    if seqs.dtype.kind == "U":
        codepoints = seqs.view(np.uint32).reshape(len(seqs), -1)
        flat = codepoints[np.arange(codepoints.shape[1]) < lengths[:, None]]
    else:
        flat = np.frombuffer("".join(seqs).encode("utf-32-le"), dtype=np.uint32)
    symbols, codes = np.unique(flat, return_inverse=True)
    codes = codes.reshape(-1)
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    shuffled = codes.copy()
    todo = np.flatnonzero(lengths > k)
    if todo.size:
        if k == 1:
            _permute(shuffled, offsets[todo], lengths[todo], rng)
        else:
            _eulerian_shuffle(shuffled, codes, len(symbols), offsets[todo], lengths[todo], k, rng)
    return _decode(symbols[shuffled], lengths, seqs.dtype)


def _permute(out, offsets, lengths, rng):
    """Plain shuffle of the symbols of each sequence (k=1), in place."""
    seq = np.repeat(np.arange(lengths.size), lengths)
    positions = np.repeat(offsets - np.cumsum(lengths) + lengths, lengths) + np.arange(seq.size)
    order = np.lexsort((rng.random(seq.size), seq))
    out[positions] = out[positions[order]]


def _eulerian_shuffle(out, codes, n_symbols, offsets, lengths, k, rng):
    """Write a uniform k-let preserving shuffle of each given sequence into ``out``."""
    n_seq = lengths.size
    n_vertices_per_seq = lengths - k + 2  # (k-1)-mer positions of each sequence
    seq = np.repeat(np.arange(n_seq), n_vertices_per_seq)
    first = np.concatenate([[0], np.cumsum(n_vertices_per_seq)[:-1]])
    pos = np.repeat(offsets - first, n_vertices_per_seq) + np.arange(seq.size)
    vertex = _vertex_ids(codes, pos, seq, n_symbols, k - 1)
    last = first + n_vertices_per_seq - 1
    root = vertex[last]
    is_edge = np.ones(seq.size, dtype=bool)
    is_edge[last] = False
    edge_pos = np.flatnonzero(is_edge)
    del seq, is_edge
    # The out-edges of every vertex, contiguous and each block in uniformly random order: an
    # unstable sort of randomly permuted keys moves equal keys by a rule that only sees the
    # keys, so the order within a block stays uniform.
    edge_pos = edge_pos[rng.permutation(edge_pos.size)]
    edge_pos = edge_pos[np.argsort(vertex[edge_pos])]
    src, tgt = vertex[edge_pos], vertex[edge_pos + 1]
    symbol = codes[pos[edge_pos] + k - 1]
    del pos, edge_pos
    n_vertices = int(vertex.max()) + 1
    n_out = np.bincount(src, minlength=n_vertices)
    start = np.cumsum(n_out) - n_out

    last_exit = _last_exit_edges(tgt, start, n_out, root, rng)
    # The last exit leaves its vertex last: swap it with the end of its block (the others
    # stay in uniformly random order).
    has_exit = np.flatnonzero(last_exit >= 0)
    chosen, block_end = last_exit[has_exit], start[has_exit] + n_out[has_exit] - 1
    for array in (tgt, symbol):
        array[chosen], array[block_end] = array[block_end], array[chosen]

    cursor = start
    current = vertex[first]
    # Longest walks first, so the walks still going at step t are a prefix of the array.
    n_edges = lengths - k + 1
    by_length = np.argsort(-n_edges, kind="stable")
    current, n_edges = current[by_length], n_edges[by_length]
    n_active = np.searchsorted(-n_edges, -np.arange(1, n_edges[0] + 1), side="right")
    emitted = np.empty(n_edges.sum(), dtype=codes.dtype)
    emit_at = np.concatenate([[0], np.cumsum(n_edges)[:-1]])
    for t, m in enumerate(n_active.tolist()):
        u = current[:m]
        edge = cursor[u]
        cursor[u] += 1
        emitted[emit_at[:m] + t] = symbol[edge]
        current[:m] = tgt[edge]
    target_pos = np.repeat(offsets[by_length] + k - 1 - emit_at, n_edges)
    out[target_pos + np.arange(emitted.size)] = emitted


def _vertex_ids(codes, pos, seq, n_symbols, width):
    """Ids of the ``width``-mers starting at ``pos``, distinct per sequence."""
    n_kmers = float(n_symbols) ** width
    if n_kmers * (int(seq[-1]) + 1) <= max(4 * pos.size, 1 << 16):
        kmer = np.zeros(pos.size, dtype=np.int64)  # few possible (k-1)-mers: number them all
        for j in range(width):
            kmer = kmer * n_symbols + codes[pos + j]
        return seq * int(n_kmers) + kmer
    if n_kmers < 2.0**62:
        kmer = np.zeros(pos.size, dtype=np.int64)
        for j in range(width):
            kmer = kmer * n_symbols + codes[pos + j]
        keys = (kmer,)
    else:  # too many distinct (k-1)-mers for one int64: sort the windows themselves
        keys = tuple(codes[pos + j] for j in reversed(range(width)))
    order = np.lexsort((*keys, seq))
    new = np.ones(pos.size, dtype=bool)
    for key in (seq, *keys):
        sorted_key = key[order]
        new[1:] |= sorted_key[1:] != sorted_key[:-1]
    vertex = np.empty(pos.size, dtype=np.int64)
    vertex[order] = np.cumsum(new) - 1
    return vertex


def _last_exit_edges(targets, start, n_out, root, rng):
    """Draw a uniform spanning arborescence towards each root by cycle popping.

    Every vertex with out-edges, roots aside, points along one of them, drawn uniformly. The
    vertices on a cycle draw again, all cycles at once (Propp and Wilson show the result does
    not depend on the order cycles are popped in), until every vertex leads to its root. A
    vertex that leads to its root keeps its edge from then on, so each round looks only at the
    vertices still undecided. Returns, per vertex, the index (into the edges sorted by source)
    of its last exit, or -1 for roots and ids no sequence uses.
    """
    n_vertices = start.size
    stays = n_out == 0
    stays[root] = True
    chosen = np.full(n_vertices, -1, dtype=np.int64)
    successor = np.arange(n_vertices)
    local = np.full(n_vertices, -1, dtype=np.int64)
    undecided = redraw = np.flatnonzero(~stays)
    while redraw.size:
        chosen[redraw] = start[redraw] + (rng.random(redraw.size) * n_out[redraw]).astype(np.int64)
        successor[redraw] = targets[chosen[redraw]]
        m = undecided.size
        local[undecided] = np.arange(m)
        jump = np.append(local[successor[undecided]], m)
        jump[jump < 0] = m  # m stands for "leads to a root"
        for _ in range(int(np.ceil(np.log2(m + 1)))):  # then jump[v] is on v's cycle, or m
            jump = jump[jump]
        cycles = np.zeros(m + 1, dtype=bool)
        cycles[jump] = True
        redraw = undecided[cycles[:m]]
        local[undecided] = -1
        undecided = undecided[jump[:m] < m]
    return chosen


def _decode(codepoints, lengths, dtype):
    """Split a flat array of code points back into sequences of the given dtype."""
    text = codepoints.astype("<u4").tobytes().decode("utf-32-le")
    ends = np.cumsum(lengths)
    pieces = [text[e - n : e] for e, n in zip(ends.tolist(), lengths.tolist())]
    return np.array(pieces, dtype=dtype if dtype.kind == "U" else object)
