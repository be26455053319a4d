"""TF-MoDISco (modisco-lite) on attributions: motifs from what the network credits."""

import numpy as np
import pandas as pd
from sklearn.utils import Bunch

from skseq.utils import import_extra

_HYPOTHETICAL = ("saliency", "integrated_gradients", "ism")

# TF-MoDISco's defaults (seqlets of 21 + 2 x 10) are made for BPNet's 1 kb windows; on the
# 100-200 nt sequences of CLIP-seq and promoter sets, seqlets shifted for alignment run off
# the sequence ends and are dropped, so that no pattern keeps enough of them.
SHORT_SEQUENCE_PARAMS = {
    "sliding_window_size": 11,
    "flank_size": 5,
    "initial_flank_to_add": 5,
    "trim_to_window_size": 15,
}


def _import_modisco():
    import_extra("modiscolite", extra="modisco")
    from modiscolite import tfmodisco

    return tfmodisco


def hypothetical_contributions(estimator_or_model, X, *, method="saliency", target=None, **options):
    """Contributions and hypothetical contributions of every symbol, as TF-MoDISco takes them.

    The hypothetical contribution of a symbol at a position is what it would contribute
    there: the input gradient (saliency, integrated gradients) or the change of the output
    when it is written there (in-silico mutagenesis), each centred on the mean over the
    symbols of the position. For the observed symbol it is replaced by the method's own
    contribution (integrated gradients), so ``X * hypothetical`` is the contribution.
    Padding (positions whose channels are all zero) gets zero.

    Parameters
    ----------
    estimator_or_model : fitted estimator, Pipeline or keras.Model
    X : ndarray of shape (n_sequences, length, channels)
        Encoded sequences.
    method : {"saliency", "integrated_gradients", "ism"}, default="saliency"
    target : label, int or array-like, default=None
    **options
        Passed to the attribution verb (``batch_size``, ``n_steps``, ...).

    Returns
    -------
    ndarray of shape (n_sequences, length, channels), float32
    """
    from skseq.attribution import METHODS, input_gradients

    from ..utils._padding import padding_mask

    if method not in _HYPOTHETICAL:
        raise ValueError(f"modisco: method must be one of {_HYPOTHETICAL}; got {method!r}")
    entry = METHODS[method]
    options = entry.accepted(**options)
    if method == "ism":
        values = entry(estimator_or_model, X, target=target, **options)
    else:
        values = input_gradients(
            estimator_or_model, X, target=target, **METHODS["saliency"].accepted(**options)
        )
    hyp = values - values.mean(axis=-1, keepdims=True)
    if method == "integrated_gradients":
        contrib = entry(estimator_or_model, X, target=target, **options)
        observed = X != 0
        hyp[observed] = contrib[observed]
    hyp[padding_mask(X)] = 0.0
    return hyp.astype(np.float32)


def _oriented(pattern):
    """A pattern's matrices, reverse complemented when most of its seqlets were."""
    ppm, contrib, hyp = pattern.sequence, pattern.contrib_scores, pattern.hypothetical_contribs
    flipped = np.mean([s.is_revcomp for s in pattern.seqlets]) > 0.5
    if flipped:
        ppm, contrib, hyp = ppm[::-1, ::-1], contrib[::-1, ::-1], hyp[::-1, ::-1]
    return ppm, contrib, hyp, flipped


def _trim(ppm, contrib, hyp, fraction):
    """Keep the span of positions whose contribution reaches ``fraction`` of the largest."""
    size = np.abs(contrib).sum(axis=1)
    keep = np.flatnonzero(size >= fraction * size.max())
    if keep.size == 0:
        return ppm, contrib, hyp
    sl = slice(keep[0], keep[-1] + 1)
    return ppm[sl], contrib[sl], hyp[sl]


def run_modisco(X, hypothetical, symbols, *, trim_fraction=0.3, **params):
    """modisco-lite's ``TFMoDISco`` on encoded sequences and hypothetical contributions.

    Parameters
    ----------
    X : ndarray of shape (n_sequences, length, 4)
    hypothetical : ndarray of the same shape
    symbols : list of 4 str
        The channels' symbols, the matrices' columns.
    trim_fraction : float, default=0.3
        Each motif is trimmed to the positions that carry at least this fraction of its
        largest per-position contribution.
    **params
        Passed to ``modiscolite.tfmodisco.TFMoDISco`` (e.g. ``sliding_window_size``,
        ``flank_size``, ``min_metacluster_size``, ``n_leiden_runs``); those of
        :data:`SHORT_SEQUENCE_PARAMS` default to its values, made for sequences of 100-200
        positions rather than TF-MoDISco's 1 kb.

    Returns
    -------
    Bunch
        ``motifs`` (name -> position probability matrix), ``contributions`` and
        ``hypothetical`` (name -> matrix), and ``table`` (DataFrame: ``motif``,
        ``sign`` (``"+"`` for motifs that raise the output, ``"-"`` for those that lower
        it), ``n_seqlets``, ``consensus``, ``reverse_complemented``).
    """
    tfmodisco = _import_modisco()
    if X.shape[-1] != 4 or len(symbols) != 4:
        raise ValueError(
            f"modisco: TF-MoDISco reads 4 nucleotide channels; got {X.shape[-1]} "
            f"({list(symbols)}); pass the sequence channels only"
        )
    length = X.shape[1]
    params = {**SHORT_SEQUENCE_PARAMS, **params}
    window, flank = params["sliding_window_size"], params["flank_size"]
    if window + 2 * flank > length:
        raise ValueError(
            f"modisco: sliding_window_size ({window}) + 2 * flank_size ({flank}) exceeds the "
            f"sequence length {length}; pass smaller ones"
        )
    one_hot = np.ascontiguousarray(X, dtype=np.float32)
    pos, neg = tfmodisco.TFMoDISco(
        one_hot, np.ascontiguousarray(hypothetical, dtype=np.float32), **params
    )
    motifs, contributions, hypotheticals, rows = {}, {}, {}, []
    for sign, patterns in (("+", pos), ("-", neg)):
        for i, pattern in enumerate(patterns or []):
            name = f"{'pos' if sign == '+' else 'neg'}_{i}"
            ppm, contrib, hyp, flipped = _oriented(pattern)
            ppm, contrib, hyp = _trim(ppm, contrib, hyp, trim_fraction)
            motifs[name] = pd.DataFrame(ppm, columns=list(symbols))
            contributions[name] = pd.DataFrame(contrib, columns=list(symbols))
            hypotheticals[name] = pd.DataFrame(hyp, columns=list(symbols))
            rows.append(
                {
                    "motif": name,
                    "sign": sign,
                    "n_seqlets": len(pattern.seqlets),
                    "consensus": "".join(np.asarray(symbols)[ppm.argmax(axis=1)]),
                    "reverse_complemented": bool(flipped),
                }
            )
    columns = ["motif", "sign", "n_seqlets", "consensus", "reverse_complemented"]
    return Bunch(
        motifs=motifs,
        contributions=contributions,
        hypothetical=hypotheticals,
        table=pd.DataFrame(rows, columns=columns),
    )


def _matches(result, database, n_best, kernels=None):
    """TomTom matches of the modisco motifs with known motifs and with kernel motifs."""
    from ._matching import load_database, match_motifs

    if not result.motifs:
        return result
    if database is not None:
        table = match_motifs(result.motifs, load_database(database), n_best=n_best)
        result.matches = table.rename(columns={"query": "motif"})
        best = result.matches.groupby("motif", sort=False).first()
        result.table["best_match"] = result.table["motif"].map(best["target_name"])
        result.table["match_p_value"] = result.table["motif"].map(best["p_value"])
    if kernels:
        table = match_motifs(result.motifs, kernels, n_best=1)
        best = table.set_index("query")
        kernel = best["target_id"].str.replace("kernel_", "").astype(int)
        result.table["kernel"] = result.table["motif"].map(kernel)
        result.table["kernel_p_value"] = result.table["motif"].map(best["p_value"])
    return result


def modisco_motifs(
    estimator_or_model,
    X,
    *,
    method="saliency",
    target=None,
    database=None,
    n_best=3,
    channels=None,
    trim_fraction=0.3,
    batch_size=256,
    **params,
):
    """Motifs found by TF-MoDISco (modisco-lite) in a network's attributions.

    The attributions of ``method`` and their hypothetical contributions
    (:func:`hypothetical_contributions`) go to modisco-lite's ``TFMoDISco``, which cuts
    seqlets (the stretches of high contribution), clusters them and aggregates each
    cluster into a motif: a position probability matrix, its contribution and
    hypothetical-contribution matrices and its number of seqlets. Motifs are oriented as
    most of their seqlets read and trimmed to their contributing core. With ``database``
    each is compared with known motifs (TomTom, memelite).

    Needs the optional package modisco-lite (``pip install skseq[modisco]``).

    Parameters
    ----------
    estimator_or_model : fitted estimator, Pipeline or keras.Model
    X : array-like
        Sequences as the Pipeline takes them, or encoded arrays.
    method : {"saliency", "integrated_gradients", "ism"}, default="saliency"
    target : label, int or array-like, default=None
        The class (or output) explained, as for :mod:`skseq.attribution`.
    database : None, "jaspar", path or dict of DataFrame, default=None
        Known motifs to match (a MEME file, ``"jaspar"`` or a dict of matrices).
    n_best : int, default=3
        Matches kept per motif.
    channels : array-like of int, default=None
        The 4 nucleotide channels (default: all, when there are 4).
    trim_fraction : float, default=0.3
        See :func:`run_modisco`.
    batch_size : int, default=256
        Sequences per attribution call.
    **params
        Passed to ``TFMoDISco`` (``sliding_window_size``, ``flank_size``,
        ``min_metacluster_size``, ``final_min_cluster_size``, ``n_leiden_runs``, ...).

    Returns
    -------
    Bunch
        ``motifs``, ``contributions``, ``hypothetical`` (dicts of DataFrame), ``table``
        (one row per motif; with ``best_match`` and ``match_p_value`` when ``database`` is
        given) and ``matches`` (the TomTom table, with ``database``).

    Raises
    ------
    ImportError
        When modisco-lite is not installed, before any work.
    """
    from skseq.utils import encode, find_network

    _import_modisco()
    if method not in _HYPOTHETICAL:
        raise ValueError(f"modisco: method must be one of {_HYPOTHETICAL}; got {method!r}")
    parts = find_network(estimator_or_model, caller="modisco")
    X = encode(parts, X, "modisco")
    idx = np.arange(X.shape[-1]) if channels is None else np.asarray(channels, dtype=int)
    if len(idx) != 4:
        raise ValueError(
            f"modisco: TF-MoDISco reads 4 nucleotide channels; X has {X.shape[-1]}: pass "
            "channels= (the indices of A, C, G, T/U)"
        )
    symbols = _symbols(parts, X.shape[-1])
    hyp = hypothetical_contributions(
        estimator_or_model,
        X,
        method=method,
        target=target,
        batch_size=batch_size,
        verbose=0,
    )
    result = run_modisco(
        X[..., idx], hyp[..., idx], [symbols[i] for i in idx], trim_fraction=trim_fraction, **params
    )
    return _matches(result, database, n_best)


def _symbols(parts, n_channels):
    from ._groups import channel_names

    names = channel_names(None, parts.transform, n_channels)
    return [str(n).split("__")[-1] for n in names]


class ModiscoMixin:
    """:meth:`MotifInspector.modisco`: TF-MoDISco on the inspected network's attributions."""

    def modisco(self, X, *, method="saliency", target=None, database=None, n_best=3, **params):
        """Motifs from attributions (TF-MoDISco, modisco-lite), beside the kernel motifs.

        Runs :func:`~skseq.inspection.modisco_motifs` on the network, transformers and
        classes read at ``fit``, on the first symbol group's channels (the sequence), and
        names for each motif the kernel whose motif matches it best (TomTom; columns
        ``kernel`` and ``kernel_p_value`` of ``table``). Pass the result to :meth:`report`
        as ``modisco`` to show the motifs in the report.

        Parameters
        ----------
        X : array-like
            Sequences as for :meth:`fit`.
        method : {"saliency", "integrated_gradients", "ism"}, default="saliency"
        target : label, int or array-like, default=None
        database : None, "jaspar", path or dict of DataFrame, default=None
        n_best : int, default=3
        **params
            Passed to ``TFMoDISco``.

        Returns
        -------
        Bunch
            As :func:`~skseq.inspection.modisco_motifs` returns it.
        """
        from sklearn.utils.validation import check_is_fitted

        from ._frozen import InspectedNetwork

        check_is_fitted(self, "motifs_")
        _import_modisco()
        if method not in _HYPOTHETICAL:
            raise ValueError(f"modisco: method must be one of {_HYPOTHETICAL}; got {method!r}")
        X = self.encode(X)
        group = self.channel_groups_[self.symbol_groups_[0]]
        idx = np.asarray(group["indices"])
        if len(idx) != 4:
            raise ValueError(
                f"modisco: TF-MoDISco reads 4 nucleotide channels; the group "
                f"{self.symbol_groups_[0]!r} has {list(group['symbols'])}"
            )
        groups = [self.channel_groups_[g]["indices"] for g in self.symbol_groups_]
        network = InspectedNetwork(self.network_, self.classes_)
        hyp = hypothetical_contributions(
            network,
            X,
            method=method,
            target=target,
            batch_size=self.batch_size,
            channel_groups=groups,
            verbose=0,
        )
        result = run_modisco(X[..., idx], hyp[..., idx], list(group["symbols"]), **params)
        kernels = self.named_motifs(only_with_sites=True)
        return _matches(result, database, n_best, kernels=kernels)
