"""Variant effect prediction: score the reference and alternative windows of every variant."""

import gzip
import io
from numbers import Integral
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.utils.validation import check_is_fitted

from skseq._complement import reverse_complement
from skseq.io._files import write_atomic
from skseq.io._genome import Genome
from skseq.utils import progress
from skseq.utils._validation import _flatten

from ._windows import iter_variants, variant_windows

__all__ = ["variant_effect"]

_MISMATCH = ("error", "flag", "skip")
_OUT_OF_BOUNDS = ("pad", "skip", "error")
_EPS = 1e-7


def variant_effect(
    estimator,
    variants,
    *,
    genome,
    width=None,
    target=None,
    out=None,
    chunk_size=10_000,
    reference_mismatch="error",
    out_of_bounds="pad",
    both_strands=False,
    batch_size=4096,
    verbose=0,
):
    """Predict the effect of variants: the model's score with the ALT allele minus with REF.

    For every variant, a window of ``width`` bases centred on it is cut from the genome
    (random access through pyfaidx, never the whole genome), REF is checked against the
    genome, and the reference and alternative windows are scored by the fitted model.
    Variants are processed ``chunk_size`` at a time, so memory stays bounded for any number
    of variants when ``out`` is a file.

    Window geometry: the first base of REF (the VCF position) is at index ``width // 2`` of
    both windows (the centre; for an even width, the base right of the middle). The
    alternative window has the same left flank, then ALT, then the genome that follows REF,
    cut or extended on the right to keep the window ``width`` long: an insertion pushes the
    right flank out of the window, a deletion pulls more genome in. Variants whose REF or ALT
    is longer than the right half of the window (``width - width // 2``) are not scored.

    Parameters
    ----------
    estimator : fitted estimator or Pipeline
        Anything whose ``predict_proba`` (classifiers) or ``predict`` (regressors) takes
        sequences as strings: a Pipeline starting with a skseq transformer, or a bare
        ``SequenceCNNClassifier`` / ``Regressor`` (windows are then one-hot encoded).
    variants : path or DataFrame
        A VCF file (plain or gzip; read with :func:`skseq.io.read_vcf`, multi-allelic records
        split into one row per ALT) or a DataFrame with columns ``chrom``, ``pos`` (1-based, as
        in VCF), ``ref``, ``alt`` and optionally ``id``.
    genome : path, pyfaidx.Fasta or Genome
        The genome FASTA (uncompressed or bgzip) the variants are called against.
    width : int or None, default=None
        Window length; None takes the length the model was fitted on (``length_`` of the
        pipeline's transformer, or the network's input length).
    target : class label or int, default=None
        What to score: the probability of this class (default the last class, the positive
        one for binary labels), or this regression output (default 0).
    out : path or None, default=None
        None returns a DataFrame. A path writes a tab-separated file instead (gzip when the
        name ends in ``.gz``), chunk by chunk, whole or not at all: into a temporary file
        renamed at the end, so a failure leaves no half-written file (and an older file
        of that name untouched).
    chunk_size : int, default=10_000
        Variants read, cut and scored at a time.
    reference_mismatch : {"error", "flag", "skip"}, default="error"
        When REF differs from the genome: raise a ``ValueError`` naming the variant and its
        VCF line (or DataFrame row); score it anyway with the genome's bases in the reference
        window and ALT in place of them, flagged ``ref_mismatch``; or flag it and leave its
        scores NaN.
    out_of_bounds : {"pad", "skip", "error"}, default="pad"
        When a window runs past a chromosome end: fill with ``N`` (flagged ``padded``), leave
        the scores NaN (flagged ``past_chromosome_end``), or raise.
    both_strands : bool, default=False
        Also score the reverse complement of every window and average the two strands' scores.
    batch_size : int, default=4096
        Sequences per call to ``predict_proba`` / ``predict``.
    verbose : int, default=0
        Show a progress bar over chunks (on a terminal).

    Returns
    -------
    DataFrame or pathlib.Path
        One row per variant (ALT allele), in input order: ``chrom``, ``pos``, ``id``,
        ``ref``, ``alt``, ``ref_score``, ``alt_score``, ``delta`` (``alt_score -
        ref_score``), for classifiers ``log_odds_delta`` (``logit(alt) - logit(ref)``, the
        probabilities clipped to ``[1e-7, 1 - 1e-7]``), and ``flag`` (comma-separated:
        ``ref_mismatch``, ``padded``, ``past_chromosome_end``, ``unsupported_alt`` for
        symbolic or missing alleles, ``allele_longer_than_window``; empty when none). Scores
        are NaN for variants not scored. With ``out``, the path of the file written.

    Raises
    ------
    ValueError
        For a chromosome missing from the genome, a REF past a chromosome end, a mismatched
        REF (with ``reference_mismatch="error"``) or a window past an end (with
        ``out_of_bounds="error"``), each naming the variant and its line; or for malformed
        VCF lines (naming the file and line).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from skseq import SequenceOneHotTransformer, variant_effect
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "g.fa").write_text(">chr1\\nACGTACGTACGTACGTACGT\\n")
    >>> X, y = ["ACGTAC", "ACGGAC", "TTGTAA", "CAGGAC"], [0, 1, 0, 1]
    >>> model = make_pipeline(SequenceOneHotTransformer(flatten=True), LogisticRegression())
    >>> model = model.fit(X, y)
    >>> variants = pd.DataFrame({"chrom": ["chr1", "chr1"], "pos": [4, 6],
    ...                          "ref": ["T", "C"], "alt": ["G", "A"]})
    >>> table = variant_effect(model, variants, genome=folder / "g.fa")
    >>> table.columns.tolist()[5:]
    ['ref_score', 'alt_score', 'delta', 'log_odds_delta', 'flag']
    >>> bool(table.delta[0] > 0), table.flag.tolist()
    (True, ['', ''])
    """
    _check_parameters(chunk_size, batch_size, reference_mismatch, out_of_bounds, both_strands)
    check_is_fitted(estimator)
    width = _window_width(estimator, width)
    genome = Genome(genome)
    classifier = hasattr(estimator, "predict_proba")
    options = dict(
        estimator=estimator,
        genome=genome,
        width=width,
        target=target,
        classifier=classifier,
        reference_mismatch=reference_mismatch,
        out_of_bounds=out_of_bounds,
        both_strands=both_strands,
        batch_size=int(batch_size),
    )
    chunks = progress(
        iter_variants(variants, int(chunk_size)), desc="variants", unit="chunk", verbose=verbose
    )
    results = (_score_chunk(chunk, **options) for chunk in chunks)
    if out is None:
        frames = list(results)
        return pd.concat(frames, ignore_index=True) if frames else _empty(classifier)
    out = Path(out)

    def write(handle):
        zipped = gzip.GzipFile(fileobj=handle, mode="wb") if out.name.endswith(".gz") else None
        text = io.TextIOWrapper(zipped or handle, encoding="utf-8", newline="")
        header = True
        for frame in results:
            frame.to_csv(text, sep="\t", index=False, header=header, lineterminator="\n")
            header = False
        if header:  # no variants: a file with the header only
            _empty(classifier).to_csv(text, sep="\t", index=False, lineterminator="\n")
        text.flush()
        text.detach()
        if zipped is not None:
            zipped.close()

    write_atomic(out, write)
    return out


def _score_chunk(
    chunk, *, estimator, genome, width, target, classifier, both_strands, batch_size, **policies
):
    ref, alt, scored, flags = variant_windows(chunk, genome, width, **policies)
    ref_score = np.full(len(chunk), np.nan)
    alt_score = np.full(len(chunk), np.nan)
    if len(ref):
        scores = _predict(estimator, np.concatenate([ref, alt]), target, batch_size)
        if both_strands:
            reverse = reverse_complement(np.concatenate([ref, alt]))
            scores = (scores + _predict(estimator, reverse, target, batch_size)) / 2
        ref_score[scored], alt_score[scored] = scores[: len(ref)], scores[len(ref) :]
    table = chunk[["chrom", "pos", "id", "ref", "alt"]].assign(
        ref_score=ref_score, alt_score=alt_score, delta=alt_score - ref_score
    )
    if classifier:
        table["log_odds_delta"] = _logit(alt_score) - _logit(ref_score)
    table["flag"] = flags
    return table


def _predict(estimator, X, target, batch_size):
    from skseq.scanning import predict_scores

    parts = [
        predict_scores(estimator, X[i : i + batch_size], target=target)
        for i in range(0, len(X), batch_size)
    ]
    return np.concatenate(parts)


def _logit(p):
    p = np.clip(p, _EPS, 1 - _EPS)
    return np.log(p) - np.log1p(-p)


def _empty(classifier):
    columns = ["chrom", "pos", "id", "ref", "alt", "ref_score", "alt_score", "delta"]
    return pd.DataFrame(columns=columns + ["log_odds_delta"] * classifier + ["flag"])


def _window_width(estimator, width):
    if width is not None:
        if isinstance(width, bool) or not isinstance(width, Integral) or width < 1:
            raise ValueError(f"width must be a positive integer or None, got {width!r}.")
        return int(width)
    steps, final = _flatten(estimator)
    for _, step in steps:
        if getattr(step, "length_", None):
            return int(step.length_)
    shape = getattr(final, "input_shape_", None)
    if shape and shape[0]:
        return int(shape[0])
    raise ValueError(
        "width=None but the model's input length cannot be found (no transformer with "
        "length_ and no network input_shape_); give width."
    )


def _check_parameters(chunk_size, batch_size, reference_mismatch, out_of_bounds, both_strands):
    for name, value in (("chunk_size", chunk_size), ("batch_size", batch_size)):
        if isinstance(value, bool) or not isinstance(value, Integral) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}.")
    if reference_mismatch not in _MISMATCH:
        raise ValueError(
            f"reference_mismatch must be one of {_MISMATCH}, got {reference_mismatch!r}."
        )
    if out_of_bounds not in _OUT_OF_BOUNDS:
        raise ValueError(f"out_of_bounds must be one of {_OUT_OF_BOUNDS}, got {out_of_bounds!r}.")
    if not isinstance(both_strands, (bool, np.bool_)):
        raise ValueError(f"both_strands must be True or False, got {both_strands!r}.")
