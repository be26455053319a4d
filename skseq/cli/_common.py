"""What the commands share: friendly errors, config files, reading data, options."""

import contextlib
import functools
import json
import re
import sys
from pathlib import Path

import click

#: Errors that mean "your input is wrong": printed as one line, exit status 1.
INPUT_ERRORS = (ValueError, TypeError, KeyError, FileNotFoundError, IsADirectoryError)


def friendly_errors(func):
    """Turn the Python API's input errors into click errors (message kept, exit status 1)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from sklearn.exceptions import NotFittedError

        try:
            return func(*args, **kwargs)
        except (*INPUT_ERRORS, ImportError, NotFittedError) as error:
            message = error.args[0] if isinstance(error, KeyError) and error.args else error
            raise click.ClickException(f"{type(error).__name__}: {message}") from error

    return wrapper


def read_table_file(path, what="config file"):
    """A table (dict) from a JSON or TOML file, with the file and line in any error."""
    text = Path(path).read_text()
    if str(path).endswith(".toml"):
        import tomllib

        try:
            params = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ValueError(f"{what} {path}: not valid TOML: {error}") from None
    else:
        try:
            params = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(
                f"{what} {path}: not valid JSON at line {error.lineno}, column "
                f"{error.colno}: {error.msg}"
            ) from None
    if not isinstance(params, dict):
        raise ValueError(f"{what} {path}: expected a table of name = value")
    return params


def read_config(path, overrides):
    """Estimator parameters from a JSON or TOML file, then ``key=value`` overrides.

    Values are read as JSON, and as plain strings when they are not JSON.

    Examples
    --------
    >>> read_config(None, ["epochs=5", "architecture=danq", "dropout_conv=0.2"])
    {'epochs': 5, 'architecture': 'danq', 'dropout_conv': 0.2}
    """
    params = {} if path is None else read_table_file(path)
    for item in overrides:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ValueError(f"--set {item!r}: expected key=value")
        try:
            params[key] = json.loads(value)
        except json.JSONDecodeError:
            params[key] = value  # a bare string such as architecture=danq
    return params


def load_data(inputs, dataset, split, labels):
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


def record_numbers(filenames):
    """The number of each record in its file, from 1 (as ``read_fasta`` counts them).

    Examples
    --------
    >>> record_numbers(["a.fa", "a.fa", "b.fa", "a.fa"])
    [1, 2, 1, 3]
    """
    seen = {}
    numbers = []
    for path in filenames:
        seen[path] = seen.get(path, 0) + 1
        numbers.append(seen[path])
    return numbers


def record_name(data, index):
    """Where sequence ``index`` of ``data`` came from: file, record (from 1) and id.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.utils import Bunch
    >>> data = Bunch(ids=np.array(["a", "b", "c"]), filenames=np.array(["x.fa", "y.fa", "y.fa"]))
    >>> record_name(data, 2)
    "'y.fa', record 2 (id 'c')"
    """
    seqid = str(data.ids[index])
    filenames = data.get("filenames")
    if filenames is None:  # a bundled data set
        where = f"{data.get('name', 'the data set')} {data.get('split', '')} split".strip()
        return f"{where}, sequence {index + 1} (id {seqid!r})"
    path = str(filenames[index])
    number = record_numbers(filenames[: index + 1])[-1]
    return f"'{path}', record {number} (id {seqid!r})"


@contextlib.contextmanager
def naming_records(data):
    """Errors about "sequence i" of ``data`` name its file, record and id instead.

    The encoders count the sequences they are given from 0; a user knows a record by its
    file and its number there (from 1, as ``read_fasta`` counts) or its id.
    """
    try:
        yield
    except ValueError as error:
        message = str(error)
        found = re.search(r"\bsequence (\d+)\b ?", message)
        if found is None or int(found.group(1)) >= len(data.ids):
            raise
        rest = message[: found.start()] + "the sequence " + message[found.end() :]
        raise ValueError(f"{record_name(data, int(found.group(1)))}: {rest}") from None


@contextlib.contextmanager
def progress_shown(verbose):
    """With ``-v``, progress bars even when standard error is no terminal (a log file, a job
    scheduler's output), unless ``SKSEQ_PROGRESS`` says otherwise."""
    import os

    forced = bool(verbose) and "SKSEQ_PROGRESS" not in os.environ
    if forced:
        os.environ["SKSEQ_PROGRESS"] = "1"
    try:
        yield
    finally:
        if forced:
            os.environ.pop("SKSEQ_PROGRESS", None)


@contextlib.contextmanager
def progress_to_stderr(model, verbose):
    """Run ``model`` with progress only at ``verbose`` (``-v``), and never on stdout.

    A model saved by ``skseq train -v`` keeps its ``verbose``, and Keras prints progress on
    standard output: inside this block every ``verbose`` parameter of the model is
    ``verbose`` (0: silent) and standard output goes to standard error, so that what a
    command writes on standard output afterwards (a TSV table) is all there is.
    """
    names = [k for k in model.get_params() if k == "verbose" or k.endswith("__verbose")]
    model.set_params(**dict.fromkeys(names, min(int(verbose), 2)))
    with contextlib.redirect_stdout(sys.stderr):
        yield


def load_model(path):
    """The model saved in ``path``, or a one-line error saying the file is not one.

    :func:`skseq.io.load` refuses a file that is not a skseq file (a FASTA given where the
    model goes, for instance) naming it; a skseq file that holds no model (a transformer
    saved alone) is refused here, before any data is read.
    """
    from skseq.io import load

    model = load(path)
    if not hasattr(model, "predict"):
        raise ValueError(
            f"'{path}' holds a {type(model).__name__}, not a model that predicts (a Pipeline "
            "or estimator as skseq train saves it); give the model file"
        )
    return model


def labelled(data):
    """Check that the data has a target (before any training)."""
    if data.target is None:
        raise ValueError("the input has no labels: give one file per class or --labels header")
    return data


def build_pipeline(params, alphabet, task):
    """The one-hot + CNN pipeline the commands train, with ``params`` checked by name."""
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


def keras_verbose(params, verbose):
    """``params`` with Keras's ``verbose`` from ``-v`` (one line per epoch), unless set."""
    if verbose and "verbose" not in params:
        params = {**params, "verbose": 2 if verbose == 1 else 1}
    return params


def default_alphabet(alphabet, dataset):
    """The bundled sets are RNA: ``--dataset`` without ``--alphabet`` means RNA."""
    return "RNA" if dataset is not None and alphabet is None else (alphabet or "DNA")


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

_model_options = [
    click.option(
        "--alphabet",
        default=None,
        help="DNA, RNA, protein or symbols  [default: DNA; RNA with --dataset]",
    ),
    click.option(
        "--task", type=click.Choice(["classify", "regress"]), default="classify", show_default=True
    ),
    click.option(
        "--config",
        type=click.Path(exists=True, dir_okay=False),
        help="JSON or TOML file of estimator parameters (the keys are "
        "SequenceCNNClassifier's parameters).",
    ),
    click.option(
        "--set",
        "overrides",
        multiple=True,
        metavar="KEY=VALUE",
        help="One estimator parameter, e.g. --set epochs=20; repeatable; wins over --config.",
    ),
]

verbose_option = click.option(
    "-v",
    "--verbose",
    count=True,
    help="Show progress (training epochs, trials, records); repeat (-vv) for more detail.",
)


def _apply(options, func):
    for option in reversed(options):
        func = option(func)
    return func


def with_data_options(func):
    """The FASTA inputs / ``--dataset`` / ``--split`` / ``--labels`` options."""
    return _apply(_data_options, func)


def with_model_options(func):
    """The ``--alphabet`` / ``--task`` / ``--config`` / ``--set`` options."""
    return _apply(_model_options, func)


def heartbeat_options(command):
    """The ``--heartbeat-interval``, ``--grace-period`` and ``--max-retry`` options of the
    commands that run trials of a shared study (``skseq tune``, ``skseq tune-worker``)."""
    options = [
        click.option(
            "--heartbeat-interval",
            type=click.IntRange(min=0),
            default=60,
            show_default=True,
            help="Seconds between the heartbeats of a running trial (database storages): the "
            "trial of a killed worker is failed and run again once its heartbeat is "
            "--grace-period old. 0: no heartbeats.",
        ),
        click.option(
            "--grace-period",
            type=click.IntRange(min=1),
            default=None,
            help="Seconds without a heartbeat after which a running trial counts as dead  "
            "[default: twice --heartbeat-interval].",
        ),
        click.option(
            "--max-retry",
            type=click.IntRange(min=0),
            default=1,
            show_default=True,
            help="Times the parameters of a dead trial are run again (0: never).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command
