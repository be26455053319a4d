"""Encoded sequences that remember how their channels pair on the other strand.

A scikit-learn Pipeline hands an estimator only the transformers' output, so whatever the
estimator must know about the channels travels with the array. :class:`EncodedSequences` is
a plain ``ndarray`` with one more attribute, ``complement_channels``; it survives slicing,
indexing, ``astype`` and pickling, and ``np.asarray`` of it is a plain array again.
"""

import numpy as np

__all__ = ["EncodedSequences"]


def _same_channels(shape, parent, n_channels):
    """Whether a view of shape ``shape`` of an array of shape ``parent`` keeps its channels.

    True for selections of rows or positions (the last axis is kept) and for reshapes
    between ``(n, length, channels)`` and the flat ``(n, length * channels)``; False when
    channels are selected or an axis is reduced away.
    """
    if not shape or not parent:
        return False
    if shape[-1] in (parent[-1], n_channels):
        return True
    return len(parent) >= 2 and shape[-1] == parent[-2] * parent[-1]


class EncodedSequences(np.ndarray):
    """An encoded ``(n_sequences, length, channels)`` array with its channel pairing.

    The skseq transformers return these, so that an estimator after them in a Pipeline
    knows which channel each channel becomes on the reverse strand.

    Parameters
    ----------
    array : array-like
        The encoded sequences (viewed, not copied, when already an array).
    complement_channels : tuple of int or None, default=None
        For each channel, the channel of its complement (``(3, 2, 1, 0)`` for one-hot
        ``ACGT``); ``None`` when the channels have no complement (protein, structure,
        tracks). It describes the last axis, or the channels of a flattened
        ``(n_sequences, length * channels)`` array.

    Attributes
    ----------
    complement_channels : tuple of int or None
        Kept by slices and row selections; dropped (set to None) by anything that changes
        the last axis into one of another width, such as selecting channels.

    Examples
    --------
    >>> import numpy as np
    >>> from skseq.utils import EncodedSequences
    >>> X = EncodedSequences(np.zeros((3, 5, 4), dtype=np.uint8), (3, 2, 1, 0))
    >>> X[1:].complement_channels, X[:, :, :2].complement_channels
    ((3, 2, 1, 0), None)
    >>> X[0]
    array([[0, 0, 0, 0],
           [0, 0, 0, 0],
           [0, 0, 0, 0],
           [0, 0, 0, 0],
           [0, 0, 0, 0]], dtype=uint8)
    >>> type(np.asarray(X)).__name__
    'ndarray'
    """

    def __new__(cls, array, complement_channels=None):
        obj = np.asarray(array).view(cls)
        if complement_channels is not None:
            complement_channels = tuple(int(c) for c in complement_channels)
        obj.complement_channels = complement_channels
        return obj

    def __array_finalize__(self, obj):
        channels = getattr(obj, "complement_channels", None)
        if channels is not None and not _same_channels(self.shape, np.shape(obj), len(channels)):
            channels = None
        self.complement_channels = channels

    def __reduce__(self):
        rebuild, args, state = super().__reduce__()
        return rebuild, args, (state, self.complement_channels)

    def __setstate__(self, state):
        array_state, self.complement_channels = state
        super().__setstate__(array_state)

    def __repr__(self):
        # shown as the plain array it is, so printed output reads as numpy's
        return repr(self.view(np.ndarray))
