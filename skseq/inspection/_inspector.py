"""MotifInspector: what a fitted sequence CNN's first-layer kernels learned."""

import copy
from numbers import Integral, Real

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, clone
from sklearn.utils.validation import check_is_fitted

from skseq.utils import encode, find_network, validate_params
from skseq.utils._param_validation import Interval, StrOptions

from . import _activations as act
from ._export import MotifExportMixin
from ._frozen import InspectedNetwork, fingerprint
from ._groups import channel_names, sample_groups
from ._importance import loss_function, occlusion_importance, spread_importance
from ._modisco import ModiscoMixin
from ._motifs import is_symbol_group, kernel_thresholds, split_channel_names
from ._sites import build_motifs


class MotifInspector(ModiscoMixin, MotifExportMixin, BaseEstimator):
    """Sites, motifs and enrichment numbers of a fitted sequence CNN's kernels; trains nothing.

    ``fit`` runs the network's first convolution over the given sequences and, for every
    kernel, collects the input windows that activate it: the *sites*. A sequence is a site of
    kernel ``k`` when its maximum activation exceeds the kernel's threshold and the window
    read there holds sequence symbols (a window over padding or all-zero input shows nothing);
    the site is that window (one per sequence, so shifted copies of one hit are not counted
    twice). The windows are aligned (taking the convolution's padding, stride and dilation
    into account) and counted into a position probability matrix per kernel and per channel
    group (sequence, and e.g. structure when a channel union added it). Plots of these numbers
    are in :mod:`skseq.plotting` (``MotifLogoDisplay.from_inspector(inspector, k)``, ...).

    The inspector keeps what it read at ``fit``: the network (``network_``), a copy of the
    Pipeline's transformers (``transform_``) and the classes. Every later call uses those, so
    refitting the estimator does not change what an inspector reports; a network trained
    further in place (``warm_start``, or ``model.fit`` on a keras.Model) is detected and
    refused. Nothing the inspector does writes to the network.

    ``clone(inspector)`` returns an unfitted inspector with the same parameters around the
    same fitted ``estimator`` (it is not cloned: an inspector explains a fitted model, it does
    not train one).

    Parameters
    ----------
    estimator : fitted estimator, Pipeline or keras.Model
        A fitted :class:`~skseq.SequenceCNNClassifier` / :class:`~skseq.SequenceCNNRegressor`,
        a fitted Pipeline ending in one (its other steps encode the sequences given to
        ``fit``), or a ``keras.Model`` taking ``(n, length, channels)`` arrays.
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
        kernel is silenced (its weights and bias zero in one forward pass that leaves the
        network untouched): log-loss for classifiers, mean squared error for regressors, and
        without ``y`` (or for a plain Keras model) the mean absolute change of the outputs;
        one forward pass of the network per kernel. ``"spread"``: the highest minus the
        lowest per-class mean of the kernel's maximum activation (no extra passes).
    layer : str, default=None
        Name of the Conv1D layer to inspect; by default the first one in the network (in
        each member's network, for an ensemble).
    channel_names : list of str, default=None
        One name per input channel, ``"group__symbol"`` for several groups (as
        ``get_feature_names_out`` of a channel union writes them). By default taken from the
        pipeline's transformers; else ``A, C, G, T`` for 4 channels, ``c0, c1, ...``
        otherwise.
    batch_size : int, default=1024
        Sequences per forward pass.
    verbose : int, default=1
        Progress bars (on standard error when it is a terminal, see
        :func:`skseq.utils.progress`) over the occlusion passes of ``fit``, the kernels of
        :meth:`report` and the attributions of :meth:`attributions`; 0: silent.

    Attributes
    ----------
    network_ : keras.Model
        The inspected network.
    transform_ : Pipeline or None
        A copy of the fitted steps that encode ``X`` (None without a Pipeline).
    classes_ : ndarray or None
        The classifier's classes at ``fit`` (None for regressors and keras.Models).
    layer_name_ : str
        The inspected convolution. For an ensemble (its ``model_`` averages the members'
        networks) the members' first convolutions, joined by ", ": their kernels are
        inspected side by side, and occlusion silences each in the averaged network.
    kernel_layers_ : ndarray of str
        Per kernel, the convolution it belongs to (``member_i/<name>`` in an ensemble).
    sequence_length_ : int
    channel_names_ : list of str
    channel_groups_ : dict of str to dict
        Per channel group: ``indices`` (into the channel axis) and ``symbols``.
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
    site_mask_ : ndarray of bool, shape (n_sequences, n_kernels)
        Which sequences are sites of which kernel.
    n_sites_ : ndarray of shape (n_kernels,)
    motifs_ : list of DataFrame
        One position probability matrix (positions x symbols) per kernel, for the first
        symbol group (the sequence; its nucleotide marginal for a combined alphabet). A
        kernel without sites has a matrix of NaN; when no kernel has any, a warning says so.
    group_motifs_ : dict of str to list of DataFrame
        The same for every symbol group (e.g. ``"seq"`` and ``"struct"``). A group in
        pysster's combined alphabet (symbols ``"A_S"``, ``"A_H"``, ...) also gets its two
        marginals, ``"<group>:nucleotide"`` and ``"<group>:context"``.
    track_profiles_ : dict of str to list of DataFrame
        Mean track values per window position under each kernel's sites.
    importance_ : ndarray of shape (n_kernels,)
    consensus_ : list of str
        The most probable symbol per position of each ``motifs_`` entry ("" without sites).

    Examples
    --------
    >>> import keras, numpy as np
    >>> from skseq.inspection import MotifInspector
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
        "verbose": ["verbose"],
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
        verbose=1,
    ):
        self.estimator = estimator
        self.threshold = threshold
        self.fraction = fraction
        self.importance = importance
        self.layer = layer
        self.channel_names = channel_names
        self.batch_size = batch_size
        self.verbose = verbose

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.input_tags.string = True
        tags.target_tags.required = False
        tags.non_deterministic = False
        return tags

    def __sklearn_clone__(self):
        # the fitted estimator is what is being explained: keep it, clone the other parameters
        params = self.get_params(deep=False)
        estimator = params.pop("estimator")
        return type(self)(estimator, **{k: clone(v, safe=False) for k, v in params.items()})

    # ----------------------------------------------------------------- what fit read
    def encode(self, X):
        """``X`` as the inspected network takes it: encoded by ``transform_`` unless it is.

        Parameters
        ----------
        X : array-like
            Sequences as the Pipeline takes them, or encoded arrays.

        Returns
        -------
        ndarray of shape (n_sequences, length, channels)
        """
        check_is_fitted(self, "network_")
        self._check_unchanged()
        return self._encode(X, self._parts)

    def _encode(self, X, parts):
        return encode(parts, X, "MotifInspector")

    def _check_unchanged(self):
        if fingerprint(self.network_) != self._network_fingerprint:
            raise ValueError(
                "MotifInspector: the inspected network's weights changed since fit (it was "
                "trained further in place); fit the inspector again so that its motifs and "
                "attributions come from one network"
            )

    def check_kernel(self, kernel):
        """Return ``kernel`` as an int after checking it indexes a kernel of the layer."""
        check_is_fitted(self, "motifs_")
        n_kernels = len(self.motifs_)
        if isinstance(kernel, (bool, np.bool_)) or not isinstance(kernel, Integral):
            raise ValueError(f"kernel must be an integer in [0, {n_kernels}); got {kernel!r}")
        if not 0 <= kernel < n_kernels:
            raise ValueError(f"kernel must be an integer in [0, {n_kernels}); got {kernel!r}")
        return int(kernel)

    # ------------------------------------------------------------------------------ fit
    def fit(self, X, y=None):
        """Run the first convolution over ``X`` and build each kernel's motif and statistics.

        Parameters
        ----------
        X : array-like
            Sequences as the pipeline takes them (e.g. strings), or encoded arrays of shape
            (n_sequences, length, channels).
        y : array-like of shape (n_sequences,), default=None
            Labels (or regression targets) for the per-class statistics, the ``"pysster"``
            threshold and the occlusion importance.

        Returns
        -------
        self
        """
        validate_params(self)
        parts = find_network(self.estimator, caller="MotifInspector")
        model = parts.model
        convs = act.find_first_convs(model, self.layer)
        classes = getattr(parts.estimator, "classes_", None)
        classes = None if classes is None else np.array(classes, copy=True)
        parts = parts._replace(transform=copy.deepcopy(parts.transform))
        X = self._encode(X, parts)
        n, length, n_channels = X.shape

        self.network_, self.transform_, self.classes_ = model, parts.transform, classes
        self._parts = parts
        self._network_fingerprint = fingerprint(model)
        self.kernel_layers_ = np.array(act.kernel_layers(convs))
        self.layer_name_ = ", ".join(dict.fromkeys(self.kernel_layers_))
        self._geometry = act.window_geometry(convs[0][1], length)
        self.sequence_length_ = length
        n_global = int(getattr(parts.estimator, "n_global_features", 0) or 0)
        self.channel_names_ = channel_names(self.channel_names, parts.transform, n_channels)
        groups = [
            g for g in split_channel_names(self.channel_names_, n_global) if g["name"] != "global"
        ]
        self.channel_groups_ = {g["name"]: g for g in groups}
        self.symbol_groups_ = [g["name"] for g in groups if is_symbol_group(X, g["indices"])]
        self.track_groups_ = [g["name"] for g in groups if g["name"] not in self.symbol_groups_]
        if not self.symbol_groups_:
            raise ValueError(
                f"MotifInspector: no channel group holds one-hot or probability codes "
                f"(channels {self.channel_names_}); it needs sequence channels"
            )
        self.groups_, self.sample_groups_ = sample_groups(y, n, classes)
        self.max_activations_, argmax, self.mean_activations_ = act.activation_summary(
            act.activation_model(model, convs),
            X,
            self.sample_groups_,
            len(self.groups_),
            self.batch_size,
        )
        self.max_positions_ = argmax * self._geometry["stride"] - self._geometry["pad_left"]
        self.thresholds_ = kernel_thresholds(
            self.max_activations_,
            self.sample_groups_,
            len(self.groups_),
            self.threshold,
            self.fraction,
        )
        for name, value in build_motifs(
            X,
            argmax,
            self.max_activations_,
            self.thresholds_,
            self._geometry,
            self.channel_groups_,
            self.symbol_groups_,
            self.track_groups_,
        ).items():
            setattr(self, name, value)
        if self.importance == "spread":
            self.importance_ = spread_importance(
                self.max_activations_, self.sample_groups_, len(self.groups_)
            )
        else:
            loss = loss_function(y, classes, self.sample_groups_, parts.estimator is not None)
            self.importance_ = occlusion_importance(
                model, convs, X, loss, self.batch_size, verbose=self.verbose
            )
        return self

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
        k = self.check_kernel(kernel)
        mask = self.site_mask_[:, k]
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

    # ---------------------------------------------------------------------- attributions
    def attributions(self, X, *, method="saliency", target=None, n_steps=32):
        """Per-position, per-channel attributions of the inspected network's output.

        Uses the network, transformers and classes read at ``fit`` (see
        :mod:`skseq.attribution` for the verbs).

        Parameters
        ----------
        X : array-like
            Sequences as for :meth:`fit`.
        method : str, default="saliency"
            A name in :data:`skseq.attribution.METHODS` whose values are contributions
            (:func:`skseq.attribution.method_names` with ``contributions_only=True``). A verb
            taking ``channel_groups`` (in-silico mutagenesis) mutates each symbol group as
            one alphabet.
        target : label, int or array-like, default=None
            Classifiers: the class whose probability is explained (default: the last class,
            the positive one in binary tasks). Otherwise the output index (default 0). An
            array gives one target per sequence.
        n_steps : int, default=32
            Integration steps, for a method that takes ``n_steps`` (integrated gradients).

        Returns
        -------
        ndarray of shape (n_sequences, length, channels)
        """
        from skseq.attribution import get_method

        check_is_fitted(self, "motifs_")
        entry = get_method(method, contributions_only=True)
        X = self.encode(X)
        network = InspectedNetwork(self.network_, self.classes_)
        groups = [self.channel_groups_[g]["indices"] for g in self.symbol_groups_]
        options = entry.accepted(
            n_steps=n_steps,
            channel_groups=groups,
            batch_size=self.batch_size,
            verbose=self.verbose,
        )
        return entry(network, X, target=target, **options)
