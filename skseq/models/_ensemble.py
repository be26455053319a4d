"""Ensembles of sequence networks: k members, their predictions averaged.

Members differ by seed (each trained on all the data, stopping early on its own random
validation split) or are cross-validation folds: member ``i`` trains on every fold but the
``i``-th and stops early on that one (``GroupKFold`` when ``groups`` are given, for example
chromosomes), the fold-averaged models of ChromBPNet. The fitted ensemble holds one Keras
network, ``model_``, that averages its members' outputs, so attributions, ``scan`` and
everything else that takes a network estimator works on it and averages over the members.
"""

from numbers import Integral

import keras
import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin, clone
from sklearn.model_selection import GroupKFold, KFold, StratifiedKFold
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from skseq.utils import is_network_estimator, validate_params
from skseq.utils._param_validation import HasMethods, Interval, StrOptions

__all__ = ["SequenceEnsembleClassifier", "SequenceEnsembleRegressor"]


def average_model(members, input_shape):
    """One Keras network whose output is the mean of the members' networks' outputs."""
    inputs = keras.Input(shape=input_shape, name="sequences")
    # the same layers and weights under a name of their own: the members' networks share one
    networks = [
        keras.Model(m.model_.inputs, m.model_.outputs[0], name=f"member_{i}")
        for i, m in enumerate(members)
    ]
    outputs = [network(inputs) for network in networks]
    mean = outputs[0] if len(outputs) == 1 else keras.layers.Average(name="mean")(outputs)
    return keras.Model(inputs, mean, name="ensemble")


class _SequenceEnsembleBase(BaseEstimator):
    """Shared fitting, persistence and parameters of the two ensembles."""

    _skseq_network = True  # see skseq.utils.is_network_estimator: model_ is the mean network

    _parameter_constraints = {
        "estimator": [HasMethods(["fit", "predict"]), None],
        "n_members": [Interval(Integral, 2, None, closed="left")],
        "members": [StrOptions({"seeds", "folds"})],
        "random_state": ["random_state"],
    }

    def __init__(self, estimator=None, *, n_members=5, members="seeds", random_state=None):
        self.estimator = estimator
        self.n_members = n_members
        self.members = members
        self.random_state = random_state

    #: The folds of ``members="folds"`` without groups (stratified for classifiers).
    _folds = KFold

    def _default_estimator(self):
        raise NotImplementedError

    def _splitter(self, groups):
        if groups is not None:
            return GroupKFold(int(self.n_members))
        seed = check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
        return self._folds(int(self.n_members), shuffle=True, random_state=seed)

    def fit(self, X, y, groups=None, sample_weight=None):
        """Train ``n_members`` copies of ``estimator``.

        Parameters
        ----------
        X : array-like of shape (n_sequences, length, channels)
            Encoded sequences (put the ensemble after an encoder in a Pipeline for strings).
        y : array-like of shape (n_sequences,) or (n_sequences, n_outputs)
            Targets.
        groups : array-like of shape (n_sequences,), default=None
            With ``members="folds"``: the folds keep groups (e.g. chromosomes) apart
            (``GroupKFold``). Ignored with ``members="seeds"``.
        sample_weight : array-like of shape (n_sequences,), default=None
            Weights of the sequences in every member's loss.

        Returns
        -------
        self
        """
        validate_params(self)
        name = type(self).__name__
        template = self._default_estimator() if self.estimator is None else self.estimator
        if not is_network_estimator(template) or "random_state" not in template.get_params():
            raise TypeError(
                f"{name}: estimator must be a skseq network estimator such as "
                f"SequenceCNNClassifier (put encoders before the ensemble in a Pipeline); got "
                f"{type(template).__name__}"
            )
        if y is None:
            raise ValueError(f"{name} requires y to be passed, but the target y is None.")
        y = np.asarray(y)
        rng = check_random_state(self.random_state)
        seeds = rng.randint(np.iinfo(np.int32).max, size=int(self.n_members))
        if self.members == "folds":
            splits = list(self._splitter(groups).split(np.zeros(len(y)), y, groups))
        else:
            splits = [(None, None)] * int(self.n_members)
        fitted = []
        for seed, (_, held_out) in zip(seeds, splits):
            member = clone(template).set_params(random_state=int(seed))
            member.fit(X, y, sample_weight=sample_weight, validation_indices=held_out)
            fitted.append(member)
        self.estimators_ = fitted
        self._finish_fit()
        return self

    def _finish_fit(self):
        first = self.estimators_[0]
        self.input_shape_ = first.input_shape_
        self.n_features_in_ = first.n_features_in_
        if hasattr(first, "feature_names_in_"):
            self.feature_names_in_ = first.feature_names_in_
        self.model_ = average_model(self.estimators_, self.input_shape_)

    @property
    def n_global_features(self):
        """Channels at the end of X that the members treat as per-sequence features."""
        template = self._default_estimator() if self.estimator is None else self.estimator
        return template.get_params().get("n_global_features", 0)

    def _mean(self, method, X):
        check_is_fitted(self, "estimators_")
        return np.mean([getattr(member, method)(X) for member in self.estimators_], axis=0)

    # the members pickle their own networks; the mean network is rebuilt from them
    def __getstate__(self):
        state = dict(super().__getstate__())
        state.pop("model_", None)
        return state

    def __setstate__(self, state):
        super().__setstate__(state)
        if "estimators_" in state:
            self.model_ = average_model(self.estimators_, self.input_shape_)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.target_tags.required = True
        tags.target_tags.multi_output = True  # as the members: multilabel, several targets
        return tags


class SequenceEnsembleClassifier(ClassifierMixin, _SequenceEnsembleBase):
    """An ensemble of sequence classifiers whose class probabilities are averaged.

    Parameters
    ----------
    estimator : estimator, default=None
        The member: a skseq network classifier (``None``: a default
        :class:`~skseq.SequenceCNNClassifier`). Each member is a clone with its own
        ``random_state``.
    n_members : int, default=5
        Number of members.
    members : {"seeds", "folds"}, default="seeds"
        ``"seeds"``: every member trains on all of X with its own seed (and its own random
        validation split for early stopping). ``"folds"``: X is cut into ``n_members``
        folds (stratified, or ``GroupKFold`` when ``fit`` gets ``groups``); member ``i``
        trains on the other folds and stops early on fold ``i``.
    random_state : int, RandomState or None, default=None
        Seeds the members' seeds and the folds.

    Attributes
    ----------
    estimators_ : list of estimators
        The fitted members.
    classes_ : ndarray
        The class labels.
    model_ : keras.Model
        One network averaging the members' outputs (what attributions and ``scan`` use).

    Examples
    --------
    >>> import numpy as np
    >>> from skseq import SequenceCNNClassifier
    >>> from skseq.models import SequenceEnsembleClassifier
    >>> rng = np.random.default_rng(0)
    >>> X = np.eye(4, dtype="uint8")[rng.integers(0, 4, (60, 12))]
    >>> y = X[:, 5, 0]  # an A at position 5
    >>> member = SequenceCNNClassifier(epochs=2, n_filters=4, dense_units=8, random_state=0)
    >>> ens = SequenceEnsembleClassifier(member, n_members=2, random_state=0).fit(X, y)
    >>> ens.predict_proba(X).shape, len(ens.estimators_)
    ((60, 2), 2)
    """

    _folds = StratifiedKFold

    def _default_estimator(self):
        from ._classifier import SequenceCNNClassifier

        return SequenceCNNClassifier()

    def _finish_fit(self):
        super()._finish_fit()
        classes = [np.asarray(m.classes_) for m in self.estimators_]
        if any(len(c) != len(classes[0]) or np.any(c != classes[0]) for c in classes):
            raise ValueError(
                f"{type(self).__name__}: the members saw different classes "
                f"({[c.tolist() for c in classes]}); a fold lacked a class: use fewer members"
            )
        self.classes_ = classes[0]

    def predict_proba(self, X):
        """Mean of the members' class probabilities.

        Parameters
        ----------
        X : array-like of shape (n_sequences, length, channels)

        Returns
        -------
        ndarray of shape (n_sequences, n_classes)
        """
        return self._mean("predict_proba", X)

    def predict(self, X):
        """The class with the highest mean probability (multilabel: each label above 0.5).

        Parameters
        ----------
        X : array-like of shape (n_sequences, length, channels)

        Returns
        -------
        ndarray of shape (n_sequences,)
        """
        proba = self.predict_proba(X)
        if getattr(self.estimators_[0], "_multilabel", False):  # an indicator matrix, as theirs
            return (proba > 0.5).astype(int)
        return self.classes_[np.argmax(proba, axis=1)]


class SequenceEnsembleRegressor(RegressorMixin, _SequenceEnsembleBase):
    """An ensemble of sequence regressors whose predictions are averaged.

    Parameters
    ----------
    estimator : estimator, default=None
        The member: a skseq network regressor (``None``: a default
        :class:`~skseq.SequenceCNNRegressor`).
    n_members : int, default=5
        Number of members.
    members : {"seeds", "folds"}, default="seeds"
        As for :class:`SequenceEnsembleClassifier` (folds are ``KFold`` or ``GroupKFold``).
    random_state : int, RandomState or None, default=None
        Seeds the members' seeds and the folds.

    Attributes
    ----------
    estimators_ : list of estimators
        The fitted members.
    model_ : keras.Model
        One network averaging the members' outputs.

    Examples
    --------
    >>> import numpy as np
    >>> from skseq import SequenceCNNRegressor
    >>> from skseq.models import SequenceEnsembleRegressor
    >>> rng = np.random.default_rng(0)
    >>> X = np.eye(4, dtype="uint8")[rng.integers(0, 4, (60, 12))]
    >>> member = SequenceCNNRegressor(epochs=2, n_filters=4, dense_units=8)
    >>> ens = SequenceEnsembleRegressor(member, n_members=2, random_state=0)
    >>> ens.fit(X, X[:, :, 0].sum(axis=1)).predict(X).shape
    (60,)
    """

    def _default_estimator(self):
        from ._regressor import SequenceCNNRegressor

        return SequenceCNNRegressor()

    def predict(self, X):
        """Mean of the members' predictions.

        Parameters
        ----------
        X : array-like of shape (n_sequences, length, channels)

        Returns
        -------
        ndarray of shape (n_sequences,) or (n_sequences, n_outputs)
        """
        return self._mean("predict", X)
