"""The network presets' builders, and :data:`PRESETS`: the registry with its builders resolved.

A builder takes the sequence tensor and the estimator's size parameters (a dict of Python
values) and returns the feature vector before the dense layers together with the dense
stack's ``(n_layers, units, dropout)``; :func:`skseq.models.build_sequence_cnn` adds the
whole-sequence features, the dense stack and the output layer around it. The presets are
registered once, in :data:`skseq._presets.REGISTRY` (Keras-free, so the search spaces can
read it without starting a backend); a new preset is a builder here and one entry there.
The presets:

{preset_table}

Every preset honours ``n_global_features``. Setting a parameter the chosen preset ignores
(to a value other than its default) makes ``fit`` warn.
"""

import importlib
import sys
import warnings
from dataclasses import dataclass

import keras

from skseq._presets import ARCHITECTURES, REGISTRY, SIZE_PARAMETERS, document_presets

from ._layers import bilstm, conv, dropout, pool

__doc__ = document_presets(__doc__)

__all__ = ["PRESETS", "Preset", "get_preset", "warn_ignored_parameters"]


@dataclass(frozen=True)
class Preset:
    """A network preset: its name, its builder and the size parameters it honours.

    Attributes
    ----------
    name : str
    builder : callable
        ``builder(x, params) -> (features, (n_dense_layers, dense_units, dropout_dense))``.
    honours : frozenset of str
        The size parameters the builder reads.
    has_convolution : bool, default=True
        Whether the network has a first convolution ``"conv_1"`` (the motif tools need it).
    """

    name: str
    builder: object
    honours: frozenset
    has_convolution: bool = True


def _pysster_body(x, p, head):
    x = dropout(x, p["dropout_input"], "dropout_input")
    for i in range(1, p["n_conv_layers"] + 1):
        x = conv(x, p["n_filters"], p["kernel_size"], i)
        x = pool(x, p["pool_size"], i)
        x = dropout(x, p["dropout_conv"], f"dropout_conv_{i}")
    if p["recurrent_units"] > 0:
        x = bilstm(x, p["recurrent_units"])
    if head == "flatten":
        return keras.layers.Flatten(name="flatten")(x)
    return keras.layers.GlobalMaxPooling1D(name="global_max")(x)


def build_pysster(x, p):
    """The default network of pysster."""
    x = _pysster_body(x, p, head="flatten")
    return x, (p["n_dense_layers"], p["dense_units"], p["dropout_dense"])


def build_global_max(x, p):
    """The network of pysster with global max pooling instead of flatten."""
    x = _pysster_body(x, p, head="global_max")
    return x, (p["n_dense_layers"], p["dense_units"], p["dropout_dense"])


def build_deepbind(x, p):
    """DeepBind: one convolution, global max pooling, one dense layer of 32."""
    x = conv(x, p["n_filters"], p["kernel_size"], 1)
    x = keras.layers.GlobalMaxPooling1D(name="global_max")(x)
    return x, (1, 32, p["dropout_dense"])


def build_primer(x, p):
    """The fixed network of the "primer on deep learning in genomics"."""
    x = conv(x, 32, 12, 1)
    x = pool(x, 4, 1)
    x = keras.layers.Flatten(name="flatten")(x)
    return x, (1, 16, 0.0)


def build_basset(x, p):
    """Basset: three (conv, batch norm, ReLU, max-pool) blocks, two dense layers."""
    for i, (kernel, size) in enumerate([(19, 3), (11, 4), (7, 4)], start=1):
        x = keras.layers.Conv1D(p["n_filters"], kernel, padding="same", name=f"conv_{i}")(x)
        x = keras.layers.BatchNormalization(name=f"batch_norm_{i}")(x)
        x = keras.layers.Activation("relu", name=f"relu_{i}")(x)
        x = pool(x, size, i)
    x = keras.layers.Flatten(name="flatten")(x)
    return x, (2, p["dense_units"], p["dropout_dense"])


def build_danq(x, p):
    """DanQ: one convolution, max-pool, a bidirectional LSTM, one dense layer."""
    x = conv(x, p["n_filters"], p["kernel_size"], 1)
    x = pool(x, p["pool_size"], 1)
    x = dropout(x, p["dropout_conv"], "dropout_conv_1")
    x = bilstm(x, p["recurrent_units"] or 32)
    x = dropout(x, p["dropout_dense"], "dropout_recurrent")
    x = keras.layers.Flatten(name="flatten")(x)
    return x, (1, p["dense_units"], p["dropout_dense"])


def build_fully_connected(x, p):
    """A dense network on the flattened input, without convolution."""
    x = dropout(x, p["dropout_input"], "dropout_input")
    x = keras.layers.Flatten(name="flatten")(x)
    return x, (p["n_dense_layers"], p["dense_units"], p["dropout_dense"])


def _resolve(reference):
    """The builder a registry entry names: ``"module:function"`` or a function of this module."""
    module, _, name = reference.rpartition(":")
    return getattr(importlib.import_module(module) if module else sys.modules[__name__], name)


#: preset name -> :class:`Preset`, in the order of :data:`skseq._presets.ARCHITECTURES`.
PRESETS = {
    name: Preset(name, _resolve(spec.builder), spec.honours, spec.has_convolution)
    for name, spec in REGISTRY.items()
}


def get_preset(name):
    """The :class:`Preset` called ``name``.

    Examples
    --------
    >>> sorted(get_preset("deepbind").honours)
    ['dropout_dense', 'kernel_size', 'n_filters']
    """
    try:
        return PRESETS[name]
    except (KeyError, TypeError):
        raise ValueError(
            f"Unknown architecture {name!r}; choose one of {', '.join(ARCHITECTURES)}."
        ) from None


def warn_ignored_parameters(estimator, defaults, architecture=None):
    """Warn about size parameters set away from their default that the preset ignores.

    Parameters
    ----------
    estimator : SequenceCNNClassifier or SequenceCNNRegressor
        Read through ``get_params``; nothing is changed.
    defaults : dict
        The ``__init__`` defaults of the size parameters.
    architecture : str, default=None
        The preset in use (what ``architecture="auto"`` resolved to); by default the
        estimator's ``architecture``.
    """
    params = estimator.get_params(deep=False)
    if params.get("model") is not None:
        return
    preset = get_preset(architecture or params["architecture"])
    ignored = [
        f"{name}={params[name]!r}"
        for name in SIZE_PARAMETERS
        if name not in preset.honours and params[name] != defaults[name]
    ]
    if ignored:
        honours = ", ".join(sorted(preset.honours)) or "none of the size parameters"
        warnings.warn(
            f"{type(estimator).__name__}: architecture={preset.name!r} ignores "
            f"{', '.join(ignored)} (it honours {honours}); the value has no effect.",
            UserWarning,
            stacklevel=3,
        )
