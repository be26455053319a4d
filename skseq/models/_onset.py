"""Waiting out the first plateau: early stopping counts only once the network learns.

On data whose signal is a motif anywhere in the sequence (ChIP-seq peaks against shuffled
peaks, a 12-nt motif in 1000 nt), a fresh network can sit at the loss of chance for tens of
epochs before it finds the motif, then learn fast. Early stopping and learning-rate halving
that count from the start end such a fit at chance: on the development panel the default
network scored ROC-AUC 0.50 on TBP and TAF7 ChIP-seq at 3,000 training sequences, and every
preset 0.50-0.52 on a planted motif in 1000 nt, where the Bayes-optimal classifier reaches
0.998. With patience 20 the residual network left the plateau after 20 epochs and reached
0.746 on TAF7. So both callbacks start counting at the epoch whose monitored loss first falls
clearly (1 %) below the loss of chance (predicting the training set's class frequencies or
mean), and at the latest after :data:`MAX_PLATEAU_STEPS` gradient steps, so that data with
no signal still stops.
"""

import keras
import numpy as np

__all__ = ["LearningOnset", "chance_loss"]

#: Gradient steps a fit may spend at the loss of chance before the patiences count anyway.
MAX_PLATEAU_STEPS = 2000
#: How far below the loss of chance the monitored loss must fall to count as learning.
ONSET_FRACTION = 0.99


def chance_loss(loss, y_train, y_monitored, weights=None):
    """The loss of predicting the training targets' frequencies (or mean) for every sequence.

    Parameters
    ----------
    loss : {"binary_crossentropy", "sparse_categorical_crossentropy", "mean_squared_error"}
    y_train : ndarray
        The encoded training targets (what the network is fitted to).
    y_monitored : ndarray
        The encoded targets of the monitored set (validation, or training without one).
    weights : ndarray, default=None
        Sample weights of the monitored set. Keras averages ``weight * loss`` over the
        sequences, so the chance loss is weighted the same way.

    Returns
    -------
    float or None
        None for a loss this function does not know.

    Examples
    --------
    >>> y = np.array([0.0, 1.0, 1.0, 0.0]).reshape(-1, 1)
    >>> round(chance_loss("binary_crossentropy", y, y), 4)  # log(2)
    0.6931
    """
    y_train = np.asarray(y_train, dtype=np.float64)
    y = np.asarray(y_monitored, dtype=np.float64)
    w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=np.float64)
    eps = 1e-7
    if loss == "binary_crossentropy":
        p = np.clip(y_train.reshape(len(y_train), -1).mean(axis=0), eps, 1 - eps)
        y = y.reshape(len(y), -1)
        per = -(y * np.log(p) + (1 - y) * np.log(1 - p)).mean(axis=1)
    elif loss == "sparse_categorical_crossentropy":
        codes = y_train.ravel().astype(int)
        prior = np.clip(np.bincount(codes, minlength=codes.max() + 1) / len(codes), eps, 1)
        per = -np.log(prior[np.clip(y.ravel().astype(int), 0, len(prior) - 1)])
    elif loss == "mean_squared_error":
        mean = y_train.reshape(len(y_train), -1).mean(axis=0)
        per = ((y.reshape(len(y), -1) - mean) ** 2).mean(axis=1)
    else:
        return None
    return float(np.mean(w * per))


class LearningOnset(keras.callbacks.Callback):
    """Hold early stopping and learning-rate halving until the monitored loss leaves chance.

    Sets ``start_from_epoch`` of the ``waiting`` callbacks (Keras' ``EarlyStopping``, and
    :class:`~skseq.models._training.LateReduceLROnPlateau`) to the epoch after the one whose
    monitored loss first falls below ``ONSET_FRACTION * chance``, but never before
    ``min_epoch`` and never after ``max_epoch``. Put it before them in the callback list.

    Parameters
    ----------
    waiting : list of keras.callbacks.Callback
    monitor : str
    chance : float or None
        The loss of chance; None counts from ``min_epoch`` (the old behaviour).
    min_epoch, max_epoch : int
        Bounds of the epoch the patiences start counting from.

    Attributes
    ----------
    onset_epoch : int or None
        The first epoch (counted from 1) below chance, once seen.
    """

    def __init__(self, waiting, monitor, chance, min_epoch, max_epoch):
        super().__init__()
        self.waiting = [c for c in waiting if c is not None]
        self.monitor = monitor
        self.chance = chance
        self.min_epoch = int(min_epoch)
        self.max_epoch = max(int(max_epoch), self.min_epoch)
        self.onset_epoch = None
        start = self.min_epoch if chance is None else self.max_epoch
        for callback in self.waiting:
            callback.start_from_epoch = start

    def on_epoch_end(self, epoch, logs=None):
        if self.chance is None or self.onset_epoch is not None:
            return
        value = (logs or {}).get(self.monitor)
        if value is not None and float(value) < ONSET_FRACTION * self.chance:
            self.onset_epoch = epoch + 1
            start = min(max(epoch, self.min_epoch), self.max_epoch)
            for callback in self.waiting:
                callback.start_from_epoch = start
