"""Scanning long sequences (a genome record) with any fitted skseq estimator or pipeline.

:func:`scan` cuts a long sequence into windows (both strands), predicts them in batches and
returns a tidy table; :func:`skseq.io.read_gff` reads annotated features (gene starts) to mark
on a :class:`~skseq.plotting._scan.ScanDisplay`. Nothing here imports Keras until an estimator
predicts.
"""

from numbers import Integral

import numpy as np

from skseq._complement import reverse_complement
from skseq.io import read_gff  # noqa: F401 (moved to skseq.io; still importable here)
from skseq.utils import is_keras_model, is_network_estimator, progress

__all__ = ["predict_scores", "reverse_complement", "scan", "windows"]


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
    view = np.lib.stride_tricks.sliding_window_view(points, window)[starts]
    return starts, np.ascontiguousarray(view).view(f"<U{window}")[:, 0]


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
    window=100,
    stride=50,
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
    window : int, default=100
        Window length (the length the model was trained on).
    stride : int, default=50
        Step between window starts.
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

    for name, value in (("window", window), ("stride", stride), ("batch_size", batch_size)):
        if not isinstance(value, Integral) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    if not isinstance(sequence, str):
        raise TypeError(f"sequence must be a str, got {type(sequence).__name__}")
    window, stride = int(window), int(stride)
    starts, forward = windows(sequence, window, stride)
    strands = {"+": forward}
    if both_strands:
        strands["-"] = reverse_complement(forward)
    size = int(batch_size)
    batches = [(strand, i) for strand, seqs in strands.items() for i in range(0, len(seqs), size)]
    scores = {strand: [] for strand in strands}
    for strand, i in progress(batches, desc="scanning", unit="batch", verbose=verbose):
        batch = strands[strand][i : i + size]
        scores[strand].append(predict_scores(estimator, batch, target=target))
    frames = [
        pd.DataFrame(
            {
                "position": starts + int(offset),
                "end": starts + int(offset) + window,
                "strand": strand,
                "score": np.concatenate(scores[strand]),
            }
        )
        for strand in strands
    ]
    return pd.concat(frames, ignore_index=True)
