"""The one place that touches scikit-learn's parameter-validation machinery.

scikit-learn's constraint objects (``Interval``, ``StrOptions``, ...) live in the private
module ``sklearn.utils._param_validation``; there is no public equivalent. Every skseq module
imports them from here, so a change in scikit-learn is mended in this file alone.
"""

from numbers import Integral, Real

from sklearn.utils._param_validation import (  # noqa: F401  (re-exported)
    HasMethods,
    Hidden,
    Interval,
    Options,
    StrOptions,
    validate_parameter_constraints,
)

__all__ = [
    "HasMethods",
    "Hidden",
    "Integral",
    "Interval",
    "Options",
    "Real",
    "StrOptions",
    "validate_params",
]


def validate_params(estimator):
    """Check ``estimator``'s hyperparameters against its ``_parameter_constraints``.

    Raises scikit-learn's ``InvalidParameterError`` (a ``ValueError`` and ``TypeError``)
    naming the estimator, the parameter and the values it accepts.

    Parameters
    ----------
    estimator : BaseEstimator
        An estimator with a ``_parameter_constraints`` dict.

    Examples
    --------
    >>> from skseq import SequenceOneHotTransformer
    >>> validate_params(SequenceOneHotTransformer(align="middle"))
    Traceback (most recent call last):
    ...
    sklearn.utils._param_validation.InvalidParameterError: The 'align' parameter of ...
    """
    validate_parameter_constraints(
        estimator._parameter_constraints,
        estimator.get_params(deep=False),
        caller_name=type(estimator).__name__,
    )
