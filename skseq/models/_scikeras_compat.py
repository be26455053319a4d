"""Every accommodation of scikeras in one place; nothing else in skseq imports scikeras.

The estimators subclass scikeras' public ``KerasClassifier`` / ``KerasRegressor`` (the bridge
this project's users chose: code that recognises scikeras wrappers still does), but they own
``fit`` and ``predict`` and take nothing else from it. scikeras 0.13 (unmaintained since
2024) clashes with scikit-learn >= 1.6 in the ways below; each shim says which.

1. **Parameters.** scikeras finds hyperparameters in ``__dict__`` (``_get_param_names``) and
   routes ``optimizer__...`` prefixes in ``set_params``. Here every hyperparameter is an
   explicit ``__init__`` argument (scikit-learn's contract), so ``_get_param_names`` reads the
   ``__init__`` signature as scikit-learn's does, and ``get_params`` / ``set_params`` /
   ``__repr__`` are scikit-learn's own (scikeras' repr is a tab-separated list).
2. **Tags.** scikeras declares no ``__sklearn_tags__`` (so ``is_classifier`` was False) but
   the old ``_more_tags``, which sends scikit-learn >= 1.6 down its legacy tag path: that
   path calls ``__sklearn_tags__`` of every class in the MRO, including ``ClassifierMixin``'s,
   whose ``super()`` would reach ``object``. :class:`_TagsRoot`, the last base class, answers
   that call; ``_tags = {}`` keeps scikeras' own old-style tags (``poor_score``, its expected
   failures) out. The estimators' ``__sklearn_tags__`` are the whole truth.
3. **Methods that would run scikeras' own pipeline** (``partial_fit``, ``initialize``) are
   removed: they would convert and copy the input and bypass the validation here.
4. **Pickling.** Importing scikeras replaces ``keras.Model.__reduce__`` (and
   ``__deepcopy__``) globally with its own, which saves through private Keras modules and
   loads in Keras' safe mode, so a network with a ``Lambda`` layer pickles but cannot be
   unpickled. The estimators therefore pickle their network themselves (see
   :mod:`skseq.models._serialization`); the patch still applies to bare Keras models.

Two ``check_estimator`` checks fail because of the base class and cannot be fixed in a
subclass (``check_mixin_order``, ``check_estimator_tags_renamed``); they are listed with
their reasons in ``tests/models/test_sklearn_compat.py``.
"""

import inspect

from scikeras.wrappers import KerasClassifier, KerasRegressor
from sklearn.base import BaseEstimator

__all__ = ["ClassifierBase", "RegressorBase"]


class _ScikerasShims:
    """Shims 1 and 3 of the module docstring (and the ``_tags`` part of 2)."""

    _tags = {}

    @classmethod
    def _get_param_names(cls):
        """Parameter names from the ``__init__`` signature, as scikit-learn reads them."""
        signature = inspect.signature(cls.__init__)
        return sorted(
            p.name
            for p in signature.parameters.values()
            if p.name != "self" and p.kind is not p.VAR_KEYWORD
        )

    get_params = BaseEstimator.get_params
    set_params = BaseEstimator.set_params
    __repr__ = BaseEstimator.__repr__

    @property
    def partial_fit(self):
        raise AttributeError(f"{type(self).__name__} does not support partial_fit.")

    @property
    def initialize(self):
        raise AttributeError(f"{type(self).__name__} does not support initialize; use fit.")


class _TagsRoot:
    """Last base class: gives the mixins' ``super().__sklearn_tags__()`` something to call."""

    def __sklearn_tags__(self):
        return BaseEstimator.__sklearn_tags__(self)


class ClassifierBase(_ScikerasShims, KerasClassifier, _TagsRoot):
    """scikeras' ``KerasClassifier`` with the shims above."""


class RegressorBase(_ScikerasShims, KerasRegressor, _TagsRoot):
    """scikeras' ``KerasRegressor`` with the shims above."""
