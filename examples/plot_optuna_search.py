"""
Search CNN hyperparameters and architectures with Optuna, folds split by chromosome
===================================================================================

``skseq.tuning.SequenceSearchCV`` is a scikit-learn search estimator over an Optuna study:
its trials are scored by cross-validation (``GroupKFold`` by chromosome when ``groups`` are
given), poor trials are pruned on the first fold's per-epoch validation loss, and a trial
samples only the size parameters its architecture honours. ``fit`` refits the best
parameters on all the data; ``cv_results_`` holds every trial in scikit-learn's format and
``study_`` the study for plots. With ``--storage`` the study lives in a database or journal
file: stop the script (Ctrl-C, or kill it) and start it again, and it continues up to
``--n-trials`` finished trials in total; start it on several machines with the same storage
and they share the work (see docs/tuning.md).

    python examples/plot_optuna_search.py                                   # in memory, ~5 minutes
    python examples/plot_optuna_search.py --storage sqlite:///pum2.db       # resumable
    python examples/plot_optuna_search.py --storage pum2-journal.log        # a journal file
    python examples/plot_optuna_search.py --storage postgresql+psycopg://user@host/db   # shared
"""

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline

from skseq import SequenceCNNClassifier, SequenceOneHotTransformer
from skseq.datasets import load_rbp
from skseq.tuning import SequenceSearchCV, cnn_search_space

N_TRAIN, N_TRIALS = 400, 3
# sphinx_gallery_start_ignore
import os

if os.environ.get("SKSEQ_DOCS") != "1":  # run by hand: the larger search
    N_TRAIN, N_TRIALS = 1000, 8
# sphinx_gallery_end_ignore
parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--n-train", type=int, default=N_TRAIN, help="random subset")
parser.add_argument("--n-trials", type=int, default=N_TRIALS, help="finished trials")
parser.add_argument("--storage", default=None, help="database URL or journal file path")
parser.add_argument(
    "--study-name", default=None, help="default: a name derived from the search's fingerprint"
)
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

search = SequenceSearchCV(
    pipe,
    space,
    cv=3,
    scoring="roc_auc",
    n_trials=args.n_trials,
    pruning=True,
    storage=args.storage,
    study_name=args.study_name,
    random_state=0,
    show_progress_bar=True,
)
search.fit(X, y, groups=chrom)
print(f"study {search.study_.study_name!r}: {search.n_trials_} finished trials")
columns = ["trial_number", "state", "mean_test_score", "rank_test_score", "mean_fit_time"]
print(pd.DataFrame({c: search.cv_results_[c] for c in columns}).to_string(index=False))
print("best parameters:", search.best_params_)

# The search is an estimator: predict_proba goes to best_estimator_, refitted on all of X.
auc = roc_auc_score(test.target, search.predict_proba(test.sequences)[:, 1])
print(f"best CV ROC-AUC {search.best_score_:.3f}; held-out test ROC-AUC {auc:.3f}")

out = Path(args.out)
out.mkdir(exist_ok=True)
for kind in ["optimization_history", "intermediate_values", "param_importances"]:
    try:
        ax = search.plot(kind)
    except (ValueError, RuntimeError) as exc:  # e.g. importances need 2+ complete trials
        print(f"no {kind} plot: {exc}")
        continue
    ax.figure.savefig(out / f"{kind}.png", bbox_inches="tight", dpi=120)
    print("wrote", out / f"{kind}.png")
