"""A fitted network as the bytes of a ``.keras`` archive, and back.

The estimators pickle their network through these functions (not through scikeras' global
patch of ``keras.Model.__reduce__``, see :mod:`skseq.models._scikeras_compat`), and
:func:`skseq.io.save` stores the same bytes inside its file. Keras' public saving API takes
paths only, so the archive passes through a private temporary directory.
"""

import io
import os
import tempfile
import zipfile

import keras

__all__ = ["model_from_bytes", "model_to_bytes", "unsafe_layers"]


def model_to_bytes(model):
    """The ``.keras`` archive of ``model`` (architecture, weights, optimizer state) as bytes.

    Examples
    --------
    >>> import keras
    >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    >>> model_to_bytes(model)[:2]
    b'PK'
    """
    with tempfile.TemporaryDirectory(prefix="skseq-") as tmp:
        path = os.path.join(tmp, "model.keras")
        keras.saving.save_model(model, path)
        with open(path, "rb") as f:
            return f.read()


def model_from_bytes(data, *, safe_mode=True):
    """Load a network saved by :func:`model_to_bytes`.

    Parameters
    ----------
    data : bytes
        A ``.keras`` archive.
    safe_mode : bool, default=True
        Keras' safe mode: refuse to deserialise Python code (``Lambda`` layers). Pickle
        already executes arbitrary code, so unpickling loads with ``safe_mode=False``;
        :func:`skseq.io.load` always loads with ``safe_mode=True``.

    Examples
    --------
    >>> import keras
    >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    >>> model_from_bytes(model_to_bytes(model)).output_shape
    (None, 2)
    """
    from . import _layers  # noqa: F401  (registers skseq's custom layers with Keras)

    if not zipfile.is_zipfile(io.BytesIO(data)):  # Keras would say "File not found: /tmp/..."
        raise ValueError(
            f"the network's saved bytes ({len(data)} bytes) are not a .keras archive: they "
            "are damaged."
        )
    with tempfile.TemporaryDirectory(prefix="skseq-") as tmp:
        path = os.path.join(tmp, "model.keras")
        with open(path, "wb") as f:
            f.write(bytes(data))
        return keras.saving.load_model(path, safe_mode=safe_mode)


def unsafe_layers(model):
    """Names of the ``Lambda`` layers in ``model`` (nested models included).

    A ``Lambda`` layer stores Python bytecode, which Keras' safe mode refuses to load.

    Examples
    --------
    >>> import keras
    >>> inputs = keras.Input((3,))
    >>> model = keras.Model(inputs, keras.layers.Lambda(lambda t: 2 * t, name="double")(inputs))
    >>> unsafe_layers(model)
    ['double']
    """
    found = []
    stack = list(model.layers)
    while stack:
        layer = stack.pop(0)
        if isinstance(layer, keras.layers.Lambda):
            found.append(layer.name)
        stack.extend(getattr(layer, "layers", ()) or ())
        inner = getattr(layer, "layer", None)  # Bidirectional, TimeDistributed
        if isinstance(inner, keras.layers.Layer):
            stack.append(inner)
    return found
