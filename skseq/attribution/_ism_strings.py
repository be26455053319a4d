"""In-silico mutagenesis of estimators that take sequences as strings.

A Pipeline(KmerTokenizer, SequenceLMClassifier), a bare
:class:`~skseq.models._lm_classifier.SequenceLMClassifier` or any scikit-learn model whose
``predict_proba`` / ``predict`` reads strings has no one-hot input to edit: each mutant is
written as a string and goes through the estimator's own steps (re-tokenised).
:func:`~skseq.attribution.in_silico_mutagenesis` comes here when ``X`` holds strings and the
model has no ``(length, channels)`` network to feed.
"""

import numpy as np

from skseq.utils import (
    check_sequences,
    find_network,
    holds_strings,
    input_shape,
    is_keras_model,
    iter_batches,
)

__all__ = ["string_mutagenesis", "takes_strings"]


def takes_strings(estimator, X):
    """Whether ISM of ``estimator`` on ``X`` must mutate strings rather than one-hot arrays.

    True when ``X`` holds strings and the model is not a network on ``(length, channels)``
    arrays: it ends in a scikit-learn model without a Keras network, or its network reads
    something else (k-mer tokens).
    """
    if is_keras_model(estimator) or not holds_strings(X):
        return False
    try:
        parts = find_network(estimator, caller="in_silico_mutagenesis")
    except TypeError:  # no Keras network: any estimator that takes strings
        return True
    return len(input_shape(parts.model)) != 3


def _default_alphabet(estimator):
    """The symbols the model's first step reads (a tokenizer's or encoder's), else ACGT."""
    steps = getattr(estimator, "steps", None)
    first = steps[0][1] if steps else estimator
    symbols = getattr(first, "alphabet_", None)
    return symbols if isinstance(symbols, str) and symbols else "ACGT"


def _outputs(estimator, X):
    """Scores of every output: class probabilities for classifiers, else predictions."""
    if hasattr(estimator, "predict_proba"):
        return np.asarray(estimator.predict_proba(X), dtype=np.float64), True
    out = np.asarray(estimator.predict(X), dtype=np.float64)
    return out.reshape(len(out), -1), False


def _columns(estimator, target, n, is_proba, width):
    """One output column per sequence for ``target`` (a label, an index or one per sequence)."""
    classes = list(getattr(estimator, "classes_", [])) if is_proba else []
    targets = [target] * n if target is None or np.ndim(target) == 0 else list(target)
    if len(targets) != n:
        raise ValueError(
            f"in_silico_mutagenesis: target holds {len(targets)} values; give one for all "
            f"sequences or one per sequence ({n})"
        )
    columns = []
    for i, value in enumerate(targets):
        key = value.item() if isinstance(value, np.generic) else value
        where = "" if np.ndim(target) == 0 else f" (sequence {i})"
        if is_proba and classes:
            if key is None:
                columns.append(len(classes) - 1)
            elif key in classes:
                columns.append(classes.index(key))
            else:
                raise ValueError(
                    f"in_silico_mutagenesis: target={value!r}{where} is not one of the "
                    f"classes {classes}"
                )
        elif key is None:
            columns.append(width - 1 if is_proba else 0)
        elif isinstance(key, (int, np.integer)) and not isinstance(key, bool) and 0 <= key < width:
            columns.append(int(key))
        else:
            raise ValueError(
                f"in_silico_mutagenesis: target={value!r}{where} is not an output index in "
                f"[0, {width})"
            )
    return np.asarray(columns)


def string_mutagenesis(estimator, X, *, target=None, alphabet=None, batch_size=1024):
    """ISM on strings: every position written as every other symbol, scored by the estimator.

    See :func:`~skseq.attribution.in_silico_mutagenesis` (which calls this for strings-in
    models). Mutants of many sequences share each ``predict_proba`` / ``predict`` call of
    ``batch_size`` strings; a mutant equal to its sequence (the observed symbol, compared
    case-insensitively) is not scored.

    Parameters
    ----------
    estimator : fitted estimator or Pipeline
        Takes sequences as strings.
    X : iterable of str
        Sequences; they may differ in length.
    target : class label, int, array-like or callable, default=None
        Classifiers: the class whose probability is explained (default the last class);
        others: the output index of ``predict`` (default 0). An array gives one per
        sequence; a callable maps the ``predict_proba`` (or 2-D ``predict``) output of a
        batch to one value per row.
    alphabet : str, default=None
        The symbols written at each position, in the order of the last axis. Defaults to
        the ``alphabet_`` of the Pipeline's first step (a fitted KmerTokenizer or one-hot
        encoder), else ``"ACGT"``.
    batch_size : int, default=1024
        Mutant strings per call of the estimator.

    Returns
    -------
    ndarray of shape (n_sequences, max_length, len(alphabet)), float32
        ``score(mutant) - score(sequence)``; zero at the observed symbol and past the end of
        shorter sequences.
    """
    seqs, lengths = check_sequences(X, caller="in_silico_mutagenesis")
    alphabet = _default_alphabet(estimator) if alphabet is None else alphabet
    if not isinstance(alphabet, str) or not alphabet or len(set(alphabet.upper())) != len(alphabet):
        raise ValueError(
            f"in_silico_mutagenesis: alphabet must be a string of distinct symbols; got "
            f"{alphabet!r}"
        )
    symbols = np.array([ord(c) for c in alphabet.upper()], dtype=np.uint32)
    n, width = len(seqs), len(symbols)
    result = np.zeros((n, int(lengths.max()) if n else 0, width), dtype=np.float32)
    if n == 0:
        return result

    outputs, is_proba = zip(
        *(_outputs(estimator, np.asarray(seqs[sl])) for sl in iter_batches(n, batch_size))
    )
    outputs, is_proba = np.concatenate(outputs), is_proba[0]
    if callable(target):
        columns = None
        reference = _pick(outputs, target, None)
    else:
        columns = _columns(estimator, target, n, is_proba, outputs.shape[1])
        reference = _pick(outputs, target, columns)

    rows, pos, sym, strings = [], [], [], []  # mutants not yet scored

    def flush(final):
        flat_rows = np.concatenate(rows)
        m = len(flat_rows) if final else len(flat_rows) // batch_size * batch_size
        flat_pos, flat_sym = np.concatenate(pos), np.concatenate(sym)
        flat_strings = [s for part in strings for s in part]
        for sl in iter_batches(m, batch_size):
            r = flat_rows[sl]
            out, _ = _outputs(estimator, np.asarray(flat_strings[sl]))
            picked = _pick(out, target, None if columns is None else columns[r])
            result[r, flat_pos[sl], flat_sym[sl]] = picked - reference[r]
        for part, flat in ((rows, flat_rows), (pos, flat_pos), (sym, flat_sym)):
            part[:] = [flat[m:]]
        strings[:] = [flat_strings[m:]]

    n_pending = 0
    for i, seq in enumerate(seqs):
        length = int(lengths[i])
        points = np.frombuffer(seq.upper().encode("utf-32-le"), dtype=np.uint32)
        p, c = np.divmod(np.arange(length * width), width)
        keep = points[p] != symbols[c]
        p, c = p[keep], c[keep]
        variants = np.repeat(points[None], len(p), axis=0)
        variants[np.arange(len(p)), p] = symbols[c]
        rows.append(np.full(len(p), i))
        pos.append(p)
        sym.append(c)
        strings.append(np.ascontiguousarray(variants).view(f"<U{length}")[:, 0].tolist())
        n_pending += len(p)
        if n_pending >= batch_size:
            flush(final=False)
            n_pending = len(rows[0])
    flush(final=True)
    return result


def _pick(outputs, target, columns):
    """The explained value per row of ``outputs``."""
    if columns is None:
        values = np.asarray(target(outputs), dtype=np.float64)
        if values.shape != (len(outputs),):
            raise ValueError(
                "in_silico_mutagenesis: a callable target must give one value per sequence; "
                f"got shape {values.shape} for {len(outputs)} sequences"
            )
        return values
    return outputs[np.arange(len(outputs)), columns]
