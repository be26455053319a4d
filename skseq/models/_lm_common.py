"""Shared by the language model and the estimators fine-tuned from it: documents, windows,
baselines and the training loop (pickling is :mod:`skseq.models._pickling`'s)."""

import math
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from ..utils._progress import progress_bar
from ..utils._random import seeded
from ._lm_windows import token_windows

__all__ = [
    "check_has_tokens",
    "cut_documents",
    "fit_keras",
    "informed_random_loss",
    "kept_val_loss",
    "next_token_loss",
    "no_documents_message",
    "reverse_tokens",
    "token_windows",
    "tokens_first",
    "warmup_epochs",
    "warn_if_not_below_baseline",
]


def check_has_tokens(lengths, k, *, caller, source=""):
    """Raise if a sequence is shorter than ``k``: it gives no k-mer token, so no information.

    Parameters
    ----------
    lengths : array-like of int
        Length of each sequence.
    k : int
        k-mer length of the tokens.
    caller : str
        Name put in front of the message.
    source : str, default=""
        Where ``k`` comes from, said after it (for example " of the pretrained language
        model").

    Raises
    ------
    ValueError
        Naming the first such sequence (index and length) and how many there are.
    """
    lengths = np.asarray(lengths)
    short = np.flatnonzero(lengths < k)
    if len(short):
        first = short[0]
        raise ValueError(
            f"{caller}: sequence {first} has length {lengths[first]}, shorter than k={k}"
            f"{source}, so it gives no k-mer token and carries no information; "
            f"{len(short)} of the {len(lengths)} sequences are shorter than {k}. Remove "
            "them, or tokenise with a smaller k"
        )


def cut_documents(seqs, *, chunk_length, document_length, alphabet, min_length):
    """Cut sequences as Genomic-ULMFiT did: chunks, drop the impure, re-cut into documents.

    Parameters
    ----------
    seqs : ndarray of str
    chunk_length : int or None
        Pieces the sequences are cut into; those with any symbol outside ``alphabet``
        (wildcards included) are dropped. None keeps each sequence as one piece, impure or
        not (the tokenizer then gives its k-mers the unknown token).
    document_length : int or None
        Length the kept pieces are re-cut into; None keeps them.
    alphabet : skseq._alphabets.Alphabet
    min_length : int
        Shorter documents (remainders) are dropped.

    Returns
    -------
    ndarray of str
    """
    table = alphabet.lookup_table(uppercase=True, unknown="error")
    n_symbols = len(alphabet.symbols)
    docs = []
    for seq in seqs:
        if chunk_length is None:
            pieces = [seq]
        else:
            codes = np.take(table, np.frombuffer(seq.encode("utf-32-le"), np.uint32), mode="clip")
            bad = np.concatenate([[0], np.cumsum(codes >= n_symbols)])
            starts = np.arange(0, len(seq), int(chunk_length))
            stops = np.minimum(starts + int(chunk_length), len(seq))
            pure = bad[stops] == bad[starts]
            pieces = [seq[a:b] for a, b in zip(starts[pure], stops[pure])]
        for piece in pieces:
            step = len(piece) if document_length is None else int(document_length)
            docs.extend(piece[i : i + step] for i in range(0, len(piece), step))
    docs = [d for d in docs if len(d) >= min_length]
    return np.asarray(docs, dtype=str) if docs else np.zeros(0, dtype="<U1")


def no_documents_message(lm, lengths):
    """Why :func:`cut_documents` left no document of ``lm``'s sequences of ``lengths``."""
    need = int(lm.k) + int(lm.stride)
    why = [f"the longest sequence has {max(lengths)}"] if max(lengths) < need else []
    why += [
        f"{name}={value} is shorter"
        for name, value in [
            ("chunk_length", lm.chunk_length),
            ("document_length", lm.document_length),
        ]
        if value is not None and value < need
    ]
    if not why:
        why = [
            f"every chunk of {lm.chunk_length} symbols long enough held a symbol outside the "
            "alphabet (N) and was dropped; set chunk_length=None to keep sequences whole"
        ]
    return (
        f"{type(lm).__name__}: no document of at least {need} symbols of the alphabet "
        f"{lm.tokenizer_.alphabet_} (k + stride: a token and the next one to predict) is left: "
        + " and ".join(why)
    )


def informed_random_loss(tokens, *, k, stride, n_symbols=4, direction="forward"):
    """The loss of guessing the next token knowing only its overlap with the previous one.

    Consecutive tokens share ``k - stride`` symbols (for ``stride < k``), so a model that
    knows the overlap has only the ``min(stride, k)`` new symbols to guess. Guessing them
    from their frequency in ``tokens`` gives a cross-entropy equal to the entropy (in nats)
    of that distribution: Genomic-ULMFiT's "informed random" baseline (``ln 16 = 2.77`` for
    k=5, stride 2 on uniform DNA). A language model has learned something about the
    sequences only where it gets below this number.

    Parameters
    ----------
    tokens : ndarray of int
        Tokens as :class:`~skseq.preprocessing.KmerTokenizer` gives them; padding and
        unknown tokens are ignored.
    k, stride : int
        The tokenizer's k and stride.
    n_symbols : int, default=4
        Symbols of the alphabet.
    direction : {"forward", "backward"}, default="forward"
        Which end of a k-mer is new: the last symbols (read forward) or the first (a
        backward model reads the tokens in reverse order).

    Returns
    -------
    float

    Examples
    --------
    >>> import numpy as np
    >>> from skseq.preprocessing import KmerTokenizer
    >>> rng = np.random.default_rng(0)
    >>> seqs = ["".join(rng.choice(list("ACGT"), 2000))]
    >>> tokens = KmerTokenizer(k=5, stride=2).fit_transform(seqs)
    >>> round(informed_random_loss(tokens, k=5, stride=2), 2)  # ln 16 = 2.77
    2.76
    """
    from skseq.preprocessing._kmers import UNK

    tokens = np.asarray(tokens)
    valid = tokens[tokens > UNK].astype(np.int64) - 2
    n_new = min(int(stride), int(k))
    if direction == "forward":
        new = valid % n_symbols**n_new
    else:  # a token's first symbols are its most significant digits
        new = valid // n_symbols ** (int(k) - n_new)
    counts = np.bincount(new)
    p = counts[counts > 0] / counts.sum()
    return float(-(p * np.log(p)).sum())


def warn_if_not_below_baseline(lm, *, n_tokens):
    """Warn (:class:`~sklearn.exceptions.ConvergenceWarning`) when a fitted language model's
    held-out loss is not below its informed-random loss: it has learned nothing usable.

    Parameters
    ----------
    lm : SequenceLanguageModel
        Fitted, with ``val_loss_`` (None: nothing held out, no warning) and
        ``informed_random_loss_``.
    n_tokens : int
        Tokens it was trained to predict, said in the message.
    """
    val, baseline = lm.val_loss_, lm.informed_random_loss_
    if val is None or val < baseline:
        return
    warnings.warn(
        f"{type(lm).__name__}: the held-out loss {val:.3f} nats per token is not below the "
        f"informed-random baseline {baseline:.3f} (guessing each token's new symbols from "
        "their frequencies), so the model has learned nothing usable from these "
        f"{lm.n_documents_} documents ({n_tokens} training tokens). Train on more sequence, "
        "for fewer epochs or with a smaller model (embedding_dim, hidden_units, n_layers), or "
        "start from a pretrained model (skseq.datasets.load_ecoli_language_model for "
        "bacteria).",
        ConvergenceWarning,
        stacklevel=3,
    )


def tokens_first(tokens):
    """Each row's tokens moved in front of its padding, their order kept.

    The networks read tokens without a Keras mask (see
    :class:`~skseq.models._lm_network.TokenEmbedding`), so padding must only follow the
    tokens: a masked LSTM skips padded steps, which is what reading the compacted row does.
    Rows already in that form (what :class:`~skseq.preprocessing.KmerTokenizer` gives by
    default) come back as they are.

    Examples
    --------
    >>> import numpy as np
    >>> tokens_first(np.array([[0, 0, 5, 6], [7, 0, 8, 0], [9, 4, 0, 0]]))
    array([[5, 6, 0, 0],
           [7, 8, 0, 0],
           [9, 4, 0, 0]])
    """
    from skseq.preprocessing._kmers import PAD

    tokens = np.asarray(tokens)
    filled = tokens != PAD
    if tokens.shape[-1] < 2 or not (filled[..., 1:] & ~filled[..., :-1]).any():
        return tokens  # no token after padding
    order = np.argsort(~filled, axis=-1, kind="stable")
    return np.take_along_axis(tokens, order, axis=-1)


def next_token_loss(model, windows):
    """Mean next-token cross-entropy (nats per token) of ``model`` on ``(inputs, targets,
    weights)`` windows (:func:`token_windows`), the weights weighting each position."""
    import keras

    inputs, targets, weights = windows
    logits = model.predict(inputs, batch_size=256, verbose=0)
    log_p = keras.ops.convert_to_numpy(keras.ops.log_softmax(logits, axis=-1))
    picked = np.take_along_axis(log_p, targets[..., None].astype(np.int64), axis=-1)[..., 0]
    return float(-(picked * weights).sum() / max(weights.sum(), 1.0))


def reverse_tokens(tokens):
    """Each row's tokens in reverse order, the padding left where it is (a backward LM's view).

    Works on arrays of any rank; the last axis is time. Reversing the order of the k-mers
    (not of the letters inside them) is how ULMFiT's backward models read text.

    Examples
    --------
    >>> import numpy as np
    >>> reverse_tokens(np.array([[5, 6, 7, 0], [0, 8, 9, 0]]))
    array([[7, 6, 5, 0],
           [0, 9, 8, 0]])
    """
    from skseq.preprocessing._kmers import PAD

    tokens = np.asarray(tokens)
    length = tokens.shape[-1]
    if length == 0:
        return tokens.copy()
    filled = tokens != PAD
    first = np.argmax(filled, axis=-1)[..., None]
    last = length - 1 - np.argmax(filled[..., ::-1], axis=-1)[..., None]
    position = np.arange(length)
    inside = (position >= first) & (position <= last)
    return np.take_along_axis(tokens, np.where(inside, first + last - position, position), -1)


# The share of the one-cycle schedule spent warming up
WARMUP = 0.25


def warmup_epochs(epochs):
    """Epochs of the one-cycle warm-up; early stopping watches only the epochs after it."""
    return math.ceil(WARMUP * epochs)


def kept_val_loss(history, epochs, patience):
    """The validation loss of the weights :func:`fit_keras` kept, or None without one.

    With early stopping (``patience``) the best epoch's after the warm-up, whose weights it
    restored; without, the last epoch's.
    """
    val = history.get("val_loss")
    if not val:
        return None
    if patience is None:
        return val[-1]
    return min(val[warmup_epochs(epochs) :] or val)


def fit_keras(
    build,
    train,
    val,
    *,
    learning_rate,
    batch_size,
    epochs,
    patience,
    seed,
    verbose,
    callbacks=None,
    from_logits=False,
    loss=None,
    metrics=None,
    factors=None,
    model=None,
    desc="training",
):
    """Compile and train with Adam (per-layer ``factors``) on a one-cycle schedule.

    ``train`` and ``val`` are ``(x, y, sample_weight)``; ``val`` may be None (no early
    stopping). ``build()`` makes the network unless ``model`` is given (it is then trained
    further, with the layers' ``trainable`` flags as they are). Returns the model and its
    history (a dict of lists). ``verbose=1`` shows a bar over epochs labelled ``desc`` (on
    a terminal, see :func:`skseq.utils.progress_enabled`); 2 and more, Keras' line per epoch.
    """
    import keras

    from ._lm_network import DiscriminativeAdam, OneCycleSchedule

    steps = epochs * max(1, -(-len(train[0]) // batch_size))
    if loss is None:
        loss = keras.losses.SparseCategoricalCrossentropy(
            from_logits=from_logits, reduction="mean_with_sample_weight"
        )
    cbs = list(callbacks or ())
    bar = progress_bar(total=epochs, desc=desc, unit="epoch", verbose=verbose)
    cbs.append(_epoch_bar(bar))  # a silent stand-in when no bar is shown
    schedule = OneCycleSchedule(learning_rate, steps, pct_start=WARMUP)
    if val is not None and patience is not None:
        # Not before the warm-up ends: while the rate still rises the validation loss can
        # rise too (on a few held-out examples, it stopped fine-tuning after one epoch).
        cbs.append(
            keras.callbacks.EarlyStopping(
                monitor="val_loss",
                patience=int(patience),
                restore_best_weights=True,
                start_from_epoch=warmup_epochs(epochs),
            )
        )
    with seeded(seed):
        if model is None:
            model = build()
        model.compile(
            optimizer=DiscriminativeAdam(factors=factors, learning_rate=schedule),
            loss=loss,
            metrics=metrics,
        )
        history = model.fit(
            train[0],
            train[1],
            sample_weight=train[2],
            validation_data=val,
            batch_size=batch_size,
            epochs=epochs,
            shuffle=True,
            callbacks=cbs,
            # 1: our bar over epochs (above); 2 and more: Keras' line per epoch
            verbose=2 if verbose >= 2 else 0,
        )
    bar.close()
    return model, {k: [float(v) for v in vals] for k, vals in history.history.items()}


def _epoch_bar(bar):
    """A Keras callback advancing ``bar`` by one epoch, with the losses as its postfix."""
    import keras

    class EpochBar(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            logs = logs or {}
            losses = {k: f"{logs[k]:.3f}" for k in ("loss", "val_loss") if k in logs}
            bar.set_postfix(losses, refresh=False)
            bar.update(1)

    return EpochBar()
