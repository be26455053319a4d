"""Scanning long sequences (a genome record) with any fitted skseq estimator or pipeline.

:func:`scan` cuts a long sequence into windows (both strands), predicts them in batches and
returns a tidy table; :func:`skseq.io.read_gff` reads annotated features (gene starts) to mark
on a :class:`~skseq.plotting._scan.ScanDisplay`. Nothing here imports Keras until an estimator
predicts.
"""

import re
from numbers import Integral

import numpy as np
from sklearn.pipeline import Pipeline

from skseq._complement import reverse_complement
from skseq.io import read_gff  # noqa: F401 (moved to skseq.io; still importable here)
from skseq.utils import is_keras_model, is_network_estimator, progress

__all__ = ["predict_scores", "reverse_complement", "scan", "windows"]

#: "sequence 9 ... at position 5" in the messages of skseq's encoders (both from 0).
_WHERE = re.compile(r"\bsequence (\d+)\b(.*?)\bat position (\d+)\b")


def windows(sequence, window, stride):
    """All windows ``sequence[i:i + window]`` for ``i = 0, stride, ...`` as a ``<U`` array.

    Parameters
    ----------
    sequence : str
    window, stride : int

    Returns
    -------
    starts : ndarray of int64
    windows : ndarray of str, shape (n_windows,)

    Examples
    --------
    >>> starts, w = windows("ACGTACGTAC", 4, 3)
    >>> starts.tolist(), w.tolist()
    ([0, 3, 6], ['ACGT', 'TACG', 'GTAC'])
    """
    points = np.frombuffer(sequence.encode("utf-32-le"), dtype=np.uint32)
    if len(points) < window:
        raise ValueError(f"the sequence has {len(points)} symbols, fewer than window={window}")
    starts = np.arange(0, len(points) - window + 1, stride, dtype=np.int64)
    return starts, _windows_at(sequence, starts, window)


def fitted_window(estimator):
    """The window length a fitted model takes, and the step that fixes it.

    The first step of a Pipeline that learned a ``length_`` (the one-hot encoder, a channel
    union, ...) fixes it; a k-mer tokenizer's ``length_`` counts tokens, so its window is
    the shortest sequence giving that many. A bare network estimator takes the length of
    its input. Models that take any length (k-mer counts, a recurrent classifier on strings)
    give None.

    Parameters
    ----------
    estimator : fitted estimator or Pipeline

    Returns
    -------
    (int, estimator) or None

    Examples
    --------
    >>> from skseq import SequenceOneHotTransformer
    >>> from sklearn.pipeline import make_pipeline
    >>> fitted_window(make_pipeline(SequenceOneHotTransformer().fit(["ACGTAC"])))[0]
    6
    """
    estimator = getattr(estimator, "best_estimator_", estimator)  # a fitted search
    steps = []
    while isinstance(estimator, Pipeline):
        steps += [step for _, step in estimator.steps[:-1]]
        estimator = estimator.steps[-1][1]
    for step in [*steps, estimator]:
        length = getattr(step, "length_", None)
        if length is None:
            continue
        if hasattr(step, "n_tokens"):  # tokens of k symbols, every stride symbols
            return (int(length) - 1) * int(step.stride) + int(step.k), step
        return int(length), step
    shape = getattr(estimator, "input_shape_", None)
    if is_network_estimator(estimator) and shape is not None:
        if not getattr(type(estimator), "_takes_strings", False):
            return int(shape[0]), estimator
    return None


def check_window(estimator, window):
    """``window``, or the model's window when None; an error when the model takes another.

    A skseq encoder pads or trims every sequence to the length it was fitted on, so a
    window of another length would be scored on part of it (trimmed) or with positions the
    model never saw (padded): both give scores that mean nothing, so both are refused.

    Parameters
    ----------
    estimator : fitted estimator or Pipeline
    window : int or None

    Returns
    -------
    int

    Raises
    ------
    ValueError
        When ``window`` differs from the model's length, or is None for a model that does
        not record one.

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from skseq import SequenceOneHotTransformer
    >>> model = make_pipeline(SequenceOneHotTransformer().fit(["ACGTAC"]))
    >>> check_window(model, None)
    6
    >>> check_window(model, 10)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: scan: window=10, but the model was trained on sequences of 6 symbols: its ...
    """
    fitted = fitted_window(estimator)
    if window is not None and (isinstance(window, bool) or not isinstance(window, Integral)):
        raise ValueError(f"window must be a positive integer, got {window!r}")
    if window is not None and window < 1:
        raise ValueError(f"window must be a positive integer, got {window!r}")
    if fitted is None:
        if window is None:
            raise ValueError(
                "scan: the model does not record the length of the sequences it was trained "
                "on; give window=<the length it was trained on>"
            )
        return int(window)
    length, step = fitted
    if window is None:
        return length
    window = int(window)
    tokens = getattr(step, "n_tokens", None)
    if window == length or (tokens is not None and tokens(window) == step.length_):
        return window
    name = type(step).__name__
    if is_network_estimator(step):
        what = f"its network takes {length} positions"
    elif window > length:
        what = f"its {name} would trim every window to {length} symbols"
    else:
        what = f"its {name} would pad every window with {length - window} empty positions"
    raise ValueError(
        f"scan: window={window}, but the model was trained on sequences of {length} symbols: "
        f"{what}, and the scores would not be the model's; give window={length} (the default "
        "when window is left out)"
    )


def predict_scores(estimator, X, *, target=None):
    """One score per sequence from a fitted classifier, regressor or pipeline.

    Classifiers give the probability of ``target`` (a class label; default the last class,
    the positive one for binary labels); regressors the output ``target`` (an index;
    default 0). A bare skseq network estimator (trained on one-hot arrays) gets the windows
    one-hot encoded.

    Parameters
    ----------
    estimator : fitted estimator or Pipeline
    X : ndarray of str
    target : class label or int, default=None

    Returns
    -------
    ndarray of float64, shape (n_sequences,)
    """
    if is_keras_model(estimator):
        raise TypeError("pass the fitted skseq estimator or pipeline, not its keras.Model")
    if is_network_estimator(estimator) and not getattr(type(estimator), "_takes_strings", False):
        from skseq.preprocessing import SequenceOneHotTransformer

        X = SequenceOneHotTransformer(length=len(X[0]), handle_unknown="zeros").fit_transform(X)
    if hasattr(estimator, "predict_proba"):
        proba = np.asarray(estimator.predict_proba(X), dtype=np.float64)
        classes = list(getattr(estimator, "classes_", range(proba.shape[1])))
        column = len(classes) - 1 if target is None else classes.index(target)
        return proba[:, column]
    out = np.asarray(estimator.predict(X), dtype=np.float64)
    return out if out.ndim == 1 else out[:, 0 if target is None else int(target)]


def scan(
    estimator,
    sequence,
    *,
    window=None,
    stride=None,
    both_strands=True,
    target=None,
    offset=0,
    batch_size=4096,
    verbose=1,
):
    """Score every window of a long sequence, on one or both strands.

    Parameters
    ----------
    estimator : fitted estimator or Pipeline
        Anything whose ``predict_proba`` (or ``predict``) takes sequences as strings: a
        Pipeline starting with a skseq transformer, a
        :class:`~skseq.models._lm_classifier.SequenceLMClassifier`, or a bare
        ``SequenceCNNClassifier`` / ``Regressor`` (windows are then one-hot encoded).
    sequence : str
        The long sequence (for example a genome record, ``read_fasta(path).sequences[0]``
        or a slice of it).
    window : int, default=None
        Window length: the length the model was trained on, which is the default. Another
        length is an error (a skseq encoder would trim or pad every window to the fitted
        length); required for models that take any length (k-mer counts, a recurrent
        classifier on strings).
    stride : int, default=None
        Step between window starts; by default half the window.
    both_strands : bool, default=True
        Also score the reverse complement of every window (strand ``"-"``).
    target : class label or int, default=None
        What to score; see :func:`predict_scores`.
    offset : int, default=0
        Added to every position (the slice's start in the genome).
    batch_size : int, default=4096
        Windows predicted at a time (bounds memory on a whole genome).
    verbose : int, default=1
        A progress bar over the batches of windows (on standard error when it is a
        terminal, see :func:`skseq.utils.progress`); 0: none.

    Raises
    ------
    ValueError
        For a window other than the model's (see ``window``), a sequence shorter than the
        window, or a symbol the model (or, on ``"-"``, the reverse complement) cannot take:
        the message gives its position in ``sequence`` (plus ``offset`` when given).

    Returns
    -------
    pandas.DataFrame
        One row per window and strand: ``position`` (0-based start of the window on the
        forward strand, plus ``offset``), ``end`` (exclusive), ``strand`` (``"+"`` or
        ``"-"``) and ``score``; sorted by strand, then position.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from skseq import SequenceOneHotTransformer
    >>> rng = np.random.default_rng(0)
    >>> X = ["".join(rng.choice(list("ACGT"), 8)) for _ in range(200)]
    >>> y = [s.count("G") > 2 for s in X]
    >>> model = make_pipeline(SequenceOneHotTransformer(flatten=True), LogisticRegression())
    >>> table = scan(model.fit(X, y), "ACGT" * 10 + "GGGGGGGG", window=8, stride=4)
    >>> table.columns.tolist(), len(table)
    (['position', 'end', 'strand', 'score'], 22)
    >>> int(table.loc[table.score.idxmax(), "position"])
    40
    """
    import pandas as pd

    if not isinstance(sequence, str):
        raise TypeError(f"sequence must be a str, got {type(sequence).__name__}")
    window = check_window(estimator, window)
    stride = max(window // 2, 1) if stride is None else stride
    for name, value in (("stride", stride), ("batch_size", batch_size)):
        if isinstance(value, bool) or not isinstance(value, Integral) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    stride, size, offset = int(stride), int(batch_size), int(offset)
    starts, forward = windows(sequence, window, stride)
    strands = {"+": forward}
    if both_strands:
        try:  # the whole sequence at once: an error gives the position in it
            reverse = reverse_complement(sequence)
        except ValueError as error:
            raise ValueError(_in_sequence(str(error), offset)) from None
        # the reverse complement of the window at s is reverse[L - s - window:L - s]
        strands["-"] = _windows_at(reverse, len(sequence) - window - starts, window)
    batches = [(strand, i) for strand, seqs in strands.items() for i in range(0, len(seqs), size)]
    scores = {strand: [] for strand in strands}
    for strand, i in progress(batches, desc="scanning", unit="batch", verbose=verbose):
        batch = strands[strand][i : i + size]
        try:
            scores[strand].append(predict_scores(estimator, batch, target=target))
        except ValueError as error:
            raise ValueError(
                _in_window(str(error), starts[i : i + size], strand, window, offset)
            ) from None
    frames = [
        pd.DataFrame(
            {
                "position": starts + offset,
                "end": starts + offset + window,
                "strand": strand,
                "score": np.concatenate(scores[strand]),
            }
        )
        for strand in strands
    ]
    return pd.concat(frames, ignore_index=True)


def _windows_at(sequence, starts, window):
    points = np.frombuffer(sequence.encode("utf-32-le"), dtype=np.uint32)
    view = np.lib.stride_tricks.sliding_window_view(points, window)[starts]
    return np.ascontiguousarray(view).view(f"<U{window}")[:, 0]


def _in_sequence(message, offset):
    """``message`` about the whole sequence, with the genome position when offset."""
    found = re.search(r"\bat position (\d+)", message)
    if offset and found:
        message += f" (position {int(found.group(1)) + offset} with offset={offset})"
    return f"scan: {message}"


def _in_window(message, starts, strand, window, offset):
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
    return _in_sequence(message[: found.start()] + where + message[found.end() :], 0)
