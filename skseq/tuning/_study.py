"""Opening and running the study of one search: a fingerprint keeps unrelated searches apart.

A storage can hold many studies. A search finds its own by a fingerprint of what makes its
trials comparable: the estimator (class and parameters), the search space, the data, the
cross-validation folds, the scoring and the direction. Without a ``study_name`` the study is
named after the fingerprint, so a rerun of the same search resumes it and a different search
gets a study of its own; with a ``study_name`` an existing study whose fingerprint differs is
refused, naming what differs.
"""

import hashlib
import json
import re
import warnings

import joblib
import numpy as np
import optuna
from optuna.trial import TrialState

from skseq.utils import progress_enabled

from ._objective import num_samples
from ._storage import describe_storage

#: Study user attribute holding the fingerprint of the search that made the study.
FINGERPRINT_ATTR = "skseq_fingerprint"
#: The parts of a fingerprint, in the words used when they differ.
PARTS = {
    "estimator": "the estimator or its parameters",
    "search_space": "the search space",
    "data": "the data (X, y)",
    "cv": "the cross-validation folds",
    "scoring": "the scoring",
    "direction": "the direction",
}
_FINISHED = (TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAIL)
#: The trials ``n_trials`` counts.
COUNTED = (TrialState.COMPLETE, TrialState.PRUNED)
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def _describe(value):
    """A JSON-able description of a parameter value that is stable across processes."""
    if hasattr(value, "get_params") and not isinstance(value, type):
        params = value.get_params(deep=False)
        # The class's name without its module: moving a class between private modules
        # (as a refactoring does) must not orphan the studies of existing searches.
        return {
            "class": type(value).__qualname__,
            "params": {k: _describe(v) for k, v in sorted(params.items())},
        }
    if isinstance(value, dict):
        return {str(k): _describe(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [_describe(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return f"ndarray:{joblib.hash(value)}"
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    return _ADDRESS.sub("", repr(value))


def _data_digest(values):
    """A digest of X, y or groups; fast for the usual forms (joblib.hash of a list of 100k
    strings takes seconds, so strings and pandas objects are hashed directly)."""
    if values is None:
        return "none"
    if hasattr(values, "iloc"):  # pandas: vectorised row hashes, plus the column names
        import pandas as pd

        rows = pd.util.hash_pandas_object(values, index=True).to_numpy()
        return joblib.hash([rows, list(getattr(values, "columns", [getattr(values, "name", "")]))])
    if isinstance(values, np.ndarray) and values.dtype != object:
        return joblib.hash(values)
    if isinstance(values, (list, tuple, np.ndarray)) and all(isinstance(v, str) for v in values):
        h = hashlib.sha256()
        for v in values:
            data = v.encode("utf-8", "surrogatepass")
            h.update(len(data).to_bytes(8, "little"))
            h.update(data)
        return h.hexdigest()[:32]
    return joblib.hash(values)


def _digest(obj):
    text = json.dumps(obj, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def fingerprint(estimator, search_space, X, y, splits, scoring, direction):
    """The fingerprint of a search: a digest per part (see :data:`PARTS`)."""
    return {
        "estimator": _digest(_describe(estimator)),
        "search_space": _digest({k: repr(v) for k, v in search_space.items()}),
        "data": _digest([num_samples(X), _data_digest(X), _data_digest(y)]),
        "cv": joblib.hash([(np.asarray(a), np.asarray(b)) for a, b in splits]),
        "scoring": _digest(_describe(scoring)),
        "direction": direction,
    }


def default_study_name(print_):
    """The study name of a search given no ``study_name``: derived from its fingerprint."""
    return f"skseq-{_digest(print_)}"


def open_study(storage, study_name, print_, *, sampler, pruner, direction, shown_storage):
    """Create or load the study of this search and check it was made by the same search.

    Raises
    ------
    ValueError
        When the study exists with another direction, another fingerprint, or finished
        trials but no fingerprint (a study not made by a skseq search).
    """
    study = optuna.create_study(
        storage=storage,
        study_name=study_name,
        sampler=sampler,
        pruner=pruner,
        direction=direction,
        load_if_exists=True,
    )
    where = f"Study {study.study_name!r} in storage {describe_storage(shown_storage)}"
    if study.direction.name.lower() != direction:
        raise ValueError(
            f"{where} has direction {study.direction.name.lower()!r}, not {direction!r}."
        )
    stored = study.user_attrs.get(FINGERPRINT_ATTR)
    if stored is None:
        n_finished = len(study.get_trials(deepcopy=False, states=_FINISHED))
        if n_finished:
            raise ValueError(
                f"{where} holds {n_finished} finished trial(s) but no skseq fingerprint, so "
                "they cannot be told to come from this search; give another study_name (or "
                "none, for one derived from the search)."
            )
        study.set_user_attr(FINGERPRINT_ATTR, print_)
        stored = print_
    differs = [PARTS[k] for k in PARTS if stored.get(k) != print_.get(k)]
    if differs:
        raise ValueError(
            f"{where} was made by a different search ({', '.join(differs)} differ); its "
            "trials cannot be resumed by this one. Give another study_name, or none for one "
            "derived from this search."
        )
    return study


def sampler_seed(random_state, study):
    """The sampler's seed: ``random_state`` for a new study, a derived one when resuming.

    A resumed run seeded like the first one would draw the same random start-up parameters
    again, repeating finished trials; mixing in the number of trials already stored avoids
    that and stays reproducible.
    """
    if random_state is None:
        return None
    n_stored = len(study.get_trials(deepcopy=False))
    if n_stored == 0:
        return int(random_state)
    return int(np.random.SeedSequence([int(random_state), n_stored]).generate_state(1)[0])


def fail_stale_trials(study):
    """Fail (and queue again) trials whose worker died, before counting what is left.

    Optuna does this before each trial it starts; a rerun that finds the study complete
    starts none, so it is done here too. Storages without heartbeats are left alone.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
        optuna.storages.fail_stale_trials(study)


def run_trials(study, objective, *, n_trials, timeout, n_jobs, show_progress_bar):
    """Run the trials the study lacks: ``n_trials`` counts its finished trials, all runs'.

    Workers sharing the study stop together once it holds ``n_trials`` (trials running then
    still finish). The progress bar shows only when ``n_trials`` or ``timeout`` bounds the run.
    """
    remaining = None
    if n_trials is not None:
        remaining = n_trials - len(study.get_trials(deepcopy=False, states=COUNTED))
        if remaining <= 0:
            return
    bounded = remaining is not None or timeout is not None
    show_bar = bool(show_progress_bar) and bounded and progress_enabled(1)
    callbacks = []
    if n_trials is not None:
        callbacks.append(optuna.study.MaxTrialsCallback(int(n_trials), states=COUNTED))
    with warnings.catch_warnings():
        # The progress bar and heartbeats are marked experimental by Optuna.
        warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
        study.optimize(
            objective,
            n_trials=remaining,
            timeout=timeout,
            n_jobs=n_jobs,
            callbacks=callbacks,
            show_progress_bar=show_bar,
        )
