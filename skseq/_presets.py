"""Which size parameters each network preset honours; importable without Keras.

The search spaces (:mod:`skseq.tuning`) need this to sample only what a preset uses, and the
estimators need it to warn when a user sets a parameter the chosen preset ignores. The
networks themselves are built in :mod:`skseq.models` from the builder each preset names.
"""

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

#: preset name -> the size parameters it honours (``n_global_features`` is always honoured).
HONOURED_PARAMETERS = {
    "pysster": frozenset(SIZE_PARAMETERS),
    "global_max": frozenset(SIZE_PARAMETERS),
    "deepbind": frozenset({"n_filters", "kernel_size", "dropout_dense"}),
    "primer": frozenset(),
    "basset": frozenset({"n_filters", "dense_units", "dropout_dense"}),
    "danq": frozenset(
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
    # a dense network on the flattened input, no convolution (seqgra's baseline)
    "fully_connected": frozenset(
        {"n_dense_layers", "dense_units", "dropout_input", "dropout_dense"}
    ),
}

ARCHITECTURES = tuple(HONOURED_PARAMETERS)


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
