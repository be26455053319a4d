"""In-silico mutagenesis: the change of the explained output for every single substitution."""

from numbers import Integral

import numpy as np

from skseq.utils import as_float32, iter_batches, progress_bar
from skseq.utils._padding import padding_mask
from skseq.utils._param_validation import Interval

from ._base import check_args, compiled_forward, explained, resolve
from ._ism_strings import string_mutagenesis, takes_strings

_CONSTRAINTS = {
    "batch_size": [Interval(Integral, 1, None, closed="left")],
    "channel_groups": ["array-like", None],
    "alphabet": [str, None],
    "verbose": ["verbose"],
}


def _check_groups(channel_groups, n_channels):
    if channel_groups is None:
        return [np.arange(n_channels)]
    groups = []
    for g, group in enumerate(channel_groups):
        idx = np.asarray(group)
        if idx.ndim != 1 or idx.size == 0 or idx.dtype.kind not in "iu":
            raise ValueError(
                f"in_silico_mutagenesis: channel_groups[{g}] must be a non-empty list of "
                f"channel indices; got {group!r}"
            )
        bad = idx[(idx < 0) | (idx >= n_channels)]
        if bad.size:
            raise ValueError(
                f"in_silico_mutagenesis: channel_groups[{g}] names channel {int(bad[0])}, but "
                f"X has {n_channels} channels"
            )
        groups.append(idx.astype(np.intp))
    return groups


def in_silico_mutagenesis(
    estimator_or_model,
    X,
    *,
    target=None,
    channel_groups=None,
    batch_size=1024,
    alphabet=None,
    verbose=1,
):
    """Change of the explained output for every single-symbol substitution.

    For each position ``i`` and symbol channel ``c`` of a group, the group's channels at ``i``
    are replaced by the one-hot code of ``c`` and the network is run again. Mutants of many
    sequences share one compiled forward pass (``predict_on_batch``) of ``batch_size``
    inputs, so memory stays bounded by one batch whatever the number of sequences; a mutant
    equal to its sequence (the observed symbol of a one-hot group) is not run. No gradients
    are needed, so it works on every Keras backend.

    Models that take strings but have no one-hot network (a Pipeline of a
    :class:`~skseq.preprocessing.KmerTokenizer` and a
    :class:`~skseq.models._lm_classifier.SequenceLMClassifier`, a bare LM estimator, any
    scikit-learn model on strings) get ``X``'s strings mutated instead: each position
    written as each symbol of ``alphabet``, the mutants re-tokenised by the model's own
    steps and scored (the probability of ``target`` for classifiers, ``predict``'s output
    ``target`` otherwise), ``batch_size`` mutant strings per call.

    Parameters
    ----------
    estimator_or_model : fitted estimator, Pipeline or keras.Model
        See :func:`~skseq.attribution.input_gradients`.
    X : array-like
        Encoded sequences of shape (n_sequences, length, channels), or what the Pipeline
        takes.
    target : label, int, array-like or callable, default=None
        See :func:`~skseq.attribution.input_gradients`.
    channel_groups : list of array-like of int, default=None
        Channel indices that form one alphabet each (e.g. the sequence channels and the
        structure channels); other channels are left alone and get zero. Defaults to all
        channels as one alphabet.
    batch_size : int, default=1024
        Mutants per forward pass.
    alphabet : str, default=None
        Strings-in models only: the symbols written at each position, in the order of the
        last output axis; defaults to the ``alphabet_`` of the Pipeline's first step, else
        ``"ACGT"``. Ignored for one-hot input.
    verbose : int, default=1
        A progress bar over the mutants, on standard error when it is a terminal (see
        :func:`skseq.utils.progress`); 0: none.

    Returns
    -------
    ndarray of shape (n_sequences, length, channels), float32
        ``f(mutant) - f(x)``; zero at the observed symbol, and exactly zero at padding (a
        position whose group's channels are all zero, which is not mutated). For
        strings-in models the last axis is ``alphabet`` and ``length`` the longest
        sequence (zeros past the end of shorter ones).

    Examples
    --------
    >>> import keras, numpy as np
    >>> from skseq.attribution import in_silico_mutagenesis
    >>> inp = keras.Input((5, 4))
    >>> model = keras.Model(inp, keras.layers.Dense(1)(keras.layers.Flatten()(inp)))
    >>> X = np.eye(4, dtype="float32")[[0, 1, 2, 3, 0]][None]
    >>> in_silico_mutagenesis(model, X).shape
    (1, 5, 4)

    Any model on strings (here only position 4 matters):

    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from skseq import SequenceOneHotTransformer
    >>> rng = np.random.default_rng(0)
    >>> seqs = ["".join(rng.choice(list("ACGT"), 8)) for _ in range(200)]
    >>> pipe = make_pipeline(SequenceOneHotTransformer(flatten=True), LogisticRegression())
    >>> _ = pipe.fit(seqs, [s[4] == "G" for s in seqs])
    >>> deltas = in_silico_mutagenesis(pipe, ["AAAAGAAA"])
    >>> deltas.shape, int(abs(deltas[0]).sum(axis=1).argmax())
    ((1, 8, 4), 4)
    """
    check_args(
        "in_silico_mutagenesis",
        _CONSTRAINTS,
        batch_size=batch_size,
        channel_groups=channel_groups,
        alphabet=alphabet,
        verbose=verbose,
    )
    if takes_strings(estimator_or_model, X):
        return string_mutagenesis(
            estimator_or_model, X, target=target, alphabet=alphabet, batch_size=batch_size
        )
    res = resolve(estimator_or_model, X, target, "in_silico_mutagenesis")
    X = res.X
    n, length, n_channels = X.shape
    groups = _check_groups(channel_groups, n_channels)
    weights, target_fn = res.weights, res.target_fn
    # a one-hot group needs width - 1 mutants per position; more than one batch in all means
    # every batch is padded to batch_size (one compiled shape)
    n_mutants = n * length * sum(max(len(g) - 1, 1) for g in groups)
    forward = compiled_forward(res.model, batch_size if n_mutants > batch_size else 0)

    def score(batch, rows):
        return explained(forward(batch), None if weights is None else weights[rows], target_fn)

    reference = np.concatenate(
        [score(X[sl], np.arange(sl.start, sl.stop)) for sl in iter_batches(n, batch_size)]
    )
    result = np.zeros(X.shape, dtype=np.float32)
    total = n * length * sum(len(g) for g in groups)  # skipped mutants count as done
    bar = progress_bar(total=total, desc="in_silico_mutagenesis", unit="mutant", verbose=verbose)
    for idx in groups:
        width = len(idx)
        # sequences per block: the block's mutant index arrays stay near 64 batches
        per_block = max(1, (64 * batch_size) // (length * width))
        for block in iter_batches(n, per_block):
            # (sequence, position, symbol) of every mutant in the block
            size = block.stop - block.start
            seq, pos, sym = np.unravel_index(
                np.arange(size * length * width), (size, length, width)
            )
            # padding (the group all zero) holds no symbol to substitute: it keeps zero
            keep = ~padding_mask(X[block], idx)[seq, pos]
            seq = seq + block.start
            observed = X[seq, pos, idx[sym]]
            same = observed == 1
            if same.any():  # the substitution by the observed one-hot symbol changes nothing
                group_sum = X[seq, pos][:, idx].sum(axis=1)
                keep &= ~(same & (group_sum == 1))
            seq, pos, sym = seq[keep], pos[keep], sym[keep]
            bar.update(size * length * width - len(seq))
            for sl in iter_batches(len(seq), batch_size):
                s, p, c = seq[sl], pos[sl], sym[sl]
                mutants = as_float32(X[s])  # fancy indexing copied already
                rows = np.arange(len(s))
                mutants[rows[:, None], p[:, None], idx[None, :]] = 0.0
                mutants[rows, p, idx[c]] = 1.0
                result[s, p, idx[c]] = score(mutants, s) - reference[s]
                bar.update(len(s))
    bar.close()
    return result
