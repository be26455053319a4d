"""Token rows cut into the next-token windows a language model trains and is scored on."""

import numpy as np

__all__ = ["packed_token_windows", "token_windows"]


def token_windows(tokens, bptt):
    """Token rows -> next-token ``(inputs, targets, weights)`` windows of ``bptt`` tokens.

    Each row is cut on its own, so a window never mixes two rows: what a row's tokens are
    scored on depends on that row only. Targets that are padding or unknown, and positions
    whose input is padding, get weight 0; windows with nothing to learn are dropped.

    Examples
    --------
    >>> import numpy as np
    >>> x, y, w = token_windows(np.array([[5, 6, 7, 8, 9], [5, 6, 0, 0, 0]]), bptt=3)
    >>> x
    array([[5, 6, 7],
           [8, 9, 0],
           [5, 6, 0]], dtype=int32)
    >>> w
    array([[1., 1., 1.],
           [1., 0., 0.],
           [1., 0., 0.]], dtype=float32)
    """
    return _cut(np.asarray(tokens), bptt)


def packed_token_windows(tokens, bptt):
    """Like :func:`token_windows`, with the rows' tokens laid end to end first.

    A row's last window is mostly padding when its length is not a multiple of ``bptt``
    (about 9 % of the positions for 900-nt documents of k=5, stride 2 tokens in windows of
    70); packed, every window but the last is full, so an epoch over the same targets takes
    fewer steps. Each row's first token is never a target (nothing of its row comes before
    it), as in :func:`token_windows`, so both give the same targets with the same weights;
    the network reads the previous row's tail before a row's first tokens, which for
    documents cut in order from a genome is mostly the sequence that came before them.
    For training only: a score must not depend on which row came before.

    Examples
    --------
    >>> import numpy as np
    >>> x, y, w = packed_token_windows(np.array([[5, 6, 7, 8, 9], [5, 6, 0, 0, 0]]), bptt=3)
    >>> x
    array([[5, 6, 7],
           [8, 9, 5]], dtype=int32)
    >>> w   # 9 -> 5 crosses from one row to the next: not a target
    array([[1., 1., 1.],
           [1., 0., 1.]], dtype=float32)
    """
    from skseq.preprocessing._kmers import PAD

    tokens = np.asarray(tokens)
    filled = tokens != PAD
    stream = tokens[filled]  # row by row; padding only follows tokens
    starts = np.zeros(stream.size, dtype=bool)
    begins = np.cumsum(filled.sum(axis=1))[:-1]  # where each row after the first begins
    starts[begins[begins < stream.size]] = True
    return _cut(stream[None], bptt, not_targets=starts[None])


def _cut(rows, bptt, not_targets=None):
    """Each row of ``rows`` cut into windows of ``bptt`` next-token pairs, one token of
    overlap; positions True in ``not_targets`` (shaped like ``rows``) get weight 0 as
    targets, as do padding and unknown targets and padding inputs."""
    from skseq.preprocessing._kmers import PAD, UNK

    n, t = rows.shape
    n_windows = max(1, -(-(t - 1) // bptt))
    padded = np.zeros((n, n_windows * bptt + 1), dtype=np.int32)
    padded[:, :t] = rows
    index = (np.arange(n_windows) * bptt)[:, None] + np.arange(bptt + 1)
    windows = padded[:, index].reshape(-1, bptt + 1)
    inputs, targets = windows[:, :-1], windows[:, 1:]
    weights = (targets > UNK) & (inputs != PAD)
    if not_targets is not None:
        blocked = np.zeros(padded.shape, dtype=bool)
        blocked[:, :t] = not_targets
        weights &= ~blocked[:, index].reshape(-1, bptt + 1)[:, 1:]
    keep = weights.any(axis=1)
    return inputs[keep], targets[keep], weights[keep].astype(np.float32)
