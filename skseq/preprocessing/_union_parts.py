"""ChannelUnion's parts: column selection, one transformer's fit/transform, the layout record,
and get_params/set_params over a list of named transformers (sklearn's composite behaviour,
written on BaseEstimator's public API instead of the private ``_BaseComposition``)."""

from collections import namedtuple

import numpy as np

ChannelBlock = namedtuple("ChannelBlock", ["name", "channels", "names", "per_position"])
ChannelBlock.__doc__ = """The channels one transformer of a :class:`ChannelUnion` fills.

name : str
    The transformer's name in ``transformer_list``.
channels : slice
    Its channels in the union's output (last axis).
names : tuple of str
    Its own names of those channels, without the union's ``name__`` prefix.
per_position : bool
    False for whole-sequence features (2-D output repeated along the length).
"""


def _select(X, columns, name):
    """The part of X a transformer sees: all of it, one column, or several."""
    if columns is None:
        return X
    if hasattr(X, "iloc") and hasattr(X, "columns"):
        if isinstance(columns, str) or (
            isinstance(columns, list) and columns and all(isinstance(c, str) for c in columns)
        ):
            missing = [
                c
                for c in ([columns] if isinstance(columns, str) else columns)
                if c not in X.columns
            ]
            if missing:
                raise ValueError(
                    f"transformer {name!r} asks for columns {missing} that X does not have; "
                    f"X has {list(X.columns)}."
                )
            return X[columns]
        return X.iloc[:, columns]
    if isinstance(columns, str) or (
        isinstance(columns, list) and any(isinstance(c, str) for c in columns)
    ):
        raise ValueError(
            f"transformer {name!r} selects columns by name ({columns!r}), which needs X to be a "
            f"pandas DataFrame; got {type(X).__name__}."
        )
    X = np.asarray(X, dtype=object) if not isinstance(X, np.ndarray) else X
    if X.ndim < 2:
        raise ValueError(
            f"transformer {name!r} selects columns {columns!r} but X is 1-D; select columns "
            "only from a DataFrame or a 2-D array."
        )
    return X[:, columns]


def _passthrough(X, name):
    Xt = X.to_numpy() if hasattr(X, "to_numpy") else np.asarray(X)
    if Xt.dtype.kind not in "biuf":
        raise ValueError(
            f"'passthrough' part {name!r} holds non-numeric data (dtype {Xt.dtype}); pass "
            "numeric columns, or give a transformer."
        )
    return Xt


def _fit_transform_one(transformer, X, y, name):
    if transformer == "passthrough":
        return _passthrough(X, name), transformer
    return transformer.fit_transform(X, y), transformer


def _transform_one(transformer, X, name):
    if transformer == "passthrough":
        return _passthrough(X, name)
    return transformer.transform(X)


class NamedTransformersMixin:
    """Nested ``get_params``/``set_params`` for ``transformer_list`` entries
    ``(name, transformer[, columns])``, as :class:`sklearn.pipeline.FeatureUnion` has."""

    # get_params / set_params of a list of named transformers, as sklearn's own composites
    # (Pipeline, FeatureUnion) behave, written here on BaseEstimator's public API
    def get_params(self, deep=True):
        """Parameters of the union and, with ``deep=True``, of its transformers.

        Parameters
        ----------
        deep : bool, default=True
            Also return each transformer (as ``name``) and its parameters
            (as ``name__param``).

        Returns
        -------
        params : dict
        """
        params = super().get_params(deep=False)
        if not deep:
            return params
        for name, trans in self._named_entries():
            params[name] = trans
            if hasattr(trans, "get_params") and not isinstance(trans, type):
                for key, value in trans.get_params(deep=True).items():
                    params[f"{name}__{key}"] = value
        return params

    def set_params(self, **params):
        """Set parameters: the union's, whole transformers (``name``) and nested ones
        (``name__param``).

        Returns
        -------
        self : ChannelUnion
        """
        if "transformer_list" in params:
            self.transformer_list = params.pop("transformer_list")
        names = [name for name, _ in self._named_entries()]
        for key in [k for k in params if "__" not in k and k in names]:
            self.transformer_list = [
                (entry[0], params[key], *entry[2:]) if entry[0] == key else entry
                for entry in self.transformer_list
            ]
            del params[key]
        own = {k: v for k, v in params.items() if "__" not in k}
        if own:
            super().set_params(**own)
        nested = {}
        for key, value in params.items():
            if "__" in key:
                name, sub = key.split("__", 1)
                if name not in names:
                    raise ValueError(
                        f"Invalid parameter {name!r} for estimator {self}. Valid parameters "
                        f"are: {sorted(self.get_params(deep=False))} and the transformer "
                        f"names {names}."
                    )
                nested.setdefault(name, {})[sub] = value
        for name, trans in self._named_entries():
            if name in nested:
                trans.set_params(**nested[name])
        return self

    def _named_entries(self):
        try:
            return [(entry[0], entry[1]) for entry in self.transformer_list]
        except (TypeError, IndexError, KeyError):
            return []  # malformed; fit names the problem

    @staticmethod
    def _validate_names(names):
        if len(set(names)) != len(names):
            repeated = sorted({n for n in names if names.count(n) > 1})
            raise ValueError(f"Names provided are not unique: {repeated}")
        clash = sorted(set(names) & {"transformer_list", "n_jobs", "transformer_weights"})
        if clash:
            raise ValueError(f"Estimator names conflict with constructor arguments: {clash}")
        dunder = [n for n in names if "__" in n]
        if dunder:
            raise ValueError(f"Estimator names must not contain __: got {dunder}")
