"""One planted motif in 1000-nt sequences: does a configuration learn it from 2,000 examples?

Simulates seqgra's ``mc2-dna1000-homer-100k-s1`` grammar (two classes, one 12-20-nt HOMER
motif planted per class in 1000 nt of random DNA; ``../shared/data/seqgra``), 2,000 training
and 2,000 test examples (seed 0), fits each configuration and prints its test ROC-AUC beside
the Bayes-optimal classifier's, which knows the grammar. Issue 29 asks a default to come within
0.05 of it.

    python benchmarks/long_motif.py
    python benchmarks/long_motif.py --architectures pysster dilated_residual --seeds 0 1
"""

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402

from skseq import SequenceCNNClassifier, SequenceOneHotTransformer  # noqa: E402
from skseq.datasets import load_grammar, make_grammar_sequences  # noqa: E402
from skseq.models import BayesOptimalClassifier  # noqa: E402

_HERE = Path(__file__).resolve().parent
GRAMMAR = next(
    (
        d / "shared" / "data" / "seqgra" / "mc2-dna1000-homer-100k-s1.xml"
        for d in (_HERE.parent, _HERE.parent.parent)
        if (d / "shared").is_dir()
    ),
    None,
)


def simulate(n, seed):
    grammar = load_grammar(GRAMMAR)
    data = make_grammar_sequences(grammar, n, sets=("training",), random_state=seed)
    return grammar, data.sequences, data.target


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--architectures",
        nargs="*",
        default=["auto", "pysster", "global_max", "deepbind", "dilated_residual", "conv_attention"],
        help='presets, or "auto" (the default: it picks by length)',
    )
    parser.add_argument("--n-train", type=int, default=2000)
    parser.add_argument("--seeds", type=int, nargs="*", default=[0])
    args = parser.parse_args()
    if GRAMMAR is None:
        raise SystemExit("needs ../shared/data/seqgra (the grammar)")

    grammar, train_x, train_y = simulate(args.n_train, 0)
    _, test_x, test_y = simulate(2000, 1)
    bayes = BayesOptimalClassifier(grammar).fit(train_x, train_y)
    reference = roc_auc_score(test_y, bayes.predict_proba(test_x)[:, 1])
    print(f"Bayes-optimal test ROC-AUC {reference:.3f} ({args.n_train} training examples)")
    enc = SequenceOneHotTransformer()
    X, X_test = enc.fit_transform(train_x), enc.transform(test_x)
    for architecture in args.architectures:
        for seed in args.seeds:
            start = time.perf_counter()
            clf = SequenceCNNClassifier(architecture=architecture, random_state=seed)
            clf.fit(X, train_y)
            auc = roc_auc_score(test_y, clf.predict_proba(X_test)[:, 1])
            name = f"auto ({clf.architecture_})" if architecture == "auto" else architecture
            print(
                f"{name:18s} seed {seed}: ROC-AUC {auc:.3f} ({auc - reference:+.3f} "
                f"vs Bayes) {clf.n_epochs_} epochs {time.perf_counter() - start:.0f} s",
                flush=True,
            )


if __name__ == "__main__":
    np.set_printoptions(precision=3)
    main()
