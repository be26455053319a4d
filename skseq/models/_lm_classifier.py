"""Classifier and regressor fine-tuned from a pretrained :class:`SequenceLanguageModel`.

ULMFiT's recipe: the language model's encoder, concat pooling (last, max, mean) and a small
dense head; the head is trained first, then one more LSTM layer at a time (gradual
unfreezing), each group's learning rate ``lr_decay`` times below the group after it
(discriminative learning rates). ``pretrained=None`` trains the same network from scratch,
the baseline pretraining must beat.
"""

import numpy as np
from sklearn.base import ClassifierMixin, RegressorMixin
from sklearn.preprocessing import LabelEncoder
from sklearn.utils.class_weight import compute_class_weight
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import column_or_1d

from skseq.utils._param_validation import StrOptions, validate_params

from ._lm_head import LMHeadBase, require_y

__all__ = ["SequenceLMClassifier", "SequenceLMRegressor"]

_DOC = """
    Parameters
    ----------
    pretrained : SequenceLanguageModel, FrozenEstimator of one, or None, default=None
        A fitted language model whose encoder initialises the network (its sizes, k and
        stride are used; ``k``, ``stride``, ``embedding_dim``, ``hidden_units``,
        ``n_layers`` and ``vocabulary_size`` are then ignored), and its ``direction``: a
        backward LM's classifier reads its tokens backward too. Clones share it,
        read-only. None trains the same network from scratch, reading forward.
    k, stride : int, default=5, 2
        Tokenisation of string input when ``pretrained`` is None. A sequence shorter than
        ``k`` (the pretrained model's when given) gives no token: ``fit`` and ``predict``
        refuse it, naming it.
    embedding_dim, hidden_units, n_layers : int, default=64, 256, 2
        Network sizes when ``pretrained`` is None.
    vocabulary_size : int or None, default=None
        Embedding rows when ``pretrained`` is None; None: ``4 ** k + 2`` for string input,
        the largest token seen plus one for token arrays. Larger tokens become unknown (1).
    embedding_dropout, input_dropout, hidden_dropout, output_dropout, weight_dropout : float
        Dropouts of the encoder (defaults 0.02, 0.1, 0.1, 0.1, 0.0), also with ``pretrained``.
    head_units : int, default=50
        Units of the head's hidden dense layer.
    head_dropout : float, default=0.2
        Dropout before each dense layer of the head.
    finetune : {"gradual", "all", "head"}, default="gradual"
        With ``pretrained``: ``"gradual"`` trains the head for ``unfreeze_epochs``, then
        unfreezes one more layer (last LSTM first, embedding last) every
        ``unfreeze_epochs``, then trains everything for ``epochs``; ``"all"`` trains
        everything at once; ``"head"`` keeps the encoder frozen (the LM's features, probed).
    unfreeze_epochs : int, default=1
        Epochs of each partial stage of gradual unfreezing.
    lr_decay : float, default=2.6
        Discriminative learning rates: each layer group learns ``lr_decay`` times slower
        than the group after it (head at ``learning_rate``). 1 gives one rate.
    lm_epochs : int, default=0
        With ``pretrained``: first train a copy of the language model this many epochs on
        the training sequences' own next-token task (ULMFiT's LM fine-tuning).
    learning_rate : float, default=3e-3
        Peak of the one-cycle schedule of each stage.
    batch_size : int, default=64
    epochs : int, default=40
        Most epochs of the last (fully unfrozen) stage; early stopping usually ends it
        sooner. Small sets need many: fine-tuned on 100 CNNProm E. coli promoters from the
        E. coli language model, 10 epochs (patience 3) reached MCC 0.58 and 40 (patience 6)
        0.72 (one fold of ``benchmarks/pretraining.py``); at 300 and 1000 examples both
        reached 0.75-0.76.
    validation_fraction : float in [0, 1), default=0.1
        Held out (stratified for classification) for early stopping in the last stage.
    patience : int or None, default=6
        Early-stopping patience of the last stage; best weights kept. Early stopping
        watches only the epochs after the one-cycle warm-up (the first quarter of
        ``epochs``): while the learning rate rises, the loss on a few held-out examples
        can rise too. Fine-tuned on 100 B. subtilis promoters (10 held out), stopping
        that also watched the warm-up ended after one epoch of the last stage (MCC 0.03
        over the 5 folds of ``benchmarks/pretraining.py``); waiting for the warm-up
        gave 0.56.
    token_offsets : {"first", "all"}, default="first"
        Where the k-mers of string input start. Tokens start every ``stride`` symbols, so
        a motif's tokens depend on where it falls on that grid. ``"first"`` tokenises each
        sequence from its first symbol; ``"all"`` also from each of the next ``stride - 1``
        symbols, trains on every copy (the validation split stays by sequence) and
        averages the predictions over them: ``stride`` times the training and prediction
        time. Token-array input is one offset. Fine-tuned from the E. coli language model
        on CNNProm's promoters (5 folds of ``benchmarks/pretraining.py``), ``"all"`` raised
        MCC from 0.815 to 0.850 on the full E. coli set, and on 100 examples from 0.714 to
        0.747 (E. coli) and from 0.555 to 0.635 (B. subtilis).
    random_state : int, RandomState instance or None, default=None
    verbose : int, default=0
        1: a progress bar over the epochs of each fine-tuning stage, on standard error when
        it is a terminal (see :func:`skseq.utils.progress`); 2: Keras' line per epoch.

    Attributes
    ----------
    model_ : keras.Model
        Tokens ``(batch, time)`` -> outputs; layers ``embedding``, ``lstm_1`` ...,
        ``concat_pooling``, ``head_dense``, ``head_output``.
    history_ : list of dict
        One record per training stage: the trainable layers and per-epoch losses. The
        held-out ``val_loss`` (and metrics) are in the last stage's record, the one early
        stopping watches; the earlier stages of gradual unfreezing are validated only when
        ``fit`` is given callbacks (which may watch them).
    n_epochs_ : int
    vocabulary_size_ : int
    direction_ : {"forward", "backward"}
        The order the network reads tokens in (the pretrained LM's ``direction``).
    n_features_in_ : int
        Tokens per sequence, only when fitted on a token array.
"""


class SequenceLMClassifier(ClassifierMixin, LMHeadBase):
    __doc__ = (
        """A recurrent classifier on k-mer tokens, fine-tuned from a pretrained language model.

    Takes sequences as strings (tokenised as the language model was) or token arrays from
    :class:`~skseq.preprocessing.KmerTokenizer`. Binary and multiclass.
"""
        + _DOC.replace(
            "    Attributes\n",
            '    class_weight : None, "balanced" or dict, default=None\n'
            '        Weights of the classes in the loss ("balanced": inversely to their '
            "frequency).\n\n    Attributes\n",
        )
        + """    classes_ : ndarray

    Examples
    --------
    >>> from skseq.models._lm import SequenceLanguageModel
    >>> from skseq.models._lm_classifier import SequenceLMClassifier
    >>> seqs = ["ACGTACGTAC", "TTTTGGGGTT", "ACGTACGTTT", "TTGGGGTTTT"] * 5
    >>> lm = SequenceLanguageModel(k=3, stride=1, embedding_dim=8, hidden_units=8,
    ...                            n_layers=1, epochs=4, bptt=20, batch_size=4,
    ...                            learning_rate=5e-2, random_state=0)
    >>> lm = lm.fit(["".join(seqs)] * 8)   # beats its baseline: no ConvergenceWarning
    >>> clf = SequenceLMClassifier(pretrained=lm, head_units=4, epochs=2, random_state=0)
    >>> clf.fit(seqs, [0, 1, 0, 1] * 5).predict_proba(seqs[:2]).shape
    (2, 2)
"""
    )

    _parameter_constraints = {
        **LMHeadBase._parameter_constraints,
        "class_weight": [StrOptions({"balanced"}), dict, None],
    }

    def __init__(
        self,
        pretrained=None,
        *,
        class_weight=None,
        k=5,
        stride=2,
        embedding_dim=64,
        hidden_units=256,
        n_layers=2,
        vocabulary_size=None,
        embedding_dropout=0.02,
        input_dropout=0.1,
        hidden_dropout=0.1,
        output_dropout=0.1,
        weight_dropout=0.0,
        head_units=50,
        head_dropout=0.2,
        finetune="gradual",
        unfreeze_epochs=1,
        lr_decay=2.6,
        lm_epochs=0,
        learning_rate=3e-3,
        batch_size=64,
        epochs=40,
        validation_fraction=0.1,
        patience=6,
        token_offsets="first",
        random_state=None,
        verbose=0,
    ):
        super().__init__(
            pretrained,
            k=k,
            stride=stride,
            embedding_dim=embedding_dim,
            hidden_units=hidden_units,
            n_layers=n_layers,
            vocabulary_size=vocabulary_size,
            embedding_dropout=embedding_dropout,
            input_dropout=input_dropout,
            hidden_dropout=hidden_dropout,
            output_dropout=output_dropout,
            weight_dropout=weight_dropout,
            head_units=head_units,
            head_dropout=head_dropout,
            finetune=finetune,
            unfreeze_epochs=unfreeze_epochs,
            lr_decay=lr_decay,
            lm_epochs=lm_epochs,
            learning_rate=learning_rate,
            batch_size=batch_size,
            epochs=epochs,
            validation_fraction=validation_fraction,
            patience=patience,
            token_offsets=token_offsets,
            random_state=random_state,
            verbose=verbose,
        )
        self.class_weight = class_weight

    def fit(self, X, y, callbacks=None):
        """Fine-tune on sequences X and labels y.

        Parameters
        ----------
        X : iterable of str, or array-like of int, shape (n_sequences, n_tokens)
        y : array-like of shape (n_sequences,)
        callbacks : list of keras.callbacks.Callback, default=None
            Extra Keras callbacks for every stage of this fit.

        Returns
        -------
        self : SequenceLMClassifier
        """
        validate_params(self)
        require_y(self, y)
        tokens = self._tokens(X, reset=True)
        y = column_or_1d(y, warn=True)
        n = tokens[0].shape[1]
        if len(y) != n:
            raise ValueError(f"X has {n} sequences but y has {len(y)} labels")
        check_classification_targets(y)
        encoder = LabelEncoder().fit(y)
        self.classes_ = encoder.classes_
        if len(self.classes_) < 2:
            raise ValueError(f"y has only one class ({self.classes_[0]!r}); need at least two")
        codes = encoder.transform(y)
        binary = len(self.classes_) == 2
        self.n_outputs_ = 1 if binary else len(self.classes_)
        self._activation = "sigmoid" if binary else "softmax"
        target = codes.astype("float32").reshape(-1, 1) if binary else codes.astype("int32")
        loss = "binary_crossentropy" if binary else "sparse_categorical_crossentropy"
        weights = None
        if self.class_weight is not None:
            if isinstance(self.class_weight, dict):
                unknown = set(self.class_weight) - set(self.classes_.tolist())
                if unknown:
                    raise ValueError(
                        f"class_weight names classes {sorted(unknown, key=str)} not in y"
                    )
            per_class = compute_class_weight(self.class_weight, classes=self.classes_, y=y)
            weights = per_class[codes].astype(np.float32)
        return self._fit(tokens, target, loss, ["accuracy"], codes, callbacks, weights)

    def predict_proba(self, X):
        """Class probabilities, in the order of ``classes_``.

        Parameters
        ----------
        X : iterable of str, or array-like of int, shape (n_sequences, n_tokens)

        Returns
        -------
        ndarray of shape (n_sequences, n_classes)
        """
        out = self._predict_raw(X)
        return np.column_stack([1 - out[:, 0], out[:, 0]]) if out.shape[1] == 1 else out

    def predict(self, X):
        """Predicted class labels.

        Parameters
        ----------
        X : iterable of str, or array-like of int, shape (n_sequences, n_tokens)

        Returns
        -------
        ndarray of shape (n_sequences,)
        """
        proba = self.predict_proba(X)  # first: raises NotFittedError when unfitted
        return self.classes_[np.argmax(proba, axis=1)]


class SequenceLMRegressor(RegressorMixin, LMHeadBase):
    __doc__ = (
        """A recurrent regressor on k-mer tokens, fine-tuned from a pretrained language model.

    Single- and multi-output regression (mean squared error); otherwise as
    :class:`SequenceLMClassifier`.
"""
        + _DOC
        + """
    Examples
    --------
    >>> import numpy as np
    >>> from skseq.models._lm_classifier import SequenceLMRegressor
    >>> seqs = ["ACGTACGTAC", "TTTTGGGGTT", "ACGTACGTTT", "TTGGGGTTTT"] * 5
    >>> reg = SequenceLMRegressor(k=3, stride=1, embedding_dim=8, hidden_units=8,
    ...                           n_layers=1, head_units=4, epochs=2, random_state=0)
    >>> reg.fit(seqs, np.arange(20.0)).predict(seqs[:3]).shape
    (3,)
"""
    )

    def fit(self, X, y, callbacks=None):
        """Fine-tune on sequences X and targets y.

        Parameters
        ----------
        X : iterable of str, or array-like of int, shape (n_sequences, n_tokens)
        y : array-like of shape (n_sequences,) or (n_sequences, n_targets)
        callbacks : list of keras.callbacks.Callback, default=None

        Returns
        -------
        self : SequenceLMRegressor
        """
        validate_params(self)
        require_y(self, y)
        tokens = self._tokens(X, reset=True)
        y = np.asarray(y, dtype=np.float32)
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        n = tokens[0].shape[1]
        if len(y) != n:
            raise ValueError(f"X has {n} sequences but y has {len(y)} targets")
        if not np.isfinite(y).all():
            raise ValueError(
                f"y contains NaN or infinity at index {np.argwhere(~np.isfinite(y))[0]}"
            )
        self._y_1d = y.ndim == 1
        y = y.reshape(len(y), -1)
        self.n_outputs_ = y.shape[1]
        self._activation = "linear"
        return self._fit(tokens, y, "mean_squared_error", ["mean_absolute_error"], None, callbacks)

    def predict(self, X):
        """Predicted targets.

        Parameters
        ----------
        X : iterable of str, or array-like of int, shape (n_sequences, n_tokens)

        Returns
        -------
        ndarray of shape (n_sequences,) or (n_sequences, n_targets)
        """
        out = self._predict_raw(X)
        return out[:, 0] if self._y_1d else out

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # check_regressors_train's data, rounded to integer tokens, is no sequence task for
        # a small recurrent network trained a few epochs
        tags.regressor_tags.poor_score = True
        return tags
