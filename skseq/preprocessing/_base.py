"""The skeleton the sequence transformers share: ``fit``, ``fit_transform`` and ``transform``.

Each transformer fills in the hooks; the order of checks is the same for all of them, and
``fit_transform`` reads and parses ``X`` once:

- ``_check_params()``: hyperparameter checks beyond the constraints (run after
  :func:`~skseq.utils.validate_params`, before ``X`` is read); what it returns goes to
  ``_learn``;
- ``_parse(X)``: the checked, parsed input;
- ``_learn(parsed, checked)``: set the fitted attributes;
- ``_check_fit(parsed)``: checks ``fit`` runs that ``fit_transform`` gets from making the
  output (e.g. a validation-only encoding pass);
- ``_check_transform(parsed)``: that new input matches what ``fit`` saw;
- ``_output(parsed)``: the transformed array;
- ``_complement_channels()``: for each output channel, the channel of its complement on the
  other strand, or None (the default) when the channels have none.

The last is recorded as the fitted attribute ``complement_channels_`` and travels with the
output (an :class:`~skseq.utils.EncodedSequences`), since a Pipeline gives the estimator
after a transformer nothing but that output: it is how the estimator's
``reverse_complement`` knows which channel becomes which.
"""

from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from skseq.utils import EncodedSequences, validate_params


class EncoderBase(TransformerMixin, BaseEstimator):
    """``fit`` / ``fit_transform`` / ``transform`` of a transformer, built on its hooks."""

    #: The fitted attribute ``transform`` checks for (None: any attribute ending in ``_``).
    _fitted_attribute = None
    #: Whether the output's last axis is channels (then returned as EncodedSequences).
    _channel_output = True

    def fit(self, X, y=None):
        """Check the input and learn the fitted attributes.

        Parameters
        ----------
        X : array-like
            The input this transformer takes (see the class description).
        y : None
            Ignored.

        Returns
        -------
        self : object
            The fitted transformer.
        """
        self._check_fit(self._fit(X))
        return self

    def fit_transform(self, X, y=None):
        """Fit to ``X`` and transform it, reading and parsing ``X`` once.

        Parameters
        ----------
        X : array-like
            The input this transformer takes (see the class description).
        y : None
            Ignored.

        Returns
        -------
        ndarray
            The transformed input, as :meth:`transform` returns it.
        """
        return self._encoded(self._output(self._fit(X)))

    def transform(self, X):
        """Transform ``X`` with what :meth:`fit` learned.

        Parameters
        ----------
        X : array-like
            The input this transformer takes (see the class description).

        Returns
        -------
        ndarray
            The transformed input (shape and dtype in the class description); for channel
            output an :class:`~skseq.utils.EncodedSequences` that carries
            ``complement_channels_``.
        """
        check_is_fitted(self, self._fitted_attribute)
        validate_params(self)
        parsed = self._parse(X)
        self._check_transform(parsed)
        return self._encoded(self._output(parsed))

    def _fit(self, X):
        """Validate, parse and learn; return the parsed input."""
        validate_params(self)
        checked = self._check_params()
        parsed = self._parse(X)
        self._learn(parsed, checked)
        self.complement_channels_ = self._complement_channels()
        return parsed

    def _encoded(self, out):
        if not self._channel_output:
            return out
        return EncodedSequences(out, self.complement_channels_)

    # ---------------------------------------------------------------- hooks
    def _check_params(self):
        return None

    def _parse(self, X):
        raise NotImplementedError

    def _learn(self, parsed, checked):
        raise NotImplementedError

    def _check_fit(self, parsed):
        pass

    def _check_transform(self, parsed):
        pass

    def _output(self, parsed):
        raise NotImplementedError

    def _complement_channels(self):
        return None
