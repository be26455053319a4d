"""Save and load fitted estimators and pipelines in a format that loads without running code.

``pickle`` (and ``joblib``) can run arbitrary code while loading, so a pickled model is only as
safe as its source. :func:`save` writes a `skops <https://skops.readthedocs.io>`_ file instead:
a zip archive that names every object's type and stores its state as data; each fitted Keras
network is stored inside it as a ``.keras`` archive (architecture as JSON, weights as arrays)
and is loaded with ``keras.saving.load_model(..., safe_mode=True)``, which refuses to
deserialise Python code. :func:`load` constructs only types it trusts:

- scikit-learn's estimators and its internal types, numpy arrays and scalars, and the Python
  builtins, as trusted by skops itself;
- ``numpy.dtype``;
- the classes skseq saves (estimators, transformers, the inspector, and the alphabets,
  grammars and channel blocks their fitted state holds), defined in the modules
  :data:`LOADABLE_MODULES` lists: their state is set without calling their code, and
  skseq's estimators load their network in safe mode.

:func:`load` imports no other skseq module: a file that names a type in any other one
(``skseq.__main__``, which runs the command line, or a module that does not exist) is
refused before anything is imported.

Anything else named in the file (your own transformer, a ``model=`` builder function, a
function a tampered file names) makes :func:`load` raise :class:`UntrustedTypesError` listing
it, unless you pass it in ``trusted`` after checking where the file came from. Pickle keeps
working as before, for files you trust.

This module does not import Keras or skops until a file is saved or loaded.
"""

import contextvars
import importlib
import os

from ._files import write_atomic

__all__ = ["UntrustedTypesError", "load", "save"]

#: Types trusted beyond skops' defaults and skseq's own classes.
EXTRA_TRUSTED_TYPES = ("numpy.dtype",)

#: The only skseq modules :func:`load` imports: those defining the classes :func:`save`
#: writes (tests/io/test_load_safety.py checks every estimator's module is here). Importing
#: any of them runs no command line and writes nothing.
LOADABLE_MODULES = frozenset(
    {
        "skseq._alphabets",  # the fitted alphabet of the transformers
        "skseq.datasets._grammar",  # BayesOptimalClassifier's grammar
        "skseq.inspection._inspector",
        "skseq.models._bayes",
        "skseq.models._classifier",
        "skseq.models._ensemble",
        "skseq.models._lm",
        "skseq.models._lm_classifier",
        "skseq.models._regressor",
        "skseq.preprocessing._kmers",
        "skseq.preprocessing._onehot",
        "skseq.preprocessing._spectrum",
        "skseq.preprocessing._structure",
        "skseq.preprocessing._tracks",
        "skseq.preprocessing._union",
        "skseq.preprocessing._union_parts",  # ChannelUnion's fitted blocks
        "skseq.tuning._search",
    }
)

# Set while :func:`save` runs: skseq's estimators then check that their network loads in
# Keras' safe mode, and keep each archive for the second ``__getstate__`` skops makes.
SAFE_SAVE = contextvars.ContextVar("skseq_safe_save", default=None)


class UntrustedTypesError(ValueError):
    """A file names types :func:`load` does not trust; nothing was constructed."""


def _is_savable_class(name):
    """Whether ``name`` ("module.Class") is a class of a module in :data:`LOADABLE_MODULES`.

    No module outside that list is imported, whatever the file names.
    """
    module_name, _, attr = name.rpartition(".")
    if module_name not in LOADABLE_MODULES:
        return False
    obj = getattr(importlib.import_module(module_name), attr, None)
    return isinstance(obj, type) and obj.__module__ == module_name


def save(estimator, path):
    """Save a fitted (or unfitted) estimator or pipeline in the safe format.

    The file is written whole or not at all: to a temporary file in the same folder, then
    renamed over ``path``.

    Parameters
    ----------
    estimator : estimator, Pipeline or any object skops can store
        skseq's estimators and transformers, scikit-learn's, and pipelines of them.
    path : str or path-like
        Where to write (by convention ending in ``.skops``).

    Raises
    ------
    ValueError
        When a Keras network cannot be loaded in safe mode (a ``Lambda`` layer, a custom
        layer not registered with ``keras.saving.register_keras_serializable``); the message
        names the estimator and the layers. Such a model can still be pickled.

    Examples
    --------
    >>> import os, tempfile
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skseq import SequenceOneHotTransformer
    >>> from skseq.io._persistence import load, save
    >>> X, y = ["ACGT", "GGCC", "ACGA", "TTGC"], [1, 0, 1, 0]
    >>> pipe = make_pipeline(SequenceOneHotTransformer(flatten=True), LogisticRegression())
    >>> path = os.path.join(tempfile.mkdtemp(), "model.skops")
    >>> save(pipe.fit(X, y), path)
    >>> load(path).predict(X).tolist()
    [1, 0, 1, 0]
    """
    import skops.io

    token = SAFE_SAVE.set({})
    try:
        # whole or not at all, with the permissions any new file of the user's gets
        write_atomic(path, lambda handle: skops.io.dump(estimator, handle))
    finally:
        SAFE_SAVE.reset(token)


def load(path, trusted=None):
    """Load what :func:`save` wrote, constructing only trusted types.

    Parameters
    ----------
    path : str or path-like
        A file written by :func:`save`.
    trusted : list of str, default=None
        Further types (``"module.Name"``) to trust, beyond those the module docstring lists.
        Pass only names you have checked: loading constructs them.

    Returns
    -------
    object
        The estimator or pipeline, fitted if it was saved fitted.

    Raises
    ------
    UntrustedTypesError
        When the file names a type that is not trusted (a skseq type counts only when its
        module is in :data:`LOADABLE_MODULES`); the message names the file and lists them
        all. Nothing from the file was imported or constructed.

    Examples
    --------
    See :func:`save`.
    """
    import skops.io

    path = os.fspath(path)
    named = skops.io.get_untrusted_types(file=path)
    allowed = set(trusted or ()) | set(EXTRA_TRUSTED_TYPES)
    untrusted = [t for t in named if t not in allowed and not _is_savable_class(t)]
    if untrusted:
        listed = ", ".join(
            f"{t} (not a class skseq saves)" if t.split(".")[0] == "skseq" else t for t in untrusted
        )
        raise UntrustedTypesError(
            f"'{path}' names types that are not trusted: {listed}. Nothing was loaded. If "
            "you know where the file comes from and trust these types, pass them as "
            "load(path, trusted=[...])."
        )
    return skops.io.load(path, trusted=named)
