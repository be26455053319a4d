"""Pickling and safe saving of every network estimator (the CNNs and the language models).

The fitted ``model_`` never goes into the state as a Keras object. Each family says how it
travels (:attr:`NetworkStateMixin._network_state`):

- ``"archive"`` (the CNNs, whose network may come from a user's ``model=`` builder): the bytes
  of a ``.keras`` archive (:mod:`skseq.models._serialization`), checked to load in Keras'
  safe mode when :func:`skseq.io.save` writes it;
- ``"weights"`` (the language models, whose custom layers share one matrix): the weights as
  numpy arrays; loading rebuilds the network with ``_build_network`` from the
  hyperparameters, so the file holds no code and no Keras archive.

``pickle`` and ``copy.deepcopy`` go through ``__reduce__`` (the user trusts a pickle, so
``Lambda`` layers load too); skops (:func:`skseq.io.load`) calls ``__setstate__``, which
always loads in safe mode. Either state loads through both. Keras is imported only when a
network is stored or restored.
"""

import numpy as np
from sklearn.base import BaseEstimator

from skseq.io._persistence import SAFE_SAVE, SavedNetworkError

__all__ = ["NetworkStateMixin"]


def _unpickle(cls, state):
    """Rebuild an estimator pickled by ``__reduce__`` (pickle is trusted: no safe mode)."""
    estimator = cls.__new__(cls)
    estimator._restore_state(state, safe_mode=False)
    return estimator


class NetworkStateMixin:
    """``model_`` pickled and safe-saved as a ``.keras`` archive or as its weights.

    Attributes
    ----------
    _network_state : {"archive", "weights"}
        How ``model_`` is stored (see the module docstring). ``"weights"`` needs a
        ``_build_network()`` method that rebuilds the network from the fitted estimator.
    _state_defaults : dict
        Attributes added after files were saved, with the value an older file means.

    Examples
    --------
    >>> import pickle
    >>> from skseq.models import SequenceCNNClassifier, SequenceLanguageModel
    >>> issubclass(SequenceLanguageModel, NetworkStateMixin)
    True
    >>> clf = pickle.loads(pickle.dumps(SequenceCNNClassifier(n_filters=4)))
    >>> clf.n_filters, hasattr(clf, "model_")
    (4, False)
    """

    _network_state = "archive"
    _state_defaults = {}

    def __getstate__(self):
        state = dict(BaseEstimator.__getstate__(self))
        model = state.pop("model_", None)
        if model is None:
            return state
        if self._network_state == "weights":
            state["_model_weights"] = [np.asarray(w) for w in model.get_weights()]
            return state
        from ._serialization import model_to_bytes

        saving = SAFE_SAVE.get()
        if saving is None:  # pickle, deepcopy
            state["_model_archive"] = model_to_bytes(model)
        else:  # skseq.io.save: the file must load in safe mode; skops asks twice
            if id(model) not in saving:
                saving[id(model)] = self._safe_archive(model)
            state["_model_archive"] = saving[id(model)]
        return state

    def _safe_archive(self, model):
        """The network's archive, after checking it loads in Keras' safe mode."""
        from ._serialization import model_from_bytes, model_to_bytes, unsafe_layers

        name = type(self).__name__
        lambdas = unsafe_layers(model)
        if lambdas:
            raise ValueError(
                f"{name}: the network has Lambda layers ({', '.join(lambdas)}), which store "
                "Python code and cannot be loaded in Keras' safe mode, so skseq.io.save "
                "refuses to write it. Replace each Lambda by a layer class registered with "
                "keras.saving.register_keras_serializable, or pickle the estimator (a pickle "
                "runs code when loaded: load only your own)."
            )
        archive = model_to_bytes(model)
        try:
            model_from_bytes(archive, safe_mode=True)
        except Exception as exc:
            raise ValueError(
                f"{name}: the network cannot be loaded back in Keras' safe mode ({exc}), so "
                "skseq.io.save refuses to write it. Register custom layers with "
                "keras.saving.register_keras_serializable, or pickle the estimator."
            ) from exc
        return archive

    def __setstate__(self, state):
        # reached by skops (skseq.io.load), which must never run code from a file
        self._restore_state(state, safe_mode=True)

    def __reduce__(self):
        # pickle and copy.deepcopy: the user trusts the pickle, so Lambda layers load too
        return (_unpickle, (type(self), self.__getstate__()))

    def _restore_state(self, state, *, safe_mode):
        state = {**self._state_defaults, **state}
        archive = state.pop("_model_archive", None)
        weights = state.pop("_model_weights", None)
        BaseEstimator.__setstate__(self, state)
        name = type(self).__name__
        if archive is not None:
            from ._serialization import model_from_bytes

            try:
                self.model_ = model_from_bytes(archive, safe_mode=safe_mode)
            except Exception as exc:
                raise SavedNetworkError(f"{name}: the network cannot be rebuilt: {exc}") from exc
        elif weights is not None:
            self.model_ = self._build_network()
            try:
                self.model_.set_weights(weights)
            except ValueError as exc:
                raise SavedNetworkError(
                    f"{name}: the network inside does not match its saved hyperparameters "
                    f"(edited, or saved by another version): {exc}"
                ) from exc
