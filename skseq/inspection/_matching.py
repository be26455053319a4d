"""Comparing kernel motifs with known motifs: TomTom (memelite) against MEME files or JASPAR."""

import warnings

import numpy as np
import pandas as pd

from skseq.io import read_meme

NUCLEOTIDES = ("A", "C", "G", "T")


def _as_nucleotide(ppm, name):
    """Columns in A, C, G, T order (U read as T), or None when the alphabet is not DNA/RNA."""
    cols = {str(c).upper().replace("U", "T"): c for c in ppm.columns}
    if set(cols) != set(NUCLEOTIDES):
        return None
    return np.asarray(ppm[[cols[s] for s in NUCLEOTIDES]], dtype=np.float64).T


def _nucleotide_matrices(motifs, role):
    """Names and A, C, G, T matrices of ``motifs``; a non-nucleotide motif is an error."""
    names, mats = [], []
    for name, ppm in motifs.items():
        mat = _as_nucleotide(ppm, name)
        if mat is None:
            raise ValueError(
                f"{role} motif {name!r} has symbols {list(ppm.columns)}; TomTom "
                f"matching supports DNA/RNA alphabets (A, C, G, T/U)"
            )
        names.append(name)
        mats.append(mat)
    return names, mats


def load_jaspar(collection="CORE", tax_group=("vertebrates",)):
    """JASPAR motifs from the offline ``pyjaspar`` package, as probability matrices.

    Raises
    ------
    ImportError
        If ``pyjaspar`` is not installed (``pip install skseq[jaspar]``).
    """
    try:
        from pyjaspar import jaspardb
    except ImportError as exc:
        raise ImportError(
            "matching against JASPAR needs the optional package pyjaspar: "
            "pip install skseq[jaspar] (or pass a MEME file path)"
        ) from exc
    motifs = {}
    for motif in jaspardb().fetch_motifs(collection=collection, tax_group=list(tax_group)):
        counts = pd.DataFrame({s: np.asarray(motif.counts[s], dtype=float) for s in NUCLEOTIDES})
        ppm = counts.div(counts.sum(axis=1), axis=0)
        motifs[f"{motif.matrix_id} {motif.name}"] = ppm
    return motifs


def load_database(database):
    """Resolve ``database`` (``"jaspar"``, a MEME path or a dict of matrices) to a dict."""
    if isinstance(database, dict):
        return database
    if isinstance(database, str) and database.lower() == "jaspar":
        return load_jaspar()
    return read_meme(database)


def match_motifs(queries, targets, *, n_best=5):
    """TomTom comparison (memelite) of each query motif with a set of target motifs.

    Parameters
    ----------
    queries : dict of str to DataFrame
        Query name (e.g. ``"kernel_3"``) to a positions x symbols probability matrix.
    targets : dict of str to DataFrame
        Target motifs; names ``"<id> <name>"`` as read from a MEME file.
    n_best : int, default=5
        Keep the best matches (lowest p-value) of each query.

    Returns
    -------
    DataFrame
        Columns ``query``, ``target_id``, ``target_name``, ``p_value``, ``e_value`` (p-value
        times the number of targets), ``q_value`` (Benjamini-Hochberg over all query-target
        pairs), ``offset``, ``overlap`` and ``orientation`` (``"+"``, or ``"-"`` for the
        target's reverse complement; RNA queries, with a ``U`` column, are compared on
        ``"+"`` only), sorted by query and p-value.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from skseq.inspection import match_motifs
    >>> rng = np.random.default_rng(0)
    >>> def ppm(s):
    ...     return pd.DataFrame(np.eye(4)[["ACGT".index(c) for c in s]] * 0.9 + 0.025,
    ...                         columns=list("ACGT"))
    >>> targets = {f"M{i} random": ppm("".join(rng.choice(list("ACGT"), 8)))
    ...            for i in range(30)}
    >>> targets["M99 planted"] = ppm("GATTACAG")
    >>> best = match_motifs({"kernel_0": ppm("GATTACAG")}, targets, n_best=1)
    >>> best.loc[0, "target_id"]
    'M99'
    """
    from memelite import tomtom
    from scipy.stats import false_discovery_control

    if not queries or not targets:
        raise ValueError("match_motifs needs at least one query and one target motif")
    rna = any("U" in {str(c).upper() for c in ppm.columns} for ppm in queries.values())
    q_names, q_mats = _nucleotide_matrices(queries, "query")
    t_names, t_mats = _nucleotide_matrices(targets, "target")
    with warnings.catch_warnings():
        # memelite warns that p-values are unstable against fewer than 25 targets; the
        # caller chose the database, and the E-value column shows its size.
        warnings.simplefilter("ignore", UserWarning)
        # RNA is single-stranded: compare reverse complements only for DNA queries
        p, _scores, offsets, overlaps, strands = tomtom(q_mats, t_mats, reverse_complement=not rna)[
            :5
        ]
    q = false_discovery_control(np.clip(p, 0, 1).ravel(), method="bh").reshape(p.shape)
    rows = []
    for i, qname in enumerate(q_names):
        for j in np.argsort(p[i], kind="stable")[:n_best]:
            tid, _, tname = t_names[j].partition(" ")
            rows.append(
                {
                    "query": qname,
                    "target_id": tid,
                    "target_name": tname or tid,
                    "p_value": float(p[i, j]),
                    "e_value": float(p[i, j] * len(t_names)),
                    "q_value": float(q[i, j]),
                    "offset": int(offsets[i, j]),
                    "overlap": int(overlaps[i, j]),
                    "orientation": "-" if strands[i, j] else "+",
                }
            )
    return pd.DataFrame(rows)


def match_kernels(inspector, database=None, *, n_best=5):
    """TomTom matches of a fitted MotifInspector's kernels with sites against ``database``.

    Returns the :func:`match_motifs` table with a ``kernel`` column (int) instead of
    ``query``; see :meth:`MotifInspector.match`.
    """
    targets = load_database("jaspar" if database is None else database)
    queries = inspector.named_motifs(only_with_sites=True)
    if not queries:
        raise ValueError("MotifInspector: no kernel has any site; there is nothing to match")
    table = match_motifs(queries, targets, n_best=n_best)
    table.insert(0, "kernel", table.pop("query").str.replace("kernel_", "").astype(int))
    return table
