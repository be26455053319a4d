"""The ``skseq`` command line: a thin layer over the Python API.

Every command does what a few lines of Python would do, and says so in its ``--help``.
Models are saved and loaded in skseq's safe format (:func:`skseq.io.save` /
:func:`skseq.io.load`), which loads without running code. Bad input gives the same message
as the Python function that found it, on standard error, and exit status 1; a wrong command
line gives click's usage message and exit status 2.
"""

import functools
import json
import sys
from pathlib import Path

import click

#: Errors that mean "your input is wrong": printed as one line, exit status 1.
_INPUT_ERRORS = (ValueError, TypeError, KeyError, FileNotFoundError, IsADirectoryError)


def _friendly_errors(func):
    """Turn the Python API's input errors into click errors (message kept, exit status 1)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from sklearn.exceptions import NotFittedError

        try:
            return func(*args, **kwargs)
        except (*_INPUT_ERRORS, NotFittedError) as error:
            message = error.args[0] if isinstance(error, KeyError) and error.args else error
            raise click.ClickException(f"{type(error).__name__}: {message}") from error

    return wrapper


def _read_config(path, overrides):
    """Estimator parameters from a JSON or TOML file, then ``key=value`` overrides."""
    params = {}
    if path is not None:
        text = Path(path).read_text()
        if str(path).endswith(".toml"):
            import tomllib

            params = tomllib.loads(text)
        else:
            try:
                params = json.loads(text)
            except json.JSONDecodeError as error:
                raise ValueError(
                    f"config file {path}: not valid JSON at line {error.lineno}, column "
                    f"{error.colno}: {error.msg}"
                ) from None
        if not isinstance(params, dict):
            raise ValueError(f"config file {path}: expected a table of parameter = value")
    for item in overrides:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ValueError(f"--set {item!r}: expected key=value")
        try:
            params[key] = json.loads(value)
        except json.JSONDecodeError:
            params[key] = value  # a bare string such as architecture=danq
    return params


def _load_data(inputs, dataset, split, labels):
    """A Bunch of sequences (and target) from FASTA files or a bundled data set."""
    if dataset is not None:
        if inputs:
            raise click.UsageError("give FASTA files or --dataset, not both")
        from skseq.datasets import load_rbp

        return load_rbp(dataset, split=split)
    if not inputs:
        raise click.UsageError("give one FASTA file per class, a labelled FASTA, or --dataset")
    from skseq.io import read_fasta

    paths = list(inputs)
    return read_fasta(paths if len(paths) > 1 else paths[0], labels=labels)


def _build_pipeline(params, alphabet, task):
    from sklearn.pipeline import make_pipeline

    from skseq import SequenceCNNClassifier, SequenceCNNRegressor, SequenceOneHotTransformer

    estimator = SequenceCNNRegressor if task == "regress" else SequenceCNNClassifier
    valid = estimator().get_params()
    unknown = sorted(set(params) - set(valid))
    if unknown:
        raise ValueError(
            f"unknown estimator parameter(s) {', '.join(unknown)}; {estimator.__name__} takes "
            f"{', '.join(sorted(valid))}"
        )
    return make_pipeline(SequenceOneHotTransformer(alphabet=alphabet), estimator(**params))


_data_options = [
    click.argument("inputs", nargs=-1, type=click.Path(exists=True, dir_okay=False)),
    click.option(
        "--dataset", help="A bundled data set instead of files (pysster's RBP sets: PUM2, ...)."
    ),
    click.option(
        "--split",
        type=click.Choice(["train", "test"]),
        default="train",
        show_default=True,
        help="Split of --dataset.",
    ),
    click.option(
        "--labels",
        type=click.Choice(["header"]),
        default=None,
        help="Read labels from a single file's headers (>0, >1 or >0,2); by default one "
        "file per class gives the classes 0, 1, ...",
    ),
]


def _with_data_options(func):
    for option in reversed(_data_options):
        func = option(func)
    return func


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="skseq")
def main():
    """Neural networks on biological sequences, the scikit-learn way.

    \b
    The main job on bundled data, from the command line:
      skseq train --dataset PUM2 --set epochs=30 --out pum2.skseq
      skseq inspect pum2.skseq --dataset PUM2 --out pum2-report/
    """


@main.command()
@_with_data_options
@click.option("--alphabet", default="DNA", show_default=True, help="DNA, RNA, protein or symbols.")
@click.option(
    "--task", type=click.Choice(["classify", "regress"]), default="classify", show_default=True
)
@click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False),
    help="JSON or TOML file "
    "of estimator parameters (the keys are SequenceCNNClassifier's parameters).",
)
@click.option(
    "--set",
    "overrides",
    multiple=True,
    metavar="KEY=VALUE",
    help="One estimator parameter, e.g. --set epochs=20; repeatable; wins over --config.",
)
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Model file to write.")
@_friendly_errors
def train(inputs, dataset, split, labels, alphabet, task, config, overrides, out):
    """Train a one-hot + CNN pipeline and save it in the safe format.

    \b
    Examples:
      skseq train negatives.fa positives.fa --out model.skseq
      skseq train labelled.fa --labels header --config params.toml --out model.skseq
      skseq train --dataset PUM2 --alphabet RNA --set epochs=30 --out pum2.skseq

    Python equivalent: ``make_pipeline(SequenceOneHotTransformer(alphabet),
    SequenceCNNClassifier(**params)).fit(data.sequences, data.target)`` then
    ``skseq.io.save(pipe, out)``.
    """
    if dataset is not None and alphabet == "DNA":
        alphabet = "RNA"  # the bundled sets are RNA
    params = _read_config(config, overrides)
    data = _load_data(inputs, dataset, split, labels)
    if data.target is None:
        raise ValueError("the input has no labels: give one file per class or --labels header")
    pipe = _build_pipeline(params, alphabet, task).fit(data.sequences, data.target)
    from skseq.io import save

    save(pipe, out)
    click.echo(f"trained on {len(data.sequences)} sequences; model written to {out}")


@main.command()
@click.argument("model", type=click.Path(exists=True, dir_okay=False))
@_with_data_options
@click.option("--out", type=click.Path(dir_okay=False), help="TSV file (default: stdout).")
@_friendly_errors
def predict(model, inputs, dataset, split, labels, out):
    """Predict with a saved model: a TSV of id, prediction and class probabilities.

    \b
    Examples:
      skseq predict model.skseq new.fa --out predictions.tsv
      skseq predict pum2.skseq --dataset PUM2 --split test
    """
    import pandas as pd

    from skseq.io import load

    pipe = load(model)
    data = _load_data(inputs, dataset, split, labels)
    table = pd.DataFrame({"id": data.ids, "prediction": pipe.predict(data.sequences)})
    if hasattr(pipe, "predict_proba"):
        proba = pipe.predict_proba(data.sequences)
        for j, label in enumerate(pipe.classes_):
            table[f"proba_{label}"] = proba[:, j]
    table.to_csv(out or sys.stdout, sep="\t", index=False)


@main.command()
@click.argument("model", type=click.Path(exists=True, dir_okay=False))
@_with_data_options
@click.option("--max-sequences", default=2000, show_default=True, help="Sequences inspected.")
@click.option(
    "--motifs",
    default=None,
    help="Known motifs to match the kernels against: a MEME file, 'jaspar' (needs "
    "skseq[jaspar]) or 'rbp' (the bundled RBP consensus motifs).",
)
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Report folder.")
@_friendly_errors
def inspect(model, inputs, dataset, split, labels, max_sequences, motifs, out):
    """Write the motif report of a saved model (kernel logos, enrichment, matches).

    \b
    Examples:
      skseq inspect model.skseq negatives.fa positives.fa --out report/
      skseq inspect pum2.skseq --dataset PUM2 --motifs rbp --out pum2-report/

    Python equivalent: ``insp = MotifInspector(pipe).fit(X, y)``, then
    ``insp.report(out, matches=insp.match(motifs))``.
    """
    from skseq import MotifInspector
    from skseq.io import load

    pipe = load(model)
    data = _load_data(inputs, dataset, split, labels)
    X, y = data.sequences[:max_sequences], data.target
    y = None if y is None else y[:max_sequences]
    insp = MotifInspector(pipe).fit(X, y)
    matches = None
    if motifs is not None:
        if motifs == "rbp":
            from skseq.datasets import rbp_consensus_motifs

            motifs = rbp_consensus_motifs()
        matches = insp.match(motifs)
    insp.report(out, matches=matches)
    click.echo(f"motif report written to {Path(out) / 'index.html'}")


if __name__ == "__main__":  # python -m skseq.cli
    main()
