"""The engine of :mod:`skseq.scanning`: windows of many sequences, predicted together.

A model call has a fixed cost (validation, encoding set-up, Keras' predict loop), so the
windows of every sequence and strand are put into one array and predicted in batches of
``batch_size`` whatever record they come from: 624 short records cost a few calls, not 1,248.
Errors are then placed in the record, strand and window they come from.
"""

import re

import numpy as np

from skseq._complement import reverse_complement
from skseq.utils import progress

#: "sequence 9 ... at position 5" in the messages of skseq's encoders (both from 0).
_WHERE = re.compile(r"\bsequence (\d+)\b(.*?)\bat position (\d+)\b")


def windows_at(sequence, starts, window):
    """The windows ``sequence[s:s + window]`` for ``s`` in ``starts``, as a ``<U`` array."""
    points = np.frombuffer(sequence.encode("utf-32-le"), dtype=np.uint32)
    view = np.lib.stride_tricks.sliding_window_view(points, window)[starts]
    return np.ascontiguousarray(view).view(f"<U{window}")[:, 0]


def window_starts(sequence, window, stride):
    """Start of every window, or the error a sequence shorter than ``window`` gets."""
    if len(sequence) < window:
        raise ValueError(f"the sequence has {len(sequence)} symbols, fewer than window={window}")
    return np.arange(0, len(sequence) - window + 1, stride, dtype=np.int64)


def scan_tables(
    predict, sequences, *, window, stride, both_strands, offsets, batch_size, verbose, names
):
    """One table per sequence: every window's score on one or both strands.

    Parameters
    ----------
    predict : callable
        ``predict(windows)`` -> one score per window (``predict_scores`` with its target).
    sequences : list of str
    window, stride, batch_size : int
    both_strands : bool
    offsets : list of int
        Added to the positions of each sequence.
    verbose : int
        A progress bar over the batches.
    names : list of str or None
        What the messages call each sequence (e.g. "'genome.fa', record 2 (id 'chr2')");
        None: one sequence, called "the sequence".

    Returns
    -------
    list of pandas.DataFrame
        Columns ``position``, ``end``, ``strand``, ``score``; ``+`` rows, then ``-`` rows.
    """
    import pandas as pd

    pieces = []  # (sequence index, strand, starts, windows)
    for r, sequence in enumerate(sequences):
        try:
            starts = window_starts(sequence, window, stride)
        except ValueError as error:
            raise ValueError(_named(names, r, str(error))) from None
        pieces.append((r, "+", starts, windows_at(sequence, starts, window)))
        if both_strands:
            try:  # the whole sequence at once: an error gives the position in it
                reverse = reverse_complement(sequence)
            except ValueError as error:
                raise ValueError(_named(names, r, in_sequence(str(error), offsets[r]))) from None
            # the reverse complement of the window at s is reverse[L - s - window:L - s]
            rc_starts = len(sequence) - window - starts
            pieces.append((r, "-", starts, windows_at(reverse, rc_starts, window)))
    flat = np.concatenate([piece[3] for piece in pieces])
    bounds = np.cumsum([0] + [len(piece[3]) for piece in pieces])
    scores = np.empty(len(flat), dtype=np.float64)
    batches = range(0, len(flat), batch_size)
    for i in progress(batches, desc="scanning", unit="batch", verbose=verbose):
        stop = min(i + batch_size, len(flat))
        try:
            scores[i:stop] = predict(flat[i:stop])
        except ValueError as error:
            _place_error(predict, pieces, bounds, i, stop, window, offsets, names)
            raise ValueError(_named(names, None, f"scan: {error}")) from None
    tables = [[] for _ in sequences]
    for p, (r, strand, starts, _) in enumerate(pieces):
        position = starts + offsets[r]
        frame = {"position": position, "end": position + window, "strand": strand}
        tables[r].append(pd.DataFrame({**frame, "score": scores[bounds[p] : bounds[p + 1]]}))
    return [pd.concat(frames, ignore_index=True) for frames in tables]


def _place_error(predict, pieces, bounds, start, stop, window, offsets, names):
    """Predict the pieces of a failed batch one by one; raise the first error, placed."""
    for p, (r, strand, starts, piece) in enumerate(pieces):
        lo, hi = max(start, bounds[p]), min(stop, bounds[p + 1])
        if lo >= hi:
            continue
        part = slice(lo - bounds[p], hi - bounds[p])
        try:
            predict(piece[part])
        except ValueError as error:
            message = in_window(str(error), starts[part], strand, window, offsets[r])
            raise ValueError(_named(names, r, message)) from None


def _named(names, r, message):
    if names is None:
        return message
    where = "the sequences" if r is None else names[r]
    return f"{where}: {message.removeprefix('scan: ')}"


def in_sequence(message, offset):
    """``message`` about the whole sequence, with the genome position when offset."""
    found = re.search(r"\bat position (\d+)", message)
    if offset and found:
        message += f" (position {int(found.group(1)) + offset} with offset={offset})"
    return f"scan: {message}"


def in_window(message, starts, strand, window, offset):
    """An encoder's message about window i, position p: made about the scanned sequence."""
    found = _WHERE.search(message)
    if found is None:
        return f"scan: windows {starts[0]}-{starts[-1] + window} ({strand} strand): {message}"
    index, between, position = int(found.group(1)), found.group(2), int(found.group(3))
    start = int(starts[index])
    # on "-" the window is the reverse complement: its position p is start + window - 1 - p
    at = start + position if strand == "+" else start + window - 1 - position
    where = f"the sequence{between}at position {at}"
    if strand == "-":
        where += " (the complement of the symbol there)"
    where += f", in the window {start}-{start + window} ({strand} strand)"
    if offset:
        where += f"; position {at + offset} with offset={offset}"
    return in_sequence(message[: found.start()] + where + message[found.end() :], 0)
