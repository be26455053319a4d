"""Known RNA-binding-protein motifs as position-probability matrices, for motif matching."""

import numpy as np
import pandas as pd

# IUPAC codes over the RNA alphabet: each code is the set of nucleotides it allows.
_IUPAC = {
    "A": "A",
    "C": "C",
    "G": "G",
    "U": "U",
    "T": "U",
    "R": "AG",
    "Y": "CU",
    "S": "CG",
    "W": "AU",
    "K": "GU",
    "M": "AC",
    "B": "CGU",
    "D": "AGU",
    "H": "ACU",
    "V": "ACG",
    "N": "ACGU",
}

# Published consensus sites of the proteins in pysster's CLIP-seq benchmark (load_rbp).
# TAF2N (TAF15) has no well-defined sequence motif and is left out.
RBP_CONSENSUS = {
    "PUM2": ("UGUAHAUA", "Pumilio response element (Hafner et al., Cell 2010, PAR-CLIP)"),
    "QKI": ("ACUAAY", "Quaking response element core (Hafner et al., Cell 2010)"),
    "IGF2BP123": ("CAUH", "IGF2BP1-3 core (Hafner et al., Cell 2010)"),
    "SRSF1": ("GAAGAA", "purine-rich exonic splicing enhancer (Sanford et al., Genome Res 2009)"),
    "NOVA": ("YCAYYCAY", "clustered YCAY elements (Ule et al., Nature 2006)"),
}


def consensus_to_ppm(consensus):
    """Position-probability matrix of an IUPAC consensus over the RNA alphabet.

    Each position spreads its probability evenly over the nucleotides its code allows.

    Parameters
    ----------
    consensus : str
        IUPAC code letters (``T`` is read as ``U``).

    Returns
    -------
    pandas.DataFrame
        Positions x ``A, C, G, U``; rows sum to 1.

    Examples
    --------
    >>> from skseq.datasets import consensus_to_ppm
    >>> consensus_to_ppm("AY").round(2).values.tolist()
    [[1.0, 0.0, 0.0, 0.0], [0.0, 0.5, 0.0, 0.5]]
    """
    if not isinstance(consensus, str) or not consensus:
        raise ValueError(f"consensus must be a non-empty string, got {consensus!r}")
    rows = []
    for i, code in enumerate(consensus.upper()):
        if code not in _IUPAC:
            raise ValueError(
                f"unknown IUPAC code {code!r} at position {i} of {consensus!r}; "
                f"known codes are {''.join(_IUPAC)}"
            )
        allowed = _IUPAC[code]
        rows.append([1.0 / len(allowed) if s in allowed else 0.0 for s in "ACGU"])
    return pd.DataFrame(np.array(rows), columns=list("ACGU"))


def rbp_consensus_motifs():
    """The published consensus motifs of the RBPs in :func:`load_rbp`, as a motif database.

    A small database for :meth:`skseq.MotifInspector.match` and
    :func:`skseq.inspection.match_motifs`: one position-probability matrix per protein, built
    from the IUPAC consensus in :data:`RBP_CONSENSUS` (sources named there). TAF2N has no
    well-defined motif and is absent.

    Returns
    -------
    dict of str to pandas.DataFrame
        Keys like ``"PUM2 UGUAHAUA"``.

    Examples
    --------
    >>> from skseq.datasets import rbp_consensus_motifs
    >>> sorted(rbp_consensus_motifs())[0]
    'IGF2BP123 CAUH'
    """
    return {
        f"{name} {consensus}": consensus_to_ppm(consensus)
        for name, (consensus, _source) in RBP_CONSENSUS.items()
    }
