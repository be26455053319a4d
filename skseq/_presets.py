"""The network presets, registered once; importable without Keras.

:data:`REGISTRY` holds one :class:`PresetSpec` per preset: its name, the size parameters it
honours, its builder (named as a string and imported only when a network is built) and a
one-line description. Everything else is derived from it: :data:`ARCHITECTURES`,
:data:`HONOURED_PARAMETERS`, the builders of :mod:`skseq.models` and the preset lists in
docstrings (:func:`document_presets`). Adding a preset takes a builder function and one
entry here.

The search spaces (:mod:`skseq.tuning`) read the registry to sample only what a preset uses,
and the estimators to warn when a user sets a parameter the chosen preset ignores.
"""

from dataclasses import dataclass

#: Every architecture size parameter of the estimators (training parameters are not here).
SIZE_PARAMETERS = (
    "n_conv_layers",
    "n_filters",
    "kernel_size",
    "pool_size",
    "n_dense_layers",
    "dense_units",
    "dropout_input",
    "dropout_conv",
    "dropout_dense",
    "recurrent_units",
)


@dataclass(frozen=True)
class PresetSpec:
    """One registered preset, as data (no Keras).

    Attributes
    ----------
    name : str
        The ``architecture`` value that selects it.
    builder : str
        ``"module:function"``, or a function name of :mod:`skseq.models._presets`:
        ``builder(x, params) -> (features, (n_dense_layers, dense_units, dropout_dense))``.
    honours : frozenset of str
        The size parameters the builder reads (``n_global_features`` is always honoured).
    network : str
        One line describing the layers, for the documentation.
    has_convolution : bool, default=True
        Whether the network has a first convolution ``"conv_1"`` (the motif tools need it).
    searched : bool, default=True
        Whether :func:`skseq.tuning.cnn_search_space` searches it when no ``architectures``
        are given (a preset that does not learn yet only spends a default search's trials).
    """

    name: str
    builder: str
    honours: frozenset
    network: str
    has_convolution: bool = True
    searched: bool = True


def _registry(*specs):
    return {spec.name: spec for spec in specs}


_ALL = frozenset(SIZE_PARAMETERS)

#: preset name -> :class:`PresetSpec`, in the order the documentation lists them.
REGISTRY = _registry(
    PresetSpec(
        "pysster",
        "build_pysster",
        _ALL,
        "input dropout; ``n_conv_layers`` x (conv, max-pool, dropout); optional BiLSTM; "
        "flatten; ``n_dense_layers`` x (dense, dropout) (pysster's default model)",
    ),
    PresetSpec(
        "global_max",
        "build_global_max",
        _ALL,
        "as pysster's, but global max pooling instead of flatten",
    ),
    PresetSpec(
        "deepbind",
        "build_deepbind",
        frozenset({"n_filters", "kernel_size", "dropout_dense"}),
        "one conv, global max pool, one dense of 32, dropout (DeepBind)",
    ),
    PresetSpec(
        "primer",
        "build_primer",
        frozenset(),
        "one conv of 32 kernels of 12, max-pool 4, flatten, dense of 16 (the network of "
        'the "primer on deep learning in genomics")',
    ),
    PresetSpec(
        "basset",
        "build_basset",
        frozenset({"n_filters", "dense_units", "dropout_dense"}),
        "three blocks (conv, batch norm, ReLU, max-pool) with kernels 19/11/7 and pools "
        "3/4/4; two dense layers with dropout (Basset)",
    ),
    PresetSpec(
        "danq",
        "build_danq",
        frozenset(
            {
                "n_filters",
                "kernel_size",
                "pool_size",
                "recurrent_units",
                "dense_units",
                "dropout_conv",
                "dropout_dense",
            }
        ),
        "one conv, max-pool, dropout, BiLSTM of ``recurrent_units`` (32 when 0) returning "
        "the sequence, dropout, flatten, dense (DanQ)",
    ),
    PresetSpec(
        "dilated_residual",
        "skseq.models._residual:build_dilated_residual",
        _ALL - {"pool_size", "recurrent_units"},
        "input dropout; a wide conv of ``kernel_size``; ``n_conv_layers`` residual blocks "
        "(batch norm, ReLU, conv of 3 dilated 2, 4, 8, ..., dropout, plus the block's input); "
        "global max and average pooling; dense layers (the BPNet / Basenji family: long "
        "sequences, motif spacing)",
    ),
    PresetSpec(
        "conv_attention",
        "skseq.models._attention:build_conv_attention",
        _ALL - {"recurrent_units"},
        "input dropout; ``n_conv_layers`` x (conv, max-pool, dropout), the first of "
        "``kernel_size``, the others of 3; learned position embeddings; two transformer "
        "blocks (4-head self-attention, feed-forward, pre-norm, residual); global max and "
        "average pooling; dense layers (motif interactions at any distance)",
        # on the panel's ChIP-seq sets it did not leave chance (docs/benchmarks.md)
        searched=False,
    ),
    PresetSpec(
        "fully_connected",
        "build_fully_connected",
        frozenset({"n_dense_layers", "dense_units", "dropout_input", "dropout_dense"}),
        "input dropout, flatten, ``n_dense_layers`` x (dense, dropout); no convolution "
        "(seqgra's baseline), so no ``conv_1`` for the motif tools",
        has_convolution=False,
    ),
)

#: The preset names, in registry order.
ARCHITECTURES = tuple(REGISTRY)

#: ``architecture="auto"`` picks ``"dilated_residual"`` for sequences at least this long, and
#: ``"pysster"`` below. Chosen on the development panel (``benchmarks/panel.py``): on its 30
#: sets, all 38-375 nt, ``pysster`` held or beat ``dilated_residual`` (ChIP-seq means at 3,000
#: training sequences 0.833 and 0.837); on one planted motif in 1000 nt
#: (``benchmarks/long_motif.py``) ``pysster`` stays at chance (ROC-AUC 0.525) where
#: ``dilated_residual`` reaches 0.992 (Bayes-optimal 0.998).
AUTO_LONG_LENGTH = 500


def resolve_architecture(architecture, length):
    """The preset that ``architecture`` selects for sequences of ``length`` positions.

    Parameters
    ----------
    architecture : str
        A preset name, or ``"auto"``.
    length : int
        Positions per sequence.

    Returns
    -------
    str
        A preset name of :data:`ARCHITECTURES`.

    Examples
    --------
    >>> resolve_architecture("auto", 101), resolve_architecture("auto", 1000)
    ('pysster', 'dilated_residual')
    >>> resolve_architecture("deepbind", 1000)
    'deepbind'
    """
    if architecture != "auto":
        return architecture
    return "dilated_residual" if int(length) >= AUTO_LONG_LENGTH else "pysster"


#: preset name -> the size parameters it honours (``n_global_features`` is always honoured).
HONOURED_PARAMETERS = {name: spec.honours for name, spec in REGISTRY.items()}


def honoured_parameters(architecture):
    """The size parameters ``architecture`` honours.

    Parameters
    ----------
    architecture : str
        A preset name, one of :data:`ARCHITECTURES`.

    Returns
    -------
    frozenset of str

    Examples
    --------
    >>> sorted(honoured_parameters("deepbind"))
    ['dropout_dense', 'kernel_size', 'n_filters']
    """
    try:
        return HONOURED_PARAMETERS[architecture]
    except KeyError:
        raise ValueError(
            f"unknown architecture {architecture!r}; choose one of {', '.join(ARCHITECTURES)}"
        ) from None


def document_presets(doc):
    """``doc`` with the presets filled in: ``{presets}`` as numpydoc choices, ``{preset_table}``
    as :func:`preset_table`'s list. None (docstrings stripped by ``python -OO``) stays None.

    Examples
    --------
    >>> document_presets("architecture : {presets}")[:40]
    'architecture : {"pysster", "global_max",'
    """
    if doc is None:
        return None
    choices = "{" + ", ".join(f'"{name}"' for name in REGISTRY) + "}"
    return doc.replace("{presets}", choices).replace("{preset_table}", preset_table())


def preset_table():
    """The presets as a reStructuredText list: name, network and the parameters it honours.

    Examples
    --------
    >>> print(preset_table().splitlines()[2])
    - ``deepbind``: one conv, global max pool, one dense of 32, dropout (DeepBind); honours \
``n_filters``, ``kernel_size``, ``dropout_dense``.
    """
    lines = []
    for spec in REGISTRY.values():
        if spec.honours == _ALL:
            honours = "every size and dropout parameter"
        elif not spec.honours:
            honours = "none of the size parameters (a fixed network)"
        else:
            honours = ", ".join(f"``{p}``" for p in SIZE_PARAMETERS if p in spec.honours)
        lines.append(f"- ``{spec.name}``: {spec.network}; honours {honours}.")
    return "\n".join(lines)
