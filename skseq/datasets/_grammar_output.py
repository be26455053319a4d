"""Read the data sets seqgra simulated (``seqgra -d DEFINITION -o OUT``) into skseq's Bunch."""

from pathlib import Path

import numpy as np

from ._grammar_checks import SETS

__all__ = ["load_seqgra_output"]


def _read_table(path, header):
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    if not lines or lines[0].split("\t") != header:
        raise ValueError(f"{path}: line 1 must be the header {chr(9).join(header)!r}")
    values, labels = [], []
    for i, line in enumerate(lines[1:], start=2):
        cols = line.split("\t")
        if len(cols) != 2 or not cols[0]:
            raise ValueError(f"{path}, line {i}: expected two tab-separated columns")
        values.append(cols[0])
        labels.append(cols[1])
    return values, labels


def _natural_key(cid):
    digits = "".join(ch for ch in cid if ch.isdigit())
    return (cid.rstrip("0123456789"), int(digits) if digits else -1, cid)


def _find_folder(folder):
    folder = Path(folder)
    if (folder / "training.txt").is_file():
        return folder
    found = sorted(p.parent for p in folder.glob("input/*/training.txt"))
    if len(found) == 1:
        return found[0]
    raise FileNotFoundError(
        f"{folder}: no training.txt here nor in exactly one input/<grammar id>/ folder"
    )


def load_seqgra_output(folder, grammar=None, *, sets=SETS):
    """Read seqgra's simulated sets and annotations into the Bunch of ``make_grammar_sequences``.

    Parameters
    ----------
    folder : str or path-like
        The folder holding ``training.txt``, ``training-annotation.txt``, ... (seqgra's
        ``OUT/input/<grammar id>``), or ``OUT`` itself.
    grammar : Grammar, str or path-like, default=None
        The definition the data came from; gives the task and the condition order. Without
        it the conditions are those seen, in natural order, and the task is multi-label when
        a label joins several conditions with ``|`` or is empty.
    sets : sequence of str, default=("training", "validation", "test")

    Returns
    -------
    Bunch
        As :func:`make_grammar_sequences` returns: ``sequences``, ``target``,
        ``target_names``, ``annotation`` (1 where seqgra wrote ``G``), ``set``, ...

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from skseq.datasets import load_seqgra_output
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for s in ("training", "validation", "test"):
    ...     _ = (d / f"{s}.txt").write_text("x\\ty\\nACGTAC\\tc1\\nTTTTAA\\tc2\\n")
    ...     _ = (d / f"{s}-annotation.txt").write_text(
    ...         "annotation\\ty\\n__GG__\\tc1\\nGG____\\tc2\\n")
    >>> data = load_seqgra_output(d)
    >>> data.target.tolist()[:2], data.annotation[0].tolist()
    ([0, 1], [0, 0, 1, 1, 0, 0])
    """
    from ._grammar_simulate import make_grammar_bunch

    if grammar is not None:
        from ._grammar_xml import as_grammar

        grammar = as_grammar(grammar)
    folder = _find_folder(folder)
    sequences, labels, annotations, set_names = [], [], [], []
    for s in [sets] if isinstance(sets, str) else sets:
        if s not in SETS:
            raise ValueError(f"sets must be among {SETS}; got {s!r}")
        x, y = _read_table(folder / f"{s}.txt", ["x", "y"])
        ann, ay = _read_table(folder / f"{s}-annotation.txt", ["annotation", "y"])
        if len(ann) != len(x):
            raise ValueError(f"{folder / s}: {len(x)} sequences but {len(ann)} annotations")
        for i, (seq, a, yy, aa) in enumerate(zip(x, ann, y, ay), start=2):
            if len(seq) != len(a) or yy != aa:
                raise ValueError(
                    f"{folder / (s + '-annotation.txt')}, line {i}: annotation does not match "
                    f"the sequence on line {i} of {s}.txt (length or label)"
                )
        sequences += x
        labels += y
        annotations += ann
        set_names += [s] * len(x)
    width = max(len(a) for a in annotations)
    raw = np.array([a.encode("ascii") for a in annotations], dtype=f"S{width}")
    annotation = (raw.view(np.uint8).reshape(len(raw), width) == ord("G")).astype(np.uint8)
    if grammar is not None:
        return make_grammar_bunch(
            np.array(sequences), labels, annotation, set_names, grammar=grammar
        )
    seen = {c for y in labels for c in y.split("|") if c}
    multilabel = any("|" in y or not y for y in labels)
    return make_grammar_bunch(
        np.array(sequences),
        labels,
        annotation,
        set_names,
        condition_ids=sorted(seen, key=_natural_key),
        multilabel=multilabel,
    )
