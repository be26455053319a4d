"""Search CNN hyperparameters and architectures with Optuna, folds split by chromosome.

``skseq.tuning.tune`` runs an Optuna study whose trials are scored by cross-validation
(``GroupKFold`` by chromosome when ``groups`` are given), prunes poor trials on the first
fold's per-epoch validation loss, refits the best parameters on all the data and keeps the
study for plots. With ``--storage`` the study lives in a database or journal file: stop the
script (Ctrl-C, or kill it) and start it again, and it continues up to ``--n-trials`` finished
trials in total; start it on several machines with the same storage and they share the work
(see docs/tuning.md).

    python examples/tune_optuna.py                                   # in memory, ~5 minutes
    python examples/tune_optuna.py --storage sqlite:///pum2.db       # resumable
    python examples/tune_optuna.py --storage pum2-journal.log        # a journal file
"""

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402

from skseq import SequenceCNNClassifier, SequenceOneHotTransformer  # noqa: E402
from skseq.datasets import load_rbp  # noqa: E402
from skseq.tuning import cnn_search_space, tune  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--n-train", type=int, default=1000, help="random training subset")
parser.add_argument("--n-trials", type=int, default=8, help="finished trials in total")
parser.add_argument("--storage", default=None, help="database URL or journal file path")
parser.add_argument("--study-name", default="pum2-cnn")
parser.add_argument("--out", default="tuning-report", help="folder for the plots")
args = parser.parse_args()

train, test = load_rbp("PUM2", split="train"), load_rbp("PUM2", split="test")
keep = np.random.default_rng(0).choice(len(train.target), args.n_train, replace=False)
X, y, chrom = train.sequences[keep], train.target[keep], train.groups[keep]

pipe = make_pipeline(
    SequenceOneHotTransformer(alphabet="RNA"),
    SequenceCNNClassifier(epochs=8, patience=3, lr_patience=2, random_state=0),
)

# The default ranges, narrowed to networks that train quickly on a CPU; the prefix is the
# pipeline step's name. Any entry can be an optuna distribution of your own.
space = cnn_search_space(
    "sequencecnnclassifier",
    architectures=["pysster", "global_max", "deepbind"],
    ranges={"n_filters": (8, 64), "n_conv_layers": (1, 3), "dense_units": (16, 128)},
)

result = tune(
    pipe,
    X,
    y,
    groups=chrom,
    cv=3,
    scoring="roc_auc",
    n_trials=args.n_trials,
    search_space=space,
    pruning=True,
    storage=args.storage,
    study_name=args.study_name if args.storage else None,
    random_state=0,
)
print(result)
print(result.trials_dataframe()[["number", "state", "value", "duration"]].to_string())

# best_estimator_ was refitted on all of X with the best parameters.
auc = roc_auc_score(test.target, result.best_estimator_.predict_proba(test.sequences)[:, 1])
print(f"best CV ROC-AUC {result.best_score_:.3f}; held-out test ROC-AUC {auc:.3f}")

out = Path(args.out)
out.mkdir(exist_ok=True)
for kind in ["optimization_history", "intermediate_values", "param_importances"]:
    try:
        ax = result.plot(kind)
    except (ValueError, RuntimeError) as exc:  # e.g. importances need 2+ complete trials
        print(f"no {kind} plot: {exc}")
        continue
    ax.figure.savefig(out / f"{kind}.png", bbox_inches="tight", dpi=120)
    print("wrote", out / f"{kind}.png")
