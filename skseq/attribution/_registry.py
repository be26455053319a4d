"""The attribution methods: one entry per verb, with what its consumers need to know.

Every consumer (:func:`~skseq.attribution.position_importance`, the rule-recovery scorer,
``MotifInspector.attributions``, the attribution logos, ``compare_architectures``) takes its
names, checks and dispatch from :data:`METHODS`. A new method is its module plus one entry.
"""

import inspect
from collections.abc import Callable
from dataclasses import dataclass

from ._gradients import input_gradients
from ._integrated_gradients import integrated_gradients
from ._ism import in_silico_mutagenesis
from ._saliency import saliency


@dataclass(frozen=True)
class AttributionMethod:
    """An attribution verb and how its values are read.

    Calling the entry calls its verb: ``METHODS[name](estimator_or_model, X, target=...)``.

    Parameters
    ----------
    name : str
        The name consumers take (``method=name``).
    function : callable
        The verb, ``function(estimator_or_model, X, *, target=None, ...)`` returning an
        array shaped like the encoded ``X``.
    sign : {1, -1}, default=1
        1 when a larger value means a more important symbol; -1 when a drop does (the
        output's change when the symbol is mutated): scorers and position reductions
        multiply by it.
    channel_reduction : {"sum", "mean"}, default="sum"
        How the values of one position reduce over the channels: ``"sum"`` when only the
        observed symbol carries a value, ``"mean"`` over substitutions.
    contribution : bool, default=True
        Whether the values are contributions to the output, which the rule-recovery scorer,
        the inspector and attribution logos need. False for a raw sensitivity (a gradient),
        which only :func:`~skseq.attribution.position_importance` takes.

    Examples
    --------
    >>> import numpy as np
    >>> from skseq.attribution import METHODS, AttributionMethod
    >>> entry = METHODS["saliency"]
    >>> entry.sign, entry.channel_reduction, entry.accepts("batch_size")
    (1, 'sum', True)
    >>> zeros = AttributionMethod("zeros", lambda model, X, *, target=None: np.zeros_like(X))
    >>> zeros(None, np.ones((1, 3, 4))).shape
    (1, 3, 4)
    """

    name: str
    function: Callable
    sign: int = 1
    channel_reduction: str = "sum"
    contribution: bool = True

    def __post_init__(self):
        if self.sign not in (1, -1):
            raise ValueError(f"AttributionMethod {self.name!r}: sign must be 1 or -1")
        if self.channel_reduction not in ("sum", "mean"):
            raise ValueError(
                f"AttributionMethod {self.name!r}: channel_reduction must be 'sum' or 'mean'"
            )

    def __call__(self, estimator_or_model, X, **kwargs):
        return self.function(estimator_or_model, X, **kwargs)

    def accepts(self, keyword):
        """Whether the verb takes the keyword argument ``keyword``."""
        params = inspect.signature(self.function).parameters
        return keyword in params or any(p.kind is p.VAR_KEYWORD for p in params.values())

    def accepted(self, **options):
        """The ``options`` the verb takes (a consumer offers all it has, e.g. ``n_steps``)."""
        return {k: v for k, v in options.items() if self.accepts(k)}


#: method name -> :class:`AttributionMethod`; the one list of attribution methods.
METHODS = {
    entry.name: entry
    for entry in (
        AttributionMethod("saliency", saliency),
        AttributionMethod("integrated_gradients", integrated_gradients),
        AttributionMethod("ism", in_silico_mutagenesis, sign=-1, channel_reduction="mean"),
        AttributionMethod("input_gradients", input_gradients, contribution=False),
    )
}


def method_names(*, contributions_only=False):
    """The registered method names, in :data:`METHODS` order.

    Parameters
    ----------
    contributions_only : bool, default=False
        Only the methods whose values are contributions (``AttributionMethod.contribution``),
        the ones that scorers, the inspector and logos take.

    Returns
    -------
    tuple of str

    Examples
    --------
    >>> from skseq.attribution import METHODS, method_names
    >>> method_names() == tuple(METHODS)
    True
    """
    return tuple(
        name for name, entry in METHODS.items() if entry.contribution or not contributions_only
    )


def get_method(method, *, contributions_only=False):
    """The :class:`AttributionMethod` registered as ``method``, after checking the name.

    Parameters
    ----------
    method : str
        A name in :data:`METHODS`.
    contributions_only : bool, default=False
        Accept only methods whose values are contributions (see :func:`method_names`).

    Returns
    -------
    AttributionMethod

    Raises
    ------
    ValueError
        ``"method must be one of (...); got ..."`` for any other name.

    Examples
    --------
    >>> from skseq.attribution import get_method
    >>> get_method("saliency").name
    'saliency'
    """
    names = method_names(contributions_only=contributions_only)
    if not isinstance(method, str) or method not in names:
        raise ValueError(f"method must be one of {names}; got {method!r}")
    return METHODS[method]
