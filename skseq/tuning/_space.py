"""Search spaces over the hyperparameters of the sequence CNN estimators."""

from numbers import Real

from optuna.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)

from skseq._presets import ARCHITECTURES, REGISTRY

# Default ranges: published practice for sequence CNNs (pysster: 2-3 conv layers of 30
# kernels of 8-25, 1 dense of 100, dropout 0.1/0.3/0.6, Adam 5e-4, batch 128; DeepBind: 16
# kernels of ~1.5x the motif length, 32 hidden units, lr on a log scale), bounded so that a
# trial costs at most a few times the estimator's default network. Measured on 2 shared CPU
# cores (2,000 PUM2 sequences of 200 nt, seconds per epoch): the default 3 x 30 kernels of 8
# 2.9; 3 x 64 of 24 7.7; 3 x 128 of 24 36; 4 x 226 of 16 (a draw of the old 8-256 range)
# did not finish 3 epochs in 5 minutes. Learning rates under 5e-4 need several times the
# epochs to stop early, and batches of 32 twice the steps of 64.
_DEFAULT_DISTRIBUTIONS = {
    "n_conv_layers": IntDistribution(1, 3),
    "n_filters": IntDistribution(8, 64, log=True),
    "kernel_size": IntDistribution(4, 24),
    "pool_size": IntDistribution(1, 4),
    "n_dense_layers": IntDistribution(0, 2),
    "dense_units": IntDistribution(16, 256, log=True),
    "dropout_input": FloatDistribution(0.0, 0.3),
    "dropout_conv": FloatDistribution(0.0, 0.5),
    "dropout_dense": FloatDistribution(0.0, 0.7),
    "recurrent_units": IntDistribution(16, 128, log=True),
    "learning_rate": FloatDistribution(5e-4, 1e-2, log=True),
    "batch_size": CategoricalDistribution([64, 128, 256]),
}

#: Presets searched when ``architectures`` is not given: those the registry marks
#: ``searched`` (``skseq._presets.PresetSpec``). Name another in ``architectures`` to search it.
DEFAULT_ARCHITECTURES = tuple(name for name, spec in REGISTRY.items() if spec.searched)

#: Hyperparameters searched when ``include`` is not given (``architecture`` comes first).
DEFAULT_SEARCHED = (
    "architecture",
    "n_conv_layers",
    "n_filters",
    "kernel_size",
    "n_dense_layers",
    "dense_units",
    "dropout_input",
    "dropout_conv",
    "dropout_dense",
    "learning_rate",
    "batch_size",
)

_KNOWN = ("architecture",) + tuple(_DEFAULT_DISTRIBUTIONS)


def _as_distribution(name, spec):
    """Turn a user's range for ``name`` into an Optuna distribution."""
    if isinstance(spec, BaseDistribution):
        return spec
    if isinstance(spec, list):
        if not spec:
            raise ValueError(f"ranges[{name!r}] is an empty list of choices.")
        return CategoricalDistribution(spec)
    if isinstance(spec, tuple) and len(spec) == 2:
        low, high = spec
        if not all(isinstance(v, Real) and not isinstance(v, bool) for v in spec):
            raise ValueError(f"ranges[{name!r}] must hold two numbers (low, high), got {spec!r}.")
        if low > high:
            raise ValueError(f"ranges[{name!r}] has low={low!r} greater than high={high!r}.")
        default = _DEFAULT_DISTRIBUTIONS.get(name)
        log = bool(getattr(default, "log", False)) and low > 0
        if isinstance(default, IntDistribution) and all(float(v).is_integer() for v in spec):
            return IntDistribution(int(low), int(high), log=log)
        return FloatDistribution(float(low), float(high), log=log)
    raise ValueError(
        f"ranges[{name!r}] must be a (low, high) tuple, a list of choices or an "
        f"optuna distribution, got {spec!r}."
    )


def cnn_search_space(prefix="", *, architectures=None, include=None, ranges=None, fixed=None):
    """Optuna distributions over the hyperparameters of the sequence CNN estimators.

    The returned dict maps parameter names (as :meth:`~sklearn.base.BaseEstimator.set_params`
    accepts them) to ``optuna.distributions`` objects. It can be passed as ``search_space``
    to :class:`~skseq.tuning.SequenceSearchCV` or :func:`~skseq.tuning.tune`, which sample it
    conditionally: a trial first draws its ``architecture``, then only the size parameters
    that preset honours (``skseq._presets.HONOURED_PARAMETERS``; a fixed preset honours none).
    :class:`optuna_integration.OptunaSearchCV` takes it as ``param_distributions`` too, but
    samples every entry in every trial.

    Default ranges follow published practice for sequence CNNs (pysster, DeepBind), bounded
    so that a trial costs at most a few times the estimator's default network on a CPU:

    ==================  ==========================================  =====================
    parameter           range                                       estimator default
    ==================  ==========================================  =====================
    architecture        every preset but ``conv_attention``         ``"auto"``
    n_conv_layers       1 to 3                                      3
    n_filters           8 to 64, log scale                          30
    kernel_size         4 to 24                                     8
    n_dense_layers      0 to 2                                      1
    dense_units         16 to 256, log scale                        100
    dropout_input       0.0 to 0.3                                  0.1
    dropout_conv        0.0 to 0.5                                  0.3
    dropout_dense       0.0 to 0.7                                  0.6
    learning_rate       5e-4 to 1e-2, log scale                     2e-3
    batch_size          64, 128 or 256                              128
    ==================  ==========================================  =====================

    ``conv_attention`` is not searched by default: on the development panel's ChIP-seq sets
    it did not learn yet. Larger networks (``ranges={"n_filters": (8, 256)}``) are one
    argument away; :class:`SequenceSearchCV`'s ``trial_timeout`` bounds what a trial costs.

    ``pool_size`` (1 to 4) and ``recurrent_units`` (16 to 128, log scale) are known too but
    only searched when named in ``include``.

    Parameters
    ----------
    prefix : str, default=""
        Put before every key, for an estimator inside a pipeline: ``"sequencecnnclassifier"``
        or ``"sequencecnnclassifier__"`` both give keys like
        ``"sequencecnnclassifier__n_filters"``.
    architectures : str or list of str, optional
        Architecture presets to choose from (``architecture`` is then searched even when
        ``include`` leaves it out). Default: :data:`DEFAULT_ARCHITECTURES` (every preset
        but ``conv_attention``). One name fixes the architecture.
    include : list of str, optional
        Which hyperparameters to search. Default: the table above (without ``pool_size`` and
        ``recurrent_units``). Names in ``ranges`` and ``fixed`` are always included.
    ranges : dict, optional
        Narrow or replace ranges: ``{"n_filters": (16, 64)}`` (low, high; integer parameters
        stay integers and log-scaled ones stay log-scaled), ``{"batch_size": [64, 128]}``
        (choices) or any optuna distribution.
    fixed : dict, optional
        Parameters held at one value, e.g. ``{"kernel_size": 12}``. They appear in the space
        as a single-choice :class:`~optuna.distributions.CategoricalDistribution`, so the
        dict stays self-contained for ``OptunaSearchCV``.

    Returns
    -------
    dict of str to optuna.distributions.BaseDistribution

    Raises
    ------
    ValueError
        For an unknown parameter or architecture name or a malformed range.

    Examples
    --------
    >>> from skseq.tuning import cnn_search_space
    >>> space = cnn_search_space("sequencecnnclassifier", architectures=["pysster", "deepbind"],
    ...                          ranges={"n_filters": (16, 64)}, fixed={"kernel_size": 12})
    >>> space["sequencecnnclassifier__n_filters"]
    IntDistribution(high=64, log=True, low=16, step=1)
    >>> space["sequencecnnclassifier__kernel_size"].choices
    (12,)
    >>> sorted(cnn_search_space(include=["learning_rate", "batch_size"]))
    ['batch_size', 'learning_rate']
    """
    if not isinstance(prefix, str):
        raise ValueError(f"prefix must be a string, got {prefix!r}.")
    if prefix and not prefix.endswith("__"):
        prefix += "__"
    ranges = dict(ranges or {})
    fixed = dict(fixed or {})
    names = list(DEFAULT_SEARCHED if include is None else include)
    extra = list(ranges) + list(fixed) + (["architecture"] if architectures is not None else [])
    names += [n for n in extra if n not in names]
    unknown = sorted(set(names) - set(_KNOWN))
    if unknown:
        raise ValueError(
            f"Unknown hyperparameter(s) {unknown}; cnn_search_space knows {list(_KNOWN)}."
        )
    both = sorted(set(ranges) & set(fixed))
    if both:
        raise ValueError(f"{both} given both in ranges and in fixed; give each in one place.")

    space = {}
    for name in names:
        if name in fixed:
            value = fixed[name]
            if name == "architecture":
                _check_architectures([value])
            dist = CategoricalDistribution([value])
        elif name == "architecture":
            if "architecture" in ranges:
                dist = _as_distribution(name, ranges[name])
                if isinstance(dist, CategoricalDistribution):
                    _check_architectures(dist.choices)
            else:
                dist = CategoricalDistribution(_check_architectures(architectures))
        elif name in ranges:
            dist = _as_distribution(name, ranges[name])
        else:
            dist = _DEFAULT_DISTRIBUTIONS[name]
        space[prefix + name] = dist
    return space


def _check_architectures(architectures):
    """Return the architecture names to search, checked against the presets."""
    available = list(ARCHITECTURES)
    if architectures is None:
        return list(DEFAULT_ARCHITECTURES)
    if isinstance(architectures, str):
        architectures = [architectures]
    architectures = list(architectures)
    if not architectures:
        raise ValueError("architectures is empty; give at least one preset name.")
    unknown = [a for a in architectures if a not in available]
    if unknown:
        raise ValueError(f"Unknown architecture(s) {unknown}; the presets are {available}.")
    return architectures
