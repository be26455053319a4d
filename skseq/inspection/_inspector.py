"""MotifInspector: what a fitted sequence CNN's first-layer kernels learned."""

from numbers import Integral, Real

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import Pipeline
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import check_is_fitted

from skseq import attribution as attr

from . import _activations as act
from ._motifs import (
    consensus,
    is_symbol_group,
    kernel_thresholds,
    marginals,
    mean_profile,
    probability_matrix,
    site_mask,
    split_channel_names,
    window_counts,
)


class MotifInspector(BaseEstimator):
    """Motifs, enrichment plots and attributions of a fitted sequence CNN; trains nothing.

    ``fit`` runs the network's first convolution over the given sequences and, for every
    kernel, collects the input windows that activate it: the *sites*. A sequence is a site of
    kernel ``k`` when its maximum activation exceeds the kernel's threshold; the site is the
    window read at that maximum (one window per sequence, so shifted copies of one hit are
    not counted twice). The windows are aligned (taking the convolution's padding, stride and
    dilation into account) and counted into a position probability matrix per kernel and per
    channel group (sequence, and e.g. structure when a channel union added it).

    Parameters
    ----------
    estimator : fitted estimator, Pipeline or keras.Model
        A fitted :class:`~skseq.SequenceCNNClassifier` / :class:`~skseq.SequenceCNNRegressor`
        (anything with a ``model_``), a fitted Pipeline ending in one (its other steps
        encode the sequences given to ``fit``), or a plain ``keras.Model`` taking
        ``(n, length, channels)`` arrays.
    threshold : {"pysster", "fraction"} or float, default="pysster"
        The activation a sequence's maximum must exceed to count as a site.
        ``"pysster"``: the highest per-class mean of the kernel's maximum activation per
        sequence (the rule of pysster, Budach & Marsico 2018). The classes are the
        classifier's ``classes_``; otherwise the distinct values of ``y`` when there are at
        most 10, else the quartiles of ``y`` (of its first column); without ``y`` all
        sequences form one class.
        ``"fraction"``: ``fraction`` times the kernel's largest activation over all sequences.
        A number: that activation for every kernel.
    fraction : float in (0, 1], default=0.5
        Used by ``threshold="fraction"``.
    importance : {"occlusion", "spread"}, default="occlusion"
        How ``importance_`` ranks kernels. ``"occlusion"``: how much the loss grows when the
        kernel is silenced (its weights and bias set to zero for one pass): log-loss for
        classifiers, mean squared error for regressors, and without ``y`` (or for a plain
        Keras model) the mean absolute change of the outputs; it costs one forward pass of
        the network per kernel (about 18x predict time for 30 kernels). ``"spread"``: the
        highest minus the lowest per-class mean of the kernel's maximum activation (no extra
        passes; ``fit`` then takes about one predict time).
    layer : str, optional
        Name of the Conv1D layer to inspect; by default the first one in ``model_.layers``.
    channel_names : list of str, optional
        One name per input channel, ``"group__symbol"`` for several groups (as
        ``get_feature_names_out`` of a channel union writes them). By default taken from the
        pipeline's transformers; else ``A, C, G, T`` for 4 channels, ``c0, c1, ...``
        otherwise.
    batch_size : int, default=1024
        Sequences per forward pass.

    Attributes
    ----------
    model_ : keras.Model
        The inspected network.
    layer_name_ : str
        The inspected convolution.
    channel_names_ : list of str
    symbol_groups_ : list of str
        Channel groups drawn as logos (one-hot or probability channels).
    track_groups_ : list of str
        Channel groups of real-valued tracks (averaged under the sites).
    groups_ : list
        Class labels (quartile names for regression, ``["all"]`` without ``y``).
    sample_groups_ : ndarray of shape (n_sequences,)
        Index into ``groups_`` of each sequence.
    max_activations_ : ndarray of shape (n_sequences, n_kernels)
    max_positions_ : ndarray of shape (n_sequences, n_kernels)
        First input position of the window at each sequence's maximum activation.
    mean_activations_ : ndarray of shape (n_groups, n_positions, n_kernels)
        Mean activation per class at each output position.
    thresholds_ : ndarray of shape (n_kernels,)
    n_sites_ : ndarray of shape (n_kernels,)
    motifs_ : list of DataFrame
        One position probability matrix (positions x symbols) per kernel, for the first
        symbol group (the sequence; its nucleotide marginal for a combined alphabet).
    group_motifs_ : dict of str to list of DataFrame
        The same for every symbol group (e.g. ``"seq"`` and ``"struct"``). A group in
        pysster's combined alphabet (symbols ``"A_S"``, ``"A_H"``, ...) also gets its two
        marginals, ``"<group>:nucleotide"`` and ``"<group>:context"``; logos draw those.
    track_profiles_ : dict of str to list of DataFrame
        Mean track values per window position under each kernel's sites.
    importance_ : ndarray of shape (n_kernels,)
    consensus_ : list of str
        The most probable symbol per position of each ``motifs_`` entry.
    matches_ : DataFrame
        Set by :meth:`match`.

    Examples
    --------
    >>> import keras, numpy as np
    >>> from skseq import MotifInspector
    >>> rng = np.random.default_rng(0)
    >>> X = np.eye(4, dtype="float32")[rng.integers(0, 4, (40, 30))]
    >>> inp = keras.Input((30, 4), name="sequence")
    >>> conv = keras.layers.Conv1D(3, 6, activation="relu", name="conv_1")(inp)
    >>> out = keras.layers.Dense(1)(keras.layers.GlobalMaxPooling1D()(conv))
    >>> insp = MotifInspector(keras.Model(inp, out)).fit(X)
    >>> len(insp.motifs_), insp.motifs_[0].shape
    (3, (6, 4))
    """

    _parameter_constraints = {
        "estimator": [object],
        "threshold": [StrOptions({"pysster", "fraction"}), Real],
        "fraction": [Interval(Real, 0, 1, closed="right")],
        "importance": [StrOptions({"occlusion", "spread"})],
        "layer": [str, None],
        "channel_names": ["array-like", None],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
    }

    def __init__(
        self,
        estimator,
        *,
        threshold="pysster",
        fraction=0.5,
        importance="occlusion",
        layer=None,
        channel_names=None,
        batch_size=1024,
    ):
        self.estimator = estimator
        self.threshold = threshold
        self.fraction = fraction
        self.importance = importance
        self.layer = layer
        self.channel_names = channel_names
        self.batch_size = batch_size

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.input_tags.string = True
        tags.target_tags.required = False
        tags.non_deterministic = False
        return tags

    # ----------------------------------------------------------------- resolving the input
    def _parts(self):
        """(transformers or None, final estimator or None, keras model)."""
        import keras

        est = self.estimator
        transform = None
        if isinstance(est, Pipeline):
            transform = est[:-1] if len(est.steps) > 1 else None
            est = est[-1]
        if isinstance(est, keras.Model):
            return transform, None, est
        model = getattr(est, "model_", None)
        if model is None:
            raise NotFittedError(
                f"{type(est).__name__} is not fitted (it has no model_); fit "
                f"it before inspecting it"
            )
        return transform, est, model

    def _encode(self, X, transform):
        if isinstance(X, np.ndarray) and X.ndim == 3 and X.dtype.kind in "biuf":
            return X
        if transform is None:
            raise ValueError(
                "X must be encoded sequences of shape (n_sequences, length, "
                "channels) unless the estimator is a Pipeline that encodes them; "
                f"got {type(X).__name__}"
                + (f" of shape {np.shape(X)}" if hasattr(X, "shape") else "")
            )
        encoded = np.asarray(transform.transform(X))
        if encoded.ndim != 3:
            raise ValueError(
                f"the pipeline's transformers produced an array of shape "
                f"{encoded.shape}; MotifInspector needs (n_sequences, length, "
                f"channels)"
            )
        return encoded

    def _check_encoded(self, X, model):
        expected = model.inputs[0].shape
        if len(expected) != 3:
            raise ValueError(
                f"the model's input has shape {tuple(expected)}; MotifInspector "
                f"needs a (length, channels) sequence input"
            )
        if expected[-1] is not None and X.shape[-1] != expected[-1]:
            raise ValueError(f"X has {X.shape[-1]} channels but the model expects {expected[-1]}")
        if expected[1] is not None and X.shape[1] != expected[1]:
            raise ValueError(
                f"X has sequences of length {X.shape[1]} but the model expects {expected[1]}"
            )
        if len(X) == 0:
            raise ValueError("X holds no sequences")
        if X.dtype.kind in "biu":  # integer codes (one-hot uint8) are always finite
            return
        finite = np.isfinite(X).all(axis=(1, 2))
        if not finite.all():
            raise ValueError(
                f"X holds NaN or infinite values, first in sequence index "
                f"{int(np.flatnonzero(~finite)[0])}"
            )

    def _channel_names(self, transform, n_channels):
        names = None
        if self.channel_names is not None:
            names = [str(c) for c in self.channel_names]
        elif transform is not None:
            try:
                names = [str(c) for c in transform.get_feature_names_out()]
            except (AttributeError, TypeError, ValueError):
                names = None
            if names is not None and len(names) != n_channels:
                names = None
        if names is None:
            names = list("ACGT") if n_channels == 4 else [f"c{i}" for i in range(n_channels)]
        if len(names) != n_channels:
            raise ValueError(
                f"channel_names has {len(names)} names but X has {n_channels} channels"
            )
        return names

    def _sample_groups(self, y, n, final):
        if y is None:
            return ["all"], np.zeros(n, dtype=int)
        y = np.asarray(y)
        if len(y) != n:
            raise ValueError(f"y has {len(y)} entries but X has {n} sequences")
        classes = getattr(final, "classes_", None) if final is not None else None
        kind = type_of_target(y)
        if classes is not None and y.ndim == 1:
            classes = list(np.asarray(classes).tolist())
            lookup = {c: i for i, c in enumerate(classes)}
            unknown = [v for v in np.unique(y).tolist() if v not in lookup]
            if unknown:
                raise ValueError(
                    f"y holds labels {unknown} that the estimator was not "
                    f"trained on (its classes_ are {classes})"
                )
            return classes, np.array([lookup[v] for v in y.tolist()])
        if kind in ("binary", "multiclass") and len(np.unique(y)) <= 10:
            classes, codes = np.unique(y, return_inverse=True)
            return classes.tolist(), codes
        if y.dtype.kind in "biuf" and y.ndim <= 2:
            values = y if y.ndim == 1 else y[:, 0]
            edges = np.quantile(values, [0.25, 0.5, 0.75])
            codes = np.searchsorted(edges, values, side="right")
            return ["Q1 (low)", "Q2", "Q3", "Q4 (high)"], codes
        return ["all"], np.zeros(n, dtype=int)

    # ------------------------------------------------------------------------------ fit
    def fit(self, X, y=None):
        """Run the first convolution over ``X`` and build each kernel's motif and statistics.

        Parameters
        ----------
        X : array-like
            Sequences as the pipeline takes them (e.g. strings), or encoded arrays of shape
            (n_sequences, length, channels).
        y : array-like of shape (n_sequences,), optional
            Labels (or regression targets) for the per-class statistics, the ``"pysster"``
            threshold and the occlusion importance.

        Returns
        -------
        self
        """
        self._validate_params()
        transform, final, model = self._parts()
        X = self._encode(X, transform)
        self._check_encoded(X, model)
        n, length, n_channels = X.shape

        self.model_ = model
        conv = act.find_first_conv(model, self.layer)
        self.layer_name_ = conv.name
        self._geometry = act.window_geometry(conv, length)
        self.sequence_length_ = length
        n_global = int(getattr(final, "n_global_features", 0) or 0) if final is not None else 0
        self.channel_names_ = self._channel_names(transform, n_channels)
        groups = [
            g for g in split_channel_names(self.channel_names_, n_global) if g["name"] != "global"
        ]
        self._channel_groups = {g["name"]: g for g in groups}
        self.symbol_groups_ = [g["name"] for g in groups if is_symbol_group(X, g["indices"])]
        self.track_groups_ = [g["name"] for g in groups if g["name"] not in self.symbol_groups_]
        if not self.symbol_groups_:
            raise ValueError(
                f"no channel group holds one-hot or probability codes (channels "
                f"{self.channel_names_}); MotifInspector needs sequence channels"
            )

        self.groups_, self.sample_groups_ = self._sample_groups(y, n, final)
        act_model = act.activation_model(model, conv)
        self.max_activations_, argmax, self.mean_activations_ = act.activation_summary(
            act_model, X, self.sample_groups_, len(self.groups_), self.batch_size
        )
        self.max_positions_ = argmax * self._geometry["stride"] - self._geometry["pad_left"]

        rule = self.threshold
        self.thresholds_ = kernel_thresholds(
            self.max_activations_, self.sample_groups_, len(self.groups_), rule, self.fraction
        )
        mask = site_mask(self.max_activations_, self.thresholds_)
        self.n_sites_ = mask.sum(axis=0)
        n_kernels = self.max_activations_.shape[1]
        self.group_motifs_ = {g: [] for g in self.symbol_groups_}
        self.track_profiles_ = {g: [] for g in self.track_groups_}
        for k in range(n_kernels):
            rows = np.flatnonzero(mask[:, k])
            sites, positions = X[rows], argmax[rows, k]
            for name in self.symbol_groups_ + self.track_groups_:
                group = self._channel_groups[name]
                sums, covered = window_counts(sites, positions, self._geometry, group["indices"])
                if name in self.group_motifs_:
                    self.group_motifs_[name].append(probability_matrix(sums, group["symbols"]))
                else:
                    self.track_profiles_[name].append(mean_profile(sums, covered, group["symbols"]))
        for name in list(self.group_motifs_):
            split = [marginals(m) for m in self.group_motifs_[name]]
            if split and split[0] is not None:
                # pysster's combined alphabet (A_S, A_H, ...): one logo per part
                self.group_motifs_[f"{name}:nucleotide"] = [a for a, _ in split]
                self.group_motifs_[f"{name}:context"] = [b for _, b in split]
        first = self.symbol_groups_[0]
        self.motifs_ = self.group_motifs_.get(f"{first}:nucleotide", self.group_motifs_[first])
        self.consensus_ = [consensus(m) for m in self.motifs_]
        self.importance_ = self._importance(X, y, final, model, conv)
        return self

    def _importance(self, X, y, final, model, conv):
        n_kernels = self.max_activations_.shape[1]
        if self.importance == "spread":
            means = np.stack(
                [
                    self.max_activations_[self.sample_groups_ == g].mean(axis=0)
                    for g in range(len(self.groups_))
                    if np.any(self.sample_groups_ == g)
                ]
            )
            return means.max(axis=0) - means.min(axis=0)
        loss = self._loss_function(y, final)
        reference = act.predict(model, X, self.batch_size)
        base = loss(reference, reference)
        scores = np.empty(n_kernels)
        for k in range(n_kernels):
            with act.silenced_kernel(conv, k):
                scores[k] = loss(act.predict(model, X, self.batch_size), reference) - base
        return scores

    def _loss_function(self, y, final):
        """``loss(outputs, reference_outputs)``: the score occlusion compares."""
        classes = getattr(final, "classes_", None) if final is not None else None
        eps = 1e-7
        if y is not None and classes is not None and np.ndim(y) == 1:
            codes = self.sample_groups_

            def log_loss(out, _ref):
                out = out.reshape(len(out), -1)
                if out.shape[1] == 1:
                    p1 = np.clip(out[:, 0], eps, 1 - eps)
                    prob = np.where(codes == 1, p1, 1 - p1)
                else:
                    prob = np.clip(out[np.arange(len(out)), codes], eps, 1)
                return float(-np.log(prob).mean())

            return log_loss
        if y is not None and final is not None and classes is None:
            target = np.asarray(y, dtype=float)

            def mse(out, _ref):
                return float(
                    (
                        (out.reshape(target.shape[0], -1) - target.reshape(target.shape[0], -1))
                        ** 2
                    ).mean()
                )

            return mse

        def change(out, ref):
            return float(np.abs(out - ref).mean())

        return change

    # ------------------------------------------------------------------ numbers for plots
    def position_enrichment(self, kernel):
        """Per class: site positions and mean activation per position of one kernel.

        Returns
        -------
        site_positions : dict of label to ndarray
            First input position of the window at the maximum, for the sequences that are
            sites of the kernel.
        mean_activation : DataFrame
            Window start positions x class labels.
        length : int
        """
        check_is_fitted(self, "motifs_")
        k = self._check_kernel(kernel)
        mask = site_mask(self.max_activations_, self.thresholds_)[:, k]
        sites = {
            label: self.max_positions_[mask & (self.sample_groups_ == g), k]
            for g, label in enumerate(self.groups_)
        }
        starts = (
            np.arange(self.mean_activations_.shape[1]) * self._geometry["stride"]
            - self._geometry["pad_left"]
        )
        mean = pd.DataFrame(
            self.mean_activations_[:, :, k].T, index=starts, columns=list(self.groups_)
        )
        mean.index.name = "position"
        return sites, mean, self.sequence_length_

    def _check_kernel(self, kernel):
        n_kernels = len(self.motifs_)
        if not isinstance(kernel, (int, np.integer)) or not 0 <= kernel < n_kernels:
            raise ValueError(f"kernel must be an integer in [0, {n_kernels}); got {kernel!r}")
        return int(kernel)

    # ----------------------------------------------------------------------------- plots
    def plot_logo(self, kernel, *, kind="information", ax=None):
        """Logo of a kernel's motif (and of its structure motif when present).

        Returns
        -------
        MotifLogoDisplay
        """
        from ._plots import MotifLogoDisplay

        check_is_fitted(self, "motifs_")
        return MotifLogoDisplay.from_inspector(self, self._check_kernel(kernel), kind=kind, ax=ax)

    def plot_position_enrichment(self, kernel, *, ax=None):
        """Where the kernel fires along the sequence, per class (two Axes).

        Returns
        -------
        PositionEnrichmentDisplay
        """
        from ._plots import PositionEnrichmentDisplay

        check_is_fitted(self, "motifs_")
        return PositionEnrichmentDisplay.from_inspector(self, self._check_kernel(kernel), ax=ax)

    def plot_class_enrichment(self, kernel, *, ax=None):
        """Boxes of the kernel's maximum activation per class, titled with its importance.

        Returns
        -------
        ClassEnrichmentDisplay
        """
        from ._plots import ClassEnrichmentDisplay

        check_is_fitted(self, "motifs_")
        return ClassEnrichmentDisplay.from_inspector(self, self._check_kernel(kernel), ax=ax)

    def plot_activation_heatmap(self, *, max_sequences=500, ax=None):
        """Kernels x sequences heatmap of maximum activations, clustered.

        Returns
        -------
        ActivationHeatmapDisplay
        """
        from ._plots import ActivationHeatmapDisplay

        check_is_fitted(self, "motifs_")
        return ActivationHeatmapDisplay.from_inspector(self, max_sequences=max_sequences, ax=ax)

    def plot_track_profile(self, kernel, *, ax=None):
        """Mean of the track channels under the kernel's sites.

        Returns
        -------
        TrackProfileDisplay
        """
        from ._plots import TrackProfileDisplay

        check_is_fitted(self, "motifs_")
        return TrackProfileDisplay.from_inspector(self, self._check_kernel(kernel), ax=ax)

    # ---------------------------------------------------------------------- attributions
    def _target(self, target):
        """Class label (classifiers) or output index -> what the attribution functions take."""
        transform, final, model = self._parts()
        n_outputs = int(np.prod(model.outputs[0].shape[1:]))
        classes = getattr(final, "classes_", None) if final is not None else None
        if classes is not None and np.ndim(classes) == 1:
            classes = list(np.asarray(classes).tolist())
            label = classes[-1] if target is None else target
            if label not in classes:
                raise ValueError(f"target={target!r} is not one of the classes {classes}")
            j = classes.index(label)
            if n_outputs == 1 and len(classes) == 2:
                return 0 if j == 1 else (lambda out: 1.0 - out[:, 0])
            return j
        target = 0 if target is None else target
        if not isinstance(target, (int, np.integer)) or not 0 <= target < n_outputs:
            raise ValueError(f"target must be an output index in [0, {n_outputs}); got {target!r}")
        return int(target)

    def attributions(self, X, *, method="saliency", target=None, n_steps=32):
        """Per-position, per-channel attributions of the network's output.

        Parameters
        ----------
        X : array-like
            Sequences as for :meth:`fit`.
        method : {"saliency", "integrated_gradients", "ism"}, default="saliency"
            Gradient x input, integrated gradients from an all-zero baseline, or in-silico
            mutagenesis (change of the output per substitution; forward passes only).
        target : label or int, optional
            Classifiers: the class whose probability is explained (default: the last class,
            the positive one in binary tasks). Otherwise the output index (default 0).
        n_steps : int, default=32
            Integration steps of ``"integrated_gradients"``.

        Returns
        -------
        ndarray of shape (n_sequences, length, channels)
        """
        check_is_fitted(self, "motifs_")
        methods = ("saliency", "integrated_gradients", "ism")
        if method not in methods:
            raise ValueError(f"method must be one of {methods}; got {method!r}")
        transform, _final, model = self._parts()
        X = self._encode(X, transform)
        self._check_encoded(X, model)
        select = self._target(target)
        if method == "saliency":
            return attr.saliency(model, X, target=select, batch_size=self.batch_size)
        if method == "integrated_gradients":
            return attr.integrated_gradients(
                model, X, target=select, n_steps=n_steps, batch_size=self.batch_size
            )
        groups = [self._channel_groups[g]["indices"] for g in self.symbol_groups_]
        return attr.in_silico_mutagenesis(
            model, X, target=select, channel_groups=groups, batch_size=max(self.batch_size, 512)
        )

    def position_importance(self, X, *, method="saliency", target=None, n_steps=32):
        """One attribution value per position and sequence (see :func:`position_importance`).

        Returns
        -------
        ndarray of shape (n_sequences, length)
        """
        values = self.attributions(X, method=method, target=target, n_steps=n_steps)
        if method == "ism":
            seq = self._channel_groups[self.symbol_groups_[0]]["indices"]
            values = values[..., seq]
        return attr.reduce_to_positions(values, method=method)

    def plot_attribution(self, x, *, method="saliency", target=None, n_steps=32, ax=None):
        """One sequence as a logo whose letters are scaled by their importance.

        Parameters
        ----------
        x : str or array-like
            One sequence (as the pipeline takes it), or its encoding of shape
            (length, channels) or (1, length, channels).

        Returns
        -------
        AttributionLogoDisplay
            With ``importance`` (per position) and ``attributions`` (length x channels).
        """
        from ._plots import AttributionLogoDisplay

        check_is_fitted(self, "motifs_")
        if isinstance(x, np.ndarray) and x.ndim == 2 and x.dtype.kind in "biuf":
            x = x[None]
        elif isinstance(x, str):
            x = [x]
        transform, _final, _model = self._parts()
        X = self._encode(x if isinstance(x, np.ndarray) else np.asarray(x, dtype=object), transform)
        if len(X) != 1:
            raise ValueError(f"plot_attribution draws one sequence; got {len(X)}")
        values = self.attributions(X, method=method, target=target, n_steps=n_steps)[0]
        group = self._channel_groups[self.symbol_groups_[0]]
        idx = group["indices"]
        if method == "ism":
            importance = attr.reduce_to_positions(values[None][..., idx], method="ism")[0]
        else:
            importance = attr.reduce_to_positions(values[None], method=method)[0]
        matrix = pd.DataFrame(
            np.asarray(X[0][:, idx], dtype=float) * importance[:, None], columns=group["symbols"]
        )
        disp = AttributionLogoDisplay(matrix, title=f"{method} attribution")
        disp.importance = importance
        disp.attributions = values
        return disp.plot(ax=ax)

    # ------------------------------------------------------------- export and comparison
    def _named_motifs(self, group=None, only_with_sites=False):
        if group is not None and group not in self.group_motifs_:
            raise ValueError(
                f"group={group!r} is not a symbol group; they are {list(self.group_motifs_)}"
            )
        motifs = self.motifs_ if group is None else self.group_motifs_[group]
        return {
            f"kernel_{k}": m
            for k, m in enumerate(motifs)
            if not only_with_sites or self.n_sites_[k] > 0
        }

    def to_meme(self, path, *, group=None):
        """Write every kernel's motif (``kernel_<k>``) to a MEME file.

        Parameters
        ----------
        path : str or path-like
        group : str, optional
            Channel group to export (default: the sequence).

        Returns
        -------
        self
        """
        from skseq.io import write_meme

        check_is_fitted(self, "motifs_")
        motifs = self._named_motifs(group)
        write_meme(
            path, motifs, n_sites={f"kernel_{k}": int(s) for k, s in enumerate(self.n_sites_)}
        )
        return self

    def match(self, database=None, *, n_best=5):
        """Compare the kernels' motifs with known motifs (TomTom, via memelite).

        Parameters
        ----------
        database : None, "jaspar", path or dict of DataFrame, default=None
            A MEME file of target motifs, or ``"jaspar"`` (and ``None``) for JASPAR's CORE
            vertebrate motifs from the optional ``pyjaspar`` package
            (``pip install skseq[jaspar]``).
        n_best : int, default=5
            Matches kept per kernel.

        Returns
        -------
        self
            With ``matches_``: columns ``kernel``, ``target_id``, ``target_name``,
            ``p_value``, ``e_value``, ``q_value``, ``offset``, ``overlap``, ``orientation``.
            Kernels without sites are not compared.
        """
        from ._matching import load_database, match_motifs

        check_is_fitted(self, "motifs_")
        targets = load_database("jaspar" if database is None else database)
        queries = self._named_motifs(only_with_sites=True)
        if not queries:
            raise ValueError("no kernel has any site; nothing to match")
        table = match_motifs(queries, targets, n_best=n_best)
        table.insert(0, "kernel", table.pop("query").str.replace("kernel_", "").astype(int))
        self.matches_ = table
        return self

    def report(self, path, *, top=None):
        """Write an HTML page (``index.html``) and its PNGs: kernels ranked by importance.

        Parameters
        ----------
        path : str or path-like
            Output folder (created if missing).
        top : int, optional
            Only the ``top`` most important kernels get their own section.

        Returns
        -------
        pathlib.Path
            The written ``index.html``.
        """
        from ._report import write_report

        check_is_fitted(self, "motifs_")
        return write_report(self, path, top=top)
