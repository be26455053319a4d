"""Optuna search on one RBP set: with pruning against without, and against the defaults.

On a random subset of one of pysster's CLIP-seq sets (PUM2 by default), one-hot RNA input:

1. the default ``SequenceCNNClassifier`` (pysster's recipe), cross-validated by chromosome;
2. ``skseq.tuning.tune`` with ``n_trials`` trials and no pruning;
3. the same search (same sampler seed, so the first trials are the same) with per-epoch
   pruning (median pruner on the first fold's validation loss).

For each: wall time, mean cross-validated ROC-AUC of the best trial, and the ROC-AUC of the
refitted best model on a held-out subset of the official test split. Ratios are taken within
this one run. Results go to the ``tuning`` section of ``docs/benchmarks.md``.

    python benchmarks/tuning.py                                  # PUM2, 20 trials
    python benchmarks/tuning.py --n-train 1000 --n-trials 6 --no-write   # a quick look

``--default-space`` measures instead what a user gets without choosing anything: a
``SequenceSearchCV`` of ``--n-trials`` trials (15) with the default search space and the
default per-trial budget (``trial_timeout="auto"``) on ``--n-train`` sequences (3,000), with
the estimator's defaults. It prints the total wall time, every trial's time and state, how
many were pruned, and the best CV and held-out ROC-AUC (section ``tuning_default``):

    python benchmarks/tuning.py --default-space --n-train 3000 --n-trials 15 --cv 3
"""

import argparse
import os
import platform
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import optuna  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402
from sklearn.model_selection import GroupKFold, cross_val_score  # noqa: E402

from skseq import SequenceCNNClassifier, SequenceOneHotTransformer  # noqa: E402
from skseq.datasets import load_rbp  # noqa: E402
from skseq.tuning import SequenceSearchCV, cnn_search_space, tune  # noqa: E402
from skseq.tuning._objective import fit_takes_callbacks  # noqa: E402

try:
    from _report import write_section
except ImportError:  # run from elsewhere
    from benchmarks._report import write_section


def subset(data, n, rng):
    """A random subset of ``n`` sequences (all of them when ``n`` is None or too large)."""
    idx = np.arange(len(data.target))
    if n is not None and n < len(idx):
        idx = np.sort(rng.choice(idx, size=n, replace=False))
    return data.sequences[idx], data.target[idx], data.groups[idx]


def search_space():
    """The benchmark's space: the default ranges, kept to networks a 2-core CPU trains fast."""
    return cnn_search_space(
        architectures=["pysster", "global_max", "deepbind"],
        ranges={
            "n_conv_layers": (1, 3),
            "n_filters": (8, 64),
            "dense_units": (16, 128),
            "batch_size": [64, 128, 256],
        },
    )


def held_out_auc(model, X, y):
    return roc_auc_score(y, model.predict_proba(X)[:, 1])


def run_search(base, X, y, groups, X_test, y_test, args, pruning):
    start = time.perf_counter()
    result = tune(
        base,
        X,
        y,
        groups=groups,
        cv=GroupKFold(args.cv),
        scoring="roc_auc",
        n_trials=args.n_trials,
        search_space=search_space(),
        pruning=pruning,
        random_state=args.random_state,
        show_progress_bar=False,
    )
    seconds = time.perf_counter() - start
    states = [t.state for t in result.study_.trials]
    return {
        "seconds": seconds,
        "cv_auc": result.best_score_,
        "test_auc": held_out_auc(result.best_estimator_, X_test, y_test),
        "n_complete": states.count(optuna.trial.TrialState.COMPLETE),
        "n_pruned": states.count(optuna.trial.TrialState.PRUNED),
        "n_failed": states.count(optuna.trial.TrialState.FAIL),
        "best_params": result.best_params_,
    }


def default_space_run(X, y, groups, X_test, y_test, args):
    """One search with every default (space, budget, estimator); returns the section text."""
    optuna.logging.set_verbosity(optuna.logging.INFO)  # a line per finished trial
    if args.storage:
        from optuna.storages.journal import JournalFileBackend

        storage = optuna.storages.JournalStorage(JournalFileBackend(args.storage))
    else:
        storage = optuna.storages.InMemoryStorage()
    load = os.getloadavg()
    start = time.perf_counter()
    search = SequenceSearchCV(
        SequenceCNNClassifier(random_state=args.random_state),
        cv=GroupKFold(args.cv),
        scoring="roc_auc",
        n_trials=args.n_trials,
        random_state=args.random_state,
        show_progress_bar=False,
        storage=storage,
    )
    try:
        search.fit(X, y, groups=groups)
    except ValueError as exc:  # no trial completed: still report what the trials did
        print(exc, flush=True)
    seconds = time.perf_counter() - start
    fitted = hasattr(search, "study_")
    test_auc = held_out_auc(search.best_estimator_, X_test, y_test) if fitted else np.nan
    study = search.study_ if fitted else optuna.load_study(study_name=None, storage=storage)
    trials = study.trials
    durations = [t.duration.total_seconds() for t in trials]
    pruned = [t for t in trials if t.state == optuna.trial.TrialState.PRUNED]
    by_budget = sum(t.user_attrs.get("pruned_by") == "trial_timeout" for t in pruned)
    lines = [
        f"## Hyperparameter search with every default ({args.rbp}, {args.n_trials} trials)",
        "",
        f"`python benchmarks/tuning.py --default-space --rbp {args.rbp} --n-train "
        f"{args.n_train} --n-test {args.n_test} --n-trials {args.n_trials} --cv {args.cv}` "
        f"({platform.processor() or platform.machine()}, {os.cpu_count()} cores shared with "
        f"other jobs: load average {load[0]:.1f} at the start and "
        f"{os.getloadavg()[0]:.1f} at the end, so every time here is inflated several times "
        "over an idle machine of 2 cores).",
        "",
        f"`SequenceSearchCV(SequenceCNNClassifier(random_state={args.random_state}), "
        f"cv=GroupKFold({args.cv}), scoring='roc_auc', n_trials={args.n_trials})` on "
        f"{len(y)} random training sequences (one-hot RNA), everything else default: the "
        "space of `cnn_search_space()` and `trial_timeout='auto'`, which gave "
        f"**{study.trials[0].user_attrs.get('trial_timeout', 0):.0f} s** per trial. Held out: "
        f"{len(y_test)} sequences of the official test split.",
        "",
        "| total wall time | trials complete / pruned by the budget / failed | "
        "longest trial | refit | best CV ROC-AUC | held-out ROC-AUC |",
        "|---|---|---|---|---|---|",
        f"| {seconds:.0f} s ({seconds / 60:.1f} min) | "
        f"{sum(t.state == optuna.trial.TrialState.COMPLETE for t in trials)} / {by_budget} / "
        f"{sum(t.state == optuna.trial.TrialState.FAIL for t in trials)} | "
        f"{max(durations):.0f} s | {search.refit_time_ if fitted else np.nan:.0f} s | "
        f"{search.best_score_ if fitted else np.nan:.3f} | {test_auc:.3f} |",
        "",
        "| trial | architecture | state | seconds | CV ROC-AUC |",
        "|---|---|---|---|---|",
    ]
    for t, d in zip(trials, durations):
        value = "-" if t.value is None else f"{t.value:.3f}"
        arch = t.params.get("architecture", "")
        lines.append(f"| {t.number} | {arch} | {t.state.name.lower()} | {d:.0f} | {value} |")
    lines += ["", f"Best parameters: `{getattr(search, 'best_params_', None)}`."]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rbp", default="PUM2")
    parser.add_argument(
        "--n-train",
        type=int,
        default=2000,
        help="random training subset (the full PUM2 train split is 7776)",
    )
    parser.add_argument(
        "--n-test",
        type=int,
        default=1000,
        help="random subset of the official test split for the held-out score",
    )
    parser.add_argument("--n-trials", type=int, default=20)
    parser.add_argument("--cv", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--patience", type=int, default=3)
    parser.add_argument("--random-state", type=int, default=0)
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    parser.add_argument(
        "--default-space",
        action="store_true",
        help="one search with the default space and trial_timeout (section tuning_default)",
    )
    parser.add_argument(
        "--storage",
        default=None,
        help="--default-space: an Optuna storage (a journal .log path keeps the trials of a "
        "run that is stopped; a rerun resumes it)",
    )
    args = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)

    rng = np.random.default_rng(args.random_state)
    seqs, y, groups = subset(load_rbp(args.rbp, "train"), args.n_train, rng)
    test_seqs, y_test, _ = subset(load_rbp(args.rbp, "test"), args.n_test, rng)
    encoder = SequenceOneHotTransformer(alphabet="RNA")
    X, X_test = encoder.fit_transform(seqs), encoder.transform(test_seqs)
    if args.default_space:
        text = default_space_run(X, y, groups, X_test, y_test, args)
        print(text)
        if not args.no_write:
            write_section("tuning_default", text)
        return
    base = SequenceCNNClassifier(
        epochs=args.epochs, patience=args.patience, lr_patience=2, random_state=args.random_state
    )
    live = fit_takes_callbacks(base)

    rows = {}
    start = time.perf_counter()
    cv_scores = cross_val_score(
        base, X, y, groups=groups, cv=GroupKFold(args.cv), scoring="roc_auc"
    )
    default_model = base.__class__(**base.get_params()).fit(X, y)
    rows["defaults (no search)"] = {
        "seconds": time.perf_counter() - start,
        "cv_auc": float(np.mean(cv_scores)),
        "test_auc": held_out_auc(default_model, X_test, y_test),
        "n_complete": 1,
        "n_pruned": 0,
        "n_failed": 0,
        "best_params": {},
    }
    print("defaults:", rows["defaults (no search)"], flush=True)
    for label, pruning in [("search, no pruning", False), ("search, epoch pruning", "epoch")]:
        rows[label] = run_search(base, X, y, groups, X_test, y_test, args, pruning)
        print(f"{label}:", rows[label], flush=True)

    plain, pruned = rows["search, no pruning"], rows["search, epoch pruning"]
    how = (
        "during training (fit takes callbacks)"
        if live
        else "after the first fold (the estimator's fit takes no callbacks, so the first "
        "fold's per-epoch validation loss is replayed from history_)"
    )
    lines = [
        f"## Hyperparameter search ({args.rbp}, Optuna)",
        "",
        f"`python benchmarks/tuning.py --rbp {args.rbp} --n-train {args.n_train} "
        f"--n-test {args.n_test} --n-trials {args.n_trials} --cv {args.cv} "
        f"--epochs {args.epochs} --patience {args.patience}` "
        f"({platform.processor() or platform.machine()}, {os.cpu_count()} cores, shared with "
        "other jobs: compare ratios within this run).",
        "",
        f"Random subsets: {len(y)} training sequences (cross-validation by chromosome, "
        f"`GroupKFold({args.cv})`, ROC-AUC) and {len(y_test)} sequences of the official test "
        f"split (held out, scored once per row). Networks train for at most {args.epochs} "
        f"epochs with early stopping (patience {args.patience}). Searches: "
        f"`tune(..., n_trials={args.n_trials}, random_state={args.random_state})` over "
        "`cnn_search_space(architectures=['pysster', 'global_max', 'deepbind'])` with "
        "narrowed sizes; TPE sampler; the pruned search uses the median pruner on the "
        f"first fold's validation loss, applied {how}.",
        "",
        "| run | wall time | vs no pruning | trials complete / pruned / failed | "
        "best CV ROC-AUC | held-out ROC-AUC |",
        "|---|---|---|---|---|---|",
    ]
    for label, r in rows.items():
        lines.append(
            f"| {label} | {r['seconds']:.0f} s | {r['seconds'] / plain['seconds']:.2f}x | "
            f"{r['n_complete']} / {r['n_pruned']} / {r['n_failed']} | {r['cv_auc']:.3f} | "
            f"{r['test_auc']:.3f} |"
        )
    lines += [
        "",
        f"Pruning took **{pruned['seconds'] / plain['seconds']:.2f}x** the time of the search "
        f"without it; best CV ROC-AUC {pruned['cv_auc']:.3f} against {plain['cv_auc']:.3f}; "
        f"held-out ROC-AUC of the refitted best model {pruned['test_auc']:.3f} against "
        f"{plain['test_auc']:.3f} (defaults: {rows['defaults (no search)']['test_auc']:.3f}; "
        "pysster's published 0.945 used the full training set and RNA structure too).",
        "",
        f"Best parameters without pruning: `{plain['best_params']}`; with pruning: "
        f"`{pruned['best_params']}`.",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section("tuning", text)


if __name__ == "__main__":
    main()
