"""``skseq demo``: the main job end to end on bundled data (what ``make demo`` runs)."""

import click

from ._common import friendly_errors


@click.command()
@click.option(
    "--out",
    default="skseq-report",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Report folder (created if missing).",
)
@click.option(
    "--dataset",
    default="PUM2",
    show_default=True,
    type=click.Choice(["PUM2", "QKI", "IGF2BP123", "SRSF1", "TAF2N", "NOVA"]),
    help="Which of pysster's CLIP-seq sets bundled with skseq to train on.",
)
@click.option(
    "--n-splits",
    default=3,
    show_default=True,
    type=click.IntRange(min=2),
    help="Folds of the cross-validation grouped by chromosome (GroupKFold).",
)
@click.option(
    "--epochs",
    default=30,
    show_default=True,
    type=click.IntRange(min=1),
    help="Most epochs per fit; early stopping usually ends training sooner.",
)
@click.option(
    "--patience",
    default=5,
    show_default=True,
    type=click.IntRange(min=1),
    help="Epochs without a better validation loss before training stops.",
)
@click.option(
    "--random-state",
    default=0,
    show_default=True,
    type=int,
    help="Seed of the network, the shuffling, the subsets and the inspected sample.",
)
@click.option(
    "--max-train",
    default=None,
    type=click.IntRange(min=10),
    help="Train on a random subset of this many sequences, for a quick look  [default: all]",
)
@click.option(
    "--n-inspect",
    default=2000,
    show_default=True,
    type=click.IntRange(min=0),
    help="Held-out test sequences the motif report reads (0 skips the motif report).",
)
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    default=True,
    help="Progress bars over the stages and inside them, on a terminal (the default; the "
    "demo is long).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bars, only the log lines.")
@friendly_errors
def demo(
    out, dataset, n_splits, epochs, patience, random_state, max_train, n_inspect, verbose, quiet
):
    """Train, cross-validate by chromosome, inspect and report, on a bundled RBP set.

    Cross-validates a one-hot + CNN pipeline on pysster's PUM2 CLIP-seq set (or --dataset)
    with folds split by chromosome, fits on the whole training split, scores the held-out
    test split, matches what the kernels learned against published RBP motifs, and writes
    index.html, scores.json, ROC and training curves and motifs/ to --out. A few minutes on
    two CPU cores.

    \b
    Examples:
      skseq demo --out skseq-report
      skseq demo --max-train 500 --epochs 3 --n-inspect 200 --out quick-report

    Python equivalent: ``skseq.demo.run(out, dataset=dataset, n_splits=n_splits, ...)``.
    """
    from skseq.demo import run

    run(
        out=out,
        dataset=dataset,
        n_splits=n_splits,
        epochs=epochs,
        patience=patience,
        random_state=random_state,
        max_train=max_train,
        n_inspect=n_inspect,
        verbose=0 if quiet else int(verbose),
    )
