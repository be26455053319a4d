"""``skseq train``, ``skseq predict`` and ``skseq inspect``."""

import sys
from pathlib import Path

import click

from ._common import (
    build_pipeline,
    default_alphabet,
    friendly_errors,
    keras_verbose,
    labelled,
    load_data,
    load_model,
    naming_records,
    progress_shown,
    progress_to_stderr,
    read_config,
    verbose_option,
    with_data_options,
    with_model_options,
)


@click.command()
@with_data_options
@with_model_options
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Model file to write.")
@verbose_option
@friendly_errors
def train(inputs, dataset, split, labels, alphabet, task, config, overrides, out, verbose):
    """Train a one-hot + CNN pipeline and save it in the safe format.

    \b
    Examples:
      skseq train negatives.fa positives.fa --out model.skseq
      skseq train labelled.fa --labels header --config params.toml --out model.skseq
      skseq train --dataset PUM2 --set epochs=30 -v --out pum2.skseq

    Python equivalent: ``make_pipeline(SequenceOneHotTransformer(alphabet),
    SequenceCNNClassifier(**params)).fit(data.sequences, data.target)`` then
    ``skseq.io.save(pipe, out)``.
    """
    alphabet = default_alphabet(alphabet, dataset)
    params = keras_verbose(read_config(config, overrides), verbose)
    pipe = build_pipeline(params, alphabet, task)  # parameter names checked before reading
    data = labelled(load_data(inputs, dataset, split, labels))
    pipe.fit(data.sequences, data.target)
    from skseq.io import save

    save(pipe, out)
    click.echo(f"trained on {len(data.sequences)} sequences; model written to {out}")


@click.command()
@click.argument("model", type=click.Path(exists=True, dir_okay=False))
@with_data_options
@click.option("--out", type=click.Path(dir_okay=False), help="TSV file (default: stdout).")
@click.option(
    "-v",
    "--verbose",
    count=True,
    help="Show the network's progress, on standard error (standard output holds only the "
    "table); -vv: one line per batch run.",
)
@friendly_errors
def predict(model, inputs, dataset, split, labels, out, verbose):
    """Predict with a saved model: a TSV of id, prediction and class probabilities.

    \b
    Examples:
      skseq predict model.skseq new.fa --out predictions.tsv
      skseq predict pum2.skseq --dataset PUM2 --split test
    """
    import pandas as pd

    pipe = load_model(model)
    data = load_data(inputs, dataset, split, labels)
    with naming_records(data), progress_to_stderr(pipe, verbose):
        table = pd.DataFrame({"id": data.ids, "prediction": pipe.predict(data.sequences)})
        if hasattr(pipe, "predict_proba"):
            proba = pipe.predict_proba(data.sequences)
            for j, label in enumerate(pipe.classes_):
                table[f"proba_{label}"] = proba[:, j]
    if out is None:
        table.to_csv(sys.stdout, sep="\t", index=False)
    else:
        from skseq.io._files import write_atomic

        write_atomic(out, lambda handle: table.to_csv(handle, sep="\t", index=False))


@click.command()
@click.argument("model", type=click.Path(exists=True, dir_okay=False))
@with_data_options
@click.option(
    "--max-sequences",
    type=click.IntRange(min=1),
    default=2000,
    show_default=True,
    help="Sequences inspected at most: a sample drawn with --random-state, stratified by "
    "class (every class in its proportion).",
)
@click.option("--random-state", type=int, default=0, show_default=True, help="Seed of the sample.")
@click.option(
    "--motifs",
    default=None,
    help="Known motifs to match the kernels against: a MEME file, 'jaspar' (needs "
    "skseq[jaspar]) or 'rbp' (the bundled RBP consensus motifs).",
)
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Report folder.")
@verbose_option
@friendly_errors
def inspect(
    model, inputs, dataset, split, labels, max_sequences, random_state, motifs, out, verbose
):
    """Write the motif report of a saved model (kernel logos, enrichment, matches).

    \b
    Examples:
      skseq inspect model.skseq negatives.fa positives.fa --out report/
      skseq inspect pum2.skseq --dataset PUM2 --motifs rbp --out pum2-report/ -v

    Python equivalent: ``X, y = sklearn.utils.resample(X, y, n_samples=max_sequences,
    replace=False, stratify=y, random_state=random_state)``, ``insp =
    MotifInspector(pipe).fit(X, y)``, then ``insp.report(out, matches=insp.match(motifs))``.
    """
    from skseq import MotifInspector

    pipe = load_model(model)
    data = inspected_sample(load_data(inputs, dataset, split, labels), max_sequences, random_state)
    # the inspector's bars (on a terminal; anywhere with -v) are progress enough
    with naming_records(data), progress_to_stderr(pipe, 0), progress_shown(verbose):
        insp = MotifInspector(pipe, verbose=1).fit(data.sequences, data.target)
    matches = None
    if motifs is not None:
        if motifs == "rbp":
            from skseq.datasets import rbp_consensus_motifs

            motifs = rbp_consensus_motifs()
        matches = insp.match(motifs)
    with progress_shown(verbose):
        insp.report(out, matches=matches)
    click.echo(f"motif report written to {Path(out) / 'index.html'}")


def inspected_sample(data, max_sequences, random_state):
    """At most ``max_sequences`` of ``data``, in file order: seeded, stratified by class.

    The first sequences of a file per class would all be of the first class; a class
    target (binary, multiclass, multilabel) is sampled in proportion, others at random.
    """
    import numpy as np
    from sklearn.utils import Bunch, resample
    from sklearn.utils.multiclass import type_of_target

    n = len(data.sequences)
    if n <= max_sequences:
        return data
    y = data.target
    classes = y is not None and type_of_target(y) in (
        "binary",
        "multiclass",
        "multilabel-indicator",
    )
    pick = resample(
        np.arange(n),
        n_samples=max_sequences,
        replace=False,
        stratify=y if classes else None,
        random_state=random_state,
    )
    pick = np.sort(pick)
    return Bunch(
        **{
            key: value[pick] if isinstance(value, np.ndarray) and len(value) == n else value
            for key, value in data.items()
        }
    )
