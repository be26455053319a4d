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


class SavedNetworkError(ValueError):
    """An estimator's network cannot be rebuilt from its saved state.

    Raised by the estimators' ``__setstate__`` (the archive inside is damaged, or the weights
    do not fit the network its hyperparameters build); :func:`load` adds the file's name.
    """


_ZIP_END = b"PK\x05\x06"  # a zip archive's end-of-central-directory record
_ZIP_END_SEARCH = 22 + 65535  # the record and the longest comment it can announce


def _check_archive(path):
    """Check that ``path`` is a whole skops zip archive; a ValueError names it and says why.

    Every member's checksum is verified, so flipped bytes are found before loading starts.
    """
    import zipfile
    import zlib

    if os.path.isdir(path):
        raise ValueError(f"'{path}' is a directory, not a file written by skseq.io.save.")
    with open(path, "rb") as handle:  # FileNotFoundError names the file
        head = handle.read(4)
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        handle.seek(max(size - _ZIP_END_SEARCH, 0))
        tail = handle.read()
    if not head:
        raise ValueError(f"'{path}' is empty: not a file written by skseq.io.save.")
    # The archive's end record must end the file (after its comment, if any): a cut file can
    # still hold one, the end of a network's .keras archive stored inside it.
    end = tail.rfind(_ZIP_END)
    comment = int.from_bytes(tail[end + 20 : end + 22], "little")
    if end < 0 or end + 22 + comment != len(tail) or not zipfile.is_zipfile(path):
        if head.startswith(b"PK"):
            raise ValueError(
                f"'{path}' is truncated or corrupted: the end of its zip archive is missing "
                "or damaged. Save the estimator again, or copy the file again."
            )
        if head[:1] == b"\x80":  # the PROTO opcode every pickle since protocol 2 starts with
            raise ValueError(
                f"'{path}' is not a skseq file: it is a pickle, not the zip archive "
                "skseq.io.save writes (a pickle runs code when loaded: unpickle only files "
                "you made)."
            )
        raise ValueError(
            f"'{path}' is not a skseq file: it is not the zip archive skseq.io.save writes."
        )
    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
            names = archive.namelist()
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
        raise ValueError(f"'{path}' is truncated or corrupted ({error}).") from error
    if bad is not None:
        raise ValueError(
            f"'{path}' is truncated or corrupted: {bad!r} inside it fails its checksum."
        )
    if "schema.json" not in names:
        raise ValueError(
            f"'{path}' is not a skseq file: a zip archive without the schema.json that "
            "skseq.io.save writes."
        )


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
    renamed over ``path``. A save killed midway leaves only that hidden temporary, which the
    next save to ``path`` removes.

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
    ValueError
        When the file is not one :func:`save` wrote (a pickle, a text file), is truncated or
        corrupted (checked before anything is loaded), or holds an object that cannot be
        rebuilt from its state: :class:`SavedNetworkError` when a network inside is damaged
        or does not match its saved hyperparameters. The message names the file.

    Examples
    --------
    See :func:`save`.
    """
    import skops.io

    path = os.fspath(path)
    _check_archive(path)
    try:
        named = skops.io.get_untrusted_types(file=path)
    except Exception as error:  # skops parses the schema here: any failure means damage
        raise ValueError(
            f"'{path}' is truncated or corrupted: its schema.json cannot be read "
            f"({type(error).__name__}: {error})."
        ) from error
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
    try:
        return skops.io.load(path, trusted=named)
    except SavedNetworkError as error:
        raise SavedNetworkError(f"'{path}': {error}") from error
    except Exception as error:
        raise ValueError(
            f"'{path}' is corrupted or was edited: an object inside cannot be rebuilt from "
            f"its saved state ({type(error).__name__}: {error})."
        ) from error
