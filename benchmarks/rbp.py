"""pysster's CLIP-seq benchmark: six RBP sets, train on train, score ROC-AUC on test.

Sequence only (one-hot RNA + ``SequenceCNNClassifier`` with its default settings), printed
beside pysster's published test ROC-AUC (which used sequence *and* structure). Results are
written to the ``rbp`` section of ``docs/benchmarks.md``.

    python benchmarks/rbp.py                      # all six sets, default settings
    python benchmarks/rbp.py --datasets PUM2 QKI  # a subset
"""

import argparse
import os
import platform
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402

from skseq import SequenceCNNClassifier, SequenceOneHotTransformer  # noqa: E402
from skseq.datasets import RBP_NAMES, load_rbp  # noqa: E402

try:
    from _report import write_section
except ImportError:  # run from elsewhere
    from benchmarks._report import write_section


def run_one(name, random_state=0, **params):
    train, test = load_rbp(name, "train"), load_rbp(name, "test")
    enc = SequenceOneHotTransformer(alphabet="RNA")
    X_train = enc.fit_transform(train.sequences)
    X_test = enc.transform(test.sequences)
    clf = SequenceCNNClassifier(random_state=random_state, **params)
    t0 = time.perf_counter()
    clf.fit(X_train, train.target)
    seconds = time.perf_counter() - t0
    n_epochs = len(clf.history_["loss"])
    auc = roc_auc_score(test.target, clf.predict_proba(X_test)[:, 1])
    return {
        "name": name,
        "n_train": len(X_train),
        "epochs": n_epochs,
        "seconds": seconds,
        # sequences seen per second of training (training part only, validation excluded)
        "seq_per_s": n_epochs * len(X_train) * (1 - clf.validation_fraction) / seconds,
        "auc": auc,
        "pysster": train.reference_roc_auc,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", nargs="*", default=list(RBP_NAMES))
    parser.add_argument("--random-state", type=int, default=0)
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args()

    rows = []
    for name in args.datasets:
        r = run_one(name, random_state=args.random_state)
        rows.append(r)
        print(
            f"{r['name']:10s} test ROC-AUC {r['auc']:.3f}  pysster {r['pysster']:.3f}  "
            f"diff {r['auc'] - r['pysster']:+.3f}  {r['epochs']} epochs  {r['seconds']:.0f} s  "
            f"{r['seq_per_s']:.0f} seq/s",
            flush=True,
        )

    machine = (
        f"{platform.machine()}, {os.cpu_count()} CPU cores, Keras {keras.__version__} "
        f"backend {keras.backend.backend()}"
    )
    lines = [
        "## pysster's RBP benchmark, sequence only",
        "",
        f"`python benchmarks/rbp.py` (random_state={args.random_state}; {machine}). "
        "Default `SequenceCNNClassifier` settings on one-hot RNA, trained on the train files "
        "(20 % held out for early stopping), ROC-AUC on the test files. pysster's published "
        "numbers used sequence *and* RNAfold structure.",
        "",
        "| RBP | train sequences | skseq test ROC-AUC | pysster (published) | difference | epochs | train time (s) | train seq/s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['name']} | {r['n_train']} | {r['auc']:.3f} | {r['pysster']:.3f} | "
            f"{r['auc'] - r['pysster']:+.3f} | {r['epochs']} | {r['seconds']:.0f} | "
            f"{r['seq_per_s']:.0f} |"
        )
    mean_diff = np.mean([r["auc"] - r["pysster"] for r in rows])
    lines += ["", f"Mean difference: {mean_diff:+.3f}."]
    if not args.no_write:
        write_section("rbp", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
