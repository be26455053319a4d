"""``skseq tune``: an Optuna search over the one-hot + CNN pipeline, resumable."""

from pathlib import Path

import click

from ._common import (
    build_pipeline,
    default_alphabet,
    friendly_errors,
    heartbeat_options,
    keras_verbose,
    labelled,
    load_data,
    read_config,
    read_table_file,
    verbose_option,
    with_data_options,
    with_model_options,
)

#: The keys of a ``--space`` file: the arguments of :func:`skseq.tuning.cnn_search_space`.
SPACE_KEYS = ("architectures", "include", "ranges", "fixed")


def search_space(path, prefix):
    """``cnn_search_space(prefix, **table)`` from a ``--space`` file (or the default).

    In the file a range is a table ``{low = 8, high = 64}`` (JSON ``{"low": 8, "high": 64}``)
    and a list gives the choices, as in ``cnn_search_space(ranges=...)``.

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "space.json"
    >>> _ = path.write_text(json.dumps({"include": ["n_filters", "batch_size"],
    ...                                 "ranges": {"n_filters": {"low": 8, "high": 32}}}))
    >>> space = search_space(path, "sequencecnnclassifier")
    >>> space["sequencecnnclassifier__n_filters"]
    IntDistribution(high=32, log=True, low=8, step=1)
    >>> sorted(space)
    ['sequencecnnclassifier__batch_size', 'sequencecnnclassifier__n_filters']
    """
    from skseq.tuning import cnn_search_space

    if path is None:
        return cnn_search_space(prefix)
    table = read_table_file(path, "search space file")
    unknown = sorted(set(table) - set(SPACE_KEYS))
    if unknown:
        raise ValueError(
            f"search space file {path}: unknown key(s) {', '.join(unknown)}; the keys are "
            f"{', '.join(SPACE_KEYS)}"
        )
    ranges = {}
    for name, spec in dict(table.get("ranges", {})).items():
        if isinstance(spec, dict):
            if sorted(spec) != ["high", "low"]:
                raise ValueError(
                    f"search space file {path}: ranges.{name} must be a table with low and "
                    f"high, or a list of choices; got {spec!r}"
                )
            spec = (spec["low"], spec["high"])
        ranges[name] = spec
    try:
        return cnn_search_space(prefix, **{**table, "ranges": ranges})
    except ValueError as error:
        raise ValueError(f"search space file {path}: {error}") from None


def _groups(data):
    groups = getattr(data, "groups", None)
    if groups is None:
        raise ValueError("--groups: the data has no groups (chromosomes in the FASTA headers)")
    missing = [i for i, g in enumerate(groups) if g is None]
    if missing:
        raise ValueError(
            f"--groups: record {missing[0] + 1} (id {data.ids[missing[0]]!r}) and "
            f"{len(missing) - 1} other(s) have no chromosome in the header (such as "
            "chr1:100-300); give every record one, or leave out --groups"
        )
    return groups


def write_table(table, path):
    """A table written whole, comma-separated for ``.csv``, else tab-separated."""
    from skseq.io._files import write_atomic

    sep = "," if str(path).lower().endswith(".csv") else "\t"
    write_atomic(path, lambda handle: table.to_csv(handle, sep=sep, index=False))


@click.command()
@with_data_options
@with_model_options
@click.option(
    "--space",
    type=click.Path(exists=True, dir_okay=False),
    help="JSON or TOML file of the search space: architectures, include, ranges "
    "(name = {low, high} or a list of choices) and fixed, as cnn_search_space takes them "
    "(default: its published ranges over every architecture).",
)
@click.option(
    "--storage",
    default="sqlite:///skseq-study.db",
    show_default=True,
    help="Where the study lives: a database URL (sqlite:///FILE, postgresql://...) or an "
    "Optuna journal file (.log, .journal, .jsonl).",
)
@click.option(
    "--study-name",
    default=None,
    help="Name of the study in --storage [default: derived from the search, so the same "
    "command resumes it].",
)
@click.option(
    "--n-trials",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="Finished trials the study should hold in total (a rerun adds only the missing ones).",
)
@click.option(
    "--timeout", type=click.FloatRange(min=0, min_open=True), help="Seconds; stop starting trials."
)
@click.option("--cv", type=click.IntRange(min=2), default=5, show_default=True, help="Folds.")
@click.option("--scoring", default=None, help="A scikit-learn scorer, e.g. roc_auc.")
@click.option(
    "--groups",
    is_flag=True,
    help="Group folds by the chromosome in each FASTA header (GroupKFold), so no chromosome "
    "is split between training and test folds.",
)
@click.option(
    "--pruning",
    type=click.Choice(["none", "epoch", "fold"]),
    default="none",
    show_default=True,
    help="Stop poor trials early: after each epoch of the first fold, or after each fold.",
)
@heartbeat_options
@click.option("--random-state", type=int, default=None, help="Seed of the sampler.")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Best model file.")
@click.option(
    "--trials",
    "trials_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Table of every trial of the study (.csv or .tsv)  [default: OUT with the suffix "
    ".trials.tsv]",
)
@verbose_option
@friendly_errors
def tune(
    inputs,
    dataset,
    split,
    labels,
    alphabet,
    task,
    config,
    overrides,
    space,
    storage,
    study_name,
    n_trials,
    timeout,
    cv,
    scoring,
    groups,
    pruning,
    heartbeat_interval,
    grace_period,
    max_retry,
    random_state,
    out,
    trials_path,
    verbose,
):
    """Search CNN hyperparameters with Optuna; save the best model and a table of trials.

    Each trial draws parameters from the search space, scores them by cross-validation
    and records them in --storage. Running the same command again with the same --storage
    (and --study-name) resumes the study: with a larger --n-trials only the missing trials
    run. --config and --set give the parameters that are not searched (e.g. epochs).
    Several workers can run the same command on one database; a worker that dies leaves its
    trial running until its heartbeat is --grace-period old, then another fails it and runs
    its parameters again.

    \b
    Examples:
      skseq tune negatives.fa positives.fa --set epochs=10 --n-trials 30 --out best.skseq
      skseq tune --dataset PUM2 --groups --scoring roc_auc --storage sqlite:///pum2.db \\
          --study-name pum2 --space space.toml --out pum2-best.skseq --trials pum2.csv

    \b
    A --space file (TOML):
      architectures = ["pysster", "deepbind"]
      include = ["learning_rate"]
      ranges = {n_filters = {low = 16, high = 64}, batch_size = [64, 128]}
      fixed = {kernel_size = 12}

    Python equivalent: ``result = skseq.tuning.tune(pipe, X, y, groups=groups, cv=cv,
    n_trials=n, storage=storage, study_name=name)``, then
    ``skseq.io.save(result.best_estimator_, out)`` and ``result.trials_dataframe()``.
    """
    trials_path = trials_path or str(Path(out).with_suffix(".trials.tsv"))
    for path in (out, trials_path):
        if not Path(path).absolute().parent.is_dir():
            raise FileNotFoundError(f"cannot write '{path}': its folder does not exist")
    recipe = dict(
        inputs=[str(Path(p).absolute()) for p in inputs],
        dataset=dataset,
        split=split,
        labels=None if labels is None else str(Path(labels).absolute()),
        alphabet=alphabet,
        task=task,
        params=read_config(config, overrides),
        space=None if space is None else str(Path(space).absolute()),
        n_trials=n_trials,
        timeout=timeout,
        cv=cv,
        scoring=scoring,
        groups=groups,
        pruning=pruning,
    )
    heartbeat = dict(
        heartbeat_interval=heartbeat_interval or None,
        grace_period=grace_period,
        max_retry=max_retry,
    )
    search, data, group_labels = make_search(
        recipe, storage, study_name, heartbeat, random_state, verbose, refit=True
    )
    if study_name is not None:  # workers started with skseq tune-worker read it there
        from ._recipe import record_recipe

        record_recipe(storage, study_name, recipe, heartbeat)
    search.fit(data.sequences, data.target, groups=group_labels)
    from skseq.io import save

    save(search.best_estimator_, out)
    write_table(search.trials_dataframe(), trials_path)
    click.echo(
        f"study {search.study_.study_name!r} in {storage}: {search.n_trials_} finished trials; "
        f"best score {search.best_score_:.4g} with {search.best_params_}"
    )
    click.echo(f"best model written to {out}; trials to {trials_path}")


def make_search(recipe, storage, study_name, heartbeat, random_state, verbose, *, refit):
    """The search ``skseq tune`` runs (the command's arguments in ``recipe``), its data and
    groups; ``skseq tune-worker`` runs the same with ``refit=False``."""
    from skseq.tuning import SequenceSearchCV

    alphabet = default_alphabet(recipe["alphabet"], recipe["dataset"])
    params = keras_verbose(dict(recipe["params"]), max(verbose - 1, 0))
    pipe = build_pipeline(params, alphabet, recipe["task"])
    space = search_space(recipe["space"], pipe.steps[-1][0])
    data = labelled(
        load_data(recipe["inputs"], recipe["dataset"], recipe["split"], recipe["labels"])
    )
    search = SequenceSearchCV(
        pipe,
        space,
        scoring=recipe["scoring"],
        cv=recipe["cv"],
        n_trials=recipe["n_trials"],
        timeout=recipe["timeout"],
        pruning=False if recipe["pruning"] == "none" else recipe["pruning"],
        storage=storage,
        study_name=study_name,
        random_state=random_state,
        refit=refit,
        show_progress_bar=verbose > 0,
        **heartbeat,
    )
    return search, data, _groups(data) if recipe["groups"] else None
