"""``skseq simulate``: labelled sequences and their ground truth from a seqgra grammar."""

import re
from pathlib import Path

import click
import numpy as np

from ._common import friendly_errors

_FASTA_FILE = re.compile(r"\.(fa|fasta|fna)(\.gz)?$", re.IGNORECASE)


def header_labels(data):
    """The FASTA header of each example: its class index, or indices joined by commas.

    Examples
    --------
    >>> from sklearn.utils import Bunch
    >>> header_labels(Bunch(target=np.array([[1, 0, 1], [0, 1, 0]]))).tolist()
    ['0,2', '1']
    """
    target = np.asarray(data.target)
    if target.ndim == 1:
        return target.astype(str)
    empty = np.flatnonzero(target.sum(axis=1) == 0)
    if len(empty):
        raise ValueError(
            f"{len(empty)} simulated example(s) (the first: example {empty[0] + 1}, in set "
            f"{str(data.set[empty[0]])!r}) hold no condition of this multi-label grammar, and a "
            "FASTA header label (>0,2) cannot be empty; simulate in Python "
            "(skseq.datasets.make_grammar_sequences) or give every example a condition"
        )
    return np.array([",".join(map(str, np.flatnonzero(row))) for row in target])


def annotation_strings(data):
    """seqgra's annotation text: ``G`` where an element was planted, ``_`` elsewhere.

    Examples
    --------
    >>> from sklearn.utils import Bunch
    >>> data = Bunch(annotation=np.array([[0, 1, 1, 0], [1, 0, 0, 0]]), lengths=np.array([4, 3]))
    >>> annotation_strings(data)
    ['_GG_', 'G__']
    """
    codes = np.where(data.annotation > 0, ord("G"), ord("_")).astype(np.uint8)
    width = codes.shape[1]
    text = np.ascontiguousarray(codes).view(f"S{width}").ravel().astype(str)
    return [t[:n] for t, n in zip(text.tolist(), data.lengths.tolist())]


def plan(data, out):
    """``(fasta path, annotation path, row indices)`` of each file to write."""
    out = Path(out)
    if _FASTA_FILE.search(out.name):
        stem = _FASTA_FILE.sub("", out.name)
        return [(out, out.with_name(f"{stem}.annotation.tsv"), np.arange(len(data.sequences)))]
    files = []
    for name in dict.fromkeys(data.set.tolist()):
        rows = np.flatnonzero(data.set == name)
        files.append((out / f"{name}.fa", out / f"{name}.annotation.tsv", rows))
    return files


def _write(data, labels, annotations, files, folder):
    import pandas as pd

    from skseq.io import write_fasta
    from skseq.io._files import write_atomic

    if folder is not None:
        folder.mkdir(exist_ok=True)
    for fasta, table_path, rows in files:
        write_fasta(fasta, data.sequences[rows], labels[rows], line_width=None)
        table = pd.DataFrame(
            {
                "record": np.arange(1, len(rows) + 1),
                "set": data.set[rows],
                "label": labels[rows],
                "condition": data.conditions[rows],
                "annotation": [annotations[i] for i in rows],
            }
        )
        write_atomic(table_path, lambda handle, t=table: t.to_csv(handle, sep="\t", index=False))


@click.command()
@click.argument("grammar")
@click.option(
    "--n-samples",
    type=click.IntRange(min=1),
    default=None,
    help="Examples over all sets, in the grammar's proportions  [default: the grammar's sizes]",
)
@click.option(
    "--sets",
    type=click.Choice(["training", "validation", "test"]),
    multiple=True,
    help="Sets to simulate; repeatable  [default: all]",
)
@click.option("--random-state", type=int, default=None, help="Seed: the same seed, the same data.")
@click.option(
    "--out",
    required=True,
    type=click.Path(),
    help="A folder (one SET.fa and SET.annotation.tsv per set) or a FASTA file (.fa, "
    ".fasta, optionally .gz) for every set together, with NAME.annotation.tsv beside it.",
)
@friendly_errors
def simulate(grammar, n_samples, sets, random_state, out):
    """Simulate labelled sequences from a seqgra grammar (XML data definition).

    GRAMMAR is a seqgra XML file, or the name of a grammar bundled with skseq (e.g.
    mc2-dna1000-homer-100k-s1; a wrong name lists them all).

    The FASTA headers are the labels in pysster's form (>0, >1, or >0,2 for several
    labels; the class index is the condition's place in the grammar), so ``skseq train
    FILE --labels header`` reads them back. The annotation table gives each record's
    set, label, seqgra condition ids and seqgra's annotation text (G where a grammar
    element was planted, _ elsewhere).

    \b
    Examples:
      skseq simulate grammar.xml --n-samples 2000 --random-state 0 --out simulated/
      skseq simulate mc2-dna1000-homer-100k-s1 --n-samples 200 --out mc2.fa
      skseq train simulated/training.fa --labels header --out model.skseq
      skseq simulate grammar.xml --sets test --n-samples 500 --out test.fa

    Python equivalent: ``data = skseq.datasets.make_grammar_sequences(grammar, n_samples,
    sets=sets, random_state=seed)``, then ``skseq.io.write_fasta(out, data.sequences,
    labels)``.
    """
    from skseq.datasets import load_grammar, make_grammar_sequences

    grammar = load_grammar(grammar)
    out = Path(out)
    single = bool(_FASTA_FILE.search(out.name))
    folder = None if single else out
    parent = out.absolute().parent
    if not parent.is_dir():
        raise FileNotFoundError(f"cannot write '{out}': folder '{parent}' does not exist")
    if single and out.is_dir():
        raise ValueError(f"--out '{out}' is a folder; a FASTA file name was expected")
    if not single and out.exists() and not out.is_dir():
        raise ValueError(f"--out '{out}' is a file; give a folder or a name ending in .fa")
    data = make_grammar_sequences(
        grammar,
        n_samples,
        sets=list(sets) or ("training", "validation", "test"),
        random_state=random_state,
    )
    labels = header_labels(data)
    files = plan(data, out)
    _write(data, labels, annotation_strings(data), files, folder)
    names = ", ".join(f"{i}={c}" for i, c in enumerate(data.target_names.tolist()))
    click.echo(
        f"simulated {len(data.sequences)} sequences of grammar {grammar.id!r} (labels: "
        f"{names}); written to {', '.join(str(f) for f, _, _ in files)}"
    )
