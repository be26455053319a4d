"""A k-mer language model pretrained on unlabelled sequence (a genome), as an sklearn estimator."""

import weakref
from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from skseq.preprocessing._kmers import KmerTokenizer
from skseq.utils import check_sequences
from skseq.utils._param_validation import Interval, StrOptions, validate_params
from skseq.utils._random import seed_from

from ._lm_common import (
    check_has_tokens,
    cut_documents,
    fit_keras,
    informed_random_loss,
    kept_val_loss,
    next_token_loss,
    no_documents_message,
    reverse_tokens,
    tokens_first,
    warn_if_not_below_baseline,
)
from ._lm_windows import packed_token_windows, token_windows
from ._pickling import NetworkStateMixin

__all__ = ["SequenceLanguageModel", "informed_random_loss"]

#: The pooled encoder :meth:`SequenceLanguageModel.transform` runs, per fitted network.
_ENCODERS = weakref.WeakKeyDictionary()


class SequenceLanguageModel(NetworkStateMixin, TransformerMixin, BaseEstimator):
    """An AWD-LSTM-style language model on overlapping k-mers, pretrained by next-token loss.

    ``fit(X)`` cuts the sequences (a genome's records, or many short sequences) into
    documents as Genomic-ULMFiT did (``chunk_length`` pieces, those with any symbol outside
    the alphabet dropped, re-cut into ``document_length`` documents), tokenises them with
    :class:`~skseq.preprocessing.KmerTokenizer`, and trains a stacked LSTM with a tied
    decoder to predict each next token, in windows of ``bptt`` tokens, with a one-cycle
    learning rate and early stopping on held-out documents. The fitted model gives
    sequence embeddings (:meth:`transform`) and initialises
    :class:`SequenceLMClassifier` / :class:`SequenceLMRegressor`.

    Parameters
    ----------
    k : int, default=5
        k-mer length of the tokens.
    stride : int, default=2
        Step between tokens.
    embedding_dim : int, default=64
        Size of the token embedding (and of the last LSTM layer, tied to it).
    hidden_units : int, default=256
        Units of the other LSTM layers.
    n_layers : int, default=2
        LSTM layers.
    direction : {"forward", "backward"}, default="forward"
        The order the network reads each sequence's tokens in. A backward model predicts
        each token from the ones after it (ULMFiT's backward LM); fine-tuned classifiers
        read their sequences the same way, and a forward and a backward classifier make an
        ensemble (``VotingClassifier(voting="soft")``).
    embedding_dropout, input_dropout, hidden_dropout, output_dropout, weight_dropout : float
        AWD-LSTM's dropouts (defaults 0.02, 0.1, 0.1, 0.1, 0.0); see
        :mod:`skseq.models._lm_network` for what each becomes in Keras 3. ``weight_dropout``
        is Keras' ``recurrent_dropout`` and slows training on CPU.
    chunk_length : int or None, default=2000
        Length of the pieces the sequences are cut into before dropping those with symbols
        outside the alphabet (``N``); None keeps every sequence whole (and drops none).
    document_length : int or None, default=900
        Length of the documents the kept pieces are re-cut into; None keeps the pieces.
    bptt : int, default=70
        Tokens per window (back-propagation through time). Training lays the documents end
        to end first, so only the last window is padded; ``loss`` cuts each one alone.
    learning_rate : float, default=1e-2
        Peak learning rate of the one-cycle schedule (Adam). On 10 % of E. coli (5 epochs) 1e-2
        reached 2.714 (informed random 2.759); 3e-3 had barely left the uniform loss.
    batch_size : int, default=64
        Windows per batch.
    epochs : int, default=10
        Maximum number of epochs (the one-cycle schedule spans all of them).
    validation_fraction : float in [0, 1), default=0.1
        Fraction of the documents held out for early stopping and :attr:`val_loss_`.
    patience : int or None, default=2
        Epochs without improvement of the validation loss before stopping (best weights
        kept), counted after the one-cycle warm-up (the first quarter of ``epochs``);
        None trains all ``epochs``.
    precision : {"float32", "mixed_bfloat16", "mixed_float16"}, default="float32"
        Keras dtype policy of the layers, as for :class:`~skseq.SequenceCNNClassifier`
        (the decoder's logits stay in float32). ``"mixed_bfloat16"`` pays on CPUs with
        AVX-512 BF16 or AMX (``benchmarks/pretrain_speed.py``).
    random_state : int, RandomState instance or None, default=None
        Seeds the split, the weights, dropout and shuffling.
    verbose : int, default=1
        1: a progress bar over epochs with the losses, on standard error when it is a
        terminal (see :func:`skseq.utils.progress`); 2: Keras' line per epoch; 0: nothing.

    Attributes
    ----------
    model_ : keras.Model
        The language model: tokens ``(batch, time)`` -> next-token logits.
    tokenizer_ : KmerTokenizer
        The fitted tokenizer (its vocabulary is fixed by ``k`` and the alphabet).
    vocabulary_size_ : int
    informed_random_loss_ : float
        The informed-random baseline on the training documents (see
        :func:`informed_random_loss`).
    val_loss_ : float or None
        Validation loss (nats per token) of the kept weights (the best epoch's with early
        stopping, else the last's); None without validation. ``fit`` warns
        (:class:`~sklearn.exceptions.ConvergenceWarning`) when it is not below
        ``informed_random_loss_``: the model has then learned nothing usable.
    history_ : dict of list
        Per-epoch ``loss`` and ``val_loss``.
    n_documents_ : int
        Documents trained on (after cutting and dropping).

    Examples
    --------
    >>> from skseq.models._lm import SequenceLanguageModel
    >>> lm = SequenceLanguageModel(k=3, stride=1, embedding_dim=8, hidden_units=16,
    ...                            n_layers=1, bptt=20, epochs=4, batch_size=8,
    ...                            learning_rate=5e-2, random_state=0)
    >>> lm.fit(["ACGTTGCA" * 40] * 10).transform(["ACGTTGCAACG"]).shape
    (1, 24)
    >>> round(lm.informed_random_loss_, 3)   # ln 4: one new symbol per token
    1.386
    >>> bool(lm.val_loss_ < lm.informed_random_loss_)   # it learned the repeat
    True
    >>> lm.score(["ACGTTGCA" * 40]) == -lm.loss(["ACGTTGCA" * 40])   # higher is better
    True
    """

    _skseq_network = True
    # pickled and safe-saved as weights, rebuilt by _build_network (see models._pickling)
    _network_state = "weights"
    # models saved before ``direction`` existed read forward
    _state_defaults = {"direction": "forward", "precision": "float32"}

    _parameter_constraints = {
        "k": [Interval(Integral, 1, None, closed="left")],
        "stride": [Interval(Integral, 1, None, closed="left")],
        "embedding_dim": [Interval(Integral, 1, None, closed="left")],
        "hidden_units": [Interval(Integral, 1, None, closed="left")],
        "n_layers": [Interval(Integral, 1, None, closed="left")],
        "direction": [StrOptions({"forward", "backward"})],
        "embedding_dropout": [Interval(Real, 0, 1, closed="left")],
        "input_dropout": [Interval(Real, 0, 1, closed="left")],
        "hidden_dropout": [Interval(Real, 0, 1, closed="left")],
        "output_dropout": [Interval(Real, 0, 1, closed="left")],
        "weight_dropout": [Interval(Real, 0, 1, closed="left")],
        "chunk_length": [Interval(Integral, 1, None, closed="left"), None],
        "document_length": [Interval(Integral, 1, None, closed="left"), None],
        "bptt": [Interval(Integral, 2, None, closed="left")],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "epochs": [Interval(Integral, 1, None, closed="left")],
        "validation_fraction": [Interval(Real, 0, 1, closed="left")],
        "patience": [Interval(Integral, 1, None, closed="left"), None],
        "precision": [StrOptions({"float32", "mixed_bfloat16", "mixed_float16"})],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        k=5,
        stride=2,
        *,
        embedding_dim=64,
        hidden_units=256,
        n_layers=2,
        direction="forward",
        embedding_dropout=0.02,
        input_dropout=0.1,
        hidden_dropout=0.1,
        output_dropout=0.1,
        weight_dropout=0.0,
        chunk_length=2000,
        document_length=900,
        bptt=70,
        learning_rate=1e-2,
        batch_size=64,
        epochs=10,
        validation_fraction=0.1,
        patience=2,
        precision="float32",
        random_state=None,
        verbose=1,
    ):
        self.k = k
        self.stride = stride
        self.embedding_dim = embedding_dim
        self.hidden_units = hidden_units
        self.n_layers = n_layers
        self.direction = direction
        self.embedding_dropout = embedding_dropout
        self.input_dropout = input_dropout
        self.hidden_dropout = hidden_dropout
        self.output_dropout = output_dropout
        self.weight_dropout = weight_dropout
        self.chunk_length = chunk_length
        self.document_length = document_length
        self.bptt = bptt
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.epochs = epochs
        self.validation_fraction = validation_fraction
        self.patience = patience
        self.precision = precision
        self.random_state = random_state
        self.verbose = verbose

    # ------------------------------------------------------------------ the network

    def encoder_params(self):
        """Keyword arguments of :func:`~skseq.models._lm_network.build_encoder` (fitted)."""
        return dict(
            vocabulary_size=self.vocabulary_size_,
            embedding_dim=int(self.embedding_dim),
            hidden_units=int(self.hidden_units),
            n_layers=int(self.n_layers),
            embedding_dropout=float(self.embedding_dropout),
            input_dropout=float(self.input_dropout),
            hidden_dropout=float(self.hidden_dropout),
            weight_dropout=float(self.weight_dropout),
        )

    def _build_network(self):
        from ._lm_network import build_language_model
        from ._training import dtype_policy

        with dtype_policy(self.precision):
            return build_language_model(
                output_dropout=float(self.output_dropout), seed=self._seed, **self.encoder_params()
            )

    # ------------------------------------------------------------------ data

    def oriented(self, tokens):
        """Tokens as read: reversed if ``direction`` is backward, padding behind (tokens_first)."""
        return tokens_first(reverse_tokens(tokens) if self.direction == "backward" else tokens)

    def _windows(self, seqs, packed=False):
        """Documents -> next-token windows; ``packed`` (training) lays them end to end."""
        tokens = self.oriented(self.tokenizer_.transform(seqs))
        return (packed_token_windows if packed else token_windows)(tokens, int(self.bptt))

    def _documents(self, X):
        seqs, lengths = check_sequences(X, caller=type(self).__name__)
        check_has_tokens(lengths, int(self.k), caller=type(self).__name__)
        docs = cut_documents(
            seqs,
            chunk_length=self.chunk_length,
            document_length=self.document_length,
            alphabet=self.tokenizer_._alphabet,
            min_length=int(self.k) + int(self.stride),
        )
        if len(docs) == 0:
            raise ValueError(no_documents_message(self, lengths))
        return docs

    # ------------------------------------------------------------------ fitting

    def fit(self, X, y=None, callbacks=None):
        """Pretrain on unlabelled sequences.

        Parameters
        ----------
        X : iterable of str
            Sequences: a genome's records (``read_fasta(path).sequences``) or many short
            sequences.
        y : None
            Ignored.
        callbacks : list of keras.callbacks.Callback, default=None
            Extra Keras callbacks for this fit.

        Returns
        -------
        self : SequenceLanguageModel

        Raises
        ------
        ValueError
            Before training, for a sequence shorter than ``k`` (it gives no token; named
            with its length) or when no document is left after cutting (saying why).

        Warns
        -----
        ConvergenceWarning
            When the held-out loss :attr:`val_loss_` is not below
            :attr:`informed_random_loss_` (both in the message, with what to change).
        """
        validate_params(self)
        self.tokenizer_ = KmerTokenizer(k=int(self.k), stride=int(self.stride)).fit(["A"])
        self.vocabulary_size_ = self.tokenizer_.vocabulary_size_
        docs = self._documents(X)
        self.n_documents_ = len(docs)
        self.tokenizer_.set_params(length=self.tokenizer_.n_tokens(max(map(len, docs))))
        self.tokenizer_.fit(docs[:1])
        self._seed = seed_from(self.random_state)
        rng = check_random_state(self._seed)
        n_val = int(round(self.validation_fraction * len(docs)))
        order = rng.permutation(len(docs))
        val_docs, train_docs = docs[np.sort(order[:n_val])], docs[np.sort(order[n_val:])]
        train = self._windows(train_docs, packed=True)
        val = self._windows(val_docs) if n_val else None
        self.informed_random_loss_ = informed_random_loss(
            train[1],
            k=int(self.k),
            stride=int(self.stride),
            n_symbols=len(self.tokenizer_.alphabet_),
            direction=self.direction,
        )
        self.model_, self.history_ = fit_keras(
            self._build_network,
            train,
            val,
            learning_rate=float(self.learning_rate),
            batch_size=int(self.batch_size),
            epochs=int(self.epochs),
            patience=self.patience,
            seed=self._seed,
            from_logits=True,
            verbose=self.verbose,
            callbacks=callbacks,
            desc="pretraining",
        )
        self.val_loss_ = kept_val_loss(self.history_, int(self.epochs), self.patience)
        warn_if_not_below_baseline(self, n_tokens=int(train[2].sum()))
        return self

    # ------------------------------------------------------------------ using

    def loss(self, X):
        """Mean next-token cross-entropy (nats per token) on sequences cut like in ``fit``.

        Parameters
        ----------
        X : iterable of str

        Returns
        -------
        float
            Compare with :attr:`informed_random_loss_` (or :func:`informed_random_loss` of
            the same sequences): only a loss below it shows learned structure.
        """
        check_is_fitted(self, "model_")
        return next_token_loss(self.model_, self._windows(self._documents(X)))

    def score(self, X, y=None):
        """Mean log-likelihood per token (the negative :meth:`loss`; higher is better).

        Parameters
        ----------
        X : iterable of str
        y : None
            Ignored.

        Returns
        -------
        float
        """
        return -self.loss(X)

    def transform(self, X):
        """Pooled embeddings of sequences: the last LSTM layer's last, max and mean output.

        Parameters
        ----------
        X : iterable of str
            Sequences (each tokenised whole; not cut into documents).

        Returns
        -------
        ndarray of shape (n_sequences, 3 * embedding_dim)
        """
        from ._lm_network import build_pooled_encoder

        check_is_fitted(self, "model_")
        seqs, lengths = check_sequences(X, caller=type(self).__name__)
        check_has_tokens(lengths, int(self.k), caller=type(self).__name__)
        tokenizer = KmerTokenizer(k=int(self.k), stride=int(self.stride)).fit(seqs)
        tokens = self.oriented(tokenizer.transform(seqs))
        encoder = _ENCODERS.get(self.model_)
        if encoder is None:  # one per network: a new Model would trace a new predict function
            encoder = _ENCODERS[self.model_] = build_pooled_encoder(self.model_, self.n_layers)
        return np.asarray(encoder.predict(tokens, batch_size=256, verbose=0), dtype=np.float64)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.one_d_array = True
        tags.input_tags.two_d_array = False
        tags.requires_fit = True
        tags.non_deterministic = True
        return tags
