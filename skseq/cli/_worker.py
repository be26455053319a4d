"""``skseq tune-worker``: one more worker on a study that ``skseq tune`` started.

``skseq tune --study-name NAME`` records its arguments (data paths made absolute, the
estimator parameters, the search space file, folds, scoring, ``--n-trials``) in the study's
user attributes. A worker started on any machine that sees the same storage (a PostgreSQL
database, or a journal file on a shared file system) and the same files reads them back,
rebuilds the same search, and runs trials until the study holds ``--n-trials`` finished
ones. The study's fingerprint check refuses a worker whose data differ.
"""

import click

from ._common import friendly_errors, heartbeat_options, verbose_option
from ._recipe import read_recipe


@click.command("tune-worker")
@click.option("--storage", required=True, help="The study's database URL or journal file.")
@click.option("--study-name", required=True, help="The study skseq tune started.")
@click.option(
    "--n-trials",
    type=click.IntRange(min=1),
    default=None,
    help="Finished trials the study should hold in total  [default: skseq tune's].",
)
@click.option(
    "--timeout", type=click.FloatRange(min=0, min_open=True), help="Seconds; stop starting trials."
)
@heartbeat_options
@click.option(
    "--random-state",
    type=int,
    default=None,
    help="Seed of this worker's sampler (give each worker its own, or none).",
)
@verbose_option
@friendly_errors
def tune_worker(
    storage,
    study_name,
    n_trials,
    timeout,
    heartbeat_interval,
    grace_period,
    max_retry,
    random_state,
    verbose,
):
    """Run trials of a study that skseq tune started, until it holds --n-trials.

    Start as many as there are machines, GPUs or spare cores, each with the storage of the
    study (a PostgreSQL URL with heartbeats, or an Optuna journal file on a shared file
    system) and the study's name; each sees the data files at the paths skseq tune was given.
    Workers stop together once the study holds --n-trials finished trials; none refits or
    saves a model: rerun the skseq tune command for the best model and the trials table.

    \b
    Examples:
      skseq tune a.fa b.fa --storage /shared/pum2.log --study-name pum2 --n-trials 200 \\
          --out best.skseq
      skseq tune-worker --storage /shared/pum2.log --study-name pum2      # on each machine
      skseq tune-worker --storage postgresql://user:pw@dbhost/skseq --study-name pum2

    Python equivalent: ``SequenceSearchCV(..., storage=storage, study_name=name,
    refit=False).fit(X, y)`` with the search's own estimator, space and data.
    """
    from ._tune import make_search

    heartbeat = dict(
        heartbeat_interval=heartbeat_interval or None,
        grace_period=grace_period,
        max_retry=max_retry,
    )
    recipe = read_recipe(storage, study_name, heartbeat)
    if n_trials is not None:
        recipe["n_trials"] = n_trials
    if timeout is not None:
        recipe["timeout"] = timeout
    search, data, groups = make_search(
        recipe, storage, study_name, heartbeat, random_state, verbose, refit=False
    )
    search.fit(data.sequences, data.target, groups=groups)
    click.echo(
        f"study {study_name!r} in {storage}: {search.n_trials_} finished trials; best score "
        f"so far {search.best_score_:.4g} with {search.best_params_}"
    )
