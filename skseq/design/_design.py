"""Sequence design: single-symbol edits toward a target score, by evolution or by gradients."""

from numbers import Integral, Real

import numpy as np
from sklearn.utils import Bunch

from skseq.utils import check_sequences, find_network, iter_batches, progress_bar
from skseq.utils._param_validation import Interval, StrOptions, validate_parameter_constraints

from ._constraints import EditRules

_CONSTRAINTS = {
    "method": [StrOptions({"evolution", "gradient"})],
    "n_rounds": [Interval(Integral, 1, None, closed="left")],
    "beam_width": [Interval(Integral, 1, None, closed="left")],
    "n_proposals": [Interval(Integral, 1, None, closed="left")],
    "goal": [Real, None],
    "maximize": ["boolean"],
    "alphabet": [str, None],
    "batch_size": [Interval(Integral, 1, None, closed="left")],
    "verbose": ["verbose"],
}


def _alphabet(estimator, alphabet):
    if alphabet is not None:
        return alphabet.upper()
    steps = getattr(estimator, "steps", None)
    first = steps[0][1] if steps else estimator
    symbols = getattr(first, "alphabet_", None)
    return symbols.upper() if isinstance(symbols, str) and symbols else "ACGT"


def _codes(seqs, alphabet):
    """Sequences as alphabet indices; a symbol outside the alphabet is an error naming it."""
    lengths = {len(s) for s in seqs}
    if len(lengths) != 1:
        raise ValueError(
            f"design: the start sequences must have one length; got lengths {sorted(lengths)}"
        )
    length = lengths.pop()
    points = np.asarray([s.upper() for s in seqs], dtype=f"<U{length}")
    points = points.view(np.uint32).reshape(len(seqs), length)
    lookup = np.full(max(int(points.max()), max(map(ord, alphabet))) + 1, -1, dtype=np.int64)
    lookup[[ord(c) for c in alphabet]] = np.arange(len(alphabet))
    codes = lookup[points]
    if (codes < 0).any():
        i, p = np.argwhere(codes < 0)[0]
        raise ValueError(
            f"design: sequence {i} has {seqs[i][p]!r} at position {p}, which is not in the "
            f"alphabet {alphabet!r}; pass alphabet= or clean the start sequences"
        )
    return codes


def _strings(codes, alphabet):
    table = np.array([ord(c) for c in alphabet], dtype=np.uint32)
    points = np.ascontiguousarray(table[codes])
    return points.view(f"<U{codes.shape[1]}")[:, 0]


def _scorer(estimator, target, sign, batch_size):
    """``score(strings)``: the estimator's own ``predict_proba`` / ``predict``, signed."""
    from skseq.scanning import predict_scores

    def score(strings):
        parts = [
            predict_scores(estimator, strings[sl], target=target)
            for sl in iter_batches(len(strings), batch_size)
        ]
        return sign * np.concatenate(parts) if parts else np.zeros(0)

    return score


def _gradient_gains(estimator, codes, alphabet, target, sign):
    """First-order gain of every edit: the gradient at the new symbol minus at the old one."""
    from skseq.attribution import input_gradients

    parts = find_network(estimator, caller="design")
    strings = _strings(codes, alphabet)
    X = strings if parts.transform is not None else np.eye(len(alphabet), dtype="float32")[codes]
    grads = sign * input_gradients(estimator, X, target=target)
    if grads.shape[1:] != (codes.shape[1], len(alphabet)):
        raise ValueError(
            f"design: method='gradient' needs a one-hot network over {alphabet!r}; its input "
            f"gradients have shape {grads.shape[1:]}"
        )
    observed = np.take_along_axis(grads, codes[:, :, None], axis=2)
    return grads - observed


def design(
    estimator,
    X_start,
    target=None,
    *,
    method="evolution",
    n_rounds=10,
    beam_width=1,
    n_proposals=16,
    goal=None,
    maximize=True,
    gc_range=None,
    forbidden=None,
    fixed_positions=None,
    edit_budget=None,
    alphabet=None,
    batch_size=4096,
    verbose=0,
):
    """Edit sequences, one symbol per round, toward a higher (or lower) model score.

    Every round each sequence of the beam proposes single-symbol edits that the constraints
    allow: all of them (``method="evolution"``, in-silico evolution: every mutant scored,
    as in-silico mutagenesis does it, in batches), or the ``n_proposals`` with the largest
    first-order gain from the input gradient (``method="gradient"``). The proposals are
    scored by the estimator's own ``predict_proba`` (or ``predict``), so any fitted skseq
    pipeline works, ensembles included; the ``beam_width`` best edited sequences go on.
    A sequence stops when no proposal beats its best score, when it reaches ``goal``, or
    after ``n_rounds``.

    Parameters
    ----------
    estimator : fitted estimator or Pipeline
        Takes sequences as strings (a bare one-hot network estimator gets them encoded).
    X_start : iterable of str
        Start sequences, of one length.
    target : class label or int, default=None
        Classifiers: the class whose probability is the score (default: the last class).
        Regressors: the output index (default 0).
    method : {"evolution", "gradient"}, default="evolution"
    n_rounds : int, default=10
        Most edits made (one per round).
    beam_width : int, default=1
        Edited sequences kept per start sequence each round (1: greedy).
    n_proposals : int, default=16
        ``method="gradient"``: edits scored per beam sequence and round.
    goal : float, default=None
        Stop a sequence once its score reaches it (falls to it when ``maximize=False``).
    maximize : bool, default=True
        False designs toward a lower score.
    gc_range : (float, float), default=None
        GC fraction every design must keep within.
    forbidden : str or iterable of str, default=None
        Motifs an edit may not create (for DNA on either strand), e.g. restriction sites.
    fixed_positions : array-like, default=None
        Positions never edited: indices, or a boolean mask of shape (length,) or
        (n_sequences, length).
    edit_budget : int, default=None
        Most positions a design may differ from its start at.
    alphabet : str, default=None
        The symbols edits write; by default the ``alphabet_`` of the Pipeline's first step,
        else ``"ACGT"``.
    batch_size : int, default=4096
        Sequences per ``predict_proba`` call.
    verbose : int, default=0
        A progress bar over the rounds (on standard error when it is a terminal).

    Returns
    -------
    Bunch
        ``sequences`` (the designs, ndarray of str), ``scores``, ``start_sequences``,
        ``start_scores``, ``trajectory`` (ndarray of shape (n_rounds_run + 1,
        n_sequences): the best score after each round, the start first), ``edits`` (per
        design, a list of ``(round, position, old, new)``), ``n_scored`` (sequences the
        estimator scored), ``method`` and ``score_name`` (``"probability"`` or
        ``"prediction"``).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from skseq import SequenceOneHotTransformer
    >>> from skseq.design import design
    >>> rng = np.random.default_rng(0)
    >>> seqs = ["".join(rng.choice(list("ACGT"), 8)) for _ in range(300)]
    >>> pipe = make_pipeline(SequenceOneHotTransformer(flatten=True), LogisticRegression())
    >>> _ = pipe.fit(seqs, [s[2] == "G" and s[5] == "T" for s in seqs])
    >>> result = design(pipe, ["AAAAAAAA"], fixed_positions=[0])
    >>> str(result.sequences[0][2] + result.sequences[0][5]), result.trajectory.shape[1]
    ('GT', 1)
    """
    validate_parameter_constraints(
        _CONSTRAINTS,
        {
            "method": method,
            "n_rounds": n_rounds,
            "beam_width": beam_width,
            "n_proposals": n_proposals,
            "goal": goal,
            "maximize": maximize,
            "alphabet": alphabet,
            "batch_size": batch_size,
            "verbose": verbose,
        },
        caller_name="design",
    )
    seqs, _lengths = check_sequences(X_start, caller="design")
    if len(seqs) == 0:
        raise ValueError("design: X_start holds no sequence")
    alphabet = _alphabet(estimator, alphabet)
    start = _codes(list(seqs), alphabet)
    n, length = start.shape
    rules = EditRules(
        alphabet,
        length,
        n,
        gc_range=gc_range,
        forbidden=forbidden,
        fixed=fixed_positions,
        budget=edit_budget,
    )
    if method == "gradient":
        find_network(estimator, caller="design (method='gradient')")
    sign = 1.0 if maximize else -1.0
    score = _scorer(estimator, target, sign, batch_size)
    goal_signed = None if goal is None else sign * float(goal)

    # the beam: codes, start row, signed score and edit list of each member
    beam_codes, beam_rows = start.copy(), np.arange(n)
    beam_scores = score(_strings(start, alphabet))
    beam_edits = [[] for _ in range(n)]
    best_codes, best_scores = start.copy(), beam_scores.copy()
    best_edits = [[] for _ in range(n)]
    trajectory = [best_scores.copy()]
    n_scored = n
    active = np.ones(n, dtype=bool) if goal is None else best_scores < goal_signed
    bar = progress_bar(total=n_rounds, desc="design", unit="round", verbose=verbose)
    for round_ in range(1, n_rounds + 1):
        live = active[beam_rows]
        if not live.any():
            break
        codes, rows = beam_codes[live], beam_rows[live]
        member_edits = [e for e, keep in zip(beam_edits, live) if keep]
        ok = rules.allowed(codes, start, rows)
        if method == "gradient":
            gains = np.where(ok, _gradient_gains(estimator, codes, alphabet, target, sign), -np.inf)
            flat = gains.reshape(len(codes), -1)
            top = np.argsort(-flat, axis=1, kind="stable")[:, :n_proposals]
            keep = np.take_along_axis(flat, top, axis=1) > -np.inf
            member, choice = np.nonzero(keep)
            pos, sym = np.divmod(top[member, choice], len(alphabet))
        else:
            member, pos, sym = np.nonzero(ok)
        if len(member) == 0:
            break
        mutants = codes[member].copy()
        mutants[np.arange(len(member)), pos] = sym
        mutant_scores = score(_strings(mutants, alphabet))
        n_scored += len(member)
        new_codes, new_rows, new_scores, new_edits = [], [], [], []
        for i in np.unique(rows[member]):
            mine = np.flatnonzero(rows[member] == i)
            order = mine[np.argsort(-mutant_scores[mine], kind="stable")]
            # distinct mutants only (two beam members can reach one sequence)
            _, first = np.unique(mutants[order], axis=0, return_index=True)
            order = order[np.sort(first)][:beam_width]
            if mutant_scores[order[0]] <= best_scores[i]:
                active[i] = False  # no edit improves: a local optimum
                continue
            for j in order:
                old = alphabet[codes[member[j], pos[j]]]
                edit = (round_, int(pos[j]), old, alphabet[sym[j]])
                new_codes.append(mutants[j])
                new_rows.append(i)
                new_scores.append(mutant_scores[j])
                new_edits.append(member_edits[member[j]] + [edit])
            best_codes[i] = mutants[order[0]]
            best_scores[i] = mutant_scores[order[0]]
            best_edits[i] = new_edits[-len(order)]
            if goal_signed is not None and best_scores[i] >= goal_signed:
                active[i] = False
        trajectory.append(best_scores.copy())
        bar.update(1)
        if not new_codes:
            break
        beam_codes = np.asarray(new_codes)
        beam_rows = np.asarray(new_rows)
        beam_edits = new_edits
    bar.close()
    return Bunch(
        sequences=_strings(best_codes, alphabet),
        scores=sign * best_scores,
        start_sequences=_strings(start, alphabet),
        start_scores=sign * trajectory[0],
        trajectory=sign * np.asarray(trajectory),
        edits=best_edits,
        n_scored=n_scored,
        method=method,
        score_name="probability" if hasattr(estimator, "predict_proba") else "prediction",
    )
