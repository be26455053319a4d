"""scikit-learn's own searches and learning curves with the sequence CNN, unchanged.

The estimators are plain scikit-learn estimators, so ``GridSearchCV``, ``RandomizedSearchCV``,
``HalvingRandomSearchCV`` (successive halving over the number of training sequences) and
``learning_curve`` (performance against training-set size, as seqgra studies it) work as
they do for any model, with folds split by chromosome and ``n_jobs`` for parallel fits.
skseq's own Optuna search, ``SequenceSearchCV``, is such a search estimator too: the last
step nests it in ``cross_val_score`` for an estimate of the whole tuning procedure.

    python examples/sklearn_searches.py   # about 14 minutes on 2 busy CPU cores
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from scipy.stats import loguniform, randint  # noqa: E402
from sklearn.experimental import enable_halving_search_cv  # noqa: E402, F401
from sklearn.model_selection import (  # noqa: E402
    GridSearchCV,
    GroupKFold,
    HalvingRandomSearchCV,
    RandomizedSearchCV,
    cross_val_score,
    learning_curve,
)
from sklearn.pipeline import make_pipeline  # noqa: E402

from skseq import SequenceCNNClassifier, SequenceOneHotTransformer  # noqa: E402
from skseq.datasets import load_rbp  # noqa: E402
from skseq.tuning import SequenceSearchCV, cnn_search_space  # noqa: E402

train = load_rbp("PUM2", split="train")
# A random subset keeps the example quick; use all 7776 sequences for real work.
keep = np.random.default_rng(0).choice(len(train.target), 1200, replace=False)
X, y, chrom = train.sequences[keep], train.target[keep], train.groups[keep]

pipe = make_pipeline(
    SequenceOneHotTransformer(alphabet="RNA"),
    SequenceCNNClassifier(n_filters=16, epochs=6, patience=2, random_state=0),
)
cv = GroupKFold(3)  # every chromosome in exactly one test fold

# 1. An exhaustive grid over two hyperparameters.
grid = GridSearchCV(
    pipe,
    {
        "sequencecnnclassifier__kernel_size": [8, 16],
        "sequencecnnclassifier__architecture": ["pysster", "global_max"],
    },
    cv=cv,
    scoring="roc_auc",
    n_jobs=2,
)
grid.fit(X, y, groups=chrom)
print("GridSearchCV      ", grid.best_params_, f"ROC-AUC {grid.best_score_:.3f}")

# 2. Random draws from distributions (log-uniform learning rate).
rand = RandomizedSearchCV(
    pipe,
    {
        "sequencecnnclassifier__learning_rate": loguniform(1e-4, 1e-2),
        "sequencecnnclassifier__n_filters": randint(8, 48),
    },
    n_iter=4,
    cv=cv,
    scoring="roc_auc",
    n_jobs=2,
    random_state=0,
)
rand.fit(X, y, groups=chrom)
print("RandomizedSearchCV", rand.best_params_, f"ROC-AUC {rand.best_score_:.3f}")

# 3. Successive halving: many candidates on few sequences, the best on more.
halving = HalvingRandomSearchCV(
    pipe,
    {
        "sequencecnnclassifier__kernel_size": randint(4, 24),
        "sequencecnnclassifier__dropout_conv": [0.1, 0.3, 0.5],
    },
    n_candidates=6,
    factor=2,
    resource="n_samples",
    min_resources=300,
    cv=cv,
    scoring="roc_auc",
    n_jobs=2,
    random_state=0,
)
halving.fit(X, y, groups=chrom)
print(
    "HalvingRandomSearchCV",
    halving.best_params_,
    f"ROC-AUC {halving.best_score_:.3f}",
    "| candidates per round:",
    halving.n_candidates_,
    "sequences:",
    halving.n_resources_,
)

# 4. Learning curve: ROC-AUC against the number of training sequences.
sizes, train_scores, test_scores = learning_curve(
    grid.best_estimator_,
    X,
    y,
    groups=chrom,
    cv=cv,
    scoring="roc_auc",
    train_sizes=[0.25, 0.5, 1.0],
    n_jobs=2,
)
for n, score in zip(sizes, test_scores.mean(axis=1)):
    print(f"learning curve: {n:5d} training sequences -> ROC-AUC {score:.3f}")
fig, ax = plt.subplots(figsize=(4.5, 3.5))
ax.plot(sizes, train_scores.mean(axis=1), "o-", label="training")
ax.plot(sizes, test_scores.mean(axis=1), "o-", label="test fold (by chromosome)")
ax.set(xlabel="training sequences", ylabel="ROC-AUC", title="PUM2 learning curve")
ax.legend()
fig.savefig("learning_curve.png", bbox_inches="tight", dpi=120)
print("wrote learning_curve.png")

# 5. Nested cross-validation: the Optuna search is itself an estimator, so cross_val_score
# runs the whole search (its own inner folds by chromosome) inside each outer fold and scores
# the model it picked on chromosomes it never saw. A trial samples only the parameters its
# architecture honours (deepbind ignores n_conv_layers).
search = SequenceSearchCV(
    pipe,
    cnn_search_space(
        "sequencecnnclassifier",
        architectures=["pysster", "deepbind"],
        include=["n_conv_layers", "learning_rate"],
    ),
    cv=GroupKFold(2),
    scoring="roc_auc",
    n_trials=3,
    random_state=0,
)
outer = cross_val_score(
    search, X, y, groups=chrom, cv=GroupKFold(2), scoring="roc_auc", params={"groups": chrom}
)
print(f"nested CV of SequenceSearchCV: ROC-AUC per outer fold {np.round(outer, 3)}")
