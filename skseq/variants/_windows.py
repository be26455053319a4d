"""Reference and alternative windows around variants, cut from a genome in blocks.

Geometry (documented in :func:`skseq.variants.variant_effect`): for a window of ``width``
and a variant at 0-based position ``p`` (VCF ``POS - 1``), the first base of REF sits at
index ``c = width // 2`` of both windows. The reference window is ``genome[p - c, p - c +
width)``; the alternative window is the same left flank, then ALT, then the genome after REF,
cut or extended on the right so that it is ``width`` long too.
"""

import re

import numpy as np
import pandas as pd

from skseq.io._genome_checks import check_width, check_window_memory
from skseq.io._vcf import read_vcf

__all__ = ["iter_variants", "variant_windows"]

_BASES = re.compile(r"[ACGTN]+")
_REQUIRED = ("chrom", "pos", "ref", "alt")
_MAX_BLOCK = 1 << 22  # bases read from the genome at once (4 Mb): bounds memory when sparse

FLAGS = {
    "mismatch": "ref_mismatch",
    "padded": "padded",
    "outside": "past_chromosome_end",
    "unsupported": "unsupported_alt",
    "too_long": "allele_longer_than_window",
}


def iter_variants(variants, chunk_size):
    """Chunks of at most ``chunk_size`` variants, with a ``source`` (file and line, or row)."""
    if isinstance(variants, pd.DataFrame):
        table = _check_frame(variants)
        for start in range(0, len(table), chunk_size):
            yield table.iloc[start : start + chunk_size].reset_index(drop=True)
        return
    for chunk in read_vcf(variants, chunksize=chunk_size):
        where = [f"'{variants}', line {n}" for n in chunk["line"]]
        yield chunk.drop(columns="line").assign(source=where)


def _check_frame(frame):
    missing = [name for name in _REQUIRED if name not in frame.columns]
    if missing:
        raise ValueError(
            f"the variants DataFrame lacks the column(s) {missing}; it needs chrom, pos "
            "(1-based, as in VCF), ref and alt, and optionally id."
        )
    table = pd.DataFrame(
        {
            "chrom": frame["chrom"].astype(str).to_numpy(),
            "pos": frame["pos"].to_numpy(),
            "id": frame["id"].astype(str).to_numpy() if "id" in frame else ".",
            "ref": frame["ref"].astype(str).str.upper().to_numpy(),
            "alt": frame["alt"].astype(str).str.upper().to_numpy(),
        }
    )
    table["source"] = [f"row {i}" for i in range(len(table))]
    pos = table["pos"]
    bad = ~pos.map(
        lambda v: isinstance(v, (int, np.integer)) and not isinstance(v, bool) and v >= 1
    )
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise ValueError(f"variants row {i}: pos must be a positive integer, got {pos.iat[i]!r}.")
    table["pos"] = pos.astype(np.int64)
    bad_ref = ~table["ref"].map(lambda r: bool(_BASES.fullmatch(r)))
    if bad_ref.any():
        i = int(np.flatnonzero(bad_ref.to_numpy())[0])
        raise ValueError(f"variants row {i}: ref must be made of ACGTN, got {table.ref.iat[i]!r}.")
    return table


def _describe(row):
    return f"variant {row.chrom}:{row.pos} {row.ref}>{row.alt} ({row.source})"


def variant_windows(chunk, genome, width, *, reference_mismatch, out_of_bounds):
    """Reference and alternative windows of a chunk, and which ones to score.

    A ``width`` longer than every chromosome, or windows that would not fit in memory, are a
    ValueError before anything is read.

    Returns
    -------
    ref, alt : ndarray of str, shape (n_scored,)
    scored : ndarray of bool, shape (n_variants,)
    flags : ndarray of object, shape (n_variants,)
        Comma-separated flags, ``""`` for a variant scored as given.
    """
    n = len(chunk)
    check_width(width, genome)
    centre = width // 2
    lengths = chunk["chrom"].map(genome.lengths)
    if lengths.isna().any():
        row = chunk.iloc[int(np.flatnonzero(lengths.isna().to_numpy())[0])]
        sample = ", ".join(list(genome.lengths)[:5])
        raise ValueError(
            f"{_describe(row)}: chromosome {row.chrom!r} is not in the genome (which has "
            f"{sample}{', ...' if len(genome.lengths) > 5 else ''}); do the names use the "
            "same 'chr' prefix?"
        )
    lengths = lengths.to_numpy(np.int64)
    pos = chunk["pos"].to_numpy(np.int64) - 1
    ref_len = chunk["ref"].str.len().to_numpy(np.int64)
    alt_len = chunk["alt"].str.len().to_numpy(np.int64)
    past = pos + ref_len > lengths
    if past.any():
        row = chunk.iloc[int(np.flatnonzero(past)[0])]
        raise ValueError(
            f"{_describe(row)}: REF runs past the end of {row.chrom} (length "
            f"{genome.lengths[row.chrom]}); is the VCF for this genome build?"
        )
    flags = [[] for _ in range(n)]
    scored = np.ones(n, dtype=bool)
    supported = chunk["alt"].map(lambda a: bool(_BASES.fullmatch(a))).to_numpy(bool)
    too_long = np.maximum(ref_len, alt_len) > width - centre
    for i in np.flatnonzero(~supported):
        flags[i].append(FLAGS["unsupported"])
    for i in np.flatnonzero(supported & too_long):
        flags[i].append(FLAGS["too_long"])
    scored &= supported & ~too_long
    start = pos - centre
    end = pos + ref_len + (width - centre)  # covers both windows
    needed_end = pos + (width - centre) + np.maximum(ref_len - alt_len, 0)
    outside = (start < 0) | (needed_end > lengths)
    if outside.any():
        if out_of_bounds == "error":
            row = chunk.iloc[int(np.flatnonzero(outside)[0])]
            raise ValueError(
                f"{_describe(row)}: its {width}-nt window runs past an end of {row.chrom}; "
                "use out_of_bounds='pad' (N) or 'skip'."
            )
        name = FLAGS["padded"] if out_of_bounds == "pad" else FLAGS["outside"]
        for i in np.flatnonzero(outside):
            flags[i].append(name)
        if out_of_bounds == "skip":
            scored &= ~outside
    if n:
        widest = int(np.argmax(end - start))
        where = f"{_describe(chunk.iloc[widest])}: its window"
        # the windows read (REF's length wider), then a ref and an alt window per variant
        check_window_memory(2 * n, width, int((end - start).sum()), where)
    contexts = _contexts(genome, chunk["chrom"].to_numpy(), start, end)
    refs, alts = [], []
    ref_alleles, alt_alleles = chunk["ref"].to_numpy(), chunk["alt"].to_numpy()
    for i in range(n):
        context = contexts[i]
        ref, alt = ref_alleles[i], alt_alleles[i]
        genome_ref = context[centre : centre + len(ref)]
        if genome_ref != ref:
            if reference_mismatch == "error":
                raise ValueError(
                    f"{_describe(chunk.iloc[i])}: REF does not match the genome, which has "
                    f"{genome_ref!r} there; use reference_mismatch='flag' or 'skip' to go on."
                )
            flags[i].append(FLAGS["mismatch"])
            if reference_mismatch == "skip":
                scored[i] = False
        if not scored[i]:
            continue
        refs.append(context[:width])
        right = centre + len(ref)
        alts.append(context[:centre] + alt + context[right : right + width - centre - len(alt)])
    flags = np.array([",".join(f) for f in flags], dtype=object)
    return np.array(refs, dtype=f"<U{width}"), np.array(alts, dtype=f"<U{width}"), scored, flags


def _contexts(genome, chroms, start, end):
    """``genome[chrom][start:end]`` for every variant, read in merged blocks per chromosome."""
    out = [""] * len(chroms)
    order = np.lexsort((start, chroms))
    i = 0
    while i < len(order):
        first = order[i]
        chrom, block_start, block_end = chroms[first], start[first], end[first]
        j = i + 1
        while j < len(order):
            k = order[j]
            if chroms[k] != chrom or start[k] > block_end:
                break
            if max(block_end, end[k]) - block_start > _MAX_BLOCK:
                break
            block_end = max(block_end, end[k])
            j += 1
        block = genome.fetch(chrom, int(block_start), int(block_end))
        for k in order[i:j]:
            out[k] = block[start[k] - block_start : end[k] - block_start]
        i = j
    return out
