"""The network, training stages and input handling shared by SequenceLMClassifier and
SequenceLMRegressor (see :mod:`skseq.models._lm_classifier`)."""

from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, clone
from sklearn.model_selection import train_test_split
from sklearn.utils.validation import check_is_fitted, validate_data

from skseq.preprocessing._kmers import UNK, KmerTokenizer
from skseq.utils import check_sequences
from skseq.utils._param_validation import HasMethods, Interval, StrOptions
from skseq.utils._random import seed_from, seeded

from ._lm_common import (
    check_has_tokens,
    fit_keras,
    reverse_tokens,
    token_windows,
    tokens_first,
)
from ._pickling import NetworkStateMixin

__all__ = ["LMHeadBase", "require_y"]

_HEAD = ["head_dense", "head_output"]


class LMHeadBase(NetworkStateMixin, BaseEstimator):
    _skseq_network = True
    # pickled and safe-saved as weights, rebuilt by _build_network (see models._pickling)
    _network_state = "weights"
    _takes_strings = True  # skseq.scanning passes windows as str

    _parameter_constraints = {
        "pretrained": [HasMethods(["fit", "transform"]), None],
        "k": [Interval(Integral, 1, None, closed="left")],
        "stride": [Interval(Integral, 1, None, closed="left")],
        "embedding_dim": [Interval(Integral, 1, None, closed="left")],
        "hidden_units": [Interval(Integral, 1, None, closed="left")],
        "n_layers": [Interval(Integral, 1, None, closed="left")],
        "vocabulary_size": [Interval(Integral, 2, None, closed="left"), None],
        "embedding_dropout": [Interval(Real, 0, 1, closed="left")],
        "input_dropout": [Interval(Real, 0, 1, closed="left")],
        "hidden_dropout": [Interval(Real, 0, 1, closed="left")],
        "output_dropout": [Interval(Real, 0, 1, closed="left")],
        "weight_dropout": [Interval(Real, 0, 1, closed="left")],
        "head_units": [Interval(Integral, 1, None, closed="left")],
        "head_dropout": [Interval(Real, 0, 1, closed="left")],
        "finetune": [StrOptions({"gradual", "all", "head"})],
        "unfreeze_epochs": [Interval(Integral, 1, None, closed="left")],
        "lr_decay": [Interval(Real, 1, None, closed="left")],
        "lm_epochs": [Interval(Integral, 0, None, closed="left")],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "epochs": [Interval(Integral, 1, None, closed="left")],
        "validation_fraction": [Interval(Real, 0, 1, closed="left")],
        "patience": [Interval(Integral, 1, None, closed="left"), None],
        "token_offsets": [StrOptions({"first", "all"})],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        pretrained=None,
        *,
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
        self.pretrained = pretrained
        self.k = k
        self.stride = stride
        self.embedding_dim = embedding_dim
        self.hidden_units = hidden_units
        self.n_layers = n_layers
        self.vocabulary_size = vocabulary_size
        self.embedding_dropout = embedding_dropout
        self.input_dropout = input_dropout
        self.hidden_dropout = hidden_dropout
        self.output_dropout = output_dropout
        self.weight_dropout = weight_dropout
        self.head_units = head_units
        self.head_dropout = head_dropout
        self.finetune = finetune
        self.unfreeze_epochs = unfreeze_epochs
        self.lr_decay = lr_decay
        self.lm_epochs = lm_epochs
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.epochs = epochs
        self.validation_fraction = validation_fraction
        self.patience = patience
        self.token_offsets = token_offsets
        self.random_state = random_state
        self.verbose = verbose

    def __sklearn_clone__(self):
        # A fitted language model is this estimator's input, not a hyperparameter to refit:
        # clones share it (it is only read), as sklearn.frozen.FrozenEstimator would.
        params = self.get_params(deep=False)
        pretrained = params.pop("pretrained")
        new = type(self)(**{name: clone(value, safe=False) for name, value in params.items()})
        new.pretrained = pretrained
        return new

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.one_d_array = False
        tags.input_tags.categorical = True
        tags.input_tags.positive_only = True
        tags.input_tags.sparse = False
        tags.target_tags.required = True
        tags.non_deterministic = False
        return tags

    # ------------------------------------------------------------------ the network

    def _lm(self):
        lm = self.pretrained
        lm = getattr(lm, "estimator", lm) if type(lm).__name__ == "FrozenEstimator" else lm
        if lm is not None:
            check_is_fitted(
                lm,
                "model_",
                msg=f"{type(self).__name__}: pretrained %(name)s is "
                "not fitted; fit it on unlabelled sequences first",
            )
        return lm

    def _encoder_params(self):
        if self._pretrained_lm is not None:
            params = self._pretrained_lm.encoder_params()
        else:
            params = dict(
                vocabulary_size=self.vocabulary_size_,
                embedding_dim=int(self.embedding_dim),
                hidden_units=int(self.hidden_units),
                n_layers=int(self.n_layers),
            )
        params.update(
            embedding_dropout=float(self.embedding_dropout),
            input_dropout=float(self.input_dropout),
            hidden_dropout=float(self.hidden_dropout),
            weight_dropout=float(self.weight_dropout),
        )
        return params

    def _build_network(self):
        from ._lm_network import build_lm_head_model

        return build_lm_head_model(
            n_outputs=self.n_outputs_,
            activation=self._activation,
            head_units=int(self.head_units),
            head_dropout=float(self.head_dropout),
            output_dropout=float(self.output_dropout),
            seed=self._seed,
            **self._encoder_params(),
        )

    # ------------------------------------------------------------------ input

    def _tokens(self, X, reset):
        """Tokens ``(n_offsets, n_sequences, n_tokens)`` and which rows hold any token.

        Strings are tokenised like the LM; with ``token_offsets="all"`` once per start
        offset ``0 .. stride - 1``. An integer token array is one offset.
        """
        is_strings = isinstance(X, (list, tuple)) and len(X) and isinstance(X[0], str)
        if not is_strings and hasattr(X, "dtype"):
            is_strings = X.dtype.kind in "USO" and np.ndim(X) == 1
        if is_strings:
            seqs, lengths = check_sequences(X, caller=type(self).__name__)
            lm = self._lm() if reset else self._pretrained_lm
            k, stride = (lm.k, lm.stride) if lm is not None else (self.k, self.stride)
            k, stride = int(k), int(stride)
            source = "" if lm is None else " of the pretrained language model"
            check_has_tokens(lengths, k, caller=type(self).__name__, source=source)
            offsets = range(stride if self.token_offsets == "all" else 1)
            tokenizer = KmerTokenizer(k=k, stride=stride).fit(seqs)  # pads to the longest
            tokens = np.stack([tokenizer.transform([s[f:] for s in seqs]) for f in offsets])
            # an offset counts where it leaves a whole k-mer (offset 0 always does, checked)
            lengths = np.asarray(lengths)
            present = np.stack([lengths - f >= k for f in offsets])
            vocabulary = len("ACGT") ** k + 2
        else:
            tokens = self._token_array(X, reset)[None]
            present = np.ones(tokens.shape[:2], dtype=bool)
            vocabulary = int(tokens.max()) + 1
        if reset:
            self._pretrained_lm = self._lm()
            if self._pretrained_lm is not None:
                self.vocabulary_size_ = self._pretrained_lm.vocabulary_size_
            elif self.vocabulary_size is not None:
                self.vocabulary_size_ = int(self.vocabulary_size)
            else:
                self.vocabulary_size_ = max(vocabulary, UNK + 1)
            lm = self._pretrained_lm
            self.direction_ = "forward" if lm is None else lm.direction
        # tokens the embedding has no row for are unknown
        tokens = np.where(tokens >= self.vocabulary_size_, UNK, tokens)
        if getattr(self, "direction_", "forward") == "backward":
            tokens = reverse_tokens(tokens)
        # the networks make no mask: padding must follow the tokens (see tokens_first)
        return tokens_first(tokens).astype(np.int32), present

    def _token_array(self, X, reset):
        X = validate_data(self, X, reset=reset, dtype=None, ensure_min_features=1)
        if X.dtype.kind == "O":
            X = X.astype(np.float64)
        if X.dtype.kind == "f" and not np.array_equal(X, np.round(X)):
            row, col = np.argwhere(X != np.round(X))[0]
            raise ValueError(
                f"{type(self).__name__}: X holds {X[row, col]} at sequence {row}, "
                f"position {col}; tokens are integers (use skseq.KmerTokenizer)"
            )
        if X.dtype.kind not in "iuf":
            raise ValueError(f"{type(self).__name__}: tokens must be integers, got {X.dtype}")
        if (X < 0).any():
            row, col = np.argwhere(X < 0)[0]
            raise ValueError(
                f"Negative values in data passed to {type(self).__name__}: token "
                f"{X[row, col]} at sequence {row}, position {col}; tokens are >= 0"
            )
        return X.astype(np.int64)

    # ------------------------------------------------------------------ training

    def _fit(self, X, y, loss, metrics, stratify, callbacks, sample_weight=None):
        tokens, present = X
        self._seed = seed_from(self.random_state)
        n_val = int(round(self.validation_fraction * tokens.shape[1]))
        index = np.arange(tokens.shape[1])
        if 0 < n_val < len(index):
            try:
                train, val = train_test_split(
                    index, test_size=n_val, random_state=self._seed, stratify=stratify
                )
            except ValueError:  # a class too small to stratify
                train, val = train_test_split(index, test_size=n_val, random_state=self._seed)
            train, val = np.sort(train), np.sort(val)
        else:
            train, val = index, None
        # the split is by sequence, so no offset of a held-out sequence is trained on
        offset, seq = copies(present, train)
        weights = None if sample_weight is None else sample_weight[seq]
        train_tokens = tokens[offset, seq]
        train_data = (train_tokens, y[seq], weights)
        val_data = None
        if val is not None:
            offset, seq = copies(present, val)
            val_data = (tokens[offset, seq], y[seq])

        with seeded(self._seed):
            model = self._build_network()
        lm = self._pretrained_lm
        if lm is not None:
            self._copy_encoder(lm.model_, model, lm_tokens=train_tokens)
        names = self._group_names(model)
        factors = {
            name: float(self.lr_decay) ** -g for g, group in enumerate(names) for name in group
        }
        if lm is None or self.finetune == "all":
            stages = [(len(names), int(self.epochs), self.patience)]
        elif self.finetune == "head":
            stages = [(1, int(self.epochs), self.patience)]
        else:
            stages = [(g, int(self.unfreeze_epochs), None) for g in range(1, len(names))]
            stages.append((len(names), int(self.epochs), self.patience))
        self.history_ = []
        for stage, (n_groups, epochs, patience) in enumerate(stages):
            trainable = {name for group in names[:n_groups] for name in group}
            for layer in model.layers:
                layer.trainable = not layer.weights or layer.name in trainable
            # Each stage recompiles (Keras's way to change what trains): one traced training
            # step per stage is inherent. Validation would trace another function, and only
            # the last stage's early stopping (or a callback) reads it: 4 stages traced 8
            # functions where 5 now, and TensorFlow no longer warns of retracing.
            validates = stage == len(stages) - 1 or bool(callbacks)
            model, history = fit_keras(
                None,
                train_data,
                val_data if validates else None,
                model=model,
                loss=loss,
                metrics=metrics,
                factors=factors,
                learning_rate=float(self.learning_rate),
                batch_size=int(self.batch_size),
                epochs=epochs,
                patience=patience,
                seed=self._seed + len(self.history_),
                verbose=self.verbose,
                callbacks=callbacks,
            )
            self.history_.append({"trainable": sorted(trainable), **history})
        for layer in model.layers:
            layer.trainable = True
        self.model_ = model
        self.n_epochs_ = sum(len(h["loss"]) for h in self.history_)
        return self

    def _group_names(self, model):
        """Layer groups from the head to the input: head, last LSTM, ..., first, embedding."""
        n_layers = self._encoder_params()["n_layers"]
        return [_HEAD, *([f"lstm_{i}"] for i in range(n_layers, 0, -1)), ["embedding"]]

    def _copy_encoder(self, source, target, lm_tokens):
        from ._lm_network import encoder_layer_names

        names = encoder_layer_names(self._encoder_params()["n_layers"])
        if self.lm_epochs:
            source = self._finetune_lm(lm_tokens)
        for name in names:
            target.get_layer(name).set_weights(source.get_layer(name).get_weights())

    def _finetune_lm(self, tokens):
        """A copy of the pretrained LM trained further on the task's own sequences."""
        lm = self._pretrained_lm
        model = lm._build_network()
        model.set_weights(lm.model_.get_weights())
        windows = token_windows(tokens, int(lm.bptt))
        fit_keras(
            None,
            windows,
            None,
            model=model,
            from_logits=True,
            learning_rate=float(self.learning_rate),
            batch_size=int(self.batch_size),
            epochs=int(self.lm_epochs),
            patience=None,
            seed=self._seed,
            verbose=self.verbose,
        )
        return model

    def _predict_raw(self, X):
        check_is_fitted(self, "model_")
        tokens, present = self._tokens(X, reset=False)
        n_offsets, n, length = tokens.shape
        # traced even for a few batches: called directly, TensorFlow runs an LSTM one time
        # step at a time (about 330 ms a batch, against a few ms once traced)
        out = self.model_.predict(
            tokens.reshape(-1, length), batch_size=max(int(self.batch_size), 512), verbose=0
        )
        out = np.asarray(out, dtype=np.float64).reshape(n_offsets, n, -1)
        weights = present[..., None].astype(np.float64)
        return (out * weights).sum(axis=0) / weights.sum(axis=0)


def copies(present, rows):
    """(offset, sequence) indices of the tokenised copies of sequences ``rows``, offset
    after offset, leaving out copies without a token (``present`` is False)."""
    offset, position = np.nonzero(present[:, rows])
    return offset, rows[position]


def require_y(estimator, y):
    if y is None:
        raise ValueError(
            f"{type(estimator).__name__} requires y to be passed, but the target y is None"
        )
