"""Scanning long sequences (a genome record) with any fitted skseq estimator or pipeline.

:func:`scan` cuts a long sequence into windows (both strands), predicts them in batches and
returns a tidy table; :func:`scan_records` does so for many sequences (a FASTA file's
records), predicting the windows of all of them together; :func:`skseq.io.read_gff` reads
annotated features (gene starts) to mark on a :class:`~skseq.plotting._scan.ScanDisplay`.
Nothing here imports Keras until an estimator predicts.
"""

from numbers import Integral

import numpy as np
from sklearn.pipeline import Pipeline

from skseq._complement import reverse_complement
from skseq._scan_windows import scan_tables, window_starts, windows_at
from skseq.io import read_gff  # noqa: F401 (moved to skseq.io; still importable here)
from skseq.utils import is_keras_model, is_network_estimator

__all__ = ["predict_scores", "reverse_complement", "scan", "scan_records", "windows"]


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
    starts = window_starts(sequence, window, stride)
    return starts, windows_at(sequence, starts, window)


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
    if not isinstance(sequence, str):
        raise TypeError(f"sequence must be a str, got {type(sequence).__name__}")
    window, stride, size = _check_scan(estimator, window, stride, batch_size)
    (table,) = scan_tables(
        lambda X: predict_scores(estimator, X, target=target),
        [sequence],
        window=window,
        stride=stride,
        both_strands=both_strands,
        offsets=[int(offset)],
        batch_size=size,
        verbose=verbose,
        names=None,
    )
    return table


def scan_records(
    estimator,
    sequences,
    ids=None,
    *,
    window=None,
    stride=None,
    both_strands=True,
    target=None,
    batch_size=4096,
    verbose=1,
):
    """Score every window of many sequences (the records of a FASTA file) in one table.

    The windows of all records and strands are predicted together, ``batch_size`` at a
    time, whatever record they come from: on many short records this is many times faster
    than :func:`scan` on each (624 records of a few hundred nt: one model call per batch
    instead of two per record; see ``benchmarks/scan_records.py``).

    Parameters
    ----------
    estimator : fitted estimator or Pipeline
        As for :func:`scan`.
    sequences : sequence of str
        The records, e.g. ``read_fasta(path, labels=False).sequences``.
    ids : sequence of str, default=None
        One name per record, the table's ``seqid`` column and the name error messages
        give; by default ``"0"``, ``"1"``, ...
    window, stride, both_strands, target, batch_size, verbose
        As for :func:`scan`.

    Returns
    -------
    pandas.DataFrame
        ``seqid`` followed by :func:`scan`'s columns; records in the order given, each
        sorted by strand, then position.

    Raises
    ------
    ValueError
        As for :func:`scan`; the message starts with the record's id.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from skseq import SequenceOneHotTransformer
    >>> rng = np.random.default_rng(0)
    >>> X = ["".join(rng.choice(list("ACGT"), 8)) for _ in range(200)]
    >>> model = make_pipeline(SequenceOneHotTransformer(flatten=True), LogisticRegression())
    >>> model = model.fit(X, [s.count("G") > 2 for s in X])
    >>> table = scan_records(model, ["ACGT" * 4, "GGGGGGGGAC"], ids=["a", "b"], stride=4)
    >>> table.groupby("seqid").size().to_dict()
    {'a': 6, 'b': 2}
    """
    import pandas as pd

    sequences = list(sequences)
    for i, sequence in enumerate(sequences):
        if not isinstance(sequence, str):
            raise TypeError(f"sequences[{i}] must be a str, got {type(sequence).__name__}")
    ids = [str(i) for i in range(len(sequences))] if ids is None else [str(i) for i in ids]
    if len(ids) != len(sequences):
        raise ValueError(f"{len(ids)} ids for {len(sequences)} sequences")
    window, stride, size = _check_scan(estimator, window, stride, batch_size)
    tables = scan_tables(
        lambda X: predict_scores(estimator, X, target=target),
        sequences,
        window=window,
        stride=stride,
        both_strands=both_strands,
        offsets=[0] * len(sequences),
        batch_size=size,
        verbose=verbose,
        names=[f"record {i} (id {seqid!r})" for i, seqid in enumerate(ids)],
    )
    for seqid, table in zip(ids, tables):
        table.insert(0, "seqid", seqid)
    if not tables:
        return pd.DataFrame(columns=["seqid", "position", "end", "strand", "score"])
    return pd.concat(tables, ignore_index=True)


def _check_scan(estimator, window, stride, batch_size):
    """The window (see :func:`check_window`), stride and batch size, checked."""
    window = check_window(estimator, window)
    stride = max(window // 2, 1) if stride is None else stride
    for name, value in (("stride", stride), ("batch_size", batch_size)):
        if isinstance(value, bool) or not isinstance(value, Integral) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return window, int(stride), int(batch_size)
