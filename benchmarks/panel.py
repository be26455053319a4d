"""The development panel: any estimator configuration on every panel set, one table.

Defaults are chosen on this panel, never on one family of data (issue 29). Each set has a fixed
split and seeds (``_panel_data.py`` says which); each result is kept in
``benchmarks/results/panel.json`` keyed by configuration, set, training size and seed, so runs
can be split over sessions and the table is printed from everything measured so far.

    python benchmarks/panel.py --list                          # the sets and configurations
    python benchmarks/panel.py --configs default kmer          # every set, two configurations
    python benchmarks/panel.py --sets rbp cnnprom/ecoli --configs default
    python benchmarks/panel.py --configs default --params architecture=global_max --name gmax
    python benchmarks/panel.py --max-train 3000 ...            # a stratified subsample (seed 0)
    python benchmarks/panel.py --table                         # print (and write) the table only

``--params`` sets parameters of the network estimator of a configuration (``--name`` names the
result). The table goes to the ``panel`` section of ``docs/benchmarks.md`` unless
``--no-write``; the rows are sets, the columns configurations, then each family's mean.
"""

import argparse
import fcntl
import json
import os
import subprocess
import time
import warnings
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# scikit-learn 1.9 announces LogisticRegressionCV's 1.10 defaults on every fit
warnings.filterwarnings("ignore", category=FutureWarning, module="sklearn.linear_model")

import numpy as np  # noqa: E402
from sklearn.ensemble import StackingClassifier  # noqa: E402
from sklearn.linear_model import LogisticRegression, LogisticRegressionCV  # noqa: E402
from sklearn.metrics import matthews_corrcoef, roc_auc_score  # noqa: E402
from sklearn.model_selection import StratifiedKFold, train_test_split  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import MaxAbsScaler  # noqa: E402

try:
    from _panel_data import FAMILIES, load_set, set_names
    from _report import write_section
except ImportError:  # run from elsewhere
    from benchmarks._panel_data import FAMILIES, load_set, set_names
    from benchmarks._report import write_section

RESULTS = Path(__file__).resolve().parent / "results" / "panel.json"


def cnn(data, seed, params):
    from skseq import SequenceCNNClassifier, SequenceOneHotTransformer

    return make_pipeline(
        SequenceOneHotTransformer(alphabet=data.alphabet),
        SequenceCNNClassifier(random_state=seed, **params),
    )


def kmer(data, seed, params):
    from skseq.preprocessing import KmerSpectrumTransformer

    return make_pipeline(
        KmerSpectrumTransformer(k=6, alphabet=data.alphabet, **params),
        MaxAbsScaler(),
        LogisticRegressionCV(Cs=6, cv=3, max_iter=2000, scoring="roc_auc", random_state=seed),
    )


def stack(data, seed, params):
    return StackingClassifier(
        [("cnn", cnn(data, seed, params)), ("kmer", kmer(data, seed, {}))],
        final_estimator=LogisticRegression(),
        cv=StratifiedKFold(3, shuffle=True, random_state=seed),
    )


def ensemble(data, seed, params):
    from skseq import SequenceCNNClassifier, SequenceEnsembleClassifier, SequenceOneHotTransformer

    members = {k[len("member__") :]: v for k, v in params.items() if k.startswith("member__")}
    own = {k: v for k, v in params.items() if not k.startswith("member__")}
    return make_pipeline(
        SequenceOneHotTransformer(alphabet=data.alphabet),
        SequenceEnsembleClassifier(SequenceCNNClassifier(**members), random_state=seed, **own),
    )


#: configuration name -> builder(data, seed, params) of an estimator on strings
CONFIGS = {"default": cnn, "kmer": kmer, "stack": stack, "ensemble": ensemble}


def parse_params(items):
    params = {}
    for item in items or ():
        key, _, value = item.partition("=")
        try:
            params[key] = json.loads(value)
        except json.JSONDecodeError:
            params[key] = value
    return params


def subsample(y, size, seed):
    if size is None or size >= len(y):
        return np.arange(len(y))
    index, _ = train_test_split(np.arange(len(y)), train_size=size, stratify=y, random_state=seed)
    return np.sort(index)


def score(metric, y, proba):
    if metric == "mcc":
        return matthews_corrcoef(y, (proba >= 0.5).astype(int))
    return roc_auc_score(y, proba)


def fit_and_score(build, data, seed, params, max_train):
    """(metric on the test split or over the folds, per-fold values, training seconds)."""
    if data.test_sequences is not None:
        splits = [(subsample(data.target, max_train, 0), None)]
    else:
        folds = StratifiedKFold(data.folds, shuffle=True, random_state=0)
        splits = [
            (train[subsample(data.target[train], max_train, 0)], test)
            for train, test in folds.split(data.sequences, data.target)
        ]
    values, seconds = [], 0.0
    for train, test in splits:
        model = build(data, seed, params)
        start = time.perf_counter()
        model.fit(data.sequences[train], data.target[train])
        seconds += time.perf_counter() - start
        if test is None:
            x_test, y_test = data.test_sequences, data.test_target
        else:
            x_test, y_test = data.sequences[test], data.target[test]
        values.append(score(data.metric, y_test, model.predict_proba(x_test)[:, 1]))
    return float(np.mean(values)), [float(v) for v in values], seconds


def key_of(name, set_name, max_train, seed):
    return f"{name}|{set_name}|{max_train or 'all'}|{seed}"


def load_results():
    return json.loads(RESULTS.read_text()) if RESULTS.exists() else {}


def save_result(key, entry):
    """Add one result to the file, merged with what other runs wrote meanwhile."""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with open(RESULTS.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # runs of several configurations may share the file
        results = load_results()
        results[key] = entry
        tmp = RESULTS.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
        tmp.replace(RESULTS)  # whole or not at all
    return results


def commit():
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        )
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


#: Column headers of the result names kept in ``results/panel.json`` (others show as named).
LABELS = {
    "default": "old default",
    "default-new": "new default",
    "rcavg-new": "new default, both strands",
    "ensemble3-new": "ensemble of 3",
    "stack-new": "stack",
    "kmer": "6-mer baseline",
}


def table(results, names, sets, max_train, seed):
    """Markdown table: a row per set, a column per configuration, then family means."""
    head = "| set | metric | " + " | ".join(LABELS.get(n, n) for n in names) + " | published |"
    lines = [head, "|" + "---|" * (len(names) + 3)]
    by_family = {}
    for set_name in sets:
        cells, metric, published = [], "", None
        for name in names:
            r = results.get(key_of(name, set_name, max_train, seed))
            cells.append("" if r is None else f"{r['value']:.3f}")
            if r is not None:
                metric, published = r["metric"], r.get("published")
                by_family.setdefault((set_name.split("/")[0], name), []).append(r["value"])
        pub = "" if published is None else f"{published:.3f}"
        lines.append(f"| {set_name} | {metric} | " + " | ".join(cells) + f" | {pub} |")
    for family in FAMILIES:
        cells = []
        for name in names:
            values = by_family.get((family, name), [])
            n = sum(s.split("/")[0] == family for s in sets)
            cells.append(f"{np.mean(values):.3f}" if values and len(values) == n else "")
        if any(cells):
            lines.append(f"| **{family} mean** | | " + " | ".join(cells) + " | |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="*", help="set names or families (default: all)")
    parser.add_argument("--configs", nargs="*", default=["default"], choices=list(CONFIGS))
    parser.add_argument("--params", nargs="*", help="key=value for the network estimator")
    parser.add_argument("--name", help="name of this configuration's results (with --params)")
    parser.add_argument("--columns", nargs="*", help="result names the table shows")
    parser.add_argument("--max-train", type=int, help="stratified subsample of training data")
    parser.add_argument("--seed", type=int, default=0, help="the estimators' random_state")
    parser.add_argument("--rerun", action="store_true", help="refit results already kept")
    parser.add_argument("--table", action="store_true", help="only print the table")
    parser.add_argument("--list", action="store_true", help="list sets and configurations")
    parser.add_argument("--no-write", action="store_true", help="do not update the docs")
    args = parser.parse_args()

    sets = set_names(args.sets)
    if args.list:
        print("sets:", *sets, sep="\n  ")
        print("configurations:", ", ".join(CONFIGS))
        return
    params = parse_params(args.params)
    if params and not args.name:
        parser.error("--params needs --name, so that its results are kept apart")
    names = [args.name] if args.name else list(args.configs)
    results = load_results()
    if not args.table:
        for set_name in sets:
            data = None
            for config, name in zip(args.configs, names):
                key = key_of(name, set_name, args.max_train, args.seed)
                if key in results and not args.rerun:
                    continue
                data = data or load_set(set_name)
                value, folds, seconds = fit_and_score(
                    CONFIGS[config], data, args.seed, params, args.max_train
                )
                entry = {
                    "value": value,
                    "folds": folds,
                    "seconds": round(seconds, 1),
                    "metric": data.metric,
                    "published": data.published,
                    "config": config,
                    "params": params,
                    "n_train": int(min(len(data.target), args.max_train or len(data.target))),
                    "commit": commit(),
                }
                results = save_result(key, entry)
                print(f"{name:12s} {set_name:32s} {data.metric} {value:.3f} {seconds:7.1f} s")
    columns = args.columns or names
    text = table(results, columns, sets, args.max_train, args.seed)
    print(text)
    if not args.no_write:
        size = f" --max-train {args.max_train}" if args.max_train else ""
        cap = (
            f"at most {args.max_train:,} training sequences per set (a stratified subsample, "
            "seed 0; the test split is whole)"
            if args.max_train
            else "all training sequences"
        )
        write_section(
            "panel",
            "### The panel table\n\n"
            f"`python benchmarks/panel.py{size} --table --columns {' '.join(columns)}` "
            f"(seed {args.seed}), {cap}; metric per set as its family's protocol gives it "
            "(`benchmarks/_panel_data.py`); an empty cell was not run.\n\n" + text,
        )


if __name__ == "__main__":
    main()
